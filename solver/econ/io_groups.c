/* io_groups.c - label segments and partitions of the sectors by region, area or
 * region x area, read from `region/area/sector` labels (urio/io_analyses.h).
 *
 * DESIGN.md section 4: labels are `sector` or `region/area/sector`, and a dimension
 * with one member may be left out.  So a three-segment label is region/area/sector;
 * a two-segment label is region/sector or area/sector, which the label alone cannot
 * tell apart: both groupings then use its first segment.  The default partition
 * (URIO_GROUP_PREFIX) takes every segment but the last, which is right in every
 * case.  Group lookup goes through a sorted index, so grouping 10,000 sectors costs
 * O(n log n). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/io_analyses.h>

size_t urio_label_segments(const char *label, const char **seg, size_t *len, size_t max)
{
    size_t k = 0;
    const char *p = label;
    for (;;) {
        const char *slash = strchr(p, '/');
        const size_t l = slash != NULL ? (size_t)(slash - p) : strlen(p);
        if (k < max) {
            seg[k] = p;
            len[k] = l;
        }
        k++;
        if (slash == NULL) return k;
        p = slash + 1;
    }
}

const char *urio_group_by_name(urio_group_by by)
{
    switch (by) {
    case URIO_GROUP_PREFIX:
        return "prefix";
    case URIO_GROUP_REGION:
        return "region";
    case URIO_GROUP_AREA:
        return "area";
    }
    return "unknown";
}

void urio_io_groups_free(urio_io_groups *g)
{
    if (g == NULL) return;
    if (g->name != NULL)
        for (size_t k = 0; k < g->count; k++)
            free(g->name[k]);
    free(g->name);
    free(g->of);
    free(g->start);
    free(g->member);
    free(g);
}

/* The group key of a label: [*b, *b + *len) of the label text. */
static void group_key(const char *label, urio_group_by by, const char **b, size_t *len)
{
    const char *seg[URIO_SEGMENTS_MAX];
    size_t sl[URIO_SEGMENTS_MAX];
    const size_t ns = urio_label_segments(label, seg, sl, URIO_SEGMENTS_MAX);
    *b = label;
    *len = 0;
    if (ns < 2) return;
    switch (by) {
    case URIO_GROUP_PREFIX: {
        /* Everything before the last '/'. */
        const char *last = strrchr(label, '/');
        *len = (size_t)(last - label);
        return;
    }
    case URIO_GROUP_REGION:
        *b = seg[0];
        *len = sl[0];
        return;
    case URIO_GROUP_AREA:
        *b = ns >= 3 ? seg[1] : seg[0];
        *len = ns >= 3 ? sl[1] : sl[0];
        return;
    }
}

/* A key and the sector it came from, for sorting. */
typedef struct keyed {
    const char *b;
    size_t len;
    size_t sector;
} keyed;

static int keyed_cmp(const void *pa, const void *pb)
{
    const keyed *a = pa, *b = pb;
    const size_t l = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->b, b->b, l);
    if (c == 0) c = (a->len > b->len) - (a->len < b->len);
    if (c != 0) return c;
    return (a->sector > b->sector) - (a->sector < b->sector);
}

/* Contract (urio/io_analyses.h): *out partitions the n sectors; groups are numbered
 * in order of first appearance down the label list, members in model order.
 * URIO_EINVAL for bad arguments, URIO_ENOMEM; *out is NULL on failure. */
urio_status urio_io_groups_create(const urio_labels *sectors, urio_group_by by,
                                  urio_io_groups **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (sectors == NULL || sectors->count == 0) return URIO_EINVAL;
    if (by != URIO_GROUP_PREFIX && by != URIO_GROUP_REGION && by != URIO_GROUP_AREA)
        return URIO_EINVAL;
    const size_t n = sectors->count;
    urio_io_groups *g = calloc(1, sizeof *g);
    keyed *k = malloc(n * sizeof *k);
    size_t *first = malloc(n * sizeof *first);   /* sorted run -> first sector */
    size_t *run = malloc(n * sizeof *run);       /* sector -> sorted run */
    size_t *number = malloc(n * sizeof *number); /* sorted run -> group number */
    if (g == NULL || k == NULL || first == NULL || run == NULL || number == NULL) goto nomem;
    g->by = by;
    g->n = n;
    g->of = malloc(n * sizeof *g->of);
    g->member = malloc(n * sizeof *g->member);
    if (g->of == NULL || g->member == NULL) goto nomem;
    for (size_t i = 0; i < n; i++) {
        group_key(sectors->name[i], by, &k[i].b, &k[i].len);
        k[i].sector = i;
    }
    qsort(k, n, sizeof *k, keyed_cmp);
    size_t runs = 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || k[i].len != k[i - 1].len || memcmp(k[i].b, k[i - 1].b, k[i].len) != 0)
            first[runs++] = k[i].sector; /* sorted by sector within a run: the first */
        run[k[i].sector] = runs - 1;
    }
    /* Number the runs in order of first appearance down the label list. */
    for (size_t q = 0; q < runs; q++)
        number[q] = SIZE_MAX;
    g->name = calloc(runs, sizeof *g->name);
    g->start = calloc(runs + 1, sizeof *g->start);
    if (g->name == NULL || g->start == NULL) goto nomem;
    for (size_t i = 0; i < n; i++) {
        const size_t q = run[i];
        if (number[q] == SIZE_MAX) {
            const char *b = NULL;
            size_t len = 0;
            group_key(sectors->name[first[q]], by, &b, &len);
            number[q] = g->count;
            g->name[g->count] = strndup(b, len);
            if (g->name[g->count] == NULL) goto nomem;
            g->count++;
        }
        g->of[i] = number[q];
        g->start[number[q] + 1]++;
    }
    for (size_t q = 0; q < g->count; q++)
        g->start[q + 1] += g->start[q];
    /* Members by counting sort, keeping model order. */
    for (size_t q = 0; q < g->count; q++)
        number[q] = g->start[q]; /* reuse as fill pointers */
    for (size_t i = 0; i < n; i++)
        g->member[number[g->of[i]]++] = i;
    free(k);
    free(first);
    free(run);
    free(number);
    *out = g;
    return URIO_OK;
nomem:
    free(k);
    free(first);
    free(run);
    free(number);
    urio_io_groups_free(g);
    return URIO_ENOMEM;
}
