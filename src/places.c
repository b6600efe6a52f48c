/* places — see places.h.  Names and aliases are interned (case- and accent-folded) to the
 * index of their place; a sentence is scanned for a locative preposition, then the longest
 * known name of up to MAX_WORDS words that follows it, skipping "the" and one compass
 * adjective ("in southern Lebanon" finds "southern Lebanon" if listed, else "Lebanon"). */
#include "places.h"
#include "intern.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WORDS 5

struct dyad_gazetteer {
    dyad_intern *names;   /* name or alias -> id; place index = by_id[id] */
    uint32_t *by_id;
    size_t by_id_cap;
    dyad_place *places;
    size_t nplaces, cap;
    char *strings;        /* one copy of the file: names point into it */
};

static int fail(char *err, size_t errlen, const char *name, long line, const char *why)
{
    snprintf(err, errlen, "%s:%ld: %s", name, line, why);
    return -1;
}

static int add_name(dyad_gazetteer *g, const char *s, size_t n, uint32_t place)
{
    uint32_t id = dyad_intern_add(g->names, s, n);
    if (!id)
        return -1;
    if (id >= g->by_id_cap) {
        size_t cap = g->by_id_cap ? g->by_id_cap * 2 : 1024;
        while (cap <= id)
            cap *= 2;
        uint32_t *p = realloc(g->by_id, cap * sizeof *p);
        if (!p)
            return -1;
        memset(p + g->by_id_cap, 0xff, (cap - g->by_id_cap) * sizeof *p);
        g->by_id = p;
        g->by_id_cap = cap;
    }
    if (g->by_id[id] != UINT32_MAX)
        return g->by_id[id] == place ? 0 : 1; /* "Yaoundé|Yaounde" fold to one name */
    g->by_id[id] = place;
    return 0;
}

/* Splits a line in place into tab-separated fields. */
static int fields(char *line, char **f, int max)
{
    int n = 0;
    for (char *p = line; n < max;) {
        f[n++] = p;
        char *tab = strchr(p, '\t');
        if (!tab)
            break;
        *tab = '\0';
        p = tab + 1;
    }
    return n;
}

static int parse_line(dyad_gazetteer *g, char *line, const char *name, long lineno, char *err,
                      size_t errlen)
{
    char *f[7];
    int n = fields(line, f, 7);
    if (n < 5 || n > 6)
        return fail(err, errlen, name, lineno, "expected NAME COUNTRY LAT LON KIND [ALIASES]");
    char *end;
    double lat = strtod(f[2], &end);
    if (end == f[2] || *end || lat < -90 || lat > 90)
        return fail(err, errlen, name, lineno, "bad latitude");
    double lon = strtod(f[3], &end);
    if (end == f[3] || *end || lon < -180 || lon > 180)
        return fail(err, errlen, name, lineno, "bad longitude");
    if (strlen(f[1]) != 3)
        return fail(err, errlen, name, lineno, "country must be three letters or ---");
    if (g->nplaces == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 512;
        dyad_place *p = realloc(g->places, cap * sizeof *p);
        if (!p)
            return fail(err, errlen, name, lineno, "out of memory");
        g->places = p;
        g->cap = cap;
    }
    dyad_place *pl = &g->places[g->nplaces];
    pl->name = f[0];
    memcpy(pl->country, f[1], 4);
    pl->lat = lat;
    pl->lon = lon;
    pl->kind = f[4];
    uint32_t index = (uint32_t)g->nplaces++;
    int rc = add_name(g, f[0], strlen(f[0]), index);
    for (char *a = n == 6 ? f[5] : NULL; a && *a && rc == 0;) {
        char *bar = strchr(a, '|');
        size_t k = bar ? (size_t)(bar - a) : strlen(a);
        if (k)
            rc = add_name(g, a, k, index);
        a = bar ? bar + 1 : NULL;
    }
    if (rc < 0)
        return fail(err, errlen, name, lineno, "out of memory");
    if (rc > 0)
        return fail(err, errlen, name, lineno, "name or alias already used by another place");
    return 0;
}

dyad_gazetteer *dyad_gazetteer_new(const char *text, size_t len, const char *name, char *err,
                                   size_t errlen)
{
    dyad_gazetteer *g = calloc(1, sizeof *g);
    if (!g || !(g->names = dyad_intern_new()) || !(g->strings = malloc(len + 1))) {
        snprintf(err, errlen, "%s: out of memory", name);
        dyad_gazetteer_free(g);
        return NULL;
    }
    memcpy(g->strings, text, len);
    g->strings[len] = '\0';
    long lineno = 0;
    for (char *p = g->strings; p && *p;) {
        char *eol = strchr(p, '\n');
        if (eol)
            *eol = '\0';
        lineno++;
        size_t k = strlen(p);
        if (k && p[k - 1] == '\r')
            p[--k] = '\0';
        if (k && *p != '#' && parse_line(g, p, name, lineno, err, errlen) != 0) {
            dyad_gazetteer_free(g);
            return NULL;
        }
        p = eol ? eol + 1 : NULL;
    }
    return g;
}

