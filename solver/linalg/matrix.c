/* matrix.c - dense column-major matrices (urio/linalg.h).
 *
 * A urio_matrix is a plain struct with one heap block of rows * cols doubles,
 * element (i, j) at data[i + j * rows].  Products go to OpenBLAS's cblas_dgemm in
 * column-major order, so no layout conversion ever happens here, in blocks of
 * columns fixed by the shape so that the bits do not depend on the thread count
 * (urio_matrix_gemm).  Nothing in this file knows about economics. */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>

#include <urio/linalg.h>

#include "internal.h"

/* Columns of C per dgemm call in urio_matrix_gemm. */
/* The blocks of C's columns in urio_matrix_gemm: an even number (two threads
 * share them evenly), of equal widths at most GEMM_COLS, one block for a narrow
 * C; a function of n alone, so that the calls, and the bits, do not depend on the
 * thread count.  Why 512: each block's dgemm packs op(A) again, and with 256
 * columns the product of order 3,000 ran 6 % slower than one threaded dgemm (512:
 * 0.99-1.01 of it, measured alternating; an odd count of blocks cost 12 % at
 * order 1,500, where one thread got two blocks and the other one). */
#define GEMM_COLS ((size_t)512)
static size_t gemm_blocks(size_t n)
{
    if (n <= GEMM_COLS / 2) return 1;
    return 2 * ((n + 2 * GEMM_COLS - 1) / (2 * GEMM_COLS));
}

size_t urio_matrix_bytes(size_t rows, size_t cols)
{
    if (rows == 0 || cols == 0) return 0;
    if (rows > SIZE_MAX / cols) return SIZE_MAX;
    const size_t count = rows * cols;
    if (count > SIZE_MAX / sizeof(double)) return SIZE_MAX;
    return count * sizeof(double);
}

/* Contract: *out is a zero-filled rows x cols matrix, owned by the caller
 * (urio_matrix_free).  A matrix with no elements has data == NULL.  URIO_ENOMEM when
 * the size overflows size_t or the allocation fails; *out is then NULL. */
urio_status urio_matrix_create(size_t rows, size_t cols, urio_matrix **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    const size_t bytes = urio_matrix_bytes(rows, cols);
    if (bytes == SIZE_MAX) return URIO_ENOMEM;
    urio_matrix *m = calloc(1, sizeof *m);
    if (m == NULL) return URIO_ENOMEM;
    m->rows = rows;
    m->cols = cols;
    if (bytes > 0) {
        m->data = calloc(rows * cols, sizeof *m->data);
        if (m->data == NULL) {
            free(m);
            return URIO_ENOMEM;
        }
    }
    *out = m;
    return URIO_OK;
}

void urio_matrix_free(urio_matrix *m)
{
    if (m == NULL) return;
    free(m->data);
    free(m);
}

/* Contract: *out is a new matrix with src's shape and values; src is unchanged. */
urio_status urio_matrix_copy(const urio_matrix *src, urio_matrix **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (src == NULL) return URIO_EINVAL;
    urio_matrix *m = NULL;
    urio_status st = urio_matrix_create(src->rows, src->cols, &m);
    if (st != URIO_OK) return st;
    if (m->data != NULL) memcpy(m->data, src->data, urio_matrix_bytes(src->rows, src->cols));
    *out = m;
    return URIO_OK;
}

urio_status urio_matrix_identity(size_t n, urio_matrix **out)
{
    urio_status st = urio_matrix_create(n, n, out);
    if (st != URIO_OK) return st;
    for (size_t i = 0; i < n; i++)
        URIO_MAT(*out, i, i) = 1.0;
    return URIO_OK;
}

/* Contract: C = alpha op(A) op(B) + beta C with op(X) = X or X^T.  The shapes must
 * agree (URIO_EINVAL otherwise, C unchanged) and every dimension must fit in the
 * BLAS integer (int), since cblas takes int sizes.  C must not alias A or B.
 * A zero inner dimension gives C = beta C, computed here so that BLAS never sees a
 * NULL operand.  The same bits for any number of threads: OpenBLAS's threaded
 * dgemm splits the product by the thread count and its last bits follow the split
 * (multipliers.csv of a 1,500-sector table differed between -j 1 and -j 2), so C
 * is cut into blocks of columns (gemm_blocks), each one single-threaded dgemm
 * (inside an active team, as in lu.c), the blocks in parallel.  Two single-threaded
 * calls on the halves of a product ran as fast as one threaded call here
 * (bench/README.md). */
urio_status urio_matrix_gemm(bool trans_a, bool trans_b, double alpha, const urio_matrix *A,
                             const urio_matrix *B, double beta, urio_matrix *C)
{
    if (A == NULL || B == NULL || C == NULL) return URIO_EINVAL;
    const size_t m = trans_a ? A->cols : A->rows;
    const size_t k = trans_a ? A->rows : A->cols;
    const size_t kb = trans_b ? B->cols : B->rows;
    const size_t n = trans_b ? B->rows : B->cols;
    if (k != kb || C->rows != m || C->cols != n) return URIO_EINVAL;
    if (A->rows > INT_MAX || A->cols > INT_MAX || B->rows > INT_MAX || B->cols > INT_MAX)
        return URIO_EINVAL;
    if (C == A || C == B) return URIO_EINVAL;
    if (m == 0 || n == 0) return URIO_OK;
    if (k == 0) {
        /* BLAS would do the same, but A or B may have data == NULL here. */
        for (size_t e = 0; e < m * n; e++)
            C->data[e] = beta == 0.0 ? 0.0 : beta * C->data[e];
        return URIO_OK;
    }
    const size_t lda = A->rows > 0 ? A->rows : 1;
    const size_t ldb = B->rows > 0 ? B->rows : 1;
    const size_t ldc = C->rows > 0 ? C->rows : 1;
    const CBLAS_TRANSPOSE ta = trans_a ? CblasTrans : CblasNoTrans;
    const CBLAS_TRANSPOSE tb = trans_b ? CblasTrans : CblasNoTrans;
    const size_t nblk = gemm_blocks(n), width = (n + nblk - 1) / nblk;
    const double *a = A->data, *b = B->data;
    double *c = C->data;
#pragma omp parallel for default(none) num_threads(urio__team_for(nblk)) schedule(dynamic, 1) \
    shared(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, nblk, width, trans_b)
    for (size_t blk = 0; blk < nblk; blk++) {
        const size_t j = blk * width, w = n - j < width ? n - j : width;
        /* Columns j ... j + w - 1 of op(B): columns of B, or rows when transposed. */
        const double *bj = trans_b ? b + j : b + j * ldb;
        cblas_dgemm(CblasColMajor, ta, tb, (int)m, (int)w, (int)k, alpha, a, (int)lda, bj, (int)ldb,
                    beta, c + j * ldc, (int)ldc);
    }
    return URIO_OK;
}

/* Contract: the largest |a_ij - b_ij|; +inf when a or b is NULL or the shapes
 * differ, NaN when any difference is NaN (so that a check on the result fails
 * rather than passing silently), 0 for two empty matrices. */
double urio_matrix_max_abs_diff(const urio_matrix *a, const urio_matrix *b)
{
    if (a == NULL || b == NULL || a->rows != b->rows || a->cols != b->cols) return INFINITY;
    double max = 0.0;
    const size_t count = a->rows * a->cols;
    for (size_t e = 0; e < count; e++) {
        const double diff = fabs(a->data[e] - b->data[e]);
        if (isnan(diff)) return NAN;
        if (diff > max) max = diff;
    }
    return max;
}
