/* test_model_yaml.c - urio_model_load: the fixtures under tests/fixtures/ load with
 * the right values, and each kind of bad model file fails with the right status,
 * file, line and column.  Small variants are written to a temporary directory. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#define FIX "tests/fixtures/"

static const double Z_BASIC[4] = {150, 200, 500, 100}; /* column-major */

/* ---- A temporary model directory ------------------------------------------------- */

typedef struct tmpdir {
    char path[64];
    char names[12][64];
    size_t n;
} tmpdir;

static void tmp_open(tmpdir *t)
{
    memset(t, 0, sizeof *t);
    snprintf(t->path, sizeof t->path, "/tmp/urio-model-XXXXXX");
    cr_assert_not_null(mkdtemp(t->path));
}

static void tmp_write(tmpdir *t, const char *name, const char *text)
{
    char p[160];
    snprintf(p, sizeof p, "%s/%s", t->path, name);
    FILE *f = fopen(p, "wb");
    cr_assert_not_null(f);
    fputs(text, f);
    fclose(f);
    snprintf(t->names[t->n++], sizeof t->names[0], "%s", name);
}

static void tmp_close(tmpdir *t)
{
    char p[160];
    for (size_t i = 0; i < t->n; i++) {
        snprintf(p, sizeof p, "%s/%s", t->path, t->names[i]);
        unlink(p);
    }
    rmdir(t->path);
}

/* The two-sector tables of io-basic, in a temporary directory. */
static void tmp_basic_tables(tmpdir *t)
{
    tmp_write(t, "Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n");
    tmp_write(t, "Y.csv", "sector,household,exports\ns1,300,50\ns2,1200,500\n");
    tmp_write(t, "V.csv", "input,s1,s2\nwages,400,900\nprofits,250,500\n");
}

/* Load model.yaml (text) next to the basic tables; returns the status. */
static urio_status load_text(const char *yaml, urio_diag *d, urio_model_file **mf, tmpdir *t)
{
    tmp_open(t);
    tmp_basic_tables(t);
    tmp_write(t, "model.yaml", yaml);
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t->path);
    urio_diag_clear(d);
    return urio_model_load(p, mf, d);
}

/* Expect the model text to fail with s at line:col of the model file. */
static void expect_model_error(const char *yaml, urio_status s, size_t line, size_t col,
                               const char *msg_part)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    tmpdir t;
    urio_status got = load_text(yaml, &d, &mf, &t);
    char full[2048];
    urio_diag_format(&d, full, sizeof full);
    cr_assert(eq(int, got, s), "status %s: %s", urio_status_name(got), full);
    cr_expect_null(mf);
    cr_expect(strstr(d.file, "model.yaml") != NULL, "%s", full);
    cr_expect(eq(sz, d.line, line), "%s", full);
    cr_expect(eq(sz, d.col, col), "%s", full);
    if (msg_part != NULL) cr_expect(strstr(d.msg, msg_part) != NULL, "%s", full);
    tmp_close(&t);
}

/* Expect the model file at path to fail with s; the diagnostic is returned. */
static urio_diag expect_fixture_error(const char *path, urio_status s)
{
    urio_diag d;
    urio_diag_clear(&d);
    urio_model_file *mf = NULL;
    urio_status got = urio_model_load(path, &mf, &d);
    char full[2048];
    urio_diag_format(&d, full, sizeof full);
    cr_assert(eq(int, got, s), "status %s: %s", urio_status_name(got), full);
    cr_assert_null(mf);
    cr_assert(eq(int, d.status, s));
    return d;
}

/* ---- Good models ----------------------------------------------------------------- */

