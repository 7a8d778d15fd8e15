/* tests/fuzz/fuzz_csv.c - urio_csv_parse on any bytes (DESIGN.md section 4).
 *
 * Invariants checked beyond "no crash, no leak, no sanitizer report": a parse
 * either succeeds with a table whose labels and values are consistent, or fails
 * with a status and a diagnostic that has a message; every value read is finite
 * (the format has no NaN or infinity).  A table that parses is written back with
 * urio_csv_write_matrix (the writer of leontief.csv) and read again: the corner,
 * the labels and every value (as a number: -0 is written 0) must survive,
 * whatever quoting the labels need.  urio_csv_parse_all (urio check) on the same
 * bytes returns the same status and, as its first problem, the same diagnostic;
 * it lists nothing on success and at most 21 problems (20 and the stop) on
 * failure, the first of them that diagnostic. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>

#include "fuzz_common.h"

static bool same_labels(const urio_labels *a, const urio_labels *b)
{
    if (a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->name[i], b->name[i]) != 0) return false;
    return true;
}

/* Write t with the CSV writer, read it back and compare. */
static void round_trip(const urio_table *t)
{
    urio_diag d;
    urio_diag_clear(&d);
    const char *path = fuzz_path("round-trip.csv");
    if (urio_csv_write_matrix(path, t->corner, t->rows, t->cols, t->values, &d) != URIO_OK)
        fuzz_die("the writer failed on a table that parsed");
    char *buf = NULL;
    size_t len = 0;
    if (urio_read_file(path, &buf, &len, &d) != URIO_OK) fuzz_die("cannot read the written table");
    urio_table *u = NULL;
    if (urio_csv_parse(buf, len, "round-trip.csv", &u, &d) != URIO_OK) {
        char msg[2048];
        urio_diag_format(&d, msg, sizeof msg);
        fuzz_die(msg);
    }
    if (strcmp(t->corner, u->corner) != 0) fuzz_die("the corner changed in a round trip");
    if (!same_labels(t->rows, u->rows) || !same_labels(t->cols, u->cols))
        fuzz_die("a label changed in a round trip");
    /* Equal as numbers: the writer prints -0 as 0, on purpose. */
    const size_t n = t->values->rows * t->values->cols;
    for (size_t k = 0; k < n; k++)
        if (t->values->data[k] != u->values->data[k]) fuzz_die("a value changed in a round trip");
    urio_table_free(u);
    free(buf);
}

static bool same_diag(const urio_diag *a, const urio_diag *b)
{
    return a->status == b->status && a->line == b->line && a->col == b->col &&
           strcmp(a->msg, b->msg) == 0 && strcmp(a->hint, b->hint) == 0;
}

/* urio_csv_parse_all against urio_csv_parse's status s and diagnostic d. */
static void parse_all_agrees(const uint8_t *data, size_t size, urio_status s, const urio_diag *d)
{
    urio_diags all = {0};
    urio_table *t = NULL;
    urio_diag first;
    urio_status s2 = urio_csv_parse_all((const char *)data, size, "fuzz.csv", &t, &first, &all);
    if (s2 != s) fuzz_die("urio_csv_parse_all and urio_csv_parse disagree on the status");
    if (s == URIO_OK) {
        if (all.count != 0) fuzz_die("urio_csv_parse_all listed a problem in a good table");
        urio_table_free(t);
    } else {
        if (t != NULL) fuzz_die("urio_csv_parse_all returned a table with a problem");
        if (!same_diag(&first, d)) fuzz_die("urio_csv_parse_all's first problem differs");
        if (all.count == 0 || all.count > 21 || !same_diag(&all.item[0], d))
            fuzz_die("urio_csv_parse_all's list does not start with the first problem");
    }
    urio_diags_clear(&all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    urio_table *t = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_csv_parse((const char *)data, size, "fuzz.csv", &t, &d);
    parse_all_agrees(data, size, s, &d);
    if (s == URIO_OK) {
        if (t == NULL || t->rows == NULL || t->cols == NULL || t->values == NULL)
            fuzz_die("URIO_OK without a table");
        if (t->values->rows != t->rows->count || t->values->cols != t->cols->count)
            fuzz_die("table dimensions differ from its labels");
        for (size_t i = 0; i < t->values->rows; i++)
            for (size_t j = 0; j < t->values->cols; j++)
                if (!isfinite(URIO_MAT(t->values, i, j))) fuzz_die("a value is not finite");
        round_trip(t);
        urio_table_free(t);
    } else {
        if (t != NULL) fuzz_die("a failed parse returned a table");
        if (d.msg[0] == '\0') fuzz_die("a failed parse left no message");
    }
    return 0;
}
