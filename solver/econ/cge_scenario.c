/* cge_scenario.c - CGE shocks, indicators, utility and equivalent variation
 * (urio/cge.h; indicator names from DESIGN.md section 7).
 *
 * A shock changes one exogenous parameter of its targets: set (new level),
 * change (add) or change_pct (add value percent of the current level).  Shocks
 * apply in the order given, so a `set` after a `change` sees the changed level.
 *
 * Welfare (Hosoe, Gasawa & Hashimoto 2010, ch. 6): household h's utility is
 * U = prod_i Xp_i^alpha_i and its expenditure function e(p, U) =
 * U prod_i (p_i / alpha_i)^alpha_i; with base prices p0 = 1 the Hicksian
 * equivalent variation is EV = e(p0, U1) - e(p0, U0) = (U1 - U0) prod_i
 * alpha_i^-alpha_i, in model units (the SAM's).  Real aggregates are at base
 * prices (all 1), so they are plain sums of quantities. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>

#include "cge_internal.h"

#define V(b, i) URIO__V(m, v, b, i)

const char *urio_cge_shock_name(urio_cge_shock_kind k)
{
    switch (k) {
    case URIO_CGE_SHOCK_TAX_PRODUCTION:
        return "tax:production";
    case URIO_CGE_SHOCK_TAX_IMPORT:
        return "tax:import";
    case URIO_CGE_SHOCK_TAX_DIRECT:
        return "tax:direct";
    case URIO_CGE_SHOCK_PRODUCTIVITY:
        return "productivity";
    case URIO_CGE_SHOCK_FACTOR_SUPPLY:
        return "factor_supply";
    }
    return "unknown";
}

void urio_cge_scenario_clear(urio_cge_scenario *s)
{
    if (s == NULL) return;
    free(s->name);
    for (size_t k = 0; k < s->nshocks; k++)
        free(s->shocks[k].targets);
    free(s->shocks);
    memset(s, 0, sizeof *s);
}

void urio_cge_scenarios_free(urio_cge_scenario *sc, size_t nscen)
{
    if (sc == NULL) return;
    for (size_t i = 0; i < nscen; i++)
        urio_cge_scenario_clear(&sc[i]);
    free(sc);
}

static double changed(double level, urio_change_kind kind, double value)
{
    switch (kind) {
    case URIO_CHANGE_SET:
        return value;
    case URIO_CHANGE_ABS:
        return level + value;
    case URIO_CHANGE_PCT:
        return level * (1.0 + value / 100.0);
    }
    return level;
}

urio_status urio_cge_scenario_apply(const urio_cge_model *m, const urio_cge_scenario *sc,
                                    urio_cge_params *p, urio_diag *d)
{
    if (m == NULL || sc == NULL || p == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    for (size_t k = 0; k < sc->nshocks; k++) {
        const urio_cge_shock *sh = &sc->shocks[k];
        const urio_labels *L = NULL;
        size_t count = 0;
        switch (sh->kind) {
        case URIO_CGE_SHOCK_TAX_PRODUCTION:
        case URIO_CGE_SHOCK_TAX_IMPORT:
        case URIO_CGE_SHOCK_PRODUCTIVITY:
            L = m->goods;
            count = m->n;
            break;
        case URIO_CGE_SHOCK_TAX_DIRECT:
            L = m->households;
            count = m->H;
            break;
        case URIO_CGE_SHOCK_FACTOR_SUPPLY:
            L = m->factors;
            count = m->k;
            break;
        default:
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "unknown shock kind");
        }
        for (size_t t = 0; t < sh->ntargets; t++) {
            const size_t i = sh->targets[t];
            if (i >= count)
                return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                     "shock %zu of \"%s\" targets index %zu of %zu", k + 1,
                                     sc->name != NULL ? sc->name : "", i, count);
            double *slot = NULL, base = 0.0;
            const char *why = NULL;
            switch (sh->kind) {
            case URIO_CGE_SHOCK_TAX_PRODUCTION:
                slot = &p->tauz[i];
                break;
            case URIO_CGE_SHOCK_TAX_IMPORT:
                slot = &p->taum[i];
                break;
            case URIO_CGE_SHOCK_TAX_DIRECT:
                slot = &p->taud[i];
                break;
            case URIO_CGE_SHOCK_PRODUCTIVITY:
                slot = &p->b[i];
                base = m->base.b[i];
                break;
            case URIO_CGE_SHOCK_FACTOR_SUPPLY:
                slot = &p->FF[i];
                break;
            }
            double nv;
            if (sh->kind == URIO_CGE_SHOCK_PRODUCTIVITY) {
                nv = base * changed(*slot / base, sh->change, sh->value);
                if (!(nv > 0.0)) why = "the productivity index must stay positive";
            } else {
                nv = changed(*slot, sh->change, sh->value);
                if (sh->kind == URIO_CGE_SHOCK_FACTOR_SUPPLY && !(nv > 0.0))
                    why = "a factor endowment must stay positive";
                if ((sh->kind == URIO_CGE_SHOCK_TAX_PRODUCTION ||
                     sh->kind == URIO_CGE_SHOCK_TAX_IMPORT) &&
                    !(nv > -1.0))
                    why = "a tax rate must stay above -1 (a subsidy of less than 100 %)";
                if (sh->kind == URIO_CGE_SHOCK_TAX_DIRECT && !(nv < 1.0))
                    why = "a direct tax rate must stay below 1";
            }
            if (!isfinite(nv) && why == NULL) why = "the result is not a finite number";
            if (why != NULL)
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, why,
                                     "scenario \"%s\", shock %zu (%s): %s would become %g",
                                     sc->name != NULL ? sc->name : "", k + 1,
                                     urio_cge_shock_name(sh->kind), L->name[i], nv);
            *slot = nv;
        }
    }
    return URIO_OK;
}

double urio_cge_utility(const urio_cge_model *m, const double *v, size_t h)
{
    double u = 1.0;
    for (size_t i = 0; i < m->n; i++) {
        const double a = m->alpha[i + m->n * h];
        if (a > 0.0) u *= pow(V(URIO_CGE_XP, i + m->n * h), a);
    }
    return u;
}

/* prod_i alpha_i^-alpha_i: the cost of one unit of utility at base prices. */
static double unit_cost(const urio_cge_model *m, size_t h)
{
    double c = 1.0;
    for (size_t i = 0; i < m->n; i++) {
        const double a = m->alpha[i + m->n * h];
        if (a > 0.0) c *= pow(a, -a);
    }
    return c;
}

