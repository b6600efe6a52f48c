/* output — the last stage: events as JSON Lines (the rich record), Phoenix-compatible TSV,
 * or CSV.  One event per line, in story order, then sentence order, then verb order, so
 * the same input always gives the same bytes. */
#ifndef DYAD_OUTPUT_H
#define DYAD_OUTPUT_H
#include "dyad.h"
#include <stdio.h>

typedef enum { DYAD_OUT_JSONL, DYAD_OUT_TSV, DYAD_OUT_CSV } dyad_out_format;

/* "jsonl", "tsv" (Phoenix), "csv"; -1 when unknown. */
int dyad_output_format_parse(const char *name);

/* The CSV header line (nothing for the other formats). */
void dyad_write_header(FILE *f, dyad_out_format fmt);

/* Writes every event of a story; with explain, JSONL records say why each was coded. */
void dyad_write_story(FILE *f, const dyad_story *s, dyad_out_format fmt, int explain);

/* A writer writes stories as dyad_write_story does, and faster: it keeps the parts of
 * records that repeat from story to story.  It serves the stories of one coder (it knows
 * CAMEO codes by their entries in the coder's table) on one thread. */
typedef struct dyad_writer dyad_writer;
dyad_writer *dyad_writer_new(dyad_out_format fmt, int explain); /* NULL: out of memory */
void dyad_writer_free(dyad_writer *w);
void dyad_writer_story(dyad_writer *w, FILE *f, const dyad_story *s);

/* Writes event i of a story (one line). */
void dyad_write_event(FILE *f, const dyad_story *s, size_t i, dyad_out_format fmt, int explain);

/* Writes the story's direct quotations, one JSON object a line (`dyad quotes`). */
void dyad_write_quotes(FILE *f, const dyad_story *s);

/* Writes s as a JSON string literal (quotes included), replacing invalid UTF-8 by U+FFFD. */
void dyad_json_string(FILE *f, const char *s);

#endif
