/*
 * Hand-written streaming JSON: rows go straight to the FILE* as they come,
 * field by field from the table it is handed (export.h), with no intermediate
 * tree (a million alerts cost no more memory than one). Runs of bytes that
 * need no escaping are written with one fwrite.
 */
#include "centinela/export/json.h"

#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/recipient.h"

/* Code points written as \uXXXX although they are valid UTF-8. */
static bool
needs_escape(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x2028 && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

static void
put_escaped(FILE *f, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const char *end = s + len;
	const char *run = s;
	const char *p = s;

	putc('"', f);
	while (p < end) {
		unsigned char c = (unsigned char)*p;
		const char *esc = NULL;
		char ubuf[7];
		size_t adv = 1;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			p++;
			continue;
		}
		if (c >= 0x80) {
			uint32_t cp;
			size_t n = utf8_decode(p, (size_t)(end - p), &cp);

			if (n > 0 && !needs_escape(cp)) {
				p += n;
				continue;
			}
			if (n == 0) {
				esc = "\\ufffd";
			} else {
				adv = n;
				cp &=
				    0xffff; /* every escaped one is in the BMP */
			}
			if (!esc) {
				ubuf[0] = '\\';
				ubuf[1] = 'u';
				ubuf[2] = hex[(cp >> 12) & 0xf];
				ubuf[3] = hex[(cp >> 8) & 0xf];
				ubuf[4] = hex[(cp >> 4) & 0xf];
				ubuf[5] = hex[cp & 0xf];
				ubuf[6] = '\0';
				esc = ubuf;
			}
		} else {
			switch (c) {
			case '"':
				esc = "\\\"";
				break;
			case '\\':
				esc = "\\\\";
				break;
			case '\b':
				esc = "\\b";
				break;
			case '\f':
				esc = "\\f";
				break;
			case '\n':
				esc = "\\n";
				break;
			case '\r':
				esc = "\\r";
				break;
			case '\t':
				esc = "\\t";
				break;
			default:
				ubuf[0] = '\\';
				ubuf[1] = 'u';
				ubuf[2] = '0';
				ubuf[3] = '0';
				ubuf[4] = hex[c >> 4];
				ubuf[5] = hex[c & 0xf];
				ubuf[6] = '\0';
				esc = ubuf;
				break;
			}
		}
		if (p > run)
			fwrite(run, 1, (size_t)(p - run), f);
		fputs(esc, f);
		p += adv;
		run = p;
	}
	if (p > run)
		fwrite(run, 1, (size_t)(p - run), f);
	putc('"', f);
}

static void
put_text(FILE *f, const char *s)
{
	if (s)
		put_escaped(f, s, strlen(s));
	else
		fputs("null", f);
}

static void
put_time(FILE *f, int64_t t)
{
	char buf[TIME_ISO_MAX];

	if (t == 0) {
		fputs("null", f);
		return;
	}
	time_format_iso8601(t, buf);
	putc('"', f);
	fputs(buf, f);
	putc('"', f);
}

static void
put_strvec(FILE *f, const struct strvec *sv)
{
	putc('[', f);
	for (size_t i = 0; i < sv->n; i++) {
		if (i)
			putc(',', f);
		put_text(f, sv->v[i]);
	}
	putc(']', f);
}

static void
put_observables(FILE *f, const struct alert *a)
{
	putc('[', f);
	for (size_t i = 0; i < a->n_observables; i++) {
		const struct observable *o = &a->observables[i];

		fputs(i ? ",{\"type\":" : "{\"type\":", f);
		put_text(f, observable_type_name(o->type));
		fputs(",\"value\":", f);
		put_text(f, o->value);
		putc('}', f);
	}
	putc(']', f);
}

static void
put_notes(FILE *f, const struct incident *inc)
{
	putc('[', f);
	for (size_t i = 0; i < inc->n_notes; i++) {
		const struct note *n = &inc->notes[i];

		fputs(i ? ",{\"id\":" : "{\"id\":", f);
		if (n->id)
			fprintf(f, "%" PRId64, n->id);
		else
			fputs("null", f);
		fputs(",\"remote_id\":", f);
		put_text(f, n->remote_id);
		fputs(",\"author\":", f);
		put_text(f, n->author);
		fputs(",\"created_at\":", f);
		put_time(f, n->created_at);
		fputs(",\"body\":", f);
		put_text(f, n->body);
		putc('}', f);
	}
	putc(']', f);
}

static void put_fields(FILE *f, const struct export_table *t, const void *row,
                       bool with_detail);

/* A bulletin's recipients: an array of objects, null when not read. */
static void
put_recipients(FILE *f, const struct recipient_list *l)
{
	if (!l) {
		fputs("null", f);
		return;
	}
	putc('[', f);
	for (size_t i = 0; i < l->n; i++) {
		if (i)
			putc(',', f);
		put_fields(f, &export_recipient_table, &l->v[i], true);
		putc('}', f);
	}
	putc(']', f);
}

