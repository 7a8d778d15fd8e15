/* test_cge_taxes.c - the commodity (sales), export and factor-use taxes and the
 * government transfers of the CGE model (docs/cge-model.md §3.1, §4, §7), against
 * closed forms and invariants:
 *  - calibration from a SAM with every tax account and a transfer: every cell
 *    reproduced, the zero shock solved from a start 10 % off reproducing the SAM to
 *    1e-10, and the rates equal to the SAM's ratios (written out below);
 *  - the analytic Jacobian with every new instrument switched on, against central
 *    differences;
 *  - each new tax: Walras' law and homogeneity after the shock, the implied SAM
 *    balanced, government revenue equal to the sum of the tax cells, and each tax
 *    cell equal to rate x base computed here from the solution;
 *  - a tax set to its benchmark rate changes nothing (to 1e-10);
 *  - equivalences that hold exactly: for a good that is neither exported nor
 *    imported, a commodity tax, a production tax and (when the good has no
 *    intermediate inputs) a uniform tax on its factors at the same rate give the
 *    same real equilibrium and the same revenue;
 *  - transfers: the household budget identity, the transfer's exact amount in the
 *    household's income, the EV's sign, and a negative transfer refused;
 *  - remittances from abroad and a transfer between households read from the SAM:
 *    every cell reproduced, each household's budget and the balance of payments
 *    after a shock; a household paying itself refused;
 *  - bad input: an export tax with no exports to tax. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#include "../../solver/econ/cge_internal.h"
#include "cge_fixture.h"

static void setup(void)
{
    urio_run_init();
}

TestSuite(cge_taxes, .init = setup);

/* ---- Building models ------------------------------------------------------------ */

/* The textbook SAM (Hosoe, Gasawa & Hashimoto 2010, ch. 6) with three more tax
 * accounts and a transfer, kept balanced: a commodity tax SLT (BRD 2, MLK 1), an
 * export tax XTX on BRD's exports (1 of the 8 the world pays), a tax TXK on the
 * use of capital (BRD 2, MLK 3), a transfer of 4 from the government to the
 * household; the government spends the extra 5 on BRD (+3) and MLK (+2), the
 * household its transfer on BRD (+2) and MLK (+2). */
static const char *const tx_names[] = {"BRD", "MLK", "CAP", "LAB", "IDT", "TRF", "HOH",
                                       "GOV", "INV", "EXT", "SLT", "XTX", "TXK"};
