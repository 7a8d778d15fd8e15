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
#include <signal.h>
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

/* Parse the scenario file (listed scenarios, sweep, Monte Carlo) and check that
 * the listed scenarios' shocks can be applied (an impossible one is exit 2). */
static urio_status load_scenarios(const char *model, const char *path, const urio_cge_model *m,
                                  char **buf, urio_cge_family *fam, urio_diag *d)
{
    size_t len = 0;
    urio_status s = urio_read_file(path, buf, &len, d);
    if (s != URIO_OK) return s;
    cli_check_model_hint(path, *buf, len, model);
    s = urio_scenarios_parse_cge_family(*buf, len, path, m, fam, d);
    if (s != URIO_OK) return s;
    urio_cge_params p;
    if ((s = urio_cge_params_init(m, &p)) != URIO_OK)
        return urio_diag_set(d, s, NULL, 0, 0, NULL, "out of memory");
    for (size_t k = 0; k < fam->nscen && s == URIO_OK; k++) {
        urio_cge_params_copy(m, &m->base, &p);
        s = urio_cge_scenario_apply(m, &fam->scenarios[k], &p, d);
    }
    urio_cge_params_clear(&p);
    if (s != URIO_OK && d->file[0] == '\0') snprintf(d->file, sizeof d->file, "%s", path);
    return s;
}

/* ---- SIGINT and progress ------------------------------------------------------------ */

static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
    (void)sig;
    interrupted = 1;
}

typedef struct progress_ctx {
    double last;
    bool shown;
} progress_ctx;

/* Called serialised by the batch: a line on standard error, at most 5 times a
 * second and always for the last scenario. */
static void show_progress(void *ctx, size_t done, size_t total, double seconds)
{
    progress_ctx *pc = ctx;
    if (done < total && seconds - pc->last < 0.2) return;
    pc->last = seconds;
    char line[160];
    urio_progress_format(done, total, seconds, line, sizeof line);
    fprintf(stderr, "\rurio: %s\033[K", line);
    fflush(stderr);
    pc->shown = true;
}

/* Remove outputs of an earlier run that this run does not write. */
static void remove_stale_names(const char *outdir, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", outdir, names[i]);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && unlink(path) == 0)
            cli_warn("removed %s from an earlier run", path);
    }
}

/* Print why each failed listed scenario failed; draws are counted. */
static void report_failures(const char *path, const urio_cge_family *fam, const urio_cge_batch *b)
{
    size_t draws_failed = 0;
    for (size_t k = 0; k < b->n; k++) {
        if (!b->done[k] || b->status[k] == URIO_OK) continue;
        if (k >= b->nscen) {
            draws_failed++;
            continue;
        }
        fprintf(stderr, "urio: %s: error: scenario \"%s\": %s\n", path, fam->scenarios[k].name,
                b->sol[k].failure[0] != '\0' ? b->sol[k].failure
                                             : urio_strerror((urio_status)b->status[k]));
        fprintf(stderr, "  hint: %s\n",
                b->status[k] == URIO_ENOCONV
                    ? "the economy may have no equilibrium for this shock: try a smaller shock, "
                      "or check the elasticities"
                    : "a check failed beyond tolerance: please report it with the model and "
                      "scenario files");
    }
    if (draws_failed > 0)
        cli_warn("%zu of %zu Monte Carlo draws failed; draws.csv says why, and the statistics "
                 "use the %zu that solved",
                 draws_failed, b->ndraws, b->ndraws - draws_failed);
}

/* Names of every task for the outputs when draws are kept: the family's scenarios,
 * then "<name> #k" with the policy's shocks (borrowed: only the names are owned). */
static urio_cge_scenario *task_names(const urio_cge_family *fam, size_t n)
{
    urio_cge_scenario *t = calloc(n > 0 ? n : 1, sizeof *t);
    if (t == NULL) return NULL;
    for (size_t k = 0; k < n; k++) {
        if (k < fam->nscen) {
            t[k] = fam->scenarios[k];
            t[k].name = strdup(fam->scenarios[k].name);
        } else {
            t[k].nshocks = fam->mc->policy.nshocks;
            size_t len = strlen(fam->mc->name) + 32;
            t[k].name = malloc(len);
            if (t[k].name != NULL)
                snprintf(t[k].name, len, "%s #%zu", fam->mc->name, k - fam->nscen + 1);
        }
        if (t[k].name == NULL) {
            for (size_t i = 0; i < k; i++)
                free(t[i].name);
            free(t);
            return NULL;
        }
    }
    return t;
}

static void task_names_free(urio_cge_scenario *t, size_t n)
{
    for (size_t k = 0; t != NULL && k < n; k++)
        free(t[k].name);
    free(t);
}

