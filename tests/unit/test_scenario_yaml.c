/* test_scenario_yaml.c - urio_scenarios_parse_io and urio_scenarios_model_hint:
 * targets (labels, lists, patterns, all), categories, change kinds, and every error
 * with its status and line. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <criterion/new/assert.h>

#include <urio/urio.h>

/* A model with the given sector and category labels (values are irrelevant here). */
static urio_io_model *make_model(const char *const *sectors, size_t n, const char *const *cats,
                                 size_t k)
{
    urio_labels *s = NULL, *c = NULL;
    urio_io_model *m = NULL;
    cr_assert(eq(int, urio_labels_create(n, sectors, &s, NULL), URIO_OK));
    cr_assert(eq(int, urio_labels_create(k, cats, &c, NULL), URIO_OK));
    cr_assert(eq(int, urio_io_model_create(s, c, &m), URIO_OK));
    urio_labels_free(s);
    urio_labels_free(c);
    return m;
}

static const char *const PLAIN[] = {"agri", "processing", "tourism", "services"};
static const char *const REGIONAL[] = {
    "north/urban/agri", "north/urban/tourism", "north/rural/agri", "north/rural/tourism",
    "south/urban/agri", "south/urban/tourism", "south/rural/agri", "south/rural/tourism"};
static const char *const CATS[] = {"household", "exports", "investment"};

static urio_io_model *plain_model(void)
{
    return make_model(PLAIN, 4, CATS, 3);
}

static urio_io_model *regional_model(void)
{
    return make_model(REGIONAL, 8, CATS, 3);
}

/* Parse text against m from an exact-size heap copy. */
static urio_status parse(const char *text, const urio_io_model *m, urio_io_scenario **sc, size_t *n,
                         urio_diag *d)
{
    size_t len = strlen(text);
    char *buf = malloc(len > 0 ? len : 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len);
    urio_diag_clear(d);
    urio_status s = urio_scenarios_parse_io(buf, len, "scen.yaml", m, sc, n, d);
    free(buf);
    return s;
}

/* The sectors of the first shock of the only scenario of text, as a bit mask. */
static unsigned target_mask(const char *target, const urio_io_model *m)
{
    char text[512];
    snprintf(text, sizeof text,
             "scenarios:\n  - name: t\n    shocks:\n"
             "      - {type: final_demand, target: %s, category: exports, change: 1}\n",
             target);
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    urio_status s = parse(text, m, &sc, &n, &d);
    cr_assert(eq(int, s, URIO_OK), "%s: %s (hint: %s)", target, d.msg, d.hint);
    unsigned mask = 0;
    const urio_io_shock *sh = &sc[0].shocks[0];
    for (size_t k = 0; k < sh->nsectors; k++) {
        if (k > 0) cr_assert(sh->sectors[k] > sh->sectors[k - 1], "model order, no repeats");
        mask |= 1u << sh->sectors[k];
    }
    urio_scenarios_free(sc, n);
    return mask;
}

/* Expect text to fail with s at line:col, the message holding msg_part. */
static urio_diag expect_error(const char *text, const urio_io_model *m, urio_status s, size_t line,
                              size_t col, const char *msg_part)
{
    urio_io_scenario *sc = NULL;
    size_t n = 7;
    urio_diag d;
    urio_status got = parse(text, m, &sc, &n, &d);
    char full[2048];
    urio_diag_format(&d, full, sizeof full);
    cr_assert(eq(int, got, s), "%s: %s", urio_status_name(got), full);
    cr_expect_null(sc);
    cr_expect(eq(sz, n, 0));
    cr_expect(eq(str, d.file, "scen.yaml"));
    cr_expect(eq(sz, d.line, line), "%s", full);
    cr_expect(eq(sz, d.col, col), "%s", full);
    if (msg_part != NULL) cr_expect(strstr(d.msg, msg_part) != NULL, "%s", full);
    return d;
}

/* ---- Accepted files ------------------------------------------------------------ */

