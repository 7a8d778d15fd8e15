/* dist_leontief.c - the Leontief inverse and shock solves on a BLACS process grid with
 * ScaLAPACK (urio/dist.h).  Compiled only with `make MPI=1`.
 *
 * Steps, all collective:
 *   1. agree, broadcast n, k and the grid that rank 0 chose;
 *   2. each grid process allocates its share of I - A (mloc x nloc, 2-D block
 *      cyclic, leading dimension mloc) and agree on the allocation;
 *   3. scatter: rank 0 walks I - A one block column at a time and sends each
 *      process row's blocks of it to their one owner (one message of mloc x nb
 *      per block column and process row); no rank receives what it does not own;
 *   4. pdgetrf (partial pivoting); every rank learns INFO;
 *   5. with right-hand sides F: scattered the same way, pdgetrs, X gathered;
 *   6. with the inverse: pdgetri (workspace sizes queried), then L comes back to
 *      rank 0 one block row at a time (nb x n): the processes of the owning process
 *      row each send their columns of it; rank 0 hands the panel to a callback
 *      (streamed to a file) and/or copies it into a full matrix.
 * Rank 0 therefore holds, besides its own share, one block column of send buffer
 * and one row panel.  ScaLAPACK has no C header in Debian: the prototypes below are
 * those of its Fortran interface (LP64 integers; a character argument carries a
 * hidden length, as gfortran passes it). */
#include <limits.h>
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/dist.h>

extern void Cblacs_get(int ctxt, int what, int *val);
extern void Cblacs_gridinit(int *ctxt, const char *order, int nprow, int npcol);
extern void Cblacs_gridinfo(int ctxt, int *nprow, int *npcol, int *myrow, int *mycol);
extern void Cblacs_gridexit(int ctxt);
extern void descinit_(int *desc, const int *m, const int *n, const int *mb, const int *nb,
                      const int *irsrc, const int *icsrc, const int *ictxt, const int *lld,
                      int *info);
extern void pdgetrf_(const int *m, const int *n, double *a, const int *ia, const int *ja,
                     const int *desca, int *ipiv, int *info);
extern void pdgetrs_(const char *trans, const int *n, const int *nrhs, const double *a,
                     const int *ia, const int *ja, const int *desca, const int *ipiv, double *b,
                     const int *ib, const int *jb, const int *descb, int *info, size_t trans_len);
extern void pdgetri_(const int *n, double *a, const int *ia, const int *ja, const int *desca,
                     const int *ipiv, double *work, const int *lwork, int *iwork, const int *liwork,
                     int *info);

#define TAG_SCATTER 71
#define TAG_GATHER 72

/* The grid as this process sees it. */
typedef struct grid_ctx {
    int ctx, nprow, npcol, myrow, mycol, nb;
    bool member; /* part of the grid (ranks beyond Pr * Pc idle) */
} grid_ctx;

/* Global index of local index l on process coordinate p of np, block nb. */
static size_t l2g(size_t l, int nb, int p, int np)
{
    const size_t b = (size_t)nb;
    return ((l / b) * (size_t)np + (size_t)p) * b + l % b;
}

/* Scatter the n x cols matrix M diag(x)^-1 (rank 0; column-major, ld n; zero
 * columns where x_j = 0; x NULL: M) into the local arrays `loc` (mloc x local cols,
 * ld lld) of the owners.  identity_minus: send I - M diag(x)^-1 instead.  buf: rank 0's pack
 * buffer of at least mloc(0) x nb doubles. */
