/* pymrio_read.c - pymrio folders (DESIGN.md section 4): what pymrio's
 * IOSystem.save_all(path, table_format='txt') writes, read into an IO model with
 * satellite rows and the extensions footprints need (urio/io_footprints.h).
 *
 * A folder holds file_parameters.json, which names each table's file and the
 * number of its index columns (nr_index_col) and header rows (nr_header); Z.txt and
 * Y.txt, optionally unit.txt, population.txt and x.txt; and one sub-folder per
 * extension, each with its own file_parameters.json, F.txt and optionally F_Y.txt and
 * unit.txt.  Tables are what pandas' DataFrame.to_csv(sep='\t') writes:
 *
 *   nr_header = 1:  index names, then column labels      (one row)
 *   nr_header = H:  H rows "level name, (K - 1) empty fields, one value per column",
 *                   then the row of index names followed by empty fields
 *   data rows:      K index values, then one number per column (empty = 0)
 *
 * with K = nr_index_col, fields separated by tabs (by commas when the first line has
 * no tab: save_all(sep=',')), quoted as Python's csv module does ("a""b").
 *
 * Labels join an entry's index levels with '/', leaving out empty levels: Z's rows
 * and columns become `region/sector`, Y's columns `region/category`, an extension's
 * rows `<folder>/stressor[/compartment]` (the folder is the extension's attribute
 * name in pymrio, e.g. emissions/emission_type1/air).  The region of an entry is
 * its level named `region`, or its first level when it has several (pymrio's rule).
 *
 * Every failure names the file, line and field (1-based, counting index fields) and
 * says what to do.  The parser works on (buffer, length), reads nothing past it,
 * and takes time linear in the input, so it can be fuzzed. */
#include <dirent.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include <urio/formats.h>
#include <urio/io_footprints.h>

#include "internal.h"

#define PYM_MAX_LEVELS 16 /* more index levels than any MRIO has */

static const char *const HINT_SAVE =
    "a pymrio folder is what IOSystem.save_all(path, table_format='txt') writes";

static urio_status nomem(urio_diag *d, const char *name)
{
    return urio_diag_set(d, URIO_ENOMEM, name, 0, 0, NULL,
                         "out of memory reading the pymrio "
                         "folder");
}

/* ---- Records: tab-separated (or comma-separated) fields --------------------------- */

typedef struct tsv_field {
    const char *text; /* NUL-terminated copy, quotes removed */
    size_t len;
    size_t line; /* 1-based line where the field starts */
    size_t col;  /* 1-based field index */
    bool quoted;
    size_t off; /* offset in the arena */
} tsv_field;

typedef struct tsv_reader {
    const char *buf;
    size_t len, pos, line;
    const char *name;
    char sep;
    size_t nfields, fcap;
    tsv_field *fields;
    char *arena;
    size_t acap;
} tsv_reader;

