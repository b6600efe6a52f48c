/* tabari — see tabari.h. */
#include "tabari.h"
#include <stdlib.h>
#include <ctype.h>
#include <stdio.h>
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

/* The mention an NP starting at token k heads: any determiners and adjectives (words
 * with no other role), then an actor ("the evil awful Gondor"); -1 when none. */
static int np_at(const dyad_token *tok, const dyad_tokinfo *info, const dyad_parse *p,
                 size_t k, size_t n)
{
    for (size_t j = k; j < n && j < k + 5; j++) {
        if (p->mention_at[j] >= 0)
            return p->mention_at[j];
        if (tok[j].kind != DYAD_TOK_WORD || info[j].verb ||
            (info[j].classes & ~DYAD_WC_DETERMINER))
            return -1;
    }
    return -1;
}

/* The two NPs a separator at k ("and", ",", ", and") stands between, or 0. */
static int np_pair(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                   const dyad_parse *p, size_t k, size_t n, int *left, int *right)
{
    if (k == 0 || !(is_comma(text, &tok[k]) || word_is(text, &tok[k], "and")))
        return 0;
    size_t l = k - 1;
    if (word_is(text, &tok[k], "and") && is_comma(text, &tok[l]) && l > 0)
        l--;
    size_t r = k + 1;
    if (is_comma(text, &tok[k]) && r < n && word_is(text, &tok[r], "and"))
        r++;
    *left = p->mention_at[l];
    *right = np_at(tok, info, p, r, n);
    return *left >= 0 && *right >= 0 && p->mentions[*left].code && p->mentions[*right].code;
}

/* Does the separator at k join two mentions of one coordination ("Gondor and Rohan",
 * "Mordor, the awful Fornost, and good Gondor")? */
static int joins_actors(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                        const dyad_parse *p, size_t k, size_t n)
{
    int l, r;
    return np_pair(text, tok, info, p, k, n, &l, &r) &&
           p->mentions[l].group == p->mentions[r].group;
}

static void merge_groups(dyad_parse *p, int from, int into)
{
    uint32_t g = p->mentions[from].group, to = p->mentions[into].group;
    for (size_t m = 0; m < p->nmentions; m++)
        if (p->mentions[m].group == g)
            p->mentions[m].group = to;
}

/* TABARI's compounds: "<np> AND <np>" and lists "<np>, <np>, AND <np>", where an np is an
 * actor after any adjectives or determiners.  Lists are joined from the right, where the
 * AND is. */
static void link_compounds(const char *text, const dyad_token *tok, const dyad_tokinfo *info,
                           size_t n, dyad_parse *p)
{
    int l, r;
    for (size_t k = 1; k + 1 < n; k++)
        if (word_is(text, &tok[k], "and") && np_pair(text, tok, info, p, k, n, &l, &r))
            merge_groups(p, r, l);
    for (size_t k = n - 1; k > 0; k--) {
        if (!is_comma(text, &tok[k]) || !np_pair(text, tok, info, p, k, n, &l, &r))
            continue;
        /* a list ends in AND: r's group joins words elsewhere (not "LORIEN [ELR/GAL]") */
        int listed = 0;
        for (size_t m = 0; m < p->nmentions; m++)
            listed |= p->mentions[m].group == p->mentions[r].group &&
                      p->mentions[m].first != p->mentions[r].first;
        if (listed)
            merge_groups(p, l, r);
    }
}

/* TABARI drops comma-delimited phrases, which in wire leads are asides ("Mubarak, in a grim
 * warning ..., will request"): between two commas when they have more than MIN and at most
 * MAX words, from the last comma to the end with EMIN/EMAX, from the start to the first
 * comma with BMIN/BMAX.  The commas chain: the one closing a dropped phrase opens none.  A
 * comma inside a list of actors does not count. */
