/* coder — the pipeline for one story: clean -> segment -> match -> parse -> code, and the
 * conversion of each stage's token-level results into the story's events with spans in the
 * caller's coordinates.  The coder holds what is loaded once (dictionaries, code table,
 * boilerplate rules, abbreviations); per-story buffers live in the story and are reused. */
#include "dyad.h"
#include "clean.h"
#include "code.h"
#include "data.h"
#include "dict.h"
#include "petrarch.h"
#include "tabari.h"
#include "dates.h"
#include "discourse.h"
#include "places.h"
#include "match.h"
#include "parse.h"
#include "segment.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct dyad_coder {
    dyad_dict *dict;
    dyad_codes *codes;
    dyad_cleaner *cleaner;
    dyad_abbrevs *abbrevs;
    dyad_corefs *corefs;
    dyad_gazetteer *gazetteer;
    char default_date[11];
    int no_dedup;
    FILE *trace;
    dyad_tabari_options tabari; /* TABARI .options commands, for TABARI dictionaries */
    dyad_petrarch_config petrarch; /* PETR_config.ini options, for PETRARCH dictionaries */
};

/* Per-story scratch: stage outputs reused from story to story. */
typedef struct scratch {
    dyad_cleaned cleaned;
    dyad_segments seg;
    dyad_tokinfo *info;
    size_t info_cap;
    dyad_parse parse;
    dyad_events events;
    dyad_memory memory;
    int32_t *story_sentence;    /* per segment sentence: index in story.sentences, or -1 */
    const char *tabari_forward; /* TABARI's FORWARD: the last sentence's first actor */
    size_t story_sentence_cap, sentences_cap, events_cap, quotes_cap;
} scratch;

static char *read_file(const char *path, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return NULL;
    }
    size_t cap = 65536, n = 0, k;
    char *buf = malloc(cap);
    while (buf && (k = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += k;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b) {
                free(buf);
                buf = NULL;
            } else
                buf = b;
        }
    }
    int bad = !buf || ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        snprintf(err, errlen, "%s: cannot read", path);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

static int has_kind(const dyad_options *o, const char *kind)
{
    const char *path;
    for (size_t i = 0; i < o->ndict_files; i++)
        if (dyad_dict_kind_of(o->dict_files[i], &path) == kind)
            return 1;
    return 0;
}

/* The path of a settings file given as KIND=PATH or by its ending, or NULL. */
static const char *settings_path(const char *spec, const char *kind, const char *ending)
{
    size_t n = strlen(spec), k = strlen(kind), e = strlen(ending);
    if (strncmp(spec, kind, k) == 0 && spec[k] == '=')
        return spec + k + 1;
    return n > e && strcmp(spec + n - e, ending) == 0 ? spec : NULL;
}

/* A TABARI .options file ("Validate.options", "options=FILE"), or NULL. */
static const char *options_path(const char *spec)
{
    return settings_path(spec, "options", ".options");
}

/* A PETRARCH config file ("PETR_config.ini", "config=FILE"), or NULL. */
static const char *config_path(const char *spec)
{
    return settings_path(spec, "config", ".ini");
}

/* Applies a TABARI .options file's coding commands (the others are TABARI's own business:
 * labels, output layout, usage files), or a PETRARCH config file's options (warning about
 * those that change PETRARCH's coding and not dyad's). */
static int load_settings(dyad_coder *c, const char *path, int petrarch, char *err,
                         size_t errlen)
{
    size_t len;
    char *text = read_file(path, &len, err, errlen);
    if (!text)
        return -1;
    long lineno = 0;
    int rc = 0;
    for (char *line = text, *eol; line < text + len && rc == 0; line = eol + 1) {
        if (!(eol = memchr(line, '\n', (size_t)(text + len - line))))
            eol = text + len;
        *eol = '\0';
        lineno++;
        if (!petrarch) {
            if (line[0] != '#' && strncmp(line, "//", 2) != 0)
                dyad_tabari_option(&c->tabari, line);
            continue;
        }
        enum dyad_petrarch_set_result r = dyad_petrarch_config_line(&c->petrarch, line);
        if (r == DYAD_PETRARCH_BAD_VALUE) {
            snprintf(err, errlen, "%s:%ld: bad value (True or False; a number for "
                                  "new_actor_length): %s",
                     path, lineno, line);
            rc = -1;
        } else if (r == DYAD_PETRARCH_NOT_APPLIED) {
            char msg[512];
            snprintf(msg, sizeof msg, "%s:%ld: option not applied by dyad: %.300s", path,
                     lineno, line);
            dyad_dict_warn(c->dict, msg);
        }
    }
    free(text);
    return rc;
}

