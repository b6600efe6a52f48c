/* eval — see eval.h.
 *
 * The three readers share one record builder; each reads its whole file into memory (gold
 * files are small) and keeps every string in the gold's arena.  The XML reader is not a
 * general XML parser: it knows the few elements of PETRARCH validation files, skips
 * comments (whole records are commented out in them), and takes attribute values in
 * either kind of quotes, as those files do. */
#include "eval.h"
#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- building records ------------------------------------------------------------------ */

typedef struct reader {
    dyad_gold *g;
    const char *name; /* the gold file, for messages and for resolving dictionary names */
    long line;
    char *err;
    size_t errlen;
    const char *include, *include_end; /* PETRARCH's <Include> categories, or NULL */
} reader;

static int fail(reader *R, const char *fmt, ...)
{
    int n = snprintf(R->err, R->errlen, "%s:%ld: ", R->name, R->line);
    if (n >= 0 && (size_t)n < R->errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(R->err + n, R->errlen - (size_t)n, fmt, ap);
        va_end(ap);
    }
    return -1;
}

static const char *dup(reader *R, const char *s, size_t n)
{
    return dyad_arena_strndup(&R->g->arena, s, n);
}

/* A copy with surrounding blanks and quotes removed ("'INJURY TOLL'" stays as written
 * inside the quotes), upper-cased like dictionary codes; NULL when out of memory. */
static const char *code_dup(reader *R, const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s))
        s++, n--;
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    char *c = dyad_arena_strndup(&R->g->arena, s, n);
    for (char *p = c; p && *p; p++)
        *p = (char)toupper((unsigned char)*p);
    return c && *c ? c : dup(R, "---", 3);
}

static dyad_gold_record *new_record(reader *R, const char *id, const char *date,
                                    const char *text)
{
    dyad_gold *g = R->g;
    if (g->nrecords == g->cap) {
        size_t cap = g->cap ? g->cap * 2 : 64;
        dyad_gold_record *r = realloc(g->records, cap * sizeof *r);
        if (!r)
            return NULL;
        g->records = r;
        g->cap = cap;
    }
    dyad_gold_record *r = &g->records[g->nrecords++];
    *r = (dyad_gold_record){.id = id, .date = date, .text = text, .line = R->line};
    return r;
}

/* Events go into the arena, so a record's array grows by copying (records have few). */
static int add_event(reader *R, dyad_gold_record *r, const char *source, const char *target,
                     const char *code, int optional)
{
    dyad_gold_event *ev = dyad_arena_alloc(&R->g->arena, (r->nevents + 1) * sizeof *ev);
    if (!ev || !source || !target || !code)
        return fail(R, "out of memory");
    if (r->nevents)
        memcpy(ev, r->events, r->nevents * sizeof *ev);
    ev[r->nevents++] = (dyad_gold_event){source, target, code, optional};
    r->events = ev;
    return 0;
}

/* "YYYYMMDD" or "YYMMDD" (TABARI: 30-99 are the 1900s) as "YYYY-MM-DD"; NULL if neither. */
static const char *iso_date(reader *R, const char *s, size_t n)
{
    char buf[11];
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return NULL;
    if (n == 8)
        snprintf(buf, sizeof buf, "%.4s-%.2s-%.2s", s, s + 4, s + 6);
    else if (n == 6)
        snprintf(buf, sizeof buf, "%s%.2s-%.2s-%.2s", (s[0] - '0') * 10 + (s[1] - '0') >= 30
                 ? "19" : "20", s, s + 2, s + 4);
    else
        return NULL;
    return dup(R, buf, 10);
}

/* A dictionary the suite names, as "KIND=PATH" with PATH relative to the suite file. */
static int add_dict(reader *R, const char *kind, const char *file, size_t n)
{
    dyad_gold *g = R->g;
    while (n && isspace((unsigned char)*file))
        file++, n--;
    while (n && isspace((unsigned char)file[n - 1]))
        n--;
    if (n == 0)
        return 0;
    if (g->ndicts == DYAD_GOLD_MAX_DICTS)
        return fail(R, "more than %d dictionary files", DYAD_GOLD_MAX_DICTS);
    const char *slash = strrchr(R->name, '/');
    int dirlen = slash && file[0] != '/' ? (int)(slash - R->name + 1) : 0;
    char buf[4096];
    int m = snprintf(buf, sizeof buf, "%s=%.*s%.*s", kind, dirlen, R->name, (int)n, file);
    if (m < 0 || (size_t)m >= sizeof buf)
        return fail(R, "dictionary path too long");
    if (!(g->dicts[g->ndicts] = dup(R, buf, (size_t)m)))
        return fail(R, "out of memory");
    g->ndicts++;
    return 0;
}

