/* summary_text.c - summary.txt, the run explained to a person (DESIGN.md section 7).
 *
 * Sections: the model (name, file, units, dimensions, totals); the correctness
 * checks with their residuals; a table of the sectors (gross output, output
 * multiplier simple and type II, value-added multiplier, employment multiplier when
 * a satellite row is called `employment`, Rasmussen backward and forward indices,
 * key-sector mark); household income multipliers; then each scenario's headline
 * changes (output, value added, each satellite, income by household) with base,
 * new level, change and percent change, signs always shown.  More than 30 sectors:
 * the 20 with the largest output multipliers, said so; the CSV files hold them all.
 * With the analyses (urio/io_analyses.h): their checks under the checks; the Ghosh
 * identity, hypothetical extraction (largest losses first), Miyazawa's K, the
 * spillover decomposition by the default partition and the price model's cost rows
 * after the sectors; per scenario the price indices and cost of living (4 decimals)
 * and the five largest structural paths.
 *
 * The text is built in memory, then written through the atomic writer and, when the
 * caller asks, to a stream as well, so the file and the terminal show the same.
 * Numbers are aligned in columns with their units in the headings and signs on every
 * change.  On a terminal (and only there: urio_text_colour_wanted) urio_text_print
 * adds ANSI colour to the same characters: titles bold, rises blue, falls red,
 * failures bold red, table rules dim.  Files never hold colour codes. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <urio/cge.h>
#include <urio/formats.h>

#include "internal.h"

#define LONG_LIST 30 /* more sectors than this: show only the top ones */
#define TOP_SECTORS 20
#define LABEL_WIDTH 40 /* longer labels are cut with "..." */
#define MAX_NOTES 10
#define CELL 96 /* bytes per table cell */

/* ---- A growable text buffer --------------------------------------------------- */

typedef struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
} sbuf;

static void sb_vprintf(sbuf *b, const char *fmt, va_list ap) URIO_PRINTF(2, 0);

static void sb_vprintf(sbuf *b, const char *fmt, va_list ap)
{
    if (b->oom) return;
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0) {
        b->oom = true;
        return;
    }
    size_t need = b->len + (size_t)n + 1;
    if (need > b->cap) {
        size_t cap = b->cap == 0 ? 4096 : b->cap;
        while (cap < need)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (q == NULL) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    b->len += (size_t)n;
}

static void sb_printf(sbuf *b, const char *fmt, ...) URIO_PRINTF(2, 3);

static void sb_printf(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sb_vprintf(b, fmt, ap);
    va_end(ap);
}

/* ---- Numbers ------------------------------------------------------------------ */

/* Display width of UTF-8 text: one column per code point. */
static size_t text_width(const char *s)
{
    size_t w = 0;
    for (; *s != '\0'; s++)
        if (((unsigned char)*s & 0xC0) != 0x80) w++;
    return w;
}

/* An amount with thousands separators and `decimals` decimals; sign `+` forced
 * when plus is true; "-" (not available) when v is not finite. */
