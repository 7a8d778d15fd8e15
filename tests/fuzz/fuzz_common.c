/* tests/fuzz/fuzz_common.c - the private directory of a fuzz process (fuzz_common.h). */
#include "fuzz_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[512];

void fuzz_die(const char *what)
{
    fprintf(stderr, "fuzz harness: %s\n", what);
    abort();
}

/* Remove the directory's files (it holds no sub-directories) and the directory. */
static void remove_dir(void)
{
    if (dir[0] == '\0') return;
    DIR *dp = opendir(dir);
    if (dp != NULL) {
        struct dirent *e;
        while ((e = readdir(dp)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char p[1024];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
        closedir(dp);
    }
    rmdir(dir);
    dir[0] = '\0';
}

const char *fuzz_dir(void)
{
    if (dir[0] != '\0') return dir;
    /* Memory, not disk, when there is a choice: the model target writes a few files
     * per input, and on a disk file system that made it twenty times slower. */
    const char *tmp = getenv("TMPDIR");
    if (tmp == NULL || tmp[0] == '\0' || strlen(tmp) > 400)
        tmp = access("/dev/shm", W_OK | X_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/urio-fuzz.XXXXXX", tmp);
    if (mkdtemp(dir) == NULL) {
        dir[0] = '\0';
        fuzz_die("cannot create a temporary directory");
    }
    atexit(remove_dir);
    return dir;
}

const char *fuzz_path(const char *name)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", fuzz_dir(), name);
    return p;
}

void fuzz_write(const char *name, const void *data, size_t len)
{
    FILE *f = fopen(fuzz_path(name), "wb");
    if (f == NULL) fuzz_die("cannot write a file in the temporary directory");
    size_t put = len > 0 ? fwrite(data, 1, len, f) : 0;
    int closed = fclose(f);
    if (put != len || closed != 0) fuzz_die("cannot write a file in the temporary directory");
}

void fuzz_unlink(const char *name)
{
    unlink(fuzz_path(name));
}
