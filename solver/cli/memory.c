/* memory.c - what a run may allocate: `urio run` refuses an IO model whose memory
 * estimate (urio_io_memory_estimate) is above urio_run_memory_limit before it
 * allocates, and `urio info` prints the estimate; both write sizes with cli_mib. */
#include <stdio.h>

#include <urio/urio.h>

#include "cli.h"

/* Bytes as MiB with as many decimals as a small model needs to show something. */
const char *cli_mib(size_t bytes, char *buf, size_t size)
{
    double v = (double)bytes / (1024.0 * 1024.0);
    if (bytes > 0 && v < 0.0001)
        snprintf(buf, size, "< 0.0001 MiB");
    else
        snprintf(buf, size, v >= 10.0 ? "%.0f MiB" : v >= 0.1 ? "%.2f MiB" : "%.4f MiB", v);
    return buf;
}

urio_status cli_memory_check(const char *model, const urio_io_model *m, urio_diag *d)
{
    urio_io_memory mem;
    urio_io_memory_estimate(m, &mem);
    size_t limit = 0;
    const char *source = NULL;
    urio_status s = urio_run_memory_limit(&limit, &source, d);
    if (s != URIO_OK || mem.total <= limit) return s;
    char m1[32], m2[32];
    return urio_diag_set(d, URIO_ENOMEM, model, 0, 0,
                         "run the distributed build on several nodes (make MPI=1; mpirun ... "
                         "urio-mpi run), or use a machine with more memory; `urio info` shows "
                         "the estimate",
                         "the model needs about %s and %s allows %s; nothing was allocated",
                         cli_mib(mem.total, m1, sizeof m1), source, cli_mib(limit, m2, sizeof m2));
}
