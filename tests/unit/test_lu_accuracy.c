/* test_lu_accuracy.c - accuracy of urio_lu's Leontief inverse on the benchmark's
 * synthetic MRIO tables (bench/synth.c, compiled into this test), against the
 * pivoted LAPACK path (dgetrf + dgetri) and against the residual bound.
 *
 * For M = I - A of a productive table (column sums of A at most s < 1) the tile
 * LU without pivoting is backward stable with growth factor at most 2, so
 *   max |M L - I| <= c n eps cond_1(M)   and   max |L - L_lapack| / max |L| <= c n eps cond_1(M)
 * with a small constant c (here 4): cond_1(M) = ||M||_1 ||L||_1 <= (1 + s) / (1 - s).
 * The tests also check the exact rcond of the M-matrix path against dgecon's
 * estimate and against the inverse, and the fallback to partial pivoting when M is
 * not column diagonally dominant.  Orders 50 ... 600 keep the time small. */
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <lapacke.h>

#include <urio/urio.h>

#include "../../bench/synth.c"

/* The 1-norm: largest column sum of |x_ij|. */
static double norm1(size_t n, const double *x)
{
    double worst = 0.0;
    for (size_t j = 0; j < n; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += fabs(x[i + j * n]);
        worst = fmax(worst, s);
    }
    return worst;
}

static double max_abs(size_t m, const double *x)
{
    double worst = 0.0;
    for (size_t e = 0; e < m; e++)
        worst = fmax(worst, fabs(x[e]));
    return worst;
}

/* max |M X - I| by naive loops (independent of BLAS). */
static double identity_residual(size_t n, const double *M, const double *X)
{
    double worst = 0.0;
    double *col = malloc(n * sizeof *col);
    cr_assert(col != NULL);
    for (size_t j = 0; j < n; j++) {
        memset(col, 0, n * sizeof *col);
        for (size_t k = 0; k < n; k++) {
            const double xkj = X[k + j * n];
            for (size_t i = 0; i < n; i++)
                col[i] += M[i + k * n] * xkj;
        }
        col[j] -= 1.0;
        worst = fmax(worst, max_abs(n, col));
    }
    free(col);
    return worst;
}

/* The inverse of M by LAPACK's pivoted dgetrf + dgetri, into X. */
static void lapack_inverse(size_t n, const double *M, double *X)
{
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    cr_assert(ipiv != NULL);
    memcpy(X, M, n * n * sizeof *X);
    cr_assert(eq(
        int, LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, X, (lapack_int)n, ipiv),
        0));
    cr_assert(eq(int, LAPACKE_dgetri(LAPACK_COL_MAJOR, (lapack_int)n, X, (lapack_int)n, ipiv), 0));
    free(ipiv);
}

/* dgecon's estimate of rcond from LAPACK's factors of M. */
static double lapack_rcond(size_t n, const double *M)
{
    double *F = malloc(n * n * sizeof *F), rcond = 0.0;
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    cr_assert(F != NULL && ipiv != NULL);
    memcpy(F, M, n * n * sizeof *F);
    cr_assert(eq(
        int, LAPACKE_dgetrf(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, F, (lapack_int)n, ipiv),
        0));
    cr_assert(eq(
        int,
        LAPACKE_dgecon(LAPACK_COL_MAJOR, '1', (lapack_int)n, F, (lapack_int)n, norm1(n, M), &rcond),
        0));
    free(F);
    free(ipiv);
    return rcond;
}

typedef struct accuracy {
    double residual;  /* max |M L - I| */
    double diff;      /* max |L - L_lapack| / max |L| */
    double cond;      /* ||M||_1 ||L||_1 */
    double rcond;     /* urio_lu_rcond */
    double rcond_lap; /* dgecon on LAPACK's factors */
    bool pivoted;
} accuracy;

static accuracy check(size_t n, const double *M)
{
    accuracy a;
    double *L = malloc(n * n * sizeof *L), *R = malloc(n * n * sizeof *R);
    urio_lu *solver = NULL;
    cr_assert(L != NULL && R != NULL);
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, n), URIO_OK));
    cr_assert(eq(int, urio_lu_inverse(solver, L, n), URIO_OK));
    lapack_inverse(n, M, R);
    double d = 0.0;
    for (size_t e = 0; e < n * n; e++)
        d = fmax(d, fabs(L[e] - R[e]));
    a.residual = identity_residual(n, M, L);
    a.diff = d / max_abs(n * n, L);
    a.cond = norm1(n, M) * norm1(n, L);
    a.rcond = urio_lu_rcond(solver);
    a.rcond_lap = lapack_rcond(n, M);
    a.pivoted = urio_lu_pivoted(solver);
    urio_lu_free(solver);
    free(L);
    free(R);
    return a;
}

static void expect_accurate(size_t n, const accuracy *a)
{
    const double bound = 4.0 * (double)n * DBL_EPSILON * a->cond;
    cr_expect(le(dbl, a->residual, bound), "n = %zu: max |M L - I| = %.3g > %.3g", n, a->residual,
              bound);
    cr_expect(le(dbl, a->diff, bound), "n = %zu: max |L - L_lapack| / max |L| = %.3g > %.3g", n,
              a->diff, bound);
}

