/* urio/io_footprints.h - environmentally extended input-output accounts: the
 * footprints that pymrio's IOSystem.calc_all computes for each extension.
 *
 * Maths (pymrio: tools/iomath.py calc_S, calc_M, calc_accounts; core/mriosystem.py
 * Extension.calc_system; Miller & Blair 2009, ch. 10).  The model has n sectors,
 * sector i lying in region r(i) of R regions, and k final-demand columns of Y, column
 * c belonging to region q(c) (the region whose residents or government spend it).
 * The model's satellite rows F (s x n, urio_io_model.S) are stressors by producing
 * sector; F_Y (s x k) are stressors emitted by final demand itself (households
 * burning fuel).  With x the gross output and L the Leontief inverse:
 *
 *   S = F diag(x)^-1           direct coefficients (0 where x_j <= 0)
 *   M = S L                    multipliers: io_analyse computes them (multipliers.csv,
 *                              `simple` rows of each satellite), so they are not here
 *   Y_agg (n x R)              Y_agg[:, r] = sum of the columns c with q(c) = r
 *   X = L Y_agg                the output each region's final demand needs
 *   xt = X 1                   gross output recomputed from L and Y (= x up to rounding)
 *   F_Y_agg (s x R)            F_Y summed by the region of its column
 *
 *   D_cba[:, r] = S X[:, r] + F_Y_agg[:, r]                       consumption-based
 *   D_pba[:, r] = sum_{i: r(i) = r} S[:, i] xt_i + F_Y_agg[:, r]   production-based
 *   D_imp[:, r] = sum_{i: r(i) != r} S[:, i] X[i, r]               embodied in imports
 *   D_exp[:, r] = sum_{i: r(i) = r} S[:, i] sum_{q != r} X[i, q]   embodied in exports
 *
 * These are pymrio's regional accounts D_cba_reg, D_pba_reg, D_imp_reg and
 * D_exp_reg; with a population p (R entries) the per-capita accounts are
 * D_*_cap[:, r] = D_*[:, r] / p_r.  Identities (tested): D_cba - D_imp = D_pba -
 * D_exp for every region, and sum_r D_cba = sum_r D_pba.  Final-demand columns with
 * no region of the model (q(c) = URIO_IO_NO_REGION) are left out of Y_agg and F_Y_agg,
 * as pymrio's reindexing to the model's regions leaves them out.
 *
 * Units: each stressor's own (per unit of model currency for S and M).
 * Thread-safety: reentrant; the inputs are only read. */
#ifndef URIO_IO_FOOTPRINTS_H
#define URIO_IO_FOOTPRINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <urio/io.h>
#include <urio/linalg.h>
#include <urio/status.h>
#include <urio/table.h>

/* A final-demand column that belongs to no region of the model. */
#define URIO_IO_NO_REGION SIZE_MAX

/* What footprints need beyond the IO model: the regions, the final-demand
 * stressors and the population.  Rows of F_Y and of units are the model's
 * satellite rows (urio_io_model.srows), in the same order. */
typedef struct urio_io_extensions {
    urio_labels *regions;    /* R regions, owned */
    size_t *sector_region;   /* n entries: the region of each sector, owned */
    size_t *category_region; /* k entries: the region of each Y column or URIO_IO_NO_REGION */
    urio_matrix *F_Y;        /* s x k final-demand stressors, NULL when none (then 0) */
    double *population;      /* R entries, NULL when not given */
    size_t nunits;           /* s, or 0 when no units are known */
    char **units;            /* nunits unit names (owned, entries may be NULL) */
} urio_io_extensions;

void urio_io_extensions_free(urio_io_extensions *ext); /* NULL is a no-op */

/* The accounts, in the order they are written. */
typedef enum urio_io_account {
    URIO_ACCOUNT_CBA = 0, /* consumption-based (footprint) */
    URIO_ACCOUNT_PBA = 1, /* production-based (territorial) */
    URIO_ACCOUNT_IMP = 2, /* embodied in imports */
    URIO_ACCOUNT_EXP = 3, /* embodied in exports */
    URIO_NACCOUNTS = 4
} urio_io_account;

/* "D_cba", "D_pba", "D_imp", "D_exp"; with per_capita "D_cba_cap" and so on. */
const char *urio_io_account_name(urio_io_account a, bool per_capita);

typedef struct urio_io_footprints {
    size_t nstressors;                 /* s */
    size_t nregions;                   /* R */
    urio_matrix *D[URIO_NACCOUNTS];    /* s x R each */
    urio_matrix *Dcap[URIO_NACCOUNTS]; /* s x R per capita; NULL without population */
    size_t unattributed;               /* Y columns left out (no region) */
} urio_io_footprints;

/* Compute the accounts of the formulas above from a model with satellite rows, its
 * analysis (x and L) and the extensions.  URIO_EINVAL (with d saying which) when the
 * model has no satellites or a dimension of ext does not fit the model;
 * URIO_ENOMEM.  Costs one n x n by n x R product (L Y_agg), one s x n by n x R
 * product and O(s n R) more. */
URIO_MUST_CHECK urio_status urio_io_footprints_compute(const urio_io_model *m,
                                                       const urio_io_result *r,
                                                       const urio_io_extensions *ext,
                                                       urio_io_footprints **out, urio_diag *d);
void urio_io_footprints_free(urio_io_footprints *fp); /* NULL is a no-op */

#endif
