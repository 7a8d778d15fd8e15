/* linalg/internal.h - names the linalg layer shares between its files and with
 * its unit tests; not part of the public API. */
#ifndef URIO_LINALG_INTERNAL_H
#define URIO_LINALG_INTERNAL_H

#include <urio/linalg.h>

/* Widths of the LU tiles (linalg/lu.c): URIO_LU_NB_SMALL columns for orders below
 * URIO_LU_NB_SWITCH, URIO_LU_NB from there on.  Compile-time constants and a
 * function of n alone because the bits of the factors depend on the width: one
 * build gives the same bits for every thread count, builds with different widths
 * agree only to rounding.  Why two: a narrow tile halves the triangular work on
 * the diagonal tiles and gives small orders more tasks; a wide one packs fewer
 * dgemm operands.  Measured (factor + inverse, 2 threads, 128 against 256 in one
 * process, pairs of runs alternated, median time ratio): n = 1,000 0.75, 2,000
 * 0.89, 3,000 1.00, 4,000 1.02.  The #ifndef lets bench/inverse_paths.c sweep
 * them. */
#ifndef URIO_LU_NB
#define URIO_LU_NB 256
#endif
#ifndef URIO_LU_NB_SMALL
#define URIO_LU_NB_SMALL 128
#endif
#ifndef URIO_LU_NB_SWITCH
#define URIO_LU_NB_SWITCH 2500
#endif

/* Threads for a parallel region whose BLAS calls must each run on one thread
 * (team.c; why: linalg/lu.c).  urio__team_size: all that OpenMP allows at top
 * level, one inside an active region or with BLAS limited to one thread.
 * urio__team_for: for `tasks` independent pieces, at most that many, but two
 * whenever more than one is allowed (an active region keeps OpenBLAS serial). */
int urio__team_size(void);
int urio__team_for(size_t tasks);

/* urio_lu_create with the tile width nb (1 <= nb) instead of the one chosen from
 * n, so that tests reach both widths at small orders. */
urio_status urio__lu_create_tiled(size_t n, size_t nb, urio_lu **out);

/* The tile width of lu; 0 for NULL. */
size_t urio__lu_tile_width(const urio_lu *lu);

/* The n x n factors L\U of the last factorisation (leading dimension n; unit L
 * below the diagonal, U on and above it), for tests that compare them bit for
 * bit; NULL for a NULL lu.  Valid until lu is freed. */
const double *urio__lu_factors(const urio_lu *lu);

#endif
