/* arena — see arena.h.  Blocks of at least 64 KiB, newest first. */
#include "arena.h"
#include <stdlib.h>

void *dyad_arena_alloc_block(dyad_arena *a, size_t n)
{
    size_t size = n > 65536 ? n : 65536;
    dyad_arena_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->used = n;
    b->size = size;
    b->next = a->head;
    a->head = b;
    return b->data;
}

void dyad_arena_reset(dyad_arena *a)
{
    if (!a->head)
        return;
    dyad_arena_block *b = a->head->next;
    while (b) {
        dyad_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head->next = NULL;
    a->head->used = 0;
}

void dyad_arena_free(dyad_arena *a)
{
    dyad_arena_reset(a);
    free(a->head);
    a->head = NULL;
}

int dyad_grow_array(void **array, size_t *cap, size_t need, size_t elem)
{
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *q = realloc(*array, c * elem);
    if (!q)
        return -1;
    *array = q;
    *cap = c;
    return 0;
}
