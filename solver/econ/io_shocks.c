/* io_shocks.c - the scenario engine for every shock an IO model takes
 * (urio_io_batch_solve, urio/io_analyses.h; docs/io-model.md states the economics).
 *
 * A scenario's shocks, applied in order, change three things:
 *   final demand   final_demand and investment shocks: dF, from
 *                  urio_io_scenarios_delta;
 *   cost rows      tax shocks: one cost coefficient of the price model (a V row or
 *                  imported inputs) of the target sectors, `set` to a new rate per
 *                  unit of output, changed by `change`, or by `change_pct` percent of
 *                  its absolute value (a cut lowers a net tax that is negative, a
 *                  subsidy, further);
 *   A              productivity shocks, Hicks-neutral: every input coefficient of
 *                  a target sector (its column of A, every cost row, satellites)
 *                  is divided by 1 + g/100.
 *
 * Quantities: x_new = L_new (f + df) (open) or [x; I]_new = L_bar_new [f_bar + df; 0]
 * (households endogenous).  Scenarios without productivity shocks keep A, so their
 * changes are solved together with r's factors in one multi-right-hand-side call;
 * the others are factorised one by one (on copies; A is never changed in place).
 * Prices (scenarios with tax or productivity shocks): p' = v_new' L_new, again one
 * transposed multi-right-hand-side solve for those that keep A.  Tax shocks move
 * prices only: fixed coefficients and fixed real final demand mean quantities do
 * not respond, but the value of each cost row at the new quantities (value added,
 * household income from its income row, imported inputs) is reported at the new
 * coefficients.
 *
 * Records for scenarios that change nothing but final demand are bit for bit those
 * of urio_io_solve_scenarios: every adjustment for changed coefficients is added as
 * (new - old coefficient) x new output, which is exactly 0 when nothing changed. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#include "io_analyses_internal.h"

void urio_io_batch_opts_init(urio_io_batch_opts *o)
{
    if (o == NULL) return;
    o->paths = true;
    urio_io_spa_opts_init(&o->spa);
}

void urio_io_batch_free(urio_io_batch *b)
{
    if (b == NULL) return;
    if (b->paths != NULL)
        for (size_t s = 0; s < b->nscen; s++)
            urio_io_paths_free(b->paths[s]);
    free(b->paths);
    free(b->changes_a);
    free(b->prices);
    urio_notes_clear(&b->notes);
    free(b);
}

/* ---- Records ------------------------------------------------------------------- */

static void copy_text(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src);
    if (len >= size) len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Append one record, growing fx by doubling. */
static urio_status push(urio_effects *fx, size_t scenario, const char *indicator, const char *label,
                        double base, double value)
{
    if (fx->count == fx->capacity) {
        size_t cap = fx->capacity == 0 ? 1024 : 2 * fx->capacity;
        if (cap > SIZE_MAX / sizeof(urio_effect)) return URIO_ENOMEM;
        urio_effect *g = realloc(fx->e, cap * sizeof *g);
        if (g == NULL) return URIO_ENOMEM;
        fx->e = g;
        fx->capacity = cap;
    }
    urio_effect *e = &fx->e[fx->count++];
    e->scenario = scenario;
    copy_text(e->indicator, sizeof e->indicator, indicator);
    copy_text(e->label, sizeof e->label, label);
    e->base = base;
    e->value = value;
    return URIO_OK;
}

/* ---- Coefficients of one scenario ------------------------------------------------- */

typedef struct work {
    size_t n, nh, N;
    double *s;      /* n: factor on each column of A (productivity) */
    urio_matrix *C; /* ncost x n: cost coefficients */
    double *fbar;   /* n: final demand outside the household columns */
} work;

/* Apply the coefficient shocks of sc, in order, from the base.  URIO_EINVAL for a
 * tax row that is not a cost row or a productivity change at or below -100 %. */
