/* urio/io_regionalise.h - a multi-region, urban-rural input-output table built from
 * a national one and regional data (non-survey regionalisation).
 *
 * Inputs: a national model (n sectors: Z, Y with k categories, V, S), R regions,
 * A areas, and by region and sector an indicator q (gross output, or employment),
 * the share of each region's output of a sector produced in each area, and
 * optionally each region's share of the national final demand of a category.
 * Output: a model of N = R A n sectors labelled region/area/sector (region-major,
 * then area, then sector; a dimension with one member is left out of the labels),
 * with the national Y categories, V rows, satellite rows and households.
 *
 * Maths.  x_i = (Z 1 + Y 1)_i is national output and a_ij = Z_ij / x_j.
 * 1. Regional output: x_ri = x_i q_ri / q_i (q_i = sum_r q_ri), so sum_r x_ri = x_i;
 *    area output x_rai = s_rai x_ri with s the area shares (each region's shares
 *    of a sector add up to 1).
 * 2. Location quotients (Miller & Blair 2009, section 8.3; Flegg & Webber 1997):
 *    SLQ_ri = (q_ri / q_r) / (q_i / q), CILQ_rij = SLQ_ri / SLQ_rj, and
 *    FLQ_rij = lambda_r CILQ_rij with lambda_r = [log2(1 + q_r / q)]^delta;
 *    on the diagonal (i = j) CILQ and FLQ use SLQ_ri (Smith & Morrison 1974).
 *    The intra-regional coefficient is a^rr_ij = a_ij min(1, LQ_rij): never above
 *    the national one.  delta = 0 gives lambda = 1, i.e. the CILQ.
 * 3. Inter-regional trade, pooled (supply-share) rule: what region s does not buy
 *    in-region, a_ij - a^ss_ij, it buys from the other regions in proportion to
 *    their output of i: a^rs_ij = (a_ij - a^ss_ij) x_ri / sum_{t != s} x_ti.  Where
 *    no other region makes i, s buys it all in-region.  So sum_r a^rs_ij = a_ij:
 *    every column keeps the national input structure and value-added share.
 * 4. Areas: both areas of a region use the regional technology, and a region's
 *    sales of i (to any buyer) come from its areas in proportion to their output
 *    (pooled within the region): Z[(r,a,i),(s,b,j)] = a^rs_ij s_rai x_sbj.
 * 5. Final demand (Y keeps the national categories as columns: each column holds
 *    the demand of all regions together, by supplying region/area/sector).  Region
 *    r's output of i left after its intermediate sales, f_ri = x_ri - sum_s sum_j
 *    a^rs_ij x_sj, adds up over regions to the national final demand of i.  It is
 *    split over categories by RAS (biproportional balancing), so that rows add up
 *    to f_ri and columns to the national Y_ik, from a prior: for a category with
 *    destination shares d_sk (region s's share of the category), prior_rk = Y_ik
 *    sum_s t^rs_i d_sk, where t^rs_i is the share of region s's intermediate
 *    purchases of i that come from r (the same trade rule as industries); for any
 *    other category (exports, inventories) prior_rk = Y_ik x_ri / x_i.  A negative
 *    national entry Y_ik < 0 is split by x_ri / x_i and held fixed.  Area a of r
 *    supplies s_rai of region r's final demand.
 * Hence, up to rounding: the rows balance (Z 1 + Y 1 = x), the regions and areas
 * add up to the national Z, Y, V, S and x, and the column sums of the MRIO's A
 * equal the national ones (so it is productive when the national table is).  With
 * one region and one area the national model comes back bit for bit.
 *
 * Errors: URIO_EINVAL for wrong dimensions or option values; URIO_EMODEL (with d
 * naming the region and sector) for data that cannot be regionalised: a region
 * with no output, a sector with national output that no region makes, area shares
 * that do not add up to 1, a region whose intermediate sales of a good exceed its
 * output (RAS would need negative final demand); URIO_ENOCONV when RAS does not
 * converge.  Nothing is allocated in *out or *rep on failure.
 * Thread-safety: reentrant; no globals.  No OpenMP: the work is O(N^2). */