/* clang-format off */
static const double tx_sam[169] = {
    /*        BRD MLK CAP LAB IDT TRF HOH GOV INV EXT SLT XTX TXK */
    /* BRD */ 21, 8,  0,  0,  0,  0,  22, 22, 16, 8,  0,  0,  0,
    /* MLK */ 17, 9,  0,  0,  0,  0,  32, 16, 15, 4,  0,  0,  0,
    /* CAP */ 20, 30, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* LAB */ 15, 25, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* IDT */ 5,  4,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* TRF */ 1,  2,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* HOH */ 0,  0,  50, 40, 0,  0,  0,  4,  0,  0,  0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  9,  3,  23, 0,  0,  0,  3,  1,  5,
    /* INV */ 0,  0,  0,  0,  0,  0,  17, 2,  0,  12, 0,  0,  0,
    /* EXT */ 13, 11, 0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* SLT */ 2,  1,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* XTX */ 1,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* TXK */ 2,  3,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

static const size_t tx_tc = 10, tx_te = 11, tx_tf[2] = {12, SIZE_MAX};

static cge_fixture tx(void)
{
    cge_fixture fx = {
        .name = "taxes",
        .na = 13,
        .names = tx_names,
        .rows = tx_sam,
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
        .tc = &tx_tc,
        .te = &tx_te,
        .tf = tx_tf,
        .sigma = 2.0,
        .psi = 2.0,
        .numeraire = URIO_CGE_NUMERAIRE_FACTOR,
        .numeraire_factor = 1,
    };
    return fx;
}

/* A closed economy (no trade), goods A and B, B made from capital and labour
 * alone; an empty production-tax account IDT and an empty rest of the world.
 * Neither good is traded, so a commodity tax and a production tax on the same good
 * are the same tax (docs/cge-model.md §3.1), and for B, which buys no inputs, so
 * is a tax at the same rate on all its factors. */
static const char *const cl_names[] = {"A", "B", "CAP", "LAB", "IDT", "HOH", "GOV", "INV", "EXT"};
/* clang-format off */
static const double cl_sam[81] = {
    /*        A   B   CAP LAB IDT HOH GOV INV EXT */
    /* A   */ 10, 0,  0,  0,  0,  35, 5,  10, 0,
    /* B   */ 5,  0,  0,  0,  0,  25, 3,  7,  0,
    /* CAP */ 20, 20, 0,  0,  0,  0,  0,  0,  0,
    /* LAB */ 25, 20, 0,  0,  0,  0,  0,  0,  0,
    /* IDT */ 0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* HOH */ 0,  0,  40, 45, 0,  0,  0,  0,  0,
    /* GOV */ 0,  0,  0,  0,  0,  10, 0,  0,  0,
    /* INV */ 0,  0,  0,  0,  0,  15, 2,  0,  0,
    /* EXT */ 0,  0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

static cge_fixture closed(void)
{
    cge_fixture fx = {
        .na = 9,
        .names = cl_names,
        .rows = cl_sam,
        .ng = 2,
        .goods = {0, 1},
        .nf = 2,
        .factors = {2, 3},
        .nh = 1,
        .households = {5},
        .gov = 6,
        .inv = 7,
        .row = 8,
        .tz = 4,
        .tm = SIZE_MAX,
        .sigma = 2.0,
        .psi = 2.0,
        .numeraire = URIO_CGE_NUMERAIRE_FACTOR,
        .numeraire_factor = 1,
    };
    return fx;
}

/* One shock on one target (f: the factor of a factor tax, SIZE_MAX: all) applied
 * to p. */
static urio_status shock(const urio_cge_model *m, urio_cge_shock_kind kind, size_t target, size_t f,
                         urio_change_kind change, double value, urio_cge_params *p, urio_diag *d)
{
    size_t t = target, fac = f;
    urio_cge_shock sh = {
        .kind = kind, .ntargets = 1, .targets = &t, .change = change, .value = value};
    if (f != SIZE_MAX) {
        sh.nfactors = 1;
        sh.factors = &fac;
    }
    urio_cge_scenario sc = {.name = "test", .nshocks = 1, .shocks = &sh};
    return urio_cge_scenario_apply(m, &sc, p, d);
}

/* Solve with every check on; the solution must pass. */
static void solve_ok(const urio_cge_model *m, const urio_cge_params *p, urio_cge_solution *sol)
{
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_status s = urio_cge_solve(m, w, p, NULL, NULL, sol);
    cr_assert(eq(int, s, URIO_OK), "%s", sol->failure);
    cr_expect(le(dbl, sol->residual, 1e-10));
    cr_expect(le(dbl, sol->walras, 1e-8));
    cr_expect(le(dbl, sol->homogeneity, 1e-8));
    urio_cge_workspace_free(w);
}

/* The implied SAM at v: balanced (every account's receipts = payments, to 1e-10 of
 * the total), returned for the caller to read cells (free it). */
static urio_matrix *balanced_sam(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    urio_matrix *S = NULL;
    cr_assert(eq(int, urio_matrix_create(m->sam->rows, m->sam->cols, &S), URIO_OK));
    cr_assert(eq(int, urio_cge_sam_at(m, p, v, S), URIO_OK));
    const size_t na = S->rows;
    double total = 0.0;
    for (size_t e = 0; e < na * na; e++)
        total += fabs(S->data[e]);
    for (size_t a = 0; a < na; a++) {
        double row = 0.0, col = 0.0;
        for (size_t j = 0; j < na; j++) {
            row += URIO_MAT(S, a, j);
            col += URIO_MAT(S, j, a);
        }
        cr_expect(epsilon_eq(dbl, row, col, 1e-10 * total),
                  "account %s: receives %.15g, pays %.15g", m->accounts->name[a], row, col);
    }
    return S;
}

/* ---- Calibration -------------------------------------------------------------------- */

Test(cge_taxes, calibration_reproduces_the_sam_and_the_rates)
{
    cge_fixture fx = tx();
    urio_cge_model *m = cge_fixture_model(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_expect(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    cr_expect(le(dbl, c.benchmark_residual, 1e-10));
    cr_expect(le(dbl, c.benchmark_sam, 1e-10));
    cr_expect(le(dbl, c.replication, 1e-10));
    cr_expect(le(dbl, c.walras, 1e-8));
    cr_expect(le(dbl, c.homogeneity, 1e-8));
    /* The rates are the SAM's ratios (docs/cge-model.md §4): the commodity tax on the
     * net value of purchases, tauc = Tc0 / (Q0 - Tc0) with Q0 = 21 + 8 + 22 + 22 + 16
     * = 89 (BRD) and 17 + 9 + 32 + 16 + 15 = 89 (MLK); the export tax on exports at
     * the exporter's price, taue = 1 / (8 - 1); the tax on capital use on its
     * payment, 2 / 20 and 3 / 30; the transfer 4 in units of the numeraire. */
    cr_expect(epsilon_eq(dbl, m->base.tauc[0], 2.0 / 87.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.tauc[1], 1.0 / 88.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.taue[0], 1.0 / 7.0, 1e-15));
    cr_expect(eq(dbl, m->base.taue[1], 0.0));
    cr_expect(epsilon_eq(dbl, m->base.tauf[0 + 2 * 0], 0.1, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.tauf[0 + 2 * 1], 0.1, 1e-15));
    cr_expect(eq(dbl, m->base.tauf[1 + 2 * 0], 0.0));
    cr_expect(eq(dbl, m->base.tr[0], 4.0));
    /* Exports at the exporter's price 1, the world paying 1 + taue. */
    cr_expect(epsilon_eq(dbl, m->E0[0], 7.0, 1e-15));
    cr_expect(epsilon_eq(dbl, m->base.pWe[0], 8.0 / 7.0, 1e-15));
    cr_expect(eq(dbl, m->base.pWe[1], 1.0));
    /* Value added at the activity's cost, factor tax included: beta_CAP,BRD = 22/37. */
    cr_expect(epsilon_eq(dbl, m->beta[0], 22.0 / 37.0, 1e-15));
    /* Income 94 = factor income 90 + the transfer; revenue 44 = every tax. */
    cr_expect(epsilon_eq(dbl, m->I0[0], 94.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->T0, 44.0, 1e-12));
    cr_expect(epsilon_eq(dbl, urio__cge_revenue(m, &m->base, m->v0), 44.0, 1e-12));
    /* The textbook's unknowns: no new blocks (the new taxes are explicit). */
    cr_expect(eq(sz, m->nv, 44));
    urio_cge_workspace_free(w);
    urio_cge_model_free(m);
}

Test(cge_taxes, analytic_jacobian_with_every_new_instrument)
{
    cge_fixture fx = tx();
    urio_cge_model *m = cge_fixture_model(&fx);
    double *v = malloc(m->nv * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < m->nv; i++)
        v[i] = m->v0[i] * (1.0 + 0.12 * sin(2.0 * (double)i + 0.5));
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.tauc[0] = 0.07;
    p.tauc[1] = -0.02;
    p.taue[0] = 0.2;
    p.taue[1] = 0.05;
    p.tauf[1 + 2 * 0] = 0.15; /* labour in BRD: no account, straight to the government */
    p.tauf[0 + 2 * 1] = 0.3;
    p.tr[0] = 6.0;
    cge_check_jacobian(m, &p, v);
    cge_check_jacobian(m, &m->base, m->v0);
    urio_cge_params_clear(&p);
    urio_cge_model_free(m);

    /* Goods that are not traded: the commodity tax in gamma pq = (1 + tauc) pd. */
    fx = closed();
    m = cge_fixture_model(&fx);
    v = realloc(v, m->nv * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < m->nv; i++)
        v[i] = m->v0[i] * (1.0 + 0.12 * sin(2.0 * (double)i + 0.5));
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    p.tauc[0] = 0.1;
    p.tauc[1] = 0.04;
    p.tauf[0 + 2 * 1] = 0.08;
    cge_check_jacobian(m, &p, v);
    urio_cge_params_clear(&p);
    free(v);
    urio_cge_model_free(m);
}

/* ---- Each tax: invariants and the revenue identity ----------------------------------- */

/* Solve p, check the implied SAM and that government revenue is the sum of its tax
 * cells, each equal to rate x base from the solution. */
static void revenue_identity(const urio_cge_model *m, const urio_cge_params *p)
{
    urio_cge_solution sol = {0};
    solve_ok(m, p, &sol);
    const double *v = sol.v;
    urio_matrix *S = balanced_sam(m, p, v);
    const size_t g = m->acc_government;
    double row = 0.0, col = 0.0;
    for (size_t a = 0; a < S->rows; a++) {
        row += URIO_MAT(S, g, a);
        col += URIO_MAT(S, a, g);
    }
    const double T = urio__cge_revenue(m, p, v);
    cr_expect(epsilon_eq(dbl, row, T, 1e-12 * T), "government receipts %.15g, revenue %.15g", row,
              T);
    cr_expect(epsilon_eq(dbl, col, T, 1e-10 * T));
    /* Each tax from its base, written here independently of the code's form. */
    for (size_t j = 0; j < m->n; j++) {
        const double net =
            cge_var(m, v, URIO_CGE_PD, j, 0) * cge_var(m, v, URIO_CGE_D, j, 0) +
            (1.0 + p->taum[j]) * cge_var(m, v, URIO_CGE_PM, j, 0) * cge_var(m, v, URIO_CGE_M, j, 0);
        const double tc = p->tauc[j] * net;
        const double te =
            p->taue[j] * cge_var(m, v, URIO_CGE_PE, j, 0) * cge_var(m, v, URIO_CGE_E, j, 0);
        if (m->acc_tax_commodity != SIZE_MAX)
            cr_expect(epsilon_eq(dbl, URIO_MAT(S, m->acc_tax_commodity, m->acc_goods[j]), tc,
                                 1e-10 * (1.0 + fabs(tc))));
        if (m->acc_tax_export != SIZE_MAX)
            cr_expect(epsilon_eq(dbl, URIO_MAT(S, m->acc_tax_export, m->acc_goods[j]), te,
                                 1e-12 * (1.0 + fabs(te))));
        /* The world pays (1 + taue) pe per unit of exports: eps pWe = (1 + taue) pe. */
        cr_expect(epsilon_eq(dbl, cge_var(m, v, URIO_CGE_EPS, 0, 0) * p->pWe[j],
                             (1.0 + p->taue[j]) * cge_var(m, v, URIO_CGE_PE, j, 0), 1e-10));
    }
    for (size_t a = 0; a < m->A; a++)
        for (size_t f = 0; f < m->k; f++) {
            const double tf = p->tauf[f + m->k * a] * cge_var(m, v, URIO_CGE_PF, f, 0) *
                              cge_var(m, v, URIO_CGE_F, f, a) / 1.0;
            const size_t ta = m->acc_tax_factor[f];
            if (ta != SIZE_MAX)
                cr_expect(
                    epsilon_eq(dbl, URIO_MAT(S, ta, m->acc_acts[a]), tf, 1e-12 * (1.0 + fabs(tf))));
        }
    urio_matrix_free(S);
    urio_cge_solution_clear(&sol);
}

/* A test on the model tx(): m, its parameters p from the benchmark (to shock), the
 * solution sol and d for messages. */
typedef struct tax_test {
    urio_cge_model *m;
    urio_cge_params p;
    urio_cge_solution sol;
    urio_diag d;
} tax_test;

static void tax_test_begin(tax_test *t)
{
    cge_fixture fx = tx();
    t->m = cge_fixture_model(&fx);
    t->sol = (urio_cge_solution){0};
    cr_assert(eq(int, urio_cge_params_init(t->m, &t->p), URIO_OK));
}

/* One shock on p (see shock()), which must be accepted. */
static void tax_test_shock(tax_test *t, urio_cge_shock_kind kind, size_t target, size_t f,
                           urio_change_kind change, double value)
{
    cr_assert(eq(int, shock(t->m, kind, target, f, change, value, &t->p, &t->d), URIO_OK), "%s",
              t->d.msg);
}

/* The shocked p: the revenue identity, then p solved into sol (which must pass). */
static void tax_test_solve(tax_test *t)
{
    revenue_identity(t->m, &t->p);
    solve_ok(t->m, &t->p, &t->sol);
}

static void tax_test_end(tax_test *t)
{
    urio_cge_solution_clear(&t->sol);
    urio_cge_params_clear(&t->p);
    urio_cge_model_free(t->m);
}

Test(cge_taxes, commodity_tax_invariants)
{
    tax_test t;
    tax_test_begin(&t);
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_COMMODITY, 0, SIZE_MAX, URIO_CHANGE_ABS, 0.05);
    cr_expect(epsilon_eq(dbl, t.p.tauc[0], 2.0 / 87.0 + 0.05, 1e-15));
    tax_test_solve(&t);
    /* A higher tax on BRD: buyers pay more for it, the household buys less of it. */
    cr_expect(gt(dbl, cge_var(t.m, t.sol.v, URIO_CGE_PQ, 0, 0), 1.0));
    cr_expect(lt(dbl, cge_var(t.m, t.sol.v, URIO_CGE_XP, 0, 0), t.m->Xp0[0]));
    tax_test_end(&t);
}

Test(cge_taxes, export_tax_invariants)
{
    tax_test t;
    tax_test_begin(&t);
    /* Double BRD's export tax; and tax MLK's exports, which the SAM does not. */
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_EXPORT, 0, SIZE_MAX, URIO_CHANGE_PCT, 100.0);
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_EXPORT, 1, SIZE_MAX, URIO_CHANGE_SET, 0.1);
    cr_expect(epsilon_eq(dbl, t.p.taue[0], 2.0 / 7.0, 1e-15));
    tax_test_solve(&t);
    cr_expect(lt(dbl, cge_var(t.m, t.sol.v, URIO_CGE_E, 0, 0), t.m->E0[0]));
    cr_expect(lt(dbl, cge_var(t.m, t.sol.v, URIO_CGE_E, 1, 0), t.m->E0[1]));
    tax_test_end(&t);
}

Test(cge_taxes, factor_tax_invariants)
{
    tax_test t;
    tax_test_begin(&t);
    const urio_cge_model *m = t.m;
    /* Capital in MLK taxed at 20 %; labour in every activity (no account: the SAM at
     * the solution books it straight to the government) at 5 %. */
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_FACTOR, 1, 0, URIO_CHANGE_SET, 0.2);
    for (size_t a = 0; a < 2; a++)
        tax_test_shock(&t, URIO_CGE_SHOCK_TAX_FACTOR, a, 1, URIO_CHANGE_SET, 0.05);
    tax_test_solve(&t);
    const double *v = t.sol.v;
    /* Capital moves out of MLK, where it is taxed more; the net rentals are equal
     * (one capital market), the gross cost differs by the tax: the first-order
     * condition (1 + tauf) pf F = beta py Y holds. */
    cr_expect(lt(dbl, cge_var(m, v, URIO_CGE_F, 0, 1), m->F0[0 + 2 * 1]));
    for (size_t a = 0; a < 2; a++)
        for (size_t f = 0; f < 2; f++)
            cr_expect(epsilon_eq(dbl,
                                 (1.0 + t.p.tauf[f + 2 * a]) * cge_var(m, v, URIO_CGE_PF, f, 0) *
                                     cge_var(m, v, URIO_CGE_F, f, a),
                                 m->beta[f + 2 * a] * cge_var(m, v, URIO_CGE_PY, a, 0) *
                                     cge_var(m, v, URIO_CGE_Y, a, 0),
                                 1e-9));
    /* A factor tax with no factor given taxes every factor of the activity. */
    urio_cge_params q;
    cr_assert(eq(int, urio_cge_params_init(m, &q), URIO_OK));
    cr_assert(eq(int,
                 shock(m, URIO_CGE_SHOCK_TAX_FACTOR, 0, SIZE_MAX, URIO_CHANGE_ABS, 0.01, &q, &t.d),
                 URIO_OK));
    cr_expect(epsilon_eq(dbl, q.tauf[0], 0.11, 1e-15));
    cr_expect(epsilon_eq(dbl, q.tauf[1], 0.01, 1e-15));
    cr_expect(epsilon_eq(dbl, q.tauf[2], 0.1, 1e-15));
    urio_cge_params_clear(&q);
    tax_test_end(&t);
}

