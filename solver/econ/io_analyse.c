/* io_analyse.c - the Leontief analysis of an input-output model: gross output,
 * technical coefficients, the Leontief inverse (open and, with households, closed),
 * multipliers, Rasmussen linkages and the correctness checks of DESIGN.md
 * section 8 (urio/io.h states the maths).
 *
 * Memory: besides what the result keeps (A, L, the LU factors; L_bar and its
 * factors with households), the analysis needs one temporary matrix of the same
 * order at a time, so the peak is about 4 n^2 doubles for the open model. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io.h>

#include "internal.h"

#define IO_TOLERANCE 1e-8
/* L is nonnegative in exact arithmetic when the table is productive; rounding can
 * leave tiny negative entries where L is zero (a sector that buys nothing). */
#define IO_MIN_L_TOLERANCE (-1e-12)

static const char *const HINT_UNPRODUCTIVE =
    "column sums of A must be below 1; check units and that Z is not transposed";
static const char *const HINT_CLOSED =
    "households must not spend more than their income on domestic goods: check that "
    "`consumption` and `income` name the right column of Y and row of V";

const char *urio_mult_type_name(urio_mult_type t)
{
    switch (t) {
    case URIO_MULT_SIMPLE:
        return "simple";
    case URIO_MULT_TYPE_I:
        return "type_i";
    case URIO_MULT_TYPE_II:
        return "type_ii";
    }
    return "unknown";
}

void urio_io_result_free(urio_io_result *r)
{
    if (r == NULL) return;
    free(r->x);
    free(r->f);
    free(r->income);
    urio_matrix_free(r->A);
    urio_matrix_free(r->L);
    urio_matrix_free(r->L_bar);
    urio_lu_free(r->lu);
    urio_lu_free(r->lu_bar);
    free(r->mult);
    free(r->backward);
    free(r->forward);
    free(r->backward_index);
    free(r->forward_index);
    free(r->key_sector);
    urio_notes_clear(&r->notes);
    free(r);
}

/* The O(n^2) passes (econ/internal.h says how their bits stay put).  At 3,000
 * sectors, serial, they took about 0.24 s of a 1.7-2 s analysis while the
 * factorisation and the products ran on all threads; 0.16 s on two. */

/* Coefficients and I - C for one range of columns: with Z, column j of C is first
 * built as Z(:, j) / x_j (left 0 where x_j is 0: the caller notes it); then
 * colsum[j] = sum_i C(i, j) and T(:, j) = e_j - C(:, j). */
typedef struct coef_pass {
    const urio_matrix *Z; /* NULL: C is already built */
    const double *x;
    urio_matrix *C, *T;
    double *colsum;
} coef_pass;

static void coef_columns(size_t j0, size_t j1, void *ctx)
{
    const coef_pass *p = ctx;
    const size_t n = p->C->rows;
    for (size_t j = j0; j < j1; j++) {
        double *c = &URIO_MAT(p->C, 0, j), *t = &URIO_MAT(p->T, 0, j);
        if (p->Z != NULL && p->x[j] > 0.0) {
            const double *z = &URIO_MAT(p->Z, 0, j);
            for (size_t i = 0; i < n; i++)
                c[i] = z[i] / p->x[j];
        }
        double s = 0.0;
        for (size_t i = 0; i < n; i++) {
            s += c[i];
            t[i] = 0.0 - c[i]; /* not -c[i]: a zero stays +0, as in I - C */
        }
        t[j] = 1.0 - c[j];
        p->colsum[j] = s;
    }
}

/* Largest of the n column sums and its column (the first if tied). */
static double max_column_sum(const double *colsum, size_t n, size_t *col)
{
    double best = -INFINITY;
    *col = 0;
    for (size_t j = 0; j < n; j++)
        if (colsum[j] > best) {
            best = colsum[j];
            *col = j;
        }
    return best;
}

/* colsum (N doubles, work) and T = I - C, both parallel over columns. */
static void identity_minus(const urio_matrix *Z, const double *x, urio_matrix *C, urio_matrix *T,
                           double *colsum)
{
    coef_pass p = {Z, x, C, T, colsum};
    urio_parallel_ranges(C->cols, URIO__PASS_GRAIN, coef_columns, &p);
}