void dyad_gazetteer_free(dyad_gazetteer *g)
{
    if (!g)
        return;
    dyad_intern_free(g->names);
    free(g->by_id);
    free(g->places);
    free(g->strings);
    free(g);
}

size_t dyad_gazetteer_count(const dyad_gazetteer *g)
{
    return g->nplaces;
}

const dyad_place *dyad_gazetteer_find(const dyad_gazetteer *g, const char *s, size_t len)
{
    uint32_t id = dyad_intern_find(g->names, s, len);
    return id && id < g->by_id_cap && g->by_id[id] != UINT32_MAX ? &g->places[g->by_id[id]]
                                                                  : NULL;
}

/* Is the token one of the words of list[0..n) (lower case, zero-padded to 16 bytes)?  The
 * token is folded once and each entry compared as 16 bytes, so a sentence pays no strlen
 * or case-blind compare per token and entry. */
static int word_in(const char *text, const dyad_token *t, const char (*list)[16], size_t n)
{
    unsigned char f[16] = {0};
    if (t->kind != DYAD_TOK_WORD || t->len >= sizeof f)
        return 0;
    /* | 0x20 lowers A-Z and maps no other byte onto a letter, which is all the lists hold */
    for (uint32_t k = 0; k < t->len; k++)
        f[k] = (unsigned char)text[t->start + k] | 0x20;
    for (size_t i = 0; i < n; i++)
        if (memcmp(f, list[i], sizeof f) == 0)
            return 1;
    return 0;
}

static int locative(const char *text, const dyad_token *t)
{
    static const char preps[][16] = {"in",     "at",     "near", "outside", "inside",
                                     "across", "around", "into", "over"};
    unsigned c = (unsigned char)text[t->start] | 0x20u;
    if (t->len > 7 || !(c == 'i' || c == 'a' || c == 'n' || c == 'o' || c == 'c'))
        return 0;
    return word_in(text, t, preps, sizeof preps / sizeof *preps);
}

int dyad_is_compass_word(const char *text, const dyad_token *t)
{
    static const char words[][16] = {"northern",     "southern",     "eastern",
                                     "western",      "central",      "northeastern",
                                     "northwestern", "southeastern", "southwestern",
                                     "north",        "south",        "east",
                                     "west"};
    return word_in(text, t, words, sizeof words / sizeof *words);
}

static int is_the(const char *text, const dyad_token *t)
{
    static const char the[][16] = {"the"};
    return word_in(text, t, the, 1);
}

/* The longest place name starting at token i; its length in tokens (0: none). */
static size_t longest_at(const dyad_gazetteer *g, const char *text, const dyad_token *tok,
                         size_t n, size_t i, const dyad_place **found)
{
    char buf[256];
    size_t best = 0, len = 0;
    for (size_t k = i; k < n && k - i < MAX_WORDS; k++) {
        const dyad_token *t = &tok[k];
        if (t->kind == DYAD_TOK_PUNCT && !(t->len == 1 && text[t->start] == '-'))
            break;
        if (len + t->len + 1 >= sizeof buf)
            break;
        if (len && !(k > i && tok[k - 1].start + tok[k - 1].len == t->start))
            buf[len++] = ' ';
        memcpy(buf + len, text + t->start, t->len);
        len += t->len;
        const dyad_place *p = dyad_gazetteer_find(g, buf, len);
        if (p) {
            *found = p;
            best = k - i + 1;
        }
    }
    return best;
}

size_t dyad_find_places(const dyad_gazetteer *g, const char *text, const dyad_token *tok,
                        size_t n, dyad_place_ref *out, size_t max)
{
    size_t found = 0;
    for (size_t i = 0; i + 1 < n && found < max; i++) {
        if (!locative(text, &tok[i]))
            continue;
        size_t k = i + 1;
        if (is_the(text, &tok[k]) && k + 1 < n)
            k++;
        /* a place is a name, or a compass word before one ("in the region" is none) */
        int is_compass = !(tok[k].flags & DYAD_TF_CAPITAL) && dyad_is_compass_word(text, &tok[k]);
        if (!(tok[k].flags & DYAD_TF_CAPITAL) && !is_compass)
            continue;
        const dyad_place *p = NULL;
        size_t len = longest_at(g, text, tok, n, k, &p);
        if (!len && (is_compass || dyad_is_compass_word(text, &tok[k])) && k + 1 < n)
            len = longest_at(g, text, tok, n, k + 1, &p);
        if (!len)
            continue;
        out[found].token = (uint32_t)k;
        out[found].place = p;
        found++;
        i = k + len - 1;
    }
    return found;
}
