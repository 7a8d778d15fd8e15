/* io_footprints.c - consumption-based, production-based, import and export
 * accounts of the satellite rows of an IO model, as pymrio's calc_all computes
 * them (urio/io_footprints.h states the formulas and where in pymrio each comes
 * from).
 *
 * The work is one product L Y_agg (n x n by n x R, dgemm), one S X (dgemm) and
 * loops of O(s n R) for the territorial and trade accounts: no s x n x n product,
 * since the multipliers S L are the analysis' (io_analyse.c).  Memory: S (s x n),
 * Y_agg and X (n x R) besides the result. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_footprints.h>

void urio_io_extensions_free(urio_io_extensions *ext)
{
    if (ext == NULL) return;
    urio_labels_free(ext->regions);
    free(ext->sector_region);
    free(ext->category_region);
    urio_matrix_free(ext->F_Y);
    free(ext->population);
    for (size_t i = 0; ext->units != NULL && i < ext->nunits; i++)
        free(ext->units[i]);
    free(ext->units);
    free(ext);
}

const char *urio_io_account_name(urio_io_account a, bool per_capita)
{
    switch (a) {
    case URIO_ACCOUNT_CBA:
        return per_capita ? "D_cba_cap" : "D_cba";
    case URIO_ACCOUNT_PBA:
        return per_capita ? "D_pba_cap" : "D_pba";
    case URIO_ACCOUNT_IMP:
        return per_capita ? "D_imp_cap" : "D_imp";
    case URIO_ACCOUNT_EXP:
        return per_capita ? "D_exp_cap" : "D_exp";
    case URIO_NACCOUNTS:
        break;
    }
    return "unknown";
}

void urio_io_footprints_free(urio_io_footprints *fp)
{
    if (fp == NULL) return;
    for (int a = 0; a < URIO_NACCOUNTS; a++) {
        urio_matrix_free(fp->D[a]);
        urio_matrix_free(fp->Dcap[a]);
    }
    free(fp);
}

static const char *const HINT_INTERNAL =
    "the extensions do not belong to this model (an internal error: please report it)";

/* Check that ext fits the model (n sectors, k categories, s satellite rows). */
static urio_status check_inputs(const urio_io_model *m, const urio_io_result *r,
                                const urio_io_extensions *ext, urio_diag *d)
{
    if (m == NULL || r == NULL || ext == NULL || m->sectors == NULL || m->Y == NULL ||
        r->L == NULL || r->x == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "footprints need a model and its "
                             "analysis");
    if (m->S == NULL || m->S->rows == 0)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                             "add extensions (satellite accounts) to the model",
                             "footprints need satellite rows, and the model has none");
    const size_t n = m->sectors->count, k = m->Y->cols, s = m->S->rows;
    if (ext->regions == NULL || ext->regions->count == 0 || ext->sector_region == NULL ||
        (k > 0 && ext->category_region == NULL))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, HINT_INTERNAL,
                             "footprints need the region of every sector and category");
    if (m->S->cols != n || r->L->rows != n || r->L->cols != n || r->n != n)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, HINT_INTERNAL,
                             "satellite rows or L do not have one column per sector");
    const size_t R = ext->regions->count;
    for (size_t i = 0; i < n; i++)
        if (ext->sector_region[i] >= R)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, HINT_INTERNAL,
                                 "sector %zu has no region", i + 1);
    for (size_t c = 0; c < k; c++)
        if (ext->category_region[c] >= R && ext->category_region[c] != URIO_IO_NO_REGION)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, HINT_INTERNAL,
                                 "final-demand column %zu has an unknown region", c + 1);
    if (ext->F_Y != NULL && (ext->F_Y->rows != s || ext->F_Y->cols != k))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, HINT_INTERNAL,
                             "F_Y is %zu x %zu, the model has %zu satellite rows and %zu "
                             "final-demand columns",
                             ext->F_Y->rows, ext->F_Y->cols, s, k);
    return URIO_OK;
}

