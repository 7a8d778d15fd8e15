/* report_html.c - report.html, a self-contained report for people (`urio run -f html`;
 * DESIGN.md section 7; docs/report.md says what each part shows and how to read it).
 *
 * One file, inline CSS and SVG (svg_chart.c), no script and no external resource:
 * a Content-Security-Policy meta element forbids every fetch, so the report opens
 * offline and cannot reach the network.  Sections:
 *   IO model   the model (dimensions, data origin, totals), the correctness checks,
 *              output and value-added multipliers by sector (bars), the key-sector
 *              quadrant (backward vs forward Rasmussen index), then the scenarios:
 *              headline table, household income across scenarios (bars), and per
 *              scenario the change in output and value added by sector and area.
 *   CGE model  the model (dimensions, data origin, numeraire, closure, mobility
 *              classes and wedges, population), the benchmark checks, the solver
 *              diagnostics of every scenario, the headline table, the urban-rural
 *              income ratio across scenarios (a line: a sweep is a list of
 *              scenarios), household income and equivalent variation by household
 *              across scenarios, and per scenario the percent change in output and
 *              value added by sector and area.
 * With Monte Carlo bands (urio_bands) the charts of those indicators carry error
 * bars from the 5th to the 95th percentile, and a table lists the bands.
 *
 * The text is built in memory (urio__html escapes every label), then written
 * through the atomic writer: report.html is complete or absent. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/formats.h>

#include "internal.h"
#include "svg_chart.h"

/* Above this many categories a sector chart keeps the largest changes only. */
#define MAX_BARS 25

