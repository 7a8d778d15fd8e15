/* urio_bench.c - build/urio-bench: one benchmark case per call (issue 9).
 *
 *   urio-bench CASE [--n N] [--k K] [--threads T] [--reps R] [--seed S]
 *              [--scenarios N] [--model FILE] [--scenario-file FILE]
 *              [--dump DIR] [--json]
 *
 * Cases (flops are counted by convention, not by the path taken):
 *   dgemm          C = A B of order n                              2 n^3
 *   inverse        L = (I - A)^-1: urio_lu_factor_inverse         2 n^3
 *   inverse-lapack the same by LAPACK dgetrf + dgetri (reference)  2 n^3
 *   solve          (I - A) X = B for k columns: urio_lu_factor +
 *                  urio_lu_solve, without forming L                2/3 n^3 + 2 k n^2
 *   analysis       urio_io_analyse, the IO pipeline of `urio run` (x, A, L,
 *                  multipliers, linkages and the checks, which add a dgemm of
 *                  order n that is not counted)                     2 n^3
 *   cge            one scenario of the China 2017 urban-rural CGE (Newton on
 *                  nv unknowns; n reports nv); no flop count
 *   batch          --scenarios N CGE scenarios on T threads; no flop count,
 *                  rate = scenarios per second
 *
 * The reference: right before each timed run of the case, the same process times
 * a DGEMM of order n (at least 1,000 for cge and batch, at most REF_MAX_N) with the
 * same threads (one warm-up run, then one timed: as many timed references as
 * timed runs of the case).  Times are the best of --reps runs (default 9; the
 * median is reported too), gflops = flops / best time, dgemm_gflops = the best of
 * the reference rates, ratio = gflops / dgemm_gflops: both bests come from the
 * least disturbed moments of the run.  ratio_median is the median over the runs of
 * each run's rate against the DGEMM timed just before it: the figure to trust on
 * a machine whose speed drifts (a shared VM: this build machine's DGEMM rate moves
 * between 60 and 120 GFLOP/s from one second to the next), since each pair sees
 * the same conditions.  Peak RSS is the case's own: its generated inputs, outputs
 * and library workspace, without the reference's matrices (peak_rss_mib).
 *
 * The matrices are bench/synth.c's seeded synthetic MRIO tables (--seed, default
 * 1).  --dump DIR writes them as .npy files (M = I - A for inverse and solve;
 * Z, Y and F for analysis) with their exact checksums in DIR/checksums.txt, for
 * bench/peers.py to time numpy on the same numbers.
 *
 * The library paths are those `urio run` takes: urio_lu_factor_inverse, urio_lu_factor,
 * urio_lu_solve, urio_io_analyse, urio_cge_solve; threads are set by
 * urio_run_threads_init as `urio -j T` does. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <cblas.h>
#include <lapacke.h>
#include <omp.h>

#include <urio/urio.h>

#include "synth.h"

#define MAX_REPS 50
/* Largest order of the reference DGEMM: beyond it the rate no longer grows, and a
 * DGEMM of order 9,800 before every run would cost more than the case. */
#define REF_MAX_N ((size_t)4000)

typedef struct opts {
    const char *name;
    size_t n, k, nscen;
    int threads, reps;
    uint64_t seed;
    const char *model, *scenario_file, *dump;
    bool json;
} opts;

typedef struct result {
    double best, median; /* seconds */
    int reps;
    double t[MAX_REPS];  /* each run's seconds, in run order */
    double dg[MAX_REPS]; /* the reference DGEMM rate (GFLOP/s) right before each run */
    size_t ref_n;        /* order of the reference DGEMM */
    double peak_rss;     /* MiB, the case's own (peak_rss_mib) */
    double flops;        /* by convention; 0 when none */
    double dgemm_gflops; /* measured right before */
    double residual;     /* accuracy check, NAN when none */
    double rate;         /* cases with no flop count: items per second */
    const char *rate_unit;
    const char *path;  /* which code path ran */
    uint64_t checksum; /* of the input matrix */
    size_t n_report;   /* n to report (cge: unknowns) */
    int threads;
} result;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void summarise(double *t, int reps, result *r)
{
    r->reps = reps;
    memcpy(r->t, t, (size_t)reps * sizeof *t);
    qsort(t, (size_t)reps, sizeof *t, cmp_double);
    r->best = t[0];
    r->median = reps % 2 ? t[reps / 2] : 0.5 * (t[reps / 2 - 1] + t[reps / 2]);
}

