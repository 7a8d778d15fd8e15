/* scenario_yaml.c - scenario files (DESIGN.md section 6) read against an IO model:
 * urio_scenarios_parse_io, urio_scenarios_free, urio_scenarios_model_hint.
 *
 * A target is a label, a list of labels or patterns, `all`, or a pattern in which
 * `*` stands for one whole segment of a `region/area/sector` label.  Text that is
 * not a whole label is read as a pattern too, so `rural/agriculture` selects
 * every region's rural agriculture and `tourism` every tourism sector.  A pattern with
 * as many segments as a label is compared segment by segment; a shorter pattern
 * matches any run of consecutive segments, so `rural/\*` finds every rural sector,
 * `*\/tourism` every tourism sector in every region, and `*` alone every sector.
 * Targets resolve to sector indices in model order, each sector once.
 *
 * An IO model takes final_demand, investment (with financed_by), tax (production,
 * factor and import taxes: a cost row of the price model, which must exist) and
 * productivity (change_pct only) shocks; docs/io-model.md says what each does.
 * The other shock types and taxes of DESIGN.md are recognised and refused with
 * URIO_EUNSUPPORTED at their line and column, as is a tax on a row the model lacks,
 * so that a policy a model cannot represent is never dropped silently. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>
#include <urio/io_analyses.h>

#include "internal.h"

static const char *const top_keys[] = {"scenarios", "sweep", "monte_carlo"};
static const char *const scenario_keys[] = {"name", "shocks"};
static const char *const shock_keys[] = {"type", "target", "category",
                                         "set",  "change", "change_pct"};
static const char *const investment_keys[] = {"type",      "target", "category", "financed_by",
                                              "household", "set",    "change",   "change_pct"};
static const char *const tax_keys[] = {"type", "tax",    "target",    "row",
                                       "set",  "change", "change_pct"};
static const char *const productivity_keys[] = {"type", "target", "set", "change", "change_pct"};
static const char *const tax_kinds[] = {"production", "commodity", "import",
                                        "export",     "direct",    "factor"};
static const char *const financings[] = {"government", "households", "banks", "foreign"};
static const urio_financing financing_codes[] = {URIO_FINANCED_GOVERNMENT, URIO_FINANCED_HOUSEHOLDS,
                                                 URIO_FINANCED_BANKS, URIO_FINANCED_FOREIGN};
static const char *const shock_types[] = {"final_demand",  "tax",      "investment",
                                          "financing",     "mobility", "productivity",
                                          "factor_supply", "transfer"};
static const char *const change_keys[] = {"set", "change", "change_pct"};
static const urio_change_kind change_kinds[] = {URIO_CHANGE_SET, URIO_CHANGE_ABS, URIO_CHANGE_PCT};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* The most (shock + sector) entries a file may resolve to: aliases can repeat a long
 * list many times, and the result must stay a bounded allocation (1 GiB of indices). */
#define ENTRY_BUDGET ((size_t)1 << 27)

typedef struct sparser {
    const char *file;
    urio_diag *d;
    yaml_document_t doc;
    const urio_io_model *m;
    bool *sel;          /* one flag per sector: the current target */
    size_t used;        /* entries resolved so far, against ENTRY_BUDGET */
    urio_diags *all;    /* urio_scenarios_parse_io_all: every problem goes here */
    urio_status failed; /* the first problem's status when collecting, else URIO_OK */
    bool listed;        /* the status returned is that of problems already in all */
} sparser;

/* A problem in one shock or one scenario, described in P->d, does not stop the
 * others: when collecting, record it and go on (true); otherwise, or when memory
 * ran out (nothing after it can be trusted), the caller stops (false). */
static bool read_on(sparser *P, urio_status s)
{
    if (P->all == NULL || s == URIO_ENOMEM) return false;
    urio_diags_add(P->all, P->d);
    if (P->failed == URIO_OK) P->failed = s;
    return true;
}

/* ---- Targets ---------------------------------------------------------------------- */

/* Segment k of a label: [*b, *e) after the call; returns the number of segments. */
static size_t split(const char *s, const char **seg, size_t *len, size_t max)
{
    size_t k = 0;
    const char *p = s;
    for (;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash != NULL ? (size_t)(slash - p) : strlen(p);
        if (k < max) {
            seg[k] = p;
            len[k] = n;
        }
        k++;
        if (slash == NULL) return k;
        p = slash + 1;
    }
}

#define MAXSEG 16

static bool window_match(const char **ps, const size_t *pl, size_t np, const char **ls,
                         const size_t *ll, size_t nl)
{
    for (size_t start = 0; start + np <= nl; start++) {
        size_t j = 0;
        for (; j < np; j++) {
            bool star = pl[j] == 1 && ps[j][0] == '*';
            if (!star && (pl[j] != ll[start + j] || memcmp(ps[j], ls[start + j], pl[j]) != 0))
                break;
        }
        if (j == np) return true;
    }
    return false;
}

