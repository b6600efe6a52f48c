/* The event store: ingest is idempotent and replaces changed stories, exports equal what
 * output.c writes for the same stories, filters select the right events and never run a
 * value as SQL, and series and top lists match counts worked out by hand.  The small test
 * dictionaries keep the events of each sentence known. */
#include "output.h"
#include "store.h"
#include "test.h"
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/wait.h>

static dyad_coder *coder;
static char dir[64];

static dyad_coder *make(void)
{
    static const char *const files[] = {"tests/data/mini.actors", "tests/data/mini.agents",
                                        "tests/data/mini.verbs"};
    dyad_options o = {.dict_files = files, .ndict_files = 3, .default_date = "2020-06-01"};
    char err[512];
    dyad_coder *c = dyad_coder_new(&o, err, sizeof err);
    if (!c)
        fprintf(stderr, "coder: %s\n", err);
    return c;
}

/* A fresh database path in the test directory. */
static const char *db_path(const char *name)
{
    static char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return path;
}

static dyad_store *open_new(const char *name, int batch)
{
    char err[512];
    dyad_store *st = dyad_store_open(db_path(name), 1, batch, 1000, err, sizeof err);
    if (!st)
        fprintf(stderr, "open: %s\n", err);
    else if (dyad_store_codes(st, dyad_coder_codes(coder)) != 0)
        fprintf(stderr, "codes: %s\n", dyad_store_error(st));
    return st;
}

typedef struct fixture {
    const char *id, *date, *text;
} fixture;

/* Codes and stores one story; returns what put said, or -2 when coding failed. */
static int put(dyad_store *st, const fixture *fx)
{
    dyad_doc doc = {.id = (char *)fx->id, .date = (char *)fx->date, .text = (char *)fx->text,
                    .len = strlen(fx->text), .origin = "test", .record = 1};
    dyad_story s = {0};
    char err[256];
    int rc = -2;
    if (coder && dyad_code_story(coder, &doc, &s, err, sizeof err) == 0)
        rc = dyad_store_put(st, &s);
    if (rc == -1)
        fprintf(stderr, "put: %s\n", dyad_store_error(st));
    dyad_story_free(&s);
    return rc;
}

/* What output.c writes for the fixtures, as `dyad code` would. */
static char *direct(const fixture *fx, size_t n, dyad_out_format fmt)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    dyad_write_header(f, fmt);
    for (size_t i = 0; i < n; i++) {
        dyad_doc doc = {.id = (char *)fx[i].id, .date = (char *)fx[i].date,
                        .text = (char *)fx[i].text, .len = strlen(fx[i].text)};
        dyad_story s = {0};
        char err[256];
        if (coder && dyad_code_story(coder, &doc, &s, err, sizeof err) == 0)
            dyad_write_story(f, &s, fmt, 0);
        dyad_story_free(&s);
    }
    fclose(f);
    return buf;
}

enum { EVENTS, SERIES_DAY, SERIES_WEEK, SERIES_MONTH, TOP_ACTORS, TOP_DYADS, TOP_CODES };

/* Runs a query into a string ("(error)" when it fails); *rows gets its count. */
static char *run(dyad_store *st, const dyad_store_filter *f, int what, dyad_out_format fmt,
                 long *rows)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    long n = what == EVENTS        ? dyad_store_events(st, f, fmt, out)
             : what <= SERIES_MONTH ? dyad_store_series(st, f, (dyad_series_unit)(what - 1), fmt, out)
                                    : dyad_store_top(st, f, (dyad_top_kind)(what - TOP_ACTORS), 3,
                                                     fmt, out);
    fclose(out);
    if (rows)
        *rows = n;
    if (n < 0) {
        fprintf(stderr, "query: %s\n", dyad_store_error(st));
        free(buf);
        return strdup("(error)");
    }
    return buf;
}

static long count(dyad_store *st, const dyad_store_filter *f)
{
    long n;
    free(run(st, f, EVENTS, DYAD_OUT_JSONL, &n));
    return n;
}

/* The hand-computed fixture: dates, codes, QuadClasses and Goldstein scores are known.
 *   A 2024-03-04 Mon  GBR>RUS 112 q3 -2.0      D 2024-03-10 Sun  TUR>SYR 036 q1 +4.0
 *   B 2024-03-04 Mon  TUR>SYR 040 q1 +1.0      E 2024-03-12 Tue  RUS>GBR 111 q3 -2.0
 *   C 2024-03-06 Wed  SYR>TUR 190 q4 -10.0     F 2024-04-02 Tue  GBR>RUS, FRA>RUS 111 q3 -2.0 */
static const fixture stories[] = {
    {"A", "2024-03-04", "Britain accused Russia."},
    {"B", "2024-03-04", "Turkey met Syria."},
    {"C", "2024-03-06", "Syria attacked Turkey."},
    {"D", "2024-03-10", "Turkey agreed to meet Syria."},
    {"E", "2024-03-12", "Russia condemned Britain."},
    {"F", "2024-04-02", "Britain and France condemned Russia."},
};
#define NSTORIES (sizeof stories / sizeof stories[0])

