/* test_pymrio.c - pymrio folders (urio_pymrio_read, urio_pymrio_parse_table, the
 * `pymrio:` key of a model file) and footprints (urio_io_footprints_compute).
 *
 * The reader is checked on pymrio's own test MRIO (tests/fixtures/pymrio-testmrio/,
 * as IOSystem.save_all(table_format='txt') writes it): dimensions, labels, and cells
 * equal to the numbers in the files' text.  Malformed tables and folders must fail
 * with the file, line and field.  Footprints are checked against a two-region
 * closed form and against their identities on the fixture; the comparison with a
 * numpy reimplementation of pymrio's calc_all is tests/cli/pymrio.sh. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#define FIX "tests/fixtures/pymrio-testmrio"

/* ---- Helpers ---------------------------------------------------------------------- */

/* Parse text[0..len) from a heap copy of exactly len bytes (ASan sees overreads). */
static urio_status parse_n(const char *text, size_t len, size_t K, size_t H, urio_table **t,
                           urio_diag *d)
{
    char *buf = malloc(len > 0 ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    urio_diag_clear(d);
    urio_status s = urio_pymrio_parse_table(buf, len, "T.txt", K, H, t, d);
    free(buf);
    return s;
}

#define PARSE(lit, K, H, t, d) parse_n((lit), sizeof(lit) - 1, (K), (H), (t), (d))

/* Expect a parse failure with status s at line:col and a message holding `what`. */
static void expect_table_error(const char *text, size_t K, size_t H, urio_status s, size_t line,
                               size_t col, const char *what)
{
    urio_table *t = NULL;
    urio_diag d;
    urio_status got = parse_n(text, strlen(text), K, H, &t, &d);
    cr_expect(eq(int, got, s), "status %d for [%s]: %s", got, text, d.msg);
    cr_expect_null(t);
    cr_expect(eq(str, d.file, "T.txt"));
    cr_expect(eq(sz, d.line, line), "line %zu for [%s]: %s", d.line, text, d.msg);
    cr_expect(eq(sz, d.col, col), "col %zu for [%s]: %s", d.col, text, d.msg);
    cr_expect(strstr(d.msg, what) != NULL, "message [%s] lacks [%s]", d.msg, what);
    cr_expect(d.hint[0] != '\0', "no hint for [%s]", text);
    urio_table_free(t);
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    cr_assert_not_null(fp, "cannot write %s", path);
    fputs(text, fp);
    fclose(fp);
}

/* A fresh copy of the fixture in a temporary folder (removed by the caller). */
static char *copy_fixture(void)
{
    char tmpl[] = "/tmp/urio-pymrio-XXXXXX";
    char *dir = mkdtemp(tmpl);
    cr_assert_not_null(dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp -r " FIX "/. %s && chmod -R u+w %s", dir, dir);
    cr_assert(eq(int, system(cmd), 0));
    return strdup(dir);
}

static void remove_tree(char *dir)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_expect(eq(int, system(cmd), 0));
    free(dir);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    cr_assert_not_null(p);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Read folder and expect failure s in `file` (a suffix of d.file) at line:col. */
static urio_diag expect_folder_error(const char *folder, urio_status s, const char *file,
                                     size_t line, size_t col)
{
    urio_pymrio *p = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status got = urio_pymrio_read(folder, &p, &d);
    cr_expect(eq(int, got, s), "status %d, want %d: %s: %s", got, s, d.file, d.msg);
    cr_expect_null(p);
    size_t lf = strlen(d.file), lw = strlen(file);
    cr_expect(lf >= lw && strcmp(d.file + lf - lw, file) == 0, "file %s, want .../%s", d.file,
              file);
    cr_expect(eq(sz, d.line, line), "line %zu, want %zu: %s", d.line, line, d.msg);
    cr_expect(eq(sz, d.col, col), "col %zu, want %zu: %s", d.col, col, d.msg);
    cr_expect(d.hint[0] != '\0', "no hint: %s", d.msg);
    urio_pymrio_free(p);
    return d;
}

static bool near_rel(double a, double b, double tol)
{
    double scale = fabs(b) > 1.0 ? fabs(b) : 1.0;
    return fabs(a - b) <= tol * scale;
}

/* ---- The fixture --------------------------------------------------------------------- */

Test(pymrio, reads_the_test_mrio)
{
    urio_pymrio *p = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_pymrio_read(FIX, &p, &d), URIO_OK), "%s: %s", d.file, d.msg);
    const urio_io_model *m = p->io;
    const urio_io_extensions *ext = p->ext;

    /* 6 regions x 8 sectors; 6 regions x 7 final-demand categories. */
    cr_expect(eq(sz, m->sectors->count, 48));
    cr_expect(eq(str, m->sectors->name[0], "reg1/food"));
    cr_expect(eq(str, m->sectors->name[2], "reg1/manufactoring"));
    cr_expect(eq(str, m->sectors->name[47], "reg6/other"));
    cr_expect(eq(sz, m->categories->count, 42));
    cr_expect(eq(str, m->categories->name[0], "reg1/Final consumption expenditure by households"));
    cr_expect(eq(str, m->categories->name[6], "reg1/Export"));
    cr_expect(eq(str, m->categories->name[41], "reg6/Export"));

    /* Cells equal the text of Z.txt, Y.txt, F.txt and F_Y.txt exactly. */
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 0), 23697.221));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 1), 57.495387));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 2), 106490.98));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 1, 0), 257.18317));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 0, 0), 58180.65));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 1, 5), 0.0003760902));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 1, 19), 2.6813696e-06));

    /* Satellites: the extensions in folder order, F rows prefixed by the folder. */
    cr_assert_not_null(m->S);
    cr_expect(eq(sz, m->srows->count, 3));
    cr_expect(eq(str, m->srows->name[0], "emissions/emission_type1/air"));
    cr_expect(eq(str, m->srows->name[1], "emissions/emission_type2/water"));
    cr_expect(eq(str, m->srows->name[2], "factor_inputs/Value Added"));
    cr_expect(eq(dbl, URIO_MAT(m->S, 0, 0), 1848064.8));
    cr_expect(eq(dbl, URIO_MAT(m->S, 1, 0), 139250.47));
    cr_expect(eq(dbl, URIO_MAT(m->S, 2, 0), 111490.88));
    cr_assert_not_null(ext->F_Y);
    cr_expect(eq(dbl, URIO_MAT(ext->F_Y, 0, 0), 62335321.0));
    cr_expect(eq(dbl, URIO_MAT(ext->F_Y, 1, 7), 40214002.0));
    cr_expect(eq(dbl, URIO_MAT(ext->F_Y, 2, 0), 0.0)); /* factor_inputs has no F_Y */

    /* Regions, population, units, name. */
    cr_expect(eq(sz, ext->regions->count, 6));
    cr_expect(eq(str, ext->regions->name[0], "reg1"));
    cr_expect(eq(str, ext->regions->name[5], "reg6"));
    cr_expect(eq(sz, ext->sector_region[7], 0));
    cr_expect(eq(sz, ext->sector_region[8], 1));
    cr_expect(eq(sz, ext->sector_region[47], 5));
    cr_expect(eq(sz, ext->category_region[6], 0));
    cr_expect(eq(sz, ext->category_region[7], 1));
    cr_assert_not_null(ext->population);
    cr_expect(eq(dbl, ext->population[0], 780000000.0));
    cr_expect(eq(dbl, ext->population[1], 3700000000.0));
    cr_expect(eq(sz, ext->nunits, 3));
    cr_expect(eq(str, ext->units[0], "kg"));
    cr_expect(eq(str, ext->units[2], "Mill USD"));
    cr_expect(eq(str, p->units, "Mill USD"));
    cr_expect(eq(str, p->name, "testmrio"));
    cr_expect(eq(sz, p->nsources, 13));
    cr_expect(m->x_given == NULL);
    urio_pymrio_free(p);
}

