/* urio/family.h - scenario families of a CGE model (DESIGN.md section 6): sweeps
 * (one or two shock amounts over a grid, one scenario per point) and Monte Carlo
 * draws (elasticities and shock amounts from probability distributions, or the
 * Arndt-Pearson Stroud-3 quadrature), with the statistics of the draws.
 *
 * These are plain data types and the economics of one draw: the file parser
 * (solver/formats/scenario_family.c) fills them, the run layer (urio/batch.h)
 * solves them, the writers write urio_uncertainty.  docs/scenarios.md has the
 * file syntax.
 *
 * Determinism: draw k's values come from its own generator, seeded from (seed, k)
 * only, so they do not depend on the number of draws, the order in which draws are
 * solved or the number of threads.  Thread-safety: every function here is
 * reentrant; a family is read-only while a batch runs. */
#ifndef URIO_FAMILY_H
#define URIO_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <urio/cge.h>
#include <urio/status.h>

/* ---- Distributions --------------------------------------------------------------- */

typedef enum urio_dist_kind {
    URIO_DIST_NORMAL = 0,     /* a = mean, b = standard deviation (> 0) */
    URIO_DIST_UNIFORM = 1,    /* a = min, b = max (a < b) */
    URIO_DIST_TRIANGULAR = 2, /* a = min, c = mode, b = max (a <= c <= b, a < b) */
    URIO_DIST_LOGNORMAL = 3   /* a = mu, b = sigma (> 0) of the logarithm */
} urio_dist_kind;

/* "normal", "uniform", "triangular", "lognormal". */
const char *urio_dist_name(urio_dist_kind k);

typedef struct urio_dist {
    urio_dist_kind kind;
    double a, b, c;
    double lo, hi; /* truncation: a draw outside [lo, hi] is drawn again (-inf, +inf: none) */
} urio_dist;

/* The mean and standard deviation of d before truncation. */
double urio_dist_mean(const urio_dist *d);
double urio_dist_sd(const urio_dist *d);
/* Whether d is symmetric about its mean (normal, uniform, triangular with the mode
 * in the middle): what the quadrature needs. */
bool urio_dist_symmetric(const urio_dist *d);

/* ---- Families -------------------------------------------------------------------- */

typedef enum urio_elasticity_kind {
    URIO_ELASTICITY_ARMINGTON = 0,
    URIO_ELASTICITY_TRANSFORMATION = 1,
    URIO_ELASTICITY_SOURCING = 2
} urio_elasticity_kind;

/* "armington", "transformation", "sourcing". */
const char *urio_elasticity_name(urio_elasticity_kind k);

/* One uncertain parameter of a Monte Carlo family: an elasticity of some
 * commodities (one draw sets all of them: they move together), or the amount of
 * one shock of the family's policy. */
typedef struct urio_uncertain {
    char *name; /* "armington[agriculture,processing]", "shock 1" (owned) */
    bool elasticity;
    urio_elasticity_kind ekind;
    size_t ntargets;
    size_t *targets; /* commodities (owned) */
    size_t shock;    /* index into the policy's shocks */
    urio_dist dist;
} urio_uncertain;

typedef struct urio_cge_montecarlo {
    char *name;    /* draws are named "<name> #<k>" (owned) */
    size_t draws;  /* sampling: as asked; quadrature: 2 m points */
    uint64_t seed; /* sampling: draw k's generator is seeded from (seed, k) */
    bool quadrature;
    bool keep_draws;          /* every draw's effects in effects.csv as well */
    urio_cge_scenario policy; /* the shocks of every draw (owned) */
    size_t nparams;           /* m */
    urio_uncertain *params;   /* owned */
} urio_cge_montecarlo;

/* What a scenario file holds: the listed scenarios, then the points of a sweep
 * (expanded into ordinary scenarios, named "<sweep> (<param>=<value>, ...)"), and
 * a Monte Carlo family or NULL. */
typedef struct urio_cge_family {
    urio_cge_scenario *scenarios; /* owned */
    size_t nscen;
    size_t nsweep; /* the last nsweep of them are sweep points */
    urio_cge_montecarlo *mc;
} urio_cge_family;

