/* econ/internal.h - names shared by the files of solver/econ, not part of the
 * public API. */
#ifndef URIO_ECON_INTERNAL_H
#define URIO_ECON_INTERNAL_H

#include <urio/io.h>

/* Gross output x = Z 1 + Y 1 and total final demand f = Y 1 of a model whose Z and
 * Y have n rows (n = sectors->count); f may be NULL.  Validation and analysis both
 * call this, so they see the same bits (the same summation order: Z's columns in
 * order, then Y's).  Loops run down columns, as the storage does. */
void urio__io_gross_output(const urio_io_model *m, double *x, double *f);

#endif
