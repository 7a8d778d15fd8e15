/* urio/batch.h - the scenario engine (solver/run/): a batch of CGE scenarios,
 * sweep points and Monte Carlo draws solved across OpenMP threads, with a durable
 * journal (checkpoint and resume), cancellation, progress and per-scenario
 * failures; Monte Carlo draws, the Stroud-3 quadrature and the statistics.
 *
 * Threads: one OpenMP thread per scenario, min(threads, scenarios) of them, each
 * with its own workspace, parameters and solution; BLAS is held to one thread
 * while the pool runs (urio_run_blas_threads_push, from serial code only).
 * Determinism: every scenario is solved from the benchmark by itself and writes
 * only its own slice of the results; draw k's values depend only on (seed, k).  So
 * the results are the same bits for any thread count and any order, and a resumed
 * batch (its finished scenarios read back from the journal) equals an
 * uninterrupted one.  The library prints nothing: progress goes to a callback. */
#ifndef URIO_BATCH_H
#define URIO_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <urio/cge.h>
#include <urio/family.h>
#include <urio/status.h>

/* ---- Thread budget ---------------------------------------------------------------- */

/* Scenario threads for a batch of n scenarios with `threads` threads in all:
 * min(threads, n), at least 1.  BLAS then gets one thread each (a single large
 * solve - an IO model - gets all threads for BLAS instead: urio_run_threads_init). */
int urio_batch_threads(int threads, size_t n);

/* ---- Journal (journal.c) ----------------------------------------------------------- */

/* An append-only file of finished scenarios.  Header: "URIOJNL1" and a 64-bit key
 * naming the inputs.  Record: magic "URJR", payload length (u32), scenario index
 * (u64), payload, CRC-32 of index and payload; each record is written with one
 * write() and then fdatasync'd (urio_journal_sync) before its scenario counts as
 * done.  A torn or corrupt record (a crash while writing) and
 * everything after it is ignored and cut off. */
typedef struct urio_journal urio_journal;

/* Open the journal at path.  resume: keep the records of an existing journal with
 * the same key (one with another key, or no valid header, is started afresh:
 * *discarded, if not NULL, says so); otherwise any old journal is replaced. */
URIO_MUST_CHECK urio_status urio_journal_open(const char *path, uint64_t key, bool resume,
                                              urio_journal **out, bool *discarded, urio_diag *d);
/* Records read back at open, and bytes of a torn tail ignored. */
size_t urio_journal_count(const urio_journal *j);
size_t urio_journal_torn_bytes(const urio_journal *j);
/* Record i (0 <= i < count) read at open. */
void urio_journal_record(const urio_journal *j, size_t i, uint64_t *index, const void **data,
                         size_t *len);
/* Append one record with one write().  Not thread-safe: callers serialise. */
URIO_MUST_CHECK urio_status urio_journal_append(urio_journal *j, uint64_t index, const void *data,
                                                size_t len);
/* fdatasync the journal: every record appended before is then durable.  May be
 * called from several threads at once (outside the lock that serialises appends),
 * so that one thread's sync overlaps another's work. */
URIO_MUST_CHECK urio_status urio_journal_sync(urio_journal *j);
/* Close; with remove, delete the file (the batch finished and its results are
 * written). */
void urio_journal_close(urio_journal *j, bool remove);
/* CRC-32 (IEEE 802.3) of data, continuing from crc (0 to start). */
uint32_t urio_crc32(uint32_t crc, const void *data, size_t len);
/* 64-bit FNV-1a of data, continuing from h (0 to start). */
uint64_t urio_hash64(uint64_t h, const void *data, size_t len);

/* ---- Progress (progress.c) --------------------------------------------------------- */

/* "  340/1000 scenarios  52.3/s  0:12 left" into buf (always terminated). */
void urio_progress_format(size_t done, size_t total, double seconds, char *buf, size_t size);

/* ---- Monte Carlo (montecarlo.c) ---------------------------------------------------- */

/* Draw k of a Monte Carlo family: one value per parameter into x (nparams).
 * Sampling: a generator (GSL's MT19937) seeded from (seed, k) alone; normal,
 * uniform and lognormal through gsl_ran_*, triangular by inverting its
 * distribution function; truncation by drawing again (at most 10,000 times, then
 * URIO_ENOCONV); elasticities also draw again within 1e-6 of 1.  Quadrature:
 * point k (k < 2 m) of the Stroud-3 formula, mean + sd z (URIO_EMODEL when it
 * leaves the truncation range or an elasticity is not positive). */
URIO_MUST_CHECK urio_status urio_cge_mc_draw(const urio_cge_montecarlo *mc, size_t k, double *x);

/* Point k (0 <= k < 2 m) of Stroud's degree-3 formula in m dimensions as Arndt
 * (1996) uses it: z (m values) such that the average of f over the 2 m points is
 * exact for every polynomial of degree <= 3 in m independent, symmetric,
 * zero-mean, unit-variance variables.  Every |z_i| <= sqrt(2). */
void urio_stroud3_point(size_t m, size_t k, double *z);

