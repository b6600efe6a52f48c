/* dict — see dict.h.
 *
 * Loading is line-oriented and strict: each file kind has a small parser that turns a line
 * into trie phrases and entries, and every line it cannot read is an error "file:line: why".
 * A phrase that two *different* files define keeps its first meaning and is recorded as a
 * warning (the built-in country, leader and organisation files overlap by nature); the same
 * phrase twice in one file is an error, since it is always a slip.
 *
 * TABARI and PETRARCH files are another matter: researchers bring them as they are, with
 * constructs dyad does not implement (issue codes, <TIME> sections, pattern alternatives,
 * compound and skip markers...) and with duplicates they lived with.  For those families a
 * line that cannot be read is a warning "file:line: why" and the line is skipped, so the
 * rest of a 9,000-line file still loads and every skipped construct is on record.
 *
 * Inflections are generated here, once, so that matching never stems: every surface form a
 * dictionary implies is a trie path of its own. */
#include "dict.h"
#include "dict_internal.h"
#include "arena.h"
#include "data.h"
#include "intern.h"
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PHRASE_WORDS 32
#define MAX_WORD 128

/* ---- small utilities ------------------------------------------------------------------ */

static int grow(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t c = *cap ? *cap : 64;
    while (c < need)
        c *= 2;
    void *p = realloc(*array, c * elem);
    if (!p)
        return -1;
    memset((char *)p + *cap * elem, 0, (c - *cap) * elem);
    *array = p;
    *cap = c;
    return 0;
}
#define GROW(d, arr, n) (grow((void **)&(d)->arr, &(d)->arr##_cap, (n), sizeof *(d)->arr) == 0)

/* Parsing context for one file. */
typedef struct loader {
    dyad_dict *d;
    const char *name;
    long line;
    char *err;
    size_t errlen;
    /* verbs */
    long block;             /* current block index, -1 before the first */
    long synset;            /* synset being filled, -1 when none */
    dyad_intern *synsets;   /* synset name -> id (file-local) */
    uint32_t *synset_sets;  /* synset id -> phrase set index */
    size_t synset_sets_cap;
    char last_verb[256];    /* the last verb line's phrase, for TABARI's forms on the next line */
    struct {
        const char *name, *words;
    } macros[16];           /* PETRARCH agent macros: "!PERSON!" and its words */
    size_t nmacros;
    /* actors */
    long actor;             /* current actor index, -1 before the first */
    /* third-party files */
    int family;             /* enum family */
    int out_of_memory;      /* the last failure was out of memory: never downgraded */
    int in_comment;         /* inside a <!-- ... --> that spans lines */
    int synset_closed;      /* the set being read was named "&NAME_" */
    uint32_t stem_mask;     /* phrase_words: the words of the last phrase that are stems */
    int prescan;            /* first pass over a .verbs file: synonym sets only (2 while
                             * on a line of a set, whose warnings only this pass gives) */
    char skip_until[32];    /* inside an unsupported <SECTION>: its closing tag */
    int section;            /* inside TABARI's <NOUN> / <ADJECTIVE> (dyad_tabari_pos) or
                             * <TIME> (SECTION_TIME), 0 elsewhere */
} loader;

#define SECTION_TIME 8

/* loader.synset while skipping the phrases of a refused synonym set. */
#define SYNSET_SKIPPED (-2)

/* Whose syntax a file is written in. */
enum family { F_DYAD, F_TABARI, F_PETRARCH };