static dyad_store *fixture_store(const char *name)
{
    dyad_store *st = open_new(name, 2);
    for (size_t i = 0; st && i < NSTORIES; i++)
        if (put(st, &stories[i]) != DYAD_STORE_ADDED)
            fprintf(stderr, "fixture story %s not added\n", stories[i].id);
    if (st && dyad_store_commit(st) != 0)
        fprintf(stderr, "commit: %s\n", dyad_store_error(st));
    return st;
}

TEST(fixture_codes_as_expected)
{
    dyad_store *st = fixture_store("codes.db");
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter all = {0};
    char *csv = run(st, &all, EVENTS, DYAD_OUT_CSV, NULL);
    const char *want[] = {"\"GBR\",\"RUS\",112,", "\"TUR\",\"SYR\",040,", "\"SYR\",\"TUR\",190,",
                          "\"TUR\",\"SYR\",036,", "\"RUS\",\"GBR\",111,", "\"GBR\",\"RUS\",111,",
                          "\"FRA\",\"RUS\",111,"};
    const char *p = csv;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *q = strstr(p, want[i]);
        if (!q)
            fprintf(stderr, "missing in order: %s\n%s", want[i], csv);
        CHECK(q != NULL);
        p = q ? q : p;
    }
    CHECK_INT(count(st, &all), 7);
    free(csv);
    dyad_store_close(st);
}

TEST(exports_equal_direct_output)
{
    dyad_store *st = fixture_store("export.db");
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter all = {0};
    dyad_out_format fmts[] = {DYAD_OUT_JSONL, DYAD_OUT_TSV, DYAD_OUT_CSV};
    for (int i = 0; i < 3; i++) {
        char *want = direct(stories, NSTORIES, fmts[i]);
        char *got = run(st, &all, EVENTS, fmts[i], NULL);
        CHECK_STR(got, want);
        free(want);
        free(got);
    }
    dyad_store_close(st);
}

