/* The verb-dictionary regression sets: tests/data/cooperation.tsv and conflict.tsv hold one sentence per CAMEO code
 * (written for this project) with the expected code, source and target.  With the built-in
 * dictionaries, dyad must get at least the rates below at root and full-code level, and
 * code nothing for the negative lines (code "---").  The rates are printed for the README. */
#include "dyad.h"
#include "test.h"
#include <dirent.h>
#include <stdlib.h>

#define MIN_ROOT_RATE 0.92
#define MIN_FULL_RATE 0.90
#define MIN_NEGATIVE_RATE 0.95

typedef struct tally {
    int total, root_ok, full_ok, negatives, negatives_ok;
} tally;

/* Does an actor code belong to the expected actor ("TUR" matches "TURGOV"; "-" matches
 * anything)? */
static int actor_is(const char *code, const char *want)
{
    return strcmp(want, "-") == 0 || (code && strncmp(code, want, strlen(want)) == 0);
}

static void score_line(dyad_coder *c, char *line, tally *t, int verbose)
{
    char *code = strtok(line, "\t"), *src = strtok(NULL, "\t"), *tgt = strtok(NULL, "\t");
    char *text = strtok(NULL, "\n");
    if (!code || !src || !tgt || !text || code[0] == '#')
        return;
    dyad_doc doc = {0};
    doc.id = "r";
    doc.text = text;
    doc.len = strlen(text);
    doc.date = "2024-01-15";
    dyad_story s = {0};
    char err[256];
    if (dyad_code_story(c, &doc, &s, err, sizeof err) != 0)
        return;
    if (strcmp(code, "---") == 0) {
        t->negatives++;
        t->negatives_ok += s.nevents == 0;
        if (verbose && s.nevents)
            fprintf(stderr, "  negative coded %s: %s\n", s.events[0].cameo->code, text);
    } else {
        int root = 0, full = 0;
        for (size_t i = 0; i < s.nevents; i++) {
            const dyad_story_event *e = &s.events[i];
            if (!actor_is(e->source.code, src) || !actor_is(e->target.code, tgt))
                continue;
            root |= strncmp(e->cameo->code, code, 2) == 0;
            full |= strcmp(e->cameo->code, code) == 0;
        }
        t->total++;
        t->root_ok += root;
        t->full_ok += full;
        if (verbose && !full) {
            fprintf(stderr, "  want %s %s %s got", code, src, tgt);
            for (size_t i = 0; i < s.nevents; i++)
                fprintf(stderr, " [%s %s %s]", s.events[i].source.code,
                        s.events[i].target.code ? s.events[i].target.code : "-",
                        s.events[i].cameo->code);
            fprintf(stderr, ": %s\n", text);
        }
    }
    dyad_story_free(&s);
}

TEST(regression_sets)
{
    char err[512];
    dyad_coder *c = dyad_coder_new(NULL, err, sizeof err);
    CHECK(c != NULL);
    if (!c)
        return;
    int verbose = getenv("DYAD_VERBOSE") != NULL;
    tally t = {0};
    const char *files[] = {"tests/data/cooperation.tsv", "tests/data/conflict.tsv"};
    for (size_t f = 0; f < 2; f++) {
        FILE *in = fopen(files[f], "r");
        CHECK(in != NULL);
        if (!in)
            continue;
        char line[4096];
        while (fgets(line, sizeof line, in))
            score_line(c, line, &t, verbose);
        fclose(in);
    }
    dyad_coder_free(c);
    double root = t.total ? (double)t.root_ok / t.total : 0;
    double full = t.total ? (double)t.full_ok / t.total : 0;
    double neg = t.negatives ? (double)t.negatives_ok / t.negatives : 1;
    printf("regression: %d sentences, root %.1f%%, full code %.1f%%; negatives %d/%d\n",
           t.total, 100 * root, 100 * full, t.negatives_ok, t.negatives);
    CHECK(t.total >= 300);
    CHECK(root >= MIN_ROOT_RATE);
    CHECK(full >= MIN_FULL_RATE);
    CHECK(neg >= MIN_NEGATIVE_RATE);
}

int main(void)
{
    RUN(regression_sets);
    return TEST_END();
}
