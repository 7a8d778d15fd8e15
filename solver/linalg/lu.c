/* lu.c - LU factorisations on LAPACKE, column-major (urio/linalg.h).
 *
 * An urio_lu owns the factor storage, the pivots and dgecon's work arrays, all
 * allocated once in urio_lu_create: urio_lu_factor and urio_lu_solve never
 * allocate, so a factorisation can be redone inside a scenario loop.  Only the
 * `_work` LAPACKE entry points are used: with LAPACK_COL_MAJOR they call LAPACK
 * directly, while the plain entry points would allocate (and, in row-major, copy
 * and transpose) on every call.  Solves are dlaswp + dtrsm (see urio_lu_solve for
 * why not dgetrs itself).
 *
 * The inverse (urio_lu_inverse) is dgetri on a copy of the factors, chosen over
 * dgesv on the identity by measurement: see the comment above urio_lu_inverse. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include <urio/linalg.h>

struct urio_lu {
    size_t n;
    double *lu;        /* n x n factors L\U of P M = L U, leading dimension n */
    lapack_int *ipiv;  /* n pivots, 1-based as LAPACK returns them */
    double *work;      /* 4 n doubles: dgecon */
    lapack_int *iwork; /* n ints: dgecon */
    double anorm;      /* 1-norm of M, taken before factoring */
    double rcond;      /* reciprocal condition number in the 1-norm; 0 before a factorisation */
    bool factored;     /* the factors are usable (the last factorisation succeeded) */
};

/* Contract: an urio_lu for n x n matrices, 1 <= n with n * n doubles addressable
 * and n within the LAPACK integer; URIO_EINVAL otherwise, URIO_ENOMEM when an
 * allocation fails (nothing is leaked; *out is NULL on failure). */
urio_status urio_lu_create(size_t n, urio_lu **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (n == 0 || n > (size_t)INT_MAX) return URIO_EINVAL;
    const size_t bytes = urio_matrix_bytes(n, n);
    if (bytes == SIZE_MAX) return URIO_ENOMEM;
    urio_lu *lu = calloc(1, sizeof *lu);
    if (lu == NULL) return URIO_ENOMEM;
    lu->n = n;
    lu->lu = malloc(bytes);
    lu->ipiv = malloc(n * sizeof *lu->ipiv);
    lu->work = malloc(4 * n * sizeof *lu->work);
    lu->iwork = malloc(n * sizeof *lu->iwork);
    if (lu->lu == NULL || lu->ipiv == NULL || lu->work == NULL || lu->iwork == NULL) {
        urio_lu_free(lu);
        return URIO_ENOMEM;
    }
    *out = lu;
    return URIO_OK;
}

void urio_lu_free(urio_lu *lu)
{
    if (lu == NULL) return;
    free(lu->lu);
    free(lu->ipiv);
    free(lu->work);
    free(lu->iwork);
    free(lu);
}

size_t urio_lu_order(const urio_lu *lu)
{
    return lu != NULL ? lu->n : 0;
}

double urio_lu_rcond(const urio_lu *lu)
{
    return lu != NULL ? lu->rcond : 0.0;
}

/* Contract: factor the n x n column-major M (leading dimension ld >= n) into lu's
 * own storage; M is only read.  URIO_EINVAL for a bad argument or a non-finite
 * element of M (LAPACK's behaviour on NaN is undefined); URIO_ESINGULAR when dgetrf
 * meets an exact zero pivot (rcond is then 0) or when dgecon's estimate of the
 * reciprocal condition number is below DBL_EPSILON (rcond is recorded).  After any
 * failure the factors are unusable: solve and inverse return URIO_EINVAL until a
 * factorisation succeeds.  Never allocates. */
