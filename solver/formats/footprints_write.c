/* footprints_write.c - footprints.csv and the "footprints" array of report.json
 * (docs/footprints.md): the consumption-based, production-based, import and export
 * accounts of every satellite row by region, as pymrio's calc_all computes them
 * (urio/io_footprints.h).
 *
 *   footprints.csv   account,stressor,region,value - by account (D_cba, D_pba,
 *                    D_imp, D_exp, then with a population D_cba_cap ... D_exp_cap),
 *                    then stressor (the satellite rows in model order), then region
 *                    (in the order of Z's rows).  Comma-separated, LF, labels quoted
 *                    as RFC 4180 requires, numbers in the shortest form that reads
 *                    back exactly.
 *
 * The accounts are computed here from the model and its analysis (one n x n by
 * n x R product), so a run that writes both files computes them twice: cheap next
 * to the Leontief inverse the analysis already holds.  Nothing is written for a
 * model without extensions. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include <urio/formats.h>
#include <urio/io_footprints.h>

#include "internal.h"

bool urio_footprints_available(const urio_run_report *rep)
{
    return rep != NULL && rep->model != NULL && rep->model->ext != NULL && rep->model->io != NULL &&
           rep->model->io->S != NULL && rep->model->io->S->rows > 0 && rep->io != NULL;
}

/* One row: account,stressor,region,value (an empty cell when not finite). */
static urio_status put_row(urio_writer *w, const char *account, const char *stressor,
                           const char *region, double v)
{
    urio_status st = urio__csv_put_field(w, account);
    if (st == URIO_OK) st = urio_writer_write(w, ",", 1);
    if (st == URIO_OK) st = urio__csv_put_field(w, stressor);
    if (st == URIO_OK) st = urio_writer_write(w, ",", 1);
    if (st == URIO_OK) st = urio__csv_put_field(w, region);
    if (st == URIO_OK) st = urio_writer_write(w, ",", 1);
    if (st == URIO_OK && isfinite(v)) {
        char buf[32];
        urio_format_double(v, buf);
        st = urio_writer_write(w, buf, strlen(buf));
    }
    if (st == URIO_OK) st = urio_writer_write(w, "\n", 1);
    return st;
}

urio_status urio_write_footprints_csv(const char *outdir, const urio_run_report *rep, urio_diag *d)
{
    if (outdir == NULL) return urio_diag_set(d, URIO_EINVAL, NULL, 0, 0, NULL, "no directory");
    if (!urio_footprints_available(rep)) return URIO_OK;
    const urio_io_model *m = rep->model->io;
    const urio_io_extensions *ext = rep->model->ext;
    urio_io_footprints *fp = NULL;
    urio_status s = urio_io_footprints_compute(m, rep->io, ext, &fp, d);
    if (s != URIO_OK) return s;
    char *path = urio__path_join(outdir, "footprints.csv");
    urio_writer *w = NULL;
    s = path != NULL ? urio_writer_open(path, &w, d)
                     : urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    if (s == URIO_OK) {
        s = urio_writer_write(w, "account,stressor,region,value\n", 30);
        for (int cap = 0; cap < 2; cap++)
            for (int a = 0; a < URIO_NACCOUNTS && s == URIO_OK; a++) {
                const urio_matrix *D = cap ? fp->Dcap[a] : fp->D[a];
                if (D == NULL) continue;
                const char *name = urio_io_account_name((urio_io_account)a, cap != 0);
                for (size_t p = 0; p < fp->nstressors && s == URIO_OK; p++)
                    for (size_t q = 0; q < fp->nregions && s == URIO_OK; q++)
                        s = put_row(w, name, m->srows->name[p], ext->regions->name[q],
                                    URIO_MAT(D, p, q));
            }
        s = urio__writer_finish(w, s, d);
    }
    free(path);
    urio_io_footprints_free(fp);
    return s;
}

urio_status urio__footprints_json(void *root_, const urio_run_report *rep, urio_diag *d)
{
    cJSON *root = root_;
    if (root == NULL || !urio_footprints_available(rep)) return URIO_OK;
    const urio_io_model *m = rep->model->io;
    const urio_io_extensions *ext = rep->model->ext;
    urio_io_footprints *fp = NULL;
    urio_status s = urio_io_footprints_compute(m, rep->io, ext, &fp, d);
    if (s != URIO_OK) return s;
    bool ok = true;
    cJSON *arr = cJSON_AddArrayToObject(root, "footprints");
    if (arr == NULL) ok = false;
    for (int cap = 0; cap < 2 && ok; cap++)
        for (int a = 0; a < URIO_NACCOUNTS && ok; a++) {
            const urio_matrix *D = cap ? fp->Dcap[a] : fp->D[a];
            if (D == NULL) continue;
            const char *name = urio_io_account_name((urio_io_account)a, cap != 0);
            for (size_t p = 0; p < fp->nstressors && ok; p++)
                for (size_t q = 0; q < fp->nregions && ok; q++) {
                    cJSON *e = cJSON_CreateObject();
                    if (e == NULL || !cJSON_AddItemToArray(arr, e)) {
                        cJSON_Delete(e);
                        ok = false;
                        break;
                    }
                    const double v = URIO_MAT(D, p, q);
                    const char *unit = p < ext->nunits && ext->units != NULL ? ext->units[p] : NULL;
                    char per[URIO_LABEL_MAX + 16];
                    if (cap && unit != NULL) {
                        snprintf(per, sizeof per, "%s per person", unit);
                        unit = per;
                    }
                    ok = cJSON_AddStringToObject(e, "account", name) != NULL &&
                         cJSON_AddStringToObject(e, "stressor", m->srows->name[p]) != NULL &&
                         cJSON_AddStringToObject(e, "region", ext->regions->name[q]) != NULL &&
                         (isfinite(v) ? cJSON_AddNumberToObject(e, "value", v)
                                      : cJSON_AddNullToObject(e, "value")) != NULL &&
                         (unit != NULL ? cJSON_AddStringToObject(e, "unit", unit)
                                       : cJSON_AddNullToObject(e, "unit")) != NULL;
                }
        }
    urio_io_footprints_free(fp);
    if (!ok) return urio_diag_set(d, URIO_ENOMEM, NULL, 0, 0, NULL, "out of memory");
    return URIO_OK;
}
