/* cge_scenario.c - CGE shocks, indicators, utility and equivalent variation
 * (urio/cge.h; indicator names from DESIGN.md section 7).
 *
 * A shock changes one exogenous parameter of its targets: set (new level),
 * change (add) or change_pct (add value percent of the current level - or, for
 * the instruments that are 0 at the benchmark, of a base: an investment in percent
 * of the commodity's benchmark investment demand, a transfer in percent of the
 * household's benchmark income).  Shocks apply in the order given, so a `set`
 * after a `change` sees the changed level.  The urban-rural instruments: wedges of
 * segmented factors (mobility, financing), factor efficiency (productivity with
 * factors), extra investment by source of finance, transfers.
 *
 * Per-capita indicators use the population of the model file, moved by the
 * migration class (urio_cge_population); the urban-rural income ratio is the
 * per-capita disposable income of the households labelled urban over that of the
 * rural ones (docs/cge-model.md section 8).
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
    case URIO_CGE_SHOCK_MOBILITY:
        return "mobility";
    case URIO_CGE_SHOCK_FINANCING:
        return "financing";
    case URIO_CGE_SHOCK_INVESTMENT:
        return "investment";
    case URIO_CGE_SHOCK_TRANSFER:
        return "transfer";
    case URIO_CGE_SHOCK_TAX_COMMODITY:
        return "tax:commodity";
    case URIO_CGE_SHOCK_TAX_EXPORT:
        return "tax:export";
    case URIO_CGE_SHOCK_TAX_FACTOR:
        return "tax:factor";
    }
    return "unknown";
}

void urio_cge_scenario_clear(urio_cge_scenario *s)
{
    if (s == NULL) return;
    free(s->name);
    for (size_t k = 0; k < s->nshocks; k++) {
        free(s->shocks[k].targets);
        free(s->shocks[k].factors);
    }
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

/* The new level: set, add, or add value percent of base (the level itself for
 * most instruments). */
static double changed(double level, double base, urio_change_kind kind, double value)
{
    switch (kind) {
    case URIO_CHANGE_SET:
        return value;
    case URIO_CHANGE_ABS:
        return level + value;
    case URIO_CHANGE_PCT:
        return level + base * value / 100.0;
    }
    return level;
}

/* The label set a shock's targets index. */
static const urio_labels *target_labels(const urio_cge_model *m, urio_cge_shock_kind k,
                                        size_t *count)
{
    switch (k) {
    case URIO_CGE_SHOCK_TAX_PRODUCTION:
    case URIO_CGE_SHOCK_PRODUCTIVITY:
    case URIO_CGE_SHOCK_TAX_FACTOR:
        *count = m->A;
        return m->activities;
    case URIO_CGE_SHOCK_TAX_IMPORT:
    case URIO_CGE_SHOCK_INVESTMENT:
    case URIO_CGE_SHOCK_TAX_COMMODITY:
    case URIO_CGE_SHOCK_TAX_EXPORT:
        *count = m->n;
        return m->goods;
    case URIO_CGE_SHOCK_TAX_DIRECT:
    case URIO_CGE_SHOCK_TRANSFER:
        *count = m->H;
        return m->households;
    case URIO_CGE_SHOCK_FACTOR_SUPPLY:
    case URIO_CGE_SHOCK_MOBILITY:
    case URIO_CGE_SHOCK_FINANCING:
        *count = m->k;
        return m->factors;
    }
    *count = 0;
    return NULL;
}

