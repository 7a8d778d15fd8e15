/* cge_sensitivity.c - the economics of one Monte Carlo draw (urio/family.h):
 * distributions' moments, recalibrating a CGE model with other elasticities on the
 * same SAM, and turning a draw's values into a model and parameters; plus the
 * destructors of the family types.
 *
 * Recalibration rebuilds the urio_cge_spec from the calibrated model (it keeps the
 * SAM, the account roles, the closure, the mobility classes and the population),
 * so a draw needs nothing but the model it varies.  A class's benchmark price
 * ratios come back as 1 + omega, which may differ from the ratio in the model
 * file in the last bit: a recalibrated model is its own model, and its effects
 * are measured from its own benchmark. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/family.h>

const char *urio_dist_name(urio_dist_kind k)
{
    switch (k) {
    case URIO_DIST_NORMAL:
        return "normal";
    case URIO_DIST_UNIFORM:
        return "uniform";
    case URIO_DIST_TRIANGULAR:
        return "triangular";
    case URIO_DIST_LOGNORMAL:
        return "lognormal";
    }
    return "?";
}

const char *urio_elasticity_name(urio_elasticity_kind k)
{
    switch (k) {
    case URIO_ELASTICITY_ARMINGTON:
        return "armington";
    case URIO_ELASTICITY_TRANSFORMATION:
        return "transformation";
    case URIO_ELASTICITY_SOURCING:
        return "sourcing";
    }
    return "?";
}

double urio_dist_mean(const urio_dist *d)
{
    switch (d->kind) {
    case URIO_DIST_NORMAL:
        return d->a;
    case URIO_DIST_UNIFORM:
        return 0.5 * (d->a + d->b);
    case URIO_DIST_TRIANGULAR:
        return (d->a + d->b + d->c) / 3.0;
    case URIO_DIST_LOGNORMAL:
        return exp(d->a + 0.5 * d->b * d->b);
    }
    return NAN;
}

double urio_dist_sd(const urio_dist *d)
{
    const double a = d->a, b = d->b, c = d->c;
    switch (d->kind) {
    case URIO_DIST_NORMAL:
        return b;
    case URIO_DIST_UNIFORM:
        return (b - a) / sqrt(12.0);
    case URIO_DIST_TRIANGULAR:
        return sqrt((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0);
    case URIO_DIST_LOGNORMAL:
        return sqrt((exp(b * b) - 1.0) * exp(2.0 * a + b * b));
    }
    return NAN;
}

bool urio_dist_symmetric(const urio_dist *d)
{
    switch (d->kind) {
    case URIO_DIST_NORMAL:
    case URIO_DIST_UNIFORM:
        return true;
    case URIO_DIST_TRIANGULAR:
        return fabs(d->c - 0.5 * (d->a + d->b)) <= 1e-12 * (fabs(d->a) + fabs(d->b) + 1.0);
    case URIO_DIST_LOGNORMAL:
        return false;
    }
    return false;
}

void urio_cge_family_clear(urio_cge_family *f)
{
    if (f == NULL) return;
    urio_cge_scenarios_free(f->scenarios, f->nscen);
    if (f->mc != NULL) {
        urio_cge_montecarlo *mc = f->mc;
        free(mc->name);
        urio_cge_scenario_clear(&mc->policy);
        for (size_t i = 0; i < mc->nparams; i++) {
            free(mc->params[i].name);
            free(mc->params[i].targets);
        }
        free(mc->params);
        free(mc);
    }
    memset(f, 0, sizeof *f);
}

void urio_uncertainty_free(urio_uncertainty *u)
{
    if (u == NULL) return;
    free(u->name);
    for (size_t i = 0; u->param_names != NULL && i < u->nparams; i++)
        free(u->param_names[i]);
    free(u->param_names);
    free(u->dists);
    free(u->ind);
    free(u->stat);
    free(u->x);
    free(u->status);
    for (size_t k = 0; u->reason != NULL && k < u->draws; k++)
        free(u->reason[k]);
    free(u->reason);
    free(u->headline);
    free(u);
}

/* ---- Recalibration ------------------------------------------------------------------ */

