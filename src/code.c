/* code — see code.h.
 *
 * Pattern matching walks the elements outward from the verb: those after '*' left to right
 * through the rest of the clause, those before it right to left back to the clause start.
 * A word element may skip other words unless it is joined to its neighbour with '_'. */
#include "code.h"
#include "tabari.h"
#include <stdlib.h>
#include <string.h>

typedef struct match_result {
    int source, target;   /* mentions bound by '$' and '+', -1 when unbound */
    size_t score;
} match_result;

/* Under TABARI's rules only actors count for '$' and '+': a name the dictionaries do not
 * know is passed over.  Under dyad's it is a person we cannot code, and blocks the slot. */
static int takes_role(const dyad_parse *p, const dyad_vgroup *g, int m)
{
    return g->clause < 0 || p->mentions[m].code;
}

/* The first mention starting in [from, to); with `adjacent`, only one starting at `from`
 * (after determiners). */
static int mention_in(const dyad_parse *p, const dyad_dict *d, const dyad_vgroup *g,
                      size_t from, size_t to, int adjacent)
{
    for (size_t k = from; k < to; k++) {
        int m = p->mention_at[k];
        if (m >= 0 && p->mentions[m].first == k && takes_role(p, g, m))
            return m;
        if (adjacent && !(dyad_dict_classes(d, p->words[k]) & DYAD_WC_DETERMINER))
            return -1;
    }
    return -1;
}

static int coordinated(const dyad_parse *p, int m);

/* TABARI's score for the words a pattern element matched: their letters. */
static size_t letters(const dyad_dict *d, const dyad_parse *p, const dyad_vgroup *g,
                      size_t first, size_t n)
{
    size_t sum = 0;
    for (size_t k = first; g->clause >= 0 && k < first + n; k++) {
        uint32_t w = p->words[k] ? p->words[k] : p->stems ? p->stems[2 * k] : 0;
        sum += w ? strlen(dyad_dict_word_text(d, w)) : 0;
    }
    return sum;
}

/* The token range a mention's coordination covers ("Bern and Geneva"): a '^' skips it all. */
static void group_span(const dyad_parse *p, int m, size_t *first, size_t *last)
{
    *first = p->mentions[m].first;
    *last = p->mentions[m].last;
    for (size_t i = 0; i < p->nmentions; i++)
        if (p->mentions[i].group == p->mentions[m].group) {
            if (p->mentions[i].first < *first)
                *first = p->mentions[i].first;
            if (p->mentions[i].last > *last)
                *last = p->mentions[i].last;
        }
}

/* Binds an actor element to mention m; 0 when the element cannot take it ('%' needs
 * coordinated actors). */
static int bind_actor(const dyad_parse *p, const dyad_elem *el, int m, match_result *r)
{
    switch (el->type) {
    case DYAD_EL_TARGET: r->target = m; return 1;
    case DYAD_EL_SOURCE: r->source = m; return 1;
    case DYAD_EL_COMPOUND:
        r->source = r->target = m;
        return coordinated(p, m);
    default: return 1; /* DYAD_EL_SKIP */
    }
}

static int is_actor_elem(const dyad_elem *el)
{
    return el->type == DYAD_EL_TARGET || el->type == DYAD_EL_SOURCE ||
           el->type == DYAD_EL_COMPOUND || el->type == DYAD_EL_SKIP;
}

