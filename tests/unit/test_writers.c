/* test_writers.c - the output writers (solver/formats/writer.c, csv_write.c):
 * round-tripping numbers, RFC 4180 quoting, atomic files that never leave a
 * temporary or partial file behind, and mkdir -p. */
#include <dirent.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

/* ---- helpers ---------------------------------------------------------------- */

/* A fresh directory under /tmp; the caller removes it with rm_tree. */
static char *make_tmpdir(void)
{
    char *dir = malloc(64);
    cr_assert(dir != NULL);
    snprintf(dir, 64, "/tmp/urio-test-XXXXXX");
    cr_assert(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
    return dir;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    cr_assert(p != NULL);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* Number of entries in dir other than . and .. */
static int count_entries(const char *dir)
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

/* Remove a directory and what it holds (two levels are enough here). */
static void rm_tree(char *dir)
{
    DIR *dp = opendir(dir);
    if (dp != NULL) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char *p = join(dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                rm_tree(p);
            else
                unlink(p);
            if (p != dir) free(p);
        }
        closedir(dp);
    }
    rmdir(dir);
}

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    cr_assert(fp != NULL, "cannot open %s", path);
    char *buf = malloc(1 << 16);
    cr_assert(buf != NULL);
    size_t n = fread(buf, 1, (1 << 16) - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t next_u64(void)
{
    /* xorshift64*: reproducible, good enough to spread bit patterns. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * UINT64_C(2685821657736338717);
}

static void expect_round_trip(double v)
{
    char buf[32];
    memset(buf, 'x', sizeof buf);
    urio_format_double(v, buf);
    cr_assert(memchr(buf, '\0', sizeof buf) != NULL, "unterminated for %a", v);
    double back = strtod(buf, NULL);
    cr_expect(back == v || (v == 0.0 && back == 0.0), "%a -> \"%s\" -> %a", v, buf, back);
}

/* ---- urio_format_double ------------------------------------------------------ */

Test(format_double, shortest_forms)
{
    char buf[32];
    urio_format_double(0.1, buf);
    cr_expect(eq(str, buf, "0.1"));
    urio_format_double(1e300, buf);
    cr_expect(eq(str, buf, "1e+300"));
    urio_format_double(1.5, buf);
    cr_expect(eq(str, buf, "1.5"));
    urio_format_double(-2.0, buf);
    cr_expect(eq(str, buf, "-2"));
    urio_format_double(1.0 / 3.0, buf);
    cr_expect(eq(str, buf, "0.3333333333333333"));
    urio_format_double(0.0, buf);
    cr_expect(eq(str, buf, "0"));
    urio_format_double(-0.0, buf);
    cr_expect(eq(str, buf, "0"));
}

Test(format_double, extremes_and_subnormals)
{
    const double v[] = {DBL_MAX,
                        -DBL_MAX,
                        DBL_MIN,
                        DBL_TRUE_MIN,
                        -DBL_TRUE_MIN,
                        4.9406564584124654e-324,
                        2.2250738585072009e-308,
                        1e-310,
                        0.1,
                        0.2 + 0.1,
                        1e300,
                        1e-300,
                        123456789012345678.0,
                        5e-324 * 3,
                        nextafter(1.0, 2.0),
                        nextafter(1.0, 0.0)};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        expect_round_trip(v[i]);
}

Test(format_double, random_bit_patterns)
{
    for (int i = 0; i < 200000; i++) {
        uint64_t bits = next_u64();
        double v;
        memcpy(&v, &bits, sizeof v);
        if (!isfinite(v)) continue;
        expect_round_trip(v);
    }
}

Test(format_double, random_decimals)
{
    /* Values as tables hold them: a few significant digits. */
    for (int i = 0; i < 100000; i++) {
        double v = (double)(next_u64() % 100000000) / 1000.0;
        expect_round_trip(v);
        char buf[32];
        urio_format_double(v, buf);
        cr_expect(strlen(buf) <= 15, "%s is not the shortest form", buf);
    }
}

Test(format_double, non_finite_is_defensive_text)
{
    char buf[32];
    urio_format_double((double)NAN, buf);
    cr_expect(eq(str, buf, "nan"));
    urio_format_double((double)INFINITY, buf);
    cr_expect(eq(str, buf, "inf"));
    urio_format_double(-(double)INFINITY, buf);
    cr_expect(eq(str, buf, "-inf"));
}

/* ---- CSV quoting ---------------------------------------------------------------- */

Test(csv_write, rfc4180_quoting)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "m.csv");
    const char *rnames[] = {"plain", "a,b", "say \"hi\"", " lead", "trail ", "cr\rlf\n"};
    const char *cnames[] = {"x", "y,z"};
    urio_labels *rows = NULL, *cols = NULL;
    urio_matrix *m = NULL;
    cr_assert(eq(int, urio_labels_create(6, rnames, &rows, NULL), URIO_OK));
    cr_assert(eq(int, urio_labels_create(2, cnames, &cols, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(6, 2, &m), URIO_OK));
    for (size_t i = 0; i < 6; i++) {
        URIO_MAT(m, i, 0) = (double)i + 0.5;
        URIO_MAT(m, i, 1) = -(double)i * 0.1;
    }
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_csv_write_matrix(path, "sec\"tor", rows, cols, m, &d), URIO_OK), "%s",
              d.msg);
    char *text = slurp(path);
    const char *expected = "\"sec\"\"tor\",x,\"y,z\"\n"
                           "plain,0.5,0\n"
                           "\"a,b\",1.5,-0.1\n"
                           "\"say \"\"hi\"\"\",2.5,-0.2\n"
                           "\" lead\",3.5,-0.30000000000000004\n"
                           "\"trail \",4.5,-0.4\n"
                           "\"cr\rlf\n\",5.5,-0.5\n";
    cr_expect(eq(str, text, (char *)expected));
    cr_expect(eq(int, count_entries(dir), 1), "a temporary file was left behind");
    free(text);
    urio_matrix_free(m);
    urio_labels_free(rows);
    urio_labels_free(cols);
    free(path);
    rm_tree(dir);
    free(dir);
}

