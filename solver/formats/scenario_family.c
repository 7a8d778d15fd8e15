/* scenario_family.c - the `sweep:` and `monte_carlo:` keys of a CGE scenario file
 * (DESIGN.md section 6; docs/scenarios.md): urio__cge_family_parse, called by
 * urio_scenarios_parse_cge_family (cge_scenarios.c) once the listed scenarios are
 * read.
 *
 *   sweep:
 *     name: rural production tax           # optional (default "sweep")
 *     shocks:                              # every point's shocks; one or two amounts
 *       - {type: tax, tax: production, target: rural/agriculture,  # are grids
 *          set: {from: 0, to: 0.1, steps: 11}}
 *       - {type: mobility, factor: labour, change_pct: [0, -25, -50]}
 *
 *   monte_carlo:
 *     name: hukou reform, uncertain        # optional (default "monte carlo")
 *     draws: 1000                          # sampling (not with quadrature)
 *     seed: 2017                           # optional (default 1)
 *     method: sampling                     # or quadrature (Stroud-3, 2 m points)
 *     keep_draws: false                    # every draw's effects in effects.csv too
 *     shocks:                              # the policy; an amount may be a distribution
 *       - {type: mobility, factor: labour, change_pct: {distribution: normal, mean: -50, sd: 10}}
 *     elasticities:
 *       - {elasticity: armington, target: all, distribution: lognormal, mu: 0.69, sigma: 0.3}
 *
 * A distribution is {distribution: normal, mean, sd} | {uniform, min, max} |
 * {triangular, min, mode, max} | {lognormal, mu, sigma} (of the logarithm), with
 * optional truncation `lower`, `upper`.  A grid is a list of numbers or {from, to,
 * steps}.  A shock whose amount is a grid or a distribution is read by the
 * ordinary shock parser with the amount replaced by 0 (a scalar node added to the
 * document), then the amount is set per point or per draw. */
#include <fnmatch.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/family.h>
#include <urio/formats.h>

#include "internal.h"

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))
#define MAX_POINTS 1000000

static const char *const sweep_keys[] = {"name", "shocks"};
static const char *const mc_keys[] = {"name",       "draws",  "seed",        "method",
                                      "keep_draws", "shocks", "elasticities"};
static const char *const dist_keys[] = {"distribution", "mean", "sd",    "min",   "max",
                                        "mode",         "mu",   "sigma", "lower", "upper"};
static const char *const elast_keys[] = {"elasticity", "target", "name", "distribution", "mean",
                                         "sd",         "min",    "max",  "mode",         "mu",
                                         "sigma",      "lower",  "upper"};
static const char *const amount_keys[] = {"set", "change", "change_pct"};
static const char *const grid_keys[] = {"from", "to", "steps"};

typedef struct fparser {
    yaml_document_t *doc;
    const char *file;
    const urio_cge_model *m;
    urio_diag *d;
    int zero; /* id of a scalar node "0" added to doc */
} fparser;

/* Not urio__yaml_nomem: this reader's message is the shorter "out of memory". */
static urio_status nomem(fparser *P)
{
    return urio_diag_set(P->d, URIO_ENOMEM, P->file, 0, 0, NULL, "out of memory");
}

static urio_status number(fparser *P, const yaml_node_t *v, const char *what, double *x)
{
    const char *t = urio__yaml_text(v);
    if (v == NULL || v->type != YAML_SCALAR_NODE || urio__yaml_is_null(v) || t == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "write a number such as 0.05 or 2",
                               "`%s` must be a number", what);
    const char *why = NULL, *hint = NULL;
    if (!urio__parse_number(t, strlen(t), x, &why, &hint)) {
        char ex[80];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, hint, "`%s` %s: \"%s\"", what, why,
                               ex);
    }
    return URIO_OK;
}

