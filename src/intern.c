/* intern — see intern.h.  Linear probing; the table doubles at 50% load.
 *
 * A lookup folds the key once into a zero-padded stack buffer (ASCII through a table) and
 * hashes it eight bytes at a time.  A slot holds the id with the key's length and its
 * first bytes, so that a probe of a word of up to SLOT_KEY bytes (nearly every word) reads
 * one 16-byte slot and nothing else: at run time the cost of a lookup is its cache misses,
 * and the table is too large for the L1 and L2 caches. */
#include "intern.h"
#include <stdlib.h>
#include <string.h>

#define SLOT_KEY 11

typedef struct slot {
    uint32_t id;                     /* 0 = empty */
    uint8_t len;                     /* the folded key's length, 255 for 255 or more */
    unsigned char key[SLOT_KEY];     /* its first bytes, zero-padded */
} slot;

typedef struct entry {
    uint32_t offset, len;  /* the folded string in pool */
} entry;

struct dyad_intern {
    slot *slots;
    uint32_t *hashes;      /* hash per id, so growing never rehashes strings */
    entry *entries;        /* per id */
    size_t nslots, nids, ids_cap;
    char *pool;
    size_t pool_len, pool_cap;
    int borrowed;          /* made by dyad_intern_from_arrays: the arrays are not ours */
};

_Static_assert(sizeof(slot) == DYAD_INTERN_SLOT_BYTES && sizeof(entry) == DYAD_INTERN_ENTRY_BYTES,
               "dyad_intern_arrays sizes");

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

/* ASCII folding: upper case to lower, everything else as is. */
static const unsigned char lower[128] = {
    0,   1,   2,   3,   4,   5,   6,   7,   8,   9,   10,  11,  12,  13,  14,  15,
    16,  17,  18,  19,  20,  21,  22,  23,  24,  25,  26,  27,  28,  29,  30,  31,
    ' ', '!', '"', '#', '$', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/',
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?',
    '@', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '[', '\\', ']', '^', '_',
    '`', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', '{', '|', '}', '~', 127,
};

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Eight ASCII bytes with 'A'..'Z' turned to lower case. */
static uint64_t lower8(uint64_t w)
{
    uint64_t ge_a = w + 0x3F * ONES;  /* bit 7 set in bytes >= 'A' */
    uint64_t gt_z = w + 0x25 * ONES;  /* ... in bytes > 'Z' */
    return w | ((ge_a & ~gt_z & HIGHS) >> 2);
}

/* Lower-cases n (4 or 8) ASCII bytes from s into out; 0 when one of them is not ASCII.
 * Inline, so that each call copies a constant size. */
static inline int lower_ascii(const char *s, size_t n, unsigned char *out)
{
    uint64_t w = 0;
    memcpy(&w, s, n);
    if (w & HIGHS)
        return 0;
    w = lower8(w);
    memcpy(out, &w, n);
    return 1;
}

/* Folds s[0..len) into out (which holds at least len + 8 bytes): ASCII to lower case, Latin
 * letters with diacritics (two UTF-8 bytes) to their base letter.  Returns the length.
 * ASCII goes in blocks of eight or four bytes, the last block overlapping the one before
 * ("ministers" is bytes 0-7 and 1-8): a word costs two or three block operations, no loop
 * over its bytes. */
static size_t fold(const char *s, size_t len, unsigned char *out)
{
    size_t i = 0;
    int ascii = 1;
    if (len >= 8) {
        for (; ascii && i + 8 <= len; i += 8)
            ascii = lower_ascii(s + i, 8, out + i);
        if (ascii && i < len)
            ascii = lower_ascii(s + len - 8, 8, out + len - 8);
    } else if (len >= 4) {
        ascii = lower_ascii(s, 4, out) && lower_ascii(s + len - 4, 4, out + len - 4);
    } else {
        for (; i < len; i++)
            ascii &= (unsigned char)s[i] < 0x80;
        for (i = 0; ascii && i < len; i++)
            out[i] = lower[(unsigned char)s[i]];
    }
    if (ascii)
        return len;
    size_t k = 0;
    for (i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[k++] = lower[c];
            i++;
            continue;
        }
        if (c >= 0xC3 && c <= 0xC5 && i + 1 < len) {
            unsigned char c1 = (unsigned char)s[i + 1];
            unsigned cp = ((unsigned)(c & 0x1F) << 6) | (c1 & 0x3F);
            if ((c1 & 0xC0) == 0x80 && cp >= 0xC0 && cp < 0x180 && latin_fold[cp - 0xC0]) {
                out[k++] = (unsigned char)latin_fold[cp - 0xC0];
                i += 2;
                continue;
            }
        }
        out[k++] = c;
        i++;
    }
    return k;
}

