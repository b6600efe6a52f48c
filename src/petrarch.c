/* petrarch — PETRARCH's configuration options (see petrarch.h). */
#include "petrarch.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Options of PETR_config.ini that name files or steer logging and error handling. */
static const char *const irrelevant[] = {
    "verbfile_name",     "actorfile_list",   "agentfile_name", "discardfile_name",
    "issuefile_name",    "textfile_list",    "textfile_name",  "eventfile_name",
    "stop_on_error",     "write_actor_root", "write_actor_text", "write_event_text",
    "run_date",          "output_zero_roots", "code_by_sentence_id"};

void dyad_petrarch_config_init(dyad_petrarch_config *o)
{
    o->require_dyad = 1;
}

static int boolean(const char *v, int *out)
{
    if (strcasecmp(v, "true") == 0 || strcmp(v, "1") == 0)
        *out = 1;
    else if (strcasecmp(v, "false") == 0 || strcmp(v, "0") == 0)
        *out = 0;
    else
        return -1;
    return 0;
}

enum dyad_petrarch_set_result dyad_petrarch_set(dyad_petrarch_config *o, const char *name,
                                                const char *value)
{
    if (strcasecmp(name, "require_dyad") == 0)
        return boolean(value, &o->require_dyad) == 0 ? DYAD_PETRARCH_APPLIED
                                                     : DYAD_PETRARCH_BAD_VALUE;
    if (strcasecmp(name, "new_actor_length") == 0) {
        char *end;
        long n = strtol(value, &end, 10);
        if (end == value || *end || n < 0 || n > 64)
            return DYAD_PETRARCH_BAD_VALUE;
        o->new_actor_length = (int)n;
        return DYAD_PETRARCH_APPLIED;
    }
    for (size_t i = 0; i < sizeof irrelevant / sizeof irrelevant[0]; i++)
        if (strcasecmp(name, irrelevant[i]) == 0)
            return DYAD_PETRARCH_IRRELEVANT;
    return DYAD_PETRARCH_NOT_APPLIED;
}

/* s[0..n) without surrounding blanks, into buf. */
static const char *trimmed(const char *s, size_t n, char *buf, size_t cap)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

enum dyad_petrarch_set_result dyad_petrarch_config_line(dyad_petrarch_config *o,
                                                        const char *line)
{
    while (isspace((unsigned char)*line))
        line++;
    if (!*line || *line == '#' || *line == ';' || *line == '[')
        return DYAD_PETRARCH_IRRELEVANT;
    size_t k = strcspn(line, "=:");
    if (!line[k])
        return DYAD_PETRARCH_NOT_APPLIED;
    const char *v = line + k + 1;
    size_t n = strlen(v);
    for (size_t i = 1; i < n; i++) /* "True   # was False": an inline comment */
        if ((v[i] == '#' || v[i] == ';') && isspace((unsigned char)v[i - 1])) {
            n = i;
            break;
        }
    char name[64], value[256];
    return dyad_petrarch_set(o, trimmed(line, k, name, sizeof name),
                             trimmed(v, n, value, sizeof value));
}

int dyad_petrarch_new_actors(const dyad_petrarch_config *o, const char *text,
                             const dyad_token *tok, const dyad_tokinfo *info, dyad_arena *arena,
                             dyad_parse *p)
{
    for (size_t m = 0; o->new_actor_length > 0 && m < p->nmentions; m++) {
        dyad_mention *x = &p->mentions[m];
        if (x->code || x->pronoun)
            continue;
        size_t first = x->first;
        if (first > 0 && (info[first - 1].classes & DYAD_WC_DETERMINER) &&
            !(info[first - 1].classes & DYAD_WC_PRONOUN))
            first--; /* "the Ministry of Magic" */
        char buf[256];
        size_t n = 0;
        int words = 0;
        buf[n++] = '"';
        for (size_t i = first; i <= x->last; i++) {
            const dyad_token *t = &tok[i];
            if (t->kind != DYAD_TOK_WORD || (t->len == 2 && text[t->start] == '\''))
                continue; /* "Gryffindor's head": the possessive is no word */
            if (n + t->len + 3 > sizeof buf)
                break;
            if (words++)
                buf[n++] = ' ';
            for (size_t k = 0; k < t->len; k++)
                buf[n++] = (char)toupper((unsigned char)text[t->start + k]);
        }
        buf[n++] = '"';
        if (words == 0 || words > o->new_actor_length)
            continue;
        if (!(x->code = dyad_arena_strndup(arena, buf, n)))
            return -1;
    }
    return 0;
}
