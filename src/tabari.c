/* tabari — see tabari.h. */
#include "tabari.h"
#include <stdlib.h>
#include <string.h>

static int word_is(const char *text, const dyad_token *t, const char *w)
{
    size_t k = strlen(w);
    return t->len == k && strncasecmp(text + t->start, w, k) == 0;
}

static int is_comma(const char *text, const dyad_token *t)
{
    return t->kind == DYAD_TOK_PUNCT && t->len == 1 && text[t->start] == ',';
}

static int is_conjunction(const char *text, const dyad_token *t)
{
    return word_is(text, t, "and") || word_is(text, t, "but") || word_is(text, t, "or") ||
           word_is(text, t, "nor");
}

/* Does token k join two mentions of one coordination ("Gondor and Rohan", "A, B and C")? */
static int joins_actors(const dyad_parse *p, size_t k, size_t n)
{
    int before = -1, after = -1;
    for (size_t i = k; i-- > 0 && before < 0;)
        if (p->mention_at[i] >= 0)
            before = p->mention_at[i];
        else
            break;
    for (size_t i = k + 1; i < n && after < 0;)
        if (p->mention_at[i] >= 0)
            after = p->mention_at[i];
        else
            break;
    return before >= 0 && after >= 0 && p->mentions[before].group == p->mentions[after].group;
}

/* TABARI drops comma-delimited phrases of 3 to 10 words, which in wire leads are asides
 * ("Mubarak, in a grim warning ..., will request"); a comma inside a list of actors stays. */
static void drop_asides(const char *text, const dyad_token *tok, size_t n, dyad_parse *p,
                        uint8_t *dead)
{
    size_t open = SIZE_MAX;
    for (size_t i = 0; i <= n; i++) {
        int end = i == n || (tok[i].kind == DYAD_TOK_PUNCT && text[tok[i].start] == '.' &&
                             i + 1 == n);
        if (i < n && !(is_comma(text, &tok[i]) && !joins_actors(p, i, n)) && !end)
            continue;
        int dropped = 0;
        if (open != SIZE_MAX) {
            size_t words = 0;
            for (size_t k = open + 1; k < i; k++)
                words += tok[k].kind != DYAD_TOK_PUNCT;
            if ((dropped = words > 2 && words <= 10))
                for (size_t k = open; k < i; k++)
                    dead[k] = 1;
        }
        /* the comma that closes a dropped phrase opens no other */
        open = i < n && is_comma(text, &tok[i]) && !dropped ? i : SIZE_MAX;
    }
}

/* A dictionary verb that TABARI reads as a verb: not inside an actor, not after A/AN/THE,
 * not capitalised in mid-sentence (unless the whole text is in capitals). */
static int is_verb(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                   const dyad_parse *p, size_t i, int all_caps)
{
    if (!info[i].verb || p->mention_at[i] >= 0)
        return 0;
    if (i > 0 && (word_is(text, &tok[i - 1], "the") || word_is(text, &tok[i - 1], "a") ||
                  word_is(text, &tok[i - 1], "an")))
        return 0;
    return all_caps || !((tok[i].flags & DYAD_TF_CAPITAL) && !(tok[i].flags & DYAD_TF_SENTSTART));
}

/* Old wire copy in capitals: TABARI then drops its capitalisation rule. */
static int is_all_caps(const char *text, const dyad_token *tok, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (uint32_t k = 0; k < tok[i].len; k++)
            if (text[tok[i].start + k] >= 'a' && text[tok[i].start + k] <= 'z')
                return 0;
    return 1;
}

/* The first coded mention in [from, to) whose code differs from `other`'s; -1 when none. */
static int first_actor(const dyad_parse *p, size_t from, size_t to, int other)
{
    for (size_t k = from; k < to; k++) {
        int m = p->mention_at[k];
        if (m < 0 || !p->mentions[m].code || p->mentions[m].first != k)
            continue;
        if (other >= 0 && p->mentions[other].code &&
            strcmp(p->mentions[m].code, p->mentions[other].code) == 0)
            continue;
        return m;
    }
    return -1;
}

/* TABARI's compounds: "<np> AND <np>" where an np is an actor after any adjectives or
 * determiners ("Fornost and the evil awful Gondor"). */
static void link_compounds(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                           size_t n, dyad_parse *p)
{
    for (size_t k = 1; k + 1 < n; k++) {
        if (!word_is(text, &tok[k], "and") || p->mention_at[k - 1] < 0)
            continue;
        size_t j = k + 1;
        while (j < n && j < k + 5 && p->mention_at[j] < 0 && tok[j].kind == DYAD_TOK_WORD &&
               !info[j].verb && !(info[j].classes & ~DYAD_WC_DETERMINER))
            j++;
        if (j < n && p->mention_at[j] >= 0 && p->mentions[p->mention_at[j]].code &&
            p->mentions[p->mention_at[k - 1]].code) {
            uint32_t from = p->mentions[p->mention_at[j]].group;
            uint32_t to = p->mentions[p->mention_at[k - 1]].group;
            for (size_t m = 0; m < p->nmentions; m++)
                if (p->mentions[m].group == from)
                    p->mentions[m].group = to;
        }
    }
}

