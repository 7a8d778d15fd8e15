/* cmd_info.c - `urio info`: what a model holds and what solving it costs.
 *
 *   urio info MODEL.yaml
 *
 * Loads the model (nothing is solved) and prints its dimensions, labels (the first
 * ten of each list and the count), final-demand categories, primary-input rows,
 * satellites, households, the table totals, and an estimate of the memory a run
 * needs, from urio_matrix_bytes:
 *   model data   Z (n x n), Y (n x k), V (r x n), S (s x n)
 *   analysis     A, L and the LU factors of I - A (n x n each); with m endogenous
 *                households also L_bar and its LU factors ((n+m) x (n+m) each);
 *                right-hand sides n x k
 *   scenarios    n doubles per scenario for each of the final-demand change and
 *                the solution, reported per 1,000 scenarios. */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <urio/urio.h>
#ifdef URIO_MPI
#include <stdlib.h>

#include <urio/dist.h>
#endif

#include "cli.h"

#define SHOW_LABELS 10

static void info_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: urio info MODEL.yaml\n"
            "\n"
            "Load a model (nothing is solved) and print its dimensions, labels (the first\n"
            "%d of each list and how many), final-demand categories, primary-input rows,\n"
            "satellites, households, the totals of its tables (gross output, final demand,\n"
            "value added), the memory a run needs, and the threads it would use.\n"
            "\n"
            "Options:\n"
            "  -h, --help   show this help and exit\n"
#ifdef URIO_MPI
            "urio-mpi: the memory per rank of the distributed Leontief inverse for\n"
            "  --ranks P      P MPI ranks (default: the ranks of this run)\n"
            "  --grid PRxPC   a given process grid (env URIO_MPI_GRID)\n"
            "  --block NB     a given block size (env URIO_MPI_BLOCK)\n"
#endif
            "\n"
            "Exit status: 0 success; 2 bad usage or bad input.\n"
            "\n"
            "Example:\n"
            "  urio info models/china-2017-149.yaml\n",
            SHOW_LABELS);
}

static void print_labels(const char *title, const urio_labels *l)
{
    size_t n = l != NULL ? l->count : 0;
    printf("  %-14s %zu", title, n);
    for (size_t i = 0; i < n && i < SHOW_LABELS; i++)
        printf("%s%s", i == 0 ? ": " : ", ", l->name[i]);
    if (n > SHOW_LABELS) printf(", ... (%zu more)", n - SHOW_LABELS);
    printf("\n");
}

static double msum(const urio_matrix *m)
{
    double s = 0.0;
    if (m == NULL || m->data == NULL) return 0.0;
    for (size_t i = 0; i < m->rows * m->cols; i++)
        s += m->data[i];
    return s;
}

