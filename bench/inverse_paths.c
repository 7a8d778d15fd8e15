/* inverse_paths.c - time the ways of forming L = (I - A)^-1 against DGEMM.
 *
 * For each thread count (1 and 2, or those given by -t) and each order n (1000,
 * 2000, 3000, or those given as arguments), on the same productive M = I - A
 * (A >= 0 from a fixed LCG, column sums 0.6, so M is column diagonally dominant):
 *
 *   dgemm:   C = A B of order n (cblas_dgemm, OpenBLAS threaded), the yardstick;
 *   tile:    urio_lu_factor + urio_lu_inverse, liburio's tile path without
 *            pivoting (it also pays for the copy, the dominance test and dgecon);
 *   tile-pv: the same on M with its first two rows interchanged, which is not
 *            diagonally dominant, so the tile path with partial pivoting;
 *   getri:   LAPACKE dgetrf + dgetri on a copy (OpenBLAS's threaded LAPACK; what
 *            liburio did before the tile algorithm);
 *   gesv:    LAPACKE dgesv with the identity as right-hand side (numpy.linalg.inv).
 *
 * Each is run three times and the best wall time kept (other builds share the
 * machine, so single runs can be several times slower); rates count the inverse
 * as 2 n^3 flops and DGEMM as 2 n^3 as well, and "ratio" is the tile inverse's
 * rate over DGEMM's at the same n and thread count, measured in the same process
 * right before.  The tile inverse at each thread count is compared bit for bit
 * with the one-thread result ("bits"), and every inverse with the tile one
 * ("max|diff|"), so a wrong path cannot look fast.  Threads are set through
 * urio_run_threads_init, as `urio -j` does.  Build (from the repository root,
 * after `make`):
 *
 *   cc -std=c11 -O2 -fopenmp -Isolver/include $(pkg-config --cflags lapacke openblas) \
 *      bench/inverse_paths.c build/liburio.a $(pkg-config --libs lapacke openblas) \
 *      -lgsl -lm -o build/inverse_paths
 *
 * (-lgsl alone, not pkg-config's gsl flags: those add -lgslcblas, and the cblas_*
 * calls would then land in GSL's reference BLAS, thirty times slower.)
 *
 * To try another tile width, compile the LU into the program with it (objects on
 * the command line take precedence over the archive):
 *
 *   cc ... -DURIO_LU_NB=192 -DURIO_LU_NB_SMALL=96 bench/inverse_paths.c solver/linalg/lu.c \
 *      build/liburio.a ...
 *
 * (URIO_LU_NB is the width from order URIO_LU_NB_SWITCH on, URIO_LU_NB_SMALL the
 * one below it; solver/linalg/internal.h.)
 */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>
#include <lapacke.h>

#include <urio/linalg.h>
#include <urio/run.h>

#define REPS 3

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* M = I - A with a_ij >= 0 pseudo-random and every column of A summing to 0.6. */
static void build_matrix(size_t n, double *M)
{
    uint64_t state = 0x9E3779B97F4A7C15u;
    for (size_t j = 0; j < n; j++) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++) {
            state = state * 6364136223846793005u + 1442695040888963407u;
            const double u = (double)(state >> 11) * 0x1.0p-53;
            M[i + j * n] = u;
            sum += u;
        }
        for (size_t i = 0; i < n; i++)
            M[i + j * n] = (i == j ? 1.0 : 0.0) - 0.6 * M[i + j * n] / sum;
    }
}

static double max_diff(size_t nn, const double *x, const double *y)
{
    double d = 0.0;
    for (size_t e = 0; e < nn; e++)
        d = fmax(d, fabs(x[e] - y[e]));
    return d;
}

/* Best of REPS for one order n at `threads` threads; Ref receives (first) or is
 * compared with (otherwise) the tile inverse of the first thread count. */
