/* svg_chart.c - escaped HTML text and inline SVG charts for report.html
 * (svg_chart.h; docs/report.md).
 *
 * Every chart is a <figure> holding one <svg role="img" data-chart=KIND> with a
 * <title> and a <desc> (aria-labelledby points at both), drawn in a fixed viewBox
 * that scales with the page (CSS: width 100 %).  Colours are Okabe and Ito's
 * palette; series differ also by hatching (bars) or marker and dash (lines),
 * and every value is printed next to its bar or point, so no reading depends on
 * colour, and a black-and-white print keeps every distinction.  Text from the
 * model is escaped on the way in (urio__html_text); numbers come from
 * urio__fmt_num, with a true minus sign. */
#include "svg_chart.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Text -------------------------------------------------------------------------- */

static void html_reserve(urio__html *b, size_t extra)
{
    if (b->oom) return;
    size_t need = b->len + extra + 1;
    if (need <= b->cap) return;
    size_t cap = b->cap == 0 ? 16384 : b->cap;
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

void urio__html_printf(urio__html *b, const char *fmt, ...)
{
    if (b->oom) return;
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0) {
        b->oom = true;
        va_end(ap);
        return;
    }
    html_reserve(b, (size_t)n);
    if (!b->oom) {
        vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
        b->len += (size_t)n;
    }
    va_end(ap);
}

static void html_raw(urio__html *b, const char *s, size_t n)
{
    html_reserve(b, n);
    if (b->oom) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void urio__html_text(urio__html *b, const char *s)
{
    if (s == NULL) return;
    const char *run = s;
    for (const char *p = s;; p++) {
        const unsigned char c = (unsigned char)*p;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            /* Control characters are not allowed in HTML text: left out. */
            if (c != 0 && (c >= 0x20 || c == '\t' || c == '\n') && c != 0x7F) continue;
            rep = "";
            break;
        }
        html_raw(b, run, (size_t)(p - run));
        if (c == 0) return;
        html_raw(b, rep, strlen(rep));
        run = p + 1;
    }
}

void urio__html_free(urio__html *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = false;
}

#define MINUS "\xE2\x88\x92"    /* U+2212 MINUS SIGN */
#define THINSP "\xE2\x80\x89"   /* U+2009 THIN SPACE */
#define ELLIPSIS "\xE2\x80\xA6" /* U+2026 */

void urio__fmt_num(char *out, size_t size, double v, int decimals, bool plus)
{
    if (!isfinite(v)) {
        snprintf(out, size, "n/a");
        return;
    }
    if (fabs(v) >= 1e15) {
        char e[48];
        snprintf(e, sizeof e, "%.3e", fabs(v));
        snprintf(out, size, "%s%s", v < 0 ? MINUS : (plus ? "+" : ""), e);
        return;
    }
    char digits[64];
    snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
    /* A tiny value rounded to zero has no sign. */
    const bool zero = strspn(digits, "0.") == strlen(digits);
    const char *sign = v < 0 && !zero ? MINUS : (plus && !zero ? "+" : "");
    const char *dot = strchr(digits, '.');
    const size_t ilen = dot != NULL ? (size_t)(dot - digits) : strlen(digits);
    char grouped[160];
    size_t g = 0;
    for (size_t i = 0; i < ilen; i++) {
        if (i > 0 && (ilen - i) % 3 == 0 && ilen > 4) {
            memcpy(grouped + g, THINSP, 3);
            g += 3;
        }
        grouped[g++] = digits[i];
    }
    grouped[g] = '\0';
    snprintf(out, size, "%s%s%s", sign, grouped, dot != NULL ? dot : "");
}

void urio__fmt_sci(char *out, size_t size, double v)
{
    if (!isfinite(v)) {
        snprintf(out, size, "n/a");
        return;
    }
    if (v == 0.0) {
        snprintf(out, size, "0");
        return;
    }
    char e[48];
    snprintf(e, sizeof e, "%.2g", fabs(v));
    /* "1e-15" reads better with a true minus in the exponent as well. */
    char *minus = strchr(e, '-');
    if (minus != NULL) {
        *minus = '\0';
        snprintf(out, size, "%s%s" MINUS "%s", v < 0 ? MINUS : "", e, minus + 1);
    } else {
        snprintf(out, size, "%s%s", v < 0 ? MINUS : "", e);
    }
}