/* Apply one shock to one target i (and, for a factor-efficiency shock, factor f). */
static urio_status apply_one(const urio_cge_model *m, const urio_cge_scenario *sc, size_t k,
                             const urio_cge_shock *sh, size_t i, size_t f, urio_cge_params *p,
                             urio_diag *d)
{
    double *slot = NULL, base = 0.0;
    bool index = false; /* the level is an index of the slot (productivity) */
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
        if (f == SIZE_MAX) {
            slot = &p->b[i];
            base = m->base.b[i];
            index = true;
        } else {
            slot = &p->eff[f + m->k * i];
        }
        break;
    case URIO_CGE_SHOCK_FACTOR_SUPPLY:
        slot = &p->FF[i];
        break;
    case URIO_CGE_SHOCK_MOBILITY:
    case URIO_CGE_SHOCK_FINANCING:
        if (m->fclass[i] == SIZE_MAX || m->classes[m->fclass[i]].base == i)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                 "shock %zu of \"%s\": %s has no wedge (not a non-base segment "
                                 "of a mobility class)",
                                 k + 1, sc->name != NULL ? sc->name : "", m->factors->name[i]);
        slot = &p->omega[i];
        break;
    case URIO_CGE_SHOCK_INVESTMENT:
        slot = &p->inv[(size_t)(sh->financed_by == URIO_FINANCED_GOVERNMENT   ? URIO__FIN_GOV
                                : sh->financed_by == URIO_FINANCED_HOUSEHOLDS ? URIO__FIN_HH
                                : sh->financed_by == URIO_FINANCED_BANKS      ? URIO__FIN_BANKS
                                                                              : URIO__FIN_FOREIGN) +
                       URIO_CGE_NFINANCE * i];
        base = m->Xv0[i];
        if (sh->financed_by == URIO_FINANCED_NONE)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                 "shock %zu of \"%s\": an investment needs financed_by", k + 1,
                                 sc->name != NULL ? sc->name : "");
        if (sh->financed_by == URIO_FINANCED_FOREIGN && !m->trade)
            why = "foreign financing needs trade (the model has no exports or imports)";
        break;
    case URIO_CGE_SHOCK_TRANSFER:
        slot = &p->tr[i];
        base = m->I0[i];
        break;
    case URIO_CGE_SHOCK_TAX_COMMODITY:
        slot = &p->tauc[i];
        break;
    case URIO_CGE_SHOCK_TAX_EXPORT:
        slot = &p->taue[i];
        break;
    case URIO_CGE_SHOCK_TAX_FACTOR:
        slot = &p->tauf[f + m->k * i];
        break;
    }
    if (slot == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "unknown shock kind");
    double nv;
    if (index) {
        nv = base * changed(*slot / base, *slot / base, sh->change, sh->value);
        if (!(nv > 0.0)) why = "the productivity index must stay positive";
    } else {
        const bool level_base =
            sh->kind != URIO_CGE_SHOCK_INVESTMENT && sh->kind != URIO_CGE_SHOCK_TRANSFER;
        nv = changed(*slot, level_base ? *slot : base, sh->change, sh->value);
        switch (sh->kind) {
        case URIO_CGE_SHOCK_FACTOR_SUPPLY:
            if (!(nv > 0.0)) why = "a factor endowment must stay positive";
            break;
        case URIO_CGE_SHOCK_PRODUCTIVITY:
            if (!(nv > 0.0)) why = "a factor efficiency must stay positive";
            break;
        case URIO_CGE_SHOCK_TAX_PRODUCTION:
        case URIO_CGE_SHOCK_TAX_IMPORT:
        case URIO_CGE_SHOCK_TAX_COMMODITY:
        case URIO_CGE_SHOCK_TAX_EXPORT:
        case URIO_CGE_SHOCK_TAX_FACTOR:
            if (!(nv > -1.0)) why = "a tax rate must stay above -1 (a subsidy of less than 100 %)";
            break;
        case URIO_CGE_SHOCK_TAX_DIRECT:
            if (!(nv < 1.0)) why = "a direct tax rate must stay below 1";
            break;
        case URIO_CGE_SHOCK_MOBILITY:
        case URIO_CGE_SHOCK_FINANCING:
            if (!(nv > -1.0)) why = "a wedge must stay above -1 (a positive price ratio)";
            break;
        case URIO_CGE_SHOCK_INVESTMENT:
            if (!(m->Xv0[i] + nv >= 0.0))
                why = "investment demand for a commodity cannot become negative";
            break;
        case URIO_CGE_SHOCK_TRANSFER:
            if (!(nv >= 0.0))
                why = "a transfer from the government cannot be negative (a payment to the "
                      "government is a direct tax)";
            break;
        }
    }
    if (!isfinite(nv) && why == NULL) why = "the result is not a finite number";
    if (why != NULL) {
        size_t count = 0;
        const urio_labels *L = target_labels(m, sh->kind, &count);
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, why,
                             "scenario \"%s\", shock %zu (%s): %s%s%s would become %g",
                             sc->name != NULL ? sc->name : "", k + 1, urio_cge_shock_name(sh->kind),
                             f != SIZE_MAX ? m->factors->name[f] : "", f != SIZE_MAX ? " in " : "",
                             L->name[i], nv);
    }
    *slot = nv;
    return URIO_OK;
}

