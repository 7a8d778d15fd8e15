/* test_io_analyses.c - the analyses of urio/io_analyses.h against closed forms (the
 * Ghosh inverse of Miller and Blair's table 2.3), naive reference computations
 * (extraction by re-solving the changed system, Round's M3 M2 M1 formed step by
 * step, Miyazawa's K by its definition, path values by multiplying coefficients)
 * and identities (x' = v'G, the decomposition adds up to L, unit base prices,
 * p'f = v'x, the power series of L), and the scenario engine (final-demand
 * scenarios exactly as urio_io_solve_scenarios, price and productivity shocks,
 * investment financing). */
#include <math.h>
#include <stdint.h>
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

/* A model from row-major literals: Z is n x n, Y is n x k. */
static urio_io_model *model_new(size_t n, const char *const *sectors, size_t k,
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

/* rows x n V (or S) from row-major values. */
static void set_rows(urio_io_model *m, bool satellite, size_t rows, const char *const *names,
                     const double *vals)
{
    const size_t n = m->sectors->count;
    urio_labels *l = labels(rows, names);
    urio_matrix *mx = NULL;
    cr_assert(eq(int, urio_matrix_create(rows, n, &mx), URIO_OK));
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n; j++)
            URIO_MAT(mx, r, j) = vals[r * n + j];
    if (satellite) {
        m->srows = l;
        m->S = mx;
    } else {
        m->vrows = l;
        m->V = mx;
    }
}

static void add_household(urio_io_model *m, const char *name, size_t consumption, size_t income)
{
    urio_io_household *g = realloc(m->households, (m->nhouseholds + 1) * sizeof *m->households);
    cr_assert_not_null(g);
    m->households = g;
    urio_io_household *h = &m->households[m->nhouseholds++];
    h->name = strdup(name);
    h->consumption = consumption;
    h->income = income;
}

static urio_io_result *analyse_ok(const urio_io_model *m)
{
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status st = urio_io_analyse(m, &r, &d);
    cr_assert(eq(int, st, URIO_OK), "analyse: %s: %s", urio_status_name(st), d.msg);
    return r;
}

static urio_io_analyses *analyses_ok(const urio_io_model *m, const urio_io_result *r)
{
    urio_io_analyses *an = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status st = urio_io_analyses_compute(m, r, NULL, &an, &d);
    cr_assert(eq(int, st, URIO_OK), "analyses: %s: %s", urio_status_name(st), d.msg);
    return an;
}

/* Solve M x = b in place (M row-major, n x n, destroyed) by Gaussian elimination
 * with partial pivoting: a reference independent of LAPACK. */
static void naive_solve(size_t n, double *M, double *b)
{
    for (size_t k = 0; k < n; k++) {
        size_t p = k;
        for (size_t i = k + 1; i < n; i++)
            if (fabs(M[i * n + k]) > fabs(M[p * n + k])) p = i;
        for (size_t j = 0; j < n; j++) {
            const double t = M[k * n + j];
            M[k * n + j] = M[p * n + j];
            M[p * n + j] = t;
        }
        const double t = b[k];
        b[k] = b[p];
        b[p] = t;
        for (size_t i = k + 1; i < n; i++) {
            const double f = M[i * n + k] / M[k * n + k];
            for (size_t j = k; j < n; j++)
                M[i * n + j] -= f * M[k * n + j];
            b[i] -= f * b[k];
        }
    }
    for (size_t k = n; k-- > 0;) {
        double s = b[k];
        for (size_t j = k + 1; j < n; j++)
            s -= M[k * n + j] * b[j];
        b[k] = s / M[k * n + k];
    }
}

/* Inverse of a row-major n x n matrix into inv (row-major). */
static void naive_inverse(size_t n, const double *M, double *inv)
{
    double *W = malloc(n * n * sizeof *W), *e = malloc(n * sizeof *e);
    cr_assert(W != NULL && e != NULL);
    for (size_t j = 0; j < n; j++) {
        memcpy(W, M, n * n * sizeof *W);
        for (size_t i = 0; i < n; i++)
            e[i] = i == j ? 1.0 : 0.0;
        naive_solve(n, W, e);
        for (size_t i = 0; i < n; i++)
            inv[i * n + j] = e[i];
    }
    free(W);
    free(e);
}

/* C = A B, all row-major n x n. */
static void naive_mul(size_t n, const double *A, const double *B, double *C)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0.0;
            for (size_t k = 0; k < n; k++)
                s += A[i * n + k] * B[k * n + j];
            C[i * n + j] = s;
        }
}

static const urio_effect *find_effect(const urio_effects *fx, size_t scen, const char *ind,
                                      const char *label)
{
    for (size_t k = 0; k < fx->count; k++)
        if (fx->e[k].scenario == scen && strcmp(fx->e[k].indicator, ind) == 0 &&
            strcmp(fx->e[k].label, label) == 0)
            return &fx->e[k];
    return NULL;
}

/* ---- Fixtures ------------------------------------------------------------------ */

static const char *const MB_SECTORS[] = {"s1", "s2"};
static const char *const ONE_CAT[] = {"final"};
static const double MB_Z[] = {150, 500, 200, 100};
static const double MB_Y[] = {350, 1700};

/* Two regions x two sectors; columns balance with V = [wages; taxes]. */
static const char *const REG4[] = {"north/rural/agri", "north/rural/food", "south/urban/agri",
                                   "south/urban/food"};
static const char *const CATS2[] = {"household", "exports"};
static const double REG_Z[] = {10, 30, 5,  2,  /* */
                               8,  20, 4,  10, /* */
                               6,  3,  15, 25, /* */
                               2,  6,  10, 30};