urio_status urio_cge_model_recalibrate(const urio_cge_model *m, const double *armington,
                                       const double *transformation, const double *sourcing,
                                       urio_cge_model **out, urio_diag *d)
{
    if (out != NULL) *out = NULL;
    if (m == NULL || out == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    urio_cge_class_spec *cls = calloc(m->nclass > 0 ? m->nclass : 1, sizeof *cls);
    size_t total = 0;
    for (size_t c = 0; c < m->nclass; c++)
        total += m->classes[c].nseg;
    double *ratio = malloc((total > 0 ? total : 1) * sizeof *ratio);
    if (cls == NULL || ratio == NULL) {
        free(cls);
        free(ratio);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    size_t o = 0;
    for (size_t c = 0; c < m->nclass; c++) {
        const urio_cge_class *mc = &m->classes[c];
        cls[c].name = mc->name;
        cls[c].nseg = mc->nseg;
        cls[c].segs = mc->segs;
        cls[c].income = mc->income;
        cls[c].ratio = ratio + o;
        for (size_t q = 0; q < mc->nseg; q++) {
            if (mc->segs[q] == mc->base) cls[c].base = q;
            ratio[o + q] = mc->segs[q] == mc->base ? 1.0 : 1.0 + m->base.omega[mc->segs[q]];
        }
        o += mc->nseg;
    }
    const urio_cge_spec sp = {
        .name = m->name,
        .units = m->units,
        .accounts = m->accounts,
        .sam = m->sam,
        .ngoods = m->split ? 0 : m->n,
        .goods = m->split ? NULL : m->acc_goods,
        .nactivities = m->split ? m->A : 0,
        .activities = m->split ? m->acc_acts : NULL,
        .ncommodities = m->split ? m->n : 0,
        .commodities = m->split ? m->acc_goods : NULL,
        .nfactors = m->k,
        .factors = m->acc_factors,
        .nhouseholds = m->H,
        .households = m->acc_households,
        .government = m->acc_government,
        .investment = m->acc_investment,
        .rest_of_world = m->acc_row,
        .tax_production = m->acc_tax_production,
        .tax_import = m->acc_tax_import,
        .armington = armington != NULL ? armington : m->sigma,
        .transformation = transformation != NULL ? transformation : m->psi,
        .sourcing = sourcing != NULL ? sourcing : (m->nms > 0 ? m->sigs : NULL),
        .numeraire = m->numeraire,
        .numeraire_factor = m->numeraire_factor,
        .closure = m->closure,
        .factor_closure = m->fclosure,
        .nclasses = m->nclass,
        .classes = cls,
        .population = m->population,
        .migration = m->migration_class != SIZE_MAX,
        .migration_class = m->migration_class != SIZE_MAX ? m->migration_class : 0,
    };
    urio_cge_where where = {SIZE_MAX, SIZE_MAX};
    urio_status s = urio_cge_model_create(&sp, out, &where, d);
    free(cls);
    free(ratio);
    return s;
}

/* ---- One draw ----------------------------------------------------------------------- */

urio_status urio_cge_mc_prepare(const urio_cge_model *m, const urio_cge_montecarlo *mc,
                                const double *x, urio_cge_model **dm, urio_cge_params *params,
                                urio_diag *d)
{
    if (dm != NULL) *dm = NULL;
    if (m == NULL || mc == NULL || x == NULL || dm == NULL || params == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    const size_t n = m->n;
    bool moves[3] = {false, false, false};
    for (size_t i = 0; i < mc->nparams; i++)
        if (mc->params[i].elasticity) moves[mc->params[i].ekind] = true;
    urio_status s = URIO_OK;
    if (moves[0] || moves[1] || moves[2]) {
        double *e = malloc(3 * n * sizeof *e);
        if (e == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
        memcpy(e, m->sigma, n * sizeof *e);
        memcpy(e + n, m->psi, n * sizeof *e);
        memcpy(e + 2 * n, m->sigs, n * sizeof *e);
        for (size_t i = 0; i < mc->nparams; i++) {
            const urio_uncertain *u = &mc->params[i];
            if (!u->elasticity) continue;
            for (size_t t = 0; t < u->ntargets; t++)
                e[(size_t)u->ekind * n + u->targets[t]] = x[i];
        }
        s = urio_cge_model_recalibrate(m, e, e + n, moves[2] || m->nms > 0 ? e + 2 * n : NULL, dm,
                                       d);
        free(e);
        if (s != URIO_OK) return s;
    }
    const urio_cge_model *use = *dm != NULL ? *dm : m;
    urio_cge_params_copy(use, &use->base, params);
    /* The policy with the drawn amounts: a shallow copy whose shocks are copied. */
    urio_cge_scenario sc = mc->policy;
    urio_cge_shock *sh = NULL;
    if (sc.nshocks > 0) {
        sh = malloc(sc.nshocks * sizeof *sh);
        if (sh == NULL) {
            s = urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        memcpy(sh, sc.shocks, sc.nshocks * sizeof *sh);
        for (size_t i = 0; i < mc->nparams; i++)
            if (!mc->params[i].elasticity && mc->params[i].shock < sc.nshocks)
                sh[mc->params[i].shock].value = x[i];
        sc.shocks = sh;
    }
    s = urio_cge_scenario_apply(use, &sc, params, d);
    free(sh);
    if (s == URIO_OK) return URIO_OK;
fail:
    urio_cge_model_free(*dm);
    *dm = NULL;
    return s;
}
