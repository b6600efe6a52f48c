/* store — see store.h; the schema is documented in docs/store.md and must change with it.
 *
 * Why the schema looks the way it does:
 *   - No output is stored: every field output.c reads is a column of the event, its
 *     sentence or its story, and query time rebuilds enough of a dyad_story for output.c to
 *     write JSONL, TSV or CSV, so the formats have one implementation.  Storing each JSON
 *     line too (schema 1) made two thirds of the file and half of an event's storing cost.
 *   - events and quotes are rowid tables keyed story << 20 | position, with story and
 *     position as generated columns: one b-tree each, a story's rows together and in order
 *     for export and replacement, and appending at a b-tree's end takes SQLite's quick
 *     path, which a WITHOUT ROWID table (schema 2) did not.
 *   - A story's sentences are one JSON value of its row (schema 4), not a row each: they
 *     are read a story at a time, never filtered on but by --text, and a row per sentence
 *     was a fifth of the writer's work.  Their text is there only where cleaning changed
 *     it; else it is the sentence's span of the story's text.  The `sentences` view gives
 *     the rows back to any SQLite client.
 *   - A story keeps its row id when it is replaced, so exports stay in ingest order.
 *   - Two indexes, source code and target code: on 1.9 million events an index on date or
 *     event code made the queries that filter on those alone two to two and a half times
 *     faster (0.2-0.3 s against 0.5-0.6 s), while the actor indexes make a dyad or an
 *     actor's series four to five times faster (docs/store.md, "Indexes").  Filters on
 *     date or code combined with an actor use the actor's index.  Countries are ranges of
 *     actor codes.  --text scans the sentences of the events the other filters leave: a
 *     full-text index (FTS5) cost more per sentence than coding it.
 *   - The actor indexes lead with the block of 512 stories (id >> 29): a batch's keys then
 *     land in the indexes' last block, so a commit writes a few index pages, not most of
 *     them.  Keyed by actor alone, every commit rewrote most of their leaves into the WAL
 *     (a batch has actors all over the keys), so schema 4 dropped them for a first load
 *     and built them when it ended, which left 0.3-0.5 s of a 200,000-sentence ingest
 *     after the last story, and daily ingests into a large file paid the rewriting.  A
 *     query finds an actor by a seek per block (skip-scan), see INDEXES_SQL.
 *   - `actors` is a view over the events, so it is never stale after a replacement.
 * The hash that makes re-ingest idempotent covers the document as read, not the options
 * (--date, --dict): re-coding a corpus with other dictionaries wants a new database. */
#include "store.h"
#include "codes.h"
#include "dates.h"
#include "places.h"
#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STORE_APP_ID 0x64796164 /* "dyad" in PRAGMA application_id */
#define STORE_SCHEMA 5          /* PRAGMA user_version */

/* A story's sentences as rows, from the JSON array stories.sentences: [start, end, headline]
 * per sentence, and the cleaned text fourth when it is not the span of stories.text. */
#define SENTENCES_VIEW                                                                     \
    "CREATE VIEW sentences AS SELECT (s.id << 20) + j.key + 1 AS id, s.id AS story,"       \
    " j.key + 1 AS idx, json_extract(j.value, '$[2]') AS headline,"                        \
    " json_extract(j.value, '$[0]') AS span_start, json_extract(j.value, '$[1]') AS span_end," \
    " coalesce(json_extract(j.value, '$[3]'), CAST(substr(CAST(s.text AS BLOB),"           \
    " json_extract(j.value, '$[0]') + 1,"                                                  \
    " json_extract(j.value, '$[1]') - json_extract(j.value, '$[0]')) AS TEXT)) AS text"    \
    " FROM stories s, json_each(s.sentences) j;"

/* The query indexes: an actor's events block by block, a block being 512 stories
 * (id >> 29 is story >> 9), so a batch's keys go in at the end of the indexes, into the
 * block being loaded, instead of all over them (see the header comment).  The planner
 * finds an actor by a skip-scan, a seek per block, which it chooses only when
 * sqlite_stat1 says a block holds many rows: the hints give that shape (rows per block,
 * rows per block and actor), not counts; ANALYZE replaces them with measured ones of the
 * same shape.  ANALYZE of sqlite_schema makes the table without analysing anything. */
#define INDEXES_SQL                                                                        \
    "CREATE INDEX events_source ON events(id >> 29, source_code);"                         \
    "CREATE INDEX events_target ON events(id >> 29, target_code)"                          \
    " WHERE target_code IS NOT NULL;"                                                       \
    "ANALYZE sqlite_schema;"                                                                \
    "DELETE FROM sqlite_stat1 WHERE tbl = 'events';"                                        \
    "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES"                                      \
    " ('events', 'events_source', '1000000 4096 16'),"                                      \
    " ('events', 'events_target', '1000000 4096 16');"

static const char schema_sql[] =
    "CREATE TABLE stories ("
    " id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, hash TEXT NOT NULL, date TEXT,"
    " publisher TEXT, url TEXT, dateline TEXT, origin TEXT NOT NULL, record INTEGER NOT NULL,"
    " is_sentence INTEGER NOT NULL, headline_len INTEGER NOT NULL, text TEXT NOT NULL,"
    " sentences TEXT NOT NULL, nsentences INTEGER NOT NULL, nevents INTEGER NOT NULL);"
"CREATE TABLE codes ("
    " code TEXT PRIMARY KEY, root TEXT NOT NULL, name TEXT NOT NULL,"
    " quad_class INTEGER NOT NULL, goldstein REAL NOT NULL, plover_type TEXT NOT NULL,"
    " plover_mode TEXT NOT NULL, plover_context TEXT NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY, story INTEGER GENERATED ALWAYS AS (id >> 20) VIRTUAL,"
    " seq INTEGER GENERATED ALWAYS AS (id & 1048575) VIRTUAL,"
    " sentence INTEGER NOT NULL, date TEXT,"
    " source_code TEXT NOT NULL, source_country TEXT NOT NULL, source_sector TEXT NOT NULL,"
    " source_text TEXT NOT NULL, source_start INTEGER NOT NULL, source_end INTEGER NOT NULL,"
    " target_code TEXT, target_country TEXT, target_sector TEXT,"
    " target_text TEXT, target_start INTEGER, target_end INTEGER,"
    " code TEXT NOT NULL REFERENCES codes(code), root TEXT NOT NULL,"
    " quad_class INTEGER NOT NULL, goldstein REAL NOT NULL,"
    " verb_text TEXT NOT NULL, verb_start INTEGER NOT NULL, verb_end INTEGER NOT NULL,"
    " passive INTEGER NOT NULL, future INTEGER NOT NULL, hypothetical INTEGER NOT NULL,"
    " historical INTEGER NOT NULL, speaker TEXT, block TEXT, pattern TEXT,"
    " location TEXT, location_country TEXT, lat REAL, lon REAL, evidence TEXT NOT NULL);"
    "CREATE TABLE quotes ("
    " id INTEGER PRIMARY KEY, story INTEGER GENERATED ALWAYS AS (id >> 20) VIRTUAL,"
    " sentence INTEGER NOT NULL, text TEXT NOT NULL,"
    " span_start INTEGER NOT NULL, span_end INTEGER NOT NULL,"
    " speaker_code TEXT, speaker_country TEXT, speaker_sector TEXT,"
    " speaker_text TEXT, speaker_start INTEGER, speaker_end INTEGER,"
    " speaker_named_in INTEGER);"
    SENTENCES_VIEW
    "CREATE VIEW actors AS"
    " SELECT source_code AS code, source_country AS country, source_sector AS sector"
    " FROM events UNION"
    " SELECT target_code, target_country, target_sector FROM events"
    " WHERE target_code IS NOT NULL;"
    INDEXES_SQL;

/* The statements of an ingest that touch one row, prepared once. */
enum {
    Q_FIND, Q_INSERT_STORY, Q_UPDATE_STORY, Q_DELETE_EVENTS, Q_DELETE_QUOTES, NQ
};

static const char *const ingest_sql[NQ] = {
    [Q_FIND] = "SELECT id, hash = ?2 FROM stories WHERE doc_id = ?1",
    [Q_INSERT_STORY] =
        "INSERT INTO stories (doc_id, hash, date, publisher, url, dateline, origin, record,"
        " is_sentence, headline_len, text, sentences, nsentences, nevents)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    [Q_UPDATE_STORY] =
        "UPDATE stories SET hash = ?2, date = ?3, publisher = ?4, url = ?5, dateline = ?6,"
        " origin = ?7, record = ?8, is_sentence = ?9, headline_len = ?10, text = ?11,"
        " sentences = ?12, nsentences = ?13, nevents = ?14 WHERE doc_id = ?1",
    [Q_DELETE_EVENTS] = "DELETE FROM events WHERE id >= ?1 << 20 AND id < (?1 + 1) << 20",
    [Q_DELETE_QUOTES] = "DELETE FROM quotes WHERE id >= ?1 << 20 AND id < (?1 + 1) << 20",
};

