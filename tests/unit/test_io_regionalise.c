/* test_io_regionalise.c - urio_io_regionalise (urio/io_regionalise.h) against a
 * two-region, two-sector example computed by hand from Flegg & Webber's (1997)
 * formulas, and against the invariants every regionalised table must satisfy: no
 * intra-regional coefficient above the national one, every column keeping the
 * national coefficient, rows that balance, regions and areas that add up to the
 * national table, one region and one area giving back the national model bit for
 * bit, labels region/area/sector in region-major order, and a productive result. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

/* ---- helpers ----------------------------------------------------------------- */

static urio_labels *labels(size_t count, const char *const *names)
{
    urio_labels *l = NULL;
    cr_assert(eq(int, urio_labels_create(count, names, &l, NULL), URIO_OK));
    return l;
}

/* A national model from row-major literals: Z is n x n, Y is n x k. */
static urio_io_model *national(size_t n, const char *const *sectors, size_t k,
                               const char *const *categories, const double *Z, const double *Y)
{
    urio_labels *s = labels(n, sectors), *c = labels(k, categories);
    urio_io_model *m = NULL;
    cr_assert(eq(int, urio_io_model_create(s, c, &m), URIO_OK));
    urio_labels_free(s);
    urio_labels_free(c);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            URIO_MAT(m->Z, i, j) = Z[i * n + j];
        for (size_t j = 0; j < k; j++)
            URIO_MAT(m->Y, i, j) = Y[i * k + j];
    }
    return m;
}

/* A rows x cols matrix from row-major values. */
static urio_matrix *matrix(size_t rows, size_t cols, const double *v)
{
    urio_matrix *mx = NULL;
    cr_assert(eq(int, urio_matrix_create(rows, cols, &mx), URIO_OK));
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            URIO_MAT(mx, i, j) = v[i * cols + j];
    return mx;
}

static const char *const S2[] = {"s1", "s2"};
static const char *const NS[] = {"north", "south"};
static const char *const UR[] = {"urban", "rural"};

/* The two-sector national table: x = (100, 100), A = [0.2 0.3; 0.1 0.4]. */
static const double Z2[4] = {20, 30, 10, 40};
static const double Y2[2] = {50, 50};

/* Regional output: north (60, 20), south (40, 80). */
static const double Q2[4] = {60, 20, 40, 80};

typedef struct fixture {
    urio_io_model *m;
    urio_labels *regions, *areas;
    urio_matrix *q, *share, *fd;
    bool given[4];
    urio_regional_data rd;
} fixture;

static void fixture_free(fixture *f)
{
    urio_io_model_free(f->m);
    urio_labels_free(f->regions);
    urio_labels_free(f->areas);
    urio_matrix_free(f->q);
    urio_matrix_free(f->share);
    urio_matrix_free(f->fd);
}

/* The two-region, two-sector example, one area, one category. */
static void two_by_two(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const cat[] = {"final"};
    f->m = national(2, S2, 1, cat, Z2, Y2);
    f->regions = labels(2, NS);
    f->q = matrix(2, 2, Q2);
    f->rd.regions = f->regions;
    f->rd.indicator = f->q;
}

static urio_io_model *regionalise(const fixture *f, const urio_regionalise_opts *o,
                                  urio_regional_report **rep)
{
    urio_io_model *out = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_io_regionalise(f->m, &f->rd, o, &out, rep, &d);
    if (s != URIO_OK) cr_log_error("regionalise: %s: %s (%s)", urio_status_name(s), d.msg, d.hint);
    cr_assert(eq(int, s, URIO_OK));
    cr_assert_not_null(out);
    return out;
}

/* Coefficient a[(r,i),(s,j)] of a built model with one area: Z / x. */
static double coef(const urio_io_model *mr, size_t row, size_t col)
{
    return URIO_MAT(mr->Z, row, col) / URIO_MAT(mr->x_given, col, 0);
}

/* ---- Flegg's location quotient, by hand --------------------------------------- */