static int match_after(const dyad_dict *d, const dyad_parse *p, const dyad_pattern *pat,
                       const dyad_vgroup *g, const dyad_events *ev, match_result *r)
{
    size_t pos = g->end;
    for (uint32_t e = pat->verb_at + 1; e < pat->nelems; e++) {
        const dyad_elem *el = dyad_dict_elem(d, pat->first_elem + e);
        int adjacent = el->adjacent;
        if (el->type == DYAD_EL_SKIP && dyad_dict_petrarch(d) &&
            mention_in(p, d, g, pos, g->window_end, 1) < 0) {
            if (pos >= g->window_end) /* PETRARCH's '^' skips a noun phrase, actor or not */
                return 0;
            pos++;
            continue;
        }
        if (is_actor_elem(el)) {
            int m = mention_in(p, d, g, pos, g->window_end, adjacent);
            if (m >= 0 && m == g->by_agent && el->type != DYAD_EL_SOURCE)
                /* "was killed by X": X is no object, though a '$' may name it */
                m = adjacent ? -1 : mention_in(p, d, g, p->mentions[m].last + 1, g->window_end, 0);
            if (m < 0)
                return 0;
            if (el->type == DYAD_EL_COMPOUND && dyad_dict_petrarch(d)) {
                /* PETRARCH: a '%' after the verb is the target ("agrees with %": the subject
                 * agrees with each member) */
                if (!coordinated(p, m))
                    return 0;
                r->target = m;
            } else if (!bind_actor(p, el, m, r))
                return 0;
            size_t first, last = p->mentions[m].last;
            if (el->type == DYAD_EL_SKIP)
                group_span(p, m, &first, &last);
            pos = last + 1;
            continue;
        }
        size_t len = 0, found = SIZE_MAX;
        for (uint32_t s = ev->set_head[el->phrases]; s && found == SIZE_MAX;) {
            size_t k = ev->spots[s - 1].pos;
            s = ev->spots[s - 1].next;
            if (k < pos)
                continue;
            if (k >= g->window_end || (adjacent && k > pos))
                return 0;
            if (dyad_dict_inflects(d, el->phrases, p->words + k, p->stems ? p->stems + 2 * k : NULL,
                                   g->window_end - k, &len))
                found = k;
            else if (adjacent)
                return 0;
        }
        if (found == SIZE_MAX)
            return 0;
        r->score += letters(d, p, g, found, len);
        pos = found + len;
    }
    return 1;
}

#define MAX_ADJACENT_WORDS 6

static int match_before(const dyad_dict *d, const dyad_parse *p, const dyad_pattern *pat,
                        const dyad_vgroup *g, size_t clause_start, const dyad_events *ev,
                        match_result *r)
{
    size_t pos = g->verb;
    for (uint32_t e = pat->verb_at; e-- > 0;) {
        const dyad_elem *el = dyad_dict_elem(d, pat->first_elem + e);
        const dyad_elem *right = dyad_dict_elem(d, pat->first_elem + e + 1);
        int adjacent = right->adjacent; /* joined to the element on its right */
        if (is_actor_elem(el)) {
            int found = -1;
            for (size_t k = pos; k > clause_start && found < 0; k--) {
                int m = p->mention_at[k - 1];
                if (m >= 0 && takes_role(p, g, m))
                    found = m;
                else if (adjacent)
                    break;
            }
            if (found < 0 || !bind_actor(p, el, found, r))
                return 0;
            size_t first = p->mentions[found].first, last;
            if (el->type == DYAD_EL_SKIP)
                group_span(p, found, &first, &last);
            pos = first;
            continue;
        }
        /* the nearest start before pos: the spots come ascending, so the last match wins */
        size_t found = SIZE_MAX, found_len = 0;
        for (uint32_t s = ev->set_head[el->phrases]; s;) {
            size_t start = ev->spots[s - 1].pos, len = 0;
            s = ev->spots[s - 1].next;
            if (start < clause_start)
                continue;
            if (start >= pos)
                break;
            /* adjacency to the verb tolerates its own auxiliaries, except under PETRARCH,
             * whose "RECENTLY_*" fails on "recently did allow"; an adjacent phrase of
             * several words ("WO N'T") must end right at pos */
            int in_aux = pos == g->verb && start + 1 >= g->first && !dyad_dict_petrarch(d);
            if (adjacent && pos - start >= MAX_ADJACENT_WORDS && !in_aux)
                continue;
            if (dyad_dict_inflects(d, el->phrases, p->words + start,
                                   p->stems ? p->stems + 2 * start : NULL, pos - start, &len) &&
                (!adjacent || start + len == pos || in_aux)) {
                found = start;
                found_len = len;
            }
        }
        if (found == SIZE_MAX)
            return 0;
        r->score += letters(d, p, g, found, found_len);
        pos = found;
    }
    return 1;
}

/* Lists, for every phrase set, the tokens where a phrase of it can start (the word, or a
 * stem it starts with, leads one): a pattern element then tries only those tokens. */
