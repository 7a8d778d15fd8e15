/* cge_calibrate.c - the benchmark flows and the calibrated parameters of the CGE
 * model from a validated SAM (docs/cge-model.md, "Calibration").
 *
 * Prices are 1 at the benchmark, so every SAM cell is a quantity - except the
 * prices of segmented factors, which are 1 + wedge (the wedge is calibrated from
 * the price ratio the model file gives), so that their quantities are in physical
 * units of the class's base segment: F0 = payment / pf0.  The formulas are those of
 * the book's stdcge.gms, generalised to H households (each with its own
 * consumption shares, saving and direct tax rates, receiving factor f's income in
 * the proportions of the SAM's (household, factor) cells), to goods that are not
 * exported or not imported (E0 = 0 or M0 = 0: the CET or the Armington function
 * then degenerates to a fixed proportion, see cge_equations.c), and to
 * commodities made by several activities (a CES over the activities' outputs,
 * calibrated like the Armington function).  The scales that make residuals and
 * unknowns of order one are set here too. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>

#include "cge_internal.h"

static double cell(const urio_cge_model *m, size_t r, size_t c)
{
    return URIO_MAT(m->sam, r, c);
}

static void set_where(urio_cge_where *where, size_t acc)
{
    if (where != NULL) {
        where->row = acc;
        where->col = acc;
    }
}

/* An error about account acc (URIO_EMODEL); where and d are in scope. */
#define FAIL(acc, hint, ...) \
    (set_where(where, (acc)), urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, (hint), __VA_ARGS__))

/* The benchmark price of factor f: 1 + wedge for a segment, else 1. */
static double pf_bench(const urio_cge_model *m, size_t f)
{
    return 1.0 + m->base.omega[f];
}

/* The flows of the SAM, by role.  F0 holds payments here; calibrate_agents turns
 * them into physical quantities. */
static void read_flows(urio_cge_model *m)
{
    const size_t n = m->n, k = m->k, H = m->H, A = m->A;
    const size_t *g = m->acc_goods, *act = m->acc_acts, *fa = m->acc_factors,
                 *hh = m->acc_households;
    for (size_t a = 0; a < A; a++) {
        for (size_t i = 0; i < n; i++)
            m->X0[i + n * a] = cell(m, g[i], act[a]);
        for (size_t f = 0; f < k; f++)
            m->F0[f + k * a] = cell(m, fa[f], act[a]);
        m->Tz0[a] =
            m->acc_tax_production != SIZE_MAX ? cell(m, m->acc_tax_production, act[a]) : 0.0;
        for (size_t f = 0; f < k; f++)
            m->Tf0[f + k * a] =
                m->acc_tax_factor[f] != SIZE_MAX ? cell(m, m->acc_tax_factor[f], act[a]) : 0.0;
    }
    for (size_t j = 0; j < n; j++) {
        m->Tm0[j] = m->acc_tax_import != SIZE_MAX ? cell(m, m->acc_tax_import, g[j]) : 0.0;
        m->Tc0[j] = m->acc_tax_commodity != SIZE_MAX ? cell(m, m->acc_tax_commodity, g[j]) : 0.0;
        m->Te0[j] = m->acc_tax_export != SIZE_MAX ? cell(m, m->acc_tax_export, g[j]) : 0.0;
        m->M0[j] = cell(m, m->acc_row, g[j]);
        for (size_t h = 0; h < H; h++)
            m->Xp0[j + n * h] = cell(m, g[j], hh[h]);
        m->Xg0[j] = cell(m, g[j], m->acc_government);
        m->Xv0[j] = cell(m, g[j], m->acc_investment);
        /* Exports at the exporter's price (pe = 1): the world pays the export tax on
         * top, so that pWe = 1 + taue (calibrate_commodities). */
        m->E0[j] = cell(m, g[j], m->acc_row) - m->Te0[j];
    }
    for (size_t h = 0; h < H; h++) {
        m->Td0[h] = cell(m, m->acc_government, hh[h]);
        m->Sp0[h] = cell(m, m->acc_investment, hh[h]);
        m->tr0[h] = cell(m, hh[h], m->acc_government);
        m->rem0[h] = cell(m, hh[h], m->acc_row);
        m->I0[h] = m->tr0[h] + m->rem0[h];
        for (size_t c = 0; c < H; c++) {
            m->trhh0[h + H * c] = cell(m, hh[h], hh[c]);
            m->I0[h] += m->trhh0[h + H * c];
        }
        for (size_t f = 0; f < k; f++)
            m->I0[h] += cell(m, hh[h], fa[f]);
    }
    m->Sg0 = cell(m, m->acc_investment, m->acc_government);
    m->Sf0 = cell(m, m->acc_investment, m->acc_row);
    for (size_t a = 0; a < A; a++) {
        m->Y0[a] = 0.0;
        for (size_t f = 0; f < k; f++)
            m->Y0[a] += m->F0[f + k * a] + m->Tf0[f + k * a];
        m->Z0[a] = m->Y0[a];
        for (size_t i = 0; i < n; i++)
            m->Z0[a] += m->X0[i + n * a];
    }
    for (size_t j = 0; j < n; j++) {
        double q = m->Xg0[j] + m->Xv0[j];
        for (size_t h = 0; h < H; h++)
            q += m->Xp0[j + n * h];
        for (size_t a = 0; a < A; a++)
            q += m->X0[j + n * a];
        m->Q0[j] = q;
    }
    m->T0 = 0.0;
    for (size_t h = 0; h < H; h++)
        m->T0 += m->Td0[h];
    for (size_t a = 0; a < A; a++)
        m->T0 += m->Tz0[a];
    for (size_t j = 0; j < n; j++)
        m->T0 += m->Tm0[j] + m->Tc0[j] + m->Te0[j];
    for (size_t e = 0; e < k * A; e++)
        m->T0 += m->Tf0[e];
}

