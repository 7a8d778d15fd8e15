/* newton.c - Newton-Raphson with Armijo backtracking, GSL's hybrid solver as a
 * fallback, and continuation in a homotopy parameter (urio/newton.h).
 *
 * The workspace owns every buffer the iteration needs, the LU factorisation and
 * GSL's hybridsj solver, all allocated in urio_newton_create: the iteration and
 * the solve driver never allocate.  GSL's Jacobian is row-major, ours column-major;
 * the adapter transposes into GSL's matrix.
 *
 * The Newton step factors J with urio_lu (urio/linalg.h), the LU every other
 * part of urio uses, which also checks the reciprocal condition number.  On the
 * CGE's small systems it costs what LAPACK's dgetrf + dgecon + dgetrs cost: one
 * tile, so the pivoted path is one dgetrf on the whole matrix, and no OpenMP team
 * when BLAS runs on one thread, as it does in every CGE caller (the scenario pool
 * and the benchmark checks push BLAS to one thread).  Measured on a loaded 2-core
 * machine, order 153, factor + one solve, 2,000 repetitions: best 395 us, median
 * 463 us against 400 us and 452 us for the LAPACK calls (bench/urio_bench.c's
 * cge case times whole solves).  Called at top level with several BLAS threads,
 * urio_lu runs its BLAS calls in a team of two to keep them single-threaded
 * (linalg/lu.c), which costs little on an idle machine but can cost milliseconds
 * when the machine is loaded.  Determinism over -j holds either way: urio_lu's
 * results do not depend on the thread count. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multiroots.h>
#include <gsl/gsl_vector.h>

#include <urio/linalg.h>
#include <urio/newton.h>

struct urio_newton {
    size_t n;
    const urio_newton_system *sys;
    double *x, *f;   /* current point and F there */
    double *J;       /* n x n Jacobian, then the right-hand side space */
    double *dx;      /* Newton direction */
    double *xt, *ft; /* line-search trial */
    double *xfd;     /* finite differences: perturbed point */
    double *fd;      /* finite differences: F there */
    double *xbest;   /* solve driver: best point of all attempts */
    double *xc;      /* solve driver: last continuation solution */
    double *x0;      /* solve driver: the start */
    double *xdirect; /* solve driver: best point of the direct attempt */
    urio_lu *lu;     /* LU factors of J (urio/linalg.h) */
    gsl_multiroot_fdfsolver *hyb;
    gsl_vector *gx;
    urio_newton_reason failed; /* recorded by the last iterate, RUNNING when none */
    size_t iter;
    size_t fevals, jevals;
    double armijo, min_step; /* line-search settings for _iterate */
    bool started;
};

const char *urio_newton_reason_name(urio_newton_reason r)
{
    switch (r) {
    case URIO_NEWTON_RUNNING:
        return "running";
    case URIO_NEWTON_CONVERGED:
        return "converged";
    case URIO_NEWTON_MAXITER:
        return "max_iter";
    case URIO_NEWTON_STALLED:
        return "stalled";
    case URIO_NEWTON_SINGULAR:
        return "singular";
    case URIO_NEWTON_DOMAIN:
        return "domain";
    }
    return "unknown";
}

const char *urio_newton_method_name(urio_newton_method m)
{
    switch (m) {
    case URIO_NEWTON_METHOD_NONE:
        return "none";
    case URIO_NEWTON_METHOD_NEWTON:
        return "newton";
    case URIO_NEWTON_METHOD_HYBRID:
        return "hybrid";
    }
    return "unknown";
}

void urio_newton_opts_init(urio_newton_opts *o)
{
    if (o == NULL) return;
    o->epsabs = 1e-10;
    o->max_iter = 50;
    o->armijo = 1e-4;
    o->min_step = 1e-10;
    o->hybrid = true;
    o->hybrid_max_iter = 500;
    o->continuation = true;
    o->min_dt = 1.0 / 1024.0;
}

void urio_newton_free(urio_newton *w)
{
    if (w == NULL) return;
    free(w->x);
    free(w->f);
    free(w->J);
    free(w->dx);
    free(w->xt);
    free(w->ft);
    free(w->xfd);
    free(w->fd);
    free(w->xbest);
    free(w->xc);
    free(w->x0);
    free(w->xdirect);
    urio_lu_free(w->lu);
    if (w->hyb != NULL) gsl_multiroot_fdfsolver_free(w->hyb);
    if (w->gx != NULL) gsl_vector_free(w->gx);
    free(w);
}

