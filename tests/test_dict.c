/* The dictionary loader: formats, inflections, date restrictions, and file:line errors. */
#include "codes.h"
#include "dict.h"
#include "dict_internal.h"
#include "data.h"
#include <stdlib.h>
#include "test.h"

static dyad_dict *load(const char *name, const char *text, char *err, size_t errlen)
{
    static const char irregular[] = "meet met met\nseek sought sought\n";
    dyad_dict *d = dyad_dict_new();
    if (dyad_dict_load_builtin(d, ".words", err, errlen) != 0 ||
        dyad_dict_load(d, irregular, strlen(irregular), "t.irregular", err, errlen) != 0 ||
        dyad_dict_load(d, text, strlen(text), name, err, errlen) != 0) {
        dyad_dict_free(d);
        return NULL;
    }
    return d;
}

/* The node reached by a space-separated phrase, 0 if none. */
static const dyad_node *walk(const dyad_dict *d, const char *phrase)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", phrase);
    uint32_t node = 0;
    for (char *w = strtok(buf, " "); w; w = strtok(NULL, " ")) {
        node = dyad_dict_child(d, node, dyad_dict_word(d, w, strlen(w)));
        if (!node)
            return NULL;
    }
    return dyad_dict_node(d, node);
}

TEST(actors_synonyms_and_dates)
{
    char err[256];
    dyad_dict *d = load("t.actors",
                        "# comment\nTURKEY [TUR] ; trailing comment\n+REPUBLIC_OF_TURKEY\n"
                        "RECEP_TAYYIP_ERDOGAN [TURELI]\n+ERDOGAN\n    [TURGOV 20030314-20140828]\n"
                        "\t[TURGOV >20140828]\nOLD_NAME\n\t[ABC 900101-991231]\n",
                        err, sizeof err);
    CHECK(d != NULL);
    if (!d)
        return;
    const dyad_node *n = walk(d, "republic of turkey");
    CHECK(n && n->actor);
    n = walk(d, "Erdogan");
    CHECK(n && n->actor);
    if (n && n->actor) {
        const dyad_actor *a = dyad_dict_actor(d, n->actor);
        CHECK_STR(dyad_actor_code_on(d, a, 20200101), "TURGOV");
        CHECK_STR(dyad_actor_code_on(d, a, 20100101), "TURGOV");
        CHECK_STR(dyad_actor_code_on(d, a, 19990101), "TURELI");
        CHECK_STR(dyad_actor_code_on(d, a, 0), "TURELI");
    }
    n = walk(d, "old name");
    CHECK(n && n->actor);
    if (n && n->actor) {
        const dyad_actor *a = dyad_dict_actor(d, n->actor);
        CHECK_STR(dyad_actor_code_on(d, a, 19950101), "ABC");
        CHECK(dyad_actor_code_on(d, a, 20050101) == NULL);
    }
    dyad_dict_free(d);
}

TEST(agents_plurals)
{
    char err[256];
    dyad_dict *d = load("t.agents",
                        "SPOKESMAN {SPOKESMEN} [~GOV]\nPARTY [~PTY]\nPOLICE_ [~COP]\n"
                        "FOREIGN_MINISTRY [~GOV]\nBUS [~BUS]\n",
                        err, sizeof err);
    CHECK(d != NULL);
    if (!d)
        return;
    CHECK(walk(d, "spokesmen") && walk(d, "spokesmen")->agent);
    CHECK(walk(d, "parties") && walk(d, "parties")->agent);
    CHECK(walk(d, "foreign ministries") && walk(d, "foreign ministries")->agent);
    CHECK(walk(d, "buses") && walk(d, "buses")->agent);
    CHECK(!walk(d, "polices") || !walk(d, "polices")->agent);
    const dyad_node *police = walk(d, "police");
    CHECK(police && police->agent && strcmp(dyad_dict_agent(d, police->agent)->code, "COP") == 0);
    dyad_dict_free(d);
}

