/* urio/cge.h - the standard computable general equilibrium (CGE) model of Hosoe,
 * Gasawa & Hashimoto (2010, ch. 6), for any number of goods, factors and
 * households: calibration from a social accounting matrix (SAM), the equations,
 * the solve with its checks, tax/productivity/factor-supply scenarios and the
 * indicators of DESIGN.md section 7.  docs/cge-model.md lists every equation and
 * calibration formula; the names below (Z, Xp, pq, tauz, ...) are the book's.
 *
 * SAM: square, accounts x accounts, column-major urio_matrix, entry (r, c) = the
 * payment of account c to account r (rows receive, columns pay).  Roles: goods
 * (each one activity and commodity), factors, households, government, investment,
 * rest of the world, and optionally a production-tax and an import-tax account;
 * direct taxes are the cells (government, household).
 *
 * Unknowns: the vector v of the urio_cge_block blocks below, each laid out
 * index-major as urio_cge_var says; all prices are 1 at the benchmark.  The
 * numeraire (a factor price, or the consumer price index) is fixed and one
 * market-clearing equation is dropped (Walras' law): the factor market of the
 * numeraire factor, or of the first factor when the CPI is the numeraire.
 *
 * Thread-safety: a urio_cge_model is read-only after urio_cge_model_create and
 * may be shared by threads, each with its own urio_cge_workspace.  The solver's
 * iterations never allocate: the workspace holds every buffer.  Allocation happens
 * in the _create and _init functions, in urio_cge_solve for a solution's vector
 * (once), in urio_cge_check_benchmark, and in urio_cge_effects_append. */
#ifndef URIO_CGE_H
#define URIO_CGE_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/formats.h>
#include <urio/io.h>
#include <urio/linalg.h>
#include <urio/newton.h>
#include <urio/status.h>
#include <urio/table.h>

/* Convergence tolerance on the scaled residual (each equation divided by a
 * benchmark level: docs/cge-model.md) and the tolerance of the checks. */
#define URIO_CGE_TOL_RESIDUAL 1e-10
#define URIO_CGE_TOL_CHECK 1e-8
/* SAM balance: |row sum - column sum| <= URIO_CGE_TOL_BALANCE x the SAM total. */
#define URIO_CGE_TOL_BALANCE 1e-9

typedef enum urio_cge_numeraire {
    URIO_CGE_NUMERAIRE_FACTOR = 0, /* the price of one factor */
    URIO_CGE_NUMERAIRE_CPI = 1     /* the consumer price index (base household weights) */
} urio_cge_numeraire;

/* Closures (DESIGN.md section 5).  This version solves the standard model's:
 * savings-driven investment and fixed foreign savings (flexible exchange rate). */
typedef enum urio_cge_investment_closure {
    URIO_CGE_SAVINGS_DRIVEN = 0
} urio_cge_investment_closure;
typedef enum urio_cge_foreign_closure {
    URIO_CGE_FOREIGN_SAVINGS_FIXED = 0
} urio_cge_foreign_closure;

typedef struct urio_cge_closure {
    urio_cge_investment_closure investment;
    urio_cge_foreign_closure foreign_savings;
} urio_cge_closure;

const char *urio_cge_investment_closure_name(urio_cge_investment_closure c); /* "savings-driven" */
const char *urio_cge_foreign_closure_name(urio_cge_foreign_closure c);       /* "fixed" */

/* What a model is built from (the loader fills it; everything is borrowed). */
typedef struct urio_cge_spec {
    const char *name, *units;    /* may be NULL */
    const urio_labels *accounts; /* the SAM's accounts, in SAM order */
    const urio_matrix *sam;      /* accounts x accounts */
    size_t ngoods;
    const size_t *goods; /* account indices, in model order */
    size_t nfactors;
    const size_t *factors;
    size_t nhouseholds;
    const size_t *households;
    size_t government, investment, rest_of_world; /* account indices */
    size_t tax_production, tax_import;            /* account indices, SIZE_MAX: none */
    const double *armington;                      /* ngoods elasticities sigma > 0, != 1 */
    const double *transformation;                 /* ngoods elasticities psi > 0 */
    urio_cge_numeraire numeraire;
    size_t numeraire_factor; /* index into factors (0..nfactors-1) for a factor numeraire */
    urio_cge_closure closure;
} urio_cge_spec;

