/* data — the data files compiled into the binary (see tools/embed.c and data/). */
#ifndef DYAD_DATA_H
#define DYAD_DATA_H
#include <stddef.h>

/* The built-in file called `name` (a base name such as "cameo.codes"), NUL-terminated, or
 * NULL when there is none; its length in *len (0 when there is none). */
const char *dyad_data_file(const char *name, size_t *len);

/* The i-th built-in file (in name order) whose name ends with `suffix` (".actors"), or NULL
 * past the last; its name in *name. */
const char *dyad_data_file_with_suffix(const char *suffix, size_t i, const char **name,
                                       size_t *len);
#endif