static urio_status get_number(fparser *P, const yaml_node_t *map, const char *key, bool required,
                              double *x)
{
    yaml_node_t *v = urio__yaml_get(P->doc, map, key, NULL);
    if (v == NULL) {
        if (!required) return URIO_OK;
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, map, NULL, "`%s` is missing", key);
    }
    return number(P, v, key, x);
}

static urio_status text_of(fparser *P, const yaml_node_t *v, const char *what, const char **t)
{
    *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || urio__yaml_is_null(v) || *t == NULL || (*t)[0] == '\0')
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL, "`%s` must be text, got %s",
                               what, urio__yaml_kind(v));
    for (const char *c = *t; *c != '\0'; c++)
        if ((unsigned char)*c < 0x20 || *c == 0x7f)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "write it on one line",
                                   "`%s` contains a control character", what);
    return URIO_OK;
}

/* A whole number from 1 to max. */
static urio_status count_of(fparser *P, const yaml_node_t *v, const char *what, double max,
                            size_t *out)
{
    double x = 0.0;
    urio_status s = number(P, v, what, &x);
    if (s != URIO_OK) return s;
    if (!(x >= 1.0 && x <= max && x == floor(x)))
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL,
                               "`%s` must be a whole number from 1 to %.0f", what, max);
    *out = (size_t)x;
    return URIO_OK;
}

/* The amount pair (set, change or change_pct) of a shock mapping, or NULL. */
static yaml_node_pair_t *amount_pair(fparser *P, const yaml_node_t *shock)
{
    if (shock->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = shock->data.mapping.pairs.start; p < shock->data.mapping.pairs.top;
         p++) {
        const char *k = urio__yaml_text(yaml_document_get_node(P->doc, p->key));
        for (size_t i = 0; k != NULL && i < NKEYS(amount_keys); i++)
            if (strcmp(k, amount_keys[i]) == 0) return p;
    }
    return NULL;
}

/* ---- Distributions ----------------------------------------------------------------- */

static urio_status read_dist(fparser *P, const yaml_node_t *map, bool elasticity, urio_dist *out)
{
    yaml_node_t *kv = urio__yaml_get(P->doc, map, "distribution", NULL);
    if (kv == NULL)
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, map,
            "add `distribution: normal` (or uniform, triangular, lognormal) with its "
            "parameters",
            "a Monte Carlo parameter needs `distribution`");
    const char *t = NULL;
    urio_status s = text_of(P, kv, "distribution", &t);
    if (s != URIO_OK) return s;
    memset(out, 0, sizeof *out);
    out->lo = -INFINITY;
    out->hi = INFINITY;
    const char *need[3] = {NULL, NULL, NULL};
    if (strcmp(t, "normal") == 0) {
        out->kind = URIO_DIST_NORMAL;
        need[0] = "mean";
        need[1] = "sd";
    } else if (strcmp(t, "uniform") == 0) {
        out->kind = URIO_DIST_UNIFORM;
        need[0] = "min";
        need[1] = "max";
    } else if (strcmp(t, "triangular") == 0) {
        out->kind = URIO_DIST_TRIANGULAR;
        need[0] = "min";
        need[1] = "max";
        need[2] = "mode";
    } else if (strcmp(t, "lognormal") == 0) {
        out->kind = URIO_DIST_LOGNORMAL;
        need[0] = "mu";
        need[1] = "sigma";
    } else {
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, kv,
                               "distributions: normal, uniform, triangular, lognormal",
                               "unknown distribution \"%s\"", t);
    }
    double *dst[3] = {&out->a, &out->b, &out->c};
    for (int i = 0; i < 3 && need[i] != NULL; i++)
        if ((s = get_number(P, map, need[i], true, dst[i])) != URIO_OK) return s;
    /* Keys of other distributions are mistakes. */
    for (size_t i = 1; i < NKEYS(dist_keys); i++) {
        const char *k = dist_keys[i];
        bool used = strcmp(k, "lower") == 0 || strcmp(k, "upper") == 0;
        for (int j = 0; j < 3; j++)
            if (need[j] != NULL && strcmp(need[j], k) == 0) used = true;
        yaml_node_t *key = NULL;
        if (!used && urio__yaml_get(P->doc, map, k, &key) != NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, key,
                                   "normal: mean, sd; uniform: min, max; triangular: min, "
                                   "mode, max; lognormal: mu, sigma (of the logarithm)",
                                   "`%s` is not a parameter of the %s distribution", k, t);
    }
    if ((s = get_number(P, map, "lower", false, &out->lo)) != URIO_OK) return s;
    if ((s = get_number(P, map, "upper", false, &out->hi)) != URIO_OK) return s;
    const char *bad = NULL;
    if ((out->kind == URIO_DIST_NORMAL || out->kind == URIO_DIST_LOGNORMAL) && !(out->b > 0.0))
        bad = "the standard deviation (sd, sigma) must be positive";
    else if (out->kind == URIO_DIST_UNIFORM && !(out->a < out->b))
        bad = "min must be below max";
    else if (out->kind == URIO_DIST_TRIANGULAR &&
             !(out->a < out->b && out->a <= out->c && out->c <= out->b))
        bad = "min <= mode <= max with min < max";
    else if (!(out->lo < out->hi))
        bad = "lower must be below upper";
    if (bad != NULL)
        return urio__yaml_fail(P->d, URIO_EMODEL, P->file, map, NULL, "bad distribution: %s", bad);
    if (elasticity && out->lo < 0.0) out->lo = 0.0; /* elasticities stay positive */
    return URIO_OK;
}