/* Statistics of x[0..n): mean; sampling: the (n - 1) standard deviation and the 5th,
 * 50th and 95th percentiles (x is sorted in place, gsl_sort, then
 * gsl_stats_quantile_from_sorted_data); quadrature: the standard deviation about
 * the mean with equal weights and no percentiles (NaN).  n = 0: all NaN. */
void urio_stat_compute(double *x, size_t n, bool quadrature, urio_stat *out);

/* ---- CGE batches (batch.c) --------------------------------------------------------- */

struct urio_cge_batch;

typedef struct urio_batch_opts {
    int threads;                       /* in all (urio_run_threads_init) */
    const char *journal;               /* path of the journal, or NULL for none */
    uint64_t key;                      /* identifies the inputs (model and scenario file) */
    bool resume;                       /* take finished scenarios from the journal */
    double sync_interval;              /* seconds between fdatasyncs of the journal: 0 = after every
                                        * record; more batches them (a record is written at once either
                                        * way, so only a power failure can lose the unsynced ones) */
    const volatile sig_atomic_t *stop; /* when set (a signal handler), take no new scenario */
    /* Called after each scenario (serialised; from a worker thread): done and total
     * count resumed scenarios too; seconds since the batch started. */
    void (*progress)(void *ctx, size_t done, size_t total, double seconds);
    void *ctx;
    /* A share of the tasks (urio-mpi, solver/run/dist_batch.c; NULL for a whole
     * batch).  plan: called once on the calling thread after the journal is read,
     * with want[k] (n flags) set for every task not done yet; it clears the tasks
     * this process is not to solve.  merge: called once on the calling thread after
     * the pool has finished (also when it was stopped), before the journal is
     * closed; it may add finished tasks to b (urio_cge_batch_record_unpack), and
     * every task it adds is appended to the journal.  A status other than URIO_OK
     * from either (with d set) ends the batch with that status. */
    urio_status (*plan)(void *ctx, const struct urio_cge_batch *b, bool *want, urio_diag *d);
    urio_status (*merge)(void *ctx, struct urio_cge_batch *b, urio_diag *d);
    void *share_ctx;
} urio_batch_opts;

/* The results of a batch: tasks 0..nscen-1 are the family's scenarios (listed and
 * sweep points), nscen..n-1 the Monte Carlo draws. */
typedef struct urio_cge_batch {
    size_t nscen, ndraws, n;
    urio_cge_solution *sol; /* n: diagnostics (v is NULL); failure says why */
    int *status;            /* n: urio_status; URIO_OK when solved and checked */
    double *seconds;        /* n */
    bool *done;             /* n: finished (here or in the journal) */
    size_t nparams;
    double *x;          /* ndraws x nparams: the values drawn */
    urio_effects names; /* one scenario's effects: the indicator and label of each */
    size_t neff;
    double *base, *value;            /* n x neff */
    size_t ndone, nresumed, nfailed; /* nresumed: from the journal */
    bool interrupted;                /* stopped before every scenario was done */
    bool journal_discarded;          /* an old journal belonged to other inputs */
    size_t journal_torn;             /* bytes of a torn journal tail ignored */
} urio_cge_batch;

/* Solve every scenario of fam (listed, sweep points, draws) with model m.  The
 * shocks of the listed scenarios and sweep points are applied first, serially: an
 * impossible one is an input error (URIO_EMODEL or URIO_EINVAL with d, nothing
 * solved).  A scenario that does not converge, fails a check or (a draw) cannot be
 * built is recorded with its status and reason and the batch goes on.  With a
 * journal, each finished scenario is appended; with resume, those in the journal
 * are not solved again.  With o->plan, only the tasks it leaves in want are solved
 * here, and done, ndone and interrupted describe what this process holds after
 * o->merge.  Errors: URIO_ENOMEM, URIO_EIO (the journal), or plan's or merge's. */
URIO_MUST_CHECK urio_status urio_cge_batch_run(const urio_cge_model *m, const urio_cge_family *fam,
                                               const urio_batch_opts *o, urio_cge_batch **out,
                                               urio_diag *d);
void urio_cge_batch_free(urio_cge_batch *b); /* NULL is a no-op */

/* Task k's result as bytes: the journal's record, also what urio-mpi sends between
 * ranks (the ranks run the same build).  Size, pack into buf (size bytes), and
 * unpack into b (marking k done; false when k or len does not fit this batch). */
size_t urio_cge_batch_record_size(const urio_cge_batch *b, size_t k);
void urio_cge_batch_record_pack(const urio_cge_batch *b, size_t k, void *buf);
bool urio_cge_batch_record_unpack(urio_cge_batch *b, size_t k, const void *buf, size_t len);

/* The effects of the solved scenarios and sweep points (and with draws also of the
 * solved draws, numbered nscen + k) in scenario order, appended to fx. */
URIO_MUST_CHECK urio_status urio_cge_batch_effects(const urio_cge_batch *b, bool draws,
                                                   urio_effects *fx);

/* The statistics of a Monte Carlo family (fam->mc) from a finished batch. */
URIO_MUST_CHECK urio_status urio_cge_batch_uncertainty(const urio_cge_family *fam,
                                                       const urio_cge_batch *b,
                                                       urio_uncertainty **out);

#endif
