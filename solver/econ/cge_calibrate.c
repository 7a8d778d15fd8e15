/* cge_calibrate.c - the benchmark flows and the calibrated parameters of the
 * standard CGE model from a validated SAM (docs/cge-model.md, "Calibration").
 *
 * All prices are 1 at the benchmark, so every SAM cell is a quantity.  The
 * formulas are those of the book's stdcge.gms, generalised to H households (each
 * with its own consumption shares, saving and direct tax rates, receiving factor
 * f's income in the proportions of the SAM's (household, factor) cells) and to
 * goods that are not exported or not imported (E0 = 0 or M0 = 0: the CET or the
 * Armington function then degenerates to a fixed proportion, see cge_equations.c).
 * The scales that make residuals and unknowns of order one are set here too. */
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

/* The flows of the SAM, by role. */
static void read_flows(urio_cge_model *m)
{
    const size_t n = m->n, k = m->k, H = m->H;
    const size_t *g = m->acc_goods, *fa = m->acc_factors, *hh = m->acc_households;
    for (size_t j = 0; j < n; j++) {
        for (size_t i = 0; i < n; i++)
            m->X0[i + n * j] = cell(m, g[i], g[j]);
        for (size_t f = 0; f < k; f++)
            m->F0[f + k * j] = cell(m, fa[f], g[j]);
        m->Tz0[j] = m->acc_tax_production != SIZE_MAX ? cell(m, m->acc_tax_production, g[j]) : 0.0;
        m->Tm0[j] = m->acc_tax_import != SIZE_MAX ? cell(m, m->acc_tax_import, g[j]) : 0.0;
        m->M0[j] = cell(m, m->acc_row, g[j]);
        for (size_t h = 0; h < H; h++)
            m->Xp0[j + n * h] = cell(m, g[j], hh[h]);
        m->Xg0[j] = cell(m, g[j], m->acc_government);
        m->Xv0[j] = cell(m, g[j], m->acc_investment);
        m->E0[j] = cell(m, g[j], m->acc_row);
    }
    for (size_t h = 0; h < H; h++) {
        m->Td0[h] = cell(m, m->acc_government, hh[h]);
        m->Sp0[h] = cell(m, m->acc_investment, hh[h]);
        m->I0[h] = 0.0;
        for (size_t f = 0; f < k; f++)
            m->I0[h] += cell(m, hh[h], fa[f]);
    }
    for (size_t f = 0; f < k; f++) {
        m->FF0[f] = 0.0;
        for (size_t j = 0; j < n; j++)
            m->FF0[f] += m->F0[f + k * j];
    }
    m->Sg0 = cell(m, m->acc_investment, m->acc_government);
    m->Sf0 = cell(m, m->acc_investment, m->acc_row);
    for (size_t j = 0; j < n; j++) {
        m->Y0[j] = 0.0;
        for (size_t f = 0; f < k; f++)
            m->Y0[j] += m->F0[f + k * j];
        m->Z0[j] = m->Y0[j];
        for (size_t i = 0; i < n; i++)
            m->Z0[j] += m->X0[i + n * j];
        double q = m->Xg0[j] + m->Xv0[j];
        for (size_t h = 0; h < H; h++)
            q += m->Xp0[j + n * h];
        for (size_t i = 0; i < n; i++)
            q += m->X0[j + n * i];
        m->Q0[j] = q;
    }
    m->T0 = 0.0;
    for (size_t h = 0; h < H; h++)
        m->T0 += m->Td0[h];
    for (size_t j = 0; j < n; j++)
        m->T0 += m->Tz0[j] + m->Tm0[j];
}

