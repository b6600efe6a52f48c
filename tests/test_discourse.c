/* Discourse across sentences, with the built-in dictionaries: pronouns, "the two
 * neighbours", "the kingdom", bare surnames, possessives, and replies to accusations. */
#include "dyad.h"
#include "events.h"
#include "test.h"

static dyad_coder *coder;

/* Codes text dated `date` into *s with coder c; 0 on success.  doc must outlive s. */
static int code_with(const dyad_coder *c, dyad_doc *doc, const char *text, const char *date,
                     dyad_story *s)
{
    char err[256];
    memset(doc, 0, sizeof *doc);
    doc->id = "d";
    doc->text = (char *)text;
    doc->len = strlen(text);
    doc->date = (char *)date;
    return c ? dyad_code_story(c, doc, s, err, sizeof err) : -1;
}

static const char *code_story(const char *text)
{
    return story_events(coder, text, "2024-03-06");
}

TEST(the_two_neighbours_gives_both_directions)
{
    CHECK_STR(code_story("India and Pakistan exchanged fire on Monday. The two neighbours said "
                         "they would resume talks next week."),
              "IND PAK 190; PAK IND 190; IND PAK 036; PAK IND 036");
}

TEST(a_reply_targets_the_accuser)
{
    CHECK_STR(code_story("Britain accused Russia of poisoning a former spy. Moscow rejected the "
                         "charges."),
              "GBR RUS 1125; RUSGOV GBR 016");
}

TEST(surname_after_full_name)
{
    CHECK_STR(code_story("Turkish Foreign Minister Hakan Fidan arrived in Cairo. Fidan later "
                         "criticized Israel."),
              "TURGOV EGYGOV 042; TURGOV ISR 111");
}

TEST(he_is_the_last_person)
{
    CHECK_STR(code_story("Egyptian President Abdel Fattah al-Sisi met Jordan's King Abdullah. He "
                         "also urged Israel to halt the offensive."),
              "EGYGOV JORGOV 040; EGYGOV ISR 0256");
}

TEST(the_kingdom)
{
    CHECK_STR(code_story("Saudi Arabia recalled its ambassador to Canada. The kingdom criticized "
                         "Ottawa."),
              "SAU CAN 161; SAU CANGOV 111");
}

TEST(possessive_takes_its_country)
{
    CHECK_STR(code_story("Russia massed tanks on the border. Its troops later attacked Ukraine."),
              "RUS MIL 154; RUSMIL UKR 190");
}

/* A -self pronoun is the subject of its own clause: no event of an actor on itself, not
 * the sentence's first subject; as an emphasis it is the actor it follows. */
TEST(reflexives_name_their_own_subject)
{
    CHECK_STR(code_story("The US said that Iraq had attacked themselves."), "");
    /* the demand is coded; Putin's act on himself is not */
    CHECK_STR(code_story("Obama told Putin to protect himself."), "USAELI RUSGOV 100");
    CHECK_STR(code_story("Russia accused Ukraine of defending itself."), "RUS UKR 112");
    CHECK_STR(code_story("Putin himself accused Ukraine of sabotage."), "RUSGOV UKR 112");
}

TEST(no_antecedent_no_event)
{
    CHECK_STR(code_story("He condemned the attack on Israel."), "");
    /* too far back: a pronoun does not reach four sentences */
    CHECK_STR(code_story("Iran spoke. The weather was fine. Markets rose. Prices fell. It then "
                         "condemned Israel."),
              "");
}

/* Quotations and their speakers, across sentences. */
TEST(quotes_and_speakers)
{
    const char *text = "Iranian Foreign Minister Abbas Araghchi met Turkish officials on Sunday.\n\n"
                       "\"We will not accept any threat to our borders,\" he said. \"Our "
                       "patience has limits.\"\n\nAccording to Turkey's foreign ministry, \"the "
                       "talks were useful.\"";
    dyad_doc doc;
    dyad_story s = {0};
    CHECK(code_with(coder, &doc, text, "2025-01-10", &s) == 0);
    CHECK_INT(s.nquotes, 3);
    if (s.nquotes == 3) {
        CHECK_STR(s.quotes[0].text, "We will not accept any threat to our borders,");
        CHECK_STR(s.quotes[0].speaker.text, "he");
        CHECK_STR(s.quotes[0].speaker.code, "IRNGOV"); /* Araghchi, foreign minister */
        CHECK_INT(s.quotes[0].speaker_named_in, 0);
        CHECK_STR(s.quotes[1].text, "Our patience has limits.");
        CHECK_STR(s.quotes[1].speaker.code, "IRNGOV"); /* the quotation goes on */
        CHECK_STR(s.quotes[2].speaker.code, "TURGOV");
        CHECK(memcmp(text + s.quotes[1].span.start, "Our patience", 12) == 0);
    }
    dyad_story_free(&s);
}

