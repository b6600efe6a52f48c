/* dyad code — news in, events out.
 *
 * Reads each operand (file, directory, or stdin) with the read stage, codes every story and
 * writes its events as they come, so memory stays flat however large the input.  A record
 * that cannot be read is reported with its id and skipped; the exit status says so. */
#define _GNU_SOURCE /* fopencookie */
#include "cli.h"
#include "output.h"
#include "read.h"
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char code_usage[] =
    "usage: dyad code [options] [FILE|DIR]...\n"
    "\n"
    "Codes each story into CAMEO events, one event per output line.  With no operand, or\n"
    "with -, reads standard input.  Directories are read recursively in name order.\n"
    "\n"
    "input:\n"
    "  -i, --input FORMAT   auto (default: by extension), text, jsonl, xml (PETRARCH)\n"
    "      --date DATE      story date YYYY-MM-DD for stories that carry none\n"
    "                       (default: today, which selects current office holders)\n"
    "output:\n"
    "  -f, --format FORMAT  jsonl (default), tsv (Phoenix columns), csv\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "      --explain        add why each event was coded (block, pattern, roles)\n"
    "      --no-dedup       one record per report (default: an event reported by several\n"
    "                       sentences of a story is one record, with all as evidence)\n"
    "dictionaries:\n"
    "      --dict FILE      use FILE instead of the built-in files of its kind (.actors,\n"
    "                       .agents, .verbs, .discards, .words, .irregular); repeatable\n"
    "      --boilerplate FILE  boilerplate rules instead of the built-in ones\n"
    "other:\n"
    "  -j, --jobs N         code with N threads (default: one per online core; at most\n"
    "                       256); the output is the same, in input order\n"
    "  -q, --quiet          no warnings on stderr\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 success; 1 some records could not be read (reported, the rest coded);\n"
    "2 bad usage or bad dictionaries.\n";

static const char quotes_usage[] =
    "usage: dyad quotes [options] [FILE|DIR]...\n"
    "\n"
    "Prints every direct quotation of each story with its speaker, one JSON object a\n"
    "line: story_id, quote, span, sentence_index, speaker {text, code, span,\n"
    "named_in_sentence} (null when no speaker is found).  The speaker is resolved across\n"
    "sentences: in \"...,\" he said, \"he\" is the person named before.\n"
    "\n"
    "Takes the input and dictionary options of dyad code (see dyad code --help).\n";

typedef struct progress {
    int on;
    double last;
    long stories, events, failed;
} progress;

static void show_progress(progress *p, int final)
{
    if (!p->on)
        return;
    double t = cli_now();
    if (!final && t - p->last < 0.5)
        return;
    p->last = t;
    fprintf(stderr, "\rdyad: %ld stories, %ld events, %ld failed%s", p->stories, p->events,
            p->failed, final ? "\n" : "");
}

/* Writes what a coded story gives: its events, or for dyad quotes its quotations. */
static void write_result(FILE *out, const dyad_story *story, const cli *o)
{
    if (o->quotes)
        dyad_write_quotes(out, story);
    else
        dyad_write_story(out, story, (dyad_out_format)o->format, o->explain);
}

/* Codes every document of one input; returns the number of records that failed. */
static long code_input(const dyad_coder *c, const char *path, const cli *o, FILE *out,
                       dyad_story *story, progress *pg, int *io_error)
{
    char err[1024];
    dyad_reader *r = dyad_reader_open(path, (dyad_input_format)o->input, err, sizeof err);
    if (!r) {
        fprintf(stderr, "dyad: %s\n", err);
        *io_error = 1;
        return 1;
    }
    long failed = 0;
    dyad_doc doc;
    for (;;) {
        memset(&doc, 0, sizeof doc);
        int rc = dyad_reader_next(r, &doc, err, sizeof err);
        if (rc == 0)
            break;
        if (rc < 0) {
            fprintf(stderr, "dyad: %s\n", err);
            failed++;
            pg->failed++;
            if (rc == -2)
                break;
            continue;
        }
        if (dyad_code_story(c, &doc, story, err, sizeof err) != 0) {
            fprintf(stderr, "dyad: %s:%ld: id %s: %s\n", doc.origin, doc.record, doc.id, err);
            failed++;
            pg->failed++;
        } else {
            if (!o->quiet && story->invalid_utf8)
                fprintf(stderr, "dyad: %s:%ld: id %s: %d invalid UTF-8 sequences replaced\n",
                        doc.origin, doc.record, doc.id, story->invalid_utf8);
            write_result(out, story, o);
            pg->stories++;
            pg->events += (long)story->nevents;
        }
        dyad_doc_free(&doc);
        show_progress(pg, 0);
    }
    dyad_reader_close(r);
    return failed;
}