static urio_status apply_coefficients(const urio_io_analyses *an, const urio_io_scenario *sc,
                                      work *w)
{
    for (size_t j = 0; j < w->n; j++)
        w->s[j] = 1.0;
    memcpy(w->C->data, an->cost->data, an->ncost * w->n * sizeof(double));
    for (size_t q = 0; q < sc->nshocks; q++) {
        const urio_io_shock *sh = &sc->shocks[q];
        if (sh->type == URIO_SHOCK_PRODUCTIVITY) {
            if (sh->kind != URIO_CHANGE_PCT || !(sh->value > -100.0)) return URIO_EINVAL;
            const double f = 1.0 / (1.0 + sh->value / 100.0);
            for (size_t t = 0; t < sh->nsectors; t++) {
                const size_t j = sh->sectors[t];
                w->s[j] *= f;
                for (size_t c = 0; c < an->ncost; c++)
                    URIO_MAT(w->C, c, j) *= f;
            }
        } else if (sh->type == URIO_SHOCK_TAX) {
            const size_t c = urio__io_cost_row(an, sh->cost_source, sh->cost_row);
            if (c == SIZE_MAX) return URIO_EINVAL;
            for (size_t t = 0; t < sh->nsectors; t++) {
                double *v = &URIO_MAT(w->C, c, sh->sectors[t]);
                switch (sh->kind) {
                case URIO_CHANGE_SET:
                    *v = sh->value;
                    break;
                case URIO_CHANGE_ABS:
                    *v += sh->value;
                    break;
                case URIO_CHANGE_PCT:
                    /* Percent of the absolute level, so that a cut (change_pct < 0)
                     * lowers a net tax that is a subsidy too (raises the subsidy). */
                    *v += fabs(*v) * (sh->value / 100.0);
                    break;
                }
            }
        }
    }
    return URIO_OK;
}

/* v_j: the column sums of the cost rows. */
static void unit_costs(const urio_io_analyses *an, const work *w, double *v)
{
    for (size_t j = 0; j < w->n; j++) {
        double s = 0.0;
        for (size_t c = 0; c < an->ncost; c++)
            s += URIO_MAT(w->C, c, j);
        v[j] = s;
    }
}

/* The closed matrix [A diag(s), C; W diag(s / x), 0] (urio/io.h) into Ab (N x N);
 * s NULL means no scaling. */
static void closed_matrix(const urio_io_model *m, const urio_io_result *r, const double *s,
                          urio_matrix *Ab)
{
    const size_t n = r->n, nh = r->m, N = n + nh;
    memset(Ab->data, 0, N * N * sizeof(double));
    for (size_t j = 0; j < n; j++) {
        const double f = s != NULL ? s[j] : 1.0;
        for (size_t i = 0; i < n; i++)
            URIO_MAT(Ab, i, j) = URIO_MAT(r->A, i, j) * f;
    }
    for (size_t h = 0; h < nh; h++) {
        const urio_io_household *hh = &m->households[h];
        for (size_t i = 0; i < n; i++)
            URIO_MAT(Ab, i, n + h) = URIO_MAT(m->Y, i, hh->consumption) / r->income[h];
        for (size_t j = 0; j < n; j++)
            if (r->x[j] > 0.0)
                URIO_MAT(Ab, n + h, j) =
                    URIO_MAT(m->V, hh->income, j) / r->x[j] * (s != NULL ? s[j] : 1.0);
    }
}

/* Factor I - M (order N) into lu and check that the result is productive: every
 * column sum of (I - M)^-1 is at least 1 (as for L >= I).  ones is N work. */
static urio_status factor_productive(const urio_matrix *M, urio_matrix *T, urio_lu *lu,
                                     double *ones)
{
    const size_t N = M->rows;
    for (size_t j = 0; j < N; j++)
        for (size_t i = 0; i < N; i++)
            URIO_MAT(T, i, j) = (i == j ? 1.0 : 0.0) - URIO_MAT(M, i, j);
    urio_status st = urio_lu_factor(lu, T->data, N);
    if (st == URIO_ESINGULAR) return URIO_EUNPRODUCTIVE;
    if (st != URIO_OK) return st;
    for (size_t i = 0; i < N; i++)
        ones[i] = 1.0;
    st = urio_lu_solve(lu, true, 1, ones, N);
    if (st != URIO_OK) return st;
    for (size_t i = 0; i < N; i++)
        if (!(ones[i] >= 1.0 - 1e-9)) return URIO_EUNPRODUCTIVE;
    return URIO_OK;
}

/* ---- The re-factorised scenarios ---------------------------------------------------- */

/* Work matrices for scenarios that change A, created on first use. */
typedef struct refactor {
    urio_matrix *An, *T;  /* n x n */
    urio_matrix *Ab, *Tb; /* N x N (households) */
    urio_lu *lu, *lu_bar;
    double *tmp; /* N */
} refactor;