static const char css[] =
    ":root{color-scheme:light}\n"
    "body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#111;"
    "background:#fff;max-width:1000px;margin:0 auto;padding:1.2rem 1.5rem 3rem}\n"
    "h1{font-size:1.55rem;margin:.2rem 0}h2{font-size:1.25rem;margin-top:2rem;"
    "border-bottom:3px solid #0072B2;padding-bottom:.15rem}h3{font-size:1.05rem;"
    "margin:1.4rem 0 .3rem}\n"
    ".meta{color:#444;margin:.2rem 0 1rem}code{font-size:.9em}\n"
    "nav.toc{border:1px solid #ccc;padding:.4rem .9rem;margin:1rem 0;font-size:.9rem}\n"
    "nav.toc ol{margin:.2rem 0;padding-left:1.3rem}\n"
    "table{border-collapse:collapse;margin:.4rem 0 1rem;font-size:.88rem}\n"
    "th,td{padding:.2rem .55rem;border-bottom:1px solid #ddd;text-align:left;"
    "vertical-align:top}\n"
    "th{border-bottom:2px solid #555;background:#f4f4f4}\n"
    "td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "table.kv th{background:none;border-bottom:1px solid #ddd;font-weight:600;width:13rem}\n"
    ".pass::before{content:'\\2713\\00a0'}.fail{font-weight:700}"
    ".fail::before{content:'\\2717\\00a0'}\n"
    "figure.chart{margin:1rem 0 1.6rem;break-inside:avoid;page-break-inside:avoid}\n"
    "figure.chart svg{width:100%;max-width:760px;height:auto;display:block}\n"
    "figcaption{font-size:.85rem;color:#333;max-width:760px}\n"
    ".note{font-size:.88rem;color:#333;border-left:3px solid #E69F00;padding:.2rem .7rem}\n"
    "@media print{body{font-size:10pt;max-width:none;padding:0}nav.toc{display:none}"
    "h2,h3{break-after:avoid;page-break-after:avoid}table,figure{break-inside:avoid;"
    "page-break-inside:avoid}a{color:inherit;text-decoration:none}"
    "th{background:none}}\n";

/* ---- Small pieces ---------------------------------------------------------------- */

static void num(urio__html *b, double v, int decimals, bool plus)
{
    char t[64];
    urio__fmt_num(t, sizeof t, v, decimals, plus);
    urio__html_printf(b, "%s", t);
}

static void sci(urio__html *b, double v)
{
    char t[64];
    urio__fmt_sci(t, sizeof t, v);
    urio__html_printf(b, "%s", t);
}

/* <tr><th>key</th><td>value (escaped)</td></tr> */
static void kv(urio__html *b, const char *key, const char *value)
{
    urio__html_printf(b, "<tr><th scope=\"row\">%s</th><td>", key);
    urio__html_text(b, value != NULL ? value : "\xE2\x80\x93");
    urio__html_printf(b, "</td></tr>\n");
}

/* A check row: name, value, tolerance, passed. */
static void check_row(urio__html *b, const char *name, double value, double tol, bool pass_known)
{
    urio__html_printf(b, "<tr><td>%s</td><td class=\"num\">", name);
    sci(b, value);
    urio__html_printf(b, "</td><td class=\"num\">");
    sci(b, tol);
    const bool pass = pass_known && isfinite(value) && fabs(value) <= tol;
    urio__html_printf(b, "</td><td class=\"%s\">%s</td></tr>\n", pass ? "pass" : "fail",
                      pass ? "passed" : (isfinite(value) ? "above tolerance" : "not run"));
}

static void labels_line(urio__html *b, const char *key, const urio_labels *l)
{
    if (l == NULL || l->count == 0) return;
    urio__html_printf(b, "<tr><th scope=\"row\">%s</th><td>%zu: ", key, l->count);
    for (size_t i = 0; i < l->count && i < 40; i++) {
        if (i > 0) urio__html_printf(b, ", ");
        urio__html_text(b, l->name[i]);
    }
    if (l->count > 40) urio__html_printf(b, ", \xE2\x80\xA6 (%zu more)", l->count - 40);
    urio__html_printf(b, "</td></tr>\n");
}

static void sources_line(urio__html *b, const urio_model_file *mf)
{
    urio__html_printf(b, "<tr><th scope=\"row\">data read</th><td>");
    for (size_t i = 0; i < mf->nsources; i++) {
        if (i > 0) urio__html_printf(b, "<br>");
        urio__html_printf(b, "<code>");
        urio__html_text(b, mf->sources[i]);
        urio__html_printf(b, "</code>");
    }
    if (mf->nsources == 0) urio__html_printf(b, "\xE2\x80\x93");
    urio__html_printf(b, "</td></tr>\n");
}

static void doc_head(urio__html *b, const urio_model_file *mf, const char *version,
                     const char *scenario_path)
{
    const char *name = mf->name != NULL ? mf->name : "(unnamed model)";
    urio__html_printf(b,
                      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
                      "'none'; style-src 'unsafe-inline'\">\n"
                      "<meta name=\"generator\" content=\"urio ");
    urio__html_text(b, version);
    urio__html_printf(b, "\">\n<title>urio report: ");
    urio__html_text(b, name);
    urio__html_printf(b, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>", css);
    urio__html_text(b, name);
    urio__html_printf(b, "</h1>\n<p class=\"meta\">urio ");
    urio__html_text(b, version);
    urio__html_printf(b, " &middot; <code>urio run ");
    urio__html_text(b, mf->path);
    if (scenario_path != NULL) {
        urio__html_printf(b, " -s ");
        urio__html_text(b, scenario_path);
    }
    urio__html_printf(b, "</code> &middot; units: ");
    urio__html_text(b, mf->units != NULL ? mf->units : "model units");
    urio__html_printf(b, "</p>\n</header>\n");
}

static void toc(urio__html *b, const char *const *ids, const char *const *titles, size_t n)
{
    urio__html_printf(b,
                      "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>");
    for (size_t i = 0; i < n; i++)
        urio__html_printf(b, "<li><a href=\"#%s\">%s</a></li>", ids[i], titles[i]);
    urio__html_printf(b, "</ol></nav>\n");
}

static void doc_tail(urio__html *b, const urio_notes *const *notes, size_t nnotes)
{
    size_t total = 0;
    for (size_t q = 0; q < nnotes; q++)
        total += notes[q] != NULL ? notes[q]->count : 0;
    if (total > 0) {
        urio__html_printf(b, "<section id=\"notes\"><h2>Notes</h2><ul>\n");
        size_t shown = 0;
        for (size_t q = 0; q < nnotes; q++)
            for (size_t i = 0; notes[q] != NULL && i < notes[q]->count && shown < 50;
                 i++, shown++) {
                urio__html_printf(b, "<li>");
                urio__html_text(b, notes[q]->text[i]);
                urio__html_printf(b, "</li>\n");
            }
        if (total > shown)
            urio__html_printf(b, "<li>\xE2\x80\xA6 and %zu more (report.json lists all)</li>\n",
                              total - shown);
        urio__html_printf(b, "</ul></section>\n");
    }
    urio__html_printf(b, "<footer class=\"meta\"><p>Numbers: a true minus sign marks a fall, "
                         "+ a rise. Charts use the Okabe&ndash;Ito colour-blind safe palette; "
                         "series also differ by hatching or marker and every value is printed. "
                         "Full precision: report.json, effects.csv.</p></footer>\n"
                         "</body>\n</html>\n");
}

/* ---- Scenarios: the effects, shared by IO and CGE reports ------------------------------ */

struct strset;

typedef struct view {
    const urio_effects *fx; /* NULL without scenarios */
    size_t nscen;
    const char *const *scen; /* nscen names */
    const bool *ok;          /* nscen, NULL: all solved */
    const urio_bands *mc;    /* NULL without Monte Carlo */
    const char *units;
    bool pct; /* sector bars in percent (CGE) or in model units (IO) */
    /* Series names in order of first use: a name's index is its style, so an area
     * or household keeps its colour and hatching through the report.  Households
     * come first, so that the `urban` area and the urban household match. */
    struct strset *styles;
} view;

static bool find(const view *v, size_t k, const char *ind, const char *label, double *base,
                 double *value)
{
    for (size_t q = 0; v->fx != NULL && q < v->fx->count; q++) {
        const urio_effect *e = &v->fx->e[q];
        if (e->scenario == k && strcmp(e->indicator, ind) == 0 && strcmp(e->label, label) == 0) {
            *base = e->base;
            *value = e->value;
            return true;
        }
    }
    return false;
}

/* The band of (scenario k, ind, label): p5 and p95 of the level. */
static bool band(const view *v, size_t k, const char *ind, const char *label, double *p5,
                 double *p95)
{
    for (size_t q = 0; v->mc != NULL && q < v->mc->count; q++) {
        const urio_band *m = &v->mc->band[q];
        if (m->scenario != NULL && m->indicator != NULL && strcmp(m->scenario, v->scen[k]) == 0 &&
            strcmp(m->indicator, ind) == 0 &&
            strcmp(m->label != NULL ? m->label : "", label) == 0) {
            *p5 = m->p5;
            *p95 = m->p95;
            return true;
        }
    }
    return false;
}

/* What a chart shows of a level: the change, in percent of the base or absolute. */
static double shown(double base, double value, bool pct)
{
    if (pct) return base != 0.0 ? 100.0 * (value - base) / base : (double)NAN;
    return value - base;
}

/* A list of distinct strings, in order of first appearance. */
typedef struct strset {
    size_t n, cap;
    char **s;
} strset;

static size_t strset_add(strset *t, const char *s, size_t len, bool *oom)
{
    for (size_t i = 0; i < t->n; i++)
        if (strlen(t->s[i]) == len && strncmp(t->s[i], s, len) == 0) return i;
    if (t->n == t->cap) {
        size_t cap = t->cap == 0 ? 16 : 2 * t->cap;
        char **q = realloc(t->s, cap * sizeof *q);
        if (q == NULL) {
            *oom = true;
            return SIZE_MAX;
        }
        t->s = q;
        t->cap = cap;
    }
    char *c = malloc(len + 1);
    if (c == NULL) {
        *oom = true;
        return SIZE_MAX;
    }
    memcpy(c, s, len);
    c[len] = '\0';
    t->s[t->n] = c;
    return t->n++;
}

static void strset_free(strset *t)
{
    for (size_t i = 0; i < t->n; i++)
        free(t->s[i]);
    free(t->s);
    memset(t, 0, sizeof *t);
}

/* The style of series `name` (svg_chart.h): its place in v->styles. */
static size_t style_of(const view *v, const char *name, bool *oom)
{
    if (v->styles == NULL) return 0;
    const size_t i = strset_add(v->styles, name, strlen(name), oom);
    return i == SIZE_MAX ? 0 : i % URIO__MAX_SERIES;
}

typedef struct absrank {
    double key;
    size_t i;
} absrank;

static int absrank_desc(const void *a, const void *z)
{
    const absrank *p = a, *q = z;
    if (p->key > q->key) return -1;
    if (p->key < q->key) return 1;
    return p->i < q->i ? -1 : (p->i > q->i);
}

/* Scenario k's change in `ind` by label as bars: the last segment of a label is the
 * sector (a category), what precedes it the area or region/area (a series).  With
 * more than URIO__MAX_SERIES areas or MAX_BARS sectors: one series of whole labels,
 * the MAX_BARS largest changes.  Returns the number of charts drawn (0 or 1). */
static int sector_chart(urio__html *b, const view *v, size_t k, const char *ind, const char *kind,
                        const char *what)
{
    strset cats = {0}, sers = {0}, labs = {0};
    bool oom = false;
    int drawn = 0;
    double *val = NULL, *lo = NULL, *hi = NULL;
    const char **cat = NULL;
    urio__series *series = NULL;
    absrank *rk = NULL;
    bool any = false;
    for (size_t q = 0; v->fx != NULL && q < v->fx->count && !oom; q++) {
        const urio_effect *e = &v->fx->e[q];
        if (e->scenario != k || e->label[0] == '\0' || strcmp(e->indicator, ind) != 0) continue;
        (void)strset_add(&labs, e->label, strlen(e->label), &oom);
        const char *slash = strrchr(e->label, '/');
        const char *sector = slash != NULL ? slash + 1 : e->label;
        (void)strset_add(&cats, sector, strlen(sector), &oom);
        (void)strset_add(&sers, e->label, slash != NULL ? (size_t)(slash - e->label) : 0, &oom);
        if (fabs(e->value - e->base) > 1e-12 * (fabs(e->base) + 1.0)) any = true;
    }
    if (oom) goto done;
    if (labs.n == 0) goto done;
    char id[64], title[512], desc[1024], unit[256];
    snprintf(id, sizeof id, "s%zu-%s", k + 1, kind);
    if (!any) {
        urio__html_printf(b, "<p class=\"note\">%s: no change from the benchmark.</p>\n", what);
        goto done;
    }
    const bool grouped = sers.n <= URIO__MAX_SERIES && cats.n <= MAX_BARS;
    const size_t ncat = grouped ? cats.n : (labs.n < MAX_BARS ? labs.n : MAX_BARS);
    const size_t ns = grouped ? sers.n : 1;
    /* Grouped: ns x cats.n slots.  By label: labs.n slots, then the ncat largest. */
    const size_t cap = ns * cats.n + 2 * labs.n;
    val = malloc(cap * sizeof *val);
    lo = malloc(cap * sizeof *lo);
    hi = malloc(cap * sizeof *hi);
    cat = malloc((ncat + 1) * sizeof *cat);
    series = calloc(ns, sizeof *series);
    rk = malloc(labs.n * sizeof *rk);
    if (val == NULL || lo == NULL || hi == NULL || cat == NULL || series == NULL || rk == NULL) {
        oom = true;
        goto done;
    }
    const size_t stride = grouped ? cats.n : labs.n;
    for (size_t i = 0; i < ns * stride; i++)
        val[i] = lo[i] = hi[i] = (double)NAN;
    bool banded = false;
    for (size_t l = 0; l < labs.n; l++) {
        double base = 0.0, value = 0.0, p5 = 0.0, p95 = 0.0;
        if (!find(v, k, ind, labs.s[l], &base, &value)) continue;
        size_t slot = l;
        if (grouped) {
            const char *slash = strrchr(labs.s[l], '/');
            const char *sector = slash != NULL ? slash + 1 : labs.s[l];
            const size_t len = slash != NULL ? (size_t)(slash - labs.s[l]) : 0;
            const size_t c = strset_add(&cats, sector, strlen(sector), &oom);
            const size_t s = strset_add(&sers, labs.s[l], len, &oom);
            if (oom) goto done;
            slot = s * cats.n + c;
        }
        val[slot] = shown(base, value, v->pct);
        rk[l] = (absrank){isfinite(val[slot]) ? fabs(val[slot]) : -1.0, l};
        if (band(v, k, ind, labs.s[l], &p5, &p95)) {
            lo[slot] = shown(base, p5, v->pct);
            hi[slot] = shown(base, p95, v->pct);
            banded = true;
        }
    }
    double *cv = val, *cl = lo, *ch = hi;
    if (grouped) {
        for (size_t c = 0; c < ncat; c++)
            cat[c] = cats.s[c];
        for (size_t s = 0; s < ns; s++) {
            const char *sn = sers.s[s][0] != '\0' ? sers.s[s] : what;
            series[s] = (urio__series){sn, val + s * cats.n, lo + s * cats.n, hi + s * cats.n,
                                       style_of(v, sn, &oom)};
        }
    } else {
        /* The largest changes, in order of size. */
        qsort(rk, labs.n, sizeof *rk, absrank_desc);
        cv = val + labs.n;
        cl = lo + labs.n;
        ch = hi + labs.n;
        for (size_t c = 0; c < ncat; c++) {
            cat[c] = labs.s[rk[c].i];
            cv[c] = val[rk[c].i];
            cl[c] = lo[rk[c].i];
            ch[c] = hi[rk[c].i];
        }
        series[0] = (urio__series){what, cv, cl, ch, style_of(v, what, &oom)};
    }
    char lower[64];
    snprintf(lower, sizeof lower, "%s", what);
    lower[0] = (char)(lower[0] >= 'A' && lower[0] <= 'Z' ? lower[0] - 'A' + 'a' : lower[0]);
    snprintf(title, sizeof title, "%s by sector%s", what,
             grouped && ns > 1 ? " and area" : (grouped ? "" : ", largest changes"));
    snprintf(unit, sizeof unit, "%s", v->pct ? "% change from the benchmark" : "change");
    if (!v->pct) snprintf(unit, sizeof unit, "change, %s", v->units);
    snprintf(desc, sizeof desc, "Scenario \"%s\": %s of %s by %s%s%s.", v->scen[k],
             v->pct ? "percent change" : "change", lower,
             grouped ? (ns > 1 ? "sector (rows) and area (bars)" : "sector")
                     : "label, the largest in absolute value",
             grouped ? "" : (labs.n > MAX_BARS ? " (the rest in effects.csv)" : ""),
             banded ? "; error bars: 5th to 95th percentile of the Monte Carlo draws" : "");
    const urio__chart c = {id, kind,   title,          desc, unit,  ncat, cat,
                           ns, series, v->pct ? 2 : 1, true, false, 0.0,  NULL};
    urio__svg_bars(b, &c);
    drawn = 1;
done:
    if (oom) b->oom = true;
    free(val);
    free(lo);
    free(hi);
    free(cat);
    free(series);
    free(rk);
    strset_free(&cats);
    strset_free(&sers);
    strset_free(&labs);
    return drawn;
}

/* `ind` by household (labels of those effects, model order) across scenarios as
 * bars: categories the scenarios, a series per household.  ref_ind, when not NULL,
 * divides each value by the household's benchmark level of ref_ind (EV as a
 * percent of income).  Returns the number of charts drawn. */
static int household_chart(urio__html *b, const view *v, const urio_labels *hh, const char *ind,
                           const char *ref_ind, bool pct, const char *id, const char *kind,
                           const char *title, const char *desc, const char *unit, int decimals)
{
    if (v->fx == NULL || hh == NULL || hh->count == 0 || v->nscen == 0) return 0;
    const size_t H = hh->count < URIO__MAX_SERIES ? hh->count : URIO__MAX_SERIES;
    const size_t K = v->nscen;
    double *val = malloc(3 * H * K * sizeof *val);
    urio__series *series = calloc(H, sizeof *series);
    if (val == NULL || series == NULL) {
        free(val);
        free(series);
        b->oom = true;
        return 0;
    }
    double *lo = val + H * K, *hi = val + 2 * H * K;
    bool any = false, banded = false;
    for (size_t h = 0; h < H; h++) {
        for (size_t k = 0; k < K; k++) {
            double base = 0.0, value = 0.0, rb = 0.0, rv = 0.0, p5 = 0.0, p95 = 0.0;
            const size_t i = h * K + k;
            val[i] = lo[i] = hi[i] = (double)NAN;
            if (!find(v, k, ind, hh->name[h], &base, &value)) continue;
            double scale = 1.0;
            if (ref_ind != NULL) {
                if (!find(v, k, ref_ind, hh->name[h], &rb, &rv) || rb == 0.0) continue;
                scale = 100.0 / rb;
            }
            val[i] = ref_ind != NULL ? (value - base) * scale : shown(base, value, pct);
            any = true;
            if (band(v, k, ind, hh->name[h], &p5, &p95)) {
                lo[i] = ref_ind != NULL ? (p5 - base) * scale : shown(base, p5, pct);
                hi[i] = ref_ind != NULL ? (p95 - base) * scale : shown(base, p95, pct);
                banded = true;
            }
        }
        bool oom = false;
        series[h] = (urio__series){hh->name[h], val + h * K, lo + h * K, hi + h * K,
                                   style_of(v, hh->name[h], &oom)};
        if (oom) b->oom = true;
    }
    int drawn = 0;
    if (any) {
        char d2[1024];
        snprintf(d2, sizeof d2, "%s%s", desc,
                 banded ? " Error bars: 5th to 95th percentile of the Monte Carlo draws." : "");
        const urio__chart c = {id, kind,   title,    d2,   unit,  K,   v->scen,
                               H,  series, decimals, true, false, 0.0, NULL};
        urio__svg_bars(b, &c);
        drawn = 1;
    }
    free(val);
    free(series);
    return drawn;
}

/* The economy-wide indicator `ind` (label "") across scenarios as a line, with its
 * benchmark as a dashed reference.  Returns the number of charts drawn. */
static int across_line(urio__html *b, const view *v, const char *ind, const char *id,
                       const char *kind, const char *title, const char *desc, const char *unit)
{
    if (v->fx == NULL || v->nscen == 0) return 0;
    const size_t K = v->nscen;
    double *val = malloc(3 * K * sizeof *val);
    if (val == NULL) {
        b->oom = true;
        return 0;
    }
    double *lo = val + K, *hi = val + 2 * K, ref = (double)NAN;
    bool any = false, banded = false;
    for (size_t k = 0; k < K; k++) {
        double base = 0.0, value = 0.0, p5 = 0.0, p95 = 0.0;
        val[k] = lo[k] = hi[k] = (double)NAN;
        if (!find(v, k, ind, "", &base, &value) || !isfinite(value)) continue;
        val[k] = value;
        ref = base;
        any = true;
        if (band(v, k, ind, "", &p5, &p95)) {
            lo[k] = p5;
            hi[k] = p95;
            banded = true;
        }
    }
    int drawn = 0;
    if (any) {
        char d2[1024];
        snprintf(d2, sizeof d2, "%s%s", desc,
                 banded ? " Error bars: 5th to 95th percentile of the Monte Carlo draws." : "");
        const urio__series s = {ind, val, lo, hi, 0};
        const urio__chart c = {id, kind, title, d2,    unit,          K,   v->scen,
                               1,  &s,   3,     false, isfinite(ref), ref, "benchmark"};
        urio__svg_line(b, &c);
        drawn = 1;
    }
    free(val);
    return drawn;
}

/* The table of the Monte Carlo bands (when there are any). */
static void bands_table(urio__html *b, const urio_bands *mc)
{
    if (mc == NULL || mc->count == 0) return;
    urio__html_printf(b,
                      "<section id=\"uncertainty\"><h2>Uncertainty (Monte Carlo)</h2>\n<p>%zu "
                      "draws. Levels of each indicator: mean, standard deviation and the 5th, "
                      "50th and 95th percentiles; the charts above draw p5&ndash;p95 as error "
                      "bars.</p>\n<table><thead><tr><th>scenario</th><th>indicator</th>"
                      "<th>label</th><th class=\"num\">mean</th><th class=\"num\">sd</th>"
                      "<th class=\"num\">p5</th><th class=\"num\">p50</th><th "
                      "class=\"num\">p95</th></tr></thead><tbody>\n",
                      mc->draws);
    for (size_t q = 0; q < mc->count && q < 500; q++) {
        const urio_band *m = &mc->band[q];
        urio__html_printf(b, "<tr><td>");
        urio__html_text(b, m->scenario);
        urio__html_printf(b, "</td><td>");
        urio__html_text(b, m->indicator);
        urio__html_printf(b, "</td><td>");
        urio__html_text(b, m->label);
        const double x[5] = {m->mean, m->sd, m->p5, m->p50, m->p95};
        for (size_t i = 0; i < 5; i++) {
            urio__html_printf(b, "</td><td class=\"num\">");
            num(b, x[i], fabs(x[i]) < 10.0 ? 4 : 2, false);
        }
        urio__html_printf(b, "</td></tr>\n");
    }
    urio__html_printf(b, "</tbody></table></section>\n");
}

/* ---- Writing ------------------------------------------------------------------------------ */

static urio_status write_doc(const char *outdir, urio__html *b, urio_diag *d)
{
    if (b->oom) {
        urio__html_free(b);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    char *path = urio__path_join(outdir, "report.html");
    urio_writer *w = NULL;
    urio_status s = path != NULL ? urio_writer_open(path, &w, d)
                                 : urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s == URIO_OK) {
        s = urio_writer_write(w, b->p, b->len);
        s = urio__writer_finish(w, s, d);
    }
    free(path);
    urio__html_free(b);
    return s;
}

/* ---- IO report ----------------------------------------------------------------------------- */

/* Multiplier `name` of `type` by sector (NaN where absent); true when any. */
static bool gather(const urio_io_result *r, const char *name, urio_mult_type type, double *out)
{
    bool any = false;
    for (size_t j = 0; j < r->n; j++)
        out[j] = (double)NAN;
    for (size_t k = 0; k < r->nmult; k++)
        if (r->mult[k].type == type && r->mult[k].sector < r->n &&
            strcmp(r->mult[k].multiplier, name) == 0) {
            out[r->mult[k].sector] = r->mult[k].value;
            any = true;
        }
    return any;
}

static void io_model(urio__html *b, const urio_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_io_model *m = mf->io;
    const urio_io_result *r = rep->io;
    char t[512], a[64], f[64];
    urio__html_printf(b, "<section id=\"model\"><h2>Model</h2>\n<table class=\"kv\">\n");
    kv(b, "name", mf->name);
    kv(b, "kind", "input-output (Leontief quantity and price models)");
    kv(b, "model file", mf->path);
    kv(b, "units", mf->units);
    kv(b, "hash", mf->hash);
    snprintf(t, sizeof t,
             "%zu sectors, %zu final-demand categories, %zu primary-input rows, %zu satellite "
             "rows, %zu endogenous households",
             m->sectors->count, m->categories->count, m->vrows != NULL ? m->vrows->count : 0,
             m->srows != NULL ? m->srows->count : 0, m->nhouseholds);
    kv(b, "dimensions", t);
    double sx = 0.0, sf = 0.0;
    for (size_t j = 0; j < r->n; j++) {
        sx += r->x[j];
        sf += r->f[j];
    }
    urio__fmt_num(a, sizeof a, sx, 1, false);
    urio__fmt_num(f, sizeof f, sf, 1, false);
    snprintf(t, sizeof t, "gross output %s, final demand %s", a, f);
    kv(b, "totals", t);
    labels_line(b, "sectors", m->sectors);
    labels_line(b, "final demand", m->categories);
    labels_line(b, "primary inputs", m->vrows);
    labels_line(b, "satellites", m->srows);
    for (size_t h = 0; h < m->nhouseholds; h++) {
        snprintf(t, sizeof t, "%s: consumption %s, income %s", m->households[h].name,
                 m->categories->name[m->households[h].consumption],
                 m->vrows != NULL ? m->vrows->name[m->households[h].income] : "?");
        kv(b, h == 0 ? "households" : "", t);
    }
    sources_line(b, mf);
    urio__html_printf(b, "</table></section>\n");

    const urio_io_checks *c = &r->checks;
    urio__html_printf(b,
                      "<section id=\"checks\"><h2>Checks</h2>\n<p>%s: productive (Hawkins&ndash;"
                      "Simon) %s, largest column sum of A ",
                      c->passed ? "All passed" : "<strong>FAILED</strong>",
                      c->productive ? "yes" : "<strong>no</strong>");
    num(b, c->max_colsum_a, 4, false);
    urio__html_printf(b, ", rcond(I&nbsp;&minus;&nbsp;A) ");
    sci(b, c->rcond);
    urio__html_printf(b, ".</p>\n<table><thead><tr><th>check</th><th class=\"num\">residual</th>"
                         "<th class=\"num\">tolerance</th><th>result</th></tr></thead><tbody>\n");
    check_row(b, "max |(I &minus; A) L &minus; I|", c->identity_residual, c->tolerance, true);
    check_row(b, "max |L f &minus; x| / max |x|", c->output_residual, c->tolerance, true);
    if (c->closed_present) {
        check_row(b, "households endogenous: max |(I &minus; \xC4\x80) L\xCC\x84 &minus; I|",
                  c->closed_identity_residual, c->tolerance, true);
        check_row(b, "households endogenous: output residual", c->closed_output_residual,
                  c->tolerance, true);
    }
    if (rep->analyses != NULL) {
        const urio_io_analyses *an = rep->analyses;
        check_row(b, "Ghosh: max |v&prime;G &minus; x&prime;| / max |x|", an->ghosh_residual,
                  an->tolerance, true);
        check_row(b, "price model: max |v&prime;L &minus; 1|", an->price_residual, an->tolerance,
                  true);
        if (an->K != NULL)
            check_row(b, "Miyazawa: K against the closed inverse", an->miyazawa_residual,
                      an->tolerance, true);
    }
    urio__html_printf(b, "</tbody></table></section>\n");
}

/* Multipliers by sector (bars) and the key-sector quadrant. */
static void io_structure(urio__html *b, const urio_run_report *rep)
{
    const urio_io_result *r = rep->io;
    const urio_labels *sec = rep->model->io->sectors;
    const size_t n = r->n;
    double *mv = malloc(3 * n * sizeof *mv);
    const char **cat = malloc(n * sizeof *cat);
    absrank *rk = malloc(n * sizeof *rk);
    if (mv == NULL || cat == NULL || rk == NULL) {
        b->oom = true;
        goto done;
    }
    double *out_s = mv, *out_2 = mv + n, *va = mv + 2 * n;
    const bool with_2 = gather(r, "output", URIO_MULT_TYPE_II, out_2);
    const bool with_va = gather(r, "value_added", URIO_MULT_SIMPLE, va);
    (void)gather(r, "output", URIO_MULT_SIMPLE, out_s);
    /* More than MAX_BARS sectors: the largest output multipliers. */
    const size_t shown_n = n > MAX_BARS ? MAX_BARS : n;
    for (size_t j = 0; j < n; j++)
        rk[j] = (absrank){isfinite(out_s[j]) ? out_s[j] : -1.0, j};
    if (n > MAX_BARS) qsort(rk, n, sizeof *rk, absrank_desc);
    double *col[3] = {NULL, NULL, NULL};
    const char *names[3] = {"output (simple)", "output (type II)", "value added"};
    double *src[3] = {out_s, with_2 ? out_2 : NULL, with_va ? va : NULL};
    urio__series series[3];
    size_t ns = 0;
    double *buf = malloc(3 * shown_n * sizeof *buf + 1);
    if (buf == NULL) {
        b->oom = true;
        goto done;
    }
    for (size_t q = 0; q < 3; q++) {
        if (src[q] == NULL) continue;
        col[q] = buf + ns * shown_n;
        for (size_t i = 0; i < shown_n; i++)
            col[q][i] = src[q][rk[i].i];
        series[ns] = (urio__series){names[q], col[q], NULL, NULL, ns};
        ns++;
    }
    for (size_t i = 0; i < shown_n; i++)
        cat[i] = sec->name[rk[i].i];
    char desc[512];
    snprintf(desc, sizeof desc,
             "Output multipliers (column sums of L%s)%s per unit of final demand, by sector%s.",
             with_2 ? "; type II: households endogenous" : "",
             with_va ? " and value-added multipliers" : "",
             n > MAX_BARS ? "; the sectors with the largest output multipliers (multipliers.csv "
                            "lists all)"
                          : "");
    urio__html_printf(b, "<section id=\"structure\"><h2>Multipliers and key sectors</h2>\n");
    const urio__chart c = {"multipliers",
                           "multipliers",
                           "Multipliers by sector",
                           desc,
                           "per unit of final demand",
                           shown_n,
                           cat,
                           ns,
                           series,
                           3,
                           false,
                           false,
                           0.0,
                           NULL};
    urio__svg_bars(b, &c);
    free(buf);
    size_t nkey = 0;
    for (size_t j = 0; j < n; j++)
        nkey += r->key_sector[j];
    snprintf(desc, sizeof desc,
             "Rasmussen backward (x) and forward (y) linkage indices of %zu sectors; 1 is the "
             "average. Key sectors, above 1 on both (%zu), are filled diamonds; the others "
             "hollow circles.",
             n, nkey);
    urio__svg_quadrant(b, "linkages", "Key-sector quadrant", desc, n,
                       (const char *const *)sec->name, r->backward_index, r->forward_index, 20);
    urio__html_printf(b, "</section>\n");
done:
    free(mv);
    free(cat);
    free(rk);
}

static void io_scenarios(urio__html *b, const urio_run_report *rep, const view *v)
{
    if (v->fx == NULL || v->nscen == 0) return;
    const urio_io_model *m = rep->model->io;
    urio__html_printf(b, "<section id=\"scenarios\"><h2>Scenarios</h2>\n<p>Scenario file "
                         "<code>");
    urio__html_text(b, rep->scenario_path);
    urio__html_printf(b, "</code>: %zu scenarios; changes from the base in ", v->nscen);
    urio__html_text(b, v->units);
    urio__html_printf(b, ".</p>\n<table><thead><tr><th>scenario</th><th class=\"num\">shocks</th>"
                         "<th class=\"num\">output</th><th class=\"num\">%%</th>"
                         "<th class=\"num\">value added</th><th class=\"num\">%%</th>");
    for (size_t h = 0; h < m->nhouseholds; h++) {
        urio__html_printf(b, "<th class=\"num\">income, ");
        urio__html_text(b, m->households[h].name);
        urio__html_printf(b, "</th>");
    }
    urio__html_printf(b, "</tr></thead><tbody>\n");
    for (size_t k = 0; k < v->nscen; k++) {
        urio__html_printf(b, "<tr><td>");
        urio__html_text(b, v->scen[k]);
        urio__html_printf(b, "</td><td class=\"num\">%zu</td>", rep->scenarios[k].nshocks);
        static const char *const ind[2] = {"output", "value_added"};
        for (size_t q = 0; q < 2; q++) {
            double base = NAN, value = NAN;
            (void)find(v, k, ind[q], "", &base, &value);
            urio__html_printf(b, "<td class=\"num\">");
            num(b, value - base, 1, true);
            urio__html_printf(b, "</td><td class=\"num\">");
            num(b, shown(base, value, true), 3, true);
            urio__html_printf(b, "</td>");
        }
        for (size_t h = 0; h < m->nhouseholds; h++) {
            double base = NAN, value = NAN;
            (void)find(v, k, "income", m->households[h].name, &base, &value);
            urio__html_printf(b, "<td class=\"num\">");
            num(b, value - base, 1, true);
            urio__html_printf(b, "</td>");
        }
        urio__html_printf(b, "</tr>\n");
    }
    urio__html_printf(b, "</tbody></table>\n");
    if (m->nhouseholds > 0) {
        urio_labels hh = {0, NULL, NULL};
        char **names = malloc(m->nhouseholds * sizeof *names);
        if (names == NULL) {
            b->oom = true;
            return;
        }
        for (size_t h = 0; h < m->nhouseholds; h++)
            names[h] = m->households[h].name;
        hh.count = m->nhouseholds;
        hh.name = names;
        char unit[256];
        snprintf(unit, sizeof unit, "change in income, %s", v->units);
        (void)household_chart(b, v, &hh, "income", NULL, false, "household-income",
                              "household-income", "Household income by scenario",
                              "Change in the income of each household (households endogenous, "
                              "type II) in each scenario.",
                              unit, 1);
        free(names);
    }
    (void)across_line(b, v, "urban_rural_income_ratio", "income-ratio", "income-ratio",
                      "Urban-rural income ratio across scenarios",
                      "Urban over rural income per head in each scenario; dashed: the benchmark.",
                      "urban / rural income per head");
    for (size_t k = 0; k < v->nscen; k++) {
        urio__html_printf(b, "<h3 id=\"scenario-%zu\">%zu. ", k + 1, k + 1);
        urio__html_text(b, v->scen[k]);
        urio__html_printf(b, "</h3>\n");
        (void)sector_chart(b, v, k, "output", "output", "Output");
        (void)sector_chart(b, v, k, "value_added", "value-added", "Value added");
    }
    urio__html_printf(b, "</section>\n");
}

urio_status urio_write_report_html(const char *outdir, const urio_run_report *rep,
                                   const urio_bands *mc, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->io == NULL ||
        rep->io == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no IO result to write");
    const char **names = calloc(rep->nscen > 0 ? rep->nscen : 1, sizeof *names);
    if (names == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < rep->nscen && rep->scenarios != NULL; k++)
        names[k] = rep->scenarios[k].name != NULL ? rep->scenarios[k].name : "";
    strset styles = {0};
    bool oom = false;
    for (size_t h = 0; h < rep->model->io->nhouseholds; h++) {
        const char *hn = rep->model->io->households[h].name;
        (void)strset_add(&styles, hn, strlen(hn), &oom);
    }
    const view v = {rep->scenarios != NULL ? rep->effects : NULL,
                    rep->scenarios != NULL ? rep->nscen : 0,
                    names,
                    NULL,
                    mc,
                    rep->model->units != NULL ? rep->model->units : "model units",
                    false,
                    &styles};
    urio__html b = {NULL, 0, 0, false};
    doc_head(&b, rep->model, rep->version != NULL ? rep->version : "", rep->scenario_path);
    static const char *const ids[] = {"model", "checks", "structure", "scenarios"};
    static const char *const titles[] = {"Model", "Checks", "Multipliers and key sectors",
                                         "Scenarios"};
    toc(&b, ids, titles, v.fx != NULL && v.nscen > 0 ? 4 : 3);
    io_model(&b, rep);
    io_structure(&b, rep);
    io_scenarios(&b, rep, &v);
    bands_table(&b, mc);
    const urio_notes *notes[3] = {&rep->io->notes,
                                  rep->analyses != NULL ? &rep->analyses->notes : NULL,
                                  rep->batch != NULL ? &rep->batch->notes : NULL};
    doc_tail(&b, notes, 3);
    free(names);
    strset_free(&styles);
    if (oom) b.oom = true;
    return write_doc(outdir, &b, d);
}

/* ---- CGE report ---------------------------------------------------------------------------- */

static void cge_model(urio__html *b, const urio_cge_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_cge_model *m = mf->cge;
    char t[1024];
    urio__html_printf(b, "<section id=\"model\"><h2>Model</h2>\n<table class=\"kv\">\n");
    kv(b, "name", mf->name);
    kv(b, "kind",
       m->split || m->nclass > 0
           ? "CGE: Hosoe, Gasawa & Hashimoto (2010, ch. 6) with the urban-rural extension"
           : "CGE: Hosoe, Gasawa & Hashimoto (2010, ch. 6)");
    kv(b, "model file", mf->path);
    kv(b, "units", mf->units);
    kv(b, "hash", mf->hash);
    if (m->split)
        snprintf(t, sizeof t,
                 "%zu activities, %zu commodities, %zu factors, %zu households; %zu unknowns, "
                 "%zu equations",
                 m->A, m->n, m->k, m->H, m->nv, m->ne);
    else
        snprintf(t, sizeof t, "%zu goods, %zu factors, %zu households; %zu unknowns, %zu equations",
                 m->n, m->k, m->H, m->nv, m->ne);
    kv(b, "dimensions", t);
    labels_line(b, m->split ? "activities" : "goods", m->split ? m->activities : m->goods);
    if (m->split) labels_line(b, "commodities", m->goods);
    labels_line(b, "factors", m->factors);
    labels_line(b, "households", m->households);
    char eq[2 * URIO_LABEL_MAX + 64];
    urio_cge_eq_name(m, m->dropped, eq, sizeof eq);
    snprintf(t, sizeof t, "%s; %s dropped by Walras' law",
             m->numeraire == URIO_CGE_NUMERAIRE_CPI ? "consumer price index"
                                                    : m->factors->name[m->numeraire_factor],
             eq);
    kv(b, "numeraire", t);
    snprintf(t, sizeof t, "investment %s; foreign savings %s (exchange rate %s); government %s",
             urio_cge_investment_closure_name(m->closure.investment),
             urio_cge_foreign_closure_name(m->closure.foreign_savings),
             m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED ? "fixed" : "flexible",
             urio_cge_government_closure_name(m->closure.government));
    kv(b, "closure", t);
    urio__html_printf(b, "<tr><th scope=\"row\">factor markets</th><td>");
    for (size_t f = 0; f < m->k; f++) {
        if (f > 0) urio__html_printf(b, ", ");
        urio__html_text(b, m->factors->name[f]);
        urio__html_printf(b, " %s", urio_cge_factor_closure_name(m->fclosure[f]));
    }
    urio__html_printf(b, "</td></tr>\n");
    for (size_t q = 0; q < m->nclass; q++) {
        const urio_cge_class *k = &m->classes[q];
        size_t off = (size_t)snprintf(t, sizeof t, "%s: prices relative to %s", k->name,
                                      m->factors->name[k->base]);
        for (size_t r = 0; r < k->nseg && off < sizeof t; r++)
            if (k->segs[r] != k->base)
                off += (size_t)snprintf(t + off, sizeof t - off, ", %s ratio %.4g (wedge %.4g)",
                                        m->factors->name[k->segs[r]],
                                        1.0 + m->base.omega[k->segs[r]], m->base.omega[k->segs[r]]);
        if (off < sizeof t)
            snprintf(t + off, sizeof t - off, "; income by %s%s",
                     urio_cge_income_rule_name(k->income),
                     m->migration_class == q ? "; people move with it" : "");
        kv(b, q == 0 ? "mobility (wedges)" : "", t);
    }
    if (m->population != NULL) {
        urio__html_printf(b, "<tr><th scope=\"row\">population</th><td>");
        for (size_t h = 0; h < m->H; h++) {
            if (h > 0) urio__html_printf(b, ", ");
            urio__html_text(b, m->households->name[h]);
            urio__html_printf(b, " ");
            num(b, m->population[h], 0, false);
        }
        const double r0 = urio_cge_urban_rural_ratio(m, &m->base, m->v0);
        if (isfinite(r0)) {
            urio__html_printf(b, "; urban&ndash;rural income ratio per head ");
            num(b, r0, 4, false);
            urio__html_printf(b, " at the benchmark");
        }
        urio__html_printf(b, "</td></tr>\n");
    }
    /* Each elasticity as one value, or its range over the goods. */
    const double *el[3] = {m->sigma, m->psi, m->nms > 0 ? m->sigs : NULL};
    static const char *const eln[3] = {"Armington", "transformation (CET)", "urban-rural sourcing"};
    size_t off = 0;
    t[0] = '\0';
    for (size_t q = 0; q < 3 && off < sizeof t; q++) {
        if (el[q] == NULL) continue;
        double lo = (double)INFINITY, hi = -(double)INFINITY;
        for (size_t i = 0; i < m->n; i++) {
            if (q == 2 && m->ms[i] == SIZE_MAX) continue;
            lo = fmin(lo, el[q][i]);
            hi = fmax(hi, el[q][i]);
        }
        if (!isfinite(lo)) continue;
        if (hi > lo)
            off += (size_t)snprintf(t + off, sizeof t - off, "%s%s %.4g to %.4g",
                                    off > 0 ? ", " : "", eln[q], lo, hi);
        else
            off += (size_t)snprintf(t + off, sizeof t - off, "%s%s %.4g", off > 0 ? ", " : "",
                                    eln[q], lo);
    }
    kv(b, "elasticities", t);
    sources_line(b, mf);
    urio__html_printf(b, "</table></section>\n");

    const urio_cge_checks *c = rep->checks;
    urio__html_printf(b, "<section id=\"checks\"><h2>Checks</h2>\n");
    if (c == NULL) {
        urio__html_printf(b, "<p>Not run.</p></section>\n");
        return;
    }
    urio__html_printf(b,
                      "<p>%s. The zero shock, solved from a start 10&nbsp;%% off the benchmark, "
                      "took %zu iterations (%s).</p>\n",
                      c->passed ? "All passed" : "<strong>FAILED</strong>", c->solver.iterations,
                      urio_newton_method_name(c->solver.method));
    urio__html_printf(b, "<table><thead><tr><th>check</th><th class=\"num\">value</th>"
                         "<th class=\"num\">tolerance</th><th>result</th></tr></thead><tbody>\n");
    check_row(b, "SAM balance: max |row &minus; column| / total", c->sam_imbalance, c->tolerance,
              true);
    check_row(b, "benchmark residual (calibrated point, every equation)", c->benchmark_residual,
              c->tolerance, true);
    check_row(b, "benchmark SAM reproduced", c->benchmark_sam, c->tolerance, true);
    check_row(b, "replication: zero shock from 10&nbsp;% off", c->replication, URIO_CGE_TOL_CHECK,
              true);
    check_row(b, "Walras' law (dropped equation)", c->walras, URIO_CGE_TOL_CHECK, true);
    check_row(b, "homogeneity (numeraire doubled)", c->homogeneity, URIO_CGE_TOL_CHECK, true);
    urio__html_printf(b, "</tbody></table></section>\n");
}

static void cge_solver_table(urio__html *b, const urio_cge_run_report *rep, const view *v)
{
    urio__html_printf(b, "<h3 id=\"diagnostics\">Solver diagnostics</h3>\n<table><thead><tr>"
                         "<th>scenario</th><th>status</th><th>method</th><th class=\"num\">"
                         "iterations</th><th class=\"num\">residual</th><th class=\"num\">Walras"
                         "</th><th class=\"num\">homogeneity</th><th class=\"num\">time, ms</th>"
                         "</tr></thead><tbody>\n");
    for (size_t k = 0; k < rep->nscen; k++) {
        const urio_cge_solution *so = &rep->solutions[k];
        urio__html_printf(b, "<tr><td>");
        urio__html_text(b, v->scen[k]);
        urio__html_printf(b,
                          "</td><td class=\"%s\">%s</td><td>%s%s</td><td class=\"num\">%zu</td>"
                          "<td class=\"num\">",
                          v->ok[k] ? "pass" : "fail", v->ok[k] ? "ok" : "failed",
                          urio_newton_method_name(so->solver.method),
                          so->solver.continuation ? " + continuation" : "", so->solver.iterations);
        sci(b, so->residual);
        urio__html_printf(b, "</td><td class=\"num\">");
        sci(b, so->walras);
        urio__html_printf(b, "</td><td class=\"num\">");
        sci(b, so->homogeneity);
        urio__html_printf(b, "</td><td class=\"num\">");
        num(b, rep->seconds != NULL ? 1e3 * rep->seconds[k] : (double)NAN, 1, false);
        urio__html_printf(b, "</td></tr>\n");
        if (!v->ok[k] && so->failure[0] != '\0') {
            urio__html_printf(b, "<tr><td></td><td colspan=\"7\">");
            urio__html_text(b, so->failure);
            urio__html_printf(b, "</td></tr>\n");
        }
    }
    urio__html_printf(b, "</tbody></table>\n");
}

static void cge_headline(urio__html *b, const urio_cge_run_report *rep, const view *v)
{
    const urio_cge_model *m = rep->model->cge;
    urio__html_printf(b, "<h3 id=\"headline\">Headline results</h3>\n<table><thead><tr>"
                         "<th>scenario</th><th class=\"num\">real GDP, %%</th><th class=\"num\">"
                         "EV, total</th>");
    for (size_t h = 0; h < m->H; h++) {
        urio__html_printf(b, "<th class=\"num\">income ");
        urio__html_text(b, m->households->name[h]);
        urio__html_printf(b, ", %%</th>");
    }
    urio__html_printf(b, "<th class=\"num\">income ratio</th><th class=\"num\">change</th>"
                         "</tr></thead><tbody>\n");
    for (size_t k = 0; k < rep->nscen; k++) {
        double base = NAN, value = NAN;
        urio__html_printf(b, "<tr><td>");
        urio__html_text(b, v->scen[k]);
        urio__html_printf(b, "</td><td class=\"num\">");
        if (v->ok[k] && find(v, k, "gdp_real", "", &base, &value))
            num(b, shown(base, value, true), 3, true);
        else
            urio__html_printf(b, "\xE2\x80\x93");
        urio__html_printf(b, "</td><td class=\"num\">");
        if (v->ok[k] && find(v, k, "equivalent_variation", "", &base, &value))
            num(b, value, 1, true);
        else
            urio__html_printf(b, "\xE2\x80\x93");
        for (size_t h = 0; h < m->H; h++) {
            urio__html_printf(b, "</td><td class=\"num\">");
            if (v->ok[k] && find(v, k, "household_income", m->households->name[h], &base, &value))
                num(b, shown(base, value, true), 3, true);
            else
                urio__html_printf(b, "\xE2\x80\x93");
        }
        urio__html_printf(b, "</td><td class=\"num\">");
        if (v->ok[k] && find(v, k, "urban_rural_income_ratio", "", &base, &value)) {
            num(b, value, 4, false);
            urio__html_printf(b, "</td><td class=\"num\">");
            num(b, value - base, 4, true);
        } else {
            urio__html_printf(b, "\xE2\x80\x93</td><td class=\"num\">\xE2\x80\x93");
        }
        urio__html_printf(b, "</td></tr>\n");
    }
    urio__html_printf(b, "</tbody></table>\n<p class=\"note\">EV: Hicksian equivalent variation "
                         "at base prices, in ");
    urio__html_text(b, v->units);
    urio__html_printf(b, "; income: nominal household income (numeraire ");
    urio__html_text(b, m->numeraire == URIO_CGE_NUMERAIRE_CPI
                           ? "the consumer price index"
                           : m->factors->name[m->numeraire_factor]);
    urio__html_printf(b, "); the ratio: urban over rural disposable income per head.</p>\n");
}

urio_status urio_write_cge_html(const char *outdir, const struct urio_cge_run_report *rep,
                                const urio_bands *mc, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->cge == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no CGE result to write");
    const size_t K = rep->solutions != NULL && rep->scenarios != NULL ? rep->nscen : 0;
    const char **names = calloc(K > 0 ? K : 1, sizeof *names);
    bool *ok = calloc(K > 0 ? K : 1, sizeof *ok);
    if (names == NULL || ok == NULL) {
        free(names);
        free(ok);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < K; k++) {
        names[k] = rep->scenarios[k].name != NULL ? rep->scenarios[k].name : "";
        ok[k] = rep->solutions[k].converged && rep->solutions[k].passed;
    }
    const urio_cge_model *m = rep->model->cge;
    strset styles = {0};
    bool oom = false;
    for (size_t h = 0; h < m->H; h++)
        (void)strset_add(&styles, m->households->name[h], strlen(m->households->name[h]), &oom);
    const view v = {K > 0 ? rep->effects : NULL,
                    K,
                    names,
                    ok,
                    mc,
                    rep->model->units != NULL ? rep->model->units : "model units",
                    true,
                    &styles};
    urio__html b = {NULL, 0, 0, false};
    doc_head(&b, rep->model, rep->version != NULL ? rep->version : "", rep->scenario_path);
    static const char *const ids[] = {"model", "checks", "scenarios"};
    static const char *const titles[] = {"Model", "Checks", "Scenarios"};
    toc(&b, ids, titles, K > 0 ? 3 : 2);
    cge_model(&b, rep);
    if (K > 0) {
        urio__html_printf(&b, "<section id=\"scenarios\"><h2>Scenarios</h2>\n<p>Scenario file "
                              "<code>");
        urio__html_text(&b, rep->scenario_path);
        urio__html_printf(&b, "</code>: %zu scenarios, solved in parallel.</p>\n", K);
        cge_solver_table(&b, rep, &v);
        cge_headline(&b, rep, &v);
        (void)across_line(&b, &v, "urban_rural_income_ratio", "income-ratio", "income-ratio",
                          "Urban-rural income ratio across scenarios",
                          "Urban over rural disposable income per head in each scenario (a "
                          "sweep's points in order); dashed: the benchmark.",
                          "urban / rural income per head");
        (void)household_chart(&b, &v, m->households, "household_income", NULL, true,
                              "household-income", "household-income",
                              "Household income by scenario",
                              "Percent change in the nominal income of each household.",
                              "% change in household income", 2);
        (void)household_chart(&b, &v, m->households, "equivalent_variation", "household_income",
                              false, "equivalent-variation", "equivalent-variation",
                              "Equivalent variation by household",
                              "Hicksian equivalent variation of each household, in percent of "
                              "its benchmark income: above zero the household gains.",
                              "EV, % of benchmark income", 3);
        for (size_t k = 0; k < K; k++) {
            urio__html_printf(&b, "<h3 id=\"scenario-%zu\">%zu. ", k + 1, k + 1);
            urio__html_text(&b, names[k]);
            urio__html_printf(&b, "</h3>\n");
            if (!ok[k]) {
                urio__html_printf(&b, "<p class=\"note\">Not solved: ");
                urio__html_text(&b, rep->solutions[k].failure);
                urio__html_printf(&b, "</p>\n");
                continue;
            }
            (void)sector_chart(&b, &v, k, "output", "output", "Output");
            (void)sector_chart(&b, &v, k, "value_added", "value-added", "Value added");
        }
        urio__html_printf(&b, "</section>\n");
    }
    bands_table(&b, mc);
    doc_tail(&b, NULL, 0);
    free(names);
    free(ok);
    strset_free(&styles);
    if (oom) b.oom = true;
    return write_doc(outdir, &b, d);
}
