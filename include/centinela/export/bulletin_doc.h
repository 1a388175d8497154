/*
 * A bulletin as a document for people: Markdown, or plain text wrapped
 * at 72 columns for mail. The same content as its CSAF document (see
 * export/csaf.h): title, status and version, TLP, severity, dates,
 * author and reviewer, addressees, summary and description, each CVE with
 * its score, weakness and the products' status, the products,
 * remediations, notes, references, acknowledgments, revision history.
 * Written to a FILE* it is handed; texts go out as they are (the caller
 * sanitizes for a terminal).
 */
#ifndef CENTINELA_EXPORT_BULLETIN_DOC_H
#define CENTINELA_EXPORT_BULLETIN_DOC_H

#include <stdio.h>

#include "centinela/model/bulletin.h"

struct err;

enum bulletin_doc_format {
	BULLETIN_DOC_MARKDOWN, /* headings, lists, Markdown notes as such */
	BULLETIN_DOC_TEXT,     /* plain text, lines of at most 72 columns */
};

#define BULLETIN_DOC_WIDTH 72 /* columns of the plain text */

/* Write b (as store_bulletin_get reads it): 0, or ERR_IO. */
int export_bulletin_doc(FILE *f, const struct bulletin *b,
                        enum bulletin_doc_format fmt, struct err *e);

#endif