static void refactor_free(refactor *rf)
{
    urio_matrix_free(rf->An);
    urio_matrix_free(rf->T);
    urio_matrix_free(rf->Ab);
    urio_matrix_free(rf->Tb);
    urio_lu_free(rf->lu);
    urio_lu_free(rf->lu_bar);
    free(rf->tmp);
}

static urio_status refactor_init(refactor *rf, size_t n, size_t nh)
{
    const size_t N = n + nh;
    urio_status st = urio_matrix_create(n, n, &rf->An);
    if (st == URIO_OK) st = urio_matrix_create(n, n, &rf->T);
    if (st == URIO_OK) st = urio_lu_create(n, &rf->lu);
    if (st == URIO_OK && nh > 0) st = urio_matrix_create(N, N, &rf->Ab);
    if (st == URIO_OK && nh > 0) st = urio_matrix_create(N, N, &rf->Tb);
    if (st == URIO_OK && nh > 0) st = urio_lu_create(N, &rf->lu_bar);
    if (st == URIO_OK) {
        rf->tmp = malloc(N * sizeof *rf->tmp);
        if (rf->tmp == NULL) st = URIO_ENOMEM;
    }
    return st;
}

/* A scenario that changes A: xcol (N) receives [dx; dI], p (n) the prices, and
 * *dual the price-model identity residual. df is the final-demand change (n). */
static urio_status solve_refactored(const urio_io_model *m, const urio_io_result *r,
                                    const urio_io_analyses *an, const work *w, const double *df,
                                    refactor *rf, double *xcol, double *p, double *dual)
{
    const size_t n = w->n, nh = w->nh, N = w->N;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            URIO_MAT(rf->An, i, j) = URIO_MAT(r->A, i, j) * w->s[j];
    urio_status st = factor_productive(rf->An, rf->T, rf->lu, rf->tmp);
    if (st != URIO_OK) return st;

    /* Quantities. */
    if (nh == 0) {
        for (size_t i = 0; i < n; i++)
            xcol[i] = r->f[i] + df[i];
        st = urio_lu_solve(rf->lu, false, 1, xcol, n);
        if (st != URIO_OK) return st;
        for (size_t i = 0; i < n; i++)
            xcol[i] -= r->x[i];
    } else {
        closed_matrix(m, r, w->s, rf->Ab);
        st = factor_productive(rf->Ab, rf->Tb, rf->lu_bar, rf->tmp);
        if (st != URIO_OK) return st;
        for (size_t i = 0; i < n; i++)
            xcol[i] = w->fbar[i] + df[i];
        for (size_t h = 0; h < nh; h++)
            xcol[n + h] = 0.0;
        st = urio_lu_solve(rf->lu_bar, false, 1, xcol, N);
        if (st != URIO_OK) return st;
        for (size_t i = 0; i < n; i++)
            xcol[i] -= r->x[i];
        for (size_t h = 0; h < nh; h++)
            xcol[n + h] -= r->income[h];
    }

    /* Prices p = (I - A_new)'^-1 v, and the identity p'f = v' L_new f. */
    unit_costs(an, w, p);
    double vx = 0.0, pf = 0.0;
    for (size_t i = 0; i < n; i++)
        rf->tmp[i] = r->f[i];
    st = urio_lu_solve(rf->lu, false, 1, rf->tmp, n);
    if (st != URIO_OK) return st;
    for (size_t j = 0; j < n; j++)
        vx += p[j] * rf->tmp[j];
    st = urio_lu_solve(rf->lu, true, 1, p, n);
    if (st != URIO_OK) return st;
    for (size_t i = 0; i < n; i++)
        pf += p[i] * r->f[i];
    *dual = fabs(pf - vx) / (fabs(vx) > 1.0 ? fabs(vx) : 1.0);
    return URIO_OK;
}

/* ---- Effects of one scenario --------------------------------------------------------- */

typedef struct base {
    double *cva, *vbase; /* n: value-added coefficient and level (V present) */
} base;

