/* urio/newton.h - Newton-Raphson for square nonlinear systems F(x) = 0.
 *
 * Maths.  At x_k solve J(x_k) dx = -F(x_k) by dense LU (LAPACK dgetrf, with the
 * reciprocal condition number checked), then backtrack along dx until Armijo's
 * condition on the merit phi(x) = |F(x)|^2 / 2 holds:
 *     phi(x_k + s dx) <= (1 - 2 c s) phi(x_k),   c = opts.armijo (1e-4),
 * trying s = 1, then s = max(0.1 s, min(0.5 s, s_q)) with s_q the minimiser of the
 * quadratic through phi(x_k), phi'(x_k) = -2 phi(x_k) and the last trial.  A trial
 * point where F cannot be evaluated (the callback returns nonzero: outside its
 * domain, for example a negative price) counts as a failed trial.  Converged when
 * max_i |F_i(x)| <= opts.epsabs: the caller scales its equations so that this
 * norm is meaningful (the CGE divides each equation by a benchmark level).
 *
 * Fallback and continuation (urio_newton_solve).  When Newton stalls (the line
 * search fails), meets a singular Jacobian or runs out of iterations, GSL's
 * Powell hybrid (gsl_multiroot_fdfsolver_hybridsj, fed with the same Jacobian)
 * restarts from the best point Newton found.  When that fails too and the system
 * has a homotopy callback, the solve is repeated by continuation in t in [0, 1]
 * (the caller's system at t = 0 must be solved by x0, at t = 1 it is the target):
 * from t_0 = 0 take a step dt = 1/2 (then 1/4, ...) in t, solve at t + dt from the
 * last solution, double dt after a success and halve it after a failure, until
 * t = 1 or dt < opts.min_dt.
 *
 * Without a Jacobian callback, J is formed by forward differences with step
 * h_j = sqrt(DBL_EPSILON) max(|x_j|, 1) (one extra F per column).
 *
 * Layout: vectors of length n; J is n x n column-major, J[i + j n] = dF_i/dx_j.
 * Knows nothing of economics.  An urio_newton workspace is used by one thread at a
 * time; only _create allocates (GSL's hybrid solver included), so the iteration
 * loop never allocates.  The GSL error handler must be off (urio_run_init). */
#ifndef URIO_NEWTON_H
#define URIO_NEWTON_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/status.h>

/* F(x) into f (n values).  Return 0 on success, nonzero when x is outside the
 * domain of F (f is then ignored).  Must not keep x or f. */
typedef int (*urio_newton_fn)(const double *x, double *f, void *params);
/* J(x) into J (n x n, column-major).  Return 0 on success, nonzero when x is
 * outside the domain.  J arrives filled with zeros. */
typedef int (*urio_newton_jac)(const double *x, double *J, void *params);
/* Set the continuation parameter t in [0, 1] of the system.  Return 0 on success. */
typedef int (*urio_newton_homotopy)(double t, void *params);

typedef struct urio_newton_system {
    size_t n;
    urio_newton_fn f;              /* required */
    urio_newton_jac df;            /* NULL: forward differences */
    urio_newton_homotopy homotopy; /* NULL: no continuation */
    void *params;                  /* passed to the callbacks */
} urio_newton_system;

/* Why an iteration sequence stopped (a convergence outcome, not an error). */
typedef enum urio_newton_reason {
    URIO_NEWTON_RUNNING = 0,   /* neither converged nor stuck yet */
    URIO_NEWTON_CONVERGED = 1, /* max |F_i| <= epsabs */
    URIO_NEWTON_MAXITER = 2,   /* iteration limit reached */
    URIO_NEWTON_STALLED = 3,   /* the line search found no acceptable step */
    URIO_NEWTON_SINGULAR = 4,  /* the Jacobian is singular to working precision */
    URIO_NEWTON_DOMAIN = 5     /* F or J cannot be evaluated at the current point */
} urio_newton_reason;

/* "running", "converged", "max_iter", "stalled", "singular", "domain". */
const char *urio_newton_reason_name(urio_newton_reason r);

/* The method that produced the final point. */
typedef enum urio_newton_method {
    URIO_NEWTON_METHOD_NONE = 0,   /* the start already satisfied the tolerance */
    URIO_NEWTON_METHOD_NEWTON = 1, /* Newton-Raphson with line search */
    URIO_NEWTON_METHOD_HYBRID = 2  /* GSL hybridsj (Powell's dogleg) */
} urio_newton_method;

