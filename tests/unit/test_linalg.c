/* test_linalg.c - dense matrices and LU factorisations (urio/linalg.h) against
 * closed forms and invariants: 2 x 2 solves and inverses by Cramer's rule, the
 * identity's condition number, M^-1 M = I, exact and numerical singularity, and
 * multi-right-hand-side solves against column-by-column solves.  The tile LU
 * (linalg/lu.c) is checked at orders around its tile width, on both of its paths
 * (column diagonally dominant without pivoting, partial pivoting otherwise),
 * against a Gauss-Jordan inverse written here and by residuals, and its factors,
 * solves and inverses are compared bit for bit across thread counts. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>
#include <omp.h>

#include <urio/urio.h>

#include "../../solver/linalg/internal.h"

/* A column-major n x n matrix with entries in [-0.5, 0.5) from a fixed LCG and
 * diag added to the diagonal. */
static double *random_matrix(size_t n, size_t cols, double diag, uint64_t seed)
{
    double *M = malloc(n * cols * sizeof *M);
    cr_assert_not_null(M);
    uint64_t s = seed;
    for (size_t e = 0; e < n * cols; e++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        M[e] = (double)(s >> 11) * 0x1.0p-53 - 0.5;
    }
    for (size_t i = 0; i < n && i < cols; i++)
        M[i + i * n] += diag;
    return M;
}

Test(matrix, create_is_zeroed_and_identity_is_identity)
{
    urio_matrix *m = NULL, *id = NULL;
    cr_assert(eq(int, urio_matrix_create(3, 2, &m), URIO_OK));
    cr_assert(eq(sz, m->rows, 3));
    cr_assert(eq(sz, m->cols, 2));
    for (size_t e = 0; e < 6; e++)
        cr_expect(eq(dbl, m->data[e], 0.0));
    cr_assert(eq(int, urio_matrix_identity(3, &id), URIO_OK));
    for (size_t j = 0; j < 3; j++)
        for (size_t i = 0; i < 3; i++)
            cr_expect(eq(dbl, URIO_MAT(id, i, j), i == j ? 1.0 : 0.0));
    urio_matrix_free(m);
    urio_matrix_free(id);
    urio_matrix_free(NULL);
}

Test(matrix, empty_matrix_has_no_data)
{
    urio_matrix *m = NULL, *c = NULL;
    cr_assert(eq(int, urio_matrix_create(0, 5, &m), URIO_OK));
    cr_expect_null(m->data);
    cr_assert(eq(int, urio_matrix_copy(m, &c), URIO_OK));
    cr_expect(eq(sz, c->cols, 5));
    cr_expect(eq(dbl, urio_matrix_max_abs_diff(m, c), 0.0));
    urio_matrix_free(m);
    urio_matrix_free(c);
}

Test(matrix, bytes_saturate_instead_of_overflowing)
{
    cr_expect(eq(sz, urio_matrix_bytes(3, 4), 12 * sizeof(double)));
    cr_expect(eq(sz, urio_matrix_bytes(0, SIZE_MAX), 0));
    cr_expect(eq(sz, urio_matrix_bytes(SIZE_MAX / 2, 3), SIZE_MAX));
    cr_expect(eq(sz, urio_matrix_bytes(SIZE_MAX / 8, 2), SIZE_MAX));
    urio_matrix *m = NULL;
    cr_expect(eq(int, urio_matrix_create(SIZE_MAX / 2, 3, &m), URIO_ENOMEM));
    cr_expect_null(m);
}

Test(matrix, copy_is_deep)
{
    urio_matrix *m = NULL, *c = NULL;
    cr_assert(eq(int, urio_matrix_create(2, 2, &m), URIO_OK));
    URIO_MAT(m, 1, 0) = 7.0;
    cr_assert(eq(int, urio_matrix_copy(m, &c), URIO_OK));
    URIO_MAT(m, 1, 0) = 8.0;
    cr_expect(eq(dbl, URIO_MAT(c, 1, 0), 7.0));
    cr_expect(eq(dbl, urio_matrix_max_abs_diff(m, c), 1.0));
    urio_matrix_free(m);
    urio_matrix_free(c);
}

/* [1 2; 3 4] [5 6; 7 8] = [19 22; 43 50], and the transposed variants. */
Test(matrix, gemm_small_products)
{
    urio_matrix *A = NULL, *B = NULL, *C = NULL;
    cr_assert(eq(int, urio_matrix_create(2, 2, &A), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 2, &B), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 2, &C), URIO_OK));
    URIO_MAT(A, 0, 0) = 1, URIO_MAT(A, 0, 1) = 2, URIO_MAT(A, 1, 0) = 3, URIO_MAT(A, 1, 1) = 4;
    URIO_MAT(B, 0, 0) = 5, URIO_MAT(B, 0, 1) = 6, URIO_MAT(B, 1, 0) = 7, URIO_MAT(B, 1, 1) = 8;

    cr_assert(eq(int, urio_matrix_gemm(false, false, 1.0, A, B, 0.0, C), URIO_OK));
    cr_expect(eq(dbl, URIO_MAT(C, 0, 0), 19.0));
    cr_expect(eq(dbl, URIO_MAT(C, 0, 1), 22.0));
    cr_expect(eq(dbl, URIO_MAT(C, 1, 0), 43.0));
    cr_expect(eq(dbl, URIO_MAT(C, 1, 1), 50.0));
    /* A^T B = [1 3; 2 4] [5 6; 7 8] = [26 30; 38 44] */
    cr_assert(eq(int, urio_matrix_gemm(true, false, 1.0, A, B, 0.0, C), URIO_OK));
    cr_expect(eq(dbl, URIO_MAT(C, 0, 0), 26.0));
    cr_expect(eq(dbl, URIO_MAT(C, 1, 1), 44.0));
    /* 2 A B^T - C, with C = A^T B: A B^T = [17 23; 39 53] */
    cr_assert(eq(int, urio_matrix_gemm(false, true, 2.0, A, B, -1.0, C), URIO_OK));
    cr_expect(eq(dbl, URIO_MAT(C, 0, 0), 34.0 - 26.0));
    cr_expect(eq(dbl, URIO_MAT(C, 1, 1), 106.0 - 44.0));
    /* Shape mismatch and aliasing are refused. */
    urio_matrix *R = NULL;
    cr_assert(eq(int, urio_matrix_create(3, 2, &R), URIO_OK));
    cr_expect(eq(int, urio_matrix_gemm(false, false, 1.0, A, B, 0.0, R), URIO_EINVAL));
    cr_expect(eq(int, urio_matrix_gemm(false, false, 1.0, A, B, 0.0, A), URIO_EINVAL));
    urio_matrix_free(A);
    urio_matrix_free(B);
    urio_matrix_free(C);
    urio_matrix_free(R);
}

