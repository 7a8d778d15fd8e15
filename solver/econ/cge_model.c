/* cge_model.c - building a CGE model from a SAM and its account roles
 * (urio/cge.h): validation of the roles and of the SAM (balance, signs, the cells
 * the standard model has flows for), the layout of unknowns and equations, their
 * names, and parameter sets.  Calibration proper is in cge_calibrate.c.
 *
 * The standard model (Hosoe, Gasawa & Hashimoto 2010, ch. 6) has these flows,
 * row <- column, and no others:
 *     good <- good (intermediate input), factor <- good (factor payment),
 *     production tax <- good, import tax <- good, rest of world <- good (imports),
 *     household <- factor (factor income), government <- tax accounts,
 *     government <- household (direct tax), investment <- household (saving),
 *     good <- household (consumption), good <- government (consumption),
 *     investment <- government (saving), good <- investment (investment demand),
 *     good <- rest of world (exports), investment <- rest of world (foreign saving).
 * A nonzero cell elsewhere is refused (URIO_EUNSUPPORTED) rather than dropped,
 * so that the model never silently misses part of the SAM.  Taxes and savings may
 * be negative (subsidies, dissaving, a current-account surplus); goods and factor
 * flows may not. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>

#include "cge_internal.h"

typedef enum role {
    R_NONE = 0,
    R_GOOD,
    R_FACTOR,
    R_HOUSEHOLD,
    R_GOVERNMENT,
    R_INVESTMENT,
    R_ROW,
    R_TAX_PRODUCTION,
    R_TAX_IMPORT
} role;

static const char *role_name(role r)
{
    switch (r) {
    case R_GOOD:
        return "good";
    case R_FACTOR:
        return "factor";
    case R_HOUSEHOLD:
        return "household";
    case R_GOVERNMENT:
        return "government";
    case R_INVESTMENT:
        return "investment";
    case R_ROW:
        return "rest of the world";
    case R_TAX_PRODUCTION:
        return "production tax";
    case R_TAX_IMPORT:
        return "import tax";
    case R_NONE:
        break;
    }
    return "no role";
}

const char *urio_cge_investment_closure_name(urio_cge_investment_closure c)
{
    return c == URIO_CGE_SAVINGS_DRIVEN ? "savings-driven" : "unknown";
}

const char *urio_cge_foreign_closure_name(urio_cge_foreign_closure c)
{
    return c == URIO_CGE_FOREIGN_SAVINGS_FIXED ? "fixed" : "unknown";
}

/* ---- Freeing ------------------------------------------------------------------- */

void urio_cge_params_clear(urio_cge_params *p)
{
    if (p == NULL) return;
    free(p->tauz);
    free(p->taum);
    free(p->taud);
    free(p->b);
    free(p->FF);
    free(p->pWe);
    free(p->pWm);
    memset(p, 0, sizeof *p);
}

void urio_cge_model_free(urio_cge_model *m)
{
    if (m == NULL) return;
    free(m->name);
    free(m->units);
    urio_labels_free(m->goods);
    urio_labels_free(m->factors);
    urio_labels_free(m->households);
    urio_labels_free(m->accounts);
    urio_matrix_free(m->sam);
    double *arrays[] = {m->sigma,  m->psi,   m->Y0,     m->F0,    m->X0,    m->Z0,     m->Xp0,
                        m->Xg0,    m->Xv0,   m->E0,     m->M0,    m->Q0,    m->D0,     m->Tz0,
                        m->Tm0,    m->Td0,   m->Sp0,    m->I0,    m->FF0,   m->eta,    m->phi,
                        m->alpha,  m->beta,  m->ax,     m->ay,    m->mu,    m->lambda, m->deltam,
                        m->deltad, m->gamma, m->xie,    m->xid,   m->theta, m->ssp,    m->share,
                        m->cpiw,   m->v0,    m->vscale, m->escale};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(m->acc_goods);
    free(m->acc_factors);
    free(m->acc_households);
    urio_cge_params_clear(&m->base);
    free(m);
}

/* ---- Parameters ----------------------------------------------------------------- */

