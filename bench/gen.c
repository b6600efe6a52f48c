/* gen — the benchmark corpus: JSON Lines news stories built deterministically from the
 * project's own sentences.
 *
 *     gen SENTENCES DATA_DIR SEED_FILE... > corpus.jsonl
 *
 * Seed sentences come from the given files: tab-separated regression sets (the sentence is
 * the fourth column, '#' lines skipped) and PETRARCH XML (each <Text>).  Every country name
 * of DATA_DIR/countries.actors found in a seed becomes a slot that each use fills with a
 * random country, and a story date, a leading time phrase and a trailing attribution vary
 * too, so no two stories are alike.  A story is a headline plus 4..11 sentences; the
 * output holds exactly SENTENCES sentences (headlines included).  A fixed generator (no
 * rand()) makes the same bytes on every machine.  Prints the counts to stderr. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long long rng = 88172645463325252ULL;

static unsigned next(unsigned n) /* uniform-ish in [0, n) */
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)((rng >> 11) % n);
}

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n);
    if (!p) {
        fputs("gen: out of memory\n", stderr);
        exit(2);
    }
    return p;
}

typedef struct list {
    char **v;
    size_t n, cap;
} list;

static void add(list *l, char *s)
{
    if (l->n == l->cap)
        l->v = xrealloc(l->v, (l->cap = l->cap ? l->cap * 2 : 256) * sizeof *l->v);
    l->v[l->n++] = s;
}

static list names, seeds;

/* "UNITED_STATES [USA]" -> "United States"; NULL for anything but a plain 3-letter entry. */
static char *country_name(const char *line)
{
    size_t n = strcspn(line, " ");
    if (n == 0 || strncmp(line + n, " [", 2) != 0 || strlen(line + n) < 6 || line[n + 5] != ']')
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!isupper((unsigned char)line[i]) && line[i] != '_')
            return NULL;
    char *s = xrealloc(NULL, n + 1);
    int start = 1;
    for (size_t i = 0; i < n; i++) {
        char c = line[i];
        s[i] = c == '_' ? ' ' : start ? c : (char)tolower((unsigned char)c);
        start = c == '_';
    }
    s[n] = '\0';
    /* "Republic Of The Congo" -> "Republic of the Congo" */
    for (char *w = s; (w = strchr(w, ' ')) != NULL; w++)
        if (strncmp(w, " Of ", 4) == 0 || strncmp(w, " The ", 5) == 0 || strncmp(w, " And ", 5) == 0)
            w[1] = (char)tolower((unsigned char)w[1]);
    return s;
}

static void load_names(const char *dir)
{
    char path[4096], line[1024];
    snprintf(path, sizeof path, "%s/countries.actors", dir);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen: %s: cannot open\n", path);
        exit(2);
    }
    while (fgets(line, sizeof line, f)) {
        char *s = country_name(line);
        if (s)
            add(&names, s);
    }
    fclose(f);
    /* longest first, so "South Sudan" is found before "Sudan" */
    for (size_t i = 1; i < names.n; i++)
        for (size_t j = i; j > 0 && strlen(names.v[j]) > strlen(names.v[j - 1]); j--) {
            char *t = names.v[j];
            names.v[j] = names.v[j - 1];
            names.v[j - 1] = t;
        }
}

/* A seed with each country name replaced by \001. */
static void add_seed(const char *s)
{
    while (*s == ' ' || *s == '\n' || *s == '\t')
        s++;
    size_t len = strlen(s);
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\n' || s[len - 1] == '\t' || s[len - 1] == '\r'))
        len--;
    if (len < 20 || s[len - 1] != '.')
        return;
    char *out = xrealloc(NULL, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        int boundary = i == 0 || !isalnum((unsigned char)s[i - 1]);
        size_t k = names.n;
        if (boundary)
            for (k = 0; k < names.n; k++) {
                size_t m = strlen(names.v[k]);
                if (i + m <= len && memcmp(s + i, names.v[k], m) == 0 &&
                    (i + m == len || !isalnum((unsigned char)s[i + m])))
                    break;
            }
        if (k < names.n) {
            /* "the United States" -> a slot that any name fills */
            if (o >= 4 && (memcmp(out + o - 4, "the ", 4) == 0 || memcmp(out + o - 4, "The ", 4) == 0) &&
                (o == 4 || out[o - 5] == ' '))
                o -= 4;
            out[o++] = '\001';
            i += strlen(names.v[k]);
        } else {
            char c = s[i++];
            out[o++] = c == '\n' || c == '\t' ? ' ' : c;
        }
    }
    out[o] = '\0';
    add(&seeds, out);
}

