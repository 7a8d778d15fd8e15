/* io_memory.c - how much memory `urio run` needs for an IO model (urio/io.h).
 *
 * The count follows what urio_io_analyse and urio_io_analyses_compute allocate:
 *   model data   Z (n x n), Y (n x k), V (r x n), S (s x n)
 *   analysis     A, L, the LU factors of I - A, the Ghosh inverse G and one n x n
 *                temporary (five n x n); with m endogenous households L_bar and its
 *                LU factors ((n+m) x (n+m) each); the right-hand sides (n x k)
 *   scenarios    the final-demand change and the solution ((n+m) + n doubles) per
 *                scenario, given per 1,000 scenarios.
 * Checked against the peak resident set of a synthetic n = 1,500 run
 * (docs/reliability.md): 115 MiB above the process's 8 MiB at rest, estimate
 * 103 MiB + the right-hand sides; the rest is the CSV text while Z is parsed.
 * Saturates at SIZE_MAX rather than wrapping, like urio_matrix_bytes. */
#include <stdint.h>

#include <urio/io.h>

static size_t add_sat(size_t a, size_t b)
{
    return a > SIZE_MAX - b ? SIZE_MAX : a + b;
}

static size_t times_sat(size_t a, size_t k)
{
    return k != 0 && a > SIZE_MAX / k ? SIZE_MAX : a * k;
}

void urio_io_memory_estimate(const urio_io_model *m, urio_io_memory *out)
{
    const size_t n = m->sectors->count, k = m->categories->count;
    const size_t nv = m->vrows != NULL ? m->vrows->count : 0;
    const size_t ns = m->srows != NULL ? m->srows->count : 0;
    const size_t nh = m->nhouseholds, N = n + nh;
    out->square = urio_matrix_bytes(n, n);
    out->data = add_sat(add_sat(out->square, urio_matrix_bytes(n, k)),
                        add_sat(urio_matrix_bytes(nv, n), urio_matrix_bytes(ns, n)));
    out->closed = nh > 0 ? times_sat(urio_matrix_bytes(N, N), 2) : 0;
    out->rhs = urio_matrix_bytes(n, k > 0 ? k : 1);
    out->analysis = add_sat(add_sat(times_sat(out->square, 5), out->closed), out->rhs);
    out->per1000 = add_sat(urio_matrix_bytes(N, 1000), urio_matrix_bytes(n, 1000));
    out->total = add_sat(out->data, out->analysis);
}