TEST(historical_and_weekday_dates)
{
    const char *text = "Cuba and the United States restored relations broken off after the 1961 "
                       "invasion. Cuba criticized the United States on Wednesday. Cuba condemned "
                       "the United States in 1961.";
    dyad_doc doc;
    dyad_story s = {0};
    CHECK(code_with(coder, &doc, text, "2024-03-07", &s) == 0);
    CHECK_INT(s.nevents, 4);
    if (s.nevents == 4) {
        CHECK_STR(s.events[0].event_date, "2024-03-07"); /* restored: now */
        CHECK(!s.events[0].historical);
        CHECK_STR(s.events[2].event_date, "2024-03-06"); /* on Wednesday */
        CHECK_STR(s.events[3].event_date, "1961-01-01");
        CHECK(s.events[3].historical);
    }
    dyad_story_free(&s);
}

/* The same event in two sentences is one record with both as evidence; --no-dedup keeps
 * both. */
TEST(one_event_one_record)
{
    const char *text = "Turkey accused Syria of shelling border towns. On Wednesday Turkey again "
                       "accused Syria of attacking its villages. Russia condemned Ukraine.";
    dyad_doc doc;
    dyad_story s = {0};
    CHECK(code_with(coder, &doc, text, "2024-03-06", &s) == 0);
    CHECK_INT(s.nevents, 2);
    if (s.nevents == 2) {
        CHECK_INT(s.events[0].nevidence, 2);
        CHECK_INT(s.events[0].evidence[0], 0);
        CHECK_INT(s.events[0].evidence[1], 1);
        CHECK_INT(s.events[1].nevidence, 1);
    }
    dyad_story_free(&s);
    dyad_options o = {0};
    o.no_dedup = 1;
    char err[256];
    dyad_coder *all = dyad_coder_new(&o, err, sizeof err);
    CHECK(code_with(all, &doc, text, "2024-03-06", &s) == 0);
    CHECK_INT(s.nevents, 3);
    dyad_story_free(&s);
    dyad_coder_free(all);
}

TEST(event_location)
{
    const char *text = "A suicide bomber attacked a police station in Kabul on Monday. Russia, "
                       "which backs the government in Damascus, urged Turkey to show restraint.";
    dyad_doc doc;
    dyad_story s = {0};
    CHECK(code_with(coder, &doc, text, "2024-03-06", &s) == 0);
    int kabul = 0, urged = 0;
    for (size_t i = 0; i < s.nevents; i++) {
        const dyad_story_event *e = &s.events[i];
        if (e->sentence == 0 && e->location && strcmp(e->location->name, "Kabul") == 0 &&
            strcmp(e->location->country, "AFG") == 0 && e->location->lat > 34 &&
            e->location->lat < 35)
            kabul = 1;
        if (e->sentence == 1 && strcmp(e->source.code, "RUS") == 0 &&
            e->target.code && strcmp(e->target.code, "TUR") == 0)
            urged = e->location == NULL ? 1 : -1;
    }
    CHECK(kabul);
    CHECK_INT(urged, 1);
    dyad_story_free(&s);
}

int main(void)
{
    char err[512];
    coder = dyad_coder_new(NULL, err, sizeof err);
    RUN(the_two_neighbours_gives_both_directions);
    RUN(a_reply_targets_the_accuser);
    RUN(surname_after_full_name);
    RUN(he_is_the_last_person);
    RUN(the_kingdom);
    RUN(possessive_takes_its_country);
    RUN(reflexives_name_their_own_subject);
    RUN(no_antecedent_no_event);
    RUN(quotes_and_speakers);
    RUN(historical_and_weekday_dates);
    RUN(one_event_one_record);
    RUN(event_location);
    dyad_coder_free(coder);
    return TEST_END();
}
