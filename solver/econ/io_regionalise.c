/* io_regionalise.c - a multi-region, urban-rural IO table from a national one:
 * location quotients (SLQ, CILQ, FLQ), pooled inter-regional and intra-regional
 * trade, and final demand balanced by RAS (urio/io_regionalise.h states the maths).
 *
 * Layout.  The built model has N = R A n sectors; sector (r, a, i) has index
 * (r A + a) n + i, so regions are outermost and sectors innermost, as the labels
 * region/area/sector read.  Every entry of Z is written once as
 *     Z_ij * rho^rs_ij * s_rai * phi_sbj,
 * the national flow times the share of it that region r supplies to region s, the
 * seller's area share and the buyer's share of national output, so that with one
 * region and one area every factor is exactly 1 and the national table comes back
 * bit for bit.  The own-region fraction rho^ss_ij = min(1, LQ) is recomputed where
 * it is needed instead of being stored: storage stays that of the result. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_regionalise.h>

#include "internal.h"

const char *urio_lq_method_name(urio_lq_method m)
{
    switch (m) {
    case URIO_LQ_FLQ:
        return "flq";
    case URIO_LQ_SLQ:
        return "slq";
    case URIO_LQ_CILQ:
        return "cilq";
    }
    return "unknown";
}

bool urio_lq_method_parse(const char *name, urio_lq_method *m)
{
    static const urio_lq_method all[] = {URIO_LQ_FLQ, URIO_LQ_SLQ, URIO_LQ_CILQ};
    if (name == NULL) return false;
    for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
        if (strcmp(name, urio_lq_method_name(all[k])) == 0) {
            if (m != NULL) *m = all[k];
            return true;
        }
    return false;
}

void urio_regionalise_opts_init(urio_regionalise_opts *o)
{
    if (o == NULL) return;
    o->method = URIO_LQ_FLQ;
    o->delta = URIO_FLQ_DELTA_DEFAULT;
    o->ras_tol = 1e-12;
    o->ras_max_iter = 10000;
}

void urio_regional_report_free(urio_regional_report *r)
{
    if (r == NULL) return;
    free(r->lambda);
    urio_matrix_free(r->slq);
    urio_matrix_free(r->x);
    free(r->self_sufficiency);
    urio_notes_clear(&r->notes);
    free(r);
}

/* ---- Working state ------------------------------------------------------------- */

typedef struct work {
    const urio_io_model *m;
    const urio_regional_data *rd;
    urio_regionalise_opts o;
    size_t n, k, R, A, N;
    double *x;      /* n national outputs (row sums) */
    double *qshare; /* R x n: q_ri / q_i, the region's share of national output of i */
    double *xr;     /* R x n: regional output x_ri */
    double *other;  /* R x n: sum over regions t != r of x_ti */
    double *slq;    /* R x n */
    double *lambda; /* R */
    double *area;   /* (R A) x n: normalised area shares s_rai (1 when A == 1) */
    double *fd;     /* R x k: normalised destination shares (column c valid when given) */
    bool *given;    /* k */
    urio_regional_report *rep;
    urio_diag *d;
} work;

#define AT(p, rows, i, j) ((p)[(size_t)(i) + (size_t)(j) * (rows)]) /* column-major */

static urio_status fail(work *w, urio_status s, const char *hint, const char *fmt, ...)
    URIO_PRINTF(4, 5);
static urio_status fail(work *w, urio_status s, const char *hint, const char *fmt, ...)
{
    char msg[600];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return urio_diag_set(w->d, s, NULL, 0, 0, hint, "%s", msg);
}

static const char *region_name(const work *w, size_t r)
{
    return w->rd->regions->name[r];
}

static const char *sector_name(const work *w, size_t i)
{
    return w->m->sectors->name[i];
}

/* The fraction of region s's use of national coefficient a_ij that s buys in-region:
 * min(1, LQ) by the chosen quotient, or 1 when no other region makes i. */
static double own_fraction(const work *w, size_t s, size_t i, size_t j)
{
    const size_t R = w->R;
    if (AT(w->other, R, s, i) <= 0.0) return 1.0;
    const double si = AT(w->slq, R, s, i);
    if (si <= 0.0) return 0.0;
    double lq;
    if (w->o.method == URIO_LQ_SLQ || i == j) {
        lq = si;
    } else {
        const double sj = AT(w->slq, R, s, j);
        if (sj <= 0.0) return 1.0; /* CILQ is infinite: the region does not make j */
        lq = si / sj;
    }
    if (w->o.method == URIO_LQ_FLQ) lq *= w->lambda[s];
    return lq < 1.0 ? lq : 1.0;
}

/* The fraction rho^rs_ij of region s's national-coefficient purchases of i (for
 * industry j) that come from region r. */