/* ---- Shocks with grids or distributions --------------------------------------------- */

/* A grid node: a list of numbers, or {from, to, steps}; values malloc'd. */
static urio_status read_grid(fparser *P, const yaml_node_t *g, double **vals, size_t *n)
{
    *vals = NULL;
    *n = 0;
    if (g->type == YAML_SEQUENCE_NODE) {
        const size_t k = urio__yaml_seq_len(g);
        if (k == 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, g, NULL,
                                   "the list of values is empty");
        if (k > MAX_POINTS)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, g, NULL, "too many values");
        double *v = malloc(k * sizeof *v);
        if (v == NULL) return nomem(P);
        for (size_t i = 0; i < k; i++) {
            urio_status s = number(P, urio__yaml_seq_item(P->doc, g, i), "value", &v[i]);
            if (s != URIO_OK) {
                free(v);
                return s;
            }
        }
        *vals = v;
        *n = k;
        return URIO_OK;
    }
    urio_status s =
        urio__yaml_check_keys(P->doc, g, grid_keys, NKEYS(grid_keys), P->file, "a grid", P->d);
    if (s != URIO_OK) return s;
    double from = 0.0, to = 0.0;
    size_t steps = 0;
    if ((s = get_number(P, g, "from", true, &from)) != URIO_OK) return s;
    if ((s = get_number(P, g, "to", true, &to)) != URIO_OK) return s;
    yaml_node_t *sv = urio__yaml_get(P->doc, g, "steps", NULL);
    if (sv == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, g,
                               "add `steps: 11` (points, ends included)", "a grid needs `steps`");
    if ((s = count_of(P, sv, "steps", MAX_POINTS, &steps)) != URIO_OK) return s;
    if (steps < 2 && from != to)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, sv, NULL,
                               "`steps` counts the points, ends included: at least 2");
    double *v = malloc(steps * sizeof *v);
    if (v == NULL) return nomem(P);
    for (size_t i = 0; i < steps; i++)
        v[i] = steps == 1       ? from
               : i + 1 == steps ? to
                                : from + (to - from) * (double)i / (double)(steps - 1);
    *vals = v;
    *n = steps;
    return URIO_OK;
}

/* Read a list of shocks (node list) into sc (name given).  For each shock whose
 * amount is a mapping or a list, *special receives its index and *specnode the
 * node (at most maxspecial of them; the rest is an error), and the amount is read
 * as 0. */
