/* cge_model.c - building a CGE model from a SAM and its account roles
 * (urio/cge.h): validation of the roles and of the SAM (balance, signs, the cells
 * the model has flows for), of the closure and the mobility classes, the layout of
 * unknowns and equations, their names, and parameter sets.  Calibration proper is
 * in cge_calibrate.c.
 *
 * The model has these flows, row <- column, and no others (docs/cge-model.md §1):
 *     goods form (one account per good, activity and commodity in one):
 *     good <- good (intermediate input), factor <- good (factor payment),
 *     production tax <- good, import tax <- good, rest of world <- good (imports),
 *     commodity tax <- good, export tax <- good, factor tax <- good;
 *     split form: commodity <- activity (intermediate input), factor <- activity,
 *     production tax <- activity, activity <- commodity (the activity's output, at
 *     the price its buyers pay), rest of world <- commodity (imports), import tax <-
 *     commodity, commodity tax <- commodity, export tax <- commodity, factor tax <-
 *     activity;
 *     both: household <- factor (factor income), government <- tax accounts,
 *     household <- government (transfers, >= 0), household <- rest of world
 *     (remittances, >= 0), household <- household (transfers, >= 0, not to itself),
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
    R_ACTIVITY,
    R_COMMODITY,
    R_FACTOR,
    R_HOUSEHOLD,
    R_GOVERNMENT,
    R_INVESTMENT,
    R_ROW,
    R_TAX_PRODUCTION,
    R_TAX_IMPORT,
    R_TAX_COMMODITY,
    R_TAX_EXPORT,
    R_TAX_FACTOR
} role;

static const char *role_name(role r)
{
    switch (r) {
    case R_GOOD:
        return "good";
    case R_ACTIVITY:
        return "activity";
    case R_COMMODITY:
        return "commodity";
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
    case R_TAX_COMMODITY:
        return "commodity tax";
    case R_TAX_EXPORT:
        return "export tax";
    case R_TAX_FACTOR:
        return "factor tax";
    case R_NONE:
        break;
    }
    return "no role";
}

/* Roles with many accounts take "a", the others "the". */
static const char *article(role r)
{
    return r == R_GOOD || r == R_ACTIVITY || r == R_COMMODITY || r == R_FACTOR || r == R_HOUSEHOLD
               ? "a"
               : "the";
}

const char *urio_cge_investment_closure_name(urio_cge_investment_closure c)
{
    switch (c) {
    case URIO_CGE_SAVINGS_DRIVEN:
        return "savings-driven";
    case URIO_CGE_INVESTMENT_DRIVEN:
        return "investment-driven";
    }
    return "unknown";
}

const char *urio_cge_foreign_closure_name(urio_cge_foreign_closure c)
{
    switch (c) {
    case URIO_CGE_FOREIGN_SAVINGS_FIXED:
        return "fixed";
    case URIO_CGE_EXCHANGE_RATE_FIXED:
        return "flexible";
    }
    return "unknown";
}

const char *urio_cge_government_closure_name(urio_cge_government_closure c)
{
    switch (c) {
    case URIO_CGE_GOV_SAVING_RATE:
        return "saving-rate";
    case URIO_CGE_GOV_SAVINGS_FIXED:
        return "savings-fixed";
    case URIO_CGE_GOV_SPENDING_FIXED:
        return "spending-fixed";
    }
    return "unknown";
}

const char *urio_cge_factor_closure_name(urio_cge_factor_closure c)
{
    switch (c) {
    case URIO_CGE_FACTOR_MOBILE:
        return "mobile";
    case URIO_CGE_FACTOR_SPECIFIC:
        return "sector-specific";
    }
    return "unknown";
}

const char *urio_cge_income_rule_name(urio_cge_income_rule r)
{
    switch (r) {
    case URIO_CGE_INCOME_RESIDENCE:
        return "residence";
    case URIO_CGE_INCOME_OWNER:
        return "owner";
    }
    return "unknown";
}

/* ---- Freeing ------------------------------------------------------------------- */

void urio_cge_params_clear(urio_cge_params *p)
{
    if (p == NULL) return;
    double *arrays[] = {p->tauz, p->taum,  p->taud, p->b,  p->FF,   p->pWe,  p->pWm,
                        p->eff,  p->omega, p->inv,  p->tr, p->tauc, p->taue, p->tauf};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    memset(p, 0, sizeof *p);
}

void urio_cge_model_free(urio_cge_model *m)
{
    if (m == NULL) return;
    free(m->name);
    free(m->units);
    urio_labels_free(m->goods);
    urio_labels_free(m->activities);
    urio_labels_free(m->factors);
    urio_labels_free(m->households);
    urio_labels_free(m->accounts);
    urio_matrix_free(m->sam);
    double *arrays[] = {
        m->sigma, m->psi,  m->sigs,     m->Y0,    m->F0,     m->X0,     m->Z0,         m->Xp0,
        m->Xg0,   m->Xv0,  m->E0,       m->M0,    m->Q0,     m->D0,     m->Tz0,        m->Tm0,
        m->XD0,   m->Td0,  m->Sp0,      m->I0,    m->FF0,    m->pf0,    m->eta,        m->phi,
        m->alpha, m->beta, m->ax,       m->ay,    m->mu,     m->lambda, m->deltam,     m->deltad,
        m->gamma, m->xie,  m->xid,      m->theta, m->rhos,   m->deltas, m->gammas,     m->ssp,
        m->share, m->cpiw, m->finshare, m->v0,    m->vscale, m->escale, m->population, m->Tc0,
        m->Te0,   m->Tf0,  m->tr0,      m->rem0,  m->trhh0};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    size_t *idx[] = {m->acc_goods,
                     m->acc_acts,
                     m->acc_factors,
                     m->acc_households,
                     m->act_good,
                     m->good_act,
                     m->ms,
                     m->ms_list,
                     m->zs,
                     m->zs_list,
                     m->fspec,
                     m->spec_list,
                     m->fseg,
                     m->seg_list,
                     m->hseg,
                     m->fclass,
                     m->acc_tax_factor};
    for (size_t i = 0; i < sizeof idx / sizeof idx[0]; i++)
        free(idx[i]);
    free(m->fclosure);
    free(m->vnominal);
    for (size_t c = 0; m->classes != NULL && c < m->nclass; c++) {
        free(m->classes[c].name);
        free(m->classes[c].segs);
    }
    free(m->classes);
    urio_cge_params_clear(&m->base);
    free(m);
}

