/* urio/table.h - labels and labelled tables, the currency between formats and econ.
 *
 * A label is a non-empty UTF-8 string without control characters, at most
 * URIO_LABEL_MAX bytes: `sector`, or `region/area/sector` (DESIGN.md section 4).
 * urio_labels keeps the names in order and an index for lookup by name, so
 * finding a label costs O(log n) even for 10,000-sector tables.
 * A urio_table is a labelled column-major matrix: rows x cols values with one
 * label per row and per column, and the corner cell's text. */
#ifndef URIO_TABLE_H
#define URIO_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/linalg.h>
#include <urio/status.h>

#define URIO_LABEL_MAX 256

typedef struct urio_labels {
    size_t count;
    char **name;   /* count strings, owned */
    size_t *order; /* indices of name sorted by strcmp, for lookup; owned */
} urio_labels;

/* Labels copied from names[0..count-1].  URIO_EMODEL if one is a duplicate: then
 * *dup (if not NULL) receives the index of the second occurrence. */
URIO_MUST_CHECK urio_status urio_labels_create(size_t count, const char *const *names,
                                               urio_labels **out, size_t *dup);
void urio_labels_free(urio_labels *l); /* NULL is a no-op */
URIO_MUST_CHECK urio_status urio_labels_copy(const urio_labels *src, urio_labels **out);
/* True and *index set when name is present. */
bool urio_labels_find(const urio_labels *l, const char *name, size_t *index);
/* True when both lists hold the same names in the same order. */
bool urio_labels_equal(const urio_labels *a, const urio_labels *b);

/* Whether text is an acceptable label; on false, *why names the reason (static text). */
bool urio_label_valid(const char *text, const char **why);

typedef struct urio_table {
    char *corner;        /* text of the first cell, owned, may be "" */
    urio_labels *rows;   /* owned */
    urio_labels *cols;   /* owned */
    urio_matrix *values; /* rows->count x cols->count, owned */
    /* Where the table came from, for diagnostics: the file name and, for each row
     * and column, the 1-based line and column in that file (0 when unknown). */
    char *source;       /* owned, may be NULL */
    size_t *row_line;   /* rows->count entries, owned, may be NULL */
    size_t *col_column; /* cols->count entries, owned, may be NULL */
} urio_table;

void urio_table_free(urio_table *t); /* NULL is a no-op */

#endif
