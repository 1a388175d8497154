/*
 * CSV reader: see include/centinela/base/csv.h.
 *
 * A line ends at LF, CRLF or a lone CR (old Mac editors and some
 * spreadsheet exports write CR alone), outside and inside quoted fields,
 * as Python's csv module reads them; line numbers count each of them once.
 */
#include "centinela/base/csv.h"

#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"

void
csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	r->p = data + utf8_bom_len(data, len);
	r->end = data + len;
	r->line = 1;
	r->rec_line = 0;
}

/* Bytes of the line end at p (LF, CRLF or CR), 0 when none is there. */
static size_t
eol_len(const struct csv_reader *r, const char *p)
{
	if (p >= r->end)
		return 0;
	if (*p == '\n')
		return 1;
	if (*p != '\r')
		return 0;
	return p + 1 < r->end && p[1] == '\n' ? 2 : 1;
}

static void
skip_line(struct csv_reader *r)
{
	while (r->p < r->end && !eol_len(r, r->p))
		r->p++;
	if (r->p < r->end) {
		r->p += eol_len(r, r->p);
		r->line++;
	}
}

int
csv_next(struct csv_reader *r, struct strvec *fields, struct err *e)
{
	struct strbuf f;
	size_t n;

	strvec_release(fields);
	/* Skip blank lines. */
	while ((n = eol_len(r, r->p)) != 0) {
		r->p += n;
		r->line++;
	}
	if (r->p >= r->end)
		return 0;
	r->rec_line = r->line;
	strbuf_init(&f);
	for (;;) {
		strbuf_reset(&f);
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					strbuf_release(&f);
					strvec_release(fields);
					return err_set(
					    e, ERR_PARSE,
					    "unterminated quoted field");
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end &&
					    r->p[1] == '"') {
						strbuf_addch(&f, '"');
						r->p += 2;
						continue;
					}
					r->p++;
					break;
				}
				/* A line break inside the field is kept. */
				if ((n = eol_len(r, r->p)) != 0) {
					strbuf_add(&f, r->p, n);
					r->p += n;
					r->line++;
					continue;
				}
				strbuf_addch(&f, *r->p++);
			}
			if (r->p < r->end && *r->p != ',' &&
			    !eol_len(r, r->p)) {
				strbuf_release(&f);
				strvec_release(fields);
				skip_line(r);
				return err_set(e, ERR_PARSE,
				               "text after a closing quote");
			}
		} else {
			const char *s = r->p;

			while (r->p < r->end && *r->p != ',' &&
			       !eol_len(r, r->p))
				r->p++;
			strbuf_add(&f, s, (size_t)(r->p - s));
		}
		strvec_push(fields, f.buf);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if ((n = eol_len(r, r->p)) != 0) {
			r->p += n;
			r->line++;
		}
		break;
	}
	strbuf_release(&f);
	return 1;
}
