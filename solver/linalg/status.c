/* status.c - status texts, diagnostics and warning lists (urio/status.h).
 * The bottom of the library: every layer reports through these. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <urio/status.h>

const char *urio_strerror(urio_status s)
{
    switch (s) {
#define URIO_X_MSG(name, value, cls, msg) \
    case name:                            \
        return msg;
        URIO_STATUS_LIST(URIO_X_MSG)
#undef URIO_X_MSG
    }
    return "unknown status";
}

const char *urio_status_name(urio_status s)
{
    switch (s) {
#define URIO_X_NAME(name, value, cls, msg) \
    case name:                             \
        return #name;
        URIO_STATUS_LIST(URIO_X_NAME)
#undef URIO_X_NAME
    }
    return "URIO_UNKNOWN";
}

int urio_status_exit_code(urio_status s)
{
    switch (s) {
#define URIO_X_CLASS(name, value, cls, msg) \
    case name:                              \
        return cls;
        URIO_STATUS_LIST(URIO_X_CLASS)
#undef URIO_X_CLASS
    }
    return 2;
}

void urio_diag_clear(urio_diag *d)
{
    if (d == NULL) return;
    memset(d, 0, sizeof *d);
}

urio_status urio_diag_set(urio_diag *d, urio_status s, const char *file, size_t line, size_t col,
                          const char *hint, const char *fmt, ...)
{
    if (d == NULL) return s;
    d->status = s;
    snprintf(d->file, sizeof d->file, "%s", file != NULL ? file : "");
    d->line = line;
    d->col = col;
    snprintf(d->hint, sizeof d->hint, "%s", hint != NULL ? hint : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    va_end(ap);
    return s;
}

void urio_diag_format(const urio_diag *d, char *buf, size_t size)
{
    if (buf == NULL || size == 0) return;
    buf[0] = '\0';
    if (d == NULL) return;
    char place[600] = "";
    if (d->file[0] != '\0' && d->line > 0 && d->col > 0)
        snprintf(place, sizeof place, "%s:%zu:%zu: ", d->file, d->line, d->col);
    else if (d->file[0] != '\0' && d->line > 0)
        snprintf(place, sizeof place, "%s:%zu: ", d->file, d->line);
    else if (d->file[0] != '\0')
        snprintf(place, sizeof place, "%s: ", d->file);
    const char *msg = d->msg[0] != '\0' ? d->msg : urio_strerror(d->status);
    if (d->hint[0] != '\0')
        snprintf(buf, size, "%serror: %s\n  hint: %s", place, msg, d->hint);
    else
        snprintf(buf, size, "%serror: %s", place, msg);
}

void urio_diags_add(urio_diags *l, const urio_diag *d)
{
    if (l == NULL || d == NULL || d->status == URIO_OK) return;
    if (l->count == URIO_DIAGS_MAX) {
        l->dropped++;
        return;
    }
    if (l->count == l->capacity) {
        size_t cap = l->capacity == 0 ? 8 : 2 * l->capacity;
        if (cap > URIO_DIAGS_MAX) cap = URIO_DIAGS_MAX;
        urio_diag *grown = realloc(l->item, cap * sizeof *grown);
        if (grown == NULL) {
            l->dropped++;
            return;
        }
        l->item = grown;
        l->capacity = cap;
    }
    l->item[l->count++] = *d;
}

void urio_diags_clear(urio_diags *l)
{
    if (l == NULL) return;
    free(l->item);
    memset(l, 0, sizeof *l);
}

void urio_notes_init(urio_notes *w)
{
    if (w == NULL) return;
    w->count = 0;
    w->capacity = 0;
    w->text = NULL;
}

urio_status urio_notes_add(urio_notes *w, const char *fmt, ...)
{
    if (w == NULL || fmt == NULL) return URIO_EINVAL;
    if (w->count == w->capacity) {
        size_t cap = w->capacity == 0 ? 8 : 2 * w->capacity;
        char **grown = realloc(w->text, cap * sizeof *grown);
        if (grown == NULL) return URIO_ENOMEM;
        w->text = grown;
        w->capacity = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0) return URIO_EINVAL;
    char *t = malloc((size_t)len + 1);
    if (t == NULL) return URIO_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(t, (size_t)len + 1, fmt, ap);
    va_end(ap);
    w->text[w->count++] = t;
    return URIO_OK;
}

void urio_notes_clear(urio_notes *w)
{
    if (w == NULL) return;
    for (size_t i = 0; i < w->count; i++)
        free(w->text[i]);
    free(w->text);
    urio_notes_init(w);
}
