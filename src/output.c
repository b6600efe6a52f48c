/* output — see output.h.  Phoenix TSV follows the column order of the Phoenix dataset
 * (EventID Date Year Month Day SourceActorFull SourceActorEntity SourceActorRole
 * SourceActorAttribute TargetActorFull ... EventCode EventRootCode PentaClass GoldsteinScore
 * Issues Lat Lon LocationName StateName CountryCode SentenceID URLs NewsSources) so
 * existing Phoenix readers load it.
 *
 * Records are built in a buffer on the stack and handed to stdio in blocks: writing byte by
 * byte through putc/fwrite/fprintf cost more than coding the story. */
#include "output.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

int dyad_output_format_parse(const char *name)
{
    if (strcmp(name, "jsonl") == 0 || strcmp(name, "json") == 0)
        return DYAD_OUT_JSONL;
    if (strcmp(name, "tsv") == 0 || strcmp(name, "phoenix") == 0)
        return DYAD_OUT_TSV;
    if (strcmp(name, "csv") == 0)
        return DYAD_OUT_CSV;
    return -1;
}

/* ---- the output buffer ------------------------------------------------------------------ */

typedef struct obuf {
    FILE *f;
    size_t len;
    size_t flushed; /* bytes handed to f so far: b[at..len) is still what was written at
                     * flushed + at only while this is unchanged */
    char b[16384];
} obuf;

static void ob_flush(obuf *o)
{
    if (o->len)
        fwrite(o->b, 1, o->len, o->f);
    o->flushed += o->len;
    o->len = 0;
}

/* Where n more bytes (n <= sizeof o->b) can be written, flushing first when they do not
 * fit.  Writers reserve once and then store bytes without a test per byte. */
static inline char *ob_room(obuf *o, size_t n)
{
    if (sizeof o->b - o->len < n)
        ob_flush(o);
    return o->b + o->len;
}

/* The rare case of ob_put: the bytes do not fit in the buffer. */
static void ob_put_large(obuf *o, const char *s, size_t n)
{
    ob_flush(o);
    fwrite(s, 1, n, o->f);
    o->flushed += n;
}

/* Inline, so that the copies of literals (OB_LIT) have a constant size. */
static inline void ob_put(obuf *o, const char *s, size_t n)
{
    if (n > sizeof o->b) {
        ob_put_large(o, s, n);
        return;
    }
    memcpy(ob_room(o, n), s, n);
    o->len += n;
}

static inline void ob_c(obuf *o, char c)
{
    *ob_room(o, 1) = c;
    o->len++;
}

/* A string as "%s" prints it (glibc prints NULL as "(null)").  Short strings (codes) are
 * copied byte by byte: cheaper than a call to memcpy. */
static void ob_s(obuf *o, const char *s)
{
    if (!s)
        s = "(null)";
    size_t n = strlen(s);
    if (n > 16) {
        ob_put(o, s, n);
        return;
    }
    char *d = ob_room(o, n);
    for (size_t i = 0; i < n; i++)
        d[i] = s[i];
    o->len += n;
}

#define OB_LIT(o, lit) ob_put((o), (lit), sizeof(lit) - 1)

/* "%.*s": at most max bytes, stopping at a NUL. */
static void ob_sn(obuf *o, const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    ob_put(o, s, n);
}

/* Two digits per step: a record has some ten numbers, most of them of two to five digits. */
static const char digit_pairs[201] = "00010203040506070809101112131415161718192021222324"
                                     "25262728293031323334353637383940414243444546474849"
                                     "50515253545556575859606162636465666768697071727374"
                                     "75767778798081828384858687888990919293949596979899";

/* Room a number takes at most (20 digits). */
#define U_MAX 20

/* Writes v at d, which has room for U_MAX bytes; returns the end. */
static inline char *put_u(char *d, unsigned long long v)
{
    size_t n = v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : v < 10000 ? 4 : v < 100000 ? 5 : 6;
    for (unsigned long long x = v / 1000000; x; x /= 10)
        n++;
    char *end = d + n;
    for (; v >= 10; v /= 100, n -= 2)
        memcpy(d + n - 2, digit_pairs + 2 * (v % 100), 2);
    if (n)
        d[0] = (char)('0' + v);
    return end;
}

static void ob_u(obuf *o, unsigned long long v)
{
    o->len = (size_t)(put_u(ob_room(o, U_MAX), v) - o->b);
}

/* "<lit>N": a key and its number with one reservation.  lit is a string literal. */
#define OB_KEY_U(o, lit, v) ob_key_u((o), (lit), sizeof(lit) - 1, (v))
static void ob_key_u(obuf *o, const char *key, size_t keyn, unsigned long long v)
{
    char *d = ob_room(o, keyn + U_MAX);
    memcpy(d, key, keyn);
    o->len = (size_t)(put_u(d + keyn, v) - o->b);
}

