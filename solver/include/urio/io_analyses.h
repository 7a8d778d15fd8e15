/* urio/io_analyses.h - the analyses of an input-output model beyond multipliers and
 * linkages, and the scenario engine for every shock an IO model takes.
 *
 * Maths (Miller & Blair 2009, chapters 2, 3, 6, 12; docs/io-model.md gives every
 * formula with units and signs).  From an analysed model (urio/io.h: x, A, L and,
 * with households endogenous, L_bar):
 *
 *   Ghosh          B = diag(x)^-1 Z, G = (I - B)^-1 = diag(x)^-1 L diag(x); primary
 *                  inputs v_j = x_j - sum_i Z_ij (value added and imported inputs),
 *                  and the check x' = v' G.
 *   Extraction     hypothetical extraction of each sector j (Miller & Blair 2009, ch. 12;
 *                  Dietzenbacher & Lahr 2013): total (row and column j of A
 *                  removed, loss x_j c_j / L_jj), backward (column j of A zeroed,
 *                  (c_j - 1) x_j / L_jj) and forward (row j of B zeroed, Ghosh side,
 *                  (sum_k L_jk x_k - x_j) / L_jj), with c_j = sum_i L_ij: closed forms
 *                  of the partitioned inverse and Sherman-Morrison, O(n) a sector
 *                  once L is known - no re-solve.
 *   Miyazawa       K = (I - V L C)^-1 (m x m) with V the household income
 *                  coefficients (m x n) and C the consumption coefficients (n x m);
 *                  K equals the bottom-right block of L_bar.
 *   Decomposition  for each group r of a partition of the sectors (regions, areas,
 *                  region x area, read from the labels), against the rest R of the
 *                  economy (Round 1985; Miller & Blair 2009 ch. 3): intra
 *                  M1_r = (I - A_rr)^-1, spillover L_Rr L_rr^-1 M1_r, feedback the
 *                  remainder of L's column block r.  They add up to L (or L_bar).
 *   Price model    p' = v_c' L with v_c_j = 1 - sum_i a_ij the primary cost per unit
 *                  of output (V rows, imported inputs, the rest), unit base prices.
 *   Paths          structural path analysis (Defourny & Thorbecke 1984; Lenzen
 *                  2003): the paths f_j a_{i1 j} a_{i2 i1} ... of L = sum_k A^k,
 *                  pruned exactly by a bound on what a branch can still add.
 *
 * Layout: matrices column-major (urio/linalg.h).  Thread-safety: results are
 * read-only once computed; functions keep no state. */
#ifndef URIO_IO_ANALYSES_H
#define URIO_IO_ANALYSES_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/io.h>
#include <urio/linalg.h>
#include <urio/status.h>
#include <urio/table.h>

/* ---- Label segments and groups ---------------------------------------------------- */

#define URIO_SEGMENTS_MAX 16

/* Split a `region/area/sector` label at '/': seg[k], len[k] for the first max
 * segments; returns the number of segments (which may exceed max). */
size_t urio_label_segments(const char *label, const char **seg, size_t *len, size_t max);

typedef enum urio_group_by {
    URIO_GROUP_PREFIX = 0, /* every segment but the last: region/area, or the one prefix */
    URIO_GROUP_REGION = 1, /* the first segment (labels with two or more segments) */
    URIO_GROUP_AREA = 2    /* the second of three or more segments; the first of two */
} urio_group_by;

const char *urio_group_by_name(urio_group_by by); /* "prefix", "region", "area" */

/* A partition of the sectors.  Groups are in order of first appearance; a sector
 * whose label has no segment for the grouping falls in the group "". */
typedef struct urio_io_groups {
    urio_group_by by;
    size_t n;       /* sectors */
    size_t count;   /* groups */
    char **name;    /* count names, owned */
    size_t *of;     /* n: the group of each sector */
    size_t *start;  /* count + 1 offsets into member */
    size_t *member; /* n sector indices by group, in model order within a group */
} urio_io_groups;

URIO_MUST_CHECK urio_status urio_io_groups_create(const urio_labels *sectors, urio_group_by by,
                                                  urio_io_groups **out);
void urio_io_groups_free(urio_io_groups *g); /* NULL is a no-op */

/* ---- Hypothetical extraction ------------------------------------------------------ */

typedef enum urio_extraction_method {
    URIO_EXTRACT_TOTAL = 0,    /* row and column j of A removed */
    URIO_EXTRACT_BACKWARD = 1, /* column j of A zeroed: j buys no intermediate input */
    URIO_EXTRACT_FORWARD = 2   /* row j of B zeroed: j sells no intermediate input (Ghosh) */
} urio_extraction_method;

#define URIO_EXTRACT_METHODS 3
const char *urio_extraction_method_name(urio_extraction_method m); /* "total", ... */

/* Loss of total output when sector j is extracted, in model units, from L and x
 * (closed forms above).  loss has URIO_EXTRACT_METHODS * n entries,
 * loss[method * n + j]. */