/* Compute everything into fp (allocated by the caller, matrices made here). */
static urio_status compute(const urio_io_model *m, const urio_io_result *r,
                           const urio_io_extensions *ext, urio_io_footprints *fp)
{
    const size_t n = m->sectors->count, k = m->Y->cols, s = m->S->rows;
    const size_t R = ext->regions->count;
    urio_matrix *S = NULL, *Yagg = NULL, *X = NULL, *FYagg = NULL;
    double *xt = NULL;
    urio_status st = urio_matrix_create(s, n, &S);
    if (st == URIO_OK) st = urio_matrix_create(n, R, &Yagg);
    if (st == URIO_OK) st = urio_matrix_create(n, R, &X);
    if (st == URIO_OK) st = urio_matrix_create(s, R, &FYagg);
    for (int a = 0; st == URIO_OK && a < URIO_NACCOUNTS; a++)
        st = urio_matrix_create(s, R, &fp->D[a]);
    if (st == URIO_OK && (xt = calloc(n > 0 ? n : 1, sizeof *xt)) == NULL) st = URIO_ENOMEM;
    if (st != URIO_OK) goto done;

    /* S = F diag(x)^-1, 0 where x_j <= 0 (the multipliers of io_analyse.c agree). */
    for (size_t j = 0; j < n; j++)
        if (r->x[j] > 0.0)
            for (size_t q = 0; q < s; q++)
                URIO_MAT(S, q, j) = URIO_MAT(m->S, q, j) / r->x[j];

    /* Y and F_Y summed by the region of their columns. */
    for (size_t c = 0; c < k; c++) {
        const size_t q = ext->category_region[c];
        if (q == URIO_IO_NO_REGION) {
            fp->unattributed++;
            continue;
        }
        for (size_t i = 0; i < n; i++)
            URIO_MAT(Yagg, i, q) += URIO_MAT(m->Y, i, c);
        if (ext->F_Y != NULL)
            for (size_t p = 0; p < s; p++)
                URIO_MAT(FYagg, p, q) += URIO_MAT(ext->F_Y, p, c);
    }
    st = urio_matrix_gemm(false, false, 1.0, r->L, Yagg, 0.0, X);
    if (st != URIO_OK) goto done;
    for (size_t q = 0; q < R; q++)
        for (size_t i = 0; i < n; i++)
            xt[i] += URIO_MAT(X, i, q);

    /* D_cba = S X + F_Y_agg. */
    urio_matrix *cba = fp->D[URIO_ACCOUNT_CBA], *pba = fp->D[URIO_ACCOUNT_PBA];
    urio_matrix *imp = fp->D[URIO_ACCOUNT_IMP], *exp = fp->D[URIO_ACCOUNT_EXP];
    st = urio_matrix_gemm(false, false, 1.0, S, X, 0.0, cba);
    if (st != URIO_OK) goto done;
    /* Territorial, import and export accounts, sector by sector. */
    for (size_t i = 0; i < n; i++) {
        const size_t home = ext->sector_region[i];
        double abroad = 0.0; /* output of i for final demand outside its region */
        for (size_t q = 0; q < R; q++)
            if (q != home) abroad += URIO_MAT(X, i, q);
        for (size_t p = 0; p < s; p++) {
            const double sp = URIO_MAT(S, p, i);
            if (sp == 0.0) continue;
            URIO_MAT(pba, p, home) += sp * xt[i];
            URIO_MAT(exp, p, home) += sp * abroad;
            for (size_t q = 0; q < R; q++)
                if (q != home) URIO_MAT(imp, p, q) += sp * URIO_MAT(X, i, q);
        }
    }
    for (size_t q = 0; q < R; q++)
        for (size_t p = 0; p < s; p++) {
            URIO_MAT(cba, p, q) += URIO_MAT(FYagg, p, q);
            URIO_MAT(pba, p, q) += URIO_MAT(FYagg, p, q);
        }

    if (ext->population != NULL) {
        for (int a = 0; st == URIO_OK && a < URIO_NACCOUNTS; a++) {
            st = urio_matrix_create(s, R, &fp->Dcap[a]);
            for (size_t q = 0; st == URIO_OK && q < R; q++)
                for (size_t p = 0; p < s; p++)
                    URIO_MAT(fp->Dcap[a], p, q) = URIO_MAT(fp->D[a], p, q) / ext->population[q];
        }
    }
done:
    urio_matrix_free(S);
    urio_matrix_free(Yagg);
    urio_matrix_free(X);
    urio_matrix_free(FYagg);
    free(xt);
    return st;
}

urio_status urio_io_footprints_compute(const urio_io_model *m, const urio_io_result *r,
                                       const urio_io_extensions *ext, urio_io_footprints **out,
                                       urio_diag *d)
{
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no output given");
    *out = NULL;
    urio_status st = check_inputs(m, r, ext, d);
    if (st != URIO_OK) return st;
    urio_io_footprints *fp = calloc(1, sizeof *fp);
    if (fp == NULL)
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory for footprints");
    fp->nstressors = m->S->rows;
    fp->nregions = ext->regions->count;
    st = compute(m, r, ext, fp);
    if (st != URIO_OK) {
        urio_io_footprints_free(fp);
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "cannot compute the footprints: %s",
                             urio_strerror(st));
    }
    *out = fp;
    return URIO_OK;
}