static void ob_d(obuf *o, long long v)
{
    if (v < 0) {
        ob_c(o, '-');
        ob_u(o, 0ULL - (unsigned long long)v);
    } else
        ob_u(o, (unsigned long long)v);
}

/* "%.*f" with 1 or 4 decimals.  Goldstein scores are tenths and coordinates have four
 * decimals at most: those are written directly, since snprintf costs more than the rest of
 * an event; any other value goes through snprintf. */
static void ob_fixed(obuf *o, double v, int decimals)
{
    unsigned long long scale = decimals == 1 ? 10 : 10000;
    double t = v * (double)scale;
    if (t > -1e9 && t < 1e9) {
        long long k = (long long)(t < 0 ? t - 0.5 : t + 0.5);
        double d = t - (double)k;
        if (d > -1e-6 && d < 1e-6) { /* v is that close to k / scale: "%.*f" prints it */
            unsigned long long a = k < 0 ? 0ULL - (unsigned long long)k : (unsigned long long)k;
            if (k < 0 || (k == 0 && signbit(v)))
                ob_c(o, '-');
            ob_u(o, a / scale);
            char *p = ob_room(o, (size_t)decimals + 1);
            o->len += (size_t)decimals + 1;
            p[0] = '.';
            for (int i = decimals; i >= 1; i--, a /= 10)
                p[i] = (char)('0' + a % 10);
            return;
        }
    }
    char tmp[64];
    int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    if (n > 0)
        ob_put(o, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* ---- JSON strings ----------------------------------------------------------------------- */

/* Bytes that go out as they are: printable ASCII but '"' and '\\'. */
static const unsigned char plain[256] = {
#define R8(x) x, x, x, x, x, x, x, x
    R8(0), R8(0), R8(0), R8(0),
    1, 1, 0, 1, 1, 1, 1, 1, R8(1), R8(1), R8(1), /* 0x20-0x3F: '"' is 0x22 */
    R8(1), R8(1), R8(1), 1, 1, 1, 1, 0, 1, 1, 1, /* 0x40-0x5F: '\\' is 0x5C */
    R8(1), R8(1), R8(1), R8(1),                  /* 0x60-0x7F */
#undef R8
};

/* Length of the valid UTF-8 sequence at s, or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    size_t n = s[0] >= 0xF0 && s[0] <= 0xF4 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 && s[0] < 0xE0 ? 2 : 0;
    if (!n)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if (n == 3 && ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0)))
        return 0; /* overlong, surrogates */
    if (n == 4 && ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)))
        return 0;
    return n;
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Does any of the eight bytes need more than copying: a control character, a byte of a
 * UTF-8 sequence (checked one by one), '"' or '\\'? */
static int special8(uint64_t w)
{
    uint64_t q = w ^ ('"' * ONES), b = w ^ ('\\' * ONES);
    return ((w | ((w - 0x20 * ONES) & ~w) | ((q - ONES) & ~q) | ((b - ONES) & ~b)) & HIGHS) != 0;
}

/* Input bytes escaped per reservation of the buffer: each becomes at most 6 bytes. */
#define JSON_CHUNK 2048

/* Escapes s[0..stop) (and the rest of a UTF-8 sequence that starts before stop) to d;
 * *sp and the returned pointer are where reading and writing stopped. */
static char *escape(char *d, const unsigned char **sp, const unsigned char *stop)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = *sp;
    while (s < stop) {
        for (; stop - s >= 8; s += 8, d += 8) {
            uint64_t w;
            memcpy(&w, s, 8);
            if (special8(w))
                break;
            memcpy(d, &w, 8);
        }
        while (s < stop && plain[*s])
            *d++ = (char)*s++;
        if (s >= stop)
            break;
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            d[0] = '\\';
            d[1] = (char)c;
            d += 2;
            s++;
        } else if (c < 0x20) {
            d[0] = '\\';
            if (c == '\n' || c == '\t' || c == '\r') {
                d[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
                d += 2;
            } else {
                memcpy(d + 1, "u00", 3);
                d[4] = hex[c >> 4];
                d[5] = hex[c & 15];
                d += 6;
            }
            s++;
        } else {
            size_t n = utf8_len(s);
            if (n == 0) {
                memcpy(d, "\\ufffd", 6);
                d += 6;
                s++;
            } else {
                for (size_t i = 0; i < n; i++)
                    d[i] = (char)s[i];
                d += n;
                s += n;
            }
        }
    }
    *sp = s;
    return d;
}