static void drop_asides(const dyad_tabari_options *o, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, size_t n, dyad_parse *p, uint8_t *dead)
{
    if (o->comma_off)
        return;
    size_t open = SIZE_MAX;
    int begun = 0; /* a comma was seen: later phrases are not at the beginning */
    for (size_t i = 0; i <= n; i++) {
        int end = i == n || (tok[i].kind == DYAD_TOK_PUNCT && text[tok[i].start] == '.' &&
                             i + 1 == n);
        int comma = i < n && is_comma(text, &tok[i]) && !joins_actors(text, tok, info, p, i, n);
        if (!comma && !end)
            continue;
        size_t from = open != SIZE_MAX ? open : 0;
        int min = !begun ? o->comma_bmin : end ? o->comma_emin : o->comma_min;
        int max = !begun ? o->comma_bmax : end ? o->comma_emax : o->comma_max;
        if (!begun && end)
            break; /* no comma at all */
        size_t words = 0;
        for (size_t k = from + (open != SIZE_MAX); k < i; k++)
            words += tok[k].kind != DYAD_TOK_PUNCT;
        int dropped = (open != SIZE_MAX || !begun) && (int)words > min && (int)words <= max;
        if (dropped)
            for (size_t k = from; k < i + (!begun); k++)
                dead[k] = 1;
        begun = 1;
        open = comma && !dropped ? i : SIZE_MAX;
    }
}

/* The <NOUN>/<ADJECTIVE> list a token is in, as itself or by a stem it starts with. */
static int pos_of(const dyad_dict *d, const dyad_tokinfo *info, size_t i)
{
    int pos = dyad_dict_tabari_pos(d, info[i].word);
    for (int k = 0; k < 2 && !pos; k++)
        pos = info[i].stems[k] ? dyad_dict_tabari_pos(d, info[i].stems[k]) : 0;
    return pos;
}

/* Does the conjunction at k start a new clause?  Not inside a compound actor, nor inside
 * "<noun> AND <adjective>* <noun>" ("sheep and evil awful goats") or "<adjective> AND
 * <adjective>". */
static int splits_clause(const dyad_dict *d, const char *text, const dyad_token *tok,
                         const dyad_tokinfo *info, const dyad_parse *p, size_t k, size_t n)
{
    if (!is_conjunction(text, &tok[k]) || joins_actors(text, tok, info, p, k, n))
        return 0;
    int before = k > 0 ? pos_of(d, info, k - 1) : 0;
    size_t j = k + 1;
    while (before == DYAD_TABARI_NOUN && j < n && pos_of(d, info, j) == DYAD_TABARI_ADJECTIVE)
        j++;
    return !(before && j < n && pos_of(d, info, j) == before);
}

/* A dictionary verb that TABARI reads as a verb: not inside an actor, not after A/AN/THE,
 * not capitalised in mid-sentence (unless the whole text is in capitals). */
static int is_verb(const dyad_dict *d, const char *text, const dyad_token *tok,
                   const dyad_tokinfo *info, const dyad_parse *p, size_t i, size_t n,
                   int all_caps)
{
    if (!info[i].verb || p->mention_at[i] >= 0 || pos_of(d, info, i) == DYAD_TABARI_NOUN)
        return 0;
    if (i + 1 < n && word_is(text, &tok[i + 1], "'s") && tok[i + 1].start == tok[i].start + tok[i].len)
        return 0; /* "donate's" is one word to TABARI, and no verb */
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

/* TABARI's pronouns: HE, SHE, IT are the first actor of the sentence; ITS, HIS, HER the
 * first actor before them; THEY, THEM, THEIR the first compound actor, else the first.  A
 * pronoun with no actor before it takes `forward` (FORWARD's previous-sentence actor). */
static void resolve_pronouns(const char *text, const dyad_token *tok, const char *forward,
                             dyad_parse *p)
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
        if (!pr->pronoun)
            continue;
        const dyad_token *t = &tok[pr->first];
        int ref = first;
        if (word_is(text, t, "they") || word_is(text, t, "them") || word_is(text, t, "their"))
            ref = compound >= 0 ? compound : first;
        if (ref < 0 || p->mentions[ref].first > pr->first) {
            if (forward)
                pr->code = forward;
            continue;
        }
        pr->code = p->mentions[ref].code;
        pr->group = p->mentions[ref].group;
    }
}