static void tsv_init(tsv_reader *r, const char *buf, size_t len, const char *name)
{
    memset(r, 0, sizeof *r);
    r->buf = buf != NULL ? buf : "";
    r->len = buf != NULL ? len : 0;
    r->line = 1;
    r->name = name;
    if (r->len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    /* The separator: a tab, unless the first line has none but has a comma. */
    r->sep = '\t';
    bool comma = false;
    for (size_t i = r->pos; i < r->len && r->buf[i] != '\n' && r->buf[i] != '\r'; i++) {
        if (r->buf[i] == '\t') return;
        if (r->buf[i] == ',') comma = true;
    }
    if (comma) r->sep = ',';
}

static void tsv_free(tsv_reader *r)
{
    free(r->fields);
    free(r->arena);
    r->fields = NULL;
    r->arena = NULL;
}

static bool arena_reserve(tsv_reader *r, size_t used, size_t more)
{
    if (more > SIZE_MAX / 4 - used) return false;
    size_t need = used + more;
    if (need <= r->acap) return true;
    size_t cap = r->acap == 0 ? 256 : r->acap;
    while (cap < need)
        cap *= 2;
    char *g = realloc(r->arena, cap);
    if (g == NULL) return false;
    r->arena = g;
    r->acap = cap;
    return true;
}

static size_t count_lines(const char *s, size_t n)
{
    size_t lines = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'))) lines++;
    return lines;
}

/* The next record into r->fields; *more is false at the end of the input. */
static urio_status tsv_next(tsv_reader *r, bool *more, urio_diag *d)
{
    const char *buf = r->buf;
    const size_t len = r->len;
    const char sep = r->sep;
    size_t used = 0;
    r->nfields = 0;
    *more = r->pos < len;
    if (!*more) return URIO_OK;
    for (;;) {
        const size_t col = r->nfields + 1, fline = r->line, off = used;
        size_t q = r->pos;
        const bool quoted = q < len && buf[q] == '"';
        if (quoted) {
            q++;
            for (;;) {
                const char *hit = memchr(buf + q, '"', len - q);
                if (hit == NULL)
                    return urio_diag_set(d, URIO_EPARSE, r->name, fline, col,
                                         "close the quote with \"; a quote inside a quoted "
                                         "field is written as two quotes (\"\")",
                                         "unterminated quoted field (the quote opens here)");
                const size_t e = (size_t)(hit - buf);
                r->line += count_lines(buf + q, e - q);
                const bool escaped = e + 1 < len && buf[e + 1] == '"';
                const size_t piece = e - q + (escaped ? 1 : 0);
                if (!arena_reserve(r, used, piece + 1)) return nomem(d, r->name);
                memcpy(r->arena + used, buf + q, piece);
                used += piece;
                if (!escaped) {
                    q = e + 1;
                    break;
                }
                q = e + 2;
            }
            if (q < len && buf[q] != sep && buf[q] != '\n' && buf[q] != '\r')
                return urio_diag_set(d, URIO_EPARSE, r->name, r->line, col,
                                     "put the whole field in quotes, and write a quote inside "
                                     "it as two quotes (\"\")",
                                     "unexpected text after the closing quote of a field");
        } else {
            while (q < len && buf[q] != sep && buf[q] != '\n' && buf[q] != '\r')
                q++;
            if (!arena_reserve(r, used, q - r->pos + 1)) return nomem(d, r->name);
            memcpy(r->arena + used, buf + r->pos, q - r->pos);
            used += q - r->pos;
        }
        r->arena[used] = '\0';
        const size_t flen = used - off;
        used++;
        if (r->nfields == r->fcap) {
            size_t cap = r->fcap == 0 ? 16 : 2 * r->fcap;
            tsv_field *g = realloc(r->fields, cap * sizeof *g);
            if (g == NULL) return nomem(d, r->name);
            r->fields = g;
            r->fcap = cap;
        }
        r->fields[r->nfields++] =
            (tsv_field){.len = flen, .line = fline, .col = col, .quoted = quoted, .off = off};
        if (q >= len) {
            r->pos = len;
            break;
        }
        if (buf[q] == sep) {
            r->pos = q + 1;
            continue;
        }
        if (buf[q] == '\r' && q + 1 < len && buf[q + 1] == '\n') q++;
        r->pos = q + 1;
        r->line++;
        break;
    }
    for (size_t k = 0; k < r->nfields; k++)
        r->fields[k].text = r->arena + r->fields[k].off;
    return URIO_OK;
}

/* True when only blank lines remain. */
static bool tsv_rest_blank(const tsv_reader *r)
{
    for (size_t i = r->pos; i < r->len; i++) {
        char c = r->buf[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return true;
}

/* Whether the record is one empty field (a blank line). */
static bool record_blank(const tsv_reader *r)
{
    if (r->nfields != 1 || r->fields[0].quoted) return false;
    for (size_t i = 0; i < r->fields[0].len; i++)
        if (r->fields[0].text[i] != ' ') return false;
    return true;
}

/* Remove spaces at both ends, in place (tabs are separators). */
static void trim(tsv_field *f)
{
    const char *t = f->text;
    size_t n = f->len;
    while (n > 0 && t[0] == ' ') {
        t++;
        n--;
    }
    while (n > 0 && t[n - 1] == ' ')
        n--;
    ((char *)t)[n] = '\0';
    f->text = t;
    f->len = n;
}

/* ---- Tables ------------------------------------------------------------------------ */

typedef struct pym_table {
    char *name;  /* the file, for messages, owned */
    size_t K, H; /* index levels, header levels */
    size_t nrows, ncols;
    char **idx_name;                /* K index level names ("" when unnamed) */
    char **hdr_name;                /* H column level names ("" for H = 1) */
    char **col_label, **col_region; /* ncols each; region NULL when no region level */
    size_t hdr_line;                /* line of the last header row */
    char **row_label, **row_region; /* nrows each */
    size_t *row_line;
    size_t rcap;
    bool text;    /* cells are text (unit.txt), not numbers */
    double *vals; /* row-major nrows x ncols (numbers) */
    char **cells; /* row-major nrows x ncols (text) */
    size_t ncells, ccap;
} pym_table;

static void free_strings(char **s, size_t n)
{
    if (s == NULL) return;
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

static void pym_table_free(pym_table *t)
{
    free(t->name);
    free_strings(t->idx_name, t->K);
    free_strings(t->hdr_name, t->H);
    free_strings(t->col_label, t->ncols);
    free_strings(t->col_region, t->ncols);
    free_strings(t->row_label, t->nrows);
    free_strings(t->row_region, t->nrows);
    free(t->row_line);
    free(t->vals);
    free_strings(t->cells, t->ncells);
    memset(t, 0, sizeof *t);
}

/* The level that holds regions: the one named "region", else the first of several. */
static size_t region_level(char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (names[i] != NULL && strcmp(names[i], "region") == 0) return i;
    return n >= 2 ? 0 : SIZE_MAX;
}

/* Join the non-empty values of an entry's levels with '/' into a new string, check
 * it as a label, and report a problem at (line, col) of the table's file. */
static urio_status make_label(const pym_table *t, char *const *vals, size_t n, const char *what,
                              size_t line, size_t col, char **out, urio_diag *d)
{
    char buf[PYM_MAX_LEVELS * (URIO_LABEL_MAX + 1) + 1];
    size_t o = 0;
    bool too_long = false;
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(vals[i]);
        if (l == 0) continue;
        if (o + l + 2 > sizeof buf) {
            too_long = true;
            break;
        }
        if (o > 0) buf[o++] = '/';
        memcpy(buf + o, vals[i], l);
        o += l;
    }
    buf[o] = '\0';
    const char *why = NULL;
    char ex[80];
    urio__excerpt(buf, o, ex, sizeof ex);
    if (o == 0)
        return urio_diag_set(d, URIO_EPARSE, t->name, line, col,
                             "every row and column of a pymrio table is named by its index "
                             "values (region and sector, for instance)",
                             "%s has no name: its index fields are empty", what);
    if (too_long || !urio_label_valid(buf, &why))
        return urio_diag_set(d, URIO_EPARSE, t->name, line, col,
                             "names become labels `region/sector`: at most 256 bytes of UTF-8 "
                             "text without control characters, no segment starting or ending "
                             "with a space or `/`",
                             "%s \"%s\" does not make a valid label: %s", what, ex,
                             too_long ? "it is too long" : why);
    *out = strdup(buf);
    return *out != NULL ? URIO_OK : nomem(d, t->name);
}

/* Copy a trimmed field's text; NUL bytes inside are refused. */
static urio_status field_copy(const pym_table *t, tsv_field *f, char **out, urio_diag *d)
{
    trim(f);
    if (strlen(f->text) != f->len)
        return urio_diag_set(d, URIO_EPARSE, t->name, f->line, f->col,
                             "remove the NUL byte (the file may not be a text file)",
                             "a field contains a NUL byte");
    *out = strdup(f->text);
    return *out != NULL ? URIO_OK : nomem(d, t->name);
}

static const char *hint_levels(void)
{
    return "check nr_index_col and nr_header for this file in file_parameters.json: pandas "
           "writes one header row per column level and one index column per row level";
}

/* The header rows: column labels and regions, index names. */
static urio_status parse_header(tsv_reader *r, pym_table *t, urio_diag *d)
{
    const size_t K = t->K, H = t->H;
    char **levels = NULL; /* H x ncols values, level-major */
    urio_status s = URIO_OK;
    t->idx_name = calloc(K, sizeof *t->idx_name);
    t->hdr_name = calloc(H, sizeof *t->hdr_name);
    if (t->idx_name == NULL || t->hdr_name == NULL) return nomem(d, t->name);
    for (size_t h = 0; h < H; h++) {
        bool more = false;
        s = tsv_next(r, &more, d);
        if (s != URIO_OK) goto done;
        if (!more) {
            s = urio_diag_set(d, URIO_EPARSE, t->name, r->line, 0, hint_levels(),
                              "the file ends inside its %zu header rows", H);
            goto done;
        }
        const size_t lead = K; /* fields before the column values: index names, or the
                                  level name and K - 1 empty fields */
        if (r->nfields <= lead) {
            s = urio_diag_set(d, URIO_EPARSE, t->name, r->fields[0].line, r->nfields, hint_levels(),
                              "header row %zu has %zu fields: expected %zu before the column "
                              "labels and at least one label",
                              h + 1, r->nfields, lead);
            goto done;
        }
        const size_t nc = r->nfields - lead;
        if (h == 0) {
            t->ncols = nc;
            if (nc > SIZE_MAX / sizeof *levels / H) return nomem(d, t->name);
            levels = calloc(H * nc, sizeof *levels);
            if (levels == NULL) return nomem(d, t->name);
        } else if (nc != t->ncols) {
            s = urio_diag_set(d, URIO_EPARSE, t->name, r->fields[0].line,
                              nc > t->ncols ? lead + t->ncols + 1 : r->nfields + 1, hint_levels(),
                              "header row %zu has %zu column labels, header row 1 has %zu", h + 1,
                              nc, t->ncols);
            goto done;
        }
        if (H == 1) {
            for (size_t k = 0; k < K && s == URIO_OK; k++)
                s = field_copy(t, &r->fields[k], &t->idx_name[k], d);
            if (s == URIO_OK) t->hdr_name[0] = strdup("");
            if (s == URIO_OK && t->hdr_name[0] == NULL) s = nomem(d, t->name);
        } else {
            s = field_copy(t, &r->fields[0], &t->hdr_name[h], d);
            for (size_t k = 1; k < K && s == URIO_OK; k++) {
                tsv_field *f = &r->fields[k];
                trim(f);
                if (f->len != 0)
                    s = urio_diag_set(d, URIO_EPARSE, t->name, f->line, f->col, hint_levels(),
                                      "header row %zu: field %zu should be empty (it lies "
                                      "above index column %zu), got \"%.40s\"",
                                      h + 1, f->col, k + 1, f->text);
            }
        }
        for (size_t j = 0; j < nc && s == URIO_OK; j++)
            s = field_copy(t, &r->fields[lead + j], &levels[h * nc + j], d);
        if (s != URIO_OK) goto done;
        t->hdr_line = r->fields[0].line;
    }
    if (H > 1) {
        /* pandas writes the index names on their own row below a multi-level header. */
        bool more = false;
        s = tsv_next(r, &more, d);
        if (s != URIO_OK) goto done;
        if (!more || record_blank(r)) {
            s = urio_diag_set(d, URIO_EPARSE, t->name, r->line, 1, hint_levels(),
                              "expected the row of index names (%zu fields) after the %zu "
                              "header rows",
                              K, H);
            goto done;
        }
        if (r->nfields != K && r->nfields != K + t->ncols) {
            s = urio_diag_set(d, URIO_EPARSE, t->name, r->fields[0].line,
                              r->nfields < K ? r->nfields + 1 : K + t->ncols + 1, hint_levels(),
                              "the row of index names has %zu fields: expected %zu (the "
                              "index names, then %zu empty fields)",
                              r->nfields, K + t->ncols, t->ncols);
            goto done;
        }
        for (size_t j = K; j < r->nfields && s == URIO_OK; j++) {
            tsv_field *f = &r->fields[j];
            trim(f);
            if (f->len != 0)
                s = urio_diag_set(d, URIO_EPARSE, t->name, f->line, f->col, hint_levels(),
                                  "expected the row of index names after the %zu header rows "
                                  "(empty beyond the %zu index fields), got \"%.40s\"",
                                  H, K, f->text);
        }
        for (size_t k = 0; k < K && s == URIO_OK; k++)
            s = field_copy(t, &r->fields[k], &t->idx_name[k], d);
        if (s != URIO_OK) goto done;
    }
    /* Column labels and regions. */
    const size_t rl = H > 1 ? region_level(t->hdr_name, H) : SIZE_MAX;
    t->col_label = calloc(t->ncols, sizeof *t->col_label);
    t->col_region = calloc(t->ncols, sizeof *t->col_region);
    if (t->col_label == NULL || t->col_region == NULL) {
        s = nomem(d, t->name);
        goto done;
    }
    for (size_t j = 0; j < t->ncols && s == URIO_OK; j++) {
        char *vals[PYM_MAX_LEVELS];
        for (size_t h = 0; h < H; h++)
            vals[h] = levels[h * t->ncols + j];
        s = make_label(t, vals, H, "column", t->hdr_line, K + j + 1, &t->col_label[j], d);
        if (s == URIO_OK && rl != SIZE_MAX) {
            t->col_region[j] = strdup(vals[rl]);
            if (t->col_region[j] == NULL) s = nomem(d, t->name);
        }
    }
done:
    if (levels != NULL) free_strings(levels, H * t->ncols);
    return s;
}

static urio_status grow_rows(pym_table *t, urio_diag *d)
{
    if (t->nrows < t->rcap) return URIO_OK;
    size_t cap = t->rcap == 0 ? 64 : 2 * t->rcap;
    char **gl = realloc(t->row_label, cap * sizeof *gl);
    if (gl != NULL) t->row_label = gl;
    char **gr = realloc(t->row_region, cap * sizeof *gr);
    if (gr != NULL) t->row_region = gr;
    size_t *gn = realloc(t->row_line, cap * sizeof *gn);
    if (gn != NULL) t->row_line = gn;
    if (gl == NULL || gr == NULL || gn == NULL) return nomem(d, t->name);
    t->rcap = cap;
    return URIO_OK;
}

static urio_status grow_cells(pym_table *t, urio_diag *d)
{
    if (t->ccap - t->ncells >= t->ncols) return URIO_OK;
    size_t cap = t->ccap == 0 ? 1024 : t->ccap;
    while (cap - t->ncells < t->ncols) {
        if (cap > SIZE_MAX / (4 * sizeof(double))) return nomem(d, t->name);
        cap *= 2;
    }
    if (t->text) {
        char **g = realloc(t->cells, cap * sizeof *g);
        if (g == NULL) return nomem(d, t->name);
        t->cells = g;
    } else {
        double *g = realloc(t->vals, cap * sizeof *g);
        if (g == NULL) return nomem(d, t->name);
        t->vals = g;
    }
    t->ccap = cap;
    return URIO_OK;
}

/* One data row: K index values, then ncols cells. */
static urio_status parse_row(tsv_reader *r, pym_table *t, urio_diag *d)
{
    const size_t K = t->K, want = K + t->ncols;
    const size_t line = r->fields[0].line;
    if (r->nfields != want)
        return urio_diag_set(
            d, URIO_EPARSE, t->name, line, r->nfields > want ? want + 1 : r->nfields + 1,
            "every row holds its index values, then one value per column "
            "(an empty cell means 0)",
            "expected %zu fields (%zu index, %zu values), got %zu", want, K, t->ncols, r->nfields);
    urio_status s = grow_rows(t, d);
    if (s != URIO_OK) return s;
    char *vals[PYM_MAX_LEVELS] = {0};
    for (size_t k = 0; k < K && s == URIO_OK; k++)
        s = field_copy(t, &r->fields[k], &vals[k], d);
    char *label = NULL, *region = NULL;
    if (s == URIO_OK) s = make_label(t, vals, K, "row", line, 1, &label, d);
    const size_t rl = region_level(t->idx_name, K);
    if (s == URIO_OK && rl != SIZE_MAX) {
        region = strdup(vals[rl]);
        if (region == NULL) s = nomem(d, t->name);
    }
    for (size_t k = 0; k < K; k++)
        free(vals[k]);
    if (s != URIO_OK) {
        free(label);
        free(region);
        return s;
    }
    t->row_label[t->nrows] = label;
    t->row_region[t->nrows] = region;
    t->row_line[t->nrows] = line;
    t->nrows++;
    s = grow_cells(t, d);
    for (size_t j = 0; j < t->ncols && s == URIO_OK; j++) {
        tsv_field *f = &r->fields[K + j];
        if (t->text) {
            s = field_copy(t, f, &t->cells[t->ncells], d);
            if (s == URIO_OK) t->ncells++;
            continue;
        }
        double v = 0.0;
        const char *why = NULL, *hint = NULL;
        trim(f);
        if (f->len > 0 && !urio__parse_number(f->text, f->len, &v, &why, &hint)) {
            /* Text in several cells of the first data row is most often a header
             * row or an index column that file_parameters.json does not count. */
            for (size_t j2 = j + 1; t->nrows == 1 && j2 < t->ncols; j2++) {
                tsv_field *g = &r->fields[K + j2];
                double v2 = 0.0;
                const char *w2 = NULL, *h2 = NULL;
                trim(g);
                if (g->len > 0 && !urio__parse_number(g->text, g->len, &v2, &w2, &h2)) {
                    hint = hint_levels();
                    break;
                }
            }
            char ex[80], rl2[80], cl[80];
            urio__excerpt(f->text, f->len, ex, sizeof ex);
            urio__excerpt(label, strlen(label), rl2, sizeof rl2);
            urio__excerpt(t->col_label[j], strlen(t->col_label[j]), cl, sizeof cl);
            return urio_diag_set(d, URIO_EPARSE, t->name, f->line, f->col, hint,
                                 "cell %s: \"%s\" (row \"%s\", column \"%s\")", why, ex, rl2, cl);
        }
        t->vals[t->ncells++] = v;
    }
    return s;
}

/* Parse a whole table with K index columns and H header rows. */
static urio_status pym_parse(const char *buf, size_t len, const char *name, size_t K, size_t H,
                             bool text, pym_table *t, urio_diag *d)
{
    memset(t, 0, sizeof *t);
    t->name = strdup(name != NULL ? name : "");
    if (t->name == NULL) return nomem(d, name);
    t->text = text;
    if (K < 1 || H < 1 || K > PYM_MAX_LEVELS || H > PYM_MAX_LEVELS)
        return urio_diag_set(d, URIO_EPARSE, name, 0, 0,
                             "nr_index_col and nr_header in file_parameters.json are between 1 "
                             "and 16",
                             "unsupported table layout: %zu index columns, %zu header rows", K, H);
    tsv_reader r;
    tsv_init(&r, buf, len, name);
    urio__c_numeric cn = {0};
    urio_status s = URIO_OK;
    t->K = K;
    t->H = H;
    if (tsv_rest_blank(&r)) {
        s = urio_diag_set(d, URIO_EPARSE, name, 1, 0, HINT_SAVE, "the file is empty");
        goto done;
    }
    if (!text && urio__c_numeric_begin(&cn) != URIO_OK) {
        s = nomem(d, name);
        goto done;
    }
    s = parse_header(&r, t, d);
    for (;;) {
        if (s != URIO_OK) break;
        bool more = false;
        s = tsv_next(&r, &more, d);
        if (s != URIO_OK || !more) break;
        if (record_blank(&r)) {
            if (tsv_rest_blank(&r)) break;
            s = urio_diag_set(d, URIO_EPARSE, name, r.fields[0].line, 1, "remove the empty line",
                              "empty line inside the table");
            break;
        }
        s = parse_row(&r, t, d);
    }
    if (s == URIO_OK && t->nrows == 0)
        s = urio_diag_set(d, URIO_EPARSE, name, r.line, 0,
                          "add one row per entry: its index values, then one value per column",
                          "the table has header rows but no data rows");
done:
    urio__c_numeric_end(&cn);
    tsv_free(&r);
    return s;
}

/* Index the labels of a table's rows or columns, naming both places of a duplicate. */
static urio_status index_labels(const pym_table *t, bool rows, urio_labels **out, urio_diag *d)
{
    char **names = rows ? t->row_label : t->col_label;
    const size_t n = rows ? t->nrows : t->ncols;
    size_t dup = SIZE_MAX;
    urio_status s = urio_labels_create(n, (const char *const *)names, out, &dup);
    if (s == URIO_OK) return URIO_OK;
    if (dup >= n) return nomem(d, t->name);
    size_t first = 0;
    while (first < dup && strcmp(names[first], names[dup]) != 0)
        first++;
    if (rows)
        return urio_diag_set(d, URIO_EPARSE, t->name, t->row_line[dup], 1,
                             "give every row different index values",
                             "duplicate row \"%s\" (lines %zu and %zu)", names[dup],
                             t->row_line[first], t->row_line[dup]);
    return urio_diag_set(d, URIO_EPARSE, t->name, t->hdr_line, t->K + dup + 1,
                         "give every column different header values",
                         "duplicate column \"%s\" (fields %zu and %zu)", names[dup],
                         t->K + first + 1, t->K + dup + 1);
}

urio_status urio_pymrio_parse_table(const char *buf, size_t len, const char *name,
                                    size_t nr_index_col, size_t nr_header, urio_table **out,
                                    urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "no output given");
    *out = NULL;
    if (buf == NULL && len > 0)
        return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "no input buffer given");
    pym_table t;
    urio_status s = pym_parse(buf, len, name, nr_index_col, nr_header, false, &t, d);
    urio_table *tab = NULL;
    if (s == URIO_OK && (tab = calloc(1, sizeof *tab)) == NULL) s = nomem(d, name);
    if (s == URIO_OK) s = index_labels(&t, true, &tab->rows, d);
    if (s == URIO_OK) s = index_labels(&t, false, &tab->cols, d);
    if (s == URIO_OK) {
        tab->corner = strdup(t.idx_name[0]);
        tab->source = name != NULL ? strdup(name) : NULL;
        tab->row_line = malloc(t.nrows * sizeof *tab->row_line);
        tab->col_column = malloc(t.ncols * sizeof *tab->col_column);
        s = urio_matrix_create(t.nrows, t.ncols, &tab->values);
        if (s == URIO_OK && (tab->corner == NULL || (name != NULL && tab->source == NULL) ||
                             tab->row_line == NULL || tab->col_column == NULL))
            s = URIO_ENOMEM;
        if (s != URIO_OK) s = nomem(d, name);
    }
    if (s == URIO_OK) {
        for (size_t i = 0; i < t.nrows; i++)
            tab->row_line[i] = t.row_line[i];
        for (size_t j = 0; j < t.ncols; j++)
            tab->col_column[j] = t.K + j + 1;
        for (size_t i = 0; i < t.nrows; i++)
            for (size_t j = 0; j < t.ncols; j++)
                URIO_MAT(tab->values, i, j) = t.vals[i * t.ncols + j];
        *out = tab;
        tab = NULL;
    }
    urio_table_free(tab);
    pym_table_free(&t);
    return s;
}

/* ---- file_parameters.json ---------------------------------------------------------- */

typedef struct pym_file {
    bool present;
    char *path; /* folder/name */
    size_t K, H;
} pym_file;

/* Line and column of a byte offset. */
static void offset_place(const char *buf, size_t len, size_t off, size_t *line, size_t *col)
{
    size_t l = 1, start = 0;
    if (off > len) off = len;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = off - start + 1;
}

/* The place of "key" in the JSON text (its first occurrence), for messages about a
 * value cJSON does not locate; 1:1 when the key is not found. */
static void key_place(const char *buf, size_t len, const char *key, size_t *line, size_t *col)
{
    char pat[80];
    int k = snprintf(pat, sizeof pat, "\"%s\"", key);
    size_t pl = k > 0 ? (size_t)k : 0, off = 0;
    bool found = false;
    for (size_t i = 0; pl > 0 && pl < sizeof pat && i + pl <= len; i++)
        if (memcmp(buf + i, pat, pl) == 0) {
            off = i;
            found = true;
            break;
        }
    if (!found) {
        *line = 1;
        *col = 1;
        return;
    }
    offset_place(buf, len, off, line, col);
}

typedef struct json_doc {
    const char *path;
    const char *buf;
    size_t len;
    cJSON *root;
} json_doc;

/* A failure in a JSON file, placed at the first occurrence of key (1:1 without). */
static urio_status json_fail_d(const json_doc *j, urio_diag *d, const char *key, const char *hint,
                               const char *fmt, ...) URIO_PRINTF(5, 6);
static urio_status json_fail_d(const json_doc *j, urio_diag *d, const char *key, const char *hint,
                               const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t line = 1, col = 1;
    if (key != NULL) key_place(j->buf, j->len, key, &line, &col);
    return urio_diag_set(d, URIO_EPARSE, j->path, line, col, hint, "%s", msg);
}

static urio_status json_parse(json_doc *j, urio_diag *d)
{
    const char *end = NULL;
    j->root = cJSON_ParseWithLengthOpts(j->buf, j->len, &end, 0);
    if (j->root != NULL) {
        /* Only blanks may follow the document. */
        size_t off = (size_t)(end - j->buf);
        while (off < j->len && (j->buf[off] == ' ' || j->buf[off] == '\t' || j->buf[off] == '\r' ||
                                j->buf[off] == '\n'))
            off++;
        if (off == j->len) return URIO_OK;
        size_t line = 1, col = 1;
        offset_place(j->buf, j->len, off, &line, &col);
        return urio_diag_set(d, URIO_EPARSE, j->path, line, col,
                             "remove the text after the "
                             "closing brace",
                             "text after the end of the JSON document");
    }
    size_t off =
        end != NULL && end >= j->buf && end <= j->buf + j->len ? (size_t)(end - j->buf) : 0;
    size_t line = 1, col = 1;
    offset_place(j->buf, j->len, off, &line, &col);
    return urio_diag_set(d, URIO_EPARSE, j->path, line, col,
                         "file_parameters.json is JSON as pymrio writes it: {\"files\": {\"Z\": "
                         "{\"name\": \"Z.txt\", \"nr_index_col\": \"2\", \"nr_header\": \"2\"}, "
                         "...}, \"systemtype\": \"IOSystem\"}",
                         "not valid JSON");
}

/* A count such as "2" or 2, between 1 and PYM_MAX_LEVELS. */
static bool json_count(const cJSON *v, size_t *out)
{
    double x = 0.0;
    if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
    } else if (cJSON_IsString(v) && v->valuestring != NULL) {
        const char *p = v->valuestring;
        if (*p == '\0' || strlen(p) > 3) return false;
        for (const char *q = p; *q != '\0'; q++)
            if (*q < '0' || *q > '9') return false;
        x = (double)atoi(p);
    } else {
        return false;
    }
    if (!(x >= 1.0 && x <= PYM_MAX_LEVELS) || x != floor(x)) return false;
    *out = (size_t)x;
    return true;
}