/* Per-column scans: the smallest element of mx, or with T the largest
 * |mx - T - I|; NaN wins either way (a NaN anywhere makes the result NaN). */
typedef struct scan_pass {
    const urio_matrix *mx, *T;
    double *col;
} scan_pass;

static void scan_columns(size_t j0, size_t j1, void *ctx)
{
    const scan_pass *p = ctx;
    const size_t n = p->mx->rows;
    for (size_t j = j0; j < j1; j++) {
        const double *a = &URIO_MAT(p->mx, 0, j);
        double v;
        if (p->T == NULL) {
            v = INFINITY;
            for (size_t i = 0; i < n; i++)
                if (a[i] < v || isnan(a[i])) v = a[i];
        } else {
            const double *t = &URIO_MAT(p->T, 0, j);
            v = 0.0;
            for (size_t i = 0; i < n; i++) {
                const double r = fabs(a[i] - t[i] - (i == j ? 1.0 : 0.0));
                if (r > v || isnan(r)) v = r;
            }
        }
        p->col[j] = v;
    }
}

/* The scan of scan_columns over all columns (col: mx->cols doubles of work),
 * reduced in column order. */
static double scan(const urio_matrix *mx, const urio_matrix *T, double *col)
{
    scan_pass p = {mx, T, col};
    urio_parallel_ranges(mx->cols, URIO__PASS_GRAIN, scan_columns, &p);
    double v = T == NULL ? (double)INFINITY : 0.0;
    for (size_t j = 0; j < mx->cols; j++)
        if ((T == NULL ? col[j] < v : col[j] > v) || isnan(col[j])) v = col[j];
    return v;
}

/* Name of column j of A_bar: a sector, or a household after the n sectors. */
static const char *closed_column_name(const urio_io_model *m, size_t j)
{
    const size_t n = m->sectors->count;
    return j < n ? m->sectors->name[j] : m->households[j - n].name;
}

/* Factor M (order N, in T) into *lu_out and form its inverse into a new *inv.
 * Fills checks' rcond through *rcond.  URIO_ESINGULAR passes through so the caller
 * can word the message; T is left unchanged. */
static urio_status factor_and_invert(const urio_matrix *T, urio_lu **lu_out, urio_matrix **inv,
                                     double *rcond)
{
    const size_t N = T->rows;
    urio_status st = urio_lu_create(N, lu_out);
    if (st == URIO_OK) st = urio_matrix_create(N, N, inv);
    if (st != URIO_OK) return st;
    st = urio_lu_factor_inverse(*lu_out, T->data, N, (*inv)->data, N);
    *rcond = urio_lu_rcond(*lu_out);
    return st;
}

/* max |(I - C) Linv - I| for the coefficient matrix C and its Leontief inverse
 * Linv, computed as max |Linv - C Linv - I| with one dgemm into the work matrix T
 * (same order), which saves holding I - C beside C; col: N doubles of work. */
static urio_status identity_residual(const urio_matrix *C, const urio_matrix *Linv, urio_matrix *T,
                                     double *col, double *out)
{
    urio_status st = urio_matrix_gemm(false, false, 1.0, C, Linv, 0.0, T);
    if (st != URIO_OK) return st;
    *out = scan(Linv, T, col);
    return URIO_OK;
}

/* max |Linv f - target| / max(1, max |target|), with Linv f by dgemm. */
static urio_status output_residual(const urio_matrix *Linv, const double *f, const double *target,
                                   double *out)
{
    const size_t N = Linv->rows;
    urio_matrix *fv = NULL, *xv = NULL;
    urio_status st = urio_matrix_create(N, 1, &fv);
    if (st == URIO_OK) st = urio_matrix_create(N, 1, &xv);
    if (st == URIO_OK) {
        memcpy(fv->data, f, N * sizeof *f);
        st = urio_matrix_gemm(false, false, 1.0, Linv, fv, 0.0, xv);
    }
    if (st == URIO_OK) {
        double worst = 0.0, scale = 1.0;
        for (size_t i = 0; i < N; i++) {
            const double r = fabs(xv->data[i] - target[i]);
            if (r > worst || isnan(r)) worst = r;
            if (fabs(target[i]) > scale) scale = fabs(target[i]);
        }
        *out = worst / scale;
    }
    urio_matrix_free(fv);
    urio_matrix_free(xv);
    return st;
}