TEST(verb_inflections)
{
    char err[256];
    dyad_dict *d = load("t.verbs",
                        "--- X [010] ---\nACCUSE\nADMIT\nMEET\nCARRY\nSEIZE\n+CRACK_DOWN\n"
                        "FLEE {FLEES FLED FLEEING}\n",
                        err, sizeof err);
    CHECK(d != NULL);
    if (!d)
        return;
    const char *forms[] = {"accuses", "accused", "accusing", "admitted", "admitting", "admits",
                           "met", "meeting", "carries", "carried", "seized", "seizing",
                           "cracked down", "cracks down", "fled"};
    for (size_t i = 0; i < sizeof forms / sizeof *forms; i++) {
        const dyad_node *n = walk(d, forms[i]);
        if (!n || !n->verb)
            fprintf(stderr, "missing verb form %s\n", forms[i]);
        CHECK(n && n->verb);
    }
    const dyad_node *met = walk(d, "met"), *accused = walk(d, "accused");
    const dyad_node *meeting = walk(d, "meeting");
    CHECK(met && (met->verb_forms & DYAD_VF_PAST));
    CHECK(accused && (accused->verb_forms & DYAD_VF_PARTICIPLE));
    CHECK(meeting && meeting->verb_forms == DYAD_VF_ING);
    CHECK(!walk(d, "meeted"));
    dyad_dict_free(d);
}

TEST(patterns_and_synsets)
{
    char err[256];
    dyad_dict *d = load("t.verbs",
                        "&ABUSE\n+TORTURE\n+HUMAN_RIGHTS_ABUSE\n--- ACCUSE [112] ---\nACCUSE\n"
                        "- * + OF &ABUSE [1122]\n- NOT * [---]\n",
                        err, sizeof err);
    CHECK(d != NULL);
    if (!d)
        return;
    const dyad_node *n = walk(d, "accused");
    CHECK(n && n->verb);
    if (!n || !n->verb) {
        dyad_dict_free(d);
        return;
    }
    const dyad_verb *v = dyad_dict_verb(d, n->verb);
    const dyad_block *b = dyad_dict_block(d, v->blocks[0]);
    CHECK_INT(b->npatterns, 2);
    const dyad_pattern *p = dyad_dict_pattern(d, b->first_pattern);
    CHECK_INT(p->nelems, 4);
    CHECK_INT(p->verb_at, 0);
    CHECK_STR(p->code, "1122");
    CHECK_STR(p->origin, "t.verbs:6");
    const dyad_elem *e = dyad_dict_elem(d, p->first_elem + 3);
    uint32_t words[3] = {dyad_dict_word(d, "human", 5), dyad_dict_word(d, "rights", 6),
                         dyad_dict_word(d, "abuses", 6)};
    size_t matched = 0;
    CHECK(dyad_dict_inflects(d, e->phrases, words, NULL, 3, &matched));
    CHECK_INT(matched, 3);
    CHECK(dyad_dict_pattern(d, b->first_pattern + 1)->names_negation);
    CHECK(dyad_dict_pattern(d, b->first_pattern + 1)->code == NULL);
    dyad_dict_free(d);
}