/* ---- Shared drawing helpers ---------------------------------------------------------- */

/* Okabe & Ito (2008): blue, orange, bluish green, vermillion, reddish purple, sky
 * blue, yellow, black. */
static const char *const palette[URIO__MAX_SERIES] = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                      "#CC79A7", "#56B4E9", "#F0E442", "#000000"};

#define FONT "font-family=\"system-ui, sans-serif\""

/* A label cut to at most max code points, with an ellipsis; escaped. */
static void put_short(urio__html *b, const char *s, size_t max)
{
    size_t cps = 0, i = 0;
    for (; s[i] != '\0'; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (cps == max) break;
            cps++;
        }
    }
    if (s[i] == '\0') {
        urio__html_text(b, s);
        return;
    }
    /* Cut one code point earlier to make room for the ellipsis. */
    size_t keep = 0;
    cps = 0;
    for (; s[keep] != '\0'; keep++) {
        if (((unsigned char)s[keep] & 0xC0) != 0x80) {
            if (cps == max - 1) break;
            cps++;
        }
    }
    char *cut = malloc(keep + 1);
    if (cut == NULL) {
        b->oom = true;
        return;
    }
    memcpy(cut, s, keep);
    cut[keep] = '\0';
    urio__html_text(b, cut);
    urio__html_printf(b, ELLIPSIS);
    free(cut);
}

/* Round ticks covering [lo, hi]: about five steps of 1, 2 or 5 times a power of ten. */
static double tick_step(double lo, double hi)
{
    const double range = hi - lo;
    if (!(range > 0.0)) return 1.0;
    const double raw = range / 5.0;
    const double p = pow(10.0, floor(log10(raw)));
    const double f = raw / p;
    return (f < 1.5 ? 1.0 : f < 3.5 ? 2.0 : f < 7.5 ? 5.0 : 10.0) * p;
}

/* Widen [*lo, *hi] to whole ticks. */
static void nice_range(double *lo, double *hi)
{
    if (!(*hi > *lo)) {
        const double m = fabs(*lo) > 0.0 ? fabs(*lo) * 0.1 : 1.0;
        *lo -= m;
        *hi += m;
    }
    const double st = tick_step(*lo, *hi);
    *lo = floor(*lo / st + 1e-9) * st;
    *hi = ceil(*hi / st - 1e-9) * st;
}

/* Decimals a tick step needs. */
static int tick_decimals(double step)
{
    int d = 0;
    while (d < 6 && fabs(step * pow(10.0, d) - round(step * pow(10.0, d))) > 1e-6)
        d++;
    return d;
}

static void extend(double v, double *lo, double *hi)
{
    if (!isfinite(v)) return;
    if (v < *lo) *lo = v;
    if (v > *hi) *hi = v;
}

static double at(const double *v, size_t i)
{
    return v != NULL ? v[i] : (double)NAN;
}

/* The figure's opening: <figure>, <svg> with role, labels and data-chart, <title>
 * and <desc>. */
static void open_figure(urio__html *b, const char *id, const char *kind, const char *title,
                        const char *desc, double w, double h)
{
    urio__html_printf(b, "<figure class=\"chart\" id=\"%s\">\n", id);
    urio__html_printf(b,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f %.0f\" "
                      "role=\"img\" data-chart=\"%s\" aria-labelledby=\"%s-t %s-d\" " FONT
                      " font-size=\"12\">\n",
                      w, h, kind, id, id);
    urio__html_printf(b, "<title id=\"%s-t\">", id);
    urio__html_text(b, title);
    urio__html_printf(b, "</title>\n<desc id=\"%s-d\">", id);
    urio__html_text(b, desc);
    urio__html_printf(b, "</desc>\n");
}

static void close_figure(urio__html *b, const char *title, const char *desc)
{
    urio__html_printf(b, "</svg>\n<figcaption><strong>");
    urio__html_text(b, title);
    urio__html_printf(b, ".</strong> ");
    urio__html_text(b, desc);
    urio__html_printf(b, "</figcaption>\n</figure>\n");
}

