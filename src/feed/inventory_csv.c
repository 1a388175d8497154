/*
 * CSV inventory reader: see include/centinela/feed/inventory_csv.h.
 *
 * Each record is checked field by field; the first problem of a row
 * rejects that row (reported as FILE:LINE: reason) and reading goes on, so
 * that one run lists every bad row of a file.
 */
#include "centinela/feed/inventory_csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/csv.h"
#include "centinela/base/err.h"
#include "centinela/base/inet.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/cpe.h"

#define FIELD_MAX ((size_t)1024) /* bytes in one field */

static const char *const org_columns[] = {
    "name", "sector", "region", "contact", "abuse_contact", NULL,
};

static const char *const asset_columns[] = {
    "name",     "organization", "sector",   "kind",   "criticality",
    "hostname", "ip",           "location", "vendor", "product",
    "version",  "cpe",          NULL,
};

enum asset_column {
	A_NAME,
	A_ORGANIZATION,
	A_SECTOR,
	A_KIND,
	A_CRITICALITY,
	A_HOSTNAME,
	A_IP,
	A_LOCATION,
	A_VENDOR,
	A_PRODUCT,
	A_VERSION,
	A_CPE,
};

enum org_column {
	O_NAME,
	O_SECTOR,
	O_REGION,
	O_CONTACT,
	O_ABUSE,
};

static const char *const *
columns_of(enum inventory_kind kind)
{
	return kind == INVENTORY_ASSETS ? asset_columns : org_columns;
}

const char *
inventory_csv_header(enum inventory_kind kind)
{
	return kind == INVENTORY_ASSETS
	           ? "name,organization,sector,kind,criticality,hostname,ip,location,vendor,product,version,cpe"
	           : "name,sector,region,contact,abuse_contact";
}

/* One row being read: its fields and the first problem found. */
struct row {
	struct strvec *fields;   /* trimmed fields (borrowed) */
	const char *const *cols; /* column names */
	struct strbuf why;       /* first problem, empty while none */
};

static bool __attribute__((format(printf, 2, 3)))
fail(struct row *r, const char *fmt, ...)
{
	va_list ap;

	if (r->why.len)
		return false;
	va_start(ap, fmt);
	strbuf_vaddf(&r->why, fmt, ap);
	va_end(ap);
	return false;
}

