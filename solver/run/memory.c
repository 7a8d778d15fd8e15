/* memory.c - how much memory this process may use (urio/run.h).
 *
 * The smallest of: the machine's physical memory, the cgroup's limit (v2
 * memory.max, else v1 memory.limit_in_bytes: containers and job schedulers set
 * it), the address-space limit (ulimit -v), and URIO_MEMORY_LIMIT when set (a
 * size in MiB, or with a suffix K, M, G or T: a user's own cap on a shared node).
 * `urio run` refuses a solve whose estimate exceeds it, before allocating, rather
 * than being killed by the kernel half way. */
#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include <urio/run.h>

/* A byte count from the first line of a cgroup file; 0 when absent or "max". */
static size_t cgroup_limit(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (fp == NULL) return 0;
    char buf[64];
    size_t v = 0;
    if (fgets(buf, sizeof buf, fp) != NULL && isdigit((unsigned char)buf[0])) {
        errno = 0;
        unsigned long long x = strtoull(buf, NULL, 10);
        if (errno == 0 && x < SIZE_MAX) v = (size_t)x;
    }
    fclose(fp);
    return v;
}

/* URIO_MEMORY_LIMIT: digits, then nothing (MiB) or one of K, M, G, T (binary). */
static urio_status env_limit(const char *s, size_t *out, urio_diag *d)
{
    char *end = NULL;
    errno = 0;
    const unsigned long long x = strtoull(s, &end, 10);
    unsigned shift = 20;
    if (end != s && *end != '\0' && end[1] == '\0') {
        switch (toupper((unsigned char)*end)) {
        case 'K':
            shift = 10;
            break;
        case 'M':
            shift = 20;
            break;
        case 'G':
            shift = 30;
            break;
        case 'T':
            shift = 40;
            break;
        default:
            shift = 0;
            break;
        }
        if (shift != 0) end++;
    }
    if (end == s || *end != '\0' || errno != 0 || s[0] == '-' || shift == 0 || x == 0 ||
        x > (SIZE_MAX >> shift))
        return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0,
                             "give a size in MiB, or with a suffix K, M, G or T (e.g. 512M, 4G)",
                             "URIO_MEMORY_LIMIT=\"%.60s\" is not a size", s);
    *out = (size_t)x << shift;
    return URIO_OK;
}

urio_status urio_run_memory_limit(size_t *bytes, const char **source, urio_diag *d)
{
    size_t best = SIZE_MAX;
    const char *why = "no limit known";
    const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    if (pages > 0 && page > 0 && (size_t)pages <= SIZE_MAX / (size_t)page) {
        best = (size_t)pages * (size_t)page;
        why = "the machine's physical memory";
    }
    size_t cg = cgroup_limit("/sys/fs/cgroup/memory.max");
    if (cg == 0) cg = cgroup_limit("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    if (cg > 0 && cg < best) {
        best = cg;
        why = "the cgroup's memory limit";
    }
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
        (unsigned long long)rl.rlim_cur < (unsigned long long)best) {
        best = (size_t)rl.rlim_cur;
        why = "the address-space limit (ulimit -v)";
    }
    const char *env = getenv("URIO_MEMORY_LIMIT");
    if (env != NULL && env[0] != '\0') {
        size_t v = 0;
        urio_status s = env_limit(env, &v, d);
        if (s != URIO_OK) return s;
        if (v < best) {
            best = v;
            why = "URIO_MEMORY_LIMIT";
        }
    }
    *bytes = best;
    if (source != NULL) *source = why;
    return URIO_OK;
}
