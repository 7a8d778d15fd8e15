/* test_batch.c - the scenario engine (urio/batch.h, urio/family.h): the journal
 * (torn records, resume), the seeding of draws (draw k whatever the order and the
 * number of draws), the statistics of known samples, the Stroud-3 quadrature
 * (exact for polynomials of degree <= 3), recalibration, the sweep and Monte Carlo
 * syntax, and batches (the same bits for 1 and 2 threads, resume skips). */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#define HGH "tests/fixtures/cge-hgh/model.yaml"
#define CHINA "models/china-2017-cge.yaml"

/* ---- Journal ------------------------------------------------------------------------ */

static char *tmp_path(const char *name)
{
    char dir[] = "/tmp/urio-batch-XXXXXX";
    cr_assert(mkdtemp(dir) != NULL);
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

static void rm_tmp(char *p)
{
    unlink(p);
    char *slash = strrchr(p, '/');
    *slash = '\0';
    rmdir(p);
    free(p);
}

Test(journal, records_come_back_and_a_torn_tail_is_ignored)
{
    char *path = tmp_path("j");
    urio_journal *j = NULL;
    bool disc = true;
    cr_assert(eq(int, urio_journal_open(path, 42, false, &j, &disc, NULL), URIO_OK));
    cr_expect(not(disc));
    for (uint64_t k = 0; k < 5; k++) {
        double v[3] = {(double)k, 2.0 * (double)k, -1.0};
        cr_assert(eq(int, urio_journal_append(j, 10 + k, v, sizeof v), URIO_OK));
        cr_assert(eq(int, urio_journal_sync(j), URIO_OK));
    }
    urio_journal_close(j, false);
    /* A crash in the middle of the sixth record: half of it on disk. */
    int fd = open(path, O_WRONLY | O_APPEND);
    const unsigned char half[] = {0x55, 0x52, 0x4a, 0x52, 24, 0, 0, 0, 15, 0, 0};
    cr_assert(eq(long, (long)write(fd, half, sizeof half), (long)sizeof half));
    close(fd);
    cr_assert(eq(int, urio_journal_open(path, 42, true, &j, &disc, NULL), URIO_OK));
    cr_expect(not(disc));
    cr_assert(eq(sz, urio_journal_count(j), 5));
    cr_expect(eq(sz, urio_journal_torn_bytes(j), sizeof half));
    for (size_t i = 0; i < 5; i++) {
        uint64_t idx = 0;
        const void *data = NULL;
        size_t len = 0;
        urio_journal_record(j, i, &idx, &data, &len);
        double v[3];
        cr_assert(eq(sz, len, sizeof v));
        memcpy(v, data, len);
        cr_expect(eq(u64, idx, 10 + i));
        cr_expect(eq(dbl, v[1], 2.0 * (double)i));
    }
    /* Appending after the repair: the torn bytes are gone. */
    double w = 7.0;
    cr_assert(eq(int, urio_journal_append(j, 99, &w, sizeof w), URIO_OK));
    urio_journal_close(j, false);
    cr_assert(eq(int, urio_journal_open(path, 42, true, &j, &disc, NULL), URIO_OK));
    cr_expect(eq(sz, urio_journal_count(j), 6));
    cr_expect(eq(sz, urio_journal_torn_bytes(j), 0));
    urio_journal_close(j, false);
    /* A flipped byte in the last record's payload: its checksum fails. */
    fd = open(path, O_RDWR);
    off_t end = lseek(fd, 0, SEEK_END);
    unsigned char byte = 0;
    cr_assert(eq(long, (long)pread(fd, &byte, 1, end - 6), 1L));
    byte ^= 0xff;
    cr_assert(eq(long, (long)pwrite(fd, &byte, 1, end - 6), 1L));
    close(fd);
    cr_assert(eq(int, urio_journal_open(path, 42, true, &j, &disc, NULL), URIO_OK));
    cr_expect(eq(sz, urio_journal_count(j), 5));
    urio_journal_close(j, false);
    /* Another key: started afresh; no resume: started afresh. */
    cr_assert(eq(int, urio_journal_open(path, 43, true, &j, &disc, NULL), URIO_OK));
    cr_expect(disc);
    cr_expect(eq(sz, urio_journal_count(j), 0));
    urio_journal_close(j, false);
    cr_assert(eq(int, urio_journal_open(path, 43, false, &j, &disc, NULL), URIO_OK));
    cr_expect(eq(sz, urio_journal_count(j), 0));
    urio_journal_close(j, true);
    cr_expect(ne(int, access(path, F_OK), 0), "close with remove deletes the journal");
    rm_tmp(path);
}

Test(journal, crc32_known_value)
{
    /* The CRC-32 check value of "123456789". */
    cr_expect(eq(u32, urio_crc32(0, "123456789", 9), 0xCBF43926u));
}

/* ---- Draws ------------------------------------------------------------------------- */

static void mc_init(urio_cge_montecarlo *mc, urio_uncertain *u, size_t draws, bool quadrature)
{
    memset(mc, 0, sizeof *mc);
    memset(u, 0, 4 * sizeof *u);
    u[0].dist = (urio_dist){URIO_DIST_NORMAL, 2.0, 0.5, 0.0, -INFINITY, INFINITY};
    u[1].dist = (urio_dist){URIO_DIST_UNIFORM, 1.0, 3.0, 0.0, -INFINITY, INFINITY};
    u[2].dist = (urio_dist){URIO_DIST_TRIANGULAR, 1.0, 3.0, 2.0, -INFINITY, INFINITY};
    u[3].dist = (urio_dist){URIO_DIST_LOGNORMAL, 0.5, 0.3, 0.0, -INFINITY, INFINITY};
    u[0].elasticity = true; /* > 0 and != 1 */
    mc->params = u;
    mc->nparams = quadrature ? 3 : 4;
    mc->draws = quadrature ? 6 : draws;
    mc->seed = 2017;
    mc->quadrature = quadrature;
}

Test(draws, draw_k_does_not_depend_on_order_or_count)
{
    urio_cge_montecarlo a, b;
    urio_uncertain ua[4], ub[4];
    mc_init(&a, ua, 100, false);
    mc_init(&b, ub, 1000, false);
    double fwd[100][4], x[4];
    for (size_t k = 0; k < 100; k++)
        cr_assert(eq(int, urio_cge_mc_draw(&a, k, fwd[k]), URIO_OK));
    for (size_t k = 100; k-- > 0;) {
        cr_assert(eq(int, urio_cge_mc_draw(&b, k, x), URIO_OK));
        cr_expect(eq(int, memcmp(x, fwd[k], sizeof x), 0), "draw %zu differs", k);
    }
    /* Draws differ from one another, stay in their supports, and move with the seed. */
    cr_expect(ne(dbl, fwd[0][0], fwd[1][0]));
    for (size_t k = 0; k < 100; k++) {
        cr_expect(fwd[k][0] > 0.0 && fabs(fwd[k][0] - 1.0) >= 1e-6);
        cr_expect(fwd[k][1] >= 1.0 && fwd[k][1] <= 3.0);
        cr_expect(fwd[k][2] >= 1.0 && fwd[k][2] <= 3.0);
        cr_expect(fwd[k][3] > 0.0);
    }
    b.seed = 2018;
    cr_assert(eq(int, urio_cge_mc_draw(&b, 0, x), URIO_OK));
    cr_expect(ne(dbl, x[0], fwd[0][0]));
}

Test(draws, sample_moments_match_the_distributions)
{
    urio_cge_montecarlo mc;
    urio_uncertain u[4];
    mc_init(&mc, u, 20000, false);
    double sum[4] = {0}, x[4];
    for (size_t k = 0; k < mc.draws; k++) {
        cr_assert(eq(int, urio_cge_mc_draw(&mc, k, x), URIO_OK));
        for (int i = 0; i < 4; i++)
            sum[i] += x[i];
    }
    for (int i = 0; i < 4; i++) {
        const double mean = sum[i] / (double)mc.draws;
        const double se = urio_dist_sd(&u[i].dist) / sqrt((double)mc.draws);
        cr_expect(fabs(mean - urio_dist_mean(&u[i].dist)) < 5.0 * se, "parameter %d: mean %g", i,
                  mean);
    }
}

Test(draws, truncation_redraws)
{
    urio_cge_montecarlo mc;
    urio_uncertain u[4];
    mc_init(&mc, u, 500, false);
    u[0].dist.lo = 1.8;
    u[0].dist.hi = 2.1;
    double x[4];
    for (size_t k = 0; k < mc.draws; k++) {
        cr_assert(eq(int, urio_cge_mc_draw(&mc, k, x), URIO_OK));
        cr_expect(x[0] >= 1.8 && x[0] <= 2.1);
    }
    u[0].dist.lo = 100.0; /* out of reach: the draw fails, it does not loop */
    u[0].dist.hi = 101.0;
    cr_expect(eq(int, urio_cge_mc_draw(&mc, 0, x), URIO_ENOCONV));
}

/* ---- Statistics --------------------------------------------------------------------- */

Test(stats, known_sample)
{
    double x[100];
    for (int i = 0; i < 100; i++)
        x[i] = (double)(100 - i); /* 100, 99, ..., 1: sorted inside */
    urio_stat s;
    urio_stat_compute(x, 100, false, &s);
    cr_expect(eq(sz, s.n, 100));
    cr_expect(epsilon_eq(dbl, s.mean, 50.5, 1e-12));
    cr_expect(epsilon_eq(dbl, s.sd, sqrt(100.0 * 101.0 / 12.0), 1e-12)); /* n - 1 */
    /* GSL: x[(n-1) f] interpolated. */
    cr_expect(epsilon_eq(dbl, s.p5, 5.95, 1e-12));
    cr_expect(epsilon_eq(dbl, s.p50, 50.5, 1e-12));
    cr_expect(epsilon_eq(dbl, s.p95, 95.05, 1e-12));
    double q[4] = {1.0, 3.0, 5.0, 7.0};
    urio_stat_compute(q, 4, true, &s);
    cr_expect(epsilon_eq(dbl, s.mean, 4.0, 1e-15));
    cr_expect(epsilon_eq(dbl, s.sd, sqrt(5.0), 1e-15)); /* equal weights, about the mean */
    cr_expect(isnan(s.p5) && isnan(s.p95));
    urio_stat_compute(q, 0, false, &s);
    cr_expect(isnan(s.mean) && s.n == 0);
}

/* ---- Quadrature --------------------------------------------------------------------- */

Test(quadrature, stroud3_is_exact_to_degree_three)
{
    for (size_t m = 1; m <= 9; m++) {
        const size_t np = 2 * m;
        double z[18][9];
        for (size_t k = 0; k < np; k++) {
            urio_stroud3_point(m, k, z[k]);
            for (size_t i = 0; i < m; i++)
                cr_expect(fabs(z[k][i]) <= sqrt(2.0) + 1e-15);
        }
        /* Every monomial z_i^a z_j^b z_l^c of degree <= 3 against its moment under
         * independent zero-mean unit-variance symmetric variables. */
        for (size_t i = 0; i < m; i++)
            for (size_t j = 0; j < m; j++)
                for (size_t l = 0; l < m; l++) {
                    double e1 = 0, e2 = 0, e3 = 0;
                    for (size_t k = 0; k < np; k++) {
                        e1 += z[k][i] / (double)np;
                        e2 += z[k][i] * z[k][j] / (double)np;
                        e3 += z[k][i] * z[k][j] * z[k][l] / (double)np;
                    }
                    cr_expect(fabs(e1) < 1e-14, "m=%zu E z_%zu = %g", m, i, e1);
                    cr_expect(fabs(e2 - (i == j ? 1.0 : 0.0)) < 1e-14, "m=%zu E z%zu z%zu = %g", m,
                              i, j, e2);
                    cr_expect(fabs(e3) < 1e-14, "m=%zu third moment %g", m, e3);
                }
    }
}

Test(quadrature, draws_integrate_a_cubic_in_closed_form)
{
    /* x1 ~ normal(2, 0.5), x2 ~ uniform(1, 3), x3 ~ triangular(1, 2, 3):
     * E[x1^2 x2 + x3^3 - 4 x1 x3] = (mu1^2 + s1^2) mu2 + (mu3^3 + 3 mu3 s3^2) - 4 mu1 mu3. */
    urio_cge_montecarlo mc;
    urio_uncertain u[4];
    mc_init(&mc, u, 0, true);
    const double m1 = 2.0, v1 = 0.25, m2 = 2.0, m3 = 2.0, v3 = 1.0 / 6.0;
    const double want = (m1 * m1 + v1) * m2 + (m3 * m3 * m3 + 3.0 * m3 * v3) - 4.0 * m1 * m3;
    double got = 0.0, x[3];
    for (size_t k = 0; k < mc.draws; k++) {
        cr_assert(eq(int, urio_cge_mc_draw(&mc, k, x), URIO_OK));
        got += (x[0] * x[0] * x[1] + x[2] * x[2] * x[2] - 4.0 * x[0] * x[2]) / (double)mc.draws;
    }
    cr_expect(epsilon_eq(dbl, got, want, 1e-12), "got %.17g want %.17g", got, want);
}

/* ---- Models, families, batches ------------------------------------------------------ */

static urio_model_file *load(const char *path)
{
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_model_load(path, &mf, &d), URIO_OK), "%s (run make first)", d.msg);
    return mf;
}