/* A compiled image is a finished dictionary, so it can take nothing more: it replaces
 * the files of every kind it holds, and a file of a kind it lacks is an error rather than
 * silently left out.  Kinds it lacks stay empty. */
static int load_image(dyad_coder *c, const dyad_options *o, const char *image, char *err,
                      size_t errlen)
{
    dyad_dict *d = dyad_dict_load_image(image, err, errlen);
    if (!d)
        return -1;
    dyad_dict_free(c->dict);
    c->dict = d;
    const char *path, *kind;
    for (size_t i = 0; i < o->ndict_files; i++)
        if (!dyad_dict_image_path(o->dict_files[i]) &&
            (kind = dyad_dict_kind_of(o->dict_files[i], &path)) && !dyad_dict_holds(d, kind)) {
            snprintf(err, errlen, "%s: the dictionary image %s holds no %s files; compile "
                                  "them into it (dyad dict --compile)", o->dict_files[i], image,
                     kind);
            return -1;
        }
    return 0;
}

/* User files replace the built-in files of their kind; kinds load in dependency order.
 * With only_dict_files, kinds the user gives no file for stay empty, except the grammar
 * word lists the parser cannot do without. */
static int load_dictionaries(dyad_coder *c, const dyad_options *o, char *err, size_t errlen)
{
    const char *path, *image = NULL;
    for (size_t i = 0; i < o->ndict_files; i++)
        if (options_path(o->dict_files[i]) || config_path(o->dict_files[i])) {
            const char *tabari = options_path(o->dict_files[i]);
            if (load_settings(c, tabari ? tabari : config_path(o->dict_files[i]), !tabari, err,
                              errlen) != 0)
                return -1;
        } else if (dyad_dict_image_path(o->dict_files[i])) {
            if (image) {
                snprintf(err, errlen, "%s: only one dictionary image at a time (%s is another)",
                         o->dict_files[i], image);
                return -1;
            }
            image = dyad_dict_image_path(o->dict_files[i]);
        } else if (!dyad_dict_kind_of(o->dict_files[i], &path)) {
            snprintf(err, errlen, "%s: unknown dictionary kind (use .actors .agents .verbs "
                                  ".discards .issues .words .irregular, or KIND=FILE)",
                     o->dict_files[i]);
            return -1;
        }
    if (image)
        return load_image(c, o, image, err, errlen);
    for (size_t k = 0; k < DYAD_DICT_NKINDS; k++) {
        const char *kind = dyad_dict_kinds[k];
        int grammar = strcmp(kind, ".words") == 0 || strcmp(kind, ".irregular") == 0;
        if (!has_kind(o, kind)) {
            if ((grammar || !o->only_dict_files) &&
                dyad_dict_load_builtin(c->dict, kind, err, errlen) != 0)
                return -1;
            continue;
        }
        for (size_t i = 0; i < o->ndict_files; i++)
            if (dyad_dict_kind_of(o->dict_files[i], &path) == kind &&
                dyad_dict_load_file(c->dict, o->dict_files[i], err, errlen) != 0)
                return -1;
    }
    return dyad_dict_finish(c->dict) == 0 ? 0 : (snprintf(err, errlen, "out of memory"), -1);
}

int dyad_coder_tabari_option(dyad_coder *c, const char *line)
{
    return dyad_tabari_option(&c->tabari, line);
}

int dyad_coder_petrarch_config(dyad_coder *c, const char *name, const char *value)
{
    switch (dyad_petrarch_set(&c->petrarch, name, value)) {
    case DYAD_PETRARCH_APPLIED:
        return 0;
    case DYAD_PETRARCH_BAD_VALUE:
        return -1;
    case DYAD_PETRARCH_IRRELEVANT:
        return 1;
    default:
        return 2;
    }
}

