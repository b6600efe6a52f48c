/* dates — see dates.h.  Calendar arithmetic uses the days-from-civil algorithm (proleptic
 * Gregorian), so no time zone or locale is involved. */
#include "dates.h"
#include <string.h>

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

/* What a word can be in a date expression.  The lists are short, but a sentence has many
 * tokens: each word is folded once and compared, eight bytes at a time, with the few
 * entries of its first letter. */
enum word_class {
    W_NONE,
    W_WEEKDAY,  /* value: 0 Monday .. 6 Sunday */
    W_MONTH,    /* value: 0 January .. 11 December; also an abbreviation ("Jan.", "Sept") */
    W_NUMBER,   /* value: zero .. ten */
    W_A,        /* "a", "an": one */
    W_YESTERDAY,
    W_TODAY,    /* "today", "tonight" */
    W_TOMORROW,
    W_LAST,
    W_NEXT,
    W_DAY,      /* "day" or "days" */
    W_WEEK,     /* "week"; "weeks" is W_WEEKS, as only the singular follows last/next */
    W_WEEKS,
    W_MONTH_WORD,
    W_MONTHS,
    W_YEAR,
    W_YEARS,
    W_AGO,
    W_IN,
    W_THE,
    W_OF
};

typedef struct date_word {
    char w[16]; /* lower case, zero-padded */
    uint8_t len, cls, value;
} date_word;

#define W(s, c, v) {s, sizeof s - 1, c, v}
static const date_word words_a[] = {W("a", W_A, 1), W("an", W_A, 1), W("ago", W_AGO, 0),
                                    W("april", W_MONTH, 3), W("august", W_MONTH, 7)};
static const date_word words_d[] = {W("day", W_DAY, 0), W("days", W_DAY, 0),
                                    W("december", W_MONTH, 11)};
static const date_word words_e[] = {W("eight", W_NUMBER, 8)};
static const date_word words_f[] = {W("friday", W_WEEKDAY, 4), W("february", W_MONTH, 1),
                                    W("five", W_NUMBER, 5), W("four", W_NUMBER, 4)};
static const date_word words_i[] = {W("in", W_IN, 0)};
static const date_word words_j[] = {W("january", W_MONTH, 0), W("june", W_MONTH, 5),
                                    W("july", W_MONTH, 6)};
static const date_word words_l[] = {W("last", W_LAST, 0)};
static const date_word words_m[] = {W("monday", W_WEEKDAY, 0), W("march", W_MONTH, 2),
                                    W("may", W_MONTH, 4), W("month", W_MONTH_WORD, 0),
                                    W("months", W_MONTHS, 0)};
static const date_word words_n[] = {W("next", W_NEXT, 0), W("nine", W_NUMBER, 9),
                                    W("november", W_MONTH, 10)};
static const date_word words_o[] = {W("of", W_OF, 0), W("one", W_NUMBER, 1),
                                    W("october", W_MONTH, 9)};
static const date_word words_s[] = {W("saturday", W_WEEKDAY, 5), W("sunday", W_WEEKDAY, 6),
                                    W("september", W_MONTH, 8), W("six", W_NUMBER, 6),
                                    W("seven", W_NUMBER, 7)};
static const date_word words_t[] = {
    W("the", W_THE, 0),        W("today", W_TODAY, 0),      W("tonight", W_TODAY, 0),
    W("tomorrow", W_TOMORROW, 0), W("tuesday", W_WEEKDAY, 1), W("thursday", W_WEEKDAY, 3),
    W("two", W_NUMBER, 2),     W("three", W_NUMBER, 3),     W("ten", W_NUMBER, 10)};
static const date_word words_w[] = {W("wednesday", W_WEEKDAY, 2), W("week", W_WEEK, 0),
                                    W("weeks", W_WEEKS, 0)};
static const date_word words_y[] = {W("yesterday", W_YESTERDAY, 0), W("year", W_YEAR, 0),
                                    W("years", W_YEARS, 0)};
static const date_word words_z[] = {W("zero", W_NUMBER, 0)};
#undef W

