/* match — see match.h. */
#include "match.h"
#include <string.h>

/* Curly apostrophes are already ASCII after cleaning; the only folding left is case,
 * which the dictionary's interning does. */
static uint32_t token_word(const dyad_dict *d, const char *text, const dyad_token *t)
{
    return dyad_dict_word(d, text + t->start, t->len);
}

/* A proper noun: capitalised, or an Arabic-article name such as "al-Qaeda", "el-Sisi". */
static int is_proper(const char *text, const dyad_token *t)
{
    if (t->flags & DYAD_TF_CAPITAL)
        return 1;
    const char *w = text + t->start;
    const char *dash = memchr(w, '-', t->len);
    return dash && dash - w <= 3 && dash + 1 < w + t->len && dash[1] >= 'A' && dash[1] <= 'Z';
}

void dyad_match(const dyad_dict *d, const char *text, const dyad_token *tok, size_t n,
                dyad_tokinfo *info)
{
    for (size_t i = 0; i < n; i++) {
        memset(&info[i], 0, sizeof info[i]);
        info[i].word = token_word(d, text, &tok[i]);
        info[i].classes = dyad_dict_classes(d, info[i].word);
    }
    for (size_t i = 0; i < n; i++) {
        dyad_tokinfo *m = &info[i];
        int proper = is_proper(text, &tok[i]);
        uint32_t node = 0;
        for (size_t k = i; k < n && k - i < 255; k++) {
            node = dyad_dict_child(d, node, info[k].word);
            if (!node)
                break;
            const dyad_node *nd = dyad_dict_node(d, node);
            uint8_t len = (uint8_t)(k - i + 1);
            if (nd->actor && proper) {
                m->actor = nd->actor;
                m->actor_len = len;
            }
            if (nd->agent) {
                m->agent = nd->agent;
                m->agent_len = len;
            }
            if (nd->verb) {
                m->verb = nd->verb;
                m->verb_len = len;
                m->verb_forms = nd->verb_forms;
            }
            if (nd->discard)
                m->discard = 1;
        }
    }
}
