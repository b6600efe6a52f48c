/* cli — see cli.h. */
#include "cli.h"
#include "output.h"
#include "read.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A whole number >= min for an option, or -1 after saying why. */
static int parse_count(const char *opt, const char *arg, long min, long *out)
{
    char *end;
    long v = strtol(arg, &end, 10);
    if (end == arg || *end || v < min || v > 1000000000L) {
        fprintf(stderr, "dyad: %s wants a whole number >= %ld, not '%s'\n", opt, min, arg);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_options(int argc, char **argv, cli *o, const char *usage)
{
    static const struct option longopts[] = {
        {"input", required_argument, NULL, 'i'},   {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},  {"date", required_argument, NULL, 'D'},
        {"dict", required_argument, NULL, 'd'},    {"boilerplate", required_argument, NULL, 'b'},
        {"explain", no_argument, NULL, 'x'},       {"quiet", no_argument, NULL, 'q'},
        {"warnings", no_argument, NULL, 'w'},      {"help", no_argument, NULL, 'h'},
        {"batch", required_argument, NULL, 'B'},   {"wait", required_argument, NULL, 'W'},
        {"no-dedup", no_argument, NULL, 'N'},      {"jobs", required_argument, NULL, 'j'},
        {"trace", no_argument, NULL, 'T'},
        {NULL, 0, NULL, 0}};
    int ch;
    optind = 1;
    while ((ch = getopt_long(argc, argv, "i:f:o:qwhj:", longopts, NULL)) != -1) {
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
        case 'B':
            if (parse_count("--batch", optarg, 1, &o->batch) != 0)
                return -1;
            break;
        case 'j':
            if (parse_count("--jobs", optarg, 1, &o->jobs) != 0)
                return -1;
            break;
        case 'W':
            if (parse_count("--wait", optarg, 0, &o->wait) != 0)
                return -1;
            break;
        case 'N': o->no_dedup = 1; break;
        case 'T': o->trace = 1; break;
        case 'h': fputs(usage, stdout); exit(EXIT_OK);
        default: fputs(usage, stderr); return -1;
        }
    }
    return 0;
}

dyad_coder *cli_make_coder(const cli *o)
{
    char err[1024];
    dyad_options opts = {.dict_files = o->dicts, .ndict_files = o->ndicts,
                         .boilerplate_file = o->boilerplate, .default_date = o->date,
                         .no_dedup = o->no_dedup, .trace = o->trace ? stderr : NULL};
    dyad_coder *c = dyad_coder_new(&opts, err, sizeof err);
    if (!c)
        fprintf(stderr, "dyad: %s\n", err);
    return c;
}