Test(scenario_yaml, a_full_file)
{
    urio_io_model *m = plain_model();
    const char *text = "# model: ../models/two.yaml\n"
                       "scenarios:\n"
                       "  - name: rural tourism demand\n"
                       "    shocks:\n"
                       "      - {type: final_demand, target: tourism, category: exports, "
                       "change: 100}\n"
                       "      - type: final_demand\n"
                       "        target: [services, agri]\n"
                       "        category: household\n"
                       "        change_pct: -2.5\n"
                       "  - name: baseline\n"
                       "    shocks: []\n"
                       "  - name: everything set\n"
                       "    shocks:\n"
                       "      - {type: final_demand, target: all, category: investment, set: 0}\n";
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    cr_assert(eq(int, parse(text, m, &sc, &n, &d), URIO_OK), "%zu: %s", d.line, d.msg);
    cr_assert(eq(sz, n, 3));
    cr_expect(eq(str, sc[0].name, "rural tourism demand"));
    cr_assert(eq(sz, sc[0].nshocks, 2));
    const urio_io_shock *a = &sc[0].shocks[0], *b = &sc[0].shocks[1];
    cr_assert(eq(sz, a->nsectors, 1));
    cr_expect(eq(sz, a->sectors[0], 2));
    cr_expect(eq(sz, a->category, 1));
    cr_expect(eq(int, a->kind, URIO_CHANGE_ABS));
    cr_expect(eq(dbl, a->value, 100.0));
    cr_assert(eq(sz, b->nsectors, 2));
    cr_expect(eq(sz, b->sectors[0], 0));
    cr_expect(eq(sz, b->sectors[1], 3));
    cr_expect(eq(sz, b->category, 0));
    cr_expect(eq(int, b->kind, URIO_CHANGE_PCT));
    cr_expect(eq(dbl, b->value, -2.5));
    cr_expect(eq(str, sc[1].name, "baseline"));
    cr_expect(eq(sz, sc[1].nshocks, 0));
    cr_assert(eq(sz, sc[2].nshocks, 1));
    cr_expect(eq(sz, sc[2].shocks[0].nsectors, 4));
    cr_expect(eq(int, sc[2].shocks[0].kind, URIO_CHANGE_SET));
    cr_expect(eq(dbl, sc[2].shocks[0].value, 0.0));
    cr_expect(eq(sz, sc[2].shocks[0].category, 2));
    urio_scenarios_free(sc, n);
    urio_io_model_free(m);
}

Test(scenario_yaml, patterns_on_region_area_sector_labels)
{
    urio_io_model *m = regional_model();
    cr_expect(eq(u32, target_mask("rural/*", m), 0xCCu));
    cr_expect(eq(u32, target_mask("\"*/tourism\"", m), 0xAAu));
    cr_expect(eq(u32, target_mask("north/*", m), 0x0Fu));
    cr_expect(eq(u32, target_mask("north/rural/*", m), 0x0Cu));
    cr_expect(eq(u32, target_mask("north/*/agri", m), 0x05u));
    cr_expect(eq(u32, target_mask("\"*/*/*\"", m), 0xFFu));
    cr_expect(eq(u32, target_mask("\"*\"", m), 0xFFu));
    cr_expect(eq(u32, target_mask("all", m), 0xFFu));
    cr_expect(eq(u32, target_mask("south/rural/tourism", m), 0x80u));
    cr_expect(eq(u32, target_mask("[south/rural/tourism, north/*, north/urban/agri]", m), 0x8Fu));
    urio_io_model_free(m);
}

Test(scenario_yaml, star_is_all_for_plain_labels)
{
    urio_io_model *m = plain_model();
    cr_expect(eq(u32, target_mask("'*'", m), 0x0Fu));
    cr_expect(eq(u32, target_mask("[tourism, tourism]", m), 0x04u));
    urio_io_model_free(m);
}

Test(scenario_yaml, category_may_be_left_out_with_one_column)
{
    const char *const one[] = {"household"};
    urio_io_model *m = make_model(PLAIN, 4, one, 1);
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    cr_assert(eq(int,
                 parse("scenarios:\n- name: a\n  shocks:\n  - {type: final_demand, target: agri, "
                       "change: \"3\"}\n",
                       m, &sc, &n, &d),
                 URIO_OK),
              "%s", d.msg);
    cr_expect(eq(sz, sc[0].shocks[0].category, 0));
    cr_expect(eq(dbl, sc[0].shocks[0].value, 3.0));
    urio_scenarios_free(sc, n);
    urio_io_model_free(m);
}

/* ---- Errors ---------------------------------------------------------------------- */

#define HEAD "scenarios:\n  - name: s\n    shocks:\n"

Test(scenario_yaml, unknown_target_suggests_the_nearest_label)
{
    urio_io_model *m = plain_model();
    urio_diag d = expect_error(HEAD "      - {type: final_demand, target: turism, category: "
                                    "exports, change: 1}\n",
                               m, URIO_EMODEL, 4, 38, "target \"turism\" is not a sector");
    cr_expect(strstr(d.hint, "did you mean \"tourism\"?") != NULL, "%s", d.hint);
    d = expect_error(HEAD "      - type: final_demand\n        category: exports\n"
                          "        change: 1\n        target: [agri, servics]\n",
                     m, URIO_EMODEL, 7, 24, "\"servics\"");
    cr_expect(strstr(d.hint, "did you mean \"services\"?") != NULL, "%s", d.hint);
    urio_io_model_free(m);
}