static urio_status read_shocks(fparser *P, const yaml_node_t *list, urio_cge_scenario *sc,
                               size_t maxspecial, const char *what, size_t *nspecial,
                               size_t *special, yaml_node_t **specnode, const char **speckey)
{
    *nspecial = 0;
    if (list == NULL || urio__yaml_is_null(list)) return URIO_OK;
    if (list->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, list,
                               "one `- {type: ..., ...}` per shock",
                               "`shocks` must be a list, got %s", urio__yaml_kind(list));
    const size_t ns = urio__yaml_seq_len(list);
    if (ns == 0) return URIO_OK;
    sc->shocks = calloc(ns, sizeof *sc->shocks);
    if (sc->shocks == NULL) return nomem(P);
    for (size_t k = 0; k < ns; k++) {
        yaml_node_t *n = urio__yaml_seq_item(P->doc, list, k);
        yaml_node_pair_t *p = amount_pair(P, n);
        if (p != NULL) {
            yaml_node_t *v = yaml_document_get_node(P->doc, p->value);
            if (v != NULL && v->type != YAML_SCALAR_NODE) {
                if (*nspecial >= maxspecial)
                    return urio__yaml_fail(
                        P->d, URIO_EPARSE, P->file, v, NULL, "a %s takes at most %zu %s", what,
                        maxspecial, maxspecial == 2 ? "grids (a two-parameter sweep)" : "of these");
                special[*nspecial] = k;
                specnode[*nspecial] = v;
                speckey[*nspecial] = urio__yaml_text(yaml_document_get_node(P->doc, p->key));
                (*nspecial)++;
                p->value = P->zero;
            }
        }
        sc->nshocks = k + 1;
        urio_status s = urio__cge_shock_parse(P->doc, n, k, P->file, P->m, &sc->shocks[k], P->d);
        if (s != URIO_OK) return s;
    }
    return URIO_OK;
}

static urio_status copy_scenario(fparser *P, const urio_cge_scenario *src, const char *name,
                                 urio_cge_scenario *dst)
{
    memset(dst, 0, sizeof *dst);
    dst->name = strdup(name);
    if (dst->name == NULL) return nomem(P);
    if (src->nshocks == 0) return URIO_OK;
    dst->shocks = calloc(src->nshocks, sizeof *dst->shocks);
    if (dst->shocks == NULL) return nomem(P);
    for (size_t k = 0; k < src->nshocks; k++) {
        const urio_cge_shock *a = &src->shocks[k];
        urio_cge_shock *b = &dst->shocks[k];
        *b = *a;
        b->targets = NULL;
        b->factors = NULL;
        dst->nshocks = k + 1;
        b->targets = malloc((a->ntargets > 0 ? a->ntargets : 1) * sizeof *b->targets);
        b->factors = malloc((a->nfactors > 0 ? a->nfactors : 1) * sizeof *b->factors);
        if (b->targets == NULL || b->factors == NULL) return nomem(P);
        if (a->ntargets > 0) memcpy(b->targets, a->targets, a->ntargets * sizeof *b->targets);
        if (a->nfactors > 0) memcpy(b->factors, a->factors, a->nfactors * sizeof *b->factors);
        if (a->nfactors == 0) {
            free(b->factors);
            b->factors = NULL;
        }
    }
    return URIO_OK;
}

/* ---- Sweep -------------------------------------------------------------------------- */