/* The entry files[key], when present: name, nr_index_col, nr_header. */
static urio_status json_file(const json_doc *j, const cJSON *files, const char *key,
                             const char *dir, pym_file *out, urio_diag *d)
{
    memset(out, 0, sizeof *out);
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(files, key);
    if (e == NULL) return URIO_OK;
    const char *ex = "write \"KEY\": {\"name\": \"KEY.txt\", \"nr_index_col\": \"2\", "
                     "\"nr_header\": \"2\"}";
    char hint[200];
    snprintf(hint, sizeof hint, "%s", ex);
    for (char *p = strstr(hint, "KEY"); p != NULL; p = strstr(hint, "KEY")) {
        char rest[200];
        snprintf(rest, sizeof rest, "%s", p + 3);
        snprintf(p, sizeof hint - (size_t)(p - hint), "%s%s", key, rest);
    }
    if (!cJSON_IsObject(e)) return json_fail_d(j, d, key, hint, "files.%s must be an object", key);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(e, "name");
    if (!cJSON_IsString(name) || name->valuestring == NULL || name->valuestring[0] == '\0')
        return json_fail_d(j, d, key, hint, "files.%s has no file name (\"name\")", key);
    const char *nm = name->valuestring;
    char exn[80];
    urio__excerpt(nm, strlen(nm), exn, sizeof exn);
    if (strchr(nm, '/') != NULL || strchr(nm, '\\') != NULL || strcmp(nm, "..") == 0 ||
        strcmp(nm, ".") == 0)
        return json_fail_d(j, d, key, "pymrio names files inside the folder: \"Z.txt\"",
                           "files.%s: \"%s\" is not a plain file name", key, exn);
    size_t nl = strlen(nm);
    if (nl >= 4 && strcmp(nm + nl - 4, ".pkl") == 0) {
        size_t line = 1, col = 1;
        key_place(j->buf, j->len, key, &line, &col);
        return urio_diag_set(d, URIO_EUNSUPPORTED, j->path, line, col,
                             "save the system with IOSystem.save_all(path, table_format='txt')",
                             "files.%s is a pickle file (%s): only text tables can be read", key,
                             exn);
    }
    if (!json_count(cJSON_GetObjectItemCaseSensitive(e, "nr_index_col"), &out->K) ||
        !json_count(cJSON_GetObjectItemCaseSensitive(e, "nr_header"), &out->H))
        return json_fail_d(j, d, key, hint,
                           "files.%s needs \"nr_index_col\" and \"nr_header\", each a whole "
                           "number from 1 to %d",
                           key, PYM_MAX_LEVELS);
    out->path = urio__path_join(dir, nm);
    if (out->path == NULL) return nomem(d, j->path);
    out->present = true;
    return URIO_OK;
}