Test(scenario_yaml, pattern_matching_nothing)
{
    urio_io_model *m = regional_model();
    urio_diag d = expect_error(HEAD "      - {type: final_demand, target: rurl/*, category: "
                                    "exports, change: 1}\n",
                               m, URIO_EMODEL, 4, 38, "matches no sector");
    cr_expect(strstr(d.hint, "did you mean \"rural\"?") != NULL, "%s", d.hint);
    expect_error(HEAD "      - {type: final_demand, target: rural/north/*, category: "
                      "exports, change: 1}\n",
                 m, URIO_EMODEL, 4, 38, "matches no sector");
    expect_error(HEAD "      - {type: final_demand, target: tour*, category: exports, change: 1}\n",
                 m, URIO_EPARSE, 4, 38, "invalid pattern");
    expect_error(HEAD "      - {type: final_demand, target: north//*, category: exports, "
                      "change: 1}\n",
                 m, URIO_EPARSE, 4, 38, "invalid pattern");
    urio_io_model_free(m);
    m = plain_model();
    expect_error(HEAD
                 "      - {type: final_demand, target: rural/*, category: exports, change: 1}\n",
                 m, URIO_EMODEL, 4, 38, "matches no sector");
    urio_io_model_free(m);
}

Test(scenario_yaml, bad_target_shapes)
{
    urio_io_model *m = plain_model();
    expect_error(HEAD "      - {type: final_demand, target: [], category: exports, change: 1}\n", m,
                 URIO_EPARSE, 4, 38, "empty");
    expect_error(HEAD
                 "      - {type: final_demand, target: {a: 1}, category: exports, change: 1}\n",
                 m, URIO_EPARSE, 4, 38, "got a mapping");
    expect_error(HEAD "      - {type: final_demand, category: exports, change: 1}\n", m,
                 URIO_EPARSE, 4, 9, "no `target`");
    urio_io_model_free(m);
}

Test(scenario_yaml, category_must_be_a_y_column)
{
    urio_io_model *m = plain_model();
    urio_diag d = expect_error(HEAD "      - {type: final_demand, target: agri, category: export, "
                                    "change: 1}\n",
                               m, URIO_EMODEL, 4, 54, "category \"export\" is not a column of Y");
    cr_expect(strstr(d.hint, "household, exports, investment") != NULL, "%s", d.hint);
    cr_expect(strstr(d.hint, "did you mean \"exports\"") != NULL, "%s", d.hint);
    d = expect_error(HEAD "      - {type: final_demand, target: agri, change: 1}\n", m, URIO_EPARSE,
                     4, 9, "no `category`");
    cr_expect(strstr(d.hint, "household, exports, investment") != NULL, "%s", d.hint);
    urio_io_model_free(m);
}

Test(scenario_yaml, unsupported_shock_types)
{
    urio_io_model *m = plain_model();
    /* An IO model takes final_demand, investment, tax and productivity shocks (the
     * price model); the others need a CGE model. */
    const char *types[] = {"financing", "mobility", "factor_supply", "transfer"};
    for (size_t k = 0; k < sizeof types / sizeof types[0]; k++) {
        char text[512], msg[256];
        snprintf(text, sizeof text,
                 "scenarios:\n  - name: no tariffs\n    shocks:\n"
                 "      - {type: %s, tax: import, target: all, set: 0}\n",
                 types[k]);
        snprintf(msg, sizeof msg,
                 "shock type '%s' needs a CGE model; an IO model takes final_demand, investment, "
                 "tax and productivity shocks",
                 types[k]);
        urio_diag d = expect_error(text, m, URIO_EUNSUPPORTED, 4, 16, NULL);
        cr_expect(eq(str, d.msg, msg));
    }
    /* A tax on a row the model lacks: this model has no V and no imported inputs. */
    urio_diag d = expect_error("scenarios:\n  - name: no tariffs\n    shocks:\n"
                               "      - {type: tax, tax: import, target: all, set: 0}\n",
                               m, URIO_EUNSUPPORTED, 4, 26, NULL);
    cr_expect(
        eq(str, d.msg, "the model has no V or satellite row `imported_inputs` for an import tax"));
    cr_expect(strstr(d.hint, "no V table") != NULL, "%s", d.hint);
    d = expect_error(HEAD "      - {type: tax, tax: production, target: all, change_pct: -10}\n", m,
                     URIO_EUNSUPPORTED, 4, 26,
                     "the model has no V row `production_taxes` for a production tax");
    /* Taxes an IO model cannot represent. */
    const char *taxes[] = {"commodity", "export", "direct"};
    for (size_t k = 0; k < 3; k++) {
        char text[512], msg[128];
        snprintf(text, sizeof text, HEAD "      - {type: tax, tax: %s, target: all, set: 0}\n",
                 taxes[k]);
        snprintf(msg, sizeof msg, "a %s tax needs a CGE model", taxes[k]);
        d = expect_error(text, m, URIO_EUNSUPPORTED, 4, 26, NULL);
        cr_expect(eq(str, d.msg, msg));
    }
    urio_io_model_free(m);
}

