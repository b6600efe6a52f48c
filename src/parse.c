/* parse — see parse.h.
 *
 * The parser is a few linear passes over the tokens, each answering one question with
 * local evidence: which tokens form actor noun phrases, which dictionary verbs are really
 * verbs here (not nouns: "the attack", "Israeli strikes"), where each clause ends, and
 * who the subject and object of each verb are.  Nothing backtracks, so a sentence of any
 * length is parsed in time linear in its tokens (peers reject long sentences as too complex;
 * we code every clause). */
#include "parse.h"
#include "places.h"
#include <stdlib.h>
#include <ctype.h>
#include <string.h>

typedef struct ctx {
    const dyad_dict *d;
    const char *text;
    const dyad_token *tok;
    const dyad_tokinfo *info;
    size_t n;
    uint32_t date;
    dyad_arena *arena;
    dyad_parse *p;
} ctx;

/* ---- helpers ---------------------------------------------------------------------------- */

static int has(const ctx *c, size_t i, uint32_t classes)
{
    return i < c->n && (c->info[i].classes & classes) != 0;
}

/* Is token i the word s (any case)?  A macro passes the literal's length, so the hot
 * path never calls strlen. */
static int tok_is_n(const ctx *c, size_t i, const char *s, size_t k)
{
    return i < c->n && c->tok[i].len == k && strncasecmp(c->text + c->tok[i].start, s, k) == 0;
}
#define tok_is(c, i, lit) tok_is_n((c), (i), "" lit, sizeof(lit) - 1)

static int is_punct(const ctx *c, size_t i, char ch)
{
    return i < c->n && c->tok[i].kind == DYAD_TOK_PUNCT && c->tok[i].len == 1 &&
           c->text[c->tok[i].start] == ch;
}

static inline int is_possessive(const ctx *c, size_t i)
{
    if (i >= c->n || c->text[c->tok[i].start] != '\'')
        return 0; /* most tokens: one load */
    return tok_is(c, i, "'s") || tok_is(c, i, "'");
}

/* A capitalised word the dictionaries know nothing about: part of a name. */
static int is_name_word(const ctx *c, size_t i)
{
    const dyad_tokinfo *m = &c->info[i];
    if (c->tok[i].kind != DYAD_TOK_WORD || !(c->tok[i].flags & DYAD_TF_CAPITAL))
        return 0;
    if (m->classes || m->verb || is_possessive(c, i))
        return 0;
    if ((c->tok[i].flags & DYAD_TF_SENTSTART) && is_punct(c, i + 1, ','))
        return 0; /* "Meanwhile," */
    return 1;
}

/* A name word no dictionary knows as an actor or agent either. */
static int unknown_name(const ctx *c, size_t i)
{
    return is_name_word(c, i) && !c->info[i].actor && !c->info[i].agent;
}

/* Adjectives and the like inside a noun phrase: lower-case words with no grammar role. */
static int is_np_filler(const ctx *c, size_t i)
{
    const dyad_tokinfo *m = &c->info[i];
    if (c->tok[i].kind == DYAD_TOK_NUMBER)
        return 1;
    if (is_possessive(c, i) || (m->classes & DYAD_WC_DETERMINER))
        return 1;
    if (is_punct(c, i, '-'))
        return 1;
    return c->tok[i].kind == DYAD_TOK_WORD && !m->classes && !m->verb;
}

/* Demonym-like actor words ("Israeli", "Turkish", "Chinese") modify a following noun. */
static int is_adjectival(const ctx *c, size_t i)
{
    const dyad_token *t = &c->tok[i];
    const char *w = c->text + t->start;
    size_t n = t->len;
    static const char *const endings[] = {"ian", "ese", "ish", "i", "ic", "an", "ch"};
    if (!c->info[i].actor)
        return 0;
    for (size_t k = 0; k < sizeof endings / sizeof endings[0]; k++) {
        size_t e = strlen(endings[k]);
        if (n > e + 2 && strncasecmp(w + n - e, endings[k], e) == 0)
            return 1;
    }
    return 0;
}

/* ---- actor codes ------------------------------------------------------------------------ */

/* The code table's sector and organisation prefixes, as a bit per third letter under the
 * first two: a code's kind is two loads (this runs several times per mention). */
#define I2(a, b) (((a) - 'A') * 26 + ((b) - 'A'))
#define B(c) (1u << ((c) - 'A'))
static const uint32_t international[26 * 26] = {
    [I2('I', 'G')] = B('O'), [I2('I', 'M')] = B('G'), [I2('I', 'N')] = B('T'),
    [I2('M', 'N')] = B('C'), [I2('N', 'G')] = B('M') | B('O'), [I2('U', 'I')] = B('S')};
static const uint32_t roles[26 * 26] = {
    [I2('A', 'G')] = B('R'), [I2('A', 'M')] = B('N'), [I2('A', 'T')] = B('H'),
    [I2('B', 'U')] = B('D') | B('S'), [I2('C', 'H')] = B('R'), [I2('C', 'O')] = B('P'),
    [I2('C', 'R')] = B('M'), [I2('C', 'T')] = B('H'), [I2('C', 'V')] = B('L'),
    [I2('D', 'E')] = B('V'), [I2('E', 'D')] = B('U'), [I2('E', 'L')] = B('I'),
    [I2('E', 'N')] = B('V'), [I2('E', 'T')] = B('H'), [I2('G', 'O')] = B('V'),
    [I2('H', 'I')] = B('N'), [I2('H', 'L')] = B('H'), [I2('H', 'R')] = B('I'),
    [I2('I', 'G')] = B('O'), [I2('I', 'M')] = B('G'), [I2('I', 'N')] = B('S'),
    [I2('I', 'R')] = B('C'), [I2('J', 'E')] = B('W'), [I2('J', 'U')] = B('D'),
    [I2('L', 'A')] = B('B'), [I2('L', 'E')] = B('G'), [I2('M', 'E')] = B('D'),
    [I2('M', 'I')] = B('G') | B('L'), [I2('M', 'N')] = B('C'),
    [I2('M', 'O')] = B('D') | B('S'), [I2('N', 'G')] = B('O'), [I2('O', 'P')] = B('P'),
    [I2('P', 'T')] = B('Y'), [I2('R', 'A')] = B('D'),
    [I2('R', 'E')] = B('B') | B('F') | B('L'), [I2('S', 'E')] = B('P'),
    [I2('S', 'H')] = B('I'), [I2('S', 'P')] = B('Y'), [I2('S', 'U')] = B('N'),
    [I2('U', 'A')] = B('F')};
