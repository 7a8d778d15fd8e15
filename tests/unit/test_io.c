/* test_io.c - the IO model (urio/io.h) and labels (urio/table.h) against published
 * numbers (Miller and Blair 2009, table 2.3), closed forms (a 3 x 3 inverse by
 * cofactors for the type II model, (I - B)^-1 for the Ghosh inverse) and
 * invariants (Rasmussen indices average 1, aggregation keeps totals, scenario
 * batches equal separate solves). */
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

/* Rows x n table from row-major values, into *mx with labels *l. */
static void set_rows(urio_io_model *m, size_t rows, const char *const *names, const double *vals,
                     urio_labels **l, urio_matrix **mx)
{
    const size_t n = m->sectors->count;
    *l = labels(rows, names);
    cr_assert(eq(int, urio_matrix_create(rows, n, mx), URIO_OK));
    for (size_t r = 0; r < rows; r++)
        for (size_t j = 0; j < n; j++)
            URIO_MAT(*mx, r, j) = vals[r * n + j];
}

static void add_household(urio_io_model *m, const char *name, size_t consumption, size_t income)
{
    urio_io_household *grown = realloc(m->households, (m->nhouseholds + 1) * sizeof *m->households);
    cr_assert_not_null(grown);
    m->households = grown;
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
    cr_assert_not_null(r);
    return r;
}

/* The value of one multiplier, or NAN if it is not in the list. */
static double mult(const urio_io_result *r, const char *name, urio_mult_type t, size_t j)
{
    for (size_t q = 0; q < r->nmult; q++)
        if (r->mult[q].sector == j && r->mult[q].type == t &&
            strcmp(r->mult[q].multiplier, name) == 0)
            return r->mult[q].value;
    return NAN;
}

static bool any_note_contains(const urio_io_result *r, const char *a, const char *b)
{
    for (size_t q = 0; q < r->notes.count; q++)
        if (strstr(r->notes.text[q], a) != NULL && (b == NULL || strstr(r->notes.text[q], b)))
            return true;
    return false;
}

/* Inverse of a 3 x 3 row-major matrix by the adjugate: inv = adj(M) / det(M). */
static void inverse3(const double M[9], double inv[9])
{
#define E(i, j) M[(i)*3 + (j)]
    const double c00 = E(1, 1) * E(2, 2) - E(1, 2) * E(2, 1);
    const double c01 = -(E(1, 0) * E(2, 2) - E(1, 2) * E(2, 0));
    const double c02 = E(1, 0) * E(2, 1) - E(1, 1) * E(2, 0);
    const double c10 = -(E(0, 1) * E(2, 2) - E(0, 2) * E(2, 1));
    const double c11 = E(0, 0) * E(2, 2) - E(0, 2) * E(2, 0);
    const double c12 = -(E(0, 0) * E(2, 1) - E(0, 1) * E(2, 0));
    const double c20 = E(0, 1) * E(1, 2) - E(0, 2) * E(1, 1);
    const double c21 = -(E(0, 0) * E(1, 2) - E(0, 2) * E(1, 0));
    const double c22 = E(0, 0) * E(1, 1) - E(0, 1) * E(1, 0);
    const double det = E(0, 0) * c00 + E(0, 1) * c01 + E(0, 2) * c02;
#undef E
    /* inv(i, j) = cofactor(j, i) / det */
    const double adj[9] = {c00, c10, c20, c01, c11, c21, c02, c12, c22};
    for (int e = 0; e < 9; e++)
        inv[e] = adj[e] / det;
}

/* ---- Miller and Blair (2009), table 2.3 ------------------------------------- */

static const char *const MB_SECTORS[] = {"s1", "s2"};
static const char *const MB_ONE_CAT[] = {"final"};
static const double MB_Z[] = {150, 500, 200, 100};
static const double MB_Y[] = {350, 1700};

Test(io, miller_blair_table_2_3)
{
    urio_io_model *m = model_new(2, MB_SECTORS, 1, MB_ONE_CAT, MB_Z, MB_Y);
    urio_io_result *r = analyse_ok(m);
    cr_expect(epsilon_eq(dbl, r->x[0], 1000.0, 1e-12));
    cr_expect(epsilon_eq(dbl, r->x[1], 2000.0, 1e-12));
    const double A[2][2] = {{0.15, 0.25}, {0.2, 0.05}};
    const double L[2][2] = {{1.254125, 0.330033}, {0.264026, 1.122112}};
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++) {
            cr_expect(epsilon_eq(dbl, URIO_MAT(r->A, i, j), A[i][j], 1e-15));
            cr_expect(epsilon_eq(dbl, URIO_MAT(r->L, i, j), L[i][j], 1e-6));
        }
    cr_expect(epsilon_eq(dbl, mult(r, "output", URIO_MULT_SIMPLE, 0), 1.518152, 1e-6));
    cr_expect(epsilon_eq(dbl, mult(r, "output", URIO_MULT_SIMPLE, 1), 1.452145, 1e-6));

    /* (I - A) L = I, recomputed here with the published A. */
    urio_matrix *IA = NULL, *P = NULL, *Id = NULL;
    cr_assert(eq(int, urio_matrix_identity(2, &IA), URIO_OK));
    cr_assert(eq(int, urio_matrix_identity(2, &Id), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 2, &P), URIO_OK));
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++)
            URIO_MAT(IA, i, j) -= A[i][j];
    cr_assert(eq(int, urio_matrix_gemm(false, false, 1.0, IA, r->L, 0.0, P), URIO_OK));
    cr_expect(le(dbl, urio_matrix_max_abs_diff(P, Id), 1e-12));
    cr_expect(le(dbl, r->checks.identity_residual, 1e-12));
    cr_expect(le(dbl, r->checks.output_residual, 1e-12));
    cr_expect(r->checks.productive);
    cr_expect(r->checks.passed);
    cr_expect(not(r->checks.closed_present));
    cr_expect(epsilon_eq(dbl, r->checks.max_colsum_a, 0.35, 1e-15));
    cr_expect(gt(dbl, r->checks.rcond, 0.1));
    /* No V, no households: output multipliers only, simple and type I. */
    cr_expect(eq(sz, r->nmult, 4));
    cr_expect(eq(sz, r->notes.count, 0));
    urio_io_result_free(r);
    urio_io_model_free(m);
    urio_matrix_free(IA);
    urio_matrix_free(P);
    urio_matrix_free(Id);
}

