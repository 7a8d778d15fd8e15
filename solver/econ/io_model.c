/* io_model.c - the input-output model container: create, free, validate and
 * aggregate (urio/io.h).
 *
 * An urio_io_model holds the data as read (Z, Y, V, S, an optional x) and the
 * labels of every dimension; it knows nothing of files.  Validation happens once,
 * before analysis, and names the first problem by its labels so that the message
 * makes sense to the economist who wrote the table. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io.h>

#include "internal.h"

static char *dup_string(const char *s)
{
    if (s == NULL) return NULL;
    const size_t len = strlen(s) + 1;
    char *t = malloc(len);
    if (t != NULL) memcpy(t, s, len);
    return t;
}

/* Contract: *out is a model with sectors->count sectors (at least 1) and
 * categories->count final-demand categories (0 allowed), Z and Y allocated and
 * zeroed, both label lists copied; everything else empty.  URIO_EINVAL for NULL
 * or zero sectors, URIO_ENOMEM on allocation failure (*out NULL). */
urio_status urio_io_model_create(const urio_labels *sectors, const urio_labels *categories,
                                 urio_io_model **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (sectors == NULL || categories == NULL || sectors->count == 0) return URIO_EINVAL;
    urio_io_model *m = calloc(1, sizeof *m);
    if (m == NULL) return URIO_ENOMEM;
    const size_t n = sectors->count, k = categories->count;
    urio_status st = urio_labels_copy(sectors, &m->sectors);
    if (st == URIO_OK) st = urio_labels_copy(categories, &m->categories);
    if (st == URIO_OK) st = urio_matrix_create(n, n, &m->Z);
    if (st == URIO_OK) st = urio_matrix_create(n, k, &m->Y);
    if (st != URIO_OK) {
        urio_io_model_free(m);
        return st;
    }
    *out = m;
    return URIO_OK;
}

void urio_io_model_free(urio_io_model *m)
{
    if (m == NULL) return;
    free(m->name);
    free(m->units);
    urio_labels_free(m->sectors);
    urio_matrix_free(m->Z);
    urio_labels_free(m->categories);
    urio_matrix_free(m->Y);
    urio_labels_free(m->vrows);
    urio_matrix_free(m->V);
    urio_labels_free(m->srows);
    urio_matrix_free(m->S);
    urio_matrix_free(m->x_given);
    if (m->households != NULL) {
        for (size_t h = 0; h < m->nhouseholds; h++)
            free(m->households[h].name);
    }
    free(m->households);
    free(m);
}

/* Name of label i, or "#i" when the list is missing (a malformed model). */
static const char *label_at(const urio_labels *l, size_t i, char *buf, size_t size)
{
    if (l != NULL && i < l->count) return l->name[i];
    snprintf(buf, size, "#%zu", i + 1);
    return buf;
}

/* First non-finite element of mx, as (i, j); false when all are finite. */
static bool find_nonfinite(const urio_matrix *mx, size_t *pi, size_t *pj)
{
    for (size_t j = 0; j < mx->cols; j++)
        for (size_t i = 0; i < mx->rows; i++)
            if (!isfinite(URIO_MAT(mx, i, j))) {
                *pi = i;
                *pj = j;
                return true;
            }
    return false;
}

typedef struct gross_pass {
    const urio_io_model *m;
    double *x, *f;
} gross_pass;

/* Rows i0 ... i1 - 1 of the row sums: the columns of Z in order, then those of Y. */
static void gross_rows(size_t i0, size_t i1, void *ctx)
{
    const gross_pass *p = ctx;
    const urio_matrix *Z = p->m->Z, *Y = p->m->Y;
    double *x = p->x;
    for (size_t i = i0; i < i1; i++)
        x[i] = 0.0;
    for (size_t j = 0; j < Z->cols; j++) {
        const double *z = &URIO_MAT(Z, 0, j);
        for (size_t i = i0; i < i1; i++)
            x[i] += z[i];
    }
    for (size_t i = i0; i < i1; i++) {
        double fs = 0.0;
        for (size_t c = 0; c < Y->cols; c++)
            fs += URIO_MAT(Y, i, c);
        if (p->f != NULL) p->f[i] = fs;
        x[i] += fs;
    }
}

void urio__io_gross_output(const urio_io_model *m, double *x, double *f)
{
    gross_pass p = {m, x, f};
    urio_parallel_ranges(m->sectors->count, 8 * URIO__PASS_GRAIN, gross_rows, &p);
}

/* Per column j of Z: first[2 j] the first row holding a non-finite value and
 * first[2 j + 1] the first holding a negative one, Z->rows where there is none. */
typedef struct zscan_pass {
    const urio_matrix *Z;
    size_t *first;
} zscan_pass;