#undef I2
#undef B

static int in_list(const char *code, const uint32_t *table)
{
    unsigned a = (unsigned)(unsigned char)code[0] - 'A', b = (unsigned)(unsigned char)code[1] - 'A',
             c = (unsigned)(unsigned char)code[2] - 'A';
    return a < 26 && b < 26 && c < 26 && (table[a * 26 + b] >> c & 1);
}

int dyad_code_sector_only(const char *code)
{
    return code && in_list(code, roles) &&
           !in_list(code, international);
}

void dyad_code_country(const char *code, char country[4])
{
    country[0] = '\0';
    if (!code || !code[0] || !code[1] || !code[2])
        return;
    unsigned a = (unsigned)(unsigned char)code[0] - 'A', b = (unsigned)(unsigned char)code[1] - 'A',
             c = (unsigned)(unsigned char)code[2] - 'A';
    if (a < 26 && b < 26 && c < 26 && ((international[a * 26 + b] | roles[a * 26 + b]) >> c & 1))
        return; /* one look-up in both tables: this runs for every mention, often */
    memcpy(country, code, 3);
    country[3] = '\0';
}

/* a + b in the story's arena; a when out of memory. */
static const char *joined(ctx *c, const char *a, const char *b)
{
    size_t k = strlen(a), n = strlen(b);
    char *s = dyad_arena_alloc(c->arena, k + n + 1);
    if (!s)
        return a;
    memcpy(s, a, k);
    memcpy(s + k, b, n + 1);
    return s;
}

/* Combines the actor and agent codes found in a mention.  A full code from a person or a
 * capital ("TURGOV") wins; else a country plus the head agent's sector ("TUR"+"GOV").  A
 * PETRARCH prefix agent ("[NGO~]") goes before the actor's code: NGOARN. */
static const char *mention_code(ctx *c, uint32_t first, uint32_t last)
{
    const char *full = NULL, *country = NULL, *agent = NULL, *prefix = NULL;
    for (uint32_t i = first; i <= last; i++) {
        const dyad_tokinfo *m = &c->info[i];
        if (m->actor && m->actor_len >= m->agent_len) {
            const char *code = dyad_actor_code_on(c->d, dyad_dict_actor(c->d, m->actor), c->date);
            if (code && strlen(code) > 3)
                full = code;
            else if (code && !country)
                country = code;
            i += m->actor_len - 1;
        } else if (m->agent) {
            const dyad_agent *a = dyad_dict_agent(c->d, m->agent);
            *(a->prefix ? &prefix : &agent) = a->code;
            i += m->agent_len - 1;
        }
    }
    const char *code = full;
    if (!code && country && agent) {
        char cc[4];
        dyad_code_country(country, cc);
        code = cc[0] ? joined(c, country, agent) : country;
    }
    if (!code)
        code = country ? country : agent;
    if (prefix && code && strncmp(code, prefix, strlen(prefix)) != 0)
        return joined(c, prefix, code); /* not twice: "activists Amnesty International" */
    return code ? code : prefix;
}

/* ---- mentions --------------------------------------------------------------------------- */

/* "on his first official visit": an agent word between a possessive pronoun (and an
 * adjective) and a plain lower-case word modifies that word; it names nobody. */
static int modifies_noun(const ctx *c, size_t i)
{
    const dyad_tokinfo *m = &c->info[i];
    if (m->agent_len != 1 || m->actor || i + 1 >= c->n || c->tok[i + 1].kind != DYAD_TOK_WORD ||
        (c->tok[i + 1].flags & DYAD_TF_CAPITAL) || c->info[i + 1].classes ||
        c->info[i + 1].verb || c->info[i + 1].agent || c->info[i + 1].actor)
        return 0;
    /* a plural is a noun ("its troops facing X"); so is one before a participle */
    const char *w = c->text + c->tok[i].start, *next = c->text + c->tok[i + 1].start;
    size_t n = c->tok[i].len, k = c->tok[i + 1].len;
    if (tolower((unsigned char)w[n - 1]) == 's' ||
        (k > 4 && (strncasecmp(next + k - 3, "ing", 3) == 0 ||
                   strncasecmp(next + k - 2, "ed", 2) == 0)))
        return 0;
    size_t d = i;
    if (d > 0 && is_np_filler(c, d - 1) && !has(c, d - 1, DYAD_WC_DETERMINER))
        d--;
    return d > 0 && has(c, d - 1, DYAD_WC_DETERMINER) &&
           (tok_is(c, d - 1, "his") || tok_is(c, d - 1, "her") || tok_is(c, d - 1, "its") ||
            tok_is(c, d - 1, "their") || tok_is(c, d - 1, "our"));
}

static int anchor_len(const ctx *c, size_t i)
{
    const dyad_tokinfo *m = &c->info[i];
    if (m->actor && m->actor_len >= m->agent_len)
        return m->actor_len;
    if (m->agent) {
        if (modifies_noun(c, i))
            return 0;
        /* "forces", "police" are verbs too: a noun after a determiner, an actor word, an
         * adjective, or at the start; a verb after a plain noun phrase ("Russia forces") */
        if (m->verb && i > 0 && !has(c, i - 1, DYAD_WC_DETERMINER) && !is_possessive(c, i - 1) &&
            !is_adjectival(c, i - 1) && !(c->tok[i].flags & DYAD_TF_SENTSTART) &&
            !(c->info[i - 1].agent) && !(c->tok[i - 1].kind == DYAD_TOK_WORD &&
                                         !c->info[i - 1].classes && !c->info[i - 1].verb &&
                                         !(c->tok[i - 1].flags & DYAD_TF_CAPITAL)))
            return 0;
        return m->agent_len;
    }
    if (is_name_word(c, i))
        return 1;
    return 0;
}

