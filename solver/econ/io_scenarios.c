/* io_scenarios.c - final-demand scenarios on an analysed IO model (urio/io.h).
 *
 * Every scenario is a change in final demand, so all of them share one
 * factorisation: the changes are stacked as the columns of one matrix and solved
 * with a single multi-right-hand-side call (STYLE.md: "if scenarios differ only in
 * final demand, skip the thread pool and make one dgetrs call with nrhs columns").
 * By linearity the new level is base + delta, so only the changes are solved for.
 * With households endogenous the closed model is solved, which adds the induced
 * (income-consumption) effects and gives the change in household income. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io.h>

void urio_io_scenario_clear(urio_io_scenario *s)
{
    if (s == NULL) return;
    free(s->name);
    if (s->shocks != NULL) {
        for (size_t q = 0; q < s->nshocks; q++)
            free(s->shocks[q].sectors);
    }
    free(s->shocks);
    s->name = NULL;
    s->nshocks = 0;
    s->shocks = NULL;
}

void urio_effects_free(urio_effects *fx)
{
    if (fx == NULL) return;
    free(fx->e);
    fx->e = NULL;
    fx->count = 0;
    fx->capacity = 0;
}

/* Check one shock against the model's dimensions. */
static bool shock_ok(const urio_io_shock *sh, size_t n, size_t k)
{
    if (sh->type == URIO_SHOCK_TAX || sh->type == URIO_SHOCK_PRODUCTIVITY) {
        /* Checked where they act (urio/io_analyses.h); only the targets here. */
        if (sh->nsectors > 0 && sh->sectors == NULL) return false;
        for (size_t t = 0; t < sh->nsectors; t++)
            if (sh->sectors[t] >= n) return false;
        return isfinite(sh->value);
    }
    if (sh->type != URIO_SHOCK_FINAL_DEMAND && sh->type != URIO_SHOCK_INVESTMENT) return false;
    if (sh->category >= k || !isfinite(sh->value)) return false;
    if (sh->kind != URIO_CHANGE_SET && sh->kind != URIO_CHANGE_ABS && sh->kind != URIO_CHANGE_PCT)
        return false;
    if (sh->nsectors > 0 && sh->sectors == NULL) return false;
    for (size_t t = 0; t < sh->nsectors; t++)
        if (sh->sectors[t] >= n) return false;
    return true;
}

/* Total base consumption of household h (its column of Y). */
static double consumption_total(const urio_io_model *m, size_t h)
{
    double total = 0.0;
    for (size_t i = 0; i < m->sectors->count; i++)
        total += URIO_MAT(m->Y, i, m->households[h].consumption);
    return total;
}

/* An investment financed by households needs households whose base consumption is
 * positive (the cut is spread over their bundles). */
static bool financing_ok(const urio_io_model *m, const urio_io_shock *sh)
{
    if (sh->type != URIO_SHOCK_INVESTMENT || sh->financed_by != URIO_FINANCED_HOUSEHOLDS)
        return true;
    if (m->nhouseholds == 0) return false;
    if (sh->household != SIZE_MAX)
        return sh->household < m->nhouseholds && consumption_total(m, sh->household) > 0.0;
    double all = 0.0;
    for (size_t h = 0; h < m->nhouseholds; h++)
        all += consumption_total(m, h);
    return all > 0.0;
}

/* Household-financed investment: consumption falls by `amount` in all, taken from
 * household h (or, h == SIZE_MAX, from every household in proportion to its base
 * consumption) and spread over its goods in proportion to its base bundle.  D is
 * the n x k matrix of changes to Y. */
static void cut_consumption(const urio_io_model *m, size_t h, double amount, urio_matrix *D)
{
    const size_t n = m->sectors->count;
    double all = 0.0;
    for (size_t g = 0; g < m->nhouseholds; g++)
        if (h == SIZE_MAX || g == h) all += consumption_total(m, g);
    for (size_t g = 0; g < m->nhouseholds; g++) {
        if (h != SIZE_MAX && g != h) continue;
        const size_t c = m->households[g].consumption;
        for (size_t i = 0; i < n; i++)
            URIO_MAT(D, i, c) -= amount * (URIO_MAT(m->Y, i, c) / all);
    }
}