static void zscan_columns(size_t j0, size_t j1, void *ctx)
{
    const zscan_pass *p = ctx;
    const size_t n = p->Z->rows;
    for (size_t j = j0; j < j1; j++) {
        const double *z = &URIO_MAT(p->Z, 0, j);
        size_t bad = n, neg = n;
        for (size_t i = n; i-- > 0;) {
            if (!isfinite(z[i])) bad = i;
            if (z[i] < 0.0) neg = i;
        }
        p->first[2 * j] = bad;
        p->first[2 * j + 1] = neg;
    }
}

/* The first column (in column order) with a row recorded in slot `which` of
 * zscan_columns' output, and that row; false when none. */
static bool zscan_first(const size_t *first, size_t n, size_t which, size_t *pi, size_t *pj)
{
    for (size_t j = 0; j < n; j++)
        if (first[2 * j + which] < n) {
            *pi = first[2 * j + which];
            *pj = j;
            return true;
        }
    return false;
}

static const char *const SHAPE_HINT = "this is an internal inconsistency; please report it";

/* Contract: URIO_OK when m can be analysed, otherwise URIO_EMODEL (URIO_EINVAL for
 * a NULL model) with d naming the first problem found, in this order: shapes and
 * label counts; finite values in Z, Y, V, S, x; Z >= 0; a negative gross output
 * (row sum of Z and Y) in some sector; a sector with zero output that buys inputs
 * (or, with households, pays their income); x, when given, within 1e-6 of the
 * largest output of the row sums; households: a name, a Y column and a V row that exist,
 * no column or row shared by two households, and positive total income. */
