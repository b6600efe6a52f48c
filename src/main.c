/* main — the dyad command line.
 *
 *   dyad code [OPTIONS] [FILE|DIR]...   news in, events out (stdin when no operand)
 *   dyad dict [OPTIONS]                 load the dictionaries and report their sizes
 *
 * Unix habits: data on stdout, messages on stderr, a progress line only when stderr is a
 * terminal.  Exit status: 0 all records coded; 1 some records could not be read (each
 * reported with its id, the rest coded); 2 bad usage or dictionaries. */
#include "dict.h"
#include "dyad.h"
#include "output.h"
#include "read.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_OK = 0, EXIT_RECORDS = 1, EXIT_USAGE = 2 };

static const char main_usage[] =
    "usage: dyad <command> [options] [FILE|DIR]...\n"
    "\n"
    "dyad turns news text into political event data: who did what to whom, coded in\n"
    "CAMEO (with QuadClass, Goldstein score and PLOVER).\n"
    "\n"
    "commands:\n"
    "  code    code news stories into events (JSON Lines, Phoenix TSV or CSV)\n"
    "  dict    load the dictionaries, check them and report their sizes\n"
    "\n"
    "  dyad <command> --help    options of a command\n"
    "  dyad --version\n";

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

static const char dict_usage[] =
    "usage: dyad dict [--dict FILE]... [--warnings]\n"
    "\n"
    "Loads the dictionaries (built-in, or replaced kind by kind with --dict) and prints\n"
    "their sizes and the load time.  A malformed line is reported as file:line and the\n"
    "exit status is 2.  --warnings lists duplicate phrases across files.\n";

typedef struct cli {
    const char *dicts[64];
    size_t ndicts;
    const char *boilerplate, *date, *output;
    int input, format, explain, quiet, warnings;
} cli;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_options(int argc, char **argv, cli *o, const char *usage)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},   {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},  {"date", required_argument, NULL, 'D'},
        {"dict", required_argument, NULL, 'd'},    {"boilerplate", required_argument, NULL, 'b'},
        {"explain", no_argument, NULL, 'x'},       {"quiet", no_argument, NULL, 'q'},
        {"warnings", no_argument, NULL, 'w'},      {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "i:f:o:qh", longopts, NULL)) != -1) {
        switch (ch) {
        case 'i':
            if ((o->input = dyad_input_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad: unknown input format '%s' (auto, text, jsonl, xml)\n", optarg);
                return -1;
            }
            break;
        case 'f':
            if ((o->format = dyad_output_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad: unknown output format '%s' (jsonl, tsv, csv)\n", optarg);
                return -1;
            }
            break;
        case 'o': o->output = optarg; break;
        case 'D': o->date = optarg; break;
        case 'd':
            if (o->ndicts == sizeof o->dicts / sizeof o->dicts[0]) {
                fprintf(stderr, "dyad: too many --dict files\n");
                return -1;
            }
            o->dicts[o->ndicts++] = optarg;
            break;
        case 'b': o->boilerplate = optarg; break;
        case 'x': o->explain = 1; break;
        case 'q': o->quiet = 1; break;
        case 'w': o->warnings = 1; break;
        case 'h': fputs(usage, stdout); exit(EXIT_OK);
        default: fputs(usage, stderr); return -1;
        }
    }
    return 0;
}

static dyad_coder *make_coder(const cli *o)
{
    char err[1024];
    dyad_options opts = {o->dicts, o->ndicts, o->boilerplate, o->date};
    dyad_coder *c = dyad_coder_new(&opts, err, sizeof err);
    if (!c)
        fprintf(stderr, "dyad: %s\n", err);
    return c;
}

typedef struct progress {
    int on;
    double last;
    long stories, events, failed;
} progress;

static void show_progress(progress *p, int final)
{
    if (!p->on)
        return;
    double t = now_seconds();
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

static int cmd_code(int argc, char **argv)
{
    cli o = {0};
    if (parse_options(argc, argv, &o, code_usage) != 0)
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
    dyad_coder *c = make_coder(&o);
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

static int cmd_dict(int argc, char **argv)
{
    cli o = {0};
    if (parse_options(argc, argv, &o, dict_usage) != 0)
        return EXIT_USAGE;
    if (optind < argc) {
        fputs(dict_usage, stderr);
        return EXIT_USAGE;
    }
    double t0 = now_seconds();
    dyad_coder *c = make_coder(&o);
    if (!c)
        return EXIT_USAGE;
    double ms = (now_seconds() - t0) * 1000;
    printf("load time: %.1f ms\n", ms);
    printf("event codes: %zu\n", dyad_codes_count(dyad_coder_codes(c)));
    dyad_dict_stats st;
    dyad_dict_get_stats(dyad_coder_dict(c), &st);
    printf("actors: %zu entries, %zu phrases\n", st.actors, st.actor_phrases);
    printf("agents: %zu entries, %zu phrases\n", st.agents, st.agent_phrases);
    printf("verbs: %zu verbs, %zu surface forms, %zu blocks, %zu patterns\n", st.verbs,
           st.verb_forms, st.blocks, st.patterns);
    printf("discards: %zu phrases\n", st.discards);
    printf("words: %zu, trie nodes: %zu\n", st.words, st.nodes);
    size_t nw = dyad_coder_nwarnings(c);
    printf("warnings: %zu\n", nw);
    if (o.warnings)
        for (size_t i = 0; i < nw; i++)
            printf("  %s\n", dyad_coder_warning(c, i));
    dyad_coder_free(c);
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(main_usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(main_usage, stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("dyad %s\n", DYAD_VERSION);
        return EXIT_OK;
    }
    if (strcmp(cmd, "code") == 0)
        return cmd_code(argc - 1, argv + 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    fprintf(stderr, "dyad: unknown command '%s'\n\n%s", cmd, main_usage);
    return EXIT_USAGE;
}