/* op(A) op(B) (+ beta C) into a new matrix, as `urio -j T` would compute it. */
static urio_matrix *gemm_at(int threads, bool ta, bool tb, const urio_matrix *A,
                            const urio_matrix *B, const urio_matrix *C0)
{
    cr_assert(eq(int, urio_run_threads_init(threads), threads));
    urio_matrix *C = NULL;
    cr_assert(eq(int, urio_matrix_copy(C0, &C), URIO_OK));
    cr_assert(eq(int, urio_matrix_gemm(ta, tb, 1.0, A, B, 0.5, C), URIO_OK));
    return C;
}

/* The shapes of the analysis (multipliers: a few coefficient rows times L, i.e.
 * A^T L; the identity check: C L; L times a few columns; and B transposed): the
 * same bits for 1, 2 and 3 threads.  OpenBLAS's own threading splits a product by
 * the thread count and gave other last bits at n ~ 1,500 (multipliers.csv of a
 * synthetic model differed between -j 1 and -j 2). */
Test(matrix, gemm_is_bit_identical_for_1_2_3_threads)
{
    const size_t n = 600, k = 7;
    struct {
        size_t ar, ac, br, bc;
        bool ta, tb;
    } shape[] = {
        {n, k, n, n, true, false},  /* S^T L: multipliers */
        {n, n, n, n, false, false}, /* C L: the identity check */
        {n, n, n, k, false, false}, /* L F: a few columns */
        {n, n, k, n, false, true},  /* L B^T */
    };
    for (size_t c = 0; c < sizeof shape / sizeof shape[0]; c++) {
        urio_matrix A = {shape[c].ar, shape[c].ac, random_matrix(shape[c].ar, shape[c].ac, 0, 3)};
        urio_matrix B = {shape[c].br, shape[c].bc, random_matrix(shape[c].br, shape[c].bc, 0, 5)};
        const size_t m = shape[c].ta ? shape[c].ac : shape[c].ar;
        const size_t w = shape[c].tb ? shape[c].br : shape[c].bc;
        urio_matrix C0 = {m, w, random_matrix(m, w, 0, 7)};
        urio_matrix *C[3];
        for (int t = 0; t < 3; t++)
            C[t] = gemm_at(t + 1, shape[c].ta, shape[c].tb, &A, &B, &C0);
        for (int t = 1; t < 3; t++)
            cr_expect(eq(int, memcmp(C[0]->data, C[t]->data, m * w * sizeof(double)), 0),
                      "shape %zu: %d threads differ from 1", c, t + 1);
        /* and it is the product: against a plain dgemm on one thread */
        const int saved = urio_run_blas_threads_push(1);
        cblas_dgemm(CblasColMajor, shape[c].ta ? CblasTrans : CblasNoTrans,
                    shape[c].tb ? CblasTrans : CblasNoTrans, (int)m, (int)w,
                    (int)(shape[c].ta ? shape[c].ar : shape[c].ac), 1.0, A.data, (int)A.rows,
                    B.data, (int)B.rows, 0.5, C0.data, (int)m);
        urio_run_blas_threads_pop(saved);
        cr_expect(le(dbl, urio_matrix_max_abs_diff(C[0], &C0), 1e-12), "shape %zu", c);
        for (int t = 0; t < 3; t++)
            urio_matrix_free(C[t]);
        free(A.data);
        free(B.data);
        free(C0.data);
    }
    cr_assert(eq(int, urio_run_threads_init(2), 2));
}

/* urio_parallel_ranges: every item exactly once, in ranges of at most `grain`
 * that start on a multiple of it (or one serial range), for 1 to 3 threads and
 * inside an active parallel region (serial there). */
typedef struct range_log {
    size_t count, grain;
    int *hits;
    bool bad_range;
} range_log;

static void log_range(size_t begin, size_t end, void *ctx)
{
    range_log *g = ctx;
    const bool whole = begin == 0 && end == g->count;
    if (end <= begin || (!whole && (end - begin > g->grain || begin % g->grain != 0)))
        g->bad_range = true;
    for (size_t i = begin; i < end; i++)
        g->hits[i]++; /* disjoint ranges: no two threads write one item */
}

Test(parallel, ranges_cover_each_item_once)
{
    const size_t cases[][2] = {{0, 4}, {1, 0}, {10, 3}, {64, 64}, {65, 64}, {1000, 64}, {3001, 7}};
    for (int threads = 1; threads <= 4; threads++) {
        cr_assert(
            eq(int, urio_run_threads_init(threads < 4 ? threads : 2), threads < 4 ? threads : 2));
        for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
            const size_t count = cases[c][0], grain = cases[c][1] ? cases[c][1] : 1;
            range_log g = {count, grain, calloc(count + 1, sizeof(int)), false};
            cr_assert_not_null(g.hits);
            if (threads < 4) {
                urio_parallel_ranges(count, cases[c][1], log_range, &g);
            } else {
                /* inside an active region: one serial call per thread of the team */
#pragma omp parallel num_threads(2)
                {
                    range_log mine = {count, grain, calloc(count + 1, sizeof(int)), false};
                    if (mine.hits != NULL) {
                        urio_parallel_ranges(count, cases[c][1], log_range, &mine);
                        bool once = !mine.bad_range;
                        for (size_t i = 0; i < count; i++)
                            once = once && mine.hits[i] == 1;
#pragma omp critical
                        g.bad_range = g.bad_range || !once;
                    }
                    free(mine.hits);
                }
                for (size_t i = 0; i < count; i++)
                    g.hits[i] = 1;
            }
            cr_expect(not(g.bad_range), "threads %d, count %zu, grain %zu", threads, count, grain);
            for (size_t i = 0; i < count; i++)
                cr_expect(eq(int, g.hits[i], 1), "threads %d, count %zu, item %zu", threads, count,
                          i);
            cr_expect(eq(int, g.hits[count], 0));
            free(g.hits);
        }
    }
    cr_assert(eq(int, urio_run_threads_init(2), 2));
}