/* The plain model with V rows (wages, production_taxes) and a satellite row of
 * imported inputs, and one household. */
static urio_io_model *priced_model(void)
{
    urio_io_model *m = plain_model();
    static const char *const vr[] = {"wages_rural", "production_taxes"};
    static const char *const sr[] = {"employment", "imported_inputs"};
    cr_assert(eq(int, urio_labels_create(2, vr, &m->vrows, NULL), URIO_OK));
    cr_assert(eq(int, urio_labels_create(2, sr, &m->srows, NULL), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 4, &m->V), URIO_OK));
    cr_assert(eq(int, urio_matrix_create(2, 4, &m->S), URIO_OK));
    for (size_t i = 0; i < 4; i++)
        URIO_MAT(m->Y, i, 0) = 1.0; /* households consume something */
    m->households = calloc(1, sizeof *m->households);
    cr_assert_not_null(m->households);
    m->nhouseholds = 1;
    m->households[0].name = strdup("rural");
    m->households[0].consumption = 0;
    m->households[0].income = 0;
    return m;
}

/* The first shock of the only scenario of text, parsed against m. */
static urio_io_shock first_shock(const char *text, const urio_io_model *m, urio_io_scenario **sc,
                                 size_t *n)
{
    urio_diag d;
    urio_status s = parse(text, m, sc, n, &d);
    cr_assert(eq(int, s, URIO_OK), "%zu:%zu: %s (hint: %s)", d.line, d.col, d.msg, d.hint);
    return (*sc)[0].shocks[0];
}

Test(scenario_yaml, tax_shocks_name_a_cost_row)
{
    urio_io_model *m = priced_model();
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_io_shock sh = first_shock(
        HEAD "      - {type: tax, tax: production, target: 'agri', change_pct: -10}\n", m, &sc, &n);
    cr_expect(eq(int, sh.type, URIO_SHOCK_TAX));
    cr_expect(eq(int, sh.cost_source, URIO_COST_V));
    cr_expect(eq(sz, sh.cost_row, 1));
    cr_expect(eq(int, sh.kind, URIO_CHANGE_PCT));
    cr_expect(eq(dbl, sh.value, -10.0));
    cr_expect(eq(sz, sh.nsectors, 1));
    urio_scenarios_free(sc, n);
    sh = first_shock(HEAD "      - {type: tax, tax: import, target: all, change_pct: 5}\n", m, &sc,
                     &n);
    cr_expect(eq(int, sh.cost_source, URIO_COST_SATELLITE));
    cr_expect(eq(sz, sh.cost_row, 1));
    urio_scenarios_free(sc, n);
    sh = first_shock(
        HEAD "      - {type: tax, tax: factor, row: wages_rural, target: all, change: 0.01}\n", m,
        &sc, &n);
    cr_expect(eq(int, sh.cost_source, URIO_COST_V));
    cr_expect(eq(sz, sh.cost_row, 0));
    cr_expect(eq(int, sh.kind, URIO_CHANGE_ABS));
    urio_scenarios_free(sc, n);
    /* Errors, each at its place. */
    expect_error(HEAD "      - {type: tax, tax: factor, target: all, change_pct: 5}\n", m,
                 URIO_EPARSE, 4, 9, "a factor tax needs `row:`");
    urio_diag d = expect_error(
        HEAD "      - {type: tax, tax: factor, row: wages_urban, target: all, change_pct: 5}\n", m,
        URIO_EUNSUPPORTED, 4, 39, "the model has no V row `wages_urban` for a factor tax");
    cr_expect(strstr(d.hint, "wages_rural, production_taxes") != NULL, "%s", d.hint);
    expect_error(HEAD "      - {type: tax, tax: prodution, target: all, change_pct: 5}\n", m,
                 URIO_EPARSE, 4, 26, "unknown tax \"prodution\"");
    expect_error(HEAD "      - {type: tax, target: all, change_pct: 5}\n", m, URIO_EPARSE, 4, 9,
                 "has no `tax`");
    expect_error(HEAD "      - {type: tax, tax: production, category: exports, target: all, "
                      "set: 0}\n",
                 m, URIO_EPARSE, 4, 38, "unknown key `category`");
    urio_io_model_free(m);
}

