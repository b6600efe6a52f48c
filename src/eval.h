/* eval — gold-standard files and the scores of a coder against them.
 *
 * People validate an event coder by running it on sentences whose correct coding is known.
 * Three gold formats are read, each into the same records:
 *   - PETRARCH validation XML: <Sentence id date> with <EventCoding sourcecode targetcode
 *     eventcode> children (or noevents / error, both meaning "no event") and <Text>; its
 *     <Environment> block names the dictionaries (<Verbfile>, <Actorfile>...); <Config
 *     option value> tags before a record become its options ("require_dyad=false"), and
 *     records whose category the <Include> list lacks are left out, as PETRARCH does.
 *   - TABARI validation text: "YYMMDD ID" header, the text, then a comment (slash-star ... star-slash) with
 *     "{ SRC / TGT / CODE }" per event; {- - -}, {---}, {###} and {+++} mean no event and
 *     "-{" stops checking (later events, and extra coded ones, are not held against the
 *     coder); "{ OPTION: SET: CODE ALL }" changes a TABARI option from that record on.  A .project file names the text file and the dictionaries.  Reading stops
 *     at the suite's FINAL marker record, as TABARI's validation does.
 *   - JSONL: {"sentence_id", "text", "date"?, "events": [{"source", "target", "code",
 *     "optional"?: true}]} one record a line ("required": false also marks an optional
 *     event).
 * Dictionary files a suite names are resolved relative to the suite file and given as
 * "KIND=PATH" (see dyad_dict_kind_of), so that PETRARCH's .txt names load as their kind.
 *
 * Scoring compares events as (source, target, code) triples, a missing target being
 * "---".  A record passes when every required gold event was coded and nothing else was
 * (optional events may be coded or not).  Precision, recall and F1 count triples at full
 * code level and at root level (the code's first two digits), overall and per gold or
 * coded root. */
#ifndef DYAD_EVAL_H
#define DYAD_EVAL_H
#include "arena.h"
#include <stddef.h>
#include <stdio.h>

typedef struct dyad_gold_event {
    const char *source, *target, *code; /* target "---" for none */
    int optional;
} dyad_gold_event;

#define DYAD_GOLD_MAX_OPTIONS 8
typedef struct dyad_gold_record {
    const char *id, *date, *text;       /* date "YYYY-MM-DD" or NULL */
    dyad_gold_event *events;
    size_t nevents;
    int open;                           /* extra coded events are not errors ("-{") */
    const char *options[DYAD_GOLD_MAX_OPTIONS]; /* TABARI "{ OPTION: ... }" commands or
                                                 * PETRARCH <Config> "name=value", which
                                                 * hold from this record on */
    size_t noptions;
    long line;                          /* where the record starts in the gold file */
} dyad_gold_record;

#define DYAD_GOLD_MAX_DICTS 16
typedef struct dyad_gold {
    dyad_gold_record *records;
    size_t nrecords, cap;
    const char *dicts[DYAD_GOLD_MAX_DICTS]; /* "KIND=PATH" the suite names */
    size_t ndicts;
    const char *records_file;               /* where the records are (a .project's text) */
    int petrarch_options;                   /* the records' options are PETRARCH's */
    size_t excluded;                        /* records of categories PETRARCH's <Include>
                                             * leaves out, not read */
    dyad_arena arena;
} dyad_gold;

/* Reads a gold file: .xml (PETRARCH), .project (TABARI project), .jsonl/.json (JSONL),
 * anything else as TABARI validation text.  Returns 0, or -1 with "file:line: why" in err
 * (the partly read *g must still be freed). */
int dyad_gold_read(const char *path, dyad_gold *g, char *err, size_t errlen);
/* The same from memory; `name` gives the format and resolves dictionary names. */
int dyad_gold_parse(const char *text, size_t len, const char *name, dyad_gold *g, char *err,
                    size_t errlen);
void dyad_gold_free(dyad_gold *g);

/* What the coder found in one record. */
typedef struct dyad_eval_event {
    const char *source, *target, *code; /* target NULL or "---" for none */
} dyad_eval_event;

typedef struct dyad_prf {
    size_t tp, fp, fn;
} dyad_prf;

typedef struct dyad_eval {
    size_t records, passed;
    dyad_prf full, root;
    dyad_prf by_root[21]; /* roots 01..20 at root level; [0] codes with no valid root */
} dyad_eval;

/* Scores one record into *ev; returns 1 when it passes.  On a failure `diff` receives
 * "missing SRC TGT CODE; extra SRC TGT CODE" (truncated to difflen). */
int dyad_eval_record(dyad_eval *ev, const dyad_gold_record *r, const dyad_eval_event *got,
                     size_t ngot, char *diff, size_t difflen);

/* Writes the P/R/F1 tables, then the last line "records: P passed of N (X.X%)". */
void dyad_eval_report(FILE *out, const dyad_eval *ev);

#endif
