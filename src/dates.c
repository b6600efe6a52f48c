/* dates — see dates.h.  Calendar arithmetic uses the days-from-civil algorithm (proleptic
 * Gregorian), so no time zone or locale is involved. */
#include "dates.h"
#include <limits.h>
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
 * entries of its first two letters. */
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

/* The words by their first two letters (or the first and the end of the word, "a"): a
 * token is compared with the one to three entries it can be. */
#define W(s, c, v) {s, sizeof s - 1, c, v}
static const date_word w_a_[] = {W("a", W_A, 1)};
static const date_word w_an[] = {W("an", W_A, 1)};
static const date_word w_ag[] = {W("ago", W_AGO, 0)};
static const date_word w_ap[] = {W("april", W_MONTH, 3)};
static const date_word w_au[] = {W("august", W_MONTH, 7)};
static const date_word w_da[] = {W("day", W_DAY, 0), W("days", W_DAY, 0)};
static const date_word w_de[] = {W("december", W_MONTH, 11)};
static const date_word w_ei[] = {W("eight", W_NUMBER, 8)};
static const date_word w_fe[] = {W("february", W_MONTH, 1)};
static const date_word w_fi[] = {W("five", W_NUMBER, 5)};
static const date_word w_fo[] = {W("four", W_NUMBER, 4)};
static const date_word w_fr[] = {W("friday", W_WEEKDAY, 4)};
static const date_word w_in[] = {W("in", W_IN, 0)};
static const date_word w_ja[] = {W("january", W_MONTH, 0)};
static const date_word w_ju[] = {W("june", W_MONTH, 5), W("july", W_MONTH, 6)};
static const date_word w_la[] = {W("last", W_LAST, 0)};
static const date_word w_ma[] = {W("march", W_MONTH, 2), W("may", W_MONTH, 4)};
static const date_word w_mo[] = {W("monday", W_WEEKDAY, 0), W("month", W_MONTH_WORD, 0),
                                 W("months", W_MONTHS, 0)};
static const date_word w_ne[] = {W("next", W_NEXT, 0)};
static const date_word w_ni[] = {W("nine", W_NUMBER, 9)};
static const date_word w_no[] = {W("november", W_MONTH, 10)};
static const date_word w_oc[] = {W("october", W_MONTH, 9)};
static const date_word w_of[] = {W("of", W_OF, 0)};
static const date_word w_on[] = {W("one", W_NUMBER, 1)};
static const date_word w_sa[] = {W("saturday", W_WEEKDAY, 5)};
static const date_word w_se[] = {W("september", W_MONTH, 8), W("seven", W_NUMBER, 7)};
static const date_word w_si[] = {W("six", W_NUMBER, 6)};
static const date_word w_su[] = {W("sunday", W_WEEKDAY, 6)};
static const date_word w_te[] = {W("ten", W_NUMBER, 10)};
static const date_word w_th[] = {W("the", W_THE, 0), W("thursday", W_WEEKDAY, 3),
                                 W("three", W_NUMBER, 3)};
static const date_word w_to[] = {W("today", W_TODAY, 0), W("tonight", W_TODAY, 0),
                                 W("tomorrow", W_TOMORROW, 0)};
static const date_word w_tu[] = {W("tuesday", W_WEEKDAY, 1)};
static const date_word w_tw[] = {W("two", W_NUMBER, 2)};
static const date_word w_we[] = {W("wednesday", W_WEEKDAY, 2), W("week", W_WEEK, 0),
                                 W("weeks", W_WEEKS, 0)};
static const date_word w_ye[] = {W("yesterday", W_YESTERDAY, 0), W("year", W_YEAR, 0),
                                 W("years", W_YEARS, 0)};
static const date_word w_ze[] = {W("zero", W_NUMBER, 0)};
#undef W

