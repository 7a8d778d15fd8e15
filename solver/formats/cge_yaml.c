/* cge_yaml.c - CGE model files (DESIGN.md section 5, `model: cge`): the part of
 * urio_model_load that reads the SAM, the account roles, the elasticities, the
 * numeraire, the closure, the mobility classes and the population, then
 * calibrates the model (urio_cge_model_create).
 *
 *   model: cge
 *   name: ...                    # optional
 *   units: ...                   # optional
 *   sam: sam.csv                 # relative to this file; square, row labels =
 *                                # column labels in the same order
 *   accounts:
 *     goods: [BRD, MLK]          # one account per good (activity and commodity), or
 *     activities: [urban/processing, rural/processing, ...]   # separate accounts,
 *     commodities: [processing, ...]                          # each activity making one
 *     factors: [CAP, LAB]
 *     households: [HOH]
 *     government: GOV
 *     investment: INV
 *     rest_of_world: EXT
 *     taxes: {production: IDT, import: TRF,   # optional; direct taxes are the
 *             commodity: SLT, export: XTX,    # cells (government, household),
 *             factor: {CAP: TXK}}             # transfers (household, government)
 *   elasticities: {armington: 2, transformation: 2, sourcing: 4}
 *                                # a number or {commodity: number}; sourcing (between
 *                                # the activities making one commodity) only when needed
 *   numeraire: LAB               # a factor, or cpi
 *   closure: {investment: savings-driven, foreign_savings: fixed,
 *             government: saving-rate, factors: mobile}   # optional (the defaults)
 *   mobility:                    # optional: factor markets segmented by area
 *     labour: {base: rural, ratio: 1.78, income: residence}
 *   population:                  # optional: for per-capita indicators
 *     households: {urban: 81347, rural: 57661}
 *     unit: 10,000 persons
 *     migrates_with: labour
 *
 * Problems in the model file are reported at the key's line; problems in the SAM
 * (balance, signs, flows the model lacks) at the SAM's line and column of the
 * account or cell, with the account names in the message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/formats.h>

#include "internal.h"

static const char *const top_keys[] = {"model",    "name",         "units",     "sam",
                                       "accounts", "elasticities", "numeraire", "closure",
                                       "mobility", "population"};
static const char *const account_keys[] = {"goods",      "factors",    "households",
                                           "government", "investment", "rest_of_world",
                                           "taxes",      "activities", "commodities"};
static const char *const tax_keys[] = {"production", "import", "commodity", "export", "factor"};
static const char *const elasticity_keys[] = {"armington", "transformation", "sourcing"};
static const char *const closure_keys[] = {"investment", "foreign_savings", "government",
                                           "factors"};
static const char *const mobility_keys[] = {"base", "ratio", "income"};
static const char *const population_keys[] = {"households", "unit", "migrates_with"};

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

typedef struct cloader {
    yaml_document_t *doc;
    const char *path; /* the model file */
    const char *dir;
    urio_diag *d;
    urio_diags *all; /* urio_model_load_all: every problem of the SAM goes here */
    bool *listed;    /* set when the problem returned is already in all */
    urio_model_file *mf;
    char *sam_path;
    urio_table *sam;
    size_t na;
    int *role;                /* per SAM account: 0 none, else the role's key index + 1 */
    const yaml_node_t **node; /* per SAM account: where its role was given */
    size_t *goods, *factors, *households, *activities, *commodities;
    size_t ng, nf, nh, nact, ncom;
    const size_t *com; /* the commodities: goods, or commodities in the split form */
    size_t ncm;
    size_t gov, inv, row, tz, tm, tc, te;
    size_t *tf; /* nf: the account taxing each factor's use, SIZE_MAX: none; NULL: none */
    double *armington, *transformation, *sourcing;
    urio_cge_numeraire numeraire;
    size_t numeraire_factor;
    urio_cge_closure closure;
    urio_cge_factor_closure *fclosure; /* nf */
    urio_cge_class_spec *classes;
    size_t nclasses;
    size_t *segs;       /* nf: storage for the classes' segments */
    double *ratio;      /* nf: their price ratios */
    double *population; /* nh, or NULL */
    bool migration;
    size_t migration_class;
    const yaml_node_t *acc_key; /* the `accounts` key, for messages about the mapping */
} cloader;

static urio_status nomem(cloader *L)
{
    return urio_diag_set(L->d, URIO_ENOMEM, L->path, 0, 0, NULL, "out of memory loading the model");
}

/* The text of a scalar value; error (naming key) when it is not text. */
static urio_status scalar_text(cloader *L, const yaml_node_t *v, const char *key, const char *what,
                               const char **text)
{
    *text = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, NULL, "`%s` must be %s, got %s", key,
                               what, urio__yaml_kind(v));
    if (*text == NULL)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, NULL, "`%s` contains a NUL character",
                               key);
    return URIO_OK;
}

/* "a, b, c, ... (n in all)" of the SAM's accounts, for hints. */
static void account_list(const cloader *L, char *buf, size_t size)
{
    const urio_labels *l = L->sam->rows;
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->count; i++) {
        int k = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", l->name[i]);
        if (k < 0 || (size_t)k + 24 >= size - o) {
            snprintf(buf + o, size - o, ", ... (%zu in all)", l->count);
            return;
        }
        o += (size_t)k;
    }
}

/* ---- The SAM ---------------------------------------------------------------------- */

