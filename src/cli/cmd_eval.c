/* dyad eval — score the coder against a gold file.
 *
 * Validation suites are how people check a coder: this runs every record of one through
 * the same pipeline as dyad code and says, record by record, what was missing or extra.
 * A suite that names its own dictionaries (PETRARCH's <Environment>, a TABARI .project)
 * runs with those and nothing else of their kinds, so the figures measure dyad on the
 * suite's terms. */
#include "cli.h"
#include "dict.h"
#include "eval.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char eval_usage[] =
    "usage: dyad eval [options] GOLD\n"
    "\n"
    "Codes every record of a gold file and compares the events with the expected ones.\n"
    "GOLD is PETRARCH validation XML (.xml), a TABARI project (.project) or validation\n"
    "text, or JSON Lines (.jsonl): {\"sentence_id\", \"text\", \"date\", \"events\":\n"
    "[{\"source\", \"target\", \"code\", \"optional\"}]}.  Dictionaries the file names are\n"
    "used instead of the built-in ones, resolved relative to the file.\n"
    "\n"
    "Prints one line per record (\"pass ID\" or \"FAIL ID file:line: missing/extra\n"
    "SOURCE TARGET CODE\"), precision, recall and F1 at full-code and root level, overall\n"
    "and per root code, and last \"records: P passed of N (X.X%)\".\n"
    "\n"
    "options:\n"
    "      --dict FILE      also load FILE (KIND=FILE names its kind: verbs=CAMEO.2.0.txt);\n"
    "                       FILE.dyc: a compiled image (dyad dict --compile) in place of\n"
    "                       all kinds it holds\n"
    "      --date DATE      date for records that carry none (YYYY-MM-DD)\n"
    "  -w, --warnings       list the dictionary warnings (unsupported constructs)\n"
    "  -q, --quiet          only the summary, no per-record lines\n"
    "      --trace          write each sentence's parse to stderr: tokens with their\n"
    "                       dictionary matches, mentions and codes, verbs and roles\n"
    "  -h, --help           this text\n";

/* The coder for a suite: its own dictionaries, then any --dict. */
static dyad_coder *suite_coder(const dyad_gold *g, const cli *o)
{
    const char *files[DYAD_GOLD_MAX_DICTS + 64];
    size_t n = 0;
    for (size_t i = 0; i < g->ndicts; i++)
        files[n++] = g->dicts[i];
    for (size_t i = 0; i < o->ndicts; i++)
        files[n++] = o->dicts[i];
    dyad_options opts = {.dict_files = files, .ndict_files = n, .default_date = o->date,
                         .only_dict_files = g->ndicts > 0, .trace = o->trace ? stderr : NULL};
    char err[1024];
    dyad_coder *c = dyad_coder_new(&opts, err, sizeof err);
    if (!c)
        fprintf(stderr, "dyad: %s\n", err);
    return c;
}

/* Codes records r[0..n) as one story (one record: one sentence) and scores each against
 * the events of its own text; -1 when coding failed. */
static int eval_group(const dyad_coder *c, const dyad_gold_record *r, size_t n,
                      const char *origin, dyad_story *story, dyad_eval *ev, const cli *o)
{
    size_t len = 0;
    for (size_t k = 0; k < n; k++)
        len += strlen(r[k].text) + 2;
    char *text = malloc(len + 1);
    size_t *start = malloc((n + 1) * sizeof *start);
    dyad_eval_event *got = NULL;
    int rc = -1;
    if (!text || !start) {
        fprintf(stderr, "dyad: out of memory\n");
        goto done;
    }
    len = 0;
    for (size_t k = 0; k < n; k++) { /* a story's records as its paragraphs */
        start[k] = len;
        size_t m = strlen(r[k].text);
        memcpy(text + len, r[k].text, m);
        len += m;
        if (k + 1 < n) {
            memcpy(text + len, "\n\n", 2);
            len += 2;
        }
    }
    start[n] = len + 1;
    text[len] = '\0';
    dyad_doc doc = {.id = (char *)r->id, .date = (char *)r->date, .text = text, .len = len,
                    .is_sentence = n == 1, .origin = origin, .record = r->line};
    char err[1024];
    if (dyad_code_story(c, &doc, story, err, sizeof err) != 0) {
        fprintf(stderr, "dyad: %s:%ld: id %s: %s\n", origin, r->line, r->id, err);
        goto done;
    }
    if (!(got = calloc(story->nevents + 1, sizeof *got))) {
        fprintf(stderr, "dyad: out of memory\n");
        goto done;
    }
    for (size_t k = 0; k < n; k++) {
        size_t ngot = 0;
        for (size_t i = 0; i < story->nevents; i++) {
            const dyad_story_event *e = &story->events[i];
            uint32_t at = story->sentences[e->sentence].span.start;
            if (at >= start[k] && at < start[k + 1])
                got[ngot++] = (dyad_eval_event){e->source.code ? e->source.code : "---",
                                                e->target.code, e->cameo->code};
        }
        char diff[2048];
        int pass = dyad_eval_record(ev, &r[k], got, ngot, diff, sizeof diff);
        if (!o->quiet) {
            if (pass)
                printf("pass %s\n", r[k].id);
            else
                printf("FAIL %s %s:%ld: %s\n", r[k].id, origin, r[k].line, diff);
        }
    }
    rc = 0;
done:
    free(text);
    free(start);
    free(got);
    return rc;
}