static urio_status params_alloc(const urio_cge_model *m, urio_cge_params *p)
{
    memset(p, 0, sizeof *p);
    const size_t n = m->n;
    p->tauz = calloc(n, sizeof *p->tauz);
    p->taum = calloc(n, sizeof *p->taum);
    p->taud = calloc(m->H, sizeof *p->taud);
    p->b = calloc(n, sizeof *p->b);
    p->FF = calloc(m->k, sizeof *p->FF);
    p->pWe = calloc(n, sizeof *p->pWe);
    p->pWm = calloc(n, sizeof *p->pWm);
    if (p->tauz == NULL || p->taum == NULL || p->taud == NULL || p->b == NULL || p->FF == NULL ||
        p->pWe == NULL || p->pWm == NULL) {
        urio_cge_params_clear(p);
        return URIO_ENOMEM;
    }
    return URIO_OK;
}

void urio_cge_params_copy(const urio_cge_model *m, const urio_cge_params *src, urio_cge_params *dst)
{
    const size_t n = m->n;
    memcpy(dst->tauz, src->tauz, n * sizeof *dst->tauz);
    memcpy(dst->taum, src->taum, n * sizeof *dst->taum);
    memcpy(dst->taud, src->taud, m->H * sizeof *dst->taud);
    memcpy(dst->b, src->b, n * sizeof *dst->b);
    memcpy(dst->FF, src->FF, m->k * sizeof *dst->FF);
    memcpy(dst->pWe, src->pWe, n * sizeof *dst->pWe);
    memcpy(dst->pWm, src->pWm, n * sizeof *dst->pWm);
    dst->Sf = src->Sf;
    dst->numeraire = src->numeraire;
}

urio_status urio_cge_params_init(const urio_cge_model *m, urio_cge_params *p)
{
    if (m == NULL || p == NULL) return URIO_EINVAL;
    urio_status s = params_alloc(m, p);
    if (s != URIO_OK) return s;
    urio_cge_params_copy(m, &m->base, p);
    return URIO_OK;
}

/* ---- Layout and names ------------------------------------------------------------ */

static const struct {
    const char *name; /* the book's symbol */
    int dims;         /* 0 scalar, 1 by good, 2 factor x good, 3 good x household,
                       * 4 by factor, 5 by household */
} var_info[URIO_CGE_NBLOCKS] = {
    [URIO_CGE_Y] = {"Y", 1},   [URIO_CGE_F] = {"F", 2},   [URIO_CGE_Z] = {"Z", 1},
    [URIO_CGE_XP] = {"Xp", 3}, [URIO_CGE_XG] = {"Xg", 1}, [URIO_CGE_XV] = {"Xv", 1},
    [URIO_CGE_E] = {"E", 1},   [URIO_CGE_M] = {"M", 1},   [URIO_CGE_Q] = {"Q", 1},
    [URIO_CGE_D] = {"D", 1},   [URIO_CGE_PF] = {"pf", 4}, [URIO_CGE_PY] = {"py", 1},
    [URIO_CGE_PZ] = {"pz", 1}, [URIO_CGE_PQ] = {"pq", 1}, [URIO_CGE_PE] = {"pe", 1},
    [URIO_CGE_PM] = {"pm", 1}, [URIO_CGE_PD] = {"pd", 1}, [URIO_CGE_EPS] = {"eps", 0},
    [URIO_CGE_SP] = {"Sp", 5}, [URIO_CGE_SG] = {"Sg", 0}, [URIO_CGE_TD] = {"Td", 5},
    [URIO_CGE_TZ] = {"Tz", 1}, [URIO_CGE_TM] = {"Tm", 1},
};

