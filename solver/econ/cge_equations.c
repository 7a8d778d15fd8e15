/* cge_equations.c - the equations of the CGE model, their analytic Jacobian, the
 * SAM a solution implies, and incomes (urio/cge.h, docs/cge-model.md section 3).
 *
 * Each equation is written as a residual "left side - right side" in a form free
 * of divisions by unknowns where the book divides by a price (eqF, eqXg, eqXv,
 * eqXp are multiplied through by pf or pq: same roots, since prices are positive,
 * and a Jacobian that is linear in them), then divided by its scale
 * (m->escale, a benchmark level), so that max |r_e| <= 1e-10 means the same thing
 * in every equation.  Goods that are not imported (M0 = 0) or not exported
 * (E0 = 0) use the limits of the Armington and CET blocks:
 *     M0 = 0:  Q = gamma D,  M = 0,  gamma pq = pd
 *     E0 = 0:  S = theta D,  E = 0,  pd = theta P
 * (the CES/CET share of the missing flow is 0 and its power would be 0^eta), where
 * S and P are the national output of the commodity and its price: Z and
 * (1 + tauz) pz of the one activity that makes it, or XD and px, the CES over the
 * activities' outputs, when several do.  Without any trade the balance of payments
 * is empty and the exchange rate is tied to the numeraire (eps = pf of the
 * numeraire factor, or the CPI).
 *
 * The closures change the form of eqXg, eqXv, eqSg and eqSp and switch on eqfx
 * (fixed exchange rate, with the unknown Sf) and eqsib (investment-driven, with
 * the unknown sadj); segmented factors add eqseg with the unknowns FFs;
 * sector-specific factors eqFs with the prices pfs (docs/cge-model.md).
 *
 * The Jacobian is written entry by entry next to the residual it differentiates;
 * a unit test compares it with central differences. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <urio/cge.h>

#include "cge_internal.h"

#define V(b, i) URIO__V(m, v, b, i)
#define IX(b, i) (m->voff[(b)] + (i))

/* ---- Helpers shared with cge_scenario.c and cge_solve.c ---------------------------- */

double urio__cge_index(const urio_cge_model *m, const urio_cge_params *p)
{
    return p->numeraire / m->base.numeraire;
}

double urio__cge_ffe(const urio_cge_model *m, const urio_cge_params *p, const double *v, size_t f)
{
    return m->fseg[f] != SIZE_MAX ? V(URIO_CGE_FFS, m->fseg[f]) : p->FF[f];
}

double urio__cge_pfa(const urio_cge_model *m, const double *v, size_t f, size_t a)
{
    return m->fspec[f] != SIZE_MAX ? V(URIO_CGE_PFS, m->fspec[f] + m->kspec * a)
                                   : V(URIO_CGE_PF, f);
}

/* The index of pfa in v. */
static size_t pfa_ix(const urio_cge_model *m, size_t f, size_t a)
{
    return m->fspec[f] != SIZE_MAX ? IX(URIO_CGE_PFS, m->fspec[f] + m->kspec * a)
                                   : IX(URIO_CGE_PF, f);
}

double urio__cge_sf(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    return m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED ? V(URIO_CGE_SF, 0) : p->Sf;
}

double urio__cge_invcost(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                         size_t src)
{
    double c = 0.0;
    for (size_t i = 0; i < m->n; i++)
        c += V(URIO_CGE_PQ, i) * p->inv[src + URIO_CGE_NFINANCE * i];
    return c;
}

double urio__cge_transfers(const urio_cge_model *m, const urio_cge_params *p)
{
    double t = 0.0;
    for (size_t h = 0; h < m->H; h++)
        t += p->tr[h];
    return t * urio__cge_index(m, p);
}

void urio__cge_income_coef(const urio_cge_model *m, const urio_cge_params *p, size_t h, size_t f,
                           double *a, double *b)
{
    const double sh = m->share[h + m->H * f];
    const size_t c = m->fclass[f];
    if (c == SIZE_MAX || m->classes[c].income == URIO_CGE_INCOME_RESIDENCE ||
        f == m->classes[c].base) {
        *a = 0.0;
        *b = sh;
        return;
    }
    /* Owner rule: the base segment's owners own the units moved into f. */
    const double shb = m->share[h + m->H * m->classes[c].base];
    *a = (sh - shb) * p->FF[f];
    *b = shb;
}

double urio__cge_hh_paid(const urio_cge_model *m, const urio_cge_params *p, size_t h)
{
    double t = 0.0;
    for (size_t r = 0; r < m->H; r++)
        t += m->trhh0[r + m->H * h];
    return t * urio__cge_index(m, p);
}

double urio__cge_income(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                        size_t h)
{
    double received = p->tr[h];
    for (size_t c = 0; c < m->H; c++)
        received += m->trhh0[h + m->H * c];
    double inc = received * urio__cge_index(m, p) + m->rem0[h] * V(URIO_CGE_EPS, 0);
    for (size_t f = 0; f < m->k; f++) {
        double a, b;
        urio__cge_income_coef(m, p, h, f, &a, &b);
        inc += V(URIO_CGE_PF, f) * (a + b * urio__cge_ffe(m, p, v, f));
    }
    return inc;
}

double urio__cge_tax_commodity(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                               size_t j)
{
    return p->tauc[j] / (1.0 + p->tauc[j]) * V(URIO_CGE_PQ, j) * V(URIO_CGE_Q, j);
}

double urio__cge_tax_export(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            size_t j)
{
    return p->taue[j] * V(URIO_CGE_PE, j) * V(URIO_CGE_E, j);
}

double urio__cge_tax_factor(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            size_t f, size_t a)
{
    return p->tauf[f + m->k * a] * urio__cge_pfa(m, v, f, a) * V(URIO_CGE_F, f + m->k * a);
}

double urio__cge_revenue(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    double t = 0.0;
    for (size_t h = 0; h < m->H; h++)
        t += V(URIO_CGE_TD, h);
    for (size_t a = 0; a < m->A; a++) {
        t += V(URIO_CGE_TZ, a);
        for (size_t f = 0; f < m->k; f++)
            if (p->tauf[f + m->k * a] != 0.0) t += urio__cge_tax_factor(m, p, v, f, a);
    }
    for (size_t j = 0; j < m->n; j++) {
        t += V(URIO_CGE_TM, j);
        if (p->tauc[j] != 0.0) t += urio__cge_tax_commodity(m, p, v, j);
        if (p->taue[j] != 0.0) t += urio__cge_tax_export(m, p, v, j);
    }
    return t;
}

/* Prices must be positive everywhere; quantities where a power or a ratio uses
 * them (value added, factors with a positive share, output, composite, domestic
 * good, national output of a multi-activity commodity, and imports or exports of
 * goods that trade). */