Test(cge_taxes, tax_at_its_benchmark_rate_changes_nothing)
{
    tax_test t;
    tax_test_begin(&t);
    const urio_cge_model *m = t.m;
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_COMMODITY, 0, SIZE_MAX, URIO_CHANGE_SET, 2.0 / 87.0);
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_EXPORT, 0, SIZE_MAX, URIO_CHANGE_SET, 1.0 / 7.0);
    tax_test_shock(&t, URIO_CGE_SHOCK_TAX_FACTOR, 1, 0, URIO_CHANGE_SET, 0.1);
    tax_test_shock(&t, URIO_CGE_SHOCK_TRANSFER, 0, SIZE_MAX, URIO_CHANGE_SET, 4.0);
    /* From a start 10 % off, so that the solver has to find the benchmark again. */
    double *start = malloc(m->nv * sizeof *start);
    cr_assert_not_null(start);
    for (size_t i = 0; i < m->nv; i++)
        start[i] = m->v0[i] * (1.0 + 0.1 * sin((double)i));
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    cr_assert(eq(int, urio_cge_solve(m, w, &t.p, start, NULL, &t.sol), URIO_OK), "%s",
              t.sol.failure);
    for (size_t i = 0; i < m->nv; i++)
        cr_expect(epsilon_eq(dbl, t.sol.v[i], m->v0[i], 1e-10 * m->vscale[i]), "unknown %zu", i);
    cr_expect(epsilon_eq(dbl, urio_cge_ev(m, t.sol.v, 0), 0.0, 1e-10));
    urio_cge_workspace_free(w);
    free(start);
    tax_test_end(&t);
}

