/* run_cge.c - `urio run`, `urio check` and `urio info` for CGE models (model: cge),
 * called by cmd_run.c, cmd_check.c and cmd_info.c once the model file is loaded.
 *
 * A run: the benchmark checks of DESIGN.md section 8 (SAM balance, benchmark
 * replication, Walras' law, homogeneity; a failure beyond tolerance stops the run
 * with exit 1 before any file is written); with -s, every scenario's shocks are
 * applied (a bad shock is exit 2, nothing written), then the scenarios are solved
 * in parallel, one OpenMP thread per scenario, each thread with its own workspace
 * and BLAS held to one thread (STYLE.md); each scenario writes only its own
 * solution, so results do not depend on -j.  Effects are gathered in scenario
 * order.  A scenario that does not converge or fails a check is reported and
 * marked `failed` in the outputs, which are still written for the others; the
 * exit status is then 1. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urio/urio.h>

#ifdef URIO_MPI
#include <urio/dist.h>
#endif

#include "cli.h"

static const char *plural(size_t n, const char *one, const char *many)
{
    return n == 1 ? one : many;
}

/* Remove effects.csv and summary.csv left in outdir by an earlier run with
 * scenarios, so that a run without scenarios does not appear to have them. */
static void remove_stale(const char *outdir)
{
    static const char *const names[] = {"effects.csv", "summary.csv"};
    for (size_t i = 0; i < 2; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", outdir, names[i]);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0)
            cli_warn("removed %s from an earlier run with scenarios", path);
    }
}

/* Parse the scenario file and apply each scenario's shocks to a copy of the
 * benchmark parameters (params: nscen entries, initialised here). */
static urio_status load_scenarios(const char *model, const char *path, const urio_cge_model *m,
                                  char **buf, urio_cge_scenario **sc, size_t *nscen,
                                  urio_cge_params **params, urio_diag *d)
{
    size_t len = 0;
    urio_status s = urio_read_file(path, buf, &len, d);
    if (s != URIO_OK) return s;
    cli_check_model_hint(path, *buf, len, model);
    s = urio_scenarios_parse_cge(*buf, len, path, m, sc, nscen, d);
    if (s != URIO_OK) return s;
    *params = calloc(*nscen > 0 ? *nscen : 1, sizeof **params);
    if (*params == NULL) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < *nscen; k++) {
        if ((s = urio_cge_params_init(m, &(*params)[k])) != URIO_OK)
            return urio_diag_set(d, s, NULL, 0, 0, NULL, "out of memory");
        s = urio_cge_scenario_apply(m, &(*sc)[k], &(*params)[k], d);
        if (s != URIO_OK) {
            if (d->file[0] == '\0') snprintf(d->file, sizeof d->file, "%s", path);
            return s;
        }
    }
    return URIO_OK;
}

static void params_free(urio_cge_params *p, size_t n)
{
    for (size_t k = 0; p != NULL && k < n; k++)
        urio_cge_params_clear(&p[k]);
    free(p);
}

/* Solve every scenario, in parallel over scenarios. */
static void solve_all(const urio_cge_model *m, size_t nscen, const urio_cge_params *params,
                      urio_cge_solution *sol, urio_status *status, double *seconds, int threads)
{
    int nt = threads > 0 ? threads : 1;
    if ((size_t)nt > nscen) nt = (int)nscen;
    const int saved = urio_run_blas_threads_push(1); /* serial code only */
#pragma omp parallel num_threads(nt)
    {
        urio_cge_workspace *w = NULL;
        const bool ready = urio_cge_workspace_create(m, &w) == URIO_OK;
#pragma omp for schedule(dynamic, 1)
        for (size_t k = 0; k < nscen; k++) {
            if (!ready) {
                status[k] = URIO_ENOMEM;
                continue;
            }
            const double t0 = cli_now();
            status[k] = urio_cge_solve(m, w, &params[k], NULL, NULL, &sol[k]);
            seconds[k] = cli_now() - t0;
        }
        urio_cge_workspace_free(w);
    }
    urio_run_blas_threads_pop(saved);
}

