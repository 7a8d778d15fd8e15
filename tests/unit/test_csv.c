/* test_csv.c - urio_csv_parse and urio_read_file: every accepted quirk of DESIGN.md
 * section 4 with exact values, every error class with its status, line and column,
 * and random inputs that must never crash or read past the buffer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

/* Parse text[0..len) from a heap copy of exactly len bytes, so that ASan reports
 * any read past the end. */
static urio_status parse_n(const char *text, size_t len, urio_table **t, urio_diag *d)
{
    char *buf = malloc(len > 0 ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    urio_diag_clear(d);
    urio_status s = urio_csv_parse(buf, len, "Z.csv", t, d);
    free(buf);
    return s;
}

#define PARSE(lit, t, d) parse_n((lit), sizeof(lit) - 1, (t), (d))

static double at(const urio_table *t, size_t i, size_t j)
{
    return URIO_MAT(t->values, i, j);
}

/* Expect a failure with status s at line:col. */
static void expect_error(const char *text, size_t len, urio_status s, size_t line, size_t col)
{
    urio_table *t = NULL;
    urio_diag d;
    urio_status got = parse_n(text, len, &t, &d);
    cr_assert(eq(int, got, s), "status %d, msg: %s", (int)got, d.msg);
    cr_assert_null(t);
    cr_expect(eq(int, d.status, s));
    cr_expect(eq(str, d.file, "Z.csv"));
    cr_expect(eq(sz, d.line, line), "line %zu (msg: %s)", d.line, d.msg);
    cr_expect(eq(sz, d.col, col), "col %zu (msg: %s)", d.col, d.msg);
    cr_expect(d.msg[0] != '\0');
}

#define EXPECT_ERROR(lit, s, line, col) expect_error((lit), sizeof(lit) - 1, (s), (line), (col))

/* ---- Accepted input ------------------------------------------------------------ */

Test(csv, basic_values_labels_and_positions)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("sector,s1,s2\ns1,1.5,-2\ns2,3e2,0.25\n", &t, &d), URIO_OK));
    cr_assert(eq(str, t->corner, "sector"));
    cr_assert(eq(sz, t->rows->count, 2));
    cr_assert(eq(sz, t->cols->count, 2));
    cr_expect(eq(str, t->rows->name[1], "s2"));
    cr_expect(eq(str, t->cols->name[0], "s1"));
    cr_expect(eq(dbl, at(t, 0, 0), 1.5));
    cr_expect(eq(dbl, at(t, 0, 1), -2.0));
    cr_expect(eq(dbl, at(t, 1, 0), 300.0));
    cr_expect(eq(dbl, at(t, 1, 1), 0.25));
    cr_expect(eq(str, t->source, "Z.csv"));
    cr_expect(eq(sz, t->row_line[0], 2));
    cr_expect(eq(sz, t->row_line[1], 3));
    cr_expect(eq(sz, t->col_column[0], 2));
    cr_expect(eq(sz, t->col_column[1], 3));
    urio_table_free(t);
}

Test(csv, bom_and_crlf)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("\xEF\xBB\xBFsector,a,b\r\na,1,2\r\nb,3,4\r\n", &t, &d), URIO_OK));
    cr_expect(eq(str, t->corner, "sector"));
    cr_expect(eq(str, t->cols->name[1], "b"));
    cr_expect(eq(str, t->rows->name[1], "b"));
    cr_expect(eq(dbl, at(t, 1, 1), 4.0));
    cr_expect(eq(sz, t->row_line[1], 3));
    urio_table_free(t);
}

Test(csv, quoted_labels_with_commas_and_escaped_quotes)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int,
                 PARSE("sector,\"food, drink\",\"say \"\"hi\"\"\"\n"
                       "\"food, drink\",1,\"2\"\n"
                       "\"say \"\"hi\"\"\",3,4\n",
                       &t, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(str, t->cols->name[0], "food, drink"));
    cr_expect(eq(str, t->cols->name[1], "say \"hi\""));
    cr_expect(eq(str, t->rows->name[0], "food, drink"));
    cr_expect(eq(str, t->rows->name[1], "say \"hi\""));
    cr_expect(eq(dbl, at(t, 0, 1), 2.0));
    cr_expect(eq(dbl, at(t, 1, 0), 3.0));
    urio_table_free(t);
}