Test(scenario_yaml, productivity_takes_change_pct)
{
    urio_io_model *m = priced_model();
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_io_shock sh = first_shock(
        HEAD "      - {type: productivity, target: [agri, tourism], change_pct: 3}\n", m, &sc, &n);
    cr_expect(eq(int, sh.type, URIO_SHOCK_PRODUCTIVITY));
    cr_expect(eq(sz, sh.nsectors, 2));
    cr_expect(eq(dbl, sh.value, 3.0));
    urio_scenarios_free(sc, n);
    expect_error(HEAD "      - {type: productivity, target: agri, change: 3}\n", m, URIO_EPARSE, 4,
                 44, "a productivity shock takes `change_pct`");
    expect_error(HEAD "      - {type: productivity, target: agri, change_pct: -100}\n", m,
                 URIO_EPARSE, 4, 56, "must be above -100");
    urio_io_model_free(m);
}

Test(scenario_yaml, investment_with_financing)
{
    urio_io_model *m = priced_model();
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_io_shock sh = first_shock(
        HEAD "      - {type: investment, target: services, financed_by: households, change: 5}\n",
        m, &sc, &n);
    cr_expect(eq(int, sh.type, URIO_SHOCK_INVESTMENT));
    cr_expect(eq(int, sh.financed_by, URIO_FINANCED_HOUSEHOLDS));
    cr_expect(eq(sz, sh.household, SIZE_MAX));
    cr_expect(eq(sz, sh.category, 2), "the `investment` column by default");
    urio_scenarios_free(sc, n);
    sh = first_shock(HEAD "      - {type: investment, target: services, financed_by: households, "
                          "household: rural, category: exports, change: 5}\n",
                     m, &sc, &n);
    cr_expect(eq(sz, sh.household, 0));
    cr_expect(eq(sz, sh.category, 1));
    urio_scenarios_free(sc, n);
    const char *fin[] = {"government", "banks", "foreign"};
    const urio_financing code[] = {URIO_FINANCED_GOVERNMENT, URIO_FINANCED_BANKS,
                                   URIO_FINANCED_FOREIGN};
    for (size_t k = 0; k < 3; k++) {
        char text[256];
        snprintf(text, sizeof text,
                 HEAD "      - {type: investment, target: all, financed_by: %s, change: 1}\n",
                 fin[k]);
        sh = first_shock(text, m, &sc, &n);
        cr_expect(eq(int, sh.financed_by, code[k]));
        urio_scenarios_free(sc, n);
    }
    expect_error(HEAD "      - {type: investment, target: all, change: 1}\n", m, URIO_EPARSE, 4, 9,
                 "has no `financed_by`");
    urio_diag d =
        expect_error(HEAD "      - {type: investment, target: all, financed_by: bank, change: 1}\n",
                     m, URIO_EPARSE, 4, 54, "unknown financing \"bank\"");
    cr_expect(strstr(d.hint, "did you mean `banks`?") != NULL, "%s", d.hint);
    expect_error(HEAD "      - {type: investment, target: all, financed_by: households, household: "
                      "urban, change: 1}\n",
                 m, URIO_EMODEL, 4, 77, "household \"urban\" is not in the model");
    expect_error(HEAD "      - {type: investment, target: all, financed_by: banks, household: "
                      "rural, change: 1}\n",
                 m, URIO_EPARSE, 4, 72, "`household` goes with `financed_by: households`");
    urio_io_model_free(m);
    /* Without households, household financing cannot be represented. */
    m = plain_model();
    expect_error(HEAD "      - {type: investment, target: all, financed_by: households, "
                      "change: 1}\n",
                 m, URIO_EUNSUPPORTED, 4, 54, "the model has no endogenous households");
    urio_io_model_free(m);
}

Test(scenario_yaml, unknown_shock_type)
{
    urio_io_model *m = plain_model();
    urio_diag d = expect_error(HEAD "      - {type: final_demnd, target: agri, category: exports, "
                                    "change: 1}\n",
                               m, URIO_EPARSE, 4, 16, "unknown shock type \"final_demnd\"");
    cr_expect(strstr(d.hint, "did you mean `final_demand`?") != NULL, "%s", d.hint);
    expect_error(HEAD "      - {target: agri, category: exports, change: 1}\n", m, URIO_EPARSE, 4,
                 9, "no `type`");
    urio_io_model_free(m);
}

