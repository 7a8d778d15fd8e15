/* econ/cge_internal.h - names shared by the cge_*.c files of solver/econ only.
 *
 *   cge_model.c      urio_cge_model_create (validation of roles, SAM, closures and
 *                    mobility classes), free, layout, names, parameter sets
 *   cge_calibrate.c  benchmark flows and calibrated parameters from the SAM
 *   cge_equations.c  residuals, analytic Jacobian, the SAM at a solution, incomes
 *   cge_solve.c      workspace, Newton callbacks, solve, checks
 *   cge_scenario.c   shocks, indicators, utility and equivalent variation */
#ifndef URIO_CGE_INTERNAL_H
#define URIO_CGE_INTERNAL_H

#include <stddef.h>

#include <urio/cge.h>

/* Element i of block b of v (no range check). */
#define URIO__V(m, v, b, i) ((v)[(m)->voff[(b)] + (i)])

/* The sources of extra investment, in the order of urio_cge_params.inv. */
enum { URIO__FIN_GOV = 0, URIO__FIN_HH = 1, URIO__FIN_BANKS = 2, URIO__FIN_FOREIGN = 3 };

/* Fill the benchmark flows, the parameters, m->base, v0 and the scales of a model
 * whose roles, SAM and elasticities are set and validated, and whose layout is
 * made.  Errors name the good, factor or household (URIO_EMODEL). */
URIO_MUST_CHECK urio_status urio__cge_calibrate(urio_cge_model *m, urio_cge_where *where,
                                                urio_diag *d);

/* Where the Jacobian of the solved system goes: entry (e, var) of dF/dv lands at
 * row[e], col[var] of J (leading dimension ld) times vscale[var] / escale[e]; rows
 * or columns equal to SIZE_MAX (the dropped equation, the fixed numeraire) are
 * skipped. */
typedef struct urio__cge_jac {
    double *J;
    size_t ld;
    const size_t *row; /* ne */
    const size_t *col; /* nv */
} urio__cge_jac;

/* Add dF/dv at v into jac (J must be zeroed by the caller).  Returns 0, or
 * nonzero when v is outside the domain (as urio_cge_residual). */
int urio__cge_jacobian(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                       const urio__cge_jac *jac);

/* Household h's income: factor income, transfers from the government and from other
 * households (times the numeraire index) and remittances from abroad (times eps)
 * (docs/cge-model.md §3). */
double urio__cge_income(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                        size_t h);
/* Household h's income from factor f is pf_f (a + b FFe_f); a and b here. */
void urio__cge_income_coef(const urio_cge_model *m, const urio_cge_params *p, size_t h, size_t f,
                           double *a, double *b);
/* Government revenue T = sum Td + sum Tz + sum Tm + the commodity, export and
 * factor taxes at v. */
double urio__cge_revenue(const urio_cge_model *m, const urio_cge_params *p, const double *v);
/* The commodity tax on j, tauc / (1 + tauc) pq Q (buyers' value less the net value
 * pd D + (1 + taum) pm M); the export tax on j, taue pe E; the tax on factor f's use
 * by activity a, tauf pfa F. */
double urio__cge_tax_commodity(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                               size_t j);
double urio__cge_tax_export(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            size_t j);
double urio__cge_tax_factor(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                            size_t f, size_t a);
/* The supply of factor f at v: the endogenous FFs of a segment, else p->FF[f]. */
double urio__cge_ffe(const urio_cge_model *m, const urio_cge_params *p, const double *v, size_t f);
/* The price activity a pays for factor f: pfs of a sector-specific factor, else pf. */
double urio__cge_pfa(const urio_cge_model *m, const double *v, size_t f, size_t a);
/* The numeraire index p->numeraire / m->base.numeraire (1 at the benchmark): the
 * unit of the instruments fixed "in units of the numeraire". */
double urio__cge_index(const urio_cge_model *m, const urio_cge_params *p);
/* Foreign savings in foreign currency (the fixed p->Sf, or the unknown Sf under a
 * fixed exchange rate), without the foreign-financed investment. */
double urio__cge_sf(const urio_cge_model *m, const urio_cge_params *p, const double *v);
/* The cost sum_i pq_i inv[src, i] of the extra investment financed by src. */
double urio__cge_invcost(const urio_cge_model *m, const urio_cge_params *p, const double *v,
                         size_t src);
/* What household h pays other households: sum_r trhh0[r, h] times the numeraire
 * index. */
double urio__cge_hh_paid(const urio_cge_model *m, const urio_cge_params *p, size_t h);
/* Total transfers sum_h tr_h times the numeraire index. */
double urio__cge_transfers(const urio_cge_model *m, const urio_cge_params *p);

#endif
