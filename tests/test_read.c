/* Tests for the read stage: text, JSONL and PETRARCH XML documents, format sniffing,
 * error reports, and the expansion of command-line operands into input files. */
#include "read.h"
#include "test.h"

#include <dirent.h>
#include <stdlib.h>
#include <sys/stat.h>

/* ---- helpers -------------------------------------------------------------------------- */

static char tmpdir[64];

static void make_tmpdir(void)
{
    strcpy(tmpdir, "/tmp/dyad_test_read_XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        exit(2);
    }
}

static void remove_tree(const char *path)
{
    struct stat st;
    DIR *d;
    struct dirent *e;
    if (lstat(path, &st) != 0)
        return;
    if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
        while ((e = readdir(d)) != NULL) {
            char sub[1024];
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            remove_tree(sub);
        }
        closedir(d);
        rmdir(path);
    } else {
        unlink(path);
    }
}

/* Writes n bytes of s to tmpdir/name and returns the path (static storage). */
static const char *write_file_n(const char *name, const char *s, size_t n)
{
    static char path[1024];
    FILE *f;
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(2);
    }
    fwrite(s, 1, n, f);
    fclose(f);
    return path;
}

static const char *write_file(const char *name, const char *s)
{
    return write_file_n(name, s, strlen(s));
}

static void make_dir(const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    mkdir(path, 0700);
}

static dyad_reader *mem(const char *s, const char *origin, dyad_input_format fmt)
{
    return dyad_reader_open_memory(s, strlen(s), origin, fmt);
}