static int fail(loader *L, const char *fmt, ...)
{
    int n = snprintf(L->err, L->errlen, "%s:%ld: ", L->name, L->line);
    if (n >= 0 && (size_t)n < L->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(L->err + n, L->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static int oom(loader *L)
{
    L->out_of_memory = 1;
    return fail(L, "out of memory");
}

void dyad_dict_warn(dyad_dict *d, const char *message)
{
    if (!GROW(d, warnings, d->nwarnings + 1))
        return;
    d->warnings[d->nwarnings] = dyad_arena_strndup(&d->arena, message, strlen(message));
    if (d->warnings[d->nwarnings])
        d->nwarnings++;
}

static void warn(loader *L, const char *fmt, ...)
{
    if (L->prescan == 1)
        return; /* said again by the main pass, which reads everything but the sets */
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s:%ld: ", L->name, L->line);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + n, sizeof buf - (size_t)n, fmt, ap);
    va_end(ap);
    dyad_dict_warn(L->d, buf);
}

/* "file:line" of the current line, for --explain and warnings.  Made for every entry of
 * every file, so no printf. */
static const char *origin(loader *L)
{
    size_t k = strlen(L->name);
    char digits[24];
    size_t nd = 0;
    for (unsigned long v = (unsigned long)L->line; nd == 0 || v; v /= 10)
        digits[nd++] = (char)('0' + v % 10);
    char *s = dyad_arena_alloc(&L->d->arena, k + 1 + nd + 1);
    if (!s)
        return NULL;
    memcpy(s, L->name, k);
    s[k] = ':';
    for (size_t i = 0; i < nd; i++)
        s[k + 1 + i] = digits[nd - 1 - i];
    s[k + 1 + nd] = '\0';
    return s;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r';
}

/* ---- words and the trie ----------------------------------------------------------------- */

static uint32_t add_word(dyad_dict *d, const char *s, size_t n)
{
    uint32_t id = dyad_intern_add(d->words, s, n);
    if (id && !GROW(d, classes, (size_t)id + 1))
        return 0;
    return id;
}

static uint64_t edge_hash(uint64_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return key;
}

static uint32_t edge_find(const dyad_dict *d, uint64_t key)
{
    if (!d->edge_slots)
        return 0;
    size_t mask = d->edge_slots - 1;
    for (size_t i = edge_hash(key) & mask;; i = (i + 1) & mask) {
        if (d->edge_vals[i] == 0)
            return 0;
        if (d->edge_keys[i] == key)
            return d->edge_vals[i];
    }
}

static int edge_put(dyad_dict *d, uint64_t key, uint32_t val);

static int edge_grow(dyad_dict *d)
{
    size_t old = d->edge_slots;
    uint64_t *keys = d->edge_keys;
    uint32_t *vals = d->edge_vals;
    d->edge_slots = old ? old * 2 : 4096;
    d->edge_keys = calloc(d->edge_slots, sizeof *d->edge_keys);
    d->edge_vals = calloc(d->edge_slots, sizeof *d->edge_vals);
    if (!d->edge_keys || !d->edge_vals) {
        free(d->edge_keys);
        free(d->edge_vals);
        d->edge_keys = keys;
        d->edge_vals = vals;
        d->edge_slots = old;
        return -1;
    }
    d->nedges = 0;
    for (size_t i = 0; i < old; i++)
        if (vals[i])
            edge_put(d, keys[i], vals[i]);
    free(keys);
    free(vals);
    return 0;
}

static int edge_put(dyad_dict *d, uint64_t key, uint32_t val)
{
    if ((d->nedges + 1) * 2 > d->edge_slots && edge_grow(d) != 0)
        return -1;
    size_t mask = d->edge_slots - 1;
    size_t i = edge_hash(key) & mask;
    while (d->edge_vals[i])
        i = (i + 1) & mask;
    d->edge_keys[i] = key;
    d->edge_vals[i] = val;
    d->nedges++;
    return 0;
}

/* The node for a word sequence, created as needed; 0 when out of memory. */
static uint32_t trie_insert(dyad_dict *d, const uint32_t *words, size_t n)
{
    uint32_t node = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t key = ((uint64_t)node << 32) | words[i];
        uint32_t child = edge_find(d, key);
        if (!child) {
            if (!GROW(d, nodes, d->nnodes + 1) || !GROW(d, node_file, d->nnodes + 1))
                return 0;
            child = (uint32_t)d->nnodes++;
            d->nodes[child].depth = (uint8_t)(i + 1 < 255 ? i + 1 : 255);
            if (edge_put(d, key, child) != 0)
                return 0;
        }
        node = child;
    }
    return node;
}

/* Splits a phrase ("UNITED_STATES", "PRIME MINISTER") into interned words.  Returns the
 * count, 0 for an empty phrase, -1 on error (message in L). */
/* In TABARI and PETRARCH files a word not followed by '_' is a stem: "ARGENTIN" matches
 * "Argentina" and "Argentine", "RESTOR" matches "restored".  dyad's own files match whole
 * words. */
static int mark_stem(loader *L, uint32_t id, uint8_t kind)
{
    dyad_dict *d = L->d;
    if (!GROW(d, stems, (size_t)id + 1))
        return oom(L);
    d->nstems += !d->stems[id];
    d->stems[id] |= kind;
    return 0;
}

/* The tokenizer splits "didn't" into "did" "n't" (segment.c); dictionary phrases written
 * "DIDN'T" or "WON'T" are split the same way so that they can match.  Returns the new
 * length in out, or 0 when it does not fit. */
static size_t split_contractions(const char *s, size_t len, char *out, size_t cap)
{
    size_t m = 0;
    for (size_t i = 0; i < len; i++) {
        if (i > 0 && i + 3 <= len && (s[i] == 'n' || s[i] == 'N') && s[i + 1] == '\'' &&
            (s[i + 2] == 't' || s[i + 2] == 'T') && (i + 3 == len || s[i + 3] == '_' ||
                                                    is_blank(s[i + 3])) &&
            isalpha((unsigned char)s[i - 1])) {
            if (m + 1 >= cap)
                return 0;
            out[m++] = ' ';
        }
        if (m + 1 >= cap)
            return 0;
        out[m++] = s[i];
    }
    out[m] = '\0';
    return m;
}

static int phrase_words(loader *L, const char *s, size_t len, uint32_t *out)
{
    char split[1024];
    if (memchr(s, '\'', len) && (len = split_contractions(s, len, split, sizeof split)) > 0)
        s = split;
    int n = 0;
    size_t i = 0;
    L->stem_mask = 0;
    while (i < len) {
        while (i < len && (s[i] == '_' || is_blank(s[i])))
            i++;
        size_t j = i;
        while (j < len && s[j] != '_' && !is_blank(s[j]))
            j++;
        size_t end = j;
        if (L->family == F_TABARI && end > i + 1 && s[end - 1] == '=')
            end--; /* "MOUSE=": the word with no regular endings */
        if (end > i) {
            if (n == MAX_PHRASE_WORDS)
                return fail(L, "phrase has more than %d words", MAX_PHRASE_WORDS);
            if (!(out[n++] = add_word(L->d, s + i, end - i)))
                return oom(L);
            if (L->family == F_TABARI && end == j && (j == len || s[j] != '_') && j - i >= 3) {
                if (mark_stem(L, out[n - 1], DYAD_STEM_PHRASE) != 0)
                    return -1;
                L->stem_mask |= 1u << (n - 1);
            }
        }
        i = j;
    }
    return n;
}

/* Inserts a phrase and marks the nodes of its words that match as stems (bits of `stems`):
 * TABARI decides per phrase, so "baning" reaches "REVERSE BAN" but not "BAN=". */
static uint32_t phrase_insert(dyad_dict *d, const uint32_t *words, size_t n, uint32_t stems)
{
    uint32_t node = trie_insert(d, words, n);
    for (uint32_t k = 0, at = 0; node && stems && k < n; k++) {
        at = dyad_dict_child(d, at, words[k]);
        if (stems >> k & 1)
            d->nodes[at].stem = 1;
    }
    return node;
}

/* Marks the node of a phrase with a meaning.  `slot` points into the node's field. */
static int claim(loader *L, uint32_t node, uint32_t *slot, uint32_t value, const char *what)
{
    if (*slot && *slot != value) {
        if (L->d->node_file[node] == L->name && L->family == F_DYAD)
            return fail(L, "duplicate %s phrase", what);
        warn(L, "%s phrase already defined in %s; first definition kept", what,
             L->d->node_file[node]);
        return 0;
    }
    *slot = value;
    L->d->node_file[node] = L->name;
    return 0;
}

/* ---- phrase sets for patterns ----------------------------------------------------------- */

enum inflect { INFLECT_NONE, INFLECT_ALL, INFLECT_PLURAL };

static int append_id(loader *L, const char *w, size_t n)
{
    dyad_dict *d = L->d;
    uint32_t id = add_word(d, w, n);
    if (!id || !GROW(d, ids, d->nids + 1))
        return oom(L);
    d->ids[d->nids++] = id;
    return 0;
}

/* Appends a word and its regular inflections to ids[] (one pattern slot): all of them
 * (S ES ED D ING, Y -> IES IED, E -> ING), or PETRARCH's synonym-set plurals only (S, Y ->
 * IES, SS -> SSES). */
static int append_inflections(loader *L, const char *w, size_t n, enum inflect inflect)
{
    dyad_dict *d = L->d;
    char buf[MAX_WORD + 8];
    if (n == 0 || n > MAX_WORD)
        return fail(L, "bad word length");
    uint32_t self = dyad_intern_find(d->words, w, n);
    if (self && self < d->classes_cap && d->classes[self])
        inflect = INFLECT_NONE; /* "on" must not match "ones": grammar words stay as written */
    if (append_id(L, w, n) != 0)
        return -1;
    if (inflect == INFLECT_NONE)
        return 0;
    char last = (char)tolower((unsigned char)w[n - 1]);
    int ss = n > 1 && last == 's' && tolower((unsigned char)w[n - 2]) == 's';
    static const char *const all[] = {"s", "es", "ed", "d", "ing"};
    size_t nsuf = inflect == INFLECT_ALL ? 5 : 1;
    for (size_t k = 0; k < nsuf; k++) {
        const char *suffix = inflect == INFLECT_ALL ? all[k] : ss ? "es" : "s";
        size_t sl = strlen(suffix);
        memcpy(buf, w, n);
        memcpy(buf + n, suffix, sl);
        if (append_id(L, buf, n + sl) != 0)
            return -1;
    }
    /* the final letter replaced: y -> ies (and ied), e -> ing */
    const char *const reps[] = {last == 'y' ? "ies" : NULL,
                                last == 'y' && inflect == INFLECT_ALL ? "ied" : NULL,
                                last == 'e' && inflect == INFLECT_ALL ? "ing" : NULL};
    for (size_t k = 0; k < 3; k++) {
        if (!reps[k])
            continue;
        memcpy(buf, w, n - 1);
        memcpy(buf + n - 1, reps[k], 3);
        if (append_id(L, buf, n + 2) != 0)
            return -1;
    }
    return 0;
}

/* Adds a phrase (words joined by '_' or ' ') to phrase set `set` (which must be the last
 * set created); the last word takes inflections. */
/* A TABARI pattern word matches as a stem, function words too ("RESTOR" takes
 * "restored", "IN *" takes "into accord"); single letters stay exact. */
static int pattern_stem(loader *L, const char *w, size_t n)
{
    if (L->family != F_TABARI || n < 2)
        return 0;
    uint32_t id = add_word(L->d, w, n);
    return id ? mark_stem(L, id, DYAD_STEM_PATTERN) : oom(L);
}

/* Adds a phrase to a set; with `stems`, its words not joined to the next by '_' are TABARI
 * stems. */
static int add_set_phrase(loader *L, uint32_t set, const char *s, size_t len, int stems)
{
    dyad_dict *d = L->d;
    char split[1024];
    if (memchr(s, '\'', len) && (len = split_contractions(s, len, split, sizeof split)) > 0)
        s = split;
    if (!GROW(d, phrases, d->nphrases + 1))
        return oom(L);
    span32 *ph = &d->phrases[d->nphrases];
    ph->first = (uint32_t)d->nslots;
    ph->n = 0;
    size_t i = 0;
    while (i < len) {
        int underscore = 0;
        while (i < len && (s[i] == '_' || is_blank(s[i])))
            underscore |= s[i++] == '_';
        size_t j = i;
        while (j < len && s[j] != '_' && !is_blank(s[j]))
            j++;
        if (j == i)
            break;
        size_t k = j;
        while (k < len && (s[k] == '_' || is_blank(s[k])))
            k++;
        if (!GROW(d, slots, d->nslots + 1) || !GROW(d, slot_flags, d->nslots + 1))
            return oom(L);
        /* TABARI's "RESOLUTION_" at a pattern's end is closed: "resolutions" does not match */
        int closed = L->family != F_DYAD && k >= len && j < len && s[j] == '_';
        int stem = stems && (j == len || s[j] != '_');
        d->slot_flags[d->nslots] =
            (uint8_t)((L->family == F_TABARI && stems && ph->n > 0 && !underscore ? SLOT_GAP : 0) |
                      ((L->family == F_TABARI && stems && !stem) || closed ? SLOT_EXACT : 0));
        d->slots[d->nslots].first = (uint32_t)d->nids;
        /* PETRARCH: a synonym set's phrases take plurals unless they or the set's name end
         * in '_'; a word written in a pattern takes none */
        enum inflect inflect = k < len || closed ? INFLECT_NONE
                               : L->family != F_PETRARCH ? INFLECT_ALL
                               : L->synset >= 0 && !L->synset_closed ? INFLECT_PLURAL
                                                                     : INFLECT_NONE;
        if (append_inflections(L, s + i, j - i, inflect) != 0 ||
            (stem && pattern_stem(L, s + i, j - i) != 0))
            return -1;
        d->slots[d->nslots].n = (uint32_t)(d->nids - d->slots[d->nslots].first);
        d->nslots++;
        ph->n++;
        i = j;
    }
    if (ph->n == 0)
        return fail(L, "empty phrase");
    d->nphrases++;
    d->sets[set].n++;
    return 0;
}

/* The text of phrase p of the phrase sets, words joined by '_' (each slot's first id is the
 * word as written; the others are its inflections). */
static size_t phrase_text(const dyad_dict *d, uint32_t p, char *out, size_t cap)
{
    const span32 *ph = &d->phrases[p];
    size_t n = 0;
    for (uint32_t k = 0; k < ph->n; k++) {
        const char *w = dyad_intern_str(d->words, d->ids[d->slots[ph->first + k].first]);
        size_t wn = strlen(w);
        if (n + wn + 2 > cap)
            return 0;
        if (k)
            out[n++] = d->slot_flags[ph->first + k] & SLOT_GAP ? ' ' : '_';
        memcpy(out + n, w, wn);
        n += wn;
    }
    out[n] = '\0';
    return n;
}

/* Adds a phrase that may name synonym sets ("MEMOS_ON_&TIETYPES"): one phrase per choice
 * of their members, which is how TABARI reads a set inside a set or an alternative. */
static int add_set_phrase_expanded(loader *L, uint32_t set, const char *s, size_t len,
                                   int depth)
{
    const char *amp = memchr(s, '&', len);
    if (!amp)
        return add_set_phrase(L, set, s, len, 1);
    const char *end = amp + 1;
    while (end < s + len && *end != '_' && !is_blank(*end))
        end++;
    uint32_t id = dyad_intern_find(L->synsets, amp, (size_t)(end - amp));
    if (!id)
        return fail(L, "undefined synonym set %.*s", (int)(end - amp), amp);
    if (depth > 4)
        return fail(L, "synonym sets nested too deeply");
    const span32 inner = L->d->sets[L->synset_sets[id]];
    for (uint32_t p = inner.first; p < inner.first + inner.n; p++) {
        char word[1024], buf[2048];
        size_t wn = phrase_text(L->d, p, word, sizeof word);
        size_t head = (size_t)(amp - s), tail = (size_t)(s + len - end);
        if (!wn || head + wn + tail >= sizeof buf)
            return fail(L, "phrase too long");
        memcpy(buf, s, head);
        memcpy(buf + head, word, wn);
        memcpy(buf + head + wn, end, tail);
        if (add_set_phrase_expanded(L, set, buf, head + wn + tail, depth + 1) != 0)
            return -1;
    }
    return 0;
}

static long new_set(loader *L)
{
    dyad_dict *d = L->d;
    if (!GROW(d, sets, d->nsets + 1))
        return oom(L);
    d->sets[d->nsets].first = (uint32_t)d->nphrases;
    d->sets[d->nsets].n = 0;
    return (long)d->nsets++;
}

/* The phrases of `set` that `word` can start, or NULL. */
static const lead *lead_find(const dyad_dict *d, uint32_t set, uint32_t word)
{
    if (word >= d->nindexed_words)
        return NULL;
    uint32_t lo = d->word_leads[word], hi = d->word_leads[word + 1];
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->leads[mid].set < set)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->word_leads[word + 1] && d->leads[lo].set == set ? &d->leads[lo] : NULL;
}

/* Does a pattern slot take token k: its word, or one of the stems it starts with? */
static int slot_takes(const dyad_dict *d, uint32_t slot, const uint32_t *words,
                      const uint32_t *stems, size_t k)
{
    const span32 *sl = &d->slots[slot];
    const uint32_t *ids = d->ids + sl->first;
    if (d->slot_flags[slot] & SLOT_EXACT)
        stems = NULL;
    for (uint32_t i = 0; i < sl->n; i++)
        if (ids[i] == words[k] ||
            (stems && ids[i] && (ids[i] == stems[2 * k] || ids[i] == stems[2 * k + 1])))
            return 1;
    return 0;
}

/* The tokens a phrase covers when its slots k.. match from token j on, 0 when they do not:
 * a slot TABARI joined with a blank may come after up to two other words. */
static size_t phrase_end(const dyad_dict *d, const span32 *ph, uint32_t k, const uint32_t *words,
                         const uint32_t *stems, size_t n, size_t j)
{
    if (k == ph->n)
        return j;
    size_t gap = k > 0 && (d->slot_flags[ph->first + k] & SLOT_GAP) ? 2 : 0;
    for (size_t skip = 0; skip <= gap && j + skip < n; skip++)
        if (slot_takes(d, ph->first + k, words, stems, j + skip)) {
            size_t end = phrase_end(d, ph, k + 1, words, stems, n, j + skip + 1);
            if (end)
                return end;
        }
    return 0;
}

/* The longest phrase of the set that matches at words[0..n): with the index, only the
 * phrases whose first slot holds words[0] (or one of its stems) are tried. */
int dyad_dict_inflects(const dyad_dict *d, uint32_t set, const uint32_t *words,
                       const uint32_t *stems, size_t n, size_t *matched)
{
    size_t best = 0;
    if (d->indexed) {
        uint32_t firsts[3] = {n ? words[0] : 0, stems && n ? stems[0] : 0,
                              stems && n ? stems[1] : 0};
        for (int f = 0; f < 3; f++) {
            const lead *r = firsts[f] ? lead_find(d, set, firsts[f]) : NULL;
            for (uint32_t j = 0; r && j < r->n; j++) {
                const span32 *ph = &d->lead_phrases[r->first + j];
                if (ph->n > n || (f > 0 && (d->slot_flags[ph->first] & SLOT_EXACT)))
                    continue;
                size_t end = phrase_end(d, ph, 1, words, stems, n, 1);
                if (end > best)
                    best = end;
            }
        }
        *matched = best;
        return best > 0;
    }
    const span32 *s = &d->sets[set];
    for (uint32_t p = s->first; p < s->first + s->n; p++) {
        const span32 *ph = &d->phrases[p];
        size_t end = ph->n > n ? 0 : phrase_end(d, ph, 0, words, stems, n, 0);
        if (end > best)
            best = end;
    }
    *matched = best;
    return best > 0;
}

/* ---- line handling ---------------------------------------------------------------------- */

/* Copies a line without its comment and trailing blanks. */
static size_t strip_line(const char *s, size_t n, int semicolon_comments, char *out,
                         size_t cap)
{
    /* only '#', ';', '[' and ']' matter, so the scan skips everything else at once */
    static const uint8_t special[256] = {['#'] = 1, [';'] = 1, ['['] = 1, [']'] = 1};
    size_t m = 0;
    int in_code = 0; /* "[###]" is TABARI's discard code, not a comment */
    for (;;) {
        while (m < n && !special[(unsigned char)s[m]])
            m++;
        if (m == n || (s[m] == '#' && !in_code) || (semicolon_comments && s[m] == ';'))
            break;
        in_code = s[m] == '[' ? 1 : s[m] == ']' ? 0 : in_code;
        m++;
    }
    if (m + 1 > cap)
        m = cap - 1;
    memcpy(out, s, m);
    while (m > 0 && is_blank(out[m - 1]))
        m--;
    out[m] = '\0';
    return m;
}

/* Reads "[CODE]" at s (after blanks); returns pointer past it or NULL.  A code of "---"
 * yields *code = NULL. */
static const char *read_code(loader *L, const char *s, const char **code, int allow_tilde)
{
    while (is_blank(*s))
        s++;
    if (*s != '[')
        return NULL;
    const char *e = strchr(s, ']');
    if (!e)
        return NULL;
    const char *a = s + 1, *b = e;
    while (a < b && is_blank(*a))
        a++;
    while (b > a && is_blank(b[-1]))
        b--;
    if (b - a == 3 && memcmp(a, "---", 3) == 0) {
        *code = NULL;
        return e + 1;
    }
    char buf[64];
    size_t m = 0;
    for (const char *p = a; p < b; p++) {
        if (m + 1 >= sizeof buf)
            return NULL;
        if (*p == '~' && allow_tilde)
            continue;
        /* TABARI and PETRARCH codes may be "###" (discard the sentence), "+++" (too complex
         * to code), "ELR/GAL" (coded compound), "023?" (subordinate), "111!" (dominant) */
        if (!isalnum((unsigned char)*p) && *p != ':' &&
            !(L->family != F_DYAD && strchr("#+/?!", *p)))
            return NULL;
        buf[m++] = (char)toupper((unsigned char)*p);
    }
    if (m == 0)
        return NULL;
    *code = dyad_arena_strndup(&L->d->arena, buf, m);
    return *code ? e + 1 : NULL;
}

static int only_blanks_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_blank(s[i]))
            return 0;
    return 1;
}

