/* urio/dist.h - the distributed engine of urio-mpi: MPI processes, a BLACS process
 * grid and ScaLAPACK (built only with `make MPI=1`, which defines URIO_MPI).
 *
 * Execution model (docs/cluster.md).  Every MPI rank runs the same command line
 * (SPMD).  Rank 0 reads the model, runs the serial pipeline and writes every file;
 * the other ranks take part in the collective operations below:
 *
 *   urio_dist_leontief   I - A in 2-D block-cyclic layout over a Pr x Pc BLACS grid,
 *                        pdgetrf, pdgetrs for right-hand sides, pdgetri for the
 *                        inverse; rank 0 sends each rank only its own blocks and
 *                        receives the result back one row panel at a time.
 *   urio_dist_cge_batch_run  a CGE scenario batch: rank r solves a contiguous
 *                        share of the tasks with its own OpenMP pool; rank 0
 *                        receives the results rank by rank and writes them.
 *
 * Agreement: every operation opens with urio_dist_agree, a collective round in
 * which each rank says whether it is still fine; a rank that failed or finished
 * early (urio_dist_finish) makes the operation return an error on every rank
 * instead of hanging.  urio_dist_finish answers rounds until every rank has
 * finished and returns rank 0's exit code, so all ranks exit with the same code.
 *
 * Layout: matrices are column-major (urio/linalg.h).  Block-cyclic: global row i
 * lives on process row (i / nb) mod Pr, global column j on process column
 * (j / nb) mod Pc; process (pr, pc) is rank pr * Pc + pc ("Row" grid order).
 * Thread-safety: call from the main thread only (MPI_THREAD_FUNNELED); OpenMP
 * threads inside a rank never call MPI. */
#ifndef URIO_DIST_H
#define URIO_DIST_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/batch.h>
#include <urio/cge.h>
#include <urio/linalg.h>
#include <urio/status.h>

/* ---- Processes and agreement ----------------------------------------------------- */

/* MPI_Init_thread with MPI_THREAD_FUNNELED.  Call once, first thing in main. */
URIO_MUST_CHECK urio_status urio_dist_init(int *argc, char ***argv);
int urio_dist_rank(void); /* 0 before urio_dist_init */
int urio_dist_size(void); /* 1 before urio_dist_init */
bool urio_dist_is_root(void);
/* "Open MPI v4.1.4, ScaLAPACK (Debian libscalapack-openmpi)" for urio --version. */
const char *urio_dist_library(void);

/* One agreement round (collective over all ranks).  local: this rank's status.
 * payload: rank 0's value is returned through *payload on every rank (NULL: none).
 * Returns URIO_OK when every rank is fine; otherwise the status of a failing rank
 * (the highest-numbered one), or URIO_EIO when a rank has already finished, with
 * *who (may be NULL) set to that rank. */
URIO_MUST_CHECK urio_status urio_dist_agree(urio_status local, int *payload, int *who);

/* Leave: answer agreement rounds until every rank has called urio_dist_finish,
 * finalize MPI and return rank 0's rc (every rank gets the same value). */
int urio_dist_finish(int rc);

/* ---- The process grid ------------------------------------------------------------ */

typedef struct urio_dist_grid {
    int nprow, npcol; /* Pr x Pc processes (Pr * Pc <= ranks; the others idle) */
    int nb;           /* square block size */
} urio_dist_grid;

/* Choose a grid for order n on nprocs ranks: the near-square Pr x Pc with Pr <= Pc
 * and Pr * Pc = nprocs (pdgetrf's panel factorisation runs down a process column,
 * so fewer process rows is the better side), and nb = 64 (32 when n < 2,000 so
 * that small models still spread over the grid; never above n).  A positive
 * want_pr and want_pc, or want_nb, override the choice.  URIO_EINVAL when the
 * requested grid needs more ranks than there are. */
URIO_MUST_CHECK urio_status urio_dist_grid_choose(size_t n, int nprocs, int want_pr, int want_pc,
                                                  int want_nb, urio_dist_grid *g);

/* Parse "PRxPC" (e.g. "2x4"); URIO_EINVAL when malformed. */
URIO_MUST_CHECK urio_status urio_dist_grid_parse(const char *spec, int *pr, int *pc);

/* Rows (or columns) of an n-vector that process coordinate p of np owns with block nb
 * (ScaLAPACK's NUMROC). */
size_t urio_dist_numroc(size_t n, int nb, int p, int np);

/* Bytes the largest rank holds for the distributed Leontief of order n with nrhs
 * right-hand sides: its share of the matrix (about 8 n^2 / (Pr Pc); LU and the
 * inverse overwrite it in place), pivots, pdgetri's workspace and one row panel of
 * nb x n on the way to or from rank 0. */
size_t urio_dist_leontief_bytes(size_t n, size_t nrhs, const urio_dist_grid *g);

/* ---- Distributed Leontief -------------------------------------------------------- */