static void fmt_amount(char *out, size_t size, double v, int decimals, bool plus)
{
    if (!isfinite(v)) {
        snprintf(out, size, "-");
        return;
    }
    if (fabs(v) >= 1e15) {
        snprintf(out, size, plus ? "%+.3e" : "%.3e", v);
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    /* Rounding may give "0.00" for a tiny negative: no sign then. */
    bool zero = strspn(digits, "0.") == strlen(digits);
    const char *sign = v < 0 && !zero ? "-" : (plus ? "+" : "");
    const char *dot = strchr(digits, '.');
    size_t ilen = dot != NULL ? (size_t)(dot - digits) : strlen(digits);
    char grouped[96];
    size_t g = 0;
    for (size_t i = 0; i < ilen; i++) {
        if (i > 0 && (ilen - i) % 3 == 0) grouped[g++] = ',';
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    snprintf(out, size, "%s%s%s", sign, grouped, dot != NULL ? dot : "");
}

/* A multiplier or index: four decimals (one from 100 up, as jobs per unit of
 * output can be), "-" when not available. */
static void fmt_ratio(char *out, size_t size, double v)
{
    if (!isfinite(v))
        snprintf(out, size, "-");
    else if (fabs(v) >= 100.0)
        fmt_amount(out, size, v, 1, false);
    else
        snprintf(out, size, "%.4f", v);
}

static void fmt_pct(char *out, size_t size, double change, double base)
{
    if (!isfinite(change) || !isfinite(base) || base == 0.0)
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%+.2f%%", 100.0 * change / base);
}

/* ---- Aligned tables ------------------------------------------------------------ */

typedef struct table {
    size_t ncol, nrow, cap;
    char *cell; /* nrow * ncol cells of CELL bytes; row 0 is the header */
    bool oom;
} table;

static void tb_init(table *t, size_t ncol)
{
    memset(t, 0, sizeof *t);
    t->ncol = ncol;
}

/* Append a row and return its index (or SIZE_MAX when out of memory). */
static size_t tb_row(table *t)
{
    if (t->oom) return (size_t)-1;
    if (t->nrow == t->cap) {
        size_t cap = t->cap == 0 ? 16 : 2 * t->cap;
        char *q = realloc(t->cell, cap * t->ncol * CELL);
        if (q == NULL) {
            t->oom = true;
            return (size_t)-1;
        }
        t->cell = q;
        t->cap = cap;
    }
    memset(t->cell + t->nrow * t->ncol * CELL, 0, t->ncol * CELL);
    return t->nrow++;
}

static char *tb_at(table *t, size_t row, size_t col)
{
    return t->cell + (row * t->ncol + col) * CELL;
}

static void tb_set(table *t, size_t row, size_t col, const char *text)
{
    if (t->oom || row >= t->nrow || col >= t->ncol) return;
    char *c = tb_at(t, row, col);
    size_t w = text_width(text);
    if (w <= LABEL_WIDTH) {
        snprintf(c, CELL, "%s", text);
        return;
    }
    /* Cut at a code-point boundary after LABEL_WIDTH - 3 code points. */
    size_t keep = 0, cps = 0;
    while (text[keep] != '\0' && keep < CELL - 4) {
        if (((unsigned char)text[keep] & 0xC0) != 0x80) {
            if (cps == LABEL_WIDTH - 3) break;
            cps++;
        }
        keep++;
    }
    snprintf(c, CELL, "%.*s...", (int)keep, text);
}

/* Print with two spaces between columns, the first column left-aligned and the
 * others right-aligned, a rule under the header, each line indented. */
static void tb_print(sbuf *b, table *t, const char *indent)
{
    if (t->oom) {
        b->oom = true;
        return;
    }
    size_t width[32] = {0};
    size_t ncol = t->ncol < 32 ? t->ncol : 32;
    for (size_t r = 0; r < t->nrow; r++)
        for (size_t c = 0; c < ncol; c++) {
            size_t w = text_width(tb_at(t, r, c));
            if (w > width[c]) width[c] = w;
        }
    size_t total = 0;
    for (size_t c = 0; c < ncol; c++)
        total += width[c] + (c > 0 ? 2 : 0);
    for (size_t r = 0; r < t->nrow; r++) {
        sb_printf(b, "%s", indent);
        for (size_t c = 0; c < ncol; c++) {
            const char *s = tb_at(t, r, c);
            size_t pad = width[c] - text_width(s);
            if (c == 0)
                sb_printf(b, "%s%*s", s, (int)pad, "");
            else
                sb_printf(b, "  %*s%s", (int)pad, "", s);
        }
        /* No trailing blanks: trim what the padding of the last columns added. */
        while (b->len > 0 && !b->oom && b->p[b->len - 1] == ' ')
            b->p[--b->len] = '\0';
        sb_printf(b, "\n");
        if (r == 0) {
            sb_printf(b, "%s", indent);
            for (size_t i = 0; i < total; i++)
                sb_printf(b, "-");
            sb_printf(b, "\n");
        }
    }
}

static void tb_free(table *t)
{
    free(t->cell);
    memset(t, 0, sizeof *t);
}

/* ---- The summary --------------------------------------------------------------- */

/* Multipliers of one kind by sector (NaN where absent). */
static void gather(const urio_io_result *r, const char *name, urio_mult_type type, double *out)
{
    for (size_t j = 0; j < r->n; j++)
        out[j] = (double)NAN;
    for (size_t k = 0; k < r->nmult; k++)
        if (r->mult[k].type == type && r->mult[k].sector < r->n &&
            strcmp(r->mult[k].multiplier, name) == 0)
            out[r->mult[k].sector] = r->mult[k].value;
}

static bool have_mult(const urio_io_result *r, const char *name, urio_mult_type type)
{
    for (size_t k = 0; k < r->nmult; k++)
        if (r->mult[k].type == type && strcmp(r->mult[k].multiplier, name) == 0) return true;
    return false;
}

/* A sector and its sort key (qsort has no context argument; no globals here). */
typedef struct ranked {
    double key;
    size_t index;
} ranked;

/* Largest key first, NaN last, ties in sector order (so the order is total). */
static int by_key_desc(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    double x = isnan(p->key) ? -(double)INFINITY : p->key;
    double y = isnan(q->key) ? -(double)INFINITY : q->key;
    if (x > y) return -1;
    if (x < y) return 1;
    return p->index < q->index ? -1 : (p->index > q->index);
}

static double sum(const double *v, size_t n)
{
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static double matrix_sum(const urio_matrix *m)
{
    return m != NULL && m->data != NULL ? sum(m->data, m->rows * m->cols) : 0.0;
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

static void section_model(sbuf *b, const urio_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_io_model *m = mf->io;
    const urio_io_result *r = rep->io;
    const size_t n = m->sectors->count, k = m->categories->count;
    const size_t nv = m->vrows != NULL ? m->vrows->count : 0;
    const size_t ns = m->srows != NULL ? m->srows->count : 0;
    const char *units = mf->units != NULL ? mf->units : "model units";
    sb_printf(b, "%s\n", mf->name != NULL ? mf->name : "(unnamed model)");
    sb_printf(b, "  model file   %s\n", mf->path != NULL ? mf->path : "");
    sb_printf(b, "  units        %s\n", units);
    sb_printf(b,
              "  dimensions   %zu %s, %zu final-demand %s, %zu primary-input %s, %zu satellite %s",
              n, plural(n, "sector", "sectors"), k, plural(k, "category", "categories"), nv,
              plural(nv, "row", "rows"), ns, plural(ns, "row", "rows"));
    if (m->nhouseholds > 0)
        sb_printf(b, ", %zu endogenous %s (type II)\n", m->nhouseholds,
                  plural(m->nhouseholds, "household", "households"));
    else
        sb_printf(b, ", no endogenous household\n");
    char a[64], f[64], va[64];
    fmt_amount(a, sizeof a, sum(r->x, r->n), 2, false);
    fmt_amount(f, sizeof f, sum(r->f, r->n), 2, false);
    sb_printf(b, "  totals       gross output %s, final demand %s", a, f);
    if (m->V != NULL) {
        fmt_amount(va, sizeof va, matrix_sum(m->V), 2, false);
        sb_printf(b, ", value added %s", va);
    }
    sb_printf(b, "\n");
    for (size_t h = 0; h < m->nhouseholds && h < r->m && r->income != NULL; h++) {
        fmt_amount(a, sizeof a, r->income[h], 2, false);
        sb_printf(b, "  household    %s: income %s\n", m->households[h].name, a);
    }
}

/* The residual checks of the analyses (urio/io_analyses.h). */
static void section_analysis_checks(sbuf *b, const urio_run_report *rep)
{
    const urio_io_analyses *an = rep->analyses;
    if (an == NULL) return;
    sb_printf(b, "  Ghosh: max |v'G - x'| / max |x|  %.2e\n", an->ghosh_residual);
    sb_printf(b, "  price model: max |v'L - 1|      %.2e\n", an->price_residual);
    if (an->K != NULL)
        sb_printf(b, "  Miyazawa: max |K - L_bar block|  %.2e\n", an->miyazawa_residual);
    for (size_t k = 0; k < an->npartitions; k++)
        sb_printf(b, "  decomposition by %-12s     %.2e\n", urio__partition_name(an->partition[k]),
                  an->partition[k]->residual);
    if (rep->batch != NULL)
        sb_printf(b, "  scenarios: max |p'f - v'x| rel.  %.2e\n", rep->batch->dual_residual);
}

static void section_checks(sbuf *b, const urio_io_checks *c)
{
    sb_printf(b, "\nChecks: %s (tolerance %.2e)\n", c->passed ? "passed" : "FAILED", c->tolerance);
    sb_printf(b,
              "  productive (Hawkins-Simon)   %s (largest column sum of A %.4f, smallest "
              "element of L %.2e)\n",
              c->productive ? "yes" : "NO", c->max_colsum_a, c->min_l);
    sb_printf(b, "  max |(I - A) L - I|          %.2e\n", c->identity_residual);
    sb_printf(b, "  max |L f - x| / max |x|      %.2e\n", c->output_residual);
    sb_printf(b, "  rcond(I - A), 1-norm         %.2e\n", c->rcond);
    if (c->closed_present) {
        sb_printf(b, "  closed model (households endogenous): productive %s\n",
                  c->closed_productive ? "yes" : "NO");
        sb_printf(b, "    max |(I - A_bar) L_bar - I|  %.2e\n", c->closed_identity_residual);
        sb_printf(b, "    output residual (relative)   %.2e\n", c->closed_output_residual);
        sb_printf(b, "    rcond(I - A_bar)             %.2e\n", c->closed_rcond);
    }
}

static urio_status section_sectors(sbuf *b, const urio_run_report *rep)
{
    const urio_io_model *m = rep->model->io;
    const urio_io_result *r = rep->io;
    const size_t n = r->n;
    const char *units = rep->model->units != NULL ? rep->model->units : "model units";
    double *out_s = malloc(n * sizeof *out_s), *out_2 = malloc(n * sizeof *out_2);
    double *va = malloc(n * sizeof *va), *emp = malloc(n * sizeof *emp);
    size_t *order = malloc(n * sizeof *order);
    double *inc = NULL;
    table t;
    tb_init(&t, 1);
    urio_status s = URIO_OK;
    if (out_s == NULL || out_2 == NULL || va == NULL || emp == NULL || order == NULL) {
        s = URIO_ENOMEM;
        goto done;
    }
    gather(r, "output", URIO_MULT_SIMPLE, out_s);
    gather(r, "output", URIO_MULT_TYPE_II, out_2);
    gather(r, "value_added", URIO_MULT_SIMPLE, va);
    gather(r, "employment", URIO_MULT_SIMPLE, emp);
    const bool with_2 = have_mult(r, "output", URIO_MULT_TYPE_II);
    const bool with_va = have_mult(r, "value_added", URIO_MULT_SIMPLE);
    const bool with_emp = have_mult(r, "employment", URIO_MULT_SIMPLE);

    for (size_t j = 0; j < n; j++)
        order[j] = j;
    size_t shown = n;
    if (n > LONG_LIST) {
        ranked *rk = malloc(n * sizeof *rk);
        if (rk == NULL) {
            s = URIO_ENOMEM;
            goto done;
        }
        for (size_t j = 0; j < n; j++)
            rk[j] = (ranked){out_s[j], j};
        qsort(rk, n, sizeof *rk, by_key_desc);
        for (size_t j = 0; j < n; j++)
            order[j] = rk[j].index;
        free(rk);
        shown = TOP_SECTORS;
    }

    sb_printf(b, "\nSectors: gross output in %s; multipliers per unit of final demand\n", units);
    if (shown < n)
        sb_printf(b,
                  "  (the %d sectors with the largest output multipliers of %zu; "
                  "multipliers.csv and linkages.csv list all)\n",
                  TOP_SECTORS, n);
    static const char *const head[9] = {"sector",   "output",  "output mult",
                                        "type II",  "VA mult", "empl mult",
                                        "backward", "forward", "key"};
    const bool use[9] = {true, true, true, with_2, with_va, with_emp, true, true, true};
    size_t ncols = 0;
    for (size_t c = 0; c < 9; c++)
        ncols += use[c];
    tb_init(&t, ncols);
    size_t row = tb_row(&t);
    size_t col = 0;
    for (size_t c = 0; c < 9; c++)
        if (use[c]) tb_set(&t, row, col++, head[c]);
    for (size_t i = 0; i < shown; i++) {
        size_t j = order[i];
        char cell[9][64];
        snprintf(cell[0], 64, "%s", "");
        fmt_amount(cell[1], 64, r->x[j], 2, false);
        fmt_ratio(cell[2], 64, out_s[j]);
        fmt_ratio(cell[3], 64, out_2[j]);
        fmt_ratio(cell[4], 64, va[j]);
        fmt_ratio(cell[5], 64, emp[j]);
        fmt_ratio(cell[6], 64, r->backward_index[j]);
        fmt_ratio(cell[7], 64, r->forward_index[j]);
        snprintf(cell[8], 64, "%s", r->key_sector[j] ? "*" : "");
        row = tb_row(&t);
        col = 0;
        for (size_t c = 0; c < 9; c++) {
            if (!use[c]) continue;
            tb_set(&t, row, col++, c == 0 ? m->sectors->name[j] : cell[c]);
        }
    }
    tb_print(b, &t, "  ");
    sb_printf(b, "  backward, forward: Rasmussen indices (1 = average); key (*): both above 1");
    if (with_emp) sb_printf(b, "; empl mult: employment per unit of final demand");
    sb_printf(b, "\n");

    /* Household income multipliers: one column per household and type present. */
    if (m->nhouseholds > 0) {
        tb_free(&t);
        tb_init(&t, 1 + 3 * (m->nhouseholds < 10 ? m->nhouseholds : 10));
        size_t nh = (t.ncol - 1) / 3;
        inc = malloc(n * t.ncol * sizeof *inc);
        if (inc == NULL) {
            s = URIO_ENOMEM;
            goto done;
        }
        static const urio_mult_type types[3] = {URIO_MULT_SIMPLE, URIO_MULT_TYPE_I,
                                                URIO_MULT_TYPE_II};
        static const char *const tname[3] = {"", " (type I)", " (type II)"};
        row = tb_row(&t);
        tb_set(&t, row, 0, "sector");
        size_t ncol = 1;
        for (size_t h = 0; h < nh; h++) {
            char name[URIO_LABEL_MAX + 16];
            snprintf(name, sizeof name, "income:%s", m->households[h].name);
            for (size_t ty = 0; ty < 3; ty++) {
                if (!have_mult(r, name, types[ty])) continue;
                char head_h[CELL];
                snprintf(head_h, sizeof head_h, "%.40s%s", m->households[h].name, tname[ty]);
                tb_set(&t, 0, ncol, head_h);
                gather(r, name, types[ty], inc + ncol * n);
                ncol++;
            }
        }
        if (ncol > 1) {
            for (size_t i = 0; i < shown; i++) {
                size_t j = order[i];
                row = tb_row(&t);
                tb_set(&t, row, 0, m->sectors->name[j]);
                for (size_t c = 1; c < ncol; c++) {
                    char v[64];
                    fmt_ratio(v, sizeof v, inc[c * n + j]);
                    tb_set(&t, row, c, v);
                }
            }
            /* Narrow the table to the columns in use by copying into a fresh one. */
            table u;
            tb_init(&u, ncol);
            for (size_t rr = 0; rr < t.nrow; rr++) {
                size_t ur = tb_row(&u);
                for (size_t c = 0; c < ncol; c++)
                    tb_set(&u, ur, c, tb_at(&t, rr, c));
            }
            sb_printf(b, "\nHousehold income multipliers: income of each household per unit of "
                         "final demand\n");
            tb_print(b, &u, "  ");
            tb_free(&u);
        }
    }
done:
    tb_free(&t);
    free(out_s);
    free(out_2);
    free(va);
    free(emp);
    free(order);
    free(inc);
    return s;
}

/* A headline column name as a person reads it. */
static void pretty_indicator(const char *name, char *out, size_t size)
{
    if (strcmp(name, "value_added") == 0)
        snprintf(out, size, "value added");
    else if (strncmp(name, "income:", 7) == 0)
        snprintf(out, size, "income, %s households", name + 7);
    else if (strncmp(name, "price:", 6) == 0)
        snprintf(out, size, "cost of living, %s households", name + 6);
    else if (strcmp(name, "price") == 0)
        snprintf(out, size, "price index of final demand");
    else if (strncmp(name, "output_", 7) == 0)
        snprintf(out, size, "  of which %s", name + 7);
    else
        snprintf(out, size, "%s", name);
}

#define SUMMARY_PATHS 5

/* The largest structural paths of scenario k. */
static void scenario_paths(sbuf *b, const urio_run_report *rep, size_t k)
{
    if (rep->batch == NULL || rep->batch->paths == NULL || k >= rep->batch->nscen) return;
    const urio_io_paths *ps = rep->batch->paths[k];
    if (ps == NULL || ps->count == 0) return;
    sb_printf(b,
              "     largest paths from final demand to output (of %zu above the threshold; "
              "paths.csv):\n",
              ps->nfound);
    for (size_t q = 0; q < ps->count && q < SUMMARY_PATHS; q++) {
        char *text = urio__path_text(rep, &ps->path[q]);
        char v[64], pct[32];
        fmt_amount(v, sizeof v, ps->path[q].value, 2, true);
        fmt_pct(pct, sizeof pct, ps->path[q].value, ps->effect);
        sb_printf(b, "       %zu. %s  %s (%s of the output change)\n", q + 1,
                  text != NULL ? text : "?", v, pct[0] == '+' ? pct + 1 : pct);
        free(text);
    }
}

/* The analyses of urio/io_analyses.h: extraction, Miyazawa, decomposition, prices. */
static urio_status section_analyses(sbuf *b, const urio_run_report *rep)
{
    const urio_io_analyses *an = rep->analyses;
    if (an == NULL) return URIO_OK;
    const urio_io_model *m = rep->model->io;
    const size_t n = an->n;
    const char *units = rep->model->units != NULL ? rep->model->units : "model units";

    sb_printf(b,
              "\nGhosh supply-side model: G = (I - B)^-1, B = diag(x)^-1 Z; x' = v'G holds to "
              "%.2e%s\n",
              an->ghosh_residual, an->G != NULL ? " (ghosh.csv)" : " (ghosh.csv not written)");

    /* Extraction: the sectors whose total extraction loses the most. */
    ranked *rk = malloc(n * sizeof *rk);
    if (rk == NULL) return URIO_ENOMEM;
    for (size_t j = 0; j < n; j++)
        rk[j] = (ranked){an->extraction[URIO_EXTRACT_TOTAL * n + j], j};
    qsort(rk, n, sizeof *rk, by_key_desc);
    const size_t shown = n > LONG_LIST ? TOP_SECTORS : n;
    sb_printf(b, "\nHypothetical extraction: loss of total output (%s) if a sector is removed\n",
              units);
    if (shown < n)
        sb_printf(b, "  (the %d largest of %zu; extraction.csv lists all)\n", TOP_SECTORS, n);
    table t;
    tb_init(&t, 5);
    size_t row = tb_row(&t);
    static const char *const head[5] = {"sector", "total", "% of output", "backward", "forward"};
    for (size_t c = 0; c < 5; c++)
        tb_set(&t, row, c, head[c]);
    for (size_t q = 0; q < shown; q++) {
        const size_t j = rk[q].index;
        char cell[CELL];
        row = tb_row(&t);
        tb_set(&t, row, 0, m->sectors->name[j]);
        fmt_amount(cell, sizeof cell, an->extraction[URIO_EXTRACT_TOTAL * n + j], 2, false);
        tb_set(&t, row, 1, cell);
        fmt_pct(cell, sizeof cell, an->extraction[URIO_EXTRACT_TOTAL * n + j], an->total_output);
        tb_set(&t, row, 2, cell[0] == '+' ? cell + 1 : cell);
        fmt_amount(cell, sizeof cell, an->extraction[URIO_EXTRACT_BACKWARD * n + j], 2, false);
        tb_set(&t, row, 3, cell);
        fmt_amount(cell, sizeof cell, an->extraction[URIO_EXTRACT_FORWARD * n + j], 2, false);
        tb_set(&t, row, 4, cell);
    }
    free(rk);
    tb_print(b, &t, "  ");
    tb_free(&t);
    sb_printf(b, "  total: row and column removed; backward: it buys no inputs; forward: it "
                 "sells no inputs (Ghosh)\n");

    if (an->K != NULL) {
        sb_printf(b, "\nMiyazawa interrelational income multipliers K = (I - V L C)^-1: income of "
                     "the row group per unit of income spent by the column group\n");
        tb_init(&t, 1 + an->m);
        row = tb_row(&t);
        tb_set(&t, row, 0, "household");
        for (size_t h = 0; h < an->m; h++)
            tb_set(&t, row, 1 + h, m->households[h].name);
        for (size_t g = 0; g < an->m; g++) {
            row = tb_row(&t);
            tb_set(&t, row, 0, m->households[g].name);
            for (size_t h = 0; h < an->m; h++) {
                char cell[CELL];
                fmt_ratio(cell, sizeof cell, URIO_MAT(an->K, g, h));
                tb_set(&t, row, 1 + h, cell);
            }
        }
        tb_print(b, &t, "  ");
        tb_free(&t);
    }

    if (an->npartitions > 0) {
        const urio_io_decomposition *dc = an->partition[0];
        const size_t G = dc->groups->count;
        sb_printf(b,
                  "\nSpillover and feedback by %s (Round): output per unit of final demand in "
                  "the group%s\n",
                  urio__partition_name(dc), dc->closed ? ", households endogenous" : "");
        tb_init(&t, 5);
        row = tb_row(&t);
        static const char *const dh[5] = {"from", "intra", "spillover", "feedback", "total"};
        for (size_t c = 0; c < 5; c++)
            tb_set(&t, row, c, dh[c]);
        for (size_t from = 0; from < G && from < 30; from++) {
            row = tb_row(&t);
            tb_set(&t, row, 0, dc->groups->name[from]);
            for (size_t c = 0; c < URIO_DECOMP_COMPONENTS; c++) {
                double v = 0.0;
                for (size_t to = 0; to < G; to++)
                    v += dc->value[(c * G + to) * G + from];
                char cell[CELL];
                fmt_ratio(cell, sizeof cell, v);
                tb_set(&t, row, 1 + c, cell);
            }
        }
        tb_print(b, &t, "  ");
        tb_free(&t);
        sb_printf(b, "  group to group, and by region and by area: decomposition.csv\n");
    }

    sb_printf(b, "\nPrice model: p' = v'L, cost rows");
    for (size_t q = 0; q < an->ncost; q++)
        sb_printf(b, "%s%s", q == 0 ? " " : ", ", an->cost_name[q]);
    sb_printf(b, "; base prices 1 to %.2e\n", an->price_residual);
    return URIO_OK;
}

static urio_status section_scenarios(sbuf *b, const urio_run_report *rep)
{
    if (rep->effects == NULL || rep->nscen == 0 || rep->scenarios == NULL) return URIO_OK;
    urio__headline h;
    urio_status s = urio__headline_build(rep, &h);
    if (s != URIO_OK) return s;
    const char *units = rep->model->units != NULL ? rep->model->units : "model units";
    sb_printf(b, "\nScenarios (%s; satellites such as employment in their own units)\n", units);
    for (size_t k = 0; k < h.nscen && !b->oom; k++) {
        sb_printf(b, "\n  %zu. %s\n", k + 1, rep->scenarios[k].name);
        table t;
        tb_init(&t, 5);
        size_t row = tb_row(&t);
        static const char *const head[5] = {"indicator", "base", "scenario", "change", "change %"};
        for (size_t c = 0; c < 5; c++)
            tb_set(&t, row, c, head[c]);
        for (size_t c = 0; c < h.ncol; c++) {
            double base = h.base[k * h.ncol + c], value = h.value[k * h.ncol + c];
            if (isnan(base) && isnan(value)) continue; /* not computed for this scenario */
            /* Price indices (base 1) need more decimals than amounts. */
            const int dec = strncmp(h.name[c], "price", 5) == 0 ? 4 : 2;
            char cell[CELL];
            row = tb_row(&t);
            pretty_indicator(h.name[c], cell, sizeof cell);
            tb_set(&t, row, 0, cell);
            fmt_amount(cell, sizeof cell, base, dec, false);
            tb_set(&t, row, 1, cell);
            fmt_amount(cell, sizeof cell, value, dec, false);
            tb_set(&t, row, 2, cell);
            fmt_amount(cell, sizeof cell, value - base, dec, true);
            tb_set(&t, row, 3, cell);
            fmt_pct(cell, sizeof cell, value - base, base);
            tb_set(&t, row, 4, cell);
        }
        tb_print(b, &t, "     ");
        tb_free(&t);
        scenario_paths(b, rep, k);
    }
    sb_printf(b, "\n  Sector detail: effects.csv; one row per scenario: summary.csv.\n");
    urio__headline_free(&h);
    return URIO_OK;
}

static void section_notes(sbuf *b, const urio_notes *notes)
{
    if (notes->count == 0) return;
    sb_printf(b, "\nNotes\n");
    for (size_t i = 0; i < notes->count && i < MAX_NOTES; i++)
        sb_printf(b, "  - %s\n", notes->text[i]);
    if (notes->count > MAX_NOTES)
        sb_printf(b, "  ... and %zu more (report.json lists all)\n", notes->count - MAX_NOTES);
}

urio_status urio_write_summary_text(const char *outdir, const urio_run_report *rep, void *out,
                                    urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->io == NULL ||
        rep->io == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no IO result to write");
    sbuf b = {NULL, 0, 0, false};
    section_model(&b, rep);
    section_checks(&b, &rep->io->checks);
    section_analysis_checks(&b, rep);
    urio_status s = section_sectors(&b, rep);
    if (s == URIO_OK) s = section_analyses(&b, rep);
    if (s == URIO_OK) s = section_scenarios(&b, rep);
    if (s == URIO_OK) section_notes(&b, &rep->io->notes);
    if (s == URIO_OK && rep->analyses != NULL && rep->analyses->notes.count > 0)
        section_notes(&b, &rep->analyses->notes);
    if (s == URIO_OK && rep->batch != NULL && rep->batch->notes.count > 0)
        section_notes(&b, &rep->batch->notes);
    if (s == URIO_OK && b.oom) s = URIO_ENOMEM;
    if (s != URIO_OK) {
        free(b.p);
        return urio_diag_set(d, s, NULL, 0, 0, NULL, "cannot build the text summary: %s",
                             urio_strerror(s));
    }

    char *path = urio__path_join(outdir, "summary.txt");
    urio_writer *w = NULL;
    s = path != NULL ? urio_writer_open(path, &w, d)
                     : urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s == URIO_OK) {
        s = urio_writer_write(w, b.p, b.len);
        s = urio__writer_finish(w, s, d);
    }
    if (s == URIO_OK && out != NULL) {
        FILE *fp = out;
        /* The terminal copy is a courtesy: summary.txt is the record. */
        (void)fwrite(b.p, 1, b.len, fp);
        (void)fflush(fp);
    }
    free(path);
    free(b.p);
    return s;
}

/* ---- CGE runs ------------------------------------------------------------------------ */

/* The economy-wide (label "") or per-label effect of scenario k; false if absent. */
static bool cge_find(const urio_cge_run_report *rep, size_t k, const char *ind, const char *label,
                     double *base, double *value)
{
    for (size_t q = 0; rep->effects != NULL && q < rep->effects->count; q++) {
        const urio_effect *e = &rep->effects->e[q];
        if (e->scenario == k && strcmp(e->indicator, ind) == 0 && strcmp(e->label, label) == 0) {
            *base = e->base;
            *value = e->value;
            return true;
        }
    }
    return false;
}

static bool cge_ok(const urio_cge_run_report *rep, size_t k)
{
    return rep->solutions != NULL && rep->solutions[k].converged && rep->solutions[k].passed;
}

static const char *cge_name(const urio_cge_run_report *rep, size_t k)
{
    return rep->scenarios != NULL && rep->scenarios[k].name != NULL ? rep->scenarios[k].name : "";
}

/* A percent change without its '%' and without a sign when it rounds to zero. */
static void pct_cell(char *out, size_t size, double change, double base)
{
    fmt_pct(out, size, change, base);
    size_t n = strlen(out);
    if (n > 0 && out[n - 1] == '%') out[--n] = '\0';
    if (strcmp(out, "-0.00") == 0 || strcmp(out, "+0.00") == 0) snprintf(out, size, "0.00");
}

static void sci_cell(char *out, size_t size, double v)
{
    if (!isfinite(v))
        snprintf(out, size, "-");
    else
        snprintf(out, size, "%.2g", v);
}

static void cge_section_model(sbuf *b, const urio_cge_run_report *rep)
{
    const urio_model_file *mf = rep->model;
    const urio_cge_model *m = mf->cge;
    sb_printf(b, "%s\n", mf->name != NULL ? mf->name : "(unnamed CGE model)");
    sb_printf(b, "  model        %s (cge)\n", mf->path != NULL ? mf->path : "");
    sb_printf(b, "  units        %s\n", mf->units != NULL ? mf->units : "SAM units");
    if (m->split)
        sb_printf(b, "  size         %zu activities, %zu commodities, %zu %s, %zu %s", m->A, m->n,
                  m->k, plural(m->k, "factor", "factors"), m->H,
                  plural(m->H, "household", "households"));
    else
        sb_printf(b, "  size         %zu %s, %zu %s, %zu %s", m->n, plural(m->n, "good", "goods"),
                  m->k, plural(m->k, "factor", "factors"), m->H,
                  plural(m->H, "household", "households"));
    sb_printf(b, "; %zu unknowns, %zu equations\n", m->nv, m->ne);
    char eq[2 * URIO_LABEL_MAX + 64];
    urio_cge_eq_name(m, m->dropped, eq, sizeof eq);
    sb_printf(b, "  numeraire    %s; %s dropped by Walras' law\n",
              m->numeraire == URIO_CGE_NUMERAIRE_CPI ? "the consumer price index"
                                                     : m->factors->name[m->numeraire_factor],
              eq);
    size_t nspec = 0;
    for (size_t f = 0; f < m->k; f++)
        nspec += m->fclosure[f] == URIO_CGE_FACTOR_SPECIFIC;
    sb_printf(b,
              "  closure      investment %s, foreign savings %s (exchange rate %s), government "
              "%s, %s factors\n",
              urio_cge_investment_closure_name(m->closure.investment),
              urio_cge_foreign_closure_name(m->closure.foreign_savings),
              m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED ? "fixed" : "flexible",
              urio_cge_government_closure_name(m->closure.government),
              nspec == 0 ? "mobile" : (nspec == m->k ? "sector-specific" : "some sector-specific"));
    for (size_t q = 0; q < m->nclass; q++) {
        const urio_cge_class *k = &m->classes[q];
        sb_printf(b, "  mobility     %s: prices relative to %s", k->name,
                  m->factors->name[k->base]);
        for (size_t r = 0; r < k->nseg; r++)
            if (k->segs[r] != k->base)
                sb_printf(b, ", %s %.4g (wedge %.4g)", m->factors->name[k->segs[r]],
                          1.0 + m->base.omega[k->segs[r]], m->base.omega[k->segs[r]]);
        sb_printf(b, "; income by %s%s\n", urio_cge_income_rule_name(k->income),
                  m->migration_class == q ? "; people move with it" : "");
    }
    if (m->population != NULL) {
        sb_printf(b, "  population  ");
        for (size_t h = 0; h < m->H; h++)
            sb_printf(b, "%s %s %.6g", h > 0 ? "," : "", m->households->name[h], m->population[h]);
        const double r0 = urio_cge_urban_rural_ratio(m, &m->base, m->v0);
        if (isfinite(r0)) sb_printf(b, "; urban-rural income ratio %.4f at the benchmark", r0);
        sb_printf(b, "\n");
    }
}

static void cge_check_row(table *t, const char *name, double v, double tol)
{
    char cell[CELL];
    size_t row = tb_row(t);
    tb_set(t, row, 0, name);
    sci_cell(cell, sizeof cell, v);
    tb_set(t, row, 1, cell);
    sci_cell(cell, sizeof cell, tol);
    tb_set(t, row, 2, cell);
    tb_set(t, row, 3, isfinite(v) && fabs(v) <= tol ? "ok" : "FAILED");
}

static void cge_section_checks(sbuf *b, const urio_cge_checks *c)
{
    if (c == NULL) return;
    sb_printf(b, "\nChecks (%s)\n", c->passed ? "all passed" : "FAILED");
    table t;
    tb_init(&t, 4);
    size_t row = tb_row(&t);
    static const char *const head[4] = {"check", "value", "tolerance", "result"};
    for (size_t i = 0; i < 4; i++)
        tb_set(&t, row, i, head[i]);
    cge_check_row(&t, "SAM balance (max |row - column| / total)", c->sam_imbalance, c->tolerance);
    cge_check_row(&t, "benchmark residual (every equation)", c->benchmark_residual, c->tolerance);
    cge_check_row(&t, "benchmark SAM reproduced", c->benchmark_sam, c->tolerance);
    cge_check_row(&t, "zero shock from 10% off", c->replication, URIO_CGE_TOL_CHECK);
    cge_check_row(&t, "Walras' law (dropped equation)", c->walras, URIO_CGE_TOL_CHECK);
    cge_check_row(&t, "homogeneity (numeraire doubled)", c->homogeneity, URIO_CGE_TOL_CHECK);
    tb_print(b, &t, "  ");
    tb_free(&t);
    sb_printf(b, "  the zero shock took %zu iterations (%s)\n", c->solver.iterations,
              urio_newton_method_name(c->solver.method));
}

/* Solver diagnostics, then the headline changes of every scenario in one table. */
static void cge_section_overview(sbuf *b, const urio_cge_run_report *rep)
{
    const urio_cge_model *m = rep->model->cge;
    const char *units = rep->model->units != NULL ? rep->model->units : "SAM units";
    sb_printf(b, "\nScenarios (%s): solver\n",
              rep->scenario_path != NULL ? rep->scenario_path : "");
    table t;
    tb_init(&t, 8);
    size_t row = tb_row(&t);
    static const char *const head[8] = {"scenario", "status", "method",      "iterations",
                                        "residual", "Walras", "homogeneity", "ms"};
    for (size_t i = 0; i < 8; i++)
        tb_set(&t, row, i, head[i]);
    for (size_t k = 0; k < rep->nscen; k++) {
        const urio_cge_solution *so = &rep->solutions[k];
        char cell[CELL];
        row = tb_row(&t);
        tb_set(&t, row, 0, cge_name(rep, k));
        tb_set(&t, row, 1, cge_ok(rep, k) ? "ok" : "FAILED");
        snprintf(cell, sizeof cell, "%s%s", urio_newton_method_name(so->solver.method),
                 so->solver.continuation ? "+continuation" : "");
        tb_set(&t, row, 2, cell);
        snprintf(cell, sizeof cell, "%zu", so->solver.iterations);
        tb_set(&t, row, 3, cell);
        sci_cell(cell, sizeof cell, so->residual);
        tb_set(&t, row, 4, cell);
        sci_cell(cell, sizeof cell, so->walras);
        tb_set(&t, row, 5, cell);
        sci_cell(cell, sizeof cell, so->homogeneity);
        tb_set(&t, row, 6, cell);
        fmt_amount(cell, sizeof cell, rep->seconds != NULL ? 1e3 * rep->seconds[k] : (double)NAN, 1,
                   false);
        tb_set(&t, row, 7, cell);
    }
    tb_print(b, &t, "  ");
    tb_free(&t);

    /* Headline: real GDP %, EV, income by household %, the income ratio. */
    const size_t H = m->H < 6 ? m->H : 6;
    const size_t ncol = 3 + H + 2;
    sb_printf(b, "\nScenarios: headline changes (EV in %s; incomes in %% of the benchmark)\n",
              units);
    tb_init(&t, ncol);
    row = tb_row(&t);
    tb_set(&t, row, 0, "scenario");
    tb_set(&t, row, 1, "real GDP %");
    tb_set(&t, row, 2, "EV");
    for (size_t h = 0; h < H; h++) {
        char cell[CELL];
        snprintf(cell, sizeof cell, "income %.40s %%", m->households->name[h]);
        tb_set(&t, row, 3 + h, cell);
    }
    tb_set(&t, row, 3 + H, "U/R ratio");
    tb_set(&t, row, 4 + H, "change");
    for (size_t k = 0; k < rep->nscen; k++) {
        char cell[CELL];
        double base = 0.0, value = 0.0;
        const bool ok = cge_ok(rep, k);
        row = tb_row(&t);
        tb_set(&t, row, 0, cge_name(rep, k));
        if (ok && cge_find(rep, k, "gdp_real", "", &base, &value))
            pct_cell(cell, sizeof cell, value - base, base);
        else
            snprintf(cell, sizeof cell, "-");
        tb_set(&t, row, 1, cell);
        if (ok && cge_find(rep, k, "equivalent_variation", "", &base, &value))
            fmt_amount(cell, sizeof cell, value, 1, true);
        else
            snprintf(cell, sizeof cell, "-");
        tb_set(&t, row, 2, cell);
        for (size_t h = 0; h < H; h++) {
            if (ok && cge_find(rep, k, "household_income", m->households->name[h], &base, &value))
                pct_cell(cell, sizeof cell, value - base, base);
            else
                snprintf(cell, sizeof cell, "-");
            tb_set(&t, row, 3 + h, cell);
        }
        if (ok && cge_find(rep, k, "urban_rural_income_ratio", "", &base, &value)) {
            snprintf(cell, sizeof cell, "%.4f", value);
            tb_set(&t, row, 3 + H, cell);
            fmt_amount(cell, sizeof cell, value - base, 4, true);
            tb_set(&t, row, 4 + H, cell);
        } else {
            tb_set(&t, row, 3 + H, "-");
            tb_set(&t, row, 4 + H, "-");
        }
    }
    tb_print(b, &t, "  ");
    tb_free(&t);
}

/* One row of a scenario's table: base, new level, change, change %. */
static void cge_row(table *t, const urio_cge_run_report *rep, size_t k, const char *ind,
                    const char *label, const char *what, int dec)
{
    double base = 0.0, value = 0.0;
    if (!cge_find(rep, k, ind, label, &base, &value)) return;
    char cell[CELL];
    size_t row = tb_row(t);
    tb_set(t, row, 0, what);
    fmt_amount(cell, sizeof cell, base, dec, false);
    tb_set(t, row, 1, cell);
    fmt_amount(cell, sizeof cell, value, dec, false);
    tb_set(t, row, 2, cell);
    fmt_amount(cell, sizeof cell, value - base, dec, true);
    tb_set(t, row, 3, cell);
    fmt_pct(cell, sizeof cell, value - base, base);
    tb_set(t, row, 4, cell);
}

static void cge_section_scenarios(sbuf *b, const urio_cge_run_report *rep)
{
    const urio_cge_model *m = rep->model->cge;
    const char *units = rep->model->units != NULL ? rep->model->units : "SAM units";
    sb_printf(b, "\nScenarios in detail (%s; prices and the income ratio as indices)\n", units);
    for (size_t k = 0; k < rep->nscen && !b->oom; k++) {
        sb_printf(b, "\n  %zu. %s: %s\n", k + 1, cge_name(rep, k),
                  cge_ok(rep, k) ? "ok" : "FAILED");
        if (!cge_ok(rep, k)) {
            sb_printf(b, "     %s\n", rep->solutions[k].failure);
            continue;
        }
        table t;
        tb_init(&t, 5);
        size_t row = tb_row(&t);
        static const char *const head[5] = {"indicator", "base", "scenario", "change", "change %"};
        for (size_t i = 0; i < 5; i++)
            tb_set(&t, row, i, head[i]);
        char what[CELL];
        cge_row(&t, rep, k, "gdp_real", "", "real GDP", 1);
        cge_row(&t, rep, k, "equivalent_variation", "", "equivalent variation (EV)", 1);
        for (size_t h = 0; h < m->H && m->H > 1; h++) {
            snprintf(what, sizeof what, "  EV, %.40s", m->households->name[h]);
            cge_row(&t, rep, k, "equivalent_variation", m->households->name[h], what, 1);
        }
        for (size_t h = 0; h < m->H; h++) {
            snprintf(what, sizeof what, "income, %.40s", m->households->name[h]);
            cge_row(&t, rep, k, "household_income", m->households->name[h], what, 1);
        }
        for (size_t h = 0; h < m->H; h++) {
            snprintf(what, sizeof what, "income per head, %.40s", m->households->name[h]);
            cge_row(&t, rep, k, "income_per_capita", m->households->name[h], what, 4);
        }
        cge_row(&t, rep, k, "urban_rural_income_ratio", "", "urban-rural income ratio", 4);
        for (size_t h = 0; h < m->H && m->population != NULL; h++) {
            snprintf(what, sizeof what, "population, %.40s", m->households->name[h]);
            cge_row(&t, rep, k, "population", m->households->name[h], what, 1);
        }
        for (size_t q = 0; q < m->nclass; q++) {
            snprintf(what, sizeof what, "migration, %.40s", m->classes[q].name);
            cge_row(&t, rep, k, "migration", m->classes[q].name, what, 1);
        }
        cge_row(&t, rep, k, "household_consumption", "", "household consumption", 1);
        cge_row(&t, rep, k, "government_revenue", "", "government revenue", 1);
        cge_row(&t, rep, k, "exports", "", "exports", 1);
        cge_row(&t, rep, k, "imports", "", "imports", 1);
        cge_row(&t, rep, k, "exchange_rate", "", "exchange rate", 4);
        tb_print(b, &t, "     ");
        tb_free(&t);
    }
    sb_printf(b, "\n  migration: units of the class's factor moved out of its base area. By "
                 "sector and factor: effects.csv; one row per scenario: summary.csv.\n");
}

urio_status urio_write_cge_summary_text(const char *outdir, const struct urio_cge_run_report *rep,
                                        void *out, urio_diag *d)
{
    if (outdir == NULL || rep == NULL || rep->model == NULL || rep->model->cge == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no CGE result to write");
    sbuf b = {NULL, 0, 0, false};
    cge_section_model(&b, rep);
    cge_section_checks(&b, rep->checks);
    if (rep->nscen > 0 && rep->solutions != NULL && rep->scenarios != NULL) {
        cge_section_overview(&b, rep);
        cge_section_scenarios(&b, rep);
    }
    if (b.oom) {
        free(b.p);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    char *path = urio__path_join(outdir, "summary.txt");
    urio_writer *w = NULL;
    urio_status s = path != NULL ? urio_writer_open(path, &w, d)
                                 : urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s == URIO_OK) {
        s = urio_writer_write(w, b.p, b.len);
        s = urio__writer_finish(w, s, d);
    }
    if (s == URIO_OK && out != NULL) urio_text_print(out, b.p, b.len, false);
    free(path);
    free(b.p);
    return s;
}

/* ---- Colour on a terminal ------------------------------------------------------------ */

bool urio_text_colour_wanted(void *out, bool no_color)
{
    if (out == NULL || no_color) return false;
    const int fd = fileno((FILE *)out);
    return fd >= 0 && isatty(fd) == 1;
}

/* ANSI SGR sequences.  Blue for rises and red for falls stay apart for the common
 * colour-vision deficiencies, and the sign says the same anyway. */
#define SGR_BOLD "\033[1m"
#define SGR_DIM "\033[2m"
#define SGR_RISE "\033[34m"
#define SGR_FALL "\033[31m"
#define SGR_ALERT "\033[1;31m"
#define SGR_OFF "\033[0m"

static bool word_at(const char *p, const char *end, const char *word, const char *line)
{
    const size_t n = strlen(word);
    if ((size_t)(end - p) < n || strncmp(p, word, n) != 0) return false;
    const bool left = p == line || p[-1] == ' ' || p[-1] == '(';
    const bool right = p + n == end || p[n] == ' ' || p[n] == ')' || p[n] == ',';
    return left && right;
}

static void print_line(FILE *fp, const char *line, const char *end)
{
    if (line == end) return;
    /* A title: text from the first column. */
    if (line[0] != ' ') {
        fputs(SGR_BOLD, fp);
        fwrite(line, 1, (size_t)(end - line), fp);
        fputs(SGR_OFF, fp);
        return;
    }
    /* A table rule: dim. */
    if (strspn(line, " -") >= (size_t)(end - line)) {
        fputs(SGR_DIM, fp);
        fwrite(line, 1, (size_t)(end - line), fp);
        fputs(SGR_OFF, fp);
        return;
    }
    const char *p = line;
    while (p < end) {
        const bool start = p == line || p[-1] == ' ' || p[-1] == '(';
        if (start && (*p == '+' || *p == '-') && p + 1 < end && p[1] >= '0' && p[1] <= '9') {
            const char *q = p;
            while (q < end && *q != ' ' && *q != ')')
                q++;
            fputs(*p == '+' ? SGR_RISE : SGR_FALL, fp);
            fwrite(p, 1, (size_t)(q - p), fp);
            fputs(SGR_OFF, fp);
            p = q;
            continue;
        }
        if (word_at(p, end, "FAILED", line) || word_at(p, end, "NO", line)) {
            const size_t n = p[0] == 'F' ? 6 : 2;
            fputs(SGR_ALERT, fp);
            fwrite(p, 1, n, fp);
            fputs(SGR_OFF, fp);
            p += n;
            continue;
        }
        fputc(*p, fp);
        p++;
    }
}

void urio_text_print(void *out, const char *text, size_t len, bool colour)
{
    FILE *fp = out;
    if (fp == NULL || text == NULL) return;
    if (!colour) {
        (void)fwrite(text, 1, len, fp);
        (void)fflush(fp);
        return;
    }
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl != NULL ? nl : end;
        print_line(fp, p, stop);
        if (nl != NULL) fputc('\n', fp);
        p = nl != NULL ? nl + 1 : end;
    }
    (void)fflush(fp);
}

void urio_text_print_file(const char *outdir, const char *name, void *out, bool colour)
{
    char *path = urio__path_join(outdir, name);
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    urio_diag_clear(&d);
    if (path != NULL && urio_read_file(path, &buf, &len, &d) == URIO_OK)
        urio_text_print(out, buf, len, colour);
    free(buf);
    free(path);
}