Test(csv_write, shape_mismatch_is_einval)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "m.csv");
    const char *names[] = {"a", "b"};
    urio_labels *l = NULL;
    urio_matrix *m = NULL;
    cr_assert(eq(int, urio_labels_create(2, names, &l, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(3, 2, &m), URIO_OK));
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_csv_write_matrix(path, "c", l, l, m, &d), URIO_EINVAL));
    cr_expect(eq(int, count_entries(dir), 0));
    urio_matrix_free(m);
    urio_labels_free(l);
    free(path);
    rm_tree(dir);
    free(dir);
}

/* ---- the atomic writer ---------------------------------------------------------- */

Test(writer, commit_renames_and_leaves_no_temporary)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "out.txt");
    urio_writer *w = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_writer_open(path, &w, &d), URIO_OK));
    cr_expect(eq(int, count_entries(dir), 1)); /* the temporary */
    struct stat st;
    cr_expect(stat(path, &st) != 0, "the final name must not exist before commit");
    cr_assert(eq(int, urio_writer_printf(w, "%s=%d\n", "n", 42), URIO_OK));
    cr_assert(eq(int, urio_writer_write(w, "tail", 4), URIO_OK));
    cr_assert(eq(int, urio_writer_commit(w, &d), URIO_OK));
    char *text = slurp(path);
    cr_expect(eq(str, text, "n=42\ntail"));
    cr_expect(eq(int, count_entries(dir), 1));
    free(text);
    free(path);
    rm_tree(dir);
    free(dir);
}

Test(writer, abort_leaves_nothing)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "out.txt");
    urio_writer *w = NULL;
    cr_assert(eq(int, urio_writer_open(path, &w, NULL), URIO_OK));
    for (int i = 0; i < 100000; i++) /* more than the buffer: data reach the file */
        cr_assert(eq(int, urio_writer_printf(w, "%d,", i), URIO_OK));
    urio_writer_abort(w);
    cr_expect(eq(int, count_entries(dir), 0), "abort left a file behind");
    urio_writer_abort(NULL);
    free(path);
    rm_tree(dir);
    free(dir);
}

