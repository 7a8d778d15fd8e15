/* test_newton.c - Newton-Raphson with line search, the GSL hybrid fallback and
 * continuation (urio/newton.h) on known nonlinear systems: the Rosenbrock root,
 * Powell's badly scaled function and the extended Rosenbrock function of Moré,
 * Garbow & Hillstrom (1981), Broyden's tridiagonal function (n = 50), the same
 * with forward differences, a system with no root (largest residuals named), a
 * singular Jacobian, the hybrid fallback, a domain boundary (line search) and a
 * homotopy that only continuation can follow within the iteration budget. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

static void setup(void)
{
    urio_run_init(); /* GSL's error handler off, as main() does */
}

TestSuite(newton, .init = setup);

/* ---- Rosenbrock: F = (10 (x2 - x1^2), 1 - x1), root (1, 1) ------------------- */

static int rosen_f(const double *x, double *f, void *p)
{
    (void)p;
    f[0] = 10.0 * (x[1] - x[0] * x[0]);
    f[1] = 1.0 - x[0];
    return 0;
}

static int rosen_df(const double *x, double *J, void *p)
{
    (void)p;
    J[0 + 0 * 2] = -20.0 * x[0];
    J[0 + 1 * 2] = 10.0;
    J[1 + 0 * 2] = -1.0;
    J[1 + 1 * 2] = 0.0;
    return 0;
}

Test(newton, rosenbrock_root_from_the_standard_start)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, rosen_f, rosen_df, NULL, NULL};
    double x[2] = {-1.2, 1.0};
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, NULL, &res), URIO_OK));
    cr_expect(eq(int, res.reason, URIO_NEWTON_CONVERGED));
    cr_expect(eq(int, res.method, URIO_NEWTON_METHOD_NEWTON));
    cr_expect(not(res.continuation));
    cr_expect(res.residual <= 1e-10);
    cr_expect(epsilon_eq(dbl, x[0], 1.0, 1e-12));
    cr_expect(epsilon_eq(dbl, x[1], 1.0, 1e-12));
    /* The full first step overshoots to (1, -3.84), where |F| is ten times larger;
     * the line search backs off and the iteration still ends in a few steps. */
    cr_expect(le(sz, res.iterations, 20));
    urio_newton_free(w);
}

Test(newton, gsl_style_loop_set_iterate_test)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, rosen_f, rosen_df, NULL, NULL};
    const double x0[2] = {-1.2, 1.0};
    cr_assert(eq(int, urio_newton_set(w, &sys, x0), URIO_OK));
    cr_expect(eq(int, urio_newton_test(w, 1e-10), URIO_NEWTON_RUNNING));
    urio_newton_reason r = URIO_NEWTON_RUNNING;
    for (int k = 0; k < 20 && r == URIO_NEWTON_RUNNING; k++) {
        cr_assert(eq(int, urio_newton_iterate(w), URIO_OK));
        r = urio_newton_test(w, 1e-10);
    }
    cr_expect(eq(int, r, URIO_NEWTON_CONVERGED));
    cr_expect(urio_newton_residual(w) <= 1e-10);
    cr_expect(epsilon_eq(dbl, urio_newton_x(w)[0], 1.0, 1e-12));
    cr_expect(ge(sz, urio_newton_iterations(w), 1));
    /* Iterating without a sequence is an argument error. */
    urio_newton *fresh = NULL;
    cr_assert(eq(int, urio_newton_create(2, &fresh), URIO_OK));
    cr_expect(eq(int, urio_newton_iterate(fresh), URIO_EINVAL));
    urio_newton_free(fresh);
    urio_newton_free(w);
}

/* ---- Powell's badly scaled function (MGH problem 3) ---------------------------
 * F1 = 1e4 x1 x2 - 1, F2 = exp(-x1) + exp(-x2) - 1.0001; start (0, 1); the root
 * has x1 x2 = 1e-4 with x1 ~ 1.098e-5 and x2 ~ 9.106. */

static int powell_f(const double *x, double *f, void *p)
{
    (void)p;
    f[0] = 1e4 * x[0] * x[1] - 1.0;
    f[1] = exp(-x[0]) + exp(-x[1]) - 1.0001;
    return 0;
}

static int powell_df(const double *x, double *J, void *p)
{
    (void)p;
    J[0 + 0 * 2] = 1e4 * x[1];
    J[0 + 1 * 2] = 1e4 * x[0];
    J[1 + 0 * 2] = -exp(-x[0]);
    J[1 + 1 * 2] = -exp(-x[1]);
    return 0;
}

