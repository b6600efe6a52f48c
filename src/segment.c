/* segment — see segment.h.
 *
 * One left-to-right pass makes the tokens; a second pass over the tokens places sentence
 * boundaries.  Keeping the two apart keeps each rule simple: the tokenizer decides what a
 * period belongs to ("U.S." keeps it, "Syria." does not), and the splitter only looks at
 * token kinds, capitals and the opener list. */
#include "segment.h"
#include "arena.h"
#include "intern.h"
#include <stdlib.h>
#include <string.h>

struct dyad_abbrevs {
    dyad_intern *abbreviations;
    dyad_intern *openers;
};

/* Character classes, one table lookup per byte. */
enum { C_SPACE = 1, C_ALNUM = 2, C_DIGIT = 4, C_UPPER = 8, C_LOWER = 16, C_JOIN = 32 };
#define C_SP C_SPACE
#define C_D (C_ALNUM | C_DIGIT)
#define C_U (C_ALNUM | C_UPPER)
#define C_L (C_ALNUM | C_LOWER)
#define C_J C_JOIN
#define C_HI C_ALNUM /* bytes of UTF-8 sequences count as letters */
#define C_HI16 C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI, C_HI
static const unsigned char cclass[256] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, C_SP, C_SP, C_SP, C_SP, C_SP, 0, 0,             /* \t \n \v \f \r */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    /* ' ', and C_J for the bytes that may join two parts of a word: & ' , - . */
    C_SP, 0, 0, 0, 0, 0, C_J, C_J, 0, 0, 0, 0, C_J, C_J, C_J, 0,
    C_D, C_D, C_D, C_D, C_D, C_D, C_D, C_D, C_D, C_D, 0, 0, 0, 0, 0, 0,        /* 0-9 */
    0, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, /* A-O */
    C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, C_U, 0, 0, 0, 0, C_SP,  /* P-Z, and
                       * '_', a blank as in dictionary phrases ("Dol_Amroth", "@jo_ann") */
    0, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, /* a-o */
    C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, C_L, 0, 0, 0, 0, 0,     /* p-z */
    C_HI16, C_HI16, C_HI16, C_HI16, C_HI16, C_HI16, C_HI16, C_HI16,
};

static int is_space(unsigned char c)
{
    return cclass[c] & C_SPACE;
}

static int is_alnum(unsigned char c)
{
    return cclass[c] & C_ALNUM;
}

static int is_digit(unsigned char c)
{
    return cclass[c] & C_DIGIT;
}

static int is_upper(unsigned char c)
{
    return cclass[c] & C_UPPER;
}

/* Words of a section list, one a line, "[section]" headers, '#' comments. */
dyad_abbrevs *dyad_abbrevs_new(const char *text, size_t len)
{
    dyad_abbrevs *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->abbreviations = dyad_intern_new();
    a->openers = dyad_intern_new();
    if (!a->abbreviations || !a->openers) {
        dyad_abbrevs_free(a);
        return NULL;
    }
    dyad_intern *into = NULL;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *s = p, *e = eol;
        while (s < e && is_space((unsigned char)*s))
            s++;
        while (e > s && is_space((unsigned char)e[-1]))
            e--;
        if (e > s && *s == '[')
            into = (e - s == 14 && memcmp(s, "[abbreviation]", 14) == 0) ? a->abbreviations
                   : (e - s == 8 && memcmp(s, "[opener]", 8) == 0) ? a->openers
                                                                   : NULL;
        else if (e > s && *s != '#' && into)
            dyad_intern_add(into, s, (size_t)(e - s));
        p = eol + 1;
    }
    return a;
}

void dyad_abbrevs_free(dyad_abbrevs *a)
{
    if (!a)
        return;
    dyad_intern_free(a->abbreviations);
    dyad_intern_free(a->openers);
    free(a);
}

static inline int push_token(dyad_segments *out, size_t start, size_t len, int kind, int flags)
{
    /* the capacity test inline: a call per token to dyad_grow cost more than the push */
    if (out->ntokens == out->token_cap &&
        dyad_grow((void **)&out->tokens, &out->token_cap, out->ntokens + 1,
                  sizeof *out->tokens))
        return -1;
    out->tokens[out->ntokens++] = (dyad_token){(uint32_t)start, (uint32_t)len, (uint16_t)kind,
                                               (uint16_t)flags};
    return 0;
}

static int push_sentence(dyad_segments *out, size_t first, size_t last, int headline)
{
    if (dyad_grow((void **)&out->sentences, &out->sentence_cap, out->nsentences + 1,
                  sizeof *out->sentences))
        return -1;
    const dyad_token *a = &out->tokens[first], *b = &out->tokens[last];
    out->tokens[first].flags |= DYAD_TF_SENTSTART;
    out->sentences[out->nsentences++] = (dyad_sentence){
        a->start, b->start + b->len, (uint32_t)first, (uint32_t)(last - first + 1), headline};
    return 0;
}

/* The OR of the character classes of w[0..n). */
static unsigned classes_of(const char *w, size_t n)
{
    unsigned k = 0;
    for (size_t i = 0; i < n; i++)
        k |= cclass[(unsigned char)w[i]];
    return k;
}

