/* lu.c - tile LU factorisations whose bits do not depend on the thread count
 * (urio/linalg.h).
 *
 * Why tiles.  DESIGN.md promises the same digits for any -j.  OpenBLAS does not:
 * Debian's OpenBLAS 0.3.21 (OpenMP build) gives different last bits for dgemm at
 * 1 and 2 threads from n ~ 500 and for dgetrf from n ~ 200, because a threaded
 * call splits its operands differently for each thread count.  So no BLAS or
 * LAPACK call made here is ever threaded.  The n x n matrix is cut into column
 * blocks (tiles) of nb columns (a width fixed by n), the last one ragged; every floating-point
 * operation is one single-threaded BLAS/LAPACK call on operands fixed by those
 * boundaries, and OpenMP tasks (or `omp for`) only decide which thread makes
 * which call and when.  Each tile receives its updates in a fixed order (task
 * dependencies serialise the writes to a column block in program order), so the
 * rounding, and hence every bit, is the same for 1, 2, ... threads.
 *
 * How a BLAS call is kept on one thread.  OpenBLAS's OpenMP build runs a call
 * single-threaded when omp_in_parallel() is true, i.e. inside an *active*
 * parallel region (a team of two or more threads); otherwise it uses
 * omp_get_max_threads() threads.  An inactive region is not enough (measured:
 * dgetrf of order 1000 inside `#pragma omp parallel if(0)` or `num_threads(1)`
 * with 2 threads gives other bits than on 1 thread; called by the master of an
 * active team of 2 it gives exactly the 1-thread bits).  So every BLAS call here
 * is made inside a parallel region whose team has urio__team_size() threads
 * (team.c): all the threads OpenMP would give (so the region is active whenever
 * more than one thread is allowed), or one when the caller is already inside an
 * active region or has limited BLAS to one thread (OpenBLAS then runs
 * single-threaded anyway, and a team would only oversubscribe or wait at
 * barriers).  With one thread
 * allowed OpenBLAS uses one thread as well.  Serial work (dgecon, a single block
 * of right-hand sides) runs in a team of two where one thread works and the other
 * waits: microseconds on an idle machine, more when the waiting thread is not
 * scheduled, so each call synchronises only once, at the end of its region.  The
 * library never changes the thread count (urio/run.h owns that).  Determinism
 * needs OpenMP to give the team the threads it asks for: with OMP_DYNAMIC=true or
 * OMP_THREAD_LIMIT=1 a team can shrink to an inactive one and OpenBLAS may thread
 * again.  OpenBLAS's pthreads build ignores omp_in_parallel() and is not
 * supported (STYLE.md selects the OpenMP build).
 *
 * Two factorisation paths, chosen by an O(n^2) test in urio_lu_factor:
 *
 *  - M column diagonally dominant (|m_jj| >= sum over i != j of |m_ij| for every
 *    column j; always so for I - A of a productive table whose columns of A sum
 *    below 1): Gaussian elimination without pivoting is stable (Wilkinson: the
 *    Schur complements stay column diagonally dominant and the growth factor is at
 *    most 2), so M = L U with no interchanges.  Right-looking tile LU: for each
 *    step k, the diagonal tile is factored without pivoting and its two triangles
 *    inverted into a side array, both by one recursive kernel (getrf_inv_nopiv
 *    below, the one kernel not taken from LAPACK, because LAPACK has no
 *    non-pivoting LU; it works by dgemm and dtrmm); L below it is
 *    one dtrmm with U_kk^-1, and each column block j > k gets U_kj = L_kk^-1 A_kj
 *    (dtrmm) and one dgemm for its trailing part, in a task of its own.  Why
 *    dtrmm with an inverted tile rather than dtrsm: OpenBLAS 0.3.21's dtrsm is
 *    slow on tiles (measured on one thread, 256 x 256 triangle, 256 columns:
 *    dtrsm left 9 GFLOP/s, right 14; dtrmm 38; dgemm 46-57), and the tiles'
 *    triangular steps are about a sixth of all flops: with dtrmm, factor +
 *    inverse went from 0.50 to 0.68 of the DGEMM rate (n = 2000, one thread).
 *    It stays accurate on this path: the multipliers of a column diagonally
 *    dominant matrix have sum over i of |l_ij| <= 1 in every column, so
 *    ||L_kk||_1 <= 2 and ||L_kk^-1||_1 <= nb; and U_kk^-1 = S^-1 L_kk, where S,
 *    the leading tile of the k-th Schur complement, is column diagonally
 *    dominant with margins (|s_jj| minus the sum over i != j of |s_ij|) no
 *    smaller than M's, so ||U_kk^-1||_1 <= 2 / (smallest margin of M); for
 *    I - A with column sums of A at most s < 1 that is 2 / (1 - s).
 *
 *  - otherwise: partial pivoting, P M = L U, with the same right-looking tile
 *    structure but the panel (the rows kb..n of column block k) factored by
 *    LAPACK's dgetrf on one thread, and each update task applying the panel's
 *    interchanges to its column block (dlaswp) before its dtrsm and dgemm; the
 *    interchanges of later panels are applied to the blocks on their left at the
 *    end.  The pivots are those of unblocked partial pivoting and the triangular
 *    steps are dtrsm, so this is as stable as dgetrf; it is deterministic because
 *    each panel is one call on one thread, and fast because the updates still run
 *    in parallel.  (The inverted-tile shortcut is not used here: with pivoting
 *    nothing bounds the condition of U_kk beyond M's.)
 *
 * Both paths look ahead one step: the update of block k + 1 and panel k + 1 form
 * one task that starts as soon as panel k is done and overlaps with the other
 * updates of step k (see factor_tiles).
 *
 * Solves (urio_lu_solve) cut the right-hand sides into blocks of nb columns;
 * a block is solved by one thread with tile forward and back substitution (the
 * diagonal tile by dtrmm with its inverse, or dtrsm after pivoting, then one dgemm
 * for the rows below or above it), blocks in parallel.  The inverse solves
 * L U X = I the same way, one tile-aligned column block per task, skipping the
 * zeros of the identity in the forward substitution (so the whole factor +
 * inverse costs the 2 n^3 flops of dgetrf + dgetri), then undoes the pivoting by
 * column interchanges as dgetri does.  urio_lu_factor_inverse does both in one
 * task graph (without pivoting): each forward substitution step waits only for
 * the panel it reads.  Measurements of speed and of the tile size: see the
 * comment above urio_lu_inverse.
 *
 * Allocation: urio_lu_create allocates the factors, the inverted diagonal tiles,
 * the pivots and dgecon's work arrays once; factor, solve and inverse never
 * allocate. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cblas.h>
#include <lapacke.h>

#include <urio/linalg.h>

#include "internal.h"

/* URIO_LU_NB and URIO_LU_NB_SMALL, the tile widths, are in internal.h. */