static long line_of(const char *text, const char *at)
{
    long n = 1;
    for (const char *p = text; p < at; p++)
        n += *p == '\n';
    return n;
}

/* ---- PETRARCH XML ---------------------------------------------------------------------- */

/* The value of attribute `name` inside the tag [tag, end), in *v / *n; 0 when absent. */
static int attr(const char *tag, const char *end, const char *name, const char **v, size_t *n)
{
    size_t k = strlen(name);
    for (const char *p = tag; p + k < end; p++) {
        if (strncmp(p, name, k) != 0 || !isspace((unsigned char)p[-1]))
            continue;
        const char *q = p + k;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || *q != '=')
            continue;
        q++;
        while (q < end && isspace((unsigned char)*q))
            q++;
        if (q >= end || (*q != '"' && *q != '\''))
            continue;
        const char *close = memchr(q + 1, *q, (size_t)(end - q - 1));
        if (!close)
            return 0;
        *v = q + 1;
        *n = (size_t)(close - q - 1);
        return 1;
    }
    return 0;
}

/* Text with the five XML entities decoded and line breaks as spaces, trimmed. */
static const char *xml_text(reader *R, const char *s, size_t n)
{
    static const char *const ent[][2] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"},
                                         {"&quot;", "\""}, {"&apos;", "'"}};
    char *out = dyad_arena_alloc(&R->g->arena, n + 1);
    size_t m = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t e;
        for (e = 0; e < 5; e++) {
            size_t k = strlen(ent[e][0]);
            if (i + k <= n && memcmp(s + i, ent[e][0], k) == 0) {
                out[m++] = ent[e][1][0];
                i += k;
                break;
            }
        }
        if (e == 5) {
            out[m++] = s[i] == '\n' || s[i] == '\r' || s[i] == '\t' ? ' ' : s[i];
            i++;
        }
    }
    while (m && out[m - 1] == ' ')
        m--;
    out[m] = '\0';
    char *p = out;
    while (*p == ' ')
        p++;
    return p;
}

/* A copy of the XML with comments blanked out (newlines kept, so lines still count). */
static char *strip_comments(const char *text, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        return NULL;
    memcpy(s, text, len);
    s[len] = '\0';
    for (char *p = strstr(s, "<!--"); p; p = strstr(p, "<!--")) {
        char *e = strstr(p + 4, "-->");
        char *stop = e ? e + 3 : s + len;
        for (; p < stop; p++)
            if (*p != '\n')
                *p = ' ';
    }
    return s;
}

static int xml_environment(reader *R, const char *s)
{
    static const char *const tags[][2] = {{"Verbfile", "verbs"}, {"Actorfile", "actors"},
                                          {"Agentfile", "agents"}, {"Discardfile", "discards"},
                                          {"Issuefile", "issues"}};
    const char *env = strstr(s, "<Environment>"), *end = env ? strstr(env, "</Environment>") : NULL;
    if (!env || !end)
        return 0;
    for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
        char open[32], close[32];
        snprintf(open, sizeof open, "<%s>", tags[t][0]);
        snprintf(close, sizeof close, "</%s>", tags[t][0]);
        for (const char *p = strstr(env, open); p && p < end; p = strstr(p + 1, open)) {
            const char *v = p + strlen(open), *e = strstr(v, close);
            if (!e || e > end)
                break;
            R->line = line_of(s, p);
            /* PETRARCH allows a comma-separated list of actor files */
            for (const char *q = v; q < e;) {
                const char *c = memchr(q, ',', (size_t)(e - q));
                const char *qe = c ? c : e;
                if (add_dict(R, tags[t][1], q, (size_t)(qe - q)) != 0)
                    return -1;
                q = qe + 1;
            }
        }
    }
    const char *inc = strstr(env, "<Include>"), *inc_end = inc ? strstr(inc, "</Include>") : NULL;
    if (inc && inc_end && inc_end < end) {
        R->include = inc + 9;
        R->include_end = inc_end;
    }
    return 0;
}