Test(matrix, max_abs_diff_shapes_and_nan)
{
    urio_matrix *a = NULL, *b = NULL, *c = NULL;
    cr_assert(eq(int, urio_matrix_create(2, 3, &a), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 3, &b), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(3, 2, &c), URIO_OK));
    URIO_MAT(a, 1, 2) = -2.5;
    cr_expect(eq(dbl, urio_matrix_max_abs_diff(a, b), 2.5));
    cr_expect(isinf(urio_matrix_max_abs_diff(a, c)));
    URIO_MAT(b, 0, 0) = NAN;
    cr_expect(isnan(urio_matrix_max_abs_diff(a, b)));
    urio_matrix_free(a);
    urio_matrix_free(b);
    urio_matrix_free(c);
}

/* M = [2 1; 4 3] (column-major {2, 4, 1, 3}), det 2, M^-1 = [3 -1; -4 2] / 2.
 * M x = [1; 2] gives x = [0.5; 0]; M^T x = [1; 2] gives x = [-2.5; 1.5]. */
Test(lu, two_by_two_closed_form)
{
    const double M[4] = {2.0, 4.0, 1.0, 3.0};
    double b[2] = {1.0, 2.0}, bt[2] = {1.0, 2.0}, inv[4];
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(2, &solver), URIO_OK));
    cr_expect(eq(sz, urio_lu_order(solver), 2));
    cr_assert(eq(int, urio_lu_factor(solver, M, 2), URIO_OK));
    cr_assert(eq(int, urio_lu_solve(solver, false, 1, b, 2), URIO_OK));
    cr_expect(epsilon_eq(dbl, b[0], 0.5, 1e-15));
    cr_expect(epsilon_eq(dbl, b[1], 0.0, 1e-15));
    cr_assert(eq(int, urio_lu_solve(solver, true, 1, bt, 2), URIO_OK));
    cr_expect(epsilon_eq(dbl, bt[0], -2.5, 1e-15));
    cr_expect(epsilon_eq(dbl, bt[1], 1.5, 1e-15));
    cr_assert(eq(int, urio_lu_inverse(solver, inv, 2), URIO_OK));
    cr_expect(epsilon_eq(dbl, inv[0], 1.5, 1e-15));
    cr_expect(epsilon_eq(dbl, inv[1], -2.0, 1e-15));
    cr_expect(epsilon_eq(dbl, inv[2], -0.5, 1e-15));
    cr_expect(epsilon_eq(dbl, inv[3], 1.0, 1e-15));
    /* The input was only read. */
    cr_expect(eq(dbl, M[0], 2.0));
    cr_expect(eq(dbl, M[1], 4.0));
    urio_lu_free(solver);
}

/* Factoring the top-left 2 x 2 block of a 3 x 3 array uses the leading dimension. */
Test(lu, leading_dimension_is_respected)
{
    const double M[9] = {2.0, 4.0, 99.0, 1.0, 3.0, 99.0, 99.0, 99.0, 99.0};
    double B[6] = {1.0, 2.0, -7.0, 2.0, 4.0, -7.0}; /* two columns, ldb 3 */
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(2, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, 3), URIO_OK));
    cr_assert(eq(int, urio_lu_solve(solver, false, 2, B, 3), URIO_OK));
    cr_expect(epsilon_eq(dbl, B[0], 0.5, 1e-15));
    cr_expect(epsilon_eq(dbl, B[1], 0.0, 1e-15));
    cr_expect(eq(dbl, B[2], -7.0)); /* untouched padding */
    cr_expect(epsilon_eq(dbl, B[3], 1.0, 1e-15));
    cr_expect(epsilon_eq(dbl, B[4], 0.0, 1e-15));
    cr_expect(eq(int, urio_lu_factor(solver, M, 1), URIO_EINVAL));
    urio_lu_free(solver);
}

Test(lu, inverse_times_matrix_is_identity)
{
    const size_t n = 60;
    double *M = random_matrix(n, n, 4.0, 42);
    urio_lu *solver = NULL;
    urio_matrix *Mm = NULL, *Inv = NULL, *P = NULL, *Id = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, n), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(n, n, &Mm), URIO_OK));
    memcpy(Mm->data, M, n * n * sizeof *M);
    cr_assert(eq(int, urio_matrix_create(n, n, &Inv), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(n, n, &P), URIO_OK));
    cr_assert(eq(int, urio_matrix_identity(n, &Id), URIO_OK));
    cr_assert(eq(int, urio_lu_inverse(solver, Inv->data, n), URIO_OK));
    cr_assert(eq(int, urio_matrix_gemm(false, false, 1.0, Inv, Mm, 0.0, P), URIO_OK));
    cr_expect(le(dbl, urio_matrix_max_abs_diff(P, Id), 1e-13));
    cr_assert(eq(int, urio_matrix_gemm(false, false, 1.0, Mm, Inv, 0.0, P), URIO_OK));
    cr_expect(le(dbl, urio_matrix_max_abs_diff(P, Id), 1e-13));
    free(M);
    urio_lu_free(solver);
    urio_matrix_free(Mm);
    urio_matrix_free(Inv);
    urio_matrix_free(P);
    urio_matrix_free(Id);
}

Test(lu, identity_has_rcond_one)
{
    urio_matrix *Id = NULL;
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_matrix_identity(7, &Id), URIO_OK));
    cr_assert(eq(int, urio_lu_create(7, &solver), URIO_OK));
    cr_expect(eq(dbl, urio_lu_rcond(solver), 0.0)); /* nothing factored yet */
    cr_assert(eq(int, urio_lu_factor(solver, Id->data, 7), URIO_OK));
    cr_expect(epsilon_eq(dbl, urio_lu_rcond(solver), 1.0, 1e-15));
    urio_lu_free(solver);
    urio_matrix_free(Id);
}

/* [1 2; 2 4]: elimination leaves an exact zero pivot. */
Test(lu, exactly_singular_matrix)
{
    const double M[4] = {1.0, 2.0, 2.0, 4.0};
    double b[2] = {1.0, 1.0}, inv[4];
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(2, &solver), URIO_OK));
    cr_expect(eq(int, urio_lu_factor(solver, M, 2), URIO_ESINGULAR));
    cr_expect(eq(dbl, urio_lu_rcond(solver), 0.0));
    /* A failed factorisation cannot be used. */
    cr_expect(eq(int, urio_lu_solve(solver, false, 1, b, 2), URIO_EINVAL));
    cr_expect(eq(int, urio_lu_inverse(solver, inv, 2), URIO_EINVAL));
    urio_lu_free(solver);
}

