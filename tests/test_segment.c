/* Sentence and token boundaries on real wire-news shapes. */
#include "segment.h"
#include "data.h"
#include "test.h"
#include <stdlib.h>

static dyad_abbrevs *abbrevs(void)
{
    size_t len;
    const char *text = dyad_data_file("abbreviations.list", &len);
    return dyad_abbrevs_new(text, len);
}

/* The sentences of text joined by " | ". */
static char *sentences(const char *text, size_t headline_len)
{
    static char out[4096];
    dyad_abbrevs *a = abbrevs();
    dyad_segments s = {0};
    out[0] = '\0';
    if (dyad_segment(a, text, strlen(text), headline_len, 0, &s) == 0)
        for (size_t i = 0; i < s.nsentences; i++) {
            if (i)
                strcat(out, " | ");
            strncat(out, text + s.sentences[i].start, s.sentences[i].end - s.sentences[i].start);
        }
    dyad_segments_free(&s);
    dyad_abbrevs_free(a);
    return out;
}

static char *tokens(const char *text)
{
    static char out[4096];
    dyad_segments s = {0};
    dyad_abbrevs *a = abbrevs();
    out[0] = '\0';
    if (dyad_segment(a, text, strlen(text), 0, 0, &s) == 0)
        for (size_t i = 0; i < s.ntokens; i++) {
            if (i)
                strcat(out, " ");
            strncat(out, text + s.tokens[i].start, s.tokens[i].len);
        }
    dyad_segments_free(&s);
    dyad_abbrevs_free(a);
    return out;
}

TEST(abbreviations_do_not_split)
{
    CHECK_STR(sentences("U.S. Secretary of State Antony Blinken met Gen. Abdel Fattah al-Sisi "
                        "in Cairo on Jan. 30. The talks lasted two hours.", 0),
              "U.S. Secretary of State Antony Blinken met Gen. Abdel Fattah al-Sisi in Cairo "
              "on Jan. 30. | The talks lasted two hours.");
    CHECK_STR(sentences("The U.N. Security Council met on Friday. It voted 13-0.", 0),
              "The U.N. Security Council met on Friday. | It voted 13-0.");
}

TEST(abbreviation_ends_sentence_before_opener)
{
    CHECK_STR(sentences("The envoy flew to the U.S. The talks begin Monday.", 0),
              "The envoy flew to the U.S. | The talks begin Monday.");
}

TEST(initials_and_decimals)
{
    CHECK_STR(sentences("John F. Kennedy was shot in 1963. Growth slowed to 2.5 percent in "
                        "the quarter. Oil rose.", 0),
              "John F. Kennedy was shot in 1963. | Growth slowed to 2.5 percent in the "
              "quarter. | Oil rose.");
}

TEST(quotes_close_the_sentence)
{
    CHECK_STR(sentences("\"We will not retreat,\" he said. \"Never.\" Then he left.", 0),
              "\"We will not retreat,\" he said. | \"Never.\" | Then he left.");
    CHECK_STR(sentences("\"Why now?\" asked the minister.", 0),
              "\"Why now?\" asked the minister.");
}

TEST(headline_and_paragraphs)
{
    const char *story = "Turkey warns Syria over border shelling\n\nANKARA - Turkey warned Syria "
                        "on Monday.\n\nOfficials met later";
    CHECK_STR(sentences(story, 39),
              "Turkey warns Syria over border shelling | ANKARA - Turkey warned Syria on "
              "Monday. | Officials met later");
}

TEST(tokens_keep_words_whole)
{
    CHECK_STR(tokens("Turkey's al-Qaeda didn't U.S.-led AT&T 1,200 F-16s ... -- end."),
              "Turkey 's al-Qaeda did n't U.S. - led AT&T 1,200 F-16s ... -- end .");
    CHECK_STR(tokens("the Russians' claims"), "the Russians ' claims");
}

TEST(offsets_point_into_text)
{
    const char *text = "  Iran  condemned\tIsrael.";
    dyad_segments s = {0};
    CHECK(dyad_segment(NULL, text, strlen(text), 0, 0, &s) == 0);
    CHECK_INT(s.ntokens, 4);
    CHECK_INT(s.tokens[0].start, 2);
    CHECK_INT(s.tokens[1].start, 8);
    CHECK_INT(s.tokens[2].start, 18);
    CHECK_INT(s.tokens[3].start, 24);
    CHECK(s.tokens[0].flags & DYAD_TF_CAPITAL);
    CHECK(!(s.tokens[1].flags & DYAD_TF_CAPITAL));
    dyad_segments_free(&s);
}

TEST(one_sentence_mode_and_empty_text)
{
    dyad_segments s = {0};
    CHECK(dyad_segment(NULL, "A. B. C.", 8, 0, 1, &s) == 0);
    CHECK_INT(s.nsentences, 1);
    CHECK(dyad_segment(NULL, "", 0, 0, 0, &s) == 0);
    CHECK_INT(s.nsentences, 0);
    CHECK(dyad_segment(NULL, "   \n\n  ", 7, 0, 0, &s) == 0);
    CHECK_INT(s.nsentences, 0);
    dyad_segments_free(&s);
}

TEST(quote_marks_are_flagged)
{
    const char *text = "He said \"we will fight\" today.";
    dyad_segments s = {0};
    CHECK(dyad_segment(NULL, text, strlen(text), 0, 0, &s) == 0);
    CHECK(s.tokens[2].flags & DYAD_TF_OPENQ);
    CHECK(s.tokens[3].flags & DYAD_TF_INQUOTE);
    CHECK(!(s.tokens[6].flags & DYAD_TF_INQUOTE));
    dyad_segments_free(&s);
}

TEST(capital_and_all_caps_flags)
{
    const char *text = "NATO and UN-led A1 US ISN'T U.S. \xc3\x89vora xY";
    dyad_segments s = {0};
    CHECK(dyad_segment(NULL, text, strlen(text), 0, 0, &s) == 0);
    CHECK_INT(s.ntokens, 10);
    static const int flags[] = {DYAD_TF_CAPITAL | DYAD_TF_ALLCAPS, 0, DYAD_TF_CAPITAL,
                                DYAD_TF_CAPITAL,
                                DYAD_TF_CAPITAL | DYAD_TF_ALLCAPS, DYAD_TF_CAPITAL | DYAD_TF_ALLCAPS,
                                0, DYAD_TF_CAPITAL | DYAD_TF_ALLCAPS, DYAD_TF_CAPITAL, 0};
    for (size_t i = 0; i < s.ntokens && i < 10; i++)
        CHECK_INT(s.tokens[i].flags & (DYAD_TF_CAPITAL | DYAD_TF_ALLCAPS), flags[i]);
    dyad_segments_free(&s);
}

int main(void)
{
    RUN(abbreviations_do_not_split);
    RUN(abbreviation_ends_sentence_before_opener);
    RUN(initials_and_decimals);
    RUN(quotes_close_the_sentence);
    RUN(headline_and_paragraphs);
    RUN(tokens_keep_words_whole);
    RUN(offsets_point_into_text);
    RUN(one_sentence_mode_and_empty_text);
    RUN(quote_marks_are_flagged);
    RUN(capital_and_all_caps_flags);
    return TEST_END();
}
