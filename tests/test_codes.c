/* test_codes — the CAMEO code table (data/cameo.codes) and its loader (src/codes.c). */
#include "codes.h"
#include "test.h"

#include <ctype.h>
#include <stdlib.h>

#ifndef DATA_FILE
#define DATA_FILE "data/cameo.codes"
#endif
#define REF_DIR SHARED_DIR "/reference"
#define HEADER "code\tname\tgoldstein\tquad_class\tplover_type\tplover_mode\tplover_context\n"

/* ---- helpers ------------------------------------------------------------------------ */

/* The whole file, NUL-terminated, or NULL; its length in *len. */
static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        *len = fread(buf, 1, (size_t)n, f);
        buf[*len] = '\0';
    }
    fclose(f);
    return buf;
}

static dyad_codes *load_data_file(void)
{
    char err[256];
    size_t len = 0;
    char *text = read_file(DATA_FILE, &len);
    dyad_codes *t;

    if (!text) {
        fprintf(stderr, "cannot read %s (run from the repo root)\n", DATA_FILE);
        return NULL;
    }
    t = dyad_codes_load(text, len, DATA_FILE, err, sizeof err);
    if (!t)
        fprintf(stderr, "load: %s\n", err);
    free(text);
    return t;
}

static dyad_codes *load_str(const char *text, char *err, size_t errlen)
{
    return dyad_codes_load(text, strlen(text), "t", err, errlen);
}

/* s lower-cased, trimmed, inner blank runs made one space, into out[n]. */
static const char *norm(const char *s, char *out, size_t n)
{
    size_t k = 0;
    int space = 0;

    while (*s && isspace((unsigned char)*s))
        s++;
    for (; *s && k + 1 < n; s++) {
        if (isspace((unsigned char)*s)) {
            space = 1;
            continue;
        }
        if (space && k + 2 < n)
            out[k++] = ' ';
        space = 0;
        out[k++] = (char)tolower((unsigned char)*s);
    }
    out[k] = '\0';
    return out;
}

/* The next "code<TAB>value" line of a reference table; 0 at the end. */
static int next_pair(char **cursor, char **code, char **value)
{
    char *line, *tab, *nl;

    while (**cursor) {
        line = *cursor;
        nl = strchr(line, '\n');
        *cursor = nl ? nl + 1 : line + strlen(line);
        if (nl)
            *nl = '\0';
        tab = strchr(line, '\t');
        if (!tab || !isdigit((unsigned char)line[0]))
            continue; /* header or blank */
        *tab = '\0';
        *code = line;
        *value = tab + 1;
        return 1;
    }
    return 0;
}

/* Codes of the CAMEO 1.1b3 codebook missing from GDELT's tables (see data/cameo.codes). */
static const char *const codebook_only[] = {"155", "176", "1834", "1951", "1952", NULL};

static int is_codebook_only(const char *code)
{
    for (int i = 0; codebook_only[i]; i++)
        if (strcmp(code, codebook_only[i]) == 0)
            return 1;
    return 0;
}

/* Where CAMEO.eventcodes.txt is wrong, the table has the codebook's name. */
static const struct {
    const char *code, *name;
} name_fixes[] = {
    {"033", "Express intent to provide material aid, not specified below"},
    {"0355", "Express intent to allow international involvement (non-mediation)"},
    {"044", "Meet at a \"third\" location"},
    {"101", "Demand material cooperation, not specified below"},
    {"102", "Demand diplomatic cooperation (such as policy support)"},
    {"103", "Demand material aid, not specified below"},
    {"105", "Demand that target yields, not specified below"},
    {"106", "Demand meeting, negotiation"},
    {"107", "Demand settling of dispute"},
    {"108", "Demand mediation"},
    {"183", "Conduct suicide, car, or other non-military bombing, not specified below"},
    {"2041", "Use chemical, biological, or radiological weapons"},
    {NULL, NULL},
};

static const char *fixed_name(const char *code)
{
    for (int i = 0; name_fixes[i].code; i++)
        if (strcmp(code, name_fixes[i].code) == 0)
            return name_fixes[i].name;
    return NULL;
}

/* ---- the data file ------------------------------------------------------------------ */