Test(model_yaml, basic_fixture_loads_every_table)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    urio_status s = urio_model_load(FIX "io-basic/model.yaml", &mf, &d);
    cr_assert(eq(int, s, URIO_OK), "%s:%zu: %s", d.file, d.line, d.msg);
    cr_expect(eq(str, mf->path, FIX "io-basic/model.yaml"));
    cr_expect(eq(str, mf->kind, "io"));
    cr_expect(eq(str, mf->name, "Two-sector example"));
    cr_expect(eq(str, mf->units, "million USD"));
    cr_assert_not_null(mf->hash);
    cr_expect(eq(sz, strlen(mf->hash), 16));
    cr_expect(eq(sz, strspn(mf->hash, "0123456789abcdef"), 16));
    cr_assert(eq(sz, mf->nsources, 5));
    cr_expect(eq(str, mf->sources[0], FIX "io-basic/Z.csv"));
    cr_expect(eq(str, mf->sources[3], FIX "io-basic/jobs.csv"));

    const urio_io_model *m = mf->io;
    cr_assert_not_null(m);
    cr_expect(eq(str, m->name, "Two-sector example"));
    cr_assert(eq(sz, m->sectors->count, 2));
    cr_expect(eq(str, m->sectors->name[0], "s1"));
    cr_expect(eq(str, m->sectors->name[1], "s2"));
    for (size_t k = 0; k < 4; k++)
        cr_expect(eq(dbl, m->Z->data[k], Z_BASIC[k]));
    cr_assert(eq(sz, m->categories->count, 2));
    cr_expect(eq(str, m->categories->name[1], "exports"));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 1, 0), 1200.0));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 0, 1), 50.0));
    cr_assert_not_null(m->V);
    cr_expect(eq(str, m->vrows->name[1], "profits"));
    cr_expect(eq(dbl, URIO_MAT(m->V, 0, 1), 900.0));
    cr_expect(eq(dbl, URIO_MAT(m->V, 1, 0), 250.0));
    cr_assert_not_null(m->S);
    cr_expect(eq(str, m->srows->name[0], "jobs"));
    cr_expect(eq(dbl, URIO_MAT(m->S, 0, 1), 20.0));
    cr_assert_not_null(m->x_given);
    cr_expect(eq(dbl, m->x_given->data[0], 1000.0));
    cr_expect(eq(dbl, m->x_given->data[1], 2000.0));
    cr_assert(eq(sz, m->nhouseholds, 1));
    cr_expect(eq(str, m->households[0].name, "all"));
    cr_expect(eq(sz, m->households[0].consumption, 0));
    cr_expect(eq(sz, m->households[0].income, 0));
    cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_OK), "%s", d.msg);
    urio_model_file_free(mf);
}

Test(model_yaml, hash_identifies_the_inputs)
{
    urio_diag d;
    urio_model_file *a = NULL, *b = NULL, *c = NULL;
    cr_assert(eq(int, urio_model_load(FIX "io-basic/model.yaml", &a, &d), URIO_OK));
    cr_assert(eq(int, urio_model_load(FIX "io-basic/model.yaml", &b, &d), URIO_OK));
    cr_assert(eq(int, urio_model_load(FIX "io-regions/model.yaml", &c, &d), URIO_OK));
    cr_expect(eq(str, a->hash, b->hash));
    cr_expect(strcmp(a->hash, c->hash) != 0);
    urio_model_file_free(a);
    urio_model_file_free(b);
    urio_model_file_free(c);

    /* One changed table cell changes the hash. */
    tmpdir t;
    urio_model_file *m1 = NULL, *m2 = NULL;
    const char *yaml = "model: io\ntables: {Z: Z.csv, Y: Y.csv}\n";
    cr_assert(eq(int, load_text(yaml, &d, &m1, &t), URIO_OK), "%s", d.msg);
    tmp_write(&t, "Y.csv", "sector,household,exports\ns1,300,51\ns2,1200,500\n");
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    cr_assert(eq(int, urio_model_load(p, &m2, &d), URIO_OK), "%s", d.msg);
    cr_expect(strcmp(m1->hash, m2->hash) != 0);
    urio_model_file_free(m1);
    urio_model_file_free(m2);
    tmp_close(&t);
}

Test(model_yaml, sectors_default_to_z_rows)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    tmpdir t;
    cr_assert(
        eq(int, load_text("model: io\ntables:\n  Z: Z.csv\n  Y: Y.csv\n", &d, &mf, &t), URIO_OK),
        "%s", d.msg);
    cr_expect(eq(sz, mf->io->sectors->count, 2));
    cr_expect(eq(str, mf->io->sectors->name[1], "s2"));
    cr_expect_null(mf->name);
    cr_expect_null(mf->io->V);
    cr_expect_null(mf->io->x_given);
    cr_expect(eq(sz, mf->io->nhouseholds, 0));
    urio_model_file_free(mf);
    tmp_close(&t);
}