/* One round of hash_bytes: a word of the key into the state. */
static inline uint64_t hash_round(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0xFF51AFD7ED558CCDULL;
    return h ^ (h >> 32);
}

/* Hashes s[0..len), which is followed by zeros up to a multiple of 8 bytes. */
static uint32_t hash_bytes(const unsigned char *s, size_t len)
{
    uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        h = hash_round(h, w);
    }
    h *= 0xC4CEB9FE1A85EC53ULL;
    return (uint32_t)(h >> 32);
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
    if (t->borrowed) {
        free(t);
        return;
    }
    free(t->slots);
    free(t->hashes);
    free(t->entries);
    free(t->pool);
    free(t);
}

/* The id of the folded key f[0..n) (zero-padded to SLOT_KEY bytes at least) with hash h,
 * or 0; *at is the slot where it is or would go. */
static inline uint32_t probe(const dyad_intern *t, uint32_t h, const unsigned char *f, size_t n,
                             size_t *at)
{
    size_t mask = t->nslots - 1;
    uint8_t len = n < 255 ? (uint8_t)n : 255;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const slot *sl = &t->slots[i];
        if (sl->id == 0) {
            *at = i;
            return 0;
        }
        if (sl->len == len && memcmp(sl->key, f, SLOT_KEY) == 0 &&
            (n <= SLOT_KEY || (t->entries[sl->id - 1].len == n &&
                               memcmp(t->pool + t->entries[sl->id - 1].offset, f, n) == 0))) {
            *at = i;
            return sl->id;
        }
    }
}

/* Keys up to this long fold on the stack; longer ones (never words) on the heap. */
#define SHORT_KEY 256

/* A buffer for the folded key of s[0..len): buf (SHORT_KEY + 24 bytes) when it fits, else
 * malloc'd; NULL when out of memory.  The key is followed by 16 zero bytes. */
static unsigned char *fold_key(const char *s, size_t len, unsigned char *buf, size_t *n)
{
    unsigned char *f = len <= SHORT_KEY ? buf : malloc(len + 24);
    if (f) {
        *n = fold(s, len, f);
        memset(f + *n, 0, 16);
    }
    return f;
}

/* dyad_intern_find for an ASCII key of 1 to 16 bytes (nearly every token): the key is
 * folded in two words, which are hashed as they are, with no loop and no pass over its
 * bytes; the same hash and slot as the general path.  0 with *ok cleared when the key is
 * not ASCII. */
static inline uint32_t find_short(const dyad_intern *t, const char *s, size_t len, int *ok)
{
    unsigned char f[SLOT_KEY + 16] = {0};
    if (len >= 8) {
        memcpy(f, s, 8);
        memcpy(f + len - 8, s + len - 8, 8);
    } else if (len >= 4) {
        memcpy(f, s, 4);
        memcpy(f + len - 4, s + len - 4, 4);
    } else {
        for (size_t i = 0; i < len; i++)
            f[i] = (unsigned char)s[i];
    }
    uint64_t lo, hi;
    memcpy(&lo, f, 8);
    memcpy(&hi, f + 8, 8);
    if ((lo | hi) & HIGHS) {
        *ok = 0;
        return 0;
    }
    lo = lower8(lo);
    hi = lower8(hi);
    memcpy(f, &lo, 8);
    memcpy(f + 8, &hi, 8);
    uint64_t h = hash_round(0x9E3779B97F4A7C15ULL ^ len, lo);
    if (len > 8)
        h = hash_round(h, hi);
    h *= 0xC4CEB9FE1A85EC53ULL;
    size_t at;
    return probe(t, (uint32_t)(h >> 32), f, len, &at);
}