Test(pymrio, model_file_with_pymrio_key)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load(FIX "/model.yaml", &mf, &d), URIO_OK), "%s:%zu: %s", d.file,
              d.line, d.msg);
    cr_expect(eq(str, mf->kind, "io"));
    cr_expect(eq(str, mf->name, "testmrio"));
    cr_expect(eq(str, mf->units, "Mill USD"));
    cr_expect(eq(sz, strlen(mf->hash), 16));
    cr_expect(eq(sz, mf->nsources, 13));
    cr_expect(eq(str, mf->sources[1], FIX "/Z.txt"));
    cr_assert_not_null(mf->io);
    cr_assert_not_null(mf->ext);
    cr_expect(eq(sz, mf->io->sectors->count, 48));
    cr_expect(eq(int, urio_io_model_validate(mf->io, &d), URIO_OK), "%s", d.msg);
    urio_model_file_free(mf);
}

/* x.txt is read as gross output and checked; a sub-folder without
 * file_parameters.json is not an extension. */
Test(pymrio, gross_output_and_other_sub_folders)
{
    char *dir = copy_fixture();
    urio_pymrio *p = NULL;
    urio_diag d;
    cr_assert(eq(int, urio_pymrio_read(dir, &p, &d), URIO_OK), "%s", d.msg);
    const urio_io_model *m = p->io;
    const size_t n = m->sectors->count;
    /* x = Z 1 + Y 1, written as pandas writes a one-column frame. */
    char *xp = join(dir, "x.txt");
    FILE *fp = fopen(xp, "w");
    cr_assert_not_null(fp);
    fprintf(fp, "region\tsector\tindout\n");
    for (size_t i = 0; i < n; i++) {
        double x = 0.0;
        for (size_t j = 0; j < n; j++)
            x += URIO_MAT(m->Z, i, j);
        for (size_t c = 0; c < m->Y->cols; c++)
            x += URIO_MAT(m->Y, i, c);
        const char *lab = m->sectors->name[i];
        const char *slash = strchr(lab, '/');
        fprintf(fp, "%.*s\t%s\t%.17g\n", (int)(slash - lab), lab, slash + 1, i == 3 ? x * 1.01 : x);
    }
    fclose(fp);
    urio_pymrio_free(p);
    p = NULL;
    char *jp = join(dir, "file_parameters.json");
    write_file(jp, "{\"files\": {\"Z\": {\"name\": \"Z.txt\", \"nr_index_col\": \"2\", "
                   "\"nr_header\": \"2\"}, \"Y\": {\"name\": \"Y.txt\", \"nr_index_col\": "
                   "2, \"nr_header\": 2}, \"x\": {\"name\": \"x.txt\", \"nr_index_col\": "
                   "\"2\", \"nr_header\": \"1\"}, \"A\": {\"name\": \"A.txt\", "
                   "\"nr_index_col\": \"2\", \"nr_header\": \"2\"}}, \"systemtype\": "
                   "\"IOSystem\"}\n");
    char *notes = join(dir, "notes");
    cr_assert(eq(int, mkdir(notes, 0755), 0));
    char *readme = join(notes, "README.txt");
    write_file(readme, "not an extension\n");
    cr_assert(eq(int, urio_pymrio_read(dir, &p, &d), URIO_OK), "%s", d.msg);
    cr_assert_not_null(p->io->x_given);
    cr_expect(eq(sz, p->io->srows->count, 3));
    cr_expect_null(p->ext->population); /* no longer listed */
    cr_expect_null(p->units);
    /* Row 4 of x is 1 % off Z 1 + Y 1: validation names it. */
    cr_expect(eq(int, urio_io_model_validate(p->io, &d), URIO_EMODEL));
    urio_pymrio_free(p);
    free(readme);
    free(notes);
    free(jp);
    free(xp);
    remove_tree(dir);
}

