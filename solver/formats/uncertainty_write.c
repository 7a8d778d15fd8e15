/* uncertainty_write.c - the outputs of a Monte Carlo family (urio/family.h):
 *
 *   uncertainty.csv  scenario,indicator,label,base,mean,sd,p5,p50,p95,n - per effect
 *                    of the model (DESIGN.md section 7 names), the statistics of its
 *                    change (value - base) over the n draws that solved; base is the
 *                    benchmark level.  Quadrature leaves p5, p50 and p95 empty.
 *   draws.csv        draw,status,reason, one column per uncertain parameter (the
 *                    value drawn), then the change of gdp_real, equivalent_variation,
 *                    household_income, government_revenue, exchange_rate and
 *                    urban_rural_income_ratio (empty for a draw that failed).
 *   report.json      "uncertainty": {name, method, seed, draws, solved, parameters
 *                    [{name, distribution, a, b, c, lower, upper}], indicators
 *                    [{indicator, label, base, mean, sd, p5, p50, p95, n}]}.
 * Numbers read back exactly (urio_format_double); files go through urio_writer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <urio/family.h>
#include <urio/formats.h>

#include "internal.h"

static bool needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n == 0) return false;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    return strpbrk(s, ",\"\r\n") != NULL;
}

static urio_status put_field(urio_writer *w, const char *s)
{
    if (s == NULL) s = "";
    if (!needs_quotes(s)) return urio_writer_write(w, s, strlen(s));
    urio_status st = urio_writer_write(w, "\"", 1);
    for (const char *p = s; st == URIO_OK && *p != '\0'; p++)
        st = *p == '"' ? urio_writer_write(w, "\"\"", 2) : urio_writer_write(w, p, 1);
    if (st == URIO_OK) st = urio_writer_write(w, "\"", 1);
    return st;
}

/* ",<number>" (",": not finite). */
static urio_status put_num(urio_writer *w, double v)
{
    urio_status s = urio_writer_write(w, ",", 1);
    if (s != URIO_OK || !isfinite(v)) return s;
    char buf[32];
    urio_format_double(v, buf);
    return urio_writer_write(w, buf, strlen(buf));
}

