/* intern — see intern.h.  FNV-1a over the case-folded bytes; the table doubles at 50% load. */
#include "intern.h"
#include <stdlib.h>
#include <string.h>

struct dyad_intern {
    uint32_t *slots;       /* id per slot, 0 = empty */
    uint32_t *hashes;      /* hash per id, so growing never rehashes strings */
    uint32_t *offsets;     /* offset of each id's string in pool */
    size_t nslots, nids, ids_cap;
    char *pool;
    size_t pool_len, pool_cap;
};

/* Latin letters with diacritics (U+00C0..U+017F) fold to their ASCII base letter, so that
 * "Erdoğan", "Bogotá" and "Türkiye" match dictionary entries written either way. */
static const char latin_fold[0x180 - 0xC0] = {
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 's',
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
    'd', 'n', 'o', 'o', 'o', 'o', 'o', 0, 'o', 'u', 'u', 'u', 'u', 'y', 't', 'y',
    'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',
    'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',
    'g', 'g', 'g', 'g', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',
    'i', 'i', 'i', 'i', 'j', 'j', 'k', 'k', 'k', 'l', 'l', 'l', 'l', 'l', 'l', 'l',
    'l', 'l', 'l', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'o', 'o', 'o', 'o',
    'o', 'o', 'o', 'o', 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',
    's', 's', 't', 't', 't', 't', 't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
    'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's',
};

/* The folded byte at s[*i], advancing *i past what it consumed. */
static unsigned char fold_next(const char *s, size_t len, size_t *i)
{
    unsigned char c = (unsigned char)s[*i];
    if (c >= 'A' && c <= 'Z') {
        (*i)++;
        return (unsigned char)(c + 32);
    }
    if (c >= 0xC3 && c <= 0xC5 && *i + 1 < len) {
        unsigned char c1 = (unsigned char)s[*i + 1];
        unsigned cp = ((unsigned)(c & 0x1F) << 6) | (c1 & 0x3F);
        if ((c1 & 0xC0) == 0x80 && cp >= 0xC0 && cp < 0x180 && latin_fold[cp - 0xC0]) {
            *i += 2;
            return (unsigned char)latin_fold[cp - 0xC0];
        }
    }
    (*i)++;
    return c;
}

static uint32_t hash_folded(const char *s, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len;) {
        h ^= fold_next(s, len, &i);
        h *= 16777619u;
    }
    return h;
}

static int equal_folded(const char *stored, const char *s, size_t len)
{
    size_t k = 0;
    for (size_t i = 0; i < len; k++)
        if ((unsigned char)stored[k] != fold_next(s, len, &i))
            return 0;
    return stored[k] == '\0';
}

dyad_intern *dyad_intern_new(void)
{
    dyad_intern *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->nslots = 1024;
    t->slots = calloc(t->nslots, sizeof *t->slots);
    if (!t->slots) {
        free(t);
        return NULL;
    }
    return t;
}

void dyad_intern_free(dyad_intern *t)
{
    if (!t)
        return;
    free(t->slots);
    free(t->hashes);
    free(t->offsets);
    free(t->pool);
    free(t);
}

static uint32_t probe(const dyad_intern *t, uint32_t h, const char *s, size_t len, size_t *slot)
{
    size_t mask = t->nslots - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        uint32_t id = t->slots[i];
        if (id == 0 || (t->hashes[id - 1] == h && equal_folded(t->pool + t->offsets[id - 1], s, len))) {
            *slot = i;
            return id;
        }
    }
}

uint32_t dyad_intern_find(const dyad_intern *t, const char *s, size_t len)
{
    size_t slot;
    if (t->nids == 0)
        return 0;
    return probe(t, hash_folded(s, len), s, len, &slot);
}

static int grow_slots(dyad_intern *t)
{
    size_t n = t->nslots * 2;
    uint32_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t id = 1; id <= t->nids; id++) {
        size_t i = t->hashes[id - 1] & (n - 1);
        while (slots[i])
            i = (i + 1) & (n - 1);
        slots[i] = (uint32_t)id;
    }
    free(t->slots);
    t->slots = slots;
    t->nslots = n;
    return 0;
}

static int reserve(dyad_intern *t, size_t len)
{
    if (t->nids == t->ids_cap) {
        size_t cap = t->ids_cap ? t->ids_cap * 2 : 1024;
        uint32_t *h = realloc(t->hashes, cap * sizeof *h);
        if (!h)
            return -1;
        t->hashes = h;
        uint32_t *o = realloc(t->offsets, cap * sizeof *o);
        if (!o)
            return -1;
        t->offsets = o;
        t->ids_cap = cap;
    }
    if (t->pool_len + len + 1 > t->pool_cap) {
        size_t cap = t->pool_cap ? t->pool_cap : 16384;
        while (t->pool_len + len + 1 > cap)
            cap *= 2;
        char *p = realloc(t->pool, cap);
        if (!p)
            return -1;
        t->pool = p;
        t->pool_cap = cap;
    }
    return 0;
}

uint32_t dyad_intern_add(dyad_intern *t, const char *s, size_t len)
{
    uint32_t h = hash_folded(s, len);
    size_t slot;
    uint32_t id = t->nids ? probe(t, h, s, len, &slot) : 0;
    if (id)
        return id;
    if ((t->nids + 1) * 2 > t->nslots && grow_slots(t) != 0)
        return 0;
    if (reserve(t, len) != 0)
        return 0;
    probe(t, h, s, len, &slot);
    size_t k = 0;
    for (size_t i = 0; i < len;)
        t->pool[t->pool_len + k++] = (char)fold_next(s, len, &i);
    t->pool[t->pool_len + k] = '\0';
    t->offsets[t->nids] = (uint32_t)t->pool_len;
    t->hashes[t->nids] = h;
    t->pool_len += k + 1;
    t->nids++;
    t->slots[slot] = (uint32_t)t->nids;
    return (uint32_t)t->nids;
}

const char *dyad_intern_str(const dyad_intern *t, uint32_t id)
{
    return (id >= 1 && id <= t->nids) ? t->pool + t->offsets[id - 1] : NULL;
}

uint32_t dyad_intern_count(const dyad_intern *t)
{
    return (uint32_t)t->nids;
}
