/* discourse — see discourse.h.
 *
 * The memory is a short list of recent actors, newest last.  Each reference type looks
 * back for the newest entity of its kind, at most LOOKBACK sentences away: a pronoun whose
 * antecedent is further back is more often wrong than right in wire copy, where paragraphs
 * change subject quickly. */
#include "discourse.h"
#include "intern.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define LOOKBACK 3
#define MAX_ENTITIES 256

enum ref_kind { REF_NONE, REF_PERSON, REF_THING, REF_PLURAL, REF_FIRST, REF_PAIR,
                REF_ORGANISATION, REF_KINGDOM, REF_REFLEXIVE, NREF };

struct dyad_corefs {
    dyad_intern *words[NREF]; /* per kind, the words of its section */
};

static const char *const section_names[NREF] = {
    NULL,     "[person]",       "[thing]",   "[plural]",   "[first]",
    "[pair]", "[organisation]", "[kingdom]", "[reflexive]"};

dyad_corefs *dyad_corefs_new(const char *text, size_t len)
{
    dyad_corefs *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    for (int k = 1; k < NREF; k++)
        if (!(c->words[k] = dyad_intern_new())) {
            dyad_corefs_free(c);
            return NULL;
        }
    int section = REF_NONE;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p, *e = eol;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (e > s && *s == '[') {
            section = REF_NONE;
            for (int k = 1; k < NREF; k++)
                if ((size_t)(e - s) == strlen(section_names[k]) &&
                    memcmp(s, section_names[k], (size_t)(e - s)) == 0)
                    section = k;
        } else if (e > s && *s != '#' && section != REF_NONE)
            dyad_intern_add(c->words[section], s, (size_t)(e - s));
        p = eol + 1;
    }
    return c;
}

void dyad_corefs_free(dyad_corefs *c)
{
    if (!c)
        return;
    for (int k = 1; k < NREF; k++)
        dyad_intern_free(c->words[k]);
    free(c);
}

void dyad_memory_reset(dyad_memory *m)
{
    m->nentities = 0;
    m->sentence = 0;
    m->next_group = 0;
    m->quote_speaker = -1;
}

void dyad_memory_free(dyad_memory *m)
{
    free(m->entities);
    memset(m, 0, sizeof *m);
}

static int in_list(const dyad_corefs *cr, int kind, const char *s, size_t n)
{
    return dyad_intern_find(cr->words[kind], s, n) != 0;
}

static int tok_in(const dyad_corefs *cr, int kind, const char *text, const dyad_token *t)
{
    return in_list(cr, kind, text + t->start, t->len);
}

/* Is the token the lower-case word w, in any case?  (b | 0x20) is a letter's lower case
 * and turns no other byte into a letter: no call to strncasecmp for a three-letter word. */
static int tok_is(const char *text, const dyad_token *t, const char *w)
{
    if (t->len != strlen(w))
        return 0;
    for (uint32_t k = 0; k < t->len; k++)
        if (((unsigned char)text[t->start + k] | 0x20) != (unsigned char)w[k])
            return 0;
    return 1;
}

static int has_country(const char *code)
{
    char cc[4];
    dyad_code_country(code, cc);
    return cc[0] != '\0';
}

static int recent(const dyad_memory *m, const dyad_entity *e)
{
    return m->sentence - e->sentence <= LOOKBACK;
}

/* The newest entity of a kind, or -1.  A person or thing that was a subject wins over a
 * newer one that was not ("Sisi met King Abdullah. He urged..." is Sisi). */
static int newest_of(const dyad_memory *m, int kind, const dyad_corefs *cr, const char *sector,
                     int subjects_only);

static int newest(const dyad_memory *m, int kind, const dyad_corefs *cr, const char *sector)
{
    if (kind == REF_PERSON || kind == REF_THING) {
        int s = newest_of(m, kind, cr, sector, 1);
        if (s >= 0)
            return s;
    }
    return newest_of(m, kind, cr, sector, 0);
}