static int contains(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

/* Reads every document, returning how many were read and how many malformed. */
static void count_docs(dyad_reader *r, int *ok, int *bad)
{
    char err[256];
    dyad_doc d;
    int rc;
    *ok = *bad = 0;
    while ((rc = dyad_reader_next(r, &d, err, sizeof err)) != 0 && rc != -2) {
        if (rc == 1)
            ++*ok;
        else
            ++*bad;
        dyad_doc_free(&d);
    }
}

/* ---- text ----------------------------------------------------------------------------- */

TEST(text_headline)
{
    const char *s = "Turkey shells Syria\n\nANKARA (Reuters) - Turkish troops shelled.\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "news/story.txt", DYAD_INPUT_TEXT);
    CHECK(r != NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, s);
    CHECK_INT(d.len, strlen(s));
    CHECK_INT(d.headline_len, strlen("Turkey shells Syria"));
    CHECK_STR(d.id, "story");
    CHECK_STR(d.origin, "news/story.txt");
    CHECK_INT(d.record, 1);
    CHECK(d.date == NULL && d.source == NULL && d.url == NULL);
    CHECK_INT(d.is_sentence, 0);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(text_no_blank_line_no_headline)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem("First line\nSecond line\n\nThird.\n", "a.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    /* a lead paragraph, not a headline: it ends with a period */
    r = mem("Iran and Iraq met on Monday. They agreed.\n\nMore text.\n", "a.txt",
            DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("Only one line, no newline", "a.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("\n\nBody after blank lines.\n", "a.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(text_headline_crlf_and_blank_with_spaces)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem("Headline\r\n\r\nBody.\r\n", "a.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 8);
    CHECK_INT(d.len, 19);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("Headline\n \t \nBody.\n", "a.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.headline_len, 8);
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(text_file_id_is_base_name)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r;
    const char *path = write_file("2024.03.05-story.txt", "Body only.");
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK(r != NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "2024.03.05-story");
    CHECK_STR(d.text, "Body only.");
    CHECK_STR(d.origin, path);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    path = write_file("README", "No extension.");
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "README");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(text_empty_and_binary_whole_file)
{
    static const char bytes[] = "a\0b\nc";
    char err[256];
    dyad_doc d;
    /* an empty or blank file holds no story (an ingest of /dev/null stores nothing) */
    dyad_reader *r = dyad_reader_open_memory("", 0, "empty.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
    r = dyad_reader_open_memory(" \n\t\n", 4, "blank.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = dyad_reader_open_memory(bytes, 5, "bin.txt", DYAD_INPUT_TEXT);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.len, 5);
    CHECK(memcmp(d.text, bytes, 6) == 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(text_large_file_read_whole)
{
    size_t n = 3 * 1000 * 1000;
    char *big = malloc(n), err[256];
    dyad_doc d;
    dyad_reader *r;
    for (size_t i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    r = dyad_reader_open(write_file_n("big.txt", big, n), DYAD_INPUT_TEXT, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.len, n);
    CHECK(d.text && memcmp(d.text, big, n) == 0 && d.text[n] == '\0');
    dyad_doc_free(&d);
    dyad_reader_close(r);
    free(big);
}

/* ---- JSONL ---------------------------------------------------------------------------- */

TEST(jsonl_all_fields)
{
    const char *s =
        "{\"id\":\"r1\",\"date\":\"20240305\",\"source\":\"Reuters\",\"url\":\"https://x.y/1\","
        "\"title\":\"Turkey shells Syria\",\"text\":\"Troops fired.\",\"extra\":[1,{}]}\n"
        "{\"text\":\"No title.\",\"date\":\"2024-03-06\",\"title\":\"\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "feed.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "r1");
    CHECK_STR(d.date, "2024-03-05");
    CHECK_STR(d.source, "Reuters");
    CHECK_STR(d.url, "https://x.y/1");
    CHECK_STR(d.text, "Turkey shells Syria\n\nTroops fired.");
    CHECK_INT(d.len, strlen("Turkey shells Syria\n\nTroops fired."));
    CHECK_INT(d.headline_len, strlen("Turkey shells Syria"));
    CHECK_INT(d.record, 1);
    CHECK_INT(d.is_sentence, 0);
    CHECK_STR(d.origin, "feed.jsonl");
    dyad_doc_free(&d);

    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "feed");   /* no id: the file's base name */
    CHECK_STR(d.text, "No title.");
    CHECK_INT(d.headline_len, 0);
    CHECK_STR(d.date, "2024-03-06");
    CHECK(d.source == NULL && d.url == NULL);
    CHECK_INT(d.record, 2);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_unicode_escapes)
{
    const char *s = "{\"id\":\"u\\u00e9\",\"title\":\"Caf\\u00e9\","
                    "\"text\":\"It\\u2019s \\ud83d\\ude00 \\\"ok\\\"\\n\\t\\\\ \\/\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "u.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "u\xc3\xa9");
    CHECK_STR(d.text, "Caf\xc3\xa9\n\nIt\xe2\x80\x99s \xf0\x9f\x98\x80 \"ok\"\n\t\\ /");
    CHECK_INT(d.headline_len, 5);   /* bytes, not characters */
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(jsonl_dates)
{
    const char *s = "{\"id\":\"a\",\"date\":\"20240229\",\"text\":\"x\"}\n"
                    "{\"id\":\"b\",\"date\":\"2024-13-45\",\"text\":\"x\"}\n"
                    "{\"id\":\"c\",\"date\":\"2023-02-29\",\"text\":\"x\"}\n"
                    "{\"id\":\"d\",\"date\":\"2024-03-05T10:00:00Z\",\"text\":\"x\"}\n"
                    "{\"id\":\"e\",\"date\":\"March 5, 2024\",\"text\":\"x\"}\n"
                    "{\"id\":\"f\",\"date\":20240305,\"text\":\"x\"}\n"
                    "{\"id\":\"g\",\"date\":null,\"text\":\"x\"}\n"
                    "{\"id\":\"h\",\"date\":\"2000-02-29\",\"text\":\"x\"}\n"
                    "{\"id\":\"i\",\"date\":\"1900-02-29\",\"text\":\"x\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "d.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.date, "2024-02-29");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "d.jsonl:2: id b: invalid date \"2024-13-45\"");
    CHECK(d.text == NULL && d.id == NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "d.jsonl:3: id c: invalid date \"2023-02-29\"");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.date, "2024-03-05");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "d.jsonl:5: id e: invalid date"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "d.jsonl:6: id f: \"date\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK(d.date == NULL);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.date, "2000-02-29");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "id i: invalid date"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_malformed_line_in_middle)
{
    const char *s = "{\"id\":\"a1\",\"text\":\"first\"}\n"
                    "{\"id\":\"a2\",\"text\":\"broken\n"
                    "{\"id\":\"a3\",\"text\":\"third\"}\n"
                    "not json at all\n"
                    "{\"id\":\"a5\",\"text\":\"fifth\"} trailing\n"
                    "{\"id\":\"a6\",\"text\":\"sixth\"}";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "m.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "a1");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "m.jsonl:2: id a2: invalid JSON"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "a3");
    CHECK_STR(d.text, "third");
    CHECK_INT(d.record, 3);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "m.jsonl:4: invalid JSON at column 1");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "m.jsonl:5: id a5: invalid JSON at column"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);   /* no final newline */
    CHECK_STR(d.text, "sixth");
    CHECK_INT(d.record, 6);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_salvaged_id_only_when_plain)
{
    const char *s = "{\"text\":\"x \\\"id\\\": \\\"no\\\"\", \"id\": 42, \"oops\"}\n"
                    "{\"meta\":{\"id\":\"inner\"},\"text\":\n"
                    "{\"id\":\"esc\\\"aped\",\"text\":\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "s.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "s.jsonl:1: id 42: invalid JSON"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "s.jsonl:2: invalid JSON"));
    CHECK(!contains(err, "inner"));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK(contains(err, "s.jsonl:3: invalid JSON"));
    CHECK(!contains(err, ": id "));
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_missing_or_bad_text)
{
    const char *s = "{\"id\":\"n1\",\"title\":\"Only a title\"}\n"
                    "{\"id\":\"n2\",\"text\":42}\n"
                    "{\"id\":\"n3\",\"text\":null}\n"
                    "{\"id\":\"n4\",\"text\":\"\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "t.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "t.jsonl:1: id n1: no \"text\"");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "t.jsonl:2: id n2: \"text\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "t.jsonl:3: id n3: \"text\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);   /* empty text is still text */
    CHECK_STR(d.text, "");
    CHECK_INT(d.len, 0);
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(jsonl_blank_lines_skipped)
{
    const char *s = "\n   \n{\"id\":\"x\",\"text\":\"a\"}\n\t\r\n\n{\"id\":\"y\",\"text\":\"b\"}\n\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "b.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "x");
    CHECK_INT(d.record, 3);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "y");
    CHECK_INT(d.record, 6);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_id_types)
{
    const char *s = "{\"id\":12345,\"text\":\"a\"}\n"
                    "{\"id\":-7,\"text\":\"a\"}\n"
                    "{\"id\":1.5,\"text\":\"a\"}\n"
                    "{\"id\":true,\"text\":\"a\"}\n"
                    "{\"id\":[\"x\"],\"text\":\"a\"}\n"
                    "{\"id\":null,\"text\":\"a\"}\n"
                    "{\"id\":\"\",\"text\":\"a\"}\n"
                    "{\"id\":1e300,\"text\":\"a\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "ids.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "12345");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "-7");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "ids.jsonl:3: \"id\" is not a string or an integer");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "ids.jsonl:4: \"id\" is not a string or an integer");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "ids");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "ids");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_other_fields_must_be_strings)
{
    const char *s = "{\"id\":\"s1\",\"source\":7,\"text\":\"a\"}\n"
                    "{\"id\":\"s2\",\"url\":{},\"text\":\"a\"}\n"
                    "{\"id\":\"s3\",\"title\":false,\"text\":\"a\"}\n"
                    "{\"id\":\"s4\",\"source\":null,\"url\":null,\"title\":null,\"text\":\"a\"}\n"
                    "[\"not\",\"an\",\"object\"]\n"
                    "{\"id\":\"s6\",\"text\":\"a\",\"text\":\"b\"}\n"
                    "{\"id\":\"s7\",\"text\":\"a\",\"id\":\"s8\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "f.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:1: id s1: \"source\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:2: id s2: \"url\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:3: id s3: \"title\" is not a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK(d.source == NULL && d.url == NULL && d.headline_len == 0);
    CHECK_STR(d.text, "a");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:5: not a JSON object");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:6: id s6: duplicate key \"text\"");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "f.jsonl:7: duplicate key \"id\"");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(jsonl_nul_is_malformed)
{
    static const char raw[] = "{\"id\":\"r\",\"text\":\"a\0b\"}\n{\"id\":\"ok\",\"text\":\"c\"}\n";
    const char *s = "{\"id\":\"z\",\"text\":\"a\\u0000b\"}\n"
                    "{\"id\":\"w\",\"text\":\"a\\\\u0000b\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "n.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "n.jsonl:1: id z: \\u0000 in a string");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);   /* an escaped backslash */
    CHECK_STR(d.text, "a\\u0000b");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = dyad_reader_open_memory(raw, sizeof raw - 1, "raw.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "raw.jsonl:1: id r: NUL byte in the line");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "ok");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

/* Records the fast scanner leaves to cJSON (an escaped key, deep nesting, a long number,
 * a form feed as blank) read the same as the common shape does. */
TEST(jsonl_shapes_read_alike)
{
    char deep[400] = "{\"id\":\"deep\",\"x\":";
    for (int i = 0; i < 40; i++)
        strcat(deep, "[");
    for (int i = 0; i < 40; i++)
        strcat(deep, "]");
    strcat(deep, ",\"text\":\"a\"}\n");
    const char *s = "{\"i\\u0064\":\"esc\",\"text\":\"a\"}\n"
                    "{\"id\":\"long\",\"n\":123456789012345678901234567890123456789,\"text\":\"a\"}\n"
                    "\f{\"id\":\"ff\",\"text\":\"a\"}\n"
                    "{\"id\":\"plain\",\"x\":{\"y\":[1,-2.5e3,true,false,null,\"s\"]},\"text\":\"a\"}\n";
    const char *ids[] = {"deep", "esc", "long", "ff", "plain"};
    char *all = malloc(strlen(deep) + strlen(s) + 1), err[256];
    dyad_doc d;
    strcpy(all, deep);
    strcat(all, s);
    dyad_reader *r = mem(all, "s.jsonl", DYAD_INPUT_JSONL);
    for (size_t i = 0; i < sizeof ids / sizeof *ids; i++) {
        CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
        CHECK_STR(d.id, ids[i]);
        CHECK_STR(d.text, "a");
        dyad_doc_free(&d);
    }
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
    free(all);
}

/* Escapes anywhere in a long string, raw bytes and a tab kept as they are. */
TEST(jsonl_escapes_in_long_strings)
{
    const char *s = "{\"id\":\"e\",\"title\":\"Headline \\\"quoted\\\" here\","
                    "\"text\":\"0123456789abcdef\\u00e90123456789\\\\x\\ty\tz\xc3\xa9"
                    "\\/0123456\\ud83d\\ude00\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "e.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "Headline \"quoted\" here\n\n0123456789abcdef\xc3\xa9"
                      "0123456789\\x\ty\tz\xc3\xa9/0123456\xf0\x9f\x98\x80");
    CHECK_INT(d.headline_len, strlen("Headline \"quoted\" here"));
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

/* Lone or reversed surrogates and bad escapes are malformed, as cJSON says. */
TEST(jsonl_bad_escapes)
{
    const char *s = "{\"id\":\"a\",\"text\":\"\\ud83d\"}\n"
                    "{\"id\":\"b\",\"text\":\"\\ude00\\ud83d\"}\n"
                    "{\"id\":\"c\",\"text\":\"\\x\"}\n"
                    "{\"id\":\"e\",\"text\":\"ok\"}\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "b.jsonl", DYAD_INPUT_JSONL);
    for (int i = 0; i < 3; i++) {
        CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
        CHECK(contains(err, "invalid JSON"));
    }
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "e");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(jsonl_crlf_bom_and_long_line)
{
    size_t n = 2 * 1000 * 1000;
    char *line = malloc(n + 64), err[256];
    dyad_doc d;
    dyad_reader *r = mem("\xEF\xBB\xBF{\"id\":\"bom\",\"text\":\"a\"}\r\n{\"text\":\"b\"}\r\n",
                         "c.jsonl", DYAD_INPUT_JSONL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "bom");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "b");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    strcpy(line, "{\"text\":\"");
    memset(line + 9, 'x', n);
    strcpy(line + 9 + n, "\"}\n{\"text\":\"after\"}\n");
    r = dyad_reader_open(write_file("long.jsonl", line), DYAD_INPUT_AUTO, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.len, n);
    CHECK_STR(d.id, "long");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "after");
    CHECK_INT(d.record, 2);
    dyad_doc_free(&d);
    dyad_reader_close(r);
    free(line);
}

