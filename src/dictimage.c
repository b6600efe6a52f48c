/* dictimage — the compiled dictionary image (see dict.h).
 *
 * An image is the dictionary's arrays written as they lie in memory, behind a header and a
 * table of sections; loading reads the file into one block and points the arrays into it.
 * The only rewriting is for strings: on disk a string field holds 1 + the offset of its
 * text in the string pool (0 for NULL), and loading turns that back into a pointer.  Being
 * a memory layout, an image suits only builds with the same layout, so the header records
 * the byte order and a fingerprint of the structs' sizes and refuses any other.
 *
 * Loading trusts nothing it has not checked.  The checksum catches damage; beyond it every
 * index and span of the arrays is checked against what it indexes, so that a file that
 * passes (the fuzzer forges checksums) cannot make a lookup read out of bounds or loop.
 * These are linear passes: a few million instructions for the Phoenix dictionaries,
 * against some 230 million to parse their text. */
#include "data.h"
#include "dict_internal.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define IMAGE_MAGIC "DYADDICT"
#define IMAGE_VERSION 2u /* 2: per-node stems and gaps, per-slot SLOT_EXACT */
#define BYTE_ORDER_MARK 0x01020304u

enum section {
    S_SCALARS, S_WORD_SLOTS, S_WORD_ENTRIES, S_WORD_POOL, S_KEY_SLOTS, S_KEY_ENTRIES, S_KEY_POOL,
    S_CLASSES, S_STEMS, S_NODES, S_EDGE_KEYS, S_EDGE_VALS, S_NODE_FILE, S_ACTORS,
    S_RESTRICTIONS, S_AGENTS, S_VERBS, S_VERB_BY_WORD, S_BLOCKS, S_PATTERNS, S_ELEMS, S_SETS,
    S_PHRASES, S_SLOTS, S_SLOT_FLAGS, S_IDS, S_SET_FIRST, S_FIRST_IDS, S_ROOT_CHILD, S_WORD_LEADS,
    S_LEADS, S_WORD_SETS, S_LEAD_PHRASES, S_IRREGULARS, S_PAST_WORDS, S_TABARI_POS,
    S_WORD_SET_OF, S_WARNINGS, S_SOURCES,
    S_STRINGS, /* last: it grows while the others are written */
    NSECTIONS
};

/* The dictionary's counters and flags, as uint64 in section S_SCALARS. */
enum scalar {
    V_NSTEMS, V_NEDGES, V_NDISCARDS, V_ACTOR_PHRASES, V_AGENT_PHRASES, V_VERB_FORMS,
    V_TABARI_VERBS, V_PETRARCH, V_KINDS, NSCALARS
};

typedef struct header {
    char magic[8];
    uint32_t byte_order, version, layout, nsections;
    uint64_t size;
    uint64_t checksum; /* of everything after it, the section table included */
    struct {
        uint64_t offset, bytes;
    } sections[NSECTIONS];
} header;