/* Flags of the word w[0..n), whose bytes' classes OR to `classes`: the letters need
 * counting only in a word without lower case. */
static inline int word_flags(const char *w, size_t n, unsigned classes)
{
    unsigned char c = (unsigned char)w[0];
    /* U+00C0..U+00DE (À..Þ) are the Latin-1 capitals: enough for names such as Évora. */
    int capital = is_upper(c) || (c == 0xC3 && n > 1 && (unsigned char)w[1] >= 0x80 &&
                                  (unsigned char)w[1] <= 0x9E);
    int flags = capital ? DYAD_TF_CAPITAL : 0;
    if ((classes & (C_UPPER | C_LOWER)) == C_UPPER) {
        int letters = 0;
        for (size_t i = 0; i < n && letters < 2; i++)
            letters += (cclass[(unsigned char)w[i]] & C_UPPER) != 0;
        if (letters >= 2)
            flags |= DYAD_TF_ALLCAPS;
    }
    return flags;
}

/* Length of the word starting at text[i]: letters and digits, with '.', '-', '\'' and '&'
 * kept when a letter or digit follows ("al-Qaeda", "U.S", "O'Brien"), but a possessive
 * "'s" left for its own token.  *classes gets the OR of its bytes' classes. */
static size_t word_length(const char *text, size_t len, size_t i, unsigned *classes)
{
    size_t j = i;
    unsigned k = 0;
    for (;;) {
        /* no test against len: text[len] is a NUL, which is not C_ALNUM; one pointer, so
         * that the loop keeps no other counter */
        const unsigned char *p = (const unsigned char *)text + j;
        for (unsigned c; (c = cclass[*p]) & C_ALNUM; p++)
            k |= c;
        j = (size_t)(p - (const unsigned char *)text);
        if (j >= len || !(cclass[(unsigned char)text[j]] & C_JOIN))
            break;
        unsigned char c = (unsigned char)text[j];
        int numeric_comma = c == ',' && is_digit((unsigned char)text[i]) && j + 1 < len &&
                            is_digit((unsigned char)text[j + 1]);
        if (((c == '.' || c == '-' || c == '\'' || c == '&') && j + 1 < len &&
             is_alnum((unsigned char)text[j + 1])) ||
            numeric_comma) {
            if (c == '\'' && (text[j + 1] == 's' || text[j + 1] == 'S') &&
                (j + 2 >= len || !is_alnum((unsigned char)text[j + 2])))
                break;
            j++;
            continue;
        }
        break;
    }
    *classes = k;
    return j - i;
}

/* Does the word (without a period) keep the period that follows it? */
static int keeps_period(const dyad_abbrevs *a, const char *w, size_t n)
{
    if (memchr(w, '.', n))
        return 1; /* "U.S" + "." */
    if (n == 1 && is_upper((unsigned char)w[0]))
        return 1; /* an initial */
    return a && dyad_intern_find(a->abbreviations, w, n) != 0;
}

static int tokenize_word(const dyad_abbrevs *a, const char *text, size_t len, size_t i,
                         dyad_segments *out, size_t *next)
{
    unsigned classes;
    size_t n = word_length(text, len, i, &classes);
    int kind = DYAD_TOK_WORD;
    if (is_digit((unsigned char)text[i])) {
        kind = DYAD_TOK_NUMBER;
        for (size_t k = i; k < i + n; k++)
            if (!is_digit((unsigned char)text[k]) && text[k] != '.' && text[k] != ',')
                kind = DYAD_TOK_WORD; /* "F-16", "2nd" */
    }
    /* "didn't" -> "did" "n't"; "can't" -> "ca" "n't" */
    if (n > 3 && (text[i + n - 1] == 't' || text[i + n - 1] == 'T') && text[i + n - 2] == '\'' &&
        (text[i + n - 3] == 'n' || text[i + n - 3] == 'N')) {
        if (push_token(out, i, n - 3, kind,
                       word_flags(text + i, n - 3, classes_of(text + i, n - 3))) != 0 ||
            push_token(out, i + n - 3, 3, DYAD_TOK_WORD, 0) != 0)
            return -1;
        *next = i + n;
        return 0;
    }
    size_t end = i + n;
    if (end < len && text[end] == '.' && kind == DYAD_TOK_WORD && keeps_period(a, text + i, n))
        end++;
    if (push_token(out, i, end - i, kind, word_flags(text + i, n, classes)) != 0)
        return -1;
    *next = end;
    return 0;
}

/* A straight quote opens when nothing but space or an opening bracket precedes it. */
static int opens_quote(const char *text, size_t len, size_t i)
{
    int before = i == 0 || is_space((unsigned char)text[i - 1]) || strchr("([{-", text[i - 1]);
    int after = i + 1 < len && !is_space((unsigned char)text[i + 1]);
    return before && after;
}