/* Tables whose rows go in up to MAX_ROWS per INSERT: SQLite's fixed cost per statement
 * (step, reset, opening cursors) is then paid once per story and table rather than once
 * per row.  A row of a story's table starts with its key, story id << 20 | position in the
 * story, bound at replay; `ncols` counts it.  OR FAIL: a statement that may stop half-way
 * and undo its own rows (ABORT, the default) keeps a statement journal of every page it
 * changes that existed before it, in a temporary file beyond 64 KiB, and 16 rows change
 * about 32 index pages: that journal was 950,000 writes of an ingest of 200,000 sentences
 * into a database with events.  A failed statement fails its batch, which is rolled back
 * whole, so undoing the statement alone bought nothing. */
enum { T_CODES, T_QUOTES, T_EVENTS, NT };
enum { MAX_ROWS = 16, MAX_PER_STORY = (1 << 20) - 1 };

static const struct row_table {
    const char *head;
    int ncols, keyed;
} row_tables[NT] = {
    [T_CODES] = {"INSERT OR REPLACE INTO codes (code, root, name, quad_class, goldstein,"
                 " plover_type, plover_mode, plover_context) VALUES ", 8, 0},
    [T_QUOTES] = {"INSERT OR FAIL INTO quotes (id, sentence, text, span_start, span_end,"
                  " speaker_code, speaker_country, speaker_sector, speaker_text,"
                  " speaker_start, speaker_end, speaker_named_in) VALUES ", 12, 1},
    [T_EVENTS] = {"INSERT OR FAIL INTO events (id, sentence, date, source_code, source_country,"
                  " source_sector, source_text, source_start, source_end, target_code,"
                  " target_country, target_sector, target_text, target_start, target_end,"
                  " code, root, quad_class, goldstein, verb_text, verb_start, verb_end,"
                  " passive, future, hypothetical, historical, speaker, block, pattern,"
                  " location, location_country, lat, lon, evidence) VALUES ", 34, 1},
};

/* Stories packed for storing: the values of their rows, see "ingest" below. */
typedef struct pack {
    char *p;
    size_t len, cap;
    int oom;
} pack;

struct dyad_store {
    sqlite3 *db;
    sqlite3_stmt *q[NQ];       /* NULL when read-only */
    sqlite3_stmt *rows[NT][MAX_ROWS + 1]; /* [t][n]: INSERT of n rows, prepared when needed */
    int batch, pending;        /* stories per transaction; stories in the open one */
    int in_txn;                /* a batch is open */
    int wait_ms;
    const dyad_codes *codes;   /* the table written by dyad_store_codes */
    dyad_store_tally counts;
    pack fill;                 /* the story dyad_store_put packs */
    /* has() reads through a connection of its own, so that it may run on another thread
     * than the writes; rerr is its message */
    sqlite3 *rdb;
    sqlite3_stmt *find;
    /* the checkpointer: a thread with a connection of its own (see "checkpoints") */
    sqlite3 *cdb;
    pthread_t ckpt;
    pthread_mutex_t ckpt_mu;
    pthread_cond_t ckpt_cv;
    int ckpt_running, ckpt_due, ckpt_stop;
    char path[256];
    char err[512], rerr[512];
};

const char *dyad_store_error(const dyad_store *st) { return st->err[0] ? st->err : st->rerr; }

/* Records in err why a call on db failed, with the wait spelled out when it is a lock. */
static int fail_on(const dyad_store *st, sqlite3 *db, char *err, size_t errlen,
                   const char *what)
{
    int rc = sqlite3_errcode(db);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        snprintf(err, errlen,
                 "%s: another process is writing to the database (waited %d s); "
                 "run this command again when it has finished",
                 st->path, st->wait_ms / 1000);
    else
        snprintf(err, errlen, "%s: %s: %s", st->path, what, sqlite3_errmsg(db));
    return -1;
}

static int fail(dyad_store *st, const char *what)
{
    return fail_on(st, st->db, st->err, sizeof st->err, what);
}

static int exec(dyad_store *st, const char *sql)
{
    return sqlite3_exec(st->db, sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : fail(st, "cannot write");
}

/* An integer PRAGMA's value, or -1. */
static long pragma_int(dyad_store *st, const char *sql)
{
    sqlite3_stmt *q;
    long v = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) != SQLITE_OK)
        return fail(st, "reading the schema");
    if (sqlite3_step(q) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(q, 0);
    else
        fail(st, "reading the schema");
    sqlite3_finalize(q);
    return v;
}

/* Version 3 to 4, in the transaction that opens an ingest: each story's sentence rows
 * become its JSON array, as pk_sentences writes it (the text only where it is not the
 * span), and the indexes on date and event code go.  Versions 1 and 2 had other hashes
 * and keys: their corpora are ingested anew. */
static const char upgrade_3_sql[] =
    "ALTER TABLE stories ADD COLUMN sentences TEXT NOT NULL DEFAULT '[]';"
    "UPDATE stories SET sentences = (SELECT json_group_array(CASE WHEN t.text ="
    " CAST(substr(CAST(stories.text AS BLOB), t.span_start + 1, t.span_end - t.span_start)"
    " AS TEXT) THEN json_array(t.span_start, t.span_end, t.headline)"
    " ELSE json_array(t.span_start, t.span_end, t.headline, t.text) END)"
    " FROM (SELECT * FROM sentences WHERE id >= stories.id << 20"
    " AND id < (stories.id + 1) << 20 ORDER BY id) t);"
    "DROP TABLE sentences;" SENTENCES_VIEW
    "DROP INDEX IF EXISTS events_date; DROP INDEX IF EXISTS events_code;"
    "PRAGMA user_version = 4;";

/* Version 4 to 5: the actor indexes become block by block, and bulk loads (which went
 * without indexes and built them at their end, listing themselves in bulk_load) are gone. */
static const char upgrade_4_sql[] =
    "DROP TABLE IF EXISTS bulk_load;"
    "DROP INDEX IF EXISTS events_source; DROP INDEX IF EXISTS events_target;"
    INDEXES_SQL "PRAGMA user_version = 5;";

/* A fresh file gets the schema; a version 3 or 4 file opened to write is upgraded;
 * anything else must be a dyad database of this version. */
static int check_schema(dyad_store *st, int writable)
{
    long app = pragma_int(st, "PRAGMA application_id");
    long version = pragma_int(st, "PRAGMA user_version");
    long tables = pragma_int(st, "SELECT count(*) FROM sqlite_schema");
    if (app < 0 || version < 0 || tables < 0)
        return -1;
    if (app == 0 && tables == 0 && writable) {
        char set[96];
        snprintf(set, sizeof set, "PRAGMA application_id = %d; PRAGMA user_version = %d;",
                 STORE_APP_ID, STORE_SCHEMA);
        return exec(st, schema_sql) || exec(st, set) ? -1 : 0;
    }
    if (app != STORE_APP_ID) {
        snprintf(st->err, sizeof st->err, "%s: not a dyad database", st->path);
        return -1;
    }
    if (version == 3 && writable && exec(st, upgrade_3_sql))
        return -1;
    if ((version == 3 || version == 4) && writable)
        return exec(st, upgrade_4_sql);
    if (version != STORE_SCHEMA) {
        snprintf(st->err, sizeof st->err,
                 "%s: schema version %ld, this dyad reads version %d only (%s)", st->path,
                 version, STORE_SCHEMA,
                 version == 3 || version == 4
                     ? "made by an older dyad: the next dyad ingest into it upgrades it;"
                       " with /dev/null as its input, that is all it does"
                 : version < STORE_SCHEMA ? "made by an older dyad: ingest into a new file"
                                          : "made by a newer dyad");
        return -1;
    }
    return 0;
}

/* ---- checkpoints ----------------------------------------------------------------------
 *
 * In WAL mode every page is written twice: appended to the WAL by the commit, copied into
 * the database by a checkpoint, which waits for both files to reach the disk (fsync).
 * Left to the writer (SQLite's automatic checkpoints) or to the close, that waiting was
 * 0.15-0.4 s of a 50,000-sentence ingest during which nothing else ran.  A thread with a
 * connection of its own checkpoints after each commit instead (PASSIVE: it never blocks
 * the writer nor readers, and copies what no reader still needs), so the copying and the
 * fsyncs overlap with coding and the close finds little left to do.  Nothing depends on
 * it: if it cannot start, the writer's automatic checkpoints and the close do the work. */