int dyad_coder_tabari_forward(const dyad_coder *c)
{
    return c->tabari.forward;
}

/* "YYYY-MM-DD" and nothing else (checked per story, so no sscanf). */
static int valid_date(const char *s)
{
    if (!s)
        return 0;
    for (int i = 0; i < 10; i++)
        if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    return s[10] == '\0' && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

dyad_coder *dyad_coder_new(const dyad_options *opts, char *err, size_t errlen)
{
    static const dyad_options none = {0};
    const dyad_options *o = opts ? opts : &none;
    dyad_coder *c = calloc(1, sizeof *c);
    if (!c || !(c->dict = dyad_dict_new())) {
        snprintf(err, errlen, "out of memory");
        dyad_coder_free(c);
        return NULL;
    }
    if (o->default_date) {
        if (!valid_date(o->default_date)) {
            snprintf(err, errlen, "bad date '%s' (use YYYY-MM-DD)", o->default_date);
            dyad_coder_free(c);
            return NULL;
        }
        memcpy(c->default_date, o->default_date, 11);
    }
    c->no_dedup = o->no_dedup;
    c->trace = o->trace;
    dyad_tabari_options_init(&c->tabari);
    dyad_petrarch_config_init(&c->petrarch);
    size_t len;
    const char *text = dyad_data_file("cameo.codes", &len);
    if (load_dictionaries(c, o, err, errlen) != 0 || !text ||
        !(c->codes = dyad_codes_load(text, len, "cameo.codes", err, errlen))) {
        dyad_coder_free(c);
        return NULL;
    }
    char *rules = NULL;
    if (o->boilerplate_file) {
        if (!(rules = read_file(o->boilerplate_file, &len, err, errlen))) {
            dyad_coder_free(c);
            return NULL;
        }
        text = rules;
    } else
        text = dyad_data_file("boilerplate.rules", &len);
    c->cleaner = dyad_cleaner_new(text ? text : "", text ? len : 0,
                                  o->boilerplate_file ? o->boilerplate_file : "boilerplate.rules",
                                  err, errlen);
    free(rules);
    text = dyad_data_file("abbreviations.list", &len);
    c->abbrevs = dyad_abbrevs_new(text ? text : "", text ? len : 0);
    text = dyad_data_file("coreference.list", &len);
    c->corefs = dyad_corefs_new(text ? text : "", text ? len : 0);
    text = dyad_data_file("places.gazetteer", &len);
    c->gazetteer = dyad_gazetteer_new(text ? text : "", text ? len : 0, "places.gazetteer", err,
                                      errlen);
    if (!c->gazetteer) {
        dyad_coder_free(c);
        return NULL;
    }
    if (!c->cleaner || !c->abbrevs || !c->corefs) {
        if (c->cleaner)
            snprintf(err, errlen, "out of memory");
        dyad_coder_free(c);
        return NULL;
    }
    return c;
}

void dyad_coder_free(dyad_coder *c)
{
    if (!c)
        return;
    dyad_dict_free(c->dict);
    dyad_codes_free(c->codes);
    dyad_cleaner_free(c->cleaner);
    dyad_abbrevs_free(c->abbrevs);
    dyad_corefs_free(c->corefs);
    dyad_gazetteer_free(c->gazetteer);
    free(c);
}

size_t dyad_coder_nwarnings(const dyad_coder *c) { return dyad_dict_nwarnings(c->dict); }
const char *dyad_coder_warning(const dyad_coder *c, size_t i) { return dyad_dict_warning(c->dict, i); }
const dyad_codes *dyad_coder_codes(const dyad_coder *c) { return c->codes; }
const dyad_dict *dyad_coder_dict(const dyad_coder *c) { return c->dict; }

/* ---- one story -------------------------------------------------------------------------- */

static uint32_t date_number(const char *iso)
{
    if (!valid_date(iso))
        return 0;
    return (uint32_t)(atoi(iso) * 10000 + atoi(iso + 5) * 100 + atoi(iso + 8));
}

/* Without any date, code as of today: most users code current news. */
static void story_date(const dyad_coder *c, const dyad_doc *doc, char out[11])
{
    if (doc->date && valid_date(doc->date))
        memcpy(out, doc->date, 11);
    else if (c->default_date[0])
        memcpy(out, c->default_date, 11);
    else {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(out, 11, "%Y-%m-%d", &tm);
    }
}

/* A cleaned byte maps to the first byte of the character it came from, so the end of a
 * span moves past the rest of that character ("…" is three bytes). */
static dyad_span original_span(const dyad_cleaned *cl, const dyad_doc *doc, uint32_t start,
                               uint32_t end)
{
    if (end <= start)
        return (dyad_span){cl->map[start], cl->map[start]};
    uint32_t e = cl->map[end - 1] + 1;
    while (e < doc->len && ((unsigned char)doc->text[e] & 0xC0) == 0x80)
        e++;
    return (dyad_span){cl->map[start], e};
}

/* Under PETRARCH dictionaries an actor known only by its sector is written as PETRARCH
 * writes it, "---GOV", so that output compares with PETRARCH's. */
static dyad_actor_ref actor_ref(const dyad_coder *c, dyad_story *s, const scratch *w,
                                const dyad_token *tok, const dyad_mention *m)
{
    const dyad_token *a = &tok[m->first], *b = &tok[m->last];
    dyad_actor_ref r;
    r.code = m->code;
    dyad_code_country(m->code, r.country);
    r.sector = m->code ? m->code + strlen(r.country) : NULL; /* (no arithmetic on NULL) */
    int actor = 0;
    for (uint32_t k = m->first; k <= m->last && !actor; k++)
        actor = w->info[k].actor != 0;
    if (dyad_dict_petrarch(c->dict) && !actor && !m->pronoun && dyad_code_sector_only(m->code)) {
        size_t n = strlen(m->code);
        char *code = dyad_arena_alloc(&s->arena, n + 4);
        if (code) {
            memcpy(code, "---", 3);
            memcpy(code + 3, m->code, n + 1);
            r.code = code;
        }
    }
    r.text = dyad_arena_strndup(&s->arena, w->cleaned.text + a->start, b->start + b->len - a->start);
    r.span = original_span(&w->cleaned, s->doc, a->start, b->start + b->len);
    return r;
}

/* "Britain accused Russia ... Moscow rejected the charges": an event with no target, by an
 * actor that was the target of an event in the last four sentences, answers that event. */
static void answer_target(dyad_story *s, dyad_story_event *e)
{
    for (size_t i = s->nevents - 1; i-- > 0;) {
        const dyad_story_event *prev = &s->events[i];
        if (prev->sentence + 4 < e->sentence)
            return;
        if (prev->sentence == e->sentence || !prev->target.code)
            continue;
        if (strncmp(prev->target.code, e->source.code, 3) == 0 &&
            strncmp(prev->source.code, e->source.code, 3) != 0) {
            e->target = prev->source;
            return;
        }
    }
}

/* Does a date or place expression at token t belong to group g: inside its clause, with no
 * other verb between them ("restored relations broken off after the 1980 invasion")? */
static int in_clause(const dyad_parse *p, const dyad_vgroup *g, uint32_t t)
{
    if (t >= g->window_end)
        return 0;
    uint32_t lo = t < g->verb ? t : g->verb, hi = t < g->verb ? g->verb : t;
    for (size_t k = 0; k < p->ngroups; k++)
        if (&p->groups[k] != g && p->groups[k].verb > lo && p->groups[k].verb < hi)
            return 0;
    return 1;
}

/* The event's date: the date expression of its clause nearest its verb, else the story
 * date. */
static void date_event(dyad_story_event *out, const dyad_parse *p, const dyad_vgroup *g,
                       const dyad_date_expr *dates, size_t ndates, uint32_t story_date)
{
    uint32_t date = story_date, verb = g->verb;
    long best = -1;
    for (size_t i = 0; i < ndates; i++) {
        if (!in_clause(p, g, dates[i].token))
            continue;
        long d = (long)dates[i].token - (long)verb;
        d = d < 0 ? -d : d;
        if (best < 0 || d < best) {
            best = d;
            date = dates[i].date;
        }
    }
    if (!date)
        return;
    out->dated = best >= 0;
    /* YYYY-MM-DD by hand: this runs once per event, and snprintf costs more than the rest */
    static const char digits[] = "0123456789";
    uint32_t y = date / 10000 % 10000, m = date / 100 % 100, dd = date % 100;
    char *e = out->event_date;
    e[0] = digits[y / 1000];
    e[1] = digits[y / 100 % 10];
    e[2] = digits[y / 10 % 10];
    e[3] = digits[y % 10];
    e[4] = e[7] = '-';
    e[5] = digits[m / 10];
    e[6] = digits[m % 10];
    e[8] = digits[dd / 10];
    e[9] = digits[dd % 10];
    e[10] = '\0';
    long delta = dyad_date_days(date) - dyad_date_days(story_date);
    out->historical = delta < -31;
    if (delta > 0 && best >= 0)
        out->future = 1;
}

/* The event's place: the one named in its clause nearest its verb. */
static const dyad_place *place_of(const dyad_parse *p, const dyad_vgroup *g,
                                  const dyad_place_ref *places, size_t n)
{
    const dyad_place *best = NULL;
    long distance = -1;
    for (size_t i = 0; i < n; i++) {
        /* before the verb only as an opening phrase ("In Kabul, the Taliban said"): in the
         * middle it belongs to a phrase of its own ("Russia, which backs the government in
         * Damascus, urged") */
        if (!in_clause(p, g, places[i].token) ||
            (places[i].token < g->verb && places[i].token > 2))
            continue;
        long d = (long)places[i].token - (long)g->verb;
        d = d < 0 ? -d : d;
        if (distance < 0 || d < distance) {
            distance = d;
            best = places[i].place;
        }
    }
    return best;
}

/* Turns the sentence's token-level events into story events. */
static int add_events(const dyad_coder *c, dyad_story *s, scratch *w, uint32_t sentence_index,
                      const dyad_sentence *sent, uint32_t story_date)
{
    const dyad_parse *p = &w->parse;
    const dyad_token *tok = w->seg.tokens + sent->first_token;
    dyad_date_expr dates[8];
    size_t ndates = w->events.nevents
                        ? dyad_find_dates(w->cleaned.text, tok, sent->ntokens, story_date, dates, 8)
                        : 0;
    dyad_place_ref places[8];
    size_t nplaces = w->events.nevents ? dyad_find_places(c->gazetteer, w->cleaned.text, tok,
                                                          sent->ntokens, places, 8)
                                       : 0;
    for (size_t i = 0; i < w->events.nevents; i++) {
        const dyad_event *e = &w->events.events[i];
        const dyad_vgroup *g = &p->groups[e->group];
        if (dyad_grow((void **)&s->events, &w->events_cap, s->nevents + 1, sizeof *s->events))
            return -1;
        dyad_story_event *out = &s->events[s->nevents++];
        memset(out, 0, sizeof *out);
        out->sentence = sentence_index;
        out->source = actor_ref(c, s, w, tok, &p->mentions[e->source]);
        out->cameo = e->cameo;
        if (e->target >= 0)
            out->target = actor_ref(c, s, w, tok, &p->mentions[e->target]);
        else
            answer_target(s, out);
        out->cameo = e->cameo;
        const dyad_token *v = &tok[g->verb], *ve = &tok[g->end - 1];
        out->verb_text = dyad_arena_strndup(&s->arena, w->cleaned.text + v->start,
                                            ve->start + ve->len - v->start);
        out->verb_span = original_span(&w->cleaned, s->doc, v->start, ve->start + ve->len);
        out->pattern = e->pattern ? e->pattern->origin : NULL;
        out->block = e->block;
        if (p->speaker >= 0)
            out->speaker = actor_ref(c, s, w, tok, &p->mentions[p->speaker]).code;
        out->passive = g->passive;
        out->future = e->future;
        out->hypothetical = e->hypothetical;
        date_event(out, p, g, dates, ndates, story_date);
        out->location = place_of(p, g, places, nplaces);
        if (!out->source.text || (e->target >= 0 && !out->target.text) || !out->verb_text)
            return -1;
    }
    return 0;
}

/* One line per sentence for --trace: each token with what the dictionaries and the parser
 * made of it ("Turkey/A:TUR", "accused/V", "[m3" ... "]" around mention 3), then the verb
 * groups with their roles. */
static void trace_sentence(const dyad_coder *c, const char *text, const dyad_token *tok,
                           size_t n, const dyad_tokinfo *info, const dyad_parse *p)
{
    FILE *f = c->trace;
    for (size_t i = 0; i < n; i++) {
        int m = p->mention_at[i];
        if (m >= 0 && p->mentions[m].first == i)
            fprintf(f, "[m%d ", m);
        fprintf(f, "%.*s", (int)tok[i].len, text + tok[i].start);
        if (info[i].actor)
            fprintf(f, "/A%u", info[i].actor_len);
        if (info[i].agent)
            fprintf(f, "/G%u", info[i].agent_len);
        if (info[i].verb)
            fprintf(f, "/V%u.%x", info[i].verb_len, info[i].verb_forms);
        if (info[i].discard)
            fprintf(f, "/DISCARD");
        fputs(m >= 0 && p->mentions[m].last == i ? "] " : " ", f);
    }
    fputs(p->discarded ? "\n  discarded (a discard phrase or code, or too complex)\n" : "\n", f);
    for (size_t m = 0; m < p->nmentions; m++)
        fprintf(f, "  m%zu %s group %u%s\n", m, p->mentions[m].code ? p->mentions[m].code : "-",
                p->mentions[m].group, p->mentions[m].pronoun ? " pronoun" : "");
    for (size_t g = 0; g < p->ngroups; g++) {
        const dyad_vgroup *v = &p->groups[g];
        fprintf(f, "  verb %.*s: subject m%d object m%d by m%d place m%d, clause to token %u%s%s%s%s\n",
                (int)tok[v->verb].len, text + tok[v->verb].start, v->subject, v->object,
                v->by_agent, v->place, v->window_end, v->negated ? " negated" : "",
                v->passive ? " passive" : "", v->infinitive ? " infinitive" : "",
                v->reporting ? " reporting" : "");
    }
}

static int code_sentence(const dyad_coder *c, dyad_story *s, scratch *w, const dyad_sentence *sent,
                         uint32_t date)
{
    const dyad_token *tok = w->seg.tokens + sent->first_token;
    size_t n = sent->ntokens;
    if (dyad_grow((void **)&w->info, &w->info_cap, n, sizeof *w->info))
        return -1;
    const char *text = w->cleaned.text;
    dyad_match(c->dict, text, tok, n, w->info);
    if (dyad_parse_mentions(c->dict, text, tok, w->info, n, date, &s->arena, &w->parse) != 0 ||
        dyad_resolve(c->corefs, &w->memory, text, tok, w->info, n, &s->arena, &w->parse) != 0 ||
        (dyad_dict_petrarch(c->dict) &&
         dyad_petrarch_new_actors(&c->petrarch, text, tok, w->info, &s->arena, &w->parse) != 0) ||
        (dyad_dict_tabari(c->dict)
             ? dyad_tabari_roles(&c->tabari, c->dict, text, tok, w->info, n, date, &s->arena,
                                 &w->tabari_forward, &w->parse)
             : dyad_parse_roles(c->dict, text, tok, w->info, n, date, &s->arena, &w->parse)) != 0)
        return -1;
    if (c->trace)
        trace_sentence(c, text, tok, n, w->info, &w->parse);
    w->events.nevents = 0;
    enum dyad_targets targets = !dyad_dict_petrarch(c->dict) ? DYAD_TARGETS_OWN
                                : c->petrarch.require_dyad   ? DYAD_TARGETS_REQUIRED
                                                             : DYAD_TARGETS_OPTIONAL;
    if (dyad_code_sentence(c->dict, c->codes, &w->parse, n, targets, &s->arena, &w->events) != 0 ||
        add_events(c, s, w, (uint32_t)s->nsentences - 1, sent, date) != 0)
        return -1;
    const dyad_parse *p = &w->parse;
    dyad_story_sentence *ss = &s->sentences[s->nsentences - 1];
    if (p->speaker >= 0) {
        ss->speaker = actor_ref(c, s, w, tok, &p->mentions[p->speaker]);
        uint32_t named = p->mentions[p->speaker].named_in;
        ss->speaker_named_in = named ? named - 1 : (uint32_t)s->nsentences - 1;
    }
    return dyad_remember(&w->memory, text, tok, p, &s->arena);
}

/* The story sentence holding segment token k, or -1 (a boilerplate sentence). */
static int32_t sentence_of(const scratch *w, size_t k)
{
    for (size_t i = 0; i < w->seg.nsentences; i++) {
        const dyad_sentence *sn = &w->seg.sentences[i];
        if (k >= sn->first_token && k < sn->first_token + sn->ntokens)
            return w->story_sentence[i];
    }
    return -1;
}

/* Direct quotations: from an opening quotation mark to the next mark (a quotation left open
 * at the end of a paragraph ends there, as wire style continues it in the next one).  The
 * speaker is the one named by a sentence the quotation touches ("X said"), or, for a
 * quotation that names none, the speaker of the quotation just before it. */
static int extract_quotes(dyad_story *s, scratch *w)
{
    const dyad_token *t = w->seg.tokens;
    size_t n = w->seg.ntokens;
    const dyad_story_quote *previous = NULL;
    for (size_t k = 0; k < n; k++) {
        if (!(t[k].flags & DYAD_TF_OPENQ))
            continue;
        size_t j = k + 1;
        while (j < n && !(t[j].flags & DYAD_TF_QUOTE) &&
               !(j > k + 1 && !(t[j].flags & DYAD_TF_INQUOTE)))
            j++;
        if (j == k + 1)
            continue;
        int32_t first = sentence_of(w, k + 1), last = sentence_of(w, j - 1);
        if (first < 0 || last < 0)
            continue;
        if (dyad_grow((void **)&s->quotes, &w->quotes_cap, s->nquotes + 1, sizeof *s->quotes))
            return -1;
        dyad_story_quote *q = &s->quotes[s->nquotes++];
        memset(q, 0, sizeof *q);
        uint32_t a = t[k + 1].start, b = t[j - 1].start + t[j - 1].len;
        q->text = dyad_arena_strndup(&s->arena, w->cleaned.text + a, b - a);
        q->span = original_span(&w->cleaned, s->doc, a, b);
        q->sentence = (uint32_t)first;
        for (int32_t i = last; i >= first && !q->speaker.text; i--)
            if (s->sentences[i].speaker.text) {
                q->speaker = s->sentences[i].speaker;
                q->speaker_named_in = s->sentences[i].speaker_named_in;
            }
        if (!q->speaker.text && previous && q->sentence <= previous->sentence + 2) {
            q->speaker = previous->speaker;
            q->speaker_named_in = previous->speaker_named_in;
        }
        if (!q->text)
            return -1;
        previous = q;
        k = j;
    }
    return 0;
}

static int same_code(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* One event, one record: later reports of the same event (same dyad, same root code, same
 * date) become evidence of the first.  One sentence's events with different codes are
 * different events (a paired code's "044" and "045").  Without dedup every event is its
 * own evidence. */
static int deduplicate(dyad_story *s, int merge)
{
    size_t n = s->nevents;
    uint32_t *owner = dyad_arena_alloc(&s->arena, (n + 1) * sizeof *owner);
    uint32_t *sentences = dyad_arena_alloc(&s->arena, (n + 1) * sizeof *sentences);
    if (!owner || !sentences)
        return -1;
    for (size_t i = 0; i < n; i++) {
        const dyad_story_event *e = &s->events[i];
        owner[i] = (uint32_t)i;
        for (size_t k = 0; merge && k < i; k++) {
            const dyad_story_event *f = &s->events[k];
            if (owner[k] == k && same_code(f->source.code, e->source.code) &&
                same_code(f->target.code, e->target.code) &&
                strcmp(f->cameo->root, e->cameo->root) == 0 &&
                (f->sentence != e->sentence || strcmp(f->cameo->code, e->cameo->code) == 0) &&
                (!f->dated || !e->dated || strcmp(f->event_date, e->event_date) == 0)) {
                owner[i] = (uint32_t)k;
                break;
            }
        }
    }
    /* evidence lists, each owner's members in order, packed into one array */
    size_t used = 0, kept = 0;
    for (size_t k = 0; k < n; k++) {
        if (owner[k] != k)
            continue;
        uint32_t *list = sentences + used;
        size_t count = 0;
        for (size_t i = k; i < n; i++)
            if (owner[i] == k)
                list[count++] = s->events[i].sentence;
        used += count;
        s->events[kept] = s->events[k];
        s->events[kept].evidence = list;
        s->events[kept].nevidence = count;
        kept++;
    }
    s->nevents = kept;
    return 0;
}

static void release(dyad_story *s)
{
    dyad_arena_reset(&s->arena);
    s->nsentences = s->nevents = s->nquotes = 0;
    s->dateline = NULL;
    s->invalid_utf8 = s->dropped_lines = s->boilerplate_sentences = 0;
}

int dyad_code_story(const dyad_coder *c, const dyad_doc *doc, dyad_story *s, char *err,
                    size_t errlen)
{
    if (!s->scratch && !(s->scratch = calloc(1, sizeof(scratch)))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    scratch *w = s->scratch;
    release(s);
    s->doc = doc;
    dyad_memory_reset(&w->memory);
    w->tabari_forward = NULL;
    story_date(c, doc, s->date);
    uint32_t date = date_number(s->date);
    dyad_cleaned_free(&w->cleaned);
    if (dyad_clean(c->cleaner, doc->text, doc->len, doc->headline_len, &w->cleaned) != 0 ||
        dyad_segment(c->abbrevs, w->cleaned.text, w->cleaned.len, w->cleaned.headline_len,
                     doc->is_sentence, &w->seg) != 0)
        goto oom;
    s->dateline = w->cleaned.dateline;
    s->invalid_utf8 = w->cleaned.invalid_utf8;
    s->dropped_lines = w->cleaned.dropped_lines;
    if (dyad_grow((void **)&w->story_sentence, &w->story_sentence_cap, w->seg.nsentences + 1,
             sizeof *w->story_sentence))
        goto oom;
    for (size_t i = 0; i < w->seg.nsentences; i++) {
        const dyad_sentence *sent = &w->seg.sentences[i];
        const char *text = w->cleaned.text + sent->start;
        size_t len = sent->end - sent->start;
        w->story_sentence[i] = -1;
        if (dyad_is_boilerplate(c->cleaner, text, len)) {
            s->boilerplate_sentences++;
            continue;
        }
        w->story_sentence[i] = (int32_t)s->nsentences;
        if (dyad_grow((void **)&s->sentences, &w->sentences_cap, s->nsentences + 1,
                 sizeof *s->sentences))
            goto oom;
        dyad_story_sentence *out = &s->sentences[s->nsentences++];
        memset(out, 0, sizeof *out);
        out->text = dyad_arena_strndup(&s->arena, text, len);
        out->span = original_span(&w->cleaned, s->doc, sent->start, sent->end);
        out->headline = sent->headline;
        if (!out->text || code_sentence(c, s, w, sent, date) != 0)
            goto oom;
    }
    if (extract_quotes(s, w) != 0 || deduplicate(s, !c->no_dedup) != 0)
        goto oom;
    return 0;
oom:
    snprintf(err, errlen, "out of memory");
    return -1;
}

void dyad_story_free(dyad_story *s)
{
    scratch *w = s->scratch;
    if (w) {
        dyad_cleaned_free(&w->cleaned);
        dyad_segments_free(&w->seg);
        free(w->info);
        dyad_parse_free(&w->parse);
        dyad_events_free(&w->events);
        dyad_memory_free(&w->memory);
        free(w->story_sentence);
        free(w);
    }
    free(s->sentences);
    free(s->events);
    free(s->quotes);
    dyad_arena_free(&s->arena);
    memset(s, 0, sizeof *s);
}
