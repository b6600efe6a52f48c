/* output: a writer (which keeps the CAMEO fields it has written) writes the same bytes as
 * dyad_write_story, in every format, the first time a code comes and every time after. */
#include "dyad.h"
#include "output.h"
#include "test.h"
#include <stdlib.h>

static dyad_coder *coder;

static const char story_text[] =
    "France threatens sanctions against Iran\n\n"
    "PARIS (AP) - France threatened sanctions against Iran on Tuesday. Germany praised "
    "the \"talks\" with Iran. Iran accused France of interference, officials said.";

static void code(dyad_story *s, char *text, const char *url)
{
    static dyad_doc doc;
    doc = (dyad_doc){.id = "out-1", .date = "2024-03-06", .source = "AP", .url = (char *)url,
                     .text = text, .len = strlen(text), .origin = "-", .record = 1};
    doc.headline_len = (size_t)(strchr(text, '\n') - text);
    char err[256];
    CHECK_INT(dyad_code_story(coder, &doc, s, err, sizeof err), 0);
}

/* The bytes f got, NUL-terminated (the caller frees them). */
static char *written(FILE *f)
{
    long n = ftell(f);
    char *b = calloc(1, (size_t)n + 1);
    rewind(f);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n)
        b[0] = '\0';
    fclose(f);
    return b;
}

static void same_bytes(dyad_out_format fmt, int explain, const char *url)
{
    char text[sizeof story_text];
    memcpy(text, story_text, sizeof text);
    dyad_story s = {0};
    code(&s, text, url);
    CHECK(s.nevents >= 2);
    FILE *plain = tmpfile(), *cached = tmpfile();
    dyad_writer *w = dyad_writer_new(fmt, explain);
    CHECK(plain && cached && w);
    if (!plain || !cached || !w)
        return;
    for (int round = 0; round < 3; round++) { /* the codes are new, then known */
        dyad_write_story(plain, &s, fmt, explain);
        dyad_writer_story(w, cached, &s);
    }
    char *a = written(plain), *b = written(cached);
    CHECK(a && b && a[0]);
    if (a && b)
        CHECK_STR(b, a);
    free(a);
    free(b);
    dyad_writer_free(w);
    dyad_story_free(&s);
}

TEST(writer_jsonl) { same_bytes(DYAD_OUT_JSONL, 0, NULL); }
TEST(writer_jsonl_explain) { same_bytes(DYAD_OUT_JSONL, 1, "https://example.org/a?\"q\"=1"); }
TEST(writer_tsv) { same_bytes(DYAD_OUT_TSV, 0, "https://example.org/a"); }
TEST(writer_csv) { same_bytes(DYAD_OUT_CSV, 0, NULL); }

/* The CAMEO fields of a record as written field by field. */
TEST(cameo_fields)
{
    char text[sizeof story_text];
    memcpy(text, story_text, sizeof text);
    dyad_story s = {0};
    code(&s, text, NULL);
    dyad_writer *w = dyad_writer_new(DYAD_OUT_JSONL, 0);
    FILE *f = tmpfile();
    CHECK(w && f && s.nevents);
    if (!w || !f || !s.nevents)
        return;
    dyad_writer_story(w, f, &s);
    dyad_writer_story(w, f, &s);
    char *b = written(f);
    const dyad_cameo_code *c = s.events[0].cameo;
    char want[512];
    snprintf(want, sizeof want,
             ",\"code\":\"%s\",\"root\":\"%s\",\"name\":\"%s\",\"quad_class\":%d,"
             "\"goldstein\":%.1f,\"plover\":{\"type\":\"%s\",\"mode\":\"%s\",\"context\":\"%s\"}",
             c->code, c->root, c->name, c->quad_class, c->goldstein, c->plover_type,
             c->plover_mode, c->plover_context);
    const char *first = b ? strstr(b, want) : NULL;
    CHECK(first != NULL);
    CHECK(first && strstr(first + 1, want) != NULL); /* and again from the kept piece */
    free(b);
    dyad_writer_free(w);
    dyad_story_free(&s);
}