/* ---- type II: one household ------------------------------------------------- */

/* Table 2.3 with final demand split into household consumption and exports, and
 * value added into wages and other: income I = 800, and
 * A_bar = [.15 .25 .125; .2 .05 .375; .3 .25 0]. */
static const char *const HH_CATS[] = {"household", "exports"};
static const double HH_Y[] = {100, 250, 300, 1400};
static const char *const HH_VROWS[] = {"wages", "other"};
static const double HH_V[] = {300, 500, 350, 900};
static const double HH_ABAR[9] = {0.15, 0.25, 0.125, 0.2, 0.05, 0.375, 0.3, 0.25, 0.0};

static urio_io_model *household_model(void)
{
    urio_io_model *m = model_new(2, MB_SECTORS, 2, HH_CATS, MB_Z, HH_Y);
    set_rows(m, 2, HH_VROWS, HH_V, &m->vrows, &m->V);
    add_household(m, "urban", 0, 0);
    return m;
}

Test(io, type_ii_closed_form)
{
    urio_io_model *m = household_model();
    urio_io_result *r = analyse_ok(m);
    cr_assert(eq(sz, r->m, 1));
    cr_assert_not_null(r->L_bar);
    cr_expect(epsilon_eq(dbl, r->income[0], 800.0, 1e-12));

    double IA[9], Lbar[9];
    for (int e = 0; e < 9; e++)
        IA[e] = (e % 4 == 0 ? 1.0 : 0.0) - HH_ABAR[e];
    inverse3(IA, Lbar);
    for (size_t i = 0; i < 3; i++)
        for (size_t j = 0; j < 3; j++)
            cr_expect(epsilon_eq(dbl, URIO_MAT(r->L_bar, i, j), Lbar[i * 3 + j], 1e-12),
                      "L_bar(%zu, %zu)", i, j);

    /* Type II output multipliers: column sums of the sector block of L_bar, which
     * exceed the simple ones since households add induced demand. */
    for (size_t j = 0; j < 2; j++) {
        const double t2 = Lbar[0 * 3 + j] + Lbar[1 * 3 + j];
        cr_expect(epsilon_eq(dbl, mult(r, "output", URIO_MULT_TYPE_II, j), t2, 1e-12));
        cr_expect(gt(dbl, mult(r, "output", URIO_MULT_TYPE_II, j),
                     mult(r, "output", URIO_MULT_SIMPLE, j)));
    }
    /* Income multipliers: c = wages / x = [0.3, 0.25]; type II = L_bar(2, j) / c_j. */
    const double c[2] = {0.3, 0.25};
    for (size_t j = 0; j < 2; j++) {
        const double simple = c[0] * URIO_MAT(r->L, 0, j) + c[1] * URIO_MAT(r->L, 1, j);
        cr_expect(epsilon_eq(dbl, mult(r, "income:urban", URIO_MULT_SIMPLE, j), simple, 1e-12));
        cr_expect(
            epsilon_eq(dbl, mult(r, "income:urban", URIO_MULT_TYPE_I, j), simple / c[j], 1e-12));
        cr_expect(epsilon_eq(dbl, mult(r, "income:urban", URIO_MULT_TYPE_II, j),
                             Lbar[2 * 3 + j] / c[j], 1e-12));
        cr_expect(
            epsilon_eq(dbl, mult(r, "wages", URIO_MULT_TYPE_II, j), Lbar[2 * 3 + j] / c[j], 1e-12));
    }
    cr_expect(r->checks.closed_present);
    cr_expect(r->checks.closed_productive);
    cr_expect(le(dbl, r->checks.closed_identity_residual, 1e-12));
    cr_expect(le(dbl, r->checks.closed_output_residual, 1e-12));
    cr_expect(r->checks.passed);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Families output, value_added, wages, other, employment, income:urban; types
 * simple, type_i, type_ii; two sectors each. */
Test(io, multiplier_order)
{
    urio_io_model *m = household_model();
    const char *const srow[] = {"employment"};
    const double S[] = {10, 30};
    set_rows(m, 1, srow, S, &m->srows, &m->S);
    urio_io_result *r = analyse_ok(m);
    const char *const family[] = {"output", "value_added", "wages",
                                  "other",  "employment",  "income:urban"};
    cr_assert(eq(sz, r->nmult, 6 * 3 * 2));
    size_t q = 0;
    for (size_t f = 0; f < 6; f++)
        for (int t = 0; t < 3; t++)
            for (size_t j = 0; j < 2; j++, q++) {
                cr_expect(eq(str, (char *)r->mult[q].multiplier, (char *)family[f]));
                cr_expect(eq(int, (int)r->mult[q].type, t));
                cr_expect(eq(sz, r->mult[q].sector, j));
            }
    /* value_added simple = column sums of (v / x) L with v / x = [0.65, 0.7];
     * when all value added is counted it is 1 for each sector (x = Z^T 1 + V^T 1). */
    cr_expect(epsilon_eq(dbl, mult(r, "value_added", URIO_MULT_SIMPLE, 0), 1.0, 1e-12));
    cr_expect(epsilon_eq(dbl, mult(r, "value_added", URIO_MULT_SIMPLE, 1), 1.0, 1e-12));
    cr_expect(eq(str, (char *)urio_mult_type_name(URIO_MULT_TYPE_II), "type_ii"));
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- linkages ---------------------------------------------------------------- */

static const char *const THREE[] = {"agriculture", "industry", "services"};
static const double THREE_Z[] = {20, 60, 10, 30, 200, 80, 15, 90, 120};
static const double THREE_Y[] = {110, 20, 290, 100, 275, 100};

Test(io, ghosh_forward_linkage_and_rasmussen_indices)
{
    const char *const cats[] = {"households", "exports"};
    urio_io_model *m = model_new(3, THREE, 2, cats, THREE_Z, THREE_Y);
    urio_io_result *r = analyse_ok(m);
    const size_t n = 3;

    /* Ghosh: B = diag(x)^-1 Z, G = (I - B)^-1 computed directly. */
    urio_matrix *IB = NULL, *G = NULL;
    cr_assert(eq(int, urio_matrix_identity(n, &IB), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(n, n, &G), URIO_OK));
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            URIO_MAT(IB, i, j) -= THREE_Z[i * n + j] / r->x[i];
    urio_lu *solver = NULL;
    cr_assert(eq(int, urio_lu_create(n, &solver), URIO_OK));
    cr_assert(eq(int, urio_lu_factor(solver, IB->data, n), URIO_OK));
    cr_assert(eq(int, urio_lu_inverse(solver, G->data, n), URIO_OK));
    double bsum = 0.0, fsum = 0.0;
    for (size_t i = 0; i < n; i++) {
        double row = 0.0, col = 0.0;
        for (size_t j = 0; j < n; j++) {
            row += URIO_MAT(G, i, j);
            col += URIO_MAT(r->L, j, i);
        }
        cr_expect(epsilon_eq(dbl, r->forward[i], row, 1e-12), "forward %zu", i);
        cr_expect(epsilon_eq(dbl, r->backward[i], col, 1e-12), "backward %zu", i);
        bsum += r->backward_index[i];
        fsum += r->forward_index[i];
        cr_expect(
            eq(int, r->key_sector[i], r->backward_index[i] > 1.0 && r->forward_index[i] > 1.0));
    }
    cr_expect(epsilon_eq(dbl, bsum / (double)n, 1.0, 1e-14));
    cr_expect(epsilon_eq(dbl, fsum / (double)n, 1.0, 1e-14));
    urio_lu_free(solver);
    urio_matrix_free(IB);
    urio_matrix_free(G);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- degenerate and failing tables ------------------------------------------- */

/* Sector 3 neither sells nor buys: zero column of A, a note, no NaN anywhere, and
 * its type I ratios are left out with a note. */
Test(io, zero_output_sector)
{
    const double Z[] = {150, 500, 0, 200, 100, 0, 0, 0, 0};
    const double Y[] = {350, 1700, 0};
    const char *const vrow[] = {"wages"};
    const double V[] = {650, 1400, 0};
    const char *const srow[] = {"employment"};
    const double S[] = {5, 9, 0};
    urio_io_model *m = model_new(3, THREE, 1, MB_ONE_CAT, Z, Y);
    set_rows(m, 1, vrow, V, &m->vrows, &m->V);
    set_rows(m, 1, srow, S, &m->srows, &m->S);
    urio_io_result *r = analyse_ok(m);
    for (size_t i = 0; i < 3; i++)
        cr_expect(eq(dbl, URIO_MAT(r->A, i, 2), 0.0));
    cr_expect(any_note_contains(r, "services", "zero gross output"));
    cr_expect(any_note_contains(r, "employment", "type_i"));
    for (size_t e = 0; e < 9; e++) {
        cr_expect(isfinite(r->A->data[e]));
        cr_expect(isfinite(r->L->data[e]));
    }
    for (size_t q = 0; q < r->nmult; q++)
        cr_expect(isfinite(r->mult[q].value), "%s", r->mult[q].multiplier);
    for (size_t i = 0; i < 3; i++) {
        cr_expect(isfinite(r->backward[i]) && isfinite(r->forward[i]));
        cr_expect(isfinite(r->backward_index[i]) && isfinite(r->forward_index[i]));
    }
    cr_expect(eq(dbl, r->forward[2], 0.0));
    /* output type_i is kept for all 3 (c = 1); employment type_i for 2 of 3. */
    cr_expect(isfinite(mult(r, "output", URIO_MULT_TYPE_I, 2)));
    cr_expect(isnan(mult(r, "employment", URIO_MULT_TYPE_I, 2)));
    cr_expect(isfinite(mult(r, "employment", URIO_MULT_SIMPLE, 2)));
    cr_expect(r->checks.passed);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Column 1 of A sums to 2.75 (negative final demand makes x_1 small). */
Test(io, unproductive_table_names_the_sector)
{
    const char *const sec[] = {"agriculture", "services"};
    const double Z[] = {600, 100, 500, 100};
    const double Y[] = {-300, 400};
    urio_io_model *m = model_new(2, sec, 1, MB_ONE_CAT, Z, Y);
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_io_analyse(m, &r, &d), URIO_EUNPRODUCTIVE));
    cr_expect_null(r);
    cr_expect_not_null(strstr(d.msg, "agriculture"), "%s", d.msg);
    cr_expect_not_null(strstr(d.msg, "2.75"), "%s", d.msg);
    cr_expect_not_null(strstr(d.hint, "column sums of A"));
    cr_expect(eq(int, urio_status_exit_code(d.status), 1));
    urio_io_model_free(m);
}

/* One sector that uses all of its own output: A = 1, I - A = 0 is singular. */
Test(io, singular_table_is_unproductive)
{
    const char *const sec[] = {"mining"};
    const double Z[] = {100};
    const double Y[] = {0};
    urio_io_model *m = model_new(1, sec, 1, MB_ONE_CAT, Z, Y);
    urio_io_result *r = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_io_analyse(m, &r, &d), URIO_EUNPRODUCTIVE));
    cr_expect_null(r);
    cr_expect_not_null(strstr(d.msg, "singular"), "%s", d.msg);
    cr_expect_not_null(strstr(d.msg, "mining"), "%s", d.msg);
    urio_io_model_free(m);
}