static urio_status read_sam(cloader *L, const yaml_node_t *root, uint64_t *hash)
{
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(L->doc, root, "sam", &k);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : root,
                               "add `sam: sam.csv`, the social accounting matrix (rows receive, "
                               "columns pay)",
                               "the CGE model has no `sam`");
    const char *rel = NULL;
    urio_status s = scalar_text(L, v, "sam", "a file path", &rel);
    if (s != URIO_OK) return s;
    if (rel[0] == '\0')
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, NULL, "`sam` is an empty path");
    L->sam_path = urio__path_join(L->dir, rel);
    if (L->sam_path == NULL) return nomem(L);
    char *buf = NULL;
    size_t len = 0;
    urio_diag inner;
    urio_diag_clear(&inner);
    s = urio_read_file(L->sam_path, &buf, &len, &inner);
    if (s != URIO_OK) {
        char hint[384];
        snprintf(hint, sizeof hint, "paths in a model file are relative to its directory (%s)",
                 L->dir);
        return urio__yaml_fail(L->d, s, L->path, v, hint, "`sam`: %s: %s", L->sam_path, inner.msg);
    }
    *hash = urio__fnv1a(*hash, buf, len);
    uint64_t n64 = (uint64_t)len;
    *hash = urio__fnv1a(*hash, &n64, sizeof n64);
    urio_model_file *mf = L->mf;
    char **g = realloc(mf->sources, (mf->nsources + 1) * sizeof *g);
    if (g == NULL) {
        free(buf);
        return nomem(L);
    }
    mf->sources = g;
    mf->sources[mf->nsources] = strdup(L->sam_path);
    if (mf->sources[mf->nsources] == NULL) {
        free(buf);
        return nomem(L);
    }
    mf->nsources++;
    if (L->all != NULL) {
        s = urio_csv_parse_all(buf, len, L->sam_path, &L->sam, L->d, L->all);
        if (s != URIO_OK) *L->listed = true;
    } else {
        s = urio_csv_parse(buf, len, L->sam_path, &L->sam, L->d);
    }
    free(buf);
    if (s != URIO_OK) return s;

    /* Square, with the same accounts on both axes, in the same order: every
     * mismatch is listed when collecting (the first is returned). */
    const urio_table *t = L->sam;
    const size_t nr = t->rows->count, nc = t->cols->count;
    const char *hint = "a SAM is square: the column labels are the row labels, in the same order";
    urio_status first = URIO_OK;
    urio_diag one;
    for (size_t i = 0; i < nr && i < nc; i++) {
        if (strcmp(t->rows->name[i], t->cols->name[i]) == 0) continue;
        urio_diag *into = first == URIO_OK ? L->d : &one;
        s = urio_diag_set(into, URIO_EPARSE, L->sam_path, t->row_line != NULL ? t->row_line[i] : 0,
                          1, hint, "row %zu of the SAM is \"%s\" but column %zu is \"%s\"", i + 1,
                          t->rows->name[i], i + 1, t->cols->name[i]);
        if (L->all == NULL) return s;
        urio_diags_add(L->all, into);
        *L->listed = true;
        if (first == URIO_OK) first = s;
    }
    if (nr != nc) {
        urio_diag *into = first == URIO_OK ? L->d : &one;
        s = urio_diag_set(into, URIO_EPARSE, L->sam_path, 1, 0, hint,
                          "the SAM has %zu rows and %zu columns", nr, nc);
        if (L->all == NULL || first == URIO_OK) return s; /* unlisted: the caller lists it */
        urio_diags_add(L->all, into);
    }
    if (first != URIO_OK) return first;
    L->na = nr;
    L->role = calloc(nr, sizeof *L->role);
    L->node = calloc(nr, sizeof *L->node);
    if (L->role == NULL || L->node == NULL) return nomem(L);
    return URIO_OK;
}

/* ---- Account roles ----------------------------------------------------------------- */

/* The SAM index of a label given at node n under `key` (role r, 1-based). */
static urio_status resolve(cloader *L, const yaml_node_t *n, const char *key, int r, size_t *idx)
{
    const char *t = NULL;
    urio_status s = scalar_text(L, n, key, "an account of the SAM", &t);
    if (s != URIO_OK) return s;
    if (!urio_labels_find(L->sam->rows, t, idx)) {
        char ex[80], list[300], hint[400];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        account_list(L, list, sizeof list);
        const char *near = urio__nearest(t, (const char *const *)L->sam->rows->name, L->na);
        if (near != NULL)
            snprintf(hint, sizeof hint, "did you mean \"%s\"? The SAM's accounts: %s", near, list);
        else
            snprintf(hint, sizeof hint, "the SAM's accounts: %s", list);
        return urio__yaml_fail(L->d, URIO_EMODEL, L->path, n, hint,
                               "`%s`: \"%s\" is not an account of the SAM (%s)", key, ex,
                               L->sam_path);
    }
    if (L->role[*idx] != 0) {
        const yaml_node_t *first = L->node[*idx];
        return urio__yaml_fail(
            L->d, URIO_EMODEL, L->path, n, "give every account exactly one role",
            "account \"%s\" is listed under `%s` and already under `%s` (line %zu)", t, key,
            L->role[*idx] <= (int)NKEYS(account_keys)
                ? account_keys[L->role[*idx] - 1]
                : tax_keys[L->role[*idx] - 1 - (int)NKEYS(account_keys)],
            urio__yaml_line(first));
    }
    L->role[*idx] = r;
    L->node[*idx] = n;
    return URIO_OK;
}

/* A list of accounts under accounts.<key> (required, non-empty). */
static urio_status account_list_key(cloader *L, const yaml_node_t *acc, int which, size_t **out,
                                    size_t *count)
{
    const char *key = account_keys[which];
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(L->doc, acc, key, &k);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : L->acc_key,
                               "list the SAM accounts in this role: `[A, B]`",
                               "`accounts` has no `%s`", key);
    if (v->type == YAML_SCALAR_NODE) {
        *out = malloc(sizeof **out);
        if (*out == NULL) return nomem(L);
        *count = 1;
        return resolve(L, v, key, which + 1, &(*out)[0]);
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, "write a list: `[A, B]`",
                               "`accounts.%s` must be a list of accounts, got %s", key,
                               urio__yaml_kind(v));
    size_t n = urio__yaml_seq_len(v);
    if (n == 0)
        return urio__yaml_fail(L->d, URIO_EMODEL, L->path, v, "list at least one account",
                               "`accounts.%s` is empty", key);
    *out = malloc(n * sizeof **out);
    if (*out == NULL) return nomem(L);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = urio__yaml_seq_item(L->doc, v, i);
        urio_status s = resolve(L, item, key, which + 1, &(*out)[i]);
        *count = i + 1;
        if (s != URIO_OK) return s;
    }
    return URIO_OK;
}