static void *checkpointer(void *arg)
{
    dyad_store *st = arg;
    pthread_mutex_lock(&st->ckpt_mu);
    for (;;) {
        while (!st->ckpt_due && !st->ckpt_stop)
            pthread_cond_wait(&st->ckpt_cv, &st->ckpt_mu);
        if (st->ckpt_stop)
            break;
        st->ckpt_due = 0;
        pthread_mutex_unlock(&st->ckpt_mu);
        /* failing (busy, I/O) leaves the frames to the next checkpoint: no error to report */
        (void)sqlite3_wal_checkpoint_v2(st->cdb, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
        pthread_mutex_lock(&st->ckpt_mu);
    }
    pthread_mutex_unlock(&st->ckpt_mu);
    return NULL;
}

static void checkpointer_start(dyad_store *st)
{
    if (sqlite3_open_v2(st->path, &st->cdb, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_exec(st->cdb, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL) != SQLITE_OK) {
        sqlite3_close(st->cdb);
        st->cdb = NULL;
        return;
    }
    pthread_mutex_init(&st->ckpt_mu, NULL);
    pthread_cond_init(&st->ckpt_cv, NULL);
    st->ckpt_running = pthread_create(&st->ckpt, NULL, checkpointer, st) == 0;
    if (!st->ckpt_running) {
        pthread_cond_destroy(&st->ckpt_cv);
        pthread_mutex_destroy(&st->ckpt_mu);
        sqlite3_close(st->cdb);
        st->cdb = NULL;
    }
}

/* After a commit: the checkpointer copies what it added. */
static void checkpointer_poke(dyad_store *st)
{
    if (!st->ckpt_running)
        return;
    pthread_mutex_lock(&st->ckpt_mu);
    st->ckpt_due = 1;
    pthread_cond_signal(&st->ckpt_cv);
    pthread_mutex_unlock(&st->ckpt_mu);
}

static void checkpointer_stop(dyad_store *st)
{
    if (st->ckpt_running) {
        pthread_mutex_lock(&st->ckpt_mu);
        st->ckpt_stop = 1;
        pthread_cond_signal(&st->ckpt_cv);
        pthread_mutex_unlock(&st->ckpt_mu);
        pthread_join(st->ckpt, NULL);
        pthread_cond_destroy(&st->ckpt_cv);
        pthread_mutex_destroy(&st->ckpt_mu);
        st->ckpt_running = 0;
    }
    sqlite3_close(st->cdb);
    st->cdb = NULL;
}

/* The write side: WAL first, so that no reader ever meets the file in rollback-journal
 * mode (where a commit or the switch to WAL locks readers out); then schema and indexes
 * under the write lock (two first ingests may race). */
static int open_writable(dyad_store *st)
{
    /* A checkpoint every 64 MiB of WAL rather than SQLite's 4 MiB, should the checkpointer
     * fall behind: each one waits on fsync.  The cache holds the pages a batch writes,
     * the indexes' last blocks among them. */
    long app = pragma_int(st, "PRAGMA application_id"), pages = pragma_int(st, "PRAGMA page_count");
    if (app < 0 || pages < 0)
        return -1;
    /* only an empty file or a dyad database: another SQLite file is refused unchanged */
    if ((app == STORE_APP_ID || pages == 0) && exec(st, "PRAGMA journal_mode = WAL"))
        return -1;
    if (exec(st, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536;"
                 " PRAGMA wal_autocheckpoint = 16384") ||
        exec(st, "BEGIN IMMEDIATE"))
        return -1;
    if (check_schema(st, 1)) {
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        return -1;
    }
    if (exec(st, "COMMIT"))
        return -1;
    checkpointer_start(st);
    for (int i = 0; i < NQ; i++)
        if (sqlite3_prepare_v3(st->db, ingest_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &st->q[i],
                               NULL) != SQLITE_OK)
            return fail(st, "preparing the ingest");
    return 0;
}

static void store_free(dyad_store *st)
{
    checkpointer_stop(st);
    for (int i = 0; i < NQ; i++)
        sqlite3_finalize(st->q[i]);
    for (int t = 0; t < NT; t++)
        for (int n = 0; n <= MAX_ROWS; n++)
            sqlite3_finalize(st->rows[t][n]);
    sqlite3_finalize(st->find);
    sqlite3_close(st->rdb);
    sqlite3_close(st->db);
    free(st->fill.p);
    free(st);
}

/* has() looks stories up through a connection of its own, which sees what is committed (a
 * story packed but not yet stored is found by the write, which skips it). */
static int open_lookup(dyad_store *st)
{
    if (sqlite3_open_v2(st->path, &st->rdb, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK ||
        sqlite3_prepare_v3(st->rdb, ingest_sql[Q_FIND], -1, SQLITE_PREPARE_PERSISTENT,
                           &st->find, NULL) != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "%s: cannot open: %s", st->path,
                 st->rdb ? sqlite3_errmsg(st->rdb) : "out of memory");
        return -1;
    }
    sqlite3_busy_timeout(st->rdb, st->wait_ms);
    return 0;
}

/* SQLite counts every allocation under a global mutex unless told not to before it starts;
 * dyad never asks it for those counts, and they were a tenth of storing. */
static void sqlite_setup(void) { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

dyad_store *dyad_store_open(const char *path, dyad_store_mode mode, int batch, int wait_ms,
                            char *err, size_t errlen)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, sqlite_setup);
    dyad_store *st = calloc(1, sizeof *st);
    if (!st) {
        snprintf(err, errlen, "%s: out of memory", path);
        return NULL;
    }
    snprintf(st->path, sizeof st->path, "%s", path);
    st->batch = batch > 0 ? batch : 1;
    st->wait_ms = wait_ms;
    /* NOMUTEX: one thread at a time uses a connection (has() has its own), so SQLite's own
     * locking of each call was pure cost. */
    int flags = SQLITE_OPEN_NOMUTEX |
                (mode ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY);
    int rc = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (rc != SQLITE_OK) {
        snprintf(st->err, sizeof st->err, "%s: cannot open: %s", path,
                 st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
    } else {
        sqlite3_busy_timeout(st->db, wait_ms);
        if (mode == DYAD_STORE_READ ? check_schema(st, 0) == 0
            : open_writable(st) == 0 && open_lookup(st) == 0)
            return st;
    }
    snprintf(err, errlen, "%s", st->err);
    store_free(st);
    return NULL;
}

int dyad_store_close(dyad_store *st)
{
    int rc = dyad_store_commit(st);
    store_free(st);
    return rc;
}

/* ---- ingest ----------------------------------------------------------------------------
 *
 * A story is first packed: the values of every row it adds, in one flat buffer (no SQLite,
 * so any thread may pack).  Replaying the pack binds and steps those values.  dyad ingest
 * packs on the threads that code and replays on one writer thread, so SQLite's work
 * overlaps with coding. */

static int begin(dyad_store *st)
{
    if (st->in_txn)
        return 0;
    if (exec(st, "BEGIN IMMEDIATE"))
        return -1;
    st->in_txn = 1;
    return 0;
}

/* Ends the batch.  A failed commit is rolled back: the batch is lost, the store is intact. */
static int commit_batch(dyad_store *st)
{
    if (!st->in_txn)
        return 0;
    int rc = exec(st, "COMMIT");
    if (rc != 0)
        sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    else
        checkpointer_poke(st);
    st->in_txn = st->pending = 0;
    return rc;
}

/* An error inside a batch abandons it, so no story is ever half stored. */
static int abort_batch(dyad_store *st)
{
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    st->in_txn = st->pending = 0;
    return -1;
}

enum { V_NULL, V_INT, V_REAL, V_TEXT };

/* Makes room for n more bytes, which the caller then writes unchecked: one test per value
 * instead of one per piece of it (packing was an eighth of the coding thread's work).  -1
 * when out of memory, remembered in k->oom. */
static int pk_grow(pack *k, size_t n)
{
    size_t cap = k->cap ? k->cap : 1 << 16;
    while (cap < k->len + n)
        cap *= 2;
    char *p = realloc(k->p, cap);
    if (!p) {
        k->oom = 1;
        return -1;
    }
    k->p = p;
    k->cap = cap;
    return 0;
}

static inline int pk_room(pack *k, size_t n)
{
    return k->len + n <= k->cap ? 0 : pk_grow(k, n);
}

static inline void pk_raw(pack *k, const void *v, size_t n)
{
    memcpy(k->p + k->len, v, n);
    k->len += n;
}

static void pk_tag(pack *k, unsigned char tag)
{
    if (pk_room(k, 1) == 0)
        k->p[k->len++] = (char)tag;
}

static void pk_nulls(pack *k, int n)
{
    while (n-- > 0)
        pk_tag(k, V_NULL);
}

static void pk_int(pack *k, int64_t v)
{
    if (pk_room(k, 1 + sizeof v))
        return;
    k->p[k->len++] = V_INT;
    pk_raw(k, &v, sizeof v);
}

static void pk_real(pack *k, double v)
{
    if (pk_room(k, 1 + sizeof v))
        return;
    k->p[k->len++] = V_REAL;
    pk_raw(k, &v, sizeof v);
}

/* n bytes of text; NULL for a missing value. */
static void pk_textn(pack *k, const char *s, size_t len)
{
    uint32_t n = (uint32_t)len;
    if (!s)
        pk_tag(k, V_NULL);
    else if (pk_room(k, 1 + sizeof n + n) == 0) {
        k->p[k->len++] = V_TEXT;
        pk_raw(k, &n, sizeof n);
        pk_raw(k, s, n);
    }
}

static void pk_text(pack *k, const char *s) { pk_textn(k, s, s ? strlen(s) : 0); }

/* v in decimal, into room the caller made (10 bytes): by hand, as snprintf cost more than
 * the rest of a row's packing. */
static void pk_digits(pack *k, uint32_t v)
{
    char digits[10];
    int d = 0;
    do
        digits[d++] = (char)('0' + v % 10);
    while (v /= 10);
    while (d > 0)
        k->p[k->len++] = digits[--d];
}

/* The sentence indexes (from 1) of an event's reports as text: "2" or "2,5". */
static void pk_evidence(pack *k, const dyad_story_event *e)
{
    uint32_t n = 0;
    if (pk_room(k, 1 + sizeof n + 11 * e->nevidence))
        return;
    k->p[k->len++] = V_TEXT;
    size_t at = k->len;
    k->len += sizeof n;
    for (size_t r = 0; r < e->nevidence; r++) {
        if (r)
            k->p[k->len++] = ',';
        pk_digits(k, e->evidence[r] + 1u);
    }
    n = (uint32_t)(k->len - at - sizeof n);
    memcpy(k->p + at, &n, sizeof n);
}

/* The document's fingerprint: a 64-bit multiply-xorshift hash over every field as read,
 * eight bytes at a time (FNV-1a went byte by byte, at five times the cost).  Each field
 * starts with its length, so moving bytes from one field to the next changes the hash;
 * words are read little-endian, so the hash is the same on every machine. */
static uint64_t hash_mix(uint64_t h, uint64_t w)
{
    h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
    return h ^ (h >> 29);
}

static uint64_t hash_field(uint64_t h, const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    h = hash_mix(h, s ? n + 1 : 0);
    for (; s && n >= 8; p += 8, n -= 8) {
        uint64_t w;
        memcpy(&w, p, sizeof w);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        w = __builtin_bswap64(w);
#endif
        h = hash_mix(h, w);
    }
    uint64_t tail = 0;
    for (size_t i = 0; s && i < n; i++)
        tail |= (uint64_t)p[i] << (8 * i);
    return hash_mix(h, tail);
}

static void doc_hash(const dyad_doc *d, char out[17])
{
    uint64_t h = 0xcbf29ce484222325ULL;
    h = hash_field(h, d->text, d->len);
    h = hash_mix(hash_mix(h, d->headline_len), (uint64_t)d->is_sentence);
    h = hash_field(h, d->date, d->date ? strlen(d->date) : 0);
    h = hash_field(h, d->source, d->source ? strlen(d->source) : 0);
    h = hash_field(h, d->url, d->url ? strlen(d->url) : 0);
    h = hash_mix(h, h >> 32) * 0xff51afd7ed558ccdULL;
    snprintf(out, 17, "%016llx", (unsigned long long)(h ^ (h >> 33)));
}

/* An actor's six columns; an absent target packs NULLs. */
static void pk_actor(pack *k, const dyad_actor_ref *a)
{
    if (!a->code) {
        pk_nulls(k, 6);
        return;
    }
    pk_text(k, a->code);
    pk_text(k, a->country);
    pk_text(k, a->sector ? a->sector : "");
    pk_text(k, a->text ? a->text : "");
    pk_int(k, a->span.start);
    pk_int(k, a->span.end);
}

/* A row of `codes`. */
static void pk_code(pack *k, const dyad_cameo_code *c)
{
    pk_text(k, c->code);
    pk_text(k, c->root);
    pk_text(k, c->name);
    pk_int(k, c->quad_class);
    pk_real(k, c->goldstein);
    pk_text(k, c->plover_type);
    pk_text(k, c->plover_mode);
    pk_text(k, c->plover_context);
}

/* A row of `events` after its story id. */
static void pk_event(pack *k, const dyad_story *s, size_t i)
{
    const dyad_story_event *e = &s->events[i];
    pk_int(k, (int64_t)e->sentence + 1);
    const char *date = e->event_date[0] ? e->event_date : s->date;
    pk_text(k, date[0] ? date : NULL);
    pk_actor(k, &e->source);
    pk_actor(k, &e->target);
    pk_text(k, e->cameo->code);
    pk_text(k, e->cameo->root);
    pk_int(k, e->cameo->quad_class);
    pk_real(k, e->cameo->goldstein);
    pk_text(k, e->verb_text ? e->verb_text : "");
    pk_int(k, e->verb_span.start);
    pk_int(k, e->verb_span.end);
    pk_int(k, e->passive);
    pk_int(k, e->future);
    pk_int(k, e->hypothetical);
    pk_int(k, e->historical);
    pk_text(k, e->speaker);
    pk_text(k, e->block);
    pk_text(k, e->pattern);
    if (e->location) {
        pk_text(k, e->location->name);
        pk_text(k, e->location->country);
        pk_real(k, e->location->lat);
        pk_real(k, e->location->lon);
    } else {
        pk_nulls(k, 4);
    }
    pk_evidence(k, e);
}

/* A row of `quotes` after its story id. */
static void pk_quote(pack *k, const dyad_story_quote *t)
{
    const dyad_actor_ref *a = &t->speaker;
    pk_int(k, (int64_t)t->sentence + 1);
    pk_text(k, t->text);
    pk_int(k, t->span.start);
    pk_int(k, t->span.end);
    pk_text(k, a->code);
    pk_text(k, a->code ? a->country : NULL);
    pk_text(k, a->code ? (a->sector ? a->sector : "") : NULL);
    if (a->text || a->code) { /* a speaker the dictionaries cannot code keeps its text */
        pk_text(k, a->text ? a->text : "");
        pk_int(k, a->span.start);
        pk_int(k, a->span.end);
    } else {
        pk_nulls(k, 3);
    }
    if (a->text)
        pk_int(k, (int64_t)t->speaker_named_in + 1);
    else
        pk_tag(k, V_NULL);
}

/* A JSON string of n bytes of UTF-8 (the coder replaced invalid sequences), room made. */
static void pk_json_string(pack *k, const char *s, size_t n)
{
    if (pk_room(k, 2 + 6 * n))
        return;
    k->p[k->len++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') {
            k->p[k->len++] = '\\';
            k->p[k->len++] = (char)c;
        } else if (c < 0x20) {
            k->len += (size_t)sprintf(k->p + k->len, "\\u%04x", c);
        } else {
            k->p[k->len++] = (char)c;
        }
    }
    k->p[k->len++] = '"';
}

/* stories.sentences: a JSON array of [start, end, headline] per sentence, with the cleaned
 * text fourth only where it differs from the span of the story's text: one value instead of
 * a row per sentence, and mostly no second copy of the text. */
static void pk_sentences(pack *k, const dyad_story *s)
{
    const dyad_doc *d = s->doc;
    uint32_t n = 0;
    if (pk_room(k, 1 + sizeof n + 1))
        return;
    k->p[k->len++] = V_TEXT;
    size_t at = k->len;
    k->len += sizeof n;
    k->p[k->len++] = '[';
    for (size_t i = 0; i < s->nsentences; i++) {
        const dyad_story_sentence *t = &s->sentences[i];
        size_t len = strlen(t->text), start = t->span.start, end = t->span.end;
        if (pk_room(k, sizeof ",[4294967295,4294967295,1,"))
            return;
        if (i)
            k->p[k->len++] = ',';
        k->p[k->len++] = '[';
        pk_digits(k, t->span.start);
        k->p[k->len++] = ',';
        pk_digits(k, t->span.end);
        k->p[k->len++] = ',';
        k->p[k->len++] = t->headline ? '1' : '0';
        if (start > end || end > d->len || end - start != len ||
            memcmp(d->text + start, t->text, len) != 0) {
            k->p[k->len++] = ',';
            pk_json_string(k, t->text, len);
        }
        if (pk_room(k, 2))
            return;
        k->p[k->len++] = ']';
    }
    if (pk_room(k, 1))
        return;
    k->p[k->len++] = ']';
    n = (uint32_t)(k->len - at - sizeof n);
    memcpy(k->p + at, &n, sizeof n);
}

/* A packed story: its length, the number of rows it adds to each table of row_tables, the
 * story row's values (doc_id, hash first), then the rows, table by table. */
typedef struct story_head {
    uint32_t len, rows[NT];
} story_head;

/* Packs one story; -1 when out of memory. */
static int pack_story(pack *k, const dyad_story *s, const dyad_codes *codes)
{
    const dyad_doc *d = s->doc;
    size_t start = k->len;
    story_head h = {0};
    char hash[17];
    doc_hash(d, hash);
    if (pk_room(k, sizeof h))
        return -1;
    k->len += sizeof h;
    pk_text(k, d->id);
    pk_text(k, hash);
    pk_text(k, s->date[0] ? s->date : NULL);
    pk_text(k, d->source);
    pk_text(k, d->url);
    pk_text(k, s->dateline);
    pk_text(k, d->origin ? d->origin : "");
    pk_int(k, d->record);
    pk_int(k, d->is_sentence);
    pk_int(k, (int64_t)d->headline_len);
    pk_textn(k, d->text, d->len);
    pk_sentences(k, s);
    pk_int(k, (int64_t)s->nsentences);
    pk_int(k, (int64_t)s->nevents);
    /* a code outside the table (kept as the dictionary wrote it) gets its own row in
     * `codes`, so that every event finds its name there */
    for (size_t i = 0; i < s->nevents; i++)
        if (dyad_codes_find(codes, s->events[i].cameo->code) != s->events[i].cameo) {
            pk_code(k, s->events[i].cameo);
            h.rows[T_CODES]++;
        }
    for (size_t i = 0; i < s->nquotes; i++)
        pk_quote(k, &s->quotes[i]);
    for (size_t i = 0; i < s->nevents; i++)
        pk_event(k, s, i);
    if (k->oom)
        return -1;
    h.rows[T_QUOTES] = (uint32_t)s->nquotes;
    h.rows[T_EVENTS] = (uint32_t)s->nevents;
    h.len = (uint32_t)(k->len - start);
    memcpy(k->p + start, &h, sizeof h);
    return 0;
}

/* Binds the value at p to column col of q; returns what follows it.  Text is bound in
 * place: the pack outlives the step. */
static const char *bind_value(sqlite3_stmt *q, int col, const char *p)
{
    int64_t i;
    double r;
    uint32_t n;
    switch (*p++) {
    case V_INT:
        memcpy(&i, p, sizeof i);
        sqlite3_bind_int64(q, col, i);
        return p + sizeof i;
    case V_REAL:
        memcpy(&r, p, sizeof r);
        sqlite3_bind_double(q, col, r);
        return p + sizeof r;
    case V_TEXT:
        memcpy(&n, p, sizeof n);
        sqlite3_bind_text(q, col, p + sizeof n, (int)n, SQLITE_STATIC);
        return p + sizeof n + n;
    default:
        sqlite3_bind_null(q, col);
        return p;
    }
}

/* Runs a write statement to completion and resets it for the next use. */
static int run(dyad_store *st, sqlite3_stmt *q)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? 0 : fail(st, "cannot write");
}