/* Called on rank 0 with each row panel of the inverse, in row order: rows
 * [row0, row0 + nrows) of L, nrows x n column-major with leading dimension nrows. */
typedef urio_status (*urio_dist_panel_fn)(void *ctx, size_t row0, size_t nrows, size_t n,
                                          const double *panel);

/* Write v into buf (at most 31 characters and a NUL); return its length. */
typedef size_t (*urio_dist_format_fn)(double v, char *buf);
/* Called on rank 0 with row i of L as text: its n numbers, each preceded by a
 * comma, in column order (len bytes, not NUL-terminated). */
typedef urio_status (*urio_dist_row_fn)(void *ctx, size_t row, const char *text, size_t len);

typedef struct urio_dist_leontief_opts {
    int want_pr, want_pc, want_nb; /* 0: choose (urio_dist_grid_choose) */
    bool inverse;                  /* form L with pdgetri (else only the solves) */
    urio_dist_panel_fn panel;      /* rank 0: stream L's row panels here ... */
    void *panel_ctx;               /* (also row's ctx) */
    bool gather;                   /* ... and/or gather L into *L_out; or: */
    urio_dist_row_fn row;          /* rank 0: L as text, formatted by every rank with */
    urio_dist_format_fn format;    /* format (set on every rank when rank 0 sets row) */
} urio_dist_leontief_opts;

typedef struct urio_dist_leontief_info {
    urio_dist_grid grid;
    size_t n, bytes_per_rank; /* urio_dist_leontief_bytes for the grid used */
    double seconds_scatter, seconds_factor, seconds_solve, seconds_inverse, seconds_gather;
    double min_l; /* smallest element of L (with the inverse): the productivity test */
} urio_dist_leontief_info;

/* Collective: every rank calls it; only rank 0's M, x, F, X and L_out are used.
 * Rank 0: the coefficient matrix is A_ij = M_ij / x_j (0 where x_j = 0; x NULL:
 * A = M), so Z and x can be passed without forming A; I - A is formed block by
 * block and each block is sent to the one rank that owns it (no rank but 0 ever
 * holds more than its share).  pdgetrf factors I - A (partial pivoting); when F (n x k,
 * may be NULL) is given, pdgetrs solves (I - A) X = F and X (allocated here,
 * n x k) comes back to rank 0; with o->inverse, pdgetri forms L, which is
 * streamed to o->panel and/or gathered into *L_out (allocated here), or, with
 * o->row, formatted as text by the ranks that hold it and streamed row by row.  Other ranks
 * pass NULL for A, F, X and L_out.  URIO_ESINGULAR (on every rank) when I - A has
 * an exact zero pivot; URIO_EINVAL for a bad grid; URIO_ENOMEM; URIO_EIO when
 * another rank failed or left (d says which).  info (may be NULL) on every rank. */
URIO_MUST_CHECK urio_status urio_dist_leontief(const urio_matrix *M, const double *x,
                                               const urio_matrix *F,
                                               const urio_dist_leontief_opts *o, urio_matrix **X,
                                               urio_matrix **L_out, urio_dist_leontief_info *info,
                                               urio_diag *d);

/* For an IO model of n sectors (rank 0, serial): gross output x (row sums of Z and
 * Y) and total final demand f (row sums of Y), arrays of n, as urio/io.h defines
 * them; urio_dist_leontief(Z, x, ...) then inverts I - A. */
void urio_dist_io_output(const urio_matrix *Z, const urio_matrix *Y, double *x, double *f);

/* ---- Distributed scenario batches (dist_batch.c) ----------------------------------- */

/* The contiguous share [*begin, *end) of nscen tasks for rank r of p: the first
 * nscen mod p ranks get one more. */
void urio_dist_share(size_t nscen, int r, int p, size_t *begin, size_t *end);

/* Collective: urio_cge_batch_run (urio/batch.h) with the tasks split across the
 * ranks.  Every rank holds m and fam (each reads the model and scenario files: a
 * CGE is small) and the same options but the journal, which rank 0 alone keeps
 * (the other ranks' journal, resume and progress are ignored).  Rank 0 broadcasts
 * which tasks its journal holds (--resume); each rank solves the contiguous block
 * of the remaining ones that urio_dist_share gives it, with its own OpenMP pool;
 * rank 0 then receives every rank's results in rank order, journals them and
 * returns the whole batch, the same bits as one process.  On other ranks *out
 * holds only their own block.  One rank: urio_cge_batch_run itself.  Errors: those
 * of urio_cge_batch_run, and URIO_EIO when another rank failed or left (d says
 * which), on every rank. */
URIO_MUST_CHECK urio_status urio_dist_cge_batch_run(const urio_cge_model *m,
                                                    const urio_cge_family *fam,
                                                    const urio_batch_opts *o, urio_cge_batch **out,
                                                    urio_diag *d);

#endif