/* One account under map.<key>; required unless optional (then *idx = SIZE_MAX). */
static urio_status one_account(cloader *L, const yaml_node_t *map, const char *key, int r,
                               bool optional, size_t *idx)
{
    *idx = SIZE_MAX;
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(L->doc, map, key, &k);
    if (v == NULL || urio__yaml_is_null(v)) {
        if (optional) return URIO_OK;
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : L->acc_key,
                               "name the SAM account in this role (it may be all zeros)",
                               "`accounts` has no `%s`", key);
    }
    return resolve(L, v, key, r, idx);
}

/* accounts.taxes.factor: {FACTOR: ACCOUNT, ...}, the account of the tax on each
 * factor's use (the cells (account, activity)). */
static urio_status factor_taxes(cloader *L, const yaml_node_t *taxes, int r)
{
    yaml_node_t *v = urio__yaml_get(L->doc, taxes, "factor", NULL);
    if (v == NULL || urio__yaml_is_null(v)) return URIO_OK;
    if (v->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, v,
            "name the factor each account taxes: `factor: {CAP: TXK, LAB: TXL}` (the "
            "cells (account, activity) are the tax on that factor's use)",
            "`accounts.taxes.factor` must be a mapping from factors to tax accounts, "
            "got %s",
            urio__yaml_kind(v));
    L->tf = malloc((L->nf > 0 ? L->nf : 1) * sizeof *L->tf);
    if (L->tf == NULL) return nomem(L);
    for (size_t f = 0; f < L->nf; f++)
        L->tf[f] = SIZE_MAX;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *fk = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *fv = yaml_document_get_node(L->doc, p->value);
        const char *t = NULL;
        urio_status s = scalar_text(L, fk, "accounts.taxes.factor", "a factor", &t);
        if (s != URIO_OK) return s;
        size_t f = 0;
        while (f < L->nf && strcmp(L->sam->rows->name[L->factors[f]], t) != 0)
            f++;
        if (f == L->nf) {
            char ex[80];
            urio__excerpt(t, strlen(t), ex, sizeof ex);
            return urio__yaml_fail(
                L->d, URIO_EMODEL, L->path, fk, "the keys are factors listed under `factors`",
                "`accounts.taxes.factor`: \"%s\" is not a factor of the model", ex);
        }
        if (L->tf[f] != SIZE_MAX)
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, fk,
                                   "give each factor one tax account",
                                   "`accounts.taxes.factor` names factor \"%s\" twice", t);
        s = resolve(L, fv, "factor", r, &L->tf[f]);
        if (s != URIO_OK) return s;
    }
    return URIO_OK;
}

static urio_status read_accounts(cloader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *acc = urio__yaml_get(L->doc, root, "accounts", &k);
    if (acc == NULL || urio__yaml_is_null(acc))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : root,
                               "add `accounts:` with goods, factors, households, government, "
                               "investment, rest_of_world (and taxes)",
                               "the CGE model has no `accounts`");
    if (acc->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, acc,
                               "write `accounts:` then indented `goods: [...]`, ...",
                               "`accounts` must be a mapping, got %s", urio__yaml_kind(acc));
    L->acc_key = k;
    urio_status s = urio__yaml_check_keys(L->doc, acc, account_keys, NKEYS(account_keys), L->path,
                                          "`accounts`", L->d);
    if (s != URIO_OK) return s;
    yaml_node_t *gk = NULL, *ak = NULL, *ck = NULL;
    yaml_node_t *gv = urio__yaml_get(L->doc, acc, "goods", &gk);
    yaml_node_t *av = urio__yaml_get(L->doc, acc, "activities", &ak);
    yaml_node_t *cv = urio__yaml_get(L->doc, acc, "commodities", &ck);
    const bool has_g = gv != NULL && !urio__yaml_is_null(gv);
    const bool split =
        (av != NULL && !urio__yaml_is_null(av)) || (cv != NULL && !urio__yaml_is_null(cv));
    if (has_g && split)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, ak != NULL ? ak : ck,
                               "list either `goods` (each account both activity and commodity) or "
                               "`activities` and `commodities`, not both",
                               "`accounts` has both `goods` and `%s`",
                               ak != NULL ? "activities" : "commodities");
    if (split) {
        s = account_list_key(L, acc, 7, &L->activities, &L->nact);
        if (s == URIO_OK) s = account_list_key(L, acc, 8, &L->commodities, &L->ncom);
        L->com = L->commodities;
        L->ncm = L->ncom;
    } else {
        s = account_list_key(L, acc, 0, &L->goods, &L->ng);
        L->com = L->goods;
        L->ncm = L->ng;
    }
    if (s == URIO_OK) s = account_list_key(L, acc, 1, &L->factors, &L->nf);
    if (s == URIO_OK) s = account_list_key(L, acc, 2, &L->households, &L->nh);
    if (s == URIO_OK) s = one_account(L, acc, "government", 4, false, &L->gov);
    if (s == URIO_OK) s = one_account(L, acc, "investment", 5, false, &L->inv);
    if (s == URIO_OK) s = one_account(L, acc, "rest_of_world", 6, false, &L->row);
    if (s != URIO_OK) return s;
    yaml_node_t *tk = NULL;
    yaml_node_t *taxes = urio__yaml_get(L->doc, acc, "taxes", &tk);
    if (taxes != NULL && !urio__yaml_is_null(taxes)) {
        if (taxes->type != YAML_MAPPING_NODE)
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, taxes, "write `taxes: {production: IDT, import: TRF}`",
                "`accounts.taxes` must be a mapping, got %s", urio__yaml_kind(taxes));
        s = urio__yaml_check_keys(L->doc, taxes, tax_keys, NKEYS(tax_keys), L->path,
                                  "`accounts.taxes` (direct taxes are the cells (government, "
                                  "household) and need no account)",
                                  L->d);
        const int base = (int)NKEYS(account_keys);
        if (s == URIO_OK) s = one_account(L, taxes, "production", base + 1, true, &L->tz);
        if (s == URIO_OK) s = one_account(L, taxes, "import", base + 2, true, &L->tm);
        if (s == URIO_OK) s = one_account(L, taxes, "commodity", base + 3, true, &L->tc);
        if (s == URIO_OK) s = one_account(L, taxes, "export", base + 4, true, &L->te);
        if (s == URIO_OK) s = factor_taxes(L, taxes, base + 5);
        if (s != URIO_OK) return s;
    }
    /* Every SAM account has a role. */
    for (size_t a = 0; a < L->na; a++) {
        if (L->role[a] != 0) continue;
        char hint[400];
        snprintf(hint, sizeof hint,
                 "give \"%s\" a role under `accounts` (goods, factors, households, government, "
                 "investment, rest_of_world, taxes), or remove it from %s",
                 L->sam->rows->name[a], L->sam_path);
        return urio__yaml_fail(L->d, URIO_EMODEL, L->path, L->acc_key, hint,
                               "SAM account \"%s\" (%s line %zu) has no role in the model",
                               L->sam->rows->name[a], L->sam_path,
                               L->sam->row_line != NULL ? L->sam->row_line[a] : (size_t)0);
    }
    return URIO_OK;
}

