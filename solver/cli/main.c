/* main.c - the `urio` command: global options, the command table (STYLE.md
 * section 4, after Redis) and the helpers the subcommands share (cli.h).
 *
 *   urio run MODEL.yaml [-s SCENARIOS.yaml] [-o OUTDIR] [-f text,csv,json] [-j N] [-q]
 *   urio check MODEL.yaml [-s SCENARIOS.yaml]
 *   urio info MODEL.yaml
 *   urio --help | --version ; urio COMMAND --help ; urio help COMMAND
 *
 * Exit codes (DESIGN.md section 3): 0 success, 1 the model could not be solved,
 * 2 bad usage or bad input. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <urio/urio.h>
#ifdef URIO_MPI
#include <urio/dist.h>
#endif

#include "cli.h"

static int cmd_help(int argc, char **argv);

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv); /* argv[0] is the subcommand */
    const char *summary;
} commands[] = {
    {"run", cmd_run, "solve a model and its scenarios and write the results"},
    {"check", cmd_check, "validate a model (and a scenario file); list every problem found"},
    {"info", cmd_info, "dimensions, labels, totals and the memory a solve needs"},
    {"help", cmd_help, "show the help of a command"},
};
#define NCOMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
    fprintf(fp, "urio %s - parallel solver for urban-rural input-output models\n\n", URIO_VERSION);
    fprintf(fp, "Usage: urio COMMAND [OPTIONS] MODEL.yaml\n"
                "       urio --help | --version\n\n"
                "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(fp, "  %-7s %s\n", commands[i].name, commands[i].summary);
    fprintf(fp, "\nOptions:\n"
                "  -h, --help      show this help and exit\n"
                "  -V, --version   show the version, the BLAS build, the OpenMP version and\n"
                "                  the number of threads a run uses by default, and exit\n"
                "\nExit status: 0 success; 1 the model could not be solved (not productive,\n"
                "no convergence: the message says why and what to try); 2 bad usage or bad\n"
                "input (the message names the file, line and column).\n"
                "\nExamples:\n"
                "  urio run models/china-2017-4.yaml -s models/scenarios/rural-tourism.yaml\n"
                "  urio check models/miller-blair/model.yaml\n"
                "\nRun 'urio COMMAND --help' for the options of a command.\n");
}

static void version(void)
{
    printf("urio %s\n", URIO_VERSION);
    printf("BLAS: %s\n", urio_run_blas_config());
#ifdef _OPENMP
    printf("OpenMP: %d\n", _OPENMP);
#else
    printf("OpenMP: not enabled\n");
#endif
    printf("threads: %d (all cores available to this process; change with urio run -j)\n",
           urio_run_cores());
#ifdef URIO_MPI
    printf("MPI: %s; %d %s\n", urio_dist_library(), urio_dist_size(),
           urio_dist_size() == 1 ? "rank" : "ranks");
#endif
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0) return &commands[i];
    return NULL;
}

/* `urio help [COMMAND]`: the same text as `urio COMMAND --help`. */
static int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (argc > 2) return cli_usage_error("help", "too many arguments");
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    const struct command *c = find_command(argv[1]);
    if (c == NULL || c->run == cmd_help) {
        if (strcmp(argv[1], "help") == 0) {
            usage(stdout);
            return CLI_EXIT_OK;
        }
        return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
    }
    char name[32], help[] = "--help";
    snprintf(name, sizeof name, "%s", c->name);
    char *args[] = {name, help, NULL};
    return c->run(2, args);
}

static int dispatch(int argc, char **argv);

/* urio-mpi (make MPI=1): every rank runs the same command line; rank 0 alone
 * prints (the others' standard output and error go to /dev/null unless
 * URIO_MPI_VERBOSE=1) and only `urio run` involves the other ranks.  Every rank
 * ends in urio_dist_finish and exits with rank 0's code (docs/cluster.md). */
