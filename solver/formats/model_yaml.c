/* model_yaml.c - model files (DESIGN.md section 5): urio_model_load for `model: io`,
 * and the YAML helpers that scenario_yaml.c shares (formats/internal.h).
 *
 * The file is read whole and parsed with libyaml's document API; the loader walks
 * only the keys it knows, so its work is bounded by the file whatever anchors and
 * aliases it holds.  Every problem is reported with the model file, the key and its
 * line and column (libyaml's marks are 0-based; messages are 1-based), or, for a
 * problem inside a table, with the table's file, line and column.
 *
 * The model's sectors are the `sectors:` list, expanded to `region/area/sector`
 * labels in region-major order when `regions:` or `areas:` have more than one member
 * (a dimension with one member is left out of the labels), or else Z's row labels.
 * With `aggregate:` the tables carry source labels, which the two-column concordance
 * (header row, then `source,target`) maps onto the model's sectors.
 *
 * With `regionalise:` the tables are national (plain sector labels, after
 * `aggregate:`); the regional CSVs named there (regional output or employment, area
 * shares, final-demand destination shares) are read like the tables, checked with
 * file, line and column, and urio_io_regionalise (urio/io_regionalise.h) replaces
 * the national model by the region/area/sector one; the report is kept in
 * urio_model_file.regional.
 *
 * The model hash is 64-bit FNV-1a over the model file's bytes and then each table's
 * bytes and length, in the order they are read, written as 16 hex digits.  It says
 * whether two runs read the same inputs; it is not a cryptographic digest. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/formats.h>

#include "internal.h"

/* ---- YAML helpers (formats/internal.h) ---------------------------------------- */

size_t urio__yaml_line(const yaml_node_t *n)
{
    return n != NULL ? n->start_mark.line + 1 : 0;
}

size_t urio__yaml_col(const yaml_node_t *n)
{
    return n != NULL ? n->start_mark.column + 1 : 0;
}

urio_status urio__yaml_fail(urio_diag *d, urio_status s, const char *file, const yaml_node_t *n,
                            const char *hint, const char *fmt, ...)
{
    /* Formatted apart first, so that an argument may be text already in d. */
    char msg[sizeof d->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return urio_diag_set(d, s, file, urio__yaml_line(n), urio__yaml_col(n), hint, "%s", msg);
}

urio_status urio__yaml_nomem(urio_diag *d, const char *file)
{
    return urio_diag_set(d, URIO_ENOMEM, file, 0, 0, NULL, "out of memory reading the scenarios");
}

size_t urio__yaml_seq_len(const yaml_node_t *n)
{
    return (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
}

yaml_node_t *urio__yaml_seq_item(yaml_document_t *doc, const yaml_node_t *n, size_t i)
{
    return yaml_document_get_node(doc, n->data.sequence.items.start[i]);
}

bool urio__yaml_is_null(const yaml_node_t *n)
{
    if (n == NULL || n->type != YAML_SCALAR_NODE) return false;
    if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return false;
    const char *v = (const char *)n->data.scalar.value;
    return v[0] == '\0' || strcmp(v, "~") == 0 || strcmp(v, "null") == 0 ||
           strcmp(v, "Null") == 0 || strcmp(v, "NULL") == 0;
}

const char *urio__yaml_kind(const yaml_node_t *n)
{
    if (n == NULL) return "nothing";
    switch (n->type) {
    case YAML_MAPPING_NODE:
        return "a mapping";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_SCALAR_NODE:
        return urio__yaml_is_null(n) ? "nothing" : "text";
    default:
        return "nothing";
    }
}

const char *urio__yaml_text(const yaml_node_t *n)
{
    if (n == NULL || n->type != YAML_SCALAR_NODE) return NULL;
    const char *v = (const char *)n->data.scalar.value;
    if (strlen(v) != n->data.scalar.length) return NULL;
    return v;
}

yaml_node_t *urio__yaml_get(yaml_document_t *doc, const yaml_node_t *map, const char *key,
                            yaml_node_t **key_node)
{
    if (key_node != NULL) *key_node = NULL;
    if (map == NULL || map->type != YAML_MAPPING_NODE) return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        const char *t = urio__yaml_text(k);
        if (t != NULL && strcmp(t, key) == 0) {
            if (key_node != NULL) *key_node = k;
            return yaml_document_get_node(doc, p->value);
        }
    }
    return NULL;
}

/* "a, b, c" from a list of words, cut to fit. */
static void join_words(const char *const *w, size_t n, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int k = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", w[i]);
        if (k < 0 || (size_t)k >= size - o) {
            if (size > 4) memcpy(buf + size - 4, "...", 4);
            return;
        }
        o += (size_t)k;
    }
}

urio_status urio__yaml_check_keys(yaml_document_t *doc, const yaml_node_t *map,
                                  const char *const *known, size_t nknown, const char *file,
                                  const char *where, urio_diag *d)
{
    size_t first_line[32] = {0}; /* line of each known key's first occurrence */
    if (nknown > 32) return urio_diag_set(d, URIO_EINVAL, file, 0, 0, NULL, "too many keys");
    char list[320];
    join_words(known, nknown, list, sizeof list);
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top;
         p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        const char *t = urio__yaml_text(k);
        if (t == NULL || urio__yaml_is_null(k)) {
            return urio__yaml_fail(d, URIO_EPARSE, file, k, NULL,
                                   "a key in %s is %s; keys are words such as %s", where,
                                   urio__yaml_kind(k), known[0]);
        }
        size_t idx = nknown;
        for (size_t i = 0; i < nknown; i++)
            if (strcmp(t, known[i]) == 0) idx = i;
        if (idx == nknown) {
            char ex[80], hint[384];
            urio__excerpt(t, strlen(t), ex, sizeof ex);
            const char *near = urio__nearest(t, known, nknown);
            if (near != NULL)
                snprintf(hint, sizeof hint, "did you mean `%s`? Known keys: %s", near, list);
            else
                snprintf(hint, sizeof hint, "known keys: %s", list);
            return urio__yaml_fail(d, URIO_EPARSE, file, k, hint, "unknown key `%s` in %s", ex,
                                   where);
        }
        if (first_line[idx] != 0) {
            return urio__yaml_fail(d, URIO_EPARSE, file, k, "keep one of them",
                                   "key `%s` appears twice in %s (lines %zu and %zu)", t, where,
                                   first_line[idx], urio__yaml_line(k));
        }
        first_line[idx] = urio__yaml_line(k);
    }
    return URIO_OK;
}

/* Line and column of a byte offset, for reader errors that carry only the offset. */
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

static urio_status yaml_error(const yaml_parser_t *p, const char *buf, size_t len, const char *file,
                              urio_diag *d)
{
    const char *problem = p->problem != NULL ? p->problem : "cannot parse";
    if (p->error == YAML_MEMORY_ERROR)
        return urio_diag_set(d, URIO_ENOMEM, file, 0, 0, NULL, "out of memory reading YAML");
    if (p->error == YAML_READER_ERROR) {
        size_t line = 0, col = 0;
        offset_place(buf, len, p->problem_offset, &line, &col);
        return urio_diag_set(d, URIO_EPARSE, file, line, col,
                             "save the file as UTF-8 text without control characters",
                             "not valid text: %s", problem);
    }
    char ctx[160] = "";
    if (p->context != NULL)
        snprintf(ctx, sizeof ctx, " (%s on line %zu)", p->context, p->context_mark.line + 1);
    return urio_diag_set(d, URIO_EPARSE, file, p->problem_mark.line + 1, p->problem_mark.column + 1,
                         "check the indentation and the `key: value` layout near here; put "
                         "text holding : # [ ] { } in quotes",
                         "YAML syntax error: %s%s", problem, ctx);
}

/* The deepest nesting of lists and mappings a model or scenario file may have (the
 * files urio reads need about 6).  libyaml's scanner does work proportional to the
 * depth for every token, so N nested `[` cost O(N^2) time (40,000 took 24 s, a
 * megabyte would take an hour): the depth is checked first, on the event stream,
 * which stops at the first level too deep. */
#define YAML_MAX_DEPTH 64

static urio_status check_depth(const char *buf, size_t len, const char *file, urio_diag *d)
{
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return urio_diag_set(d, URIO_ENOMEM, file, 0, 0, NULL, "out of memory reading YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    urio_status s = URIO_OK;
    size_t depth = 0;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) break; /* the loader reports syntax errors */
        const yaml_event_type_t t = e.type;
        if (t == YAML_SEQUENCE_START_EVENT || t == YAML_MAPPING_START_EVENT) {
            if (++depth > YAML_MAX_DEPTH)
                s = urio_diag_set(
                    d, URIO_EPARSE, file, e.start_mark.line + 1, e.start_mark.column + 1,
                    "model and scenario files need a few levels; check the brackets",
                    "lists and mappings are nested more than %d levels deep", YAML_MAX_DEPTH);
        } else if ((t == YAML_SEQUENCE_END_EVENT || t == YAML_MAPPING_END_EVENT) && depth > 0) {
            depth--;
        }
        yaml_event_delete(&e);
        if (s != URIO_OK || t == YAML_STREAM_END_EVENT) break;
    }
    yaml_parser_delete(&p);
    return s;
}

