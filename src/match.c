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
    /* only the first four bytes can hold the article's dash: no scan of the whole word */
    const char *w = text + t->start;
    size_t k = 0, n = t->len < 4 ? t->len : 4;
    while (k < n && w[k] != '-')
        k++;
    return k < n && k + 1 < t->len && w[k + 1] >= 'A' && w[k + 1] <= 'Z';
}

/* May an actor phrase start at token i? */
static int starts_proper(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                         size_t n, size_t i, int tabari)
{
    /* TABARI upper-cases its text: its actors match in any case ("ithilen radio") */
    return tabari || is_proper(text, &tok[i]) ||
           ((info[i].classes & DYAD_WC_DETERMINER) && i + 1 < n &&
            is_proper(text, &tok[i + 1])); /* "THE_SHIRE [FRO/BIL/SAM]" */
}

/* Records what a trie node means for the phrase starting at m, `len` tokens long; longer
 * phrases come later in the walk and win. */
static inline void note(const dyad_node *nd, dyad_tokinfo *m, size_t len, int proper)
{
    if (nd->actor && proper && len >= m->actor_len) {
        m->actor = nd->actor;
        m->actor_len = (uint8_t)len;
    }
    if (nd->agent && len >= m->agent_len) {
        m->agent = nd->agent;
        m->agent_len = (uint8_t)len;
    }
    if (nd->verb && len >= m->verb_len) {
        m->verb = nd->verb;
        m->verb_len = (uint8_t)len;
        m->verb_forms = nd->verb_forms;
    }
    if (nd->discard && (!m->discard || nd->discard < m->discard))
        m->discard = (uint8_t)nd->discard;
}

#define MAX_STEMS 2

/* The dictionary stems that token t starts with (TABARI/PETRARCH dictionaries only),
 * longest first. */
static size_t stems_of(const dyad_dict *d, const char *text, const dyad_token *t,
                       uint32_t *out)
{
    size_t k = 0;
    for (uint32_t len = t->len - 1; len >= 2 && k < MAX_STEMS; len--) { /* "IN" for "into" */
        uint32_t w = dyad_dict_word(d, text + t->start, len);
        if (w && dyad_dict_is_stem(d, w))
            out[k++] = w;
    }
    return k;
}

/* The trie walk with stems: each token may continue the phrase as itself or as any stem
 * it starts with, so the walk branches (rarely more than once).  After a node marked `gap`
 * (blank-joined actor words of TABARI and PETRARCH) up to two other words may come first. */
static void walk_stems(const dyad_dict *d, const dyad_token *tok,
                       const dyad_tokinfo *info, size_t n, size_t start, size_t k, uint32_t node,
                       int proper, int skipped, dyad_tokinfo *m)
{
    if (k >= n || k - start >= 32)
        return;
    uint32_t alts[3] = {info[k].word, info[k].stems[0], info[k].stems[1]};
    size_t nalts = 1 + (alts[1] != 0) + (alts[2] != 0);
    /* the token as itself goes last, so that on a tie its own reading (the verb form
     * "welcomed") wins over a stem's ("WELCOME" as a prefix) */
    for (size_t a = nalts; a-- > 0;) {
        if (a > 0 && !(dyad_dict_is_stem(d, alts[a]) & DYAD_STEM_PHRASE))
            continue; /* a stem of patterns only */
        uint32_t child = dyad_dict_child(d, node, alts[a]);
        if (!child || (skipped && !dyad_dict_node(d, child)->gap) ||
            (a > 0 && !dyad_dict_node(d, child)->stem))
            continue;
        note(dyad_dict_node(d, child), m, k - start + 1, proper);
        walk_stems(d, tok, info, n, start, k + 1, child, proper, 0, m);
        for (size_t skip = 1; dyad_dict_node(d, child)->gap_after && skip <= 2 && k + skip < n &&
                              tok[k + skip].kind == DYAD_TOK_WORD;
             skip++)
            walk_stems(d, tok, info, n, start, k + 1 + skip, child, proper, 1, m);
    }
}

void dyad_match(const dyad_dict *d, const char *text, const dyad_token *tok, size_t n,
                dyad_tokinfo *info)
{
    for (size_t i = 0; i < n; i++) {
        memset(&info[i], 0, sizeof info[i]);
        info[i].word = token_word(d, text, &tok[i]);
        info[i].classes = dyad_dict_classes(d, info[i].word);
    }
    int stems = dyad_dict_has_stems(d), tabari = dyad_dict_tabari(d), gaps = dyad_dict_has_gaps(d);
    for (size_t i = 0; stems && i < n; i++)
        if (tok[i].len > 3)
            stems_of(d, text, &tok[i], info[i].stems);
    for (size_t i = 0; i < n; i++) {
        dyad_tokinfo *m = &info[i];
        if (stems || gaps) {
            int proper = starts_proper(text, tok, info, n, i, tabari);
            walk_stems(d, tok, info, n, i, i, 0, proper, 0, m);
            continue;
        }
        /* worked out at the first actor: most tokens start no actor phrase */
        int proper = -1;
        uint32_t node = 0;
        for (size_t k = i; k < n && k - i < 255; k++) {
            node = dyad_dict_child(d, node, info[k].word);
            if (!node)
                break;
            const dyad_node *nd = dyad_dict_node(d, node);
            if (nd->actor && proper < 0)
                proper = starts_proper(text, tok, info, n, i, tabari);
            note(nd, m, k - i + 1, proper);
        }
    }
}