/* "none", "newton", "hybrid". */
const char *urio_newton_method_name(urio_newton_method m);

typedef struct urio_newton_opts {
    double epsabs;          /* convergence: max |F_i| <= epsabs (default 1e-10) */
    size_t max_iter;        /* Newton iterations per solve (default 50) */
    double armijo;          /* sufficient-decrease constant c (default 1e-4) */
    double min_step;        /* smallest line-search step s (default 1e-10) */
    bool hybrid;            /* fall back to GSL's hybrid solver (default true) */
    size_t hybrid_max_iter; /* hybrid iterations (default 500) */
    bool continuation;      /* use the homotopy when both methods fail (default true) */
    double min_dt;          /* smallest continuation step in t (default 1/1024) */
} urio_newton_opts;

/* Fill o with the defaults above. */
void urio_newton_opts_init(urio_newton_opts *o);

#define URIO_NEWTON_WORST 5

typedef struct urio_newton_result {
    urio_newton_reason reason;       /* CONVERGED on success, else why the last attempt stopped */
    urio_newton_method method;       /* what produced the final point */
    bool continuation;               /* continuation was needed */
    size_t steps;                    /* continuation steps taken (0 without continuation) */
    double t;                        /* continuation parameter reached (1 = the full system) */
    size_t iterations;               /* Newton + hybrid iterations, all attempts together */
    size_t fevals, jevals;           /* F and J evaluations (finite-difference F's included) */
    double residual;                 /* max |F_i| at the final point */
    size_t nworst;                   /* number of entries in worst */
    size_t worst[URIO_NEWTON_WORST]; /* indices of the largest |F_i|, largest first */
} urio_newton_result;

typedef struct urio_newton urio_newton; /* opaque workspace */

/* A workspace for systems of order n (n >= 1).  URIO_EINVAL for n == 0,
 * URIO_ENOMEM when an allocation fails (*out is then NULL). */
URIO_MUST_CHECK urio_status urio_newton_create(size_t n, urio_newton **out);
void urio_newton_free(urio_newton *w); /* NULL is a no-op */

/* Start an iteration sequence for sys (sys->n must equal the workspace order;
 * sys is referenced, not copied, until the next _set) at x0, evaluating F(x0).
 * URIO_EINVAL for bad arguments or when F cannot be evaluated at x0. */
URIO_MUST_CHECK urio_status urio_newton_set(urio_newton *w, const urio_newton_system *sys,
                                            const double *x0);

/* One Newton step with line search.  Returns URIO_OK, also when no step could be
 * taken: that outcome (singular, stalled, domain) is recorded for _test.  Returns
 * URIO_EINVAL when no sequence was started. */
URIO_MUST_CHECK urio_status urio_newton_iterate(urio_newton *w);

/* CONVERGED when max |F_i| <= epsabs at the current point; the recorded failure
 * of the last iterate (STALLED, SINGULAR, DOMAIN) if there was one; else RUNNING. */
urio_newton_reason urio_newton_test(const urio_newton *w, double epsabs);

const double *urio_newton_x(const urio_newton *w);   /* current point (n values) */
const double *urio_newton_fx(const urio_newton *w);  /* F at the current point */
double urio_newton_residual(const urio_newton *w);   /* max |F_i| at the current point */
size_t urio_newton_iterations(const urio_newton *w); /* iterates since _set */

/* Solve sys from x (overwritten with the final point): Newton, then the hybrid
 * fallback, then continuation, as the file comment says; o may be NULL for the
 * defaults.  res (required) receives the diagnostics.  URIO_OK when converged;
 * URIO_ENOCONV when not (x then holds the point with the smallest residual, and
 * res->worst the equations that fail most); URIO_EINVAL for bad arguments or when
 * F cannot be evaluated at the start; URIO_ENOMEM.  The homotopy, when there is
 * one, is set to t = 1 first and left there. */
URIO_MUST_CHECK urio_status urio_newton_solve(urio_newton *w, const urio_newton_system *sys,
                                              double *x, const urio_newton_opts *o,
                                              urio_newton_result *res);

#endif
