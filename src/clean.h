/* clean — the second stage: normalise the text and drop what is not news.
 *
 * Input is a story as read (see read.h).  Output is a cleaned copy in which
 *   - web boilerplate lines ("Click here for more world news.", "Read more: ...", share /
 *     follow / subscribe lines, copyright lines, photo credits) are removed.  The rules are
 *     POSIX extended regular expressions, case-insensitive, in a data file
 *     (data/boilerplate.rules), each matched against a whole line (paragraph) with its
 *     surrounding blanks trimmed;
 *   - a leading dateline ("ANKARA (Reuters) -", "WASHINGTON, March 3 (AP) —",
 *     "BEIRUT, Lebanon:") is removed from the first body paragraph and kept as metadata;
 *   - curly quotes become ASCII quotes, the dashes (en, em, minus, figure, horizontal bar)
 *     become "-" (em/en dash surrounded by spaces stays a spaced " - "), non-breaking and
 *     other Unicode spaces become a space, the ellipsis character becomes "...", soft
 *     hyphens and zero-width characters vanish, CR LF becomes LF;
 *   - invalid UTF-8 bytes are replaced by '?' and counted (never fatal).
 * Every byte of the cleaned text maps back to the byte of the original it came from, so
 * later stages report spans in the caller's coordinates.
 *
 * The sentence-level test `dyad_is_boilerplate` uses the same rules so that a boilerplate
 * sentence inside a longer paragraph (common in JSONL bodies) is dropped too. */
#ifndef DYAD_CLEAN_H
#define DYAD_CLEAN_H
#include <stddef.h>
#include <stdint.h>

typedef struct dyad_cleaned {
    char *text;            /* cleaned text, NUL-terminated */
    size_t len;
    uint32_t *map;         /* map[i]: offset in the original of cleaned byte i; map[len] is the
                              original length (so a span [a,b) maps to [map[a], map[b-1]+1)) */
    size_t headline_len;   /* the headline's length in cleaned bytes (0 = none) */
    char *dateline;        /* the dateline removed, e.g. "ANKARA (Reuters)", or NULL */
    int dropped_lines;     /* boilerplate lines removed */
    int invalid_utf8;      /* invalid byte sequences replaced */
} dyad_cleaned;

typedef struct dyad_cleaner dyad_cleaner;

/* Compiles a rules file (text in memory; `name` names it in messages).  A line is a rule; a
 * blank line or one starting with '#' is ignored.  A rule that does not compile is an error
 * "name:line: why" in err and NULL is returned. */
dyad_cleaner *dyad_cleaner_new(const char *rules, size_t len, const char *name, char *err,
                               size_t errlen);
void dyad_cleaner_free(dyad_cleaner *c);

/* Cleans text[0..len) whose first headline_len bytes are a headline.  Returns 0, or -1 when
 * out of memory.  Free out with dyad_cleaned_free. */
int dyad_clean(const dyad_cleaner *c, const char *text, size_t len, size_t headline_len,
               dyad_cleaned *out);
void dyad_cleaned_free(dyad_cleaned *out);

/* 1 when the (already cleaned) sentence s[0..len) is boilerplate by the same rules. */
int dyad_is_boilerplate(const dyad_cleaner *c, const char *s, size_t len);

/* A line or sentence longer than this (in bytes, after trimming) is never boilerplate:
 * it keeps real paragraphs out of the regexes and bounds their cost. */
#define DYAD_BOILERPLATE_MAX_LINE 300

/* The number of rules compiled; in *unfiltered (if not NULL) how many have no literal
 * prefix the cleaner could read, and so are tried on every line (slow: see the head of
 * data/boilerplate.rules). */
size_t dyad_cleaner_rules(const dyad_cleaner *c, size_t *unfiltered);

#endif