static void check_powell(const double *x)
{
    cr_expect(epsilon_eq(dbl, 1e4 * x[0] * x[1], 1.0, 1e-10));
    cr_expect(epsilon_eq(dbl, exp(-x[0]) + exp(-x[1]), 1.0001, 1e-10));
    cr_expect(epsilon_eq(dbl, x[0], 1.098159e-5, 1e-11));
    cr_expect(epsilon_eq(dbl, x[1], 9.106146, 1e-5));
}

Test(newton, powell_badly_scaled)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, powell_f, powell_df, NULL, NULL};
    double x[2] = {0.0, 1.0};
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, NULL, &res), URIO_OK), "reason %s, residual %g",
              urio_newton_reason_name(res.reason), res.residual);
    cr_expect(res.residual <= 1e-10);
    check_powell(x);
    urio_newton_free(w);
}

Test(newton, powell_with_forward_differences_matches_the_analytic_jacobian)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system an = {2, powell_f, powell_df, NULL, NULL};
    urio_newton_system fd = {2, powell_f, NULL, NULL, NULL};
    double xa[2] = {0.0, 1.0}, xf[2] = {0.0, 1.0};
    urio_newton_result ra, rf;
    cr_assert(eq(int, urio_newton_solve(w, &an, xa, NULL, &ra), URIO_OK));
    cr_assert(eq(int, urio_newton_solve(w, &fd, xf, NULL, &rf), URIO_OK));
    check_powell(xf);
    /* Same root to working precision: the difference Jacobian only changes the path. */
    cr_expect(epsilon_eq(dbl, xf[0], xa[0], 1e-15));
    cr_expect(epsilon_eq(dbl, xf[1], xa[1], 1e-9));
    /* Two extra F evaluations per Jacobian. */
    cr_expect(ge(sz, rf.fevals, 2 * rf.jevals));
    urio_newton_free(w);
}

/* ---- Extended Rosenbrock (MGH 21), n = 10, and Broyden tridiagonal (MGH 30) ---- */

#define NX 10

static int xrosen_f(const double *x, double *f, void *p)
{
    (void)p;
    for (size_t i = 0; i < NX; i += 2) {
        f[i] = 10.0 * (x[i + 1] - x[i] * x[i]);
        f[i + 1] = 1.0 - x[i];
    }
    return 0;
}

static int xrosen_df(const double *x, double *J, void *p)
{
    (void)p;
    for (size_t i = 0; i < NX; i += 2) {
        J[i + i * NX] = -20.0 * x[i];
        J[i + (i + 1) * NX] = 10.0;
        J[(i + 1) + i * NX] = -1.0;
    }
    return 0;
}

Test(newton, extended_rosenbrock_n10)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(NX, &w), URIO_OK));
    urio_newton_system sys = {NX, xrosen_f, xrosen_df, NULL, NULL};
    double x[NX];
    for (size_t i = 0; i < NX; i += 2) {
        x[i] = -1.2;
        x[i + 1] = 1.0;
    }
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, NULL, &res), URIO_OK));
    for (size_t i = 0; i < NX; i++)
        cr_expect(epsilon_eq(dbl, x[i], 1.0, 1e-12));
    urio_newton_free(w);
}

#define NB 50

/* F_i = (3 - 2 x_i) x_i - x_{i-1} - 2 x_{i+1} + 1, x_0 = x_{n+1} = 0; start -1. */
static int broyden_f(const double *x, double *f, void *p)
{
    (void)p;
    for (size_t i = 0; i < NB; i++) {
        double xm = i > 0 ? x[i - 1] : 0.0, xp = i + 1 < NB ? x[i + 1] : 0.0;
        f[i] = (3.0 - 2.0 * x[i]) * x[i] - xm - 2.0 * xp + 1.0;
    }
    return 0;
}

static int broyden_df(const double *x, double *J, void *p)
{
    (void)p;
    for (size_t i = 0; i < NB; i++) {
        J[i + i * NB] = 3.0 - 4.0 * x[i];
        if (i > 0) J[i + (i - 1) * NB] = -1.0;
        if (i + 1 < NB) J[i + (i + 1) * NB] = -2.0;
    }
    return 0;
}