/* Index of the first two letters; END for a word of one letter. */
enum { END = 26 };
#define AT(a, b) (((a) - 'a') * 27 + (b))
#define L(b) ((b) - 'a')
#define LIST(x) {x, sizeof x / sizeof *x}
static const struct {
    const date_word *w;
    size_t n;
} by_start[26 * 27] = {
    [AT('a', END)] = LIST(w_a_),   [AT('a', L('n'))] = LIST(w_an), [AT('a', L('g'))] = LIST(w_ag),
    [AT('a', L('p'))] = LIST(w_ap), [AT('a', L('u'))] = LIST(w_au), [AT('d', L('a'))] = LIST(w_da),
    [AT('d', L('e'))] = LIST(w_de), [AT('e', L('i'))] = LIST(w_ei), [AT('f', L('e'))] = LIST(w_fe),
    [AT('f', L('i'))] = LIST(w_fi), [AT('f', L('o'))] = LIST(w_fo), [AT('f', L('r'))] = LIST(w_fr),
    [AT('i', L('n'))] = LIST(w_in), [AT('j', L('a'))] = LIST(w_ja), [AT('j', L('u'))] = LIST(w_ju),
    [AT('l', L('a'))] = LIST(w_la), [AT('m', L('a'))] = LIST(w_ma), [AT('m', L('o'))] = LIST(w_mo),
    [AT('n', L('e'))] = LIST(w_ne), [AT('n', L('i'))] = LIST(w_ni), [AT('n', L('o'))] = LIST(w_no),
    [AT('o', L('c'))] = LIST(w_oc), [AT('o', L('f'))] = LIST(w_of), [AT('o', L('n'))] = LIST(w_on),
    [AT('s', L('a'))] = LIST(w_sa), [AT('s', L('e'))] = LIST(w_se), [AT('s', L('i'))] = LIST(w_si),
    [AT('s', L('u'))] = LIST(w_su), [AT('t', L('e'))] = LIST(w_te), [AT('t', L('h'))] = LIST(w_th),
    [AT('t', L('o'))] = LIST(w_to), [AT('t', L('u'))] = LIST(w_tu), [AT('t', L('w'))] = LIST(w_tw),
    [AT('w', L('e'))] = LIST(w_we), [AT('y', L('e'))] = LIST(w_ye), [AT('z', L('e'))] = LIST(w_ze),
};
#undef LIST
#undef L
#undef AT

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
    unsigned letter = (s[0] | 0x20u) - 'a', second = END;
    if (letter >= 26 || (t->len > 1 && (second = (s[1] | 0x20u) - 'a') >= END))
        return none;
    size_t nwords = by_start[letter * 27 + second].n;
    if (!nwords)
        return none; /* (and no arithmetic on its NULL list) */
    const date_word *first = by_start[letter * 27 + second].w, *end = first + nwords;
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
    for (const date_word *e = first; e < end; e++) {
        uint64_t wlo, whi;
        memcpy(&wlo, e->w, 8);
        memcpy(&whi, e->w + 8, 8);
        if (e->len == t->len && lo == wlo && hi == whi)
            return (word){e->cls, e->value};
    }
    size_t k = t->len - (t->len > 3 && s[t->len - 1] == '.');
    if (k >= 3)
        for (const date_word *e = first; e < end; e++)
            if (e->cls == W_MONTH && k < e->len && f[2] == (unsigned char)e->w[2] &&
                memcmp(f, e->w, k) == 0)
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
 * *today is the story date in days, worked out on first use (LONG_MIN until then): most
 * sentences have no date expression. */
static size_t expression(const char *text, const dyad_token *tok, size_t n, size_t i,
                         uint32_t story, long *today, uint32_t *date)
{
    const dyad_token *t = &tok[i];
    if (!may_start(text, t))
        return 0;
    word w = word_of(text, t);
    if (w.cls == W_NONE && t->kind != DYAD_TOK_NUMBER)
        return 0;
    const dyad_token *next = i + 1 < n ? &tok[i + 1] : NULL;
    if (*today == LONG_MIN)
        *today = dyad_date_days(story);
    switch (w.cls) {
    case W_WEEKDAY: {
        long story_wd = ((*today % 7) + 10) % 7; /* 1970-01-01 was a Thursday (3) */
        long back = (story_wd - w.value + 7) % 7;
        int after = i > 0 && word_is(text, &tok[i - 1], W_NEXT);
        *date = dyad_days_date(after ? *today + 7 - back : *today - back);
        return 1;
    }
    case W_YESTERDAY:
        return *date = dyad_days_date(*today - 1), 1;
    case W_TODAY:
        return *date = story, 1;
    case W_TOMORROW:
        return *date = dyad_days_date(*today + 1), 1;
    case W_LAST:
    case W_NEXT: {
        int sign = w.cls == W_LAST ? -1 : 1, unit = next ? word_of(text, next).cls : W_NONE;
        if (unit == W_WEEK)
            return *date = dyad_days_date(*today + 7 * sign), 2;
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
            return *date = dyad_days_date(*today - count), 3;
        case W_WEEK:
        case W_WEEKS:
            return *date = dyad_days_date(*today - 7L * count), 3;
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
    long today = LONG_MIN;
    for (size_t i = 0; i < n && found < max;) {
        uint32_t date;
        size_t len = expression(text, tok, n, i, story_date, &today, &date);
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