/* Trim blanks (space, tab) from both ends of s in place. */
static void
trim(char *s)
{
	size_t len = strlen(s), start = 0;

	while (start < len && (s[start] == ' ' || s[start] == '\t'))
		start++;
	while (len > start && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
}

/* Field col as an owned string, NULL when empty (failing when required). */
static char *
field(struct row *r, int col, bool is_required)
{
	const char *s = r->fields->v[col];

	if (r->why.len)
		return NULL;
	if (!*s) {
		if (is_required)
			fail(r, "empty %s", r->cols[col]);
		return NULL;
	}
	return xstrdup(s);
}

/* Quote s for a message into a scratch strbuf; returns its text. */
static const char *
quoted(struct strbuf *scratch, const char *s)
{
	strbuf_reset(scratch);
	feed_quote(scratch, s);
	return scratch->buf;
}

/* Sector code at col: syntax, then existence in known (when given). */
static char *
sector_field(struct row *r, int col, bool is_required,
             const struct strvec *known)
{
	char *s = field(r, col, is_required);
	struct strbuf q, list;
	bool found = false;

	if (!s)
		return NULL;
	strbuf_init(&q);
	if (!feed_sector_normalize(s)) {
		fail(
		    r,
		    "invalid sector code %s (letters, digits and '-', starting with a letter)",
		    quoted(&q, s));
		goto bad;
	}
	for (size_t i = 0; known && !found && i < known->n; i++)
		found = strcmp(known->v[i], s) == 0;
	if (!known || found) {
		strbuf_release(&q);
		return s;
	}
	/*
	 * the list only for the message: made for every row, it was a
	 * twentieth of an inventory's import
	 */
	strbuf_init(&list);
	for (size_t i = 0; i < known->n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", known->v[i]);
	fail(r, "unknown sector %s (known: %s)", quoted(&q, s), list.buf);
	strbuf_release(&list);
bad:
	strbuf_release(&q);
	free(s);
	return NULL;
}

static void
read_organization(struct row *r, struct organization *o,
                  const struct strvec *known)
{
	o->name = field(r, O_NAME, true);
	o->sector = sector_field(r, O_SECTOR, true, known);
	o->region = field(r, O_REGION, false);
	o->contact = field(r, O_CONTACT, false);
	o->abuse_contact = field(r, O_ABUSE, false);
}

static void
read_asset(struct row *r, struct asset *a, const struct strvec *known)
{
	struct strbuf q;
	struct err e;
	char *s;
	enum asset_kind kind;

	strbuf_init(&q);
	a->name = field(r, A_NAME, true);
	a->organization = field(r, A_ORGANIZATION, true);
	a->sector = sector_field(r, A_SECTOR, false, known);
	s = field(r, A_KIND, true);
	if (s && asset_kind_parse(s, &kind) < 0) {
		struct strbuf list;

		strbuf_init(&list);
		for (int k = 0; k < ASSET_KIND_COUNT; k++)
			strbuf_addf(&list, "%s%s", k ? ", " : "",
			            asset_kind_name((enum asset_kind)k));
		fail(r, "unknown kind %s (known: %s)", quoted(&q, s), list.buf);
		strbuf_release(&list);
	} else if (s) {
		a->kind = kind;
	}
	free(s);
	s = field(r, A_CRITICALITY, true);
	if (s) {
		char *end;
		long n;

		errno = 0;
		n = strtol(s, &end, 10);
		if (errno || *end || end == s || n < 1 || n > 5)
			fail(r, "criticality %s is not an integer from 1 to 5",
			     quoted(&q, s));
		else
			a->criticality = (int)n;
		free(s);
	}
	a->hostname = field(r, A_HOSTNAME, false);
	if (a->hostname && !feed_hostname_valid(a->hostname))
		fail(r, "invalid hostname %s", quoted(&q, a->hostname));
	a->ip = field(r, A_IP, false);
	if (a->ip && !inet_valid_addr(a->ip))
		fail(
		    r,
		    "invalid IP address %s (expected IPv4 or IPv6, optionally /prefix)",
		    quoted(&q, a->ip));
	a->location = field(r, A_LOCATION, false);
	a->vendor = field(r, A_VENDOR, false);
	a->product = field(r, A_PRODUCT, false);
	a->product_version = field(r, A_VERSION, false);
	s = field(r, A_CPE, false);
	for (char *p = s, *next; p && !r->why.len; p = next) {
		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		trim(p);
		if (!*p)
			continue;
		if (cpe_name_check(p, &e) != 0)
			fail(r, "invalid CPE %s: %s", quoted(&q, p), e.msg);
		else
			strvec_push(&a->cpes, p);
	}
	free(s);
	strbuf_release(&q);
}

/* True when the header fields name cols in order. */
static bool
header_matches(struct strvec *fields, const char *const *cols)
{
	size_t n = 0;

	while (cols[n])
		n++;
	if (fields->n != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		trim(fields->v[i]);
		if (strcasecmp(fields->v[i], cols[i]) != 0)
			return false;
	}
	return true;
}

/* Check every field's encoding, length, then trim it. */
static void
check_fields(struct row *r, const char *raw, size_t rawlen)
{
	if (memchr(raw, '\0', rawlen)) {
		fail(r, "contains a NUL byte");
		return;
	}
	for (size_t i = 0; i < r->fields->n; i++) {
		char *s = r->fields->v[i];
		size_t len = strlen(s);

		if (!utf8_valid(s, len)) {
			fail(r, "invalid UTF-8 in field '%s'", r->cols[i]);
			return;
		}
		if (len > FIELD_MAX) {
			fail(r,
			     "field '%s' is too long (%zu bytes, at most %zu)",
			     r->cols[i], len, FIELD_MAX);
			return;
		}
		trim(s);
	}
}

/* A CSV inventory being read: see inventory_csv_open(). */
struct inventory_csv {
	enum inventory_kind kind;           /* what the rows are */
	const char *const *cols;            /* their columns */
	size_t ncols;                       /* how many */
	const char *file;                   /* for messages (borrowed) */
	const struct strvec *known_sectors; /* (borrowed, may be NULL) */
	struct csv_reader rd;               /* the reader after the header */
	struct strvec fields;               /* the record being read */
};

int
inventory_csv_open(enum inventory_kind kind, const char *data, size_t len,
                   const char *file, const struct strvec *known_sectors,
                   struct inventory_csv **out, struct err *e)
{
	struct inventory_csv *r = xcalloc(1, sizeof(*r));
	struct err ce;
	int rc;

	*out = NULL;
	r->kind = kind;
	r->cols = columns_of(kind);
	while (r->cols[r->ncols])
		r->ncols++;
	r->file = file;
	r->known_sectors = known_sectors;
	strvec_init(&r->fields);
	csv_reader_init(&r->rd, data, len);
	rc = csv_next(&r->rd, &r->fields, &ce);
	if (rc == 0)
		rc = err_set(
		    e, ERR_INVALID,
		    "%s: empty file; the first line must be the header '%s'",
		    file, inventory_csv_header(kind));
	else if (rc < 0 || !header_matches(&r->fields, r->cols))
		rc = err_set(e, ERR_INVALID,
		             "%s:%d: the header does not match; expected '%s'",
		             file, r->rd.rec_line, inventory_csv_header(kind));
	else
		rc = 0;
	if (rc) {
		inventory_csv_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

void
inventory_csv_free(struct inventory_csv *r)
{
	if (!r)
		return;
	strvec_release(&r->fields);
	free(r);
}

bool
inventory_csv_read(struct inventory_csv *r, struct feed_batch *batch,
                   size_t max_rows)
{
	const char *source =
	    batch->source ? batch->source : RECORD_SOURCE_LOCAL;
	struct err ce;

	for (size_t n = 0; !max_rows || n < max_rows; n++) {
		const char *start = r->rd.p;
		struct row row = {.fields = &r->fields, .cols = r->cols};
		int rc = csv_next(&r->rd, &r->fields, &ce);

		if (rc == 0)
			return false;
		strbuf_init(&row.why);
		batch->n_items++;
		if (rc < 0)
			fail(&row, "%s", ce.msg);
		else if (r->fields.n != r->ncols)
			fail(&row, "expected %zu fields, found %zu", r->ncols,
			     r->fields.n);
		else
			check_fields(&row, start, (size_t)(r->rd.p - start));
		if (!row.why.len && r->kind == INVENTORY_ORGANIZATIONS) {
			struct organization *o = feed_batch_add_organization(
			    batch, (size_t)r->rd.rec_line);

			o->meta.source = xstrdup(source);
			read_organization(&row, o, r->known_sectors);
			if (row.why.len)
				feed_batch_drop_organization(batch);
		} else if (!row.why.len) {
			struct asset *a =
			    feed_batch_add_asset(batch, (size_t)r->rd.rec_line);

			a->meta.source = xstrdup(source);
			read_asset(&row, a, r->known_sectors);
			if (row.why.len)
				feed_batch_drop_asset(batch);
		}
		if (row.why.len) {
			struct strbuf msg;

			strbuf_init(&msg);
			strbuf_addf(&msg, "%s:%d: %s", r->file, r->rd.rec_line,
			            row.why.buf);
			feed_batch_item_error_take(batch,
			                           (size_t)r->rd.rec_line,
			                           strbuf_detach(&msg, NULL));
		}
		strbuf_release(&row.why);
	}
	return r->rd.p < r->rd.end;
}

int
inventory_csv_parse(enum inventory_kind kind, const char *data, size_t len,
                    const char *file, const struct strvec *known_sectors,
                    struct feed_batch *batch, struct err *e)
{
	struct inventory_csv *r;
	int rc =
	    inventory_csv_open(kind, data, len, file, known_sectors, &r, e);

	if (rc)
		return rc;
	inventory_csv_read(r, batch, 0);
	inventory_csv_free(r);
	return 0;
}
