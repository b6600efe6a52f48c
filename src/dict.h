/* dict — the dictionaries in memory: actors, agents, verbs and their patterns, discards, and
 * the closed word classes the parser needs.
 *
 * Files are in the formats of docs/dictionaries.md; the kind of a file comes from its
 * extension (.actors .agents .verbs .discards .issues .words .irregular), PETRARCH's
 * ".verbs.txt" style included, or from a "KIND=PATH" name.  TABARI and PETRARCH files are
 * recognised by name and content and read with their own syntax; what dyad does not
 * implement of it becomes a warning naming file:line, never an error or a silent drop.  Every phrase of every
 * kind goes into one token trie: a node per (parent, word id) pair, held in one hash table,
 * so matching a sentence is one walk per token position whatever the dictionary size.
 *
 * A dyad_dict is built once, then only read: worker threads share it without locks. */
#ifndef DYAD_DICT_H
#define DYAD_DICT_H
#include <stddef.h>
#include <stdint.h>

/* Closed word classes (data/grammar.words). */
enum dyad_word_class {
    DYAD_WC_BE = 1u << 0,           /* is, was, been, being ... */
    DYAD_WC_HAVE = 1u << 1,
    DYAD_WC_DO = 1u << 2,
    DYAD_WC_MODAL = 1u << 3,        /* will, would, could, may, must ... */
    DYAD_WC_NEGATION = 1u << 4,     /* not, n't, never, no */
    DYAD_WC_DETERMINER = 1u << 5,   /* the, a, its, their, this ... */
    DYAD_WC_PRONOUN = 1u << 6,      /* he, she, it, they ... */
    DYAD_WC_PREPOSITION = 1u << 7,
    DYAD_WC_CONJUNCTION = 1u << 8,  /* and, or, but */
    DYAD_WC_SUBORDINATOR = 1u << 9, /* because, after, while, although, if ... */
    DYAD_WC_RELATIVE = 1u << 10,    /* who, which, that, whose */
    DYAD_WC_REPORTING = 1u << 11,   /* said, says, told, added ... */
    DYAD_WC_ADVERB = 1u << 12,      /* adverbs that sit inside verb groups: also, later ... */
    DYAD_WC_FUTURE = 1u << 13,      /* modals that make an event future: will, would, shall */
    DYAD_WC_HYPOTHETICAL = 1u << 14,/* could, might, may, if */
    DYAD_WC_TIME = 1u << 15,        /* weekday and time words: Monday, yesterday ... */
    DYAD_WC_ATTRIBUTION = 1u << 16, /* according */
    DYAD_WC_QUOTE_VERB = 1u << 17   /* quoted (as in "quoted X as saying") */
};

/* Verb form bits: one surface may be several forms ("put", "cut"). */
enum dyad_verb_form {
    DYAD_VF_BASE = 1,
    DYAD_VF_S = 2,
    DYAD_VF_PAST = 4,
    DYAD_VF_PARTICIPLE = 8,
    DYAD_VF_ING = 16
};

/* Pattern elements. */
enum dyad_elem_type {
    DYAD_EL_VERB = 1, /* '*' */
    DYAD_EL_TARGET,   /* '+' */
    DYAD_EL_SOURCE,   /* '$' */
    DYAD_EL_WORDS,    /* a word, a synonym set or { alternatives } */
    DYAD_EL_COMPOUND, /* '%': coordinated actors, source and target of each other */
    DYAD_EL_SKIP      /* '^': an actor passed over */
};

typedef struct dyad_elem {
    uint8_t type;      /* enum dyad_elem_type */
    uint8_t adjacent;  /* must directly follow the previous element */
    uint32_t phrases;  /* DYAD_EL_WORDS: index of its phrase set */
} dyad_elem;

typedef struct dyad_pattern {
    uint32_t first_elem, nelems;
    uint32_t verb_at;     /* index of the '*' element within the pattern */
    const char *code;     /* "1122", or NULL for [---] */
    const char *origin;   /* "file:line", for --explain */
    uint8_t names_negation; /* a NOT/NEVER element before '*' */
    uint64_t need;        /* bit (set % 64) of each phrase set it needs: a sentence lacking
                           * one of them cannot match it (one AND instead of a scan) */
} dyad_pattern;

typedef struct dyad_block {
    const char *label;
    const char *code;     /* the bare verb's code, or NULL */
    uint32_t first_pattern, npatterns;
} dyad_block;

#define DYAD_MAX_VERB_BLOCKS 4
typedef struct dyad_verb {
    uint32_t base_word;              /* interned base form */
    const char *code;                /* its own bare code; NULL: the first block's */
    int has_own_code;
    uint32_t blocks[DYAD_MAX_VERB_BLOCKS];
    uint32_t nblocks;
    const char *origin;
} dyad_verb;

