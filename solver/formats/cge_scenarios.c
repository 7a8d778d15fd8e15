/* cge_scenarios.c - scenario files (DESIGN.md section 6) read against a CGE model:
 * urio_scenarios_parse_cge.
 *
 *   scenarios:
 *     - name: no tariffs
 *       shocks:
 *         - {type: tax, tax: import, target: all, set: 0}
 *
 * Shock types a CGE model takes (docs/cge-model.md section 7):
 *   tax            tax: production (targets: activities), import (commodities),
 *                  direct (households), commodity (a sales tax on the composite good)
 *                  and export (commodities; an activity that alone makes its
 *                  commodity names that commodity), factor (activities; with
 *                  `factor:` the factors taxed, default all); the level is the rate
 *                  (0.05 = 5 %)
 *   productivity   targets: activities; the level is an index of the value-added
 *                  scale, 1 at the benchmark (change_pct: 10 raises it by 10 %);
 *                  with `factor:` (a factor, or a mobility class such as labour)
 *                  the index is that factor's efficiency in the target activities
 *   factor_supply  targets: factors; the level is the endowment in SAM units
 *   mobility       factor: a mobility class (labour for hukou, land for land
 *                  conversion); targets: its segments other than the base (labels,
 *                  areas or patterns; default all of them); the level is the wedge
 *   financing      the same for a credit-cost wedge; factor defaults to capital
 *   investment     financed_by: government, households, banks or foreign; targets:
 *                  commodities; the level is the extra investment (quantities at
 *                  base prices); change_pct is percent of the benchmark investment
 *                  demand for the commodity
 *   transfer       targets: households; the level is the transfer from the
 *                  government in units of the numeraire; change_pct is percent of the
 *                  household's benchmark income
 * with exactly one of set (new level), change (add) or change_pct (percent of the
 * level).  A target is a label, a list of labels, `all`, or a pattern in which `*`
 * stands for any run of characters within one `/`-separated segment (fnmatch with
 * FNM_PATHNAME).  The other shock type of DESIGN.md (final_demand), and a production
 * or import tax in a model without that tax account, are recognised and refused
 * with URIO_EUNSUPPORTED at their line, so that a policy the model cannot represent
 * is never dropped silently. */
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/family.h>
#include <urio/formats.h>

#include "internal.h"

/* urio__first_repeat over the scenarios' names (internal.h). */
size_t urio__cge_first_repeat(const urio_cge_scenario *sc, size_t n, size_t *first)
{
    const char **names = malloc((n > 0 ? n : 1) * sizeof *names);
    if (names == NULL) return SIZE_MAX;
    for (size_t k = 0; k < n; k++)
        names[k] = sc[k].name;
    const size_t i = urio__first_repeat(n, names, first);
    free(names);
    return i;
}

static const char *const top_keys[] = {"scenarios", "sweep", "monte_carlo"};
static const char *const scenario_keys[] = {"name", "shocks"};
static const char *const tax_shock_keys[] = {"type",   "tax",        "target", "set",
                                             "change", "change_pct", "factor"};
static const char *const plain_shock_keys[] = {"type", "target", "set", "change", "change_pct"};
static const char *const factor_shock_keys[] = {"type", "factor", "target",
                                                "set",  "change", "change_pct"};
static const char *const investment_keys[] = {"type", "target", "financed_by",
                                              "set",  "change", "change_pct"};
static const char *const financers[] = {"government", "households", "banks", "foreign"};
static const urio_financing financer_kind[] = {URIO_FINANCED_GOVERNMENT, URIO_FINANCED_HOUSEHOLDS,
                                               URIO_FINANCED_BANKS, URIO_FINANCED_FOREIGN};
static const char *const shock_types[] = {"final_demand",  "tax",      "investment",
                                          "financing",     "mobility", "productivity",
                                          "factor_supply", "transfer"};
static const char *const taxes[] = {"production", "commodity", "import",
                                    "export",     "direct",    "factor"};
static const char *const change_keys[] = {"set", "change", "change_pct"};
static const urio_change_kind change_kinds[] = {URIO_CHANGE_SET, URIO_CHANGE_ABS, URIO_CHANGE_PCT};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct cparser {
    const char *file;
    urio_diag *d;
    yaml_document_t doc;
    const urio_cge_model *m;
    bool *sel;
    const char *bytax; /* "commodity" or "export" while resolving such a tax's targets */
} cparser;

/* "a, b, c" of a label list, cut to fit. */
static void label_list(const urio_labels *l, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->count && o < size; i++) {
        int k = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", l->name[i]);
        if (k < 0) break;
        o += (size_t)k;
    }
    if (o >= size && size > 4) memcpy(buf + size - 4, "...", 4);
}

/* ---- Targets ------------------------------------------------------------------------ */