/* [1 1; 1 1 + 2^-52] is invertible but rcond ~ 2^-54 < DBL_EPSILON: no digit of
 * the solution is reliable, so it counts as singular, with the rcond kept. */
Test(lu, numerically_singular_matrix)
{
    const double M[4] = {1.0, 1.0, 1.0, 1.0 + DBL_EPSILON};
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(2, &solver), URIO_OK));
    cr_expect(eq(int, urio_lu_factor(solver, M, 2), URIO_ESINGULAR));
    cr_expect(gt(dbl, urio_lu_rcond(solver), 0.0));
    cr_expect(lt(dbl, urio_lu_rcond(solver), DBL_EPSILON));
    /* A well-conditioned matrix afterwards factors fine: the object is reusable. */
    const double W[4] = {2.0, 4.0, 1.0, 3.0};
    cr_expect(eq(int, urio_lu_factor(solver, W, 2), URIO_OK));
    urio_lu_free(solver);
}

Test(lu, bad_arguments)
{
    urio_lu *solver = NULL;
    cr_expect(eq(int, urio_lu_create(0, &solver), URIO_EINVAL));
    cr_expect_null(solver);
    cr_assert(eq(int, urio_lu_create(2, &solver), URIO_OK));
    const double nanm[4] = {1.0, NAN, 0.0, 1.0};
    cr_expect(eq(int, urio_lu_factor(solver, nanm, 2), URIO_EINVAL));
    cr_expect(eq(int, urio_lu_factor(solver, NULL, 2), URIO_EINVAL));
    const double M[4] = {2.0, 4.0, 1.0, 3.0};
    double b[2] = {0.0, 0.0};
    cr_assert(eq(int, urio_lu_factor(solver, M, 2), URIO_OK));
    cr_expect(eq(int, urio_lu_solve(solver, false, 1, b, 1), URIO_EINVAL));
    cr_expect(eq(int, urio_lu_solve(solver, false, 0, NULL, 2), URIO_OK));
    urio_lu_free(solver);
    urio_lu_free(NULL);
}

/* Solve k columns in one call and one at a time: they agree to rounding for any
 * n, and bit for bit when n is small.  Bit-for-bit equality is a property of the
 * BLAS kernels, not a guarantee: with dtrsm for every column count (see lu.c) it
 * holds for n <= 4 with all eight OpenBLAS core types tried through
 * OPENBLAS_CORETYPE (SkylakeX, Haswell, Zen, SandyBridge, Nehalem, Prescott, Core2,
 * Atom), for n <= 384 on SkylakeX, but from n = 5 on some older cores and n = 12
 * on Haswell and Zen. */
static void check_multi_rhs(size_t n, bool bitwise)
{
    const size_t k = 9;
    double *M = random_matrix(n, n, 3.0, 7);
    double *B = random_matrix(n, k, 0.0, 11);
    double *X = malloc(n * k * sizeof *X), *Y = malloc(n * k * sizeof *Y);
    cr_assert_not_null(X);
    cr_assert_not_null(Y);
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, n), URIO_OK));
    for (int t = 0; t < 2; t++) {
        const bool trans = t == 1;
        memcpy(X, B, n * k * sizeof *X);
        memcpy(Y, B, n * k * sizeof *Y);
        cr_assert(eq(int, urio_lu_solve(solver, trans, k, X, n), URIO_OK));
        for (size_t j = 0; j < k; j++)
            cr_assert(eq(int, urio_lu_solve(solver, trans, 1, Y + j * n, n), URIO_OK));
        if (bitwise) cr_expect(eq(int, memcmp(X, Y, n * k * sizeof *X), 0), "transpose %d", t);
        double diff = 0.0, scale = 0.0;
        for (size_t e = 0; e < n * k; e++) {
            diff = fmax(diff, fabs(X[e] - Y[e]));
            scale = fmax(scale, fabs(X[e]));
        }
        cr_expect(le(dbl, diff, 16.0 * DBL_EPSILON * (double)n * scale), "transpose %d", t);
        /* And it is a solution: residual of M x = b (or M^T x = b) for every column. */
        double worst = 0.0;
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < n; i++) {
                double s = 0.0;
                for (size_t q = 0; q < n; q++)
                    s += (trans ? M[q + i * n] : M[i + q * n]) * X[q + j * n];
                worst = fmax(worst, fabs(s - B[i + j * n]));
            }
        cr_expect(le(dbl, worst, 1e-14 * (double)n));
    }
    urio_lu_free(solver);
    free(M);
    free(B);
    free(X);
    free(Y);
}

/* Bit for bit only natively: valgrind hides AVX-512, OpenBLAS then takes other
 * kernels, and with those the batch and the single column differ in the last bit
 * (docs/reliability.md); tests/valgrind/run.sh sets URIO_UNDER_VALGRIND. */
Test(lu, multi_rhs_equals_column_by_column_bit_for_bit_small)
{
    check_multi_rhs(4, getenv("URIO_UNDER_VALGRIND") == NULL);
}

Test(lu, multi_rhs_equals_column_by_column_to_rounding)
{
    check_multi_rhs(64, false);
    check_multi_rhs(500, false);
}

/* ---- Tile LU: orders around the tile width, both paths, thread counts. ---- */

/* The width urio_lu_create takes for every order tested here; WIDE, the one of
 * large orders, is reached through urio__lu_create_tiled. */
#define NB ((size_t)URIO_LU_NB_SMALL)
#define WIDE ((size_t)URIO_LU_NB)

/* urio_lu_create, or urio__lu_create_tiled when nb is not 0. */
static urio_lu *lu_new(size_t n, size_t nb)
{
    urio_lu *solver = NULL;
    cr_assert(eq(int, nb == 0 ? urio_lu_create(n, &solver) : urio__lu_create_tiled(n, nb, &solver),
                 URIO_OK));
    return solver;
}

/* A column diagonally dominant n x n matrix (leading dimension ld >= n): entries
 * in [-0.5, 0.5), each diagonal entry replaced by +-(sum of |off-diagonal| + 0.25)
 * with alternating signs, so the tile LU takes its path without pivoting. */
static double *dominant_matrix(size_t n, size_t ld, uint64_t seed)
{
    double *M = random_matrix(ld, n, 0.0, seed);
    for (size_t j = 0; j < n; j++) {
        double off = 0.0;
        for (size_t i = 0; i < n; i++)
            if (i != j) off += fabs(M[i + j * ld]);
        M[j + j * ld] = (j % 2 == 0 ? 1.0 : -1.0) * (off + 0.25);
    }
    return M;
}

