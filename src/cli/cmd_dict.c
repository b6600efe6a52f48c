/* dyad dict — load the dictionaries, report their sizes, load time and warnings, and
 * compile them into an image. */
#include "cli.h"
#include "dict.h"
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char dict_usage[] =
    "usage: dyad dict [--dict FILE]... [--warnings] [--compile IMAGE [--no-builtin]]\n"
    "\n"
    "Loads the dictionaries (built-in, or replaced kind by kind with --dict) and prints\n"
    "their sizes and the load time.  A malformed line is reported as file:line and the\n"
    "exit status is 2.  --warnings lists duplicate phrases across files.\n"
    "\n"
    "  --compile IMAGE   also write them as a compiled image (IMAGE.dyc by convention),\n"
    "                    which `--dict IMAGE.dyc` (or image=IMAGE) loads with no parsing.\n"
    "                    It holds every kind loaded and replaces them all; it is refused\n"
    "                    once a text it was compiled from changes, or by another version.\n"
    "  --no-builtin      kinds no --dict names stay empty (the grammar lists excepted), as\n"
    "                    when a validation suite names its own dictionaries: the image for\n"
    "                    `dyad eval --dict IMAGE SUITE`.\n";

/* Takes --compile and --no-builtin out of argv (the shared options do not know them);
 * -1 when --compile lacks its file. */
static int own_options(int *argc, char **argv, const char **image, int *no_builtin)
{
    int n = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--compile") == 0) {
            if (++i == *argc)
                return -1;
            *image = argv[i];
        } else if (strncmp(argv[i], "--compile=", 10) == 0)
            *image = argv[i] + 10;
        else if (strcmp(argv[i], "--no-builtin") == 0)
            *no_builtin = 1;
        else
            argv[n++] = argv[i];
    }
    argv[n] = NULL;
    *argc = n;
    return 0;
}

int cmd_dict(int argc, char **argv)
{
    cli o = {0};
    const char *image = NULL;
    int no_builtin = 0;
    if (own_options(&argc, argv, &image, &no_builtin) != 0 ||
        cli_parse_options(argc, argv, &o, dict_usage) != 0 || optind < argc) {
        fputs(dict_usage, stderr);
        return EXIT_USAGE;
    }
    double t0 = cli_now();
    char err[1024];
    dyad_options opts = {.dict_files = o.dicts, .ndict_files = o.ndicts,
                         .boilerplate_file = o.boilerplate, .default_date = o.date,
                         .only_dict_files = no_builtin};
    dyad_coder *c = dyad_coder_new(&opts, err, sizeof err);
    if (!c) {
        fprintf(stderr, "dyad: %s\n", err);
        return EXIT_USAGE;
    }
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
    int rc = EXIT_OK;
    if (image) {
        if (dyad_dict_save_image(dyad_coder_dict(c), image, err, sizeof err) == 0)
            printf("image: %s\n", image);
        else {
            fprintf(stderr, "dyad: %s\n", err);
            rc = EXIT_USAGE;
        }
    }
    dyad_coder_free(c);
    return rc;
}