/* ---- Parameters ----------------------------------------------------------------- */

static urio_status params_alloc(const urio_cge_model *m, urio_cge_params *p)
{
    memset(p, 0, sizeof *p);
    const size_t n = m->n, A = m->A, k = m->k, H = m->H;
    p->tauz = calloc(A, sizeof *p->tauz);
    p->taum = calloc(n, sizeof *p->taum);
    p->taud = calloc(H, sizeof *p->taud);
    p->b = calloc(A, sizeof *p->b);
    p->FF = calloc(k, sizeof *p->FF);
    p->pWe = calloc(n, sizeof *p->pWe);
    p->pWm = calloc(n, sizeof *p->pWm);
    p->eff = calloc(k * A, sizeof *p->eff);
    p->omega = calloc(k, sizeof *p->omega);
    p->inv = calloc(URIO_CGE_NFINANCE * n, sizeof *p->inv);
    p->tr = calloc(H, sizeof *p->tr);
    p->tauc = calloc(n, sizeof *p->tauc);
    p->taue = calloc(n, sizeof *p->taue);
    p->tauf = calloc(k * A, sizeof *p->tauf);
    if (p->tauz == NULL || p->taum == NULL || p->taud == NULL || p->b == NULL || p->FF == NULL ||
        p->pWe == NULL || p->pWm == NULL || p->eff == NULL || p->omega == NULL || p->inv == NULL ||
        p->tr == NULL || p->tauc == NULL || p->taue == NULL || p->tauf == NULL) {
        urio_cge_params_clear(p);
        return URIO_ENOMEM;
    }
    return URIO_OK;
}

