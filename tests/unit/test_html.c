/* test_html.c - report.html and its pieces (solver/formats/report_html.c,
 * svg_chart.c, summary_text.c colour): labels escaped, numbers formatted for
 * people, charts labelled for screen readers and drawn with error bars when given
 * bands, the file written atomically (complete, or nothing and no temporary). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#include "../../solver/formats/svg_chart.h"

#define MINUS "\xE2\x88\x92"
#define THINSP "\xE2\x80\x89"

/* ---- Text ------------------------------------------------------------------------ */

Test(html, escapes_markup_and_drops_control_characters)
{
    urio__html b = {NULL, 0, 0, false};
    urio__html_text(&b, "a<b & \"c\" 'd'>\x01\tz");
    cr_assert(b.p != NULL);
    cr_expect_str_eq(b.p, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\tz");
    urio__html_text(&b, NULL); /* nothing */
    urio__html_printf(&b, "<%s>", "ok");
    cr_expect_str_eq(b.p, "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;\tz<ok>");
    urio__html_free(&b);
    cr_expect(b.p == NULL && b.len == 0);
}

Test(html, numbers_have_true_minus_signs_and_groups)
{
    char t[64];
    urio__fmt_num(t, sizeof t, -12345.678, 2, false);
    cr_expect_str_eq(t, MINUS "12" THINSP "345.68");
    urio__fmt_num(t, sizeof t, 0.4, 2, true);
    cr_expect_str_eq(t, "+0.40");
    urio__fmt_num(t, sizeof t, 1234.0, 0, false); /* four digits stay together */
    cr_expect_str_eq(t, "1234");
    urio__fmt_num(t, sizeof t, -0.001, 2, true); /* rounds to zero: no sign */
    cr_expect_str_eq(t, "0.00");
    urio__fmt_num(t, sizeof t, (double)NAN, 2, true);
    cr_expect_str_eq(t, "n/a");
    urio__fmt_sci(t, sizeof t, 3.06e-15);
    cr_expect_str_eq(t, "3.1e" MINUS "15");
    urio__fmt_sci(t, sizeof t, 0.0);
    cr_expect_str_eq(t, "0");
}

/* ---- Charts ---------------------------------------------------------------------- */

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

Test(html, bars_are_labelled_escaped_and_carry_error_bars)
{
    const double v[3] = {1.5, -2.0, (double)NAN};
    const double lo[3] = {1.0, (double)NAN, (double)NAN}, hi[3] = {2.5, (double)NAN, (double)NAN};
    const char *cat[3] = {"r&d <lab>", "farm \"A\"", "none"};
    const urio__series s = {"it's", v, lo, hi, 1};
    const urio__chart c = {"t1", "output", "T <1>", "D & d", "% change", 3,   cat,
                           1,    &s,       2,       true,    false,      0.0, NULL};
    urio__html b = {NULL, 0, 0, false};
    urio__svg_bars(&b, &c);
    cr_assert(b.oom == false);
    cr_expect(strstr(b.p, "role=\"img\"") != NULL);
    cr_expect(strstr(b.p, "data-chart=\"output\"") != NULL);
    cr_expect(strstr(b.p, "aria-labelledby=\"t1-t t1-d\"") != NULL);
    cr_expect(strstr(b.p, "<title id=\"t1-t\">T &lt;1&gt;</title>") != NULL);
    cr_expect(strstr(b.p, "r&amp;d &lt;lab&gt;") != NULL);
    cr_expect(strstr(b.p, "farm &quot;A&quot;") != NULL);
    cr_expect(strstr(b.p, "<lab>") == NULL && strstr(b.p, "it's") == NULL);
    cr_expect(eq(sz, count(b.p, "class=\"bar\""), 2)); /* NaN: no bar */
    cr_expect(eq(sz, count(b.p, "class=\"band\""), 1));
    cr_expect(strstr(b.p, "+1.50") != NULL && strstr(b.p, MINUS "2.00") != NULL);
    /* The series' own style: orange, hatched with dark lines, no <pattern>. */
    cr_expect(strstr(b.p, "fill=\"#E69F00\"") != NULL);
    cr_expect(strstr(b.p, "stroke=\"#333\" stroke-width=\"1\" fill=\"none\"") != NULL);
    cr_expect(strstr(b.p, "<pattern") == NULL);
    urio__html_free(&b);
}

Test(html, line_and_quadrant)
{
    const double v[3] = {2.7, 2.3, 2.5}, lo[3] = {2.6, 2.2, (double)NAN};
    const double hi[3] = {2.8, 2.4, (double)NAN};
    const char *cat[3] = {"a", "b", "c"};
    const urio__series s = {"ratio", v, lo, hi, 0};
    const urio__chart c = {"r", "income-ratio", "R",  "D", "ratio",    3, cat, 1, &s,
                           3,   false,          true, 2.7, "benchmark"};
    urio__html b = {NULL, 0, 0, false};
    urio__svg_line(&b, &c);
    cr_expect(eq(sz, count(b.p, "class=\"point\""), 3));
    cr_expect(eq(sz, count(b.p, "class=\"band\""), 2));
    cr_expect(strstr(b.p, "benchmark") != NULL);
    const char *lab[3] = {"key", "back", "weak"};
    const double x[3] = {1.2, 1.1, 0.8}, y[3] = {1.1, 0.9, 0.8};
    urio__svg_quadrant(&b, "q", "Q", "D", 3, lab, x, y, 20);
    cr_assert(b.oom == false);
    cr_expect(strstr(b.p, "data-chart=\"linkages\"") != NULL);
    cr_expect(eq(sz, count(b.p, "class=\"point key\""), 1));
    cr_expect(strstr(b.p, "key: backward 1.200, forward 1.100 (key sector)") != NULL);
    urio__html_free(&b);
}

/* ---- The file --------------------------------------------------------------------- */

static int entries(const char *dir)
{
    DIR *dp = opendir(dir);
    cr_assert(dp != NULL);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) n++;
    closedir(dp);
    return n;
}

