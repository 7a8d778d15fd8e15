/* cmd_run.c - `urio run`: load, analyse, solve the scenarios, write the outputs.
 *
 *   urio run MODEL.yaml [-s SCENARIOS.yaml] [-o OUTDIR] [-f text,csv,json,html] [-j N] [-q]
 *
 * Phases (each timed for report.json): load the model file and its tables; analyse
 * (A, L, multipliers, linkages, checks, then urio/io_analyses.h: Ghosh, extraction,
 * Miyazawa, decomposition, price model); with -s, parse the scenarios and solve them
 * (final-demand changes from one factorisation; productivity scenarios factorised
 * on their own; prices and paths); then create OUTDIR and write each output atomically
 * (DESIGN.md sections 3 and 7).  Any failure before writing leaves no file behind;
 * a failure while writing keeps the files already complete and no partial one. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urio/urio.h>
#ifdef URIO_MPI
#include <urio/dist.h>
#define IS_ROOT urio_dist_is_root()
#else
#define IS_ROOT 1
#endif

#include "cli.h"

static void run_usage(FILE *fp)
{
    fprintf(fp,
            "Usage: urio run MODEL.yaml [-s SCENARIOS.yaml] [-o OUTDIR] [-f FORMATS] [-j THREADS] "
            "[-q] [--resume]\n"
            "\n"
            "Load an input-output model, compute the Leontief inverse, the multipliers, the\n"
            "linkages, the Ghosh model, hypothetical extraction, Miyazawa multipliers, the\n"
            "spillover and feedback decomposition, the price model and the correctness\n"
            "checks, solve every scenario of the scenario file (with price effects and\n"
            "structural paths), and write the results to OUTDIR.\n"
            "\n"
            "Options:\n"
            "  -s, --scenarios FILE  scenario file (YAML: final_demand, investment, tax and\n"
            "                        productivity shocks);\n"
            "                        without it only the analysis runs\n"
            "  -o, --output DIR      output directory, created with its parents if needed\n"
            "                        (default: out/<model file name without extension>)\n"
            "  -f, --format LIST     comma-separated output formats (default text,csv,json):\n"
            "                          text  summary.txt, also printed on standard output\n"
            "                          csv   leontief.csv, multipliers.csv, linkages.csv,\n"
            "                                ghosh.csv, extraction.csv, miyazawa.csv,\n"
            "                                decomposition.csv, and with scenarios\n"
            "                                effects.csv, summary.csv, prices.csv, paths.csv\n"
            "                          json  report.json (everything, with checks and timings)\n"
            "                          html  report.html: the report with charts, one file\n"
            "                                that opens offline (docs/report.md)\n"
            "  -j, --threads N       threads for BLAS and the scenario pool (default: all %d\n"
            "                        cores; 0 means all); results do not depend on it\n"
            "  -q, --quiet           print neither the summary, the progress nor the list of\n"
            "                        files written (warnings and errors still go to standard\n"
            "                        error)\n"
            "      --resume          CGE batches: take the scenarios an interrupted run\n"
            "                        finished from OUTDIR/batch.journal, solve the rest\n"
            "      --no-journal      CGE batches: keep no journal (no fdatasync per scenario;\n"
            "                        an interrupted batch then starts again from nothing)\n"
            "      --sync-interval S CGE batches: fdatasync the journal at most every S seconds\n"
            "                        (default 0: after every scenario); records are written\n"
            "                        at once, so only a power failure loses unsynced ones\n"
            "  -h, --help            show this help and exit\n"
#ifdef URIO_MPI
            "\n"
            "urio-mpi (run under mpirun; docs/cluster.md):\n"
            "      --grid PRxPC      BLACS process grid for the Leontief inverse (default:\n"
            "                        near-square over all ranks; env URIO_MPI_GRID)\n"
            "      --block NB        block size of the 2-D block-cyclic layout (default 64,\n"
            "                        32 below 2,000 sectors; env URIO_MPI_BLOCK)\n"
            "      --leontief-only   IO models too large for one node: write leontief.csv\n"
            "                        alone, streamed from the ranks row panel by row panel;\n"
            "                        no other analysis, no scenarios, no other file\n"
#endif
            "\n"
            "Scenario files may hold a sweep (a grid of shock amounts) and a Monte Carlo\n"
            "family (elasticities and amounts drawn from distributions: uncertainty.csv,\n"
            "draws.csv) for CGE models: docs/scenarios.md.  A CGE batch shows its progress\n"
            "on standard error when that is a terminal, records every finished scenario in\n"
            "OUTDIR/batch.journal and stops cleanly on Ctrl-C (SIGINT).\n"
            "\n"
            "Exit status: 0 success; 1 the model could not be solved (for example not\n"
            "productive) or some scenario failed (summary.csv says why); 2 bad usage or bad\n"
            "input; 130 interrupted (run again with --resume).  A failed run leaves no\n"
            "partial file.\n"
            "\n"
            "Example:\n"
            "  urio run models/china-2017-4.yaml -s models/scenarios/rural-tourism.yaml \\\n"
            "      -o out/tourism -j 4\n",
            urio_run_cores());
}

enum { FMT_TEXT = 1, FMT_CSV = 2, FMT_JSON = 4, FMT_HTML = 8 };

/* Parse "text,csv,json" into FMT_ bits; a usage error names the bad entry. */
static int parse_formats(const char *arg, unsigned *out)
{
    unsigned f = 0;
    const char *p = arg;
    while (*p != '\0') {
        size_t n = strcspn(p, ",");
        if (n == 4 && strncmp(p, "text", 4) == 0)
            f |= FMT_TEXT;
        else if (n == 3 && strncmp(p, "csv", 3) == 0)
            f |= FMT_CSV;
        else if (n == 4 && strncmp(p, "json", 4) == 0)
            f |= FMT_JSON;
        else if (n == 4 && strncmp(p, "html", 4) == 0)
            f |= FMT_HTML;
        else if (n > 0)
            return cli_usage_error("run",
                                   "unknown output format '%.*s' in -f %s (known: text, "
                                   "csv, json, html)",
                                   (int)n, p, arg);
        p += n;
        if (*p == ',') p++;
    }
    if (f == 0) return cli_usage_error("run", "-f %s names no output format", arg);
    *out = f;
    return CLI_EXIT_OK;
}