urio_status urio_io_model_validate(const urio_io_model *m, urio_diag *d)
{
    if (m == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no model");
    if (m->sectors == NULL || m->categories == NULL || m->Z == NULL || m->Y == NULL)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "the model lacks sectors, categories, Z or Y");
    const size_t n = m->sectors->count, k = m->categories->count;
    if (n == 0) return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL, "the model has no sectors");
    if (m->Z->rows != n || m->Z->cols != n)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "Z is %zu x %zu but there are %zu sectors", m->Z->rows, m->Z->cols, n);
    if (m->Y->rows != n || m->Y->cols != k)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "Y is %zu x %zu but there are %zu sectors and %zu categories",
                             m->Y->rows, m->Y->cols, n, k);
    if ((m->V == NULL) != (m->vrows == NULL) ||
        (m->V != NULL && (m->V->rows != m->vrows->count || m->V->cols != n)))
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "V and its row labels do not match (%zu sectors)", n);
    if ((m->S == NULL) != (m->srows == NULL) ||
        (m->S != NULL && (m->S->rows != m->srows->count || m->S->cols != n)))
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "the satellite table and its row labels do not match (%zu sectors)",
                             n);
    if (m->x_given != NULL && (m->x_given->rows != n || m->x_given->cols != 1))
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT,
                             "x is %zu x %zu but there are %zu sectors", m->x_given->rows,
                             m->x_given->cols, n);
    if (m->nhouseholds > 0 && m->households == NULL)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, SHAPE_HINT, "households are missing");
    /* Multiplier families are named by V and satellite rows (DESIGN.md section 7),
     * so a row may not take the name of another family. */
    for (size_t t = 0; t < 2; t++) {
        const urio_labels *rows = t == 0 ? m->vrows : m->srows;
        for (size_t i = 0; rows != NULL && i < rows->count; i++) {
            const char *name = rows->name[i];
            const bool single_va = t == 0 && rows->count == 1 && strcmp(name, "value_added") == 0;
            const bool clash =
                strcmp(name, "output") == 0 || (strcmp(name, "value_added") == 0 && !single_va) ||
                strncmp(name, "income:", 7) == 0 ||
                (t == 1 && m->vrows != NULL && urio_labels_find(m->vrows, name, NULL));
            if (clash)
                return urio_diag_set(
                    d, URIO_EMODEL, NULL, 0, 0,
                    "rename the row: `output`, `value_added` and `income:...` name "
                    "multiplier families, and V and satellite rows must differ",
                    "the %s row `%s` has the name of a multiplier family",
                    t == 0 ? "V" : "satellite", name);
        }
    }

    char b1[32], b2[32];
    size_t i, j;
    const struct {
        const char *what;
        const urio_matrix *mx;
        const urio_labels *rows, *cols;
    } tables[] = {
        {"Z", m->Z, m->sectors, m->sectors}, {"Y", m->Y, m->sectors, m->categories},
        {"V", m->V, m->vrows, m->sectors},   {"the satellite table", m->S, m->srows, m->sectors},
        {"x", m->x_given, m->sectors, NULL},
    };
    /* Z, the large one, in one parallel pass for both of its checks. */
    size_t *first = malloc(2 * n * sizeof *first);
    if (first == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    zscan_pass zp = {m->Z, first};
    urio_parallel_ranges(n, URIO__PASS_GRAIN, zscan_columns, &zp);
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        if (tables[t].mx == NULL) continue;
        if (t == 0 ? !zscan_first(first, n, 0, &i, &j) : !find_nonfinite(tables[t].mx, &i, &j))
            continue;
        free(first);
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, "every cell must be a finite number",
                             "%s has a non-finite value at row '%s', column '%s'", tables[t].what,
                             label_at(tables[t].rows, i, b1, sizeof b1),
                             label_at(tables[t].cols, j, b2, sizeof b2));
    }
    const bool negative = zscan_first(first, n, 1, &i, &j);
    free(first);
    if (negative)
        return urio_diag_set(
            d, URIO_EMODEL, NULL, 0, 0,
            "intermediate flows cannot be negative; net out subsidies in V instead",
            "Z has a negative flow %g from sector '%s' to sector '%s'", URIO_MAT(m->Z, i, j),
            m->sectors->name[i], m->sectors->name[j]);

    /* Gross output, exactly as urio_io_analyse will compute it. */
    double *x = malloc(n * sizeof *x);
    if (x == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio__io_gross_output(m, x, NULL);
    double xmax = 0.0;
    for (i = 0; i < n; i++)
        if (fabs(x[i]) > xmax) xmax = fabs(x[i]);
    urio_status st = URIO_OK;
    for (i = 0; i < n && st == URIO_OK; i++) {
        if (x[i] < 0.0)
            st = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                               "gross output is the row sum of Z and Y; check the signs of "
                               "final demand (net exports, inventory changes)",
                               "sector '%s' has negative gross output %g", m->sectors->name[i],
                               x[i]);
    }
    /* A sector that produces nothing gets a zero column of A (urio_io_analyse); if
     * it still buys inputs or pays household income, those flows cannot be
     * reproduced by L f = x and the table is inconsistent, so say so here rather
     * than fail the residual check later with a less useful message. */
    for (j = 0; j < n && st == URIO_OK; j++) {
        if (x[j] != 0.0) continue;
        double in = 0.0;
        for (i = 0; i < n; i++)
            in += URIO_MAT(m->Z, i, j);
        if (in != 0.0) {
            st = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                               "a sector with inputs must have output; check that Z is not "
                               "transposed (rows sell, columns buy)",
                               "sector '%s' has zero gross output but buys %g of intermediate "
                               "inputs",
                               m->sectors->name[j], in);
            break;
        }
        for (size_t h = 0; h < m->nhouseholds && m->V != NULL; h++) {
            const size_t w = m->households[h].income;
            if (w < m->V->rows && URIO_MAT(m->V, w, j) != 0.0) {
                st = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                   "a sector that pays household income must have output",
                                   "sector '%s' has zero gross output but pays %g of income "
                                   "row '%s'",
                                   m->sectors->name[j], URIO_MAT(m->V, w, j), m->vrows->name[w]);
                break;
            }
        }
    }
    if (st == URIO_OK && m->x_given != NULL) {
        const double tol = 1e-6 * (xmax > 0.0 ? xmax : 1.0);
        for (i = 0; i < n && st == URIO_OK; i++) {
            const double given = URIO_MAT(m->x_given, i, 0);
            if (fabs(given - x[i]) > tol)
                st = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                   "x must equal the row sums of Z and Y; check that Y holds "
                                   "every final-demand category",
                                   "sector '%s': x is %.10g but Z and Y sum to %.10g",
                                   m->sectors->name[i], given, x[i]);
        }
    }
    free(x);
    if (st != URIO_OK) return st;

    for (size_t h = 0; h < m->nhouseholds; h++) {
        const urio_io_household *hh = &m->households[h];
        if (hh->name == NULL || hh->name[0] == '\0')
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL, "household %zu has no name",
                                 h + 1);
        if (strlen(hh->name) > URIO_LABEL_MAX)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL,
                                 "household name '%.40s...' is longer than %d bytes", hh->name,
                                 URIO_LABEL_MAX);
        if (hh->consumption >= k)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "`consumption` must name a column of Y",
                                 "household '%s': consumption column %zu does not exist in Y",
                                 hh->name, hh->consumption + 1);
        if (m->V == NULL || hh->income >= m->V->rows)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, "`income` must name a row of V",
                                 "household '%s': income row %zu does not exist in V", hh->name,
                                 hh->income + 1);
        for (size_t g = 0; g < h; g++) {
            const urio_io_household *other = &m->households[g];
            if (strcmp(other->name, hh->name) == 0)
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL,
                                     "two households are named '%s'", hh->name);
            if (other->consumption == hh->consumption)
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                     "each household needs its own consumption column",
                                     "households '%s' and '%s' share the consumption column '%s'",
                                     other->name, hh->name, m->categories->name[hh->consumption]);
            if (other->income == hh->income)
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                     "each household needs its own income row",
                                     "households '%s' and '%s' share the income row '%s'",
                                     other->name, hh->name, m->vrows->name[hh->income]);
        }
        double income = 0.0;
        for (j = 0; j < n; j++)
            income += URIO_MAT(m->V, hh->income, j);
        if (!(income > 0.0))
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "a household made endogenous needs positive income",
                                 "household '%s': total income (row '%s' of V) is %g", hh->name,
                                 m->vrows->name[hh->income], income);
    }
    return URIO_OK;
}