static double trade_fraction(const work *w, size_t r, size_t s, size_t i, size_t j)
{
    const size_t R = w->R;
    const double own = own_fraction(w, s, i, j);
    if (r == s) return own;
    const double oth = AT(w->other, R, s, i);
    if (oth <= 0.0) return 0.0;
    return (1.0 - own) * (AT(w->xr, R, r, i) / oth);
}

static void work_free(work *w)
{
    free(w->x);
    free(w->qshare);
    free(w->xr);
    free(w->other);
    free(w->slq);
    free(w->lambda);
    free(w->area);
    free(w->fd);
    free(w->given);
}

/* ---- Checks of the inputs ------------------------------------------------------ */

static urio_status check_inputs(work *w)
{
    const urio_io_model *m = w->m;
    const urio_regional_data *rd = w->rd;
    if (m->sectors == NULL || m->Z == NULL || m->Y == NULL || m->categories == NULL)
        return fail(w, URIO_EINVAL, NULL, "the national model lacks sectors, Z or Y");
    if (rd->regions == NULL || rd->regions->count == 0 || rd->indicator == NULL)
        return fail(w, URIO_EINVAL, NULL, "no regions or no regional indicator");
    w->n = m->sectors->count;
    w->k = m->categories->count;
    w->R = rd->regions->count;
    w->A = rd->areas != NULL ? rd->areas->count : 1;
    if (w->A == 0) return fail(w, URIO_EINVAL, NULL, "an empty list of areas");
    if (m->Z->rows != w->n || m->Z->cols != w->n || m->Y->rows != w->n || m->Y->cols != w->k)
        return fail(w, URIO_EINVAL, NULL, "Z or Y does not match the national sectors");
    if (rd->indicator->rows != w->R || rd->indicator->cols != w->n)
        return fail(w, URIO_EINVAL, NULL,
                    "the regional indicator is %zu x %zu, want %zu regions x %zu sectors",
                    rd->indicator->rows, rd->indicator->cols, w->R, w->n);
    if (w->A > 1 && rd->area_share == NULL)
        return fail(w, URIO_EINVAL, "give each region's share of a sector's output by area",
                    "%zu areas but no area shares", w->A);
    if (rd->area_share != NULL &&
        (rd->area_share->rows != w->R * w->A || rd->area_share->cols != w->n))
        return fail(w, URIO_EINVAL, NULL, "the area shares are %zu x %zu, want %zu x %zu",
                    rd->area_share->rows, rd->area_share->cols, w->R * w->A, w->n);
    if (rd->fd_share != NULL &&
        (rd->fd_given == NULL || rd->fd_share->rows != w->R || rd->fd_share->cols != w->k))
        return fail(w, URIO_EINVAL, NULL,
                    "the final-demand shares are %zu x %zu, want %zu regions x %zu categories",
                    rd->fd_share->rows, rd->fd_share->cols, w->R, w->k);
    /* N = R A n, and N x N doubles, must not overflow. */
    if (w->R > SIZE_MAX / w->A || w->R * w->A > SIZE_MAX / w->n)
        return fail(w, URIO_EINVAL, NULL, "too many regions, areas and sectors");
    w->N = w->R * w->A * w->n;
    if (w->N > (size_t)1 << 31)
        return fail(w, URIO_EINVAL, NULL, "%zu sectors in all is too many", w->N);
    const double delta = w->o.delta;
    if (!(delta >= 0.0 && delta <= 1.0))
        return fail(w, URIO_EINVAL, "Flegg's delta lies in [0, 1]; 0.3 is the usual value",
                    "delta = %g is outside [0, 1]", delta);
    if (!(w->o.ras_tol > 0.0) || w->o.ras_max_iter == 0)
        return fail(w, URIO_EINVAL, NULL, "RAS tolerance and iteration limit must be positive");
    /* Labels: region/area/sector must fit. */
    for (size_t r = 0; r < w->R; r++)
        if (strchr(region_name(w, r), '/') != NULL)
            return fail(w, URIO_EINVAL, NULL, "region \"%s\" contains `/`", region_name(w, r));
    for (size_t a = 0; rd->areas != NULL && a < w->A; a++)
        if (strchr(rd->areas->name[a], '/') != NULL)
            return fail(w, URIO_EINVAL, NULL, "area \"%s\" contains `/`", rd->areas->name[a]);
    for (size_t i = 0; i < w->n; i++)
        if (strchr(sector_name(w, i), '/') != NULL && (w->R > 1 || w->A > 1))
            return fail(w, URIO_EMODEL,
                        "a national table has plain sector labels; labels are built as "
                        "region/area/sector",
                        "national sector \"%s\" contains `/`", sector_name(w, i));
    return URIO_OK;
}

/* ---- Regional output, location quotients, area shares -------------------------- */

