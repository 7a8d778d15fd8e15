/* io_ghosh.c - the Ghosh supply-side model (urio/io_analyses.h; Miller & Blair 2009,
 * chapter 12).
 *
 * B = diag(x)^-1 Z holds allocation coefficients (the share of sector i's output
 * sold to sector j); G = (I - B)^-1.  Since B = diag(x)^-1 A diag(x), G equals
 * diag(x)^-1 L diag(x), so G comes from L in O(n^2) with no second factorisation.
 * A sector with zero output gets a zero row of B and the unit row of G.
 *
 * The supply-side identity x' = v' G holds for the primary inputs
 * v_j = x_j - sum_i Z_ij (everything a sector pays besides domestic intermediate
 * inputs: value added and imported inputs), because columns of the table balance by
 * construction of v.  Its residual is computed as x_j (w' L)_j with w_i = v_i / x_i,
 * from L without forming G, so the check costs one matrix-vector product for any n;
 * G itself is kept only up to ghosh_max (a 10,000-sector G as CSV is about 1 GB). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#include "io_analyses_internal.h"

double urio__max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++)
        if (fabs(v[i]) > m || isnan(v[i])) m = fabs(v[i]);
    return m;
}

/* Contract (io_analyses_internal.h): fills an->v (n, allocated here), an->G when
 * n <= ghosh_max, and an->ghosh_residual = max_j |(v'G)_j - x_j| / max(1, max x).
 * URIO_ENOMEM leaves what was allocated for urio_io_analyses_free. */
urio_status urio__io_ghosh(const urio_io_model *m, const urio_io_result *r, size_t ghosh_max,
                           urio_io_analyses *an)
{
    const size_t n = r->n;
    an->v = malloc(n * sizeof *an->v);
    if (an->v == NULL) return URIO_ENOMEM;
    for (size_t j = 0; j < n; j++) {
        double s = 0.0;
        for (size_t i = 0; i < n; i++)
            s += URIO_MAT(m->Z, i, j);
        an->v[j] = r->x[j] - s;
    }

    /* (v'G)_j = x_j sum_{i: x_i > 0} (v_i / x_i) L_ij, plus v_j when x_j = 0. */
    urio_matrix *w = NULL, *wl = NULL;
    urio_status st = urio_matrix_create(n, 1, &w);
    if (st == URIO_OK) st = urio_matrix_create(n, 1, &wl);
    if (st == URIO_OK) {
        for (size_t i = 0; i < n; i++)
            w->data[i] = r->x[i] > 0.0 ? an->v[i] / r->x[i] : 0.0;
        st = urio_matrix_gemm(true, false, 1.0, r->L, w, 0.0, wl);
    }
    if (st == URIO_OK) {
        double worst = 0.0;
        for (size_t j = 0; j < n; j++) {
            const double vg = r->x[j] > 0.0 ? r->x[j] * wl->data[j] : an->v[j];
            const double e = fabs(vg - r->x[j]);
            if (e > worst || isnan(e)) worst = e;
        }
        const double scale = urio__max_abs(r->x, n);
        an->ghosh_residual = worst / (scale > 1.0 ? scale : 1.0);
    }
    urio_matrix_free(w);
    urio_matrix_free(wl);
    if (st != URIO_OK || n > ghosh_max) return st;

    st = urio_matrix_create(n, n, &an->G);
    if (st != URIO_OK) return st;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            if (r->x[i] > 0.0)
                URIO_MAT(an->G, i, j) = URIO_MAT(r->L, i, j) * (r->x[j] / r->x[i]);
            else
                URIO_MAT(an->G, i, j) = i == j ? 1.0 : 0.0;
        }
    return URIO_OK;
}
