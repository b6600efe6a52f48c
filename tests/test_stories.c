/* Real sentences with the built-in dictionaries: the bundled wire story and the GigaWord
 * sample in ../shared/corpus (skipped when absent).  Each case lists every event a
 * sentence must produce, and only those. */
#include "dyad.h"
#include "test.h"
#include <stdlib.h>

static dyad_coder *coder;

/* "SRC TGT CODE; ..." for the events of sentence `index` (1-based), or of all sentences
 * when index is 0. */
static const char *events_in(const dyad_story *s, uint32_t index)
{
    static char out[4096];
    out[0] = '\0';
    for (size_t i = 0; i < s->nevents; i++) {
        const dyad_story_event *e = &s->events[i];
        if (index && e->sentence + 1 != index)
            continue;
        char one[128];
        snprintf(one, sizeof one, "%s%s %s %s", out[0] ? "; " : "", e->source.code,
                 e->target.code ? e->target.code : "-", e->cameo->code);
        strncat(out, one, sizeof out - strlen(out) - 1);
    }
    return out;
}

static int code_file(const char *path, dyad_input_format fmt, const char *id, dyad_story *s)
{
    char err[512];
    dyad_reader *r = dyad_reader_open(path, fmt, err, sizeof err);
    if (!r)
        return -1;
    static dyad_doc doc;
    int found = -1;
    for (;;) {
        memset(&doc, 0, sizeof doc);
        int rc = dyad_reader_next(r, &doc, err, sizeof err);
        if (rc == 0 || rc == -2)
            break;
        if (rc < 0)
            continue;
        if (!id || strcmp(doc.id, id) == 0) {
            if (!doc.date)
                doc.date = strdup("2024-03-06");
            found = dyad_code_story(coder, &doc, s, err, sizeof err);
            break;
        }
        dyad_doc_free(&doc);
    }
    dyad_reader_close(r);
    return found;
}

static void free_doc(dyad_story *s)
{
    dyad_doc_free((dyad_doc *)s->doc);
    dyad_story_free(s);
}

/* The bundled example: every main statement with the right dyad, nothing from boilerplate. */
TEST(wire_story)
{
    dyad_story s = {0};
    CHECK(code_file("examples/wire-story.txt", DYAD_INPUT_TEXT, NULL, &s) == 0);
    CHECK_STR(events_in(&s, 1), "TUR SYR 1123");  /* headline: accuses; the lead repeats it */
    CHECK_INT(s.events[0].nevidence, 2);
    CHECK_INT(s.events[0].evidence[1], 1);
    CHECK_STR(events_in(&s, 2), "TUR SYRGOV 1056"); /* demanded halt */
    CHECK_STR(events_in(&s, 3), "SYRMIL TUR 194");                /* fired artillery at */
    CHECK_STR(events_in(&s, 6), "SYRGOV TUR 016; SYRGOV TUR 111"); /* rejected; criticized */
    CHECK_STR(events_in(&s, 8), "RUSGOV TURGOV 039; RUSGOV SYRGOV 039"); /* ready to mediate */
    CHECK_STR(events_in(&s, 11), "USA - 111; USA SYR 130");       /* condemned; warned */
    CHECK_STR(events_in(&s, 13), "TUR SYR 036; SYR TUR 036");     /* agreed to hold talks */
    for (size_t i = 0; i < s.nsentences; i++) {
        const char *t = s.sentences[i].text;
        CHECK(!strstr(t, "Click here") && !strstr(t, "Copyright") && !strstr(t, "Read more") &&
              !strstr(t, "Share this") && !strstr(t, "Reporting by"));
    }
    CHECK_STR(s.dateline, "ANKARA (Reuters)");
    free_doc(&s);
}

#define GIGAWORD SHARED_DIR "/corpus/GigaWord.sample.PETR.xml"

static void gigaword(const char *id, const char *want)
{
    dyad_story s = {0};
    CHECK(code_file(GIGAWORD, DYAD_INPUT_XML, id, &s) == 0);
    const char *got = events_in(&s, 0);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "%s:\n    got:  %s\n    want: %s\n", id, got, want);
    CHECK(strcmp(got, want) == 0);
    free_doc(&s);
}

TEST(gigaword_sentences)
{
    SKIP_UNLESS(GIGAWORD);
    gigaword("GOLD_4", "UKR IGOEEC 057");        /* ratified an agreement with the EU */
    gigaword("GOLD_2", "IRQGOV SYRGOV 040");     /* Iraq's security advisor met with Assad */
    gigaword("NEST_0", "USA IRQ 190");           /* The US claimed that they had attacked Iraq */
    gigaword("EXIST_1", "");                     /* soldiers killed: no agent named */
    gigaword("AFP0808020905_1", "USAMIL LBNGOV 040"); /* Petraeus held talks with Suleiman */
    gigaword("COOP_0", "USA RUS 040; USA CHE 040; RUS USA 040; RUS CHE 040; CHE USA 040; "
                       "CHE RUS 040");           /* The US, Russia, and Switzerland met */
    gigaword("PREP_0", "RUSGOV CVL 0841");       /* civilians ... were released by Putin */
}

int main(void)
{
    char err[512];
    coder = dyad_coder_new(NULL, err, sizeof err);
    if (!coder) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    RUN(wire_story);
    RUN(gigaword_sentences);
    dyad_coder_free(coder);
    return TEST_END();
}
