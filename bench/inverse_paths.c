/* inverse_paths.c - time two ways of forming L = (I - A)^-1.
 *
 *   getri: urio_lu_factor (dgetrf + dlange + dgecon) then urio_lu_inverse (dgetri),
 *          the path liburio uses;
 *   gesv:  LAPACKE_dgesv_work on a copy of I - A with the identity as right-hand
 *          side (what numpy.linalg.inv does).
 *
 * For n = 1000, 2000, 3000 (or the sizes given as arguments) each path runs three
 * times on the same productive I - A (A >= 0 from a fixed LCG, column sums 0.6) and
 * the best wall time is printed, with GFLOP/s counting the inverse as 2 n^3 flops.
 * OpenBLAS uses as many threads as the environment says.  With Debian's openmp
 * build of OpenBLAS 0.3.21 that is OMP_NUM_THREADS: OPENBLAS_NUM_THREADS alone is
 * ignored there (measured: the count reported stays at the core count), so set
 * both, e.g. OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 build/inverse_paths.  The
 * two inverses are compared, so a wrong path cannot look fast.  Build (from the
 * repository root, after `make`):
 *
 *   cc -std=c11 -O2 -fopenmp -Isolver/include $(pkg-config --cflags lapacke openblas) \
 *      bench/inverse_paths.c build/liburio.a $(pkg-config --libs lapacke openblas) -lm \
 *      -o build/inverse_paths
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>
#include <lapacke.h>

#include <urio/linalg.h>

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

static int run(size_t n)
{
    const size_t nn = n * n;
    double *M = malloc(nn * sizeof *M);
    double *Inv1 = malloc(nn * sizeof *Inv1);
    double *Inv2 = malloc(nn * sizeof *Inv2);
    double *Work = malloc(nn * sizeof *Work);
    lapack_int *ipiv = malloc(n * sizeof *ipiv);
    urio_lu *lu = NULL;
    int rc = 1;
    if (M == NULL || Inv1 == NULL || Inv2 == NULL || Work == NULL || ipiv == NULL ||
        urio_lu_create(n, &lu) != URIO_OK) {
        fprintf(stderr, "inverse_paths: out of memory at n = %zu\n", n);
        goto done;
    }
    build_matrix(n, M);

    double best_getri = INFINITY, best_gesv = INFINITY;
    for (int rep = 0; rep < 3; rep++) {
        double t0 = now_s();
        if (urio_lu_factor(lu, M, n) != URIO_OK || urio_lu_inverse(lu, Inv1, n) != URIO_OK) {
            fprintf(stderr, "inverse_paths: getri path failed at n = %zu\n", n);
            goto done;
        }
        double t = now_s() - t0;
        if (t < best_getri) best_getri = t;

        t0 = now_s();
        memcpy(Work, M, nn * sizeof *Work);
        memset(Inv2, 0, nn * sizeof *Inv2);
        for (size_t i = 0; i < n; i++)
            Inv2[i + i * n] = 1.0;
        if (LAPACKE_dgesv_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, Work, (lapack_int)n,
                               ipiv, Inv2, (lapack_int)n) != 0) {
            fprintf(stderr, "inverse_paths: gesv path failed at n = %zu\n", n);
            goto done;
        }
        t = now_s() - t0;
        if (t < best_gesv) best_gesv = t;
    }
    double diff = 0.0;
    for (size_t e = 0; e < nn; e++)
        diff = fmax(diff, fabs(Inv1[e] - Inv2[e]));
    const double gflop = 2.0 * (double)n * (double)n * (double)n * 1e-9;
    printf("%6zu  %10.3f  %8.1f  %10.3f  %8.1f  %+7.1f%%  %9.2e\n", n, best_getri,
           gflop / best_getri, best_gesv, gflop / best_gesv,
           100.0 * (best_gesv - best_getri) / best_gesv, diff);
    rc = 0;
done:
    urio_lu_free(lu);
    free(M);
    free(Inv1);
    free(Inv2);
    free(Work);
    free(ipiv);
    return rc;
}

int main(int argc, char **argv)
{
    size_t sizes[16] = {1000, 2000, 3000};
    size_t count = 3;
    if (argc > 1) {
        count = 0;
        for (int a = 1; a < argc && count < 16; a++)
            sizes[count++] = (size_t)strtoul(argv[a], NULL, 10);
    }
    printf("# OpenBLAS: %s; threads: %d; best of 3\n", openblas_get_config(),
           openblas_get_num_threads());
    printf("#    n  getri_s  getri_GF/s     gesv_s  gesv_GF/s  getri_saves  max|diff|\n");
    for (size_t s = 0; s < count; s++)
        if (sizes[s] == 0 || run(sizes[s]) != 0) return 1;
    return 0;
}