/* ---- -j N: parallel coding --------------------------------------------------------------
 *
 * The main thread reads (the reader is not thread-safe) and packs documents into batches;
 * N workers code batches, each with its own dyad_story over the shared read-only coder,
 * rendering the output and the messages of a batch into memory; one writer thread emits
 * the batches in input order.  The batches live in a ring of 4 per worker, so at most that
 * many are in flight whatever the input size.  The lock guards only the hand-offs (a few
 * per batch); reading, coding and writing all happen outside it. */

enum { BATCH_DOCS = 64, BATCH_BYTES = 64 * 1024, BATCHES_PER_WORKER = 4, MAX_JOBS = 256 };
enum { SLOT_EMPTY, SLOT_FILLED, SLOT_DONE };

typedef struct entry {
    dyad_doc doc;
    char *msg; /* a reader's message ("dyad: ...\n") in place of a document, or NULL */
} entry;

/* A stream's bytes in memory.  open_memstream() would do, but glibc copies into one a few
 * bytes at a time, which cost -j 2 about 5% more instructions than -j 1; a stream over a
 * sink takes each block it flushes with one memcpy. */
typedef struct sink {
    char *p;
    size_t len, cap;
} sink;

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
    sink *k = cookie;
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

/* A stream that appends to k (kept, like k's buffer, from batch to batch). */
static FILE *sink_open(sink *k)
{
    return fopencookie(k, "w", (cookie_io_functions_t){.write = sink_write});
}

typedef struct batch {
    entry items[BATCH_DOCS];
    size_t n, bytes;
    int state;
    FILE *outf, *msgf;      /* streams over out and msgs, opened on first use */
    sink out, msgs;         /* output, stderr messages */
    long stories, events, failed;
} batch;

typedef struct pool {
    const dyad_coder *c;
    const cli *o;
    FILE *out;
    progress *pg;
    batch *ring;
    size_t nring;
    size_t head, claim, tail; /* next batch to fill, to code, to write */
    int eof;
    long failed;
    pthread_mutex_t mu;
    pthread_cond_t filled, done, emptied;
} pool;

/* A batch whose output grew beyond this gives its buffer back once written. */
enum { KEEP_BUFFER = 8 << 20 };

static void message(batch *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void message(batch *b, const char *fmt, ...)
{
    if (!b->msgf && !(b->msgf = sink_open(&b->msgs)))
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(b->msgf, fmt, ap);
    va_end(ap);
}

/* Codes every document of a batch into its output and message streams. */
static void code_batch(pool *p, batch *b, dyad_story *story)
{
    char err[1024];
    if (!b->outf)
        b->outf = sink_open(&b->out);
    b->out.len = b->msgs.len = 0; /* the streams were flushed after the batch before */
    for (size_t i = 0; i < b->n; i++) {
        entry *e = &b->items[i];
        if (e->msg) {
            message(b, "%s", e->msg);
            free(e->msg);
            e->msg = NULL;
            b->failed++;
            continue;
        }
        dyad_doc *doc = &e->doc;
        if (!b->outf || dyad_code_story(p->c, doc, story, err, sizeof err) != 0) {
            message(b, "dyad: %s:%ld: id %s: %s\n", doc->origin, doc->record, doc->id,
                    b->outf ? err : "out of memory");
            b->failed++;
        } else {
            if (!p->o->quiet && story->invalid_utf8)
                message(b, "dyad: %s:%ld: id %s: %d invalid UTF-8 sequences replaced\n",
                        doc->origin, doc->record, doc->id, story->invalid_utf8);
            write_result(b->outf, story, p->o);
            b->stories++;
            b->events += (long)story->nevents;
        }
        dyad_doc_free(doc);
    }
    if (b->outf)
        fflush(b->outf);
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
        pthread_mutex_unlock(&p->mu);
        if (b->msgs.len)
            fwrite(b->msgs.p, 1, b->msgs.len, stderr);
        if (b->out.len)
            fwrite(b->out.p, 1, b->out.len, p->out);
        if (b->out.cap > KEEP_BUFFER) {
            free(b->out.p);
            b->out = (sink){0};
        }
        p->pg->stories += b->stories;
        p->pg->events += b->events;
        p->pg->failed += b->failed;
        p->failed += b->failed;
        show_progress(p->pg, 0);
        pthread_mutex_lock(&p->mu);
        b->n = b->bytes = 0;
        b->stories = b->events = b->failed = 0;
        b->state = SLOT_EMPTY;
        p->tail++;
        pthread_cond_signal(&p->emptied);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* The batch the reader fills next, once the writer has emptied it. */
static batch *next_batch(pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->head - p->tail >= p->nring)
        pthread_cond_wait(&p->emptied, &p->mu);
    pthread_mutex_unlock(&p->mu);
    return &p->ring[p->head % p->nring];
}

static void publish(pool *p, batch *b)
{
    pthread_mutex_lock(&p->mu);
    b->state = SLOT_FILLED;
    p->head++;
    pthread_cond_signal(&p->filled);
    pthread_mutex_unlock(&p->mu);
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
            b->failed++; /* out of memory: the message is lost, not the count */
            return b;
        }
        snprintf(e->msg, n, "dyad: %s\n", msg);
    }
    b->n++;
    if (b->n == BATCH_DOCS || b->bytes >= BATCH_BYTES) {
        publish(p, b);
        b = next_batch(p);
    }
    return b;
}