static void expect_same_model(const urio_cge_model *a, const urio_cge_model *b)
{
    cr_assert(eq(sz, a->nv, b->nv));
    for (size_t i = 0; i < a->nv; i++)
        cr_expect(fabs(a->v0[i] - b->v0[i]) <= 1e-12 * (1.0 + fabs(a->v0[i])), "v0[%zu]", i);
    for (size_t i = 0; i < a->n; i++) {
        cr_expect(fabs(a->deltam[i] - b->deltam[i]) <= 1e-12, "deltam[%zu]", i);
        cr_expect(fabs(a->gamma[i] - b->gamma[i]) <= 1e-12 * (1.0 + fabs(a->gamma[i])));
    }
}

Test(recalibrate, same_elasticities_same_model)
{
    const char *paths[] = {HGH, CHINA};
    for (int f = 0; f < 2; f++) {
        urio_model_file *mf = load(paths[f]);
        urio_cge_model *r = NULL;
        urio_diag d;
        urio_diag_clear(&d);
        cr_assert(eq(int, urio_cge_model_recalibrate(mf->cge, NULL, NULL, NULL, &r, &d), URIO_OK),
                  "%s", d.msg);
        expect_same_model(mf->cge, r);
        cr_expect(eq(sz, r->nclass, mf->cge->nclass));
        urio_cge_model_free(r);
        /* Another Armington elasticity: the shares change. */
        double *sig = malloc(mf->cge->n * sizeof *sig);
        for (size_t i = 0; i < mf->cge->n; i++)
            sig[i] = 3.0;
        cr_assert(eq(int, urio_cge_model_recalibrate(mf->cge, sig, NULL, NULL, &r, &d), URIO_OK));
        cr_expect(eq(dbl, r->sigma[0], 3.0));
        cr_expect(ne(dbl, r->deltam[0], mf->cge->deltam[0]));
        urio_cge_model_free(r);
        sig[0] = 1.0; /* refused by calibration */
        cr_expect(
            eq(int, urio_cge_model_recalibrate(mf->cge, sig, NULL, NULL, &r, &d), URIO_EINVAL));
        free(sig);
        urio_model_file_free(mf);
    }
}