void urio_cge_params_copy(const urio_cge_model *m, const urio_cge_params *src, urio_cge_params *dst)
{
    const size_t n = m->n, A = m->A, k = m->k, H = m->H;
    memcpy(dst->tauz, src->tauz, A * sizeof *dst->tauz);
    memcpy(dst->taum, src->taum, n * sizeof *dst->taum);
    memcpy(dst->taud, src->taud, H * sizeof *dst->taud);
    memcpy(dst->b, src->b, A * sizeof *dst->b);
    memcpy(dst->FF, src->FF, k * sizeof *dst->FF);
    memcpy(dst->pWe, src->pWe, n * sizeof *dst->pWe);
    memcpy(dst->pWm, src->pWm, n * sizeof *dst->pWm);
    memcpy(dst->eff, src->eff, k * A * sizeof *dst->eff);
    memcpy(dst->omega, src->omega, k * sizeof *dst->omega);
    memcpy(dst->inv, src->inv, URIO_CGE_NFINANCE * n * sizeof *dst->inv);
    memcpy(dst->tr, src->tr, H * sizeof *dst->tr);
    memcpy(dst->tauc, src->tauc, n * sizeof *dst->tauc);
    memcpy(dst->taue, src->taue, n * sizeof *dst->taue);
    memcpy(dst->tauf, src->tauf, k * A * sizeof *dst->tauf);
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

/* Index sets of the blocks. */
typedef enum dimkind {
    D_ONE = 0,   /* scalar */
    D_COM,       /* by commodity */
    D_FACT_ACT,  /* factor x activity */
    D_COM_HH,    /* commodity x household */
    D_FACTOR,    /* by factor */
    D_HH,        /* by household */
    D_CPI,       /* 1 with the CPI as numeraire, else 0 */
    D_ACT,       /* by activity */
    D_MS,        /* commodities several activities make */
    D_ZS,        /* the activities making them */
    D_SEG,       /* segmented factors */
    D_SPEC_ACT,  /* sector-specific factor x activity */
    D_FXCLOSURE, /* 1 under a fixed exchange rate, else 0 */
    D_INVDRIVEN  /* 1 when investment-driven, else 0 */
} dimkind;

static const struct {
    const char *name; /* the book's symbol */
    dimkind dims;
    bool nominal; /* doubles with the numeraire */
} var_info[URIO_CGE_NBLOCKS] = {
    [URIO_CGE_Y] = {"Y", D_ACT, false},
    [URIO_CGE_F] = {"F", D_FACT_ACT, false},
    [URIO_CGE_Z] = {"Z", D_ACT, false},
    [URIO_CGE_XP] = {"Xp", D_COM_HH, false},
    [URIO_CGE_XG] = {"Xg", D_COM, false},
    [URIO_CGE_XV] = {"Xv", D_COM, false},
    [URIO_CGE_E] = {"E", D_COM, false},
    [URIO_CGE_M] = {"M", D_COM, false},
    [URIO_CGE_Q] = {"Q", D_COM, false},
    [URIO_CGE_D] = {"D", D_COM, false},
    [URIO_CGE_PF] = {"pf", D_FACTOR, true},
    [URIO_CGE_PY] = {"py", D_ACT, true},
    [URIO_CGE_PZ] = {"pz", D_ACT, true},
    [URIO_CGE_PQ] = {"pq", D_COM, true},
    [URIO_CGE_PE] = {"pe", D_COM, true},
    [URIO_CGE_PM] = {"pm", D_COM, true},
    [URIO_CGE_PD] = {"pd", D_COM, true},
    [URIO_CGE_EPS] = {"eps", D_ONE, true},
    [URIO_CGE_SP] = {"Sp", D_HH, true},
    [URIO_CGE_SG] = {"Sg", D_ONE, true},
    [URIO_CGE_TD] = {"Td", D_HH, true},
    [URIO_CGE_TZ] = {"Tz", D_ACT, true},
    [URIO_CGE_TM] = {"Tm", D_COM, true},
    [URIO_CGE_XD] = {"XD", D_MS, false},
    [URIO_CGE_PX] = {"px", D_MS, true},
    [URIO_CGE_FFS] = {"FFs", D_SEG, false},
    [URIO_CGE_PFS] = {"pfs", D_SPEC_ACT, true},
    [URIO_CGE_SF] = {"Sf", D_FXCLOSURE, false},
    [URIO_CGE_SADJ] = {"sadj", D_INVDRIVEN, false},
};

static const struct {
    const char *name;
    const char *what;
    dimkind dims;
} eq_info[URIO_CGE_NEQBLOCKS] = {
    [URIO_CGE_EQ_PY] = {"eqpy", "value-added function", D_ACT},
    [URIO_CGE_EQ_F] = {"eqF", "factor demand", D_FACT_ACT},
    [URIO_CGE_EQ_Y] = {"eqY", "value-added demand", D_ACT},
    [URIO_CGE_EQ_PZS] = {"eqpzs", "unit cost", D_ACT},
    [URIO_CGE_EQ_TD] = {"eqTd", "direct tax", D_HH},
    [URIO_CGE_EQ_TZ] = {"eqTz", "production tax", D_ACT},
    [URIO_CGE_EQ_TM] = {"eqTm", "import tariff", D_COM},
    [URIO_CGE_EQ_XG] = {"eqXg", "government demand", D_COM},
    [URIO_CGE_EQ_XV] = {"eqXv", "investment demand", D_COM},
    [URIO_CGE_EQ_SP] = {"eqSp", "household saving", D_HH},
    [URIO_CGE_EQ_SG] = {"eqSg", "government saving", D_ONE},
    [URIO_CGE_EQ_XP] = {"eqXp", "household demand", D_COM_HH},
    [URIO_CGE_EQ_PE] = {"eqpe", "export price", D_COM},
    [URIO_CGE_EQ_PM] = {"eqpm", "import price", D_COM},
    [URIO_CGE_EQ_EPS] = {"eqepsilon", "balance of payments", D_ONE},
    [URIO_CGE_EQ_PQS] = {"eqpqs", "Armington function", D_COM},
    [URIO_CGE_EQ_M] = {"eqM", "import demand", D_COM},
    [URIO_CGE_EQ_D] = {"eqD", "domestic-good demand", D_COM},
    [URIO_CGE_EQ_PZD] = {"eqpzd", "transformation function", D_COM},
    [URIO_CGE_EQ_E] = {"eqE", "export supply", D_COM},
    [URIO_CGE_EQ_DS] = {"eqDs", "domestic-good supply", D_COM},
    [URIO_CGE_EQ_PQD] = {"eqpqd", "composite-good market", D_COM},
    [URIO_CGE_EQ_PF] = {"eqpf", "factor market", D_FACTOR},
    [URIO_CGE_EQ_CPI] = {"eqcpi", "numeraire: consumer price index", D_CPI},
    [URIO_CGE_EQ_XD] = {"eqXD", "sourcing function", D_MS},
    [URIO_CGE_EQ_ZS] = {"eqZs", "demand for an area's output", D_ZS},
    [URIO_CGE_EQ_SEG] = {"eqseg", "segmented factor market", D_SEG},
    [URIO_CGE_EQ_FS] = {"eqFs", "sector-specific factor", D_SPEC_ACT},
    [URIO_CGE_EQ_FX] = {"eqfx", "fixed exchange rate", D_FXCLOSURE},
    [URIO_CGE_EQ_SIB] = {"eqsib", "saving-investment balance", D_INVDRIVEN},
};

static size_t dim_size(const urio_cge_model *m, dimkind dims)
{
    switch (dims) {
    case D_ONE:
        return 1;
    case D_COM:
        return m->n;
    case D_FACT_ACT:
        return m->k * m->A;
    case D_COM_HH:
        return m->n * m->H;
    case D_FACTOR:
        return m->k;
    case D_HH:
        return m->H;
    case D_CPI:
        return m->numeraire == URIO_CGE_NUMERAIRE_CPI ? 1 : 0;
    case D_ACT:
        return m->A;
    case D_MS:
        return m->nms;
    case D_ZS:
        return m->nzs;
    case D_SEG:
        return m->kseg;
    case D_SPEC_ACT:
        return m->kspec * m->A;
    case D_FXCLOSURE:
        return m->closure.foreign_savings == URIO_CGE_EXCHANGE_RATE_FIXED ? 1 : 0;
    case D_INVDRIVEN:
        return m->closure.investment == URIO_CGE_INVESTMENT_DRIVEN ? 1 : 0;
    }
    return 0;
}

/* The factor market equation dropped by Walras' law: the numeraire factor's, or
 * with the CPI the first factor that is not sector-specific. */
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
        size_t f = 0;
        while (f < m->k && m->fclosure[f] == URIO_CGE_FACTOR_SPECIFIC)
            f++;
        m->dropped = m->eoff[URIO_CGE_EQ_PF] + (f < m->k ? f : 0);
    }
}

size_t urio_cge_var(const urio_cge_model *m, urio_cge_block b, size_t i, size_t j)
{
    if (m == NULL || (int)b < 0 || b >= URIO_CGE_NBLOCKS) return SIZE_MAX;
    const size_t size = m->voff[b + 1] - m->voff[b];
    switch (var_info[b].dims) {
    case D_FACT_ACT:
        return i < m->k && j < m->A ? m->voff[b] + i + m->k * j : SIZE_MAX;
    case D_COM_HH:
        return i < m->n && j < m->H ? m->voff[b] + i + m->n * j : SIZE_MAX;
    case D_SPEC_ACT:
        return i < m->kspec && j < m->A ? m->voff[b] + i + m->kspec * j : SIZE_MAX;
    default:
        return i < size && j == 0 ? m->voff[b] + i : SIZE_MAX;
    }
}