/* Peak RSS of the case without its reference DGEMMs.  Linux keeps the process's
 * high-water mark (VmHWM) and resets it to the current RSS when "5" is written to
 * /proc/self/clear_refs; the reference's matrices are freed (unmapped) before
 * each run, so resetting after each reference and reading before the next (and at
 * the end) gives the case's own peak: its inputs, outputs and library workspace.
 * Where that is not possible, getrusage's peak, references included. */
static bool hwm_reset(void)
{
    FILE *f = fopen("/proc/self/clear_refs", "w");
    if (f == NULL) return false;
    const bool ok = fputs("5", f) >= 0;
    return fclose(f) == 0 && ok;
}

static double hwm_mib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    if (f == NULL) return (double)NAN;
    char line[256];
    double kib = (double)NAN;
    while (fgets(line, sizeof line, f) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0) kib = strtod(line + 6, NULL);
    fclose(f);
    return kib / 1024.0;
}

static double case_peak = (double)NAN; /* MiB; NaN until a reset worked */

static void case_peak_note(void)
{
    const double h = hwm_mib();
    if (isfinite(h)) case_peak = isfinite(case_peak) ? fmax(case_peak, h) : h;
}

static double peak_rss_mib(void)
{
    if (isfinite(case_peak)) {
        case_peak_note();
        return case_peak;
    }
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) != 0) return (double)NAN;
    return (double)ru.ru_maxrss / 1024.0; /* Linux: kilobytes */
}

static void *xmalloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size) return NULL;
    return malloc(count * size > 0 ? count * size : 1);
}

/* DGEMM rate of order n (GFLOP/s), with the current threads: two runs, the second
 * timed.  The first is a warm-up (OpenBLAS's buffers, the threads waking); timing
 * only one run gives the reference as many timed runs as the case has, so that
 * "best against best" compares maxima over equally many samples (the best of
 * more samples is biased upwards on a machine whose speed drifts).  The operands
 * are a cheap fixed pattern (a DGEMM's speed does not depend on the values, and
 * none of these is subnormal), so that a reference before every run of a case
 * costs little more than the DGEMMs themselves. */
static double dgemm_rate(size_t n)
{
    double *a = xmalloc(n * n, sizeof *a), *b = xmalloc(n * n, sizeof *b);
    double *c = xmalloc(n * n, sizeof *c);
    double best = INFINITY;
    if (a != NULL && b != NULL && c != NULL) {
        for (size_t e = 0; e < n * n; e++) {
            a[e] = 0.25 + 0.125 * (double)(e % 7);
            b[e] = 1.0 - 0.0625 * (double)(e % 5);
        }
        memset(c, 0, n * n * sizeof *c);
        for (int rep = 0; rep < 2; rep++) {
            const double t0 = now_s();
            cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a,
                        (int)n, b, (int)n, 0.0, c, (int)n);
            if (rep == 1) best = now_s() - t0;
        }
    }
    free(a);
    free(b);
    free(c);
    return 2.0 * (double)n * (double)n * (double)n * 1e-9 / best;
}

/* The reference DGEMM right before run `rep` of the case (see the file comment). */
static void pace(result *r, int rep)
{
    if (rep > 0) case_peak_note();
    r->dg[rep] = dgemm_rate(r->ref_n);
    if (hwm_reset()) {
        if (!isfinite(case_peak)) case_peak = 0.0;
    } else {
        case_peak = (double)NAN;
    }
}

/* ---- .npy output for bench/peers.py --------------------------------------------- */

/* Write the rows x cols column-major matrix x as DIR/NAME.npy (fortran_order) and
 * append "NAME rows cols checksum" to DIR/checksums.txt. */