/* An event made by hand: a code with a byte to escape, and one split into its parts. */
TEST(odd_actor_codes)
{
    const dyad_cameo_code *c = dyad_codes_find(dyad_coder_codes(coder), "043");
    CHECK(c != NULL);
    if (!c)
        return;
    static char text[] = "Rohan met \"Gondor\".";
    dyad_doc doc = {.id = "odd", .date = "2024-03-06", .text = text, .len = strlen(text)};
    dyad_story_sentence sent = {.text = text, .span = {0, 19}};
    dyad_story_event ev = {.sentence = 0, .cameo = c, .verb_text = "met", .verb_span = {6, 9}};
    ev.source = (dyad_actor_ref){.code = "RO\"H", .country = "RO", .sector = "\"H",
                                 .text = "Rohan", .span = {0, 5}};
    static const char gondor[] = "GONGOV";
    ev.target = (dyad_actor_ref){.code = gondor, .country = "GON", .sector = gondor + 3,
                                 .text = "\"Gondor\"", .span = {10, 18}};
    uint32_t evidence = 0;
    ev.evidence = &evidence;
    ev.nevidence = 1;
    dyad_story s = {.doc = &doc, .date = "2024-03-06", .sentences = &sent, .nsentences = 1,
                    .events = &ev, .nevents = 1};
    dyad_writer *w = dyad_writer_new(DYAD_OUT_JSONL, 0);
    FILE *f = tmpfile(), *g = tmpfile();
    CHECK(w && f && g);
    if (!w || !f || !g)
        return;
    dyad_writer_story(w, f, &s);
    dyad_write_story(g, &s, DYAD_OUT_JSONL, 0);
    char *b = written(f), *want = written(g);
    CHECK(b && strstr(b, "\"source\":{\"code\":\"RO\\\"H\",\"country\":\"RO\","
                         "\"sector\":\"\\\"H\",\"text\":\"Rohan\",\"span\":[0,5]}"));
    CHECK(b && strstr(b, "\"target\":{\"code\":\"GONGOV\",\"country\":\"GON\","
                         "\"sector\":\"GOV\",\"text\":\"\\\"Gondor\\\"\",\"span\":[10,18]}"));
    CHECK(b && strstr(b, "\"source_code\":\"RO\\\"H\",\"target_code\":\"GONGOV\""));
    CHECK(b && want && strcmp(b, want) == 0);
    free(b);
    free(want);
    dyad_writer_free(w);
}

/* dyad_json_string of a string of n bytes with `special` at position at, as expected. */
static void json_of(size_t n, size_t at, const char *special, const char *escaped)
{
    char in[128], want[256];
    size_t k = strlen(special);
    memset(in, 'x', n);
    memcpy(in + at, special, k);
    in[n] = '\0';
    snprintf(want, sizeof want, "\"%.*s%s%.*s\"", (int)at, in, escaped, (int)(n - at - k),
             in + at + k);
    FILE *f = tmpfile();
    if (!f)
        return;
    dyad_json_string(f, in);
    char *got = written(f);
    if (got && strcmp(got, want) != 0) {
        fprintf(stderr, "n %zu at %zu: got %s want %s\n", n, at, got, want);
        test_current_failed = 1;
    }
    free(got);
}

/* Every length and place of a byte to escape: the block copies (8 and 16 bytes, the last
 * block overlapping) must see it wherever it is. */
TEST(escapes_anywhere)
{
    static const char *const specials[][2] = {
        {"\"", "\\\""}, {"\\", "\\\\"}, {"\n", "\\n"}, {"\x01", "\\u0001"},
        {"\xC3\xA9", "\xC3\xA9"}, {"\xFF", "\\ufffd"}, {"\x7F", "\x7F"}};
    for (size_t sp = 0; sp < sizeof specials / sizeof *specials; sp++)
        for (size_t n = 2; n <= 70; n++)
            for (size_t at = 0; at + strlen(specials[sp][0]) <= n; at++)
                json_of(n, at, specials[sp][0], specials[sp][1]);
}

int main(void)
{
    char err[512];
    coder = dyad_coder_new(NULL, err, sizeof err);
    if (!coder) {
        fprintf(stderr, "coder: %s\n", err);
        return 1;
    }
    RUN(writer_jsonl);
    RUN(writer_jsonl_explain);
    RUN(writer_tsv);
    RUN(writer_csv);
    RUN(cameo_fields);
    RUN(odd_actor_codes);
    RUN(escapes_anywhere);
    dyad_coder_free(coder);
    return TEST_END();
}
