/* test_cge.c - the standard CGE model (urio/cge.h) against published numbers,
 * closed forms and invariants:
 *  - the textbook SAM of Hosoe, Gasawa & Hashimoto (2010, ch. 6; GAMS model library
 *    stdcge.gms): calibration identities, every SAM cell reproduced at benchmark
 *    prices, residual <= 1e-10, the benchmark utility and the tariff-abolition
 *    utility that the GAMS model library's stdcge reports (25.508490012515818 and
 *    26.092634381288686, solved with CONOPT), Walras' law, homogeneity;
 *  - the analytic Jacobian against central differences (traded and non-traded goods);
 *  - a closed two-good economy solved by hand (see the comment above its tests);
 *  - convergence from perturbed starts, the CPI as numeraire, two households;
 *  - bad SAMs: unbalanced, missing or double roles, negative flows, flows the model
 *    does not have, elasticities out of range. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#include "../../solver/econ/cge_internal.h"

static void setup(void)
{
    urio_run_init();
}

TestSuite(cge, .init = setup);

/* ---- Building models ------------------------------------------------------------ */

/* A model from a row-major SAM (rows receive, columns pay) and account roles. */
typedef struct fixture {
    size_t na;
    const char *const *names;
    const double *rows; /* na x na, row-major */
    size_t ng, nf, nh;
    size_t goods[8], factors[8], households[8];
    size_t gov, inv, row, tz, tm;
    double sigma, psi;
    urio_cge_numeraire numeraire;
    size_t numeraire_factor;
} fixture;

