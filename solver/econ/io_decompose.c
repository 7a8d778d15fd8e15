/* io_decompose.c - intra-group, spillover and feedback effects (urio/io_analyses.h;
 * Round 1985, 2001; Miller & Blair 2009, chapter 3; Dietzenbacher 2002).
 *
 * For a group r of a partition of the sectors and the rest R of the economy (the
 * other groups and, in the closed model, the households), I - A factors as
 * (I - A_d)(I - A*), A_d the two diagonal blocks, A* = (I - A_d)^-1 (A - A_d), and
 * with two blocks L = M3 M2 M1: M1 = (I - A_d)^-1, M2 = I + A*,
 * M3 = (I - A*^2)^-1.  For final demand in r only, Round's additive form
 * L = M1 + (M2 - I) M1 + (M3 - I) M2 M1 gives
 *
 *   intra      M1_r = (I - A_rr)^-1, in r: the initial unit and the rounds of
 *              effects that never leave r;
 *   spillover  (I - A_RR)^-1 A_Rr M1_r, in R: what r's own rounds pull out of the
 *              rest of the economy.  Since L_Rr = (I - A_RR)^-1 A_Rr L_rr (rows R
 *              of (I - A) L = I), it equals L_Rr L_rr^-1 M1_r, which needs only
 *              r's blocks - never an inverse of the rest;
 *   feedback   the remainder: in r, L_rr - M1_r (effects that leave r and come
 *              back); in R, L_Rr L_rr^-1 (L_rr - M1_r) (the spillovers of those).
 *
 * Doing this for every group r (each against the rest) decomposes every column of
 * L.  In the closed model (households endogenous) the same holds for L_bar with
 * the households always in the rest, so a unit of household income that buys goods
 * of r counts as feedback.  Cost per group r of n_r sectors: O(n_r^3) for its two
 * factorisations and O(N n_r^2) for the spillover block; for a shock, O(N n_r). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#include "io_analyses_internal.h"

struct urio_io_decomp_block {
    size_t nr;         /* sectors in the group */
    const size_t *idx; /* their indices (into the groups' member array) */
    urio_matrix *M1;   /* nr x nr: (I - A_rr)^-1 */
    urio_lu *lu_l;     /* factors of L_rr (the group's diagonal block of L or L_bar) */
};

const char *urio_decomp_component_name(urio_decomp_component c)
{
    switch (c) {
    case URIO_DECOMP_INTRA:
        return "intra";
    case URIO_DECOMP_SPILLOVER:
        return "spillover";
    case URIO_DECOMP_FEEDBACK:
        return "feedback";
    case URIO_DECOMP_TOTAL:
        return "total";
    }
    return "unknown";
}

void urio_io_decomposition_free(urio_io_decomposition *dc)
{
    if (dc == NULL) return;
    if (dc->block != NULL && dc->groups != NULL)
        for (size_t g = 0; g < dc->groups->count; g++) {
            urio_matrix_free(dc->block[g].M1);
            urio_lu_free(dc->block[g].lu_l);
        }
    free(dc->block);
    urio_io_groups_free(dc->groups);
    free(dc->value);
    free(dc);
}

static urio_status groups_copy(const urio_io_groups *src, urio_io_groups **out)
{
    urio_io_groups *g = calloc(1, sizeof *g);
    if (g == NULL) return URIO_ENOMEM;
    *g = *src;
    g->name = calloc(src->count, sizeof *g->name);
    g->of = malloc(src->n * sizeof *g->of);
    g->start = malloc((src->count + 1) * sizeof *g->start);
    g->member = malloc(src->n * sizeof *g->member);
    if (g->name == NULL || g->of == NULL || g->start == NULL || g->member == NULL) {
        g->count = 0;
        urio_io_groups_free(g);
        return URIO_ENOMEM;
    }
    memcpy(g->of, src->of, src->n * sizeof *g->of);
    memcpy(g->start, src->start, (src->count + 1) * sizeof *g->start);
    memcpy(g->member, src->member, src->n * sizeof *g->member);
    for (size_t k = 0; k < src->count; k++) {
        g->name[k] = strdup(src->name[k]);
        if (g->name[k] == NULL) {
            urio_io_groups_free(g);
            return URIO_ENOMEM;
        }
    }
    *out = g;
    return URIO_OK;
}

/* The matrix decomposed: L_bar with households, else L. */
static const urio_matrix *inverse_of(const urio_io_result *r)
{
    return r->m > 0 && r->L_bar != NULL ? r->L_bar : r->L;
}

/* Group r: M1, the factors of L_rr, and its columns of value[].  T, P are work
 * matrices of at least n x nr; residual updated. */