static int push_mention(ctx *c, uint32_t first, uint32_t last, int pronoun)
{
    dyad_parse *p = c->p;
    if (dyad_grow((void **)&p->mentions, &p->mentions_cap, p->nmentions + 1, sizeof *p->mentions))
        return -1;
    dyad_mention *m = &p->mentions[p->nmentions];
    m->first = first;
    m->last = last;
    m->code = pronoun ? NULL : mention_code(c, first, last);
    m->group = (uint32_t)p->nmentions;
    m->pronoun = (uint8_t)pronoun;
    m->reflexive = 0;
    m->person = 0;
    m->surname = 0;
    m->named_in = 0;
    m->names_only = !pronoun;
    for (uint32_t i = first; i <= last; i++) {
        int name = is_name_word(c, i);
        if (name)
            m->surname = i + 1;
        if (!name && !has(c, i, DYAD_WC_DETERMINER))
            m->names_only = 0;
        if (c->info[i].actor && dyad_dict_actor(c->d, c->info[i].actor)->nrestrictions)
            m->person = 1; /* office holders are the date-restricted actors */
        if (c->info[i].agent && name)
            m->person = 1;
    }
    if (m->surname && first < last)
        m->person = 1; /* "Foreign Minister Hakan Fidan" */
    size_t prep = first;
    while (prep > 0 && has(c, prep - 1, DYAD_WC_DETERMINER))
        prep--;
    m->after_prep = prep > 0 && has(c, prep - 1, DYAD_WC_PREPOSITION);
    /* "Thousands of protesters", "some of the rebels": the phrase before "of" names no
     * actor, so this mention is the real head */
    if (m->after_prep && tok_is(c, prep - 1, "of") &&
        (prep < 2 || p->mention_at[prep - 2] < 0))
        m->after_prep = 0;
    for (uint32_t i = first; i <= last; i++)
        p->mention_at[i] = (int32_t)p->nmentions;
    p->nmentions++;
    return 0;
}

/* Anchors (actor, agent, name words) joined by fillers ("Turkey's top diplomat",
 * "the senior Guyanese police officer") make one mention. */
static int build_mentions(ctx *c)
{
    size_t i = 0;
    while (i < c->n) {
        int len = anchor_len(c, i);
        if (!len) {
            if (has(c, i, DYAD_WC_PRONOUN) && !is_possessive(c, i + 1)) {
                if (push_mention(c, (uint32_t)i, (uint32_t)i, 1) != 0)
                    return -1;
            }
            i++;
            continue;
        }
        size_t first = i, last = i + (size_t)len - 1;
        size_t k = last + 1;
        for (;;) {
            size_t gap = k;
            while (gap < c->n && gap - k < 3 && !anchor_len(c, gap) && is_np_filler(c, gap))
                gap++;
            int next = gap < c->n ? anchor_len(c, gap) : 0;
            if (!next)
                break;
            /* a new determiner after a complete phrase starts a new phrase ("Turkey the") */
            int starts_new = gap > k && has(c, k, DYAD_WC_DETERMINER) && !is_possessive(c, k);
            if (starts_new)
                break;
            /* two actors joined by a plain word are two phrases ("Obama wants Putin"); a
             * possessive or a hyphen joins them ("Turkey's Erdogan") */
            if (gap > k && c->info[gap].actor && c->info[gap].actor_len >= next &&
                c->info[last].actor && !is_possessive(c, k) && !is_punct(c, k, '-'))
                break;
            last = gap + (size_t)next - 1;
            k = last + 1;
        }
        /* unknown names joined by "of" are one name: "the Ministry of Magic" */
        while (tok_is(c, last + 1, "of") && last + 2 < c->n && unknown_name(c, last + 2) &&
               unknown_name(c, first) && unknown_name(c, last)) {
            last += 2;
            while (last + 1 < c->n && unknown_name(c, last + 1))
                last++;
        }
        if (push_mention(c, (uint32_t)first, (uint32_t)last, 0) != 0)
            return -1;
        i = last + 1;
    }
    return 0;
}

static int only_fillers(const ctx *c, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!has(c, i, DYAD_WC_DETERMINER))
            return 0;
    return 1;
}

/* A determiner, or a compass adjective, between a preposition and a place: "in the
 * capital", "in northern Iraq". */
static int is_place_filler(const ctx *c, size_t i)
{
    return has(c, i, DYAD_WC_DETERMINER) ||
           (!(c->tok[i].flags & DYAD_TF_CAPITAL) && dyad_is_compass_word(c->text, &c->tok[i]));
}

static int only_place_fillers(const ctx *c, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_place_filler(c, i))
            return 0;
    return 1;
}

static int only_np_fillers(const ctx *c, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++)
        if (!is_np_filler(c, i) || c->tok[i].kind != DYAD_TOK_WORD)
            return 0;
    return 1;
}

/* Is the agent of mention m a prefix agent ("[NGO~]")? */
static int prefix_agent(const ctx *c, const dyad_mention *m)
{
    for (uint32_t i = m->first; i <= m->last; i++)
        if (c->info[i].agent && dyad_dict_agent(c->d, c->info[i].agent)->prefix)
            return 1;
    return 0;
}

/* "the government of Syria", "troops from Chad", "a court in northern Guyana": an
 * agent-only mention takes the country that follows it. */
static void merge_of_phrases(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t m = 0; m + 1 < p->nmentions; m++) {
        dyad_mention *a = &p->mentions[m], *b = &p->mentions[m + 1];
        char ca[4], cb[4];
        dyad_code_country(a->code, ca);
        dyad_code_country(b->code, cb);
        size_t prep = a->last + 1;
        if (!a->code || ca[0] || !b->code || b->pronoun)
            continue;
        if (!(tok_is(c, prep, "of") || tok_is(c, prep, "from") || tok_is(c, prep, "in") ||
              tok_is(c, prep, "for")))
            continue;
        if (!only_place_fillers(c, prep + 1, b->first))
            continue;
        if (!cb[0]) { /* an organisation: "the leader of Hamas"; PETRARCH appends the
                       * agent to any actor ("activists of Amnesty" is NGMOPP) */
            a->code = dyad_dict_petrarch(c->d) && !prefix_agent(c, a) && !dyad_code_sector_only(b->code)
                          ? joined(c, b->code, a->code)
                          : b->code;
            b->after_prep = 1;
            continue;
        }
        /* a country, or a capital standing for it: "Police in Moscow" is RUSCOP; a PETRARCH
         * prefix agent goes first ("activists in Arnor" is NGMARN) */
        a->code = prefix_agent(c, a) ? joined(c, a->code, cb) : joined(c, cb, a->code);
        b->code = a->code; /* the country mention now stands for the same actor */
        b->after_prep = 1;
    }
}

