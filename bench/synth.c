/* synth.c - reproducible synthetic MRIO tables (bench/synth.h). */
#include "synth.h"

#include <stdlib.h>
#include <string.h>

void bench_synth_defaults(bench_synth_spec *s, size_t n, uint64_t seed)
{
    s->n = n;
    s->sectors = n < 200 ? n : 200;
    s->seed = seed;
    s->density = 0.32;
    s->colsum_lo = 0.3;
    s->colsum_hi = 0.8;
    s->domestic = 0.8;
    s->nstressors = 10;
    s->ncategories = 2;
}

size_t bench_synth_regions(const bench_synth_spec *s)
{
    return (s->n + s->sectors - 1) / s->sectors;
}

/* splitmix64: the seeding generator (Steele, Lea and Flood 2014). */
static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* Uniform in [0, 1) with 53 random bits. */
static double uniform(uint64_t *state)
{
    return (double)(splitmix64(state) >> 11) * 0x1.0p-53;
}

/* The generator of column j of table part `part` (0: A, 1: Y, 2: S). */
static uint64_t column_state(const bench_synth_spec *s, size_t part, size_t j)
{
    uint64_t st = s->seed ^ (0xD1B54A32D192ED03u * (uint64_t)(part + 1));
    st += 0x2545F4914F6CDD1Du * (uint64_t)j;
    (void)splitmix64(&st);
    return st;
}

/* Column j of A: weights drawn in the domestic block (dense, u^2 so that a few
 * inputs dominate, as in real tables) and in the trade blocks (nonzero with
 * probability density), scaled so that the domestic block sums to
 * domestic * c_j and the trade blocks to (1 - domestic) * c_j (all of c_j in the
 * domestic block when there is one region or no trade entry was drawn). */
static void column_A(const bench_synth_spec *s, size_t j, double *col)
{
    const size_t n = s->n, sec = s->sectors, r = j / sec;
    const size_t d0 = r * sec, d1 = d0 + sec < n ? d0 + sec : n;
    uint64_t st = column_state(s, 0, j);
    const double c = s->colsum_lo + (s->colsum_hi - s->colsum_lo) * uniform(&st);
    double dom = 0.0, trade = 0.0;
    for (size_t i = 0; i < n; i++) {
        const double u = uniform(&st);
        double v;
        if (i >= d0 && i < d1) {
            v = u * u;
            dom += v;
        } else if (u < s->density) {
            const double w = uniform(&st);
            v = w * w;
            trade += v;
        } else {
            v = 0.0;
        }
        col[i] = v;
    }
    const double share = trade > 0.0 ? s->domestic : 1.0;
    const double fd = dom > 0.0 ? share * c / dom : 0.0;
    const double ft = trade > 0.0 ? (1.0 - share) * c / trade : 0.0;
    for (size_t i = 0; i < n; i++)
        col[i] *= (i >= d0 && i < d1) ? fd : ft;
}

void bench_synth_A(const bench_synth_spec *s, double *A)
{
    const size_t n = s->n;
#pragma omp parallel for schedule(static)
    for (size_t j = 0; j < n; j++)
        column_A(s, j, A + j * n);
}

void bench_synth_M(const bench_synth_spec *s, double *M)
{
    const size_t n = s->n;
    bench_synth_A(s, M);
#pragma omp parallel for schedule(static)
    for (size_t j = 0; j < n; j++) {
        double *col = M + j * n;
        for (size_t i = 0; i < n; i++)
            col[i] = -col[i];
        col[j] += 1.0;
    }
}

void bench_synth_table(const bench_synth_spec *s, const double *A, double *Y, double *x, double *Z,
                       double *S, double *work)
{
    const size_t n = s->n, k = s->ncategories, ns = s->nstressors;
    /* Final demand: positive, category c's share of it decreasing with c. */
    for (size_t c = 0; c < k; c++) {
        uint64_t st = column_state(s, 1, c);
        for (size_t i = 0; i < n; i++)
            Y[i + c * n] = (0.5 + uniform(&st)) / (double)(c + 1);
    }
    double *y = work;
    for (size_t i = 0; i < n; i++) {
        double t = 0.0;
        for (size_t c = 0; c < k; c++)
            t += Y[i + c * n];
        y[i] = t;
        x[i] = t;
    }
    /* x = y + A y + A^2 y + ...: 40 terms (a serial loop over columns, so the
     * same bits for any thread count).  Z = A diag(x) then holds whatever x. */
    double *term = Z; /* Z is free until the end: two n-vectors of scratch */
    double *next = Z + n;
    memcpy(term, y, n * sizeof *term);
    for (int it = 0; it < 40; it++) {
        memset(next, 0, n * sizeof *next);
        for (size_t j = 0; j < n; j++) {
            const double tj = term[j];
            const double *col = A + j * n;
            for (size_t i = 0; i < n; i++)
                next[i] += col[i] * tj;
        }
        for (size_t i = 0; i < n; i++)
            x[i] += next[i];
        memcpy(term, next, n * sizeof *term);
    }
#pragma omp parallel for schedule(static)
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            Z[i + j * n] = A[i + j * n] * x[j];
    for (size_t j = 0; j < n; j++) {
        uint64_t st = column_state(s, 2, j);
        for (size_t r = 0; r < ns; r++)
            S[r + j * ns] = uniform(&st) * (double)(r + 1);
    }
}

uint64_t bench_checksum(const double *x, size_t m)
{
    uint64_t sum = 0;
    for (size_t k = 0; k < m; k++) {
        uint64_t bits;
        memcpy(&bits, x + k, sizeof bits);
        sum += bits * (2 * (uint64_t)k + 1);
    }
    return sum;
}
