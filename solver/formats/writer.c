/* writer.c - atomic output files, round-tripping numbers, mkdir -p (urio/formats.h).
 *
 * Every output file is written through an urio_writer: the data go to a temporary
 * file `PATH.tmp.XXXXXX` made by mkstemp in the same directory (so that rename is
 * atomic: same file system), through a 64 KiB stdio buffer.  urio_writer_commit
 * flushes, fsyncs, closes and renames; only then does PATH appear or change.  Any
 * failure (ENOSPC, EFBIG, EIO, a directory in the way) removes the temporary file
 * and reports URIO_EIO with the path and strerror, so a failed run never leaves a
 * half-written file behind (DESIGN.md section 3).
 *
 * Write errors are sticky: after the first failed write every further write is
 * skipped and returns URIO_EIO, and commit reports the first error (with its
 * errno) instead of renaming.  A caller may therefore stop at the first failed
 * write and call either urio_writer_commit (to get the diagnostic) or
 * urio_writer_abort.  Thread-safety: one writer per thread; no globals. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <urio/formats.h>

#include "internal.h"

struct urio_writer {
    FILE *fp;
    char *path; /* final name */
    char *tmp;  /* temporary name beside it */
    int err;    /* errno of the first failure, 0 while all is well */
};

/* Output files get rw-r--r--; mkstemp creates them rw------- . */
#define WRITER_MODE 0644
#define WRITER_BUFSIZE (64 * 1024)

/* A copy of s; NULL when out of memory. */
static char *dup_string(const char *s)
{
    size_t n = strlen(s) + 1;
    char *c = malloc(n);
    if (c != NULL) memcpy(c, s, n);
    return c;
}

static void writer_free(urio_writer *w)
{
    if (w == NULL) return;
    free(w->path);
    free(w->tmp);
    free(w);
}

urio_status urio_writer_open(const char *path, urio_writer **out, urio_diag *d)
{
    if (out == NULL) return URIO_EINVAL;
    *out = NULL;
    if (path == NULL || path[0] == '\0')
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "empty output path");
    urio_writer *w = calloc(1, sizeof *w);
    if (w == NULL) return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    static const char suffix[] = ".tmp.XXXXXX";
    size_t n = strlen(path);
    w->path = dup_string(path);
    w->tmp = malloc(n + sizeof suffix);
    if (w->path == NULL || w->tmp == NULL) {
        writer_free(w);
        return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    }
    memcpy(w->tmp, path, n);
    memcpy(w->tmp + n, suffix, sizeof suffix);

    int fd = mkstemp(w->tmp);
    if (fd < 0) {
        int e = errno;
        urio_diag_set(d, URIO_EIO, path, 0, 0,
                      "check that the output directory exists and is writable",
                      "cannot create a temporary file beside the output: %s", strerror(e));
        writer_free(w);
        return URIO_EIO;
    }
    /* Best effort: a file system without permissions (vfat) refuses, harmlessly. */
    (void)fchmod(fd, WRITER_MODE);
    w->fp = fdopen(fd, "w");
    if (w->fp == NULL) {
        int e = errno;
        close(fd);
        unlink(w->tmp);
        urio_diag_set(d, URIO_EIO, path, 0, 0, NULL, "cannot open the temporary file: %s",
                      strerror(e));
        writer_free(w);
        return URIO_EIO;
    }
    /* A failed setvbuf only costs speed. */
    (void)setvbuf(w->fp, NULL, _IOFBF, WRITER_BUFSIZE);
    *out = w;
    return URIO_OK;
}

urio_status urio_writer_write(urio_writer *w, const char *data, size_t len)
{
    if (w == NULL || (data == NULL && len > 0)) return URIO_EINVAL;
    if (w->err != 0) return URIO_EIO;
    if (len == 0) return URIO_OK;
    if (fwrite(data, 1, len, w->fp) != len) {
        w->err = errno != 0 ? errno : EIO;
        return URIO_EIO;
    }
    return URIO_OK;
}

urio_status urio_writer_printf(urio_writer *w, const char *fmt, ...)
{
    if (w == NULL || fmt == NULL) return URIO_EINVAL;
    if (w->err != 0) return URIO_EIO;
    va_list ap;
    va_start(ap, fmt);
    errno = 0;
    int rc = vfprintf(w->fp, fmt, ap);
    va_end(ap);
    if (rc < 0) {
        w->err = errno != 0 ? errno : EIO;
        return URIO_EIO;
    }
    return URIO_OK;
}

/* fsync the directory holding path, so that the rename itself is durable.  Best
 * effort: some file systems refuse to open or sync a directory. */
static void sync_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *dir = NULL;
    if (slash == NULL) {
        dir = dup_string(".");
    } else {
        size_t n = slash == path ? 1 : (size_t)(slash - path);
        dir = malloc(n + 1);
        if (dir != NULL) {
            memcpy(dir, path, n);
            dir[n] = '\0';
        }
    }
    if (dir == NULL) return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dir);
}

