/* csv_read.c - labelled CSV tables (DESIGN.md section 4): urio_csv_parse, the
 * RFC 4180 record reader and the number reader shared inside formats/.
 *
 * The input is any byte sequence (the parser is fuzzed): nothing reads past len,
 * every scan moves forward (memchr for quotes), so time is linear in the input, and
 * memory is a small multiple of it.  Positions in messages are 1-based: the line
 * where a record or field starts, and the field index counting the label as 1. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>

#include "internal.h"

/* ---- Numbers ------------------------------------------------------------------ */

urio_status urio__c_numeric_begin(urio__c_numeric *cn)
{
    cn->c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
    cn->saved = (locale_t)0;
    if (cn->c == (locale_t)0) return URIO_ENOMEM;
    cn->saved = uselocale(cn->c);
    return URIO_OK;
}

void urio__c_numeric_end(urio__c_numeric *cn)
{
    if (cn->c == (locale_t)0) return;
    uselocale(cn->saved);
    freelocale(cn->c);
    cn->c = (locale_t)0;
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool equal_nocase(const char *s, size_t n, const char *word)
{
    size_t i = 0;
    for (; i < n && word[i] != '\0'; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != word[i]) return false;
    }
    return i == n && word[i] == '\0';
}

/* The longest number text accepted: a double needs 17 significant digits, and
 * nobody writes a table cell of hundreds of digits; the bound keeps strtod cheap. */
#define NUMBER_MAX 400

bool urio__parse_number(const char *s, size_t len, double *v, const char **why, const char **hint)
{
    static const char *const plain_hint =
        "write a decimal number such as 12.5, -3 or 1.2e6 (an empty cell means 0)";
    while (len > 0 && is_blank(s[0])) {
        s++;
        len--;
    }
    while (len > 0 && is_blank(s[len - 1]))
        len--;
    *why = "is not a number";
    *hint = plain_hint;
    if (len == 0) {
        *why = "is empty";
        return false;
    }
    if (len > NUMBER_MAX) {
        *why = "is too long to be a number";
        return false;
    }
    size_t i = 0, d1 = 0, d2 = 0, d3 = 0;
    if (s[i] == '+' || s[i] == '-') i++;
    size_t body = i;
    while (i < len && is_digit(s[i])) {
        i++;
        d1++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && is_digit(s[i])) {
            i++;
            d2++;
        }
    }
    bool ok = d1 + d2 > 0;
    if (ok && i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) i++;
        while (i < len && is_digit(s[i])) {
            i++;
            d3++;
        }
        ok = d3 > 0;
    }
    if (!ok || i != len) {
        const char *t = s + body;
        size_t n = len - body;
        if (equal_nocase(t, n, "nan") || equal_nocase(t, n, "inf") ||
            equal_nocase(t, n, "infinity")) {
            *why = "is not a finite number";
            *hint = "every value must be a finite number; leave the cell empty for 0";
        } else if (n >= 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
            *why = "is a hexadecimal number";
            *hint = "write the number in decimal notation";
        } else if (memchr(s, ',', len) != NULL) {
            *hint = "write decimals with a point (1.5) and no thousands separators (12000)";
        }
        return false;
    }
    char tmp[NUMBER_MAX + 1];
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    char *end = NULL;
    errno = 0;
    double x = strtod(tmp, &end);
    if (end != tmp + len) return false; /* cannot happen after the grammar check */
    if (!isfinite(x)) {
        *why = "is too large";
        *hint = "values must stay below 1.8e308: change the table's units";
        return false;
    }
    *v = x;
    return true;
}

/* ---- UTF-8 -------------------------------------------------------------------- */

/* Offset of the first byte that is not well-formed UTF-8 (Unicode 15, table 3-7:
 * no overlong forms, no surrogates, nothing above U+10FFFF), or n when all is. */