/* ---- Equivalent taxes on a good that is not traded ------------------------------------- */

/* The real equilibrium (quantities, buyers' prices, revenue, utility) of a and b
 * agree. */
static void same_real_equilibrium(const urio_cge_model *m, const urio_cge_params *pa,
                                  const urio_cge_params *pb)
{
    urio_cge_solution a = {0}, b = {0};
    solve_ok(m, pa, &a);
    solve_ok(m, pb, &b);
    const urio_cge_block real[] = {URIO_CGE_Z,  URIO_CGE_F,  URIO_CGE_XP, URIO_CGE_XG,
                                   URIO_CGE_XV, URIO_CGE_Q,  URIO_CGE_PQ, URIO_CGE_PF,
                                   URIO_CGE_SP, URIO_CGE_SG, URIO_CGE_TD};
    for (size_t q = 0; q < sizeof real / sizeof real[0]; q++)
        for (size_t i = m->voff[real[q]]; i < m->voff[real[q] + 1]; i++) {
            char name[200];
            urio_cge_var_name(m, i, name, sizeof name);
            cr_expect(epsilon_eq(dbl, a.v[i], b.v[i], 1e-9 * m->vscale[i]), "%s: %.15g vs %.15g",
                      name, a.v[i], b.v[i]);
        }
    cr_expect(epsilon_eq(dbl, urio__cge_revenue(m, pa, a.v), urio__cge_revenue(m, pb, b.v), 1e-9));
    cr_expect(epsilon_eq(dbl, urio_cge_utility(m, a.v, 0), urio_cge_utility(m, b.v, 0), 1e-9));
    /* And the tax did something. */
    cr_expect(gt(dbl, fabs(urio_cge_ev(m, a.v, 0)), 1e-3));
    urio_cge_solution_clear(&a);
    urio_cge_solution_clear(&b);
}