void urio_cge_family_clear(urio_cge_family *f); /* frees members, not f */

/* ---- One draw (solver/econ/cge_sensitivity.c) -------------------------------------- */

/* Build draw k's parameters from its values x: when the draw moves elasticities,
 * recalibrate (*dm is then a new model, which the caller frees; else NULL: solve
 * with m); set params (initialised for m by the caller) to that model's benchmark;
 * copy the policy, set the drawn shock amounts and apply it to params.
 * Failures (an impossible shock, an
 * elasticity the model rejects) fill d and return the status. */
URIO_MUST_CHECK urio_status urio_cge_mc_prepare(const urio_cge_model *m,
                                                const urio_cge_montecarlo *mc, const double *x,
                                                urio_cge_model **dm, urio_cge_params *params,
                                                urio_diag *d);

/* Recalibrate model m with other elasticities (NULL: m's own) on the same SAM,
 * closure and mobility classes: a new model in *out. */
URIO_MUST_CHECK urio_status urio_cge_model_recalibrate(const urio_cge_model *m,
                                                       const double *armington,
                                                       const double *transformation,
                                                       const double *sourcing, urio_cge_model **out,
                                                       urio_diag *d);

/* ---- Results ------------------------------------------------------------------------ */

/* Statistics of one indicator over the draws that solved (urio_stat_compute). */
typedef struct urio_stat {
    double mean, sd, p5, p50, p95; /* NaN when not available */
    size_t n;
} urio_stat;

/* The outcome of a Monte Carlo family: statistics of the change (value - base) of
 * every effect, and one row per draw. */
typedef struct urio_uncertainty {
    char *name; /* the family's name (owned) */
    bool quadrature;
    size_t draws, solved;
    uint64_t seed;
    size_t nparams;
    char **param_names; /* nparams (owned) */
    urio_dist *dists;   /* nparams */
    size_t nind;
    urio_effect *ind; /* nind: indicator and label of each effect, base of the base model */
    urio_stat *stat;  /* nind: of the change */
    double *x;        /* draws x nparams: the values drawn (row-major) */
    int *status;      /* draws: urio_status of each draw */
    char **reason;    /* draws: why a draw failed, or NULL (owned) */
    size_t nhead;
    const char *const *head; /* nhead economy-wide indicators (static text) */
    double *headline;        /* draws x nhead: their change (NaN when failed) */
} urio_uncertainty;

void urio_uncertainty_free(urio_uncertainty *u); /* NULL is a no-op */

/* ---- Files (solver/formats) ------------------------------------------------------ */

/* Parse a scenario file against a CGE model: the listed scenarios (as
 * urio_scenarios_parse_cge), then `sweep:` (appended as scenarios) and
 * `monte_carlo:` (docs/scenarios.md).  Errors name the line and column. */
URIO_MUST_CHECK urio_status urio_scenarios_parse_cge_family(const char *buf, size_t len,
                                                            const char *name,
                                                            const urio_cge_model *m,
                                                            urio_cge_family *out, urio_diag *d);

/* uncertainty.csv: scenario,indicator,label,base,mean,sd,p5,p50,p95,n - the
 * statistics of each effect's change over the draws that solved (empty
 * percentiles for quadrature); and draws.csv: draw,status,reason, the values drawn
 * (one column per parameter), then the change of the headline indicators. */
URIO_MUST_CHECK urio_status urio_write_uncertainty_csv(const char *outdir,
                                                       const urio_uncertainty *u, urio_diag *d);
/* The Monte Carlo bands of report.html (urio_band, urio/formats.h): one per
 * indicator of u, as levels - base + the mean and percentiles of the change - with
 * the names pointing into u.  A malloc'd array of u->nind (at least one) entries
 * that the caller frees, or NULL when out of memory. */
struct urio_band;
struct urio_band *urio_uncertainty_bands(const urio_uncertainty *u);
/* The "uncertainty" object of report.json (a cJSON *), added to root (a cJSON
 * object); false when out of memory. */
bool urio_uncertainty_json(void *root, const urio_uncertainty *u);

#endif