static size_t utf8_bad_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return i;
        }
        if (n - i <= need) return i;
        if (s[i + 1] < lo || s[i + 1] > hi) return i;
        for (size_t k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += need + 1;
    }
    return n;
}

/* ---- Records ------------------------------------------------------------------ */

void urio__csv_reader_init(urio__csv_reader *r, const char *buf, size_t len, const char *name)
{
    memset(r, 0, sizeof *r);
    r->buf = buf;
    r->len = buf != NULL ? len : 0;
    r->line = 1;
    r->name = name;
    if (r->len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
}

void urio__csv_reader_free(urio__csv_reader *r)
{
    free(r->fields);
    free(r->arena);
    r->fields = NULL;
    r->arena = NULL;
    r->fcap = r->acap = 0;
}

bool urio__csv_rest_blank(const urio__csv_reader *r)
{
    for (size_t i = r->pos; i < r->len; i++) {
        char c = r->buf[i];
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
    }
    return true;
}

void urio__csv_trim(urio__csv_field *f)
{
    const char *t = f->text;
    size_t n = f->len;
    while (n > 0 && is_blank(t[0])) {
        t++;
        n--;
    }
    while (n > 0 && is_blank(t[n - 1]))
        n--;
    /* The field's text lives in the arena and may be shortened in place. */
    ((char *)t)[n] = '\0';
    f->text = t;
    f->len = n;
}

static bool arena_reserve(urio__csv_reader *r, size_t used, size_t more)
{
    if (more > SIZE_MAX / 2 - used) return false;
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

static urio_status nomem(urio_diag *d, const char *name)
{
    return urio_diag_set(d, URIO_ENOMEM, name, 0, 0, NULL, "out of memory reading the table");
}

urio_status urio__csv_next(urio__csv_reader *r, bool *more, urio_diag *d)
{
    const char *buf = r->buf;
    const size_t len = r->len;
    size_t used = 0;
    r->nfields = 0;
    *more = r->pos < len;
    if (!*more) return URIO_OK;
    for (;;) {
        const size_t col = r->nfields + 1;
        const size_t fline = r->line;
        size_t q = r->pos;
        while (q < len && is_blank(buf[q]))
            q++;
        const size_t off = used;
        bool quoted = q < len && buf[q] == '"';
        if (quoted) {
            q++;
            for (;;) {
                const char *hit = memchr(buf + q, '"', len - q);
                if (hit == NULL) {
                    return urio_diag_set(d, URIO_EPARSE, r->name, fline, col,
                                         "close the quote with \"; a quote inside a quoted "
                                         "field is written as two quotes (\"\")",
                                         "unterminated quoted field (the quote opens here)");
                }
                size_t e = (size_t)(hit - buf);
                r->line += count_lines(buf + q, e - q);
                bool escaped = e + 1 < len && buf[e + 1] == '"';
                size_t piece = e - q + (escaped ? 1 : 0);
                if (!arena_reserve(r, used, piece + 1)) return nomem(d, r->name);
                memcpy(r->arena + used, buf + q, e - q + (escaped ? 1 : 0));
                used += piece;
                if (!escaped) {
                    q = e + 1;
                    break;
                }
                q = e + 2;
            }
            while (q < len && is_blank(buf[q]))
                q++;
            if (q < len && buf[q] != ',' && buf[q] != '\n' && buf[q] != '\r') {
                return urio_diag_set(d, URIO_EPARSE, r->name, r->line, col,
                                     "put the whole field in quotes, and write a quote "
                                     "inside it as two quotes (\"\")",
                                     "unexpected text after the closing quote of a field");
            }
        } else {
            q = r->pos;
            while (q < len && buf[q] != ',' && buf[q] != '\n' && buf[q] != '\r')
                q++;
            if (!arena_reserve(r, used, q - r->pos + 1)) return nomem(d, r->name);
            memcpy(r->arena + used, buf + r->pos, q - r->pos);
            used += q - r->pos;
        }
        r->arena[used] = '\0';
        size_t flen = used - off;
        size_t bad = utf8_bad_at((const unsigned char *)r->arena + off, flen);
        if (bad < flen) {
            return urio_diag_set(d, URIO_EPARSE, r->name, fline, col,
                                 "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)",
                                 "invalid UTF-8 (byte 0x%02x at byte %zu of the field)",
                                 (unsigned)(unsigned char)r->arena[off + bad], bad + 1);
        }
        used++;
        if (r->nfields == r->fcap) {
            size_t cap = r->fcap == 0 ? 16 : 2 * r->fcap;
            urio__csv_field *g = realloc(r->fields, cap * sizeof *g);
            if (g == NULL) return nomem(d, r->name);
            r->fields = g;
            r->fcap = cap;
        }
        r->fields[r->nfields++] =
            (urio__csv_field){.len = flen, .line = fline, .col = col, .quoted = quoted, .off = off};
        if (q >= len) {
            r->pos = len;
            break;
        }
        if (buf[q] == ',') {
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

/* ---- Tables ------------------------------------------------------------------- */

/* Check a (trimmed) label field; `what` is "row label" or "column label". */
static urio_status check_label(const urio__csv_field *f, const char *name, const char *what,
                               urio_diag *d)
{
    const char *why = NULL;
    char ex[80];
    if (strlen(f->text) != f->len) {
        urio__excerpt(f->text, f->len, ex, sizeof ex);
        return urio_diag_set(d, URIO_EPARSE, name, f->line, f->col,
                             "remove the NUL byte (the file may not be a text file)",
                             "invalid %s \"%s\": it contains a NUL byte", what, ex);
    }
    if (!urio_label_valid(f->text, &why)) {
        urio__excerpt(f->text, f->len, ex, sizeof ex);
        return urio_diag_set(d, URIO_EPARSE, name, f->line, f->col,
                             "labels are sector names such as `agriculture` or "
                             "`region/area/sector`",
                             "invalid %s \"%s\": %s", what, ex, why != NULL ? why : "not valid");
    }
    return URIO_OK;
}

typedef struct csv_build {
    char *corner;
    char **cols; /* ncols labels */
    size_t ncols;
    char **rows; /* nrows labels */
    size_t *row_line;
    size_t nrows, rcap;
    double *vals; /* row-major, nrows * ncols */
    size_t nvals, vcap;
} csv_build;

static void build_free(csv_build *b)
{
    free(b->corner);
    for (size_t j = 0; j < b->ncols; j++)
        free(b->cols[j]);
    free(b->cols);
    for (size_t i = 0; i < b->nrows; i++)
        free(b->rows[i]);
    free(b->rows);
    free(b->row_line);
    free(b->vals);
}

/* The problems of one table.  urio_csv_parse stops at the first; urio_csv_parse_all
 * records in `all` every problem that leaves the rest of the table readable (a
 * cell that is not a number: read as 0; a row with the wrong number of fields or a
 * bad label, or an empty line: skipped) and reads on, up to CSV_PROBLEMS_MAX per
 * table (a file with another delimiter would otherwise give one per cell). */
#define CSV_PROBLEMS_MAX ((size_t)20)
typedef struct csv_problems {
    urio_diags *all; /* NULL: stop at the first problem */
    size_t count;    /* problems of this table recorded in all */
    urio_diag first; /* the first of them */
    bool full;       /* the quota was reached: reading stopped at the next problem */
    bool settled;    /* the outcome is recorded: nothing to add to all */
} csv_problems;

/* The problem described in d leaves the table readable: true when reading goes on
 * (d is recorded), false when it stops here (the caller returns d's status). */
static bool read_on(csv_problems *p, const urio_diag *d)
{
    if (p->all == NULL) return false;
    if (p->count == CSV_PROBLEMS_MAX) {
        p->full = true;
        return false;
    }
    if (p->count == 0) p->first = *d;
    urio_diags_add(p->all, d);
    p->count++;
    return true;
}

static urio_status parse_header(urio__csv_reader *r, csv_build *b, urio_diag *d)
{
    bool more = false;
    urio_status s = urio__csv_next(r, &more, d);
    if (s != URIO_OK) return s;
    if (r->nfields < 2) {
        return urio_diag_set(d, URIO_EPARSE, r->name, r->fields[0].line, 1,
                             "the first row holds a corner cell, then the column labels, "
                             "separated by commas: sector,s1,s2",
                             "the header row has no column labels");
    }
    urio__csv_field *f = &r->fields[0];
    urio__csv_trim(f);
    if (strlen(f->text) != f->len) {
        return urio_diag_set(d, URIO_EPARSE, r->name, f->line, f->col,
                             "remove the NUL byte (the file may not be a text file)",
                             "the corner cell contains a NUL byte");
    }
    b->corner = strdup(f->text);
    b->cols = calloc(r->nfields - 1, sizeof *b->cols);
    if (b->corner == NULL || b->cols == NULL) return nomem(d, r->name);
    for (size_t j = 1; j < r->nfields; j++) {
        f = &r->fields[j];
        urio__csv_trim(f);
        s = check_label(f, r->name, "column label", d);
        if (s != URIO_OK) return s;
        b->cols[j - 1] = strdup(f->text);
        if (b->cols[j - 1] == NULL) return nomem(d, r->name);
        b->ncols = j;
    }
    return URIO_OK;
}

static urio_status cell_error(const urio__csv_reader *r, const csv_build *b,
                              const urio__csv_field *f, const char *row, const char *why,
                              const char *hint, urio_diag *d)
{
    char ex[80], rl[80], cl[80];
    urio__excerpt(f->text, f->len, ex, sizeof ex);
    urio__excerpt(row, strlen(row), rl, sizeof rl);
    const char *col = b->cols[f->col - 2];
    urio__excerpt(col, strlen(col), cl, sizeof cl);
    return urio_diag_set(d, URIO_EPARSE, r->name, f->line, f->col, hint,
                         "cell %s: \"%s\" (row \"%s\", column \"%s\")", why, ex, rl, cl);
}

static urio_status parse_row(urio__csv_reader *r, csv_build *b, urio_diag *d, csv_problems *p)
{
    const size_t want = b->ncols + 1;
    const size_t line = r->fields[0].line;
    if (r->nfields != want) {
        size_t col = r->nfields > want ? want + 1 : r->nfields + 1;
        return urio_diag_set(d, URIO_EPARSE, r->name, line, col,
                             "every row needs a label and one cell per column label (an "
                             "empty cell means 0); quote a label that contains a comma",
                             "expected %zu fields, got %zu", want, r->nfields);
    }
    urio__csv_field *f = &r->fields[0];
    urio__csv_trim(f);
    urio_status s = check_label(f, r->name, "row label", d);
    if (s != URIO_OK) return s;
    if (b->nrows == b->rcap) {
        size_t cap = b->rcap == 0 ? 64 : 2 * b->rcap;
        char **g = realloc(b->rows, cap * sizeof *g);
        if (g == NULL) return nomem(d, r->name);
        b->rows = g;
        size_t *gl = realloc(b->row_line, cap * sizeof *gl);
        if (gl == NULL) return nomem(d, r->name);
        b->row_line = gl;
        b->rcap = cap;
    }
    b->rows[b->nrows] = strdup(f->text);
    if (b->rows[b->nrows] == NULL) return nomem(d, r->name);
    b->row_line[b->nrows] = line;
    b->nrows++;
    if (b->vcap - b->nvals < b->ncols) {
        size_t cap = b->vcap == 0 ? 1024 : b->vcap;
        while (cap - b->nvals < b->ncols) {
            if (cap > SIZE_MAX / (2 * sizeof(double))) return nomem(d, r->name);
            cap *= 2;
        }
        double *g = realloc(b->vals, cap * sizeof *g);
        if (g == NULL) return nomem(d, r->name);
        b->vals = g;
        b->vcap = cap;
    }
    const char *row = b->rows[b->nrows - 1];
    for (size_t j = 1; j < want; j++) {
        f = &r->fields[j];
        double v = 0.0;
        const char *why = NULL, *hint = NULL;
        urio__csv_trim(f);
        if (f->len > 0 && !urio__parse_number(f->text, f->len, &v, &why, &hint)) {
            s = cell_error(r, b, f, row, why, hint, d);
            if (!read_on(p, d)) return s;
            v = 0.0;
        }
        b->vals[b->nvals++] = v;
    }
    return URIO_OK;
}

/* First index before `second` holding the same text (it exists: a duplicate). */
static size_t first_of(char *const *names, size_t second)
{
    for (size_t k = 0; k < second; k++)
        if (strcmp(names[k], names[second]) == 0) return k;
    return second;
}

static urio_status make_labels(char *const *names, size_t n, urio_labels **out, size_t *dup,
                               urio_diag *d, const char *file)
{
    *dup = SIZE_MAX;
    urio_status s = urio_labels_create(n, (const char *const *)names, out, dup);
    if (s == URIO_ENOMEM) return nomem(d, file);
    if (s != URIO_OK && *dup >= n) /* a failure that is not a duplicate */
        return urio_diag_set(d, s, file, 0, 0, NULL, "cannot index the labels");
    return s;
}

static urio_status parse(const char *buf, size_t len, const char *name, urio_table **out,
                         urio_diag *d, csv_problems *p)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "no output given");
    *out = NULL;
    if (buf == NULL && len > 0)
        return urio_diag_set(d, URIO_EINVAL, name, 0, 0, NULL, "no input buffer given");
    urio__csv_reader r;
    urio__csv_reader_init(&r, buf, len, name);
    csv_build b = {0};
    urio_table *t = NULL;
    urio__c_numeric cn = {0};
    urio_status s = URIO_OK;
    const unsigned char *u = (const unsigned char *)buf;
    if (len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        /* Excel's "Unicode Text" and some converters write UTF-16 with this mark. */
        s = urio_diag_set(d, URIO_EPARSE, name, 1, 1,
                          "save the file as UTF-8 (in a spreadsheet: CSV UTF-8)",
                          "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); "
                          "tables are UTF-8");
        goto done;
    }
    if (urio__csv_rest_blank(&r)) {
        s = urio_diag_set(d, URIO_EPARSE, name, 1, 0,
                          "a table starts with a header row (a corner cell, then the column "
                          "labels), followed by one row per label",
                          "the file is empty");
        goto done;
    }
    s = urio__c_numeric_begin(&cn);
    if (s != URIO_OK) {
        s = nomem(d, name);
        goto done;
    }
    s = parse_header(&r, &b, d);
    if (s != URIO_OK) goto done;
    size_t dup = 0;
    urio_labels *cols = NULL, *rows = NULL;
    s = make_labels(b.cols, b.ncols, &cols, &dup, d, name);
    if (s != URIO_OK) {
        if (dup < b.ncols) {
            s = urio_diag_set(d, URIO_EPARSE, name, r.fields[dup + 1].line, dup + 2,
                              "give every column a different label",
                              "duplicate column label \"%s\" (columns %zu and %zu)", b.cols[dup],
                              first_of(b.cols, dup) + 2, dup + 2);
        }
        goto done;
    }
    for (;;) {
        bool more = false;
        s = urio__csv_next(&r, &more, d);
        if (s != URIO_OK || !more) break;
        if (r.nfields == 1 && !r.fields[0].quoted) {
            urio__csv_trim(&r.fields[0]);
            if (r.fields[0].len == 0) {
                if (urio__csv_rest_blank(&r)) break;
                s = urio_diag_set(d, URIO_EPARSE, name, r.fields[0].line, 1,
                                  "remove the empty line", "empty line inside the table");
                if (read_on(p, d)) continue;
                break;
            }
        }
        s = parse_row(&r, &b, d, p);
        if (s == URIO_EPARSE && read_on(p, d)) continue; /* the row is skipped */
        if (s != URIO_OK) break;
    }
    if (s == URIO_OK && p->count > 0) { /* every problem is in p->all */
        *d = p->first;
        s = p->first.status;
        p->settled = true;
    }
    if (s == URIO_OK && b.nrows == 0) {
        s = urio_diag_set(d, URIO_EPARSE, name, r.line, 0,
                          "add one row per label: the label, then one number per column",
                          "the table has a header but no rows");
    }
    if (s == URIO_OK) {
        s = make_labels(b.rows, b.nrows, &rows, &dup, d, name);
        if (s != URIO_OK && dup < b.nrows) {
            s = urio_diag_set(d, URIO_EPARSE, name, b.row_line[dup], 1,
                              "give every row a different label",
                              "duplicate row label \"%s\" (lines %zu and %zu)", b.rows[dup],
                              b.row_line[first_of(b.rows, dup)], b.row_line[dup]);
        }
    }
    if (s != URIO_OK) {
        urio_labels_free(cols);
        goto done;
    }
    t = calloc(1, sizeof *t);
    if (t == NULL) {
        urio_labels_free(cols);
        urio_labels_free(rows);
        s = nomem(d, name);
        goto done;
    }
    t->cols = cols;
    t->rows = rows;
    t->corner = b.corner;
    b.corner = NULL;
    t->row_line = b.row_line;
    b.row_line = NULL;
    t->col_column = malloc(b.ncols * sizeof *t->col_column);
    t->source = name != NULL ? strdup(name) : NULL;
    s = urio_matrix_create(b.nrows, b.ncols, &t->values);
    if (s == URIO_OK && (t->col_column == NULL || (name != NULL && t->source == NULL)))
        s = URIO_ENOMEM;
    if (s != URIO_OK) {
        s = nomem(d, name);
        goto done;
    }
    for (size_t j = 0; j < b.ncols; j++)
        t->col_column[j] = j + 2;
    for (size_t i = 0; i < b.nrows; i++)
        for (size_t j = 0; j < b.ncols; j++)
            URIO_MAT(t->values, i, j) = b.vals[i * b.ncols + j];
    *out = t;
    t = NULL;
done:
    urio__c_numeric_end(&cn);
    urio_table_free(t);
    build_free(&b);
    urio__csv_reader_free(&r);
    return s;
}

urio_status urio_csv_parse(const char *buf, size_t len, const char *name, urio_table **out,
                           urio_diag *d)
{
    csv_problems p = {0};
    return parse(buf, len, name, out, d, &p);
}

urio_status urio_csv_parse_all(const char *buf, size_t len, const char *name, urio_table **out,
                               urio_diag *d, urio_diags *all)
{
    urio_diag own;
    if (d == NULL) d = &own;
    urio_diag_clear(d);
    csv_problems p = {.all = all};
    urio_status s = parse(buf, len, name, out, d, &p);
    if (s == URIO_OK || p.settled || all == NULL) return s;
    if (p.full) {
        urio_diag stop;
        urio_diag_set(&stop, URIO_EPARSE, name, d->line, 0,
                      "mend the problems listed and check again; a table whose every cell "
                      "fails may use another delimiter than the comma",
                      "more than %zu problems in this table: stopped reading it here",
                      CSV_PROBLEMS_MAX);
        urio_diags_add(all, &stop);
    } else {
        urio_diags_add(all, d); /* the problem that stopped the reading */
    }
    if (p.count > 0) *d = p.first;
    return s;
}
