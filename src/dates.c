/* dates — see dates.h.  Calendar arithmetic uses the days-from-civil algorithm (proleptic
 * Gregorian), so no time zone or locale is involved. */
#include "dates.h"
#include <string.h>
#include <strings.h>

static const char *const weekdays[] = {"monday", "tuesday", "wednesday", "thursday",
                                       "friday", "saturday", "sunday"};
static const char *const months[] = {"january", "february", "march",     "april",
                                     "may",     "june",     "july",      "august",
                                     "september", "october", "november", "december"};
static const char *const numbers[] = {"zero", "one", "two",   "three", "four", "five",
                                      "six",  "seven", "eight", "nine", "ten"};

long dyad_date_days(uint32_t date)
{
    long y = (long)(date / 10000), m = (long)(date / 100 % 100), d = (long)(date % 100);
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

uint32_t dyad_days_date(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    y += m <= 2;
    return (uint32_t)(y * 10000 + m * 100 + d);
}

static int word_is(const char *text, const dyad_token *t, const char *w)
{
    return t->len == strlen(w) && strncasecmp(text + t->start, w, t->len) == 0;
}

/* Index in list of the token (also accepting a 3-letter abbreviation with or without a
 * period for months), or -1. */
static int lookup(const char *text, const dyad_token *t, const char *const *list, int n,
                  int abbreviations)
{
    char first = (char)(text[t->start] | 0x20);
    if (t->len > 10 || t->kind != DYAD_TOK_WORD)
        return -1;
    for (int i = 0; i < n; i++) {
        if (list[i][0] != first)
            continue; /* most tokens leave here: no strlen, no case-blind compare */
        if (word_is(text, t, list[i]))
            return i;
        size_t k = t->len - (t->len > 3 && text[t->start + t->len - 1] == '.');
        if (abbreviations && k >= 3 && k < strlen(list[i]) &&
            strncasecmp(text + t->start, list[i], k) == 0)
            return i;
    }
    return -1;
}

static int small_number(const char *text, const dyad_token *t)
{
    if (t->kind == DYAD_TOK_NUMBER && t->len <= 3) {
        int v = 0;
        for (uint32_t i = 0; i < t->len; i++)
            v = v * 10 + (text[t->start + i] - '0');
        return v;
    }
    int w = lookup(text, t, numbers, 11, 0);
    return w >= 0 ? w : word_is(text, t, "a") || word_is(text, t, "an") ? 1 : -1;
}

static int year_of(const char *text, const dyad_token *t)
{
    if (t->kind != DYAD_TOK_NUMBER || t->len != 4)
        return -1;
    int y = 0;
    for (int i = 0; i < 4; i++)
        y = y * 10 + (text[t->start + i] - '0');
    return y >= 1900 && y <= 2099 ? y : -1;
}

static uint32_t add_months(uint32_t date, int months_delta)
{
    int y = (int)(date / 10000), m = (int)(date / 100 % 100) - 1 + months_delta;
    while (m < 0)
        m += 12, y--;
    y += m / 12;
    m %= 12;
    return (uint32_t)(y * 10000 + (m + 1) * 100 + 1);
}

/* A month and day in the story's year, or the year before when it would be well after the
 * story (a story in January speaking of "Dec. 28"). */
static uint32_t month_day(uint32_t story, int month, int day)
{
    uint32_t y = story / 10000;
    uint32_t d = y * 10000 + (uint32_t)(month + 1) * 100 + (uint32_t)day;
    if (dyad_date_days(d) > dyad_date_days(story) + 31)
        d -= 10000;
    return d;
}

/* Can a date expression start with this token?  Weekdays and months are capitalised; the
 * other openers are a handful of lower-case words and numbers.  Most tokens fail here. */
static int may_start(const char *text, const dyad_token *t)
{
    if (t->kind == DYAD_TOK_NUMBER || (t->flags & DYAD_TF_CAPITAL))
        return 1;
    return t->kind == DYAD_TOK_WORD && strchr("ytlnaostfe", text[t->start] | 0x20);
}

/* Recognises an expression starting at token i; returns its length in tokens (0: none). */
static size_t expression(const char *text, const dyad_token *tok, size_t n, size_t i,
                         uint32_t story, uint32_t *date)
{
    if (!may_start(text, &tok[i]))
        return 0;
    long today = dyad_date_days(story);
    const dyad_token *t = &tok[i];
    const dyad_token *next = i + 1 < n ? &tok[i + 1] : NULL;
    int wd = lookup(text, t, weekdays, 7, 0);
    if (wd >= 0) {
        long story_wd = ((today % 7) + 10) % 7; /* 1970-01-01 was a Thursday (3) */
        long back = (story_wd - wd + 7) % 7;
        int after = i > 0 && word_is(text, &tok[i - 1], "next");
        *date = dyad_days_date(after ? today + 7 - back : today - back);
        return 1;
    }
    if (word_is(text, t, "yesterday"))
        return *date = dyad_days_date(today - 1), 1;
    if (word_is(text, t, "today") || word_is(text, t, "tonight"))
        return *date = story, 1;
    if (word_is(text, t, "tomorrow"))
        return *date = dyad_days_date(today + 1), 1;
    if ((word_is(text, t, "last") || word_is(text, t, "next")) && next) {
        int sign = word_is(text, t, "last") ? -1 : 1;
        if (word_is(text, next, "week"))
            return *date = dyad_days_date(today + 7 * sign), 2;
        if (word_is(text, next, "month"))
            return *date = add_months(story, sign), 2;
        if (word_is(text, next, "year"))
            return *date = story + (uint32_t)(sign * 10000) - story % 10000 + 101, 2;
    }
    int count = small_number(text, t);
    if (count >= 0 && i + 2 < n && word_is(text, &tok[i + 2], "ago")) {
        const dyad_token *unit = next;
        if (word_is(text, unit, "days") || word_is(text, unit, "day"))
            return *date = dyad_days_date(today - count), 3;
        if (word_is(text, unit, "weeks") || word_is(text, unit, "week"))
            return *date = dyad_days_date(today - 7L * count), 3;
        if (word_is(text, unit, "months") || word_is(text, unit, "month"))
            return *date = add_months(story, -count), 3;
        if (word_is(text, unit, "years") || word_is(text, unit, "year"))
            return *date = (story / 10000 - (uint32_t)count) * 10000 + 101, 3;
    }
    int month = lookup(text, t, months, 12, 1);
    if (month >= 0 && (t->flags & DYAD_TF_CAPITAL)) {
        size_t dot = next && next->kind == DYAD_TOK_PUNCT && text[next->start] == '.' &&
                     i + 2 < n; /* "Jan . 30" when the period was not kept */
        if (dot)
            next = &tok[i + 2];
        int day = next ? small_number(text, next) : -1;
        if (next && next->kind == DYAD_TOK_NUMBER && day >= 1 && day <= 31)
            return *date = month_day(story, month, day), 2 + dot;
        if (word_is(text, t, "may") && !(i > 0 && word_is(text, &tok[i - 1], "in")))
            return 0; /* the modal */
        uint32_t first = month_day(story, month, 1);
        int year = next ? year_of(text, next) : -1;
        if (year > 0)
            return *date = (uint32_t)year * 10000 + (uint32_t)(month + 1) * 100 + 1, 2;
        return *date = first, 1;
    }
    if (t->kind == DYAD_TOK_NUMBER && next && t->len <= 2) {
        int day = small_number(text, t);
        int m = lookup(text, next, months, 12, 1);
        if (day >= 1 && day <= 31 && m >= 0 && (next->flags & DYAD_TF_CAPITAL))
            return *date = month_day(story, m, day), 2;
    }
    int year = year_of(text, t);
    if (year > 0 && i > 0 && (word_is(text, &tok[i - 1], "in") || word_is(text, &tok[i - 1], "the") ||
                              word_is(text, &tok[i - 1], "of")))
        return *date = (uint32_t)year * 10000 + 101, 1;
    return 0;
}

size_t dyad_find_dates(const char *text, const dyad_token *tok, size_t n, uint32_t story_date,
                       dyad_date_expr *out, size_t max)
{
    size_t found = 0;
    if (!story_date)
        return 0;
    for (size_t i = 0; i < n && found < max;) {
        uint32_t date;
        size_t len = expression(text, tok, n, i, story_date, &date);
        if (!len) {
            i++;
            continue;
        }
        out[found].token = (uint32_t)i;
        out[found].date = date;
        found++;
        i += len;
    }
    return found;
}
