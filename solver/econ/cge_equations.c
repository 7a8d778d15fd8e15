/* cge_equations.c - the equations of the standard CGE model, their analytic
 * Jacobian, and the SAM a solution implies (urio/cge.h, docs/cge-model.md).
 *
 * Each equation is written as a residual "left side - right side" in a form free
 * of divisions by unknowns where the book divides by a price (eqF, eqXg, eqXv,
 * eqXp are multiplied through by pf or pq: same roots, since prices are positive,
 * and a Jacobian that is linear in them), then divided by its scale
 * (m->escale, a benchmark level), so that max |r_e| <= 1e-10 means the same thing
 * in every equation.  Goods that are not imported (M0 = 0) or not exported
 * (E0 = 0) use the limits of the Armington and CET blocks:
 *     M0 = 0:  Q = gamma D,  M = 0,  gamma pq = pd
 *     E0 = 0:  Z = theta D,  E = 0,  pd = theta (1 + tauz) pz
 * (the CES/CET share of the missing flow is 0 and its power would be 0^eta).
 * Without any trade the balance of payments is empty and the exchange rate is
 * tied to the numeraire (eps = pf of the numeraire factor, or the CPI).
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

double urio__cge_income(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                        size_t h)
{
    double inc = 0.0;
    for (size_t f = 0; f < m->k; f++)
        inc += m->share[h + m->H * f] * V(URIO_CGE_PF, f) * p->FF[f];
    return inc;
}

double urio__cge_revenue(const urio_cge_model *m, const double *v)
{
    double t = 0.0;
    for (size_t h = 0; h < m->H; h++)
        t += V(URIO_CGE_TD, h);
    for (size_t j = 0; j < m->n; j++)
        t += V(URIO_CGE_TZ, j) + V(URIO_CGE_TM, j);
    return t;
}

/* Prices must be positive everywhere; quantities where a power or a ratio uses
 * them (value added, factors with a positive share, output, composite, domestic
 * good, and imports or exports of goods that trade). */