static urio_status parse(const char *text, const urio_cge_model *m, urio_cge_family *fam,
                         urio_diag *d)
{
    urio_diag_clear(d);
    return urio_scenarios_parse_cge_family(text, strlen(text), "s.yaml", m, fam, d);
}

Test(family, sweep_expands_a_grid)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    const char *text = "scenarios:\n  - {name: base, shocks: []}\n"
                       "sweep:\n  name: t\n  shocks:\n"
                       "    - {type: tax, tax: import, target: all, set: {from: 0, to: 0.1, "
                       "steps: 3}}\n"
                       "    - {type: tax, tax: direct, target: HOH, change: [0, 0.01]}\n";
    cr_assert(eq(int, parse(text, mf->cge, &fam, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(sz, fam.nscen, 7));
    cr_expect(eq(sz, fam.nsweep, 6));
    cr_expect(eq(str, fam.scenarios[1].name, "t (1:set=0, 2:change=0)"));
    cr_expect(eq(str, fam.scenarios[6].name, "t (1:set=0.1, 2:change=0.01)"));
    cr_expect(eq(dbl, fam.scenarios[3].shocks[0].value, 0.05));
    cr_expect(eq(dbl, fam.scenarios[6].shocks[0].value, 0.1));
    cr_expect(eq(int, fam.scenarios[4].shocks[1].change, URIO_CHANGE_ABS));
    cr_expect(fam.mc == NULL);
    urio_cge_family_clear(&fam);
    /* Three grids are too many; a sweep without a grid is an error with its line. */
    cr_expect(eq(int,
                 parse("sweep:\n  shocks:\n    - {type: tax, tax: import, target: all, set: [0, "
                       "1]}\n    - {type: tax, tax: import, target: all, set: [0, 1]}\n"
                       "    - {type: tax, tax: direct, target: all, set: [0, 0.1]}\n",
                       mf->cge, &fam, &d),
                 URIO_EPARSE));
    cr_expect(eq(sz, d.line, 5));
    cr_expect(eq(int,
                 parse("sweep:\n  shocks:\n    - {type: tax, tax: import, target: all, set: 0}\n",
                       mf->cge, &fam, &d),
                 URIO_EPARSE));
    cr_expect(strstr(d.msg, "no grid") != NULL, "%s", d.msg);
    /* Without the family entry point, sweep stays refused. */
    urio_cge_scenario *sc = NULL;
    size_t n = 0;
    cr_expect(eq(int, urio_scenarios_parse_cge(text, strlen(text), "s.yaml", mf->cge, &sc, &n, &d),
                 URIO_EUNSUPPORTED));
    urio_model_file_free(mf);
}

/* Scenario names are unique across the listed scenarios and the sweep's points,
 * the first repeat reported; a sweep of 40,000 points is checked in O(n log n) (the
 * pairwise test it replaced took quadratic time: a fuzzer's 7,094 points took 15 s). */
Test(family, unique_names)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    const char *listed = "scenarios:\n  - {name: a, shocks: []}\n  - {name: b, shocks: []}\n"
                         "  - {name: c, shocks: []}\n  - {name: b, shocks: []}\n"
                         "  - {name: a, shocks: []}\n";
    cr_expect(eq(int, parse(listed, mf->cge, &fam, &d), URIO_EPARSE));
    cr_expect(strstr(d.msg, "two scenarios are named \"b\" (lines 3 and 5)") != NULL, "%s", d.msg);
    const char *clash = "scenarios:\n  - {name: \"t (1:set=0)\", shocks: []}\n"
                        "sweep:\n  name: t\n  shocks:\n"
                        "    - {type: tax, tax: import, target: all, set: [0, 0.1]}\n";
    cr_expect(eq(int, parse(clash, mf->cge, &fam, &d), URIO_EPARSE));
    cr_expect(strstr(d.msg, "two scenarios are named \"t (1:set=0)\"") != NULL, "%s", d.msg);
    const char *big = "sweep:\n  name: t\n  shocks:\n"
                      "    - {type: tax, tax: import, target: all, set: {from: 0, to: 0.1, "
                      "steps: 200}}\n"
                      "    - {type: tax, tax: production, target: all, change: {from: 0, to: 0.1, "
                      "steps: 200}}\n";
    cr_assert(eq(int, parse(big, mf->cge, &fam, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(sz, fam.nscen, 40000));
    urio_cge_family_clear(&fam);
    urio_model_file_free(mf);
}

Test(family, monte_carlo_syntax)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    const char *text =
        "monte_carlo:\n  name: mc\n  draws: 10\n  seed: 5\n  shocks:\n"
        "    - {type: tax, tax: import, target: all, set: {distribution: uniform, min: 0, max: "
        "0.1}}\n"
        "  elasticities:\n"
        "    - {elasticity: armington, target: BRD, distribution: normal, mean: 2, sd: 0.5}\n"
        "    - {elasticity: transformation, distribution: triangular, min: 1, mode: 2, max: 4}\n";
    cr_assert(eq(int, parse(text, mf->cge, &fam, &d), URIO_OK), "%s", d.msg);
    cr_assert(fam.mc != NULL);
    cr_expect(eq(sz, fam.nscen, 0));
    cr_expect(eq(sz, fam.mc->draws, 10));
    cr_expect(eq(u64, fam.mc->seed, 5));
    cr_assert(eq(sz, fam.mc->nparams, 3));
    cr_expect(eq(str, fam.mc->params[0].name, "shock 1 tax:import set"));
    cr_expect(eq(str, fam.mc->params[1].name, "armington[BRD]"));
    cr_expect(eq(sz, fam.mc->params[1].ntargets, 1));
    cr_expect(eq(str, fam.mc->params[2].name, "transformation[all]"));
    cr_expect(eq(sz, fam.mc->params[2].ntargets, mf->cge->n));
    cr_expect(eq(dbl, fam.mc->params[1].dist.lo, 0.0), "elasticities are truncated at 0");
    urio_cge_family_clear(&fam);
    /* Quadrature needs symmetric distributions; it sets the number of draws itself. */
    cr_expect(eq(int,
                 parse("monte_carlo:\n  method: quadrature\n  elasticities:\n    - {elasticity: "
                       "armington, distribution: triangular, min: 1, mode: 2, max: 4}\n",
                       mf->cge, &fam, &d),
                 URIO_EMODEL));
    cr_assert(eq(int,
                 parse("monte_carlo:\n  method: quadrature\n  elasticities:\n    - {elasticity: "
                       "armington, distribution: uniform, min: 1.5, max: 2.5}\n"
                       "    - {elasticity: transformation, distribution: normal, mean: 2, sd: "
                       "0.2}\n",
                       mf->cge, &fam, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(sz, fam.mc->draws, 4));
    urio_cge_family_clear(&fam);
    cr_expect(eq(int,
                 parse("monte_carlo:\n  draws: 5\n  elasticities:\n    - {elasticity: "
                       "armington, distribution: normal, mean: 2}\n",
                       mf->cge, &fam, &d),
                 URIO_EPARSE));
    cr_expect(strstr(d.msg, "sd") != NULL, "%s", d.msg);
    urio_model_file_free(mf);
}

static urio_cge_batch *run_batch(const urio_cge_model *m, const urio_cge_family *fam, int threads,
                                 const char *journal, bool resume)
{
    urio_batch_opts o = {0};
    o.threads = threads;
    o.journal = journal;
    o.key = 7;
    o.resume = resume;
    urio_cge_batch *b = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_cge_batch_run(m, fam, &o, &b, &d), URIO_OK), "%s", d.msg);
    return b;
}

/* Tariffs abolished, and a Monte Carlo of `draws` draws over the Armington
 * elasticity with that policy: a listed scenario then the draws. */
static void tariff_family(const urio_model_file *mf, int draws, int seed, urio_cge_family *fam)
{
    char text[512];
    snprintf(text, sizeof text,
             "scenarios:\n  - {name: no tariffs, shocks: [{type: tax, tax: import, target: all, "
             "set: 0}]}\n"
             "monte_carlo:\n  draws: %d\n  seed: %d\n  shocks:\n"
             "    - {type: tax, tax: import, target: all, set: 0}\n"
             "  elasticities:\n"
             "    - {elasticity: armington, distribution: uniform, min: 1.5, max: 3}\n",
             draws, seed);
    urio_diag d;
    cr_assert(eq(int, parse(text, mf->cge, fam, &d), URIO_OK), "%s", d.msg);
}

Test(batch, same_bits_for_any_threads_and_after_resume)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    tariff_family(mf, 12, 3, &fam);
    urio_cge_batch *b1 = run_batch(mf->cge, &fam, 1, NULL, false);
    urio_cge_batch *b2 = run_batch(mf->cge, &fam, 2, NULL, false);
    cr_assert(eq(sz, b1->n, 13));
    cr_expect(eq(sz, b1->nfailed, 0));
    cr_expect(not(b1->interrupted));
    const size_t nv = b1->n * b1->neff;
    cr_expect(eq(int, memcmp(b1->value, b2->value, nv * sizeof *b1->value), 0));
    cr_expect(eq(int, memcmp(b1->x, b2->x, b1->ndraws * b1->nparams * sizeof *b1->x), 0));
    /* A journal, then a resume: nothing solved again, the same bits. */
    char *path = tmp_path("batch.journal");
    urio_cge_batch *b3 = run_batch(mf->cge, &fam, 2, path, false);
    urio_cge_batch *b4 = run_batch(mf->cge, &fam, 1, path, true);
    cr_expect(eq(sz, b3->nresumed, 0));
    cr_expect(eq(sz, b4->nresumed, b4->n));
    cr_expect(eq(int, memcmp(b1->value, b4->value, nv * sizeof *b1->value), 0));
    cr_expect(eq(int, memcmp(b1->base, b4->base, nv * sizeof *b1->base), 0));
    cr_expect(eq(str, b4->sol[1].failure, b1->sol[1].failure));
    /* A stop flag set from the start: nothing new is solved, the batch says so. */
    volatile sig_atomic_t stop = 1;
    urio_batch_opts o = {0};
    o.threads = 2;
    o.stop = &stop;
    urio_cge_batch *b5 = NULL;
    cr_assert(eq(int, urio_cge_batch_run(mf->cge, &fam, &o, &b5, &d), URIO_OK));
    cr_expect(b5->interrupted);
    cr_expect(eq(sz, b5->ndone, 0));
    /* The statistics of the draws. */
    urio_uncertainty *u = NULL;
    cr_assert(eq(int, urio_cge_batch_uncertainty(&fam, b1, &u), URIO_OK));
    cr_expect(eq(sz, u->solved, 12));
    cr_expect(eq(sz, u->nind, b1->neff));
    cr_expect(u->stat[0].p5 <= u->stat[0].p50 && u->stat[0].p50 <= u->stat[0].p95);
    urio_uncertainty_free(u);
    urio_cge_batch_free(b1);
    urio_cge_batch_free(b2);
    urio_cge_batch_free(b3);
    urio_cge_batch_free(b4);
    urio_cge_batch_free(b5);
    rm_tmp(path);
    urio_cge_family_clear(&fam);
    urio_model_file_free(mf);
}