Test(scenario_yaml, exactly_one_change_key)
{
    urio_io_model *m = plain_model();
    urio_diag d = expect_error(HEAD "      - type: final_demand\n        target: agri\n"
                                    "        category: exports\n        change: 1\n"
                                    "        change_pct: 5\n",
                               m, URIO_EPARSE, 8, 9, "both `change` and `change_pct`");
    cr_expect(d.hint[0] != '\0');
    expect_error(HEAD "      - {type: final_demand, target: agri, category: exports, set: 1, "
                      "change: 2}\n",
                 m, URIO_EPARSE, 4, 71, "both `set` and `change`");
    expect_error(HEAD "      - {type: final_demand, target: agri, category: exports}\n", m,
                 URIO_EPARSE, 4, 9, "no `set`, `change` or `change_pct`");
    urio_io_model_free(m);
}

Test(scenario_yaml, numbers_must_be_finite)
{
    urio_io_model *m = plain_model();
    const char *bad[] = {".inf", "-.inf", ".nan", "nan", "inf", "1e400", "0x10", "ten", "'1,5'"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        char text[512];
        snprintf(text, sizeof text,
                 HEAD "      - {type: final_demand, target: agri, category: exports, change: %s}\n",
                 bad[k]);
        expect_error(text, m, URIO_EPARSE, 4, 71, "`change`");
    }
    expect_error(HEAD
                 "      - {type: final_demand, target: agri, category: exports, change: [1]}\n",
                 m, URIO_EPARSE, 4, 71, "must be a number, got a list");
    expect_error(HEAD "      - {type: final_demand, target: agri, category: exports, change: }\n",
                 m, URIO_EPARSE, 4, 71, "must be a number, got nothing");
    urio_io_model_free(m);
}

Test(scenario_yaml, unknown_keys_are_rejected_with_a_suggestion)
{
    urio_io_model *m = plain_model();
    urio_diag d = expect_error(HEAD "      - {type: final_demand, target: agri, categroy: exports, "
                                    "change: 1}\n",
                               m, URIO_EPARSE, 4, 44, "unknown key `categroy`");
    cr_expect(strstr(d.hint, "did you mean `category`?") != NULL, "%s", d.hint);
    d = expect_error("scenarios:\n  - name: s\n    shoks: []\n", m, URIO_EPARSE, 3, 5,
                     "unknown key `shoks`");
    cr_expect(strstr(d.hint, "did you mean `shocks`?") != NULL, "%s", d.hint);
    d = expect_error("scenario:\n  - name: s\n", m, URIO_EPARSE, 1, 1, "unknown key `scenario`");
    cr_expect(strstr(d.hint, "did you mean `scenarios`?") != NULL, "%s", d.hint);
    urio_io_model_free(m);
}

Test(scenario_yaml, sweep_and_monte_carlo_are_not_supported_yet)
{
    urio_io_model *m = plain_model();
    expect_error("scenarios:\n  - {name: a, shocks: []}\nsweep: {parameter: x}\n", m,
                 URIO_EUNSUPPORTED, 3, 1, "`sweep` is not supported yet");
    expect_error("monte_carlo:\n  draws: 100\n", m, URIO_EUNSUPPORTED, 1, 1,
                 "`monte_carlo` is not supported yet");
    urio_io_model_free(m);
}

Test(scenario_yaml, scenario_names)
{
    urio_io_model *m = plain_model();
    expect_error("scenarios:\n  - {name: a, shocks: []}\n  - {name: b, shocks: []}\n"
                 "  - {name: a, shocks: []}\n",
                 m, URIO_EPARSE, 4, 5, "two scenarios are named \"a\" (lines 2 and 4)");
    expect_error("scenarios:\n  - {name: '', shocks: []}\n", m, URIO_EPARSE, 2, 12, "empty name");
    expect_error("scenarios:\n  - {name: '  ', shocks: []}\n", m, URIO_EPARSE, 2, 12, "empty name");
    expect_error("scenarios:\n  - {shocks: []}\n", m, URIO_EPARSE, 2, 5, "no `name`");
    expect_error("scenarios:\n  - {name: \"a\\x01\", shocks: []}\n", m, URIO_EPARSE, 2, 12,
                 "control character");
    expect_error("scenarios:\n  - {name: a}\n", m, URIO_EPARSE, 2, 5, "no `shocks`");
    urio_io_model_free(m);
}

