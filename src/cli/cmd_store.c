/* dyad ingest / query / export — datasets in one SQLite file (src/store.h, docs/store.md).
 *
 * ingest reads documents like `dyad code` and stores each one that the database does not
 * already hold with the same content, coding only those: a re-run after a crash, or over a
 * corpus that grew, does only the missing work.  query and export only read, so they run
 * while an ingest writes.  A database that cannot be opened or written is exit status 3. */
#include "cli.h"
#include "output.h"
#include "pool.h"
#include "read.h"
#include "store.h"
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char ingest_usage[] =
    "usage: dyad ingest [options] DB [FILE|DIR]...\n"
    "\n"
    "Codes each story and stores it, with its sentences and events, in the SQLite file DB\n"
    "(created when missing).  A story already stored with the same id and content is\n"
    "skipped without coding; one whose content changed has its events replaced.  Stories\n"
    "are committed in batches: after a crash, run the same command again to finish.\n"
    "With no FILE, or with -, reads standard input.\n"
    "\n"
    "  -i, --input FORMAT   auto (default: by extension), text, jsonl, xml (PETRARCH)\n"
    "      --date DATE      story date YYYY-MM-DD for stories that carry none\n"
    "      --dict FILE      use FILE instead of the built-in dictionary of its kind;\n"
    "                       FILE.dyc: a compiled image (dyad dict --compile)\n"
    "      --boilerplate FILE  boilerplate rules instead of the built-in ones\n"
    "      --batch N        stories per transaction (default 500)\n"
    "      --wait SECONDS   how long to wait for another process writing DB (default 60)\n"
    "  -j, --jobs N         code with N threads (default: one per online core; at most\n"
    "                       256) while another stores; the database is the same\n"
    "  -q, --quiet          no summary or warnings on stderr\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 success; 1 some records could not be read (reported, the rest stored);\n"
    "2 bad usage or dictionaries; 3 DB could not be opened or written.\n";

static const char query_usage[] =
    "usage: dyad query [options] DB\n"
    "\n"
    "Writes the events of DB that pass every filter given, or counts them.  LIST is one\n"
    "value or several separated by commas; an option may be repeated.\n"
    "\n"
    "filters:\n"
    "      --source LIST    source actor: a country (TUR) or a full code (TURGOV)\n"
    "      --target LIST    target actor, likewise\n"
    "      --code LIST      CAMEO event code (112, 1121)\n"
    "      --root LIST      CAMEO root code (11)\n"
    "      --quad LIST      QuadClass: 1 verbal cooperation, 2 material cooperation,\n"
    "                       3 verbal conflict, 4 material conflict\n"
    "      --from DATE      events on or after DATE (YYYY-MM-DD)\n"
    "      --to DATE        events on or before DATE\n"
    "      --text WORDS     the event's sentence contains WORDS (ASCII letters in any case)\n"
    "output (default: the events):\n"
    "      --series UNIT    day, week (ISO, from Monday) or month: one row per period from\n"
    "                       --from (else the first event) to --to (else the last), periods\n"
    "                       without events included: events, events per QuadClass, sum and\n"
    "                       mean of Goldstein scores\n"
    "      --top WHAT       actors, dyads or codes: the most frequent, with counts\n"
    "      --limit N        rows of --top (default 10)\n"
    "  -f, --format FORMAT  jsonl (default), tsv (Phoenix columns for events), csv\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 success (also when nothing matches); 1 output could not be written;\n"
    "2 bad usage; 3 DB could not be read.\n";

static const char export_usage[] =
    "usage: dyad export [options] DB\n"
    "\n"
    "Writes every event of DB in story, sentence, event order, streaming.  The JSON Lines\n"
    "are those `dyad code` wrote for the stored stories, TSV and CSV likewise.\n"
    "\n"
    "  -f, --format FORMAT  jsonl (default), tsv (Phoenix columns), csv\n"
    "  -o, --output FILE    write to FILE instead of standard output\n"
    "  -h, --help           this text\n"
    "\n"
    "exit status: 0 success; 1 output could not be written; 2 bad usage; 3 DB could not be\n"
    "read.\n";

/* ---- ingest ---------------------------------------------------------------------------- */

/* Stories skipped because the store has them, and stories and events handed to the store
 * (which counts what it did with them: dyad_store_counts). */
