/* Fuzz target: the compiled dictionary image reader.  Random bytes seldom get past the
 * header and the checksum, so the input mostly describes damage to a real image: the first
 * byte picks the mode, the rest are patches (4 bytes of offset, 1 byte to xor in).
 *   bit 0: forge the checksum after patching, so that the structural checks are what
 *          stands between the damage and the lookups;
 *   bit 1: cut the image at the offset of the first patch;
 *   bit 2: the rest of the input is the whole image, as it is.
 * Whatever loads is walked through the lookups the coder uses; whatever does not must say
 * so naming the file. */
#include "dict.h"
#include "dict_internal.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *base;
static size_t base_len;

static void make_base(void)
{
    static const char irregular[] = "meet met met\nseek sought sought\n";
    static const char actors[] = "TURKEY [TUR]\n+REPUBLIC_OF_TURKEY\nRECEP_TAYYIP_ERDOGAN [TURELI]\n"
                                 "+ERDOGAN\n    [TURGOV 20030314-20140828]\n\t[TURGOV >20140828]\n"
                                 "UNITED_NATIONS [IGOUNO]\n";
    static const char agents[] = "PRESIDENT [GOV]\nREBEL [REB]\n";
    static const char verbs[] = "&ABUSE\n+TORTURE\n+HUMAN_RIGHTS_ABUSE\n--- ACCUSE [112] ---\n"
                                "ACCUSE\n- * + OF &ABUSE [1122]\n- NOT * [---]\n--- MEET [040] ---\n"
                                "MEET\n- * WITH + [042]\n";
    static const char discards[] = "WORLD CUP\n";
    char err[512];
    dyad_dict *d = dyad_dict_new();
    if (!d || dyad_dict_load_builtin(d, ".words", err, sizeof err) != 0 ||
        dyad_dict_load(d, irregular, sizeof irregular - 1, "f.irregular", err, sizeof err) ||
        dyad_dict_load(d, actors, sizeof actors - 1, "f.actors", err, sizeof err) ||
        dyad_dict_load(d, agents, sizeof agents - 1, "f.agents", err, sizeof err) ||
        dyad_dict_load(d, verbs, sizeof verbs - 1, "f.verbs", err, sizeof err) ||
        dyad_dict_load(d, discards, sizeof discards - 1, "f.discards", err, sizeof err) ||
        dyad_dict_finish(d) != 0 || !(base = dyad_dict_image(d, &base_len))) {
        fprintf(stderr, "fuzz_image: no base image\n");
        abort();
    }
    dyad_dict_free(d);
}

static size_t sink;

static void touch(const char *s)
{
    sink += s ? strlen(s) : 0;
}

/* Every lookup of dict.h that takes an index the dictionary itself handed out. */
static void walk(const dyad_dict *d)
{
    dyad_dict_stats st;
    dyad_dict_get_stats(d, &st);
    for (size_t i = 0; i < dyad_dict_nwarnings(d); i++)
        touch(dyad_dict_warning(d, i));
    uint32_t words[4] = {0}, stems[8] = {0};
    for (uint32_t w = 1; w <= st.words; w++) {
        touch(dyad_dict_word_text(d, w));
        sink += dyad_dict_classes(d, w) + (size_t)dyad_dict_is_stem(d, w) +
                (size_t)dyad_dict_tabari_pos(d, w);
        words[w % 4] = w;
        stems[w % 8] = w;
        size_t n;
        const uint32_t *sets = dyad_dict_word_sets(d, w, &n);
        for (size_t k = 0; k < n; k++) {
            size_t matched;
            sink += (size_t)dyad_dict_inflects(d, sets[k], words, stems, 4, &matched);
            dyad_dict_set_first_words(d, sets[k], &matched);
        }
        for (uint32_t node = dyad_dict_child(d, 0, w), k = 0; node && k < 4;
             node = dyad_dict_child(d, node, words[k++])) {
            const dyad_node *nd = dyad_dict_node(d, node);
            if (nd->actor) {
                const dyad_actor *a = dyad_dict_actor(d, nd->actor);
                touch(dyad_actor_code_on(d, a, 20200101));
                touch(dyad_actor_code_on(d, a, 0));
                touch(a->origin);
            }
            if (nd->agent)
                touch(dyad_dict_agent(d, nd->agent)->code);
            if (!nd->verb)
                continue;
            const dyad_verb *v = dyad_dict_verb(d, nd->verb);
            touch(v->code);
            touch(dyad_dict_word_text(d, v->base_word));
            for (uint32_t b = 0; b < v->nblocks; b++) {
                const dyad_block *bl = dyad_dict_block(d, v->blocks[b]);
                touch(bl->label);
                for (uint32_t p = 0; p < bl->npatterns; p++) {
                    const dyad_pattern *pt = dyad_dict_pattern(d, bl->first_pattern + p);
                    touch(pt->origin);
                    for (uint32_t e = 0; e < pt->nelems; e++)
                        sink += dyad_dict_elem(d, pt->first_elem + e)->phrases;
                }
            }
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!base)
        make_base();
    if (size == 0)
        return 0;
    uint8_t mode = data[0];
    char err[512];
    dyad_dict *d;
    if (mode & 4) {
        d = dyad_dict_image_from_memory(data + 1, size - 1, "f.dyc", err, sizeof err);
    } else {
        unsigned char *img = malloc(base_len);
        if (!img)
            return 0;
        memcpy(img, base, base_len);
        size_t len = base_len;
        for (size_t i = 1; i + 5 <= size; i += 5) {
            uint32_t at;
            memcpy(&at, data + i, 4);
            at %= (uint32_t)base_len;
            if (i == 1 && (mode & 2))
                len = at;
            img[at] ^= data[i + 4];
        }
        if (mode & 1)
            dyad_dict_image_seal(img, len);
        d = dyad_dict_image_from_memory(img, len, "f.dyc", err, sizeof err);
        free(img);
    }
    if (d) {
        walk(d);
        dyad_dict_free(d);
    } else if (strncmp(err, "f.dyc: ", 7) != 0) {
        fprintf(stderr, "error without file name: %s\n", err);
        __builtin_trap();
    }
    return 0;
}
