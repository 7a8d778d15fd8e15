/* report_json.c - report.json, everything a run found in one machine-readable file
 * (DESIGN.md section 7).
 *
 * Layout (keys in this order):
 *   urio        {version, blas, threads}
 *   model       {path, name, kind, units, hash, sectors (count), labels [...],
 *                categories [...], primary_inputs [...], satellites [...],
 *                households [{name, consumption, income}], sources [...]}
 *   checks      {productive, max_colsum_a, min_l, identity_residual, output_residual,
 *                rcond, closed_present, and with households closed_productive,
 *                closed_identity_residual, closed_output_residual, closed_rcond;
 *                tolerance, passed}
 *   multipliers [{label, multiplier, type, value}]          as multipliers.csv
 *   linkages    [{label, backward, forward, backward_index, forward_index, key_sector}]
 *   scenario_file  path or null
 *   scenarios   [{name, status, shocks (count), summary {indicator: change}}]
 *               summary holds the columns of summary.csv (economy-wide changes)
 *   effects     [{scenario, indicator, label, base, value, change, change_pct}]
 *               only when there are scenarios; change_pct null when base is 0
 *   with the analyses of urio/io_analyses.h (rep->analyses):
 *   analysis_checks {ghosh_identity, unit_prices, miyazawa, decomposition,
 *                price_dual, tolerance, passed}
 *   ghosh       {identity_residual, file ("ghosh.csv" or null), primary_inputs [v]}
 *   extraction  [{label, method, loss, loss_pct}]           as extraction.csv
 *   miyazawa    {households, K [[...]], VLC [[...]], residual}   with households
 *   decomposition [{partition, closed, residual, groups, values [{from, to,
 *                component, value}]}]                       as decomposition.csv
 *   price_model {cost_rows [...], unit_price_residual}
 *   paths       [{scenario, output_change, total_abs, found, found_value, expanded,
 *                paths [{rank, nodes [labels], value, share}]}]   as paths.csv
 *   notes       [text]  warnings of the analysis, the analyses and the scenarios
 *   timings     {load, analyse, scenarios}  wall-clock seconds
 *
 * A number that is not finite is written as null, so the file is always valid JSON.
 * The document is built with cJSON, printed in one buffer and written through the
 * atomic writer. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <urio/formats.h>

#include "internal.h"

/* The builder remembers whether any allocation failed, so the construction code
 * can stay linear; cJSON's Add functions accept a NULL parent harmlessly. */
typedef struct json_ctx {
    bool ok;
} json_ctx;

static cJSON *check(json_ctx *c, cJSON *item)
{
    if (item == NULL) c->ok = false;
    return item;
}

static void put_num(json_ctx *c, cJSON *o, const char *key, double v)
{
    if (isfinite(v))
        check(c, cJSON_AddNumberToObject(o, key, v));
    else
        check(c, cJSON_AddNullToObject(o, key));
}

static void put_str(json_ctx *c, cJSON *o, const char *key, const char *s)
{
    if (s != NULL)
        check(c, cJSON_AddStringToObject(o, key, s));
    else
        check(c, cJSON_AddNullToObject(o, key));
}

static void put_bool(json_ctx *c, cJSON *o, const char *key, bool b)
{
    check(c, cJSON_AddBoolToObject(o, key, b ? 1 : 0));
}

static void push_str(json_ctx *c, cJSON *arr, const char *s)
{
    cJSON *item = check(c, cJSON_CreateString(s != NULL ? s : ""));
    if (item != NULL && !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        c->ok = false;
    }
}

static cJSON *push_obj(json_ctx *c, cJSON *arr)
{
    cJSON *item = check(c, cJSON_CreateObject());
    if (item != NULL && !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        c->ok = false;
        return NULL;
    }
    return item;
}

