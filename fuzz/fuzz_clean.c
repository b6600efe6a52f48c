/* fuzz_clean.c — libFuzzer target for the clean stage.
 *
 * Input: the first byte picks headline_len (its value, clamped to the text), the rest is
 * the story.  Checks, with abort() on violation:
 *   - the map is non-decreasing, every map[i] < the original length, map[len] == length;
 *   - the cleaned text is NUL-terminated with no NUL inside, valid UTF-8, and
 *     headline_len <= len; a dateline is non-empty and has no trailing separator;
 *   - the prefix prefilter is sound: dyad_is_boilerplate on the raw story agrees with
 *     running every rule with regexec directly.
 * The rules are data/boilerplate.rules (run from the repository root), read once; when
 * the file is missing a small built-in set is used. */
#include "clean.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char builtin_rules[] = "^advertisement$\n"
                                    "^(click|tap) here([ .:,!-].*)?$\n"
                                    "^read more([ .:,!>-].*)?$\n"
                                    "^share (this|on|via)( [^ ]+){0,6}[[:space:]]*[:.!]?$\n"
                                    "^follow (us|me)([ .:,!].*)?$\n"
                                    "^copyright ?(©|\\(c\\))([^[:alnum:]].*)?$\n"
                                    "^(photo|image)[[:space:]]*[:|].*$\n"
                                    "^\\((reporting|writing|editing) by [^()]*\\)[.]?$\n";

static dyad_cleaner *cleaner;
static regex_t *direct; /* the same rules, for the brute-force comparison */
static size_t ndirect;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf) buf[*len] = '\0';
    return buf;
}

/* The rule-file syntax of clean.c: trimmed lines, '#' comments at the start or after a
 * blank. */
static void compile_direct(char *text)
{
    direct = calloc(1024, sizeof *direct);
    for (char *line = strtok(text, "\n"); line && ndirect < 1024; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t') line++;
        for (char *h = line; *h; h++)
            if (*h == '#' && (h == line || h[-1] == ' ' || h[-1] == '\t')) *h = '\0';
        size_t n = strlen(line);
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r')) n--;
        line[n] = '\0';
        if (n && regcomp(&direct[ndirect], line, REG_EXTENDED | REG_ICASE | REG_NOSUB) == 0)
            ndirect++;
    }
}

static void init(void)
{
    size_t len = 0;
    char err[256];
    char *text = slurp("data/boilerplate.rules", &len);
    if (!text) {
        len = sizeof builtin_rules - 1;
        text = malloc(len + 1);
        memcpy(text, builtin_rules, len + 1);
    }
    cleaner = dyad_cleaner_new(text, len, "boilerplate.rules", err, sizeof err);
    if (!cleaner) {
        fprintf(stderr, "fuzz_clean: %s\n", err);
        abort();
    }
    compile_direct(text);
    free(text);
}

static int valid_utf8(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char b = s[i];
        size_t need = b < 0x80 ? 0 : b >= 0xC2 && b <= 0xDF ? 1 : b >= 0xE0 && b <= 0xEF ? 2
                                   : b >= 0xF0 && b <= 0xF4 ? 3 : 9;
        if (need == 9 || i + need >= n) return 0; /* bad lead byte, or truncated */
        unsigned char lo = b == 0xE0 ? 0xA0 : b == 0xF0 ? 0x90 : 0x80;
        unsigned char hi = b == 0xED ? 0x9F : b == 0xF4 ? 0x8F : 0xBF;
        for (size_t k = 1; k <= need; k++) {
            unsigned char c = s[i + k];
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xBF)) return 0;
        }
        i += need + 1;
    }
    return 1;
}

static void check_cleaned(const dyad_cleaned *c, size_t olen)
{
    if (c->text[c->len] != '\0' || memchr(c->text, '\0', c->len)) abort();
    if (c->map[c->len] != olen) abort();
    for (size_t i = 0; i < c->len; i++) {
        if (c->map[i] >= olen) abort();
        if (i && c->map[i] < c->map[i - 1]) abort();
    }
    if (c->headline_len > c->len) abort();
    if (!valid_utf8((const unsigned char *)c->text, c->len)) abort();
    if (c->dateline) {
        size_t n = strlen(c->dateline);
        if (n == 0 || strchr(" -:", c->dateline[n - 1])) abort();
    }
}

/* dyad_is_boilerplate must agree with trying every rule (the prefilter only skips). */
static void check_prefilter(const char *s, size_t n)
{
    char buf[DYAD_BOILERPLATE_MAX_LINE + 1];
    const char *blank = " \t\n\r\f\v";
    while (n && strchr(blank, *s) && *s) s++, n--;
    while (n && strchr(blank, s[n - 1]) && s[n - 1]) n--;
    if (n == 0 || n > DYAD_BOILERPLATE_MAX_LINE || memchr(s, '\0', n)) return;
    memcpy(buf, s, n);
    buf[n] = '\0';
    int want = 0;
    for (size_t i = 0; i < ndirect && !want; i++)
        want = regexec(&direct[i], buf, 0, NULL, 0) == 0;
    if (dyad_is_boilerplate(cleaner, s, n) != want) abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
    if (!cleaner) init();
    if (size == 0) return 0;
    size_t headline = data[0];
    const char *text = (const char *)data + 1;
    size_t len = size - 1;
    dyad_cleaned out;
    if (dyad_clean(cleaner, text, len, headline, &out) != 0) abort();
    check_cleaned(&out, len);
    dyad_cleaned_free(&out);
    check_prefilter(text, len);
    return 0;
}