TEST(reingest_is_idempotent_and_replaces_changed_stories)
{
    dyad_store *st = fixture_store("again.db");
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter all = {0};
    char *before = run(st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
    for (size_t i = 0; i < NSTORIES; i++)
        CHECK_INT(put(st, &stories[i]), DYAD_STORE_UNCHANGED);
    dyad_doc doc = {.id = "A", .date = "2024-03-04", .text = "Britain accused Russia.", .len = 23};
    CHECK_INT(dyad_store_has(st, &doc), 1);
    doc.date = "2024-03-05";
    CHECK_INT(dyad_store_has(st, &doc), 0);
    char *again = run(st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
    CHECK_STR(again, before);

    /* B changes: its event is replaced in place, story order kept, nothing else moves */
    fixture changed = {"B", "2024-03-04", "Turkey attacked Syria. Syria condemned Turkey."};
    CHECK_INT(put(st, &changed), DYAD_STORE_REPLACED);
    CHECK_INT(count(st, &all), 8);
    char *after = run(st, &all, EVENTS, DYAD_OUT_CSV, NULL);
    const char *a = strstr(after, "\"GBR\",\"RUS\",112"), *b1 = strstr(after, "\"TUR\",\"SYR\",190"),
               *b2 = strstr(after, "\"SYR\",\"TUR\",111"), *c = strstr(after, "\"SYR\",\"TUR\",190");
    CHECK(a && b1 && b2 && c && a < b1 && b1 < b2 && b2 < c);
    CHECK(strstr(after, ",040,") == NULL);
    fixture back = {"B", "2024-03-04", "Turkey met Syria."};
    CHECK_INT(put(st, &back), DYAD_STORE_REPLACED);
    char *restored = run(st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
    CHECK_STR(restored, before);
    free(before);
    free(again);
    free(after);
    free(restored);
    dyad_store_close(st);
}

TEST(filters_select_events)
{
    dyad_store *st = fixture_store("filters.db");
    CHECK(st != NULL);
    if (!st)
        return;
    const char *tur[] = {"TUR"}, *gbr_fra[] = {"GBR", "FRA"}, *rus[] = {"RUS"}, *c111[] = {"111"},
               *r11[] = {"11"}, *r19[] = {"19"}, *code_tur[] = {"TURGOV"};
    dyad_store_filter f = {.source = tur, .nsource = 1};
    CHECK_INT(count(st, &f), 2); /* B, D */
    f = (dyad_store_filter){.source = gbr_fra, .nsource = 2, .target = rus, .ntarget = 1};
    CHECK_INT(count(st, &f), 3); /* A, F twice */
    f = (dyad_store_filter){.source = code_tur, .nsource = 1};
    CHECK_INT(count(st, &f), 0);
    f = (dyad_store_filter){.code = c111, .ncode = 1};
    CHECK_INT(count(st, &f), 3);
    f = (dyad_store_filter){.root = r11, .nroot = 1};
    CHECK_INT(count(st, &f), 4);
    f = (dyad_store_filter){.root = r19, .nroot = 1, .source = tur, .nsource = 1};
    CHECK_INT(count(st, &f), 0);
    f = (dyad_store_filter){.quads = 1u << 1 | 1u << 4};
    CHECK_INT(count(st, &f), 3); /* B, C, D */
    f = (dyad_store_filter){.from = "2024-03-05", .to = "2024-03-12"};
    CHECK_INT(count(st, &f), 3); /* C, D, E */
    f = (dyad_store_filter){.text = "CONDEMNED br"};
    CHECK_INT(count(st, &f), 1); /* E: any case, anywhere in the sentence */
    f = (dyad_store_filter){.text = "condemned"};
    CHECK_INT(count(st, &f), 3);
    dyad_store_close(st);
}

/* Every filter with values that would break out of a quoted literal or a LIKE pattern:
 * no error, nothing selected, and every table still there. */
TEST(filter_values_are_never_sql)
{
    dyad_store *st = fixture_store("inject.db");
    CHECK(st != NULL);
    if (!st)
        return;
    const char *evil[] = {"' OR 1=1 --", "TUR' OR '1'='1", "x'); DROP TABLE events; --",
                          "\" OR \"\"=\"", "%", "_", "TUR%", "1) OR (1=1", "\\"};
    size_t n = sizeof evil / sizeof evil[0];
    dyad_store_filter f = {.source = evil, .nsource = n};
    CHECK_INT(count(st, &f), 0);
    f = (dyad_store_filter){.target = evil, .ntarget = n};
    CHECK_INT(count(st, &f), 0);
    for (size_t i = 0; i < n; i++) {
        f = (dyad_store_filter){.text = evil[i]};
        CHECK_INT(count(st, &f), 0);
        f = (dyad_store_filter){.code = &evil[i], .ncode = 1};
        char err[128];
        CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
        f = (dyad_store_filter){.root = &evil[i], .nroot = 1};
        CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
        f = (dyad_store_filter){.from = evil[i]};
        CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
        f = (dyad_store_filter){.to = evil[i]};
        CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
    }
    /* unchecked code, root and date values still only compare: the store binds them */
    f = (dyad_store_filter){.code = evil, .ncode = n, .root = evil, .nroot = n,
                            .from = evil[2], .to = evil[0]};
    CHECK_INT(count(st, &f), 0);
    f = (dyad_store_filter){.quads = 1u << 3};
    CHECK_INT(count(st, &f), 4);
    dyad_store_filter all = {0};
    CHECK_INT(count(st, &all), 7);
    long rows;
    free(run(st, &all, TOP_CODES, DYAD_OUT_CSV, &rows));
    CHECK_INT(rows, 3);
    dyad_store_close(st);
}

TEST(series_by_day_week_month)
{
    dyad_store *st = fixture_store("series.db");
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter f = {.from = "2024-03-03", .to = "2024-03-07"};
    char *got = run(st, &f, SERIES_DAY, DYAD_OUT_CSV, NULL);
    CHECK_STR(got, "period,start,events,quad1,quad2,quad3,quad4,goldstein_sum,goldstein_mean\n"
                   "2024-03-03,2024-03-03,0,0,0,0,0,0.0,\n"
                   "2024-03-04,2024-03-04,2,1,0,1,0,-1.0,-0.500\n"
                   "2024-03-05,2024-03-05,0,0,0,0,0,0.0,\n"
                   "2024-03-06,2024-03-06,1,0,0,0,1,-10.0,-10.000\n"
                   "2024-03-07,2024-03-07,0,0,0,0,0,0.0,\n");
    free(got);
    dyad_store_filter all = {0};
    got = run(st, &all, SERIES_WEEK, DYAD_OUT_CSV, NULL);
    CHECK_STR(got, "period,start,events,quad1,quad2,quad3,quad4,goldstein_sum,goldstein_mean\n"
                   "2024-W10,2024-03-04,4,2,0,1,1,-7.0,-1.750\n"
                   "2024-W11,2024-03-11,1,0,0,1,0,-2.0,-2.000\n"
                   "2024-W12,2024-03-18,0,0,0,0,0,0.0,\n"
                   "2024-W13,2024-03-25,0,0,0,0,0,0.0,\n"
                   "2024-W14,2024-04-01,2,0,0,2,0,-4.0,-2.000\n");
    free(got);
    f = (dyad_store_filter){.from = "2024-02-15", .to = "2024-05-01"};
    got = run(st, &f, SERIES_MONTH, DYAD_OUT_JSONL, NULL);
    CHECK_STR(got, "{\"period\":\"2024-02\",\"start\":\"2024-02-01\",\"events\":0,\"quad1\":0,"
                   "\"quad2\":0,\"quad3\":0,\"quad4\":0,\"goldstein_sum\":0.0,"
                   "\"goldstein_mean\":null}\n"
                   "{\"period\":\"2024-03\",\"start\":\"2024-03-01\",\"events\":5,\"quad1\":2,"
                   "\"quad2\":0,\"quad3\":2,\"quad4\":1,\"goldstein_sum\":-9.0,"
                   "\"goldstein_mean\":-1.800}\n"
                   "{\"period\":\"2024-04\",\"start\":\"2024-04-01\",\"events\":2,\"quad1\":0,"
                   "\"quad2\":0,\"quad3\":2,\"quad4\":0,\"goldstein_sum\":-4.0,"
                   "\"goldstein_mean\":-2.000}\n"
                   "{\"period\":\"2024-05\",\"start\":\"2024-05-01\",\"events\":0,\"quad1\":0,"
                   "\"quad2\":0,\"quad3\":0,\"quad4\":0,\"goldstein_sum\":0.0,"
                   "\"goldstein_mean\":null}\n");
    free(got);
    const char *tur[] = {"TUR"};
    f = (dyad_store_filter){.source = tur, .nsource = 1};
    long rows;
    got = run(st, &f, SERIES_DAY, DYAD_OUT_TSV, &rows);
    CHECK_INT(rows, 7); /* B on 03-04 to D on 03-10, the days between as zeros */
    CHECK(strstr(got, "2024-03-07\t2024-03-07\t0\t0\t0\t0\t0\t0.0\t\n") != NULL);
    free(got);
    dyad_store_close(st);
}

TEST(iso_weeks_at_year_ends)
{
    dyad_store *st = open_new("weeks.db", 10);
    CHECK(st != NULL);
    if (!st)
        return;
    fixture fx[] = {{"y1", "2020-12-31", "Britain accused Russia."},
                    {"y2", "2021-01-04", "Britain accused Russia."},
                    {"y3", "2024-12-30", "Britain accused Russia."}};
    for (int i = 0; i < 3; i++)
        CHECK_INT(put(st, &fx[i]), DYAD_STORE_ADDED);
    dyad_store_filter f = {.to = "2021-01-10"};
    char *got = run(st, &f, SERIES_WEEK, DYAD_OUT_TSV, NULL);
    CHECK_STR(got, "period\tstart\tevents\tquad1\tquad2\tquad3\tquad4\tgoldstein_sum\tgoldstein_mean\n"
                   "2020-W53\t2020-12-28\t1\t0\t0\t1\t0\t-2.0\t-2.000\n"
                   "2021-W01\t2021-01-04\t1\t0\t0\t1\t0\t-2.0\t-2.000\n");
    free(got);
    f = (dyad_store_filter){.from = "2024-12-01"};
    got = run(st, &f, SERIES_WEEK, DYAD_OUT_CSV, NULL);
    CHECK(strstr(got, "2025-W01,2024-12-30,1,") != NULL);
    free(got);
    dyad_store_close(st);
}

TEST(top_actors_dyads_codes)
{
    dyad_store *st = fixture_store("top.db");
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter all = {0};
    char *got = run(st, &all, TOP_ACTORS, DYAD_OUT_CSV, NULL);
    CHECK_STR(got, "actor,events\nRUS,4\nGBR,3\nSYR,3\n");
    free(got);
    got = run(st, &all, TOP_DYADS, DYAD_OUT_JSONL, NULL);
    CHECK_STR(got, "{\"source\":\"GBR\",\"target\":\"RUS\",\"events\":2}\n"
                   "{\"source\":\"TUR\",\"target\":\"SYR\",\"events\":2}\n"
                   "{\"source\":\"FRA\",\"target\":\"RUS\",\"events\":1}\n");
    free(got);
    got = run(st, &all, TOP_CODES, DYAD_OUT_CSV, NULL);
    CHECK_STR(got, "code,name,events\n111,Criticize or denounce,3\n"
                   "036,Express intent to meet or negotiate,1\n"
                   "040,\"Consult, not specified below\",1\n");
    free(got);
    /* an event of an actor on itself counts once for it: A becomes GBR>GBR */
    sqlite3 *db;
    CHECK(sqlite3_open(db_path("top.db"), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "UPDATE events SET target_code = 'GBR', target_country = 'GBR'"
                           " WHERE id = (SELECT min(id) FROM events)", NULL, NULL, NULL) ==
          SQLITE_OK);
    sqlite3_close(db);
    got = run(st, &all, TOP_ACTORS, DYAD_OUT_CSV, NULL);
    CHECK_STR(got, "actor,events\nGBR,3\nRUS,3\nSYR,3\n");
    free(got);
    dyad_store_close(st);
}

TEST(empty_results_and_empty_store)
{
    dyad_store *st = open_new("empty.db", 10);
    CHECK(st != NULL);
    if (!st)
        return;
    dyad_store_filter all = {0};
    long rows;
    char *got = run(st, &all, EVENTS, DYAD_OUT_JSONL, &rows);
    CHECK_STR(got, "");
    CHECK_INT(rows, 0);
    free(got);
    got = run(st, &all, EVENTS, DYAD_OUT_CSV, &rows);
    CHECK(strncmp(got, "story_id,", 9) == 0 && strchr(got, '\n') == got + strlen(got) - 1);
    free(got);
    got = run(st, &all, SERIES_DAY, DYAD_OUT_JSONL, &rows);
    CHECK_STR(got, "");
    free(got);
    dyad_store_filter range = {.from = "2024-02-28", .to = "2024-03-01"};
    got = run(st, &range, SERIES_DAY, DYAD_OUT_CSV, &rows);
    CHECK_INT(rows, 3); /* a leap day among them */
    CHECK(strstr(got, "2024-02-29,2024-02-29,0,0,0,0,0,0.0,\n") != NULL);
    free(got);
    got = run(st, &all, TOP_ACTORS, DYAD_OUT_CSV, &rows);
    CHECK_STR(got, "actor,events\n");
    free(got);
    dyad_store_close(st);
}

TEST(filter_check_rejects_bad_values)
{
    char err[128];
    const char *ok[] = {"11", "112", "1121"}, *bad[] = {"1", "11a", "12345"};
    dyad_store_filter f = {.code = ok, .ncode = 3, .from = "2024-02-29", .to = "2024-03-01"};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), 0);
    f = (dyad_store_filter){.code = bad, .ncode = 3};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
    f = (dyad_store_filter){.from = "2023-02-29"};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
    f = (dyad_store_filter){.from = "2024-03-02", .to = "2024-03-01"};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
    f = (dyad_store_filter){.quads = 1u << 5};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
    f = (dyad_store_filter){.text = ""};
    CHECK_INT(dyad_store_filter_check(&f, err, sizeof err), -1);
}

TEST(open_refuses_what_is_not_a_dyad_store)
{
    char err[512];
    CHECK(dyad_store_open(db_path("missing.db"), 0, 1, 0, err, sizeof err) == NULL);
    FILE *f = fopen(db_path("text.db"), "w");
    if (f) {
        fputs("not a database, just long enough to have a header of some sort........\n", f);
        fclose(f);
    }
    CHECK(dyad_store_open(db_path("text.db"), 1, 1, 0, err, sizeof err) == NULL);
    dyad_store *st = open_new("ok.db", 1);
    CHECK(st != NULL);
    if (st)
        dyad_store_close(st);
    st = dyad_store_open(db_path("ok.db"), 0, 1, 0, err, sizeof err);
    CHECK(st != NULL);
    if (st)
        dyad_store_close(st);
}

/* Stories packed on a thread that codes and stored by another while a third asks has():
 * the rows are those of put, the counts say what was done, has() sees what is committed. */
typedef struct split {
    dyad_store *st;
    dyad_store_packs packs;
    int packed, has, has_failed;
} split;

static void *pack_all(void *arg)
{
    split *sp = arg;
    char err[256];
    for (size_t i = 0; i < NSTORIES; i++) {
        dyad_doc doc = {.id = (char *)stories[i].id, .date = (char *)stories[i].date,
                        .text = (char *)stories[i].text, .len = strlen(stories[i].text),
                        .origin = "test", .record = 1};
        dyad_story s = {0};
        if (dyad_code_story(coder, &doc, &s, err, sizeof err) == 0 &&
            dyad_store_pack(sp->st, &s, &sp->packs, err, sizeof err) == 0)
            sp->packed++;
        dyad_story_free(&s);
    }
    return NULL;
}

static void *ask_has(void *arg)
{
    split *sp = arg;
    dyad_doc doc = {.id = "A", .date = "2024-03-04", .text = "Britain accused Russia.", .len = 23};
    for (int i = 0; i < 50; i++)
        if ((sp->has = dyad_store_has(sp->st, &doc)) < 0)
            sp->has_failed++;
    return NULL;
}

TEST(packs_stored_by_another_thread_store_the_same)
{
    split sp = {.st = open_new("split.db", 2)};
    CHECK(sp.st != NULL && coder != NULL);
    if (!sp.st || !coder)
        return;
    pthread_t packer, asker;
    CHECK(pthread_create(&packer, NULL, pack_all, &sp) == 0);
    pthread_join(packer, NULL);
    CHECK_INT(sp.packed, (int)NSTORIES);
    CHECK(pthread_create(&asker, NULL, ask_has, &sp) == 0);
    CHECK_INT(dyad_store_put_packed(sp.st, sp.packs.p, sp.packs.len), DYAD_STORE_ADDED);
    uint32_t first; /* the first story's pack, again: found unchanged */
    memcpy(&first, sp.packs.p, sizeof first);
    CHECK_INT(dyad_store_put_packed(sp.st, sp.packs.p, first), DYAD_STORE_UNCHANGED);
    pthread_join(asker, NULL);
    CHECK_INT(sp.has_failed, 0);
    CHECK_INT(dyad_store_commit(sp.st), 0);
    dyad_store_tally t;
    dyad_store_counts(sp.st, &t);
    CHECK_INT(t.added, (long)NSTORIES);
    CHECK_INT(t.unchanged, 1);
    CHECK_INT(t.events, 7);
    ask_has(&sp);
    CHECK_INT(sp.has, 1);
    dyad_store_filter all = {0};
    char *want = direct(stories, NSTORIES, DYAD_OUT_JSONL);
    char *got = run(sp.st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
    CHECK_STR(got, want);
    free(want);
    free(got);
    /* a story with too many rows is refused, and the packs are as they were */
    size_t len = sp.packs.len;
    char err[256];
    dyad_story big = {.doc = &(dyad_doc){.id = "big"}, .nevents = 1u << 20};
    CHECK_INT(dyad_store_pack(sp.st, &big, &sp.packs, err, sizeof err), -1);
    CHECK(strstr(err, "more than") != NULL);
    CHECK(sp.packs.len == len);
    free(sp.packs.p);
    CHECK_INT(dyad_store_close(sp.st), 0);
}

/* A file of another schema version is refused with the versions named. */
TEST(other_schema_versions_are_refused)
{
    dyad_store *st = open_new("old.db", 1);
    CHECK(st != NULL);
    if (st)
        dyad_store_close(st);
    sqlite3 *db;
    CHECK(sqlite3_open(db_path("old.db"), &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA user_version = 1", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    char err[512] = "";
    CHECK(dyad_store_open(db_path("old.db"), DYAD_STORE_READ, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "schema version 1") && strstr(err, "older dyad"));
}

/* Quotations are stored with their speakers. */
TEST(quotes_are_stored)
{
    dyad_store *st = open_new("quotes.db", 1);
    CHECK(st != NULL);
    if (!st)
        return;
    fixture fx = {"Q", "2024-03-04", "\"We will meet Syria soon,\" Turkey said."};
    CHECK_INT(put(st, &fx), DYAD_STORE_ADDED);
    CHECK(dyad_store_commit(st) == 0);
    dyad_store_close(st);
    sqlite3 *db;
    CHECK(sqlite3_open(db_path("quotes.db"), &db) == SQLITE_OK);
    sqlite3_stmt *q;
    CHECK(sqlite3_prepare_v2(db, "SELECT text, speaker_code, speaker_text FROM quotes", -1, &q,
                             NULL) == SQLITE_OK);
    CHECK(sqlite3_step(q) == SQLITE_ROW);
    CHECK_STR((const char *)sqlite3_column_text(q, 0), "We will meet Syria soon,");
    CHECK_STR((const char *)sqlite3_column_text(q, 1), "TUR");
    CHECK_STR((const char *)sqlite3_column_text(q, 2), "Turkey");
    CHECK(sqlite3_step(q) == SQLITE_DONE);
    sqlite3_finalize(q);
    sqlite3_close(db);
}

/* A single-integer query on the file at path, or -1. */
static long sql_int(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    long v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            v = (long)sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return v;
}

static const char count_indexes[] =
    "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name LIKE 'events_%'";

/* Whether SQLite plans sql (run on the file at path) as a search of the index named (a
 * seek, not a scan of the whole index). */
static int planned_through(const char *path, const char *sql, const char *index)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    char explain[512];
    int found = 0;
    snprintf(explain, sizeof explain, "EXPLAIN QUERY PLAN %s", sql);
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, explain, -1, &q, NULL) == SQLITE_OK) {
        while (sqlite3_step(q) == SQLITE_ROW) {
            const char *step = (const char *)sqlite3_column_text(q, 3);
            found |= step && strncmp(step, "SEARCH", 6) == 0 && strstr(step, index) != NULL;
        }
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return found;
}

/* The actor indexes are there from the first story on (a reader during an ingest uses
 * them), and any SQLite client's planner finds an actor, a country's range of codes or a
 * dyad through them, as dyad query's filters do. */
TEST(actor_indexes_serve_queries_from_the_first_story)
{
    dyad_store *st = fixture_store("idx.db");
    CHECK(st != NULL);
    if (!st)
        return;
    const char *path = db_path("idx.db");
    CHECK_INT(sql_int(path, count_indexes), 2);
    char err[512];
    dyad_store *rd = dyad_store_open(path, DYAD_STORE_READ, 1, 1000, err, sizeof err);
    CHECK(rd != NULL);
    dyad_store_filter all = {0};
    if (rd) {
        CHECK_INT(count(rd, &all), 7);
        dyad_store_close(rd);
    }
    CHECK_INT(dyad_store_close(st), 0);
    CHECK(planned_through(path, "SELECT * FROM events WHERE source_code = 'TUR'",
                          "events_source"));
    CHECK(planned_through(path, "SELECT count(*) FROM events e WHERE e.target_code >= 'SYR'"
                                " AND e.target_code < 'SYR' || '~' AND e.date >= '2024-01-01'",
                          "events_target"));
    CHECK(planned_through(path, "SELECT * FROM events WHERE source_code = 'TUR'"
                                " AND target_code = 'SYR'", "events_"));
    CHECK(!planned_through(path, "SELECT * FROM events WHERE date = '2024-03-01'", "events_"));

    /* an ingest into a database with events keeps them up to date */
    st = open_new("idx.db", 1);
    CHECK(st != NULL);
    if (st) {
        fixture fx = {"G", "2024-05-01", "Turkey condemned Syria."};
        CHECK_INT(put(st, &fx), DYAD_STORE_ADDED);
        CHECK_INT(dyad_store_close(st), 0);
    }
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events WHERE source_code = 'TUR'"), 3);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM events NOT INDEXED"
                            " WHERE source_code = 'TUR'"), 3);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM pragma_integrity_check"
                            " WHERE integrity_check = 'ok'"), 1);
}

