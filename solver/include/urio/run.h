/* urio/run.h - the run layer: process set-up, thread budget and BLAS configuration.
 * The scenario engine (batches, sweeps, Monte Carlo, journal) is urio/batch.h.
 *
 * blas_threads.c is the only file that changes OpenBLAS's thread count.  Call
 * these from serial code only: Debian's OpenBLAS 0.3.21 OpenMP build can deadlock
 * when openblas_set_num_threads is called inside a parallel region (STYLE.md). */
#ifndef URIO_RUN_H
#define URIO_RUN_H

#include <stddef.h>

#include <urio/status.h>

/* Process-wide set-up, called once by a program before anything else: turns GSL's
 * aborting error handler off (the library maps GSL return codes to urio_status). */
void urio_run_init(void);
/* Threads BLAS uses now. */
int urio_run_blas_threads(void);
/* Set BLAS threads to n (n >= 1) and return the previous count. */
int urio_run_blas_threads_push(int n);
/* Restore a count returned by urio_run_blas_threads_push. */
void urio_run_blas_threads_pop(int saved);
/* Decide the thread budget for `requested` threads (0 = all cores) and apply it
 * to BLAS; returns the number of threads in use. */
int urio_run_threads_init(int requested);
/* OpenBLAS build configuration ("OpenBLAS 0.3.21 DYNAMIC_ARCH ... USE_OPENMP"). */
const char *urio_run_blas_config(void);
/* Number of processors available to this process. */
int urio_run_cores(void);

/* The memory this process may use, in bytes: the smallest of physical memory, the
 * cgroup's limit, ulimit -v and URIO_MEMORY_LIMIT (MiB, or a size with K, M, G, T);
 * *source (may be NULL) names the one that binds.  URIO_EINVAL when
 * URIO_MEMORY_LIMIT is not a size. */
URIO_MUST_CHECK urio_status urio_run_memory_limit(size_t *bytes, const char **source, urio_diag *d);

#endif