static urio_status build(const fixture *fx, urio_cge_model **m, urio_cge_where *where, urio_diag *d)
{
    urio_labels *acc = NULL;
    urio_matrix *sam = NULL;
    cr_assert(eq(int, urio_labels_create(fx->na, fx->names, &acc, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(fx->na, fx->na, &sam), URIO_OK));
    for (size_t r = 0; r < fx->na; r++)
        for (size_t c = 0; c < fx->na; c++)
            URIO_MAT(sam, r, c) = fx->rows[r * fx->na + c];
    double sig[8], psi[8];
    for (size_t i = 0; i < 8; i++) {
        sig[i] = fx->sigma;
        psi[i] = fx->psi;
    }
    urio_cge_spec sp = {
        .name = "test",
        .accounts = acc,
        .sam = sam,
        .ngoods = fx->ng,
        .goods = fx->goods,
        .nfactors = fx->nf,
        .factors = fx->factors,
        .nhouseholds = fx->nh,
        .households = fx->households,
        .government = fx->gov,
        .investment = fx->inv,
        .rest_of_world = fx->row,
        .tax_production = fx->tz,
        .tax_import = fx->tm,
        .armington = sig,
        .transformation = psi,
        .numeraire = fx->numeraire,
        .numeraire_factor = fx->numeraire_factor,
    };
    urio_diag_clear(d);
    urio_status s = urio_cge_model_create(&sp, m, where, d);
    urio_labels_free(acc);
    urio_matrix_free(sam);
    return s;
}

/* The textbook SAM (HGH 2010, ch. 6; stdcge.gms; also juanfung/pycge
 * stdcge_data_directory/param-sam-.csv). */
static const char *const hgh_names[] = {"BRD", "MLK", "CAP", "LAB", "IDT",
                                        "TRF", "HOH", "GOV", "INV", "EXT"};
/* clang-format off */
static const double hgh_sam[100] = {
    /*        BRD MLK CAP LAB IDT TRF HOH GOV INV EXT */
    /* BRD */ 21, 8,  0,  0,  0,  0,  20, 19, 16, 8,
    /* MLK */ 17, 9,  0,  0,  0,  0,  30, 14, 15, 4,
    /* CAP */ 20, 30, 0,  0,  0,  0,  0,  0,  0,  0,
    /* LAB */ 15, 25, 0,  0,  0,  0,  0,  0,  0,  0,
    /* IDT */ 5,  4,  0,  0,  0,  0,  0,  0,  0,  0,
    /* TRF */ 1,  2,  0,  0,  0,  0,  0,  0,  0,  0,
    /* HOH */ 0,  0,  50, 40, 0,  0,  0,  0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  9,  3,  23, 0,  0,  0,
    /* INV */ 0,  0,  0,  0,  0,  0,  17, 2,  0,  12,
    /* EXT */ 13, 11, 0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

static fixture hgh(void)
{
    fixture fx = {
        .na = 10,
        .names = hgh_names,
        .rows = hgh_sam,
        .ng = 2,
        .goods = {0, 1},
        .nf = 2,
        .factors = {2, 3},
        .nh = 1,
        .households = {6},
        .gov = 7,
        .inv = 8,
        .row = 9,
        .tz = 4,
        .tm = 5,
        .sigma = 2.0,
        .psi = 2.0,
        .numeraire = URIO_CGE_NUMERAIRE_FACTOR,
        .numeraire_factor = 1, /* LAB, as stdcge fixes pf("LAB") = 1 */
    };
    return fx;
}

static urio_cge_model *model_of(const fixture *fx)
{
    urio_cge_model *m = NULL;
    urio_diag d;
    urio_cge_where w;
    urio_status s = build(fx, &m, &w, &d);
    cr_assert(eq(int, s, URIO_OK), "%s", d.msg);
    return m;
}

static double var(const urio_cge_model *m, const double *v, urio_cge_block b, size_t i, size_t j)
{
    size_t idx = urio_cge_var(m, b, i, j);
    cr_assert(ne(sz, idx, SIZE_MAX));
    return v[idx];
}

static double max_abs_residual(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    double *r = malloc(m->ne * sizeof *r);
    cr_assert_not_null(r);
    cr_assert(eq(int, urio_cge_residual(m, p, v, r), 0));
    double mx = 0.0;
    for (size_t e = 0; e < m->ne; e++)
        if (fabs(r[e]) > mx) mx = fabs(r[e]);
    free(r);
    return mx;
}

/* Solve m under p from the benchmark; the solution must pass every check. */
static void solve_ok(const urio_cge_model *m, urio_cge_workspace *w, const urio_cge_params *p,
                     urio_cge_solution *sol)
{
    urio_status s = urio_cge_solve(m, w, p, NULL, NULL, sol);
    cr_assert(eq(int, s, URIO_OK), "%s", sol->failure);
    cr_expect(sol->converged);
    cr_expect(le(dbl, sol->residual, URIO_CGE_TOL_RESIDUAL));
    cr_expect(le(dbl, sol->walras, URIO_CGE_TOL_CHECK));
    cr_expect(le(dbl, sol->homogeneity, URIO_CGE_TOL_CHECK));
}

/* ---- The textbook model ------------------------------------------------------------- */

Test(cge, hgh_calibration_identities)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    cr_expect(eq(sz, m->n, 2));
    cr_expect(eq(sz, m->k, 2));
    cr_expect(eq(sz, m->H, 1));
    /* Benchmark flows: Z0 = Y0 + sum X0; D0 = (1 + tauz) Z0 - E0; Q0 = D0 + (1 + taum) M0. */
    cr_expect(epsilon_eq(dbl, m->Y0[0], 35.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->Z0[0], 73.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->Z0[1], 72.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->base.tauz[0], 5.0 / 73.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.taum[1], 2.0 / 11.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->D0[0], 70.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->D0[1], 72.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->Q0[0], 84.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->Q0[1], 85.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->Q0[1], m->D0[1] + (1.0 + m->base.taum[1]) * m->M0[1], 1e-12));
    /* Shares: alpha = Xp0 / sum Xp0, beta = F0 / Y0, ssp = Sp0 / income, taud = Td0 / income,
     * ssg = Sg0 / revenue, lambda = Xv0 / total saving, mu = Xg0 / sum Xg0. */
    cr_expect(epsilon_eq(dbl, m->alpha[0], 0.4, 1e-15));
    cr_expect(epsilon_eq(dbl, m->beta[0 + 2 * 1], 30.0 / 55.0, 1e-15)); /* CAP in MLK */
    cr_expect(epsilon_eq(dbl, m->ssp[0], 17.0 / 90.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.taud[0], 23.0 / 90.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->ssg, 2.0 / 35.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->lambda[0], 16.0 / 31.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->mu[1], 14.0 / 33.0, 1e-15));
    /* The CES and CET functions reproduce Q0 and Z0 from (M0, D0) and (E0, D0). */
    for (size_t i = 0; i < 2; i++) {
        double eta = m->eta[i], phi = m->phi[i];
        double q =
            m->gamma[i] *
            pow(m->deltam[i] * pow(m->M0[i], eta) + m->deltad[i] * pow(m->D0[i], eta), 1.0 / eta);
        double z = m->theta[i] *
                   pow(m->xie[i] * pow(m->E0[i], phi) + m->xid[i] * pow(m->D0[i], phi), 1.0 / phi);
        cr_expect(epsilon_eq(dbl, q, m->Q0[i], 1e-12));
        cr_expect(epsilon_eq(dbl, z, m->Z0[i], 1e-12));
    }
    /* Residual at the calibrated point, every equation including the dropped one. */
    cr_expect(le(dbl, max_abs_residual(m, &m->base, m->v0), 1e-13));
    /* Every SAM cell reproduced at benchmark prices. */
    urio_matrix *sam = NULL;
    cr_assert(eq(int, urio_matrix_create(10, 10, &sam), URIO_OK));
    cr_assert(eq(int, urio_cge_sam_at(m, &m->base, m->v0, sam), URIO_OK));
    for (size_t r = 0; r < 10; r++)
        for (size_t c = 0; c < 10; c++)
            cr_expect(epsilon_eq(dbl, URIO_MAT(sam, r, c), hgh_sam[r * 10 + c], 1e-12),
                      "cell (%s, %s)", hgh_names[r], hgh_names[c]);
    urio_matrix_free(sam);
    /* The benchmark utility of stdcge: UU = prod Xp^alpha = 20^0.4 30^0.6. */
    cr_expect(epsilon_eq(dbl, urio_cge_utility(m, m->v0, 0), 25.508490012515818, 1e-12));
    urio_cge_model_free(m);
}

Test(cge, hgh_benchmark_checks_pass)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    cr_expect(c.passed);
    cr_expect(le(dbl, c.sam_imbalance, 0.0));
    cr_expect(le(dbl, c.benchmark_residual, 1e-10));
    cr_expect(le(dbl, c.benchmark_sam, 1e-10));
    cr_expect(le(dbl, c.replication, 1e-8));
    cr_expect(le(dbl, c.walras, 1e-8));
    cr_expect(le(dbl, c.homogeneity, 1e-8));
    cr_expect(eq(int, c.solver.reason, URIO_NEWTON_CONVERGED));
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* Tariff abolition (taum = 0 for both goods): the GAMS model library's stdcge
 * (gamspy port, solved with CONOPT) reports the utility 26.092634381288686. */
Test(cge, hgh_tariff_abolition_matches_stdcge)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    size_t all[2] = {0, 1};
    urio_cge_shock sh = {URIO_CGE_SHOCK_TAX_IMPORT, 2, all, URIO_CHANGE_SET, 0.0};
    urio_cge_scenario sc = {(char *)"no tariffs", 1, &sh};
    urio_diag d;
    cr_assert(eq(int, urio_cge_scenario_apply(m, &sc, &p, &d), URIO_OK));
    cr_expect(eq(dbl, p.taum[0], 0.0));
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    const double *v = sol.v;
    cr_expect(epsilon_eq(dbl, urio_cge_utility(m, v, 0), 26.092634381288686, 1e-9 * 26.09));
    /* Every equation holds, the dropped one included. */
    cr_expect(le(dbl, max_abs_residual(m, &p, v), 1e-9));
    /* Invariants: no tariff revenue; government revenue falls; total imports rise
     * (paid for by more exports after the exchange rate depreciates), and so do those
     * of MLK, whose tariff (2/11) was the higher; BRD's (1/13) fall slightly, as MLK's
     * larger tariff cut and the dearer currency outweigh its own; welfare rises
     * (EV > 0); the numeraire stays at 1. */
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_TM, 0, 0), 0.0, 1e-12));
    cr_expect(lt(dbl, urio__cge_revenue(m, v), m->T0));
    cr_expect(gt(dbl, var(m, v, URIO_CGE_M, 0, 0) + var(m, v, URIO_CGE_M, 1, 0), 24.0));
    cr_expect(gt(dbl, var(m, v, URIO_CGE_M, 1, 0), m->M0[1]));
    cr_expect(gt(dbl, var(m, v, URIO_CGE_EPS, 0, 0), 1.0));
    cr_expect(gt(dbl, urio_cge_ev(m, v, 0), 0.0));
    cr_expect(eq(dbl, var(m, v, URIO_CGE_PF, 1, 0), 1.0));
    /* EV = (U1 - U0) / (0.4^0.4 0.6^0.6). */
    const double ev = (26.092634381288686 - 25.508490012515818) / (pow(0.4, 0.4) * pow(0.6, 0.6));
    cr_expect(epsilon_eq(dbl, urio_cge_ev(m, v, 0), ev, 1e-8));
    /* The balance of payments holds in foreign currency. */
    double bop = p.Sf;
    for (size_t i = 0; i < 2; i++)
        bop += var(m, v, URIO_CGE_E, i, 0) - var(m, v, URIO_CGE_M, i, 0);
    cr_expect(le(dbl, fabs(bop), 1e-9));
    /* Effects: base values are the benchmark, EV has base 0. */
    urio_effects fxs = {0};
    cr_assert(eq(int, urio_cge_effects_append(m, 0, &p, v, &fxs), URIO_OK));
    bool saw_ev = false, saw_rev = false;
    for (size_t q = 0; q < fxs.count; q++) {
        const urio_effect *e = &fxs.e[q];
        if (strcmp(e->indicator, "equivalent_variation") == 0 && strcmp(e->label, "HOH") == 0) {
            saw_ev = true;
            cr_expect(eq(dbl, e->base, 0.0));
            cr_expect(epsilon_eq(dbl, e->value, ev, 1e-8));
        }
        if (strcmp(e->indicator, "government_revenue") == 0) {
            saw_rev = true;
            cr_expect(epsilon_eq(dbl, e->base, 35.0, 1e-12));
            cr_expect(lt(dbl, e->value, e->base));
        }
        if (strcmp(e->indicator, "output") == 0 && strcmp(e->label, "BRD") == 0)
            cr_expect(epsilon_eq(dbl, e->base, 73.0, 1e-12));
    }
    cr_expect(saw_ev);
    cr_expect(saw_rev);
    urio_effects_free(&fxs);
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* The same scenario with the CPI as numeraire: real results do not depend on the
 * choice of numeraire, so the utility is the same and the CPI is 1. */
