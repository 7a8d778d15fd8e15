/* cge_write.c - the outputs of a CGE run (DESIGN.md section 7): effects.csv,
 * summary.csv, report.json and summary.txt (urio/cge.h).
 *
 *   effects.csv   scenario,indicator,label,base,value,change,change_pct - as for IO
 *                 models; change_pct empty when base is 0 (equivalent_variation).
 *   summary.csv   scenario,status,reason,method,iterations,residual, then the change of
 *                 gdp_real, equivalent_variation, household_income (totals),
 *                 government_revenue, exchange_rate and urban_rural_income_ratio
 *                 (empty without a population); status `ok` or `failed` (a failed
 *                 scenario has empty numbers).
 *   report.json   urio {version, blas, threads}; model {path, name, kind, units,
 *                 hash, accounts, goods (commodities), activities, factors,
 *                 households, numeraire, closure {investment, foreign_savings,
 *                 government, factors: {factor: mobile | sector-specific}},
 *                 taxes {production, import, commodity, export: account or null,
 *                 factor: {factor: account}}, transfers {household: benchmark amount},
 *                 mobility [{class, base, segments: {factor: {ratio, wedge}}, income}],
 *                 population {household: people} and migrates_with (when given),
 *                 elasticities {armington, transformation, sourcing: {good: value}},
 *                 unknowns, equations, dropped_equation, sources}; checks {sam_imbalance,
 *                 benchmark_residual, benchmark_sam, replication, walras,
 *                 homogeneity, solver {...}, tolerance, check_tolerance, passed};
 *                 scenario_file; scenarios [{name, status, shocks, solver {method,
 *                 reason, iterations, residual, continuation, steps, fevals,
 *                 jevals}, checks {residual, walras, homogeneity, passed}, seconds,
 *                 failure, summary {indicator: change}}]; effects [...]; timings
 *                 {load, checks, scenarios}.
 *   summary.txt   the same in words, also printed on the terminal.
 * Numbers are written so that they read back exactly (urio_format_double); every
 * file goes through an urio_writer (complete or absent). */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <urio/cge.h>
#include <urio/family.h>
#include <urio/formats.h>

#include "internal.h"

/* The headline columns of summary.csv and report.json (economy-wide effects). */
static const char *const headline[] = {"gdp_real",         "equivalent_variation",
                                       "household_income", "government_revenue",
                                       "exchange_rate",    "urban_rural_income_ratio"};
#define NHEAD (sizeof headline / sizeof headline[0])

static urio_status open_in(const char *outdir, const char *name, urio_writer **w, urio_diag *d)
{
    *w = NULL;
    char *path = urio__path_join(outdir, name);
    if (path == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_status s = urio_writer_open(path, w, d);
    free(path);
    return s;
}

static bool scen_ok(const urio_cge_run_report *rep, size_t k)
{
    return rep->solutions != NULL && rep->solutions[k].converged && rep->solutions[k].passed;
}

/* The economy-wide effect `ind` (label "") of scenario k; false when absent. */
static bool find_total(const urio_cge_run_report *rep, size_t k, const char *ind, double *base,
                       double *value)
{
    if (rep->effects == NULL) return false;
    for (size_t q = 0; q < rep->effects->count; q++) {
        const urio_effect *e = &rep->effects->e[q];
        if (e->scenario == k && e->label[0] == '\0' && strcmp(e->indicator, ind) == 0) {
            *base = e->base;
            *value = e->value;
            return true;
        }
    }
    return false;
}

static const char *scen_name(const urio_cge_run_report *rep, size_t k)
{
    return rep->scenarios != NULL && k < rep->nscen && rep->scenarios[k].name != NULL
               ? rep->scenarios[k].name
               : "";
}

static const char *method_text(const urio_cge_solution *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", urio_newton_method_name(s->solver.method),
             s->solver.continuation ? "+continuation" : "");
    return buf;
}

/* ---- CSV ---------------------------------------------------------------------------- */

static urio_status write_effects(const char *outdir, const urio_cge_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    urio_status s = open_in(outdir, "effects.csv", &w, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "scenario,indicator,label,base,value,change,change_pct\n");
    const urio_effects *fx = rep->effects;
    for (size_t q = 0; s == URIO_OK && fx != NULL && q < fx->count; q++) {
        const urio_effect *e = &fx->e[q];
        const double ch = e->value - e->base;
        s = urio__csv_put_field(w, scen_name(rep, e->scenario));
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = urio__csv_put_field(w, e->indicator);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = urio__csv_put_field(w, e->label);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = urio__csv_put_number(w, e->base);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = urio__csv_put_number(w, e->value);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = urio__csv_put_number(w, ch);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK && e->base != 0.0) s = urio__csv_put_number(w, 100.0 * ch / e->base);
        if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
    }
    return urio__writer_finish(w, s, d);
}

