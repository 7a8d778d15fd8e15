/* cge_solve.c - solving the CGE model and checking the solution (urio/cge.h).
 *
 * The solved system: the unknowns v without the fixed numeraire price, each
 * divided by its scale (x = v / vscale, so that every unknown is about 1 at the
 * benchmark), and the equations without the one dropped by Walras' law.  Newton
 * (linalg/newton.c) gets the residual and the analytic Jacobian through the
 * callbacks below, and a homotopy that moves the parameters along the straight
 * line from the benchmark (t = 0, solved by the benchmark itself) to the
 * scenario (t = 1), which is the "shock stepping" used when a direct solve fails.
 *
 * Checks after a solve: the residual of every solved equation; Walras' law (the
 * dropped equation, evaluated at the solution); homogeneity: the same scenario
 * solved again from the benchmark with the numeraire doubled must double every
 * nominal unknown (prices, taxes, savings) and leave every real one (quantities,
 * segment supplies, foreign savings in foreign currency, sadj) unchanged, to
 * URIO_CGE_TOL_CHECK relative to each unknown's scale (m->vnominal says which). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>

#include "cge_internal.h"

struct urio_cge_workspace {
    const urio_cge_model *m;
    size_t nx;    /* order of the solved system */
    size_t *row;  /* ne: row of each equation in the solved system, SIZE_MAX if dropped */
    size_t *col;  /* nv: column of each unknown, SIZE_MAX for the fixed numeraire */
    size_t *xvar; /* nx: the unknown of each column */
    size_t *erow; /* nx: the equation of each row */
    double *v;    /* nv scratch */
    double *r;    /* ne scratch */
    double *x;    /* nx */
    double *vhom; /* nv: the solution with the numeraire doubled */
    urio_cge_params target, cur, doubled;
    urio_newton *nw;
    urio_matrix *sam;
};

void urio_cge_workspace_free(urio_cge_workspace *w)
{
    if (w == NULL) return;
    free(w->row);
    free(w->col);
    free(w->xvar);
    free(w->erow);
    free(w->v);
    free(w->r);
    free(w->x);
    free(w->vhom);
    urio_cge_params_clear(&w->target);
    urio_cge_params_clear(&w->cur);
    urio_cge_params_clear(&w->doubled);
    urio_newton_free(w->nw);
    urio_matrix_free(w->sam);
    free(w);
}

urio_status urio_cge_workspace_create(const urio_cge_model *m, urio_cge_workspace **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (m == NULL) return URIO_EINVAL;
    urio_cge_workspace *w = calloc(1, sizeof *w);
    if (w == NULL) return URIO_ENOMEM;
    w->m = m;
    w->nx = m->nv - (m->fixed != SIZE_MAX ? 1 : 0);
    w->row = malloc(m->ne * sizeof *w->row);
    w->col = malloc(m->nv * sizeof *w->col);
    w->xvar = malloc(w->nx * sizeof *w->xvar);
    w->erow = malloc(w->nx * sizeof *w->erow);
    w->v = malloc(m->nv * sizeof *w->v);
    w->r = malloc(m->ne * sizeof *w->r);
    w->x = malloc(w->nx * sizeof *w->x);
    w->vhom = malloc(m->nv * sizeof *w->vhom);
    bool ok = w->row != NULL && w->col != NULL && w->xvar != NULL && w->erow != NULL &&
              w->v != NULL && w->r != NULL && w->x != NULL && w->vhom != NULL;
    ok = ok && urio_cge_params_init(m, &w->target) == URIO_OK;
    ok = ok && urio_cge_params_init(m, &w->cur) == URIO_OK;
    ok = ok && urio_cge_params_init(m, &w->doubled) == URIO_OK;
    ok = ok && urio_newton_create(w->nx, &w->nw) == URIO_OK;
    ok = ok && urio_matrix_create(m->sam->rows, m->sam->cols, &w->sam) == URIO_OK;
    if (!ok) {
        urio_cge_workspace_free(w);
        return URIO_ENOMEM;
    }
    /* The dropped equation and the fixed unknown leave the system; with the CPI as
     * numeraire the extra CPI equation takes the dropped one's place. */
    for (size_t e = 0, r = 0; e < m->ne; e++) {
        w->row[e] = e == m->dropped ? SIZE_MAX : r;
        if (e != m->dropped) w->erow[r++] = e;
    }
    for (size_t i = 0, c = 0; i < m->nv; i++) {
        w->col[i] = i == m->fixed ? SIZE_MAX : c;
        if (i != m->fixed) w->xvar[c++] = i;
    }
    *out = w;
    return URIO_OK;
}

