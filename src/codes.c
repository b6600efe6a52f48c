/* codes — the CAMEO event code table (see codes.h and docs/dictionaries.md).
 *
 * Choices:
 *  - The loader copies the text once and cuts each line in place (tabs and line ends
 *    become NULs); entries point into that copy, so the table owns all its strings with
 *    three allocations and frees them with three calls.
 *  - Lookup is a direct index.  A code of k digits with numeric value v has the slot
 *    SLOT_BASE[k] + v (100 two-digit, 1000 three-digit, 10000 four-digit slots), so "01",
 *    "001" and "0001" are distinct keys and a lookup is a length check and one read.
 *    Since every code is distinct, a table never holds more than SLOTS entries.
 *  - Goldstein scores are parsed by hand, -?digits(.digits)?: strtod would accept
 *    "nan", "inf", hex and leading blanks, and follows the locale's decimal point.  With
 *    at most 15 digits, mantissa / 10^k is exact or correctly rounded, as strtod's is.
 *  - Lines starting with '#' and blank lines (nothing but blanks) are skipped anywhere;
 *    the first other line must be the header.  A '\r' before '\n' is dropped.  A table
 *    without a header or without codes is an error: it is the wrong file.
 *  - Every error names the file and the line: "name:line: why".
 */
#include "codes.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NFIELDS 7
#define SLOTS (100 + 1000 + 10000)
#define MAX_SCORE_DIGITS 15

static const char HEADER[] =
    "code\tname\tgoldstein\tquad_class\tplover_type\tplover_mode\tplover_context";

struct dyad_codes {
    char *text;               /* the copy of the input all strings point into */
    dyad_cameo_code *v;       /* entries in file order */
    size_t n;
    uint16_t slot[SLOTS];     /* 1 + index into v of each code; 0 when absent */
};

typedef struct parser {
    const char *name;         /* the table's name in messages */
    char *err;
    size_t errlen;
    unsigned long line;       /* current line, 1-based */
} parser;

/* ---- helpers ------------------------------------------------------------------------ */

/* Writes "name:line: why" into the caller's buffer; always returns -1. */
static int fail(parser *p, const char *fmt, ...)
{
    va_list ap;
    int k;

    if (!p->err || p->errlen == 0)
        return -1;
    k = snprintf(p->err, p->errlen, "%s:%lu: ", p->name, p->line);
    if (k >= 0 && (size_t)k < p->errlen) {
        va_start(ap, fmt);
        vsnprintf(p->err + k, p->errlen - (size_t)k, fmt, ap);
        va_end(ap);
    }
    return -1;
}