Test(model_yaml, regions_and_areas_build_labels_region_major)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    cr_assert(eq(int, urio_model_load(FIX "io-regions/model.yaml", &mf, &d), URIO_OK), "%s: %s",
              d.file, d.msg);
    const urio_labels *s = mf->io->sectors;
    cr_assert(eq(sz, s->count, 8));
    cr_expect(eq(str, s->name[0], "north/urban/agri"));
    cr_expect(eq(str, s->name[1], "north/urban/tourism"));
    cr_expect(eq(str, s->name[2], "north/rural/agri"));
    cr_expect(eq(str, s->name[4], "south/urban/agri"));
    cr_expect(eq(str, s->name[7], "south/rural/tourism"));
    cr_expect(eq(dbl, URIO_MAT(mf->io->Z, 2, 2), 32.0));
    cr_expect(eq(dbl, URIO_MAT(mf->io->Y, 7, 0), 107.0));
    urio_model_file_free(mf);
}

Test(model_yaml, one_member_dimension_is_left_out)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    tmpdir t;
    tmp_open(&t);
    tmp_write(&t, "Z.csv", "s,urban/a,rural/a\nurban/a,1,2\nrural/a,3,4\n");
    tmp_write(&t, "Y.csv", "s,hh\nurban/a,1\nrural/a,2\n");
    tmp_write(&t, "model.yaml",
              "model: io\nsectors: [a]\nregions: [china]\n"
              "areas: [urban, rural]\ntables: {Z: Z.csv, Y: Y.csv}\n");
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    cr_assert(eq(int, urio_model_load(p, &mf, &d), URIO_OK), "%s: %s", d.file, d.msg);
    cr_expect(eq(str, mf->io->sectors->name[0], "urban/a"));
    cr_expect(eq(str, mf->io->sectors->name[1], "rural/a"));
    urio_model_file_free(mf);
    tmp_close(&t);
}

Test(model_yaml, aggregate_with_sectors)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    cr_assert(eq(int, urio_model_load(FIX "io-aggregate/model.yaml", &mf, &d), URIO_OK), "%s: %s",
              d.file, d.msg);
    const urio_io_model *m = mf->io;
    cr_assert(eq(sz, m->sectors->count, 2));
    cr_expect(eq(str, m->sectors->name[0], "A"));
    /* a1, a2 -> A; b1 -> B. */
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 0), 12.0));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 1), 9.0));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 1, 0), 15.0));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 1, 1), 9.0));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 0, 0), 30.0));
    cr_expect(eq(dbl, URIO_MAT(m->Y, 1, 0), 30.0));
    cr_expect(eq(dbl, URIO_MAT(m->V, 0, 0), 3.0));
    cr_expect(eq(dbl, URIO_MAT(m->V, 0, 1), 4.0));
    cr_expect(eq(str, m->name, "Aggregated"));
    cr_expect(eq(sz, mf->nsources, 4));
    cr_expect(eq(str, mf->sources[3], FIX "io-aggregate/concordance.csv"));
    urio_model_file_free(mf);
}

Test(model_yaml, aggregate_without_sectors_uses_first_appearance)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    cr_assert(eq(int, urio_model_load(FIX "io-aggregate/model-no-sectors.yaml", &mf, &d), URIO_OK),
              "%s: %s", d.file, d.msg);
    const urio_io_model *m = mf->io;
    cr_assert(eq(sz, m->sectors->count, 2));
    cr_expect(eq(str, m->sectors->name[0], "B"));
    cr_expect(eq(str, m->sectors->name[1], "A"));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 0, 0), 9.0));
    cr_expect(eq(dbl, URIO_MAT(m->Z, 1, 1), 12.0));
    urio_model_file_free(mf);
}

/* ---- Bad fixtures ------------------------------------------------------------------ */