/* A general n x n matrix (n >= 2): entries in [-0.5, 0.5) and a zero diagonal, so
 * no column is dominant and the tile LU must pivot. */
static double *general_matrix(size_t n, size_t ld, uint64_t seed)
{
    double *M = random_matrix(ld, n, 0.0, seed);
    for (size_t j = 0; j < n; j++)
        M[j + j * ld] = 0.0;
    return M;
}

/* 1-norm (largest column sum of |x_ij|) of an n x k matrix with leading dimension ld. */
static double norm1(size_t n, size_t k, const double *X, size_t ld)
{
    double best = 0.0;
    for (size_t j = 0; j < k; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += fabs(X[i + j * ld]);
        best = fmax(best, s);
    }
    return best;
}

/* The inverse of the n x n M (leading dimension ld) by Gauss-Jordan elimination
 * with partial pivoting on [M | I], written out with plain loops so that it shares
 * no code with the library.  Returns a new n x n matrix (leading dimension n). */
static double *gauss_jordan_inverse(size_t n, const double *M, size_t ld)
{
    const size_t w = 2 * n;
    double *T = malloc(n * w * sizeof *T); /* row-major n x 2n: [M | I] */
    double *X = malloc(n * n * sizeof *X);
    cr_assert_not_null(T);
    cr_assert_not_null(X);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < w; j++)
            T[i * w + j] = j < n ? M[i + j * ld] : (j - n == i ? 1.0 : 0.0);
    for (size_t k = 0; k < n; k++) {
        size_t p = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(T[i * w + k]) > fabs(T[p * w + k])) p = i;
        cr_assert(T[p * w + k] != 0.0, "reference inverse: singular at %zu", k);
        if (p != k)
            for (size_t j = 0; j < w; j++) {
                const double t = T[k * w + j];
                T[k * w + j] = T[p * w + j];
                T[p * w + j] = t;
            }
        const double piv = T[k * w + k];
        for (size_t j = 0; j < w; j++)
            T[k * w + j] /= piv;
        for (size_t i = 0; i < n; i++) {
            if (i == k) continue;
            const double f = T[i * w + k];
            if (f == 0.0) continue;
            for (size_t j = 0; j < w; j++)
                T[i * w + j] -= f * T[k * w + j];
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            X[i + j * n] = T[i * w + n + j];
    free(T);
    return X;
}

/* Largest |(op(M) X - R)_ij| over an n x k block, op(M) = M or M^T; R is the
 * identity when R == NULL.  M has leading dimension ldm, X and R ldx.  The
 * product is one dgemm, so that the O(n^3) residuals stay fast in the sanitizer
 * build. */
static double residual(size_t n, size_t k, bool trans, const double *M, size_t ldm, const double *X,
                       size_t ldx, const double *R)
{
    double *P = malloc(n * k * sizeof *P);
    cr_assert_not_null(P);
    cblas_dgemm(CblasColMajor, trans ? CblasTrans : CblasNoTrans, CblasNoTrans, (int)n, (int)k,
                (int)n, 1.0, M, (int)ldm, X, (int)ldx, 0.0, P, (int)n);
    double worst = 0.0;
    for (size_t j = 0; j < k; j++)
        for (size_t i = 0; i < n; i++) {
            const double r = R != NULL ? R[i + j * ldx] : (i == j ? 1.0 : 0.0);
            worst = fmax(worst, fabs(P[i + j * n] - r));
        }
    free(P);
    return worst;
}

/* Factor M (n x n, leading dimension n + 3), check the path taken, form the inverse
 * (leading dimension n + 2) and solve with k = 5 right-hand sides both ways, then
 * check: M X = I and X M = I to a multiple of n eps ||M|| ||X|| (a bound on the
 * rounding of any backward-stable LU), the inverse against Gauss-Jordan when n is
 * small enough for the O(n^3) loops, and the solves by their residuals and against
 * X B. */
static void check_order(size_t n, size_t nb, bool dominant, uint64_t seed)
{
    const size_t ldm = n + 3, ldx = n + 2, k = 5;
    double *M = dominant ? dominant_matrix(n, ldm, seed) : general_matrix(n, ldm, seed);
    double *Inv = malloc(ldx * n * sizeof *Inv);
    double *B = random_matrix(ldx, k, 0.0, seed + 1);
    double *Xs = malloc(ldx * k * sizeof *Xs), *Xt = malloc(ldx * k * sizeof *Xt);
    cr_assert_not_null(Inv);
    cr_assert_not_null(Xs);
    cr_assert_not_null(Xt);
    urio_lu *solver = lu_new(n, nb);
    cr_assert(eq(int, urio_lu_factor(solver, M, ldm), URIO_OK), "n %zu dominant %d", n, dominant);
    cr_expect(eq(int, urio_lu_pivoted(solver), !dominant), "n %zu", n);
    cr_assert(eq(int, urio_lu_inverse(solver, Inv, ldx), URIO_OK));

    const double kappa = norm1(n, n, M, ldm) * norm1(n, n, Inv, ldx);
    const double tol = 8.0 * (double)n * DBL_EPSILON * kappa;
    cr_expect(le(dbl, residual(n, n, false, M, ldm, Inv, ldx, NULL), tol), "M X, n %zu", n);
    cr_expect(le(dbl, residual(n, n, false, Inv, ldx, M, ldm, NULL), tol), "X M, n %zu", n);
    if (n <= NB + 1) {
        double *G = gauss_jordan_inverse(n, M, ldm);
        double diff = 0.0, scale = 0.0;
        for (size_t j = 0; j < n; j++)
            for (size_t i = 0; i < n; i++) {
                diff = fmax(diff, fabs(Inv[i + j * ldx] - G[i + j * n]));
                scale = fmax(scale, fabs(G[i + j * n]));
            }
        cr_expect(le(dbl, diff, 16.0 * (double)n * DBL_EPSILON * kappa * scale),
                  "against Gauss-Jordan, n %zu", n);
        free(G);
    }

    for (int t = 0; t < 2; t++) {
        const bool trans = t == 1;
        double *X = trans ? Xt : Xs;
        memcpy(X, B, ldx * k * sizeof *X);
        cr_assert(eq(int, urio_lu_solve(solver, trans, k, X, ldx), URIO_OK));
        const double scale = norm1(n, n, M, ldm) * norm1(n, k, X, ldx) + norm1(n, k, B, ldx);
        cr_expect(le(dbl, residual(n, k, trans, M, ldm, X, ldx, B),
                     8.0 * (double)n * DBL_EPSILON * scale),
                  "solve residual, n %zu transpose %d", n, t);
        /* X = op(M)^-1 B = op(Inv) B to the inverse's accuracy. */
        double diff = 0.0, xmax = 0.0;
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < n; i++) {
                double s = 0.0;
                for (size_t q = 0; q < n; q++)
                    s += (trans ? Inv[q + i * ldx] : Inv[i + q * ldx]) * B[q + j * ldx];
                diff = fmax(diff, fabs(s - X[i + j * ldx]));
                xmax = fmax(xmax, fabs(X[i + j * ldx]));
            }
        cr_expect(le(dbl, diff, 16.0 * (double)n * DBL_EPSILON * kappa * (xmax + 1.0)),
                  "solve against inverse, n %zu transpose %d", n, t);
        /* The padding rows between n and ldx are not touched. */
        for (size_t j = 0; j < k; j++)
            for (size_t i = n; i < ldx; i++)
                cr_expect(eq(dbl, X[i + j * ldx], B[i + j * ldx]));
    }
    urio_lu_free(solver);
    free(M);
    free(Inv);
    free(B);
    free(Xs);
    free(Xt);
}

