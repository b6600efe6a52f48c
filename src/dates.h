/* dates — when an event happened, from the story date and the words of its sentence.
 *
 * Recognised: weekdays ("on Wednesday" is the Wednesday on or before the story date; "next
 * Monday" after it), yesterday / today / tonight / tomorrow, "last week|month|year",
 * "next week|month|year", "N days|weeks|months|years ago", month and day ("March 3",
 * "3 March", "on Jan. 30"), a month alone ("in January"), and a year ("in 1979", "the 1961
 * invasion").  Dates are YYYYMMDD integers; a month or a year alone gives its first day. */
#ifndef DYAD_DATES_H
#define DYAD_DATES_H
#include "segment.h"
#include <stddef.h>
#include <stdint.h>

typedef struct dyad_date_expr {
    uint32_t token;     /* index of the expression's first token in the sentence */
    uint32_t date;      /* YYYYMMDD */
} dyad_date_expr;

/* Finds up to `max` date expressions in tokens tok[0..n) of text, relative to story_date
 * (YYYYMMDD).  Returns how many. */
size_t dyad_find_dates(const char *text, const dyad_token *tok, size_t n, uint32_t story_date,
                       dyad_date_expr *out, size_t max);

/* Days since 1970-01-01 of a YYYYMMDD date, and back. */
long dyad_date_days(uint32_t date);
uint32_t dyad_days_date(long days);

#endif