static bool in_domain(const urio_cge_model *m, const double *v)
{
    for (size_t i = m->voff[URIO_CGE_PF]; i < m->voff[URIO_CGE_EPS] + 1; i++)
        if (!(v[i] > 0.0)) return false;
    for (size_t j = 0; j < m->n; j++) {
        if (!(V(URIO_CGE_Y, j) > 0.0) || !(V(URIO_CGE_Z, j) > 0.0) || !(V(URIO_CGE_Q, j) > 0.0) ||
            !(V(URIO_CGE_D, j) > 0.0))
            return false;
        if (m->M0[j] > 0.0 && !(V(URIO_CGE_M, j) > 0.0)) return false;
        if (m->E0[j] > 0.0 && !(V(URIO_CGE_E, j) > 0.0)) return false;
        for (size_t f = 0; f < m->k; f++)
            if (m->beta[f + m->k * j] > 0.0 && !(V(URIO_CGE_F, f + m->k * j) > 0.0)) return false;
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

int urio_cge_residual(const urio_cge_model *m, const urio_cge_params *p, const double *v, double *r)
{
    if (!in_domain(m, v)) return 1;
    const size_t n = m->n, k = m->k, H = m->H;
    const double T = urio__cge_revenue(m, v);
    const double Sg = V(URIO_CGE_SG, 0), eps = V(URIO_CGE_EPS, 0);
    double Sp_tot = 0.0;
    for (size_t h = 0; h < H; h++)
        Sp_tot += V(URIO_CGE_SP, h);
    double *R;

    for (size_t j = 0; j < n; j++) {
        /* eqpy: Y = b prod_f F^beta */
        double prod = p->b[j];
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * j];
            if (beta > 0.0) prod *= pow(V(URIO_CGE_F, f + k * j), beta);
        }
        r[m->eoff[URIO_CGE_EQ_PY] + j] = V(URIO_CGE_Y, j) - prod;
        /* eqF: pf F = beta py Y */
        for (size_t f = 0; f < k; f++)
            r[m->eoff[URIO_CGE_EQ_F] + f + k * j] =
                V(URIO_CGE_PF, f) * V(URIO_CGE_F, f + k * j) -
                m->beta[f + k * j] * V(URIO_CGE_PY, j) * V(URIO_CGE_Y, j);
        /* eqY: Y = ay Z */
        r[m->eoff[URIO_CGE_EQ_Y] + j] = V(URIO_CGE_Y, j) - m->ay[j] * V(URIO_CGE_Z, j);
        /* eqpzs: pz = ay py + sum_i ax_ij pq_i */
        double cost = m->ay[j] * V(URIO_CGE_PY, j);
        for (size_t i = 0; i < n; i++)
            cost += m->ax[i + n * j] * V(URIO_CGE_PQ, i);
        r[m->eoff[URIO_CGE_EQ_PZS] + j] = V(URIO_CGE_PZ, j) - cost;
        /* eqTz, eqTm */
        r[m->eoff[URIO_CGE_EQ_TZ] + j] =
            V(URIO_CGE_TZ, j) - p->tauz[j] * V(URIO_CGE_PZ, j) * V(URIO_CGE_Z, j);
        r[m->eoff[URIO_CGE_EQ_TM] + j] =
            V(URIO_CGE_TM, j) - p->taum[j] * V(URIO_CGE_PM, j) * V(URIO_CGE_M, j);
        /* eqXg: pq Xg = mu (T - Sg); eqXv: pq Xv = lambda (sum Sp + Sg + eps Sf) */
        r[m->eoff[URIO_CGE_EQ_XG] + j] =
            V(URIO_CGE_PQ, j) * V(URIO_CGE_XG, j) - m->mu[j] * (T - Sg);
        r[m->eoff[URIO_CGE_EQ_XV] + j] =
            V(URIO_CGE_PQ, j) * V(URIO_CGE_XV, j) - m->lambda[j] * (Sp_tot + Sg + eps * p->Sf);
        /* eqpe, eqpm */
        r[m->eoff[URIO_CGE_EQ_PE] + j] = V(URIO_CGE_PE, j) - eps * p->pWe[j];
        r[m->eoff[URIO_CGE_EQ_PM] + j] = V(URIO_CGE_PM, j) - eps * p->pWm[j];
        /* Armington: eqpqs, eqM, eqD */
        const double Q = V(URIO_CGE_Q, j), D = V(URIO_CGE_D, j), M = V(URIO_CGE_M, j);
        const double pq = V(URIO_CGE_PQ, j), pd = V(URIO_CGE_PD, j), pm = V(URIO_CGE_PM, j);
        if (m->M0[j] > 0.0) {
            const double eta = m->eta[j], sigma = m->sigma[j], g = m->gamma[j];
            const double S = m->deltam[j] * pow(M, eta) + m->deltad[j] * pow(D, eta);
            r[m->eoff[URIO_CGE_EQ_PQS] + j] = Q - g * pow(S, 1.0 / eta);
            const double cM = pow(pow(g, eta) * m->deltam[j] / (1.0 + p->taum[j]), sigma);
            const double cD = pow(pow(g, eta) * m->deltad[j], sigma);
            r[m->eoff[URIO_CGE_EQ_M] + j] = M - cM * pow(pq / pm, sigma) * Q;
            r[m->eoff[URIO_CGE_EQ_D] + j] = D - cD * pow(pq / pd, sigma) * Q;
        } else {
            r[m->eoff[URIO_CGE_EQ_PQS] + j] = Q - m->gamma[j] * D;
            r[m->eoff[URIO_CGE_EQ_M] + j] = M;
            r[m->eoff[URIO_CGE_EQ_D] + j] = m->gamma[j] * pq - pd;
        }
        /* CET: eqpzd, eqE, eqDs */
        const double Z = V(URIO_CGE_Z, j), E = V(URIO_CGE_E, j);
        const double pz = V(URIO_CGE_PZ, j), pe = V(URIO_CGE_PE, j);
        if (m->E0[j] > 0.0) {
            const double phi = m->phi[j], psi = m->psi[j], th = m->theta[j];
            const double S = m->xie[j] * pow(E, phi) + m->xid[j] * pow(D, phi);
            r[m->eoff[URIO_CGE_EQ_PZD] + j] = Z - th * pow(S, 1.0 / phi);
            const double tp = pow(th, phi) * (1.0 + p->tauz[j]);
            const double cE = pow(tp * m->xie[j], -psi), cDs = pow(tp * m->xid[j], -psi);
            r[m->eoff[URIO_CGE_EQ_E] + j] = E - cE * pow(pz / pe, -psi) * Z;
            r[m->eoff[URIO_CGE_EQ_DS] + j] = D - cDs * pow(pz / pd, -psi) * Z;
        } else {
            r[m->eoff[URIO_CGE_EQ_PZD] + j] = Z - m->theta[j] * D;
            r[m->eoff[URIO_CGE_EQ_E] + j] = E;
            r[m->eoff[URIO_CGE_EQ_DS] + j] = pd - m->theta[j] * (1.0 + p->tauz[j]) * pz;
        }
        /* eqpqd: Q = sum_h Xp + Xg + Xv + sum_i ax_ji Z_i */
        double use = V(URIO_CGE_XG, j) + V(URIO_CGE_XV, j);
        for (size_t h = 0; h < H; h++)
            use += V(URIO_CGE_XP, j + n * h);
        for (size_t i = 0; i < n; i++)
            use += m->ax[j + n * i] * V(URIO_CGE_Z, i);
        r[m->eoff[URIO_CGE_EQ_PQD] + j] = Q - use;
    }
    for (size_t h = 0; h < H; h++) {
        const double inc = urio__cge_income(m, p, v, h);
        r[m->eoff[URIO_CGE_EQ_TD] + h] = V(URIO_CGE_TD, h) - p->taud[h] * inc;
        r[m->eoff[URIO_CGE_EQ_SP] + h] = V(URIO_CGE_SP, h) - m->ssp[h] * inc;
        const double spend = inc - V(URIO_CGE_SP, h) - V(URIO_CGE_TD, h);
        R = r + m->eoff[URIO_CGE_EQ_XP] + n * h;
        for (size_t i = 0; i < n; i++)
            R[i] = V(URIO_CGE_PQ, i) * V(URIO_CGE_XP, i + n * h) - m->alpha[i + n * h] * spend;
    }
    r[m->eoff[URIO_CGE_EQ_SG]] = Sg - m->ssg * T;
    if (m->trade) {
        double bop = p->Sf;
        for (size_t i = 0; i < n; i++)
            bop += p->pWe[i] * V(URIO_CGE_E, i) - p->pWm[i] * V(URIO_CGE_M, i);
        r[m->eoff[URIO_CGE_EQ_EPS]] = bop;
    } else {
        r[m->eoff[URIO_CGE_EQ_EPS]] = eps - price_level(m, v);
    }
    for (size_t f = 0; f < k; f++) {
        double use = 0.0;
        for (size_t j = 0; j < n; j++)
            use += V(URIO_CGE_F, f + k * j);
        r[m->eoff[URIO_CGE_EQ_PF] + f] = use - p->FF[f];
    }
    if (m->numeraire == URIO_CGE_NUMERAIRE_CPI)
        r[m->eoff[URIO_CGE_EQ_CPI]] = price_level(m, v) - p->numeraire;
    for (size_t e = 0; e < m->ne; e++)
        r[e] /= m->escale[e];
    return 0;
}