static int write_npy(const char *dir, const char *name, const double *x, size_t rows, size_t cols)
{
    char path[4096], header[256];
    snprintf(path, sizeof path, "%s/%s.npy", dir, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) return -1;
    int len =
        snprintf(header, sizeof header,
                 "{'descr': '<f8', 'fortran_order': True, 'shape': (%zu, %zu), }", rows, cols);
    /* Magic (6) + version (2) + header length (2) + header + padding + '\n' to 64. */
    size_t total = 10 + (size_t)len + 1;
    size_t pad = (64 - total % 64) % 64;
    for (size_t i = 0; i < pad; i++)
        header[len++] = ' ';
    header[len++] = '\n';
    const unsigned char magic[10] = {0x93,
                                     'N',
                                     'U',
                                     'M',
                                     'P',
                                     'Y',
                                     1,
                                     0,
                                     (unsigned char)(len & 0xff),
                                     (unsigned char)(len >> 8)};
    int rc = fwrite(magic, 1, 10, f) == 10 && fwrite(header, 1, (size_t)len, f) == (size_t)len &&
                     fwrite(x, sizeof *x, rows * cols, f) == rows * cols
                 ? 0
                 : -1;
    if (fclose(f) != 0) rc = -1;
    snprintf(path, sizeof path, "%s/checksums.txt", dir);
    f = fopen(path, "a");
    if (f == NULL) return -1;
    fprintf(f, "%s %zu %zu %llu\n", name, rows, cols,
            (unsigned long long)bench_checksum(x, rows * cols));
    if (fclose(f) != 0) rc = -1;
    return rc;
}

/* ---- Cases ---------------------------------------------------------------------- */

static int case_dgemm(const opts *o, result *r)
{
    const size_t n = o->n;
    double *a = xmalloc(n * n, sizeof *a), *b = xmalloc(n * n, sizeof *b);
    double *c = xmalloc(n * n, sizeof *c), t[MAX_REPS];
    if (a == NULL || b == NULL || c == NULL) return -1;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, o->seed);
    bench_synth_A(&s, a);
    bench_synth_M(&s, b);
    memset(c, 0, n * n * sizeof *c);
    for (int rep = 0; rep < o->reps; rep++) {
        pace(r, rep);
        const double t0 = now_s();
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, a,
                    (int)n, b, (int)n, 0.0, c, (int)n);
        t[rep] = now_s() - t0;
    }
    summarise(t, o->reps, r);
    r->flops = 2.0 * (double)n * (double)n * (double)n;
    r->path = "cblas_dgemm";
    free(a);
    free(b);
    free(c);
    return 0;
}

/* max |M X - I| (one dgemm into W). */
static double identity_residual(size_t n, const double *M, const double *X, double *W)
{
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0, M, (int)n,
                X, (int)n, 0.0, W, (int)n);
    double worst = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            worst = fmax(worst, fabs(W[i + j * n] - (i == j ? 1.0 : 0.0)));
    return worst;
}