/* "sym[a,b]" for element r of a block of the given kind. */
static void element_name(const urio_cge_model *m, const char *sym, dimkind dims, size_t r,
                         char *buf, size_t size)
{
    const char *const *G = (const char *const *)m->goods->name;
    const char *const *Ac = (const char *const *)m->activities->name;
    const char *const *Fa = (const char *const *)m->factors->name;
    switch (dims) {
    case D_COM:
        snprintf(buf, size, "%s[%s]", sym, G[r]);
        return;
    case D_FACT_ACT:
        snprintf(buf, size, "%s[%s,%s]", sym, Fa[r % m->k], Ac[r / m->k]);
        return;
    case D_COM_HH:
        snprintf(buf, size, "%s[%s,%s]", sym, G[r % m->n], m->households->name[r / m->n]);
        return;
    case D_FACTOR:
        snprintf(buf, size, "%s[%s]", sym, Fa[r]);
        return;
    case D_HH:
        snprintf(buf, size, "%s[%s]", sym, m->households->name[r]);
        return;
    case D_ACT:
        snprintf(buf, size, "%s[%s]", sym, Ac[r]);
        return;
    case D_MS:
        snprintf(buf, size, "%s[%s]", sym, G[m->ms_list[r]]);
        return;
    case D_ZS:
        snprintf(buf, size, "%s[%s]", sym, Ac[m->zs_list[r]]);
        return;
    case D_SEG:
        snprintf(buf, size, "%s[%s]", sym, Fa[m->seg_list[r]]);
        return;
    case D_SPEC_ACT:
        snprintf(buf, size, "%s[%s,%s]", sym, Fa[m->spec_list[r % m->kspec]], Ac[r / m->kspec]);
        return;
    case D_ONE:
    case D_CPI:
    case D_FXCLOSURE:
    case D_INVDRIVEN:
        break;
    }
    snprintf(buf, size, "%s", sym);
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
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, "give every account exactly one role",
                             "account \"%s\" is both %s %s and %s %s", sp->accounts->name[a],
                             article(roles[a]), role_name(roles[a]), article(r), role_name(r));
    }
    roles[a] = r;
    return URIO_OK;
}

static urio_status check_roles(const urio_cge_spec *sp, role *roles, urio_cge_where *where,
                               urio_diag *d)
{
    const bool split = sp->ngoods == 0 && (sp->nactivities > 0 || sp->ncommodities > 0);
    if (sp->ngoods > 0 && (sp->nactivities > 0 || sp->ncommodities > 0))
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                             "list either `goods` (each account both activity and commodity) "
                             "or `activities` and `commodities`",
                             "the model has both goods and activities or commodities");
    const char *empty = !split && sp->ngoods == 0        ? "goods"
                        : split && sp->nactivities == 0  ? "activities"
                        : split && sp->ncommodities == 0 ? "commodities"
                        : sp->nfactors == 0              ? "factors"
                        : sp->nhouseholds == 0           ? "households"
                                                         : NULL;
    if (empty != NULL)
        return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, "list at least one account under it",
                             "the model has no %s", empty);
    urio_status s = URIO_OK;
    for (size_t i = 0; s == URIO_OK && i < sp->ngoods; i++)
        s = assign(sp, roles, sp->goods[i], R_GOOD, where, d);
    for (size_t i = 0; s == URIO_OK && split && i < sp->nactivities; i++)
        s = assign(sp, roles, sp->activities[i], R_ACTIVITY, where, d);
    for (size_t i = 0; s == URIO_OK && split && i < sp->ncommodities; i++)
        s = assign(sp, roles, sp->commodities[i], R_COMMODITY, where, d);
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
    if (s == URIO_OK && sp->tax_commodity != NULL)
        s = assign(sp, roles, *sp->tax_commodity, R_TAX_COMMODITY, where, d);
    if (s == URIO_OK && sp->tax_export != NULL)
        s = assign(sp, roles, *sp->tax_export, R_TAX_EXPORT, where, d);
    for (size_t f = 0; s == URIO_OK && sp->tax_factor != NULL && f < sp->nfactors; f++)
        if (sp->tax_factor[f] != SIZE_MAX)
            s = assign(sp, roles, sp->tax_factor[f], R_TAX_FACTOR, where, d);
    if (s != URIO_OK) return s;
    for (size_t a = 0; a < sp->accounts->count; a++)
        if (roles[a] == R_NONE) {
            where_set(where, a, a);
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "list it under accounts: goods (or activities and commodities), "
                                 "factors, households, government, investment, rest_of_world "
                                 "or taxes",
                                 "SAM account \"%s\" has no role", sp->accounts->name[a]);
        }
    return URIO_OK;
}

static urio_status check_elasticities(const urio_cge_spec *sp, size_t n, const size_t *com,
                                      const size_t *nact, urio_diag *d)
{
    for (size_t i = 0; i < n; i++) {
        const char *g = sp->accounts->name[com[i]];
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
        if (nact[i] < 2) continue;
        if (sp->sourcing == NULL)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                                 "add `sourcing: 4` under `elasticities` (substitution between "
                                 "the areas that make a commodity)",
                                 "commodity %s is made by %zu activities but the model has no "
                                 "sourcing elasticity",
                                 g, nact[i]);
        const double u = sp->sourcing[i];
        if (!(isfinite(u) && u > 0.0 && u != 1.0))
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                                 "a sourcing elasticity is a positive number other than 1, "
                                 "such as 4",
                                 "the sourcing elasticity of %s is %g", g, u);
    }
    return URIO_OK;
}

/* Whether the model has a flow from column role c to row role r, and whether that
 * flow must be non-negative. */