/* Below this order the diagonal-tile kernel stops recursing and eliminates column
 * by column (dscal + dger). */
#define LU_LEAF ((size_t)16)

struct urio_lu {
    size_t n;
    size_t nb;         /* tile width, fixed by n (lu_tile_width) */
    double *lu;        /* n x n factors L\U, leading dimension n */
    lapack_int *ipiv;  /* n pivots, 1-based as LAPACK writes them; i + 1 when not pivoted */
    double *work;      /* 4 n doubles: dgecon */
    lapack_int *iwork; /* n ints: dgecon */
    double anorm;      /* 1-norm of M, taken before factoring */
    double rcond;      /* reciprocal condition number in the 1-norm; 0 before a factorisation */
    double *dinv;      /* nt tiles of ldd x ldd: tile k holds L_kk^-1 below and U_kk^-1 on and
                        * above its diagonal (the path without pivoting only) */
    size_t ldd;        /* min(n, nb) */
    bool factored;     /* the factors are usable (the last factorisation succeeded) */
    bool pivoted;      /* the last factorisation used partial pivoting (M not dominant) */
};

/* The tile width for order n: a function of n alone, so the bits do not depend on
 * anything else (internal.h says why two widths). */
static size_t lu_tile_width(size_t n)
{
    return n < (size_t)URIO_LU_NB_SWITCH ? (size_t)URIO_LU_NB_SMALL : (size_t)URIO_LU_NB;
}

static size_t tile_count(size_t nb, size_t n)
{
    return (n + nb - 1) / nb;
}

/* Width of the `count` tiles (column blocks) of width nb from tile k on of an
 * order-n matrix, all of which exist; the last tile is ragged. */
static size_t tiles_width(size_t nb, size_t n, size_t k, size_t count)
{
    const size_t start = k * nb;
    return n - start < count * nb ? n - start : count * nb;
}

static size_t tile_width(size_t nb, size_t n, size_t k)
{
    return tiles_width(nb, n, k, 1);
}

/* bytes (rounded up) at an address that is a multiple of LU_ALIGN, or NULL.
 * dgecon's work array is aligned like this because OpenBLAS's level-1 reductions
 * (ddot, dasum) treat the unaligned head of a vector apart from its body, with
 * other rounding: measured, dgecon on the same factors of order 529 gave three
 * different last bits of rcond for work arrays at the eight offsets mod 64
 * (dgetrf and dger did not vary with the offset).  The factors and the inverted
 * tiles are aligned too, as insurance: every address a kernel sees then depends
 * on n only, never on where malloc put the object. */
#define LU_ALIGN ((size_t)64)
static void *alloc_aligned(size_t bytes)
{
    if (bytes == 0 || bytes > SIZE_MAX - LU_ALIGN) return NULL;
    return aligned_alloc(LU_ALIGN, (bytes + LU_ALIGN - 1) / LU_ALIGN * LU_ALIGN);
}

/* Contract: an urio_lu for n x n matrices, 1 <= n with n * n doubles addressable
 * and n within the LAPACK integer; URIO_EINVAL otherwise, URIO_ENOMEM when an
 * allocation fails (nothing is leaked; *out is NULL on failure). */
urio_status urio_lu_create(size_t n, urio_lu **out)
{
    return urio__lu_create_tiled(n, lu_tile_width(n), out);
}

urio_status urio__lu_create_tiled(size_t n, size_t nb, urio_lu **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (n == 0 || n > (size_t)INT_MAX || nb == 0) return URIO_EINVAL;
    const size_t bytes = urio_matrix_bytes(n, n);
    if (bytes == SIZE_MAX) return URIO_ENOMEM;
    urio_lu *lu = calloc(1, sizeof *lu);
    if (lu == NULL) return URIO_ENOMEM;
    lu->n = n;
    lu->lu = alloc_aligned(bytes);
    lu->ipiv = malloc(n * sizeof *lu->ipiv);
    lu->work = alloc_aligned(4 * n * sizeof *lu->work);
    lu->iwork = malloc(n * sizeof *lu->iwork);
    lu->nb = nb;
    lu->ldd = n < lu->nb ? n : lu->nb;
    lu->dinv = alloc_aligned(urio_matrix_bytes(tile_count(lu->nb, n) * lu->ldd, lu->ldd));
    if (lu->lu == NULL || lu->ipiv == NULL || lu->work == NULL || lu->iwork == NULL ||
        lu->dinv == NULL) {
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
    free(lu->dinv);
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

bool urio_lu_pivoted(const urio_lu *lu)
{
    return lu != NULL && lu->pivoted;
}

size_t urio__lu_tile_width(const urio_lu *lu)
{
    return lu != NULL ? lu->nb : 0;
}

const double *urio__lu_factors(const urio_lu *lu)
{
    return lu != NULL ? lu->lu : NULL;
}

/* Unblocked LU without pivoting of the m x m matrix a (leading dimension lda),
 * in place: column by column, the multipliers by dscal (division when the pivot
 * is too small for its reciprocal to be finite) and the rank-1 update by dger.
 * Returns 0, or the 1-based index of the first exactly zero pivot (the remaining
 * columns are then left as they are). */
static size_t getf2_nopiv(size_t m, double *a, size_t lda)
{
    const int ldi = (int)lda;
    for (size_t j = 0; j < m; j++) {
        const double p = a[j + j * lda];
        if (p == 0.0) return j + 1;
        const size_t r = m - j - 1;
        if (r == 0) break;
        double *col = a + (j + 1) + j * lda;
        if (fabs(p) >= DBL_MIN) {
            cblas_dscal((int)r, 1.0 / p, col, 1);
        } else {
            for (size_t i = 0; i < r; i++)
                col[i] /= p;
        }
        cblas_dger(CblasColMajor, (int)r, (int)r, -1.0, col, 1, a + j + (j + 1) * lda, ldi,
                   a + (j + 1) + (j + 1) * lda, ldi);
    }
    return 0;
}

/* LU without pivoting of the m x m diagonal tile a (leading dimension lda), in
 * place, and the inverses of its two triangles into d (leading dimension ldd:
 * L^-1 strictly below the diagonal, its unit diagonal implicit, U^-1 on and
 * above it), recursively: factor the leading half (and invert its triangles),
 * U_12 = L_11^-1 A_12 and L_21 = A_21 U_11^-1 by dtrmm with those inverses, the
 * trailing half's Schur complement by dgemm, recurse on it; then the off-diagonal
 * blocks of the inverses, -L_22^-1 L_21 L_11^-1 and -U_11^-1 U_12 U_22^-1, by two
 * dtrmm each.  So every step but the leaves is dtrmm or dgemm: LAPACK has no LU
 * without pivoting, dtrsm is slow on tiles (file comment), and dtrtri of a whole
 * tile ran at a tenth of the dgemm rate.  On a column diagonally dominant matrix
 * the multiplications by the inverted triangles are as stable as the substitutions
 * they replace (file comment).  Runs on the calling thread (its BLAS calls are
 * made inside an active region).  Returns 0 or the 1-based index of the first
 * exactly zero pivot; d is then incomplete. */
static size_t getrf_inv_nopiv(size_t m, double *a, size_t lda, double *d, size_t ldd)
{
    if (m <= LU_LEAF) {
        const size_t info = getf2_nopiv(m, a, lda);
        if (info != 0) return info;
        for (size_t c = 0; c < m; c++)
            memcpy(d + c * ldd, a + c * lda, m * sizeof *d);
        /* Cannot fail: the diagonal of U has no zero, L's is implicit. */
        (void)LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, 'L', 'U', (lapack_int)m, d, (lapack_int)ldd);
        (void)LAPACKE_dtrtri_work(LAPACK_COL_MAJOR, 'U', 'N', (lapack_int)m, d, (lapack_int)ldd);
        return 0;
    }
    const size_t m1 = m / 2, m2 = m - m1;
    size_t info = getrf_inv_nopiv(m1, a, lda, d, ldd);
    if (info != 0) return info;
    double *a12 = a + m1 * lda, *a21 = a + m1, *a22 = a + m1 + m1 * lda;
    double *d12 = d + m1 * ldd, *d21 = d + m1, *d22 = d + m1 + m1 * ldd;
    const int la = (int)lda, ld = (int)ldd, i1 = (int)m1, i2 = (int)m2;
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, i1, i2, 1.0, d, ld,
                a12, la);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, i2, i1, 1.0, d,
                ld, a21, la);
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, i2, i2, i1, -1.0, a21, la, a12, la, 1.0,
                a22, la);
    info = getrf_inv_nopiv(m2, a22, lda, d22, ldd);
    if (info != 0) return info + m1;
    for (size_t c = 0; c < m1; c++)
        memcpy(d21 + c * ldd, a21 + c * lda, m2 * sizeof *d);
    for (size_t c = 0; c < m2; c++)
        memcpy(d12 + c * ldd, a12 + c * lda, m1 * sizeof *d);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasLower, CblasNoTrans, CblasUnit, i2, i1, 1.0, d, ld,
                d21, ld);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, i2, i1, -1.0, d22,
                ld, d21, ld);
    cblas_dtrmm(CblasColMajor, CblasLeft, CblasUpper, CblasNoTrans, CblasNonUnit, i1, i2, 1.0, d,
                ld, d12, ld);
    cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit, i1, i2, -1.0,
                d22, ld, d12, ld);
    return 0;
}

