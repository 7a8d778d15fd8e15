/* dist_batch.c - scenario batches split across MPI ranks (urio/dist.h).  Compiled
 * only with `make MPI=1`.
 *
 * Rank r of p solves the contiguous share [begin, end) of the scenarios with its
 * own OpenMP pool (one scenario per thread, its own workspace, BLAS on one thread:
 * STYLE.md, "Parallel scenarios"), then sends each solution to rank 0: the
 * solution record (its pointer field cleared), its nv values, its status and its
 * seconds.  Rank 0 receives them in scenario order, so what it writes is what the
 * serial batch writes: each scenario is solved by the same code from the same
 * inputs, and nothing is summed across scenarios.  Contiguous shares (rather than
 * round-robin) keep each rank's messages in one ordered stream. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include <urio/dist.h>
#include <urio/run.h>

#define TAG_BATCH 81

void urio_dist_share(size_t nscen, int r, int p, size_t *begin, size_t *end)
{
    const size_t P = p > 0 ? (size_t)p : 1, R = (size_t)r;
    const size_t base = nscen / P, extra = nscen % P;
    *begin = R * base + (R < extra ? R : extra);
    *end = *begin + base + (R < extra ? 1 : 0);
}

/* Solve scenarios [begin, end): the serial batch's loop on a slice. */
static void solve_range(const urio_cge_model *m, size_t begin, size_t end,
                        const urio_cge_params *params, urio_cge_solution *sol, urio_status *status,
                        double *seconds, int threads)
{
    if (end <= begin) return;
    int nt = threads > 0 ? threads : 1;
    if ((size_t)nt > end - begin) nt = (int)(end - begin);
    const int saved = urio_run_blas_threads_push(1); /* serial code only */
#pragma omp parallel num_threads(nt)
    {
        urio_cge_workspace *w = NULL;
        const bool ready = urio_cge_workspace_create(m, &w) == URIO_OK;
#pragma omp for schedule(dynamic, 1)
        for (size_t k = begin; k < end; k++) {
            if (!ready) {
                status[k] = URIO_ENOMEM;
                continue;
            }
            const double t0 = omp_get_wtime();
            status[k] = urio_cge_solve(m, w, &params[k], NULL, NULL, &sol[k]);
            seconds[k] = omp_get_wtime() - t0;
        }
        urio_cge_workspace_free(w);
    }
    urio_run_blas_threads_pop(saved);
}

urio_status urio_dist_cge_batch(const urio_cge_model *m, size_t nscen,
                                const urio_cge_params *params, urio_cge_solution *sol,
                                urio_status *status, double *seconds, int threads, urio_diag *d)
{
    int who = -1;
    urio_status st = urio_dist_agree(URIO_OK, NULL, &who);
    if (st != URIO_OK)
        return urio_diag_set(d, st, NULL, 0, 0, NULL,
                             who >= 0 ? "scenario batch: rank %d could not start: %s"
                                      : "scenario batch: another rank has stopped (%d: %s)",
                             who, urio_strerror(st));
    const int rank = urio_dist_rank(), size = urio_dist_size();
    size_t begin = 0, end = 0;
    urio_dist_share(nscen, rank, size, &begin, &end);
    solve_range(m, begin, end, params, sol, status, seconds, threads);

    /* Every rank agrees that the solutions exist before any is sent, so that a rank
     * whose workspace could not be made does not leave rank 0 waiting. */
    const size_t nv = m->nv;
    urio_status mine = URIO_OK;
    for (size_t k = begin; k < end; k++)
        if (status[k] == URIO_ENOMEM) mine = URIO_ENOMEM;
    /* Rank 0's landing place for a solution whose own vector cannot be allocated:
     * the message must still be received. */
    double *scratch = rank == 0 ? malloc((nv > 0 ? nv : 1) * sizeof *scratch) : NULL;
    if (rank == 0 && scratch == NULL) mine = URIO_ENOMEM;
    if ((st = urio_dist_agree(mine, NULL, &who)) != URIO_OK) {
        free(scratch);
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "scenario batch: rank %d: %s", who,
                             urio_strerror(st));
    }
    for (int r = 1; r < size; r++) {
        size_t b = 0, e = 0;
        urio_dist_share(nscen, r, size, &b, &e);
        for (size_t k = b; k < e; k++) {
            if (rank == r) {
                urio_cge_solution rec = sol[k];
                rec.v = NULL;
                int head[2] = {(int)status[k], sol[k].v != NULL};
                MPI_Send(head, 2, MPI_INT, 0, TAG_BATCH, MPI_COMM_WORLD);
                MPI_Send(&rec, (int)sizeof rec, MPI_BYTE, 0, TAG_BATCH, MPI_COMM_WORLD);
                MPI_Send(&seconds[k], 1, MPI_DOUBLE, 0, TAG_BATCH, MPI_COMM_WORLD);
                if (sol[k].v != NULL)
                    MPI_Send(sol[k].v, (int)nv, MPI_DOUBLE, 0, TAG_BATCH, MPI_COMM_WORLD);
            } else if (rank == 0) {
                int head[2];
                MPI_Recv(head, 2, MPI_INT, r, TAG_BATCH, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Recv(&sol[k], (int)sizeof sol[k], MPI_BYTE, r, TAG_BATCH, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                MPI_Recv(&seconds[k], 1, MPI_DOUBLE, r, TAG_BATCH, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                status[k] = (urio_status)head[0];
                sol[k].v = NULL;
                if (head[1]) {
                    double *v = malloc((nv > 0 ? nv : 1) * sizeof *v);
                    MPI_Recv(v != NULL ? v : scratch, (int)nv, MPI_DOUBLE, r, TAG_BATCH,
                             MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                    sol[k].v = v;
                    if (v == NULL) status[k] = URIO_ENOMEM;
                }
            }
        }
    }
    free(scratch);
    return URIO_OK;
}
