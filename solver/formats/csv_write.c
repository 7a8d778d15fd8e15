/* csv_write.c - the CSV outputs of an IO run (DESIGN.md section 7).
 *
 * Files, all comma-separated with LF line ends, labels quoted as RFC 4180 requires
 * (when they hold a comma, a double quote, CR or LF, or begin or end with a space
 * or tab), numbers in the shortest form that reads back exactly (urio_format_double),
 * and an empty cell where a number is not defined:
 *
 *   leontief.csv     L = (I - A)^-1, corner `sector`, rows and columns the sectors.
 *   multipliers.csv  label,multiplier,type,value - one row per multiplier of the
 *                    analysis, in its order (see urio/io.h).
 *   linkages.csv     label,backward,forward,backward_index,forward_index,key_sector
 *                    with key_sector `true` or `false`.
 *   effects.csv      scenario,indicator,label,base,value,change,change_pct - one row
 *                    per effect; change = value - base; change_pct = 100 change / base,
 *                    empty when base is 0.  Only with scenarios.
 *   summary.csv      one row per scenario: scenario,status, then one column per
 *                    headline indicator holding the economy-wide *change* (value -
 *                    base) of that indicator:
 *                      output          total gross output (the effect with label "")
 *                      value_added     total value added (all V rows), when V exists
 *                      <satellite>     each satellite row's total (e.g. employment)
 *                      income:<h>      income of household h, when households are
 *                                      endogenous (type II)
 *                    in the order the effects first name them; status is `ok` (a
 *                    failed scenario fails the whole batch).  Only with scenarios.
 *
 * With the analyses of urio/io_analyses.h (docs/io-model.md gives the formulas):
 *
 *   ghosh.csv          G = (I - B)^-1, corner `sector`; only up to 2,000 sectors.
 *   extraction.csv     label,method,loss,loss_pct - hypothetical extraction of each
 *                      sector (method total, backward, forward): the loss of total
 *                      output in model units and in percent of total output.
 *   miyazawa.csv       K = (I - V L C)^-1, corner `household`, rows and columns the
 *                      endogenous households.  Only with households.
 *   decomposition.csv  partition,from,to,component,value - output in group `to`
 *                      per unit of final demand in group `from` (the average over
 *                      from's sectors), component intra, spillover, feedback,
 *                      total; partition region_area, region, area (or group for
 *                      two-segment labels).  Only with two or more groups.
 *   prices.csv         scenario,label,price,change_pct - the `price` effects of the
 *                      scenarios with tax or productivity shocks: each sector, the
 *                      final-demand price index (empty label) and each household's
 *                      cost of living (its name).  Only when there are some.
 *   paths.csv          scenario,rank,path,value,share - the largest structural
 *                      paths of each scenario's final-demand change: path is the
 *                      labels joined by " > " (final-demand sector first, producer
 *                      last; household:<name> for a pass through households),
 *                      share = value / the total output change.  Only with paths.
 *
 * Every file goes through an urio_writer, so it appears complete or not at all. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>

#include "internal.h"

/* Whether RFC 4180, a reader that trims blanks, or one that drops a byte-order
 * mark needs the field quoted. */
static bool needs_quotes(const char *s)
{
    size_t n = strlen(s);
    if (n == 0) return false;
    if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') return true;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) return true; /* U+FEFF */
    return strpbrk(s, ",\"\r\n") != NULL;
}

urio_status urio__csv_put_field(urio_writer *w, const char *s)
{
    if (s == NULL) s = "";
    if (!needs_quotes(s)) return urio_writer_write(w, s, strlen(s));
    urio_status st = urio_writer_write(w, "\"", 1);
    const char *p = s;
    while (st == URIO_OK && *p != '\0') {
        const char *q = strchr(p, '"');
        size_t len = q != NULL ? (size_t)(q - p) + 1 : strlen(p);
        st = urio_writer_write(w, p, len);
        if (st == URIO_OK && q != NULL) st = urio_writer_write(w, "\"", 1); /* "" */
        p += len;
    }
    if (st == URIO_OK) st = urio_writer_write(w, "\"", 1);
    return st;
}

