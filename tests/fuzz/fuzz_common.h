/* tests/fuzz/fuzz_common.h - what the fuzz targets share (docs/reliability.md).
 *
 * Each target defines LLVMFuzzerTestOneInput (and, when it needs a model,
 * LLVMFuzzerInitialize).  The same files build two ways: with clang and libFuzzer
 * (`make fuzz`, ROOT/fuzz/), and with the project's compiler against replay.c, a
 * plain main() that feeds every file of the corpus and regression folders to the
 * target (`make check`, also under ASan + UBSan in BUILD=debug).
 *
 * Targets that need files (the model loader reads the tables a model file names)
 * get a private directory per process, created on first use and removed at exit. */
#ifndef URIO_FUZZ_COMMON_H
#define URIO_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* The libFuzzer entry points (declared here for -Wmissing-prototypes). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The process's private directory (mkdtemp under $TMPDIR, else /dev/shm, else
 * /tmp), removed with everything in it at exit.  Aborts when it cannot be made: a
 * fuzz run without it would test nothing. */
const char *fuzz_dir(void);

/* Write len bytes to fuzz_dir()/name (replacing it); aborts on failure. */
void fuzz_write(const char *name, const void *data, size_t len);

/* Remove fuzz_dir()/name if it exists. */
void fuzz_unlink(const char *name);

/* fuzz_dir()/name in a static buffer (valid until the next call). */
const char *fuzz_path(const char *name);

/* Abort with a message: a harness failure, not a finding in urio. */
void fuzz_die(const char *what);

#endif
