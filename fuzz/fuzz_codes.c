/* fuzz_codes — libFuzzer target: arbitrary bytes into dyad_codes_load, then every lookup.
 *
 *   clang -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -g -O1 \
 *       -fsanitize=fuzzer,address,undefined -Isrc fuzz/fuzz_codes.c src/codes.c -o fuzz_codes
 *   ./fuzz_codes -max_total_time=60
 *
 * On success the table must be self-consistent: each entry is found by its own code, has
 * a 2-4 digit code, the right root, a score in -10..10 and non-NULL strings.  The input
 * is also looked up as a code, so odd lookup keys get exercised too. */
#include "codes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void check_table(const dyad_codes *t, const uint8_t *data, size_t size)
{
    char key[8];
    size_t n = dyad_codes_count(t);

    for (size_t i = 0; i < n; i++) {
        const dyad_cameo_code *e = dyad_codes_at(t, i);
        size_t len = strlen(e->code);
        if (dyad_codes_find(t, e->code) != e || len < 2 || len > 4 ||
            strncmp(e->root, e->code, 2) != 0 || e->root[2] != '\0' ||
            !(e->goldstein >= -10.0 && e->goldstein <= 10.0) || e->quad_class < 1 ||
            e->quad_class > 4 || !e->name[0] || !e->plover_type || !e->plover_mode ||
            !e->plover_context)
            abort();
        (void)strlen(e->plover_type), (void)strlen(e->plover_mode);
        (void)strlen(e->plover_context);
    }
    if (dyad_codes_at(t, n) != NULL)
        abort();
    size = size < sizeof key - 1 ? size : sizeof key - 1;
    memcpy(key, data, size);
    key[size] = '\0';
    (void)dyad_codes_find(t, key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[128];
    dyad_codes *t = dyad_codes_load((const char *)data, size, "fuzz", err, sizeof err);

    if (t)
        check_table(t, data, size);
    else if (strncmp(err, "fuzz:", 5) != 0)
        abort();
    dyad_codes_free(t);
    return 0;
}