static urio_status select_one(cparser *P, const yaml_node_t *n, const urio_labels *L,
                              const char *what)
{
    const char *t = urio__yaml_text(n);
    if (n->type != YAML_SCALAR_NODE || urio__yaml_is_null(n) || t == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "a target is a label, a list of labels, a pattern or all",
                               "a target must be a label, got %s", urio__yaml_kind(n));
    if (strcmp(t, "all") == 0) {
        for (size_t i = 0; i < L->count; i++)
            P->sel[i] = true;
        return URIO_OK;
    }
    char ex[80], list[300], hint[400];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    label_list(L, list, sizeof list);
    if (strchr(t, '*') != NULL) {
        bool any = false;
        for (size_t i = 0; i < L->count; i++)
            if (fnmatch(t, L->name[i], FNM_PATHNAME) == 0) {
                P->sel[i] = true;
                any = true;
            }
        if (any) return URIO_OK;
        snprintf(hint, sizeof hint, "the %s are: %s", what, list);
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file, n, hint,
                               "target pattern \"%s\" matches none of the %s", ex, what);
    }
    size_t idx = 0;
    if (urio_labels_find(L, t, &idx)) {
        P->sel[idx] = true;
        return URIO_OK;
    }
    const char *near = urio__nearest(t, (const char *const *)L->name, L->count);
    snprintf(hint, sizeof hint, "%s%s%sthe %s are: %s", near != NULL ? "did you mean \"" : "",
             near != NULL ? near : "", near != NULL ? "\"? " : "", what, list);
    return urio__yaml_fail(P->d, URIO_EMODEL, P->file, n, hint,
                           "target \"%s\" is not one of the model's %s", ex, what);
}

/* A target of a commodity or export tax in the split form may name an activity
 * that alone makes its commodity (rural/agriculture for agriculture): select that
 * commodity.  An activity whose commodity several activities make cannot be taxed
 * apart on a national market: an error with a hint.  Returns true when n named an
 * activity (and *s says how it went). */
static bool select_by_activity(cparser *P, const yaml_node_t *n, const char *tax, urio_status *s)
{
    const urio_cge_model *m = P->m;
    const char *t = urio__yaml_text(n);
    size_t a = 0;
    if (!m->split || n->type != YAML_SCALAR_NODE || t == NULL ||
        !urio_labels_find(m->activities, t, &a))
        return false;
    const size_t j = m->act_good[a];
    if (m->good_act[j] == a) {
        P->sel[j] = true;
        *s = URIO_OK;
        return true;
    }
    char hint[600];
    snprintf(hint, sizeof hint,
             "commodity %s is one national market made by several activities, so a %s tax "
             "cannot single out %s; tax the commodity (target: %s), or the activity's output "
             "(tax: production) or its factors (tax: factor)",
             m->goods->name[j], tax, t, m->goods->name[j]);
    *s = urio__yaml_fail(P->d, URIO_EMODEL, P->file, n, hint,
                         "a %s tax targets commodities, and %s is an activity", tax, t);
    return true;
}

static urio_status resolve_target(cparser *P, const yaml_node_t *shock, size_t k,
                                  const urio_labels *L, const char *what, urio_cge_shock *sh)
{
    yaml_node_t *tn = urio__yaml_get(&P->doc, shock, "target", NULL);
    if (tn == NULL || urio__yaml_is_null(tn))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, shock,
                               "add `target:` with a label, a list, or all",
                               "shock %zu has no `target`", k + 1);
    memset(P->sel, 0, L->count * sizeof *P->sel);
    urio_status s = URIO_OK;
    if (tn->type == YAML_SEQUENCE_NODE) {
        if (urio__yaml_seq_len(tn) == 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, tn,
                                   "list at least one label, or write all",
                                   "the target list is empty");
        for (size_t i = 0; i < urio__yaml_seq_len(tn) && s == URIO_OK; i++) {
            const yaml_node_t *it = urio__yaml_seq_item(&P->doc, tn, i);
            if (P->bytax == NULL || !select_by_activity(P, it, P->bytax, &s))
                s = select_one(P, it, L, what);
        }
    } else if (P->bytax == NULL || !select_by_activity(P, tn, P->bytax, &s)) {
        s = select_one(P, tn, L, what);
    }
    if (s != URIO_OK) return s;
    size_t count = 0;
    for (size_t i = 0; i < L->count; i++)
        count += P->sel[i];
    sh->targets = malloc(count * sizeof *sh->targets);
    if (sh->targets == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t i = 0, j = 0; i < L->count; i++)
        if (P->sel[i]) sh->targets[j++] = i;
    sh->ntargets = count;
    return URIO_OK;
}

/* Whether target text t names segment f of class cl: its label, a pattern matching
 * it, `all`, or its area (the label without "/class"). */