/* FORWARD's memory: the code of the sentence's first actor itself (no agent: "Fornost
 * President Umbardacil" forwards FOR), NULL when it has none. */
static const char *first_actor_code(const dyad_dict *d, const dyad_tokinfo *info, size_t n,
                                    uint32_t date, const dyad_parse *p)
{
    for (size_t k = 0; k < n; k++)
        if (info[k].actor && p->mention_at[k] >= 0 && !p->mentions[p->mention_at[k]].pronoun)
            return dyad_actor_code_on(d, dyad_dict_actor(d, info[k].actor), date);
    return NULL;
}

/* A mention standing for a DEFAULT: code, over the verb's tokens. */
static int default_actor(dyad_parse *p, const char *code, size_t verb)
{
    return dyad_parse_add_mention(p, (uint32_t)verb, (uint32_t)verb, code,
                                  (uint32_t)p->nmentions);
}

/* COMPLEX: conditions and SET: MINIMUM WORDS: is the sentence left uncoded? */
static int too_complex(const dyad_tabari_options *o, const dyad_dict *d, const char *text,
                       const dyad_token *tok, const dyad_tokinfo *info, size_t n,
                       const dyad_parse *p, const uint8_t *verb)
{
    size_t words = 0, verbs = 0, conj = 0, first_verb = n;
    for (size_t i = 0; i < n; i++) {
        /* TABARI counts blank-separated words ("Gondor's" is one), and commas */
        int spaced = tok[i].start == 0 || text[tok[i].start - 1] == ' ' ||
                     text[tok[i].start - 1] == '\n' || text[tok[i].start - 1] == '\t';
        words += (spaced && tok[i].kind != DYAD_TOK_PUNCT) || is_comma(text, &tok[i]);
        conj += splits_clause(d, text, tok, info, p, i, n);
        if (verb[i]) {
            verbs++;
            if (first_verb == n)
                first_verb = i;
        }
    }
    if ((int)words < o->min_words)
        return 1;
    if ((o->complex_verbs && (int)verbs >= o->complex_verbs) ||
        (o->complex_conj && (int)conj >= o->complex_conj))
        return 1;
    return o->noactprior && first_verb < n && first_actor(p, 0, first_verb, -1) < 0;
}

/* An agent with no actor ("security forces") is no actor to TABARI, unless CONVERT AGENT
 * makes it one, coded "~MIL". */
static int agents_alone(const dyad_tabari_options *o, const dyad_dict *d,
                        const dyad_tokinfo *info, dyad_arena *arena, dyad_parse *p)
{
    for (size_t m = 0; m < p->nmentions; m++) {
        dyad_mention *mn = &p->mentions[m];
        if (!mn->code || mn->pronoun)
            continue;
        int actor = 0, agent_code = 0;
        for (uint32_t k = mn->first; k <= mn->last && !actor; k++) {
            actor = info[k].actor != 0;
            agent_code |= info[k].agent && strcmp(dyad_dict_agent(d, info[k].agent)->code,
                                                  mn->code) == 0;
        }
        if (actor || !agent_code)
            continue; /* "the government of Gondor" took Gondor's code */
        if (!o->convert_agents) {
            mn->code = NULL;
            continue;
        }
        size_t len = strlen(mn->code);
        char *code = dyad_arena_alloc(arena, len + 2);
        if (!code)
            return -1;
        code[0] = '~';
        memcpy(code + 1, mn->code, len + 1);
        mn->code = code;
    }
    return 0;
}

/* TABARI reads a phrase with several actors ("Dagolath's first Deputy Prime Minister
 * Telemar") as its first actor: an agent belongs to the actor right before it ("Bree Prime
 * Minister", "Ithilen's president"), else to an actor after it, else to the one before;
 * so Dagolath stays DAG here and Bree is BREGOV. */