static urio_status one_group(const urio_io_result *r, urio_io_decomposition *dc, size_t g,
                             double *residual)
{
    const urio_io_groups *gr = dc->groups;
    const size_t n = r->n, G = gr->count;
    const urio_matrix *Li = inverse_of(r);
    urio_io_decomp_block *b = &dc->block[g];
    b->nr = gr->start[g + 1] - gr->start[g];
    b->idx = gr->member + gr->start[g];
    const size_t nr = b->nr, *idx = b->idx;
    urio_matrix *T = NULL, *Lrr = NULL, *Z = NULL, *Lcol = NULL, *P = NULL;
    urio_lu *lu_a = NULL;
    urio_status st = urio_matrix_create(nr, nr, &T);
    if (st == URIO_OK) st = urio_matrix_create(nr, nr, &Lrr);
    if (st == URIO_OK) st = urio_matrix_create(nr, nr, &Z);
    if (st == URIO_OK) st = urio_matrix_create(nr, nr, &b->M1);
    if (st == URIO_OK) st = urio_matrix_create(n, nr, &Lcol);
    if (st == URIO_OK) st = urio_matrix_create(n, nr, &P);
    if (st == URIO_OK) st = urio_lu_create(nr, &lu_a);
    if (st == URIO_OK) st = urio_lu_create(nr, &b->lu_l);
    if (st != URIO_OK) goto done;

    /* M1 = (I - A_rr)^-1 and L_rr. */
    for (size_t t = 0; t < nr; t++)
        for (size_t s = 0; s < nr; s++) {
            URIO_MAT(T, s, t) = (s == t ? 1.0 : 0.0) - URIO_MAT(r->A, idx[s], idx[t]);
            URIO_MAT(Lrr, s, t) = URIO_MAT(Li, idx[s], idx[t]);
        }
    st = urio_lu_factor_inverse(lu_a, T->data, nr, b->M1->data, nr);
    if (st == URIO_OK) st = urio_lu_factor(b->lu_l, Lrr->data, nr);
    if (st != URIO_OK) goto done;
    /* Z = L_rr^-1 M1; checks: (I - A_rr) M1 = I and L_rr Z = M1. */
    memcpy(Z->data, b->M1->data, nr * nr * sizeof(double));
    st = urio_lu_solve(b->lu_l, false, nr, Z->data, nr);
    if (st != URIO_OK) goto done;
    for (size_t t = 0; t < nr; t++)
        for (size_t s = 0; s < nr; s++) {
            double e1 = -(s == t ? 1.0 : 0.0), e2 = -URIO_MAT(b->M1, s, t);
            for (size_t q = 0; q < nr; q++) {
                e1 += URIO_MAT(T, s, q) * URIO_MAT(b->M1, q, t);
                e2 += URIO_MAT(Lrr, s, q) * URIO_MAT(Z, q, t);
            }
            const double e = fabs(e1) > fabs(e2) ? fabs(e1) : fabs(e2);
            if (e > *residual || isnan(e)) *residual = e;
        }
    /* The spillover block P = L_(.,r) Z over the sector rows. */
    for (size_t t = 0; t < nr; t++)
        for (size_t i = 0; i < n; i++)
            URIO_MAT(Lcol, i, t) = URIO_MAT(Li, i, idx[t]);
    st = urio_matrix_gemm(false, false, 1.0, Lcol, Z, 0.0, P);
    if (st != URIO_OK) goto done;

    /* Aggregate: value[(c * G + to) * G + g] += column sums over `to`, averaged. */
    const double w = 1.0 / (double)nr;
    for (size_t t = 0; t < nr; t++) {
        for (size_t i = 0; i < n; i++) {
            const size_t to = gr->of[i];
            const double total = URIO_MAT(Lcol, i, t);
            dc->value[(URIO_DECOMP_TOTAL * G + to) * G + g] += w * total;
            if (to == g) continue; /* the group's own rows: below */
            const double spill = URIO_MAT(P, i, t);
            dc->value[(URIO_DECOMP_SPILLOVER * G + to) * G + g] += w * spill;
            dc->value[(URIO_DECOMP_FEEDBACK * G + to) * G + g] += w * (total - spill);
        }
        for (size_t s = 0; s < nr; s++) {
            const double m1 = URIO_MAT(b->M1, s, t);
            const double total = URIO_MAT(Lcol, idx[s], t);
            dc->value[(URIO_DECOMP_INTRA * G + g) * G + g] += w * m1;
            dc->value[(URIO_DECOMP_FEEDBACK * G + g) * G + g] += w * (total - m1);
        }
    }
done:
    urio_lu_free(lu_a);
    urio_matrix_free(T);
    urio_matrix_free(Lrr);
    urio_matrix_free(Z);
    urio_matrix_free(Lcol);
    urio_matrix_free(P);
    return st;
}