/* Contract: see urio/newton.h.  GSL's allocators call the GSL error handler on
 * failure, which urio_run_init has turned off, so a NULL is all we see. */
urio_status urio_newton_create(size_t n, urio_newton **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (n == 0) return URIO_EINVAL;
    const size_t bytes = urio_matrix_bytes(n, n);
    if (bytes == SIZE_MAX) return URIO_ENOMEM;
    urio_newton *w = calloc(1, sizeof *w);
    if (w == NULL) return URIO_ENOMEM;
    w->n = n;
    double **vec[] = {&w->x,  &w->f,     &w->dx, &w->xt, &w->ft,     &w->xfd,
                      &w->fd, &w->xbest, &w->xc, &w->x0, &w->xdirect};
    bool ok = true;
    for (size_t i = 0; i < sizeof vec / sizeof vec[0]; i++) {
        *vec[i] = malloc(n * sizeof **vec[i]);
        ok = ok && *vec[i] != NULL;
    }
    w->J = malloc(bytes);
    ok = ok && w->J != NULL;
    if (ok) {
        const urio_status st = urio_lu_create(n, &w->lu);
        if (st == URIO_EINVAL) { /* n beyond the LAPACK integer */
            urio_newton_free(w);
            return URIO_EINVAL;
        }
        ok = st == URIO_OK;
    }
    if (ok) {
        w->hyb = gsl_multiroot_fdfsolver_alloc(gsl_multiroot_fdfsolver_hybridsj, n);
        w->gx = gsl_vector_alloc(n);
        ok = w->hyb != NULL && w->gx != NULL;
    }
    if (!ok) {
        urio_newton_free(w);
        return URIO_ENOMEM;
    }
    w->armijo = 1e-4;
    w->min_step = 1e-10;
    *out = w;
    return URIO_OK;
}

/* ---- Evaluations ---------------------------------------------------------------- */

static double max_abs(const double *v, size_t n)
{
    double m = 0.0;
    for (size_t i = 0; i < n; i++) {
        double a = fabs(v[i]);
        if (!(a <= m)) m = a; /* NaN propagates as the maximum */
    }
    return m;
}

static double half_sq(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i] * v[i];
    return 0.5 * s;
}

static bool all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i])) return false;
    return true;
}

/* F(x) into f; false when x is outside the domain or F is not finite. */
static bool eval_f(urio_newton *w, const double *x, double *f)
{
    w->fevals++;
    if (w->sys->f(x, f, w->sys->params) != 0) return false;
    return all_finite(f, w->n);
}

/* J(x) into w->J (analytic or forward differences, fx = F(x)); false on a domain
 * error or a non-finite entry. */
static bool eval_j(urio_newton *w, const double *x, const double *fx)
{
    const size_t n = w->n;
    memset(w->J, 0, n * n * sizeof *w->J);
    w->jevals++;
    if (w->sys->df != NULL) {
        if (w->sys->df(x, w->J, w->sys->params) != 0) return false;
        return all_finite(w->J, n * n);
    }
    memcpy(w->xfd, x, n * sizeof *x);
    const double sq = sqrt(DBL_EPSILON);
    for (size_t j = 0; j < n; j++) {
        const double xj = x[j];
        double h = sq * (fabs(xj) > 1.0 ? fabs(xj) : 1.0);
        w->xfd[j] = xj + h;
        h = w->xfd[j] - xj; /* the step actually taken */
        if (!eval_f(w, w->xfd, w->fd)) {
            /* Outside the domain on the right: try the left. */
            w->xfd[j] = xj - h;
            h = w->xfd[j] - xj;
            if (!eval_f(w, w->xfd, w->fd)) return false;
        }
        for (size_t i = 0; i < n; i++)
            w->J[i + j * n] = (w->fd[i] - fx[i]) / h;
        w->xfd[j] = xj;
    }
    return true;
}

/* LU factors of w->J into w->lu: 0, or nonzero when J is singular to working
 * precision (an exactly zero pivot, or a reciprocal condition number in the 1-norm
 * below DBL_EPSILON: urio_lu_factor's test). */