static int only_blanks(const char *s)
{
    while (is_blank(*s))
        s++;
    return *s == '\0';
}

/* The n bytes at s as a string in out (cap bytes); an error when they do not fit. */
static int copy_phrase(loader *L, const char *s, size_t n, char *out, size_t cap)
{
    if (n >= cap)
        return fail(L, "phrase too long");
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* ---- actors ----------------------------------------------------------------------------- */

static int parse_date(const char *s, size_t n, uint32_t *out)
{
    if (n != 8 && n != 6)
        return -1;
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (uint32_t)(s[i] - '0');
    }
    if (n == 6) /* PETRARCH's YYMMDD: 30-99 are the 1900s */
        v += (v / 10000 >= 30 ? 19000000u : 20000000u);
    uint32_t m = v / 100 % 100, d = v % 100;
    if (m < 1 || m > 12 || d < 1 || d > 31)
        return -1;
    *out = v;
    return 0;
}

/* "[CODE RANGE]" on an indented line. */
static int actor_restriction(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    if (L->actor < 0)
        return fail(L, "date restriction before any actor");
    while (is_blank(*s))
        s++;
    const char *e = strchr(s, ']');
    if (*s != '[' || !e || !only_blanks(e + 1))
        return fail(L, "expected [CODE DATES]");
    const char *c = s + 1;
    while (is_blank(*c))
        c++;
    const char *ce = c;
    while (ce < e && !is_blank(*ce))
        ce++;
    if (ce == c)
        return fail(L, "empty code");
    const char *r = ce;
    while (r < e && is_blank(*r))
        r++;
    /* TABARI writes "[HOB < 950601]" and "[HOBGOV 950601 - 990815]": blanks do not count */
    char range[64];
    size_t rn = 0;
    for (; r < e; r++)
        if (!is_blank(*r)) {
            if (rn + 1 >= sizeof range)
                return fail(L, "bad date range");
            range[rn++] = *r;
        }
    range[rn] = '\0';
    uint32_t from = 0, to = 99999999;
    const char *dash = strchr(range, '-');
    int ok;
    if (rn == 0)
        ok = 1;
    else if (range[0] == '>')
        ok = parse_date(range + 1, rn - 1, &from) == 0;
    else if (range[0] == '<')
        ok = parse_date(range + 1, rn - 1, &to) == 0;
    else if (dash)
        ok = (dash == range || parse_date(range, (size_t)(dash - range), &from) == 0) &&
             (dash + 1 == range + rn ||
              parse_date(dash + 1, (size_t)(range + rn - dash - 1), &to) == 0);
    else
        ok = 0;
    if (!ok || from > to)
        return fail(L, "bad date range (use YYYYMMDD-YYYYMMDD, YYYYMMDD-, -YYYYMMDD, >DATE, <DATE)");
    char code[64];
    size_t m = 0;
    for (const char *p = c; p < ce; p++) {
        if (!(isalnum((unsigned char)*p) || (L->family != F_DYAD && strchr("/#-+", *p))) ||
            m + 1 >= sizeof code)
            return fail(L, "bad code");
        code[m++] = (char)toupper((unsigned char)*p);
    }
    if (m == 3 && memcmp(code, "---", 3) == 0)
        m = 0; /* the null code: codes nothing in that period */
    if (!GROW(d, restrictions, d->nrestrictions + 1))
        return oom(L);
    dyad_actor *a = &d->actors[L->actor];
    if (a->nrestrictions == 0)
        a->first_restriction = (uint32_t)d->nrestrictions;
    else if (a->first_restriction + a->nrestrictions != d->nrestrictions)
        return fail(L, "date restriction separated from its actor");
    d->restrictions[d->nrestrictions++] =
        (dyad_restriction){from, to, m ? dyad_arena_strndup(&d->arena, code, m) : NULL};
    a->nrestrictions++;
    return 0;
}

/* In TABARI and PETRARCH files words joined by a blank rather than '_' need not be adjacent
 * in the text (PETRARCH's manual says so of agents, and its suite of actors): marks the trie
 * nodes that other words may precede. */
static void mark_gaps(dyad_dict *d, const char *s, size_t n, const uint32_t *words, int nw)
{
    uint32_t node = 0;
    size_t i = 0;
    for (int w = 0; w < nw; w++) {
        while (i < n && (s[i] == '_' || is_blank(s[i])))
            i++;
        while (i < n && s[i] != '_' && !is_blank(s[i]))
            i++;
        int underscore = 0;
        size_t j = i;
        while (j < n && (s[j] == '_' || is_blank(s[j])))
            underscore |= s[j++] == '_';
        node = dyad_dict_child(d, node, words[w]);
        uint32_t next = w + 1 < nw ? dyad_dict_child(d, node, words[w + 1]) : 0;
        if (next && !underscore)
            d->nodes[next].gap = d->nodes[node].gap_after = 1, d->gapped = 1;
    }
}

static int actor_phrase(loader *L, const char *s, size_t n)
{
    uint32_t words[MAX_PHRASE_WORDS];
    int nw = phrase_words(L, s, n, words);
    if (nw < 0)
        return -1;
    if (nw == 0)
        return fail(L, "empty phrase");
    uint32_t node = phrase_insert(L->d, words, (size_t)nw, L->stem_mask);
    if (!node)
        return oom(L);
    if (L->family != F_DYAD) /* PETRARCH too: "a blank ... additional words can occur" */
        mark_gaps(L->d, s, n, words, nw);
    L->d->actor_phrases++;
    if (claim(L, node, &L->d->nodes[node].actor, (uint32_t)L->actor + 1, "actor") != 0)
        return -1;
    while (n > 0 && is_blank(s[n - 1]))
        n--;
    if (L->family != F_TABARI || (n > 0 && s[n - 1] == '='))
        return 0;
    /* TABARI's regular noun ending: the last word takes S even after '_' ("LIBYA_" matches
     * "Libyas"); '=' at the end forbids it */
    const char *last = dyad_intern_str(L->d->words, words[nw - 1]);
    char buf[MAX_WORD + 2];
    size_t k = strlen(last);
    if (k > MAX_WORD)
        return fail(L, "word too long");
    memcpy(buf, last, k);
    buf[k] = 's';
    if (!(words[nw - 1] = add_word(L->d, buf, k + 1)) ||
        !(node = trie_insert(L->d, words, (size_t)nw)))
        return oom(L);
    if (!L->d->nodes[node].actor) { /* a phrase of its own ("Syrias") keeps its meaning */
        L->d->nodes[node].actor = (uint32_t)L->actor + 1;
        L->d->node_file[node] = L->name;
    }
    return 0;
}

/* The codes after an actor phrase: "[CODE]", and in TABARI and PETRARCH files also several
 * groups on the line with their date ranges: "[USAGOV 991201-010114] [---]". */
static int actor_codes(loader *L, const char *s)
{
    int primary = 0;
    while (*s == '[') {
        const char *e = strchr(s, ']');
        const char *sp = e ? strpbrk(s, " \t") : NULL;
        if (!e)
            return fail(L, "expected PHRASE [CODE]");
        if (sp && sp < e && !only_blanks_n(sp, (size_t)(e - sp))) {
            if (L->family == F_DYAD)
                return fail(L, "expected PHRASE [CODE] (date ranges go on indented lines)");
            char group[128];
            if ((size_t)(e - s) + 2 > sizeof group)
                return fail(L, "code group too long");
            memcpy(group, s, (size_t)(e - s) + 1);
            group[e - s + 1] = '\0';
            if (actor_restriction(L, group) != 0)
                return -1;
        } else {
            const char *code = NULL;
            if (!read_code(L, s, &code, 0))
                return fail(L, "expected PHRASE [CODE]");
            if (primary++ && L->family == F_DYAD)
                return fail(L, "one code per phrase");
            if (primary > 1)
                warn(L, "second code of an actor ignored: dyad keeps one code per phrase");
            else
                L->d->actors[L->actor].code = code;
        }
        s = e + 1;
        while (is_blank(*s))
            s++;
    }
    return *s ? fail(L, "expected PHRASE [CODE]") : 0;
}

/* A word of TABARI's <NOUN> or <ADJECTIVE> list: "GOATS", "POLITICAL_SCIENTISTS" (its
 * head noun), "FORCES_" (exact; the others are stems like every TABARI word). */
static int pos_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    uint32_t words[MAX_PHRASE_WORDS];
    int nw = phrase_words(L, s, strlen(s), words);
    if (nw <= 0)
        return nw < 0 ? -1 : fail(L, "empty word");
    for (int i = L->section == DYAD_TABARI_NOUN ? nw - 1 : 0; i < nw; i++) {
        if (!GROW(d, tabari_pos, (size_t)words[i] + 1))
            return oom(L);
        d->tabari_pos[words[i]] = (uint8_t)L->section;
    }
    return 0;
}

static int discard_line(loader *L, const char *s);

/* TABARI's <TIME> section: "KAN_WA_MA_KAN [###]" discards like any [###] phrase; the date
 * shifts ("LAST_WEEK [-7]") are not applied, since dyad dates events itself (dates.c). */
static int time_line(loader *L, const char *s)
{
    const char *br = strchr(s, '[');
    if (s[0] != '-' && br && (strncmp(br, "[###]", 5) == 0 || strncmp(br, "[+++]", 5) == 0)) {
        char phrase[512];
        if (copy_phrase(L, s, (size_t)(br - s), phrase, sizeof phrase) != 0)
            return -1;
        return discard_line(L, phrase);
    }
    return fail(L, "TABARI time shift not applied (dyad dates events itself)");
}