/* ---- Elasticities, numeraire, closure --------------------------------------------- */

static urio_status number_at(cloader *L, const yaml_node_t *v, const char *what, double *out)
{
    const char *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE || urio__yaml_is_null(v) || t == NULL)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, "write a number such as 2 or 0.8",
                               "%s must be a number, got %s", what, urio__yaml_kind(v));
    const char *why = NULL, *hint = NULL;
    if (!urio__parse_number(t, strlen(t), out, &why, &hint)) {
        char ex[80];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, hint, "%s %s: \"%s\"", what, why, ex);
    }
    return URIO_OK;
}

/* One elasticity (armington, transformation or sourcing): a number or {good:
 * number}. */
static urio_status elasticity(cloader *L, const yaml_node_t *el, int which, double *out)
{
    const char *key = elasticity_keys[which];
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(L->doc, el, key, &k);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : el,
                               which == 0 ? "add `armington: 2` (substitution between imports and "
                                            "domestic goods), or a map per good"
                                          : "add `transformation: 2` (between exports and domestic "
                                            "sales), or a map per good",
                               "`elasticities` has no `%s`", key);
    const yaml_node_t **at = calloc(L->ncm, sizeof *at);
    if (at == NULL) return nomem(L);
    urio_status s = URIO_OK;
    char what[96];
    snprintf(what, sizeof what, "`elasticities.%s`", key);
    if (v->type == YAML_SCALAR_NODE) {
        double x = 0.0;
        s = number_at(L, v, what, &x);
        for (size_t i = 0; i < L->ncm; i++) {
            out[i] = x;
            at[i] = v;
        }
    } else if (v->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = v->data.mapping.pairs.start;
             s == URIO_OK && p < v->data.mapping.pairs.top; p++) {
            yaml_node_t *gk = yaml_document_get_node(L->doc, p->key);
            yaml_node_t *gv = yaml_document_get_node(L->doc, p->value);
            const char *g = urio__yaml_text(gk);
            size_t acc = 0, gi = L->ncm;
            if (g != NULL && urio_labels_find(L->sam->rows, g, &acc))
                for (size_t i = 0; i < L->ncm; i++)
                    if (L->com[i] == acc) gi = i;
            if (gi == L->ncm) {
                const char **names = malloc(L->ncm * sizeof *names);
                if (names == NULL) {
                    s = nomem(L);
                    break;
                }
                for (size_t i = 0; i < L->ncm; i++)
                    names[i] = L->sam->rows->name[L->com[i]];
                const char *near = g != NULL ? urio__nearest(g, names, L->ncm) : NULL;
                char hint[300];
                snprintf(hint, sizeof hint, "%s%s%sthe keys are the goods",
                         near != NULL ? "did you mean \"" : "", near != NULL ? near : "",
                         near != NULL ? "\"? " : "");
                free(names);
                s = urio__yaml_fail(L->d, URIO_EMODEL, L->path, gk, hint,
                                    "%s: \"%s\" is not a good", what, g != NULL ? g : "?");
                break;
            }
            if (at[gi] != NULL) {
                s = urio__yaml_fail(L->d, URIO_EPARSE, L->path, gk, "give each good once",
                                    "%s gives \"%s\" twice (lines %zu and %zu)", what, g,
                                    urio__yaml_line(at[gi]), urio__yaml_line(gk));
                break;
            }
            at[gi] = gk;
            s = number_at(L, gv, what, &out[gi]);
        }
        for (size_t i = 0; s == URIO_OK && i < L->ncm; i++)
            if (at[i] == NULL)
                s = urio__yaml_fail(
                    L->d, URIO_EMODEL, L->path, v, "give every good a value, or one number for all",
                    "%s has no value for good \"%s\"", what, L->sam->rows->name[L->com[i]]);
    } else {
        s = urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                            "write a number (`2`) or a map per good (`{BRD: 2}`)",
                            "%s must be a number or a mapping, got %s", what, urio__yaml_kind(v));
    }
    for (size_t i = 0; s == URIO_OK && i < L->ncm; i++) {
        const double x = out[i];
        const char *g = L->sam->rows->name[L->com[i]];
        if (!(x > 0.0))
            s = urio__yaml_fail(L->d, URIO_EMODEL, L->path, at[i],
                                "an elasticity is a positive number", "%s of %s is %g", what, g, x);
        else if (which != 1 && x == 1.0)
            s = urio__yaml_fail(L->d, URIO_EMODEL, L->path, at[i],
                                "the CES form needs sigma != 1; use 0.99 or 1.01 for a "
                                "Cobb-Douglas-like aggregate",
                                "%s of %s is 1", what, g);
    }
    free(at);
    return s;
}