TEST(data_file_loads)
{
    dyad_codes *t = load_data_file();

    CHECK(t != NULL);
    CHECK(dyad_codes_count(t) >= 300);
    dyad_codes_free(t);
}

TEST(data_file_has_every_reference_code_and_name)
{
    SKIP_UNLESS(REF_DIR "/CAMEO.eventcodes.txt");
    dyad_codes *t = load_data_file();
    size_t len, nref = 0, ours = 0;
    char *text = read_file(REF_DIR "/CAMEO.eventcodes.txt", &len), *cur = text, *code, *name;
    char a[256], b[256];

    CHECK(t != NULL && text != NULL);
    if (!t || !text)
        goto out;
    while (next_pair(&cur, &code, &name)) {
        const dyad_cameo_code *e = dyad_codes_find(t, code);
        const char *want = fixed_name(code) ? fixed_name(code) : name;
        nref++;
        if (!e) {
            fprintf(stderr, "  missing code %s\n", code);
            CHECK(e != NULL);
            continue;
        }
        if (strcmp(norm(e->name, a, sizeof a), norm(want, b, sizeof b)) != 0) {
            fprintf(stderr, "  %s: name \"%s\", reference \"%s\"\n", code, e->name, want);
            CHECK(!"name differs from the reference");
        }
    }
    CHECK(nref >= 300);
    /* The only codes beyond the reference are the codebook's additions. */
    for (size_t i = 0; i < dyad_codes_count(t); i++)
        ours += !is_codebook_only(dyad_codes_at(t, i)->code);
    CHECK_INT(ours, nref);
    for (int i = 0; codebook_only[i]; i++)
        CHECK(dyad_codes_find(t, codebook_only[i]) != NULL);
out:
    free(text);
    dyad_codes_free(t);
}

TEST(data_file_goldstein_matches_gdelt)
{
    SKIP_UNLESS(REF_DIR "/CAMEO.goldsteinscale.txt");
    dyad_codes *t = load_data_file();
    size_t len, n = 0;
    char *text = read_file(REF_DIR "/CAMEO.goldsteinscale.txt", &len), *cur = text, *code, *g;

    CHECK(t != NULL && text != NULL);
    if (!t || !text)
        goto out;
    while (next_pair(&cur, &code, &g)) {
        const dyad_cameo_code *e = dyad_codes_find(t, code);
        n++;
        if (!e || e->goldstein != strtod(g, NULL)) {
            fprintf(stderr, "  %s: Goldstein %g, reference %s\n", code, e ? e->goldstein : 99, g);
            CHECK(!"Goldstein differs from the reference");
        }
    }
    CHECK(n >= 300);
out:
    free(text);
    dyad_codes_free(t);
}

/* One CAMEO2PLOVER line "code: TYPE, mode, context # comment", trimmed. */
typedef struct plover_line {
    char code[8], type[32], mode[32], context[64];
} plover_line;

static void trim_copy(char *dst, size_t n, const char *s, size_t len)
{
    while (len && isspace((unsigned char)*s))
        s++, len--;
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len >= n)
        len = n - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static int parse_plover_line(const char *line, plover_line *pl)
{
    const char *colon = strchr(line, ':'), *end = strchr(line, '#'), *f[4];
    int nf = 1;

    if (!isdigit((unsigned char)line[0]) || !colon || (end && end < colon))
        return 0;
    if (!end)
        end = line + strlen(line);
    trim_copy(pl->code, sizeof pl->code, line, (size_t)(colon - line));
    f[0] = colon + 1;
    for (const char *s = f[0]; s < end && nf < 3; s++)
        if (*s == ',')
            f[nf++] = s + 1;
    f[nf] = end + 1;
    pl->mode[0] = pl->context[0] = '\0';
    trim_copy(pl->type, sizeof pl->type, f[0], (size_t)(f[1] - 1 - f[0]));
    if (nf > 1)
        trim_copy(pl->mode, sizeof pl->mode, f[1], (size_t)(f[2] - 1 - f[1]));
    if (nf > 2)
        trim_copy(pl->context, sizeof pl->context, f[2], (size_t)(f[3] - 1 - f[2]));
    return 1;
}

