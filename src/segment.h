/* segment — the third stage: sentences and tokens.
 *
 * Works on cleaned text (see clean.h).  Tokens keep byte offsets into that text, which
 * clean's map turns into offsets into the original story.
 *
 * Tokens: words keep inner '.', '-', '\'' and '&' ("U.S.", "al-Qaeda", "AT&T"); an
 * abbreviation keeps its final period ("Gen.", "Jan.", "U.N.", the initial "F."); the
 * possessive "'s" / "'" and the negation "n't" are tokens of their own; numbers keep
 * decimal points and thousands separators ("3.5", "1,200"); every other punctuation mark is a
 * token, except that "--" and "..." are one token each.
 *
 * Sentences end at '.', '!' or '?' (with any closing quotes or brackets that follow) when the
 * next token starts a sentence (capitalised, a digit, an opening quote) or the text ends;
 * at a blank line; and at the end of the headline.  An abbreviation ends a sentence only when
 * the next word is a common sentence opener ("...in the U.S. The talks..."). */
#ifndef DYAD_SEGMENT_H
#define DYAD_SEGMENT_H
#include <stddef.h>
#include <stdint.h>

enum dyad_token_kind { DYAD_TOK_WORD = 1, DYAD_TOK_NUMBER, DYAD_TOK_PUNCT };

enum dyad_token_flag {
    DYAD_TF_CAPITAL = 1 << 0,  /* first letter upper case (or non-ASCII letter) */
    DYAD_TF_ALLCAPS = 1 << 1,  /* every letter upper case, at least two letters */
    DYAD_TF_QUOTE = 1 << 2,    /* a quotation mark */
    DYAD_TF_OPENQ = 1 << 3,    /* ... that opens a quotation */
    DYAD_TF_INQUOTE = 1 << 4,  /* inside a quotation */
    DYAD_TF_SENTSTART = 1 << 5 /* first token of its sentence */
};

typedef struct dyad_token {
    uint32_t start, len; /* bytes in the cleaned text */
    uint16_t kind;       /* enum dyad_token_kind */
    uint16_t flags;      /* enum dyad_token_flag */
} dyad_token;

typedef struct dyad_sentence {
    uint32_t start, end;         /* bytes in the cleaned text, trimmed */
    uint32_t first_token, ntokens;
    int headline;                /* 1 for the headline */
} dyad_sentence;

/* Growable arrays reused from document to document: no allocation per token. */
typedef struct dyad_segments {
    dyad_token *tokens;
    size_t ntokens, token_cap;
    dyad_sentence *sentences;
    size_t nsentences, sentence_cap;
} dyad_segments;

/* Abbreviations that keep their period ("Gen.", "Jan.") and the words that open sentences
 * after an abbreviation: one list in data (abbreviations.list), compiled once. */
typedef struct dyad_abbrevs dyad_abbrevs;
dyad_abbrevs *dyad_abbrevs_new(const char *text, size_t len);
void dyad_abbrevs_free(dyad_abbrevs *a);

/* Splits text[0..len) (cleaned, and so followed by a NUL at text[len]) into sentences and
 * tokens, replacing what `out` held.
 * The first headline_len bytes are a sentence of their own; with one_sentence the whole text
 * is one sentence (pre-split input).  Returns 0, or -1 when out of memory. */
int dyad_segment(const dyad_abbrevs *a, const char *text, size_t len, size_t headline_len,
                 int one_sentence, dyad_segments *out);
void dyad_segments_free(dyad_segments *s);

#endif
