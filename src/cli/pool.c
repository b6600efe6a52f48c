/* pool — see pool.h.  The lock guards only the hand-offs (a few per batch); reading, coding
 * and writing all happen outside it. */
#define _GNU_SOURCE /* fopencookie */
#include "pool.h"
#include "read.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* A batch is handed on at BATCH_DOCS documents or BATCH_BYTES of text, or after
 * BATCH_SKIPPED skipped documents, so that a re-run that skips everything still moves the
 * progress line. */
enum { BATCH_DOCS = 64, BATCH_BYTES = 64 * 1024, BATCH_SKIPPED = 1024, BATCHES_PER_WORKER = 4 };
enum { SLOT_EMPTY, SLOT_FILLED, SLOT_DONE };

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    pool_sink *k = cookie;
    if (n > k->cap - k->len) {
        size_t cap = k->cap ? k->cap : 65536;
        while (cap - k->len < n && cap <= SIZE_MAX / 2)
            cap *= 2;
        char *p = cap - k->len >= n ? realloc(k->p, cap) : NULL;
        if (!p)
            return 0; /* an error, for fopencookie */
        k->p = p;
        k->cap = cap;
    }
    memcpy(k->p + k->len, buf, n);
    k->len += n;
    return (ssize_t)n;
}

FILE *pool_sink_open(pool_sink *k)
{
    return fopencookie(k, "w", (cookie_io_functions_t){.write = sink_write});
}

typedef struct entry {
    dyad_doc doc;
    char *msg; /* a reader's message ("dyad: ...\n") in place of a document, or NULL */
} entry;

typedef struct batch {
    entry items[BATCH_DOCS];
    size_t n, bytes;
    int state;
    int stopped;       /* the story hook asked to stop: the rest is not coded */
    void *out;         /* the hooks' output, kept from batch to batch */
    FILE *msgf;        /* a stream over msgs, opened on first use */
    pool_sink msgs;    /* stderr messages */
    pool_counts count;
} batch;

typedef struct pool {
    const dyad_coder *c;
    const pool_hooks *h;
    int quiet;
    batch *ring;
    size_t nring;
    size_t head, claim, tail; /* next batch to fill, to code, to write */
    int eof, stop;            /* stop: a hook asked to; nothing more is read or written */
    pool_counts total;
    pthread_mutex_t mu;
    pthread_cond_t filled, done, emptied;
} pool;

static void message(batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void message(batch *b, const char *fmt, ...)
{
    if (!b->msgf && !(b->msgf = pool_sink_open(&b->msgs)))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(b->msgf, fmt, ap);
    va_end(ap);
}

/* Codes one document and gives its story to the story hook. */
static void code_doc(pool *p, batch *b, const dyad_doc *doc, dyad_story *story)
{
    char err[1024];
    if (dyad_code_story(p->c, doc, story, err, sizeof err) != 0) {
        message(b, "dyad: %s:%ld: id %s: %s\n", doc->origin, doc->record, doc->id, err);
        b->count.failed++;
        return;
    }
    if (!p->quiet && story->invalid_utf8)
        message(b, "dyad: %s:%ld: id %s: %d invalid UTF-8 sequences replaced\n", doc->origin,
                doc->record, doc->id, story->invalid_utf8);
    if (p->h->story(p->h->ctx, &b->out, story) != 0) {
        b->stopped = 1;
        return;
    }
    b->count.stories++;
    b->count.events += (long)story->nevents;
}

/* Codes every document of a batch; the messages go to its stream. */
static void code_batch(pool *p, batch *b, dyad_story *story)
{
    b->msgs.len = 0; /* the stream was flushed after the batch before */
    for (size_t i = 0; i < b->n; i++) {
        entry *e = &b->items[i];
        if (e->msg) {
            message(b, "%s", e->msg);
            free(e->msg);
            e->msg = NULL;
            b->count.failed++;
            continue;
        }
        if (!b->stopped)
            code_doc(p, b, &e->doc, story);
        dyad_doc_free(&e->doc);
    }
    if (b->msgf)
        fflush(b->msgf);
}

static void *worker_main(void *arg)
{
    pool *p = arg;
    dyad_story story = {0};
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->claim == p->head && !p->eof)
            pthread_cond_wait(&p->filled, &p->mu);
        if (p->claim == p->head)
            break;
        batch *b = &p->ring[p->claim++ % p->nring];
        pthread_mutex_unlock(&p->mu);
        code_batch(p, b, &story);
        pthread_mutex_lock(&p->mu);
        b->state = SLOT_DONE;
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    dyad_story_free(&story);
    return NULL;
}

/* Writes one batch; 1 when the pool stops after it. */
static int write_batch(pool *p, batch *b)
{
    if (b->msgs.len)
        fwrite(b->msgs.p, 1, b->msgs.len, stderr);
    int stop = p->h->write(p->h->ctx, b->out) != 0 || b->stopped;
    p->total.stories += b->count.stories;
    p->total.skipped += b->count.skipped;
    p->total.events += b->count.events;
    p->total.failed += b->count.failed;
    if (p->h->progress)
        p->h->progress(p->h->ctx, &p->total);
    return stop;
}