Test(scenario_yaml, file_structure)
{
    urio_io_model *m = plain_model();
    expect_error("", m, URIO_EPARSE, 1, 0, "empty");
    expect_error("- a\n", m, URIO_EPARSE, 1, 1, "must be a mapping");
    expect_error("scenarios: []\n", m, URIO_EPARSE, 1, 12, "empty");
    expect_error("scenarios: a\n", m, URIO_EPARSE, 1, 12, "must be a list");
    expect_error("scenarios:\n", m, URIO_EPARSE, 1, 1, "no scenarios");
    expect_error("scenarios:\n  - a\n", m, URIO_EPARSE, 2, 5, "must be a mapping");
    expect_error("scenarios:\n  - {name: a, shocks: b}\n", m, URIO_EPARSE, 2, 23, "must be a list");
    expect_error("scenarios:\n  - {name: a, shocks: [b]}\n", m, URIO_EPARSE, 2, 24,
                 "must be a mapping");
    expect_error("scenarios:\n  - name: a\n   shocks: []\n", m, URIO_EPARSE, 3, 4,
                 "YAML syntax error");
    expect_error("scenarios: [\xff]\n", m, URIO_EPARSE, 1, 13, "not valid text");
    urio_io_model_free(m);
}

Test(scenario_yaml, aliases_reuse_shocks)
{
    urio_io_model *m = plain_model();
    const char *text = "scenarios:\n"
                       "  - name: a\n"
                       "    shocks: &common\n"
                       "      - {type: final_demand, target: agri, category: exports, change: 1}\n"
                       "  - name: b\n"
                       "    shocks: *common\n";
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    cr_assert(eq(int, parse(text, m, &sc, &n, &d), URIO_OK), "%s", d.msg);
    cr_assert(eq(sz, n, 2));
    cr_expect(eq(sz, sc[1].nshocks, 1));
    cr_expect(eq(sz, sc[1].shocks[0].sectors[0], 0));
    urio_scenarios_free(sc, n);
    urio_io_model_free(m);
}

Test(scenario_yaml, random_mutations_never_crash)
{
    urio_io_model *m = regional_model();
    static const char base[] =
        "scenarios:\n  - name: a\n    shocks:\n"
        "      - {type: final_demand, target: [rural/*, north/urban/agri], category: exports, "
        "change_pct: 10}\n  - name: b\n    shocks: &s [ {type: final_demand, target: all, "
        "category: household, set: 1e3} ]\n  - {name: c, shocks: *s}\n";
    const size_t n0 = sizeof base - 1;
    uint64_t r = 7;
    for (int iter = 0; iter < 3000; iter++) {
        char *buf = malloc(n0);
        memcpy(buf, base, n0);
        for (int k = 0; k < 1 + iter % 3; k++) {
            r = r * 6364136223846793005u + 1442695040888963407u;
            size_t at = (size_t)(r >> 20) % n0;
            r = r * 6364136223846793005u + 1442695040888963407u;
            buf[at] = "*/,[]{}:- \n&ax\"'\xff"[(r >> 33) % 17];
        }
        size_t len = (iter % 5 == 0) ? (size_t)(r >> 40) % (n0 + 1) : n0;
        urio_io_scenario *sc = NULL;
        size_t ns = 0;
        urio_diag d;
        if (urio_scenarios_parse_io(buf, len, "fuzz.yaml", m, &sc, &ns, &d) == URIO_OK)
            urio_scenarios_free(sc, ns);
        else
            cr_assert_null(sc);
        free(buf);
    }
    urio_io_model_free(m);
}

/* ---- urio_scenarios_model_hint ------------------------------------------------------ */

static void expect_hint(const char *text, const char *want)
{
    char *got = urio_scenarios_model_hint(text, strlen(text));
    if (want == NULL) {
        cr_expect_null(got, "%s -> %s", text, got);
    } else {
        cr_assert_not_null(got, "%s", text);
        cr_expect(eq(str, got, (char *)want));
    }
    free(got);
}

Test(scenario_yaml, model_hint)
{
    expect_hint("# model: ../models/china-2017-4.yaml\nscenarios: []\n",
                "../models/china-2017-4.yaml");
    expect_hint("#model:a.yaml\r\nscenarios: []\n", "a.yaml");
    expect_hint("\xEF\xBB\xBF# model:   dir/my model.yaml  \n", "dir/my model.yaml");
    expect_hint("# model: only-line.yaml", "only-line.yaml");
    expect_hint("scenarios: []\n# model: late.yaml\n", NULL);
    expect_hint("# a comment\n# model: second.yaml\n", NULL);
    expect_hint("# model:\n", NULL);
    expect_hint("# models: x.yaml\n", NULL);
    expect_hint("", NULL);
    cr_expect_null(urio_scenarios_model_hint(NULL, 0));
}

/* ---- urio_scenarios_parse_io_all: every problem, in file order ------------------- */