Test(csv, empty_cell_is_zero)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b,c\na,,2,\nb, ,\"\",5\n", &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(dbl, at(t, 0, 0), 0.0));
    cr_expect(eq(dbl, at(t, 0, 1), 2.0));
    cr_expect(eq(dbl, at(t, 0, 2), 0.0));
    cr_expect(eq(dbl, at(t, 1, 0), 0.0));
    cr_expect(eq(dbl, at(t, 1, 1), 0.0));
    cr_expect(eq(dbl, at(t, 1, 2), 5.0));
    urio_table_free(t);
}

Test(csv, no_trailing_newline)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a\na,7", &t, &d), URIO_OK));
    cr_expect(eq(dbl, at(t, 0, 0), 7.0));
    urio_table_free(t);
    cr_assert(eq(int, PARSE("s,a\na,", &t, &d), URIO_OK)); /* last cell empty, no newline */
    cr_expect(eq(dbl, at(t, 0, 0), 0.0));
    urio_table_free(t);
}

Test(csv, trailing_empty_lines)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a\na,1\n\n", &t, &d), URIO_OK));
    cr_expect(eq(sz, t->rows->count, 1));
    urio_table_free(t);
    cr_assert(eq(int, PARSE("s,a\r\na,1\r\n\r\n  \r\n", &t, &d), URIO_OK));
    cr_expect(eq(sz, t->rows->count, 1));
    urio_table_free(t);
}

Test(csv, spaces_around_numbers_and_labels)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE(" sector , a ,b\n  a , 1.25 ,\t-3 \n b,+4,.5\n", &t, &d), URIO_OK),
              "%s", d.msg);
    cr_expect(eq(str, t->corner, "sector"));
    cr_expect(eq(str, t->cols->name[0], "a"));
    cr_expect(eq(str, t->rows->name[0], "a"));
    cr_expect(eq(str, t->rows->name[1], "b"));
    cr_expect(eq(dbl, at(t, 0, 0), 1.25));
    cr_expect(eq(dbl, at(t, 0, 1), -3.0));
    cr_expect(eq(dbl, at(t, 1, 0), 4.0));
    cr_expect(eq(dbl, at(t, 1, 1), 0.5));
    urio_table_free(t);
}

Test(csv, newline_inside_quotes_counts_lines)
{
    urio_table *t = NULL;
    urio_diag d;
    /* The corner spans two lines, so row a starts on line 3. */
    cr_assert(eq(int, PARSE("\"region\nsector\",a\na,1\nb,x\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 4));
    cr_expect(eq(sz, d.col, 2));
    cr_assert(eq(int, PARSE("\"region\r\nsector\",a\na,1\n", &t, &d), URIO_OK));
    cr_expect(eq(str, t->corner, "region\r\nsector"));
    cr_expect(eq(sz, t->row_line[0], 3));
    urio_table_free(t);
}

Test(csv, region_area_sector_labels_and_utf8)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int,
                 PARSE("sector,north/rural/农业,north/urban/tourism\n"
                       "north/rural/农业,1,2\nnorth/urban/tourism,3,4\n",
                       &t, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(str, t->cols->name[0], "north/rural/农业"));
    urio_table_free(t);
}

Test(csv, exact_decimal_values)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b,c,d\na,0.1,1e-5,-0,123456789012345678\n", &t, &d), URIO_OK));
    cr_expect(eq(dbl, at(t, 0, 0), 0.1));
    cr_expect(eq(dbl, at(t, 0, 1), 1e-5));
    cr_expect(eq(dbl, at(t, 0, 2), 0.0));
    cr_expect(eq(dbl, at(t, 0, 3), 123456789012345678.0));
    urio_table_free(t);
}

Test(csv, large_table_is_linear)
{
    /* 100,000 rows x 3 columns. */
    const size_t n = 100000;
    size_t cap = 64 + n * 48, len = 0;
    char *buf = malloc(cap);
    cr_assert_not_null(buf);
    len += (size_t)snprintf(buf, cap, "sector,a,b,c\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, "r%zu,%zu,0.5,\n", i, i);
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, urio_csv_parse(buf, len, "big.csv", &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(sz, t->rows->count, n));
    cr_expect(eq(dbl, at(t, n - 1, 0), (double)(n - 1)));
    cr_expect(eq(sz, t->row_line[n - 1], n + 1));
    urio_table_free(t);
    free(buf);
}

/* ---- Errors -------------------------------------------------------------------- */

Test(csv, text_cell_names_line_column_and_labels)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("sector,s1,s2,s3\ns1,1,2,3\ns2,4,5,abc\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(str, d.file, "Z.csv"));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 4));
    cr_expect(eq(str, d.msg, "cell is not a number: \"abc\" (row \"s2\", column \"s3\")"));
    cr_expect(d.hint[0] != '\0');
    char out[2048];
    urio_diag_format(&d, out, sizeof out);
    cr_expect(strstr(out, "Z.csv:3:4: error: cell is not a number: \"abc\"") == out, "%s", out);
}

Test(csv, comma_in_a_quoted_number)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\na,1,\"1,2\"\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 3));
    cr_expect(strstr(d.msg, "\"1,2\"") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "point") != NULL, "%s", d.hint);
}