static const size_t tile_orders[] = {1, 7, NB - 1, NB, NB + 1, 3 * NB + 5};
static const size_t wide_orders[] = {WIDE - 1, WIDE, WIDE + 1, 3 * WIDE + 5};

Test(lu_tiles, dominant_path_at_tile_boundaries)
{
    for (size_t s = 0; s < sizeof tile_orders / sizeof *tile_orders; s++)
        check_order(tile_orders[s], 0, true, 100 + s);
    for (size_t s = 0; s < sizeof wide_orders / sizeof *wide_orders; s++)
        check_order(wide_orders[s], WIDE, true, 150 + s);
}

Test(lu_tiles, pivoting_path_at_tile_boundaries)
{
    /* An order-1 matrix is always dominant, so the pivoting path starts at 2. */
    check_order(2, 0, false, 200);
    for (size_t s = 1; s < sizeof tile_orders / sizeof *tile_orders; s++)
        check_order(tile_orders[s], 0, false, 200 + s);
    for (size_t s = 0; s < sizeof wide_orders / sizeof *wide_orders; s++)
        check_order(wide_orders[s], WIDE, false, 250 + s);
}

/* urio_lu_factor_inverse: the factors, rcond and inverse of urio_lu_factor then
 * urio_lu_inverse, bit for bit, on both paths without pivoting (an M-matrix I - A,
 * whose rcond comes from the solve that runs beside the back substitutions, and a
 * dominant matrix with signs mixed, dgecon's) and on the pivoting path, for 1 to
 * 3 threads, 1 to 13 tiles (odd and even counts: the inverse's blocks pair them);
 * a zero pivot and bad arguments fail as urio_lu_factor does. */
static double *m_matrix(size_t n, uint64_t seed)
{
    double *M = random_matrix(n, n, 0.0, seed);
    for (size_t j = 0; j < n; j++) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += M[i + j * n] += 0.5; /* A >= 0 in [0, 1) */
        for (size_t i = 0; i < n; i++)
            M[i + j * n] = (i == j ? 1.0 : 0.0) - 0.9 * M[i + j * n] / sum;
    }
    return M;
}

Test(lu_tiles, factor_inverse_is_factor_then_inverse)
{
    const size_t orders[][2] = {{1, 0}, {7, 16}, {64, 16}, {203, 16}, {300, 0}};
    for (size_t o = 0; o < sizeof orders / sizeof orders[0]; o++) {
        const size_t n = orders[o][0], nn = n * n;
        for (int kind = 0; kind < 3; kind++) {
            if (kind == 2 && n < 2) continue;
            double *M = kind == 0   ? m_matrix(n, 300 + o)
                        : kind == 1 ? dominant_matrix(n, n, 310 + o)
                                    : general_matrix(n, n, 320 + o);
            double *X1 = malloc(nn * sizeof *X1), *X2 = malloc(nn * sizeof *X2);
            cr_assert(X1 != NULL && X2 != NULL);
            for (int threads = 1; threads <= 3; threads++) {
                cr_assert(eq(int, urio_run_threads_init(threads), threads));
                urio_lu *a = lu_new(n, orders[o][1]), *b = lu_new(n, orders[o][1]);
                cr_assert(eq(int, urio_lu_factor(a, M, n), URIO_OK));
                cr_assert(eq(int, urio_lu_inverse(a, X1, n), URIO_OK));
                memset(X2, 0xff, nn * sizeof *X2); /* NaN: every element must be written */
                cr_assert(eq(int, urio_lu_factor_inverse(b, M, n, X2, n), URIO_OK));
                cr_expect(eq(int, memcmp(X1, X2, nn * sizeof *X1), 0), "n %zu kind %d threads %d",
                          n, kind, threads);
                cr_expect(
                    eq(int, memcmp(urio__lu_factors(a), urio__lu_factors(b), nn * sizeof *X1), 0));
                cr_expect(eq(dbl, urio_lu_rcond(a), urio_lu_rcond(b)));
                cr_expect(eq(int, urio_lu_pivoted(a), urio_lu_pivoted(b)));
                cr_expect(eq(int, urio_lu_pivoted(b), kind == 2));
                cr_expect(le(dbl, residual(n, n, false, M, n, X2, n, NULL), 1e-12 * (double)n));
                urio_lu_free(a);
                urio_lu_free(b);
            }
            free(M);
            free(X1);
            free(X2);
        }
    }
    /* A zero column is column diagonally dominant (0 >= 0), so the path without
     * pivoting meets an exactly zero pivot: singular, and the factors unusable. */
    const size_t n = 101;
    double *M = m_matrix(n, 330), *X = malloc(n * n * sizeof *X);
    cr_assert_not_null(X);
    for (size_t i = 0; i < n; i++)
        M[i + 70 * n] = 0.0;
    for (int threads = 1; threads <= 2; threads++) {
        cr_assert(eq(int, urio_run_threads_init(threads), threads));
        urio_lu *lu = lu_new(n, 16);
        cr_expect(eq(int, urio_lu_factor_inverse(lu, M, n, X, n), URIO_ESINGULAR));
        cr_expect(eq(int, urio_lu_inverse(lu, X, n), URIO_EINVAL));
        cr_expect(eq(int, urio_lu_factor_inverse(lu, M, n, NULL, n), URIO_EINVAL));
        cr_expect(eq(int, urio_lu_factor_inverse(lu, M, n, X, n - 1), URIO_EINVAL));
        cr_expect(eq(int, urio_lu_factor_inverse(lu, NULL, n, X, n), URIO_EINVAL));
        cr_expect(eq(int, urio_lu_factor_inverse(NULL, M, n, X, n), URIO_EINVAL));
        urio_lu_free(lu);
    }
    cr_assert(eq(int, urio_run_threads_init(2), 2));
    free(M);
    free(X);
}