/* "the European Union (EU)": the bracketed alias is part of the mention before it. */
static void absorb_aliases(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t m = 1; m < p->nmentions; m++) {
        dyad_mention *a = &p->mentions[m - 1], *b = &p->mentions[m];
        if (b->first < 2 || b->first != a->last + 2 || !is_punct(c, b->first - 1, '(') ||
            !is_punct(c, b->last + 1, ')') || b->pronoun)
            continue;
        for (uint32_t k = a->last + 1; k <= b->last + 1; k++)
            p->mention_at[k] = (int32_t)(m - 1);
        a->last = b->last + 1;
        b->code = NULL;
    }
}

/* Only words of TABARI's <ADJECTIVE> list between two mentions? */
static int tabari_adjectives_between(const ctx *c, const dyad_mention *a, const dyad_mention *b)
{
    if (b->first <= a->last + 1)
        return 0;
    for (size_t k = a->last + 1; k < b->first; k++)
        if (dyad_dict_tabari_pos(c->d, c->info[k].word) != DYAD_TABARI_ADJECTIVE)
            return 0;
    return 1;
}

/* Coordination ("Brazil and the United States", "Britain, France and Germany") and
 * apposition ("Egypt's top cleric, Grand Imam Ahmed el-Tayeb,"). */
static void link_mentions(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t m = 0; m + 1 < p->nmentions; m++) {
        dyad_mention *a = &p->mentions[m], *b = &p->mentions[m + 1];
        size_t j = a->last + 1;
        int comma = is_punct(c, j, ',');
        int and_ = tok_is(c, j, "and") || (comma && tok_is(c, j + 1, "and")) ||
                   (tok_is(c, j, "nor") && a->first > 0 && tok_is(c, a->first - 1, "neither"));
        size_t after = j + (size_t)comma + (size_t)(and_ ? 1 : 0);
        if (!(comma || and_) && tabari_adjectives_between(c, a, b) && a->code && b->code &&
            m > 0 && p->mentions[m - 1].group == a->group) {
            b->group = a->group; /* TABARI: "Calenardhon and the evil Arnor awful Gondor" */
            continue;
        }
        if (!(comma || and_) || a->pronoun || b->pronoun)
            continue;
        /* "Fornost and the evil awful Gondor", "Mordor, the awful Fornost, and Gondor":
         * adjectives may come before the second */
        if (!only_fillers(c, after, b->first) &&
            !(b->first - after <= 3 && only_np_fillers(c, after, b->first)))
            continue;
        char ca[4], cb[4];
        dyad_code_country(a->code, ca);
        dyad_code_country(b->code, cb);
        if (and_ && a->code && b->code) {
            b->group = a->group;
            /* "Danish media and government": the second shares the first's country */
            if (ca[0] && !cb[0] && dyad_code_sector_only(b->code) && b->first == after)
                b->code = joined(c, ca, b->code);
            continue;
        }
        /* a list continues with "and" later ("of Arnor, Osgiliath and Gondor") */
        int list = a->code && b->code && ca[0] && cb[0] && strcmp(ca, cb) != 0 &&
                   m + 2 < p->nmentions;
        /* "The US commander in Iraq, General X," : the apposition explains the head */
        if (comma && !and_ && a->after_prep && m > 0 && !list) {
            dyad_mention *head = &p->mentions[m - 1];
            size_t gap = head->last + 1;
            if (gap + 1 < a->first || !has(c, gap, DYAD_WC_PREPOSITION))
                head = NULL;
            if (head && head->code && (!b->code || !cb[0]))
                b->code = head->code;
            if (head)
                continue;
        }
        if (comma && !and_) {
            /* an apposition lends its code */
            if (list) {
                b->group = a->group;
                continue;
            }
            if (!list && (!a->code || !ca[0]) && b->code && cb[0])
                a->code = b->code;
            else if (!list && (!b->code || !cb[0]) && a->code && ca[0])
                b->code = a->code;
        }
    }
}

/* ---- verb groups ------------------------------------------------------------------------ */

/* A plural noun right after a verb is its object: "expressed hopes", "voiced fears". */
static int object_of_verb(const ctx *c, size_t i)
{
    const dyad_token *t = &c->tok[i];
    return i > 0 && c->info[i - 1].verb && !c->info[i - 1].classes &&
           c->p->mention_at[i - 1] < 0 && t->len > 3 &&
           (c->text[t->start + t->len - 1] == 's' || c->text[t->start + t->len - 1] == 'S') &&
           (c->info[i - 1].verb_forms & (DYAD_VF_PAST | DYAD_VF_PARTICIPLE)) &&
           !(c->info[i - 1].verb_forms & DYAD_VF_BASE);
}

/* Is the dictionary verb at i used as a noun or adjective here? */
static int used_as_noun(const ctx *c, size_t i)
{
    uint8_t f = c->info[i].verb_forms;
    if (i > 0) {
        if (has(c, i - 1, DYAD_WC_DETERMINER) && !tok_is(c, i - 1, "that"))
            return 1;
        if (is_possessive(c, i - 1))
            return 1;
        if (has(c, i - 1, DYAD_WC_PREPOSITION) && !tok_is(c, i - 1, "to"))
            return 1;
        int finite_past = (f & (DYAD_VF_PAST | DYAD_VF_PARTICIPLE)) != 0;
        if (is_adjectival(c, i - 1) && !finite_past)
            return 1;
        /* "humanitarian aid", "held talks": after an adjective or another verb, a present
         * form is a noun */
        if (!finite_past && !(f & DYAD_VF_ING) && c->tok[i - 1].kind == DYAD_TOK_WORD &&
            c->p->mention_at[i - 1] < 0 && !has(c, i - 1, ~0u) &&
            !(c->tok[i - 1].flags & DYAD_TF_CAPITAL)) {
            const char *w = c->text + c->tok[i - 1].start;
            size_t n = c->tok[i - 1].len;
            int adverb = n > 3 && w[n - 2] == 'l' && w[n - 1] == 'y';
            if (!adverb)
                return 1;
        }
    }
    if (i > 0 && f == DYAD_VF_BASE && c->p->mention_at[i - 1] >= 0) {
        const dyad_mention *m = &c->p->mentions[c->p->mention_at[i - 1]];
        const dyad_token *t = &c->tok[i - 1];
        char last = c->text[t->start + t->len - 1];
        int coordinated = 0;
        for (size_t k = 0; k < c->p->nmentions; k++)
            coordinated |= &c->p->mentions[k] != m && c->p->mentions[k].group == m->group;
        if (last != 's' && last != 'S' && !coordinated)
            return 1;
    }
    if ((f & DYAD_VF_S) && !(f & (DYAD_VF_BASE | DYAD_VF_PAST)) &&
        (has(c, i + 1, DYAD_WC_BE | DYAD_WC_HAVE | DYAD_WC_MODAL | DYAD_WC_DO) ||
         (i + 1 < c->n && c->info[i + 1].verb && !has(c, i + 1, DYAD_WC_PREPOSITION))))
        return 1; /* "talks were", "attacks killed" */
    return 0;
}