static urio_status write_summary(const char *outdir, const urio_cge_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    urio_status s = open_in(outdir, "summary.csv", &w, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "scenario,status,reason,method,iterations,residual");
    for (size_t c = 0; s == URIO_OK && c < NHEAD; c++)
        s = urio_writer_printf(w, ",%s", headline[c]);
    if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
    for (size_t k = 0; s == URIO_OK && k < rep->nscen; k++) {
        const urio_cge_solution *so = &rep->solutions[k];
        const bool ok = scen_ok(rep, k);
        char m[48];
        s = urio__csv_put_field(w, scen_name(rep, k));
        if (s == URIO_OK) s = urio_writer_printf(w, ",%s,", ok ? "ok" : "failed");
        if (s == URIO_OK && !ok) s = urio__csv_put_field(w, so->failure);
        if (s == URIO_OK)
            s = urio_writer_printf(w, ",%s,%zu,", method_text(so, m, sizeof m),
                                   so->solver.iterations);
        if (s == URIO_OK) s = urio__csv_put_number(w, so->residual);
        for (size_t c = 0; s == URIO_OK && c < NHEAD; c++) {
            double b = 0.0, v = 0.0;
            s = urio_writer_write(w, ",", 1);
            if (s == URIO_OK && ok && find_total(rep, k, headline[c], &b, &v))
                s = urio__csv_put_number(w, v - b);
        }
        if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
    }
    return urio__writer_finish(w, s, d);
}

urio_status urio_write_cge_csv(const char *outdir, const urio_cge_run_report *rep, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->cge == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no CGE result to write");
    if (rep->nscen == 0) return URIO_OK;
    urio_status s = write_effects(outdir, rep, d);
    if (s == URIO_OK) s = write_summary(outdir, rep, d);
    return s;
}

/* ---- JSON --------------------------------------------------------------------------- */

typedef struct jctx {
    bool ok;
} jctx;

static cJSON *chk(jctx *c, cJSON *item)
{
    if (item == NULL) c->ok = false;
    return item;
}

static void jnum(jctx *c, cJSON *o, const char *key, double v)
{
    chk(c, isfinite(v) ? cJSON_AddNumberToObject(o, key, v) : cJSON_AddNullToObject(o, key));
}

static void jstr(jctx *c, cJSON *o, const char *key, const char *s)
{
    chk(c, s != NULL ? cJSON_AddStringToObject(o, key, s) : cJSON_AddNullToObject(o, key));
}

static void jbool(jctx *c, cJSON *o, const char *key, bool b)
{
    chk(c, cJSON_AddBoolToObject(o, key, b ? 1 : 0));
}

static void jlabels(jctx *c, cJSON *o, const char *key, const urio_labels *l)
{
    cJSON *a = chk(c, cJSON_AddArrayToObject(o, key));
    for (size_t i = 0; a != NULL && l != NULL && i < l->count; i++) {
        cJSON *s = chk(c, cJSON_CreateString(l->name[i]));
        if (s != NULL && !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            c->ok = false;
        }
    }
}

static cJSON *jpush(jctx *c, cJSON *arr)
{
    cJSON *o = chk(c, cJSON_CreateObject());
    if (o != NULL && !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        c->ok = false;
        return NULL;
    }
    return o;
}

static void jsolver(jctx *c, cJSON *o, const urio_newton_result *r)
{
    cJSON *s = chk(c, cJSON_AddObjectToObject(o, "solver"));
    jstr(c, s, "method", urio_newton_method_name(r->method));
    jstr(c, s, "reason", urio_newton_reason_name(r->reason));
    jnum(c, s, "iterations", (double)r->iterations);
    jnum(c, s, "residual", r->residual);
    jbool(c, s, "continuation", r->continuation);
    jnum(c, s, "steps", (double)r->steps);
    jnum(c, s, "fevals", (double)r->fevals);
    jnum(c, s, "jevals", (double)r->jevals);
}