Test(io, validation_names_the_problem)
{
    const double Z[] = {150, -5, 200, 100};
    urio_io_model *m = model_new(2, MB_SECTORS, 1, MB_ONE_CAT, Z, MB_Y);
    urio_diag d;
    urio_diag_clear(&d);
    cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_EMODEL));
    cr_expect_not_null(strstr(d.msg, "negative"), "%s", d.msg);
    URIO_MAT(m->Z, 0, 1) = 500;
    cr_assert(eq(int, urio_matrix_create(2, 1, &m->x_given), URIO_OK));
    URIO_MAT(m->x_given, 0, 0) = 1000;
    URIO_MAT(m->x_given, 1, 0) = 2100;
    cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_EMODEL));
    cr_expect_not_null(strstr(d.msg, "s2"), "%s", d.msg);
    URIO_MAT(m->x_given, 1, 0) = 2000;
    cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_OK));
    URIO_MAT(m->Y, 1, 0) = NAN;
    cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_EMODEL));
    urio_io_model_free(m);
}

/* ---- the same bits for any thread count ------------------------------------- */

/* A random n-sector table with households (column 0 of Y, row 0 of V), a
 * satellite row and one sector (z) that produces nothing: Z uniform in [0, 0.5),
 * final demand n (1 + u) in two columns, so that the columns of A sum to about
 * 0.08; wages 0.6 x_j, the closed model's columns about 0.7. */
