/* formats/internal.h - helpers shared by the files of solver/formats/ only.
 *
 * Nothing here is public API.  Names are urio__ (two underscores).  The helpers
 * are defined next to their main user: paths, hashing and messages in
 * read_file.c, numbers and the CSV record reader in csv_read.c, YAML helpers in
 * model_yaml.c (also used by the other YAML readers).  Append new helpers at the end. */
#ifndef URIO_FORMATS_INTERNAL_H
#define URIO_FORMATS_INTERNAL_H

#include <locale.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <yaml.h>

#include <urio/status.h>

/* ---- Paths, hashing, messages (read_file.c) --------------------------------- */

/* The directory part of path ("." when there is none), malloc'd; NULL when out of memory. */
char *urio__path_dirname(const char *path);
/* dir/rel, or rel itself when rel is absolute or dir is "."; malloc'd, NULL when out of memory. */
char *urio__path_join(const char *dir, const char *rel);

/* 64-bit FNV-1a: start from URIO__FNV_OFFSET and feed bytes.  It identifies inputs
 * (two runs read the same bytes); it is not a cryptographic hash. */
#define URIO__FNV_OFFSET UINT64_C(0xcbf29ce484222325)
uint64_t urio__fnv1a(uint64_t h, const void *data, size_t len);

/* Copy text[0..len) into out (size bytes, always terminated) for an error message:
 * control bytes become \xNN and long text is cut at a UTF-8 boundary with "...". */
void urio__excerpt(const char *text, size_t len, char *out, size_t size);

/* Scenario names must differ: the smallest i such that names[i] equals an earlier
 * name, with the first such earlier one in *first; n when all differ; SIZE_MAX
 * when out of memory.  O(n log n) (urio_labels' sorted index): a sweep may have a
 * million points, and comparing every pair took hours (found by fuzz_cge_scenario:
 * 7,094 points took 15 s under the fuzzer's instrumentation). */
size_t urio__first_repeat(size_t n, const char *const *names, size_t *first);
/* The same over the names of n CGE scenarios (cge_scenarios.c). */
struct urio_cge_scenario;
size_t urio__cge_first_repeat(const struct urio_cge_scenario *sc, size_t n, size_t *first);

/* The candidate nearest to word by edit distance (Levenshtein), or NULL when none is
 * close enough to be a plausible typo.  Cost is bounded: long words are not compared. */
const char *urio__nearest(const char *word, const char *const *cand, size_t ncand);

/* ---- Numbers and CSV records (csv_read.c) ------------------------------------ */

/* Numbers are read in the C locale whatever the process locale is: begin switches
 * this thread to it (URIO_ENOMEM if the locale cannot be made), end switches back. */
typedef struct urio__c_numeric {
    locale_t c;
    locale_t saved;
} urio__c_numeric;
URIO_MUST_CHECK urio_status urio__c_numeric_begin(urio__c_numeric *cn);
void urio__c_numeric_end(urio__c_numeric *cn);

/* Parse a decimal number as an economist writes it: [+-]digits[.digits][e[+-]digits],
 * surrounded by optional spaces.  Rejects empty text, nan, inf, hexadecimal, values
 * that overflow, and anything else; *why then says what is wrong (static text) and
 * *hint what to write instead.  Call between urio__c_numeric_begin and _end. */
bool urio__parse_number(const char *s, size_t len, double *v, const char **why, const char **hint);

/* RFC 4180 records, one at a time, from a buffer (BOM skipped, LF, CRLF or CR). */
typedef struct urio__csv_field {
    const char *text; /* NUL-terminated copy (quotes removed, "" unescaped) */
    size_t len;       /* bytes in text (text may hold a NUL byte from the input) */
    size_t line;      /* 1-based line where the field starts */
    size_t col;       /* 1-based field index in its record */
    bool quoted;
    size_t off; /* private: offset of text in the reader's arena */
} urio__csv_field;

typedef struct urio__csv_reader {
    const char *buf;
    size_t len;
    size_t pos;
    size_t line; /* line of the next record */
    const char *name;
    size_t nfields;          /* fields of the current record */
    urio__csv_field *fields; /* owned */
    size_t fcap;
    char *arena; /* owned: the field texts of the current record */
    size_t acap;
} urio__csv_reader;