static urio_status read_elasticities(cloader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *el = urio__yaml_get(L->doc, root, "elasticities", &k);
    if (el == NULL || urio__yaml_is_null(el))
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, k != NULL ? k : root,
            "add `elasticities: {armington: 2, transformation: 2}` (the values of "
            "Hosoe, Gasawa & Hashimoto's example), or a map per good",
            "the CGE model has no `elasticities`");
    if (el->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, el,
                               "write `elasticities: {armington: 2, transformation: 2}`",
                               "`elasticities` must be a mapping, got %s", urio__yaml_kind(el));
    urio_status s = urio__yaml_check_keys(L->doc, el, elasticity_keys, NKEYS(elasticity_keys),
                                          L->path, "`elasticities`", L->d);
    L->armington = calloc(L->ncm, sizeof *L->armington);
    L->transformation = calloc(L->ncm, sizeof *L->transformation);
    if (L->armington == NULL || L->transformation == NULL) return nomem(L);
    if (s == URIO_OK) s = elasticity(L, el, 0, L->armington);
    if (s == URIO_OK) s = elasticity(L, el, 1, L->transformation);
    /* sourcing: optional (the model refuses its absence where an activity shares
     * a commodity with another). */
    yaml_node_t *sv = urio__yaml_get(L->doc, el, "sourcing", NULL);
    if (s == URIO_OK && sv != NULL && !urio__yaml_is_null(sv)) {
        L->sourcing = calloc(L->ncm, sizeof *L->sourcing);
        if (L->sourcing == NULL) return nomem(L);
        s = elasticity(L, el, 2, L->sourcing);
    }
    return s;
}

static urio_status read_numeraire(cloader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(L->doc, root, "numeraire", &k);
    char list[300];
    size_t o = 0;
    list[0] = '\0';
    for (size_t f = 0; f < L->nf && o < sizeof list; f++) {
        int w = snprintf(list + o, sizeof list - o, "%s, ", L->sam->rows->name[L->factors[f]]);
        if (w > 0) o += (size_t)w;
    }
    char hint[400];
    snprintf(hint, sizeof hint, "write `numeraire:` with a factor (%sor cpi)", list);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : root, hint,
                               "the CGE model has no `numeraire` (the price fixed at 1)");
    const char *t = NULL;
    urio_status s = scalar_text(L, v, "numeraire", "a factor or cpi", &t);
    if (s != URIO_OK) return s;
    if (strcmp(t, "cpi") == 0 || strcmp(t, "CPI") == 0) {
        L->numeraire = URIO_CGE_NUMERAIRE_CPI;
        return URIO_OK;
    }
    size_t acc = 0;
    if (urio_labels_find(L->sam->rows, t, &acc))
        for (size_t f = 0; f < L->nf; f++)
            if (L->factors[f] == acc) {
                L->numeraire = URIO_CGE_NUMERAIRE_FACTOR;
                L->numeraire_factor = f;
                return URIO_OK;
            }
    char ex[80];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    return urio__yaml_fail(L->d, URIO_EMODEL, L->path, v, hint, "numeraire \"%s\" is not a factor",
                           ex);
}

/* The index of text t among words (count of them), or count. */
static size_t word_index(const char *t, const char *const *words, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(t, words[i]) == 0) return i;
    return count;
}

/* An unknown closure value, with the known ones as the hint. */
static urio_status bad_closure(cloader *L, const yaml_node_t *v, const char *key, const char *t,
                               const char *const *words, size_t count)
{
    char ex[80], hint[300], list[200];
    urio__excerpt(t, strlen(t), ex, sizeof ex);
    size_t o = 0;
    list[0] = '\0';
    for (size_t i = 0; i < count && o < sizeof list; i++) {
        int w = snprintf(list + o, sizeof list - o, "%s%s", i > 0 ? ", " : "", words[i]);
        if (w > 0) o += (size_t)w;
    }
    const char *near = urio__nearest(t, words, count);
    snprintf(hint, sizeof hint, "%s%s%s`%s` is one of: %s", near != NULL ? "did you mean `" : "",
             near != NULL ? near : "", near != NULL ? "`? " : "", key, list);
    return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, hint, "unknown closure `%s: %s`", key,
                           ex);
}

/* closure.factors: a closure for every factor, or {factor: closure}. */
static urio_status read_factor_closure(cloader *L, const yaml_node_t *v)
{
    static const char *const words[] = {"mobile", "sector-specific"};
    L->fclosure = calloc(L->nf > 0 ? L->nf : 1, sizeof *L->fclosure);
    if (L->fclosure == NULL) return nomem(L);
    if (v->type == YAML_SCALAR_NODE) {
        const char *t = NULL;
        urio_status s = scalar_text(L, v, "closure.factors", "a closure name", &t);
        if (s != URIO_OK) return s;
        const size_t w = word_index(t, words, 2);
        if (w == 2) return bad_closure(L, v, "factors", t, words, 2);
        for (size_t f = 0; f < L->nf; f++)
            L->fclosure[f] = (urio_cge_factor_closure)w;
        return URIO_OK;
    }
    if (v->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                               "write `factors: mobile`, `factors: sector-specific` or "
                               "`factors: {CAP: sector-specific}`",
                               "`closure.factors` must be a closure name or a mapping, got %s",
                               urio__yaml_kind(v));
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *fk = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *fv = yaml_document_get_node(L->doc, p->value);
        const char *fname = urio__yaml_text(fk), *t = NULL;
        size_t acc = 0, fi = L->nf;
        if (fname != NULL && urio_labels_find(L->sam->rows, fname, &acc))
            for (size_t f = 0; f < L->nf; f++)
                if (L->factors[f] == acc) fi = f;
        if (fi == L->nf)
            return urio__yaml_fail(
                L->d, URIO_EMODEL, L->path, fk, "the keys of `closure.factors` are factors",
                "`closure.factors`: \"%s\" is not a factor", fname != NULL ? fname : "?");
        urio_status s = scalar_text(L, fv, "closure.factors", "a closure name", &t);
        if (s != URIO_OK) return s;
        const size_t w = word_index(t, words, 2);
        if (w == 2) return bad_closure(L, fv, "factors", t, words, 2);
        L->fclosure[fi] = (urio_cge_factor_closure)w;
    }
    return URIO_OK;
}