static const struct {
    const char *name;
    const char *what;
    int dims; /* as var_info; 6: zero or one (the CPI equation) */
} eq_info[URIO_CGE_NEQBLOCKS] = {
    [URIO_CGE_EQ_PY] = {"eqpy", "value-added function", 1},
    [URIO_CGE_EQ_F] = {"eqF", "factor demand", 2},
    [URIO_CGE_EQ_Y] = {"eqY", "value-added demand", 1},
    [URIO_CGE_EQ_PZS] = {"eqpzs", "unit cost", 1},
    [URIO_CGE_EQ_TD] = {"eqTd", "direct tax", 5},
    [URIO_CGE_EQ_TZ] = {"eqTz", "production tax", 1},
    [URIO_CGE_EQ_TM] = {"eqTm", "import tariff", 1},
    [URIO_CGE_EQ_XG] = {"eqXg", "government demand", 1},
    [URIO_CGE_EQ_XV] = {"eqXv", "investment demand", 1},
    [URIO_CGE_EQ_SP] = {"eqSp", "household saving", 5},
    [URIO_CGE_EQ_SG] = {"eqSg", "government saving", 0},
    [URIO_CGE_EQ_XP] = {"eqXp", "household demand", 3},
    [URIO_CGE_EQ_PE] = {"eqpe", "export price", 1},
    [URIO_CGE_EQ_PM] = {"eqpm", "import price", 1},
    [URIO_CGE_EQ_EPS] = {"eqepsilon", "balance of payments", 0},
    [URIO_CGE_EQ_PQS] = {"eqpqs", "Armington function", 1},
    [URIO_CGE_EQ_M] = {"eqM", "import demand", 1},
    [URIO_CGE_EQ_D] = {"eqD", "domestic-good demand", 1},
    [URIO_CGE_EQ_PZD] = {"eqpzd", "transformation function", 1},
    [URIO_CGE_EQ_E] = {"eqE", "export supply", 1},
    [URIO_CGE_EQ_DS] = {"eqDs", "domestic-good supply", 1},
    [URIO_CGE_EQ_PQD] = {"eqpqd", "composite-good market", 1},
    [URIO_CGE_EQ_PF] = {"eqpf", "factor market", 4},
    [URIO_CGE_EQ_CPI] = {"eqcpi", "numeraire: consumer price index", 6},
};

static size_t dim_size(const urio_cge_model *m, int dims)
{
    switch (dims) {
    case 0:
        return 1;
    case 1:
        return m->n;
    case 2:
        return m->k * m->n;
    case 3:
        return m->n * m->H;
    case 4:
        return m->k;
    case 5:
        return m->H;
    case 6:
        return m->numeraire == URIO_CGE_NUMERAIRE_CPI ? 1 : 0;
    default:
        return 0;
    }
}

static void make_layout(urio_cge_model *m)
{
    size_t o = 0;
    for (int b = 0; b < URIO_CGE_NBLOCKS; b++) {
        m->voff[b] = o;
        o += dim_size(m, var_info[b].dims);
    }
    m->voff[URIO_CGE_NBLOCKS] = o;
    m->nv = o;
    o = 0;
    for (int b = 0; b < URIO_CGE_NEQBLOCKS; b++) {
        m->eoff[b] = o;
        o += dim_size(m, eq_info[b].dims);
    }
    m->eoff[URIO_CGE_NEQBLOCKS] = o;
    m->ne = o;
    if (m->numeraire == URIO_CGE_NUMERAIRE_FACTOR) {
        m->fixed = m->voff[URIO_CGE_PF] + m->numeraire_factor;
        m->dropped = m->eoff[URIO_CGE_EQ_PF] + m->numeraire_factor;
    } else {
        m->fixed = SIZE_MAX;
        m->dropped = m->eoff[URIO_CGE_EQ_PF];
    }
}

size_t urio_cge_var(const urio_cge_model *m, urio_cge_block b, size_t i, size_t j)
{
    if (m == NULL || (int)b < 0 || b >= URIO_CGE_NBLOCKS) return SIZE_MAX;
    switch (var_info[b].dims) {
    case 0:
        return i == 0 && j == 0 ? m->voff[b] : SIZE_MAX;
    case 1:
        return i < m->n && j == 0 ? m->voff[b] + i : SIZE_MAX;
    case 2:
        return i < m->k && j < m->n ? m->voff[b] + i + m->k * j : SIZE_MAX;
    case 3:
        return i < m->n && j < m->H ? m->voff[b] + i + m->n * j : SIZE_MAX;
    case 4:
        return i < m->k && j == 0 ? m->voff[b] + i : SIZE_MAX;
    case 5:
        return i < m->H && j == 0 ? m->voff[b] + i : SIZE_MAX;
    default:
        return SIZE_MAX;
    }
}