double urio_cge_ev(const urio_cge_model *m, const double *v, size_t h)
{
    return (urio_cge_utility(m, v, h) - urio_cge_utility(m, m->v0, h)) * unit_cost(m, h);
}

static void copy_text(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src);
    if (len >= size) len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

static void put(urio_effects *fx, size_t k, const char *ind, const char *label, double base,
                double value)
{
    urio_effect *e = &fx->e[fx->count++];
    e->scenario = k;
    copy_text(e->indicator, sizeof e->indicator, ind);
    copy_text(e->label, sizeof e->label, label);
    e->base = base;
    e->value = value;
}

/* By good: indicator ind of block b, and with total also the sum over goods. */
static void per_good(const urio_cge_model *m, urio_effects *fx, size_t k, const char *ind,
                     urio_cge_block b, const double *v, bool total)
{
    double tb = 0.0, tv = 0.0;
    for (size_t i = 0; i < m->n; i++) {
        const double base = m->v0[m->voff[b] + i], val = v[m->voff[b] + i];
        put(fx, k, ind, m->goods->name[i], base, val);
        tb += base;
        tv += val;
    }
    if (total) put(fx, k, ind, "", tb, tv);
}

/* Real GDP at base prices: sum_i (sum_h Xp + Xg + Xv + E - M). */
static double gdp_real(const urio_cge_model *m, const double *v)
{
    double g = 0.0;
    for (size_t i = 0; i < m->n; i++) {
        g += V(URIO_CGE_XG, i) + V(URIO_CGE_XV, i) + V(URIO_CGE_E, i) - V(URIO_CGE_M, i);
        for (size_t h = 0; h < m->H; h++)
            g += V(URIO_CGE_XP, i + m->n * h);
    }
    return g;
}