/* Hatching: style s is its colour plus line marks of its own (none, '/' lines,
 * horizontal lines, '\' lines, cross-hatch, vertical lines, a grid, '/' lines
 * again on black), so bars stay apart in grey and for every colour vision.  The
 * marks are drawn as one path of line segments per bar, clipped by arithmetic to
 * the bar: SVG <pattern> fills made Chromium's printed PDF a hundred times larger. */
#define HATCH 5.0

static void hatch_family(urio__html *b, int family, double x0, double y0, double x1, double y1)
{
    if (family == 1 || family == 3) {
        /* '/': x + y = c; '\': x - y = c. */
        const double cmin = family == 1 ? x0 + y0 : x0 - y1, cmax = family == 1 ? x1 + y1 : x1 - y0;
        for (double cc = cmin + HATCH / 2.0; cc < cmax; cc += HATCH) {
            double xa, xb;
            if (family == 1) {
                xa = fmax(x0, cc - y1);
                xb = fmin(x1, cc - y0);
            } else {
                xa = fmax(x0, cc + y0);
                xb = fmin(x1, cc + y1);
            }
            if (xb - xa < 0.3) continue;
            const double ya = family == 1 ? cc - xa : xa - cc;
            const double yb = family == 1 ? cc - xb : xb - cc;
            urio__html_printf(b, "M%.1f %.1fL%.1f %.1f", xa, ya, xb, yb);
        }
    } else if (family == 2) {
        for (double y = y0 + HATCH / 2.0; y < y1; y += HATCH)
            urio__html_printf(b, "M%.1f %.1fH%.1f", x0, y, x1);
    } else if (family == 5) {
        for (double x = x0 + HATCH / 2.0; x < x1; x += HATCH)
            urio__html_printf(b, "M%.1f %.1fV%.1f", x, y0, y1);
    }
}

/* A bar (or a legend swatch) of style st filling [x, x + w] x [y, y + h]. */
static void hatched_rect(urio__html *b, size_t st, double x, double y, double w, double h)
{
    urio__html_printf(b,
                      "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"%s\" "
                      "stroke=\"%s\" stroke-width=\"0.8\"/>",
                      x, y, w, h, palette[st], palette[st]);
    static const int fam[URIO__MAX_SERIES][2] = {{0, 0}, {1, 0}, {2, 0}, {3, 0},
                                                 {1, 3}, {5, 0}, {2, 5}, {1, 0}};
    if (fam[st][0] == 0 || w < 1.0) return;
    /* White marks on dark colours, dark marks on light ones (orange, sky, yellow). */
    const bool light = st == 1 || st == 5 || st == 6;
    urio__html_printf(b, "<path d=\"");
    for (size_t q = 0; q < 2; q++)
        if (fam[st][q] != 0) hatch_family(b, fam[st][q], x, y, x + w, y + h);
    urio__html_printf(b, "\" stroke=\"%s\" stroke-width=\"1\" fill=\"none\"/>",
                      light ? "#333" : "#fff");
}

/* A legend row of swatches (bars: the hatched fill; lines: the marker) from (x, y);
 * returns the height used. */
static double legend(urio__html *b, const urio__chart *c, double x, double y, double wmax,
                     bool bars)
{
    if (c->nseries < 2) return 0.0;
    double cx = x, cy = y;
    for (size_t s = 0; s < c->nseries && s < URIO__MAX_SERIES; s++) {
        const size_t st = c->series[s].style % URIO__MAX_SERIES;
        const double w = 30.0 + 7.0 * (double)strlen(c->series[s].name);
        if (cx + w > x + wmax && cx > x) {
            cx = x;
            cy += 18.0;
        }
        if (bars)
            hatched_rect(b, st, cx, cy - 11.0, 16.0, 13.0);
        else
            urio__html_printf(b,
                              "<use href=\"#%s-m%zu\" x=\"%.1f\" y=\"%.1f\"/><path d=\"M%.1f,%.1f "
                              "h18\" stroke=\"%s\" stroke-width=\"2\"/>",
                              c->id, st, cx + 9.0, cy - 4.0, cx, cy - 4.0, palette[st]);
        urio__html_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", cx + 20.0, cy);
        urio__html_text(b, c->series[s].name);
        urio__html_printf(b, "</text>\n");
        cx += w + 12.0;
    }
    return cy - y + 22.0;
}

