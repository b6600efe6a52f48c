/* intern — strings to small integer ids.
 *
 * Every word that a dictionary mentions is interned once at load time; at run time a text
 * token is looked up (never inserted), so matching compares integers.  Keys are folded to
 * lower case, and Latin letters to their base letter (é -> e), on the way in and on
 * lookup.  Ids start at 1; 0 means "not present".
 * Open addressing with linear probing over a power-of-two table; the string bytes live in
 * one growing pool, so a table with 100,000 words is a handful of allocations. */
#ifndef DYAD_INTERN_H
#define DYAD_INTERN_H
#include <stddef.h>
#include <stdint.h>

typedef struct dyad_intern dyad_intern;

dyad_intern *dyad_intern_new(void);
void dyad_intern_free(dyad_intern *t);

/* The id of s[0..len) (case-folded), inserting it if new; 0 only when out of memory (or
 * for a table made by dyad_intern_from_arrays). */
uint32_t dyad_intern_add(dyad_intern *t, const char *s, size_t len);

/* The id of s[0..len) (case-folded), or 0 when absent. */
uint32_t dyad_intern_find(const dyad_intern *t, const char *s, size_t len);

/* The folded string for an id (NUL-terminated), and the number of ids. */
const char *dyad_intern_str(const dyad_intern *t, uint32_t id);
uint32_t dyad_intern_count(const dyad_intern *t);

/* The table's arrays as they are, for dictionary images (dictimage.c), and a table made
 * back from them that finds but never adds (dyad_intern_add on it returns 0) and leaves
 * the arrays to their owner. */
#define DYAD_INTERN_SLOT_BYTES 16
#define DYAD_INTERN_ENTRY_BYTES 8
typedef struct dyad_intern_arrays {
    const void *slots;      /* nslots of DYAD_INTERN_SLOT_BYTES, 8-byte aligned */
    const void *entries;    /* one per id, DYAD_INTERN_ENTRY_BYTES each */
    const char *pool;
    size_t nslots, nids, pool_len;
} dyad_intern_arrays;
void dyad_intern_arrays_of(const dyad_intern *t, dyad_intern_arrays *out);
/* NULL when out of memory or when the arrays are not a consistent table. */
dyad_intern *dyad_intern_from_arrays(const dyad_intern_arrays *a);

#endif