/* dF_e/dv_var += val, mapped into the solved system. */
static inline void put(const urio_cge_model *m, const urio__cge_jac *jc, size_t e, size_t var,
                       double val)
{
    const size_t row = jc->row[e], col = jc->col[var];
    if (row == SIZE_MAX || col == SIZE_MAX) return;
    jc->J[row + jc->ld * col] += val * m->vscale[var] / m->escale[e];
}

/* The income of household h as a function of the factor prices: d/dpf_f. */
static void put_income(const urio_cge_model *m, const urio_cge_params *p, const urio__cge_jac *jc,
                       size_t e, size_t h, double coef)
{
    for (size_t f = 0; f < m->k; f++)
        put(m, jc, e, IX(URIO_CGE_PF, f), coef * m->share[h + m->H * f] * p->FF[f]);
}

/* d/dv of T = sum Td + sum Tz + sum Tm, times coef. */
static void put_revenue(const urio_cge_model *m, const urio__cge_jac *jc, size_t e, double coef)
{
    for (size_t h = 0; h < m->H; h++)
        put(m, jc, e, IX(URIO_CGE_TD, h), coef);
    for (size_t j = 0; j < m->n; j++) {
        put(m, jc, e, IX(URIO_CGE_TZ, j), coef);
        put(m, jc, e, IX(URIO_CGE_TM, j), coef);
    }
}