static int mark_sets(const dyad_dict *d, const dyad_parse *p, size_t ntokens, dyad_events *ev)
{
    size_t nsets = dyad_dict_set_count(d), had = ev->set_head_cap;
    if (dyad_grow((void **)&ev->set_head, &ev->set_head_cap, nsets, sizeof *ev->set_head))
        return -1;
    memset(ev->set_head + had, 0, (ev->set_head_cap - had) * sizeof *ev->set_head);
    for (size_t i = ntokens; i-- > 0;) /* backwards, so that each list comes out ascending */
        for (int k = 0; k < (p->stems ? 3 : 1); k++) {
            uint32_t w = k == 0 ? p->words[i] : p->stems[2 * i + (size_t)k - 1];
            size_t n;
            const uint32_t *sets = w ? dyad_dict_word_sets(d, w, &n) : NULL;
            if (!sets)
                continue;
            if ((ev->ntouched + n > ev->touched_cap &&
                 dyad_grow((void **)&ev->touched, &ev->touched_cap, ev->ntouched + n,
                           sizeof *ev->touched)) ||
                (ev->nspots + n > ev->spots_cap &&
                 dyad_grow((void **)&ev->spots, &ev->spots_cap, ev->nspots + n, sizeof *ev->spots)))
                return -1;
            for (size_t j = 0; j < n; j++) {
                uint32_t head = ev->set_head[sets[j]];
                if (head && ev->spots[head - 1].pos == i)
                    continue; /* the word and its stem lead the same set */
                if (!head) {
                    ev->touched[ev->ntouched++] = sets[j];
                    ev->have |= (uint64_t)1 << (sets[j] % 64);
                }
                ev->spots[ev->nspots] = (struct dyad_spot){(uint32_t)i, head};
                ev->set_head[sets[j]] = (uint32_t)++ev->nspots;
            }
        }
    return 0;
}

/* Can the pattern match at all?  Every word element needs one of its first words somewhere
 * in the sentence: most patterns fail this test, which costs a load per element. */
static int words_present(const dyad_dict *d, const dyad_pattern *pat, const dyad_events *ev)
{
    const dyad_elem *el = dyad_dict_elem(d, pat->first_elem); /* a pattern's are contiguous */
    for (uint32_t e = 0; e < pat->nelems; e++)
        if (el[e].type == DYAD_EL_WORDS && !ev->set_head[el[e].phrases])
            return 0;
    return 1;
}

/* Does the pattern name a synonym set or { | } alternatives (a word set of several)? */
static int has_synonym_set(const dyad_dict *d, const dyad_pattern *pat)
{
    for (uint32_t e = 0; e < pat->nelems; e++) {
        const dyad_elem *el = dyad_dict_elem(d, pat->first_elem + e);
        if (el->type == DYAD_EL_WORDS && dyad_dict_set_size(d, el->phrases) > 1)
            return 1;
    }
    return 0;
}

/* The best pattern of the verb's blocks; NULL when none matches. */
static const dyad_pattern *best_pattern(const dyad_dict *d, const dyad_parse *p,
                                        const dyad_vgroup *g, const dyad_verb *v,
                                        size_t clause_start, dyad_events *ev,
                                        match_result *best, const char **block)
{
    const dyad_pattern *winner = NULL;
    best->score = 0;
    for (uint32_t b = 0; b < v->nblocks; b++) {
        const dyad_block *bl = dyad_dict_block(d, v->blocks[b]);
        const dyad_pattern *pats = bl->npatterns ? dyad_dict_pattern(d, bl->first_pattern) : NULL;
        for (uint32_t i = 0; i < bl->npatterns; i++) { /* a block's patterns are contiguous */
            const dyad_pattern *pat = &pats[i];
            /* the most specific pattern wins: the one with most elements; under TABARI's
             * rules the one whose words matched the most letters (manual 5.7.1), which
             * is only known after matching */
            if (pat->need & ~ev->have) /* one AND rules out most patterns */
                continue;
            match_result r = {-1, -1, g->clause >= 0 ? 1 : pat->nelems};
            if ((g->clause < 0 && r.score <= best->score) || !words_present(d, pat, ev))
                continue;
            if (!match_after(d, p, pat, g, ev, &r) ||
                !match_before(d, p, pat, g, clause_start, ev, &r))
                continue;
            if (g->clause >= 0) /* equal letters: words written out beat a synonym set */
                r.score = r.score * 2 + !has_synonym_set(d, pat);
            if (r.score <= best->score)
                continue;
            *best = r;
            winner = pat;
            *block = bl->label;
        }
    }
    return winner;
}