static int factor(urio_newton *w)
{
    return urio_lu_factor(w->lu, w->J, w->n) == URIO_OK ? 0 : 1;
}

/* ---- GSL-style iteration -------------------------------------------------------- */

urio_status urio_newton_set(urio_newton *w, const urio_newton_system *sys, const double *x0)
{
    if (w == NULL || sys == NULL || x0 == NULL || sys->f == NULL || sys->n != w->n)
        return URIO_EINVAL;
    w->sys = sys;
    w->started = false;
    w->iter = 0;
    w->failed = URIO_NEWTON_RUNNING;
    memcpy(w->x, x0, w->n * sizeof *x0);
    if (!eval_f(w, w->x, w->f)) return URIO_EINVAL;
    w->started = true;
    return URIO_OK;
}

/* Contract: see urio/newton.h.  The step: J dx = -F by LU; backtracking from s = 1
 * with the safeguarded quadratic model of phi along dx (phi'(0) = -2 phi(0) for
 * the exact Newton direction). */
urio_status urio_newton_iterate(urio_newton *w)
{
    if (w == NULL || !w->started) return URIO_EINVAL;
    const size_t n = w->n;
    w->failed = URIO_NEWTON_RUNNING;
    if (!eval_j(w, w->x, w->f)) {
        w->failed = URIO_NEWTON_DOMAIN;
        return URIO_OK;
    }
    if (factor(w) != 0) {
        w->failed = URIO_NEWTON_SINGULAR;
        return URIO_OK;
    }
    for (size_t i = 0; i < n; i++)
        w->dx[i] = -w->f[i];
    if (urio_lu_solve(w->lu, false, 1, w->dx, n) != URIO_OK) return URIO_EINVAL;
    w->iter++;

    const double phi0 = half_sq(w->f, n);
    double step = 1.0;
    while (step >= w->min_step) {
        for (size_t i = 0; i < n; i++)
            w->xt[i] = w->x[i] + step * w->dx[i];
        if (!eval_f(w, w->xt, w->ft)) {
            step *= 0.5; /* outside the domain: no model to fit, halve */
            continue;
        }
        const double phit = half_sq(w->ft, n);
        if (phit <= (1.0 - 2.0 * w->armijo * step) * phi0) {
            memcpy(w->x, w->xt, n * sizeof *w->x);
            memcpy(w->f, w->ft, n * sizeof *w->f);
            return URIO_OK;
        }
        /* phi(s) ~ phi0 - 2 phi0 s + a s^2 through phi(step) = phit. */
        const double a = (phit - phi0 + 2.0 * phi0 * step) / (step * step);
        double next = a > 0.0 ? phi0 / a : 0.5 * step;
        if (!(next >= 0.1 * step)) next = 0.1 * step;
        if (next > 0.5 * step) next = 0.5 * step;
        step = next;
    }
    w->failed = URIO_NEWTON_STALLED;
    return URIO_OK;
}

urio_newton_reason urio_newton_test(const urio_newton *w, double epsabs)
{
    if (w == NULL || !w->started) return URIO_NEWTON_DOMAIN;
    if (max_abs(w->f, w->n) <= epsabs) return URIO_NEWTON_CONVERGED;
    return w->failed;
}

const double *urio_newton_x(const urio_newton *w)
{
    return w != NULL ? w->x : NULL;
}

const double *urio_newton_fx(const urio_newton *w)
{
    return w != NULL ? w->f : NULL;
}

double urio_newton_residual(const urio_newton *w)
{
    return w != NULL && w->started ? max_abs(w->f, w->n) : (double)INFINITY;
}

size_t urio_newton_iterations(const urio_newton *w)
{
    return w != NULL ? w->iter : 0;
}

/* ---- GSL hybrid fallback -------------------------------------------------------- */

static int gsl_f(const gsl_vector *x, void *params, gsl_vector *f)
{
    urio_newton *w = params;
    /* GSL's vectors here are its own allocations: contiguous (stride 1). */
    if (!eval_f(w, x->data, f->data)) return GSL_EDOM;
    return GSL_SUCCESS;
}

