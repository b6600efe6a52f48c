/* code — the sixth stage: CAMEO events from a parsed sentence.
 *
 * For each verb group it tries the patterns of the verb's blocks against the clause (the
 * most specific match wins), falls back to the verb's bare code, and applies the rules that
 * make events honest:
 *   - negation ("did not attack") codes nothing unless the pattern names the negation;
 *   - passive voice swaps the roles ("X was attacked by Y": Y -> X);
 *   - an infinitive is coded by its governing verb's patterns ("agreed to meet" 036), or on
 *     its own with the governor's subject when the governor codes nothing ("plans to
 *     attack");
 *   - a pronoun subject takes the sentence's speaker;
 *   - compound actors give one event per source-target pair;
 *   - a sentence with a discard phrase codes nothing;
 *   - a paired code ("[036:036]") adds the target's answer in kind, and a code the table
 *     lacks is kept as written (user dictionaries carry such codes).
 * Each event carries the pattern that fired, for --explain. */
#ifndef DYAD_CODE_H
#define DYAD_CODE_H
#include "codes.h"
#include "parse.h"

typedef struct dyad_event {
    int source, target;             /* mention indexes; target -1: none */
    int group;                      /* verb group index */
    const dyad_cameo_code *cameo;
    const dyad_pattern *pattern;    /* NULL: the bare verb's code */
    const char *block;              /* the verb block's label */
    uint8_t future, hypothetical;
    uint8_t rank;                   /* enum dyad_event_rank */
} dyad_event;

/* TABARI's code priorities: "023?" subordinate, "111!" dominant. */
enum dyad_event_rank { RANK_SUBORDINATE, RANK_PLAIN, RANK_DOMINANT };

typedef struct dyad_events {
    dyad_event *events;
    size_t nevents, cap;
    size_t unknown_codes;           /* codes a dictionary used that the code table lacks */
    /* scratch: per phrase set, where in the sentence one of its phrases can start (a list
     * of spots, ascending; set_head[set] is the first spot + 1, 0 for none) */
    uint32_t *set_head;
    size_t set_head_cap;
    struct dyad_spot {
        uint32_t pos, next;         /* token; next spot + 1 */
    } *spots;
    size_t nspots, spots_cap;
    uint32_t *touched;              /* the sets set_head has spots for */
    uint64_t have;                  /* their bits (set % 64), against dyad_pattern.need */
    size_t ntouched, touched_cap;
} dyad_events;

/* Which events may lack a target, and whether reporting verbs code on their own. */
enum dyad_targets {
    DYAD_TARGETS_OWN,      /* dyad's rules: an event may lack a target when its clause names
                            * nobody else ("X protested"); a reporting verb ("said") codes
                            * only through a pattern */
    DYAD_TARGETS_REQUIRED, /* PETRARCH's require_dyad: no event without a target; a reporting
                            * verb codes with its dictionary code like any verb */
    DYAD_TARGETS_OPTIONAL  /* PETRARCH's require_dyad = false: any event with a source */
};

/* Appends the events of one parsed sentence to *out; entries for codes outside the table
 * are made in arena.  Returns 0, -1 when out of memory. */
int dyad_code_sentence(const dyad_dict *d, const dyad_codes *codes, const dyad_parse *p,
                       size_t ntokens, enum dyad_targets targets, dyad_arena *arena,
                       dyad_events *out);
void dyad_events_free(dyad_events *e);

#endif