/* ---- XML ------------------------------------------------------------------------------ */

static const char petr_xml[] =
    "<!-- # PETRARCH sample\n"
    "# a header comment with <Sentence id=\"fake\"> inside\n"
    "-->\n"
    "<?xml version=\"1.0\"?>\n"
    "<Sentences>\n"
    "<Sentence date = \"20080804\" id =\"AFP0808020625_4\" source = \"AFP\" sentence = \"True\">\n"
    "<Text>\n"
    "The stopover came as the US leader prepared to attend the Beijing Olympics, an \n"
    "event which will test his vow. \n"
    "</Text>\n"
    "<Parse>\n"
    "( (S (NP (DT The) (NN stopover)) (VP (VBD came)) (. .)))\n"
    "</Parse>\n"
    "</Sentence>\n"
    "\n"
    "<Sentence date='20080806' id='AFP0808020675_1' source='AFP'>\n"
    "<!-- a comment inside -->\n"
    "<EventCoding sourcecode=\"ARN\" targetcode=\"GON\" eventcode=\"064\"></EventCoding>\n"
    "<Text>Brazil and the United States\r\nare seeking a partnership.</Text>\n"
    "<Parse>(ROOT (S (NP (NNP Brazil))))</Parse>\n"
    "</Sentence>\n"
    "<Sentence id=\"third\"><Text>   </Text></Sentence>\n"
    "</Sentences>\n";

