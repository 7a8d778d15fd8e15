/* tests/fuzz/fuzz_scenario.c - urio_scenarios_parse_io on any bytes, against a
 * small fixed IO model with region/area/sector labels, households and a tax row
 * (the model of tests/cli/fixtures/regional, embedded so that the target needs no
 * file of the checkout), then urio_scenarios_model_hint and, for a parsed file,
 * the change in final demand each scenario makes (urio_io_scenarios_delta);
 * urio_scenarios_parse_io_all must agree on the status and the first problem. */
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>

#include "fuzz_common.h"

static const char model_yaml[] =
    "model: io\n"
    "name: fuzz fixture, regions and areas\n"
    "sectors: [north/urban/agri, north/urban/food, north/rural/agri, north/rural/food,\n"
    "          south/rural/agri, south/rural/food]\n"
    "tables: {Z: Z.csv, Y: Y.csv, V: V.csv}\n"
    "households:\n"
    "  - {name: urban, consumption: household_urban, income: wages_urban}\n"
    "  - {name: rural, consumption: household_rural, income: wages_rural}\n";

static const char z_csv[] =
    "sector,north/urban/agri,north/urban/food,north/rural/agri,north/rural/food,"
    "south/rural/agri,south/rural/food\n"
    "north/urban/agri,6,20,8,6,4,11\n"
    "north/urban/food,16,12,4,11,9,7\n"
    "north/rural/agri,4,11,18,14,5,3\n"
    "north/rural/food,9,7,10,6,10,8\n"
    "south/rural/agri,5,3,10,8,12,8\n"
    "south/rural/food,10,8,6,4,22,18\n";

static const char y_csv[] = "sector,household_urban,household_rural,exports,investment\n"
                            "north/urban/agri,5,10,20,4\n"
                            "north/urban/food,6,11,23,4\n"
                            "north/rural/agri,7,12,26,4\n"
                            "north/rural/food,8,13,29,4\n"
                            "south/rural/agri,9,14,32,4\n"
                            "south/rural/food,10,15,35,4\n";

static const char v_csv[] =
    "primary_input,north/urban/agri,north/urban/food,north/rural/agri,north/rural/food,"
    "south/rural/agri,south/rural/food\n"
    "wages_urban,17.6,16.8,4.8,5.5,4.3,7.7\n"
    "wages_rural,2.2,2.1,19.2,22,17.2,30.8\n"
    "production_taxes,-2,3.36,-2,4.4,-2,6.16\n"
    "operating_surplus,26.2,19.74,26,23.1,23.5,32.34\n";

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
    fuzz_write("Z.csv", z_csv, strlen(z_csv));
    fuzz_write("Y.csv", y_csv, strlen(y_csv));
    fuzz_write("V.csv", v_csv, strlen(v_csv));
    urio_diag d;
    urio_diag_clear(&d);
    if (urio_model_load(fuzz_path("model.yaml"), &model, &d) != URIO_OK || model->io == NULL) {
        char buf[2048];
        urio_diag_format(&d, buf, sizeof buf);
        fuzz_die(buf);
    }
    atexit(free_model);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (model == NULL) LLVMFuzzerInitialize(NULL, NULL);
    const char *buf = (const char *)data;
    free(urio_scenarios_model_hint(buf, size));
    urio_io_scenario *sc = NULL;
    size_t n = 0;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_scenarios_parse_io(buf, size, "fuzz.yaml", model->io, &sc, &n, &d);
    /* urio check's variant: the same status, and the same first problem. */
    urio_diags all = {0};
    urio_io_scenario *sc2 = NULL;
    size_t n2 = 0;
    urio_status s2 =
        urio_scenarios_parse_io_all(buf, size, "fuzz.yaml", model->io, &sc2, &n2, &all);
    if (s2 != s) fuzz_die("urio_scenarios_parse_io_all and urio_scenarios_parse_io disagree");
    if (s == URIO_OK && all.count != 0) fuzz_die("urio_scenarios_parse_io_all listed a problem");
    if (s != URIO_OK && (sc2 != NULL || all.count == 0 || all.item[0].line != d.line ||
                         all.item[0].col != d.col || strcmp(all.item[0].msg, d.msg) != 0))
        fuzz_die("urio_scenarios_parse_io_all's first problem differs");
    urio_scenarios_free(sc2, n2);
    urio_diags_clear(&all);
    if (s != URIO_OK) {
        if (sc != NULL || n != 0) fuzz_die("a failed parse returned scenarios");
        if (d.msg[0] == '\0') fuzz_die("a failed parse left no message");
        return 0;
    }
    const size_t nsec = model->io->sectors->count;
    for (size_t k = 0; k < n; k++)
        for (size_t i = 0; i < sc[k].nshocks; i++) {
            const urio_io_shock *sh = &sc[k].shocks[i];
            for (size_t j = 0; j < sh->nsectors; j++)
                if (sh->sectors[j] >= nsec) fuzz_die("a shock targets a sector out of range");
        }
    urio_matrix *dF = NULL;
    if (n > 0 && urio_io_scenarios_delta(model->io, sc, n, &dF) == URIO_OK) urio_matrix_free(dF);
    urio_scenarios_free(sc, n);
    return 0;
}
