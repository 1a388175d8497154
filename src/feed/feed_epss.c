/*
 * FIRST's EPSS scores (resource "epss"), in the two forms FIRST serves
 * them (../shared/fixtures/real/FORMATS.md section 8):
 *
 *   the daily file, epss_scores-YYYY-MM-DD.csv.gz (gzip, or already
 *   inflated), about 300,000 lines:
 *     #model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000
 *     cve,epss,percentile
 *     CVE-1999-0001,0.01141,0.77964
 *   the comment line is optional (older files lack it); the header names
 *   the columns, in any order;
 *
 *   the API's answer, GET /data/v1/epss?cve=...:
 *     {"status": "OK", "total": 2, "offset": 0, "limit": 100,
 *      "data": [{"cve": "CVE-2021-44228", "epss": "0.943580000",
 *                "percentile": "0.999630000", "date": "2025-03-14"}]}
 *   where the numbers are strings (numbers are taken too); a document
 *   with "status" other than "OK" is an error. More pages (offset + limit
 *   below total) set has_more and next_cursor (the next offset).
 *
 * Each score becomes a struct epss_score with its day: the row's "date"
 * in the API, the comment's score_date in the file (0 when the file has
 * none; the store then dates it by the import). A bad line or item (an
 * invalid CVE id, a score that is not a number between 0 and 1) is a
 * per-item error; a file whose header lacks a column, or that is not
 * readable gzip, fails whole. The inflated size is capped by the batch's
 * max_bytes, as a plain document is.
 */
#include "centinela/feed/feed.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

#define CVE_ID_MAX  ((size_t)28) /* "CVE-" 4 digits "-" 19 digits */
#define VERSION_MAX ((size_t)64) /* model_version */
#define LINE_SHOWN  ((size_t)60) /* bytes of a bad value quoted */

static const char *const resource_names[] = {"epss", NULL};

/* The bytes of a gzip member start so (RFC 1952). */
static bool
is_gzip(const char *bytes, size_t len)
{
	return len >= 2 && (unsigned char)bytes[0] == 0x1f &&
	       (unsigned char)bytes[1] == 0x8b;
}

/* Inflate the gzip bytes into *out (owned, NUL-terminated), at most max. */
static int
gunzip(const char *bytes, size_t len, size_t max, struct strbuf *out,
       struct err *e)
{
	z_stream z;
	char buf[1 << 16];
	int zr;

	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK)
		return err_set(e, ERR_NOMEM, "EPSS: cannot start inflating");
	z.next_in = (Bytef *)(uintptr_t)bytes;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	do {
		z.next_out = (Bytef *)buf;
		z.avail_out = sizeof(buf);
		zr = inflate(&z, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END) {
			inflateEnd(&z);
			return err_set(e, ERR_PARSE,
			               "EPSS: not a readable gzip file (%s); "
			               "download it again",
			               z.msg ? z.msg : "truncated");
		}
		strbuf_add(out, buf, sizeof(buf) - z.avail_out);
		if (out->len > max) {
			inflateEnd(&z);
			return err_set(e, ERR_LIMIT,
			               "EPSS: the file inflates to more than "
			               "%zu bytes",
			               max);
		}
		if (zr == Z_OK && z.avail_in == 0 && z.avail_out != 0) {
			inflateEnd(&z);
			return err_set(e, ERR_PARSE,
			               "EPSS: the gzip file is truncated; "
			               "download it again");
		}
	} while (zr != Z_STREAM_END);
	inflateEnd(&z);
	return 0;
}

/* s[0..n) as a probability 0-1 into *out; false when it is not one. */
static bool
prob_parse(const char *s, size_t n, double *out)
{
	char tmp[64], *end;
	double v;

	if (n == 0 || n >= sizeof(tmp))
		return false;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	errno = 0;
	v = strtod(tmp, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > 1)
		return false;
	*out = v;
	return true;
}

/* A CVE id of s[0..n), owned, or NULL when it is not one. */
static char *
cve_dup(const char *s, size_t n)
{
	char *id;

	if (n > CVE_ID_MAX)
		return NULL;
	id = xstrndup(s, n);
	if (!cve_id_valid(id)) {
		free(id);
		return NULL;
	}
	return id;
}

/*
 * Record a bad line (or item) at index with the field and value, named by
 * its CVE id when that is good (cve, else NULL).
 */
static void
bad_value(struct feed_batch *b, size_t index, const char *what, const char *cve,
          const char *field, const char *v, size_t n, const char *expected)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s %zu", what, index + 1);
	if (cve)
		strbuf_addf(&sb, " (\"cve\": \"%s\")", cve);
	strbuf_addf(&sb, ": field '%s': invalid value ", field);
	{
		char *shown = xstrndup(v, n > LINE_SHOWN ? LINE_SHOWN : n);

		feed_quote(&sb, shown);
		free(shown);
	}
	strbuf_addf(&sb, " (expected %s)", expected);
	feed_batch_item_error_take(b, index, strbuf_detach(&sb, NULL));
}

