/* codes — the CAMEO event code table: name, root, QuadClass, Goldstein score, PLOVER.
 *
 * The table is data (data/cameo.codes, tab-separated, see docs/dictionaries.md), loaded
 * once and shared read-only by every worker.  Lookups are by the code string as it appears
 * in dictionaries and output ("01", "112", "1122"). */
#ifndef DYAD_CODES_H
#define DYAD_CODES_H
#include <stddef.h>

typedef struct dyad_cameo_code {
    char code[5];               /* "1122" */
    char root[3];               /* "11" */
    const char *name;           /* "Accuse of human rights abuses" */
    double goldstein;           /* -10 .. +10 */
    int quad_class;             /* 1 verbal coop, 2 material coop, 3 verbal conflict,
                                   4 material conflict (GDELT) */
    const char *plover_type;    /* "ACCUSE"; never NULL */
    const char *plover_mode;    /* "" when none */
    const char *plover_context; /* "" when none */
} dyad_cameo_code;

typedef struct dyad_codes dyad_codes;

/* Parses a code table held in memory; `name` names it in messages.  A malformed line
 * (wrong number of fields, a code that is not 2-4 digits, a Goldstein score outside
 * -10..10, a QuadClass that disagrees with the root, a duplicate code) is an error
 * "name:line: why" in err, and NULL is returned. */
dyad_codes *dyad_codes_load(const char *text, size_t len, const char *name, char *err,
                            size_t errlen);
void dyad_codes_free(dyad_codes *t);

/* The entry for `code`, or NULL when the table has no such code. */
const dyad_cameo_code *dyad_codes_find(const dyad_codes *t, const char *code);

/* Iteration in file order. */
size_t dyad_codes_count(const dyad_codes *t);
const dyad_cameo_code *dyad_codes_at(const dyad_codes *t, size_t i);

#endif