static void
put_field(FILE *f, const struct export_field *fd, const void *row)
{
	const char *p = (const char *)row + fd->offset;
	int64_t v64;
	int v;

	switch (fd->type) {
	case EXPORT_FIELD_ID:
		memcpy(&v64, p, sizeof(v64));
		if (v64)
			fprintf(f, "%" PRId64, v64);
		else
			fputs("null", f);
		break;
	case EXPORT_FIELD_INT64:
		memcpy(&v64, p, sizeof(v64));
		fprintf(f, "%" PRId64, v64);
		break;
	case EXPORT_FIELD_INT:
		memcpy(&v, p, sizeof(v));
		fprintf(f, "%d", v);
		break;
	case EXPORT_FIELD_TEXT:
		put_text(f, *(char *const *)(const void *)p);
		break;
	case EXPORT_FIELD_TIME:
		memcpy(&v64, p, sizeof(v64));
		put_time(f, v64);
		break;
	case EXPORT_FIELD_ENUM:
		memcpy(&v, p, sizeof(v));
		put_text(f, fd->enum_name(v));
		break;
	case EXPORT_FIELD_STRVEC:
		put_strvec(f, (const struct strvec *)(const void *)p);
		break;
	case EXPORT_FIELD_OBSERVABLES:
		put_observables(f, row);
		break;
	case EXPORT_FIELD_NOTES:
		put_notes(f, row);
		break;
	case EXPORT_FIELD_RECIPIENTS:
		put_recipients(
		    f, *(struct recipient_list *const *)(const void *)p);
		break;
	case EXPORT_FIELD_BOOL:
		fputs(*(const bool *)(const void *)p ? "true" : "false", f);
		break;
	case EXPORT_FIELD_SCORE: {
		double d;

		memcpy(&d, p, sizeof(d));
		if (d < 0)
			fputs("null", f);
		else
			fprintf(f, "%g", d);
		break;
	}
	}
}

void
export_json_init(struct export_json *w, FILE *f)
{
	w->f = f;
	w->is_in_array = false;
	w->n_items = 0;
}

int
export_json_begin_array(struct export_json *w, struct err *e)
{
	w->is_in_array = true;
	w->n_items = 0;
	putc('[', w->f);
	return export_check_stream(w->f, "json", e);
}

int
export_json_end_array(struct export_json *w, struct err *e)
{
	fputs(w->n_items ? "\n]\n" : "]\n", w->f);
	w->is_in_array = false;
	w->n_items = 0;
	fflush(w->f);
	return export_check_stream(w->f, "json", e);
}

/* The fields of row, "{" and each "\"name\":value", no closing brace. */
static void
put_fields(FILE *f, const struct export_table *t, const void *row,
           bool with_detail)
{
	bool is_first = true;

	for (size_t i = 0; i < t->n_fields; i++) {
		if (t->fields[i].is_detail && !with_detail)
			continue;
		putc(is_first ? '{' : ',', f);
		is_first = false;
		putc('"', f);
		fputs(t->fields[i].name, f);
		fputs("\":", f);
		put_field(f, &t->fields[i], row);
	}
	if (is_first)
		putc('{', f);
}

int
export_json_row(struct export_json *w, const struct export_table *t,
                const void *row, bool with_detail, struct err *e)
{
	if (w->is_in_array)
		fputs(w->n_items ? ",\n" : "\n", w->f);
	put_fields(w->f, t, row, with_detail);
	putc('}', w->f);
	if (w->is_in_array) {
		w->n_items++;
	} else {
		putc('\n', w->f);
		fflush(w->f);
	}
	return export_check_stream(w->f, "json", e);
}

int
export_json_row_open(struct export_json *w, const struct export_table *t,
                     const void *row, bool with_detail, struct err *e)
{
	put_fields(w->f, t, row, with_detail);
	return export_check_stream(w->f, "json", e);
}

int
export_json_member_rows(struct export_json *w, const char *name,
                        const struct export_table *t, const void *rows,
                        size_t n, size_t row_size, struct err *e)
{
	fprintf(w->f, ",\"%s\":[", name);
	for (size_t i = 0; i < n; i++) {
		if (i)
			putc(',', w->f);
		put_fields(w->f, t, (const char *)rows + i * row_size, false);
		putc('}', w->f);
	}
	putc(']', w->f);
	return export_check_stream(w->f, "json", e);
}

int
export_json_row_close(struct export_json *w, struct err *e)
{
	fputs("}\n", w->f);
	fflush(w->f);
	return export_check_stream(w->f, "json", e);
}

int
export_json_string(FILE *f, const char *s, size_t len, struct err *e)
{
	put_escaped(f, s, len);
	return export_check_stream(f, "json", e);
}