static double consumption(const urio_cge_model *m, const double *v, size_t h)
{
    double c = 0.0;
    for (size_t i = 0; i < m->n; i++)
        c += V(URIO_CGE_XP, i + m->n * h);
    return c;
}

urio_status urio_cge_effects_append(const urio_cge_model *m, size_t k, const urio_cge_params *p,
                                    const double *v, urio_effects *fx)
{
    if (m == NULL || p == NULL || v == NULL || fx == NULL) return URIO_EINVAL;
    const size_t n = m->n, H = m->H;
    const size_t need = 8 * n + 3 + m->k + 4 * H + 3 + 6;
    if (fx->count + need > fx->capacity) {
        size_t cap = fx->capacity > 0 ? 2 * fx->capacity : 64;
        while (cap < fx->count + need)
            cap *= 2;
        urio_effect *g = realloc(fx->e, cap * sizeof *g);
        if (g == NULL) return URIO_ENOMEM;
        fx->e = g;
        fx->capacity = cap;
    }
    const double *v0 = m->v0;
    per_good(m, fx, k, "output", URIO_CGE_Z, v, true);
    per_good(m, fx, k, "price_output", URIO_CGE_PZ, v, false);
    per_good(m, fx, k, "price_composite", URIO_CGE_PQ, v, false);
    per_good(m, fx, k, "price_domestic", URIO_CGE_PD, v, false);
    per_good(m, fx, k, "domestic", URIO_CGE_D, v, false);
    per_good(m, fx, k, "exports", URIO_CGE_E, v, true);
    per_good(m, fx, k, "imports", URIO_CGE_M, v, true);
    per_good(m, fx, k, "composite", URIO_CGE_Q, v, false);
    for (size_t f = 0; f < m->k; f++)
        put(fx, k, "factor_price", m->factors->name[f], v0[m->voff[URIO_CGE_PF] + f],
            v[m->voff[URIO_CGE_PF] + f]);
    double ib = 0.0, iv = 0.0, cb = 0.0, cv = 0.0, ev = 0.0;
    for (size_t h = 0; h < H; h++) {
        const double i0 = urio__cge_income(m, &m->base, v0, h), i1 = urio__cge_income(m, p, v, h);
        put(fx, k, "household_income", m->households->name[h], i0, i1);
        ib += i0;
        iv += i1;
    }
    put(fx, k, "household_income", "", ib, iv);
    for (size_t h = 0; h < H; h++) {
        const double c0 = consumption(m, v0, h), c1 = consumption(m, v, h);
        put(fx, k, "household_consumption", m->households->name[h], c0, c1);
        cb += c0;
        cv += c1;
    }
    put(fx, k, "household_consumption", "", cb, cv);
    for (size_t h = 0; h < H; h++)
        put(fx, k, "utility", m->households->name[h], urio_cge_utility(m, v0, h),
            urio_cge_utility(m, v, h));
    for (size_t h = 0; h < H; h++) {
        const double e = urio_cge_ev(m, v, h);
        put(fx, k, "equivalent_variation", m->households->name[h], 0.0, e);
        ev += e;
    }
    put(fx, k, "equivalent_variation", "", 0.0, ev);
    put(fx, k, "exchange_rate", "", v0[m->voff[URIO_CGE_EPS]], v[m->voff[URIO_CGE_EPS]]);
    put(fx, k, "government_revenue", "", urio__cge_revenue(m, v0), urio__cge_revenue(m, v));
    double gb = 0.0, gv = 0.0, xb = 0.0, xv = 0.0;
    for (size_t i = 0; i < n; i++) {
        gb += v0[m->voff[URIO_CGE_XG] + i];
        gv += v[m->voff[URIO_CGE_XG] + i];
        xb += v0[m->voff[URIO_CGE_XV] + i];
        xv += v[m->voff[URIO_CGE_XV] + i];
    }
    put(fx, k, "government_consumption", "", gb, gv);
    put(fx, k, "investment", "", xb, xv);
    put(fx, k, "gdp_real", "", gdp_real(m, v0), gdp_real(m, v));
    return URIO_OK;
}