urio_status urio__yaml_load(const char *buf, size_t len, const char *file, yaml_document_t *doc,
                            urio_diag *d)
{
    if (buf == NULL) {
        buf = "";
        len = 0;
    }
    urio_status s = check_depth(buf, len, file, d);
    if (s != URIO_OK) return s;
    yaml_parser_t p;
    if (!yaml_parser_initialize(&p))
        return urio_diag_set(d, URIO_ENOMEM, file, 0, 0, NULL, "out of memory reading YAML");
    yaml_parser_set_input_string(&p, (const unsigned char *)buf, len);
    if (!yaml_parser_load(&p, doc)) {
        s = yaml_error(&p, buf, len, file, d);
        yaml_parser_delete(&p);
        return s;
    }
    if (yaml_document_get_root_node(doc) == NULL) {
        s = urio_diag_set(d, URIO_EPARSE, file, 1, 0, NULL, "the file is empty");
    } else {
        yaml_document_t extra;
        if (!yaml_parser_load(&p, &extra)) {
            s = yaml_error(&p, buf, len, file, d);
        } else {
            yaml_node_t *root = yaml_document_get_root_node(&extra);
            if (root != NULL)
                s = urio__yaml_fail(d, URIO_EPARSE, file, root,
                                    "keep one document: remove the `---`",
                                    "a second YAML document starts here");
            yaml_document_delete(&extra);
        }
    }
    if (s != URIO_OK) yaml_document_delete(doc);
    yaml_parser_delete(&p);
    return s;
}

/* ---- The loader ---------------------------------------------------------------- */

static const char *const top_keys[] = {"model",     "name",   "units",      "sectors",
                                       "regions",   "areas",  "tables",     "households",
                                       "aggregate", "pymrio", "regionalise"};
static const char *const table_keys[] = {"Z", "Y", "V", "satellites", "x"};
enum { T_Z, T_Y, T_V, T_S, T_X, NTABLES };
static const char *const household_keys[] = {"name", "consumption", "income"};
static const char *const reg_keys[] = {
    "method",       "delta", "regional_output", "regional_employment", "area_shares",
    "final_demand", "trade"};
enum { R_IND, R_AREA, R_FD, NREG }; /* the tables of `regionalise:` */

#define NKEYS(a) (sizeof(a) / sizeof((a)[0]))

/* A list of labels from the model file, with the node of each for messages. */
typedef struct label_list {
    size_t count;
    char **name;
    const yaml_node_t **node;
    const yaml_node_t *key; /* the list's key, NULL when absent */
} label_list;

typedef struct concordance {
    size_t count;
    char **source, **target;
    size_t *line;
    urio_labels *sources; /* index of source labels */
} concordance;

typedef struct loader {
    const char *path;
    char *dir;
    urio_diag *d;
    urio_diags *all; /* urio_model_load_all: every problem of the tables goes here */
    bool listed;     /* the problem returned is already in all */
    yaml_document_t doc;
    bool have_doc;
    char *text; /* the model file */
    size_t len;
    uint64_t hash;
    urio_model_file *mf;
    label_list sectors, regions, areas;
    const yaml_node_t *table_node[NTABLES]; /* path scalars */
    char *table_path[NTABLES];
    urio_table *table[NTABLES];
    const yaml_node_t *households;
    const yaml_node_t *aggregate;
    char *aggregate_path;
    concordance conc;
    urio_labels *model_sectors; /* the model's sectors */
    urio_labels *table_sectors; /* the tables' sector labels (= model_sectors without aggregate) */
    const char *table_sectors_what; /* "model sector" or "row label of Z" */
    const yaml_node_t *reg_node;    /* the `regionalise:` mapping, NULL when absent */
    const yaml_node_t *reg_key;
    char *reg_path[NREG];
    urio_table *reg_table[NREG];
} loader;

static void label_list_free(label_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->name[i]);
    free(l->name);
    free(l->node);
    memset(l, 0, sizeof *l);
}

static void concordance_free(concordance *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->source[i]);
        free(c->target[i]);
    }
    free(c->source);
    free(c->target);
    free(c->line);
    urio_labels_free(c->sources);
    memset(c, 0, sizeof *c);
}

static urio_status nomem(loader *L)
{
    return urio_diag_set(L->d, URIO_ENOMEM, L->path, 0, 0, NULL, "out of memory loading the model");
}

/* Text value of an optional key: NULL when absent or null; error when not text. */
static urio_status get_text(loader *L, const yaml_node_t *map, const char *key, const char *what,
                            const yaml_node_t **node, const char **text)
{
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(&L->doc, map, key, &k);
    *node = v;
    *text = NULL;
    if (v == NULL || urio__yaml_is_null(v)) {
        *node = NULL;
        return URIO_OK;
    }
    const char *t = urio__yaml_text(v);
    if (v->type != YAML_SCALAR_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, NULL, "`%s` must be %s, got %s", key,
                               what, urio__yaml_kind(v));
    if (t == NULL)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v, NULL, "`%s` contains a NUL character",
                               key);
    *text = t;
    return URIO_OK;
}

static bool label_ok(const char *t, const char **why)
{
    return urio_label_valid(t, why);
}

/* A list of labels under `key` (optional).  slash: whether labels may hold '/'. */
static urio_status get_label_list(loader *L, const yaml_node_t *root, const char *key, bool slash,
                                  label_list *out)
{
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(&L->doc, root, key, &k);
    memset(out, 0, sizeof *out);
    if (v == NULL || urio__yaml_is_null(v)) return URIO_OK;
    out->key = k;
    if (v->type != YAML_SEQUENCE_NODE) {
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                               "write a list: `[a, b]`, or one `- a` per line",
                               "`%s` must be a list of labels, got %s", key, urio__yaml_kind(v));
    }
    size_t n = urio__yaml_seq_len(v);
    if (n == 0)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                               "list at least one label, or leave the key out",
                               "`%s` is an empty list", key);
    out->name = calloc(n, sizeof *out->name);
    out->node = calloc(n, sizeof *out->node);
    if (out->name == NULL || out->node == NULL) return nomem(L);
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = urio__yaml_seq_item(&L->doc, v, i);
        const char *t = urio__yaml_text(item);
        const char *why = NULL;
        if (item->type != YAML_SCALAR_NODE || urio__yaml_is_null(item))
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, item, NULL,
                                   "item %zu of `%s` must be a label, got %s", i + 1, key,
                                   urio__yaml_kind(item));
        if (t == NULL)
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, item, NULL,
                                   "item %zu of `%s` contains a NUL character", i + 1, key);
        char ex[80];
        urio__excerpt(t, strlen(t), ex, sizeof ex);
        if (!label_ok(t, &why))
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, item, NULL,
                                   "invalid label \"%s\" in `%s`: %s", ex, key,
                                   why != NULL ? why : "not valid");
        if (!slash && strchr(t, '/') != NULL)
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, item,
                "`/` separates region, area and sector in labels; use `-` or `_`",
                "label \"%s\" in `%s` contains `/`", ex, key);
        out->name[i] = strdup(t);
        if (out->name[i] == NULL) return nomem(L);
        out->node[i] = item;
        out->count = i + 1;
    }
    /* Duplicates: index the labels, then name both places. */
    urio_labels *idx = NULL;
    size_t dup = SIZE_MAX;
    urio_status s = urio_labels_create(n, (const char *const *)out->name, &idx, &dup);
    urio_labels_free(idx);
    if (s == URIO_OK) return URIO_OK;
    if (dup >= n) return nomem(L);
    size_t first = 0;
    while (first < dup && strcmp(out->name[first], out->name[dup]) != 0)
        first++;
    return urio__yaml_fail(L->d, URIO_EPARSE, L->path, out->node[dup], "list each label once",
                           "`%s` lists \"%s\" twice (lines %zu and %zu)", key, out->name[dup],
                           urio__yaml_line(out->node[first]), urio__yaml_line(out->node[dup]));
}

/* Regions or areas with more than one member need a sectors list to combine with. */
static urio_status check_dimensions(loader *L)
{
    const label_list *R = &L->regions, *A = &L->areas;
    const label_list *dim = R->count > 1 ? R : A->count > 1 ? A : NULL;
    if (L->sectors.count > 0 || dim == NULL || L->reg_node != NULL) return URIO_OK;
    return urio__yaml_fail(L->d, URIO_EMODEL, L->path, dim->key,
                           "list the sectors: labels are built as region/area/sector",
                           "`%s` needs a `sectors` list", dim == R ? "regions" : "areas");
}

/* Sector labels region/area/sector, region-major, leaving out one-member dimensions.
 * Every model sector is a row of Z or receives one (aggregate), so a product larger
 * than Z's row count is refused before anything is built: the work stays bounded by
 * the input, whatever the lists multiply to. */