int urio__cge_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                       const urio__cge_jac *jc)
{
    if (!in_domain(m, v)) return 1;
    const size_t n = m->n, k = m->k, H = m->H;
    const double eps = V(URIO_CGE_EPS, 0);
    for (size_t j = 0; j < n; j++) {
        size_t e = m->eoff[URIO_CGE_EQ_PY] + j;
        double prod = p->b[j];
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * j];
            if (beta > 0.0) prod *= pow(V(URIO_CGE_F, f + k * j), beta);
        }
        put(m, jc, e, IX(URIO_CGE_Y, j), 1.0);
        for (size_t f = 0; f < k; f++) {
            const double beta = m->beta[f + k * j];
            if (beta > 0.0)
                put(m, jc, e, IX(URIO_CGE_F, f + k * j), -beta * prod / V(URIO_CGE_F, f + k * j));
        }
        for (size_t f = 0; f < k; f++) {
            e = m->eoff[URIO_CGE_EQ_F] + f + k * j;
            const double beta = m->beta[f + k * j];
            put(m, jc, e, IX(URIO_CGE_PF, f), V(URIO_CGE_F, f + k * j));
            put(m, jc, e, IX(URIO_CGE_F, f + k * j), V(URIO_CGE_PF, f));
            put(m, jc, e, IX(URIO_CGE_PY, j), -beta * V(URIO_CGE_Y, j));
            put(m, jc, e, IX(URIO_CGE_Y, j), -beta * V(URIO_CGE_PY, j));
        }
        e = m->eoff[URIO_CGE_EQ_Y] + j;
        put(m, jc, e, IX(URIO_CGE_Y, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_Z, j), -m->ay[j]);
        e = m->eoff[URIO_CGE_EQ_PZS] + j;
        put(m, jc, e, IX(URIO_CGE_PZ, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_PY, j), -m->ay[j]);
        for (size_t i = 0; i < n; i++)
            put(m, jc, e, IX(URIO_CGE_PQ, i), -m->ax[i + n * j]);
        e = m->eoff[URIO_CGE_EQ_TZ] + j;
        put(m, jc, e, IX(URIO_CGE_TZ, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_PZ, j), -p->tauz[j] * V(URIO_CGE_Z, j));
        put(m, jc, e, IX(URIO_CGE_Z, j), -p->tauz[j] * V(URIO_CGE_PZ, j));
        e = m->eoff[URIO_CGE_EQ_TM] + j;
        put(m, jc, e, IX(URIO_CGE_TM, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_PM, j), -p->taum[j] * V(URIO_CGE_M, j));
        put(m, jc, e, IX(URIO_CGE_M, j), -p->taum[j] * V(URIO_CGE_PM, j));
        e = m->eoff[URIO_CGE_EQ_XG] + j;
        put(m, jc, e, IX(URIO_CGE_PQ, j), V(URIO_CGE_XG, j));
        put(m, jc, e, IX(URIO_CGE_XG, j), V(URIO_CGE_PQ, j));
        put_revenue(m, jc, e, -m->mu[j]);
        put(m, jc, e, IX(URIO_CGE_SG, 0), m->mu[j]);
        e = m->eoff[URIO_CGE_EQ_XV] + j;
        put(m, jc, e, IX(URIO_CGE_PQ, j), V(URIO_CGE_XV, j));
        put(m, jc, e, IX(URIO_CGE_XV, j), V(URIO_CGE_PQ, j));
        for (size_t h = 0; h < H; h++)
            put(m, jc, e, IX(URIO_CGE_SP, h), -m->lambda[j]);
        put(m, jc, e, IX(URIO_CGE_SG, 0), -m->lambda[j]);
        put(m, jc, e, IX(URIO_CGE_EPS, 0), -m->lambda[j] * p->Sf);
        e = m->eoff[URIO_CGE_EQ_PE] + j;
        put(m, jc, e, IX(URIO_CGE_PE, j), 1.0);
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
            const double aM = cM * pow(pq / pm, sigma), aD = cD * pow(pq / pd, sigma);
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
            put(m, jc, ed, IX(URIO_CGE_PD, j), -1.0);
        }

        const double Z = V(URIO_CGE_Z, j), E = V(URIO_CGE_E, j);
        const double pz = V(URIO_CGE_PZ, j), pe = V(URIO_CGE_PE, j);
        const size_t ez = m->eoff[URIO_CGE_EQ_PZD] + j, ee = m->eoff[URIO_CGE_EQ_E] + j,
                     es = m->eoff[URIO_CGE_EQ_DS] + j;
        if (m->E0[j] > 0.0) {
            const double phi = m->phi[j], psi = m->psi[j], th = m->theta[j];
            const double S = m->xie[j] * pow(E, phi) + m->xid[j] * pow(D, phi);
            const double Sk = th * pow(S, 1.0 / phi - 1.0);
            put(m, jc, ez, IX(URIO_CGE_Z, j), 1.0);
            put(m, jc, ez, IX(URIO_CGE_E, j), -Sk * m->xie[j] * pow(E, phi - 1.0));
            put(m, jc, ez, IX(URIO_CGE_D, j), -Sk * m->xid[j] * pow(D, phi - 1.0));
            const double tp = pow(th, phi) * (1.0 + p->tauz[j]);
            const double aE = pow(tp * m->xie[j], -psi) * pow(pz / pe, -psi);
            const double aDs = pow(tp * m->xid[j], -psi) * pow(pz / pd, -psi);
            put(m, jc, ee, IX(URIO_CGE_E, j), 1.0);
            put(m, jc, ee, IX(URIO_CGE_Z, j), -aE);
            put(m, jc, ee, IX(URIO_CGE_PZ, j), psi * aE * Z / pz);
            put(m, jc, ee, IX(URIO_CGE_PE, j), -psi * aE * Z / pe);
            put(m, jc, es, IX(URIO_CGE_D, j), 1.0);
            put(m, jc, es, IX(URIO_CGE_Z, j), -aDs);
            put(m, jc, es, IX(URIO_CGE_PZ, j), psi * aDs * Z / pz);
            put(m, jc, es, IX(URIO_CGE_PD, j), -psi * aDs * Z / pd);
        } else {
            put(m, jc, ez, IX(URIO_CGE_Z, j), 1.0);
            put(m, jc, ez, IX(URIO_CGE_D, j), -m->theta[j]);
            put(m, jc, ee, IX(URIO_CGE_E, j), 1.0);
            put(m, jc, es, IX(URIO_CGE_PD, j), 1.0);
            put(m, jc, es, IX(URIO_CGE_PZ, j), -m->theta[j] * (1.0 + p->tauz[j]));
        }

        e = m->eoff[URIO_CGE_EQ_PQD] + j;
        put(m, jc, e, IX(URIO_CGE_Q, j), 1.0);
        put(m, jc, e, IX(URIO_CGE_XG, j), -1.0);
        put(m, jc, e, IX(URIO_CGE_XV, j), -1.0);
        for (size_t h = 0; h < H; h++)
            put(m, jc, e, IX(URIO_CGE_XP, j + n * h), -1.0);
        for (size_t i = 0; i < n; i++)
            put(m, jc, e, IX(URIO_CGE_Z, i), -m->ax[j + n * i]);
    }
    for (size_t h = 0; h < H; h++) {
        size_t e = m->eoff[URIO_CGE_EQ_TD] + h;
        put(m, jc, e, IX(URIO_CGE_TD, h), 1.0);
        put_income(m, p, jc, e, h, -p->taud[h]);
        e = m->eoff[URIO_CGE_EQ_SP] + h;
        put(m, jc, e, IX(URIO_CGE_SP, h), 1.0);
        put_income(m, p, jc, e, h, -m->ssp[h]);
        for (size_t i = 0; i < n; i++) {
            const double a = m->alpha[i + n * h];
            e = m->eoff[URIO_CGE_EQ_XP] + i + n * h;
            put(m, jc, e, IX(URIO_CGE_PQ, i), V(URIO_CGE_XP, i + n * h));
            put(m, jc, e, IX(URIO_CGE_XP, i + n * h), V(URIO_CGE_PQ, i));
            put_income(m, p, jc, e, h, -a);
            put(m, jc, e, IX(URIO_CGE_SP, h), a);
            put(m, jc, e, IX(URIO_CGE_TD, h), a);
        }
    }
    size_t e = m->eoff[URIO_CGE_EQ_SG];
    put(m, jc, e, IX(URIO_CGE_SG, 0), 1.0);
    put_revenue(m, jc, e, -m->ssg);
    e = m->eoff[URIO_CGE_EQ_EPS];
    if (m->trade) {
        for (size_t i = 0; i < n; i++) {
            put(m, jc, e, IX(URIO_CGE_E, i), p->pWe[i]);
            put(m, jc, e, IX(URIO_CGE_M, i), -p->pWm[i]);
        }
    } else {
        put(m, jc, e, IX(URIO_CGE_EPS, 0), 1.0);
        if (m->numeraire == URIO_CGE_NUMERAIRE_FACTOR)
            put(m, jc, e, IX(URIO_CGE_PF, m->numeraire_factor), -1.0);
        else
            for (size_t i = 0; i < n; i++)
                put(m, jc, e, IX(URIO_CGE_PQ, i), -m->cpiw[i]);
    }
    (void)eps;
    for (size_t f = 0; f < k; f++) {
        e = m->eoff[URIO_CGE_EQ_PF] + f;
        for (size_t j = 0; j < n; j++)
            put(m, jc, e, IX(URIO_CGE_F, f + k * j), 1.0);
    }
    if (m->numeraire == URIO_CGE_NUMERAIRE_CPI) {
        e = m->eoff[URIO_CGE_EQ_CPI];
        for (size_t i = 0; i < n; i++)
            put(m, jc, e, IX(URIO_CGE_PQ, i), m->cpiw[i]);
    }
    return 0;
}