/* The hint for a pattern that matches nothing: the nearest segment to the first of
 * its segments that no label has. */
static void pattern_hint(sparser *P, const char **ps, const size_t *pl, size_t np, char *hint,
                         size_t size)
{
    const urio_labels *L = P->m->sectors;
    for (size_t j = 0; j < np; j++) {
        if (pl[j] == 1 && ps[j][0] == '*') continue;
        bool found = false;
        for (size_t i = 0; i < L->count && !found; i++) {
            const char *ls[MAXSEG];
            size_t ll[MAXSEG];
            size_t nl = split(L->name[i], ls, ll, MAXSEG);
            for (size_t k = 0; k < nl && k < MAXSEG && !found; k++)
                found = ll[k] == pl[j] && memcmp(ls[k], ps[j], pl[j]) == 0;
        }
        if (found) continue;
        char word[80];
        snprintf(word, sizeof word, "%.*s", (int)(pl[j] < 64 ? pl[j] : 64), ps[j]);
        /* Candidates: every segment of every label (only on this error path). */
        size_t cap = L->count * 3, n = 0;
        char **cand = calloc(cap > 0 ? cap : 1, sizeof *cand);
        const char *near = NULL;
        char nearbuf[80] = "";
        if (cand != NULL) {
            for (size_t i = 0; i < L->count; i++) {
                const char *ls[MAXSEG];
                size_t ll[MAXSEG];
                size_t nl = split(L->name[i], ls, ll, MAXSEG);
                for (size_t k = 0; k < nl && k < MAXSEG; k++) {
                    if (n == cap) {
                        char **g = realloc(cand, 2 * cap * sizeof *g);
                        if (g == NULL) break;
                        cand = g;
                        cap *= 2;
                    }
                    cand[n] = strndup(ls[k], ll[k]);
                    if (cand[n] != NULL) n++;
                }
            }
            near = urio__nearest(word, (const char *const *)cand, n);
            if (near != NULL) snprintf(nearbuf, sizeof nearbuf, "%s", near);
            for (size_t k = 0; k < n; k++)
                free(cand[k]);
            free(cand);
        }
        if (nearbuf[0] != '\0')
            snprintf(hint, size, "no label has a segment \"%s\"; did you mean \"%s\"?", word,
                     nearbuf);
        else
            snprintf(hint, size, "no label has a segment \"%s\"; labels look like \"%s\"", word,
                     L->name[0]);
        return;
    }
    snprintf(hint, size,
             "`*` stands for one whole segment; labels look like \"%s\" (region/area/sector)",
             L->name[0]);
}

/* Mark the sectors one target text selects; error at node when it selects none. */
static urio_status select_one(sparser *P, const yaml_node_t *node, const char *text)
{
    const urio_labels *L = P->m->sectors;
    char ex[80], hint[384];
    urio__excerpt(text, strlen(text), ex, sizeof ex);
    /* `all` and patterns visit every sector: charge that to the budget, so that a long
     * list of patterns cannot cost (file size) x (sectors). */
    if (strcmp(text, "all") == 0 || strchr(text, '*') != NULL) {
        if (L->count > ENTRY_BUDGET - P->used)
            return urio__yaml_fail(
                P->d, URIO_EPARSE, P->file, node, "split the file into several runs",
                "the scenarios are too large: more than %zu sectors named in all",
                (size_t)ENTRY_BUDGET);
        P->used += L->count;
    }
    if (strcmp(text, "all") == 0) {
        for (size_t i = 0; i < L->count; i++)
            P->sel[i] = true;
        return URIO_OK;
    }
    if (strchr(text, '*') == NULL) {
        size_t at = 0;
        if (urio_labels_find(L, text, &at)) {
            P->sel[at] = true;
            return URIO_OK;
        }
        /* Not a whole label: whole segments of labels, as a pattern without `*`
         * (rural/agriculture is every region's rural agriculture). */
        if (L->count <= ENTRY_BUDGET - P->used && text[0] != '\0' && strstr(text, "//") == NULL &&
            text[0] != '/' && text[strlen(text) - 1] != '/') {
            const char *ps[MAXSEG];
            size_t pl[MAXSEG];
            const size_t np = split(text, ps, pl, MAXSEG);
            bool any = false;
            for (size_t i = 0; np <= MAXSEG && i < L->count; i++) {
                const char *ls[MAXSEG];
                size_t ll[MAXSEG];
                const size_t nl = split(L->name[i], ls, ll, MAXSEG);
                if (nl <= MAXSEG && nl > np && window_match(ps, pl, np, ls, ll, nl)) {
                    P->sel[i] = true;
                    any = true;
                }
            }
            P->used += L->count;
            if (any) return URIO_OK;
        }
        const char *near = urio__nearest(text, (const char *const *)L->name, L->count);
        if (near != NULL)
            snprintf(hint, sizeof hint,
                     "did you mean \"%s\"? A target is a label, a list, a "
                     "pattern such as rural/*, or all",
                     near);
        else
            snprintf(hint, sizeof hint,
                     "a target is a sector label (such as \"%s\"), a list, a "
                     "pattern such as rural/*, or all",
                     L->name[0]);
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file, node, hint,
                               "target \"%s\" is not a sector of the model", ex);
    }
    const char *ps[MAXSEG];
    size_t pl[MAXSEG];
    size_t np = split(text, ps, pl, MAXSEG);
    if (np > MAXSEG)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, node, NULL,
                               "pattern \"%s\" has more than %d segments", ex, MAXSEG);
    for (size_t j = 0; j < np; j++) {
        bool star = pl[j] == 1 && ps[j][0] == '*';
        if (pl[j] == 0 || (!star && memchr(ps[j], '*', pl[j]) != NULL))
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, node,
                                   "`*` stands for one whole segment between slashes: rural/*, "
                                   "*/tourism",
                                   "invalid pattern \"%s\"", ex);
    }
    bool any = false;
    for (size_t i = 0; i < L->count; i++) {
        const char *ls[MAXSEG];
        size_t ll[MAXSEG];
        size_t nl = split(L->name[i], ls, ll, MAXSEG);
        if (nl > MAXSEG) continue;
        if (window_match(ps, pl, np, ls, ll, nl)) {
            P->sel[i] = true;
            any = true;
        }
    }
    if (any) return URIO_OK;
    pattern_hint(P, ps, pl, np, hint, sizeof hint);
    return urio__yaml_fail(P->d, URIO_EMODEL, P->file, node, hint,
                           "target pattern \"%s\" matches no sector", ex);
}