static urio_status read_sweep(fparser *P, const yaml_node_t *sw, urio_cge_family *fam)
{
    if (sw->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, sw,
                               "write `sweep: {name: ..., shocks: [...]}`",
                               "`sweep` must be a mapping, got %s", urio__yaml_kind(sw));
    urio_status s = urio__yaml_check_keys(P->doc, sw, sweep_keys, NKEYS(sweep_keys), P->file,
                                          "the sweep", P->d);
    if (s != URIO_OK) return s;
    const char *name = "sweep";
    yaml_node_t *nv = urio__yaml_get(P->doc, sw, "name", NULL);
    if (nv != NULL && (s = text_of(P, nv, "name", &name)) != URIO_OK) return s;
    yaml_node_t *list = urio__yaml_get(P->doc, sw, "shocks", NULL);
    if (list == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, sw,
                               "add `shocks:` with one or two amounts given as grids",
                               "the sweep has no `shocks`");
    urio_cge_scenario tmpl;
    memset(&tmpl, 0, sizeof tmpl);
    size_t nsp = 0, sp[2];
    yaml_node_t *node[2];
    const char *key[2];
    double *vals[2] = {NULL, NULL};
    size_t nv2[2] = {1, 1};
    s = read_shocks(P, list, &tmpl, 2, "sweep", &nsp, sp, node, key);
    if (s == URIO_OK && nsp == 0)
        s = urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, list,
            "give one or two shock amounts as a grid: `set: {from: 0, to: 0.1, steps: 11}` or "
            "`change_pct: [0, 5, 10]`",
            "the sweep has no grid");
    for (size_t i = 0; i < nsp && s == URIO_OK; i++)
        s = read_grid(P, node[i], &vals[i], &nv2[i]);
    const size_t npts = nv2[0] * nv2[1];
    if (s == URIO_OK && npts > MAX_POINTS)
        s = urio__yaml_fail(P->d, URIO_EPARSE, P->file, sw, NULL, "too many points");
    urio_cge_scenario *grown = NULL;
    if (s == URIO_OK) {
        grown = realloc(fam->scenarios, (fam->nscen + npts) * sizeof *grown);
        if (grown == NULL) s = nomem(P);
    }
    if (s == URIO_OK) {
        fam->scenarios = grown;
        for (size_t p = 0; p < npts && s == URIO_OK; p++) {
            const size_t ix[2] = {nsp == 2 ? p / nv2[1] : p, nsp == 2 ? p % nv2[1] : 0};
            char pname[1024];
            int o = snprintf(pname, sizeof pname, "%s (", name);
            for (size_t i = 0; i < nsp; i++) {
                const double x = vals[i][ix[i]];
                tmpl.shocks[sp[i]].value = x;
                if (o > 0 && (size_t)o < sizeof pname)
                    o += snprintf(pname + o, sizeof pname - (size_t)o, "%s%zu:%s=%.10g",
                                  i > 0 ? ", " : "", sp[i] + 1, key[i], x);
            }
            if (o > 0 && (size_t)o < sizeof pname)
                snprintf(pname + o, sizeof pname - (size_t)o, ")");
            s = copy_scenario(P, &tmpl, pname, &fam->scenarios[fam->nscen]);
            fam->nscen++;
            fam->nsweep++;
        }
    }
    free(vals[0]);
    free(vals[1]);
    urio_cge_scenario_clear(&tmpl);
    return s;
}

/* ---- Monte Carlo -------------------------------------------------------------------- */