static bool names_segment(const urio_cge_model *m, const urio_cge_class *cl, size_t f,
                          const char *t)
{
    const char *lab = m->factors->name[f];
    if (strcmp(t, "all") == 0 || strcmp(t, lab) == 0) return true;
    if (strchr(t, '*') != NULL && fnmatch(t, lab, FNM_PATHNAME) == 0) return true;
    const size_t tl = strlen(t);
    return strncmp(lab, t, tl) == 0 && lab[tl] == '/' && strcmp(lab + tl + 1, cl->name) == 0;
}

/* Targets of a wedge shock: the segments of class c other than its base that the
 * targets name (default: all of them). */
static urio_status resolve_segments(cparser *P, const yaml_node_t *shock, size_t k, size_t c,
                                    urio_cge_shock *sh)
{
    const urio_cge_model *m = P->m;
    const urio_cge_class *cl = &m->classes[c];
    memset(P->sel, 0, m->k * sizeof *P->sel);
    yaml_node_t *tn = urio__yaml_get(&P->doc, shock, "target", NULL);
    if (tn == NULL || urio__yaml_is_null(tn)) {
        for (size_t q = 0; q < cl->nseg; q++)
            if (cl->segs[q] != cl->base) P->sel[cl->segs[q]] = true;
    } else {
        const size_t nt = tn->type == YAML_SEQUENCE_NODE ? urio__yaml_seq_len(tn) : 1;
        if (tn->type == YAML_SEQUENCE_NODE && nt == 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, tn,
                                   "list at least one label, or write all",
                                   "the target list is empty");
        for (size_t i = 0; i < nt; i++) {
            const yaml_node_t *item =
                tn->type == YAML_SEQUENCE_NODE ? urio__yaml_seq_item(&P->doc, tn, i) : tn;
            const char *t = urio__yaml_text(item);
            if (item->type != YAML_SCALAR_NODE || t == NULL)
                return urio__yaml_fail(P->d, URIO_EPARSE, P->file, item, NULL,
                                       "a target must be a label, got %s", urio__yaml_kind(item));
            bool any = false;
            for (size_t q = 0; q < cl->nseg; q++) {
                const size_t f = cl->segs[q];
                if (f == cl->base || !names_segment(m, cl, f, t)) continue;
                P->sel[f] = true;
                any = true;
            }
            if (!any) {
                char hint[400], list[300];
                size_t o = 0;
                list[0] = '\0';
                for (size_t q = 0; q < cl->nseg && o < sizeof list; q++)
                    if (cl->segs[q] != cl->base) {
                        int w = snprintf(list + o, sizeof list - o, "%s%s", o > 0 ? ", " : "",
                                         m->factors->name[cl->segs[q]]);
                        if (w > 0) o += (size_t)w;
                    }
                snprintf(hint, sizeof hint,
                         "the wedges of class %s are those of %s (the base %s has none)", cl->name,
                         list, m->factors->name[cl->base]);
                char ex[80];
                urio__excerpt(t, strlen(t), ex, sizeof ex);
                return urio__yaml_fail(
                    P->d, URIO_EMODEL, P->file, item, hint,
                    "target \"%s\" names no segment of mobility class %s that has a wedge", ex,
                    cl->name);
            }
        }
    }
    size_t count = 0;
    for (size_t f = 0; f < m->k; f++)
        count += P->sel[f];
    sh->targets = malloc((count > 0 ? count : 1) * sizeof *sh->targets);
    if (sh->targets == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t f = 0, j = 0; f < m->k; f++)
        if (P->sel[f]) sh->targets[j++] = f;
    sh->ntargets = count;
    (void)k;
    return URIO_OK;
}

/* The mobility class named by `factor:` (or dflt without the key); error when the
 * model has none of that name. */
static urio_status find_class(cparser *P, const yaml_node_t *shock, const char *type,
                              const char *dflt, size_t *c)
{
    const urio_cge_model *m = P->m;
    yaml_node_t *fk = NULL;
    yaml_node_t *fv = urio__yaml_get(&P->doc, shock, "factor", &fk);
    const char *name = dflt;
    const yaml_node_t *where = shock;
    if (m->nclass == 0)
        return urio__yaml_fail(
            P->d, URIO_EUNSUPPORTED, P->file, fv != NULL ? fv : shock,
            "give the model factors segmented by area and a `mobility:` section (e.g. "
            "urban/labour and rural/labour with `mobility: {labour: {base: rural, ratio: "
            "1.78}}`)",
            "a %s shock needs a mobility class, and this model has none", type);
    if (fv != NULL && !urio__yaml_is_null(fv)) {
        name = urio__yaml_text(fv);
        where = fv;
        if (fv->type != YAML_SCALAR_NODE || name == NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, fv, NULL,
                                   "`factor` must be a mobility class, got %s",
                                   urio__yaml_kind(fv));
    }
    if (name == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, shock,
                               "add `factor: labour` (or land): the mobility class",
                               "a %s shock needs `factor`", type);
    for (size_t q = 0; q < m->nclass; q++)
        if (strcmp(m->classes[q].name, name) == 0) {
            *c = q;
            return URIO_OK;
        }
    char list[300], hint[400];
    size_t o = 0;
    list[0] = '\0';
    for (size_t q = 0; q < m->nclass && o < sizeof list; q++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", q > 0 ? ", " : "", m->classes[q].name);
        if (w > 0) o += (size_t)w;
    }
    snprintf(hint, sizeof hint, "the model's mobility classes: %s", list);
    char ex[80];
    urio__excerpt(name, strlen(name), ex, sizeof ex);
    return urio__yaml_fail(P->d, URIO_EMODEL, P->file, where, hint,
                           "\"%s\" is not a mobility class of the model", ex);
}

