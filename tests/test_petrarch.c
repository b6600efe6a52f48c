/* PETRARCH dictionaries (tests/data/petr.*.txt, PETRARCH syntax): sector-only actors written
 * "---GOV", prefix agents ("[NGM~]" gives NGMARM), "!PERSON!" agent macros, synonym sets
 * used before their definition, and "<! -- -->" comments. */
#include "dyad.h"
#include "events.h"
#include "test.h"
#include <string.h>

static dyad_coder *coder;

static const char *events_of(const char *text)
{
    return story_events(coder, text, "2020-06-01");
}

TEST(codes_as_petrarch_writes_them)
{
    CHECK_STR(events_of("Officials accused Armenia on Monday."), "---GOV ARM 112");
    CHECK_STR(events_of("Rights activists in Armenia accused Bolivia."), "NGMARM BOL 112");
    /* an agent of an organisation is appended to its code */
    CHECK_STR(events_of("Officials of Amnesty International praised Chile."), "NGMAMNGOV CHL 041");
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

TEST(skips_and_underscores)
{
    /* PETRARCH's '^' skips a noun phrase whether or not it names an actor */
    CHECK_STR(events_of("Armenia warned their people about Bolivia."), "ARM BOL 162");
    CHECK_STR(events_of("Armenia warned their Chile allies about Bolivia."), "ARM BOL 162");
    /* words joined by a blank in a dictionary phrase may have others between them */
    CHECK_STR(events_of("Bolivia state-run television accused Chile."), "BOLTV CHL 112");
    CHECK_STR(events_of("Bolivia television accused Chile."), "BOLTV CHL 112");
    /* an underscore in the text joins words as in the dictionaries */
    CHECK_STR(events_of("Armenia warned Amnesty_International."), "ARM NGMAMN 160");
}

TEST(plurals)
{
    /* a word in a pattern takes no endings; a synonym set's phrases take plurals */
    CHECK_STR(events_of("Armenia adopted a resolution with Bolivia."), "ARM BOL 102");
    CHECK_STR(events_of("Armenia adopted resolutions with Bolivia."), "ARM BOL 081");
    CHECK_STR(events_of("Armenia adopted policies with Bolivia."), "ARM BOL 073");
    CHECK_STR(events_of("Armenia adopted programs with Bolivia."), "ARM BOL 073");
}

TEST(connectors)
{
    /* "RECENTLY_*": the word right before the verb, with no auxiliary between */
    CHECK_STR(events_of("Armenia recently praised Chile."), "ARM CHL 042");
    CHECK_STR(events_of("Armenia recently did praise Chile."), "ARM CHL 041");
    /* a '%' after the verb is the target: the subject with each member */
    CHECK_STR(events_of("Armenia agreed with Bolivia and Chile on Monday."),
              "ARM BOL 031; ARM CHL 031");
}

TEST(new_actors)
{
    /* unknown noun phrases of up to new_actor_length words are coded by their text */
    CHECK_STR(events_of("The Ministry of Magic accused Armenia."), "");
    CHECK_INT(dyad_coder_petrarch_config(coder, "new_actor_length", "4"), 0);
    CHECK_STR(events_of("The Ministry of Magic accused Armenia."),
              "\"THE MINISTRY OF MAGIC\" ARM 112");
    CHECK_STR(events_of("Gryffindor's head Minerva McGonagall accused Armenia."),
              "\"GRYFFINDOR HEAD MINERVA MCGONAGALL\" ARM 112");
    CHECK_INT(dyad_coder_petrarch_config(coder, "new_actor_length", "3"), 0);
    CHECK_STR(events_of("The Ministry of Magic accused Armenia."), "");
    CHECK_INT(dyad_coder_petrarch_config(coder, "new_actor_length", "many"), -1);
    CHECK_INT(dyad_coder_petrarch_config(coder, "new_actor_length", "0"), 0);
}

TEST(reporting_word_as_object)
{
    /* "expressed hopes that": the plural after a verb is its object, not a second verb */
    CHECK_STR(events_of("Armenia expressed hopes on Monday that Bolivia would win."),
              "ARM BOL 024");
}

TEST(require_dyad)
{
    /* PETRARCH's default: no event without a target; a reporting verb its dictionary codes
     * ("SAID [023]" here) codes like any verb */
    CHECK_STR(events_of("Armenia accused the police on Monday."), "");
    CHECK_STR(events_of("Officials said Bolivia was ready."), "---GOV BOL 023");
    CHECK_INT(dyad_coder_petrarch_config(coder, "REQUIRE_DYAD", "False"), 0);
    CHECK_STR(events_of("Armenia accused the police on Monday."), "ARM - 112"); /* events.h writes no target as "-" */
    CHECK_STR(events_of("Officials said on Monday."), "---GOV - 023");
    CHECK_INT(dyad_coder_petrarch_config(coder, "require_dyad", "maybe"), -1);
    CHECK_INT(dyad_coder_petrarch_config(coder, "stop_on_error", "True"), 1);
    CHECK_INT(dyad_coder_petrarch_config(coder, "comma_min", "4"), 2);
    CHECK_INT(dyad_coder_petrarch_config(coder, "require_dyad", "true"), 0);
    CHECK_STR(events_of("Officials said on Monday."), "");
}

TEST(config_file)
{
    static const char *const files[] = {"tests/data/petr.actors.txt", "tests/data/petr.agents.txt",
                                        "tests/data/petr.verbs.txt", "tests/data/petr.config.ini"};
    dyad_coder *c = files_coder(files, 4);
    CHECK_STR(story_events(c, "Officials said on Monday.", "2020-06-01"), "---GOV - 023");
    int warned = 0; /* comma_min changes PETRARCH's coding, not dyad's: said, with its line */
    for (size_t i = 0; i < dyad_coder_nwarnings(c); i++)
        warned += strstr(dyad_coder_warning(c, i), "petr.config.ini:7: option not applied by "
                                                     "dyad: comma_min : 2") != NULL;
    CHECK_INT(warned, 1);
    dyad_coder_free(c);
    /* a value the option cannot take is an error naming file:line */
    static const char *const bad[] = {"tests/data/petr.actors.txt", "tests/data/petr.bad.ini"};
    dyad_options o = {.dict_files = bad, .ndict_files = 2, .only_dict_files = 1};
    char err[512] = "";
    CHECK(dyad_coder_new(&o, err, sizeof err) == NULL);
    CHECK(strstr(err, "tests/data/petr.bad.ini:2: bad value") != NULL);
}

int main(void)
{
    static const char *const files[] = {"tests/data/petr.actors.txt", "tests/data/petr.agents.txt",
                                        "tests/data/petr.verbs.txt"};
    coder = files_coder(files, 3);
    RUN(codes_as_petrarch_writes_them);
    RUN(macros_and_late_synonym_sets);
    RUN(skips_and_underscores);
    RUN(plurals);
    RUN(connectors);
    RUN(new_actors);
    RUN(reporting_word_as_object);
    RUN(require_dyad);
    RUN(config_file);
    dyad_coder_free(coder);
    return TEST_END();
}