/* Does PETRARCH's <Include> list (blank-separated categories) run records of this
 * category?  Without the list, all records run. */
static int included(const reader *R, const char *category, size_t n)
{
    if (!R->include)
        return 1;
    for (const char *p = R->include; p < R->include_end;) {
        while (p < R->include_end && isspace((unsigned char)*p))
            p++;
        const char *w = p;
        while (p < R->include_end && !isspace((unsigned char)*p))
            p++;
        if ((size_t)(p - w) == n && n && memcmp(w, category, n) == 0)
            return 1;
    }
    return 0;
}

/* The <Config option="" value=""> tags in [from, to) join the record's options as
 * "name=value": PETRARCH changes them between records, and the record they precede codes
 * with them (so do the ones after it). */
static int xml_configs(reader *R, const char *s, const char *from, const char *to,
                       dyad_gold_record *r)
{
    for (const char *c = strstr(from, "<Config"); c && c < to; c = strstr(c + 1, "<Config")) {
        const char *ce = strchr(c, '>'), *nv, *vv;
        size_t nn, vn;
        R->line = line_of(s, c);
        if (!ce || !attr(c, ce, "option", &nv, &nn) || !attr(c, ce, "value", &vv, &vn))
            return fail(R, "<Config> without option or value");
        if (r->noptions == DYAD_GOLD_MAX_OPTIONS)
            return fail(R, "more than %d <Config> tags before one record",
                        DYAD_GOLD_MAX_OPTIONS);
        char *o = dyad_arena_alloc(&R->g->arena, nn + vn + 2);
        if (!o)
            return fail(R, "out of memory");
        memcpy(o, nv, nn);
        o[nn] = '=';
        memcpy(o + nn + 1, vv, vn);
        o[nn + vn + 1] = '\0';
        r->options[r->noptions++] = o;
    }
    return 0;
}

/* Reads the record at p; 1 when its category is not in the <Include> list. */
static int xml_sentence(reader *R, const char *s, const char *after, const char *p,
                        const char *end)
{
    const char *tag_end = strchr(p, '>');
    if (!tag_end || tag_end > end)
        return fail(R, "unterminated <Sentence> tag");
    const char *v;
    size_t n;
    const char *id = attr(p, tag_end, "id", &v, &n) ? dup(R, v, n) : NULL;
    const char *date = attr(p, tag_end, "date", &v, &n) ? iso_date(R, v, n) : NULL;
    const char *t = strstr(tag_end, "<Text>"), *te = t ? strstr(t, "</Text>") : NULL;
    if (!id || !t || !te || te > end)
        return fail(R, "sentence without id or <Text>");
    if (attr(p, tag_end, "category", &v, &n) && !included(R, v, n)) {
        R->g->excluded++; /* as PETRARCH's validation does */
        return 1;
    }
    dyad_gold_record *r = new_record(R, id, date, xml_text(R, t + 6, (size_t)(te - t - 6)));
    if (!r || !r->text)
        return fail(R, "out of memory");
    if (xml_configs(R, s, after, p, r) != 0)
        return -1;
    for (const char *e = strstr(tag_end, "<EventCoding"); e && e < end;
         e = strstr(e + 1, "<EventCoding")) {
        const char *ee = strchr(e, '>');
        const char *sv, *tv, *cv;
        size_t sn, tn, cn;
        R->line = line_of(s, e);
        if (!ee || ee > end)
            return fail(R, "unterminated <EventCoding> tag");
        if (!attr(e, ee, "eventcode", &cv, &cn))
            continue; /* noevents="True" or error="...": no event expected */
        if (!attr(e, ee, "sourcecode", &sv, &sn) || !attr(e, ee, "targetcode", &tv, &tn))
            return fail(R, "<EventCoding> without sourcecode or targetcode");
        if (add_event(R, r, code_dup(R, sv, sn), code_dup(R, tv, tn), code_dup(R, cv, cn), 0))
            return -1;
    }
    return 0;
}