Test(writer, abort_keeps_the_previous_file)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "out.txt");
    urio_writer *w = NULL;
    cr_assert(eq(int, urio_writer_open(path, &w, NULL), URIO_OK));
    cr_assert(eq(int, urio_writer_write(w, "old", 3), URIO_OK));
    cr_assert(eq(int, urio_writer_commit(w, NULL), URIO_OK));
    cr_assert(eq(int, urio_writer_open(path, &w, NULL), URIO_OK));
    cr_assert(eq(int, urio_writer_write(w, "new and longer", 14), URIO_OK));
    urio_writer_abort(w);
    char *text = slurp(path);
    cr_expect(eq(str, text, "old"));
    cr_expect(eq(int, count_entries(dir), 1));
    free(text);
    free(path);
    rm_tree(dir);
    free(dir);
}

Test(writer, missing_directory_is_eio_with_the_path)
{
    urio_writer *w = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    const char *path = "/nonexistent-urio-dir/sub/out.csv";
    cr_expect(eq(int, urio_writer_open(path, &w, &d), URIO_EIO));
    cr_expect(w == NULL);
    cr_expect(eq(int, d.status, URIO_EIO));
    cr_expect(eq(str, d.file, (char *)path));
    cr_expect(strstr(d.msg, "No such file") != NULL, "%s", d.msg);
}

Test(writer, file_too_large_is_eio_and_leaves_nothing)
{
    /* RLIMIT_FSIZE makes write(2) fail with EFBIG, as a full disk fails with ENOSPC.
     * Criterion runs each test in its own process, so the limit stays here. */
    signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl = {4096, 4096};
    cr_assert(eq(int, setrlimit(RLIMIT_FSIZE, &rl), 0));
    char *dir = make_tmpdir();
    char *path = join(dir, "big.csv");
    urio_writer *w = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_writer_open(path, &w, &d), URIO_OK));
    urio_status s = URIO_OK;
    for (int i = 0; i < 100000 && s == URIO_OK; i++)
        s = urio_writer_printf(w, "%d,%d\n", i, i * i);
    s = urio_writer_commit(w, &d);
    cr_expect(eq(int, s, URIO_EIO));
    cr_expect(eq(int, d.status, URIO_EIO));
    cr_expect(strstr(d.msg, "big.csv") != NULL, "%s", d.msg);
    cr_expect(strstr(d.msg, strerror(EFBIG)) != NULL, "%s", d.msg);
    cr_expect(eq(int, count_entries(dir), 0), "a partial file was left behind");
    free(path);
    rm_tree(dir);
    free(dir);
}

Test(writer, directory_in_the_way_is_eio)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "taken");
    cr_assert(eq(int, mkdir(path, 0777), 0));
    char *inner = join(path, "keep"); /* a non-empty directory cannot be replaced */
    FILE *fp = fopen(inner, "w");
    cr_assert(fp != NULL);
    fclose(fp);
    urio_writer *w = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_writer_open(path, &w, &d), URIO_OK));
    cr_assert(eq(int, urio_writer_write(w, "x", 1), URIO_OK));
    cr_expect(eq(int, urio_writer_commit(w, &d), URIO_EIO));
    cr_expect(eq(int, count_entries(dir), 1), "the temporary file was left behind");
    free(inner);
    free(path);
    rm_tree(dir);
    free(dir);
}

/* ---- urio_mkdir_p ---------------------------------------------------------------- */

Test(mkdir_p, creates_parents_and_is_idempotent)
{
    char *dir = make_tmpdir();
    char *deep = join(dir, "a/b//c/");
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_mkdir_p(deep, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(int, urio_mkdir_p(deep, &d), URIO_OK), "%s", d.msg);
    struct stat st;
    char *c = join(dir, "a/b/c");
    cr_expect(stat(c, &st) == 0 && S_ISDIR(st.st_mode));
    free(c);
    free(deep);
    rm_tree(dir);
    free(dir);
}