/* The INSERT of n rows into table t: "INSERT ... VALUES (?, ...), (?, ...)". */
static sqlite3_stmt *rows_stmt(dyad_store *st, int t, uint32_t n)
{
    sqlite3_stmt **q = &st->rows[t][n];
    if (*q)
        return *q;
    const struct row_table *rt = &row_tables[t];
    size_t head = strlen(rt->head), row = 2 * (size_t)rt->ncols + 2;
    char *sql = malloc(head + n * row + 1), *o = sql;
    if (!sql) {
        snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
        return NULL;
    }
    memcpy(o, rt->head, head);
    o += head;
    for (uint32_t r = 0; r < n; r++) {
        *o++ = r ? ',' : '(';
        if (r)
            *o++ = '(';
        for (int c = 0; c < rt->ncols; c++) {
            *o++ = '?';
            *o++ = c + 1 < rt->ncols ? ',' : ')';
        }
    }
    *o = '\0';
    if (sqlite3_prepare_v3(st->db, sql, (int)(o - sql), SQLITE_PREPARE_PERSISTENT, q, NULL) !=
        SQLITE_OK)
        fail(st, "preparing the ingest");
    free(sql);
    return *q;
}

/* Inserts the n packed rows at p into table t, for story id; returns what follows them, or
 * NULL on error. */