typedef struct tally {
    long queued, unchanged, failed, events;
    double start, shown;
    int progress;
} tally;

static void show_progress(tally *t, int final)
{
    double now = cli_now();
    if (!t->progress || (!final && now - t->shown < 0.5))
        return;
    t->shown = now;
    fprintf(stderr, "\rdyad: %ld coded, %ld unchanged, %ld events, %ld failed%s", t->queued,
            t->unchanged, t->events, t->failed, final ? "\n" : "");
}

/* ---- ingest on the pool (pool.h): the workers pack what they code, the writer stores it */

typedef struct ingest {
    dyad_store *st;
    tally *t;
    char err[512]; /* why a story could not be packed */
} ingest;

/* A batch's output: its stories, packed. */
typedef struct ingest_out {
    dyad_store_packs packs;
    int failed; /* the story after the packs could not be packed: err says why */
    char err[512];
} ingest_out;

/* The reading thread asks the store: a story stored with this content is not coded. */
static int ingest_skip(void *ctx, const dyad_doc *doc)
{
    return dyad_store_has(((ingest *)ctx)->st, doc);
}

static int ingest_story(void *ctx, void **out, const dyad_story *s)
{
    ingest_out *io = *out;
    if (!io && !(io = *out = calloc(1, sizeof *io)))
        return -1;
    if (dyad_store_pack(((ingest *)ctx)->st, s, &io->packs, io->err, sizeof io->err) == 0)
        return 0;
    io->failed = 1;
    return -1;
}

static int ingest_write(void *ctx, void *out)
{
    ingest *g = ctx;
    ingest_out *io = out;
    if (!io)
        return 0;
    int rc = io->packs.len ? dyad_store_put_packed(g->st, io->packs.p, io->packs.len) : 0;
    io->packs.len = 0;
    if (rc >= 0 && io->failed)
        snprintf(g->err, sizeof g->err, "%s", io->err);
    return rc < 0 || io->failed ? -1 : 0;
}

static void ingest_drop(void *out)
{
    free(((ingest_out *)out)->packs.p);
    free(out);
}

static void ingest_progress(void *ctx, const pool_counts *n)
{
    tally *t = ((ingest *)ctx)->t;
    t->queued = n->stories;
    t->unchanged = n->skipped;
    t->events = n->events;
    t->failed = n->failed;
    show_progress(t, 0);
}

/* Codes and stores every input with `jobs` workers; 0, or -1 after reporting why the store
 * failed. */
static int ingest_inputs(dyad_store *st, const dyad_coder *c, char **inputs, int ninputs,
                         const cli *o, long jobs, tally *t)
{
    ingest g = {.st = st, .t = t};
    pool_hooks h = {.ctx = &g, .skip = ingest_skip, .story = ingest_story,
                    .write = ingest_write, .drop = ingest_drop, .progress = ingest_progress};
    pool_counts n;
    int rc = pool_run(c, inputs, ninputs, o->input, o->quiet, jobs, &h, &n);
    ingest_progress(&g, &n);
    if (rc < 0) {
        fprintf(stderr, "dyad: cannot start threads\n");
        return -1;
    }
    if (rc == 0 && dyad_store_commit(st) == 0)
        return 0;
    /* a story that could not be packed, the store, or a batch without an output */
    fprintf(stderr, "dyad: %s\n", g.err[0] ? g.err
                                : dyad_store_error(st)[0] ? dyad_store_error(st)
                                                          : "out of memory");
    return -1;
}

/* Worker threads by default: see docs/store.md. */
static long ingest_jobs(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    return cores > 1 ? cores : 1;
}

static void summary(const char *db, const tally *t, const dyad_store_tally *s)
{
    double secs = cli_now() - t->start;
    long unchanged = t->unchanged + s->unchanged, stories = s->added + s->replaced + unchanged;
    fprintf(stderr, "dyad: %s: %ld stories (%ld added, %ld replaced, %ld unchanged), %ld events"
            " in %.2f s: %.0f stories/s, %.0f events/s\n", db, stories, s->added, s->replaced,
            unchanged, s->events, secs, secs > 0 ? stories / secs : 0,
            secs > 0 ? s->events / secs : 0);
}