/* A single-text query on the file at path, copied (free it), or NULL. */
static char *sql_text(const char *path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *q;
    char *v = NULL;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
            v = strdup((const char *)sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    sqlite3_close(db);
    return v;
}

/* A story's sentences are one JSON value holding the cleaned text only where cleaning
 * changed it (curly quotes here); the sentences view gives every sentence's text; --text
 * finds words in either kind. */
TEST(sentences_are_one_value_and_a_view)
{
    dyad_store *st = open_new("sent.db", 1);
    CHECK(st != NULL);
    if (!st)
        return;
    fixture fx = {"S", "2024-03-04",
                  "Turkey met Syria. Russia\xe2\x80\x99s army \xe2\x80\x9c"
                  "attacked\xe2\x80\x9d Egypt."};
    CHECK_INT(put(st, &fx), DYAD_STORE_ADDED);
    dyad_store_filter f = {.text = "russia's army \"ATTACKED\""};
    CHECK_INT(count(st, &f), 1);
    f.text = "met syria"; /* the span's text, not stored twice */
    CHECK_INT(count(st, &f), 1);
    f.text = "russia met";
    CHECK_INT(count(st, &f), 0);
    CHECK_INT(dyad_store_close(st), 0);
    const char *path = db_path("sent.db");
    char *v = sql_text(path, "SELECT sentences FROM stories");
    CHECK_STR(v, "[[0,17,0],[18,55,0,\"Russia's army \\\"attacked\\\" Egypt.\"]]");
    free(v);
    v = sql_text(path, "SELECT group_concat(text, '|') FROM sentences");
    CHECK_STR(v, "Turkey met Syria.|Russia's army \"attacked\" Egypt.");
    free(v);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM sentences WHERE story = 1 AND idx = 2"
                            " AND span_start = 18 AND headline = 0"), 1);
}