Test(csv, malformed_numbers)
{
    EXPECT_ERROR("s,a,b\na,1,1.2.3\n", URIO_EPARSE, 2, 3);
    EXPECT_ERROR("s,a,b\na,1e,1\n", URIO_EPARSE, 2, 2);
    EXPECT_ERROR("s,a,b\na,.,1\n", URIO_EPARSE, 2, 2);
    EXPECT_ERROR("s,a,b\na,-,1\n", URIO_EPARSE, 2, 2);
    EXPECT_ERROR("s,a,b\na,1 2,1\n", URIO_EPARSE, 2, 2);
    EXPECT_ERROR("s,a,b\na,1,12%\n", URIO_EPARSE, 2, 3);
}

Test(csv, non_finite_values)
{
    urio_table *t = NULL;
    urio_diag d;
    const char *bad[] = {"nan", "NaN", "inf", "-inf", "Infinity", "+INF"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[64];
        int n = snprintf(text, sizeof text, "s,a\na,%s\n", bad[k]);
        cr_assert(eq(int, parse_n(text, (size_t)n, &t, &d), URIO_EPARSE), "%s", bad[k]);
        cr_expect(eq(sz, d.line, 2));
        cr_expect(eq(sz, d.col, 2));
        cr_expect(strstr(d.msg, "not a finite number") != NULL, "%s", d.msg);
    }
    cr_assert(eq(int, PARSE("s,a\na,1e400\n", &t, &d), URIO_EPARSE));
    cr_expect(strstr(d.msg, "too large") != NULL, "%s", d.msg);
    cr_expect(eq(sz, d.col, 2));
    cr_assert(eq(int, PARSE("s,a\na,-1e400\n", &t, &d), URIO_EPARSE));
}

Test(csv, hex_floats_are_rejected)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\na,1,0x1p3\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 3));
    cr_expect(strstr(d.msg, "hexadecimal") != NULL, "%s", d.msg);
    EXPECT_ERROR("s,a\na,0x10\n", URIO_EPARSE, 2, 2);
}

Test(csv, empty_input)
{
    EXPECT_ERROR("", URIO_EPARSE, 1, 0);
    EXPECT_ERROR("\xEF\xBB\xBF", URIO_EPARSE, 1, 0);
    EXPECT_ERROR("\n\r\n  \n", URIO_EPARSE, 1, 0);
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, urio_csv_parse(NULL, 0, "Z.csv", &t, &d), URIO_EPARSE));
    cr_expect(strstr(d.msg, "empty") != NULL);
}

Test(csv, header_without_columns)
{
    EXPECT_ERROR("sector\ns1\n", URIO_EPARSE, 1, 1);
    EXPECT_ERROR("sector,\ns1,1\n", URIO_EPARSE, 1, 2); /* empty column label */
}

Test(csv, header_without_rows)
{
    EXPECT_ERROR("sector,a,b\n", URIO_EPARSE, 2, 0);
}

