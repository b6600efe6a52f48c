/* pool — codes documents on worker threads and hands the results on in input order; what
 * `dyad code -j N` and `dyad ingest` share.
 *
 * The calling thread reads the inputs (the reader is not thread-safe), asks `skip` about
 * each document, and packs the rest into batches; N workers code batches, each with its
 * own dyad_story over the shared read-only coder, and give every coded story to `story`,
 * which renders it into the batch's output; one writer thread gives each batch's output
 * to `write` in input order, after writing the batch's messages (records that could not
 * be read or coded, invalid UTF-8 warnings) to stderr.  At most 4 batches per worker are
 * in flight, so memory stays flat whatever the input size. */
#ifndef DYAD_POOL_H
#define DYAD_POOL_H
#include "dyad.h"
#include <stdio.h>

/* A stream's bytes in memory.  open_memstream() would do, but glibc copies into one a few
 * bytes at a time, which cost -j 2 about 5% more instructions than -j 1; a stream over a
 * sink takes each block it flushes with one memcpy. */
typedef struct pool_sink {
    char *p;
    size_t len, cap;
} pool_sink;

/* A stream that appends to k (which outlives it); NULL when out of memory. */
FILE *pool_sink_open(pool_sink *k);

typedef struct pool_counts {
    long stories, skipped, events, failed; /* failed: records not read or not coded */
} pool_counts;

typedef struct pool_hooks {
    void *ctx;
    /* Reading thread, before a document is queued: 1 skips it (counted, not coded), 0
     * codes it, -1 stops reading (ctx reports why).  NULL: code everything. */
    int (*skip)(void *ctx, const dyad_doc *doc);
    /* A worker, per coded story: adds it to the batch's output *out (NULL until this hook
     * makes one; the pool keeps it for reuse).  -1 stops the pool after this batch is
     * written, which the hook's output then says why. */
    int (*story)(void *ctx, void **out, const dyad_story *s);
    /* The writer thread, in input order: consumes and empties an output (NULL when no story
     * of the batch was coded); -1 stops the pool. */
    int (*write)(void *ctx, void *out);
    void (*drop)(void *out); /* frees an output */
    /* The writer thread, after each batch, with the totals so far; NULL: none. */
    void (*progress)(void *ctx, const pool_counts *n);
} pool_hooks;

enum { POOL_MAX_JOBS = 256 };

/* Codes the inputs with `jobs` worker threads and `quiet` as for --quiet; *n gets the
 * totals.  Returns 0; 1 when a hook stopped it; -1 when the threads could not be started
 * (nothing was read then). */
int pool_run(const dyad_coder *c, char **inputs, int ninputs, int input_format, int quiet,
             long jobs, const pool_hooks *h, pool_counts *n);

#endif
