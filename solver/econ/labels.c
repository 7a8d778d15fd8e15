/* labels.c - label lists with a sorted index, label validation, and the labelled
 * table destructor (urio/table.h).
 *
 * urio_labels keeps the names in the caller's order and, beside them, the
 * permutation `order` that sorts them by strcmp, ties broken by position.  Lookup is
 * a binary search over that permutation (O(log n)), and duplicates are found in
 * the same pass that builds it: equal names end up adjacent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <urio/table.h>

/* One entry of the sort: a name and where it stands in the caller's list. */
typedef struct label_key {
    const char *name;
    size_t index;
} label_key;

/* strcmp order, then position, so that the sort is deterministic (qsort is not
 * stable) and, among equal names, the first occurrence comes first. */
static int label_key_cmp(const void *pa, const void *pb)
{
    const label_key *a = pa, *b = pb;
    const int c = strcmp(a->name, b->name);
    if (c != 0) return c;
    return (a->index > b->index) - (a->index < b->index);
}

static char *dup_string(const char *s)
{
    const size_t len = strlen(s) + 1;
    char *t = malloc(len);
    if (t != NULL) memcpy(t, s, len);
    return t;
}

void urio_labels_free(urio_labels *l)
{
    if (l == NULL) return;
    if (l->name != NULL) {
        for (size_t i = 0; i < l->count; i++)
            free(l->name[i]);
    }
    free(l->name);
    free(l->order);
    free(l);
}

/* Contract: *out holds copies of names[0..count-1] (count may be 0) in that order,
 * with the sorted index built.  URIO_EINVAL when out is NULL, or names is NULL
 * while count > 0, or an entry is NULL.  URIO_EMODEL when a name occurs twice: *dup
 * (if not NULL) then receives the smallest index i such that names[i] equals an
 * earlier name, i.e. the first repeat a reader meets going down the list; *out is
 * NULL.  Labels are not checked with urio_label_valid here: callers that read user
 * input do that, with file positions for the message. */
urio_status urio_labels_create(size_t count, const char *const *names, urio_labels **out,
                               size_t *dup)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (count > 0 && names == NULL) return URIO_EINVAL;
    for (size_t i = 0; i < count; i++)
        if (names[i] == NULL) return URIO_EINVAL;
    if (count > SIZE_MAX / sizeof(label_key)) return URIO_ENOMEM;

    urio_labels *l = calloc(1, sizeof *l);
    if (l == NULL) return URIO_ENOMEM;
    if (count == 0) {
        *out = l;
        return URIO_OK;
    }
    label_key *keys = malloc(count * sizeof *keys);
    l->name = calloc(count, sizeof *l->name);
    l->order = malloc(count * sizeof *l->order);
    if (keys == NULL || l->name == NULL || l->order == NULL) {
        free(keys);
        urio_labels_free(l);
        return URIO_ENOMEM;
    }
    l->count = count;
    for (size_t i = 0; i < count; i++) {
        l->name[i] = dup_string(names[i]);
        if (l->name[i] == NULL) {
            free(keys);
            urio_labels_free(l);
            return URIO_ENOMEM;
        }
        keys[i].name = l->name[i];
        keys[i].index = i;
    }
    qsort(keys, count, sizeof *keys, label_key_cmp);

    size_t first_repeat = SIZE_MAX;
    for (size_t k = 0; k < count; k++) {
        l->order[k] = keys[k].index;
        /* Within a run of equal names the positions ascend, so keys[k] with k > run
         * start is a repeat; the smallest such position is the first repeat. */
        if (k > 0 && strcmp(keys[k - 1].name, keys[k].name) == 0 && keys[k].index < first_repeat)
            first_repeat = keys[k].index;
    }
    free(keys);
    if (first_repeat != SIZE_MAX) {
        if (dup != NULL) *dup = first_repeat;
        urio_labels_free(l);
        return URIO_EMODEL;
    }
    *out = l;
    return URIO_OK;
}

