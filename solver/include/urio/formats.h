/* urio/formats.h - reading tables, model files and scenario files; writing outputs.
 *
 * Parsers take a buffer and its length (not a FILE *), so tests, the command line
 * and fuzzers share one code path; `name` is the file name used in diagnostics.
 * Every failure fills the caller's urio_diag with file, line, column, what is
 * wrong and a hint.  Writers write to a temporary name in the same directory,
 * flush, fsync and rename, so a failure never leaves a half-written file.
 * Nothing here solves anything.  Thread-safety: reentrant; no globals. */
#ifndef URIO_FORMATS_H
#define URIO_FORMATS_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/io.h>
#include <urio/io_analyses.h>
#include <urio/io_footprints.h>
#include <urio/io_regionalise.h>
#include <urio/status.h>
#include <urio/table.h>

/* ---- Reading ------------------------------------------------------------------ */

/* Read a whole file into a NUL-terminated malloc'd buffer.  Refuses directories
 * and files that cannot be opened, with a hint. */
URIO_MUST_CHECK urio_status urio_read_file(const char *path, char **buf, size_t *len, urio_diag *d);

/* Parse a CSV table (DESIGN.md section 4): RFC 4180 quoting, UTF-8 with optional
 * BOM, LF or CRLF; first row = corner + column labels; each further row = label +
 * numbers; empty cell = 0.  Errors: empty input, ragged row, non-numeric or
 * non-finite cell, invalid, duplicate or missing label, invalid UTF-8. */
URIO_MUST_CHECK urio_status urio_csv_parse(const char *buf, size_t len, const char *name,
                                           urio_table **out, urio_diag *d);

/* As urio_csv_parse, but a problem that leaves the rest of the table readable (a
 * cell that is not a number, a row with the wrong number of fields or a bad label,
 * an empty line inside the table) is recorded and reading goes on, up to 20 per
 * table.  Every problem found, the one that stopped the reading included, is
 * appended to `all` in the order found; d (may be NULL) holds the first.  *out is
 * set only when there was none.  For `urio check`. */
URIO_MUST_CHECK urio_status urio_csv_parse_all(const char *buf, size_t len, const char *name,
                                               urio_table **out, urio_diag *d, urio_diags *all);

/* A loaded model file.  For `model: io` the tables are read, checked against
 * each other and the `sectors:` list, aggregated by the concordance when
 * `aggregate:` is given, and assembled into an urio_io_model. */
typedef struct urio_model_file {
    char *path;        /* as given, owned */
    char *kind;        /* "io" or "cge", owned */
    char *name;        /* owned, may be NULL */
    char *units;       /* owned, may be NULL */
    char *hash;        /* hex digest of the model file and every table it reads, owned */
    urio_io_model *io; /* owned, for kind "io" */
    char **sources;    /* paths of the tables read, owned */
    size_t nsources;
    urio_io_extensions *ext; /* pymrio folders: regions, F_Y, population; else NULL, owned */
    /* `regionalise:` models: how the table was built (urio/io_regionalise.h); else
     * NULL.  Owned. */
    urio_regional_report *regional;
    /* The calibrated model, owned, for kind "cge" (urio/cge.h). */
    struct urio_cge_model *cge;
} urio_model_file;

/* Load and check a model file (path relative to the current directory; table paths
 * relative to the model file).  Unknown keys are errors with a suggestion of the
 * nearest known key; every error names the file, key and line. */
URIO_MUST_CHECK urio_status urio_model_load(const char *path, urio_model_file **out, urio_diag *d);

/* As urio_model_load, but every problem found goes into `all`, in the order found:
 * the tables under `tables:` are all read even when one fails, each with
 * urio_csv_parse_all, and loading stops after them if any failed; the labels of
 * Y, V, S and x are each checked against the sectors, one table's problem not
 * hiding another's, every unknown label listed (at most 20 per table and axis,
 * then one entry with the count of the rest); for a CGE model, every problem of
 * the SAM's cells and rows and every mismatch of its row and column labels; any
 * other problem stops the loading as in urio_model_load and is the last one
 * listed.  Returns the status of the first problem.  For `urio check` (DESIGN.md
 * section 3: "list every problem found"). */
URIO_MUST_CHECK urio_status urio_model_load_all(const char *path, urio_model_file **out,
                                                urio_diags *all);
void urio_model_file_free(urio_model_file *mf); /* NULL is a no-op */

/* Parse a scenario file (DESIGN.md section 6) against an IO model: targets (labels,
 * lists, patterns with '*' per segment, `all`) and categories are resolved to
 * indices.  A shock type the IO model cannot take is URIO_EUNSUPPORTED with the
 * line.  *out is an array of *nscen scenarios. */
URIO_MUST_CHECK urio_status urio_scenarios_parse_io(const char *buf, size_t len, const char *name,
                                                    const urio_io_model *m, urio_io_scenario **out,
                                                    size_t *nscen, urio_diag *d);