/* The open model: x, f, A (zero column and a note for x_j = 0), the factors of
 * I - A, L, and the checks on them.  On failure d says why. */
static urio_status analyse_open(const urio_io_model *m, urio_io_result *r, urio_matrix *T,
                                double *col, urio_diag *d)
{
    const size_t n = r->n;
    urio__io_gross_output(m, r->x, r->f);
    urio_status st = URIO_OK;
    for (size_t j = 0; j < n; j++) {
        /* x_j < 0 is rejected by validation, so this is x_j == 0. */
        if (r->x[j] > 0.0) continue;
        st = urio_notes_add(&r->notes,
                            "sector '%s' has zero gross output: its column of A and its "
                            "direct coefficients are set to 0",
                            m->sectors->name[j]);
        if (st != URIO_OK) return urio_diag_set(d, st, NULL, 0, 0, NULL, "out of memory");
    }

    size_t jmax = 0;
    identity_minus(m->Z, r->x, r->A, T, col);
    r->checks.max_colsum_a = max_column_sum(col, n, &jmax);
    st = factor_and_invert(T, &r->lu, &r->L, &r->checks.rcond);
    if (st == URIO_ESINGULAR)
        return urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0, HINT_UNPRODUCTIVE,
                             "I - A is singular (reciprocal condition number %.3g), so the table "
                             "is not productive; the largest column sum of A is %.6g, in sector "
                             "'%s'",
                             r->checks.rcond, r->checks.max_colsum_a, m->sectors->name[jmax]);
    if (st != URIO_OK)
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "Leontief inverse: %s", urio_strerror(st));

    /* For A >= 0, I - A is a nonsingular M-matrix - which is what the Hawkins-Simon
     * conditions (all leading principal minors of I - A positive) characterise - if
     * and only if (I - A)^-1 exists and is elementwise nonnegative (Berman and
     * Plemmons 1994, Nonnegative Matrices in the Mathematical Sciences, ch. 6,
     * theorem 2.3).  So L >= 0 is the productivity test. */
    r->checks.min_l = scan(r->L, NULL, col);
    r->checks.productive = r->checks.min_l >= IO_MIN_L_TOLERANCE;
    if (!r->checks.productive)
        return urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0, HINT_UNPRODUCTIVE,
                             "the table is not productive: the Leontief inverse has a negative "
                             "entry (%.3g); the largest column sum of A is %.6g, in sector '%s'",
                             r->checks.min_l, r->checks.max_colsum_a, m->sectors->name[jmax]);

    st = identity_residual(r->A, r->L, T, col, &r->checks.identity_residual);
    if (st == URIO_OK) st = output_residual(r->L, r->f, r->x, &r->checks.output_residual);
    if (st != URIO_OK) return urio_diag_set(d, st, NULL, 0, 0, NULL, "%s", urio_strerror(st));
    return URIO_OK;
}

/* The closed (type II) model of order N = n + m: A_bar, its factors, L_bar and the
 * checks.  T is N x N work space. */
