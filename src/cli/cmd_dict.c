/* dyad dict — load the dictionaries, report their sizes, load time and warnings. */
#include "cli.h"
#include "dict.h"
#include <stdio.h>
#include <unistd.h>

static const char dict_usage[] =
    "usage: dyad dict [--dict FILE]... [--warnings]\n"
    "\n"
    "Loads the dictionaries (built-in, or replaced kind by kind with --dict) and prints\n"
    "their sizes and the load time.  A malformed line is reported as file:line and the\n"
    "exit status is 2.  --warnings lists duplicate phrases across files.\n";

int cmd_dict(int argc, char **argv)
{
    cli o = {0};
    if (cli_parse_options(argc, argv, &o, dict_usage) != 0)
        return EXIT_USAGE;
    if (optind < argc) {
        fputs(dict_usage, stderr);
        return EXIT_USAGE;
    }
    double t0 = cli_now();
    dyad_coder *c = cli_make_coder(&o);
    if (!c)
        return EXIT_USAGE;
    double ms = (cli_now() - t0) * 1000;
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

