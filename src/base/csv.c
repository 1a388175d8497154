/* CSV reader: see include/centinela/base/csv.h. */
#include "centinela/base/csv.h"

#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"

void
csv_reader_init(struct csv_reader *r, const char *data, size_t len)
{
	r->p = data;
	r->end = data + len;
	r->line = 1;
	r->rec_line = 0;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
}

static void
skip_line(struct csv_reader *r)
{
	while (r->p < r->end && *r->p != '\n')
		r->p++;
	if (r->p < r->end) {
		r->p++;
		r->line++;
	}
}

int
csv_next(struct csv_reader *r, struct strvec *fields, struct err *e)
{
	struct strbuf f;

	strvec_release(fields);
	/* Skip blank lines. */
	while (r->p < r->end && (*r->p == '\n' || *r->p == '\r')) {
		if (*r->p == '\n')
			r->line++;
		r->p++;
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
				if (*r->p == '\n')
					r->line++;
				strbuf_addch(&f, *r->p++);
			}
			if (r->p < r->end && *r->p != ',' && *r->p != '\n' &&
			    !(*r->p == '\r' &&
			      (r->p + 1 == r->end || r->p[1] == '\n'))) {
				strbuf_release(&f);
				strvec_release(fields);
				skip_line(r);
				return err_set(e, ERR_PARSE,
				               "text after a closing quote");
			}
		} else {
			const char *s = r->p;

			while (r->p < r->end && *r->p != ',' && *r->p != '\n')
				r->p++;
			strbuf_add(&f, s, (size_t)(r->p - s));
			if (f.len && f.buf[f.len - 1] == '\r' &&
			    (r->p >= r->end || *r->p == '\n'))
				strbuf_setlen(&f, f.len - 1);
		}
		strvec_push(fields, f.buf);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n') {
			r->p++;
			r->line++;
		}
		break;
	}
	strbuf_release(&f);
	return 1;
}
