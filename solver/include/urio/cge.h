/* urio/cge.h - computable general equilibrium (CGE) models: the standard model of
 * Hosoe, Gasawa & Hashimoto (2010, ch. 6) for any number of goods, factors and
 * households, and its urban-rural extension (activities by area selling into
 * national commodity markets, factor markets segmented by area and linked by
 * wedges - migration under hukou, land conversion, a credit-cost wedge -,
 * closures, financed investment, transfers, factor productivity, per-capita
 * indicators): calibration from a social accounting matrix (SAM), the equations,
 * the solve with its checks, scenarios and the indicators of DESIGN.md section 7.
 * docs/cge-model.md lists every equation and calibration formula; the names below
 * (Z, Xp, pq, tauz, ...) are the book's.
 *
 * SAM: square, accounts x accounts, column-major urio_matrix, entry (r, c) = the
 * payment of account c to account r (rows receive, columns pay).  Roles: goods
 * (each one activity and commodity) - or separate activities and commodities,
 * each activity making one commodity -, factors, households, government,
 * investment, rest of the world, and optionally production-, import-, commodity-
 * (sales), export- and factor-tax accounts; direct taxes are the cells
 * (government, household), transfers the cells (household, government); remittances
 * from abroad (household, rest of world) and transfers between households
 * (household, household) are fixed.
 *
 * Unknowns: the vector v of the urio_cge_block blocks below, each laid out
 * index-major as urio_cge_var says.  Prices are 1 at the benchmark except the
 * prices of segmented factors, which are 1 + wedge (in units of the class's base
 * segment).  The numeraire (a factor price, or the consumer price index) is fixed
 * and one market-clearing equation is dropped (Walras' law): the factor market of
 * the numeraire factor, or of the first mobile factor when the CPI is the
 * numeraire.  Blocks that a model does not need (the closure's or the extension's)
 * have size 0, so that the standard model keeps its 44 unknowns.
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

/* Closures (DESIGN.md section 5; docs/cge-model.md section 3). */
typedef enum urio_cge_investment_closure {
    URIO_CGE_SAVINGS_DRIVEN = 0,   /* investment = savings, in fixed value shares */
    URIO_CGE_INVESTMENT_DRIVEN = 1 /* investment fixed in quantity; household saving rates
                                    * scale (one factor sadj) to finance it */
} urio_cge_investment_closure;
typedef enum urio_cge_foreign_closure {
    URIO_CGE_FOREIGN_SAVINGS_FIXED = 0, /* foreign savings fixed, exchange rate flexible */
    URIO_CGE_EXCHANGE_RATE_FIXED = 1    /* exchange rate fixed (in units of the numeraire),
                                         * foreign savings flexible */
} urio_cge_foreign_closure;
typedef enum urio_cge_government_closure {
    URIO_CGE_GOV_SAVING_RATE = 0,   /* saving a fixed share of revenue, spending the rest */
    URIO_CGE_GOV_SAVINGS_FIXED = 1, /* saving fixed (in units of the numeraire), spending adjusts */
    URIO_CGE_GOV_SPENDING_FIXED = 2 /* consumption fixed in quantity, saving adjusts */
} urio_cge_government_closure;
typedef enum urio_cge_factor_closure {
    URIO_CGE_FACTOR_MOBILE = 0,  /* one price, moves between activities */
    URIO_CGE_FACTOR_SPECIFIC = 1 /* fixed in each activity, one price per activity */
} urio_cge_factor_closure;

typedef struct urio_cge_closure {
    urio_cge_investment_closure investment;
    urio_cge_foreign_closure foreign_savings;
    urio_cge_government_closure government;
} urio_cge_closure;

/* "savings-driven", "investment-driven"; "fixed", "flexible" (the exchange rate
 * is then fixed); "saving-rate", "savings-fixed", "spending-fixed"; "mobile",
 * "sector-specific". */
const char *urio_cge_investment_closure_name(urio_cge_investment_closure c);
const char *urio_cge_foreign_closure_name(urio_cge_foreign_closure c);
const char *urio_cge_government_closure_name(urio_cge_government_closure c);
const char *urio_cge_factor_closure_name(urio_cge_factor_closure c);