static int gsl_df(const gsl_vector *x, void *params, gsl_matrix *J)
{
    urio_newton *w = params;
    const size_t n = w->n;
    /* Forward differences need F(x); hybridsj asks for J alone only after a
     * successful F at the same point, but compute it to be safe. */
    if (w->sys->df == NULL && !eval_f(w, x->data, w->ft)) return GSL_EDOM;
    if (!eval_j(w, x->data, w->ft)) return GSL_EDOM;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            gsl_matrix_set(J, i, j, w->J[i + j * n]);
    return GSL_SUCCESS;
}

static int gsl_fdf(const gsl_vector *x, void *params, gsl_vector *f, gsl_matrix *J)
{
    urio_newton *w = params;
    if (!eval_f(w, x->data, f->data)) return GSL_EDOM;
    memcpy(w->ft, f->data, w->n * sizeof *w->ft);
    if (w->sys->df == NULL) {
        if (!eval_j(w, x->data, w->ft)) return GSL_EDOM;
        for (size_t i = 0; i < w->n; i++)
            for (size_t j = 0; j < w->n; j++)
                gsl_matrix_set(J, i, j, w->J[i + j * w->n]);
        return GSL_SUCCESS;
    }
    return gsl_df(x, params, J);
}

/* ---- The solve driver ----------------------------------------------------------- */

typedef struct attempt {
    urio_newton_reason reason;
    urio_newton_method method;
} attempt;

/* Keep x (residual r) as the best point when it beats the best so far. */
static void keep_best(urio_newton *w, const double *x, double r, double *best)
{
    if (r < *best) {
        *best = r;
        memcpy(w->xbest, x, w->n * sizeof *x);
    }
}

/* Newton from x, then the hybrid from the best point; x receives the converged
 * point, or the best point found when neither converged. */
static attempt solve_once(urio_newton *w, const urio_newton_system *sys, double *x,
                          const urio_newton_opts *o, urio_newton_result *res)
{
    attempt a = {URIO_NEWTON_DOMAIN, URIO_NEWTON_METHOD_NONE};
    const size_t n = w->n;
    w->armijo = o->armijo;
    w->min_step = o->min_step;
    if (urio_newton_set(w, sys, x) != URIO_OK) return a;
    double best = max_abs(w->f, n);
    memcpy(w->xbest, w->x, n * sizeof *x);
    a.reason = urio_newton_test(w, o->epsabs);
    if (a.reason == URIO_NEWTON_CONVERGED) return a;
    a.method = URIO_NEWTON_METHOD_NEWTON;
    for (size_t k = 0; k < o->max_iter; k++) {
        if (urio_newton_iterate(w) != URIO_OK) {
            a.reason = URIO_NEWTON_DOMAIN;
            break;
        }
        res->iterations++;
        a.reason = urio_newton_test(w, o->epsabs);
        keep_best(w, w->x, max_abs(w->f, n), &best);
        if (a.reason != URIO_NEWTON_RUNNING) break;
        if (k + 1 == o->max_iter) a.reason = URIO_NEWTON_MAXITER;
    }
    if (a.reason == URIO_NEWTON_CONVERGED) {
        memcpy(x, w->x, n * sizeof *x);
        return a;
    }
    if (o->hybrid && o->hybrid_max_iter > 0) {
        gsl_multiroot_function_fdf fdf = {gsl_f, gsl_df, gsl_fdf, n, w};
        memcpy(w->gx->data, w->xbest, n * sizeof *x);
        if (gsl_multiroot_fdfsolver_set(w->hyb, &fdf, w->gx) == GSL_SUCCESS) {
            for (size_t k = 0; k < o->hybrid_max_iter; k++) {
                int st = gsl_multiroot_fdfsolver_iterate(w->hyb);
                res->iterations++;
                const double r = max_abs(w->hyb->f->data, n);
                keep_best(w, w->hyb->x->data, r, &best);
                if (r <= o->epsabs) {
                    a.reason = URIO_NEWTON_CONVERGED;
                    a.method = URIO_NEWTON_METHOD_HYBRID;
                    memcpy(x, w->hyb->x->data, n * sizeof *x);
                    return a;
                }
                if (st != GSL_SUCCESS) break; /* no progress, or F failed at a trial */
            }
        }
    }
    memcpy(x, w->xbest, n * sizeof *x);
    return a;
}