TEST(xml_sentences)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(petr_xml, "gw.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "AFP0808020625_4");
    CHECK_STR(d.date, "2008-08-04");
    CHECK_STR(d.source, "AFP");
    CHECK(d.url == NULL);
    CHECK_STR(d.text, "The stopover came as the US leader prepared to attend the Beijing "
                      "Olympics, an  event which will test his vow.");
    CHECK_INT(d.len, strlen(d.text));
    CHECK_INT(d.is_sentence, 1);
    CHECK_INT(d.headline_len, 0);
    CHECK_INT(d.record, 1);
    dyad_doc_free(&d);

    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "AFP0808020675_1");
    CHECK_STR(d.date, "2008-08-06");
    CHECK_STR(d.text, "Brazil and the United States are seeking a partnership.");
    CHECK_INT(d.record, 2);
    dyad_doc_free(&d);

    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "third");
    CHECK_STR(d.text, "");
    CHECK(d.date == NULL);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(xml_entities)
{
    const char *s = "<Sentence id=\"A&amp;B\" source=\"&quot;X&quot;\"><Text>"
                    "AT&amp;T &lt;b&gt; &quot;q&quot; &apos;a&apos; it&#8217;s it&#x2019;s "
                    "&#65;&#x42; AT&T &unknown; &#0; &#xD800; &#x110000; & end &amp"
                    "</Text></Sentence>";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "e.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "A&B");
    CHECK_STR(d.source, "\"X\"");
    CHECK_STR(d.text, "AT&T <b> \"q\" 'a' it\xe2\x80\x99s it\xe2\x80\x99s AB AT&T &unknown; "
                      "&#0; &#xD800; &#x110000; & end &amp");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(xml_markup_inside_text)
{
    const char *s = "<Sentence id=\"m\"><Text>a <b>bold</b> <![CDATA[x < y & z]]> "
                    "<!-- gone --> b</Text><Text>second ignored</Text></Sentence>";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "m.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "a bold x < y & z  b");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(xml_unterminated_sentence_at_eof)
{
    const char *s = "<Sentences><Sentence id=\"ok\"><Text>fine</Text></Sentence>\n"
                    "<Sentence date=\"20080804\" id=\"cut\"><Text>cut off here";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "u.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "u.xml:2: id cut: unterminated <Sentence>");
    CHECK(d.text == NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = mem("<Sentence id=\"t\"><Text>x</Text", "v.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "v.xml:1: id t: unterminated <Sentence>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = mem("<Sentence id=\"q", "w.xml", DYAD_INPUT_XML);   /* inside the start tag */
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(xml_missing_end_tag_costs_one_record)
{
    const char *s = "<Sentence id=\"a\"><Text>one</Text>\n"
                    "<Sentence id=\"b\"><Text>two</Text></Sentence>";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "n.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "n.xml:1: id a: unterminated <Sentence>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "b");
    CHECK_STR(d.text, "two");
    CHECK_INT(d.record, 2);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(xml_malformed_sentences)
{
    static const char nul[] = "<Sentence id=\"z\"><Text>a\0b</Text></Sentence>";
    const char *s = "<Sentence id=\"nt\"><Parse>(S)</Parse></Sentence>\n"
                    "<Sentence id=\"bd\" date=\"2024-13-45\"><Text>x</Text></Sentence>\n"
                    "<Sentence id=\"ut\"><Text>x</Sentence>\n"
                    "<Sentence id=\"sc\"/>\n"
                    "<Sentence><Text>no id</Text></Sentence>\n"
                    "<Sentence date=\"20240305\"><Text/></Sentence>\n";
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "dir/bad.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "dir/bad.xml:1: id nt: no <Text> in <Sentence>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "dir/bad.xml:2: id bd: invalid date \"2024-13-45\"");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "dir/bad.xml:3: id ut: unterminated <Text>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "dir/bad.xml:4: id sc: no <Text> in <Sentence>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "bad");
    CHECK_INT(d.record, 5);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "");
    CHECK_STR(d.date, "2024-03-05");
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = dyad_reader_open_memory(nul, sizeof nul - 1, "z.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -1);
    CHECK_STR(err, "z.xml:1: id z: NUL byte in <Text>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

TEST(xml_tags_that_are_not_sentences)
{
    const char *s = "<Sentences><SentenceX id=\"no\"><Text>skip</Text></SentenceX>"
                    "<x a=\"<Sentence>\"/>"
                    "<!DOCTYPE s><![CDATA[<Sentence id=\"no2\">]]>"
                    "<Sentence\tid=\"yes\"\n><Text>kept</Text></Sentence >"
                    "</Sentences>";
    int ok, bad;
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem(s, "x.xml", DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "yes");
    CHECK_STR(d.text, "kept");
    CHECK_INT(d.record, 1);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = mem("no markup at all", "y.xml", DYAD_INPUT_XML);
    count_docs(r, &ok, &bad);
    CHECK_INT(ok, 0);
    CHECK_INT(bad, 0);
    dyad_reader_close(r);
}

TEST(xml_gigaword_sample)
{
    const char *path = SHARED_DIR "/corpus/GigaWord.sample.PETR.xml";
    char err[256];
    dyad_doc d;
    int ok, bad;
    dyad_reader *r;
    SKIP_UNLESS(path);
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK(r != NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "AFP0808020625_4");
    CHECK_STR(d.date, "2008-08-04");
    CHECK_STR(d.source, "AFP");
    CHECK_INT(d.is_sentence, 1);
    CHECK(strncmp(d.text, "The stopover came as the US leader", 34) == 0);
    CHECK(d.len > 0 && d.text[d.len - 1] == '.');
    dyad_doc_free(&d);
    count_docs(r, &ok, &bad);
    CHECK_INT(ok + 1, 76);
    CHECK_INT(bad, 0);
    dyad_reader_close(r);
}

TEST(xml_petrarch_unit_test_records)
{
    const char *path = SHARED_DIR "/petrarch/PETR.UnitTest.records.xml";
    char err[256];
    int ok, bad;
    dyad_reader *r;
    SKIP_UNLESS(path);
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK(r != NULL);
    count_docs(r, &ok, &bad);
    CHECK_INT(ok, 284);
    CHECK_INT(bad, 0);
    dyad_reader_close(r);
}

/* ---- formats and opening -------------------------------------------------------------- */

TEST(auto_format_by_extension)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r;
    const char *path = write_file("feed.NDJSON", "{\"id\":\"j\",\"text\":\"json\"}\n");
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "j");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    /* an extension the reader does not know: text, even though it looks like JSON */
    path = write_file("feed.log", "{\"id\":\"j\",\"text\":\"json\"}\n");
    r = dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "feed");
    CHECK_STR(d.text, "{\"id\":\"j\",\"text\":\"json\"}\n");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    /* an explicit format wins over the extension */
    r = dyad_reader_open(path, DYAD_INPUT_JSONL, err, sizeof err);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "j");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

TEST(auto_format_sniffed_keeps_bytes)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r = mem("\n \n{\"id\":\"s\",\"text\":\"t\"}\n", NULL, DYAD_INPUT_AUTO);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "s");
    CHECK_INT(d.record, 3);
    CHECK_STR(d.origin, "memory");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("  \n<Sentence id=\"x\"><Text>t</Text></Sentence>", NULL, DYAD_INPUT_AUTO);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "x");
    CHECK_INT(d.is_sentence, 1);
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("  \n\tHello\n\nBody", NULL, DYAD_INPUT_AUTO);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "  \n\tHello\n\nBody");
    CHECK_STR(d.id, "memory");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("\xEF\xBB\xBF{\"text\":\"bom\"}", NULL, DYAD_INPUT_AUTO);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "bom");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = mem("   ", NULL, DYAD_INPUT_AUTO);   /* all blank: a text stream with no story */
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);
}