static urio_status analyse_closed(const urio_io_model *m, urio_io_result *r, urio_matrix *T,
                                  double *col, urio_diag *d)
{
    const size_t n = r->n, nh = r->m, N = n + nh, k = m->Y->cols;
    urio_matrix *Abar = NULL;
    double *fbar = NULL, *target = NULL;
    urio_status st = urio_matrix_create(N, N, &Abar);
    if (st != URIO_OK) return urio_diag_set(d, st, NULL, 0, 0, NULL, "out of memory");
    for (size_t j = 0; j < n; j++)
        memcpy(&URIO_MAT(Abar, 0, j), &URIO_MAT(r->A, 0, j), n * sizeof(double));
    for (size_t h = 0; h < nh; h++) {
        const urio_io_household *hh = &m->households[h];
        double inc = 0.0;
        for (size_t j = 0; j < n; j++)
            inc += URIO_MAT(m->V, hh->income, j);
        r->income[h] = inc; /* > 0: checked by validation */
        for (size_t i = 0; i < n; i++)
            URIO_MAT(Abar, i, n + h) = URIO_MAT(m->Y, i, hh->consumption) / inc;
        for (size_t j = 0; j < n; j++)
            if (r->x[j] > 0.0) URIO_MAT(Abar, n + h, j) = URIO_MAT(m->V, hh->income, j) / r->x[j];
    }

    size_t jmax = 0;
    identity_minus(NULL, NULL, Abar, T, col);
    const double colsum = max_column_sum(col, N, &jmax);
    st = factor_and_invert(T, &r->lu_bar, &r->L_bar, &r->checks.closed_rcond);
    if (st == URIO_ESINGULAR) {
        st = urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0, HINT_CLOSED,
                           "the closed model (households endogenous) is singular (reciprocal "
                           "condition number %.3g); the largest column sum of its coefficients "
                           "is %.6g, in column '%s'",
                           r->checks.closed_rcond, colsum, closed_column_name(m, jmax));
        goto done;
    }
    if (st != URIO_OK) {
        st = urio_diag_set(d, st, NULL, 0, 0, NULL, "closed Leontief inverse: %s",
                           urio_strerror(st));
        goto done;
    }
    const double min_lbar = scan(r->L_bar, NULL, col);
    r->checks.closed_productive = min_lbar >= IO_MIN_L_TOLERANCE;
    if (!r->checks.closed_productive) {
        st = urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0, HINT_CLOSED,
                           "the closed model (households endogenous) is not productive: its "
                           "Leontief inverse has a negative entry (%.3g); the largest column "
                           "sum of its coefficients is %.6g, in column '%s'",
                           min_lbar, colsum, closed_column_name(m, jmax));
        goto done;
    }

    /* f_bar: final demand without the household columns, zero for household rows;
     * the target is [x; I]. */
    fbar = calloc(N, sizeof *fbar);
    target = malloc(N * sizeof *target);
    if (fbar == NULL || target == NULL) {
        st = urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t c = 0; c < k; c++) {
        bool endogenous = false;
        for (size_t h = 0; h < nh; h++)
            endogenous = endogenous || m->households[h].consumption == c;
        if (endogenous) continue;
        for (size_t i = 0; i < n; i++)
            fbar[i] += URIO_MAT(m->Y, i, c);
    }
    memcpy(target, r->x, n * sizeof *target);
    memcpy(target + n, r->income, nh * sizeof *target);
    st = identity_residual(Abar, r->L_bar, T, col, &r->checks.closed_identity_residual);
    if (st == URIO_OK)
        st = output_residual(r->L_bar, fbar, target, &r->checks.closed_output_residual);
    if (st != URIO_OK) st = urio_diag_set(d, st, NULL, 0, 0, NULL, "%s", urio_strerror(st));
done:
    urio_matrix_free(Abar);
    free(fbar);
    free(target);
    return st;
}

/* The residual checks against the tolerance; URIO_ECHECK with d naming the first
 * that fails. */
static urio_status judge_checks(urio_io_result *r, urio_diag *d)
{
    urio_io_checks *c = &r->checks;
    const struct {
        const char *what;
        double value;
        double rcond;
        bool present;
    } list[] = {
        {"max |(I - A) L - I|", c->identity_residual, c->rcond, true},
        {"max |L f - x| / max |x|", c->output_residual, c->rcond, true},
        {"max |(I - A_bar) L_bar - I| (closed model)", c->closed_identity_residual, c->closed_rcond,
         c->closed_present},
        {"max |L_bar f_bar - [x; I]| / max |[x; I]| (closed model)", c->closed_output_residual,
         c->closed_rcond, c->closed_present},
    };
    for (size_t t = 0; t < sizeof list / sizeof list[0]; t++) {
        if (!list[t].present) continue;
        if (!(list[t].value <= c->tolerance)) {
            c->passed = false;
            return urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                                 "the system is badly conditioned; check units (mixing "
                                 "thousands and billions) and near-zero outputs",
                                 "check failed: %s = %.3g exceeds the tolerance %.0e "
                                 "(reciprocal condition number %.3g)",
                                 list[t].what, list[t].value, c->tolerance, list[t].rcond);
        }
    }
    c->passed = c->productive && (!c->closed_present || c->closed_productive);
    return URIO_OK;
}