/* Where in the SAM a problem is: account indices of the row and column (for an
 * account rather than a cell, row = col = the account); SIZE_MAX when not a SAM
 * problem.  The loader turns them into a line and column of the SAM file. */
typedef struct urio_cge_where {
    size_t row, col;
} urio_cge_where;

/* The exogenous parameters a scenario may change (all arrays owned). */
typedef struct urio_cge_params {
    double *tauz;     /* n production tax rates (on the producer price pz) */
    double *taum;     /* n import tariff rates (on the import price pm) */
    double *taud;     /* H direct tax rates (on household income) */
    double *b;        /* n scale of value added (productivity) */
    double *FF;       /* k factor endowments */
    double *pWe;      /* n world export prices (foreign currency) */
    double *pWm;      /* n world import prices (foreign currency) */
    double Sf;        /* foreign savings (foreign currency) */
    double numeraire; /* price of the numeraire (1 at the benchmark) */
} urio_cge_params;

/* Blocks of the unknown vector v. */
typedef enum urio_cge_block {
    URIO_CGE_Y = 0, /* n   composite factor (value added) */
    URIO_CGE_F,     /* k x n factor f used by firm j: index (f, j) */
    URIO_CGE_Z,     /* n   gross output */
    URIO_CGE_XP,    /* n x H household consumption: index (i, h) */
    URIO_CGE_XG,    /* n   government consumption */
    URIO_CGE_XV,    /* n   investment demand */
    URIO_CGE_E,     /* n   exports */
    URIO_CGE_M,     /* n   imports */
    URIO_CGE_Q,     /* n   Armington composite */
    URIO_CGE_D,     /* n   domestic good */
    URIO_CGE_PF,    /* k   factor prices */
    URIO_CGE_PY,    /* n   value-added prices */
    URIO_CGE_PZ,    /* n   producer prices */
    URIO_CGE_PQ,    /* n   composite prices */
    URIO_CGE_PE,    /* n   export prices (local currency) */
    URIO_CGE_PM,    /* n   import prices (local currency) */
    URIO_CGE_PD,    /* n   domestic prices */
    URIO_CGE_EPS,   /* 1   exchange rate */
    URIO_CGE_SP,    /* H   household saving */
    URIO_CGE_SG,    /* 1   government saving */
    URIO_CGE_TD,    /* H   direct tax */
    URIO_CGE_TZ,    /* n   production tax revenue */
    URIO_CGE_TM,    /* n   tariff revenue */
    URIO_CGE_NBLOCKS
} urio_cge_block;

