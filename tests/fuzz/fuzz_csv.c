/* tests/fuzz/fuzz_csv.c - urio_csv_parse on any bytes (DESIGN.md section 4).
 *
 * Invariants checked beyond "no crash, no leak, no sanitizer report": a parse
 * either succeeds with a table whose labels and values are consistent, or fails
 * with a status and a diagnostic that has a message; every value read is finite
 * (the format has no NaN or infinity). */
#include <math.h>
#include <stdlib.h>

#include <urio/formats.h>

#include "fuzz_common.h"

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
        urio_table_free(t);
    } else {
        if (t != NULL) fuzz_die("a failed parse returned a table");
        if (d.msg[0] == '\0') fuzz_die("a failed parse left no message");
    }
    return 0;
}