/* One multiplier family: a direct-coefficient row. */
typedef struct mult_row {
    char name[URIO_LABEL_MAX + 16];
    size_t household; /* the household for income:<h>, SIZE_MAX otherwise */
} mult_row;

/* Multipliers in the order of io.h: by family (output, value_added, V rows, S rows,
 * income:<h>), then type, then sector.  Numerators by dgemm: C^T L and, closed,
 * C_bar^T L_bar with C_bar = [C; 0]. */
static urio_status compute_multipliers(const urio_io_model *m, urio_io_result *r)
{
    const size_t n = r->n, nh = r->m, N = n + nh;
    const size_t nv = m->V != NULL ? m->V->rows : 0, ns = m->S != NULL ? m->S->rows : 0;
    /* A single V row named value_added is the value-added family itself: listing it
     * twice would give two identical sets of rows under one name. */
    const bool per_row = !(nv == 1 && strcmp(m->vrows->name[0], "value_added") == 0);
    const size_t R = 1 + (m->V != NULL ? 1 + (per_row ? nv : 0) : 0) + ns + nh;
    urio_status st = URIO_OK;
    mult_row *rows = calloc(R, sizeof *rows);
    urio_matrix *C = NULL, *SL = NULL, *SLbar = NULL;
    if (rows == NULL) return URIO_ENOMEM;
    st = urio_matrix_create(N, R, &C);
    if (st != URIO_OK) goto done;

    /* Column rho of C: the direct coefficients c_j of family rho (0 where x_j = 0). */
    size_t rho = 0;
    snprintf(rows[rho].name, sizeof rows[rho].name, "output");
    rows[rho].household = SIZE_MAX;
    for (size_t j = 0; j < n; j++)
        URIO_MAT(C, j, rho) = 1.0;
    rho++;
    if (m->V != NULL) {
        snprintf(rows[rho].name, sizeof rows[rho].name, "value_added");
        rows[rho].household = SIZE_MAX;
        for (size_t j = 0; j < n; j++) {
            if (!(r->x[j] > 0.0)) continue;
            double s = 0.0;
            for (size_t v = 0; v < nv; v++)
                s += URIO_MAT(m->V, v, j);
            URIO_MAT(C, j, rho) = s / r->x[j];
        }
        rho++;
        for (size_t v = 0; per_row && v < nv; v++, rho++) {
            snprintf(rows[rho].name, sizeof rows[rho].name, "%s", m->vrows->name[v]);
            rows[rho].household = SIZE_MAX;
            for (size_t j = 0; j < n; j++)
                if (r->x[j] > 0.0) URIO_MAT(C, j, rho) = URIO_MAT(m->V, v, j) / r->x[j];
        }
    }
    for (size_t s = 0; s < ns; s++, rho++) {
        snprintf(rows[rho].name, sizeof rows[rho].name, "%s", m->srows->name[s]);
        rows[rho].household = SIZE_MAX;
        for (size_t j = 0; j < n; j++)
            if (r->x[j] > 0.0) URIO_MAT(C, j, rho) = URIO_MAT(m->S, s, j) / r->x[j];
    }
    for (size_t h = 0; h < nh; h++, rho++) {
        const size_t w = m->households[h].income;
        snprintf(rows[rho].name, sizeof rows[rho].name, "income:%s", m->households[h].name);
        rows[rho].household = h;
        for (size_t j = 0; j < n; j++)
            if (r->x[j] > 0.0) URIO_MAT(C, j, rho) = URIO_MAT(m->V, w, j) / r->x[j];
    }

    /* SL = C(1:n, :)^T L (R x n); SLbar = C^T L_bar (R x N); C's household rows are 0. */
    st = urio_matrix_create(R, n, &SL);
    if (st != URIO_OK) goto done;
    {
        urio_matrix Cn = {n, R, NULL};
        urio_matrix *Copen = NULL;
        if (nh == 0) {
            Cn.data = C->data;
        } else {
            st = urio_matrix_create(n, R, &Copen);
            if (st != URIO_OK) goto done;
            for (size_t q = 0; q < R; q++)
                memcpy(&URIO_MAT(Copen, 0, q), &URIO_MAT(C, 0, q), n * sizeof(double));
            Cn.data = Copen->data;
        }
        st = urio_matrix_gemm(true, false, 1.0, &Cn, r->L, 0.0, SL);
        urio_matrix_free(Copen);
        if (st != URIO_OK) goto done;
    }
    if (nh > 0) {
        st = urio_matrix_create(R, N, &SLbar);
        if (st == URIO_OK) st = urio_matrix_gemm(true, false, 1.0, C, r->L_bar, 0.0, SLbar);
        if (st != URIO_OK) goto done;
    }

    const size_t ntypes = nh > 0 ? 3 : 2;
    r->mult = malloc(R * ntypes * n * sizeof *r->mult);
    if (r->mult == NULL) {
        st = URIO_ENOMEM;
        goto done;
    }
    r->nmult = 0;
    for (rho = 0; rho < R; rho++) {
        for (size_t t = 0; t < ntypes; t++) {
            size_t omitted = 0;
            for (size_t j = 0; j < n; j++) {
                const double c = URIO_MAT(C, j, rho);
                double value;
                if (t == URIO_MULT_SIMPLE) {
                    value = URIO_MAT(SL, rho, j);
                } else if (c == 0.0) {
                    omitted++;
                    continue;
                } else if (t == URIO_MULT_TYPE_I) {
                    value = URIO_MAT(SL, rho, j) / c;
                } else if (rows[rho].household != SIZE_MAX) {
                    /* Total income effect of the closed model, L_bar(n + h, j); it
                     * equals sum_i c_i L_bar(i, j) since row n + h of
                     * L_bar = A_bar L_bar + I is exactly that sum. */
                    value = URIO_MAT(r->L_bar, n + rows[rho].household, j) / c;
                } else {
                    value = URIO_MAT(SLbar, rho, j) / c;
                }
                urio_io_multiplier *mu = &r->mult[r->nmult++];
                mu->sector = j;
                memcpy(mu->multiplier, rows[rho].name, sizeof mu->multiplier);
                mu->type = (urio_mult_type)t;
                mu->value = value;
            }
            if (omitted > 0) {
                st = urio_notes_add(&r->notes,
                                    "multiplier '%s', type %s: %zu of %zu sectors left out "
                                    "(direct coefficient 0, so the ratio is not defined)",
                                    rows[rho].name, urio_mult_type_name((urio_mult_type)t), omitted,
                                    n);
                if (st != URIO_OK) goto done;
            }
        }
    }
done:
    free(rows);
    urio_matrix_free(C);
    urio_matrix_free(SL);
    urio_matrix_free(SLbar);
    return st;
}

