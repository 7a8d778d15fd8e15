/* journal.c - the batch journal (urio/batch.h): an append-only file in OUTDIR in
 * which every finished scenario is recorded durably, so that an interrupted batch
 * can be resumed without solving those scenarios again.
 *
 * Layout (native byte order: a journal is read back by the same build):
 *   header  "URIOJNL1" (8 bytes), key (u64)
 *   record  magic "URJR" (4), payload length L (u32), index (u64), payload (L),
 *           CRC-32 of index and payload (u32)
 * A record goes out in one write() (so a killed process loses nothing it
 * appended) and is then fdatasync'd (so a power loss loses nothing synced); after a
 * crash only the last record can be incomplete; reading stops at the first record whose magic,
 * length or checksum is wrong, and the file is cut back to the last good record
 * before anything is appended.  The journal is the run layer's own record, not an
 * output format. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urio/batch.h>

#define HEADER_MAGIC "URIOJNL1"
#define RECORD_MAGIC 0x524A5255u /* "URJR" little-endian */
#define HEADER_SIZE 16
#define RECORD_OVERHEAD 20 /* magic, length, index, crc */
#define MAX_PAYLOAD (1u << 30)

struct urio_journal {
    int fd;
    char *path;
    size_t count;
    uint64_t *index;    /* count */
    size_t *off, *len;  /* count: payload offset in buf and length */
    unsigned char *buf; /* the file as read at open */
    size_t torn;
};

uint32_t urio_crc32(uint32_t crc, const void *data, size_t len)
{
    const unsigned char *p = data;
    crc = ~crc;
    for (size_t i = 0; i < len; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

uint64_t urio_hash64(uint64_t h, const void *data, size_t len)
{
    const unsigned char *p = data;
    if (h == 0) h = UINT64_C(0xcbf29ce484222325);
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= UINT64_C(0x100000001b3);
    }
    return h;
}

static urio_status io_error(urio_diag *d, const char *path, const char *what)
{
    return urio_diag_set(d, URIO_EIO, path, 0, 0,
                         "check that the output directory is writable and has space",
                         "cannot %s the journal: %s", what, strerror(errno));
}

/* Read the whole file (fd at offset 0) into a malloc'd buffer. */
static int read_all(int fd, unsigned char **out, size_t *len)
{
    struct stat st;
    if (fstat(fd, &st) != 0) return -1;
    size_t n = (size_t)st.st_size;
    unsigned char *b = malloc(n > 0 ? n : 1);
    if (b == NULL) return -1;
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    *out = b;
    *len = got;
    return 0;
}

/* Index the records of buf[0..n) after the header; returns the end of the last
 * good record. */
static size_t scan(urio_journal *j, size_t n)
{
    size_t pos = HEADER_SIZE, cap = 0;
    while (n - pos >= RECORD_OVERHEAD) {
        uint32_t magic, len, crc;
        uint64_t idx;
        memcpy(&magic, j->buf + pos, 4);
        memcpy(&len, j->buf + pos + 4, 4);
        if (magic != RECORD_MAGIC || len > MAX_PAYLOAD || n - pos - RECORD_OVERHEAD < len) break;
        memcpy(&idx, j->buf + pos + 8, 8);
        memcpy(&crc, j->buf + pos + 16 + len, 4);
        if (urio_crc32(0, j->buf + pos + 8, 8 + (size_t)len) != crc) break;
        if (j->count == cap) {
            cap = cap > 0 ? 2 * cap : 64;
            uint64_t *a = realloc(j->index, cap * sizeof *a);
            if (a != NULL) j->index = a;
            size_t *b = realloc(j->off, cap * sizeof *b);
            if (b != NULL) j->off = b;
            size_t *c = realloc(j->len, cap * sizeof *c);
            if (c != NULL) j->len = c;
            if (a == NULL || b == NULL || c == NULL) break;
        }
        j->index[j->count] = idx;
        j->off[j->count] = pos + 16;
        j->len[j->count] = len;
        j->count++;
        pos += RECORD_OVERHEAD + (size_t)len;
    }
    return pos;
}

static int fsync_dir(const char *path)
{
    char *dir = strdup(path);
    if (dir == NULL) return -1;
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        strcpy(dir, ".");
    else if (slash == dir)
        slash[1] = '\0';
    else
        *slash = '\0';
    int fd = open(dir, O_RDONLY);
    free(dir);
    if (fd < 0) return -1;
    int r = fsync(fd);
    close(fd);
    return r;
}

static int write_all(int fd, const void *data, size_t len)
{
    const unsigned char *p = data;
    while (len > 0) {
        ssize_t w = write(fd, p, len);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        len -= (size_t)w;
    }
    return 0;
}

urio_status urio_journal_open(const char *path, uint64_t key, bool resume, urio_journal **out,
                              bool *discarded, urio_diag *d)
{
    if (out != NULL) *out = NULL;
    if (discarded != NULL) *discarded = false;
    if (path == NULL || out == NULL)
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "invalid arguments");
    urio_journal *j = calloc(1, sizeof *j);
    if (j == NULL || (j->path = strdup(path)) == NULL) {
        free(j);
        return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    }
    j->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (j->fd < 0) {
        urio_status s = io_error(d, path, "open");
        urio_journal_close(j, false);
        return s;
    }
    size_t n = 0, keep = 0;
    if (resume) {
        if (read_all(j->fd, &j->buf, &n) != 0) {
            urio_status s = io_error(d, path, "read");
            urio_journal_close(j, false);
            return s;
        }
        uint64_t k = 0;
        if (n >= HEADER_SIZE) memcpy(&k, j->buf + 8, 8);
        if (n >= HEADER_SIZE && memcmp(j->buf, HEADER_MAGIC, 8) == 0 && k == key) {
            keep = scan(j, n);
            j->torn = n - keep;
        } else if (n > 0 && discarded != NULL) {
            *discarded = true;
        }
    }
    if (keep == 0) {
        unsigned char hdr[HEADER_SIZE];
        memcpy(hdr, HEADER_MAGIC, 8);
        memcpy(hdr + 8, &key, 8);
        if (ftruncate(j->fd, 0) != 0 || lseek(j->fd, 0, SEEK_SET) != 0 ||
            write_all(j->fd, hdr, sizeof hdr) != 0 || fsync(j->fd) != 0) {
            urio_status s = io_error(d, path, "write");
            urio_journal_close(j, false);
            return s;
        }
        (void)fsync_dir(path);
    } else if (ftruncate(j->fd, (off_t)keep) != 0 || lseek(j->fd, (off_t)keep, SEEK_SET) < 0) {
        urio_status s = io_error(d, path, "repair");
        urio_journal_close(j, false);
        return s;
    }
    *out = j;
    return URIO_OK;
}