Test(model_yaml, unknown_key_suggests_the_nearest)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/unknown-key.yaml", URIO_EPARSE);
    cr_expect(eq(str, d.file, FIX "io-bad/unknown-key.yaml"));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(strstr(d.msg, "sectros") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "did you mean `sectors`?") != NULL, "%s", d.hint);
}

Test(model_yaml, label_mismatch_names_the_table_row)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/label-mismatch.yaml", URIO_EMODEL);
    cr_expect(eq(str, d.file, FIX "io-bad/../io-basic/Z.csv"));
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(strstr(d.msg, "\"s2\" is not a model sector") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "did you mean \"s3\"? The model sectors are: s1, s3") != NULL, "%s",
              d.hint);
}

Test(model_yaml, wrong_shape)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/wrong-shape.yaml", URIO_EMODEL);
    cr_expect(eq(str, d.file, FIX "io-bad/Z-not-square.csv"));
    cr_expect(eq(str, d.msg, "Z is not square: 2 rows, 3 columns"));
}

Test(model_yaml, missing_table_file)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/missing-file.yaml", URIO_EIO);
    cr_expect(eq(str, d.file, FIX "io-bad/missing-file.yaml"));
    cr_expect(eq(sz, d.line, 5));
    cr_expect(eq(sz, d.col, 6));
    cr_expect(strstr(d.msg, "tables.Y") != NULL, "%s", d.msg);
    cr_expect(strstr(d.msg, FIX "io-bad/no-such-table.csv") != NULL, "%s", d.msg);
    cr_expect(strstr(d.msg, "No such file or directory") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "relative") != NULL, "%s", d.hint);
}

Test(model_yaml, missing_model_file)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/nothing-here.yaml", URIO_EIO);
    cr_expect(eq(str, d.file, FIX "io-bad/nothing-here.yaml"));
    cr_expect(eq(str, d.msg, "cannot open: No such file or directory"));
}

Test(model_yaml, directory_in_place_of_a_file)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/directory.yaml", URIO_EIO);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 6));
    cr_expect(strstr(d.msg, "is a directory") != NULL, "%s", d.msg);
    d = expect_fixture_error(FIX "io-bad", URIO_EIO);
    cr_expect(strstr(d.msg, "is a directory") != NULL, "%s", d.msg);
}

Test(model_yaml, household_points_to_a_missing_column)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/household-missing.yaml", URIO_EMODEL);
    cr_expect(eq(str, d.file, FIX "io-bad/household-missing.yaml"));
    cr_expect(eq(sz, d.line, 11));
    cr_expect(eq(sz, d.col, 18));
    cr_expect(strstr(d.msg, "\"household_rural\" is not a column of Y") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "household, exports") != NULL, "%s", d.hint);
}

Test(model_yaml, cge_and_pymrio_are_not_supported_yet)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/cge.yaml", URIO_EUNSUPPORTED);
    cr_expect(eq(sz, d.line, 1));
    cr_expect(eq(str, d.msg, "CGE models are not supported yet"));
    d = expect_fixture_error(FIX "io-bad/pymrio.yaml", URIO_EUNSUPPORTED);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 1));
    cr_expect(eq(str, d.msg, "pymrio folders are not read yet"));
}

/* ---- Bad model text ---------------------------------------------------------------- */

Test(model_yaml, structure_errors)
{
    expect_model_error("", URIO_EPARSE, 1, 0, "empty");
    expect_model_error("- model\n- io\n", URIO_EPARSE, 1, 1, "must be a mapping");
    expect_model_error("name: x\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 1, 1,
                       "no `model` key");
    expect_model_error("model: iox\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 1, 8,
                       "unknown model kind \"iox\"");
    expect_model_error("model: io\nmodel: io\n", URIO_EPARSE, 2, 1,
                       "appears twice in the model file (lines 1 and 2)");
    expect_model_error("model: io\ntables:\n  Z: Z.csv\n  Y: [Y.csv\n", URIO_EPARSE, 5, 1,
                       "YAML syntax error");
    expect_model_error("model: io\nname: [a]\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 2, 7,
                       "`name` must be text, got a list");
    expect_model_error("model: io\n---\nmodel: io\n", URIO_EPARSE, 3, 1, "second YAML document");
}