/* Blocks of the equations (docs/cge-model.md names them eqpy, eqF, ...). */
typedef enum urio_cge_eqblock {
    URIO_CGE_EQ_PY = 0, /* n   value added: Y = b prod F^beta */
    URIO_CGE_EQ_F,      /* k x n factor demand */
    URIO_CGE_EQ_Y,      /* n   Leontief value added: Y = ay Z */
    URIO_CGE_EQ_PZS,    /* n   unit cost */
    URIO_CGE_EQ_TD,     /* H   direct tax */
    URIO_CGE_EQ_TZ,     /* n   production tax */
    URIO_CGE_EQ_TM,     /* n   tariff */
    URIO_CGE_EQ_XG,     /* n   government demand */
    URIO_CGE_EQ_XV,     /* n   investment demand */
    URIO_CGE_EQ_SP,     /* H   household saving */
    URIO_CGE_EQ_SG,     /* 1   government saving */
    URIO_CGE_EQ_XP,     /* n x H household demand */
    URIO_CGE_EQ_PE,     /* n   export price */
    URIO_CGE_EQ_PM,     /* n   import price */
    URIO_CGE_EQ_EPS,    /* 1   balance of payments */
    URIO_CGE_EQ_PQS,    /* n   Armington aggregation */
    URIO_CGE_EQ_M,      /* n   import demand */
    URIO_CGE_EQ_D,      /* n   domestic demand */
    URIO_CGE_EQ_PZD,    /* n   transformation (CET) */
    URIO_CGE_EQ_E,      /* n   export supply */
    URIO_CGE_EQ_DS,     /* n   domestic supply */
    URIO_CGE_EQ_PQD,    /* n   composite-good market */
    URIO_CGE_EQ_PF,     /* k   factor market */
    URIO_CGE_EQ_CPI,    /* 1 with a CPI numeraire, else 0: sum w pq = numeraire */
    URIO_CGE_NEQBLOCKS
} urio_cge_eqblock;

/* A calibrated model.  Read-only after urio_cge_model_create; every array owned.
 * Matrices are column-major in flat arrays: F0[f + k j], X0[i + n j],
 * Xp0[i + n h], alpha[i + n h], beta[f + k j], ax[i + n j], share[h + H f]. */
typedef struct urio_cge_model {
    char *name, *units; /* may be NULL */
    size_t n, k, H;     /* goods, factors, households */
    urio_labels *goods, *factors, *households, *accounts;
    urio_matrix *sam; /* copy of the SAM */
    size_t *acc_goods, *acc_factors, *acc_households;
    size_t acc_government, acc_investment, acc_row, acc_tax_production, acc_tax_import;
    double *sigma, *psi; /* elasticities (Armington, CET) per good */
    urio_cge_numeraire numeraire;
    size_t numeraire_factor;
    urio_cge_closure closure;
    bool trade; /* any exports, imports or foreign savings; without them the
                 * exchange rate follows the numeraire (docs/cge-model.md) */

    /* Benchmark flows (the SAM at unit prices). */
    double *Y0, *F0, *X0, *Z0, *Xp0, *Xg0, *Xv0, *E0, *M0, *Q0, *D0, *Tz0, *Tm0;
    double *Td0, *Sp0, *I0; /* H: direct tax, saving, income */
    double *FF0;            /* k endowments */
    double Sg0, Sf0, T0;    /* government saving, foreign saving, government revenue */

    /* Calibrated parameters (docs/cge-model.md). */
    double *eta, *phi;               /* n: (sigma - 1) / sigma, (psi + 1) / psi */
    double *alpha, *beta, *ax;       /* consumption shares, factor shares, input coefficients */
    double *ay, *mu, *lambda;        /* value-added coefficient, government and investment shares */
    double *deltam, *deltad, *gamma; /* Armington shares and scale */
    double *xie, *xid, *theta;       /* CET shares and scale */
    double *ssp;                     /* H saving rates */
    double ssg;                      /* government saving rate */
    double *share;                   /* H x k: household h's share of factor f's income */
    double *cpiw;                    /* n CPI weights (base household consumption shares) */
    urio_cge_params base;            /* benchmark values of the exogenous parameters */

    /* Layout. */
    size_t nv, ne;                       /* unknowns and equations */
    size_t voff[URIO_CGE_NBLOCKS + 1];   /* first index of each block; voff[NBLOCKS] = nv */
    size_t eoff[URIO_CGE_NEQBLOCKS + 1]; /* first index of each equation block */
    size_t fixed;                        /* the fixed numeraire unknown, SIZE_MAX for the CPI */
    size_t dropped;                      /* the equation dropped by Walras' law */
    double *v0;                          /* nv benchmark values */
    double *vscale;                      /* nv scale of each unknown (benchmark level or 1) */
    double *escale;                      /* ne scale of each equation */
} urio_cge_model;