Test(html, io_report_is_written_atomically)
{
    urio_model_file *mf = NULL;
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load("tests/fixtures/io-basic/model.yaml", &mf, &d), URIO_OK),
              "%s", d.msg);
    cr_assert(eq(int, urio_io_analyse(mf->io, &r, &d), URIO_OK), "%s", d.msg);
    const urio_run_report rep = {.model = mf, .io = r, .version = "test", .threads = 1};
    char dir[] = "/tmp/urio-html-XXXXXX";
    cr_assert(mkdtemp(dir) != NULL);

    /* A band for an indicator the report does not chart changes nothing but the table. */
    const urio_band band = {"none", "output", "", 1.0, 0.1, 0.9, 1.0, 1.1};
    const urio_bands mc = {1, &band, 100};
    cr_assert(eq(int, urio_write_report_html(dir, &rep, &mc, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(int, entries(dir), 1)); /* report.html, no temporary */
    char path[128];
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *buf = NULL;
    size_t len = 0;
    cr_assert(eq(int, urio_read_file(path, &buf, &len, &d), URIO_OK));
    cr_expect(strncmp(buf, "<!DOCTYPE html>", 15) == 0);
    cr_expect(strstr(buf, "Content-Security-Policy") != NULL);
    cr_expect(strstr(buf, "data-chart=\"multipliers\"") != NULL);
    cr_expect(strstr(buf, "data-chart=\"linkages\"") != NULL);
    cr_expect(strstr(buf, "id=\"uncertainty\"") != NULL && strstr(buf, "100 draws") != NULL);
    cr_expect(strstr(buf, "<script") == NULL);
    cr_expect(strcmp(buf + len - 8, "</html>\n") == 0);
    free(buf);

    /* A directory that does not exist: an error naming it, nothing left behind. */
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no/such", dir);
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_write_report_html(missing, &rep, NULL, &d), URIO_EIO));
    cr_expect(strstr(d.file, "no/such") != NULL);
    cr_expect(eq(int, entries(dir), 1));

    unlink(path);
    rmdir(dir);
    urio_io_result_free(r);
    urio_model_file_free(mf);
}