int cmd_ingest(int argc, char **argv)
{
    cli o = {.batch = 500, .wait = 60};
    if (cli_parse_options(argc, argv, &o, ingest_usage) != 0)
        return EXIT_USAGE;
    if (optind >= argc) {
        fputs(ingest_usage, stderr);
        return EXIT_USAGE;
    }
    const char *db = argv[optind++];
    char err[1024], **files = NULL, *stdin_only[] = {"-"};
    int nfiles = 0;
    if (optind < argc &&
        (nfiles = dyad_list_inputs(argv + optind, argc - optind, &files, err, sizeof err)) < 0) {
        fprintf(stderr, "dyad: %s\n", err);
        return EXIT_USAGE;
    }
    tally t = {.start = cli_now(), .progress = isatty(2) && !o.quiet};
    dyad_coder *c = cli_make_coder(&o);
    dyad_store *st = NULL;
    int status = EXIT_USAGE;
    if (c && !(st = dyad_store_open(db, DYAD_STORE_WRITE, (int)o.batch, (int)o.wait * 1000,
                                    err, sizeof err)))
        fprintf(stderr, "dyad: %s\n", err);
    if (st) {
        long jobs = o.jobs ? o.jobs : ingest_jobs();
        int rc = dyad_store_codes(st, dyad_coder_codes(c));
        if (rc != 0)
            fprintf(stderr, "dyad: %s\n", dyad_store_error(st));
        else
            rc = ingest_inputs(st, c, files ? files : stdin_only, files ? nfiles : 1, &o,
                               jobs > POOL_MAX_JOBS ? POOL_MAX_JOBS : jobs, &t);
        dyad_store_tally stored;
        dyad_store_counts(st, &stored);
        dyad_store_close(st);
        show_progress(&t, 1);
        if (!o.quiet)
            summary(db, &t, &stored);
        status = rc != 0 ? EXIT_STORE : t.failed ? EXIT_RECORDS : EXIT_OK;
    } else if (c) {
        status = EXIT_STORE;
    }
    dyad_coder_free(c);
    dyad_free_inputs(files, nfiles);
    return status;
}

/* ---- query and export ------------------------------------------------------------------ */

/* Appends the comma-separated values of arg (which it splits in place) to a list. */
static int add_list(const char ***list, size_t *n, char *arg)
{
    char *save = NULL;
    for (char *v = strtok_r(arg, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        const char **l = realloc(*list, (*n + 1) * sizeof *l);
        if (!l)
            return -1;
        *list = l;
        l[(*n)++] = v;
    }
    return 0;
}

static int add_quads(unsigned *quads, char *arg)
{
    char *save = NULL, *end;
    for (char *v = strtok_r(arg, ",", &save); v; v = strtok_r(NULL, ",", &save)) {
        long q = strtol(v, &end, 10);
        if (*end || q < 1 || q > 4) {
            fprintf(stderr, "dyad: bad QuadClass '%s' (1 to 4)\n", v);
            return -1;
        }
        *quads |= 1u << q;
    }
    return 0;
}

static int pick(const char *opt, const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(arg, names[i]) == 0)
            return i;
    fprintf(stderr, "dyad: bad %s '%s' (", opt, arg);
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i ? ", " : "", names[i]);
    fputs(")\n", stderr);
    return -1;
}

typedef struct request {
    dyad_store_filter f;
    int format, series, top; /* series, top: -1 when not asked for */
    long limit;
    const char *output;
} request;

