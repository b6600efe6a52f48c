/* clean.c — normalisation, boilerplate removal and dateline extraction (see clean.h).
 *
 * Implementation choices:
 *  - Two passes, one buffer, no per-line allocation.  Pass 1 (normalise) copies the story
 *    into a buffer as large as the input while writing the offset map: every replacement
 *    is no longer than its source (an em dash is 3 bytes, " - " is 3 bytes), so the
 *    output can never outgrow the input.  Runs of plain ASCII are copied in bulk.
 *    Pass 2 (compact) walks the lines of that buffer, drops boilerplate lines and the
 *    dateline by sliding the kept runs down in place, text and map together.  When
 *    nothing is dropped nothing moves.
 *  - regexec costs microseconds a call, far too much to run every rule on every paragraph
 *    at 150,000 sentences/s.  So each rule is analysed once, when the rules are loaded,
 *    for the literal prefixes (lower case, up to PFX_LEN bytes) that every match must
 *    begin with; a line is tried only against the rules whose prefix it starts with.  The
 *    analysis is conservative: a rule it cannot read (not anchored with ^, an optional or
 *    class first element, a GNU escape...) is tried on every line, never skipped.  Lines
 *    longer than DYAD_BOILERPLATE_MAX_LINE are never boilerplate, which also bounds the
 *    cost of the regexes that do run.
 *  - Matching is done on the normalised text, so rules only ever see ASCII quotes and
 *    "-" dashes.  A line is NUL-terminated in place for regexec (the byte after it is
 *    saved and restored), which is why the buffers are writable.
 *  - The map points every cleaned byte at the first byte of the source character it
 *    came from; kept multi-byte characters map byte for byte.
 *  - Em dashes and horizontal bars written without spaces ("Hamas—the group—said") become
 *    " - " rather than "-": the segmenter keeps inner "-" in words, and "Hamas-the" would
 *    hide the actor.  Spaced dashes stay " - " as the contract says; en dashes (ranges,
 *    "Paris–Berlin") become a bare "-".
 *  - C0 controls other than tab and newline, DEL and C1 controls become a space, except
 *    the C1 code points that cp1252 mojibake leaves for quotes and dashes (U+0091-U+0097),
 *    which get their intended ASCII form; NUL never reaches the later stages.  A lone CR
 *    is a line break like CR LF. */
#include "clean.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------------------ */
/* Rule prefix analysis                                                                  */
/* ------------------------------------------------------------------------------------ */

#define PFX_LEN 10    /* literal bytes kept per prefix: enough to tell "click here" apart */
#define PFX_SET 64    /* alternatives kept per rule before the analysis gives up */
#define PFX_DEPTH 12  /* group nesting followed; deeper rules are tried on every line */
#define REP_INF (-1)

typedef struct pfx {
    unsigned char s[PFX_LEN];
    unsigned char len;
    unsigned char open; /* 1: the prefix may still grow with the next element */
} pfx;

typedef struct pfxset {
    pfx v[PFX_SET];
    int n;
} pfxset;

typedef struct rx {
    const unsigned char *p, *end;
    int depth, fail;
} rx;

static unsigned char lower(unsigned char b) { return b >= 'A' && b <= 'Z' ? b + 32 : b; }

static void set_only(pfxset *s, const unsigned char *str, size_t len, int open)
{
    s->n = 1;
    memcpy(s->v[0].s, str, len);
    s->v[0].len = (unsigned char)len;
    s->v[0].open = (unsigned char)open;
}

static void set_close(pfxset *s)
{
    for (int i = 0; i < s->n; i++) s->v[i].open = 0;
}

/* Adds x unless present; 0 when the set is full. */
static int set_add(pfxset *s, const pfx *x)
{
    for (int i = 0; i < s->n; i++)
        if (s->v[i].len == x->len && s->v[i].open == x->open &&
            memcmp(s->v[i].s, x->s, x->len) == 0)
            return 1;
    if (s->n == PFX_SET) return 0;
    s->v[s->n++] = *x;
    return 1;
}

/* out = S followed by A (closed prefixes of S stay as they are); 0 on overflow. */
static int set_concat(pfxset *out, const pfxset *S, const pfxset *A)
{
    out->n = 0;
    for (int i = 0; i < S->n; i++) {
        if (!S->v[i].open) {
            if (!set_add(out, &S->v[i])) return 0;
            continue;
        }
        for (int j = 0; j < A->n; j++) {
            pfx t = S->v[i];
            size_t room = PFX_LEN - t.len, take = A->v[j].len < room ? A->v[j].len : room;
            memcpy(t.s + t.len, A->v[j].s, take);
            t.len = (unsigned char)(t.len + take);
            t.open = take == A->v[j].len && A->v[j].open && t.len < PFX_LEN;
            if (!set_add(out, &t)) return 0;
        }
    }
    return 1;
}