static int actor_line(loader *L, const char *raw, const char *s)
{
    dyad_dict *d = L->d;
    if (L->section == DYAD_TABARI_NOUN || L->section == DYAD_TABARI_ADJECTIVE)
        return pos_line(L, s);
    if (is_blank(raw[0]) && s[0] == '[')
        return actor_restriction(L, s);
    if (s[0] == '+') {
        if (L->actor < 0)
            return fail(L, "synonym before any actor");
        return actor_phrase(L, s + 1, strlen(s + 1));
    }
    const char *br = strchr(s, '[');
    if (!GROW(d, actors, d->nactors + 1))
        return oom(L);
    d->actors[d->nactors] = (dyad_actor){NULL, 0, 0, origin(L)};
    L->actor = (long)d->nactors++;
    if (actor_phrase(L, s, br ? (size_t)(br - s) : strlen(s)) != 0)
        return -1;
    return br ? actor_codes(L, br) : 0;
}

/* ---- agents ----------------------------------------------------------------------------- */

/* Regular English plural of a word. */
static size_t plural(const char *w, size_t n, char *out)
{
    memcpy(out, w, n);
    char a = (char)tolower((unsigned char)w[n - 1]);
    char b = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : 0;
    if (a == 'y' && n > 1 && !strchr("aeiou", b)) {
        memcpy(out + n - 1, "ies", 3);
        return n + 2;
    }
    if (a == 's' || a == 'x' || a == 'z' || (a == 'h' && (b == 's' || b == 'c'))) {
        memcpy(out + n, "es", 2);
        return n + 2;
    }
    out[n] = 's';
    return n + 1;
}

static int agent_phrase(loader *L, const uint32_t *words, size_t n, uint32_t stems,
                        uint32_t agent)
{
    uint32_t node = phrase_insert(L->d, words, n, stems);
    if (!node)
        return oom(L);
    L->d->agent_phrases++;
    return claim(L, node, &L->d->nodes[node].agent, agent, "agent");
}

/* PETRARCH's agent macros: "!PERSON! = MAN, MEN, WOMAN" defines the words that
 * "CONGRESS!PERSON! [~LEG]" stands for, one agent phrase each. */
static int agent_macro(loader *L, const char *s)
{
    const char *close = strchr(s + 1, '!'), *eq = close ? strchr(close, '=') : NULL;
    if (!eq || L->nmacros == sizeof L->macros / sizeof L->macros[0])
        return fail(L, "expected !NAME! = WORD, WORD ...");
    size_t n = (size_t)(close - s + 1);
    L->macros[L->nmacros].name = dyad_arena_strndup(&L->d->arena, s, n);
    L->macros[L->nmacros].words = dyad_arena_strndup(&L->d->arena, eq + 1, strlen(eq + 1));
    if (!L->macros[L->nmacros].name || !L->macros[L->nmacros].words)
        return oom(L);
    L->nmacros++;
    return 0;
}

static int agent_line(loader *L, const char *s);

/* An agent line naming a macro: the line once per word of the macro. */
static int agent_expand(loader *L, const char *s, const char *at)
{
    const char *close = strchr(at + 1, '!');
    size_t n = close ? (size_t)(close - at + 1) : 0;
    for (size_t m = 0; m < L->nmacros; m++) {
        if (strlen(L->macros[m].name) != n || strncmp(L->macros[m].name, at, n) != 0)
            continue;
        for (const char *w = L->macros[m].words; *w;) {
            while (*w == ',' || is_blank(*w))
                w++;
            const char *e = w;
            while (*e && *e != ',' && !is_blank(*e))
                e++;
            char line[1024];
            if (e > w && snprintf(line, sizeof line, "%.*s%.*s%s", (int)(at - s), s,
                                  (int)(e - w), w, close + 1) < (int)sizeof line &&
                agent_line(L, line) != 0)
                return -1;
            w = e;
        }
        return 0;
    }
    return fail(L, "undefined agent macro %.*s", (int)n, at);
}

static int agent_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    if (s[0] == '!' && strchr(s + 1, '=') && !strchr(s, '['))
        return agent_macro(L, s);
    const char *bang = strchr(s, '!');
    if (bang)
        return agent_expand(L, s, bang);
    if (s[0] == '+')
        return fail(L, "unsupported agent syntax");
    const char *br = strrchr(s, '[');
    const char *code = NULL;
    const char *after = br ? read_code(L, br, &code, 1) : NULL;
    if (!after || !only_blanks(after) || !code)
        return fail(L, "expected PHRASE [~CODE]");
    const char *tilde = strchr(br, '~');
    const char *first = br + 1;
    while (is_blank(*first))
        first++;
    uint8_t prefix = tilde && tilde != first; /* "[NGO~]" rather than "[~GOV]" */
    const char *brace = memchr(s, '{', (size_t)(br - s));
    const char *phrase_end = brace ? brace : br;
    uint32_t words[MAX_PHRASE_WORDS];
    int nw = phrase_words(L, s, (size_t)(phrase_end - s), words);
    if (nw <= 0)
        return nw < 0 ? -1 : fail(L, "empty phrase");
    if (!GROW(d, agents, d->nagents + 1))
        return oom(L);
    d->agents[d->nagents] = (dyad_agent){code, origin(L), prefix};
    uint32_t agent = (uint32_t)++d->nagents;
    uint32_t stems = L->stem_mask;
    if (agent_phrase(L, words, (size_t)nw, stems, agent) != 0)
        return -1;
    if (L->family != F_DYAD)
        mark_gaps(d, s, (size_t)(phrase_end - s), words, nw);
    const char *pe = phrase_end;
    while (pe > s && is_blank(pe[-1]))
        pe--;
    if (brace) { /* explicit plurals: each a phrase */
        const char *close = strchr(brace, '}');
        if (!close || close > br)
            return fail(L, "unclosed {");
        const char *p = brace + 1;
        while (p < close) {
            while (p < close && is_blank(*p))
                p++;
            const char *q = p;
            while (q < close && !is_blank(*q))
                q++;
            if (q > p) {
                int m = phrase_words(L, p, (size_t)(q - p), words);
                if (m < 0 || (m > 0 && agent_phrase(L, words, (size_t)m, L->stem_mask, agent) != 0))
                    return -1;
            }
            p = q;
        }
    } else if (pe[-1] != '_' || (L->family == F_TABARI && pe[-1] != '=')) {
        /* TABARI adds the plural even after '_' (its "regular noun endings") */
        const char *last = d->words ? dyad_intern_str(d->words, words[nw - 1]) : NULL;
        char buf[MAX_WORD + 4];
        size_t ln = strlen(last);
        if (ln > MAX_WORD)
            return fail(L, "word too long");
        size_t m = plural(last, ln, buf);
        if (!(words[nw - 1] = add_word(d, buf, m)))
            return oom(L);
        if (agent_phrase(L, words, (size_t)nw, stems & ~(1u << (nw - 1)), agent) != 0)
            return -1;
        if (L->family != F_DYAD)
            mark_gaps(d, s, (size_t)(phrase_end - s), words, nw);
    }
    return 0;
}

/* ---- discards and grammar words --------------------------------------------------------- */

static int discard_line(loader *L, const char *s)
{
    if (s[0] == '+')
        s++;
    uint32_t words[MAX_PHRASE_WORDS];
    int nw = phrase_words(L, s, strlen(s), words);
    if (nw <= 0)
        return nw < 0 ? -1 : fail(L, "empty phrase");
    uint32_t node = phrase_insert(L->d, words, (size_t)nw, L->stem_mask);
    if (!node)
        return oom(L);
    L->d->ndiscards++;
    return claim(L, node, &L->d->nodes[node].discard, 1, "discard");
}

static const struct {
    const char *name;
    uint32_t bit;
} word_classes[] = {
    {"be", DYAD_WC_BE},
    {"have", DYAD_WC_HAVE},
    {"do", DYAD_WC_DO},
    {"modal", DYAD_WC_MODAL},
    {"negation", DYAD_WC_NEGATION},
    {"determiner", DYAD_WC_DETERMINER},
    {"pronoun", DYAD_WC_PRONOUN},
    {"preposition", DYAD_WC_PREPOSITION},
    {"conjunction", DYAD_WC_CONJUNCTION},
    {"subordinator", DYAD_WC_SUBORDINATOR},
    {"relative", DYAD_WC_RELATIVE},
    {"reporting", DYAD_WC_REPORTING},
    {"adverb", DYAD_WC_ADVERB},
    {"future", DYAD_WC_FUTURE},
    {"hypothetical", DYAD_WC_HYPOTHETICAL},
    {"time", DYAD_WC_TIME},
    {"attribution", DYAD_WC_ATTRIBUTION},
    {"quote_verb", DYAD_WC_QUOTE_VERB},
};

static int words_line(loader *L, const char *s, uint32_t *section)
{
    size_t n = strlen(s);
    if (s[0] == '[') {
        for (size_t i = 0; i < sizeof word_classes / sizeof word_classes[0]; i++) {
            size_t k = strlen(word_classes[i].name);
            if (n == k + 2 && memcmp(s + 1, word_classes[i].name, k) == 0 && s[n - 1] == ']') {
                *section = word_classes[i].bit;
                return 0;
            }
        }
        return fail(L, "unknown word class %s", s);
    }
    if (!*section)
        return fail(L, "word before any [class] header");
    if (strpbrk(s, " \t_"))
        return fail(L, "one word per line");
    uint32_t id = add_word(L->d, s, n);
    if (!id)
        return oom(L);
    L->d->classes[id] |= *section;
    return 0;
}

/* "base past participle", alternatives comma-separated. */
static int irregular_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    char base[MAX_WORD], past[256], part[256];
    char extra;
    if (sscanf(s, "%127s %255s %255s %c", base, past, part, &extra) != 3)
        return fail(L, "expected: base past participle");
    uint32_t id = add_word(d, base, strlen(base));
    if (!id || !GROW(d, irregulars, (size_t)id + 1))
        return oom(L);
    d->irregulars[id].past = dyad_arena_strndup(&d->arena, past, strlen(past));
    d->irregulars[id].participle = dyad_arena_strndup(&d->arena, part, strlen(part));
    /* remember the forms themselves: PETRARCH lists some verbs as "SAID", "LEFT" */
    for (const char *list = past; list; list = list == past ? part : NULL)
        for (const char *w = list; *w;) {
            size_t n = strcspn(w, ",");
            uint32_t form = n ? add_word(d, w, n) : 0;
            if (n && (!form || !GROW(d, past_words, (size_t)form + 1)))
                return oom(L);
            if (form)
                d->past_words[form] = 1;
            w += n + (w[n] == ',');
        }
    return 0;
}

/* ---- verbs ------------------------------------------------------------------------------ */

static int is_vowel(char c)
{
    return strchr("aeiou", tolower((unsigned char)c)) != NULL;
}

/* Consonant-vowel-consonant ending, so a doubled-consonant form exists (admit, admitted). */
static int cvc(const char *w, size_t n)
{
    if (n < 3)
        return 0;
    char c = (char)tolower((unsigned char)w[n - 1]);
    return !is_vowel(w[n - 1]) && is_vowel(w[n - 2]) && !is_vowel(w[n - 3]) && c != 'w' &&
           c != 'x' && c != 'y';
}

typedef struct form {
    char text[MAX_WORD + 8];
    size_t len;
    uint8_t bits;
    uint8_t stem; /* a TABARI form in braces that matches as a stem too */
} form;

static void add_form(form *forms, int *n, const char *stem, size_t sn, const char *suffix,
                     uint8_t bits)
{
    form *f = &forms[(*n)++];
    size_t k = strlen(suffix);
    memcpy(f->text, stem, sn);
    memcpy(f->text + sn, suffix, k);
    f->len = sn + k;
    f->bits = bits;
    f->stem = 0;
}

/* Adds each comma-separated form of a list. */
static void add_listed(form *forms, int *n, const char *list, uint8_t bits)
{
    while (*list && *n < 24) {
        const char *e = strchr(list, ',');
        size_t k = e ? (size_t)(e - list) : strlen(list);
        if (k > 0 && k <= MAX_WORD)
            add_form(forms, n, list, k, "", bits);
        list += k + (e ? 1 : 0);
    }
}