/* The records of scenario k: quantities from xcol ([dx; dI]), coefficients from w. */
static urio_status quantity_records(const urio_io_model *m, const urio_io_result *r,
                                    const urio_io_analyses *an, const base *bs, const work *w,
                                    size_t k, const double *xcol, urio_effects *fx)
{
    const size_t n = w->n, nh = w->nh;
    const size_t nv = m->V != NULL ? m->V->rows : 0, ns = m->S != NULL ? m->S->rows : 0;
    urio_status st = URIO_OK;
    double tb = 0.0, tv = 0.0;
    for (size_t j = 0; j < n && st == URIO_OK; j++) {
        const double value = r->x[j] + xcol[j];
        st = push(fx, k, "output", m->sectors->name[j], r->x[j], value);
        tb += r->x[j];
        tv += value;
    }
    if (st == URIO_OK) st = push(fx, k, "output", "", tb, tv);
    if (m->V != NULL && st == URIO_OK) {
        tb = tv = 0.0;
        for (size_t j = 0; j < n && st == URIO_OK; j++) {
            double dc = 0.0; /* change of the value-added coefficient */
            for (size_t q = 0; q < nv; q++)
                dc += URIO_MAT(w->C, q, j) - URIO_MAT(an->cost, q, j);
            const double value = bs->vbase[j] + bs->cva[j] * xcol[j] + dc * (r->x[j] + xcol[j]);
            st = push(fx, k, "value_added", m->sectors->name[j], bs->vbase[j], value);
            tb += bs->vbase[j];
            tv += value;
        }
        if (st == URIO_OK) st = push(fx, k, "value_added", "", tb, tv);
    }
    for (size_t q = 0; q < ns && st == URIO_OK; q++) {
        const char *ind = m->srows->name[q];
        const size_t crow = urio__io_cost_row(an, URIO_COST_SATELLITE, q);
        tb = tv = 0.0;
        for (size_t j = 0; j < n && st == URIO_OK; j++) {
            const double b = URIO_MAT(m->S, q, j);
            const double c = r->x[j] > 0.0 ? b / r->x[j] : 0.0;
            const double dc = crow != SIZE_MAX
                                  ? URIO_MAT(w->C, crow, j) - URIO_MAT(an->cost, crow, j)
                                  : c * (w->s[j] - 1.0);
            const double value = b + c * xcol[j] + dc * (r->x[j] + xcol[j]);
            st = push(fx, k, ind, m->sectors->name[j], b, value);
            tb += b;
            tv += value;
        }
        if (st == URIO_OK) st = push(fx, k, ind, "", tb, tv);
    }
    for (size_t h = 0; h < nh && st == URIO_OK; h++) {
        /* The quantity model used income coefficients w_j s_j; the cost row holds the
         * scenario's (a wage-rate change included). */
        const size_t row = m->households[h].income;
        double adj = 0.0;
        for (size_t j = 0; j < n; j++) {
            const double wq = URIO_MAT(an->cost, row, j) * w->s[j];
            adj += (URIO_MAT(w->C, row, j) - wq) * (r->x[j] + xcol[j]);
        }
        st = push(fx, k, "income", m->households[h].name, r->income[h],
                  r->income[h] + xcol[n + h] + adj);
    }
    return st;
}

static urio_status decomposition_records(const urio_io_model *m, const urio_io_result *r, size_t k,
                                         const double *parts, urio_effects *fx)
{
    static const char *const ind[3] = {"output_intra", "output_spillover", "output_feedback"};
    const size_t n = r->n;
    urio_status st = URIO_OK;
    for (size_t c = 0; c < 3 && st == URIO_OK; c++) {
        double tb = 0.0, tv = 0.0;
        for (size_t j = 0; j < n && st == URIO_OK; j++) {
            const double value = r->x[j] + parts[c * n + j];
            st = push(fx, k, ind[c], m->sectors->name[j], r->x[j], value);
            tb += r->x[j];
            tv += value;
        }
        if (st == URIO_OK) st = push(fx, k, ind[c], "", tb, tv);
    }
    return st;
}

static urio_status price_records(const urio_io_model *m, const urio_io_result *r, size_t k,
                                 const double *p, urio_effects *fx)
{
    const size_t n = r->n;
    urio_status st = URIO_OK;
    for (size_t j = 0; j < n && st == URIO_OK; j++)
        st = push(fx, k, "price", m->sectors->name[j], 1.0, p[j]);
    double pf = 0.0, f = 0.0;
    for (size_t i = 0; i < n; i++) {
        pf += p[i] * r->f[i];
        f += r->f[i];
    }
    if (st == URIO_OK && f > 0.0) st = push(fx, k, "price", "", 1.0, pf / f);
    for (size_t h = 0; h < m->nhouseholds && st == URIO_OK; h++) {
        const size_t c = m->households[h].consumption;
        double pc = 0.0, cs = 0.0;
        for (size_t i = 0; i < n; i++) {
            pc += p[i] * URIO_MAT(m->Y, i, c);
            cs += URIO_MAT(m->Y, i, c);
        }
        if (cs > 0.0) st = push(fx, k, "price", m->households[h].name, 1.0, pc / cs);
    }
    return st;
}