void urio__csv_reader_init(urio__csv_reader *r, const char *buf, size_t len, const char *name);
void urio__csv_reader_free(urio__csv_reader *r);
/* True when only blank lines (spaces, tabs, CR, LF) remain. */
bool urio__csv_rest_blank(const urio__csv_reader *r);
/* Read the next record into r->fields; *more is false (and nfields 0) at the end of
 * input.  Errors (URIO_EPARSE): unterminated quote, text after a closing quote,
 * invalid UTF-8 (checked in every field); URIO_ENOMEM. */
URIO_MUST_CHECK urio_status urio__csv_next(urio__csv_reader *r, bool *more, urio_diag *d);
/* Remove spaces and tabs at both ends of a field, in place. */
void urio__csv_trim(urio__csv_field *f);

/* ---- YAML (model_yaml.c, used by the other YAML readers) ---------------------- */

/* Load the single document of buf into doc (the caller deletes it on URIO_OK).
 * Syntax errors, an empty document and a second document are URIO_EPARSE. */
URIO_MUST_CHECK urio_status urio__yaml_load(const char *buf, size_t len, const char *file,
                                            yaml_document_t *doc, urio_diag *d);
size_t urio__yaml_line(const yaml_node_t *n); /* 1-based */
size_t urio__yaml_col(const yaml_node_t *n);  /* 1-based */
/* An error at node n of file: urio_diag_set with n's line and column (0 and 0 when
 * n is NULL) and the message formatted from fmt; returns s.  The YAML readers of
 * formats/ report every error that sits at a node through it. */
urio_status urio__yaml_fail(urio_diag *d, urio_status s, const char *file, const yaml_node_t *n,
                            const char *hint, const char *fmt, ...) URIO_PRINTF(6, 7);
/* "a mapping", "a list", "text", "nothing" (a null scalar). */
const char *urio__yaml_kind(const yaml_node_t *n);
/* A plain scalar spelling null: "", "~", "null", "Null", "NULL". */
bool urio__yaml_is_null(const yaml_node_t *n);
/* The text of a scalar node, or NULL when n is not a scalar or holds a NUL byte. */
const char *urio__yaml_text(const yaml_node_t *n);
/* The value for key in mapping map (NULL if absent); *key_node receives the key. */
yaml_node_t *urio__yaml_get(yaml_document_t *doc, const yaml_node_t *map, const char *key,
                            yaml_node_t **key_node);
/* Every key of map must be text, appear once and be one of known[0..nknown);
 * otherwise URIO_EPARSE at the key with the nearest known key as a suggestion.
 * `where` names the mapping in messages ("the model file", "shock"). */
URIO_MUST_CHECK urio_status urio__yaml_check_keys(yaml_document_t *doc, const yaml_node_t *map,
                                                  const char *const *known, size_t nknown,
                                                  const char *file, const char *where,
                                                  urio_diag *d);
/* URIO_ENOMEM in d for file, without a line: "out of memory reading the scenarios",
 * the message of the IO and CGE scenario list readers; returns URIO_ENOMEM. */
urio_status urio__yaml_nomem(urio_diag *d, const char *file);
/* The number of items of sequence node n. */
size_t urio__yaml_seq_len(const yaml_node_t *n);
/* Item i (< urio__yaml_seq_len(n)) of sequence node n of doc. */
yaml_node_t *urio__yaml_seq_item(yaml_document_t *doc, const yaml_node_t *n, size_t i);

/* ---- Writers (writer.c, csv_write.c; used by report_json.c, summary_text.c) ----- */

#include <urio/formats.h>

/* The headline indicators of each scenario, shared by summary.csv, report.json and
 * summary.txt: every economy-wide effect (label "": output, value_added, each
 * satellite row) under its indicator name, and income by household under
 * "income:<household>", in the order the effects first name them.  base and value
 * are nscen x ncol, row k holding scenario k; NaN where a scenario lacks one. */
typedef struct urio__headline {
    size_t ncol;
    char **name; /* ncol column names, owned */
    size_t nscen;
    double *base;  /* nscen * ncol, owned */
    double *value; /* nscen * ncol, owned */
} urio__headline;

/* Build h from rep->effects (all zero when rep has no scenarios); on failure h is
 * left empty. */
URIO_MUST_CHECK urio_status urio__headline_build(const urio_run_report *rep, urio__headline *h);
void urio__headline_free(urio__headline *h); /* leaves h empty; NULL is a no-op */