/* Lines of the mapping, in order; *n of them.  Caller frees. */
static plover_line *read_plover(size_t *n)
{
    size_t len, cap = 512;
    char *text = read_file(REF_DIR "/CAMEO2PLOVER-2021.txt", &len), *line, *save = NULL;
    plover_line *v = text ? calloc(cap, sizeof *v) : NULL;

    *n = 0;
    for (line = v ? strtok_r(text, "\n", &save) : NULL; line && *n < cap;
         line = strtok_r(NULL, "\n", &save))
        *n += parse_plover_line(line, &v[*n]);
    free(text);
    return v;
}

/* Mapping lines for code: the first in *first; how many there are. */
static int plover_entries(const plover_line *v, size_t n, const char *code,
                          const plover_line **first)
{
    int k = 0;

    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i].code, code) == 0 && k++ == 0)
            *first = &v[i];
    return k;
}

TEST(data_file_plover_matches_mapping)
{
    SKIP_UNLESS(REF_DIR "/CAMEO2PLOVER-2021.txt");
    dyad_codes *t = load_data_file();
    size_t n;
    plover_line *v = read_plover(&n);

    CHECK(t != NULL && v != NULL && n > 250);
    if (!t || !v)
        goto out;
    /* Every mapped code we have: type, mode and context of the mapping's first entry. */
    for (size_t i = 0; i < n; i++) {
        const dyad_cameo_code *e = dyad_codes_find(t, v[i].code);
        const plover_line *pl = NULL;
        if (!e) { /* 1213, 1214: in the mapping only, not in CAMEO 1.1b3 */
            CHECK(strcmp(v[i].code, "1213") == 0 || strcmp(v[i].code, "1214") == 0);
            continue;
        }
        plover_entries(v, n, v[i].code, &pl);
        if (pl != &v[i])
            continue;
        if (strcmp(e->plover_type, pl->type) || strcmp(e->plover_mode, pl->mode) ||
            strcmp(e->plover_context, pl->context)) {
            fprintf(stderr, "  %s: %s/%s/%s, mapping %s/%s/%s\n", e->code, e->plover_type,
                    e->plover_mode, e->plover_context, pl->type, pl->mode, pl->context);
            CHECK(!"PLOVER differs from the mapping");
        }
    }
    /* Unmapped codes: the nearest mapped parent's type, no mode or context; or none. */
    for (size_t i = 0; i < dyad_codes_count(t); i++) {
        const dyad_cameo_code *e = dyad_codes_at(t, i);
        const plover_line *pl = NULL;
        char parent[5];
        if (plover_entries(v, n, e->code, &pl))
            continue;
        for (size_t k = strlen(e->code) - 1; k >= 2 && !pl; k--) {
            memcpy(parent, e->code, k);
            parent[k] = '\0';
            plover_entries(v, n, parent, &pl);
        }
        CHECK_STR(e->plover_type, pl ? pl->type : "");
        CHECK_STR(e->plover_mode, "");
        CHECK_STR(e->plover_context, "");
    }
out:
    free(v);
    dyad_codes_free(t);
}

TEST(data_file_spot_checks)
{
    dyad_codes *t = load_data_file();
    const dyad_cameo_code *e;

    CHECK(t != NULL);
    if (!t)
        return;
    e = dyad_codes_find(t, "112");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->root, "11");
        CHECK_INT(e->quad_class, 3);
        CHECK_STR(e->plover_type, "ACCUSE");
    }
    e = dyad_codes_find(t, "190");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->quad_class, 4);
        CHECK(e->goldstein == -10.0);
    }
    e = dyad_codes_find(t, "036");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->name, "Express intent to meet or negotiate");
        CHECK_INT(e->quad_class, 1);
    }
    e = dyad_codes_find(t, "0871");
    CHECK(e != NULL);
    if (e) {
        CHECK_INT(e->quad_class, 2);
        CHECK_STR(e->plover_type, "RETREAT");
        CHECK_STR(e->plover_mode, "ceasefire");
    }
    CHECK(dyad_codes_find(t, "1823") != NULL);
    e = dyad_codes_find(t, "01");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->root, "01");
        CHECK_STR(e->plover_type, ""); /* PLOVER drops CAMEO 01 and 02 */
    }
    e = dyad_codes_find(t, "193");
    CHECK(e != NULL);
    if (e) {
        CHECK_STR(e->plover_type, "ASSAULT");
        CHECK_STR(e->plover_mode, "firearms");
        CHECK_STR(e->plover_context, "military");
    }
    e = dyad_codes_find(t, "2042");
    CHECK(e != NULL);
    if (e)
        CHECK_STR(e->root, "20");
    dyad_codes_free(t);
}

