/* dyad eval's gold readers and scoring: the three formats read into the same records,
 * pass/fail with diffs, and precision/recall at full and root level. */
#include "eval.h"
#include "test.h"
#include <stdlib.h>

static int parse(const char *text, const char *name, dyad_gold *g, char *err, size_t n)
{
    memset(g, 0, sizeof *g);
    return dyad_gold_parse(text, strlen(text), name, g, err, n);
}

TEST(jsonl_records)
{
    dyad_gold g;
    char err[256] = "";
    const char *t = "{\"sentence_id\":\"a\",\"date\":\"19950101\",\"text\":\"X hit Y.\",\"events\":"
                    "[{\"source\":\"x\",\"target\":null,\"code\":\"190\"},"
                    "{\"source\":\"Y\",\"target\":\"X\",\"code\":\"111\",\"optional\":true}]}\n\n"
                    "{\"sentence_id\":\"b\",\"text\":\"nothing\",\"events\":[]}\n";
    CHECK_INT(parse(t, "g.jsonl", &g, err, sizeof err), 0);
    CHECK_INT(g.nrecords, 2);
    CHECK_STR(g.records[0].date, "1995-01-01");
    CHECK_INT(g.records[0].nevents, 2);
    CHECK_STR(g.records[0].events[0].source, "X");
    CHECK_STR(g.records[0].events[0].target, "---");
    CHECK_INT(g.records[0].events[1].optional, 1);
    CHECK_INT(g.records[1].nevents, 0);
    dyad_gold_free(&g);
    CHECK_INT(parse("{\"sentence_id\":\"a\"}\n", "g.jsonl", &g, err, sizeof err), -1);
    CHECK(strncmp(err, "g.jsonl:1: ", 11) == 0);
    dyad_gold_free(&g);
}

TEST(petrarch_xml)
{
    dyad_gold g;
    char err[256] = "";
    const char *t =
        "<Validation><Environment><Verbfile>v.txt</Verbfile><Actorfile>a.txt, b.txt</Actorfile>"
        "</Environment><Sentences>\n"
        "<!-- <Sentence date=\"19950101\" id=\"OFF\"><Text>x</Text></Sentence> -->\n"
        "<Sentence date = \"19950102\" id =\"S1\" category=\"DEMO\">\n"
        "<EventCoding sourcecode=\"ARN\" targetcode='\"THE MINISTRY\"' eventcode=\"064\"></EventCoding>\n"
        "<Text>\nArnor &amp; Gondor\nmet.\n</Text><Parse>(ROOT)</Parse></Sentence>\n"
        "<Sentence date=\"19950103\" id=\"S2\"><EventCoding noevents=\"True\"></EventCoding>"
        "<Text>No.</Text></Sentence></Sentences></Validation>\n";
    CHECK_INT(parse(t, "dir/suite.xml", &g, err, sizeof err), 0);
    CHECK_INT(g.nrecords, 2);
    CHECK_STR(g.records[0].id, "S1");
    CHECK_STR(g.records[0].date, "1995-01-02");
    CHECK_STR(g.records[0].text, "Arnor & Gondor met.");
    CHECK_INT(g.records[0].nevents, 1);
    CHECK_STR(g.records[0].events[0].target, "\"THE MINISTRY\"");
    CHECK_INT(g.records[1].nevents, 0);
    CHECK_INT(g.ndicts, 3);
    CHECK_STR(g.dicts[0], "verbs=dir/v.txt");
    CHECK_STR(g.dicts[2], "actors=dir/b.txt");
    dyad_gold_free(&g);
}

TEST(petrarch_config_and_include)
{
    dyad_gold g;
    char err[256] = "";
    const char *t =
        "<Validation><Environment><Include>DEMO VERB</Include>"
        "<Config option=\"stop_on_error\" value=\"True\"></Config></Environment><Sentences>\n"
        "<Sentence date=\"19950101\" id=\"D1\" category=\"DEMO\"><Text>One.</Text></Sentence>\n"
        "<Config option=\"require_dyad\" value=\"false\"></Config>\n"
        "<!-- <Config option=\"comma_min\" value=\"9\"></Config> -->\n"
        "<Sentence date=\"19950101\" id=\"X1\" category=\"DEMOx\"><Text>Two.</Text></Sentence>\n"
        "<Config option=\"new_actor_length\" value=\"4\"></Config>\n"
        "<Sentence date=\"19950101\" id=\"V1\" category=\"VERB\"><Text>Three.</Text></Sentence>\n"
        "</Sentences></Validation>\n";
    CHECK_INT(parse(t, "suite.xml", &g, err, sizeof err), 0);
    CHECK_INT(g.petrarch_options, 1);
    CHECK_INT(g.nrecords, 2); /* X1's category is not in <Include> */
    CHECK_INT(g.excluded, 1);
    CHECK_INT(g.records[0].noptions, 1);
    CHECK_STR(g.records[0].options[0], "stop_on_error=True");
    CHECK_STR(g.records[1].id, "V1");
    CHECK_INT(g.records[1].noptions, 2); /* the left-out record's <Config> passes on */
    CHECK_STR(g.records[1].options[0], "require_dyad=false");
    CHECK_STR(g.records[1].options[1], "new_actor_length=4");
    dyad_gold_free(&g);
    CHECK_INT(parse("<Sentences><Config option=\"x\"></Config><Sentence id=\"A\">"
                    "<Text>a</Text></Sentence></Sentences>",
                    "s.xml", &g, err, sizeof err),
              -1);
    CHECK(strstr(err, "s.xml:1: <Config> without option or value") != NULL);
    dyad_gold_free(&g);
}