/* The factors a productivity shock's (or a factor tax's) `factor:` names: a factor
 * label, a pattern, or a mobility class (all its segments). */
static urio_status resolve_factors(cparser *P, const yaml_node_t *fv, urio_cge_shock *sh)
{
    const urio_cge_model *m = P->m;
    const char *t = urio__yaml_text(fv);
    if (fv->type != YAML_SCALAR_NODE || t == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, fv, NULL,
                               "`factor` must be a factor or a mobility class, got %s",
                               urio__yaml_kind(fv));
    memset(P->sel, 0, m->k * sizeof *P->sel);
    size_t count = 0;
    for (size_t f = 0; f < m->k; f++) {
        const char *lab = m->factors->name[f];
        bool hit =
            strcmp(t, lab) == 0 || (strchr(t, '*') != NULL && fnmatch(t, lab, FNM_PATHNAME) == 0);
        if (m->fclass[f] != SIZE_MAX && strcmp(m->classes[m->fclass[f]].name, t) == 0) hit = true;
        P->sel[f] = hit;
        count += hit;
    }
    if (count == 0) {
        char list[300], hint[400];
        label_list(m->factors, list, sizeof list);
        snprintf(hint, sizeof hint, "name a factor or a mobility class; the factors are: %s", list);
        char ex[80];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file, fv, hint,
                               "`factor`: \"%s\" names no factor of the model", ex);
    }
    sh->factors = malloc(count * sizeof *sh->factors);
    if (sh->factors == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t f = 0, j = 0; f < m->k; f++)
        if (P->sel[f]) sh->factors[j++] = f;
    sh->nfactors = count;
    return URIO_OK;
}

/* ---- Shocks ------------------------------------------------------------------------- */

static urio_status read_change(cparser *P, const yaml_node_t *shock, size_t k, urio_cge_shock *sh)
{
    int which = -1;
    for (int c = 0; c < 3; c++) {
        yaml_node_t *key = NULL;
        if (urio__yaml_get(&P->doc, shock, change_keys[c], &key) == NULL) continue;
        if (which >= 0)
            return urio__yaml_fail(
                P->d, URIO_EPARSE, P->file, key,
                "give exactly one of set (new level), change (absolute) or change_pct "
                "(percent)",
                "shock %zu has both `%s` and `%s`", k + 1, change_keys[which], change_keys[c]);
        which = c;
    }
    if (which < 0)
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, shock,
            "add `set: <new level>`, `change: <amount>` or `change_pct: <percent>`",
            "shock %zu has no `set`, `change` or `change_pct`", k + 1);
    yaml_node_t *v = urio__yaml_get(&P->doc, shock, change_keys[which], NULL);
    const char *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || urio__yaml_is_null(v) || t == NULL)
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, v, "write a number such as 0, 0.05 or -10",
            "`%s` must be a number, got %s", change_keys[which], urio__yaml_kind(v));
    const char *why = NULL, *hint = NULL;
    double x = 0.0;
    if (!urio__parse_number(t, strlen(t), &x, &why, &hint)) {
        char ex[80];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, hint, "`%s` %s: \"%s\"",
                               change_keys[which], why, ex);
    }
    sh->change = change_kinds[which];
    sh->value = x;
    return URIO_OK;
}

static size_t find_word(const char *t, const char *const *words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(t, words[i]) == 0) return i;
    return n;
}

static urio_status unknown_word(cparser *P, const yaml_node_t *n, const char *t, const char *what,
                                const char *const *words, size_t nw)
{
    char ex[80], list[300], hint[400];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < nw; i++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", i > 0 ? ", " : "", words[i]);
        if (w > 0) o += (size_t)w;
    }
    const char *near = urio__nearest(t, words, nw);
    snprintf(hint, sizeof hint, "%s%s%s%ss: %s", near != NULL ? "did you mean `" : "",
             near != NULL ? near : "", near != NULL ? "`? " : "", what, list);
    return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n, hint, "unknown %s \"%s\"", what, ex);
}