/* "10 Russian soldiers killed in Ukraine", "the civilians imprisoned for ... were released":
 * a participle right after a common-noun phrase, with a finite verb still to come (or a
 * "there were" opening), describes that phrase; it does not make it the agent. */
static int reduced_passive(const ctx *c, size_t i)
{
    const dyad_parse *p = c->p;
    if (!(c->info[i].verb_forms & DYAD_VF_PARTICIPLE) || i == 0)
        return 0;
    /* "a deal brokered by China", "talks hosted by Qatar": after a plain noun (one that
     * is also a verb form, as "talks", when it made no verb group), with its agent named
     * by "by" */
    if (p->mention_at[i - 1] < 0 && c->tok[i - 1].kind == DYAD_TOK_WORD &&
        !(c->tok[i - 1].flags & DYAD_TF_CAPITAL) && !c->info[i - 1].classes &&
        !(p->ngroups && p->groups[p->ngroups - 1].end == i) && tok_is(c, i + 1, "by") &&
        i + 2 < c->n &&
        (p->mention_at[i + 2] >= 0 || has(c, i + 2, DYAD_WC_DETERMINER)))
        return 1;
    if (p->mention_at[i - 1] < 0)
        return 0;
    const dyad_mention *m = &p->mentions[p->mention_at[i - 1]];
    int common = 0;
    for (uint32_t k = m->first; k <= m->last; k++)
        common |= c->info[k].agent != 0 && !c->info[k].actor;
    if (!common || !(has(c, i + 1, DYAD_WC_PREPOSITION) || i + 1 >= c->n))
        return 0;
    if (tok_is(c, 0, "there"))
        return 1;
    for (size_t k = i + 1; k < c->n; k++)
        if (has(c, k, DYAD_WC_BE | DYAD_WC_HAVE | DYAD_WC_MODAL) && k + 1 < c->n &&
            c->info[k + 1].verb)
            return 1;
    return 0;
}

/* "fiercely" in "was fiercely opposed by": a plain -ly word between an auxiliary and its
 * verb. */
static int is_ly_adverb(const ctx *c, size_t i)
{
    const dyad_token *t = &c->tok[i];
    const char *w = c->text + t->start;
    return t->kind == DYAD_TOK_WORD && t->len > 4 && w[t->len - 2] == 'l' &&
           w[t->len - 1] == 'y' && !c->info[i].classes && !c->info[i].verb &&
           !(t->flags & DYAD_TF_CAPITAL);
}

/* "have" in "have postponed", "is" in "is attacking": a dictionary verb that is only the
 * auxiliary of the verb after it (past adverbs and negation). */
static int is_auxiliary(const ctx *c, size_t i)
{
    if (!has(c, i, DYAD_WC_BE | DYAD_WC_HAVE | DYAD_WC_DO))
        return 0;
    size_t k = i + 1;
    while (has(c, k, DYAD_WC_ADVERB | DYAD_WC_NEGATION))
        k++;
    return k < c->n && c->info[k].verb &&
           (c->info[k].verb_forms & (DYAD_VF_PARTICIPLE | DYAD_VF_ING | DYAD_VF_BASE));
}

int dyad_parse_add_group(dyad_parse *p, const dyad_vgroup *g)
{
    if (dyad_grow((void **)&p->groups, &p->groups_cap, p->ngroups + 1, sizeof *p->groups))
        return -1;
    p->groups[p->ngroups++] = *g;
    return 0;
}

static void describe_group(const ctx *c, dyad_vgroup *g)
{
    int be = 0;
    for (uint32_t k = g->first; k < g->verb; k++) {
        uint32_t cl = c->info[k].classes;
        if (cl & DYAD_WC_NEGATION)
            g->negated = 1;
        if (cl & DYAD_WC_BE)
            be = 1;
        if (cl & DYAD_WC_FUTURE)
            g->future = 1;
        if (cl & DYAD_WC_HYPOTHETICAL)
            g->hypothetical = 1;
    }
    if (has(c, g->end, DYAD_WC_NEGATION) && !tok_is(c, g->end, "no") && g->first < g->verb)
        g->negated = 1; /* "did not", handled above; "is not" after the verb for be-verbs */
    g->passive = be && (g->forms & DYAD_VF_PARTICIPLE) && !(g->forms & DYAD_VF_ING);
}