Test(cge_taxes, nontraded_good_commodity_production_and_factor_taxes_agree)
{
    cge_fixture fx = closed();
    urio_cge_model *m = cge_fixture_model(&fx);
    urio_cge_params pz, pc, pf;
    urio_diag d;
    cr_assert(eq(int, urio_cge_params_init(m, &pz), URIO_OK));
    cr_assert(eq(int, urio_cge_params_init(m, &pc), URIO_OK));
    cr_assert(eq(int, urio_cge_params_init(m, &pf), URIO_OK));
    /* Good A (with intermediate inputs): production tax = commodity tax. */
    cr_assert(
        eq(int, shock(m, URIO_CGE_SHOCK_TAX_PRODUCTION, 0, SIZE_MAX, URIO_CHANGE_SET, 0.1, &pz, &d),
           URIO_OK));
    cr_assert(eq(int,
                 shock(m, URIO_CGE_SHOCK_TAX_COMMODITY, 0, SIZE_MAX, URIO_CHANGE_SET, 0.1, &pc, &d),
                 URIO_OK));
    same_real_equilibrium(m, &pz, &pc);
    /* Good B (value added only): production tax = commodity tax = the same tax on
     * both its factors. */
    urio_cge_params_copy(m, &m->base, &pz);
    urio_cge_params_copy(m, &m->base, &pc);
    cr_assert(
        eq(int, shock(m, URIO_CGE_SHOCK_TAX_PRODUCTION, 1, SIZE_MAX, URIO_CHANGE_SET, 0.2, &pz, &d),
           URIO_OK));
    cr_assert(eq(int,
                 shock(m, URIO_CGE_SHOCK_TAX_COMMODITY, 1, SIZE_MAX, URIO_CHANGE_SET, 0.2, &pc, &d),
                 URIO_OK));
    cr_assert(eq(int,
                 shock(m, URIO_CGE_SHOCK_TAX_FACTOR, 1, SIZE_MAX, URIO_CHANGE_SET, 0.2, &pf, &d),
                 URIO_OK));
    same_real_equilibrium(m, &pz, &pc);
    same_real_equilibrium(m, &pz, &pf);
    revenue_identity(m, &pc);
    revenue_identity(m, &pf);
    urio_cge_params_clear(&pz);
    urio_cge_params_clear(&pc);
    urio_cge_params_clear(&pf);
    urio_cge_model_free(m);
}

