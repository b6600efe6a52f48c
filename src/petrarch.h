/* petrarch — PETRARCH's configuration options, for PETRARCH dictionaries.
 *
 * PETRARCH reads its coding switches from PETR_config.ini ("[Options]" then "name = value"
 * lines) and its validation suite changes them between records with <Config option=""
 * value="">.  A researcher moving to dyad with a tuned config expects the same switches to
 * work, so `--dict config=FILE` (or a file ending ".ini") and eval's <Config> records apply
 * them.  The options that change coding here:
 *   - require_dyad (default true): an event needs a source and a target.  Set to false,
 *     an event with a source but no target is kept (target "---"), and a reporting verb
 *     ("said") codes with its dictionary code like any other verb, as in PETRARCH.
 *   - new_actor_length (default 0, off): a noun phrase no dictionary names, of at most that
 *     many words (a leading article counts, a possessive 's does not), is an actor coded
 *     by its own upper-cased text in quotation marks ("\"THE MINISTRY OF MAGIC\""), as
 *     PETRARCH does to show researchers the actors their dictionaries lack.
 * Options that only steer PETRARCH's own run (file names, logging, stop_on_error) are
 * accepted and change nothing.  The comma_* options are accepted and not applied: dyad's
 * own parser keeps comma-delimited clauses. */
#ifndef DYAD_PETRARCH_H
#define DYAD_PETRARCH_H

#include "arena.h"
#include "parse.h"

typedef struct dyad_petrarch_config {
    int require_dyad;
    int new_actor_length;
} dyad_petrarch_config;

void dyad_petrarch_config_init(dyad_petrarch_config *o);

enum dyad_petrarch_set_result {
    DYAD_PETRARCH_APPLIED,     /* it changes coding from now on */
    DYAD_PETRARCH_IRRELEVANT,  /* it steers PETRARCH's own run (files, logs): nothing to do */
    DYAD_PETRARCH_NOT_APPLIED, /* it changes PETRARCH's coding but not dyad's, or is unknown:
                                * the caller warns */
    DYAD_PETRARCH_BAD_VALUE    /* a boolean or number option with another value */
};

/* Sets option `name` (any case) to `value` (true/false in any case, or a number). */
enum dyad_petrarch_set_result dyad_petrarch_set(dyad_petrarch_config *o, const char *name,
                                                const char *value);

/* One line of PETR_config.ini: "name = value" or "name: value"; comments (# ;), section
 * headers and blank lines are IRRELEVANT. */
enum dyad_petrarch_set_result dyad_petrarch_config_line(dyad_petrarch_config *o,
                                                        const char *line);

/* new_actor_length: codes the parse's unknown noun-phrase mentions by their text. */
int dyad_petrarch_new_actors(const dyad_petrarch_config *o, const char *text,
                             const dyad_token *tok, const dyad_tokinfo *info, dyad_arena *arena,
                             dyad_parse *p);

#endif