/* SLQ: north (1.5, 0.5), south (2/3, 4/3).  lambda_r = [log2(1 + q_r / q)]^0.3 with
 * q_north / q = 80 / 200, q_south / q = 120 / 200.  FLQ_rij = lambda_r SLQ_ri /
 * SLQ_rj off the diagonal, lambda_r SLQ_ri on it; a^rr_ij = a_ij min(1, FLQ_rij). */
Test(io_regionalise, flq_two_regions_by_hand)
{
    fixture f;
    two_by_two(&f);
    urio_regional_report *rep = NULL;
    urio_io_model *mr = regionalise(&f, NULL, &rep);
    const double lamN = pow(log2(1.4), 0.3), lamS = pow(log2(1.6), 0.3);
    cr_expect(epsilon_eq(dbl, rep->lambda[0], lamN, 1e-15));
    cr_expect(epsilon_eq(dbl, rep->lambda[1], lamS, 1e-15));
    cr_expect(epsilon_eq(dbl, URIO_MAT(rep->slq, 0, 0), 1.5, 1e-15));
    cr_expect(epsilon_eq(dbl, URIO_MAT(rep->slq, 0, 1), 0.5, 1e-15));
    cr_expect(epsilon_eq(dbl, URIO_MAT(rep->slq, 1, 0), 2.0 / 3.0, 1e-15));
    cr_expect(epsilon_eq(dbl, URIO_MAT(rep->slq, 1, 1), 4.0 / 3.0, 1e-15));
    cr_expect(eq(int, rep->method, URIO_LQ_FLQ));
    cr_expect(epsilon_eq(dbl, rep->delta, 0.3, 0));

    /* Intra-regional coefficients. lamN = 0.805..., so north: FLQ_11 = 1.21 -> 1,
     * FLQ_12 = 3 lamN -> 1, FLQ_21 = lamN / 3, FLQ_22 = 0.5 lamN. */
    const double a[2][2] = {{0.2, 0.3}, {0.1, 0.4}};
    const double fN[2][2] = {{fmin(1, 1.5 * lamN), fmin(1, 3 * lamN)},
                             {fmin(1, lamN / 3), fmin(1, 0.5 * lamN)}};
    const double fS[2][2] = {{fmin(1, 2.0 / 3.0 * lamS), fmin(1, 0.5 * lamS)},
                             {fmin(1, 2 * lamS), fmin(1, 4.0 / 3.0 * lamS)}};
    cr_expect(epsilon_eq(dbl, fN[0][0], 1.0, 0));
    cr_expect(epsilon_eq(dbl, fN[1][0], 0.268358822414, 1e-12)); /* lamN / 3 */
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++) {
            /* north = rows/cols 0-1, south = 2-3 */
            cr_expect(epsilon_eq(dbl, coef(mr, i, j), a[i][j] * fN[i][j], 1e-14), "aNN %zu %zu", i,
                      j);
            cr_expect(epsilon_eq(dbl, coef(mr, 2 + i, 2 + j), a[i][j] * fS[i][j], 1e-14),
                      "aSS %zu %zu", i, j);
            /* Pooled trade with two regions: the rest comes from the other region. */
            cr_expect(epsilon_eq(dbl, coef(mr, 2 + i, j), a[i][j] * (1 - fN[i][j]), 1e-14),
                      "aSN %zu %zu", i, j);
            cr_expect(epsilon_eq(dbl, coef(mr, i, 2 + j), a[i][j] * (1 - fS[i][j]), 1e-14),
                      "aNS %zu %zu", i, j);
        }
    /* Regional output and, with one category, final demand f_ri = x_ri - sales. */
    const double xr[2][2] = {{60, 20}, {40, 80}};
    for (size_t r = 0; r < 2; r++)
        for (size_t i = 0; i < 2; i++) {
            const size_t row = 2 * r + i;
            cr_expect(epsilon_eq(dbl, URIO_MAT(mr->x_given, row, 0), xr[r][i], 1e-12));
            double sales = 0;
            for (size_t col = 0; col < 4; col++)
                sales += URIO_MAT(mr->Z, row, col);
            cr_expect(epsilon_eq(dbl, URIO_MAT(mr->Y, row, 0), xr[r][i] - sales, 1e-10));
            cr_expect(ge(dbl, URIO_MAT(mr->Y, row, 0), 0.0));
        }
    /* Self-sufficiency: north buys in-region sum_ij a^NN_ij x_Nj of sum_ij a_ij x_Nj. */
    double own = 0, tot = 0;
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++) {
            own += a[i][j] * fN[i][j] * xr[0][j];
            tot += a[i][j] * xr[0][j];
        }
    cr_expect(epsilon_eq(dbl, rep->self_sufficiency[0], own / tot, 1e-14));
    cr_expect(le(dbl, rep->row_residual, 1e-14));
    cr_expect(le(dbl, rep->total_residual, 1e-14));
    cr_expect(eq(str, mr->sectors->name[0], "north/s1"));
    cr_expect(eq(str, mr->sectors->name[3], "south/s2"));
    urio_regional_report_free(rep);
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* SLQ: a^rr_ij = a_ij min(1, SLQ_ri), whatever j. */
Test(io_regionalise, slq_uses_the_selling_sector_only)
{
    fixture f;
    two_by_two(&f);
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    o.method = URIO_LQ_SLQ;
    urio_regional_report *rep = NULL;
    urio_io_model *mr = regionalise(&f, &o, &rep);
    const double a[2][2] = {{0.2, 0.3}, {0.1, 0.4}};
    const double slq[2][2] = {{1.5, 0.5}, {2.0 / 3.0, 4.0 / 3.0}};
    for (size_t r = 0; r < 2; r++)
        for (size_t i = 0; i < 2; i++)
            for (size_t j = 0; j < 2; j++)
                cr_expect(epsilon_eq(dbl, coef(mr, 2 * r + i, 2 * r + j),
                                     a[i][j] * fmin(1, slq[r][i]), 1e-14));
    cr_expect(epsilon_eq(dbl, rep->lambda[0], 1.0, 0));
    urio_regional_report_free(rep);
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* delta = 0 makes lambda 1: FLQ is then the CILQ, bit for bit; a larger delta
 * never raises an intra-regional coefficient. */
Test(io_regionalise, delta_zero_is_cilq_and_delta_lowers_coefficients)
{
    fixture f;
    two_by_two(&f);
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    o.delta = 0.0;
    urio_io_model *flq0 = regionalise(&f, &o, NULL);
    o.method = URIO_LQ_CILQ;
    o.delta = 0.7; /* ignored by CILQ */
    urio_io_model *cilq = regionalise(&f, &o, NULL);
    cr_expect(eq(dbl, urio_matrix_max_abs_diff(flq0->Z, cilq->Z), 0.0));
    cr_expect(eq(dbl, urio_matrix_max_abs_diff(flq0->Y, cilq->Y), 0.0));
    o.method = URIO_LQ_FLQ;
    double prev[4] = {INFINITY, INFINITY, INFINITY, INFINITY};
    for (int k = 0; k <= 10; k++) {
        o.delta = 0.1 * k;
        urio_io_model *mr = regionalise(&f, &o, NULL);
        for (size_t r = 0; r < 2; r++)
            for (size_t i = 0; i < 2; i++) {
                const size_t row = 2 * r + i;
                /* intra-regional purchases of region r's industries of good i */
                const double v = URIO_MAT(mr->Z, row, 2 * r) + URIO_MAT(mr->Z, row, 2 * r + 1);
                cr_expect(le(dbl, v, prev[row] + 1e-12), "delta %.1f", o.delta);
                prev[row] = v;
            }
        urio_io_model_free(mr);
    }
    urio_io_model_free(flq0);
    urio_io_model_free(cilq);
    fixture_free(&f);
}

/* ---- Invariants on a larger example -------------------------------------------- */

/* Three regions, two areas, three sectors, three categories (one entry negative),
 * V and a satellite: the table every invariant below is checked on. */
static void three_regions(fixture *f)
{
    memset(f, 0, sizeof *f);
    static const char *const S3[] = {"agri", "manu", "serv"};
    static const char *const C3[] = {"household", "inventories", "exports"};
    static const double Z[9] = {10, 40, 5, 20, 150, 60, 15, 70, 90};
    static const double Y[9] = {30, -2, 7, 160, 10, 200, 300, 0, 20};
    f->m = national(3, S3, 3, C3, Z, Y);
    static const char *const vr[] = {"wages", "profits"};
    static const double V[6] = {30, 120, 200, 20, 100, 50};
    f->m->vrows = labels(2, vr);
    f->m->V = matrix(2, 3, V);
    static const char *const sr[] = {"jobs"};
    static const double S[3] = {9, 4, 6};
    f->m->srows = labels(1, sr);
    f->m->S = matrix(1, 3, S);
    static const char *const R3[] = {"east", "central", "west"};
    f->regions = labels(3, R3);
    f->areas = labels(2, UR);
    static const double q[9] = {20, 300, 250, 30, 100, 120, 40, 60, 80};
    f->q = matrix(3, 3, q);
    static const double sh[18] = {
        0.1,  0.8, 0.9,  0.9,  0.2, 0.1,  /* east urban / rural */
        0.05, 0.7, 0.85, 0.95, 0.3, 0.15, /* central */
        0.02, 0.6, 0.8,  0.98, 0.4, 0.2,  /* west */
    };
    f->share = matrix(6, 3, sh);
    static const double fd[9] = {0.5, 0, 0, 0.3, 0, 0, 0.2, 0, 0};
    f->fd = matrix(3, 3, fd);
    f->given[0] = true; /* household by destination; the others by output */
    f->rd.regions = f->regions;
    f->rd.areas = f->areas;
    f->rd.indicator = f->q;
    f->rd.area_share = f->share;
    f->rd.fd_share = f->fd;
    f->rd.fd_given = f->given;
}

/* Index of (r, a, i) with 2 areas and 3 sectors. */
static size_t ix(size_t r, size_t a, size_t i)
{
    return (r * 2 + a) * 3 + i;
}

Test(io_regionalise, labels_are_region_area_sector_in_order)
{
    fixture f;
    three_regions(&f);
    urio_io_model *mr = regionalise(&f, NULL, NULL);
    cr_assert(eq(sz, mr->sectors->count, 18));
    cr_expect(eq(str, mr->sectors->name[0], "east/urban/agri"));
    cr_expect(eq(str, mr->sectors->name[2], "east/urban/serv"));
    cr_expect(eq(str, mr->sectors->name[3], "east/rural/agri"));
    cr_expect(eq(str, mr->sectors->name[ix(2, 1, 1)], "west/rural/manu"));
    cr_expect(eq(str, mr->categories->name[1], "inventories"));
    cr_expect(eq(str, mr->vrows->name[1], "profits"));
    cr_expect(eq(str, mr->srows->name[0], "jobs"));
    urio_io_model_free(mr);
    fixture_free(&f);
}

Test(io_regionalise, coefficients_never_above_national_and_columns_keep_them)
{
    fixture f;
    three_regions(&f);
    const urio_lq_method methods[] = {URIO_LQ_FLQ, URIO_LQ_SLQ, URIO_LQ_CILQ};
    for (size_t mth = 0; mth < 3; mth++) {
        urio_regionalise_opts o;
        urio_regionalise_opts_init(&o);
        o.method = methods[mth];
        urio_io_model *mr = regionalise(&f, &o, NULL);
        double x[3];
        for (size_t i = 0; i < 3; i++) {
            x[i] = 0;
            for (size_t j = 0; j < 3; j++)
                x[i] += URIO_MAT(f.m->Z, i, j);
            for (size_t c = 0; c < 3; c++)
                x[i] += URIO_MAT(f.m->Y, i, c);
        }
        for (size_t s = 0; s < 3; s++)
            for (size_t b = 0; b < 2; b++)
                for (size_t j = 0; j < 3; j++) {
                    const size_t col = ix(s, b, j);
                    const double xc = URIO_MAT(mr->x_given, col, 0);
                    for (size_t i = 0; i < 3; i++) {
                        const double a = URIO_MAT(f.m->Z, i, j) / x[j];
                        double own = 0, all = 0;
                        for (size_t r = 0; r < 3; r++)
                            for (size_t ar = 0; ar < 2; ar++) {
                                const double v = URIO_MAT(mr->Z, ix(r, ar, i), col) / xc;
                                cr_expect(ge(dbl, v, 0.0));
                                all += v;
                                if (r == s) own += v;
                            }
                        cr_expect(le(dbl, own, a * (1 + 1e-14)), "%s",
                                  urio_lq_method_name(o.method));
                        cr_expect(epsilon_eq(dbl, all, a, 1e-14));
                    }
                }
        urio_io_model_free(mr);
    }
    fixture_free(&f);
}

Test(io_regionalise, totals_conserved_and_rows_balance)
{
    fixture f;
    three_regions(&f);
    urio_regional_report *rep = NULL;
    urio_io_model *mr = regionalise(&f, NULL, &rep);
    const size_t N = 18;
    /* Rows: Z 1 + Y 1 = x. */
    for (size_t p = 0; p < N; p++) {
        double rs = 0;
        for (size_t q = 0; q < N; q++)
            rs += URIO_MAT(mr->Z, p, q);
        for (size_t c = 0; c < 3; c++)
            rs += URIO_MAT(mr->Y, p, c);
        cr_expect(epsilon_eq(dbl, rs, URIO_MAT(mr->x_given, p, 0), 1e-10), "row %zu", p);
    }
    /* Blocks add up to the national Z, Y, V, S. */
    for (size_t i = 0; i < 3; i++) {
        for (size_t j = 0; j < 3; j++) {
            double z = 0;
            for (size_t p = 0; p < 6; p++)
                for (size_t q = 0; q < 6; q++)
                    z += URIO_MAT(mr->Z, p * 3 + i, q * 3 + j);
            cr_expect(epsilon_eq(dbl, z, URIO_MAT(f.m->Z, i, j), 1e-11));
        }
        for (size_t c = 0; c < 3; c++) {
            double y = 0;
            for (size_t p = 0; p < 6; p++)
                y += URIO_MAT(mr->Y, p * 3 + i, c);
            cr_expect(epsilon_eq(dbl, y, URIO_MAT(f.m->Y, i, c), 1e-11));
        }
        for (size_t h = 0; h < 2; h++) {
            double v = 0;
            for (size_t p = 0; p < 6; p++)
                v += URIO_MAT(mr->V, h, p * 3 + i);
            cr_expect(epsilon_eq(dbl, v, URIO_MAT(f.m->V, h, i), 1e-11));
        }
        double s = 0;
        for (size_t p = 0; p < 6; p++)
            s += URIO_MAT(mr->S, 0, p * 3 + i);
        cr_expect(epsilon_eq(dbl, s, URIO_MAT(f.m->S, 0, i), 1e-12));
    }
    /* Regional output: x_i q_ri / q_i; areas by their shares. */
    cr_expect(epsilon_eq(dbl, URIO_MAT(rep->x, 0, 1), 600.0 * 300.0 / 460.0, 1e-10));
    cr_expect(epsilon_eq(dbl, URIO_MAT(mr->x_given, ix(1, 1, 0), 0), URIO_MAT(rep->x, 1, 0) * 0.95,
                         1e-10));
    /* Final demand: non-negative where the national entry is; the negative entry
     * (agri inventories) split by output shares. */
    for (size_t p = 0; p < N; p++)
        for (size_t c = 0; c < 3; c++)
            if (URIO_MAT(f.m->Y, p % 3, c) >= 0) cr_expect(ge(dbl, URIO_MAT(mr->Y, p, c), 0.0));
    const double agri_x = 10 + 40 + 5 + 30 - 2 + 7;
    cr_expect(epsilon_eq(dbl, URIO_MAT(mr->Y, ix(0, 1, 0), 1),
                         -2.0 * (URIO_MAT(rep->x, 0, 0) / agri_x) * 0.9, 1e-12));
    cr_expect(le(dbl, rep->row_residual, 1e-12));
    cr_expect(le(dbl, rep->total_residual, 1e-12));
    cr_expect(gt(sz, rep->ras_iterations, 0));
    urio_regional_report_free(rep);
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* Within a region both areas use the regional technology and sell in proportion to
 * their output: Z[(r,a,i),(s,b,j)] = a^rs_ij s_rai x_sbj. */
Test(io_regionalise, areas_share_technology_and_pool_sales)
{
    fixture f;
    three_regions(&f);
    urio_io_model *mr = regionalise(&f, NULL, NULL);
    for (size_t r = 0; r < 3; r++)
        for (size_t s = 0; s < 3; s++)
            for (size_t i = 0; i < 3; i++)
                for (size_t j = 0; j < 3; j++) {
                    /* region-level coefficient from the urban buyer and both sellers */
                    const double xu = URIO_MAT(mr->x_given, ix(s, 0, j), 0);
                    const double xrr = URIO_MAT(mr->x_given, ix(s, 1, j), 0);
                    const double aU = (URIO_MAT(mr->Z, ix(r, 0, i), ix(s, 0, j)) +
                                       URIO_MAT(mr->Z, ix(r, 1, i), ix(s, 0, j))) /
                                      xu;
                    const double aR = (URIO_MAT(mr->Z, ix(r, 0, i), ix(s, 1, j)) +
                                       URIO_MAT(mr->Z, ix(r, 1, i), ix(s, 1, j))) /
                                      xrr;
                    cr_expect(epsilon_eq(dbl, aU, aR, 1e-14));
                    const double su = URIO_MAT(f.share, r * 2, i);
                    cr_expect(epsilon_eq(dbl, URIO_MAT(mr->Z, ix(r, 0, i), ix(s, 1, j)),
                                         aR * xrr * su, 1e-12));
                }
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* The MRIO is productive: its analysis passes every check, and its column sums
 * of A equal the national ones. */
Test(io_regionalise, result_is_productive)
{
    fixture f;
    three_regions(&f);
    urio_io_model *mr = regionalise(&f, NULL, NULL);
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_io_model_validate(mr, &d), URIO_OK), "%s", d.msg);
    urio_io_result *r = NULL;
    cr_assert(eq(int, urio_io_analyse(mr, &r, &d), URIO_OK), "%s", d.msg);
    cr_expect(r->checks.productive);
    cr_expect(r->checks.passed);
    cr_expect(le(dbl, r->checks.output_residual, 1e-10));
    urio_io_result *rn = NULL;
    cr_assert(eq(int, urio_io_analyse(f.m, &rn, &d), URIO_OK), "%s", d.msg);
    cr_expect(epsilon_eq(dbl, r->checks.max_colsum_a, rn->checks.max_colsum_a, 1e-12));
    urio_io_result_free(rn);
    urio_io_result_free(r);
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* One region and one area give back the national model bit for bit. */
Test(io_regionalise, one_region_one_area_is_the_national_model)
{
    fixture f;
    three_regions(&f);
    static const char *const one[] = {"china"};
    static const double q[3] = {5, 7, 11};
    urio_labels *r1 = labels(1, one);
    urio_matrix *q1 = matrix(1, 3, q);
    urio_regional_data rd = {.regions = r1, .indicator = q1};
    static const char *const hh[] = {"only"};
    urio_labels *a1 = labels(1, hh);
    for (int with_area = 0; with_area < 2; with_area++) {
        rd.areas = with_area ? a1 : NULL;
        urio_io_model *mr = NULL;
        urio_regional_report *rep = NULL;
        urio_diag d;
        cr_assert(eq(int, urio_io_regionalise(f.m, &rd, NULL, &mr, &rep, &d), URIO_OK), "%s",
                  d.msg);
        cr_expect(urio_labels_equal(mr->sectors, f.m->sectors));
        cr_expect(eq(dbl, urio_matrix_max_abs_diff(mr->Z, f.m->Z), 0.0));
        cr_expect(eq(dbl, urio_matrix_max_abs_diff(mr->Y, f.m->Y), 0.0));
        cr_expect(eq(dbl, urio_matrix_max_abs_diff(mr->V, f.m->V), 0.0));
        cr_expect(eq(dbl, urio_matrix_max_abs_diff(mr->S, f.m->S), 0.0));
        cr_expect(eq(dbl, rep->lambda[0], 1.0));
        cr_expect(eq(dbl, rep->self_sufficiency[0], 1.0));
        cr_expect(eq(dbl, rep->row_residual, 0.0));
        urio_regional_report_free(rep);
        urio_io_model_free(mr);
    }
    urio_labels_free(r1);
    urio_labels_free(a1);
    urio_matrix_free(q1);
    fixture_free(&f);
}

/* Households keep their Y column and V row. */
Test(io_regionalise, households_are_kept)
{
    fixture f;
    three_regions(&f);
    f.m->households = calloc(1, sizeof *f.m->households);
    cr_assert_not_null(f.m->households);
    f.m->households[0].name = strdup("all");
    f.m->households[0].consumption = 0;
    f.m->households[0].income = 0;
    f.m->nhouseholds = 1;
    urio_io_model *mr = regionalise(&f, NULL, NULL);
    cr_assert(eq(sz, mr->nhouseholds, 1));
    cr_expect(eq(str, mr->households[0].name, "all"));
    cr_expect(eq(sz, mr->households[0].consumption, 0));
    urio_diag d;
    urio_io_result *r = NULL;
    cr_assert(eq(int, urio_io_analyse(mr, &r, &d), URIO_OK), "%s", d.msg);
    cr_expect(r->checks.closed_productive);
    cr_expect(r->checks.passed);
    urio_io_result_free(r);
    urio_io_model_free(mr);
    fixture_free(&f);
}

/* Final demand with destination shares: each column still adds up to the national
 * category, and a region's supply to a category rises with its destination share. */
Test(io_regionalise, destination_shares_steer_final_demand)
{
    fixture f;
    three_regions(&f);
    urio_io_model *a = regionalise(&f, NULL, NULL);
    URIO_MAT(f.fd, 0, 0) = 0.9; /* east takes most of household demand */
    URIO_MAT(f.fd, 1, 0) = 0.05;
    URIO_MAT(f.fd, 2, 0) = 0.05;
    urio_io_model *b = regionalise(&f, NULL, NULL);
    double ea = 0, eb = 0;
    for (size_t i = 0; i < 3; i++)
        for (size_t ar = 0; ar < 2; ar++) {
            ea += URIO_MAT(a->Y, ix(0, ar, i), 0);
            eb += URIO_MAT(b->Y, ix(0, ar, i), 0);
        }
    cr_expect(gt(dbl, eb, ea));
    urio_io_model_free(a);
    urio_io_model_free(b);
    fixture_free(&f);
}

/* ---- Errors ------------------------------------------------------------------- */

static void expect_error(const fixture *f, const urio_regionalise_opts *o, urio_status want,
                         const char *part)
{
    urio_io_model *out = NULL;
    urio_regional_report *rep = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_io_regionalise(f->m, &f->rd, o, &out, &rep, &d);
    cr_expect(eq(int, s, want), "%s: %s", urio_status_name(s), d.msg);
    cr_expect_null(out);
    cr_expect_null(rep);
    cr_expect_not_null(strstr(d.msg, part), "message: %s", d.msg);
}

Test(io_regionalise, errors_name_region_and_sector)
{
    fixture f;
    three_regions(&f);
    URIO_MAT(f.share, 2, 1) = 0.6; /* central/urban manu: 0.6 + 0.3 */
    expect_error(&f, NULL, URIO_EMODEL, "central/*/manu");
    URIO_MAT(f.share, 2, 1) = 0.7;
    URIO_MAT(f.share, 0, 2) = 1.5;
    expect_error(&f, NULL, URIO_EMODEL, "east/urban/serv");
    URIO_MAT(f.share, 0, 2) = 0.9;
    for (size_t j = 0; j < 3; j++)
        URIO_MAT(f.q, 1, j) = 0; /* central makes nothing */
    expect_error(&f, NULL, URIO_EMODEL, "central");
    URIO_MAT(f.q, 1, 0) = 30;
    URIO_MAT(f.q, 1, 1) = 100;
    URIO_MAT(f.q, 1, 2) = 120;
    for (size_t r = 0; r < 3; r++)
        URIO_MAT(f.q, r, 2) = 0; /* nobody makes serv */
    expect_error(&f, NULL, URIO_EMODEL, "serv");
    URIO_MAT(f.q, 0, 2) = 250;
    URIO_MAT(f.q, 2, 1) = -1;
    expect_error(&f, NULL, URIO_EMODEL, "west/manu");
    URIO_MAT(f.q, 2, 1) = 60;
    URIO_MAT(f.fd, 0, 0) = URIO_MAT(f.fd, 1, 0) = URIO_MAT(f.fd, 2, 0) = 0;
    expect_error(&f, NULL, URIO_EMODEL, "household");
    URIO_MAT(f.fd, 0, 0) = 1;
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    o.delta = 1.5;
    expect_error(&f, &o, URIO_EINVAL, "delta");
    o.delta = NAN;
    expect_error(&f, &o, URIO_EINVAL, "delta");
    f.rd.area_share = NULL;
    expect_error(&f, NULL, URIO_EINVAL, "area shares");
    fixture_free(&f);
}

/* A region asked to sell more of a good to industries than it makes: its final
 * demand would be negative, which is an error naming the region and the good. */
Test(io_regionalise, infeasible_regional_shares_are_an_error)
{
    fixture f;
    memset(&f, 0, sizeof f);
    static const char *const cat[] = {"final"};
    /* Good 1 goes almost all to industries (Y = 1 of x = 100). */
    static const double Z[4] = {10, 89, 5, 40};
    static const double Y[2] = {1, 55};
    f.m = national(2, S2, 1, cat, Z, Y);
    f.regions = labels(2, NS);
    /* North makes a third of good 1 but little of good 2, which uses good 1 heavily;
     * south imports its good-1 inputs from north in proportion to north's output. */
    static const double q[4] = {34, 1, 66, 99};
    f.q = matrix(2, 2, q);
    f.rd.regions = f.regions;
    f.rd.indicator = f.q;
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    o.delta = 1.0;
    expect_error(&f, &o, URIO_EMODEL, "\"s1\"");
    fixture_free(&f);
}

Test(io_regionalise, method_names)
{
    urio_lq_method m = URIO_LQ_FLQ;
    cr_expect(urio_lq_method_parse("cilq", &m));
    cr_expect(eq(int, m, URIO_LQ_CILQ));
    cr_expect(urio_lq_method_parse("slq", &m));
    cr_expect(eq(int, m, URIO_LQ_SLQ));
    cr_expect(not(urio_lq_method_parse("FLQ", &m)));
    cr_expect(eq(str, (char *)urio_lq_method_name(URIO_LQ_FLQ), "flq"));
    urio_regionalise_opts o;
    urio_regionalise_opts_init(&o);
    cr_expect(eq(dbl, o.delta, 0.3));
    cr_expect(eq(int, o.method, URIO_LQ_FLQ));
}