urio_status urio_writer_commit(urio_writer *w, urio_diag *d)
{
    if (w == NULL) return URIO_EINVAL;
    int err = w->err;
    const char *what = "cannot write";
    if (err == 0 && fflush(w->fp) != 0) {
        err = errno != 0 ? errno : EIO;
        what = "cannot write";
    }
    /* EINVAL/EROFS: the file cannot be synced (a special file); the data are written. */
    if (err == 0 && fsync(fileno(w->fp)) != 0 && errno != EINVAL && errno != EROFS) {
        err = errno;
        what = "cannot sync";
    }
    if (fclose(w->fp) != 0 && err == 0) {
        err = errno != 0 ? errno : EIO;
        what = "cannot close";
    }
    w->fp = NULL;
    if (err == 0 && rename(w->tmp, w->path) != 0) {
        err = errno;
        what = "cannot rename the temporary file to";
    }
    if (err != 0) {
        unlink(w->tmp);
        urio_diag_set(d, URIO_EIO, w->path, 0, 0,
                      err == ENOSPC || err == EDQUOT || err == EFBIG
                          ? "free some space, or choose another output directory (-o)"
                          : "check the output directory (-o)",
                      "%s %s: %s", what, w->path, strerror(err));
        writer_free(w);
        return URIO_EIO;
    }
    sync_parent(w->path);
    writer_free(w);
    return URIO_OK;
}

void urio_writer_abort(urio_writer *w)
{
    if (w == NULL) return;
    if (w->fp != NULL) fclose(w->fp);
    unlink(w->tmp);
    writer_free(w);
}

void urio_format_double(double v, char *buf)
{
    /* Defensive only: the writers print empty cells or JSON null for these. */
    if (isnan(v)) {
        strcpy(buf, "nan");
        return;
    }
    if (isinf(v)) {
        strcpy(buf, v < 0 ? "-inf" : "inf");
        return;
    }
    if (v == 0.0) { /* also -0: a signed zero means nothing to an economist */
        strcpy(buf, "0");
        return;
    }
    /* The shortest of %.15g, %.16g, %.17g that strtod reads back exactly; %.17g
     * always does for IEEE doubles.  The longest result, "-2.2250738585072014e-308",
     * has 24 characters. */
    for (int prec = 15; prec < 17; prec++) {
        snprintf(buf, 32, "%.*g", prec, v);
        if (strtod(buf, NULL) == v) return;
    }
    snprintf(buf, 32, "%.17g", v);
}

urio_status urio_mkdir_p(const char *path, urio_diag *d)
{
    if (path == NULL || path[0] == '\0')
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, "give a directory name",
                             "empty output directory name");
    char *p = dup_string(path);
    if (p == NULL) return urio_diag_set(d, URIO_ENOMEM, path, 0, 0, NULL, "out of memory");
    urio_status s = URIO_OK;
    size_t n = strlen(p);
    /* Visit every prefix that ends before a '/' (and the whole path). */
    for (size_t i = 1; i <= n && s == URIO_OK; i++) {
        if (i < n && p[i] != '/') continue;
        if (i < n && p[i - 1] == '/') continue; /* "a//b": empty component */
        char saved = p[i];
        p[i] = '\0';
        if (mkdir(p, 0777) != 0) {
            int e = errno;
            struct stat st;
            if (e == EEXIST || e == EISDIR || e == EROFS || e == EACCES) {
                /* Something is there already (or we may not create it): fine when
                 * it is a directory. */
                if (stat(p, &st) == 0) {
                    if (!S_ISDIR(st.st_mode))
                        s = urio_diag_set(d, URIO_EIO, p, 0, 0,
                                          "choose another -o, or move the file away",
                                          "%s exists and is not a directory", p);
                } else {
                    s = urio_diag_set(d, URIO_EIO, p, 0, 0, "choose another -o",
                                      "cannot create directory %s: %s", p, strerror(e));
                }
            } else if (e == ENOTDIR) {
                s = urio_diag_set(d, URIO_EIO, path, 0, 0, "choose another -o",
                                  "cannot create directory %s: a component of the path is "
                                  "not a directory",
                                  path);
            } else {
                s = urio_diag_set(d, URIO_EIO, p, 0, 0, "choose another -o",
                                  "cannot create directory %s: %s", p, strerror(e));
            }
        }
        p[i] = saved;
    }
    free(p);
    return s;
}

urio_status urio__writer_finish(urio_writer *w, urio_status s, urio_diag *d)
{
    if (w == NULL) return s;
    if (s == URIO_OK || (s == URIO_EIO && w->err != 0)) return urio_writer_commit(w, d);
    const char *path = w->path;
    urio_diag_set(d, s, path, 0, 0, NULL, "cannot write %s: %s", path, urio_strerror(s));
    urio_writer_abort(w);
    return s;
}
