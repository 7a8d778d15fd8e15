/* test_model_yaml.c - urio_model_load: the fixtures under tests/fixtures/ load with
 * the right values, and each kind of bad model file fails with the right status,
 * file, line and column.  Small variants are written to a temporary directory. */
#include <math.h>
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

/* A model file's `pymrio:` and a CGE model's `sam:` are paths relative to the model
 * file: a missing one is named at its key, with the resolved path. */
Test(model_yaml, missing_pymrio_folder_and_sam_are_located)
{
    urio_diag d = expect_fixture_error(FIX "io-bad/pymrio.yaml", URIO_EIO);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 9));
    cr_expect(strstr(d.msg, "not found") != NULL, "%s", d.msg);
    d = expect_fixture_error(FIX "io-bad/cge.yaml", URIO_EIO);
    cr_expect(eq(sz, d.line, 3));
    cr_expect(eq(sz, d.col, 6));
    cr_expect(strstr(d.msg, "sam.csv") != NULL, "%s", d.msg);
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
        "regions: [north, south]\n",
        "areas: [u, r]\n",
        "regionalise:\n",
        "regionalise: {regional_output: Z.csv, area_shares: Y.csv, final_demand: V.csv}\n",
        "  regional_employment: Y.csv\n",
        "  delta: 0.5\n",
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

/* ---- regionalise: a national table split into regions and areas ------------------ */

Test(model_yaml, regionalise_fixture_builds_regions_and_areas)
{
    urio_diag d;
    urio_model_file *mf = NULL;
    urio_status s = urio_model_load(FIX "io-regionalise/model.yaml", &mf, &d);
    cr_assert(eq(int, s, URIO_OK), "%s:%zu:%zu: %s", d.file, d.line, d.col, d.msg);
    const urio_io_model *m = mf->io;
    cr_assert(eq(sz, m->sectors->count, 8));
    cr_expect(eq(str, m->sectors->name[0], "north/urban/s1"));
    cr_expect(eq(str, m->sectors->name[3], "north/rural/s2"));
    cr_expect(eq(str, m->sectors->name[7], "south/rural/s2"));
    /* The regional files are inputs: read, listed and hashed. */
    cr_assert(eq(sz, mf->nsources, 8));
    cr_expect(eq(str, mf->sources[5], FIX "io-regionalise/regional_output.csv"));
    cr_expect(eq(str, mf->sources[7], FIX "io-regionalise/final_demand.csv"));
    /* x: regional output times area shares; urban gets 1 - rural. */
    cr_expect(epsilon_eq(dbl, URIO_MAT(m->x_given, 0, 0), 600 * 0.2, 1e-12));
    cr_expect(epsilon_eq(dbl, URIO_MAT(m->x_given, 2, 0), 600 * 0.8, 1e-12));
    cr_expect(epsilon_eq(dbl, URIO_MAT(m->x_given, 5, 0), 1500 * 0.8, 1e-12));
    const urio_regional_report *rep = mf->regional;
    cr_assert_not_null(rep);
    cr_expect(eq(int, rep->method, URIO_LQ_FLQ));
    cr_expect(eq(dbl, rep->delta, 0.3));
    cr_expect(epsilon_eq(dbl, rep->lambda[0], pow(log2(1 + 1100.0 / 3000.0), 0.3), 1e-15));
    cr_expect(le(dbl, rep->row_residual, 1e-12));
    cr_expect(le(dbl, rep->total_residual, 1e-12));
    /* Households, V rows and categories are the national ones. */
    cr_assert(eq(sz, m->nhouseholds, 1));
    cr_expect(eq(str, m->categories->name[m->households[0].consumption], "household"));
    cr_expect(eq(str, m->vrows->name[m->households[0].income], "wages"));
    cr_assert(eq(int, urio_io_model_validate(m, &d), URIO_OK), "%s", d.msg);
    urio_io_result *r = NULL;
    cr_assert(eq(int, urio_io_analyse(m, &r, &d), URIO_OK), "%s", d.msg);
    cr_expect(r->checks.passed);
    urio_io_result_free(r);
    urio_model_file_free(mf);
}

/* Load a regionalise model written next to the basic tables and the given files. */
static urio_status reg_load(const char *yaml, const char *out_csv, const char *shares_csv,
                            const char *fd_csv, urio_model_file **mf, urio_diag *d)
{
    tmpdir t;
    tmp_open(&t);
    tmp_basic_tables(&t);
    if (out_csv != NULL) tmp_write(&t, "q.csv", out_csv);
    if (shares_csv != NULL) tmp_write(&t, "a.csv", shares_csv);
    if (fd_csv != NULL) tmp_write(&t, "f.csv", fd_csv);
    tmp_write(&t, "model.yaml", yaml);
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    urio_diag_clear(d);
    *mf = NULL;
    urio_status s = urio_model_load(p, mf, d);
    tmp_close(&t);
    return s;
}