/* Contract: urio/cge.h.  Cells in current prices: inputs pq X, factor payments
 * pf F, taxes Tz and Tm, imports eps pWm M, factor income share pf FF, direct
 * tax, saving, consumption pq Xp, Xg, Xv, exports eps pWe E (= pe E), foreign
 * saving eps Sf; the tax accounts pay their revenue to the government. */
urio_status urio_cge_sam_at(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            urio_matrix *sam)
{
    if (m == NULL || p == NULL || v == NULL || sam == NULL || sam->rows != m->sam->rows ||
        sam->cols != m->sam->cols)
        return URIO_EINVAL;
    const size_t n = m->n, k = m->k, H = m->H;
    const size_t *g = m->acc_goods, *fa = m->acc_factors, *hh = m->acc_households;
    memset(sam->data, 0, sam->rows * sam->cols * sizeof *sam->data);
    const double eps = V(URIO_CGE_EPS, 0);
    double tz = 0.0, tm = 0.0;
    for (size_t j = 0; j < n; j++) {
        const double Z = V(URIO_CGE_Z, j);
        for (size_t i = 0; i < n; i++)
            URIO_MAT(sam, g[i], g[j]) = V(URIO_CGE_PQ, i) * m->ax[i + n * j] * Z;
        for (size_t f = 0; f < k; f++)
            URIO_MAT(sam, fa[f], g[j]) = V(URIO_CGE_PF, f) * V(URIO_CGE_F, f + k * j);
        if (m->acc_tax_production != SIZE_MAX)
            URIO_MAT(sam, m->acc_tax_production, g[j]) = V(URIO_CGE_TZ, j);
        if (m->acc_tax_import != SIZE_MAX)
            URIO_MAT(sam, m->acc_tax_import, g[j]) = V(URIO_CGE_TM, j);
        tz += V(URIO_CGE_TZ, j);
        tm += V(URIO_CGE_TM, j);
        URIO_MAT(sam, m->acc_row, g[j]) = eps * p->pWm[j] * V(URIO_CGE_M, j);
        for (size_t h = 0; h < H; h++)
            URIO_MAT(sam, g[j], hh[h]) = V(URIO_CGE_PQ, j) * V(URIO_CGE_XP, j + n * h);
        URIO_MAT(sam, g[j], m->acc_government) = V(URIO_CGE_PQ, j) * V(URIO_CGE_XG, j);
        URIO_MAT(sam, g[j], m->acc_investment) = V(URIO_CGE_PQ, j) * V(URIO_CGE_XV, j);
        URIO_MAT(sam, g[j], m->acc_row) = eps * p->pWe[j] * V(URIO_CGE_E, j);
    }
    for (size_t f = 0; f < k; f++)
        for (size_t h = 0; h < H; h++)
            URIO_MAT(sam, hh[h], fa[f]) = m->share[h + H * f] * V(URIO_CGE_PF, f) * p->FF[f];
    if (m->acc_tax_production != SIZE_MAX)
        URIO_MAT(sam, m->acc_government, m->acc_tax_production) = tz;
    if (m->acc_tax_import != SIZE_MAX) URIO_MAT(sam, m->acc_government, m->acc_tax_import) = tm;
    for (size_t h = 0; h < H; h++) {
        URIO_MAT(sam, m->acc_government, hh[h]) = V(URIO_CGE_TD, h);
        URIO_MAT(sam, m->acc_investment, hh[h]) = V(URIO_CGE_SP, h);
    }
    URIO_MAT(sam, m->acc_investment, m->acc_government) = V(URIO_CGE_SG, 0);
    URIO_MAT(sam, m->acc_investment, m->acc_row) = eps * p->Sf;
    return URIO_OK;
}