static bool stopped(const int *stop)
{
    int s;
#pragma omp atomic read
    s = *stop;
    return s != 0;
}

/* What the factorisation tasks share. */
typedef struct tiles {
    double *a;        /* n x n matrix, factored in place, leading dimension n */
    size_t n;         /* order */
    size_t nb;        /* tile width */
    double *dinv;     /* inverted diagonal tiles (dominant path), see urio_lu */
    size_t ldd;       /* their leading dimension */
    lapack_int *ipiv; /* pivots (pivoting path) */
    bool pivot;       /* partial pivoting (otherwise none, and dinv is filled) */
    int *stop;        /* set on an exactly zero pivot; later tasks do nothing */
} tiles;

/* Step k's panel: factor column block k from its diagonal down.  Without pivoting:
 * the diagonal tile by getrf_inv_nopiv, which also inverts its L and U into dinv, and
 * L below it by one dtrmm with U_kk^-1.  With pivoting: LAPACK's dgetrf on the
 * (n - kb) x w panel, its pivots made global.  Sets *stop on an exactly zero
 * pivot. */
static void panel_task(const tiles *t, size_t k)
{
    if (stopped(t->stop)) return;
    const size_t n = t->n, nb = t->nb, kb = k * nb, w = tile_width(nb, n, k), below = n - kb - w;
    double *akk = t->a + kb + kb * n;
    bool zero_pivot;
    if (!t->pivot) {
        double *d = t->dinv + k * t->ldd * t->ldd;
        zero_pivot = getrf_inv_nopiv(w, akk, n, d, t->ldd) != 0;
        if (!zero_pivot) {
            if (below > 0)
                cblas_dtrmm(CblasColMajor, CblasRight, CblasUpper, CblasNoTrans, CblasNonUnit,
                            (int)below, (int)w, 1.0, d, (int)t->ldd, akk + w, (int)n);
        }
    } else {
        const lapack_int info =
            LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)(n - kb), (lapack_int)w, akk,
                                (lapack_int)n, t->ipiv + kb);
        for (size_t i = kb; i < kb + w; i++)
            t->ipiv[i] += (lapack_int)kb;
        zero_pivot = info != 0; /* info < 0 cannot happen: the arguments are valid */
    }
    if (zero_pivot) {
#pragma omp atomic write
        *t->stop = 1;
    }
}

/* Step k's update of column blocks j ... j + count - 1 (j > k, all of them there):
 * apply panel k's interchanges (pivoting path), then U_kj = L_kk^-1 A_kj (dtrmm
 * with the inverted tile, or dtrsm when pivoting) and A_ij -= L_ik U_kj for the
 * rows below (one dgemm), for all of those columns at once. */
static void update_task(const tiles *t, size_t k, size_t j, size_t count)
{
    if (stopped(t->stop)) return;
    const size_t n = t->n, nb = t->nb, kb = k * nb, wk = tile_width(nb, n, k), below = n - kb - wk;
    const size_t jb = j * nb, wj = tiles_width(nb, n, j, count);
    double *cj = t->a + jb * n, *akj = cj + kb;
    const double *akk = t->a + kb + kb * n;
    const int ni = (int)n;
    if (t->pivot) {
        (void)LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, (lapack_int)wj, cj, (lapack_int)n,
                                  (lapack_int)kb + 1, (lapack_int)(kb + wk), t->ipiv, 1);
        cblas_dtrsm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, (int)wk, (int)wj,
                    1.0, akk, ni, akj, ni);
    } else {
        cblas_dtrmm(CblasColMajor, CblasLeft, CblasLower, CblasNoTrans, CblasUnit, (int)wk, (int)wj,
                    1.0, t->dinv + k * t->ldd * t->ldd, (int)t->ldd, akj, ni);
    }
    if (below > 0)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)below, (int)wj, (int)wk, -1.0,
                    akk + wk, ni, akj, ni, 1.0, akj + wk, ni);
}

/* urio_lu_factor_inverse's share of the task graph: the inverse's forward
 * substitutions, its back substitutions and rcond (the path without pivoting). */
typedef struct fused_inverse {
    urio_lu *lu;
    double *inv; /* n x n, leading dimension ld */
    size_t ld;
    double anorm;  /* for rcond */
    double *rcond; /* NULL: rcond is not the M-matrix one, computed after */
} fused_inverse;

