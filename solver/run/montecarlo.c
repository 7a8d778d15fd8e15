/* montecarlo.c - Monte Carlo draws, the Stroud-3 quadrature and the statistics of
 * the draws (urio/batch.h).
 *
 * Each draw has its own generator seeded from (seed, k) through SplitMix64, so
 * draw k is the same whatever the number of draws, the thread that solves it or
 * the order of solving.  Quadrature follows Arndt (1996), "An introduction to
 * systematic sensitivity analysis via Gaussian quadrature" (GTAP technical paper
 * 2): Stroud's degree-3 formula with 2 m equally weighted points, whose
 * coordinates are sqrt(2) cos((2r - 1) k pi / m), sqrt(2) sin((2r - 1) k pi / m)
 * for r = 1..floor(m / 2) and, for odd m, (-1)^k in the last one. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include <urio/batch.h>

#define MAX_REDRAW 10000
#define PI 3.14159265358979323846
#define SQRT2 1.41421356237309504880

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* The seed of draw k's generator. */
static unsigned long draw_seed(uint64_t seed, size_t k)
{
    uint64_t st = seed;
    uint64_t a = splitmix64(&st);
    st = a ^ (uint64_t)k;
    uint64_t s = splitmix64(&st);
    s &= UINT64_C(0xFFFFFFFF); /* MT19937 uses 32 bits of its seed */
    return s == 0 ? 1UL : (unsigned long)s;
}

static double draw_one(gsl_rng *r, const urio_dist *d)
{
    switch (d->kind) {
    case URIO_DIST_NORMAL:
        return d->a + gsl_ran_gaussian(r, d->b);
    case URIO_DIST_UNIFORM:
        return gsl_ran_flat(r, d->a, d->b);
    case URIO_DIST_TRIANGULAR: {
        const double u = gsl_rng_uniform(r), a = d->a, b = d->b, c = d->c;
        const double fc = (c - a) / (b - a);
        return u < fc ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1.0 - u) * (b - a) * (b - c));
    }
    case URIO_DIST_LOGNORMAL:
        return gsl_ran_lognormal(r, d->a, d->b);
    }
    return NAN;
}

static bool acceptable(const urio_uncertain *u, double x)
{
    if (!(x >= u->dist.lo && x <= u->dist.hi) || !isfinite(x)) return false;
    if (u->elasticity && (!(x > 0.0) || fabs(x - 1.0) < 1e-6)) return false;
    return true;
}

void urio_stroud3_point(size_t m, size_t k, double *z)
{
    const double j = (double)(k + 1); /* points are numbered 1..2m */
    for (size_t r = 1; 2 * r <= m; r++) {
        const double ang = (double)(2 * r - 1) * j * PI / (double)m;
        z[2 * r - 2] = SQRT2 * cos(ang);
        z[2 * r - 1] = SQRT2 * sin(ang);
    }
    if (m % 2 == 1) z[m - 1] = ((k + 1) % 2 == 0) ? 1.0 : -1.0;
}

urio_status urio_cge_mc_draw(const urio_cge_montecarlo *mc, size_t k, double *x)
{
    if (mc == NULL || x == NULL || k >= mc->draws) return URIO_EINVAL;
    const size_t m = mc->nparams;
    if (mc->quadrature) {
        urio_stroud3_point(m, k, x);
        for (size_t i = 0; i < m; i++) {
            const urio_uncertain *u = &mc->params[i];
            x[i] = urio_dist_mean(&u->dist) + urio_dist_sd(&u->dist) * x[i];
            if (!acceptable(u, x[i])) return URIO_EMODEL;
        }
        return URIO_OK;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r == NULL) return URIO_ENOMEM;
    gsl_rng_set(r, draw_seed(mc->seed, k));
    urio_status s = URIO_OK;
    for (size_t i = 0; i < m && s == URIO_OK; i++) {
        const urio_uncertain *u = &mc->params[i];
        size_t tries = 0;
        do {
            x[i] = draw_one(r, &u->dist);
        } while (!acceptable(u, x[i]) && ++tries < MAX_REDRAW);
        if (tries >= MAX_REDRAW) s = URIO_ENOCONV;
    }
    gsl_rng_free(r);
    return s;
}

void urio_stat_compute(double *x, size_t n, bool quadrature, urio_stat *out)
{
    out->n = n;
    out->mean = out->sd = out->p5 = out->p50 = out->p95 = NAN;
    if (n == 0) return;
    out->mean = gsl_stats_mean(x, 1, n);
    if (quadrature) {
        out->sd = gsl_stats_sd_with_fixed_mean(x, 1, n, out->mean);
        return;
    }
    out->sd = n > 1 ? gsl_stats_sd_m(x, 1, n, out->mean) : 0.0;
    gsl_sort(x, 1, n);
    out->p5 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.05);
    out->p50 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.50);
    out->p95 = gsl_stats_quantile_from_sorted_data(x, 1, n, 0.95);
}
