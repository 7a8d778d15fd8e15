/* linalg/internal.h - names the linalg layer shares between its files and with
 * its unit tests; not part of the public API. */
#ifndef URIO_LINALG_INTERNAL_H
#define URIO_LINALG_INTERNAL_H

#include <urio/linalg.h>

/* Width of the LU tiles (linalg/lu.c).  A compile-time constant because the bits
 * of the factors depend on it: one build gives the same bits for every thread
 * count, builds with different widths agree only to rounding.  Chosen by
 * measurement (see urio_lu_inverse in lu.c); the #ifndef lets
 * bench/inverse_paths.c sweep it. */
#ifndef URIO_LU_NB
#define URIO_LU_NB 256
#endif

/* The n x n factors L\U of the last factorisation (leading dimension n; unit L
 * below the diagonal, U on and above it), for tests that compare them bit for
 * bit; NULL for a NULL lu.  Valid until lu is freed. */
const double *urio__lu_factors(const urio_lu *lu);

#endif