static void *writer_main(void *arg)
{
    pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        batch *b = &p->ring[p->tail % p->nring];
        while (!(p->tail < p->head && b->state == SLOT_DONE) && !(p->tail == p->head && p->eof))
            pthread_cond_wait(&p->done, &p->mu);
        if (p->tail == p->head)
            break;
        int stopped = p->stop; /* what follows a stop is coded (it was queued), not written */
        pthread_mutex_unlock(&p->mu);
        int stop = !stopped && write_batch(p, b);
        pthread_mutex_lock(&p->mu);
        p->stop |= stop;
        b->n = b->bytes = 0;
        b->count = (pool_counts){0};
        b->stopped = 0;
        b->state = SLOT_EMPTY;
        p->tail++;
        pthread_cond_broadcast(&p->emptied);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The batch the reader fills next, once the writer has emptied it; NULL when the pool
 * stops. */
static batch *next_batch(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->head - p->tail >= p->nring && !p->stop)
        pthread_cond_wait(&p->emptied, &p->mu);
    batch *b = p->stop ? NULL : &p->ring[p->head % p->nring];
    pthread_mutex_unlock(&p->mu);
    return b;
}

static void publish(pool *p, batch *b)
{
    pthread_mutex_lock(&p->mu);
    b->state = SLOT_FILLED;
    p->head++;
    pthread_cond_signal(&p->filled);
    pthread_mutex_unlock(&p->mu);
}

/* Hands a full batch on; returns the batch to fill next, or NULL when the pool stops. */
static batch *maybe_publish(pool *p, batch *b)
{
    if (b->n < BATCH_DOCS && b->bytes < BATCH_BYTES && b->count.skipped < BATCH_SKIPPED)
        return b;
    publish(p, b);
    return next_batch(p);
}

/* Adds a reader's message (or, with doc, a document) to the batch being filled. */
static batch *add_entry(pool *p, batch *b, dyad_doc *doc, const char *msg)
{
    entry *e = &b->items[b->n];
    memset(e, 0, sizeof *e);
    if (doc) {
        e->doc = *doc;
        b->bytes += doc->len;
    } else {
        size_t n = strlen(msg) + 8;
        if ((e->msg = malloc(n)) == NULL) {
            b->count.failed++; /* out of memory: the message is lost, not the count */
            return b;
        }
        snprintf(e->msg, n, "dyad: %s\n", msg);
    }
    b->n++;
    return maybe_publish(p, b);
}

/* Reads every input into batches, asking the skip hook about each document; returns the
 * batch left partly filled, or NULL when the pool stopped. */
static batch *read_inputs(pool *p, char **inputs, int ninputs, int input_format, batch *b)
{
    char err[1024];
    const pool_hooks *h = p->h;
    for (int i = 0; b && i < ninputs; i++) {
        dyad_reader *r = dyad_reader_open(inputs[i], (dyad_input_format)input_format, err,
                                          sizeof err);
        if (!r) {
            b = add_entry(p, b, NULL, err);
            continue;
        }
        dyad_doc doc;
        while (b) {
            int rc = dyad_reader_next(r, &doc, err, sizeof err);
            if (rc == 0)
                break;
            if (rc < 0) {
                b = add_entry(p, b, NULL, err);
                if (rc == -2)
                    break;
                continue;
            }
            doc.origin = inputs[i]; /* outlives the reader, which owns doc.origin */
            int skip = h->skip ? h->skip(h->ctx, &doc) : 0;
            if (skip == 0) {
                b = add_entry(p, b, &doc, NULL);
                continue;
            }
            dyad_doc_free(&doc);
            if (skip < 0) {
                publish(p, b); /* what was read before is coded and written */
                pthread_mutex_lock(&p->mu);
                p->stop = 1;
                pthread_mutex_unlock(&p->mu);
                b = NULL;
            } else {
                b->count.skipped++;
                b = maybe_publish(p, b);
            }
        }
        dyad_reader_close(r);
    }
    return b;
}

int pool_run(const dyad_coder *c, char **inputs, int ninputs, int input_format, int quiet,
             long jobs, const pool_hooks *h, pool_counts *n)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.h = h;
    p.quiet = quiet;
    p.nring = (size_t)jobs * BATCHES_PER_WORKER;
    if (!(p.ring = calloc(p.nring, sizeof *p.ring)))
        return -1;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.filled, NULL);
    pthread_cond_init(&p.done, NULL);
    pthread_cond_init(&p.emptied, NULL);
    pthread_t *threads = calloc((size_t)jobs + 1, sizeof *threads);
    long started = 0;
    int ok = threads && pthread_create(&threads[0], NULL, writer_main, &p) == 0;
    for (started = 0; ok && started < jobs; started++)
        if (pthread_create(&threads[started + 1], NULL, worker_main, &p) != 0)
            break;
    if (ok && started > 0) {
        batch *b = read_inputs(&p, inputs, ninputs, input_format, next_batch(&p));
        if (b && (b->n || b->count.skipped))
            publish(&p, b);
    }
    pthread_mutex_lock(&p.mu);
    p.eof = 1;
    pthread_cond_broadcast(&p.filled);
    pthread_cond_broadcast(&p.done);
    pthread_mutex_unlock(&p.mu);
    for (long i = 0; i < started; i++)
        pthread_join(threads[i + 1], NULL);
    if (ok)
        pthread_join(threads[0], NULL);
    pthread_cond_destroy(&p.filled);
    pthread_cond_destroy(&p.done);
    pthread_cond_destroy(&p.emptied);
    pthread_mutex_destroy(&p.mu);
    free(threads);
    for (size_t i = 0; i < p.nring; i++) {
        batch *b = &p.ring[i];
        if (b->out)
            h->drop(b->out);
        if (b->msgf)
            fclose(b->msgf);
        free(b->msgs.p);
    }
    free(p.ring);
    *n = p.total;
    return ok && started > 0 ? p.stop : -1;
}