static int push(dyad_events *out, const dyad_event *e)
{
    if (dyad_grow((void **)&out->events, &out->cap, out->nevents + 1, sizeof *out->events))
        return -1;
    out->events[out->nevents++] = *e;
    return 0;
}

/* The table entry of a code; a code the table lacks (a user dictionary's "222", "075A")
 * gets an entry of its own in the story's arena, with no QuadClass or Goldstein score, so
 * it is output as written rather than dropped.  NULL only when out of memory. */
static const dyad_cameo_code *code_entry(const dyad_codes *codes, const char *code, size_t n,
                                         dyad_arena *arena)
{
    char key[5];
    if (n > 0 && n < sizeof key) {
        memcpy(key, code, n);
        key[n] = '\0';
        const dyad_cameo_code *c = dyad_codes_find(codes, key);
        if (c)
            return c;
    }
    dyad_cameo_code *c = dyad_arena_alloc(arena, sizeof *c);
    if (!c)
        return NULL;
    memset(c, 0, sizeof *c);
    size_t k = n < sizeof c->code ? n : sizeof c->code - 1;
    memcpy(c->code, code, k);
    memcpy(c->root, code, k < 2 ? k : 2);
    c->name = "(not in the code table)";
    c->plover_type = c->plover_mode = c->plover_context = "";
    return c;
}

/* Is the mention one of several coordinated actors ("Turkey and Syria")? */
static int coordinated(const dyad_parse *p, int m)
{
    if (m < 0)
        return 0;
    size_t members = 0;
    for (size_t i = 0; i < p->nmentions; i++)
        members += p->mentions[i].group == p->mentions[m].group && p->mentions[i].code;
    return members > 1;
}

/* Is the place in the country of one of the coordinated sources ("Mexico and the United
 * States held talks in Washington": a venue, so they act on each other)? */
static int place_of_source(const dyad_parse *p, int source, int place)
{
    char pc[4], sc[4];
    dyad_code_country(p->mentions[place].code, pc);
    for (size_t i = 0; i < p->nmentions; i++) {
        if (p->mentions[i].group != p->mentions[source].group || !p->mentions[i].code)
            continue;
        dyad_code_country(p->mentions[i].code, sc);
        if (pc[0] && strcmp(pc, sc) == 0)
            return 1;
    }
    return 0;
}

/* "Colombia and the ELN signed a ceasefire in Havana": parties that agree, consult,
 * cooperate or yield (roots 03-06 and 08) act on each other, and the place is where they
 * met; for the other codes it may be what they act on ("Turkey and Russia called for a
 * ceasefire in Syria"). */
static int mutual_root(const dyad_cameo_code *c)
{
    return c->root[0] == '0' && ((c->root[1] >= '3' && c->root[1] <= '6') || c->root[1] == '8');
}

/* Does an earlier member of m's coordination group have m's code (a pronoun that joined
 * the group it refers to, a name said twice)?  Then m adds no events of its own. */
static int repeats_code(const dyad_parse *p, size_t m)
{
    for (size_t i = 0; i < m; i++)
        if (p->mentions[i].group == p->mentions[m].group && p->mentions[i].code &&
            strcmp(p->mentions[i].code, p->mentions[m].code) == 0)
            return 1;
    return 0;
}

/* One event per (source, target) pair of the two coordination groups; target -1 for an
 * event with no target ("the prime minister resigned"). */