static bool allowed(role r, role c, bool *nonneg)
{
    *nonneg = false;
    const bool good = r == R_GOOD || r == R_COMMODITY;
    switch (c) {
    case R_GOOD:
        *nonneg = r == R_GOOD || r == R_FACTOR || r == R_ROW;
        return r == R_GOOD || r == R_FACTOR || r == R_TAX_PRODUCTION || r == R_TAX_IMPORT ||
               r == R_ROW || r == R_TAX_COMMODITY || r == R_TAX_EXPORT || r == R_TAX_FACTOR;
    case R_ACTIVITY:
        *nonneg = r == R_COMMODITY || r == R_FACTOR;
        return r == R_COMMODITY || r == R_FACTOR || r == R_TAX_PRODUCTION || r == R_TAX_FACTOR;
    case R_COMMODITY:
        *nonneg = r == R_ACTIVITY || r == R_ROW;
        return r == R_ACTIVITY || r == R_ROW || r == R_TAX_IMPORT || r == R_TAX_COMMODITY ||
               r == R_TAX_EXPORT;
    case R_FACTOR:
        *nonneg = true;
        return r == R_HOUSEHOLD;
    case R_HOUSEHOLD:
        *nonneg = good || r == R_HOUSEHOLD;
        return good || r == R_GOVERNMENT || r == R_INVESTMENT || r == R_HOUSEHOLD;
    case R_GOVERNMENT:
        *nonneg = good || r == R_HOUSEHOLD;
        return good || r == R_INVESTMENT || r == R_HOUSEHOLD;
    case R_INVESTMENT:
        *nonneg = true;
        return good;
    case R_ROW:
        *nonneg = good || r == R_HOUSEHOLD;
        return good || r == R_INVESTMENT || r == R_HOUSEHOLD;
    case R_TAX_PRODUCTION:
    case R_TAX_IMPORT:
    case R_TAX_COMMODITY:
    case R_TAX_EXPORT:
    case R_TAX_FACTOR:
        return r == R_GOVERNMENT;
    case R_NONE:
        break;
    }
    return false;
}

/* What to do about a nonzero cell the model has no flow for. */
static const char *unsupported_hint(role r, role c)
{
    if (r == R_GOVERNMENT && c == R_FACTOR)
        return "a tax on factor income paid by the factor account is not in the model; a tax on "
               "factor use is paid by the activities to a factor-tax account (`accounts: taxes: "
               "{factor: {FACTOR: ACCOUNT}}`)";
    if (r == R_GOVERNMENT && (c == R_GOOD || c == R_ACTIVITY || c == R_COMMODITY))
        return "route taxes on goods through a tax account (`accounts: taxes:` production, "
               "import, commodity, export or factor)";
    if ((r == R_TAX_COMMODITY || r == R_TAX_EXPORT) && c == R_ACTIVITY)
        return "commodity and export taxes are paid by commodity accounts, not activities; a tax "
               "on an activity's output is a production tax";
    if (r == R_TAX_FACTOR && c == R_COMMODITY)
        return "a factor tax is paid by the activities that use the factor";
    if (r == R_ACTIVITY && c == R_ACTIVITY)
        return "an activity buys commodities, not the output of another activity";
    if (r == R_COMMODITY && c == R_COMMODITY)
        return "a commodity is bought by activities (intermediate use), not by another "
               "commodity";
    return "the model (Hosoe, Gasawa & Hashimoto 2010, ch. 6, and its urban-rural extension) "
           "has no such flow; see docs/cge-model.md for the cells it reads";
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
                    "the %s %s to the %s %s, which the model does not have",
                    L[r], L[c], v, role_name(roles[c]), L[c], role_name(roles[r]), L[r]);
            }
            if (nonneg && v < 0.0) {
                where_set(where, r, c);
                return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                     "inputs, factor payments and incomes, output, consumption, "
                                     "investment, exports and imports cannot be negative",
                                     "SAM cell (row %s, column %s) = %.10g is negative: a %s "
                                     "cannot pay a %s a negative amount",
                                     L[r], L[c], v, role_name(roles[c]), role_name(roles[r]));
            }
        }
    return URIO_OK;
}

/* Split form: each activity is paid by exactly one commodity (the one it makes);
 * each commodity is made by at least one activity.  Fills act_good (A). */
static urio_status check_make(const urio_cge_spec *sp, size_t *act_good, urio_cge_where *where,
                              urio_diag *d)
{
    const char *const *L = (const char *const *)sp->accounts->name;
    for (size_t a = 0; a < sp->nactivities; a++) {
        const size_t ra = sp->activities[a];
        act_good[a] = SIZE_MAX;
        for (size_t i = 0; i < sp->ncommodities; i++) {
            if (URIO_MAT(sp->sam, ra, sp->commodities[i]) == 0.0) continue;
            if (act_good[a] != SIZE_MAX) {
                where_set(where, ra, sp->commodities[i]);
                return urio_diag_set(
                    d, URIO_EUNSUPPORTED, NULL, 0, 0,
                    "each activity makes one commodity; split a multi-product activity",
                    "activity %s sells both %s and %s", L[ra], L[sp->commodities[act_good[a]]],
                    L[sp->commodities[i]]);
            }
            act_good[a] = i;
        }
        if (act_good[a] == SIZE_MAX) {
            where_set(where, ra, ra);
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "an activity's output is the cell (activity, commodity it "
                                 "makes)",
                                 "activity %s sells no commodity", L[ra]);
        }
    }
    for (size_t i = 0; i < sp->ncommodities; i++) {
        bool made = false;
        for (size_t a = 0; a < sp->nactivities; a++)
            made = made || act_good[a] == i;
        if (!made) {
            where_set(where, sp->commodities[i], sp->commodities[i]);
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "every commodity needs an activity that makes it (an import-only "
                                 "commodity is not in the model)",
                                 "no activity makes commodity %s", L[sp->commodities[i]]);
        }
    }
    return URIO_OK;
}