/* Validate the spec and the SAM and calibrate.  Errors (URIO_EMODEL unless said):
 * roles (an account in no role or two, empty goods/factors/households, an index
 * out of range), an unbalanced SAM (every unbalanced account named with its
 * receipts, payments and difference), a negative flow where none can be (input,
 * factor payment, consumption, export, import, factor income), a nonzero cell the
 * standard model has no flow for (URIO_EUNSUPPORTED), a good without value added
 * or domestic sales, a factor without income, a household without consumption,
 * elasticities out of range (URIO_EINVAL), a tax with no base.  where (may be
 * NULL) says which SAM cell or account; d names accounts by label. */
URIO_MUST_CHECK urio_status urio_cge_model_create(const urio_cge_spec *spec, urio_cge_model **out,
                                                  urio_cge_where *where, urio_diag *d);
void urio_cge_model_free(urio_cge_model *m); /* NULL is a no-op */

/* The index in v of element (i, j) of block b (j = 0 for one-index blocks), or
 * SIZE_MAX when out of range. */
size_t urio_cge_var(const urio_cge_model *m, urio_cge_block b, size_t i, size_t j);
/* "Z[BRD]", "F[CAP,BRD]", "eps" for unknown idx; "eqpqd[BRD] (composite-good
 * market)" for equation e.  Always terminated. */
void urio_cge_var_name(const urio_cge_model *m, size_t idx, char *buf, size_t size);
void urio_cge_eq_name(const urio_cge_model *m, size_t e, char *buf, size_t size);

/* Parameters: _init copies m's benchmark values (allocates), _copy copies src
 * into an initialised dst of the same model, _clear frees the arrays. */
URIO_MUST_CHECK urio_status urio_cge_params_init(const urio_cge_model *m, urio_cge_params *p);
void urio_cge_params_copy(const urio_cge_model *m, const urio_cge_params *src,
                          urio_cge_params *dst);
void urio_cge_params_clear(urio_cge_params *p);

/* Every equation's scaled residual at v (ne values into r; v holds the numeraire
 * unknown at whatever value it has).  Returns 0, or nonzero when v is outside
 * the domain (a non-positive price or quantity where a power or division needs a
 * positive one). */
int urio_cge_residual(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                      double *r);

/* The SAM the model implies at v, in current prices (accounts x accounts, the
 * model's account order), into sam (same shape as m->sam).  At the benchmark it
 * reproduces the input SAM. */
URIO_MUST_CHECK urio_status urio_cge_sam_at(const urio_cge_model *m, const urio_cge_params *p,
                                            const double *v, urio_matrix *sam);

/* ---- Solving ------------------------------------------------------------------ */

typedef struct urio_cge_workspace urio_cge_workspace; /* opaque, one per thread */

URIO_MUST_CHECK urio_status urio_cge_workspace_create(const urio_cge_model *m,
                                                      urio_cge_workspace **out);
void urio_cge_workspace_free(urio_cge_workspace *w); /* NULL is a no-op */

typedef struct urio_cge_solve_opts {
    urio_newton_opts newton; /* epsabs defaults to URIO_CGE_TOL_RESIDUAL */
    bool homogeneity;        /* re-solve with the numeraire doubled (default true) */
    double check_tol;        /* Walras and homogeneity tolerance (URIO_CGE_TOL_CHECK) */
} urio_cge_solve_opts;

void urio_cge_solve_opts_init(urio_cge_solve_opts *o);

/* The outcome of one solve. */
typedef struct urio_cge_solution {
    double *v;                 /* nv values, owned (urio_cge_solution_clear frees) */
    urio_newton_result solver; /* iterations, residual, method, continuation */
    bool converged;
    double residual;    /* max scaled residual of the solved equations */
    double walras;      /* |scaled residual| of the dropped equation */
    double homogeneity; /* max relative deviation with the numeraire doubled; NaN if not run */
    bool passed;        /* converged and every check within tolerance */
    char failure[512];  /* on failure: what failed, with the worst equations named */
} urio_cge_solution;