Test(cge, cpi_numeraire_gives_the_same_real_solution)
{
    fixture fx = hgh();
    fx.numeraire = URIO_CGE_NUMERAIRE_CPI;
    urio_cge_model *m = model_of(&fx);
    cr_expect(eq(sz, m->fixed, SIZE_MAX));
    cr_expect(eq(sz, m->ne, m->nv + 1));
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_assert(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.taum[0] = p.taum[1] = 0.0;
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    cr_expect(epsilon_eq(dbl, urio_cge_utility(m, sol.v, 0), 26.092634381288686, 1e-9 * 26.09));
    const double cpi =
        0.4 * var(m, sol.v, URIO_CGE_PQ, 0, 0) + 0.6 * var(m, sol.v, URIO_CGE_PQ, 1, 0);
    cr_expect(epsilon_eq(dbl, cpi, 1.0, 1e-12));
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* Convergence from starts far from the benchmark (each unknown moved by up to 20 %
 * or 40 % in a fixed pattern), with the numeraire doubled too. */
Test(cge, converges_from_perturbed_starts)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    double *start = malloc(m->nv * sizeof *start);
    cr_assert_not_null(start);
    const double amp[] = {0.2, 0.4};
    for (size_t a = 0; a < 2; a++)
        for (unsigned pattern = 1; pattern <= 3; pattern++) {
            for (size_t i = 0; i < m->nv; i++)
                start[i] = m->v0[i] * (1.0 + amp[a] * sin((double)(pattern * (i + 1))));
            urio_cge_solution sol = {0};
            urio_status s = urio_cge_solve(m, w, &m->base, start, NULL, &sol);
            cr_expect(eq(int, s, URIO_OK), "amplitude %g pattern %u: %s", amp[a], pattern,
                      sol.failure);
            for (size_t i = 0; s == URIO_OK && i < m->nv; i++)
                cr_expect(epsilon_eq(dbl, sol.v[i], m->v0[i], 1e-8 * m->vscale[i]));
            urio_cge_solution_clear(&sol);
        }
    free(start);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* The analytic Jacobian against central differences in the scaled unknowns. */
static void check_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    const size_t ne = m->ne, nv = m->nv;
    double *J = calloc(ne * nv, sizeof *J);
    size_t *row = malloc(ne * sizeof *row), *col = malloc(nv * sizeof *col);
    double *vp = malloc(nv * sizeof *vp), *rp = malloc(ne * sizeof *rp),
           *rm = malloc(ne * sizeof *rm);
    cr_assert(J != NULL && row != NULL && col != NULL && vp != NULL && rp != NULL && rm != NULL);
    for (size_t e = 0; e < ne; e++)
        row[e] = e;
    for (size_t i = 0; i < nv; i++)
        col[i] = i;
    urio__cge_jac jac = {J, ne, row, col};
    cr_assert(eq(int, urio__cge_jacobian(m, p, v, &jac), 0));
    for (size_t i = 0; i < nv; i++) {
        const double h = 1e-6;
        memcpy(vp, v, nv * sizeof *vp);
        vp[i] = v[i] + h * m->vscale[i];
        cr_assert(eq(int, urio_cge_residual(m, p, vp, rp), 0));
        vp[i] = v[i] - h * m->vscale[i];
        cr_assert(eq(int, urio_cge_residual(m, p, vp, rm), 0));
        for (size_t e = 0; e < ne; e++) {
            const double fd = (rp[e] - rm[e]) / (2.0 * h), an = J[e + ne * i];
            if (!(fabs(fd - an) <= 1e-6 * (1.0 + fabs(an)))) {
                char en[600], vn[600];
                urio_cge_eq_name(m, e, en, sizeof en);
                urio_cge_var_name(m, i, vn, sizeof vn);
                cr_expect(epsilon_eq(dbl, an, fd, 1e-6 * (1.0 + fabs(an))), "d %s / d %s", en, vn);
            }
        }
    }
    free(J);
    free(row);
    free(col);
    free(vp);
    free(rp);
    free(rm);
}

Test(cge, analytic_jacobian_matches_central_differences)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    double *v = malloc(m->nv * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < m->nv; i++)
        v[i] = m->v0[i] * (1.0 + 0.15 * sin(3.0 * (double)i + 1.0));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.taum[0] = 0.03;
    p.tauz[1] = 0.1;
    p.Sf = 14.0;
    check_jacobian(m, &p, v);
    check_jacobian(m, &m->base, m->v0);
    urio_cge_params_clear(&p);
    free(v);
    urio_cge_model_free(m);
}

