/* dist.c - the command line's side of urio-mpi (make MPI=1 only; docs/cluster.md):
 * grid options, what the ranks other than 0 do during `urio run`, and the
 * distributed Leontief inverse in an IO run.  Declared in cli.h under URIO_MPI. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/dist.h>
#include <urio/urio.h>

#include "cli.h"

int cli_dist_grid_arg(const char *cmd, const char *arg, int *pr, int *pc)
{
    if (urio_dist_grid_parse(arg, pr, pc) != URIO_OK)
        return cli_usage_error(cmd,
                               "--grid wants PRxPC, two positive whole numbers such as 2x4, "
                               "not '%s'",
                               arg);
    return CLI_EXIT_OK;
}

int cli_dist_block_arg(const char *cmd, const char *arg, int *nb)
{
    char *end = NULL;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end != '\0' || v < 1 || v > 4096)
        return cli_usage_error(cmd, "--block wants a block size from 1 to 4096, not '%s'", arg);
    *nb = (int)v;
    return CLI_EXIT_OK;
}

int cli_dist_grid_env(int *pr, int *pc, int *nb)
{
    const char *g = getenv("URIO_MPI_GRID"), *b = getenv("URIO_MPI_BLOCK");
    int rc = CLI_EXIT_OK;
    if (g != NULL && g[0] != '\0') rc = cli_dist_grid_arg(NULL, g, pr, pc);
    if (rc == CLI_EXIT_OK && b != NULL && b[0] != '\0') rc = cli_dist_block_arg(NULL, b, nb);
    return rc;
}

int cli_dist_run_worker(const char *model, urio_model_file **mf)
{
    *mf = NULL;
    int kind = 0;
    if (urio_dist_agree(URIO_OK, &kind, NULL) != URIO_OK) return CLI_EXIT_OK;
    if (kind == 2) { /* a CGE: read it here too and go on with rank 0 (run_cge.c) */
        urio_diag d;
        urio_diag_clear(&d);
        urio_status s = urio_model_load(model, mf, &d);
        if (s != URIO_OK) {
            *mf = NULL;
            return cli_report(s, &d);
        }
        return CLI_EXIT_OK;
    }
    /* An IO model: take part in rank 0's distributed Leontief, then leave. */
    urio_dist_leontief_opts o;
    memset(&o, 0, sizeof o);
    urio_dist_leontief_info info;
    urio_status s = urio_dist_leontief(NULL, NULL, &o, NULL, NULL, &info, NULL);
    (void)s; /* rank 0 reports; every rank exits with its code */
    return CLI_EXIT_OK;
}

urio_status cli_dist_leontief(const urio_io_model *m, urio_io_result *r, int pr, int pc, int nb,
                              bool quiet, urio_diag *d)
{
    (void)m;
    urio_dist_leontief_opts o = {pr, pc, nb, true, NULL, NULL, true};
    urio_matrix F = {r->n, 1, r->f};
    urio_matrix *X = NULL, *L = NULL;
    urio_dist_leontief_info info;
    const double t0 = cli_now();
    urio_status s = urio_dist_leontief(r->A, &F, &o, &X, &L, &info, d);
    if (s == URIO_ESINGULAR)
        s = urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0,
                          "column sums of A must be below 1; check units and that Z is not "
                          "transposed",
                          "the distributed LU of I - A found an exact zero pivot: the table "
                          "is not productive");
    if (s != URIO_OK) return s;
    /* x = (I - A)^-1 f by pdgetrs must give back gross output (DESIGN.md section 8). */
    double worst = 0.0, scale = 1.0;
    for (size_t i = 0; i < r->n; i++) {
        const double e = fabs(X->data[i] - r->x[i]);
        if (e > worst || isnan(e)) worst = e;
        if (fabs(r->x[i]) > scale) scale = fabs(r->x[i]);
    }
    worst /= scale;
    const double dl = urio_matrix_max_abs_diff(L, r->L);
    urio_matrix_free(X);
    /* From here on L is the distributed inverse: leontief.csv and every analysis
     * after urio_io_analyse (Ghosh, extraction, Miyazawa, decomposition, prices,
     * scenarios' structural paths) use it. */
    urio_matrix_free(r->L);
    r->L = L;
    if (!quiet) {
        char mem[32];
        const double mib = (double)info.bytes_per_rank / (1024.0 * 1024.0);
        snprintf(mem, sizeof mem, mib >= 10.0 ? "%.0f MiB" : "%.2f MiB", mib);
        fprintf(stderr,
                "urio: distributed Leontief: %d ranks, grid %dx%d, block %d, about %s per rank; "
                "%.3f s (scatter %.3f, pdgetrf %.3f, pdgetrs %.3f, pdgetri %.3f, gather %.3f); "
                "max |L - L_serial| = %.3g, max |x - L f| / max |x| = %.3g\n",
                urio_dist_size(), info.grid.nprow, info.grid.npcol, info.grid.nb, mem,
                cli_now() - t0, info.seconds_scatter, info.seconds_factor, info.seconds_solve,
                info.seconds_inverse, info.seconds_gather, dl, worst);
    }
    if (!(worst <= r->checks.tolerance))
        return urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                             "the system is badly conditioned; check units and near-zero outputs",
                             "check failed: distributed max |L f - x| / max |x| = %.3g exceeds "
                             "the tolerance %.0e",
                             worst, r->checks.tolerance);
    return URIO_OK;
}