#define REG_HEAD                                                                              \
    "model: io\nsectors: [s1, s2]\nregions: [north, south]\ntables: {Z: Z.csv, Y: Y.csv, V: " \
    "V.csv}\n"
static const char *const Q_OK = "region,s1,s2\nnorth,600,500\nsouth,400,1500\n";

static void expect_reg_error(const char *yaml, const char *q, const char *a, const char *f,
                             urio_status want, const char *file_part, size_t line, size_t col,
                             const char *msg_part)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_status s = reg_load(yaml, q, a, f, &mf, &d);
    char full[2048];
    urio_diag_format(&d, full, sizeof full);
    cr_expect(eq(int, s, want), "status %s: %s", urio_status_name(s), full);
    cr_expect_null(mf);
    urio_model_file_free(mf);
    cr_expect(strstr(d.file, file_part) != NULL, "%s", full);
    cr_expect(eq(sz, d.line, line), "%s", full);
    cr_expect(eq(sz, d.col, col), "%s", full);
    if (msg_part != NULL) cr_expect(strstr(d.msg, msg_part) != NULL, "%s", full);
}

Test(model_yaml, regionalise_defaults_and_methods)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    /* No method, delta or trade: FLQ, 0.3, pooled; one area: labels region/sector. */
    cr_assert(
        eq(int,
           reg_load(REG_HEAD "regionalise: {regional_output: q.csv}\n", Q_OK, NULL, NULL, &mf, &d),
           URIO_OK),
        "%s", d.msg);
    cr_expect(eq(str, mf->io->sectors->name[2], "south/s1"));
    cr_expect(eq(int, mf->regional->method, URIO_LQ_FLQ));
    cr_expect(eq(dbl, mf->regional->delta, 0.3));
    urio_model_file_free(mf);
    /* Employment as the indicator; SLQ. */
    cr_assert(eq(int,
                 reg_load(REG_HEAD "regionalise:\n  method: slq\n  regional_employment: q.csv\n",
                          "region,s2,s1\nsouth,30,8\nnorth,10,12\n", NULL, NULL, &mf, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(int, mf->regional->method, URIO_LQ_SLQ));
    /* Rows and columns in any order: north s1 = 12 of 20 employed in s1. */
    cr_expect(epsilon_eq(dbl, URIO_MAT(mf->io->x_given, 0, 0), 1000 * 12.0 / 20.0, 1e-12));
    urio_model_file_free(mf);
    /* One region: the national model. */
    cr_assert(eq(int,
                 reg_load("model: io\nregions: [china]\ntables: {Z: Z.csv, Y: Y.csv}\n"
                          "regionalise: {regional_output: q.csv, method: cilq}\n",
                          "region,s1,s2\nchina,1,1\n", NULL, NULL, &mf, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(str, mf->io->sectors->name[1], "s2"));
    cr_expect(eq(dbl, URIO_MAT(mf->io->Z, 0, 1), 500.0));
    cr_expect(eq(dbl, URIO_MAT(mf->io->Y, 1, 0), 1200.0));
    urio_model_file_free(mf);
}

Test(model_yaml, regionalise_key_errors)
{
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, detla: 0.2}\n", Q_OK, NULL,
                     NULL, URIO_EPARSE, "model.yaml", 5, 39, "unknown key `detla`");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, method: flg}\n", Q_OK, NULL,
                     NULL, URIO_EPARSE, "model.yaml", 5, 47, "unknown method");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, delta: 1.5}\n", Q_OK, NULL,
                     NULL, URIO_EPARSE, "model.yaml", 5, 46, "outside [0, 1]");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, delta: abc}\n", Q_OK, NULL,
                     NULL, URIO_EPARSE, "model.yaml", 5, 46, "`delta`");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, method: slq, delta: 0.2}\n",
                     Q_OK, NULL, NULL, URIO_EPARSE, "model.yaml", 5, 59, "Flegg");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, trade: gravity}\n", Q_OK, NULL,
                     NULL, URIO_EUNSUPPORTED, "model.yaml", 5, 46, "gravity");
    expect_reg_error(REG_HEAD "regionalise: {method: slq}\n", Q_OK, NULL, NULL, URIO_EPARSE,
                     "model.yaml", 5, 14, "no `regional_output`");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, regional_employment: q.csv}\n",
                     Q_OK, NULL, NULL, URIO_EPARSE, "model.yaml", 5, 60, "both");
    expect_reg_error(REG_HEAD "regionalise: [q.csv]\n", Q_OK, NULL, NULL, URIO_EPARSE, "model.yaml",
                     5, 14, "must be a mapping");
    expect_reg_error("model: io\nsectors: [s1, s2]\ntables: {Z: Z.csv, Y: Y.csv}\n"
                     "regionalise: {regional_output: q.csv}\n",
                     Q_OK, NULL, NULL, URIO_EMODEL, "model.yaml", 4, 1, "`regions`");
    expect_reg_error(REG_HEAD "areas: [urban, rural]\nregionalise: {regional_output: q.csv}\n",
                     Q_OK, NULL, NULL, URIO_EPARSE, "model.yaml", 6, 14, "no `area_shares`");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: q.csv, area_shares: a.csv}\n", Q_OK,
                     "a,s1,s2\n", NULL, URIO_EPARSE, "model.yaml", 5, 52, "more than one area");
    expect_reg_error(REG_HEAD "regionalise: {regional_output: missing.csv}\n", NULL, NULL, NULL,
                     URIO_EIO, "model.yaml", 5, 32, "missing.csv");
}

