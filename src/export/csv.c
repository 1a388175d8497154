/*
 * CSV output from a field table it is handed (export.h): one header row, one
 * record per row, LF line ends. Each text cell is cleaned into a scratch
 * buffer (formula guard, invalid bytes to U+FFFD) and then quoted only when
 * RFC 4180 or leading/trailing blanks require it. See csv.h for the rules.
 */
#include "centinela/export/csv.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD in UTF-8 */

/*
 * What a spreadsheet takes for the start of a formula: = + - @ and their
 * fullwidth (U+FF1D U+FF0B U+FF0D U+FF20) and small (U+FE66 U+FE62
 * U+FE63 U+FE6B) forms, and the minus sign U+2212, which some fold to
 * ASCII before they parse a cell.
 */
static bool
is_formula_sign(uint32_t cp)
{
	static const uint32_t signs[] = {
	    '=',    '+',    '-',    '@',    0xff1d, 0xff0b, 0xff0d,
	    0xff20, 0xfe66, 0xfe62, 0xfe63, 0xfe6b, 0x2212,
	};

	for (size_t i = 0; i < ARRAY_SIZE(signs); i++)
		if (cp == signs[i])
			return true;
	return false;
}

/* Blanks and invisible characters a spreadsheet skips before a formula. */
static bool
is_formula_blank(uint32_t cp)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xa0 ||
	       cp == 0x1680 || cp == 0x180e || (cp >= 0x2000 && cp <= 0x200b) ||
	       cp == 0x2028 || cp == 0x2029 || cp == 0x202f || cp == 0x205f ||
	       cp == 0x3000 || cp == 0xfeff;
}

/*
 * Whether s[0..len) needs the formula guard: it starts with TAB or CR
 * (which some spreadsheets drop before reading on), or its first
 * character after blanks is a formula sign (" =1", "\u3000\uff1d1").
 */
static bool
needs_formula_guard(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	if (len && (s[0] == '\t' || s[0] == '\r'))
		return true;
	while (p < end) {
		uint32_t cp = (unsigned char)*p;
		size_t n =
		    cp < 0x80 ? 1 : utf8_decode(p, (size_t)(end - p), &cp);

		if (!n)
			return false;
		if (is_formula_sign(cp))
			return true;
		if (!is_formula_blank(cp))
			return false;
		p += n;
	}
	return false;
}

/* Append s[0..len) to out, cleaned: see csv.h. */
static void
clean_into(struct strbuf *out, const char *s, size_t len)
{
	const char *end = s + len;
	const char *run = s;
	const char *p = s;

	while (p < end) {
		unsigned char c = (unsigned char)*p;
		uint32_t cp;
		size_t n;

		if (c >= 0x20 && c < 0x7f) {
			p++;
			continue;
		}
		if (c == '\t' || c == '\n' || c == '\r') {
			p++;
			continue;
		}
		n = c >= 0x80 ? utf8_decode(p, (size_t)(end - p), &cp) : 0;
		if (n > 0 && cp > 0x9f) {
			p += n;
			continue;
		}
		strbuf_add(out, run, (size_t)(p - run));
		strbuf_adds(out, REPLACEMENT);
		p += n ? n : 1;
		run = p;
	}
	strbuf_add(out, run, (size_t)(p - run));
}

static bool
needs_quotes(const char *s, size_t len)
{
	if (len == 0)
		return false;
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' ||
	    s[len - 1] == '\t')
		return true;
	return strpbrk(s, ",\"\r\n") != NULL;
}

/* Write the text cell held (uncleaned) in raw; cell is scratch. */
static void
put_cell(FILE *f, struct strbuf *cell, const char *raw, size_t len)
{
	strbuf_reset(cell);
	if (needs_formula_guard(raw, len))
		strbuf_addch(cell, '\'');
	clean_into(cell, raw, len);
	if (!needs_quotes(cell->buf, cell->len)) {
		fwrite(cell->buf, 1, cell->len, f);
		return;
	}
	putc('"', f);
	for (const char *p = cell->buf, *q; *p; p = q + 1) {
		q = strchr(p, '"');
		if (!q) {
			fputs(p, f);
			break;
		}
		fwrite(p, 1, (size_t)(q - p) + 1, f);
		putc('"', f);
	}
	putc('"', f);
}