static int case_inverse(const opts *o, result *r, bool lapack)
{
    const size_t n = o->n;
    double *M = xmalloc(n * n, sizeof *M), *L = xmalloc(n * n, sizeof *L), t[MAX_REPS];
    lapack_int *ipiv = xmalloc(n, sizeof *ipiv);
    double *work = NULL;
    urio_lu *lu = NULL;
    int rc = -1;
    if (M == NULL || L == NULL || ipiv == NULL) goto done;
    if (!lapack && urio_lu_create(n, &lu) != URIO_OK) goto done;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, o->seed);
    bench_synth_M(&s, M);
    r->checksum = bench_checksum(M, n * n);
    if (o->dump != NULL && write_npy(o->dump, "M", M, n, n) != 0) goto done;
    lapack_int lwork = (lapack_int)n * 64;
    if (lapack) {
        double q = 0.0;
        if (LAPACKE_dgetri_work(LAPACK_COL_MAJOR, (lapack_int)n, L, (lapack_int)n, ipiv, &q, -1) ==
                0 &&
            q > (double)lwork)
            lwork = (lapack_int)q;
        if ((work = xmalloc((size_t)lwork, sizeof *work)) == NULL) goto done;
    }
    for (int rep = 0; rep < o->reps; rep++) {
        pace(r, rep);
        const double t0 = now_s();
        if (lapack) {
            memcpy(L, M, n * n * sizeof *L);
            if (LAPACKE_dgetrf_work(LAPACK_COL_MAJOR, (lapack_int)n, (lapack_int)n, L,
                                    (lapack_int)n, ipiv) != 0 ||
                LAPACKE_dgetri_work(LAPACK_COL_MAJOR, (lapack_int)n, L, (lapack_int)n, ipiv, work,
                                    lwork) != 0)
                goto done;
        } else {
            if (urio_lu_factor_inverse(lu, M, n, L, n) != URIO_OK) goto done;
        }
        t[rep] = now_s() - t0;
    }
    summarise(t, o->reps, r);
    r->flops = 2.0 * (double)n * (double)n * (double)n;
    r->path = lapack ? "dgetrf+dgetri" : (urio_lu_pivoted(lu) ? "urio_lu(pivoted)" : "urio_lu");
    /* Accuracy, after the timing: max |(I - A) L - I| (work reuses ipiv's
     * neighbour: a fresh n x n buffer). */
    double *W = xmalloc(n * n, sizeof *W);
    if (W != NULL) r->residual = identity_residual(n, M, L, W);
    free(W);
    rc = 0;
done:
    urio_lu_free(lu);
    free(M);
    free(L);
    free(ipiv);
    free(work);
    return rc;
}

/* The right-hand sides of the solve case: b_ic = 1 + ((7 i + 13 c) mod 17) / 17,
 * exact in binary floating point up to the one division, so bench/peers.py builds
 * the same numbers. */
static void solve_rhs(size_t n, size_t k, double *B)
{
    for (size_t c = 0; c < k; c++)
        for (size_t i = 0; i < n; i++)
            B[i + c * n] = 1.0 + (double)((7 * i + 13 * c) % 17) / 17.0;
}

static int case_solve(const opts *o, result *r)
{
    const size_t n = o->n, k = o->k;
    double *M = xmalloc(n * n, sizeof *M), *B0 = xmalloc(n * k, sizeof *B0);
    double *B = xmalloc(n * k, sizeof *B), t[MAX_REPS];
    urio_lu *lu = NULL;
    int rc = -1;
    if (M == NULL || B0 == NULL || B == NULL || urio_lu_create(n, &lu) != URIO_OK) goto done;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, o->seed);
    bench_synth_M(&s, M);
    r->checksum = bench_checksum(M, n * n);
    if (o->dump != NULL && write_npy(o->dump, "M", M, n, n) != 0) goto done;
    solve_rhs(n, k, B0);
    for (int rep = 0; rep < o->reps; rep++) {
        pace(r, rep);
        memcpy(B, B0, n * k * sizeof *B);
        const double t0 = now_s();
        if (urio_lu_factor(lu, M, n) != URIO_OK || urio_lu_solve(lu, false, k, B, n) != URIO_OK)
            goto done;
        t[rep] = now_s() - t0;
    }
    summarise(t, o->reps, r);
    r->flops =
        2.0 / 3.0 * (double)n * (double)n * (double)n + 2.0 * (double)k * (double)n * (double)n;
    r->path = urio_lu_pivoted(lu) ? "urio_lu(pivoted)" : "urio_lu";
    /* Residual max |M X - B| / max |B|. */
    double *R = xmalloc(n * k, sizeof *R);
    if (R != NULL) {
        memcpy(R, B0, n * k * sizeof *R);
        cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (int)n, (int)k, (int)n, 1.0, M,
                    (int)n, B, (int)n, -1.0, R, (int)n);
        double worst = 0.0;
        for (size_t e = 0; e < n * k; e++)
            worst = fmax(worst, fabs(R[e]));
        r->residual = worst / 2.0;
    }
    free(R);
    rc = 0;
done:
    urio_lu_free(lu);
    free(M);
    free(B0);
    free(B);
    return rc;
}