static void add_model(jctx *c, cJSON *root, const urio_cge_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_cge_model *m = mf->cge;
    cJSON *o = chk(c, cJSON_AddObjectToObject(root, "model"));
    jstr(c, o, "path", mf->path);
    jstr(c, o, "name", mf->name);
    jstr(c, o, "kind", mf->kind);
    jstr(c, o, "units", mf->units);
    jstr(c, o, "hash", mf->hash);
    jlabels(c, o, "accounts", m->accounts);
    jlabels(c, o, "goods", m->goods);
    jlabels(c, o, "activities", m->activities);
    jlabels(c, o, "factors", m->factors);
    jlabels(c, o, "households", m->households);
    jstr(c, o, "numeraire",
         m->numeraire == URIO_CGE_NUMERAIRE_CPI ? "cpi" : m->factors->name[m->numeraire_factor]);
    cJSON *cl = chk(c, cJSON_AddObjectToObject(o, "closure"));
    jstr(c, cl, "investment", urio_cge_investment_closure_name(m->closure.investment));
    jstr(c, cl, "foreign_savings", urio_cge_foreign_closure_name(m->closure.foreign_savings));
    jstr(c, cl, "exchange_rate",
         m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED ? "fixed" : "flexible");
    jstr(c, cl, "government", urio_cge_government_closure_name(m->closure.government));
    cJSON *fc = chk(c, cJSON_AddObjectToObject(cl, "factors"));
    for (size_t f = 0; f < m->k; f++)
        jstr(c, fc, m->factors->name[f], urio_cge_factor_closure_name(m->fclosure[f]));
    /* The tax accounts (null: none) and the benchmark transfers. */
    cJSON *tx = chk(c, cJSON_AddObjectToObject(o, "taxes"));
    const size_t tacc[4] = {m->acc_tax_production, m->acc_tax_import, m->acc_tax_commodity,
                            m->acc_tax_export};
    const char *const tname[4] = {"production", "import", "commodity", "export"};
    for (int t = 0; t < 4; t++)
        jstr(c, tx, tname[t], tacc[t] != SIZE_MAX ? m->accounts->name[tacc[t]] : NULL);
    cJSON *tf = chk(c, cJSON_AddObjectToObject(tx, "factor"));
    for (size_t f = 0; f < m->k; f++)
        if (m->acc_tax_factor[f] != SIZE_MAX)
            jstr(c, tf, m->factors->name[f], m->accounts->name[m->acc_tax_factor[f]]);
    cJSON *trn = chk(c, cJSON_AddObjectToObject(o, "transfers"));
    for (size_t h = 0; h < m->H; h++)
        jnum(c, trn, m->households->name[h], m->tr0[h]);
    cJSON *mob = chk(c, cJSON_AddArrayToObject(o, "mobility"));
    for (size_t q = 0; mob != NULL && q < m->nclass; q++) {
        const urio_cge_class *k = &m->classes[q];
        cJSON *e = jpush(c, mob);
        jstr(c, e, "class", k->name);
        jstr(c, e, "base", m->factors->name[k->base]);
        jstr(c, e, "income", urio_cge_income_rule_name(k->income));
        cJSON *sg = chk(c, cJSON_AddObjectToObject(e, "segments"));
        for (size_t r = 0; r < k->nseg; r++) {
            const size_t f = k->segs[r];
            cJSON *x = chk(c, cJSON_AddObjectToObject(sg, m->factors->name[f]));
            jnum(c, x, "ratio", 1.0 + m->base.omega[f]);
            jnum(c, x, "wedge", m->base.omega[f]);
        }
    }
    if (m->population != NULL) {
        cJSON *po = chk(c, cJSON_AddObjectToObject(o, "population"));
        for (size_t h = 0; h < m->H; h++)
            jnum(c, po, m->households->name[h], m->population[h]);
        jstr(c, o, "migrates_with",
             m->migration_class != SIZE_MAX ? m->classes[m->migration_class].name : NULL);
    }
    cJSON *el = chk(c, cJSON_AddObjectToObject(o, "elasticities"));
    cJSON *ar = chk(c, cJSON_AddObjectToObject(el, "armington"));
    cJSON *tr = chk(c, cJSON_AddObjectToObject(el, "transformation"));
    cJSON *so = m->nms > 0 ? chk(c, cJSON_AddObjectToObject(el, "sourcing")) : NULL;
    for (size_t i = 0; i < m->n; i++) {
        jnum(c, ar, m->goods->name[i], m->sigma[i]);
        jnum(c, tr, m->goods->name[i], m->psi[i]);
        if (so != NULL && m->ms[i] != SIZE_MAX) jnum(c, so, m->goods->name[i], m->sigs[i]);
    }
    jnum(c, o, "unknowns", (double)m->nv);
    jnum(c, o, "equations", (double)m->ne);
    char eq[2 * URIO_LABEL_MAX + 64];
    urio_cge_eq_name(m, m->dropped, eq, sizeof eq);
    jstr(c, o, "dropped_equation", eq);
    cJSON *src = chk(c, cJSON_AddArrayToObject(o, "sources"));
    for (size_t i = 0; src != NULL && i < mf->nsources; i++) {
        cJSON *s = chk(c, cJSON_CreateString(mf->sources[i]));
        if (s != NULL && !cJSON_AddItemToArray(src, s)) {
            cJSON_Delete(s);
            c->ok = false;
        }
    }
}