static urio_status target_text(sparser *P, const yaml_node_t *n, const char **text)
{
    *text = urio__yaml_text(n);
    if (n->type != YAML_SCALAR_NODE || urio__yaml_is_null(n))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "a target is a label, a list of labels, a pattern such as "
                               "rural/*, or all",
                               "a target must be a label, got %s", urio__yaml_kind(n));
    if (*text == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n, NULL,
                               "the target contains a NUL character");
    return URIO_OK;
}

static urio_status resolve_target(sparser *P, const yaml_node_t *node, urio_io_shock *sh)
{
    const size_t n = P->m->sectors->count;
    urio_status s = URIO_OK;
    memset(P->sel, 0, n * sizeof *P->sel);
    if (node->type == YAML_SEQUENCE_NODE) {
        if (urio__yaml_seq_len(node) == 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, node,
                                   "list at least one label, or write all",
                                   "the target list is empty");
        for (size_t i = 0; i < urio__yaml_seq_len(node) && s == URIO_OK; i++) {
            const yaml_node_t *item = urio__yaml_seq_item(&P->doc, node, i);
            const char *t = NULL;
            s = target_text(P, item, &t);
            if (s == URIO_OK) s = select_one(P, item, t);
        }
    } else {
        const char *t = NULL;
        s = target_text(P, node, &t);
        if (s == URIO_OK) s = select_one(P, node, t);
    }
    if (s != URIO_OK) return s;
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += P->sel[i];
    if (count > ENTRY_BUDGET - P->used)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, node, "split the file into several runs",
                               "the scenarios are too large: more than %zu sectors named in all",
                               (size_t)ENTRY_BUDGET);
    P->used += count;
    sh->sectors = malloc(count * sizeof *sh->sectors);
    if (sh->sectors == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t i = 0, k = 0; i < n; i++)
        if (P->sel[i]) sh->sectors[k++] = i;
    sh->nsectors = count;
    return URIO_OK;
}

/* ---- Shocks ----------------------------------------------------------------------- */

static bool yaml_special_number(const char *t)
{
    if (t[0] == '+' || t[0] == '-') t++;
    const char *words[] = {".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"};
    for (size_t i = 0; i < NKEYS(words); i++)
        if (strcmp(t, words[i]) == 0) return true;
    return false;
}

static urio_status read_change(sparser *P, const yaml_node_t *shock, size_t k, urio_io_shock *sh)
{
    int which = -1;
    for (int c = 0; c < 3; c++) {
        yaml_node_t *key = NULL;
        if (urio__yaml_get(&P->doc, shock, change_keys[c], &key) == NULL) continue;
        if (which >= 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, key,
                                   "give exactly one of set (new level), change (absolute) or "
                                   "change_pct (percent)",
                                   "shock %zu has both `%s` and `%s`", k + 1, change_keys[which],
                                   change_keys[c]);
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
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "write a number such as 100 or -2.5",
                               "`%s` must be a number, got %s", change_keys[which],
                               urio__yaml_kind(v));
    const char *why = NULL, *hint = NULL;
    double x = 0.0;
    if (yaml_special_number(t)) {
        why = "is not a finite number";
        hint = "write a finite number such as 100 or -2.5";
    } else if (urio__parse_number(t, strlen(t), &x, &why, &hint)) {
        sh->kind = change_kinds[which];
        sh->value = x;
        return URIO_OK;
    }
    char ex[80];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, hint, "`%s` %s: \"%s\"",
                           change_keys[which], why, ex);
}