urio_status urio_labels_copy(const urio_labels *src, urio_labels **out)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (src == NULL) return URIO_EINVAL;
    return urio_labels_create(src->count, (const char *const *)src->name, out, NULL);
}

/* Contract: true when name is in l, with *index (if not NULL) its position in the
 * caller's order.  Binary search over the sorted index: O(log n) strcmp calls.
 * False for NULL arguments. */
bool urio_labels_find(const urio_labels *l, const char *name, size_t *index)
{
    if (l == NULL || name == NULL || l->count == 0) return false;
    size_t lo = 0, hi = l->count; /* search [lo, hi) */
    while (lo < hi) {
        const size_t mid = lo + (hi - lo) / 2;
        const size_t at = l->order[mid];
        const int c = strcmp(name, l->name[at]);
        if (c == 0) {
            if (index != NULL) *index = at;
            return true;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}

bool urio_labels_equal(const urio_labels *a, const urio_labels *b)
{
    if (a == NULL || b == NULL) return a == b;
    if (a->count != b->count) return false;
    for (size_t i = 0; i < a->count; i++)
        if (strcmp(a->name[i], b->name[i]) != 0) return false;
    return true;
}

/* Length in bytes of the UTF-8 sequence starting at s, or 0 when it is not
 * well-formed (RFC 3629: no overlong forms, no surrogates, nothing above
 * U+10FFFF, no truncated sequence).  s[0] is >= 0x80. */
static size_t utf8_sequence(const unsigned char *s)
{
    const unsigned char c = s[0];
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0; /* overlong */
        if (c == 0xED) hi = 0x9F; /* surrogates U+D800..U+DFFF */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90; /* overlong */
        if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else {
        return 0; /* continuation byte, overlong lead C0/C1, or F5..FF */
    }
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < len; k++)
        if (s[k] < 0x80 || s[k] > 0xBF) return 0;
    return len;
}

/* Contract: true when text is an acceptable label (DESIGN.md section 4): not
 * empty, at most URIO_LABEL_MAX bytes, well-formed UTF-8, no ASCII control
 * character (below 0x20, or 0x7F), no space at either end, and no empty segment
 * between slashes (so no leading or trailing `/` and no `//`).  On false, *why (if
 * not NULL) points at a static sentence naming the reason. */
bool urio_label_valid(const char *text, const char **why)
{
    const char *reason = NULL;
    if (text == NULL || text[0] == '\0') {
        reason = "the label is empty";
        goto out;
    }
    const unsigned char *s = (const unsigned char *)text;
    size_t len = 0;
    while (s[len] != '\0') {
        if (len >= URIO_LABEL_MAX) {
            reason = "the label is longer than 256 bytes";
            goto out;
        }
        const unsigned char c = s[len];
        if (c < 0x20 || c == 0x7F) {
            reason = "the label contains a control character";
            goto out;
        }
        if (c < 0x80) {
            len++;
            continue;
        }
        const size_t seq = utf8_sequence(s + len);
        if (seq == 0) {
            reason = "the label is not valid UTF-8";
            goto out;
        }
        len += seq;
    }
    if (len > URIO_LABEL_MAX) {
        reason = "the label is longer than 256 bytes";
        goto out;
    }
    if (s[0] == ' ' || s[len - 1] == ' ') {
        reason = "the label starts or ends with a space";
        goto out;
    }
    if (s[0] == '/' || s[len - 1] == '/' || strstr(text, "//") != NULL) {
        reason = "the label has an empty segment (a `/` at either end, or `//`)";
        goto out;
    }
out:
    if (why != NULL) *why = reason;
    return reason == NULL;
}

void urio_table_free(urio_table *t)
{
    if (t == NULL) return;
    free(t->corner);
    urio_labels_free(t->rows);
    urio_labels_free(t->cols);
    urio_matrix_free(t->values);
    free(t->source);
    free(t->row_line);
    free(t->col_column);
    free(t);
}