/* "sym[a,b]" for element r of a block of the given kind. */
static void element_name(const urio_cge_model *m, const char *sym, int dims, size_t r, char *buf,
                         size_t size)
{
    switch (dims) {
    case 1:
        snprintf(buf, size, "%s[%s]", sym, m->goods->name[r]);
        return;
    case 2:
        snprintf(buf, size, "%s[%s,%s]", sym, m->factors->name[r % m->k], m->goods->name[r / m->k]);
        return;
    case 3:
        snprintf(buf, size, "%s[%s,%s]", sym, m->goods->name[r % m->n],
                 m->households->name[r / m->n]);
        return;
    case 4:
        snprintf(buf, size, "%s[%s]", sym, m->factors->name[r]);
        return;
    case 5:
        snprintf(buf, size, "%s[%s]", sym, m->households->name[r]);
        return;
    default:
        snprintf(buf, size, "%s", sym);
        return;
    }
}

void urio_cge_var_name(const urio_cge_model *m, size_t idx, char *buf, size_t size)
{
    if (buf == NULL || size == 0) return;
    buf[0] = '\0';
    if (m == NULL || idx >= m->nv) {
        snprintf(buf, size, "?");
        return;
    }
    int b = 0;
    while (idx >= m->voff[b + 1])
        b++;
    element_name(m, var_info[b].name, var_info[b].dims, idx - m->voff[b], buf, size);
}

void urio_cge_eq_name(const urio_cge_model *m, size_t e, char *buf, size_t size)
{
    if (buf == NULL || size == 0) return;
    buf[0] = '\0';
    if (m == NULL || e >= m->ne) {
        snprintf(buf, size, "?");
        return;
    }
    int b = 0;
    while (e >= m->eoff[b + 1])
        b++;
    char el[2 * URIO_LABEL_MAX + 32];
    element_name(m, eq_info[b].name, eq_info[b].dims, e - m->eoff[b], el, sizeof el);
    snprintf(buf, size, "%s (%s)", el, eq_info[b].what);
}

/* ---- Validation ------------------------------------------------------------------ */

static urio_status where_set(urio_cge_where *w, size_t row, size_t col)
{
    if (w != NULL) {
        w->row = row;
        w->col = col;
    }
    return URIO_OK;
}

/* Assign role r to account a; error when it has one already. */
static urio_status assign(const urio_cge_spec *sp, role *roles, size_t a, role r,
                          urio_cge_where *where, urio_diag *d)
{
    const size_t na = sp->accounts->count;
    if (a >= na)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "a %s account index (%zu) is out of range (%zu accounts)",
                             role_name(r), a, na);
    if (roles[a] != R_NONE) {
        where_set(where, a, a);
        return urio_diag_set(
            d, URIO_EMODEL, NULL, 0, 0, "give every account exactly one role",
            "account \"%s\" is both %s %s and %s %s", sp->accounts->name[a],
            roles[a] == R_GOOD || roles[a] == R_FACTOR ? "a" : "the", role_name(roles[a]),
            r == R_GOOD || r == R_FACTOR || r == R_HOUSEHOLD ? "a" : "the", role_name(r));
    }
    roles[a] = r;
    return URIO_OK;
}

static urio_status check_roles(const urio_cge_spec *sp, role *roles, urio_cge_where *where,
                               urio_diag *d)
{
    const char *empty = sp->ngoods == 0        ? "goods"
                        : sp->nfactors == 0    ? "factors"
                        : sp->nhouseholds == 0 ? "households"
                                               : NULL;
    if (empty != NULL)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, "list at least one account under it",
                             "the model has no %s", empty);
    urio_status s = URIO_OK;
    for (size_t i = 0; s == URIO_OK && i < sp->ngoods; i++)
        s = assign(sp, roles, sp->goods[i], R_GOOD, where, d);
    for (size_t i = 0; s == URIO_OK && i < sp->nfactors; i++)
        s = assign(sp, roles, sp->factors[i], R_FACTOR, where, d);
    for (size_t i = 0; s == URIO_OK && i < sp->nhouseholds; i++)
        s = assign(sp, roles, sp->households[i], R_HOUSEHOLD, where, d);
    if (s == URIO_OK) s = assign(sp, roles, sp->government, R_GOVERNMENT, where, d);
    if (s == URIO_OK) s = assign(sp, roles, sp->investment, R_INVESTMENT, where, d);
    if (s == URIO_OK) s = assign(sp, roles, sp->rest_of_world, R_ROW, where, d);
    if (s == URIO_OK && sp->tax_production != SIZE_MAX)
        s = assign(sp, roles, sp->tax_production, R_TAX_PRODUCTION, where, d);
    if (s == URIO_OK && sp->tax_import != SIZE_MAX)
        s = assign(sp, roles, sp->tax_import, R_TAX_IMPORT, where, d);
    if (s != URIO_OK) return s;
    for (size_t a = 0; a < sp->accounts->count; a++)
        if (roles[a] == R_NONE) {
            where_set(where, a, a);
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "list it under accounts: goods, factors, households, "
                                 "government, investment, rest_of_world or taxes",
                                 "SAM account \"%s\" has no role", sp->accounts->name[a]);
        }
    return URIO_OK;
}

