/* dyad code — news in, events out.
 *
 * Reads each operand (file, directory, or stdin) with the read stage, codes every story and
 * writes its events as they come, so memory stays flat however large the input.  A record
 * that cannot be read is reported with its id and skipped; the exit status says so. */
#include "cli.h"
#include "output.h"
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
    "      --no-dedup       one record per report (default: an event reported by several\n"
    "                       sentences of a story is one record, with all as evidence)\n"
    "dictionaries:\n"
    "      --dict FILE      use FILE instead of the built-in files of its kind (.actors,\n"
    "                       .agents, .verbs, .discards, .words, .irregular); repeatable\n"
    "      --boilerplate FILE  boilerplate rules instead of the built-in ones\n"
    "other:\n"
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
            if (o->quotes)
                dyad_write_quotes(out, story);
            else
                dyad_write_story(out, story, (dyad_out_format)o->format, o->explain);
            pg->stories++;
            pg->events += (long)story->nevents;
        }
        dyad_doc_free(&doc);
        show_progress(pg, 0);
    }
    dyad_reader_close(r);
    return failed;
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
    if (!o.quotes)
        dyad_write_header(out, (dyad_out_format)o.format);
    dyad_story story = {0};
    progress pg = {isatty(2) && !o.quiet, 0, 0, 0, 0};
    long failed = 0;
    int io_error = 0;
    char **inputs = files ? files : stdin_only;
    int ninputs = files ? nfiles : 1;
    for (int i = 0; i < ninputs; i++)
        failed += code_input(c, inputs[i], &o, out, &story, &pg, &io_error);
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
