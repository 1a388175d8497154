/*
 * A streaming JSON writer for model rows, over a FILE* it is handed (it
 * never opens, closes or seeks anything).
 *
 * A list is one array of objects, one object per line, written as the rows
 * arrive so that no list is ever held whole in memory:
 *
 *     struct export_json w;
 *     export_json_init(&w, stdout);
 *     export_json_begin_array(&w, e);
 *     for each page, for each row: export_json_row(&w, t, &row, false, e);
 *     export_json_end_array(&w, e);
 *
 * Without begin_array a single object is written, followed by a newline
 * (`show REF --format json`).
 *
 * The fields are those of the table t (export.h), documented in the man
 * page: ids are numbers (0 is null) next to "remote_id", times are ISO 8601
 * UTC strings or null, enums are names ("high", "in_progress", "amber"),
 * absent text is null, lists are arrays. Strings are always valid JSON in
 * pure printable form: '"' and '\\' escaped, \b \f \n \r \t as such, other
 * C0 controls, DEL, C1 controls (U+0080-U+009F), bidi controls
 * (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and U+2028/U+2029
 * as \uXXXX, and every byte that is not valid UTF-8 as \ufffd.
 *
 * Every write function returns 0, or ERR_IO when the stream reports an
 * error (ferror); the error sticks, so checking the last call (end_array)
 * is enough for a caller that does not stop early.
 */
#ifndef CENTINELA_EXPORT_JSON_H
#define CENTINELA_EXPORT_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "centinela/export/export.h"

struct err;

struct export_json {
	FILE *f;          /* where everything goes (borrowed) */
	bool is_in_array; /* between begin_array and end_array */
	size_t n_items;   /* objects written in the current array */
};

/* Set up w to write to f (borrowed for w's lifetime). */
void export_json_init(struct export_json *w, FILE *f);

/* Open the top-level array ("["). */
int export_json_begin_array(struct export_json *w, struct err *e);
/* Close it ("]" and a newline) and flush f. */
int export_json_end_array(struct export_json *w, struct err *e);

/*
 * Write one object: an array element between begin and end, else a
 * top-level object with a newline, then f is flushed. row points at the
 * struct t describes (a list's table: app/columns.h), borrowed for the
 * call; with_detail adds the detail fields (incident notes and links,
 * alert raw_json).
 */
int export_json_row(struct export_json *w, const struct export_table *t,
                    const void *row, bool with_detail, struct err *e);

/*
 * A top-level object with members of its own after the fields (`show
 * CVE-ID --format json` and its affected assets): row_open writes the
 * fields of row as export_json_row does, without the closing brace;
 * member_rows then adds ,"name":[...] with the fields of n rows of t
 * (row_size bytes apart; name is a constant identifier, not escaped);
 * row_close writes "}" and a newline and flushes.
 */
int export_json_row_open(struct export_json *w, const struct export_table *t,
                         const void *row, bool with_detail, struct err *e);
int export_json_member_rows(struct export_json *w, const char *name,
                            const struct export_table *t, const void *rows,
                            size_t n, size_t row_size, struct err *e);
int export_json_row_close(struct export_json *w, struct err *e);

/*
 * Write s[0..len) as one JSON string literal, quotes included, escaped as
 * above. For callers composing their own JSON around the writer.
 */
int export_json_string(FILE *f, const char *s, size_t len, struct err *e);

#endif