TEST(data_file_codes_unique_with_parents)
{
    dyad_codes *t = load_data_file();

    CHECK(t != NULL);
    for (size_t i = 0; t && i < dyad_codes_count(t); i++) {
        const dyad_cameo_code *e = dyad_codes_at(t, i);
        size_t len = strlen(e->code);
        char parent[5];
        CHECK(dyad_codes_find(t, e->code) == e);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(dyad_codes_at(t, j)->code, e->code) != 0);
        if (len > 2) {
            memcpy(parent, e->code, len - 1);
            parent[len - 1] = '\0';
            if (!dyad_codes_find(t, parent))
                fprintf(stderr, "  %s has no parent %s\n", e->code, parent);
            CHECK(dyad_codes_find(t, parent) != NULL);
        }
        CHECK(e->name[0] != '\0');
    }
    dyad_codes_free(t);
}

/* ---- the loader --------------------------------------------------------------------- */

TEST(load_minimal_table)
{
    char err[128] = "x";
    dyad_codes *t = load_str("# comment\n\n" HEADER "01\tMake public statement\t0.0\t1\t\t\t\n"
                             "  \t \n"
                             "1122\tAccuse of human rights abuses\t-2\t3\tACCUSE\tallege\t"
                             "human_rights\r\n"
                             "010\tMake statement\t+0.25\t1\t\t\t",
                             err, sizeof err);
    const dyad_cameo_code *e;

    CHECK(t != NULL);
    CHECK_STR(err, "");
    if (!t)
        return;
    CHECK_INT(dyad_codes_count(t), 3);
    e = dyad_codes_at(t, 1);
    CHECK(e == dyad_codes_find(t, "1122"));
    CHECK_STR(e->code, "1122");
    CHECK_STR(e->root, "11");
    CHECK_STR(e->name, "Accuse of human rights abuses");
    CHECK(e->goldstein == -2.0);
    CHECK_INT(e->quad_class, 3);
    CHECK_STR(e->plover_type, "ACCUSE");
    CHECK_STR(e->plover_mode, "allege");
    CHECK_STR(e->plover_context, "human_rights"); /* the '\r' is gone */
    e = dyad_codes_find(t, "01");
    CHECK(e != NULL && e == dyad_codes_at(t, 0));
    CHECK(e && e->plover_type[0] == '\0' && e->plover_mode[0] == '\0');
    e = dyad_codes_find(t, "010"); /* numerically 10, but not "10" */
    CHECK(e != NULL && e == dyad_codes_at(t, 2) && e->goldstein == 0.25);
    CHECK(dyad_codes_find(t, "10") == NULL);
    CHECK(dyad_codes_find(t, "0010") == NULL);
    CHECK(dyad_codes_find(t, "001") == NULL);
    CHECK(dyad_codes_find(t, "1") == NULL);
    CHECK(dyad_codes_find(t, "") == NULL);
    CHECK(dyad_codes_find(t, "11220") == NULL);
    CHECK(dyad_codes_find(t, "112") == NULL);
    CHECK(dyad_codes_find(t, "11a2") == NULL);
    CHECK(dyad_codes_find(t, NULL) == NULL);
    CHECK(dyad_codes_find(NULL, "01") == NULL);
    CHECK(dyad_codes_at(t, 3) == NULL);
    CHECK(dyad_codes_at(NULL, 0) == NULL);
    CHECK_INT(dyad_codes_count(NULL), 0);
    dyad_codes_free(t);
    dyad_codes_free(NULL);
}

TEST(load_copies_its_text)
{
    char text[] = HEADER "010\tMake statement\t0.0\t1\t\t\t\n";
    dyad_codes *t = dyad_codes_load(text, strlen(text), "t", NULL, 0);

    CHECK(t != NULL);
    memset(text, 'x', sizeof text - 1);
    if (t)
        CHECK_STR(dyad_codes_find(t, "010")->name, "Make statement");
    dyad_codes_free(t);
}