/* Reads every input into batches; returns the batch left partly filled. */
static batch *read_inputs(pool *p, char **inputs, int ninputs, batch *b)
{
    char err[1024];
    for (int i = 0; i < ninputs; i++) {
        dyad_reader *r = dyad_reader_open(inputs[i], (dyad_input_format)p->o->input, err,
                                          sizeof err);
        if (!r) {
            b = add_entry(p, b, NULL, err);
            continue;
        }
        dyad_doc doc;
        for (;;) {
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
            b = add_entry(p, b, &doc, NULL);
        }
        dyad_reader_close(r);
    }
    return b;
}

/* Codes the inputs with `jobs` worker threads; returns the number of records that failed,
 * or -1 when the threads could not be started (nothing was read then). */
static long code_parallel(const dyad_coder *c, char **inputs, int ninputs, const cli *o,
                          FILE *out, progress *pg, long jobs)
{
    pool p;
    memset(&p, 0, sizeof p);
    p.c = c;
    p.o = o;
    p.out = out;
    p.pg = pg;
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
        batch *b = read_inputs(&p, inputs, ninputs, next_batch(&p));
        if (b->n)
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
        if (b->outf)
            fclose(b->outf);
        if (b->msgf)
            fclose(b->msgf);
        free(b->out.p);
        free(b->msgs.p);
    }
    free(p.ring);
    return ok && started > 0 ? p.failed : -1;
}

static int run(int argc, char **argv, const char *usage, int quotes)
{
    cli o = {0};
    o.quotes = quotes;
    if (cli_parse_options(argc, argv, &o, usage) != 0)
        return EXIT_USAGE;
    char err[1024];
    char **files = NULL;
    int nfiles = 0;
    char *stdin_only[] = {"-"};
    if (optind < argc) {
        nfiles = dyad_list_inputs(argv + optind, argc - optind, &files, err, sizeof err);
        if (nfiles < 0) {
            fprintf(stderr, "dyad: %s\n", err);
            return EXIT_USAGE;
        }
    }
    dyad_coder *c = cli_make_coder(&o);
    if (!c) {
        dyad_free_inputs(files, nfiles);
        return EXIT_USAGE;
    }
    FILE *out = o.output ? fopen(o.output, "w") : stdout;
    if (!out) {
        fprintf(stderr, "dyad: %s: cannot write\n", o.output);
        dyad_coder_free(c);
        dyad_free_inputs(files, nfiles);
        return EXIT_USAGE;
    }
    static char outbuf[1 << 20]; /* output comes in large blocks: few write calls */
    setvbuf(out, outbuf, _IOFBF, sizeof outbuf);
    if (!o.quotes)
        dyad_write_header(out, (dyad_out_format)o.format);
    dyad_story story = {0};
    progress pg = {isatty(2) && !o.quiet, 0, 0, 0, 0};
    long failed = 0;
    int io_error = 0;
    char **inputs = files ? files : stdin_only;
    int ninputs = files ? nfiles : 1;
    long jobs = o.jobs ? o.jobs : sysconf(_SC_NPROCESSORS_ONLN);
    if (jobs > MAX_JOBS)
        jobs = MAX_JOBS;
    if (jobs > 1)
        failed = code_parallel(c, inputs, ninputs, &o, out, &pg, jobs);
    if (jobs <= 1 || failed < 0) { /* one thread, or the threads could not start */
        failed = 0;
        for (int i = 0; i < ninputs; i++)
            failed += code_input(c, inputs[i], &o, out, &story, &pg, &io_error);
    }
    show_progress(&pg, 1);
    dyad_story_free(&story);
    dyad_coder_free(c);
    dyad_free_inputs(files, nfiles);
    if ((o.output && fclose(out) != 0) || (!o.output && fflush(out) != 0)) {
        fprintf(stderr, "dyad: write error\n");
        return EXIT_RECORDS;
    }
    return failed ? EXIT_RECORDS : EXIT_OK;
}


int cmd_code(int argc, char **argv)
{
    return run(argc, argv, code_usage, 0);
}

int cmd_quotes(int argc, char **argv)
{
    return run(argc, argv, quotes_usage, 1);
}