/* Rasmussen linkages: backward = column sums of L; forward = row sums of the
 * Ghosh inverse G = diag(x)^-1 L diag(x), i.e. (sum_j L_ij x_j) / x_i, taken from L
 * with no second inversion; 0 for a sector with zero output.  Indices divide by
 * the mean over sectors; 0 when that mean is 0. */
static void compute_linkages(urio_io_result *r)
{
    const size_t n = r->n;
    double *Lx = r->forward; /* accumulate L x in place, column by column */
    for (size_t i = 0; i < n; i++)
        Lx[i] = 0.0;
    double bsum = 0.0, fsum = 0.0;
    for (size_t j = 0; j < n; j++) {
        double b = 0.0;
        for (size_t i = 0; i < n; i++) {
            b += URIO_MAT(r->L, i, j);
            Lx[i] += URIO_MAT(r->L, i, j) * r->x[j];
        }
        r->backward[j] = b;
        bsum += b;
    }
    for (size_t i = 0; i < n; i++) {
        r->forward[i] = r->x[i] > 0.0 ? Lx[i] / r->x[i] : 0.0;
        fsum += r->forward[i];
    }
    const double bmean = bsum / (double)n, fmean = fsum / (double)n;
    for (size_t j = 0; j < n; j++) {
        r->backward_index[j] = bmean != 0.0 ? r->backward[j] / bmean : 0.0;
        r->forward_index[j] = fmean != 0.0 ? r->forward[j] / fmean : 0.0;
        r->key_sector[j] = r->backward_index[j] > 1.0 && r->forward_index[j] > 1.0;
    }
}

