/* events.h — for tests that code a story and compare its events as one string.
 *
 * story_events() codes `text` (dated `date`, or undated with NULL) with coder `c` and
 * returns its events as "SRC TGT CODE; ..." (target "-" when none), "(error)" when coding
 * failed.  The string lives until the next call.  files_coder() makes a coder with only
 * the given dictionary files. */
#ifndef DYAD_TEST_EVENTS_H
#define DYAD_TEST_EVENTS_H
#include "dyad.h"
#include <stdio.h>
#include <string.h>

/* A coder with only the given dictionary files (as a validation suite runs), every report
 * its own record; NULL after printing why. */
static inline dyad_coder *files_coder(const char *const *files, size_t n)
{
    dyad_options o = {.dict_files = files, .ndict_files = n, .only_dict_files = 1,
                      .no_dedup = 1};
    char err[512];
    dyad_coder *c = dyad_coder_new(&o, err, sizeof err);
    if (!c)
        fprintf(stderr, "coder: %s\n", err);
    return c;
}

static inline const char *story_events(const dyad_coder *c, const char *text, const char *date)
{
    static char out[4096];
    dyad_doc doc = {.id = "t", .text = (char *)text, .len = strlen(text), .date = (char *)date};
    dyad_story s = {0};
    char err[256];
    out[0] = '\0';
    if (!c || dyad_code_story(c, &doc, &s, err, sizeof err) != 0) {
        dyad_story_free(&s);
        return "(error)";
    }
    for (size_t i = 0; i < s.nevents; i++) {
        char one[160];
        snprintf(one, sizeof one, "%s%s %s %s", i ? "; " : "", s.events[i].source.code,
                 s.events[i].target.code ? s.events[i].target.code : "-",
                 s.events[i].cameo->code);
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    dyad_story_free(&s);
    return out;
}

#endif