static const char *replay_rows(dyad_store *st, int t, const char *p, uint32_t n,
                               sqlite3_int64 id)
{
    const struct row_table *rt = &row_tables[t];
    sqlite3_int64 key = id << 20;
    while (p && n) {
        uint32_t m = n < MAX_ROWS ? n : MAX_ROWS;
        sqlite3_stmt *q = rows_stmt(st, t, m);
        if (!q)
            return NULL;
        for (int col = 1, end = (int)m * rt->ncols; col <= end;) {
            if (rt->keyed)
                sqlite3_bind_int64(q, col++, key++);
            for (int c = rt->keyed; c < rt->ncols; c++)
                p = bind_value(q, col++, p);
        }
        if (run(st, q))
            return NULL;
        n -= m;
    }
    return p;
}

/* Looks the document up: 0 not stored, 1 stored with this hash, 2 with another; -1 with
 * the reason in err.  The statement's first two parameters are bound by the caller:
 * doc_id, hash. */
static int find(dyad_store *st, sqlite3_stmt *q, sqlite3_int64 *id, char *err, size_t errlen)
{
    int rc = sqlite3_step(q), found = 0;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(q, 0);
        found = sqlite3_column_int(q, 1) ? 1 : 2;
    } else if (rc != SQLITE_DONE) {
        found = fail_on(st, sqlite3_db_handle(q), err, errlen, "looking up a story");
    }
    sqlite3_reset(q);
    return found;
}

/* Stores one packed story; returns DYAD_STORE_* or -1 (the batch rolled back). */
static int replay_story(dyad_store *st, const char *p)
{
    story_head h;
    memcpy(&h, p, sizeof h);
    const char *values = p + sizeof h;
    sqlite3_int64 id = 0;
    if (begin(st))
        return -1;
    sqlite3_stmt *q = st->q[Q_FIND];
    bind_value(q, 2, bind_value(q, 1, values));
    int found = find(st, q, &id, st->err, sizeof st->err);
    if (found < 0)
        return abort_batch(st);
    if (found == 1) {
        st->counts.unchanged++;
        return DYAD_STORE_UNCHANGED;
    }
    if (found == 2)
        for (int d = Q_DELETE_EVENTS; d <= Q_DELETE_QUOTES; d++) {
            sqlite3_bind_int64(st->q[d], 1, id);
            if (run(st, st->q[d]))
                return abort_batch(st);
        }
    q = st->q[found == 2 ? Q_UPDATE_STORY : Q_INSERT_STORY];
    const char *rows = values;
    for (int col = 1, n = sqlite3_bind_parameter_count(q); col <= n; col++)
        rows = bind_value(q, col, rows);
    if (run(st, q))
        return abort_batch(st);
    if (found == 0)
        id = sqlite3_last_insert_rowid(st->db);
    for (int t = 0; t < NT && rows; t++)
        rows = replay_rows(st, t, rows, h.rows[t], id);
    if (!rows)
        return abort_batch(st);
    st->counts.events += (long)h.rows[T_EVENTS];
    if (found == 2)
        st->counts.replaced++;
    else
        st->counts.added++;
    if (++st->pending >= st->batch && commit_batch(st))
        return -1;
    return found == 2 ? DYAD_STORE_REPLACED : DYAD_STORE_ADDED;
}

/* Stores the packed stories of p[0..n); the status of the last one, or -1. */
static int replay(dyad_store *st, const char *p, size_t n)
{
    int rc = DYAD_STORE_UNCHANGED;
    for (const char *end = p + n; rc >= 0 && p < end;) {
        uint32_t len;
        memcpy(&len, p, sizeof len);
        rc = replay_story(st, p);
        p += len;
    }
    return rc;
}

/* ---- the ingest API ------------------------------------------------------------------- */

int dyad_store_codes(dyad_store *st, const dyad_codes *codes)
{
    st->codes = codes;
    pack k = {0};
    uint32_t n = (uint32_t)dyad_codes_count(codes);
    for (uint32_t i = 0; i < n; i++)
        pk_code(&k, dyad_codes_at(codes, i));
    int rc = k.oom ? -1 : 0;
    if (rc)
        snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
    else if (begin(st) || (n && !replay_rows(st, T_CODES, k.p, n, 0)))
        rc = st->in_txn ? abort_batch(st) : -1;
    free(k.p);
    return rc;
}

int dyad_store_has(dyad_store *st, const dyad_doc *doc)
{
    char hash[17];
    sqlite3_int64 id;
    doc_hash(doc, hash);
    sqlite3_bind_text(st->find, 1, doc->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st->find, 2, hash, -1, SQLITE_STATIC);
    int found = find(st, st->find, &id, st->rerr, sizeof st->rerr);
    return found < 0 ? -1 : found == 1;
}

int dyad_store_pack(const dyad_store *st, const dyad_story *s, dyad_store_packs *out,
                    char *err, size_t errlen)
{
    if (s->nsentences >= MAX_PER_STORY || s->nevents >= MAX_PER_STORY ||
        s->nquotes >= MAX_PER_STORY) {
        snprintf(err, errlen, "%s: story %s: more than %d sentences, events or quotes",
                 st->path, s->doc->id, MAX_PER_STORY - 1);
        return -1;
    }
    pack k = {out->p, out->len, out->cap, 0};
    int rc = pack_story(&k, s, st->codes);
    out->p = k.p;
    out->cap = k.cap;
    if (rc)
        snprintf(err, errlen, "%s: out of memory", st->path);
    else
        out->len = k.len;
    return rc;
}

int dyad_store_put_packed(dyad_store *st, const char *p, size_t len)
{
    return replay(st, p, len);
}

int dyad_store_put(dyad_store *st, const dyad_story *s)
{
    dyad_store_packs k = {st->fill.p, 0, st->fill.cap};
    int rc = dyad_store_pack(st, s, &k, st->err, sizeof st->err);
    st->fill.p = k.p;
    st->fill.cap = k.cap;
    return rc ? -1 : replay(st, k.p, k.len);
}

int dyad_store_commit(dyad_store *st) { return commit_batch(st); }

void dyad_store_counts(const dyad_store *st, dyad_store_tally *t) { *t = st->counts; }

/* ---- dates ----------------------------------------------------------------------------- */

/* Day number (dates.h) of "YYYY-MM-DD", years 0001-9999, or NO_DAY when it is not a real
 * date. */
#define NO_DAY (-100000000L)
static long parse_day(const char *s)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return NO_DAY;
    uint32_t ymd = 0;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return NO_DAY;
        ymd = ymd * 10 + (uint32_t)(s[i] - '0');
    }
    if (ymd < 10000 || ymd / 100 % 100 < 1 || ymd / 100 % 100 > 12 || ymd % 100 < 1)
        return NO_DAY;
    long z = dyad_date_days(ymd);
    return dyad_days_date(z) == ymd ? z : NO_DAY;
}

static long weekday(long z) /* Monday 0 ... Sunday 6; 1970-01-01 was a Thursday */
{
    return ((z % 7) + 7 + 3) % 7;
}

static long period_start(long z, dyad_series_unit unit)
{
    if (unit == DYAD_SERIES_WEEK)
        return z - weekday(z);
    if (unit == DYAD_SERIES_MONTH)
        return dyad_date_days(dyad_days_date(z) / 100 * 100 + 1);
    return z;
}