static void scatter(const grid_ctx *g, size_t n, size_t cols, const double *M, const double *x,
                    bool identity_minus, double *loc, size_t lld, double *buf)
{
    if (!g->member) return;
    const int root = urio_dist_rank() == 0;
    const size_t b = (size_t)g->nb, nblk = (cols + b - 1) / b;
    for (size_t jb = 0; jb < nblk; jb++) {
        const size_t j0 = jb * b, jw = cols - j0 < b ? cols - j0 : b;
        const int pc = (int)(jb % (size_t)g->npcol);
        const size_t lj0 = (jb / (size_t)g->npcol) * b;
        for (int pr = 0; pr < g->nprow; pr++) {
            const int dest = pr * g->npcol + pc;
            const size_t mp = urio_dist_numroc(n, g->nb, pr, g->nprow);
            if (root) {
                double *out = dest == 0 ? loc + lj0 * lld : buf;
                const size_t ld = dest == 0 ? lld : mp;
                for (size_t jj = 0; jj < jw; jj++) {
                    const size_t gj = j0 + jj;
                    const double xj = x != NULL ? x[gj] : 1.0;
                    for (size_t li = 0; li < mp; li++) {
                        const size_t gi = l2g(li, g->nb, pr, g->nprow);
                        /* A_ij = Z_ij / x_j as urio_io_analyse divides (0 when x_j = 0). */
                        const double v = x == NULL  ? M[gi + gj * n]
                                         : xj > 0.0 ? M[gi + gj * n] / xj
                                                    : 0.0;
                        out[li + jj * ld] = identity_minus ? (gi == gj ? 1.0 : 0.0) - v : v;
                    }
                }
                if (dest != 0 && mp > 0)
                    MPI_Send(buf, (int)(mp * jw), MPI_DOUBLE, dest, TAG_SCATTER, MPI_COMM_WORLD);
            } else if (pr == g->myrow && pc == g->mycol && mp > 0) {
                /* ld == mloc: the block column arrives as contiguous local columns. */
                MPI_Recv(loc + lj0 * lld, (int)(mp * jw), MPI_DOUBLE, 0, TAG_SCATTER,
                         MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
        }
    }
}

/* Gather the n x cols distributed matrix (local `loc`, ld lld) to rank 0 one block
 * row at a time; rank 0 hands each panel (iw x cols, ld iw) to fn and/or copies it
 * into full (n x cols, ld n).  buf: every process's pack buffer of nb x (its local
 * cols) doubles; panel: rank 0's nb x cols. */
static urio_status gather(const grid_ctx *g, size_t n, size_t cols, const double *loc, size_t lld,
                          double *buf, double *panel, urio_dist_panel_fn fn, void *ctx,
                          double *full)
{
    if (!g->member) return URIO_OK;
    const int root = urio_dist_rank() == 0;
    const size_t b = (size_t)g->nb, nblk = (n + b - 1) / b;
    urio_status st = URIO_OK;
    for (size_t ib = 0; ib < nblk; ib++) {
        const size_t i0 = ib * b, iw = n - i0 < b ? n - i0 : b;
        const int pr = (int)(ib % (size_t)g->nprow);
        const size_t li0 = (ib / (size_t)g->nprow) * b;
        if (!root && g->myrow == pr) {
            const size_t nloc = urio_dist_numroc(cols, g->nb, g->mycol, g->npcol);
            if (nloc == 0) continue;
            for (size_t lj = 0; lj < nloc; lj++)
                memcpy(buf + lj * iw, loc + li0 + lj * lld, iw * sizeof *buf);
            MPI_Send(buf, (int)(iw * nloc), MPI_DOUBLE, 0, TAG_GATHER, MPI_COMM_WORLD);
            continue;
        }
        if (!root) continue;
        for (int pc = 0; pc < g->npcol; pc++) {
            const int src = pr * g->npcol + pc;
            const size_t nloc = urio_dist_numroc(cols, g->nb, pc, g->npcol);
            if (nloc == 0) continue;
            const double *from;
            if (src == 0) {
                for (size_t lj = 0; lj < nloc; lj++)
                    memcpy(buf + lj * iw, loc + li0 + lj * lld, iw * sizeof *buf);
                from = buf;
            } else {
                MPI_Recv(buf, (int)(iw * nloc), MPI_DOUBLE, src, TAG_GATHER, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                from = buf;
            }
            for (size_t lj = 0; lj < nloc; lj++)
                memcpy(panel + l2g(lj, g->nb, pc, g->npcol) * iw, from + lj * iw,
                       iw * sizeof *panel);
        }
        if (full != NULL)
            for (size_t j = 0; j < cols; j++)
                memcpy(full + i0 + j * n, panel + j * iw, iw * sizeof *full);
        /* A failing sink stops writing but not the protocol: the other ranks still
         * send their panels, so nobody is left waiting. */
        if (fn != NULL && st == URIO_OK) st = fn(ctx, i0, iw, cols, panel);
    }
    return st;
}

/* An agreement round; d is filled when another rank failed (a local failure has
 * filled it already). */
/* Gather the n x n distributed L to rank 0 as text, one block row at a time.
 * Each process of the owning process row formats its numbers (fmt, each preceded
 * by a comma) for every row of the panel and every one of its local column blocks,
 * and sends the segment lengths and then the text; rank 0 puts each row's segments
 * in global column order and hands the row to row_fn.  Formatting numbers, the
 * costly part of writing a CSV, is so spread over the ranks; rank 0 only copies
 * bytes.  Every process also keeps the smallest element it saw in *min_l. */
static urio_status gather_text(const grid_ctx *g, size_t n, const double *loc, size_t lld,
                               urio_dist_format_fn fmt, urio_dist_row_fn row_fn, void *ctx,
                               double *min_l)
{
    if (!g->member) { /* an idle rank still joins the allocation check below */
        int one = 1, all = 0;
        MPI_Allreduce(&one, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
        return all ? URIO_OK : URIO_ENOMEM;
    }
    const int root = urio_dist_rank() == 0;
    const size_t b = (size_t)g->nb, nblk = (n + b - 1) / b;
    const size_t maxloc = urio_dist_numroc(n, g->nb, 0, g->npcol), lblk = (maxloc + b - 1) / b;
    /* Per process: its segment text for one panel and the lengths (iw x lblk). */
    const size_t cap = b * maxloc * 32 + 1;
    char *text = malloc(cap), *line = root ? malloc(n * 32 + 1) : NULL;
    unsigned long long *len = malloc(b * (lblk > 0 ? lblk : 1) * sizeof *len);
    /* Rank 0 keeps every process column's segments of the current panel. */
    char **rtext = root ? calloc((size_t)g->npcol, sizeof *rtext) : NULL;
    unsigned long long **rlen = root ? calloc((size_t)g->npcol, sizeof *rlen) : NULL;
    size_t *offs = root ? calloc((size_t)g->npcol, sizeof *offs) : NULL;
    urio_status st = URIO_OK;
    int ok = text != NULL && len != NULL &&
             (!root || (line != NULL && rtext != NULL && offs != NULL && rlen != NULL));
    for (int c = 0; root && ok && c < g->npcol; c++) {
        rtext[c] = malloc(cap);
        rlen[c] = malloc(b * (lblk > 0 ? lblk : 1) * sizeof **rlen);
        ok = rtext[c] != NULL && rlen[c] != NULL;
    }
    int all_ok = 0;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all_ok) {
        st = URIO_ENOMEM;
        goto done;
    }
    const size_t nloc = urio_dist_numroc(n, g->nb, g->mycol, g->npcol);
    const size_t nlb = (nloc + b - 1) / b;
    for (size_t ib = 0; ib < nblk; ib++) {
        const size_t i0 = ib * b, iw = n - i0 < b ? n - i0 : b;
        const int pr = (int)(ib % (size_t)g->nprow);
        const size_t li0 = (ib / (size_t)g->nprow) * b;
        size_t used = 0;
        if (g->myrow == pr) { /* format this process's part of the panel */
            for (size_t r = 0; r < iw; r++)
                for (size_t lb = 0; lb < nlb; lb++) {
                    const size_t start = used, lj1 = (lb + 1) * b < nloc ? (lb + 1) * b : nloc;
                    for (size_t lj = lb * b; lj < lj1; lj++) {
                        const double v = loc[li0 + r + lj * lld];
                        if (v < *min_l || isnan(v)) *min_l = v;
                        text[used++] = ',';
                        used += fmt(v, text + used);
                    }
                    len[r * nlb + lb] = used - start;
                }
            if (!root && nloc > 0) { /* rank 0 expects nothing from an empty column */
                MPI_Send(len, (int)(iw * nlb), MPI_UNSIGNED_LONG_LONG, 0, TAG_GATHER,
                         MPI_COMM_WORLD);
                MPI_Send(text, (int)used, MPI_CHAR, 0, TAG_GATHER, MPI_COMM_WORLD);
            }
        }
        if (!root) continue;
        for (int pc = 0; pc < g->npcol; pc++) {
            const int src = pr * g->npcol + pc;
            const size_t cl = urio_dist_numroc(n, g->nb, pc, g->npcol), cb = (cl + b - 1) / b;
            if (src == 0) {
                memcpy(rtext[pc], text, used);
                memcpy(rlen[pc], len, iw * cb * sizeof *len);
                continue;
            }
            if (cl == 0) continue;
            MPI_Recv(rlen[pc], (int)(iw * cb), MPI_UNSIGNED_LONG_LONG, src, TAG_GATHER,
                     MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            size_t total = 0;
            for (size_t q = 0; q < iw * cb; q++)
                total += rlen[pc][q];
            MPI_Recv(rtext[pc], (int)total, MPI_CHAR, src, TAG_GATHER, MPI_COMM_WORLD,
                     MPI_STATUS_IGNORE);
        }
        /* Offsets: process column pc's segments are stored row by row, block by block. */
        for (int pc = 0; pc < g->npcol; pc++)
            offs[pc] = 0;
        for (size_t r = 0; r < iw; r++) {
            size_t ll = 0;
            for (size_t jb = 0; jb < nblk; jb++) {
                const int pc = (int)(jb % (size_t)g->npcol);
                const size_t cb = (urio_dist_numroc(n, g->nb, pc, g->npcol) + b - 1) / b;
                const size_t q = rlen[pc][r * cb + jb / (size_t)g->npcol];
                memcpy(line + ll, rtext[pc] + offs[pc], q);
                offs[pc] += q;
                ll += q;
            }
            if (st == URIO_OK) st = row_fn(ctx, i0 + r, line, ll);
        }
    }
done:
    for (int c = 0; rtext != NULL && c < g->npcol; c++)
        free(rtext[c]);
    for (int c = 0; rlen != NULL && c < g->npcol; c++)
        free(rlen[c]);
    free(rtext);
    free(rlen);
    free(offs);
    free(text);
    free(line);
    free(len);
    return st;
}

static urio_status agree_d(urio_status local, const char *what, urio_diag *d)
{
    int who = -1;
    urio_status st = urio_dist_agree(local, NULL, &who);
    if (local != URIO_OK) {
        if (d != NULL && d->status == URIO_OK)
            urio_diag_set(d, local, NULL, 0, 0, NULL, "%s: %s", what, urio_strerror(local));
        return local;
    }
    if (st != URIO_OK && who >= 0)
        urio_diag_set(d, st, NULL, 0, 0, NULL, "%s: rank %d of %d: %s", what, who, urio_dist_size(),
                      urio_strerror(st));
    else if (st != URIO_OK)
        urio_diag_set(d, st, NULL, 0, 0, NULL, "%s: another rank has stopped", what);
    return st;
}

urio_status urio_dist_leontief(const urio_matrix *M, const double *x, const urio_matrix *F,
                               const urio_dist_leontief_opts *o, urio_matrix **X,
                               urio_matrix **L_out, urio_dist_leontief_info *info, urio_diag *d)
{
    const int root = urio_dist_is_root();
    if (X != NULL) *X = NULL;
    if (L_out != NULL) *L_out = NULL;

    /* 1. Rank 0 checks its input and chooses the grid; everyone agrees. */
    urio_dist_grid grid = {1, 1, 1};
    urio_status st = URIO_OK;
    long long par[7] = {0, 0, 0, 0, 0, 0, 0}; /* n, k, Pr, Pc, nb, inverse, text */
    if (root) {
        if (M == NULL || M->rows != M->cols || M->rows == 0 || M->rows > INT_MAX / 2 || o == NULL ||
            (F != NULL && F->rows != M->rows))
            st = urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL,
                               "distributed Leontief: no square matrix (internal error)");
        else if (urio_dist_grid_choose(M->rows, urio_dist_size(), o->want_pr, o->want_pc,
                                       o->want_nb, &grid) != URIO_OK)
            st = urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                               "run with at least PR x PC ranks (mpirun -np), or change --grid",
                               "the process grid %dx%d needs %d ranks; this run has %d", o->want_pr,
                               o->want_pc, o->want_pr * o->want_pc, urio_dist_size());
        if (st == URIO_OK) {
            par[0] = (long long)M->rows;
            par[1] = F != NULL ? (long long)F->cols : 0;
            par[2] = grid.nprow;
            par[3] = grid.npcol;
            par[4] = grid.nb;
            par[5] = o->inverse;
            par[6] = o->row != NULL;
        }
    }
    if ((st = agree_d(st, "distributed Leontief", d)) != URIO_OK) return st;
    MPI_Bcast(par, 7, MPI_LONG_LONG, 0, MPI_COMM_WORLD);
    const bool as_text = par[6] != 0;
    if (as_text && o->format == NULL) { /* every rank formats: all must know how */
        st = URIO_EINVAL;
        urio_diag_set(d, st, NULL, 0, 0, NULL, "distributed Leontief: no number format");
    }
    if ((st = agree_d(st, "distributed Leontief", d)) != URIO_OK) return st;
    const size_t n = (size_t)par[0], k = (size_t)par[1];
    const bool inverse = par[5] != 0;
    grid.nprow = (int)par[2];
    grid.npcol = (int)par[3];
    grid.nb = (int)par[4];
    if (info != NULL) {
        memset(info, 0, sizeof *info);
        info->grid = grid;
        info->n = n;
        info->bytes_per_rank = urio_dist_leontief_bytes(n, k, &grid);
    }

    /* 2. The grid and the local arrays. */
    grid_ctx g = {0, 0, 0, -1, -1, grid.nb, false};
    Cblacs_get(-1, 0, &g.ctx);
    Cblacs_gridinit(&g.ctx, "Row", grid.nprow, grid.npcol);
    Cblacs_gridinfo(g.ctx, &g.nprow, &g.npcol, &g.myrow, &g.mycol);
    g.member = g.myrow >= 0 && g.mycol >= 0 && g.myrow < grid.nprow && g.mycol < grid.npcol;
    g.nprow = grid.nprow;
    g.npcol = grid.npcol;

    const int ni = (int)n, ki = (int)k, nbi = grid.nb, zero = 0, one = 1;
    size_t mloc = 0, nloc = 0, kloc = 0;
    double *a = NULL, *bx = NULL, *sbuf = NULL, *panel = NULL, *work = NULL;
    int *ipiv = NULL, *iwork = NULL;
    int desca[9] = {0}, descb[9] = {0};
    st = URIO_OK;
    if (g.member) {
        mloc = urio_dist_numroc(n, grid.nb, g.myrow, g.nprow);
        nloc = urio_dist_numroc(n, grid.nb, g.mycol, g.npcol);
        kloc = urio_dist_numroc(k, grid.nb, g.mycol, g.npcol);
        const int lld = mloc > 0 ? (int)mloc : 1;
        int dinfo = 0;
        descinit_(desca, &ni, &ni, &nbi, &nbi, &zero, &zero, &g.ctx, &lld, &dinfo);
        if (dinfo == 0 && k > 0)
            descinit_(descb, &ni, &ki, &nbi, &nbi, &zero, &zero, &g.ctx, &lld, &dinfo);
        if (dinfo != 0) st = URIO_ELAPACK;
        const size_t wide = nloc > kloc ? nloc : kloc;
        const size_t sb = (size_t)grid.nb * (root ? (n > k ? n : k) : (wide > 0 ? wide : 1));
        a = malloc((mloc > 0 ? mloc : 1) * (nloc > 0 ? nloc : 1) * sizeof *a);
        ipiv = malloc((mloc + (size_t)grid.nb) * sizeof *ipiv);
        /* One pack buffer for both directions: rank 0 needs mloc x nb to scatter and
         * nb x (its local columns) to gather; the others nb x their local columns. */
        const size_t sbuf_len =
            root ? (mloc * (size_t)grid.nb > sb ? mloc * (size_t)grid.nb : sb) : sb;
        sbuf = malloc(sbuf_len * sizeof *sbuf);
        if (k > 0) bx = malloc((mloc > 0 ? mloc : 1) * kloc * sizeof *bx + sizeof *bx);
        if (root) panel = malloc((size_t)grid.nb * (n > k ? n : k) * sizeof *panel);
        if (st == URIO_OK && (a == NULL || ipiv == NULL || sbuf == NULL || (k > 0 && bx == NULL) ||
                              (root && panel == NULL)))
            st = URIO_ENOMEM;
    }
    if ((st = agree_d(st, "distributed Leontief: local arrays", d)) != URIO_OK) goto done;

    /* 3. Scatter I - A (and F). */
    double t = MPI_Wtime();
    scatter(&g, n, n, root ? M->data : NULL, x, true, a, mloc > 0 ? mloc : 1, sbuf);
    if (k > 0) scatter(&g, n, k, root ? F->data : NULL, NULL, false, bx, mloc > 0 ? mloc : 1, sbuf);
    if (info != NULL) info->seconds_scatter = MPI_Wtime() - t;

    /* 4. LU with partial pivoting. */
    t = MPI_Wtime();
    int linfo = 0, ginfo = 0;
    if (g.member) pdgetrf_(&ni, &ni, a, &one, &one, desca, ipiv, &linfo);
    MPI_Allreduce(&linfo, &ginfo, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    if (info != NULL) info->seconds_factor = MPI_Wtime() - t;
    if (ginfo != 0) {
        st = ginfo > 0 ? URIO_ESINGULAR : URIO_ELAPACK;
        urio_diag_set(d, st, NULL, 0, 0, NULL,
                      ginfo > 0 ? "pdgetrf: I - A has an exact zero pivot (column %d)"
                                : "pdgetrf rejected argument %d (internal error)",
                      ginfo > 0 ? ginfo : -ginfo);
        goto done;
    }

    /* 5. Shock solves. */
    if (k > 0) {
        t = MPI_Wtime();
        linfo = 0;
        if (g.member)
            pdgetrs_("N", &ni, &ki, a, &one, &one, desca, ipiv, bx, &one, &one, descb, &linfo, 1);
        MPI_Allreduce(&linfo, &ginfo, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        urio_matrix *Xm = NULL;
        st = ginfo != 0 ? URIO_ELAPACK : URIO_OK;
        if (st == URIO_OK && root) st = urio_matrix_create(n, k, &Xm);
        if ((st = agree_d(st, "distributed Leontief: solves", d)) != URIO_OK) {
            urio_matrix_free(Xm);
            goto done;
        }
        st = gather(&g, n, k, bx, mloc > 0 ? mloc : 1, sbuf, panel, NULL, NULL,
                    root ? Xm->data : NULL);
        if (root && X != NULL)
            *X = Xm;
        else
            urio_matrix_free(Xm);
        if (info != NULL) info->seconds_solve = MPI_Wtime() - t;
    }

    /* 6. The inverse. */
    if (inverse) {
        t = MPI_Wtime();
        int lwork = -1, liwork = -1, q_iwork = 0;
        double q_work = 0.0;
        linfo = 0;
        if (g.member)
            pdgetri_(&ni, a, &one, &one, desca, ipiv, &q_work, &lwork, &q_iwork, &liwork, &linfo);
        st = URIO_OK;
        if (g.member) {
            lwork = (int)q_work + 1;
            liwork = q_iwork + 1;
            work = malloc((size_t)lwork * sizeof *work);
            iwork = malloc((size_t)liwork * sizeof *iwork);
            if (work == NULL || iwork == NULL) st = URIO_ENOMEM;
        }
        if ((st = agree_d(st, "distributed Leontief: pdgetri workspace", d)) != URIO_OK) goto done;
        linfo = 0;
        if (g.member)
            pdgetri_(&ni, a, &one, &one, desca, ipiv, work, &lwork, iwork, &liwork, &linfo);
        MPI_Allreduce(&linfo, &ginfo, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
        if (info != NULL) info->seconds_inverse = MPI_Wtime() - t;
        if (ginfo != 0) {
            st = ginfo > 0 ? URIO_ESINGULAR : URIO_ELAPACK;
            urio_diag_set(d, st, NULL, 0, 0, NULL, "pdgetri failed (INFO %d)", ginfo);
            goto done;
        }
        t = MPI_Wtime();
        urio_matrix *Lm = NULL;
        st = URIO_OK;
        if (root && o->gather) st = urio_matrix_create(n, n, &Lm);
        if ((st = agree_d(st, "distributed Leontief: gathering L", d)) != URIO_OK) goto done;
        double min_l = INFINITY, gmin = INFINITY;
        if (as_text)
            st = gather_text(&g, n, a, mloc > 0 ? mloc : 1, o->format, root ? o->row : NULL,
                             root ? o->panel_ctx : NULL, &min_l);
        else
            st = gather(&g, n, n, a, mloc > 0 ? mloc : 1, sbuf, panel, root ? o->panel : NULL,
                        root ? o->panel_ctx : NULL, Lm != NULL ? Lm->data : NULL);
        /* NaN counts as the smallest: MPI's MIN would drop it, so send it as -inf. */
        if (isnan(min_l)) min_l = -INFINITY;
        MPI_Allreduce(&min_l, &gmin, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
        if (info != NULL) info->min_l = gmin;
        if (info != NULL) info->seconds_gather = MPI_Wtime() - t;
        if (st != URIO_OK) {
            urio_matrix_free(Lm);
            /* Only rank 0 writes: it alone can fail here; the others finished cleanly. */
            urio_diag_set(d, st, NULL, 0, 0, NULL, "writing L: %s", urio_strerror(st));
            goto done;
        }
        if (L_out != NULL)
            *L_out = Lm;
        else
            urio_matrix_free(Lm);
    }
    st = URIO_OK;

done:
    free(a);
    free(bx);
    free(ipiv);
    free(sbuf);
    free(panel);
    free(work);
    free(iwork);
    if (g.member) Cblacs_gridexit(g.ctx);
    if (st != URIO_OK && root && X != NULL) {
        urio_matrix_free(*X);
        *X = NULL;
    }
    return st;
}

void urio_dist_io_output(const urio_matrix *Z, const urio_matrix *Y, double *x, double *f)
{
    /* The sums in the order of urio_io_analyse (econ/io_model.c), so that x is the
     * same to the last bit. */
    const size_t n = Z->rows, k = Y->cols;
    for (size_t i = 0; i < n; i++)
        x[i] = 0.0;
    for (size_t j = 0; j < n; j++)
        for (size_t i = 0; i < n; i++)
            x[i] += Z->data[i + j * n];
    for (size_t i = 0; i < n; i++) {
        double fs = 0.0;
        for (size_t c = 0; c < k; c++)
            fs += Y->data[i + c * n];
        f[i] = fs;
        x[i] += fs;
    }
}