/* An error bar from a to b (screen coordinates along the value axis) at `across`;
 * vertical when the value axis is y. */
static void error_bar(urio__html *b, double a, double z, double across, bool vertical)
{
    if (vertical)
        urio__html_printf(b,
                          "<path class=\"band\" d=\"M%.1f,%.1f V%.1f M%.1f,%.1f h8 M%.1f,%.1f "
                          "h8\" stroke=\"#000\" stroke-width=\"1.3\" fill=\"none\"/>\n",
                          across, a, z, across - 4.0, a, across - 4.0, z);
    else
        urio__html_printf(b,
                          "<path class=\"band\" d=\"M%.1f,%.1f H%.1f M%.1f,%.1f v8 M%.1f,%.1f "
                          "v8\" stroke=\"#000\" stroke-width=\"1.3\" fill=\"none\"/>\n",
                          a, across, z, a, across - 4.0, z, across - 4.0);
}

/* ---- Bars ------------------------------------------------------------------------------ */

#define BAR_W 760.0
#define BAR_LABELS 178.0 /* category label column */
#define BAR_H 14.0
#define BAR_GAP 10.0

void urio__svg_bars(urio__html *b, const urio__chart *c)
{
    const size_t ns = c->nseries < URIO__MAX_SERIES ? c->nseries : URIO__MAX_SERIES;
    double lo = 0.0, hi = 0.0;
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; i < c->ncat; i++) {
            extend(at(c->series[s].value, i), &lo, &hi);
            extend(at(c->series[s].lo, i), &lo, &hi);
            extend(at(c->series[s].hi, i), &lo, &hi);
        }
    nice_range(&lo, &hi);
    const double step = tick_step(lo, hi);
    const int tdec = tick_decimals(step);
    /* The value column holds "+12.34 name": room for the longest series name. */
    size_t longest = 0;
    for (size_t s = 0; ns > 1 && s < ns; s++) {
        const size_t n = strlen(c->series[s].name);
        if (n > longest) longest = n;
    }
    if (longest > 18) longest = 18;
    const double values_w = 62.0 + 5.2 * (double)longest;
    const double x0 = BAR_LABELS + 8.0, x1 = BAR_W - values_w - 8.0;
    const double group = (double)ns * BAR_H + BAR_GAP;
    /* Height: legend (estimated generously), axis, groups, unit line. */
    double legend_h = 0.0;
    if (ns > 1) {
        double cx = 0.0;
        legend_h = 22.0;
        for (size_t s = 0; s < ns; s++) {
            const double w = 30.0 + 7.0 * (double)strlen(c->series[s].name) + 12.0;
            if (cx + w > x1 - 10.0 && cx > 0.0) {
                cx = 0.0;
                legend_h += 18.0;
            }
            cx += w;
        }
    }
    const double top = 10.0 + legend_h + 18.0;
    const double h = top + (double)c->ncat * group + 34.0;
    open_figure(b, c->id, c->kind, c->title, c->desc, BAR_W, h);
    (void)legend(b, c, 10.0, 22.0, x1 - 10.0, true);
