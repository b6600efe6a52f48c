/* Fuzz target: the dictionary parser, every file kind, in dyad's syntax and (by the name
 * ".txt", or by content) PETRARCH's and TABARI's.  The first byte picks the kind; a
 * successful load is then exercised through the lookups the coder uses. */
#include "dict.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const names[] = {"f.actors",      "f.agents",      "f.verbs",
                                        "f.discards",    "f.words",       "f.irregular",
                                        "f.actors.txt",  "f.agents.txt",  "f.verbs.txt"};
    static const char grammar[] = "[preposition]\nof\nto\n[determiner]\nthe\n";
    static const char irregular[] = "meet met met\n";
    if (size == 0)
        return 0;
    char err[512];
    dyad_dict *d = dyad_dict_new();
    if (!d)
        return 0;
    dyad_dict_load(d, grammar, sizeof grammar - 1, "g.words", err, sizeof err);
    dyad_dict_load(d, irregular, sizeof irregular - 1, "g.irregular", err, sizeof err);
    const char *name = names[data[0] % (sizeof names / sizeof *names)];
    if (dyad_dict_load(d, (const char *)data + 1, size - 1, name, err, sizeof err) == 0) {
        dyad_dict_stats st;
        dyad_dict_get_stats(d, &st);
        for (uint32_t w = 1; w <= st.words && w < 64; w++) {
            uint32_t node = dyad_dict_child(d, 0, w);
            if (node) {
                const dyad_node *n = dyad_dict_node(d, node);
                if (n->actor)
                    dyad_actor_code_on(d, dyad_dict_actor(d, n->actor), 20200101);
            }
        }
    } else if (strncmp(err, name, strlen(name)) != 0) {
        fprintf(stderr, "error without file name: %s\n", err);
        __builtin_trap();
    }
    dyad_dict_free(d);
    return 0;
}