static int build_groups(ctx *c)
{
    for (size_t i = 0; i < c->n; i++) {
        const dyad_tokinfo *m = &c->info[i];
        int reporting = (m->classes & DYAD_WC_REPORTING) != 0;
        if (!m->verb && !reporting)
            continue;
        if (c->p->mention_at[i] >= 0)
            continue;
        if (m->verb && !reporting && (used_as_noun(c, i) || is_auxiliary(c, i)))
            continue;
        if (reporting && object_of_verb(c, i))
            continue; /* "expressed hopes that", "voiced fears" */
        dyad_vgroup g;
        memset(&g, 0, sizeof g);
        g.verb = (uint32_t)i;
        g.end = (uint32_t)(i + (m->verb ? m->verb_len : 1));
        g.verb_index = m->verb;
        g.forms = m->verb ? m->verb_forms : DYAD_VF_PAST;
        g.reporting = (uint8_t)reporting;
        g.controller = g.subject = g.object = g.by_agent = g.place = g.clause = -1;
        size_t f = i;
        while (f > 0 && (has(c, f - 1, DYAD_WC_BE | DYAD_WC_HAVE | DYAD_WC_DO | DYAD_WC_MODAL |
                                           DYAD_WC_NEGATION | DYAD_WC_ADVERB) ||
                         (is_ly_adverb(c, f - 1) && f >= 2 &&
                          has(c, f - 2, DYAD_WC_BE | DYAD_WC_HAVE | DYAD_WC_MODAL))) &&
               c->p->mention_at[f - 1] < 0 && !has(c, f - 1, DYAD_WC_DETERMINER))
            f--;
        g.first = (uint32_t)f;
        int after_be = f < i;
        if ((m->verb_forms & DYAD_VF_ING) && !(m->verb_forms & ~DYAD_VF_ING) && !after_be &&
            !reporting)
            continue; /* a gerund or participle: "accused Russia of poisoning" */
        if (f == i && i > 0 && tok_is(c, i - 1, "to"))
            g.infinitive = 1;
        describe_group(c, &g);
        g.in_quote = (c->tok[i].flags & DYAD_TF_INQUOTE) != 0;
        if (f == i && reduced_passive(c, i))
            g.passive = g.reduced = 1;
        if (dyad_parse_add_group(c->p, &g) != 0)
            return -1;
    }
    return 0;
}

/* An infinitive ("agreed to meet"), or a bare verb after an object ("demanded Syria
 * withdraw"), is governed by the verb before it. */
static void find_controllers(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t g = 1; g < p->ngroups; g++) {
        dyad_vgroup *v = &p->groups[g], *prev = &p->groups[g - 1];
        int bare = !v->infinitive && v->first == v->verb && (v->forms & DYAD_VF_BASE) &&
                   !(v->forms & DYAD_VF_PAST) && v->verb > 0 &&
                   p->mention_at[v->verb - 1] >= 0 && !prev->reporting;
        if (!v->infinitive && !bare)
            continue;
        int blocked = 0;
        for (uint32_t k = prev->end; k < v->first; k++)
            if (is_punct(c, k, ';') || is_punct(c, k, '.') ||
                (has(c, k, DYAD_WC_SUBORDINATOR | DYAD_WC_RELATIVE) && !tok_is(c, k, "that")))
                blocked = 1;
        if (!blocked) {
            v->infinitive = 1;
            v->controller = (int)(g - 1);
        }
    }
}

static int is_clause_boundary(const ctx *c, size_t k)
{
    if (k >= c->n)
        return 0;
    if (c->tok[k].kind == DYAD_TOK_PUNCT)
        return is_punct(c, k, ';') || is_punct(c, k, ':');
    uint32_t cl = c->info[k].classes; /* the words below all have a class: test it first */
    if ((cl & DYAD_WC_CONJUNCTION) && tok_is(c, k, "but"))
        return 1;
    return (cl & (DYAD_WC_SUBORDINATOR | DYAD_WC_RELATIVE)) && !(cl & DYAD_WC_PREPOSITION) &&
           !tok_is(c, k, "that");
}

static void find_windows(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t g = 0; g < p->ngroups; g++) {
        dyad_vgroup *v = &p->groups[g];
        size_t next = c->n;
        for (size_t h = g + 1; h < p->ngroups; h++)
            if (!p->groups[h].infinitive) {
                next = p->groups[h].first;
                break;
            }
        /* a clause that ends "..., X said" gives X to the reporting verb, not to us */
        for (size_t h = g + 1; h < p->ngroups; h++) {
            if (p->groups[h].first != next)
                continue;
            if (p->groups[h].reporting)
                for (size_t k = next; k > v->end; k--)
                    if (is_punct(c, k - 1, ',')) {
                        next = k - 1;
                        break;
                    }
            break;
        }
        size_t k = v->end;
        while (k < next && !is_clause_boundary(c, k))
            k++;
        v->window_end = (uint32_t)k;
    }
}

/* ---- roles ------------------------------------------------------------------------------ */

/* Nearest mention to the left of token `from` that can be a subject. */
/* "after Syrian troops shelled", "after Calenardhon crowds burned": a mention after a word
 * that is both preposition and subordinator, right before the verb group (but for the
 * head noun it modifies), is the subject of that clause: 1.  After a span of time ("five
 * years after X burned"), the clause only dates the sentence: 2, a verb with no subject. */
static int opens_clause(const ctx *c, const dyad_mention *mm, size_t verb_first)
{
    size_t k = mm->first, e = mm->last + 1;
    while (k > 0 && has(c, k - 1, DYAD_WC_DETERMINER))
        k--;
    while (e < verb_first && e < mm->last + 3 && is_np_filler(c, e) &&
           !has(c, e, DYAD_WC_DETERMINER))
        e++;
    /* "five years after X burned ...": a time reference to the past, not a clause to code */
    int dated = k >= 2 && (tok_is(c, k - 2, "years") || tok_is(c, k - 2, "months") ||
                           tok_is(c, k - 2, "weeks") || tok_is(c, k - 2, "days") ||
                           tok_is(c, k - 2, "decades"));
    if (e != verb_first || k == 0 || !has(c, k - 1, DYAD_WC_SUBORDINATOR))
        return 0;
    return dated ? 2 : 1;
}

