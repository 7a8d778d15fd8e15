/* tests/fuzz/fuzz_pymrio.c - urio_pymrio_parse_table, the parser of pymrio's text
 * tables (pandas to_csv with sep='\t'), on any bytes.
 *
 * The first byte chooses the shape: nr_index_col is its low four bits and
 * nr_header its high four bits, so 0 (refused) to 15 levels of each; the rest is
 * the table.  '"' (0x22) is two index columns and two header rows, the shape of
 * pymrio's Z.txt, F.txt and Y.txt; 0x12 two index columns and one header row
 * (unit.txt), 0x11 one of each (population.txt). */
#include <math.h>
#include <stdlib.h>

#include <urio/formats.h>

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const size_t nr_index_col = data[0] & 15u, nr_header = data[0] >> 4;
    urio_table *t = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_pymrio_parse_table((const char *)data + 1, size - 1, "fuzz.txt",
                                            nr_index_col, nr_header, &t, &d);
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