/* Reads tmpdir/name through stdin, as `dyad code - < name` would. */
static dyad_reader *open_as_stdin(const char *content)
{
    char err[256];
    const char *path = write_file("stdin.in", content);
    if (!freopen(path, "r", stdin))
        return NULL;
    return dyad_reader_open("-", DYAD_INPUT_AUTO, err, sizeof err);
}

TEST(stdin_sniffed)
{
    char err[256];
    dyad_doc d;
    dyad_reader *r = open_as_stdin("\n{\"text\":\"from stdin\"}\n\n{\"id\":\"2\",\"text\":\"b\"}\n");
    CHECK(r != NULL);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "from stdin");
    CHECK_STR(d.id, "stdin");
    CHECK_STR(d.origin, "-");
    CHECK_INT(d.record, 2);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_INT(d.record, 4);
    dyad_doc_free(&d);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
    dyad_reader_close(r);

    r = open_as_stdin("Headline\n\nStory from a pipe.\n");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "Headline\n\nStory from a pipe.\n");
    CHECK_INT(d.headline_len, 8);
    CHECK_STR(d.id, "stdin");
    dyad_doc_free(&d);
    dyad_reader_close(r);

    r = open_as_stdin("<Sentence id=\"p\"><Text>xml</Text></Sentence>");
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.text, "xml");
    dyad_doc_free(&d);
    dyad_reader_close(r);
}