static urio_status check_elasticities(const urio_cge_spec *sp, urio_diag *d)
{
    for (size_t i = 0; i < sp->ngoods; i++) {
        const char *g = sp->accounts->name[sp->goods[i]];
        const double s = sp->armington[i], t = sp->transformation[i];
        if (!(isfinite(s) && s > 0.0))
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                                 "an Armington elasticity is a positive number such as 2",
                                 "the Armington elasticity of %s is %g", g, s);
        if (s == 1.0)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                                 "the CES form needs sigma != 1; use 0.99 or 1.01 for a "
                                 "Cobb-Douglas-like aggregate",
                                 "the Armington elasticity of %s is 1", g);
        if (!(isfinite(t) && t > 0.0))
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                                 "a transformation elasticity is a positive number such as 2",
                                 "the transformation elasticity of %s is %g", g, t);
    }
    return URIO_OK;
}

/* Whether the standard model has a flow from column role c to row role r, and
 * whether that flow must be non-negative. */
static bool allowed(role r, role c, bool *nonneg)
{
    *nonneg = false;
    switch (c) {
    case R_GOOD:
        *nonneg = r == R_GOOD || r == R_FACTOR || r == R_ROW;
        return r == R_GOOD || r == R_FACTOR || r == R_TAX_PRODUCTION || r == R_TAX_IMPORT ||
               r == R_ROW;
    case R_FACTOR:
        *nonneg = true;
        return r == R_HOUSEHOLD;
    case R_HOUSEHOLD:
        *nonneg = r == R_GOOD;
        return r == R_GOOD || r == R_GOVERNMENT || r == R_INVESTMENT;
    case R_GOVERNMENT:
        *nonneg = r == R_GOOD;
        return r == R_GOOD || r == R_INVESTMENT;
    case R_INVESTMENT:
        *nonneg = true;
        return r == R_GOOD;
    case R_ROW:
        *nonneg = r == R_GOOD;
        return r == R_GOOD || r == R_INVESTMENT;
    case R_TAX_PRODUCTION:
    case R_TAX_IMPORT:
        return r == R_GOVERNMENT;
    case R_NONE:
        break;
    }
    return false;
}

/* What to do about a nonzero cell the model has no flow for. */
static const char *unsupported_hint(role r, role c)
{
    if (r == R_HOUSEHOLD && c == R_GOVERNMENT)
        return "transfers from government to households are not in the standard model yet; "
               "net them out of the direct tax (government, household)";
    if (r == R_HOUSEHOLD && c == R_ROW)
        return "remittances are not in the standard model; add them to foreign saving";
    if (r == R_GOVERNMENT && c == R_FACTOR) return "factor taxes are not in the standard model yet";
    if (r == R_GOVERNMENT && c == R_GOOD)
        return "route taxes on goods through a production-tax or import-tax account";
    if (r == R_HOUSEHOLD && c == R_HOUSEHOLD)
        return "transfers between households are not in the standard model";
    return "the standard model (Hosoe, Gasawa & Hashimoto 2010, ch. 6) has no such flow; "
           "see docs/cge-model.md for the cells it reads";
}