/* A sentences value that is not what dyad wrote (edited by hand, damaged) stops an export
 * with an error naming the story; it never reads outside the story's text. */
TEST(a_bad_sentences_value_is_an_error)
{
    static const char *const bad[] = {
        "not json", "{\"a\": 1}", "[[0, 999, 0]]", "[[5, 2, 0]]", "[[0, 5]]",
        "[[0, 5, 0, 7]]", "[[\"0\", 5, 0]]", "[]", "[[0, 5, 0, \"x\", 1]]", "[[-1, 5, 0]]",
    };
    const char *path = db_path("badsent.db");
    dyad_store_filter all = {0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        unlink(path);
        dyad_store *st = open_new("badsent.db", 1);
        CHECK(st != NULL);
        if (!st)
            return;
        CHECK_INT(put(st, &stories[0]), DYAD_STORE_ADDED);
        CHECK_INT(dyad_store_close(st), 0);
        sqlite3 *db;
        sqlite3_stmt *q;
        CHECK(sqlite3_open(path, &db) == SQLITE_OK);
        CHECK(sqlite3_prepare_v2(db, "UPDATE stories SET sentences = ?1", -1, &q, NULL) ==
              SQLITE_OK);
        sqlite3_bind_text(q, 1, bad[i], -1, SQLITE_STATIC);
        CHECK(sqlite3_step(q) == SQLITE_DONE);
        sqlite3_finalize(q);
        sqlite3_close(db);
        char err[512];
        st = dyad_store_open(path, DYAD_STORE_READ, 1, 0, err, sizeof err);
        CHECK(st != NULL);
        if (!st)
            return;
        char *out = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&out, &len);
        CHECK_INT(dyad_store_events(st, &all, DYAD_OUT_JSONL, f), -1);
        fclose(f);
        if (!strstr(dyad_store_error(st), "story 1"))
            fprintf(stderr, "value %s: %s\n", bad[i], dyad_store_error(st));
        CHECK(strstr(dyad_store_error(st), "story 1") != NULL);
        free(out);
        dyad_store_close(st);
    }
}