/* ---- A good that is not exported ---------------------------------------------------- */

/* The textbook SAM with MLK's exports (4) moved to BRD (8 -> 12), and labour paid
 * 19 by BRD and 21 by MLK so that the SAM stays balanced: MLK is not exported, so
 * its CET block takes the E0 = 0 form. */
/* clang-format off */
static const double nx_sam[100] = {
    /*        BRD MLK CAP LAB IDT TRF HOH GOV INV EXT */
    /* BRD */ 21, 8,  0,  0,  0,  0,  20, 19, 16, 12,
    /* MLK */ 17, 9,  0,  0,  0,  0,  30, 14, 15, 0,
    /* CAP */ 20, 30, 0,  0,  0,  0,  0,  0,  0,  0,
    /* LAB */ 19, 21, 0,  0,  0,  0,  0,  0,  0,  0,
    /* IDT */ 5,  4,  0,  0,  0,  0,  0,  0,  0,  0,
    /* TRF */ 1,  2,  0,  0,  0,  0,  0,  0,  0,  0,
    /* HOH */ 0,  0,  50, 40, 0,  0,  0,  0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  9,  3,  23, 0,  0,  0,
    /* INV */ 0,  0,  0,  0,  0,  0,  17, 2,  0,  12,
    /* EXT */ 13, 11, 0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

Test(cge, non_exported_good)
{
    fixture fx = hgh();
    fx.rows = nx_sam;
    urio_cge_model *m = model_of(&fx);
    cr_expect(eq(dbl, m->E0[1], 0.0));
    cr_expect(eq(dbl, m->xie[1], 0.0));
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_assert(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.taum[0] = p.taum[1] = 0.0;
    p.tauz[1] = 0.1;
    check_jacobian(m, &p, m->v0);
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    cr_expect(eq(dbl, var(m, sol.v, URIO_CGE_E, 1, 0), 0.0));
    /* Zero profit of MLK's transformation: pd D = (1 + tauz) pz Z. */
    cr_expect(epsilon_eq(dbl, var(m, sol.v, URIO_CGE_PD, 1, 0) * var(m, sol.v, URIO_CGE_D, 1, 0),
                         1.1 * var(m, sol.v, URIO_CGE_PZ, 1, 0) * var(m, sol.v, URIO_CGE_Z, 1, 0),
                         1e-9));
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* ---- Two households ------------------------------------------------------------------ */

/* HOH split into two identical halves: each receives half of every factor's income
 * and spends it in the same proportions.  Cobb-Douglas utility is homogeneous of
 * degree one, so after tariff abolition each half has exactly half of stdcge's
 * utility, 26.092634381288686 / 2. */
static const char *const two_names[] = {"BRD", "MLK", "CAP", "LAB", "IDT", "TRF",
                                        "H1",  "H2",  "GOV", "INV", "EXT"};
/* clang-format off */
static const double two_sam[121] = {
    /*        BRD MLK CAP LAB IDT TRF H1   H2   GOV INV EXT */
    /* BRD */ 21, 8,  0,  0,  0,  0,  10,  10,  19, 16, 8,
    /* MLK */ 17, 9,  0,  0,  0,  0,  15,  15,  14, 15, 4,
    /* CAP */ 20, 30, 0,  0,  0,  0,  0,   0,   0,  0,  0,
    /* LAB */ 15, 25, 0,  0,  0,  0,  0,   0,   0,  0,  0,
    /* IDT */ 5,  4,  0,  0,  0,  0,  0,   0,   0,  0,  0,
    /* TRF */ 1,  2,  0,  0,  0,  0,  0,   0,   0,  0,  0,
    /* H1  */ 0,  0,  25, 20, 0,  0,  0,   0,   0,  0,  0,
    /* H2  */ 0,  0,  25, 20, 0,  0,  0,   0,   0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  9,  3,  11.5, 11.5, 0, 0,  0,
    /* INV */ 0,  0,  0,  0,  0,  0,  8.5, 8.5, 2,  0,  12,
    /* EXT */ 13, 11, 0,  0,  0,  0,  0,   0,   0,  0,  0,
};
/* clang-format on */

Test(cge, two_identical_households_split_welfare)
{
    fixture fx = {
        .na = 11,
        .names = two_names,
        .rows = two_sam,
        .ng = 2,
        .goods = {0, 1},
        .nf = 2,
        .factors = {2, 3},
        .nh = 2,
        .households = {6, 7},
        .gov = 8,
        .inv = 9,
        .row = 10,
        .tz = 4,
        .tm = 5,
        .sigma = 2.0,
        .psi = 2.0,
        .numeraire = URIO_CGE_NUMERAIRE_FACTOR,
        .numeraire_factor = 1,
    };
    urio_cge_model *m = model_of(&fx);
    cr_expect(epsilon_eq(dbl, m->share[0 + 2 * 0], 0.5, 1e-15));
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_assert(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.taum[0] = p.taum[1] = 0.0;
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    for (size_t h = 0; h < 2; h++)
        cr_expect(
            epsilon_eq(dbl, urio_cge_utility(m, sol.v, h), 26.092634381288686 / 2.0, 1e-9 * 13.0));
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* ---- A closed two-good economy solved by hand ---------------------------------------
 *
 * Goods A and B, factors LAB and CAP, one household, no government, no trade, no
 * intermediate inputs, no taxes.  SAM: LAB <- A 30, LAB <- B 20, CAP <- A 10,
 * CAP <- B 40; the household receives all factor income (I = 100), consumes A 30
 * and B 50 and saves 20, which buys A 10 and B 10 of investment.
 *
 * With Cobb-Douglas technology Y_j = b_j L_j^beta_j K_j^(1 - beta_j) (beta_A = 3/4,
 * beta_B = 1/3), consumption shares alpha = (3/8, 5/8) of (1 - s) I with s = 0.2,
 * and investment shares lambda = (1/2, 1/2) of s I, the value of good j sold is
 * p_j Y_j = a_j I with a_j = alpha_j (1 - s) + lambda_j s = (0.4, 0.6).  Factor
 * demands L_j = beta_j p_j Y_j / w = beta_j a_j I / w, so full employment gives
 * w Lbar = I sum_j a_j beta_j = I / 2 and r Kbar = I sum_j a_j (1 - beta_j) = I / 2:
 * factors are allocated in fixed proportions whatever b is.  With w = 1 (labour is
 * the numeraire):
 *  (a) productivity of A up 10 % (b_A x 1.1): I = 100, r = 1, allocations unchanged,
 *      Y_A = 44, p_A = 40 / 44 = 1 / 1.1, Y_B = 60, p_B = 1; the household buys
 *      Xp_A = 0.375 x 80 / p_A = 33, so U1 / U0 = 1.1^0.375 and
 *      EV = e(p0, U1) - e(p0, U0) = 80 (1.1^0.375 - 1).
 *  (b) labour supply up 20 % (Lbar = 60): I = 2 w Lbar = 120, r Kbar = 60 so r = 1.2,
 *      L_A = 0.75 x 0.4 x 120 = 36, L_B = 24, K unchanged, Y_A = 40 x 1.2^0.75,
 *      Y_B = 60 x 1.2^(1/3), p_A = 48 / Y_A = 1.2^0.25, p_B = 72 / Y_B = 1.2^(2/3). */
static const char *const closed_names[] = {"A", "B", "LAB", "CAP", "HOH", "GOV", "INV", "EXT"};
/* clang-format off */
static const double closed_sam[64] = {
    /*        A   B   LAB CAP HOH GOV INV EXT */
    /* A   */ 0,  0,  0,  0,  30, 0,  10, 0,
    /* B   */ 0,  0,  0,  0,  50, 0,  10, 0,
    /* LAB */ 30, 20, 0,  0,  0,  0,  0,  0,
    /* CAP */ 10, 40, 0,  0,  0,  0,  0,  0,
    /* HOH */ 0,  0,  50, 50, 0,  0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  0,  0,  0,  0,
    /* INV */ 0,  0,  0,  0,  20, 0,  0,  0,
    /* EXT */ 0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

static fixture closed(void)
{
    fixture fx = {
        .na = 8,
        .names = closed_names,
        .rows = closed_sam,
        .ng = 2,
        .goods = {0, 1},
        .nf = 2,
        .factors = {2, 3},
        .nh = 1,
        .households = {4},
        .gov = 5,
        .inv = 6,
        .row = 7,
        .tz = SIZE_MAX,
        .tm = SIZE_MAX,
        .sigma = 3.0,
        .psi = 1.5,
        .numeraire = URIO_CGE_NUMERAIRE_FACTOR,
        .numeraire_factor = 0,
    };
    return fx;
}

Test(cge, closed_economy_productivity_shock_closed_form)
{
    fixture fx = closed();
    urio_cge_model *m = model_of(&fx);
    cr_expect(not(m->trade));
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_assert(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    size_t a[1] = {0};
    urio_cge_shock sh = {URIO_CGE_SHOCK_PRODUCTIVITY, 1, a, URIO_CHANGE_PCT, 10.0};
    urio_cge_scenario sc = {(char *)"productivity A", 1, &sh};
    cr_assert(eq(int, urio_cge_scenario_apply(m, &sc, &p, &d), URIO_OK));
    cr_expect(epsilon_eq(dbl, p.b[0], 1.1 * m->base.b[0], 1e-14));
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    const double *v = sol.v;
    const double tol = 1e-10;
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_Z, 0, 0), 44.0, tol * 44));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_Z, 1, 0), 60.0, tol * 60));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PQ, 0, 0), 1.0 / 1.1, tol));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PQ, 1, 0), 1.0, tol));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PF, 1, 0), 1.0, tol));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_F, 0, 0), 30.0, tol * 30)); /* LAB in A */
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_F, 1, 1), 40.0, tol * 40)); /* CAP in B */
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_XP, 0, 0), 33.0, tol * 33));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_XV, 0, 0), 11.0, tol * 11));
    cr_expect(epsilon_eq(dbl, urio_cge_utility(m, v, 0),
                         urio_cge_utility(m, m->v0, 0) * pow(1.1, 0.375), tol * 40));
    cr_expect(epsilon_eq(dbl, urio_cge_ev(m, v, 0), 80.0 * (pow(1.1, 0.375) - 1.0), tol * 80));
    /* Without trade the exchange rate follows the numeraire. */
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_EPS, 0, 0), 1.0, tol));
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