urio_status urio_lu_factor(urio_lu *lu, const double *M, size_t ld)
{
    if (lu == NULL || M == NULL) return URIO_EINVAL;
    const size_t n = lu->n;
    if (ld < n || ld > (size_t)INT_MAX) return URIO_EINVAL;
    lu->factored = false;
    lu->rcond = 0.0;
    for (size_t j = 0; j < n; j++) {
        const double *col = M + j * ld;
        double *dst = lu->lu + j * n;
        for (size_t i = 0; i < n; i++) {
            if (!isfinite(col[i])) return URIO_EINVAL;
            dst[i] = col[i];
        }
    }
    const lapack_int ni = (lapack_int)n;
    /* The 1-norm (largest column sum of |m_ij|) must be taken before dgetrf
     * overwrites the matrix; dgecon needs it to estimate ||M|| ||M^-1||. */
    lu->anorm = LAPACKE_dlange_work(LAPACK_COL_MAJOR, '1', ni, ni, lu->lu, ni, lu->work);
    lapack_int info = LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, ni, ni, lu->lu, ni, lu->ipiv);
    if (info < 0) return URIO_ELAPACK;
    if (info > 0) return URIO_ESINGULAR;
    double rcond = 0.0;
    info = LAPACKE_dgecon_work(LAPACK_COL_MAJOR, '1', ni, lu->lu, ni, lu->anorm, &rcond, lu->work,
                               lu->iwork);
    if (info != 0) return URIO_ELAPACK;
    lu->rcond = rcond;
    if (!(rcond >= DBL_EPSILON)) return URIO_ESINGULAR;
    lu->factored = true;
    return URIO_OK;
}

/* Contract: overwrite the n x nrhs column-major B (leading dimension ldb >= n) with
 * the solution X of M X = B (or M^T X = B when transpose is true) from the last
 * successful factorisation.  All columns are solved together (level-3 BLAS).  lu
 * is only read, so threads may share it with their own B.  URIO_EINVAL without a
 * usable factorisation or for bad arguments; nrhs == 0 does nothing.  Never
 * allocates.
 *
 * This is reference LAPACK's dgetrs (dlaswp, then two dtrsm) written out on top of
 * OpenBLAS, rather than a call to LAPACKE_dgetrs_work, because OpenBLAS's own
 * dgetrs sends a single right-hand side through dtrsv, whose rounding differs from
 * dtrsm's: measured here (OpenBLAS 0.3.21, SkylakeX kernels), one column solved
 * alone then differs in the last bits from the same column solved in a batch, for
 * every n tried from 2 up.  With dtrsm for every nrhs the results equal OpenBLAS's
 * dgetrs bit for bit whenever nrhs >= 2 (measured for nine sizes from n = 2 to
 * 767, both orientations), and a column solved alone equals the same column in a
 * batch for every n from 2 to 384 on this machine's SkylakeX kernels.  That is a
 * property of the kernels, not a guarantee: forcing other kernels with
 * OPENBLAS_CORETYPE, it holds only up to n = 11 with Haswell or Zen kernels and
 * n = 4 with Nehalem, Core2 or Atom ones; on SkylakeX it fails for many n above
 * 384 (385 to 391, 420, 460, ... with 37 columns); and threaded BLAS can change
 * the last bits with the thread count (dgetrf differs between 1 and 2 threads from
 * n = 200, dgetrs from n = 420).  Callers that compare runs should therefore use
 * a tolerance, as the command-line golden tests do. */
urio_status urio_lu_solve(const urio_lu *lu, bool transpose, size_t nrhs, double *B, size_t ldb)
{
    if (lu == NULL || !lu->factored) return URIO_EINVAL;
    if (nrhs == 0) return URIO_OK;
    if (B == NULL || ldb < lu->n || ldb > (size_t)INT_MAX || nrhs > (size_t)INT_MAX)
        return URIO_EINVAL;
    const int ni = (int)lu->n, k = (int)nrhs, ldbi = (int)ldb;
    lapack_int info = 0;
    if (!transpose) {
        /* M = P^T L U, so X = U^-1 L^-1 P B. */
        info = LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, k, B, ldbi, 1, ni, lu->ipiv, 1);
        if (info != 0) return URIO_ELAPACK;
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, ni, k, 1.0,
                    lu->lu, ni, B, ldbi);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, ni, k, 1.0,
                    lu->lu, ni, B, ldbi);
    } else {
        /* M^T = U^T L^T P, so X = P^T L^-T U^-T B (the pivots applied in reverse). */
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, ni, k, 1.0,
                    lu->lu, ni, B, ldbi);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasTrans, CblasUnit, ni, k, 1.0, lu->lu,
                    ni, B, ldbi);
        info = LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, k, B, ldbi, 1, ni, lu->ipiv, -1);
        if (info != 0) return URIO_ELAPACK;
    }
    return URIO_OK;
}