TEST(tabari_text)
{
    dyad_gold g;
    char err[256] = "";
    const char *t = "# header\n\n950103  DEMO-04\nDagolath's minister left\nfor Gondor.\n"
                    "/*\\n----\n\\n[Paired events {}]\n\\n{ DAG / GON / 032 }\n"
                    "\\n{ GON / DAG / 033 } */\n\n"
                    "950104  NONE-01\nNothing.\n/* \\n{- - -} */\n"
                    "950105  OPEN-01\nMany.\n/* \\n{ ARN / GON / 064 } -{ GON / ARN / 064 } */\n"
                    "950106  OPT-01\nSet.\n/* \\n{ OPTION: SET: MINIMUM WORDS = 4  */\n"
                    "950107  950107  TWICE-01\nTwo.\n/* \\n{ A / B / 010 } */\n"
                    "\\n{ A / C / 010 } */\n"
                    "990101  FINAL-01\nStop here.\n/* {ARN / GON / 010} */\n";
    CHECK_INT(parse(t, "v.text", &g, err, sizeof err), 0);
    CHECK_INT(g.nrecords, 5);
    CHECK_STR(g.records[0].id, "DEMO-04");
    CHECK_STR(g.records[0].date, "1995-01-03");
    CHECK_STR(g.records[0].text, "Dagolath's minister left for Gondor.");
    CHECK_INT(g.records[0].nevents, 2);
    CHECK_STR(g.records[0].events[1].source, "GON");
    CHECK_STR(g.records[0].events[1].code, "033");
    CHECK_INT(g.records[1].nevents, 0);
    CHECK_INT(g.records[2].nevents, 1);
    CHECK_INT(g.records[2].open, 1);
    CHECK_INT(g.records[3].nevents, 0);
    CHECK_INT(g.records[3].noptions, 1); /* TABARI reads an unclosed OPTION to the comment end */
    CHECK(strstr(g.records[3].options[0], "SET: MINIMUM WORDS = 4") != NULL);
    CHECK(strstr(g.records[3].options[0], "*/") == NULL);
    CHECK_STR(g.records[4].id, "TWICE-01"); /* a repeated date is no id */
    CHECK_INT(g.records[4].nevents, 2);     /* a validation line after the comment's end */
    CHECK_STR(g.records[4].events[1].target, "C");
    dyad_gold_free(&g);
    CHECK_INT(parse("950101  X-1\nText.\n/* { ARN GON } */\n", "v.text", &g, err, sizeof err), -1);
    CHECK(strncmp(err, "v.text:3: ", 10) == 0);
    dyad_gold_free(&g);
}

TEST(scoring)
{
    dyad_gold_event gold[] = {{"ARN", "GON", "064", 0}, {"GON", "ARN", "033", 0},
                              {"ARN", "---", "010", 1}};
    dyad_gold_record r = {.id = "R1", .text = "t", .events = gold, .nevents = 3, .line = 1};
    dyad_eval_event got[] = {{"ARN", "GON", "064"}, {"GON", "ARN", "036"}, {"ERI", NULL, "190"}};
    dyad_eval ev = {0};
    char diff[256];
    CHECK_INT(dyad_eval_record(&ev, &r, got, 3, diff, sizeof diff), 0);
    CHECK_STR(diff, "missing GON ARN 033; extra GON ARN 036; extra ERI --- 190");
    CHECK_INT(ev.full.tp, 1);
    CHECK_INT(ev.full.fp, 2);
    CHECK_INT(ev.full.fn, 1);
    CHECK_INT(ev.root.tp, 2); /* 033 and 036 share root 03 */
    CHECK_INT(ev.root.fp, 1);
    CHECK_INT(ev.root.fn, 0);
    CHECK_INT(ev.by_root[19].fp, 1);
    CHECK_INT(dyad_eval_record(&ev, &r, got, 1, diff, sizeof diff), 0);
    r.open = 1;
    r.nevents = 1;
    CHECK_INT(dyad_eval_record(&ev, &r, got, 3, diff, sizeof diff), 1);
    CHECK_INT(ev.records, 3);
    CHECK_INT(ev.passed, 1);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    dyad_eval_report(out, &ev);
    fclose(out);
    CHECK(strstr(buf, "records: 1 passed of 3 (33.3%)\n") != NULL);
    CHECK(strstr(buf, "root 03") != NULL);
    free(buf);
}

int main(void)
{
    RUN(jsonl_records);
    RUN(petrarch_xml);
    RUN(petrarch_config_and_include);
    RUN(tabari_text);
    RUN(scoring);
    return TEST_END();
}
