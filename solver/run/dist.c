/* dist.c - MPI processes, agreement rounds and the choice of the BLACS process grid
 * (urio/dist.h).  Compiled only with `make MPI=1`.
 *
 * An agreement round is one MPI_Allreduce (MAX) of five ints:
 *   [0] 1 when this rank is in urio_dist_finish (it has left the command)
 *   [1] rank + 1 when this rank's status is not URIO_OK, else 0
 *   [2] rank 0's payload (the other ranks give INT_MIN)
 *   [3] the failing status code (0 when fine)
 *   [4] 1 when this rank is NOT in urio_dist_finish, else 0: its maximum is 0
 *       only when every rank has finished.
 * Because urio_dist_agree and urio_dist_finish make the same call, a rank that
 * leaves early (a bad input on rank 0 only, an allocation failure on rank 3) meets
 * the others in whatever operation they are about to start; they see it, return an
 * error, and finish too: nobody waits for a message that will not come. */
#include <limits.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/dist.h>

static int dist_rank = 0, dist_size = 1, dist_ready = 0;

urio_status urio_dist_init(int *argc, char ***argv)
{
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) return URIO_EIO;
    MPI_Comm_rank(MPI_COMM_WORLD, &dist_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &dist_size);
    dist_ready = 1;
    return URIO_OK;
}

int urio_dist_rank(void)
{
    return dist_rank;
}

int urio_dist_size(void)
{
    return dist_size;
}

bool urio_dist_is_root(void)
{
    return dist_rank == 0;
}

const char *urio_dist_library(void)
{
    static char text[MPI_MAX_LIBRARY_VERSION_STRING + 64];
    char lib[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    if (MPI_Get_library_version(lib, &len) != MPI_SUCCESS) len = 0;
    lib[len < MPI_MAX_LIBRARY_VERSION_STRING ? len : MPI_MAX_LIBRARY_VERSION_STRING - 1] = '\0';
    /* Open MPI's string carries a build date after a comma: keep the first part. */
    lib[strcspn(lib, ",\n")] = '\0';
    snprintf(text, sizeof text, "%s, ScaLAPACK (libscalapack-openmpi)", lib);
    return text;
}

static void round_trip(int v[5])
{
    int out[5];
    MPI_Allreduce(v, out, 5, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    memcpy(v, out, sizeof out);
}

urio_status urio_dist_agree(urio_status local, int *payload, int *who)
{
    if (who != NULL) *who = -1;
    if (!dist_ready) return local;
    int v[5] = {0, local != URIO_OK ? dist_rank + 1 : 0,
                dist_rank == 0 && payload != NULL ? *payload : INT_MIN, (int)local, 1};
    round_trip(v);
    if (payload != NULL) *payload = v[2];
    if (v[1] > 0) {
        if (who != NULL) *who = v[1] - 1;
        return v[3] != 0 ? (urio_status)v[3] : URIO_EIO;
    }
    if (v[0] > 0) return URIO_EIO; /* someone has left: cannot go on together */
    return URIO_OK;
}

int urio_dist_finish(int rc)
{
    if (!dist_ready) return rc;
    int v[5];
    do {
        v[0] = 1;
        v[1] = 0;
        v[2] = dist_rank == 0 ? rc : INT_MIN;
        v[3] = 0;
        v[4] = 0;
        round_trip(v);
    } while (v[4] > 0);
    dist_ready = 0;
    MPI_Finalize();
    return v[2];
}

/* ---- Grid -------------------------------------------------------------------------- */

urio_status urio_dist_grid_parse(const char *spec, int *pr, int *pc)
{
    char *end = NULL;
    long a = strtol(spec, &end, 10);
    if (end == spec || (*end != 'x' && *end != 'X') || a < 1 || a > 1 << 20) return URIO_EINVAL;
    const char *s2 = end + 1;
    long b = strtol(s2, &end, 10);
    if (end == s2 || *end != '\0' || b < 1 || b > 1 << 20) return URIO_EINVAL;
    *pr = (int)a;
    *pc = (int)b;
    return URIO_OK;
}

urio_status urio_dist_grid_choose(size_t n, int nprocs, int want_pr, int want_pc, int want_nb,
                                  urio_dist_grid *g)
{
    if (nprocs < 1 || g == NULL) return URIO_EINVAL;
    if (want_pr > 0 && want_pc > 0) {
        if ((long)want_pr * want_pc > nprocs) return URIO_EINVAL;
        g->nprow = want_pr;
        g->npcol = want_pc;
    } else {
        int pr = 1;
        for (int q = 1; (long)q * q <= nprocs; q++)
            if (nprocs % q == 0) pr = q;
        g->nprow = pr;
        g->npcol = nprocs / pr;
    }
    int nb = want_nb > 0 ? want_nb : (n < 2000 ? 32 : 64);
    if (n > 0 && (size_t)nb > n) nb = (int)n;
    g->nb = nb > 0 ? nb : 1;
    return URIO_OK;
}

size_t urio_dist_numroc(size_t n, int nb, int p, int np)
{
    const size_t b = (size_t)nb, P = (size_t)np, nblocks = n / b;
    size_t rows = (nblocks / P) * b;
    const size_t extra = nblocks % P;
    if ((size_t)p < extra)
        rows += b;
    else if ((size_t)p == extra)
        rows += n % b;
    return rows;
}

static size_t mul_sat(size_t a, size_t b)
{
    return (a != 0 && b > SIZE_MAX / a) ? SIZE_MAX : a * b;
}

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

size_t urio_dist_leontief_bytes(size_t n, size_t nrhs, const urio_dist_grid *g)
{
    /* Process (0, 0) owns the most: numroc is largest for coordinate 0. */
    const size_t mloc = urio_dist_numroc(n, g->nb, 0, g->nprow);
    const size_t nloc = urio_dist_numroc(n, g->nb, 0, g->npcol);
    const size_t rloc = urio_dist_numroc(nrhs, g->nb, 0, g->npcol);
    const size_t nb = (size_t)g->nb;
    size_t b = mul_sat(mul_sat(mloc, nloc), sizeof(double));         /* I - A, LU, L */
    b = add_sat(b, mul_sat(mul_sat(mloc, rloc), sizeof(double)));    /* right-hand sides */
    b = add_sat(b, mul_sat(mloc + nb, sizeof(int)));                 /* pivots */
    b = add_sat(b, mul_sat(mul_sat(mloc + nb, nb), sizeof(double))); /* pdgetri work */
    b = add_sat(b, mul_sat(mul_sat(nb, n), sizeof(double)));         /* one row panel */
    return b;
}