static urio_status build_sectors(loader *L)
{
    /* With `regionalise:` the tables are national: their sectors are the list. */
    static const label_list none = {0};
    const bool national = L->reg_node != NULL;
    const label_list *R = national ? &none : &L->regions, *A = national ? &none : &L->areas;
    const label_list *S = &L->sectors;
    size_t nr = R->count > 1 ? R->count : 1, na = A->count > 1 ? A->count : 1;
    if (S->count == 0) return URIO_OK; /* the sectors will be Z's row labels */
    const size_t zrows = L->table[T_Z]->rows->count;
    if (nr > zrows / na || nr * na > zrows / S->count) {
        return urio__yaml_fail(L->d, URIO_EMODEL, L->path, S->key,
                               "with `aggregate`, list the model's (target) sectors; without it, "
                               "Z has one row per region/area/sector label",
                               "`sectors` (%zu) x `regions` (%zu) x `areas` (%zu) make more sector "
                               "labels than Z (%s) has rows (%zu)",
                               S->count, nr, na, L->table_path[T_Z], zrows);
    }
    size_t n = nr * na * S->count;
    char **names = calloc(n, sizeof *names);
    if (names == NULL) return nomem(L);
    urio_status s = URIO_OK;
    size_t k = 0;
    for (size_t r = 0; r < nr && s == URIO_OK; r++)
        for (size_t a = 0; a < na && s == URIO_OK; a++)
            for (size_t j = 0; j < S->count && s == URIO_OK; j++) {
                char buf[3 * URIO_LABEL_MAX + 8];
                snprintf(buf, sizeof buf, "%s%s%s%s%s", R->count > 1 ? R->name[r] : "",
                         R->count > 1 ? "/" : "", A->count > 1 ? A->name[a] : "",
                         A->count > 1 ? "/" : "", S->name[j]);
                const char *why = NULL;
                if (!label_ok(buf, &why)) {
                    char ex[80];
                    urio__excerpt(buf, strlen(buf), ex, sizeof ex);
                    s = urio__yaml_fail(
                        L->d, URIO_EMODEL, L->path, S->node[j], "use shorter names",
                        "the label \"%s\" built from regions, areas and sectors is not "
                        "valid: %s",
                        ex, why != NULL ? why : "not valid");
                    break;
                }
                names[k] = strdup(buf);
                if (names[k++] == NULL) s = nomem(L);
            }
    if (s == URIO_OK) {
        size_t dup = SIZE_MAX;
        s = urio_labels_create(n, (const char *const *)names, &L->model_sectors, &dup);
        if (s != URIO_OK) s = nomem(L); /* the parts are unique and hold no '/' */
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return s;
}

/* "a, b, c, ... (n in all)" for hints. */
static void list_labels(const urio_labels *l, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < l->count; i++) {
        int k = snprintf(buf + o, size - o, "%s%s", i > 0 ? ", " : "", l->name[i]);
        if (k < 0 || (size_t)k + 24 >= size - o) {
            snprintf(buf + o, size - o, ", ... (%zu in all)", l->count);
            return;
        }
        o += (size_t)k;
    }
}

/* Read one input file (a table or the concordance) named under `key`, hashing its
 * bytes; a failure to read is reported at the key's value in the model file. */
static urio_status read_input(loader *L, const yaml_node_t *node, const char *key, const char *rel,
                              char **path, char **buf, size_t *len)
{
    *path = urio__path_join(L->dir, rel);
    if (*path == NULL) return nomem(L);
    urio_diag inner;
    urio_diag_clear(&inner);
    urio_status s = urio_read_file(*path, buf, len, &inner);
    if (s != URIO_OK) {
        char hint[384];
        snprintf(hint, sizeof hint, "paths in a model file are relative to its directory (%s)",
                 L->dir);
        return urio__yaml_fail(L->d, s, L->path, node, hint, "`%s`: %s: %s", key, *path, inner.msg);
    }
    L->hash = urio__fnv1a(L->hash, *buf, *len);
    uint64_t n = (uint64_t)*len;
    L->hash = urio__fnv1a(L->hash, &n, sizeof n);
    urio_model_file *mf = L->mf;
    char **g = realloc(mf->sources, (mf->nsources + 1) * sizeof *g);
    if (g == NULL) return nomem(L);
    mf->sources = g;
    mf->sources[mf->nsources] = strdup(*path);
    if (mf->sources[mf->nsources] == NULL) return nomem(L);
    mf->nsources++;
    return URIO_OK;
}

static urio_status read_table(loader *L, int which)
{
    char *buf = NULL;
    size_t len = 0;
    char key[32];
    snprintf(key, sizeof key, "tables.%s", table_keys[which]);
    urio_status s = read_input(L, L->table_node[which], key, urio__yaml_text(L->table_node[which]),
                               &L->table_path[which], &buf, &len);
    if (s != URIO_OK)
        urio_diags_add(L->all, L->d);
    else if (L->all != NULL)
        s = urio_csv_parse_all(buf, len, L->table_path[which], &L->table[which], L->d, L->all);
    else
        s = urio_csv_parse(buf, len, L->table_path[which], &L->table[which], L->d);
    free(buf);
    return s;
}

/* The concordance: a header row, then `source,target` rows. */
static urio_status read_concordance(loader *L)
{
    char *buf = NULL, *path = NULL;
    size_t len = 0;
    urio_status s =
        read_input(L, L->aggregate, "aggregate", urio__yaml_text(L->aggregate), &path, &buf, &len);
    L->aggregate_path = path;
    if (s != URIO_OK) {
        free(buf);
        return s;
    }
    concordance *c = &L->conc;
    urio__csv_reader r;
    urio__csv_reader_init(&r, buf, len, path);
    const char *hint2 = "the concordance has two columns: a header row `source,target`, then "
                        "one row per source label";
    size_t cap = 0;
    bool header = true;
    for (;;) {
        bool more = false;
        s = urio__csv_next(&r, &more, L->d);
        if (s != URIO_OK) break;
        if (!more) break;
        if (r.nfields == 1) {
            urio__csv_trim(&r.fields[0]);
            if (r.fields[0].len == 0 && !r.fields[0].quoted && urio__csv_rest_blank(&r)) break;
        }
        if (r.nfields != 2) {
            s = urio_diag_set(L->d, URIO_EPARSE, path, r.fields[0].line,
                              r.nfields > 2 ? 3 : r.nfields + 1, hint2,
                              "expected 2 fields, got %zu", r.nfields);
            break;
        }
        if (header) {
            header = false;
            /* A header that is a sector label means the header row is missing. */
            urio__csv_trim(&r.fields[0]);
            size_t at = 0;
            if (L->table[T_Z] != NULL &&
                urio_labels_find(L->table[T_Z]->rows, r.fields[0].text, &at)) {
                s = urio_diag_set(L->d, URIO_EPARSE, path, r.fields[0].line, 1, hint2,
                                  "the first row must be a header such as `source,target`, "
                                  "but \"%s\" is a label of Z",
                                  r.fields[0].text);
                break;
            }
            continue;
        }
        for (size_t k = 0; k < 2 && s == URIO_OK; k++) {
            urio__csv_field *f = &r.fields[k];
            urio__csv_trim(f);
            const char *why = NULL;
            char ex[80];
            urio__excerpt(f->text, f->len, ex, sizeof ex);
            if (strlen(f->text) != f->len || !label_ok(f->text, &why))
                s = urio_diag_set(L->d, URIO_EPARSE, path, f->line, f->col, hint2,
                                  "invalid %s label \"%s\": %s", k == 0 ? "source" : "target", ex,
                                  why != NULL ? why : "it contains a NUL byte");
        }
        if (s != URIO_OK) break;
        if (c->count == cap) {
            cap = cap == 0 ? 64 : 2 * cap;
            char **gs = realloc(c->source, cap * sizeof *gs);
            if (gs != NULL) c->source = gs;
            char **gt = realloc(c->target, cap * sizeof *gt);
            if (gt != NULL) c->target = gt;
            size_t *gl = realloc(c->line, cap * sizeof *gl);
            if (gl != NULL) c->line = gl;
            if (gs == NULL || gt == NULL || gl == NULL) {
                s = nomem(L);
                break;
            }
        }
        c->source[c->count] = strdup(r.fields[0].text);
        c->target[c->count] = strdup(r.fields[1].text);
        c->line[c->count] = r.fields[0].line;
        c->count++;
        if (c->source[c->count - 1] == NULL || c->target[c->count - 1] == NULL) {
            s = nomem(L);
            break;
        }
    }
    urio__csv_reader_free(&r);
    free(buf);
    if (s != URIO_OK) return s;
    if (c->count == 0)
        return urio_diag_set(L->d, URIO_EPARSE, path, 0, 0, hint2, "the concordance has no rows");
    size_t dup = SIZE_MAX;
    s = urio_labels_create(c->count, (const char *const *)c->source, &c->sources, &dup);
    if (s != URIO_OK) {
        if (dup >= c->count) return nomem(L);
        size_t first = 0;
        while (first < dup && strcmp(c->source[first], c->source[dup]) != 0)
            first++;
        return urio_diag_set(L->d, URIO_EPARSE, path, c->line[dup], 1,
                             "map each source label to one sector",
                             "source label \"%s\" appears twice (lines %zu and %zu)",
                             c->source[dup], c->line[first], c->line[dup]);
    }
    return URIO_OK;
}