/* Goods: value added, domestic sales, tax bases; the CES and CET parameters. */
static urio_status calibrate_goods(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    const size_t n = m->n, k = m->k;
    const char *const *G = (const char *const *)m->goods->name;
    for (size_t j = 0; j < n; j++) {
        const size_t acc = m->acc_goods[j];
        if (!(m->Y0[j] > 0.0))
            return FAIL(acc, "every good needs factor payments (value added)",
                        "good %s has no value added (%g)", G[j], m->Y0[j]);
        const double tauz = m->Tz0[j] / m->Z0[j];
        if (!(1.0 + tauz > 0.0))
            return FAIL(acc, "a production subsidy cannot exceed the output value",
                        "good %s has production tax rate %g <= -1", G[j], tauz);
        double taum = 0.0;
        if (m->M0[j] > 0.0) {
            taum = m->Tm0[j] / m->M0[j];
            if (!(1.0 + taum > 0.0))
                return FAIL(acc, "an import subsidy cannot exceed the import value",
                            "good %s has import tariff rate %g <= -1", G[j], taum);
        } else if (m->Tm0[j] != 0.0) {
            return FAIL(acc, "a tariff needs imports of the same good",
                        "good %s pays import tax %g but has no imports", G[j], m->Tm0[j]);
        }
        m->base.tauz[j] = tauz;
        m->base.taum[j] = taum;
        m->D0[j] = (1.0 + tauz) * m->Z0[j] - m->E0[j];
        if (!(m->D0[j] > 1e-12 * m->Z0[j]))
            return FAIL(acc,
                        "the standard model needs domestic sales of every good it produces "
                        "(output plus production tax minus exports)",
                        "good %s has no domestic sales (D0 = %g)", G[j], m->D0[j]);
        m->ay[j] = m->Y0[j] / m->Z0[j];
        for (size_t i = 0; i < n; i++)
            m->ax[i + n * j] = m->X0[i + n * j] / m->Z0[j];
        double prod = 1.0;
        for (size_t f = 0; f < k; f++) {
            const double beta = m->F0[f + k * j] / m->Y0[j];
            m->beta[f + k * j] = beta;
            if (beta > 0.0) prod *= pow(m->F0[f + k * j], beta);
        }
        m->base.b[j] = m->Y0[j] / prod;

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
            m->theta[j] =
                m->Z0[j] / pow(m->xie[j] * pow(E0, phi) + m->xid[j] * pow(D0, phi), 1.0 / phi);
        } else {
            m->xie[j] = 0.0;
            m->xid[j] = 1.0;
            m->theta[j] = m->Z0[j] / D0;
        }
        m->base.pWe[j] = 1.0;
        m->base.pWm[j] = 1.0;
    }
    return URIO_OK;
}

