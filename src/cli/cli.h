/* cli — what the dyad subcommands share: options, coder set-up, exit statuses.
 *
 * Each subcommand lives in its own file (cmd_code.c, cmd_dict.c ...) with its usage text
 * and an entry point `int cmd_NAME(int argc, char **argv)` that main.c dispatches to. */
#ifndef DYAD_CLI_H
#define DYAD_CLI_H
#include "dyad.h"

enum { EXIT_OK = 0, EXIT_RECORDS = 1, EXIT_USAGE = 2, EXIT_STORE = 3 };

typedef struct cli {
    const char *dicts[64];
    size_t ndicts;
    const char *boilerplate, *date, *output;
    int input, format, explain, quiet, warnings, trace;
    int quotes;            /* dyad quotes: write quotations instead of events */
    int no_dedup;          /* --no-dedup: one record per report */
    long batch, wait; /* dyad ingest: stories per transaction; seconds to wait for a lock */
    long jobs;        /* -j: worker threads; 0 = one per online core */
} cli;


/* Parses the options every subcommand accepts (see cli.c); prints `usage` for --help and
 * exits 0, or prints it to stderr and returns -1 on a bad option.  optind is left at the
 * first operand. */
int cli_parse_options(int argc, char **argv, cli *o, const char *usage);

/* The coder for the options, or NULL after printing why. */
dyad_coder *cli_make_coder(const cli *o);

/* Monotonic seconds, for load times and progress lines. */
double cli_now(void);

int cmd_code(int argc, char **argv);
int cmd_quotes(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_eval(int argc, char **argv);

#endif