/* ---- The folder -------------------------------------------------------------------- */

typedef struct pym_loader {
    uint64_t hash;
    urio_diag *d;
    urio_pymrio *p;
} pym_loader;

/* Read one file of the folder, hashing it and listing it as a source. */
static urio_status read_input(pym_loader *P, const char *path, char **buf, size_t *len)
{
    urio_status s = urio_read_file(path, buf, len, P->d);
    if (s != URIO_OK) {
        if (P->d != NULL && P->d->hint[0] == '\0')
            snprintf(P->d->hint, sizeof P->d->hint, "%s", HINT_SAVE);
        return s;
    }
    P->hash = urio__fnv1a(P->hash, *buf, *len);
    uint64_t n = (uint64_t)*len;
    P->hash = urio__fnv1a(P->hash, &n, sizeof n);
    urio_pymrio *p = P->p;
    char **g = realloc(p->sources, (p->nsources + 1) * sizeof *g);
    if (g == NULL) return nomem(P->d, path);
    p->sources = g;
    p->sources[p->nsources] = strdup(path);
    if (p->sources[p->nsources] == NULL) return nomem(P->d, path);
    p->nsources++;
    return URIO_OK;
}

static urio_status read_table(pym_loader *P, const pym_file *f, bool text, pym_table *t)
{
    char *buf = NULL;
    size_t len = 0;
    memset(t, 0, sizeof *t);
    urio_status s = read_input(P, f->path, &buf, &len);
    if (s == URIO_OK) s = pym_parse(buf, len, f->path, f->K, f->H, text, t, P->d);
    free(buf);
    return s;
}

