/* read — the first stage: documents from files, directories and stdin.
 *
 * A document is one news story (or, for PETRARCH XML and other per-sentence formats, one
 * pre-split sentence).  Readers stream: only the current document is in memory, so a
 * multi-gigabyte JSONL file codes in constant memory.
 *
 * Formats:
 *   text   one story per file (none for an empty or blank file).  The first line is a
 *          headline when a blank line follows it.
 *   jsonl  one JSON object per line: id, date, source, url, title, text (all optional but
 *          text; unknown keys ignored).  Blank lines are skipped.
 *   xml    PETRARCH XML: <Sentences><Sentence date="YYYYMMDD" id=".." source=".."><Text>
 *          ..</Text>[<Parse>..</Parse>]</Sentence>...  Each <Sentence> is one document with
 *          `is_sentence` set; <Parse> is ignored.
 *
 * Story text: for a plain-text file, the file's bytes exactly.  For a record with a title,
 * the title, a blank line ("\n\n"), then the text — so spans are offsets into that string
 * and `headline_len` says how much of it is headline.
 *
 * Errors: a record that cannot be read (bad JSON, missing text, bad date, unterminated XML
 * element) is reported through `err` with its origin and record number and skipped; the
 * reader continues with the next record.  Only I/O errors end a stream. */
#ifndef DYAD_READ_H
#define DYAD_READ_H
#include <stddef.h>

typedef enum {
    DYAD_INPUT_AUTO,   /* by file extension (.jsonl/.json/.ndjson, .xml), else sniff stdin */
    DYAD_INPUT_TEXT,
    DYAD_INPUT_JSONL,
    DYAD_INPUT_XML
} dyad_input_format;

typedef struct dyad_doc {
    char *id;            /* record id; else the file's base name without extension; else
                            "stdin" — never NULL */
    char *date;          /* "YYYY-MM-DD" (normalised from YYYYMMDD too), or NULL */
    char *source;        /* publisher, or NULL */
    char *url;           /* or NULL */
    char *text;          /* NUL-terminated story text (see above); never NULL */
    size_t len;          /* bytes in text */
    size_t headline_len; /* leading bytes of text that are the headline; 0 when none */
    int is_sentence;     /* 1 when the record is a single pre-split sentence (PETRARCH XML) */
    const char *origin;  /* file name or "-" for stdin; owned by the reader */
    long record;         /* 1-based record number (JSONL line, XML <Sentence>, 1 for text) */
} dyad_doc;

typedef struct dyad_reader dyad_reader;

/* Opens `path` ("-" or NULL for stdin).  Returns NULL and writes a message to err on
 * failure (file missing, unreadable). */
dyad_reader *dyad_reader_open(const char *path, dyad_input_format format, char *err,
                              size_t errlen);

/* Reads the next document into *doc (which the caller frees with dyad_doc_free).
 * Returns 1 when a document was read, 0 at the end of the stream, -1 when a record was
 * malformed: err then holds "origin:record: id ID: why" and the caller may call again to go
 * on with the next record; -2 on an I/O error that ends the stream (err says why). */
int dyad_reader_next(dyad_reader *r, dyad_doc *doc, char *err, size_t errlen);

/* Reads documents from buf[0..len) (copied), as though from a file named `origin` (NULL:
 * "memory"), for tests and fuzzing.  DYAD_INPUT_AUTO sniffs the content as for stdin.
 * Returns NULL when out of memory or fmt is not one of the formats. */
dyad_reader *dyad_reader_open_memory(const char *buf, size_t len, const char *origin,
                                     dyad_input_format fmt);

void dyad_reader_close(dyad_reader *r);
void dyad_doc_free(dyad_doc *doc);

/* Expands command-line operands into the list of input files: files as given, directories
 * walked recursively in byte order of their names (hidden entries skipped), so runs are
 * deterministic.  Returns the count (and *out, freed with dyad_free_inputs), or -1 with err
 * set when an operand does not exist. */
int dyad_list_inputs(char *const *operands, int n, char ***out, char *err, size_t errlen);
void dyad_free_inputs(char **files, int n);

/* Parses the format names used by --input: "auto", "text", "jsonl", "xml".  -1 if unknown. */
int dyad_input_format_parse(const char *name);

#endif