/* Copies s[0..n) to d when no byte needs escaping; 0 (and some bytes copied) when one does.
 * Eight bytes at a time, the last block overlapping the one before: a string of a record is
 * mostly a short code, name or id, and a loop over its bytes would cost more. */
static int copy_plain(char *d, const unsigned char *s, size_t n)
{
    uint64_t w;
    if (n < 8) {
        for (size_t i = 0; i < n; i++) {
            if (!plain[s[i]])
                return 0;
            d[i] = (char)s[i];
        }
        return 1;
    }
#ifdef __SSE2__
    /* sixteen bytes a step where SSE2 is (every x86-64): a sentence's text is some hundred
     * bytes.  As signed bytes, the controls and the bytes of UTF-8 sequences are all below
     * 0x20. */
    if (n >= 16) {
        const __m128i space = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
                      backslash = _mm_set1_epi8('\\');
        for (size_t i = 0;; i = i + 32 <= n ? i + 16 : n - 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, space),
                                       _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                                    _mm_cmpeq_epi8(v, backslash)));
            if (_mm_movemask_epi8(bad))
                return 0;
            _mm_storeu_si128((__m128i *)(void *)(d + i), v);
            if (i + 16 == n)
                return 1;
        }
    }
#endif
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&w, s + i, 8);
        if (special8(w))
            return 0;
        memcpy(d + i, &w, 8);
    }
    memcpy(&w, s + n - 8, 8);
    if (special8(w))
        return 0;
    memcpy(d + n - 8, &w, 8);
    return 1;
}

/* ob_json for a string that needs escaping (or is too long to reserve room for at once). */
static void ob_json_escaped(obuf *o, const unsigned char *s, const unsigned char *end)
{
    ob_c(o, '"');
    while (s < end) {
        size_t chunk = (size_t)(end - s) < JSON_CHUNK ? (size_t)(end - s) : JSON_CHUNK;
        /* 3 more for a UTF-8 sequence that crosses the end of the chunk */
        char *d = ob_room(o, 6 * chunk + 3);
        o->len = (size_t)(escape(d, &s, s + chunk) - o->b);
    }
    ob_c(o, '"');
}

/* Writes the NUL-terminated s[0..n) as a JSON string at d, which has room for 6 * n + 2
 * bytes; returns the end.  (An invalid UTF-8 sequence at the end stops at the NUL.) */
static inline char *put_json(char *d, const unsigned char *s, size_t n)
{
    if (copy_plain(d + 1, s, n)) {
        d[0] = d[n + 1] = '"';
        return d + n + 2;
    }
    *d++ = '"';
    d = escape(d, &s, s + n);
    *d++ = '"';
    return d;
}

/* "<key><str as a JSON string>" with one reservation (key may be empty).  Inline: a record
 * has some twenty strings, nearly all short and plain. */
static inline __attribute__((always_inline)) void ob_key_json(obuf *o, const char *key,
                                                               size_t keyn, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    size_t n = strlen((const char *)s);
    if (n > JSON_CHUNK) {
        ob_put(o, key, keyn);
        ob_json_escaped(o, s, s + n);
        return;
    }
    char *d = ob_room(o, keyn + 6 * n + 2);
    memcpy(d, key, keyn);
    o->len = (size_t)(put_json(d + keyn, s, n) - o->b);
}

#define OB_KEY_JSON(o, lit, str) ob_key_json((o), (lit), sizeof(lit) - 1, (str))

static inline void ob_json(obuf *o, const char *str)
{
    ob_key_json(o, "", 0, str);
}

void dyad_json_string(FILE *f, const char *str)
{
    obuf o;
    o.f = f;
    o.len = o.flushed = 0;
    ob_json(&o, str);
    ob_flush(&o);
}

/* ---- records ---------------------------------------------------------------------------- */

static const char *story_id(const dyad_story *s, char *buf, size_t cap)
{
    const char *id = s->doc->id;
    const char *us = strrchr(id, '_');
    if (s->doc->is_sentence && us && us > id && (size_t)(us - id) < cap) {
        memcpy(buf, id, (size_t)(us - id));
        buf[us - id] = '\0';
        return buf;
    }
    return id;
}

/* The sentence id: the record id for pre-split input, else "<id>-<n>"; as snprintf into a
 * buffer of cap bytes would leave it (cut short when too long). */