static int emit(const dyad_parse *p, int source, int target, dyad_event *proto,
                dyad_events *out)
{
    const dyad_mention *ms = &p->mentions[source];
    /* "Turkey and Syria agreed to hold talks": with no target, coordinated sources act on
     * each other */
    if (target < 0 && coordinated(p, source))
        target = source;
    const dyad_mention *mt = target >= 0 ? &p->mentions[target] : NULL;
    if (mt && mt->group == ms->group && source != target &&
        p->groups[proto->group].clause >= 0) {
        /* TABARI: a target found inside the source's own compound ("Bree and Arnor restore
         * ties", no one after the verb) is that one pair */
        proto->source = source;
        proto->target = target;
        return push(out, proto);
    }
    for (size_t s = 0; s < p->nmentions; s++) {
        if (p->mentions[s].group != ms->group || !p->mentions[s].code || repeats_code(p, s))
            continue;
        for (size_t t = 0; t < (mt ? p->nmentions : 1); t++) {
            if (mt && (p->mentions[t].group != mt->group || !p->mentions[t].code || s == t ||
                       strcmp(p->mentions[s].code, p->mentions[t].code) == 0 ||
                       repeats_code(p, t)))
                continue;
            proto->source = (int)s;
            proto->target = mt ? (int)t : -1;
            if (push(out, proto) != 0)
                return -1;
        }
    }
    return 0;
}

/* TABARI's code priorities among the sentence's events: a subordinate code ("SAID [023?]")
 * counts only when nothing else is coded, and once a dominant code ("[111!]") is coded,
 * only dominant events count. */
static void keep_ranked(dyad_events *out, size_t first)
{
    uint8_t top = RANK_SUBORDINATE;
    for (size_t i = first; i < out->nevents; i++)
        if (out->events[i].rank > top)
            top = out->events[i].rank;
    size_t k = first;
    for (size_t i = first; i < out->nevents; i++)
        if (out->events[i].rank == top)
            out->events[k++] = out->events[i];
    out->nevents = k;
}

/* Does group g (or its governor) already account for this infinitive? */
static int governed(const dyad_parse *p, const dyad_vgroup *g, const uint8_t *coded)
{
    if (!g->infinitive || g->controller < 0)
        return 0;
    const dyad_vgroup *c = &p->groups[g->controller];
    return coded[g->controller] || c->negated;
}