static bool in_domain(const urio_cge_model *m, const double *v)
{
    for (size_t i = m->voff[URIO_CGE_PF]; i < m->voff[URIO_CGE_EPS] + 1; i++)
        if (!(v[i] > 0.0)) return false;
    for (size_t i = m->voff[URIO_CGE_PX]; i < m->voff[URIO_CGE_PX + 1]; i++)
        if (!(v[i] > 0.0)) return false;
    for (size_t i = m->voff[URIO_CGE_PFS]; i < m->voff[URIO_CGE_PFS + 1]; i++)
        if (!(v[i] > 0.0)) return false;
    for (size_t i = m->voff[URIO_CGE_XD]; i < m->voff[URIO_CGE_XD + 1]; i++)
        if (!(v[i] > 0.0)) return false;
    for (size_t a = 0; a < m->A; a++) {
        if (!(V(URIO_CGE_Y, a) > 0.0) || !(V(URIO_CGE_Z, a) > 0.0)) return false;
        for (size_t f = 0; f < m->k; f++)
            if (m->beta[f + m->k * a] > 0.0 && !(V(URIO_CGE_F, f + m->k * a) > 0.0)) return false;
    }
    for (size_t j = 0; j < m->n; j++) {
        if (!(V(URIO_CGE_Q, j) > 0.0) || !(V(URIO_CGE_D, j) > 0.0)) return false;
        if (m->M0[j] > 0.0 && !(V(URIO_CGE_M, j) > 0.0)) return false;
        if (m->E0[j] > 0.0 && !(V(URIO_CGE_E, j) > 0.0)) return false;
    }
    return true;
}

/* The price level the numeraire fixes: pf of the numeraire factor, or the CPI. */
static double price_level(const urio_cge_model *m, const double *v)
{
    if (m->numeraire == URIO_CGE_NUMERAIRE_FACTOR) return V(URIO_CGE_PF, m->numeraire_factor);
    double c = 0.0;
    for (size_t i = 0; i < m->n; i++)
        c += m->cpiw[i] * V(URIO_CGE_PQ, i);
    return c;
}

/* National output of commodity j and its price (see the file comment). */
static double supply_q(const urio_cge_model *m, const double *v, size_t j)
{
    const size_t a = m->good_act[j];
    return a != SIZE_MAX ? V(URIO_CGE_Z, a) : V(URIO_CGE_XD, m->ms[j]);
}

static double supply_p(const urio_cge_model *m, const urio_cge_params *p, const double *v, size_t j)
{
    const size_t a = m->good_act[j];
    return a != SIZE_MAX ? (1.0 + p->tauz[a]) * V(URIO_CGE_PZ, a) : V(URIO_CGE_PX, m->ms[j]);
}

/* The household saving-rate scale (1 unless investment-driven). */
static double sadj_of(const urio_cge_model *m, const double *v)
{
    return m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN ? V(URIO_CGE_SADJ, 0) : 1.0;
}

/* ---- Residuals ------------------------------------------------------------------- */

static void activity_residuals(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                               double *r)
{
    const size_t n = m->n, k = m->k;
    for (size_t a = 0; a < m->A; a++) {
        /* eqpy: Y = b prod_f (e F)^beta */
        double prod = p->b[a];
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * a];
            if (beta > 0.0) prod *= pow(p->eff[f + k * a] * V(URIO_CGE_F, f + k * a), beta);
        }
        r[m->eoff[URIO_CGE_EQ_PY] + a] = V(URIO_CGE_Y, a) - prod;
        /* eqF: (1 + tauf) pf F = beta py Y */
        for (size_t f = 0; f < k; f++)
            r[m->eoff[URIO_CGE_EQ_F] + f + k * a] =
                (1.0 + p->tauf[f + k * a]) * urio__cge_pfa(m, v, f, a) * V(URIO_CGE_F, f + k * a) -
                m->beta[f + k * a] * V(URIO_CGE_PY, a) * V(URIO_CGE_Y, a);
        /* eqY: Y = ay Z */
        r[m->eoff[URIO_CGE_EQ_Y] + a] = V(URIO_CGE_Y, a) - m->ay[a] * V(URIO_CGE_Z, a);
        /* eqpzs: pz = ay py + sum_i ax_ia pq_i */
        double cost = m->ay[a] * V(URIO_CGE_PY, a);
        for (size_t i = 0; i < n; i++)
            cost += m->ax[i + n * a] * V(URIO_CGE_PQ, i);
        r[m->eoff[URIO_CGE_EQ_PZS] + a] = V(URIO_CGE_PZ, a) - cost;
        /* eqTz */
        r[m->eoff[URIO_CGE_EQ_TZ] + a] =
            V(URIO_CGE_TZ, a) - p->tauz[a] * V(URIO_CGE_PZ, a) * V(URIO_CGE_Z, a);
        /* eqFs: a sector-specific factor stays where it is (scaled with its endowment) */
        for (size_t q = 0; q < m->kspec; q++) {
            const size_t f = m->spec_list[q];
            r[m->eoff[URIO_CGE_EQ_FS] + q + m->kspec * a] =
                V(URIO_CGE_F, f + k * a) - p->FF[f] * m->F0[f + k * a] / m->FF0[f];
        }
    }
}

