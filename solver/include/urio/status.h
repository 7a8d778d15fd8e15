/* urio/status.h - status codes and diagnostics shared by every layer.
 *
 * Every function that can fail returns urio_status.  The codes come from one
 * X-macro list; each carries a class that decides the command-line exit code
 * (DESIGN.md section 3): input errors exit 2, solve failures exit 1.
 * Parsers and loaders also fill a caller-owned urio_diag with the place of the
 * problem (file, line, column) and a hint saying what to do.  The library never
 * prints, exits or aborts.  Thread-safety: all functions here are reentrant. */
#ifndef URIO_STATUS_H
#define URIO_STATUS_H

#include <stddef.h>

#if defined(__GNUC__)
#define URIO_MUST_CHECK __attribute__((warn_unused_result))
#define URIO_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define URIO_MUST_CHECK
#define URIO_PRINTF(f, a)
#endif

/* X(name, value, class, message); class: 0 success, 1 solve failure, 2 input/usage/system. */
#define URIO_STATUS_LIST(X)                                                \
    X(URIO_OK, 0, 0, "success")                                            \
    X(URIO_EINVAL, 1, 2, "invalid argument")                               \
    X(URIO_ENOMEM, 2, 2, "out of memory")                                  \
    X(URIO_EIO, 3, 2, "cannot read or write a file")                       \
    X(URIO_EPARSE, 4, 2, "malformed input")                                \
    X(URIO_EMODEL, 5, 2, "inconsistent model")                             \
    X(URIO_EUNSUPPORTED, 6, 2, "not supported by this model")              \
    X(URIO_ESINGULAR, 7, 1, "matrix is singular")                          \
    X(URIO_EUNPRODUCTIVE, 8, 1, "input-output table is not productive")    \
    X(URIO_ENOCONV, 9, 1, "solver did not converge")                       \
    X(URIO_ECHECK, 10, 1, "a correctness check failed beyond tolerance")   \
    X(URIO_ELAPACK, 11, 2, "LAPACK rejected an argument (internal error)") \
    X(URIO_ERANGE, 12, 1, "a solved level is not a finite number")

typedef enum urio_status {
#define URIO_X_ENUM(name, value, cls, msg) name = (value),
    URIO_STATUS_LIST(URIO_X_ENUM)
#undef URIO_X_ENUM
} urio_status;

/* Static text for a status; never NULL. */
const char *urio_strerror(urio_status s);

/* Symbolic name of a status ("URIO_EPARSE"); never NULL. */
const char *urio_status_name(urio_status s);

/* Exit code of DESIGN.md section 3: 0 success, 1 model could not be solved, 2 bad input. */
int urio_status_exit_code(urio_status s);

/* Where a problem is and what to do about it.  line and col are 1-based; 0 means
 * "not applicable".  Filled by the first failure; callers print it. */
typedef struct urio_diag {
    urio_status status; /* the status that came with this diagnostic */
    char file[512];     /* path as the user gave it, or "" */
    size_t line;
    size_t col;
    char msg[768];  /* what is wrong, one sentence without trailing period */
    char hint[384]; /* what to do, or "" */
} urio_diag;

/* Reset d to "no problem". */
void urio_diag_clear(urio_diag *d);

/* Fill d (if not NULL) and return s, so callers write
 *     return urio_diag_set(d, URIO_EPARSE, file, line, col, "check the number", "...", ...);
 * file may be NULL; hint may be NULL. */
urio_status urio_diag_set(urio_diag *d, urio_status s, const char *file, size_t line, size_t col,
                          const char *hint, const char *fmt, ...) URIO_PRINTF(7, 8);

/* Format d as "file:line:col: error: msg\n  hint: ..." into buf (always terminated). */
void urio_diag_format(const urio_diag *d, char *buf, size_t size);

/* Every problem a validating call found, in the order found (`urio check` lists
 * them all, DESIGN.md section 3).  Zero-initialise (urio_diags l = {0}), fill with
 * the _all variants of the readers (urio/formats.h), free with urio_diags_clear.
 * At most URIO_DIAGS_MAX are kept; `dropped` counts the ones beyond (and any that
 * could not be stored for want of memory). */
#define URIO_DIAGS_MAX 200
typedef struct urio_diags {
    size_t count;
    size_t capacity;
    size_t dropped;
    urio_diag *item; /* count diagnostics */
} urio_diags;

/* Append a copy of d (NULL or a cleared d is ignored). */
void urio_diags_add(urio_diags *l, const urio_diag *d);
void urio_diags_clear(urio_diags *l); /* frees the items, keeps the struct usable */

/* A growable list of warnings (for example "sector X has zero output").  Owned by
 * whoever creates it; urio_notes_free(NULL) is a no-op. */
typedef struct urio_notes {
    size_t count;
    size_t capacity;
    char **text;
} urio_notes;

void urio_notes_init(urio_notes *w);
URIO_MUST_CHECK urio_status urio_notes_add(urio_notes *w, const char *fmt, ...) URIO_PRINTF(2, 3);
void urio_notes_clear(urio_notes *w); /* frees the texts, keeps the struct usable */

#endif