/* ---- Transfers ------------------------------------------------------------------------- */

Test(cge_taxes, transfer_budget_identity_and_ev)
{
    tax_test t;
    tax_test_begin(&t);
    const urio_cge_model *m = t.m;
    /* 5 more from the government: 9 in all. */
    tax_test_shock(&t, URIO_CGE_SHOCK_TRANSFER, 0, SIZE_MAX, URIO_CHANGE_ABS, 5.0);
    solve_ok(m, &t.p, &t.sol);
    const double *v = t.sol.v;
    urio_matrix *S = balanced_sam(m, &t.p, v);
    /* The transfer cell is 9 numeraire units (the numeraire, labour, at 1). */
    cr_expect(epsilon_eq(dbl, URIO_MAT(S, 6, 7), 9.0, 1e-12));
    /* Budget: income = factor income + transfer = consumption + saving + direct tax. */
    const double inc = urio_cge_income(m, &t.p, v, 0);
    const double fi =
        cge_var(m, v, URIO_CGE_PF, 0, 0) * m->FF0[0] + cge_var(m, v, URIO_CGE_PF, 1, 0) * m->FF0[1];
    cr_expect(epsilon_eq(dbl, inc, fi + 9.0, 1e-10 * inc));
    double spend = cge_var(m, v, URIO_CGE_SP, 0, 0) + cge_var(m, v, URIO_CGE_TD, 0, 0);
    for (size_t i = 0; i < m->n; i++)
        spend += cge_var(m, v, URIO_CGE_PQ, i, 0) * cge_var(m, v, URIO_CGE_XP, i, 0);
    cr_expect(epsilon_eq(dbl, spend, inc, 1e-10 * inc));
    /* The household gains, the government buys less. */
    cr_expect(gt(dbl, urio_cge_ev(m, v, 0), 0.0));
    cr_expect(lt(dbl, cge_var(m, v, URIO_CGE_XG, 0, 0), m->Xg0[0]));
    urio_matrix_free(S);
    urio_cge_solution_clear(&t.sol);

    /* Less transfer: the household loses.  Below zero: refused. */
    urio_cge_params_copy(m, &m->base, &t.p);
    tax_test_shock(&t, URIO_CGE_SHOCK_TRANSFER, 0, SIZE_MAX, URIO_CHANGE_SET, 1.0);
    solve_ok(m, &t.p, &t.sol);
    cr_expect(lt(dbl, urio_cge_ev(m, t.sol.v, 0), 0.0));
    urio_cge_solution_clear(&t.sol);
    cr_expect(eq(int,
                 shock(m, URIO_CGE_SHOCK_TRANSFER, 0, SIZE_MAX, URIO_CHANGE_ABS, -5.0, &t.p, &t.d),
                 URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(t.d.hint, "cannot be negative"), NULL)), "%s", t.d.hint);
    tax_test_end(&t);
}

