/* tests/fuzz/replay.c - feed files to a fuzz target without libFuzzer, so that
 * `make check` replays every seed and every regression input with the project's
 * own compiler, in the release build and under ASan + UBSan (BUILD=debug).
 *
 *     replay-TARGET PATH...     (a PATH is a file or a folder of files)
 *
 * Each file is read whole and passed to LLVMFuzzerTestOneInput once, in name
 * order within a folder.  Exits 0 after the last input with a count; a target that
 * finds a broken invariant aborts, and the sanitizers end the process with their
 * report, so any finding is a non-zero exit. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

/* Optional in a target, as in libFuzzer. */
#pragma weak LLVMFuzzerInitialize

static size_t ninputs;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    for (;;) {
        if (buf == NULL) {
            fclose(f);
            fprintf(stderr, "%s: out of memory\n", path);
            return 1;
        }
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) break;
        unsigned char *g = realloc(buf, cap * 2);
        if (g == NULL) free(buf);
        buf = g;
        cap *= 2;
    }
    int err = ferror(f);
    fclose(f);
    if (err) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        return 1;
    }
    /* libFuzzer hands the target a buffer of exactly n bytes: copy it into one, so
     * that ASan sees a read past the end. */
    unsigned char *exact = malloc(n > 0 ? n : 1);
    if (exact == NULL) {
        free(buf);
        return 1;
    }
    memcpy(exact, buf, n);
    free(buf);
    LLVMFuzzerTestOneInput(exact, n);
    free(exact);
    ninputs++;
    return 0;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        perror(path);
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) return run_file(path);
    DIR *dp = opendir(path);
    if (dp == NULL) {
        perror(path);
        return 1;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    int rc = 0;
    struct dirent *e;
    while ((e = readdir(dp)) != NULL) {
        if (e->d_name[0] == '.') continue;
        if (n == cap) {
            cap = cap == 0 ? 64 : 2 * cap;
            char **g = realloc(names, cap * sizeof *g);
            if (g == NULL) {
                rc = 1;
                break;
            }
            names = g;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (names[n] == NULL) {
            rc = 1;
            break;
        }
        snprintf(names[n], len, "%s/%s", path, e->d_name);
        n++;
    }
    closedir(dp);
    if (n > 0) qsort(names, n, sizeof *names, by_name);
    for (size_t i = 0; i < n; i++) {
        if (rc == 0) rc = run_path(names[i]);
        free(names[i]);
    }
    free(names);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PATH...\n", argv[0]);
        return 2;
    }
    if (LLVMFuzzerInitialize != NULL) LLVMFuzzerInitialize(&argc, &argv);
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++)
        rc = run_path(argv[i]);
    if (rc == 0) printf("%s: %zu inputs replayed\n", argv[0], ninputs);
    return rc;
}
