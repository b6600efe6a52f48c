/* Fuzz target: the whole pipeline on arbitrary text — cleaning, segmentation, matching,
 * parsing, coding, discourse, quotes and output — with the built-in dictionaries.  The
 * first byte picks headline and one-sentence modes. */
#include "dyad.h"
#include "output.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static dyad_coder *coder;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!coder) {
        char err[512];
        if (!(coder = dyad_coder_new(NULL, err, sizeof err)))
            abort();
    }
    if (size == 0)
        return 0;
    char *text = malloc(size);
    if (!text)
        return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    dyad_doc doc = {0};
    doc.id = "fuzz";
    doc.date = "2024-03-06";
    doc.text = text;
    doc.len = size - 1;
    doc.is_sentence = data[0] & 1;
    doc.headline_len = (data[0] & 2) ? (size - 1) / 3 : 0;
    dyad_story s = {0};
    char err[256];
    if (dyad_code_story(coder, &doc, &s, err, sizeof err) == 0) {
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            dyad_write_story(out, &s, DYAD_OUT_JSONL, 1);
            dyad_write_story(out, &s, DYAD_OUT_TSV, 0);
            dyad_write_quotes(out, &s);
            fclose(out);
        }
        for (size_t i = 0; i < s.nevents; i++) /* spans stay inside the text */
            if (s.events[i].verb_span.end > doc.len || s.events[i].source.span.end > doc.len)
                abort();
    }
    dyad_story_free(&s);
    free(text);
    return 0;
}