#define XS(v) (x0 + ((v)-lo) / (hi - lo) * (x1 - x0))
    /* Grid and ticks along the top. */
    for (double t = lo; t <= hi + step * 1e-6; t += step) {
        char lab[64];
        urio__fmt_num(lab, sizeof lab, fabs(t) < step * 1e-9 ? 0.0 : t, tdec, false);
        urio__html_printf(b,
                          "<path d=\"M%.1f,%.1f V%.1f\" stroke=\"#ddd\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" "
                          "fill=\"#333\">%s</text>\n",
                          XS(t), top - 4.0, h - 30.0, XS(t), top - 8.0, lab);
    }
    for (size_t i = 0; i < c->ncat; i++) {
        const double gy = top + (double)i * group + BAR_GAP / 2.0;
        urio__html_printf(b,
                          "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" "
                          "dominant-baseline=\"middle\" font-size=\"11\">",
                          BAR_LABELS, gy + (double)ns * BAR_H / 2.0);
        urio__html_printf(b, "<title>");
        urio__html_text(b, c->cat[i]);
        urio__html_printf(b, "</title>");
        put_short(b, c->cat[i], 27);
        urio__html_printf(b, "</text>\n");
        for (size_t s = 0; s < ns; s++) {
            const urio__series *se = &c->series[s];
            const size_t st = se->style % URIO__MAX_SERIES;
            const double v = at(se->value, i);
            const double y = gy + (double)s * BAR_H;
            char lab[64];
            urio__fmt_num(lab, sizeof lab, v, c->decimals, c->plus);
            if (isfinite(v)) {
                const double a = XS(v < 0.0 ? v : 0.0), z = XS(v < 0.0 ? 0.0 : v);
                urio__html_printf(b, "<g class=\"bar\"><title>");
                if (ns > 1) {
                    urio__html_text(b, se->name);
                    urio__html_printf(b, ", ");
                }
                urio__html_text(b, c->cat[i]);
                urio__html_printf(b, ": %s ", lab);
                urio__html_text(b, c->unit);
                urio__html_printf(b, "</title>");
                hatched_rect(b, st, a, y + 1.0, z - a, BAR_H - 2.0);
                urio__html_printf(b, "</g>\n");
                const double l = at(se->lo, i), u = at(se->hi, i);
                if (isfinite(l) && isfinite(u)) error_bar(b, XS(l), XS(u), y + BAR_H / 2.0, false);
            }
            urio__html_printf(b,
                              "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" "
                              "font-size=\"11\" class=\"num\">%s%s",
                              x1 + 8.0, y + BAR_H / 2.0, isfinite(v) ? lab : "\xE2\x80\x93",
                              ns > 1 ? " " : "");
            if (ns > 1) {
                urio__html_printf(b, "<tspan fill=\"#555\" font-size=\"9\">");
                put_short(b, se->name, 18);
                urio__html_printf(b, "</tspan>");
            }
            urio__html_printf(b, "</text>\n");
        }
    }
    /* The zero line over the bars, and the unit under the axis. */
    urio__html_printf(b, "<path d=\"M%.1f,%.1f V%.1f\" stroke=\"#000\" stroke-width=\"1.2\"/>\n",
                      XS(0.0), top - 4.0, h - 30.0);
    urio__html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"#333\">",
                      (x0 + x1) / 2.0, h - 12.0);
    urio__html_text(b, c->unit);
    urio__html_printf(b, "</text>\n");
#undef XS
    close_figure(b, c->title, c->desc);
}

/* ---- Lines ------------------------------------------------------------------------------- */

#define LINE_W 760.0
#define LINE_PLOT_H 250.0

/* Marker symbols, one per series: circle, square, triangle, diamond, and again
 * hollow. */
static void marker_defs(urio__html *b, const char *id)
{
    static const char *const shape[4] = {
        "<circle r=\"4.5\"", "<rect x=\"-4\" y=\"-4\" width=\"8\" height=\"8\"",
        "<path d=\"M0,-5 L4.5,3.5 H-4.5 Z\"", "<path d=\"M0,-5.5 L5,0 L0,5.5 L-5,0 Z\""};
    urio__html_printf(b, "<defs>\n");
    for (size_t s = 0; s < URIO__MAX_SERIES; s++)
        urio__html_printf(
            b, "<g id=\"%s-m%zu\">%s fill=\"%s\" stroke=\"%s\" stroke-width=\"1.5\"/></g>\n", id, s,
            shape[s % 4], s < 4 ? palette[s] : "#fff", palette[s]);
    urio__html_printf(b, "</defs>\n");
}