/* Contract (urio/io.h): *dF (n x nscen, owned by the caller) holds in column s the
 * change in total final demand (summed over categories) of scenario s.  The change
 * to each cell of Y is tracked as a delta, not as a new level, so that `change: v`
 * contributes exactly v: a `change` adds v, a `change_pct` adds v percent of the
 * current level (base plus earlier shocks of the same scenario), and a `set` makes
 * the delta (new level) - (base level).  URIO_EINVAL for a shock whose category or
 * sector is out of range, a non-finite value or an unknown kind, or household
 * financing without households that consume; *dF is then NULL.  Investment shocks
 * act like final-demand shocks on their column; financed by households they also
 * cut consumption (cut_consumption).  Tax and productivity shocks add nothing. */
urio_status urio_io_scenarios_delta(const urio_io_model *m, const urio_io_scenario *sc,
                                    size_t nscen, urio_matrix **dF)
{
    if (dF == NULL) return URIO_EINVAL;
    *dF = NULL;
    if (m == NULL || m->sectors == NULL || m->Y == NULL || (nscen > 0 && sc == NULL))
        return URIO_EINVAL;
    const size_t n = m->sectors->count, k = m->Y->cols;
    if (m->Y->rows != n) return URIO_EINVAL;
    for (size_t s = 0; s < nscen; s++) {
        if (sc[s].nshocks > 0 && sc[s].shocks == NULL) return URIO_EINVAL;
        for (size_t q = 0; q < sc[s].nshocks; q++) {
            if (!shock_ok(&sc[s].shocks[q], n, k)) return URIO_EINVAL;
            if (!financing_ok(m, &sc[s].shocks[q])) return URIO_EINVAL;
        }
    }

    urio_matrix *out = NULL, *D = NULL;
    urio_status st = urio_matrix_create(n, nscen, &out);
    if (st == URIO_OK) st = urio_matrix_create(n, k, &D);
    if (st != URIO_OK) {
        urio_matrix_free(out);
        return st;
    }
    for (size_t s = 0; s < nscen; s++) {
        if (D->data != NULL) memset(D->data, 0, urio_matrix_bytes(n, k));
        for (size_t q = 0; q < sc[s].nshocks; q++) {
            const urio_io_shock *sh = &sc[s].shocks[q];
            if (sh->type != URIO_SHOCK_FINAL_DEMAND && sh->type != URIO_SHOCK_INVESTMENT) continue;
            const size_t c = sh->category;
            double added = 0.0; /* this shock's total change, for household financing */
            for (size_t t = 0; t < sh->nsectors; t++) {
                const size_t i = sh->sectors[t];
                double *delta = &URIO_MAT(D, i, c);
                const double base = URIO_MAT(m->Y, i, c);
                const double before = *delta;
                switch (sh->kind) {
                case URIO_CHANGE_SET:
                    *delta = sh->value - base;
                    break;
                case URIO_CHANGE_ABS:
                    *delta += sh->value;
                    break;
                case URIO_CHANGE_PCT:
                    *delta += (base + *delta) * (sh->value / 100.0);
                    break;
                }
                added += *delta - before;
            }
            if (sh->type == URIO_SHOCK_INVESTMENT && sh->financed_by == URIO_FINANCED_HOUSEHOLDS)
                cut_consumption(m, sh->household, added, D);
        }
        for (size_t i = 0; i < n; i++) {
            double sum = 0.0;
            for (size_t c = 0; c < k; c++)
                sum += URIO_MAT(D, i, c);
            URIO_MAT(out, i, s) = sum;
        }
    }
    urio_matrix_free(D);
    *dF = out;
    return URIO_OK;
}

/* Copy src into dst[size], truncated and always terminated.  (snprintf did the
 * same but was a measurable part of writing a million records.) */