static const double REG_Y[] = {40, 13, 30, 28, 20, 31, 40, 12};

static urio_io_model *regional_model(bool households)
{
    urio_io_model *m = model_new(4, REG4, 2, CATS2, REG_Z, REG_Y);
    /* x = (100, 100, 100, 100); column sums of Z: 26, 59, 34, 67. */
    static const char *const vrows[] = {"wages", "production_taxes", "surplus"};
    static const double V[] = {40, 25, 40, 20, /* */
                               -4, 6,  6,  3,  /* */
                               38, 10, 20, 10};
    set_rows(m, false, 3, vrows, V);
    if (households) add_household(m, "hh", 0, 0);
    return m;
}

/* ---- Groups -------------------------------------------------------------------- */

Test(groups, by_prefix_region_area)
{
    static const char *const L[] = {"north/urban/agri", "north/urban/food", "north/rural/agri",
                                    "south/rural/agri", "south/urban/food"};
    urio_labels *l = labels(5, L);
    urio_io_groups *g = NULL;
    cr_assert(eq(int, urio_io_groups_create(l, URIO_GROUP_PREFIX, &g), URIO_OK));
    cr_assert(eq(sz, g->count, 4));
    cr_expect(eq(str, g->name[0], "north/urban"));
    cr_expect(eq(str, g->name[1], "north/rural"));
    cr_expect(eq(str, g->name[2], "south/rural"));
    cr_expect(eq(str, g->name[3], "south/urban"));
    const size_t of[5] = {0, 0, 1, 2, 3};
    for (size_t i = 0; i < 5; i++)
        cr_expect(eq(sz, g->of[i], of[i]));
    cr_expect(eq(sz, g->start[1] - g->start[0], 2));
    cr_expect(eq(sz, g->member[0], 0));
    cr_expect(eq(sz, g->member[1], 1));
    urio_io_groups_free(g);

    cr_assert(eq(int, urio_io_groups_create(l, URIO_GROUP_REGION, &g), URIO_OK));
    cr_assert(eq(sz, g->count, 2));
    cr_expect(eq(str, g->name[1], "south"));
    cr_expect(eq(sz, g->of[4], 1));
    urio_io_groups_free(g);

    cr_assert(eq(int, urio_io_groups_create(l, URIO_GROUP_AREA, &g), URIO_OK));
    cr_assert(eq(sz, g->count, 2));
    cr_expect(eq(str, g->name[0], "urban"));
    cr_expect(eq(str, g->name[1], "rural"));
    const size_t area[5] = {0, 0, 1, 1, 0};
    for (size_t i = 0; i < 5; i++)
        cr_expect(eq(sz, g->of[i], area[i]));
    /* Members by group, in model order: urban 0, 1, 4; rural 2, 3. */
    const size_t member[5] = {0, 1, 4, 2, 3};
    for (size_t i = 0; i < 5; i++)
        cr_expect(eq(sz, g->member[i], member[i]));
    urio_io_groups_free(g);
    urio_labels_free(l);
}

Test(groups, plain_and_two_segment_labels)
{
    static const char *const P[] = {"agri", "food"};
    static const char *const T[] = {"rural/agri", "urban/agri", "rural/food"};
    urio_labels *l = labels(2, P);
    urio_io_groups *g = NULL;
    cr_assert(eq(int, urio_io_groups_create(l, URIO_GROUP_PREFIX, &g), URIO_OK));
    cr_expect(eq(sz, g->count, 1));
    cr_expect(eq(str, g->name[0], ""));
    urio_io_groups_free(g);
    urio_labels_free(l);
    l = labels(3, T);
    for (int by = 0; by < 3; by++) {
        cr_assert(eq(int, urio_io_groups_create(l, (urio_group_by)by, &g), URIO_OK));
        cr_expect(eq(sz, g->count, 2));
        cr_expect(eq(str, g->name[0], "rural"));
        cr_expect(eq(sz, g->of[2], 0));
        urio_io_groups_free(g);
    }
    urio_labels_free(l);
    const char *seg[4];
    size_t len[4];
    cr_expect(eq(sz, urio_label_segments("a/bb/ccc", seg, len, 4), 3));
    cr_expect(eq(sz, len[1], 2));
    cr_expect(eq(sz, urio_label_segments("x", seg, len, 4), 1));
}

/* ---- Ghosh --------------------------------------------------------------------- */