/* ---- Tables ---------------------------------------------------------------------------- */

Test(pymrio, multi_level_table)
{
    static const char text[] = "region\t\tr1\tr1\tr2\n"
                               "sector\t\ta\tb\ta\n"
                               "region\tsector\t\t\t\n"
                               "r1\ta\t1\t2.5\t\n"
                               "r1\tb\t-3\t4e2\t0.125\n"
                               "r2\ta\t0\t1e-3\t7\n";
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE(text, 2, 2, &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(sz, t->rows->count, 3));
    cr_expect(eq(sz, t->cols->count, 3));
    cr_expect(eq(str, t->rows->name[1], "r1/b"));
    cr_expect(eq(str, t->cols->name[2], "r2/a"));
    cr_expect(eq(str, t->corner, "region"));
    cr_expect(eq(dbl, URIO_MAT(t->values, 0, 1), 2.5));
    cr_expect(eq(dbl, URIO_MAT(t->values, 0, 2), 0.0)); /* empty cell */
    cr_expect(eq(dbl, URIO_MAT(t->values, 1, 1), 400.0));
    cr_expect(eq(dbl, URIO_MAT(t->values, 2, 1), 1e-3));
    cr_expect(eq(sz, t->row_line[2], 6));
    cr_expect(eq(sz, t->col_column[0], 3));
    urio_table_free(t);
}