static int tokenize_punct(const char *text, size_t len, size_t i, dyad_segments *out,
                          size_t *next)
{
    char c = text[i];
    size_t n = 1;
    int flags = 0;
    if (c == '\'' && i + 1 < len && (text[i + 1] == 's' || text[i + 1] == 'S') &&
        (i + 2 >= len || !is_alnum((unsigned char)text[i + 2])) && i > 0 &&
        is_alnum((unsigned char)text[i - 1]))
        n = 2; /* possessive 's */
    else if (c == '-' && i + 1 < len && text[i + 1] == '-')
        n = 2;
    else if (c == '.' && i + 2 < len && text[i + 1] == '.' && text[i + 2] == '.')
        n = 3;
    else if (c == '"')
        flags = DYAD_TF_QUOTE | (opens_quote(text, len, i) ? DYAD_TF_OPENQ : 0);
    int kind = n == 2 && c == '\'' ? DYAD_TOK_WORD : DYAD_TOK_PUNCT;
    if (push_token(out, i, n, kind, flags) != 0)
        return -1;
    *next = i + n;
    return 0;
}

static int is_terminal(const char *text, const dyad_token *t)
{
    return t->kind == DYAD_TOK_PUNCT && t->len == 1 &&
           (text[t->start] == '.' || text[t->start] == '!' || text[t->start] == '?');
}

static int is_closer(const char *text, const dyad_token *t)
{
    if (t->kind != DYAD_TOK_PUNCT || t->len != 1)
        return 0;
    char c = text[t->start];
    return (c == '"' && !(t->flags & DYAD_TF_OPENQ)) || c == ')' || c == ']' || c == '\'';
}

static int starts_sentence(const dyad_token *t)
{
    return (t->flags & (DYAD_TF_CAPITAL | DYAD_TF_OPENQ)) || t->kind == DYAD_TOK_NUMBER;
}

/* Is there a blank line (a paragraph break) between two tokens? */
static int paragraph_break(const char *text, size_t from, size_t to)
{
    if (to - from < 2)
        return 0; /* most tokens are one space apart, or none */
    int newlines = 0;
    for (size_t k = from; k < to; k++)
        if (text[k] == '\n' && ++newlines == 2)
            return 1;
    return 0;
}

static int ends_after_abbreviation(const dyad_abbrevs *a, const char *text, const dyad_token *t,
                                   const dyad_token *next)
{
    if (t->kind != DYAD_TOK_WORD || t->len < 2 || text[t->start + t->len - 1] != '.')
        return 0;
    if (!(next->flags & DYAD_TF_CAPITAL) || !a)
        return 0;
    return dyad_intern_find(a->openers, text + next->start, next->len) != 0;
}

/* Marks quotation state on tokens and places sentence boundaries. */
static int split(const dyad_abbrevs *a, const char *text, size_t headline_len, int one_sentence,
                 dyad_segments *out)
{
    size_t first = 0;
    int in_quote = 0;
    for (size_t k = 0; k < out->ntokens; k++) {
        dyad_token *t = &out->tokens[k];
        if (t->flags & DYAD_TF_QUOTE)
            in_quote = (t->flags & DYAD_TF_OPENQ) != 0;
        else if (in_quote)
            t->flags |= DYAD_TF_INQUOTE;
        if (one_sentence && k + 1 < out->ntokens)
            continue;
        int last = k + 1 == out->ntokens;
        const dyad_token *next = last ? NULL : &out->tokens[k + 1];
        int boundary = last;
        if (!boundary && headline_len && t->start < headline_len && next->start >= headline_len)
            boundary = 1;
        else if (!boundary && paragraph_break(text, t->start + t->len, next->start))
            boundary = 1;
        else if (!boundary && is_terminal(text, t)) {
            /* absorb closing quotes and brackets into this sentence */
            while (k + 1 < out->ntokens && is_closer(text, &out->tokens[k + 1]))
                k++, in_quote = 0;
            boundary = k + 1 == out->ntokens || starts_sentence(&out->tokens[k + 1]);
        } else if (!boundary)
            boundary = ends_after_abbreviation(a, text, t, next);
        if (boundary) {
            int headline = headline_len && out->tokens[first].start < headline_len;
            if (push_sentence(out, first, k, headline) != 0)
                return -1;
            first = k + 1;
            if (k + 1 < out->ntokens &&
                paragraph_break(text, out->tokens[k].start + out->tokens[k].len,
                                out->tokens[k + 1].start))
                in_quote = 0;
        }
    }
    return 0;
}

int dyad_segment(const dyad_abbrevs *a, const char *text, size_t len, size_t headline_len,
                 int one_sentence, dyad_segments *out)
{
    out->ntokens = 0;
    out->nsentences = 0;
    size_t i = 0;
    while (i < len) {
        unsigned char c = (unsigned char)text[i];
        int rc;
        if (is_space(c)) {
            i++;
            continue;
        }
        if (is_alnum(c))
            rc = tokenize_word(a, text, len, i, out, &i);
        else
            rc = tokenize_punct(text, len, i, out, &i);
        if (rc != 0)
            return -1;
    }
    return split(a, text, headline_len, one_sentence, out);
}

void dyad_segments_free(dyad_segments *s)
{
    free(s->tokens);
    free(s->sentences);
    s->tokens = NULL;
    s->sentences = NULL;
    s->ntokens = s->nsentences = s->token_cap = s->sentence_cap = 0;
}