/* Who receives the income of a segmented factor class (docs/cge-model.md §3.4). */
typedef enum urio_cge_income_rule {
    URIO_CGE_INCOME_RESIDENCE = 0, /* each segment's income goes by its own SAM shares: a
                                    * unit that moves earns for the owners of its new
                                    * segment (migrants become urban residents) */
    URIO_CGE_INCOME_OWNER = 1      /* units moved out of the base segment keep their owners
                                    * (converted land stays with its rural owners) */
} urio_cge_income_rule;

const char *urio_cge_income_rule_name(urio_cge_income_rule r); /* "residence", "owner" */

/* A factor market segmented by area (a mobility class): the segments (factor
 * accounts, e.g. urban/labour and rural/labour) share one fixed total supply,
 * their split is endogenous and their prices are linked by wedges,
 * pf_s = (1 + omega_s) pf_base; omega_s = ratio_s - 1 at the benchmark. */
typedef struct urio_cge_class_spec {
    const char *name;    /* "labour", "land", "capital" */
    size_t nseg;         /* >= 2 */
    const size_t *segs;  /* indices into the spec's factors */
    size_t base;         /* index into segs of the base segment */
    const double *ratio; /* nseg: price / base price at the benchmark (> 0; 1 for the base) */
    urio_cge_income_rule income;
} urio_cge_class_spec;

/* What a model is built from (the loader fills it; everything is borrowed). */
typedef struct urio_cge_spec {
    const char *name, *units;    /* may be NULL */
    const urio_labels *accounts; /* the SAM's accounts, in SAM order */
    const urio_matrix *sam;      /* accounts x accounts */
    /* Either goods (each account both activity and commodity) or separate
     * activities and commodities (ngoods = 0). */
    size_t ngoods;
    const size_t *goods; /* account indices, in model order */
    size_t nactivities;
    const size_t *activities;
    size_t ncommodities;
    const size_t *commodities;
    size_t nfactors;
    const size_t *factors;
    size_t nhouseholds;
    const size_t *households;
    size_t government, investment, rest_of_world; /* account indices */
    size_t tax_production, tax_import;            /* account indices, SIZE_MAX: none */
    /* The tax accounts added with the commodity, export and factor taxes: NULL when
     * the SAM has none (so that a spec that leaves them out has none).  A sales tax
     * on the composite good (cells (account, commodity)), an export tax (cells
     * (account, commodity)), and per factor the account of the tax on that factor's
     * use by activities (cells (account, activity); SIZE_MAX: the factor is not
     * taxed). */
    const size_t *tax_commodity; /* one account index, or NULL */
    const size_t *tax_export;    /* one account index, or NULL */
    const size_t *tax_factor;    /* nfactors account indices (SIZE_MAX: none), or NULL */
    /* Per commodity (per good): sigma > 0, != 1; psi > 0; sourcing: the elasticity
     * of substitution between the activities that make one commodity (> 0, != 1;
     * used only where several do; NULL: none may). */
    const double *armington, *transformation, *sourcing;
    urio_cge_numeraire numeraire;
    size_t numeraire_factor; /* index into factors (0..nfactors-1) for a factor numeraire */
    urio_cge_closure closure;
    const urio_cge_factor_closure *factor_closure; /* nfactors; NULL: all mobile */
    size_t nclasses;
    const urio_cge_class_spec *classes; /* mobility classes; a factor in at most one */
    const double *population;           /* nhouseholds (> 0) or NULL */
    bool migration;                     /* the moves of class migration_class carry people */
    size_t migration_class;             /* between households (index into classes) */
} urio_cge_spec;

/* Where in the SAM a problem is: account indices of the row and column (for an
 * account rather than a cell, row = col = the account); SIZE_MAX when not a SAM
 * problem.  The loader turns them into a line and column of the SAM file. */
typedef struct urio_cge_where {
    size_t row, col;
} urio_cge_where;

/* Who finances an extra investment (urio_financing of urio/io.h, reused). */
#define URIO_CGE_NFINANCE 4 /* government, households, banks, foreign */

/* The exogenous parameters a scenario may change (all arrays owned).  A activities,
 * n commodities, k factors, H households. */