static int set_union(pfxset *S, const pfxset *T)
{
    for (int i = 0; i < T->n; i++)
        if (!set_add(S, &T->v[i])) return 0;
    return 1;
}

/* S = S A{lo,hi}.  Closing a set is always sound (its members are still prefixes of
 * every match), so every overflow or repetition simply stops the growth. */
static void set_apply(pfxset *S, const pfxset *A, int lo, int hi)
{
    pfxset T;
    if (!set_concat(&T, S, A)) {
        set_close(S);
        return;
    }
    if (hi != 1) set_close(&T); /* A may repeat: what follows it is unknown */
    if (lo > 0) {
        *S = T;
    } else if (!set_union(S, &T)) {
        set_close(S);
    }
}

static void parse_alt(rx *r, pfxset *out);

/* A bracket expression: a short list of literal characters (ranges included) gives one
 * prefix per character; negation, classes and anything non-ASCII give up. */
static void parse_bracket(rx *r, pfxset *A)
{
    unsigned char chars[16];
    int n = 0, ok = 1, first = 1;
    if (r->p < r->end && *r->p == '^') ok = 0, r->p++;
    while (r->p < r->end && (first || *r->p != ']')) {
        first = 0;
        if (*r->p == '[' && r->p + 1 < r->end && strchr(":.=", r->p[1])) {
            unsigned char t = r->p[1];
            r->p += 2;
            while (r->p + 1 < r->end && !(r->p[0] == t && r->p[1] == ']')) r->p++;
            r->p = r->p + 2 <= r->end ? r->p + 2 : r->end;
            ok = 0;
            continue;
        }
        unsigned char lo = *r->p++, hi = lo;
        if (r->p + 1 < r->end && *r->p == '-' && r->p[1] != ']') {
            hi = r->p[1];
            r->p += 2;
            if (hi == '[') ok = 0;
        }
        if (lo >= 0x80 || hi >= 0x80 || hi < lo || hi - lo >= 16) {
            ok = 0;
            continue;
        }
        for (unsigned c = lo; c <= hi && ok; c++) {
            unsigned char l = lower((unsigned char)c);
            int seen = 0;
            for (int i = 0; i < n; i++) seen |= chars[i] == l;
            if (!seen && n == 16) ok = 0;
            else if (!seen) chars[n++] = l;
        }
    }
    if (r->p < r->end) r->p++; /* the closing ] */
    else ok = 0;
    if (!ok || n == 0) {
        set_only(A, (const unsigned char *)"", 0, 0);
        return;
    }
    A->n = 0;
    for (int i = 0; i < n; i++) {
        pfx t = {{chars[i]}, 1, 1};
        set_add(A, &t);
    }
}

/* Non-ASCII literals are used when they cannot have a case variant (U+0080-U+00BF but
 * the letters ª µ º, and U+2000-U+2BFF: ©, «, •, ›...) and no quantifier follows them
 * (in the C locale a quantifier would bind to their last byte only). */
