/* test_linalg.c - dense matrices and LU factorisations (urio/linalg.h) against
 * closed forms and invariants: 2 x 2 solves and inverses by Cramer's rule, the
 * identity's condition number, M^-1 M = I, exact and numerical singularity, and
 * multi-right-hand-side solves against column-by-column solves. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

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

Test(lu, multi_rhs_equals_column_by_column_bit_for_bit_small)
{
    check_multi_rhs(4, true);
}

Test(lu, multi_rhs_equals_column_by_column_to_rounding)
{
    check_multi_rhs(64, false);
    check_multi_rhs(500, false);
}
