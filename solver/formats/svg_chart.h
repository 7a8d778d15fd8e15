/* svg_chart.h - private to solver/formats: an HTML text buffer that escapes what it
 * is given, and inline SVG charts for report.html (report_html.c; docs/report.md).
 *
 * Charts are drawn for people who print in black and white or do not see every
 * colour: the palette is Okabe and Ito's (2008) colour-blind safe one, every series
 * also has its own fill pattern (bars) or marker shape (lines), every bar and point
 * carries its value as text with its sign, and each chart is an <svg role="img">
 * with a <title>, a <desc> and a `data-chart` attribute naming what it shows (the
 * browser test finds charts by it).  No script, no external resource.
 * Thread-safety: reentrant; no globals. */
#ifndef URIO_SVG_CHART_H
#define URIO_SVG_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include <urio/status.h>

/* ---- Text -------------------------------------------------------------------------- */

/* A growable NUL-terminated buffer; after an allocation failure oom is set and
 * every further call is a no-op. */
typedef struct urio__html {
    char *p;
    size_t len, cap;
    bool oom;
} urio__html;

/* Append raw markup (the format and its arguments are trusted: numbers, fixed
 * text).  Text from a model or scenario file goes through urio__html_text. */
void urio__html_printf(urio__html *b, const char *fmt, ...) URIO_PRINTF(2, 3);
/* Append s with &, <, >, " and ' as character references and control characters
 * (other than tab and newline) left out, so it is safe in content and in quoted
 * attribute values.  NULL appends nothing. */
void urio__html_text(urio__html *b, const char *s);
void urio__html_free(urio__html *b); /* leaves b empty */

/* A number for people: `decimals` decimals, thousands separated by a thin space
 * (U+2009), a true minus sign (U+2212), '+' forced when plus; "n/a" when not
 * finite.  out holds at least 64 bytes. */
void urio__fmt_num(char *out, size_t size, double v, int decimals, bool plus);
/* A residual or tolerance: "3.1e-15" style with a true minus sign in the mantissa. */
void urio__fmt_sci(char *out, size_t size, double v);

/* ---- Charts ------------------------------------------------------------------------ */

/* One series: a value per category, NaN where it has none.  lo and hi (NULL, or
 * NaN per category where absent) draw an error bar from lo to hi: the hook for
 * Monte Carlo bands (p5 to p95). */
typedef struct urio__series {
    const char *name;
    const double *value;
    const double *lo, *hi;
    size_t style; /* colour and pattern or marker, 0 to URIO__MAX_SERIES - 1: the same
                   * thing (a household, an area) keeps its style in every chart */
} urio__series;

typedef struct urio__chart {
    const char *id;    /* unique in the document, [a-z0-9-] */
    const char *kind;  /* data-chart value: what the chart shows */
    const char *title; /* short title (escaped) */
    const char *desc;  /* one sentence for screen readers and the caption (escaped) */
    const char *unit;  /* the value axis, e.g. "% change" (escaped) */
    size_t ncat;
    const char *const *cat; /* category labels (escaped) */
    size_t nseries;         /* 1 to URIO__MAX_SERIES */
    const urio__series *series;
    int decimals; /* of the value labels */
    bool plus;    /* value labels signed (changes) */
    bool has_ref; /* line charts: a dashed reference line at ref */
    double ref;   /* (the benchmark) */
    const char *ref_label;
} urio__chart;

#define URIO__MAX_SERIES 8

/* Horizontal grouped bars: one group per category, one bar per series, a zero line,
 * the value of each bar printed in a column to the right. */
void urio__svg_bars(urio__html *b, const urio__chart *c);
/* Categories along x (scenarios, or the points of a sweep), one line with markers
 * per series, value labels above the points, optional reference line. */
void urio__svg_line(urio__html *b, const urio__chart *c);
/* The key-sector quadrant: x = backward index, y = forward index (Rasmussen), lines
 * at 1, quadrants named, key sectors (both > 1) filled and labelled; with many
 * sectors only the `max_labels` with the largest x + y are labelled. */
void urio__svg_quadrant(urio__html *b, const char *id, const char *title, const char *desc,
                        size_t n, const char *const *label, const double *x, const double *y,
                        size_t max_labels);

#endif