/* Read and check a file_parameters.json of the given systemtype; fills files[i] for
 * keys[i] and, for an extension, *ext_name (pymrio's "name"). */
static urio_status read_params(pym_loader *P, const char *dir, const char *systemtype,
                               const char *const *keys, size_t nkeys, pym_file *files)
{
    urio_diag *d = P->d;
    char *path = urio__path_join(dir, "file_parameters.json");
    if (path == NULL) return nomem(d, dir);
    json_doc j = {path, NULL, 0, NULL};
    char *buf = NULL;
    struct stat fst;
    if (stat(path, &fst) != 0) {
        urio_status s = urio_diag_set(d, URIO_EIO, path, 0, 0,
                                      "pymrio's save_all(path, table_format='txt') writes it "
                                      "beside Z.txt and Y.txt (and in each extension's "
                                      "sub-folder)",
                                      "no file_parameters.json in %s", dir);
        free(path);
        return s;
    }
    urio_status s = read_input(P, path, &buf, &j.len);
    j.buf = buf;
    if (s == URIO_OK) s = json_parse(&j, d);
    if (s == URIO_OK && !cJSON_IsObject(j.root))
        s = json_fail_d(&j, d, NULL, HINT_SAVE, "file_parameters.json must hold a JSON object");
    if (s == URIO_OK) {
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(j.root, "systemtype");
        if (!cJSON_IsString(st) || st->valuestring == NULL)
            s = json_fail_d(&j, d, "systemtype", HINT_SAVE, "no \"systemtype\" (\"%s\" expected)",
                            systemtype);
        else if (strcmp(st->valuestring, systemtype) != 0) {
            char ex[80];
            urio__excerpt(st->valuestring, strlen(st->valuestring), ex, sizeof ex);
            s = json_fail_d(&j, d, "systemtype",
                            strcmp(systemtype, "IOSystem") == 0
                                ? "point `pymrio:` at the folder that holds Z.txt and Y.txt, "
                                  "not at an extension's sub-folder"
                                : "an extension's sub-folder holds F.txt with systemtype "
                                  "\"Extension\"",
                            "systemtype is \"%s\", expected \"%s\"", ex, systemtype);
        }
    }
    const cJSON *fl = NULL;
    if (s == URIO_OK) {
        fl = cJSON_GetObjectItemCaseSensitive(j.root, "files");
        if (!cJSON_IsObject(fl))
            s = json_fail_d(&j, d, "files", HINT_SAVE,
                            "no \"files\" object naming the tables and their layout");
    }
    for (size_t i = 0; s == URIO_OK && i < nkeys; i++)
        s = json_file(&j, fl, keys[i], dir, &files[i], d);
    cJSON_Delete(j.root);
    free(buf);
    free(path);
    return s;
}

static void files_free(pym_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(f[i].path);
}

/* The error for a table whose rows (or columns) are not `want` in order. */
static urio_status match_labels(const pym_table *t, bool rows, char *const *want, size_t nwant,
                                const char *want_file, const char *want_what, urio_diag *d)
{
    char *const *got = rows ? t->row_label : t->col_label;
    const size_t ngot = rows ? t->nrows : t->ncols;
    const char *kind = rows ? "row" : "column";
    char hint[384];
    snprintf(hint, sizeof hint, "%ss of %s follow the %s of %s, in the same order", kind, t->name,
             want_what, want_file);
    for (size_t i = 0; i < ngot && i < nwant; i++) {
        if (strcmp(got[i], want[i]) == 0) continue;
        char a[80], b[80];
        urio__excerpt(got[i], strlen(got[i]), a, sizeof a);
        urio__excerpt(want[i], strlen(want[i]), b, sizeof b);
        return urio_diag_set(d, URIO_EMODEL, t->name, rows ? t->row_line[i] : t->hdr_line,
                             rows ? 1 : t->K + i + 1, hint, "%s %zu is \"%s\", expected \"%s\"",
                             kind, i + 1, a, b);
    }
    if (ngot != nwant)
        return urio_diag_set(d, URIO_EMODEL, t->name,
                             rows ? (ngot > nwant ? t->row_line[nwant] : 0) : t->hdr_line,
                             rows ? 1 : (ngot > nwant ? t->K + nwant + 1 : 0), hint,
                             "%zu %ss, but %s has %zu %s", ngot, kind, want_file, nwant, want_what);
    return URIO_OK;
}

/* Position of name in names[0..n), or SIZE_MAX. */
static size_t find_name(char *const *names, size_t n, const char *name)
{
    for (size_t i = 0; name != NULL && i < n; i++)
        if (strcmp(names[i], name) == 0) return i;
    return SIZE_MAX;
}

/* One extension sub-folder, read and checked against Z and Y. */
typedef struct pym_ext {
    char *folder; /* sub-folder name, owned */
    pym_table F, FY, unit;
    bool have_FY, have_unit;
} pym_ext;