static int run(size_t n, bool first, double *Ref, int threads)
{
    const size_t nn = n * n;
    double *M = malloc(nn * sizeof *M), *Mp = malloc(nn * sizeof *Mp);
    double *Inv = malloc(nn * sizeof *Inv), *Other = malloc(nn * sizeof *Other);
    double *Work = malloc(nn * sizeof *Work);
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    double *query_work = NULL;
    urio_lu *lu = NULL;
    int rc = 1;
    if (M == NULL || Mp == NULL || Inv == NULL || Other == NULL || Work == NULL || ipiv == NULL ||
        urio_lu_create(n, &lu) != URIO_OK) {
        fprintf(stderr, "inverse_paths: out of memory at n = %zu\n", n);
        goto done;
    }
    build_matrix(n, M);
    memcpy(Mp, M, nn * sizeof *Mp);
    for (size_t j = 0; j < n; j++) {
        const double t = Mp[j * n];
        Mp[j * n] = Mp[1 + j * n];
        Mp[1 + j * n] = t;
    }
    double query = 0.0;
    memcpy(Work, M, nn * sizeof *Work);
    if (LAPACKE_dgetri_work(LAPACK_COL_MAJOR, (lapack_int)n, Work, (lapack_int)n, ipiv, &query,
                            -1) != 0) {
        fprintf(stderr, "inverse_paths: dgetri query failed\n");
        goto done;
    }
    const size_t lwork = query > (double)n ? (size_t)query : n;
    query_work = malloc(lwork * sizeof *query_work);
    if (query_work == NULL) goto done;

    double t_gemm = INFINITY, t_tile = INFINITY, t_piv = INFINITY, t_getri = INFINITY;
    double t_gesv = INFINITY, d_piv = 0.0, d_getri = 0.0, d_gesv = 0.0;
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_s();
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, M,
                    (int)n, Mp, (int)n, 0.0, Work, (int)n);
        t_gemm = fmin(t_gemm, now_s() - t0);
    }
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_s();
        if (urio_lu_factor(lu, M, n) != URIO_OK || urio_lu_inverse(lu, Inv, n) != URIO_OK ||
            urio_lu_pivoted(lu)) {
            fprintf(stderr, "inverse_paths: tile path failed at n = %zu\n", n);
            goto done;
        }
        t_tile = fmin(t_tile, now_s() - t0);
    }
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_s();
        if (urio_lu_factor(lu, Mp, n) != URIO_OK || urio_lu_inverse(lu, Other, n) != URIO_OK ||
            !urio_lu_pivoted(lu)) {
            fprintf(stderr, "inverse_paths: pivoting tile path failed at n = %zu\n", n);
            goto done;
        }
        t_piv = fmin(t_piv, now_s() - t0);
    }
    /* Mp = P M with P swapping rows 0 and 1, so Mp^-1 = M^-1 P: columns 0, 1 swapped. */
    for (size_t i = 0; i < n; i++) {
        const double t = Other[i];
        Other[i] = Other[i + n];
        Other[i + n] = t;
    }
    d_piv = max_diff(nn, Inv, Other);
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_s();
        memcpy(Other, M, nn * sizeof *Other);
        if (LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, Other,
                                (lapack_int)n, ipiv) != 0 ||
            LAPACKE_dgetri_work(LAPACK_COL_MAJOR, (lapack_int)n, Other, (lapack_int)n, ipiv,
                                query_work, (lapack_int)lwork) != 0) {
            fprintf(stderr, "inverse_paths: getri path failed at n = %zu\n", n);
            goto done;
        }
        t_getri = fmin(t_getri, now_s() - t0);
    }
    d_getri = max_diff(nn, Inv, Other);
    for (int rep = 0; rep < REPS; rep++) {
        double t0 = now_s();
        memcpy(Work, M, nn * sizeof *Work);
        memset(Other, 0, nn * sizeof *Other);
        for (size_t i = 0; i < n; i++)
            Other[i + i * n] = 1.0;
        if (LAPACKE_dgesv_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, Work, (lapack_int)n,
                               ipiv, Other, (lapack_int)n) != 0) {
            fprintf(stderr, "inverse_paths: gesv path failed at n = %zu\n", n);
            goto done;
        }
        t_gesv = fmin(t_gesv, now_s() - t0);
    }
    d_gesv = max_diff(nn, Inv, Other);
    const char *bits = "ref";
    if (first)
        memcpy(Ref, Inv, nn * sizeof *Ref);
    else
        bits = memcmp(Ref, Inv, nn * sizeof *Ref) == 0 ? "same" : "DIFFER";

    const double gf = 2.0 * (double)n * (double)n * (double)n * 1e-9, gemm = gf / t_gemm;
    printf("%2d %5zu %7.1f %7.1f %5.2f %7.1f %5.2f %7.1f %5.2f %7.1f %5.2f  %-6s %8.1e\n", threads,
           n, gemm, gf / t_tile, gf / t_tile / gemm, gf / t_piv, gf / t_piv / gemm, gf / t_getri,
           gf / t_getri / gemm, gf / t_gesv, gf / t_gesv / gemm, bits,
           fmax(d_piv, fmax(d_getri, d_gesv)));
    rc = 0;
done:
    urio_lu_free(lu);
    free(M);
    free(Mp);
    free(Inv);
    free(Other);
    free(Work);
    free(ipiv);
    free(query_work);
    return rc;
}

int main(int argc, char **argv)
{
    size_t sizes[16] = {1000, 2000, 3000};
    int thread_counts[8] = {1, 2};
    size_t count = 3, tcount = 2;
    bool sizes_given = false;
    for (int a = 1; a < argc; a++) {
        if (strcmp(argv[a], "-t") == 0 && a + 1 < argc) {
            tcount = 0;
            for (char *p = argv[++a]; *p != '\0' && tcount < 8;) {
                char *end = NULL;
                const long t = strtol(p, &end, 10);
                if (end == p || t < 1 || t > 1024) break;
                thread_counts[tcount++] = (int)t;
                p = *end == ',' ? end + 1 : end;
            }
        } else {
            if (!sizes_given) count = 0;
            sizes_given = true;
            if (count < 16) sizes[count++] = (size_t)strtoul(argv[a], NULL, 10);
        }
    }
    if (tcount == 0) return 2;
    double *ref[16] = {NULL};
    int rc = 0;
    urio_run_init();
    printf("# %s; best of %d; GF/s = 2n^3/s; ratio = rate / dgemm rate; bits: tile inverse "
           "against %d thread(s)\n",
           urio_run_blas_config(), REPS, thread_counts[0]);
    printf("#th     n   dgemm    tile ratio tile-pv ratio   getri ratio    gesv ratio  bits  "
           "max|diff|\n");
    for (size_t t = 0; t < tcount && rc == 0; t++) {
        urio_run_threads_init(thread_counts[t]);
        for (size_t s = 0; s < count && rc == 0; s++) {
            if (sizes[s] == 0) {
                rc = 2;
                break;
            }
            if (ref[s] == NULL) ref[s] = malloc(sizes[s] * sizes[s] * sizeof *ref[s]);
            if (ref[s] == NULL || run(sizes[s], t == 0, ref[s], thread_counts[t]) != 0) rc = 1;
            fflush(stdout);
        }
    }
    for (size_t s = 0; s < count; s++)
        free(ref[s]);
    return rc;
}