/* Closures, mobility classes and population against the factors. */
static urio_status check_structure(const urio_cge_spec *sp, urio_diag *d)
{
    const char *const *L = (const char *const *)sp->accounts->name;
    const size_t k = sp->nfactors;
    if (sp->numeraire == URIO_CGE_NUMERAIRE_FACTOR && sp->numeraire_factor >= k)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "the numeraire factor is out of range");
    if (sp->factor_closure != NULL) {
        bool any_mobile = false;
        for (size_t f = 0; f < k; f++) {
            const urio_cge_factor_closure c = sp->factor_closure[f];
            if (c != URIO_CGE_FACTOR_MOBILE && c != URIO_CGE_FACTOR_SPECIFIC)
                return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                     "unknown closure for factor %s", L[sp->factors[f]]);
            any_mobile = any_mobile || c == URIO_CGE_FACTOR_MOBILE;
        }
        if (sp->numeraire == URIO_CGE_NUMERAIRE_FACTOR &&
            sp->factor_closure[sp->numeraire_factor] == URIO_CGE_FACTOR_SPECIFIC)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "make another factor the numeraire, or use cpi",
                                 "the numeraire %s is sector-specific: it has one price per "
                                 "activity",
                                 L[sp->factors[sp->numeraire_factor]]);
        if (!any_mobile)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "keep at least one factor mobile (its market is the one "
                                 "Walras' law drops)",
                                 "every factor is sector-specific");
    }
    if ((int)sp->closure.investment < 0 || sp->closure.investment > URIO_CGE_INVESTMENT_DRIVEN ||
        (int)sp->closure.foreign_savings < 0 ||
        sp->closure.foreign_savings > URIO_CGE_EXCHANGE_RATE_FIXED ||
        (int)sp->closure.government < 0 || sp->closure.government > URIO_CGE_GOV_SPENDING_FIXED)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "unknown closure");
    bool *used = calloc(k > 0 ? k : 1, sizeof *used);
    if (used == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    urio_status s = URIO_OK;
    for (size_t c = 0; s == URIO_OK && c < sp->nclasses; c++) {
        const urio_cge_class_spec *cl = &sp->classes[c];
        const char *name = cl->name != NULL ? cl->name : "?";
        if (cl->nseg < 2 || cl->segs == NULL || cl->ratio == NULL || cl->base >= cl->nseg) {
            s = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                              "a mobility class needs at least two factors (one per area), e.g. "
                              "urban/labour and rural/labour",
                              "mobility class %s has %zu segment(s)", name, cl->nseg);
            break;
        }
        for (size_t q = 0; s == URIO_OK && q < cl->nseg; q++) {
            const size_t f = cl->segs[q];
            if (f >= k) {
                s = urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                  "mobility class %s: factor index out of range", name);
            } else if (used[f]) {
                s = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                  "a factor belongs to one mobility class at most",
                                  "factor %s is in two mobility classes", L[sp->factors[f]]);
            } else if (sp->factor_closure != NULL &&
                       sp->factor_closure[f] == URIO_CGE_FACTOR_SPECIFIC) {
                s = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                  "a segmented factor moves between areas; it cannot also be "
                                  "fixed in each activity",
                                  "factor %s is both sector-specific and in mobility class %s",
                                  L[sp->factors[f]], name);
            } else if (!(isfinite(cl->ratio[q]) && cl->ratio[q] > 0.0)) {
                s = urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                  "a price ratio is a positive number such as 1.78",
                                  "mobility class %s: the price ratio of %s is %g", name,
                                  L[sp->factors[f]], cl->ratio[q]);
            }
            if (f < k) used[f] = true;
        }
        if (s == URIO_OK && (int)cl->income != URIO_CGE_INCOME_RESIDENCE &&
            cl->income != URIO_CGE_INCOME_OWNER)
            s = urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                              "mobility class %s: unknown income rule", name);
    }
    free(used);
    if (s != URIO_OK) return s;
    if (sp->population != NULL)
        for (size_t h = 0; h < sp->nhouseholds; h++)
            if (!(isfinite(sp->population[h]) && sp->population[h] > 0.0))
                return urio_diag_set(
                    d, URIO_EMODEL, NULL, 0, 0, "a population is a positive number",
                    "the population of %s is %g", L[sp->households[h]], sp->population[h]);
    if (sp->migration) {
        if (sp->migration_class >= sp->nclasses)
            return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                                 "the migration class is out of range");
        if (sp->population == NULL)
            return urio_diag_set(d, URIO_EMODEL, NULL, 0, 0,
                                 "give the households' population to move people with a "
                                 "mobility class",
                                 "migration without a population");
    }
    return URIO_OK;
}

/* The household a segment moves people into: the one whose label is the segment's
 * label without its last `/` segment (urban for urban/labour).  SIZE_MAX if none. */
static size_t household_of(const urio_cge_model *m, size_t f)
{
    const char *lab = m->factors->name[f];
    const char *slash = strrchr(lab, '/');
    if (slash == NULL) return SIZE_MAX;
    const size_t len = (size_t)(slash - lab);
    for (size_t h = 0; h < m->H; h++) {
        const char *hl = m->households->name[h];
        if (strlen(hl) == len && strncmp(hl, lab, len) == 0) return h;
    }
    return SIZE_MAX;
}

/* ---- Creation -------------------------------------------------------------------- */

static urio_status copy_names(const urio_labels *acc, const size_t *idx, size_t count,
                              urio_labels **out)
{
    const char **names = malloc((count > 0 ? count : 1) * sizeof *names);
    if (names == NULL) return URIO_ENOMEM;
    for (size_t i = 0; i < count; i++)
        names[i] = acc->name[idx[i]];
    urio_status s = urio_labels_create(count, names, out, NULL);
    free(names);
    return s;
}

static size_t *copy_idx(const size_t *src, size_t count)
{
    size_t *p = malloc((count > 0 ? count : 1) * sizeof *p);
    if (p != NULL && count > 0) memcpy(p, src, count * sizeof *p);
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
    const size_t n = m->n, k = m->k, H = m->H, A = m->A;
    struct {
        double **p;
        size_t count;
    } a[] = {
        {&m->sigma, n},      {&m->psi, n},        {&m->sigs, n},     {&m->Y0, A},
        {&m->F0, k * A},     {&m->X0, n * A},     {&m->Z0, A},       {&m->Xp0, n * H},
        {&m->Xg0, n},        {&m->Xv0, n},        {&m->E0, n},       {&m->M0, n},
        {&m->Q0, n},         {&m->D0, n},         {&m->Tz0, A},      {&m->Tm0, n},
        {&m->XD0, n},        {&m->Td0, H},        {&m->Sp0, H},      {&m->I0, H},
        {&m->FF0, k},        {&m->pf0, k},        {&m->eta, n},      {&m->phi, n},
        {&m->alpha, n * H},  {&m->beta, k * A},   {&m->ax, n * A},   {&m->ay, A},
        {&m->mu, n},         {&m->lambda, n},     {&m->deltam, n},   {&m->deltad, n},
        {&m->gamma, n},      {&m->xie, n},        {&m->xid, n},      {&m->theta, n},
        {&m->rhos, n},       {&m->deltas, A},     {&m->gammas, n},   {&m->ssp, H},
        {&m->share, H * k},  {&m->cpiw, n},       {&m->finshare, H}, {&m->v0, m->nv},
        {&m->vscale, m->nv}, {&m->escale, m->ne}, {&m->Tc0, n},      {&m->Te0, n},
        {&m->Tf0, k * A},    {&m->tr0, H},        {&m->rem0, H},     {&m->trhh0, H * H},
    };
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++) {
        *a[i].p = calloc(a[i].count > 0 ? a[i].count : 1, sizeof **a[i].p);
        if (*a[i].p == NULL) return URIO_ENOMEM;
    }
    m->vnominal = calloc(m->nv > 0 ? m->nv : 1, sizeof *m->vnominal);
    if (m->vnominal == NULL) return URIO_ENOMEM;
    for (int b = 0; b < URIO_CGE_NBLOCKS; b++)
        for (size_t i = m->voff[b]; i < m->voff[b + 1]; i++)
            m->vnominal[i] = var_info[b].nominal;
    return URIO_OK;
}