/* A read that fails (here, stdin is a directory: EISDIR) ends the stream with -2. */
TEST(read_error_ends_stream)
{
    static const dyad_input_format fmts[] = {DYAD_INPUT_AUTO, DYAD_INPUT_TEXT,
                                             DYAD_INPUT_JSONL, DYAD_INPUT_XML};
    char err[256];
    dyad_doc d;
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        dyad_reader *r;
        if (!freopen(tmpdir, "r", stdin)) {
            CHECK(0);
            return;
        }
        r = dyad_reader_open(NULL, fmts[i], err, sizeof err);
        CHECK(r != NULL);
        if (!r)
            continue;
        CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), -2);
        CHECK_STR(err, "-: Is a directory");
        CHECK(d.text == NULL);
        CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 0);
        dyad_reader_close(r);
    }
}

TEST(open_errors)
{
    char err[256] = "";
    char path[1024];
    snprintf(path, sizeof path, "%s/does-not-exist.txt", tmpdir);
    CHECK(dyad_reader_open(path, DYAD_INPUT_AUTO, err, sizeof err) == NULL);
    CHECK(contains(err, "does-not-exist.txt: No such file or directory"));
    CHECK(dyad_reader_open(tmpdir, DYAD_INPUT_AUTO, err, sizeof err) == NULL);
    CHECK(contains(err, ": Is a directory"));
    CHECK(dyad_reader_open(path, (dyad_input_format)42, err, sizeof err) == NULL);
    CHECK(dyad_reader_open(path, DYAD_INPUT_AUTO, NULL, 0) == NULL);
    dyad_reader_close(NULL);
    dyad_doc_free(NULL);
}