static void commodity_residuals(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                                double *r)
{
    const size_t n = m->n, H = m->H;
    const double T = urio__cge_revenue(m, p, v), TR = urio__cge_transfers(m, p);
    const double Sg = V(URIO_CGE_SG, 0), eps = V(URIO_CGE_EPS, 0), SF = urio__cge_sf(m, p, v);
    const double PIg = urio__cge_invcost(m, p, v, URIO__FIN_GOV);
    const double PIb = urio__cge_invcost(m, p, v, URIO__FIN_BANKS);
    double Sp_tot = 0.0;
    for (size_t h = 0; h < H; h++)
        Sp_tot += V(URIO_CGE_SP, h);
    for (size_t j = 0; j < n; j++) {
        const double pq = V(URIO_CGE_PQ, j);
        r[m->eoff[URIO_CGE_EQ_TM] + j] =
            V(URIO_CGE_TM, j) - p->taum[j] * V(URIO_CGE_PM, j) * V(URIO_CGE_M, j);
        /* eqXg: pq Xg = mu (T - Sg - TR - PIg), or Xg fixed */
        if (m->closure.government == URIO_CGE_GOV_SPENDING_FIXED)
            r[m->eoff[URIO_CGE_EQ_XG] + j] = V(URIO_CGE_XG, j) - m->Xg0[j];
        else
            r[m->eoff[URIO_CGE_EQ_XG] + j] =
                pq * V(URIO_CGE_XG, j) - m->mu[j] * (T - Sg - TR - PIg);
        /* eqXv: pq Xv = lambda (sum Sp + Sg + eps Sf - PIb), or Xv fixed */
        if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN)
            r[m->eoff[URIO_CGE_EQ_XV] + j] = V(URIO_CGE_XV, j) - m->Xv0[j];
        else
            r[m->eoff[URIO_CGE_EQ_XV] + j] =
                pq * V(URIO_CGE_XV, j) - m->lambda[j] * (Sp_tot + Sg + eps * SF - PIb);
        /* eqpe: (1 + taue) pe = eps pWe; eqpm */
        r[m->eoff[URIO_CGE_EQ_PE] + j] = (1.0 + p->taue[j]) * V(URIO_CGE_PE, j) - eps * p->pWe[j];
        r[m->eoff[URIO_CGE_EQ_PM] + j] = V(URIO_CGE_PM, j) - eps * p->pWm[j];
        /* Armington: eqpqs, eqM, eqD; buyers pay pq, the composite's net price is
         * pq / (1 + tauc) */
        const double Q = V(URIO_CGE_Q, j), D = V(URIO_CGE_D, j), M = V(URIO_CGE_M, j);
        const double pd = V(URIO_CGE_PD, j), pm = V(URIO_CGE_PM, j);
        const double tc1 = 1.0 + p->tauc[j];
        if (m->M0[j] > 0.0) {
            const double eta = m->eta[j], sigma = m->sigma[j], g = m->gamma[j];
            const double S = m->deltam[j] * pow(M, eta) + m->deltad[j] * pow(D, eta);
            r[m->eoff[URIO_CGE_EQ_PQS] + j] = Q - g * pow(S, 1.0 / eta);
            const double cM = pow(pow(g, eta) * m->deltam[j] / (1.0 + p->taum[j]), sigma);
            const double cD = pow(pow(g, eta) * m->deltad[j], sigma);
            r[m->eoff[URIO_CGE_EQ_M] + j] = M - cM * pow(pq / (tc1 * pm), sigma) * Q;
            r[m->eoff[URIO_CGE_EQ_D] + j] = D - cD * pow(pq / (tc1 * pd), sigma) * Q;
        } else {
            r[m->eoff[URIO_CGE_EQ_PQS] + j] = Q - m->gamma[j] * D;
            r[m->eoff[URIO_CGE_EQ_M] + j] = M;
            r[m->eoff[URIO_CGE_EQ_D] + j] = m->gamma[j] * pq - tc1 * pd;
        }
        /* CET: eqpzd, eqE, eqDs on the national output S at its price P */
        const double Sq = supply_q(m, v, j), P = supply_p(m, p, v, j);
        const double E = V(URIO_CGE_E, j), pe = V(URIO_CGE_PE, j);
        if (m->E0[j] > 0.0) {
            const double phi = m->phi[j], psi = m->psi[j], th = m->theta[j];
            const double S = m->xie[j] * pow(E, phi) + m->xid[j] * pow(D, phi);
            r[m->eoff[URIO_CGE_EQ_PZD] + j] = Sq - th * pow(S, 1.0 / phi);
            const double tp = pow(th, phi);
            const double cE = pow(tp * m->xie[j], -psi), cDs = pow(tp * m->xid[j], -psi);
            r[m->eoff[URIO_CGE_EQ_E] + j] = E - cE * pow(P / pe, -psi) * Sq;
            r[m->eoff[URIO_CGE_EQ_DS] + j] = D - cDs * pow(P / pd, -psi) * Sq;
        } else {
            r[m->eoff[URIO_CGE_EQ_PZD] + j] = Sq - m->theta[j] * D;
            r[m->eoff[URIO_CGE_EQ_E] + j] = E;
            r[m->eoff[URIO_CGE_EQ_DS] + j] = pd - m->theta[j] * P;
        }
        /* eqpqd: Q = sum_h Xp + Xg + Xv + extra investment + sum_a ax_ja Z_a */
        double use = V(URIO_CGE_XG, j) + V(URIO_CGE_XV, j);
        for (size_t s = 0; s < URIO_CGE_NFINANCE; s++)
            use += p->inv[s + URIO_CGE_NFINANCE * j];
        for (size_t h = 0; h < H; h++)
            use += V(URIO_CGE_XP, j + n * h);
        for (size_t a = 0; a < m->A; a++)
            use += m->ax[j + n * a] * V(URIO_CGE_Z, a);
        r[m->eoff[URIO_CGE_EQ_PQD] + j] = Q - use;
        /* Sourcing: eqXD and eqZs for a commodity several activities make */
        const size_t q = m->ms[j];
        if (q == SIZE_MAX) continue;
        const double rho = m->rhos[j], sig = m->sigs[j], gs = m->gammas[j];
        double S = 0.0;
        for (size_t a = 0; a < m->A; a++)
            if (m->act_good[a] == j) S += m->deltas[a] * pow(V(URIO_CGE_Z, a), rho);
        r[m->eoff[URIO_CGE_EQ_XD] + q] = V(URIO_CGE_XD, q) - gs * pow(S, 1.0 / rho);
        const double px = V(URIO_CGE_PX, q);
        for (size_t a = 0; a < m->A; a++) {
            if (m->act_good[a] != j) continue;
            const double ca = pow(pow(gs, rho) * m->deltas[a], sig);
            const double Pa = (1.0 + p->tauz[a]) * V(URIO_CGE_PZ, a);
            r[m->eoff[URIO_CGE_EQ_ZS] + m->zs[a]] =
                V(URIO_CGE_Z, a) - ca * pow(px / Pa, sig) * V(URIO_CGE_XD, q);
        }
    }
}