Test(csv, ragged_rows)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\na,1,2\nb,3\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(str, d.msg, "expected 3 fields, got 2"));
    cr_assert(eq(int, PARSE("s,a,b\na,1,2,3,4\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 4));
    cr_expect(eq(str, d.msg, "expected 3 fields, got 5"));
    /* An unquoted label with a comma makes the row one field too long. */
    EXPECT_ERROR("s,a\nfood, drink,1\n", URIO_EPARSE, 2, 3);
}

Test(csv, duplicate_labels_name_both_places)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\na,1,2\nb,3,4\na,5,6\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 4));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(strstr(d.msg, "lines 2 and 4") != NULL, "%s", d.msg);
    cr_expect(strstr(d.msg, "\"a\"") != NULL, "%s", d.msg);
    cr_assert(eq(int, PARSE("s,a,b,a\na,1,2,3\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 1));
    cr_expect(eq(sz, d.col, 4));
    cr_expect(strstr(d.msg, "columns 2 and 4") != NULL, "%s", d.msg);
}

Test(csv, invalid_labels)
{
    EXPECT_ERROR("s,a\n,1\n", URIO_EPARSE, 2, 1);           /* empty row label */
    EXPECT_ERROR("s,a\n\"  \",1\n", URIO_EPARSE, 2, 1);     /* blank once trimmed */
    EXPECT_ERROR("s,a\n\"x\x01y\",1\n", URIO_EPARSE, 2, 1); /* control character */
    EXPECT_ERROR("s,\"a\tb\"\na,1\n", URIO_EPARSE, 1, 2);   /* tab inside a label */
    EXPECT_ERROR("s,a\n\"x\ny\",1\n", URIO_EPARSE, 2, 1);   /* newline inside a label */
    static const char nul[] = "s,a\nx\0y,1\n";
    expect_error(nul, sizeof nul - 1, URIO_EPARSE, 2, 1);
    static const char nulcell[] = "s,a\nx,1\0\n";
    expect_error(nulcell, sizeof nulcell - 1, URIO_EPARSE, 2, 2);
}

Test(csv, invalid_utf8)
{
    EXPECT_ERROR("s,a\nb\xff,1\n", URIO_EPARSE, 2, 1);
    EXPECT_ERROR("s,a,\xc3\n", URIO_EPARSE, 1, 3);                 /* truncated sequence */
    EXPECT_ERROR("s,a\nb,1\nc\xc0\xaf,2\n", URIO_EPARSE, 3, 1);    /* overlong '/' */
    EXPECT_ERROR("s,a\n\xed\xa0\x80,1\n", URIO_EPARSE, 2, 1);      /* surrogate */
    EXPECT_ERROR("s,a\nb,1\xf4\x90\x80\x80\n", URIO_EPARSE, 2, 2); /* above U+10FFFF */
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a\nb\xff,1\n", &t, &d), URIO_EPARSE));
    cr_expect(strstr(d.msg, "UTF-8") != NULL, "%s", d.msg);
}

Test(csv, unterminated_quote_points_at_its_start)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\na,1,2\n\"b,3,4\nc,5,6\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(strstr(d.msg, "unterminated") != NULL, "%s", d.msg);
    EXPECT_ERROR("\"", URIO_EPARSE, 1, 1);
    EXPECT_ERROR("s,\"a\"\"", URIO_EPARSE, 1, 2);
}

Test(csv, text_after_closing_quote)
{
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE("s,a,b\n\"a\"x,1,2\n", &t, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(strstr(d.msg, "closing quote") != NULL, "%s", d.msg);
    EXPECT_ERROR("s,a,b\na,\"1\" 2,3\n", URIO_EPARSE, 2, 2);
}

Test(csv, empty_line_inside_the_table)
{
    EXPECT_ERROR("s,a\na,1\n\nb,2\n", URIO_EPARSE, 3, 1);
}

/* ---- Robustness ------------------------------------------------------------------ */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

Test(csv, random_bytes_never_crash)
{
    static const char alphabet[] = "\",\r\n 0123456789.eE+-abs/\xEF\xBB\xBF\xff\xc3\xa9\0\t";
    for (int iter = 0; iter < 20000; iter++) {
        size_t len = (size_t)(rng() % 64);
        char *buf = malloc(len > 0 ? len : 1);
        for (size_t i = 0; i < len; i++)
            buf[i] = (iter & 1) ? (char)(rng() & 0xff) : alphabet[rng() % (sizeof alphabet - 1)];
        urio_table *t = NULL;
        urio_diag d;
        urio_diag_clear(&d);
        urio_status s = urio_csv_parse(buf, len, "fuzz.csv", &t, &d);
        if (s == URIO_OK) {
            cr_assert_not_null(t);
            cr_assert(eq(sz, t->values->rows, t->rows->count));
            urio_table_free(t);
        } else {
            cr_assert_null(t);
            cr_assert(eq(int, d.status, s));
        }
        free(buf);
    }
}

Test(csv, mutated_valid_tables_never_crash)
{
    static const char base[] = "\xEF\xBB\xBFsector,\"a, b\",c\r\n\"a, b\",1.5,\"2\"\r\nc,,3e2\r\n";
    const size_t n = sizeof base - 1;
    for (int iter = 0; iter < 20000; iter++) {
        char *buf = malloc(n);
        memcpy(buf, base, n);
        int flips = 1 + (int)(rng() % 3);
        for (int k = 0; k < flips; k++)
            buf[rng() % n] = (char)(rng() & 0xff);
        size_t len = (size_t)(rng() % (n + 1)); /* also every truncation */
        urio_table *t = NULL;
        urio_diag d;
        if (urio_csv_parse(buf, len, "fuzz.csv", &t, &d) == URIO_OK) urio_table_free(t);
        free(buf);
    }
}

Test(csv, long_quoted_field_is_linear)
{
    /* One 4 MB quoted corner made of escaped quotes: a quadratic scan would time out. */
    const size_t n = 4u << 20;
    char *buf = malloc(n + 16);
    cr_assert_not_null(buf);
    size_t len = 0;
    buf[len++] = '"';
    while (len < n)
        buf[len++] = '"';
    buf[len++] = '"';
    memcpy(buf + len, ",a\na,1\n", 7);
    len += 7;
    urio_table *t = NULL;
    urio_diag d;
    urio_status s = urio_csv_parse(buf, len, "big.csv", &t, &d);
    cr_expect(s == URIO_OK || s == URIO_EPARSE);
    urio_table_free(t);
    free(buf);
}

/* ---- urio_read_file ---------------------------------------------------------------- */

Test(read_file, reads_and_terminates)
{
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    cr_assert(eq(int, urio_read_file("tests/fixtures/io-basic/x.csv", &buf, &len, &d), URIO_OK),
              "%s", d.msg);
    cr_expect(eq(sz, len, strlen("sector,x\ns1,1000\ns2,2000\n")));
    cr_expect(eq(str, buf, "sector,x\ns1,1000\ns2,2000\n"));
    free(buf);
}

Test(read_file, missing_file)
{
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    cr_assert(eq(int, urio_read_file("tests/fixtures/no-such-file.csv", &buf, &len, &d), URIO_EIO));
    cr_expect_null(buf);
    cr_expect(eq(str, d.file, "tests/fixtures/no-such-file.csv"));
    cr_expect(eq(str, d.msg, "cannot open: No such file or directory"));
    cr_expect(d.hint[0] != '\0');
}

Test(read_file, directory_is_refused)
{
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    cr_assert(eq(int, urio_read_file("tests/fixtures", &buf, &len, &d), URIO_EIO));
    cr_expect_null(buf);
    cr_expect(strstr(d.msg, "directory") != NULL, "%s", d.msg);
    cr_expect(d.hint[0] != '\0');
}

Test(read_file, unreadable_file)
{
    if (geteuid() == 0) cr_skip_test("root reads every file");
    char path[] = "/tmp/urio-test-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    chmod(path, 0);
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    urio_status s = urio_read_file(path, &buf, &len, &d);
    unlink(path);
    cr_assert(eq(int, s, URIO_EIO));
    cr_expect(strstr(d.msg, "Permission denied") != NULL, "%s", d.msg);
}

Test(read_file, empty_file_is_terminated)
{
    char *buf = NULL;
    size_t len = 1;
    urio_diag d;
    cr_assert(eq(int, urio_read_file("/dev/null", &buf, &len, &d), URIO_OK));
    cr_expect(eq(sz, len, 0));
    cr_expect(eq(int, buf[0], 0));
    free(buf);
}

/* ---- urio_csv_parse_all: every problem that leaves the table readable ---------- */

/* urio_csv_parse_all on a heap copy of exactly len bytes (see parse_n). */
static urio_status parse_all_n(const char *text, size_t len, urio_table **t, urio_diag *d,
                               urio_diags *all)
{
    char *buf = malloc(len > 0 ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    urio_status s = urio_csv_parse_all(buf, len, "Z.csv", t, d, all);
    free(buf);
    return s;
}

static void expect_place(const urio_diags *all, size_t k, size_t line, size_t col)
{
    cr_assert(k < all->count);
    const urio_diag *p = &all->item[k];
    cr_expect(eq(int, p->status, URIO_EPARSE));
    cr_expect(eq(str, (char *)p->file, "Z.csv"));
    cr_expect(eq(sz, p->line, line), "problem %zu: line %zu (%s)", k, p->line, p->msg);
    cr_expect(eq(sz, p->col, col), "problem %zu: col %zu (%s)", k, p->col, p->msg);
}

Test(csv_all, every_readable_problem_in_file_order)
{
    static const char text[] = "sector,s1,s2\n"
                               "s1,1,x\n" /* line 2, column 3: not a number */
                               "s2,1\n"   /* line 3: a field short (the column after it) */
                               "\n"       /* line 4: empty line inside the table */
                               "s3,y,z\n" /* line 5: columns 2 and 3 */
                               "s4,1,2\n";
    urio_diags all = {0};
    urio_table *t = NULL;
    urio_diag d;
    urio_status s = parse_all_n(text, sizeof text - 1, &t, &d, &all);
    cr_assert(eq(int, s, URIO_EPARSE));
    cr_expect_null(t);
    cr_assert(eq(sz, all.count, 5));
    expect_place(&all, 0, 2, 3);
    expect_place(&all, 1, 3, 3);
    expect_place(&all, 2, 4, 1);
    expect_place(&all, 3, 5, 2);
    expect_place(&all, 4, 5, 3);
    cr_expect(eq(sz, all.dropped, 0));
    /* d holds the first, which is what urio_csv_parse reports alone. */
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 3));
    urio_diag one;
    cr_expect(eq(int, parse_n(text, sizeof text - 1, &t, &one), URIO_EPARSE));
    cr_expect(eq(sz, one.line, 2));
    cr_expect(eq(sz, one.col, 3));
    cr_expect(eq(str, one.msg, d.msg));
    urio_diags_clear(&all);
    cr_expect(eq(sz, all.count, 0));
}

Test(csv_all, a_clean_table_lists_nothing_and_reads_as_usual)
{
    static const char text[] = "sector,s1,s2\ns1,1.5,-2\ns2,,0.25\n";
    urio_diags all = {0};
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, parse_all_n(text, sizeof text - 1, &t, &d, &all), URIO_OK));
    cr_expect(eq(sz, all.count, 0));
    cr_assert_not_null(t);
    cr_expect(eq(dbl, at(t, 0, 1), -2.0));
    cr_expect(eq(dbl, at(t, 1, 0), 0.0));
    urio_table_free(t);
}