static int subject_left(ctx *c, size_t from, size_t stop)
{
    dyad_parse *p = c->p;
    size_t k = from;
    while (k > stop) {
        k--;
        int m = p->mention_at[k];
        if (m >= 0) {
            const dyad_mention *mm = &p->mentions[m];
            int opens = mm->after_prep ? opens_clause(c, mm, from) : 0;
            if (!mm->after_prep || opens == 1)
                return m;
            if (opens == 2)
                return -1;
            k = mm->first;
            continue;
        }
        if (has(c, k, DYAD_WC_RELATIVE) && k > 0 && (is_punct(c, k - 1, ',') ||
                                                     p->mention_at[k - 1] >= 0)) {
            /* "Russia, which backs Assad, ..." : the relative's antecedent */
            size_t a = is_punct(c, k - 1, ',') ? k - 1 : k;
            return a > 0 && p->mention_at[a - 1] >= 0 ? p->mention_at[a - 1] : -1;
        }
        if (is_punct(c, k, ',')) {
            /* skip a relative clause set off by commas */
            size_t j = k;
            while (j > 0 && !is_punct(c, j - 1, ','))
                j--;
            if (j > 0 && has(c, j, DYAD_WC_RELATIVE)) {
                k = j - 1; /* the clause's own verb group is no boundary for us */
                stop = 0;
                continue;
            }
        }
        if (is_clause_boundary(c, k) && !has(c, k, DYAD_WC_RELATIVE))
            return -1;
    }
    return -1;
}

static int has_country(const dyad_mention *m)
{
    char cc[4];
    dyad_code_country(m->code, cc);
    return cc[0] != '\0' || (m->code && strlen(m->code) > 3);
}

/* "Obama told Putin to stop", "prompting Armenia to appeal": a named actor right before
 * "to" and an infinitive is the infinitive's subject (object control), when it has a
 * country and no preposition introduces it ("agreed with Iran to extend", "sent troops
 * to Syria to fight" stay the controller subject's).  -1 when there is none. */
static int object_before(const ctx *c, const dyad_vgroup *v)
{
    const dyad_parse *p = c->p;
    if (v->first < 2 || !tok_is(c, v->first - 1, "to"))
        return -1;
    int m = p->mention_at[v->first - 2];
    if (m < 0)
        return -1;
    const dyad_mention *mm = &p->mentions[m];
    return mm->last == v->first - 2 && !mm->after_prep && mm->code && has_country(mm) ? m : -1;
}

static void find_subjects(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t g = 0; g < p->ngroups; g++) {
        dyad_vgroup *v = &p->groups[g];
        if (v->infinitive && v->controller >= 0) {
            int named = object_before(c, v);
            v->subject = named >= 0 ? named : p->groups[v->controller].subject;
            continue;
        }
        size_t prev = g;
        while (prev > 0 && p->groups[prev - 1].reduced)
            prev--; /* "the civilians imprisoned for X were released": no boundary */
        size_t stop = prev > 0 ? p->groups[prev - 1].end : 0;
        if (v->reporting && v->first > 0 && is_punct(c, v->first - 1, ',') &&
            v->end < c->n && p->mention_at[v->end] >= 0) {
            v->subject = p->mention_at[v->end]; /* "..., said Turkey's foreign minister" */
            continue;
        }
        int coordinated = v->first > 0 && has(c, v->first - 1, DYAD_WC_CONJUNCTION);
        if (coordinated && g > 0) {
            v->subject = p->groups[g - 1].subject; /* "condemned the attack and demanded" */
            continue;
        }
        v->subject = subject_left(c, v->first, stop);
        if (v->subject < 0 && g > 0 && !p->groups[g - 1].reporting) {
            int between = 0;
            for (size_t k = stop; k < v->first; k++)
                if (p->mention_at[k] >= 0 || is_clause_boundary(c, k))
                    between = 1;
            if (!between)
                v->subject = p->groups[g - 1].subject;
        }
    }
}

/* Is mention m introduced by "by" (after any determiners)? */
static int after_by(const ctx *c, const dyad_mention *m)
{
    size_t k = m->first;
    while (k > 0 && has(c, k - 1, DYAD_WC_DETERMINER))
        k--;
    return k > 0 && tok_is(c, k - 1, "by");
}

/* "in Kabul", "at the border near Syria", "in northern Iraq": a place, not a target (see
 * discourse). */
static int is_location(const ctx *c, const dyad_mention *m)
{
    size_t k = m->first;
    while (k > 0 && is_place_filler(c, k - 1))
        k--;
    return k > 0 && has(c, k - 1, DYAD_WC_PREPOSITION) &&
           (tok_is(c, k - 1, "in") || tok_is(c, k - 1, "at") || tok_is(c, k - 1, "near") ||
            tok_is(c, k - 1, "inside") || tok_is(c, k - 1, "across") ||
            tok_is(c, k - 1, "outside"));
}

/* The object is the first mention in the clause that names a country or organisation;
 * a bare agent ("the suspect", "its troops") only when there is none. */
static void find_objects(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t g = 0; g < p->ngroups; g++) {
        dyad_vgroup *v = &p->groups[g];
        int bare = -1;
        for (size_t k = v->end; k < v->window_end; k++) {
            int m = p->mention_at[k];
            if (m < 0)
                continue;
            const dyad_mention *mm = &p->mentions[m];
            k = mm->last;
            if (mm->code || !is_location(c, mm))
                v->clause_has_mention = 1; /* an unknown place is no missing target */
            if (v->passive && after_by(c, mm)) {
                if (v->by_agent < 0)
                    v->by_agent = m;
                continue;
            }
            if (v->object >= 0 || !mm->code)
                continue;
            if (is_location(c, mm)) {
                if (v->place < 0)
                    v->place = m;
                continue;
            }
            if (has_country(mm))
                v->object = m;
            else if (bare < 0)
                bare = m;
        }
        if (v->object < 0)
            v->object = bare;
    }
}

/* The speaker of the sentence: who "said", or X of "quoted X as saying" / "according to X". */
static void find_speaker(ctx *c)
{
    dyad_parse *p = c->p;
    p->speaker = -1;
    /* "quoted X as saying" and "according to X" name the speaker outright */
    for (size_t k = 0; k + 1 < c->n && p->speaker < 0; k++) {
        if (has(c, k, DYAD_WC_QUOTE_VERB) && p->mention_at[k + 1] >= 0)
            p->speaker = p->mention_at[k + 1];
        else if (has(c, k, DYAD_WC_ATTRIBUTION) && tok_is(c, k + 1, "to") && k + 2 < c->n &&
                 p->mention_at[k + 2] >= 0)
            p->speaker = p->mention_at[k + 2];
    }
    for (size_t g = 0; g < p->ngroups && p->speaker < 0; g++)
        if (p->groups[g].reporting && p->groups[g].subject >= 0 &&
            p->mentions[p->groups[g].subject].code)
            p->speaker = p->groups[g].subject;
    if (p->speaker < 0)
        return;
    /* "Russia said it would ..." : the pronoun is the speaker */
    for (size_t g = 0; g < p->ngroups; g++) {
        dyad_vgroup *v = &p->groups[g];
        if (v->subject >= 0 && p->mentions[v->subject].pronoun && !p->mentions[v->subject].code)
            v->subject = p->speaker;
    }
}