/* Every malformed line names its file and line. */
TEST(errors_name_file_and_line)
{
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"a.actors", "TURKEY [TUR]\n+\n", "a.actors:2:"},
        {"a.actors", "TURKEY [TUR\n", "a.actors:1:"},
        {"a.actors", "  [TURGOV 2003-]\n", "a.actors:1:"},
        {"a.actors", "X [TUR]\n  [TURGOV 20031399-]\n", "a.actors:2:"},
        {"a.actors", "X [TUR]\n  [TURGOV 20050101-20040101]\n", "a.actors:2:"},
        {"a.actors", "X [TUR]\nY [SYR]\n+X\n", "a.actors:3: duplicate"},
        {"a.agents", "\n\nPRESIDENT\n", "a.agents:3:"},
        {"a.agents", "PRESIDENT {PRESIDENTS [~GOV]\n", "a.agents:1:"},
        {"a.verbs", "ACCUSE\n", "a.verbs:1:"},
        {"a.verbs", "--- A [112] ---\nACCUSE\n- + OF [1122]\n", "a.verbs:3: pattern without"},
        {"a.verbs", "--- A [112] ---\nACCUSE\n- * * [1122]\n", "a.verbs:3:"},
        {"a.verbs", "--- A [112] ---\nACCUSE\n- * &NOPE [1122]\n", "a.verbs:3: undefined"},
        {"a.verbs", "--- A [112] ---\nACCUSE\n- * OF\n", "a.verbs:3:"},
        {"a.verbs", "--- A ---\n", "a.verbs:1:"},
        {"a.verbs", "&X\n+A\n&X\n", "a.verbs:3:"},
        {"a.verbs", "--- A [112] ---\nACCUSE\n- * (OF X) [1]\n", "a.verbs:3: unsupported"},
        {"a.words", "[nonsense]\nfoo\n", "a.words:1:"},
        {"a.words", "foo\n", "a.words:1:"},
        {"a.irregular", "go went\n", "a.irregular:1:"},
        {"a.unknown", "x\n", "a.unknown: unknown dictionary kind"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[256] = "";
        dyad_dict *d = dyad_dict_new();
        int rc = dyad_dict_load(d, cases[i].text, strlen(cases[i].text), cases[i].name, err,
                                sizeof err);
        if (rc == 0 || strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
            fprintf(stderr, "case %zu: rc %d, err '%s', want '%s'\n", i, rc, err, cases[i].want);
        CHECK(rc != 0);
        CHECK(strncmp(err, cases[i].want, strlen(cases[i].want)) == 0);
        dyad_dict_free(d);
    }
}

TEST(duplicates_across_files_are_warnings)
{
    char err[256];
    dyad_dict *d = dyad_dict_new();
    CHECK(dyad_dict_load(d, "GEORGIA [GEO]\n", 14, "a.actors", err, sizeof err) == 0);
    CHECK(dyad_dict_load(d, "GEORGIA [USA]\n", 14, "b.actors", err, sizeof err) == 0);
    CHECK_INT(dyad_dict_nwarnings(d), 1);
    CHECK(strstr(dyad_dict_warning(d, 0), "b.actors:1:") != NULL);
    dyad_dict_free(d);
}

TEST(builtin_dictionaries_load)
{
    char err[512] = "";
    dyad_dict *d = dyad_dict_new();
    int rc = 0;
    for (size_t k = 0; k < DYAD_DICT_NKINDS && rc == 0; k++)
        rc = dyad_dict_load_builtin(d, dyad_dict_kinds[k], err, sizeof err);
    if (rc)
        fprintf(stderr, "%s\n", err);
    CHECK_INT(rc, 0);
    dyad_dict_free(d);
}

static dyad_dict *builtin(void)
{
    char err[512] = "";
    dyad_dict *d = dyad_dict_new();
    for (size_t k = 0; k < DYAD_DICT_NKINDS; k++)
        if (dyad_dict_load_builtin(d, dyad_dict_kinds[k], err, sizeof err) != 0) {
            fprintf(stderr, "%s\n", err);
            dyad_dict_free(d);
            return NULL;
        }
    return d;
}

static void mark(char (*seen)[5], size_t *n, const char *code)
{
    for (size_t i = 0; code && i < *n; i++)
        if (strcmp(seen[i], code) == 0)
            return;
    if (code && *n < 1024)
        snprintf(seen[(*n)++], 5, "%s", code);
}

/* The lookup indexes that dyad_dict_finish builds answer as the plain scans do: the same
 * phrase-set matches, and word -> sets is the inverse of set -> first words. */