static void inverse_forward_step(const urio_lu *lu, size_t s, size_t i, double *X, size_t ld);
static void inverse_backward(const urio_lu *lu, size_t s, double *X, size_t ld);
static double mmatrix_rcond(urio_lu *lu, double anorm);

#define INV_TILES ((size_t)2) /* column tiles per block of the inverse (see below) */

/* Block s of the inverse: its first column. */
static double *inverse_cols(const fused_inverse *f, size_t s)
{
    return f->inv + s * INV_TILES * f->lu->nb * f->ld;
}

/* The forward substitution tasks of row tile i, one per block that has started by
 * then (the blocks whose first tile is i or before): each waits for panel i (it
 * reads column block i of the factors, which no task writes after the panel) and
 * for the block's previous step. */
static void fused_forward_tasks(const tiles *t, const fused_inverse *f, size_t i)
{
    const size_t ci = i * t->nb * t->n; /* column block i */
    for (size_t s = 0; s * INV_TILES <= i; s++) {
        double *X = inverse_cols(f, s);
        /* clang-format off */
#pragma omp task default(none) firstprivate(t, f, s, i, X) depend(in : t->a[ci]) depend(inout : X[0])
        /* clang-format on */
        if (!stopped(t->stop)) inverse_forward_step(f->lu, s, i, X, f->ld);
    }
}

/* Right-looking tile LU of t->a in place; called by the master thread of a team,
 * it creates the tasks and returns when all have run (the team helps).  Task
 * dependencies are on the first element of each column block: panel k writes
 * block k; update (k, j) reads block k and writes block j, so block j sees its
 * updates in the order k = 0, 1, ..., whatever thread runs them, while updates of
 * different blocks and the next panel overlap (panel k + 1 waits only for update
 * (k, k + 1)). */
static void factor_tiles(const tiles *t, const fused_inverse *f)
{
    const size_t n = t->n, nb = t->nb, nt = tile_count(nb, n);
    double *a = t->a;
#pragma omp task default(none) firstprivate(t) depend(inout : a[0])
    panel_task(t, 0);
    for (size_t k = 0; k + 1 < nt; k++) {
        /* Created after the panel they wait for and after the step's updates, so
         * that they run in the gaps of the factorisation rather than before it. */
        if (f != NULL && k > 0) fused_forward_tasks(t, f, k - 1);
        const size_t ck = k * nb * n, cn = (k + 1) * nb * n; /* blocks k, k + 1 */
        /* Look-ahead: the update of block k + 1 and the next panel go in one task,
         * created (and so released by panel k) before the other updates of step
         * k.  libgomp runs ready tasks in the order they became ready (measured
         * with a trace; the priority clause is ignored unless the user sets
         * OMP_MAX_TASK_PRIORITY), so a panel in a task of its own would wait
         * behind the whole step; this way it overlaps with it. */
#pragma omp task default(none) firstprivate(t, k) depend(in : a[ck]) depend(inout : a[cn])
        {
            update_task(t, k, k + 1, 1);
            panel_task(t, k + 1);
        }
        /* The other blocks two at a time: one dgemm packs L_ik once for twice the
         * columns (the pairs are fixed by n and k, so the bits do not depend on
         * the thread count). */
        for (size_t j = k + 2; j < nt; j += 2) {
            const size_t cj = j * nb * n;
            if (j + 1 < nt) {
                const size_t cj1 = (j + 1) * nb * n;
                /* clang-format off */
#pragma omp task default(none) firstprivate(t, k, j) depend(in : a[ck]) depend(inout : a[cj], a[cj1])
                /* clang-format on */
                update_task(t, k, j, 2);
            } else {
#pragma omp task default(none) firstprivate(t, k, j) depend(in : a[ck]) depend(inout : a[cj])
                update_task(t, k, j, 1);
            }
        }
    }
    if (f != NULL) {
        /* The last forward steps, then rcond and the back substitutions: they read
         * all of the factors, complete once the last panel is. */
        for (size_t i = nt >= 2 ? nt - 2 : 0; i < nt; i++)
            fused_forward_tasks(t, f, i);
        const size_t cl = (nt - 1) * nb * n, nblk = (nt + INV_TILES - 1) / INV_TILES;
        if (f->rcond != NULL) {
#pragma omp task default(none) firstprivate(t, f) depend(in : a[cl])
            if (!stopped(t->stop)) *f->rcond = mmatrix_rcond(f->lu, f->anorm);
        }
        for (size_t s = 0; s < nblk; s++) {
            double *X = inverse_cols(f, s);
#pragma omp task default(none) firstprivate(t, f, s, X) depend(in : a[cl]) depend(inout : X[0])
            if (!stopped(t->stop)) inverse_backward(f->lu, s, X, f->ld);
        }
    }
    if (t->pivot) {
#pragma omp taskwait
        if (!stopped(t->stop)) {
            /* The interchanges of panels k > j, applied to column block j on
             * their left: exact data movement, so neither their grouping nor their
             * timing matters. */
            for (size_t j = 0; j + 1 < nt; j++) {
#pragma omp task default(none) firstprivate(t, j, a, n, nb)
                (void)LAPACKE_dlaswp_work(
                    LAPACK_COL_MAJOR, (lapack_int)tile_width(nb, n, j), a + j * nb * n,
                    (lapack_int)n, (lapack_int)((j + 1) * nb) + 1, (lapack_int)n, t->ipiv, 1);
            }
        }
    }
    /* Every task has finished before *t goes out of scope. */
#pragma omp taskwait
}

/* Sum of |x_i| for m values, in four interleaved partial sums (so that the loop
 * vectorises) added in a fixed order: the same bits on every call. */
static double sum_abs(size_t m, const double *x)
{
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    size_t i = 0;
    for (; i + 4 <= m; i += 4) {
        s0 += fabs(x[i]);
        s1 += fabs(x[i + 1]);
        s2 += fabs(x[i + 2]);
        s3 += fabs(x[i + 3]);
    }
    for (; i < m; i++)
        s0 += fabs(x[i]);
    return (s0 + s1) + (s2 + s3);
}

/* True when none of the m values is positive (a NaN counts as positive, so it is
 * caught by the finiteness test rather than here). */
static bool nonpositive(size_t m, const double *x)
{
    bool ok = true;
    for (size_t i = 0; i < m; i++)
        ok = ok & (x[i] <= 0.0);
    return ok;
}

static void solve_lu_trans(const urio_lu *lu, size_t w, double *X, size_t ldx, bool vector);