static urio_status allocate(work *w)
{
    const size_t R = w->R, n = w->n, k = w->k, A = w->A;
    w->x = calloc(n, sizeof *w->x);
    w->qshare = calloc(R * n, sizeof *w->qshare);
    w->xr = calloc(R * n, sizeof *w->xr);
    w->other = calloc(R * n, sizeof *w->other);
    w->slq = calloc(R * n, sizeof *w->slq);
    w->lambda = calloc(R, sizeof *w->lambda);
    w->area = calloc(R * A * n, sizeof *w->area);
    w->fd = calloc(R * (k > 0 ? k : 1), sizeof *w->fd);
    w->given = calloc(k > 0 ? k : 1, sizeof *w->given);
    if (w->x == NULL || w->qshare == NULL || w->xr == NULL || w->other == NULL || w->slq == NULL ||
        w->lambda == NULL || w->area == NULL || w->fd == NULL || w->given == NULL)
        return URIO_ENOMEM;
    return URIO_OK;
}

static urio_status regional_output(work *w)
{
    const size_t R = w->R, n = w->n;
    const urio_matrix *q = w->rd->indicator;
    urio__io_gross_output(w->m, w->x, NULL);
    double *qi = calloc(n, sizeof *qi), *qr = calloc(R, sizeof *qr);
    if (qi == NULL || qr == NULL) {
        free(qi);
        free(qr);
        return URIO_ENOMEM;
    }
    urio_status s = URIO_OK;
    double qt = 0.0;
    for (size_t j = 0; j < n && s == URIO_OK; j++)
        for (size_t r = 0; r < R; r++) {
            const double v = URIO_MAT(q, r, j);
            if (!isfinite(v) || v < 0.0) {
                s = fail(w, URIO_EMODEL, "regional output or employment is a number >= 0",
                         "the regional indicator of %s/%s is %g", region_name(w, r),
                         sector_name(w, j), v);
                break;
            }
            qi[j] += v;
            qr[r] += v;
        }
    for (size_t r = 0; r < R; r++)
        qt += qr[r];
    for (size_t r = 0; r < R && s == URIO_OK; r++)
        if (!(qr[r] > 0.0))
            s = fail(w, URIO_EMODEL, "give the region's output (or employment) by sector",
                     "region \"%s\" has no output in any sector", region_name(w, r));
    for (size_t i = 0; i < n && s == URIO_OK; i++) {
        if (w->x[i] < 0.0)
            s = fail(w, URIO_EMODEL, NULL, "national sector \"%s\" has negative output %g",
                     sector_name(w, i), w->x[i]);
        else if (w->x[i] > 0.0 && !(qi[i] > 0.0))
            s = fail(w, URIO_EMODEL, "give at least one region some output (or employment) in it",
                     "sector \"%s\" has national output %g but no region makes it",
                     sector_name(w, i), w->x[i]);
    }
    if (s == URIO_OK) {
        for (size_t r = 0; r < R; r++) {
            /* lambda = [log2(1 + q_r / q)]^delta; pow(., 0) is 1. */
            w->lambda[r] =
                w->o.method == URIO_LQ_FLQ ? pow(log2(1.0 + qr[r] / qt), w->o.delta) : 1.0;
            for (size_t i = 0; i < n; i++) {
                const double share = qi[i] > 0.0 ? URIO_MAT(q, r, i) / qi[i] : 0.0;
                AT(w->qshare, R, r, i) = share;
                AT(w->xr, R, r, i) = w->x[i] * share;
                AT(w->slq, R, r, i) =
                    qi[i] > 0.0 ? (URIO_MAT(q, r, i) / qr[r]) / (qi[i] / qt) : 0.0;
            }
        }
        for (size_t i = 0; i < n; i++) {
            for (size_t r = 0; r < R; r++) {
                /* Sum of the others, not tot - x_ri: exact zero when none makes i. */
                double o = 0.0;
                for (size_t t = 0; t < R; t++)
                    if (t != r) o += AT(w->xr, R, t, i);
                AT(w->other, R, r, i) = o;
            }
        }
    }
    free(qi);
    free(qr);
    return s;
}

static urio_status area_shares(work *w)
{
    const size_t R = w->R, A = w->A, n = w->n, RA = R * A;
    if (A == 1) {
        for (size_t p = 0; p < R * n; p++)
            w->area[p] = 1.0;
        return URIO_OK;
    }
    const urio_matrix *s = w->rd->area_share;
    for (size_t r = 0; r < R; r++)
        for (size_t j = 0; j < n; j++) {
            double tot = 0.0;
            for (size_t a = 0; a < A; a++) {
                const double v = URIO_MAT(s, r * A + a, j);
                if (!isfinite(v) || v < 0.0 || v > 1.0)
                    return fail(w, URIO_EMODEL, "an area share lies in [0, 1]",
                                "the area share of %s/%s/%s is %g", region_name(w, r),
                                w->rd->areas->name[a], sector_name(w, j), v);
                tot += v;
            }
            if (fabs(tot - 1.0) > 1e-6)
                return fail(w, URIO_EMODEL,
                            "the areas of a region share its output of each sector: the "
                            "shares add up to 1",
                            "the area shares of %s/*/%s add up to %.9g, not 1", region_name(w, r),
                            sector_name(w, j), tot);
            for (size_t a = 0; a < A; a++)
                AT(w->area, RA, r * A + a, j) = URIO_MAT(s, r * A + a, j) / tot;
        }
    return URIO_OK;
}