/* Under TABARI's FORWARD, records "FRWD-001-001", "FRWD-001-002" ... (same id up to the last
 * '-') are the sentences of one story. */
static int same_story(const char *a, const char *b)
{
    const char *da = strrchr(a, '-'), *db = strrchr(b, '-');
    return da && db && da - a == db - b && strncmp(a, b, (size_t)(da - a)) == 0;
}

/* A PETRARCH <Config> "name=value" before record r: applied, or a warning that it is not
 * (once per name: the suite sets comma limits again and again). */
static int apply_config(dyad_coder *c, const dyad_gold_record *r, size_t k, const char *origin)
{
    static char warned[512];
    char name[64];
    const char *opt = r->options[k], *eq = strchr(opt, '=');
    snprintf(name, sizeof name, "%.*s", (int)(eq - opt), opt);
    int rc = dyad_coder_petrarch_config(c, name, eq + 1);
    if (rc < 0) {
        fprintf(stderr, "dyad: %s: before record %s: bad <Config> value: %s\n", origin, r->id,
                opt);
        return EXIT_USAGE;
    }
    char key[80];
    snprintf(key, sizeof key, " %s ", name);
    if (rc == 2 && !strstr(warned, key) && strlen(warned) + strlen(key) < sizeof warned) {
        fprintf(stderr, "dyad: %s: <Config option=\"%s\"> changes no coding in dyad; "
                        "not applied\n", origin, name);
        strcat(warned, key);
    }
    return EXIT_OK;
}

int cmd_eval(int argc, char **argv)
{
    cli o = {0};
    if (cli_parse_options(argc, argv, &o, eval_usage) != 0)
        return EXIT_USAGE;
    if (optind + 1 != argc) {
        fputs(eval_usage, stderr);
        return EXIT_USAGE;
    }
    const char *path = argv[optind];
    dyad_gold g = {0};
    char err[1024];
    if (dyad_gold_read(path, &g, err, sizeof err) != 0) {
        fprintf(stderr, "dyad: %s\n", err);
        dyad_gold_free(&g);
        return EXIT_USAGE;
    }
    double t0 = cli_now();
    dyad_coder *c = suite_coder(&g, &o);
    if (!c) {
        dyad_gold_free(&g);
        return EXIT_USAGE;
    }
    size_t nw = dyad_coder_nwarnings(c);
    fprintf(stderr, "dyad: dictionaries loaded in %.1f ms, %zu warnings%s\n",
            (cli_now() - t0) * 1000, nw, nw && !o.warnings ? " (--warnings lists them)" : "");
    for (size_t i = 0; o.warnings && i < nw; i++)
        fprintf(stderr, "dyad: warning: %s\n", dyad_coder_warning(c, i));
    if (g.excluded)
        fprintf(stderr, "dyad: %s: %zu records left out: their category is not in the suite's "
                        "<Include> list\n", g.records_file, g.excluded);
    dyad_story story = {0};
    dyad_eval ev = {0};
    int status = EXIT_OK;
    /* PETRARCH's <Config> tags come before the record they change; TABARI applies the
     * OPTION commands of a record's comment once the record is coded */
    for (size_t i = 0, j; i < g.nrecords && status != EXIT_USAGE; i = j) {
        for (size_t k = 0; g.petrarch_options && k < g.records[i].noptions; k++)
            if (apply_config(c, &g.records[i], k, g.records_file) != EXIT_OK) {
                status = EXIT_USAGE;
                break;
            }
        if (status == EXIT_USAGE)
            break;
        for (j = i + 1; j < g.nrecords && dyad_coder_tabari_forward(c) &&
                        !g.records[j - 1].noptions && same_story(g.records[i].id, g.records[j].id);
             j++)
            ;
        if (eval_group(c, &g.records[i], j - i, g.records_file, &story, &ev, &o) != 0)
            status = EXIT_RECORDS;
        for (size_t k = 0; !g.petrarch_options && k < g.records[j - 1].noptions; k++)
            dyad_coder_tabari_option(c, g.records[j - 1].options[k]);
    }
    dyad_eval_report(stdout, &ev);
    dyad_story_free(&story);
    dyad_coder_free(c);
    dyad_gold_free(&g);
    return status;
}