void urio__svg_line(urio__html *b, const urio__chart *c)
{
    const size_t ns = c->nseries < URIO__MAX_SERIES ? c->nseries : URIO__MAX_SERIES;
    double lo = (double)INFINITY, hi = -(double)INFINITY;
    for (size_t s = 0; s < ns; s++)
        for (size_t i = 0; i < c->ncat; i++) {
            extend(at(c->series[s].value, i), &lo, &hi);
            extend(at(c->series[s].lo, i), &lo, &hi);
            extend(at(c->series[s].hi, i), &lo, &hi);
        }
    if (c->has_ref) extend(c->ref, &lo, &hi);
    if (!isfinite(lo)) lo = hi = 0.0;
    const double pad = (hi - lo) * 0.12;
    lo -= pad;
    hi += pad;
    nice_range(&lo, &hi);
    const double step = tick_step(lo, hi);
    const int tdec = tick_decimals(step);
    const double x0 = 78.0, x1 = LINE_W - 110.0;
    const double legend_h = ns > 1 ? 26.0 : 0.0;
    const double top = 16.0 + legend_h, bottom = top + LINE_PLOT_H;
    /* Rotated category labels need room below the plot. */
    size_t longest = 0;
    for (size_t i = 0; i < c->ncat; i++) {
        size_t n = strlen(c->cat[i]);
        if (n > longest) longest = n;
    }
    if (longest > 26) longest = 26;
    const double h = bottom + 24.0 + 6.2 * (double)longest * 0.6 + 16.0;
    open_figure(b, c->id, c->kind, c->title, c->desc, LINE_W, h);
    marker_defs(b, c->id);
    (void)legend(b, c, x0, 20.0, x1 - x0, false);
#define YS(v) (bottom - ((v)-lo) / (hi - lo) * (bottom - top))
    const double dx = c->ncat > 0 ? (x1 - x0) / (double)c->ncat : 0.0;
#define XC(i) (x0 + dx * ((double)(i) + 0.5))
    for (double t = lo; t <= hi + step * 1e-6; t += step) {
        char lab[64];
        urio__fmt_num(lab, sizeof lab, fabs(t) < step * 1e-9 ? 0.0 : t, tdec, false);
        urio__html_printf(b,
                          "<path d=\"M%.1f,%.1f H%.1f\" stroke=\"#ddd\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\" "
                          "font-size=\"10\" fill=\"#333\">%s</text>\n",
                          x0, YS(t), x1, x0 - 6.0, YS(t), lab);
    }
    urio__html_printf(b, "<path d=\"M%.1f,%.1f V%.1f H%.1f\" stroke=\"#000\" fill=\"none\"/>\n", x0,
                      top, bottom, x1);
    urio__html_printf(b,
                      "<text transform=\"translate(16,%.1f) rotate(-90)\" text-anchor=\"middle\" "
                      "fill=\"#333\">",
                      (top + bottom) / 2.0);
    urio__html_text(b, c->unit);
    urio__html_printf(b, "</text>\n");
    if (c->has_ref && isfinite(c->ref)) {
        urio__html_printf(b,
                          "<path d=\"M%.1f,%.1f H%.1f\" stroke=\"#555\" stroke-dasharray=\"5 4\"/>"
                          "<text x=\"%.1f\" y=\"%.1f\" dominant-baseline=\"middle\" "
                          "font-size=\"10\" fill=\"#333\">",
                          x0, YS(c->ref), x1, x1 + 6.0, YS(c->ref));
        urio__html_text(b, c->ref_label);
        urio__html_printf(b, "</text>\n");
    }
    for (size_t i = 0; i < c->ncat; i++) {
        urio__html_printf(b,
                          "<text transform=\"translate(%.1f,%.1f) rotate(-35)\" "
                          "text-anchor=\"end\" font-size=\"11\"><title>",
                          XC(i) + 3.0, bottom + 14.0);
        urio__html_text(b, c->cat[i]);
        urio__html_printf(b, "</title>");
        put_short(b, c->cat[i], 26);
        urio__html_printf(b, "</text>\n");
    }
    static const char *const dash[4] = {"", " stroke-dasharray=\"7 3\"",
                                        " stroke-dasharray=\"2 3\"",
                                        " stroke-dasharray=\"8 3 2 3\""};
    for (size_t s = 0; s < ns; s++) {
        const urio__series *se = &c->series[s];
        const size_t st = se->style % URIO__MAX_SERIES;
        urio__html_printf(b, "<path class=\"line\" d=\"");
        bool pen = false;
        for (size_t i = 0; i < c->ncat; i++) {
            const double v = at(se->value, i);
            if (!isfinite(v)) {
                pen = false;
                continue;
            }
            urio__html_printf(b, "%s%.1f,%.1f ", pen ? "L" : "M", XC(i), YS(v));
            pen = true;
        }
        urio__html_printf(b, "\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>\n", palette[st],
                          dash[st % 4]);
        for (size_t i = 0; i < c->ncat; i++) {
            const double v = at(se->value, i);
            if (!isfinite(v)) continue;
            const double l = at(se->lo, i), u = at(se->hi, i);
            if (isfinite(l) && isfinite(u)) error_bar(b, YS(l), YS(u), XC(i), true);
            char lab[64];
            urio__fmt_num(lab, sizeof lab, v, c->decimals, c->plus);
            urio__html_printf(b, "<use class=\"point\" href=\"#%s-m%zu\" x=\"%.1f\" y=\"%.1f\">",
                              c->id, st, XC(i), YS(v));
            urio__html_printf(b, "<title>");
            if (ns > 1) {
                urio__html_text(b, se->name);
                urio__html_printf(b, ", ");
            }
            urio__html_text(b, c->cat[i]);
            urio__html_printf(b, ": %s</title></use>\n", lab);
            /* Labels of the series alternate above and below the points. */
            urio__html_printf(b,
                              "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" "
                              "class=\"num\">%s</text>\n",
                              XC(i), YS(v) + (s % 2 == 0 ? -9.0 : 16.0), lab);
        }
    }
#undef XC
#undef YS
    close_figure(b, c->title, c->desc);
}