/* ---- The batch ------------------------------------------------------------------------ */

static bool has_type(const urio_io_scenario *sc, urio_shock_type t)
{
    for (size_t q = 0; q < sc->nshocks; q++)
        if (sc->shocks[q].type == t) return true;
    return false;
}

/* Contract (urio/io_analyses.h).  m, r, an are only read; fx grows; *out is owned
 * by the caller.  Failures: URIO_EINVAL (inputs that do not fit together, a tax
 * on a row that is no cost row), URIO_EUNPRODUCTIVE (a productivity loss makes
 * the table unproductive; d names the scenario), URIO_ENOMEM.  On failure fx may
 * hold the records of the scenarios before the failing one. */
/* A shock large enough to overflow (a change of 1e308 summed over sectors) gives
 * an infinite or NaN level: never report it as a result.  The first record from
 * `first` on that is not finite names the scenario, indicator and label. */
static urio_status records_finite(const urio_effects *fx, size_t first, const char *scenario,
                                  urio_diag *d)
{
    for (size_t k = first; k < fx->count; k++) {
        const urio_effect *e = &fx->e[k];
        if (isfinite(e->base) && isfinite(e->value)) continue;
        return urio_diag_set(d, URIO_ERANGE, NULL, 0, 0,
                             "the shock is too large for double precision: scale it down, or "
                             "express the tables in larger units",
                             "scenario \"%s\": the solved %s%s%s%s is not a finite number "
                             "(overflow)",
                             scenario, e->indicator, e->label[0] != '\0' ? " of \"" : "", e->label,
                             e->label[0] != '\0' ? "\"" : "");
    }
    return URIO_OK;
}