static urio_status parse_all(const char *text, const urio_io_model *m, urio_io_scenario **sc,
                             size_t *n, urio_diags *all)
{
    const size_t len = strlen(text);
    char *buf = malloc(len + 1);
    cr_assert_not_null(buf);
    memcpy(buf, text, len + 1);
    urio_status s = urio_scenarios_parse_io_all(buf, len, "scen.yaml", m, sc, n, all);
    free(buf);
    return s;
}

Test(scenario_yaml_all, every_bad_shock_and_scenario_is_listed)
{
    urio_io_model *m = plain_model();
    static const char text[] =
        "scenarios:\n"
        "  - name: a\n"
        "    shocks:\n"
        "      - {type: final_demand, target: agrii, category: exports, "
        "change: 1}\n"
        "      - {type: final_demand, target: agri, category: exports, "
        "change: 1}\n"
        "      - {type: final_demand, target: agri, category: gov, change: 1}\n"
        "  - name: b\n"
        "    shocks:\n"
        "      - {type: land, target: agri, change: 1}\n"
        "  - name: a\n"
        "    shocks: []\n";
    urio_diags all = {0};
    urio_io_scenario *sc = NULL;
    size_t n = 7;
    urio_status s = parse_all(text, m, &sc, &n, &all);
    cr_expect(s != URIO_OK);
    cr_expect_null(sc);
    cr_expect(eq(sz, n, 0));
    cr_assert(eq(sz, all.count, 4), "%zu problems", all.count);
    const size_t lines[4] = {4, 6, 9, 10};
    for (size_t k = 0; k < 4; k++) {
        cr_expect(eq(sz, all.item[k].line, lines[k]), "problem %zu: %s", k, all.item[k].msg);
        cr_expect(eq(str, all.item[k].file, "scen.yaml"));
    }
    cr_expect(strstr(all.item[3].msg, "two scenarios are named \"a\"") != NULL, "%s",
              all.item[3].msg);
    /* urio_scenarios_parse_io reports the first alone, with the same status. */
    urio_diag d;
    cr_expect(eq(int, parse(text, m, &sc, &n, &d), s));
    cr_expect(eq(sz, d.line, 4));
    cr_expect(eq(str, d.msg, all.item[0].msg));
    urio_diags_clear(&all);
    urio_io_model_free(m);
}

Test(scenario_yaml_all, a_problem_outside_the_scenarios_is_listed_alone)
{
    urio_io_model *m = plain_model();
    urio_diags all = {0};
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    cr_expect(eq(int, parse_all("scenarios: [\n", m, &sc, &n, &all), URIO_EPARSE));
    cr_expect(eq(sz, all.count, 1));
    urio_diags_clear(&all);
    cr_expect(eq(int, parse_all("scenario:\n  - name: a\n", m, &sc, &n, &all), URIO_EPARSE));
    cr_expect(eq(sz, all.count, 1));
    cr_expect(eq(sz, all.item[0].line, 1));
    urio_diags_clear(&all);
    urio_io_model_free(m);
}

Test(scenario_yaml_all, a_good_file_lists_nothing)
{
    urio_io_model *m = plain_model();
    urio_diags all = {0};
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    cr_assert(eq(int,
                 parse_all("scenarios:\n  - name: a\n    shocks:\n      - {type: final_demand, "
                           "target: agri, category: exports, change: 1}\n",
                           m, &sc, &n, &all),
                 URIO_OK));
    cr_expect(eq(sz, all.count, 0));
    cr_expect(eq(sz, n, 1));
    urio_scenarios_free(sc, n);
    urio_io_model_free(m);
}

/* A scenario that fails before its name is read has none: the check for repeated
 * names leaves it out (the fuzzer found it reported as "out of memory") and still
 * finds a repeat among the others, at the right lines. */
Test(scenario_yaml_all, an_unnamed_failed_scenario_and_a_repeat)
{
    urio_io_model *m = plain_model();
    urio_diags all = {0};
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    static const char text[] = "scenarios:\n"
                               "  - nme: x\n"
                               "    shocks: []\n"
                               "  - name: a\n"
                               "    shocks: []\n"
                               "  - name: a\n"
                               "    shocks: []\n";
    cr_expect(eq(int, parse_all(text, m, &sc, &n, &all), URIO_EPARSE));
    cr_assert(eq(sz, all.count, 2));
    cr_expect(eq(sz, all.item[0].line, 2), "%s", all.item[0].msg);
    cr_expect(eq(sz, all.item[1].line, 6), "%s", all.item[1].msg);
    cr_expect(strstr(all.item[1].msg, "(lines 4 and 6)") != NULL, "%s", all.item[1].msg);
    urio_diags_clear(&all);
    urio_io_model_free(m);
}