static urio_io_model *random_model(size_t n, size_t z, uint64_t seed)
{
    char(*names)[24] = malloc(n * sizeof *names);
    const char **ptr = malloc(n * sizeof *ptr);
    cr_assert(names != NULL && ptr != NULL);
    for (size_t i = 0; i < n; i++) {
        snprintf(names[i], sizeof names[i], "s%zu", i);
        ptr[i] = names[i];
    }
    const char *const cats[] = {"households", "exports"}, *const vrows[] = {"wages", "other"};
    const char *const srows[] = {"employment"};
    urio_labels *s = labels(n, ptr), *c = labels(2, cats);
    free(ptr);
    free(names);
    urio_io_model *m = NULL;
    cr_assert(eq(int, urio_io_model_create(s, c, &m), URIO_OK));
    urio_labels_free(s);
    urio_labels_free(c);
    uint64_t r = seed;
    for (size_t e = 0; e < n * n + 2 * n; e++) {
        r = r * 6364136223846793005u + 1442695040888963407u;
        const double u = (double)(r >> 11) * 0x1.0p-53;
        if (e < n * n)
            m->Z->data[e] = e % n == z || e / n == z ? 0.0 : 0.5 * u;
        else
            m->Y->data[e - n * n] = (e - n * n) % n == z ? 0.0 : (double)n * (1.0 + u);
    }
    m->vrows = labels(2, vrows);
    m->srows = labels(1, srows);
    cr_assert(eq(int, urio_matrix_create(2, n, &m->V), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(1, n, &m->S), URIO_OK));
    for (size_t j = 0; j < n; j++) {
        double x = 0.0, in = 0.0;
        for (size_t i = 0; i < n; i++) {
            x += URIO_MAT(m->Z, j, i);
            in += URIO_MAT(m->Z, i, j);
        }
        x += URIO_MAT(m->Y, j, 0) + URIO_MAT(m->Y, j, 1);
        URIO_MAT(m->V, 0, j) = 0.6 * x;
        URIO_MAT(m->V, 1, j) = x - in - 0.6 * x;
        URIO_MAT(m->S, 0, j) = 0.01 * x;
    }
    add_household(m, "households", 0, 0);
    return m;
}