static void ext_free(pym_ext *e)
{
    free(e->folder);
    pym_table_free(&e->F);
    pym_table_free(&e->FY);
    pym_table_free(&e->unit);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sub-folders of folder that hold a file_parameters.json, sorted by name. */
static urio_status list_extensions(const char *folder, char ***names, size_t *count, urio_diag *d)
{
    *names = NULL;
    *count = 0;
    DIR *dp = opendir(folder);
    if (dp == NULL)
        return urio_diag_set(d, URIO_EIO, folder, 0, 0, HINT_SAVE,
                             "cannot list the folder's sub-folders (extensions)");
    urio_status s = URIO_OK;
    size_t cap = 0;
    struct dirent *de;
    while (s == URIO_OK && (de = readdir(dp)) != NULL) {
        if (de->d_name[0] == '.') continue;
        char *sub = urio__path_join(folder, de->d_name);
        char *fp = sub != NULL ? urio__path_join(sub, "file_parameters.json") : NULL;
        struct stat st1, st2;
        bool is_ext = fp != NULL && stat(sub, &st1) == 0 && S_ISDIR(st1.st_mode) &&
                      stat(fp, &st2) == 0 && S_ISREG(st2.st_mode);
        if (sub == NULL || fp == NULL) s = nomem(d, folder);
        free(sub);
        free(fp);
        if (s != URIO_OK || !is_ext) continue;
        if (*count == cap) {
            cap = cap == 0 ? 8 : 2 * cap;
            char **g = realloc(*names, cap * sizeof *g);
            if (g == NULL) {
                s = nomem(d, folder);
                break;
            }
            *names = g;
        }
        (*names)[*count] = strdup(de->d_name);
        if ((*names)[*count] == NULL)
            s = nomem(d, folder);
        else
            (*count)++;
    }
    closedir(dp);
    if (s == URIO_OK && *count > 1) qsort(*names, *count, sizeof **names, by_name);
    return s;
}

static urio_status read_extension(pym_loader *P, const char *folder, const char *sub,
                                  const pym_table *Z, const pym_table *Y, pym_ext *e)
{
    static const char *const keys[] = {"F", "F_Y", "unit"};
    pym_file files[3];
    memset(files, 0, sizeof files);
    memset(e, 0, sizeof *e);
    urio_diag *d = P->d;
    e->folder = strdup(sub);
    char *dir = urio__path_join(folder, sub);
    if (e->folder == NULL || dir == NULL) {
        free(dir);
        return nomem(d, folder);
    }
    const char *why = NULL;
    urio_status s = URIO_OK;
    if (!urio_label_valid(sub, &why))
        s = urio_diag_set(d, URIO_EPARSE, dir, 0, 0,
                          "rename the sub-folder: its name prefixes the extension's stressor "
                          "labels",
                          "the extension folder's name is not a valid label: %s", why);
    if (s == URIO_OK) s = read_params(P, dir, "Extension", keys, 3, files);
    if (s == URIO_OK && !files[0].present) {
        char *jp = urio__path_join(dir, "file_parameters.json");
        s = urio_diag_set(d, URIO_EPARSE, jp != NULL ? jp : dir, 1, 1, HINT_SAVE,
                          "the extension lists no \"F\" table in \"files\"");
        free(jp);
    }
    if (s == URIO_OK) s = read_table(P, &files[0], false, &e->F);
    if (s == URIO_OK) s = match_labels(&e->F, false, Z->row_label, Z->nrows, Z->name, "rows", d);
    if (s == URIO_OK && files[1].present) {
        e->have_FY = true;
        s = read_table(P, &files[1], false, &e->FY);
        if (s == URIO_OK)
            s = match_labels(&e->FY, true, e->F.row_label, e->F.nrows, e->F.name, "rows", d);
        if (s == URIO_OK)
            s = match_labels(&e->FY, false, Y->col_label, Y->ncols, Y->name, "columns", d);
    }
    if (s == URIO_OK && files[2].present) {
        e->have_unit = true;
        s = read_table(P, &files[2], true, &e->unit);
        if (s == URIO_OK)
            s = match_labels(&e->unit, true, e->F.row_label, e->F.nrows, e->F.name, "rows", d);
        if (s == URIO_OK && e->unit.ncols != 1)
            s = urio_diag_set(d, URIO_EPARSE, e->unit.name, e->unit.hdr_line, e->unit.K + 2,
                              "unit.txt has one column, `unit`", "expected one column, got %zu",
                              e->unit.ncols);
    }
    files_free(files, 3);
    free(dir);
    return s;
}

void urio_pymrio_free(urio_pymrio *p)
{
    if (p == NULL) return;
    urio_io_model_free(p->io);
    urio_io_extensions_free(p->ext);
    free(p->name);
    free(p->units);
    free_strings(p->sources, p->nsources);
    free(p);
}

/* The system's name from metadata.json ("name"), when the file exists. */
static urio_status read_metadata(pym_loader *P, const char *folder)
{
    char *path = urio__path_join(folder, "metadata.json");
    if (path == NULL) return nomem(P->d, folder);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) {
        free(path);
        return URIO_OK;
    }
    char *buf = NULL;
    json_doc j = {path, NULL, 0, NULL};
    urio_status s = read_input(P, path, &buf, &j.len);
    j.buf = buf;
    if (s == URIO_OK) s = json_parse(&j, P->d);
    if (s == URIO_OK) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(j.root, "name");
        if (cJSON_IsString(nm) && nm->valuestring != NULL && nm->valuestring[0] != '\0') {
            P->p->name = strdup(nm->valuestring);
            if (P->p->name == NULL) s = nomem(P->d, path);
        }
    }
    cJSON_Delete(j.root);
    free(buf);
    free(path);
    return s;
}

/* Everything read, before it becomes the model. */
typedef struct pym_core {
    pym_table Z, Y, unit, pop, x;
    bool have_unit, have_pop, have_x;
    pym_ext *ext;
    size_t next;
} pym_core;

static void core_free(pym_core *c)
{
    pym_table_free(&c->Z);
    pym_table_free(&c->Y);
    pym_table_free(&c->unit);
    pym_table_free(&c->pop);
    pym_table_free(&c->x);
    for (size_t i = 0; i < c->next; i++)
        ext_free(&c->ext[i]);
    free(c->ext);
}

