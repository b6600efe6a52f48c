/* read — documents from text, JSONL and PETRARCH XML streams.
 *
 * Every format reads from one byte source: a FILE (a file, stdin, or fmemopen() over a
 * private copy of the caller's buffer) behind a small push-back area.  The push-back holds
 * the bytes that format sniffing took from stdin: a pipe cannot be rewound and ungetc()
 * promises one byte only.
 *
 * JSONL lines come from getline(), so a line may be any length.  A record of the common
 * shape (an object of strings, null, numbers, nested values under unknown keys; no escape
 * in a key) is read by a small scanner that decodes only the members dyad uses, straight
 * into the document; cJSON cost more than coding the story.  Any line that scanner is not
 * sure of, every malformed one included, goes to cJSON, which then says what is wrong: the
 * scanner accepts a subset of what cJSON accepts and decodes it the same way, so it changes
 * no result and no message.  cJSON stops at a NUL byte and decodes \u0000 into one, and
 * either would silently cut a string short, so such lines are rejected instead.
 *
 * XML is a hand-written streaming scanner, not a general XML parser.  It skips everything
 * outside <Sentence> elements and, inside one, keeps only the decoded text of its first
 * <Text>, so memory holds one sentence however large the <Parse> trees are.  A <Sentence>
 * that opens before the previous one has closed ends that one as unterminated: a lost end
 * tag costs one record, not the rest of the file.
 *
 * Growable buffers record an allocation failure in a flag rather than returning it, as
 * SQLite's StrAccum does; the flag is tested once per record. */
#include "read.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/types.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ---- growable byte buffers ------------------------------------------------------------ */

typedef struct {
    char *p;      /* NUL-terminated once anything was reserved */
    size_t len;
    size_t cap;
    int oom;      /* an allocation failed; later additions are dropped */
} sbuf;

static void sb_reserve(sbuf *b, size_t more)
{
    size_t need, cap;
    char *p;
    if (b->oom)
        return;
    if (more > SIZE_MAX / 2 - b->len) {
        b->oom = 1;
        return;
    }
    need = b->len + more + 1;
    if (need <= b->cap)
        return;
    for (cap = b->cap ? b->cap : 64; cap < need; cap *= 2)
        ;
    if ((p = realloc(b->p, cap)) == NULL) {
        b->oom = 1;
        return;
    }
    b->p = p;
    b->p[b->len] = '\0';
    b->cap = cap;
}