/* Labels "r<region>/s<sector>" (or "s<i>" with one region), "c<i>", "e<i>". */
static urio_labels *make_labels(size_t count, const char *prefix)
{
    char **names = xmalloc(count, sizeof *names);
    urio_labels *l = NULL;
    bool ok = names != NULL;
    for (size_t i = 0; ok && i < count; i++) {
        names[i] = malloc(32);
        ok = names[i] != NULL;
        if (ok) snprintf(names[i], 32, "%s%zu", prefix, i);
    }
    if (ok && urio_labels_create(count, (const char *const *)names, &l, NULL) != URIO_OK) l = NULL;
    for (size_t i = 0; names != NULL && i < count; i++)
        free(names[i]);
    free(names);
    return l;
}

static int case_analysis(const opts *o, result *r)
{
    const size_t n = o->n;
    bench_synth_spec s;
    bench_synth_defaults(&s, n, o->seed);
    const size_t k = s.ncategories, ns = s.nstressors;
    double *A = xmalloc(n * n, sizeof *A), *x = xmalloc(n, sizeof *x), *w = xmalloc(n, sizeof *w);
    double *Sint = xmalloc(ns * n, sizeof *Sint), t[MAX_REPS];
    urio_labels *sec = make_labels(n, "s"), *cat = make_labels(k, "c");
    urio_labels *vrows = make_labels(1, "value_added"), *srows = make_labels(ns, "e");
    urio_io_model *m = NULL;
    int rc = -1;
    if (A == NULL || x == NULL || w == NULL || Sint == NULL || sec == NULL || cat == NULL ||
        vrows == NULL || srows == NULL || urio_io_model_create(sec, cat, &m) != URIO_OK)
        goto done;
    bench_synth_A(&s, A);
    bench_synth_table(&s, A, m->Y->data, x, m->Z->data, Sint, w);
    free(A);
    A = NULL;
    /* V: one row, value added = x_j - sum_i z_ij; S: stressor flows = intensity x_j. */
    if (urio_matrix_create(1, n, &m->V) != URIO_OK || urio_matrix_create(ns, n, &m->S) != URIO_OK)
        goto done;
    m->vrows = vrows;
    m->srows = srows;
    vrows = srows = NULL;
    for (size_t j = 0; j < n; j++) {
        double col = 0.0;
        for (size_t i = 0; i < n; i++)
            col += m->Z->data[i + j * n];
        m->V->data[j] = x[j] - col;
        for (size_t e = 0; e < ns; e++)
            m->S->data[e + j * ns] = Sint[e + j * ns] * x[j];
    }
    r->checksum = bench_checksum(m->Z->data, n * n);
    if (o->dump != NULL && (write_npy(o->dump, "Z", m->Z->data, n, n) != 0 ||
                            write_npy(o->dump, "Y", m->Y->data, n, k) != 0 ||
                            write_npy(o->dump, "F", m->S->data, ns, n) != 0))
        goto done;
    urio_diag d;
    urio_diag_clear(&d);
    if (urio_io_model_validate(m, &d) != URIO_OK) {
        fprintf(stderr, "urio-bench: synthetic model invalid: %s\n", d.msg);
        goto done;
    }
    for (int rep = 0; rep < o->reps; rep++) {
        pace(r, rep);
        urio_io_result *res = NULL;
        const double t0 = now_s();
        const urio_status st = urio_io_analyse(m, &res, &d);
        t[rep] = now_s() - t0;
        if (st != URIO_OK) {
            fprintf(stderr, "urio-bench: analysis failed: %s\n", d.msg);
            urio_io_result_free(res);
            goto done;
        }
        r->residual = res->checks.identity_residual;
        urio_io_result_free(res);
    }
    summarise(t, o->reps, r);
    r->flops = 2.0 * (double)n * (double)n * (double)n;
    r->path = "urio_io_analyse";
    rc = 0;
done:
    urio_io_model_free(m);
    urio_labels_free(sec);
    urio_labels_free(cat);
    urio_labels_free(vrows);
    urio_labels_free(srows);
    free(A);
    free(x);
    free(w);
    free(Sint);
    return rc;
}

/* The CGE model and nscen scenario parameter sets, cycling through the scenarios
 * of the scenario file. */