Test(model_yaml, type_errors_name_the_expected_type)
{
    expect_model_error("model: io\nsectors: s1\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 2, 10,
                       "`sectors` must be a list of labels, got text");
    expect_model_error("model: io\nsectors: {a: 1}\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 2,
                       10, "got a mapping");
    expect_model_error("model: io\nsectors: [s1, [s2]]\ntables: {Z: Z.csv, Y: Y.csv}\n",
                       URIO_EPARSE, 2, 15, "item 2 of `sectors` must be a label, got a list");
    expect_model_error("model: io\ntables: Z.csv\n", URIO_EPARSE, 2, 9,
                       "`tables` must be a mapping");
    expect_model_error("model: io\ntables: {Z: [Z.csv], Y: Y.csv}\n", URIO_EPARSE, 2, 13,
                       "`Z` must be a file path, got a list");
    expect_model_error("model: io\ntables: {Z: Z.csv, Y: Y.csv}\nhouseholds: {name: a}\n",
                       URIO_EPARSE, 3, 13, "`households` must be a list");
    expect_model_error("model: io\ntables: {Z: Z.csv, Y: Y.csv}\naggregate: [c.csv]\n", URIO_EPARSE,
                       3, 12, "`aggregate` must be a file path");
}

Test(model_yaml, table_keys)
{
    expect_model_error("model: io\ntables:\n  Zz: Z.csv\n  Y: Y.csv\n", URIO_EPARSE, 3, 3,
                       "unknown key `Zz` in `tables`");
    expect_model_error("model: io\ntables:\n  Z: Z.csv\n", URIO_EPARSE, 3, 3, "no `Y`");
    expect_model_error("model: io\nname: x\n", URIO_EPARSE, 1, 1, "no `tables`");
    expect_model_error("model: io\ntables: {Z: '', Y: Y.csv}\n", URIO_EPARSE, 2, 13, "empty path");
}

Test(model_yaml, sector_lists)
{
    expect_model_error("model: io\nsectors: [s1, s2, s1]\ntables: {Z: Z.csv, Y: Y.csv}\n",
                       URIO_EPARSE, 2, 19, "lists \"s1\" twice");
    expect_model_error("model: io\nsectors: []\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EPARSE, 2, 10,
                       "empty list");
    expect_model_error("model: io\nsectors: [s1, ' s2']\ntables: {Z: Z.csv, Y: Y.csv}\n",
                       URIO_EPARSE, 2, 15, "invalid label");
    expect_model_error("model: io\nsectors: [a, b]\nregions: [n/e, s]\n"
                       "tables: {Z: Z.csv, Y: Y.csv}\n",
                       URIO_EPARSE, 3, 11, "contains `/`");
    expect_model_error("model: io\nregions: [n, s]\ntables: {Z: Z.csv, Y: Y.csv}\n", URIO_EMODEL, 2,
                       1, "`regions` needs a `sectors` list");
    expect_model_error("model: io\nsectors: [a/b, c]\nareas: [u, r]\n"
                       "tables: {Z: Z.csv, Y: Y.csv}\n",
                       URIO_EPARSE, 2, 11, "contains `/`");
}

/* A failure inside a table: reported with the table's file, line and column. */
static urio_diag table_error(const char *z, const char *y, const char *extra_yaml,
                             const char *extra_name, const char *extra_text, urio_status s)
{
    tmpdir t;
    tmp_open(&t);
    tmp_write(&t, "Z.csv", z);
    tmp_write(&t, "Y.csv", y);
    tmp_write(&t, "V.csv", "input,s1,s2\nwages,400,900\n");
    if (extra_name != NULL) tmp_write(&t, extra_name, extra_text);
    char yaml[512];
    snprintf(yaml, sizeof yaml, "model: io\ntables:\n  Z: Z.csv\n  Y: Y.csv\n%s",
             extra_yaml != NULL ? extra_yaml : "");
    tmp_write(&t, "model.yaml", yaml);
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    urio_diag d;
    urio_diag_clear(&d);
    urio_model_file *mf = NULL;
    urio_status got = urio_model_load(p, &mf, &d);
    char full[2048];
    urio_diag_format(&d, full, sizeof full);
    cr_assert(eq(int, got, s), "%s: %s", urio_status_name(got), full);
    cr_assert_null(mf);
    tmp_close(&t);
    return d;
}