static void sb_add(sbuf *b, const char *s, size_t n)
{
    sb_reserve(b, n);
    if (b->oom)
        return;
    if (n)
        memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_push(sbuf *b, int c)
{
    char ch = (char)c;
    sb_add(b, &ch, 1);
}

static void sb_clear(sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* ---- the reader ----------------------------------------------------------------------- */

struct dyad_reader {
    FILE *fp;
    int own_fp;             /* opened here (a file or fmemopen), so closed here */
    char *mem;              /* the copy fmemopen() reads, or NULL */
    dyad_input_format fmt;  /* never AUTO once open */
    char *origin;
    char *base_id;          /* the id of records that carry none */
    long record;
    int done;               /* end of input or a fatal error was reported */
    int io_error;           /* errno of a failed read, 0 if none */
    sbuf pre;               /* bytes read by sniffing, served before fp's */
    size_t pre_pos;
    int unget;              /* one byte the XML scanner pushed back, or EOF */
    char *line;             /* JSONL: getline()'s buffer */
    size_t line_cap;
    sbuf tmp;               /* JSONL: a line that began in the sniffed bytes */
    sbuf meta;              /* JSONL: decoded id, date, source and url of the fast path */
    sbuf tag;               /* XML: the tag just read, '<' to '>' */
    sbuf text;              /* XML: the decoded <Text> of the current sentence */
    int pending;            /* XML: tag holds a <Sentence> start tag not yet read */
};

/* The fields a record may carry, borrowed from the parser's storage until copied. */
typedef struct {
    const char *id, *date, *source, *url, *title;
    char idbuf[24];         /* a numeric JSON id, printed */
    char datebuf[11];       /* the normalised date */
} meta;

static int is_space(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static const char *nonempty(const char *s)
{
    return s && *s ? s : NULL;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    if (!err || errlen == 0)
        return;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* Reports a malformed record; the stream goes on. */
static int bad_record(dyad_reader *r, char *err, size_t errlen, const char *id,
                      const char *why)
{
    if (nonempty(id))
        set_err(err, errlen, "%s:%ld: id %s: %s", r->origin, r->record, id, why);
    else
        set_err(err, errlen, "%s:%ld: %s", r->origin, r->record, why);
    return -1;
}

/* Ends the stream: 0 at a clean end of input, -2 after a read error. */
static int end_of_input(dyad_reader *r, char *err, size_t errlen)
{
    r->done = 1;
    if (!r->io_error)
        return 0;
    set_err(err, errlen, "%s: %s", r->origin, strerror(r->io_error));
    return -2;
}

static int no_memory(dyad_reader *r, char *err, size_t errlen)
{
    r->io_error = ENOMEM;
    return end_of_input(r, err, errlen);
}

/* ---- input ---------------------------------------------------------------------------- */

static void note_read_error(dyad_reader *r)
{
    if (ferror(r->fp) && !r->io_error)
        r->io_error = errno ? errno : EIO;
}

static int in_getc(dyad_reader *r)
{
    int c;
    if (r->unget != EOF) {
        c = r->unget;
        r->unget = EOF;
        return c;
    }
    if (r->pre_pos < r->pre.len)
        return (unsigned char)r->pre.p[r->pre_pos++];
    if ((c = getc_unlocked(r->fp)) == EOF)
        note_read_error(r);
    return c;
}

static ssize_t fp_getline(dyad_reader *r)
{
    ssize_t n;
    errno = 0;
    n = getline(&r->line, &r->line_cap, r->fp);
    if (n < 0 && errno == ENOMEM)
        r->io_error = ENOMEM;
    else if (n < 0)
        note_read_error(r);
    return n;
}

/* Points *line at the next line, newline included and NUL-terminated, and returns its
 * length; -1 at the end of input. */
static ssize_t in_getline(dyad_reader *r, char **line)
{
    const char *p, *nl;
    size_t avail, take;
    ssize_t n;
    if (r->pre_pos >= r->pre.len) {
        n = fp_getline(r);
        *line = r->line;
        return n;
    }
    /* Only while sniffed bytes remain: the line starts in them. */
    p = r->pre.p + r->pre_pos;
    avail = r->pre.len - r->pre_pos;
    nl = memchr(p, '\n', avail);
    take = nl ? (size_t)(nl - p) + 1 : avail;
    sb_clear(&r->tmp);
    sb_add(&r->tmp, p, take);
    r->pre_pos += take;
    if (!nl && (n = fp_getline(r)) > 0)
        sb_add(&r->tmp, r->line, (size_t)n);
    if (r->tmp.oom) {
        r->io_error = ENOMEM;
        return -1;
    }
    *line = r->tmp.p;
    return (ssize_t)r->tmp.len;
}

static void in_read_all(dyad_reader *r, sbuf *b)
{
    size_t n;
    if (r->pre_pos < r->pre.len)
        sb_add(b, r->pre.p + r->pre_pos, r->pre.len - r->pre_pos);
    r->pre_pos = r->pre.len;
    do {
        sb_reserve(b, 65536);
        if (b->oom)
            return;
        n = fread(b->p + b->len, 1, b->cap - b->len - 1, r->fp);
        b->len += n;
    } while (n > 0);
    b->p[b->len] = '\0';
    note_read_error(r);
}

/* Picks the format of an unnamed stream from its first byte that is neither blank nor part
 * of a UTF-8 byte-order mark, keeping every byte read for the reader. */
static dyad_input_format sniff(dyad_reader *r)
{
    int c;
    while ((c = getc(r->fp)) != EOF) {
        sb_push(&r->pre, c);
        if (r->pre.oom)
            break;
        if (is_space(c) || (r->pre.len <= 3 && memcmp(r->pre.p, "\xEF\xBB\xBF",
                                                       r->pre.len) == 0))
            continue;
        return c == '{' ? DYAD_INPUT_JSONL : c == '<' ? DYAD_INPUT_XML : DYAD_INPUT_TEXT;
    }
    note_read_error(r);
    return DYAD_INPUT_TEXT;
}

/* ---- metadata ------------------------------------------------------------------------- */

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return 1;
}

static int number(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++)
        v = v * 10 + (s[i] - '0');
    return v;
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Normalises a date to "YYYY-MM-DD" in out[11].  Takes YYYYMMDD, and YYYY-MM-DD alone or
 * followed by a time ("2024-03-05T10:00:00Z", as news APIs export), whose time is
 * dropped.  Returns -1 for anything else, including days that do not exist. */
static int norm_date(const char *s, char out[11])
{
    size_t n = strlen(s);
    int y, m, d;
    if (n == 8 && digits(s, 8)) {
        memcpy(out, s, 4);
        memcpy(out + 5, s + 4, 2);
        memcpy(out + 8, s + 6, 2);
        out[4] = out[7] = '-';
    } else if (n >= 10 && digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
               digits(s + 8, 2) && (n == 10 || s[10] == 'T' || s[10] == ' ')) {
        memcpy(out, s, 10);
    } else {
        return -1;
    }
    out[10] = '\0';
    y = number(out, 4);
    m = number(out + 5, 2);
    d = number(out + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return -1;
    return 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The last extension of a path's base name; a leading dot (".profile") is not one. */
static const char *extension(const char *path)
{
    const char *b = base_name(path), *dot = strrchr(b, '.');
    return dot && dot != b ? dot + 1 : NULL;
}

/* Records without an id are named after their file: "dir/story.txt" gives "story". */
static char *default_id(const char *origin)
{
    const char *b = base_name(origin), *ext = extension(origin);
    size_t n = ext ? (size_t)(ext - 1 - b) : strlen(b);
    if (strcmp(origin, "-") == 0)
        return strdup("stdin");
    return n ? strndup(b, n) : strdup(origin);
}

static dyad_input_format format_by_name(const char *path)
{
    const char *ext = extension(path);
    if (ext && (strcasecmp(ext, "jsonl") == 0 || strcasecmp(ext, "json") == 0 ||
                strcasecmp(ext, "ndjson") == 0))
        return DYAD_INPUT_JSONL;
    if (ext && strcasecmp(ext, "xml") == 0)
        return DYAD_INPUT_XML;
    return DYAD_INPUT_TEXT;
}

/* Moves a finished record into *doc, copying the borrowed metadata; takes `text`. */
static int doc_fill(dyad_reader *r, dyad_doc *doc, const meta *m, char *text, size_t len,
                    size_t headline_len, char *err, size_t errlen)
{
    const char *id = nonempty(m->id) ? m->id : r->base_id;
    const char *date = nonempty(m->date), *source = nonempty(m->source);
    const char *url = nonempty(m->url);
    doc->id = strdup(id);
    doc->date = date ? strdup(date) : NULL;
    doc->source = source ? strdup(source) : NULL;
    doc->url = url ? strdup(url) : NULL;
    doc->text = text;
    doc->len = len;
    doc->headline_len = headline_len;
    doc->origin = r->origin;
    doc->record = r->record;
    if (!doc->id || !text || (date && !doc->date) || (source && !doc->source) ||
        (url && !doc->url)) {
        dyad_doc_free(doc);
        return no_memory(r, err, errlen);
    }
    return 1;
}

/* ---- text ----------------------------------------------------------------------------- */

/* The first line is a headline when a blank line follows it and it does not read as a
 * lead paragraph: headlines carry no final period, and never two sentences. */
static size_t headline_length(const char *s, size_t n)
{
    const char *nl = memchr(s, '\n', n), *p;
    size_t h;
    if (!nl)
        return 0;
    h = (size_t)(nl - s);
    if (h > 0 && s[h - 1] == '\r')
        h--;
    for (p = nl + 1; p < s + n && (*p == ' ' || *p == '\t' || *p == '\r'); p++)
        ;
    if (p == s + n || *p != '\n')
        return 0;
    size_t last = h;
    while (last > 0 && is_space((unsigned char)s[last - 1]))
        last--;
    if (last == 0 || s[last - 1] == '.')
        return 0;
    return h;
}

static int text_next(dyad_reader *r, dyad_doc *doc, char *err, size_t errlen)
{
    sbuf b = {0};
    meta m = {0};
    in_read_all(r, &b);
    r->done = 1;
    if (r->io_error || b.oom) {
        free(b.p);
        return b.oom ? no_memory(r, err, errlen) : end_of_input(r, err, errlen);
    }
    size_t k = 0;
    while (k < b.len && is_space((unsigned char)b.p[k]))
        k++;
    if (k == b.len) { /* an empty or blank stream holds no story (`dyad ingest DB </dev/null`) */
        free(b.p);
        return end_of_input(r, err, errlen);
    }
    r->record = 1;
    return doc_fill(r, doc, &m, b.p, b.len, headline_length(b.p, b.len), err, errlen);
}

/* ---- JSONL ---------------------------------------------------------------------------- */

/* The members of a record that dyad reads. */
typedef struct {
    const cJSON *id, *date, *source, *url, *title, *text;
} jrec;

/* Finds the known members.  Returns the name of one given twice, else NULL: cJSON keeps
 * both, and which one the writer meant is anyone's guess. */
static const char *jrec_pick(const cJSON *obj, jrec *f)
{
    static const char *const keys[] = {"id", "date", "source", "url", "title", "text"};
    const cJSON **slots[] = {&f->id, &f->date, &f->source, &f->url, &f->title, &f->text};
    const char *dup = NULL;
    memset(f, 0, sizeof *f);
    for (const cJSON *m = obj->child; m; m = m->next)
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            if (m->string && strcmp(m->string, keys[k]) == 0) {
                if (*slots[k] && !dup)
                    dup = keys[k];
                *slots[k] = *slots[k] ? *slots[k] : m;
            }
    return dup;
}

/* A string member, absent or null (*out = NULL), or -1 for any other type. */
static int json_string(const cJSON *v, const char **out)
{
    *out = NULL;
    if (!v || cJSON_IsNull(v))
        return 0;
    if (!cJSON_IsString(v))
        return -1;
    *out = v->valuestring;
    return 0;
}

/* A numeric id, which must be an integer, printed into m->idbuf. */
static int number_id(double d, meta *m)
{
    if (!(d >= -9.2e18 && d <= 9.2e18) || (double)(long long)d != d)
        return -1;
    snprintf(m->idbuf, sizeof m->idbuf, "%lld", (long long)d);
    m->id = m->idbuf;
    return 0;
}

/* An id is a string or, as many exports write it, an integer. */
static int json_id(const cJSON *v, meta *m)
{
    if (!cJSON_IsNumber(v))
        return json_string(v, &m->id);
    return number_id(v->valuedouble, m);
}

/* Fills m from a parsed record.  Returns NULL, or why the record is malformed, with m->id
 * set when the id could be read. */
static const char *jsonl_check(const cJSON *root, jrec *f, meta *m, char *why, size_t whylen)
{
    static const char *const names[] = {"date", "source", "url", "title"};
    const char *dup;
    if (!cJSON_IsObject(root))
        return "not a JSON object";
    dup = jrec_pick(root, f);
    if ((dup && strcmp(dup, "id") == 0) || json_id(f->id, m) != 0) {
        m->id = NULL;
        return dup ? "duplicate key \"id\"" : "\"id\" is not a string or an integer";
    }
    if (dup) {
        snprintf(why, whylen, "duplicate key \"%s\"", dup);
        return why;
    }
    const cJSON *v[] = {f->date, f->source, f->url, f->title};
    const char **dst[] = {&m->date, &m->source, &m->url, &m->title};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (json_string(v[k], dst[k]) != 0) {
            snprintf(why, whylen, "\"%s\" is not a string", names[k]);
            return why;
        }
    if (!f->text)
        return "no \"text\"";
    if (!cJSON_IsString(f->text))
        return "\"text\" is not a string";
    if (nonempty(m->date) && norm_date(m->date, m->datebuf) != 0) {
        snprintf(why, whylen, "invalid date \"%.40s\"", m->date);
        return why;
    }
    m->date = nonempty(m->date) ? m->datebuf : NULL;
    return NULL;
}

/* 1 when the line has a \u0000 escape.  A backslash escapes the next byte, so "\\u0000"
 * is a backslash and five characters, not a NUL. */
static int has_nul_escape(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++)
        if (s[i] == '\\') {
            if (s[i + 1] == 'u' && n - i >= 6 && memcmp(s + i + 2, "0000", 4) == 0)
                return 1;
            i++;
        }
    return 0;
}

/* Best effort, for the message about a line cJSON rejected: the value of a top-level "id"
 * key when it is a string without escapes or an integer. */
static char *salvage_id(const char *s, size_t n)
{
    int depth = 0;
    for (size_t i = 0; i < n; i++) {
        size_t start, j;
        if (s[i] == '{' || s[i] == '[')
            depth++;
        else if (s[i] == '}' || s[i] == ']')
            depth--;
        if (s[i] != '"')
            continue;
        for (start = ++i; i < n && s[i] != '"'; i++)
            if (s[i] == '\\')
                i++;
        if (i >= n)
            return NULL;
        if (depth != 1 || i - start != 2 || memcmp(s + start, "id", 2) != 0)
            continue;
        for (j = i + 1; j < n && is_space((unsigned char)s[j]); j++)
            ;
        if (j >= n || s[j] != ':')
            continue;
        for (j++; j < n && is_space((unsigned char)s[j]); j++)
            ;
        if (j < n && s[j] == '"') {
            for (start = ++j; j < n && s[j] != '"' && s[j] != '\\'; j++)
                ;
            return j < n && s[j] == '"' && j > start ? strndup(s + start, j - start) : NULL;
        }
        for (start = j; j < n && (digits(s + j, 1) || (j == start && s[j] == '-')); j++)
            ;
        return j > start && digits(s + j - 1, 1) ? strndup(s + start, j - start) : NULL;
    }
    return NULL;
}

static int bad_line(dyad_reader *r, const char *line, size_t len, const char *why, char *err,
                    size_t errlen)
{
    char *id = salvage_id(line, len);
    int rc = bad_record(r, err, errlen, id, why);
    free(id);
    return rc;
}

/* Story text: the title, a blank line and the text, or the text alone. */
static int jsonl_doc(dyad_reader *r, const jrec *f, const meta *m, dyad_doc *doc, char *err,
                     size_t errlen)
{
    const char *title = nonempty(m->title), *body = f->text->valuestring;
    size_t tl = title ? strlen(title) : 0, bl = strlen(body);
    size_t len = tl ? tl + 2 + bl : bl;
    char *text = malloc(len + 1);
    if (text) {
        if (tl) {
            memcpy(text, title, tl);
            memcpy(text + tl, "\n\n", 2);
        }
        memcpy(text + len - bl, body, bl + 1);
    }
    return doc_fill(r, doc, m, text, len, tl, err, errlen);
}

/* ---- characters: shared by the JSON escapes and the XML entities ---------------------- */

static int utf8_encode(unsigned long c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static int digit_value(char c, int hex)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (hex && c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* ---- JSONL without cJSON -------------------------------------------------------------- */

/* The scanner's answer when a line is not of the shape it reads: cJSON reads it instead. */
#define NOT_SURE 2

/* Deeper nesting (under unknown keys) goes to cJSON, whose limit is far higher. */
#define FAST_DEPTH 32

/* A number longer than this goes to cJSON, which reads at most 63 of its characters. */
#define FAST_NUMBER 32

enum { FJ_ABSENT, FJ_NULL, FJ_STRING, FJ_NUMBER, FJ_OTHER };

/* A member's value as it stands in the line: for a string the bytes between its quotes,
 * escapes undecoded. */
typedef struct {
    int type;
    const char *p;
    size_t n;
    int escaped;
} fjval;

typedef struct {
    const char *end;    /* the line's NUL */
    int depth;
} fjscan;

static const char *fj_space(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

static int hex4(const char *p, unsigned *v)
{
    *v = 0;
    for (int i = 0; i < 4; i++) {
        int d = digit_value(p[i], 1);
        if (d < 0)
            return -1;
        *v = *v << 4 | (unsigned)d;
    }
    return 0;
}

/* The \u escape at p ("\uXXXX", or a surrogate pair "\uD83D\uDE00"): its code point and
 * length, or 0 for one cJSON rejects (a lone or reversed surrogate) or turns into a NUL. */
static size_t unicode_escape(const char *p, unsigned long *cp)
{
    unsigned hi, lo;
    if (hex4(p + 2, &hi) != 0 || hi == 0 || (hi >= 0xDC00 && hi <= 0xDFFF))
        return 0;
    if (hi < 0xD800 || hi > 0xDBFF) {
        *cp = hi;
        return 6;
    }
    if (p[6] != '\\' || p[7] != 'u' || hex4(p + 8, &lo) != 0 || lo < 0xDC00 || lo > 0xDFFF)
        return 0;
    *cp = 0x10000 + ((unsigned long)(hi - 0xD800) << 10) + (lo - 0xDC00);
    return 12;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Does one of the eight bytes end a run of plain string bytes: '"' or '\\'? */
static int quote_or_backslash8(uint64_t w)
{
    uint64_t q = w ^ ('"' * ONES), b = w ^ ('\\' * ONES);
    return ((((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS) != 0;
}

/* A string at p (its opening quote).  Returns what follows it, or NULL when not sure. */
static const char *fj_string(const fjscan *z, const char *p, fjval *v)
{
    const char *s = ++p;
    v->type = FJ_STRING;
    v->escaped = 0;
    for (;;) {
#ifdef __SSE2__
        /* sixteen bytes a step where SSE2 is, to the exact byte: a story's text is most of
         * a record */
        const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
        for (; z->end - p >= 16; p += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
            int m = _mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
            if (m) {
                p += __builtin_ctz((unsigned)m);
                break;
            }
        }
#endif
        for (; z->end - p >= 8; p += 8) {
            uint64_t w;
            memcpy(&w, p, 8);
            if (quote_or_backslash8(w))
                break;
        }
        while (*p && *p != '"' && *p != '\\')
            p++;
        if (*p == '"')
            break;
        if (!*p)
            return NULL;
        v->escaped = 1;
        unsigned long cp;
        if (p[1] == 'u') {
            size_t n = unicode_escape(p, &cp);
            if (!n)
                return NULL;
            p += n;
        } else if (p[1] && strchr("\"\\/bfnrt", p[1])) {
            p += 2;
        } else {
            return NULL;
        }
    }
    v->p = s;
    v->n = (size_t)(p - s);
    return p + 1;
}

/* A number as JSON defines it, at most FAST_NUMBER characters. */
static const char *fj_number(const char *p, fjval *v)
{
    const char *s = p;
    if (*p == '-')
        p++;
    if (*p == '0')
        p++;
    else if (*p >= '1' && *p <= '9')
        while (*p >= '0' && *p <= '9')
            p++;
    else
        return NULL;
    if (*p == '.') {
        if (!(*++p >= '0' && *p <= '9'))
            return NULL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!(*p >= '0' && *p <= '9'))
            return NULL;
        while (*p >= '0' && *p <= '9')
            p++;
    }
    if (p - s > FAST_NUMBER)
        return NULL;
    v->type = FJ_NUMBER;
    v->p = s;
    v->n = (size_t)(p - s);
    return p;
}

static const char *fj_value(fjscan *z, const char *p, fjval *v);

/* The members of an object or the elements of an array at p ('{' or '['), skipped. */
static const char *fj_skip(fjscan *z, const char *p)
{
    char close = *p == '{' ? '}' : ']';
    fjval v;
    if (++z->depth > FAST_DEPTH)
        return NULL;
    p = fj_space(p + 1);
    if (*p == close) {
        z->depth--;
        return p + 1;
    }
    for (;;) {
        if (close == '}') {
            if (*p != '"' || !(p = fj_string(z, p, &v)))
                return NULL;
            if (*(p = fj_space(p)) != ':')
                return NULL;
            p = fj_space(p + 1);
        }
        if (!(p = fj_value(z, p, &v)))
            return NULL;
        p = fj_space(p);
        if (*p == close) {
            z->depth--;
            return p + 1;
        }
        if (*p != ',')
            return NULL;
        p = fj_space(p + 1);
    }
}

static const char *fj_value(fjscan *z, const char *p, fjval *v)
{
    v->type = FJ_OTHER;
    switch (*p) {
    case '"':
        return fj_string(z, p, v);
    case '{':
    case '[':
        return fj_skip(z, p);
    case 't':
        return strncmp(p, "true", 4) == 0 ? p + 4 : NULL;
    case 'f':
        return strncmp(p, "false", 5) == 0 ? p + 5 : NULL;
    case 'n':
        v->type = FJ_NULL;
        return strncmp(p, "null", 4) == 0 ? p + 4 : NULL;
    default:
        return fj_number(p, v);
    }
}

/* Decodes a string value (escapes checked by fj_string) to out, which holds v->n bytes
 * and a NUL; returns the length. */
static size_t fj_decode(const fjval *v, char *out)
{
    const char *p = v->p, *end = v->p + v->n;
    size_t k = 0;
    if (!v->escaped) {
        memcpy(out, p, v->n);
        out[v->n] = '\0';
        return v->n;
    }
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        size_t run = bs ? (size_t)(bs - p) : (size_t)(end - p);
        memcpy(out + k, p, run);
        k += run;
        p += run;
        if (p == end)
            break;
        unsigned long cp;
        switch (p[1]) {
        case 'u':
            p += unicode_escape(p, &cp);
            k += (size_t)utf8_encode(cp, out + k);
            continue;
        case 'b': out[k++] = '\b'; break;
        case 'f': out[k++] = '\f'; break;
        case 'n': out[k++] = '\n'; break;
        case 'r': out[k++] = '\r'; break;
        case 't': out[k++] = '\t'; break;
        default: out[k++] = p[1]; break;
        }
        p += 2;
    }
    out[k] = '\0';
    return k;
}

/* The known members of a record at line[0..len), as jrec_pick finds them.  0, or
 * NOT_SURE. */
static int fj_record(const char *line, size_t len, fjval f[6])
{
    static const char *const keys[] = {"id", "date", "source", "url", "title", "text"};
    fjscan z = {line + len, 0};
    const char *p = fj_space(line);
    for (int k = 0; k < 6; k++)
        f[k].type = FJ_ABSENT;
    if (*p != '{')
        return NOT_SURE;
    p = fj_space(p + 1);
    while (*p != '}') {
        fjval key, v, *slot = &v;
        if (*p != '"' || !(p = fj_string(&z, p, &key)) || key.escaped)
            return NOT_SURE;
        for (int k = 0; k < 6; k++)
            if (key.n == strlen(keys[k]) && memcmp(key.p, keys[k], key.n) == 0) {
                if (f[k].type != FJ_ABSENT)
                    return NOT_SURE; /* a duplicate: cJSON's path reports it */
                slot = &f[k];
            }
        if (*(p = fj_space(p)) != ':' || !(p = fj_value(&z, fj_space(p + 1), slot)))
            return NOT_SURE;
        p = fj_space(p);
        if (*p == '}')
            break;
        if (*p != ',' || *(p = fj_space(p + 1)) == '}')
            return NOT_SURE;
    }
    return *fj_space(p + 1) ? NOT_SURE : 0;
}

/* A record of the common shape, straight into *doc: 1, or what doc_fill returns, or
 * NOT_SURE (nothing done) when cJSON must read the line. */
static int jsonl_fast(dyad_reader *r, const char *line, size_t len, dyad_doc *doc, char *err,
                      size_t errlen)
{
    enum { ID, DATE, SOURCE, URL, TITLE, TEXT };
    fjval f[6];
    meta m;
    if (fj_record(line, len, f) != 0 || f[TEXT].type != FJ_STRING)
        return NOT_SURE;
    memset(&m, 0, sizeof m);
    size_t need = 0;
    for (int k = ID; k <= URL; k++) {
        if (f[k].type == FJ_STRING)
            need += f[k].n + 1;
        else if (f[k].type != FJ_ABSENT && f[k].type != FJ_NULL &&
                 !(k == ID && f[k].type == FJ_NUMBER))
            return NOT_SURE;
    }
    if (f[TITLE].type != FJ_STRING && f[TITLE].type != FJ_ABSENT && f[TITLE].type != FJ_NULL)
        return NOT_SURE;
    if (f[ID].type == FJ_NUMBER && number_id(strtod(f[ID].p, NULL), &m) != 0)
        return NOT_SURE;
    sb_clear(&r->meta);
    sb_reserve(&r->meta, need);
    if (r->meta.oom)
        return no_memory(r, err, errlen);
    const char **dst[] = {&m.id, &m.date, &m.source, &m.url};
    char *at = r->meta.p;
    for (int k = ID; k <= URL; k++)
        if (f[k].type == FJ_STRING) {
            *dst[k] = at;
            at += fj_decode(&f[k], at) + 1;
        }
    if (nonempty(m.date)) {
        if (norm_date(m.date, m.datebuf) != 0)
            return NOT_SURE;
        m.date = m.datebuf;
    }
    size_t tn = f[TITLE].type == FJ_STRING ? f[TITLE].n : 0;
    char *text = malloc(tn + 2 + f[TEXT].n + 1);
    if (!text)
        return no_memory(r, err, errlen);
    size_t tl = tn ? fj_decode(&f[TITLE], text) : 0;
    if (tl)
        memcpy(text + tl, "\n\n", 2);
    size_t body = tl ? tl + 2 : 0;
    size_t len_text = body + fj_decode(&f[TEXT], text + body);
    return doc_fill(r, doc, &m, text, len_text, tl, err, errlen);
}

static int jsonl_record(dyad_reader *r, char *line, size_t len, dyad_doc *doc, char *err,
                        size_t errlen)
{
    char why[96];
    const char *end = NULL, *problem;
    meta m;
    jrec f;
    cJSON *root;
    int rc;
    if (memchr(line, '\0', len))
        return bad_line(r, line, len, "NUL byte in the line", err, errlen);
    if ((rc = jsonl_fast(r, line, len, doc, err, errlen)) != NOT_SURE)
        return rc;
    if ((root = cJSON_ParseWithOpts(line, &end, 1)) == NULL) {
        if (end)
            snprintf(why, sizeof why, "invalid JSON at column %zu", (size_t)(end - line) + 1);
        return bad_line(r, line, len, end ? why : "invalid JSON", err, errlen);
    }
    memset(&m, 0, sizeof m);
    problem = jsonl_check(root, &f, &m, why, sizeof why);
    if (!problem && has_nul_escape(line, len))
        problem = "\\u0000 in a string";
    rc = problem ? bad_record(r, err, errlen, m.id, problem)
                 : jsonl_doc(r, &f, &m, doc, err, errlen);
    cJSON_Delete(root);
    return rc;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_space((unsigned char)s[i]))
            return 0;
    return 1;
}

static int jsonl_next(dyad_reader *r, dyad_doc *doc, char *err, size_t errlen)
{
    char *line;
    ssize_t n;
    size_t len;
    do {
        if ((n = in_getline(r, &line)) < 0)
            return end_of_input(r, err, errlen);
        len = (size_t)n;
        r->record++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        line[len] = '\0';
        if (r->record == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
            line += 3;
            len -= 3;
        }
    } while (blank(line, len));
    return jsonl_record(r, line, len, doc, err, errlen);
}

/* ---- XML: entities -------------------------------------------------------------------- */

/* "#8217", "#x2019" as a code point, or 0 when not a character reference we accept (NUL
 * and surrogates are not characters). */
static unsigned long char_ref(const char *e, size_t n)
{
    int hex = n > 1 && e[1] == 'x';
    size_t i = hex ? 2 : 1;
    unsigned long v = 0;
    if (i >= n)
        return 0;
    for (; i < n; i++) {
        int d = digit_value(e[i], hex);
        if (d < 0)
            return 0;
        v = v * (hex ? 16 : 10) + (unsigned long)d;
        if (v > 0x10FFFF)
            return 0;
    }
    return v >= 0xD800 && v <= 0xDFFF ? 0 : v;
}

/* The UTF-8 bytes of the entity named e[0..n) (between '&' and ';') in out[4]; 0 when it
 * is not one we know, and the caller then keeps the text as written ("AT&T"). */
static int entity_utf8(const char *e, size_t n, char *out)
{
    static const struct { const char *name; char c; } named[] = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    unsigned long c;
    if (n > 0 && e[0] == '#')
        return (c = char_ref(e, n)) != 0 ? utf8_encode(c, out) : 0;
    for (size_t k = 0; k < sizeof named / sizeof *named; k++)
        if (strlen(named[k].name) == n && memcmp(named[k].name, e, n) == 0) {
            out[0] = named[k].c;
            return 1;
        }
    return 0;
}

#define ENTITY_MAX 16   /* longest entity name looked at: "#x10FFFF" and room to spare */

/* Decodes s[0..n) into a new string. */
static char *decode_entities(const char *s, size_t n)
{
    sbuf b = {0};
    sb_reserve(&b, n);
    for (size_t i = 0; i < n; i++) {
        size_t room = n - i < ENTITY_MAX ? n - i : ENTITY_MAX;
        const char *semi = s[i] == '&' ? memchr(s + i, ';', room) : NULL;
        char u[4];
        int k = semi ? entity_utf8(s + i + 1, (size_t)(semi - (s + i)) - 1, u) : 0;
        if (k > 0) {
            sb_add(&b, u, (size_t)k);
            i = (size_t)(semi - s);
        } else {
            sb_push(&b, s[i]);
        }
    }
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* Decodes the entity after an '&' in a text into out.  A '<' ends it and is read again,
 * as markup. */
static void read_entity(dyad_reader *r, sbuf *out)
{
    char e[ENTITY_MAX], u[4];
    size_t n = 0;
    int c = EOF, k;
    while (n < sizeof e && (c = in_getc(r)) != EOF && c != ';') {
        if (c == '<' || c == '&' || c == '\0' || is_space(c)) {
            r->unget = c;
            break;
        }
        e[n++] = (char)c;
    }
    if (c == ';' && (k = entity_utf8(e, n, u)) > 0) {
        sb_add(out, u, (size_t)k);
        return;
    }
    sb_push(out, '&');
    sb_add(out, e, n);
    if (c == ';')
        sb_push(out, ';');
}

/* ---- XML: markup ---------------------------------------------------------------------- */

enum { MK_EOF = -1, MK_SKIP, MK_TAG };

/* Consumes input through the terminator `end` (at most 3 bytes), appending what precedes
 * it to keep, if not NULL. */
static int skip_past(dyad_reader *r, const char *end, sbuf *keep)
{
    size_t n = strlen(end), seen = 0;
    char win[3];
    int c;
    while ((c = in_getc(r)) != EOF) {
        if (keep)
            sb_push(keep, c);
        if (seen == n) {
            memmove(win, win + 1, n - 1);
            seen--;
        }
        win[seen++] = (char)c;
        if (seen == n && memcmp(win, end, n) == 0) {
            if (keep && !keep->oom)
                keep->p[keep->len -= n] = '\0';
            return MK_SKIP;
        }
    }
    return MK_EOF;
}

static int prefix_of(const char *s, size_t n, const char *lit)
{
    return n <= strlen(lit) && memcmp(s, lit, n) == 0;
}

/* After "<!": a comment, a CDATA section (its content goes to cdata, if not NULL) or a
 * declaration, all consumed. */
static int read_bang(dyad_reader *r, sbuf *cdata)
{
    char got[8];
    size_t n = 0;
    int c;
    for (;;) {
        if (n == 2 && memcmp(got, "--", 2) == 0)
            return skip_past(r, "-->", NULL);
        if (n == 7 && memcmp(got, "[CDATA[", 7) == 0)
            return skip_past(r, "]]>", cdata);
        if (n > 0 && !prefix_of(got, n, "--") && !prefix_of(got, n, "[CDATA["))
            break;
        if ((c = in_getc(r)) == EOF)
            return MK_EOF;
        got[n++] = (char)c;
    }
    return got[n - 1] == '>' ? MK_SKIP : skip_past(r, ">", NULL);
}

/* The rest of a tag after its '<', into r->tag up to and including '>'.  An attribute's
 * quoted value is read whole, since it may hold '>'.  A '<' outside quotes means the
 * '<' before it was a stray; it is read again. */
static int read_tag(dyad_reader *r)
{
    int c, quote = 0, after_eq = 0;
    sb_clear(&r->tag);
    sb_push(&r->tag, '<');
    while ((c = in_getc(r)) != EOF) {
        if (!quote && c == '<') {
            r->unget = c;
            return MK_SKIP;
        }
        sb_push(&r->tag, c);
        if (quote) {
            quote = c == quote ? 0 : quote;
            continue;
        }
        if (c == '>')
            return MK_TAG;
        if (after_eq && (c == '"' || c == '\''))
            quote = c;
        after_eq = c == '=' || (after_eq && is_space(c));
    }
    return MK_EOF;
}

/* One markup construct after its '<': a tag is left in r->tag (MK_TAG); anything else is
 * consumed (MK_SKIP), a CDATA section's content into cdata if that is not NULL. */
static int read_markup(dyad_reader *r, sbuf *cdata)
{
    int c = in_getc(r);
    if (c == EOF)
        return MK_EOF;
    if (c == '!')
        return read_bang(r, cdata);
    if (c == '?')
        return skip_past(r, "?>", NULL);
    r->unget = c;
    return read_tag(r);
}

/* 1 when tag t is named `name` ("Text", or "/Text" for the end tag). */
static int tag_is(const sbuf *t, const char *name)
{
    size_t n = strlen(name);
    char c;
    if (t->oom || t->len < n + 2 || memcmp(t->p + 1, name, n) != 0)
        return 0;
    c = t->p[1 + n];
    return c == '>' || c == '/' || is_space((unsigned char)c);
}

static int tag_is_empty(const sbuf *t)
{
    return t->len >= 3 && t->p[t->len - 2] == '/';
}

/* ---- XML: sentences ------------------------------------------------------------------- */

typedef struct {
    char *id, *date, *source, *url;
} xattrs;

static void xattrs_free(xattrs *a)
{
    free(a->id);
    free(a->date);
    free(a->source);
    free(a->url);
}

static const char *skip_space(const char *s, const char *end)
{
    while (s < end && is_space((unsigned char)*s))
        s++;
    return s;
}

/* The value of an attribute at s: quoted, or (leniently) bare up to a blank. */
static const char *attr_value(const char *s, const char *end, const char **v, size_t *vlen)
{
    char q = *s;
    if (q == '"' || q == '\'') {
        const char *close = memchr(s + 1, q, (size_t)(end - s - 1));
        *v = s + 1;
        *vlen = (size_t)((close ? close : end) - *v);
        return close ? close + 1 : end;
    }
    for (*v = s; s < end && !is_space((unsigned char)*s); s++)
        ;
    *vlen = (size_t)(s - *v);
    return s;
}

static char **attr_slot(xattrs *a, const char *name, size_t n)
{
    static const char *const names[] = {"id", "date", "source", "url"};
    char **slots[] = {&a->id, &a->date, &a->source, &a->url};
    for (size_t k = 0; k < sizeof names / sizeof *names; k++)
        if (strlen(names[k]) == n && memcmp(names[k], name, n) == 0)
            return slots[k];
    return NULL;
}

/* Reads id, date, source and url from a <Sentence> start tag; spaces may surround '='
 * (PETRARCH writes `date = "20080804"`).  Returns -1 when out of memory. */
static int parse_attrs(const sbuf *t, xattrs *a)
{
    const char *s = t->p + 1 + strlen("Sentence"), *end = t->p + t->len - 1;
    memset(a, 0, sizeof *a);
    while ((s = skip_space(s, end)) < end) {
        const char *name = s, *v = s;
        size_t vlen = 0;
        char **slot;
        while (s < end && !is_space((unsigned char)*s) && *s != '=' && *s != '/')
            s++;
        slot = attr_slot(a, name, (size_t)(s - name));
        if (s == name)
            s++;   /* a '/' or a stray '=' */
        else if ((s = skip_space(s, end)) < end && *s == '=')
            s = attr_value(skip_space(s + 1, end), end, &v, &vlen);
        if (slot && !*slot && (*slot = decode_entities(v, vlen)) == NULL)
            return -1;
    }
    return 0;
}

typedef struct {
    int text_seen;    /* a <Text> start tag was read */
    int text_closed;  /* and its end tag */
} xbody;

enum { END_CLOSED, END_EOF, END_NEXT };

static void body_tag(dyad_reader *r, xbody *b, int *in_text)
{
    if (*in_text && tag_is(&r->tag, "/Text")) {
        *in_text = 0;
        b->text_closed = 1;
    } else if (!b->text_seen && tag_is(&r->tag, "Text")) {
        b->text_seen = 1;
        b->text_closed = tag_is_empty(&r->tag);
        *in_text = !b->text_closed;
    }
}

/* Reads a sentence's content up to its end tag, decoding its first <Text> into r->text;
 * other tags inside <Text> are dropped, their content kept.  Returns END_NEXT when another
 * <Sentence> starts first, leaving its start tag in r->tag. */
static int read_body(dyad_reader *r, xbody *b)
{
    int c, k, in_text = 0;
    while ((c = in_getc(r)) != EOF) {
        if (c == '&' && in_text) {
            read_entity(r, &r->text);
            continue;
        }
        if (c != '<') {
            if (in_text)
                sb_push(&r->text, c);
            continue;
        }
        if ((k = read_markup(r, in_text ? &r->text : NULL)) == MK_EOF)
            break;
        if (k != MK_TAG)
            continue;
        if (tag_is(&r->tag, "/Sentence"))
            return END_CLOSED;
        if (tag_is(&r->tag, "Sentence"))
            return END_NEXT;
        body_tag(r, b, &in_text);
    }
    return END_EOF;
}

/* Reads up to the next <Sentence> start tag, leaving it in r->tag; -1 at end of input. */
static int find_sentence(dyad_reader *r)
{
    int c, k;
    while ((c = in_getc(r)) != EOF) {
        if (c != '<')
            continue;
        if ((k = read_markup(r, NULL)) == MK_EOF)
            return -1;
        if (k == MK_TAG && tag_is(&r->tag, "Sentence"))
            return 0;
    }
    return -1;
}

/* PETRARCH wraps <Text> at about 80 columns: its line breaks are layout, not content.
 * Turns them into spaces and trims the ends, in place; returns the new length. */
static size_t flatten(char *s, size_t n)
{
    size_t i, j = 0, start = 0;
    for (i = 0; i < n; i++) {
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
            continue;
        s[j++] = s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
    }
    while (j > 0 && is_space((unsigned char)s[j - 1]))
        j--;
    while (start < j && is_space((unsigned char)s[start]))
        start++;
    memmove(s, s + start, j - start);
    s[j - start] = '\0';
    return j - start;
}

static const char *xml_problem(dyad_reader *r, const xbody *b, int end, const xattrs *a,
                               meta *m, char *why, size_t whylen)
{
    if (end != END_CLOSED)
        return "unterminated <Sentence>";
    if (!b->text_seen)
        return "no <Text> in <Sentence>";
    if (!b->text_closed)
        return "unterminated <Text>";
    if (r->text.len && memchr(r->text.p, '\0', r->text.len))
        return "NUL byte in <Text>";
    if (nonempty(a->date) && norm_date(a->date, m->datebuf) != 0) {
        snprintf(why, whylen, "invalid date \"%.40s\"", a->date);
        return why;
    }
    m->date = nonempty(a->date) ? m->datebuf : NULL;
    return NULL;
}

static int xml_finish(dyad_reader *r, dyad_doc *doc, const xattrs *a, const xbody *b,
                      int end, char *err, size_t errlen)
{
    char why[96];
    const char *problem;
    meta m = {0};
    size_t len;
    char *text;
    if (r->io_error)
        return end_of_input(r, err, errlen);
    if (r->text.oom || r->tag.oom)
        return no_memory(r, err, errlen);
    m.id = a->id;
    m.source = a->source;
    m.url = a->url;
    if ((problem = xml_problem(r, b, end, a, &m, why, sizeof why)) != NULL)
        return bad_record(r, err, errlen, a->id, problem);
    len = r->text.len ? flatten(r->text.p, r->text.len) : 0;
    if ((text = malloc(len + 1)) != NULL) {
        if (len)
            memcpy(text, r->text.p, len);
        text[len] = '\0';
    }
    doc->is_sentence = 1;
    return doc_fill(r, doc, &m, text, len, 0, err, errlen);
}

static int xml_next(dyad_reader *r, dyad_doc *doc, char *err, size_t errlen)
{
    xattrs a;
    xbody b = {0, 0};
    int end, rc;
    if (!r->pending && find_sentence(r) != 0)
        return end_of_input(r, err, errlen);
    r->pending = 0;
    r->record++;
    if (parse_attrs(&r->tag, &a) != 0) {
        xattrs_free(&a);
        return no_memory(r, err, errlen);
    }
    sb_clear(&r->text);
    end = tag_is_empty(&r->tag) ? END_CLOSED : read_body(r, &b);
    r->pending = end == END_NEXT;
    rc = xml_finish(r, doc, &a, &b, end, err, errlen);
    xattrs_free(&a);
    return rc;
}

/* ---- the public interface ------------------------------------------------------------- */

static dyad_reader *reader_new(FILE *fp, int own_fp, const char *origin)
{
    dyad_reader *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->fp = fp;
    r->own_fp = own_fp;
    r->unget = EOF;
    r->origin = strdup(origin);
    r->base_id = default_id(origin);
    if (!r->origin || !r->base_id) {
        r->own_fp = 0;   /* the caller still owns fp on failure */
        dyad_reader_close(r);
        return NULL;
    }
    return r;
}

static int valid_format(dyad_input_format fmt)
{
    return fmt == DYAD_INPUT_AUTO || fmt == DYAD_INPUT_TEXT || fmt == DYAD_INPUT_JSONL ||
           fmt == DYAD_INPUT_XML;
}

dyad_reader *dyad_reader_open(const char *path, dyad_input_format fmt, char *err,
                              size_t errlen)
{
    int is_stdin = !path || strcmp(path, "-") == 0;
    struct stat st;
    dyad_reader *r;
    FILE *fp;
    if (!valid_format(fmt)) {
        set_err(err, errlen, "%s: unknown input format", is_stdin ? "-" : path);
        return NULL;
    }
    if ((fp = is_stdin ? stdin : fopen(path, "r")) == NULL) {
        set_err(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    if (!is_stdin && fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
        set_err(err, errlen, "%s: %s", path, strerror(EISDIR));
        fclose(fp);
        return NULL;
    }
    if ((r = reader_new(fp, !is_stdin, is_stdin ? "-" : path)) == NULL) {
        set_err(err, errlen, "%s: out of memory", is_stdin ? "-" : path);
        if (!is_stdin)
            fclose(fp);
        return NULL;
    }
    r->fmt = fmt != DYAD_INPUT_AUTO ? fmt : is_stdin ? sniff(r) : format_by_name(path);
    return r;
}

dyad_reader *dyad_reader_open_memory(const char *buf, size_t len, const char *origin,
                                     dyad_input_format fmt)
{
    char *copy = malloc(len + 1);
    FILE *fp;
    dyad_reader *r;
    if (!copy || !valid_format(fmt)) {
        free(copy);
        return NULL;
    }
    if (len)
        memcpy(copy, buf, len);
    if ((fp = fmemopen(copy, len, "r")) == NULL) {
        free(copy);
        return NULL;
    }
    if ((r = reader_new(fp, 1, origin ? origin : "memory")) == NULL) {
        fclose(fp);
        free(copy);
        return NULL;
    }
    r->mem = copy;
    r->fmt = fmt != DYAD_INPUT_AUTO ? fmt : sniff(r);
    return r;
}

int dyad_reader_next(dyad_reader *r, dyad_doc *doc, char *err, size_t errlen)
{
    memset(doc, 0, sizeof *doc);
    if (r->done)
        return 0;
    if (r->pre.oom)
        return no_memory(r, err, errlen);
    switch (r->fmt) {
    case DYAD_INPUT_JSONL:
        return jsonl_next(r, doc, err, errlen);
    case DYAD_INPUT_XML:
        return xml_next(r, doc, err, errlen);
    default:
        return text_next(r, doc, err, errlen);
    }
}

void dyad_reader_close(dyad_reader *r)
{
    if (!r)
        return;
    if (r->own_fp)
        fclose(r->fp);
    free(r->mem);
    free(r->origin);
    free(r->base_id);
    free(r->pre.p);
    free(r->line);
    free(r->tmp.p);
    free(r->meta.p);
    free(r->tag.p);
    free(r->text.p);
    free(r);
}

void dyad_doc_free(dyad_doc *doc)
{
    if (!doc)
        return;
    free(doc->id);
    free(doc->date);
    free(doc->source);
    free(doc->url);
    free(doc->text);
    memset(doc, 0, sizeof *doc);
}

/* ---- listing inputs ------------------------------------------------------------------- */

typedef struct {
    char **v;
    int n, cap;
} list;

/* Appends s, which it takes even on failure (NULL: a strdup that failed).  Returns -1
 * when out of memory. */
static int list_add(list *l, char *s)
{
    if (s && l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 16;
        char **v = l->cap < INT_MAX / 2 ? realloc(l->v, (size_t)cap * sizeof *v) : NULL;
        if (!v) {
            free(s);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    if (!s)
        return -1;
    l->v[l->n++] = s;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join_path(const char *dir, const char *name)
{
    size_t dl = strlen(dir), nl = strlen(name);
    int slash = dl > 0 && dir[dl - 1] == '/';
    char *p = malloc(dl + nl + 2);
    if (p) {
        memcpy(p, dir, dl);
        p[dl] = '/';
        memcpy(p + dl + !slash, name, nl + 1);
    }
    return p;
}

/* The entries of a directory that are not hidden, sorted by strcmp. */
static int read_dir(const char *dir, list *names, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    if (!d) {
        set_err(err, errlen, "%s: %s", dir, strerror(errno));
        return -1;
    }
    while (errno = 0, (e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && list_add(names, strdup(e->d_name)) != 0) {
            closedir(d);
            set_err(err, errlen, "%s: out of memory", dir);
            return -1;
        }
    if (errno) {
        set_err(err, errlen, "%s: %s", dir, strerror(errno));
        closedir(d);
        return -1;
    }
    closedir(d);
    if (names->n > 1)
        qsort(names->v, (size_t)names->n, sizeof *names->v, cmp_names);
    return 0;
}

static int walk(const char *dir, list *out, char *err, size_t errlen);

/* Regular files are inputs; directories are walked, except through a symbolic link, which
 * could loop; anything else (devices, sockets, vanished entries) is passed over. */
static int walk_entry(char *path, list *out, char *err, size_t errlen)
{
    struct stat st;
    int link, rc = 0;
    if (lstat(path, &st) != 0 || ((link = S_ISLNK(st.st_mode)) && stat(path, &st) != 0)) {
        free(path);
        return 0;
    }
    if (S_ISREG(st.st_mode)) {
        if (list_add(out, path) == 0)
            return 0;
        set_err(err, errlen, "out of memory");
        return -1;
    }
    if (S_ISDIR(st.st_mode) && !link)
        rc = walk(path, out, err, errlen);
    free(path);
    return rc;
}

static int walk(const char *dir, list *out, char *err, size_t errlen)
{
    list names = {0};
    int rc = read_dir(dir, &names, err, errlen);
    for (int i = 0; rc == 0 && i < names.n; i++) {
        char *path = join_path(dir, names.v[i]);
        if (!path) {
            set_err(err, errlen, "out of memory");
            rc = -1;
        } else {
            rc = walk_entry(path, out, err, errlen);
        }
    }
    dyad_free_inputs(names.v, names.n);
    return rc;
}

static int add_operand(const char *op, list *out, char *err, size_t errlen)
{
    struct stat st;
    if (strcmp(op, "-") != 0 && stat(op, &st) != 0) {
        set_err(err, errlen, "%s: %s", op, strerror(errno));
        return -1;
    }
    if (strcmp(op, "-") != 0 && S_ISDIR(st.st_mode))
        return walk(op, out, err, errlen);
    if (list_add(out, strdup(op)) != 0) {
        set_err(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

int dyad_list_inputs(char *const *operands, int n, char ***out, char *err, size_t errlen)
{
    list l = {0};
    *out = NULL;
    for (int i = 0; i < n; i++)
        if (add_operand(operands[i], &l, err, errlen) != 0) {
            dyad_free_inputs(l.v, l.n);
            return -1;
        }
    *out = l.v;
    return l.n;
}

void dyad_free_inputs(char **files, int n)
{
    for (int i = 0; files && i < n; i++)
        free(files[i]);
    free(files);
}

int dyad_input_format_parse(const char *name)
{
    static const char *const names[] = {"auto", "text", "jsonl", "xml"};
    static const dyad_input_format fmts[] = {DYAD_INPUT_AUTO, DYAD_INPUT_TEXT,
                                             DYAD_INPUT_JSONL, DYAD_INPUT_XML};
    for (size_t k = 0; name && k < sizeof names / sizeof *names; k++)
        if (strcmp(name, names[k]) == 0)
            return (int)fmts[k];
    return -1;
}