void urio_cge_solve_opts_init(urio_cge_solve_opts *o)
{
    if (o == NULL) return;
    urio_newton_opts_init(&o->newton);
    o->newton.epsabs = URIO_CGE_TOL_RESIDUAL;
    o->homogeneity = true;
    o->check_tol = URIO_CGE_TOL_CHECK;
}

void urio_cge_solution_clear(urio_cge_solution *s)
{
    if (s == NULL) return;
    free(s->v);
    s->v = NULL;
}

/* ---- Newton callbacks -------------------------------------------------------------- */

static void x_to_v(const urio_cge_workspace *w, const double *x, double *v)
{
    const urio_cge_model *m = w->m;
    for (size_t c = 0; c < w->nx; c++)
        v[w->xvar[c]] = x[c] * m->vscale[w->xvar[c]];
    if (m->fixed != SIZE_MAX) v[m->fixed] = w->cur.numeraire;
}

static void v_to_x(const urio_cge_workspace *w, const double *v, double *x)
{
    for (size_t c = 0; c < w->nx; c++)
        x[c] = v[w->xvar[c]] / w->m->vscale[w->xvar[c]];
}

static int f_cb(const double *x, double *f, void *params)
{
    urio_cge_workspace *w = params;
    x_to_v(w, x, w->v);
    if (urio_cge_residual(w->m, &w->cur, w->v, w->r) != 0) return 1;
    for (size_t r = 0; r < w->nx; r++)
        f[r] = w->r[w->erow[r]];
    return 0;
}

static int j_cb(const double *x, double *J, void *params)
{
    urio_cge_workspace *w = params;
    x_to_v(w, x, w->v);
    const urio__cge_jac jac = {J, w->nx, w->row, w->col};
    return urio__cge_jacobian(w->m, &w->cur, w->v, &jac);
}

/* cur = base + t (target - base), element by element. */
static int h_cb(double t, void *params)
{
    urio_cge_workspace *w = params;
    const urio_cge_model *m = w->m;
    const urio_cge_params *a = &m->base, *b = &w->target;
    urio_cge_params *c = &w->cur;
#define LERP(x) ((1.0 - t) * a->x + t * b->x)
    for (size_t i = 0; i < m->A; i++) {
        c->tauz[i] = LERP(tauz[i]);
        c->b[i] = LERP(b[i]);
    }
    for (size_t i = 0; i < m->n; i++) {
        c->taum[i] = LERP(taum[i]);
        c->pWe[i] = LERP(pWe[i]);
        c->pWm[i] = LERP(pWm[i]);
        c->tauc[i] = LERP(tauc[i]);
        c->taue[i] = LERP(taue[i]);
    }
    for (size_t i = 0; i < URIO_CGE_NFINANCE * m->n; i++)
        c->inv[i] = LERP(inv[i]);
    for (size_t h = 0; h < m->H; h++) {
        c->taud[h] = LERP(taud[h]);
        c->tr[h] = LERP(tr[h]);
    }
    for (size_t f = 0; f < m->k; f++) {
        c->FF[f] = LERP(FF[f]);
        c->omega[f] = LERP(omega[f]);
    }
    for (size_t i = 0; i < m->k * m->A; i++) {
        c->eff[i] = LERP(eff[i]);
        c->tauf[i] = LERP(tauf[i]);
    }
    c->Sf = LERP(Sf);
    c->numeraire = LERP(numeraire);
#undef LERP
    return 0;
}

/* ---- Solve ------------------------------------------------------------------------- */

/* One Newton solve of parameters p from start (NULL: benchmark) into v; returns the
 * newton status and fills res. */
static urio_status solve_into(urio_cge_workspace *w, const urio_cge_params *p, const double *start,
                              const urio_newton_opts *no, double *v, urio_newton_result *res)
{
    const urio_cge_model *m = w->m;
    urio_cge_params_copy(m, p, &w->target);
    v_to_x(w, start != NULL ? start : m->v0, w->x);
    urio_newton_system sys = {w->nx, f_cb, j_cb, h_cb, w};
    urio_status s = urio_newton_solve(w->nw, &sys, w->x, no, res);
    /* urio_newton_solve leaves the homotopy at t = 1: cur = target. */
    x_to_v(w, w->x, v);
    return s;
}

