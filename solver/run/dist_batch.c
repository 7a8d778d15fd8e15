/* dist_batch.c - CGE scenario batches split across MPI ranks (urio/dist.h).
 * Compiled only with `make MPI=1`.
 *
 * Every rank runs the batch engine (batch.c) on the same model and scenario family
 * with two callbacks.  plan: rank 0 has read the journal (with --resume); it
 * broadcasts which tasks are done, and each rank takes the contiguous block of the
 * remaining tasks that urio_dist_share gives it (in task order: listed scenarios,
 * sweep points, then draws).  merge: once a rank's OpenMP pool has finished, it
 * sends the journal records of the tasks it solved to rank 0, which receives them
 * rank by rank and unpacks them into its batch; the engine journals them there.
 * A record holds everything the writers use (solution record, status, reason,
 * seconds, values drawn, indicators), and each task is solved by the same code
 * from the same inputs whatever rank solves it, with nothing summed across tasks:
 * rank 0 ends with the bits of a one-process run.  Only rank 0 has a journal.
 *
 * Each callback opens with an agreement round (urio_dist_agree), so a rank that
 * failed or left earlier (its journal could not be opened, it ran out of memory)
 * makes every rank return an error instead of waiting for a message.  A rank that
 * is stopped (SIGINT) takes no new task and goes on to the merge; the others finish
 * their blocks and meet it there, and rank 0 reports the batch as interrupted with
 * every finished task in its journal. */
#include <limits.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/batch.h>
#include <urio/dist.h>

#define TAG_BATCH 81
/* Messages are sent in pieces of at most this many bytes (MPI counts are int). */
#define CHUNK ((size_t)1 << 30)

void urio_dist_share(size_t nscen, int r, int p, size_t *begin, size_t *end)
{
    const size_t P = p > 0 ? (size_t)p : 1, R = (size_t)r;
    const size_t base = nscen / P, extra = nscen % P;
    *begin = R * base + (R < extra ? R : extra);
    *end = *begin + base + (R < extra ? 1 : 0);
}

static urio_status agree(urio_status local, int *payload, const char *what, urio_diag *d)
{
    int who = -1;
    const urio_status st = urio_dist_agree(local, payload, &who);
    if (st == URIO_OK) return URIO_OK;
    if (who >= 0)
        return urio_diag_set(d, st, NULL, 0, 0, NULL, "scenario batch (%s): rank %d: %s", what, who,
                             urio_strerror(st));
    return urio_diag_set(d, st, NULL, 0, 0, NULL,
                         "scenario batch (%s): another MPI rank has stopped", what);
}

/* The share: rank 0's done flags to every rank, then this rank's block of the
 * tasks not done. */
static urio_status plan(void *ctx, const urio_cge_batch *b, bool *want, urio_diag *d)
{
    (void)ctx;
    int n0 = (int)(b->n % INT_MAX);
    urio_status s = agree(URIO_OK, &n0, "start", d);
    if (s != URIO_OK) return s;
    /* Every rank read the same files, so the task counts agree; if not, stop. */
    unsigned char *done = malloc(b->n > 0 ? b->n : 1);
    urio_status mine = done == NULL ? URIO_ENOMEM : URIO_OK;
    if (mine == URIO_OK && n0 != (int)(b->n % INT_MAX)) mine = URIO_EINVAL;
    if ((s = agree(mine, NULL, "task count", d)) != URIO_OK) {
        free(done);
        return s;
    }
    for (size_t k = 0; k < b->n; k++)
        done[k] = b->done[k];
    for (size_t k0 = 0; k0 < b->n; k0 += CHUNK)
        MPI_Bcast(done + k0, (int)(b->n - k0 < CHUNK ? b->n - k0 : CHUNK), MPI_UNSIGNED_CHAR, 0,
                  MPI_COMM_WORLD);
    size_t left = 0;
    for (size_t k = 0; k < b->n; k++)
        left += done[k] ? 0 : 1;
    size_t begin = 0, end = 0, i = 0;
    urio_dist_share(left, urio_dist_rank(), urio_dist_size(), &begin, &end);
    for (size_t k = 0; k < b->n; k++) {
        want[k] = false;
        if (done[k]) continue;
        want[k] = i >= begin && i < end;
        i++;
    }
    free(done);
    return URIO_OK;
}