static int newest_of(const dyad_memory *m, int kind, const dyad_corefs *cr, const char *sector,
                     int subjects_only)
{
    for (size_t i = m->nentities; i-- > 0;) {
        if (subjects_only && !m->entities[i].subject)
            continue;
        const dyad_entity *e = &m->entities[i];
        if (!recent(m, e))
            return -1;
        switch (kind) {
        case REF_PERSON:
            if (e->person)
                return (int)i;
            break;
        case REF_THING:
        case REF_PLURAL:
            if (!e->person)
                return (int)i;
            break;
        case REF_FIRST:
            if (e->speaker)
                return (int)i;
            break;
        case REF_ORGANISATION:
            if (!has_country(e->code) && strlen(e->code) > 3)
                return (int)i;
            break;
        case REF_KINGDOM:
            if (has_country(e->code) && in_list(cr, REF_KINGDOM, e->code, 3))
                return (int)i;
            break;
        default: /* a sector: "the ministry" is the newest government actor */
            if (sector && has_country(e->code) && strlen(e->code) > 3 &&
                strcmp(e->code + 3, sector) == 0)
                return (int)i;
        }
    }
    return -1;
}

/* The two newest distinct country actors, for "the two neighbours". */
static int newest_pair(const dyad_memory *m, int *a, int *b)
{
    *a = *b = -1;
    for (size_t i = m->nentities; i-- > 0;) {
        const dyad_entity *e = &m->entities[i];
        if (!recent(m, e) || e->person || !has_country(e->code))
            continue;
        if (*a < 0)
            *a = (int)i;
        else if (strncmp(m->entities[*a].code, e->code, 3) != 0) {
            *b = (int)i;
            return 1;
        }
    }
    return 0;
}

/* Codes every member of an entity's group into the parse as mentions over [first, last]. */
static int add_group(const dyad_memory *m, int ent, dyad_parse *p, dyad_mention *pron)
{
    uint32_t group = m->entities[ent].group;
    int added = 0;
    for (size_t i = 0; i < m->nentities; i++) {
        const dyad_entity *e = &m->entities[i];
        if (e->group != group || !recent(m, e))
            continue;
        if (!added++) {
            pron->code = e->code;
            continue;
        }
        uint32_t first = pron->first, last = pron->last, g = pron->group;
        if (dyad_parse_add_mention(p, first, last, e->code, g) < 0)
            return -1;
        pron = NULL; /* the array may have moved */
        pron = &p->mentions[p->mention_at[first]];
    }
    return 0;
}

/* "Russia said it would": the nearest coded mention before a reporting verb, same sentence. */
static const char *frame_speaker(const dyad_parse *p, const dyad_tokinfo *info, uint32_t at)
{
    for (uint32_t k = at; k-- > 1;) {
        if (!(info[k].classes & DYAD_WC_REPORTING))
            continue;
        int m = p->mention_at[k - 1];
        if (m < 0 && (info[k - 1].classes & DYAD_WC_CONJUNCTION)) {
            /* "China criticized the sanctions and said it": the sentence's first actor */
            for (uint32_t j = 0; j < k && m < 0; j++)
                m = p->mention_at[j];
        }
        return m >= 0 ? p->mentions[m].code : NULL;
    }
    return NULL;
}

static int has_frame(const dyad_tokinfo *info, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (info[k].classes & DYAD_WC_REPORTING)
            return 1;
    return 0;
}

/* "Ethiopia indicated it would act": an earlier subject of the same sentence (a coded
 * mention not after a preposition) of the pronoun's kind is its antecedent before anything
 * older.  -1 when there is none. */
static int sentence_antecedent(const dyad_parse *p, size_t mi, int kind)
{
    for (size_t k = 0; k < p->nmentions; k++) {
        const dyad_mention *a = &p->mentions[k];
        if (a->first >= p->mentions[mi].first || !a->code || a->pronoun || a->after_prep)
            continue;
        if ((kind == REF_PERSON && !a->person) || (kind == REF_THING && a->person))
            continue;
        return (int)k;
    }
    return -1;
}

/* "Iraq had attacked themselves", "Putin himself said": a -self pronoun names the subject
 * of its own clause, the nearest actor before it that no preposition introduces, whatever
 * the pronoun's kind (the first subject of the sentence, "The US said that ...", would be
 * wrong); -1 when the sentence has none. */
static int reflexive_antecedent(const dyad_parse *p, size_t mi)
{
    for (size_t k = mi; k-- > 0;) {
        const dyad_mention *a = &p->mentions[k];
        if (a->code && !a->after_prep && a->first < p->mentions[mi].first)
            return (int)k;
    }
    return -1;
}