static urio_status read_shock(cparser *P, const yaml_node_t *n, size_t k, urio_cge_shock *sh)
{
    const urio_cge_model *m = P->m;
    if (n->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "write `- {type: tax, tax: import, target: all, set: 0}`",
                               "shock %zu must be a mapping, got %s", k + 1, urio__yaml_kind(n));
    yaml_node_t *tv = urio__yaml_get(&P->doc, n, "type", NULL);
    if (tv == NULL || urio__yaml_is_null(tv))
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, n,
            "add `type: tax` (or productivity, factor_supply, mobility, financing, "
            "investment, transfer)",
            "shock %zu has no `type`", k + 1);
    const char *type = urio__yaml_text(tv);
    if (tv->type != YAML_SCALAR_NODE || type == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, tv, NULL,
                               "`type` must be a shock type, got %s", urio__yaml_kind(tv));
    size_t t = find_word(type, shock_types, NKEYS(shock_types));
    if (t == NKEYS(shock_types))
        return unknown_word(P, tv, type, "shock type", shock_types, NKEYS(shock_types));
    const char *tname = shock_types[t];
    if (strcmp(tname, "tax") == 0) {
        urio_status s = urio__yaml_check_keys(&P->doc, n, tax_shock_keys, NKEYS(tax_shock_keys),
                                              P->file, "a tax shock", P->d);
        if (s != URIO_OK) return s;
        yaml_node_t *xv = urio__yaml_get(&P->doc, n, "tax", NULL);
        if (xv == NULL || urio__yaml_is_null(xv))
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                                   "add `tax: production`, `tax: import` or `tax: direct`",
                                   "tax shock %zu has no `tax`", k + 1);
        const char *tax = urio__yaml_text(xv);
        if (xv->type != YAML_SCALAR_NODE || tax == NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, xv, NULL,
                                   "`tax` must be a tax name, got %s", urio__yaml_kind(xv));
        size_t x = find_word(tax, taxes, NKEYS(taxes));
        if (x == NKEYS(taxes)) return unknown_word(P, xv, tax, "tax", taxes, NKEYS(taxes));
        yaml_node_t *fv = urio__yaml_get(&P->doc, n, "factor", NULL);
        if (fv != NULL && strcmp(tax, "factor") != 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, fv,
                                   "only a factor tax (`tax: factor`) takes `factor:`",
                                   "a %s tax has no `factor`", tax);
        if (strcmp(tax, "production") == 0) {
            if (m->acc_tax_production == SIZE_MAX)
                return urio__yaml_fail(
                    P->d, URIO_EUNSUPPORTED, P->file, xv,
                    "add a production-tax account to the SAM (it may be all zeros) and "
                    "name it under `accounts: taxes: {production: ...}`",
                    "the model has no production-tax account");
            sh->kind = URIO_CGE_SHOCK_TAX_PRODUCTION;
        } else if (strcmp(tax, "import") == 0) {
            if (m->acc_tax_import == SIZE_MAX)
                return urio__yaml_fail(
                    P->d, URIO_EUNSUPPORTED, P->file, xv,
                    "add an import-tax account to the SAM (it may be all zeros) and name "
                    "it under `accounts: taxes: {import: ...}`",
                    "the model has no import-tax account");
            sh->kind = URIO_CGE_SHOCK_TAX_IMPORT;
        } else if (strcmp(tax, "direct") == 0) {
            sh->kind = URIO_CGE_SHOCK_TAX_DIRECT;
        } else if (strcmp(tax, "commodity") == 0) {
            sh->kind = URIO_CGE_SHOCK_TAX_COMMODITY;
        } else if (strcmp(tax, "export") == 0) {
            sh->kind = URIO_CGE_SHOCK_TAX_EXPORT;
        } else {
            sh->kind = URIO_CGE_SHOCK_TAX_FACTOR;
            if (fv != NULL && !urio__yaml_is_null(fv)) {
                s = resolve_factors(P, fv, sh);
                if (s != URIO_OK) return s;
            }
        }
    } else if (strcmp(tname, "productivity") == 0) {
        urio_status s =
            urio__yaml_check_keys(&P->doc, n, factor_shock_keys, NKEYS(factor_shock_keys), P->file,
                                  "a productivity shock", P->d);
        if (s != URIO_OK) return s;
        sh->kind = URIO_CGE_SHOCK_PRODUCTIVITY;
        yaml_node_t *fv = urio__yaml_get(&P->doc, n, "factor", NULL);
        if (fv != NULL && !urio__yaml_is_null(fv)) {
            s = resolve_factors(P, fv, sh);
            if (s != URIO_OK) return s;
        }
    } else if (strcmp(tname, "factor_supply") == 0 || strcmp(tname, "transfer") == 0) {
        char where[64];
        snprintf(where, sizeof where, "a %s shock", tname);
        urio_status s = urio__yaml_check_keys(&P->doc, n, plain_shock_keys, NKEYS(plain_shock_keys),
                                              P->file, where, P->d);
        if (s != URIO_OK) return s;
        sh->kind = strcmp(tname, "factor_supply") == 0 ? URIO_CGE_SHOCK_FACTOR_SUPPLY
                                                       : URIO_CGE_SHOCK_TRANSFER;
    } else if (strcmp(tname, "mobility") == 0 || strcmp(tname, "financing") == 0) {
        char where[64];
        snprintf(where, sizeof where, "a %s shock", tname);
        urio_status s = urio__yaml_check_keys(&P->doc, n, factor_shock_keys,
                                              NKEYS(factor_shock_keys), P->file, where, P->d);
        if (s != URIO_OK) return s;
        const bool mob = strcmp(tname, "mobility") == 0;
        sh->kind = mob ? URIO_CGE_SHOCK_MOBILITY : URIO_CGE_SHOCK_FINANCING;
        size_t c = 0;
        s = find_class(P, n, tname, mob ? NULL : "capital", &c);
        if (s == URIO_OK) s = read_change(P, n, k, sh);
        if (s == URIO_OK) s = resolve_segments(P, n, k, c, sh);
        return s;
    } else if (strcmp(tname, "investment") == 0) {
        urio_status s = urio__yaml_check_keys(&P->doc, n, investment_keys, NKEYS(investment_keys),
                                              P->file, "an investment shock", P->d);
        if (s != URIO_OK) return s;
        sh->kind = URIO_CGE_SHOCK_INVESTMENT;
        yaml_node_t *fv = urio__yaml_get(&P->doc, n, "financed_by", NULL);
        if (fv == NULL || urio__yaml_is_null(fv))
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                                   "add `financed_by:` government, households, banks or foreign",
                                   "investment shock %zu has no `financed_by`", k + 1);
        const char *fb = urio__yaml_text(fv);
        if (fv->type != YAML_SCALAR_NODE || fb == NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, fv, NULL,
                                   "`financed_by` must be a name, got %s", urio__yaml_kind(fv));
        const size_t w = find_word(fb, financers, NKEYS(financers));
        if (w == NKEYS(financers))
            return unknown_word(P, fv, fb, "financer", financers, NKEYS(financers));
        sh->financed_by = financer_kind[w];
        if (sh->financed_by == URIO_FINANCED_FOREIGN && !m->trade)
            return urio__yaml_fail(
                P->d, URIO_EMODEL, P->file, fv,
                "finance it at home: government, households or banks",
                "foreign financing needs trade, and the model has no exports or imports");
    } else if (strcmp(tname, "final_demand") == 0) {
        return urio__yaml_fail(
            P->d, URIO_EUNSUPPORTED, P->file, tv,
            "final demand is endogenous in a CGE model; use `type: investment` (with "
            "financed_by) or `type: transfer` to inject spending",
            "shock type '%s' is for IO models", tname);
    } else {
        return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, tv, NULL,
                               "shock type '%s' is not supported by this CGE model", tname);
    }
    urio_status s = read_change(P, n, k, sh);
    if (s != URIO_OK) return s;
    switch (sh->kind) {
    case URIO_CGE_SHOCK_TAX_DIRECT:
    case URIO_CGE_SHOCK_TRANSFER:
        return resolve_target(P, n, k, m->households, "households", sh);
    case URIO_CGE_SHOCK_FACTOR_SUPPLY:
        return resolve_target(P, n, k, m->factors, "factors", sh);
    case URIO_CGE_SHOCK_TAX_IMPORT:
    case URIO_CGE_SHOCK_INVESTMENT:
        return resolve_target(P, n, k, m->goods, m->split ? "commodities" : "goods", sh);
    case URIO_CGE_SHOCK_TAX_COMMODITY:
    case URIO_CGE_SHOCK_TAX_EXPORT: {
        P->bytax = sh->kind == URIO_CGE_SHOCK_TAX_COMMODITY ? "commodity" : "export";
        s = resolve_target(P, n, k, m->goods, m->split ? "commodities" : "goods", sh);
        P->bytax = NULL;
        if (s != URIO_OK || sh->kind != URIO_CGE_SHOCK_TAX_EXPORT) return s;
        /* An export tax on goods none of which is exported would change nothing. */
        for (size_t q = 0; q < sh->ntargets; q++)
            if (m->E0[sh->targets[q]] > 0.0) return URIO_OK;
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file,
                               urio__yaml_get(&P->doc, n, "target", NULL),
                               "an export tax needs exports; target goods the SAM exports",
                               "export tax shock %zu: none of its targets is exported", k + 1);
    }
    case URIO_CGE_SHOCK_TAX_FACTOR: {
        s = resolve_target(P, n, k, m->activities, m->split ? "activities" : "goods", sh);
        if (s != URIO_OK) return s;
        /* A factor tax needs some targeted activity to use a taxed factor. */
        for (size_t a = 0; a < sh->ntargets; a++)
            for (size_t q = 0; q < (sh->nfactors > 0 ? sh->nfactors : m->k); q++) {
                const size_t f = sh->nfactors > 0 ? sh->factors[q] : q;
                if (m->beta[f + m->k * sh->targets[a]] > 0.0) return URIO_OK;
            }
        return urio__yaml_fail(
            P->d, URIO_EMODEL, P->file, urio__yaml_get(&P->doc, n, "target", NULL),
            "a factor tax needs a base: target activities that use the factor",
            "factor tax shock %zu: no target activity uses the taxed factor", k + 1);
    }
    default:
        return resolve_target(P, n, k, m->activities, m->split ? "activities" : "goods", sh);
    }
}

