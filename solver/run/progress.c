/* progress.c - the progress line of a batch (urio/batch.h).  The library prints
 * nothing: the command line decides whether and where to show this text (standard
 * error, when it is a terminal). */
#include <stdio.h>

#include <urio/batch.h>

void urio_progress_format(size_t done, size_t total, double seconds, char *buf, size_t size)
{
    if (buf == NULL || size == 0) return;
    const double rate = seconds > 0.0 ? (double)done / seconds : 0.0;
    int o = snprintf(buf, size, "%zu/%zu scenarios", done, total);
    if (o < 0 || (size_t)o >= size) return;
    if (rate > 0.0) {
        const double left = (double)(total - (done < total ? done : total)) / rate;
        const long s = (long)(left + 0.5);
        if (s >= 3600)
            snprintf(buf + o, size - (size_t)o, "  %.3g/s  %ld:%02ld:%02ld left", rate, s / 3600,
                     (s / 60) % 60, s % 60);
        else
            snprintf(buf + o, size - (size_t)o, "  %.3g/s  %ld:%02ld left", rate, s / 60, s % 60);
    }
}