static int first_actors(const dyad_dict *d, const char *text, const dyad_token *tok,
                        const dyad_tokinfo *info, uint32_t date, dyad_arena *arena,
                        dyad_parse *p)
{
    for (size_t m = 0; m < p->nmentions; m++) {
        dyad_mention *mn = &p->mentions[m];
        size_t actors = 0, first = 0;
        for (uint32_t k = mn->first; k <= mn->last; k++)
            if (info[k].actor && !(k > mn->first && info[k - 1].actor == info[k].actor))
                if (actors++ == 0)
                    first = k;
        if (actors < 2 || mn->pronoun || !mn->code)
            continue;
        const char *code = dyad_actor_code_on(d, dyad_dict_actor(d, info[first].actor), date);
        if (!code)
            continue;
        for (uint32_t g = mn->first; g <= mn->last; g++) {
            if (!info[g].agent || info[g].actor)
                continue;
            int later = 0;
            for (uint32_t k = g + 1; k <= mn->last && !later; k++)
                later = info[k].actor != 0;
            uint32_t before = g > 0 && word_is(text, &tok[g - 1], "'s") ? g - 1 : g;
            int adjacent = before > first && before <= first + info[first].actor_len;
            if ((later && !adjacent) || g < first)
                continue; /* another actor's agent */
            const dyad_agent *a = dyad_dict_agent(d, info[g].agent);
            size_t cn = strlen(code), an = strlen(a->code);
            char *joined = dyad_arena_alloc(arena, cn + an + 1);
            if (!joined)
                return -1;
            memcpy(joined, a->prefix ? a->code : code, a->prefix ? an : cn);
            memcpy(joined + (a->prefix ? an : cn), a->prefix ? code : a->code,
                   (a->prefix ? cn : an) + 1);
            code = joined;
        }
        mn->code = code;
    }
    return 0;
}