typedef struct urio_cge_params {
    double *tauz;     /* A production tax rates (on the producer price pz) */
    double *taum;     /* n import tariff rates (on the import price pm) */
    double *taud;     /* H direct tax rates (on household income) */
    double *b;        /* A scale of value added (productivity) */
    double *FF;       /* k factor endowments; for a mobility class, the allocation whose sum
                       * is the class's fixed total (the split itself is endogenous) */
    double *pWe;      /* n world export prices (foreign currency) */
    double *pWm;      /* n world import prices (foreign currency) */
    double Sf;        /* foreign savings (foreign currency; the benchmark level under a
                       * fixed exchange rate, where it is endogenous) */
    double numeraire; /* price of the numeraire (its benchmark price at the benchmark) */
    double *eff;      /* k x A factor efficiency, index f + k a (1 at the benchmark) */
    double *omega;    /* k wedge of each segment over its class's base (0 elsewhere) */
    double *inv;      /* URIO_CGE_NFINANCE x n extra investment demand (quantities at base
                       * prices), index src + URIO_CGE_NFINANCE i, src 0 government,
                       * 1 households, 2 banks, 3 foreign */
    double *tr;       /* H transfers from the government, in units of the numeraire (the
                       * SAM's cells (household, government) at the benchmark) */
    double *tauc;     /* n commodity (sales) tax rates on the composite good's net price */
    double *taue;     /* n export tax rates on the exporter's price pe */
    double *tauf;     /* k x A tax rates on factor f's use by activity a, index f + k a, on
                       * the factor's price */
} urio_cge_params;

/* Blocks of the unknown vector v.  "act" = by activity, "com" = by commodity. */
typedef enum urio_cge_block {
    URIO_CGE_Y = 0, /* A     composite factor (value added) */
    URIO_CGE_F,     /* k x A factor f used by activity a: index (f, a) */
    URIO_CGE_Z,     /* A     gross output */
    URIO_CGE_XP,    /* n x H household consumption: index (i, h) */
    URIO_CGE_XG,    /* n   government consumption */
    URIO_CGE_XV,    /* n   investment demand */
    URIO_CGE_E,     /* n   exports */
    URIO_CGE_M,     /* n   imports */
    URIO_CGE_Q,     /* n   Armington composite */
    URIO_CGE_D,     /* n   domestic good */
    URIO_CGE_PF,    /* k   factor prices (the average price of a sector-specific factor) */
    URIO_CGE_PY,    /* A   value-added prices */
    URIO_CGE_PZ,    /* A   producer prices */
    URIO_CGE_PQ,    /* n   composite prices */
    URIO_CGE_PE,    /* n   export prices (local currency) */
    URIO_CGE_PM,    /* n   import prices (local currency) */
    URIO_CGE_PD,    /* n   domestic prices */
    URIO_CGE_EPS,   /* 1   exchange rate */
    URIO_CGE_SP,    /* H   household saving */
    URIO_CGE_SG,    /* 1   government saving */
    URIO_CGE_TD,    /* H   direct tax */
    URIO_CGE_TZ,    /* A   production tax revenue */
    URIO_CGE_TM,    /* n   tariff revenue */
    URIO_CGE_XD,    /* nms national output of each commodity several activities make */
    URIO_CGE_PX,    /* nms its price */
    URIO_CGE_FFS,   /* kseg supply of each segmented factor (its class's split) */
    URIO_CGE_PFS,   /* kspec x A price of a sector-specific factor in each activity */
    URIO_CGE_SF,    /* 1 under a fixed exchange rate: foreign savings */
    URIO_CGE_SADJ,  /* 1 when investment-driven: scale of household saving rates */
    URIO_CGE_NBLOCKS
} urio_cge_block;

/* Blocks of the equations (docs/cge-model.md names them eqpy, eqF, ...). */
typedef enum urio_cge_eqblock {
    URIO_CGE_EQ_PY = 0, /* A   value added: Y = b prod (e F)^beta */
    URIO_CGE_EQ_F,      /* k x A factor demand */
    URIO_CGE_EQ_Y,      /* A   Leontief value added: Y = ay Z */
    URIO_CGE_EQ_PZS,    /* A   unit cost */
    URIO_CGE_EQ_TD,     /* H   direct tax */
    URIO_CGE_EQ_TZ,     /* A   production tax */
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
    URIO_CGE_EQ_PF,     /* k   factor market (average price of a sector-specific factor) */
    URIO_CGE_EQ_CPI,    /* 1 with a CPI numeraire, else 0: sum w pq = numeraire */
    URIO_CGE_EQ_XD,     /* nms sourcing: XD = CES over the activities' outputs */
    URIO_CGE_EQ_ZS,     /* nzs demand for each such activity's output */
    URIO_CGE_EQ_SEG,    /* kseg per class: the total (base segment), the wedges (others) */
    URIO_CGE_EQ_FS,     /* kspec x A sector-specific factor: fixed in each activity */
    URIO_CGE_EQ_FX,     /* 1 under a fixed exchange rate: eps = its fixed level */
    URIO_CGE_EQ_SIB,    /* 1 when investment-driven: saving = investment */
    URIO_CGE_NEQBLOCKS
} urio_cge_eqblock;