/* The index slot of a code of 2-4 ASCII digits, or -1 for anything else. */
static int code_slot(const char *s)
{
    static const int base[5] = {0, 0, 0, 100, 1100};
    int v = 0;
    size_t k;

    for (k = 0; s[k]; k++) {
        if (k == 4 || s[k] < '0' || s[k] > '9')
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    return k < 2 ? -1 : base[k] + v;
}

/* QuadClass of a root 1..20 by GDELT's rule. */
static int root_quad(int root)
{
    if (root <= 5)
        return 1;
    if (root <= 9)
        return 2;
    return root <= 14 ? 3 : 4;
}

/* Parses -?digits(.digits)? with at most MAX_SCORE_DIGITS digits; 0 or -1. */
static int parse_score(const char *s, double *out)
{
    static const double pow10[MAX_SCORE_DIGITS + 1] = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    int neg = 0, whole = 0, frac = 0, point = 0;
    uint64_t m = 0;

    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    for (; *s; s++) {
        if (*s == '.' && !point) {
            point = 1;
            continue;
        }
        if (*s < '0' || *s > '9' || whole + frac == MAX_SCORE_DIGITS)
            return -1;
        m = m * 10 + (uint64_t)(*s - '0');
        if (point)
            frac++;
        else
            whole++;
    }
    if (whole == 0 || (point && frac == 0))
        return -1;
    *out = (double)m / pow10[frac];
    if (neg)
        *out = -*out;
    return 0;
}

/* Cuts line at tabs into f[0..NFIELDS-1]; returns the number of fields found. */
static int split_fields(char *line, char *f[NFIELDS])
{
    int n = 0;

    for (;;) {
        char *tab = strchr(line, '\t');
        if (n < NFIELDS)
            f[n] = line;
        n++;
        if (!tab)
            return n;
        *tab = '\0';
        line = tab + 1;
    }
}

static int is_blank(const char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return *s == '\0';
}

/* ---- one line ----------------------------------------------------------------------- */

/* Checks code, name, Goldstein score and QuadClass of one cut line; fills e. */
static int parse_entry(parser *p, char *f[NFIELDS], dyad_cameo_code *e)
{
    int root, quad;

    if (code_slot(f[0]) < 0)
        return fail(p, "code must be 2 to 4 digits");
    root = (f[0][0] - '0') * 10 + (f[0][1] - '0');
    if (root < 1 || root > 20)
        return fail(p, "code %s: root %.2s is not 01 to 20", f[0], f[0]);
    if (f[1][0] == '\0')
        return fail(p, "code %s: empty name", f[0]);
    if (parse_score(f[2], &e->goldstein) < 0)
        return fail(p, "code %s: Goldstein score is not a decimal number", f[0]);
    if (e->goldstein < -10.0 || e->goldstein > 10.0)
        return fail(p, "code %s: Goldstein score outside -10..10", f[0]);
    if (f[3][0] < '1' || f[3][0] > '4' || f[3][1] != '\0')
        return fail(p, "code %s: QuadClass must be 1, 2, 3 or 4", f[0]);
    quad = f[3][0] - '0';
    if (quad != root_quad(root))
        return fail(p, "code %s: QuadClass %d, but root %.2s is %d", f[0], quad, f[0],
                    root_quad(root));
    memcpy(e->code, f[0], strlen(f[0]) + 1);
    memcpy(e->root, f[0], 2);
    e->root[2] = '\0';
    e->quad_class = quad;
    e->name = f[1];
    e->plover_type = f[4];
    e->plover_mode = f[5];
    e->plover_context = f[6];
    return 0;
}

/* Parses one data line (NUL-terminated, cut in place) and appends it to t. */
static int add_line(parser *p, dyad_codes *t, char *line)
{
    char *f[NFIELDS];
    dyad_cameo_code e;
    int n = split_fields(line, f), slot;

    if (n != NFIELDS)
        return fail(p, "%d tab-separated fields, expected %d", n, NFIELDS);
    if (parse_entry(p, f, &e) < 0)
        return -1;
    slot = code_slot(e.code);
    if (t->slot[slot])
        return fail(p, "duplicate code %s", e.code);
    t->v[t->n++] = e; /* fits: each entry took a line and a distinct slot */
    t->slot[slot] = (uint16_t)t->n;
    return 0;
}

/* ---- the file ----------------------------------------------------------------------- */

/* The number of lines in text, counting an unterminated last one. */
static size_t count_lines(const char *text, size_t len)
{
    size_t n = 0;
    const char *s = text, *end = text + len, *nl;

    while (s < end && (nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
        n++;
        s = nl + 1;
    }
    return n + (s < end);
}

/* Walks the lines of t->text (len bytes); the header first, then entries. */
static int parse_text(parser *p, dyad_codes *t, size_t len)
{
    char *s = t->text, *end = t->text + len;
    int have_header = 0;

    for (p->line = 1; s < end; p->line++) {
        char *nl = memchr(s, '\n', (size_t)(end - s)), *line = s;
        size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);

        s += n + 1; /* at most end + 1: the copy has len + 1 bytes */
        if (memchr(line, '\0', n))
            return fail(p, "NUL byte");
        line[n] = '\0';
        if (n > 0 && line[n - 1] == '\r')
            line[n - 1] = '\0';
        if (line[0] == '#' || is_blank(line))
            continue;
        if (!have_header) {
            if (strcmp(line, HEADER) != 0)
                return fail(p, "expected the header line (code, name, goldstein, "
                               "quad_class, plover_type, plover_mode, plover_context)");
            have_header = 1;
        } else if (add_line(p, t, line) < 0) {
            return -1;
        }
    }
    if (p->line > 1)
        p->line--;
    if (!have_header)
        return fail(p, "no header line");
    return t->n ? 0 : fail(p, "no codes");
}

dyad_codes *dyad_codes_load(const char *text, size_t len, const char *name, char *err,
                            size_t errlen)
{
    parser p = {name ? name : "(codes)", err, errlen, 0};
    size_t cap;
    dyad_codes *t;

    if (err && errlen)
        err[0] = '\0';
    if (!text && len) {
        fail(&p, "no text");
        return NULL;
    }
    if (!text)
        text = "";
    cap = count_lines(text, len);
    if (cap > SLOTS)
        cap = SLOTS; /* more lines than slots: a duplicate stops the parse first */
    t = calloc(1, sizeof *t);
    if (t && len < SIZE_MAX)
        t->text = malloc(len + 1);
    if (t && t->text)
        t->v = calloc(cap ? cap : 1, sizeof *t->v);
    if (!t || !t->text || !t->v) {
        dyad_codes_free(t);
        fail(&p, "out of memory");
        return NULL;
    }
    if (len)
        memcpy(t->text, text, len);
    t->text[len] = '\0';
    if (parse_text(&p, t, len) < 0) {
        dyad_codes_free(t);
        return NULL;
    }
    return t;
}

void dyad_codes_free(dyad_codes *t)
{
    if (!t)
        return;
    free(t->v);
    free(t->text);
    free(t);
}

/* ---- lookups ------------------------------------------------------------------------ */

const dyad_cameo_code *dyad_codes_find(const dyad_codes *t, const char *code)
{
    int slot;

    if (!t || !code || (slot = code_slot(code)) < 0 || t->slot[slot] == 0)
        return NULL;
    return &t->v[t->slot[slot] - 1];
}

size_t dyad_codes_count(const dyad_codes *t)
{
    return t ? t->n : 0;
}

const dyad_cameo_code *dyad_codes_at(const dyad_codes *t, size_t i)
{
    return t && i < t->n ? &t->v[i] : NULL;
}