/* The reciprocal condition number in the 1-norm of a column diagonally dominant M
 * with positive diagonal and no positive entry off it (I - A of a table, A >= 0),
 * from its factors in lu.  Such an M is a nonsingular M-matrix (when factored
 * without a zero pivot), so M^-1 >= 0 and ||M^-1||_1, the largest column sum of
 * M^-1, is the largest entry of y = M^-T 1: one transposed solve gives the exact
 * norm, where dgecon estimates it with four to five pairs of triangular solves
 * (memory-bound passes over the factors, about a tenth of factor + inverse at n =
 * 3,000).  In exact arithmetic dgecon's estimate is this same number for an
 * M-matrix (Hager's method reaches the column of the largest sum at its second
 * step).  Uses lu->work (n doubles); 0 when y is not finite (M singular to working
 * precision).  One thread, a fixed sequence of calls. */
static double mmatrix_rcond(urio_lu *lu, double anorm)
{
    const size_t n = lu->n;
    double *y = lu->work;
    for (size_t i = 0; i < n; i++)
        y[i] = 1.0;
    solve_lu_trans(lu, 1, y, n, true);
    double ainvnm = 0.0;
    bool finite = true;
    for (size_t i = 0; i < n; i++) {
        finite = finite && isfinite(y[i]);
        if (fabs(y[i]) > ainvnm) ainvnm = fabs(y[i]);
    }
    if (!finite || !(ainvnm > 0.0) || !(anorm > 0.0)) return 0.0;
    return (1.0 / ainvnm) / anorm;
}

static urio_status factor(urio_lu *lu, const double *M, size_t ld, double *Inv, size_t ldi);

/* Contract: factor the n x n column-major M (leading dimension ld >= n) into lu's
 * own storage; M is only read.  URIO_EINVAL for a bad argument or a non-finite
 * element of M; URIO_ESINGULAR when an exactly zero pivot appears (rcond is then
 * 0) or when the reciprocal condition number is below DBL_EPSILON (rcond is
 * recorded).  rcond is exact (mmatrix_rcond) when M is column diagonally dominant
 * with a positive diagonal and no positive entry off it, as I - A of every
 * productive table is, and dgecon's estimate otherwise.  A column diagonally dominant M is factored
 * without pivoting, any other with partial pivoting (urio_lu_pivoted tells which).
 * After any failure the factors are unusable: solve and inverse return URIO_EINVAL
 * until a factorisation succeeds.  The factors and rcond are the same bits for any
 * number of OpenMP threads.  Never allocates. */
urio_status urio_lu_factor(urio_lu *lu, const double *M, size_t ld)
{
    return factor(lu, M, ld, NULL, 0);
}

/* Contract: urio_lu_factor, then Inv (n x n, leading dimension ldi >= n) receives
 * M^-1 as urio_lu_inverse would write it, the same bits; on failure Inv holds
 * nothing usable.  Without pivoting the inverse's forward substitutions run as
 * tasks of the factorisation's graph, each as soon as the panel it needs is done,
 * so that they fill the factorisation's idle moments (its critical path: one
 * panel per step), and rcond's solve runs beside the back substitutions instead
 * of alone between the two (measured: see urio_lu_inverse).  With pivoting it is
 * urio_lu_factor followed by urio_lu_inverse. */
urio_status urio_lu_factor_inverse(urio_lu *lu, const double *M, size_t ld, double *Inv, size_t ldi)
{
    if (lu == NULL) return URIO_EINVAL;
    if (Inv == NULL || ldi < lu->n || ldi > (size_t)INT_MAX) {
        lu->factored = false;
        return URIO_EINVAL;
    }
    return factor(lu, M, ld, Inv, ldi);
}

/* urio_lu_factor, and with Inv the inverse as well (urio_lu_factor_inverse). */
static urio_status factor(urio_lu *lu, const double *M, size_t ld, double *Inv, size_t ldi)
{
    if (lu == NULL || M == NULL) return URIO_EINVAL;
    const size_t n = lu->n;
    if (ld < n || ld > (size_t)INT_MAX) return URIO_EINVAL;
    lu->factored = false;
    lu->pivoted = false;
    lu->rcond = 0.0;
    double *a = lu->lu;
    lapack_int *ipiv = lu->ipiv;
    bool finite = true, dominant = true, zsign = true;
    double anorm = 0.0, rcond = 0.0;
    /* Copy, check and measure each column on one thread: max and && are exact,
     * so the reductions do not depend on the split.  The 1-norm (largest column
     * sum of |m_ij|) is dgecon's ||M||, taken before factoring.  No BLAS here, so
     * any team will do; small matrices skip it. */
#pragma omp parallel for default(none) if (n >= 512) num_threads(urio__team_size()) schedule(static) \
    shared(M, ld, n, a) reduction(&& : finite, dominant, zsign) reduction(max : anorm)
    for (size_t j = 0; j < n; j++) {
        const double *col = M + j * ld;
        memcpy(a + j * n, col, n * sizeof *a);
        zsign = zsign && col[j] > 0.0 && nonpositive(j, col) && nonpositive(n - j - 1, col + j + 1);
        const double diag = fabs(col[j]);
        const double off = sum_abs(j, col) + sum_abs(n - j - 1, col + j + 1);
        /* A sum of |m_ij| is finite unless some m_ij is not (or it overflows:
         * then scan). */
        bool ok = isfinite(off) && isfinite(diag);
        if (!ok) {
            ok = true;
            for (size_t i = 0; i < n; i++)
                ok = ok && isfinite(col[i]);
        }
        finite = finite && ok;
        dominant = dominant && diag >= off;
        if (off + diag > anorm) anorm = off + diag;
    }
    if (!finite) return URIO_EINVAL;
    lu->pivoted = !dominant;
    if (dominant)
        for (size_t i = 0; i < n; i++)
            ipiv[i] = (lapack_int)(i + 1);
    int stop = 0;
    lapack_int con_info = 0;
    const tiles t = {a, n, lu->nb, lu->dinv, lu->ldd, ipiv, !dominant, &stop};
    const bool fuse = Inv != NULL && dominant;
    const fused_inverse fi = {lu, Inv, ldi, anorm, zsign ? &rcond : NULL};
    /* The master creates the tasks and the other threads run them while they
     * wait at the region's closing barrier, the only synchronisation here (a
     * barrier is costly when the machine is loaded).  Not `omp single`: GCC 12's
     * libgomp leaks the dependency table of a worker thread's implicit task that
     * created tasks with depend clauses (136 bytes per region, reported by
     * LeakSanitizer; measured with a 20-line program), not the master's.  dgecon
     * runs in the region too: its level-1 and level-2 BLAS calls could be
     * threaded otherwise. */
#pragma omp parallel default(none) num_threads(urio__team_for(tile_count(lu->nb, n))) \
    shared(t, fi, fuse, stop, con_info, n, a, anorm, rcond, lu, dominant, zsign)
#pragma omp master
    {
        factor_tiles(&t, fuse ? &fi : NULL);
        if (!stop && dominant && zsign) {
            if (!fuse) rcond = mmatrix_rcond(lu, anorm);
        } else if (!stop)
            con_info = LAPACKE_dgecon_work(LAPACK_COL_MAJOR, '1', (lapack_int)n, a, (lapack_int)n,
                                           anorm, &rcond, lu->work, lu->iwork);
    }
    if (stop) return URIO_ESINGULAR;
    if (con_info != 0) return URIO_ELAPACK;
    lu->anorm = anorm;
    lu->rcond = rcond;
    if (!(rcond >= DBL_EPSILON)) return URIO_ESINGULAR;
    lu->factored = true;
    return Inv != NULL && !fuse ? urio_lu_inverse(lu, Inv, ldi) : URIO_OK;
}