/* A mobility class of a model (owned copy of the spec's). */
typedef struct urio_cge_class {
    char *name;
    size_t nseg;
    size_t *segs; /* factor indices */
    size_t base;  /* factor index of the base segment */
    urio_cge_income_rule income;
} urio_cge_class;

/* A calibrated model.  Read-only after urio_cge_model_create; every array owned.
 * Matrices are column-major in flat arrays: F0[f + k a], X0[i + n a],
 * Xp0[i + n h], alpha[i + n h], beta[f + k a], ax[i + n a], share[h + H f].
 * In the goods form activities and commodities coincide (A = n, act_good the
 * identity, acc_acts = acc_goods). */
typedef struct urio_cge_model {
    char *name, *units; /* may be NULL */
    size_t n, k, H;     /* commodities (goods), factors, households */
    size_t A;           /* activities */
    bool split;         /* separate activity and commodity accounts */
    urio_labels *goods; /* commodity labels */
    urio_labels *activities, *factors, *households, *accounts;
    urio_matrix *sam; /* copy of the SAM */
    size_t *acc_goods, *acc_acts, *acc_factors, *acc_households;
    size_t acc_government, acc_investment, acc_row, acc_tax_production, acc_tax_import;
    size_t acc_tax_commodity, acc_tax_export; /* SIZE_MAX: none */
    size_t *acc_tax_factor;                   /* k: the account taxing each factor's use,
                                               * SIZE_MAX: none */
    size_t *act_good;                         /* A: the commodity each activity makes */
    size_t *good_act; /* n: the activity of a commodity one activity makes, else SIZE_MAX */
    size_t *ms;       /* n: index among commodities several activities make, else SIZE_MAX */
    size_t nms;
    size_t *ms_list; /* nms: those commodities */
    size_t *zs;      /* A: index of the activity in EQ_ZS, else SIZE_MAX */
    size_t nzs;
    size_t *zs_list;            /* nzs: those activities */
    double *sigma, *psi, *sigs; /* elasticities per commodity (Armington, CET, sourcing) */
    urio_cge_numeraire numeraire;
    size_t numeraire_factor;
    urio_cge_closure closure;
    urio_cge_factor_closure *fclosure; /* k */
    size_t *fspec;                     /* k: index among sector-specific factors, else SIZE_MAX */
    size_t kspec;
    size_t *spec_list; /* kspec: those factors */
    size_t *fseg;      /* k: index among segmented factors (FFS, EQ_SEG), else SIZE_MAX */
    size_t kseg;
    size_t *seg_list; /* kseg: those factors */
    size_t *hseg;     /* k: the household a segment of the migration class moves people
                       * into and out of, else SIZE_MAX */
    size_t *fclass;   /* k: mobility class, else SIZE_MAX */
    size_t nclass;
    urio_cge_class *classes;
    double *population;     /* H (ten-thousand persons or any unit), NULL without */
    size_t migration_class; /* the class whose moves carry people, SIZE_MAX: none */
    double kappa;           /* persons per unit of the migration class */
    bool trade;             /* any exports, imports or foreign savings; without them the
                             * exchange rate follows the numeraire (docs/cge-model.md) */

    /* Benchmark flows (the SAM at benchmark prices). */
    double *Y0, *F0, *X0, *Z0, *Xp0, *Xg0, *Xv0, *E0, *M0, *Q0, *D0, *Tz0, *Tm0, *XD0;
    double *Tc0, *Te0, *Tf0; /* commodity (n), export (n) and factor-use (k x A) taxes */
    double *tr0;             /* H transfers from the government (the SAM's cells) */
    double *rem0;            /* H remittances from abroad (foreign currency, fixed) */
    double *trhh0;           /* H x H transfers between households, index r + H c from
                              * household c to household r (units of the numeraire) */
    double *Td0, *Sp0, *I0;  /* H: direct tax, saving, income */
    double *FF0;             /* k endowments (physical units) */
    double *pf0;             /* k benchmark factor prices (1 + wedge for a segment) */
    double Sg0, Sf0, T0;     /* government saving, foreign saving, government revenue */

    /* Calibrated parameters (docs/cge-model.md). */
    double *eta, *phi;               /* n: (sigma - 1) / sigma, (psi + 1) / psi */
    double *alpha, *beta, *ax;       /* consumption shares, factor shares, input coefficients */
    double *ay, *mu, *lambda;        /* value-added coefficient, government and investment shares */
    double *deltam, *deltad, *gamma; /* Armington shares and scale */
    double *xie, *xid, *theta;       /* CET shares and scale */
    double *rhos, *deltas, *gammas;  /* sourcing: exponent (per commodity), shares (per
                                      * activity), scale (per commodity) */
    double *ssp;                     /* H saving rates */
    double ssg;                      /* government saving rate */
    double *share;                   /* H x k: household h's share of factor f's income */
    double *cpiw;                    /* n CPI weights (base household consumption shares) */
    double *finshare;                /* H: shares of household-financed investment */
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
    bool *vnominal;                      /* nv: doubles with the numeraire (prices, values) */
} urio_cge_model;