#define LIST(x) {x, sizeof x / sizeof *x}
static const struct {
    const date_word *w;
    size_t n;
} by_letter[26] = {
    ['a' - 'a'] = LIST(words_a), ['d' - 'a'] = LIST(words_d), ['e' - 'a'] = LIST(words_e),
    ['f' - 'a'] = LIST(words_f), ['i' - 'a'] = LIST(words_i), ['j' - 'a'] = LIST(words_j),
    ['l' - 'a'] = LIST(words_l), ['m' - 'a'] = LIST(words_m), ['n' - 'a'] = LIST(words_n),
    ['o' - 'a'] = LIST(words_o), ['s' - 'a'] = LIST(words_s), ['t' - 'a'] = LIST(words_t),
    ['w' - 'a'] = LIST(words_w), ['y' - 'a'] = LIST(words_y), ['z' - 'a'] = LIST(words_z),
};
#undef LIST

typedef struct word {
    int cls, value;
} word;

/* out[0..n) = s[0..n) | 0x20 for n of 4 or 8; inline, so that each copy has a constant
 * size. */
static inline void fold_block(unsigned char *out, const unsigned char *s, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, s, n);
    w |= 0x2020202020202020ULL;
    memcpy(out, &w, n);
}

/* The class of a token: a whole word of the lists, any case, or a month abbreviated to
 * three or more letters, with or without a period. */
static word word_of(const char *text, const dyad_token *t)
{
    word none = {W_NONE, 0};
    if (t->kind != DYAD_TOK_WORD || t->len > 10)
        return none;
    const unsigned char *s = (const unsigned char *)text + t->start;
    unsigned letter = (s[0] | 0x20u) - 'a';
    if (letter >= 26 || !by_letter[letter].n)
        return none;
    /* | 0x20 lowers A-Z and maps no other byte onto a letter, which is all the lists hold;
     * a word of 4 to 10 bytes is folded as two overlapping blocks of 4 or 8 */
    unsigned char f[16] = {0};
    if (t->len >= 8) {
        fold_block(f, s, 8);
        fold_block(f + t->len - 8, s + t->len - 8, 8);
    } else if (t->len >= 4) {
        fold_block(f, s, 4);
        fold_block(f + t->len - 4, s + t->len - 4, 4);
    } else {
        for (uint32_t k = 0; k < t->len; k++)
            f[k] = s[k] | 0x20;
    }
    uint64_t lo, hi;
    memcpy(&lo, f, 8);
    memcpy(&hi, f + 8, 8);
    const date_word *e = by_letter[letter].w, *end = e + by_letter[letter].n;
    for (; e < end; e++) {
        uint64_t wlo, whi;
        memcpy(&wlo, e->w, 8);
        memcpy(&whi, e->w + 8, 8);
        if (e->len == t->len && lo == wlo && hi == whi)
            return (word){e->cls, e->value};
    }
    size_t k = t->len - (t->len > 3 && s[t->len - 1] == '.');
    if (k >= 3)
        for (e = by_letter[letter].w; e < end; e++)
            if (e->cls == W_MONTH && k < e->len && f[1] == (unsigned char)e->w[1] &&
                f[2] == (unsigned char)e->w[2] && memcmp(f, e->w, k) == 0)
                return (word){W_MONTH, e->value};
    return none;
}

static int word_is(const char *text, const dyad_token *t, int cls)
{
    return word_of(text, t).cls == cls;
}

/* The count a token says ("3", "three", "a"), w being its class; -1 for none. */
static int count_of(const char *text, const dyad_token *t, word w)
{
    if (t->kind == DYAD_TOK_NUMBER && t->len <= 3) {
        int v = 0;
        for (uint32_t i = 0; i < t->len; i++)
            v = v * 10 + (text[t->start + i] - '0');
        return v;
    }
    return w.cls == W_NUMBER ? w.value : w.cls == W_A ? 1 : -1;
}