static void put_labels(json_ctx *c, cJSON *o, const char *key, const urio_labels *l)
{
    cJSON *arr = check(c, cJSON_AddArrayToObject(o, key));
    for (size_t i = 0; l != NULL && i < l->count; i++)
        push_str(c, arr, l->name[i]);
}

static const char *label_at(const urio_labels *l, size_t i)
{
    return l != NULL && i < l->count ? l->name[i] : "";
}

static void add_model(json_ctx *c, cJSON *root, const urio_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_io_model *m = mf->io;
    cJSON *o = check(c, cJSON_AddObjectToObject(root, "model"));
    put_str(c, o, "path", mf->path);
    put_str(c, o, "name", mf->name);
    put_str(c, o, "kind", mf->kind);
    put_str(c, o, "units", mf->units);
    put_str(c, o, "hash", mf->hash);
    put_num(c, o, "sectors", (double)m->sectors->count);
    put_labels(c, o, "labels", m->sectors);
    put_labels(c, o, "categories", m->categories);
    put_labels(c, o, "primary_inputs", m->vrows);
    put_labels(c, o, "satellites", m->srows);
    cJSON *hh = check(c, cJSON_AddArrayToObject(o, "households"));
    for (size_t h = 0; h < m->nhouseholds; h++) {
        cJSON *e = push_obj(c, hh);
        put_str(c, e, "name", m->households[h].name);
        put_str(c, e, "consumption", label_at(m->categories, m->households[h].consumption));
        put_str(c, e, "income", label_at(m->vrows, m->households[h].income));
    }
    cJSON *src = check(c, cJSON_AddArrayToObject(o, "sources"));
    for (size_t i = 0; i < mf->nsources; i++)
        push_str(c, src, mf->sources[i]);
}

static void add_checks(json_ctx *c, cJSON *root, const urio_io_checks *k)
{
    cJSON *o = check(c, cJSON_AddObjectToObject(root, "checks"));
    put_bool(c, o, "productive", k->productive);
    put_num(c, o, "max_colsum_a", k->max_colsum_a);
    put_num(c, o, "min_l", k->min_l);
    put_num(c, o, "identity_residual", k->identity_residual);
    put_num(c, o, "output_residual", k->output_residual);
    put_num(c, o, "rcond", k->rcond);
    put_bool(c, o, "closed_present", k->closed_present);
    if (k->closed_present) {
        put_bool(c, o, "closed_productive", k->closed_productive);
        put_num(c, o, "closed_identity_residual", k->closed_identity_residual);
        put_num(c, o, "closed_output_residual", k->closed_output_residual);
        put_num(c, o, "closed_rcond", k->closed_rcond);
    }
    put_num(c, o, "tolerance", k->tolerance);
    put_bool(c, o, "passed", k->passed);
}

static void add_analysis(json_ctx *c, cJSON *root, const urio_run_report *rep)
{
    const urio_io_result *r = rep->io;
    const urio_labels *sec = rep->model->io->sectors;
    cJSON *mult = check(c, cJSON_AddArrayToObject(root, "multipliers"));
    for (size_t k = 0; k < r->nmult && c->ok; k++) {
        cJSON *e = push_obj(c, mult);
        put_str(c, e, "label", label_at(sec, r->mult[k].sector));
        put_str(c, e, "multiplier", r->mult[k].multiplier);
        put_str(c, e, "type", urio_mult_type_name(r->mult[k].type));
        put_num(c, e, "value", r->mult[k].value);
    }
    cJSON *link = check(c, cJSON_AddArrayToObject(root, "linkages"));
    for (size_t j = 0; j < r->n && c->ok; j++) {
        cJSON *e = push_obj(c, link);
        put_str(c, e, "label", label_at(sec, j));
        put_num(c, e, "backward", r->backward[j]);
        put_num(c, e, "forward", r->forward[j]);
        put_num(c, e, "backward_index", r->backward_index[j]);
        put_num(c, e, "forward_index", r->forward_index[j]);
        put_bool(c, e, "key_sector", r->key_sector[j]);
    }
}