static int read_xml(reader *R, const char *text, size_t len)
{
    char *s = strip_comments(text, len);
    if (!s)
        return fail(R, "out of memory");
    int rc = xml_environment(R, s);
    R->g->petrarch_options = 1;
    const char *after = s; /* the end of the last record */
    for (const char *p = strstr(s, "<Sentence "); p && rc == 0; p = strstr(p + 1, "<Sentence ")) {
        const char *end = strstr(p, "</Sentence>");
        R->line = line_of(s, p);
        if (!end) {
            rc = fail(R, "<Sentence> without </Sentence>");
            break;
        }
        rc = xml_sentence(R, s, after, p, end);
        if (rc == 0)
            after = end; /* an excluded record leaves its <Config> tags to the next one */
        else if (rc == 1)
            rc = 0;
    }
    free(s);
    return rc;
}

/* ---- TABARI validation text ------------------------------------------------------------ */

/* The validation brackets of a record's comment: "{ S / T / C }" events, the special codes
 * that mean no event, "-{" that ends checking, and "{ OPTION: ... }" settings. */
static int tabari_brackets(reader *R, dyad_gold_record *r, const char *c, const char *end)
{
    for (const char *p = memchr(c, '{', (size_t)(end - c)); p;
         p = memchr(p + 1, '{', (size_t)(end - p - 1))) {
        const char *q = memchr(p, '}', (size_t)(end - p));
        if (!q)
            q = end; /* an OPTION record may lack its "}" (TABARI reads to the comment end) */
        if (p > c && p[-1] == '-') {
            r->open = 1;
            return 0;
        }
        char buf[256];
        size_t n = 0;
        for (const char *x = p + 1; x < q && n + 1 < sizeof buf; x++)
            if (!isspace((unsigned char)*x))
                buf[n++] = *x;
        buf[n] = '\0';
        if (n == 0)
            continue; /* "{}" in prose */
        if (strncmp(buf, "OPTION:", 7) == 0) {
            const char *o = strstr(p, "OPTION:");
            if (o && o < q && r->noptions < DYAD_GOLD_MAX_OPTIONS &&
                !(r->options[r->noptions++] = dup(R, o + 7, (size_t)(q - o - 7))))
                return fail(R, "out of memory");
            continue;
        }
        if (strcmp(buf, "---") == 0 || strcmp(buf, "###") == 0 || strcmp(buf, "+++") == 0)
            return 0; /* no event: nothing, discarded, or too complex for TABARI */
        if (q == end)
            return fail(R, "unclosed { in validation comment");
        const char *s1 = memchr(p, '/', (size_t)(q - p));
        const char *s2 = s1 ? memchr(s1 + 1, '/', (size_t)(q - s1 - 1)) : NULL;
        if (!s2)
            return fail(R, "expected { SOURCE / TARGET / CODE }");
        if (add_event(R, r, code_dup(R, p + 1, (size_t)(s1 - p - 1)),
                      code_dup(R, s1 + 1, (size_t)(s2 - s1 - 1)),
                      code_dup(R, s2 + 1, (size_t)(q - s2 - 1)), 0) != 0)
            return -1;
    }
    return 0;
}

/* Is the line a record header "YYMMDD ID"? */
static int tabari_header(const char *s, const char *eol, const char **id, size_t *idn)
{
    if (eol - s < 8)
        return 0;
    for (int i = 0; i < 6; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    if (!isspace((unsigned char)s[6]))
        return 0;
    const char *p = s + 6;
    while (p < eol && isspace((unsigned char)*p))
        p++;
    const char *e = p;
    while (e < eol && !isspace((unsigned char)*e))
        e++;
    if (e - p == 6 && strspn(p, "0123456789") == 6) { /* "950101  950101  AGENTS-11" */
        const char *q = e;
        while (q < eol && isspace((unsigned char)*q))
            q++;
        if (q < eol) {
            p = q;
            for (e = p; e < eol && !isspace((unsigned char)*e); e++)
                ;
        }
    }
    *id = p;
    *idn = (size_t)(e - p);
    return e > p;
}

/* Where the record after `s` begins (its header line), or end. */
static const char *next_header(const char *s, const char *end)
{
    while (s < end) {
        const char *eol = memchr(s, '\n', (size_t)(end - s));
        if (!eol)
            eol = end;
        const char *id;
        size_t idn;
        if (tabari_header(s, eol, &id, &idn))
            return s;
        s = eol + (eol < end);
    }
    return end;
}

static int read_tabari(reader *R, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    R->line = 0;
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        R->line++;
        const char *id;
        size_t idn;
        if (!tabari_header(p, eol, &id, &idn)) {
            p = eol + (eol < end);
            continue;
        }
        if (idn >= 6 && strncmp(id, "FINAL-", 6) == 0)
            break; /* the suite's end: later records test how TABARI stops */
        const char *date = iso_date(R, p, 6);
        const char *body = eol + (eol < end);
        const char *open = strstr(body, "/*");
        const char *close = open ? strstr(open, "*/") : NULL;
        if (!open || !close)
            return fail(R, "record %.*s without its /* validation */ comment", (int)idn, id);
        /* a validation line left right after the comment's end ("\n{ A / B / C } *\/")
         * still belongs to the record */
        for (const char *more, *limit = next_header(close + 2, end);; close = more) {
            const char *after = close + 2;
            while (after < limit && isspace((unsigned char)*after))
                after++;
            if (after == limit || !(*after == '{' || (after[0] == '\\' && after[1] == 'n')))
                break;
            if (!(more = strstr(after, "*/")) || more > limit)
                break;
        }
        long start = R->line;
        dyad_gold_record *r = new_record(R, dup(R, id, idn), date,
                                         xml_text(R, body, (size_t)(open - body)));
        if (!r || !r->id || !r->text)
            return fail(R, "out of memory");
        R->line = start + line_of(body, open);
        if (tabari_brackets(R, r, open, close) != 0)
            return -1;
        R->line = start + line_of(body, close) - 1; /* the loop counts the rest of it */
        p = close + 2;
    }
    return 0;
}

