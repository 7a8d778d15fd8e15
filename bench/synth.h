/* synth.h - reproducible synthetic multi-regional input-output tables for the
 * benchmark suite (bench/synth.c).
 *
 * Structure of a real MRIO (EXIOBASE 3: 49 regions x 200 products, n = 9,800):
 * the n products are cut into regions of `sectors` products (the last region may
 * be smaller); the domestic (diagonal) region blocks of A are dense, the trade
 * (off-diagonal) blocks sparse, each entry nonzero with probability `density`;
 * every column of A sums to a value drawn uniformly in [colsum_lo, colsum_hi]
 * (0.3 to 0.8 by default), a share `domestic` of it in the domestic block.  So
 * I - A is column diagonally dominant and productive, as a real table is.
 *
 * Reproducibility: column j is drawn from its own generator, seeded from (seed,
 * j) by splitmix64, so the table is the same bits for any thread count and any
 * machine (IEEE double arithmetic, no library calls but sqrt-free arithmetic). */
#ifndef URIO_BENCH_SYNTH_H
#define URIO_BENCH_SYNTH_H

#include <stddef.h>
#include <stdint.h>

typedef struct bench_synth_spec {
    size_t n;         /* order of A */
    size_t sectors;   /* products per region (200 as in EXIOBASE; n when n <= 200) */
    uint64_t seed;    /* generator seed */
    double density;   /* share of nonzero entries in a trade block */
    double colsum_lo; /* column sums of A are uniform in [colsum_lo, colsum_hi] */
    double colsum_hi;
    double domestic;    /* share of a column sum in its domestic block */
    size_t nstressors;  /* rows of the satellite (stressor) matrix S */
    size_t ncategories; /* columns of the final demand Y */
} bench_synth_spec;

/* Defaults for order n: 200 products a region, trade density 0.32 (so that about
 * two thirds of A are zeros at EXIOBASE's 49 regions), column sums in [0.3, 0.8],
 * domestic share 0.8, 10 stressors, 2 final-demand categories. */
void bench_synth_defaults(bench_synth_spec *s, size_t n, uint64_t seed);

/* Number of regions of a spec. */
size_t bench_synth_regions(const bench_synth_spec *s);

/* A: n x n technical coefficients, column-major (leading dimension n). */
void bench_synth_A(const bench_synth_spec *s, double *A);

/* M = I - A, column-major. */
void bench_synth_M(const bench_synth_spec *s, double *M);

/* A table with that A: final demand Y (n x ncategories, positive), gross output
 * x = (I - A)^-1 y by 40 terms of the Neumann series (any x > 0 will do: the
 * flows are then Z = A diag(x) exactly and the benchmark recomputes A from
 * Z and x = Z 1 + Y 1), flows Z = A diag(x) (n x n), stressor intensities
 * S (nstressors x n).  All column-major; A must already hold bench_synth_A.
 * work: n doubles. */
void bench_synth_table(const bench_synth_spec *s, const double *A, double *Y, double *x, double *Z,
                       double *S, double *work);

/* Order-independent exact checksum of the bits of m doubles (sum and weighted
 * sum of their 64-bit patterns, modulo 2^64), the same one bench/peers.py takes
 * of what it loads: the numbers compared are the same matrix. */
uint64_t bench_checksum(const double *x, size_t m);

#endif
