/* blas_threads.c - the thread budget and the BLAS configuration (urio/run.h).
 *
 * The only file that calls openblas_set_num_threads, openblas_get_num_threads and
 * openblas_get_config (declared by OpenBLAS's <cblas.h>), and the only place the
 * OpenMP thread count is set.  Call everything here from serial code: Debian's
 * OpenBLAS 0.3.21 OpenMP build can deadlock when the BLAS thread count changes
 * inside a parallel region (STYLE.md section 7). */
#include <cblas.h>
#include <gsl/gsl_errno.h>
#include <omp.h>

#include <urio/run.h>

void urio_run_init(void)
{
    /* GSL's default handler aborts; the library turns GSL codes into urio_status. */
    gsl_set_error_handler_off();
}

int urio_run_blas_threads(void)
{
    return openblas_get_num_threads();
}

int urio_run_blas_threads_push(int n)
{
    int saved = openblas_get_num_threads();
    if (n >= 1 && n != saved) openblas_set_num_threads(n);
    return saved;
}

void urio_run_blas_threads_pop(int saved)
{
    if (saved >= 1 && saved != openblas_get_num_threads()) openblas_set_num_threads(saved);
}

int urio_run_cores(void)
{
    /* omp_get_num_procs honours the affinity mask (taskset, cgroups, job schedulers). */
    int n = omp_get_num_procs();
    return n >= 1 ? n : 1;
}

int urio_run_threads_init(int requested)
{
    int n = requested > 0 ? requested : urio_run_cores();
    openblas_set_num_threads(n);
    omp_set_num_threads(n);
    return n;
}

const char *urio_run_blas_config(void)
{
    const char *c = openblas_get_config();
    return c != NULL ? c : "OpenBLAS (configuration unknown)";
}