/* ---- Scenarios ---------------------------------------------------------------------- */

static urio_status read_scenario(cparser *P, const yaml_node_t *n, size_t i, urio_cge_scenario *sc)
{
    if (n->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "write `- name: ...` then `shocks:` under it",
                               "scenario %zu must be a mapping, got %s", i + 1, urio__yaml_kind(n));
    urio_status s = urio__yaml_check_keys(&P->doc, n, scenario_keys, NKEYS(scenario_keys), P->file,
                                          "a scenario", P->d);
    if (s != URIO_OK) return s;
    yaml_node_t *nv = urio__yaml_get(&P->doc, n, "name", NULL);
    const char *name = urio__yaml_text(nv);
    if (nv == NULL || urio__yaml_is_null(nv))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n, "add `name: <what this scenario is>`",
                               "scenario %zu has no `name`", i + 1);
    if (nv->type != YAML_SCALAR_NODE || name == NULL || name[0] == '\0')
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, nv, "give every scenario a name",
                               "scenario %zu has no name", i + 1);
    for (const char *c = name; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, nv, "write the name on one line",
                                   "scenario name contains a control character");
    sc->name = strdup(name);
    if (sc->name == NULL) return urio__yaml_nomem(P->d, P->file);
    yaml_node_t *v = urio__yaml_get(&P->doc, n, "shocks", NULL);
    if (v == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `shocks:` with a list (`shocks: []` for the benchmark)",
                               "scenario \"%s\" has no `shocks`", sc->name);
    if (urio__yaml_is_null(v)) return URIO_OK;
    if (v->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v,
                               "write `shocks:` then one `- {type: ..., ...}` per shock",
                               "`shocks` must be a list, got %s", urio__yaml_kind(v));
    const size_t ns = urio__yaml_seq_len(v);
    if (ns == 0) return URIO_OK;
    sc->shocks = calloc(ns, sizeof *sc->shocks);
    if (sc->shocks == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t k = 0; k < ns; k++) {
        sc->nshocks = k + 1;
        s = read_shock(P, urio__yaml_seq_item(&P->doc, v, k), k, &sc->shocks[k]);
        if (s != URIO_OK) return s;
    }
    return URIO_OK;
}