static void add_scenarios(json_ctx *c, cJSON *root, const urio_run_report *rep,
                          const urio__headline *h)
{
    put_str(c, root, "scenario_file", rep->scenario_path);
    cJSON *arr = check(c, cJSON_AddArrayToObject(root, "scenarios"));
    const bool have = rep->effects != NULL && rep->scenarios != NULL;
    for (size_t k = 0; have && k < rep->nscen && c->ok; k++) {
        cJSON *e = push_obj(c, arr);
        put_str(c, e, "name", rep->scenarios[k].name);
        put_str(c, e, "status", "ok");
        put_num(c, e, "shocks", (double)rep->scenarios[k].nshocks);
        cJSON *sum = check(c, cJSON_AddObjectToObject(e, "summary"));
        for (size_t col = 0; k < h->nscen && col < h->ncol; col++)
            put_num(c, sum, h->name[col], h->value[k * h->ncol + col] - h->base[k * h->ncol + col]);
    }
    if (!have) return;
    cJSON *fx = check(c, cJSON_AddArrayToObject(root, "effects"));
    for (size_t k = 0; k < rep->effects->count && c->ok; k++) {
        const urio_effect *ef = &rep->effects->e[k];
        const double change = ef->value - ef->base;
        cJSON *e = push_obj(c, fx);
        put_str(c, e, "scenario",
                ef->scenario < rep->nscen ? rep->scenarios[ef->scenario].name : "");
        put_str(c, e, "indicator", ef->indicator);
        put_str(c, e, "label", ef->label);
        put_num(c, e, "base", ef->base);
        put_num(c, e, "value", ef->value);
        put_num(c, e, "change", change);
        put_num(c, e, "change_pct", ef->base != 0.0 ? 100.0 * change / ef->base : (double)NAN);
    }
}

static void push_num(json_ctx *c, cJSON *arr, double v)
{
    cJSON *item = check(c, isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull());
    if (item != NULL && !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        c->ok = false;
    }
}

/* A small matrix as an array of rows. */
static void put_rows(json_ctx *c, cJSON *o, const char *key, const urio_matrix *mx)
{
    cJSON *arr = check(c, cJSON_AddArrayToObject(o, key));
    for (size_t i = 0; mx != NULL && i < mx->rows && c->ok; i++) {
        cJSON *row = check(c, cJSON_CreateArray());
        if (row != NULL && !cJSON_AddItemToArray(arr, row)) {
            cJSON_Delete(row);
            c->ok = false;
            return;
        }
        for (size_t j = 0; j < mx->cols; j++)
            push_num(c, row, URIO_MAT(mx, i, j));
    }
}