static urio_status read_core(pym_loader *P, const char *folder, pym_core *c)
{
    static const char *const keys[] = {"Z", "Y", "unit", "population", "x"};
    enum { K_Z, K_Y, K_UNIT, K_POP, K_X, NK };
    pym_file f[NK];
    memset(f, 0, sizeof f);
    urio_diag *d = P->d;
    urio_status s = read_params(P, folder, "IOSystem", keys, NK, f);
    for (int k = K_Z; s == URIO_OK && k <= K_Y; k++)
        if (!f[k].present) {
            char *jp = urio__path_join(folder, "file_parameters.json");
            s = urio_diag_set(d, URIO_EPARSE, jp != NULL ? jp : folder, 1, 1,
                              "pymrio lists Z (intermediate flows) and Y (final demand) under "
                              "\"files\"",
                              "no \"%s\" table in \"files\"", keys[k]);
            free(jp);
        }
    if (s == URIO_OK) s = read_table(P, &f[K_Z], false, &c->Z);
    if (s == URIO_OK)
        s = match_labels(&c->Z, false, c->Z.row_label, c->Z.nrows, c->Z.name, "rows", d);
    if (s == URIO_OK) s = read_table(P, &f[K_Y], false, &c->Y);
    if (s == URIO_OK)
        s = match_labels(&c->Y, true, c->Z.row_label, c->Z.nrows, c->Z.name, "rows", d);
    if (s == URIO_OK && f[K_UNIT].present) {
        c->have_unit = true;
        s = read_table(P, &f[K_UNIT], true, &c->unit);
        if (s == URIO_OK)
            s = match_labels(&c->unit, true, c->Z.row_label, c->Z.nrows, c->Z.name, "rows", d);
        if (s == URIO_OK && c->unit.ncols != 1)
            s = urio_diag_set(d, URIO_EPARSE, c->unit.name, c->unit.hdr_line, c->unit.K + 2,
                              "unit.txt has one column, `unit`", "expected one column, got %zu",
                              c->unit.ncols);
    }
    if (s == URIO_OK && f[K_POP].present) {
        c->have_pop = true;
        s = read_table(P, &f[K_POP], false, &c->pop);
        if (s == URIO_OK && c->pop.nrows != 1)
            s = urio_diag_set(d, URIO_EPARSE, c->pop.name, c->pop.row_line[1], 1,
                              "population.txt holds one row: the population of each region",
                              "expected one row, got %zu", c->pop.nrows);
    }
    if (s == URIO_OK && f[K_X].present) {
        c->have_x = true;
        s = read_table(P, &f[K_X], false, &c->x);
        if (s == URIO_OK)
            s = match_labels(&c->x, true, c->Z.row_label, c->Z.nrows, c->Z.name, "rows", d);
        if (s == URIO_OK && c->x.ncols != 1)
            s = urio_diag_set(d, URIO_EPARSE, c->x.name, c->x.hdr_line, c->x.K + 2,
                              "x.txt has one column, gross output (`indout`)",
                              "expected one column, got %zu", c->x.ncols);
    }
    files_free(f, NK);
    if (s != URIO_OK) return s;
    char **names = NULL;
    size_t n = 0;
    s = list_extensions(folder, &names, &n, d);
    if (s == URIO_OK && n > 0) {
        c->ext = calloc(n, sizeof *c->ext);
        if (c->ext == NULL) s = nomem(d, folder);
    }
    for (size_t i = 0; s == URIO_OK && i < n; i++) {
        s = read_extension(P, folder, names[i], &c->Z, &c->Y, &c->ext[i]);
        c->next = i + 1;
    }
    free_strings(names, n);
    return s;
}

/* The regions of Z's rows, in order of first appearance, and each row's region. */
static urio_status make_regions(const pym_table *Z, urio_io_extensions *ext, urio_diag *d)
{
    const size_t n = Z->nrows;
    char **names = calloc(n, sizeof *names);
    ext->sector_region = calloc(n, sizeof *ext->sector_region);
    if (names == NULL || ext->sector_region == NULL) {
        free(names);
        return nomem(d, Z->name);
    }
    size_t R = 0;
    urio_status s = URIO_OK;
    if (Z->row_region[0] == NULL) { /* one index level: one region */
        names[R++] = "all";
    } else {
        /* Regions are few: a linear search per row is O(n R). */
        for (size_t i = 0; i < n && s == URIO_OK; i++) {
            const char *rg = Z->row_region[i];
            const char *why = NULL;
            if (rg[0] == '\0' || strchr(rg, '/') != NULL || !urio_label_valid(rg, &why))
                s = urio_diag_set(d, URIO_EPARSE, Z->name, Z->row_line[i], 1,
                                  "every sector lies in a named region (the `region` index "
                                  "level); a region name holds no `/`",
                                  "row %zu: region \"%.60s\" is not a valid region name", i + 1,
                                  rg);
            size_t at = find_name(names, R, rg);
            if (at == SIZE_MAX) {
                at = R;
                names[R++] = (char *)rg;
            }
            ext->sector_region[i] = at;
        }
    }
    if (s == URIO_OK) {
        size_t dup = 0;
        s = urio_labels_create(R, (const char *const *)names, &ext->regions, &dup);
        if (s != URIO_OK) s = nomem(d, Z->name);
    }
    free(names);
    return s;
}

/* Assemble the model and the extensions from what was read. */
static urio_status assemble(pym_loader *P, pym_core *c)
{
    urio_diag *d = P->d;
    urio_pymrio *p = P->p;
    const pym_table *Z = &c->Z, *Y = &c->Y;
    const size_t n = Z->nrows, k = Y->ncols;
    urio_labels *sectors = NULL, *categories = NULL;
    urio_status s = index_labels(Z, true, &sectors, d);
    if (s == URIO_OK) s = index_labels(Y, false, &categories, d);
    if (s == URIO_OK) s = urio_io_model_create(sectors, categories, &p->io);
    urio_labels_free(sectors);
    urio_labels_free(categories);
    if (s != URIO_OK) return s == URIO_ENOMEM ? nomem(d, Z->name) : s;
    urio_io_model *m = p->io;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            URIO_MAT(m->Z, i, j) = Z->vals[i * n + j];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < k; j++)
            URIO_MAT(m->Y, i, j) = Y->vals[i * k + j];
    if (c->have_x) {
        if (urio_matrix_create(n, 1, &m->x_given) != URIO_OK) return nomem(d, Z->name);
        for (size_t i = 0; i < n; i++)
            URIO_MAT(m->x_given, i, 0) = c->x.vals[i];
    }
    /* The model's units: Z's, when every row has the same. */
    if (c->have_unit) {
        bool same = true;
        for (size_t i = 1; i < n; i++)
            if (strcmp(c->unit.cells[i], c->unit.cells[0]) != 0) same = false;
        if (same && c->unit.cells[0][0] != '\0') {
            p->units = strdup(c->unit.cells[0]);
            if (p->units == NULL) return nomem(d, Z->name);
        }
    }

    urio_io_extensions *ext = calloc(1, sizeof *ext);
    if (ext == NULL) return nomem(d, Z->name);
    p->ext = ext;
    s = make_regions(Z, ext, d);
    if (s != URIO_OK) return s;
    const size_t R = ext->regions->count;
    ext->category_region = calloc(k, sizeof *ext->category_region);
    if (ext->category_region == NULL) return nomem(d, Y->name);
    for (size_t j = 0; j < k; j++) {
        size_t at = SIZE_MAX;
        if (R == 1 && Z->row_region[0] == NULL)
            at = 0;
        else if (Y->col_region[j] != NULL)
            (void)urio_labels_find(ext->regions, Y->col_region[j], &at);
        ext->category_region[j] = at == SIZE_MAX ? URIO_IO_NO_REGION : at;
    }
    if (c->have_pop) {
        ext->population = calloc(R, sizeof *ext->population);
        if (ext->population == NULL) return nomem(d, c->pop.name);
        for (size_t q = 0; q < R; q++) {
            size_t at = find_name(c->pop.col_label, c->pop.ncols, ext->regions->name[q]);
            if (at == SIZE_MAX)
                return urio_diag_set(d, URIO_EMODEL, c->pop.name, c->pop.hdr_line, 0,
                                     "population.txt has one column per region of Z",
                                     "no population for region \"%s\"", ext->regions->name[q]);
            const double v = c->pop.vals[at];
            if (!(v > 0.0))
                return urio_diag_set(
                    d, URIO_EMODEL, c->pop.name, c->pop.row_line[0], c->pop.K + at + 1,
                    "per-capita accounts divide by the population: give a "
                    "positive number",
                    "the population of region \"%s\" is %g", ext->regions->name[q], v);
            ext->population[q] = v;
        }
    }

    /* Satellite rows: every extension's F, labelled <folder>/<stressor>. */
    size_t ns = 0;
    bool any_fy = false, any_unit = false;
    for (size_t e = 0; e < c->next; e++) {
        ns += c->ext[e].F.nrows;
        any_fy = any_fy || c->ext[e].have_FY;
        any_unit = any_unit || c->ext[e].have_unit;
    }
    if (ns == 0) return URIO_OK;
    char **names = calloc(ns, sizeof *names);
    size_t *lines = calloc(ns, sizeof *lines);
    const char **files = calloc(ns, sizeof *files);
    s = names != NULL && lines != NULL && files != NULL ? URIO_OK : nomem(d, Z->name);
    if (s == URIO_OK) s = urio_matrix_create(ns, n, &m->S);
    if (s == URIO_OK && any_fy) s = urio_matrix_create(ns, k, &ext->F_Y);
    if (s == URIO_OK && any_unit) {
        ext->units = calloc(ns, sizeof *ext->units);
        if (ext->units == NULL) s = URIO_ENOMEM;
        ext->nunits = ns;
    }
    if (s == URIO_ENOMEM) s = nomem(d, Z->name);
    size_t row = 0;
    for (size_t e = 0; s == URIO_OK && e < c->next; e++) {
        const pym_ext *x = &c->ext[e];
        for (size_t i = 0; s == URIO_OK && i < x->F.nrows; i++, row++) {
            char buf[2 * URIO_LABEL_MAX + 4];
            snprintf(buf, sizeof buf, "%s/%s", x->folder, x->F.row_label[i]);
            const char *why = NULL;
            if (!urio_label_valid(buf, &why)) {
                s = urio_diag_set(d, URIO_EPARSE, x->F.name, x->F.row_line[i], 1,
                                  "shorten the extension folder's name or the stressor's",
                                  "stressor label \"%.60s\" is not valid: %s", buf, why);
                break;
            }
            names[row] = strdup(buf);
            lines[row] = x->F.row_line[i];
            files[row] = x->F.name;
            if (names[row] == NULL) s = nomem(d, x->F.name);
            for (size_t j = 0; j < n; j++)
                URIO_MAT(m->S, row, j) = x->F.vals[i * n + j];
            if (x->have_FY)
                for (size_t j = 0; j < k; j++)
                    URIO_MAT(ext->F_Y, row, j) = x->FY.vals[i * k + j];
            if (x->have_unit && s == URIO_OK) {
                ext->units[row] = strdup(x->unit.cells[i]);
                if (ext->units[row] == NULL) s = nomem(d, x->F.name);
            }
        }
    }
    if (s == URIO_OK) {
        size_t dup = SIZE_MAX;
        s = urio_labels_create(ns, (const char *const *)names, &m->srows, &dup);
        if (s != URIO_OK && dup < ns)
            s = urio_diag_set(d, URIO_EPARSE, files[dup], lines[dup], 1,
                              "give every stressor its own index values",
                              "stressor \"%s\" appears twice", names[dup]);
        else if (s != URIO_OK)
            s = nomem(d, Z->name);
    }
    free_strings(names, ns);
    free(lines);
    free(files);
    return s;
}