/* The width follows the order: narrow below URIO_LU_NB_SWITCH, wide from there
 * on; at order 300 (both widths cut it) urio_lu_create's factors are the narrow
 * tiles' bit for bit, and the wide tiles' agree with them to rounding. */
Test(lu_tiles, width_follows_the_order)
{
    urio_lu *below = lu_new(URIO_LU_NB_SWITCH - 1, 0), *at = lu_new(URIO_LU_NB_SWITCH, 0);
    cr_expect(eq(sz, urio__lu_tile_width(below), NB));
    cr_expect(eq(sz, urio__lu_tile_width(at), WIDE));
    cr_expect(eq(sz, urio__lu_tile_width(NULL), 0));
    urio_lu_free(below);
    urio_lu_free(at);

    const size_t n = 300, nn = n * n;
    double *M = dominant_matrix(n, n, 71);
    urio_lu *dflt = lu_new(n, 0), *narrow = lu_new(n, NB), *wide = lu_new(n, WIDE);
    cr_assert(eq(int, urio_lu_factor(dflt, M, n), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(narrow, M, n), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(wide, M, n), URIO_OK));
    const double *F = urio__lu_factors(dflt), *Fn = urio__lu_factors(narrow),
                 *Fw = urio__lu_factors(wide);
    cr_expect(eq(int, memcmp(F, Fn, nn * sizeof *F), 0), "order %zu takes the narrow tiles", n);
    double diff = 0.0, scale = 0.0;
    for (size_t e = 0; e < nn; e++) {
        diff = fmax(diff, fabs(Fn[e] - Fw[e]));
        scale = fmax(scale, fabs(Fn[e]));
    }
    cr_expect(gt(dbl, diff, 0.0), "the widths round differently");
    cr_expect(le(dbl, diff, 64.0 * (double)n * DBL_EPSILON * scale));
    urio_lu_free(dflt);
    urio_lu_free(narrow);
    urio_lu_free(wide);
    free(M);
}

/* I - A of a productive table is column diagonally dominant: no pivoting, and a
 * weakly dominant column (|m_jj| = sum of the others) still counts. */
Test(lu_tiles, leontief_matrix_takes_the_path_without_pivoting)
{
    const double M[9] = {0.8, -0.3, -0.2, -0.1, 0.9, -0.3, -0.5, -0.5, 1.0};
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(3, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, 3), URIO_OK));
    cr_expect(eq(int, urio_lu_pivoted(solver), false));
    /* [2 1; 4 3]: column 0 is not dominant. */
    const double W[4] = {2.0, 4.0, 1.0, 3.0};
    urio_lu *two = NULL;
    cr_assert(eq(int, urio_lu_create(2, &two), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(two, W, 2), URIO_OK));
    cr_expect(urio_lu_pivoted(two));
    cr_expect(eq(int, urio_lu_pivoted(NULL), false));
    urio_lu_free(solver);
    urio_lu_free(two);
}

/* Everything one factorisation yields, for bitwise comparisons. */
typedef struct lu_results {
    double *F, *Inv, *X, *Xt, rcond;
    urio_status status;
} lu_results;

/* Factor M (n x n), keep the factors and rcond, form the inverse and solve B
 * (n x k) both ways, into r (allocated here); r->status is the first failure. */
static void lu_run(size_t n, size_t nb, size_t k, const double *M, const double *B, bool dominant,
                   lu_results *r)
{
    const size_t nn = n * n;
    urio_lu *solver = NULL;
    r->F = malloc(nn * sizeof *r->F);
    r->Inv = malloc(nn * sizeof *r->Inv);
    r->X = malloc(n * k * sizeof *r->X);
    r->Xt = malloc(n * k * sizeof *r->Xt);
    r->status = URIO_ENOMEM;
    if (r->F == NULL || r->Inv == NULL || r->X == NULL || r->Xt == NULL) return;
    r->status = nb == 0 ? urio_lu_create(n, &solver) : urio__lu_create_tiled(n, nb, &solver);
    if (r->status != URIO_OK) return;
    memcpy(r->X, B, n * k * sizeof *r->X);
    memcpy(r->Xt, B, n * k * sizeof *r->Xt);
    if ((r->status = urio_lu_factor(solver, M, n)) == URIO_OK &&
        urio_lu_pivoted(solver) != !dominant)
        r->status = URIO_ECHECK;
    if (r->status == URIO_OK) {
        memcpy(r->F, urio__lu_factors(solver), nn * sizeof *r->F);
        r->rcond = urio_lu_rcond(solver);
        r->status = urio_lu_inverse(solver, r->Inv, n);
    }
    if (r->status == URIO_OK) r->status = urio_lu_solve(solver, false, k, r->X, n);
    if (r->status == URIO_OK) r->status = urio_lu_solve(solver, true, k, r->Xt, n);
    urio_lu_free(solver);
}

static void lu_results_free(lu_results *r)
{
    free(r->F);
    free(r->Inv);
    free(r->X);
    free(r->Xt);
}

/* Factors, rcond, solves (two blocks of right-hand sides, both orientations) and
 * the inverse, compared bit for bit across: 1, 2 and 3 threads, set as `urio -j`
 * sets them (OpenMP and OpenBLAS both); 2 OpenMP threads with BLAS pushed to one
 * (a caller's own pool); and two factorisations at once, one per thread of the
 * caller's parallel region (the LU nested in it). */