/* closure: {investment, foreign_savings, government, factors}; every key optional,
 * the defaults are the standard model's. */
static urio_status read_closure(cloader *L, const yaml_node_t *root)
{
    L->closure.investment = URIO_CGE_SAVINGS_DRIVEN;
    L->closure.foreign_savings = URIO_CGE_FOREIGN_SAVINGS_FIXED;
    L->closure.government = URIO_CGE_GOV_SAVING_RATE;
    yaml_node_t *k = NULL;
    yaml_node_t *c = urio__yaml_get(L->doc, root, "closure", &k);
    if (c == NULL || urio__yaml_is_null(c)) return URIO_OK;
    if (c->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, c,
            "write `closure: {investment: savings-driven, foreign_savings: fixed}`",
            "`closure` must be a mapping, got %s", urio__yaml_kind(c));
    urio_status s = urio__yaml_check_keys(L->doc, c, closure_keys, NKEYS(closure_keys), L->path,
                                          "`closure`", L->d);
    if (s != URIO_OK) return s;
    static const char *const inv[] = {"savings-driven", "investment-driven"};
    static const char *const fs[] = {"fixed", "flexible"};
    static const char *const gov[] = {"saving-rate", "savings-fixed", "spending-fixed"};
    static const struct {
        const char *key;
        const char *const *words;
        size_t count;
    } rule[] = {{"investment", inv, 2}, {"foreign_savings", fs, 2}, {"government", gov, 3}};
    for (size_t i = 0; i < NKEYS(rule); i++) {
        yaml_node_t *v = urio__yaml_get(L->doc, c, rule[i].key, NULL);
        if (v == NULL || urio__yaml_is_null(v)) continue;
        const char *t = NULL;
        char what[64];
        snprintf(what, sizeof what, "closure.%s", rule[i].key);
        s = scalar_text(L, v, what, "a closure name", &t);
        if (s != URIO_OK) return s;
        const size_t w = word_index(t, rule[i].words, rule[i].count);
        if (w == rule[i].count)
            return bad_closure(L, v, rule[i].key, t, rule[i].words, rule[i].count);
        if (i == 0) L->closure.investment = (urio_cge_investment_closure)w;
        if (i == 1) L->closure.foreign_savings = (urio_cge_foreign_closure)w;
        if (i == 2) L->closure.government = (urio_cge_government_closure)w;
    }
    yaml_node_t *fv = urio__yaml_get(L->doc, c, "factors", NULL);
    if (fv != NULL && !urio__yaml_is_null(fv)) return read_factor_closure(L, fv);
    return URIO_OK;
}

/* The area of factor f in class name: its label without "/name", or NULL when the
 * label does not end in "/name".  Returns the length in *len. */
static const char *segment_area(const cloader *L, size_t f, const char *name, size_t *len)
{
    const char *lab = L->sam->rows->name[L->factors[f]];
    const size_t ll = strlen(lab), nl = strlen(name);
    if (ll <= nl + 1 || lab[ll - nl - 1] != '/' || strcmp(lab + ll - nl, name) != 0) return NULL;
    *len = ll - nl - 1;
    return lab;
}

/* mobility: {class: {base: area, ratio: number or {area: number}, income: residence |
 * owner}}.  A class's segments are the factors labelled area/class. */