int cli_run_cge(const cli_cge_run *o, urio_model_file *mf)
{
#ifdef URIO_MPI
    /* urio-mpi: every rank reads the scenarios and solves its share of the batch
     * (urio_dist_cge_batch_run); rank 0 alone checks the benchmark, keeps the
     * journal and writes (docs/cluster.md). */
    const bool root = urio_dist_is_root();
    if (!root && o->scenarios == NULL) return CLI_EXIT_OK;
#else
    const bool root = true;
#endif
    const urio_cge_model *m = mf->cge;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = URIO_OK;
    int rc = CLI_EXIT_OK;
    urio_cge_workspace *w = NULL;
    urio_cge_checks checks;
    char *buf = NULL;
    urio_cge_family fam;
    memset(&fam, 0, sizeof fam);
    urio_cge_batch *b = NULL;
    urio_uncertainty *unc = NULL;
    urio_cge_scenario *names = NULL;
    size_t nnames = 0;
    urio_effects fx = {0};
    char *journal = NULL;

    const double t1 = cli_now();
    if (!root) goto batch;
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
batch:;
    const double t2 = cli_now();
    if (o->scenarios != NULL) {
        s = load_scenarios(o->model, o->scenarios, m, &buf, &fam, &d);
        if (s != URIO_OK) goto fail;
        if (fam.nscen == 0 && fam.mc == NULL) cli_warn("%s holds no scenario", o->scenarios);
        if (root && (s = urio_mkdir_p(o->outdir, &d)) != URIO_OK) goto fail;
        size_t jl = strlen(o->outdir) + 32;
        if ((journal = malloc(jl)) == NULL) {
            s = urio_diag_set(&d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        snprintf(journal, jl, "%s/batch.journal", o->outdir);
        uint64_t key = urio_hash64(0, mf->hash != NULL ? mf->hash : "",
                                   mf->hash != NULL ? strlen(mf->hash) : 0);
        key = urio_hash64(key, buf, strlen(buf));
        progress_ctx pc = {0.0, false};
        const bool tty = !o->quiet && isatty(STDERR_FILENO);
        const urio_batch_opts bo = {
            .threads = o->threads,
            .journal = o->no_journal ? NULL : journal,
            .key = key,
            .resume = o->resume,
            .sync_interval = o->sync_interval,
            .stop = &interrupted,
            .progress = tty ? show_progress : NULL,
            .ctx = &pc,
        };
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_sigint;
        sa.sa_flags = SA_RESETHAND; /* a second Ctrl-C stops at once; the journal is durable */
        sigemptyset(&sa.sa_mask);
        interrupted = 0;
        sigaction(SIGINT, &sa, &old);
#ifdef URIO_MPI
        s = urio_dist_cge_batch_run(m, &fam, &bo, &b, &d);
#else
        s = urio_cge_batch_run(m, &fam, &bo, &b, &d);
#endif
        sigaction(SIGINT, &old, NULL);
        if (!root) { /* its share is with rank 0, which writes */
            rc = s == URIO_OK ? CLI_EXIT_OK : cli_report(s, &d);
            goto done;
        }
        if (pc.shown) fprintf(stderr, "\r\033[K");
        if (s != URIO_OK) {
            if (d.file[0] == '\0') snprintf(d.file, sizeof d.file, "%s", o->scenarios);
            goto fail;
        }
        if (b->journal_discarded)
            cli_warn("%s belongs to another model or scenario file; starting afresh", journal);
        if (b->journal_torn > 0)
            cli_warn("%s ended in an incomplete record (%zu bytes), ignored", journal,
                     b->journal_torn);
        if (o->resume && !o->quiet)
            fprintf(stderr, "urio: resumed %zu of %zu scenarios from %s\n", b->nresumed, b->n,
                    journal);
        if (b->interrupted) {
            fprintf(stderr,
                    "urio: interrupted: %zu of %zu scenarios finished and kept in %s; no result "
                    "file was written\n  hint: run the same command with --resume to finish\n",
                    b->ndone, b->n, journal);
            rc = CLI_EXIT_INTERRUPTED;
            goto done;
        }
        report_failures(o->scenarios, &fam, b);
        if (b->nfailed > 0) rc = CLI_EXIT_SOLVE;
        const bool keep = fam.mc != NULL && fam.mc->keep_draws;
        if ((s = urio_cge_batch_effects(b, keep, &fx)) != URIO_OK) {
            urio_diag_set(&d, s, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        nnames = keep ? b->n : b->nscen;
        if ((names = task_names(&fam, nnames)) == NULL) {
            s = urio_diag_set(&d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        if (fam.mc != NULL && (s = urio_cge_batch_uncertainty(&fam, b, &unc)) != URIO_OK) {
            urio_diag_set(&d, s, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
    }
    const double t3 = cli_now();

    const urio_cge_run_report rep = {
        .model = mf,
        .checks = &checks,
        .scenario_path = o->scenarios,
        .scenarios = names,
        .nscen = nnames,
        .solutions = b != NULL ? b->sol : NULL,
        .seconds = b != NULL ? b->seconds : NULL,
        .effects = nnames > 0 ? &fx : NULL,
        .version = URIO_VERSION,
        .blas = urio_run_blas_config(),
        .threads = o->threads,
        .seconds_load = o->seconds_load,
        .seconds_checks = t2 - t1,
        .seconds_scenarios = t3 - t2,
        .uncertainty = unc,
    };
    int nfiles = 0;
    if ((s = urio_mkdir_p(o->outdir, &d)) != URIO_OK) goto fail;
    if (o->csv && nnames > 0) {
        if ((s = urio_write_cge_csv(o->outdir, &rep, &d)) != URIO_OK) goto fail;
        nfiles += 2;
    } else if (o->csv) {
        static const char *const scen_files[] = {"effects.csv", "summary.csv"};
        remove_stale_names(o->outdir, scen_files, 2);
    }
    if (o->csv && unc != NULL) {
        if ((s = urio_write_uncertainty_csv(o->outdir, unc, &d)) != URIO_OK) goto fail;
        nfiles += 2;
    } else if (o->csv) {
        static const char *const mc_files[] = {"uncertainty.csv", "draws.csv"};
        remove_stale_names(o->outdir, mc_files, 2);
    }
    if (o->json) {
        if ((s = urio_write_cge_json(o->outdir, &rep, &d)) != URIO_OK) goto fail;
        nfiles++;
    }
    if (o->html) {
        /* Monte Carlo bands for the charts. */
        urio_band *band = unc != NULL ? urio_uncertainty_bands(unc) : NULL;
        if (unc != NULL && band == NULL) {
            s = urio_diag_set(&d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
            goto fail;
        }
        const urio_bands bands = {unc != NULL ? unc->nind : 0, band, unc != NULL ? unc->solved : 0};
        s = urio_write_cge_html(o->outdir, &rep, unc != NULL ? &bands : NULL, &d);
        free(band);
        if (s != URIO_OK) goto fail;
        nfiles++;
    }
    if (o->text) {
        /* Colour only on a terminal, and not with NO_COLOR set (no-color.org). */
        const char *nc = getenv("NO_COLOR");
        const bool colour = !o->quiet && urio_text_colour_wanted(stdout, nc != NULL && *nc != '\0');
        s = urio_write_cge_summary_text(o->outdir, &rep, o->quiet || colour ? NULL : stdout, &d);
        if (s != URIO_OK) goto fail;
        if (colour) urio_text_print_file(o->outdir, "summary.txt", stdout, true);
        nfiles++;
    }
    if (unc != NULL && !o->quiet)
        printf("\nMonte Carlo \"%s\": %zu of %zu %s solved; %s in uncertainty.csv\n", unc->name,
               unc->solved, unc->draws, unc->quadrature ? "quadrature points" : "draws",
               unc->quadrature ? "mean and standard deviation"
                               : "mean, standard deviation and 5/50/95 % bands");
    /* Every result is written: the journal has done its job. */
    if (journal != NULL) unlink(journal);
    if (!o->quiet)
        fprintf(stderr, "urio: wrote %d %s to %s\n", nfiles,
                plural((size_t)nfiles, "file", "files"), o->outdir);
    goto done;

fail:
    rc = cli_report(s, &d);
done:
    free(journal);
    urio_effects_free(&fx);
    task_names_free(names, nnames);
    urio_uncertainty_free(unc);
    urio_cge_batch_free(b);
    urio_cge_family_clear(&fam);
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
        urio_cge_family fam;
        memset(&fam, 0, sizeof fam);
        urio_diag_clear(&d);
        s = load_scenarios(model, scenarios, m, &buf, &fam, &d);
        nscen = fam.nscen + (fam.mc != NULL ? fam.mc->draws : 0);
        if (s != URIO_OK) {
            int code = cli_report(s, &d);
            if (code == CLI_EXIT_USAGE || worst == CLI_EXIT_OK) worst = code;
            nproblems++;
        } else if (nscen == 0) {
            cli_warn("%s holds no scenario", scenarios);
        }
        urio_cge_family_clear(&fam);
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
    if (m->acc_tax_commodity != SIZE_MAX)
        printf(", commodity tax %s", m->accounts->name[m->acc_tax_commodity]);
    if (m->acc_tax_export != SIZE_MAX)
        printf(", export tax %s", m->accounts->name[m->acc_tax_export]);
    for (size_t f = 0; m->acc_tax_factor != NULL && f < m->k; f++)
        if (m->acc_tax_factor[f] != SIZE_MAX)
            printf(", tax on %s %s", m->factors->name[f], m->accounts->name[m->acc_tax_factor[f]]);
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