int urio_cge_residual(const urio_cge_model *m, const urio_cge_params *p, const double *v, double *r)
{
    if (!in_domain(m, v)) return 1;
    const size_t n = m->n, k = m->k, H = m->H;
    const double T = urio__cge_revenue(m, p, v), TR = urio__cge_transfers(m, p);
    const double idx = urio__cge_index(m, p), sadj = sadj_of(m, v);
    const double eps = V(URIO_CGE_EPS, 0), SF = urio__cge_sf(m, p, v);
    const double PIh = urio__cge_invcost(m, p, v, URIO__FIN_HH);
    const double PIf = urio__cge_invcost(m, p, v, URIO__FIN_FOREIGN);
    activity_residuals(m, p, v, r);
    commodity_residuals(m, p, v, r);
    for (size_t h = 0; h < H; h++) {
        const double inc = urio__cge_income(m, p, v, h);
        r[m->eoff[URIO_CGE_EQ_TD] + h] = V(URIO_CGE_TD, h) - p->taud[h] * inc;
        r[m->eoff[URIO_CGE_EQ_SP] + h] = V(URIO_CGE_SP, h) - sadj * m->ssp[h] * inc;
        const double spend = inc - V(URIO_CGE_SP, h) - V(URIO_CGE_TD, h) -
                             urio__cge_hh_paid(m, p, h) - m->finshare[h] * PIh;
        double *R = r + m->eoff[URIO_CGE_EQ_XP] + n * h;
        for (size_t i = 0; i < n; i++)
            R[i] = V(URIO_CGE_PQ, i) * V(URIO_CGE_XP, i + n * h) - m->alpha[i + n * h] * spend;
    }
    double *rsg = &r[m->eoff[URIO_CGE_EQ_SG]];
    const double Sg = V(URIO_CGE_SG, 0);
    switch (m->closure.government) {
    case URIO_CGE_GOV_SAVING_RATE:
        *rsg = Sg - m->ssg * T;
        break;
    case URIO_CGE_GOV_SAVINGS_FIXED:
        *rsg = Sg - m->Sg0 * idx;
        break;
    case URIO_CGE_GOV_SPENDING_FIXED: {
        double g = 0.0;
        for (size_t i = 0; i < n; i++)
            g += V(URIO_CGE_PQ, i) * V(URIO_CGE_XG, i);
        *rsg = Sg - (T - g - TR - urio__cge_invcost(m, p, v, URIO__FIN_GOV));
        break;
    }
    }
    if (m->trade) {
        double bop = SF + PIf / eps;
        for (size_t h = 0; h < H; h++)
            bop += m->rem0[h];
        for (size_t i = 0; i < n; i++)
            bop += p->pWe[i] * V(URIO_CGE_E, i) - p->pWm[i] * V(URIO_CGE_M, i);
        r[m->eoff[URIO_CGE_EQ_EPS]] = bop;
    } else {
        r[m->eoff[URIO_CGE_EQ_EPS]] = eps - price_level(m, v);
    }
    for (size_t f = 0; f < k; f++) {
        double use = 0.0;
        if (m->fspec[f] != SIZE_MAX) {
            for (size_t a = 0; a < m->A; a++)
                use += urio__cge_pfa(m, v, f, a) * V(URIO_CGE_F, f + k * a);
            r[m->eoff[URIO_CGE_EQ_PF] + f] = V(URIO_CGE_PF, f) * p->FF[f] - use;
            continue;
        }
        for (size_t a = 0; a < m->A; a++)
            use += V(URIO_CGE_F, f + k * a);
        r[m->eoff[URIO_CGE_EQ_PF] + f] = use - urio__cge_ffe(m, p, v, f);
    }
    if (m->numeraire == URIO_CGE_NUMERAIRE_CPI)
        r[m->eoff[URIO_CGE_EQ_CPI]] = price_level(m, v) - p->numeraire;
    /* eqseg: the class total (base segment) and the wedges (the others) */
    for (size_t q = 0; q < m->kseg; q++) {
        const size_t f = m->seg_list[q];
        const urio_cge_class *cl = &m->classes[m->fclass[f]];
        if (f == cl->base) {
            double sum = 0.0;
            for (size_t s = 0; s < cl->nseg; s++)
                sum += V(URIO_CGE_FFS, m->fseg[cl->segs[s]]) - p->FF[cl->segs[s]];
            r[m->eoff[URIO_CGE_EQ_SEG] + q] = sum;
        } else {
            r[m->eoff[URIO_CGE_EQ_SEG] + q] =
                V(URIO_CGE_PF, f) - (1.0 + p->omega[f]) * V(URIO_CGE_PF, cl->base);
        }
    }
    if (m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED)
        r[m->eoff[URIO_CGE_EQ_FX]] = eps - idx;
    if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN) {
        double sav = V(URIO_CGE_SG, 0) + eps * SF, inv = 0.0;
        for (size_t h = 0; h < H; h++)
            sav += V(URIO_CGE_SP, h);
        for (size_t i = 0; i < n; i++)
            inv += V(URIO_CGE_PQ, i) * V(URIO_CGE_XV, i);
        r[m->eoff[URIO_CGE_EQ_SIB]] = sav - inv - urio__cge_invcost(m, p, v, URIO__FIN_BANKS);
    }
    for (size_t e = 0; e < m->ne; e++)
        r[e] /= m->escale[e];
    return 0;
}

/* ---- Jacobian ---------------------------------------------------------------------- */

/* dF_e/dv_var += val, mapped into the solved system. */
static inline void put(const urio_cge_model *m, const urio__cge_jac *jc, size_t e, size_t var,
                       double val)
{
    const size_t row = jc->row[e], col = jc->col[var];
    if (row == SIZE_MAX || col == SIZE_MAX) return;
    jc->J[row + jc->ld * col] += val * m->vscale[var] / m->escale[e];
}

/* The income of household h as a function of the factor prices and the segments'
 * supplies, times coef. */
static void put_income(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                       const urio__cge_jac *jc, size_t e, size_t h, double coef)
{
    for (size_t f = 0; f < m->k; f++) {
        double a, b;
        urio__cge_income_coef(m, p, h, f, &a, &b);
        put(m, jc, e, IX(URIO_CGE_PF, f), coef * (a + b * urio__cge_ffe(m, p, v, f)));
        if (m->fseg[f] != SIZE_MAX)
            put(m, jc, e, IX(URIO_CGE_FFS, m->fseg[f]), coef * b * V(URIO_CGE_PF, f));
    }
    if (m->rem0[h] != 0.0) put(m, jc, e, IX(URIO_CGE_EPS, 0), coef * m->rem0[h]);
}

/* d/dv of T = sum Td + sum Tz + sum Tm + the commodity, export and factor taxes
 * (explicit in v: tauc / (1 + tauc) pq Q, taue pe E, tauf pfa F), times coef. */
static void put_revenue(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                        const urio__cge_jac *jc, size_t e, double coef)
{
    const size_t k = m->k;
    for (size_t h = 0; h < m->H; h++)
        put(m, jc, e, IX(URIO_CGE_TD, h), coef);
    for (size_t a = 0; a < m->A; a++) {
        put(m, jc, e, IX(URIO_CGE_TZ, a), coef);
        for (size_t f = 0; f < k; f++) {
            const double t = p->tauf[f + k * a];
            if (t == 0.0) continue;
            put(m, jc, e, pfa_ix(m, f, a), coef * t * V(URIO_CGE_F, f + k * a));
            put(m, jc, e, IX(URIO_CGE_F, f + k * a), coef * t * urio__cge_pfa(m, v, f, a));
        }
    }
    for (size_t j = 0; j < m->n; j++) {
        put(m, jc, e, IX(URIO_CGE_TM, j), coef);
        if (p->tauc[j] != 0.0) {
            const double c = p->tauc[j] / (1.0 + p->tauc[j]);
            put(m, jc, e, IX(URIO_CGE_PQ, j), coef * c * V(URIO_CGE_Q, j));
            put(m, jc, e, IX(URIO_CGE_Q, j), coef * c * V(URIO_CGE_PQ, j));
        }
        if (p->taue[j] != 0.0) {
            put(m, jc, e, IX(URIO_CGE_PE, j), coef * p->taue[j] * V(URIO_CGE_E, j));
            put(m, jc, e, IX(URIO_CGE_E, j), coef * p->taue[j] * V(URIO_CGE_PE, j));
        }
    }
}

