/* arena — bump allocation for things that live exactly as long as their owner
 * (dictionary strings, per-document scratch).  Freeing the arena frees them all; resetting
 * it keeps the first block for the next document, so a steady stream of documents does
 * not touch malloc at all.
 *
 * The common cases (room left in the block; an array that needs no growing) are inline:
 * the stages call them some twenty times a sentence, and a call cost as much as the work. */
#ifndef DYAD_ARENA_H
#define DYAD_ARENA_H
#include <stddef.h>
#include <string.h>

typedef struct dyad_arena_block {
    struct dyad_arena_block *next;
    size_t used, size;
    max_align_t data[];
} dyad_arena_block;
typedef struct dyad_arena {
    dyad_arena_block *head;
} dyad_arena;

/* dyad_arena_alloc when the newest block has no room: a new block. */
void *dyad_arena_alloc_block(dyad_arena *a, size_t n);

/* 8-byte aligned; NULL on OOM. */
static inline void *dyad_arena_alloc(dyad_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    dyad_arena_block *b = a->head;
    if (!b || b->size - b->used < n)
        return dyad_arena_alloc_block(a, n);
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

/* A NUL-terminated copy of s[0..n); NULL on OOM. */
static inline char *dyad_arena_strndup(dyad_arena *a, const char *s, size_t n)
{
    char *p = dyad_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

void dyad_arena_reset(dyad_arena *a);                         /* keep one block, forget all */
void dyad_arena_free(dyad_arena *a);

/* dyad_grow when the array must grow. */
int dyad_grow_array(void **array, size_t *cap, size_t need, size_t elem);

/* Grows a malloc'd array to hold at least `need` elements of `elem` bytes, doubling its
 * capacity *cap (new slots are not cleared).  0, or -1 when out of memory (the array is
 * then unchanged).  The one growth rule of the per-document buffers. */
static inline int dyad_grow(void **array, size_t *cap, size_t need, size_t elem)
{
    return need <= *cap ? 0 : dyad_grow_array(array, cap, need, elem);
}

#endif