/* ---- Bad input ------------------------------------------------------------------------ */

Test(cge_taxes, export_tax_without_exports)
{
    /* MLK pays all its 4 of exports as export tax (its capital and sales taxes moved
     * to it, the government's receipts rearranged), so nothing is left to tax. */
    double rows[169];
    memcpy(rows, tx_sam, sizeof rows);
    rows[11 * 13 + 1] = 4.0; /* XTX <- MLK */
    rows[12 * 13 + 1] = 0.0; /* TXK <- MLK */
    rows[10 * 13 + 1] = 0.0; /* SLT <- MLK */
    rows[7 * 13 + 10] = 2.0; /* GOV <- SLT */
    rows[7 * 13 + 11] = 5.0; /* GOV <- XTX */
    rows[7 * 13 + 12] = 2.0; /* GOV <- TXK */
    cge_fixture fx = tx();
    fx.rows = rows;
    urio_cge_model *m = NULL;
    urio_cge_where where;
    urio_diag d;
    cr_expect(eq(int, cge_fixture_build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "export tax 4"), NULL)), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.hint, "export tax needs exports"), NULL)), "%s", d.hint);
    cr_expect(eq(sz, where.row, 1));
    cr_expect_null(m);
    /* A commodity-tax account paid by the household: a flow the model lacks,
     * refused (naming the cell) before the balance is checked. */
    memcpy(rows, tx_sam, sizeof rows);
    rows[10 * 13 + 6] = 1.0; /* SLT <- HOH */
    fx.rows = rows;
    cr_expect(eq(int, cge_fixture_build(&fx, &m, &where, &d), URIO_EUNSUPPORTED), "%s", d.msg);
    cr_expect(not(eq(ptr, strstr(d.msg, "(row SLT, column HOH)"), NULL)), "%s", d.msg);
    cr_expect_null(m);
}

/* ---- Remittances and transfers between households ----------------------------------- */

/* The textbook SAM with its household split in two, urban HU and rural HR (capital
 * 40 and 10, labour 25 and 15), HU sending 3 to HR, and HR receiving 2 of
 * remittances from abroad, which it spends on BRD and MLK (1 each), imported (BRD
 * 13 -> 14, MLK 11 -> 12). */
static const char *const hh_names[] = {"BRD", "MLK", "CAP", "LAB", "IDT", "TRF",
                                       "HU",  "HR",  "GOV", "INV", "EXT"};
/* clang-format off */
static const double hh_sam[121] = {
    /*        BRD MLK CAP LAB IDT TRF HU  HR  GOV INV EXT */
    /* BRD */ 21, 8,  0,  0,  0,  0,  12, 9,  19, 16, 8,
    /* MLK */ 17, 9,  0,  0,  0,  0,  20, 11, 14, 15, 4,
    /* CAP */ 20, 30, 0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* LAB */ 15, 25, 0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* IDT */ 5,  4,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* TRF */ 1,  2,  0,  0,  0,  0,  0,  0,  0,  0,  0,
    /* HU  */ 0,  0,  40, 25, 0,  0,  0,  0,  0,  0,  0,
    /* HR  */ 0,  0,  10, 15, 0,  0,  3,  0,  0,  0,  2,
    /* GOV */ 0,  0,  0,  0,  9,  3,  18, 5,  0,  0,  0,
    /* INV */ 0,  0,  0,  0,  0,  0,  12, 5,  2,  0,  12,
    /* EXT */ 14, 12, 0,  0,  0,  0,  0,  0,  0,  0,  0,
};
/* clang-format on */