/* d/dpq of the cost of the investment financed by src, times coef. */
static void put_invcost(const urio_cge_model *m, const urio_cge_params *p, const urio__cge_jac *jc,
                        size_t e, size_t src, double coef)
{
    for (size_t i = 0; i < m->n; i++) {
        const double q = p->inv[src + URIO_CGE_NFINANCE * i];
        if (q != 0.0) put(m, jc, e, IX(URIO_CGE_PQ, i), coef * q);
    }
}

/* d/dv of the national supply price P of commodity j, times coef. */
static void put_supply_p(const urio_cge_model *m, const urio_cge_params *p, const urio__cge_jac *jc,
                         size_t e, size_t j, double coef)
{
    const size_t a = m->good_act[j];
    if (a != SIZE_MAX)
        put(m, jc, e, IX(URIO_CGE_PZ, a), coef * (1.0 + p->tauz[a]));
    else
        put(m, jc, e, IX(URIO_CGE_PX, m->ms[j]), coef);
}

/* d/dv of the national supply quantity S of commodity j, times coef. */
static void put_supply_q(const urio_cge_model *m, const urio__cge_jac *jc, size_t e, size_t j,
                         double coef)
{
    const size_t a = m->good_act[j];
    if (a != SIZE_MAX)
        put(m, jc, e, IX(URIO_CGE_Z, a), coef);
    else
        put(m, jc, e, IX(URIO_CGE_XD, m->ms[j]), coef);
}

static void activity_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                              const urio__cge_jac *jc)
{
    const size_t n = m->n, k = m->k;
    for (size_t a = 0; a < m->A; a++) {
        size_t e = m->eoff[URIO_CGE_EQ_PY] + a;
        double prod = p->b[a];
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * a];
            if (beta > 0.0) prod *= pow(p->eff[f + k * a] * V(URIO_CGE_F, f + k * a), beta);
        }
        put(m, jc, e, IX(URIO_CGE_Y, a), 1.0);
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * a];
            if (beta > 0.0)
                put(m, jc, e, IX(URIO_CGE_F, f + k * a), -beta * prod / V(URIO_CGE_F, f + k * a));
        }
        for (size_t f = 0; f < k; f++) {
            e = m->eoff[URIO_CGE_EQ_F] + f + k * a;
            const double beta = m->beta[f + k * a];
            const double tf1 = 1.0 + p->tauf[f + k * a];
            put(m, jc, e, pfa_ix(m, f, a), tf1 * V(URIO_CGE_F, f + k * a));
            put(m, jc, e, IX(URIO_CGE_F, f + k * a), tf1 * urio__cge_pfa(m, v, f, a));
            put(m, jc, e, IX(URIO_CGE_PY, a), -beta * V(URIO_CGE_Y, a));
            put(m, jc, e, IX(URIO_CGE_Y, a), -beta * V(URIO_CGE_PY, a));
        }
        e = m->eoff[URIO_CGE_EQ_Y] + a;
        put(m, jc, e, IX(URIO_CGE_Y, a), 1.0);
        put(m, jc, e, IX(URIO_CGE_Z, a), -m->ay[a]);
        e = m->eoff[URIO_CGE_EQ_PZS] + a;
        put(m, jc, e, IX(URIO_CGE_PZ, a), 1.0);
        put(m, jc, e, IX(URIO_CGE_PY, a), -m->ay[a]);
        for (size_t i = 0; i < n; i++)
            put(m, jc, e, IX(URIO_CGE_PQ, i), -m->ax[i + n * a]);
        e = m->eoff[URIO_CGE_EQ_TZ] + a;
        put(m, jc, e, IX(URIO_CGE_TZ, a), 1.0);
        put(m, jc, e, IX(URIO_CGE_PZ, a), -p->tauz[a] * V(URIO_CGE_Z, a));
        put(m, jc, e, IX(URIO_CGE_Z, a), -p->tauz[a] * V(URIO_CGE_PZ, a));
        for (size_t q = 0; q < m->kspec; q++) {
            const size_t f = m->spec_list[q];
            put(m, jc, m->eoff[URIO_CGE_EQ_FS] + q + m->kspec * a, IX(URIO_CGE_F, f + k * a), 1.0);
        }
    }
}