/* "eqpqd[BRD] (composite-good market) 3.1e-03, ..." for the worst equations. */
static void worst_text(const urio_cge_workspace *w, const urio_newton_result *res, char *buf,
                       size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (size_t q = 0; q < res->nworst && o < size; q++) {
        char name[2 * URIO_LABEL_MAX + 64];
        urio_cge_eq_name(w->m, w->erow[res->worst[q]], name, sizeof name);
        int k = snprintf(buf + o, size - o, "%s%s", q > 0 ? ", " : "", name);
        if (k < 0) break;
        o += (size_t)k;
    }
}

urio_status urio_cge_solve(const urio_cge_model *m, urio_cge_workspace *w, const urio_cge_params *p,
                           const double *start, const urio_cge_solve_opts *o,
                           urio_cge_solution *sol)
{
    if (m == NULL || w == NULL || p == NULL || sol == NULL || w->m != m) return URIO_EINVAL;
    urio_cge_solve_opts def;
    if (o == NULL) {
        urio_cge_solve_opts_init(&def);
        o = &def;
    }
    double *keep = sol->v;
    memset(sol, 0, sizeof *sol);
    sol->v = keep != NULL ? keep : malloc(m->nv * sizeof *sol->v);
    if (sol->v == NULL) return URIO_ENOMEM;
    sol->homogeneity = (double)NAN;
    sol->walras = (double)NAN;

    urio_status s = solve_into(w, p, start, &o->newton, sol->v, &sol->solver);
    if (s != URIO_OK && s != URIO_ENOCONV) return s;
    sol->converged = s == URIO_OK;
    sol->residual = sol->solver.residual;
    if (urio_cge_residual(m, p, sol->v, w->r) == 0) sol->walras = fabs(w->r[m->dropped]);
    if (!sol->converged) {
        char worst[400];
        worst_text(w, &sol->solver, worst, sizeof worst);
        snprintf(sol->failure, sizeof sol->failure,
                 "no convergence (%s after %zu iterations, residual %.3g); largest residuals: %s",
                 urio_newton_reason_name(sol->solver.reason), sol->solver.iterations,
                 sol->solver.residual, worst);
        return URIO_ENOCONV;
    }
    if (o->homogeneity) {
        urio_cge_params_copy(m, p, &w->doubled);
        w->doubled.numeraire = 2.0 * p->numeraire;
        urio_newton_result hres;
        s = solve_into(w, &w->doubled, start, &o->newton, w->vhom, &hres);
        if (s == URIO_OK) {
            double dev = 0.0;
            for (size_t i = 0; i < m->nv; i++) {
                const double want = (m->vnominal[i] ? 2.0 : 1.0) * sol->v[i];
                const double scale = fabs(want) > m->vscale[i] ? fabs(want) : m->vscale[i];
                const double dv = fabs(w->vhom[i] - want) / scale;
                if (!(dv <= dev)) dev = dv;
            }
            sol->homogeneity = dev;
        } else if (s == URIO_ENOCONV) {
            sol->homogeneity = (double)INFINITY;
        } else {
            return s;
        }
    }
    const bool walras_ok = sol->walras <= o->check_tol;
    const bool hom_ok = !o->homogeneity || sol->homogeneity <= o->check_tol;
    sol->passed = walras_ok && hom_ok;
    if (!walras_ok)
        snprintf(sol->failure, sizeof sol->failure,
                 "Walras' law fails: the dropped equation has residual %.3g (tolerance %.0e)",
                 sol->walras, o->check_tol);
    else if (!hom_ok)
        snprintf(sol->failure, sizeof sol->failure,
                 "homogeneity fails: with the numeraire doubled the solution deviates by %.3g "
                 "(tolerance %.0e)",
                 sol->homogeneity, o->check_tol);
    return sol->passed ? URIO_OK : URIO_ECHECK;
}

/* ---- Benchmark checks -------------------------------------------------------------- */

static double sam_total(const urio_matrix *S)
{
    double t = 0.0;
    for (size_t e = 0; e < S->rows * S->cols; e++)
        t += fabs(S->data[e]);
    return t > 0.0 ? t : 1.0;
}