int main(int argc, char **argv)
{
    urio_run_init();
    /* Past `ulimit -f` a write fails with EFBIG, which the writers report (exit 2,
     * temporary file removed); SIGXFSZ's default action would kill urio first and
     * leave the temporary file behind. */
    (void)signal(SIGXFSZ, SIG_IGN);
#ifdef URIO_MPI
    if (urio_dist_init(&argc, &argv) != URIO_OK) {
        fprintf(stderr, "urio: error: MPI could not be initialised\n");
        return CLI_EXIT_USAGE;
    }
    const char *verbose = getenv("URIO_MPI_VERBOSE");
    if (!urio_dist_is_root() && (verbose == NULL || strcmp(verbose, "1") != 0)) {
        if (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL)
            fprintf(stderr, "urio: warning: rank %d keeps its output\n", urio_dist_rank());
    }
    int rc = CLI_EXIT_OK;
    if (urio_dist_is_root() || (argc >= 2 && strcmp(argv[1], "run") == 0))
        rc = dispatch(argc, argv);
    return urio_dist_finish(rc);
#else
    return dispatch(argc, argv);
#endif
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
    const char *a = argv[1];
    if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
        usage(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
        version();
        return CLI_EXIT_OK;
    }
    if (a[0] == '-') return cli_usage_error(NULL, "unknown option '%s'", a);
    const struct command *c = find_command(a);
    if (c == NULL) return cli_usage_error(NULL, "unknown command '%s'", a);
    int rc = c->run(argc - 1, argv + 1);
    if (fflush(stdout) != 0 && rc == CLI_EXIT_OK) {
        fprintf(stderr, "urio: error: cannot write to standard output: %s\n", strerror(errno));
        rc = CLI_EXIT_USAGE;
    }
    return rc;
}

/* ---- Helpers shared by the subcommands (cli.h) --------------------------------- */

int cli_report(urio_status s, const urio_diag *d)
{
    urio_diag tmp;
    if (d == NULL || d->status == URIO_OK) {
        /* A failure without a diagnostic: say at least what the status means. */
        urio_diag_clear(&tmp);
        if (d != NULL) tmp = *d;
        tmp.status = s;
        d = &tmp;
    }
    char buf[2048];
    urio_diag_format(d, buf, sizeof buf);
    fprintf(stderr, "urio: %s\n", buf);
    return urio_status_exit_code(d->status != URIO_OK ? d->status : s);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "urio: error: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    if (cmd != NULL)
        fprintf(stderr, "\n  hint: see 'urio %s --help'\n", cmd);
    else
        fprintf(stderr, "\n  hint: see 'urio --help'\n");
    return CLI_EXIT_USAGE;
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "urio: warning: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
}

int cli_bad_option(const char *cmd, int c, char **argv)
{
    const char *arg = optind > 0 ? argv[optind - 1] : "";
    if (c == ':') {
        if (optopt != 0 && strncmp(arg, "--", 2) != 0)
            return cli_usage_error(cmd, "option '-%c' needs a value", optopt);
        return cli_usage_error(cmd, "option '%s' needs a value", arg);
    }
    if (optopt != 0 && strncmp(arg, "--", 2) != 0)
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    return cli_usage_error(cmd, "unknown option '%s'", arg);
}

double cli_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0) return 0.0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Whether two paths name the same existing file. */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    if (stat(a, &sa) != 0 || stat(b, &sb) != 0) return 0;
    return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

void cli_check_model_hint(const char *scen_path, const char *buf, size_t len,
                          const char *model_path)
{
    char *hint = urio_scenarios_model_hint(buf, len);
    if (hint == NULL) return;
    int same = same_file(hint, model_path) || strcmp(hint, model_path) == 0;
    if (!same && hint[0] != '/') {
        /* Relative to the scenario file's directory. */
        const char *slash = strrchr(scen_path, '/');
        size_t dlen = slash != NULL ? (size_t)(slash - scen_path) + 1 : 0;
        size_t hlen = strlen(hint);
        char *joined = malloc(dlen + hlen + 1);
        if (joined != NULL) {
            memcpy(joined, scen_path, dlen);
            memcpy(joined + dlen, hint, hlen + 1);
            same = same_file(joined, model_path);
            free(joined);
        }
    }
    if (!same)
        cli_warn("%s says it is written for the model %s, not %s; targets and amounts may "
                 "not fit",
                 scen_path, hint, model_path);
    free(hint);
}

void cli_print_notes(const urio_notes *notes, size_t max, const char *more_where)
{
    if (notes == NULL) return;
    for (size_t i = 0; i < notes->count && i < max; i++)
        cli_warn("%s", notes->text[i]);
    if (notes->count > max) cli_warn("... and %zu more notes (%s)", notes->count - max, more_where);
}
