/* output — see output.h.  Phoenix TSV follows the column order of the Phoenix dataset
 * (EventID Date Year Month Day SourceActorFull SourceActorEntity SourceActorRole
 * SourceActorAttribute TargetActorFull ... EventCode EventRootCode PentaClass GoldsteinScore
 * Issues Lat Lon LocationName StateName CountryCode SentenceID URLs NewsSources) so
 * existing Phoenix readers load it. */
#include "output.h"
#include <string.h>

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

void dyad_json_string(FILE *f, const char *str)
{
    const unsigned char *s = (const unsigned char *)(str ? str : "");
    putc('"', f);
    while (*s) {
        unsigned char c = *s;
        if (c == '"' || c == '\\') {
            putc('\\', f);
            putc(c, f);
            s++;
        } else if (c < 0x20) {
            const char *esc = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" : NULL;
            if (esc)
                fputs(esc, f);
            else
                fprintf(f, "\\u%04x", c);
            s++;
        } else {
            size_t n = utf8_len(s);
            if (n == 0) {
                fputs("\\ufffd", f);
                s++;
            } else {
                fwrite(s, 1, n, f);
                s += n;
            }
        }
    }
    putc('"', f);
}

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

static void sentence_id(const dyad_story *s, const dyad_story_event *e, char *buf, size_t cap)
{
    if (s->doc->is_sentence)
        snprintf(buf, cap, "%s", s->doc->id);
    else
        snprintf(buf, cap, "%s-%u", s->doc->id, e->sentence + 1);
}

static void json_actor(FILE *f, const char *key, const dyad_actor_ref *a)
{
    if (!a->code) {
        fprintf(f, "\"%s\":null", key);
        return;
    }
    fprintf(f, "\"%s\":{\"code\":", key);
    dyad_json_string(f, a->code);
    fputs(",\"country\":", f);
    dyad_json_string(f, a->country);
    fputs(",\"sector\":", f);
    dyad_json_string(f, a->sector);
    fputs(",\"text\":", f);
    dyad_json_string(f, a->text);
    fprintf(f, ",\"span\":[%u,%u]}", a->span.start, a->span.end);
}

static const char *mode(const dyad_story_event *e)
{
    return e->hypothetical ? "hypothetical" : e->future ? "future" : "asserted";
}

static void write_jsonl(FILE *f, const dyad_story *s, const dyad_story_event *e, int explain)
{
    char sid[512], stid[512];
    sentence_id(s, e, sid, sizeof sid);
    const dyad_cameo_code *c = e->cameo;
    fputs("{\"story_id\":", f);
    dyad_json_string(f, story_id(s, stid, sizeof stid));
    fputs(",\"sentence_id\":", f);
    dyad_json_string(f, sid);
    fprintf(f, ",\"sentence_index\":%u,\"headline\":%s,\"sentence_text\":", e->sentence + 1,
            s->sentences[e->sentence].headline ? "true" : "false");
    dyad_json_string(f, s->sentences[e->sentence].text);
    fputs(",\"date\":", f);
    dyad_json_string(f, s->date);
    fputc(',', f);
    json_actor(f, "source", &e->source);
    fputc(',', f);
    json_actor(f, "target", &e->target);
    fputs(",\"source_code\":", f);
    dyad_json_string(f, e->source.code);
    fputs(",\"target_code\":", f);
    if (e->target.code)
        dyad_json_string(f, e->target.code);
    else
        fputs("null", f);
    fprintf(f, ",\"code\":\"%s\",\"root\":\"%s\",\"name\":", c->code, c->root);
    dyad_json_string(f, c->name);
    fprintf(f, ",\"quad_class\":%d,\"goldstein\":%.1f,\"plover\":{\"type\":", c->quad_class,
            c->goldstein);
    dyad_json_string(f, c->plover_type);
    fputs(",\"mode\":", f);
    dyad_json_string(f, c->plover_mode);
    fputs(",\"context\":", f);
    dyad_json_string(f, c->plover_context);
    fputs("},\"verb\":{\"text\":", f);
    dyad_json_string(f, e->verb_text);
    fprintf(f, ",\"span\":[%u,%u]},\"mode\":\"%s\",\"passive\":%s", e->verb_span.start,
            e->verb_span.end, mode(e), e->passive ? "true" : "false");
    if (e->speaker) {
        fputs(",\"speaker\":", f);
        dyad_json_string(f, e->speaker);
    }
    if (s->doc->source) {
        fputs(",\"publisher\":", f);
        dyad_json_string(f, s->doc->source);
    }
    if (s->doc->url) {
        fputs(",\"url\":", f);
        dyad_json_string(f, s->doc->url);
    }
    if (explain) {
        fputs(",\"explain\":{\"block\":", f);
        dyad_json_string(f, e->block);
        fputs(",\"pattern\":", f);
        if (e->pattern)
            dyad_json_string(f, e->pattern);
        else
            fputs("null", f);
        fputs(",\"rule\":", f);
        dyad_json_string(f, e->pattern ? "verb pattern" : "bare verb");
        fputs(",\"roles\":", f);
        dyad_json_string(f, e->passive ? "passive: source from by-phrase, target is the subject"
                                       : "subject is source, object is target");
        fputs("}", f);
    }
    fputs("}\n", f);
}