/* A .project names the validation text and the dictionaries, one "<tag> file" a line. */
static int read_project(reader *R, const char *text, size_t len, const char **textfile)
{
    static const char *const tags[][2] = {{"<actorsfile>", "actors"}, {"<verbsfile>", "verbs"},
                                          {"<agentsfile>", "agents"}, {"<discardsfile>", "discards"},
                                          {"<issuesfile>", "issues"}, {"<textfile>", ""},
                                          {"<optionsfile>", "options"}};
    const char *p = text, *end = text + len;
    R->line = 0;
    for (; p < end; R->line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
            size_t k = strlen(tags[t][0]);
            if ((size_t)(eol - p) <= k || strncasecmp(p, tags[t][0], k) != 0)
                continue;
            if (!tags[t][1][0]) {
                if (add_dict(R, "text", p + k, (size_t)(eol - p - k)) != 0)
                    return -1;
                *textfile = R->g->dicts[--R->g->ndicts] + 5;
            } else if (add_dict(R, tags[t][1], p + k, (size_t)(eol - p - k)) != 0)
                return -1;
        }
        p = eol + 1;
    }
    R->line = 1;
    return *textfile ? 0 : fail(R, "project names no <textfile>");
}

/* ---- JSONL ----------------------------------------------------------------------------- */

static const char *json_str(reader *R, const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? dup(R, v->valuestring, strlen(v->valuestring)) : NULL;
}

static int json_event(reader *R, dyad_gold_record *r, const cJSON *e)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "source");
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "target");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
    const cJSON *opt = cJSON_GetObjectItemCaseSensitive(e, "optional");
    const cJSON *req = cJSON_GetObjectItemCaseSensitive(e, "required");
    if (!cJSON_IsString(s) || !cJSON_IsString(c) || (t && !cJSON_IsString(t) && !cJSON_IsNull(t)))
        return fail(R, "an event needs \"source\" and \"code\" strings (and \"target\": string or null)");
    const char *tv = cJSON_IsString(t) ? t->valuestring : "";
    return add_event(R, r, code_dup(R, s->valuestring, strlen(s->valuestring)),
                     code_dup(R, tv, strlen(tv)),
                     code_dup(R, c->valuestring, strlen(c->valuestring)),
                     cJSON_IsTrue(opt) || cJSON_IsFalse(req));
}