/* The layout of version 4, made here from a version 5 file: the actor indexes keyed by
 * actor alone, no planner hints, and the list of bulk loads. */
static const char as_version_4[] =
    "DROP INDEX events_source; DROP INDEX events_target; DELETE FROM sqlite_stat1;"
    "CREATE INDEX events_source ON events(source_code);"
    "CREATE INDEX events_target ON events(target_code);"
    "CREATE TABLE bulk_load (pid INTEGER PRIMARY KEY); PRAGMA user_version = 4;";

/* ... and of version 3, made from that: a row per sentence, indexes on date and code. */
static const char as_version_3[] =
    "CREATE TABLE old (id INTEGER PRIMARY KEY, story INTEGER GENERATED ALWAYS AS"
    " (id >> 20) VIRTUAL, idx INTEGER GENERATED ALWAYS AS (id & 1048575) VIRTUAL,"
    " headline INTEGER NOT NULL, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " text TEXT NOT NULL);"
    "INSERT INTO old (id, headline, span_start, span_end, text)"
    " SELECT id, headline, span_start, span_end, text FROM sentences;"
    "DROP VIEW sentences; ALTER TABLE old RENAME TO sentences;"
    "ALTER TABLE stories DROP COLUMN sentences;"
    "CREATE INDEX events_date ON events(date); CREATE INDEX events_code ON events(code);"
    "PRAGMA user_version = 3;";