/* "BRD: receipts 92, payments 93 (-1); ..." for every unbalanced account. */
static urio_status check_balance(const urio_cge_spec *sp, urio_cge_where *where, urio_diag *d)
{
    const urio_matrix *S = sp->sam;
    const size_t na = S->rows;
    double total = 0.0;
    for (size_t e = 0; e < na * na; e++)
        total += fabs(S->data[e]);
    const double tol = URIO_CGE_TOL_BALANCE * (total > 0.0 ? total : 1.0);
    char list[600];
    size_t o = 0, bad = 0, first = SIZE_MAX;
    list[0] = '\0';
    for (size_t a = 0; a < na; a++) {
        double row = 0.0, col = 0.0;
        for (size_t j = 0; j < na; j++)
            row += URIO_MAT(S, a, j);
        for (size_t i = 0; i < na; i++)
            col += URIO_MAT(S, i, a);
        if (fabs(row - col) <= tol) continue;
        if (first == SIZE_MAX) first = a;
        bad++;
        if (o < sizeof list) {
            int w =
                snprintf(list + o, sizeof list - o, "%s%s receives %.10g but pays %.10g (%+.6g)",
                         bad > 1 ? "; " : "", sp->accounts->name[a], row, col, row - col);
            if (w > 0) o += (size_t)w;
        }
    }
    if (bad == 0) return URIO_OK;
    if (o >= sizeof list) memcpy(list + sizeof list - 5, " ...", 5);
    where_set(where, first, first);
    return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                         "rows are receipts and columns payments: each account's row sum must "
                         "equal its column sum (to 1e-9 of the SAM total)",
                         "the SAM is not balanced: %zu %s: %s", bad,
                         bad == 1 ? "account" : "accounts", list);
}

static urio_status check_cells(const urio_cge_spec *sp, const role *roles, urio_cge_where *where,
                               urio_diag *d)
{
    const urio_matrix *S = sp->sam;
    const size_t na = S->rows;
    const char *const *L = (const char *const *)sp->accounts->name;
    for (size_t c = 0; c < na; c++)
        for (size_t r = 0; r < na; r++) {
            const double v = URIO_MAT(S, r, c);
            if (!isfinite(v)) {
                where_set(where, r, c);
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, NULL,
                                     "SAM cell (%s, %s) is not a finite number", L[r], L[c]);
            }
            if (v == 0.0) continue;
            bool nonneg = false;
            if (!allowed(roles[r], roles[c], &nonneg)) {
                where_set(where, r, c);
                return urio_diag_set(
                    d, URIO_EUNSUPPORTED, NULL, 0, 0, unsupported_hint(roles[r], roles[c]),
                    "SAM cell (row %s, column %s) = %.10g is a payment from "
                    "the %s %s to the %s %s, which the standard model does "
                    "not have",
                    L[r], L[c], v, role_name(roles[c]), L[c], role_name(roles[r]), L[r]);
            }
            if (nonneg && v < 0.0) {
                where_set(where, r, c);
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                     "inputs, factor payments and incomes, consumption, "
                                     "investment, exports and imports cannot be negative",
                                     "SAM cell (row %s, column %s) = %.10g is negative: a %s "
                                     "cannot pay a %s a negative amount",
                                     L[r], L[c], v, role_name(roles[c]), role_name(roles[r]));
            }
        }
    return URIO_OK;
}

/* ---- Creation -------------------------------------------------------------------- */

static urio_status copy_names(const urio_labels *acc, const size_t *idx, size_t count,
                              urio_labels **out)
{
    const char **names = malloc(count * sizeof *names);
    if (names == NULL) return URIO_ENOMEM;
    for (size_t i = 0; i < count; i++)
        names[i] = acc->name[idx[i]];
    urio_status s = urio_labels_create(count, names, out, NULL);
    free(names);
    return s;
}

static size_t *copy_idx(const size_t *src, size_t count)
{
    size_t *p = malloc(count * sizeof *p);
    if (p != NULL) memcpy(p, src, count * sizeof *p);
    return p;
}

static char *dup_or_null(const char *s, bool *ok)
{
    if (s == NULL) return NULL;
    char *c = strdup(s);
    if (c == NULL) *ok = false;
    return c;
}

/* Allocate every array of the model (zeroed). */
static urio_status alloc_arrays(urio_cge_model *m)
{
    const size_t n = m->n, k = m->k, H = m->H;
    struct {
        double **p;
        size_t count;
    } a[] = {
        {&m->sigma, n},  {&m->psi, n},        {&m->Y0, n},         {&m->F0, k * n},
        {&m->X0, n * n}, {&m->Z0, n},         {&m->Xp0, n * H},    {&m->Xg0, n},
        {&m->Xv0, n},    {&m->E0, n},         {&m->M0, n},         {&m->Q0, n},
        {&m->D0, n},     {&m->Tz0, n},        {&m->Tm0, n},        {&m->Td0, H},
        {&m->Sp0, H},    {&m->I0, H},         {&m->FF0, k},        {&m->eta, n},
        {&m->phi, n},    {&m->alpha, n * H},  {&m->beta, k * n},   {&m->ax, n * n},
        {&m->ay, n},     {&m->mu, n},         {&m->lambda, n},     {&m->deltam, n},
        {&m->deltad, n}, {&m->gamma, n},      {&m->xie, n},        {&m->xid, n},
        {&m->theta, n},  {&m->ssp, H},        {&m->share, H * k},  {&m->cpiw, n},
        {&m->v0, m->nv}, {&m->vscale, m->nv}, {&m->escale, m->ne},
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        *a[i].p = calloc(a[i].count > 0 ? a[i].count : 1, sizeof **a[i].p);
        if (*a[i].p == NULL) return URIO_ENOMEM;
    }
    return params_alloc(m, &m->base);
}

