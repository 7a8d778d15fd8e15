/* cmd_check.c - `urio check`: validate a model (and a scenario file) without
 * writing anything.
 *
 *   urio check MODEL.yaml [-s SCENARIOS.yaml]
 *
 * Steps: load the model file and its tables (every table is checked against the
 * model's labels), validate the assembled model, analyse it (productivity and the
 * residual checks), and with -s parse the scenarios against the model and form
 * their final-demand changes.  Every table is read even when one fails, a
 * table's cells and rows are read past the problems that leave the rest readable
 * (urio_model_load_all; for a CGE model the SAM's cells, and its labels against
 * each other), and so are a scenario file's shocks and scenarios
 * (urio_scenarios_parse_io_all); other problems stop the step they occur in (a
 * YAML error, the sectors of Z), and the steps that do not depend on a failed one
 * still run, so one call reports every problem it can find.  Exit: 0 all well; 1
 * the model cannot be solved (not productive, checks fail); 2 bad input (wins
 * over 1). */
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/urio.h>

#include "cli.h"

static void check_usage(FILE *fp)
{
    fprintf(fp, "Usage: urio check MODEL.yaml [-s SCENARIOS.yaml]\n"
                "\n"
                "Validate a model file and its tables (labels, shapes, numbers, households),\n"
                "check that the table is productive and that the Leontief inverse passes the\n"
                "residual checks, and with -s check the scenario file against the model.\n"
                "Writes nothing.  Prints 'MODEL: ok (...)' or every problem found, each with\n"
                "the file, line and column, and a hint.\n"
                "\n"
                "Options:\n"
                "  -s, --scenarios FILE  also check this scenario file\n"
                "  -h, --help            show this help and exit\n"
                "\n"
                "Exit status: 0 no problem; 1 the model could not be solved (not productive,\n"
                "a check beyond tolerance); 2 bad usage or bad input.\n"
                "\n"
                "Example:\n"
                "  urio check models/china-2017-4.yaml -s models/scenarios/rural-tourism.yaml\n");
}

/* Record one problem: print it and keep the worst exit code (2 over 1). */
static void problem(urio_status s, const urio_diag *d, int *worst, size_t *count)
{
    int code = cli_report(s, d);
    if (code == CLI_EXIT_USAGE || (code == CLI_EXIT_SOLVE && *worst == CLI_EXIT_OK)) *worst = code;
    (*count)++;
}

/* Every problem a reader found, in the order found. */
static void list_problems(const urio_diags *found, int *worst, size_t *count)
{
    for (size_t i = 0; i < found->count; i++)
        problem(found->item[i].status, &found->item[i], worst, count);
    if (found->dropped > 0) {
        cli_warn("%zu more %s not listed", found->dropped,
                 found->dropped == 1 ? "problem" : "problems");
        *count += found->dropped;
    }
}

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

int cmd_check(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"scenarios", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *scen = NULL;
    opterr = 0;
    optind = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":s:h", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            scen = optarg;
            break;
        case 'h':
            check_usage(stdout);
            return CLI_EXIT_OK;
        default:
            return cli_bad_option("check", c, argv);
        }
    }
    if (optind >= argc) return cli_usage_error("check", "no model file given");
    if (argc - optind > 1)
        return cli_usage_error("check", "one model file expected, got '%s' and '%s'", argv[optind],
                               argv[optind + 1]);
    const char *model = argv[optind];

    int worst = CLI_EXIT_OK;
    size_t nproblems = 0, nscen = 0;
    urio_model_file *mf = NULL;
    urio_io_result *r = NULL;
    urio_io_scenario *sc = NULL;
    urio_matrix *dF = NULL;
    char *buf = NULL;
    bool analysed = false;
    urio_diag d;
    urio_diag_clear(&d);

    urio_diags found = {0};
    urio_status s = urio_model_load_all(model, &mf, &found);
    if (s != URIO_OK) {
        list_problems(&found, &worst, &nproblems);
    } else if (mf->cge != NULL) { /* run_cge.c */
        int rc = cli_check_cge(model, scen, mf);
        urio_model_file_free(mf);
        return rc;
    } else if (mf->io == NULL) {
        s = urio_diag_set(&d, URIO_EUNSUPPORTED, model, 0, 0,
                          "this version of urio checks input-output models (model: io)",
                          "models of kind '%s' cannot be checked yet",
                          mf->kind != NULL ? mf->kind : "?");
        problem(s, &d, &worst, &nproblems);
    } else {
        urio_diag_clear(&d);
        s = urio_io_model_validate(mf->io, &d);
        /* Validation and analysis know no file name: the problem is the model's. */
        if (s != URIO_OK && d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", model);
        if (s != URIO_OK) {
            problem(s, &d, &worst, &nproblems);
        } else {
            urio_diag_clear(&d);
            s = urio_io_analyse(mf->io, &r, &d);
            if (s != URIO_OK && d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", model);
            if (s != URIO_OK)
                problem(s, &d, &worst, &nproblems);
            else
                analysed = true;
        }
    }
    if (r != NULL) cli_print_notes(&r->notes, SIZE_MAX, "");

    if (scen != NULL && mf != NULL && mf->io != NULL) {
        size_t len = 0;
        urio_diag_clear(&d);
        s = urio_read_file(scen, &buf, &len, &d);
        if (s == URIO_OK) {
            cli_check_model_hint(scen, buf, len, model);
            urio_diags_clear(&found);
            s = urio_scenarios_parse_io_all(buf, len, scen, mf->io, &sc, &nscen, &found);
            if (s != URIO_OK) list_problems(&found, &worst, &nproblems);
        } else {
            problem(s, &d, &worst, &nproblems);
        }
        if (s == URIO_OK && nscen > 0) {
            urio_diag_clear(&d);
            s = urio_io_scenarios_delta(mf->io, sc, nscen, &dF);
            if (s != URIO_OK) problem(s, &d, &worst, &nproblems);
        }
        if (s == URIO_OK && nscen == 0) cli_warn("%s holds no scenario", scen);
    } else if (scen != NULL) {
        cli_warn("%s not checked: the model could not be loaded", scen);
    }

    if (nproblems == 0 && analysed) {
        const urio_io_model *m = mf->io;
        size_t n = m->sectors->count, k = m->categories->count;
        size_t nv = m->vrows != NULL ? m->vrows->count : 0;
        size_t ns = m->srows != NULL ? m->srows->count : 0;
        printf("%s: ok (%zu %s, %zu final-demand %s, %zu primary-input %s, %zu satellite %s, "
               "%zu %s; checks passed, rcond %.2e",
               model, n, plural(n, "sector", "sectors"), k, plural(k, "category", "categories"), nv,
               plural(nv, "row", "rows"), ns, plural(ns, "row", "rows"), m->nhouseholds,
               plural(m->nhouseholds, "household", "households"), r->checks.rcond);
        if (scen != NULL)
            printf("; %zu %s in %s", nscen, plural(nscen, "scenario", "scenarios"), scen);
        printf(")\n");
    } else {
        fprintf(stderr, "urio: %s: %zu %s found\n", model, nproblems,
                plural(nproblems, "problem", "problems"));
    }

    urio_diags_clear(&found);
    urio_matrix_free(dF);
    urio_scenarios_free(sc, nscen);
    free(buf);
    urio_io_result_free(r);
    urio_model_file_free(mf);
    return worst;
}
