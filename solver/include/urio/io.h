/* urio/io.h - the input-output (Leontief) model: analysis, multipliers, linkages,
 * final-demand shocks.
 *
 * Maths (Miller & Blair 2009, ch. 2, 6).  Z is n x n intermediate flows (row =
 * selling sector), Y is n x k final demand by category, V is r x n primary inputs,
 * S is s x n satellite accounts.  Gross output x = Z 1 + Y 1 (the row sums).
 * A = Z diag(x)^-1; a sector with x_j = 0 gets a zero column of A and a warning
 * (as pymrio does).  L = (I - A)^-1.  Direct coefficients of a V or S row are
 * c_j = row_j / x_j.
 *
 * Households made endogenous (type II): for household h with consumption column
 * C_h of Y and income row W_h of V, total income I_h = sum_j W_hj; the closed
 * matrix is A_bar = [A, C / I; W diag(x)^-1, 0] of order n + m, and
 * L_bar = (I - A_bar)^-1.  The exogenous final demand of the closed model is Y
 * without the household columns, so L_bar f_bar reproduces [x; I] exactly.
 *
 * Multipliers (DESIGN.md section 7), for a direct-coefficient row c (c = 1 for
 * output): simple_j = sum_i c_i L_ij; type_i_j = simple_j / c_j; type_ii_j =
 * (sum_{i<=n} c_i L_bar_ij) / c_j, and for income:<h> the closed-model income
 * L_bar_{n+h, j} (total) and its ratio to c_j.  A ratio with c_j = 0 is not
 * defined and is left out (with a note).
 *
 * Linkages (Rasmussen 1956): backward_j = sum_i L_ij, forward_i = sum_j G_ij with
 * G = diag(x)^-1 L diag(x) the Ghosh inverse; indices divide by the average over
 * all sectors (n * sum / total); key sector when both indices exceed 1.
 *
 * Units: whatever the model file's `units` says for Z, Y, V; satellites in their
 * own units per unit of output.  Thread-safety: an urio_io_result is read-only after
 * urio_io_analyse and may be shared by threads that call urio_io_solve_scenarios with
 * their own output matrices. */
#ifndef URIO_IO_H
#define URIO_IO_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/linalg.h>
#include <urio/status.h>
#include <urio/table.h>

typedef struct urio_io_household {
    char *name;         /* e.g. "urban", owned */
    size_t consumption; /* column of Y */
    size_t income;      /* row of V */
} urio_io_household;

typedef struct urio_io_model {
    char *name;              /* owned, may be NULL */
    char *units;             /* owned, may be NULL */
    urio_labels *sectors;    /* n, owned */
    urio_matrix *Z;          /* n x n */
    urio_labels *categories; /* k final-demand categories, owned */
    urio_matrix *Y;          /* n x k */
    urio_labels *vrows;      /* r primary-input rows, NULL when no V */
    urio_matrix *V;          /* r x n, NULL when no V */
    urio_labels *srows;      /* s satellite rows, NULL when none */
    urio_matrix *S;          /* s x n, NULL when none */
    urio_matrix *x_given;    /* n x 1 gross output from a table x, or NULL */
    size_t nhouseholds;
    urio_io_household *households; /* owned array */
} urio_io_model;

/* A model with n sectors and k categories: Z, Y allocated and zeroed, sectors and
 * categories copied; V, S, x_given, households left empty. */
URIO_MUST_CHECK urio_status urio_io_model_create(const urio_labels *sectors,
                                                 const urio_labels *categories,
                                                 urio_io_model **out);
void urio_io_model_free(urio_io_model *m); /* NULL is a no-op */

/* Aggregate sectors: map[i] is the target sector (index into targets) of source
 * sector i.  Z becomes C Z C^T, Y becomes C Y, V and S become V C^T and S C^T,
 * x_given C x; households keep their columns and rows.  Every target must receive
 * at least one source (else URIO_EMODEL with d naming it). */
URIO_MUST_CHECK urio_status urio_io_model_aggregate(const urio_io_model *src, const size_t *map,
                                                    const urio_labels *targets, urio_io_model **out,
                                                    urio_diag *d);