Test(mkdir_p, over_a_file_fails)
{
    char *dir = make_tmpdir();
    char *file = join(dir, "f");
    FILE *fp = fopen(file, "w");
    cr_assert(fp != NULL);
    fclose(fp);
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_mkdir_p(file, &d), URIO_EIO));
    cr_expect(strstr(d.msg, "not a directory") != NULL, "%s", d.msg);
    cr_expect(strstr(d.hint, "-o") != NULL, "%s", d.hint);
    urio_diag_clear(&d);
    char *below = join(file, "sub/dir");
    cr_expect(eq(int, urio_mkdir_p(below, &d), URIO_EIO));
    cr_expect(eq(int, urio_status_exit_code(d.status), 2));
    free(below);
    free(file);
    rm_tree(dir);
    free(dir);
}

/* ---- CSV round trip through the reader ------------------------------------------ */

Test(csv_write, reads_back_bit_for_bit)
{
    char *dir = make_tmpdir();
    char *path = join(dir, "m.csv");
    const char *rnames[] = {"a,b", "say \"hi\"", "rural/tourism"};
    const char *cnames[] = {"x", "y,z", "w"};
    urio_labels *rows = NULL, *cols = NULL;
    urio_matrix *m = NULL;
    cr_assert(eq(int, urio_labels_create(3, rnames, &rows, NULL), URIO_OK));
    cr_assert(eq(int, urio_labels_create(3, cnames, &cols, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(3, 3, &m), URIO_OK));
    for (size_t i = 0; i < 9; i++) {
        uint64_t bits = next_u64() >> 2; /* finite, positive or negative exponents */
        memcpy(&m->data[i], &bits, sizeof(double));
        if (i % 3 == 0) m->data[i] = -m->data[i];
    }
    m->data[4] = 0.1;
    m->data[8] = DBL_TRUE_MIN;
    cr_assert(eq(int, urio_csv_write_matrix(path, "sector", rows, cols, m, NULL), URIO_OK));
    char *text = slurp(path);
    urio_table *t = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_csv_parse(text, strlen(text), path, &t, &d), URIO_OK), "%s", d.msg);
    cr_expect(urio_labels_equal(t->rows, rows));
    cr_expect(urio_labels_equal(t->cols, cols));
    for (size_t i = 0; i < 9; i++)
        cr_expect(t->values->data[i] == m->data[i], "cell %zu: %a != %a", i, t->values->data[i],
                  m->data[i]);
    urio_table_free(t);
    free(text);
    urio_matrix_free(m);
    urio_labels_free(rows);
    urio_labels_free(cols);
    free(path);
    rm_tree(dir);
    free(dir);
}

/* ---- Whole reports on the Miller & Blair example --------------------------------- */

typedef struct mb_run {
    urio_io_model *model;
    urio_model_file mf;
    urio_io_result *r;
    size_t target;
    urio_io_shock shock;
    char name[32];
    urio_io_scenario sc;
    urio_matrix *dF;
    urio_effects fx;
    urio_run_report rep;
} mb_run;

/* Miller & Blair (2009) table 2.3 with one scenario: +100 final demand for s1. */
static void mb_setup(mb_run *run)
{
    memset(run, 0, sizeof *run);
    const char *sec[] = {"s1", "s2"}, *cat[] = {"final_demand"}, *vrow[] = {"value_added"};
    urio_labels *s = NULL, *c = NULL;
    cr_assert(eq(int, urio_labels_create(2, sec, &s, NULL), URIO_OK));
    cr_assert(eq(int, urio_labels_create(1, cat, &c, NULL), URIO_OK));
    cr_assert(eq(int, urio_io_model_create(s, c, &run->model), URIO_OK));
    urio_labels_free(s);
    urio_labels_free(c);
    urio_io_model *m = run->model;
    const double Z[4] = {150, 200, 500, 100}, Y[2] = {350, 1700}, V[2] = {650, 1400};
    memcpy(m->Z->data, Z, sizeof Z);
    memcpy(m->Y->data, Y, sizeof Y);
    cr_assert(eq(int, urio_labels_create(1, vrow, &m->vrows, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(1, 2, &m->V), URIO_OK));
    memcpy(m->V->data, V, sizeof V);
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_io_analyse(m, &run->r, &d), URIO_OK), "%s", d.msg);

    run->target = 0;
    run->shock = (urio_io_shock){.nsectors = 1,
                                 .sectors = &run->target,
                                 .category = 0,
                                 .kind = URIO_CHANGE_ABS,
                                 .value = 100.0};
    snprintf(run->name, sizeof run->name, "%s", "s1 \"demand\", +100");
    run->sc = (urio_io_scenario){.name = run->name, .nshocks = 1, .shocks = &run->shock};
    cr_assert(eq(int, urio_io_scenarios_delta(m, &run->sc, 1, &run->dF), URIO_OK));
    cr_assert(eq(int, urio_io_solve_scenarios(m, run->r, run->dF, &run->fx), URIO_OK));

    static char path[] = "mb.yaml", kind[] = "io", mname[] = "Miller & Blair", units[] = "dollars",
                hash[] = "0123456789abcdef";
    run->mf = (urio_model_file){
        .path = path, .kind = kind, .name = mname, .units = units, .hash = hash, .io = m};
    run->rep = (urio_run_report){.model = &run->mf,
                                 .io = run->r,
                                 .scenario_path = "s.yaml",
                                 .scenarios = &run->sc,
                                 .nscen = 1,
                                 .effects = &run->fx,
                                 .version = URIO_VERSION,
                                 .blas = "test",
                                 .threads = 1};
}