Test(cge, closed_economy_factor_supply_shock_closed_form)
{
    fixture fx = closed();
    urio_cge_model *m = model_of(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    size_t lab[1] = {0};
    urio_cge_shock sh = {URIO_CGE_SHOCK_FACTOR_SUPPLY, 1, lab, URIO_CHANGE_PCT, 20.0};
    urio_cge_scenario sc = {(char *)"more labour", 1, &sh};
    urio_diag d;
    cr_assert(eq(int, urio_cge_scenario_apply(m, &sc, &p, &d), URIO_OK));
    cr_expect(epsilon_eq(dbl, p.FF[0], 60.0, 1e-12));
    urio_cge_solution sol = {0};
    solve_ok(m, w, &p, &sol);
    const double *v = sol.v, tol = 1e-10;
    const double YA = 40.0 * pow(1.2, 0.75), YB = 60.0 * pow(1.2, 1.0 / 3.0);
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PF, 1, 0), 1.2, tol));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_F, 0, 0), 36.0, tol * 36));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_F, 0, 1), 24.0, tol * 24));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_F, 1, 0), 10.0, tol * 10));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_Z, 0, 0), YA, tol * YA));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_Z, 1, 0), YB, tol * YB));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PQ, 0, 0), pow(1.2, 0.25), tol));
    cr_expect(epsilon_eq(dbl, var(m, v, URIO_CGE_PQ, 1, 0), pow(1.2, 2.0 / 3.0), tol));
    cr_expect(epsilon_eq(dbl, urio__cge_income(m, &p, v, 0), 120.0, tol * 120));
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