typedef struct cge_input {
    urio_model_file *mf;
    char *buf;
    urio_cge_scenario *sc;
    size_t nfile;
    urio_cge_params *params;
    size_t nscen;
} cge_input;

static void cge_input_free(cge_input *in)
{
    for (size_t k = 0; in->params != NULL && k < in->nscen; k++)
        urio_cge_params_clear(&in->params[k]);
    free(in->params);
    urio_cge_scenarios_free(in->sc, in->nfile);
    free(in->buf);
    urio_model_file_free(in->mf);
}

static int cge_load(const opts *o, size_t nscen, cge_input *in)
{
    urio_diag d;
    urio_diag_clear(&d);
    memset(in, 0, sizeof *in);
    size_t len = 0;
    if (urio_model_load(o->model, &in->mf, &d) != URIO_OK || in->mf->cge == NULL ||
        urio_read_file(o->scenario_file, &in->buf, &len, &d) != URIO_OK ||
        urio_scenarios_parse_cge(in->buf, len, o->scenario_file, in->mf->cge, &in->sc, &in->nfile,
                                 &d) != URIO_OK ||
        in->nfile == 0) {
        fprintf(stderr, "urio-bench: %s, %s: %s\n", o->model, o->scenario_file,
                d.msg[0] ? d.msg : "not a CGE model with scenarios");
        return -1;
    }
    in->params = calloc(nscen, sizeof *in->params);
    if (in->params == NULL) return -1;
    in->nscen = nscen;
    for (size_t k = 0; k < nscen; k++) {
        /* Scenario 0 of the file is often the benchmark; start the cycle at 1. */
        const size_t f = in->nfile > 1 ? 1 + k % (in->nfile - 1) : 0;
        if (urio_cge_params_init(in->mf->cge, &in->params[k]) != URIO_OK ||
            urio_cge_scenario_apply(in->mf->cge, &in->sc[f], &in->params[k], &d) != URIO_OK)
            return -1;
    }
    return 0;
}

/* The scenario loop of `urio run` for CGE models (solver/cli/run_cge.c, solve_all):
 * one OpenMP thread per scenario, a workspace per thread, BLAS on one thread.
 * TODO(lead): switch to the run-layer batch API once it is merged (another branch
 * moves this loop into solver/run/). */
static int cge_solve_all(const urio_cge_model *m, size_t nscen, const urio_cge_params *params,
                         int threads)
{
    int nt = threads > 0 ? threads : 1;
    if ((size_t)nt > nscen) nt = (int)nscen;
    int failures = 0;
    const int saved = urio_run_blas_threads_push(1); /* serial code only */
#pragma omp parallel num_threads(nt) reduction(+ : failures)
    {
        urio_cge_workspace *w = NULL;
        const bool ready = urio_cge_workspace_create(m, &w) == URIO_OK;
#pragma omp for schedule(dynamic, 1)
        for (size_t k = 0; k < nscen; k++) {
            urio_cge_solution sol;
            memset(&sol, 0, sizeof sol);
            if (!ready || urio_cge_solve(m, w, &params[k], NULL, NULL, &sol) != URIO_OK) failures++;
            urio_cge_solution_clear(&sol);
        }
        urio_cge_workspace_free(w);
    }
    urio_run_blas_threads_pop(saved);
    return failures;
}

static int case_cge(const opts *o, result *r, bool batch)
{
    cge_input in;
    double t[MAX_REPS];
    const size_t nscen = batch ? o->nscen : 1;
    int rc = -1;
    if (cge_load(o, nscen, &in) != 0) goto done;
    for (int rep = 0; rep < o->reps; rep++) {
        pace(r, rep);
        const double t0 = now_s();
        const int failed = cge_solve_all(in.mf->cge, nscen, in.params, batch ? o->threads : 1);
        t[rep] = now_s() - t0;
        if (failed != 0) {
            fprintf(stderr, "urio-bench: %d CGE scenario(s) failed\n", failed);
            goto done;
        }
    }
    summarise(t, o->reps, r);
    r->n_report = in.mf->cge->nv;
    r->rate = (double)nscen / r->best;
    r->rate_unit = "scenarios_per_s";
    r->path = "urio_cge_solve";
    if (!batch) r->threads = 1;
    rc = 0;
done:
    cge_input_free(&in);
    return rc;
}