/* A share of a batch (what urio-mpi's ranks run, solver/run/dist_batch.c): the plan
 * keeps tasks [begin, end), the merge brings in another batch's finished tasks as
 * records. */
typedef struct share {
    size_t begin, end;
    const urio_cge_batch *from;
} share;

static urio_status plan_range(void *ctx, const urio_cge_batch *b, bool *want, urio_diag *d)
{
    const share *c = ctx;
    (void)d;
    for (size_t k = 0; k < b->n; k++)
        if (k < c->begin || k >= c->end) want[k] = false;
    return URIO_OK;
}

static urio_status merge_from(void *ctx, urio_cge_batch *b, urio_diag *d)
{
    const share *c = ctx;
    (void)d;
    for (size_t k = 0; c->from != NULL && k < b->n; k++) {
        if (!c->from->done[k] || b->done[k]) continue;
        const size_t len = urio_cge_batch_record_size(c->from, k);
        void *buf = malloc(len);
        cr_assert(not(eq(ptr, buf, NULL)));
        urio_cge_batch_record_pack(c->from, k, buf);
        cr_assert(urio_cge_batch_record_unpack(b, k, buf, len));
        free(buf);
    }
    return URIO_OK;
}

Test(batch, shares_merged_give_the_whole_batch)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    const char *text = "scenarios:\n  - {name: no tariffs, shocks: [{type: tax, tax: import, "
                       "target: all, set: 0}]}\n"
                       "monte_carlo:\n  draws: 8\n  seed: 5\n  shocks:\n"
                       "    - {type: tax, tax: import, target: all, set: 0}\n"
                       "  elasticities:\n"
                       "    - {elasticity: armington, distribution: uniform, min: 1.5, max: 3}\n";
    cr_assert(eq(int, parse(text, mf->cge, &fam, &d), URIO_OK), "%s", d.msg);
    urio_cge_batch *whole = run_batch(mf->cge, &fam, 1, NULL, false);
    /* The second share alone: only its tasks are done. */
    share second = {4, 9, NULL};
    urio_batch_opts o = {0};
    o.threads = 2;
    o.plan = plan_range;
    o.merge = merge_from;
    o.share_ctx = &second;
    urio_cge_batch *b2 = NULL;
    cr_assert(eq(int, urio_cge_batch_run(mf->cge, &fam, &o, &b2, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(sz, b2->ndone, 5));
    cr_expect(b2->interrupted);
    for (size_t k = 0; k < b2->n; k++)
        cr_expect(eq(int, b2->done[k], k >= 4));
    /* The first share with the second merged in, journalled: the whole batch. */
    share first = {0, 4, b2};
    char *path = tmp_path("share.journal");
    o.share_ctx = &first;
    o.journal = path;
    o.key = 7;
    urio_cge_batch *b1 = NULL;
    cr_assert(eq(int, urio_cge_batch_run(mf->cge, &fam, &o, &b1, &d), URIO_OK), "%s", d.msg);
    cr_expect(eq(sz, b1->ndone, b1->n));
    cr_expect(not(b1->interrupted));
    const size_t nv = whole->n * whole->neff;
    cr_expect(eq(int, memcmp(whole->value, b1->value, nv * sizeof *b1->value), 0));
    cr_expect(eq(int, memcmp(whole->base, b1->base, nv * sizeof *b1->base), 0));
    cr_expect(eq(int, memcmp(whole->x, b1->x, whole->ndraws * whole->nparams * sizeof *b1->x), 0));
    cr_expect(eq(int, memcmp(whole->status, b1->status, whole->n * sizeof *b1->status), 0));
    for (size_t k = 0; k < whole->n; k++)
        cr_expect(eq(dbl, b1->seconds[k], (k >= 4 ? b2 : b1)->seconds[k]));
    /* Every task, merged ones too, is in the journal. */
    urio_cge_batch *b3 = run_batch(mf->cge, &fam, 1, path, true);
    cr_expect(eq(sz, b3->nresumed, b3->n));
    cr_expect(eq(int, memcmp(whole->value, b3->value, nv * sizeof *b3->value), 0));
    urio_cge_batch_free(whole);
    urio_cge_batch_free(b1);
    urio_cge_batch_free(b2);
    urio_cge_batch_free(b3);
    rm_tmp(path);
    urio_cge_family_clear(&fam);
    urio_model_file_free(mf);
}

Test(batch, a_failed_draw_has_a_reason_and_the_batch_goes_on)
{
    urio_model_file *mf = load(HGH);
    urio_cge_family fam;
    urio_diag d;
    /* A tariff of -150 % makes 1 + t <= 0: that draw cannot be built. */
    const char *text = "monte_carlo:\n  draws: 20\n  seed: 1\n  shocks:\n"
                       "    - {type: tax, tax: import, target: all, set: {distribution: uniform, "
                       "min: -3, max: 0.2}}\n";
    cr_assert(eq(int, parse(text, mf->cge, &fam, &d), URIO_OK), "%s", d.msg);
    urio_cge_batch *b = run_batch(mf->cge, &fam, 2, NULL, false);
    cr_expect(gt(sz, b->nfailed, 0));
    cr_expect(lt(sz, b->nfailed, 20));
    for (size_t k = 0; k < b->n; k++)
        if (b->status[k] != URIO_OK) cr_expect(ne(str, b->sol[k].failure, ""));
    urio_uncertainty *u = NULL;
    cr_assert(eq(int, urio_cge_batch_uncertainty(&fam, b, &u), URIO_OK));
    cr_expect(eq(sz, u->solved, 20 - b->nfailed));
    cr_expect(eq(sz, u->stat[0].n, u->solved));
    urio_uncertainty_free(u);
    urio_cge_batch_free(b);
    urio_cge_family_clear(&fam);
    urio_model_file_free(mf);
}

Test(batch, thread_budget)
{
    cr_expect(eq(int, urio_batch_threads(4, 2), 2));
    cr_expect(eq(int, urio_batch_threads(2, 1000), 2));
    cr_expect(eq(int, urio_batch_threads(0, 10), 1));
    cr_expect(eq(int, urio_batch_threads(3, 0), 3));
}

Test(progress, line)
{
    char buf[128];
    urio_progress_format(250, 1000, 5.0, buf, sizeof buf);
    cr_expect(eq(str, buf, "250/1000 scenarios  50/s  0:15 left"));
    urio_progress_format(0, 10, 0.0, buf, sizeof buf);
    cr_expect(eq(str, buf, "0/10 scenarios"));
}