static int json_record(reader *R, const char *s, size_t n)
{
    cJSON *o = cJSON_ParseWithLength(s, n);
    if (!cJSON_IsObject(o)) {
        cJSON_Delete(o);
        return fail(R, "not a JSON object");
    }
    const char *id = json_str(R, o, "sentence_id"), *text = json_str(R, o, "text");
    const char *raw = json_str(R, o, "date");
    const char *date = raw && strlen(raw) == 10 ? raw : raw ? iso_date(R, raw, strlen(raw)) : NULL;
    const cJSON *events = cJSON_GetObjectItemCaseSensitive(o, "events");
    dyad_gold_record *r = NULL;
    int rc = 0;
    if (!id || !text || (events && !cJSON_IsArray(events)))
        rc = fail(R, "a record needs \"sentence_id\" and \"text\" strings and an \"events\" array");
    else if (raw && !date)
        rc = fail(R, "bad \"date\" (use YYYY-MM-DD or YYYYMMDD)");
    else if (!(r = new_record(R, id, date, text)))
        rc = fail(R, "out of memory");
    for (const cJSON *e = r && events ? events->child : NULL; e && rc == 0; e = e->next)
        rc = json_event(R, r, e);
    cJSON_Delete(o);
    return rc;
}

static int read_jsonl(reader *R, const char *text, size_t len)
{
    const char *p = text, *end = text + len;
    for (R->line = 1; p < end; R->line++) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *q = p;
        while (q < eol && isspace((unsigned char)*q))
            q++;
        if (q < eol && json_record(R, p, (size_t)(eol - p)) != 0)
            return -1;
        p = eol + 1;
    }
    return 0;
}

/* ---- files ----------------------------------------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    char *buf = NULL;
    size_t cap = 0, n = 0, got;
    do {
        if (n + 65536 > cap) {
            char *b = realloc(buf, cap = n + 65536 + cap);
            if (!b) {
                free(buf);
                fclose(f);
                snprintf(err, errlen, "%s: out of memory", path);
                return NULL;
            }
            buf = b;
        }
        got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
    } while (got > 0);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "%s: read error", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

int dyad_gold_parse(const char *text, size_t len, const char *name, dyad_gold *g, char *err,
                    size_t errlen)
{
    reader R = {.g = g, .name = name, .err = err, .errlen = errlen};
    g->records_file = name;
    if (ends_with(name, ".xml"))
        return read_xml(&R, text, len);
    if (ends_with(name, ".jsonl") || ends_with(name, ".json"))
        return read_jsonl(&R, text, len);
    if (!ends_with(name, ".project"))
        return read_tabari(&R, text, len);
    const char *textfile = NULL;
    if (read_project(&R, text, len, &textfile) != 0)
        return -1;
    size_t n;
    char *t = slurp(textfile, &n, err, errlen);
    if (!t)
        return -1;
    R.name = g->records_file = textfile;
    int rc = read_tabari(&R, t, n);
    free(t);
    return rc;
}

int dyad_gold_read(const char *path, dyad_gold *g, char *err, size_t errlen)
{
    size_t n;
    char *t = slurp(path, &n, err, errlen);
    if (!t)
        return -1;
    const char *name = dyad_arena_strndup(&g->arena, path, strlen(path));
    int rc = name ? dyad_gold_parse(t, n, name, g, err, errlen)
                  : (snprintf(err, errlen, "out of memory"), -1);
    free(t);
    return rc;
}

void dyad_gold_free(dyad_gold *g)
{
    free(g->records);
    dyad_arena_free(&g->arena);
    memset(g, 0, sizeof *g);
}

/* ---- scoring --------------------------------------------------------------------------- */

static const char *tgt(const char *t)
{
    return t && *t ? t : "---";
}

static int same(const char *a, const char *b, int root)
{
    return root ? strncmp(a, b, 2) == 0 : strcmp(a, b) == 0;
}

/* Root index 1..20 of a code, 0 when it has none. */
static int root_of(const char *code)
{
    if (!isdigit((unsigned char)code[0]) || !isdigit((unsigned char)code[1]))
        return 0;
    int r = (code[0] - '0') * 10 + (code[1] - '0');
    return r >= 1 && r <= 20 ? r : 0;
}

/* Matches coded events to gold events at one level: each gold event takes the first
 * unmatched coded event with the same triple.  used[] marks the coded events taken;
 * hit[] the gold events found. */
static void match(const dyad_gold_record *r, const dyad_eval_event *got, size_t ngot, int root,
                  unsigned char *used, unsigned char *hit)
{
    memset(used, 0, ngot);
    for (size_t i = 0; i < r->nevents; i++) {
        const dyad_gold_event *e = &r->events[i];
        hit[i] = 0;
        for (size_t j = 0; j < ngot && !hit[i]; j++)
            if (!used[j] && strcmp(e->source, got[j].source) == 0 &&
                strcmp(e->target, tgt(got[j].target)) == 0 && same(e->code, got[j].code, root))
                used[j] = hit[i] = 1;
    }
}