/* Pack every task done on this rank as (u64 index, record) into *buf. */
static urio_status pack_done(const urio_cge_batch *b, unsigned char **buf, uint64_t *len)
{
    size_t bytes = 0;
    for (size_t k = 0; k < b->n; k++)
        if (b->done[k]) bytes += sizeof(uint64_t) + urio_cge_batch_record_size(b, k);
    *len = bytes;
    *buf = malloc(bytes > 0 ? bytes : 1);
    if (*buf == NULL) return URIO_ENOMEM;
    size_t o = 0;
    for (size_t k = 0; k < b->n; k++) {
        if (!b->done[k]) continue;
        const uint64_t idx = k;
        memcpy(*buf + o, &idx, sizeof idx);
        o += sizeof idx;
        urio_cge_batch_record_pack(b, k, *buf + o);
        o += urio_cge_batch_record_size(b, k);
    }
    return URIO_OK;
}

/* Unpack the records of one rank into b; false when a record does not fit. */
static bool unpack_all(urio_cge_batch *b, const unsigned char *buf, uint64_t len)
{
    size_t o = 0;
    while (o < len) {
        uint64_t idx = 0;
        if (len - o < sizeof idx) return false;
        memcpy(&idx, buf + o, sizeof idx);
        o += sizeof idx;
        if (idx >= b->n) return false;
        const size_t rs = urio_cge_batch_record_size(b, (size_t)idx);
        if (len - o < rs || b->done[idx]) return false;
        if (!urio_cge_batch_record_unpack(b, (size_t)idx, buf + o, rs)) return false;
        o += rs;
    }
    return true;
}

/* The other ranks' results to rank 0, rank by rank. */
static urio_status merge(void *ctx, urio_cge_batch *b, urio_diag *d)
{
    (void)ctx;
    const int rank = urio_dist_rank(), size = urio_dist_size();
    unsigned char *buf = NULL;
    uint64_t len = 0;
    urio_status mine = rank == 0 ? URIO_OK : pack_done(b, &buf, &len);
    urio_status s = agree(mine, NULL, "results", d);
    if (s != URIO_OK) {
        free(buf);
        return s;
    }
    uint64_t *lens = rank == 0 ? calloc((size_t)size, sizeof *lens) : NULL;
    mine = rank == 0 && lens == NULL ? URIO_ENOMEM : URIO_OK;
    if ((s = agree(mine, NULL, "results", d)) != URIO_OK) {
        free(buf);
        return s;
    }
    MPI_Gather(&len, 1, MPI_UINT64_T, lens, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
    /* Rank 0's landing place, as large as the largest message, before any is sent. */
    if (rank == 0) {
        uint64_t most = 0;
        for (int r = 1; r < size; r++)
            most = lens[r] > most ? lens[r] : most;
        buf = most <= SIZE_MAX ? malloc(most > 0 ? (size_t)most : 1) : NULL;
        mine = buf == NULL ? URIO_ENOMEM : URIO_OK;
    }
    if ((s = agree(mine, NULL, "results", d)) != URIO_OK) {
        free(lens);
        free(buf);
        return s;
    }
    int bad = -1;
    for (int r = 1; r < size; r++) {
        if (rank == r) {
            for (uint64_t o = 0; o < len; o += CHUNK)
                MPI_Send(buf + o, (int)(len - o < CHUNK ? len - o : CHUNK), MPI_UNSIGNED_CHAR, 0,
                         TAG_BATCH, MPI_COMM_WORLD);
        } else if (rank == 0) {
            for (uint64_t o = 0; o < lens[r]; o += CHUNK)
                MPI_Recv(buf + o, (int)(lens[r] - o < CHUNK ? lens[r] - o : CHUNK),
                         MPI_UNSIGNED_CHAR, r, TAG_BATCH, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            if (bad < 0 && !unpack_all(b, buf, lens[r])) bad = r;
        }
    }
    free(lens);
    free(buf);
    if (bad >= 0)
        return urio_diag_set(d, URIO_EIO, NULL, 0, 0,
                             "every rank must run the same urio-mpi build on the same files",
                             "scenario batch: the results of rank %d do not fit this batch", bad);
    return URIO_OK;
}

urio_status urio_dist_cge_batch_run(const urio_cge_model *m, const urio_cge_family *fam,
                                    const urio_batch_opts *o, urio_cge_batch **out, urio_diag *d)
{
    if (o == NULL) return urio_cge_batch_run(m, fam, o, out, d);
    urio_batch_opts so = *o;
    if (urio_dist_size() > 1) {
        so.plan = plan;
        so.merge = merge;
        so.share_ctx = NULL;
    }
    if (!urio_dist_is_root()) { /* rank 0 alone keeps the journal */
        so.journal = NULL;
        so.resume = false;
        so.progress = NULL;
    }
    return urio_cge_batch_run(m, fam, &so, out, d);
}