int cli_run_cge(const cli_cge_run *o, urio_model_file *mf)
{
    const urio_cge_model *m = mf->cge;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = URIO_OK;
    int rc = CLI_EXIT_OK;
    urio_cge_workspace *w = NULL;
    urio_cge_checks checks;
    char *buf = NULL;
    urio_cge_scenario *sc = NULL;
    size_t nscen = 0;
    urio_cge_params *params = NULL;
    urio_cge_solution *sol = NULL;
    urio_status *status = NULL;
    double *seconds = NULL;
    urio_effects fx = {0};

    const double t1 = cli_now();
    if ((s = urio_cge_workspace_create(m, &w)) != URIO_OK) {
        urio_diag_set(&d, s, NULL, 0, 0, NULL, "out of memory");
        goto fail;
    }
    /* The CGE's systems are small: one BLAS thread is fastest (and deterministic). */
    const int saved_blas = urio_run_blas_threads_push(1);
    s = urio_cge_check_benchmark(m, w, &checks, &d);
    urio_run_blas_threads_pop(saved_blas);
    if (s != URIO_OK) {
        if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o->model);
        goto fail;
    }
    const double t2 = cli_now();
    if (o->scenarios != NULL) {
        s = load_scenarios(o->model, o->scenarios, m, &buf, &sc, &nscen, &params, &d);
        if (s != URIO_OK) goto fail;
        sol = calloc(nscen > 0 ? nscen : 1, sizeof *sol);
        status = calloc(nscen > 0 ? nscen : 1, sizeof *status);
        seconds = calloc(nscen > 0 ? nscen : 1, sizeof *seconds);
        if (sol == NULL || status == NULL || seconds == NULL) {
            s = urio_diag_set(&d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
#ifdef URIO_MPI
        /* urio-mpi: each rank solves its share; rank 0 gets them all, in order. */
        if (urio_dist_size() > 1) {
            if ((s = urio_dist_cge_batch(m, nscen, params, sol, status, seconds, o->threads, &d)) !=
                URIO_OK)
                goto fail;
            if (!urio_dist_is_root()) goto done;
        } else
#endif
            solve_all(m, nscen, params, sol, status, seconds, o->threads);
        for (size_t k = 0; k < nscen; k++) {
            if (status[k] == URIO_ENOMEM || status[k] == URIO_EINVAL) {
                s = urio_diag_set(&d, status[k], NULL, 0, 0, NULL, "scenario \"%s\": %s",
                                  sc[k].name, urio_strerror(status[k]));
                goto fail;
            }
            if (status[k] != URIO_OK) {
                fprintf(stderr, "urio: %s: error: scenario \"%s\": %s\n", o->scenarios, sc[k].name,
                        sol[k].failure);
                fprintf(stderr, "  hint: %s\n",
                        status[k] == URIO_ENOCONV
                            ? "the economy may have no equilibrium for this shock: try a "
                              "smaller shock, or check the elasticities"
                            : "a check failed beyond tolerance: please report it with the "
                              "model and scenario files");
                rc = CLI_EXIT_SOLVE;
                continue;
            }
            if ((s = urio_cge_effects_append(m, k, &params[k], sol[k].v, &fx)) != URIO_OK) {
                urio_diag_set(&d, s, NULL, 0, 0, NULL, "out of memory");
                goto fail;
            }
        }
        if (nscen == 0) cli_warn("%s holds no scenario", o->scenarios);
    }
#ifdef URIO_MPI
    if (!urio_dist_is_root()) goto done; /* rank 0 writes */
#endif
    const double t3 = cli_now();

    const urio_cge_run_report rep = {
        .model = mf,
        .checks = &checks,
        .scenario_path = o->scenarios,
        .scenarios = sc,
        .nscen = nscen,
        .solutions = sol,
        .seconds = seconds,
        .effects = nscen > 0 ? &fx : NULL,
        .version = URIO_VERSION,
        .blas = urio_run_blas_config(),
        .threads = o->threads,
        .seconds_load = o->seconds_load,
        .seconds_checks = t2 - t1,
        .seconds_scenarios = t3 - t2,
    };
    int nfiles = 0;
    if ((s = urio_mkdir_p(o->outdir, &d)) != URIO_OK) goto fail;
    if (o->csv && nscen > 0) {
        if ((s = urio_write_cge_csv(o->outdir, &rep, &d)) != URIO_OK) goto fail;
        nfiles += 2;
    } else if (o->csv) {
        remove_stale(o->outdir);
    }
    if (o->json) {
        if ((s = urio_write_cge_json(o->outdir, &rep, &d)) != URIO_OK) goto fail;
        nfiles++;
    }
    if (o->text) {
        if ((s = urio_write_cge_text(o->outdir, &rep, o->quiet ? NULL : stdout, &d)) != URIO_OK)
            goto fail;
        nfiles++;
    }
    if (!o->quiet)
        fprintf(stderr, "urio: wrote %d %s to %s\n", nfiles,
                plural((size_t)nfiles, "file", "files"), o->outdir);
    goto done;

fail:
    rc = cli_report(s, &d);
done:
    urio_effects_free(&fx);
    for (size_t k = 0; sol != NULL && k < nscen; k++)
        urio_cge_solution_clear(&sol[k]);
    free(sol);
    free(status);
    free(seconds);
    params_free(params, nscen);
    urio_cge_scenarios_free(sc, nscen);
    free(buf);
    urio_cge_workspace_free(w);
    return rc;
}

int cli_check_cge(const char *model, const char *scenarios, urio_model_file *mf)
{
    const urio_cge_model *m = mf->cge;
    urio_diag d;
    urio_diag_clear(&d);
    int worst = CLI_EXIT_OK;
    size_t nproblems = 0, nscen = 0;
    urio_cge_workspace *w = NULL;
    urio_cge_checks c;
    memset(&c, 0, sizeof c);
    urio_status s = urio_cge_workspace_create(m, &w);
    const int saved_blas = urio_run_blas_threads_push(1);
    if (s == URIO_OK) s = urio_cge_check_benchmark(m, w, &c, &d);
    urio_run_blas_threads_pop(saved_blas);
    if (s != URIO_OK) {
        if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", model);
        worst = cli_report(s, &d);
        nproblems++;
    }
    if (scenarios != NULL) {
        char *buf = NULL;
        urio_cge_scenario *sc = NULL;
        urio_cge_params *params = NULL;
        urio_diag_clear(&d);
        s = load_scenarios(model, scenarios, m, &buf, &sc, &nscen, &params, &d);
        if (s != URIO_OK) {
            int code = cli_report(s, &d);
            if (code == CLI_EXIT_USAGE || worst == CLI_EXIT_OK) worst = code;
            nproblems++;
        } else if (nscen == 0) {
            cli_warn("%s holds no scenario", scenarios);
        }
        params_free(params, nscen);
        urio_cge_scenarios_free(sc, nscen);
        free(buf);
    }
    urio_cge_workspace_free(w);
    if (nproblems > 0) {
        fprintf(stderr, "urio: %s: %zu %s found\n", model, nproblems,
                plural(nproblems, "problem", "problems"));
        return worst;
    }
    char goods[96];
    if (m->split)
        snprintf(goods, sizeof goods, "%zu %s, %zu %s", m->A,
                 plural(m->A, "activity", "activities"), m->n,
                 plural(m->n, "commodity", "commodities"));
    else
        snprintf(goods, sizeof goods, "%zu %s", m->n, plural(m->n, "good", "goods"));
    printf("%s: ok (CGE: %s, %zu %s, %zu %s; SAM balanced; benchmark reproduced to %.1e; "
           "Walras %.1e; homogeneity %.1e",
           model, goods, m->k, plural(m->k, "factor", "factors"), m->H,
           plural(m->H, "household", "households"),
           c.benchmark_residual > c.replication ? c.benchmark_residual : c.replication, c.walras,
           c.homogeneity);
    if (scenarios != NULL)
        printf("; %zu %s in %s", nscen, plural(nscen, "scenario", "scenarios"), scenarios);
    printf(")\n");
    return CLI_EXIT_OK;
}

static void print_list(const char *title, const urio_labels *l)
{
    printf("  %-14s %zu", title, l->count);
    for (size_t i = 0; i < l->count && i < 10; i++)
        printf("%s%s", i == 0 ? ": " : ", ", l->name[i]);
    if (l->count > 10) printf(", ... (%zu more)", l->count - 10);
    printf("\n");
}

int cli_info_cge(const char *model, const urio_model_file *mf)
{
    const urio_cge_model *m = mf->cge;
    printf("%s\n", mf->name != NULL ? mf->name : "(unnamed model)");
    printf("  %-14s %s\n", "file", model);
    printf("  %-14s cge (Hosoe, Gasawa & Hashimoto 2010, ch. 6%s)\n", "kind",
           m->split || m->nclass > 0 ? ", with the urban-rural extension" : "");
    printf("  %-14s %s\n", "units", mf->units != NULL ? mf->units : "SAM units");
    if (mf->hash != NULL) printf("  %-14s %s\n", "hash", mf->hash);
    for (size_t i = 0; i < mf->nsources; i++)
        printf("  %-14s %s\n", i == 0 ? "sam" : "", mf->sources[i]);
    print_list("accounts", m->accounts);
    if (m->split) {
        print_list("activities", m->activities);
        print_list("commodities", m->goods);
    } else {
        print_list("goods", m->goods);
    }
    print_list("factors", m->factors);
    print_list("households", m->households);
    printf("  %-14s government %s, investment %s, rest of the world %s", "institutions",
           m->accounts->name[m->acc_government], m->accounts->name[m->acc_investment],
           m->accounts->name[m->acc_row]);
    if (m->acc_tax_production != SIZE_MAX)
        printf(", production tax %s", m->accounts->name[m->acc_tax_production]);
    if (m->acc_tax_import != SIZE_MAX)
        printf(", import tax %s", m->accounts->name[m->acc_tax_import]);
    printf("\n");
    double out = 0.0, inc = 0.0, va = 0.0, imp = 0.0, exp = 0.0;
    for (size_t a = 0; a < m->A; a++) {
        out += m->Z0[a];
        va += m->Y0[a];
    }
    for (size_t i = 0; i < m->n; i++) {
        imp += m->M0[i];
        exp += m->E0[i];
    }
    for (size_t h = 0; h < m->H; h++)
        inc += m->I0[h];
    printf("  %-14s output %.6g, value added %.6g, household income %.6g, government "
           "revenue %.6g, exports %.6g, imports %.6g\n",
           "totals", out, va, inc, m->T0, exp, imp);
    printf("  %-14s %s; closure: investment %s, foreign savings %s, government %s\n", "numeraire",
           m->numeraire == URIO_CGE_NUMERAIRE_CPI ? "cpi" : m->factors->name[m->numeraire_factor],
           urio_cge_investment_closure_name(m->closure.investment),
           urio_cge_foreign_closure_name(m->closure.foreign_savings),
           urio_cge_government_closure_name(m->closure.government));
    for (size_t f = 0; f < m->k; f++)
        if (m->fclosure[f] == URIO_CGE_FACTOR_SPECIFIC)
            printf("  %-14s %s is sector-specific\n", "", m->factors->name[f]);
    for (size_t q = 0; q < m->nclass; q++) {
        const urio_cge_class *c = &m->classes[q];
        printf("  %-14s %s: %zu areas, base %s", q == 0 ? "mobility" : "", c->name, c->nseg,
               m->factors->name[c->base]);
        for (size_t r = 0; r < c->nseg; r++)
            if (c->segs[r] != c->base)
                printf(", %s wedge %.4g", m->factors->name[c->segs[r]], m->base.omega[c->segs[r]]);
        printf("; income by %s\n", urio_cge_income_rule_name(c->income));
    }
    if (m->population != NULL) {
        printf("  %-14s", "population");
        for (size_t h = 0; h < m->H; h++)
            printf("%s %s %.6g", h > 0 ? "," : "", m->households->name[h], m->population[h]);
        const double r0 = urio_cge_urban_rural_ratio(m, &m->base, m->v0);
        if (r0 == r0) printf("; urban-rural income ratio %.4f", r0);
        printf("\n");
    }
    const size_t nx = m->nv - (m->fixed != SIZE_MAX ? 1 : 0);
    /* Per thread: the Jacobian and its LU factors, GSL's hybrid solver (about three
     * n x n matrices) and vectors; the model itself is shared. */
    const double bytes = 5.0 * (double)nx * (double)nx * sizeof(double) + 40.0 * (double)m->nv * 8;
    printf("  %-14s %zu unknowns, %zu equations (one dropped by Walras' law)\n", "system", m->nv,
           m->ne);
    printf("  %-14s %.3g MiB per solver thread (dense Jacobian, LU, hybrid fallback)\n", "memory",
           bytes / (1024.0 * 1024.0));
    printf("  %-14s %d (all cores; urio run -j changes it)\n", "threads", urio_run_cores());
    return CLI_EXIT_OK;
}