TEST(lookup_indexes_agree_with_scans)
{
    dyad_dict *scan = builtin(), *index = builtin();
    CHECK(scan && index && dyad_dict_finish(index) == 0);
    if (!scan || !index) {
        dyad_dict_free(scan);
        dyad_dict_free(index);
        return;
    }
    static const char *const next[] = {"of", "the", "to", "rights", "fire", "talks", "with",
                                       "against", "for", "on", "arms", "aid"};
    uint32_t pool[sizeof next / sizeof *next];
    for (size_t i = 0; i < sizeof pool / sizeof *pool; i++)
        pool[i] = dyad_dict_word(index, next[i], strlen(next[i]));
    dyad_dict_stats st;
    dyad_dict_get_stats(index, &st);
    size_t checked = 0, differ = 0, missing = 0;
    for (uint32_t p = 0; p < st.patterns; p++) {
        const dyad_pattern *pat = dyad_dict_pattern(index, p);
        for (uint32_t e = 0; e < pat->nelems; e++) {
            const dyad_elem *el = dyad_dict_elem(index, pat->first_elem + e);
            if (el->type != DYAD_EL_WORDS)
                continue;
            size_t nfirst, nsets;
            const uint32_t *first = dyad_dict_set_first_words(index, el->phrases, &nfirst);
            for (size_t f = 0; f < nfirst; f++) {
                const uint32_t *sets = dyad_dict_word_sets(index, first[f], &nsets);
                size_t k = 0;
                while (k < nsets && sets[k] != el->phrases)
                    k++;
                missing += k == nsets;
                for (size_t a = 0; a < 2; a++)
                    for (size_t b = 4; b < 12; b += 4) {
                        uint32_t words[3] = {first[f], pool[(a + f) % 12], pool[(b + p) % 12]};
                        size_t m1 = 0, m2 = 0;
                        int r1 = dyad_dict_inflects(scan, el->phrases, words, NULL, 3, &m1);
                        int r2 = dyad_dict_inflects(index, el->phrases, words, NULL, 3, &m2);
                        differ += r1 != r2 || m1 != m2;
                        checked++;
                    }
            }
        }
    }
    CHECK(checked > 1000);
    CHECK_INT(differ, 0);
    CHECK_INT(missing, 0);
    dyad_dict_free(scan);
    dyad_dict_free(index);
}

/* Every CAMEO code of the project's code table is reachable from the verb dictionary. */
TEST(every_code_reachable)
{
    dyad_dict *d = builtin();
    CHECK(d != NULL);
    if (!d)
        return;
    static char seen[1024][5];
    size_t n = 0;
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    for (uint32_t b = 0; b < st.blocks; b++)
        mark(seen, &n, dyad_dict_block(d, b)->code);
    for (uint32_t v = 1; v <= st.verbs; v++)
        mark(seen, &n, dyad_dict_verb(d, v)->code);
    for (uint32_t p = 0; p < st.patterns; p++)
        mark(seen, &n, dyad_dict_pattern(d, p)->code);
    size_t len;
    const char *text = dyad_data_file("cameo.codes", &len);
    char err[256];
    dyad_codes *codes = dyad_codes_load(text, len, "cameo.codes", err, sizeof err);
    CHECK(codes != NULL);
    for (size_t i = 0; codes && i < dyad_codes_count(codes); i++) {
        const char *code = dyad_codes_at(codes, i)->code;
        size_t k;
        for (k = 0; k < n && strcmp(seen[k], code) != 0; k++)
            ;
        if (k == n)
            fprintf(stderr, "code %s is not reachable from the verb dictionary\n", code);
        CHECK(k < n);
    }
    /* and every code the dictionary uses exists */
    for (size_t k = 0; codes && k < n; k++) {
        if (!dyad_codes_find(codes, seen[k]))
            fprintf(stderr, "dictionary code %s is not in cameo.codes\n", seen[k]);
        CHECK(dyad_codes_find(codes, seen[k]) != NULL);
    }
    dyad_codes_free(codes);
    dyad_dict_free(d);
}

/* Actor codes are a country or international prefix and three-letter parts; agent codes are
 * CAMEO role codes. */