/* Orders around and across the tile width (256): one tile, a ragged last tile,
 * several tiles; synthetic tables with 200 products a region (so 600 has three
 * regions and sparse trade blocks). */
Test(lu_accuracy, synthetic_tables_match_the_pivoted_path)
{
    const size_t orders[] = {50, 255, 256, 257, 600};
    for (size_t t = 0; t < sizeof orders / sizeof orders[0]; t++) {
        const size_t n = orders[t];
        bench_synth_spec s;
        bench_synth_defaults(&s, n, 7 + n);
        double *M = malloc(n * n * sizeof *M);
        cr_assert(M != NULL);
        bench_synth_M(&s, M);
        const accuracy a = check(n, M);
        cr_expect(not(a.pivoted), "n = %zu: I - A is dominant, no pivoting expected", n);
        /* cond_1(M) <= (1 + 0.8) / (1 - 0.8) = 9 for column sums of A up to 0.8. */
        cr_expect(le(dbl, a.cond, 9.0 + 1e-9), "n = %zu: cond %.3g", n, a.cond);
        expect_accurate(n, &a);
        /* The M-matrix rcond is exact: 1 / (||M||_1 ||L||_1) to rounding, and
         * agrees with dgecon's estimate (the same number in exact arithmetic). */
        cr_expect(le(dbl, fabs(a.rcond * a.cond - 1.0), 1e-12), "n = %zu: rcond %.17g, exact %.17g",
                  n, a.rcond, 1.0 / a.cond);
        cr_expect(le(dbl, fabs(a.rcond / a.rcond_lap - 1.0), 1e-10),
                  "n = %zu: rcond %.17g, dgecon %.17g", n, a.rcond, a.rcond_lap);
        free(M);
    }
}

/* Column sums of A close to 1 (0.95 ... 0.999): worse conditioned, still within
 * the bound. */
Test(lu_accuracy, nearly_unproductive_tables)
{
    const size_t n = 300;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, 11);
    s.colsum_lo = 0.95;
    s.colsum_hi = 0.999;
    double *M = malloc(n * n * sizeof *M);
    cr_assert(M != NULL);
    bench_synth_M(&s, M);
    const accuracy a = check(n, M);
    cr_expect(not(a.pivoted));
    cr_expect(gt(dbl, a.cond, 20.0));
    expect_accurate(n, &a);
    cr_expect(le(dbl, fabs(a.rcond * a.cond - 1.0), 1e-10));
    free(M);
}

/* Not column diagonally dominant (rows 0 and 1 of I - A interchanged): urio_lu
 * falls back to partial pivoting, with the same accuracy, and rcond comes from
 * dgecon (an estimate: within a factor of 3 of the exact value here, and never
 * above it). */
Test(lu_accuracy, falls_back_to_pivoting_when_not_dominant)
{
    const size_t n = 300;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, 5);
    double *M = malloc(n * n * sizeof *M);
    cr_assert(M != NULL);
    bench_synth_M(&s, M);
    for (size_t j = 0; j < n; j++) {
        const double t = M[j * n];
        M[j * n] = M[1 + j * n];
        M[1 + j * n] = t;
    }
    const accuracy a = check(n, M);
    cr_expect(a.pivoted);
    expect_accurate(n, &a);
    cr_expect(le(dbl, a.rcond, 1.0 / a.cond * (1.0 + 1e-12)));
    cr_expect(ge(dbl, a.rcond, 1.0 / a.cond / 3.0));
    free(M);
}

/* Dominant but with positive entries off the diagonal (not an M-matrix): no
 * pivoting, rcond by dgecon, same accuracy. */
Test(lu_accuracy, dominant_with_mixed_signs_uses_dgecon)
{
    const size_t n = 257;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, 3);
    double *M = malloc(n * n * sizeof *M);
    cr_assert(M != NULL);
    bench_synth_M(&s, M);
    for (size_t j = 0; j < n; j += 3)
        M[(j + 1) % n + j * n] = -M[(j + 1) % n + j * n];
    const accuracy a = check(n, M);
    cr_expect(not(a.pivoted));
    expect_accurate(n, &a);
    cr_expect(le(dbl, a.rcond, 1.0 / a.cond * (1.0 + 1e-12)));
    cr_expect(ge(dbl, a.rcond, 1.0 / a.cond / 3.0));
    cr_expect(le(dbl, fabs(a.rcond / a.rcond_lap - 1.0), 1e-10));
    free(M);
}

/* Every column of A sums to 1: 1^T (I - A) = 0, so I - A is singular although
 * it is (weakly) column diagonally dominant with the M-matrix sign pattern; the
 * factorisation is refused (a zero pivot, or an rcond below eps). */
Test(lu_accuracy, singular_m_matrix_is_refused)
{
    const size_t n = 3;
    const double M[9] = {0.5, -0.25, -0.25, -0.25, 0.5, -0.25, -0.3, -0.3, 0.6};
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_expect(eq(int, urio_lu_factor(solver, M, n), URIO_ESINGULAR));
    cr_expect(lt(dbl, urio_lu_rcond(solver), DBL_EPSILON));
    urio_lu_free(solver);
}