#define STR(type, field) offsetof(type, field)
/* Element size per section, and where its elements hold string pointers. */
static const struct {
    uint16_t size;
    uint8_t nstr;
    uint8_t str[2];   /* offsets of const char * fields */
    uint8_t required; /* bit i: str[i] is never NULL */
} types[NSECTIONS] = {
    [S_SCALARS] = {sizeof(uint64_t), 0, {0}, 0},
    [S_WORD_SLOTS] = {DYAD_INTERN_SLOT_BYTES, 0, {0}, 0},
    [S_WORD_ENTRIES] = {DYAD_INTERN_ENTRY_BYTES, 0, {0}, 0},
    [S_WORD_POOL] = {1, 0, {0}, 0},
    [S_KEY_SLOTS] = {DYAD_INTERN_SLOT_BYTES, 0, {0}, 0},
    [S_KEY_ENTRIES] = {DYAD_INTERN_ENTRY_BYTES, 0, {0}, 0},
    [S_KEY_POOL] = {1, 0, {0}, 0},
    [S_CLASSES] = {sizeof(uint32_t), 0, {0}, 0},
    [S_STEMS] = {1, 0, {0}, 0},
    [S_NODES] = {sizeof(dyad_node), 0, {0}, 0},
    [S_EDGE_KEYS] = {sizeof(uint64_t), 0, {0}, 0},
    [S_EDGE_VALS] = {sizeof(uint32_t), 0, {0}, 0},
    [S_NODE_FILE] = {sizeof(const char *), 1, {0}, 0},
    [S_ACTORS] = {sizeof(dyad_actor), 2, {STR(dyad_actor, code), STR(dyad_actor, origin)}, 2},
    [S_RESTRICTIONS] = {sizeof(dyad_restriction), 1, {STR(dyad_restriction, code)}, 0},
    [S_AGENTS] = {sizeof(dyad_agent), 2, {STR(dyad_agent, code), STR(dyad_agent, origin)}, 2},
    [S_VERBS] = {sizeof(dyad_verb), 2, {STR(dyad_verb, code), STR(dyad_verb, origin)}, 2},
    [S_VERB_BY_WORD] = {sizeof(uint32_t), 0, {0}, 0},
    [S_BLOCKS] = {sizeof(dyad_block), 2, {STR(dyad_block, label), STR(dyad_block, code)}, 1},
    [S_PATTERNS] = {sizeof(dyad_pattern), 2, {STR(dyad_pattern, code), STR(dyad_pattern, origin)},
                    2},
    [S_ELEMS] = {sizeof(dyad_elem), 0, {0}, 0},
    [S_SETS] = {sizeof(span32), 0, {0}, 0},
    [S_PHRASES] = {sizeof(span32), 0, {0}, 0},
    [S_SLOTS] = {sizeof(span32), 0, {0}, 0},
    [S_SLOT_FLAGS] = {1, 0, {0}, 0},
    [S_IDS] = {sizeof(uint32_t), 0, {0}, 0},
    [S_SET_FIRST] = {sizeof(span32), 0, {0}, 0},
    [S_FIRST_IDS] = {sizeof(uint32_t), 0, {0}, 0},
    [S_ROOT_CHILD] = {sizeof(uint32_t), 0, {0}, 0},
    [S_WORD_LEADS] = {sizeof(uint32_t), 0, {0}, 0},
    [S_LEADS] = {sizeof(lead), 0, {0}, 0},
    [S_WORD_SETS] = {sizeof(uint32_t), 0, {0}, 0},
    [S_LEAD_PHRASES] = {sizeof(span32), 0, {0}, 0},
    [S_IRREGULARS] = {sizeof(irregular), 2, {STR(irregular, past), STR(irregular, participle)}, 0},
    [S_PAST_WORDS] = {1, 0, {0}, 0},
    [S_TABARI_POS] = {1, 0, {0}, 0},
    [S_WORD_SET_OF] = {sizeof(uint32_t), 0, {0}, 0},
    [S_WARNINGS] = {sizeof(char *), 1, {0}, 1},
    [S_SOURCES] = {sizeof(dyad_dict_source), 1, {STR(dyad_dict_source, name)}, 1},
    [S_STRINGS] = {1, 0, {0}, 0},
};

_Static_assert(sizeof(uintptr_t) == sizeof(const char *), "string fields hold offsets");

/* Fletcher's sums over 64-bit words (a position-weighted sum catches reordering too), then
 * a final mix: some three instructions per eight bytes, since every load checks the whole
 * image. */
uint64_t dyad_dict_hash(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t a = 0x9E3779B97F4A7C15ULL ^ n, b = 0, w0, w1;
    for (; n >= 16; s += 16, n -= 16) {
        memcpy(&w0, s, 8);
        memcpy(&w1, s + 8, 8);
        a += w0;
        b += a;
        a += w1;
        b += a;
    }
    w0 = w1 = 0;
    memcpy(&w0, s, n < 8 ? n : 8);
    if (n > 8)
        memcpy(&w1, s + 8, n - 8);
    a += w0;
    b += a;
    a += w1;
    b += a;
    uint64_t h = (a ^ (b << 32 | b >> 32)) * 0xFF51AFD7ED558CCDULL;
    h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ULL;
    return h ^ (h >> 33);
}

