/* tests/fuzz/fuzz_csv.c - urio_csv_parse on any bytes (DESIGN.md section 4).
 *
 * Invariants checked beyond "no crash, no leak, no sanitizer report": a parse
 * either succeeds with a table whose labels and values are consistent, or fails
 * with a status and a diagnostic that has a message; every value read is finite
 * (the format has no NaN or infinity).  A table that parses is written back with
 * urio_csv_write_matrix (the writer of leontief.csv) and read again: the corner,
 * the labels and every value (as a number: -0 is written 0) must survive,
 * whatever quoting the labels need. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    urio_table *t = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_csv_parse((const char *)data, size, "fuzz.csv", &t, &d);
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
