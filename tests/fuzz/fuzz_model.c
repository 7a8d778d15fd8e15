/* tests/fuzz/fuzz_model.c - the model loader (urio_model_load) on any bytes, and
 * urio_model_load_all (urio check) against it.
 *
 * The loader reads files: the model file, then the tables, concordance, SAM,
 * regional tables or pymrio folder it names, relative to its directory.  So the
 * input is written to model.yaml in the process's private directory, beside fixed
 * tables (the two-sector tables of tests/fixtures/io-basic and io-regionalise, the
 * SAM of tests/fixtures/cge-hgh) that a model file may name.  An input may also
 * carry files of its own after the model text, each introduced by a line
 *
 *     ==> NAME
 *
 * (NAME: 1 to 64 of A-Z a-z 0-9 _ . -, not starting with '.'); they replace or
 * join the fixed files for this input only.  A pymrio folder is `pymrio: .` with
 * file_parameters.json, Z.txt and Y.txt given this way.
 *
 * The loader may read any path a model file names; a fuzzer that wrote
 * `Z: /dev/zero` or a FIFO's path would hang the harness, not find a bug in urio.
 * Inputs that could name a file outside the private directory are skipped: an
 * absolute path (a '/' after anything but a name character), "..", and the
 * escapes of YAML and JSON that could spell one ("\x2f", "\u002f", a backslash
 * line continuation).  Anything else - every label, number, key, nesting and
 * encoding - is fed to the loader. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <urio/formats.h>

#include "fuzz_common.h"

typedef struct fixed_file {
    const char *name, *text;
} fixed_file;

static const fixed_file fixed[] = {
    {"Z.csv", "sector,s1,s2\ns1,150,500\ns2,200,100\n"},
    {"Y.csv", "sector,household,exports\ns1,300,50\ns2,1200,500\n"},
    {"V.csv", "input,s1,s2\nwages,400,900\nprofits,250,500\n"},
    {"jobs.csv", "satellite,s1,s2\njobs,10,20\n"},
    {"x.csv", "sector,x\ns1,1000\ns2,2000\n"},
    {"regional_output.csv", "region,s1,s2\nnorth,600,500\nsouth,400,1500\n"},
    {"area_shares.csv", "area,s1,s2\nnorth/rural,0.8,0.1\nsouth/rural,0.6,0.2\n"},
    {"final_demand.csv", "region,household\nnorth,0.3\nsouth,0.7\n"},
    {"sam.csv", "account,BRD,MLK,CAP,LAB,IDT,TRF,HOH,GOV,INV,EXT\n"
                "BRD,21,8,,,,,20,19,16,8\n"
                "MLK,17,9,,,,,30,14,15,4\n"
                "CAP,20,30,,,,,,,,\n"
                "LAB,15,25,,,,,,,,\n"
                "IDT,5,4,,,,,,,,\n"
                "TRF,1,2,,,,,,,,\n"
                "HOH,,,50,40,,,,,,\n"
                "GOV,,,,,9,3,23,,,\n"
                "INV,,,,,,,17,2,,12\n"
                "EXT,13,11,,,,,,,,\n"},
};
#define NFIXED (sizeof fixed / sizeof fixed[0])
#define MAXPARTS 16

static void write_fixed(size_t i)
{
    fuzz_write(fixed[i].name, fixed[i].text, strlen(fixed[i].text));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < NFIXED; i++)
        write_fixed(i);
    return 0;
}

static bool name_char(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
}

/* Whether the input could name a file outside the private directory (see above). */
static bool may_escape(const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '/' && (i == 0 || !(name_char(p[i - 1]) || p[i - 1] == '*'))) return true;
        if (p[i] == '.' && i + 1 < n && p[i + 1] == '.') return true;
        if (p[i] == '\\') {
            if (i + 1 == n) return true;
            if (strchr("0abtnvfre\"\\ N_LP", p[i + 1]) == NULL || p[i + 1] == '\0') return true;
            i++; /* the escaped character */
        }
    }
    return false;
}

