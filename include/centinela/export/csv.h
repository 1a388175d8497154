/*
 * A CSV writer for model rows (RFC 4180), over a FILE* it is handed.
 *
 * The columns are the non-detail fields of the table it is handed (export.h), in
 * that order, with the same names as in JSON; the header row names them.
 * Records end with LF (not CRLF): every CSV reader accepts it, and it is
 * what Unix tools expect. Cells:
 *   - null values (absent text, id 0, time 0) are empty cells; times are
 *     ISO 8601 UTC; enums are names;
 *   - lists (asset cpes, alert observables as "type:value") are joined
 *     with single spaces;
 *   - a cell containing a comma, a double quote, CR or LF, or starting or
 *     ending with a space or tab, is quoted, with quotes doubled;
 *   - formula-injection protection: a text cell starting with TAB or CR,
 *     or whose first character after blanks (ASCII and Unicode spaces,
 *     zero-width ones, the BOM) is '=', '+', '-', '@', their fullwidth or
 *     small forms or U+2212, gets a leading single quote ("'=1+1",
 *     "' =1", "'\uff1d1"), so a spreadsheet shows it as text instead of
 *     evaluating it;
 *   - bytes that are not valid UTF-8, C0 controls other than TAB, LF and
 *     CR, DEL and C1 controls become U+FFFD, so the file is clean UTF-8.
 *
 * Every function returns 0, or ERR_IO when the stream reports an error.
 */
#ifndef CENTINELA_EXPORT_CSV_H
#define CENTINELA_EXPORT_CSV_H

#include <stdio.h>

#include "centinela/export/export.h"

struct err;

/* Write the header row of the rows t describes. */
int export_csv_header(FILE *f, const struct export_table *t, struct err *e);

/* Write one record; row points at the struct t describes (borrowed). */
int export_csv_row(FILE *f, const struct export_table *t, const void *row,
                   struct err *e);

/* Flush f and report any write error seen on it; call after the last row. */
int export_csv_finish(FILE *f, struct err *e);

#endif