int dyad_tabari_roles(const dyad_tabari_options *o, const dyad_dict *d, const char *text,
                      const dyad_token *tok, const dyad_tokinfo *info, size_t n, uint32_t date,
                      dyad_arena *arena, const char **forward, dyad_parse *p)
{
    if (first_actors(d, text, tok, info, date, arena, p) != 0 ||
        agents_alone(o, d, info, arena, p) != 0)
        return -1;
    uint8_t small[512];
    uint8_t *dead = 2 * n <= sizeof small ? small : calloc(2 * n, 1);
    if (!dead)
        return -1;
    memset(dead, 0, 2 * n <= sizeof small ? 2 * n : 0);
    uint8_t *verb = dead + n;
    link_compounds(text, tok, info, n, p);
    resolve_pronouns(text, tok, o->forward ? *forward : NULL, p);
    *forward = first_actor_code(d, info, n, date, p);
    drop_asides(o, text, tok, info, n, p, dead);
    for (size_t m = 0; m < p->nmentions; m++)
        if (dead[p->mentions[m].first])
            p->mentions[m].code = NULL; /* gone with its aside, from its compound too */
    for (size_t i = 0; i < n; i++)
        if (dead[i]) {
            p->mention_at[i] = -1;
            p->words[i] = 0;
            if (p->stems)
                p->stem_ids[2 * i] = p->stem_ids[2 * i + 1] = 0;
        }
    int all_caps = is_all_caps(text, tok, n);
    for (size_t i = 0; i < n; i++)
        verb[i] = !dead[i] && is_verb(d, text, tok, info, p, i, n, all_caps);
    if (too_complex(o, d, text, tok, info, n, p, verb)) {
        p->discarded = 1;
        if (dead != small)
            free(dead);
        return 0;
    }
    int rc = 0, clause = 0, source = -1;
    size_t start = 0;
    while (start < n && rc == 0) {
        size_t end = start;
        while (end < n && !(!dead[end] && splits_clause(d, text, tok, info, p, end, n)))
            end++;
        /* a clause after a conjunction keeps the sentence's source unless it names its own */
        int own = first_actor(p, start, end, -1);
        size_t lead = start;
        while (lead < end && (info[lead].classes & DYAD_WC_DETERMINER))
            lead++;
        if (clause == 0 || (own >= 0 && p->mentions[own].first == lead))
            source = own;
        for (size_t i = start; i < end && rc == 0; i++) {
            if (!verb[i])
                continue;
            dyad_vgroup g;
            memset(&g, 0, sizeof g);
            g.first = g.verb = (uint32_t)i;
            g.end = (uint32_t)(i + info[i].verb_len);
            g.window_start = (uint32_t)start;
            g.window_end = (uint32_t)end;
            g.verb_index = info[i].verb;
            g.forms = info[i].verb_forms;
            g.clause = o->code_by == DYAD_CODE_BY_SENTENCE ? 0
                       : o->code_by == DYAD_CODE_ALL      ? (int)p->ngroups
                                                          : clause;
            g.controller = g.by_agent = g.place = -1;
            g.clause_has_mention = 1; /* TABARI codes nothing without a target */
            int src = source >= 0 && p->mentions[source].first < i ? source
                      : first_actor(p, start, i, -1);
            int oom = 0;
            /* without PRIOR, TABARI is greedy: a source after the verb beats the default */
            if (src < 0 && o->default_source[0] && !o->default_source_prior)
                src = first_actor(p, g.end, end, -1);
            if (src < 0 && o->default_source[0])
                oom |= (src = default_actor(p, o->default_source, i)) < 0;
            int tgt = first_actor(p, g.end, end, src);
            if (tgt < 0 && o->default_target[0] && o->default_target_after)
                oom |= (tgt = default_actor(p, o->default_target, i)) < 0;
            if (tgt < 0)
                tgt = first_actor(p, start, i, src);
            if (tgt < 0 && o->default_target[0])
                oom |= (tgt = default_actor(p, o->default_target, i)) < 0;
            if (oom) {
                rc = -1;
                break;
            }
            int aux = (i >= 1 && (word_is(text, &tok[i - 1], "was") ||
                                  word_is(text, &tok[i - 1], "were") ||
                                  word_is(text, &tok[i - 1], "been"))) ||
                      (i >= 2 && (word_is(text, &tok[i - 2], "was") ||
                                  word_is(text, &tok[i - 2], "were") ||
                                  word_is(text, &tok[i - 2], "been")));
            g.subject = src;
            g.object = tgt;
            /* BY right after the verb, or after one modifier ("opposed earlier by") */
            size_t by = g.end < n && word_is(text, &tok[g.end], "by") ? g.end
                        : g.end + 1 < n && word_is(text, &tok[g.end + 1], "by") &&
                                  tok[g.end].kind == DYAD_TOK_WORD && !info[g.end].verb
                            ? g.end + 1
                            : 0;
            if (aux && by) {
                g.passive = 1; /* the coder swaps: the agent after BY is the source */
                g.by_agent = first_actor(p, by, end, -1);
            }
            rc = dyad_parse_add_group(p, &g);
        }
        clause++;
        start = end + 1;
    }
    if (dead != small)
        free(dead);
    return rc;
}

void dyad_tabari_complete(const dyad_parse *p, const dyad_vgroup *g, int *source, int *target)
{
    if (*source >= 0 && *target < 0) {
        *target = first_actor(p, g->end, g->window_end, *source);
        if (*target < 0)
            *target = first_actor(p, g->window_start, g->verb, *source);
    } else if (*target >= 0 && *source < 0) {
        size_t end = 0; /* one past the last token any mention covers */
        for (size_t m = 0; m < p->nmentions; m++)
            if (p->mentions[m].last + 1 > end)
                end = p->mentions[m].last + 1;
        *source = first_actor(p, 0, end, *target);
    }
}

/* ---- .options ------------------------------------------------------------------------- */

void dyad_tabari_options_init(dyad_tabari_options *o)
{
    memset(o, 0, sizeof *o);
    o->code_by = DYAD_CODE_BY_CLAUSE;
    o->comma_min = 2;
    o->comma_max = 10;
    o->comma_emin = 2;
    o->comma_emax = 10;
    o->comma_bmin = 128;
    o->comma_bmax = 0;
    o->min_words = 8;
}