/* Each malformed input and the start of its message. */
static const struct {
    const char *text, *want;
} bad[] = {
    {"", "t:1: no header line"},
    {"# only a comment\n\n", "t:2: no header line"},
    {HEADER, "t:1: no codes"},
    {HEADER "# nothing\n", "t:2: no codes"},
    {"code\tname\n01\tx\t0\t1\t\t\t\n", "t:1: expected the header"},
    {"01\tx\t0\t1\t\t\t\n", "t:1: expected the header"},
    {HEADER "01\tx\t0\t1\t\t\n", "t:2: 6 tab-separated fields, expected 7"},
    {HEADER "01\tx\t0\t1\t\t\t\t\n", "t:2: 8 tab-separated fields, expected 7"},
    {HEADER "01 x 0 1\n", "t:2: 1 tab-separated fields"},
    {HEADER "1\tx\t0\t1\t\t\t\n", "t:2: code must be 2 to 4 digits"},
    {HEADER "\tx\t0\t1\t\t\t\n", "t:2: code must be"},
    {HEADER "01234\tx\t0\t1\t\t\t\n", "t:2: code must be"},
    {HEADER "0a\tx\t0\t1\t\t\t\n", "t:2: code must be"},
    {HEADER " 01\tx\t0\t1\t\t\t\n", "t:2: code must be"},
    {HEADER "00\tx\t0\t1\t\t\t\n", "t:2: code 00: root 00 is not 01 to 20"},
    {HEADER "2101\tx\t0\t4\t\t\t\n", "t:2: code 2101: root 21 is not"},
    {HEADER "01\t\t0\t1\t\t\t\n", "t:2: code 01: empty name"},
    {HEADER "01\tx\t\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\tabc\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1.5x\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\tnan\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\tNAN\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\tinf\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t-inf\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t0x1\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1e1\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t 1\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1 \t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1.\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t.5\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t-\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t--1\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1.2.3\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t1,5\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t0.0000000000000001\t1\t\t\t\n", "t:2: code 01: Goldstein score is not"},
    {HEADER "01\tx\t10.1\t1\t\t\t\n", "t:2: code 01: Goldstein score outside -10..10"},
    {HEADER "01\tx\t-10.01\t1\t\t\t\n", "t:2: code 01: Goldstein score outside"},
    {HEADER "01\tx\t99999999999\t1\t\t\t\n", "t:2: code 01: Goldstein score outside"},
    {HEADER "01\tx\t0\t\t\t\t\n", "t:2: code 01: QuadClass must be 1, 2, 3 or 4"},
    {HEADER "01\tx\t0\t5\t\t\t\n", "t:2: code 01: QuadClass must be"},
    {HEADER "01\tx\t0\t0\t\t\t\n", "t:2: code 01: QuadClass must be"},
    {HEADER "01\tx\t0\t11\t\t\t\n", "t:2: code 01: QuadClass must be"},
    {HEADER "01\tx\t0\t1 \t\t\t\n", "t:2: code 01: QuadClass must be"},
    {HEADER "01\tx\t0\t2\t\t\t\n", "t:2: code 01: QuadClass 2, but root 01 is 1"},
    {HEADER "0871\tx\t9\t1\t\t\t\n", "t:2: code 0871: QuadClass 1, but root 08 is 2"},
    {HEADER "112\tx\t-2\t4\t\t\t\n", "t:2: code 112: QuadClass 4, but root 11 is 3"},
    {HEADER "15\tx\t-7\t3\t\t\t\n", "t:2: code 15: QuadClass 3, but root 15 is 4"},
    {HEADER "01\tx\t0\t1\t\t\t\n# c\n\n01\ty\t0\t1\t\t\t\n", "t:5: duplicate code 01"},
    {"# c\r\n" HEADER "01\tx\t0\t1\t\t\t\r\n02\tx\t0\t1\t\t\n", "t:4: 6 tab-separated"},
};

TEST(load_rejects_malformed_lines)
{
    char err[160];

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        dyad_codes *t = load_str(bad[i].text, err, sizeof err);
        CHECK(t == NULL);
        if (strncmp(err, bad[i].want, strlen(bad[i].want)) != 0) {
            fprintf(stderr, "  case %zu: got \"%s\", want \"%s...\"\n", i, err, bad[i].want);
            CHECK(!"wrong error");
        }
        dyad_codes_free(t);
    }
}