/* Images from builds whose structs differ must not be read: the sizes and string field
 * offsets of every section type, hashed. */
static uint32_t layout(void)
{
    uint64_t v[NSECTIONS * 3 + 1];
    size_t n = 0;
    v[n++] = sizeof(header);
    for (int s = 0; s < NSECTIONS; s++) {
        v[n++] = types[s].size;
        v[n++] = types[s].str[0];
        v[n++] = types[s].str[1];
    }
    return (uint32_t)dyad_dict_hash(v, n * sizeof v[0]);
}

static size_t align8(size_t n)
{
    return (n + 7) & ~(size_t)7;
}

/* ---- writing ---------------------------------------------------------------------------- */

/* The string pool, each distinct string once. */
typedef struct pool {
    char *text;
    size_t len, cap;
    uint64_t *slots; /* 1 + offset in text, 0 for empty */
    size_t nslots, n;
    int oom;
} pool;

static int pool_grow(pool *p)
{
    size_t n = p->nslots ? p->nslots * 2 : 4096;
    uint64_t *slots = calloc(n, sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < p->nslots; i++) {
        if (!p->slots[i])
            continue;
        const char *s = p->text + p->slots[i] - 1;
        size_t k = dyad_dict_hash(s, strlen(s)) & (n - 1);
        while (slots[k])
            k = (k + 1) & (n - 1);
        slots[k] = p->slots[i];
    }
    free(p->slots);
    p->slots = slots;
    p->nslots = n;
    return 0;
}

/* 1 + the offset of s in the pool, 0 (with p->oom) when out of memory. */
static uint64_t pool_put(pool *p, const char *s)
{
    if ((p->n + 1) * 2 > p->nslots && pool_grow(p) != 0)
        return p->oom = 1, 0;
    size_t len = strlen(s), k = dyad_dict_hash(s, len) & (p->nslots - 1);
    for (; p->slots[k]; k = (k + 1) & (p->nslots - 1))
        if (strcmp(p->text + p->slots[k] - 1, s) == 0)
            return p->slots[k];
    if (dyad_grow((void **)&p->text, &p->cap, p->len + len + 1, 1) != 0)
        return p->oom = 1, 0;
    memcpy(p->text + p->len, s, len + 1);
    p->slots[k] = p->len + 1;
    p->len += len + 1;
    p->n++;
    return p->slots[k];
}