static long period_next(long start, dyad_series_unit unit)
{
    if (unit == DYAD_SERIES_WEEK)
        return start + 7;
    if (unit == DYAD_SERIES_MONTH) {
        uint32_t ym = dyad_days_date(start) / 100;
        return dyad_date_days((ym % 100 == 12 ? (ym / 100 + 1) * 100 + 1 : ym + 1) * 100 + 1);
    }
    return start + 1;
}

/* "2024-03-06", ISO "2024-W10" (the year of the week's Thursday), or "2024-03". */
static void period_label(long start, dyad_series_unit unit, char *out, size_t cap)
{
    if (unit == DYAD_SERIES_WEEK) {
        long thursday = start + 3;
        uint32_t year = dyad_days_date(thursday) / 10000;
        long week = (thursday - dyad_date_days(year * 10000 + 101)) / 7 + 1;
        snprintf(out, cap, "%04u-W%02ld", (unsigned)year, week);
        return;
    }
    uint32_t d = dyad_days_date(start);
    if (unit == DYAD_SERIES_MONTH)
        snprintf(out, cap, "%04u-%02u", (unsigned)(d / 10000), (unsigned)(d / 100 % 100));
    else
        snprintf(out, cap, "%04u-%02u-%02u", (unsigned)(d / 10000), (unsigned)(d / 100 % 100),
                 (unsigned)(d % 100));
}

/* ---- queries --------------------------------------------------------------------------- */