typedef struct dyad_restriction {
    uint32_t from, to;    /* YYYYMMDD inclusive; 0 and 99999999 for open ends */
    const char *code;
} dyad_restriction;

typedef struct dyad_actor {
    const char *code;                /* default code, or NULL */
    uint32_t first_restriction, nrestrictions;
    const char *origin;
} dyad_actor;

typedef struct dyad_agent {
    const char *code;     /* role code such as "GOV" or "GOVMIL" */
    const char *origin;
    uint8_t prefix;       /* "[NGO~]": the code goes before the actor's (NGOARN) */
} dyad_agent;

/* What a trie node means: indexes + 1 into the arrays below, 0 for none. */
typedef struct dyad_node {
    uint32_t actor, agent, verb, discard; /* discard: 1, or DYAD_DISCARD_VERB */
    uint8_t verb_forms;   /* enum dyad_verb_form bits when verb != 0 */
    uint8_t verb_listed;  /* the verb is written so in its file, not an inflection */
    uint8_t gap;          /* TABARI "ITHILEN TELEVISION": other words may come before this
                           * word of the phrase ("Ithilen state-run television") */
    uint8_t depth;        /* number of words from the root */
    uint8_t gap_after;    /* some child is marked `gap`: try skipping words after this one */
    uint8_t stem;         /* TABARI wrote this word as a stem here: a longer token that
                           * starts with it reaches the node ("accused" for ACCUS) */
} dyad_node;

typedef struct dyad_dict dyad_dict;

/* A discard phrase from a .verbs file ("SOCCER [###]"): it discards its sentence only where
 * it is read as a verb. */
#define DYAD_DISCARD_VERB 2

dyad_dict *dyad_dict_new(void);
void dyad_dict_free(dyad_dict *d);

/* Loads one file held in memory; its kind comes from `name` (see dyad_dict_kind_of).
 * Returns 0, or -1 with "name:line: why" in err.  Load .words and .irregular before .verbs. */
int dyad_dict_load(dyad_dict *d, const char *text, size_t len, const char *name, char *err,
                   size_t errlen);

/* Loads a file from disk (same rules). */
int dyad_dict_load_file(dyad_dict *d, const char *path, char *err, size_t errlen);

/* The kinds of dictionary file, in the order they must be loaded (.verbs needs .words and
 * .irregular first). */
#define DYAD_DICT_NKINDS 7
extern const char *const dyad_dict_kinds[DYAD_DICT_NKINDS];

/* The kind of the file `spec` names, as an element of dyad_dict_kinds (compare pointers),
 * with the file's path in *path: "verbs=CAMEO.2.0.txt" (a kind without its dot), else the
 * extension ("x.verbs"), else the extension before ".txt" ("PETR.Validate.verbs.txt").
 * NULL when the kind cannot be told. */
const char *dyad_dict_kind_of(const char *spec, const char **path);

/* Loads the built-in files of one kind (".actors"...). */
int dyad_dict_load_builtin(dyad_dict *d, const char *kind, char *err, size_t errlen);

/* Is a file of this kind (".actors"...) loaded, built-in or not? */
int dyad_dict_holds(const dyad_dict *d, const char *kind);

/* Builds the lookup indexes after the last file is loaded; -1 when out of memory. */
int dyad_dict_finish(dyad_dict *d);

/* Lookups used while coding. */
uint32_t dyad_dict_word(const dyad_dict *d, const char *s, size_t len); /* 0: unknown */
uint32_t dyad_dict_word_count(const dyad_dict *d);
size_t dyad_dict_set_count(const dyad_dict *d);                          /* phrase sets */
size_t dyad_dict_set_size(const dyad_dict *d, uint32_t set);              /* its phrases */
int dyad_dict_has_stems(const dyad_dict *d);              /* TABARI/PETRARCH stems loaded */
int dyad_dict_has_gaps(const dyad_dict *d);               /* blank-joined actor phrases: words may come between */
int dyad_dict_petrarch(const dyad_dict *d); /* a PETRARCH file is loaded */
int dyad_dict_tabari(const dyad_dict *d);
/* TABARI's <NOUN> and <ADJECTIVE> lists (which keep "sheep and goats" from splitting a
 * clause and nouns from being read as verbs). */
enum { DYAD_TABARI_NOUN = 1, DYAD_TABARI_ADJECTIVE = 2 };
int dyad_dict_tabari_pos(const dyad_dict *d, uint32_t word);  /* TABARI verbs loaded: their patterns assume
                                              TABARI's clause rules (see tabari.h) */
