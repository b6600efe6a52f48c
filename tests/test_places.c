/* The gazetteer and place phrases. */
#include "data.h"
#include "places.h"
#include "test.h"

static const char sample[] = "# test gazetteer\n"
                             "Kabul\tAFG\t34.5553\t69.2075\tcapital\tKabol\n"
                             "Lebanon\tLBN\t33.85\t35.86\tcountry\n"
                             "southern Lebanon\tLBN\t33.27\t35.40\tregion\tSouth Lebanon\n"
                             "Aleppo\tSYR\t36.2021\t37.1343\tcity\tHalab|Alep\n"
                             "Strait of Hormuz\t---\t26.57\t56.25\twater\n";

static const char *place_in(const dyad_gazetteer *g, const char *text)
{
    static char out[256];
    dyad_segments s = {0};
    dyad_place_ref refs[4];
    out[0] = '\0';
    if (dyad_segment(NULL, text, strlen(text), 0, 1, &s) == 0) {
        size_t n = dyad_find_places(g, text, s.tokens, s.ntokens, refs, 4);
        for (size_t i = 0; i < n; i++) {
            if (i)
                strcat(out, "; ");
            strcat(out, refs[i].place->name);
        }
    }
    dyad_segments_free(&s);
    return out;
}

TEST(lookup_by_name_alias_and_case)
{
    char err[256];
    dyad_gazetteer *g = dyad_gazetteer_new(sample, strlen(sample), "t", err, sizeof err);
    CHECK(g != NULL);
    if (!g)
        return;
    CHECK_INT(dyad_gazetteer_count(g), 5);
    const dyad_place *p = dyad_gazetteer_find(g, "halab", 5);
    CHECK(p && strcmp(p->name, "Aleppo") == 0 && strcmp(p->country, "SYR") == 0);
    CHECK(p && p->lat > 36.2 && p->lat < 36.21);
    CHECK(dyad_gazetteer_find(g, "KABUL", 5) != NULL);
    CHECK(dyad_gazetteer_find(g, "Paris", 5) == NULL);
    dyad_gazetteer_free(g);
}

TEST(places_after_locative_prepositions)
{
    char err[256];
    dyad_gazetteer *g = dyad_gazetteer_new(sample, strlen(sample), "t", err, sizeof err);
    CHECK(g != NULL);
    if (!g)
        return;
    CHECK_STR(place_in(g, "A bomb exploded in Kabul on Monday."), "Kabul");
    CHECK_STR(place_in(g, "Israel struck targets in southern Lebanon."), "southern Lebanon");
    CHECK_STR(place_in(g, "Israel struck targets in eastern Lebanon."), "Lebanon");
    CHECK_STR(place_in(g, "Iran seized a tanker in the Strait of Hormuz."), "Strait of Hormuz");
    CHECK_STR(place_in(g, "Kabul condemned the attack."), ""); /* metonymy, not a place */
    CHECK_STR(place_in(g, "Rebels shelled Aleppo and fighting spread near Halab."), "Aleppo");
    CHECK_STR(place_in(g, "Fighting spread AROUND Aleppo and OUTSIDE Kabol."), "Aleppo; Kabul");
    CHECK_STR(place_in(g, "Troops massed in Southern Lebanon."), "southern Lebanon");
    CHECK_STR(place_in(g, "Troops massed in the north Lebanon."), "Lebanon");
    CHECK_STR(place_in(g, "Troops massed inn Lebanon and at 5 Lebanon."), "");
    dyad_gazetteer_free(g);
}

TEST(malformed_lines_name_file_and_line)
{
    static const struct {
        const char *text, *want;
    } cases[] = {
        {"Kabul\tAFG\t34.5\n", "g:1:"},
        {"# c\nKabul\tAFG\t95\t69\tcapital\n", "g:2: bad latitude"},
        {"Kabul\tAFG\t34\t190\tcapital\n", "g:1: bad longitude"},
        {"Kabul\tAF\t34\t69\tcapital\n", "g:1: country"},
        {"Kabul\tAFG\t34\t69\tcapital\nKabul\tAFG\t34\t69\tcity\n", "g:2: name or alias"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char err[256] = "";
        dyad_gazetteer *g = dyad_gazetteer_new(cases[i].text, strlen(cases[i].text), "g", err,
                                               sizeof err);
        CHECK(g == NULL);
        CHECK(strncmp(err, cases[i].want, strlen(cases[i].want)) == 0);
        dyad_gazetteer_free(g);
    }
}

TEST(builtin_gazetteer_loads)
{
    size_t len;
    const char *text = dyad_data_file("places.gazetteer", &len);
    char err[256] = "";
    dyad_gazetteer *g = dyad_gazetteer_new(text ? text : "", text ? len : 0, "places.gazetteer",
                                           err, sizeof err);
    if (!g)
        fprintf(stderr, "%s\n", err);
    CHECK(g != NULL);
    dyad_gazetteer_free(g);
}

int main(void)
{
    RUN(lookup_by_name_alias_and_case);
    RUN(places_after_locative_prepositions);
    RUN(malformed_lines_name_file_and_line);
    RUN(builtin_gazetteer_loads);
    return TEST_END();
}