static void count(dyad_eval *ev, const dyad_gold_record *r, const dyad_eval_event *got,
                  size_t ngot, const unsigned char *used, const unsigned char *hit, int root)
{
    dyad_prf *all = root ? &ev->root : &ev->full;
    for (size_t i = 0; i < r->nevents; i++) {
        if (hit[i]) {
            all->tp++;
            if (root)
                ev->by_root[root_of(r->events[i].code)].tp++;
        } else if (!r->events[i].optional) {
            all->fn++;
            if (root)
                ev->by_root[root_of(r->events[i].code)].fn++;
        }
    }
    for (size_t j = 0; j < ngot; j++)
        if (!used[j] && !r->open) {
            all->fp++;
            if (root)
                ev->by_root[root_of(got[j].code)].fp++;
        }
}

static void say(char *buf, size_t cap, size_t *at, const char *fmt, ...)
{
    if (*at >= cap)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf + *at, cap - *at, fmt, ap);
    va_end(ap);
    *at = n < 0 ? cap : *at + (size_t)n;
}

int dyad_eval_record(dyad_eval *ev, const dyad_gold_record *r, const dyad_eval_event *got,
                     size_t ngot, char *diff, size_t difflen)
{
    unsigned char small[2][64];
    int heap = ngot > 64 || r->nevents > 64;
    unsigned char *used = heap ? malloc(ngot + 1) : small[0];
    unsigned char *hit = heap ? malloc(r->nevents + 1) : small[1];
    int pass = 1;
    size_t at = 0;
    if (!used || !hit) {
        free(heap ? used : NULL);
        free(heap ? hit : NULL);
        snprintf(diff, difflen, "out of memory");
        ev->records++;
        return 0;
    }
    match(r, got, ngot, 1, used, hit);
    count(ev, r, got, ngot, used, hit, 1);
    match(r, got, ngot, 0, used, hit);
    count(ev, r, got, ngot, used, hit, 0);
    if (difflen)
        diff[0] = '\0';
    for (size_t i = 0; i < r->nevents; i++)
        if (!hit[i] && !r->events[i].optional) {
            say(diff, difflen, &at, "%smissing %s %s %s", at ? "; " : "", r->events[i].source,
                r->events[i].target, r->events[i].code);
            pass = 0;
        }
    for (size_t j = 0; j < ngot && !r->open; j++)
        if (!used[j]) {
            say(diff, difflen, &at, "%sextra %s %s %s", at ? "; " : "", got[j].source,
                tgt(got[j].target), got[j].code);
            pass = 0;
        }
    if (heap) {
        free(used);
        free(hit);
    }
    ev->records++;
    ev->passed += (size_t)pass;
    return pass;
}

static void prf_line(FILE *out, const char *label, const dyad_prf *c)
{
    double p = c->tp + c->fp ? (double)c->tp / (double)(c->tp + c->fp) : 0;
    double r = c->tp + c->fn ? (double)c->tp / (double)(c->tp + c->fn) : 0;
    double f = p + r > 0 ? 2 * p * r / (p + r) : 0;
    fprintf(out, "%-10s %6zu %6zu %6zu  %6.1f %6.1f %6.1f\n", label, c->tp, c->fp, c->fn,
            100 * p, 100 * r, 100 * f);
}

void dyad_eval_report(FILE *out, const dyad_eval *ev)
{
    fprintf(out, "%-10s %6s %6s %6s  %6s %6s %6s\n", "level", "tp", "fp", "fn", "P%", "R%",
            "F1%");
    prf_line(out, "full", &ev->full);
    prf_line(out, "root", &ev->root);
    for (int r = 1; r <= 20; r++) {
        const dyad_prf *c = &ev->by_root[r];
        if (c->tp + c->fp + c->fn == 0)
            continue;
        char label[16];
        snprintf(label, sizeof label, "root %02d", r);
        prf_line(out, label, c);
    }
    if (ev->by_root[0].tp + ev->by_root[0].fp + ev->by_root[0].fn)
        prf_line(out, "no root", &ev->by_root[0]);
    fprintf(out, "records: %zu passed of %zu (%.1f%%)\n", ev->passed, ev->records,
            ev->records ? 100.0 * (double)ev->passed / (double)ev->records : 0.0);
}