/* The number after `key` in s ("VERBS[5]", "MIN = 4"), or -1 when absent. */
static int number_after(const char *s, const char *key)
{
    const char *k = strstr(s, key);
    if (!k)
        return -1;
    k += strlen(key);
    while (*k == ' ' || *k == '\t' || *k == '=' || *k == '[')
        k++;
    int v = 0, digits = 0;
    for (; *k >= '0' && *k <= '9' && v < 100000; k++, digits++)
        v = v * 10 + (*k - '0');
    return digits ? v : -1;
}

/* The code in brackets after `key` ("SOURCE [DEFSRC]"), copied to out. */
static void code_after(const char *s, const char *key, char *out, size_t cap)
{
    const char *k = strstr(s, key), *open = k ? strchr(k, '[') : NULL;
    const char *close = open ? strchr(open, ']') : NULL;
    out[0] = '\0';
    if (!close || (size_t)(close - open) > cap)
        return;
    size_t m = 0;
    for (const char *c = open + 1; c < close; c++)
        if (*c != ' ' && *c != '\t')
            out[m++] = (char)toupper((unsigned char)*c);
    out[m] = '\0';
}

int dyad_tabari_option(dyad_tabari_options *o, const char *line)
{
    char s[512];
    size_t n = 0;
    for (; line[n] && n + 1 < sizeof s; n++)
        s[n] = (char)toupper((unsigned char)line[n]);
    s[n] = '\0';
    const char *c = s;
    while (*c == ' ' || *c == '\t')
        c++;
    if (strncmp(c, "SET:", 4) == 0) {
        if (strstr(c, "CODE BY SENTENCE"))
            o->code_by = DYAD_CODE_BY_SENTENCE;
        else if (strstr(c, "CODE BY CLAUSE"))
            o->code_by = DYAD_CODE_BY_CLAUSE;
        else if (strstr(c, "CODE ALL"))
            o->code_by = DYAD_CODE_ALL;
        else if (strstr(c, "MINIMUM WORDS"))
            o->min_words = number_after(c, "MINIMUM WORDS");
        else if (strstr(c, "CONVERT AGENT"))
            o->convert_agents = strstr(c, "TRUE") != NULL;
        else
            return 1;
        return 0;
    }
    if (strncmp(c, "COMPLEX:", 8) == 0) {
        int v = number_after(c, "VERBS"), k = number_after(c, "CONJ");
        o->complex_verbs = v > 0 ? v : 0;
        o->complex_conj = k > 0 ? k : 0;
        o->noactprior = strstr(c, "NOACTPRIOR") != NULL;
        return 0;
    }
    if (strncmp(c, "DEFAULT:", 8) == 0) {
        if (strstr(c, "OFF")) {
            o->default_source[0] = o->default_target[0] = '\0';
            return 0;
        }
        code_after(c, "SOURCE", o->default_source, sizeof o->default_source - 1);
        code_after(c, "TARGET", o->default_target, sizeof o->default_target - 1);
        const char *t = strstr(c, "TARGET");
        o->default_source_prior = strstr(c, "PRIOR") != NULL;
        o->default_target_after = t && strstr(t, "AFTER") != NULL;
        return 0;
    }
    if (strncmp(c, "FORWARD:", 8) == 0) {
        o->forward = strstr(c, " OFF") == NULL;
        return 0;
    }
    if (strncmp(c, "COMMA:", 6) == 0) {
        if (strstr(c, "OFF")) {
            o->comma_off = 1;
            return 0;
        }
        o->comma_off = 0;
        static const char *const keys[] = {"EMIN", "EMAX", "BMIN", "BMAX", " MIN", " MAX"};
        int *fields[] = {&o->comma_emin, &o->comma_emax, &o->comma_bmin,
                         &o->comma_bmax, &o->comma_min,  &o->comma_max};
        char padded[520];
        snprintf(padded, sizeof padded, " %s", c + 6);
        for (size_t i = 0; i < 6; i++) {
            int v = number_after(padded, keys[i]);
            if (v >= 0)
                *fields[i] = v;
        }
        return 0;
    }
    return 1;
}