static void check_thread_invariance(bool dominant, size_t nb)
{
    const size_t w = nb == 0 ? NB : nb, n = 2 * w + 17, k = w + 9, nn = n * n;
    double *M = dominant ? dominant_matrix(n, n, 31) : general_matrix(n, n, 37);
    double *B = random_matrix(n, k, 0.0, 41);
    enum { RUNS = 6 };
    const char *what[RUNS] = {"1 thread",         "2 threads",        "3 threads",
                              "BLAS pushed to 1", "nested, thread 0", "nested, thread 1"};
    lu_results r[RUNS];
    memset(r, 0, sizeof r);
    for (int t = 0; t < 3; t++) {
        cr_assert(eq(int, urio_run_threads_init(t + 1), t + 1));
        lu_run(n, nb, k, M, B, dominant, &r[t]);
    }
    cr_assert(eq(int, urio_run_threads_init(2), 2));
    const int saved = urio_run_blas_threads_push(1);
    lu_run(n, nb, k, M, B, dominant, &r[3]);
#pragma omp parallel num_threads(2)
    lu_run(n, nb, k, M, B, dominant, &r[4 + omp_get_thread_num()]);
    urio_run_blas_threads_pop(saved);

    for (int t = 0; t < RUNS; t++)
        cr_assert(eq(int, r[t].status, URIO_OK), "%s", what[t]);
    /* The solves are solutions. */
    const double scale = norm1(n, n, M, n) * norm1(n, k, r[0].X, n) + norm1(n, k, B, n);
    cr_expect(
        le(dbl, residual(n, k, false, M, n, r[0].X, n, B), 8.0 * (double)n * DBL_EPSILON * scale));
    cr_expect(
        le(dbl, residual(n, k, true, M, n, r[0].Xt, n, B), 8.0 * (double)n * DBL_EPSILON * scale));
    for (int t = 1; t < RUNS; t++) {
        cr_expect(eq(int, memcmp(r[0].F, r[t].F, nn * sizeof *r[0].F), 0), "factors, %s", what[t]);
        cr_expect(eq(int, memcmp(&r[0].rcond, &r[t].rcond, sizeof r[0].rcond), 0), "rcond, %s",
                  what[t]);
        cr_expect(eq(int, memcmp(r[0].Inv, r[t].Inv, nn * sizeof *r[0].Inv), 0), "inverse, %s",
                  what[t]);
        cr_expect(eq(int, memcmp(r[0].X, r[t].X, n * k * sizeof *r[0].X), 0), "solve, %s", what[t]);
        cr_expect(eq(int, memcmp(r[0].Xt, r[t].Xt, n * k * sizeof *r[0].Xt), 0),
                  "transposed solve, %s", what[t]);
    }
    for (int t = 0; t < RUNS; t++)
        lu_results_free(&r[t]);
    free(M);
    free(B);
}

Test(lu_tiles, dominant_path_is_bit_identical_for_1_2_3_threads)
{
    check_thread_invariance(true, 0);
    check_thread_invariance(true, WIDE);
}

Test(lu_tiles, pivoting_path_is_bit_identical_for_1_2_3_threads)
{
    check_thread_invariance(false, 0);
    check_thread_invariance(false, WIDE);
}

/* Exactly singular on the path without pivoting: a weakly dominant 2 x 2 block
 * [1 -1; -1 1] straddling the first tile boundary, uncoupled from the rest, so
 * elimination is exact there and leaves a zero pivot in the second tile. */
Test(lu_tiles, singular_dominant_matrix)
{
    const size_t n = 2 * NB + 17, a = NB - 1, b = NB;
    double *M = dominant_matrix(n, n, 51);
    for (size_t i = 0; i < n; i++) {
        M[i + a * n] = M[a + i * n] = 0.0;
        M[i + b * n] = M[b + i * n] = 0.0;
    }
    M[a + a * n] = M[b + b * n] = 1.0;
    M[a + b * n] = M[b + a * n] = -1.0;
    urio_lu *solver = NULL;
    double x[1] = {1.0};
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_expect(eq(int, urio_lu_factor(solver, M, n), URIO_ESINGULAR));
    cr_expect(eq(int, urio_lu_pivoted(solver), false));
    cr_expect(eq(dbl, urio_lu_rcond(solver), 0.0));
    cr_expect(eq(int, urio_lu_solve(solver, false, 1, x, n), URIO_EINVAL));
    urio_lu_free(solver);
    free(M);
}

/* Exactly singular on the pivoting path: a zero column in the second tile stays
 * exactly zero through elimination and row interchanges. */
Test(lu_tiles, singular_general_matrix)
{
    const size_t n = 2 * NB + 17, z = NB + 3;
    double *M = general_matrix(n, n, 53);
    for (size_t i = 0; i < n; i++)
        M[i + z * n] = 0.0;
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_expect(eq(int, urio_lu_factor(solver, M, n), URIO_ESINGULAR));
    cr_expect(urio_lu_pivoted(solver));
    cr_expect(eq(dbl, urio_lu_rcond(solver), 0.0));
    /* The object stays usable: a dominant matrix afterwards factors fine. */
    double *D = dominant_matrix(n, n, 55);
    cr_expect(eq(int, urio_lu_factor(solver, D, n), URIO_OK));
    cr_expect(eq(int, urio_lu_pivoted(solver), false));
    urio_lu_free(solver);
    free(M);
    free(D);
}

/* A zero diagonal over a strong cyclic permutation: m_{j+1, j} = 4 and the other
 * off-diagonal entries in [-1/n, 1/n), so M = 4 P + E with ||E||_1 <= 1 and a
 * 1-norm condition number at most (4 + 1) / (4 - 1).  Invertible and well
 * conditioned, but elimination without interchanges would divide by zero at once:
 * it takes the pivoting path and solves to rounding. */
Test(lu_tiles, zero_diagonal_needs_pivoting)
{
    const size_t n = NB + 40, k = 3;
    double *M = general_matrix(n, n, 61);
    for (size_t e = 0; e < n * n; e++)
        M[e] *= 2.0 / (double)n;
    for (size_t j = 0; j < n; j++)
        M[(j + 1) % n + j * n] = 4.0;
    double *B = random_matrix(n, k, 0.0, 63), *X = malloc(n * k * sizeof *X);
    cr_assert_not_null(X);
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, M, n), URIO_OK));
    cr_expect(urio_lu_pivoted(solver));
    cr_expect(gt(dbl, urio_lu_rcond(solver), 0.1));
    for (int t = 0; t < 2; t++) {
        memcpy(X, B, n * k * sizeof *X);
        cr_assert(eq(int, urio_lu_solve(solver, t == 1, k, X, n), URIO_OK));
        cr_expect(le(dbl, residual(n, k, t == 1, M, n, X, n, B), 64.0 * (double)n * DBL_EPSILON),
                  "transpose %d", t);
    }
    urio_lu_free(solver);
    free(M);
    free(B);
    free(X);
}