TEST(actor_codes_are_well_formed)
{
    static const char *const roles[] = {
        "GOV", "MIL", "REB", "OPP", "INS", "SEP", "PTY", "COP", "JUD", "LEG", "MED", "BUS",
        "CVL", "EDU", "REL", "REF", "LAB", "HLH", "ELI", "SPY", "CRM", "AGR", "UAF", "MOD",
        "RAD", "AMN", "HRI", "DEV", "ENV", "IRC", "MNC", "NGO", "IGO", "PKO", "MOS", "CHR",
        "JEW", "BUD", "HIN", "SHI", "SUN", "CTH", "ORT", "PRO", "ATH", "ETH", "MIG", "IMG",
        "NGM", "UIS", "YTH", "WMN", "INT", "DIS", "ANI", "SIK", "OTH", "ALQ", "RAD", "INR"};
    dyad_dict *d = builtin();
    CHECK(d != NULL);
    if (!d)
        return;
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    size_t bad = 0;
    for (uint32_t a = 1; a <= st.actors; a++) {
        const dyad_actor *actor = dyad_dict_actor(d, a);
        for (uint32_t r = 0; r <= actor->nrestrictions; r++) {
            const char *code = r == actor->nrestrictions
                                   ? actor->code
                                   : dyad_dict_restriction(d, actor->first_restriction + r)->code;
            if (!code)
                continue;
            size_t len = strlen(code);
            int ok = len >= 3 && len <= 15 && len % 3 == 0;
            for (size_t i = 0; ok && i < len; i++)
                ok = (code[i] >= 'A' && code[i] <= 'Z') || (code[i] >= '0' && code[i] <= '9');
            if (!ok && bad++ < 10)
                fprintf(stderr, "bad actor code %s (%s)\n", code, actor->origin);
        }
    }
    for (uint32_t a = 1; a <= st.agents; a++) {
        const char *code = dyad_dict_agent(d, a)->code;
        size_t len = strlen(code);
        int ok = len >= 3 && len % 3 == 0;
        for (size_t i = 0; ok && i < len; i += 3) {
            size_t k;
            for (k = 0; k < sizeof roles / sizeof *roles && strncmp(code + i, roles[k], 3); k++)
                ;
            ok = k < sizeof roles / sizeof *roles;
        }
        if (!ok && bad++ < 20)
            fprintf(stderr, "bad agent code %s (%s)\n", code, dyad_dict_agent(d, a)->origin);
    }
    CHECK_INT(bad, 0);
    dyad_dict_free(d);
}

/* ---- compiled images ---------------------------------------------------------------------- */

/* The same answers from two dictionaries, for every word and its trie paths of two words. */
static size_t lookups_differ(const dyad_dict *a, const dyad_dict *b)
{
    dyad_dict_stats sa, sb;
    dyad_dict_get_stats(a, &sa);
    dyad_dict_get_stats(b, &sb);
    size_t differ = memcmp(&sa, &sb, sizeof sa) != 0;
    differ += dyad_dict_nwarnings(a) != dyad_dict_nwarnings(b) ||
              dyad_dict_petrarch(a) != dyad_dict_petrarch(b) ||
              dyad_dict_tabari(a) != dyad_dict_tabari(b);
    for (size_t i = 0; i < dyad_dict_nwarnings(a) && i < dyad_dict_nwarnings(b); i++)
        differ += strcmp(dyad_dict_warning(a, i), dyad_dict_warning(b, i)) != 0;
    for (uint32_t w = 1; w <= sa.words && !differ; w++) {
        const char *text = dyad_dict_word_text(a, w);
        size_t na, nb;
        const uint32_t *wa = dyad_dict_word_sets(a, w, &na), *wb = dyad_dict_word_sets(b, w, &nb);
        differ += strcmp(text, dyad_dict_word_text(b, w)) != 0 ||
                  dyad_dict_word(b, text, strlen(text)) != w ||
                  dyad_dict_classes(a, w) != dyad_dict_classes(b, w) ||
                  dyad_dict_is_stem(a, w) != dyad_dict_is_stem(b, w) || na != nb ||
                  (na && memcmp(wa, wb, na * sizeof *wa) != 0);
        uint32_t n1 = dyad_dict_child(a, 0, w);
        differ += n1 != dyad_dict_child(b, 0, w);
        if (!n1)
            continue;
        differ += memcmp(dyad_dict_node(a, n1), dyad_dict_node(b, n1), sizeof(dyad_node)) != 0;
        const dyad_node *n = dyad_dict_node(a, n1);
        if (n->actor) {
            const dyad_actor *x = dyad_dict_actor(a, n->actor), *y = dyad_dict_actor(b, n->actor);
            const char *cx = dyad_actor_code_on(a, x, 20200101), *cy = dyad_actor_code_on(b, y, 20200101);
            differ += strcmp(x->origin, y->origin) != 0 || (!cx != !cy) || (cx && strcmp(cx, cy));
        }
        if (n->verb)
            differ += strcmp(dyad_dict_verb(a, n->verb)->origin, dyad_dict_verb(b, n->verb)->origin);
        for (uint32_t v = 1; v <= sa.words; v += 97)
            differ += dyad_dict_child(a, n1, v) != dyad_dict_child(b, n1, v);
    }
    for (uint32_t p = 0; p < sa.patterns && !differ; p++) {
        const dyad_pattern *x = dyad_dict_pattern(a, p), *y = dyad_dict_pattern(b, p);
        differ += strcmp(x->origin, y->origin) != 0 || (!x->code != !y->code) ||
                  (x->code && strcmp(x->code, y->code)) || x->first_elem != y->first_elem ||
                  x->nelems != y->nelems || x->need != y->need;
    }
    return differ;
}

