/* End-to-end: stories in, events out, with the small test dictionaries in tests/data so the
 * assertions test the coder, not the built-in dictionaries. */
#include "dyad.h"
#include "events.h"
#include "test.h"
#include <stdlib.h>

static dyad_coder *coder;

static dyad_coder *make(void)
{
    static const char *const files[] = {"tests/data/mini.actors", "tests/data/mini.agents",
                                        "tests/data/mini.verbs"};
    dyad_options o = {.dict_files = files, .ndict_files = 3, .default_date = "2020-06-01",
                      .no_dedup = 1};
    char err[512];
    dyad_coder *c = dyad_coder_new(&o, err, sizeof err);
    if (!c)
        fprintf(stderr, "coder: %s\n", err);
    return c;
}

static const char *events_of(const char *text, const char *date)
{
    return story_events(coder, text, date);
}

TEST(accusation_with_pattern)
{
    CHECK_STR(events_of("Britain accused Russia of poisoning a former spy.", NULL), "GBR RUS 1121");
    CHECK_STR(events_of("Britain accused Russia.", NULL), "GBR RUS 112");
}

TEST(possessive_agent_and_reporting_frame)
{
    CHECK_STR(events_of("Putin said Russia's Defence Ministry had agreed to meet Turkish "
                        "officials.", NULL),
              "RUSGOVMIL TURGOV 036");
}

TEST(passive_voice_swaps_roles)
{
    CHECK_STR(events_of("Turkey was attacked by Syria on Tuesday.", NULL), "SYR TUR 190");
}

TEST(compound_actors_give_one_event_each)
{
    CHECK_STR(events_of("Brazil and the United States condemned Russia.", NULL),
              "BRA RUS 111; USA RUS 111");
}

TEST(negation_codes_nothing)
{
    CHECK_STR(events_of("Syria did not attack Turkey.", NULL), "");
    CHECK_STR(events_of("Syria didn't attack Turkey.", NULL), "");
    CHECK_STR(events_of("Syria never attacked Turkey.", NULL), "");
    CHECK_STR(events_of("Neither Russia nor China condemned Iran.", NULL), "");
}

TEST(agent_word_as_adjective)
{
    /* "his official counterpart": "official" names nobody; the target is Turkey */
    CHECK_STR(events_of("Putin met his official counterpart from Turkey on Monday.", "2020-01-01"),
              "RUSGOV TUR 040");
    /* a plural agent is a noun: "its troops fighting" names the troops */
    CHECK_STR(events_of("Russia criticized its troops fighting in Syria.", "2020-01-01"),
              "RUS MIL 111");
}

TEST(refusal_to_meet)
{
    CHECK_STR(events_of("Turkey refused to meet Syria.", NULL), "TUR SYR 125");
}

TEST(apposition_lends_its_code)
{
    CHECK_STR(events_of("Egypt's top cleric, Grand Imam Ahmed el-Tayeb, criticized Turkey.", NULL),
              "EGYREL TUR 111");
}

TEST(quoted_as_saying)
{
    CHECK_STR(events_of("It would attack Syria soon, the news agency quoted Erdogan as saying.",
                        NULL),
              "TURGOV SYR 190");
}

TEST(pronoun_takes_the_speaker)
{
    CHECK_STR(events_of("Turkey said it would attack Syria.", NULL), "TUR SYR 190");
}

TEST(capital_metonymy_and_dates)
{
    CHECK_STR(events_of("Moscow condemned Ankara.", NULL), "RUSGOV TURGOV 111");
    CHECK_STR(events_of("Erdogan criticized France.", "2020-01-01"), "TURGOV FRA 111");
    CHECK_STR(events_of("Erdogan criticized France.", "1999-01-01"), "TURELI FRA 111");
}

TEST(coordinated_verbs_share_the_subject)
{
    CHECK_STR(events_of("Turkey condemned Syria and accused Russia of torture.", NULL),
              "TUR SYR 111; TUR RUS 1122");
}

TEST(relative_clause_is_skipped)
{
    CHECK_STR(events_of("Russia, which has backed Syria, condemned Turkey.", NULL), "RUS TUR 111");
}

TEST(synonym_set_pattern)
{
    CHECK_STR(events_of("France warned Russia against military action in Syria.", NULL),
              "FRA RUS 138");
}

TEST(light_verb_alone_codes_nothing)
{
    CHECK_STR(events_of("Turkey held Syria.", NULL), "");
    CHECK_STR(events_of("Turkey held talks with Syria.", NULL), "TUR SYR 040");
}

TEST(plan_to_attack_codes_the_infinitive)
{
    CHECK_STR(events_of("Turkey plans to attack Syria.", NULL), "TUR SYR 190");
}

/* An infinitive after its controller's named object is the object's act; a mention after a
 * preposition, or one naming no country, leaves it to the controller's subject. */
TEST(object_control_gives_the_infinitive_its_subject)
{
    CHECK_STR(events_of("Britain told Russia to attack Syria.", NULL), "RUS SYR 190");
    CHECK_STR(events_of("Turkey plans with Egypt to attack Syria.", NULL), "TUR SYR 190");
    CHECK_STR(events_of("Turkey plans the operation to attack Syria.", NULL), "TUR SYR 190");
}