static urio_status read_mobility(cloader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *mv = urio__yaml_get(L->doc, root, "mobility", &k);
    if (mv == NULL || urio__yaml_is_null(mv)) return URIO_OK;
    if (mv->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, mv,
                               "write `mobility: {labour: {base: rural, ratio: 1.78}}`",
                               "`mobility` must be a mapping, got %s", urio__yaml_kind(mv));
    const size_t nc = (size_t)(mv->data.mapping.pairs.top - mv->data.mapping.pairs.start);
    L->classes = calloc(nc > 0 ? nc : 1, sizeof *L->classes);
    L->segs = malloc((L->nf > 0 ? L->nf : 1) * sizeof *L->segs);
    L->ratio = malloc((L->nf > 0 ? L->nf : 1) * sizeof *L->ratio);
    if (L->classes == NULL || L->segs == NULL || L->ratio == NULL) return nomem(L);
    size_t used = 0;
    for (yaml_node_pair_t *p = mv->data.mapping.pairs.start; p < mv->data.mapping.pairs.top; p++) {
        yaml_node_t *ck = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *cv = yaml_document_get_node(L->doc, p->value);
        const char *name = NULL;
        urio_status s = scalar_text(L, ck, "mobility", "a factor name", &name);
        if (s != URIO_OK) return s;
        char what[96];
        snprintf(what, sizeof what, "`mobility.%s`", name);
        if (cv->type != YAML_MAPPING_NODE)
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, cv,
                                   "write `{base: rural, ratio: 1.78}`",
                                   "%s must be a mapping, got %s", what, urio__yaml_kind(cv));
        s = urio__yaml_check_keys(L->doc, cv, mobility_keys, NKEYS(mobility_keys), L->path, what,
                                  L->d);
        if (s != URIO_OK) return s;
        urio_cge_class_spec *cl = &L->classes[L->nclasses];
        cl->name = name;
        cl->segs = L->segs + used;
        cl->ratio = L->ratio + used;
        size_t nseg = 0;
        for (size_t f = 0; f < L->nf; f++) {
            size_t len = 0;
            if (segment_area(L, f, name, &len) == NULL) continue;
            L->segs[used + nseg] = f;
            L->ratio[used + nseg] = 1.0;
            nseg++;
        }
        if (nseg < 2) {
            char hint[300];
            snprintf(hint, sizeof hint,
                     "a mobility class is the factors labelled AREA/%s, one per area (e.g. "
                     "urban/%s and rural/%s)",
                     name, name, name);
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, ck, hint,
                                   "%s: %zu factor(s) are labelled */%s", what, nseg, name);
        }
        cl->nseg = nseg;
        /* base: an area */
        yaml_node_t *bk = NULL;
        yaml_node_t *bv = urio__yaml_get(L->doc, cv, "base", &bk);
        if (bv == NULL || urio__yaml_is_null(bv))
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, cv,
                "add `base: rural` (the area whose price the others are relative to)",
                "%s has no `base`", what);
        const char *base = NULL;
        s = scalar_text(L, bv, "base", "an area", &base);
        if (s != URIO_OK) return s;
        cl->base = nseg;
        for (size_t q = 0; q < nseg; q++) {
            size_t len = 0;
            const char *lab = segment_area(L, L->segs[used + q], name, &len);
            if (strlen(base) == len && strncmp(lab, base, len) == 0) cl->base = q;
        }
        if (cl->base == nseg)
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, bv,
                                   "the base is the area part of a segment's label",
                                   "%s: no factor is labelled %s/%s", what, base, name);
        /* ratio: a number for every other segment, or {area: number} */
        yaml_node_t *rv = urio__yaml_get(L->doc, cv, "ratio", NULL);
        if (rv == NULL || urio__yaml_is_null(rv))
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, cv,
                "add `ratio: 1.78`, the price of the other segments relative to the "
                "base at the benchmark (1 for no wedge)",
                "%s has no `ratio`", what);
        if (rv->type == YAML_SCALAR_NODE) {
            double x = 0.0;
            s = number_at(L, rv, "`ratio`", &x);
            if (s != URIO_OK) return s;
            for (size_t q = 0; q < nseg; q++)
                L->ratio[used + q] = q == cl->base ? 1.0 : x;
        } else if (rv->type == YAML_MAPPING_NODE) {
            for (yaml_node_pair_t *r = rv->data.mapping.pairs.start; r < rv->data.mapping.pairs.top;
                 r++) {
                yaml_node_t *ak = yaml_document_get_node(L->doc, r->key);
                yaml_node_t *av = yaml_document_get_node(L->doc, r->value);
                const char *area = urio__yaml_text(ak);
                size_t qi = nseg;
                for (size_t q = 0; area != NULL && q < nseg; q++) {
                    size_t len = 0;
                    const char *lab = segment_area(L, L->segs[used + q], name, &len);
                    if (strlen(area) == len && strncmp(lab, area, len) == 0) qi = q;
                }
                if (qi == nseg || qi == cl->base)
                    return urio__yaml_fail(L->d, URIO_EMODEL, L->path, ak,
                                           "the keys of `ratio` are the areas other than the base",
                                           "%s: `ratio` names \"%s\", not a non-base area", what,
                                           area != NULL ? area : "?");
                s = number_at(L, av, "`ratio`", &L->ratio[used + qi]);
                if (s != URIO_OK) return s;
            }
        } else {
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, rv, "write `ratio: 1.78` or `ratio: {urban: 1.78}`",
                "`ratio` must be a number or a mapping, got %s", urio__yaml_kind(rv));
        }
        for (size_t q = 0; q < nseg; q++)
            if (!(L->ratio[used + q] > 0.0))
                return urio__yaml_fail(L->d, URIO_EMODEL, L->path, rv,
                                       "a price ratio is a positive number", "%s: the ratio is %g",
                                       what, L->ratio[used + q]);
        /* income: residence (default) or owner */
        cl->income = URIO_CGE_INCOME_RESIDENCE;
        yaml_node_t *iv = urio__yaml_get(L->doc, cv, "income", NULL);
        if (iv != NULL && !urio__yaml_is_null(iv)) {
            static const char *const rules[] = {"residence", "owner"};
            const char *t = NULL;
            s = scalar_text(L, iv, "income", "residence or owner", &t);
            if (s != URIO_OK) return s;
            const size_t w = word_index(t, rules, 2);
            if (w == 2) return bad_closure(L, iv, "income", t, rules, 2);
            cl->income = (urio_cge_income_rule)w;
        }
        used += nseg;
        L->nclasses++;
    }
    return URIO_OK;
}

/* population: {households: {household: number}, unit: text, migrates_with: class}. */
static urio_status read_population(cloader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *pv = urio__yaml_get(L->doc, root, "population", &k);
    if (pv == NULL || urio__yaml_is_null(pv)) return URIO_OK;
    if (pv->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, pv,
                               "write `population: {households: {urban: 81347, rural: 57661}}`",
                               "`population` must be a mapping, got %s", urio__yaml_kind(pv));
    urio_status s = urio__yaml_check_keys(L->doc, pv, population_keys, NKEYS(population_keys),
                                          L->path, "`population`", L->d);
    if (s != URIO_OK) return s;
    yaml_node_t *hv = urio__yaml_get(L->doc, pv, "households", NULL);
    if (hv == NULL || hv->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, hv != NULL ? hv : pv,
            "write `households: {urban: 81347, rural: 57661}`",
            "`population` needs `households`, a mapping from household to people");
    L->population = calloc(L->nh > 0 ? L->nh : 1, sizeof *L->population);
    if (L->population == NULL) return nomem(L);
    for (yaml_node_pair_t *p = hv->data.mapping.pairs.start; p < hv->data.mapping.pairs.top; p++) {
        yaml_node_t *hk = yaml_document_get_node(L->doc, p->key);
        yaml_node_t *hn = yaml_document_get_node(L->doc, p->value);
        const char *h = urio__yaml_text(hk);
        size_t acc = 0, hi = L->nh;
        if (h != NULL && urio_labels_find(L->sam->rows, h, &acc))
            for (size_t i = 0; i < L->nh; i++)
                if (L->households[i] == acc) hi = i;
        if (hi == L->nh)
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, hk, "the keys are the households",
                                   "`population.households`: \"%s\" is not a household",
                                   h != NULL ? h : "?");
        s = number_at(L, hn, "a population", &L->population[hi]);
        if (s != URIO_OK) return s;
    }
    for (size_t i = 0; i < L->nh; i++)
        if (!(L->population[i] > 0.0))
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, hv,
                                   "give every household a positive population",
                                   "`population.households` has no positive value for \"%s\"",
                                   L->sam->rows->name[L->households[i]]);
    yaml_node_t *mk = NULL;
    yaml_node_t *mv = urio__yaml_get(L->doc, pv, "migrates_with", &mk);
    if (mv != NULL && !urio__yaml_is_null(mv)) {
        const char *t = NULL;
        s = scalar_text(L, mv, "migrates_with", "a mobility class", &t);
        if (s != URIO_OK) return s;
        for (size_t c = 0; c < L->nclasses; c++)
            if (strcmp(L->classes[c].name, t) == 0) {
                L->migration = true;
                L->migration_class = c;
            }
        if (!L->migration)
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, mv,
                                   "name a class listed under `mobility`",
                                   "`migrates_with`: \"%s\" is not a mobility class", t);
    }
    return URIO_OK;
}

