/* cge_fixture.c - CGE models built from a SAM for the unit tests, and the checks
 * test_cge.c and test_cge_taxes.c share (cge_fixture.h). */
#include "cge_fixture.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

#include "../../solver/econ/cge_internal.h"

urio_status cge_model_from_sam(size_t na, const char *const *names, const double *rows,
                               urio_cge_spec *sp, urio_cge_model **m, urio_cge_where *where,
                               urio_diag *d)
{
    urio_labels *acc = NULL;
    urio_matrix *sam = NULL;
    cr_assert(eq(int, urio_labels_create(na, names, &acc, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(na, na, &sam), URIO_OK));
    for (size_t r = 0; r < na; r++)
        for (size_t c = 0; c < na; c++)
            URIO_MAT(sam, r, c) = rows[r * na + c];
    sp->accounts = acc;
    sp->sam = sam;
    urio_diag_clear(d);
    urio_status s = urio_cge_model_create(sp, m, where, d);
    sp->accounts = NULL;
    sp->sam = NULL;
    urio_labels_free(acc);
    urio_matrix_free(sam);
    return s;
}

urio_cge_model *cge_model_of_sam(size_t na, const char *const *names, const double *rows,
                                 urio_cge_spec *sp)
{
    urio_cge_model *m = NULL;
    urio_diag d;
    urio_status s = cge_model_from_sam(na, names, rows, sp, &m, NULL, &d);
    cr_assert(eq(int, s, URIO_OK), "%s", d.msg);
    return m;
}

urio_status cge_fixture_build(const cge_fixture *fx, urio_cge_model **m, urio_cge_where *where,
                              urio_diag *d)
{
    double sig[8], psi[8];
    for (size_t i = 0; i < 8; i++) {
        sig[i] = fx->sigma;
        psi[i] = fx->psi;
    }
    urio_cge_spec sp = {
        .name = fx->name != NULL ? fx->name : "test",
        .ngoods = fx->ng,
        .goods = fx->goods,
        .nfactors = fx->nf,
        .factors = fx->factors,
        .nhouseholds = fx->nh,
        .households = fx->households,
        .government = fx->gov,
        .investment = fx->inv,
        .rest_of_world = fx->row,
        .tax_production = fx->tz,
        .tax_import = fx->tm,
        .tax_commodity = fx->tc,
        .tax_export = fx->te,
        .tax_factor = fx->tf,
        .armington = sig,
        .transformation = psi,
        .numeraire = fx->numeraire,
        .numeraire_factor = fx->numeraire_factor,
    };
    return cge_model_from_sam(fx->na, fx->names, fx->rows, &sp, m, where, d);
}

urio_cge_model *cge_fixture_model(const cge_fixture *fx)
{
    urio_cge_model *m = NULL;
    urio_diag d;
    urio_cge_where w;
    urio_status s = cge_fixture_build(fx, &m, &w, &d);
    cr_assert(eq(int, s, URIO_OK), "%s", d.msg);
    return m;
}

double cge_var(const urio_cge_model *m, const double *v, urio_cge_block b, size_t i, size_t j)
{
    size_t idx = urio_cge_var(m, b, i, j);
    cr_assert(ne(sz, idx, SIZE_MAX));
    return v[idx];
}

void cge_check_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v)
{
    const size_t ne = m->ne, nv = m->nv;
    double *J = calloc(ne * nv, sizeof *J);
    size_t *row = malloc(ne * sizeof *row), *col = malloc(nv * sizeof *col);
    double *vp = malloc(nv * sizeof *vp), *rp = malloc(ne * sizeof *rp),
           *rm = malloc(ne * sizeof *rm);
    cr_assert(J != NULL && row != NULL && col != NULL && vp != NULL && rp != NULL && rm != NULL);
    for (size_t e = 0; e < ne; e++)
        row[e] = e;
    for (size_t i = 0; i < nv; i++)
        col[i] = i;
    const urio__cge_jac jac = {J, ne, row, col};
    cr_assert(eq(int, urio__cge_jacobian(m, p, v, &jac), 0));
    for (size_t i = 0; i < nv; i++) {
        const double h = 1e-6;
        memcpy(vp, v, nv * sizeof *vp);
        vp[i] = v[i] + h * m->vscale[i];
        cr_assert(eq(int, urio_cge_residual(m, p, vp, rp), 0));
        vp[i] = v[i] - h * m->vscale[i];
        cr_assert(eq(int, urio_cge_residual(m, p, vp, rm), 0));
        for (size_t e = 0; e < ne; e++) {
            const double fd = (rp[e] - rm[e]) / (2.0 * h), an = J[e + ne * i];
            if (!(fabs(fd - an) <= 1e-6 * (1.0 + fabs(an)))) {
                char en[600], vn[600];
                urio_cge_eq_name(m, e, en, sizeof en);
                urio_cge_var_name(m, i, vn, sizeof vn);
                cr_expect(epsilon_eq(dbl, an, fd, 1e-6 * (1.0 + fabs(an))), "d %s / d %s", en, vn);
            }
        }
    }
    free(J);
    free(row);
    free(col);
    free(vp);
    free(rp);
    free(rm);
}