Test(pymrio, single_level_quotes_crlf_and_commas)
{
    /* One index column, one header row (population.txt's layout), CRLF, a quoted
     * label holding a tab and a doubled quote, a trailing blank line. */
    static const char text[] = "\tr1\t\"r \"\"2\"\"\"\r\nPopulation\t10\t20\r\n\r\n";
    urio_table *t = NULL;
    urio_diag d;
    cr_assert(eq(int, PARSE(text, 1, 1, &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(str, t->cols->name[1], "r \"2\""));
    cr_expect(eq(str, t->rows->name[0], "Population"));
    cr_expect(eq(dbl, URIO_MAT(t->values, 0, 1), 20.0));
    urio_table_free(t);

    /* save_all(sep=','): the first line has commas and no tab. */
    static const char csv[] = "inputtype,s1,s2\nValue Added,1.5,2\n";
    cr_assert(eq(int, PARSE(csv, 1, 1, &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(str, t->rows->name[0], "Value Added"));
    cr_expect(eq(dbl, URIO_MAT(t->values, 0, 0), 1.5));
    urio_table_free(t);

    /* Empty levels are left out of labels (an extension without compartment). */
    static const char mixed[] = "region\t\tr1\nsector\t\ta\nstressor\tcompartment\t\n"
                                "co2\t\t5\nch4\tair\t6\n";
    cr_assert(eq(int, PARSE(mixed, 2, 2, &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(str, t->rows->name[0], "co2"));
    cr_expect(eq(str, t->rows->name[1], "ch4/air"));
    urio_table_free(t);
}

Test(pymrio, table_errors)
{
    static const char hdr[] = "region\t\tr1\tr1\nsector\t\ta\tb\nregion\tsector\t\t\n";
    char buf[512];
    /* Ragged row: 3 fields instead of 4. */
    snprintf(buf, sizeof buf, "%sr1\ta\t1\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 4, 4, "expected 4 fields");
    /* A header level mismatch: nr_header 1 for a two-row header. */
    snprintf(buf, sizeof buf, "%sr1\ta\t1\t2\nr1\tb\t3\t4\n", hdr);
    expect_table_error(buf, 2, 1, URIO_EPARSE, 2, 3, "not a number");
    /* nr_header 3 for two header rows: the index names are not level values. */
    expect_table_error(buf, 2, 3, URIO_EPARSE, 3, 2, "should be empty");
    /* nr_index_col 3 for two index columns. */
    expect_table_error(buf, 3, 2, URIO_EPARSE, 1, 3, "should be empty");
    /* The row of index names is missing. */
    expect_table_error("region\t\tr1\nsector\t\ta\nr1\ta\t1\n", 2, 2, URIO_EPARSE, 3, 3,
                       "row of index names");
    /* Header rows of different lengths. */
    expect_table_error("region\t\tr1\tr1\nsector\t\ta\n", 2, 2, URIO_EPARSE, 2, 4,
                       "header row 2 has 1 column labels");
    /* Non-finite and non-numeric cells. */
    snprintf(buf, sizeof buf, "%sr1\ta\t1\tinf\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 4, 4, "not a finite number");
    snprintf(buf, sizeof buf, "%sr1\ta\t1\t2\nr1\tb\t1,5\t2\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 5, 3, "not a number");
    /* Duplicate rows and columns. */
    snprintf(buf, sizeof buf, "%sr1\ta\t1\t2\nr1\ta\t3\t4\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 5, 1, "duplicate row \"r1/a\"");
    expect_table_error("region\t\tr1\tr1\nsector\t\ta\ta\nregion\tsector\t\t\nr1\ta\t1\t2\n", 2, 2,
                       URIO_EPARSE, 2, 4, "duplicate column \"r1/a\"");
    /* Empty input, header only, empty label, control character, open quote. */
    expect_table_error("", 2, 2, URIO_EPARSE, 1, 0, "empty");
    expect_table_error(hdr, 2, 2, URIO_EPARSE, 4, 0, "no data rows");
    snprintf(buf, sizeof buf, "%s\t\t1\t2\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 4, 1, "no name");
    snprintf(buf, sizeof buf, "%sr1\ta\x01\t1\t2\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 4, 1, "control character");
    snprintf(buf, sizeof buf, "%s\"r1\ta\t1\t2\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 4, 1, "unterminated");
    /* An empty line inside the table. */
    snprintf(buf, sizeof buf, "%sr1\ta\t1\t2\n\nr1\tb\t1\t2\n", hdr);
    expect_table_error(buf, 2, 2, URIO_EPARSE, 5, 1, "empty line");
    /* Unsupported layout. */
    expect_table_error("a\tb\n", 0, 1, URIO_EPARSE, 0, 0, "unsupported table layout");
}

/* Random damage to a real table never crashes, never reads past the buffer (ASan),
 * and either parses or fails with a place in the file. */
Test(pymrio, damaged_tables_fail_cleanly)
{
    char *buf = NULL;
    size_t len = 0;
    urio_diag d;
    cr_assert(eq(int, urio_read_file(FIX "/emissions/F_Y.txt", &buf, &len, &d), URIO_OK));
    static const char alphabet[] = "\t\n\r\"., e-+0123456789aZ\x01\xff/";
    unsigned seed = 12345u;
    for (int trial = 0; trial < 400; trial++) {
        char *copy = malloc(len);
        cr_assert_not_null(copy);
        memcpy(copy, buf, len);
        size_t n = len;
        for (int k = 0; k < 1 + trial % 4; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % n;
            seed = seed * 1103515245u + 12345u;
            copy[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        if (trial % 7 == 0) n = (seed >> 4) % len; /* truncated */
        urio_table *t = NULL;
        urio_diag_clear(&d);
        urio_status s = urio_pymrio_parse_table(copy, n, "F_Y.txt", 2, 2, &t, &d);
        if (s == URIO_OK) {
            cr_expect_not_null(t);
        } else {
            cr_expect_null(t);
            cr_expect(eq(str, d.file, "F_Y.txt"));
            cr_expect(d.msg[0] != '\0');
        }
        urio_table_free(t);
        free(copy);
    }
    free(buf);
}

/* ---- Malformed folders ---------------------------------------------------------------- */

Test(pymrio, missing_file_parameters)
{
    char *dir = copy_fixture();
    char *fp = join(dir, "file_parameters.json");
    cr_assert(eq(int, unlink(fp), 0));
    urio_diag d = expect_folder_error(dir, URIO_EIO, "file_parameters.json", 0, 0);
    cr_expect(strstr(d.msg, "no file_parameters.json") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "save_all") != NULL, "%s", d.hint);
    free(fp);
    remove_tree(dir);
}

Test(pymrio, malformed_file_parameters)
{
    char *dir = copy_fixture();
    char *fp = join(dir, "file_parameters.json");
    write_file(fp, "{\n  \"files\": {\n    \"Z\": {\"name\": \"Z.txt\",}\n  }\n}\n");
    urio_diag d = expect_folder_error(dir, URIO_EPARSE, "file_parameters.json", 3, 28);
    cr_expect(strstr(d.msg, "not valid JSON") != NULL, "%s", d.msg);
    write_file(fp, "{\"files\": {\"Z\": {\"name\": \"Z.txt\", \"nr_index_col\": \"2\", "
                   "\"nr_header\": \"2\"}}, \"systemtype\": \"Extension\"}");
    d = expect_folder_error(dir, URIO_EPARSE, "file_parameters.json", 1, 76);
    cr_expect(strstr(d.msg, "systemtype is \"Extension\"") != NULL, "%s", d.msg);
    write_file(fp, "{\"files\": {\"Y\": {\"name\": \"Y.txt\", \"nr_index_col\": \"2\", "
                   "\"nr_header\": \"2\"}}, \"systemtype\": \"IOSystem\"}");
    d = expect_folder_error(dir, URIO_EPARSE, "file_parameters.json", 1, 1);
    cr_expect(strstr(d.msg, "no \"Z\" table") != NULL, "%s", d.msg);
    write_file(fp, "{\"files\": {\"Z\": {\"name\": \"Z.txt\", \"nr_index_col\": \"two\", "
                   "\"nr_header\": \"2\"}}, \"systemtype\": \"IOSystem\"}");
    d = expect_folder_error(dir, URIO_EPARSE, "file_parameters.json", 1, 12);
    cr_expect(strstr(d.msg, "nr_index_col") != NULL, "%s", d.msg);
    write_file(fp, "{\"files\": {\"Z\": {\"name\": \"../Z.txt\", \"nr_index_col\": \"2\", "
                   "\"nr_header\": \"2\"}}, \"systemtype\": \"IOSystem\"}");
    d = expect_folder_error(dir, URIO_EPARSE, "file_parameters.json", 1, 12);
    cr_expect(strstr(d.msg, "not a plain file name") != NULL, "%s", d.msg);
    write_file(fp, "{\"files\": {\"Z\": {\"name\": \"Z.pkl\", \"nr_index_col\": \"2\", "
                   "\"nr_header\": \"2\"}}, \"systemtype\": \"IOSystem\"}");
    d = expect_folder_error(dir, URIO_EUNSUPPORTED, "file_parameters.json", 1, 12);
    cr_expect(strstr(d.hint, "table_format='txt'") != NULL, "%s", d.hint);
    free(fp);
    remove_tree(dir);
}

Test(pymrio, ragged_row_and_level_mismatch_in_the_folder)
{
    char *dir = copy_fixture();
    char *z = join(dir, "Z.txt");
    char *text = NULL;
    size_t len = 0;
    urio_diag d;
    cr_assert(eq(int, urio_read_file(z, &text, &len, &d), URIO_OK));
    /* Cut line 5 (reg1/mining) after its first value. */
    char *p = text;
    for (int l = 1; l < 5; l++)
        p = strchr(p, '\n') + 1;
    char *q = strchr(p, '\t');
    q = strchr(q + 1, '\t');
    q = strchr(q + 1, '\t');
    char *eol = strchr(q, '\n');
    memmove(q, eol, strlen(eol) + 1);
    write_file(z, text);
    d = expect_folder_error(dir, URIO_EPARSE, "Z.txt", 5, 4);
    cr_expect(strstr(d.msg, "expected 50 fields (2 index, 48 values), got 3") != NULL, "%s", d.msg);
    free(text);

    /* Restore Z.txt, then declare one header row where there are two. */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "cp " FIX "/Z.txt %s", z);
    cr_assert(eq(int, system(cmd), 0));
    char *fp = join(dir, "file_parameters.json");
    cr_assert(eq(int, urio_read_file(fp, &text, &len, &d), URIO_OK));
    char *h = strstr(text, "\"nr_header\": \"2\"");
    cr_assert_not_null(h);
    h[14] = '1';
    write_file(fp, text);
    d = expect_folder_error(dir, URIO_EPARSE, "Z.txt", 2, 3);
    cr_expect(strstr(d.hint, "nr_header") != NULL, "%s", d.hint);
    free(text);
    free(fp);
    free(z);
    remove_tree(dir);
}

Test(pymrio, tables_that_do_not_fit)
{
    char *dir = copy_fixture();
    char cmd[768];
    /* Y's second row names another sector than Z's. */
    snprintf(cmd, sizeof cmd, "sed -i '5s/^reg1\\tmining/reg1\\tminin/' %s/Y.txt", dir);
    cr_assert(eq(int, system(cmd), 0));
    urio_diag d = expect_folder_error(dir, URIO_EMODEL, "Y.txt", 5, 1);
    cr_expect(strstr(d.msg, "row 2 is \"reg1/minin\", expected \"reg1/mining\"") != NULL, "%s",
              d.msg);
    snprintf(cmd, sizeof cmd, "cp " FIX "/Y.txt %s/Y.txt", dir);
    cr_assert(eq(int, system(cmd), 0));
    /* An extension's F with a misspelt column. */
    snprintf(cmd, sizeof cmd, "sed -i '2s/\\tfood/\\tfod/' %s/emissions/F.txt", dir);
    cr_assert(eq(int, system(cmd), 0));
    d = expect_folder_error(dir, URIO_EMODEL, "emissions/F.txt", 2, 3);
    cr_expect(strstr(d.msg, "column 1 is \"reg1/fod\"") != NULL, "%s", d.msg);
    snprintf(cmd, sizeof cmd, "cp " FIX "/emissions/F.txt %s/emissions/F.txt", dir);
    cr_assert(eq(int, system(cmd), 0));
    /* A population without region reg3. */
    snprintf(cmd, sizeof cmd, "sed -i 's/reg3/regX/' %s/population.txt", dir);
    cr_assert(eq(int, system(cmd), 0));
    d = expect_folder_error(dir, URIO_EMODEL, "population.txt", 1, 0);
    cr_expect(strstr(d.msg, "no population for region \"reg3\"") != NULL, "%s", d.msg);
    remove_tree(dir);
}

Test(pymrio, model_file_errors)
{
    char tmpl[] = "/tmp/urio-pymrio-yaml-XXXXXX";
    char *dir = mkdtemp(tmpl);
    cr_assert_not_null(dir);
    char *path = join(dir, "m.yaml");
    urio_model_file *mf = NULL;
    urio_diag d;

    write_file(path, "model: io\npymrio: no-such-folder\n");
    cr_expect(eq(int, urio_model_load(path, &mf, &d), URIO_EIO));
    cr_expect(eq(str, d.file, path));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(eq(sz, d.col, 9));
    cr_expect(strstr(d.msg, "not found") != NULL, "%s", d.msg);

    char text[1024], cwd[512];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    snprintf(text, sizeof text, "model: io\npymrio: %s/" FIX "\nsectors: [a]\n", cwd);
    write_file(path, text);
    cr_expect(eq(int, urio_model_load(path, &mf, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(strstr(d.msg, "cannot be combined with `pymrio`") != NULL, "%s", d.msg);

    write_file(path, "model: io\npymrio: [a, b]\n");
    cr_expect(eq(int, urio_model_load(path, &mf, &d), URIO_EPARSE));
    cr_expect(eq(sz, d.line, 2));
    cr_expect(strstr(d.msg, "path of a folder") != NULL, "%s", d.msg);
    cr_expect_null(mf);
    unlink(path);
    rmdir(dir);
    free(path);
}

/* ---- Footprints -------------------------------------------------------------------------- */

/* Two regions A and B with one sector each: Z = [0 10; 20 0], Y = [70 20; 30 50]
 * (columns A/fd, B/fd), x = (100, 100), A = [0 0.1; 0.2 0], L = [1 0.1; 0.2 1]/0.98.
 * One stressor F = (50, 100), so S = (0.5, 1), F_Y = (5, 7), population (2, 4).
 * X = L Y = [73 25; 44 54]/0.98 and xt = (100, 100):
 *   D_cba = (80.5/0.98 + 5, 66.5/0.98 + 7)   D_pba = (55, 107)
 *   D_imp = (44/0.98, 12.5/0.98)             D_exp = (12.5/0.98, 44/0.98)
 *   M = (0.7, 1.05)/0.98. */
typedef struct two_region {
    urio_io_model *m;
    urio_io_result *r;
    urio_io_extensions ext;
    size_t sector_region[2], category_region[2];
    double population[2];
} two_region;

static void two_region_build(two_region *w)
{
    const char *sec[] = {"A/s", "B/s"}, *cat[] = {"A/fd", "B/fd"}, *reg[] = {"A", "B"};
    const char *stress[] = {"ext/co2"};
    urio_labels *ls = NULL, *lc = NULL;
    size_t dup = 0;
    memset(w, 0, sizeof *w);
    cr_assert(eq(int, urio_labels_create(2, sec, &ls, &dup), URIO_OK));
    cr_assert(eq(int, urio_labels_create(2, cat, &lc, &dup), URIO_OK));
    cr_assert(eq(int, urio_io_model_create(ls, lc, &w->m), URIO_OK));
    urio_labels_free(ls);
    urio_labels_free(lc);
    urio_io_model *m = w->m;
    URIO_MAT(m->Z, 0, 1) = 10.0;
    URIO_MAT(m->Z, 1, 0) = 20.0;
    URIO_MAT(m->Y, 0, 0) = 70.0;
    URIO_MAT(m->Y, 0, 1) = 20.0;
    URIO_MAT(m->Y, 1, 0) = 30.0;
    URIO_MAT(m->Y, 1, 1) = 50.0;
    cr_assert(eq(int, urio_labels_create(1, stress, &m->srows, &dup), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(1, 2, &m->S), URIO_OK));
    URIO_MAT(m->S, 0, 0) = 50.0;
    URIO_MAT(m->S, 0, 1) = 100.0;
    urio_diag d;
    cr_assert(eq(int, urio_io_analyse(m, &w->r, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(int, urio_labels_create(2, reg, &w->ext.regions, &dup), URIO_OK));
    w->sector_region[0] = 0;
    w->sector_region[1] = 1;
    w->category_region[0] = 0;
    w->category_region[1] = 1;
    w->population[0] = 2.0;
    w->population[1] = 4.0;
    w->ext.sector_region = w->sector_region;
    w->ext.category_region = w->category_region;
    w->ext.population = w->population;
    cr_assert(eq(int, urio_matrix_create(1, 2, &w->ext.F_Y), URIO_OK));
    URIO_MAT(w->ext.F_Y, 0, 0) = 5.0;
    URIO_MAT(w->ext.F_Y, 0, 1) = 7.0;
}

static void two_region_free(two_region *w)
{
    urio_labels_free(w->ext.regions);
    urio_matrix_free(w->ext.F_Y);
    urio_io_result_free(w->r);
    urio_io_model_free(w->m);
}

Test(footprints, two_region_closed_form)
{
    two_region w;
    two_region_build(&w);
    urio_io_footprints *fp = NULL;
    urio_diag d;
    cr_assert(eq(int, urio_io_footprints_compute(w.m, w.r, &w.ext, &fp, &d), URIO_OK), "%s", d.msg);
    const double tol = 1e-13;
    const urio_matrix *const *D = (const urio_matrix *const *)fp->D;
    cr_expect(eq(sz, fp->nstressors, 1));
    cr_expect(eq(sz, fp->nregions, 2));
    /* M = S L: the satellite's simple multipliers of the analysis. */
    size_t seen = 0;
    for (size_t k = 0; k < w.r->nmult; k++) {
        const urio_io_multiplier *mu = &w.r->mult[k];
        if (mu->type != URIO_MULT_SIMPLE || strcmp(mu->multiplier, "ext/co2") != 0) continue;
        cr_expect(near_rel(mu->value, mu->sector == 0 ? 0.7 / 0.98 : 1.05 / 0.98, tol));
        seen++;
    }
    cr_expect(eq(sz, seen, 2));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_CBA], 0, 0), 80.5 / 0.98 + 5.0, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_CBA], 0, 1), 66.5 / 0.98 + 7.0, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_PBA], 0, 0), 55.0, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_PBA], 0, 1), 107.0, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_IMP], 0, 0), 44.0 / 0.98, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_IMP], 0, 1), 12.5 / 0.98, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_EXP], 0, 0), 12.5 / 0.98, tol));
    cr_expect(near_rel(URIO_MAT(D[URIO_ACCOUNT_EXP], 0, 1), 44.0 / 0.98, tol));
    cr_assert_not_null(fp->Dcap[URIO_ACCOUNT_CBA]);
    cr_expect(near_rel(URIO_MAT(fp->Dcap[URIO_ACCOUNT_PBA], 0, 1), 107.0 / 4.0, tol));
    cr_expect(eq(sz, fp->unattributed, 0));
    cr_expect(strcmp(urio_io_account_name(URIO_ACCOUNT_IMP, false), "D_imp") == 0);
    cr_expect(strcmp(urio_io_account_name(URIO_ACCOUNT_CBA, true), "D_cba_cap") == 0);
    urio_io_footprints_free(fp);

    /* B's final demand belongs to no region of the model: left out, as pymrio's
     * reindexing leaves it out. */
    w.category_region[1] = URIO_IO_NO_REGION;
    w.ext.population = NULL;
    cr_assert(eq(int, urio_io_footprints_compute(w.m, w.r, &w.ext, &fp, &d), URIO_OK));
    cr_expect(eq(sz, fp->unattributed, 1));
    cr_expect(near_rel(URIO_MAT(fp->D[URIO_ACCOUNT_CBA], 0, 1), 0.0, tol));
    cr_expect(near_rel(URIO_MAT(fp->D[URIO_ACCOUNT_CBA], 0, 0), 80.5 / 0.98 + 5.0, tol));
    cr_expect_null(fp->Dcap[URIO_ACCOUNT_CBA]);
    urio_io_footprints_free(fp);

    /* Inputs that do not fit the model are refused. */
    w.sector_region[1] = 7;
    cr_expect(eq(int, urio_io_footprints_compute(w.m, w.r, &w.ext, &fp, &d), URIO_EINVAL));
    cr_expect_null(fp);
    two_region_free(&w);
}

/* On the test MRIO: D_cba - D_imp = D_pba - D_exp in every region, the world totals
 * of D_cba and D_pba agree, and the satellites' simple multipliers that
 * multipliers.csv holds equal M = S L computed here by plain loops. */
Test(footprints, identities_on_the_test_mrio)
{
    urio_pymrio *p = NULL;
    urio_io_result *r = NULL;
    urio_io_footprints *fp = NULL;
    urio_diag d;
    cr_assert(eq(int, urio_pymrio_read(FIX, &p, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(int, urio_io_analyse(p->io, &r, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(int, urio_io_footprints_compute(p->io, r, p->ext, &fp, &d), URIO_OK), "%s", d.msg);
    const size_t s = fp->nstressors, R = fp->nregions, n = r->n;
    cr_expect(eq(sz, s, 3));
    cr_expect(eq(sz, R, 6));
    for (size_t q = 0; q < s; q++) {
        double cba = 0.0, pba = 0.0, fsum = 0.0;
        for (size_t g = 0; g < R; g++) {
            const double lhs =
                URIO_MAT(fp->D[URIO_ACCOUNT_CBA], q, g) - URIO_MAT(fp->D[URIO_ACCOUNT_IMP], q, g);
            const double rhs =
                URIO_MAT(fp->D[URIO_ACCOUNT_PBA], q, g) - URIO_MAT(fp->D[URIO_ACCOUNT_EXP], q, g);
            cr_expect(near_rel(lhs, rhs, 1e-12), "stressor %zu region %zu: %g vs %g", q, g, lhs,
                      rhs);
            cba += URIO_MAT(fp->D[URIO_ACCOUNT_CBA], q, g);
            pba += URIO_MAT(fp->D[URIO_ACCOUNT_PBA], q, g);
            cr_expect(near_rel(URIO_MAT(fp->Dcap[URIO_ACCOUNT_CBA], q, g) * p->ext->population[g],
                               URIO_MAT(fp->D[URIO_ACCOUNT_CBA], q, g), 1e-14));
        }
        cr_expect(near_rel(cba, pba, 1e-12), "stressor %zu: %g vs %g", q, cba, pba);
        /* Territorial total = F + F_Y (xt = x up to rounding). */
        for (size_t j = 0; j < n; j++)
            fsum += URIO_MAT(p->io->S, q, j);
        for (size_t c = 0; c < p->io->Y->cols; c++)
            fsum += URIO_MAT(p->ext->F_Y, q, c);
        cr_expect(near_rel(pba, fsum, 1e-12), "stressor %zu: %g vs %g", q, pba, fsum);
    }
    /* M = S L by plain loops against the analysis' simple satellite multipliers. */
    size_t checked = 0;
    for (size_t k = 0; k < r->nmult; k++) {
        const urio_io_multiplier *mu = &r->mult[k];
        size_t row = 0;
        if (mu->type != URIO_MULT_SIMPLE || !urio_labels_find(p->io->srows, mu->multiplier, &row))
            continue;
        double want = 0.0;
        for (size_t i = 0; i < n; i++)
            want += URIO_MAT(p->io->S, row, i) / r->x[i] * URIO_MAT(r->L, i, mu->sector);
        cr_expect(near_rel(mu->value, want, 1e-12), "%s %zu", mu->multiplier, mu->sector);
        checked++;
    }
    cr_expect(eq(sz, checked, s * n));
    urio_io_footprints_free(fp);
    urio_io_result_free(r);
    urio_pymrio_free(p);
}