Test(html, colour_only_when_asked)
{
    /* A pipe is no terminal; NO_COLOR set means no colour anywhere. */
    int fd[2];
    cr_assert(pipe(fd) == 0);
    FILE *w = fdopen(fd[1], "w");
    cr_assert(w != NULL);
    cr_expect(urio_text_colour_wanted(w, false) == false);
    cr_expect(urio_text_colour_wanted(w, true) == false);
    cr_expect(urio_text_colour_wanted(NULL, false) == false);
    const char text[] = "Title\n  gdp  +1.5  (-2.0 %)  FAILED\n  ----\n";
    urio_text_print(w, text, sizeof text - 1, true);
    fclose(w);
    char got[512] = {0};
    FILE *r = fdopen(fd[0], "r");
    cr_assert(r != NULL);
    size_t n = fread(got, 1, sizeof got - 1, r);
    fclose(r);
    got[n] = '\0';
    cr_expect(strstr(got, "\033[1mTitle\033[0m") != NULL);
    cr_expect(strstr(got, "\033[34m+1.5\033[0m") != NULL);
    cr_expect(strstr(got, "(\033[31m-2.0\033[0m %)") != NULL);
    cr_expect(strstr(got, "\033[1;31mFAILED\033[0m") != NULL);
    /* Without the escape sequences the text is unchanged. */
    char plain[512];
    size_t k = 0;
    for (const char *p = got; *p != '\0';) {
        if (*p == '\033') {
            p = strchr(p, 'm') + 1;
            continue;
        }
        plain[k++] = *p++;
    }
    plain[k] = '\0';
    cr_expect_str_eq(plain, text);
}

/* The Monte Carlo hook: a band for (scenario, indicator, label) puts an error bar on
 * that bar, converted to the chart's unit (change in model units for IO). */
Test(html, bands_become_error_bars)
{
    urio_model_file *mf = NULL;
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load("tests/fixtures/io-basic/model.yaml", &mf, &d), URIO_OK));
    cr_assert(eq(int, urio_io_analyse(mf->io, &r, &d), URIO_OK));
    char name[] = "demand <+10>";
    urio_io_scenario sc = {name, 0, NULL};
    urio_effect e[3] = {{0, "output", "s1", 100.0, 110.0},
                        {0, "output", "s2", 200.0, 190.0},
                        {0, "output", "", 300.0, 300.0}};
    urio_effects fx = {3, 3, e};
    const urio_run_report rep = {.model = mf,
                                 .io = r,
                                 .scenario_path = "s.yaml",
                                 .scenarios = &sc,
                                 .nscen = 1,
                                 .effects = &fx,
                                 .version = "test"};
    const urio_band band = {"demand <+10>", "output", "s1", 110.0, 2.0, 106.0, 110.0, 114.0};
    const urio_bands mc = {1, &band, 50};
    char dir[] = "/tmp/urio-html-XXXXXX";
    cr_assert(mkdtemp(dir) != NULL);
    cr_assert(eq(int, urio_write_report_html(dir, &rep, &mc, &d), URIO_OK), "%s", d.msg);
    char path[128];
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *buf = NULL;
    size_t len = 0;
    cr_assert(eq(int, urio_read_file(path, &buf, &len, &d), URIO_OK));
    cr_expect(strstr(buf, "data-chart=\"output\"") != NULL);
    cr_expect(eq(sz, count(buf, "class=\"band\""), 1));
    cr_expect(strstr(buf, "5th to 95th percentile") != NULL);
    cr_expect(strstr(buf, "demand &lt;+10&gt;") != NULL && strstr(buf, "demand <+10>") == NULL);
    cr_expect(strstr(buf, "+10.0") != NULL && strstr(buf, MINUS "10.0") != NULL);
    free(buf);
    unlink(path);
    rmdir(dir);
    urio_io_result_free(r);
    urio_model_file_free(mf);
}