/* Contract: *out is src with sectors merged by map (map[i] < targets->count is the
 * target of source sector i): Z_agg[I, J] = sum over i in I, j in J of Z[i, j],
 * Y, V, S and x summed in the same way; categories, V and S row labels, name,
 * units and households (columns of Y and rows of V are unchanged) copied.  Sums
 * run over sources in ascending order, so the result is deterministic.  O(n^2) for
 * Z, no dense products.  URIO_EMODEL with d naming the target when a target gets
 * no source; URIO_EINVAL for a map entry out of range or a malformed src. */
urio_status urio_io_model_aggregate(const urio_io_model *src, const size_t *map,
                                    const urio_labels *targets, urio_io_model **out, urio_diag *d)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (src == NULL || map == NULL || targets == NULL || src->sectors == NULL ||
        src->categories == NULL || src->Z == NULL || src->Y == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "aggregation needs a model and a map");
    const size_t n = src->sectors->count, k = src->categories->count, na = targets->count;
    if (na == 0)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL, "the concordance has no targets");
    bool *hit = calloc(na, sizeof *hit);
    if (hit == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if (map[i] >= na) {
            free(hit);
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                 "sector '%s' maps to target %zu of %zu", src->sectors->name[i],
                                 map[i] + 1, na);
        }
        hit[map[i]] = true;
    }
    for (size_t t = 0; t < na; t++) {
        if (!hit[t]) {
            free(hit);
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "every model sector must receive at least one source sector "
                                 "in the concordance",
                                 "sector '%s' receives no source sector", targets->name[t]);
        }
    }
    free(hit);

    urio_io_model *a = NULL;
    urio_status st = urio_io_model_create(targets, src->categories, &a);
    if (st != URIO_OK) return urio_diag_set(d, st, NULL, 0, 0, NULL, "%s", urio_strerror(st));

    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            URIO_MAT(a->Z, map[i], map[j]) += URIO_MAT(src->Z, i, j);
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; i < n; i++)
            URIO_MAT(a->Y, map[i], c) += URIO_MAT(src->Y, i, c);
    if (src->V != NULL && src->vrows != NULL) {
        st = urio_labels_copy(src->vrows, &a->vrows);
        if (st == URIO_OK) st = urio_matrix_create(src->V->rows, na, &a->V);
        if (st == URIO_OK)
            for (size_t j = 0; j < n; j++)
                for (size_t r = 0; r < src->V->rows; r++)
                    URIO_MAT(a->V, r, map[j]) += URIO_MAT(src->V, r, j);
    }
    if (st == URIO_OK && src->S != NULL && src->srows != NULL) {
        st = urio_labels_copy(src->srows, &a->srows);
        if (st == URIO_OK) st = urio_matrix_create(src->S->rows, na, &a->S);
        if (st == URIO_OK)
            for (size_t j = 0; j < n; j++)
                for (size_t r = 0; r < src->S->rows; r++)
                    URIO_MAT(a->S, r, map[j]) += URIO_MAT(src->S, r, j);
    }
    if (st == URIO_OK && src->x_given != NULL) {
        st = urio_matrix_create(na, 1, &a->x_given);
        if (st == URIO_OK)
            for (size_t i = 0; i < n; i++)
                URIO_MAT(a->x_given, map[i], 0) += URIO_MAT(src->x_given, i, 0);
    }
    if (st == URIO_OK && (src->name != NULL || src->units != NULL)) {
        a->name = dup_string(src->name);
        a->units = dup_string(src->units);
        if ((src->name != NULL && a->name == NULL) || (src->units != NULL && a->units == NULL))
            st = URIO_ENOMEM;
    }
    if (st == URIO_OK && src->nhouseholds > 0) {
        a->households = calloc(src->nhouseholds, sizeof *a->households);
        if (a->households == NULL) st = URIO_ENOMEM;
        for (size_t h = 0; st == URIO_OK && h < src->nhouseholds; h++) {
            a->nhouseholds = h + 1;
            a->households[h] = src->households[h];
            a->households[h].name = dup_string(src->households[h].name);
            if (src->households[h].name != NULL && a->households[h].name == NULL) st = URIO_ENOMEM;
        }
    }
    if (st != URIO_OK) {
        urio_io_model_free(a);
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "%s", urio_strerror(st));
    }
    *out = a;
    return URIO_OK;
}