Test(newton, broyden_tridiagonal_n50_analytic_and_differences)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(NB, &w), URIO_OK));
    urio_newton_system an = {NB, broyden_f, broyden_df, NULL, NULL};
    urio_newton_system fd = {NB, broyden_f, NULL, NULL, NULL};
    double xa[NB], xf[NB], f[NB];
    for (size_t i = 0; i < NB; i++)
        xa[i] = xf[i] = -1.0;
    urio_newton_result ra, rf;
    cr_assert(eq(int, urio_newton_solve(w, &an, xa, NULL, &ra), URIO_OK));
    cr_assert(eq(int, urio_newton_solve(w, &fd, xf, NULL, &rf), URIO_OK));
    cr_expect(le(sz, ra.iterations, 10));
    broyden_f(xa, f, NULL);
    for (size_t i = 0; i < NB; i++) {
        cr_expect(le(dbl, fabs(f[i]), 1e-10));
        cr_expect(epsilon_eq(dbl, xf[i], xa[i], 1e-10));
    }
    urio_newton_free(w);
}

/* ---- Failures and fallbacks ----------------------------------------------------- */

/* No root: F = (x1^2 + 1, 3 (x2 - 1)); the first equation cannot be satisfied. */
static int noroot_f(const double *x, double *f, void *p)
{
    (void)p;
    f[0] = x[0] * x[0] + 1.0;
    f[1] = 3.0 * (x[1] - 1.0);
    return 0;
}

Test(newton, no_root_names_the_failing_equation)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, noroot_f, NULL, NULL, NULL};
    double x[2] = {0.5, 0.0};
    urio_newton_opts o;
    urio_newton_opts_init(&o);
    o.hybrid_max_iter = 50;
    urio_newton_result res;
    cr_expect(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_ENOCONV));
    cr_expect(ne(int, res.reason, URIO_NEWTON_CONVERGED));
    cr_expect(ge(dbl, res.residual, 1.0 - 1e-9));
    cr_assert(ge(sz, res.nworst, 1));
    cr_expect(eq(sz, res.worst[0], 0));
    urio_newton_free(w);
}

/* F = (x1^2 - 4, x2 - 2) from x1 = 0: the Jacobian is singular there, and x1 = 0
 * is a critical point of |F|^2, so no method can leave it: the outcome is
 * reported, with the first equation as the one that fails. */
static int sing_f(const double *x, double *f, void *p)
{
    (void)p;
    f[0] = x[0] * x[0] - 4.0;
    f[1] = x[1] - 2.0;
    return 0;
}

static int sing_df(const double *x, double *J, void *p)
{
    (void)p;
    J[0] = 2.0 * x[0];
    J[3] = 1.0;
    return 0;
}

Test(newton, singular_jacobian_is_reported)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, sing_f, sing_df, NULL, NULL};
    cr_assert(eq(int, urio_newton_set(w, &sys, (const double[]){0.0, 0.0}), URIO_OK));
    cr_assert(eq(int, urio_newton_iterate(w), URIO_OK));
    cr_expect(eq(int, urio_newton_test(w, 1e-10), URIO_NEWTON_SINGULAR));
    double x[2] = {0.0, 0.0};
    urio_newton_opts o;
    urio_newton_opts_init(&o);
    o.hybrid_max_iter = 20;
    urio_newton_result res;
    cr_expect(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_ENOCONV));
    cr_assert(ge(sz, res.nworst, 1));
    cr_expect(eq(sz, res.worst[0], 0));
    /* From x1 = 1 Newton finds the root x1 = 2. */
    x[0] = 1.0;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_OK));
    cr_expect(epsilon_eq(dbl, x[0], 2.0, 1e-12));
    urio_newton_free(w);
}

Test(newton, hybrid_fallback_finishes_when_newton_runs_out)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system sys = {2, powell_f, powell_df, NULL, NULL};
    double x[2] = {0.0, 1.0};
    urio_newton_opts o;
    urio_newton_opts_init(&o);
    o.max_iter = 2;
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_OK), "reason %s residual %g",
              urio_newton_reason_name(res.reason), res.residual);
    cr_expect(eq(int, res.method, URIO_NEWTON_METHOD_HYBRID));
    check_powell(x);
    /* Without the fallback the same budget fails. */
    o.hybrid = false;
    x[0] = 0.0;
    x[1] = 1.0;
    cr_expect(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_ENOCONV));
    cr_expect(eq(int, res.reason, URIO_NEWTON_MAXITER));
    urio_newton_free(w);
}

