/* match — the fourth stage: find every dictionary phrase in a sentence.
 *
 * For each token it walks the dictionary trie once and keeps, per kind, the longest phrase
 * that starts there: an actor (only when the first word is capitalised: a proper noun), an
 * agent, a verb form, a discard.  The cost is one hash probe per token per word of the
 * longest phrase: it grows with the text, not with the dictionary. */
#ifndef DYAD_MATCH_H
#define DYAD_MATCH_H
#include "dict.h"
#include "segment.h"

typedef struct dyad_tokinfo {
    uint32_t word;      /* dictionary word id of the token, 0 if unknown */
    uint32_t classes;   /* enum dyad_word_class bits */
    uint32_t actor;     /* actor index (+1) of the longest actor phrase starting here */
    uint32_t agent;     /* agent index (+1) ... */
    uint32_t verb;      /* verb index (+1) ... */
    uint8_t actor_len, agent_len, verb_len; /* in tokens */
    uint8_t verb_forms; /* enum dyad_verb_form bits */
    uint8_t discard;    /* a discard phrase starts here: 1, or DYAD_DISCARD_VERB */
    uint32_t stems[2];  /* TABARI/PETRARCH dictionaries: the two longest stems the token
                         * starts with ("RESTOR" for "restored"), 0 for none */
} dyad_tokinfo;

/* Fills info[0..n) for the tokens tok[0..n) of one sentence. */
void dyad_match(const dyad_dict *d, const char *text, const dyad_token *tok, size_t n,
                dyad_tokinfo *info);

#endif
