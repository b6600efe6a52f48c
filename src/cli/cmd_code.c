/* dyad code — news in, events out.
 *
 * Reads each operand (file, directory, or stdin) with the read stage, codes every story and
 * writes its events as they come, so memory stays flat however large the input.  A record
 * that cannot be read is reported with its id and skipped; the exit status says so. */
#include "cli.h"
#include "output.h"
#include "pool.h"
#include "read.h"
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
    "      --trace          write each sentence's parse to stderr (tokens and their\n"
    "                       dictionary matches, mentions, verbs and roles); use -j 1\n"
    "      --no-dedup       one record per report (default: an event reported by several\n"
    "                       sentences of a story is one record, with all as evidence)\n"
    "dictionaries:\n"
    "      --dict FILE      use FILE instead of the built-in files of its kind (.actors,\n"
    "                       .agents, .verbs, .discards, .words, .irregular); repeatable;\n"
    "                       FILE.dyc (or image=FILE): a compiled image (dyad dict\n"
    "                       --compile) in place of all kinds it holds; options=FILE:\n"
    "                       a TABARI .options file; config=FILE (or FILE.ini): a\n"
    "                       PETRARCH config (require_dyad, new_actor_length)\n"
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

/* Writes what a coded story gives: its events (w is NULL only when out of memory), or for
 * dyad quotes its quotations. */
static void write_result(FILE *out, dyad_writer *w, const dyad_story *story, const cli *o)
{
    if (o->quotes)
        dyad_write_quotes(out, story);
    else if (w)
        dyad_writer_story(w, out, story);
    else
        dyad_write_story(out, story, (dyad_out_format)o->format, o->explain);
}

/* Codes every document of one input; returns the number of records that failed. */
static long code_input(const dyad_coder *c, const char *path, const cli *o, FILE *out,
                       dyad_writer *w, dyad_story *story, progress *pg, int *io_error)
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
            write_result(out, w, story, o);
            pg->stories++;
            pg->events += (long)story->nevents;
        }
        dyad_doc_free(&doc);
        show_progress(pg, 0);
    }
    dyad_reader_close(r);
    return failed;
}

/* ---- -j N: parallel coding (pool.h) ----------------------------------------------------- */

/* A batch's output: its events, in memory until the writer's turn. */
typedef struct code_out {
    pool_sink text;
    FILE *f; /* a stream over text */
    dyad_writer *w;
} code_out;

typedef struct code_ctx {
    const cli *o;
    FILE *out;
    progress *pg;
} code_ctx;

/* An output that grew beyond this gives its buffer back once written. */
enum { KEEP_BUFFER = 8 << 20 };

static int code_story(void *ctx, void **out, const dyad_story *s)
{
    code_ctx *x = ctx;
    code_out *co = *out;
    if (!co) {
        if (!(co = calloc(1, sizeof *co)) || !(co->f = pool_sink_open(&co->text))) {
            free(co);
            return -1;
        }
        co->w = dyad_writer_new((dyad_out_format)x->o->format, x->o->explain);
        *out = co;
    }
    write_result(co->f, co->w, s, x->o);
    return 0;
}

static int code_write(void *ctx, void *out)
{
    code_ctx *x = ctx;
    code_out *co = out;
    if (!co)
        return 0;
    fflush(co->f);
    if (co->text.len)
        fwrite(co->text.p, 1, co->text.len, x->out);
    co->text.len = 0;
    if (co->text.cap > KEEP_BUFFER) {
        free(co->text.p);
        co->text = (pool_sink){0};
    }
    return 0;
}

static void code_drop(void *out)
{
    code_out *co = out;
    fclose(co->f);
    dyad_writer_free(co->w);
    free(co->text.p);
    free(co);
}

static void code_progress(void *ctx, const pool_counts *n)
{
    progress *pg = ((code_ctx *)ctx)->pg;
    pg->stories = n->stories;
    pg->events = n->events;
    pg->failed = n->failed;
    show_progress(pg, 0);
}

/* Codes the inputs with `jobs` worker threads; returns the number of records that failed,
 * or -1 when the threads could not be started (nothing was read then). */
static long code_parallel(const dyad_coder *c, char **inputs, int ninputs, const cli *o,
                          FILE *out, progress *pg, long jobs)
{
    code_ctx x = {o, out, pg};
    pool_hooks h = {.ctx = &x, .story = code_story, .write = code_write, .drop = code_drop,
                    .progress = code_progress};
    pool_counts n;
    int rc = pool_run(c, inputs, ninputs, o->input, o->quiet, jobs, &h, &n);
    if (rc > 0) /* a batch's output could not be made */
        fprintf(stderr, "dyad: out of memory\n");
    if (rc >= 0)
        code_progress(&x, &n);
    return rc < 0 ? -1 : n.failed + rc;
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
    if (jobs > POOL_MAX_JOBS)
        jobs = POOL_MAX_JOBS;
    if (jobs > 1)
        failed = code_parallel(c, inputs, ninputs, &o, out, &pg, jobs);
    if (jobs <= 1 || failed < 0) { /* one thread, or the threads could not start */
        dyad_writer *w = dyad_writer_new((dyad_out_format)o.format, o.explain);
        failed = 0;
        for (int i = 0; i < ninputs; i++)
            failed += code_input(c, inputs[i], &o, out, w, &story, &pg, &io_error);
        dyad_writer_free(w);
    }
    show_progress(&pg, 1);
    /* An output without events says so, and how many stories it read: empty files with no
     * word of why are what users of the other coders complain of most. */
    if (!o.quotes && !o.quiet && !pg.on && pg.events == 0)
        fprintf(stderr, "dyad: %ld %s read, no events coded%s\n", pg.stories,
                pg.stories == 1 ? "story" : "stories",
                pg.stories ? " (--trace shows how each sentence parsed)" : "");
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