static void mb_teardown(mb_run *run)
{
    urio_effects_free(&run->fx);
    urio_matrix_free(run->dF);
    urio_io_result_free(run->r);
    urio_io_model_free(run->model);
}

Test(report, json_is_valid_and_non_finite_is_null)
{
    mb_run run;
    mb_setup(&run);
    run.r->checks.min_l = (double)NAN;       /* never expected; must still be valid JSON */
    run.rep.seconds_load = (double)INFINITY; /* likewise */
    char *dir = make_tmpdir();
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_write_report_json(dir, &run.rep, &d), URIO_OK), "%s", d.msg);
    char *path = join(dir, "report.json");
    char *text = slurp(path);
    cJSON *root = cJSON_Parse(text);
    cr_assert(root != NULL, "report.json is not valid JSON");
    cJSON *checks = cJSON_GetObjectItemCaseSensitive(root, "checks");
    cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(checks, "min_l")));
    cr_expect(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(checks, "passed")));
    cJSON *timings = cJSON_GetObjectItemCaseSensitive(root, "timings");
    cr_expect(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(timings, "load")));
    cJSON *model = cJSON_GetObjectItemCaseSensitive(root, "model");
    cr_expect(
        eq(int, (int)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(model, "sectors")), 2));
    cJSON *scen = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(root, "scenarios"), 0);
    cJSON *sum = cJSON_GetObjectItemCaseSensitive(scen, "summary");
    double dout = cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(sum, "output"));
    /* total output change = column sum of L for s1, times 100 */
    cr_expect(epsilon_eq(dbl, dout, 151.81518151815182, 1e-9));
    cr_expect(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(root, "effects")) > 0);
    cJSON_Delete(root);
    free(text);
    free(path);
    rm_tree(dir);
    free(dir);
    mb_teardown(&run);
}

Test(report, csv_and_text_outputs)
{
    mb_run run;
    mb_setup(&run);
    char *dir = make_tmpdir();
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_write_io_csv(dir, &run.rep, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(int, urio_write_summary_text(dir, &run.rep, NULL, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(int, count_entries(dir), 6)); /* 5 CSV files and summary.txt, no temporary */
    char *p = join(dir, "summary.csv");
    char *text = slurp(p);
    cr_expect(strncmp(text, "scenario,status,output,value_added\n\"s1 \"\"demand\"\", +100\",ok,",
                      60) == 0,
              "%s", text);
    free(text);
    free(p);
    p = join(dir, "summary.txt");
    text = slurp(p);
    cr_expect(strstr(text, "Checks: passed") != NULL, "%s", text);
    cr_expect(strstr(text, "+151.82") != NULL, "%s", text); /* the signed change */
    cr_expect(strstr(text, "+5.06%") != NULL, "%s", text);  /* 151.82 / 3000 */
    free(text);
    free(p);
    p = join(dir, "effects.csv");
    text = slurp(p);
    cr_expect(strncmp(text, "scenario,indicator,label,base,value,change,change_pct\n", 54) == 0);
    free(text);
    free(p);
    rm_tree(dir);
    free(dir);
    mb_teardown(&run);
}