/* The arrays of a finished dictionary, with their element counts. */
static void arrays_of(const dyad_dict *d, const void *data[NSECTIONS], size_t n[NSECTIONS],
                      uint64_t scalars[NSCALARS])
{
    dyad_intern_arrays w, k;
    dyad_intern_arrays_of(d->words, &w);
    dyad_intern_arrays_of(d->word_set_keys, &k);
    size_t nleads = d->word_leads[d->nindexed_words];
    const lead *last = nleads ? &d->leads[nleads - 1] : NULL;
#define ARRAY(s, p, count) (data[s] = (p), n[s] = (count))
    ARRAY(S_SCALARS, scalars, NSCALARS);
    ARRAY(S_WORD_SLOTS, w.slots, w.nslots);
    ARRAY(S_WORD_ENTRIES, w.entries, w.nids);
    ARRAY(S_WORD_POOL, w.pool, w.pool_len);
    ARRAY(S_KEY_SLOTS, k.slots, k.nslots);
    ARRAY(S_KEY_ENTRIES, k.entries, k.nids);
    ARRAY(S_KEY_POOL, k.pool, k.pool_len);
    ARRAY(S_CLASSES, d->classes, d->classes_cap);
    ARRAY(S_STEMS, d->stems, d->stems_cap);
    ARRAY(S_NODES, d->nodes, d->nnodes);
    ARRAY(S_EDGE_KEYS, d->edge_keys, d->edge_slots);
    ARRAY(S_EDGE_VALS, d->edge_vals, d->edge_slots);
    ARRAY(S_NODE_FILE, d->node_file, d->nnodes);
    ARRAY(S_ACTORS, d->actors, d->nactors);
    ARRAY(S_RESTRICTIONS, d->restrictions, d->nrestrictions);
    ARRAY(S_AGENTS, d->agents, d->nagents);
    ARRAY(S_VERBS, d->verbs, d->nverbs);
    ARRAY(S_VERB_BY_WORD, d->verb_by_word, d->verb_by_word_cap);
    ARRAY(S_BLOCKS, d->blocks, d->nblocks);
    ARRAY(S_PATTERNS, d->patterns, d->npatterns);
    ARRAY(S_ELEMS, d->elems, d->nelems);
    ARRAY(S_SETS, d->sets, d->nsets);
    ARRAY(S_PHRASES, d->phrases, d->nphrases);
    ARRAY(S_SLOTS, d->slots, d->nslots);
    ARRAY(S_SLOT_FLAGS, d->slot_flags, d->nslots);
    ARRAY(S_IDS, d->ids, d->nids);
    ARRAY(S_SET_FIRST, d->set_first, d->nsets);
    ARRAY(S_FIRST_IDS, d->first_ids, nleads); /* one first word per lead */
    ARRAY(S_ROOT_CHILD, d->root_child, d->nindexed_words);
    ARRAY(S_WORD_LEADS, d->word_leads, d->nindexed_words + 1);
    ARRAY(S_LEADS, d->leads, nleads);
    ARRAY(S_WORD_SETS, d->word_sets, nleads);
    ARRAY(S_LEAD_PHRASES, d->lead_phrases, last ? last->first + last->n : 0);
    ARRAY(S_IRREGULARS, d->irregulars, d->irregulars_cap);
    ARRAY(S_PAST_WORDS, d->past_words, d->past_words_cap);
    ARRAY(S_TABARI_POS, d->tabari_pos, d->tabari_pos_cap);
    ARRAY(S_WORD_SET_OF, d->word_set_of, d->word_set_of_cap);
    ARRAY(S_WARNINGS, d->warnings, d->nwarnings);
    ARRAY(S_SOURCES, d->sources, d->nsources);
    ARRAY(S_STRINGS, NULL, 0);
#undef ARRAY
    const uint64_t v[NSCALARS] = {
        [V_NSTEMS] = d->nstems, [V_NEDGES] = d->nedges, [V_NDISCARDS] = d->ndiscards,
        [V_ACTOR_PHRASES] = d->actor_phrases, [V_AGENT_PHRASES] = d->agent_phrases,
        [V_VERB_FORMS] = d->verb_forms, [V_TABARI_VERBS] = (uint64_t)d->tabari_verbs,
        [V_PETRARCH] = (uint64_t)d->petrarch, [V_KINDS] = d->kinds};
    memcpy(scalars, v, sizeof v);
}

void *dyad_dict_image(const dyad_dict *d, size_t *len)
{
    if (!d->indexed)
        return NULL;
    const void *data[NSECTIONS];
    size_t n[NSECTIONS];
    uint64_t scalars[NSCALARS];
    arrays_of(d, data, n, scalars);
    size_t size = align8(sizeof(header));
    for (int s = 0; s < S_STRINGS; s++)
        size += align8(n[s] * types[s].size);
    char *out = calloc(1, size);
    pool strings = {0};
    if (!out)
        return NULL;
    header *h = (header *)out;
    size_t at = align8(sizeof(header));
    for (int s = 0; s < S_STRINGS; s++) {
        size_t bytes = n[s] * types[s].size;
        h->sections[s].offset = at;
        h->sections[s].bytes = bytes;
        if (bytes)
            memcpy(out + at, data[s], bytes);
        for (size_t i = 0; i < n[s]; i++)
            for (int f = 0; f < types[s].nstr; f++) {
                char *field = out + at + i * types[s].size + types[s].str[f];
                const char *str;
                memcpy(&str, field, sizeof str);
                uintptr_t v = str ? (uintptr_t)pool_put(&strings, str) : 0;
                memcpy(field, &v, sizeof v);
            }
        at += align8(bytes);
    }
    char *grown = strings.oom ? NULL : realloc(out, size + align8(strings.len));
    if (!grown) {
        free(out);
        free(strings.text);
        free(strings.slots);
        return NULL;
    }
    out = grown;
    h = (header *)out;
    if (strings.len)
        memcpy(out + size, strings.text, strings.len);
    memset(out + size + strings.len, 0, align8(strings.len) - strings.len);
    h->sections[S_STRINGS].offset = size;
    h->sections[S_STRINGS].bytes = strings.len;
    size += align8(strings.len);
    free(strings.text);
    free(strings.slots);
    memcpy(h->magic, IMAGE_MAGIC, 8);
    h->byte_order = BYTE_ORDER_MARK;
    h->version = IMAGE_VERSION;
    h->layout = layout();
    h->nsections = NSECTIONS;
    h->size = size;
    dyad_dict_image_seal(out, size);
    *len = size;
    return out;
}

