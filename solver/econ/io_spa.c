/* io_spa.c - structural path analysis (urio/io_analyses.h; Defourny & Thorbecke
 * 1984; Lenzen 2003; Miller & Blair 2009, chapter 6).
 *
 * L = I + A + A^2 + ..., so the output effect (I - A)^-1 f is the sum, over every
 * path j = i0 -> i1 -> ... -> ik, of the path value f_j a_{i1 i0} a_{i2 i1} ...
 * a_{ik i(k-1)}: final demand for j needs inputs from i1, which needs inputs from
 * i2, and so on; the value lands on the output of ik.  A depth-first search lists
 * the paths whose |value| reaches theta = threshold x total, where total is the sum
 * of |path values| over every path ending at an output node,
 * sum_j |f_j| sum_{i<nout} L_ij.
 *
 * Pruning is exact (A >= 0): every path through node i with value v continues into
 * a subtree whose path values add up to |v| c_i, c_i = sum_k L_ki the column sum of
 * the full inverse, so no path below i reaches theta once |v| c_i < theta.  A
 * node's children k are listed, sorted by a_ki c_k (descending), when the node is
 * first expanded, keeping only those that can reach theta from the value it
 * arrived with (a_ki c_k >= theta / (2 |v|)); a later visit with a larger |v| that
 * needs more of them rebuilds the list.  Each expansion then stops at the first
 * child below the bound.  The number of expanded nodes is at most
 * (max_depth + 1) / threshold, however large the table; the O(N^2) work is the two
 * transposed solves of urio_io_spa_sums_create, done once for every search on the
 * same A, and one scan of each expanded column.
 * Results are deterministic: paths are sorted by |value|, then depth, then nodes. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

#define SPA_MAX_DEPTH 64
#define SPA_MAX_POOL ((size_t)1 << 28) /* node entries kept: 2 GiB */

void urio_io_spa_opts_init(urio_io_spa_opts *o)
{
    if (o == NULL) return;
    o->threshold = 1e-3;
    o->max_depth = 10;
    o->max_paths = 100;
}

void urio_io_paths_free(urio_io_paths *p)
{
    if (p == NULL) return;
    free(p->path);
    free(p->pool);
    free(p);
}

void urio_io_spa_sums_free(urio_io_spa_sums *sm)
{
    if (sm == NULL) return;
    free(sm->all);
    free(sm->out);
    free(sm);
}

/* Contract (urio/io_analyses.h): two transposed solves, c' = 1' (I - A)^-1 and
 * cout' = [1; 0]' (I - A)^-1.  Tiny negatives from rounding become 0, and the bound
 * c is widened by 1e-9 relative so that pruning never cuts a path that reaches the
 * threshold by less than that.  URIO_EINVAL, URIO_ENOMEM. */
urio_status urio_io_spa_sums_create(const urio_lu *lu, size_t nout, urio_io_spa_sums **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (lu == NULL || nout == 0 || nout > urio_lu_order(lu)) return URIO_EINVAL;
    const size_t N = urio_lu_order(lu);
    urio_io_spa_sums *sm = calloc(1, sizeof *sm);
    if (sm == NULL) return URIO_ENOMEM;
    sm->N = N;
    sm->nout = nout;
    sm->all = malloc(N * sizeof *sm->all);
    sm->out = malloc(N * sizeof *sm->out);
    if (sm->all == NULL || sm->out == NULL) {
        urio_io_spa_sums_free(sm);
        return URIO_ENOMEM;
    }
    for (size_t i = 0; i < N; i++) {
        sm->all[i] = 1.0;
        sm->out[i] = i < nout ? 1.0 : 0.0;
    }
    urio_status st = urio_lu_solve(lu, true, 1, sm->all, N);
    if (st == URIO_OK) st = urio_lu_solve(lu, true, 1, sm->out, N);
    if (st != URIO_OK) {
        urio_io_spa_sums_free(sm);
        return st;
    }
    for (size_t i = 0; i < N; i++) {
        sm->all[i] = (sm->all[i] > 0.0 ? sm->all[i] : 0.0) * (1.0 + 1e-9);
        sm->out[i] = sm->out[i] > 0.0 ? sm->out[i] : 0.0;
    }
    *out = sm;
    return URIO_OK;
}

/* One child of a node: its index and the bound key a_ki c_k. */
typedef struct child {
    size_t k;
    double a;
    double key;
} child;

