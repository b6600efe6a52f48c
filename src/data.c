/* data — lookup into the table that tools/embed.c generates from data/. */
#include "data.h"
#include <string.h>

struct dyad_embedded_file {
    const char *name;
    const char *data;
    size_t len;
};
extern const struct dyad_embedded_file dyad_embedded[];

const char *dyad_data_file(const char *name, size_t *len)
{
    for (const struct dyad_embedded_file *f = dyad_embedded; f->name; f++)
        if (strcmp(f->name, name) == 0) {
            *len = f->len;
            return f->data;
        }
    *len = 0;
    return NULL;
}

const char *dyad_data_file_with_suffix(const char *suffix, size_t i, const char **name,
                                       size_t *len)
{
    size_t slen = strlen(suffix);
    for (const struct dyad_embedded_file *f = dyad_embedded; f->name; f++) {
        size_t n = strlen(f->name);
        if (n < slen || strcmp(f->name + n - slen, suffix) != 0)
            continue;
        if (i-- == 0) {
            *name = f->name;
            *len = f->len;
            return f->data;
        }
    }
    return NULL;
}