/* The analysis's O(n^2) passes run in parallel ranges of columns (and rows): 300
 * sectors make five ranges; 1, 2 and 3 threads must give the same bits, and
 * validation the same first problem. */
Test(io, analysis_is_bit_identical_for_1_2_3_threads)
{
    const size_t n = 300, z = 217;
    urio_io_model *m = random_model(n, z, 11);
    urio_io_result *r[3];
    for (int t = 0; t < 3; t++) {
        cr_assert(eq(int, urio_run_threads_init(t + 1), t + 1));
        r[t] = analyse_ok(m);
    }
    cr_expect(r[0]->checks.passed && r[0]->checks.closed_present);
    cr_expect(eq(dbl, URIO_MAT(r[0]->A, 5, z), 0.0));
    cr_expect(any_note_contains(r[0], "s217", "zero gross output"));
    for (int t = 1; t < 3; t++) {
        const urio_io_result *a = r[0], *b = r[t];
        cr_expect(eq(int, memcmp(a->A->data, b->A->data, n * n * sizeof(double)), 0), "%d", t);
        cr_expect(eq(int, memcmp(a->L->data, b->L->data, n * n * sizeof(double)), 0), "%d", t);
        cr_expect(
            eq(int, memcmp(a->L_bar->data, b->L_bar->data, (n + 1) * (n + 1) * sizeof(double)), 0));
        cr_expect(eq(int, memcmp(a->x, b->x, n * sizeof(double)), 0));
        cr_expect(eq(int, memcmp(a->backward, b->backward, n * sizeof(double)), 0));
        cr_expect(eq(int, memcmp(a->forward, b->forward, n * sizeof(double)), 0));
        cr_assert(eq(sz, a->nmult, b->nmult));
        for (size_t q = 0; q < a->nmult; q++)
            cr_expect(eq(int, memcmp(&a->mult[q].value, &b->mult[q].value, sizeof(double)), 0));
        const double ca[] = {a->checks.max_colsum_a,
                             a->checks.min_l,
                             a->checks.identity_residual,
                             a->checks.output_residual,
                             a->checks.rcond,
                             a->checks.closed_identity_residual,
                             a->checks.closed_output_residual,
                             a->checks.closed_rcond};
        const double cb[] = {b->checks.max_colsum_a,
                             b->checks.min_l,
                             b->checks.identity_residual,
                             b->checks.output_residual,
                             b->checks.rcond,
                             b->checks.closed_identity_residual,
                             b->checks.closed_output_residual,
                             b->checks.closed_rcond};
        cr_expect(eq(int, memcmp(ca, cb, sizeof ca), 0), "checks, %d threads", t + 1);
    }
    /* The largest column sum of A, from the per-column sums reduced in order. */
    double best = -1.0;
    for (size_t j = 0; j < n; j++) {
        double sum = 0.0;
        for (size_t i = 0; i < n; i++)
            sum += URIO_MAT(r[0]->A, i, j);
        best = sum > best ? sum : best;
    }
    cr_expect(eq(dbl, r[0]->checks.max_colsum_a, best));
    for (int t = 0; t < 3; t++)
        urio_io_result_free(r[t]);

    /* Validation: a NaN at (5, 250) comes before a negative flow at (7, 100) in
     * the order of the checks, which then finds the negative one first in column
     * order, not the one at (9, 280). */
    URIO_MAT(m->Z, 5, 250) = NAN;
    URIO_MAT(m->Z, 7, 100) = -1.0;
    URIO_MAT(m->Z, 9, 280) = -2.0;
    for (int t = 0; t < 3; t++) {
        cr_assert(eq(int, urio_run_threads_init(t + 1), t + 1));
        urio_diag d;
        urio_diag_clear(&d);
        cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_EMODEL));
        cr_expect_not_null(strstr(d.msg, "non-finite value at row 's5', column 's250'"), "%s",
                           d.msg);
        URIO_MAT(m->Z, 5, 250) = 0.25;
        urio_diag_clear(&d);
        cr_expect(eq(int, urio_io_model_validate(m, &d), URIO_EMODEL));
        cr_expect_not_null(strstr(d.msg, "from sector 's7' to sector 's100'"), "%s", d.msg);
        URIO_MAT(m->Z, 5, 250) = NAN;
    }
    cr_assert(eq(int, urio_run_threads_init(2), 2));
    urio_io_model_free(m);
}

/* ---- aggregation ------------------------------------------------------------- */