/* `category`: a column of Y.  Left out, it is the only column, or for investment
 * shocks the column named `investment`. */
static urio_status read_category(sparser *P, const yaml_node_t *shock, size_t k, urio_io_shock *sh)
{
    const urio_labels *cat = P->m->categories;
    char list[300];
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < cat->count && o < sizeof list; i++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", i > 0 ? ", " : "", cat->name[i]);
        if (w < 0) break;
        o += (size_t)w;
    }
    if (o >= sizeof list) memcpy(list + sizeof list - 4, "...", 4);
    yaml_node_t *v = urio__yaml_get(&P->doc, shock, "category", NULL);
    char hint[384];
    if (v == NULL || urio__yaml_is_null(v)) {
        if (cat->count == 1) {
            sh->category = 0;
            return URIO_OK;
        }
        if (sh->type == URIO_SHOCK_INVESTMENT && urio_labels_find(cat, "investment", &sh->category))
            return URIO_OK;
        snprintf(hint, sizeof hint, "add `category:` with a column of Y: %s", list);
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, shock, hint, "%s shock %zu has no `category`",
            sh->type == URIO_SHOCK_INVESTMENT ? "investment" : "final_demand", k + 1);
    }
    const char *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || t == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL,
                               "`category` must be a column label of Y, got %s",
                               urio__yaml_kind(v));
    if (urio_labels_find(cat, t, &sh->category)) return URIO_OK;
    char ex[80];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    const char *near = urio__nearest(t, (const char *const *)cat->name, cat->count);
    snprintf(hint, sizeof hint, "%s%s%sthe final-demand categories (columns of Y) are: %s",
             near != NULL ? "did you mean \"" : "", near != NULL ? near : "",
             near != NULL ? "\"? " : "", list);
    return urio__yaml_fail(P->d, URIO_EMODEL, P->file, v, hint,
                           "category \"%s\" is not a column of Y", ex);
}

/* A comma-separated list of labels for a hint, cut with "..." (always terminated). */
static void label_list(const urio_labels *l, char *out, size_t size)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; l != NULL && i < l->count && o < size; i++) {
        int w = snprintf(out + o, size - o, "%s%s", i > 0 ? ", " : "", l->name[i]);
        if (w < 0) break;
        o += (size_t)w;
    }
    if (o >= size && size >= 4) memcpy(out + size - 4, "...", 4);
}

/* A text scalar value of key, or NULL (with *node NULL) when absent or null. */
static urio_status scalar_of(sparser *P, const yaml_node_t *shock, const char *key,
                             yaml_node_t **node, const char **text)
{
    *text = NULL;
    *node = urio__yaml_get(&P->doc, shock, key, NULL);
    if (*node == NULL || urio__yaml_is_null(*node)) {
        *node = NULL;
        return URIO_OK;
    }
    *text = urio__yaml_text(*node);
    if ((*node)->type != YAML_SCALAR_NODE || *text == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, *node, NULL,
                               "`%s` must be a word, got %s", key, urio__yaml_kind(*node));
    return URIO_OK;
}

/* `financed_by` (required) and `household` of an investment shock. */
static urio_status read_financing(sparser *P, const yaml_node_t *n, size_t k, urio_io_shock *sh)
{
    yaml_node_t *v = NULL, *hv = NULL;
    const char *t = NULL, *ht = NULL;
    urio_status s = scalar_of(P, n, "financed_by", &v, &t);
    if (s == URIO_OK) s = scalar_of(P, n, "household", &hv, &ht);
    if (s != URIO_OK) return s;
    if (v == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `financed_by:` government, households, banks or foreign",
                               "investment shock %zu has no `financed_by`", k + 1);
    size_t f = NKEYS(financings);
    for (size_t i = 0; i < NKEYS(financings); i++)
        if (strcmp(t, financings[i]) == 0) f = i;
    if (f == NKEYS(financings)) {
        char ex[80], hint[384];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        const char *near = urio__nearest(t, financings, NKEYS(financings));
        snprintf(hint, sizeof hint, "%s%s%sfinanced_by is government, households, banks or foreign",
                 near != NULL ? "did you mean `" : "", near != NULL ? near : "",
                 near != NULL ? "`? " : "");
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, hint, "unknown financing \"%s\"", ex);
    }
    sh->financed_by = financing_codes[f];
    sh->household = SIZE_MAX;
    if (sh->financed_by != URIO_FINANCED_HOUSEHOLDS) {
        if (hv != NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, hv,
                                   "remove `household:`, or write "
                                   "`financed_by: households`",
                                   "`household` goes with `financed_by: households` only");
        return URIO_OK;
    }
    const urio_io_model *m = P->m;
    if (m->nhouseholds == 0)
        return urio__yaml_fail(
            P->d, URIO_EUNSUPPORTED, P->file, v,
            "declare the households in the model file (`households:`, type II), or finance the "
            "investment otherwise",
            "financed_by: households cuts household consumption, but the model has no "
            "endogenous households");
    if (hv != NULL) {
        size_t h = 0;
        while (h < m->nhouseholds && strcmp(m->households[h].name, ht) != 0)
            h++;
        if (h == m->nhouseholds) {
            char ex[80], hint[384], list[300];
            size_t o = 0;
            list[0] = '\0';
            for (size_t g = 0; g < m->nhouseholds && o < sizeof list; g++) {
                int w = snprintf(list + o, sizeof list - o, "%s%s", g > 0 ? ", " : "",
                                 m->households[g].name);
                if (w < 0) break;
                o += (size_t)w;
            }
            urio__excerpt(ht, strlen(ht), ex, sizeof ex);
            snprintf(hint, sizeof hint, "the model's households are: %.300s", list);
            return urio__yaml_fail(P->d, URIO_EMODEL, P->file, hv, hint,
                                   "household \"%s\" is not in the model", ex);
        }
        sh->household = h;
    }
    /* The cut is spread over the base bundle: it must not be empty. */
    double total = 0.0;
    for (size_t h = 0; h < m->nhouseholds; h++) {
        if (sh->household != SIZE_MAX && h != sh->household) continue;
        for (size_t i = 0; i < m->sectors->count; i++)
            total += URIO_MAT(m->Y, i, m->households[h].consumption);
    }
    if (!(total > 0.0))
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file, v,
                               "the cut is spread over the households' base consumption",
                               "the financing households consume nothing in the base table");
    return URIO_OK;
}