static void load_seeds(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen: %s: cannot open\n", path);
        exit(2);
    }
    size_t cap = 0;
    char *line = NULL;
    ssize_t n;
    const char *dot = strrchr(path, '.');
    if (dot && strcmp(dot, ".xml") == 0) {
        /* every <Text>...</Text>, which may span lines */
        size_t tcap = 1 << 16, tlen = 0;
        char *text = xrealloc(NULL, tcap);
        int in = 0;
        while ((n = getline(&line, &cap, f)) > 0) {
            if (!in && strstr(line, "<Text>")) {
                in = 1;
                tlen = 0;
                continue;
            }
            if (in && strstr(line, "</Text>")) {
                in = 0;
                text[tlen] = '\0';
                add_seed(text);
                continue;
            }
            if (in && tlen + (size_t)n + 1 < tcap) {
                memcpy(text + tlen, line, (size_t)n);
                tlen += (size_t)n;
            }
        }
        free(text);
    } else {
        while ((n = getline(&line, &cap, f)) > 0) {
            if (line[0] == '#')
                continue;
            char *s = line;
            for (int tab = 0; tab < 3 && s; tab++)
                if ((s = strchr(s, '\t')) != NULL)
                    s++;
            if (s)
                add_seed(s);
        }
    }
    free(line);
    fclose(f);
}

static void json_text(FILE *out, const char *s)
{
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            putc('\\', out);
        putc(*s, out);
    }
}

static const char *const openers[] = {"On Monday, ", "On Tuesday, ", "On Wednesday, ",
                                      "On Thursday, ", "On Friday, ", "Late on Saturday, ",
                                      "Earlier this week, ", "Meanwhile, "};
static const char *const tails[] = {", officials said.", ", state media reported.",
                                    ", according to a statement.", ", a spokesman said.",
                                    ", the foreign ministry said."};
static const char *const sources[] = {"AFP", "Reuters", "AP", "Xinhua", "BBC Monitoring"};

/* One sentence from a seed; a headline drops its final period. */
static void sentence(FILE *out, const char *seed, int headline)
{
    size_t len = strlen(seed);
    int opener = !headline && next(5) == 0 && (seed[0] == '\001' || strncmp(seed, "The ", 4) == 0);
    int tail = !headline && next(6) == 0;
    if (opener) {
        json_text(out, openers[next(sizeof openers / sizeof *openers)]);
        if (seed[0] == 'T') {
            putc('t', out);
            seed++, len--;
        }
    }
    for (size_t i = 0; i + 1 < len; i++) {
        if (seed[i] == '\001')
            json_text(out, names.v[next((unsigned)names.n)]);
        else {
            char c[2] = {seed[i], '\0'};
            json_text(out, c);
        }
    }
    if (!headline)
        json_text(out, tail ? tails[next(sizeof tails / sizeof *tails)] : ".");
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fputs("usage: gen SENTENCES DATA_DIR SEED_FILE...\n", stderr);
        return 2;
    }
    long want = atol(argv[1]);
    load_names(argv[2]);
    for (int i = 3; i < argc; i++)
        load_seeds(argv[i]);
    if (seeds.n == 0 || names.n == 0) {
        fputs("gen: no seed sentences or no country names\n", stderr);
        return 2;
    }
    long done = 0, stories = 0;
    while (done < want) {
        long n = 5 + (long)next(8); /* headline + 4..11 */
        if (n > want - done)
            n = want - done;
        stories++;
        /* one call at a time: the order in which arguments are evaluated is unspecified */
        int year = 2015 + (int)next(10);
        int month = 1 + (int)next(12);
        int day = 1 + (int)next(28);
        const char *source = sources[next(sizeof sources / sizeof *sources)];
        printf("{\"id\":\"bench-%07ld\",\"date\":\"%d-%02d-%02d\",\"source\":\"%s\",", stories,
               year, month, day, source);
        if (n > 1) {
            fputs("\"title\":\"", stdout);
            sentence(stdout, seeds.v[next((unsigned)seeds.n)], 1);
            fputs("\",", stdout);
            n--, done++;
        }
        fputs("\"text\":\"", stdout);
        for (long k = 0; k < n; k++) {
            if (k)
                fputs(k % 3 == 0 ? "\\n\\n" : " ", stdout);
            sentence(stdout, seeds.v[next((unsigned)seeds.n)], 0);
        }
        fputs("\"}\n", stdout);
        done += n;
    }
    fprintf(stderr, "gen: %ld sentences in %ld stories from %zu seeds and %zu country names\n",
            done, stories, seeds.n, names.n);
    for (size_t i = 0; i < names.n; i++)
        free(names.v[i]);
    for (size_t i = 0; i < seeds.n; i++)
        free(seeds.v[i]);
    free(names.v);
    free(seeds.v);
    return ferror(stdout) ? 1 : 0;
}