/* ---- Quadrant --------------------------------------------------------------------------- */

typedef struct rank {
    double key;
    size_t i;
} rank;

static int rank_desc(const void *a, const void *z)
{
    const rank *p = a, *q = z;
    if (p->key > q->key) return -1;
    if (p->key < q->key) return 1;
    return p->i < q->i ? -1 : (p->i > q->i);
}

void urio__svg_quadrant(urio__html *b, const char *id, const char *title, const char *desc,
                        size_t n, const char *const *label, const double *x, const double *y,
                        size_t max_labels)
{
    double xl = 1.0, xh = 1.0, yl = 1.0, yh = 1.0;
    for (size_t j = 0; j < n; j++) {
        extend(x[j], &xl, &xh);
        extend(y[j], &yl, &yh);
    }
    double px = (xh - xl) * 0.08 + 0.02, py = (yh - yl) * 0.08 + 0.02;
    xl -= px;
    xh += px;
    yl -= py;
    yh += py;
    nice_range(&xl, &xh);
    nice_range(&yl, &yh);
    const double W = 760.0, H = 560.0, x0 = 70.0, x1 = W - 30.0, y0 = 20.0, y1 = H - 56.0;
    open_figure(b, id, "linkages", title, desc, W, H);
#define QX(v) (x0 + ((v)-xl) / (xh - xl) * (x1 - x0))
#define QY(v) (y1 - ((v)-yl) / (yh - yl) * (y1 - y0))
    const double sx = tick_step(xl, xh), sy = tick_step(yl, yh);
    for (double t = xl; t <= xh + sx * 1e-6; t += sx) {
        char lab[64];
        urio__fmt_num(lab, sizeof lab, t, tick_decimals(sx), false);
        urio__html_printf(b,
                          "<path d=\"M%.1f,%.1f V%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\" "
                          "fill=\"#333\">%s</text>\n",
                          QX(t), y0, y1, QX(t), y1 + 14.0, lab);
    }
    for (double t = yl; t <= yh + sy * 1e-6; t += sy) {
        char lab[64];
        urio__fmt_num(lab, sizeof lab, t, tick_decimals(sy), false);
        urio__html_printf(b,
                          "<path d=\"M%.1f,%.1f H%.1f\" stroke=\"#eee\"/><text x=\"%.1f\" "
                          "y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\" "
                          "font-size=\"10\" fill=\"#333\">%s</text>\n",
                          x0, QY(t), x1, x0 - 6.0, QY(t), lab);
    }
    urio__html_printf(b,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" "
                      "stroke=\"#000\"/>\n",
                      x0, y0, x1 - x0, y1 - y0);
    /* The 1/1 lines and the quadrants' names. */
    urio__html_printf(b,
                      "<path d=\"M%.1f,%.1f V%.1f M%.1f,%.1f H%.1f\" stroke=\"#555\" "
                      "stroke-width=\"1.2\" stroke-dasharray=\"6 4\"/>\n",
                      QX(1.0), y0, y1, x0, QY(1.0), x1);
    urio__html_printf(
        b,
        "<g font-size=\"11\" fill=\"#555\" font-style=\"italic\">"
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">key sectors (both &gt; 1)</text>"
        "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">strong backward linkage</text>"
        "<text x=\"%.1f\" y=\"%.1f\">strong forward linkage</text>"
        "<text x=\"%.1f\" y=\"%.1f\">weak linkages</text></g>\n",
        x1 - 6.0, y0 + 14.0, x1 - 6.0, y1 - 8.0, x0 + 6.0, y0 + 14.0, x0 + 6.0, y1 - 8.0);
    urio__html_printf(b,
                      "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">backward linkage index "
                      "(column sums of L, Rasmussen-normalised)</text>\n",
                      (x0 + x1) / 2.0, H - 18.0);
    urio__html_printf(b,
                      "<text transform=\"translate(16,%.1f) rotate(-90)\" "
                      "text-anchor=\"middle\">forward linkage index (row sums of G)</text>\n",
                      (y0 + y1) / 2.0);
    /* Which points get a label: all when few, else key sectors first, each group
     * by the largest x + y. */
    rank *rk = malloc((n > 0 ? n : 1) * sizeof *rk);
    bool *show = calloc(n > 0 ? n : 1, sizeof *show);
    if (rk == NULL || show == NULL) {
        b->oom = true;
        free(rk);
        free(show);
        return;
    }
    for (size_t j = 0; j < n; j++)
        rk[j] = (rank){isfinite(x[j] + y[j]) ? x[j] + y[j] + (x[j] > 1.0 && y[j] > 1.0 ? 1e6 : 0.0)
                                             : -(double)INFINITY,
                       j};
    qsort(rk, n, sizeof *rk, rank_desc);
    for (size_t q = 0; q < n && q < max_labels; q++)
        show[rk[q].i] = true;
    for (size_t j = 0; j < n; j++) {
        if (!isfinite(x[j]) || !isfinite(y[j])) continue;
        const bool key = x[j] > 1.0 && y[j] > 1.0;
        char bx[64], fy[64];
        urio__fmt_num(bx, sizeof bx, x[j], 3, false);
        urio__fmt_num(fy, sizeof fy, y[j], 3, false);
        if (key)
            urio__html_printf(b,
                              "<path class=\"point key\" d=\"M%.1f,%.1f l5.5,5.5 l-5.5,5.5 "
                              "l-5.5,-5.5 Z\" fill=\"#D55E00\" stroke=\"#000\" "
                              "stroke-width=\"0.8\"><title>",
                              QX(x[j]), QY(y[j]) - 5.5);
        else
            urio__html_printf(b,
                              "<circle class=\"point\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
                              "fill=\"#fff\" stroke=\"#0072B2\" stroke-width=\"1.8\"><title>",
                              QX(x[j]), QY(y[j]));
        urio__html_text(b, label[j]);
        urio__html_printf(b, ": backward %s, forward %s%s</title>%s\n", bx, fy,
                          key ? " (key sector)" : "", key ? "</path>" : "</circle>");
        if (show[j] || n <= max_labels) {
            urio__html_printf(b, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\"%s>", QX(x[j]) + 8.0,
                              QY(y[j]) + 4.0, key ? " font-weight=\"bold\"" : "");
            put_short(b, label[j], 30);
            urio__html_printf(b, "</text>\n");
        }
    }
    free(rk);
    free(show);
#undef QX
#undef QY
    close_figure(b, title, desc);
}
