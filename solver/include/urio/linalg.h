/* urio/linalg.h - dense column-major matrices and LU factorisations on LAPACKE.
 *
 * Layout: every matrix is column-major with leading dimension equal to its row
 * count, element (i, j) at data[i + j * rows], so LAPACK and BLAS take it without
 * copies.  Knows nothing of economics or files.
 *
 * LU: an urio_lu holds one factorisation P A = L U with the 1-norm of A and its
 * reciprocal condition number (dgecon), and solves any number of right-hand sides
 * from it.  A column diagonally dominant A (I - A of a productive table) is
 * factored without pivoting (P = I), any other with partial pivoting.  Factors,
 * solves and inverses are tile algorithms whose BLAS calls each run on one thread:
 * their results are the same bits for any number of OpenMP threads (linalg/lu.c).
 * An urio_lu is used by one thread at a time; only _create allocates, so a
 * factorisation can be redone in a loop without allocating.  The thread count is
 * decided elsewhere (urio/run.h). */
#ifndef URIO_LINALG_H
#define URIO_LINALG_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/status.h>

typedef struct urio_matrix {
    size_t rows;
    size_t cols;
    double *data; /* rows * cols doubles, column-major; NULL when rows * cols == 0 */
} urio_matrix;

/* Element (i, j) of a matrix pointer. */
#define URIO_MAT(m, i, j) ((m)->data[(size_t)(i) + (size_t)(j) * (m)->rows])

/* A zero-filled rows x cols matrix; either dimension may be 0. */
URIO_MUST_CHECK urio_status urio_matrix_create(size_t rows, size_t cols, urio_matrix **out);
void urio_matrix_free(urio_matrix *m); /* NULL is a no-op */
URIO_MUST_CHECK urio_status urio_matrix_copy(const urio_matrix *src, urio_matrix **out);
/* The identity of order n. */
URIO_MUST_CHECK urio_status urio_matrix_identity(size_t n, urio_matrix **out);
/* Bytes a rows x cols matrix needs (saturates at SIZE_MAX instead of overflowing). */
size_t urio_matrix_bytes(size_t rows, size_t cols);

/* C = alpha * op(A) * op(B) + beta * C by dgemm; op is transpose when trans_* is true. */
URIO_MUST_CHECK urio_status urio_matrix_gemm(bool trans_a, bool trans_b, double alpha,
                                             const urio_matrix *A, const urio_matrix *B,
                                             double beta, urio_matrix *C);

/* Largest |a_ij - b_ij|; the matrices must have equal shape (otherwise +inf). */
double urio_matrix_max_abs_diff(const urio_matrix *a, const urio_matrix *b);

/* Parallel loops for O(n^2) passes over matrices (elementwise work, column scans)
 * beside the products and factorisations: fn(begin, end, ctx) is called for
 * disjoint ranges of at most `grain` items that together cover [0, count), on the
 * threads a BLAS-making region gets (all OpenMP allows at top level; one inside an
 * active parallel region, e.g. a scenario batch's workers).  fn may write only
 * what belongs to its items, and must compute each item the same way whatever
 * range it falls in (a per-item result array, reduced by the caller afterwards in
 * item order, rather than a shared accumulator): the results are then the same
 * bits for any thread count.  count == 0 does nothing; grain 0 counts as 1. */
typedef void urio_range_fn(size_t begin, size_t end, void *ctx);
void urio_parallel_ranges(size_t count, size_t grain, urio_range_fn *fn, void *ctx);

typedef struct urio_lu urio_lu; /* opaque */

URIO_MUST_CHECK urio_status urio_lu_create(size_t n, urio_lu **out);
void urio_lu_free(urio_lu *lu); /* NULL is a no-op */
size_t urio_lu_order(const urio_lu *lu);

/* Factor the n x n column-major matrix M (leading dimension ld >= n); M is copied,
 * not changed.  URIO_ESINGULAR when an exact zero pivot appears or when the
 * reciprocal condition number is below DBL_EPSILON (the factors then carry no
 * correct digit); the rcond is still recorded. */
URIO_MUST_CHECK urio_status urio_lu_factor(urio_lu *lu, const double *M, size_t ld);

/* Reciprocal condition number in the 1-norm from the last factorisation (0 if none).
 * Exact (one transposed solve: M^-1 >= 0, so ||M^-1||_1 is the largest entry of
 * M^-T 1) when M is column diagonally dominant with a positive diagonal and no
 * positive entry off it, as I - A of a productive table is; dgecon's estimate
 * otherwise. */
double urio_lu_rcond(const urio_lu *lu);
/* True when the last factorisation used partial pivoting (M was not column
 * diagonally dominant: |m_jj| >= sum over i != j of |m_ij| failed for some j). */
bool urio_lu_pivoted(const urio_lu *lu);

/* Solve M X = B in place for nrhs columns of B (leading dimension ldb >= n).
 * transpose: solve M^T X = B instead (the price model uses it). */
URIO_MUST_CHECK urio_status urio_lu_solve(const urio_lu *lu, bool transpose, size_t nrhs, double *B,
                                          size_t ldb);

/* The inverse of M into Inv (n x n, leading dimension ld) by tile solves with the
 * identity.  Measured against dgetri and dgesv on the identity: see linalg/lu.c. */
URIO_MUST_CHECK urio_status urio_lu_inverse(const urio_lu *lu, double *Inv, size_t ld);

/* urio_lu_factor and urio_lu_inverse in one call, the same factors, rcond and
 * inverse bit for bit, sooner: the inverse's work starts while the factorisation
 * still runs (linalg/lu.c).  Inv (n x n, leading dimension ldi >= n) holds nothing
 * usable after a failure. */
URIO_MUST_CHECK urio_status urio_lu_factor_inverse(urio_lu *lu, const double *M, size_t ld,
                                                   double *Inv, size_t ldi);

#endif