/* The analyses of urio/io_analyses.h (docs/io-model.md). */
static void add_analyses(json_ctx *c, cJSON *root, const urio_run_report *rep)
{
    const urio_io_analyses *an = rep->analyses;
    if (an == NULL) return;
    const urio_io_model *m = rep->model->io;
    const urio_labels *sec = m->sectors;
    cJSON *k = check(c, cJSON_AddObjectToObject(root, "analysis_checks"));
    put_num(c, k, "ghosh_identity", an->ghosh_residual);
    put_num(c, k, "unit_prices", an->price_residual);
    if (an->K != NULL) put_num(c, k, "miyazawa", an->miyazawa_residual);
    double dec = 0.0;
    for (size_t q = 0; q < an->npartitions; q++)
        if (an->partition[q]->residual > dec) dec = an->partition[q]->residual;
    if (an->npartitions > 0) put_num(c, k, "decomposition", dec);
    if (rep->batch != NULL) put_num(c, k, "price_dual", rep->batch->dual_residual);
    put_num(c, k, "tolerance", an->tolerance);
    put_bool(c, k, "passed", true); /* a failed check fails the run before writing */

    cJSON *g = check(c, cJSON_AddObjectToObject(root, "ghosh"));
    put_num(c, g, "identity_residual", an->ghosh_residual);
    put_str(c, g, "file", an->G != NULL ? "ghosh.csv" : NULL);
    cJSON *v = check(c, cJSON_AddArrayToObject(g, "primary_inputs"));
    for (size_t j = 0; j < an->n && c->ok; j++)
        push_num(c, v, an->v[j]);

    cJSON *ex = check(c, cJSON_AddArrayToObject(root, "extraction"));
    for (size_t me = 0; me < URIO_EXTRACT_METHODS && c->ok; me++)
        for (size_t j = 0; j < an->n && c->ok; j++) {
            const double loss = an->extraction[me * an->n + j];
            cJSON *e = push_obj(c, ex);
            put_str(c, e, "label", label_at(sec, j));
            put_str(c, e, "method", urio_extraction_method_name((urio_extraction_method)me));
            put_num(c, e, "loss", loss);
            put_num(c, e, "loss_pct",
                    an->total_output != 0.0 ? 100.0 * loss / an->total_output : (double)NAN);
        }

    if (an->K != NULL) {
        cJSON *mz = check(c, cJSON_AddObjectToObject(root, "miyazawa"));
        cJSON *hh = check(c, cJSON_AddArrayToObject(mz, "households"));
        for (size_t h = 0; h < an->m; h++)
            push_str(c, hh, m->households[h].name);
        put_rows(c, mz, "K", an->K);
        put_rows(c, mz, "VLC", an->VLC);
        put_num(c, mz, "residual", an->miyazawa_residual);
    }

    cJSON *dec_arr = check(c, cJSON_AddArrayToObject(root, "decomposition"));
    for (size_t q = 0; q < an->npartitions && c->ok; q++) {
        const urio_io_decomposition *dc = an->partition[q];
        const size_t G = dc->groups->count;
        cJSON *e = push_obj(c, dec_arr);
        put_str(c, e, "partition", urio__partition_name(dc));
        put_bool(c, e, "closed", dc->closed);
        put_num(c, e, "residual", dc->residual);
        cJSON *gr = check(c, cJSON_AddArrayToObject(e, "groups"));
        for (size_t t = 0; t < G; t++)
            push_str(c, gr, dc->groups->name[t]);
        cJSON *vals = check(c, cJSON_AddArrayToObject(e, "values"));
        for (size_t from = 0; from < G && c->ok; from++)
            for (size_t to = 0; to < G && c->ok; to++)
                for (size_t comp = 0; comp < URIO_DECOMP_COMPONENTS && c->ok; comp++) {
                    cJSON *x = push_obj(c, vals);
                    put_str(c, x, "from", dc->groups->name[from]);
                    put_str(c, x, "to", dc->groups->name[to]);
                    put_str(c, x, "component",
                            urio_decomp_component_name((urio_decomp_component)comp));
                    put_num(c, x, "value", dc->value[(comp * G + to) * G + from]);
                }
    }

    cJSON *pm = check(c, cJSON_AddObjectToObject(root, "price_model"));
    cJSON *rows = check(c, cJSON_AddArrayToObject(pm, "cost_rows"));
    for (size_t q = 0; q < an->ncost; q++)
        push_str(c, rows, an->cost_name[q]);
    put_num(c, pm, "unit_price_residual", an->price_residual);
}

