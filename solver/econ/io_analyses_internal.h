/* econ/io_analyses_internal.h - names shared by the analysis files of solver/econ
 * (io_analyses.c, io_ghosh.c, io_miyazawa.c, io_price.c, io_shocks.c); not public. */
#ifndef URIO_ECON_IO_ANALYSES_INTERNAL_H
#define URIO_ECON_IO_ANALYSES_INTERNAL_H

#include <urio/io.h>
#include <urio/io_analyses.h>

/* Ghosh: an->v, an->G (n <= ghosh_max) and an->ghosh_residual. */
URIO_MUST_CHECK urio_status urio__io_ghosh(const urio_io_model *m, const urio_io_result *r,
                                           size_t ghosh_max, urio_io_analyses *an);

/* Miyazawa: an->K, an->VLC, an->miyazawa_residual (nothing without households). */
URIO_MUST_CHECK urio_status urio__io_miyazawa(const urio_io_model *m, const urio_io_result *r,
                                              urio_io_analyses *an);

/* Price model base: the cost rows and an->price_residual. */
URIO_MUST_CHECK urio_status urio__io_price_base(const urio_io_model *m, const urio_io_result *r,
                                                urio_io_analyses *an);

/* The cost row of the price model that a tax shock acts on, or SIZE_MAX. */
size_t urio__io_cost_row(const urio_io_analyses *an, urio_cost_source src, size_t index);

/* max |v| over v[0..n). */
double urio__max_abs(const double *v, size_t n);

#endif