/* Activities: value added, tax rates, coefficients; factor payments become
 * quantities at the benchmark factor prices.  Value added is at the activity's
 * cost, factor taxes included: beta = (payment + factor tax) / Y0, and the factor
 * tax rate is on the payment the factor receives, tauf = Tf0 / payment. */
static urio_status calibrate_activities(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    const size_t n = m->n, k = m->k, A = m->A;
    const char *const *L = (const char *const *)m->activities->name;
    for (size_t a = 0; a < A; a++) {
        const size_t acc = m->acc_acts[a];
        if (!(m->Y0[a] > 0.0))
            return FAIL(acc, "every activity needs factor payments (value added)",
                        "%s %s has no value added (%g)", m->split ? "activity" : "good", L[a],
                        m->Y0[a]);
        const double tauz = m->Tz0[a] / m->Z0[a];
        if (!(1.0 + tauz > 0.0))
            return FAIL(acc, "a production subsidy cannot exceed the output value",
                        "%s %s has production tax rate %g <= -1", m->split ? "activity" : "good",
                        L[a], tauz);
        m->base.tauz[a] = tauz;
        m->ay[a] = m->Y0[a] / m->Z0[a];
        for (size_t i = 0; i < n; i++)
            m->ax[i + n * a] = m->X0[i + n * a] / m->Z0[a];
        double prod = 1.0;
        for (size_t f = 0; f < k; f++) {
            const double pay = m->F0[f + k * a], tax = m->Tf0[f + k * a];
            double tauf = 0.0;
            if (pay > 0.0) {
                tauf = tax / pay;
            } else if (tax != 0.0) {
                set_where(where, m->acc_tax_factor[f]);
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                     "a factor tax needs a base: the activity must pay the factor "
                                     "(cell (factor, activity) > 0)",
                                     "%s %s pays factor tax %g on %s but does not use it",
                                     m->split ? "activity" : "good", L[a], tax,
                                     m->factors->name[f]);
            }
            if (!(1.0 + tauf > 0.0))
                return FAIL(acc, "a factor subsidy cannot exceed the factor payment",
                            "%s %s has a tax rate %g <= -1 on %s", m->split ? "activity" : "good",
                            L[a], tauf, m->factors->name[f]);
            m->base.tauf[f + k * a] = tauf;
            const double beta = (pay + tax) / m->Y0[a];
            m->beta[f + k * a] = beta;
            m->F0[f + k * a] = pay / pf_bench(m, f);
            if (beta > 0.0) prod *= pow(m->F0[f + k * a], beta);
            m->base.eff[f + k * a] = 1.0;
        }
        m->base.b[a] = m->Y0[a] / prod;
    }
    return URIO_OK;
}