/* The "#model_version:v,score_date:d" line into version and *date. */
static int
read_comment(const char *line, size_t n, char **version, int64_t *date,
             struct err *e)
{
	const char *p = line + 1, *end = line + n;

	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		const char *colon = memchr(p, ':', (size_t)(stop - p));

		if (colon) {
			size_t klen = (size_t)(colon - p);
			const char *v = colon + 1;
			size_t vlen = (size_t)(stop - v);

			if (klen == 13 && !memcmp(p, "model_version", 13) &&
			    vlen && vlen <= VERSION_MAX) {
				free(*version);
				*version = xstrndup(v, vlen);
			} else if (klen == 10 && !memcmp(p, "score_date", 10)) {
				char *d = xstrndup(v, vlen);
				int rc = time_parse_iso8601(d, date);

				free(d);
				if (rc)
					return err_set(
					    e, ERR_PARSE,
					    "EPSS: line 1: invalid score_date "
					    "(expected ISO 8601, e.g. "
					    "2025-03-14T00:00:00+0000)");
			}
		}
		p = stop + 1;
	}
	return 0;
}

/* Which column of the header each field is in. */
struct columns {
	int cve, epss, percentile; /* -1: absent */
	int n;                     /* columns in the header */
};

static int
read_header(const char *line, size_t n, size_t lineno, struct columns *c,
            struct err *e)
{
	const char *p = line, *end = line + n;

	c->cve = c->epss = c->percentile = -1;
	c->n = 0;
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		size_t len = (size_t)(stop - p);

		if (len == 3 && !memcmp(p, "cve", 3))
			c->cve = c->n;
		else if (len == 4 && !memcmp(p, "epss", 4))
			c->epss = c->n;
		else if (len == 10 && !memcmp(p, "percentile", 10))
			c->percentile = c->n;
		c->n++;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (c->cve < 0 || c->epss < 0 || c->percentile < 0)
		return err_set(e, ERR_PARSE,
		               "EPSS: line %zu: the header must name the "
		               "columns cve, epss and percentile",
		               lineno);
	return 0;
}

/* One line of scores (index: its line number from 0). */
static void
read_line(const char *line, size_t n, size_t index, const struct columns *c,
          const char *version, int64_t date, struct feed_batch *b)
{
	const char *field[3] = {NULL, NULL, NULL};
	size_t flen[3] = {0, 0, 0};
	const char *p = line, *end = line + n;
	struct epss_score *sc;
	int col = 0;

	b->n_items++;
	while (p <= end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *stop = comma ? comma : end;
		int slot = col == c->cve          ? 0
		           : col == c->epss       ? 1
		           : col == c->percentile ? 2
		                                  : -1;

		if (slot >= 0) {
			field[slot] = p;
			flen[slot] = (size_t)(stop - p);
		}
		col++;
		if (!comma)
			break;
		p = comma + 1;
	}
	if (col != c->n) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "line %zu: %d fields where the header has %d",
		            index + 1, col, c->n);
		feed_batch_item_error_take(b, index, strbuf_detach(&sb, NULL));
		return;
	}
	sc = feed_batch_add_epss(b, index);
	sc->cve_id = cve_dup(field[0], flen[0]);
	if (!sc->cve_id) {
		bad_value(b, index, "line", NULL, "cve", field[0], flen[0],
		          "CVE-YYYY-NNNN");
	} else if (!prob_parse(field[1], flen[1], &sc->score)) {
		bad_value(b, index, "line", sc->cve_id, "epss", field[1],
		          flen[1], "a number from 0 to 1");
	} else if (!prob_parse(field[2], flen[2], &sc->percentile)) {
		bad_value(b, index, "line", sc->cve_id, "percentile", field[2],
		          flen[2], "a number from 0 to 1");
	} else {
		sc->scored_at = date;
		sc->model_version = version ? xstrdup(version) : NULL;
		return;
	}
	feed_batch_drop_epss(b);
}

/* The daily CSV, inflated: comment, header, then one score a line. */
static int
parse_csv(const char *data, size_t len, struct feed_batch *b, struct err *e)
{
	const char *p = data, *end = data + len;
	struct columns c = {-1, -1, -1, 0};
	char *version = NULL;
	int64_t date = 0;
	bool has_header = false;
	size_t lineno = 0;
	int rc = 0;

	b->is_lines = true;
	while (!rc && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t n = (size_t)(stop - p);

		if (n && p[n - 1] == '\r')
			n--;
		if (n == 0)
			; /* a blank line, as at the end */
		else if (!has_header && lineno == 0 && p[0] == '#')
			rc = read_comment(p, n, &version, &date, e);
		else if (!has_header) {
			rc = read_header(p, n, lineno + 1, &c, e);
			has_header = true;
		} else
			read_line(p, n, lineno, &c, version, date, b);
		lineno++;
		p = stop + 1;
	}
	if (!rc && !has_header)
		rc = err_set(e, ERR_PARSE,
		             "EPSS: no header line (expected "
		             "'cve,epss,percentile'); is this an EPSS file?");
	if (!rc) {
		b->catalog = "epss";
		b->document_released = date;
	}
	if (!rc && version) {
		free(b->document_version);
		b->document_version = version;
		version = NULL;
	}
	free(version);
	return rc;
}