/* Every surface form of a verb word, from the irregular table or the regular rules. */
static int verb_forms(const dyad_dict *d, const char *w, size_t n, form *forms)
{
    int k = 0;
    char last = (char)tolower((unsigned char)w[n - 1]);
    char prev = n > 1 ? (char)tolower((unsigned char)w[n - 2]) : 0;
    /* PETRARCH files list some verbs as their past ("CALLED", "SAID"): the word is that
     * form too */
    uint32_t self = dyad_intern_find(d->words, w, n);
    int listed_past = (n > 4 && last == 'd' && prev == 'e') ||
                      (self && self < d->past_words_cap && d->past_words[self]);
    add_form(forms, &k, w, n, "",
             DYAD_VF_BASE | (listed_past ? DYAD_VF_PAST | DYAD_VF_PARTICIPLE : 0));
    if (last == 'y' && !is_vowel(prev))
        add_form(forms, &k, w, n - 1, "ies", DYAD_VF_S);
    else if (strchr("sxzo", last) || (last == 'h' && (prev == 's' || prev == 'c')))
        add_form(forms, &k, w, n, "es", DYAD_VF_S);
    else
        add_form(forms, &k, w, n, "s", DYAD_VF_S);
    if (last == 'e' && n > 1 && prev == 'i')
        add_form(forms, &k, w, n - 2, "ying", DYAD_VF_ING);
    else if (last == 'e' && prev != 'e' && prev != 'y' && prev != 'o')
        add_form(forms, &k, w, n - 1, "ing", DYAD_VF_ING);
    else
        add_form(forms, &k, w, n, "ing", DYAD_VF_ING);
    const irregular *irr = self && self < d->irregulars_cap && d->irregulars[self].past
                               ? &d->irregulars[self]
                               : NULL;
    if (irr) {
        add_listed(forms, &k, irr->past, DYAD_VF_PAST);
        add_listed(forms, &k, irr->participle, DYAD_VF_PARTICIPLE);
    } else if (last == 'e')
        add_form(forms, &k, w, n, "d", DYAD_VF_PAST | DYAD_VF_PARTICIPLE);
    else if (last == 'y' && !is_vowel(prev))
        add_form(forms, &k, w, n - 1, "ied", DYAD_VF_PAST | DYAD_VF_PARTICIPLE);
    else
        add_form(forms, &k, w, n, "ed", DYAD_VF_PAST | DYAD_VF_PARTICIPLE);
    if (cvc(w, n)) { /* both spellings: "visited" and the harmless "visitted" */
        char dbl[MAX_WORD + 2];
        memcpy(dbl, w, n);
        dbl[n] = w[n - 1];
        add_form(forms, &k, dbl, n + 1, "ing", DYAD_VF_ING);
        if (!irr)
            add_form(forms, &k, dbl, n + 1, "ed", DYAD_VF_PAST | DYAD_VF_PARTICIPLE);
    }
    return k;
}

static long verb_for_word(loader *L, uint32_t word)
{
    dyad_dict *d = L->d;
    if (word < d->verb_by_word_cap && d->verb_by_word[word])
        return (long)d->verb_by_word[word] - 1;
    if (!GROW(d, verbs, d->nverbs + 1) || !GROW(d, verb_by_word, (size_t)word + 1))
        return oom(L);
    memset(&d->verbs[d->nverbs], 0, sizeof d->verbs[0]);
    d->verbs[d->nverbs].base_word = word;
    d->verbs[d->nverbs].origin = origin(L);
    d->verb_by_word[word] = (uint32_t)(d->nverbs + 1);
    return (long)d->nverbs++;
}

/* Inserts a surface phrase (the verb word inflected, its particles as written); `stems`:
 * its words that match as stems, the verb word's bit standing for the base form (an
 * inflection is exact, a form written in braces a stem of its own). */
static int verb_surface(loader *L, uint32_t *words, int nw, int at, const form *f, uint32_t verb,
                        int listed, uint32_t stems)
{
    dyad_dict *d = L->d;
    if (!(words[at] = add_word(d, f->text, f->len)))
        return oom(L);
    if (!listed)
        stems = (stems & ~(1u << at)) | (uint32_t)f->stem << at;
    uint32_t node = phrase_insert(d, words, (size_t)nw, stems);
    if (!node)
        return oom(L);
    dyad_node *nd = &d->nodes[node];
    if (nd->verb && nd->verb != verb && !(listed && !nd->verb_listed))
        return 0; /* "found" (find) vs "found" (establish): the first verb keeps it, unless
                   * the second is written so ("LEFT_" over LEAVE's "left") */
    if (nd->verb != verb)
        nd->verb_forms = 0;
    nd->verb = verb;
    nd->verb_listed |= (uint8_t)listed;
    nd->verb_forms |= f->bits;
    d->verb_forms++;
    d->node_file[node] = L->name;
    return 0;
}

/* VERB [CODE] {FORMS}  or  +PHRASAL_VERB ...  */
static int verb_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    if (L->block < 0)
        return fail(L, "verb before any --- block ---");
    const char *br = strchr(s, '['), *brace = strchr(s, '{');
    const char *end = s + strlen(s);
    if (br && br < end)
        end = br;
    if (brace && brace < end)
        end = brace;
    /* the verb word is the one marked '+', else the first */
    char phrase[512];
    size_t pn = (size_t)(end - s);
    if (copy_phrase(L, s, pn, phrase, sizeof phrase) != 0)
        return -1;
    char *plus = strchr(phrase, '+');
    int at = 0;
    if (plus) {
        for (char *p = phrase; p < plus; p++)
            if ((*p == '_' || is_blank(*p)) && p + 1 < plus && p[1] != '_' && !is_blank(p[1]))
                at++;
        *plus = ' ';
    }
    uint32_t words[MAX_PHRASE_WORDS];
    int nw = phrase_words(L, phrase, strlen(phrase), words);
    uint32_t stems = L->stem_mask;
    if (nw <= 0)
        return nw < 0 ? -1 : fail(L, "empty verb");
    if (at >= nw)
        return fail(L, "bad '+' position");
    const char *code = NULL;
    int own = 0;
    if (br) {
        const char *after = read_code(L, br, &code, 0);
        if (!after)
            return fail(L, "bad [CODE]");
        own = 1;
    }
    if (code && (code[0] == '#' || code[0] == '+')) {
        /* "FOOTBALL [###]", "BLAST [+++]": the word discards its sentence where it is a verb
         * (DYAD_DISCARD_VERB; capitalised "Planetary Cup" is a noun to TABARI) */
        uint32_t node = phrase_insert(d, words, (size_t)nw, L->stem_mask);
        if (!node)
            return oom(L);
        d->ndiscards++;
        return claim(L, node, &d->nodes[node].discard, DYAD_DISCARD_VERB, "discard");
    }
    /* a phrasal verb is a verb of its own: "hold out" must not share the blocks of "hold" */
    uint32_t key = words[at];
    if (nw > 1) {
        char joined[600];
        size_t jn = 0;
        for (int i = 0; i < nw; i++) {
            const char *w = dyad_intern_str(d->words, words[i]);
            size_t k = strlen(w);
            if (jn + k + 2 > sizeof joined)
                return fail(L, "verb phrase too long");
            if (i)
                joined[jn++] = ' ';
            memcpy(joined + jn, w, k);
            jn += k;
        }
        if (!(key = add_word(d, joined, jn)))
            return oom(L);
    }
    long v = verb_for_word(L, key);
    if (v < 0)
        return -1;
    dyad_verb *verb = &d->verbs[v];
    if (own && !verb->has_own_code) {
        verb->code = code;
        verb->has_own_code = 1;
    }
    uint32_t b;
    for (b = 0; b < verb->nblocks && verb->blocks[b] != (uint32_t)L->block; b++)
        ;
    if (b == verb->nblocks && verb->nblocks < DYAD_MAX_VERB_BLOCKS)
        verb->blocks[verb->nblocks++] = (uint32_t)L->block;
    form forms[32];
    int nf = 0;
    const char *base = dyad_intern_str(d->words, words[at]);
    if (strlen(base) > MAX_WORD)
        return fail(L, "word too long");
    if (brace) {
        const char *close = strchr(brace, '}');
        if (!close)
            return fail(L, "unclosed {");
        add_form(forms, &nf, base, strlen(base), "", DYAD_VF_BASE);
        for (const char *p = brace + 1; p < close && nf < 32;) {
            while (p < close && is_blank(*p))
                p++;
            const char *q = p;
            while (q < close && !is_blank(*q) && *q != '_')
                q++;
            size_t k = (size_t)(q - p);
            if (k > 0 && k <= MAX_WORD) {
                uint8_t bits = (k > 3 && memcmp(q - 3, "ING", 3) == 0) ||
                                       (k > 3 && memcmp(q - 3, "ing", 3) == 0)
                                   ? DYAD_VF_ING
                               : (tolower((unsigned char)q[-1]) == 's') ? DYAD_VF_S
                                   : DYAD_VF_PAST | DYAD_VF_PARTICIPLE;
                add_form(forms, &nf, p + (*p == '+'), k - (*p == '+'), "", bits);
                /* a TABARI form with no '_' after it is a stem too ("ACTUALITY") */
                uint32_t id = L->family == F_TABARI && (q == close || *q != '_') && k >= 3
                                  ? add_word(d, p + (*p == '+'), k - (*p == '+'))
                                  : 0;
                if (id && mark_stem(L, id, DYAD_STEM_PHRASE) != 0)
                    return -1;
                forms[nf - 1].stem = id != 0;
            }
            while (q < close && !is_blank(*q))
                q++; /* skip particles written in the braces: the phrase already has them */
            p = q;
        }
    } else if (L->family == F_TABARI && pn > 0 && phrase[strcspn(phrase, "=")] == '=') {
        add_form(forms, &nf, base, strlen(base), "", DYAD_VF_BASE); /* "BAN=": no endings */
    } else
        nf = verb_forms(d, base, strlen(base), forms);
    if (L->family == F_TABARI && !brace && nf + 2 <= 32) {
        /* TABARI's regular verb endings also include ES and EN ("departes") */
        size_t bn = strlen(base);
        add_form(forms, &nf, base, bn, "es", DYAD_VF_S);
        add_form(forms, &nf, base, bn, "en", DYAD_VF_PARTICIPLE);
    }
    for (int i = 0; i < nf; i++) {
        if (verb_surface(L, words, nw, at, &forms[i], (uint32_t)v + 1, i == 0, stems) != 0)
            return -1;
        if (L->family == F_TABARI && nw > 1) /* "DEATH TOLL RISEN": "death toll has risen" */
            mark_gaps(d, phrase, strlen(phrase), words, nw);
    }
    return 0;
}

static int block_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    size_t n = strlen(s);
    if (n < 7 || memcmp(s + n - 3, "---", 3) != 0)
        return fail(L, "a block header is --- LABEL [CODE] ---");
    const char *br = strchr(s + 3, '[');
    const char *code = NULL;
    if (!br || !read_code(L, br, &code, 0))
        return fail(L, "block header without [CODE]");
    const char *a = s + 3, *b = br;
    while (a < b && is_blank(*a))
        a++;
    while (b > a && is_blank(b[-1]))
        b--;
    if (!GROW(d, blocks, d->nblocks + 1))
        return oom(L);
    d->blocks[d->nblocks] =
        (dyad_block){dyad_arena_strndup(&d->arena, a, (size_t)(b - a)), code,
                     (uint32_t)d->npatterns, 0};
    L->block = (long)d->nblocks++;
    L->synset = -1;
    return 0;
}