/* Parse a thread count: a whole number from 0 (all cores) to 4096. */
static int parse_threads(const char *arg, int *out)
{
    char *end = NULL;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end != '\0' || v < 0 || v > 4096)
        return cli_usage_error("run",
                               "-j wants a number of threads from 1 to 4096 (0 = all "
                               "cores), not '%s'",
                               arg);
    *out = (int)v;
    return CLI_EXIT_OK;
}

/* out/<stem of the model file>, malloc'd. */
static char *default_outdir(const char *model)
{
    const char *base = strrchr(model, '/');
    base = base != NULL ? base + 1 : model;
    size_t n = strlen(base);
    const char *dot = strrchr(base, '.');
    if (dot != NULL && dot != base) n = (size_t)(dot - base);
    if (n == 0) n = strlen(base);
    char *p = malloc(n + 5);
    if (p == NULL) return NULL;
    memcpy(p, "out/", 4);
    memcpy(p + 4, base, n);
    p[4 + n] = '\0';
    return p;
}

/* Fail early (before a long solve) when OUTDIR, or one of its parents, exists
 * and is not a directory. */
static urio_status precheck_outdir(const char *outdir, urio_diag *d)
{
    struct stat st;
    if (stat(outdir, &st) == 0) {
        if (S_ISDIR(st.st_mode)) return URIO_OK;
        return urio_diag_set(d, URIO_EIO, outdir, 0, 0, "choose another -o",
                             "the output directory %s exists and is not a directory", outdir);
    }
    /* Let urio_mkdir_p say which parent is in the way; it creates nothing then. */
    char *copy = malloc(strlen(outdir) + 1);
    if (copy == NULL) return URIO_OK;
    strcpy(copy, outdir);
    urio_status s = URIO_OK;
    for (char *slash = strrchr(copy, '/'); slash != NULL; slash = strrchr(copy, '/')) {
        *slash = '\0';
        if (copy[0] == '\0') break;
        if (stat(copy, &st) == 0) {
            if (!S_ISDIR(st.st_mode))
                s = urio_diag_set(d, URIO_EIO, copy, 0, 0, "choose another -o",
                                  "%s (a parent of the output directory %s) is not a directory",
                                  copy, outdir);
            break;
        }
    }
    free(copy);
    return s;
}

/* Remove the CSV files this run does not write (effects.csv, prices.csv, ...) left
 * in outdir by an earlier run, so that a run does not appear to have them. */