/* ---- Bad SAMs and specs --------------------------------------------------------------- */

/* Build the textbook model with one cell changed; return the status and diagnostic. */
static urio_status hgh_with(size_t r, size_t c, double val, urio_cge_where *where, urio_diag *d)
{
    static double rows[100];
    memcpy(rows, hgh_sam, sizeof rows);
    rows[r * 10 + c] = val;
    fixture fx = hgh();
    fx.rows = rows;
    urio_cge_model *m = NULL;
    urio_status s = build(&fx, &m, where, d);
    urio_cge_model_free(m);
    return s;
}

Test(cge, unbalanced_sam_names_each_account_and_amount)
{
    urio_cge_where where;
    urio_diag d;
    /* BRD buys 22 instead of 21 of its own good: BRD's row and column both grow by 1,
     * so change a cell off the diagonal: MLK pays BRD 18 instead of 17. */
    cr_expect(eq(int, hgh_with(0, 1, 9, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "not balanced"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, "BRD receives 93 but pays 92 (+1)"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, "MLK receives 89 but pays 90 (-1)"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, "2 accounts"), NULL)), "%s", d.msg);
    cr_expect(eq(sz, where.row, 0));
    /* Within 1e-9 of the SAM total (518) is balanced. */
    cr_expect(eq(int, hgh_with(0, 1, 8 + 1e-10, &where, &d), URIO_OK), "%s", d.msg);
}

Test(cge, negative_flow_where_impossible)
{
    urio_cge_where where;
    urio_diag d;
    /* A negative export of MLK (balanced by a negative foreign saving entry would
     * still be negative exports): refused before the balance check. */
    cr_expect(eq(int, hgh_with(1, 9, -4, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "(row MLK, column EXT)"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, "negative"), NULL)), "%s", d.msg);
    cr_expect(eq(sz, where.row, 1));
    cr_expect(eq(sz, where.col, 9));
}

Test(cge, flow_the_model_does_not_have)
{
    urio_cge_where where;
    urio_diag d;
    /* A government transfer to the household. */
    cr_expect(eq(int, hgh_with(6, 7, 5, &where, &d), URIO_EUNSUPPORTED));
    cr_expect(not(eq(ptr, strstr(d.msg, "(row HOH, column GOV)"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.hint, "transfers"), NULL)), "%s", d.hint);
}

Test(cge, roles_missing_or_doubled)
{
    urio_cge_model *m = NULL;
    urio_cge_where where;
    urio_diag d;
    fixture fx = hgh();
    fx.tm = SIZE_MAX; /* TRF has no role */
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "\"TRF\" has no role"), NULL)), "%s", d.msg);
    cr_expect(eq(sz, where.row, 5));
    fx = hgh();
    fx.factors[1] = 2; /* CAP twice */
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "\"CAP\" is both"), NULL)), "%s", d.msg);
    fx = hgh();
    fx.nh = 0;
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "no households"), NULL)), "%s", d.msg);
    fx = hgh();
    fx.gov = 6; /* HOH as government too */
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect_null(m);
}

Test(cge, elasticities_out_of_range)
{
    urio_cge_model *m = NULL;
    urio_cge_where where;
    urio_diag d;
    fixture fx = hgh();
    fx.sigma = 1.0;
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EINVAL));
    cr_expect(not(eq(ptr, strstr(d.msg, "Armington elasticity of BRD is 1"), NULL)), "%s", d.msg);
    fx.sigma = 2.0;
    fx.psi = -1.0;
    cr_expect(eq(int, build(&fx, &m, &where, &d), URIO_EINVAL));
    cr_expect_null(m);
}

Test(cge, impossible_shocks_are_refused)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    size_t t[1] = {1};
    urio_cge_shock sh = {URIO_CGE_SHOCK_TAX_IMPORT, 1, t, URIO_CHANGE_SET, -1.5};
    urio_cge_scenario sc = {(char *)"bad", 1, &sh};
    urio_diag d;
    cr_expect(eq(int, urio_cge_scenario_apply(m, &sc, &p, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "MLK"), NULL)), "%s", d.msg);
    sh.kind = URIO_CGE_SHOCK_FACTOR_SUPPLY;
    sh.change = URIO_CHANGE_PCT;
    sh.value = -100.0;
    cr_expect(eq(int, urio_cge_scenario_apply(m, &sc, &p, &d), URIO_EMODEL));
    urio_cge_params_clear(&p);
    urio_cge_model_free(m);
}

Test(cge, names_of_unknowns_and_equations)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    char buf[256];
    urio_cge_var_name(m, urio_cge_var(m, URIO_CGE_F, 0, 1), buf, sizeof buf);
    cr_expect(eq(str, buf, "F[CAP,MLK]"));
    urio_cge_var_name(m, urio_cge_var(m, URIO_CGE_EPS, 0, 0), buf, sizeof buf);
    cr_expect(eq(str, buf, "eps"));
    urio_cge_eq_name(m, m->eoff[URIO_CGE_EQ_PQD] + 1, buf, sizeof buf);
    cr_expect(eq(str, buf, "eqpqd[MLK] (composite-good market)"));
    urio_cge_eq_name(m, m->dropped, buf, sizeof buf);
    cr_expect(eq(str, buf, "eqpf[LAB] (factor market)"));
    cr_expect(eq(sz, urio_cge_var(m, URIO_CGE_Z, 2, 0), SIZE_MAX));
    cr_expect(eq(sz, m->nv, m->ne));
    urio_cge_model_free(m);
}

/* ---- Model files and scenario files (formats) ------------------------------------------ */

#define HGH "tests/fixtures/cge-hgh/"

Test(cge, model_file_loads_and_calibrates)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load(HGH "model.yaml", &mf, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(str, mf->kind, "cge"));
    cr_expect_null(mf->io);
    cr_assert_not_null(mf->cge);
    cr_expect(eq(sz, mf->nsources, 1));
    cr_expect(eq(sz, strlen(mf->hash), 16));
    const urio_cge_model *m = mf->cge;
    cr_expect(eq(str, m->goods->name[1], "MLK"));
    cr_expect(eq(str, m->factors->name[m->numeraire_factor], "LAB"));
    cr_expect(eq(dbl, m->sigma[0], 2.0));
    cr_expect(le(dbl, max_abs_residual(m, &m->base, m->v0), 1e-13));
    urio_model_file_free(mf);
}