static const char *const ZOK = "sector,s1,s2\ns1,1,2\ns2,3,4\n";
static const char *const YOK = "sector,hh\ns1,1\ns2,2\n";

Test(model_yaml, csv_errors_name_the_table_file)
{
    urio_diag d =
        table_error("sector,s1,s2\ns1,1,2\ns2,3,abc\n", YOK, NULL, NULL, NULL, URIO_EPARSE);
    cr_expect(strstr(d.file, "/Z.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 3));
}

Test(model_yaml, table_label_checks)
{
    urio_diag d = table_error(ZOK, "sector,hh\ns2,1\ns1,2\n", NULL, NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.file, "/Y.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 2));
    cr_expect(strstr(d.msg, "out of order") != NULL, "%s", d.msg);

    d = table_error(ZOK, "sector,hh\ns1,1\n", NULL, NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.msg, "Y has no row for model sector \"s2\"") != NULL, "%s", d.msg);

    d = table_error("sector,s1,s22\ns1,1,2\ns2,3,4\n", YOK, NULL, NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.file, "/Z.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 1));
    cr_expect(eq(sz, d.col, 3));
    cr_expect(strstr(d.msg, "column label \"s22\"") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "did you mean \"s2\"") != NULL, "%s", d.hint);

    d = table_error(ZOK, YOK, "  V: W.csv\n", "W.csv", "input,s1,sx\nwages,1,2\n", URIO_EMODEL);
    cr_expect(strstr(d.file, "/W.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.col, 3));

    d = table_error(ZOK, YOK, "  satellites: S.csv\n", "S.csv", "sat,s2,s1\njobs,1,2\n",
                    URIO_EMODEL);
    cr_expect(strstr(d.msg, "out of order") != NULL, "%s", d.msg);

    d = table_error(ZOK, YOK, "  x: x.csv\n", "x.csv", "sector,x,y\ns1,1,2\ns2,3,4\n", URIO_EMODEL);
    cr_expect(strstr(d.msg, "x must have one column, got 2") != NULL, "%s", d.msg);

    d = table_error(ZOK, YOK, "  x: x.csv\n", "x.csv", "sector,x\ns1,1\ns3,3\n", URIO_EMODEL);
    cr_expect(eq(sz, d.line, 3));
}

Test(model_yaml, household_errors)
{
    urio_diag d = table_error(ZOK, YOK, "households:\n  - {name: a, consumption: hh, income: w}\n",
                              NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.msg, "no V table") != NULL, "%s", d.msg);
    d = table_error(ZOK, YOK,
                    "  V: V.csv\nhouseholds:\n  - {name: a, consumption: hh, income: wagez}\n",
                    NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.msg, "\"wagez\" is not a row of V") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "wages") != NULL, "%s", d.hint);
    cr_expect(eq(sz, d.line, 7));
    d = table_error(ZOK, YOK, "  V: V.csv\nhouseholds:\n  - {name: a, consumption: hh}\n", NULL,
                    NULL, URIO_EPARSE);
    cr_expect(strstr(d.msg, "no `income`") != NULL, "%s", d.msg);
    d = table_error(ZOK, YOK,
                    "  V: V.csv\nhouseholds:\n  - {name: a, consumption: hh, incme: wages}\n", NULL,
                    NULL, URIO_EPARSE);
    cr_expect(strstr(d.hint, "did you mean `income`") != NULL, "%s", d.hint);
    d = table_error(ZOK, YOK,
                    "  V: V.csv\nhouseholds:\n  - {name: a, consumption: hh, income: wages}\n"
                    "  - {name: a, consumption: hh, income: wages}\n",
                    NULL, NULL, URIO_EPARSE);
    cr_expect(strstr(d.msg, "two households are named \"a\" (lines 7 and 8)") != NULL, "%s", d.msg);
    cr_expect(eq(sz, d.line, 8));
}

Test(model_yaml, sector_product_is_bounded_by_z)
{
    /* 3 x 3 x 2 = 18 labels against a 2-row Z: refused before any label is built. */
    urio_diag d = table_error(ZOK, YOK, "sectors: [s1, s2]\nregions: [a, b, c]\nareas: [u, v, w]\n",
                              NULL, NULL, URIO_EMODEL);
    cr_expect(strstr(d.file, "model.yaml") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 5));
    cr_expect(strstr(d.msg, "more sector labels than Z") != NULL, "%s", d.msg);
}