urio_status urio__csv_put_number(urio_writer *w, double v)
{
    if (!isfinite(v)) return URIO_OK;
    char buf[32];
    urio_format_double(v, buf);
    return urio_writer_write(w, buf, strlen(buf));
}

static urio_status put_sep(urio_writer *w)
{
    return urio_writer_write(w, ",", 1);
}

static urio_status put_eol(urio_writer *w)
{
    return urio_writer_write(w, "\n", 1);
}

urio_status urio_csv_write_matrix(const char *path, const char *corner, const urio_labels *rows,
                                  const urio_labels *cols, const urio_matrix *mx, urio_diag *d)
{
    if (path == NULL || rows == NULL || cols == NULL || mx == NULL)
        return urio_diag_set(d, URIO_EINVAL, path, 0, 0, NULL, "nothing to write");
    if (rows->count != mx->rows || cols->count != mx->cols)
        return urio_diag_set(d, URIO_EINVAL, path, 0, 0, NULL,
                             "%zu x %zu labels for a %zu x %zu matrix (internal error)",
                             rows->count, cols->count, mx->rows, mx->cols);
    urio_writer *w = NULL;
    urio_status s = urio_writer_open(path, &w, d);
    if (s != URIO_OK) return s;
    s = urio__csv_put_field(w, corner != NULL ? corner : "");
    for (size_t j = 0; s == URIO_OK && j < cols->count; j++) {
        s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, cols->name[j]);
    }
    if (s == URIO_OK) s = put_eol(w);
    for (size_t i = 0; s == URIO_OK && i < rows->count; i++) {
        s = urio__csv_put_field(w, rows->name[i]);
        for (size_t j = 0; s == URIO_OK && j < cols->count; j++) {
            s = put_sep(w);
            if (s == URIO_OK) s = urio__csv_put_number(w, URIO_MAT(mx, i, j));
        }
        if (s == URIO_OK) s = put_eol(w);
    }
    return urio__writer_finish(w, s, d);
}

