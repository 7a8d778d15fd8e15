/* io_analyses.c - urio_io_analyses_compute: every analysis of urio/io_analyses.h
 * for an analysed IO model, and its destructor.
 *
 * Cost beyond urio_io_analyse: O(n^2) for Ghosh, extraction and the price model;
 * O(n^2 m) for Miyazawa; for the spillover decomposition O(sum_r n_r^3 + N sum_r
 * n_r^2) per partition, the partitions being the label prefix (region/area) and,
 * where they differ from it, the regions and the areas. */
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#include "io_analyses_internal.h"

void urio_io_analyses_opts_init(urio_io_analyses_opts *o)
{
    if (o == NULL) return;
    o->ghosh_max = 2000;
}

void urio_io_analyses_free(urio_io_analyses *an)
{
    if (an == NULL) return;
    free(an->v);
    urio_matrix_free(an->G);
    free(an->extraction);
    urio_matrix_free(an->K);
    urio_matrix_free(an->VLC);
    if (an->partition != NULL)
        for (size_t k = 0; k < an->npartitions; k++)
            urio_io_decomposition_free(an->partition[k]);
    free(an->partition);
    if (an->cost_name != NULL)
        for (size_t q = 0; q < an->ncost; q++)
            free(an->cost_name[q]);
    free(an->cost_name);
    free(an->cost_source);
    free(an->cost_index);
    urio_matrix_free(an->cost);
    urio_notes_clear(&an->notes);
    free(an);
}

/* Add the decomposition for grouping `by` when it has two or more groups and is
 * not the same partition as one already added (groups are numbered in order of
 * first appearance, so equal partitions have equal `of` arrays). */
static urio_status add_partition(const urio_io_model *m, const urio_io_result *r, urio_group_by by,
                                 urio_io_analyses *an)
{
    urio_io_groups *g = NULL;
    urio_status st = urio_io_groups_create(m->sectors, by, &g);
    if (st != URIO_OK) return st;
    bool use = g->count >= 2;
    for (size_t k = 0; k < an->npartitions && use; k++)
        use = an->partition[k]->groups->count != g->count ||
              memcmp(an->partition[k]->groups->of, g->of, g->n * sizeof *g->of) != 0;
    if (use) {
        urio_io_decomposition *dc = NULL;
        st = urio_io_decompose(r, g, &dc);
        if (st == URIO_OK) an->partition[an->npartitions++] = dc;
    }
    urio_io_groups_free(g);
    return st;
}

/* Contract (urio/io_analyses.h): m validated and r = urio_io_analyse(m).  *out is
 * owned by the caller.  Failures: URIO_EINVAL, URIO_ENOMEM, URIO_ESINGULAR (a
 * block of the decomposition or I - V L C cannot be factored; not expected for a
 * productive table), each with d saying which analysis. */
urio_status urio_io_analyses_compute(const urio_io_model *m, const urio_io_result *r,
                                     const urio_io_analyses_opts *o, urio_io_analyses **out,
                                     urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no result pointer");
    *out = NULL;
    if (m == NULL || r == NULL || m->sectors == NULL || r->n != m->sectors->count || r->L == NULL ||
        r->A == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "the model is not analysed");
    urio_io_analyses_opts def;
    urio_io_analyses_opts_init(&def);
    if (o == NULL) o = &def;
    const size_t n = r->n;
    urio_io_analyses *an = calloc(1, sizeof *an);
    if (an == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_notes_init(&an->notes);
    an->n = n;
    an->m = r->m;
    const char *what = "the Ghosh model";
    urio_status st = urio__io_ghosh(m, r, o->ghosh_max, an);
    if (st == URIO_OK && an->G == NULL)
        st = urio_notes_add(&an->notes,
                            "ghosh.csv is not written for %zu sectors (more than %zu): the Ghosh "
                            "inverse is G = diag(x)^-1 L diag(x) from leontief.csv",
                            n, o->ghosh_max);
    if (st == URIO_OK) {
        what = "hypothetical extraction";
        an->extraction = malloc(URIO_EXTRACT_METHODS * n * sizeof *an->extraction);
        st = an->extraction != NULL ? urio_io_extraction(r, an->extraction) : URIO_ENOMEM;
        for (size_t j = 0; j < n; j++)
            an->total_output += r->x[j];
    }
    if (st == URIO_OK) {
        what = "Miyazawa multipliers";
        st = urio__io_miyazawa(m, r, an);
    }
    if (st == URIO_OK) {
        what = "the price model";
        st = urio__io_price_base(m, r, an);
    }
    if (st == URIO_OK) {
        what = "the spillover and feedback decomposition";
        an->partition = calloc(3, sizeof *an->partition);
        if (an->partition == NULL) st = URIO_ENOMEM;
        if (st == URIO_OK) st = add_partition(m, r, URIO_GROUP_PREFIX, an);
        if (st == URIO_OK && an->npartitions > 0) st = add_partition(m, r, URIO_GROUP_REGION, an);
        if (st == URIO_OK && an->npartitions > 0) st = add_partition(m, r, URIO_GROUP_AREA, an);
    }
    if (st != URIO_OK) {
        urio_io_analyses_free(an);
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "%s: %s", what, urio_strerror(st));
    }
    an->tolerance = r->checks.tolerance;
    double decomposition = 0.0;
    for (size_t k = 0; k < an->npartitions; k++)
        if (an->partition[k]->residual > decomposition) decomposition = an->partition[k]->residual;
    const struct {
        const char *what;
        double value;
    } list[] = {
        {"Ghosh identity max |v'G - x'| / max |x|", an->ghosh_residual},
        {"Miyazawa max |K - L_bar[households]|", an->miyazawa_residual},
        {"spillover decomposition blocks", decomposition},
        {"unit base prices max |v'L - 1|", an->price_residual},
    };
    for (size_t t = 0; t < sizeof list / sizeof list[0]; t++)
        if (!(list[t].value <= an->tolerance)) {
            const double v = list[t].value;
            urio_io_analyses_free(an);
            return urio_diag_set(d, URIO_ECHECK, NULL, 0, 0,
                                 "the system is badly conditioned; check units and near-zero "
                                 "outputs",
                                 "check failed: %s = %.3g exceeds the tolerance %.0e", list[t].what,
                                 v, r->checks.tolerance);
        }
    *out = an;
    return URIO_OK;
}