/* X_i = T^-1 X_i (or T^-T X_i) for the t x w block X_i, T the unit lower (L) or
 * upper (U) triangle of diagonal tile i: dtrmm with the inverted tile on the path
 * without pivoting, dtrsm with the factor otherwise; with `vector` (w = 1), the
 * level-2 dtrmv or dtrsv. */
static void tile_solve(const urio_lu *lu, size_t i, bool upper, bool trans, size_t w, double *Xi,
                       size_t ldx, bool vector)
{
    const size_t n = lu->n, ib = i * lu->nb, t = tile_width(lu->nb, n, i);
    const CBLAS_UPLO uplo = upper ? CblasUpper : CblasLower;
    const CBLAS_TRANSPOSE tr = trans ? CblasTrans : CblasNoTrans;
    const CBLAS_DIAG diag = upper ? CblasNonUnit : CblasUnit;
    const double *dinv = lu->dinv + i * lu->ldd * lu->ldd, *tile = lu->lu + ib + ib * n;
    if (vector && !lu->pivoted)
        cblas_dtrmv(CblasColMajor, uplo, tr, diag, (int)t, dinv, (int)lu->ldd, Xi, 1);
    else if (vector)
        cblas_dtrsv(CblasColMajor, uplo, tr, diag, (int)t, tile, (int)n, Xi, 1);
    else if (!lu->pivoted)
        cblas_dtrmm(CblasColMajor, CblasLeft, uplo, tr, diag, (int)t, (int)w, 1.0, dinv,
                    (int)lu->ldd, Xi, (int)ldx);
    else
        cblas_dtrsm(CblasColMajor, CblasLeft, uplo, tr, diag, (int)t, (int)w, 1.0, tile, (int)n, Xi,
                    (int)ldx);
}

/* C -= op(A) X for the k x w block X (leading dimension ldx) and the m x w block
 * C (the same leading dimension), op(A) m x k: dgemm, or dgemv with `vector`
 * (w = 1).  Only mmatrix_rcond takes the level-2 calls: a one-column dgemm packs
 * its operands for nothing, but urio_lu_solve keeps dgemm for one column, whose
 * last bits then match the same column solved in a batch (tests/unit). */
static void sub_product(bool trans, size_t m, size_t w, size_t k, const double *A, size_t lda,
                        const double *X, size_t ldx, double *C, bool vector)
{
    if (vector)
        cblas_dgemv(CblasColMajor, trans ? CblasTrans : CblasNoTrans, trans ? (int)k : (int)m,
                    trans ? (int)m : (int)k, -1.0, A, (int)lda, X, 1, 1.0, C, 1);
    else
        cblas_dgemm(CblasColMajor, trans ? CblasTrans : CblasNoTrans, CblasNoTrans, (int)m, (int)w,
                    (int)k, -1.0, A, (int)lda, X, (int)ldx, 1.0, C, (int)ldx);
}

/* X = L^-1 X for the n x w block X (leading dimension ldx) by tile forward
 * substitution: for each row tile from `first` on, the diagonal tile's solve
 * (tile_solve), then one dgemm that subtracts its contribution from the rows
 * below.  Rows of X above row tile `first` must be zero or already final.  One
 * thread, a fixed sequence of calls. */
static void forward_lu(const urio_lu *lu, size_t first, size_t w, double *X, size_t ldx)
{
    const double *a = lu->lu;
    const size_t n = lu->n, nb = lu->nb, nt = tile_count(nb, n);
    for (size_t i = first; i < nt; i++) {
        const size_t ib = i * nb, t = tile_width(nb, n, i), below = n - ib - t;
        tile_solve(lu, i, false, false, w, X + ib, ldx, false);
        if (below > 0)
            sub_product(false, below, w, t, a + ib + t + ib * n, n, X + ib, ldx, X + ib + t, false);
    }
}

/* X = U^-1 X, the same way from the last row tile up (one dgemm for the rows
 * above each tile). */
static void backward_lu(const urio_lu *lu, size_t w, double *X, size_t ldx)
{
    const double *a = lu->lu;
    const size_t n = lu->n, nb = lu->nb;
    for (size_t i = tile_count(nb, n); i-- > 0;) {
        const size_t ib = i * nb, t = tile_width(nb, n, i);
        tile_solve(lu, i, true, false, w, X + ib, ldx, false);
        if (ib > 0) sub_product(false, ib, w, t, a + ib * n, n, X + ib, ldx, X, false);
    }
}

/* X = (L U)^-T X = L^-T U^-T X, the same way with the transposed tiles (level-2
 * calls with `vector`, for one column). */
static void solve_lu_trans(const urio_lu *lu, size_t w, double *X, size_t ldx, bool vector)
{
    const double *a = lu->lu;
    const size_t n = lu->n, nb = lu->nb, nt = tile_count(nb, n);
    for (size_t i = 0; i < nt; i++) {
        const size_t ib = i * nb, t = tile_width(nb, n, i), below = n - ib - t;
        tile_solve(lu, i, true, true, w, X + ib, ldx, vector);
        if (below > 0)
            sub_product(true, below, w, t, a + ib + (ib + t) * n, n, X + ib, ldx, X + ib + t,
                        vector);
    }
    for (size_t i = nt; i-- > 0;) {
        const size_t ib = i * nb;
        tile_solve(lu, i, false, true, w, X + ib, ldx, vector);
        if (ib > 0)
            sub_product(true, ib, w, tile_width(nb, n, i), a + ib, n, X + ib, ldx, X, vector);
    }
}

/* Contract: overwrite the n x nrhs column-major B (leading dimension ldb >= n) with
 * the solution X of M X = B (or M^T X = B when transpose is true) from the last
 * successful factorisation.  lu is only read, so threads may share it with their
 * own B.  URIO_EINVAL without a usable factorisation or for bad arguments;
 * nrhs == 0 does nothing.  Never allocates.
 *
 * The columns of B go in blocks of nb, the blocks in parallel; a block is
 * solved by one thread with a fixed sequence of single-threaded calls (forward_lu,
 * backward_lu),
 * so X is the same bits for any thread count.  A column solved alone agrees with
 * the same column solved in a batch to rounding; bit for bit only as far as
 * OpenBLAS's kernels treat a column the same whatever the other columns of the
 * call (measured with the old dgetrs-like solve: for every n tried up to 384 on
 * this machine's SkylakeX kernels, for n <= 4 on every core type OpenBLAS has).
 * Callers that compare runs with different right-hand sides should use a
 * tolerance. */
