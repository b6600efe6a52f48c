/* parse — the fifth stage: a shallow parse of one sentence, with no external parser.
 *
 * From the tokens and their dictionary matches it builds
 *   - mentions: noun phrases that name an actor ("Turkey's Interior Ministry" -> TURGOV,
 *     "French Foreign Minister Laurent Fabius" -> FRAGOV), pronouns, and unknown proper
 *     names (kept so that they block a wrong subject); coordinated mentions ("Brazil and the
 *     United States") share a group; an apposition lends its code to the name it explains;
 *   - verb groups: the verb with its auxiliaries, modals, negation and particles, marked
 *     passive, negated, future, hypothetical, infinitive (controlled by an earlier verb:
 *     "agreed to meet"), or reporting ("said", "told");
 *   - roles: each group's subject (the nearest mention to its left in its clause, skipping
 *     relative clauses and prepositional phrases; inherited across "and"), its object (the
 *     first mention in its clause), and for passives the "by" agent;
 *   - the sentence's speaker: the subject of a reporting verb, or X in "quoted X as saying"
 *     and "according to X", which a pronoun subject ("it", "he") refers to.
 * Everything lives in arrays owned by dyad_parse and reused from sentence to sentence. */
#ifndef DYAD_PARSE_H
#define DYAD_PARSE_H
#include "arena.h"
#include "match.h"

typedef struct dyad_mention {
    uint32_t first, last;   /* token range, inclusive */
    const char *code;       /* full actor code ("TURGOV"), or NULL when unknown */
    uint32_t group;         /* coordination group: mentions joined by "and" share it */
    uint8_t pronoun;        /* he, she, it, they, we */
    uint8_t reflexive;      /* himself, itself...: set by discourse.c, which knows the words */
    uint8_t after_prep;     /* follows a preposition, so it is not a subject */
    uint8_t person;         /* names a person (an office holder, a titled name) */
    uint8_t names_only;     /* only unknown capitalised words: a name to look up */
    uint32_t surname;       /* token index + 1 of its last name word, 0 when none */
    uint32_t named_in;      /* resolved from an earlier sentence: its index + 1; else 0 */
} dyad_mention;

typedef struct dyad_vgroup {
    uint32_t first;         /* first token of the group (an auxiliary, or the verb) */
    uint32_t verb;          /* the verb token */
    uint32_t end;           /* one past the verb and its particles */
    uint32_t window_end;    /* one past the last token of its clause */
    uint32_t verb_index;    /* dictionary verb (+1); 0 for a reporting verb outside it */
    uint8_t forms;          /* enum dyad_verb_form of the verb token */
    uint8_t negated, passive, future, hypothetical, infinitive, reporting;
    uint8_t reduced;        /* a participle describing the noun before it */
    uint8_t in_quote;       /* inside a quotation */
    int controller;         /* infinitive: the group that governs it; else -1 */
    int subject, object;    /* mention indexes, -1 when none */
    int by_agent;           /* passive: the mention after "by", -1 when none */
    int place;              /* first "in X" / "at X" mention in the clause, -1 when none */
    uint8_t clause_has_mention; /* any mention after the verb in its clause */
    int clause;             /* TABARI rules (tabari.h): the clause it is in, which codes only
                             * its first event; -1 under dyad's own rules */
    uint32_t window_start;  /* TABARI rules: first token of its clause */
} dyad_vgroup;

typedef struct dyad_parse {
    dyad_mention *mentions;
    size_t nmentions, mentions_cap;
    dyad_vgroup *groups;
    size_t ngroups, groups_cap;
    uint32_t *words;        /* token word ids, contiguous for pattern matching */
    const uint32_t *stems;  /* two stem ids per token (dyad_tokinfo.stems), or NULL when the
                             * dictionaries have no stems */
    uint32_t *stem_ids;     /* their storage */
    int32_t *mention_at;    /* per token: mention index or -1 */
    size_t tokens_cap;
    int speaker;            /* mention index, -1 */
    int discarded;          /* a discard phrase was found */
} dyad_parse;

/* Parses tokens tok[0..n) (with their matches) of a sentence of `text` dated `date`
 * (YYYYMMDD or 0).  Codes are allocated in `arena`.  Returns 0, -1 when out of memory. */
/* The two halves of dyad_parse_sentence, so that discourse can resolve mentions between
 * them: noun phrases first, then verb groups and roles. */
int dyad_parse_mentions(const dyad_dict *d, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                        dyad_parse *out);
int dyad_parse_roles(const dyad_dict *d, const char *text, const dyad_token *tok,
                     const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                     dyad_parse *out);

int dyad_parse_sentence(const dyad_dict *d, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, size_t n, uint32_t date, dyad_arena *arena,
                        dyad_parse *out);
void dyad_parse_free(dyad_parse *p);

/* Appends a mention over tokens [first, last] to the coordination group `group` (used by
 * discourse for "they" = two actors).  Returns its index, -1 when out of memory. */
int dyad_parse_add_mention(dyad_parse *p, uint32_t first, uint32_t last, const char *code,
                           uint32_t group);

/* Appends a verb group (used by the TABARI rules of tabari.c).  -1 when out of memory. */
int dyad_parse_add_group(dyad_parse *p, const dyad_vgroup *g);

/* Is the code only a sector ("GOV", "MILREB"), with no country or organisation? */
int dyad_code_sector_only(const char *code);

/* The country part of an actor code ("TUR" of "TURGOV"; "" for "IGOUNO" or "GOV"). */
void dyad_code_country(const char *code, char country[4]);

#endif