static urio_status read_targets(fparser *P, const yaml_node_t *tn, urio_uncertain *u)
{
    const urio_labels *L = P->m->goods;
    bool *sel = calloc(L->count, sizeof *sel);
    if (sel == NULL) return nomem(P);
    urio_status s = URIO_OK;
    const size_t nt = tn == NULL ? 1 : tn->type == YAML_SEQUENCE_NODE ? urio__yaml_seq_len(tn) : 1;
    for (size_t i = 0; i < nt && s == URIO_OK; i++) {
        const yaml_node_t *item = tn == NULL ? NULL
                                  : tn->type == YAML_SEQUENCE_NODE
                                      ? urio__yaml_seq_item(P->doc, tn, i)
                                      : tn;
        const char *t = item == NULL ? "all" : urio__yaml_text(item);
        if (item != NULL && (item->type != YAML_SCALAR_NODE || t == NULL)) {
            s = urio__yaml_fail(P->d, URIO_EPARSE, P->file, item, NULL,
                                "a target must be a commodity label");
            break;
        }
        bool any = false;
        for (size_t g = 0; g < L->count; g++)
            if (strcmp(t, "all") == 0 || strcmp(t, L->name[g]) == 0 ||
                (strchr(t, '*') != NULL && fnmatch(t, L->name[g], FNM_PATHNAME) == 0)) {
                sel[g] = true;
                any = true;
            }
        if (!any) {
            char ex[80];
            urio__excerpt(t, strlen(t), ex, sizeof ex);
            s = urio__yaml_fail(P->d, URIO_EMODEL, P->file, item,
                                "elasticities are per commodity (`accounts: goods` or "
                                "`commodities`)",
                                "target \"%s\" is not a commodity of the model", ex);
        }
    }
    size_t count = 0;
    for (size_t g = 0; g < L->count; g++)
        count += sel[g];
    if (s == URIO_OK) {
        u->targets = malloc((count > 0 ? count : 1) * sizeof *u->targets);
        if (u->targets == NULL) s = nomem(P);
    }
    if (s == URIO_OK) {
        for (size_t g = 0, j = 0; g < L->count; g++)
            if (sel[g]) u->targets[j++] = g;
        u->ntargets = count;
    }
    free(sel);
    return s;
}

static urio_status read_elasticity(fparser *P, const yaml_node_t *n, urio_uncertain *u)
{
    if (n->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n, NULL,
                               "an uncertain elasticity must be a mapping");
    urio_status s = urio__yaml_check_keys(P->doc, n, elast_keys, NKEYS(elast_keys), P->file,
                                          "an uncertain elasticity", P->d);
    if (s != URIO_OK) return s;
    yaml_node_t *ev = urio__yaml_get(P->doc, n, "elasticity", NULL);
    if (ev == NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, n,
                               "add `elasticity: armington` (or transformation, sourcing)",
                               "an uncertain elasticity needs `elasticity`");
    const char *t = NULL;
    if ((s = text_of(P, ev, "elasticity", &t)) != URIO_OK) return s;
    u->elasticity = true;
    if (strcmp(t, "armington") == 0)
        u->ekind = URIO_ELASTICITY_ARMINGTON;
    else if (strcmp(t, "transformation") == 0)
        u->ekind = URIO_ELASTICITY_TRANSFORMATION;
    else if (strcmp(t, "sourcing") == 0)
        u->ekind = URIO_ELASTICITY_SOURCING;
    else
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, ev,
                               "elasticities: armington, transformation, sourcing",
                               "unknown elasticity \"%s\"", t);
    if (u->ekind == URIO_ELASTICITY_SOURCING && P->m->nms == 0)
        return urio__yaml_fail(
            P->d, URIO_EMODEL, P->file, ev, NULL,
            "the model has no commodity made by several activities: no sourcing elasticity");
    yaml_node_t *tn = urio__yaml_get(P->doc, n, "target", NULL);
    if ((s = read_targets(P, tn, u)) != URIO_OK) return s;
    if ((s = read_dist(P, n, true, &u->dist)) != URIO_OK) return s;
    yaml_node_t *nv = urio__yaml_get(P->doc, n, "name", NULL);
    char buf[512];
    if (nv != NULL) {
        const char *nm = NULL;
        if ((s = text_of(P, nv, "name", &nm)) != URIO_OK) return s;
        snprintf(buf, sizeof buf, "%s", nm);
    } else if (tn == NULL || (urio__yaml_text(tn) != NULL && tn->type == YAML_SCALAR_NODE)) {
        snprintf(buf, sizeof buf, "%s[%s]", t, tn == NULL ? "all" : urio__yaml_text(tn));
    } else {
        int o = snprintf(buf, sizeof buf, "%s[", t);
        for (size_t i = 0; i < u->ntargets && o > 0 && (size_t)o < sizeof buf; i++)
            o += snprintf(buf + o, sizeof buf - (size_t)o, "%s%s", i > 0 ? "," : "",
                          P->m->goods->name[u->targets[i]]);
        if (o > 0 && (size_t)o < sizeof buf) snprintf(buf + o, sizeof buf - (size_t)o, "]");
    }
    u->name = strdup(buf);
    return u->name != NULL ? URIO_OK : nomem(P);
}

