/* team.c - how many OpenMP threads a region that makes BLAS calls gets, so that
 * every BLAS call in it runs on one thread (linalg/internal.h; why: the comment at
 * the top of linalg/lu.c), and urio_parallel_ranges (urio/linalg.h), the loop the
 * O(n^2) passes outside linalg run on. */
#include <cblas.h>
#include <omp.h>

#include "internal.h"

/* OpenMP's count at top level; one inside an active region or when BLAS is
 * limited to one thread (a caller running its own pool,
 * urio_run_blas_threads_push(1)): OpenBLAS then stays on one thread without a
 * team, and serial work pays no synchronisation. */
int urio__team_size(void)
{
    if (omp_in_parallel() || openblas_get_num_threads() <= 1) return 1;
    const int t = omp_get_max_threads();
    return t >= 1 ? t : 1;
}

/* No more threads than there are pieces of work, but two whenever more than one
 * is allowed, so that the region is active and OpenBLAS stays on one thread even
 * for a single piece. */
int urio__team_for(size_t tasks)
{
    const int t = urio__team_size();
    if (t <= 1) return 1;
    if (tasks < 2) return 2;
    return tasks < (size_t)t ? (int)tasks : t;
}

/* Ranges in order, handed out dynamically: on a shared machine a thread that is
 * descheduled for a while leaves its share to the others instead of holding up
 * the end of the loop.  Serial when there is one range or one thread. */
void urio_parallel_ranges(size_t count, size_t grain, urio_range_fn *fn, void *ctx)
{
    if (count == 0) return;
    if (grain == 0) grain = 1;
    const size_t ranges = (count + grain - 1) / grain;
    const int team = ranges > 1 ? urio__team_size() : 1;
    if (team <= 1) {
        fn(0, count, ctx);
        return;
    }
#pragma omp parallel for default(none) num_threads(urio__team_for(ranges)) schedule(dynamic, 1) \
    shared(fn, ctx, count, grain, ranges)
    for (size_t r = 0; r < ranges; r++) {
        const size_t begin = r * grain, end = count - begin < grain ? count : begin + grain;
        fn(begin, end, ctx);
    }
}
