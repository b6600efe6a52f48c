/* arena — see arena.h.  Blocks of at least 64 KiB, newest first. */
#include "arena.h"
#include <stdlib.h>
#include <string.h>

struct dyad_arena_block {
    dyad_arena_block *next;
    size_t used, size;
    max_align_t data[];
};

void *dyad_arena_alloc(dyad_arena *a, size_t n)
{
    n = (n + 7) & ~(size_t)7;
    dyad_arena_block *b = a->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > 65536 ? n : 65536;
        b = malloc(sizeof *b + size);
        if (!b)
            return NULL;
        b->used = 0;
        b->size = size;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += n;
    return p;
}

char *dyad_arena_strndup(dyad_arena *a, const char *s, size_t n)
{
    char *p = dyad_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
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

int dyad_grow(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
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
