/* batch.c - the CGE scenario engine (urio/batch.h): the thread budget, the pool of
 * scenario threads, the journal records, resume, cancellation and the statistics
 * of a Monte Carlo family.
 *
 * Task k < nscen is scenario k of the family (listed, then sweep points), task
 * nscen + j is Monte Carlo draw j.  A thread takes tasks one at a time (dynamic
 * schedule) with its own workspace, parameters and solution; a draw that moves
 * elasticities is solved with a model recalibrated for it (and a workspace for
 * that model).  Every task starts from the benchmark (the solver's continuation
 * from the benchmark parameters), never from another task's solution: the bits
 * of a result then depend on nothing but the task, which is what makes them the
 * same for every -j and after a resume.  Each result goes into the task's own
 * slice; the journal and the progress callback are serialised by one critical
 * section.
 *
 * A share (urio-mpi): the plan callback picks the tasks this process solves once
 * the journal is read, and the merge callback brings the other processes' results
 * in as journal records, which are then journalled here too; the engine itself
 * knows nothing of MPI (solver/run/dist_batch.c does). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <omp.h>

#include <urio/batch.h>
#include <urio/run.h>

/* The economy-wide indicators of draws.csv (as summary.csv's). */
static const char *const headline[] = {"gdp_real",         "equivalent_variation",
                                       "household_income", "government_revenue",
                                       "exchange_rate",    "urban_rural_income_ratio"};
#define NHEAD (sizeof headline / sizeof headline[0])

int urio_batch_threads(int threads, size_t n)
{
    int t = threads > 0 ? threads : 1;
    if (n >= 1 && (size_t)t > n) t = (int)n;
    return t;
}

/* The fixed part of a journal record; then nparams values drawn (draws only),
 * neff base values and neff values. */
typedef struct rec_head {
    int32_t status;
    uint32_t neff;
    uint32_t nx;
    uint32_t reserved;
    double seconds;
    urio_cge_solution sol; /* v is NULL */
} rec_head;

void urio_cge_batch_free(urio_cge_batch *b)
{
    if (b == NULL) return;
    free(b->sol);
    free(b->status);
    free(b->seconds);
    free(b->done);
    free(b->x);
    urio_effects_free(&b->names);
    free(b->base);
    free(b->value);
    free(b);
}

static urio_status alloc_batch(const urio_cge_model *m, const urio_cge_family *fam,
                               urio_cge_batch **out)
{
    urio_cge_batch *b = calloc(1, sizeof *b);
    if (b == NULL) return URIO_ENOMEM;
    *out = b;
    b->nscen = fam->nscen;
    b->ndraws = fam->mc != NULL ? fam->mc->draws : 0;
    b->nparams = fam->mc != NULL ? fam->mc->nparams : 0;
    b->n = b->nscen + b->ndraws;
    /* The indicator names: the effects at the benchmark. */
    urio_status s = urio_cge_effects_append(m, 0, &m->base, m->v0, &b->names);
    if (s != URIO_OK) return s;
    b->neff = b->names.count;
    const size_t n = b->n > 0 ? b->n : 1;
    b->sol = calloc(n, sizeof *b->sol);
    b->status = calloc(n, sizeof *b->status);
    b->seconds = calloc(n, sizeof *b->seconds);
    b->done = calloc(n, sizeof *b->done);
    b->x = malloc((b->ndraws * b->nparams > 0 ? b->ndraws * b->nparams : 1) * sizeof *b->x);
    b->base = malloc((n * b->neff > 0 ? n * b->neff : 1) * sizeof *b->base);
    b->value = malloc((n * b->neff > 0 ? n * b->neff : 1) * sizeof *b->value);
    if (b->sol == NULL || b->status == NULL || b->seconds == NULL || b->done == NULL ||
        b->x == NULL || b->base == NULL || b->value == NULL)
        return URIO_ENOMEM;
    for (size_t i = 0; i < b->ndraws * b->nparams; i++)
        b->x[i] = NAN;
    for (size_t i = 0; i < b->n * b->neff; i++)
        b->base[i] = b->value[i] = NAN;
    return URIO_OK;
}

size_t urio_cge_batch_record_size(const urio_cge_batch *b, size_t k)
{
    return sizeof(rec_head) + ((k >= b->nscen ? b->nparams : 0) + 2 * b->neff) * sizeof(double);
}

