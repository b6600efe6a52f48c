/* discourse — what a reader knows from the sentences before: who "he", "it", "they",
 * "the two neighbours", "the kingdom", "the ministry" and a bare surname refer to.
 *
 * The memory is per story.  After each sentence is parsed, dyad_resolve() gives codes to the
 * mentions that have none (pronouns, descriptions, surnames) from the memory, before roles
 * are chosen; after it is coded, dyad_remember() adds its actors.  Resolution is
 * deliberately conservative: the most recent compatible actor, never one from more than a
 * few sentences back, and nothing when the candidates disagree.
 *
 * Word lists (plural descriptions, monarchies) are data: data/coreference.list. */
#ifndef DYAD_DISCOURSE_H
#define DYAD_DISCOURSE_H
#include "arena.h"
#include "parse.h"

typedef struct dyad_entity {
    const char *code;
    const char *surname;    /* last name word of a person ("Fidan"), or NULL */
    uint32_t sentence;      /* where it was last mentioned */
    uint32_t group;         /* mentions named together share a group id */
    uint8_t person;         /* a named person or a title ("the president") */
    uint8_t speaker;        /* spoke in that sentence */
    uint8_t subject;        /* was the subject of a verb: the likelier antecedent */
} dyad_entity;

typedef struct dyad_memory {
    dyad_entity *entities;
    size_t nentities, cap;
    uint32_t sentence;      /* index of the sentence being read */
    uint32_t next_group;
    int quote_speaker;      /* entity speaking in an open quotation, -1 when none */
} dyad_memory;

typedef struct dyad_corefs dyad_corefs; /* the word lists, loaded once */
dyad_corefs *dyad_corefs_new(const char *text, size_t len);
void dyad_corefs_free(dyad_corefs *c);

void dyad_memory_reset(dyad_memory *m);
void dyad_memory_free(dyad_memory *m);

/* Gives codes to unresolved mentions of a parsed sentence (before roles are assigned). */
int dyad_resolve(const dyad_corefs *cr, const dyad_memory *m, const char *text,
                 const dyad_token *tok, const dyad_tokinfo *info, size_t n, dyad_arena *arena,
                 dyad_parse *p);

/* Adds the sentence's actors to the memory (strings are copied into arena). */
int dyad_remember(dyad_memory *m, const char *text, const dyad_token *tok, const dyad_parse *p,
                  dyad_arena *arena);

#endif