/* Index maps of the activities, commodities and factors (counts set before the
 * layout is made). */
static urio_status make_maps(urio_cge_model *m, const urio_cge_spec *sp)
{
    const size_t n = m->n, A = m->A, k = m->k;
    m->good_act = malloc(n * sizeof *m->good_act);
    m->ms = malloc(n * sizeof *m->ms);
    m->ms_list = malloc((n > 0 ? n : 1) * sizeof *m->ms_list);
    m->zs = malloc(A * sizeof *m->zs);
    m->zs_list = malloc((A > 0 ? A : 1) * sizeof *m->zs_list);
    m->fclosure = calloc(k, sizeof *m->fclosure);
    m->fspec = malloc(k * sizeof *m->fspec);
    m->spec_list = malloc(k * sizeof *m->spec_list);
    m->fseg = malloc(k * sizeof *m->fseg);
    m->seg_list = malloc(k * sizeof *m->seg_list);
    m->hseg = malloc(k * sizeof *m->hseg);
    m->fclass = malloc(k * sizeof *m->fclass);
    if (m->good_act == NULL || m->ms == NULL || m->ms_list == NULL || m->zs == NULL ||
        m->zs_list == NULL || m->fclosure == NULL || m->fspec == NULL || m->spec_list == NULL ||
        m->fseg == NULL || m->seg_list == NULL || m->hseg == NULL || m->fclass == NULL)
        return URIO_ENOMEM;
    m->nms = 0;
    for (size_t i = 0; i < n; i++) {
        size_t count = 0, last = SIZE_MAX;
        for (size_t a = 0; a < A; a++)
            if (m->act_good[a] == i) {
                count++;
                last = a;
            }
        m->good_act[i] = count == 1 ? last : SIZE_MAX;
        m->ms[i] = count > 1 ? m->nms : SIZE_MAX;
        if (count > 1) m->ms_list[m->nms++] = i;
    }
    m->nzs = 0;
    for (size_t a = 0; a < A; a++) {
        m->zs[a] = m->ms[m->act_good[a]] != SIZE_MAX ? m->nzs : SIZE_MAX;
        if (m->zs[a] != SIZE_MAX) m->zs_list[m->nzs++] = a;
    }
    if (sp->factor_closure != NULL)
        memcpy(m->fclosure, sp->factor_closure, k * sizeof *m->fclosure);
    for (size_t f = 0; f < k; f++) {
        m->fclass[f] = SIZE_MAX;
        m->hseg[f] = SIZE_MAX;
    }
    m->classes = calloc(sp->nclasses > 0 ? sp->nclasses : 1, sizeof *m->classes);
    if (m->classes == NULL) return URIO_ENOMEM;
    m->nclass = sp->nclasses;
    for (size_t c = 0; c < sp->nclasses; c++) {
        const urio_cge_class_spec *cl = &sp->classes[c];
        urio_cge_class *mc = &m->classes[c];
        mc->name = strdup(cl->name != NULL ? cl->name : "");
        mc->segs = copy_idx(cl->segs, cl->nseg);
        if (mc->name == NULL || mc->segs == NULL) return URIO_ENOMEM;
        mc->nseg = cl->nseg;
        mc->base = cl->segs[cl->base];
        mc->income = cl->income;
        for (size_t q = 0; q < cl->nseg; q++) {
            const size_t f = cl->segs[q];
            m->fclass[f] = c;
            m->base.omega[f] = q == cl->base ? 0.0 : cl->ratio[q] - 1.0;
        }
    }
    m->kspec = 0;
    m->kseg = 0;
    for (size_t f = 0; f < k; f++) {
        m->fspec[f] = m->fclosure[f] == URIO_CGE_FACTOR_SPECIFIC ? m->kspec : SIZE_MAX;
        if (m->fspec[f] != SIZE_MAX) m->spec_list[m->kspec++] = f;
        m->fseg[f] = m->fclass[f] != SIZE_MAX ? m->kseg : SIZE_MAX;
        if (m->fseg[f] != SIZE_MAX) m->seg_list[m->kseg++] = f;
    }
    return URIO_OK;
}

/* Contract: urio/cge.h.  Order: arguments, roles, elasticities, SAM cells, SAM
 * balance, the make flows, closures and classes, then calibration
 * (cge_calibrate.c); the first problem is reported. */