/* The indices of the largest |f_i|, largest first. */
static void find_worst(const double *f, size_t n, urio_newton_result *res)
{
    res->nworst = 0;
    for (size_t i = 0; i < n; i++) {
        const double a = fabs(f[i]);
        size_t pos = res->nworst;
        while (pos > 0 && !(fabs(f[res->worst[pos - 1]]) >= a))
            pos--;
        if (pos >= URIO_NEWTON_WORST) continue;
        size_t last = res->nworst < URIO_NEWTON_WORST ? res->nworst : URIO_NEWTON_WORST - 1;
        for (size_t k = last; k > pos; k--)
            res->worst[k] = res->worst[k - 1];
        res->worst[pos] = i;
        if (res->nworst < URIO_NEWTON_WORST) res->nworst++;
    }
}

/* Final bookkeeping: residual and worst equations at x. */
static void finish(urio_newton *w, const double *x, urio_newton_result *res)
{
    res->fevals = w->fevals;
    res->jevals = w->jevals;
    if (eval_f(w, x, w->ft)) {
        res->residual = max_abs(w->ft, w->n);
        find_worst(w->ft, w->n, res);
    } else {
        res->residual = (double)INFINITY;
    }
    res->fevals = w->fevals;
}

urio_status urio_newton_solve(urio_newton *w, const urio_newton_system *sys, double *x,
                              const urio_newton_opts *o, urio_newton_result *res)
{
    if (res != NULL) memset(res, 0, sizeof *res);
    if (w == NULL || sys == NULL || x == NULL || res == NULL || sys->f == NULL || sys->n != w->n)
        return URIO_EINVAL;
    urio_newton_opts def;
    if (o == NULL) {
        urio_newton_opts_init(&def);
        o = &def;
    }
    const size_t n = w->n;
    w->fevals = 0;
    w->jevals = 0;
    res->t = 1.0;
    if (sys->homotopy != NULL && sys->homotopy(1.0, sys->params) != 0) return URIO_EINVAL;
    w->sys = sys;
    if (!eval_f(w, x, w->ft)) return URIO_EINVAL;
    memcpy(w->x0, x, n * sizeof *x);

    attempt a = solve_once(w, sys, x, o, res);
    res->reason = a.reason;
    res->method = a.method;
    if (a.reason != URIO_NEWTON_CONVERGED && o->continuation && sys->homotopy != NULL) {
        /* Continuation from t = 0, solved from the start. */
        res->continuation = true;
        memcpy(w->xdirect, x, n * sizeof *x);
        double *xc = w->xc;
        memcpy(xc, w->x0, n * sizeof *x);
        double t = 0.0, dt = 0.5;
        bool ok = sys->homotopy(0.0, sys->params) == 0;
        if (ok) {
            attempt a0 = solve_once(w, sys, xc, o, res);
            ok = a0.reason == URIO_NEWTON_CONVERGED;
            res->t = 0.0;
            if (!ok) res->reason = a0.reason;
        }
        while (ok && t < 1.0) {
            const double tn = t + dt < 1.0 ? t + dt : 1.0;
            if (sys->homotopy(tn, sys->params) != 0) {
                ok = false;
                break;
            }
            memcpy(x, xc, n * sizeof *x);
            attempt at = solve_once(w, sys, x, o, res);
            if (at.reason == URIO_NEWTON_CONVERGED) {
                memcpy(xc, x, n * sizeof *x);
                t = tn;
                res->t = t;
                res->steps++;
                res->method = at.method;
                dt *= 2.0;
            } else {
                res->reason = at.reason;
                dt *= 0.5;
                if (dt < o->min_dt) ok = false;
            }
        }
        if (ok && t >= 1.0) {
            res->reason = URIO_NEWTON_CONVERGED;
            memcpy(x, xc, n * sizeof *x);
        } else {
            /* Report the failure at the target system, from the direct attempt's
             * best point. */
            memcpy(x, w->xdirect, n * sizeof *x);
            if (sys->homotopy(1.0, sys->params) != 0) {
                finish(w, x, res);
                return URIO_ENOCONV;
            }
        }
    }
    finish(w, x, res);
    if (res->reason == URIO_NEWTON_CONVERGED && !(res->residual <= o->epsabs))
        res->reason = URIO_NEWTON_STALLED; /* cannot happen: converged means tested */
    return res->reason == URIO_NEWTON_CONVERGED ? URIO_OK : URIO_ENOCONV;
}