/* F = log(x) - 3 is defined for x > 0 only; the full Newton step from x = 30
 * lands at negative x and the line search must back off to stay in the domain. */
static int log_f(const double *x, double *f, void *p)
{
    (void)p;
    if (!(x[0] > 0.0)) return 1;
    f[0] = log(x[0]) - 3.0;
    return 0;
}

static int log_df(const double *x, double *J, void *p)
{
    (void)p;
    if (!(x[0] > 0.0)) return 1;
    J[0] = 1.0 / x[0];
    return 0;
}

Test(newton, line_search_stays_in_the_domain)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(1, &w), URIO_OK));
    urio_newton_system sys = {1, log_f, log_df, NULL, NULL};
    double x[1] = {300.0};
    urio_newton_opts o;
    urio_newton_opts_init(&o);
    o.hybrid = false;
    o.continuation = false;
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_OK));
    cr_expect(epsilon_eq(dbl, x[0], exp(3.0), 1e-9));
    /* A start outside the domain is an argument error. */
    double bad[1] = {-1.0};
    cr_expect(eq(int, urio_newton_solve(w, &sys, bad, &o, &res), URIO_EINVAL));
    urio_newton_free(w);
}

/* Homotopy: F(x; t) = exp(x) - exp(8 t), solved by x = 0 at t = 0.  With two
 * Newton iterations per attempt and no hybrid, the direct solve at t = 1 fails
 * (Newton crawls down exp's steep side), while steps in t converge. */
typedef struct homo {
    double t;
} homo;

static int homo_f(const double *x, double *f, void *p)
{
    const homo *h = p;
    if (x[0] > 700.0) return 1;
    f[0] = exp(x[0]) - exp(8.0 * h->t);
    return 0;
}

static int homo_df(const double *x, double *J, void *p)
{
    (void)p;
    if (x[0] > 700.0) return 1;
    J[0] = exp(x[0]);
    return 0;
}

static int homo_set(double t, void *p)
{
    homo *h = p;
    h->t = t;
    return 0;
}

Test(newton, continuation_follows_the_homotopy)
{
    urio_newton *w = NULL;
    cr_assert(eq(int, urio_newton_create(1, &w), URIO_OK));
    homo h = {0.0};
    urio_newton_system sys = {1, homo_f, homo_df, homo_set, &h};
    urio_newton_opts o;
    urio_newton_opts_init(&o);
    o.max_iter = 4;
    o.hybrid = false;
    o.epsabs = 1e-9;
    double x[1] = {0.0};
    urio_newton_result res;
    cr_assert(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_OK), "reason %s, t %g",
              urio_newton_reason_name(res.reason), res.t);
    cr_expect(res.continuation);
    cr_expect(ge(sz, res.steps, 2));
    cr_expect(epsilon_eq(dbl, res.t, 1.0, 0.0));
    cr_expect(epsilon_eq(dbl, h.t, 1.0, 0.0));
    cr_expect(epsilon_eq(dbl, x[0], 8.0, 1e-12));
    /* Without continuation the same budget is not enough. */
    o.continuation = false;
    x[0] = 0.0;
    cr_expect(eq(int, urio_newton_solve(w, &sys, x, &o, &res), URIO_ENOCONV));
    cr_expect(eq(int, res.reason, URIO_NEWTON_MAXITER));
    urio_newton_free(w);
}

Test(newton, bad_arguments)
{
    urio_newton *w = NULL;
    cr_expect(eq(int, urio_newton_create(0, &w), URIO_EINVAL));
    cr_expect_null(w);
    cr_assert(eq(int, urio_newton_create(2, &w), URIO_OK));
    urio_newton_system wrong = {3, rosen_f, rosen_df, NULL, NULL};
    double x[3] = {0};
    urio_newton_result res;
    cr_expect(eq(int, urio_newton_solve(w, &wrong, x, NULL, &res), URIO_EINVAL));
    cr_expect(eq(int, urio_newton_set(w, &wrong, x), URIO_EINVAL));
    cr_expect(eq(str, (char *)urio_newton_reason_name(URIO_NEWTON_STALLED), "stalled"));
    cr_expect(eq(str, (char *)urio_newton_method_name(URIO_NEWTON_METHOD_HYBRID), "hybrid"));
    urio_newton_free(w);
    urio_newton_free(NULL);
}