static urio_status fd_shares(work *w)
{
    const size_t R = w->R, k = w->k;
    const urio_matrix *f = w->rd->fd_share;
    if (f == NULL) return URIO_OK;
    for (size_t c = 0; c < k; c++) {
        if (!w->rd->fd_given[c]) continue;
        double tot = 0.0;
        for (size_t r = 0; r < R; r++) {
            const double v = URIO_MAT(f, r, c);
            if (!isfinite(v) || v < 0.0)
                return fail(w, URIO_EMODEL, "a region's share of final demand is >= 0",
                            "the final-demand share of region \"%s\" in \"%s\" is %g",
                            region_name(w, r), w->m->categories->name[c], v);
            tot += v;
        }
        if (!(tot > 0.0))
            return fail(w, URIO_EMODEL, "give at least one region a positive share",
                        "the final-demand shares of \"%s\" are all zero",
                        w->m->categories->name[c]);
        for (size_t r = 0; r < R; r++)
            AT(w->fd, R, r, c) = URIO_MAT(f, r, c) / tot;
        w->given[c] = true;
    }
    return URIO_OK;
}

/* ---- Final demand -------------------------------------------------------------- */

/* For each region s and good i: B[r + s R + i R R], the purchases of s's industries
 * of i from region r (at national coefficients times s's output). */
static void purchases(const work *w, double *B)
{
    const size_t R = w->R, n = w->n;
    const urio_matrix *Z = w->m->Z;
    for (size_t s = 0; s < R; s++)
        for (size_t i = 0; i < n; i++) {
            double own = 0.0, tot = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double zs = URIO_MAT(Z, i, j) * AT(w->qshare, R, s, j);
                tot += zs;
                own += zs * own_fraction(w, s, i, j);
            }
            const double oth = AT(w->other, R, s, i);
            for (size_t r = 0; r < R; r++) {
                double v;
                if (r == s)
                    v = own;
                else
                    v = oth > 0.0 ? (tot - own) * (AT(w->xr, R, r, i) / oth) : 0.0;
                B[r + s * R + i * R * R] = v;
            }
        }
}

/* Balance final demand of good i over regions (rows) and categories (columns):
 * writes Yr (R x k, column-major, leading dimension R).  prior and free-flags in
 * scratch. */