urio_status urio_cge_model_create(const urio_cge_spec *sp, urio_cge_model **out,
                                  urio_cge_where *where, urio_diag *d)
{
    where_set(where, SIZE_MAX, SIZE_MAX);
    if (out == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    *out = NULL;
    const bool split = sp != NULL && sp->ngoods == 0 && sp->nactivities > 0;
    if (sp == NULL || sp->accounts == NULL || sp->sam == NULL ||
        (sp->ngoods > 0 && sp->goods == NULL) || (sp->nactivities > 0 && sp->activities == NULL) ||
        (sp->ncommodities > 0 && sp->commodities == NULL) ||
        ((sp->ngoods > 0 || sp->ncommodities > 0) &&
         (sp->armington == NULL || sp->transformation == NULL)) ||
        (sp->nfactors > 0 && sp->factors == NULL) ||
        (sp->nhouseholds > 0 && sp->households == NULL) ||
        (sp->nclasses > 0 && sp->classes == NULL))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    const size_t na = sp->accounts->count;
    if (sp->sam->rows != na || sp->sam->cols != na || na == 0)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                             "the SAM is %zu x %zu for %zu accounts", sp->sam->rows, sp->sam->cols,
                             na);
    const size_t n = split ? sp->ncommodities : sp->ngoods;
    const size_t A = split ? sp->nactivities : sp->ngoods;
    const size_t *com = split ? sp->commodities : sp->goods;
    role *roles = calloc(na, sizeof *roles);
    size_t *act_good = malloc((A > 0 ? A : 1) * sizeof *act_good);
    size_t *nact = calloc(n > 0 ? n : 1, sizeof *nact);
    if (roles == NULL || act_good == NULL || nact == NULL) {
        free(roles);
        free(act_good);
        free(nact);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    urio_status s = check_roles(sp, roles, where, d);
    if (s == URIO_OK) s = check_cells(sp, roles, where, d);
    if (s == URIO_OK) s = check_balance(sp, where, d);
    if (s == URIO_OK && split) s = check_make(sp, act_good, where, d);
    if (s == URIO_OK && !split)
        for (size_t a = 0; a < A; a++)
            act_good[a] = a;
    if (s == URIO_OK) {
        for (size_t a = 0; a < A; a++)
            nact[act_good[a]]++;
        s = check_elasticities(sp, n, com, nact, d);
    }
    if (s == URIO_OK) s = check_structure(sp, d);
    free(roles);
    free(nact);
    if (s != URIO_OK) {
        free(act_good);
        return s;
    }

    urio_cge_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        free(act_good);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    m->n = n;
    m->A = A;
    m->k = sp->nfactors;
    m->H = sp->nhouseholds;
    m->split = split;
    m->act_good = act_good;
    m->numeraire = sp->numeraire;
    m->numeraire_factor = sp->numeraire == URIO_CGE_NUMERAIRE_FACTOR ? sp->numeraire_factor : 0;
    m->closure = sp->closure;
    m->acc_government = sp->government;
    m->acc_investment = sp->investment;
    m->acc_row = sp->rest_of_world;
    m->acc_tax_production = sp->tax_production;
    m->acc_tax_import = sp->tax_import;
    m->acc_tax_commodity = sp->tax_commodity != NULL ? *sp->tax_commodity : SIZE_MAX;
    m->acc_tax_export = sp->tax_export != NULL ? *sp->tax_export : SIZE_MAX;
    m->migration_class = sp->migration ? sp->migration_class : SIZE_MAX;
    bool ok = true;
    m->name = dup_or_null(sp->name, &ok);
    m->units = dup_or_null(sp->units, &ok);
    m->acc_goods = copy_idx(com, n);
    m->acc_acts = copy_idx(split ? sp->activities : sp->goods, A);
    m->acc_factors = copy_idx(sp->factors, m->k);
    m->acc_households = copy_idx(sp->households, m->H);
    m->acc_tax_factor = malloc((m->k > 0 ? m->k : 1) * sizeof *m->acc_tax_factor);
    ok = ok && m->acc_goods != NULL && m->acc_acts != NULL && m->acc_factors != NULL &&
         m->acc_households != NULL && m->acc_tax_factor != NULL;
    for (size_t f = 0; ok && f < m->k; f++)
        m->acc_tax_factor[f] = sp->tax_factor != NULL ? sp->tax_factor[f] : SIZE_MAX;
    if (ok) ok = urio_labels_copy(sp->accounts, &m->accounts) == URIO_OK;
    if (ok) ok = urio_matrix_copy(sp->sam, &m->sam) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, com, n, &m->goods) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, m->acc_acts, A, &m->activities) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, sp->factors, m->k, &m->factors) == URIO_OK;
    if (ok) ok = copy_names(sp->accounts, sp->households, m->H, &m->households) == URIO_OK;
    /* The parameters first (make_maps sets the wedges), then the maps, which the
     * layout needs, then the arrays, whose sizes the layout gives. */
    if (ok) ok = params_alloc(m, &m->base) == URIO_OK;
    if (ok) ok = make_maps(m, sp) == URIO_OK;
    if (ok && sp->population != NULL) {
        m->population = malloc(m->H * sizeof *m->population);
        ok = m->population != NULL;
        if (ok) memcpy(m->population, sp->population, m->H * sizeof *m->population);
    }
    if (ok) {
        make_layout(m);
        ok = alloc_arrays(m) == URIO_OK;
    }
    if (!ok) {
        urio_cge_model_free(m);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    /* Migration: each segment of the class moves people into and out of the
     * household of its area. */
    if (m->migration_class != SIZE_MAX) {
        const urio_cge_class *cl = &m->classes[m->migration_class];
        for (size_t q = 0; q < cl->nseg; q++) {
            const size_t f = cl->segs[q];
            m->hseg[f] = household_of(m, f);
            if (m->hseg[f] == SIZE_MAX) {
                char hint[300];
                snprintf(hint, sizeof hint,
                         "name the households after the segments' areas (urban for "
                         "urban/%s), or drop `migrates_with`",
                         cl->name);
                urio_diag_set(d, URIO_EMODEL, NULL, 0, 0, hint,
                              "no household lives where segment %s of class %s works",
                              m->factors->name[f], cl->name);
                urio_cge_model_free(m);
                return URIO_EMODEL;
            }
        }
    }
    memcpy(m->sigma, sp->armington, n * sizeof *m->sigma);
    memcpy(m->psi, sp->transformation, n * sizeof *m->psi);
    for (size_t i = 0; i < n; i++)
        m->sigs[i] = sp->sourcing != NULL ? sp->sourcing[i] : 0.0;
    s = urio__cge_calibrate(m, where, d);
    if (s != URIO_OK) {
        urio_cge_model_free(m);
        return s;
    }
    *out = m;
    return URIO_OK;
}