/* The label of want nearest to name among those got lacks (a typo's likely fix). */
static const char *nearest_missing(const char *name, const urio_labels *want,
                                   const urio_labels *got)
{
    const char **cand = malloc((want->count > 0 ? want->count : 1) * sizeof *cand);
    if (cand == NULL) return NULL;
    size_t n = 0;
    for (size_t j = 0; j < want->count; j++) {
        size_t at = 0;
        if (!urio_labels_find(got, want->name[j], &at)) cand[n++] = want->name[j];
    }
    const char *near = urio__nearest(name, cand, n);
    free(cand);
    return near;
}

/* Unknown labels listed per table and axis when collecting (urio check); then one
 * line says how many more there are. */
#define LABELS_LISTED_MAX ((size_t)20)

/* Check that a table's rows (or columns) are exactly `want`, in order.  When
 * collecting (L->all), every label that is not in `want` is listed (at most
 * LABELS_LISTED_MAX, then a count), L->listed is set and the first is returned;
 * the other problems (a missing label, the order) are returned unlisted, one. */
static urio_status match_labels(loader *L, int which, bool rows, const urio_labels *want,
                                const char *want_what)
{
    const urio_table *t = L->table[which];
    const urio_labels *got = rows ? t->rows : t->cols;
    const char *file = t->source != NULL ? t->source : L->table_path[which];
    const char *kind = rows ? "row" : "column";
    const char *tname = table_keys[which];
    char list[300], hint[384];
    list_labels(want, list, sizeof list);
    urio_status first = URIO_OK;
    urio_diag first_d;
    size_t unknown = 0;
    for (size_t i = 0; i < got->count; i++) {
        size_t at = 0;
        if (urio_labels_find(want, got->name[i], &at)) continue;
        if (++unknown > LABELS_LISTED_MAX) continue;
        const char *near = nearest_missing(got->name[i], want, got);
        if (near != NULL)
            snprintf(hint, sizeof hint, "did you mean \"%s\"? The %ss are: %s", near, want_what,
                     list);
        else
            snprintf(hint, sizeof hint, "the %ss are: %s", want_what, list);
        urio_status s = urio_diag_set(
            L->d, URIO_EMODEL, file, rows ? t->row_line[i] : 1, rows ? 1 : t->col_column[i], hint,
            "%s: %s label \"%s\" is not a %s", tname, kind, got->name[i], want_what);
        if (L->all == NULL) return s;
        urio_diags_add(L->all, L->d);
        if (first == URIO_OK) {
            first = s;
            first_d = *L->d;
        }
    }
    if (first != URIO_OK) {
        if (unknown > LABELS_LISTED_MAX) {
            urio_diag more;
            urio_diag_set(&more, URIO_EMODEL, file, 0, 0,
                          "check that the table belongs to this model (its sectors, its "
                          "orientation: rows sell, columns buy)",
                          "%s: %zu more %s labels are not %ss", tname, unknown - LABELS_LISTED_MAX,
                          kind, want_what);
            urio_diags_add(L->all, &more);
        }
        *L->d = first_d;
        L->listed = true;
        return first;
    }
    if (got->count < want->count) {
        for (size_t i = 0; i < want->count; i++) {
            size_t at = 0;
            if (urio_labels_find(got, want->name[i], &at)) continue;
            snprintf(hint, sizeof hint, "give %s one %s per %s: %s", tname, kind, want_what, list);
            return urio_diag_set(L->d, URIO_EMODEL, file, 0, 0, hint,
                                 "%s has no %s for %s \"%s\" (%zu %ss, %zu %ss)", tname, kind,
                                 want_what, want->name[i], got->count, kind, want->count,
                                 want_what);
        }
    }
    for (size_t i = 0; i < got->count; i++) {
        if (strcmp(got->name[i], want->name[i]) == 0) continue;
        snprintf(hint, sizeof hint, "order the %ss of %s as the %ss: %s", kind, tname, want_what,
                 list);
        return urio_diag_set(L->d, URIO_EMODEL, file, rows ? t->row_line[i] : 1,
                             rows ? 1 : t->col_column[i], hint,
                             "%s: %s \"%s\" is out of order: %s %zu is \"%s\"", tname, kind,
                             got->name[i], want_what, i + 1, want->name[i]);
    }
    return URIO_OK;
}

/* Sort key for first_targets: a concordance row by target, then by position. */
typedef struct target_row {
    const char *target;
    size_t row;
} target_row;

static int by_target_then_row(const void *pa, const void *pb)
{
    const target_row *a = pa, *b = pb;
    int c = strcmp(a->target, b->target);
    if (c != 0) return c;
    return (a->row > b->row) - (a->row < b->row);
}

static int by_row(const void *pa, const void *pb)
{
    const target_row *a = pa, *b = pb;
    return (a->row > b->row) - (a->row < b->row);
}

/* Without a `sectors` list, the model's sectors are the targets of Z's sectors in
 * the order they first appear in the concordance (sorting keeps this O(n log n)). */
static urio_status first_targets(loader *L)
{
    const concordance *c = &L->conc;
    const urio_labels *zr = L->table[T_Z]->rows;
    target_row *t = malloc(c->count * sizeof *t);
    const char **names = malloc(c->count * sizeof *names);
    if (t == NULL || names == NULL) {
        free(t);
        free(names);
        return nomem(L);
    }
    size_t n = 0, m = 0;
    for (size_t k = 0; k < c->count; k++) {
        size_t at = 0;
        if (urio_labels_find(zr, c->source[k], &at)) t[n++] = (target_row){c->target[k], k};
    }
    qsort(t, n, sizeof *t, by_target_then_row);
    for (size_t k = 0; k < n; k++)
        if (k == 0 || strcmp(t[k].target, t[m - 1].target) != 0) t[m++] = t[k];
    qsort(t, m, sizeof *t, by_row);
    for (size_t k = 0; k < m; k++)
        names[k] = t[k].target;
    size_t dup = 0;
    urio_status s = urio_labels_create(m, names, &L->model_sectors, &dup);
    free(t);
    free(names);
    return s == URIO_OK ? URIO_OK : nomem(L);
}

/* Decide the model's sectors and the tables' sector labels, checking Z and, with
 * aggregate, the concordance. */
static urio_status resolve_sectors(loader *L)
{
    const urio_table *Z = L->table[T_Z];
    if (Z->rows->count != Z->cols->count)
        return urio_diag_set(L->d, URIO_EMODEL, Z->source, 1, 0,
                             "Z has one row and one column per sector, in the same order",
                             "Z is not square: %zu rows, %zu columns", Z->rows->count,
                             Z->cols->count);
    if (L->aggregate == NULL) {
        if (L->model_sectors == NULL) {
            urio_status s = urio_labels_copy(Z->rows, &L->model_sectors);
            if (s != URIO_OK) return nomem(L);
        }
        L->table_sectors = L->model_sectors;
        L->table_sectors_what = "model sector";
        urio_status s = match_labels(L, T_Z, true, L->model_sectors, "model sector");
        if (s == URIO_OK) s = match_labels(L, T_Z, false, L->model_sectors, "model sector");
        return s;
    }
    /* Aggregation: the tables carry source labels (Z's rows). */
    L->table_sectors = Z->rows;
    L->table_sectors_what = "row label of Z";
    urio_status s = match_labels(L, T_Z, false, Z->rows, "row label of Z");
    if (s != URIO_OK) return s;
    const concordance *c = &L->conc;
    for (size_t i = 0; i < Z->rows->count; i++) {
        size_t at = 0;
        if (urio_labels_find(c->sources, Z->rows->name[i], &at)) continue;
        return urio_diag_set(L->d, URIO_EMODEL, Z->source, Z->row_line[i], 1,
                             "every sector of the tables needs a row in the concordance",
                             "Z: sector \"%s\" is not in the concordance %s", Z->rows->name[i],
                             L->aggregate_path);
    }
    if (L->model_sectors != NULL) {
        for (size_t k = 0; k < c->count; k++) {
            size_t at = 0;
            if (urio_labels_find(L->model_sectors, c->target[k], &at)) continue;
            char list[300], hint[384];
            list_labels(L->model_sectors, list, sizeof list);
            const char *near = urio__nearest(
                c->target[k], (const char *const *)L->model_sectors->name, L->model_sectors->count);
            snprintf(hint, sizeof hint, "%s%s%sthe model's sectors are: %s",
                     near != NULL ? "did you mean \"" : "", near != NULL ? near : "",
                     near != NULL ? "\"? " : "", list);
            return urio_diag_set(L->d, URIO_EMODEL, L->aggregate_path, c->line[k], 2, hint,
                                 "target \"%s\" is not a model sector", c->target[k]);
        }
    } else {
        s = first_targets(L);
        if (s != URIO_OK) return s;
    }
    /* Every model sector must receive at least one of the tables' sectors. */
    bool *hit = calloc(L->model_sectors->count, sizeof *hit);
    if (hit == NULL) return nomem(L);
    for (size_t k = 0; k < c->count; k++) {
        size_t at = 0, j = 0;
        if (urio_labels_find(Z->rows, c->source[k], &at) &&
            urio_labels_find(L->model_sectors, c->target[k], &j))
            hit[j] = true;
    }
    s = URIO_OK;
    for (size_t j = 0; j < L->model_sectors->count && s == URIO_OK; j++)
        if (!hit[j])
            s = urio_diag_set(L->d, URIO_EMODEL, L->aggregate_path, 0, 0,
                              "map at least one sector of the tables to it, or remove it from "
                              "`sectors`",
                              "model sector \"%s\" receives no sector of the tables",
                              L->model_sectors->name[j]);
    free(hit);
    return s;
}

