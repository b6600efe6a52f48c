/* main — the dyad command line: dispatch to a subcommand.
 *
 *   dyad code [OPTIONS] [FILE|DIR]...   news in, events out (stdin when no operand)
 *   dyad dict [OPTIONS]                 load the dictionaries and report their sizes
 *   dyad ingest [OPTIONS] DB [FILE|DIR]...  code stories into a SQLite dataset
 *   dyad query [OPTIONS] DB             filter, count and rank a dataset's events
 *   dyad export [OPTIONS] DB            a whole dataset as JSONL, TSV or CSV
 *   dyad eval [OPTIONS] GOLD            score the coder against a validation suite
 *
 * Unix habits: data on stdout, messages on stderr, a progress line only when stderr is a
 * terminal.  Exit status: 0 success; 1 some records could not be read (each reported with
 * its id, the rest processed); 2 bad usage or dictionaries. */
#include "cli.h"
#include <stdio.h>
#include <string.h>

static const char main_usage[] =
    "usage: dyad <command> [options] [FILE|DIR]...\n"
    "\n"
    "dyad turns news text into political event data: who did what to whom, coded in\n"
    "CAMEO (with QuadClass, Goldstein score and PLOVER).\n"
    "\n"
    "commands:\n"
    "  code    code news stories into events (JSON Lines, Phoenix TSV or CSV)\n"
    "  quotes  direct quotations with their speakers (JSON Lines)\n"
    "  dict    load the dictionaries, check them and report their sizes\n"
    "  ingest  code stories into a dataset (one SQLite file); re-runs add only what is new\n"
    "  query   filter a dataset's events, or count them as time series and top lists\n"
    "  export  write a whole dataset as JSON Lines, Phoenix TSV or CSV\n"
    "  eval    score the coder against a gold file (PETRARCH XML, TABARI, JSON Lines)\n"
    "\n"
    "  dyad <command> --help    options of a command\n"
    "  dyad --version\n";

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
    if (strcmp(cmd, "quotes") == 0)
        return cmd_quotes(argc - 1, argv + 1);
    if (strcmp(cmd, "dict") == 0)
        return cmd_dict(argc - 1, argv + 1);
    if (strcmp(cmd, "ingest") == 0)
        return cmd_ingest(argc - 1, argv + 1);
    if (strcmp(cmd, "query") == 0)
        return cmd_query(argc - 1, argv + 1);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc - 1, argv + 1);
    if (strcmp(cmd, "eval") == 0)
        return cmd_eval(argc - 1, argv + 1);
    fprintf(stderr, "dyad: unknown command '%s'\n\n%s", cmd, main_usage);
    return EXIT_USAGE;
}