/* "in northern Syria" is a place as "in Syria" is: not the target, and it gives the agent
 * before it its country. */
TEST(compass_words_before_a_place)
{
    CHECK_STR(events_of("Turkish troops attacked clerics in northern Syria.", NULL),
              "TURMIL SYRREL 190");
    CHECK_STR(events_of("Turkish troops attacked clerics in Syria.", NULL), "TURMIL SYRREL 190");
}

/* "the soldiers attacked by Turkey": a participle after a plain noun with a by-phrase is a
 * passive; its agent is the source. */
TEST(reduced_passive_after_a_plain_noun)
{
    CHECK_STR(events_of("Syria mourned the soldiers attacked by Turkey.", NULL), "TUR SYR 190");
}

/* Coordinated parties that meet do so at a place; one they condemn may be their target. */
TEST(a_venue_is_no_target_of_parties_that_meet)
{
    CHECK_STR(events_of("Turkey and Syria held talks in Egypt.", NULL), "TUR SYR 040; SYR TUR 040");
    CHECK_STR(events_of("Turkey and Britain condemned the violence in Syria.", NULL),
              "TUR SYR 111; GBR SYR 111");
}

TEST(nouns_are_not_verbs)
{
    CHECK_STR(events_of("The attack on Syria angered Turkey.", NULL), "");
}

TEST(spans_point_into_the_original)
{
    /* curly quotes are three bytes each in the input, one after cleaning */
    const char *text = "\xe2\x80\x9cNo,\xe2\x80\x9d he said. Britain accused Russia.";
    dyad_doc doc = {0};
    doc.id = "spans";
    doc.text = (char *)text;
    doc.len = strlen(text);
    dyad_story s = {0};
    char err[256];
    CHECK(coder && dyad_code_story(coder, &doc, &s, err, sizeof err) == 0);
    CHECK_INT(s.nevents, 1);
    if (s.nevents == 1) {
        const dyad_story_event *e = &s.events[0];
        CHECK_INT(e->source.span.end - e->source.span.start, 7);
        CHECK(memcmp(text + e->source.span.start, "Britain", 7) == 0);
        CHECK(memcmp(text + e->target.span.start, "Russia", 6) == 0);
        CHECK(memcmp(text + e->verb_span.start, "accused", 7) == 0);
        CHECK_INT(e->sentence, 1);
        CHECK_STR(s.sentences[0].text, "\"No,\" he said.");
    }
    dyad_story_free(&s);
}

TEST(headline_is_coded)
{
    dyad_doc doc = {0};
    const char *text = "Britain Accuses Russia Of Torture\n\nLONDON (Reuters) - Officials met.";
    doc.id = "h";
    doc.text = (char *)text;
    doc.len = strlen(text);
    doc.headline_len = 33;
    dyad_story s = {0};
    char err[256];
    CHECK(coder && dyad_code_story(coder, &doc, &s, err, sizeof err) == 0);
    CHECK_INT(s.nevents, 2); /* the headline's, and "Officials met" with no target */
    if (s.nevents == 2) {
        CHECK_STR(s.events[0].cameo->code, "1122");
        CHECK(s.events[1].target.code == NULL);
    }
    CHECK(s.nsentences >= 1 && s.sentences[0].headline);
    dyad_story_free(&s);
}

TEST(story_reuse_and_empty_text)
{
    CHECK_STR(events_of("", NULL), "");
    CHECK_STR(events_of("   \n\n ", NULL), "");
    CHECK_STR(events_of("Britain accused", NULL), "GBR - 112");
    CHECK_STR(events_of("Britain accused them.", NULL), ""); /* a target we cannot code */
}

int main(void)
{
    coder = make();
    RUN(accusation_with_pattern);
    RUN(possessive_agent_and_reporting_frame);
    RUN(passive_voice_swaps_roles);
    RUN(compound_actors_give_one_event_each);
    RUN(negation_codes_nothing);
    RUN(agent_word_as_adjective);
    RUN(refusal_to_meet);
    RUN(apposition_lends_its_code);
    RUN(quoted_as_saying);
    RUN(pronoun_takes_the_speaker);
    RUN(capital_metonymy_and_dates);
    RUN(coordinated_verbs_share_the_subject);
    RUN(relative_clause_is_skipped);
    RUN(synonym_set_pattern);
    RUN(light_verb_alone_codes_nothing);
    RUN(plan_to_attack_codes_the_infinitive);
    RUN(object_control_gives_the_infinitive_its_subject);
    RUN(compass_words_before_a_place);
    RUN(reduced_passive_after_a_plain_noun);
    RUN(a_venue_is_no_target_of_parties_that_meet);
    RUN(nouns_are_not_verbs);
    RUN(spans_point_into_the_original);
    RUN(headline_is_coded);
    RUN(story_reuse_and_empty_text);
    dyad_coder_free(coder);
    return TEST_END();
}