/* Validate a model before analysis: finite values, non-negative Z, households
 * pointing at existing rows and columns, x_given consistent with the row sums
 * (relative tolerance 1e-6 of the largest output).  Fills d with the first
 * problem; returns URIO_EMODEL. */
URIO_MUST_CHECK urio_status urio_io_model_validate(const urio_io_model *m, urio_diag *d);

typedef enum urio_mult_type {
    URIO_MULT_SIMPLE = 0,
    URIO_MULT_TYPE_I = 1,
    URIO_MULT_TYPE_II = 2
} urio_mult_type;

const char *urio_mult_type_name(urio_mult_type t); /* "simple", "type_i", "type_ii" */

typedef struct urio_io_multiplier {
    size_t sector;                        /* column j */
    char multiplier[URIO_LABEL_MAX + 16]; /* "output", "value_added", a V or S row, "income:<h>" */
    urio_mult_type type;
    double value;
} urio_io_multiplier;

typedef struct urio_io_checks {
    bool productive;          /* Hawkins-Simon: L exists and L >= 0 (A >= 0) */
    double max_colsum_a;      /* largest column sum of A (< 1 is sufficient) */
    double min_l;             /* smallest element of L */
    double identity_residual; /* max |(I - A) L - I| */
    double output_residual;   /* max |L f - x| / max(1, max |x|) */
    double rcond;             /* reciprocal condition number of I - A (1-norm) */
    bool closed_present;      /* households endogenous */
    bool closed_productive;
    double closed_identity_residual; /* max |(I - A_bar) L_bar - I| */
    double closed_output_residual;   /* max |L_bar f_bar - [x; I]| relative */
    double closed_rcond;
    double tolerance; /* residuals above it fail the run (1e-8 relative) */
    bool passed;      /* every check within tolerance */
} urio_io_checks;

typedef struct urio_io_result {
    size_t n;           /* sectors */
    size_t m;           /* endogenous households (0 when none) */
    double *x;          /* n gross outputs */
    double *f;          /* n total final demand (row sums of Y) */
    double *income;     /* m household incomes I_h */
    urio_matrix *A;     /* n x n */
    urio_matrix *L;     /* n x n */
    urio_matrix *L_bar; /* (n+m) x (n+m), NULL when m == 0 */
    urio_lu *lu;        /* factors of I - A */
    urio_lu *lu_bar;    /* factors of I - A_bar, NULL when m == 0 */
    size_t nmult;
    urio_io_multiplier *mult; /* ordered by multiplier, then type, then sector */
    double *backward, *forward, *backward_index, *forward_index; /* n each */
    bool *key_sector;                                            /* n */
    urio_io_checks checks;
    urio_notes notes; /* warnings: zero-output sectors, undefined ratios, ... */
} urio_io_result;

/* Analyse a validated model: x, A, L (and L_bar), multipliers, linkages, checks.
 * URIO_EUNPRODUCTIVE (with d saying which check failed and a hint) when I - A is
 * singular or L has negative entries; URIO_ECHECK when a residual exceeds the
 * tolerance.  On failure *out is NULL. */
URIO_MUST_CHECK urio_status urio_io_analyse(const urio_io_model *m, urio_io_result **out,
                                            urio_diag *d);
void urio_io_result_free(urio_io_result *r); /* NULL is a no-op */

/* ---- Shocks and scenarios ---------------------------------------------------- */

typedef enum urio_change_kind {
    URIO_CHANGE_SET = 0, /* new level */
    URIO_CHANGE_ABS = 1, /* add */
    URIO_CHANGE_PCT = 2  /* add value percent of the current level */
} urio_change_kind;

/* The shock types an IO model takes (DESIGN.md section 6; docs/io-model.md says
 * what each means).  Final demand and investment change final demand (one shared
 * factorisation); tax changes a cost coefficient of the Leontief price model;
 * productivity changes A (the scenario is re-factorised). */
typedef enum urio_shock_type {
    URIO_SHOCK_FINAL_DEMAND = 0, /* a change in column `category` of Y */
    URIO_SHOCK_INVESTMENT = 1,   /* investment demand (column `category`), see financed_by */
    URIO_SHOCK_TAX = 2,          /* cost coefficient cost_row of V or S, price model */
    URIO_SHOCK_PRODUCTIVITY = 3  /* Hicks-neutral: every input coefficient / (1 + g) */
} urio_shock_type;