static int child_cmp(const void *pa, const void *pb)
{
    const child *a = pa, *b = pb;
    if (a->key > b->key) return -1;
    if (a->key < b->key) return 1;
    return (a->k > b->k) - (a->k < b->k);
}

/* A path found: value, depth and where its nodes start in the pool. */
typedef struct found {
    double value;
    size_t depth;
    size_t at;
} found;

typedef struct spa {
    const urio_matrix *A;
    size_t N, nout, max_depth;
    const double *c;
    double theta;
    child **kids; /* per node, built on first expansion */
    size_t *nkids;
    double *cut; /* per node: the smallest key kept in kids; +inf before the first build */
    size_t stack[SPA_MAX_DEPTH + 1];
    found *f;
    size_t nf, capf;
    size_t *pool;
    size_t npool, cappool;
    size_t expanded;
    urio_status st;
} spa;

/* List node i's children with key a_ki c_k >= cut, sorted by key. */
static void build_children(spa *S, size_t i, double cut)
{
    free(S->kids[i]);
    S->kids[i] = NULL;
    S->nkids[i] = 0;
    S->cut[i] = cut;
    size_t cnt = 0;
    const double *col = &URIO_MAT(S->A, 0, i);
    for (size_t k = 0; k < S->N; k++)
        if (col[k] != 0.0 && fabs(col[k]) * S->c[k] >= cut) cnt++;
    if (cnt == 0) return;
    child *list = malloc(cnt * sizeof *list);
    if (list == NULL) {
        S->st = URIO_ENOMEM;
        return;
    }
    size_t q = 0;
    for (size_t k = 0; k < S->N; k++)
        if (col[k] != 0.0 && fabs(col[k]) * S->c[k] >= cut)
            list[q++] = (child){k, col[k], fabs(col[k]) * S->c[k]};
    qsort(list, cnt, sizeof *list, child_cmp);
    S->kids[i] = list;
    S->nkids[i] = cnt;
}

static void record(spa *S, double value, size_t depth)
{
    if (S->nf == S->capf) {
        const size_t cap = S->capf == 0 ? 256 : 2 * S->capf;
        found *g = realloc(S->f, cap * sizeof *g);
        if (g == NULL) {
            S->st = URIO_ENOMEM;
            return;
        }
        S->f = g;
        S->capf = cap;
    }
    if (S->npool + depth + 1 > S->cappool) {
        size_t cap = S->cappool == 0 ? 1024 : 2 * S->cappool;
        while (cap < S->npool + depth + 1)
            cap *= 2;
        size_t *g = cap <= SPA_MAX_POOL ? realloc(S->pool, cap * sizeof *g) : NULL;
        if (g == NULL) {
            S->st = URIO_ENOMEM;
            return;
        }
        S->pool = g;
        S->cappool = cap;
    }
    memcpy(S->pool + S->npool, S->stack, (depth + 1) * sizeof *S->pool);
    S->f[S->nf++] = (found){value, depth, S->npool};
    S->npool += depth + 1;
}

static void visit(spa *S, size_t node, double value, size_t depth)
{
    if (S->st != URIO_OK) return;
    S->stack[depth] = node;
    S->expanded++;
    if (node < S->nout && value != 0.0 && fabs(value) >= S->theta) record(S, value, depth);
    if (depth >= S->max_depth || S->st != URIO_OK) return;
    /* Children that can reach theta from here have key >= theta / |value|; keep
     * twice as many as needed now, so that later visits rarely rebuild. */
    const double need = S->theta / fabs(value);
    if (need < S->cut[node]) build_children(S, node, 0.5 * need);
    if (S->st != URIO_OK) return;
    const child *list = S->kids[node];
    for (size_t q = 0; q < S->nkids[node] && S->st == URIO_OK; q++) {
        const double w = value * list[q].a;
        if (fabs(value) * list[q].key < S->theta) break; /* sorted: the rest is smaller */
        visit(S, list[q].k, w, depth + 1);
    }
}

/* Sorting the paths found needs the pool: a context-free comparator over an
 * array of (found, pool pointer). */
typedef struct ranked_path {
    found f;
    const size_t *nodes;
} ranked_path;