urio_status urio_cge_check_benchmark(const urio_cge_model *m, urio_cge_workspace *w,
                                     urio_cge_checks *c, urio_diag *d)
{
    if (m == NULL || w == NULL || c == NULL || w->m != m)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    memset(c, 0, sizeof *c);
    c->tolerance = URIO_CGE_TOL_RESIDUAL;
    const urio_matrix *S = m->sam;
    const size_t na = S->rows;
    const double total = sam_total(S);
    for (size_t a = 0; a < na; a++) {
        double row = 0.0, col = 0.0;
        for (size_t j = 0; j < na; j++)
            row += URIO_MAT(S, a, j);
        for (size_t i = 0; i < na; i++)
            col += URIO_MAT(S, i, a);
        const double dv = fabs(row - col) / total;
        if (dv > c->sam_imbalance) c->sam_imbalance = dv;
    }
    c->benchmark_residual = (double)INFINITY;
    if (urio_cge_residual(m, &m->base, m->v0, w->r) == 0) {
        c->benchmark_residual = 0.0;
        for (size_t e = 0; e < m->ne; e++)
            if (!(fabs(w->r[e]) <= c->benchmark_residual)) c->benchmark_residual = fabs(w->r[e]);
    }
    urio_status s = urio_cge_sam_at(m, &m->base, m->v0, w->sam);
    if (s != URIO_OK) return urio_diag_set(d, s, NULL, 0, 0, NULL, "internal error");
    c->benchmark_sam = urio_matrix_max_abs_diff(w->sam, S) / total;

    /* The zero shock from a start 10 % off (a fixed pattern, not random, so that a
     * run is reproducible): it must find the benchmark again. */
    double *start = malloc(m->nv * sizeof *start);
    if (start == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t i = 0; i < m->nv; i++)
        start[i] = m->v0[i] * (1.0 + 0.1 * sin((double)(i + 1)));
    urio_cge_solution sol = {0};
    urio_status ss = urio_cge_solve(m, w, &m->base, start, NULL, &sol);
    free(start);
    if (ss == URIO_ENOMEM || ss == URIO_EINVAL) {
        urio_cge_solution_clear(&sol);
        return urio_diag_set(d, ss, NULL, 0, 0, NULL, "cannot solve the benchmark");
    }
    c->solver = sol.solver;
    c->walras = sol.walras;
    c->homogeneity = sol.homogeneity;
    c->replication = (double)INFINITY;
    if (sol.converged && urio_cge_sam_at(m, &m->base, sol.v, w->sam) == URIO_OK)
        c->replication = urio_matrix_max_abs_diff(w->sam, S) / total;
    urio_cge_solution_clear(&sol);

    const double tc = URIO_CGE_TOL_CHECK;
    const char *what = NULL;
    double val = 0.0, tol = 0.0;
    if (!(c->sam_imbalance <= URIO_CGE_TOL_BALANCE)) {
        what = "the SAM is not balanced";
        val = c->sam_imbalance;
        tol = URIO_CGE_TOL_BALANCE;
    } else if (!(c->benchmark_residual <= URIO_CGE_TOL_RESIDUAL)) {
        what = "the calibrated model does not solve at the benchmark";
        val = c->benchmark_residual;
        tol = URIO_CGE_TOL_RESIDUAL;
    } else if (!(c->benchmark_sam <= URIO_CGE_TOL_RESIDUAL)) {
        what = "the calibrated model does not reproduce the SAM";
        val = c->benchmark_sam;
        tol = URIO_CGE_TOL_RESIDUAL;
    } else if (!(c->replication <= tc)) {
        what = "solving the zero shock from a perturbed start does not reproduce the SAM";
        val = c->replication;
        tol = tc;
    } else if (!(c->walras <= tc)) {
        what = "Walras' law fails at the benchmark";
        val = c->walras;
        tol = tc;
    } else if (!(c->homogeneity <= tc)) {
        what = "the model is not homogeneous of degree 0 in prices at the benchmark";
        val = c->homogeneity;
        tol = tc;
    }
    c->passed = what == NULL;
    if (c->passed) return URIO_OK;
    return urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                         "this is a defect of urio's calibration or solver, not of the data: "
                         "please report it with the model file",
                         "benchmark check failed: %s (%.3g, tolerance %.0e)", what, val, tol);
}