TEST(format_names)
{
    CHECK_INT(dyad_input_format_parse("auto"), DYAD_INPUT_AUTO);
    CHECK_INT(dyad_input_format_parse("text"), DYAD_INPUT_TEXT);
    CHECK_INT(dyad_input_format_parse("jsonl"), DYAD_INPUT_JSONL);
    CHECK_INT(dyad_input_format_parse("xml"), DYAD_INPUT_XML);
    CHECK_INT(dyad_input_format_parse("json"), -1);
    CHECK_INT(dyad_input_format_parse("XML"), -1);
    CHECK_INT(dyad_input_format_parse(""), -1);
    CHECK_INT(dyad_input_format_parse(NULL), -1);
}

/* ---- listing inputs ------------------------------------------------------------------- */

TEST(list_inputs_recursive_sorted)
{
    char err[256], root[1024], file[1024], link[1024], target[1024];
    char **files = NULL;
    char *ops[2];
    int n;
    make_dir("corpus");
    make_dir("corpus/sub");
    make_dir("corpus/.git");
    make_dir("corpus/a");
    write_file("corpus/b.txt", "b");
    write_file("corpus/B.txt", "B");
    write_file("corpus/a.jsonl", "{}");
    write_file("corpus/a/z.xml", "<x/>");
    write_file("corpus/.hidden", "h");
    write_file("corpus/.git/config", "c");
    write_file("corpus/sub/c.xml", "<x/>");
    write_file("corpus/sub/.swp", "s");
    write_file("single.txt", "s");
    snprintf(root, sizeof root, "%s/corpus", tmpdir);
    snprintf(file, sizeof file, "%s/single.txt", tmpdir);
    snprintf(link, sizeof link, "%s/corpus/sub/fifo", tmpdir);
    CHECK(mkfifo(link, 0600) == 0);
    snprintf(link, sizeof link, "%s/corpus/sub/link.txt", tmpdir);
    CHECK(symlink(file, link) == 0);
    snprintf(link, sizeof link, "%s/corpus/sub/loop", tmpdir);
    snprintf(target, sizeof target, "%s/corpus", tmpdir);
    CHECK(symlink(target, link) == 0);   /* a directory link is not followed */

    ops[0] = file;
    ops[1] = root;
    n = dyad_list_inputs(ops, 2, &files, err, sizeof err);
    CHECK_INT(n, 7);
    if (n == 7) {
        const char *want[] = {"single.txt", "corpus/B.txt", "corpus/a/z.xml", "corpus/a.jsonl",
                              "corpus/b.txt", "corpus/sub/c.xml", "corpus/sub/link.txt"};
        for (int i = 0; i < 7; i++) {
            char w[1024];
            snprintf(w, sizeof w, "%s/%s", tmpdir, want[i]);
            CHECK_STR(files[i], w);
        }
    }
    dyad_free_inputs(files, n);
}