/* ---- Output ----------------------------------------------------------------------- */

static void json_number(const char *key, double v, bool last)
{
    if (isfinite(v))
        printf("\"%s\": %.6g%s", key, v, last ? "" : ", ");
    else
        printf("\"%s\": null%s", key, last ? "" : ", ");
}

/* The median over the runs of each run's rate against its reference DGEMM. */
static double ratio_median(const result *r)
{
    double q[MAX_REPS];
    if (!(r->flops > 0.0) || r->reps < 1) return (double)NAN;
    for (int k = 0; k < r->reps; k++)
        q[k] = r->flops * 1e-9 / r->t[k] / r->dg[k];
    qsort(q, (size_t)r->reps, sizeof *q, cmp_double);
    return r->reps % 2 ? q[r->reps / 2] : 0.5 * (q[r->reps / 2 - 1] + q[r->reps / 2]);
}

static void print_result(const opts *o, const result *r)
{
    const double gflops = r->flops > 0.0 ? r->flops * 1e-9 / r->best : (double)NAN;
    const double ratio = gflops / r->dgemm_gflops, ratio_med = ratio_median(r);
    if (o->json) {
        printf("{\"case\": \"%s\", \"n\": %zu, ", o->name, r->n_report);
        if (strcmp(o->name, "solve") == 0) printf("\"k\": %zu, ", o->k);
        if (strcmp(o->name, "batch") == 0) printf("\"scenarios\": %zu, ", o->nscen);
        printf("\"threads\": %d, ", r->threads);
        json_number("seconds", r->best, false);
        json_number("seconds_median", r->median, false);
        printf("\"reps\": %d, ", o->reps);
        json_number("gflops", gflops, false);
        json_number("dgemm_gflops", r->dgemm_gflops, false);
        json_number("ratio", ratio, false);
        json_number("ratio_median", ratio_med, false);
        printf("\"dgemm_n\": %zu, ", r->ref_n);
        json_number("peak_rss_mib", r->peak_rss, false);
        if (r->rate_unit != NULL) json_number(r->rate_unit, r->rate, false);
        json_number("residual", r->residual, false);
        printf("\"path\": \"%s\", \"seed\": %llu, \"checksum\": \"%llu\", \"blas\": \"%s\"}\n",
               r->path, (unsigned long long)o->seed, (unsigned long long)r->checksum,
               urio_run_blas_config());
    } else {
        printf("%-14s n=%-6zu threads=%-3d best %.4f s  median %.4f s", o->name, r->n_report,
               r->threads, r->best, r->median);
        if (isfinite(gflops))
            printf("  %.1f GFLOP/s  dgemm %.1f  ratio %.3f (median of pairs %.3f)", gflops,
                   r->dgemm_gflops, ratio, ratio_med);
        if (r->rate_unit != NULL) printf("  %.2f %s", r->rate, r->rate_unit);
        if (isfinite(r->residual)) printf("  residual %.2e", r->residual);
        printf("  rss %.0f MiB  [%s]\n", r->peak_rss, r->path);
    }
}

static int usage(FILE *f)
{
    fprintf(f, "usage: urio-bench CASE [--n N] [--k K] [--threads T] [--reps R] [--seed S]\n"
               "                  [--scenarios N] [--model FILE] [--scenario-file FILE]\n"
               "                  [--dump DIR] [--json]\n"
               "cases: dgemm, inverse, inverse-lapack, solve, analysis, cge, batch\n"
               "  --n N          order of the synthetic table (default 1000)\n"
               "  --k K          right-hand sides of the solve case (default 100)\n"
               "  --threads T    threads (default: all cores), as urio -j T\n"
               "  --reps R       timed runs; the best and the median are reported (default 9)\n"
               "  --seed S       generator seed (default 1)\n"
               "  --scenarios N  scenarios of the batch case (default 32)\n"
               "  --model FILE   CGE model (default models/china-2017-cge.yaml)\n"
               "  --scenario-file FILE  CGE scenarios (default "
               "models/scenarios/urban-rural-policies.yaml)\n"
               "  --dump DIR     write the input matrices as .npy for bench/peers.py\n"
               "  --json         one JSON line\n");
    return 2;
}