/* A number or a numeric string of the API as a probability. */
static bool
json_prob(json_t *v, double *out)
{
	if (json_is_string(v))
		return prob_parse(json_string_value(v), json_string_length(v),
		                  out);
	if (json_is_number(v)) {
		double d = json_number_value(v);

		if (isfinite(d) && d >= 0 && d <= 1) {
			*out = d;
			return true;
		}
	}
	return false;
}

/* One item of the API's "data" (feed_read_item's reader). */
static void
read_api_item(struct feed_item *it, struct feed_batch *b)
{
	struct epss_score *sc = feed_batch_add_epss(b, it->index);
	json_t *obj = it->obj;
	char *date;

	sc->cve_id = feed_item_get_string(it, obj, "cve", "cve", FEED_REQUIRED,
	                                  CVE_ID_MAX);
	if (sc->cve_id && !cve_id_valid(sc->cve_id))
		feed_item_fail(
		    it,
		    "field 'cve': invalid CVE id %s (expected CVE-YYYY-NNNN)",
		    feed_item_quote(it, sc->cve_id));
	if (!feed_item_is_bad(it) &&
	    !json_prob(json_object_get(obj, "epss"), &sc->score))
		feed_item_fail(it, "field 'epss': expected a number from 0 "
		                   "to 1");
	if (!feed_item_is_bad(it) &&
	    !json_prob(json_object_get(obj, "percentile"), &sc->percentile))
		feed_item_fail(it, "field 'percentile': expected a number "
		                   "from 0 to 1");
	date = feed_item_get_string(it, obj, "date", "date", FEED_OPTIONAL, 32);
	if (date && time_parse_iso8601(date, &sc->scored_at))
		feed_item_fail(it,
		               "field 'date': invalid date %s (expected "
		               "YYYY-MM-DD)",
		               feed_item_quote(it, date));
	free(date);
	if (feed_item_is_bad(it))
		feed_batch_drop_epss(b);
}

/* The API's answer: its envelope, then each item of "data". */
static int
parse_api(const char *bytes, size_t len, struct feed_batch *b, struct err *e)
{
	json_t *root = NULL, *data, *status, *total, *offset, *limit;
	int rc = feed_json_load(bytes, len, b->max_bytes, &root, e);

	if (rc)
		return err_prefix(e, "EPSS");
	status = json_object_get(root, "status");
	data = json_object_get(root, "data");
	if (!json_is_object(root) || !json_is_array(data)) {
		rc = err_set(e, ERR_PARSE,
		             "EPSS: expected the API's answer, an object with "
		             "a 'data' array");
		goto out;
	}
	if (status && (!json_is_string(status) ||
	               strcmp(json_string_value(status), "OK") != 0)) {
		rc = err_set(e, ERR_PARSE, "EPSS: the API says status %s",
		             json_is_string(status) ? json_string_value(status)
		                                    : "(not a string)");
		goto out;
	}
	for (size_t i = 0; i < json_array_size(data); i++) {
		b->n_items++;
		feed_read_item(json_array_get(data, i), i, b, read_api_item,
		               "cve", NULL);
	}
	total = json_object_get(root, "total");
	offset = json_object_get(root, "offset");
	limit = json_object_get(root, "limit");
	if (json_is_integer(total) && json_is_integer(offset) &&
	    json_is_integer(limit) && json_integer_value(limit) > 0 &&
	    json_integer_value(offset) + json_integer_value(limit) <
	        json_integer_value(total)) {
		struct strbuf sb;

		strbuf_init(&sb);
		strbuf_addf(&sb, "%lld",
		            (long long)(json_integer_value(offset) +
		                        json_integer_value(limit)));
		free(b->next_cursor);
		b->next_cursor = strbuf_detach(&sb, NULL);
		b->has_more = true;
	}
out:
	json_decref(root);
	return rc;
}

static int
epss_parse(const char *bytes, size_t len, const char *resource,
           struct feed_batch *batch, struct err *e)
{
	struct strbuf plain;
	const char *p;
	size_t n;
	int rc;

	if ((rc = feed_check_resource(&feed_epss_ops, resource, e)))
		return rc;
	strbuf_init(&plain);
	if (is_gzip(bytes, len)) {
		rc = gunzip(bytes, len, batch->max_bytes, &plain, e);
		bytes = plain.buf;
		len = plain.len;
	} else if (len > batch->max_bytes) {
		rc = err_set(e, ERR_LIMIT, "EPSS: the file is over %zu bytes",
		             batch->max_bytes);
	}
	for (p = bytes, n = len;
	     !rc && n && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n');
	     p++, n--)
		;
	if (!rc)
		rc = n && *p == '{' ? parse_api(p, n, batch, e)
		                    : parse_csv(p, n, batch, e);
	strbuf_release(&plain);
	return rc;
}

const struct feed_ops feed_epss_ops = {
    .name = "epss",
    .resources = resource_names,
    .parse = epss_parse,
    .request_path = NULL,
    .interval = 24 * 3600,
    .wait = 0,
};