void urio_cge_batch_record_pack(const urio_cge_batch *b, size_t k, void *out)
{
    unsigned char *buf = out;
    rec_head h;
    memset(&h, 0, sizeof h);
    h.status = (int32_t)b->status[k];
    h.neff = (uint32_t)b->neff;
    h.nx = (uint32_t)(k >= b->nscen ? b->nparams : 0);
    h.seconds = b->seconds[k];
    h.sol = b->sol[k];
    h.sol.v = NULL;
    memcpy(buf, &h, sizeof h);
    size_t o = sizeof h;
    if (h.nx > 0) {
        memcpy(buf + o, b->x + (k - b->nscen) * b->nparams, h.nx * sizeof(double));
        o += h.nx * sizeof(double);
    }
    memcpy(buf + o, b->base + k * b->neff, b->neff * sizeof(double));
    o += b->neff * sizeof(double);
    memcpy(buf + o, b->value + k * b->neff, b->neff * sizeof(double));
}

bool urio_cge_batch_record_unpack(urio_cge_batch *b, size_t k, const void *in, size_t len)
{
    const unsigned char *buf = in;
    if (k >= b->n || len != urio_cge_batch_record_size(b, k)) return false;
    rec_head h;
    memcpy(&h, buf, sizeof h);
    if (h.neff != b->neff || h.nx != (k >= b->nscen ? b->nparams : 0)) return false;
    b->status[k] = (int)h.status;
    b->seconds[k] = h.seconds;
    b->sol[k] = h.sol;
    b->sol[k].v = NULL;
    b->sol[k].failure[sizeof b->sol[k].failure - 1] = '\0';
    size_t o = sizeof h;
    if (h.nx > 0) {
        memcpy(b->x + (k - b->nscen) * b->nparams, buf + o, h.nx * sizeof(double));
        o += h.nx * sizeof(double);
    }
    memcpy(b->base + k * b->neff, buf + o, b->neff * sizeof(double));
    o += b->neff * sizeof(double);
    memcpy(b->value + k * b->neff, buf + o, b->neff * sizeof(double));
    b->done[k] = true;
    return true;
}

/* Per-thread state. */
typedef struct worker {
    urio_cge_workspace *w;
    urio_cge_params p;
    urio_cge_solution sol;
    urio_effects fx;
    bool ready;
} worker;

static void fail_text(urio_cge_solution *sol, const char *what, const urio_diag *d, urio_status s)
{
    const char *why = d != NULL && d->msg[0] != '\0' ? d->msg : urio_strerror(s);
    snprintf(sol->failure, sizeof sol->failure, "%s: %.480s", what, why);
}

/* Solve task k into b's slice k. */
static void run_task(const urio_cge_model *m, const urio_cge_family *fam, urio_cge_batch *b,
                     worker *t, size_t k)
{
    const double t0 = omp_get_wtime();
    urio_cge_solution *out = &b->sol[k];
    memset(out, 0, sizeof *out);
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = URIO_OK;
    const urio_cge_model *use = m;
    urio_cge_model *dm = NULL;
    urio_cge_workspace *w = t->w;
    urio_cge_workspace *dw = NULL;
    if (!t->ready) {
        s = URIO_ENOMEM;
        fail_text(out, "set-up", NULL, s);
    } else if (k < b->nscen) {
        urio_cge_params_copy(m, &m->base, &t->p);
        s = urio_cge_scenario_apply(m, &fam->scenarios[k], &t->p, &d);
        if (s != URIO_OK) fail_text(out, "shocks", &d, s);
    } else {
        const size_t j = k - b->nscen;
        double *x = b->x + j * b->nparams;
        s = urio_cge_mc_draw(fam->mc, j, x);
        if (s != URIO_OK) {
            snprintf(out->failure, sizeof out->failure, "draw: %s",
                     s == URIO_ENOCONV ? "no value inside the truncation range "
                                         "after 10000 tries"
                                       : "a quadrature point leaves the range");
        } else {
            s = urio_cge_mc_prepare(m, fam->mc, x, &dm, &t->p, &d);
            if (s != URIO_OK) fail_text(out, "draw", &d, s);
        }
        if (s == URIO_OK && dm != NULL) {
            use = dm;
            s = urio_cge_workspace_create(dm, &dw);
            w = dw;
            if (s != URIO_OK) fail_text(out, "set-up", NULL, s);
        }
    }
    if (s == URIO_OK) {
        double *v = t->sol.v;
        memset(&t->sol, 0, sizeof t->sol);
        t->sol.v = v;
        if (dm != NULL) { /* another model: another size of v is possible */
            free(t->sol.v);
            t->sol.v = NULL;
        }
        s = urio_cge_solve(use, w, &t->p, NULL, NULL, &t->sol);
        *out = t->sol;
        out->v = NULL;
        if (s == URIO_OK) {
            t->fx.count = 0;
            s = urio_cge_effects_append(use, k, &t->p, t->sol.v, &t->fx);
            if (s == URIO_OK && t->fx.count != b->neff) s = URIO_ECHECK;
            if (s != URIO_OK) {
                out->converged = false;
                out->passed = false;
                fail_text(out, "indicators", NULL, s);
            } else {
                for (size_t q = 0; q < b->neff; q++) {
                    b->base[k * b->neff + q] = t->fx.e[q].base;
                    b->value[k * b->neff + q] = t->fx.e[q].value;
                }
            }
        }
        if (dm != NULL) {
            free(t->sol.v);
            t->sol.v = NULL;
        }
    }
    urio_cge_workspace_free(dw);
    urio_cge_model_free(dm);
    b->status[k] = (int)s;
    b->seconds[k] = omp_get_wtime() - t0;
}