/* Write text to dir/name. */
static void put_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static const char *hgh_csv = "account,BRD,MLK,CAP,LAB,IDT,TRF,HOH,GOV,INV,EXT\n"
                             "BRD,21,8,,,,,20,19,16,8\n"
                             "MLK,17,9,,,,,30,14,15,4\n"
                             "CAP,20,30,,,,,,,,\n"
                             "LAB,15,25,,,,,,,,\n"
                             "IDT,5,4,,,,,,,,\n"
                             "TRF,1,2,,,,,,,,\n"
                             "HOH,,,50,40,,,,,,\n"
                             "GOV,,,,,9,3,23,,,\n"
                             "INV,,,,,,,17,2,,12\n"
                             "EXT,13,11,,,,,,,,\n";

static const char *hgh_yaml = "model: cge\n"
                              "sam: sam.csv\n"
                              "accounts:\n"
                              "  goods: [BRD, MLK]\n"
                              "  factors: [CAP, LAB]\n"
                              "  households: [HOH]\n"
                              "  government: GOV\n"
                              "  investment: INV\n"
                              "  rest_of_world: EXT\n"
                              "  taxes: {production: IDT, import: TRF}\n"
                              "elasticities: {armington: {BRD: 2, MLK: 3}, transformation: 2}\n"
                              "numeraire: cpi\n";

/* Load model.yaml (with the given text) next to sam.csv (with the given text) in a
 * fresh directory; return the status, the model file in *out (or NULL). */
static urio_status load_text(const char *yaml, const char *csv, urio_model_file **out, urio_diag *d)
{
    char dir[] = "/tmp/urio-cge-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    put_file(dir, "model.yaml", yaml);
    put_file(dir, "sam.csv", csv);
    char path[512];
    snprintf(path, sizeof path, "%s/model.yaml", dir);
    urio_diag_clear(d);
    *out = NULL;
    urio_status s = urio_model_load(path, out, d);
    char p2[512];
    snprintf(p2, sizeof p2, "%s/sam.csv", dir);
    remove(p2);
    remove(path);
    rmdir(dir);
    return s;
}

Test(cge, elasticity_map_and_cpi_numeraire)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    cr_assert(eq(int, load_text(hgh_yaml, hgh_csv, &mf, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(dbl, mf->cge->sigma[1], 3.0));
    cr_expect(eq(int, mf->cge->numeraire, URIO_CGE_NUMERAIRE_CPI));
    urio_model_file_free(mf);
}

/* Replace the first occurrence of from by to in a copy of text. */
static char *edit(const char *text, const char *from, const char *to)
{
    const char *at = strstr(text, from);
    cr_assert_not_null(at, "no \"%s\" in the text", from);
    size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
    char *out = malloc(n);
    cr_assert_not_null(out);
    snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
    return out;
}

/* One bad input: status, file ending, line, and a piece of the message. */
static void expect_bad(const char *yaml, const char *csv, urio_status want, const char *file_end,
                       size_t line, const char *piece)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_status s = load_text(yaml, csv, &mf, &d);
    cr_expect(eq(int, s, want), "%s", d.msg);
    cr_expect_null(mf);
    urio_model_file_free(mf);
    size_t fl = strlen(d.file), el = strlen(file_end);
    cr_expect(fl >= el && strcmp(d.file + fl - el, file_end) == 0, "file %s", d.file);
    cr_expect(eq(sz, d.line, line), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, piece), NULL)), "%s", d.msg);
}

Test(cge, bad_model_files_are_located)
{
    char *y;
    /* An unbalanced SAM: the first unbalanced account's row in the SAM file. */
    char *c = edit(hgh_csv, "BRD,21,8,", "BRD,21,9,");
    expect_bad(hgh_yaml, c, URIO_EMODEL, "sam.csv", 2, "MLK receives 89 but pays 90 (-1)");
    free(c);
    /* A negative export: the cell's line. */
    c = edit(hgh_csv, "15,4\n", "15,-4\n");
    expect_bad(hgh_yaml, c, URIO_EMODEL, "sam.csv", 3, "negative");
    free(c);
    /* A SAM whose columns are not its rows. */
    c = edit(hgh_csv, "account,BRD,MLK", "account,MLK,BRD");
    expect_bad(hgh_yaml, c, URIO_EPARSE, "sam.csv", 2, "row 1 of the SAM is \"BRD\"");
    free(c);
    /* Unknown key, with a suggestion. */
    y = edit(hgh_yaml, "numeraire:", "numeraira:");
    expect_bad(y, hgh_csv, URIO_EPARSE, "model.yaml", 12, "unknown key `numeraira`");
    free(y);
    /* An account the SAM lacks, a role given twice, an account without a role. */
    y = edit(hgh_yaml, "[CAP, LAB]", "[CAP, LABOR]");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 5, "\"LABOR\" is not an account");
    free(y);
    y = edit(hgh_yaml, "government: GOV", "government: HOH");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 7, "already under `households`");
    free(y);
    y = edit(hgh_yaml, "  rest_of_world: EXT\n", "");
    expect_bad(y, hgh_csv, URIO_EPARSE, "model.yaml", 3, "no `rest_of_world`");
    free(y);
    y = edit(hgh_yaml, "  taxes: {production: IDT, import: TRF}\n", "  taxes: {production: IDT}\n");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 3, "\"TRF\"");
    free(y);
    /* Elasticities: a map missing a good, a negative number, text. */
    y = edit(hgh_yaml, "{BRD: 2, MLK: 3}", "{BRD: 2}");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 11, "no value for good \"MLK\"");
    free(y);
    y = edit(hgh_yaml, "transformation: 2", "transformation: -2");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 11, "is -2");
    free(y);
    y = edit(hgh_yaml, "numeraire: cpi", "numeraire: HOH");
    expect_bad(y, hgh_csv, URIO_EMODEL, "model.yaml", 12, "not a factor");
    free(y);
    y = edit(hgh_yaml, "numeraire: cpi\n",
             "numeraire: cpi\nclosure: {foreign_savings: flexible}\n");
    expect_bad(y, hgh_csv, URIO_EUNSUPPORTED, "model.yaml", 13, "not supported yet");
    free(y);
}