/* CES shares of flows x (with price factors w, 1 for none) and the scale that
 * reproduces total: delta_q = w_q x_q^(1 - rho) / sum, gamma = total / (sum delta
 * x^rho)^(1 / rho). */
static double ces_calibrate(size_t count, const double *x, const double *w, double rho,
                            double total, double *delta)
{
    double sum = 0.0;
    for (size_t q = 0; q < count; q++) {
        delta[q] = w[q] * pow(x[q], 1.0 - rho);
        sum += delta[q];
    }
    double agg = 0.0;
    for (size_t q = 0; q < count; q++) {
        delta[q] /= sum;
        agg += delta[q] * pow(x[q], rho);
    }
    return total / pow(agg, 1.0 / rho);
}

/* Commodities: tariffs, domestic sales, the Armington, CET and sourcing
 * parameters. */
static urio_status calibrate_commodities(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    const size_t n = m->n, A = m->A;
    const char *const *G = (const char *const *)m->goods->name;
    double *xs = malloc((A > 0 ? A : 1) * sizeof *xs), *ws = malloc((A > 0 ? A : 1) * sizeof *ws),
           *ds = malloc((A > 0 ? A : 1) * sizeof *ds);
    if (xs == NULL || ws == NULL || ds == NULL) {
        free(xs);
        free(ws);
        free(ds);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    urio_status s = URIO_OK;
    for (size_t j = 0; j < n && s == URIO_OK; j++) {
        const size_t acc = m->acc_goods[j];
        double taum = 0.0;
        if (m->M0[j] > 0.0) {
            taum = m->Tm0[j] / m->M0[j];
            if (!(1.0 + taum > 0.0)) {
                s = FAIL(acc, "an import subsidy cannot exceed the import value",
                         "good %s has import tariff rate %g <= -1", G[j], taum);
                break;
            }
        } else if (m->Tm0[j] != 0.0) {
            s = FAIL(acc, "a tariff needs imports of the same good",
                     "good %s pays import tax %g but has no imports", G[j], m->Tm0[j]);
            break;
        }
        m->base.taum[j] = taum;
        /* The commodity (sales) tax is on the composite's net value, Q0 - Tc0 (buyers
         * pay pq = 1 per unit, tax included). */
        const double qnet = m->Q0[j] - m->Tc0[j];
        if (m->Tc0[j] != 0.0 && !(qnet > 0.0)) {
            s = FAIL(acc, "a commodity tax needs a base: purchases of the good",
                     "good %s pays commodity tax %g on purchases of %g", G[j], m->Tc0[j], m->Q0[j]);
            break;
        }
        m->base.tauc[j] = m->Tc0[j] != 0.0 ? m->Tc0[j] / qnet : 0.0;
        if (!(1.0 + m->base.tauc[j] > 0.0)) {
            s = FAIL(acc, "a commodity subsidy cannot exceed the value of purchases",
                     "good %s has commodity tax rate %g <= -1", G[j], m->base.tauc[j]);
            break;
        }
        /* The export tax is on exports at the exporter's price, E0 (the SAM's exports
         * minus the tax). */
        double taue = 0.0;
        if (m->Te0[j] != 0.0) {
            if (!(m->E0[j] > 0.0)) {
                s = FAIL(acc, "an export tax needs exports of the same good, larger than the tax",
                         "good %s pays export tax %g but exports %g", G[j], m->Te0[j],
                         m->E0[j] + m->Te0[j]);
                break;
            }
            taue = m->Te0[j] / m->E0[j];
            if (!(1.0 + taue > 0.0)) {
                s = FAIL(acc, "an export subsidy cannot exceed the export value",
                         "good %s has export tax rate %g <= -1", G[j], taue);
                break;
            }
        }
        m->base.taue[j] = taue;
        /* National output at the price buyers pay: (1 + tauz) Z of the one activity,
         * or the sum over the activities that make the commodity. */
        double S0;
        const size_t one = m->good_act[j];
        if (one != SIZE_MAX) {
            S0 = m->Z0[one];
            m->XD0[j] = (1.0 + m->base.tauz[one]) * m->Z0[one];
        } else {
            size_t cnt = 0;
            double xd = 0.0;
            for (size_t a = 0; a < A; a++) {
                if (m->act_good[a] != j) continue;
                xs[cnt] = m->Z0[a];
                ws[cnt] = 1.0 + m->base.tauz[a];
                xd += ws[cnt] * xs[cnt];
                cnt++;
            }
            m->XD0[j] = xd;
            S0 = xd;
            const double rho = (m->sigs[j] - 1.0) / m->sigs[j];
            m->rhos[j] = rho;
            m->gammas[j] = ces_calibrate(cnt, xs, ws, rho, xd, ds);
            for (size_t a = 0, q = 0; a < A; a++)
                if (m->act_good[a] == j) m->deltas[a] = ds[q++];
        }
        m->D0[j] = m->XD0[j] - m->E0[j];
        if (!(m->D0[j] > 1e-12 * m->XD0[j])) {
            s = FAIL(acc,
                     "the model needs domestic sales of every good it produces (output plus "
                     "production tax minus exports)",
                     "good %s has no domestic sales (D0 = %g)", G[j], m->D0[j]);
            break;
        }
        const double sigma = m->sigma[j], psi = m->psi[j];
        const double eta = (sigma - 1.0) / sigma, phi = (psi + 1.0) / psi;
        m->eta[j] = eta;
        m->phi[j] = phi;
        const double D0 = m->D0[j], M0 = m->M0[j], E0 = m->E0[j];
        if (M0 > 0.0) {
            const double wm = (1.0 + taum) * pow(M0, 1.0 - eta), wd = pow(D0, 1.0 - eta);
            m->deltam[j] = wm / (wm + wd);
            m->deltad[j] = wd / (wm + wd);
            m->gamma[j] = m->Q0[j] /
                          pow(m->deltam[j] * pow(M0, eta) + m->deltad[j] * pow(D0, eta), 1.0 / eta);
        } else {
            m->deltam[j] = 0.0;
            m->deltad[j] = 1.0;
            m->gamma[j] = m->Q0[j] / D0;
        }
        if (E0 > 0.0) {
            const double we = pow(E0, 1.0 - phi), wd = pow(D0, 1.0 - phi);
            m->xie[j] = we / (we + wd);
            m->xid[j] = wd / (we + wd);
            m->theta[j] = S0 / pow(m->xie[j] * pow(E0, phi) + m->xid[j] * pow(D0, phi), 1.0 / phi);
        } else {
            m->xie[j] = 0.0;
            m->xid[j] = 1.0;
            m->theta[j] = S0 / D0;
        }
        m->base.pWe[j] = 1.0 + taue;
        m->base.pWm[j] = 1.0;
    }
    free(xs);
    free(ws);
    free(ds);
    return s;
}

/* Factors, households, government, investment, the CPI weights, the closures'
 * requirements. */
static urio_status calibrate_agents(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    const size_t n = m->n, k = m->k, H = m->H, A = m->A;
    for (size_t f = 0; f < k; f++) {
        double pay = 0.0, q = 0.0;
        for (size_t a = 0; a < A; a++) {
            pay += pf_bench(m, f) * m->F0[f + k * a];
            q += m->F0[f + k * a];
        }
        if (!(pay > 0.0))
            return FAIL(m->acc_factors[f], "every factor needs payments from firms",
                        "factor %s has no income (%g)", m->factors->name[f], pay);
        m->pf0[f] = pf_bench(m, f);
        m->FF0[f] = q;
        m->base.FF[f] = q;
        for (size_t h = 0; h < H; h++)
            m->share[h + H * f] = cell(m, m->acc_households[h], m->acc_factors[f]) / pay;
    }
    double ctot = 0.0, sptot = 0.0, itot = 0.0;
    for (size_t h = 0; h < H; h++) {
        const size_t acc = m->acc_households[h];
        if (m->trhh0[h + H * h] != 0.0)
            return FAIL(acc,
                        "transfers between households go from one household to another; "
                        "leave the diagonal cell empty",
                        "household %s pays itself %g", m->households->name[h], m->trhh0[h + H * h]);
        if (!(m->I0[h] > 0.0))
            return FAIL(acc, "every household needs factor income or transfers",
                        "household %s has no income (%g)", m->households->name[h], m->I0[h]);
        double c = 0.0;
        for (size_t i = 0; i < n; i++)
            c += m->Xp0[i + n * h];
        if (!(c > 0.0))
            return FAIL(acc, "every household needs consumption",
                        "household %s consumes nothing (%g)", m->households->name[h], c);
        for (size_t i = 0; i < n; i++)
            m->alpha[i + n * h] = m->Xp0[i + n * h] / c;
        m->ssp[h] = m->Sp0[h] / m->I0[h];
        m->base.tr[h] = m->tr0[h];
        m->base.taud[h] = m->Td0[h] / m->I0[h];
        ctot += c;
        sptot += m->Sp0[h];
        itot += m->I0[h];
    }
    /* Household-financed investment is paid in proportion to saving (income when
     * the households save nothing in total). */
    for (size_t h = 0; h < H; h++)
        m->finshare[h] = sptot != 0.0 ? m->Sp0[h] / sptot : m->I0[h] / itot;
    for (size_t i = 0; i < n; i++) {
        double c = 0.0;
        for (size_t h = 0; h < H; h++)
            c += m->Xp0[i + n * h];
        m->cpiw[i] = c / ctot;
    }
    if (m->T0 != 0.0) {
        m->ssg = m->Sg0 / m->T0;
    } else if (m->Sg0 != 0.0 && m->closure.government == URIO_CGE_GOV_SAVING_RATE) {
        return FAIL(m->acc_government, "government saving needs tax revenue",
                    "the government saves %g but collects no tax", m->Sg0);
    } else {
        m->ssg = 0.0;
    }
    double xg = 0.0;
    for (size_t i = 0; i < n; i++)
        xg += m->Xg0[i];
    for (size_t i = 0; i < n; i++)
        m->mu[i] = xg > 0.0 ? m->Xg0[i] / xg : 0.0;
    double sav = m->Sg0 + m->Sf0;
    for (size_t h = 0; h < H; h++)
        sav += m->Sp0[h];
    for (size_t i = 0; i < n; i++)
        m->lambda[i] = sav != 0.0 ? m->Xv0[i] / sav : 0.0;
    if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN && !(fabs(sptot) > 0.0))
        return FAIL(m->acc_investment,
                    "an investment-driven closure finances investment by scaling household "
                    "saving rates; the households must save",
                    "investment-driven closure, but the households save nothing");
    m->base.Sf = m->Sf0;
    m->base.numeraire =
        m->numeraire == URIO_CGE_NUMERAIRE_FACTOR ? m->pf0[m->numeraire_factor] : 1.0;
    m->trade = false;
    for (size_t i = 0; i < n; i++)
        if (m->E0[i] > 0.0 || m->M0[i] > 0.0) m->trade = true;
    if (m->Sf0 != 0.0) m->trade = true;
    for (size_t h = 0; h < H; h++)
        if (m->rem0[h] != 0.0) m->trade = true;
    if (!m->trade && m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED)
        return FAIL(m->acc_row,
                    "without trade the exchange rate has nothing to fix; use foreign_savings: "
                    "fixed",
                    "a fixed exchange rate needs exports, imports or foreign saving");
    /* Persons per unit of the migration class. */
    m->kappa = 0.0;
    if (m->migration_class != SIZE_MAX) {
        const urio_cge_class *cl = &m->classes[m->migration_class];
        double units = 0.0, people = 0.0;
        for (size_t q = 0; q < cl->nseg; q++)
            units += m->FF0[cl->segs[q]];
        for (size_t h = 0; h < H; h++)
            people += m->population[h];
        m->kappa = people / units;
    }
    return URIO_OK;
}

