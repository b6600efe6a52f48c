/* TABARI dictionaries under TABARI's clause rules (src/tabari.c), with small dictionaries in
 * TABARI syntax (tests/data/tabari.*): stems, synonym sets, alternatives, paired and
 * subordinate codes, discards, clause splitting, asides, passives, agents, options. */
#include "dyad.h"
#include "events.h"
#include "test.h"
#include <stdlib.h>

static dyad_coder *coder;

static const char *events_of(const char *text)
{
    return story_events(coder, text, "2020-06-01");
}

TEST(stems_patterns_and_synonym_sets)
{
    CHECK_STR(events_of("Armenia accused Bolivia on Monday in a long statement."), "ARM BOL 112");
    CHECK_STR(events_of("Armenia accused Bolivia of spying on its ministers."), "ARM BOL 1121");
    CHECK_STR(events_of("Armenia has promised food aid to Bolivia this week."), "ARM BOL 051");
    CHECK_STR(events_of("Armenia has promised support to Bolivia this week."), "ARM BOL 052");
}

TEST(paired_and_subordinate_codes)
{
    CHECK_STR(events_of("Armenia will meet Bolivia in the capital next week."),
              "ARM BOL 031; BOL ARM 031");
    /* SAID [023?] counts only when nothing else is coded; "it" is the first actor */
    CHECK_STR(events_of("Armenia said on Monday that it accused Bolivia of nothing."),
              "ARM BOL 112");
    CHECK_STR(events_of("Armenia said on Monday that Bolivia was right about it."),
              "ARM BOL 023");
}

TEST(clauses_asides_and_passives)
{
    /* a clause after a conjunction keeps the source; each clause codes its first event */
    CHECK_STR(events_of("Armenia accused Bolivia on Monday and promised money to Chile."),
              "ARM BOL 112; ARM CHL 051");
    /* an aside of 3 to 10 words between commas is dropped */
    CHECK_STR(events_of("Armenia, which Denmark and Finland praised last year, accused Bolivia."),
              "ARM BOL 112");
    CHECK_STR(events_of("Bolivia was attacked by Chile near the border on Monday."),
              "CHL BOL 190");
    /* a compound goes on over actors joined by <ADJECTIVE> words only */
    CHECK_STR(events_of("Armenia and the evil Bolivia evil Chile accused Denmark on Monday of lying."),
              "ARM DNK 112; BOL DNK 112; CHL DNK 112");
    /* no target after the verb: the next actor of the source's own compound, one event */
    CHECK_STR(events_of("Armenia and Bolivia have accused nobody in the long statement today."),
              "ARM BOL 112");
    /* a pattern's '$' names the source of a passive, by-phrase or not */
    CHECK_STR(events_of("Armenia has been received by courier money from Bolivia on Monday."),
              "BOL ARM 071");
}

TEST(actors_agents_and_discards)
{
    CHECK_STR(events_of("The Estonian president accused Finland on Monday of lying."),
              "ESTGOVPRS FIN 112");
    CHECK_STR(events_of("Granada state-run television accused Finland of lying on Monday."),
              "GRATV FIN 112");
    CHECK_STR(events_of("Armenia accused Bolivia of cheating at soccer on Monday."), "");
    /* "RESOLUTION_" is closed: no endings, and no stem match, though "RESOLUTION" is a stem
     * in another pattern */
    CHECK_STR(events_of("Armenia adopted a resolution with Bolivia on Monday."), "ARM BOL 102");
    CHECK_STR(events_of("Armenia adopted new resolutions with Bolivia on Monday."), "ARM BOL 081");
    CHECK_STR(events_of("Armenia rejected the resolutions of Bolivia on Monday."), "ARM BOL 125");
    /* every pattern word is a stem, reporting and function words too */
    CHECK_STR(events_of("Armenia notedown would boycott Bolivia at the games on Monday."),
              "ARM BOL 174");
    CHECK_STR(events_of("Armenia was into accord with Bolivia on Monday in a statement."),
              "ARM BOL 072");
    /* a compound with a paired code: both directions, and the answers are events of
     * their own (not merged with the first code's, though the root is the same) */
    CHECK_STR(events_of("Bolivia and Chile welcomed a resumption of ties on Monday in the capital."),
              "BOL CHL 044; CHL BOL 044; BOL CHL 045; CHL BOL 045");
    /* patterns matching as many letters: written-out words beat a synonym set */
    CHECK_STR(events_of("Armenia will contribute a million dollars to Bolivia next week."),
              "ARM BOL 071");
    CHECK_STR(events_of("Armenia will contribute a million euros to Bolivia next week."),
              "ARM BOL 903");
    /* "BAN=" takes no endings though BAN is a stem in "REVERSE BAN" */
    CHECK_STR(events_of("Armenia will ban Bolivia from the talks next week."), "ARM BOL 191");
    CHECK_STR(events_of("Armenia is baning Bolivia from the talks next week."), "");
    /* a blank-joined verb phrase lets up to two words come between */
    CHECK_STR(events_of("Armenia's death toll has risen in the dispute with Bolivia."),
              "ARM BOL 223");
}

TEST(options_change_coding)
{
    CHECK_INT(dyad_coder_tabari_option(coder, "SET: CODE BY SENTENCE"), 0);
    CHECK_STR(events_of("Armenia accused Bolivia on Monday and promised money to Chile."),
              "ARM BOL 112");
    CHECK_INT(dyad_coder_tabari_option(coder, "SET: CODE BY CLAUSE"), 0);
    CHECK_INT(dyad_coder_tabari_option(coder, "SET: MINIMUM WORDS = 12"), 0);
    CHECK_STR(events_of("Armenia accused Bolivia on Monday."), "");
    CHECK_INT(dyad_coder_tabari_option(coder, "SET: MINIMUM WORDS = 4"), 0);
    CHECK_STR(events_of("Armenia accused Bolivia on Monday."), "ARM BOL 112");
    CHECK_INT(dyad_coder_tabari_option(coder, "LABEL: 010=YIELD"), 1); /* not coding's */
}

int main(void)
{
    static const char *const files[] = {"tests/data/tabari.actors", "tests/data/tabari.agents",
                                        "tests/data/tabari.verbs"};
    coder = files_coder(files, 3);
    RUN(stems_patterns_and_synonym_sets);
    RUN(paired_and_subordinate_codes);
    RUN(clauses_asides_and_passives);
    RUN(actors_agents_and_discards);
    RUN(options_change_coding);
    dyad_coder_free(coder);
    return TEST_END();
}