/* End a writer after a sequence of writes whose first failure was s: commit when
 * s is URIO_OK or a write error (commit then reports the error with the path and
 * strerror, and removes the temporary file), abort otherwise (d gets s).  Returns
 * the final status. */
URIO_MUST_CHECK urio_status urio__writer_finish(urio_writer *w, urio_status s, urio_diag *d);

/* One CSV text field (csv_write.c), quoted with inner quotes doubled when RFC 4180
 * or a reader that trims blanks needs it: a comma, a double quote, CR or LF, a
 * leading or trailing space or tab, or a leading U+FEFF (at the start of a file a
 * reader takes it for a byte-order mark and drops it).  NULL is an empty field. */
URIO_MUST_CHECK urio_status urio__csv_put_field(urio_writer *w, const char *s);
/* One CSV number in the shortest form that reads back exactly; a value that is not
 * finite is an empty cell. */
URIO_MUST_CHECK urio_status urio__csv_put_number(urio_writer *w, double v);

/* ---- pymrio folders and footprints (pymrio_read.c, footprints_write.c) ------------- */

/* The model file `path` (directory dir, hash of its bytes so far) names a pymrio
 * folder: key and value are the `pymrio:` pair of the root mapping.  Refuses keys
 * that cannot go with it (tables, sectors, ...), reads the folder and fills mf's
 * kind, name, units (the file's, else the folder's), io, ext, sources and hash. */
URIO_MUST_CHECK urio_status urio__pymrio_model(yaml_document_t *doc, const yaml_node_t *root,
                                               const yaml_node_t *key, const yaml_node_t *value,
                                               const char *path, const char *dir, uint64_t hash,
                                               urio_model_file *mf, urio_diag *d);

/* Add "footprints" to report.json's root object (an array of {account, stressor,
 * region, value, unit}) when the model has extensions; no-op otherwise. */
URIO_MUST_CHECK urio_status urio__footprints_json(void *root /* cJSON * */,
                                                  const urio_run_report *rep, urio_diag *d);

/* ---- Analyses (csv_write.c; used by report_json.c and summary_text.c) ------------ */

/* How a decomposition's partition is called in the outputs: region_area, region,
 * area, or group (labels with two segments, whose prefix may be either). */
const char *urio__partition_name(const urio_io_decomposition *dc);
/* A structural path as text: labels joined by " > ", household:<name> for a
 * household node; malloc'd, NULL when out of memory. */
char *urio__path_text(const urio_run_report *rep, const urio_io_path *p);

/* ---- CGE model files (cge_yaml.c, called by model_yaml.c) --------------------- */

/* The `model: cge` part of urio_model_load (DESIGN.md section 5): doc is the parsed
 * model file at path (dir: its directory, for the SAM's relative path).  Reads and
 * checks the SAM, folds its bytes and length into *hash, appends its path to
 * mf->sources, and sets mf->kind ("cge"), name, units and cge (the calibrated
 * model).  Errors name the model file's key and line, or the SAM's line and column.
 * With `all` (urio_model_load_all), every problem of the SAM's cells and rows
 * (urio_csv_parse_all) and every mismatch of its row and column labels goes into
 * it, *listed is then set, and loading stops after the SAM; other problems stop it
 * as without. */
URIO_MUST_CHECK urio_status urio__cge_load(yaml_document_t *doc, const char *path, const char *dir,
                                           uint64_t *hash, urio_model_file *mf, urio_diags *all,
                                           bool *listed, urio_diag *d);

/* ---- Scenario families (cge_scenarios.c, scenario_family.c) ---------------------- */

struct urio_cge_model;
struct urio_cge_shock;
struct urio_cge_family;
/* Read shock number k (0-based, for messages) of a CGE scenario file at node n. */
URIO_MUST_CHECK urio_status urio__cge_shock_parse(yaml_document_t *doc, const yaml_node_t *n,
                                                  size_t k, const char *file,
                                                  const struct urio_cge_model *m,
                                                  struct urio_cge_shock *sh, urio_diag *d);
/* Read the `sweep:` and `monte_carlo:` keys of the scenario file doc into fam, whose
 * listed scenarios are already read: sweep points are appended to them.  May add
 * nodes to doc.  Call between urio__c_numeric_begin and _end. */
URIO_MUST_CHECK urio_status urio__cge_family_parse(yaml_document_t *doc, const char *file,
                                                   const struct urio_cge_model *m,
                                                   struct urio_cge_family *fam, urio_diag *d);

#endif