Test(ghosh, miller_blair_closed_form)
{
    urio_io_model *m = model_new(2, MB_SECTORS, 1, ONE_CAT, MB_Z, MB_Y);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    /* B = diag(x)^-1 Z = [0.15 0.5; 0.1 0.05], det(I - B) = 0.7575,
     * G = [0.95 0.5; 0.1 0.85] / 0.7575. */
    const double G[2][2] = {{0.95 / 0.7575, 0.5 / 0.7575}, {0.1 / 0.7575, 0.85 / 0.7575}};
    cr_assert_not_null(an->G);
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            cr_expect(epsilon_eq(dbl, URIO_MAT(an->G, i, j), G[i][j], 1e-12));
    /* v = value added = (650, 1400); x' = v'G. */
    cr_expect(epsilon_eq(dbl, an->v[0], 650.0, 1e-9));
    cr_expect(epsilon_eq(dbl, an->v[1], 1400.0, 1e-9));
    for (size_t j = 0; j < 2; j++)
        cr_expect(epsilon_eq(dbl, an->v[0] * G[0][j] + an->v[1] * G[1][j], r->x[j], 1e-9));
    cr_expect(an->ghosh_residual < 1e-14);
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

Test(ghosh, not_kept_above_the_limit)
{
    urio_io_model *m = model_new(2, MB_SECTORS, 1, ONE_CAT, MB_Z, MB_Y);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses_opts o;
    urio_io_analyses_opts_init(&o);
    cr_expect(eq(sz, o.ghosh_max, 2000));
    o.ghosh_max = 1;
    urio_io_analyses *an = NULL;
    cr_assert(eq(int, urio_io_analyses_compute(m, r, &o, &an, NULL), URIO_OK));
    cr_expect_null(an->G);
    cr_expect(an->ghosh_residual < 1e-14, "the identity is still checked");
    cr_expect(eq(sz, an->notes.count, 1));
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- Hypothetical extraction ----------------------------------------------------- */

Test(extraction, equals_re_solving_the_changed_system)
{
    urio_io_model *m = regional_model(false);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    const size_t n = 4;
    double A[16], f[4], x[4], v[4], total = 0.0;
    for (size_t i = 0; i < n; i++) {
        f[i] = r->f[i];
        x[i] = r->x[i];
        total += x[i];
        for (size_t j = 0; j < n; j++)
            A[i * n + j] = URIO_MAT(r->A, i, j);
    }
    for (size_t j = 0; j < n; j++) {
        v[j] = x[j];
        for (size_t i = 0; i < n; i++)
            v[j] -= URIO_MAT(m->Z, i, j);
    }
    for (size_t j = 0; j < n; j++) {
        /* total: the n - 1 other sectors with their own final demand. */
        double M[9], b[3];
        size_t p = 0;
        for (size_t i = 0; i < n; i++) {
            if (i == j) continue;
            size_t q = 0;
            for (size_t k = 0; k < n; k++) {
                if (k == j) continue;
                M[p * 3 + q++] = (i == k ? 1.0 : 0.0) - A[i * n + k];
            }
            b[p++] = f[i];
        }
        naive_solve(3, M, b);
        const double loss_total = total - (b[0] + b[1] + b[2]);
        /* backward: column j of A zeroed. */
        double M4[16], b4[4];
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < n; k++)
                M4[i * n + k] = (i == k ? 1.0 : 0.0) - (k == j ? 0.0 : A[i * n + k]);
            b4[i] = f[i];
        }
        naive_solve(n, M4, b4);
        const double loss_backward = total - (b4[0] + b4[1] + b4[2] + b4[3]);
        /* forward: (I - B_bar)' x = v with row j of B zeroed. */
        for (size_t i = 0; i < n; i++) {
            for (size_t k = 0; k < n; k++) {
                const double bki = k == j ? 0.0 : URIO_MAT(m->Z, k, i) / x[k]; /* B_ki */
                M4[i * n + k] = (i == k ? 1.0 : 0.0) - bki;
            }
            b4[i] = v[i];
        }
        naive_solve(n, M4, b4);
        const double loss_forward = total - (b4[0] + b4[1] + b4[2] + b4[3]);
        const double got[3] = {an->extraction[URIO_EXTRACT_TOTAL * n + j],
                               an->extraction[URIO_EXTRACT_BACKWARD * n + j],
                               an->extraction[URIO_EXTRACT_FORWARD * n + j]};
        const double want[3] = {loss_total, loss_backward, loss_forward};
        for (size_t me = 0; me < 3; me++) {
            cr_expect(epsilon_eq(dbl, got[me], want[me], 1e-9 * total),
                      "sector %zu method %zu: %g vs %g", j, me, got[me], want[me]);
            cr_expect(got[me] >= 0.0 && got[me] <= total, "bounds");
        }
        /* Total extraction loses at least the sector's own output. */
        cr_expect(got[0] >= x[j] - 1e-9);
    }
    cr_expect(eq(str, (char *)urio_extraction_method_name(URIO_EXTRACT_FORWARD), "forward"));
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- Miyazawa ------------------------------------------------------------------ */

Test(miyazawa, k_is_the_household_block_of_l_bar)
{
    /* The regional table with household consumption in two columns: wage earners
     * (income: wages) and owners (income: surplus). */
    static const char *const cats[] = {"wage earners", "owners", "exports"};
    static const double Y[] = {20, 10, 23, 15, 5, 38, 10, 5, 36, 20, 10, 22};
    urio_io_model *m = model_new(4, REG4, 3, cats, REG_Z, Y);
    static const char *const vrows[] = {"wages", "production_taxes", "surplus"};
    static const double V[] = {40, 25, 40, 20, -4, 6, 6, 3, 38, 10, 20, 10};
    set_rows(m, false, 3, vrows, V);
    add_household(m, "wage earners", 0, 0);
    add_household(m, "owners", 1, 2);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    const size_t n = 4, nh = 2;
    cr_assert_not_null(an->K);
    /* K by its definition, in plain loops. */
    double Vc[8], C[8], L[16], VLC[4] = {0}, T[4], K[4];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            L[i * n + j] = URIO_MAT(r->L, i, j);
    for (size_t h = 0; h < nh; h++)
        for (size_t j = 0; j < n; j++) {
            Vc[h * n + j] = URIO_MAT(m->V, m->households[h].income, j) / r->x[j];
            C[j * nh + h] = URIO_MAT(m->Y, j, m->households[h].consumption) / r->income[h];
        }
    for (size_t g = 0; g < nh; g++)
        for (size_t h = 0; h < nh; h++)
            for (size_t i = 0; i < n; i++)
                for (size_t j = 0; j < n; j++)
                    VLC[g * nh + h] += Vc[g * n + i] * L[i * n + j] * C[j * nh + h];
    for (size_t e = 0; e < 4; e++)
        T[e] = (e == 0 || e == 3 ? 1.0 : 0.0) - VLC[e];
    naive_inverse(2, T, K);
    for (size_t g = 0; g < nh; g++)
        for (size_t h = 0; h < nh; h++) {
            cr_expect(epsilon_eq(dbl, URIO_MAT(an->K, g, h), K[g * nh + h], 1e-12));
            cr_expect(epsilon_eq(dbl, URIO_MAT(an->VLC, g, h), VLC[g * nh + h], 1e-12));
            cr_expect(epsilon_eq(dbl, URIO_MAT(r->L_bar, n + g, n + h), K[g * nh + h], 1e-12));
        }
    /* The top-left block of L_bar is L + L C K V L. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = L[i * n + j];
            for (size_t a = 0; a < n; a++)
                for (size_t g = 0; g < nh; g++)
                    for (size_t h = 0; h < nh; h++)
                        for (size_t b2 = 0; b2 < n; b2++)
                            s += L[i * n + a] * C[a * nh + g] * K[g * nh + h] * Vc[h * n + b2] *
                                 L[b2 * n + j];
            cr_expect(epsilon_eq(dbl, URIO_MAT(r->L_bar, i, j), s, 1e-12));
        }
    cr_expect(an->miyazawa_residual < 1e-13);
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- Spillover and feedback -------------------------------------------------------- */

Test(decomposition, round_m3_m2_m1_with_two_groups)
{
    urio_io_model *m = regional_model(false);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    const size_t n = 4;
    /* The prefix partition (north/rural, south/urban); region and area partitions
     * are the same two groups, so only one is kept. */
    cr_assert(eq(sz, an->npartitions, 1));
    const urio_io_decomposition *dc = an->partition[0];
    cr_assert(eq(sz, dc->groups->count, 2));
    cr_expect(not(dc->closed));
    /* Round: A_d block diagonal, M1 = (I - A_d)^-1, A* = M1 (A - A_d), M2 = I + A*,
     * M3 = (I - A*^2)^-1; L = M3 M2 M1. */
    double A[16], Ad[16] = {0}, Ao[16] = {0}, T[16], M1[16], As[16], M2[16], As2[16], M3[16];
    double M2M1[16], L[16];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            A[i * n + j] = URIO_MAT(r->A, i, j);
            if (i / 2 == j / 2)
                Ad[i * n + j] = A[i * n + j];
            else
                Ao[i * n + j] = A[i * n + j];
        }
    for (size_t e = 0; e < 16; e++)
        T[e] = (e % 5 == 0 ? 1.0 : 0.0) - Ad[e];
    naive_inverse(n, T, M1);
    naive_mul(n, M1, Ao, As);
    for (size_t e = 0; e < 16; e++)
        M2[e] = (e % 5 == 0 ? 1.0 : 0.0) + As[e];
    naive_mul(n, As, As, As2);
    for (size_t e = 0; e < 16; e++)
        T[e] = (e % 5 == 0 ? 1.0 : 0.0) - As2[e];
    naive_inverse(n, T, M3);
    naive_mul(n, M2, M1, M2M1);
    naive_mul(n, M3, M2M1, L);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            cr_expect(epsilon_eq(dbl, L[i * n + j], URIO_MAT(r->L, i, j), 1e-12), "L = M3 M2 M1");
    /* Components: intra M1, spillover (M2 - I) M1, feedback (M3 - I) M2 M1, averaged
     * over the columns of `from` and summed over the rows of `to`. */
    double want[4][2][2] = {{{0}}};
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            const size_t to = i / 2, from = j / 2;
            want[0][to][from] += 0.5 * M1[i * n + j];
            want[1][to][from] += 0.5 * (M2M1[i * n + j] - M1[i * n + j]);
            want[2][to][from] += 0.5 * (L[i * n + j] - M2M1[i * n + j]);
            want[3][to][from] += 0.5 * L[i * n + j];
        }
    for (size_t c = 0; c < 4; c++)
        for (size_t to = 0; to < 2; to++)
            for (size_t from = 0; from < 2; from++)
                cr_expect(
                    epsilon_eq(dbl, dc->value[(c * 2 + to) * 2 + from], want[c][to][from], 1e-12),
                    "component %zu, %zu -> %zu", c, from, to);
    /* A shock in the first group: the same parts, and they add up to L df. */
    const double df[4] = {10, -3, 0, 0};
    double intra[4], spill[4], feed[4];
    cr_assert(eq(int, urio_io_decompose_shock(r, dc, df, intra, spill, feed), URIO_OK));
    for (size_t i = 0; i < n; i++) {
        double wi = 0.0, ws = 0.0, wf = 0.0, tot = 0.0;
        for (size_t j = 0; j < n; j++) {
            wi += M1[i * n + j] * df[j];
            ws += (M2M1[i * n + j] - M1[i * n + j]) * df[j];
            wf += (L[i * n + j] - M2M1[i * n + j]) * df[j];
            tot += L[i * n + j] * df[j];
        }
        cr_expect(epsilon_eq(dbl, intra[i], wi, 1e-11));
        cr_expect(epsilon_eq(dbl, spill[i], ws, 1e-11));
        cr_expect(epsilon_eq(dbl, feed[i], wf, 1e-11));
        cr_expect(epsilon_eq(dbl, intra[i] + spill[i] + feed[i], tot, 1e-11));
    }
    cr_expect(dc->residual < 1e-13);
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Three groups, households endogenous: the parts still add up to the closed model. */
Test(decomposition, parts_add_up_in_the_closed_model)
{
    static const char *const S6[] = {"east/rural/a", "east/urban/a", "west/rural/a",
                                     "west/urban/a", "east/rural/b", "west/urban/b"};
    double Z[36], Y[12];
    for (size_t i = 0; i < 6; i++) {
        for (size_t j = 0; j < 6; j++)
            Z[i * 6 + j] = 1.0 + (double)((i * 7 + j * 3) % 11);
        Y[i * 2] = 30.0 + (double)i;
        Y[i * 2 + 1] = 20.0 + 2.0 * (double)i;
    }
    urio_io_model *m = model_new(6, S6, 2, CATS2, Z, Y);
    static const char *const vrows[] = {"wages"};
    double V[6];
    for (size_t j = 0; j < 6; j++)
        V[j] = 25.0 + (double)j;
    set_rows(m, false, 1, vrows, V);
    add_household(m, "hh", 0, 0);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    /* region/area (4 groups), region (2), area (2 but not the same as region). */
    cr_assert(eq(sz, an->npartitions, 3));
    cr_expect(eq(sz, an->partition[0]->groups->count, 4));
    cr_expect(eq(int, an->partition[1]->groups->by, URIO_GROUP_REGION));
    cr_expect(eq(int, an->partition[2]->groups->by, URIO_GROUP_AREA));
    for (size_t k = 0; k < an->npartitions; k++) {
        const urio_io_decomposition *dc = an->partition[k];
        const size_t G = dc->groups->count;
        cr_expect(dc->closed);
        /* Components add up to the total, and the totals to L_bar's sector rows. */
        for (size_t from = 0; from < G; from++) {
            double col = 0.0;
            for (size_t to = 0; to < G; to++) {
                double s = 0.0;
                for (size_t c = 0; c < 3; c++)
                    s += dc->value[(c * G + to) * G + from];
                cr_expect(epsilon_eq(dbl, s, dc->value[(3 * G + to) * G + from], 1e-12));
                col += dc->value[(3 * G + to) * G + from];
            }
            double want = 0.0;
            size_t count = 0;
            for (size_t j = 0; j < 6; j++) {
                if (dc->groups->of[j] != from) continue;
                count++;
                for (size_t i = 0; i < 6; i++)
                    want += URIO_MAT(r->L_bar, i, j);
            }
            cr_expect(epsilon_eq(dbl, col, want / (double)count, 1e-12));
        }
        /* Intra effects stay in their group; spillovers leave it. */
        for (size_t g = 0; g < G; g++)
            for (size_t h = 0; h < G; h++) {
                if (g != h) cr_expect(eq(dbl, dc->value[(0 * G + h) * G + g], 0.0));
                if (g == h) cr_expect(eq(dbl, dc->value[(1 * G + h) * G + g], 0.0));
            }
        const double df[6] = {5, 0, -2, 0, 7, 1};
        double intra[6], spill[6], feed[6], tot[7] = {0};
        cr_assert(eq(int, urio_io_decompose_shock(r, dc, df, intra, spill, feed), URIO_OK));
        for (size_t i = 0; i < 6; i++) {
            for (size_t j = 0; j < 6; j++)
                tot[i] += URIO_MAT(r->L_bar, i, j) * df[j];
            cr_expect(epsilon_eq(dbl, intra[i] + spill[i] + feed[i], tot[i], 1e-10));
        }
    }
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- Structural path analysis -------------------------------------------------------- */

static const char *const S3[] = {"a", "b", "c"};
static const double Z3[] = {10, 20, 5, 15, 5, 25, 5, 10, 10};
static const double Y3[] = {65, 55, 75};

Test(spa, paths_sum_to_the_power_series_and_values_are_products)
{
    urio_io_model *m = model_new(3, S3, 1, ONE_CAT, Z3, Y3);
    urio_io_result *r = analyse_ok(m);
    const double f[3] = {10, 0, 4};
    urio_io_spa_sums *sums = NULL;
    cr_assert(eq(int, urio_io_spa_sums_create(r->lu, 3, &sums), URIO_OK));
    urio_io_spa_opts o;
    urio_io_spa_opts_init(&o);
    cr_expect(eq(dbl, o.threshold, 1e-3));
    o.threshold = 0.0;
    o.max_paths = 0;
    o.max_depth = 8;
    urio_io_paths *p = NULL;
    cr_assert(eq(int, urio_io_spa(r->A, sums, f, &o, &p), URIO_OK));
    /* Every path of depth <= 8 from the two shocked sectors: (3^9 - 1) / 2 each. */
    cr_expect(eq(sz, p->nfound, 2 * (19683 - 1) / 2));
    /* Sum by end node against sum_{k<=8} A^k f. */
    double want[3] = {f[0], f[1], f[2]}, term[3] = {f[0], f[1], f[2]};
    for (size_t k = 1; k <= 8; k++) {
        double nx[3] = {0};
        for (size_t i = 0; i < 3; i++)
            for (size_t j = 0; j < 3; j++)
                nx[i] += URIO_MAT(r->A, i, j) * term[j];
        for (size_t i = 0; i < 3; i++) {
            term[i] = nx[i];
            want[i] += nx[i];
        }
    }
    double got[3] = {0};
    for (size_t q = 0; q < p->count; q++) {
        const urio_io_path *ph = &p->path[q];
        double v = f[ph->nodes[0]];
        for (size_t t = 1; t <= ph->depth; t++)
            v *= URIO_MAT(r->A, ph->nodes[t], ph->nodes[t - 1]);
        cr_expect(epsilon_eq(dbl, ph->value, v, 1e-15 * fabs(v) + 1e-300), "path value");
        got[ph->nodes[ph->depth]] += ph->value;
        if (q > 0) cr_expect(fabs(p->path[q - 1].value) >= fabs(ph->value), "ranked");
    }
    for (size_t i = 0; i < 3; i++)
        cr_expect(epsilon_eq(dbl, got[i], want[i], 1e-9));
    /* The effect is the output change L f; deeper series converge to it. */
    double lf = 0.0;
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            lf += URIO_MAT(r->L, i, j) * f[j];
    cr_expect(epsilon_eq(dbl, p->effect, lf, 1e-10));
    const double found8 = p->found;
    urio_io_paths_free(p);
    /* Deeper, the sum of the paths closes in on L f. */
    o.max_depth = 10;
    cr_assert(eq(int, urio_io_spa(r->A, sums, f, &o, &p), URIO_OK));
    cr_expect(found8 < p->found && p->found < lf, "%g < %g < %g", found8, p->found, lf);
    cr_expect(lf - p->found < 1e-3 * lf, "converges to L f: %g vs %g", p->found, lf);
    urio_io_paths_free(p);
    urio_io_spa_sums_free(sums);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Exact pruning: the paths found with a threshold are exactly those of the full
 * enumeration that reach it. */
Test(spa, pruning_loses_no_path_above_the_threshold)
{
    urio_io_model *m = model_new(3, S3, 1, ONE_CAT, Z3, Y3);
    urio_io_result *r = analyse_ok(m);
    const double f[3] = {10, 3, 4};
    urio_io_spa_sums *sums = NULL;
    cr_assert(eq(int, urio_io_spa_sums_create(r->lu, 3, &sums), URIO_OK));
    urio_io_spa_opts o = {0.0, 7, 0};
    urio_io_paths *all = NULL, *some = NULL;
    cr_assert(eq(int, urio_io_spa(r->A, sums, f, &o, &all), URIO_OK));
    o.threshold = 2e-3;
    cr_assert(eq(int, urio_io_spa(r->A, sums, f, &o, &some), URIO_OK));
    const double theta = 2e-3 * all->total;
    size_t above = 0;
    for (size_t q = 0; q < all->count; q++)
        above += fabs(all->path[q].value) >= theta;
    cr_expect(eq(sz, some->count, above));
    cr_expect(some->expanded < all->expanded, "%zu vs %zu", some->expanded, all->expanded);
    for (size_t q = 0; q < some->count; q++) {
        cr_expect(eq(dbl, some->path[q].value, all->path[q].value));
        cr_expect(eq(sz, some->path[q].depth, all->path[q].depth));
    }
    urio_io_paths_free(all);
    urio_io_paths_free(some);
    o.max_paths = 3;
    cr_assert(eq(int, urio_io_spa(r->A, sums, f, &o, &some), URIO_OK));
    cr_expect(eq(sz, some->count, 3));
    cr_expect(some->nfound > 3);
    urio_io_paths_free(some);
    urio_io_spa_sums_free(sums);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- Price model ----------------------------------------------------------------- */

Test(prices, unit_base_prices_and_cost_rows)
{
    urio_io_model *m = regional_model(false);
    static const char *const srows[] = {"employment", "imported_inputs"};
    static const double S[] = {5, 6, 7, 8, 1, 2, 3, 4};
    set_rows(m, true, 2, srows, S);
    urio_io_result *r = analyse_ok(m);
    urio_io_analyses *an = analyses_ok(m, r);
    cr_assert(eq(sz, an->ncost, 5));
    cr_expect(eq(str, an->cost_name[0], "wages"));
    cr_expect(eq(str, an->cost_name[3], "imported_inputs"));
    cr_expect(eq(int, an->cost_source[3], URIO_COST_SATELLITE));
    cr_expect(eq(sz, an->cost_index[3], 1));
    cr_expect(eq(str, an->cost_name[4], "other"));
    for (size_t j = 0; j < 4; j++) {
        double s = 0.0, a = 0.0;
        for (size_t q = 0; q < an->ncost; q++)
            s += URIO_MAT(an->cost, q, j);
        for (size_t i = 0; i < 4; i++)
            a += URIO_MAT(r->A, i, j);
        cr_expect(epsilon_eq(dbl, s, 1.0 - a, 1e-15));
        /* Here V and imports together exceed x - Z'1 by the imports: other < 0. */
        cr_expect(epsilon_eq(dbl, URIO_MAT(an->cost, 4, j), -S[4 + j] / 100.0, 1e-15));
    }
    cr_expect(an->price_residual < 1e-14);
    urio_io_analyses_free(an);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Parse a scenario text against m. */
static urio_io_scenario *scenarios(const urio_io_model *m, const char *text, size_t *n)
{
    urio_io_scenario *sc = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status st = urio_scenarios_parse_io(text, strlen(text), "s.yaml", m, &sc, n, &d);
    cr_assert(eq(int, st, URIO_OK), "%zu:%zu: %s", d.line, d.col, d.msg);
    return sc;
}

typedef struct batch_run {
    urio_io_result *r;
    urio_io_analyses *an;
    urio_io_scenario *sc;
    size_t nscen;
    urio_matrix *dF;
    urio_effects fx;
    urio_io_batch *b;
} batch_run;

static void batch(const urio_io_model *m, const char *text, batch_run *run)
{
    memset(run, 0, sizeof *run);
    run->r = analyse_ok(m);
    run->an = analyses_ok(m, run->r);
    run->sc = scenarios(m, text, &run->nscen);
    cr_assert(eq(int, urio_io_scenarios_delta(m, run->sc, run->nscen, &run->dF), URIO_OK));
    urio_diag d;
    urio_diag_clear(&d);
    urio_status st = urio_io_batch_solve(m, run->r, run->an, run->sc, run->nscen, run->dF, NULL,
                                         &run->fx, &run->b, &d);
    cr_assert(eq(int, st, URIO_OK), "batch: %s", d.msg);
}

static void batch_free(batch_run *run)
{
    urio_io_batch_free(run->b);
    urio_effects_free(&run->fx);
    urio_matrix_free(run->dF);
    urio_scenarios_free(run->sc, run->nscen);
    urio_io_analyses_free(run->an);
    urio_io_result_free(run->r);
}

Test(prices, tax_cut_is_delta_v_times_l)
{
    urio_io_model *m = regional_model(true);
    batch_run run;
    batch(m,
          "scenarios:\n"
          "  - name: cut\n"
          "    shocks:\n"
          "      - {type: tax, tax: production, target: '*/agri', change_pct: -10}\n"
          "  - name: zero\n"
          "    shocks:\n"
          "      - {type: tax, tax: production, target: all, change: 0}\n"
          "  - name: wage\n"
          "    shocks:\n"
          "      - {type: tax, tax: factor, row: wages, target: north/*, set: 0.5}\n",
          &run);
    const size_t n = 4;
    const double t[4] = {-0.04, 0.06, 0.06, 0.03}; /* production tax rates */
    /* Percent of the absolute rate: -10 % makes -0.04 into -0.044 and 0.06 into 0.054. */
    const double dv[4] = {-0.004, 0.0, -0.006, 0.0};
    for (size_t j = 0; j < n; j++) {
        double dp = 0.0;
        for (size_t i = 0; i < n; i++)
            dp += dv[i] * URIO_MAT(run.r->L, i, j);
        const urio_effect *e = find_effect(&run.fx, 0, "price", REG4[j]);
        cr_assert_not_null(e);
        cr_expect(eq(dbl, e->base, 1.0));
        cr_expect(epsilon_eq(dbl, e->value, 1.0 + dp, 1e-13), "%s", REG4[j]);
        /* A zero change gives unit prices. */
        e = find_effect(&run.fx, 1, "price", REG4[j]);
        cr_expect(epsilon_eq(dbl, e->value, 1.0, 1e-14));
        (void)t;
    }
    /* Cost of living of the household: its bundle at the new prices. */
    double pc = 0.0, cs = 0.0;
    for (size_t i = 0; i < n; i++) {
        pc += find_effect(&run.fx, 0, "price", REG4[i])->value * URIO_MAT(m->Y, i, 0);
        cs += URIO_MAT(m->Y, i, 0);
    }
    cr_expect(epsilon_eq(dbl, find_effect(&run.fx, 0, "price", "hh")->value, pc / cs, 1e-14));
    /* Quantities do not move; value added falls by the tax revenue lost. */
    cr_expect(epsilon_eq(dbl, find_effect(&run.fx, 0, "output", "")->value, 400.0, 1e-9));
    const urio_effect *va = find_effect(&run.fx, 0, "value_added", "");
    cr_expect(epsilon_eq(dbl, va->value - va->base, 100.0 * (-0.004 - 0.006), 1e-9));
    /* Wage rate set to 0.5 in the north: rural income rises at fixed output. */
    const urio_effect *inc = find_effect(&run.fx, 2, "income", "hh");
    cr_expect(epsilon_eq(dbl, inc->value - inc->base, (50.0 - 40.0) + (50.0 - 25.0), 1e-9));
    const bool priced = run.b->prices[0] && run.b->prices[2], kept_a = !run.b->changes_a[0];
    cr_expect(priced);
    cr_expect(kept_a);
    cr_expect(run.b->dual_residual < 1e-13);
    batch_free(&run);
    urio_io_model_free(m);
}

Test(prices, productivity_refactorises_and_lowers_costs)
{
    urio_io_model *m = regional_model(false);
    batch_run run;
    batch(m,
          "scenarios:\n"
          "  - name: gain\n"
          "    shocks:\n"
          "      - {type: productivity, target: north/rural/agri, change_pct: 25}\n",
          &run);
    const size_t n = 4, j0 = 0;
    cr_expect(run.b->changes_a[0]);
    cr_expect_null(run.b->paths[0]);
    /* New A: column 0 divided by 1.25; x = (I - A_new)^-1 f. */
    double M[16], x[4];
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < n; j++)
            M[i * n + j] = (i == j ? 1.0 : 0.0) - URIO_MAT(run.r->A, i, j) / (j == j0 ? 1.25 : 1.0);
        x[i] = run.r->f[i];
    }
    naive_solve(n, M, x);
    double p[4];
    for (size_t j = 0; j < n; j++)
        p[j] = find_effect(&run.fx, 0, "price", REG4[j])->value;
    for (size_t i = 0; i < n; i++) {
        cr_expect(epsilon_eq(dbl, find_effect(&run.fx, 0, "output", REG4[i])->value, x[i], 1e-9));
        /* p_j = sum_i a_ij p_i + v_j, all of sector 0's coefficients / 1.25. */
        double v = 0.0, c = 0.0;
        for (size_t q = 0; q < run.an->ncost; q++)
            v += URIO_MAT(run.an->cost, q, i);
        for (size_t k = 0; k < n; k++)
            c += URIO_MAT(run.r->A, k, i) * p[k];
        const double f = i == j0 ? 1.25 : 1.0;
        cr_expect(epsilon_eq(dbl, p[i], (c + v) / f, 1e-13));
    }
    cr_expect(p[0] < 1.0 && p[1] < 1.0, "costs fall: %g %g", p[0], p[1]);
    /* No decomposition for a scenario that changes A. */
    cr_expect_null(find_effect(&run.fx, 0, "output_intra", ""));
    batch_free(&run);
    urio_io_model_free(m);
}

/* ---- The scenario engine ------------------------------------------------------------- */

Test(batch, final_demand_records_equal_solve_scenarios)
{
    urio_io_model *m = regional_model(true);
    static const char *const srows[] = {"jobs"};
    static const double S[] = {3, 4, 5, 6};
    set_rows(m, true, 1, srows, S);
    batch_run run;
    batch(m,
          "scenarios:\n"
          "  - name: a\n"
          "    shocks:\n"
          "      - {type: final_demand, target: north/*, category: exports, change: 10}\n"
          "  - name: b\n"
          "    shocks:\n"
          "      - {type: final_demand, target: all, category: household, change_pct: 5}\n",
          &run);
    urio_effects ref = {0, 0, NULL};
    cr_assert(eq(int, urio_io_solve_scenarios(m, run.r, run.dF, &ref), URIO_OK));
    /* The engine writes the same records in the same order, then the decomposition. */
    size_t k = 0;
    for (size_t q = 0; q < run.fx.count; q++) {
        const urio_effect *e = &run.fx.e[q];
        if (strncmp(e->indicator, "output_", 7) == 0) continue;
        cr_assert(k < ref.count);
        cr_expect(eq(sz, e->scenario, ref.e[k].scenario));
        cr_expect(eq(str, (char *)e->indicator, (char *)ref.e[k].indicator));
        cr_expect(eq(str, (char *)e->label, (char *)ref.e[k].label));
        cr_expect(eq(dbl, e->base, ref.e[k].base));
        cr_expect(eq(dbl, e->value, ref.e[k].value), "%s %s", e->indicator, e->label);
        k++;
    }
    cr_expect(eq(sz, k, ref.count));
    /* output_intra + output_spillover + output_feedback = output, by sector. */
    for (size_t s = 0; s < 2; s++)
        for (size_t j = 0; j <= 4; j++) {
            const char *label = j < 4 ? REG4[j] : "";
            const urio_effect *o = find_effect(&run.fx, s, "output", label);
            const urio_effect *a = find_effect(&run.fx, s, "output_intra", label);
            const urio_effect *b = find_effect(&run.fx, s, "output_spillover", label);
            const urio_effect *c = find_effect(&run.fx, s, "output_feedback", label);
            cr_assert(a != NULL && b != NULL && c != NULL);
            const double sum = (a->value - a->base) + (b->value - b->base) + (c->value - c->base);
            cr_expect(epsilon_eq(dbl, sum, o->value - o->base, 1e-10), "%zu %s", s, label);
        }
    cr_expect_null(find_effect(&run.fx, 0, "price", ""), "no price shock, no prices");
    cr_assert_not_null(run.b->paths[0]);
    cr_expect(run.b->paths[0]->count > 0);
    urio_effects_free(&ref);
    batch_free(&run);
    urio_io_model_free(m);
}

Test(batch, investment_financing)
{
    urio_io_model *m = regional_model(true);
    /* Add an investment column to Y. */
    urio_labels_free(m->categories);
    static const char *const cats[] = {"household", "exports", "investment"};
    m->categories = labels(3, cats);
    urio_matrix *Y = NULL;
    cr_assert(eq(int, urio_matrix_create(4, 3, &Y), URIO_OK));
    for (size_t i = 0; i < 4; i++) {
        URIO_MAT(Y, i, 0) = URIO_MAT(m->Y, i, 0);
        URIO_MAT(Y, i, 1) = URIO_MAT(m->Y, i, 1) - 2.0;
        URIO_MAT(Y, i, 2) = 2.0;
    }
    urio_matrix_free(m->Y);
    m->Y = Y;
    batch_run run;
    batch(m,
          "scenarios:\n"
          "  - name: gov\n"
          "    shocks:\n"
          "      - {type: investment, target: south/*, financed_by: government, change: 6}\n"
          "  - name: same as final demand\n"
          "    shocks:\n"
          "      - {type: final_demand, target: south/*, category: investment, change: 6}\n"
          "  - name: households\n"
          "    shocks:\n"
          "      - {type: investment, target: south/*, financed_by: households, change: 6}\n",
          &run);
    double sum[3] = {0};
    for (size_t s = 0; s < 3; s++)
        for (size_t i = 0; i < 4; i++)
            sum[s] += URIO_MAT(run.dF, i, s);
    cr_expect(epsilon_eq(dbl, sum[0], 12.0, 1e-12));
    cr_expect(epsilon_eq(dbl, sum[2], 0.0, 1e-12), "household financing nets out");
    for (size_t i = 0; i < 4; i++) {
        cr_expect(eq(dbl, URIO_MAT(run.dF, i, 0), URIO_MAT(run.dF, i, 1)));
        const double share = URIO_MAT(m->Y, i, 0) / (40 + 30 + 20 + 40);
        const double inv = i >= 2 ? 6.0 : 0.0;
        cr_expect(epsilon_eq(dbl, URIO_MAT(run.dF, i, 2), inv - 12.0 * share, 1e-12));
    }
    cr_expect(epsilon_eq(dbl, find_effect(&run.fx, 0, "output", "")->value,
                         find_effect(&run.fx, 1, "output", "")->value, 1e-9));
    batch_free(&run);
    urio_io_model_free(m);
}
