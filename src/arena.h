/* arena — bump allocation for things that live exactly as long as their owner
 * (dictionary strings, per-document scratch).  Freeing the arena frees them all; resetting
 * it keeps the first block for the next document, so a steady stream of documents does
 * not touch malloc at all. */
#ifndef DYAD_ARENA_H
#define DYAD_ARENA_H
#include <stddef.h>

typedef struct dyad_arena_block dyad_arena_block;
typedef struct dyad_arena {
    dyad_arena_block *head;
} dyad_arena;

void *dyad_arena_alloc(dyad_arena *a, size_t n);              /* 8-byte aligned; NULL on OOM */
char *dyad_arena_strndup(dyad_arena *a, const char *s, size_t n); /* NUL-terminated copy */
void dyad_arena_reset(dyad_arena *a);                         /* keep one block, forget all */
void dyad_arena_free(dyad_arena *a);

/* Grows a malloc'd array to hold at least `need` elements of `elem` bytes, doubling its
 * capacity *cap (new slots are not cleared).  0, or -1 when out of memory (the array is
 * then unchanged).  The one growth rule of the per-document buffers. */
int dyad_grow(void **array, size_t *cap, size_t need, size_t elem);

#endif