URIO_MUST_CHECK urio_status urio_io_extraction(const urio_io_result *r, double *loss);

/* ---- Spillover and feedback --------------------------------------------------------- */

typedef enum urio_decomp_component {
    URIO_DECOMP_INTRA = 0,     /* M1: the initial unit and the effects that stay in the group */
    URIO_DECOMP_SPILLOVER = 1, /* first-round effects in the other groups */
    URIO_DECOMP_FEEDBACK = 2,  /* effects that come back, and their echoes elsewhere */
    URIO_DECOMP_TOTAL = 3      /* the sum: L (or the sector rows of L_bar) */
} urio_decomp_component;

#define URIO_DECOMP_COMPONENTS 4
const char *urio_decomp_component_name(urio_decomp_component c); /* "intra", ... */

typedef struct urio_io_decomp_block urio_io_decomp_block; /* opaque: per-group factors */

/* The decomposition of the multiplier matrix for one partition. */
typedef struct urio_io_decomposition {
    urio_io_groups *groups; /* owned */
    bool closed;            /* L_bar (households endogenous) was decomposed, else L */
    /* value[(c * G + to) * G + from]: output in group `to` per unit of final demand
     * in group `from` (the average over from's sectors of the column sums over
     * to's sectors) for component c; G = groups->count. */
    double *value;
    double residual;             /* max over elements |intra + spillover + feedback - total| */
    urio_io_decomp_block *block; /* groups->count blocks, owned */
} urio_io_decomposition;

/* Decompose the multiplier matrix of r (L_bar when r has households) for groups
 * (copied).  URIO_EINVAL with fewer than two groups. */
URIO_MUST_CHECK urio_status urio_io_decompose(const urio_io_result *r, const urio_io_groups *groups,
                                              urio_io_decomposition **out);
void urio_io_decomposition_free(urio_io_decomposition *dc); /* NULL is a no-op */

/* The decomposition of the output change of a final-demand change df (n): intra,
 * spillover, feedback (n each) add up to the output rows of L df (open model) or
 * L_bar [df; 0] (closed), whichever dc was built from. */
URIO_MUST_CHECK urio_status urio_io_decompose_shock(const urio_io_result *r,
                                                    const urio_io_decomposition *dc,
                                                    const double *df, double *intra,
                                                    double *spillover, double *feedback);

/* ---- Structural path analysis ------------------------------------------------------- */

typedef struct urio_io_spa_opts {
    double threshold; /* keep paths with |value| >= threshold x total (default 1e-3) */
    size_t max_depth; /* steps after the final-demand sector (default 10) */
    size_t max_paths; /* keep the largest this many (default 100; 0 = all found) */
} urio_io_spa_opts;

void urio_io_spa_opts_init(urio_io_spa_opts *o);

typedef struct urio_io_path {
    double value;  /* f_j times the coefficients along the path, model units */
    size_t depth;  /* steps: the path has depth + 1 nodes */
    size_t *nodes; /* node[0] the final-demand sector ... node[depth] the producer */
} urio_io_path;

typedef struct urio_io_paths {
    size_t count;       /* paths kept, largest |value| first */
    urio_io_path *path; /* owned; nodes point into pool */
    size_t *pool;       /* owned */
    double total;       /* sum of |path values| over every path ending at an output node */
    double effect;      /* the output change: the sum over output nodes of (I - A)^-1 f */
    double found;       /* sum of the values of every path found above the threshold */
    size_t nfound;      /* paths found above the threshold (count <= nfound) */
    size_t expanded;    /* nodes expanded: the work done */
} urio_io_paths;

/* What every search on the same coefficient matrix needs: the column sums of
 * (I - A)^-1 over all rows (the pruning bound) and over the output rows 0..nout-1
 * (totals), from two transposed solves with lu, the factors of I - A. */
typedef struct urio_io_spa_sums {
    size_t N, nout;
    double *all; /* N */
    double *out; /* N */
} urio_io_spa_sums;

URIO_MUST_CHECK urio_status urio_io_spa_sums_create(const urio_lu *lu, size_t nout,
                                                    urio_io_spa_sums **out);
void urio_io_spa_sums_free(urio_io_spa_sums *s); /* NULL is a no-op */

/* Structural path analysis of final demand f (N entries) on the coefficient matrix
 * A (N x N, nonnegative) with sums from urio_io_spa_sums_create for the same A.
 * Nodes 0..nout-1 are outputs (sectors); later nodes (households, in the closed
 * model) are passed through but end no reported path.  Exact pruning: a node with
 * path value v carries at most |v| times its column sum of (I - A)^-1 below it, so
 * a branch is cut when that bound is below threshold x total.  Children are
 * visited in decreasing order of that bound, so each expansion stops at the first
 * child that cannot reach the threshold.  No solve: the output change is
 * sums->out . f. */
URIO_MUST_CHECK urio_status urio_io_spa(const urio_matrix *A, const urio_io_spa_sums *sums,
                                        const double *f, const urio_io_spa_opts *o,
                                        urio_io_paths **out);