/* Does the word match as a prefix ("RESTOR" for "restored")?  DYAD_STEM_PHRASE: in actor,
 * agent and verb phrases; DYAD_STEM_PATTERN: in verb patterns (TABARI keeps them apart:
 * the pattern word BAN is a stem where the verb BAN= is not). */
enum { DYAD_STEM_PHRASE = 1, DYAD_STEM_PATTERN = 2 };
int dyad_dict_is_stem(const dyad_dict *d, uint32_t word);
uint32_t dyad_dict_classes(const dyad_dict *d, uint32_t word);          /* dyad_word_class */
uint32_t dyad_dict_child(const dyad_dict *d, uint32_t node, uint32_t word); /* 0: none */
const dyad_node *dyad_dict_node(const dyad_dict *d, uint32_t node);     /* root is 0 */
/* Does a phrase set match at words[0..n)?  stems (NULL, or two word ids per token, 0 for
 * none) are the dictionary stems each token starts with, which match as the word would. */
int dyad_dict_inflects(const dyad_dict *d, uint32_t phrases, const uint32_t *words,
                       const uint32_t *stems, size_t n, size_t *matched);

/* Every word id that can start a phrase of a phrase set (for cheap pre-filtering). */
const uint32_t *dyad_dict_set_first_words(const dyad_dict *d, uint32_t set, size_t *n);

/* The other way round: every phrase set that has a phrase `word` can start, ascending, so a
 * pre-filter can go from a sentence's words to the sets they make possible.  Needs
 * dyad_dict_finish (before it, and for unknown words, n is 0). */
const uint32_t *dyad_dict_word_sets(const dyad_dict *d, uint32_t word, size_t *n);

const dyad_actor *dyad_dict_actor(const dyad_dict *d, uint32_t i);   /* i from dyad_node */
const dyad_agent *dyad_dict_agent(const dyad_dict *d, uint32_t i);
const dyad_verb *dyad_dict_verb(const dyad_dict *d, uint32_t i);
const dyad_block *dyad_dict_block(const dyad_dict *d, uint32_t i);
const dyad_pattern *dyad_dict_pattern(const dyad_dict *d, uint32_t i);
const dyad_elem *dyad_dict_elem(const dyad_dict *d, uint32_t i);
const dyad_restriction *dyad_dict_restriction(const dyad_dict *d, uint32_t i);
const char *dyad_dict_word_text(const dyad_dict *d, uint32_t word);

/* The actor's code on a date (YYYYMMDD; 0 = unknown date, which takes the primary code,
 * or the open-ended restriction when there is no primary code). NULL: codes nothing then. */
const char *dyad_actor_code_on(const dyad_dict *d, const dyad_actor *a, uint32_t date);

/* Sizes, for `dyad dict` and the notes: phrases per kind. */
typedef struct dyad_dict_stats {
    size_t actors, actor_phrases, agents, agent_phrases, verbs, verb_forms, blocks, patterns,
        discards, words, nodes;
} dyad_dict_stats;
void dyad_dict_get_stats(const dyad_dict *d, dyad_dict_stats *s);

/* Warnings collected while loading (duplicates across files and the like). */
size_t dyad_dict_nwarnings(const dyad_dict *d);
/* Adds a warning ("file:line: why") about a file that goes with the dictionaries. */
void dyad_dict_warn(dyad_dict *d, const char *message);
const char *dyad_dict_warning(const dyad_dict *d, size_t i);

/* Compiled images (dictimage.c): a finished dictionary as one flat file that loads with
 * no parsing, only checks and pointer fix-ups.  The file records the format version, the
 * byte order, the layout of the structs and a checksum, and a hash of every text it was
 * compiled from; an image whose built-in texts differ from this binary's, or whose files
 * still exist and have changed since, is stale.  A dictionary loaded from an image is
 * read-only: dyad_dict_load on it fails. */

/* The image bytes of a finished dictionary (malloc'd, *len bytes); NULL when out of memory
 * or not finished. */
void *dyad_dict_image(const dyad_dict *d, size_t *len);

/* Writes the image to path; -1 with "path: why" in err. */
int dyad_dict_save_image(const dyad_dict *d, const char *path, char *err, size_t errlen);

/* The dictionary an image holds, or NULL with "name: why" in err: not an image, another
 * version or byte order, truncated, corrupt, stale, or out of memory.  From memory, the
 * bytes are copied. */
dyad_dict *dyad_dict_load_image(const char *path, char *err, size_t errlen);
dyad_dict *dyad_dict_image_from_memory(const void *data, size_t len, const char *name,
                                       char *err, size_t errlen);

/* The path of an image that `spec` names ("x.dyc", "image=PATH"), or NULL. */
const char *dyad_dict_image_path(const char *spec);

#endif