/* Contract (urio/io.h): validate m, then compute everything an IO run reports.
 * The model is only read.  Failures: URIO_EMODEL from validation;
 * URIO_EUNPRODUCTIVE when I - A (or I - A_bar) is singular or its inverse has a
 * negative entry, with d naming the largest column sum of A and its sector;
 * URIO_ECHECK when a residual exceeds 1e-8; URIO_ENOMEM.  *out is NULL on failure
 * and owned by the caller (urio_io_result_free) on success.  Notes record
 * zero-output sectors and multipliers left out. */
urio_status urio_io_analyse(const urio_io_model *m, urio_io_result **out, urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no result pointer");
    *out = NULL;
    urio_status st = urio_io_model_validate(m, d);
    if (st != URIO_OK) return st;

    const size_t n = m->sectors->count, nh = m->nhouseholds;
    urio_io_result *r = calloc(1, sizeof *r);
    if (r == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_notes_init(&r->notes);
    r->n = n;
    r->m = nh;
    r->checks.tolerance = IO_TOLERANCE;
    r->checks.closed_present = nh > 0;
    urio_matrix *T = NULL;
    double *col = malloc((n + nh) * sizeof *col); /* per-column work of the passes */
    r->x = calloc(n, sizeof *r->x);
    r->f = calloc(n, sizeof *r->f);
    r->income = calloc(nh > 0 ? nh : 1, sizeof *r->income);
    r->backward = calloc(n, sizeof *r->backward);
    r->forward = calloc(n, sizeof *r->forward);
    r->backward_index = calloc(n, sizeof *r->backward_index);
    r->forward_index = calloc(n, sizeof *r->forward_index);
    r->key_sector = calloc(n, sizeof *r->key_sector);
    if (r->x == NULL || r->f == NULL || r->income == NULL || r->backward == NULL ||
        r->forward == NULL || r->backward_index == NULL || r->forward_index == NULL ||
        r->key_sector == NULL || col == NULL) {
        st = urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    st = urio_matrix_create(n, n, &r->A);
    if (st == URIO_OK) st = urio_matrix_create(n, n, &T);
    if (st != URIO_OK) {
        st = urio_diag_set(d, st, NULL, 0, 0, NULL, "out of memory for %zu sectors", n);
        goto fail;
    }
    st = analyse_open(m, r, T, col, d);
    if (st != URIO_OK) goto fail;
    if (nh > 0) {
        urio_matrix_free(T);
        T = NULL;
        st = urio_matrix_create(n + nh, n + nh, &T);
        if (st != URIO_OK) {
            st = urio_diag_set(d, st, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        st = analyse_closed(m, r, T, col, d);
        if (st != URIO_OK) goto fail;
    }
    urio_matrix_free(T);
    T = NULL;
    free(col);
    col = NULL;
    st = judge_checks(r, d);
    if (st != URIO_OK) goto fail;
    st = compute_multipliers(m, r);
    if (st != URIO_OK) {
        st = urio_diag_set(d, st, NULL, 0, 0, NULL, "multipliers: %s", urio_strerror(st));
        goto fail;
    }
    compute_linkages(r);
    *out = r;
    return URIO_OK;
fail:
    urio_matrix_free(T);
    free(col);
    urio_io_result_free(r);
    return st;
}