TEST(list_inputs_trailing_slash_and_stdin)
{
    char err[256], dir[1024], want[1024];
    char **files = NULL;
    char *ops[2];
    int n;
    make_dir("slash");
    write_file("slash/one.txt", "1");
    snprintf(dir, sizeof dir, "%s/slash/", tmpdir);
    ops[0] = dir;
    ops[1] = "-";
    n = dyad_list_inputs(ops, 2, &files, err, sizeof err);
    CHECK_INT(n, 2);
    snprintf(want, sizeof want, "%s/slash/one.txt", tmpdir);
    if (n == 2) {
        CHECK_STR(files[0], want);
        CHECK_STR(files[1], "-");
    }
    dyad_free_inputs(files, n);

    n = dyad_list_inputs(ops, 0, &files, err, sizeof err);
    CHECK_INT(n, 0);
    dyad_free_inputs(files, n);
}

TEST(list_inputs_missing_operand)
{
    char err[256] = "";
    char **files = (char **)1;
    char *ops[] = {NULL, "nope/missing.txt"};
    char dir[1024];
    make_dir("present");
    write_file("present/x.txt", "x");
    snprintf(dir, sizeof dir, "%s/present", tmpdir);
    ops[0] = dir;
    CHECK_INT(dyad_list_inputs(ops, 2, &files, err, sizeof err), -1);
    CHECK_STR(err, "nope/missing.txt: No such file or directory");
    CHECK(files == NULL);
}

/* ---- fuzzer regressions --------------------------------------------------------------- */

/* Runs an input as fuzz/fuzz_read.c does: the first byte picks the format. */
static void fuzz_input(const char *data, size_t size, int *ok, int *bad)
{
    static const dyad_input_format formats[] = {DYAD_INPUT_TEXT, DYAD_INPUT_JSONL,
                                                DYAD_INPUT_XML, DYAD_INPUT_AUTO};
    dyad_reader *r = dyad_reader_open_memory(data + 1, size - 1, "fuzz",
                                             formats[(unsigned char)data[0] % 4]);
    count_docs(r, ok, bad);
    dyad_reader_close(r);
}

/* An attribute we keep, written without a value, decoded to a buffer that was never
 * NUL-terminated (heap overflow in strlen). */
TEST(fuzz_attribute_without_value)
{
    static const char crash[] = "\x02<Sentence date \x01\x00``\x00\x01\xae@804\" id ='A&amp;B'>"
                                "<Text>a</Text></Sentence>";
    char err[256];
    dyad_doc d;
    int ok, bad;
    dyad_reader *r = mem("<Sentence date id=\"x\" source><Text>t</Text></Sentence>", "a.xml",
                         DYAD_INPUT_XML);
    CHECK_INT(dyad_reader_next(r, &d, err, sizeof err), 1);
    CHECK_STR(d.id, "x");
    CHECK(d.date == NULL && d.source == NULL);
    dyad_doc_free(&d);
    dyad_reader_close(r);
    fuzz_input(crash, sizeof crash - 1, &ok, &bad);
    CHECK_INT(ok, 1);
    CHECK_INT(bad, 0);
}

int main(void)
{
    make_tmpdir();
    RUN(text_headline);
    RUN(text_no_blank_line_no_headline);
    RUN(text_headline_crlf_and_blank_with_spaces);
    RUN(text_file_id_is_base_name);
    RUN(text_empty_and_binary_whole_file);
    RUN(text_large_file_read_whole);
    RUN(jsonl_all_fields);
    RUN(jsonl_unicode_escapes);
    RUN(jsonl_dates);
    RUN(jsonl_malformed_line_in_middle);
    RUN(jsonl_salvaged_id_only_when_plain);
    RUN(jsonl_missing_or_bad_text);
    RUN(jsonl_blank_lines_skipped);
    RUN(jsonl_id_types);
    RUN(jsonl_other_fields_must_be_strings);
    RUN(jsonl_nul_is_malformed);
    RUN(jsonl_crlf_bom_and_long_line);
    RUN(xml_sentences);
    RUN(xml_entities);
    RUN(xml_markup_inside_text);
    RUN(xml_unterminated_sentence_at_eof);
    RUN(xml_missing_end_tag_costs_one_record);
    RUN(xml_malformed_sentences);
    RUN(xml_tags_that_are_not_sentences);
    RUN(xml_gigaword_sample);
    RUN(xml_petrarch_unit_test_records);
    RUN(auto_format_by_extension);
    RUN(auto_format_sniffed_keeps_bytes);
    RUN(stdin_sniffed);
    RUN(read_error_ends_stream);
    RUN(open_errors);
    RUN(format_names);
    RUN(list_inputs_recursive_sorted);
    RUN(list_inputs_trailing_slash_and_stdin);
    RUN(list_inputs_missing_operand);
    RUN(fuzz_attribute_without_value);
    RUN(jsonl_shapes_read_alike);
    RUN(jsonl_escapes_in_long_strings);
    RUN(jsonl_bad_escapes);
    remove_tree(tmpdir);
    return TEST_END();
}
