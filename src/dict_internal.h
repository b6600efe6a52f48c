/* dict_internal — the dictionary's representation, shared by the text loader (dict.c) and
 * the compiled image (dictimage.c), which writes and reads these arrays as they are.  Not
 * for other modules: they go through dict.h. */
#ifndef DYAD_DICT_INTERNAL_H
#define DYAD_DICT_INTERNAL_H
#include "arena.h"
#include "dict.h"
#include "intern.h"
#include <stddef.h>
#include <stdint.h>

typedef struct span32 {
    uint32_t first, n;
} span32;

typedef struct irregular {
    const char *past;       /* comma-separated */
    const char *participle; /* comma-separated */
} irregular;

typedef struct lead {
    uint32_t set;
    uint32_t first, n; /* in lead_phrases */
} lead;

/* A text the dictionary was loaded from, so that an image can tell when it is stale. */
typedef struct dyad_dict_source {
    const char *name;       /* the path, or the built-in file's name */
    uint64_t hash, len;     /* dyad_dict_hash of its bytes */
    uint32_t builtin;
} dyad_dict_source;

enum {
    SLOT_GAP = 1,  /* TABARI joined it with a blank: up to two other words may come first */
    SLOT_EXACT = 2 /* TABARI wrote it joined by '_' to the next word or closed ("RESOLUTION_"):
                    * the word itself and its endings, never a token it is a stem of */
};

struct dyad_dict {
    dyad_intern *words;
    uint32_t *classes;
    size_t classes_cap;
    uint8_t *stems;         /* per word id: DYAD_STEM_* bits, TABARI stems (prefix match) */
    size_t stems_cap;
    size_t nstems;
    int gapped;             /* some trie node has `gap`: matching walks with skips */

    dyad_node *nodes;
    size_t nnodes, nodes_cap;
    uint64_t *edge_keys;
    uint32_t *edge_vals;
    size_t edge_slots, nedges;
    const char **node_file; /* which file gave the node its meaning, per node */
    size_t node_file_cap;

    dyad_actor *actors;
    size_t nactors, actors_cap;
    dyad_restriction *restrictions;
    size_t nrestrictions, restrictions_cap;
    dyad_agent *agents;
    size_t nagents, agents_cap;
    dyad_verb *verbs;
    size_t nverbs, verbs_cap;
    uint32_t *verb_by_word; /* word id -> verb index + 1 */
    size_t verb_by_word_cap;
    dyad_block *blocks;
    size_t nblocks, blocks_cap;
    dyad_pattern *patterns;
    size_t npatterns, patterns_cap;
    dyad_elem *elems;
    size_t nelems, elems_cap;
    span32 *sets, *phrases, *slots;
    size_t nsets, sets_cap, nphrases, phrases_cap, nslots, slots_cap;
    uint8_t *slot_flags;    /* per slot: SLOT_GAP, SLOT_EXACT */
    size_t slot_flags_cap;
    uint32_t *ids;
    size_t nids, ids_cap;

    span32 *set_first;      /* per phrase set: its first words, in first_ids */
    uint32_t *first_ids;

    /* Lookup indexes that dyad_dict_finish builds; a later load drops them (indexed = 0)
     * and the lookups fall back to scanning until the next finish. */
    int indexed;
    size_t nindexed_words;  /* word ids below this are covered */
    uint32_t *root_child;   /* word id -> the root's child for it, 0 when none */
    uint32_t *word_leads;   /* word id -> its first entry in leads, to word_leads[id + 1] */
    lead *leads;            /* per word, the sets having a phrase it starts, by set */
    uint32_t *word_sets;    /* the same sets alone (dyad_dict_word_sets) */
    span32 *lead_phrases;   /* those phrases (copies of phrases[]), in set order */
    irregular *irregulars;  /* indexed by word id of the base */
    size_t irregulars_cap;
    uint8_t *past_words;    /* per word id: the past or participle of an irregular verb */
    size_t past_words_cap;
    uint8_t *tabari_pos;    /* per word id: DYAD_TABARI_NOUN / _ADJECTIVE from TABARI lists */
    size_t tabari_pos_cap;
    dyad_intern *word_set_keys; /* a pattern word as written -> its id in word_set_of */
    uint32_t *word_set_of;  /* -> the phrase set (+1) all patterns share for that word */
    size_t word_set_of_cap;

    size_t ndiscards, actor_phrases, agent_phrases, verb_forms;
    int tabari_verbs;       /* a TABARI .verbs file is loaded: code with TABARI's clause rules */
    int petrarch;           /* a PETRARCH file is loaded: write codes PETRARCH's way */
    char **warnings;
    size_t nwarnings, warnings_cap;
    uint32_t kinds;         /* bit k: a file of kind dyad_dict_kinds[k] is loaded */
    dyad_dict_source *sources;
    size_t nsources, sources_cap;
    void *image;            /* loaded from an image (dictimage.c): every array points into
                             * this one block, and the dictionary is read-only */
    dyad_arena arena;
};

/* A 64-bit hash of n bytes, eight at a time: the image checksum and the fingerprint of
 * the texts an image was compiled from. */
uint64_t dyad_dict_hash(const void *p, size_t n);

/* Sets the checksum of an image of len bytes to match its contents: the last step of
 * writing one, and how tests and the fuzzer forge damaged images that pass it. */
void dyad_dict_image_seal(void *image, size_t len);

/* The whole of a file, NUL-terminated, in *len bytes; NULL with "path: why" in err. */
char *dyad_dict_read_file(const char *path, size_t *len, char *err, size_t errlen);

#endif