/* Validate the spec and the SAM and calibrate.  Errors (URIO_EMODEL unless said):
 * roles (an account in no role or two, empty goods/factors/households, an index
 * out of range), an unbalanced SAM (every unbalanced account named with its
 * receipts, payments and difference), a negative flow where none can be (input,
 * factor payment, consumption, export, import, factor income), a nonzero cell the
 * model has no flow for (URIO_EUNSUPPORTED), an activity that makes no commodity
 * or two, a good without value added or domestic sales, a factor without income,
 * a household without consumption, elasticities out of range (URIO_EINVAL), a tax
 * with no base, a mobility class or closure the SAM cannot support.  where (may be
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
    URIO_CGE_SHOCK_TAX_PRODUCTION = 0, /* tauz of target activities */
    URIO_CGE_SHOCK_TAX_IMPORT = 1,     /* taum of target commodities */
    URIO_CGE_SHOCK_TAX_DIRECT = 2,     /* taud of target households */
    URIO_CGE_SHOCK_PRODUCTIVITY = 3,   /* b of target activities as an index (1 = benchmark),
                                        * or with factors the efficiency of those factors in
                                        * the target activities */
    URIO_CGE_SHOCK_FACTOR_SUPPLY = 4,  /* FF of target factors */
    URIO_CGE_SHOCK_MOBILITY = 5,       /* wedge omega of target segments (hukou, land) */
    URIO_CGE_SHOCK_FINANCING = 6,      /* wedge omega of target segments (credit cost) */
    URIO_CGE_SHOCK_INVESTMENT = 7,     /* extra investment in target commodities */
    URIO_CGE_SHOCK_TRANSFER = 8,       /* government transfer to target households */
    URIO_CGE_SHOCK_TAX_COMMODITY = 9,  /* tauc of target commodities */
    URIO_CGE_SHOCK_TAX_EXPORT = 10,    /* taue of target commodities */
    URIO_CGE_SHOCK_TAX_FACTOR = 11     /* tauf of the shock's factors (all without any) in
                                        * the target activities */
} urio_cge_shock_kind;

/* "tax:production", "tax:import", "tax:direct", "productivity", "factor_supply",
 * "mobility", "financing", "investment", "transfer", "tax:commodity", "tax:export",
 * "tax:factor". */
const char *urio_cge_shock_name(urio_cge_shock_kind k);

/* One shock, resolved: targets index activities, commodities, households or
 * factors by kind (docs/cge-model.md section 7).  set: new level; change: add;
 * change_pct: add value percent of the level - or, for the instruments that are 0
 * at the benchmark, of a base: investment in percent of the commodity's benchmark
 * investment demand, a transfer in percent of the household's benchmark income.
 * Levels: a tax rate (0.05 = 5 %); the productivity or efficiency index (1 at the
 * benchmark); an endowment in SAM units; a wedge omega (price ratio - 1); an
 * investment in quantities at base prices; a transfer in units of the numeraire. */