static void parse_multibyte(rx *r, pfxset *A)
{
    const unsigned char *p = r->p;
    size_t len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 1;
    unsigned cp = 0;
    if ((size_t)(r->end - p) < len || len == 1) {
        r->p++;
        set_only(A, (const unsigned char *)"", 0, 0);
        return;
    }
    if (len == 2) cp = ((p[0] & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    if (len == 3) cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    r->p += len;
    int caseless = (cp >= 0x80 && cp <= 0xBF && cp != 0xAA && cp != 0xB5 && cp != 0xBA) ||
                   (cp >= 0x2000 && cp <= 0x2BFF);
    int quantified = r->p < r->end && strchr("*+?{", *r->p) && *r->p;
    if (caseless && !quantified) set_only(A, p, len, 1);
    else set_only(A, (const unsigned char *)"", 0, 0);
}

static void parse_atom(rx *r, pfxset *A)
{
    static const unsigned char none[1] = {0};
    unsigned char c = *r->p;
    if (c == '(') {
        r->p++;
        if (++r->depth > PFX_DEPTH) r->fail = 1;
        else parse_alt(r, A);
        r->depth--;
        if (r->p < r->end && *r->p == ')') r->p++;
        else r->fail = 1;
    } else if (c == '[') {
        r->p++;
        parse_bracket(r, A);
    } else if (c == '^') { /* zero width: the rule is anchored, nothing consumed */
        r->p++;
        set_only(A, none, 0, 1);
    } else if (c == '\\' && r->p + 1 < r->end) {
        unsigned char e = r->p[1];
        r->p += 2;
        int gnu = (e >= '0' && e <= '9') || (lower(e) >= 'a' && lower(e) <= 'z') || e >= 0x80;
        if (gnu) set_only(A, none, 0, 0); /* \b \w \1...: not a literal */
        else set_only(A, &e, 1, 1);
    } else if (c >= 0x80) {
        parse_multibyte(r, A);
    } else if (strchr(".$*+?{\\", c)) { /* any char, end, or a stray operator */
        r->p++;
        set_only(A, none, 0, 0);
    } else {
        unsigned char l = lower(c);
        r->p++;
        set_only(A, &l, 1, 1);
    }
}

static int parse_number(rx *r)
{
    int n = 0;
    while (r->p < r->end && *r->p >= '0' && *r->p <= '9' && n < 10000)
        n = n * 10 + (*r->p++ - '0');
    return n;
}

/* One bound {n}, {n,}, {n,m}.  A brace that is not a bound is read as "optional,
 * repeated", which over-approximates and so stays sound. */
static void parse_bound(rx *r, int *lo, int *hi)
{
    const unsigned char *save = ++r->p;
    int a = parse_number(r), b = a;
    if (r->p < r->end && *r->p == ',') {
        r->p++;
        b = r->p < r->end && *r->p == '}' ? REP_INF : parse_number(r);
    }
    if (r->p < r->end && *r->p == '}' && r->p > save && *save != ',') {
        r->p++;
        *lo = a, *hi = b;
    } else {
        r->p = save;
        *lo = 0, *hi = REP_INF;
    }
}

/* Quantifiers after an atom, folded into "may be absent" and "may repeat". */
static void parse_quant(rx *r, int *lo, int *hi)
{
    *lo = 1, *hi = 1;
    while (r->p < r->end && strchr("*+?{", *r->p) && *r->p) {
        int a = 1, b = 1;
        unsigned char q = *r->p;
        if (q == '{') parse_bound(r, &a, &b);
        else r->p++, a = q == '+', b = q == '?' ? 1 : REP_INF;
        if (a == 0) *lo = 0;
        if (b != 1 || a > 1) *hi = REP_INF;
    }
}

/* A branch: pieces until | or ).  Returns 1 when it begins with ^. */
static int parse_seq(rx *r, pfxset *S)
{
    int anchored = r->p < r->end && *r->p == '^';
    set_only(S, (const unsigned char *)"", 0, 1);
    while (r->p < r->end && *r->p != '|' && *r->p != ')' && !r->fail) {
        pfxset A;
        int lo, hi;
        parse_atom(r, &A);
        parse_quant(r, &lo, &hi);
        set_apply(S, &A, lo, hi);
    }
    return anchored;
}

static void parse_alt(rx *r, pfxset *out)
{
    pfxset seq;
    int ok = 1;
    out->n = 0;
    for (;;) {
        int anchored = parse_seq(r, &seq);
        if (r->depth == 0 && !anchored) ok = 0; /* an unanchored branch matches anywhere */
        if (!set_union(out, &seq)) ok = 0;
        if (r->fail || r->p >= r->end || *r->p != '|') break;
        r->p++;
    }
    if (!ok) set_only(out, (const unsigned char *)"", 0, 0);
}

/* The prefixes every match of `pat` starts with; a single empty one when unknown. */
static void analyse(const char *pat, pfxset *out)
{
    rx r = {(const unsigned char *)pat, (const unsigned char *)pat + strlen(pat), 0, 0};
    parse_alt(&r, out);
    int empty = 0;
    for (int i = 0; i < out->n; i++) empty |= out->v[i].len == 0;
    if (r.fail || r.p != r.end || empty || out->n == 0)
        set_only(out, (const unsigned char *)"", 0, 0);
}

/* ------------------------------------------------------------------------------------ */
/* The cleaner                                                                           */
/* ------------------------------------------------------------------------------------ */

/* A prefix, zero-padded (prefix bytes are never NUL). */
typedef struct pfx_entry {
    unsigned char key[PFX_LEN];
    uint32_t rule;
} pfx_entry;

struct dyad_cleaner {
    regex_t *re;
    size_t nre, cap;
    pfx_entry *ent;     /* sorted by key (a prefix before the longer ones it begins),
                         * then rule */
    size_t nent;
    uint32_t *start;    /* 65537: ent[start[p] .. start[p+1]) begin with the bytes b0 b1,
                         * p = b0 << 8 | b1 (b1 0: the one-byte prefix b0) */
    uint32_t *always;   /* rules without a usable prefix: tried on every line */
    size_t nalways;
};

static void set_err(char *err, size_t errlen, const char *name, int line, const char *why)
{
    if (err && errlen) snprintf(err, errlen, "%s:%d: %s", name ? name : "rules", line, why);
}

static int cmp_entry(const void *a, const void *b)
{
    const pfx_entry *x = a, *y = b;
    int d = memcmp(x->key, y->key, PFX_LEN);
    if (d) return d;
    return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Adds the prefixes of rule `rule` to the index (or to the always-tried list).
 * 0 when out of memory. */
static int add_prefixes(dyad_cleaner *c, const char *pat, uint32_t rule)
{
    pfxset s;
    analyse(pat, &s);
    if (s.n == 1 && s.v[0].len == 0) {
        uint32_t *a = realloc(c->always, (c->nalways + 1) * sizeof *a);
        if (!a) return 0;
        c->always = a;
        c->always[c->nalways++] = rule;
        return 1;
    }
    pfx_entry *e = realloc(c->ent, (c->nent + (size_t)s.n) * sizeof *e);
    if (!e) return 0;
    c->ent = e;
    for (int i = 0; i < s.n; i++) {
        e = &c->ent[c->nent++];
        memset(e->key, 0, PFX_LEN);
        memcpy(e->key, s.v[i].s, s.v[i].len);
        e->rule = rule;
    }
    return 1;
}

static int finish_index(dyad_cleaner *c)
{
    if (!(c->start = malloc(65537 * sizeof *c->start))) return 0;
    if (c->nent) qsort(c->ent, c->nent, sizeof *c->ent, cmp_entry); /* ent may be NULL */
    size_t e = 0;
    for (unsigned p = 0; p < 65536; p++) {
        c->start[p] = (uint32_t)e;
        while (e < c->nent && (unsigned)(c->ent[e].key[0] << 8 | c->ent[e].key[1]) == p) e++;
    }
    c->start[65536] = (uint32_t)e;
    return 1;
}

/* Strips a rule line: leading/trailing blanks, and a comment that starts with '#' at the
 * beginning or after a blank ('#' inside a rule, as in "[#]", is literal). */
static char *rule_text(char *line)
{
    while (*line == ' ' || *line == '\t') line++;
    for (char *h = line; *h; h++)
        if (*h == '#' && (h == line || h[-1] == ' ' || h[-1] == '\t')) {
            *h = '\0';
            break;
        }
    size_t n = strlen(line);
    while (n && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r')) n--;
    line[n] = '\0';
    return line;
}

static int add_rule(dyad_cleaner *c, const char *pat, int line, const char *name, char *err,
                    size_t errlen)
{
    if (c->nre == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 64;
        regex_t *re = realloc(c->re, cap * sizeof *re);
        if (!re) {
            set_err(err, errlen, name, line, "out of memory");
            return -1;
        }
        c->re = re, c->cap = cap;
    }
    int rc = regcomp(&c->re[c->nre], pat, REG_EXTENDED | REG_ICASE | REG_NOSUB);
    if (rc != 0) {
        char why[160];
        regerror(rc, &c->re[c->nre], why, sizeof why);
        set_err(err, errlen, name, line, why);
        return -1;
    }
    if (!add_prefixes(c, pat, (uint32_t)c->nre)) {
        regfree(&c->re[c->nre]);
        set_err(err, errlen, name, line, "out of memory");
        return -1;
    }
    c->nre++;
    return 0;
}

/* Compiles every rule line of buf (a writable copy of the rules); -1 on error. */
static int compile_rules(dyad_cleaner *c, char *buf, size_t len, const char *name, char *err,
                         size_t errlen)
{
    int line = 0;
    for (size_t pos = 0; pos < len;) {
        char *nl = memchr(buf + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - buf) : len;
        line++;
        if (memchr(buf + pos, '\0', end - pos)) {
            set_err(err, errlen, name, line, "NUL byte in rule");
            return -1;
        }
        buf[end] = '\0';
        const char *pat = rule_text(buf + pos);
        if (*pat && add_rule(c, pat, line, name, err, errlen) != 0) return -1;
        pos = end + 1;
    }
    return 0;
}

dyad_cleaner *dyad_cleaner_new(const char *rules, size_t len, const char *name, char *err,
                               size_t errlen)
{
    dyad_cleaner *c = calloc(1, sizeof *c);
    char *buf = malloc(len + 1);
    if (!c || !buf) {
        free(c), free(buf);
        set_err(err, errlen, name, 0, "out of memory");
        return NULL;
    }
    if (len) memcpy(buf, rules, len);
    buf[len] = '\0';
    if (compile_rules(c, buf, len, name, err, errlen) != 0) {
        free(buf);
        dyad_cleaner_free(c);
        return NULL;
    }
    free(buf);
    if (!finish_index(c)) {
        dyad_cleaner_free(c);
        set_err(err, errlen, name, 0, "out of memory");
        return NULL;
    }
    return c;
}

void dyad_cleaner_free(dyad_cleaner *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nre; i++) regfree(&c->re[i]);
    free(c->re);
    free(c->ent);
    free(c->start);
    free(c->always);
    free(c);
}

size_t dyad_cleaner_rules(const dyad_cleaner *c, size_t *unfiltered)
{
    if (unfiltered) *unfiltered = c ? c->nalways : 0;
    return c ? c->nre : 0;
}

/* ------------------------------------------------------------------------------------ */
/* Matching                                                                              */
/* ------------------------------------------------------------------------------------ */

static int is_blank(unsigned char b)
{
    return b == ' ' || (b >= '\t' && b <= '\r'); /* space, \t \n \v \f \r */
}

/* s[0..n) is a trimmed, non-empty line with s[n] == '\0'. */
/* The first of ent[lo..hi), a range sorted by byte d, whose byte d is b or more. */
static uint32_t first_from(const pfx_entry *ent, uint32_t lo, uint32_t hi, size_t d, unsigned b)
{
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (ent[mid].key[d] < b) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* Does rule match line s?  Not asked again when it was the last rule asked (the prefixes
 * of a rule sit together). */
static int try_rule(const dyad_cleaner *c, uint32_t rule, const char *s, uint32_t *last)
{
    if (rule == *last) return 0;
    *last = rule;
    return regexec(&c->re[rule], s, 0, NULL, 0) == 0;
}

/* The rules whose prefixes the line starts with are found as in a trie: the line's first
 * two bytes give the entries that begin with them; then ent[lo..hi) are those that begin
 * with its first d bytes, the ones d bytes long first (they match), then the longer ones
 * in the order of their byte d, which two binary searches narrow to the line's. */
static int rules_match(const dyad_cleaner *c, const char *s, size_t n)
{
    unsigned first = lower((unsigned char)s[0]) << 8;
    unsigned pair = first | (n > 1 ? lower((unsigned char)s[1]) : 0);
    uint32_t last = UINT32_MAX;
    for (uint32_t e = c->start[first]; e < c->start[first + 1]; e++)
        if (try_rule(c, c->ent[e].rule, s, &last)) return 1;
    uint32_t lo = c->start[pair], hi = pair != first ? c->start[pair + 1] : lo;
    for (size_t d = 2; lo < hi; d++) {
        for (; lo < hi && (d == PFX_LEN || c->ent[lo].key[d] == 0); lo++)
            if (try_rule(c, c->ent[lo].rule, s, &last)) return 1;
        if (lo == hi || d == PFX_LEN || d >= n) break;
        unsigned b = lower((unsigned char)s[d]);
        lo = first_from(c->ent, lo, hi, d, b);
        hi = first_from(c->ent, lo, hi, d, b + 1);
    }
    for (size_t i = 0; i < c->nalways; i++)
        if (regexec(&c->re[c->always[i]], s, 0, NULL, 0) == 0) return 1;
    return 0;
}

/* The line s[0..n), which must have a writable byte at s[n], is boilerplate. */
static int line_is_boilerplate(const dyad_cleaner *c, char *s, size_t n)
{
    if (!c || n == 0 || n > DYAD_BOILERPLATE_MAX_LINE) return 0;
    char saved = s[n];
    s[n] = '\0';
    int hit = rules_match(c, s, n);
    s[n] = saved;
    return hit;
}

int dyad_is_boilerplate(const dyad_cleaner *c, const char *s, size_t len)
{
    char buf[DYAD_BOILERPLATE_MAX_LINE + 1];
    if (!c || !s) return 0;
    while (len && is_blank((unsigned char)*s)) s++, len--;
    while (len && is_blank((unsigned char)s[len - 1])) len--;
    if (len == 0 || len > DYAD_BOILERPLATE_MAX_LINE) return 0;
    memcpy(buf, s, len);
    return line_is_boilerplate(c, buf, len);
}

/* ------------------------------------------------------------------------------------ */
/* Pass 1: normalisation                                                                 */
/* ------------------------------------------------------------------------------------ */

static const char EM_DASH[] = "em"; /* marker: a dash that is spaced by context */

/* What a code point becomes: NULL to keep it, "" to drop it, EM_DASH, or the ASCII
 * replacement (never longer than the UTF-8 source). */
static const char *replacement(uint32_t cp)
{
    if (cp < 0xA0) { /* C1 controls; cp1252 mojibake for quotes and dashes */
        if (cp == 0x91 || cp == 0x92) return "'";
        if (cp == 0x93 || cp == 0x94) return "\"";
        if (cp == 0x96 || cp == 0x97) return "-";
        return " ";
    }
    if (cp == 0xA0) return " ";
    if (cp == 0xAB || cp == 0xBB) return "\"";
    if (cp == 0xAD) return "";
    if (cp < 0x1680) return NULL; /* Latin, Greek, Cyrillic, Arabic, Hebrew...: fast out */
    if (cp == 0x1680) return " ";
    if (cp == 0x180E) return "";
    if (cp < 0x2000) return NULL;
    if (cp <= 0x200A) return " ";
    if (cp <= 0x200F) return ""; /* zero-width space/joiners, LRM, RLM */
    if (cp <= 0x2013) return "-";
    if (cp <= 0x2015) return EM_DASH;
    if (cp <= 0x2017) return NULL;
    if (cp <= 0x201B) return "'";
    if (cp <= 0x201F) return "\"";
    if (cp == 0x2026) return "...";
    if (cp == 0x2028 || cp == 0x2029) return "\n";
    if (cp >= 0x202A && cp <= 0x202E) return ""; /* bidi embeddings */
    if (cp == 0x202F || cp == 0x205F || cp == 0x3000) return " ";
    if (cp == 0x2039 || cp == 0x203A) return "'";
    if ((cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069)) return "";
    if (cp == 0x2212 || cp == 0xFE63 || cp == 0xFF0D) return "-";
    if (cp == 0xFE58) return EM_DASH;
    if (cp == 0xFEFF) return "";
    return NULL;
}

/* Decodes one UTF-8 character at s[0..n) (s[0] >= 0x80).  Returns its length and sets
 * *cp, or returns minus the length of the maximal invalid subpart (at least 1). */
static int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned char b = s[0], lo = 0x80, hi = 0xBF;
    int need;
    if (b < 0xC2 || b > 0xF4) return -1;
    if (b < 0xE0) need = 1, *cp = b & 0x1Fu;
    else if (b < 0xF0) need = 2, *cp = b & 0x0Fu;
    else need = 3, *cp = b & 0x07u;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F; /* surrogates */
    if (b == 0xF0) lo = 0x90; /* overlong */
    if (b == 0xF4) hi = 0x8F; /* beyond U+10FFFF */
    for (int k = 1; k <= need; k++) {
        if ((size_t)k >= n || s[k] < (k == 1 ? lo : 0x80) || s[k] > (k == 1 ? hi : 0xBF))
            return -k;
        *cp = (*cp << 6) | (s[k] & 0x3Fu);
    }
    return need + 1;
}

typedef struct norm {
    const unsigned char *s;
    size_t n, i; /* source and read position */
    char *out;
    uint32_t *map;
    size_t o;    /* write position */
    int invalid;
} norm;

static void emit(norm *z, char ch, size_t from)
{
    z->out[z->o] = ch;
    z->map[z->o++] = (uint32_t)from;
}

/* Bytes copied verbatim in bulk: printable ASCII, tab and newline. */
static int plain(unsigned char b) { return (b >= 0x20 && b < 0x7F) || b == '\n' || b == '\t'; }

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Are the eight bytes all printable ASCII?  (A tab or newline among them sends the block to
 * the byte-by-byte test.) */
static int printable8(uint64_t w)
{
    uint64_t del = w ^ (0x7F * ONES);
    return ((w | ((w - 0x20 * ONES) & ~w) | ((del - ONES) & ~del)) & HIGHS) == 0;
}

typedef uint32_t u32x4 __attribute__((vector_size(16)));

static void copy_plain(norm *z)
{
    size_t j = z->i;
    for (;;) {
        uint64_t w;
        for (; z->n - j >= 8; j += 8) {
            memcpy(&w, z->s + j, 8);
            if (!printable8(w))
                break;
        }
        while (j < z->n && plain(z->s[j]) && z->s[j] >= 0x20)
            j++;
        if (j >= z->n || !plain(z->s[j]))
            break;
        j++; /* a tab or newline */
    }
    size_t len = j - z->i;
    memcpy(z->out + z->o, z->s + z->i, len);
    uint32_t *m = z->map + z->o;
    uint32_t base = (uint32_t)z->i;
    size_t k = 0;
    /* eight offsets a step in two vectors: -O2 leaves a plain loop scalar, one store each */
    u32x4 lo = {base, base + 1, base + 2, base + 3}, hi = lo + 4, step = {8, 8, 8, 8};
    for (; k + 8 <= len; k += 8, lo += step, hi += step) {
        memcpy(m + k, &lo, sizeof lo);
        memcpy(m + k + 4, &hi, sizeof hi);
    }
    for (; k < len; k++) m[k] = base + (uint32_t)k;
    z->o += len;
    z->i = j;
}

static void put_control(norm *z)
{
    unsigned char b = z->s[z->i];
    if (b == '\r' && z->i + 1 < z->n && z->s[z->i + 1] == '\n') {
        z->i++; /* CR LF: the LF that follows is the line break */
        return;
    }
    emit(z, b == '\r' ? '\n' : ' ', z->i);
    z->i++;
}

static int wordish(unsigned char b)
{
    return b >= 0x80 || (b >= '0' && b <= '9') || (lower(b) >= 'a' && lower(b) <= 'z');
}

/* An em dash between two words gets spaces so that it separates them. */
static void put_em_dash(norm *z, size_t len)
{
    size_t at = z->i;
    int before = z->o > 0 && wordish((unsigned char)z->out[z->o - 1]);
    int after = at + len < z->n && wordish(z->s[at + len]);
    if (before) emit(z, ' ', at);
    emit(z, '-', at);
    if (after) emit(z, ' ', at);
}

static void put_utf8(norm *z)
{
    uint32_t cp = 0;
    int len = utf8_decode(z->s + z->i, z->n - z->i, &cp);
    if (len < 0) {
        emit(z, '?', z->i);
        z->invalid++;
        z->i += (size_t)-len;
        return;
    }
    const char *rep = replacement(cp);
    if (!rep) {
        for (int k = 0; k < len; k++) emit(z, (char)z->s[z->i + k], z->i + k);
    } else if (rep == EM_DASH) {
        put_em_dash(z, (size_t)len);
    } else {
        for (const char *r = rep; *r; r++) emit(z, *r, z->i);
    }
    z->i += (size_t)len;
}

static void normalise(norm *z)
{
    while (z->i < z->n) {
        unsigned char b = z->s[z->i];
        if (plain(b)) copy_plain(z);
        else if (b < 0x80) put_control(z);
        else put_utf8(z);
    }
}

/* ------------------------------------------------------------------------------------ */
/* Datelines                                                                             */
/* ------------------------------------------------------------------------------------ */

#define DATELINE_MAX 100

static int upper_ascii(unsigned char b) { return b >= 'A' && b <= 'Z'; }
static int lower_ascii(unsigned char b) { return b >= 'a' && b <= 'z'; }
static int digit(unsigned char b) { return b >= '0' && b <= '9'; }

/* Bytes of a place name word: letters (any script), and . ' - & inside names such as
 * ST. LOUIS, N'DJAMENA, PORT-AU-PRINCE. */
static int place_byte(unsigned char b)
{
    return upper_ascii(b) || lower_ascii(b) || b >= 0x80 || b == '.' || b == '\'' ||
           b == '-' || b == '&';
}

/* The place: up to 6 words, mostly upper case.  Returns its end, or 0. */
static size_t dl_place(const char *s, size_t n)
{
    size_t p = 0, up = 0, low = 0, words = 0;
    if (n == 0 || !upper_ascii((unsigned char)s[0])) return 0;
    for (;;) {
        while (p < n && place_byte((unsigned char)s[p])) {
            up += upper_ascii((unsigned char)s[p]);
            low += lower_ascii((unsigned char)s[p]);
            p++;
        }
        if (s[p - 1] == '-') return 0; /* "WORD-" is a word cut short, not a name */
        words++;
        if (words < 6 && p + 1 < n && s[p] == ' ' && place_byte((unsigned char)s[p + 1]) &&
            s[p + 1] != '-')
            p++;
        else
            break;
    }
    return up >= 2 && low * 4 <= up ? p : 0; /* "Turkey's" is a sentence, not a place */
}

static int detail_start(unsigned char b) { return upper_ascii(b) || digit(b); }

/* ", Lebanon", ", March 3", ", D.C., Nov. 28": capitalised words or numbers after a comma
 * (at most 2 commas, 5 words).  Returns the new position, or 0 when malformed. */
static size_t dl_details(const char *s, size_t n, size_t p)
{
    int commas = 0, words = 0;
    while (p + 2 < n && s[p] == ',' && s[p + 1] == ' ' && commas < 2) {
        p += 2, commas++;
        if (!detail_start((unsigned char)s[p])) return 0;
        for (;;) {
            while (p < n && (place_byte((unsigned char)s[p]) || digit((unsigned char)s[p])))
                p++;
            if (s[p - 1] == '-' || ++words > 5) return 0;
            if (p + 1 < n && s[p] == ' ' && detail_start((unsigned char)s[p + 1])) p++;
            else break;
        }
    }
    return p;
}

/* " (Reuters)": a short parenthesis starting with a letter. */
static size_t dl_agency(const char *s, size_t n, size_t p)
{
    size_t q = p < n && s[p] == ' ' ? p + 1 : p;
    if (q + 2 >= n || s[q] != '(' || !(upper_ascii((unsigned char)s[q + 1]) ||
                                      lower_ascii((unsigned char)s[q + 1])))
        return p;
    for (size_t e = q + 1; e < n && e < q + 42; e++) {
        if (s[e] == ')') return e + 1;
        if (s[e] == '(') break;
    }
    return p;
}

/* The separator "-", "--", "---" (after a space or ")") or ":", then blanks and text.
 * Returns where the body starts, or 0. */
static size_t dl_separator(const char *s, size_t n, size_t p)
{
    size_t q = p;
    while (q < n && s[q] == ' ') q++;
    if (q < n && s[q] == ':') {
        q++;
    } else if (q < n && s[q] == '-' && (q > p || (p > 0 && s[p - 1] == ')'))) {
        size_t d = 0;
        while (q < n && s[q] == '-' && d < 3) q++, d++;
    } else {
        return 0;
    }
    if (q >= n || s[q] != ' ') return 0;
    while (q < n && s[q] == ' ') q++;
    return q < n ? q : 0;
}

/* A dateline at the start of s[0..n): returns how many bytes to remove (0 if none) and
 * in *keep the length of the dateline proper, without the separator. */
static size_t find_dateline(const char *s, size_t n, size_t *keep)
{
    size_t p = dl_place(s, n);
    if (!p) return 0;
    if (p < n && s[p] == ',') {
        p = dl_details(s, n, p);
        if (!p) return 0;
    }
    p = dl_agency(s, n, p);
    size_t body = dl_separator(s, n, p);
    if (!body || p > DATELINE_MAX) return 0;
    *keep = p;
    return body;
}

/* ------------------------------------------------------------------------------------ */
/* Pass 2: compaction                                                                    */
/* ------------------------------------------------------------------------------------ */

typedef struct compact {
    char *t;
    uint32_t *m;
    size_t w;   /* bytes kept so far, at the front of the buffers */
    size_t run; /* start of the kept run not yet moved down */
} compact;

/* Removes t[a..b): moves the pending run [run, a) down to w first. */
static void cut(compact *k, size_t a, size_t b)
{
    size_t len = a - k->run;
    if (k->w != k->run && len) {
        memmove(k->t + k->w, k->t + k->run, len);
        memmove(k->m + k->w, k->m + k->run, len * sizeof *k->m);
    }
    k->w += len;
    k->run = b;
}

/* Looks for the dateline in the body line t[ts..te); cuts it and stores its text.
 * -1 when out of memory. */
static int take_dateline(compact *k, size_t ts, size_t te, dyad_cleaned *out)
{
    size_t keep = 0, body = find_dateline(k->t + ts, te - ts, &keep);
    if (!body) return 0;
    out->dateline = malloc(keep + 1);
    if (!out->dateline) return -1;
    memcpy(out->dateline, k->t + ts, keep);
    out->dateline[keep] = '\0';
    cut(k, ts, ts + body);
    return 0;
}

/* "By JOHN DOE Associated Press" on its own line: AP and others put the byline before the
 * dateline paragraph, so it does not end the search.  A sentence ends with punctuation. */
static int is_byline(const char *s, size_t n)
{
    return n > 3 && n <= 80 && memcmp(s, "By ", 3) == 0 && !strchr(".!?\"", s[n - 1]);
}

static int compact_lines(const dyad_cleaner *c, compact *k, size_t n, size_t headline,
                         dyad_cleaned *out)
{
    int dateline_done = 0;
    for (size_t pos = 0; pos < n;) {
        char *nl = memchr(k->t + pos, '\n', n - pos);
        size_t le = nl ? (size_t)(nl - k->t) : n, next = nl ? le + 1 : n;
        size_t ts = pos, te = le;
        while (ts < te && is_blank((unsigned char)k->t[ts])) ts++;
        while (te > ts && is_blank((unsigned char)k->t[te - 1])) te--;
        if (ts < te && line_is_boilerplate(c, k->t + ts, te - ts)) {
            cut(k, pos, next);
            out->dropped_lines++;
        } else if (ts < te && !dateline_done && k->m[ts] >= headline &&
                   !is_byline(k->t + ts, te - ts)) {
            dateline_done = 1;
            if (take_dateline(k, ts, te, out) != 0) return -1;
        }
        pos = next;
    }
    cut(k, n, n);
    return 0;
}

/* The number of cleaned bytes that come from the first h original bytes. */
static size_t remap(const uint32_t *map, size_t len, size_t h)
{
    size_t lo = 0, hi = len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (map[mid] < h) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

int dyad_clean(const dyad_cleaner *c, const char *text, size_t len, size_t headline_len,
               dyad_cleaned *out)
{
    memset(out, 0, sizeof *out);
    if (len >= UINT32_MAX) return -1; /* the map is 32-bit */
    out->text = malloc(len + 1);
    out->map = malloc((len + 1) * sizeof *out->map);
    if (!out->text || !out->map) goto fail;
    norm z = {(const unsigned char *)text, len, 0, out->text, out->map, 0, 0};
    if (len) normalise(&z);
    out->text[z.o] = '\0';
    compact k = {out->text, out->map, 0, 0};
    if (headline_len > len) headline_len = len;
    if (compact_lines(c, &k, z.o, headline_len, out) != 0) goto fail;
    out->len = k.w;
    out->text[out->len] = '\0';
    out->map[out->len] = (uint32_t)len;
    out->headline_len = remap(out->map, out->len, headline_len);
    out->invalid_utf8 = z.invalid;
    return 0;
fail:
    dyad_cleaned_free(out);
    return -1;
}

void dyad_cleaned_free(dyad_cleaned *out)
{
    if (!out) return;
    free(out->text);
    free(out->map);
    free(out->dateline);
    memset(out, 0, sizeof *out);
}