static urio_status balance_good(work *w, size_t i, const double *B, double *Yr, double *g,
                                size_t *iters, double *max_adjust, double *P)
{
    const size_t R = w->R, k = w->k;
    const urio_matrix *Y = w->m->Y;
    /* Rows: f_ri = x_ri - intermediate sales of r's i; minus the fixed entries. */
    double scale = 0.0;
    for (size_t r = 0; r < R; r++) {
        double sales = 0.0;
        for (size_t s = 0; s < R; s++)
            sales += B[r + s * R + i * R * R];
        g[r] = AT(w->xr, R, r, i) - sales;
        if (AT(w->xr, R, r, i) > scale) scale = AT(w->xr, R, r, i);
    }
    double coltot = 0.0; /* sum of the free columns' targets */
    for (size_t c = 0; c < k; c++) {
        const double yc = URIO_MAT(Y, i, c);
        for (size_t r = 0; r < R; r++) {
            if (yc < 0.0) {
                /* Negative (inventories drawn down): by output shares, held fixed. */
                const double v = yc * AT(w->qshare, R, r, i);
                AT(Yr, R, r, c) = v;
                g[r] -= v;
                AT(P, R, r, c) = 0.0;
                continue;
            }
            AT(Yr, R, r, c) = 0.0;
            double pi = AT(w->qshare, R, r, i);
            if (w->given[c]) {
                /* Destination shares times the trade shares of the destination. */
                pi = 0.0;
                for (size_t s = 0; s < R; s++) {
                    double tot = 0.0;
                    for (size_t t = 0; t < R; t++)
                        tot += B[t + s * R + i * R * R];
                    double t_rs;
                    if (tot > 0.0) {
                        t_rs = B[r + s * R + i * R * R] / tot;
                    } else {
                        /* s's industries buy no i: the diagonal quotient rule. */
                        const double own = own_fraction(w, s, i, i);
                        const double oth = AT(w->other, R, s, i);
                        t_rs = r == s ? own
                                      : (oth > 0.0 ? (1.0 - own) * AT(w->xr, R, r, i) / oth : 0.0);
                    }
                    pi += t_rs * AT(w->fd, R, s, c);
                }
            }
            AT(P, R, r, c) = yc * pi;
        }
        if (yc > 0.0) coltot += yc;
    }
    if (scale < 1.0) scale = 1.0;
    double rowtot = 0.0;
    for (size_t r = 0; r < R; r++) {
        if (g[r] < -1e-9 * scale) {
            return fail(w, URIO_EMODEL,
                        "the regional shares and the location quotients ask the region to "
                        "sell more of this good to industries than it makes: check the "
                        "regional output, or try another method or a smaller delta",
                        "region \"%s\" sells %.6g of its output of \"%s\" (%.6g) to "
                        "industries: nothing is left for final demand",
                        region_name(w, r), AT(w->xr, R, r, i) - g[r], sector_name(w, i),
                        AT(w->xr, R, r, i));
        }
        if (g[r] < 0.0) g[r] = 0.0;
        rowtot += g[r];
    }
    /* Make the row targets add up to the column targets exactly (they differ by
     * rounding only: sum_r f_ri is the national final demand of i). */
    if (rowtot > 0.0 && coltot > 0.0) {
        for (size_t r = 0; r < R; r++)
            g[r] *= coltot / rowtot;
    } else if (coltot > 0.0 || rowtot > 1e-9 * scale) {
        return fail(w, URIO_EMODEL, NULL,
                    "final demand of \"%s\" cannot be balanced: regions supply %.6g, "
                    "categories take %.6g",
                    sector_name(w, i), rowtot, coltot);
    }
    /* A row with a target but no prior takes the column targets' pattern. */
    for (size_t r = 0; r < R; r++) {
        double rs = 0.0;
        for (size_t c = 0; c < k; c++)
            rs += AT(P, R, r, c);
        if (rs > 0.0 || g[r] <= 0.0) continue;
        for (size_t c = 0; c < k; c++) {
            const double yc = URIO_MAT(Y, i, c);
            if (yc > 0.0) AT(P, R, r, c) = yc;
        }
    }
    /* Keep the prior to measure the adjustment. */
    double *P0 = P + R * k;
    memcpy(P0, P, R * k * sizeof *P);
    size_t it = 0;
    const double tol = w->o.ras_tol * scale;
    for (;;) {
        /* Columns first, then rows; stop when the rows are within tol after a column
         * step, so the columns (the national Y) hold exactly. */
        for (size_t c = 0; c < k; c++) {
            const double yc = URIO_MAT(Y, i, c);
            if (yc < 0.0) continue;
            double cs = 0.0;
            for (size_t r = 0; r < R; r++)
                cs += AT(P, R, r, c);
            const double f = cs > 0.0 ? yc / cs : 0.0;
            for (size_t r = 0; r < R; r++)
                AT(P, R, r, c) *= f;
        }
        double worst = 0.0;
        for (size_t r = 0; r < R; r++) {
            double rs = 0.0;
            for (size_t c = 0; c < k; c++)
                if (URIO_MAT(Y, i, c) >= 0.0) rs += AT(P, R, r, c);
            const double gap = fabs(rs - g[r]);
            if (gap > worst) worst = gap;
        }
        if (worst <= tol) break;
        if (++it > w->o.ras_max_iter)
            return fail(w, URIO_ENOCONV,
                        "the regional data leave no non-negative final demand that fits; "
                        "check the final-demand and area shares",
                        "RAS balancing of the final demand of \"%s\" did not converge in %zu "
                        "iterations (row gap %.3g)",
                        sector_name(w, i), w->o.ras_max_iter, worst);
        for (size_t r = 0; r < R; r++) {
            double rs = 0.0;
            for (size_t c = 0; c < k; c++)
                if (URIO_MAT(Y, i, c) >= 0.0) rs += AT(P, R, r, c);
            const double f = rs > 0.0 ? g[r] / rs : 0.0;
            for (size_t c = 0; c < k; c++)
                if (URIO_MAT(Y, i, c) >= 0.0) AT(P, R, r, c) *= f;
        }
    }
    if (it > *iters) *iters = it;
    for (size_t c = 0; c < k; c++) {
        if (URIO_MAT(Y, i, c) < 0.0) continue;
        for (size_t r = 0; r < R; r++) {
            AT(Yr, R, r, c) = AT(P, R, r, c);
            if (AT(P0, R, r, c) > 0.0) {
                const double adj = fabs(AT(P, R, r, c) / AT(P0, R, r, c) - 1.0);
                if (adj > *max_adjust) *max_adjust = adj;
            }
        }
    }
    return URIO_OK;
}

/* ---- Assembly ------------------------------------------------------------------ */