/* `tax` and `row`: the cost row of the price model the tax changes. */
static urio_status read_tax(sparser *P, const yaml_node_t *n, size_t k, urio_io_shock *sh)
{
    yaml_node_t *v = NULL, *rv = NULL;
    const char *t = NULL, *rt = NULL;
    urio_status s = scalar_of(P, n, "tax", &v, &t);
    if (s == URIO_OK) s = scalar_of(P, n, "row", &rv, &rt);
    if (s != URIO_OK) return s;
    if (v == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `tax: production` (or factor, import)",
                               "tax shock %zu has no `tax`", k + 1);
    size_t kind = NKEYS(tax_kinds);
    for (size_t i = 0; i < NKEYS(tax_kinds); i++)
        if (strcmp(t, tax_kinds[i]) == 0) kind = i;
    char ex[80], hint[384], vlist[300];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    if (kind == NKEYS(tax_kinds)) {
        const char *near = urio__nearest(t, tax_kinds, NKEYS(tax_kinds));
        snprintf(hint, sizeof hint,
                 "%s%s%staxes: production, commodity, import, export, direct, factor",
                 near != NULL ? "did you mean `" : "", near != NULL ? near : "",
                 near != NULL ? "`? " : "");
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, hint, "unknown tax \"%s\"", ex);
    }
    const bool production = kind == 0, import = kind == 2, factor = kind == 5;
    if (!production && !import && !factor)
        return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, v,
                               "use a CGE model for this tax; an IO model takes production, factor "
                               "and import taxes through the price model",
                               "a %s tax needs a CGE model", ex);
    const urio_io_model *m = P->m;
    label_list(m->vrows, vlist, sizeof vlist);
    /* The row: given, or the default of the kind. */
    if (rv == NULL && factor)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               m->vrows != NULL ? vlist : "the model has no V table",
                               "a factor tax needs `row:` naming the factor's row of V (for "
                               "example wages_rural)");
    const char *want = rv != NULL ? rt : production ? URIO_PRODUCTION_TAXES : URIO_IMPORTED_INPUTS;
    const yaml_node_t *at = rv != NULL ? rv : v;
    size_t idx = 0;
    if (m->vrows != NULL && urio_labels_find(m->vrows, want, &idx)) {
        sh->cost_source = URIO_COST_V;
        sh->cost_row = idx;
        return URIO_OK;
    }
    if (strcmp(want, URIO_IMPORTED_INPUTS) == 0 && m->srows != NULL &&
        urio_labels_find(m->srows, want, &idx)) {
        sh->cost_source = URIO_COST_SATELLITE;
        sh->cost_row = idx;
        return URIO_OK;
    }
    char wx[80];
    urio__excerpt(want, strlen(want), wx, sizeof wx);
    if (m->vrows == NULL)
        snprintf(hint, sizeof hint,
                 "the model has no V table (primary inputs): add one with a `%s` row%s", wx,
                 import ? ", or a satellite row imported_inputs" : "");
    else
        snprintf(hint, sizeof hint, "name the row with `row:`; the rows of V are: %s%s", vlist,
                 import ? " (or a satellite row imported_inputs)" : "");
    return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, at, hint,
                           "the model has no %s row `%s` for a%s %s tax",
                           import ? "V or satellite" : "V", wx, import ? "n" : "", ex);
}

