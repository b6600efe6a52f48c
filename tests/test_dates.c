/* Event dates from the story date and the sentence's words. */
#include "dates.h"
#include "test.h"

/* The first date expression of a sentence, relative to 2024-03-07 (a Thursday). */
static uint32_t first_date(const char *text)
{
    dyad_segments s = {0};
    dyad_date_expr d[4];
    uint32_t got = 0;
    if (dyad_segment(NULL, text, strlen(text), 0, 1, &s) == 0 &&
        dyad_find_dates(text, s.tokens, s.ntokens, 20240307, d, 4) > 0)
        got = d[0].date;
    dyad_segments_free(&s);
    return got;
}

TEST(calendar_round_trip)
{
    CHECK_INT(dyad_date_days(19700101), 0);
    CHECK_INT(dyad_date_days(20240307), 19789);
    CHECK_INT(dyad_days_date(19789), 20240307);
    CHECK_INT(dyad_days_date(dyad_date_days(20000229) + 1), 20000301);
    CHECK_INT(dyad_days_date(dyad_date_days(19611231) + 1), 19620101);
}

TEST(weekdays_are_on_or_before_the_story)
{
    CHECK_INT(first_date("Turkey accused Syria on Wednesday."), 20240306);
    CHECK_INT(first_date("Turkey accused Syria on Thursday."), 20240307);
    CHECK_INT(first_date("Turkey accused Syria on Friday."), 20240301);
    CHECK_INT(first_date("They will meet next Monday."), 20240311);
}

TEST(relative_words)
{
    CHECK_INT(first_date("Iran protested yesterday."), 20240306);
    CHECK_INT(first_date("Iran protests today."), 20240307);
    CHECK_INT(first_date("Iran will protest tomorrow."), 20240308);
    CHECK_INT(first_date("Iran protested last week."), 20240229);
    CHECK_INT(first_date("Iran protested three days ago."), 20240304);
    CHECK_INT(first_date("Iran protested two years ago."), 20220101);
    CHECK_INT(first_date("Iran protested last month."), 20240201);
}

TEST(calendar_dates_and_years)
{
    CHECK_INT(first_date("The talks began on March 3."), 20240303);
    CHECK_INT(first_date("The talks began on 3 March."), 20240303);
    CHECK_INT(first_date("The talks began on Jan. 30."), 20240130);
    CHECK_INT(first_date("The talks began on Dec. 28."), 20231228);
    CHECK_INT(first_date("Relations ended after the 1961 invasion."), 19610101);
    CHECK_INT(first_date("Relations ended in 1979."), 19790101);
    CHECK_INT(first_date("Relations ended in January."), 20240101);
    CHECK_INT(first_date("Iran may protest."), 0); /* the modal is no month */
    CHECK_INT(first_date("Iran sent 1961 soldiers."), 0);
}

TEST(month_abbreviations_and_case)
{
    CHECK_INT(first_date("The talks began on Sept. 3."), 20230903); /* well after the story */
    CHECK_INT(first_date("The talks began on Feb 28."), 20240228);
    CHECK_INT(first_date("The talks began on Janu 30."), 20240130);
    CHECK_INT(first_date("The talks began in May."), 20230501);
    CHECK_INT(first_date("The talks began in MARCH 2023."), 20230301);
    CHECK_INT(first_date("The talks began on march 3."), 0);     /* a month is capitalised */
    CHECK_INT(first_date("Iran protested on tuesday."), 20240305);
    CHECK_INT(first_date("Iran protested on monday."), 0);       /* no lower-case opener m */
    CHECK_INT(first_date("Iran protested Ten days ago."), 20240226);
    CHECK_INT(first_date("Iran protested a week ago."), 20240229);
    CHECK_INT(first_date("Iran protested last weeks."), 0);
}

/* Every word of the lists, found through its first two letters. */
TEST(every_listed_word)
{
    static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
    static const uint32_t day_dates[] = {20240304, 20240305, 20240306, 20240307,
                                         20240301, 20240302, 20240303};
    static const char *const months[] = {"January", "February", "March", "April",
                                         "May", "June", "July", "August",
                                         "September", "October", "November", "December"};
    static const char *const numbers[] = {"zero", "one", "two", "three", "four", "five",
                                          "six", "seven", "eight", "nine", "ten"};
    char text[128];
    for (int i = 0; i < 7; i++) {
        snprintf(text, sizeof text, "Iran protested on %s.", days[i]);
        CHECK_INT(first_date(text), day_dates[i]);
    }
    for (int m = 0; m < 12; m++) {
        uint32_t year = m < 4 ? 2024 : 2023; /* well after the story: the year before */
        uint32_t want = year * 10000 + (uint32_t)(m + 1) * 100 + 3;
        snprintf(text, sizeof text, "The talks began on %s 3.", months[m]);
        CHECK_INT(first_date(text), want);
        snprintf(text, sizeof text, "The talks began on %.3s. 3.", months[m]);
        CHECK_INT(first_date(text), want);
    }
    for (int n = 1; n <= 10; n++) { /* "zero" opens nothing in lower case */
        snprintf(text, sizeof text, "Iran protested %s days ago.", numbers[n]);
        CHECK_INT(first_date(text), dyad_days_date(dyad_date_days(20240307) - n));
    }
    CHECK_INT(first_date("Iran protested Zero days ago."), 20240307);
    CHECK_INT(first_date("Iran protested an hour ago, on Tonight."), 20240307);
    CHECK_INT(first_date("Iran will protest next week."), 20240314);
    CHECK_INT(first_date("Iran protested last year."), 20230101);
    CHECK_INT(first_date("Iran protested two months ago."), 20240101);
    CHECK_INT(first_date("Iran protested three weeks ago."), 20240215);
    CHECK_INT(first_date("Relations ended in the 1979 revolution of 1980."), 19790101);
}

int main(void)
{
    RUN(calendar_round_trip);
    RUN(weekdays_are_on_or_before_the_story);
    RUN(relative_words);
    RUN(calendar_dates_and_years);
    RUN(month_abbreviations_and_case);
    RUN(every_listed_word);
    return TEST_END();
}