static urio_status build_labels(work *w, urio_labels **out)
{
    const size_t R = w->R, A = w->A, n = w->n, N = w->N;
    char **names = calloc(N, sizeof *names);
    if (names == NULL) return URIO_ENOMEM;
    urio_status s = URIO_OK;
    for (size_t r = 0; r < R && s == URIO_OK; r++)
        for (size_t a = 0; a < A && s == URIO_OK; a++)
            for (size_t i = 0; i < n && s == URIO_OK; i++) {
                char buf[3 * URIO_LABEL_MAX + 8];
                snprintf(buf, sizeof buf, "%s%s%s%s%s", R > 1 ? region_name(w, r) : "",
                         R > 1 ? "/" : "", A > 1 ? w->rd->areas->name[a] : "", A > 1 ? "/" : "",
                         sector_name(w, i));
                const char *why = NULL;
                if (!urio_label_valid(buf, &why)) {
                    s = fail(w, URIO_EMODEL, "use shorter region, area or sector names",
                             "the label built for %s/%s is not valid: %s", region_name(w, r),
                             sector_name(w, i), why != NULL ? why : "not valid");
                    break;
                }
                const size_t p = (r * A + a) * n + i;
                names[p] = malloc(strlen(buf) + 1);
                if (names[p] == NULL) {
                    s = URIO_ENOMEM;
                    break;
                }
                memcpy(names[p], buf, strlen(buf) + 1);
            }
    if (s == URIO_OK) {
        size_t dup = SIZE_MAX;
        s = urio_labels_create(N, (const char *const *)names, out, &dup);
        if (s == URIO_EMODEL)
            s = fail(w, URIO_EMODEL, "region, area and sector names must differ",
                     "the label \"%s\" is built twice", dup < N ? names[dup] : "?");
    }
    for (size_t p = 0; p < N; p++)
        free(names[p]);
    free(names);
    return s;
}

static char *dup_text(const char *s)
{
    if (s == NULL) return NULL;
    char *t = malloc(strlen(s) + 1);
    if (t != NULL) memcpy(t, s, strlen(s) + 1);
    return t;
}

/* phi_sbj: the share of national output of j made in region s, area b. */
static double out_share(const work *w, size_t s, size_t b, size_t j)
{
    return AT(w->qshare, w->R, s, j) * AT(w->area, w->R * w->A, s * w->A + b, j);
}

static urio_status fill_model(work *w, urio_io_model *mr)
{
    const size_t R = w->R, A = w->A, n = w->n, k = w->k, N = w->N, RA = R * A;
    const urio_io_model *m = w->m;
    /* Z: column (s, b, j), row (r, a, i). */
    for (size_t s = 0; s < R; s++)
        for (size_t b = 0; b < A; b++)
            for (size_t j = 0; j < n; j++) {
                const size_t col = (s * A + b) * n + j;
                const double phi = out_share(w, s, b, j);
                double *zc = mr->Z->data + col * N;
                for (size_t i = 0; i < n; i++) {
                    const double zij = URIO_MAT(m->Z, i, j);
                    if (zij == 0.0) continue;
                    for (size_t r = 0; r < R; r++) {
                        const double rho = trade_fraction(w, r, s, i, j);
                        for (size_t a = 0; a < A; a++)
                            zc[(r * A + a) * n + i] =
                                zij * rho * AT(w->area, RA, r * A + a, i) * phi;
                    }
                }
            }
    /* Y: with one region, the national final demand as it is. */
    if (R == 1) {
        for (size_t c = 0; c < k; c++)
            for (size_t a = 0; a < A; a++)
                for (size_t i = 0; i < n; i++)
                    URIO_MAT(mr->Y, a * n + i, c) = URIO_MAT(m->Y, i, c) * AT(w->area, RA, a, i);
    } else {
        double *B = malloc(R * R * n * sizeof *B);
        double *Yr = malloc(R * (k > 0 ? k : 1) * sizeof *Yr);
        double *g = malloc(R * sizeof *g);
        double *P = malloc(2 * R * (k > 0 ? k : 1) * sizeof *P);
        urio_status s = (B && Yr && g && P) ? URIO_OK : URIO_ENOMEM;
        if (s == URIO_OK) purchases(w, B);
        for (size_t i = 0; i < n && s == URIO_OK; i++) {
            s = balance_good(w, i, B, Yr, g, &w->rep->ras_iterations, &w->rep->ras_max_adjust, P);
            if (s != URIO_OK) break;
            for (size_t c = 0; c < k; c++)
                for (size_t r = 0; r < R; r++)
                    for (size_t a = 0; a < A; a++)
                        URIO_MAT(mr->Y, (r * A + a) * n + i, c) =
                            AT(Yr, R, r, c) * AT(w->area, RA, r * A + a, i);
        }
        if (s == URIO_OK) {
            /* Self-sufficiency: in-region share of each region's intermediate inputs. */
            for (size_t t = 0; t < R; t++) {
                double own = 0.0, tot = 0.0;
                for (size_t i = 0; i < n; i++)
                    for (size_t r = 0; r < R; r++) {
                        tot += B[r + t * R + i * R * R];
                        if (r == t) own += B[r + t * R + i * R * R];
                    }
                w->rep->self_sufficiency[t] = tot > 0.0 ? own / tot : 1.0;
            }
        }
        free(B);
        free(Yr);
        free(g);
        free(P);
        if (s != URIO_OK) return s;
    }
    if (R == 1) w->rep->self_sufficiency[0] = 1.0;
    /* V and S: national coefficients times the region-area's output. */
    const urio_matrix *src[2] = {m->V, m->S};
    urio_matrix *dst[2] = {mr->V, mr->S};
    for (int t = 0; t < 2; t++) {
        if (src[t] == NULL) continue;
        for (size_t s = 0; s < R; s++)
            for (size_t b = 0; b < A; b++)
                for (size_t j = 0; j < n; j++) {
                    const double phi = out_share(w, s, b, j);
                    for (size_t h = 0; h < src[t]->rows; h++)
                        URIO_MAT(dst[t], h, (s * A + b) * n + j) = URIO_MAT(src[t], h, j) * phi;
                }
    }
    for (size_t s = 0; s < R; s++)
        for (size_t b = 0; b < A; b++)
            for (size_t j = 0; j < n; j++)
                URIO_MAT(mr->x_given, (s * A + b) * n + j, 0) = w->x[j] * out_share(w, s, b, j);
    return URIO_OK;
}