size_t urio_journal_count(const urio_journal *j)
{
    return j != NULL ? j->count : 0;
}

size_t urio_journal_torn_bytes(const urio_journal *j)
{
    return j != NULL ? j->torn : 0;
}

void urio_journal_record(const urio_journal *j, size_t i, uint64_t *index, const void **data,
                         size_t *len)
{
    *index = j->index[i];
    *data = j->buf + j->off[i];
    *len = j->len[i];
}

urio_status urio_journal_append(urio_journal *j, uint64_t index, const void *data, size_t len)
{
    if (j == NULL || (data == NULL && len > 0) || len > MAX_PAYLOAD) return URIO_EINVAL;
    unsigned char *rec = malloc(RECORD_OVERHEAD + len);
    if (rec == NULL) return URIO_ENOMEM;
    const uint32_t magic = RECORD_MAGIC, l = (uint32_t)len;
    memcpy(rec, &magic, 4);
    memcpy(rec + 4, &l, 4);
    memcpy(rec + 8, &index, 8);
    if (len > 0) memcpy(rec + 16, data, len);
    const uint32_t crc = urio_crc32(0, rec + 8, 8 + len);
    memcpy(rec + 16 + len, &crc, 4);
    int r = write_all(j->fd, rec, RECORD_OVERHEAD + len);
    free(rec);
    return r == 0 ? URIO_OK : URIO_EIO;
}

urio_status urio_journal_sync(urio_journal *j)
{
    if (j == NULL) return URIO_EINVAL;
    return fdatasync(j->fd) == 0 ? URIO_OK : URIO_EIO;
}

void urio_journal_close(urio_journal *j, bool remove)
{
    if (j == NULL) return;
    if (j->fd >= 0) close(j->fd);
    if (remove && j->path != NULL) unlink(j->path);
    free(j->path);
    free(j->index);
    free(j->off);
    free(j->len);
    free(j->buf);
    free(j);
}