#ifndef URIO_IO_REGIONALISE_H
#define URIO_IO_REGIONALISE_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/io.h>
#include <urio/linalg.h>
#include <urio/status.h>
#include <urio/table.h>

typedef enum urio_lq_method {
    URIO_LQ_FLQ = 0, /* Flegg's location quotient (default) */
    URIO_LQ_SLQ = 1, /* simple location quotient of the selling sector */
    URIO_LQ_CILQ = 2 /* cross-industry location quotient */
} urio_lq_method;

/* "flq", "slq", "cilq". */
const char *urio_lq_method_name(urio_lq_method m);
/* True and *m set when name is one of the above. */
bool urio_lq_method_parse(const char *name, urio_lq_method *m);

#define URIO_FLQ_DELTA_DEFAULT 0.3 /* the value most used in the literature */

typedef struct urio_regionalise_opts {
    urio_lq_method method; /* URIO_LQ_FLQ */
    double delta;          /* FLQ's delta, 0 <= delta <= 1; 0.3 */
    double ras_tol;        /* RAS stops when every row is within ras_tol x the largest
                              target; 1e-12 */
    size_t ras_max_iter;   /* 10000 */
} urio_regionalise_opts;

/* Fill o with the defaults above. */
void urio_regionalise_opts_init(urio_regionalise_opts *o);

typedef struct urio_regional_data {
    const urio_labels *regions;    /* R >= 1 region names (no '/') */
    const urio_labels *areas;      /* A >= 1 area names (no '/'), or NULL for one area */
    const urio_matrix *indicator;  /* R x n: output (or employment) by region and
                                      sector, >= 0, column j = national sector j */
    const urio_matrix *area_share; /* (R A) x n, row r A + a: share of region r's output
                                      of sector j made in area a, in [0, 1], adding up to
                                      1 over the areas of a region (within 1e-6; then
                                      normalised); NULL when A == 1 */
    const urio_matrix *fd_share;   /* R x k: column c = destination shares of final-
                                      demand category c (>= 0, normalised here); NULL
                                      when no category has any */
    const bool *fd_given;          /* k flags: column c of fd_share is used; NULL with
                                      fd_share NULL */
} urio_regional_data;

/* What the regionalisation did: the numbers a user checks it by. */
typedef struct urio_regional_report {
    urio_lq_method method;
    double delta;
    size_t nregions, nareas, n;
    double *lambda;           /* R: FLQ's lambda_r (1 for SLQ and CILQ) */
    urio_matrix *slq;         /* R x n simple location quotients */
    urio_matrix *x;           /* R x n regional gross output */
    double *self_sufficiency; /* R: share of the region's intermediate inputs bought
                                 in the region (sum_ij a^rr_ij x_rj / sum_ij a_ij x_rj) */
    double row_residual;      /* max |Z 1 + Y 1 - x| / max(1, max x) of the MRIO */
    double total_residual;    /* max gap between the sum over regions and areas of Z,
                                 Y, V, S, x and the national ones, relative to the
                                 largest national entry of each */
    size_t ras_iterations;    /* largest over the sectors */
    double ras_max_adjust;    /* max |balanced / prior - 1| over final-demand cells
                                 with a positive prior */
    urio_notes notes;         /* warnings (a region without a sector, ...) */
} urio_regional_report;

void urio_regional_report_free(urio_regional_report *r); /* NULL is a no-op */

/* Build the multi-region, urban-rural model from the national model m (which should
 * pass urio_io_model_validate) and the regional data; o may be NULL (defaults).
 * *out is a new model; *rep (if rep is not NULL) the report. */
URIO_MUST_CHECK urio_status urio_io_regionalise(const urio_io_model *m,
                                                const urio_regional_data *rd,
                                                const urio_regionalise_opts *o, urio_io_model **out,
                                                urio_regional_report **rep, urio_diag *d);

#endif