/* Contract (urio/io_analyses.h): *out owns a copy of groups, the per-group factors
 * and value[] (URIO_DECOMP_COMPONENTS x G x G).  residual is the largest of
 * max |(I - A_rr) M1_r - I| and max |L_rr (L_rr^-1 M1_r) - M1_r| over the groups;
 * the components add up to the total by construction.  URIO_EINVAL when the
 * partition has fewer than two groups or does not fit r; URIO_ESINGULAR when a
 * diagonal block cannot be factored; URIO_ENOMEM. */
urio_status urio_io_decompose(const urio_io_result *r, const urio_io_groups *groups,
                              urio_io_decomposition **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (r == NULL || groups == NULL || r->A == NULL || r->L == NULL || groups->n != r->n ||
        groups->count < 2)
        return URIO_EINVAL;
    const size_t G = groups->count;
    urio_io_decomposition *dc = calloc(1, sizeof *dc);
    if (dc == NULL) return URIO_ENOMEM;
    urio_status st = groups_copy(groups, &dc->groups);
    if (st != URIO_OK) {
        free(dc);
        return st;
    }
    dc->closed = r->m > 0 && r->L_bar != NULL;
    dc->block = calloc(G, sizeof *dc->block);
    dc->value = calloc(URIO_DECOMP_COMPONENTS * G * G, sizeof *dc->value);
    if (dc->block == NULL || dc->value == NULL) {
        urio_io_decomposition_free(dc);
        return URIO_ENOMEM;
    }
    double residual = 0.0;
    for (size_t g = 0; g < G && st == URIO_OK; g++)
        st = one_group(r, dc, g, &residual);
    if (st != URIO_OK) {
        urio_io_decomposition_free(dc);
        return st;
    }
    dc->residual = residual;
    *out = dc;
    return URIO_OK;
}

/* Contract (urio/io_analyses.h): intra, spillover, feedback (n each) for the final-
 * demand change df; their sum is the output rows of L df (or L_bar [df; 0]) up to
 * rounding.  Groups with no change are skipped.  URIO_EINVAL, URIO_ENOMEM. */
urio_status urio_io_decompose_shock(const urio_io_result *r, const urio_io_decomposition *dc,
                                    const double *df, double *intra, double *spillover,
                                    double *feedback)
{
    if (r == NULL || dc == NULL || df == NULL || intra == NULL || spillover == NULL ||
        feedback == NULL || dc->groups->n != r->n)
        return URIO_EINVAL;
    const size_t n = r->n, G = dc->groups->count;
    const urio_matrix *Li = inverse_of(r);
    memset(intra, 0, n * sizeof *intra);
    memset(spillover, 0, n * sizeof *spillover);
    memset(feedback, 0, n * sizeof *feedback);
    size_t maxr = 0;
    for (size_t g = 0; g < G; g++)
        if (dc->block[g].nr > maxr) maxr = dc->block[g].nr;
    double *fr = malloc(maxr * sizeof *fr), *y = malloc(maxr * sizeof *y);
    double *z = malloc(maxr * sizeof *z);
    if (fr == NULL || y == NULL || z == NULL) {
        free(fr);
        free(y);
        free(z);
        return URIO_ENOMEM;
    }
    urio_status st = URIO_OK;
    for (size_t g = 0; g < G && st == URIO_OK; g++) {
        const urio_io_decomp_block *b = &dc->block[g];
        bool any = false;
        for (size_t t = 0; t < b->nr; t++) {
            fr[t] = df[b->idx[t]];
            any = any || fr[t] != 0.0;
        }
        if (!any) continue;
        /* y = M1 f_r (intra), z = L_rr^-1 y. */
        for (size_t s = 0; s < b->nr; s++) {
            double acc = 0.0;
            for (size_t t = 0; t < b->nr; t++)
                acc += URIO_MAT(b->M1, s, t) * fr[t];
            y[s] = acc;
            z[s] = acc;
        }
        st = urio_lu_solve(b->lu_l, false, 1, z, b->nr);
        if (st != URIO_OK) break;
        for (size_t i = 0; i < n; i++) {
            if (dc->groups->of[i] == g) continue;
            double tot = 0.0, sp = 0.0;
            for (size_t t = 0; t < b->nr; t++) {
                tot += URIO_MAT(Li, i, b->idx[t]) * fr[t];
                sp += URIO_MAT(Li, i, b->idx[t]) * z[t];
            }
            spillover[i] += sp;
            feedback[i] += tot - sp;
        }
        for (size_t s = 0; s < b->nr; s++) {
            const size_t i = b->idx[s];
            double tot = 0.0;
            for (size_t t = 0; t < b->nr; t++)
                tot += URIO_MAT(Li, i, b->idx[t]) * fr[t];
            intra[i] += y[s];
            feedback[i] += tot - y[s];
        }
    }
    free(fr);
    free(y);
    free(z);
    return st;
}
