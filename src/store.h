/* store — the embedded event store: coded stories in one SQLite file, so a user goes from
 * articles to a dataset with no server (docs/store.md documents the schema).
 *
 *     dyad_store *st = dyad_store_open("events.db", DYAD_STORE_WRITE, 500, 60000, err,
 *                                      sizeof err);
 *     dyad_store_codes(st, dyad_coder_codes(c));
 *     for each doc:  if (dyad_store_has(st, &doc) == 0) { code it; dyad_store_put(st, &story); }
 *     dyad_store_close(st);                          // commits the last batch
 *
 * dyad ingest splits put in two so that SQLite's work overlaps with coding: the threads that
 * code pack their stories (dyad_store_pack, no SQLite), one thread stores the packs in input
 * order (dyad_store_put_packed), and the thread that reads asks dyad_store_has meanwhile:
 * it reads through a connection of its own.  Any one function runs on one thread at a time.
 * A writable store also runs a thread of its own, with its own connection, that copies each
 * committed batch from the WAL into the database file (store.c, "checkpoints").
 * Writes go in batches of `batch` stories, one transaction each, so a killed ingest loses at
 * most the batch in flight.  A story is keyed by its document id and a hash of its content:
 * the same content again changes nothing, other content replaces the story's sentences and
 * events in place.  The database runs in WAL mode: readers never wait for a writer, and
 * writers queue on SQLite's lock, each waiting up to `wait_ms` for a batch before giving up
 * with a message that says so.
 *
 * Queries take a filter and write events (JSONL as stored, Phoenix TSV or CSV rebuilt from
 * columns through output.c, so they equal `dyad code` output), a time series, or a top-N
 * table.  Filter values reach SQL only as bound parameters.
 *
 * Errors: functions returning int give -1 and leave a message in dyad_store_error(). */
#ifndef DYAD_STORE_H
#define DYAD_STORE_H
#include "dyad.h"
#include "output.h"
#include <stdio.h>

typedef struct dyad_store dyad_store;

typedef enum {
    DYAD_STORE_READ,  /* query and export */
    DYAD_STORE_WRITE  /* ingest */
} dyad_store_mode;

/* Opens (writable: creating the file and schema as needed) or fails with err set: no such
 * file, not a dyad database, another schema version, locked for longer than the wait. */
dyad_store *dyad_store_open(const char *path, dyad_store_mode mode, int batch, int wait_ms,
                            char *err, size_t errlen);

/* Stores what is queued, commits the open batch and closes; -1 when that failed (the batch
 * is lost). */
int dyad_store_close(dyad_store *st);

const char *dyad_store_error(const dyad_store *st);

/* Writes the CAMEO code table (names, PLOVER) that stored events refer to. */
int dyad_store_codes(dyad_store *st, const dyad_codes *codes);

/* 1 when the store holds this document with this content, committed (coding it again would
 * change nothing), 0 when not, -1 on error.  May run on another thread than the writes. */
int dyad_store_has(dyad_store *st, const dyad_doc *doc);

enum { DYAD_STORE_UNCHANGED, DYAD_STORE_ADDED, DYAD_STORE_REPLACED };

/* Stores a coded story (dyad_store_pack, then dyad_store_put_packed); returns one of the
 * values above, or -1.  The story may be reused or freed when it returns. */
int dyad_store_put(dyad_store *st, const dyad_story *s);

/* Packed stories, as dyad_store_pack appends them; zero it to start, free(p) when done. */
typedef struct dyad_store_packs {
    char *p;
    size_t len, cap;
} dyad_store_packs;

/* Appends the values of every row the story adds to k, doing no SQLite work and changing
 * nothing in st: any thread may pack while another stores (after dyad_store_codes).  -1
 * with err set (out of memory, too many rows for one story): k then holds what it did. */
int dyad_store_pack(const dyad_store *st, const dyad_story *s, dyad_store_packs *k,
                    char *err, size_t errlen);

/* Stores the stories packed in p[0..len), in order, as dyad_store_put would each; returns
 * the status of the last one, or -1 (the open batch rolled back). */
int dyad_store_put_packed(dyad_store *st, const char *p, size_t len);

/* Commits the open batch now (puts do so every `batch` stories). */
int dyad_store_commit(dyad_store *st);

/* What the puts did so far. */
typedef struct dyad_store_tally {
    long added, replaced, unchanged, events;
} dyad_store_tally;

void dyad_store_counts(const dyad_store *st, dyad_store_tally *t);

/* Which events a query selects.  Lists hold alternatives (any may match); the filters are
 * all required.  An actor matches by country ("TUR") or by full code ("TURGOV"). */
typedef struct dyad_store_filter {
    const char **source, **target, **code, **root;
    size_t nsource, ntarget, ncode, nroot;
    unsigned quads;            /* bit q set: QuadClass q wanted; 0: all */
    const char *from, *to;     /* inclusive YYYY-MM-DD, or NULL */
    const char *text;          /* text the sentence contains (ASCII letters in any case) */
} dyad_store_filter;

/* Checks codes (2-4 digits), roots (2 digits), dates and from <= to; -1 with err set. */
int dyad_store_filter_check(const dyad_store_filter *f, char *err, size_t errlen);

/* Writes the selected events in story, sentence, event order (CSV with its header);
 * returns how many, or -1. */
long dyad_store_events(dyad_store *st, const dyad_store_filter *f, dyad_out_format fmt,
                       FILE *out);

typedef enum { DYAD_SERIES_DAY, DYAD_SERIES_WEEK, DYAD_SERIES_MONTH } dyad_series_unit;

/* One row per period (days; ISO weeks from Monday; months) from the period holding --from
 * (else the first event) to the one holding --to (else the last event), periods with no
 * events included: events, events per QuadClass, sum and mean of Goldstein scores.
 * Returns the number of rows, or -1. */
long dyad_store_series(dyad_store *st, const dyad_store_filter *f, dyad_series_unit unit,
                       dyad_out_format fmt, FILE *out);

typedef enum { DYAD_TOP_ACTORS, DYAD_TOP_DYADS, DYAD_TOP_CODES } dyad_top_kind;

/* The `limit` most frequent actors (as source or target), directed dyads, or event codes
 * among the selected events, most frequent first, ties by code.  Returns rows, or -1. */
long dyad_store_top(dyad_store *st, const dyad_store_filter *f, dyad_top_kind kind,
                    long limit, dyad_out_format fmt, FILE *out);

#endif