/* As urio_scenarios_parse_io, but a problem in one shock or one scenario does not
 * stop the others: every problem found goes into `all`, in the order found (a
 * problem outside the scenarios, such as bad YAML, stops the parsing and is the
 * one listed).  *out is set only when there was none.  For `urio check`. */
URIO_MUST_CHECK urio_status urio_scenarios_parse_io_all(const char *buf, size_t len,
                                                        const char *name, const urio_io_model *m,
                                                        urio_io_scenario **out, size_t *nscen,
                                                        urio_diags *all);
void urio_scenarios_free(urio_io_scenario *sc, size_t nscen);

/* The `# model: PATH` line a scenario file may start with (PATH relative to the
 * scenario file's directory is returned as written); NULL if absent. */
char *urio_scenarios_model_hint(const char *buf, size_t len);

/* ---- pymrio folders (pymrio_read.c; docs/files.md, "pymrio folders") ---------- */

/* What IOSystem.save_all(path, table_format='txt') wrote, read into an IO model:
 * sectors `region/sector` (Z's index levels joined by '/'), final-demand categories
 * `region/category`, satellite rows `<extension folder>/<stressor>[/<compartment>]`
 * from every extension's F, and the extensions' F_Y, the regions and the population
 * for footprints (urio/io_footprints.h). */
typedef struct urio_pymrio {
    urio_io_model *io;       /* owned */
    urio_io_extensions *ext; /* owned */
    char *name;              /* metadata.json's "name", or NULL */
    char *units;             /* unit.txt's unit when every row of Z has the same, or NULL */
    char **sources;          /* the files read, in order, owned */
    size_t nsources;
} urio_pymrio;

/* Read a pymrio folder (file_parameters.json, Z, Y, optional unit, population and
 * x, and every sub-folder holding a file_parameters.json as an extension, in name
 * order).  Errors name the file, line and field with a hint: URIO_EIO (missing
 * file or folder), URIO_EPARSE (malformed JSON or table), URIO_EMODEL (tables that
 * do not fit each other), URIO_EUNSUPPORTED (pickle files). */
URIO_MUST_CHECK urio_status urio_pymrio_read(const char *folder, urio_pymrio **out, urio_diag *d);
void urio_pymrio_free(urio_pymrio *p); /* NULL is a no-op */

/* Parse one pymrio text table (pandas to_csv with sep='\t') with nr_index_col index
 * columns and nr_header header rows into a labelled table: labels join the index
 * (header) levels with '/', an empty cell is 0.  The first parser of a folder's
 * files, exposed for tests and fuzzing. */
URIO_MUST_CHECK urio_status urio_pymrio_parse_table(const char *buf, size_t len, const char *name,
                                                    size_t nr_index_col, size_t nr_header,
                                                    urio_table **out, urio_diag *d);

/* ---- Writing ------------------------------------------------------------------ */

/* Format a double so that strtod gives back the same value (%.17g, shortest
 * round-tripping form); buf must hold 32 bytes. */
void urio_format_double(double v, char *buf);

/* Open a writer for `path`: data goes to a temporary file beside it; commit flushes,
 * fsyncs and renames; abort removes the temporary. */
typedef struct urio_writer urio_writer;
URIO_MUST_CHECK urio_status urio_writer_open(const char *path, urio_writer **out, urio_diag *d);
URIO_MUST_CHECK urio_status urio_writer_printf(urio_writer *w, const char *fmt, ...)
    URIO_PRINTF(2, 3);
URIO_MUST_CHECK urio_status urio_writer_write(urio_writer *w, const char *data, size_t len);
URIO_MUST_CHECK urio_status urio_writer_commit(urio_writer *w, urio_diag *d); /* frees w */
void urio_writer_abort(urio_writer *w); /* frees w; NULL is a no-op */

/* Write a labelled matrix as CSV (corner, column labels, rows), quoting labels
 * where RFC 4180 requires it. */
URIO_MUST_CHECK urio_status urio_csv_write_matrix(const char *path, const char *corner,
                                                  const urio_labels *rows, const urio_labels *cols,
                                                  const urio_matrix *mx, urio_diag *d);

/* Make a directory and its parents (mkdir -p); error when a component is a file. */
URIO_MUST_CHECK urio_status urio_mkdir_p(const char *path, urio_diag *d);

/* Everything a run writes, gathered by the caller. */
typedef struct urio_run_report {
    const urio_model_file *model;
    const urio_io_result *io;
    const char *scenario_path; /* NULL when no scenario file */
    const urio_io_scenario *scenarios;
    size_t nscen;
    const urio_effects *effects;                             /* NULL when no scenarios */
    const char *version;                                     /* urio version */
    const char *blas;                                        /* BLAS configuration string */
    int threads;                                             /* threads used */
    double seconds_load, seconds_analyse, seconds_scenarios; /* timings */
    const urio_io_analyses *analyses; /* urio/io_analyses.h; NULL when not computed */
    const urio_io_batch *batch;       /* prices and paths of the scenarios, or NULL */
} urio_run_report;