/* TABARI's pronouns: HE, SHE, IT are the first actor of the sentence; ITS, HIS, HER the
 * first actor before them; THEY, THEM, THEIR the first compound actor, else the first. */
static void resolve_pronouns(const char *text, const dyad_token *tok, dyad_parse *p)
{
    int first = -1, compound = -1;
    for (size_t m = 0; m < p->nmentions; m++) {
        if (!p->mentions[m].code || p->mentions[m].pronoun)
            continue;
        if (first < 0 || p->mentions[m].first < p->mentions[first].first)
            first = (int)m;
        for (size_t o = 0; o < p->nmentions; o++)
            if (o != m && p->mentions[o].group == p->mentions[m].group && p->mentions[o].code &&
                (compound < 0 || p->mentions[m].first < p->mentions[compound].first))
                compound = (int)m;
    }
    for (size_t m = 0; m < p->nmentions; m++) {
        dyad_mention *pr = &p->mentions[m];
        if (!pr->pronoun || first < 0)
            continue;
        const dyad_token *t = &tok[pr->first];
        int ref = first;
        if (word_is(text, t, "they") || word_is(text, t, "them") || word_is(text, t, "their"))
            ref = compound >= 0 ? compound : first;
        if (p->mentions[ref].first > pr->first)
            continue;
        pr->code = p->mentions[ref].code;
        pr->group = p->mentions[ref].group;
    }
}

static int push(dyad_parse *p, const dyad_vgroup *g)
{
    if (dyad_grow((void **)&p->groups, &p->groups_cap, p->ngroups + 1, sizeof *p->groups))
        return -1;
    p->groups[p->ngroups++] = *g;
    return 0;
}

int dyad_tabari_roles(const dyad_dict *d, const char *text, const dyad_token *tok,
                      const dyad_tokinfo *info, size_t n, dyad_parse *p)
{
    uint8_t dead_small[256];
    uint8_t *dead = n <= sizeof dead_small ? dead_small : calloc(n, 1);
    if (!dead)
        return -1;
    memset(dead, 0, n <= sizeof dead_small ? n : 0);
    link_compounds(text, tok, info, n, p);
    resolve_pronouns(text, tok, p);
    drop_asides(text, tok, n, p, dead);
    for (size_t i = 0; i < n; i++)
        if (dead[i]) {
            p->mention_at[i] = -1;
            p->words[i] = 0;
            if (p->stems)
                p->stem_ids[2 * i] = p->stem_ids[2 * i + 1] = 0;
        }
    int rc = 0, clause = 0, source = -1, all_caps = is_all_caps(text, tok, n);
    size_t start = 0;
    while (start < n && rc == 0) {
        size_t end = start;
        while (end < n && !(is_conjunction(text, &tok[end]) && !dead[end] &&
                            !joins_actors(p, end, n)))
            end++;
        /* a clause after a conjunction keeps the sentence's source unless it names its own */
        int own = first_actor(p, start, end, -1);
        if (clause == 0 || (own >= 0 && p->mentions[own].first <= start + 1))
            source = own;
        for (size_t i = start; i < end && rc == 0; i++) {
            if (dead[i] || !is_verb(text, tok, info, p, i, all_caps))
                continue;
            dyad_vgroup g;
            memset(&g, 0, sizeof g);
            g.first = g.verb = (uint32_t)i;
            g.end = (uint32_t)(i + info[i].verb_len);
            g.window_start = (uint32_t)start;
            g.window_end = (uint32_t)end;
            g.verb_index = info[i].verb;
            g.forms = info[i].verb_forms;
            g.clause = clause;
            g.controller = g.by_agent = g.place = -1;
            g.clause_has_mention = 1; /* TABARI codes nothing without a target */
            int src = source >= 0 && p->mentions[source].first < i ? source
                      : first_actor(p, start, i, -1);
            int tgt = first_actor(p, g.end, end, src);
            if (tgt < 0)
                tgt = first_actor(p, start, i, src);
            int aux = (i >= 1 && (word_is(text, &tok[i - 1], "was") ||
                                  word_is(text, &tok[i - 1], "were") ||
                                  word_is(text, &tok[i - 1], "been"))) ||
                      (i >= 2 && (word_is(text, &tok[i - 2], "was") ||
                                  word_is(text, &tok[i - 2], "were") ||
                                  word_is(text, &tok[i - 2], "been")));
            g.subject = src;
            g.object = tgt;
            if (aux && g.end < n && word_is(text, &tok[g.end], "by")) {
                g.passive = 1; /* the coder swaps: the agent after BY is the source */
                g.by_agent = first_actor(p, g.end, end, -1);
            }
            rc = push(p, &g);
        }
        clause++;
        start = end + 1;
    }
    (void)d;
    if (dead != dead_small)
        free(dead);
    return rc;
}
