/* cge_fixture.h - CGE models for the unit tests (test_cge.c, test_cge_taxes.c),
 * built from a SAM written in the test, and the checks the tests share.  Every
 * function asserts (Criterion) what it needs, so it is called inside a test only. */
#ifndef URIO_TESTS_CGE_FIXTURE_H
#define URIO_TESTS_CGE_FIXTURE_H

#include <stddef.h>

#include <urio/urio.h>

/* A model from a row-major SAM (rows receive, columns pay) and account roles. */
typedef struct cge_fixture {
    const char *name; /* the model's name; NULL: "test" */
    size_t na;
    const char *const *names;
    const double *rows; /* na x na, row-major */
    size_t ng, nf, nh;
    size_t goods[8], factors[8], households[8];
    size_t gov, inv, row, tz, tm; /* tz, tm: SIZE_MAX when the SAM has no such account */
    const size_t *tc, *te;        /* commodity and export tax accounts; NULL: none */
    const size_t *tf;             /* nf factor-tax accounts (SIZE_MAX: untaxed); NULL: none */
    double sigma, psi;            /* every good's Armington and transformation elasticity */
    urio_cge_numeraire numeraire;
    size_t numeraire_factor;
} cge_fixture;

/* urio_cge_model_create on sp, whose accounts and sam are made here from names and
 * rows (na x na, row-major) and freed before returning (sp->accounts and sp->sam
 * are left NULL).  d is cleared first; where may be NULL. */
urio_status cge_model_from_sam(size_t na, const char *const *names, const double *rows,
                               urio_cge_spec *sp, urio_cge_model **m, urio_cge_where *where,
                               urio_diag *d);
/* The same, asserting success (the message in the failure report). */
urio_cge_model *cge_model_of_sam(size_t na, const char *const *names, const double *rows,
                                 urio_cge_spec *sp);

/* The model of fx: its status, and the model in *m on success. */
urio_status cge_fixture_build(const cge_fixture *fx, urio_cge_model **m, urio_cge_where *where,
                              urio_diag *d);
/* The model of fx, asserting success. */
urio_cge_model *cge_fixture_model(const cge_fixture *fx);

/* Unknown (b, i, j) of v, asserting that m has it. */
double cge_var(const urio_cge_model *m, const double *v, urio_cge_block b, size_t i, size_t j);

/* The analytic Jacobian at v against central differences in the scaled unknowns. */
void cge_check_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v);

#endif
