/* fuzz_read — libFuzzer target for the read stage.
 *
 * The first byte picks the format (text, JSONL, XML, or sniffed); the rest is the input.
 * Every document is read and freed; the invariants later stages rely on are checked, so a
 * violation stops the fuzzer as a crash would. */
#include "read.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const dyad_input_format formats[] = {DYAD_INPUT_TEXT, DYAD_INPUT_JSONL, DYAD_INPUT_XML,
                                            DYAD_INPUT_AUTO};

static void check_doc(const dyad_doc *d)
{
    if (!d->id || !d->text || d->text[d->len] != '\0' || d->headline_len > d->len)
        abort();
    if (d->date && (strlen(d->date) != 10 || d->date[4] != '-' || d->date[7] != '-'))
        abort();
    if (d->record < 1 || !d->origin || strcmp(d->origin, "fuzz") != 0)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char err[256];
    dyad_doc doc;
    dyad_reader *r;
    int rc;
    if (size == 0)
        return 0;
    r = dyad_reader_open_memory((const char *)data + 1, size - 1, "fuzz",
                                formats[data[0] % 4]);
    if (!r)
        return 0;
    while ((rc = dyad_reader_next(r, &doc, err, sizeof err)) != 0) {
        if (rc == 1)
            check_doc(&doc);
        else if (strncmp(err, "fuzz:", 5) != 0 || doc.text != NULL)
            abort();
        dyad_doc_free(&doc);
        if (rc == -2)
            break;
    }
    dyad_reader_close(r);
    return 0;
}