static void remove_stale(const char *outdir, const urio_run_report *rep)
{
    for (size_t i = 0; urio_io_csv_name(i) != NULL; i++) {
        const char *name = urio_io_csv_name(i);
        if (urio_io_csv_writes(rep, name)) continue;
        size_t n = strlen(outdir) + strlen(name) + 2;
        char *p = malloc(n);
        if (p == NULL) return;
        snprintf(p, n, "%s/%s", outdir, name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) && unlink(p) == 0)
            cli_warn("removed %s from an earlier run", p);
        free(p);
    }
}

typedef struct run_opts {
    const char *model;
    const char *scenarios;
    const char *outdir;
    unsigned formats;
    int threads;
    bool quiet;
    bool resume;
    bool no_journal;
    double sync_interval;
    int grid_pr, grid_pc, block; /* urio-mpi: 0 = choose */
    bool leontief_only;          /* urio-mpi: only the distributed L (docs/cluster.md) */
} run_opts;

static int parse_args(int argc, char **argv, run_opts *o, bool *help)
{
    int rc;
    static const struct option longopts[] = {
        {"scenarios", required_argument, NULL, 's'},
        {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},
        {"formats", required_argument, NULL, 'f'},
        {"threads", required_argument, NULL, 'j'},
        {"quiet", no_argument, NULL, 'q'},
        {"resume", no_argument, NULL, 'R'},
        {"no-journal", no_argument, NULL, 'N'},
        {"sync-interval", required_argument, NULL, 'S'},
        {"help", no_argument, NULL, 'h'},
#ifdef URIO_MPI
        {"grid", required_argument, NULL, 'G'},
        {"block", required_argument, NULL, 'B'},
        {"leontief-only", no_argument, NULL, 'L'},
#endif
        {NULL, 0, NULL, 0},
    };
    memset(o, 0, sizeof *o);
#ifdef URIO_MPI
    if ((rc = cli_dist_grid_env(&o->grid_pr, &o->grid_pc, &o->block)) != CLI_EXIT_OK) return rc;
#endif
    o->formats = FMT_TEXT | FMT_CSV | FMT_JSON;
    *help = false;
    opterr = 0;
    optind = 0; /* glibc: full re-initialisation */
    int c;
    while ((c = getopt_long(argc, argv, ":s:o:f:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            o->scenarios = optarg;
            break;
        case 'o':
            o->outdir = optarg;
            break;
        case 'f':
            if ((rc = parse_formats(optarg, &o->formats)) != CLI_EXIT_OK) return rc;
            break;
        case 'j':
            if ((rc = parse_threads(optarg, &o->threads)) != CLI_EXIT_OK) return rc;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'R':
            o->resume = true;
            break;
        case 'N':
            o->no_journal = true;
            break;
        case 'S': {
            char *end = NULL;
            o->sync_interval = strtod(optarg, &end);
            if (end == optarg || *end != '\0' || !(o->sync_interval >= 0.0) ||
                o->sync_interval > 86400.0)
                return cli_usage_error(
                    "run", "--sync-interval wants seconds from 0 to 86400, not '%s'", optarg);
            break;
        }
        case 'h':
            *help = true;
            return CLI_EXIT_OK;
#ifdef URIO_MPI
        case 'G':
            if ((rc = cli_dist_grid_arg("run", optarg, &o->grid_pr, &o->grid_pc)) != CLI_EXIT_OK)
                return rc;
            break;
        case 'B':
            if ((rc = cli_dist_block_arg("run", optarg, &o->block)) != CLI_EXIT_OK) return rc;
            break;
        case 'L':
            o->leontief_only = true;
            break;
#endif
        default:
            return cli_bad_option("run", c, argv);
        }
    }
    if (o->resume && o->no_journal)
        return cli_usage_error("run", "--resume reads the journal; drop --no-journal");
    if (optind >= argc) return cli_usage_error("run", "no model file given");
    if (argc - optind > 1)
        return cli_usage_error("run", "one model file expected, got '%s' and '%s'", argv[optind],
                               argv[optind + 1]);
    o->model = argv[optind];
    if (o->outdir != NULL && o->outdir[0] == '\0')
        return cli_usage_error("run", "-o needs a directory name");
    if (o->scenarios != NULL && o->scenarios[0] == '\0')
        return cli_usage_error("run", "-s needs a scenario file");
    if (o->leontief_only && o->scenarios != NULL)
        return cli_usage_error("run", "--leontief-only writes leontief.csv alone; it takes no -s");
    return CLI_EXIT_OK;
}

/* Everything a run holds, freed in one place. */
typedef struct run_state {
    urio_model_file *mf;
    urio_io_result *r;
    char *buf;
    urio_io_scenario *sc;
    size_t nscen;
    urio_matrix *dF;
    urio_effects fx;
    urio_io_analyses *an;
    urio_io_batch *batch;
    char *outdir;
} run_state;

static void run_state_free(run_state *st)
{
    urio_io_batch_free(st->batch);
    urio_io_analyses_free(st->an);
    urio_effects_free(&st->fx);
    urio_matrix_free(st->dF);
    urio_scenarios_free(st->sc, st->nscen);
    free(st->buf);
    urio_io_result_free(st->r);
    urio_model_file_free(st->mf);
    free(st->outdir);
}

/* Write the chosen outputs; *nfiles counts the files written. */
static urio_status write_outputs(const run_opts *o, const run_state *st, const urio_run_report *rep,
                                 int *nfiles, urio_diag *d)
{
    urio_status s = urio_mkdir_p(st->outdir, d);
    if (s != URIO_OK) return s;
    if (o->formats & FMT_CSV) {
        s = urio_write_io_csv(st->outdir, rep, d);
        if (s != URIO_OK) return s;
        for (size_t i = 0; urio_io_csv_name(i) != NULL; i++)
            *nfiles += urio_io_csv_writes(rep, urio_io_csv_name(i));
        remove_stale(st->outdir, rep);
    }
    if (o->formats & FMT_JSON) {
        s = urio_write_report_json(st->outdir, rep, d);
        if (s != URIO_OK) return s;
        *nfiles += 1;
    }
    if (o->formats & FMT_HTML) {
        if ((s = urio_write_report_html(st->outdir, rep, NULL, d)) != URIO_OK) return s;
        *nfiles += 1;
    }
    if (o->formats & FMT_TEXT) {
        /* Colour only on a terminal, and not with NO_COLOR set (no-color.org). */
        const char *nc = getenv("NO_COLOR");
        const bool colour = !o->quiet && urio_text_colour_wanted(stdout, nc != NULL && *nc != '\0');
        s = urio_write_summary_text(st->outdir, rep, o->quiet || colour ? NULL : stdout, d);
        if (s != URIO_OK) return s;
        if (colour) urio_text_print_file(st->outdir, "summary.txt", stdout, true);
        *nfiles += 1;
    }
    return URIO_OK;
}

int cmd_run(int argc, char **argv)
{
    run_opts o;
    bool help = false;
    int rc = parse_args(argc, argv, &o, &help);
    if (rc != CLI_EXIT_OK) return rc;
    if (help) {
        run_usage(stdout);
        return CLI_EXIT_OK;
    }

    run_state st;
    memset(&st, 0, sizeof st);
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = URIO_OK;
    st.outdir = o.outdir != NULL ? strdup(o.outdir) : default_outdir(o.model);
    if (st.outdir == NULL) {
        s = urio_diag_set(&d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    if (IS_ROOT && (s = precheck_outdir(st.outdir, &d)) != URIO_OK) goto fail;
    const int threads = urio_run_threads_init(o.threads);

    double t0 = cli_now();
#ifdef URIO_MPI
    /* Rank 0 reads the model; the others read it too only for a CGE (small), and
     * otherwise serve the distributed Leontief (docs/cluster.md). */
    if (!IS_ROOT) {
        rc = cli_dist_run_worker(o.model, &st.mf);
        if (st.mf == NULL) {
            run_state_free(&st);
            return rc;
        }
    } else {
        s = urio_model_load(o.model, &st.mf, &d);
        int kind = s == URIO_OK && st.mf->cge != NULL ? 2 : 1;
        if (urio_dist_agree(s, &kind, NULL) != URIO_OK && s == URIO_OK)
            s = urio_diag_set(&d, URIO_EIO, NULL, 0, 0, NULL, "another MPI rank has stopped");
        if (s != URIO_OK) goto fail;
    }
#else
    if ((s = urio_model_load(o.model, &st.mf, &d)) != URIO_OK) goto fail;
#endif
    if (st.mf->cge != NULL) { /* run_cge.c */
        const cli_cge_run cr = {o.model,
                                o.scenarios,
                                st.outdir,
                                (o.formats & FMT_TEXT) != 0,
                                (o.formats & FMT_CSV) != 0,
                                (o.formats & FMT_JSON) != 0,
                                (o.formats & FMT_HTML) != 0,
                                o.quiet,
                                o.resume,
                                o.no_journal,
                                o.sync_interval,
                                threads,
                                cli_now() - t0};
        rc = cli_run_cge(&cr, st.mf);
        run_state_free(&st);
        return rc;
    }
    if (st.mf->io == NULL) {
        s = urio_diag_set(&d, URIO_EUNSUPPORTED, o.model, 0, 0,
                          "this version of urio solves input-output models (model: io)",
                          "models of kind '%s' cannot be run yet",
                          st.mf->kind != NULL ? st.mf->kind : "?");
        goto fail;
    }
    if ((s = cli_memory_check(o.model, st.mf->io, &d)) != URIO_OK) goto fail;
    if (o.resume) cli_warn("--resume applies to CGE batches; an input-output run is solved whole");
#ifdef URIO_MPI
    if (o.leontief_only) {
        if ((s = cli_dist_leontief_only(st.mf->io, st.outdir, o.grid_pr, o.grid_pc, o.block,
                                        o.quiet, &d)) != URIO_OK) {
            if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o.model);
            goto fail;
        }
        run_state_free(&st);
        return CLI_EXIT_OK;
    }
#endif
    double t1 = cli_now();
    if ((s = urio_io_analyse(st.mf->io, &st.r, &d)) != URIO_OK) {
        /* The analysis knows no file name: the problem is the model's. */
        if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o.model);
        goto fail;
    }
#ifdef URIO_MPI
    if ((s = cli_dist_leontief(st.r, o.grid_pr, o.grid_pc, o.block, o.quiet, &d)) != URIO_OK)
        goto fail;
#endif
    if ((s = urio_io_analyses_compute(st.mf->io, st.r, NULL, &st.an, &d)) != URIO_OK) {
        if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o.model);
        goto fail;
    }
    double t2 = cli_now();
    if (o.scenarios != NULL) {
        size_t len = 0;
        if ((s = urio_read_file(o.scenarios, &st.buf, &len, &d)) != URIO_OK) goto fail;
        cli_check_model_hint(o.scenarios, st.buf, len, o.model);
        s = urio_scenarios_parse_io(st.buf, len, o.scenarios, st.mf->io, &st.sc, &st.nscen, &d);
        if (s != URIO_OK) goto fail;
        if (st.nscen > 0) {
            if ((s = urio_io_scenarios_delta(st.mf->io, st.sc, st.nscen, &st.dF)) != URIO_OK)
                goto fail;
            s = urio_io_batch_solve(st.mf->io, st.r, st.an, st.sc, st.nscen, st.dF, NULL, &st.fx,
                                    &st.batch, &d);
            if (s != URIO_OK) {
                if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o.scenarios);
                goto fail;
            }
        } else {
            cli_warn("%s holds no scenario", o.scenarios);
        }
    }
    double t3 = cli_now();
    cli_print_notes(&st.r->notes, 5, "see summary.txt or report.json");
    cli_print_notes(&st.an->notes, 5, "see summary.txt or report.json");
    if (st.batch != NULL) cli_print_notes(&st.batch->notes, 5, "see report.json");

    const urio_run_report rep = {
        .model = st.mf,
        .io = st.r,
        .scenario_path = o.scenarios,
        .scenarios = st.sc,
        .nscen = st.nscen,
        .effects = st.nscen > 0 ? &st.fx : NULL,
        .version = URIO_VERSION,
        .blas = urio_run_blas_config(),
        .threads = threads,
        .seconds_load = t1 - t0,
        .seconds_analyse = t2 - t1,
        .seconds_scenarios = t3 - t2,
        .analyses = st.an,
        .batch = st.batch,
    };
    int nfiles = 0;
    s = write_outputs(&o, &st, &rep, &nfiles, &d);
    if (s != URIO_OK) goto fail;
    if (!o.quiet)
        fprintf(stderr, "urio: wrote %d %s to %s\n", nfiles, nfiles == 1 ? "file" : "files",
                st.outdir);
    run_state_free(&st);
    return CLI_EXIT_OK;

fail:
    rc = cli_report(s, &d);
    run_state_free(&st);
    return rc;
}