static int synset_header(loader *L, const char *s)
{
    size_t n = strlen(s);
    L->synset_closed = n > 2 && s[n - 1] == '_';
    if (L->synset_closed)
        n--; /* "&PREPOSIT1_" is used as "&PREPOSIT1"; PETRARCH: no plurals for its phrases */
    if (n < 2 || strpbrk(s, " \t"))
        return fail(L, "a synonym set header is &NAME");
    if (dyad_intern_find(L->synsets, s, n))
        return fail(L, "synonym set %s defined twice", s);
    uint32_t id = dyad_intern_add(L->synsets, s, n);
    long set = new_set(L);
    if (!id || set < 0 ||
        grow((void **)&L->synset_sets, &L->synset_sets_cap, (size_t)id + 1,
             sizeof *L->synset_sets) != 0)
        return oom(L);
    L->synset_sets[id] = (uint32_t)set;
    L->synset = set;
    return 0;
}

static int add_elem(loader *L, uint8_t type, int adjacent, uint32_t phrases)
{
    dyad_dict *d = L->d;
    if (!GROW(d, elems, d->nelems + 1))
        return oom(L);
    d->elems[d->nelems++] = (dyad_elem){type, (uint8_t)adjacent, phrases};
    return 0;
}

/* The phrase set of one pattern word.  Thousands of patterns say "TO" or "WITH": they
 * share one set, so the dictionary stays small and a sentence tests each word once.  A
 * TABARI word written closed ("RESOLUTION_") is a set of its own that takes no endings. */
static long word_set(loader *L, const char *t, size_t n, int closed)
{
    dyad_dict *d = L->d;
    char buf[MAX_WORD + 2];
    if (closed && n <= MAX_WORD) {
        memcpy(buf, t, n);
        buf[n++] = '_';
        t = buf;
    }
    uint32_t key = dyad_intern_add(d->word_set_keys, t, n);
    if (!key || !GROW(d, word_set_of, (size_t)key + 1))
        return oom(L);
    if (d->word_set_of[key])
        return (long)d->word_set_of[key] - 1;
    long set = new_set(L);
    if (set < 0 || add_set_phrase(L, (uint32_t)set, t, n, 0) != 0)
        return -1;
    d->word_set_of[key] = (uint32_t)set + 1;
    return set;
}

/* One element token of a pattern ("*", "+", "$", "&NAME", "WORD").  In TABARI files a word
 * is a stem unless an underscore follows it ("RESOLUTION_"); "REAL~_PLEASANT" keeps REAL a
 * stem with PLEASANT right after it. */
static int pattern_elem(loader *L, const char *t, size_t n, int adjacent, int underscored,
                        dyad_pattern *p)
{
    int stem = L->family == F_TABARI && (!underscored || t[n - 1] == '~');
    if (n > 1 && t[n - 1] == '~')
        n--;
    if (n > 1 && t[n - 1] == '-' && L->family == F_TABARI)
        n--; /* "ANTI- + *": TABARI blanks hyphens in its text, so "anti-" is "anti" */
    uint32_t index = (uint32_t)(L->d->nelems - p->first_elem);
    static const char tokens[] = "*+$%^";
    static const uint8_t types[] = {DYAD_EL_VERB, DYAD_EL_TARGET, DYAD_EL_SOURCE,
                                    DYAD_EL_COMPOUND, DYAD_EL_SKIP};
    const char *tk = n == 1 ? strchr(tokens, *t) : NULL;
    if (tk && *tk) {
        if (*t == '*') {
            if (p->verb_at != UINT32_MAX)
                return fail(L, "pattern has two '*'");
            p->verb_at = index;
        }
        return add_elem(L, types[tk - tokens], adjacent, 0);
    }
    if (*t == '&') {
        uint32_t id = dyad_intern_find(L->synsets, t, n);
        if (!id)
            return fail(L, "undefined synonym set %.*s", (int)n, t);
        return add_elem(L, DYAD_EL_WORDS, adjacent, L->synset_sets[id]);
    }
    for (size_t i = 0; i < n; i++)
        if (strchr("*+$%^{}()|=&", t[i]))
            return fail(L, "unsupported pattern element '%.*s'", (int)n, t);
    if (stem && pattern_stem(L, t, n) != 0)
        return -1;
    long set = word_set(L, t, n, L->family == F_TABARI && !stem);
    return set < 0 ? -1 : add_elem(L, DYAD_EL_WORDS, adjacent, (uint32_t)set);
}

/* "{ SANCTIONS | BOYCOTT | ECONOMIC_EMBARGO }": one element whose phrase set holds each
 * alternative (synonym sets in them expanded).  t..close is the group, braces included. */
static int pattern_alternatives(loader *L, const char *t, const char *close, int adjacent)
{
    long set = new_set(L);
    if (set < 0)
        return -1;
    for (const char *a = t + 1; a < close;) {
        const char *bar = a;
        while (bar < close && *bar != '|')
            bar++;
        const char *x = a, *y = bar;
        while (x < y && (is_blank(*x) || *x == '_'))
            x++;
        while (y > x && (is_blank(y[-1]) || y[-1] == '_'))
            y--;
        if (y == x)
            return fail(L, "empty alternative in { | }");
        if (add_set_phrase_expanded(L, (uint32_t)set, x, (size_t)(y - x), 0) != 0)
            return -1;
        a = bar + 1;
    }
    return add_elem(L, DYAD_EL_WORDS, adjacent, (uint32_t)set);
}

/* PETRARCH's {noun phrase} and (prepositional phrase) groups need a full parse; dyad reads
 * their words as plain pattern words.  Copies the pattern up to `br` into out with the
 * brackets blanked and returns the end of the copy. */
static const char *plain_groups(loader *L, const char *s, const char *br, char *out)
{
    size_t n = (size_t)(br - s);
    if (n >= 4096)
        n = 4095;
    for (size_t i = 0; i < n; i++)
        out[i] = strchr("{}()", s[i]) ? ' ' : s[i];
    out[n] = '\0';
    warn(L, "PETRARCH {phrase} and (phrase) groups read as plain pattern words");
    return out + n;
}

/* Does a word before the '*' negate ("NOT", "NEVER", "&NEGATVAUXVRB" = "DIDN'T" ...)?  Such
 * a pattern codes a negated verb, which otherwise codes nothing. */
static uint8_t names_negation(const dyad_dict *d, const dyad_pattern *p)
{
    for (uint32_t e = 0; e < p->verb_at; e++) {
        const dyad_elem *el = &d->elems[p->first_elem + e];
        if (el->type != DYAD_EL_WORDS)
            continue;
        const span32 *set = &d->sets[el->phrases];
        for (uint32_t ph = set->first; ph < set->first + set->n; ph++)
            for (uint32_t k = 0; k < d->phrases[ph].n; k++) {
                uint32_t w = d->ids[d->slots[d->phrases[ph].first + k].first];
                if (w < d->classes_cap && (d->classes[w] & DYAD_WC_NEGATION))
                    return 1;
            }
    }
    return 0;
}

/* - ELEMENTS [CODE] */
static int pattern_line(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    if (L->block < 0)
        return fail(L, "pattern before any --- block ---");
    const char *br = strrchr(s, '[');
    const char *code = NULL;
    if (!br)
        return fail(L, "pattern without [CODE]");
    const char *after = read_code(L, br, &code, 0);
    if (!after || !only_blanks(after))
        return fail(L, "bad [CODE] in pattern");
    dyad_pattern p = {(uint32_t)d->nelems, 0, UINT32_MAX, code, origin(L), 0, 0};
    char plain[4096];
    if (L->family == F_PETRARCH && strpbrk(s, "{}()") && !strchr(s, '|')) {
        br = plain_groups(L, s, br, plain);
        s = plain;
    }
    const char *q = s + 1;
    while (q < br) {
        while (q < br && is_blank(*q))
            q++;
        int adjacent = 0;
        while (q < br && !is_blank(*q)) {
            const char *e = q;
            if (*q == '{') {
                const char *close = memchr(q, '}', (size_t)(br - q));
                if (!close)
                    return fail(L, "unclosed { in pattern");
                if (pattern_alternatives(L, q, close, adjacent) != 0)
                    return -1;
                e = close + 1;
            } else {
                while (e < br && !is_blank(*e) && *e != '_')
                    e++;
                if (e > q && pattern_elem(L, q, (size_t)(e - q), adjacent, e < br && *e == '_', &p) != 0)
                    return -1;
            }
            adjacent = 1;
            q = e < br && *e == '_' ? e + 1 : e;
        }
    }
    p.nelems = (uint32_t)(d->nelems - p.first_elem);
    if (p.verb_at == UINT32_MAX)
        return fail(L, "pattern without '*'");
    p.names_negation = names_negation(d, &p);
    for (uint32_t e = 0; e < p.nelems; e++)
        if (d->elems[p.first_elem + e].type == DYAD_EL_WORDS)
            p.need |= (uint64_t)1 << (d->elems[p.first_elem + e].phrases % 64);
    if (!GROW(d, patterns, d->npatterns + 1))
        return oom(L);
    d->patterns[d->npatterns++] = p;
    d->blocks[L->block].npatterns++;
    if (d->blocks[L->block].first_pattern + d->blocks[L->block].npatterns != d->npatterns)
        return fail(L, "internal: patterns out of order");
    return 0;
}

/* TABARI has no block headers: each verb line starts a block of its own, labelled with the
 * verb, which the pattern lines under it belong to. */
static int tabari_block(loader *L, const char *s)
{
    dyad_dict *d = L->d;
    const char *br = strchr(s, '['), *end = br ? br : s + strlen(s);
    const char *code = NULL;
    if (br && !read_code(L, br, &code, 0))
        return fail(L, "bad [CODE]");
    while (end > s && is_blank(end[-1]))
        end--;
    if (!GROW(d, blocks, d->nblocks + 1))
        return oom(L);
    d->blocks[d->nblocks] = (dyad_block){dyad_arena_strndup(&d->arena, s, (size_t)(end - s)),
                                         code, (uint32_t)d->npatterns, 0};
    L->block = (long)d->nblocks++;
    return 0;
}

static int downgrade(loader *L, const char *s);

static int verbs_line_set_member(loader *L, const char *s)
{
    if (L->synset == SYNSET_SKIPPED)
        return 0;
    if (L->family != F_DYAD && strchr(s + 1, '$'))
        return fail(L, "actors inside a synonym set are not supported");
    return add_set_phrase_expanded(L, (uint32_t)L->synset, s + 1, strlen(s + 1), 0);
}

static int verbs_line(loader *L, const char *s)
{
    if (L->section == SECTION_TIME)
        return L->prescan ? 0 : time_line(L, s);
    if (L->prescan) {
        if (s[0] != '&' && !(s[0] == '+' && L->synset != -1)) {
            L->synset = -1;
            return 0;
        }
        L->prescan = 2;
        int rc = s[0] == '&' ? synset_header(L, s) : verbs_line_set_member(L, s);
        if (rc != 0)
            rc = downgrade(L, s);
        L->prescan = 1;
        return rc;
    }
    if (s[0] == '&' && L->family != F_DYAD) {
        L->synset = SYNSET_SKIPPED; /* read by the first pass */
        return 0;
    }
    if (s[0] == '-' && s[1] == '-' && s[2] == '-')
        return block_line(L, s);
    if (s[0] == '&')
        return synset_header(L, s);
    if (s[0] == '+' && L->synset == SYNSET_SKIPPED)
        return 0; /* the phrases of a set read by the first pass, or refused (warned there) */
    if (s[0] == '+' && L->synset >= 0)
        return verbs_line_set_member(L, s);
    L->synset = -1;
    if (s[0] == '-')
        return pattern_line(L, s);
    if (s[0] == '{' && L->family == F_TABARI) { /* "{ ACTING_ ACTXD_ }": the last verb's forms */
        char line[1024];
        if (!L->last_verb[0])
            return fail(L, "verb forms before any verb");
        if (snprintf(line, sizeof line, "%s %s", L->last_verb, s) >= (int)sizeof line)
            return fail(L, "verb forms too long");
        return verb_line(L, line);
    }
    if (L->family == F_TABARI) {
        size_t n = strcspn(s, "[{;");
        if (n >= sizeof L->last_verb)
            n = 0;
        memcpy(L->last_verb, s, n);
        L->last_verb[n] = '\0';
        if (tabari_block(L, s) != 0)
            return -1;
    }
    return verb_line(L, s);
}

