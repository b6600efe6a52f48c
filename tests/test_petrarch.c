/* PETRARCH dictionaries (tests/data/petr.*.txt, PETRARCH syntax): sector-only actors written
 * "---GOV", prefix agents ("[NGM~]" gives NGMARM), "!PERSON!" agent macros, synonym sets
 * used before their definition, and "<! -- -->" comments. */
#include "dyad.h"
#include "events.h"
#include "test.h"

static dyad_coder *coder;

static const char *events_of(const char *text)
{
    return story_events(coder, text, "2020-06-01");
}

TEST(codes_as_petrarch_writes_them)
{
    CHECK_STR(events_of("Officials accused Armenia on Monday."), "---GOV ARM 112");
    CHECK_STR(events_of("Rights activists in Armenia accused Bolivia."), "NGMARM BOL 112");
    /* no second NGM before an actor that already has it */
    CHECK_STR(events_of("Rights activists of Amnesty International praised Chile."),
              "NGMAMN CHL 041");
}

TEST(macros_and_late_synonym_sets)
{
    CHECK_STR(events_of("Armenia's congressmen praised Chile."), "ARMLEG CHL 041");
    CHECK_STR(events_of("Armenia accused Bolivia of spying."), "ARM BOL 1121");
    CHECK_STR(events_of("Armenia accused Bolivia of lying."), "ARM BOL 1121");
}

int main(void)
{
    static const char *const files[] = {"tests/data/petr.actors.txt", "tests/data/petr.agents.txt",
                                        "tests/data/petr.verbs.txt"};
    coder = files_coder(files, 3);
    RUN(codes_as_petrarch_writes_them);
    RUN(macros_and_late_synonym_sets);
    dyad_coder_free(coder);
    return TEST_END();
}