/* Phoenix splits actor codes into entity (country or IGO), role and attribute. */
static void phoenix_actor(FILE *f, const dyad_actor_ref *a)
{
    const char *code = a->code ? a->code : "";
    size_t n = strlen(code);
    char entity[4] = "", role[4] = "";
    if (n >= 3)
        memcpy(entity, code, 3);
    if (n >= 6)
        memcpy(role, code + 3, 3);
    fprintf(f, "%s\t%s\t%s\t%s\t", code, a->country[0] ? a->country : entity, role,
            n > 6 ? code + 6 : "");
}

static int penta_class(const char *root)
{
    int r = (root[0] - '0') * 10 + (root[1] - '0');
    return r <= 2 ? 0 : r <= 5 ? 1 : r <= 9 ? 2 : r <= 14 ? 3 : 4;
}

static void csv_field(FILE *f, const char *s)
{
    putc('"', f);
    for (; s && *s; s++) {
        if (*s == '"')
            putc('"', f);
        putc(*s == '\n' ? ' ' : *s, f);
    }
    putc('"', f);
}

static void tsv_field(FILE *f, const char *s)
{
    for (; s && *s; s++)
        putc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static void write_tsv(FILE *f, const dyad_story *s, const dyad_story_event *e)
{
    char sid[512], ymd[9] = "";
    sentence_id(s, e, sid, sizeof sid);
    if (s->date[0]) {
        memcpy(ymd, s->date, 4);
        memcpy(ymd + 4, s->date + 5, 2);
        memcpy(ymd + 6, s->date + 8, 2);
    }
    fprintf(f, "%s-%zu\t%s\t%.4s\t%.2s\t%.2s\t", sid, (size_t)(e - s->events), ymd, s->date,
            s->date + 5, s->date + 8);
    phoenix_actor(f, &e->source);
    phoenix_actor(f, &e->target);
    fprintf(f, "%s\t%s\t%d\t%.1f\t\t\t\t\t\t\t%s\t", e->cameo->code, e->cameo->root,
            penta_class(e->cameo->root), e->cameo->goldstein, sid);
    tsv_field(f, s->doc->url);
    putc('\t', f);
    tsv_field(f, s->doc->source);
    putc('\n', f);
}

static void write_csv(FILE *f, const dyad_story *s, const dyad_story_event *e)
{
    char sid[512], stid[512];
    sentence_id(s, e, sid, sizeof sid);
    const dyad_cameo_code *c = e->cameo;
    csv_field(f, story_id(s, stid, sizeof stid));
    putc(',', f);
    csv_field(f, sid);
    fprintf(f, ",%s,", s->date);
    csv_field(f, e->source.code);
    putc(',', f);
    csv_field(f, e->target.code);
    fprintf(f, ",%s,%s,", c->code, c->root);
    csv_field(f, c->name);
    fprintf(f, ",%d,%.1f,%s,", c->quad_class, c->goldstein, c->plover_type);
    csv_field(f, e->source.text);
    putc(',', f);
    csv_field(f, e->target.text);
    putc(',', f);
    csv_field(f, e->verb_text);
    putc(',', f);
    csv_field(f, s->sentences[e->sentence].text);
    putc('\n', f);
}

void dyad_write_header(FILE *f, dyad_out_format fmt)
{
    if (fmt == DYAD_OUT_CSV)
        fputs("story_id,sentence_id,date,source_code,target_code,code,root,name,quad_class,"
              "goldstein,plover_type,source_text,target_text,verb_text,sentence_text\n",
              f);
}

void dyad_write_event(FILE *f, const dyad_story *s, size_t i, dyad_out_format fmt, int explain)
{
    const dyad_story_event *e = &s->events[i];
    if (fmt == DYAD_OUT_JSONL)
        write_jsonl(f, s, e, explain);
    else if (fmt == DYAD_OUT_TSV)
        write_tsv(f, s, e);
    else
        write_csv(f, s, e);
}

void dyad_write_story(FILE *f, const dyad_story *s, dyad_out_format fmt, int explain)
{
    for (size_t i = 0; i < s->nevents; i++)
        dyad_write_event(f, s, i, fmt, explain);
}