void urio_cge_solution_clear(urio_cge_solution *s); /* frees v, not s */

/* Solve the model with parameters p from start (NULL: the benchmark), by Newton
 * with continuation from the benchmark parameters to p, then check Walras' law and,
 * when o->homogeneity, homogeneity (o NULL: the defaults).  sol receives everything;
 * sol->v is allocated here when NULL and reused (nv values) otherwise, so a zeroed
 * solution is the way to start.  Returns URIO_OK when converged and the checks pass; URIO_ENOCONV
 * when the solver fails (sol->failure names the worst equations); URIO_ECHECK when a check fails
 * beyond tolerance; URIO_EINVAL, URIO_ENOMEM. */
URIO_MUST_CHECK urio_status urio_cge_solve(const urio_cge_model *m, urio_cge_workspace *w,
                                           const urio_cge_params *p, const double *start,
                                           const urio_cge_solve_opts *o, urio_cge_solution *sol);

/* The checks of DESIGN.md section 8 at the benchmark. */
typedef struct urio_cge_checks {
    double sam_imbalance;      /* max |row sum - column sum| / SAM total */
    double benchmark_residual; /* max scaled residual at the calibrated point, all equations */
    double benchmark_sam;      /* max |SAM at the calibrated point - SAM| / SAM total */
    double replication;        /* the same after solving the zero shock from a start 10 % off */
    double walras;             /* dropped equation after that solve */
    double homogeneity;        /* numeraire doubled at the benchmark: max relative deviation */
    urio_newton_result solver; /* the zero-shock solve */
    double tolerance;          /* URIO_CGE_TOL_RESIDUAL for residual and SAM at the calibrated
                                * point; URIO_CGE_TOL_CHECK for the others */
    bool passed;
} urio_cge_checks;

/* Run the benchmark checks.  URIO_OK when all pass, URIO_ECHECK (with d saying
 * which) when one fails beyond tolerance; c is filled either way. */
URIO_MUST_CHECK urio_status urio_cge_check_benchmark(const urio_cge_model *m, urio_cge_workspace *w,
                                                     urio_cge_checks *c, urio_diag *d);

/* ---- Scenarios and indicators --------------------------------------------------- */

typedef enum urio_cge_shock_kind {
    URIO_CGE_SHOCK_TAX_PRODUCTION = 0, /* tauz of target goods */
    URIO_CGE_SHOCK_TAX_IMPORT = 1,     /* taum of target goods */
    URIO_CGE_SHOCK_TAX_DIRECT = 2,     /* taud of target households */
    URIO_CGE_SHOCK_PRODUCTIVITY = 3,   /* b of target goods, as an index (1 = benchmark) */
    URIO_CGE_SHOCK_FACTOR_SUPPLY = 4   /* FF of target factors */
} urio_cge_shock_kind;

/* "tax:production", "tax:import", "tax:direct", "productivity", "factor_supply". */
const char *urio_cge_shock_name(urio_cge_shock_kind k);

/* One shock, resolved: targets index goods, households or factors by kind.
 * set: new level; change: add; change_pct: add value percent of the level.  For a
 * tax the level is the rate (0.05 = 5 %); for productivity the index of b
 * (b = index x benchmark b); for factor supply the endowment in SAM units. */
typedef struct urio_cge_shock {
    urio_cge_shock_kind kind;
    size_t ntargets;
    size_t *targets; /* owned */
    urio_change_kind change;
    double value;
} urio_cge_shock;

typedef struct urio_cge_scenario {
    char *name; /* owned */
    size_t nshocks;
    urio_cge_shock *shocks; /* owned */
} urio_cge_scenario;

void urio_cge_scenario_clear(urio_cge_scenario *s); /* frees members, not s */
void urio_cge_scenarios_free(urio_cge_scenario *sc, size_t nscen);