/* ---- files ------------------------------------------------------------------------------ */

const char *const dyad_dict_kinds[DYAD_DICT_NKINDS] = {
    ".words", ".irregular", ".actors", ".agents", ".verbs", ".discards", ".issues"};

/* In the order of dyad_dict_kinds. */
enum kind { K_WORDS, K_IRREGULAR, K_ACTORS, K_AGENTS, K_VERBS, K_DISCARDS, K_ISSUES, K_UNKNOWN };

static int has_suffix(const char *s, size_t n, const char *suffix)
{
    size_t e = strlen(suffix);
    return n > e && strncmp(s + n - e, suffix, e) == 0;
}

const char *dyad_dict_kind_of(const char *spec, const char **path)
{
    const char *eq = strchr(spec, '=');
    *path = spec;
    for (int k = 0; k < K_UNKNOWN; k++) {
        const char *kind = dyad_dict_kinds[k];
        size_t e = strlen(kind + 1);
        if (eq && (size_t)(eq - spec) == e && strncmp(spec, kind + 1, e) == 0) {
            *path = eq + 1;
            return kind;
        }
    }
    size_t n = strlen(spec);
    if (has_suffix(spec, n, ".txt"))
        n -= 4;
    for (int k = 0; k < K_UNKNOWN; k++)
        if (has_suffix(spec, n, dyad_dict_kinds[k]))
            return dyad_dict_kinds[k];
    return NULL;
}

static enum kind kind_index(const char *kind)
{
    int k = 0;
    while (k < K_UNKNOWN && dyad_dict_kinds[k] != kind)
        k++;
    return (enum kind)k;
}

/* The family of a file: PETRARCH names its files .txt; TABARI files show <SECTION> tags, ';'
 * comments or patterns outside blocks.  ("KIND=FILE" names the kind, not the family:
 * TABARI's .project names its files that way too.) */
static enum family sniff_family(enum kind kind, const char *path, const char *text, size_t len)
{
    if (has_suffix(path, strlen(path), ".txt"))
        return F_PETRARCH;
    if (kind == K_WORDS || kind == K_IRREGULAR)
        return F_DYAD;
    int block_header = 0, pattern = 0;
    for (const char *p = text, *end = text + len; p < end;) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        const char *hash = memchr(p, '#', n);
        size_t code = hash ? (size_t)(hash - p) : n; /* the part before a comment */
        if (code > 1 && p[0] == '<' && isalpha((unsigned char)p[1]))
            return F_TABARI;
        if (kind != K_ACTORS && memchr(p, ';', code))
            return F_TABARI;
        block_header |= code >= 3 && memcmp(p, "---", 3) == 0;
        pattern |= code >= 2 && p[0] == '-' && p[1] == ' ';
        p = eol ? eol + 1 : end;
    }
    return kind == K_VERBS && pattern && !block_header ? F_TABARI : F_DYAD;
}

/* Lines that are no entry: PETRARCH's <!-- comments --> (which may span lines), TABARI's
 * <SECTION> tags.  <SYNSETS> holds ordinary synonym sets; any other section (<TIME>,
 * <NOUN>, <ADJECTIVE>...) is a feature dyad lacks: warned once and skipped to its end. */
static int markup_line(loader *L, const char *s)
{
    if (L->in_comment) {
        L->in_comment = strstr(s, "-->") == NULL;
        return 1;
    }
    if (L->skip_until[0]) {
        if (strncasecmp(s, L->skip_until, strlen(L->skip_until)) == 0)
            L->skip_until[0] = '\0';
        return 1;
    }
    if (s[0] != '<')
        return 0;
    if (s[1] == '!') { /* "<!-- ... -->", and the "<! -- ... -->" that PETRARCH files have */
        L->in_comment = strstr(s + 2, "-->") == NULL;
        return 1;
    }
    if (L->family == F_DYAD || strncasecmp(s, "<SYNSETS>", 9) == 0 ||
        strncasecmp(s, "</SYNSETS>", 10) == 0)
        return 1;
    static const struct {
        const char *open, *close;
        int section;
    } sections[] = {{"<NOUN>", "</NOUN>", DYAD_TABARI_NOUN},
                    {"<ADJECTIVE>", "</ADJECTIVE>", DYAD_TABARI_ADJECTIVE},
                    {"<TIME>", "</TIME>", SECTION_TIME}};
    for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) {
        if (strncasecmp(s, sections[i].open, strlen(sections[i].open)) == 0) {
            L->section = sections[i].section;
            return 1;
        }
        if (strncasecmp(s, sections[i].close, strlen(sections[i].close)) == 0) {
            L->section = 0;
            return 1;
        }
    }
    if (s[1] == '/')
        return 1;
    const char *e = strchr(s, '>');
    size_t n = e ? (size_t)(e - s - 1) : strlen(s + 1);
    if (n + 4 > sizeof L->skip_until)
        n = sizeof L->skip_until - 4;
    snprintf(L->skip_until, sizeof L->skip_until, "</%.*s>", (int)n, s + 1);
    warn(L, "TABARI <%.*s> section not supported: skipped to %s", (int)n, s + 1, L->skip_until);
    return 1;
}

/* Issue coding (PETRARCH's IssueCoding file) is not implemented: one warning says so. */
static int issues_file(loader *L, const char *text, size_t len)
{
    long entries = 0;
    for (const char *p = text, *end = text + len; p < end; p++)
        if ((p == text || p[-1] == '\n') && *p != '#' && *p != '\n' && *p != '<')
            entries++;
    L->line = 1;
    warn(L, "issue coding not supported: %ld issue lines not used", entries);
    return 0;
}

/* A failed line of a TABARI or PETRARCH file becomes a warning and the line is skipped
 * (out of memory stays an error). */
static int downgrade(loader *L, const char *s)
{
    if (L->family == F_DYAD || L->out_of_memory)
        return -1;
    char prefix[320];
    int n = snprintf(prefix, sizeof prefix, "%s:%ld: ", L->name, L->line);
    size_t k = n > 0 && strncmp(L->err, prefix, (size_t)n) == 0 ? (size_t)n : 0;
    warn(L, "%s; line skipped", L->err + k);
    if (s[0] == '&')
        L->synset = SYNSET_SKIPPED;
    return 0;
}

static int load_lines(loader *L, enum kind kind, const char *text, size_t len);

static int load_kind(dyad_dict *d, const char *text, size_t len, const char *spec,
                     const char *kindname, const char *path, char *err, size_t errlen)
{
    loader L = {.d = d, .err = err, .errlen = errlen, .block = -1, .synset = -1, .actor = -1,
                .family = F_DYAD};
    if (d->image) {
        snprintf(err, errlen, "%s: cannot be added to a compiled dictionary image", spec);
        return -1;
    }
    d->indexed = 0; /* the lookup indexes no longer cover everything */
    L.name = dyad_arena_strndup(&d->arena, path, strlen(path));
    enum kind kind = kind_index(kindname);
    if (kind == K_UNKNOWN) {
        snprintf(err, errlen, "%s: unknown dictionary kind (use .actors .agents .verbs "
                              ".discards .issues .words .irregular, or KIND=FILE)", spec);
        return -1;
    }
    d->kinds |= 1u << kind;
    L.family = (int)sniff_family(kind, path, text, len);
    if (kind == K_VERBS && L.family == F_TABARI)
        d->tabari_verbs = 1;
    if (L.family == F_PETRARCH)
        d->petrarch = 1;
    if (kind == K_ISSUES)
        return issues_file(&L, text, len);
    if (kind == K_VERBS && !(L.synsets = dyad_intern_new()))
        return oom(&L);
    int rc = 0;
    if (kind == K_VERBS && L.family != F_DYAD) {
        /* PETRARCH files use synonym sets before they define them: read the sets first */
        L.prescan = 1;
        rc = load_lines(&L, kind, text, len);
        L.prescan = 0;
        L.line = 0;
        L.in_comment = 0;
        L.skip_until[0] = '\0';
        L.synset = -1;
    }
    if (rc == 0)
        rc = load_lines(&L, kind, text, len);
    dyad_intern_free(L.synsets);
    free(L.synset_sets);
    return rc;
}

static int load_lines(loader *L, enum kind kind, const char *text, size_t len)
{
    uint32_t section = 0;
    const char *p = text, *end = text + len;
    int rc = 0;
    char line[4096];
    while (p < end && rc == 0) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
        L->line++;
        if (L->prescan && !L->in_comment && !L->skip_until[0] && !L->section) {
            /* the first pass wants synonym sets only: skip other lines unread */
            const char *c = p;
            while (c < p + n && is_blank(*c))
                c++;
            if (c == p + n || (*c != '&' && *c != '+' && *c != '<')) {
                if (c < p + n && *c != '#')
                    L->synset = -1;
                p = eol ? eol + 1 : end;
                continue;
            }
        }
        if (memchr(p, '\0', n)) {
            rc = fail(L, "NUL byte in line");
            break;
        }
        if (n >= sizeof line) {
            rc = fail(L, "line longer than %zu bytes", sizeof line - 1);
            break;
        }
        size_t m = strip_line(p, n, kind == K_ACTORS || L->family == F_TABARI, line, sizeof line);
        const char *s = line;
        while (is_blank(*s))
            s++;
        if (m > 0 && *s && !((L->family != F_DYAD || kind == K_ACTORS) && markup_line(L, s))) {
            switch (kind) {
            case K_ACTORS: rc = actor_line(L, line, s); break;
            case K_AGENTS: rc = agent_line(L, s); break;
            case K_VERBS: rc = verbs_line(L, s); break;
            case K_DISCARDS: rc = discard_line(L, s); break;
            case K_WORDS: rc = words_line(L, s, &section); break;
            case K_IRREGULAR: rc = irregular_line(L, s); break;
            case K_ISSUES: case K_UNKNOWN: break;
            }
            if (rc != 0)
                rc = downgrade(L, s);
        }
        p = eol ? eol + 1 : end;
    }
    return rc;
}

int dyad_dict_load(dyad_dict *d, const char *text, size_t len, const char *name, char *err,
                   size_t errlen)
{
    const char *path;
    const char *kind = dyad_dict_kind_of(name, &path);
    return load_kind(d, text, len, name, kind, path, err, errlen);
}

char *dyad_dict_read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, k;
    int oom = 0;
    do {
        if (n + 1 >= cap) {
            cap = cap ? cap * 2 : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                oom = 1;
                break;
            }
            buf = b;
        }
        n += k = fread(buf + n, 1, cap - n - 1, f);
    } while (k > 0);
    int bad = oom || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, oom ? "%s: out of memory" : "%s: read error", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Records a text the dictionary is made of, for dyad_dict_save_image. */
static int note_source(dyad_dict *d, const char *name, const char *text, size_t len,
                       int builtin, char *err, size_t errlen)
{
    if (!GROW(d, sources, d->nsources + 1) ||
        !(d->sources[d->nsources].name = dyad_arena_strndup(&d->arena, name, strlen(name)))) {
        snprintf(err, errlen, "%s: out of memory", name);
        return -1;
    }
    d->sources[d->nsources].hash = dyad_dict_hash(text, len);
    d->sources[d->nsources].len = len;
    d->sources[d->nsources++].builtin = (uint32_t)builtin;
    return 0;
}

int dyad_dict_load_file(dyad_dict *d, const char *spec, char *err, size_t errlen)
{
    const char *path;
    const char *kind = dyad_dict_kind_of(spec, &path);
    size_t len;
    char *buf = dyad_dict_read_file(path, &len, err, errlen);
    if (!buf)
        return -1;
    int rc = load_kind(d, buf, len, spec, kind, path, err, errlen);
    if (rc == 0)
        rc = note_source(d, path, buf, len, 0, err, errlen);
    free(buf);
    return rc;
}