/* The labels of Y, V, S and x against the sectors.  Each table's first problem;
 * when collecting (urio_model_load_all) every table's, since one table's labels
 * do not hide another's, and within a table every unknown label (match_labels). */
static urio_status check_tables(loader *L)
{
    urio_status s = resolve_sectors(L);
    if (s != URIO_OK) return s;
    const urio_labels *ts = L->table_sectors;
    const char *what = L->table_sectors_what;
    static const int which[] = {T_Y, T_V, T_S, T_X};
    urio_status first = URIO_OK;
    bool any = false;
    for (size_t k = 0; k < NKEYS(which); k++) {
        L->listed = false;
        const urio_table *t = L->table[which[k]];
        if (t == NULL) continue; /* Y is required: never NULL here */
        if (which[k] == T_X && t->cols->count != 1)
            s = urio_diag_set(L->d, URIO_EMODEL, t->source, 1, 3,
                              "x holds gross output: a label column and one number column",
                              "x must have one column, got %zu", t->cols->count);
        else
            s = match_labels(L, which[k], which[k] == T_Y || which[k] == T_X, ts, what);
        if (s == URIO_OK) continue;
        if (L->all == NULL) return s;
        if (!L->listed) urio_diags_add(L->all, L->d); /* match_labels lists unknown labels */
        any = true;
        if (first == URIO_OK) first = s;
    }
    L->listed = any;
    return first;
}

/* Households: a list of {name, consumption, income}. */
static urio_status check_households(loader *L, urio_io_household **out, size_t *nout)
{
    const yaml_node_t *v = L->households;
    *out = NULL;
    *nout = 0;
    if (v == NULL) return URIO_OK;
    if (v->type != YAML_SEQUENCE_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                               "write `- {name: urban, consumption: <Y column>, income: <V row>}`",
                               "`households` must be a list, got %s", urio__yaml_kind(v));
    size_t n = urio__yaml_seq_len(v);
    if (n == 0) return URIO_OK;
    urio_io_household *h = calloc(n, sizeof *h);
    if (h == NULL) return nomem(L);
    *out = h;
    *nout = n; /* names are filled one by one; the caller frees all n */
    const urio_table *Y = L->table[T_Y], *V = L->table[T_V];
    for (size_t i = 0; i < n; i++) {
        yaml_node_t *item = urio__yaml_seq_item(&L->doc, v, i);
        if (item->type != YAML_MAPPING_NODE)
            return urio__yaml_fail(
                L->d, URIO_EPARSE, L->path, item,
                "write `- {name: urban, consumption: <Y column>, income: <V row>}`",
                "household %zu must be a mapping, got %s", i + 1, urio__yaml_kind(item));
        urio_status s = urio__yaml_check_keys(&L->doc, item, household_keys, NKEYS(household_keys),
                                              L->path, "a household", L->d);
        if (s != URIO_OK) return s;
        const yaml_node_t *node[3];
        const char *text[3];
        for (size_t k = 0; k < 3; k++) {
            s = get_text(L, item, household_keys[k], "a label", &node[k], &text[k]);
            if (s != URIO_OK) return s;
            if (text[k] == NULL)
                return urio__yaml_fail(L->d, URIO_EPARSE, L->path, item, NULL,
                                       "household %zu has no `%s`", i + 1, household_keys[k]);
        }
        const char *why = NULL;
        if (!label_ok(text[0], &why))
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node[0], NULL,
                                   "invalid household name: %s", why != NULL ? why : "not valid");
        char list[300], hint[384];
        if (!urio_labels_find(Y->cols, text[1], &h[i].consumption)) {
            list_labels(Y->cols, list, sizeof list);
            snprintf(hint, sizeof hint, "the columns of Y are: %s", list);
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, node[1], hint,
                                   "household \"%s\": consumption \"%s\" is not a column of Y (%s)",
                                   text[0], text[1], L->table_path[T_Y]);
        }
        if (V == NULL)
            return urio__yaml_fail(
                L->d, URIO_EMODEL, L->path, node[2], "add `V: V.csv` under `tables`",
                "household \"%s\": income \"%s\" needs a row of V, but the model has "
                "no V table",
                text[0], text[2]);
        if (!urio_labels_find(V->rows, text[2], &h[i].income)) {
            list_labels(V->rows, list, sizeof list);
            snprintf(hint, sizeof hint, "the rows of V are: %s", list);
            return urio__yaml_fail(L->d, URIO_EMODEL, L->path, node[2], hint,
                                   "household \"%s\": income \"%s\" is not a row of V (%s)",
                                   text[0], text[2], L->table_path[T_V]);
        }
        h[i].name = strdup(text[0]);
        if (h[i].name == NULL) return nomem(L);
    }
    /* Names are unique: index them (O(n log n)), then name both places. */
    char **names = malloc(n * sizeof *names);
    if (names == NULL) return nomem(L);
    for (size_t i = 0; i < n; i++)
        names[i] = h[i].name;
    urio_labels *idx = NULL;
    size_t dup = SIZE_MAX;
    urio_status s = urio_labels_create(n, (const char *const *)names, &idx, &dup);
    urio_labels_free(idx);
    free(names);
    if (s == URIO_OK) return URIO_OK;
    if (dup >= n) return nomem(L);
    size_t first = 0;
    while (first < dup && strcmp(h[first].name, h[dup].name) != 0)
        first++;
    const yaml_node_t *a = urio__yaml_seq_item(&L->doc, v, first);
    const yaml_node_t *b = urio__yaml_seq_item(&L->doc, v, dup);
    return urio__yaml_fail(L->d, URIO_EPARSE, L->path, b, "give every household its own name",
                           "two households are named \"%s\" (lines %zu and %zu)", h[dup].name,
                           urio__yaml_line(a), urio__yaml_line(b));
}

static void households_free(urio_io_household *h, size_t n)
{
    if (h == NULL) return;
    for (size_t i = 0; i < n; i++)
        free(h[i].name);
    free(h);
}

static urio_status copy_values(urio_matrix *dst, const urio_matrix *src)
{
    if (dst->rows != src->rows || dst->cols != src->cols) return URIO_EINVAL;
    if (src->rows * src->cols > 0)
        memcpy(dst->data, src->data, src->rows * src->cols * sizeof *dst->data);
    return URIO_OK;
}

/* Assemble the urio_io_model from the checked tables. */
static urio_status assemble(loader *L, urio_io_household *h, size_t nh, urio_io_model **out)
{
    *out = NULL;
    urio_io_model *m = NULL;
    const urio_table *const *t = (const urio_table *const *)L->table;
    urio_status s = urio_io_model_create(L->table_sectors, t[T_Y]->cols, &m);
    if (s == URIO_OK) s = copy_values(m->Z, t[T_Z]->values);
    if (s == URIO_OK) s = copy_values(m->Y, t[T_Y]->values);
    if (s == URIO_OK && t[T_V] != NULL) {
        s = urio_labels_copy(t[T_V]->rows, &m->vrows);
        if (s == URIO_OK) s = urio_matrix_copy(t[T_V]->values, &m->V);
    }
    if (s == URIO_OK && t[T_S] != NULL) {
        s = urio_labels_copy(t[T_S]->rows, &m->srows);
        if (s == URIO_OK) s = urio_matrix_copy(t[T_S]->values, &m->S);
    }
    if (s == URIO_OK && t[T_X] != NULL) s = urio_matrix_copy(t[T_X]->values, &m->x_given);
    if (s == URIO_OK && nh > 0) {
        m->households = calloc(nh, sizeof *m->households);
        if (m->households == NULL) s = URIO_ENOMEM;
        for (size_t i = 0; s == URIO_OK && i < nh; i++) {
            m->households[i] = h[i];
            m->households[i].name = strdup(h[i].name);
            if (m->households[i].name == NULL) s = URIO_ENOMEM;
            m->nhouseholds = i + 1;
        }
    }
    if (s != URIO_OK) {
        urio_io_model_free(m);
        return nomem(L);
    }
    if (L->aggregate != NULL) {
        size_t n = L->table_sectors->count;
        size_t *map = malloc(n * sizeof *map);
        if (map == NULL) {
            urio_io_model_free(m);
            return nomem(L);
        }
        for (size_t i = 0; i < n; i++) {
            size_t k = 0;
            (void)urio_labels_find(L->conc.sources, L->table_sectors->name[i], &k);
            (void)urio_labels_find(L->model_sectors, L->conc.target[k], &map[i]);
        }
        urio_io_model *agg = NULL;
        s = urio_io_model_aggregate(m, map, L->model_sectors, &agg, L->d);
        free(map);
        urio_io_model_free(m);
        if (s != URIO_OK) return s;
        m = agg;
    }
    const char *meta[2] = {L->mf->name, L->mf->units};
    char **dst[2] = {&m->name, &m->units};
    for (int k = 0; k < 2; k++) {
        if (meta[k] == NULL || *dst[k] != NULL) continue;
        *dst[k] = strdup(meta[k]);
        if (*dst[k] == NULL) {
            urio_io_model_free(m);
            return nomem(L);
        }
    }
    *out = m;
    return URIO_OK;
}

