/* dyad.h — libdyad's public API: from a news story to CAMEO events.
 *
 *     dyad_coder *c = dyad_coder_new(&opts, err, sizeof err);   // dictionaries, once
 *     dyad_story story = {0};
 *     dyad_code_story(c, &doc, &story);     // doc from read.h, or filled by hand
 *     ... story.events[i] ...
 *     dyad_story_free(&story);
 *     dyad_coder_free(c);
 *
 * A coder is read-only after creation and may be shared by threads; a dyad_story belongs to
 * one thread.  All strings in a story live in the story's arena and die with it.
 * Spans are byte offsets [start, end) into the story text as read (see read.h). */
#ifndef DYAD_H
#define DYAD_H
#include "arena.h"
#include "codes.h"
#include "places.h"
#include "read.h"
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define DYAD_VERSION "0.1.0"

typedef struct dyad_options {
    const char *const *dict_files; /* files replacing the built-in ones of the same kind;
                                      "KIND=PATH" names the kind (dyad_dict_kind_of) */
    size_t ndict_files;
    const char *boilerplate_file;  /* NULL: built-in rules */
    const char *default_date;      /* "YYYY-MM-DD" for stories without one, or NULL */
    int no_dedup;                  /* keep every report of the same event */
    int only_dict_files;           /* no built-in actors, agents, verbs, discards: a
                                      validation suite runs with its own dictionaries only */
    FILE *trace;                   /* non-NULL: each sentence's parse is written here (for
                                      dictionary work: why a sentence codes what it does) */
} dyad_options;

typedef struct dyad_coder dyad_coder;

dyad_coder *dyad_coder_new(const dyad_options *opts, char *err, size_t errlen);
void dyad_coder_free(dyad_coder *c);

/* Warnings from loading the dictionaries (duplicates across files...). */
size_t dyad_coder_nwarnings(const dyad_coder *c);
const char *dyad_coder_warning(const dyad_coder *c, size_t i);
const dyad_codes *dyad_coder_codes(const dyad_coder *c);
const struct dyad_dict *dyad_coder_dict(const dyad_coder *c);

/* Applies one TABARI .options command ("SET: CODE BY SENTENCE", "DEFAULT: OFF") to the
 * coder, as a TABARI validation record does between records; TABARI dictionaries only.
 * Not while other threads code with it.  0 applied, 1 a command that changes no coding. */
int dyad_coder_tabari_option(dyad_coder *c, const char *line);
/* Sets one PETRARCH config option ("require_dyad", "false"), as PETR_config.ini or a
 * validation <Config> record does; PETRARCH dictionaries only.  Not while other threads
 * code with it.  0 applied, 1 an option about PETRARCH's run (files, logs), 2 one that
 * changes PETRARCH's coding and is not applied in dyad (or unknown), -1 a bad value. */
int dyad_coder_petrarch_config(dyad_coder *c, const char *name, const char *value);
/* Is TABARI's FORWARD on (consecutive records of one story are coded as that story)? */
int dyad_coder_tabari_forward(const dyad_coder *c);

typedef struct dyad_span {
    uint32_t start, end;
} dyad_span;

typedef struct dyad_actor_ref {
    const char *code;     /* "TURGOV"; NULL for an event with no target */
    char country[4];      /* "TUR", or "" for international and sector-only codes */
    const char *sector;   /* "GOV", or "" */
    const char *text;     /* the words that named it */
    dyad_span span;
} dyad_actor_ref;

typedef struct dyad_story_sentence {
    const char *text;     /* cleaned sentence text */
    dyad_span span;
    int headline;
    dyad_actor_ref speaker;       /* who speaks in it ("X said"), code NULL when nobody */
    uint32_t speaker_named_in;    /* sentence index where the speaker is named */
} dyad_story_sentence;

/* A direct quotation and who said it. */
typedef struct dyad_story_quote {
    const char *text;             /* the words between the quotation marks */
    dyad_span span;
    uint32_t sentence;            /* sentence where it starts */
    dyad_actor_ref speaker;       /* text NULL when no speaker is found */
    uint32_t speaker_named_in;    /* sentence index where the speaker is named */
} dyad_story_quote;

typedef struct dyad_story_event {
    uint32_t sentence;            /* index into story.sentences */
    dyad_actor_ref source, target;
    const dyad_cameo_code *cameo;
    const char *verb_text;
    dyad_span verb_span;
    const char *pattern;          /* "file:line" of the pattern, NULL for a bare verb */
    const char *block;            /* the verb block's label */
    const char *speaker;          /* who said it, when a reporting frame says so */
    char event_date[11];          /* when it happened, from the sentence; else the story date */
    uint8_t passive, future, hypothetical;
    uint8_t historical;           /* placed more than a month before the story */
    uint8_t dated;                /* event_date comes from the sentence, not the story */
    const dyad_place *location;   /* where, from "in X" in its clause; NULL when unknown */
    const uint32_t *evidence;     /* sentence indexes reporting this event (first: its own) */
    size_t nevidence;
} dyad_story_event;

typedef struct dyad_story {
    const dyad_doc *doc;
    char date[11];                /* "YYYY-MM-DD" used for coding, or "" */
    const char *dateline;         /* "ANKARA (Reuters)", or NULL */
    dyad_story_sentence *sentences;
    size_t nsentences;
    dyad_story_event *events;
    size_t nevents;
    dyad_story_quote *quotes;
    size_t nquotes;
    int invalid_utf8, dropped_lines, boilerplate_sentences;
    dyad_arena arena;
    void *scratch;                /* reused buffers, owned by the story */
} dyad_story;

/* Codes one story.  Returns 0, or -1 when out of memory (err set).  A story may be reused
 * for the next document: its previous contents are released first. */
int dyad_code_story(const dyad_coder *c, const dyad_doc *doc, dyad_story *out, char *err,
                    size_t errlen);
void dyad_story_free(dyad_story *s);

#endif