urio_status urio_io_batch_solve(const urio_io_model *m, const urio_io_result *r,
                                const urio_io_analyses *an, const urio_io_scenario *sc,
                                size_t nscen, const urio_matrix *dF, const urio_io_batch_opts *o,
                                urio_effects *fx, urio_io_batch **out, urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no result pointer");
    *out = NULL;
    if (m == NULL || r == NULL || an == NULL || dF == NULL || fx == NULL || m->sectors == NULL ||
        (nscen > 0 && sc == NULL) || r->n != m->sectors->count || dF->rows != r->n ||
        dF->cols != nscen || an->n != r->n || r->lu == NULL ||
        (r->m > 0 && (r->lu_bar == NULL || r->L_bar == NULL)))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "scenarios: the model, its analysis and the shocks do not fit");
    urio_io_batch_opts def;
    urio_io_batch_opts_init(&def);
    if (o == NULL) o = &def;
    const size_t n = r->n, nh = r->m, N = n + nh;
    urio_io_batch *b = calloc(1, sizeof *b);
    if (b == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_notes_init(&b->notes);
    b->nscen = nscen;
    b->changes_a = calloc(nscen > 0 ? nscen : 1, sizeof *b->changes_a);
    b->prices = calloc(nscen > 0 ? nscen : 1, sizeof *b->prices);
    b->paths = calloc(nscen > 0 ? nscen : 1, sizeof *b->paths);

    work w = {n, nh, N, NULL, NULL, NULL};
    base bs = {NULL, NULL};
    refactor rf;
    memset(&rf, 0, sizeof rf);
    urio_matrix *X = NULL, *P = NULL, *Xs = NULL, *Ps = NULL, *Abar = NULL;
    urio_io_spa_sums *sums = NULL; /* for every path search, made on first use */
    double *parts = NULL, *fN = NULL;
    urio_status st = URIO_OK;
    const char *failed = NULL;
    if (b->changes_a == NULL || b->prices == NULL || b->paths == NULL) goto nomem;
    w.s = malloc(n * sizeof *w.s);
    w.fbar = calloc(n, sizeof *w.fbar);
    parts = malloc(3 * n * sizeof *parts);
    fN = calloc(N, sizeof *fN);
    if (w.s == NULL || w.fbar == NULL || parts == NULL || fN == NULL) goto nomem;
    if ((st = urio_matrix_create(an->ncost, n, &w.C)) != URIO_OK) goto nomem;
    if ((st = urio_matrix_create(N, nscen, &X)) != URIO_OK) goto nomem;
    if ((st = urio_matrix_create(n, nscen, &P)) != URIO_OK) goto nomem;
    for (size_t c = 0; c < m->Y->cols; c++) {
        bool endogenous = false;
        for (size_t h = 0; h < nh; h++)
            endogenous = endogenous || m->households[h].consumption == c;
        if (endogenous) continue;
        for (size_t i = 0; i < n; i++)
            w.fbar[i] += URIO_MAT(m->Y, i, c);
    }
    if (m->V != NULL) {
        bs.cva = calloc(n, sizeof *bs.cva);
        bs.vbase = calloc(n, sizeof *bs.vbase);
        if (bs.cva == NULL || bs.vbase == NULL) goto nomem;
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            for (size_t q = 0; q < m->V->rows; q++)
                v += URIO_MAT(m->V, q, j);
            bs.vbase[j] = v;
            bs.cva[j] = r->x[j] > 0.0 ? v / r->x[j] : 0.0;
        }
    }

    /* Classify; the shared quantity solve (one call) and price solve (one call). */
    size_t nq = 0, np = 0;
    for (size_t s = 0; s < nscen; s++) {
        b->changes_a[s] = has_type(&sc[s], URIO_SHOCK_PRODUCTIVITY);
        b->prices[s] = b->changes_a[s] || has_type(&sc[s], URIO_SHOCK_TAX);
        if (!b->changes_a[s]) nq++;
        if (!b->changes_a[s] && b->prices[s]) np++;
    }
    if ((st = urio_matrix_create(N, nq, &Xs)) != URIO_OK) goto nomem;
    if ((st = urio_matrix_create(n, np, &Ps)) != URIO_OK) goto nomem;
    size_t iq = 0, ip = 0;
    for (size_t s = 0; s < nscen; s++) {
        if (b->changes_a[s]) continue;
        memcpy(&URIO_MAT(Xs, 0, iq), &URIO_MAT(dF, 0, s), n * sizeof(double));
        iq++;
        if (!b->prices[s]) continue;
        if ((st = apply_coefficients(an, &sc[s], &w)) != URIO_OK) {
            failed = sc[s].name;
            goto fail;
        }
        unit_costs(an, &w, &URIO_MAT(Ps, 0, ip++));
    }
    if (nq > 0) st = urio_lu_solve(nh > 0 ? r->lu_bar : r->lu, false, nq, Xs->data, N);
    if (st == URIO_OK && np > 0) st = urio_lu_solve(r->lu, true, np, Ps->data, n);
    if (st != URIO_OK) goto fail;
    iq = ip = 0;
    for (size_t s = 0; s < nscen; s++) {
        if (b->changes_a[s]) continue;
        memcpy(&URIO_MAT(X, 0, s), &URIO_MAT(Xs, 0, iq++), N * sizeof(double));
        if (b->prices[s]) memcpy(&URIO_MAT(P, 0, s), &URIO_MAT(Ps, 0, ip++), n * sizeof(double));
    }

    /* Scenario by scenario: re-factorise where needed, then the records. */
    size_t nrefactored = 0;
    for (size_t s = 0; s < nscen; s++) {
        failed = sc[s].name;
        if ((st = apply_coefficients(an, &sc[s], &w)) != URIO_OK) goto fail;
        if (b->changes_a[s]) {
            if (rf.An == NULL && (st = refactor_init(&rf, n, nh)) != URIO_OK) goto fail;
            double dual = 0.0;
            st = solve_refactored(m, r, an, &w, &URIO_MAT(dF, 0, s), &rf, &URIO_MAT(X, 0, s),
                                  &URIO_MAT(P, 0, s), &dual);
            if (st != URIO_OK) goto fail;
            if (dual > b->dual_residual || isnan(dual)) b->dual_residual = dual;
            nrefactored++;
        } else if (b->prices[s]) {
            /* p'f against v'x at the base quantities. */
            const double *p = &URIO_MAT(P, 0, s);
            double pf = 0.0, vx = 0.0;
            for (size_t j = 0; j < n; j++) {
                double v = 0.0;
                for (size_t c = 0; c < an->ncost; c++)
                    v += URIO_MAT(w.C, c, j);
                vx += v * r->x[j];
                pf += p[j] * r->f[j];
            }
            const double dual = fabs(pf - vx) / (fabs(vx) > 1.0 ? fabs(vx) : 1.0);
            if (dual > b->dual_residual || isnan(dual)) b->dual_residual = dual;
        }
        const size_t first = fx->count; /* this scenario's records start here */
        bool any = false;               /* a final-demand change to decompose and trace */
        for (size_t i = 0; i < n; i++)
            any = any || URIO_MAT(dF, i, s) != 0.0;
        st = quantity_records(m, r, an, &bs, &w, s, &URIO_MAT(X, 0, s), fx);
        if (st == URIO_OK && an->npartitions > 0 && !b->changes_a[s] && any) {
            st = urio_io_decompose_shock(r, an->partition[0], &URIO_MAT(dF, 0, s), parts, parts + n,
                                         parts + 2 * n);
            if (st == URIO_OK) st = decomposition_records(m, r, s, parts, fx);
        }
        if (st == URIO_OK && b->prices[s]) st = price_records(m, r, s, &URIO_MAT(P, 0, s), fx);
        if (st != URIO_OK) goto fail;
        if ((st = records_finite(fx, first, sc[s].name, d)) != URIO_OK) {
            urio_io_batch_free(b);
            b = NULL;
            goto done;
        }

        /* Paths of the final-demand change (closed model: through the households). */
        if (o->paths && any && !b->changes_a[s]) {
            if (sums == NULL) {
                if (nh > 0) {
                    if ((st = urio_matrix_create(N, N, &Abar)) != URIO_OK) goto fail;
                    closed_matrix(m, r, NULL, Abar);
                }
                st = urio_io_spa_sums_create(nh > 0 ? r->lu_bar : r->lu, n, &sums);
                if (st != URIO_OK) goto fail;
            }
            memcpy(fN, &URIO_MAT(dF, 0, s), n * sizeof *fN);
            st = urio_io_spa(nh > 0 ? Abar : r->A, sums, fN, &o->spa, &b->paths[s]);
            if (st != URIO_OK) goto fail;
        }
    }
    failed = NULL;
    if (nrefactored > 0)
        st = urio_notes_add(&b->notes,
                            "%zu %s A (productivity), so %s factorised on its own, with no "
                            "spillover decomposition or structural paths",
                            nrefactored, nrefactored == 1 ? "scenario changes" : "scenarios change",
                            nrefactored == 1 ? "it is" : "each is");
    if (st != URIO_OK) goto fail;
    if (!(b->dual_residual <= r->checks.tolerance)) {
        urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                      "the system is badly conditioned; check units and near-zero outputs",
                      "check failed: price model identity |p'f - v'x| / |v'x| = %.3g exceeds "
                      "the tolerance %.0e",
                      b->dual_residual, r->checks.tolerance);
        urio_io_batch_free(b);
        b = NULL;
        st = URIO_ECHECK;
        goto done;
    }
    goto done;
nomem:
    st = URIO_ENOMEM;
fail:
    if (failed != NULL && st == URIO_EUNPRODUCTIVE)
        urio_diag_set(d, st, NULL, 0, 0,
                      "a productivity loss (change_pct below 0) raises input coefficients; use a "
                      "smaller loss",
                      "scenario \"%s\": the changed coefficients make the table unproductive",
                      failed);
    else if (failed != NULL)
        urio_diag_set(d, st, NULL, 0, 0, NULL, "scenario \"%s\": %s", failed, urio_strerror(st));
    else
        urio_diag_set(d, st, NULL, 0, 0, NULL, "scenarios: %s", urio_strerror(st));
    urio_io_batch_free(b);
    b = NULL;
done:
    refactor_free(&rf);
    free(w.s);
    free(w.fbar);
    urio_matrix_free(w.C);
    free(bs.cva);
    free(bs.vbase);
    urio_matrix_free(X);
    urio_matrix_free(P);
    urio_matrix_free(Xs);
    urio_matrix_free(Ps);
    urio_matrix_free(Abar);
    urio_io_spa_sums_free(sums);
    free(parts);
    free(fN);
    if (b == NULL) return st;
    *out = b;
    return URIO_OK;
}