static void commodity_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                               const urio__cge_jac *jc)
{
    const size_t n = m->n, H = m->H;
    const double eps = V(URIO_CGE_EPS, 0), SF = urio__cge_sf(m, p, v);
    const bool fx = m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED;
    for (size_t j = 0; j < n; j++) {
        size_t e = m->eoff[URIO_CGE_EQ_TM] + j;
        put(m, jc, e, IX(URIO_CGE_TM, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_PM, j), -p->taum[j] * V(URIO_CGE_M, j));
        put(m, jc, e, IX(URIO_CGE_M, j), -p->taum[j] * V(URIO_CGE_PM, j));
        e = m->eoff[URIO_CGE_EQ_XG] + j;
        if (m->closure.government == URIO_CGE_GOV_SPENDING_FIXED) {
            put(m, jc, e, IX(URIO_CGE_XG, j), 1.0);
        } else {
            put(m, jc, e, IX(URIO_CGE_PQ, j), V(URIO_CGE_XG, j));
            put(m, jc, e, IX(URIO_CGE_XG, j), V(URIO_CGE_PQ, j));
            put_revenue(m, p, v, jc, e, -m->mu[j]);
            put(m, jc, e, IX(URIO_CGE_SG, 0), m->mu[j]);
            put_invcost(m, p, jc, e, URIO__FIN_GOV, m->mu[j]);
        }
        e = m->eoff[URIO_CGE_EQ_XV] + j;
        if (m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN) {
            put(m, jc, e, IX(URIO_CGE_XV, j), 1.0);
        } else {
            put(m, jc, e, IX(URIO_CGE_PQ, j), V(URIO_CGE_XV, j));
            put(m, jc, e, IX(URIO_CGE_XV, j), V(URIO_CGE_PQ, j));
            for (size_t h = 0; h < H; h++)
                put(m, jc, e, IX(URIO_CGE_SP, h), -m->lambda[j]);
            put(m, jc, e, IX(URIO_CGE_SG, 0), -m->lambda[j]);
            put(m, jc, e, IX(URIO_CGE_EPS, 0), -m->lambda[j] * SF);
            if (fx) put(m, jc, e, IX(URIO_CGE_SF, 0), -m->lambda[j] * eps);
            put_invcost(m, p, jc, e, URIO__FIN_BANKS, m->lambda[j]);
        }
        e = m->eoff[URIO_CGE_EQ_PE] + j;
        put(m, jc, e, IX(URIO_CGE_PE, j), 1.0 + p->taue[j]);
        put(m, jc, e, IX(URIO_CGE_EPS, 0), -p->pWe[j]);
        e = m->eoff[URIO_CGE_EQ_PM] + j;
        put(m, jc, e, IX(URIO_CGE_PM, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_EPS, 0), -p->pWm[j]);

        const double Q = V(URIO_CGE_Q, j), D = V(URIO_CGE_D, j), M = V(URIO_CGE_M, j);
        const double pq = V(URIO_CGE_PQ, j), pd = V(URIO_CGE_PD, j), pm = V(URIO_CGE_PM, j);
        const size_t eq = m->eoff[URIO_CGE_EQ_PQS] + j, em = m->eoff[URIO_CGE_EQ_M] + j,
                     ed = m->eoff[URIO_CGE_EQ_D] + j;
        if (m->M0[j] > 0.0) {
            const double eta = m->eta[j], sigma = m->sigma[j], g = m->gamma[j];
            const double S = m->deltam[j] * pow(M, eta) + m->deltad[j] * pow(D, eta);
            const double Sk = g * pow(S, 1.0 / eta - 1.0);
            put(m, jc, eq, IX(URIO_CGE_Q, j), 1.0);
            put(m, jc, eq, IX(URIO_CGE_M, j), -Sk * m->deltam[j] * pow(M, eta - 1.0));
            put(m, jc, eq, IX(URIO_CGE_D, j), -Sk * m->deltad[j] * pow(D, eta - 1.0));
            const double cM = pow(pow(g, eta) * m->deltam[j] / (1.0 + p->taum[j]), sigma);
            const double cD = pow(pow(g, eta) * m->deltad[j], sigma);
            const double tc1 = 1.0 + p->tauc[j];
            const double aM = cM * pow(pq / (tc1 * pm), sigma),
                         aD = cD * pow(pq / (tc1 * pd), sigma);
            put(m, jc, em, IX(URIO_CGE_M, j), 1.0);
            put(m, jc, em, IX(URIO_CGE_Q, j), -aM);
            put(m, jc, em, IX(URIO_CGE_PQ, j), -sigma * aM * Q / pq);
            put(m, jc, em, IX(URIO_CGE_PM, j), sigma * aM * Q / pm);
            put(m, jc, ed, IX(URIO_CGE_D, j), 1.0);
            put(m, jc, ed, IX(URIO_CGE_Q, j), -aD);
            put(m, jc, ed, IX(URIO_CGE_PQ, j), -sigma * aD * Q / pq);
            put(m, jc, ed, IX(URIO_CGE_PD, j), sigma * aD * Q / pd);
        } else {
            put(m, jc, eq, IX(URIO_CGE_Q, j), 1.0);
            put(m, jc, eq, IX(URIO_CGE_D, j), -m->gamma[j]);
            put(m, jc, em, IX(URIO_CGE_M, j), 1.0);
            put(m, jc, ed, IX(URIO_CGE_PQ, j), m->gamma[j]);
            put(m, jc, ed, IX(URIO_CGE_PD, j), -(1.0 + p->tauc[j]));
        }

        const double Sq = supply_q(m, v, j), P = supply_p(m, p, v, j);
        const double E = V(URIO_CGE_E, j), pe = V(URIO_CGE_PE, j);
        const size_t ez = m->eoff[URIO_CGE_EQ_PZD] + j, ee = m->eoff[URIO_CGE_EQ_E] + j,
                     es = m->eoff[URIO_CGE_EQ_DS] + j;
        if (m->E0[j] > 0.0) {
            const double phi = m->phi[j], psi = m->psi[j], th = m->theta[j];
            const double S = m->xie[j] * pow(E, phi) + m->xid[j] * pow(D, phi);
            const double Sk = th * pow(S, 1.0 / phi - 1.0);
            put_supply_q(m, jc, ez, j, 1.0);
            put(m, jc, ez, IX(URIO_CGE_E, j), -Sk * m->xie[j] * pow(E, phi - 1.0));
            put(m, jc, ez, IX(URIO_CGE_D, j), -Sk * m->xid[j] * pow(D, phi - 1.0));
            const double tp = pow(th, phi);
            const double aE = pow(tp * m->xie[j], -psi) * pow(P / pe, -psi);
            const double aDs = pow(tp * m->xid[j], -psi) * pow(P / pd, -psi);
            put(m, jc, ee, IX(URIO_CGE_E, j), 1.0);
            put_supply_q(m, jc, ee, j, -aE);
            put_supply_p(m, p, jc, ee, j, psi * aE * Sq / P);
            put(m, jc, ee, IX(URIO_CGE_PE, j), -psi * aE * Sq / pe);
            put(m, jc, es, IX(URIO_CGE_D, j), 1.0);
            put_supply_q(m, jc, es, j, -aDs);
            put_supply_p(m, p, jc, es, j, psi * aDs * Sq / P);
            put(m, jc, es, IX(URIO_CGE_PD, j), -psi * aDs * Sq / pd);
        } else {
            put_supply_q(m, jc, ez, j, 1.0);
            put(m, jc, ez, IX(URIO_CGE_D, j), -m->theta[j]);
            put(m, jc, ee, IX(URIO_CGE_E, j), 1.0);
            put(m, jc, es, IX(URIO_CGE_PD, j), 1.0);
            put_supply_p(m, p, jc, es, j, -m->theta[j]);
        }

        e = m->eoff[URIO_CGE_EQ_PQD] + j;
        put(m, jc, e, IX(URIO_CGE_Q, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_XG, j), -1.0);
        put(m, jc, e, IX(URIO_CGE_XV, j), -1.0);
        for (size_t h = 0; h < H; h++)
            put(m, jc, e, IX(URIO_CGE_XP, j + n * h), -1.0);
        for (size_t a = 0; a < m->A; a++)
            put(m, jc, e, IX(URIO_CGE_Z, a), -m->ax[j + n * a]);

        const size_t q = m->ms[j];
        if (q == SIZE_MAX) continue;
        const double rho = m->rhos[j], sig = m->sigs[j], gs = m->gammas[j];
        double S = 0.0;
        for (size_t a = 0; a < m->A; a++)
            if (m->act_good[a] == j) S += m->deltas[a] * pow(V(URIO_CGE_Z, a), rho);
        e = m->eoff[URIO_CGE_EQ_XD] + q;
        put(m, jc, e, IX(URIO_CGE_XD, q), 1.0);
        const double Sk = gs * pow(S, 1.0 / rho - 1.0);
        for (size_t a = 0; a < m->A; a++)
            if (m->act_good[a] == j)
                put(m, jc, e, IX(URIO_CGE_Z, a),
                    -Sk * m->deltas[a] * pow(V(URIO_CGE_Z, a), rho - 1.0));
        const double px = V(URIO_CGE_PX, q), XD = V(URIO_CGE_XD, q);
        for (size_t a = 0; a < m->A; a++) {
            if (m->act_good[a] != j) continue;
            const double ca = pow(pow(gs, rho) * m->deltas[a], sig);
            const double pz = V(URIO_CGE_PZ, a);
            const double aZ = ca * pow(px / ((1.0 + p->tauz[a]) * pz), sig);
            e = m->eoff[URIO_CGE_EQ_ZS] + m->zs[a];
            put(m, jc, e, IX(URIO_CGE_Z, a), 1.0);
            put(m, jc, e, IX(URIO_CGE_XD, q), -aZ);
            put(m, jc, e, IX(URIO_CGE_PX, q), -sig * aZ * XD / px);
            put(m, jc, e, IX(URIO_CGE_PZ, a), sig * aZ * XD / pz);
        }
    }
}