/* Row balance and conservation of the national totals. */
static void measure(work *w, const urio_io_model *mr)
{
    const size_t n = w->n, k = w->k, N = w->N, RA = w->R * w->A;
    const urio_io_model *m = w->m;
    double *rs = calloc(N, sizeof *rs);
    double *acc = calloc(n * (n > k ? n : (k > 0 ? k : 1)), sizeof *acc);
    if (rs == NULL || acc == NULL) {
        free(rs);
        free(acc);
        w->rep->row_residual = w->rep->total_residual = NAN;
        return;
    }
    double xmax = 1.0, worst = 0.0;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++)
            rs[i] += URIO_MAT(mr->Z, i, j);
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; i < N; i++)
            rs[i] += URIO_MAT(mr->Y, i, c);
    for (size_t i = 0; i < N; i++) {
        const double xi = URIO_MAT(mr->x_given, i, 0);
        if (fabs(xi) > xmax) xmax = fabs(xi);
        const double gap = fabs(rs[i] - xi);
        if (gap > worst) worst = gap;
    }
    w->rep->row_residual = worst / xmax;
    /* Sum of the blocks against the national tables. */
    double total = 0.0;
    /* Z */
    memset(acc, 0, n * n * sizeof *acc);
    for (size_t J = 0; J < N; J++)
        for (size_t I = 0; I < N; I++)
            acc[(I % n) + (J % n) * n] += URIO_MAT(mr->Z, I, J);
    double big = 1.0, gap = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++) {
            big = fmax(big, fabs(URIO_MAT(m->Z, i, j)));
            gap = fmax(gap, fabs(acc[i + j * n] - URIO_MAT(m->Z, i, j)));
        }
    total = fmax(total, gap / big);
    /* Y */
    memset(acc, 0, n * (k > 0 ? k : 1) * sizeof *acc);
    for (size_t c = 0; c < k; c++)
        for (size_t I = 0; I < N; I++)
            acc[(I % n) + c * n] += URIO_MAT(mr->Y, I, c);
    big = 1.0;
    gap = 0.0;
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; i < n; i++) {
            big = fmax(big, fabs(URIO_MAT(m->Y, i, c)));
            gap = fmax(gap, fabs(acc[i + c * n] - URIO_MAT(m->Y, i, c)));
        }
    total = fmax(total, gap / big);
    /* V, S and x: rows against the national rows. */
    const urio_matrix *src[3] = {m->V, m->S, NULL};
    const urio_matrix *dst[3] = {mr->V, mr->S, mr->x_given};
    for (int t = 0; t < 3; t++) {
        if (dst[t] == NULL) continue;
        const size_t rows = t < 2 ? dst[t]->rows : 1;
        for (size_t h = 0; h < rows; h++) {
            big = 1.0;
            gap = 0.0;
            for (size_t j = 0; j < n; j++) {
                double sum = 0.0;
                for (size_t p = 0; p < RA; p++)
                    sum += t < 2 ? URIO_MAT(dst[t], h, p * n + j) : URIO_MAT(dst[t], p * n + j, 0);
                const double nat = t < 2 ? URIO_MAT(src[t], h, j) : w->x[j];
                big = fmax(big, fabs(nat));
                gap = fmax(gap, fabs(sum - nat));
            }
            total = fmax(total, gap / big);
        }
    }
    w->rep->total_residual = total;
    free(rs);
    free(acc);
}