static int all_digits(const char *s, size_t min, size_t max)
{
    size_t n = strlen(s);
    if (n < min || n > max)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

int dyad_store_filter_check(const dyad_store_filter *f, char *err, size_t errlen)
{
    for (size_t i = 0; i < f->ncode; i++)
        if (!all_digits(f->code[i], 2, 4)) {
            snprintf(err, errlen, "bad event code '%s' (2 to 4 digits)", f->code[i]);
            return -1;
        }
    for (size_t i = 0; i < f->nroot; i++)
        if (!all_digits(f->root[i], 2, 2)) {
            snprintf(err, errlen, "bad root code '%s' (2 digits)", f->root[i]);
            return -1;
        }
    if (f->quads & ~0x1eu) {
        snprintf(err, errlen, "QuadClass is 1 to 4");
        return -1;
    }
    const char *dates[2] = {f->from, f->to};
    for (int i = 0; i < 2; i++)
        if (dates[i] && parse_day(dates[i]) == NO_DAY) {
            snprintf(err, errlen, "bad date '%s' (YYYY-MM-DD)", dates[i]);
            return -1;
        }
    if (f->from && f->to && parse_day(f->from) > parse_day(f->to)) {
        snprintf(err, errlen, "--from %s is after --to %s", f->from, f->to);
        return -1;
    }
    if (f->text && !*f->text) {
        snprintf(err, errlen, "--text needs words");
        return -1;
    }
    return 0;
}

/* A statement under construction: SQL text from fixed fragments, and the values bound to
 * its `?` in order — filter values never become SQL text. */
typedef struct query {
    FILE *f;
    char *sql;
    size_t len;
    struct value {
        const char *text; /* NULL: num */
        sqlite3_int64 num;
    } *values;
    size_t nvalues, cap;
    int oom;
    char *pattern; /* --text as a LIKE pattern */
} query;

static void q_value(query *q, const char *text, sqlite3_int64 num)
{
    if (q->nvalues == q->cap) {
        size_t cap = q->cap ? q->cap * 2 : 16;
        struct value *v = realloc(q->values, cap * sizeof *v);
        if (!v) {
            q->oom = 1;
            return;
        }
        q->values = v;
        q->cap = cap;
    }
    q->values[q->nvalues].text = text;
    q->values[q->nvalues++].num = num;
}

/* " AND col IN (?, ...)" */
static void q_in(query *q, const char *col, const char **v, size_t n)
{
    fprintf(q->f, " %s IN (", col);
    for (size_t i = 0; i < n; i++) {
        fputs(i ? ", ?" : "?", q->f);
        q_value(q, v[i], 0);
    }
    fputc(')', q->f);
}

/* " AND (...)": rows whose `col` begins with one of the values, each rechecked by `exact`
 * (its `?` all bound to the value).  The range lets the index on `col` find the rows; this
 * serves roots through the code index, and countries through the actor code index, as an
 * actor code begins with its country ("TURGOV"). */
static void q_ranges(query *q, const char *col, const char *exact, const char **v, size_t n)
{
    if (!n)
        return;
    fputs(" AND (", q->f);
    for (size_t i = 0; i < n; i++) {
        fprintf(q->f, "%s(%s >= ? AND %s < ? || '~' AND %s)", i ? " OR " : "", col, col, exact);
        q_value(q, v[i], 0);
        q_value(q, v[i], 0);
        for (const char *p = exact; (p = strchr(p, '?')); p++)
            q_value(q, v[i], 0);
    }
    fputc(')', q->f);
}

/* A LIKE pattern matching text anywhere, its own % _ and \ taken literally. */
static char *like_pattern(const char *text)
{
    char *p = malloc(2 * strlen(text) + 3), *o = p;
    if (!p)
        return NULL;
    *o++ = '%';
    for (; *text; text++) {
        if (*text == '%' || *text == '_' || *text == '\\')
            *o++ = '\\';
        *o++ = *text;
    }
    *o++ = '%';
    *o = '\0';
    return p;
}

/* The filter's conditions on events `e`, each starting " AND". */
static void q_where(query *q, const dyad_store_filter *f)
{
    q_ranges(q, "e.source_code", "(e.source_country = ? OR e.source_code = ?)", f->source,
             f->nsource);
    q_ranges(q, "e.target_code", "(e.target_country = ? OR e.target_code = ?)", f->target,
             f->ntarget);
    if (f->ncode) {
        fputs(" AND", q->f);
        q_in(q, "e.code", f->code, f->ncode);
    }
    q_ranges(q, "e.code", "e.root = ?", f->root, f->nroot);
    if (f->quads) {
        fputs(" AND e.quad_class IN (", q->f);
        for (int c = 1, first = 1; c <= 4; c++)
            if (f->quads & (1u << c)) {
                fputs(first ? "?" : ", ?", q->f);
                q_value(q, NULL, c);
                first = 0;
            }
        fputc(')', q->f);
    }
    if (f->from) {
        fputs(" AND e.date >= ?", q->f);
        q_value(q, f->from, 0);
    }
    if (f->to) {
        fputs(" AND e.date <= ?", q->f);
        q_value(q, f->to, 0);
    }
    if (f->text) {
        if (!q->pattern && !(q->pattern = like_pattern(f->text)))
            q->oom = 1;
        fputs(" AND EXISTS (SELECT 1 FROM sentences t WHERE t.story = e.id >> 20"
              " AND t.idx = e.sentence AND t.text LIKE ? ESCAPE '\\')", q->f);
        q_value(q, q->pattern, 0);
    }
}

static int q_open(dyad_store *st, query *q)
{
    memset(q, 0, sizeof *q);
    q->f = open_memstream(&q->sql, &q->len);
    if (!q->f)
        snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
    return q->f ? 0 : -1;
}

/* Compiles the statement and binds its values; NULL with st->err set. */
static sqlite3_stmt *q_prepare(dyad_store *st, query *q)
{
    sqlite3_stmt *s = NULL;
    int bad = fclose(q->f) != 0 || q->oom;
    if (bad)
        snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
    else if (sqlite3_prepare_v2(st->db, q->sql, -1, &s, NULL) != SQLITE_OK)
        fail(st, "query");
    for (size_t i = 0; s && i < q->nvalues; i++) {
        if (q->values[i].text)
            sqlite3_bind_text(s, (int)i + 1, q->values[i].text, -1, SQLITE_TRANSIENT);
        else
            sqlite3_bind_int64(s, (int)i + 1, q->values[i].num);
    }
    free(q->sql);
    free(q->values);
    free(q->pattern);
    return s;
}

/* Steps a query statement; 1 row, 0 done, -1 error (reported). */
static int step(dyad_store *st, sqlite3_stmt *s)
{
    int rc = sqlite3_step(s);
    return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : fail(st, "query");
}

static const char *col_text(sqlite3_stmt *s, int i)
{
    return (const char *)sqlite3_column_text(s, i);
}

/* Columns of the rebuild query, in order. */
static const char rebuild_cols[] =
    "s.doc_id, s.is_sentence, s.publisher, s.url, s.origin, s.record, s.dateline, s.date,"
    " e.seq, e.sentence, s.id,"
    " e.source_code, e.source_country, e.source_sector, e.source_text, e.source_start,"
    " e.source_end, e.target_code, e.target_country, e.target_sector, e.target_text,"
    " e.target_start, e.target_end,"
    " e.code, e.root, c.name, e.quad_class, e.goldstein, c.plover_type, c.plover_mode,"
    " c.plover_context, e.verb_text, e.verb_start, e.verb_end, e.passive, e.future,"
    " e.hypothetical, e.historical, e.speaker, e.block, e.pattern, e.date,"
    " e.location, e.location_country, e.lat, e.lon, e.evidence";

/* One row rebuilt as the story output.c saw: the story's sentences (headline and text, all
 * output.c reads of them, loaded once a story), and its events array reaching the row's
 * index, only that slot filled. */
typedef struct rebuilt {
    dyad_doc doc;
    dyad_story story;
    dyad_cameo_code cameo;
    dyad_place place;
    uint32_t *evidence;
    size_t sentences_cap, events_cap, evidence_cap;
    sqlite3_int64 loaded;     /* the story whose sentences are in story.sentences, or 0 */
    sqlite3_stmt *sentences;  /* a story's sentences value and text */
    char *texts;              /* their texts, each ending in NUL */
    size_t *text_at;          /* where each starts in texts */
    size_t texts_len, texts_cap, text_at_cap;
} rebuilt;

static int reserve(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t cap2 = need * 2;
    void *q = realloc(*p, cap2 * size);
    if (!q)
        return -1;
    memset((char *)q + *cap * size, 0, (cap2 - *cap) * size);
    *p = q;
    *cap = cap2;
    return 0;
}

static void rebuild_actor(sqlite3_stmt *s, int col, dyad_actor_ref *a)
{
    a->code = col_text(s, col);
    snprintf(a->country, sizeof a->country, "%s", a->code ? col_text(s, col + 1) : "");
    a->sector = col_text(s, col + 2);
    a->text = col_text(s, col + 3);
    a->span.start = (uint32_t)sqlite3_column_int64(s, col + 4);
    a->span.end = (uint32_t)sqlite3_column_int64(s, col + 5);
}

/* Sets st->err to say that story id's sentences value is bad; -1. */
static int bad_sentences(dyad_store *st, sqlite3_int64 id)
{
    snprintf(st->err, sizeof st->err, "%s: story %lld: bad stories.sentences value", st->path,
             (long long)id);
    return -1;
}

/* Loads the sentences of story `id` into r->story: headline and text, all output.c reads of
 * them.  The JSON is read here, not through the sentences view, whose json_extract calls
 * parse each sentence's array five times (exports took a fifth longer).  -1 with st->err
 * set. */
static int load_sentences(dyad_store *st, rebuilt *r, sqlite3_int64 id)
{
    dyad_story *y = &r->story;
    sqlite3_stmt *q = r->sentences;
    r->texts_len = 0;
    y->nsentences = 0;
    r->loaded = 0;
    sqlite3_bind_int64(q, 1, id);
    int rc = step(st, q);
    if (rc <= 0) {
        sqlite3_reset(q);
        return rc < 0 ? -1 : bad_sentences(st, id);
    }
    const char *text = col_text(q, 1);
    size_t text_len = (size_t)sqlite3_column_bytes(q, 1);
    cJSON *all = cJSON_ParseWithLength(col_text(q, 0), (size_t)sqlite3_column_bytes(q, 0)), *e;
    rc = cJSON_IsArray(all) && text ? 0 : bad_sentences(st, id);
    cJSON_ArrayForEach(e, all) {
        size_t i = y->nsentences, n = (size_t)cJSON_GetArraySize(e);
        cJSON *start = cJSON_GetArrayItem(e, 0), *end = cJSON_GetArrayItem(e, 1),
              *headline = cJSON_GetArrayItem(e, 2), *own = cJSON_GetArrayItem(e, 3);
        if (rc || n < 3 || n > 4 || !cJSON_IsNumber(start) || !cJSON_IsNumber(end) ||
            !cJSON_IsNumber(headline) || (own && !cJSON_IsString(own)) ||
            (!own && !(start->valuedouble >= 0 && start->valuedouble <= end->valuedouble &&
                       end->valuedouble <= (double)text_len))) {
            rc = bad_sentences(st, id);
            break;
        }
        /* the cleaned text where it differs, else the span of the story's */
        const char *from = own ? own->valuestring : text + (size_t)start->valuedouble;
        size_t len = own ? strlen(from) : (size_t)(end->valuedouble - start->valuedouble);
        if (reserve((void **)&y->sentences, &r->sentences_cap, i + 1, sizeof *y->sentences) ||
            reserve((void **)&r->text_at, &r->text_at_cap, i + 1, sizeof *r->text_at) ||
            reserve((void **)&r->texts, &r->texts_cap, r->texts_len + len + 1, 1)) {
            snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
            rc = -1;
            break;
        }
        y->sentences[i].headline = headline->valuedouble != 0;
        r->text_at[i] = r->texts_len;
        memcpy(r->texts + r->texts_len, from, len);
        r->texts[r->texts_len + len] = '\0';
        r->texts_len += len + 1;
        y->nsentences = i + 1;
    }
    cJSON_Delete(all);
    sqlite3_reset(q);
    /* texts moves as it grows: the pointers are set once it is complete */
    for (size_t i = 0; i < y->nsentences; i++)
        y->sentences[i].text = r->texts + r->text_at[i];
    r->loaded = rc < 0 ? 0 : id;
    return rc;
}

/* Fills r from the current row; returns the event's index, or -1 when out of memory. */
static long rebuild(sqlite3_stmt *s, rebuilt *r)
{
    dyad_story *y = &r->story;
    size_t seq = (size_t)sqlite3_column_int64(s, 8), sentence = (size_t)sqlite3_column_int64(s, 9) - 1;
    if (reserve((void **)&y->events, &r->events_cap, seq + 1, sizeof *y->events))
        return -1;
    r->doc.id = (char *)col_text(s, 0);
    r->doc.is_sentence = sqlite3_column_int(s, 1);
    r->doc.source = (char *)col_text(s, 2);
    r->doc.url = (char *)col_text(s, 3);
    r->doc.origin = col_text(s, 4);
    r->doc.record = (long)sqlite3_column_int64(s, 5);
    y->doc = &r->doc;
    y->dateline = col_text(s, 6);
    snprintf(y->date, sizeof y->date, "%s", col_text(s, 7) ? col_text(s, 7) : "");
    y->nevents = seq + 1;
    dyad_story_event *e = &y->events[seq];
    e->sentence = (uint32_t)sentence;
    rebuild_actor(s, 11, &e->source);
    rebuild_actor(s, 17, &e->target);
    dyad_cameo_code *c = &r->cameo;
    snprintf(c->code, sizeof c->code, "%s", col_text(s, 23));
    snprintf(c->root, sizeof c->root, "%s", col_text(s, 24));
    c->name = col_text(s, 25);
    c->quad_class = sqlite3_column_int(s, 26);
    c->goldstein = sqlite3_column_double(s, 27);
    c->plover_type = col_text(s, 28);
    c->plover_mode = col_text(s, 29);
    c->plover_context = col_text(s, 30);
    e->cameo = c;
    e->verb_text = col_text(s, 31);
    e->verb_span.start = (uint32_t)sqlite3_column_int64(s, 32);
    e->verb_span.end = (uint32_t)sqlite3_column_int64(s, 33);
    e->passive = (uint8_t)sqlite3_column_int(s, 34);
    e->future = (uint8_t)sqlite3_column_int(s, 35);
    e->hypothetical = (uint8_t)sqlite3_column_int(s, 36);
    e->historical = (uint8_t)sqlite3_column_int(s, 37);
    e->speaker = col_text(s, 38);
    e->block = col_text(s, 39);
    e->pattern = col_text(s, 40);
    snprintf(e->event_date, sizeof e->event_date, "%s", col_text(s, 41) ? col_text(s, 41) : "");
    e->location = NULL;
    if (col_text(s, 42)) {
        r->place.name = col_text(s, 42);
        snprintf(r->place.country, sizeof r->place.country, "%s",
                 col_text(s, 43) ? col_text(s, 43) : "");
        r->place.lat = sqlite3_column_double(s, 44);
        r->place.lon = sqlite3_column_double(s, 45);
        e->location = &r->place;
    }
    /* "2,5": at most one index per two bytes */
    const char *ev = col_text(s, 46) ? col_text(s, 46) : "";
    if (reserve((void **)&r->evidence, &r->evidence_cap, strlen(ev) / 2 + 1, sizeof *r->evidence))
        return -1;
    size_t n = 0;
    for (char *end; *ev; ev = *end ? end + 1 : end)
        r->evidence[n++] = (uint32_t)strtoul(ev, &end, 10) - 1;
    e->evidence = r->evidence;
    e->nevidence = n;
    return (long)seq;
}

long dyad_store_events(dyad_store *st, const dyad_store_filter *f, dyad_out_format fmt,
                       FILE *out)
{
    query q;
    rebuilt r = {0};
    if (q_open(st, &q))
        return -1;
    fprintf(q.f, "SELECT %s FROM events e JOIN stories s ON s.id = e.story"
                 " JOIN codes c ON c.code = e.code WHERE 1", rebuild_cols);
    q_where(&q, f);
    fputs(" ORDER BY e.id", q.f);
    sqlite3_stmt *s = q_prepare(st, &q);
    if (!s)
        return -1;
    if (sqlite3_prepare_v2(st->db, "SELECT sentences, text FROM stories WHERE id = ?1", -1,
                           &r.sentences, NULL) != SQLITE_OK) {
        sqlite3_finalize(s);
        return fail(st, "query");
    }
    dyad_write_header(out, fmt);
    long n = 0;
    int rc;
    while ((rc = step(st, s)) == 1) {
        sqlite3_int64 story = sqlite3_column_int64(s, 10);
        if (story != r.loaded && load_sentences(st, &r, story) != 0) {
            rc = -1;
            break;
        }
        long i = rebuild(s, &r);
        if (i < 0) {
            snprintf(st->err, sizeof st->err, "%s: out of memory", st->path);
            rc = -1;
            break;
        }
        if (r.story.events[i].sentence >= r.story.nsentences) {
            snprintf(st->err, sizeof st->err, "%s: story %lld: event %ld is in sentence %u,"
                     " which the story does not have", st->path, (long long)story, i,
                     r.story.events[i].sentence + 1);
            rc = -1;
            break;
        }
        dyad_write_event(out, &r.story, (size_t)i, fmt, 0);
        n++;
    }
    free(r.story.sentences);
    free(r.story.events);
    free(r.evidence);
    free(r.texts);
    free(r.text_at);
    sqlite3_finalize(r.sentences);
    sqlite3_finalize(s);
    return rc < 0 ? -1 : n;
}

/* ---- tables: series and top-N rows in JSONL, CSV or TSV -------------------------------- */

typedef struct cell {
    const char *v; /* NULL: no value */
    int quoted;    /* a string, not a number */
} cell;

static void table_header(FILE *f, dyad_out_format fmt, const char *const *names, size_t n)
{
    if (fmt == DYAD_OUT_JSONL)
        return;
    for (size_t i = 0; i < n; i++) {
        if (i)
            putc(fmt == DYAD_OUT_CSV ? ',' : '\t', f);
        fputs(names[i], f);
    }
    putc('\n', f);
}

static void table_value(FILE *f, dyad_out_format fmt, cell c)
{
    if (!c.v) {
        if (fmt == DYAD_OUT_JSONL)
            fputs("null", f);
    } else if (!c.quoted) {
        fputs(c.v, f);
    } else if (fmt == DYAD_OUT_JSONL) {
        dyad_json_string(f, c.v);
    } else if (fmt == DYAD_OUT_CSV && !strpbrk(c.v, ",\"\r\n")) {
        fputs(c.v, f);
    } else if (fmt == DYAD_OUT_CSV) {
        putc('"', f);
        for (const char *p = c.v; *p; p++) {
            if (*p == '"')
                putc('"', f);
            putc(*p, f);
        }
        putc('"', f);
    } else {
        for (const char *p = c.v; *p; p++)
            putc(*p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p, f);
    }
}

static void table_row(FILE *f, dyad_out_format fmt, const char *const *names, const cell *c,
                      size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (fmt == DYAD_OUT_JSONL) {
            fputs(i ? "," : "{", f);
            dyad_json_string(f, names[i]);
            putc(':', f);
        } else if (i) {
            putc(fmt == DYAD_OUT_CSV ? ',' : '\t', f);
        }
        table_value(f, fmt, c[i]);
    }
    fputs(fmt == DYAD_OUT_JSONL ? "}\n" : "\n", f);
}