/* fam == NULL: urio_scenarios_parse_cge, which refuses `sweep` and `monte_carlo`;
 * otherwise urio_scenarios_parse_cge_family (scenario_family.c reads those two). */
static urio_status parse(cparser *P, urio_cge_scenario **out, size_t *nscen, urio_cge_family *fam)
{
    yaml_node_t *root = yaml_document_get_root_node(&P->doc);
    if (root->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, root, "start the file with `scenarios:`",
                               "the scenario file must be a mapping, got %s",
                               urio__yaml_kind(root));
    urio_status s = urio__yaml_check_keys(&P->doc, root, top_keys, NKEYS(top_keys), P->file,
                                          "the scenario file", P->d);
    if (s != URIO_OK) return s;
    bool has_family = false;
    for (size_t k = 1; k < NKEYS(top_keys); k++) {
        yaml_node_t *key = NULL;
        if (urio__yaml_get(&P->doc, root, top_keys[k], &key) == NULL) continue;
        has_family = true;
        if (fam == NULL)
            return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, key,
                                   "list the scenarios one by one under `scenarios:`",
                                   "`%s` needs urio_scenarios_parse_cge_family", top_keys[k]);
    }
    yaml_node_t *key = NULL;
    yaml_node_t *list = urio__yaml_get(&P->doc, root, "scenarios", &key);
    if (has_family && list == NULL) {
        *out = NULL;
        *nscen = 0;
        return URIO_OK;
    }
    if (list == NULL || urio__yaml_is_null(list))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, key != NULL ? key : root,
                               "add `scenarios:` with one `- name: ...` per scenario",
                               "the file has no scenarios");
    if (list->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list,
                               "write `scenarios:` then one `- name: ...` per scenario",
                               "`scenarios` must be a list, got %s", urio__yaml_kind(list));
    const size_t n = urio__yaml_seq_len(list);
    if (n == 0)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list, "add at least one scenario",
                               "the list of scenarios is empty");
    size_t most = P->m->n > P->m->k ? P->m->n : P->m->k;
    if (P->m->H > most) most = P->m->H;
    if (P->m->A > most) most = P->m->A;
    urio_cge_scenario *sc = calloc(n, sizeof *sc);
    P->sel = calloc(most, sizeof *P->sel);
    if (sc == NULL || P->sel == NULL) {
        free(sc);
        return urio__yaml_nomem(P->d, P->file);
    }
    for (size_t i = 0; i < n && s == URIO_OK; i++)
        s = read_scenario(P, urio__yaml_seq_item(&P->doc, list, i), i, &sc[i]);
    /* Names are unique. */
    if (s == URIO_OK) {
        size_t j = 0;
        const size_t i = urio__cge_first_repeat(sc, n, &j);
        if (i == SIZE_MAX)
            s = urio__yaml_nomem(P->d, P->file);
        else if (i < n)
            s = urio__yaml_fail(P->d, URIO_EPARSE, P->file, urio__yaml_seq_item(&P->doc, list, i),
                                "give every scenario its own name",
                                "two scenarios are named \"%s\" (lines %zu and %zu)", sc[i].name,
                                urio__yaml_line(urio__yaml_seq_item(&P->doc, list, j)),
                                urio__yaml_line(urio__yaml_seq_item(&P->doc, list, i)));
    }
    if (s != URIO_OK) {
        urio_cge_scenarios_free(sc, n);
        return s;
    }
    *out = sc;
    *nscen = n;
    return URIO_OK;
}