TEST(image_round_trip)
{
    dyad_dict *d = builtin();
    CHECK(d && dyad_dict_finish(d) == 0);
    if (!d)
        return;
    char err[512] = "";
    size_t len, len2 = 0;
    void *image = dyad_dict_image(d, &len);
    CHECK(image != NULL);
    dyad_dict *back = image ? dyad_dict_image_from_memory(image, len, "b.dyc", err, sizeof err) : NULL;
    if (!back)
        fprintf(stderr, "%s\n", err);
    CHECK(back != NULL);
    if (back) {
        CHECK_INT(lookups_differ(d, back), 0);
        /* written again, the loaded image gives the same bytes: every array and string */
        void *again = dyad_dict_image(back, &len2);
        CHECK(again && len2 == len && memcmp(again, image, len) == 0);
        free(again);
        for (size_t k = 0; k < DYAD_DICT_NKINDS; k++)
            CHECK_INT(dyad_dict_holds(back, dyad_dict_kinds[k]), dyad_dict_holds(d, dyad_dict_kinds[k]));
        CHECK(dyad_dict_holds(back, ".actors") && !dyad_dict_holds(back, ".issues"));
        static const char more[] = "NEW_ACTOR [ABC]\n";
        CHECK(dyad_dict_load(back, more, strlen(more), "m.actors", err, sizeof err) != 0);
        CHECK(strncmp(err, "m.actors: ", 10) == 0);
        CHECK_INT(dyad_dict_finish(back), 0);
    }
    free(image);
    dyad_dict_free(back);
    dyad_dict_free(d);
}

/* An image names the texts it was made of and is refused once one of them changes. */
TEST(image_of_files_goes_stale)
{
    char dir[] = "/tmp/dyad-image-XXXXXX", src[64], img[64], err[512] = "";
    CHECK(mkdtemp(dir) != NULL);
    snprintf(src, sizeof src, "%s/t.actors", dir);
    snprintf(img, sizeof img, "%s/t.dyc", dir);
    FILE *f = fopen(src, "w");
    CHECK(f != NULL);
    if (!f)
        return;
    fputs("TURKEY [TUR]\n", f);
    fclose(f);
    dyad_dict *d = dyad_dict_new();
    CHECK(dyad_dict_load_builtin(d, ".words", err, sizeof err) == 0 &&
          dyad_dict_load_file(d, src, err, sizeof err) == 0 && dyad_dict_finish(d) == 0 &&
          dyad_dict_save_image(d, img, err, sizeof err) == 0);
    dyad_dict *back = dyad_dict_load_image(img, err, sizeof err);
    CHECK(back != NULL);
    if (back) {
        const dyad_node *n = walk(back, "turkey");
        CHECK(n && n->actor && strcmp(dyad_dict_actor(back, n->actor)->code, "TUR") == 0);
    }
    dyad_dict_free(back);
    f = fopen(src, "w");
    if (f) {
        fputs("TURKEY [TUR]\nGREECE [GRC]\n", f);
        fclose(f);
    }
    CHECK(dyad_dict_load_image(img, err, sizeof err) == NULL);
    CHECK(strncmp(err, img, strlen(img)) == 0 && strstr(err, "stale") && strstr(err, src));
    remove(src); /* gone, the text no longer counts: the image travels alone */
    back = dyad_dict_load_image(img, err, sizeof err);
    CHECK(back != NULL);
    dyad_dict_free(back);
    dyad_dict_free(d);
    remove(img);
    rmdir(dir);
}