int urio__cge_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                       const urio__cge_jac *jc)
{
    if (!in_domain(m, v)) return 1;
    const size_t n = m->n, k = m->k, H = m->H;
    const double eps = V(URIO_CGE_EPS, 0), SF = urio__cge_sf(m, p, v), sadj = sadj_of(m, v);
    const bool fx = m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED;
    const bool invd = m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN;
    activity_jacobian(m, p, v, jc);
    commodity_jacobian(m, p, v, jc);
    for (size_t h = 0; h < H; h++) {
        size_t e = m->eoff[URIO_CGE_EQ_TD] + h;
        put(m, jc, e, IX(URIO_CGE_TD, h), 1.0);
        put_income(m, p, v, jc, e, h, -p->taud[h]);
        e = m->eoff[URIO_CGE_EQ_SP] + h;
        put(m, jc, e, IX(URIO_CGE_SP, h), 1.0);
        put_income(m, p, v, jc, e, h, -sadj * m->ssp[h]);
        if (invd) put(m, jc, e, IX(URIO_CGE_SADJ, 0), -m->ssp[h] * urio__cge_income(m, p, v, h));
        for (size_t i = 0; i < n; i++) {
            const double a = m->alpha[i + n * h];
            e = m->eoff[URIO_CGE_EQ_XP] + i + n * h;
            put(m, jc, e, IX(URIO_CGE_PQ, i), V(URIO_CGE_XP, i + n * h));
            put(m, jc, e, IX(URIO_CGE_XP, i + n * h), V(URIO_CGE_PQ, i));
            put_income(m, p, v, jc, e, h, -a);
            put(m, jc, e, IX(URIO_CGE_SP, h), a);
            put(m, jc, e, IX(URIO_CGE_TD, h), a);
            put_invcost(m, p, jc, e, URIO__FIN_HH, a * m->finshare[h]);
        }
    }
    size_t e = m->eoff[URIO_CGE_EQ_SG];
    put(m, jc, e, IX(URIO_CGE_SG, 0), 1.0);
    if (m->closure.government == URIO_CGE_GOV_SAVING_RATE) {
        put_revenue(m, p, v, jc, e, -m->ssg);
    } else if (m->closure.government == URIO_CGE_GOV_SPENDING_FIXED) {
        put_revenue(m, p, v, jc, e, -1.0);
        for (size_t i = 0; i < n; i++) {
            put(m, jc, e, IX(URIO_CGE_PQ, i), V(URIO_CGE_XG, i));
            put(m, jc, e, IX(URIO_CGE_XG, i), V(URIO_CGE_PQ, i));
        }
        put_invcost(m, p, jc, e, URIO__FIN_GOV, 1.0);
    }
    e = m->eoff[URIO_CGE_EQ_EPS];
    if (m->trade) {
        for (size_t i = 0; i < n; i++) {
            put(m, jc, e, IX(URIO_CGE_E, i), p->pWe[i]);
            put(m, jc, e, IX(URIO_CGE_M, i), -p->pWm[i]);
        }
        if (fx) put(m, jc, e, IX(URIO_CGE_SF, 0), 1.0);
        const double PIf = urio__cge_invcost(m, p, v, URIO__FIN_FOREIGN);
        if (PIf != 0.0) {
            put(m, jc, e, IX(URIO_CGE_EPS, 0), -PIf / (eps * eps));
            put_invcost(m, p, jc, e, URIO__FIN_FOREIGN, 1.0 / eps);
        }
    } else {
        put(m, jc, e, IX(URIO_CGE_EPS, 0), 1.0);
        if (m->numeraire == URIO_CGE_NUMERAIRE_FACTOR)
            put(m, jc, e, IX(URIO_CGE_PF, m->numeraire_factor), -1.0);
        else
            for (size_t i = 0; i < n; i++)
                put(m, jc, e, IX(URIO_CGE_PQ, i), -m->cpiw[i]);
    }
    for (size_t f = 0; f < k; f++) {
        e = m->eoff[URIO_CGE_EQ_PF] + f;
        if (m->fspec[f] != SIZE_MAX) {
            put(m, jc, e, IX(URIO_CGE_PF, f), p->FF[f]);
            for (size_t a = 0; a < m->A; a++) {
                put(m, jc, e, pfa_ix(m, f, a), -V(URIO_CGE_F, f + k * a));
                put(m, jc, e, IX(URIO_CGE_F, f + k * a), -urio__cge_pfa(m, v, f, a));
            }
            continue;
        }
        for (size_t a = 0; a < m->A; a++)
            put(m, jc, e, IX(URIO_CGE_F, f + k * a), 1.0);
        if (m->fseg[f] != SIZE_MAX) put(m, jc, e, IX(URIO_CGE_FFS, m->fseg[f]), -1.0);
    }
    if (m->numeraire == URIO_CGE_NUMERAIRE_CPI) {
        e = m->eoff[URIO_CGE_EQ_CPI];
        for (size_t i = 0; i < n; i++)
            put(m, jc, e, IX(URIO_CGE_PQ, i), m->cpiw[i]);
    }
    for (size_t q = 0; q < m->kseg; q++) {
        const size_t f = m->seg_list[q];
        const urio_cge_class *cl = &m->classes[m->fclass[f]];
        e = m->eoff[URIO_CGE_EQ_SEG] + q;
        if (f == cl->base) {
            for (size_t s = 0; s < cl->nseg; s++)
                put(m, jc, e, IX(URIO_CGE_FFS, m->fseg[cl->segs[s]]), 1.0);
        } else {
            put(m, jc, e, IX(URIO_CGE_PF, f), 1.0);
            put(m, jc, e, IX(URIO_CGE_PF, cl->base), -(1.0 + p->omega[f]));
        }
    }
    if (fx) put(m, jc, m->eoff[URIO_CGE_EQ_FX], IX(URIO_CGE_EPS, 0), 1.0);
    if (invd) {
        e = m->eoff[URIO_CGE_EQ_SIB];
        for (size_t h = 0; h < H; h++)
            put(m, jc, e, IX(URIO_CGE_SP, h), 1.0);
        put(m, jc, e, IX(URIO_CGE_SG, 0), 1.0);
        put(m, jc, e, IX(URIO_CGE_EPS, 0), SF);
        if (fx) put(m, jc, e, IX(URIO_CGE_SF, 0), eps);
        for (size_t i = 0; i < n; i++) {
            put(m, jc, e, IX(URIO_CGE_PQ, i), -V(URIO_CGE_XV, i));
            put(m, jc, e, IX(URIO_CGE_XV, i), -V(URIO_CGE_PQ, i));
        }
        put_invcost(m, p, jc, e, URIO__FIN_BANKS, -1.0);
    }
    return 0;
}