static urio_status read_shock(sparser *P, const yaml_node_t *n, size_t k, urio_io_shock *sh)
{
    if (n->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "write `- {type: final_demand, target: ..., category: ..., "
                               "change: ...}`",
                               "shock %zu must be a mapping, got %s", k + 1, urio__yaml_kind(n));
    yaml_node_t *tk = NULL;
    yaml_node_t *tv = urio__yaml_get(&P->doc, n, "type", &tk);
    const char *type = urio__yaml_text(tv);
    if (tv == NULL || urio__yaml_is_null(tv))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n, "add `type: final_demand`",
                               "shock %zu has no `type`", k + 1);
    if (tv->type != YAML_SCALAR_NODE || type == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, tv, NULL,
                               "`type` must be a shock type, got %s", urio__yaml_kind(tv));
    size_t t = NKEYS(shock_types);
    for (size_t i = 0; i < NKEYS(shock_types); i++)
        if (strcmp(type, shock_types[i]) == 0) t = i;
    if (t == NKEYS(shock_types)) {
        char ex[80], hint[384];
        urio__excerpt(type, strlen(type), ex, sizeof ex);
        const char *near = urio__nearest(type, shock_types, NKEYS(shock_types));
        snprintf(hint, sizeof hint,
                 "%s%s%sshock types: final_demand, tax, investment, financing, mobility, "
                 "productivity, factor_supply, transfer",
                 near != NULL ? "did you mean `" : "", near != NULL ? near : "",
                 near != NULL ? "`? " : "");
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, tv, hint, "unknown shock type \"%s\"",
                               ex);
    }
    const char *const *keys = shock_keys;
    size_t nkeys = NKEYS(shock_keys);
    const char *where = "a final_demand shock";
    switch (t) {
    case 0:
        sh->type = URIO_SHOCK_FINAL_DEMAND;
        break;
    case 1:
        sh->type = URIO_SHOCK_TAX;
        keys = tax_keys;
        nkeys = NKEYS(tax_keys);
        where = "a tax shock";
        break;
    case 2:
        sh->type = URIO_SHOCK_INVESTMENT;
        keys = investment_keys;
        nkeys = NKEYS(investment_keys);
        where = "an investment shock";
        break;
    case 5:
        sh->type = URIO_SHOCK_PRODUCTIVITY;
        keys = productivity_keys;
        nkeys = NKEYS(productivity_keys);
        where = "a productivity shock";
        break;
    default:
        return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, tv,
                               "use a CGE model for this policy, or express it as a change in "
                               "final demand",
                               "shock type '%s' needs a CGE model; an IO model takes final_demand, "
                               "investment, tax and productivity shocks",
                               type);
    }
    urio_status s = urio__yaml_check_keys(&P->doc, n, keys, nkeys, P->file, where, P->d);
    if (s == URIO_OK && sh->type == URIO_SHOCK_TAX) s = read_tax(P, n, k, sh);
    if (s == URIO_OK && sh->type == URIO_SHOCK_INVESTMENT) s = read_financing(P, n, k, sh);
    if (s == URIO_OK) s = read_change(P, n, k, sh);
    if (s == URIO_OK && sh->type == URIO_SHOCK_PRODUCTIVITY) {
        yaml_node_t *key = NULL;
        yaml_node_t *v = urio__yaml_get(&P->doc, n, "change_pct", &key);
        if (v == NULL) {
            urio__yaml_get(&P->doc, n, sh->kind == URIO_CHANGE_SET ? "set" : "change", &key);
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, key,
                                   "write `change_pct: <percent gain>`: every input coefficient "
                                   "of the targets is divided by 1 + change_pct/100",
                                   "a productivity shock takes `change_pct`");
        }
        if (!(sh->value > -100.0))
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v,
                                   "a loss of 100 % or more leaves no output",
                                   "`change_pct` of a productivity shock must be above -100");
    }
    if (s == URIO_OK && (sh->type == URIO_SHOCK_FINAL_DEMAND || sh->type == URIO_SHOCK_INVESTMENT))
        s = read_category(P, n, k, sh);
    if (s != URIO_OK) return s;
    yaml_node_t *target = urio__yaml_get(&P->doc, n, "target", NULL);
    if (target == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `target:` with a label, a list, a pattern such as rural/*, "
                               "or all",
                               "shock %zu has no `target`", k + 1);
    return resolve_target(P, target, sh);
}

/* ---- Scenarios -------------------------------------------------------------------- */

static urio_status read_name(sparser *P, const yaml_node_t *sc, size_t i, char **name)
{
    yaml_node_t *v = urio__yaml_get(&P->doc, sc, "name", NULL);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, sc,
                               "add `name: <what this scenario is>`", "scenario %zu has no `name`",
                               i + 1);
    const char *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || t == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL, "`name` must be text, got %s",
                               urio__yaml_kind(v));
    bool blank = true;
    for (const char *p = t; *p != '\0'; p++) {
        unsigned char c = (unsigned char)*p;
        if (c < 0x20 || c == 0x7f)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "write the name on one line",
                                   "scenario name contains a control character");
        if (c != ' ') blank = false;
    }
    if (blank)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "give every scenario a name",
                               "scenario %zu has an empty name", i + 1);
    *name = strdup(t);
    return *name != NULL ? URIO_OK : urio__yaml_nomem(P->d, P->file);
}