void dyad_dict_image_seal(void *image, size_t len)
{
    if (len < sizeof(header))
        return;
    const char *p = image;
    uint64_t sum = dyad_dict_hash(p + offsetof(header, sections), len - offsetof(header, sections));
    memcpy((char *)image + offsetof(header, checksum), &sum, sizeof sum);
}

int dyad_dict_save_image(const dyad_dict *d, const char *path, char *err, size_t errlen)
{
    size_t len;
    void *image = dyad_dict_image(d, &len);
    if (!image) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    FILE *f = fopen(path, "wb");
    int bad = !f || fwrite(image, 1, len, f) != len;
    bad |= f && fclose(f) != 0;
    free(image);
    if (bad) {
        snprintf(err, errlen, "%s: cannot write", path);
        return -1;
    }
    return 0;
}

/* ---- reading ---------------------------------------------------------------------------- */

static int span_in(uint32_t first, uint32_t n, size_t limit)
{
    return (uint64_t)first + n <= limit;
}

static int spans_in(const span32 *s, size_t n, size_t limit, int nonempty)
{
    for (size_t i = 0; i < n; i++)
        if (!span_in(s[i].first, s[i].n, limit) || (nonempty && s[i].n == 0))
            return 0;
    return 1;
}

static int all_below(const uint32_t *a, size_t n, size_t limit)
{
    for (size_t i = 0; i < n; i++)
        if (a[i] >= limit)
            return 0;
    return 1;
}

/* The part of a dictionary whose indexes do not hold together, or NULL when they do:
 * every bound a lookup relies on (see the top of this file). */