static urio_status make_report(work *w)
{
    const size_t R = w->R, n = w->n;
    urio_regional_report *rep = calloc(1, sizeof *rep);
    if (rep == NULL) return URIO_ENOMEM;
    w->rep = rep;
    urio_notes_init(&rep->notes);
    rep->method = w->o.method;
    rep->delta = w->o.method == URIO_LQ_FLQ ? w->o.delta : 0.0;
    rep->nregions = R;
    rep->nareas = w->A;
    rep->n = n;
    rep->lambda = calloc(R, sizeof *rep->lambda);
    rep->self_sufficiency = calloc(R, sizeof *rep->self_sufficiency);
    if (rep->lambda == NULL || rep->self_sufficiency == NULL) return URIO_ENOMEM;
    urio_status s = urio_matrix_create(R, n, &rep->slq);
    if (s == URIO_OK) s = urio_matrix_create(R, n, &rep->x);
    if (s != URIO_OK) return s;
    for (size_t r = 0; r < R; r++) {
        rep->lambda[r] = w->lambda[r];
        for (size_t i = 0; i < n; i++) {
            URIO_MAT(rep->slq, r, i) = AT(w->slq, R, r, i);
            URIO_MAT(rep->x, r, i) = AT(w->xr, R, r, i);
            if (R > 1 && w->x[i] > 0.0 && AT(w->xr, R, r, i) == 0.0)
                s = urio_notes_add(&rep->notes,
                                   "region %s makes no %s: it buys all of it from other regions",
                                   region_name(w, r), sector_name(w, i));
            if (s != URIO_OK) return s;
        }
    }
    return URIO_OK;
}

urio_status urio_io_regionalise(const urio_io_model *m, const urio_regional_data *rd,
                                const urio_regionalise_opts *o, urio_io_model **out,
                                urio_regional_report **rep, urio_diag *d)
{
    if (out != NULL) *out = NULL;
    if (rep != NULL) *rep = NULL;
    if (m == NULL || rd == NULL || out == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no model or regional data");
    work w;
    memset(&w, 0, sizeof w);
    w.m = m;
    w.rd = rd;
    w.d = d;
    if (o != NULL)
        w.o = *o;
    else
        urio_regionalise_opts_init(&w.o);
    urio_io_model *mr = NULL;
    urio_labels *labels = NULL;
    urio_status s = check_inputs(&w);
    if (s == URIO_OK) s = allocate(&w);
    if (s == URIO_OK) s = regional_output(&w);
    if (s == URIO_OK) s = area_shares(&w);
    if (s == URIO_OK) s = fd_shares(&w);
    if (s == URIO_OK) s = make_report(&w);
    if (s == URIO_OK) s = build_labels(&w, &labels);
    if (s == URIO_OK) s = urio_io_model_create(labels, m->categories, &mr);
    if (s == URIO_OK && m->V != NULL) {
        s = urio_labels_copy(m->vrows, &mr->vrows);
        if (s == URIO_OK) s = urio_matrix_create(m->V->rows, w.N, &mr->V);
    }
    if (s == URIO_OK && m->S != NULL) {
        s = urio_labels_copy(m->srows, &mr->srows);
        if (s == URIO_OK) s = urio_matrix_create(m->S->rows, w.N, &mr->S);
    }
    if (s == URIO_OK) s = urio_matrix_create(w.N, 1, &mr->x_given);
    if (s == URIO_OK && m->nhouseholds > 0) {
        mr->households = calloc(m->nhouseholds, sizeof *mr->households);
        if (mr->households == NULL) s = URIO_ENOMEM;
        for (size_t h = 0; s == URIO_OK && h < m->nhouseholds; h++) {
            mr->households[h] = m->households[h];
            mr->households[h].name = dup_text(m->households[h].name);
            mr->nhouseholds = h + 1;
            if (mr->households[h].name == NULL) s = URIO_ENOMEM;
        }
    }
    if (s == URIO_OK && m->name != NULL && (mr->name = dup_text(m->name)) == NULL) s = URIO_ENOMEM;
    if (s == URIO_OK && m->units != NULL && (mr->units = dup_text(m->units)) == NULL)
        s = URIO_ENOMEM;
    if (s == URIO_OK) s = fill_model(&w, mr);
    if (s == URIO_OK) measure(&w, mr);
    urio_labels_free(labels);
    if (s == URIO_ENOMEM)
        (void)urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL,
                            "out of memory regionalising the model");
    if (s != URIO_OK) {
        urio_io_model_free(mr);
        urio_regional_report_free(w.rep);
        work_free(&w);
        return s;
    }
    *out = mr;
    if (rep != NULL)
        *rep = w.rep;
    else
        urio_regional_report_free(w.rep);
    work_free(&w);
    return URIO_OK;
}
