/* io_extraction.c - hypothetical extraction (urio/io_analyses.h; Miller & Blair
 * 2009, chapter 12; Dietzenbacher & van der Linden 1997; Dietzenbacher & Lahr
 * 2013).
 *
 * The loss of total output when sector j is extracted, with final demand f fixed,
 * needs no re-solve: each variant changes I - A in one row, one column or both, and
 * the inverse of the changed matrix follows from L.  With c_j = sum_i L_ij (the
 * output multiplier) and x = L f:
 *
 *   total     rows and column j removed: the inverse of a principal submatrix is
 *             L_(-j,-j) - L_(-j,j) L_(j,-j) / L_jj, so the other sectors produce
 *             x_i - L_ij x_j / L_jj and the loss (x_j included) is x_j c_j / L_jj;
 *   backward  column j of A zeroed (I - A gains the rank-one term a_j e_j'):
 *             Sherman-Morrison with L a_j = L e_j - e_j gives
 *             x - (L e_j - e_j) x_j / L_jj, a loss of (c_j - 1) x_j / L_jj;
 *   forward   row j of B zeroed in the Ghosh model x' = v' G (G = diag(x)^-1 L
 *             diag(x), G_jj = L_jj): x' - x_j (G_j. - e_j') / G_jj, a loss of
 *             (sum_k L_jk x_k - x_j) / L_jj.
 *
 * All n sectors cost two passes over L: O(n^2), against O(n^4) for n re-solves.
 * A sector with zero output loses nothing. */
#include <stdlib.h>

#include <urio/io_analyses.h>

const char *urio_extraction_method_name(urio_extraction_method m)
{
    switch (m) {
    case URIO_EXTRACT_TOTAL:
        return "total";
    case URIO_EXTRACT_BACKWARD:
        return "backward";
    case URIO_EXTRACT_FORWARD:
        return "forward";
    }
    return "unknown";
}

/* Contract (urio/io_analyses.h): loss[method * n + j] in model units, from r->L and
 * r->x only.  URIO_EINVAL for missing inputs, URIO_ENOMEM. */
urio_status urio_io_extraction(const urio_io_result *r, double *loss)
{
    if (r == NULL || loss == NULL || r->L == NULL || r->x == NULL) return URIO_EINVAL;
    const size_t n = r->n;
    double *c = calloc(n, sizeof *c), *lx = calloc(n, sizeof *lx);
    if (c == NULL || lx == NULL) {
        free(c);
        free(lx);
        return URIO_ENOMEM;
    }
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            c[j] += URIO_MAT(r->L, i, j);
            lx[i] += URIO_MAT(r->L, i, j) * r->x[j];
        }
    for (size_t j = 0; j < n; j++) {
        const double xj = r->x[j], ljj = URIO_MAT(r->L, j, j);
        const bool none = !(xj > 0.0) || !(ljj > 0.0);
        loss[URIO_EXTRACT_TOTAL * n + j] = none ? 0.0 : xj * c[j] / ljj;
        loss[URIO_EXTRACT_BACKWARD * n + j] = none ? 0.0 : (c[j] - 1.0) * xj / ljj;
        loss[URIO_EXTRACT_FORWARD * n + j] = none ? 0.0 : (lx[j] - xj) / ljj;
    }
    free(c);
    free(lx);
    return URIO_OK;
}
