/* read_file.c - reading a whole file into memory (urio_read_file), and the small
 * path, hashing and message helpers the readers share (formats/internal.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urio/formats.h>

#include "internal.h"

static const char *open_hint(int err)
{
    switch (err) {
    case ENOENT:
    case ENOTDIR:
        return "check the path: relative paths start from the current directory "
               "(tables in a model file: from the model file's directory)";
    case EACCES:
    case EPERM:
        return "check the file's permissions (ls -l)";
    default:
        return NULL;
    }
}

/* Read everything from fd, growing the buffer geometrically; size_hint (from
 * fstat) is only a first guess, since the file may change while it is read. */
static urio_status read_all(int fd, size_t size_hint, char **buf, size_t *len, int *err)
{
    size_t cap = size_hint + 1 > 4096 ? size_hint + 1 : 4096;
    size_t n = 0;
    char *b = malloc(cap);
    if (b == NULL) return URIO_ENOMEM;
    for (;;) {
        if (cap - n < 2) {
            if (cap > SIZE_MAX / 2) {
                free(b);
                return URIO_ENOMEM;
            }
            char *g = realloc(b, cap * 2);
            if (g == NULL) {
                free(b);
                return URIO_ENOMEM;
            }
            b = g;
            cap *= 2;
        }
        ssize_t got = read(fd, b + n, cap - n - 1);
        if (got < 0) {
            if (errno == EINTR) continue;
            *err = errno;
            free(b);
            return URIO_EIO;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return URIO_OK;
}

urio_status urio_read_file(const char *path, char **buf, size_t *len, urio_diag *d)
{
    if (buf != NULL) *buf = NULL;
    if (len != NULL) *len = 0;
    if (path == NULL || buf == NULL || len == NULL)
        return urio_diag_set(d, URIO_EINVAL, path, 0, 0, NULL, "no file name given");
    if (path[0] == '\0')
        return urio_diag_set(d, URIO_EINVAL, path, 0, 0, "give the path of a file",
                             "empty file name");
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        int err = errno;
        if (err == EISDIR)
            return urio_diag_set(d, URIO_EIO, path, 0, 0, "give the path of a file in it",
                                 "is a directory, not a file");
        return urio_diag_set(d, URIO_EIO, path, 0, 0, open_hint(err), "cannot open: %s",
                             strerror(err));
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int err = errno;
        close(fd);
        return urio_diag_set(d, URIO_EIO, path, 0, 0, NULL, "cannot read: %s", strerror(err));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return urio_diag_set(d, URIO_EIO, path, 0, 0, "give the path of a file in it",
                             "is a directory, not a file");
    }
    size_t hint = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size : 0;
    int err = 0;
    urio_status s = read_all(fd, hint, buf, len, &err);
    close(fd);
    if (s == URIO_ENOMEM)
        return urio_diag_set(d, s, path, 0, 0, NULL, "out of memory reading the file");
    if (s != URIO_OK)
        return urio_diag_set(d, s, path, 0, 0, NULL, "cannot read: %s", strerror(err));
    return URIO_OK;
}

/* ---- Helpers of formats/internal.h ------------------------------------------- */

char *urio__path_dirname(const char *path)
{
    const char *slash = path != NULL ? strrchr(path, '/') : NULL;
    if (slash == NULL) return strdup(".");
    size_t n = (size_t)(slash - path);
    if (n == 0) return strdup("/");
    char *dir = malloc(n + 1);
    if (dir == NULL) return NULL;
    memcpy(dir, path, n);
    dir[n] = '\0';
    return dir;
}

char *urio__path_join(const char *dir, const char *rel)
{
    if (rel[0] == '/' || dir == NULL || strcmp(dir, ".") == 0 || dir[0] == '\0') return strdup(rel);
    size_t nd = strlen(dir), nr = strlen(rel);
    bool slash = dir[nd - 1] == '/';
    char *p = malloc(nd + nr + 2);
    if (p == NULL) return NULL;
    memcpy(p, dir, nd);
    if (!slash) p[nd++] = '/';
    memcpy(p + nd, rel, nr + 1);
    return p;
}

uint64_t urio__fnv1a(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

void urio__excerpt(const char *text, size_t len, char *out, size_t size)
{
    if (size == 0) return;
    const size_t keep = size < 64 ? size : 64; /* a message shows at most this much */
    size_t o = 0, i = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        size_t need = (c < 0x20 || c == 0x7f) ? 4 : 1;
        /* Stop at a character boundary, leaving room for "..." and the NUL. */
        if (o + need + 4 > keep && (c & 0xC0) != 0x80) break;
        if (o + need + 1 > size) break;
        if (need == 4) {
            static const char hex[] = "0123456789abcdef";
            out[o++] = '\\';
            out[o++] = 'x';
            out[o++] = hex[c >> 4];
            out[o++] = hex[c & 15];
        } else {
            out[o++] = (char)c;
        }
    }
    if (i < len && o + 4 <= size) {
        memcpy(out + o, "...", 3);
        o += 3;
    }
    out[o] = '\0';
}

/* Levenshtein distance with one row of memory; both strings are short (callers
 * cut them at 64 bytes), so the cost per pair is at most 64 * 64. */
static size_t edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}

const char *urio__nearest(const char *word, const char *const *cand, size_t ncand)
{
    if (word == NULL) return NULL;
    size_t nw = strlen(word);
    if (nw == 0 || nw > 64) return NULL;
    /* A typo changes a few characters: about one edit in three, at least two for
     * words of four or more characters, one for shorter ones. */
    size_t limit = nw <= 3 ? 1 : (nw / 3 > 2 ? nw / 3 : 2);
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t k = 0; k < ncand; k++) {
        size_t nc = strlen(cand[k]);
        if (nc > 64) continue;
        size_t gap = nc > nw ? nc - nw : nw - nc;
        if (gap >= best_d) continue;
        size_t dist = edit_distance(word, nw, cand[k], nc);
        if (dist < best_d && dist < (nc > nw ? nc : nw)) {
            best_d = dist;
            best = cand[k];
        }
    }
    return best;
}