urio_status urio_lu_solve(const urio_lu *lu, bool transpose, size_t nrhs, double *B, size_t ldb)
{
    if (lu == NULL || !lu->factored) return URIO_EINVAL;
    if (nrhs == 0) return URIO_OK;
    if (B == NULL || ldb < lu->n || ldb > (size_t)INT_MAX || nrhs > (size_t)INT_MAX)
        return URIO_EINVAL;
    const size_t n = lu->n, nb = lu->nb, nblk = (nrhs + nb - 1) / nb;
    const lapack_int *ipiv = lu->ipiv;
    const bool pivoted = lu->pivoted;
#pragma omp parallel for default(none) num_threads(urio__team_for(nblk)) schedule(dynamic, 1) \
    firstprivate(lu, ipiv, pivoted, n, nb, nblk, nrhs, B, ldb, transpose)
    for (size_t b = 0; b < nblk; b++) {
        const size_t c0 = b * nb, w = nrhs - c0 < nb ? nrhs - c0 : nb;
        double *X = B + c0 * ldb;
        /* M = P^T L U, so X = U^-1 L^-1 P B; M^T = U^T L^T P, so X = P^T L^-T U^-T B
         * (the interchanges applied in reverse).  dlaswp only moves data. */
        if (!transpose) {
            if (pivoted)
                (void)LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, (lapack_int)w, X, (lapack_int)ldb, 1,
                                          (lapack_int)n, ipiv, 1);
            forward_lu(lu, 0, w, X, ldb);
            backward_lu(lu, w, X, ldb);
        } else {
            solve_lu_trans(lu, w, X, ldb, false);
            if (pivoted)
                (void)LAPACKE_dlaswp_work(LAPACK_COL_MAJOR, (lapack_int)w, X, (lapack_int)ldb, 1,
                                          (lapack_int)n, ipiv, -1);
        }
    }
    return URIO_OK;
}

/* Forward substitution for column tile j of (L U)^-1 after pivoting, into X (n x
 * w, leading dimension ld): L Y = E_j, E_j the identity's columns jb ... jb + w -
 * 1.  Rows above tile j stay zero, so the substitution starts at tile j.  One
 * thread, a fixed sequence of calls. */
static void inverse_forward_pivoted(const urio_lu *lu, size_t j, double *X, size_t ld)
{
    const size_t n = lu->n, jb = j * lu->nb, w = tile_width(lu->nb, n, j);
    for (size_t c = 0; c < w; c++) {
        memset(X + c * ld, 0, n * sizeof *X);
        X[jb + c + c * ld] = 1.0;
    }
    forward_lu(lu, j, w, X, ld);
}

/* Row tile i of the forward substitution of block s of (L U)^-1 without pivoting
 * (columns s * INV_TILES * nb ... into X, leading dimension ld; i from the block's
 * first tile j0 on, in order): the columns of the block's tiles already started
 * are solved with L_ii^-1 (dtrmm) while tile i's own columns, if it is one of the
 * block's, start as L_ii^-1 (a copy: the identity's columns need no arithmetic),
 * and one dgemm per kind takes them to the rows below; from the block's last tile
 * on, every dgemm covers all of its columns.  Needs column tile i of the factors
 * (and its inverted diagonal tile) only, so urio_lu_factor_inverse runs it as soon
 * as panel i is done.  One thread, a fixed sequence of calls. */
static void inverse_forward_step(const urio_lu *lu, size_t s, size_t i, double *X, size_t ld)
{
    const size_t n = lu->n, nb = lu->nb, nt = tile_count(nb, n), j0 = s * INV_TILES;
    const size_t j1 = j0 + INV_TILES < nt ? j0 + INV_TILES : nt;
    const double *a = lu->lu;
    const size_t ib = i * nb, t = tile_width(nb, n, i), below = n - ib - t;
    const size_t wold = ((i < j1 ? i : j1) - j0) * nb; /* full tiles */
    double *Xn = X + (i - j0) * nb * ld;
    if (wold > 0) tile_solve(lu, i, false, false, wold, X + ib, ld, false);
    if (i < j1) {
        const double *d = lu->dinv + i * lu->ldd * lu->ldd;
        for (size_t c = 0; c < t; c++) {
            double *x = Xn + c * ld;
            memset(x, 0, (ib + c) * sizeof *x);
            x[ib + c] = 1.0;
            memcpy(x + ib + c + 1, d + c + 1 + c * lu->ldd, (t - c - 1) * sizeof *x);
        }
    }
    if (below == 0) return;
    if (wold > 0)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)below, (int)wold, (int)t, -1.0,
                    a + ib + t + ib * n, (int)n, X + ib, (int)ld, 1.0, X + ib + t, (int)ld);
    if (i < j1)
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)below, (int)t, (int)t, -1.0,
                    a + ib + t + ib * n, (int)n, Xn + ib, (int)ld, 0.0, Xn + ib + t, (int)ld);
}

/* The back substitution of block s (all of its columns at once). */
static void inverse_backward(const urio_lu *lu, size_t s, double *X, size_t ld)
{
    const size_t n = lu->n, nb = lu->nb, nt = tile_count(nb, n), j0 = s * INV_TILES;
    const size_t j1 = j0 + INV_TILES < nt ? j0 + INV_TILES : nt;
    backward_lu(lu, tiles_width(nb, n, j0, j1 - j0), X, ld);
}

/* Columns s * INV_TILES * nb ... of (L U)^-1 into X (leading dimension ld).
 * Without pivoting, one forward substitution for all of the block's tiles
 * (inverse_forward_step), then one back substitution for all of them.  With
 * pivoting, each tile's forward substitution on its own (inverse_forward_pivoted).
 * One thread, a fixed sequence of calls. */
static void inverse_block(const urio_lu *lu, size_t s, double *X, size_t ld)
{
    const size_t n = lu->n, nb = lu->nb, nt = tile_count(nb, n), j0 = s * INV_TILES;
    const size_t j1 = j0 + INV_TILES < nt ? j0 + INV_TILES : nt;
    for (size_t i = j0; i < (lu->pivoted ? j1 : nt); i++) {
        if (lu->pivoted)
            inverse_forward_pivoted(lu, i, X + (i - j0) * nb * ld, ld);
        else
            inverse_forward_step(lu, s, i, X, ld);
    }
    inverse_backward(lu, s, X, ld);
}