static urio_status read_mc(fparser *P, const yaml_node_t *mcn, urio_cge_family *fam)
{
    if (mcn->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, mcn,
                               "write `monte_carlo: {draws: 1000, seed: 1, ...}`",
                               "`monte_carlo` must be a mapping, got %s", urio__yaml_kind(mcn));
    urio_status s =
        urio__yaml_check_keys(P->doc, mcn, mc_keys, NKEYS(mc_keys), P->file, "monte_carlo", P->d);
    if (s != URIO_OK) return s;
    urio_cge_montecarlo *mc = calloc(1, sizeof *mc);
    if (mc == NULL) return nomem(P);
    fam->mc = mc;
    mc->seed = 1;
    const char *name = "monte carlo";
    yaml_node_t *v = urio__yaml_get(P->doc, mcn, "name", NULL);
    if (v != NULL && (s = text_of(P, v, "name", &name)) != URIO_OK) return s;
    if ((mc->name = strdup(name)) == NULL) return nomem(P);
    if ((mc->policy.name = strdup(name)) == NULL) return nomem(P);
    v = urio__yaml_get(P->doc, mcn, "method", NULL);
    if (v != NULL) {
        const char *t = NULL;
        if ((s = text_of(P, v, "method", &t)) != URIO_OK) return s;
        if (strcmp(t, "quadrature") == 0)
            mc->quadrature = true;
        else if (strcmp(t, "sampling") != 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, "methods: sampling, quadrature",
                                   "unknown method \"%s\"", t);
    }
    v = urio__yaml_get(P->doc, mcn, "keep_draws", NULL);
    if (v != NULL) {
        const char *t = urio__yaml_text(v);
        if (t != NULL && strcmp(t, "true") == 0)
            mc->keep_draws = true;
        else if (t == NULL || strcmp(t, "false") != 0)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL,
                                   "`keep_draws` must be true or false");
    }
    v = urio__yaml_get(P->doc, mcn, "seed", NULL);
    if (v != NULL) {
        const char *t = urio__yaml_text(v);
        char *end = NULL;
        unsigned long long x = t != NULL && t[0] >= '0' && t[0] <= '9' ? strtoull(t, &end, 10) : 0;
        if (t == NULL || end == NULL || *end != '\0')
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, v, NULL,
                                   "`seed` must be a whole number >= 0");
        mc->seed = (uint64_t)x;
    }
    yaml_node_t *dv = urio__yaml_get(P->doc, mcn, "draws", NULL);
    if (mc->quadrature && dv != NULL)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, dv,
                               "remove `draws`: quadrature uses 2 m points for m parameters",
                               "`draws` does not go with `method: quadrature`");
    if (!mc->quadrature) {
        if (dv == NULL)
            return urio__yaml_fail(P->d, URIO_EPARSE, P->file, mcn, "add `draws: 1000`",
                                   "monte_carlo needs `draws`");
        if ((s = count_of(P, dv, "draws", MAX_POINTS, &mc->draws)) != URIO_OK) return s;
    }
    /* Shocks, whose amounts may be distributions. */
    size_t nsp = 0, sp[64];
    yaml_node_t *node[64];
    const char *key[64];
    s = read_shocks(P, urio__yaml_get(P->doc, mcn, "shocks", NULL), &mc->policy, 64, "monte_carlo",
                    &nsp, sp, node, key);
    if (s != URIO_OK) return s;
    yaml_node_t *el = urio__yaml_get(P->doc, mcn, "elasticities", NULL);
    if (el != NULL && !urio__yaml_is_null(el) && el->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(P->d, URIO_EPARSE, P->file, el, NULL,
                               "`elasticities` must be a list");
    const size_t ne = el != NULL && el->type == YAML_SEQUENCE_NODE ? urio__yaml_seq_len(el) : 0;
    if (nsp + ne == 0)
        return urio__yaml_fail(
            P->d, URIO_EPARSE, P->file, mcn,
            "give `elasticities:` with distributions, or a shock amount as a distribution",
            "monte_carlo has nothing uncertain");
    mc->params = calloc(nsp + ne, sizeof *mc->params);
    if (mc->params == NULL) return nomem(P);
    for (size_t i = 0; i < nsp; i++) {
        urio_uncertain *u = &mc->params[mc->nparams++];
        u->shock = sp[i];
        if (node[i]->type != YAML_MAPPING_NODE)
            return urio__yaml_fail(
                P->d, URIO_EPARSE, P->file, node[i], NULL,
                "a Monte Carlo shock amount is a number or a distribution mapping");
        s = urio__yaml_check_keys(P->doc, node[i], dist_keys, NKEYS(dist_keys), P->file,
                                  "a distribution", P->d);
        if (s == URIO_OK) s = read_dist(P, node[i], false, &u->dist);
        if (s != URIO_OK) return s;
        char buf[128];
        snprintf(buf, sizeof buf, "shock %zu %s %s", sp[i] + 1,
                 urio_cge_shock_name(mc->policy.shocks[sp[i]].kind), key[i]);
        if ((u->name = strdup(buf)) == NULL) return nomem(P);
    }
    for (size_t i = 0; i < ne; i++) {
        urio_uncertain *u = &mc->params[mc->nparams++];
        if ((s = read_elasticity(P, urio__yaml_seq_item(P->doc, el, i), u)) != URIO_OK) return s;
    }
    if (mc->quadrature) {
        for (size_t i = 0; i < mc->nparams; i++)
            if (!urio_dist_symmetric(&mc->params[i].dist))
                return urio__yaml_fail(
                    P->d, URIO_EMODEL, P->file, mcn,
                    "use normal, uniform or a symmetric triangular distribution, or "
                    "`method: sampling`",
                    "quadrature needs symmetric distributions; %s is %s", mc->params[i].name,
                    urio_dist_name(mc->params[i].dist.kind));
        mc->draws = 2 * mc->nparams;
    }
    return URIO_OK;
}