urio_status urio_scenarios_parse_cge(const char *buf, size_t len, const char *name,
                                     const urio_cge_model *m, urio_cge_scenario **out,
                                     size_t *nscen, urio_diag *d)
{
    if (out != NULL) *out = NULL;
    if (nscen != NULL) *nscen = 0;
    if (out == NULL || nscen == NULL || m == NULL || (buf == NULL && len > 0))
        return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "invalid arguments");
    cparser P;
    memset(&P, 0, sizeof P);
    P.file = name;
    P.d = d;
    P.m = m;
    urio_status s = urio__yaml_load(buf, len, name, &P.doc, d);
    if (s != URIO_OK) return s;
    urio__c_numeric cn = {0};
    s = urio__c_numeric_begin(&cn);
    if (s == URIO_OK)
        s = parse(&P, out, nscen, NULL);
    else
        s = urio__yaml_nomem(P.d, P.file);
    urio__c_numeric_end(&cn);
    free(P.sel);
    yaml_document_delete(&P.doc);
    return s;
}

/* ---- Scenario families (scenario_family.c) ----------------------------------------- */

urio_status urio__cge_shock_parse(yaml_document_t *doc, const yaml_node_t *n, size_t k,
                                  const char *file, const urio_cge_model *m, urio_cge_shock *sh,
                                  urio_diag *d)
{
    cparser P;
    memset(&P, 0, sizeof P);
    P.file = file;
    P.d = d;
    P.m = m;
    P.doc = *doc; /* a shallow copy: read only */
    size_t most = m->n > m->k ? m->n : m->k;
    if (m->H > most) most = m->H;
    if (m->A > most) most = m->A;
    P.sel = calloc(most, sizeof *P.sel);
    if (P.sel == NULL) return urio__yaml_nomem(P.d, P.file);
    urio_status s = read_shock(&P, n, k, sh);
    free(P.sel);
    return s;
}

urio_status urio_scenarios_parse_cge_family(const char *buf, size_t len, const char *name,
                                            const urio_cge_model *m, urio_cge_family *out,
                                            urio_diag *d)
{
    if (out != NULL) memset(out, 0, sizeof *out);
    if (out == NULL || m == NULL || (buf == NULL && len > 0))
        return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "invalid arguments");
    cparser P;
    memset(&P, 0, sizeof P);
    P.file = name;
    P.d = d;
    P.m = m;
    urio_status s = urio__yaml_load(buf, len, name, &P.doc, d);
    if (s != URIO_OK) return s;
    urio__c_numeric cn = {0};
    s = urio__c_numeric_begin(&cn);
    if (s == URIO_OK) {
        s = parse(&P, &out->scenarios, &out->nscen, out);
        if (s == URIO_OK) s = urio__cge_family_parse(&P.doc, name, m, out, d);
        if (s != URIO_OK) urio_cge_family_clear(out);
    } else {
        s = urio__yaml_nomem(P.d, P.file);
    }
    urio__c_numeric_end(&cn);
    free(P.sel);
    yaml_document_delete(&P.doc);
    return s;
}