/* v0 and the scales: an unknown is divided by its benchmark level (or, when that
 * is zero or may change sign, by the level of what it belongs to), an equation by
 * the level of the flow it balances. */
static void scales(urio_cge_model *m)
{
    const size_t n = m->n, k = m->k, H = m->H, A = m->A;
    double *v0 = m->v0, *vs = m->vscale, *es = m->escale;
    double itot = 0.0, trade = 0.0;
    for (size_t h = 0; h < H; h++)
        itot += m->I0[h];
    for (size_t i = 0; i < n; i++)
        trade += m->E0[i] + m->M0[i];
    if (!(trade > 0.0)) trade = itot;
#define PUT(b, i, val, sc)                                           \
    do {                                                             \
        v0[m->voff[(b)] + (i)] = (val);                              \
        vs[m->voff[(b)] + (i)] = fabs(val) > 0.0 ? fabs(val) : (sc); \
    } while (0)
    for (size_t a = 0; a < A; a++) {
        PUT(URIO_CGE_Y, a, m->Y0[a], 1.0);
        for (size_t f = 0; f < k; f++)
            PUT(URIO_CGE_F, f + k * a, m->F0[f + k * a], m->Y0[a]);
        PUT(URIO_CGE_Z, a, m->Z0[a], 1.0);
        PUT(URIO_CGE_PY, a, 1.0, 1.0);
        PUT(URIO_CGE_PZ, a, 1.0, 1.0);
        PUT(URIO_CGE_TZ, a, m->Tz0[a], m->Z0[a]);
        vs[m->voff[URIO_CGE_TZ] + a] = m->Z0[a];
        for (size_t q = 0; q < m->kspec; q++)
            PUT(URIO_CGE_PFS, q + m->kspec * a, m->pf0[m->spec_list[q]], 1.0);
    }
    for (size_t j = 0; j < n; j++) {
        for (size_t h = 0; h < H; h++)
            PUT(URIO_CGE_XP, j + n * h, m->Xp0[j + n * h], m->Q0[j]);
        PUT(URIO_CGE_XG, j, m->Xg0[j], m->Q0[j]);
        PUT(URIO_CGE_XV, j, m->Xv0[j], m->Q0[j]);
        PUT(URIO_CGE_E, j, m->E0[j], m->XD0[j]);
        PUT(URIO_CGE_M, j, m->M0[j], m->Q0[j]);
        PUT(URIO_CGE_Q, j, m->Q0[j], 1.0);
        PUT(URIO_CGE_D, j, m->D0[j], 1.0);
        PUT(URIO_CGE_PQ, j, 1.0, 1.0);
        PUT(URIO_CGE_PE, j, 1.0, 1.0);
        PUT(URIO_CGE_PM, j, 1.0, 1.0);
        PUT(URIO_CGE_PD, j, 1.0, 1.0);
        PUT(URIO_CGE_TM, j, m->Tm0[j], m->Q0[j]);
        vs[m->voff[URIO_CGE_TM] + j] = m->Q0[j];
    }
    /* E's scale: Z0 in the goods form, as before the extension. */
    for (size_t j = 0; j < n; j++)
        if (m->good_act[j] != SIZE_MAX && m->E0[j] == 0.0)
            vs[m->voff[URIO_CGE_E] + j] = m->Z0[m->good_act[j]];
    for (size_t q = 0; q < m->nms; q++) {
        PUT(URIO_CGE_XD, q, m->XD0[m->ms_list[q]], 1.0);
        PUT(URIO_CGE_PX, q, 1.0, 1.0);
    }
    for (size_t f = 0; f < k; f++)
        PUT(URIO_CGE_PF, f, m->pf0[f], 1.0);
    for (size_t q = 0; q < m->kseg; q++)
        PUT(URIO_CGE_FFS, q, m->FF0[m->seg_list[q]], 1.0);
    PUT(URIO_CGE_EPS, 0, 1.0, 1.0);
    for (size_t h = 0; h < H; h++) {
        PUT(URIO_CGE_SP, h, m->Sp0[h], m->I0[h]);
        vs[m->voff[URIO_CGE_SP] + h] = m->I0[h];
        PUT(URIO_CGE_TD, h, m->Td0[h], m->I0[h]);
        vs[m->voff[URIO_CGE_TD] + h] = m->I0[h];
    }
    PUT(URIO_CGE_SG, 0, m->Sg0, itot);
    vs[m->voff[URIO_CGE_SG]] = itot;
    if (m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED) {
        PUT(URIO_CGE_SF, 0, m->Sf0, trade);
        vs[m->voff[URIO_CGE_SF]] = trade;
    }
    if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN) PUT(URIO_CGE_SADJ, 0, 1.0, 1.0);
