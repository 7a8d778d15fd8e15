/* io_price.c - the base of the Leontief price model (urio/io_analyses.h; Miller &
 * Blair 2009, chapter 2).
 *
 * With prices of 1 in the base year (the table is in values), the unit cost of
 * sector j is p_j = sum_i a_ij p_i + v_j, v_j the primary cost per unit of output;
 * so p' = v' L.  v_j is split into cost rows, each per unit of output:
 *
 *   every row of V            (wages, production taxes, depreciation, surplus...),
 *   the satellite row `imported_inputs`, when the model has one and V does not
 *                             (imported intermediate inputs, valued at an import
 *                             price index of 1),
 *   `other`                   the rest, 1 - sum_i a_ij - (the rows above): what the
 *                             table does not itemise (all of v when there is no V),
 *                             and any imbalance between row and column totals.
 *
 * The rows therefore add up to 1 - sum_i a_ij in every column, and the base prices
 * v' L are 1 up to rounding: price_residual = max |v' L - 1| checks it.  A cost-push
 * shock changes one row (urio_io_batch_solve); Delta p' = Delta v' L. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#include "io_analyses_internal.h"

size_t urio__io_cost_row(const urio_io_analyses *an, urio_cost_source src, size_t index)
{
    for (size_t q = 0; q < an->ncost; q++)
        if (an->cost_source[q] == src && an->cost_index[q] == index) return q;
    return SIZE_MAX;
}

/* Contract (io_analyses_internal.h): an->ncost, cost_name, cost_source, cost_index,
 * cost (ncost x n) and price_residual.  URIO_ENOMEM leaves the parts made for
 * urio_io_analyses_free. */
urio_status urio__io_price_base(const urio_io_model *m, const urio_io_result *r,
                                urio_io_analyses *an)
{
    const size_t n = r->n, nv = m->V != NULL ? m->V->rows : 0;
    size_t imp = SIZE_MAX; /* the satellite row of imported inputs */
    if (m->srows != NULL && urio_labels_find(m->srows, URIO_IMPORTED_INPUTS, &imp)) {
        size_t in_v = 0;
        if (m->vrows != NULL && urio_labels_find(m->vrows, URIO_IMPORTED_INPUTS, &in_v))
            imp = SIZE_MAX;
    } else {
        imp = SIZE_MAX;
    }
    const size_t nc = nv + (imp != SIZE_MAX ? 1 : 0) + 1;
    an->cost_name = calloc(nc, sizeof *an->cost_name);
    an->cost_source = calloc(nc, sizeof *an->cost_source);
    an->cost_index = calloc(nc, sizeof *an->cost_index);
    if (an->cost_name == NULL || an->cost_source == NULL || an->cost_index == NULL)
        return URIO_ENOMEM;
    an->ncost = nc;
    urio_status st = urio_matrix_create(nc, n, &an->cost);
    if (st != URIO_OK) return st;
    for (size_t q = 0; q < nc; q++) {
        const char *name = q < nv                         ? m->vrows->name[q]
                           : (q == nv && imp != SIZE_MAX) ? URIO_IMPORTED_INPUTS
                                                          : "other";
        an->cost_name[q] = strdup(name);
        if (an->cost_name[q] == NULL) return URIO_ENOMEM;
        an->cost_source[q] = q < nv || q == nc - 1 ? URIO_COST_V : URIO_COST_SATELLITE;
        an->cost_index[q] = q < nv ? q : (q == nc - 1 ? SIZE_MAX : imp);
    }
    for (size_t j = 0; j < n; j++) {
        double colsum = 0.0, named = 0.0;
        for (size_t i = 0; i < n; i++)
            colsum += URIO_MAT(r->A, i, j);
        const double xj = r->x[j];
        for (size_t q = 0; q + 1 < nc; q++) {
            double c = 0.0;
            if (xj > 0.0) c = (q < nv ? URIO_MAT(m->V, q, j) : URIO_MAT(m->S, imp, j)) / xj;
            URIO_MAT(an->cost, q, j) = c;
            named += c;
        }
        URIO_MAT(an->cost, nc - 1, j) = (1.0 - colsum) - named;
    }

    /* Base prices p = L' v with v the column sums of the cost rows. */
    urio_matrix *v = NULL, *p = NULL;
    st = urio_matrix_create(n, 1, &v);
    if (st == URIO_OK) st = urio_matrix_create(n, 1, &p);
    if (st == URIO_OK) {
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t q = 0; q < nc; q++)
                s += URIO_MAT(an->cost, q, j);
            v->data[j] = s;
        }
        st = urio_matrix_gemm(true, false, 1.0, r->L, v, 0.0, p);
    }
    if (st == URIO_OK) {
        double worst = 0.0;
        for (size_t j = 0; j < n; j++) {
            const double e = fabs(p->data[j] - 1.0);
            if (e > worst || isnan(e)) worst = e;
        }
        an->price_residual = worst;
    }
    urio_matrix_free(v);
    urio_matrix_free(p);
    return st;
}