Test(io, aggregation_keeps_totals_and_matches_direct_build)
{
    const char *const cats[] = {"households", "exports"};
    urio_io_model *m = model_new(3, THREE, 2, cats, THREE_Z, THREE_Y);
    const char *const vrow[] = {"wages", "profits"};
    /* Column sums of Z: 65, 350, 210; x = 220, 700, 600; V fills the rest. */
    const double V[] = {100, 150, 250, 55, 200, 140};
    set_rows(m, 2, vrow, V, &m->vrows, &m->V);
    const char *const tnames[] = {"goods", "services"};
    urio_labels *targets = labels(2, tnames);
    const size_t map[] = {0, 0, 1};
    urio_io_model *agg = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    cr_assert(eq(int, urio_io_model_aggregate(m, map, targets, &agg, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(sz, agg->sectors->count, 2));

    urio_io_result *r = analyse_ok(m), *ra = analyse_ok(agg);
    cr_expect(epsilon_eq(dbl, ra->x[0] + ra->x[1], r->x[0] + r->x[1] + r->x[2], 1e-9));
    cr_expect(epsilon_eq(dbl, ra->x[0], r->x[0] + r->x[1], 1e-9));
    /* Column balance: Z column sums plus V column sums equal x, before and after. */
    for (size_t j = 0; j < 2; j++) {
        double col = 0.0;
        for (size_t i = 0; i < 2; i++)
            col += URIO_MAT(agg->Z, i, j);
        for (size_t v = 0; v < 2; v++)
            col += URIO_MAT(agg->V, v, j);
        cr_expect(epsilon_eq(dbl, col, ra->x[j], 1e-9));
    }

    /* The same model built directly from summed numbers. */
    const double Zd[] = {20 + 60 + 30 + 200, 10 + 80, 15 + 90, 120};
    const double Yd[] = {110 + 290, 20 + 100, 275, 100};
    urio_io_model *direct = model_new(2, tnames, 2, cats, Zd, Yd);
    urio_io_result *rd = analyse_ok(direct);
    cr_expect(le(dbl, urio_matrix_max_abs_diff(ra->L, rd->L), 1e-12));
    cr_expect(le(dbl, urio_matrix_max_abs_diff(agg->Z, direct->Z), 0.0));

    /* A target with no source is an error that names it. */
    const char *const three_targets[] = {"goods", "services", "tourism"};
    urio_labels *t3 = labels(3, three_targets);
    urio_io_model *bad = NULL;
    cr_expect(eq(int, urio_io_model_aggregate(m, map, t3, &bad, &d), URIO_EMODEL));
    cr_expect_null(bad);
    cr_expect_not_null(strstr(d.msg, "tourism"), "%s", d.msg);

    urio_labels_free(t3);
    urio_labels_free(targets);
    urio_io_result_free(r);
    urio_io_result_free(ra);
    urio_io_result_free(rd);
    urio_io_model_free(m);
    urio_io_model_free(agg);
    urio_io_model_free(direct);
}

/* ---- scenarios ----------------------------------------------------------------- */

static urio_io_shock shock(size_t sector, size_t category, urio_change_kind kind, double value)
{
    urio_io_shock s = {.nsectors = 1,
                       .sectors = malloc(sizeof(size_t)),
                       .category = category,
                       .kind = kind,
                       .value = value};
    cr_assert_not_null(s.sectors);
    s.sectors[0] = sector;
    return s;
}

static urio_io_scenario scenario(const char *name, size_t nshocks, const urio_io_shock *shocks)
{
    urio_io_scenario sc = {strdup(name), nshocks, malloc(nshocks * sizeof *shocks)};
    cr_assert_not_null(sc.shocks);
    memcpy(sc.shocks, shocks, nshocks * sizeof *shocks);
    return sc;
}

Test(scenarios, delta_semantics)
{
    urio_io_model *m = household_model(); /* Y = [100 250; 300 1400] */
    urio_io_scenario sc[4];
    const urio_io_shock a[] = {shock(0, 1, URIO_CHANGE_PCT, 10)};  /* +25 */
    const urio_io_shock b[] = {shock(1, 0, URIO_CHANGE_SET, 360)}; /* +60 */
    const urio_io_shock c[] = {shock(0, 1, URIO_CHANGE_ABS, 50),   /* 300 */
                               shock(0, 1, URIO_CHANGE_PCT, -10),  /* 270 */
                               shock(1, 1, URIO_CHANGE_ABS, 5)};
    const urio_io_shock e[] = {shock(0, 0, URIO_CHANGE_ABS, 50),
                               shock(0, 0, URIO_CHANGE_SET, 100)}; /* back to base */
    sc[0] = scenario("pct", 1, a);
    sc[1] = scenario("set", 1, b);
    sc[2] = scenario("sequence", 3, c);
    sc[3] = scenario("undo", 2, e);
    urio_matrix *dF = NULL;
    cr_assert(eq(int, urio_io_scenarios_delta(m, sc, 4, &dF), URIO_OK));
    cr_assert(eq(sz, dF->rows, 2));
    cr_assert(eq(sz, dF->cols, 4));
    cr_expect(epsilon_eq(dbl, URIO_MAT(dF, 0, 0), 25.0, 1e-12));
    cr_expect(eq(dbl, URIO_MAT(dF, 1, 0), 0.0));
    cr_expect(eq(dbl, URIO_MAT(dF, 1, 1), 60.0));
    cr_expect(epsilon_eq(dbl, URIO_MAT(dF, 0, 2), 20.0, 1e-12));
    cr_expect(eq(dbl, URIO_MAT(dF, 1, 2), 5.0));
    cr_expect(eq(dbl, URIO_MAT(dF, 0, 3), 0.0));
    urio_matrix_free(dF);

    /* An out-of-range category is refused. */
    urio_io_scenario badsc[1];
    const urio_io_shock bad[] = {shock(0, 7, URIO_CHANGE_ABS, 1)};
    badsc[0] = scenario("bad", 1, bad);
    cr_expect(eq(int, urio_io_scenarios_delta(m, badsc, 1, &dF), URIO_EINVAL));
    cr_expect_null(dF);
    urio_io_scenario_clear(&badsc[0]);
    for (size_t s = 0; s < 4; s++)
        urio_io_scenario_clear(&sc[s]);
    urio_io_model_free(m);
}

/* Without households: dx = L df, value = x + dx, records in the documented order. */
Test(scenarios, open_model_effects_are_L_times_df)
{
    urio_io_model *m = model_new(2, MB_SECTORS, 1, MB_ONE_CAT, MB_Z, MB_Y);
    const char *const vrow[] = {"wages"};
    const double V[] = {650, 1400};
    const char *const srow[] = {"employment"};
    const double S[] = {10, 30};
    set_rows(m, 1, vrow, V, &m->vrows, &m->V);
    set_rows(m, 1, srow, S, &m->srows, &m->S);
    urio_io_result *r = analyse_ok(m);
    urio_matrix *dF = NULL, *dx = NULL;
    cr_assert(eq(int, urio_matrix_create(2, 1, &dF), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 1, &dx), URIO_OK));
    URIO_MAT(dF, 0, 0) = 100.0;
    URIO_MAT(dF, 1, 0) = -40.0;
    cr_assert(eq(int, urio_matrix_gemm(false, false, 1.0, r->L, dF, 0.0, dx), URIO_OK));

    urio_effects fx = {0, 0, NULL};
    cr_assert(eq(int, urio_io_solve_scenarios(m, r, dF, &fx), URIO_OK));
    cr_assert(eq(sz, fx.count, 9)); /* 3 output, 3 value_added, 3 employment */
    const char *const ind[] = {"output",      "output",      "output",
                               "value_added", "value_added", "value_added",
                               "employment",  "employment",  "employment"};
    const char *const lab[] = {"s1", "s2", "", "s1", "s2", "", "s1", "s2", ""};
    for (size_t q = 0; q < 9; q++) {
        cr_expect(eq(str, fx.e[q].indicator, (char *)ind[q]));
        cr_expect(eq(str, fx.e[q].label, (char *)lab[q]));
        cr_expect(eq(sz, fx.e[q].scenario, 0));
    }
    for (size_t j = 0; j < 2; j++) {
        cr_expect(eq(dbl, fx.e[j].base, r->x[j]));
        cr_expect(epsilon_eq(dbl, fx.e[j].value - fx.e[j].base, URIO_MAT(dx, j, 0), 1e-10));
        cr_expect(epsilon_eq(dbl, fx.e[3 + j].value - fx.e[3 + j].base,
                             V[j] / r->x[j] * URIO_MAT(dx, j, 0), 1e-10));
        cr_expect(epsilon_eq(dbl, fx.e[6 + j].value - fx.e[6 + j].base,
                             S[j] / r->x[j] * URIO_MAT(dx, j, 0), 1e-10));
    }
    cr_expect(epsilon_eq(dbl, fx.e[2].base, 3000.0, 1e-9));
    cr_expect(epsilon_eq(dbl, fx.e[2].value, fx.e[0].value + fx.e[1].value, 1e-9));
    cr_expect(eq(dbl, fx.e[8].base, 40.0));
    urio_effects_free(&fx);
    urio_matrix_free(dF);
    urio_matrix_free(dx);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* Three scenarios solved together equal each solved alone, bit for bit (n = 3:
 * see urio_lu_solve on when this holds). */
Test(scenarios, batch_equals_separate_solves)
{
    const char *const cats[] = {"households", "exports"};
    urio_io_model *m = model_new(3, THREE, 2, cats, THREE_Z, THREE_Y);
    urio_io_result *r = analyse_ok(m);
    urio_matrix *dF = NULL;
    cr_assert(eq(int, urio_matrix_create(3, 3, &dF), URIO_OK));
    const double cols[9] = {10, 0, 0, 0, -25, 5, 3.5, 7.25, 100};
    memcpy(dF->data, cols, sizeof cols);
    urio_effects all = {0, 0, NULL};
    cr_assert(eq(int, urio_io_solve_scenarios(m, r, dF, &all), URIO_OK));
    const size_t per = 4; /* 3 sectors + total */
    cr_assert(eq(sz, all.count, 3 * per));
    for (size_t s = 0; s < 3; s++) {
        urio_matrix *one = NULL;
        cr_assert(eq(int, urio_matrix_create(3, 1, &one), URIO_OK));
        memcpy(one->data, cols + 3 * s, 3 * sizeof(double));
        urio_effects fx = {0, 0, NULL};
        cr_assert(eq(int, urio_io_solve_scenarios(m, r, one, &fx), URIO_OK));
        cr_assert(eq(sz, fx.count, per));
        for (size_t q = 0; q < per; q++) {
            cr_expect(eq(sz, all.e[s * per + q].scenario, s));
            cr_expect(eq(dbl, all.e[s * per + q].value, fx.e[q].value), "scenario %zu", s);
        }
        urio_effects_free(&fx);
        urio_matrix_free(one);
    }
    urio_effects_free(&all);
    urio_matrix_free(dF);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* With a household the closed model is solved: [dx; dI] = L_bar [df; 0], checked
 * against the cofactor inverse. */
Test(scenarios, income_effect_uses_the_closed_model)
{
    urio_io_model *m = household_model();
    urio_io_result *r = analyse_ok(m);
    urio_matrix *dF = NULL;
    cr_assert(eq(int, urio_matrix_create(2, 1, &dF), URIO_OK));
    URIO_MAT(dF, 0, 0) = 100.0;
    URIO_MAT(dF, 1, 0) = 20.0;
    urio_effects fx = {0, 0, NULL};
    cr_assert(eq(int, urio_io_solve_scenarios(m, r, dF, &fx), URIO_OK));
    /* output (3), value_added (3), income (1) */
    cr_assert(eq(sz, fx.count, 7));
    double IA[9], Lbar[9];
    for (int e = 0; e < 9; e++)
        IA[e] = (e % 4 == 0 ? 1.0 : 0.0) - HH_ABAR[e];
    inverse3(IA, Lbar);
    const double dI = Lbar[6] * 100.0 + Lbar[7] * 20.0;
    const urio_effect *inc = &fx.e[6];
    cr_expect(eq(str, (char *)inc->indicator, "income"));
    cr_expect(eq(str, (char *)inc->label, "urban"));
    cr_expect(epsilon_eq(dbl, inc->base, 800.0, 1e-12));
    cr_expect(epsilon_eq(dbl, inc->value - inc->base, dI, 1e-10));
    for (size_t j = 0; j < 2; j++) {
        const double dxj = Lbar[j * 3 + 0] * 100.0 + Lbar[j * 3 + 1] * 20.0;
        cr_expect(epsilon_eq(dbl, fx.e[j].value - fx.e[j].base, dxj, 1e-10));
        /* Induced effects make the closed response larger than the open one. */
        const double open = URIO_MAT(r->L, j, 0) * 100.0 + URIO_MAT(r->L, j, 1) * 20.0;
        cr_expect(gt(dbl, fx.e[j].value - fx.e[j].base, open));
    }
    urio_effects_free(&fx);
    urio_matrix_free(dF);
    urio_io_result_free(r);
    urio_io_model_free(m);
}

/* ---- labels -------------------------------------------------------------------- */

Test(labels, duplicates_are_detected_with_the_index)
{
    const char *const names[] = {"a", "b", "c", "b", "a"};
    urio_labels *l = NULL;
    size_t dup = 99;
    cr_expect(eq(int, urio_labels_create(5, names, &l, &dup), URIO_EMODEL));
    cr_expect_null(l);
    cr_expect(eq(sz, dup, 3)); /* "b" again at index 3 is the first repeat */
    cr_expect(eq(int, urio_labels_create(3, names, &l, &dup), URIO_OK));
    urio_labels_free(l);
}

Test(labels, find_in_ten_thousand)
{
    const size_t n = 10000;
    char **names = malloc(n * sizeof *names);
    cr_assert_not_null(names);
    for (size_t i = 0; i < n; i++) {
        names[i] = malloc(32);
        cr_assert_not_null(names[i]);
        /* A scrambled order, so that the sort has work to do. */
        snprintf(names[i], 32, "r%02zu/%s/s%04zu", (i * 7919) % 31,
                 (i % 2) != 0 ? "urban" : "rural", i);
    }
    urio_labels *l = NULL;
    cr_assert(eq(int, urio_labels_create(n, (const char *const *)names, &l, NULL), URIO_OK));
    for (size_t i = 0; i < n; i++) {
        size_t at = SIZE_MAX;
        cr_assert(urio_labels_find(l, names[i], &at), "%s", names[i]);
        cr_assert(eq(sz, at, i));
    }
    cr_expect(not(urio_labels_find(l, "r00/urban/s99999", NULL)));
    cr_expect(not(urio_labels_find(l, "", NULL)));
    urio_labels *c = NULL;
    cr_assert(eq(int, urio_labels_copy(l, &c), URIO_OK));
    cr_expect(urio_labels_equal(l, c));
    urio_labels_free(c);
    urio_labels_free(l);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

Test(labels, validity)
{
    char longest[URIO_LABEL_MAX + 2];
    memset(longest, 'x', URIO_LABEL_MAX);
    longest[URIO_LABEL_MAX] = '\0';
    const char *why = "unset";
    cr_expect(urio_label_valid("rural/tourism", &why));
    cr_expect_null(why);
    cr_expect(urio_label_valid("north/urban/agriculture", NULL));
    cr_expect(urio_label_valid("\xe5\x8c\x97\xe4\xba\xac/\xe5\x86\x9c\xe4\xb8\x9a", NULL));
    cr_expect(urio_label_valid("food & drink", NULL));
    cr_expect(urio_label_valid(longest, NULL));
    longest[URIO_LABEL_MAX] = 'x';
    longest[URIO_LABEL_MAX + 1] = '\0';
    cr_expect(not(urio_label_valid(longest, NULL)));

    const char *const bad[] = {
        "",         " lead",        "trail ",           "a//b",     "/a",
        "a/",       "tab\there",    "del\x7f",          "nl\n",     "\xc3\x28",
        "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe5\x8c", "\x80",
    };
    for (size_t q = 0; q < sizeof bad / sizeof bad[0]; q++) {
        why = NULL;
        cr_expect(not(urio_label_valid(bad[q], &why)), "label %zu accepted", q);
        cr_expect_not_null(why);
    }
    cr_expect(not(urio_label_valid(NULL, NULL)));
}