/* Apply sc's shocks, in order, to p (which starts as the caller wants, usually
 * the benchmark).  URIO_EMODEL (d names the shock and target) when a result is
 * impossible: a tax rate making the price factor 1 + t <= 0, a productivity index
 * or endowment <= 0; URIO_EINVAL for a target out of range. */
URIO_MUST_CHECK urio_status urio_cge_scenario_apply(const urio_cge_model *m,
                                                    const urio_cge_scenario *sc, urio_cge_params *p,
                                                    urio_diag *d);

/* Append scenario k's indicators (DESIGN.md section 7) at solution v (solved with
 * p) to fx, with base values from the benchmark: output, price_output,
 * price_composite, price_domestic, domestic, exports, imports, composite (by good;
 * output, exports and imports also in total, at base prices), factor_price (by
 * factor), household_income, household_consumption (at base prices), utility,
 * equivalent_variation (by household; income, consumption and EV also in
 * total), exchange_rate, government_revenue, government_consumption, investment,
 * gdp_real (economy-wide, label "").  URIO_ENOMEM leaves fx as it was. */
URIO_MUST_CHECK urio_status urio_cge_effects_append(const urio_cge_model *m, size_t k,
                                                    const urio_cge_params *p, const double *v,
                                                    urio_effects *fx);

/* Household h's utility prod_i Xp_ih^alpha_ih and its Hicksian equivalent variation
 * at base prices, (U - U0) prod_i alpha_ih^-alpha_ih (model units). */
double urio_cge_utility(const urio_cge_model *m, const double *v, size_t h);
double urio_cge_ev(const urio_cge_model *m, const double *v, size_t h);

/* ---- Files (solver/formats) -------------------------------------------------- */

/* Parse a scenario file (DESIGN.md section 6) against a CGE model.  Shock types:
 * tax (tax: production or import with goods as targets, direct with households),
 * productivity (goods), factor_supply (factors); targets are labels, lists or
 * `all`.  Other types and taxes are URIO_EUNSUPPORTED with the line. */
URIO_MUST_CHECK urio_status urio_scenarios_parse_cge(const char *buf, size_t len, const char *name,
                                                     const urio_cge_model *m,
                                                     urio_cge_scenario **out, size_t *nscen,
                                                     urio_diag *d);

/* Everything a CGE run writes. */
typedef struct urio_cge_run_report {
    const urio_model_file *model; /* model->cge is the model */
    const urio_cge_checks *checks;
    const char *scenario_path; /* NULL without scenarios */
    const urio_cge_scenario *scenarios;
    size_t nscen;
    const urio_cge_solution *solutions; /* nscen */
    const double *seconds;              /* nscen wall-clock seconds per scenario */
    const urio_effects *effects;        /* NULL without scenarios */
    const char *version, *blas;
    int threads;
    double seconds_load, seconds_checks, seconds_scenarios;
} urio_cge_run_report;

/* effects.csv and summary.csv into outdir (nothing without scenarios); summary.csv
 * has scenario, status, method, iterations, residual, then the changes of gdp_real,
 * equivalent_variation, household_income (totals), government_revenue and
 * exchange_rate. */
URIO_MUST_CHECK urio_status urio_write_cge_csv(const char *outdir, const urio_cge_run_report *rep,
                                               urio_diag *d);
/* report.json: model, closure, numeraire, checks, per-scenario solver diagnostics
 * and checks, effects, timings, versions. */
URIO_MUST_CHECK urio_status urio_write_cge_json(const char *outdir, const urio_cge_run_report *rep,
                                                urio_diag *d);
/* summary.txt (and the same text to out, a FILE *, when not NULL). */
URIO_MUST_CHECK urio_status urio_write_cge_text(const char *outdir, const urio_cge_run_report *rep,
                                                void *out, urio_diag *d);

#endif