/* More areas than styles (here 30 regions of one sector): one series of whole
 * labels, the 25 largest changes, largest first. */
Test(html, many_areas_fall_back_to_the_largest_changes)
{
    urio_model_file *mf = NULL;
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load("tests/fixtures/io-basic/model.yaml", &mf, &d), URIO_OK));
    cr_assert(eq(int, urio_io_analyse(mf->io, &r, &d), URIO_OK));
    char name[] = "s";
    urio_io_scenario sc = {name, 0, NULL};
    urio_effect e[30];
    for (size_t i = 0; i < 30; i++) {
        memset(&e[i], 0, sizeof e[i]);
        snprintf(e[i].indicator, sizeof e[i].indicator, "output");
        snprintf(e[i].label, sizeof e[i].label, "r%02zu/farm", i);
        e[i].base = 100.0;
        e[i].value = 100.0 + (double)i;
    }
    urio_effects fx = {30, 30, e};
    const urio_run_report rep = {
        .model = mf, .io = r, .scenarios = &sc, .nscen = 1, .effects = &fx, .version = "t"};
    char dir[] = "/tmp/urio-html-XXXXXX";
    cr_assert(mkdtemp(dir) != NULL);
    cr_assert(eq(int, urio_write_report_html(dir, &rep, NULL, &d), URIO_OK), "%s", d.msg);
    char path[128];
    snprintf(path, sizeof path, "%s/report.html", dir);
    char *buf = NULL;
    size_t len = 0;
    cr_assert(eq(int, urio_read_file(path, &buf, &len, &d), URIO_OK));
    cr_expect(strstr(buf, "Output by sector, largest changes") != NULL);
    const char *chart = strstr(buf, "id=\"s1-output\"");
    cr_assert(chart != NULL);
    cr_expect(eq(sz, count(chart, "class=\"bar\""), 25));
    cr_expect(strstr(chart, "r29/farm") != NULL && strstr(chart, "r04/farm") == NULL);
    free(buf);
    unlink(path);
    rmdir(dir);
    urio_io_result_free(r);
    urio_model_file_free(mf);
}

/* The report's bands are levels: base + the statistics of the change (sd as is). */
Test(html, uncertainty_becomes_level_bands)
{
    urio_effect ind[2] = {{.indicator = "income", .label = "rural", .base = 10.0},
                          {.indicator = "ratio", .label = "", .base = 2.5}};
    urio_stat stat[2] = {
        {.mean = 2.0, .sd = 1.0, .p5 = 0.5, .p50 = 2.0, .p95 = 3.5, .n = 9},
        {.mean = -0.25, .sd = 0.125, .p5 = -0.5, .p50 = -0.25, .p95 = 0.0, .n = 9}};
    urio_uncertainty u = {.name = "mc", .nind = 2, .ind = ind, .stat = stat};
    urio_band *b = urio_uncertainty_bands(&u);
    cr_assert(not(eq(ptr, b, NULL)));
    cr_expect(eq(str, (char *)b[0].scenario, "mc"));
    cr_expect(eq(str, (char *)b[0].indicator, "income"));
    cr_expect(eq(str, (char *)b[0].label, "rural"));
    cr_expect(eq(dbl, b[0].mean, 12.0));
    cr_expect(eq(dbl, b[0].sd, 1.0));
    cr_expect(eq(dbl, b[0].p5, 10.5));
    cr_expect(eq(dbl, b[0].p50, 12.0));
    cr_expect(eq(dbl, b[0].p95, 13.5));
    cr_expect(eq(dbl, b[1].mean, 2.25));
    cr_expect(eq(dbl, b[1].p5, 2.0));
    cr_expect(eq(dbl, b[1].p95, 2.5));
    free(b);
}