/* Structural paths of every scenario that has them. */
static void add_paths(json_ctx *c, cJSON *root, const urio_run_report *rep)
{
    const urio_io_batch *b = rep->batch;
    if (b == NULL || b->paths == NULL || rep->scenarios == NULL) return;
    const urio_io_model *m = rep->model->io;
    cJSON *arr = check(c, cJSON_AddArrayToObject(root, "paths"));
    for (size_t k = 0; k < b->nscen && k < rep->nscen && c->ok; k++) {
        const urio_io_paths *ps = b->paths[k];
        if (ps == NULL) continue;
        cJSON *e = push_obj(c, arr);
        put_str(c, e, "scenario", rep->scenarios[k].name);
        put_num(c, e, "output_change", ps->effect);
        put_num(c, e, "total_abs", ps->total);
        put_num(c, e, "found", (double)ps->nfound);
        put_num(c, e, "found_value", ps->found);
        put_num(c, e, "expanded", (double)ps->expanded);
        cJSON *list = check(c, cJSON_AddArrayToObject(e, "paths"));
        for (size_t q = 0; q < ps->count && c->ok; q++) {
            const urio_io_path *p = &ps->path[q];
            cJSON *x = push_obj(c, list);
            put_num(c, x, "rank", (double)(q + 1));
            cJSON *nodes = check(c, cJSON_AddArrayToObject(x, "nodes"));
            for (size_t t = 0; t <= p->depth; t++) {
                const size_t v = p->nodes[t];
                if (v < m->sectors->count) {
                    push_str(c, nodes, m->sectors->name[v]);
                } else {
                    char buf[URIO_LABEL_MAX + 16];
                    const size_t h = v - m->sectors->count;
                    snprintf(buf, sizeof buf, "household:%s",
                             h < m->nhouseholds ? m->households[h].name : "?");
                    push_str(c, nodes, buf);
                }
            }
            put_num(c, x, "value", p->value);
            put_num(c, x, "share", ps->effect != 0.0 ? p->value / ps->effect : (double)NAN);
        }
    }
}

urio_status urio_write_report_json(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->io == NULL ||
        rep->io == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no IO result to write");
    urio__headline h;
    if (urio__headline_build(rep, &h) != URIO_OK)
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");

    json_ctx c = {true};
    cJSON *root = check(&c, cJSON_CreateObject());
    cJSON *u = check(&c, cJSON_AddObjectToObject(root, "urio"));
    put_str(&c, u, "version", rep->version);
    put_str(&c, u, "blas", rep->blas);
    put_num(&c, u, "threads", (double)rep->threads);
    add_model(&c, root, rep);
    add_checks(&c, root, &rep->io->checks);
    add_analysis(&c, root, rep);
    if (c.ok && urio__footprints_json(root, rep, d) != URIO_OK) c.ok = false; /* extensions */
    add_analyses(&c, root, rep);
    add_scenarios(&c, root, rep, &h);
    add_paths(&c, root, rep);
    cJSON *notes = check(&c, cJSON_AddArrayToObject(root, "notes"));
    for (size_t i = 0; i < rep->io->notes.count; i++)
        push_str(&c, notes, rep->io->notes.text[i]);
    for (size_t i = 0; rep->analyses != NULL && i < rep->analyses->notes.count; i++)
        push_str(&c, notes, rep->analyses->notes.text[i]);
    for (size_t i = 0; rep->batch != NULL && i < rep->batch->notes.count; i++)
        push_str(&c, notes, rep->batch->notes.text[i]);
    cJSON *t = check(&c, cJSON_AddObjectToObject(root, "timings"));
    put_num(&c, t, "load", rep->seconds_load);
    put_num(&c, t, "analyse", rep->seconds_analyse);
    put_num(&c, t, "scenarios", rep->seconds_scenarios);
    urio__headline_free(&h);

    char *text = c.ok ? cJSON_PrintBuffered(root, 1 << 16, 1) : NULL;
    cJSON_Delete(root);
    if (text == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");

    char *path = urio__path_join(outdir, "report.json");
    urio_writer *w = NULL;
    urio_status s = path != NULL ? urio_writer_open(path, &w, d)
                                 : urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s == URIO_OK) {
        s = urio_writer_write(w, text, strlen(text));
        if (s == URIO_OK) s = urio_writer_write(w, "\n", 1);
        s = urio__writer_finish(w, s, d);
    }
    cJSON_free(text);
    free(path);
    return s;
}