urio_status urio_cge_batch_run(const urio_cge_model *m, const urio_cge_family *fam,
                               const urio_batch_opts *o, urio_cge_batch **out, urio_diag *d)
{
    if (out != NULL) *out = NULL;
    if (m == NULL || fam == NULL || o == NULL || out == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    urio_cge_batch *b = NULL;
    urio_status s = alloc_batch(m, fam, &b);
    if (s != URIO_OK) {
        urio_cge_batch_free(b);
        return urio_diag_set(d, s, NULL, 0, 0, NULL, "out of memory");
    }
    /* The listed scenarios' shocks must be possible: an input error otherwise. */
    urio_cge_params p;
    if ((s = urio_cge_params_init(m, &p)) != URIO_OK) {
        urio_cge_batch_free(b);
        return urio_diag_set(d, s, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < b->nscen && s == URIO_OK; k++) {
        urio_cge_params_copy(m, &m->base, &p);
        s = urio_cge_scenario_apply(m, &fam->scenarios[k], &p, d);
    }
    urio_cge_params_clear(&p);
    if (s != URIO_OK) {
        urio_cge_batch_free(b);
        return s;
    }
    /* The journal: resume what it holds. */
    urio_journal *j = NULL;
    if (o->journal != NULL) {
        uint64_t key = o->key;
        const uint64_t shape[4] = {b->n, b->neff, b->nparams, sizeof(rec_head)};
        key = urio_hash64(key, shape, sizeof shape);
        s = urio_journal_open(o->journal, key, o->resume, &j, &b->journal_discarded, d);
        if (s != URIO_OK) {
            urio_cge_batch_free(b);
            return s;
        }
        b->journal_torn = urio_journal_torn_bytes(j);
        for (size_t r = 0; r < urio_journal_count(j); r++) {
            uint64_t idx = 0;
            const void *data = NULL;
            size_t len = 0;
            urio_journal_record(j, r, &idx, &data, &len);
            if (idx < b->n && !b->done[idx] &&
                urio_cge_batch_record_unpack(b, (size_t)idx, data, len))
                b->nresumed++;
        }
    }
    /* The tasks solved here: every one not done yet, or the plan's share of them. */
    bool *want = malloc((b->n > 0 ? b->n : 1) * sizeof *want);
    unsigned char *recbuf = malloc(urio_cge_batch_record_size(b, b->n));
    if (want == NULL || recbuf == NULL) {
        free(want);
        free(recbuf);
        urio_journal_close(j, false);
        urio_cge_batch_free(b);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < b->n; k++)
        want[k] = !b->done[k];
    if (o->plan != NULL && (s = o->plan(o->share_ctx, b, want, d)) != URIO_OK) {
        free(want);
        free(recbuf);
        urio_journal_close(j, false);
        urio_cge_batch_free(b);
        return s;
    }
    size_t nwant = 0;
    for (size_t k = 0; k < b->n; k++)
        if (want[k] && !b->done[k]) nwant++;
    size_t done = b->nresumed;
    const size_t total = b->nresumed + nwant;
    const int nt = urio_batch_threads(o->threads, nwant);
    const double t0 = omp_get_wtime();
    bool jfail = false;
    double last_sync = t0;
    const int saved_blas = urio_run_blas_threads_push(1); /* serial code only */
#pragma omp parallel num_threads(nt) if (nwant > 0)
    {
        worker t;
        memset(&t, 0, sizeof t);
        t.ready = nwant > 0 && urio_cge_workspace_create(m, &t.w) == URIO_OK;
        if (t.ready && urio_cge_params_init(m, &t.p) != URIO_OK) t.ready = false;
#pragma omp for schedule(dynamic, 1)
        for (size_t k = 0; k < b->n; k++) {
            if (!want[k] || b->done[k] || (o->stop != NULL && *o->stop)) continue;
            run_task(m, fam, b, &t, k);
            bool sync = false;
#pragma omp critical(urio_batch)
            {
                if (j != NULL && !jfail) {
                    urio_cge_batch_record_pack(b, k, recbuf);
                    if (urio_journal_append(j, k, recbuf, urio_cge_batch_record_size(b, k)) !=
                        URIO_OK)
                        jfail = true;
                    const double now = omp_get_wtime();
                    if (!jfail &&
                        (o->sync_interval <= 0.0 || now - last_sync >= o->sync_interval)) {
                        sync = true;
                        last_sync = now;
                    }
                }
            }
            /* The sync, outside the lock: the threads' syncs overlap their solves. */
            const bool synced = !sync || urio_journal_sync(j) == URIO_OK;
#pragma omp critical(urio_batch)
            {
                if (!synced) jfail = true;
                b->done[k] = true;
                done++;
                if (o->progress != NULL) o->progress(o->ctx, done, total, omp_get_wtime() - t0);
            }
        }
        urio_cge_solution_clear(&t.sol);
        urio_effects_free(&t.fx);
        urio_cge_params_clear(&t.p);
        urio_cge_workspace_free(t.w);
    }
    urio_run_blas_threads_pop(saved_blas);
    /* The other processes' results: journalled here as they arrive in b (want is
     * now what was done before the merge), with one sync for them all. */
    if (o->merge != NULL) {
        for (size_t k = 0; k < b->n; k++)
            want[k] = b->done[k];
        s = o->merge(o->share_ctx, b, d);
        size_t added = 0;
        for (size_t k = 0; s == URIO_OK && k < b->n; k++) {
            if (want[k] || !b->done[k] || j == NULL || jfail) continue;
            urio_cge_batch_record_pack(b, k, recbuf);
            if (urio_journal_append(j, k, recbuf, urio_cge_batch_record_size(b, k)) != URIO_OK)
                jfail = true;
            added++;
        }
        if (s == URIO_OK && added > 0 && !jfail && o->sync_interval <= 0.0 &&
            urio_journal_sync(j) != URIO_OK)
            jfail = true;
    }
    free(want);
    free(recbuf);
    if (s != URIO_OK) {
        urio_journal_close(j, false);
        urio_cge_batch_free(b);
        return s;
    }
    for (size_t k = 0; k < b->n; k++) {
        if (!b->done[k]) continue;
        b->ndone++;
        if (b->status[k] != URIO_OK) b->nfailed++;
    }
    b->interrupted = b->ndone < b->n;
    if (j != NULL && !jfail && o->sync_interval > 0.0 && urio_journal_sync(j) != URIO_OK)
        jfail = true;
    if (jfail) {
        urio_journal_close(j, false);
        urio_cge_batch_free(b);
        return urio_diag_set(d, URIO_EIO, o->journal, 0, 0,
                             "check that the output directory is writable and has space",
                             "cannot append to the journal");
    }
    urio_journal_close(j, false);
    *out = b;
    return URIO_OK;
}

urio_status urio_cge_batch_effects(const urio_cge_batch *b, bool draws, urio_effects *fx)
{
    if (b == NULL || fx == NULL) return URIO_EINVAL;
    const size_t last = draws ? b->n : b->nscen;
    for (size_t k = 0; k < last; k++) {
        if (!b->done[k] || b->status[k] != URIO_OK) continue;
        if (fx->capacity < fx->count + b->neff) {
            size_t cap = fx->capacity > 0 ? fx->capacity : 256;
            while (cap < fx->count + b->neff)
                cap *= 2;
            urio_effect *e = realloc(fx->e, cap * sizeof *e);
            if (e == NULL) return URIO_ENOMEM;
            fx->e = e;
            fx->capacity = cap;
        }
        for (size_t q = 0; q < b->neff; q++) {
            urio_effect *e = &fx->e[fx->count++];
            *e = b->names.e[q];
            e->scenario = k;
            e->base = b->base[k * b->neff + q];
            e->value = b->value[k * b->neff + q];
        }
    }
    return URIO_OK;
}

urio_status urio_cge_batch_uncertainty(const urio_cge_family *fam, const urio_cge_batch *b,
                                       urio_uncertainty **out)
{
    if (out != NULL) *out = NULL;
    if (fam == NULL || fam->mc == NULL || b == NULL || out == NULL) return URIO_EINVAL;
    const urio_cge_montecarlo *mc = fam->mc;
    const size_t D = b->ndraws, P = b->nparams, E = b->neff;
    urio_uncertainty *u = calloc(1, sizeof *u);
    if (u == NULL) return URIO_ENOMEM;
    u->quadrature = mc->quadrature;
    u->draws = D;
    u->seed = mc->seed;
    u->nparams = P;
    u->nind = E;
    u->nhead = NHEAD;
    u->head = headline;
    u->name = strdup(mc->name);
    u->param_names = calloc(P > 0 ? P : 1, sizeof *u->param_names);
    u->dists = calloc(P > 0 ? P : 1, sizeof *u->dists);
    u->ind = calloc(E > 0 ? E : 1, sizeof *u->ind);
    u->stat = calloc(E > 0 ? E : 1, sizeof *u->stat);
    u->x = malloc((D * P > 0 ? D * P : 1) * sizeof *u->x);
    u->status = calloc(D > 0 ? D : 1, sizeof *u->status);
    u->reason = calloc(D > 0 ? D : 1, sizeof *u->reason);
    u->headline = malloc((D * NHEAD > 0 ? D * NHEAD : 1) * sizeof *u->headline);
    double *col = malloc((D > 0 ? D : 1) * sizeof *col);
    bool ok = u->name != NULL && u->param_names != NULL && u->dists != NULL && u->ind != NULL &&
              u->stat != NULL && u->x != NULL && u->status != NULL && u->reason != NULL &&
              u->headline != NULL && col != NULL;
    for (size_t i = 0; ok && i < P; i++) {
        u->param_names[i] = strdup(mc->params[i].name);
        u->dists[i] = mc->params[i].dist;
        ok = u->param_names[i] != NULL;
    }
    if (ok && D * P > 0) memcpy(u->x, b->x, D * P * sizeof *u->x);
    size_t hidx[NHEAD];
    for (size_t h = 0; h < NHEAD; h++) {
        hidx[h] = SIZE_MAX;
        for (size_t q = 0; q < E; q++)
            if (b->names.e[q].label[0] == '\0' && strcmp(b->names.e[q].indicator, headline[h]) == 0)
                hidx[h] = q;
    }
    for (size_t k = 0; ok && k < D; k++) {
        const size_t t = b->nscen + k;
        u->status[k] = b->done[t] ? b->status[t] : -1;
        const bool good = b->done[t] && b->status[t] == URIO_OK;
        if (good) u->solved++;
        if (b->done[t] && !good) {
            u->reason[k] = strdup(b->sol[t].failure[0] != '\0' ? b->sol[t].failure
                                                               : urio_strerror(b->status[t]));
            ok = u->reason[k] != NULL;
        }
        for (size_t h = 0; h < NHEAD; h++)
            u->headline[k * NHEAD + h] = good && hidx[h] != SIZE_MAX
                                             ? b->value[t * E + hidx[h]] - b->base[t * E + hidx[h]]
                                             : (double)NAN;
    }
    for (size_t q = 0; ok && q < E; q++) {
        u->ind[q] = b->names.e[q];
        u->ind[q].scenario = 0;
        size_t n = 0;
        for (size_t k = 0; k < D; k++) {
            const size_t t = b->nscen + k;
            if (!b->done[t] || b->status[t] != URIO_OK) continue;
            const double c = b->value[t * E + q] - b->base[t * E + q];
            if (isfinite(c)) col[n++] = c;
        }
        urio_stat_compute(col, n, mc->quadrature, &u->stat[q]);
    }
    free(col);
    if (!ok) {
        urio_uncertainty_free(u);
        return URIO_ENOMEM;
    }
    *out = u;
    return URIO_OK;
}