/* A file of an older version is refused by readers with the way out named, upgraded by
 * the next ingest, and then exports as before. */
static void check_upgrade(const char *name, int version)
{
    dyad_store *st = fixture_store(name);
    CHECK(st != NULL);
    if (!st)
        return;
    fixture quoted = {"H", "2024-03-05",
                      "Turkey \xe2\x80\x9cmet\xe2\x80\x9d Syria. Russia condemned Britain."};
    CHECK_INT(put(st, &quoted), DYAD_STORE_ADDED);
    dyad_store_filter all = {0};
    char *want = run(st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
    CHECK_INT(dyad_store_close(st), 0);
    const char *path = db_path(name);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, as_version_4, NULL, NULL, NULL) == SQLITE_OK);
    if (version == 3)
        CHECK(sqlite3_exec(db, as_version_3, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    if (version == 3)
        CHECK_INT(sql_int(path, "SELECT count(*) FROM sentences"), NSTORIES + 2);
    char err[512] = "", said[32];
    snprintf(said, sizeof said, "schema version %d", version);
    CHECK(dyad_store_open(path, DYAD_STORE_READ, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, said) && strstr(err, "next dyad ingest into it upgrades"));
    st = open_new(name, 1);
    CHECK(st != NULL);
    if (st) {
        CHECK_INT(put(st, &quoted), DYAD_STORE_UNCHANGED);
        CHECK_INT(dyad_store_close(st), 0);
    }
    CHECK_INT(sql_int(path, "PRAGMA user_version"), 5);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name IN"
                            " ('events_date', 'events_code', 'bulk_load')"), 0);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'events_%'"
                            " AND sql LIKE '%(id >> 29, %'"), 2);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'events'"), 2);
    char *v = sql_text(path, "SELECT sentences FROM stories WHERE doc_id = 'H'");
    CHECK_STR(v, "[[0,23,0,\"Turkey \\\"met\\\" Syria.\"],[24,49,0]]");
    free(v);
    st = dyad_store_open(path, DYAD_STORE_READ, 1, 0, err, sizeof err);
    CHECK(st != NULL);
    if (st) {
        char *got = run(st, &all, EVENTS, DYAD_OUT_JSONL, NULL);
        CHECK_STR(got, want);
        free(got);
        dyad_store_close(st);
    }
    free(want);
}