static urio_status read_scenario(sparser *P, const yaml_node_t *n, size_t i, urio_io_scenario *sc)
{
    if (n->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "write `- name: ...` then `shocks:` under it",
                               "scenario %zu must be a mapping, got %s", i + 1, urio__yaml_kind(n));
    urio_status s = urio__yaml_check_keys(&P->doc, n, scenario_keys, NKEYS(scenario_keys), P->file,
                                          "a scenario", P->d);
    if (s == URIO_OK) s = read_name(P, n, i, &sc->name);
    if (s != URIO_OK) return s;
    yaml_node_t *v = urio__yaml_get(&P->doc, n, "shocks", NULL);
    if (v == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `shocks:` with a list (`shocks: []` for the baseline)",
                               "scenario \"%s\" has no `shocks`", sc->name);
    if (urio__yaml_is_null(v)) return URIO_OK;
    if (v->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v,
                               "write `shocks:` then one `- {type: ..., ...}` per shock",
                               "`shocks` must be a list, got %s", urio__yaml_kind(v));
    size_t ns = urio__yaml_seq_len(v);
    if (ns == 0) return URIO_OK;
    if (ns > ENTRY_BUDGET - P->used)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "split the file into several runs",
                               "too many shocks in all");
    P->used += ns;
    sc->shocks = calloc(ns, sizeof *sc->shocks);
    if (sc->shocks == NULL) return urio__yaml_nomem(P->d, P->file);
    for (size_t k = 0; k < ns; k++) {
        sc->nshocks = k + 1; /* so that a failure frees what is built */
        s = read_shock(P, urio__yaml_seq_item(&P->doc, v, k), k, &sc->shocks[k]);
        if (s != URIO_OK && !read_on(P, s)) return s;
    }
    return URIO_OK;
}

size_t urio__first_repeat(size_t n, const char *const *names, size_t *first)
{
    urio_labels *idx = NULL;
    size_t dup = SIZE_MAX;
    const urio_status s = urio_labels_create(n, names, &idx, &dup);
    urio_labels_free(idx);
    if (s == URIO_OK) return n;
    if (dup >= n) return SIZE_MAX;
    size_t j = 0;
    while (j < dup && strcmp(names[j], names[dup]) != 0)
        j++;
    *first = j;
    return dup;
}

/* No two scenarios share a name.  Scenarios that failed before their name was read
 * (possible when collecting problems) have none and are left out. */
static urio_status check_unique(sparser *P, const yaml_node_t *list, urio_io_scenario *sc, size_t n)
{
    const char **names = malloc(n * sizeof *names);
    size_t *at = malloc(n * sizeof *at);
    if (names == NULL || at == NULL) {
        free(names);
        free(at);
        return urio__yaml_nomem(P->d, P->file);
    }
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (sc[i].name != NULL) {
            names[m] = sc[i].name;
            at[m++] = i;
        }
    size_t f = 0;
    const size_t r = m < 2 ? m : urio__first_repeat(m, names, &f);
    const size_t first = r < m ? at[f] : 0, dup = r < m ? at[r] : 0;
    free(names);
    free(at);
    if (r == m) return URIO_OK;
    if (r == SIZE_MAX) return urio__yaml_nomem(P->d, P->file);
    const yaml_node_t *a = urio__yaml_seq_item(&P->doc, list, first),
                      *b = urio__yaml_seq_item(&P->doc, list, dup);
    char ex[80];
    urio__excerpt(sc[dup].name, strlen(sc[dup].name), ex, sizeof ex);
    return urio__yaml_fail(P->d, URIO_EPARSE, P->file, b, "give every scenario its own name",
                           "two scenarios are named \"%s\" (lines %zu and %zu)", ex,
                           urio__yaml_line(a), urio__yaml_line(b));
}

