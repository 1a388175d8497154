/*
 * An RFC 4180 CSV reader over a buffer: quoted fields with "" escapes and
 * embedded newlines, LF, CRLF or lone CR line ends, a UTF-8 byte-order mark
 * skipped.
 * Fields are returned as bytes; validating their encoding is the caller's.
 */
#ifndef CENTINELA_BASE_CSV_H
#define CENTINELA_BASE_CSV_H

#include <stddef.h>

#include "centinela/base/strvec.h"

struct err;

struct csv_reader {
	const char *p;   /* next byte to read */
	const char *end; /* one past the last byte */
	int line;        /* line number of the next byte, from 1 */
	int rec_line;    /* line on which the last record read started */
};

/* Read from data[0..len), which must outlive the reader. */
void csv_reader_init(struct csv_reader *r, const char *data, size_t len);

/*
 * Read the next record into fields (released first). Returns 1 when a
 * record was read, 0 at the end of input, or ERR_PARSE (unterminated quote,
 * text after a closing quote) with r->rec_line naming the record; after an
 * error the reader has skipped to the next line, so reading may go on.
 * Blank lines are skipped.
 */
int csv_next(struct csv_reader *r, struct strvec *fields, struct err *e);

#endif