TEST(a_version_3_file_is_upgraded_by_an_ingest) { check_upgrade("v3.db", 3); }
TEST(a_version_4_file_is_upgraded_by_an_ingest) { check_upgrade("v4.db", 4); }

/* An SQLite file that dyad did not make is refused, and left as it was (not turned to WAL). */
TEST(another_sqlite_file_is_refused_unchanged)
{
    const char *path = db_path("other.db");
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL, NULL) ==
          SQLITE_OK);
    sqlite3_close(db);
    char err[512] = "";
    CHECK(dyad_store_open(path, DYAD_STORE_WRITE, 1, 0, err, sizeof err) == NULL);
    CHECK(strstr(err, "not a dyad database") != NULL);
    char *mode = sql_text(path, "PRAGMA journal_mode");
    CHECK_STR(mode, "delete");
    free(mode);
    CHECK_INT(sql_int(path, "SELECT count(*) FROM t"), 1);
}

/* Removes the databases the tests made, with their WAL files. */
static void cleanup(void)
{
    static const char *const names[] = {"codes.db", "export.db", "again.db", "filters.db",
                                        "inject.db", "series.db", "weeks.db", "top.db",
                                        "empty.db", "ok.db", "text.db", "quotes.db",
                                        "split.db", "old.db", "idx.db", "sent.db",
                                        "v3.db", "v4.db", "other.db", "badsent.db"};
    static const char *const suffix[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int k = 0; k < 3; k++) {
            char p[160];
            snprintf(p, sizeof p, "%s%s", db_path(names[i]), suffix[k]);
            unlink(p);
        }
    rmdir(dir);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/dyad-store-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    coder = make();
    RUN(fixture_codes_as_expected);
    RUN(exports_equal_direct_output);
    RUN(reingest_is_idempotent_and_replaces_changed_stories);
    RUN(filters_select_events);
    RUN(filter_values_are_never_sql);
    RUN(series_by_day_week_month);
    RUN(iso_weeks_at_year_ends);
    RUN(top_actors_dyads_codes);
    RUN(empty_results_and_empty_store);
    RUN(filter_check_rejects_bad_values);
    RUN(open_refuses_what_is_not_a_dyad_store);
    RUN(quotes_are_stored);
    RUN(packs_stored_by_another_thread_store_the_same);
    RUN(other_schema_versions_are_refused);
    RUN(actor_indexes_serve_queries_from_the_first_story);
    RUN(sentences_are_one_value_and_a_view);
    RUN(a_bad_sentences_value_is_an_error);
    RUN(a_version_3_file_is_upgraded_by_an_ingest);
    RUN(a_version_4_file_is_upgraded_by_an_ingest);
    RUN(another_sqlite_file_is_refused_unchanged);
    dyad_coder_free(coder);
    cleanup();
    return TEST_END();
}