/* Open outdir/name; on success *w is ready and *path must be freed. */
static urio_status open_in(const char *outdir, const char *name, urio_writer **w, char **path,
                           urio_diag *d)
{
    *w = NULL;
    *path = urio__path_join(outdir, name);
    if (*path == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_status s = urio_writer_open(*path, w, d);
    if (s != URIO_OK) {
        free(*path);
        *path = NULL;
    }
    return s;
}

static const char *sector_label(const urio_run_report *rep, size_t j)
{
    const urio_labels *sec = rep->model->io->sectors;
    return j < sec->count ? sec->name[j] : "";
}

static urio_status write_multipliers(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "multipliers.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    const urio_io_result *r = rep->io;
    s = urio_writer_printf(w, "label,multiplier,type,value\n");
    for (size_t k = 0; s == URIO_OK && k < r->nmult; k++) {
        const urio_io_multiplier *m = &r->mult[k];
        s = urio__csv_put_field(w, sector_label(rep, m->sector));
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, m->multiplier);
        if (s == URIO_OK) s = urio_writer_printf(w, ",%s,", urio_mult_type_name(m->type));
        if (s == URIO_OK) s = urio__csv_put_number(w, m->value);
        if (s == URIO_OK) s = put_eol(w);
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

static urio_status write_linkages(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "linkages.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    const urio_io_result *r = rep->io;
    s = urio_writer_printf(w, "label,backward,forward,backward_index,forward_index,key_sector\n");
    for (size_t j = 0; s == URIO_OK && j < r->n; j++) {
        const double v[4] = {r->backward[j], r->forward[j], r->backward_index[j],
                             r->forward_index[j]};
        s = urio__csv_put_field(w, sector_label(rep, j));
        for (size_t c = 0; s == URIO_OK && c < 4; c++) {
            s = put_sep(w);
            if (s == URIO_OK) s = urio__csv_put_number(w, v[c]);
        }
        if (s == URIO_OK) s = urio_writer_printf(w, ",%s\n", r->key_sector[j] ? "true" : "false");
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

static const char *scenario_name(const urio_run_report *rep, size_t k)
{
    if (rep->scenarios == NULL || k >= rep->nscen || rep->scenarios[k].name == NULL) return "";
    return rep->scenarios[k].name;
}

static urio_status write_effects(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "effects.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    const urio_effects *fx = rep->effects;
    s = urio_writer_printf(w, "scenario,indicator,label,base,value,change,change_pct\n");
    for (size_t k = 0; s == URIO_OK && k < fx->count; k++) {
        const urio_effect *e = &fx->e[k];
        const double change = e->value - e->base;
        s = urio__csv_put_field(w, scenario_name(rep, e->scenario));
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, e->indicator);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, e->label);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_number(w, e->base);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_number(w, e->value);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_number(w, change);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK && e->base != 0.0) s = urio__csv_put_number(w, 100.0 * change / e->base);
        if (s == URIO_OK) s = put_eol(w);
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

static urio_status write_summary(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio__headline h;
    urio_status s = urio__headline_build(rep, &h);
    if (s != URIO_OK) return urio_diag_set(d, s, NULL, 0, 0, NULL, "out of memory");
    urio_writer *w = NULL;
    char *path = NULL;
    s = open_in(outdir, "summary.csv", &w, &path, d);
    if (s != URIO_OK) {
        urio__headline_free(&h);
        return s;
    }
    s = urio_writer_printf(w, "scenario,status");
    for (size_t c = 0; s == URIO_OK && c < h.ncol; c++) {
        s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, h.name[c]);
    }
    if (s == URIO_OK) s = put_eol(w);
    for (size_t k = 0; s == URIO_OK && k < h.nscen; k++) {
        s = urio__csv_put_field(w, scenario_name(rep, k));
        if (s == URIO_OK) s = urio_writer_printf(w, ",ok");
        for (size_t c = 0; s == URIO_OK && c < h.ncol; c++) {
            s = put_sep(w);
            if (s == URIO_OK)
                s = urio__csv_put_number(w, h.value[k * h.ncol + c] - h.base[k * h.ncol + c]);
        }
        if (s == URIO_OK) s = put_eol(w);
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    urio__headline_free(&h);
    return s;
}

/* ---- The analyses ------------------------------------------------------------ */

static urio_status write_extraction(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    const urio_io_analyses *an = rep->analyses;
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "extraction.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "label,method,loss,loss_pct\n");
    for (size_t me = 0; me < URIO_EXTRACT_METHODS && s == URIO_OK; me++)
        for (size_t j = 0; j < an->n && s == URIO_OK; j++) {
            const double loss = an->extraction[me * an->n + j];
            s = urio__csv_put_field(w, sector_label(rep, j));
            if (s == URIO_OK)
                s = urio_writer_printf(w, ",%s,",
                                       urio_extraction_method_name((urio_extraction_method)me));
            if (s == URIO_OK) s = urio__csv_put_number(w, loss);
            if (s == URIO_OK) s = put_sep(w);
            if (s == URIO_OK && an->total_output != 0.0)
                s = urio__csv_put_number(w, 100.0 * loss / an->total_output);
            if (s == URIO_OK) s = put_eol(w);
        }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

static urio_status write_miyazawa(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    const urio_io_analyses *an = rep->analyses;
    const urio_io_model *m = rep->model->io;
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "miyazawa.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    s = urio__csv_put_field(w, "household");
    for (size_t h = 0; h < an->m && s == URIO_OK; h++) {
        s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, m->households[h].name);
    }
    if (s == URIO_OK) s = put_eol(w);
    for (size_t g = 0; g < an->m && s == URIO_OK; g++) {
        s = urio__csv_put_field(w, m->households[g].name);
        for (size_t h = 0; h < an->m && s == URIO_OK; h++) {
            s = put_sep(w);
            if (s == URIO_OK) s = urio__csv_put_number(w, URIO_MAT(an->K, g, h));
        }
        if (s == URIO_OK) s = put_eol(w);
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

const char *urio__partition_name(const urio_io_decomposition *dc)
{
    const urio_io_groups *g = dc->groups;
    if (g->by == URIO_GROUP_REGION) return "region";
    if (g->by == URIO_GROUP_AREA) return "area";
    for (size_t k = 0; k < g->count; k++)
        if (strchr(g->name[k], '/') != NULL) return "region_area";
    return "group";
}

static urio_status write_decomposition(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    const urio_io_analyses *an = rep->analyses;
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "decomposition.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "partition,from,to,component,value\n");
    for (size_t k = 0; k < an->npartitions && s == URIO_OK; k++) {
        const urio_io_decomposition *dc = an->partition[k];
        const size_t G = dc->groups->count;
        for (size_t from = 0; from < G && s == URIO_OK; from++)
            for (size_t to = 0; to < G && s == URIO_OK; to++)
                for (size_t c = 0; c < URIO_DECOMP_COMPONENTS && s == URIO_OK; c++) {
                    s = urio_writer_printf(w, "%s,", urio__partition_name(dc));
                    if (s == URIO_OK) s = urio__csv_put_field(w, dc->groups->name[from]);
                    if (s == URIO_OK) s = put_sep(w);
                    if (s == URIO_OK) s = urio__csv_put_field(w, dc->groups->name[to]);
                    if (s == URIO_OK)
                        s = urio_writer_printf(
                            w, ",%s,", urio_decomp_component_name((urio_decomp_component)c));
                    if (s == URIO_OK)
                        s = urio__csv_put_number(w, dc->value[(c * G + to) * G + from]);
                    if (s == URIO_OK) s = put_eol(w);
                }
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

/* Whether the effects hold any `price` record. */
static bool have_prices(const urio_run_report *rep)
{
    if (rep->effects == NULL || rep->nscen == 0) return false;
    for (size_t k = 0; k < rep->effects->count; k++)
        if (strcmp(rep->effects->e[k].indicator, "price") == 0) return true;
    return false;
}

static urio_status write_prices(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "prices.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    const urio_effects *fx = rep->effects;
    s = urio_writer_printf(w, "scenario,label,price,change_pct\n");
    for (size_t k = 0; s == URIO_OK && k < fx->count; k++) {
        const urio_effect *e = &fx->e[k];
        if (strcmp(e->indicator, "price") != 0) continue;
        s = urio__csv_put_field(w, scenario_name(rep, e->scenario));
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_field(w, e->label);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK) s = urio__csv_put_number(w, e->value);
        if (s == URIO_OK) s = put_sep(w);
        if (s == URIO_OK && e->base != 0.0)
            s = urio__csv_put_number(w, 100.0 * (e->value - e->base) / e->base);
        if (s == URIO_OK) s = put_eol(w);
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

char *urio__path_text(const urio_run_report *rep, const urio_io_path *p)
{
    const urio_io_model *m = rep->model->io;
    const size_t n = m->sectors->count;
    size_t len = 1;
    for (size_t q = 0; q <= p->depth; q++) {
        const size_t v = p->nodes[q];
        len += 3 + (v < n                    ? strlen(m->sectors->name[v])
                    : v - n < m->nhouseholds ? 10 + strlen(m->households[v - n].name)
                                             : 1);
    }
    char *t = malloc(len);
    if (t == NULL) return NULL;
    size_t o = 0;
    for (size_t q = 0; q <= p->depth; q++) {
        const size_t v = p->nodes[q];
        const int wr =
            v < n ? snprintf(t + o, len - o, "%s%s", q > 0 ? " > " : "", m->sectors->name[v])
            : v - n < m->nhouseholds ? snprintf(t + o, len - o, "%shousehold:%s",
                                                q > 0 ? " > " : "", m->households[v - n].name)
                                     : snprintf(t + o, len - o, "%s?", q > 0 ? " > " : "");
        if (wr < 0) break;
        o += (size_t)wr;
    }
    t[o < len ? o : len - 1] = '\0';
    return t;
}

static bool have_paths(const urio_run_report *rep)
{
    if (rep->batch == NULL || rep->batch->paths == NULL) return false;
    for (size_t k = 0; k < rep->batch->nscen; k++)
        if (rep->batch->paths[k] != NULL) return true;
    return false;
}

static urio_status write_paths(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    urio_writer *w = NULL;
    char *path = NULL;
    urio_status s = open_in(outdir, "paths.csv", &w, &path, d);
    if (s != URIO_OK) return s;
    s = urio_writer_printf(w, "scenario,rank,path,value,share\n");
    for (size_t k = 0; k < rep->batch->nscen && s == URIO_OK; k++) {
        const urio_io_paths *ps = rep->batch->paths[k];
        if (ps == NULL) continue;
        for (size_t q = 0; q < ps->count && s == URIO_OK; q++) {
            char *text = urio__path_text(rep, &ps->path[q]);
            if (text == NULL) {
                s = URIO_ENOMEM;
                break;
            }
            s = urio__csv_put_field(w, scenario_name(rep, k));
            if (s == URIO_OK) s = urio_writer_printf(w, ",%zu,", q + 1);
            if (s == URIO_OK) s = urio__csv_put_field(w, text);
            if (s == URIO_OK) s = put_sep(w);
            if (s == URIO_OK) s = urio__csv_put_number(w, ps->path[q].value);
            if (s == URIO_OK) s = put_sep(w);
            if (s == URIO_OK && ps->effect != 0.0)
                s = urio__csv_put_number(w, ps->path[q].value / ps->effect);
            if (s == URIO_OK) s = put_eol(w);
            free(text);
        }
    }
    s = urio__writer_finish(w, s, d);
    free(path);
    return s;
}

const char *urio_io_csv_name(size_t i)
{
    static const char *const names[] = {"leontief.csv",      "multipliers.csv", "linkages.csv",
                                        "ghosh.csv",         "extraction.csv",  "miyazawa.csv",
                                        "decomposition.csv", "effects.csv",     "summary.csv",
                                        "prices.csv",        "paths.csv"};
    return i < sizeof names / sizeof names[0] ? names[i] : NULL;
}

bool urio_io_csv_writes(const urio_run_report *rep, const char *name)
{
    if (rep == NULL || name == NULL) return false;
    const urio_io_analyses *an = rep->analyses;
    const bool scen = rep->effects != NULL && rep->nscen > 0;
    if (strcmp(name, "leontief.csv") == 0 || strcmp(name, "multipliers.csv") == 0 ||
        strcmp(name, "linkages.csv") == 0)
        return true;
    if (strcmp(name, "ghosh.csv") == 0) return an != NULL && an->G != NULL;
    if (strcmp(name, "extraction.csv") == 0) return an != NULL && an->extraction != NULL;
    if (strcmp(name, "miyazawa.csv") == 0) return an != NULL && an->K != NULL;
    if (strcmp(name, "decomposition.csv") == 0) return an != NULL && an->npartitions > 0;
    if (strcmp(name, "effects.csv") == 0 || strcmp(name, "summary.csv") == 0) return scen;
    if (strcmp(name, "prices.csv") == 0) return scen && have_prices(rep);
    if (strcmp(name, "paths.csv") == 0) return scen && have_paths(rep);
    return false;
}

urio_status urio_write_io_csv(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->io == NULL ||
        rep->io == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no IO result to write");
    char *path = urio__path_join(outdir, "leontief.csv");
    if (path == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    const urio_labels *sec = rep->model->io->sectors;
    urio_status s = urio_csv_write_matrix(path, "sector", sec, sec, rep->io->L, d);
    free(path);
    if (s == URIO_OK) s = write_multipliers(outdir, rep, d);
    if (s == URIO_OK) s = write_linkages(outdir, rep, d);
    if (s == URIO_OK) s = urio_write_footprints_csv(outdir, rep, d); /* pymrio extensions */
    if (s == URIO_OK && rep->analyses != NULL) {
        const urio_io_analyses *an = rep->analyses;
        if (an->G != NULL) {
            path = urio__path_join(outdir, "ghosh.csv");
            if (path == NULL)
                return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            s = urio_csv_write_matrix(path, "sector", sec, sec, an->G, d);
            free(path);
        }
        if (s == URIO_OK && urio_io_csv_writes(rep, "extraction.csv"))
            s = write_extraction(outdir, rep, d);
        if (s == URIO_OK && urio_io_csv_writes(rep, "miyazawa.csv"))
            s = write_miyazawa(outdir, rep, d);
        if (s == URIO_OK && urio_io_csv_writes(rep, "decomposition.csv"))
            s = write_decomposition(outdir, rep, d);
    }
    if (s == URIO_OK && rep->effects != NULL && rep->nscen > 0) {
        s = write_effects(outdir, rep, d);
        if (s == URIO_OK) s = write_summary(outdir, rep, d);
        if (s == URIO_OK && urio_io_csv_writes(rep, "prices.csv")) s = write_prices(outdir, rep, d);
        if (s == URIO_OK && urio_io_csv_writes(rep, "paths.csv")) s = write_paths(outdir, rep, d);
    }
    return s;
}

/* ---- Headline indicators (shared with report_json.c and summary_text.c) ----- */

void urio__headline_free(urio__headline *h)
{
    if (h == NULL) return;
    for (size_t c = 0; c < h->ncol; c++)
        free(h->name[c]);
    free(h->name);
    free(h->base);
    free(h->value);
    memset(h, 0, sizeof *h);
}

/* Whether label names an endogenous household of the model. */
static bool is_household(const urio_run_report *rep, const char *label)
{
    const urio_io_model *m = rep->model != NULL ? rep->model->io : NULL;
    for (size_t h = 0; m != NULL && h < m->nhouseholds; h++)
        if (strcmp(m->households[h].name, label) == 0) return true;
    return false;
}

/* The column name of an effect, written into buf, or false when the effect is not
 * a headline (a sector-level row).  Household rows: income:<h>, and the cost of
 * living price:<h>. */
static bool headline_name(const urio_run_report *rep, const urio_effect *e, char *buf, size_t size)
{
    if (e->label[0] == '\0') {
        snprintf(buf, size, "%s", e->indicator);
        return true;
    }
    if (strcmp(e->indicator, "income") == 0) {
        snprintf(buf, size, "income:%s", e->label);
        return true;
    }
    if (strcmp(e->indicator, "price") == 0 && is_household(rep, e->label)) {
        snprintf(buf, size, "price:%s", e->label);
        return true;
    }
    return false;
}

urio_status urio__headline_build(const urio_run_report *rep, urio__headline *h)
{
    memset(h, 0, sizeof *h);
    if (rep == NULL || rep->effects == NULL || rep->nscen == 0) return URIO_OK;
    const urio_effects *fx = rep->effects;
    size_t cap = 0;
    size_t *col = malloc((fx->count > 0 ? fx->count : 1) * sizeof *col); /* effect -> column */
    if (col == NULL) return URIO_ENOMEM;
    char name[sizeof fx->e[0].indicator + sizeof fx->e[0].label + 8];
    /* Pass 1: the columns, in order of first appearance. */
    for (size_t k = 0; k < fx->count; k++) {
        col[k] = SIZE_MAX;
        if (!headline_name(rep, &fx->e[k], name, sizeof name)) continue;
        size_t c = 0;
        while (c < h->ncol && strcmp(h->name[c], name) != 0)
            c++;
        if (c == h->ncol) {
            if (h->ncol == cap) {
                size_t ncap = cap == 0 ? 8 : 2 * cap;
                char **grown = realloc(h->name, ncap * sizeof *grown);
                if (grown == NULL) goto nomem;
                h->name = grown;
                cap = ncap;
            }
            size_t len = strlen(name) + 1;
            h->name[c] = malloc(len);
            if (h->name[c] == NULL) goto nomem;
            memcpy(h->name[c], name, len);
            h->ncol++;
        }
        col[k] = c;
    }
    /* Pass 2: the values. */
    h->nscen = rep->nscen;
    size_t cells = h->nscen * (h->ncol > 0 ? h->ncol : 1);
    h->base = malloc(cells * sizeof *h->base);
    h->value = malloc(cells * sizeof *h->value);
    if (h->base == NULL || h->value == NULL) goto nomem;
    for (size_t i = 0; i < cells; i++)
        h->base[i] = h->value[i] = (double)NAN;
    for (size_t k = 0; k < fx->count; k++) {
        const urio_effect *e = &fx->e[k];
        if (col[k] == SIZE_MAX || e->scenario >= h->nscen) continue;
        h->base[e->scenario * h->ncol + col[k]] = e->base;
        h->value[e->scenario * h->ncol + col[k]] = e->value;
    }
    free(col);
    return URIO_OK;
nomem:
    free(col);
    urio__headline_free(h);
    return URIO_ENOMEM;
}