/* The `tables:` mapping: paths only (the files are read later). */
static urio_status get_tables(loader *L, const yaml_node_t *root)
{
    yaml_node_t *k = NULL;
    yaml_node_t *v = urio__yaml_get(&L->doc, root, "tables", &k);
    if (v == NULL || urio__yaml_is_null(v))
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, k != NULL ? k : root,
                               "add `tables:` with at least `Z: Z.csv` and `Y: Y.csv`",
                               "the model has no `tables`");
    if (v->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, v, "write `tables:` then indented `Z: Z.csv`, `Y: Y.csv`",
            "`tables` must be a mapping of table names to files, got %s", urio__yaml_kind(v));
    urio_status s =
        urio__yaml_check_keys(&L->doc, v, table_keys, NTABLES, L->path, "`tables`", L->d);
    if (s != URIO_OK) return s;
    for (int i = 0; i < NTABLES; i++) {
        const char *text = NULL;
        char key[32];
        snprintf(key, sizeof key, "%s", table_keys[i]);
        s = get_text(L, v, key, "a file path", &L->table_node[i], &text);
        if (s != URIO_OK) return s;
        if (text != NULL && text[0] == '\0')
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, L->table_node[i], NULL,
                                   "`tables.%s` is an empty path", key);
        if (text == NULL && (i == T_Z || i == T_Y))
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, v,
                                   "Z (intermediate flows) and Y (final demand) are "
                                   "required",
                                   "`tables` has no `%s`", key);
    }
    return URIO_OK;
}

/* ---- Regionalisation (`regionalise:`; urio/io_regionalise.h) ------------------- */

/* A table of the regionalisation, read and hashed like the others. */
static urio_status read_reg_table(loader *L, int which, const yaml_node_t *node, const char *key)
{
    char *buf = NULL;
    size_t len = 0;
    char k[48];
    snprintf(k, sizeof k, "regionalise.%s", key);
    urio_status s = read_input(L, node, k, urio__yaml_text(node), &L->reg_path[which], &buf, &len);
    if (s == URIO_OK) s = urio_csv_parse(buf, len, L->reg_path[which], &L->reg_table[which], L->d);
    free(buf);
    return s;
}

/* Map a table's rows (or columns) onto want: idx[p] is the index in want of the
 * table's label p.  Unknown labels are errors with the nearest suggested; with
 * complete, every label of want must appear. */
static urio_status map_labels(loader *L, const urio_table *t, bool rows, const urio_labels *want,
                              const char *what, bool complete, size_t *idx)
{
    const urio_labels *got = rows ? t->rows : t->cols;
    const char *kind = rows ? "row" : "column";
    char list[300], hint[384];
    list_labels(want, list, sizeof list);
    for (size_t p = 0; p < got->count; p++) {
        if (urio_labels_find(want, got->name[p], &idx[p])) continue;
        const char *near =
            urio__nearest(got->name[p], (const char *const *)want->name, want->count);
        if (near != NULL)
            snprintf(hint, sizeof hint, "did you mean \"%s\"? The %ss are: %s", near, what, list);
        else
            snprintf(hint, sizeof hint, "the %ss are: %s", what, list);
        return urio_diag_set(L->d, URIO_EMODEL, t->source, rows ? t->row_line[p] : 1,
                             rows ? 1 : t->col_column[p], hint, "%s label \"%s\" is not a %s", kind,
                             got->name[p], what);
    }
    if (!complete || got->count == want->count) return URIO_OK;
    for (size_t w = 0; w < want->count; w++) {
        size_t at = 0;
        if (urio_labels_find(got, want->name[w], &at)) continue;
        snprintf(hint, sizeof hint, "give one %s per %s: %s", kind, what, list);
        return urio_diag_set(L->d, URIO_EMODEL, t->source, 0, 0, hint, "no %s for %s \"%s\"", kind,
                             what, want->name[w]);
    }
    return URIO_OK;
}

/* Copy table t into dst (rows x cols of the model's order) through the maps; each
 * value must lie in [lo, hi]. */
static urio_status place_values(loader *L, const urio_table *t, const size_t *ri, const size_t *ci,
                                urio_matrix *dst, double lo, double hi, const char *what)
{
    for (size_t q = 0; q < t->cols->count; q++)
        for (size_t p = 0; p < t->rows->count; p++) {
            const double v = URIO_MAT(t->values, p, q);
            if (!(v >= lo && v <= hi)) {
                char range[64];
                if (isinf(hi))
                    snprintf(range, sizeof range, "a number >= %g", lo);
                else
                    snprintf(range, sizeof range, "a number in [%g, %g]", lo, hi);
                return urio_diag_set(L->d, URIO_EMODEL, t->source, t->row_line[p], t->col_column[q],
                                     NULL, "%s %s/%s is %g; it must be %s", what, t->rows->name[p],
                                     t->cols->name[q], v, range);
            }
            URIO_MAT(dst, ri[p], ci[q]) = v;
        }
    return URIO_OK;
}

/* The region/area labels "r/a", region-major, for the area shares' rows. */
static urio_status region_area_labels(loader *L, const urio_labels *R, const urio_labels *A,
                                      urio_labels **out)
{
    const size_t n = R->count * A->count;
    char **names = calloc(n, sizeof *names);
    if (names == NULL) return nomem(L);
    urio_status s = URIO_OK;
    for (size_t r = 0; r < R->count && s == URIO_OK; r++)
        for (size_t a = 0; a < A->count && s == URIO_OK; a++) {
            const size_t len = strlen(R->name[r]) + strlen(A->name[a]) + 2;
            char *t = malloc(len);
            if (t == NULL) {
                s = nomem(L);
                break;
            }
            snprintf(t, len, "%s/%s", R->name[r], A->name[a]);
            names[r * A->count + a] = t;
        }
    if (s == URIO_OK && urio_labels_create(n, (const char *const *)names, out, NULL) != URIO_OK)
        s = nomem(L);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return s;
}

/* The area shares: rows `region/area`; a region may leave out one area, which gets
 * 1 minus the others. */
static urio_status area_share_matrix(loader *L, const urio_labels *R, const urio_labels *A,
                                     const urio_labels *sectors, urio_matrix **out)
{
    const urio_table *t = L->reg_table[R_AREA];
    const size_t na = A->count, n = sectors->count;
    urio_labels *ra = NULL;
    urio_status s = region_area_labels(L, R, A, &ra);
    if (s != URIO_OK) return s;
    size_t *ri = malloc((t->rows->count + 1) * sizeof *ri);
    size_t *ci = malloc((t->cols->count + 1) * sizeof *ci);
    bool *have = calloc(ra->count, sizeof *have);
    if (ri == NULL || ci == NULL || have == NULL) s = nomem(L);
    if (s == URIO_OK) s = map_labels(L, t, true, ra, "region/area", false, ri);
    if (s == URIO_OK) s = map_labels(L, t, false, sectors, "model sector", true, ci);
    if (s == URIO_OK) s = urio_matrix_create(ra->count, n, out);
    if (s == URIO_ENOMEM) s = nomem(L);
    if (s == URIO_OK) s = place_values(L, t, ri, ci, *out, 0.0, 1.0, "the area share of");
    for (size_t p = 0; s == URIO_OK && p < t->rows->count; p++)
        have[ri[p]] = true;
    for (size_t r = 0; s == URIO_OK && r < R->count; r++) {
        size_t missing = na, nmissing = 0;
        for (size_t a = 0; a < na; a++)
            if (!have[r * na + a]) {
                missing = a;
                nmissing++;
            }
        if (nmissing > 1) {
            s = urio_diag_set(L->d, URIO_EMODEL, t->source, 0, 0,
                              "give a row `region/area` for every area of each region (one "
                              "area may be left out: it gets the rest)",
                              "no row for %s/%s", R->name[r], A->name[missing]);
            break;
        }
        for (size_t j = 0; j < n; j++) {
            double sum = 0.0;
            for (size_t a = 0; a < na; a++)
                if (a != missing) sum += URIO_MAT(*out, r * na + a, j);
            if (nmissing == 1) {
                if (sum > 1.0 + 1e-9) {
                    s = urio_diag_set(L->d, URIO_EMODEL, t->source, 0, 0,
                                      "the shares of the areas of a region add up to 1",
                                      "the area shares of %s/*/%s add up to %.9g > 1 without "
                                      "%s",
                                      R->name[r], sectors->name[j], sum, A->name[missing]);
                    break;
                }
                URIO_MAT(*out, r * na + missing, j) = sum < 1.0 ? 1.0 - sum : 0.0;
            } else if (fabs(sum - 1.0) > 1e-6) {
                s = urio_diag_set(L->d, URIO_EMODEL, t->source, 0, 0,
                                  "the shares of the areas of a region add up to 1 for each "
                                  "sector (or leave one area's row out)",
                                  "the area shares of %s/*/%s add up to %.9g, not 1", R->name[r],
                                  sectors->name[j], sum);
                break;
            }
        }
    }
    urio_labels_free(ra);
    free(ri);
    free(ci);
    free(have);
    return s;
}