static const char *inconsistent(const dyad_dict *d, size_t nlead_phrases)
{
    size_t nwords = (size_t)dyad_intern_count(d->words) + 1;
    for (size_t i = 0; i < d->nnodes; i++)
        if (d->nodes[i].actor > d->nactors || d->nodes[i].agent > d->nagents ||
            d->nodes[i].verb > d->nverbs)
            return "trie nodes";
    size_t nedges = 0;
    for (size_t i = 0; i < d->edge_slots; i++)
        nedges += d->edge_vals[i] != 0;
    if ((d->edge_slots & (d->edge_slots - 1)) || nedges != d->nedges ||
        (d->edge_slots && nedges >= d->edge_slots) ||
        !all_below(d->edge_vals, d->edge_slots, d->nnodes) || d->nnodes == 0)
        return "trie edges";
    for (size_t i = 0; i < d->nactors; i++)
        if (!span_in(d->actors[i].first_restriction, d->actors[i].nrestrictions,
                     d->nrestrictions))
            return "actors";
    for (size_t i = 0; i < d->nverbs; i++) {
        const dyad_verb *v = &d->verbs[i];
        if (v->base_word >= nwords || v->nblocks > DYAD_MAX_VERB_BLOCKS ||
            !all_below(v->blocks, v->nblocks, d->nblocks))
            return "verbs";
    }
    if (!all_below(d->verb_by_word, d->verb_by_word_cap, d->nverbs + 1))
        return "verbs";
    for (size_t i = 0; i < d->nblocks; i++)
        if (!span_in(d->blocks[i].first_pattern, d->blocks[i].npatterns, d->npatterns))
            return "verb blocks";
    for (size_t i = 0; i < d->npatterns; i++) {
        const dyad_pattern *p = &d->patterns[i];
        if (!span_in(p->first_elem, p->nelems, d->nelems) || (p->nelems && p->verb_at >= p->nelems))
            return "patterns";
    }
    for (size_t i = 0; i < d->nelems; i++)
        if (d->elems[i].type == DYAD_EL_WORDS && d->elems[i].phrases >= d->nsets)
            return "pattern elements";
    if (!spans_in(d->sets, d->nsets, d->nphrases, 0) ||
        !spans_in(d->phrases, d->nphrases, d->nslots, 1) ||
        !spans_in(d->slots, d->nslots, d->nids, 0) || !all_below(d->ids, d->nids, nwords) ||
        !all_below(d->word_set_of, d->word_set_of_cap, d->nsets + 1))
        return "phrase sets";
    size_t nleads = d->word_leads[d->nindexed_words];
    if (d->nindexed_words != nwords || !spans_in(d->set_first, d->nsets, nleads, 0) ||
        !all_below(d->first_ids, nleads, nwords) ||
        !all_below(d->root_child, d->nindexed_words, d->nnodes))
        return "lookup index";
    for (size_t w = 0; w < d->nindexed_words; w++)
        if (d->word_leads[w] > d->word_leads[w + 1])
            return "lookup index";
    for (size_t i = 0; i < nleads; i++)
        if (d->leads[i].set >= d->nsets || d->word_sets[i] >= d->nsets ||
            !span_in(d->leads[i].first, d->leads[i].n, nlead_phrases))
            return "lookup index";
    if (!spans_in(d->lead_phrases, nlead_phrases, d->nslots, 1))
        return "lookup index";
    return NULL;
}

/* Turns the string offsets of section s (n elements at p) back into pointers; -1 when one
 * is out of the pool or missing where it must be. */
static int fix_strings(char *p, int s, size_t n, const char *strings, size_t nstrings)
{
    for (size_t i = 0; i < n; i++)
        for (int f = 0; f < types[s].nstr; f++) {
            char *field = p + i * types[s].size + types[s].str[f];
            uintptr_t v;
            memcpy(&v, field, sizeof v);
            if (v > nstrings || (v == 0 && (types[s].required >> f & 1)))
                return -1;
            const char *str = v ? strings + v - 1 : NULL;
            memcpy(field, &str, sizeof str);
        }
    return 0;
}

/* Is the image older than a text it was compiled from?  The name of that text, or NULL.
 * Files that are gone do not count: an image may travel without its sources.  Only a
 * regular file of the recorded size is read, never a device or pipe an image names. */