/* "Lawmakers in Fornost and Gondor", "the ambassadors of A, B and C": the agent that took
 * the first country's code ("FORLEG") goes to every country of the coordination (GONLEG
 * too), and the phrase stands for all of them.  (TABARI keeps the agent on the first.) */
static void distribute_agents(ctx *c)
{
    dyad_parse *p = c->p;
    for (size_t m = 0; m + 1 < p->nmentions; m++) {
        dyad_mention *a = &p->mentions[m], *b = &p->mentions[m + 1];
        if (!a->code || !b->code || strlen(a->code) <= 3 || strncmp(a->code, b->code, 3) != 0 ||
            a->group == b->group || !b->after_prep)
            continue;
        size_t prep = a->last + 1;
        if (!(tok_is(c, prep, "of") || tok_is(c, prep, "in") || tok_is(c, prep, "from")) ||
            !only_fillers(c, prep + 1, b->first))
            continue;
        const char *agent = a->code + 3;
        size_t members = 0;
        for (size_t x = 0; x < p->nmentions; x++) {
            dyad_mention *mx = &p->mentions[x];
            char cc[4];
            dyad_code_country(mx->code, cc);
            members += mx->group == b->group;
            if (mx->group != b->group || x == m + 1 || !cc[0] || strcmp(mx->code, cc) != 0 ||
                dyad_dict_tabari(c->d))
                continue;
            mx->code = joined(c, cc, agent);
        }
        if (members > 1)
            a->group = b->group;
    }
}

/* TABARI's special actor codes: "###" discards the sentence, "+++" marks it too complex to
 * code (both code nothing), and a coded compound "ELR/GAL" stands for several actors, which
 * become coordinated mentions over the same words. */
static int special_codes(ctx *c)
{
    dyad_parse *p = c->p;
    size_t n = p->nmentions;
    for (size_t m = 0; m < n; m++) {
        const char *code = p->mentions[m].code;
        if (!code)
            continue;
        if (code[0] == '#' || code[0] == '+') {
            p->discarded = 1;
            continue;
        }
        const char *slash = strchr(code, '/');
        if (!slash)
            continue;
        p->mentions[m].code = dyad_arena_strndup(c->arena, code, (size_t)(slash - code));
        while (slash) {
            const char *part = slash + 1;
            slash = strchr(part, '/');
            size_t k = slash ? (size_t)(slash - part) : strlen(part);
            const char *copy = dyad_arena_strndup(c->arena, part, k);
            if (!copy || !p->mentions[m].code ||
                dyad_parse_add_mention(p, p->mentions[m].first, p->mentions[m].last, copy,
                                       p->mentions[m].group) < 0)
                return -1;
        }
    }
    return 0;
}

int dyad_parse_mentions(const dyad_dict *d, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                        dyad_parse *out)
{
    ctx c = {d, text, tok, info, n, date, arena, out};
    out->nmentions = out->ngroups = 0;
    out->speaker = -1;
    out->discarded = 0;
    if (n + 1 > out->tokens_cap) {
        size_t cap = (n + 1) * 2;
        uint32_t *w = realloc(out->words, cap * sizeof *w);
        if (!w)
            return -1;
        out->words = w;
        int32_t *m = realloc(out->mention_at, cap * sizeof *m);
        if (!m)
            return -1;
        out->mention_at = m;
        uint32_t *s = realloc(out->stem_ids, 2 * cap * sizeof *s);
        if (!s)
            return -1;
        out->stem_ids = s;
        out->tokens_cap = cap;
    }
    out->stems = dyad_dict_has_stems(d) ? out->stem_ids : NULL;
    for (size_t i = 0; i < n; i++) {
        out->words[i] = info[i].word;
        out->stem_ids[2 * i] = info[i].stems[0];
        out->stem_ids[2 * i + 1] = info[i].stems[1];
        out->mention_at[i] = -1;
        if (info[i].discard && (info[i].discard != DYAD_DISCARD_VERB || !dyad_dict_tabari(d) ||
                                !(tok[i].flags & DYAD_TF_CAPITAL) ||
                                (tok[i].flags & DYAD_TF_SENTSTART)))
            out->discarded = 1; /* TABARI: a capitalised verb is a noun, and discards nothing */
    }
    if (build_mentions(&c) != 0)
        return -1;
    merge_of_phrases(&c);
    absorb_aliases(&c);
    link_mentions(&c);
    distribute_agents(&c);
    return special_codes(&c);
}

int dyad_parse_roles(const dyad_dict *d, const char *text, const dyad_token *tok,
                     const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                     dyad_parse *out)
{
    ctx c = {d, text, tok, info, n, date, arena, out};
    if (build_groups(&c) != 0)
        return -1;
    find_controllers(&c);
    find_windows(&c);
    find_subjects(&c);
    find_objects(&c);
    find_speaker(&c);
    return 0;
}

int dyad_parse_sentence(const dyad_dict *d, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                        dyad_parse *out)
{
    if (dyad_parse_mentions(d, text, tok, info, n, date, arena, out) != 0)
        return -1;
    return dyad_parse_roles(d, text, tok, info, n, date, arena, out);
}

int dyad_parse_add_mention(dyad_parse *p, uint32_t first, uint32_t last, const char *code,
                           uint32_t group)
{
    if (dyad_grow((void **)&p->mentions, &p->mentions_cap, p->nmentions + 1, sizeof *p->mentions))
        return -1;
    dyad_mention *m = &p->mentions[p->nmentions];
    memset(m, 0, sizeof *m);
    m->first = first;
    m->last = last;
    m->code = code;
    m->group = group;
    return (int)p->nmentions++;
}

void dyad_parse_free(dyad_parse *p)
{
    free(p->mentions);
    free(p->groups);
    free(p->words);
    free(p->mention_at);
    free(p->stem_ids);
    memset(p, 0, sizeof *p);
}