static int resolve_pronoun(const dyad_corefs *cr, const dyad_memory *m, const char *text,
                           const dyad_token *tok, const dyad_tokinfo *info, size_t n,
                           dyad_parse *p, size_t mi)
{
    dyad_mention *mm = &p->mentions[mi];
    const dyad_token *t = &tok[mm->first];
    if (tok_in(cr, REF_REFLEXIVE, text, t)) {
        mm->reflexive = 1;
        int a = reflexive_antecedent(p, mi);
        if (a >= 0)
            mm->code = p->mentions[a].code;
        return 0;
    }
    int kind = tok_in(cr, REF_PERSON, text, t)   ? REF_PERSON
               : tok_in(cr, REF_THING, text, t)  ? REF_THING
               : tok_in(cr, REF_PLURAL, text, t) ? REF_PLURAL
               : tok_in(cr, REF_FIRST, text, t)  ? REF_FIRST
                                                 : REF_NONE;
    if (kind == REF_NONE)
        return 0;
    if (kind == REF_FIRST) {
        /* "we" in a quotation whose speaker the sentence does not name: the last speaker */
        if ((t->flags & DYAD_TF_INQUOTE) && m->quote_speaker >= 0 && !has_frame(info, n)) {
            mm->code = m->entities[m->quote_speaker].code;
            mm->named_in = m->entities[m->quote_speaker].sentence + 1;
        }
        return 0;
    }
    /* "Israel rejected it": after a verb, "it" is mostly a thing (the proposal), not an
     * actor; subjects and possessives are actors */
    if (kind == REF_THING && mm->first > 0 && info[mm->first - 1].verb)
        return 0;
    const char *framed = frame_speaker(p, info, mm->first);
    if (framed) {
        mm->code = framed;
        return 0;
    }
    int local = sentence_antecedent(p, mi, kind);
    if (local >= 0) {
        mm->code = p->mentions[local].code;
        if (kind == REF_PLURAL)
            mm->group = p->mentions[local].group;
        return 0;
    }
    int e = newest(m, kind, cr, NULL);
    if (e < 0)
        return 0;
    mm->named_in = m->entities[e].sentence + 1;
    if (kind == REF_PLURAL)
        return add_group(m, e, p, mm);
    mm->code = m->entities[e].code;
    return 0;
}

/* "its troops", "their leaders": the possessive's referent gives the country. */
static void resolve_possessor(const dyad_corefs *cr, const dyad_memory *m, const char *text,
                              const dyad_token *tok, dyad_mention *mm, dyad_arena *arena)
{
    const dyad_token *t = mm->first > 0 ? &tok[mm->first - 1] : NULL;
    if (!t || !(tok_in(cr, REF_THING, text, t) || tok_in(cr, REF_PLURAL, text, t) ||
                tok_in(cr, REF_PERSON, text, t)))
        return;
    int kind = tok_in(cr, REF_PERSON, text, t) ? REF_PERSON : REF_THING;
    int e = newest(m, kind, cr, NULL);
    if (e < 0 || !has_country(m->entities[e].code))
        return;
    size_t k = strlen(mm->code);
    char *code = dyad_arena_alloc(arena, 3 + k + 1);
    if (!code)
        return;
    memcpy(code, m->entities[e].code, 3);
    memcpy(code + 3, mm->code, k + 1);
    mm->code = code;
}

/* A new mention over tokens [first, last] for a description, resolved to entity e (and its
 * partner f for pairs). */
static int describe(dyad_parse *p, uint32_t first, uint32_t last, const dyad_memory *m, int e,
                    int f)
{
    uint32_t group = (uint32_t)p->nmentions;
    int a = dyad_parse_add_mention(p, first, last, m->entities[e].code, group);
    if (a < 0 || (f >= 0 && dyad_parse_add_mention(p, first, last, m->entities[f].code, group) < 0))
        return -1;
    for (uint32_t k = first; k <= last; k++)
        p->mention_at[k] = a;
    return 0;
}