static const char *stale(const dyad_dict *d)
{
    char err[256];
    for (size_t i = 0; i < d->nsources; i++) {
        const dyad_dict_source *src = &d->sources[i];
        size_t len = 0;
        const char *text = NULL;
        char *file = NULL;
        struct stat st;
        if (src->builtin)
            text = dyad_data_file(src->name, &len);
        else if (stat(src->name, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        else if ((uint64_t)st.st_size != src->len)
            return src->name;
        else if (!(text = file = dyad_dict_read_file(src->name, &len, err, sizeof err)))
            return src->name;
        int changed = !text || len != src->len || dyad_dict_hash(text, len) != src->hash;
        free(file);
        if (changed)
            return src->name;
    }
    return NULL;
}

/* Makes the dictionary an image holds, taking ownership of buf (malloc'd, len bytes). */
static dyad_dict *open_image(char *buf, size_t len, const char *name, char *err, size_t errlen)
{
    const header *h = (const header *)buf;
    const char *why = NULL;
    char detail[160];
    if (len < 8 || memcmp(buf, IMAGE_MAGIC, 8) != 0)
        why = "not a dyad dictionary image";
    else if (len < sizeof(header))
        why = "truncated dictionary image";
    else if (h->byte_order != BYTE_ORDER_MARK)
        why = h->byte_order == 0x04030201u
                  ? "dictionary image written on a machine of the other byte order; compile it "
                    "again here (dyad dict --compile)"
                  : "corrupt dictionary image (header)";
    else if (h->version != IMAGE_VERSION) {
        snprintf(detail, sizeof detail,
                 "dictionary image of format version %u; this dyad reads version %u: compile "
                 "it again (dyad dict --compile)", h->version, IMAGE_VERSION);
        why = detail;
    } else if (h->layout != layout() || h->nsections != NSECTIONS)
        why = "dictionary image written by a dyad build with another memory layout; compile "
              "it again (dyad dict --compile)";
    else if (h->size > len) {
        snprintf(detail, sizeof detail, "truncated dictionary image (%zu of %llu bytes)", len,
                 (unsigned long long)h->size);
        why = detail;
    } else if (h->size < len)
        why = "corrupt dictionary image (bytes after its end)";
    else if (dyad_dict_hash(buf + offsetof(header, sections), len - offsetof(header, sections)) !=
             h->checksum)
        why = "corrupt dictionary image (checksum mismatch)";
    for (int s = 0; !why && s < NSECTIONS; s++) {
        uint64_t off = h->sections[s].offset, bytes = h->sections[s].bytes;
        if (off % 8 || off < sizeof(header) || off > len || bytes > len - off ||
            bytes % types[s].size)
            why = "corrupt dictionary image (section table)";
    }
    dyad_dict *d = why ? NULL : calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "%s: %s", name, why ? why : "out of memory");
        free(buf);
        return NULL;
    }
    d->image = buf;
    void *data[NSECTIONS];
    size_t n[NSECTIONS];
    for (int s = 0; s < NSECTIONS; s++) {
        data[s] = buf + h->sections[s].offset;
        n[s] = h->sections[s].bytes / types[s].size;
    }
    const char *strings = data[S_STRINGS];
    size_t nstrings = n[S_STRINGS];
    if (nstrings && strings[nstrings - 1] != '\0')
        why = "strings";
    for (int s = 0; !why && s < NSECTIONS; s++)
        if (types[s].nstr && fix_strings(data[s], s, n[s], strings, nstrings) != 0)
            why = "strings";
    dyad_intern_arrays w = {data[S_WORD_SLOTS], data[S_WORD_ENTRIES], data[S_WORD_POOL],
                            n[S_WORD_SLOTS], n[S_WORD_ENTRIES], n[S_WORD_POOL]};
    dyad_intern_arrays k = {data[S_KEY_SLOTS], data[S_KEY_ENTRIES], data[S_KEY_POOL],
                            n[S_KEY_SLOTS], n[S_KEY_ENTRIES], n[S_KEY_POOL]};
    if (!why && (!(d->words = dyad_intern_from_arrays(&w)) ||
                 !(d->word_set_keys = dyad_intern_from_arrays(&k))))
        why = "word tables";
    if (!why && (n[S_SCALARS] != NSCALARS || n[S_EDGE_KEYS] != n[S_EDGE_VALS] ||
                 n[S_NODE_FILE] != n[S_NODES] || n[S_SLOT_FLAGS] != n[S_SLOTS] ||
                 n[S_WORD_LEADS] != n[S_ROOT_CHILD] + 1 || n[S_WORD_SETS] != n[S_LEADS] ||
                 n[S_FIRST_IDS] != n[S_LEADS] || n[S_SET_FIRST] != n[S_SETS] ||
                 ((const uint32_t *)data[S_WORD_LEADS])[n[S_ROOT_CHILD]] != n[S_LEADS]))
        why = "array sizes";
    if (!why) {
        const uint64_t *v = data[S_SCALARS];
#define ARRAY(field, s) (d->field = data[s])
#define SIZED(field, s, count) (d->field = data[s], d->count = n[s])
        SIZED(classes, S_CLASSES, classes_cap);
        SIZED(stems, S_STEMS, stems_cap);
        SIZED(nodes, S_NODES, nnodes);
        SIZED(edge_keys, S_EDGE_KEYS, edge_slots);
        ARRAY(edge_vals, S_EDGE_VALS);
        ARRAY(node_file, S_NODE_FILE);
        SIZED(actors, S_ACTORS, nactors);
        SIZED(restrictions, S_RESTRICTIONS, nrestrictions);
        SIZED(agents, S_AGENTS, nagents);
        SIZED(verbs, S_VERBS, nverbs);
        SIZED(verb_by_word, S_VERB_BY_WORD, verb_by_word_cap);
        SIZED(blocks, S_BLOCKS, nblocks);
        SIZED(patterns, S_PATTERNS, npatterns);
        SIZED(elems, S_ELEMS, nelems);
        SIZED(sets, S_SETS, nsets);
        SIZED(phrases, S_PHRASES, nphrases);
        SIZED(slots, S_SLOTS, nslots);
        ARRAY(slot_flags, S_SLOT_FLAGS);
        SIZED(ids, S_IDS, nids);
        ARRAY(set_first, S_SET_FIRST);
        ARRAY(first_ids, S_FIRST_IDS);
        SIZED(root_child, S_ROOT_CHILD, nindexed_words);
        ARRAY(word_leads, S_WORD_LEADS);
        ARRAY(leads, S_LEADS);
        ARRAY(word_sets, S_WORD_SETS);
        ARRAY(lead_phrases, S_LEAD_PHRASES);
        SIZED(irregulars, S_IRREGULARS, irregulars_cap);
        SIZED(past_words, S_PAST_WORDS, past_words_cap);
        SIZED(tabari_pos, S_TABARI_POS, tabari_pos_cap);
        SIZED(word_set_of, S_WORD_SET_OF, word_set_of_cap);
        SIZED(warnings, S_WARNINGS, nwarnings);
        SIZED(sources, S_SOURCES, nsources);
#undef ARRAY
#undef SIZED
        d->nstems = v[V_NSTEMS];
        d->nedges = v[V_NEDGES];
        d->ndiscards = v[V_NDISCARDS];
        d->actor_phrases = v[V_ACTOR_PHRASES];
        d->agent_phrases = v[V_AGENT_PHRASES];
        d->verb_forms = v[V_VERB_FORMS];
        d->tabari_verbs = v[V_TABARI_VERBS] != 0;
        d->petrarch = v[V_PETRARCH] != 0;
        d->kinds = (uint32_t)v[V_KINDS];
        for (size_t i = 0; i < d->nnodes && !d->gapped; i++)
            d->gapped = d->nodes[i].gap;
        d->indexed = 1;
        why = inconsistent(d, n[S_LEAD_PHRASES]);
    }
    const char *source = NULL;
    if (why)
        snprintf(err, errlen, "%s: corrupt dictionary image (%s)", name, why);
    else if ((source = stale(d)) != NULL)
        snprintf(err, errlen, "%s: stale dictionary image: %s changed since it was compiled; "
                              "compile it again (dyad dict --compile)", name, source);
    if (why || source) {
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}

dyad_dict *dyad_dict_load_image(const char *path, char *err, size_t errlen)
{
    size_t len;
    char *buf = dyad_dict_read_file(path, &len, err, errlen);
    return buf ? open_image(buf, len, path, err, errlen) : NULL;
}

dyad_dict *dyad_dict_image_from_memory(const void *data, size_t len, const char *name,
                                       char *err, size_t errlen)
{
    char *buf = malloc(len + 1);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", name);
        return NULL;
    }
    if (len)
        memcpy(buf, data, len);
    return open_image(buf, len, name, err, errlen);
}

const char *dyad_dict_image_path(const char *spec)
{
    size_t n = strlen(spec);
    if (strncmp(spec, "image=", 6) == 0)
        return spec + 6;
    return n > 4 && strcmp(spec + n - 4, ".dyc") == 0 ? spec : NULL;
}