static void
put_text(FILE *f, struct strbuf *cell, const char *s)
{
	if (s)
		put_cell(f, cell, s, strlen(s));
}

static void
put_field(FILE *f, const struct export_field *fd, const void *row,
          struct strbuf *cell, struct strbuf *list)
{
	const char *p = (const char *)row + fd->offset;
	char buf[TIME_ISO_MAX];
	int64_t v64;
	int v;

	switch (fd->type) {
	case EXPORT_FIELD_ID:
	case EXPORT_FIELD_INT64:
		memcpy(&v64, p, sizeof(v64));
		if (v64 || fd->type == EXPORT_FIELD_INT64)
			fprintf(f, "%" PRId64, v64);
		break;
	case EXPORT_FIELD_INT:
		memcpy(&v, p, sizeof(v));
		fprintf(f, "%d", v);
		break;
	case EXPORT_FIELD_TEXT:
		put_text(f, cell, *(char *const *)(const void *)p);
		break;
	case EXPORT_FIELD_TIME:
		memcpy(&v64, p, sizeof(v64));
		if (v64) {
			time_format_iso8601(v64, buf);
			fputs(buf, f);
		}
		break;
	case EXPORT_FIELD_ENUM:
		memcpy(&v, p, sizeof(v));
		put_text(f, cell, fd->enum_name(v));
		break;
	case EXPORT_FIELD_STRVEC: {
		const struct strvec *sv = (const void *)p;

		strbuf_reset(list);
		for (size_t i = 0; i < sv->n; i++) {
			if (i)
				strbuf_addch(list, ' ');
			strbuf_adds(list, sv->v[i]);
		}
		put_cell(f, cell, list->buf, list->len);
		break;
	}
	case EXPORT_FIELD_OBSERVABLES: {
		const struct alert *a = row;

		strbuf_reset(list);
		for (size_t i = 0; i < a->n_observables; i++) {
			if (i)
				strbuf_addch(list, ' ');
			strbuf_adds(
			    list, observable_type_name(a->observables[i].type));
			strbuf_addch(list, ':');
			if (a->observables[i].value)
				strbuf_adds(list, a->observables[i].value);
		}
		put_cell(f, cell, list->buf, list->len);
		break;
	}
	case EXPORT_FIELD_NOTES:
	case EXPORT_FIELD_RECIPIENTS:
		break; /* detail only: never a CSV column */
	case EXPORT_FIELD_BOOL:
		fputs(*(const bool *)(const void *)p ? "true" : "false", f);
		break;
	case EXPORT_FIELD_SCORE: {
		double d;

		memcpy(&d, p, sizeof(d));
		if (d >= 0)
			fprintf(f, "%g", d);
		break;
	}
	}
}

int
export_csv_header(FILE *f, const struct export_table *t, struct err *e)
{
	const struct export_field *fields = t->fields;
	size_t n = t->n_fields;
	bool is_first = true;

	for (size_t i = 0; i < n; i++) {
		if (fields[i].is_detail)
			continue;
		if (!is_first)
			putc(',', f);
		is_first = false;
		fputs(fields[i].name, f);
	}
	putc('\n', f);
	return export_check_stream(f, "csv", e);
}

int
export_csv_row(FILE *f, const struct export_table *t, const void *row,
               struct err *e)
{
	const struct export_field *fields = t->fields;
	size_t n = t->n_fields;
	struct strbuf cell, list;
	bool is_first = true;

	strbuf_init(&cell);
	strbuf_init(&list);
	for (size_t i = 0; i < n; i++) {
		if (fields[i].is_detail)
			continue;
		if (!is_first)
			putc(',', f);
		is_first = false;
		put_field(f, &fields[i], row, &cell, &list);
	}
	putc('\n', f);
	strbuf_release(&cell);
	strbuf_release(&list);
	return export_check_stream(f, "csv", e);
}

int
export_csv_finish(FILE *f, struct err *e)
{
	fflush(f);
	return export_check_stream(f, "csv", e);
}