static bool parse_size(const char *s, size_t *out)
{
    char *end = NULL;
    const unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end != '\0' || v == 0) return false;
    *out = (size_t)v;
    return true;
}

int main(int argc, char **argv)
{
    if (argc < 2) return usage(stderr);
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) return usage(stdout), 0;
    opts o = {.name = argv[1],
              .n = 1000,
              .k = 100,
              .nscen = 32,
              .threads = 0,
              /* 9, not 5: on the drifting build machine, inverse at n = 3,000
               * (seven calls each, alternated): best against best 0.73-1.09 with
               * 5 runs, 0.84-0.96 with 9 (bench/README.md). */
              .reps = 9,
              .seed = 1,
              .model = "models/china-2017-cge.yaml",
              .scenario_file = "models/scenarios/urban-rural-policies.yaml"};
    for (int a = 2; a < argc; a++) {
        const char *arg = argv[a], *val = a + 1 < argc ? argv[a + 1] : NULL;
        size_t v = 0;
        if (strcmp(arg, "--json") == 0) {
            o.json = true;
            continue;
        }
        if (val == NULL) return usage(stderr);
        a++;
        if (strcmp(arg, "--n") == 0 && parse_size(val, &v))
            o.n = v;
        else if (strcmp(arg, "--k") == 0 && parse_size(val, &v))
            o.k = v;
        else if (strcmp(arg, "--threads") == 0 && parse_size(val, &v) && v <= 4096)
            o.threads = (int)v;
        else if (strcmp(arg, "--reps") == 0 && parse_size(val, &v) && v <= MAX_REPS)
            o.reps = (int)v;
        else if (strcmp(arg, "--seed") == 0 && parse_size(val, &v))
            o.seed = (uint64_t)v;
        else if (strcmp(arg, "--scenarios") == 0 && parse_size(val, &v))
            o.nscen = v;
        else if (strcmp(arg, "--model") == 0)
            o.model = val;
        else if (strcmp(arg, "--scenario-file") == 0)
            o.scenario_file = val;
        else if (strcmp(arg, "--dump") == 0)
            o.dump = val;
        else
            return usage(stderr);
    }
    if (o.n > (size_t)INT32_MAX / 2) return usage(stderr);
    urio_run_init();
    result r = {.residual = NAN, .n_report = o.n, .path = ""};
    r.threads = urio_run_threads_init(o.threads);
    o.threads = r.threads;
    const bool cge = strcmp(o.name, "cge") == 0 || strcmp(o.name, "batch") == 0;
    const size_t ng = cge ? 1000 : o.n;
    r.ref_n = ng < 64 ? 64 : ng > REF_MAX_N ? REF_MAX_N : ng;
    int rc;
    if (strcmp(o.name, "dgemm") == 0)
        rc = case_dgemm(&o, &r);
    else if (strcmp(o.name, "inverse") == 0)
        rc = case_inverse(&o, &r, false);
    else if (strcmp(o.name, "inverse-lapack") == 0)
        rc = case_inverse(&o, &r, true);
    else if (strcmp(o.name, "solve") == 0)
        rc = case_solve(&o, &r);
    else if (strcmp(o.name, "analysis") == 0)
        rc = case_analysis(&o, &r);
    else if (strcmp(o.name, "cge") == 0)
        rc = case_cge(&o, &r, false);
    else if (strcmp(o.name, "batch") == 0)
        rc = case_cge(&o, &r, true);
    else
        return usage(stderr);
    r.dgemm_gflops = 0.0;
    for (int k = 0; k < r.reps; k++)
        r.dgemm_gflops = fmax(r.dgemm_gflops, r.dg[k]);
    if (rc == 0) r.peak_rss = peak_rss_mib();
    if (rc != 0) {
        fprintf(stderr, "urio-bench: case %s failed (n = %zu)\n", o.name, o.n);
        return 1;
    }
    print_result(&o, &r);
    return 0;
}