/* ---- Calibration ------------------------------------------------------------------- */

/* Build the model; put a SAM problem at the SAM's line and column, an elasticity or
 * other problem at the model file. */
static urio_status calibrate(cloader *L)
{
    const urio_cge_spec sp = {
        .name = L->mf->name,
        .units = L->mf->units,
        .accounts = L->sam->rows,
        .sam = L->sam->values,
        .ngoods = L->ng,
        .goods = L->goods,
        .nactivities = L->nact,
        .activities = L->activities,
        .ncommodities = L->ncom,
        .commodities = L->commodities,
        .sourcing = L->sourcing,
        .factor_closure = L->fclosure,
        .nclasses = L->nclasses,
        .classes = L->classes,
        .population = L->population,
        .migration = L->migration,
        .migration_class = L->migration_class,
        .nfactors = L->nf,
        .factors = L->factors,
        .nhouseholds = L->nh,
        .households = L->households,
        .government = L->gov,
        .investment = L->inv,
        .rest_of_world = L->row,
        .tax_production = L->tz,
        .tax_import = L->tm,
        .tax_commodity = L->tc != SIZE_MAX ? &L->tc : NULL,
        .tax_export = L->te != SIZE_MAX ? &L->te : NULL,
        .tax_factor = L->tf,
        .armington = L->armington,
        .transformation = L->transformation,
        .numeraire = L->numeraire,
        .numeraire_factor = L->numeraire_factor,
        .closure = L->closure,
    };
    urio_cge_where where = {SIZE_MAX, SIZE_MAX};
    urio_cge_model *m = NULL;
    urio_status s = urio_cge_model_create(&sp, &m, &where, L->d);
    if (s == URIO_OK) {
        L->mf->cge = m;
        return URIO_OK;
    }
    if (L->d == NULL) return s;
    if (where.row != SIZE_MAX && where.row < L->na) {
        /* A SAM problem: the row's line; for a cell, the column's column. */
        snprintf(L->d->file, sizeof L->d->file, "%s", L->sam_path);
        L->d->line = L->sam->row_line != NULL ? L->sam->row_line[where.row] : 0;
        L->d->col = where.col != where.row && L->sam->col_column != NULL
                        ? L->sam->col_column[where.col]
                        : 1;
    } else if (L->d->file[0] == '\0') {
        snprintf(L->d->file, sizeof L->d->file, "%s", L->path);
    }
    return s;
}

static void cloader_free(cloader *L)
{
    free(L->sam_path);
    urio_table_free(L->sam);
    free(L->role);
    free(L->node);
    free(L->goods);
    free(L->activities);
    free(L->commodities);
    free(L->sourcing);
    free(L->fclosure);
    free(L->classes);
    free(L->segs);
    free(L->ratio);
    free(L->population);
    free(L->factors);
    free(L->households);
    free(L->armington);
    free(L->transformation);
    free(L->tf);
}

static urio_status load(cloader *L, const yaml_node_t *root, uint64_t *hash)
{
    urio_status s = urio__yaml_check_keys(L->doc, root, top_keys, NKEYS(top_keys), L->path,
                                          "the CGE model file", L->d);
    if (s != URIO_OK) return s;
    urio_model_file *mf = L->mf;
    mf->kind = strdup("cge");
    if (mf->kind == NULL) return nomem(L);
    const char *meta[2] = {"name", "units"};
    char **dst[2] = {&mf->name, &mf->units};
    for (int i = 0; i < 2; i++) {
        yaml_node_t *v = urio__yaml_get(L->doc, root, meta[i], NULL);
        if (v == NULL || urio__yaml_is_null(v)) continue;
        const char *t = NULL;
        s = scalar_text(L, v, meta[i], "text", &t);
        if (s != URIO_OK) return s;
        if ((*dst[i] = strdup(t)) == NULL) return nomem(L);
    }
    s = read_sam(L, root, hash);
    if (s == URIO_OK) s = read_accounts(L, root);
    if (s == URIO_OK) s = read_elasticities(L, root);
    if (s == URIO_OK) s = read_numeraire(L, root);
    if (s == URIO_OK) s = read_closure(L, root);
    if (s == URIO_OK) s = read_mobility(L, root);
    if (s == URIO_OK) s = read_population(L, root);
    if (s == URIO_OK) s = calibrate(L);
    return s;
}

urio_status urio__cge_load(yaml_document_t *doc, const char *path, const char *dir, uint64_t *hash,
                           urio_model_file *mf, urio_diags *all, bool *listed, urio_diag *d)
{
    if (doc == NULL || path == NULL || dir == NULL || hash == NULL || mf == NULL)
        return urio_diag_set(d, URIO_EINVAL, path, 0, 0, NULL, "invalid arguments");
    cloader L;
    memset(&L, 0, sizeof L);
    L.doc = doc;
    L.path = path;
    L.dir = dir;
    L.d = d;
    bool unused = false;
    L.all = all;
    L.listed = listed != NULL ? listed : &unused;
    L.mf = mf;
    L.tz = SIZE_MAX;
    L.tm = SIZE_MAX;
    L.tc = SIZE_MAX;
    L.te = SIZE_MAX;
    urio__c_numeric cn = {0};
    urio_status s = urio__c_numeric_begin(&cn);
    if (s == URIO_OK)
        s = load(&L, yaml_document_get_root_node(doc), hash);
    else
        s = nomem(&L);
    urio__c_numeric_end(&cn);
    cloader_free(&L);
    return s;
}
