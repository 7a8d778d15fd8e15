/* econ/internal.h - names shared by the files of solver/econ, not part of the
 * public API. */
#ifndef URIO_ECON_INTERNAL_H
#define URIO_ECON_INTERNAL_H

#include <urio/io.h>

/* Columns (or rows, times 8 for the row sums) per range of the O(n^2) passes that
 * validation and analysis run on urio_parallel_ranges: 64 columns of a
 * 3,000-sector table are about 1.5 MB.  Each column or row is computed by one
 * thread in the order of a serial loop, and what a serial loop would accumulate
 * across columns goes into a per-column array reduced afterwards in column
 * order, so the bits do not depend on -j. */
#define URIO__PASS_GRAIN ((size_t)64)

/* Gross output x = Z 1 + Y 1 and total final demand f = Y 1 of a model whose Z and
 * Y have n rows (n = sectors->count); f may be NULL.  Validation and analysis both
 * call this, so they see the same bits (the same summation order: Z's columns in
 * order, then Y's).  Loops run down columns, as the storage does. */
void urio__io_gross_output(const urio_io_model *m, double *x, double *f);

#endif