Test(model_yaml, concordance_errors)
{
    const char *agg = "aggregate: c.csv\nsectors: [A, B]\n";
    const char *z3 = "sector,a1,a2,b1\na1,1,2,3\na2,4,5,6\nb1,7,8,9\n";
    const char *y3 = "sector,hh\na1,1\na2,2\nb1,3\n";
    urio_diag d =
        table_error(z3, y3, agg, "c.csv", "source,target\na1,A\na2,A\nb1,C\n", URIO_EMODEL);
    cr_expect(strstr(d.file, "/c.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 4));
    cr_expect(eq(sz, d.col, 2));
    cr_expect(strstr(d.msg, "target \"C\" is not a model sector") != NULL, "%s", d.msg);

    d = table_error(z3, y3, agg, "c.csv", "source,target\na1,A\nb1,B\n", URIO_EMODEL);
    cr_expect(strstr(d.file, "/Z.csv") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(strstr(d.msg, "\"a2\" is not in the concordance") != NULL, "%s", d.msg);

    d = table_error(z3, y3, agg, "c.csv", "a1,A\na2,A\nb1,B\n", URIO_EPARSE);
    cr_expect(eq(sz, d.line, 1));
    cr_expect(strstr(d.msg, "header") != NULL, "%s", d.msg);

    d = table_error(z3, y3, agg, "c.csv", "source,target\na1,A\na2,A\na1,B\nb1,B\n", URIO_EPARSE);
    cr_expect(eq(sz, d.line, 4));
    cr_expect(strstr(d.msg, "lines 2 and 4") != NULL, "%s", d.msg);

    d = table_error(z3, y3, agg, "c.csv", "source,target\na1,A\na2,A,x\n", URIO_EPARSE);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(str, d.msg, "expected 2 fields, got 3"));

    d = table_error(z3, y3, "aggregate: c.csv\nsectors: [A, B, C]\n", "c.csv",
                    "source,target\na1,A\na2,A\nb1,B\n", URIO_EMODEL);
    cr_expect(strstr(d.msg, "\"C\" receives no sector") != NULL, "%s", d.msg);

    d = table_error(z3, y3, agg, NULL, NULL, URIO_EIO);
    cr_expect(strstr(d.file, "model.yaml") != NULL, "%s", d.file);
    cr_expect(eq(sz, d.line, 5));
}

Test(model_yaml, random_model_text_never_crashes)
{
    static const char *const pieces[] = {
        "model: io\n",
        "tables:\n",
        "  Z: Z.csv\n",
        "  Y: Y.csv\n",
        "  V: V.csv\n",
        "sectors: [s1, s2]\n",
        "households:\n",
        "  - {name: a, consumption: household, income: wages}\n",
        "regions: [n]\n",
        "aggregate: Z.csv\n",
        "- x\n",
        "&a [*a]\n",
        "{",
        "]",
        "\"",
        ": ",
        "\t",
        "name: *x\n",
        "units: &u u\n",
        "x: *u\n",
        "\xff",
        "---\n",
    };
    tmpdir t;
    tmp_open(&t);
    tmp_basic_tables(&t);
    uint64_t r = 42;
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    for (int iter = 0; iter < 400; iter++) {
        char text[1024] = "";
        size_t n = 1 + (size_t)(iter % 8);
        for (size_t k = 0; k < n; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            strncat(text, pieces[(r >> 33) % (sizeof pieces / sizeof pieces[0])],
                    sizeof text - strlen(text) - 1);
        }
        tmp_write(&t, "model.yaml", text);
        t.n--; /* written once in the list */
        urio_model_file *mf = NULL;
        urio_diag d;
        if (urio_model_load(p, &mf, &d) == URIO_OK) urio_model_file_free(mf);
    }
    t.n++;
    tmp_close(&t);
}
