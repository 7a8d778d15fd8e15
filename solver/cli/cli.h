/* cli.h - declarations shared by the files of the `urio` command (solver/cli/ only).
 *
 * One file per subcommand (cmd_run.c, cmd_check.c, cmd_info.c); main.c holds the
 * command table (STYLE.md section 4) and the helpers below, memory.c the memory
 * check of `urio run`.  The command line does input, output and printing only;
 * everything else is the library's (urio.h).
 * Exit codes are DESIGN.md section 3's: 0 success, 1 the model could not be solved,
 * 2 bad usage or bad input. */
#ifndef URIO_CLI_H
#define URIO_CLI_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/urio.h>

#define CLI_EXIT_OK 0
#define CLI_EXIT_SOLVE 1
#define CLI_EXIT_USAGE 2
/* A batch stopped by SIGINT: what finished is kept in the journal (128 + SIGINT). */
#define CLI_EXIT_INTERRUPTED 130

/* Subcommands: argv[0] is the subcommand's name; return the exit code. */
int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_info(int argc, char **argv);

/* Print "urio: FILE:LINE:COL: error: MSG\n  hint: HINT" for d to stderr and return
 * the exit code of d->status (of s when d holds no status). */
int cli_report(urio_status s, const urio_diag *d);

/* Print a usage error for `urio CMD` (CMD may be NULL) with a pointer to --help,
 * and return CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) URIO_PRINTF(2, 3);

/* Print "urio: warning: ..." to stderr. */
void cli_warn(const char *fmt, ...) URIO_PRINTF(1, 2);

/* Explain a getopt_long failure (unknown option or missing argument) for `urio CMD`
 * and return CLI_EXIT_USAGE.  c is what getopt_long returned ('?' or ':'). */
int cli_bad_option(const char *cmd, int c, char **argv);

/* Seconds on a monotonic clock. */
double cli_now(void);

/* When the scenario file's text starts with `# model: PATH` naming another model
 * than model_path, warn on stderr.  PATH may be relative to the current directory
 * or to the scenario file's directory: either is accepted. */
void cli_check_model_hint(const char *scen_path, const char *buf, size_t len,
                          const char *model_path);

/* Print at most max notes as warnings, then how many more there are. */
void cli_print_notes(const urio_notes *notes, size_t max, const char *more_where);

/* memory.c.  Before the analysis allocates: refuse (URIO_ENOMEM, with the
 * estimate, the limit and what to do) when the IO model needs more memory than
 * urio_run_memory_limit allows. */
urio_status cli_memory_check(const char *model, const urio_io_model *m, urio_diag *d);
/* Bytes as MiB in buf (size bytes), with as many decimals as a small model needs
 * to show something; returns buf. */
const char *cli_mib(size_t bytes, char *buf, size_t size);

/* run_cge.c: `urio run`, `urio check` and `urio info` for a CGE model, called once
 * the model file is loaded (mf->cge != NULL); mf stays the caller's.  Each returns
 * the exit code. */
typedef struct cli_cge_run {
    const char *model, *scenarios, *outdir;
    bool text, csv, json, html, quiet; /* the -f formats and -q */
    bool resume;                       /* --resume: take finished scenarios from the journal */
    bool no_journal;                   /* --no-journal: keep none */
    double sync_interval;              /* --sync-interval SECONDS (0: every record) */
    int threads;                       /* from urio_run_threads_init */
    double seconds_load;
} cli_cge_run;

int cli_run_cge(const cli_cge_run *o, urio_model_file *mf);
int cli_check_cge(const char *model, const char *scenarios, urio_model_file *mf);
int cli_info_cge(const char *model, const urio_model_file *mf);

#ifdef URIO_MPI
/* dist.c (urio-mpi only, docs/cluster.md).  --grid PRxPC and --block NB, and their
 * defaults from URIO_MPI_GRID and URIO_MPI_BLOCK; each returns an exit code. */
int cli_dist_grid_arg(const char *cmd, const char *arg, int *pr, int *pc);
int cli_dist_block_arg(const char *cmd, const char *arg, int *nb);
int cli_dist_grid_env(int *pr, int *pc, int *nb);
/* `urio run` on a rank other than 0: learn the model's kind from rank 0; for a CGE
 * load the model into *mf and return (the run goes on in cli_run_cge); for an IO
 * model serve the distributed Leontief and return with *mf NULL. */
int cli_dist_run_worker(const char *model, urio_model_file **mf);
/* Rank 0 of an IO run: the distributed LU, solve and inverse of I - A from r->A;
 * L replaces r->L, x = L f is checked against r->x; timings on stderr unless quiet. */
urio_status cli_dist_leontief(urio_io_result *r, int pr, int pc, int nb, bool quiet, urio_diag *d);
/* Rank 0 of `urio run --leontief-only`: validate m, then the distributed inverse of
 * I - A from Z and x, streamed row panel by row panel into OUTDIR/leontief.csv
 * (atomic: a temporary file renamed at the end), with the checks L >= 0 and
 * L f = x; nothing else is computed or written. */
urio_status cli_dist_leontief_only(const urio_io_model *m, const char *outdir, int pr, int pc,
                                   int nb, bool quiet, urio_diag *d);
#endif

#endif