/* Forming the inverse.
 *
 * Method: column block j of (L U)^-1 solves L U X = E_j (the identity's columns
 * j * nb ...): the forward substitution starts at row tile j, because rows
 * above it stay zero, then a full back substitution, done for INV_TILES column
 * tiles at once (each of its dgemms packs its U operand once for twice the
 * columns; the back substitution is half the flops, and OpenBLAS's packing of that
 * operand was about 5 % of the run time in a profile at n = 3,000); blocks in
 * parallel, heaviest (the first) first.  A column's arithmetic does not depend on
 * how many columns share its calls on this machine's kernels (the inverse came out
 * bit for bit the same as with one tile per block), and the blocks are fixed by n,
 * so the bits stay independent of the thread count either way.  Flops: the
 * factorisation 2/3 n^3, the forward substitutions 1/3 n^3, the back
 * substitutions n^3: 2 n^3 in all, as dgetrf + dgetri.  With pivoting, M^-1 =
 * (L U)^-1 P, i.e. the columns interchanged in reverse order of the pivots (what
 * dgetri does).  A tile dtrtri + "U^-1 L^-1" inversion in place does the same
 * flops but needs the factors overwritten (a copy) and has a longer dependency
 * chain; the solve needs neither and is one embarrassingly parallel loop.
 *
 * Measurements (build/urio-bench inverse, bench/README.md; the recorded runs are
 * in bench/results/).  On the shared 2-core build machine, idle, n = 3,000, 2
 * threads, against a DGEMM of order 3,000 timed right before each run
 * (2026-11-30, fourth session, after the changes below): best of five against
 * best of five 0.73 to 1.09 over fifteen calls, best of nine 0.84 to 0.96 over
 * seven (urio-bench's default now), the median of each run against its own DGEMM
 * 0.75 to 0.92 either way; OpenBLAS's threaded dgetrf + dgetri 0.55 to 0.61;
 * numpy's inv 2.1 times slower than this path.  The machine's DGEMM rate moves
 * between 60 and 120 GFLOP/s from one second to the next, so two decimals of a
 * ratio are not reproducible here.  The changes of that session, each measured
 * against the code before it in one process, runs alternated, median of the time
 * ratios of neighbouring runs (factor + inverse, 2 threads): tile width 128
 * below order 2,500 (internal.h: n = 1,000 0.75, 2,000 0.89); the diagonal tile
 * factored and inverted by getrf_inv_nopiv instead of dtrsm-based elimination
 * and dtrtri (n = 1,000 0.92, 3,000 0.96); one forward substitution for the
 * block's tiles and rcond by level-2 calls (3,000: 0.985); all together against
 * the previous session's code: 3,000 0.97, 1,000 0.71, and factor + solve of 100
 * columns at 1,000 0.62.  Tried and dropped: dtrmm replaced by a recursion that
 * does half of its flops in dgemm (slower: 1.02 at 3,000); three tiles per
 * inverse block (3,000: 0.98, but 1,000: 1.03, where three blocks share two
 * threads badly) and four (1.03).  A profile at one thread, n = 3,000 (timers
 * around each BLAS call): dgemm calls with more than 256 columns at 92 to 97 % of
 * the rate of a DGEMM of order 3,000 timed just before, those of 256 columns or
 * fewer at 80 to 90 %, dtrmm with the inverted diagonal tiles at 60 % (10 % of the
 * flops, 14 % of the time); the factorisation's threads are busy 83 to 90 % of
 * its wall time at 2 threads (the copy and checks, rcond, the last steps), the
 * inverse's 90 to 99 %.  What remains is dtrmm, and two ways around it were
 * weighed in the fifth session (bench/README.md, "Tried and not taken"): a block
 * LDU form (the inverse's two triangular steps per tile become one dgemm with the
 * dense inverse of the diagonal tile, at equal flops) moves the cost into the
 * factorisation, whose L_ik L_kk^-1 and U_kk^-1 U_kj then take twice the flops of
 * today's dtrmm (net about 1 %, not built); block Gauss-Jordan inversion (no
 * factors, every flop but the diagonal tiles' in dgemm with 256 inner columns) was
 * prototyped: 6 to 7 % faster than this path on one thread, -3 to +3 % on two (its
 * updates sweep the whole matrix every step, so two threads share more memory
 * traffic), and it leaves no factors for the solves.
 * urio_lu_factor_inverse against urio_lu_factor + urio_lu_inverse (sixth session,
 * same method, 2 threads, the same bits): n = 500 median 0.88 (geometric mean
 * 0.92), 1,000 0.99 (0.98), 2,000 1.00 (0.99), 3,000 1.02 and 1.02 (1.01 and 1.06):
 * the gaps it fills are a small matrix's; at 3,000 the factorisation's own tasks
 * already keep both threads busy, and copy + rcond are 4 % of the time.  Kept
 * for the small orders and for many cores, where the factorisation's critical
 * path leaves more threads idle (not measured: no such machine here).
 * (Earlier sessions: 0.71 to 0.79 on the same machine; the first session at load
 * 14 to 21: 0.69, and dgetrf + dgetri 0.30: under load a threaded OpenBLAS call
 * waits for its slowest thread.)  The figure for dgetrf + dgetri (about
 * 0.78) was not reproduced here.  Accuracy on the synthetic tables,
 * n = 50 ... 1,000: max |M L - I| 1.6e-15 ... 7.2e-15 (dgetrf + dgetri: 1.1e-15
 * ... 4.4e-15), max |L - L_lapack| / max |L| at most 6.1e-15
 * (tests/unit/test_lu_accuracy.c bounds both by 4 n eps cond_1(M)).
 *
 * Contract: Inv (n x n, leading dimension ld >= n) receives M^-1 from the last
 * successful factorisation; lu is unchanged.  URIO_EINVAL without a usable
 * factorisation or for bad arguments.  The same bits for any thread count.  Never
 * allocates. */
urio_status urio_lu_inverse(const urio_lu *lu, double *Inv, size_t ld)
{
    if (lu == NULL || !lu->factored) return URIO_EINVAL;
    const size_t n = lu->n;
    if (Inv == NULL || ld < n || ld > (size_t)INT_MAX) return URIO_EINVAL;
    const size_t nblk = (tile_count(lu->nb, n) + INV_TILES - 1) / INV_TILES;
#pragma omp parallel for default(none) num_threads(urio__team_for(nblk)) schedule(dynamic, 1) \
    firstprivate(lu, nblk, Inv, ld)
    for (size_t s = 0; s < nblk; s++) {
        inverse_block(lu, s, Inv + s * INV_TILES * lu->nb * ld, ld);
    }
    if (lu->pivoted) {
        for (size_t j = n; j-- > 0;) {
            const size_t p = (size_t)lu->ipiv[j] - 1;
            if (p == j) continue;
            double *cj = Inv + j * ld, *cp = Inv + p * ld;
            for (size_t i = 0; i < n; i++) {
                const double t = cj[i];
                cj[i] = cp[i];
                cp[i] = t;
            }
        }
    }
    return URIO_OK;
}