/* Read `regionalise:` and replace the national model by the regional one. */
static urio_status regionalise_model(loader *L)
{
    const yaml_node_t *v = L->reg_node;
    if (v->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, v,
            "write `regionalise:` then indented `regional_output: file.csv`, ...",
            "`regionalise` must be a mapping, got %s", urio__yaml_kind(v));
    urio_status s = urio__yaml_check_keys(&L->doc, v, reg_keys, NKEYS(reg_keys), L->path,
                                          "`regionalise`", L->d);
    if (s != URIO_OK) return s;
    if (L->regions.count == 0)
        return urio__yaml_fail(L->d, URIO_EMODEL, L->path, L->reg_key,
                               "list them: `regions: [east, west]`",
                               "`regionalise` needs the model's `regions`");
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    const yaml_node_t *node = NULL;
    const char *text = NULL;
    s = get_text(L, v, "method", "flq, slq or cilq", &node, &text);
    if (s != URIO_OK) return s;
    if (text != NULL && !urio_lq_method_parse(text, &o.method)) {
        static const char *const methods[] = {"flq", "slq", "cilq"};
        const char *near = urio__nearest(text, methods, 3);
        char hint[96], ex[80];
        urio__excerpt(text, strlen(text), ex, sizeof ex);
        snprintf(hint, sizeof hint, "%s%s%smethods: flq (Flegg), slq, cilq",
                 near != NULL ? "did you mean `" : "", near != NULL ? near : "",
                 near != NULL ? "`? " : "");
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node, hint, "unknown method \"%s\"", ex);
    }
    s = get_text(L, v, "delta", "a number", &node, &text);
    if (s != URIO_OK) return s;
    if (text != NULL) {
        if (o.method != URIO_LQ_FLQ)
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node,
                                   "remove `delta`, or use `method: flq`",
                                   "`delta` is a parameter of Flegg's quotient, not of %s",
                                   urio_lq_method_name(o.method));
        urio__c_numeric cn = {0};
        const char *why = NULL, *hint = NULL;
        double x = 0.0;
        bool ok = false;
        if (urio__c_numeric_begin(&cn) != URIO_OK) return nomem(L);
        ok = urio__parse_number(text, strlen(text), &x, &why, &hint);
        urio__c_numeric_end(&cn);
        char ex[80];
        urio__excerpt(text, strlen(text), ex, sizeof ex);
        (void)hint;
        if (!ok)
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node, "write a number such as 0.3",
                                   "`delta` %s: \"%s\"", why, ex);
        if (!(x >= 0.0 && x <= 1.0))
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node,
                                   "Flegg's delta lies in [0, 1]; 0.3 is the value most used",
                                   "`delta` is %s, outside [0, 1]", ex);
        o.delta = x;
    }
    s = get_text(L, v, "trade", "pooled", &node, &text);
    if (s != URIO_OK) return s;
    if (text != NULL && strcmp(text, "pooled") != 0) {
        char ex[80];
        urio__excerpt(text, strlen(text), ex, sizeof ex);
        if (strcmp(text, "gravity") == 0)
            return urio__yaml_fail(L->d, URIO_EUNSUPPORTED, L->path, node, "use `trade: pooled`",
                                   "gravity trade is not implemented yet");
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, node, "the trade rule is `pooled`",
                               "unknown trade rule \"%s\"", ex);
    }
    /* The tables. */
    const yaml_node_t *tnode[4] = {NULL, NULL, NULL, NULL};
    const char *tkey[4] = {"regional_output", "regional_employment", "area_shares", "final_demand"};
    for (int i = 0; i < 4; i++) {
        s = get_text(L, v, tkey[i], "a file path", &tnode[i], &text);
        if (s != URIO_OK) return s;
        if (text != NULL && text[0] == '\0')
            return urio__yaml_fail(L->d, URIO_EPARSE, L->path, tnode[i], NULL,
                                   "`regionalise.%s` is an empty path", tkey[i]);
    }
    if ((tnode[0] == NULL) == (tnode[1] == NULL))
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, tnode[1] != NULL ? tnode[1] : v,
            "give regional output (region x sector CSV) as `regional_output:`, or "
            "employment as `regional_employment:`",
            tnode[0] == NULL ? "`regionalise` has no `regional_output`"
                             : "`regionalise` has both `regional_output` and "
                               "`regional_employment`");
    const bool areas = L->areas.count > 1;
    if (areas && tnode[2] == NULL)
        return urio__yaml_fail(
            L->d, URIO_EPARSE, L->path, v,
            "add `area_shares: file.csv`: rows region/area, columns sectors, each "
            "region's output of a sector by area",
            "`regionalise` splits regions into %zu areas but has no `area_shares`", L->areas.count);
    if (!areas && tnode[2] != NULL)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, tnode[2],
                               "list two or more `areas`, or remove it",
                               "`area_shares` needs more than one area");
    /* The national model must be sound before it is split. */
    urio_io_model *m = L->mf->io;
    s = urio_io_model_validate(m, L->d);
    if (s != URIO_OK) {
        if (L->d != NULL && L->d->file[0] == '\0')
            snprintf(L->d->file, sizeof L->d->file, "%s", L->path);
        return s;
    }
    s = read_reg_table(L, R_IND, tnode[0] != NULL ? tnode[0] : tnode[1],
                       tnode[0] != NULL ? tkey[0] : tkey[1]);
    if (s == URIO_OK && tnode[2] != NULL) s = read_reg_table(L, R_AREA, tnode[2], tkey[2]);
    if (s == URIO_OK && tnode[3] != NULL) s = read_reg_table(L, R_FD, tnode[3], tkey[3]);
    if (s != URIO_OK) return s;

    urio_labels *regions = NULL, *arealist = NULL;
    urio_matrix *ind = NULL, *share = NULL, *fd = NULL;
    bool *given = NULL;
    size_t *ri = NULL, *ci = NULL;
    if (urio_labels_create(L->regions.count, (const char *const *)L->regions.name, &regions,
                           NULL) != URIO_OK ||
        (areas && urio_labels_create(L->areas.count, (const char *const *)L->areas.name, &arealist,
                                     NULL) != URIO_OK))
        s = nomem(L);
    const urio_table *t = L->reg_table[R_IND];
    if (s == URIO_OK) {
        ri = malloc((t->rows->count + 1) * sizeof *ri);
        ci = malloc((t->cols->count + 1) * sizeof *ci);
        if (ri == NULL || ci == NULL ||
            urio_matrix_create(regions->count, m->sectors->count, &ind) != URIO_OK)
            s = nomem(L);
    }
    if (s == URIO_OK) s = map_labels(L, t, true, regions, "region", true, ri);
    if (s == URIO_OK) s = map_labels(L, t, false, m->sectors, "model sector", true, ci);
    if (s == URIO_OK)
        s = place_values(L, t, ri, ci, ind, 0.0, INFINITY,
                         tnode[0] != NULL ? "regional output of" : "regional employment of");
    if (s == URIO_OK && areas) s = area_share_matrix(L, regions, arealist, m->sectors, &share);
    if (s == URIO_OK && L->reg_table[R_FD] != NULL) {
        const urio_table *f = L->reg_table[R_FD];
        free(ri);
        free(ci);
        ri = malloc((f->rows->count + 1) * sizeof *ri);
        ci = malloc((f->cols->count + 1) * sizeof *ci);
        given = calloc(m->categories->count + 1, sizeof *given);
        if (ri == NULL || ci == NULL || given == NULL ||
            urio_matrix_create(regions->count, m->categories->count, &fd) != URIO_OK)
            s = nomem(L);
        if (s == URIO_OK) s = map_labels(L, f, true, regions, "region", true, ri);
        if (s == URIO_OK)
            s = map_labels(L, f, false, m->categories, "final-demand category (a column of Y)",
                           false, ci);
        if (s == URIO_OK)
            s = place_values(L, f, ri, ci, fd, 0.0, INFINITY, "the final-demand share of");
        for (size_t q = 0; s == URIO_OK && q < f->cols->count; q++)
            given[ci[q]] = true;
    }
    urio_io_model *mr = NULL;
    if (s == URIO_OK) {
        urio_regional_data rd = {.regions = regions,
                                 .areas = arealist,
                                 .indicator = ind,
                                 .area_share = share,
                                 .fd_share = fd,
                                 .fd_given = given};
        s = urio_io_regionalise(m, &rd, &o, &mr, &L->mf->regional, L->d);
        if (s != URIO_OK && L->d != NULL && L->d->file[0] == '\0') {
            /* Name the model file at `regionalise:`. */
            snprintf(L->d->file, sizeof L->d->file, "%s", L->path);
            L->d->line = urio__yaml_line(L->reg_key);
            L->d->col = urio__yaml_col(L->reg_key);
        }
    }
    if (s == URIO_OK) {
        urio_io_model_free(L->mf->io);
        L->mf->io = mr;
    }
    urio_labels_free(regions);
    urio_labels_free(arealist);
    urio_matrix_free(ind);
    urio_matrix_free(share);
    urio_matrix_free(fd);
    free(given);
    free(ri);
    free(ci);
    return s;
}