int dyad_code_sentence(const dyad_dict *d, const dyad_codes *codes, const dyad_parse *p,
                       size_t ntokens, enum dyad_targets targets, dyad_arena *arena,
                       dyad_events *out)
{
    if (p->discarded || p->ngroups == 0)
        return 0;
    if (mark_sets(d, p, ntokens, out) != 0)
        return -1;
    uint8_t coded_small[64];
    uint8_t *coded = p->ngroups <= 64 ? coded_small : calloc(p->ngroups, 1);
    if (!coded)
        return -1;
    memset(coded, 0, p->ngroups <= 64 ? 64 : 0);
    int rc = 0, discard = 0, coded_clause = -1;
    size_t first_event = out->nevents;
    for (size_t gi = 0; gi < p->ngroups && rc == 0; gi++) {
        const dyad_vgroup *g = &p->groups[gi];
        if (!g->verb_index || governed(p, g, coded))
            continue;
        const dyad_verb *v = dyad_dict_verb(d, g->verb_index);
        if (g->clause >= 0 && g->clause == coded_clause)
            continue; /* TABARI's rules: a clause codes its first event only */
        size_t clause_start = g->subject >= 0 && !p->mentions[g->subject].pronoun
                                  ? p->mentions[g->subject].first
                              : gi > 0 ? p->groups[gi - 1].end
                                       : 0;
        if (clause_start > g->first)
            clause_start = gi > 0 ? p->groups[gi - 1].end : 0;
        int negated = g->negated;
        if (g->clause < 0 && g->subject >= 0 && clause_start > 0 && clause_start <= g->first) {
            /* "Neither X nor Y boycotted": the clause opens with the negated coordination
             * (TABARI's rules know no negation but their patterns') */
            size_t first, last;
            group_span(p, g->subject, &first, &last);
            if (first > 0 && coordinated(p, g->subject) &&
                (dyad_dict_classes(d, p->words[first - 1]) & DYAD_WC_NEGATION)) {
                clause_start = first - 1;
                negated = 1;
            }
        }
        if (g->clause >= 0)
            clause_start = g->window_start;
        match_result r = {-1, -1, 0};
        const char *block = v->nblocks ? dyad_dict_block(d, v->blocks[0])->label : "";
        const dyad_pattern *pat = best_pattern(d, p, g, v, clause_start, out, &r, &block);
        /* under dyad's rules a reporting verb ("announced", "claimed") codes only through a
         * pattern: a data set of "X said" events measures the wire, not the actors */
        const char *code = pat ? pat->code
                           : g->reporting && targets == DYAD_TARGETS_OWN ? NULL
                           : v->has_own_code ? v->code
                           : v->nblocks      ? dyad_dict_block(d, v->blocks[0])->code
                                             : NULL;
        if (!code || (negated && !(pat && pat->names_negation)))
            continue;
        if (code[0] == '#' || code[0] == '+') { /* TABARI's discard and complex codes */
            discard = 1;
            break;
        }
        size_t len = strlen(code);
        uint8_t rank = code[len - 1] == '?' ? RANK_SUBORDINATE
                       : code[len - 1] == '!' ? RANK_DOMINANT
                                              : RANK_PLAIN;
        const char *colon = strchr(code, ':');
        len -= rank != RANK_PLAIN;
        const dyad_cameo_code *cameo =
            code_entry(codes, code, colon ? (size_t)(colon - code) : len, arena);
        const dyad_cameo_code *paired =
            colon && colon[1] ? code_entry(codes, colon + 1, (size_t)(code + len - colon - 1), arena)
                              : NULL;
        if (!cameo) {
            out->unknown_codes++;
            continue;
        }
        int source = pat && r.source >= 0 ? r.source : g->subject;
        int target = pat && r.target >= 0 ? r.target : g->object;
        if (g->clause >= 0 && pat && (r.source >= 0) != (r.target >= 0)) {
            source = r.source;
            target = r.target;
            dyad_tabari_complete(p, g, &source, &target);
        }
        if (target < 0 && !g->passive && g->place >= 0 &&
            (!coordinated(p, source) ||
             (!place_of_source(p, source, g->place) && !mutual_root(cameo))))
            target = g->place; /* "called for a ceasefire in Gaza" */
        if (g->passive && !(pat && (r.source >= 0 || r.target >= 0))) {
            source = g->by_agent;
            target = g->subject;
        }
        if (source >= 0 && p->mentions[source].pronoun && !p->mentions[source].code &&
            p->speaker >= 0)
            source = p->speaker;
        if (source < 0 && g->in_quote && p->speaker >= 0)
            source = p->speaker; /* the speaker's own words name no subject */
        coded[gi] = 1;
        /* "Iraq had attacked themselves", "Obama told Putin to protect himself": an action
         * on oneself is no dyad, whoever the parse made the source */
        if (target >= 0 && p->mentions[target].reflexive)
            continue;
        /* no target is fine when the clause names nobody after the verb; a pronoun or an
         * unknown name there means a target we cannot code */
        if (source < 0 ||
            (target < 0 && !coordinated(p, source) &&
             (targets == DYAD_TARGETS_REQUIRED ||
              (targets == DYAD_TARGETS_OWN && (g->clause_has_mention || g->passive)))))
            continue;
        dyad_event e = {-1, -1, (int)gi, cameo, pat, block,
                        (uint8_t)(g->future || (g->infinitive && g->controller >= 0)),
                        g->hypothetical, rank};
        size_t before = out->nevents;
        rc = emit(p, source, target, &e, out);
        if (out->nevents > before && rank != RANK_SUBORDINATE)
            coded_clause = g->clause; /* "SAID [023?]" leaves the clause to the next verb */
        if (rc == 0 && paired && target >= 0) { /* "[036:036]": the target answers in kind */
            e.cameo = paired;
            rc = emit(p, target, source, &e, out);
        }
    }
    if (coded != coded_small)
        free(coded);
    if (discard)
        out->nevents = first_event;
    else
        keep_ranked(out, first_event);
    for (size_t i = 0; i < out->ntouched; i++)
        out->set_head[out->touched[i]] = 0;
    out->ntouched = out->nspots = 0;
    out->have = 0;
    return rc;
}

void dyad_events_free(dyad_events *e)
{
    free(e->events);
    free(e->set_head);
    free(e->spots);
    free(e->touched);
    memset(e, 0, sizeof *e);
}