static cge_fixture two_households(const double *rows)
{
    cge_fixture fx = {
        .na = 11,
        .names = hh_names,
        .rows = rows,
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
    return fx;
}

Test(cge_taxes, remittances_and_transfers_between_households)
{
    cge_fixture fx = two_households(hh_sam);
    urio_cge_model *m = cge_fixture_model(&fx);
    urio_cge_workspace *w = NULL;
    cr_assert(eq(int, urio_cge_workspace_create(m, &w), URIO_OK));
    urio_cge_checks c;
    urio_diag d;
    cr_expect(eq(int, urio_cge_check_benchmark(m, w, &c, &d), URIO_OK), "%s", d.msg);
    cr_expect(le(dbl, c.benchmark_sam, 1e-10));
    cr_expect(le(dbl, c.replication, 1e-10));
    urio_cge_workspace_free(w);
    cr_expect(epsilon_eq(dbl, m->I0[0], 65.0, 1e-12));
    cr_expect(epsilon_eq(dbl, m->I0[1], 30.0, 1e-12));
    cr_expect(eq(dbl, m->rem0[1], 2.0));
    cr_expect(eq(dbl, m->trhh0[1 + 2 * 0], 3.0));

    /* The Jacobian (remittances are eps x a fixed amount) at a point away from the
     * benchmark. */
    double *v = malloc(m->nv * sizeof *v);
    cr_assert_not_null(v);
    for (size_t i = 0; i < m->nv; i++)
        v[i] = m->v0[i] * (1.0 + 0.1 * cos(3.0 * (double)i));
    cge_check_jacobian(m, &m->base, v);
    free(v);

    /* Tariffs abolished: each household's budget and the balance of payments. */
    urio_cge_params p;
    cr_assert(eq(int, urio_cge_params_init(m, &p), URIO_OK));
    for (size_t j = 0; j < 2; j++)
        cr_assert(eq(int,
                     shock(m, URIO_CGE_SHOCK_TAX_IMPORT, j, SIZE_MAX, URIO_CHANGE_SET, 0.0, &p, &d),
                     URIO_OK));
    urio_cge_solution sol = {0};
    solve_ok(m, &p, &sol);
    const double *x = sol.v;
    urio_matrix *S = balanced_sam(m, &p, x);
    const double eps = cge_var(m, x, URIO_CGE_EPS, 0, 0);
    const double pf[2] = {cge_var(m, x, URIO_CGE_PF, 0, 0), cge_var(m, x, URIO_CGE_PF, 1, 0)};
    /* Factor income by the SAM's shares, the transfer 3 (the numeraire, labour, is
     * 1), the remittance 2 at the exchange rate. */
    const double inc[2] = {pf[0] * 40.0 * m->FF0[0] / 50.0 + pf[1] * 25.0 * m->FF0[1] / 40.0,
                           pf[0] * 10.0 * m->FF0[0] / 50.0 + pf[1] * 15.0 * m->FF0[1] / 40.0 + 3.0 +
                               2.0 * eps};
    const double paid[2] = {3.0, 0.0};
    for (size_t h = 0; h < 2; h++) {
        cr_expect(epsilon_eq(dbl, urio_cge_income(m, &p, x, h), inc[h], 1e-10 * inc[h]));
        double spend =
            cge_var(m, x, URIO_CGE_SP, h, 0) + cge_var(m, x, URIO_CGE_TD, h, 0) + paid[h];
        for (size_t i = 0; i < 2; i++)
            spend += cge_var(m, x, URIO_CGE_PQ, i, 0) * cge_var(m, x, URIO_CGE_XP, i, h);
        cr_expect(epsilon_eq(dbl, spend, inc[h], 1e-10 * inc[h]), "household %zu", h);
    }
    cr_expect(epsilon_eq(dbl, URIO_MAT(S, 7, 10), 2.0 * eps, 1e-12));
    cr_expect(epsilon_eq(dbl, URIO_MAT(S, 7, 6), 3.0, 1e-12));
    /* Balance of payments in foreign currency: exports + foreign saving + remittances
     * = imports (world prices 1). */
    const double bop = cge_var(m, x, URIO_CGE_E, 0, 0) + cge_var(m, x, URIO_CGE_E, 1, 0) + 12.0 +
                       2.0 - cge_var(m, x, URIO_CGE_M, 0, 0) - cge_var(m, x, URIO_CGE_M, 1, 0);
    cr_expect(epsilon_eq(dbl, bop, 0.0, 1e-10));
    urio_matrix_free(S);
    urio_cge_solution_clear(&sol);
    urio_cge_params_clear(&p);
    urio_cge_model_free(m);

    /* A household paying itself is refused, naming it. */
    double rows[121];
    memcpy(rows, hh_sam, sizeof rows);
    rows[6 * 11 + 6] = 1.0; /* HU <- HU: its row and column both grow by 1 */
    fx = two_households(rows);
    urio_cge_where where;
    cr_expect(eq(int, cge_fixture_build(&fx, &m, &where, &d), URIO_EMODEL));
    cr_expect(not(eq(ptr, strstr(d.msg, "household HU pays itself"), NULL)), "%s", d.msg);
    cr_expect(eq(sz, where.row, 6));
    cr_expect_null(m);
}