/* 1 when the image loads (and then its lookups run, under asan in `make asan`), 0 when it
 * is refused naming the file and saying `want` (when given), -1 otherwise. */
static int try_image(const void *image, size_t len, const char *want)
{
    char err[512] = "";
    dyad_dict *d = dyad_dict_image_from_memory(image, len, "x.dyc", err, sizeof err);
    if (d) {
        dyad_dict_stats st;
        dyad_dict_get_stats(d, &st);
        for (uint32_t w = 1; w <= st.words; w++) {
            uint32_t n = dyad_dict_child(d, 0, w);
            const dyad_node *node = n ? dyad_dict_node(d, n) : NULL;
            if (node && node->actor)
                dyad_actor_code_on(d, dyad_dict_actor(d, node->actor), 20200101);
        }
        dyad_dict_free(d);
        return 1;
    }
    if (strncmp(err, "x.dyc: ", 7) == 0 && (!want || strstr(err, want)))
        return 0;
    fprintf(stderr, "got '%s', want '%s'\n", err, want ? want : "");
    return -1;
}

TEST(damaged_images_are_refused)
{
    char err[512] = "";
    dyad_dict *d = load("t.verbs", "&ABUSE\n+TORTURE\n--- ACCUSE [112] ---\nACCUSE\n"
                                   "- * + OF &ABUSE [1122]\n", err, sizeof err);
    CHECK(d && dyad_dict_finish(d) == 0);
    size_t len;
    unsigned char *image = d ? dyad_dict_image(d, &len) : NULL;
    dyad_dict_free(d);
    CHECK(image != NULL);
    if (!image)
        return;
    unsigned char *copy = malloc(len);
    CHECK_INT(try_image(image, len, NULL), 1);
    CHECK_INT(try_image("", 0, "not a dyad dictionary image"), 0);
    CHECK_INT(try_image("DYADDICT", 8, "truncated"), 0);
    for (size_t cut = 9; cut < len; cut += cut < 600 ? 1 : 4099)
        CHECK_INT(try_image(image, cut, "truncated"), 0);
    /* the header: magic[8], then byte order and format version, uint32 each */
    memcpy(copy, image, len);
    uint32_t v;
    memcpy(&v, copy + 8, 4);
    v = __builtin_bswap32(v);
    memcpy(copy + 8, &v, 4);
    CHECK_INT(try_image(copy, len, "other byte order"), 0);
    memcpy(copy, image, len);
    copy[12]++;
    CHECK_INT(try_image(copy, len, "format version"), 0);
    memcpy(copy, image, len);
    copy[len - 1] ^= 1;
    CHECK_INT(try_image(copy, len, "checksum"), 0);
    /* damage that a forged checksum lets past: the structural checks must stop it */
    size_t refused = 0;
    for (size_t at = 64; at < len; at += 7) {
        memcpy(copy, image, len);
        copy[at] ^= (unsigned char)(0x81 + at);
        dyad_dict_image_seal(copy, len);
        int r = try_image(copy, len, NULL);
        CHECK(r >= 0);
        refused += r == 0;
    }
    CHECK(refused > 0);
    free(copy);
    free(image);
}

int main(void)
{
    RUN(actors_synonyms_and_dates);
    RUN(agents_plurals);
    RUN(verb_inflections);
    RUN(patterns_and_synsets);
    RUN(errors_name_file_and_line);
    RUN(duplicates_across_files_are_warnings);
    RUN(builtin_dictionaries_load);
    RUN(every_code_reachable);
    RUN(actor_codes_are_well_formed);
    RUN(lookup_indexes_agree_with_scans);
    RUN(image_round_trip);
    RUN(image_of_files_goes_stale);
    RUN(damaged_images_are_refused);
    return TEST_END();
}
