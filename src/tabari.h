/* tabari — the fifth stage under TABARI's rules, for TABARI dictionaries.
 *
 * TABARI's verb patterns were written for TABARI's sparse parse, not for ours: every
 * dictionary verb not after A/AN/THE and not capitalised mid-sentence is a verb; the
 * sentence is cut into clauses at conjunctions that do not join actors; short
 * comma-delimited phrases (3 to 10 words) are dropped; the source is the first actor of the
 * sentence (a clause after a conjunction keeps it unless it starts with an actor of its
 * own), the target the first actor after the verb with another code, else the first such
 * actor before it; WAS/WERE/BEEN one or two words before the verb with BY right after it
 * makes it passive; and each clause codes only its first event.  (TABARI manual 0.8.4,
 * chapters 5.8 and 7.)  Loading a TABARI .verbs file switches the coder to these rules,
 * so that a researcher's TABARI dictionaries code as they did under TABARI.
 *
 * TABARI's .options commands that change coding are read too: SET: CODE BY CLAUSE |
 * SENTENCE | CODE ALL, SET: MINIMUM WORDS, COMPLEX: VERBS[n] CONJ[n] NOACTPRIOR, DEFAULT:
 * SOURCE [X] PRIOR TARGET [Y] AFTER | OFF, COMMA: MIN MAX EMIN EMAX BMIN BMAX | OFF,
 * SET: CONVERT AGENT = TRUE | FALSE, FORWARD: ... | OFF (stories as consecutive records).
 *
 * Mentions come from dyad_parse_mentions as usual; this replaces dyad_parse_roles. */
#ifndef DYAD_TABARI_H
#define DYAD_TABARI_H
#include "parse.h"

enum dyad_code_by { DYAD_CODE_BY_CLAUSE, DYAD_CODE_BY_SENTENCE, DYAD_CODE_ALL };

typedef struct dyad_tabari_options {
    enum dyad_code_by code_by;        /* which events a sentence keeps (first per clause) */
    int min_words;                    /* shorter sentences are not coded (commas count) */
    int complex_verbs, complex_conj;  /* that many verbs / conjunctions: too complex; 0 off */
    int noactprior;                   /* no actor before the first verb: too complex */
    char default_source[16], default_target[16]; /* "" when off */
    int default_source_prior;         /* the default source whenever none precedes the verb */
    int default_target_after;         /* the default target whenever none follows it */
    int comma_off;                    /* keep comma-delimited phrases */
    int comma_min, comma_max, comma_emin, comma_emax, comma_bmin, comma_bmax;
    int convert_agents;               /* an agent with no actor is an actor "~MIL"; else
                                       * it is no actor at all */
    int forward;                      /* FORWARD: a pronoun with no actor before it in its
                                       * sentence is the previous sentence's first actor */
} dyad_tabari_options;

/* TABARI's defaults: code by clause, 8 words at least, asides of 3-10 words dropped. */
void dyad_tabari_options_init(dyad_tabari_options *o);

/* Applies one line of a TABARI .options file; 0 when applied, 1 when the command does not
 * change coding here (LABEL:, OUTPUT:, SET: YYYY ... ) and is ignored. */
int dyad_tabari_option(dyad_tabari_options *o, const char *line);

/* After a pattern bound only one of '$' and '+': the other by TABARI's default search (a
 * target after the verb, else before it; a source anywhere), distinct in code. */
void dyad_tabari_complete(const dyad_parse *p, const dyad_vgroup *g, int *source, int *target);

/* `forward` holds the previous sentence's first actor code (NULL: none; start each story
 * with NULL) and receives this sentence's, for FORWARD. */
int dyad_tabari_roles(const dyad_tabari_options *o, const dyad_dict *d, const char *text,
                      const dyad_token *tok, const dyad_tokinfo *info, size_t n, uint32_t date,
                      dyad_arena *arena, const char **forward, dyad_parse *p);

#endif
