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

/* The number format of every CSV urio writes (urio_format_double); a non-finite
 * value (never expected) is an empty cell, as formats/csv_write.c writes it. */
static size_t format_number(double v, char *buf)
{
    if (!isfinite(v)) {
        buf[0] = '\0';
        return 0;
    }
    urio_format_double(v, buf);
    return strlen(buf);
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
    o.format = format_number; /* rank 0 may ask every rank to format L (--leontief-only) */
    urio_dist_leontief_info info;
    urio_status s = urio_dist_leontief(NULL, NULL, NULL, &o, NULL, NULL, &info, NULL);
    (void)s; /* rank 0 reports; every rank exits with its code */
    return CLI_EXIT_OK;
}

urio_status cli_dist_leontief(urio_io_result *r, int pr, int pc, int nb, bool quiet, urio_diag *d)
{
    const urio_dist_leontief_opts o = {
        .want_pr = pr, .want_pc = pc, .want_nb = nb, .inverse = true, .gather = true};
    urio_matrix F = {r->n, 1, r->f};
    urio_matrix *X = NULL, *L = NULL;
    urio_dist_leontief_info info;
    const double t0 = cli_now();
    urio_status s = urio_dist_leontief(r->A, NULL, &F, &o, &X, &L, &info, d);
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

/* ---- --leontief-only: the path for models whose analysis does not fit rank 0 ------ */

/* Whether RFC 4180 needs the label quoted (as formats/csv_write.c decides). */
static bool needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n == 0) return false;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

static urio_status put_label(urio_writer *w, const char *s)
{
    if (!needs_quotes(s)) return urio_writer_write(w, s, strlen(s));
    urio_status st = urio_writer_write(w, "\"", 1);
    for (const char *p = s; st == URIO_OK && *p != '\0'; p++)
        st = *p == '"' ? urio_writer_write(w, "\"\"", 2) : urio_writer_write(w, p, 1);
    if (st == URIO_OK) st = urio_writer_write(w, "\"", 1);
    return st;
}

typedef struct row_sink {
    urio_writer *w;
    const urio_labels *sectors;
} row_sink;

/* Row i of leontief.csv: its label, then the numbers the ranks formatted. */
static urio_status write_row(void *ctx, size_t row, const char *text, size_t len)
{
    row_sink *rs = ctx;
    urio_status st = put_label(rs->w, rs->sectors->name[row]);
    if (st == URIO_OK) st = urio_writer_write(rs->w, text, len);
    if (st == URIO_OK) st = urio_writer_write(rs->w, "\n", 1);
    return st;
}

urio_status cli_dist_leontief_only(const urio_io_model *m, const char *outdir, int pr, int pc,
                                   int nb, bool quiet, urio_diag *d)
{
    const double t0 = cli_now();
    const size_t n = m->sectors->count;
    double *x = NULL, *f = NULL;
    char *path = NULL;
    urio_matrix *X = NULL;
    row_sink ps = {NULL, m->sectors};
    urio_status s = urio_io_model_validate(m, d);
    if (s != URIO_OK) goto done;
    x = malloc(n * sizeof *x);
    f = malloc(n * sizeof *f);
    path = malloc(strlen(outdir) + sizeof "/leontief.csv");
    if (x == NULL || f == NULL || path == NULL) {
        s = urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        goto done;
    }
    urio_dist_io_output(m->Z, m->Y, x, f);
    sprintf(path, "%s/leontief.csv", outdir);
    if ((s = urio_mkdir_p(outdir, d)) != URIO_OK) goto done;
    if ((s = urio_writer_open(path, &ps.w, d)) != URIO_OK) goto done;
    s = urio_writer_write(ps.w, "sector", 6);
    for (size_t j = 0; j < n && s == URIO_OK; j++) {
        s = urio_writer_write(ps.w, ",", 1);
        if (s == URIO_OK) s = put_label(ps.w, m->sectors->name[j]);
    }
    if (s == URIO_OK) s = urio_writer_write(ps.w, "\n", 1);
    if (s != URIO_OK) {
        s = urio_diag_set(d, s, path, 0, 0, NULL, "cannot write");
        goto done;
    }

    const urio_dist_leontief_opts o = {.want_pr = pr,
                                       .want_pc = pc,
                                       .want_nb = nb,
                                       .inverse = true,
                                       .panel_ctx = &ps,
                                       .row = write_row,
                                       .format = format_number};
    urio_matrix F = {n, 1, f};
    urio_dist_leontief_info info;
    s = urio_dist_leontief(m->Z, x, &F, &o, &X, NULL, &info, d);
    if (s == URIO_ESINGULAR)
        s = urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0,
                          "column sums of A must be below 1; check units and that Z is not "
                          "transposed",
                          "the distributed LU of I - A found an exact zero pivot: the table "
                          "is not productive");
    if (s != URIO_OK) goto done;
    if (!(info.min_l >= -1e-12)) {
        s = urio_diag_set(d, URIO_EUNPRODUCTIVE, NULL, 0, 0,
                          "column sums of A must be below 1; check units and that Z is not "
                          "transposed",
                          "the table is not productive: the Leontief inverse has a negative "
                          "entry (%.3g)",
                          info.min_l);
        goto done;
    }
    double worst = 0.0, scale = 1.0;
    for (size_t i = 0; i < n; i++) {
        const double e = fabs(X->data[i] - x[i]);
        if (e > worst || isnan(e)) worst = e;
        if (fabs(x[i]) > scale) scale = fabs(x[i]);
    }
    worst /= scale;
    if (!(worst <= 1e-8)) {
        s = urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                          "the system is badly conditioned; check units and near-zero outputs",
                          "check failed: max |L f - x| / max |x| = %.3g exceeds the tolerance "
                          "1e-08",
                          worst);
        goto done;
    }
    s = urio_writer_commit(ps.w, d);
    ps.w = NULL;
    if (s != URIO_OK) goto done;
    if (!quiet) {
        const double mib = (double)info.bytes_per_rank / (1024.0 * 1024.0);
        fprintf(stderr,
                "urio: distributed Leontief (--leontief-only): %zu sectors, %d ranks, grid "
                "%dx%d, block %d, about %.1f MiB per rank; %.3f s (scatter %.3f, pdgetrf %.3f, "
                "pdgetrs %.3f, pdgetri %.3f, gather and write %.3f); max |L f - x| / max |x| = "
                "%.3g\nurio: wrote %s\n",
                n, urio_dist_size(), info.grid.nprow, info.grid.npcol, info.grid.nb, mib,
                cli_now() - t0, info.seconds_scatter, info.seconds_factor, info.seconds_solve,
                info.seconds_inverse, info.seconds_gather, worst, path);
    }
done:
    urio_writer_abort(ps.w);
    urio_matrix_free(X);
    free(x);
    free(f);
    free(path);
    return s;
}