static void add_checks(jctx *c, cJSON *root, const urio_cge_checks *k)
{
    cJSON *o = chk(c, cJSON_AddObjectToObject(root, "checks"));
    if (k == NULL) return;
    jnum(c, o, "sam_imbalance", k->sam_imbalance);
    jnum(c, o, "benchmark_residual", k->benchmark_residual);
    jnum(c, o, "benchmark_sam", k->benchmark_sam);
    jnum(c, o, "replication", k->replication);
    jnum(c, o, "walras", k->walras);
    jnum(c, o, "homogeneity", k->homogeneity);
    jsolver(c, o, &k->solver);
    jnum(c, o, "tolerance", k->tolerance);
    jnum(c, o, "check_tolerance", URIO_CGE_TOL_CHECK);
    jbool(c, o, "passed", k->passed);
}

static void add_scenarios(jctx *c, cJSON *root, const urio_cge_run_report *rep)
{
    jstr(c, root, "scenario_file", rep->scenario_path);
    cJSON *arr = chk(c, cJSON_AddArrayToObject(root, "scenarios"));
    for (size_t k = 0; arr != NULL && k < rep->nscen && c->ok; k++) {
        const urio_cge_solution *so = &rep->solutions[k];
        const bool ok = scen_ok(rep, k);
        cJSON *e = jpush(c, arr);
        jstr(c, e, "name", scen_name(rep, k));
        jstr(c, e, "status", ok ? "ok" : "failed");
        jnum(c, e, "shocks", (double)rep->scenarios[k].nshocks);
        jsolver(c, e, &so->solver);
        cJSON *ck = chk(c, cJSON_AddObjectToObject(e, "checks"));
        jnum(c, ck, "residual", so->residual);
        jnum(c, ck, "walras", so->walras);
        jnum(c, ck, "homogeneity", so->homogeneity);
        jbool(c, ck, "passed", so->passed);
        jnum(c, e, "seconds", rep->seconds != NULL ? rep->seconds[k] : (double)NAN);
        jstr(c, e, "failure", so->failure[0] != '\0' ? so->failure : NULL);
        cJSON *sum = chk(c, cJSON_AddObjectToObject(e, "summary"));
        for (size_t h = 0; h < NHEAD; h++) {
            double b = 0.0, v = 0.0;
            if (ok && find_total(rep, k, headline[h], &b, &v))
                jnum(c, sum, headline[h], v - b);
            else
                chk(c, cJSON_AddNullToObject(sum, headline[h]));
        }
    }
    if (rep->effects == NULL) return;
    cJSON *fx = chk(c, cJSON_AddArrayToObject(root, "effects"));
    for (size_t q = 0; fx != NULL && q < rep->effects->count && c->ok; q++) {
        const urio_effect *ef = &rep->effects->e[q];
        const double ch = ef->value - ef->base;
        cJSON *e = jpush(c, fx);
        jstr(c, e, "scenario", scen_name(rep, ef->scenario));
        jstr(c, e, "indicator", ef->indicator);
        jstr(c, e, "label", ef->label);
        jnum(c, e, "base", ef->base);
        jnum(c, e, "value", ef->value);
        jnum(c, e, "change", ch);
        jnum(c, e, "change_pct", ef->base != 0.0 ? 100.0 * ch / ef->base : (double)NAN);
    }
}

urio_status urio_write_cge_json(const char *outdir, const urio_cge_run_report *rep, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->cge == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no CGE result to write");
    jctx c = {true};
    cJSON *root = chk(&c, cJSON_CreateObject());
    cJSON *u = chk(&c, cJSON_AddObjectToObject(root, "urio"));
    jstr(&c, u, "version", rep->version);
    jstr(&c, u, "blas", rep->blas);
    jnum(&c, u, "threads", (double)rep->threads);
    add_model(&c, root, rep);
    add_checks(&c, root, rep->checks);
    add_scenarios(&c, root, rep);
    if (rep->uncertainty != NULL && c.ok && !urio_uncertainty_json(root, rep->uncertainty))
        c.ok = false;
    cJSON *t = chk(&c, cJSON_AddObjectToObject(root, "timings"));
    jnum(&c, t, "load", rep->seconds_load);
    jnum(&c, t, "checks", rep->seconds_checks);
    jnum(&c, t, "scenarios", rep->seconds_scenarios);
    char *text = c.ok ? cJSON_PrintBuffered(root, 1 << 16, 1) : NULL;
    cJSON_Delete(root);
    if (text == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_writer *w = NULL;
    urio_status s = open_in(outdir, "report.json", &w, d);
    if (s == URIO_OK) {
        s = urio_writer_write(w, text, strlen(text));
        if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
        s = urio__writer_finish(w, s, d);
    }
    cJSON_free(text);
    return s;
}