Test(model_yaml, regionalise_table_errors_name_file_line_column)
{
    const char *yaml = REG_HEAD "regionalise: {regional_output: q.csv}\n";
    expect_reg_error(yaml, "region,s1,s2\nnorth,600,500\nsouht,400,1500\n", NULL, NULL, URIO_EMODEL,
                     "q.csv", 3, 1, "\"souht\" is not a region");
    expect_reg_error(yaml, "region,s1,s2\nnorth,600,500\n", NULL, NULL, URIO_EMODEL, "q.csv", 0, 0,
                     "no row for region \"south\"");
    expect_reg_error(yaml, "region,s1,s3\nnorth,600,500\nsouth,400,1500\n", NULL, NULL, URIO_EMODEL,
                     "q.csv", 1, 3, "\"s3\" is not a model sector");
    expect_reg_error(yaml, "region,s1,s2\nnorth,600,-5\nsouth,400,1500\n", NULL, NULL, URIO_EMODEL,
                     "q.csv", 2, 3, "north/s2 is -5");
    expect_reg_error(yaml, "region,s1,s2\nnorth,0,0\nsouth,400,1500\n", NULL, NULL, URIO_EMODEL,
                     "model.yaml", 5, 1, "region \"north\" has no output");
    const char *areas = REG_HEAD "areas: [urban, rural]\n"
                                 "regionalise: {regional_output: q.csv, area_shares: a.csv}\n";
    expect_reg_error(areas, Q_OK, "a,s1,s2\nnorth/rural,0.5,1.2\nsouth/rural,0.5,0.5\n", NULL,
                     URIO_EMODEL, "a.csv", 2, 3, "must be a number in [0, 1]");
    expect_reg_error(areas, Q_OK, "a,s1,s2\nnorth/rural,0.5,0.2\n", NULL, URIO_EMODEL, "a.csv", 0,
                     0, "no row for south/");
    expect_reg_error(areas, Q_OK,
                     "a,s1,s2\nnorth/rural,0.5,0.2\nnorth/urban,0.5,0.7\nsouth/rural,0.5,0.5\n",
                     NULL, URIO_EMODEL, "a.csv", 0, 0, "north/*/s2 add up to 0.9");
    expect_reg_error(areas, Q_OK, "a,s1,s2\nnorth/rurl,0.5,0.2\nsouth/rural,0.5,0.5\n", NULL,
                     URIO_EMODEL, "a.csv", 2, 1, "\"north/rurl\" is not a region/area");
    const char *fd = REG_HEAD "regionalise: {regional_output: q.csv, final_demand: f.csv}\n";
    expect_reg_error(fd, Q_OK, NULL, "r,housheold\nnorth,1\nsouth,2\n", URIO_EMODEL, "f.csv", 1, 2,
                     "not a final-demand category");
    expect_reg_error(fd, Q_OK, NULL, "r,household\nnorth,0\nsouth,0\n", URIO_EMODEL, "model.yaml",
                     5, 1, "all zero");
}

Test(model_yaml, regionalise_not_with_pymrio)
{
    expect_reg_error("model: io\nregions: [a, b]\npymrio: x\nregionalise: {regional_output: "
                     "q.csv}\n",
                     Q_OK, NULL, NULL, URIO_EUNSUPPORTED, "model.yaml", 4, 1, "pymrio");
}

/* ---- urio_model_load_all: every table's problems ---------------------------------- */

static const char MODEL_ZYV[] = "model: io\nsectors: [s1, s2]\n"
                                "tables:\n  Z: Z.csv\n  Y: Y.csv\n  V: V.csv\n";

/* Write MODEL_ZYV into t (its tables already written, or not) and load it with
 * urio_model_load_all; the model file's path goes to p. */