static urio_status open_in(const char *outdir, const char *name, urio_writer **w, urio_diag *d)
{
    *w = NULL;
    char *path = urio__path_join(outdir, name);
    if (path == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_status s = urio_writer_open(path, w, d);
    free(path);
    return s;
}

static urio_status write_uncertainty(const char *outdir, const urio_uncertainty *u, urio_diag *d)
{
    urio_writer *w = NULL;
    urio_status s = open_in(outdir, "uncertainty.csv", &w, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "scenario,indicator,label,base,mean,sd,p5,p50,p95,n\n");
    for (size_t q = 0; s == URIO_OK && q < u->nind; q++) {
        const urio_stat *st = &u->stat[q];
        s = put_field(w, u->name);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = put_field(w, u->ind[q].indicator);
        if (s == URIO_OK) s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = put_field(w, u->ind[q].label);
        if (s == URIO_OK) s = put_num(w, u->ind[q].base);
        if (s == URIO_OK) s = put_num(w, st->mean);
        if (s == URIO_OK) s = put_num(w, st->sd);
        if (s == URIO_OK) s = put_num(w, st->p5);
        if (s == URIO_OK) s = put_num(w, st->p50);
        if (s == URIO_OK) s = put_num(w, st->p95);
        if (s == URIO_OK) s = urio_writer_printf(w, ",%zu\n", st->n);
    }
    return urio__writer_finish(w, s, d);
}

static urio_status write_draws(const char *outdir, const urio_uncertainty *u, urio_diag *d)
{
    urio_writer *w = NULL;
    urio_status s = open_in(outdir, "draws.csv", &w, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "draw,status,reason");
    for (size_t i = 0; s == URIO_OK && i < u->nparams; i++) {
        s = urio_writer_write(w, ",", 1);
        if (s == URIO_OK) s = put_field(w, u->param_names[i]);
    }
    for (size_t h = 0; s == URIO_OK && h < u->nhead; h++)
        s = urio_writer_printf(w, ",%s", u->head[h]);
    if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
    for (size_t k = 0; s == URIO_OK && k < u->draws; k++) {
        const char *st = u->status[k] < 0 ? "not_run" : u->status[k] == URIO_OK ? "ok" : "failed";
        s = urio_writer_printf(w, "%zu,%s,", k + 1, st);
        if (s == URIO_OK) s = put_field(w, u->reason[k]);
        for (size_t i = 0; s == URIO_OK && i < u->nparams; i++)
            s = put_num(w, u->x[k * u->nparams + i]);
        for (size_t h = 0; s == URIO_OK && h < u->nhead; h++)
            s = put_num(w, u->headline[k * u->nhead + h]);
        if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
    }
    return urio__writer_finish(w, s, d);
}

urio_status urio_write_uncertainty_csv(const char *outdir, const urio_uncertainty *u, urio_diag *d)
{
    if (outdir == NULL || u == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no uncertainty to write");
    urio_status s = write_uncertainty(outdir, u, d);
    if (s == URIO_OK) s = write_draws(outdir, u, d);
    return s;
}

/* ---- report.json -------------------------------------------------------------------- */

static bool num(cJSON *o, const char *key, double v)
{
    return (isfinite(v) ? cJSON_AddNumberToObject(o, key, v) : cJSON_AddNullToObject(o, key)) !=
           NULL;
}

bool urio_uncertainty_json(void *root_, const urio_uncertainty *u)
{
    cJSON *root = root_;
    if (root == NULL || u == NULL) return false;
    cJSON *o = cJSON_AddObjectToObject(root, "uncertainty");
    if (o == NULL) return false;
    bool ok = cJSON_AddStringToObject(o, "name", u->name) != NULL;
    ok = ok && cJSON_AddStringToObject(o, "method", u->quadrature ? "quadrature" : "sampling");
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)u->seed);
    ok = ok && cJSON_AddStringToObject(o, "seed", seed) != NULL;
    ok = ok && num(o, "draws", (double)u->draws) && num(o, "solved", (double)u->solved);
    cJSON *pa = ok ? cJSON_AddArrayToObject(o, "parameters") : NULL;
    ok = ok && pa != NULL;
    for (size_t i = 0; ok && i < u->nparams; i++) {
        cJSON *p = cJSON_CreateObject();
        if (p == NULL || !cJSON_AddItemToArray(pa, p)) {
            cJSON_Delete(p);
            return false;
        }
        const urio_dist *ds = &u->dists[i];
        ok = cJSON_AddStringToObject(p, "name", u->param_names[i]) != NULL &&
             cJSON_AddStringToObject(p, "distribution", urio_dist_name(ds->kind)) != NULL &&
             num(p, "a", ds->a) && num(p, "b", ds->b) &&
             (ds->kind != URIO_DIST_TRIANGULAR || num(p, "c", ds->c)) && num(p, "lower", ds->lo) &&
             num(p, "upper", ds->hi);
    }
    cJSON *ia = ok ? cJSON_AddArrayToObject(o, "indicators") : NULL;
    ok = ok && ia != NULL;
    for (size_t q = 0; ok && q < u->nind; q++) {
        cJSON *e = cJSON_CreateObject();
        if (e == NULL || !cJSON_AddItemToArray(ia, e)) {
            cJSON_Delete(e);
            return false;
        }
        const urio_stat *st = &u->stat[q];
        ok = cJSON_AddStringToObject(e, "indicator", u->ind[q].indicator) != NULL &&
             cJSON_AddStringToObject(e, "label", u->ind[q].label) != NULL &&
             num(e, "base", u->ind[q].base) && num(e, "mean", st->mean) && num(e, "sd", st->sd) &&
             num(e, "p5", st->p5) && num(e, "p50", st->p50) && num(e, "p95", st->p95) &&
             num(e, "n", (double)st->n);
    }
    return ok;
}

/* Statistics are of the change; the report's bars show the level. */
urio_band *urio_uncertainty_bands(const urio_uncertainty *u)
{
    urio_band *band = calloc(u->nind > 0 ? u->nind : 1, sizeof *band);
    if (band == NULL) return NULL;
    for (size_t q = 0; q < u->nind; q++) {
        const double b0 = u->ind[q].base;
        band[q] = (urio_band){
            u->name,       u->ind[q].indicator, u->ind[q].label,     b0 + u->stat[q].mean,
            u->stat[q].sd, b0 + u->stat[q].p5,  b0 + u->stat[q].p50, b0 + u->stat[q].p95};
    }
    return band;
}