static int small_number(const char *text, const dyad_token *t)
{
    return count_of(text, t, t->kind == DYAD_TOK_NUMBER ? (word){W_NONE, 0} : word_of(text, t));
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
 * other openers are a handful of lower-case words (first letters y t l n a o s t f e) and
 * numbers.  Most tokens fail here. */
static int may_start(const char *text, const dyad_token *t)
{
    if (t->kind == DYAD_TOK_NUMBER || (t->flags & DYAD_TF_CAPITAL))
        return 1;
    unsigned letter = ((unsigned char)text[t->start] | 0x20u) - 'a';
    const uint32_t openers = 1u << ('y' - 'a') | 1u << ('t' - 'a') | 1u << ('l' - 'a') |
                             1u << ('n' - 'a') | 1u << ('a' - 'a') | 1u << ('o' - 'a') |
                             1u << ('s' - 'a') | 1u << ('f' - 'a') | 1u << ('e' - 'a');
    return t->kind == DYAD_TOK_WORD && letter < 26 && (openers >> letter & 1);
}

/* Recognises an expression starting at token i; returns its length in tokens (0: none).
 * today is the story date in days. */
static size_t expression(const char *text, const dyad_token *tok, size_t n, size_t i,
                         uint32_t story, long today, uint32_t *date)
{
    const dyad_token *t = &tok[i];
    if (!may_start(text, t))
        return 0;
    word w = word_of(text, t);
    if (w.cls == W_NONE && t->kind != DYAD_TOK_NUMBER)
        return 0;
    const dyad_token *next = i + 1 < n ? &tok[i + 1] : NULL;
    switch (w.cls) {
    case W_WEEKDAY: {
        long story_wd = ((today % 7) + 10) % 7; /* 1970-01-01 was a Thursday (3) */
        long back = (story_wd - w.value + 7) % 7;
        int after = i > 0 && word_is(text, &tok[i - 1], W_NEXT);
        *date = dyad_days_date(after ? today + 7 - back : today - back);
        return 1;
    }
    case W_YESTERDAY:
        return *date = dyad_days_date(today - 1), 1;
    case W_TODAY:
        return *date = story, 1;
    case W_TOMORROW:
        return *date = dyad_days_date(today + 1), 1;
    case W_LAST:
    case W_NEXT: {
        int sign = w.cls == W_LAST ? -1 : 1, unit = next ? word_of(text, next).cls : W_NONE;
        if (unit == W_WEEK)
            return *date = dyad_days_date(today + 7 * sign), 2;
        if (unit == W_MONTH_WORD)
            return *date = add_months(story, sign), 2;
        if (unit == W_YEAR)
            return *date = story + (uint32_t)(sign * 10000) - story % 10000 + 101, 2;
        return 0;
    }
    default:
        break;
    }
    int count = count_of(text, t, w);
    if (count >= 0 && i + 2 < n && word_is(text, &tok[i + 2], W_AGO)) {
        switch (word_of(text, next).cls) {
        case W_DAY:
            return *date = dyad_days_date(today - count), 3;
        case W_WEEK:
        case W_WEEKS:
            return *date = dyad_days_date(today - 7L * count), 3;
        case W_MONTH_WORD:
        case W_MONTHS:
            return *date = add_months(story, -count), 3;
        case W_YEAR:
        case W_YEARS:
            return *date = (story / 10000 - (uint32_t)count) * 10000 + 101, 3;
        default:
            break;
        }
    }
    if (w.cls == W_MONTH && (t->flags & DYAD_TF_CAPITAL)) {
        size_t dot = next && next->kind == DYAD_TOK_PUNCT && text[next->start] == '.' &&
                     i + 2 < n; /* "Jan . 30" when the period was not kept */
        if (dot)
            next = &tok[i + 2];
        int day = next ? small_number(text, next) : -1;
        if (next && next->kind == DYAD_TOK_NUMBER && day >= 1 && day <= 31)
            return *date = month_day(story, w.value, day), 2 + dot;
        if (w.value == 4 && !(i > 0 && word_is(text, &tok[i - 1], W_IN)))
            return 0; /* "may", the modal */
        int year = next ? year_of(text, next) : -1;
        if (year > 0)
            return *date = (uint32_t)year * 10000 + (uint32_t)(w.value + 1) * 100 + 1, 2;
        return *date = month_day(story, w.value, 1), 1;
    }
    if (t->kind == DYAD_TOK_NUMBER && next && t->len <= 2) {
        int day = count;
        word m = word_of(text, next);
        if (day >= 1 && day <= 31 && m.cls == W_MONTH && (next->flags & DYAD_TF_CAPITAL))
            return *date = month_day(story, m.value, day), 2;
    }
    int year = year_of(text, t);
    if (year > 0 && i > 0) {
        int before = word_of(text, &tok[i - 1]).cls;
        if (before == W_IN || before == W_THE || before == W_OF)
            return *date = (uint32_t)year * 10000 + 101, 1;
    }
    return 0;
}

size_t dyad_find_dates(const char *text, const dyad_token *tok, size_t n, uint32_t story_date,
                       dyad_date_expr *out, size_t max)
{
    size_t found = 0;
    if (!story_date)
        return 0;
    long today = dyad_date_days(story_date);
    for (size_t i = 0; i < n && found < max;) {
        uint32_t date;
        size_t len = expression(text, tok, n, i, story_date, today, &date);
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