static urio_status parse(sparser *P, urio_io_scenario **out, size_t *nscen)
{
    yaml_node_t *root = yaml_document_get_root_node(&P->doc);
    if (root->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, root, "start the file with `scenarios:`",
                               "the scenario file must be a mapping, got %s",
                               urio__yaml_kind(root));
    urio_status s = urio__yaml_check_keys(&P->doc, root, top_keys, NKEYS(top_keys), P->file,
                                          "the scenario file", P->d);
    if (s != URIO_OK) return s;
    for (size_t k = 1; k < NKEYS(top_keys); k++) {
        yaml_node_t *key = NULL;
        if (urio__yaml_get(&P->doc, root, top_keys[k], &key) != NULL)
            return urio__yaml_fail(P->d, URIO_EUNSUPPORTED, P->file, key,
                                   "list the scenarios one by one under `scenarios:`; sweeps "
                                   "and Monte Carlo are for CGE models (docs/scenarios.md)",
                                   "`%s` is not supported yet for input-output models",
                                   top_keys[k]);
    }
    yaml_node_t *key = NULL;
    yaml_node_t *list = urio__yaml_get(&P->doc, root, "scenarios", &key);
    if (list == NULL || urio__yaml_is_null(list))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, key != NULL ? key : root,
                               "add `scenarios:` with one `- name: ...` per scenario",
                               "the file has no scenarios");
    if (list->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list,
                               "write `scenarios:` then one `- name: ...` per scenario",
                               "`scenarios` must be a list, got %s", urio__yaml_kind(list));
    size_t n = urio__yaml_seq_len(list);
    if (n == 0)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list, "add at least one scenario",
                               "the list of scenarios is empty");
    if (n > ENTRY_BUDGET)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list, "split the file into several runs",
                               "too many scenarios");
    urio_io_scenario *sc = calloc(n, sizeof *sc);
    P->sel = calloc(P->m->sectors->count > 0 ? P->m->sectors->count : 1, sizeof *P->sel);
    if (sc == NULL || P->sel == NULL) {
        free(sc);
        return urio__yaml_nomem(P->d, P->file);
    }
    for (size_t i = 0; i < n && s == URIO_OK; i++) {
        s = read_scenario(P, urio__yaml_seq_item(&P->doc, list, i), i, &sc[i]);
        if (s != URIO_OK && read_on(P, s)) s = URIO_OK;
    }
    if (s == URIO_OK) {
        s = check_unique(P, list, sc, n);
        if (s != URIO_OK && read_on(P, s)) s = URIO_OK;
    }
    if (s == URIO_OK && P->failed != URIO_OK) {
        s = P->failed;
        P->listed = true;
    }
    if (s != URIO_OK) {
        urio_scenarios_free(sc, n);
        return s;
    }
    *out = sc;
    *nscen = n;
    return URIO_OK;
}

static urio_status parse_io(const char *buf, size_t len, const char *name, const urio_io_model *m,
                            urio_io_scenario **out, size_t *nscen, urio_diag *d, urio_diags *all)
{
    if (out != NULL) *out = NULL;
    if (nscen != NULL) *nscen = 0;
    sparser P;
    memset(&P, 0, sizeof P);
    P.file = name;
    P.d = d;
    P.m = m;
    P.all = all;
    urio_status s;
    if (out == NULL || nscen == NULL || m == NULL || m->sectors == NULL || m->categories == NULL ||
        (buf == NULL && len > 0))
        s = urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "invalid arguments");
    else if (m->sectors->count == 0)
        s = urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "the model has no sectors");
    else
        s = urio__yaml_load(buf, len, name, &P.doc, d);
    if (s == URIO_OK) {
        urio__c_numeric cn = {0};
        s = urio__c_numeric_begin(&cn);
        if (s == URIO_OK)
            s = parse(&P, out, nscen);
        else
            s = urio__yaml_nomem(P.d, P.file);
        urio__c_numeric_end(&cn);
        free(P.sel);
        yaml_document_delete(&P.doc);
    }
    if (s != URIO_OK && !P.listed) urio_diags_add(all, d); /* the problem that stopped it */
    return s;
}

urio_status urio_scenarios_parse_io(const char *buf, size_t len, const char *name,
                                    const urio_io_model *m, urio_io_scenario **out, size_t *nscen,
                                    urio_diag *d)
{
    return parse_io(buf, len, name, m, out, nscen, d, NULL);
}

urio_status urio_scenarios_parse_io_all(const char *buf, size_t len, const char *name,
                                        const urio_io_model *m, urio_io_scenario **out,
                                        size_t *nscen, urio_diags *all)
{
    urio_diag d;
    urio_diag_clear(&d);
    return parse_io(buf, len, name, m, out, nscen, &d, all);
}

void urio_scenarios_free(urio_io_scenario *sc, size_t nscen)
{
    if (sc == NULL) return;
    for (size_t i = 0; i < nscen; i++)
        urio_io_scenario_clear(&sc[i]);
    free(sc);
}

char *urio_scenarios_model_hint(const char *buf, size_t len)
{
    if (buf == NULL) return NULL;
    size_t p = 0;
    if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) p = 3;
    const char *nl = memchr(buf + p, '\n', len - p);
    size_t end = nl != NULL ? (size_t)(nl - buf) : len;
    while (end > p && (buf[end - 1] == '\r' || buf[end - 1] == ' ' || buf[end - 1] == '\t'))
        end--;
    if (p >= end || buf[p] != '#') return NULL;
    p++;
    while (p < end && (buf[p] == ' ' || buf[p] == '\t'))
        p++;
    if (end - p < 6 || memcmp(buf + p, "model:", 6) != 0) return NULL;
    p += 6;
    while (p < end && (buf[p] == ' ' || buf[p] == '\t'))
        p++;
    if (p == end || memchr(buf + p, '\0', end - p) != NULL) return NULL;
    return strndup(buf + p, end - p);
}