TEST(load_rejects_nul_byte)
{
    static const char text[] = HEADER "01\tx\0y\t0\t1\t\t\t\n";
    char err[128];
    dyad_codes *t = dyad_codes_load(text, sizeof text - 1, "t", err, sizeof err);

    CHECK(t == NULL);
    CHECK_STR(err, "t:2: NUL byte");
    dyad_codes_free(t);
}

TEST(load_edge_arguments)
{
    char err[8];
    dyad_codes *t;

    /* A short buffer truncates the message; no buffer is fine too. */
    t = load_str(HEADER "01\tx\t0\t5\t\t\t\n", err, sizeof err);
    CHECK(t == NULL);
    CHECK_STR(err, "t:2: co");
    CHECK(load_str("bad", NULL, 0) == NULL);
    CHECK(load_str("bad", err, 0) == NULL);
    CHECK(dyad_codes_load(NULL, 0, "t", err, sizeof err) == NULL);
    CHECK_STR(err, "t:1: no");
    CHECK(dyad_codes_load(NULL, 5, "t", err, sizeof err) == NULL);
    t = dyad_codes_load(HEADER "01\tx\t0\t1\t\t\t\nNOT PARSED",
                        strlen(HEADER "01\tx\t0\t1\t\t\t\n"), NULL, err, sizeof err);
    CHECK(t != NULL && dyad_codes_count(t) == 1);
    dyad_codes_free(t);
}

TEST(load_scores_like_strtod)
{
    static const char *const s[] = {"0.0", "-0.1", "3.4", "-9.5", "8.3", "10", "-10.0",
                                    "+7.25", "0.000000000001", "-5.60000000"};
    char text[256], err[128];

    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        dyad_codes *t;
        snprintf(text, sizeof text, HEADER "05\tx\t%s\t1\t\t\t", s[i]);
        t = load_str(text, err, sizeof err);
        CHECK(t != NULL);
        if (t)
            CHECK(dyad_codes_find(t, "05")->goldstein == strtod(s[i], NULL));
        dyad_codes_free(t);
    }
}

static int quad_of_root(int root)
{
    return root <= 5 ? 1 : root <= 9 ? 2 : root <= 14 ? 3 : 4;
}

/* Every well-formed code at once (roots 01-20, 2-4 digits): all load, all are found. */
TEST(load_every_possible_code)
{
    size_t cap = sizeof HEADER + 2220 * 16, len = 0;
    char *text = malloc(cap), err[128], code[5];
    dyad_codes *t;

    CHECK(text != NULL);
    if (!text)
        return;
    len += (size_t)snprintf(text, cap, "%s", HEADER);
    for (int digits = 2, scale = 1; digits <= 4; digits++, scale *= 10)
        for (int v = scale; v < 21 * scale; v++)
            len += (size_t)snprintf(text + len, cap - len, "%0*d\tx\t0\t%d\t\t\t\n", digits, v,
                                    quad_of_root(v / scale));
    t = dyad_codes_load(text, len, "t", err, sizeof err);
    CHECK(t != NULL);
    CHECK_INT(dyad_codes_count(t), 20 + 200 + 2000);
    for (size_t i = 0; t && i < dyad_codes_count(t); i++) {
        snprintf(code, sizeof code, "%s", dyad_codes_at(t, i)->code);
        CHECK(dyad_codes_find(t, code) == dyad_codes_at(t, i));
    }
    dyad_codes_free(t);
    free(text);
}

int main(void)
{
    RUN(data_file_loads);
    RUN(data_file_has_every_reference_code_and_name);
    RUN(data_file_goldstein_matches_gdelt);
    RUN(data_file_plover_matches_mapping);
    RUN(data_file_spot_checks);
    RUN(data_file_codes_unique_with_parents);
    RUN(load_minimal_table);
    RUN(load_copies_its_text);
    RUN(load_rejects_malformed_lines);
    RUN(load_rejects_nul_byte);
    RUN(load_edge_arguments);
    RUN(load_scores_like_strtod);
    RUN(load_every_possible_code);
    return TEST_END();
}