/* A problem that stops the reading (an unterminated quote) is listed last, after
 * those found before it; d still holds the first. */
Test(csv_all, a_stopping_problem_is_listed_last)
{
    static const char text[] = "sector,s1,s2\ns1,1,x\ns2,\"2,3\n";
    urio_diags all = {0};
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, parse_all_n(text, sizeof text - 1, &t, &d, &all), URIO_EPARSE));
    cr_expect_null(t);
    cr_assert(eq(sz, all.count, 2));
    expect_place(&all, 0, 2, 3);
    cr_expect(eq(sz, all.item[1].line, 3), "%s", all.item[1].msg);
    cr_expect(eq(sz, d.line, 2));
    urio_diags_clear(&all);
}

/* A table with another delimiter fails in every row: reading stops after 20
 * problems with a 21st that says so. */
Test(csv_all, reading_stops_after_twenty_problems)
{
    char text[4096];
    size_t len = (size_t)snprintf(text, sizeof text, "sector,s1\n");
    for (int i = 0; i < 40; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "s%d,x%d\n", i, i);
    urio_diags all = {0};
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, parse_all_n(text, len, &t, &d, &all), URIO_EPARSE));
    cr_assert(eq(sz, all.count, 21));
    for (size_t k = 0; k < 20; k++)
        expect_place(&all, k, k + 2, 2);
    cr_expect(eq(sz, all.item[20].line, 22));
    cr_expect(strstr(all.item[20].msg, "more than 20 problems") != NULL, "%s", all.item[20].msg);
    urio_diags_clear(&all);
}

Test(csv_all, the_list_keeps_at_most_its_maximum)
{
    urio_diags all = {0};
    urio_diag d;
    urio_diag_set(&d, URIO_EPARSE, "Z.csv", 1, 1, NULL, "problem");
    for (int i = 0; i < URIO_DIAGS_MAX + 3; i++)
        urio_diags_add(&all, &d);
    cr_expect(eq(sz, all.count, URIO_DIAGS_MAX));
    cr_expect(eq(sz, all.dropped, 3));
    urio_diag clear;
    urio_diag_clear(&clear);
    urio_diags_add(&all, &clear); /* "no problem" is not a problem */
    cr_expect(eq(sz, all.dropped, 3));
    urio_diags_clear(&all);
}