int dyad_dict_load_builtin(dyad_dict *d, const char *suffix, char *err, size_t errlen)
{
    const char *name, *text;
    size_t len;
    for (size_t i = 0; (text = dyad_data_file_with_suffix(suffix, i, &name, &len)); i++)
        if (dyad_dict_load(d, text, len, name, err, errlen) != 0 ||
            note_source(d, name, text, len, 1, err, errlen) != 0)
            return -1;
    return 0;
}

int dyad_dict_holds(const dyad_dict *d, const char *kind)
{
    for (int k = 0; k < K_UNKNOWN; k++)
        if (strcmp(dyad_dict_kinds[k], kind) == 0)
            return d->kinds >> k & 1;
    return 0;
}

/* ---- lifetime and lookups --------------------------------------------------------------- */

dyad_dict *dyad_dict_new(void)
{
    dyad_dict *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    d->words = dyad_intern_new();
    d->word_set_keys = dyad_intern_new();
    if (!d->words || !d->word_set_keys || !GROW(d, nodes, 1) || !GROW(d, node_file, 1)) {
        dyad_dict_free(d);
        return NULL;
    }
    d->nnodes = 1; /* the root */
    return d;
}

void dyad_dict_free(dyad_dict *d)
{
    if (!d)
        return;
    dyad_intern_free(d->words);
    dyad_intern_free(d->word_set_keys);
    if (d->image) { /* the arrays live in it */
        free(d->image);
        free(d);
        return;
    }
    free(d->classes);
    free(d->stems);
    free(d->nodes);
    free(d->node_file);
    free(d->edge_keys);
    free(d->edge_vals);
    free(d->actors);
    free(d->restrictions);
    free(d->agents);
    free(d->verbs);
    free(d->verb_by_word);
    free(d->blocks);
    free(d->patterns);
    free(d->elems);
    free(d->sets);
    free(d->phrases);
    free(d->slots);
    free(d->slot_flags);
    free(d->ids);
    free(d->irregulars);
    free(d->past_words);
    free(d->tabari_pos);
    free(d->word_set_of);
    free(d->set_first);
    free(d->first_ids);
    free(d->root_child);
    free(d->word_leads);
    free(d->leads);
    free(d->word_sets);
    free(d->lead_phrases);
    free(d->warnings);
    free(d->sources);
    dyad_arena_free(&d->arena);
    free(d);
}

static void drop_indexes(dyad_dict *d)
{
    free(d->set_first);
    free(d->first_ids);
    free(d->root_child);
    free(d->word_leads);
    free(d->leads);
    free(d->word_sets);
    free(d->lead_phrases);
    d->set_first = NULL;
    d->first_ids = d->root_child = d->word_leads = d->word_sets = NULL;
    d->lead_phrases = NULL;
    d->leads = NULL;
    d->nindexed_words = 0;
    d->indexed = 0;
}

/* Builds the lookup indexes, in time linear in the dictionary (counting sorts, no
 * comparison sort):
 *   - per word, the phrase sets that have a phrase whose first slot holds the word, with
 *     those phrases, so that dyad_dict_inflects tries only them;
 *   - per phrase set, its distinct first words (dyad_dict_set_first_words);
 *   - the root's children by word id, an array instead of a hash probe for the first
 *     step of every trie walk. */
int dyad_dict_finish(dyad_dict *d)
{
    if (d->image)
        return 0; /* saved finished */
    drop_indexes(d);
    size_t nwords = (size_t)dyad_intern_count(d->words) + 1, total = 0;
    for (size_t p = 0; p < d->nphrases; p++)
        total += d->slots[d->phrases[p].first].n;
    uint32_t *count = calloc(nwords + 1, sizeof *count);
    uint32_t *pairs = malloc((total + 1) * 2 * sizeof *pairs); /* (set, phrase) by word */
    d->word_leads = calloc(nwords + 1, sizeof *d->word_leads);
    d->leads = malloc((total + 1) * sizeof *d->leads);
    d->lead_phrases = malloc((total + 1) * sizeof *d->lead_phrases);
    d->set_first = calloc(d->nsets + 1, sizeof *d->set_first);
    d->first_ids = malloc((total + 1) * sizeof *d->first_ids);
    d->root_child = calloc(nwords, sizeof *d->root_child);
    if (!count || !pairs || !d->word_leads || !d->leads || !d->lead_phrases || !d->set_first ||
        !d->first_ids || !d->root_child) {
        free(count);
        free(pairs);
        drop_indexes(d);
        return -1;
    }
    /* bucket (set, phrase) pairs by first word, keeping set and phrase order */
    for (size_t p = 0; p < d->nphrases; p++) {
        const span32 *slot = &d->slots[d->phrases[p].first];
        for (uint32_t i = 0; i < slot->n; i++)
            count[d->ids[slot->first + i] + 1]++;
    }
    for (size_t w = 1; w <= nwords; w++)
        count[w] += count[w - 1];
    for (size_t set = 0; set < d->nsets; set++) {
        const span32 *st = &d->sets[set];
        for (uint32_t p = st->first; p < st->first + st->n; p++) {
            const span32 *slot = &d->slots[d->phrases[p].first];
            for (uint32_t i = 0; i < slot->n; i++) {
                uint32_t at = count[d->ids[slot->first + i]]++;
                pairs[2 * at] = (uint32_t)set;
                pairs[2 * at + 1] = p;
            }
        }
    }
    /* per word: one lead per set, its phrases without repeats */
    size_t nleads = 0, nphr = 0;
    for (size_t w = 0, i = 0; w < nwords; w++) {
        d->word_leads[w] = (uint32_t)nleads;
        uint32_t last = UINT32_MAX;
        for (; i < count[w]; i++) {
            uint32_t set = pairs[2 * i], phrase = pairs[2 * i + 1];
            lead *l = nleads > d->word_leads[w] ? &d->leads[nleads - 1] : NULL;
            if (!l || l->set != set) {
                l = &d->leads[nleads++];
                *l = (lead){set, (uint32_t)nphr, 0};
                d->set_first[set].n++;
            } else if (last == phrase)
                continue;
            d->lead_phrases[nphr++] = d->phrases[phrase];
            last = phrase;
            l->n++;
        }
    }
    d->word_leads[nwords] = (uint32_t)nleads;
    if (!(d->word_sets = malloc((nleads + 1) * sizeof *d->word_sets))) {
        free(count);
        free(pairs);
        drop_indexes(d);
        return -1;
    }
    for (size_t k = 0; k < nleads; k++)
        d->word_sets[k] = d->leads[k].set;
    /* per set: its first words, by word id */
    uint32_t at = 0;
    for (size_t set = 0; set < d->nsets; set++) {
        d->set_first[set].first = at;
        at += d->set_first[set].n;
        d->set_first[set].n = 0;
    }
    for (size_t w = 0; w < nwords; w++)
        for (uint32_t k = d->word_leads[w]; k < d->word_leads[w + 1]; k++) {
            span32 *sf = &d->set_first[d->leads[k].set];
            d->first_ids[sf->first + sf->n++] = (uint32_t)w;
        }
    for (size_t i = 0; i < d->edge_slots; i++)
        if (d->edge_vals[i] && d->edge_keys[i] >> 32 == 0 && (uint32_t)d->edge_keys[i] < nwords)
            d->root_child[(uint32_t)d->edge_keys[i]] = d->edge_vals[i];
    free(count);
    free(pairs);
    d->nindexed_words = nwords;
    d->indexed = 1;
    return 0;
}

const uint32_t *dyad_dict_word_sets(const dyad_dict *d, uint32_t word, size_t *n)
{
    if (!d->indexed || word >= d->nindexed_words) {
        *n = 0;
        return NULL;
    }
    *n = d->word_leads[word + 1] - d->word_leads[word];
    return d->word_sets + d->word_leads[word];
}

const uint32_t *dyad_dict_set_first_words(const dyad_dict *d, uint32_t set, size_t *n)
{
    *n = d->set_first[set].n;
    return d->first_ids + d->set_first[set].first;
}

uint32_t dyad_dict_word(const dyad_dict *d, const char *s, size_t len)
{
    return dyad_intern_find(d->words, s, len);
}

size_t dyad_dict_set_count(const dyad_dict *d)
{
    return d->nsets;
}

uint32_t dyad_dict_word_count(const dyad_dict *d)
{
    return dyad_intern_count(d->words);
}

int dyad_dict_tabari_pos(const dyad_dict *d, uint32_t word)
{
    return word < d->tabari_pos_cap ? d->tabari_pos[word] : 0;
}

int dyad_dict_petrarch(const dyad_dict *d)
{
    return d->petrarch;
}

int dyad_dict_tabari(const dyad_dict *d)
{
    return d->tabari_verbs;
}

int dyad_dict_has_stems(const dyad_dict *d)
{
    return d->nstems > 0;
}

size_t dyad_dict_set_size(const dyad_dict *d, uint32_t set)
{
    return d->sets[set].n;
}

int dyad_dict_has_gaps(const dyad_dict *d)
{
    return d->gapped;
}

int dyad_dict_is_stem(const dyad_dict *d, uint32_t word)
{
    return word < d->stems_cap ? d->stems[word] : 0;
}

uint32_t dyad_dict_classes(const dyad_dict *d, uint32_t word)
{
    return word && word < d->classes_cap ? d->classes[word] : 0;
}

uint32_t dyad_dict_child(const dyad_dict *d, uint32_t node, uint32_t word)
{
    if (node == 0 && d->indexed)
        return word < d->nindexed_words ? d->root_child[word] : 0;
    return word ? edge_find(d, ((uint64_t)node << 32) | word) : 0;
}

const dyad_node *dyad_dict_node(const dyad_dict *d, uint32_t node)
{
    return &d->nodes[node];
}

const dyad_actor *dyad_dict_actor(const dyad_dict *d, uint32_t i) { return &d->actors[i - 1]; }
const dyad_agent *dyad_dict_agent(const dyad_dict *d, uint32_t i) { return &d->agents[i - 1]; }
const dyad_verb *dyad_dict_verb(const dyad_dict *d, uint32_t i) { return &d->verbs[i - 1]; }
const dyad_block *dyad_dict_block(const dyad_dict *d, uint32_t i) { return &d->blocks[i]; }
const dyad_pattern *dyad_dict_pattern(const dyad_dict *d, uint32_t i) { return &d->patterns[i]; }
const dyad_elem *dyad_dict_elem(const dyad_dict *d, uint32_t i) { return &d->elems[i]; }
const dyad_restriction *dyad_dict_restriction(const dyad_dict *d, uint32_t i)
{
    return &d->restrictions[i];
}
const char *dyad_dict_word_text(const dyad_dict *d, uint32_t word)
{
    return dyad_intern_str(d->words, word);
}

const char *dyad_actor_code_on(const dyad_dict *d, const dyad_actor *a, uint32_t date)
{
    /* no restrictions at all: the array may be NULL, and NULL + 0 is undefined */
    const dyad_restriction *r = a->nrestrictions ? d->restrictions + a->first_restriction : NULL;
    if (date) {
        for (uint32_t i = 0; i < a->nrestrictions; i++)
            if (r[i].from <= date && date <= r[i].to)
                return r[i].code;
        return a->code;
    }
    if (a->code || a->nrestrictions == 0)
        return a->code;
    for (uint32_t i = 0; i < a->nrestrictions; i++)
        if (r[i].to == 99999999)
            return r[i].code;
    return r[a->nrestrictions - 1].code;
}

void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *s)
{
    *s = (dyad_dict_stats){d->nactors, d->actor_phrases, d->nagents, d->agent_phrases,
                           d->nverbs, d->verb_forms, d->nblocks, d->npatterns, d->ndiscards,
                           dyad_intern_count(d->words), d->nnodes};
}

size_t dyad_dict_nwarnings(const dyad_dict *d) { return d->nwarnings; }
const char *dyad_dict_warning(const dyad_dict *d, size_t i) { return d->warnings[i]; }