static urio_status load(loader *L)
{
    urio_status s = urio_read_file(L->path, &L->text, &L->len, L->d);
    if (s != URIO_OK) return s;
    L->hash = urio__fnv1a(URIO__FNV_OFFSET, L->text, L->len);
    L->dir = urio__path_dirname(L->path);
    if (L->dir == NULL) return nomem(L);
    s = urio__yaml_load(L->text, L->len, L->path, &L->doc, L->d);
    if (s != URIO_OK) return s;
    L->have_doc = true;
    yaml_node_t *root = yaml_document_get_root_node(&L->doc);
    if (root->type != YAML_MAPPING_NODE)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, root,
                               "a model file is a mapping: `model: io`, `tables:`, ...",
                               "the model file must be a mapping of keys, got %s",
                               urio__yaml_kind(root));

    /* The kind first: a CGE file has keys an IO model does not know. */
    const yaml_node_t *kind_node = NULL;
    const char *kind = NULL;
    s = get_text(L, root, "model", "`io` or `cge`", &kind_node, &kind);
    if (s != URIO_OK) return s;
    if (kind == NULL)
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, root, "start the file with `model: io`",
                               "the model file has no `model` key");
    if (strcmp(kind, "cge") == 0) { /* cge_yaml.c */
        s = urio__cge_load(&L->doc, L->path, L->dir, &L->hash, L->mf, L->all, &L->listed, L->d);
        if (s != URIO_OK) return s;
        if ((L->mf->hash = malloc(17)) == NULL) return nomem(L);
        snprintf(L->mf->hash, 17, "%016llx", (unsigned long long)L->hash);
        return URIO_OK;
    }
    if (strcmp(kind, "io") != 0) {
        char ex[80];
        urio__excerpt(kind, strlen(kind), ex, sizeof ex);
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, kind_node,
                               "write `model: io` (or `model: cge`)", "unknown model kind \"%s\"",
                               ex);
    }
    s = urio__yaml_check_keys(&L->doc, root, top_keys, NKEYS(top_keys), L->path, "the model file",
                              L->d);
    if (s != URIO_OK) return s;
    yaml_node_t *pk = NULL;
    yaml_node_t *rk = NULL, *rv = urio__yaml_get(&L->doc, root, "regionalise", &rk);
    if (rv != NULL && !urio__yaml_is_null(rv)) {
        L->reg_node = rv;
        L->reg_key = rk;
        if (urio__yaml_get(&L->doc, root, "pymrio", NULL) != NULL)
            return urio__yaml_fail(L->d, URIO_EUNSUPPORTED, L->path, rk,
                                   "regionalise a national table given under `tables:`",
                                   "`regionalise` does not apply to a pymrio folder");
    }
    yaml_node_t *pv = urio__yaml_get(&L->doc, root, "pymrio", &pk);
    if (pv != NULL) /* a pymrio folder in place of `tables:` (pymrio_read.c) */
        return urio__pymrio_model(&L->doc, root, pk, pv, L->path, L->dir, L->hash, L->mf, L->d);

    urio_model_file *mf = L->mf;
    mf->kind = strdup("io");
    if (mf->kind == NULL) return nomem(L);
    const char *meta[2] = {"name", "units"};
    char **dst[2] = {&mf->name, &mf->units};
    for (int k = 0; k < 2; k++) {
        const yaml_node_t *n = NULL;
        const char *t = NULL;
        s = get_text(L, root, meta[k], "text", &n, &t);
        if (s != URIO_OK) return s;
        if (t != NULL && (*dst[k] = strdup(t)) == NULL) return nomem(L);
    }
    s = get_label_list(L, root, "sectors", true, &L->sectors);
    if (s == URIO_OK) s = get_label_list(L, root, "regions", false, &L->regions);
    if (s == URIO_OK) s = get_label_list(L, root, "areas", false, &L->areas);
    if (s != URIO_OK) return s;
    if ((L->regions.count > 1 || L->areas.count > 1) && L->sectors.count > 0) {
        for (size_t i = 0; i < L->sectors.count; i++)
            if (strchr(L->sectors.name[i], '/') != NULL)
                return urio__yaml_fail(L->d, URIO_EPARSE, L->path, L->sectors.node[i],
                                       "with `regions` or `areas`, sectors are plain names; labels "
                                       "are built as region/area/sector",
                                       "sector \"%s\" contains `/`", L->sectors.name[i]);
    }
    s = check_dimensions(L);
    if (s != URIO_OK) return s;
    s = get_tables(L, root);
    if (s != URIO_OK) return s;
    yaml_node_t *hk = NULL;
    L->households = urio__yaml_get(&L->doc, root, "households", &hk);
    if (urio__yaml_is_null(L->households)) L->households = NULL;
    const char *agg = NULL;
    s = get_text(L, root, "aggregate", "a file path (the concordance CSV)", &L->aggregate, &agg);
    if (s != URIO_OK) return s;
    if (agg != NULL && agg[0] == '\0')
        return urio__yaml_fail(L->d, URIO_EPARSE, L->path, L->aggregate, NULL,
                               "`aggregate` is an empty path");

    /* Every table is read before stopping when the problems are collected: one
     * table's problems do not hide another's. */
    urio_status first = URIO_OK;
    for (int i = 0; i < NTABLES && (first == URIO_OK || L->all != NULL); i++) {
        if (L->table_node[i] == NULL) continue;
        s = read_table(L, i);
        if (s != URIO_OK && first == URIO_OK) first = s;
    }
    if (first != URIO_OK) {
        L->listed = L->all != NULL;
        return first;
    }
    s = build_sectors(L);
    if (s != URIO_OK) return s;
    if (L->aggregate != NULL) {
        s = read_concordance(L);
        if (s != URIO_OK) return s;
    }
    s = check_tables(L);
    if (s != URIO_OK) return s;
    urio_io_household *h = NULL;
    size_t nh = 0;
    s = check_households(L, &h, &nh);
    if (s == URIO_OK) s = assemble(L, h, nh, &mf->io);
    households_free(h, nh);
    if (s == URIO_OK && L->reg_node != NULL) s = regionalise_model(L);
    if (s != URIO_OK) return s;
    mf->hash = malloc(17);
    if (mf->hash == NULL) return nomem(L);
    snprintf(mf->hash, 17, "%016llx", (unsigned long long)L->hash);
    return URIO_OK;
}

static urio_status load_file(const char *path, urio_model_file **out, urio_diag *d, urio_diags *all)
{
    if (out == NULL || path == NULL) {
        urio_status s = urio_diag_set(d, URIO_EINVAL, path, 0, 0, NULL, "no model file given");
        urio_diags_add(all, d);
        return s;
    }
    *out = NULL;
    loader L;
    memset(&L, 0, sizeof L);
    L.path = path;
    L.d = d;
    L.all = all;
    L.mf = calloc(1, sizeof *L.mf);
    if (L.mf == NULL) return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    L.mf->path = strdup(path);
    urio_status s = L.mf->path != NULL ? load(&L) : nomem(&L);
    if (L.have_doc) yaml_document_delete(&L.doc);
    free(L.text);
    free(L.dir);
    label_list_free(&L.sectors);
    label_list_free(&L.regions);
    label_list_free(&L.areas);
    for (int i = 0; i < NTABLES; i++) {
        free(L.table_path[i]);
        urio_table_free(L.table[i]);
    }
    free(L.aggregate_path);
    concordance_free(&L.conc);
    for (int i = 0; i < NREG; i++) {
        free(L.reg_path[i]);
        urio_table_free(L.reg_table[i]);
    }
    urio_labels_free(L.model_sectors); /* table_sectors is it or Z's rows */
    if (s != URIO_OK) {
        if (!L.listed) urio_diags_add(all, d);
        urio_model_file_free(L.mf);
        return s;
    }
    *out = L.mf;
    return URIO_OK;
}

urio_status urio_model_load(const char *path, urio_model_file **out, urio_diag *d)
{
    return load_file(path, out, d, NULL);
}

urio_status urio_model_load_all(const char *path, urio_model_file **out, urio_diags *all)
{
    urio_diag d;
    urio_diag_clear(&d);
    return load_file(path, out, &d, all);
}

void urio_model_file_free(urio_model_file *mf)
{
    if (mf == NULL) return;
    free(mf->path);
    free(mf->kind);
    free(mf->name);
    free(mf->units);
    free(mf->hash);
    urio_io_model_free(mf->io);
    urio_cge_model_free(mf->cge);
    urio_io_extensions_free(mf->ext);
    urio_regional_report_free(mf->regional);
    for (size_t i = 0; i < mf->nsources; i++)
        free(mf->sources[i]);
    free(mf->sources);
    free(mf);
}