static int ranked_cmp(const void *pa, const void *pb)
{
    const ranked_path *a = pa, *b = pb;
    const double x = fabs(a->f.value), y = fabs(b->f.value);
    if (x > y) return -1;
    if (x < y) return 1;
    if (a->f.depth != b->f.depth) return a->f.depth < b->f.depth ? -1 : 1;
    for (size_t q = 0; q <= a->f.depth; q++)
        if (a->nodes[q] != b->nodes[q]) return a->nodes[q] < b->nodes[q] ? -1 : 1;
    return 0;
}

/* Contract (urio/io_analyses.h).  A is N x N with nonnegative entries, sums made
 * from the factors of I - A, f N entries (zero at pass-through nodes).  *out
 * (owned by the caller) holds the paths above the threshold, the largest
 * max_paths of them.  URIO_EINVAL for inconsistent arguments, a threshold outside
 * [0, 1) or max_depth above 64; URIO_ENOMEM, also when threshold 0 lets the paths
 * outgrow 2^28 stored nodes. */
urio_status urio_io_spa(const urio_matrix *A, const urio_io_spa_sums *sums, const double *f,
                        const urio_io_spa_opts *o, urio_io_paths **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (A == NULL || sums == NULL || f == NULL || o == NULL || A->rows != A->cols ||
        sums->N != A->rows)
        return URIO_EINVAL;
    if (!(o->threshold >= 0.0 && o->threshold < 1.0) || o->max_depth > SPA_MAX_DEPTH)
        return URIO_EINVAL;
    const size_t N = A->rows;
    spa S;
    memset(&S, 0, sizeof S);
    S.A = A;
    S.N = N;
    S.nout = sums->nout;
    S.max_depth = o->max_depth;
    S.c = sums->all;
    S.kids = calloc(N, sizeof *S.kids);
    S.nkids = calloc(N, sizeof *S.nkids);
    S.cut = malloc(N * sizeof *S.cut);
    urio_io_paths *p = calloc(1, sizeof *p);
    ranked_path *rk = NULL;
    urio_status st = URIO_OK;
    if (S.kids == NULL || S.nkids == NULL || S.cut == NULL || p == NULL) {
        st = URIO_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < N; i++) {
        S.cut[i] = (double)INFINITY;
        p->total += fabs(f[i]) * sums->out[i];
        p->effect += f[i] * sums->out[i];
    }
    S.theta = o->threshold * p->total;
    if (p->total > 0.0) {
        for (size_t j = 0; j < N && S.st == URIO_OK; j++) {
            if (f[j] == 0.0 || fabs(f[j]) * S.c[j] < S.theta) continue;
            visit(&S, j, f[j], 0);
        }
    }
    st = S.st;
    if (st != URIO_OK) goto done;

    /* Rank, then keep the largest max_paths. */
    p->nfound = S.nf;
    p->expanded = S.expanded;
    rk = malloc((S.nf > 0 ? S.nf : 1) * sizeof *rk);
    if (rk == NULL) {
        st = URIO_ENOMEM;
        goto done;
    }
    for (size_t q = 0; q < S.nf; q++) {
        rk[q] = (ranked_path){S.f[q], S.pool + S.f[q].at};
        p->found += S.f[q].value;
    }
    qsort(rk, S.nf, sizeof *rk, ranked_cmp);
    const size_t keep = o->max_paths > 0 && o->max_paths < S.nf ? o->max_paths : S.nf;
    size_t nodes = 0;
    for (size_t q = 0; q < keep; q++)
        nodes += rk[q].f.depth + 1;
    p->path = calloc(keep > 0 ? keep : 1, sizeof *p->path);
    p->pool = malloc((nodes > 0 ? nodes : 1) * sizeof *p->pool);
    if (p->path == NULL || p->pool == NULL) {
        st = URIO_ENOMEM;
        goto done;
    }
    size_t at = 0;
    for (size_t q = 0; q < keep; q++) {
        const size_t len = rk[q].f.depth + 1;
        memcpy(p->pool + at, rk[q].nodes, len * sizeof *p->pool);
        p->path[q] = (urio_io_path){rk[q].f.value, rk[q].f.depth, p->pool + at};
        at += len;
    }
    p->count = keep;
done:
    if (S.kids != NULL)
        for (size_t i = 0; i < N; i++)
            free(S.kids[i]);
    free(S.kids);
    free(S.nkids);
    free(S.cut);
    free(S.f);
    free(S.pool);
    free(rk);
    if (st != URIO_OK) {
        urio_io_paths_free(p);
        return st;
    }
    *out = p;
    return URIO_OK;
}