/* Read the folder; *hash is fed with every file's bytes in the order they are read. */
static urio_status pymrio_read(const char *folder, uint64_t *hash, urio_pymrio **out, urio_diag *d)
{
    *out = NULL;
    struct stat st;
    if (folder == NULL || folder[0] == '\0')
        return urio_diag_set(d, URIO_EINVAL, folder, 0, 0, NULL, "no folder given");
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode))
        return urio_diag_set(d, URIO_EIO, folder, 0, 0, HINT_SAVE, "%s",
                             stat(folder, &st) != 0 ? "no such folder" : "not a folder");
    pym_loader P = {*hash, d, NULL};
    P.p = calloc(1, sizeof *P.p);
    if (P.p == NULL) return nomem(d, folder);
    pym_core c;
    memset(&c, 0, sizeof c);
    urio_status s = read_core(&P, folder, &c);
    if (s == URIO_OK) s = read_metadata(&P, folder);
    if (s == URIO_OK) s = assemble(&P, &c);
    core_free(&c);
    if (s != URIO_OK) {
        urio_pymrio_free(P.p);
        return s;
    }
    *hash = P.hash;
    *out = P.p;
    return URIO_OK;
}

urio_status urio_pymrio_read(const char *folder, urio_pymrio **out, urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, folder, 0, 0, NULL, "no output given");
    uint64_t h = URIO__FNV_OFFSET;
    return pymrio_read(folder, &h, out, d);
}

/* ---- `pymrio:` in a model file (called by model_yaml.c) ---------------------------- */

urio_status urio__pymrio_model(yaml_document_t *doc, const yaml_node_t *root,
                               const yaml_node_t *key, const yaml_node_t *value, const char *path,
                               const char *dir, uint64_t hash, urio_model_file *mf, urio_diag *d)
{
    static const char *const exclusive[] = {"tables",    "sectors",    "regions",    "areas",
                                            "aggregate", "households", "regionalise"};
    for (size_t i = 0; i < sizeof exclusive / sizeof exclusive[0]; i++) {
        yaml_node_t *k = NULL;
        if (urio__yaml_get(doc, root, exclusive[i], &k) == NULL) continue;
        return urio__yaml_fail(d, URIO_EPARSE, path, k,
                               "a pymrio folder brings its own tables and `region/sector` labels: "
                               "remove the key, or `pymrio`",
                               "`%s` cannot be combined with `pymrio` (line %zu)", exclusive[i],
                               urio__yaml_line(key));
    }
    const char *rel = urio__yaml_text(value);
    if (value->type != YAML_SCALAR_NODE || rel == NULL || urio__yaml_is_null(value) ||
        rel[0] == '\0')
        return urio__yaml_fail(d, URIO_EPARSE, path, value,
                               "write `pymrio: path/to/folder` (relative to the model file)",
                               "`pymrio` must be the path of a folder, got %s",
                               urio__yaml_kind(value));
    /* name and units: the model file's, else the folder's. */
    const char *meta[2] = {"name", "units"};
    const char *text[2] = {NULL, NULL};
    for (int i = 0; i < 2; i++) {
        yaml_node_t *v = urio__yaml_get(doc, root, meta[i], NULL);
        if (v == NULL || urio__yaml_is_null(v)) continue;
        text[i] = urio__yaml_text(v);
        if (v->type != YAML_SCALAR_NODE || text[i] == NULL)
            return urio__yaml_fail(d, URIO_EPARSE, path, v, NULL, "`%s` must be text, got %s",
                                   meta[i], urio__yaml_kind(v));
    }
    /* `pymrio: .` (or `./`) is the model file's own directory. */
    const bool here = strcmp(rel, ".") == 0 || strcmp(rel, "./") == 0;
    char *folder = here ? strdup(dir) : urio__path_join(dir, rel);
    if (folder == NULL) return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    struct stat st;
    if (stat(folder, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char hint[384];
        snprintf(hint, sizeof hint, "paths in a model file are relative to its directory (%s); %s",
                 dir, HINT_SAVE);
        urio_status s =
            urio__yaml_fail(d, URIO_EIO, path, value, hint, "`pymrio`: %s is %s", folder,
                            stat(folder, &st) != 0 ? "not found" : "not a folder");
        free(folder);
        return s;
    }
    urio_pymrio *p = NULL;
    urio_status s = pymrio_read(folder, &hash, &p, d);
    free(folder);
    if (s != URIO_OK) return s;
    const char *name = text[0] != NULL ? text[0] : p->name;
    const char *units = text[1] != NULL ? text[1] : p->units;
    mf->kind = strdup("io");
    mf->name = name != NULL ? strdup(name) : NULL;
    mf->units = units != NULL ? strdup(units) : NULL;
    mf->hash = malloc(17);
    if (mf->kind == NULL || mf->hash == NULL || (name != NULL && mf->name == NULL) ||
        (units != NULL && mf->units == NULL)) {
        urio_pymrio_free(p);
        return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    }
    snprintf(mf->hash, 17, "%016llx", (unsigned long long)hash);
    /* The model keeps the file's name and units; the tables come from the folder. */
    urio_io_model *m = p->io;
    const char *dst_meta[2] = {mf->name, mf->units};
    char **dst[2] = {&m->name, &m->units};
    for (int i = 0; i < 2; i++)
        if (dst_meta[i] != NULL && (*dst[i] = strdup(dst_meta[i])) == NULL) {
            urio_pymrio_free(p);
            return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
        }
    /* Hand the model, the extensions and the sources over to mf. */
    mf->io = p->io;
    mf->ext = p->ext;
    char **g = realloc(mf->sources, (mf->nsources + p->nsources) * sizeof *g);
    if (g == NULL && mf->nsources + p->nsources > 0) {
        p->io = NULL;
        p->ext = NULL;
        urio_pymrio_free(p);
        return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    }
    mf->sources = g;
    for (size_t i = 0; i < p->nsources; i++)
        mf->sources[mf->nsources++] = p->sources[i];
    p->nsources = 0;
    p->io = NULL;
    p->ext = NULL;
    urio_pymrio_free(p);
    return URIO_OK;
}