/* An amount with thousands separators and two decimals (as in summary.txt). */
static const char *amount(double v, char *out, size_t size)
{
    if (!(v > -1e15 && v < 1e15)) {
        snprintf(out, size, "%.6g", v);
        return out;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.2f", v < 0 ? -v : v);
    const char *dot = strchr(digits, '.');
    size_t ilen = (size_t)(dot - digits), g = 0;
    char grouped[96];
    if (v < 0 && strspn(digits, "0.") != strlen(digits)) grouped[g++] = '-';
    for (size_t i = 0; i < ilen; i++) {
        if (i > 0 && (ilen - i) % 3 == 0) grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    snprintf(out, size, "%.*s%s", (int)g, grouped, dot);
    return out;
}

int cmd_info(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"help", no_argument, NULL, 'h'},
#ifdef URIO_MPI
        {"ranks", required_argument, NULL, 'P'},
        {"grid", required_argument, NULL, 'G'},
        {"block", required_argument, NULL, 'B'},
#endif
        {NULL, 0, NULL, 0},
    };
    opterr = 0;
    optind = 0;
    int c;
#ifdef URIO_MPI
    int ranks = urio_dist_size(), pr = 0, pc = 0, nb = 0, arc = cli_dist_grid_env(&pr, &pc, &nb);
    if (arc != CLI_EXIT_OK) return arc;
#endif
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        if (c == 'h') {
            info_usage(stdout);
            return CLI_EXIT_OK;
        }
#ifdef URIO_MPI
        if (c == 'G' && (arc = cli_dist_grid_arg("info", optarg, &pr, &pc)) != CLI_EXIT_OK)
            return arc;
        if (c == 'B' && (arc = cli_dist_block_arg("info", optarg, &nb)) != CLI_EXIT_OK) return arc;
        if (c == 'P') {
            char *end = NULL;
            long v = strtol(optarg, &end, 10);
            if (end == optarg || *end != '\0' || v < 1 || v > 1 << 24)
                return cli_usage_error("info", "--ranks wants a positive number, not '%s'", optarg);
            ranks = (int)v;
        }
        if (c == 'G' || c == 'B' || c == 'P') continue;
#endif
        return cli_bad_option("info", c, argv);
    }
    if (optind >= argc) return cli_usage_error("info", "no model file given");
    if (argc - optind > 1)
        return cli_usage_error("info", "one model file expected, got '%s' and '%s'", argv[optind],
                               argv[optind + 1]);
    const char *model = argv[optind];

    urio_diag d;
    urio_diag_clear(&d);
    urio_model_file *mf = NULL;
    urio_status s = urio_model_load(model, &mf, &d);
    if (s != URIO_OK) return cli_report(s, &d);
    if (mf->cge != NULL) { /* run_cge.c */
        int rc = cli_info_cge(model, mf);
        urio_model_file_free(mf);
        return rc;
    }
    if (mf->io == NULL) {
        printf("%s: a model of kind '%s'; this version of urio describes IO models only\n", model,
               mf->kind != NULL ? mf->kind : "?");
        urio_model_file_free(mf);
        return CLI_EXIT_OK;
    }
    const urio_io_model *m = mf->io;
    const size_t n = m->sectors->count, k = m->categories->count;
    const size_t nv = m->vrows != NULL ? m->vrows->count : 0;
    const size_t ns = m->srows != NULL ? m->srows->count : 0;
    const size_t nh = m->nhouseholds;
    const char *units = mf->units != NULL ? mf->units : "model units";

    printf("%s\n", mf->name != NULL ? mf->name : "(unnamed model)");
    printf("  %-14s %s\n", "file", model);
    printf("  %-14s %s\n", "kind", mf->kind != NULL ? mf->kind : "io");
    printf("  %-14s %s\n", "units", units);
    if (mf->hash != NULL) printf("  %-14s %s\n", "hash", mf->hash);
    print_labels("sectors", m->sectors);
    print_labels("categories", m->categories);
    print_labels("V rows", m->vrows);
    print_labels("satellites", m->srows);
    printf("  %-14s %zu", "households", nh);
    for (size_t h = 0; h < nh; h++) {
        const urio_io_household *hh = &m->households[h];
        printf("%s%s (consumption %s, income %s)", h == 0 ? ": " : ", ", hh->name,
               hh->consumption < k ? m->categories->name[hh->consumption] : "?",
               hh->income < nv ? m->vrows->name[hh->income] : "?");
    }
    printf("\n");
    for (size_t i = 0; i < mf->nsources; i++)
        printf("  %-14s %s\n", i == 0 ? "tables" : "", mf->sources[i]);

    /* Totals: gross output is the row sum of Z and Y (DESIGN.md section 5). */
    const double tz = msum(m->Z), ty = msum(m->Y), tv = msum(m->V);
    char b1[64], b2[64], b3[64];
    printf("  %-14s gross output %s, intermediate use %s, final demand %s", "totals",
           amount(tz + ty, b1, sizeof b1), amount(tz, b2, sizeof b2), amount(ty, b3, sizeof b3));
    if (m->V != NULL) printf(", value added %s", amount(tv, b1, sizeof b1));
    printf("\n");
    for (size_t r = 0; r < ns; r++) {
        double t = 0.0;
        for (size_t j = 0; j < n; j++)
            t += URIO_MAT(m->S, r, j);
        printf("  %-14s %s %s\n", r == 0 ? "satellite sums" : "", m->srows->name[r],
               amount(t, b1, sizeof b1));
    }

    /* Memory estimate (urio_io_memory_estimate) and what this process may use. */
    urio_io_memory mem;
    urio_io_memory_estimate(m, &mem);
    char m1[32], m2[32], m3[32];
    printf("  %-14s total %s: model data %s, analysis %s\n", "memory",
           cli_mib(mem.total, m1, sizeof m1), cli_mib(mem.data, m2, sizeof m2),
           cli_mib(mem.analysis, m3, sizeof m3));
    printf("  %-14s analysis = A, L, the LU factors of I - A, the Ghosh inverse and a "
           "temporary (%s each)",
           "", cli_mib(mem.square, m1, sizeof m1));
    if (nh > 0) printf(", L_bar and its LU factors (%s)", cli_mib(mem.closed, m2, sizeof m2));
    printf(", right-hand sides (%s)\n", cli_mib(mem.rhs, m3, sizeof m3));
    printf("  %-14s scenarios add %s per 1,000\n", "", cli_mib(mem.per1000, m1, sizeof m1));
    size_t limit = 0;
    const char *source = NULL;
    if (urio_run_memory_limit(&limit, &source, &d) == URIO_OK)
        printf("  %-14s %s may be used (%s)%s\n", "", cli_mib(limit, m1, sizeof m1), source,
               mem.total > limit ? ": too little, urio run will refuse this model" : "");
    else
        cli_warn("%s", d.msg);
    printf("  %-14s %d (all cores; urio run -j changes it)\n", "threads", urio_run_cores());
#ifdef URIO_MPI
    /* The distributed Leontief (docs/cluster.md): urio_dist_leontief_bytes. */
    urio_dist_grid g;
    if (urio_dist_grid_choose(n, ranks, pr, pc, nb, &g) != URIO_OK) {
        urio_model_file_free(mf);
        return cli_usage_error("info", "the grid %dx%d needs more than %d ranks", pr, pc, ranks);
    }
    printf("  %-14s %d %s, grid %dx%d, block %d: about %s per rank (its share of I - A, "
           "factored and inverted in place, 8 n^2 / %d bytes; pivots, pdgetri work, one row "
           "panel)\n",
           "distributed", ranks, ranks == 1 ? "rank" : "ranks", g.nprow, g.npcol, g.nb,
           cli_mib(urio_dist_leontief_bytes(n, 1, &g), m1, sizeof m1), g.nprow * g.npcol);
    printf("  %-14s rank 0 adds the model data and, unless urio run --leontief-only, the "
           "serial analysis above\n",
           "");
#endif

    urio_model_file_free(mf);
    return CLI_EXIT_OK;
}