/* ---- series ---------------------------------------------------------------------------- */

typedef struct tally {
    long events, quad[5];
    long long tenths; /* Goldstein scores are tenths: summing integers keeps sums exact */
} tally;

static const char *const series_cols[] = {"period", "start", "events", "quad1", "quad2",
                                          "quad3", "quad4", "goldstein_sum", "goldstein_mean"};

static void series_row(FILE *f, dyad_out_format fmt, dyad_series_unit unit, long start,
                       const tally *t)
{
    char label[48], day[48], num[7][32];
    period_label(start, unit, label, sizeof label);
    period_label(start, DYAD_SERIES_DAY, day, sizeof day);
    snprintf(num[0], sizeof num[0], "%ld", t->events);
    for (int q = 1; q <= 4; q++)
        snprintf(num[q], sizeof num[q], "%ld", t->quad[q]);
    snprintf(num[5], sizeof num[5], "%.1f", (double)t->tenths / 10.0);
    double mean = t->events ? (double)t->tenths / 10.0 / (double)t->events : 0;
    snprintf(num[6], sizeof num[6], "%.3f", mean > -0.0005 && mean < 0.0005 ? 0.0 : mean);
    cell c[9] = {{label, 1}, {day, 1},       {num[0], 0}, {num[1], 0},
                 {num[2], 0}, {num[3], 0},   {num[4], 0}, {num[5], 0},
                 {t->events ? num[6] : NULL, 0}};
    table_row(f, fmt, series_cols, c, 9);
}

long dyad_store_series(dyad_store *st, const dyad_store_filter *f, dyad_series_unit unit,
                       dyad_out_format fmt, FILE *out)
{
    query q;
    if (q_open(st, &q))
        return -1;
    fputs("SELECT e.date, count(*), sum(e.quad_class = 1), sum(e.quad_class = 2),"
          " sum(e.quad_class = 3), sum(e.quad_class = 4),"
          " sum(CAST(round(e.goldstein * 10) AS INTEGER)) FROM events e"
          " WHERE e.date IS NOT NULL", q.f);
    q_where(&q, f);
    fputs(" GROUP BY e.date ORDER BY e.date", q.f);
    sqlite3_stmt *s = q_prepare(st, &q);
    if (!s)
        return -1;
    table_header(out, fmt, series_cols, 9);
    long from = f->from ? parse_day(f->from) : NO_DAY, to = f->to ? parse_day(f->to) : NO_DAY;
    long cur = from == NO_DAY ? NO_DAY : period_start(from, unit), rows = 0, last = NO_DAY;
    tally t = {0};
    int rc;
    while ((rc = step(st, s)) == 1) {
        long day = parse_day(col_text(s, 0));
        if (day == NO_DAY) {
            snprintf(st->err, sizeof st->err, "%s: bad date '%s' in the events table", st->path,
                     col_text(s, 0));
            rc = -1;
            break;
        }
        if (cur == NO_DAY)
            cur = period_start(day, unit);
        for (; day >= period_next(cur, unit); cur = period_next(cur, unit), rows++) {
            series_row(out, fmt, unit, cur, &t);
            memset(&t, 0, sizeof t);
        }
        t.events += sqlite3_column_int64(s, 1);
        for (int c = 1; c <= 4; c++)
            t.quad[c] += sqlite3_column_int64(s, 1 + c);
        t.tenths += sqlite3_column_int64(s, 6);
        last = day;
    }
    sqlite3_finalize(s);
    if (rc < 0)
        return -1;
    long end = to != NO_DAY ? to : last; /* the series runs to the period holding `end` */
    for (; cur != NO_DAY && end != NO_DAY && cur <= end; cur = period_next(cur, unit), rows++) {
        series_row(out, fmt, unit, cur, &t);
        memset(&t, 0, sizeof t);
    }
    return rows;
}

/* ---- top-N ----------------------------------------------------------------------------- */

long dyad_store_top(dyad_store *st, const dyad_store_filter *f, dyad_top_kind kind,
                    long limit, dyad_out_format fmt, FILE *out)
{
    static const char *const cols[][3] = {
        [DYAD_TOP_ACTORS] = {"actor", "events", NULL},
        [DYAD_TOP_DYADS] = {"source", "target", "events"},
        [DYAD_TOP_CODES] = {"code", "name", "events"},
    };
    size_t ncols = kind == DYAD_TOP_ACTORS ? 2 : 3;
    query q;
    if (q_open(st, &q))
        return -1;
    if (kind == DYAD_TOP_ACTORS) {
        /* an event whose source and target are one actor counts once: its target is left
         * out, rather than a UNION deduplicating (id, actor) pairs through a temporary
         * b-tree, which took 22 s instead of 3.4 s on 1.9 million events */
        fputs("SELECT actor, count(*) AS n FROM (SELECT e.source_code AS actor"
              " FROM events e WHERE 1", q.f);
        q_where(&q, f);
        fputs(" UNION ALL SELECT e.target_code FROM events e"
              " WHERE +e.target_code IS NOT NULL AND e.target_code IS NOT e.source_code", q.f);
        q_where(&q, f);
        fputs(") GROUP BY actor ORDER BY n DESC, actor LIMIT ?", q.f);
    } else if (kind == DYAD_TOP_DYADS) {
        /* `+`: neither "has a target" nor the grouping picks an index, which would read
         * the events in index order, one seek each (twice as slow as a scan on 1.9
         * million events); a filter on an actor still uses one */
        fputs("SELECT e.source_code, e.target_code, count(*) AS n FROM events e"
              " WHERE +e.target_code IS NOT NULL", q.f);
        q_where(&q, f);
        fputs(" GROUP BY +e.source_code, +e.target_code ORDER BY n DESC, e.source_code,"
              " e.target_code LIMIT ?", q.f);
    } else {
        fputs("SELECT e.code, c.name, count(*) AS n FROM events e JOIN codes c ON c.code = e.code"
              " WHERE 1", q.f);
        q_where(&q, f);
        fputs(" GROUP BY e.code ORDER BY n DESC, e.code LIMIT ?", q.f);
    }
    q_value(&q, NULL, limit);
    sqlite3_stmt *s = q_prepare(st, &q);
    if (!s)
        return -1;
    table_header(out, fmt, cols[kind], ncols);
    long rows = 0;
    int rc;
    while ((rc = step(st, s)) == 1) {
        cell c[3];
        for (size_t i = 0; i < ncols; i++)
            c[i] = (cell){col_text(s, (int)i), i + 1 < ncols};
        table_row(out, fmt, cols[kind], c, ncols);
        rows++;
    }
    sqlite3_finalize(s);
    return rc < 0 ? -1 : rows;
}