static void sentence_id_of(const dyad_story *s, uint32_t sentence, char *buf, size_t cap)
{
    const char *id = s->doc->id;
    size_t n = strlen(id);
    if (n > cap - 1)
        n = cap - 1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    if (s->doc->is_sentence)
        return;
    char num[16];
    size_t k = sizeof num;
    unsigned v = sentence + 1;
    do {
        num[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    num[--k] = '-';
    size_t m = sizeof num - k;
    if (n + m > cap - 1)
        m = cap - 1 - n;
    memcpy(buf + n, num + k, m);
    buf[n + m] = '\0';
}

static void sentence_id(const dyad_story *s, const dyad_story_event *e, char *buf, size_t cap)
{
    sentence_id_of(s, e->sentence, buf, cap);
}

/* ---- what the records of a story repeat ------------------------------------------------- */

/* The size of a sentence id buffer: longer ids are cut short, as snprintf would. */
enum { SID_CAP = 512 };

/* A string escaped (quotes included) at b[at..at+n) of a story_json. */
typedef struct piece {
    size_t at, n;
} piece;

/* The strings every JSON Lines record of a story repeats, escaped once per story: escaping
 * costs several times what copying does, and a story has several events.  When they do not
 * fit the buffer (ids or urls of kilobytes) they are escaped record by record instead. */
typedef struct story_json {
    obuf pieces;             /* never flushed: f is NULL */
    int ok;
    piece story_id, id, date, publisher, url;
    int id_fits; /* "<id>-<n>" is never cut short (see ob_key_sid) */
} story_json;

static piece add_piece(obuf *o, const char *str)
{
    piece p = {o->len, 0};
    ob_json(o, str);
    p.n = o->len - p.at;
    return p;
}

static void story_json_init(story_json *j, const dyad_story *s)
{
    const char *strs[] = {s->doc->id, s->date, s->doc->source, s->doc->url};
    char stid[512];
    size_t need = 6 * strlen(story_id(s, stid, sizeof stid)) + 8; /* see ob_json */
    for (size_t i = 0; i < sizeof strs / sizeof *strs; i++)
        need += strs[i] ? 6 * strlen(strs[i]) + 8 : 0;
    j->pieces.f = NULL;
    j->pieces.len = j->pieces.flushed = 0;
    j->ok = need <= sizeof j->pieces.b;
    if (!j->ok)
        return;
    j->id_fits = strlen(s->doc->id) + 12 < SID_CAP;
    j->story_id = add_piece(&j->pieces, story_id(s, stid, sizeof stid));
    j->id = add_piece(&j->pieces, s->doc->id);
    j->date = add_piece(&j->pieces, s->date);
    if (s->doc->source)
        j->publisher = add_piece(&j->pieces, s->doc->source);
    if (s->doc->url)
        j->url = add_piece(&j->pieces, s->doc->url);
}

/* "<key><piece>", or when the story's pieces did not fit, str escaped now. */
#define OB_KEY_PIECE(o, lit, j, p, str) ob_key_piece((o), (lit), sizeof(lit) - 1, (j), (p), (str))
static void ob_key_piece(obuf *o, const char *key, size_t keyn, const story_json *j,
                         const piece *p, const char *str)
{
    if (!j->ok || keyn + p->n > sizeof o->b) {
        ob_key_json(o, key, keyn, str);
        return;
    }
    char *d = ob_room(o, keyn + p->n);
    memcpy(d, key, keyn);
    memcpy(d + keyn, j->pieces.b + p->at, p->n);
    o->len += keyn + p->n;
}

/* "<key><sentence id as a JSON string>": the id's piece with "-n" inside its quotes,
 * unless sentence_id_of would cut it short. */
#define OB_KEY_SID(o, lit, s, j, sentence)                                                 \
    ob_key_sid((o), (lit), sizeof(lit) - 1, (s), (j), (sentence))
static void ob_key_sid(obuf *o, const char *key, size_t keyn, const dyad_story *s,
                       const story_json *j, uint32_t sentence)
{
    if (j->ok && j->id_fits && keyn + j->id.n + U_MAX + 2 <= sizeof o->b) {
        size_t n = j->id.n - (s->doc->is_sentence ? 0 : 1);
        char *d = ob_room(o, keyn + n + U_MAX + 2);
        memcpy(d, key, keyn);
        memcpy(d + keyn, j->pieces.b + j->id.at, n);
        d += keyn + n;
        if (!s->doc->is_sentence) {
            *d++ = '-';
            d = put_u(d, sentence + 1u);
            *d++ = '"';
        }
        o->len = (size_t)(d - o->b);
        return;
    }
    char sid[SID_CAP];
    sentence_id_of(s, sentence, sid, sizeof sid);
    ob_key_json(o, key, keyn, sid);
}

/* ,"span":[start,end]} closing the actor or verb object it ends */
static void ob_span(obuf *f, dyad_span span)
{
    static const char key[] = ",\"span\":[";
    char *d = ob_room(f, sizeof key + 2 * U_MAX + 3);
    memcpy(d, key, sizeof key - 1);
    d = put_u(d + sizeof key - 1, span.start);
    *d++ = ',';
    d = put_u(d, span.end);
    d[0] = ']';
    d[1] = '}';
    f->len = (size_t)(d + 2 - f->b);
}

/* Where a string went in a buffer: b[at..at+n) while the buffer's flushed count is still
 * `flushed`. */
typedef struct written {
    size_t at, n, flushed;
} written;

/* "<key><s as ob_json writes it>", s copied from where it was written before when that is
 * still in the buffer. */
#define OB_KEY_AGAIN(o, lit, w, s) ob_key_again((o), (lit), sizeof(lit) - 1, (w), (s))
static void ob_key_again(obuf *o, const char *key, size_t keyn, const written *w,
                         const char *s)
{
    char *d = s && keyn + w->n <= sizeof o->b ? ob_room(o, keyn + w->n) : NULL;
    if (!d || o->flushed != w->flushed) {
        ob_key_json(o, key, keyn, s);
        return;
    }
    memcpy(d, key, keyn);
    memcpy(d + keyn, o->b + w->at, w->n);
    o->len += keyn + w->n;
}

/* {"code":...,"country":...,"sector":... of an actor.  Its country and sector are nearly
 * always the two parts of its code ("FRAGOV": "FRA", "GOV"): then, once the code is found
 * to need no escaping, they are copied from it.  *code gets where the code went. */
static void json_code_parts(obuf *f, const dyad_actor_ref *a, written *code)
{
    size_t n = strlen(a->code), k = strnlen(a->country, sizeof a->country);
    if (k <= n && n <= JSON_CHUNK && a->sector == a->code + k &&
        memcmp(a->country, a->code, k) == 0) {
        static const char c0[] = "{\"code\":\"", c1[] = "\",\"country\":\"",
                          c2[] = "\",\"sector\":\"";
        char *d = ob_room(f, sizeof c0 + sizeof c1 + sizeof c2 + 2 * n);
        char *p = d + sizeof c0 - 1;
        if (copy_plain(p, (const unsigned char *)a->code, n)) {
            memcpy(d, c0, sizeof c0 - 1);
            *code = (written){(size_t)(p - 1 - f->b), n + 2, f->flushed};
            p += n;
            memcpy(p, c1, sizeof c1 - 1);
            p += sizeof c1 - 1;
            memcpy(p, a->code, k);
            p += k;
            memcpy(p, c2, sizeof c2 - 1);
            p += sizeof c2 - 1;
            memcpy(p, a->code + k, n - k);
            p += n - k;
            *p++ = '"';
            f->len = (size_t)(p - f->b);
            return;
        }
    }
    OB_LIT(f, "{\"code\":");
    *code = (written){f->len, 0, f->flushed};
    ob_json(f, a->code);
    code->n = f->len - code->at;
    OB_KEY_JSON(f, ",\"country\":", a->country);
    OB_KEY_JSON(f, ",\"sector\":", a->sector);
}

/* {...} or null; *code is set when the actor has a code. */
static void json_actor(obuf *f, const dyad_actor_ref *a, written *code)
{
    if (!a->code) {
        OB_LIT(f, "null");
        return;
    }
    json_code_parts(f, a, code);
    OB_KEY_JSON(f, ",\"text\":", a->text);
    ob_span(f, a->span);
}

/* ---- the writer: what records repeat from story to story ------------------------------ */

/* The fields of a CAMEO code are a fixed piece of every record with that code, some 150
 * bytes and eight fields: a writer keeps each piece it has written, keyed by the code's
 * entry (which lives as long as the coder), and copies it from then on. */
enum { CAMEO_SLOTS = 1024, CAMEO_MAX = CAMEO_SLOTS / 2, CAMEO_PIECE_MAX = 1024 };

typedef struct cameo_slot {
    const dyad_cameo_code *c; /* NULL: empty */
    uint32_t at, n;           /* its piece, pool[at..at+n) */
} cameo_slot;

struct dyad_writer {
    dyad_out_format fmt;
    int explain;
    size_t ncameo;
    char *pool;
    size_t pool_len, pool_cap;
    cameo_slot cameo[CAMEO_SLOTS];
};

dyad_writer *dyad_writer_new(dyad_out_format fmt, int explain)
{
    dyad_writer *w = calloc(1, sizeof *w);
    if (w) {
        w->fmt = fmt;
        w->explain = explain;
    }
    return w;
}

void dyad_writer_free(dyad_writer *w)
{
    if (w)
        free(w->pool);
    free(w);
}

/* The slot of c: where it is, or the empty slot where it would go. */
static cameo_slot *cameo_slot_of(dyad_writer *w, const dyad_cameo_code *c)
{
    size_t i = (size_t)(((uintptr_t)c >> 3) * 0x9E3779B97F4A7C15ULL >> 40) & (CAMEO_SLOTS - 1);
    while (w->cameo[i].c && w->cameo[i].c != c)
        i = (i + 1) & (CAMEO_SLOTS - 1);
    return &w->cameo[i];
}

/* Keeps the piece p[0..n) of c when there is room (a failed allocation only means it is
 * written field by field again). */
static void cameo_keep(dyad_writer *w, cameo_slot *sl, const dyad_cameo_code *c,
                       const char *p, size_t n)
{
    if (w->ncameo >= CAMEO_MAX || n > CAMEO_PIECE_MAX)
        return;
    if (w->pool_len + n > w->pool_cap) {
        size_t cap = w->pool_cap ? 2 * w->pool_cap : 16384;
        char *np = realloc(w->pool, cap);
        if (!np)
            return;
        w->pool = np;
        w->pool_cap = cap;
    }
    memcpy(w->pool + w->pool_len, p, n);
    *sl = (cameo_slot){c, (uint32_t)w->pool_len, (uint32_t)n};
    w->pool_len += n;
    w->ncameo++;
}

/* ,"code":...,"plover":{...} for c; with a writer, copied when written before. */
static void json_cameo(obuf *f, dyad_writer *w, const dyad_cameo_code *c)
{
    cameo_slot *sl = w ? cameo_slot_of(w, c) : NULL;
    if (sl && sl->c) {
        ob_put(f, w->pool + sl->at, sl->n);
        return;
    }
    size_t start = f->len, flushed = f->flushed;
    OB_LIT(f, ",\"code\":\"");
    ob_s(f, c->code);
    OB_LIT(f, "\",\"root\":\"");
    ob_s(f, c->root);
    OB_LIT(f, "\",\"name\":");
    ob_json(f, c->name);
    OB_LIT(f, ",\"quad_class\":");
    ob_d(f, c->quad_class);
    OB_LIT(f, ",\"goldstein\":");
    ob_fixed(f, c->goldstein, 1);
    OB_LIT(f, ",\"plover\":{\"type\":");
    ob_json(f, c->plover_type);
    OB_LIT(f, ",\"mode\":");
    ob_json(f, c->plover_mode);
    OB_LIT(f, ",\"context\":");
    ob_json(f, c->plover_context);
    ob_c(f, '}');
    if (sl && f->flushed == flushed)
        cameo_keep(w, sl, c, f->b + start, f->len - start);
}

/* ,"mode":"...","passive":... */
static void json_mode(obuf *f, const dyad_story_event *e)
{
#define MODE(m) {",\"mode\":\"" m "\",\"passive\":false", ",\"mode\":\"" m "\",\"passive\":true"}
    static const char *const modes[4][2] = {MODE("asserted"), MODE("historical"), MODE("future"),
                                            MODE("hypothetical")};
#undef MODE
    int m = e->hypothetical ? 3 : e->future ? 2 : e->historical ? 1 : 0;
    const char *lit = modes[m][e->passive != 0];
    ob_put(f, lit, strlen(lit));
}

static void write_jsonl(obuf *f, dyad_writer *w, const dyad_story *s, const story_json *j,
                        const dyad_story_event *e, int explain)
{
    char stid[512];
    OB_KEY_PIECE(f, "{\"story_id\":", j, &j->story_id, story_id(s, stid, sizeof stid));
    OB_KEY_SID(f, ",\"sentence_id\":", s, j, e->sentence);
    OB_KEY_U(f, ",\"sentence_index\":", e->sentence + 1u);
    if (s->sentences[e->sentence].headline)
        OB_KEY_JSON(f, ",\"headline\":true,\"sentence_text\":", s->sentences[e->sentence].text);
    else
        OB_KEY_JSON(f, ",\"headline\":false,\"sentence_text\":", s->sentences[e->sentence].text);
    OB_KEY_PIECE(f, ",\"date\":", j, &j->date, s->date);
    if (e->event_date[0])
        OB_KEY_JSON(f, ",\"event_date\":", e->event_date);
    else
        OB_KEY_PIECE(f, ",\"event_date\":", j, &j->date, s->date);
    if (e->historical)
        OB_LIT(f, ",\"historical\":true,\"source\":");
    else
        OB_LIT(f, ",\"historical\":false,\"source\":");
    written source, target;
    json_actor(f, &e->source, &source);
    OB_LIT(f, ",\"target\":");
    json_actor(f, &e->target, &target);
    OB_KEY_AGAIN(f, ",\"source_code\":", &source, e->source.code);
    if (e->target.code)
        OB_KEY_AGAIN(f, ",\"target_code\":", &target, e->target.code);
    else
        OB_LIT(f, ",\"target_code\":null");
    json_cameo(f, w, e->cameo);
    OB_KEY_JSON(f, ",\"verb\":{\"text\":", e->verb_text);
    ob_span(f, e->verb_span);
    json_mode(f, e);
    if (e->speaker)
        OB_KEY_JSON(f, ",\"speaker\":", e->speaker);
    if (s->doc->source)
        OB_KEY_PIECE(f, ",\"publisher\":", j, &j->publisher, s->doc->source);
    if (s->doc->url)
        OB_KEY_PIECE(f, ",\"url\":", j, &j->url, s->doc->url);
    if (e->location) {
        OB_KEY_JSON(f, ",\"location\":{\"name\":", e->location->name);
        OB_KEY_JSON(f, ",\"country\":", e->location->country);
        OB_LIT(f, ",\"lat\":");
        ob_fixed(f, e->location->lat, 4);
        OB_LIT(f, ",\"lon\":");
        ob_fixed(f, e->location->lon, 4);
        OB_LIT(f, "},\"evidence\":[");
    } else
        OB_LIT(f, ",\"location\":null,\"evidence\":[");
    for (size_t k = 0; k < e->nevidence; k++) {
        if (k)
            OB_KEY_SID(f, ",{\"sentence_id\":", s, j, e->evidence[k]);
        else
            OB_KEY_SID(f, "{\"sentence_id\":", s, j, e->evidence[k]);
        OB_KEY_U(f, ",\"sentence_index\":", e->evidence[k] + 1u);
        ob_c(f, '}');
    }
    if (explain) {
        OB_KEY_JSON(f, "],\"explain\":{\"block\":", e->block);
        if (e->pattern)
            OB_KEY_JSON(f, ",\"pattern\":", e->pattern);
        else
            OB_LIT(f, ",\"pattern\":null");
        OB_KEY_JSON(f, ",\"rule\":", e->pattern ? "verb pattern" : "bare verb");
        OB_KEY_JSON(f, ",\"roles\":",
                    e->passive ? "passive: source from by-phrase, target is the subject"
                               : "subject is source, object is target");
        OB_LIT(f, "}}\n");
    } else
        OB_LIT(f, "]}\n");
}

/* Phoenix splits actor codes into entity (country or IGO), role and attribute. */
static void phoenix_actor(obuf *f, const dyad_actor_ref *a)
{
    const char *code = a->code ? a->code : "";
    size_t n = strlen(code);
    char entity[4] = "", role[4] = "";
    if (n >= 3)
        memcpy(entity, code, 3);
    if (n >= 6)
        memcpy(role, code + 3, 3);
    ob_put(f, code, n);
    ob_c(f, '\t');
    ob_s(f, a->country[0] ? a->country : entity);
    ob_c(f, '\t');
    ob_s(f, role);
    ob_c(f, '\t');
    ob_s(f, n > 6 ? code + 6 : "");
    ob_c(f, '\t');
}

static int penta_class(const char *root)
{
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    return r <= 2 ? 0 : r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
}

static void csv_field(obuf *f, const char *s)
{
    ob_c(f, '"');
    for (; s && *s; s++) {
        if (*s == '"')
            ob_c(f, '"');
        ob_c(f, *s == '\n' ? ' ' : *s);
    }
    ob_c(f, '"');
}

static void tsv_field(obuf *f, const char *s)
{
    for (; s && *s; s++)
        ob_c(f, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void write_tsv(obuf *f, const dyad_story *s, const dyad_story_event *e)
{
    char sid[512], ymd[9] = "";
    sentence_id(s, e, sid, sizeof sid);
    if (s->date[0]) {
        memcpy(ymd, s->date, 4);
        memcpy(ymd + 4, s->date + 5, 2);
        memcpy(ymd + 6, s->date + 8, 2);
    }
    ob_s(f, sid);
    ob_c(f, '-');
    ob_u(f, (size_t)(e - s->events));
    ob_c(f, '\t');
    ob_s(f, ymd);
    ob_c(f, '\t');
    ob_sn(f, s->date, 4);
    ob_c(f, '\t');
    ob_sn(f, s->date + 5, 2);
    ob_c(f, '\t');
    ob_sn(f, s->date + 8, 2);
    ob_c(f, '\t');
    phoenix_actor(f, &e->source);
    phoenix_actor(f, &e->target);
    ob_s(f, e->cameo->code);
    ob_c(f, '\t');
    ob_s(f, e->cameo->root);
    ob_c(f, '\t');
    ob_d(f, penta_class(e->cameo->root));
    ob_c(f, '\t');
    ob_fixed(f, e->cameo->goldstein, 1);
    OB_LIT(f, "\t\t\t\t\t\t\t");
    ob_s(f, sid);
    ob_c(f, '\t');
    tsv_field(f, s->doc->url);
    ob_c(f, '\t');
    tsv_field(f, s->doc->source);
    ob_c(f, '\n');
}

static void write_csv(obuf *f, const dyad_story *s, const dyad_story_event *e)
{
    char sid[512], stid[512];
    sentence_id(s, e, sid, sizeof sid);
    const dyad_cameo_code *c = e->cameo;
    csv_field(f, story_id(s, stid, sizeof stid));
    ob_c(f, ',');
    csv_field(f, sid);
    ob_c(f, ',');
    ob_s(f, s->date);
    ob_c(f, ',');
    csv_field(f, e->source.code);
    ob_c(f, ',');
    csv_field(f, e->target.code);
    ob_c(f, ',');
    ob_s(f, c->code);
    ob_c(f, ',');
    ob_s(f, c->root);
    ob_c(f, ',');
    csv_field(f, c->name);
    ob_c(f, ',');
    ob_d(f, c->quad_class);
    ob_c(f, ',');
    ob_fixed(f, c->goldstein, 1);
    ob_c(f, ',');
    ob_s(f, c->plover_type);
    ob_c(f, ',');
    csv_field(f, e->source.text);
    ob_c(f, ',');
    csv_field(f, e->target.text);
    ob_c(f, ',');
    csv_field(f, e->verb_text);
    ob_c(f, ',');
    csv_field(f, s->sentences[e->sentence].text);
    ob_c(f, '\n');
}

void dyad_write_header(FILE *f, dyad_out_format fmt)
{
    if (fmt == DYAD_OUT_CSV)
        fputs("story_id,sentence_id,date,source_code,target_code,code,root,name,quad_class,"
              "goldstein,plover_type,source_text,target_text,verb_text,sentence_text\n",
              f);
}

static void write_event(obuf *o, dyad_writer *w, const dyad_story *s, const story_json *j,
                        size_t i, dyad_out_format fmt, int explain)
{
    const dyad_story_event *e = &s->events[i];
    if (fmt == DYAD_OUT_JSONL)
        write_jsonl(o, w, s, j, e, explain);
    else if (fmt == DYAD_OUT_TSV)
        write_tsv(o, s, e);
    else
        write_csv(o, s, e);
}

/* Writes events [from, to) of a story; w may be NULL. */
static void write_events(FILE *f, dyad_writer *w, const dyad_story *s, size_t from, size_t to,
                         dyad_out_format fmt, int explain)
{
    obuf o;
    story_json j;
    o.f = f;
    o.len = o.flushed = 0;
    if (fmt == DYAD_OUT_JSONL && from < to)
        story_json_init(&j, s);
    for (size_t i = from; i < to; i++)
        write_event(&o, w, s, &j, i, fmt, explain);
    ob_flush(&o);
}

void dyad_write_event(FILE *f, const dyad_story *s, size_t i, dyad_out_format fmt, int explain)
{
    write_events(f, NULL, s, i, i + 1, fmt, explain);
}

void dyad_write_story(FILE *f, const dyad_story *s, dyad_out_format fmt, int explain)
{
    write_events(f, NULL, s, 0, s->nevents, fmt, explain);
}

void dyad_writer_story(dyad_writer *w, FILE *f, const dyad_story *s)
{
    write_events(f, w, s, 0, s->nevents, w->fmt, w->explain);
}

void dyad_write_quotes(FILE *f, const dyad_story *s)
{
    char stid[512];
    for (size_t i = 0; i < s->nquotes; i++) {
        const dyad_story_quote *q = &s->quotes[i];
        fputs("{\"story_id\":", f);
        dyad_json_string(f, story_id(s, stid, sizeof stid));
        fputs(",\"quote\":", f);
        dyad_json_string(f, q->text);
        fprintf(f, ",\"span\":[%u,%u],\"sentence_index\":%u,\"speaker\":", q->span.start,
                q->span.end, q->sentence + 1);
        if (!q->speaker.text) {
            fputs("null}\n", f);
            continue;
        }
        fputs("{\"text\":", f);
        dyad_json_string(f, q->speaker.text);
        fputs(",\"code\":", f);
        if (q->speaker.code)
            dyad_json_string(f, q->speaker.code);
        else
            fputs("null", f);
        fprintf(f, ",\"span\":[%u,%u],\"named_in_sentence\":%u}}\n", q->speaker.span.start,
                q->speaker.span.end, q->speaker_named_in + 1);
    }
}