/* Contract: urio/cge.h.  Order: arguments, roles, elasticities, SAM cells, SAM
 * balance, then calibration (cge_calibrate.c); the first problem is reported. */
urio_status urio_cge_model_create(const urio_cge_spec *sp, urio_cge_model **out,
                                  urio_cge_where *where, urio_diag *d)
{
    where_set(where, SIZE_MAX, SIZE_MAX);
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    *out = NULL;
    if (sp == NULL || sp->accounts == NULL || sp->sam == NULL ||
        (sp->ngoods > 0 &&
         (sp->goods == NULL || sp->armington == NULL || sp->transformation == NULL)) ||
        (sp->nfactors > 0 && sp->factors == NULL) ||
        (sp->nhouseholds > 0 && sp->households == NULL))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    const size_t na = sp->accounts->count;
    if (sp->sam->rows != na || sp->sam->cols != na || na == 0)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "the SAM is %zu x %zu for %zu accounts", sp->sam->rows, sp->sam->cols,
                             na);
    role *roles = calloc(na, sizeof *roles);
    if (roles == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_status s = check_roles(sp, roles, where, d);
    if (s == URIO_OK && sp->numeraire == URIO_CGE_NUMERAIRE_FACTOR &&
        sp->numeraire_factor >= sp->nfactors)
        s = urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "the numeraire factor is out of range");
    if (s == URIO_OK) s = check_elasticities(sp, d);
    if (s == URIO_OK) s = check_cells(sp, roles, where, d);
    if (s == URIO_OK) s = check_balance(sp, where, d);
    free(roles);
    if (s != URIO_OK) return s;

    urio_cge_model *m = calloc(1, sizeof *m);
    if (m == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    m->n = sp->ngoods;
    m->k = sp->nfactors;
    m->H = sp->nhouseholds;
    m->numeraire = sp->numeraire;
    m->numeraire_factor = sp->numeraire == URIO_CGE_NUMERAIRE_FACTOR ? sp->numeraire_factor : 0;
    m->closure = sp->closure;
    m->acc_government = sp->government;
    m->acc_investment = sp->investment;
    m->acc_row = sp->rest_of_world;
    m->acc_tax_production = sp->tax_production;
    m->acc_tax_import = sp->tax_import;
    make_layout(m);
    bool ok = true;
    m->name = dup_or_null(sp->name, &ok);
    m->units = dup_or_null(sp->units, &ok);
    m->acc_goods = copy_idx(sp->goods, m->n);
    m->acc_factors = copy_idx(sp->factors, m->k);
    m->acc_households = copy_idx(sp->households, m->H);
    ok = ok && m->acc_goods != NULL && m->acc_factors != NULL && m->acc_households != NULL;
    if (ok) ok = urio_labels_copy(sp->accounts, &m->accounts) == URIO_OK;
    if (ok) ok = urio_matrix_copy(sp->sam, &m->sam) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, sp->goods, m->n, &m->goods) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, sp->factors, m->k, &m->factors) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, sp->households, m->H, &m->households) == URIO_OK;
    if (ok) ok = alloc_arrays(m) == URIO_OK;
    if (!ok) {
        urio_cge_model_free(m);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    memcpy(m->sigma, sp->armington, m->n * sizeof *m->sigma);
    memcpy(m->psi, sp->transformation, m->n * sizeof *m->psi);
    s = urio__cge_calibrate(m, where, d);
    if (s != URIO_OK) {
        urio_cge_model_free(m);
        return s;
    }
    *out = m;
    return URIO_OK;
}