/* Who pays for an investment (only URIO_SHOCK_INVESTMENT). */
typedef enum urio_financing {
    URIO_FINANCED_NONE = 0,
    URIO_FINANCED_GOVERNMENT = 1, /* exogenous injection */
    URIO_FINANCED_HOUSEHOLDS = 2, /* household consumption falls by the same amount */
    URIO_FINANCED_BANKS = 3,      /* new money: pure injection */
    URIO_FINANCED_FOREIGN = 4     /* foreign savings: pure injection */
} urio_financing;

/* Where the cost coefficient of a tax shock lives. */
typedef enum urio_cost_source { URIO_COST_V = 0, URIO_COST_SATELLITE = 1 } urio_cost_source;

/* One shock, resolved to indices: every target sector in `sectors` gets the change.
 * The fields after `value` were added for the price model and investment; a zeroed
 * shock is a final-demand shock, as before. */
typedef struct urio_io_shock {
    size_t nsectors;
    size_t *sectors; /* owned */
    size_t category;
    urio_change_kind kind;
    double value;
    urio_shock_type type;
    urio_financing financed_by;   /* investment */
    size_t household;             /* households financing: index, or SIZE_MAX for all */
    urio_cost_source cost_source; /* tax */
    size_t cost_row;              /* tax: row of V or of the satellites */
} urio_io_shock;

typedef struct urio_io_scenario {
    char *name; /* owned */
    size_t nshocks;
    urio_io_shock *shocks; /* owned array */
} urio_io_scenario;

void urio_io_scenario_clear(urio_io_scenario *s); /* frees members, not s */

/* The change in final demand for each scenario: dF is n x nscen (allocated here),
 * column k holding scenario k's change in total final demand. Shocks in one
 * scenario apply in order (a `set` after a `change` sees the changed level).
 * Investment shocks change column `category`; financed by households they also
 * cut household consumption by the same total (docs/io-model.md).  Tax and
 * productivity shocks change no final demand (they act through the price model
 * and A: urio/io_analyses.h). */
URIO_MUST_CHECK urio_status urio_io_scenarios_delta(const urio_io_model *m,
                                                    const urio_io_scenario *sc, size_t nscen,
                                                    urio_matrix **dF);

/* One effect record: DESIGN.md section 7, effects.csv. */
typedef struct urio_effect {
    size_t scenario;
    char indicator[URIO_LABEL_MAX + 16]; /* "output", "value_added", "income", a satellite row */
    char label[URIO_LABEL_MAX + 16];     /* sector or household, "" for economy-wide */
    double base;
    double value;
} urio_effect;

typedef struct urio_effects {
    size_t count, capacity;
    urio_effect *e;
} urio_effects;

void urio_effects_free(urio_effects *fx); /* frees e, not fx */

/* Solve every scenario from one factorisation as one multi-right-hand-side solve
 * (dgetrs with nscen columns) and append the effects: output and value added
 * (each V row summed) by sector and in total, each satellite row by sector and in
 * total, and, with households endogenous, income by household.  With households
 * the closed model is solved (induced effects included); otherwise the open one. */
URIO_MUST_CHECK urio_status urio_io_solve_scenarios(const urio_io_model *m, const urio_io_result *r,
                                                    const urio_matrix *dF, urio_effects *fx);

/* The memory a run of m needs, in bytes (io_memory.c lists what is counted):
 * `urio info` shows it and `urio run` compares it with urio_run_memory_limit
 * before the analysis allocates. */
typedef struct urio_io_memory {
    size_t square;   /* one n x n matrix */
    size_t data;     /* the model's tables */
    size_t closed;   /* L_bar and its LU factors (households endogenous), else 0 */
    size_t rhs;      /* the right-hand sides */
    size_t analysis; /* everything the analysis allocates, closed and rhs included */
    size_t per1000;  /* added per 1,000 scenarios */
    size_t total;    /* data + analysis */
} urio_io_memory;
void urio_io_memory_estimate(const urio_io_model *m, urio_io_memory *out);

#endif