/* ---- The SAM at a solution ------------------------------------------------------------ */

/* Contract: urio/cge.h.  Cells in current prices: inputs pq X, factor payments
 * pfa F, taxes Tz and Tm, imports eps pWm M, an activity's sales (1 + tauz) pz Z
 * (split form), factor income, direct tax, saving, consumption pq Xp, Xg, Xv plus
 * the extra investment, exports eps pWe E (= (1 + taue) pe E), the commodity,
 * export and factor taxes (to their accounts, or straight to the government when
 * the SAM has no such account: a scenario may levy a tax the benchmark lacks),
 * transfers, government saving
 * plus the government-financed investment, foreign saving eps Sf plus the
 * foreign-financed investment; the tax accounts pay their revenue to the
 * government, households their part of household-financed investment to the
 * investment account. */
urio_status urio_cge_sam_at(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            urio_matrix *sam)
{
    if (m == NULL || p == NULL || v == NULL || sam == NULL || sam->rows != m->sam->rows ||
        sam->cols != m->sam->cols)
        return URIO_EINVAL;
    const size_t n = m->n, k = m->k, H = m->H;
    const size_t *g = m->acc_goods, *act = m->acc_acts, *fa = m->acc_factors,
                 *hh = m->acc_households;
    memset(sam->data, 0, sam->rows * sam->cols * sizeof *sam->data);
    const double eps = V(URIO_CGE_EPS, 0);
    double tz = 0.0, tm = 0.0;
    for (size_t a = 0; a < m->A; a++) {
        const double Z = V(URIO_CGE_Z, a);
        for (size_t i = 0; i < n; i++)
            URIO_MAT(sam, g[i], act[a]) += V(URIO_CGE_PQ, i) * m->ax[i + n * a] * Z;
        for (size_t f = 0; f < k; f++)
            URIO_MAT(sam, fa[f], act[a]) = urio__cge_pfa(m, v, f, a) * V(URIO_CGE_F, f + k * a);
        if (m->acc_tax_production != SIZE_MAX)
            URIO_MAT(sam, m->acc_tax_production, act[a]) = V(URIO_CGE_TZ, a);
        tz += V(URIO_CGE_TZ, a);
        if (m->split)
            URIO_MAT(sam, act[a], g[m->act_good[a]]) = (1.0 + p->tauz[a]) * V(URIO_CGE_PZ, a) * Z;
        for (size_t f = 0; f < k; f++) {
            const double t = urio__cge_tax_factor(m, p, v, f, a);
            const size_t ta = m->acc_tax_factor[f];
            URIO_MAT(sam, ta != SIZE_MAX ? ta : m->acc_government, act[a]) += t;
            if (ta != SIZE_MAX) URIO_MAT(sam, m->acc_government, ta) += t;
        }
    }
    for (size_t j = 0; j < n; j++) {
        if (m->acc_tax_import != SIZE_MAX)
            URIO_MAT(sam, m->acc_tax_import, g[j]) = V(URIO_CGE_TM, j);
        tm += V(URIO_CGE_TM, j);
        URIO_MAT(sam, m->acc_row, g[j]) = eps * p->pWm[j] * V(URIO_CGE_M, j);
        for (size_t h = 0; h < H; h++)
            URIO_MAT(sam, g[j], hh[h]) = V(URIO_CGE_PQ, j) * V(URIO_CGE_XP, j + n * h);
        URIO_MAT(sam, g[j], m->acc_government) = V(URIO_CGE_PQ, j) * V(URIO_CGE_XG, j);
        double extra = 0.0;
        for (size_t s = 0; s < URIO_CGE_NFINANCE; s++)
            extra += p->inv[s + URIO_CGE_NFINANCE * j];
        URIO_MAT(sam, g[j], m->acc_investment) = V(URIO_CGE_PQ, j) * (V(URIO_CGE_XV, j) + extra);
        URIO_MAT(sam, g[j], m->acc_row) = eps * p->pWe[j] * V(URIO_CGE_E, j);
        const double tc = urio__cge_tax_commodity(m, p, v, j),
                     te = urio__cge_tax_export(m, p, v, j);
        const size_t ac = m->acc_tax_commodity, ae = m->acc_tax_export;
        URIO_MAT(sam, ac != SIZE_MAX ? ac : m->acc_government, g[j]) += tc;
        URIO_MAT(sam, ae != SIZE_MAX ? ae : m->acc_government, g[j]) += te;
        if (ac != SIZE_MAX) URIO_MAT(sam, m->acc_government, ac) += tc;
        if (ae != SIZE_MAX) URIO_MAT(sam, m->acc_government, ae) += te;
    }
    for (size_t f = 0; f < k; f++)
        for (size_t h = 0; h < H; h++) {
            double a, b;
            urio__cge_income_coef(m, p, h, f, &a, &b);
            URIO_MAT(sam, hh[h], fa[f]) = V(URIO_CGE_PF, f) * (a + b * urio__cge_ffe(m, p, v, f));
        }
    if (m->acc_tax_production != SIZE_MAX)
        URIO_MAT(sam, m->acc_government, m->acc_tax_production) = tz;
    if (m->acc_tax_import != SIZE_MAX) URIO_MAT(sam, m->acc_government, m->acc_tax_import) = tm;
    const double idx = urio__cge_index(m, p);
    const double PIh = urio__cge_invcost(m, p, v, URIO__FIN_HH);
    for (size_t h = 0; h < H; h++) {
        URIO_MAT(sam, m->acc_government, hh[h]) = V(URIO_CGE_TD, h);
        URIO_MAT(sam, m->acc_investment, hh[h]) = V(URIO_CGE_SP, h) + m->finshare[h] * PIh;
        URIO_MAT(sam, hh[h], m->acc_government) = p->tr[h] * idx;
        URIO_MAT(sam, hh[h], m->acc_row) = eps * m->rem0[h];
        for (size_t c = 0; c < H; c++)
            URIO_MAT(sam, hh[h], hh[c]) = m->trhh0[h + H * c] * idx;
    }
    URIO_MAT(sam, m->acc_investment, m->acc_government) =
        V(URIO_CGE_SG, 0) + urio__cge_invcost(m, p, v, URIO__FIN_GOV);
    URIO_MAT(sam, m->acc_investment, m->acc_row) =
        eps * urio__cge_sf(m, p, v) + urio__cge_invcost(m, p, v, URIO__FIN_FOREIGN);
    return URIO_OK;
}