static urio_status parse_scen(const urio_cge_model *m, const char *text, urio_cge_scenario **sc,
                              size_t *n, urio_diag *d)
{
    urio_diag_clear(d);
    return urio_scenarios_parse_cge(text, strlen(text), "s.yaml", m, sc, n, d);
}

Test(cge, scenario_files)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    const char *good = "scenarios:\n"
                       "  - name: no tariffs\n"
                       "    shocks:\n"
                       "      - {type: tax, tax: import, target: all, set: 0}\n"
                       "  - name: mix\n"
                       "    shocks:\n"
                       "      - {type: tax, tax: direct, target: HOH, change: -0.05}\n"
                       "      - {type: productivity, target: [MLK], change_pct: 5}\n"
                       "      - {type: factor_supply, target: 'C*', change_pct: 10}\n"
                       "  - name: base\n"
                       "    shocks: []\n";
    cr_assert(eq(int, parse_scen(m, good, &sc, &n, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(sz, n, 3));
    cr_expect(eq(int, sc[0].shocks[0].kind, URIO_CGE_SHOCK_TAX_IMPORT));
    cr_expect(eq(sz, sc[0].shocks[0].ntargets, 2));
    cr_expect(eq(int, sc[1].shocks[0].kind, URIO_CGE_SHOCK_TAX_DIRECT));
    cr_expect(eq(int, sc[1].shocks[0].change, URIO_CHANGE_ABS));
    cr_expect(eq(dbl, sc[1].shocks[0].value, -0.05));
    cr_expect(eq(sz, sc[1].shocks[1].targets[0], 1));
    cr_expect(eq(int, sc[1].shocks[2].kind, URIO_CGE_SHOCK_FACTOR_SUPPLY));
    cr_expect(eq(sz, sc[1].shocks[2].ntargets, 1));
    cr_expect(eq(sz, sc[1].shocks[2].targets[0], 0));
    cr_expect(eq(sz, sc[2].nshocks, 0));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    cr_assert(eq(int, urio_cge_scenario_apply(m, &sc[1], &p, &d), URIO_OK));
    cr_expect(epsilon_eq(dbl, p.taud[0], 23.0 / 90.0 - 0.05, 1e-15));
    cr_expect(epsilon_eq(dbl, p.b[1], 1.05 * m->base.b[1], 1e-14));
    cr_expect(epsilon_eq(dbl, p.FF[0], 55.0, 1e-12));
    urio_cge_params_clear(&p);
    urio_cge_scenarios_free(sc, n);

    const struct {
        const char *text;
        urio_status want;
        size_t line;
        const char *piece;
    } bad[] = {
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: tax, tax: export, target: all, "
         "set: 0}\n",
         URIO_EUNSUPPORTED, 4, "tax 'export'"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: tax, tax: imports, target: all, "
         "set: 0}\n",
         URIO_EPARSE, 4, "unknown tax"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: tax, tax: import, target: BREAD, "
         "set: 0}\n",
         URIO_EMODEL, 4, "\"BREAD\" is not one of the model's goods"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: tax, tax: direct, target: BRD, "
         "set: 0}\n",
         URIO_EMODEL, 4, "households"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: mobility, target: all, set: 0}\n",
         URIO_EUNSUPPORTED, 4, "mobility"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: tax, tax: import, target: all, "
         "set: 0, change: 1}\n",
         URIO_EPARSE, 4, "both"},
        {"scenarios:\n  - name: a\n    shocks:\n      - {type: productivity, tax: import, "
         "target: all, set: 1}\n",
         URIO_EPARSE, 4, "unknown key `tax`"},
        {"scenarios:\n  - name: a\n    shocks: []\n  - name: a\n    shocks: []\n", URIO_EPARSE, 4,
         "two scenarios"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        urio_status s = parse_scen(m, bad[i].text, &sc, &n, &d);
        cr_expect(eq(int, s, bad[i].want), "case %zu: %s", i, d.msg);
        cr_expect(eq(sz, d.line, bad[i].line), "case %zu: %s", i, d.msg);
        cr_expect(not(eq(ptr, strstr(d.msg, bad[i].piece), NULL)), "case %zu: %s", i, d.msg);
        cr_expect_null(sc);
    }
    urio_cge_model_free(m);
}

/* Continuation: with two Newton iterations per attempt and no hybrid fallback, tariff
 * abolition is reached by stepping the tariffs from their benchmark values to zero;
 * with one iteration and no continuation the solve fails and names the equations
 * with the largest residuals. */
Test(cge, continuation_and_failure_report)
{
    fixture fx = hgh();
    urio_cge_model *m = model_of(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.taum[0] = p.taum[1] = 0.0;
    p.FF[0] *= 1.5; /* and 50 % more capital, so that two iterations are not enough */
    urio_cge_solve_opts o;
    urio_cge_solve_opts_init(&o);
    o.newton.max_iter = 2;
    o.newton.hybrid = false;
    urio_cge_solution sol = {0};
    urio_status s = urio_cge_solve(m, w, &p, NULL, &o, &sol);
    cr_assert(eq(int, s, URIO_OK), "%s", sol.failure);
    cr_expect(sol.solver.continuation);
    cr_expect(ge(sz, sol.solver.steps, 2));
    cr_expect(le(dbl, max_abs_residual(m, &p, sol.v), 1e-9));
    /* The same point as a plain solve. */
    urio_cge_solution ref = {0};
    solve_ok(m, w, &p, &ref);
    for (size_t i = 0; i < m->nv; i++)
        cr_expect(epsilon_eq(dbl, sol.v[i], ref.v[i], 1e-9 * m->vscale[i]));
    o.newton.max_iter = 1;
    o.newton.continuation = false;
    s = urio_cge_solve(m, w, &p, NULL, &o, &sol);
    cr_expect(eq(int, s, URIO_ENOCONV));
    cr_expect(not(sol.converged));
    cr_expect(not(eq(ptr, strstr(sol.failure, "max_iter"), NULL)), "%s", sol.failure);
    cr_expect(not(eq(ptr, strstr(sol.failure, "largest residuals: eq"), NULL)), "%s", sol.failure);
    urio_cge_solution_clear(&ref);
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}