void urio_io_paths_free(urio_io_paths *p); /* NULL is a no-op */

/* ---- The analyses of one model ------------------------------------------------------ */

typedef struct urio_io_analyses_opts {
    size_t ghosh_max; /* keep G (for ghosh.csv) up to this order (default 2000) */
} urio_io_analyses_opts;

void urio_io_analyses_opts_init(urio_io_analyses_opts *o);

/* The name of the satellite row the price model counts as a cost (imported inputs). */
#define URIO_IMPORTED_INPUTS "imported_inputs"
/* The default V row of `tax: production`. */
#define URIO_PRODUCTION_TAXES "production_taxes"

typedef struct urio_io_analyses {
    size_t n, m;
    /* Ghosh supply-side model */
    double *v;             /* n primary inputs x_j - sum_i Z_ij */
    urio_matrix *G;        /* n x n Ghosh inverse, NULL when n > ghosh_max */
    double ghosh_residual; /* max_j |(v'G)_j - x_j| / max(1, max x) */
    /* Hypothetical extraction */
    double total_output;
    double *extraction; /* URIO_EXTRACT_METHODS * n losses, see urio_io_extraction */
    /* Miyazawa (NULL without households) */
    urio_matrix *K;           /* m x m interrelational income multipliers */
    urio_matrix *VLC;         /* m x m: income of h per unit of income spent by h' */
    double miyazawa_residual; /* max |K - L_bar[n.., n..]| */
    /* Spillover and feedback: [0] the default partition (by label prefix), then by
     * region and by area when those differ from it; none with one group. */
    size_t npartitions;
    urio_io_decomposition **partition;
    /* Price model: cost rows (V rows, imported inputs, other) per unit of output */
    size_t ncost;
    char **cost_name;              /* ncost names, owned */
    urio_cost_source *cost_source; /* V or satellite; "other" has URIO_COST_V and */
    size_t *cost_index;            /* index SIZE_MAX */
    urio_matrix *cost;             /* ncost x n coefficients; columns sum to 1 - sum_i a_ij */
    double price_residual;         /* max |v_c' L - 1| (base prices are 1) */
    double tolerance;              /* r's: a residual above it fails the analyses */
    urio_notes notes;
} urio_io_analyses;

/* Every analysis above for an analysed model.  m and r are only read.  The
 * residuals (Ghosh identity, Miyazawa against L_bar, the decompositions' blocks,
 * unit base prices) are judged against r's tolerance: URIO_ECHECK, with d naming
 * the check, when one exceeds it. */
URIO_MUST_CHECK urio_status urio_io_analyses_compute(const urio_io_model *m,
                                                     const urio_io_result *r,
                                                     const urio_io_analyses_opts *o,
                                                     urio_io_analyses **out, urio_diag *d);
void urio_io_analyses_free(urio_io_analyses *an); /* NULL is a no-op */

/* ---- Scenarios: every shock type --------------------------------------------------- */

typedef struct urio_io_batch_opts {
    bool paths; /* structural path analysis of each scenario's final demand */
    urio_io_spa_opts spa;
} urio_io_batch_opts;

void urio_io_batch_opts_init(urio_io_batch_opts *o);

typedef struct urio_io_batch {
    size_t nscen;
    bool *changes_a;       /* nscen: productivity shocks, so re-factorised */
    bool *prices;          /* nscen: price effects reported */
    urio_io_paths **paths; /* nscen, NULL where not computed */
    double dual_residual;  /* max over price scenarios |p'f - v'x| / |v'x| (checked) */
    urio_notes notes;
} urio_io_batch;

/* Solve every scenario and append its effects (DESIGN.md section 7) to fx, scenario
 * by scenario: `output`, `value_added`, each satellite and `income` as
 * urio_io_solve_scenarios does; with a partition and a change in final demand,
 * `output_intra`, `output_spillover`, `output_feedback` by sector and in total
 * (base x, so that their changes add up to the output change; not for scenarios
 * that change A); with tax or productivity shocks, `price` by sector (base 1),
 * in total (label "": the price index of total final demand) and by household
 * (label = household name: the Laspeyres cost of living of its bundle).
 * dF is urio_io_scenarios_delta's.  Scenarios without productivity shocks share
 * r's factorisation (one multi-right-hand-side solve); the others are factorised
 * one by one.  d says which scenario failed; URIO_ECHECK when the price model's
 * identity p'f = v' L f misses by more than r's tolerance. */
URIO_MUST_CHECK urio_status urio_io_batch_solve(const urio_io_model *m, const urio_io_result *r,
                                                const urio_io_analyses *an,
                                                const urio_io_scenario *sc, size_t nscen,
                                                const urio_matrix *dF, const urio_io_batch_opts *o,
                                                urio_effects *fx, urio_io_batch **out,
                                                urio_diag *d);
void urio_io_batch_free(urio_io_batch *b); /* NULL is a no-op */

#endif