#undef PUT

    /* Equation scales, block by block (docs/cge-model.md, "Scaling"). */
    for (size_t e = 0; e < m->ne; e++)
        es[e] = 1.0;
    for (size_t a = 0; a < A; a++) {
        es[m->eoff[URIO_CGE_EQ_PY] + a] = m->Y0[a];
        for (size_t f = 0; f < k; f++)
            es[m->eoff[URIO_CGE_EQ_F] + f + k * a] = m->Y0[a];
        es[m->eoff[URIO_CGE_EQ_Y] + a] = m->Y0[a];
        es[m->eoff[URIO_CGE_EQ_TZ] + a] = m->Z0[a];
        for (size_t q = 0; q < m->kspec; q++)
            es[m->eoff[URIO_CGE_EQ_FS] + q + m->kspec * a] = m->Y0[a];
        if (m->zs[a] != SIZE_MAX) es[m->eoff[URIO_CGE_EQ_ZS] + m->zs[a]] = m->Z0[a];
    }
    for (size_t j = 0; j < n; j++) {
        const double S0 = m->good_act[j] != SIZE_MAX ? m->Z0[m->good_act[j]] : m->XD0[j];
        es[m->eoff[URIO_CGE_EQ_TM] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_XG] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_XV] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_PQS] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_M] + j] = m->Q0[j];
        if (m->M0[j] > 0.0) es[m->eoff[URIO_CGE_EQ_D] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_PZD] + j] = S0;
        es[m->eoff[URIO_CGE_EQ_E] + j] = S0;
        if (m->E0[j] > 0.0) es[m->eoff[URIO_CGE_EQ_DS] + j] = S0;
        es[m->eoff[URIO_CGE_EQ_PQD] + j] = m->Q0[j];
        for (size_t h = 0; h < H; h++)
            es[m->eoff[URIO_CGE_EQ_XP] + j + n * h] = m->I0[h];
        if (m->ms[j] != SIZE_MAX) es[m->eoff[URIO_CGE_EQ_XD] + m->ms[j]] = m->XD0[j];
    }
    for (size_t h = 0; h < H; h++) {
        es[m->eoff[URIO_CGE_EQ_TD] + h] = m->I0[h];
        es[m->eoff[URIO_CGE_EQ_SP] + h] = m->I0[h];
    }
    es[m->eoff[URIO_CGE_EQ_SG]] = itot;
    if (m->trade) es[m->eoff[URIO_CGE_EQ_EPS]] = trade;
    for (size_t f = 0; f < k; f++)
        es[m->eoff[URIO_CGE_EQ_PF] + f] = m->FF0[f];
    for (size_t q = 0; q < m->kseg; q++) {
        const size_t f = m->seg_list[q];
        const urio_cge_class *cl = &m->classes[m->fclass[f]];
        double tot = 0.0;
        for (size_t r = 0; r < cl->nseg; r++)
            tot += m->FF0[cl->segs[r]];
        es[m->eoff[URIO_CGE_EQ_SEG] + q] = f == cl->base ? tot : m->pf0[f];
    }
    if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN) es[m->eoff[URIO_CGE_EQ_SIB]] = itot;
}

urio_status urio__cge_calibrate(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    read_flows(m);
    urio_status s = calibrate_activities(m, where, d);
    if (s == URIO_OK) s = calibrate_commodities(m, where, d);
    if (s == URIO_OK) s = calibrate_agents(m, where, d);
    if (s != URIO_OK) return s;
    scales(m);
    return URIO_OK;
}