/* "the two neighbours", "both sides", "the kingdom", "the alliance". */
static int resolve_descriptions(const dyad_corefs *cr, const dyad_memory *m, const char *text,
                                const dyad_token *tok, size_t n, dyad_parse *p)
{
    for (uint32_t i = 0; i + 1 < n; i++) {
        if (p->mention_at[i] >= 0 || p->mention_at[i + 1] >= 0)
            continue;
        int the = tok_is(text, &tok[i], "the");
        int pair_at = the && i + 2 < n && tok_is(text, &tok[i + 1], "two") ? 2
                      : tok_is(text, &tok[i], "both")                       ? 1
                                                                            : 0;
        if (pair_at && i + (uint32_t)pair_at < n && p->mention_at[i + pair_at] < 0 &&
            tok_in(cr, REF_PAIR, text, &tok[i + pair_at])) {
            int a, b;
            if (newest_pair(m, &a, &b) && describe(p, i, i + (uint32_t)pair_at, m, a, b) != 0)
                return -1;
            continue;
        }
        if (!the)
            continue;
        int e = tok_is(text, &tok[i + 1], "kingdom") ? newest(m, REF_KINGDOM, cr, NULL)
                : tok_in(cr, REF_ORGANISATION, text, &tok[i + 1])
                    ? newest(m, REF_ORGANISATION, cr, NULL)
                    : -1;
        if (e >= 0 && describe(p, i, i + 1, m, e, -1) != 0)
            return -1;
    }
    return 0;
}

int dyad_resolve(const dyad_corefs *cr, const dyad_memory *m, const char *text,
                 const dyad_token *tok, const dyad_tokinfo *info, size_t n, dyad_arena *arena,
                 dyad_parse *p)
{
    size_t original = p->nmentions;
    for (size_t i = 0; i < original; i++) {
        dyad_mention *mm = &p->mentions[i];
        if (mm->pronoun) {
            if (resolve_pronoun(cr, m, text, tok, info, n, p, i) != 0)
                return -1;
            continue;
        }
        if (mm->code && !has_country(mm->code) && strlen(mm->code) <= 6) {
            /* a bare sector: "its troops", "the ministry" */
            resolve_possessor(cr, m, text, tok, mm, arena);
            if (!has_country(mm->code) && mm->first > 0 && tok_is(text, &tok[mm->first - 1], "the")) {
                int e = newest(m, -1, cr, mm->code);
                if (e >= 0)
                    mm->code = m->entities[e].code;
            }
            continue;
        }
        if (!mm->code && mm->names_only && mm->surname) {
            const dyad_token *s = &tok[mm->surname - 1];
            for (size_t k = m->nentities; k-- > 0;) {
                const dyad_entity *e = &m->entities[k];
                if (e->surname && strlen(e->surname) == s->len &&
                    strncasecmp(e->surname, text + s->start, s->len) == 0) {
                    mm->code = e->code; /* "Fidan" after "Foreign Minister Hakan Fidan" */
                    mm->person = 1;
                    mm->named_in = e->sentence + 1;
                    break;
                }
            }
        }
    }
    return resolve_descriptions(cr, m, text, tok, n, p);
}

static int push_entity(dyad_memory *m, const dyad_entity *e)
{
    if (m->nentities == MAX_ENTITIES) { /* forget the oldest half */
        memmove(m->entities, m->entities + MAX_ENTITIES / 2,
                (MAX_ENTITIES / 2) * sizeof *m->entities);
        m->nentities = MAX_ENTITIES / 2;
        m->quote_speaker = -1;
    }
    if (dyad_grow((void **)&m->entities, &m->cap, m->nentities + 1, sizeof *m->entities))
        return -1;
    m->entities[m->nentities++] = *e;
    return 0;
}

int dyad_remember(dyad_memory *m, const char *text, const dyad_token *tok, const dyad_parse *p,
                  dyad_arena *arena)
{
    uint32_t base = m->next_group;
    uint32_t top = base;
    for (size_t i = 0; i < p->nmentions; i++) {
        const dyad_mention *mm = &p->mentions[i];
        if (!mm->code || dyad_code_sector_only(mm->code))
            continue; /* "the police", "tanks": nobody a pronoun can name */
        int subject = 0;
        for (size_t g = 0; g < p->ngroups; g++)
            subject |= p->groups[g].subject == (int)i;
        dyad_entity e = {mm->code, NULL, m->sentence, base + mm->group, mm->person,
                         (int)i == p->speaker, (uint8_t)subject};
        if (mm->surname) {
            const dyad_token *s = &tok[mm->surname - 1];
            e.surname = dyad_arena_strndup(arena, text + s->start, s->len);
        }
        if (base + mm->group >= top)
            top = base + mm->group + 1;
        if (push_entity(m, &e) != 0)
            return -1;
        if (e.speaker)
            m->quote_speaker = (int)m->nentities - 1;
    }
    m->next_group = top;
    m->sentence++;
    return 0;
}