/* Factors, households, government, investment, the CPI weights. */
static urio_status calibrate_agents(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    const size_t n = m->n, k = m->k, H = m->H;
    for (size_t f = 0; f < k; f++) {
        if (!(m->FF0[f] > 0.0))
            return FAIL(m->acc_factors[f], "every factor needs payments from firms",
                        "factor %s has no income (%g)", m->factors->name[f], m->FF0[f]);
        m->base.FF[f] = m->FF0[f];
        for (size_t h = 0; h < H; h++)
            m->share[h + H * f] = cell(m, m->acc_households[h], m->acc_factors[f]) / m->FF0[f];
    }
    double ctot = 0.0;
    for (size_t h = 0; h < H; h++) {
        const size_t acc = m->acc_households[h];
        if (!(m->I0[h] > 0.0))
            return FAIL(acc, "every household needs factor income",
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
        m->base.taud[h] = m->Td0[h] / m->I0[h];
        ctot += c;
    }
    for (size_t i = 0; i < n; i++) {
        double c = 0.0;
        for (size_t h = 0; h < H; h++)
            c += m->Xp0[i + n * h];
        m->cpiw[i] = c / ctot;
    }
    if (m->T0 != 0.0) {
        m->ssg = m->Sg0 / m->T0;
    } else if (m->Sg0 != 0.0) {
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
    m->base.Sf = m->Sf0;
    m->base.numeraire = 1.0;
    m->trade = false;
    for (size_t i = 0; i < n; i++)
        if (m->E0[i] > 0.0 || m->M0[i] > 0.0) m->trade = true;
    return URIO_OK;
}

/* v0 and the scales: an unknown is divided by its benchmark level (or, when that
 * is zero or may change sign, by the level of what it belongs to), an equation by
 * the level of the flow it balances. */
static void scales(urio_cge_model *m)
{
    const size_t n = m->n, k = m->k, H = m->H;
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
    for (size_t j = 0; j < n; j++) {
        PUT(URIO_CGE_Y, j, m->Y0[j], 1.0);
        for (size_t f = 0; f < k; f++)
            PUT(URIO_CGE_F, f + k * j, m->F0[f + k * j], m->Y0[j]);
        PUT(URIO_CGE_Z, j, m->Z0[j], 1.0);
        for (size_t h = 0; h < H; h++)
            PUT(URIO_CGE_XP, j + n * h, m->Xp0[j + n * h], m->Q0[j]);
        PUT(URIO_CGE_XG, j, m->Xg0[j], m->Q0[j]);
        PUT(URIO_CGE_XV, j, m->Xv0[j], m->Q0[j]);
        PUT(URIO_CGE_E, j, m->E0[j], m->Z0[j]);
        PUT(URIO_CGE_M, j, m->M0[j], m->Q0[j]);
        PUT(URIO_CGE_Q, j, m->Q0[j], 1.0);
        PUT(URIO_CGE_D, j, m->D0[j], 1.0);
        PUT(URIO_CGE_PY, j, 1.0, 1.0);
        PUT(URIO_CGE_PZ, j, 1.0, 1.0);
        PUT(URIO_CGE_PQ, j, 1.0, 1.0);
        PUT(URIO_CGE_PE, j, 1.0, 1.0);
        PUT(URIO_CGE_PM, j, 1.0, 1.0);
        PUT(URIO_CGE_PD, j, 1.0, 1.0);
        PUT(URIO_CGE_TZ, j, m->Tz0[j], m->Z0[j]);
        vs[m->voff[URIO_CGE_TZ] + j] = m->Z0[j];
        PUT(URIO_CGE_TM, j, m->Tm0[j], m->Q0[j]);
        vs[m->voff[URIO_CGE_TM] + j] = m->Q0[j];
    }
    for (size_t f = 0; f < k; f++)
        PUT(URIO_CGE_PF, f, 1.0, 1.0);
    PUT(URIO_CGE_EPS, 0, 1.0, 1.0);
    for (size_t h = 0; h < H; h++) {
        PUT(URIO_CGE_SP, h, m->Sp0[h], m->I0[h]);
        vs[m->voff[URIO_CGE_SP] + h] = m->I0[h];
        PUT(URIO_CGE_TD, h, m->Td0[h], m->I0[h]);
        vs[m->voff[URIO_CGE_TD] + h] = m->I0[h];
    }
    PUT(URIO_CGE_SG, 0, m->Sg0, itot);
    vs[m->voff[URIO_CGE_SG]] = itot;
#undef PUT

    /* Equation scales, block by block (docs/cge-model.md, "Scaling"). */
    for (size_t e = 0; e < m->ne; e++)
        es[e] = 1.0;
    for (size_t j = 0; j < n; j++) {
        es[m->eoff[URIO_CGE_EQ_PY] + j] = m->Y0[j];
        for (size_t f = 0; f < k; f++)
            es[m->eoff[URIO_CGE_EQ_F] + f + k * j] = m->Y0[j];
        es[m->eoff[URIO_CGE_EQ_Y] + j] = m->Y0[j];
        es[m->eoff[URIO_CGE_EQ_TZ] + j] = m->Z0[j];
        es[m->eoff[URIO_CGE_EQ_TM] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_XG] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_XV] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_PQS] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_M] + j] = m->Q0[j];
        if (m->M0[j] > 0.0) es[m->eoff[URIO_CGE_EQ_D] + j] = m->Q0[j];
        es[m->eoff[URIO_CGE_EQ_PZD] + j] = m->Z0[j];
        es[m->eoff[URIO_CGE_EQ_E] + j] = m->Z0[j];
        if (m->E0[j] > 0.0) es[m->eoff[URIO_CGE_EQ_DS] + j] = m->Z0[j];
        es[m->eoff[URIO_CGE_EQ_PQD] + j] = m->Q0[j];
        for (size_t h = 0; h < H; h++)
            es[m->eoff[URIO_CGE_EQ_XP] + j + n * h] = m->I0[h];
    }
    for (size_t h = 0; h < H; h++) {
        es[m->eoff[URIO_CGE_EQ_TD] + h] = m->I0[h];
        es[m->eoff[URIO_CGE_EQ_SP] + h] = m->I0[h];
    }
    es[m->eoff[URIO_CGE_EQ_SG]] = itot;
    if (m->trade) es[m->eoff[URIO_CGE_EQ_EPS]] = trade;
    for (size_t f = 0; f < k; f++)
        es[m->eoff[URIO_CGE_EQ_PF] + f] = m->FF0[f];
}

urio_status urio__cge_calibrate(urio_cge_model *m, urio_cge_where *where, urio_diag *d)
{
    read_flows(m);
    urio_status s = calibrate_goods(m, where, d);
    if (s == URIO_OK) s = calibrate_agents(m, where, d);
    if (s != URIO_OK) return s;
    scales(m);
    return URIO_OK;
}
