/* tests/fuzz/fuzz_cge_scenario.c - the CGE scenario-file parser
 * (urio_scenarios_parse_cge_family: listed scenarios, `sweep:` and `monte_carlo:`)
 * on any bytes, against the standard CGE model of Hosoe, Gasawa and Hashimoto
 * (tests/fixtures/cge-hgh, embedded), then urio_cge_scenario_apply of every parsed
 * scenario and sweep point to the benchmark parameters, and, for a Monte Carlo
 * family, urio_cge_mc_prepare of one draw at the distributions' means (clamped to
 * their truncation), which recalibrates the model when an elasticity is drawn.
 * An impossible result (a tax rate making 1 + t <= 0, a non-positive endowment)
 * must be refused there, never reach a solver. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <urio/cge.h>
#include <urio/family.h>
#include <urio/formats.h>

#include "fuzz_common.h"

static const char model_yaml[] = "model: cge\n"
                                 "name: Hosoe, Gasawa and Hashimoto (2010) standard CGE model\n"
                                 "sam: sam.csv\n"
                                 "accounts:\n"
                                 "  goods: [BRD, MLK]\n"
                                 "  factors: [CAP, LAB]\n"
                                 "  households: [HOH]\n"
                                 "  government: GOV\n"
                                 "  investment: INV\n"
                                 "  rest_of_world: EXT\n"
                                 "  taxes: {production: IDT, import: TRF}\n"
                                 "elasticities: {armington: 2, transformation: 2}\n"
                                 "numeraire: LAB\n"
                                 "closure: {investment: savings-driven, foreign_savings: fixed}\n";

static const char sam_csv[] = "account,BRD,MLK,CAP,LAB,IDT,TRF,HOH,GOV,INV,EXT\n"
                              "BRD,21,8,,,,,20,19,16,8\n"
                              "MLK,17,9,,,,,30,14,15,4\n"
                              "CAP,20,30,,,,,,,,\n"
                              "LAB,15,25,,,,,,,,\n"
                              "IDT,5,4,,,,,,,,\n"
                              "TRF,1,2,,,,,,,,\n"
                              "HOH,,,50,40,,,,,,\n"
                              "GOV,,,,,9,3,23,,,\n"
                              "INV,,,,,,,17,2,,12\n"
                              "EXT,13,11,,,,,,,,\n";

static urio_model_file *model;

static void free_model(void)
{
    urio_model_file_free(model);
    model = NULL;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_write("model.yaml", model_yaml, strlen(model_yaml));
    fuzz_write("sam.csv", sam_csv, strlen(sam_csv));
    urio_diag d;
    urio_diag_clear(&d);
    if (urio_model_load(fuzz_path("model.yaml"), &model, &d) != URIO_OK || model->cge == NULL) {
        char buf[2048];
        urio_diag_format(&d, buf, sizeof buf);
        fuzz_die(buf);
    }
    atexit(free_model);
    return 0;
}

/* What a solver receives: finite rates with 1 + t > 0, positive endowments. */
static void check_params(const urio_cge_model *m, const urio_cge_params *p)
{
    for (size_t i = 0; i < m->n; i++)
        if (!(isfinite(p->tauz[i]) && isfinite(p->taum[i]) && 1.0 + p->tauz[i] > 0.0 &&
              1.0 + p->taum[i] > 0.0 && isfinite(p->b[i]) && p->b[i] > 0.0))
            fuzz_die("a scenario applied to impossible goods parameters");
    for (size_t f = 0; f < m->k; f++)
        if (!(isfinite(p->FF[f]) && p->FF[f] > 0.0))
            fuzz_die("a scenario applied to an impossible factor endowment");
    for (size_t h = 0; h < m->H; h++)
        if (!(isfinite(p->taud[h]) && p->taud[h] < 1.0))
            fuzz_die("a scenario applied to an impossible direct tax");
}

static void check_scenario(const urio_cge_model *m, const urio_cge_scenario *sc)
{
    urio_cge_params p;
    if (urio_cge_params_init(m, &p) != URIO_OK) fuzz_die("out of memory");
    urio_diag d;
    urio_diag_clear(&d);
    if (urio_cge_scenario_apply(m, sc, &p, &d) == URIO_OK)
        check_params(m, &p);
    else if (d.msg[0] == '\0')
        fuzz_die("a refused scenario left no message");
    urio_cge_params_clear(&p);
}

/* One draw of a parsed Monte Carlo family at the means of its distributions. */
static void check_montecarlo(const urio_cge_model *m, const urio_cge_montecarlo *mc)
{
    if (mc->draws == 0 || mc->nparams == 0 || mc->params == NULL || mc->name == NULL)
        fuzz_die("a Monte Carlo family without draws or parameters");
    double *x = malloc(mc->nparams * sizeof *x);
    if (x == NULL) fuzz_die("out of memory");
    for (size_t j = 0; j < mc->nparams; j++) {
        const urio_dist *u = &mc->params[j].dist;
        if (mc->params[j].name == NULL) fuzz_die("an uncertain parameter without a name");
        if (!(u->lo <= u->hi)) fuzz_die("a truncation with lower > upper");
        const double mean = urio_dist_mean(u);
        x[j] = mean < u->lo ? u->lo : mean > u->hi ? u->hi : mean;
    }
    urio_cge_params p;
    if (urio_cge_params_init(m, &p) != URIO_OK) fuzz_die("out of memory");
    urio_cge_model *dm = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    if (urio_cge_mc_prepare(m, mc, x, &dm, &p, &d) == URIO_OK)
        check_params(dm != NULL ? dm : m, &p);
    else if (d.msg[0] == '\0')
        fuzz_die("a refused draw left no message");
    urio_cge_params_clear(&p);
    urio_cge_model_free(dm);
    free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (model == NULL) LLVMFuzzerInitialize(NULL, NULL);
    const urio_cge_model *m = model->cge;
    urio_cge_family fam = {0};
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s =
        urio_scenarios_parse_cge_family((const char *)data, size, "fuzz.yaml", m, &fam, &d);
    if (s != URIO_OK) {
        if (fam.scenarios != NULL || fam.nscen != 0 || fam.mc != NULL)
            fuzz_die("a failed parse returned scenarios");
        if (d.msg[0] == '\0') fuzz_die("a failed parse left no message");
        return 0;
    }
    if (fam.nsweep > fam.nscen) fuzz_die("more sweep points than scenarios");
    for (size_t k = 0; k < fam.nscen; k++)
        check_scenario(m, &fam.scenarios[k]);
    if (fam.mc != NULL) check_montecarlo(m, fam.mc);
    urio_cge_family_clear(&fam);
    return 0;
}
