/* places — where an event happened: the project's own gazetteer (data/places.gazetteer:
 * capitals, cities, regions, seas, with country and coordinates) and the phrases of a
 * sentence that name a place ("in Kabul", "near the Syrian border town of Kobani", "in
 * southern Lebanon").
 *
 * Only places introduced by a locative preposition count: "Kabul" alone is usually the
 * government (metonymy), "in Kabul" is where something happened. */
#ifndef DYAD_PLACES_H
#define DYAD_PLACES_H
#include "segment.h"
#include <stddef.h>
#include <stdint.h>

typedef struct dyad_place {
    const char *name;
    char country[4];   /* ISO alpha-3, or "---" for seas and disputed areas */
    double lat, lon;
    const char *kind;  /* capital, city, region, country, water */
} dyad_place;

typedef struct dyad_place_ref {
    uint32_t token;    /* first token of the place phrase in the sentence */
    const dyad_place *place;
} dyad_place_ref;

typedef struct dyad_gazetteer dyad_gazetteer;

/* Parses the gazetteer (tab-separated NAME COUNTRY LAT LON KIND [ALIASES], aliases split by
 * '|').  A malformed line is an error "name:line: why". */
dyad_gazetteer *dyad_gazetteer_new(const char *text, size_t len, const char *name, char *err,
                                   size_t errlen);
void dyad_gazetteer_free(dyad_gazetteer *g);
size_t dyad_gazetteer_count(const dyad_gazetteer *g);

/* The place called s[0..len) (words separated by single spaces, any case), or NULL. */
const dyad_place *dyad_gazetteer_find(const dyad_gazetteer *g, const char *s, size_t len);

/* Is the token a compass adjective ("northern", "south"), which may stand between a
 * locative preposition and a place ("in northern Iraq")? */
int dyad_is_compass_word(const char *text, const dyad_token *t);

/* The places named after locative prepositions in tokens tok[0..n) of text; up to max. */
size_t dyad_find_places(const dyad_gazetteer *g, const char *text, const dyad_token *tok,
                        size_t n, dyad_place_ref *out, size_t max);

#endif