/* The general path, out of line: its key buffer would make every call's frame larger. */
static __attribute__((noinline)) uint32_t find_any(const dyad_intern *t, const char *s,
                                                   size_t len)
{
    unsigned char buf[SHORT_KEY + 24];
    size_t n, at;
    unsigned char *f = fold_key(s, len, buf, &n);
    if (!f)
        return 0;
    uint32_t id = probe(t, hash_bytes(f, n), f, n, &at);
    if (f != buf)
        free(f);
    return id;
}

uint32_t dyad_intern_find(const dyad_intern *t, const char *s, size_t len)
{
    if (t->nids == 0)
        return 0;
    int ascii = 1;
    if (len - 1 < 16) {
        uint32_t id = find_short(t, s, len, &ascii);
        if (ascii)
            return id;
    }
    return find_any(t, s, len);
}

static int grow_slots(dyad_intern *t)
{
    size_t n = t->nslots * 2;
    slot *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t k = 0; k < t->nslots; k++) {
        if (!t->slots[k].id)
            continue;
        size_t i = t->hashes[t->slots[k].id - 1] & (n - 1);
        while (slots[i].id)
            i = (i + 1) & (n - 1);
        slots[i] = t->slots[k];
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
        entry *e = realloc(t->entries, cap * sizeof *e);
        if (!e)
            return -1;
        t->entries = e;
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
    if (len > UINT32_MAX / 2 || t->borrowed)
        return 0;
    unsigned char buf[SHORT_KEY + 24];
    size_t n, at;
    unsigned char *f = fold_key(s, len, buf, &n);
    if (!f)
        return 0;
    uint32_t h = hash_bytes(f, n), id = 0;
    if (t->nids && (id = probe(t, h, f, n, &at)) != 0)
        goto done;
    if ((t->nids + 1) * 2 > t->nslots && grow_slots(t) != 0)
        goto done;
    if (reserve(t, n) != 0)
        goto done;
    probe(t, h, f, n, &at);
    memcpy(t->pool + t->pool_len, f, n);
    t->pool[t->pool_len + n] = '\0';
    t->entries[t->nids] = (entry){(uint32_t)t->pool_len, (uint32_t)n};
    t->hashes[t->nids] = h;
    t->pool_len += n + 1;
    id = (uint32_t)++t->nids;
    slot *sl = &t->slots[at];
    sl->id = id;
    sl->len = n < 255 ? (uint8_t)n : 255;
    memcpy(sl->key, f, SLOT_KEY); /* zero-padded */
done:
    if (f != buf)
        free(f);
    return id;
}

const char *dyad_intern_str(const dyad_intern *t, uint32_t id)
{
    return (id >= 1 && id <= t->nids) ? t->pool + t->entries[id - 1].offset : NULL;
}

uint32_t dyad_intern_count(const dyad_intern *t)
{
    return (uint32_t)t->nids;
}

void dyad_intern_arrays_of(const dyad_intern *t, dyad_intern_arrays *out)
{
    *out = (dyad_intern_arrays){t->slots, t->entries, t->pool, t->nslots, t->nids, t->pool_len};
}

/* A lookup must end at an empty slot and may follow any slot's id into entries and pool:
 * those are the invariants to check, so that a damaged image cannot make it loop or read
 * out of bounds. */
dyad_intern *dyad_intern_from_arrays(const dyad_intern_arrays *a)
{
    const slot *slots = a->slots;
    const entry *entries = a->entries;
    if (a->nslots == 0 || (a->nslots & (a->nslots - 1)) || a->nids >= a->nslots ||
        (a->pool_len && a->pool[a->pool_len - 1] != '\0'))
        return NULL;
    size_t empty = 0;
    for (size_t i = 0; i < a->nslots; i++) {
        empty += slots[i].id == 0;
        if (slots[i].id > a->nids)
            return NULL;
    }
    for (size_t i = 0; i < a->nids; i++)
        if ((uint64_t)entries[i].offset + entries[i].len >= a->pool_len ||
            a->pool[entries[i].offset + entries[i].len] != '\0')
            return NULL;
    dyad_intern *t = empty ? calloc(1, sizeof *t) : NULL;
    if (!t)
        return NULL;
    t->slots = (slot *)a->slots;
    t->entries = (entry *)a->entries;
    t->pool = (char *)a->pool;
    t->nslots = a->nslots;
    t->nids = t->ids_cap = a->nids;
    t->pool_len = t->pool_cap = a->pool_len;
    t->borrowed = 1;
    return t;
}