urio_status urio_cge_scenario_apply(const urio_cge_model *m, const urio_cge_scenario *sc,
                                    urio_cge_params *p, urio_diag *d)
{
    if (m == NULL || sc == NULL || p == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    for (size_t k = 0; k < sc->nshocks; k++) {
        const urio_cge_shock *sh = &sc->shocks[k];
        size_t count = 0;
        if (target_labels(m, sh->kind, &count) == NULL)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "unknown shock kind");
        for (size_t t = 0; t < sh->ntargets; t++) {
            const size_t i = sh->targets[t];
            if (i >= count)
                return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                     "shock %zu of \"%s\" targets index %zu of %zu", k + 1,
                                     sc->name != NULL ? sc->name : "", i, count);
            const bool byfactor = sh->kind == URIO_CGE_SHOCK_PRODUCTIVITY && sh->nfactors > 0;
            /* A factor tax without factors taxes every factor the activity uses. */
            const bool ftax = sh->kind == URIO_CGE_SHOCK_TAX_FACTOR;
            const size_t nq = byfactor || (ftax && sh->nfactors > 0) ? sh->nfactors
                              : ftax                                 ? m->k
                                                                     : 1;
            for (size_t q = 0; q < nq; q++) {
                const size_t f = byfactor || (ftax && sh->nfactors > 0) ? sh->factors[q]
                                 : ftax                                 ? q
                                                                        : SIZE_MAX;
                if (f != SIZE_MAX && f >= m->k)
                    return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                         "shock %zu of \"%s\": factor index %zu of %zu", k + 1,
                                         sc->name != NULL ? sc->name : "", f, m->k);
                urio_status s = apply_one(m, sc, k, sh, i, f, p, d);
                if (s != URIO_OK) return s;
            }
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

/* Indicator ind of block b by its labels (count of them), and with total also the
 * sum (real aggregates: base prices are 1). */
static void per_block(const urio_cge_model *m, urio_effects *fx, size_t k, const char *ind,
                      urio_cge_block b, const urio_labels *L, const double *v, bool total)
{
    double tb = 0.0, tv = 0.0;
    for (size_t i = 0; i < L->count; i++) {
        const double base = m->v0[m->voff[b] + i], val = v[m->voff[b] + i];
        put(fx, k, ind, L->name[i], base, val);
        tb += base;
        tv += val;
    }
    if (total) put(fx, k, ind, "", tb, tv);
}

/* Real GDP at base prices: sum_i (sum_h Xp + Xg + Xv + extra investment + E - M). */
static double gdp_real(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    double g = 0.0;
    for (size_t i = 0; i < m->n; i++) {
        g += V(URIO_CGE_XG, i) + V(URIO_CGE_XV, i) + V(URIO_CGE_E, i) - V(URIO_CGE_M, i);
        for (size_t s = 0; s < URIO_CGE_NFINANCE; s++)
            g += p->inv[s + URIO_CGE_NFINANCE * i];
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

double urio_cge_income(const urio_cge_model *m, const urio_cge_params *p, const double *v, size_t h)
{
    if (m == NULL || p == NULL || v == NULL || h >= m->H) return (double)NAN;
    return urio__cge_income(m, p, v, h);
}

double urio_cge_population(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                           size_t h)
{
    if (m == NULL || p == NULL || v == NULL || h >= m->H || m->population == NULL)
        return (double)NAN;
    double pop = m->population[h];
    for (size_t f = 0; f < m->k; f++)
        if (m->hseg[f] == h) pop += m->kappa * (urio__cge_ffe(m, p, v, f) - p->FF[f]);
    return pop;
}

/* Whether a `/`-separated segment of label equals word. */
static bool has_segment(const char *label, const char *word)
{
    const size_t wl = strlen(word);
    for (const char *s = label; s != NULL; s = strchr(s, '/'), s = s != NULL ? s + 1 : NULL) {
        const char *end = strchr(s, '/');
        const size_t len = end != NULL ? (size_t)(end - s) : strlen(s);
        if (len == wl && strncmp(s, word, wl) == 0) return true;
    }
    return false;
}

double urio_cge_urban_rural_ratio(const urio_cge_model *m, const urio_cge_params *p,
                                  const double *v)
{
    if (m == NULL || p == NULL || v == NULL || m->population == NULL) return (double)NAN;
    double yu = 0.0, nu = 0.0, yr = 0.0, nr = 0.0;
    for (size_t h = 0; h < m->H; h++) {
        const char *lab = m->households->name[h];
        const double y =
            urio__cge_income(m, p, v, h) - V(URIO_CGE_TD, h) - urio__cge_hh_paid(m, p, h);
        const double pop = urio_cge_population(m, p, v, h);
        if (has_segment(lab, "urban")) {
            yu += y;
            nu += pop;
        } else if (has_segment(lab, "rural")) {
            yr += y;
            nr += pop;
        }
    }
    if (!(nu > 0.0) || !(nr > 0.0) || !(yr != 0.0)) return (double)NAN;
    return (yu / nu) / (yr / nr);
}

urio_status urio_cge_effects_append(const urio_cge_model *m, size_t k, const urio_cge_params *p,
                                    const double *v, urio_effects *fx)
{
    if (m == NULL || p == NULL || v == NULL || fx == NULL) return URIO_EINVAL;
    const size_t n = m->n, H = m->H, A = m->A, kf = m->k;
    const size_t need = 4 * A + 8 * n + 2 * kf + m->nclass + 9 * H + 24;
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
    const urio_cge_params *p0 = &m->base;
    per_block(m, fx, k, "output", URIO_CGE_Z, m->activities, v, true);
    per_block(m, fx, k, "value_added", URIO_CGE_Y, m->activities, v, true);
    per_block(m, fx, k, "price_output", URIO_CGE_PZ, m->activities, v, false);
    per_block(m, fx, k, "price_composite", URIO_CGE_PQ, m->goods, v, false);
    per_block(m, fx, k, "price_domestic", URIO_CGE_PD, m->goods, v, false);
    per_block(m, fx, k, "domestic", URIO_CGE_D, m->goods, v, false);
    per_block(m, fx, k, "exports", URIO_CGE_E, m->goods, v, true);
    per_block(m, fx, k, "imports", URIO_CGE_M, m->goods, v, true);
    per_block(m, fx, k, "composite", URIO_CGE_Q, m->goods, v, false);
    for (size_t f = 0; f < kf; f++)
        put(fx, k, "factor_price", m->factors->name[f], v0[m->voff[URIO_CGE_PF] + f],
            v[m->voff[URIO_CGE_PF] + f]);
    for (size_t f = 0; f < kf; f++) {
        double u0 = 0.0, u1 = 0.0;
        for (size_t a = 0; a < A; a++) {
            u0 += v0[m->voff[URIO_CGE_F] + f + kf * a];
            u1 += v[m->voff[URIO_CGE_F] + f + kf * a];
        }
        put(fx, k, "factor_demand", m->factors->name[f], u0, u1);
    }
    for (size_t c = 0; c < m->nclass; c++) {
        const size_t b = m->classes[c].base;
        put(fx, k, "migration", m->classes[c].name, 0.0, p->FF[b] - urio__cge_ffe(m, p, v, b));
    }
    double ib = 0.0, iv = 0.0, cb = 0.0, cv = 0.0, ev = 0.0;
    for (size_t h = 0; h < H; h++) {
        const double i0 = urio__cge_income(m, p0, v0, h), i1 = urio__cge_income(m, p, v, h);
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
    if (m->population != NULL) {
        for (size_t h = 0; h < H; h++)
            put(fx, k, "population", m->households->name[h], m->population[h],
                urio_cge_population(m, p, v, h));
        for (size_t h = 0; h < H; h++) {
            const double n0 = m->population[h], n1 = urio_cge_population(m, p, v, h);
            const double y0 = urio__cge_income(m, p0, v0, h) - v0[m->voff[URIO_CGE_TD] + h] -
                              urio__cge_hh_paid(m, p0, h);
            const double y1 = urio__cge_income(m, p, v, h) - v[m->voff[URIO_CGE_TD] + h] -
                              urio__cge_hh_paid(m, p, h);
            put(fx, k, "income_per_capita", m->households->name[h], y0 / n0, y1 / n1);
        }
        /* Per-capita EV: (U1 / N1 - U0 / N0) at base prices (Cobb-Douglas utility is
         * homogeneous of degree one, so U / N is a member's utility). */
        for (size_t h = 0; h < H; h++) {
            const double n0 = m->population[h], n1 = urio_cge_population(m, p, v, h);
            double c = 1.0;
            for (size_t i = 0; i < n; i++) {
                const double a = m->alpha[i + n * h];
                if (a > 0.0) c *= pow(a, -a);
            }
            const double e = (urio_cge_utility(m, v, h) / n1 - urio_cge_utility(m, v0, h) / n0) * c;
            put(fx, k, "equivalent_variation_per_capita", m->households->name[h], 0.0, e);
        }
        const double r0 = urio_cge_urban_rural_ratio(m, p0, v0),
                     r1 = urio_cge_urban_rural_ratio(m, p, v);
        if (isfinite(r0) && isfinite(r1)) put(fx, k, "urban_rural_income_ratio", "", r0, r1);
    }
    put(fx, k, "exchange_rate", "", v0[m->voff[URIO_CGE_EPS]], v[m->voff[URIO_CGE_EPS]]);
    put(fx, k, "foreign_savings", "", urio__cge_sf(m, p0, v0),
        urio__cge_sf(m, p, v) +
            urio__cge_invcost(m, p, v, URIO__FIN_FOREIGN) / v[m->voff[URIO_CGE_EPS]]);
    put(fx, k, "government_revenue", "", urio__cge_revenue(m, &m->base, v0),
        urio__cge_revenue(m, p, v));
    double gb = 0.0, gv = 0.0, xb = 0.0, xv = 0.0;
    for (size_t i = 0; i < n; i++) {
        gb += v0[m->voff[URIO_CGE_XG] + i];
        gv += v[m->voff[URIO_CGE_XG] + i];
        xb += v0[m->voff[URIO_CGE_XV] + i];
        xv += v[m->voff[URIO_CGE_XV] + i];
        for (size_t s = 0; s < URIO_CGE_NFINANCE; s++)
            xv += p->inv[s + URIO_CGE_NFINANCE * i];
    }
    put(fx, k, "government_consumption", "", gb, gv);
    put(fx, k, "investment", "", xb, xv);
    put(fx, k, "gdp_real", "", gdp_real(m, p0, v0), gdp_real(m, p, v));
    return URIO_OK;
}