/* IO outputs of DESIGN.md section 7 into outdir: leontief.csv, multipliers.csv,
 * linkages.csv, and with scenarios effects.csv and summary.csv; with rep->analyses
 * ghosh.csv (n <= 2000), extraction.csv, miyazawa.csv (households endogenous),
 * decomposition.csv (two or more groups); with scenarios also prices.csv (tax or
 * productivity shocks) and paths.csv (rep->batch).  docs/io-model.md describes
 * each file. */
URIO_MUST_CHECK urio_status urio_write_io_csv(const char *outdir, const urio_run_report *rep,
                                              urio_diag *d);
/* The i-th name of every file urio_write_io_csv can write (NULL past the last), and
 * whether it writes `name` for rep: a run removes stale copies of the others. */
const char *urio_io_csv_name(size_t i);
bool urio_io_csv_writes(const urio_run_report *rep, const char *name);
/* report.json (cJSON): model, hash, dimensions, checks, multipliers, linkages,
 * effects, scenario summaries, notes, timings, versions. */
URIO_MUST_CHECK urio_status urio_write_report_json(const char *outdir, const urio_run_report *rep,
                                                   urio_diag *d);
/* footprints.csv (docs/footprints.md): account,stressor,region,value for the
 * accounts of urio/io_footprints.h, computed from rep's model and analysis when
 * the model has extensions (a pymrio folder with satellites); otherwise nothing is
 * written. */
URIO_MUST_CHECK urio_status urio_write_footprints_csv(const char *outdir,
                                                      const urio_run_report *rep, urio_diag *d);
/* Whether rep's model has what footprints need (extensions with satellite rows),
 * that is whether urio_write_footprints_csv writes footprints.csv. */
bool urio_footprints_available(const urio_run_report *rep);
/* Monte Carlo bands of one indicator (docs/report.md): over the draws, the mean,
 * standard deviation and 5th, 50th and 95th percentiles of its level (the `value`
 * column of effects.csv) in one scenario.  Strings are the caller's. */
typedef struct urio_band {
    const char *scenario, *indicator, *label; /* label "" (or NULL) for economy-wide */
    double mean, sd, p5, p50, p95;
} urio_band;
typedef struct urio_bands {
    size_t count;
    const urio_band *band;
    size_t draws;
} urio_bands;

/* report.html (docs/report.md): one self-contained file, inline CSS and SVG, no
 * script and no network access, for the IO run rep; with mc (may be NULL) the
 * charts of the indicators it covers carry p5-p95 error bars and a table lists
 * the bands.  Written atomically. */
URIO_MUST_CHECK urio_status urio_write_report_html(const char *outdir, const urio_run_report *rep,
                                                   const urio_bands *mc, urio_diag *d);
/* The same for a CGE run (urio/cge.h): model, closure, checks, solver diagnostics,
 * the urban-rural income ratio across scenarios, household income and equivalent
 * variation, output and value added by sector and area. */
struct urio_cge_run_report;
URIO_MUST_CHECK urio_status urio_write_cge_html(const char *outdir,
                                                const struct urio_cge_run_report *rep,
                                                const urio_bands *mc, urio_diag *d);
/* summary.txt of a CGE run (and the same text to out, a FILE *, when not NULL):
 * the model and closure, the checks, then aligned tables: the solver diagnostics
 * and the headline changes of every scenario, and each scenario's indicators with
 * base, new level, change and percent change, signs always shown. */
URIO_MUST_CHECK urio_status urio_write_cge_summary_text(const char *outdir,
                                                        const struct urio_cge_run_report *rep,
                                                        void *out, urio_diag *d);
/* Whether text for stream `out` (a FILE *) may carry ANSI colours: a terminal
 * (isatty), and the caller's no_color false (the command line passes whether
 * NO_COLOR is set and not empty, https://no-color.org; the library reads no
 * environment).  Files never get colour. */
bool urio_text_colour_wanted(void *out, bool no_color);
/* Write text (len bytes) to `out` (a FILE *), colouring it when colour is true:
 * section titles bold, signed changes (+, -) and failures marked; the
 * characters are otherwise unchanged, so the terminal shows what the file holds. */
void urio_text_print(void *out, const char *text, size_t len, bool colour);
/* urio_text_print of the file outdir/name (summary.txt once written): best effort,
 * the file is the record and the terminal copy a courtesy. */
void urio_text_print_file(const char *outdir, const char *name, void *out, bool colour);
/* summary.txt: the text summary; the same text goes to `out` if not NULL. */
URIO_MUST_CHECK urio_status urio_write_summary_text(const char *outdir, const urio_run_report *rep,
                                                    void *out /* FILE * */, urio_diag *d);

#endif