urio_status urio__cge_family_parse(yaml_document_t *doc, const char *file, const urio_cge_model *m,
                                   urio_cge_family *fam, urio_diag *d)
{
    fparser P = {doc, file, m, d, 0};
    /* Add the "0" node first: adding nodes may move the node table. */
    P.zero = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)"0", 1, YAML_PLAIN_SCALAR_STYLE);
    if (P.zero == 0) return nomem(&P);
    yaml_node_t *root = yaml_document_get_root_node(doc);
    urio_status s = URIO_OK;
    yaml_node_t *sw = urio__yaml_get(doc, root, "sweep", NULL);
    if (sw != NULL) s = read_sweep(&P, sw, fam);
    yaml_node_t *mcn = urio__yaml_get(doc, root, "monte_carlo", NULL);
    if (s == URIO_OK && mcn != NULL) s = read_mc(&P, mcn, fam);
    /* Every scenario name is unique, the draws' names too. */
    if (s == URIO_OK && fam->nscen > 1) {
        const size_t n = fam->nscen;
        size_t j = 0;
        const size_t i = urio__cge_first_repeat(fam->scenarios, n, &j);
        if (i == SIZE_MAX)
            s = nomem(&P);
        else if (i < n)
            s = urio__yaml_fail(P.d, URIO_EPARSE, P.file, sw != NULL ? sw : root,
                                "give every scenario its own name",
                                "two scenarios are named \"%s\"", fam->scenarios[i].name);
    }
    return s;
}