/* Forming the inverse: dgetrf + dgetri against dgesv on the identity.
 *
 * bench/inverse_paths.c times both on the same productive I - A (best of 3 per
 * invocation; the getri path is urio_lu_factor + urio_lu_inverse, so it also pays
 * for dlange, dgecon and the copies).  Measured on the 2-core build machine
 * (Xeon, SkylakeX kernels), Debian 12, OpenBLAS 0.3.21 openmp build, LAPACKE 3.11,
 * gcc -O2, while other builds were running on it; seconds, median over 8
 * invocations (fastest invocation in brackets):
 *
 *   threads     n    getrf+getri        gesv(I)        getri saves
 *      1     1000   0.115 (0.079)   0.133 (0.113)   13 % (30 %)   won 8 of 8
 *      1     2000   0.572 (0.497)   0.709 (0.613)   19 % (19 %)   won 8 of 8
 *      1     3000   1.615 (1.494)   1.920 (1.747)   16 % (14 %)   won 8 of 8
 *      2     1000         (0.053)         (0.066)      (20 %)
 *      2     2000         (0.331)         (0.340)      ( 3 %)
 *      2     3000         (0.946)         (0.972)      ( 3 %)
 *
 * On one thread this confirms STYLE.md's 18-20 % at n = 4000 (here 14-19 % at
 * n = 2000-3000).  The two-thread medians are not shown: the other core was busy,
 * and OpenMP threads waiting for it made single runs up to 10x slower for either
 * path; the fastest runs put dgetri ahead by only about 3 % for n >= 2000 (dgesv's
 * level-3 solve with n right-hand sides parallelises better than dgetri's column
 * sweep), not the 18 % STYLE.md reports for two cores.  It is never slower in the
 * runs that were not disturbed, and it needs no identity matrix, so the inverse is
 * formed with dgetri.  The difference between the two inverses was below 1.2e-15.
 *
 * Contract: Inv (n x n, leading dimension ld >= n) receives M^-1 from the last
 * successful factorisation; lu is unchanged.  URIO_EINVAL without a usable
 * factorisation; URIO_ESINGULAR if dgetri finds a zero pivot (cannot happen after
 * a successful factor); URIO_ENOMEM if dgetri's workspace cannot be allocated.
 * Unlike factor and solve this allocates (the optimal workspace from dgetri's
 * query): an inverse is formed once per model, not in a loop. */
urio_status urio_lu_inverse(const urio_lu *lu, double *Inv, size_t ld)
{
    if (lu == NULL || !lu->factored) return URIO_EINVAL;
    const size_t n = lu->n;
    if (Inv == NULL || ld < n || ld > (size_t)INT_MAX) return URIO_EINVAL;
    for (size_t j = 0; j < n; j++)
        memcpy(Inv + j * ld, lu->lu + j * n, n * sizeof *Inv);
    const lapack_int ni = (lapack_int)n;
    double query = 0.0;
    lapack_int info =
        LAPACKE_dgetri_work(LAPACK_COL_MAJOR, ni, Inv, (lapack_int)ld, lu->ipiv, &query, -1);
    if (info != 0) return URIO_ELAPACK;
    size_t lwork = query >= (double)n ? (size_t)query : n;
    if (lwork > (size_t)INT_MAX) lwork = (size_t)INT_MAX;
    double *work = malloc(lwork * sizeof *work);
    if (work == NULL) return URIO_ENOMEM;
    info = LAPACKE_dgetri_work(LAPACK_COL_MAJOR, ni, Inv, (lapack_int)ld, lu->ipiv, work,
                               (lapack_int)lwork);
    free(work);
    if (info < 0) return URIO_ELAPACK;
    if (info > 0) return URIO_ESINGULAR;
    return URIO_OK;
}