/* The part introduced by "==> NAME\n" at p (a line start): its name length, or 0. */
static size_t part_name(const uint8_t *p, size_t n)
{
    if (n < 5 || memcmp(p, "==> ", 4) != 0) return 0;
    size_t k = 4;
    while (k < n && k - 4 < 65 && name_char(p[k]))
        k++;
    if (k == 4 || k - 4 > 64 || k >= n || p[k] != '\n' || p[4] == '.') return 0;
    return k - 4;
}

static bool same_diag(const urio_diag *a, const urio_diag *b)
{
    return a->status == b->status && a->line == b->line && a->col == b->col &&
           strcmp(a->file, b->file) == 0 && strcmp(a->msg, b->msg) == 0 &&
           strcmp(a->hint, b->hint) == 0;
}

/* urio_model_load_all (urio check) against urio_model_load's status s and
 * diagnostic d: the same status, nothing listed for a good model, and for a bad
 * one a list that starts with the problem urio_model_load reports. */
static void load_all_agrees(urio_status s, const urio_diag *d)
{
    urio_diags all = {0};
    urio_model_file *mf = NULL;
    urio_status s2 = urio_model_load_all(fuzz_path("model.yaml"), &mf, &all);
    if (s2 != s) fuzz_die("urio_model_load_all and urio_model_load disagree on the status");
    if (s == URIO_OK && all.count != 0) fuzz_die("urio_model_load_all listed a problem");
    if (s != URIO_OK && (mf != NULL || all.count == 0 || !same_diag(&all.item[0], d)))
        fuzz_die("urio_model_load_all's list does not start with the first problem");
    urio_model_file_free(mf);
    urio_diags_clear(&all);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (may_escape(data, size)) return 0;
    static bool ready;
    if (!ready) {
        LLVMFuzzerInitialize(NULL, NULL);
        ready = true;
    }
    /* Split the input: model text, then parts. */
    size_t start[MAXPARTS + 1], end[MAXPARTS + 1], namelen[MAXPARTS + 1], nameat[MAXPARTS + 1];
    size_t nparts = 0;
    start[0] = 0;
    for (size_t i = 0; i <= size; i++) {
        const bool line_start = i == 0 || data[i - 1] == '\n';
        size_t nl = line_start && i < size ? part_name(data + i, size - i) : 0;
        if (i == size || (nl > 0 && nparts < MAXPARTS)) {
            end[nparts] = i;
            if (i == size) break;
            nparts++;
            nameat[nparts] = i + 4;
            namelen[nparts] = nl;
            start[nparts] = i + 4 + nl + 1;
            i = start[nparts] - 1;
        }
    }
    fuzz_write("model.yaml", data, end[0]);
    char names[MAXPARTS + 1][65];
    for (size_t k = 1; k <= nparts; k++) {
        memcpy(names[k], data + nameat[k], namelen[k]);
        names[k][namelen[k]] = '\0';
        fuzz_write(names[k], data + start[k], end[k] - start[k]);
    }
    urio_model_file *mf = NULL;
    urio_diag d;
    urio_diag_clear(&d);
    urio_status s = urio_model_load(fuzz_path("model.yaml"), &mf, &d);
    load_all_agrees(s, &d);
    if (s == URIO_OK) {
        if (mf == NULL || mf->kind == NULL || mf->hash == NULL) fuzz_die("URIO_OK without a model");
        if (strcmp(mf->kind, "io") == 0 && mf->io == NULL) fuzz_die("an IO model without io");
        if (strcmp(mf->kind, "cge") == 0 && mf->cge == NULL) fuzz_die("a CGE model without cge");
        urio_model_file_free(mf);
    } else {
        if (mf != NULL) fuzz_die("a failed load returned a model");
        if (d.msg[0] == '\0') fuzz_die("a failed load left no message");
    }
    /* Put the fixed files back for the next input. */
    for (size_t k = 1; k <= nparts; k++) {
        size_t i = 0;
        while (i < NFIXED && strcmp(fixed[i].name, names[k]) != 0)
            i++;
        if (i < NFIXED)
            write_fixed(i);
        else if (strcmp(names[k], "model.yaml") != 0)
            fuzz_unlink(names[k]);
    }
    return 0;
}