/* Parses query (filters) or export options into rq; -1 after printing why. */
static int parse_request(int argc, char **argv, int filters, const char *usage, request *rq)
{
    static const char *const units[] = {"day", "week", "month"};
    static const char *const tops[] = {"actors", "dyads", "codes"};
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {"source", required_argument, NULL, 'S'},
        {"target", required_argument, NULL, 'T'}, {"code", required_argument, NULL, 'C'},
        {"root", required_argument, NULL, 'R'},   {"quad", required_argument, NULL, 'Q'},
        {"from", required_argument, NULL, 'F'},   {"to", required_argument, NULL, 'U'},
        {"text", required_argument, NULL, 'X'},   {"series", required_argument, NULL, 'P'},
        {"top", required_argument, NULL, 'N'},    {"limit", required_argument, NULL, 'L'},
        {NULL, 0, NULL, 0}};
    dyad_store_filter *f = &rq->f;
    char *end;
    int ch, rc = 0;
    optind = 1;
    while (rc == 0 && (ch = getopt_long(argc, argv, "f:o:h", longopts, NULL)) != -1) {
        if (!filters && !strchr("foh", ch))
            ch = '?'; /* export takes no filters */
        switch (ch) {
        case 'f':
            if ((rq->format = dyad_output_format_parse(optarg)) < 0) {
                fprintf(stderr, "dyad: unknown output format '%s' (jsonl, tsv, csv)\n", optarg);
                rc = -1;
            }
            break;
        case 'o': rq->output = optarg; break;
        case 'h': fputs(usage, stdout); exit(EXIT_OK);
        case 'S': rc = add_list(&f->source, &f->nsource, optarg); break;
        case 'T': rc = add_list(&f->target, &f->ntarget, optarg); break;
        case 'C': rc = add_list(&f->code, &f->ncode, optarg); break;
        case 'R': rc = add_list(&f->root, &f->nroot, optarg); break;
        case 'Q': rc = add_quads(&f->quads, optarg); break;
        case 'F': f->from = optarg; break;
        case 'U': f->to = optarg; break;
        case 'X': f->text = optarg; break;
        case 'P': rc = (rq->series = pick("--series", optarg, units, 3)) < 0 ? -1 : 0; break;
        case 'N': rc = (rq->top = pick("--top", optarg, tops, 3)) < 0 ? -1 : 0; break;
        case 'L':
            rq->limit = strtol(optarg, &end, 10);
            if (*end || end == optarg || rq->limit < 1) {
                fprintf(stderr, "dyad: --limit wants a whole number >= 1, not '%s'\n", optarg);
                rc = -1;
            }
            break;
        default: fputs(usage, stderr); rc = -1;
        }
    }
    char err[256];
    if (rc == 0 && optind != argc - 1) {
        fputs(usage, stderr);
        rc = -1;
    } else if (rc == 0 && rq->series >= 0 && rq->top >= 0) {
        fprintf(stderr, "dyad: --series and --top do not go together\n");
        rc = -1;
    } else if (rc == 0 && dyad_store_filter_check(f, err, sizeof err) != 0) {
        fprintf(stderr, "dyad: %s\n", err);
        rc = -1;
    }
    return rc;
}

static int run_request(int argc, char **argv, int filters, const char *usage)
{
    request rq = {.series = -1, .top = -1, .limit = 10};
    int status = EXIT_USAGE;
    FILE *out = NULL;
    dyad_store *st = NULL;
    char err[1024];
    if (parse_request(argc, argv, filters, usage, &rq) != 0)
        goto done;
    if (!(out = rq.output ? fopen(rq.output, "w") : stdout)) {
        fprintf(stderr, "dyad: %s: cannot write\n", rq.output);
        goto done;
    }
    status = EXIT_STORE;
    if (!(st = dyad_store_open(argv[optind], DYAD_STORE_READ, 0, 60000, err, sizeof err))) {
        fprintf(stderr, "dyad: %s\n", err);
        goto done;
    }
    dyad_out_format fmt = (dyad_out_format)rq.format;
    long n = rq.series >= 0 ? dyad_store_series(st, &rq.f, (dyad_series_unit)rq.series, fmt, out)
             : rq.top >= 0  ? dyad_store_top(st, &rq.f, (dyad_top_kind)rq.top, rq.limit, fmt, out)
                            : dyad_store_events(st, &rq.f, fmt, out);
    if (n < 0)
        fprintf(stderr, "dyad: %s\n", dyad_store_error(st));
    else
        status = EXIT_OK;
done:
    if (st)
        dyad_store_close(st);
    if (out && (out == stdout ? fflush(out) : fclose(out)) != 0 && status == EXIT_OK) {
        fprintf(stderr, "dyad: write error\n");
        status = EXIT_RECORDS;
    }
    free(rq.f.source);
    free(rq.f.target);
    free(rq.f.code);
    free(rq.f.root);
    return status;
}

int cmd_query(int argc, char **argv) { return run_request(argc, argv, 1, query_usage); }

int cmd_export(int argc, char **argv) { return run_request(argc, argv, 0, export_usage); }