static void copy_text(char *dst, size_t size, const char *src)
{
    size_t len = strlen(src);
    if (len >= size) len = size - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Append one record; capacity was reserved by the caller. */
static void put(urio_effects *fx, size_t scenario, const char *indicator, const char *label,
                double base, double value)
{
    urio_effect *e = &fx->e[fx->count++];
    e->scenario = scenario;
    copy_text(e->indicator, sizeof e->indicator, indicator);
    copy_text(e->label, sizeof e->label, label);
    e->base = base;
    e->value = value;
}

/* Contract (urio/io.h): solve (I - A) dx = df for every column of dF - or, with
 * households, the closed system with zero household rows on the right - in ONE
 * urio_lu_solve call, then append per scenario, in this order: `output` by sector
 * and in total (label ""), `value_added` (V rows summed; only with V) by sector
 * and in total, each satellite row (indicator = its label) by sector and in total,
 * and `income` by household (label = household name; only with households).  base
 * is the benchmark level, value = base + c dx with c the direct coefficient (for
 * income: base I_h, value I_h + dI_h from the closed solution).  m and r are only
 * read.  URIO_EINVAL when dF, m and r do not fit together; URIO_ENOMEM leaves fx
 * as it was. */
urio_status urio_io_solve_scenarios(const urio_io_model *m, const urio_io_result *r,
                                    const urio_matrix *dF, urio_effects *fx)
{
    if (m == NULL || r == NULL || dF == NULL || fx == NULL || m->sectors == NULL)
        return URIO_EINVAL;
    const size_t n = m->sectors->count, nh = m->nhouseholds, N = n + nh;
    const size_t nscen = dF->cols;
    if (r->n != n || r->m != nh || dF->rows != n || r->lu == NULL || r->x == NULL ||
        (nh > 0 && (r->lu_bar == NULL || r->income == NULL || m->V == NULL)))
        return URIO_EINVAL;
    if (nscen == 0) return URIO_OK;
    const size_t nv = m->V != NULL ? m->V->rows : 0, ns = m->S != NULL ? m->S->rows : 0;

    /* Records per scenario: (n + 1) per indicator family, plus one per household. */
    const size_t families = 1 + (m->V != NULL ? 1 : 0) + ns;
    if (families > (SIZE_MAX - nh) / (n + 1)) return URIO_ENOMEM;
    const size_t per = families * (n + 1) + nh;
    if (per > (SIZE_MAX - fx->count) / nscen) return URIO_ENOMEM;
    const size_t need = fx->count + per * nscen;
    if (need > SIZE_MAX / sizeof(urio_effect)) return URIO_ENOMEM;
    if (need > fx->capacity) {
        urio_effect *grown = realloc(fx->e, need * sizeof *grown);
        if (grown == NULL) return URIO_ENOMEM;
        fx->e = grown;
        fx->capacity = need;
    }

    /* The right-hand sides: dF on top, zero household rows below (closed model). */
    urio_matrix *X = NULL;
    double *cva = NULL, *vbase = NULL;
    urio_status st = urio_matrix_create(N, nscen, &X);
    if (st != URIO_OK) return st;
    for (size_t s = 0; s < nscen; s++)
        memcpy(&URIO_MAT(X, 0, s), &URIO_MAT(dF, 0, s), n * sizeof(double));
    st = urio_lu_solve(nh > 0 ? r->lu_bar : r->lu, false, nscen, X->data, N);
    if (st != URIO_OK) goto done;

    if (m->V != NULL) {
        cva = calloc(n, sizeof *cva);
        vbase = calloc(n, sizeof *vbase);
        if (cva == NULL || vbase == NULL) {
            st = URIO_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < n; j++) {
            double v = 0.0;
            for (size_t q = 0; q < nv; q++)
                v += URIO_MAT(m->V, q, j);
            vbase[j] = v;
            cva[j] = r->x[j] > 0.0 ? v / r->x[j] : 0.0;
        }
    }

    for (size_t s = 0; s < nscen; s++) {
        const double *dx = &URIO_MAT(X, 0, s);
        double tb = 0.0, tv = 0.0;
        for (size_t j = 0; j < n; j++) {
            const double value = r->x[j] + dx[j];
            put(fx, s, "output", m->sectors->name[j], r->x[j], value);
            tb += r->x[j];
            tv += value;
        }
        put(fx, s, "output", "", tb, tv);
        if (m->V != NULL) {
            tb = tv = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double value = vbase[j] + cva[j] * dx[j];
                put(fx, s, "value_added", m->sectors->name[j], vbase[j], value);
                tb += vbase[j];
                tv += value;
            }
            put(fx, s, "value_added", "", tb, tv);
        }
        for (size_t q = 0; q < ns; q++) {
            const char *ind = m->srows->name[q];
            tb = tv = 0.0;
            for (size_t j = 0; j < n; j++) {
                const double base = URIO_MAT(m->S, q, j);
                const double c = r->x[j] > 0.0 ? base / r->x[j] : 0.0;
                const double value = base + c * dx[j];
                put(fx, s, ind, m->sectors->name[j], base, value);
                tb += base;
                tv += value;
            }
            put(fx, s, ind, "", tb, tv);
        }
        for (size_t h = 0; h < nh; h++)
            put(fx, s, "income", m->households[h].name, r->income[h], r->income[h] + dx[n + h]);
    }
done:
    urio_matrix_free(X);
    free(cva);
    free(vbase);
    return st;
}