static urio_status load_all_zyv(tmpdir *t, char *p, size_t size, urio_model_file **mf,
                                urio_diags *all)
{
    tmp_write(t, "model.yaml", MODEL_ZYV);
    snprintf(p, size, "%s/model.yaml", t->path);
    return urio_model_load_all(p, mf, all);
}

/* Z has a text cell, Y is missing, V has a short row: all three are listed, in the
 * order of the tables, though the first already stops the model. */
Test(model_load_all, every_table_is_read)
{
    tmpdir t;
    tmp_open(&t);
    tmp_write(&t, "Z.csv", "sector,s1,s2\ns1,150,x\ns2,200,100\n");
    tmp_write(&t, "V.csv", "input,s1,s2\nwages,400\nprofits,250,500\n");
    char p[160];
    urio_diags all = {0};
    urio_model_file *mf = NULL;
    urio_status s = load_all_zyv(&t, p, sizeof p, &mf, &all);
    cr_expect(eq(int, s, URIO_EPARSE));
    cr_expect_null(mf);
    cr_assert(eq(sz, all.count, 3));
    cr_expect(strstr(all.item[0].file, "Z.csv") != NULL, "%s", all.item[0].file);
    cr_expect(eq(sz, all.item[0].line, 2));
    cr_expect(eq(sz, all.item[0].col, 3));
    cr_expect(strstr(all.item[1].msg, "Y.csv") != NULL, "%s", all.item[1].msg);
    cr_expect(eq(sz, all.item[1].line, 5), "the `Y:` line of the model file");
    cr_expect(strstr(all.item[2].file, "V.csv") != NULL, "%s", all.item[2].file);
    cr_expect(eq(sz, all.item[2].line, 2));
    /* urio_model_load stops at the first. */
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_model_load(p, &mf, &d), URIO_EPARSE));
    cr_expect(strstr(d.file, "Z.csv") != NULL);
    cr_expect(eq(sz, d.line, 2));
    urio_diags_clear(&all);
    tmp_close(&t);
}

/* A problem outside the tables stops the loading and is the one listed. */
Test(model_load_all, a_model_file_problem_is_listed_alone)
{
    tmpdir t;
    urio_diag d;
    urio_model_file *mf = NULL;
    cr_assert(
        eq(int, load_text("model: io\nsectors: [s1, s2]\nsectorz: 1\n", &d, &mf, &t), URIO_EPARSE));
    char p[160];
    snprintf(p, sizeof p, "%s/model.yaml", t.path);
    urio_diags all = {0};
    cr_expect(eq(int, urio_model_load_all(p, &mf, &all), URIO_EPARSE));
    cr_assert(eq(sz, all.count, 1));
    cr_expect(eq(sz, all.item[0].line, d.line));
    cr_expect(eq(str, all.item[0].msg, d.msg));
    urio_diags_clear(&all);
    tmp_close(&t);
}

/* A good model loads the same through either entry. */
Test(model_load_all, a_good_model_lists_nothing)
{
    tmpdir t;
    tmp_open(&t);
    tmp_basic_tables(&t);
    char p[160];
    urio_diags all = {0};
    urio_model_file *mf = NULL;
    cr_assert(eq(int, load_all_zyv(&t, p, sizeof p, &mf, &all), URIO_OK));
    cr_expect(eq(sz, all.count, 0));
    cr_assert_not_null(mf);
    cr_assert_not_null(mf->io);
    urio_model_file_free(mf);
    tmp_close(&t);
}

/* A row label of Y and a column label of V that are not sectors: both listed. */
Test(model_load_all, every_table_s_labels_are_checked)
{
    tmpdir t;
    tmp_open(&t);
    tmp_write(&t, "Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n");
    tmp_write(&t, "Y.csv", "sector,household\ns1,350\ns3,1700\n");
    tmp_write(&t, "V.csv", "input,s1,s9\nwages,650,1400\n");
    char p[160];
    urio_diags all = {0};
    urio_model_file *mf = NULL;
    cr_expect(eq(int, load_all_zyv(&t, p, sizeof p, &mf, &all), URIO_EMODEL));
    cr_assert(eq(sz, all.count, 2));
    cr_expect(strstr(all.item[0].file, "Y.csv") != NULL, "%s", all.item[0].file);
    cr_expect(eq(sz, all.item[0].line, 3));
    cr_expect(strstr(all.item[0].msg, "\"s3\"") != NULL, "%s", all.item[0].msg);
    cr_expect(strstr(all.item[1].file, "V.csv") != NULL, "%s", all.item[1].file);
    cr_expect(eq(sz, all.item[1].col, 3));
    cr_expect(strstr(all.item[1].msg, "\"s9\"") != NULL, "%s", all.item[1].msg);
    urio_diags_clear(&all);
    tmp_close(&t);
}
