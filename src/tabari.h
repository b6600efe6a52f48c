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
 * Mentions come from dyad_parse_mentions as usual; this replaces dyad_parse_roles. */
#ifndef DYAD_TABARI_H
#define DYAD_TABARI_H
#include "parse.h"

int dyad_tabari_roles(const dyad_dict *d, const char *text, const dyad_token *tok,
                      const dyad_tokinfo *info, size_t n, dyad_parse *p);

#endif