typedef struct urio_cge_shock {
    urio_cge_shock_kind kind;
    size_t ntargets;
    size_t *targets; /* owned */
    urio_change_kind change;
    double value;
    size_t nfactors;            /* productivity: the factors made more efficient (0: */
    size_t *factors;            /* Hicks-neutral); factor tax: the factors taxed (0: all), owned */
    urio_financing financed_by; /* investment */
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
 * impossible: a tax rate making the price factor 1 + t <= 0, a productivity index,
 * efficiency or endowment <= 0, a wedge making 1 + omega <= 0, a transfer or
 * investment < 0, a direct tax rate >= 1; URIO_EINVAL for a target out of range or
 * a shock the model cannot take (a wedge on a factor outside a mobility class). */
URIO_MUST_CHECK urio_status urio_cge_scenario_apply(const urio_cge_model *m,
                                                    const urio_cge_scenario *sc, urio_cge_params *p,
                                                    urio_diag *d);

/* Append scenario k's indicators (DESIGN.md section 7; docs/cge-model.md section
 * 8) at solution v (solved with p) to fx, with base values from the benchmark:
 * output, price_output, value_added (by activity; output and value added also in
 * total, at base prices), price_composite, price_domestic, domestic, exports,
 * imports, composite (by commodity; exports and imports also in total),
 * factor_price, factor_demand (by factor), migration (by mobility class),
 * household_income, household_consumption, utility, equivalent_variation (by
 * household; income, consumption and EV also in total), with a population also
 * population, income_per_capita, equivalent_variation_per_capita (by household)
 * and urban_rural_income_ratio; exchange_rate, foreign_savings,
 * government_revenue, government_consumption, investment, gdp_real (economy-wide,
 * label "").  URIO_ENOMEM leaves fx as it was. */
URIO_MUST_CHECK urio_status urio_cge_effects_append(const urio_cge_model *m, size_t k,
                                                    const urio_cge_params *p, const double *v,
                                                    urio_effects *fx);

/* Household h's utility prod_i Xp_ih^alpha_ih and its Hicksian equivalent variation
 * at base prices, (U - U0) prod_i alpha_ih^-alpha_ih (model units). */
double urio_cge_utility(const urio_cge_model *m, const double *v, size_t h);
double urio_cge_ev(const urio_cge_model *m, const double *v, size_t h);

/* Household h's nominal income (factor income and transfers) and population at v
 * (population: the benchmark one moved by the migration class; NaN without a
 * population). */
double urio_cge_income(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                       size_t h);
double urio_cge_population(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                           size_t h);
/* Per-capita disposable income (income - direct tax) of the households whose label
 * has an `urban` segment over that of those with a `rural` one; NaN when the model
 * has no population or lacks either. */
double urio_cge_urban_rural_ratio(const urio_cge_model *m, const urio_cge_params *p,
                                  const double *v);

/* ---- Files (solver/formats) -------------------------------------------------- */

/* Parse a scenario file (DESIGN.md section 6) against a CGE model.  Shock types
 * (docs/cge-model.md section 7): tax (tax: production with activities as targets,
 * import with commodities, direct with households, commodity and export with
 * commodities - or the one activity that makes a commodity -, factor with
 * activities and an optional `factor:`), productivity (activities;
 * with `factor:` a factor-efficiency shock), factor_supply (factors), mobility
 * (`factor:` a mobility class; targets its segments, default all but the base),
 * financing (the same for the class `factor:`, default capital), investment
 * (commodities, `financed_by:` government, households, banks or foreign),
 * transfer (households); targets are labels, lists, patterns with `*` or `all`.
 * Other types (final_demand), a production or import tax without its account, are
 * URIO_EUNSUPPORTED with the line; a commodity or export tax aimed at an activity
 * whose commodity several activities make, an export tax on goods none of which is
 * exported, a factor tax on activities that do not use the factor, URIO_EMODEL. */
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
    /* A Monte Carlo family's statistics (urio/family.h), or NULL: report.json's
     * "uncertainty" section. */
    const struct urio_uncertainty *uncertainty;
} urio_cge_run_report;

/* effects.csv and summary.csv into outdir (nothing without scenarios); summary.csv
 * has scenario, status, reason (why a failed scenario failed), method, iterations,
 * residual, then the changes of gdp_real,
 * equivalent_variation, household_income (totals), government_revenue,
 * exchange_rate and urban_rural_income_ratio (empty without a population). */
URIO_MUST_CHECK urio_status urio_write_cge_csv(const char *outdir, const urio_cge_run_report *rep,
                                               urio_diag *d);
/* report.json: model (with closure, mobility classes, population), numeraire,
 * checks, per-scenario solver diagnostics and checks, effects, timings, versions. */
URIO_MUST_CHECK urio_status urio_write_cge_json(const char *outdir, const urio_cge_run_report *rep,
                                                urio_diag *d);

#endif
