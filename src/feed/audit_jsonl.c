/*
 * Verifying an exported audit trail: see include/centinela/feed/audit_jsonl.h
 * and export/audit.h for the format.
 */
#include "centinela/feed/audit_jsonl.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/audit.h"

/* The longest line accepted (an entry's detail is short text). */
#define LINE_MAX_BYTES (1024 * 1024)

static bool
is_hex_hash(const char *s)
{
	if (strlen(s) != SHA256_HEX_LEN)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return false;
	return true;
}

/*
 * Text field key of o into *out (owned, NULL for null or absent when
 * optional). An empty string is refused: the store never writes one.
 */
static bool
get_text(json_t *o, const char *key, bool is_required, char **out)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v))
		return !is_required;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return false;
	*out = xstrdup(json_string_value(v));
	return true;
}

static bool
get_hash(json_t *o, const char *key, char *out)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v) || !is_hex_hash(json_string_value(v)))
		return false;
	snprintf(out, SHA256_HEX_LEN + 1, "%s", json_string_value(v));
	return true;
}

/* Read an entry object into a; false when a field is missing or bad. */
static bool
read_entry(json_t *o, struct audit_entry *a)
{
	json_t *id = json_object_get(o, "id"), *at = json_object_get(o, "at");

	if (!json_is_integer(id) || !json_is_integer(at))
		return false;
	a->id = json_integer_value(id);
	a->at = json_integer_value(at);
	return get_text(o, "actor", true, &a->actor) &&
	       get_text(o, "action", true, &a->action) &&
	       get_text(o, "entity", false, &a->entity) &&
	       get_text(o, "entity_ref", false, &a->entity_ref) &&
	       get_text(o, "detail", false, &a->detail) &&
	       get_hash(o, "prev_hash", a->prev_hash) &&
	       get_hash(o, "hash", a->hash);
}

/* "entry 17, 2026-11-29T03:00:00Z, incident.update by ana" */
static int
bad_hash(const struct audit_entry *a, size_t line, struct err *e)
{
	char when[TIME_ISO_MAX];

	time_format_iso8601(a->at, when);
	return err_set(e, ERR_CORRUPT,
	               "line %zu: hash does not match its fields (entry "
	               "%" PRId64 ", %s, %s by %s)",
	               line, a->id, when, a->action, a->actor);
}

/* Check one entry line against the expected id and previous hash. */
static int
check_entry(json_t *o, size_t line, int64_t expect_id, const char *prev,
            struct audit_entry *a, struct err *e)
{
	char hash[SHA256_HEX_LEN + 1];

	if (!read_entry(o, a))
		return err_set(e, ERR_CORRUPT,
		               "line %zu: not an audit entry (a field is "
		               "missing, empty or of the wrong type)",
		               line);
	audit_entry_hash(a, hash);
	if (strcmp(hash, a->hash) != 0)
		return bad_hash(a, line, e);
	if (a->id != expect_id)
		return err_set(e, ERR_CORRUPT,
		               "line %zu holds entry %" PRId64
		               " where entry %" PRId64 " belongs (a line was "
		               "deleted or moved)",
		               line, a->id, expect_id);
	if (strcmp(a->prev_hash, prev) != 0)
		return err_set(e, ERR_CORRUPT,
		               "line %zu: entry %" PRId64 " does not follow "
		               "the line before (reordered, or a line was "
		               "replaced)",
		               line, a->id);
	return 0;
}

/* Check the head line against the last entry. */
static int
check_head(json_t *o, size_t line, int64_t last_id, const char *last_hash,
           struct err *e)
{
	json_t *id = json_object_get(o, "head_id");
	char hash[SHA256_HEX_LEN + 1];

	if (!json_is_integer(id) || !get_hash(o, "head_hash", hash))
		return err_set(e, ERR_CORRUPT,
		               "line %zu: not a head line (head_id and "
		               "head_hash expected)",
		               line);
	if (json_integer_value(id) != last_id)
		return err_set(e, ERR_CORRUPT,
		               "line %zu: the head records entry %" PRId64
		               " but the chain ends at entry %" PRId64
		               " (lines were deleted)",
		               line, (int64_t)json_integer_value(id), last_id);
	if (strcmp(hash, last_hash) != 0)
		return err_set(e, ERR_CORRUPT,
		               "line %zu: the head records another hash for "
		               "entry %" PRId64 " (head forged)",
		               line, last_id);
	return 0;
}

/*
 * The fast path. An intact export is a million lines in exactly the form
 * export/audit.c writes; those are read here without jansson, into one
 * reused buffer, and hashed with one reused context. Only an entry that
 * parses in that form and checks out passes here; anything else (another
 * layout, an escape other than the short ones, a broken hash or link) goes
 * to the jansson path, which accepts it or names the fault, so the verdict
 * and the messages are those of the jansson path.
 */
struct fast {
	struct sha256 *h; /* hashing context, reused */
	char *buf;        /* decoded strings, NUL-separated (owned) */
	size_t alloc;     /* bytes in buf */
	size_t used;      /* bytes of buf in use */
};

/* Consume lit at *p. */
static bool
fast_lit(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n) != 0)
		return false;
	*p += n;
	return true;
}

/* A JSON integer as the exporter writes it (no leading zeros). */
static bool
fast_int(const char **p, const char *end, int64_t *out)
{
	const char *q = *p;
	bool is_neg = false;
	uint64_t v = 0;

	if (q < end && *q == '-') {
		is_neg = true;
		q++;
	}
	if (q >= end || *q < '0' || *q > '9' ||
	    (*q == '0' && q + 1 < end && q[1] >= '0' && q[1] <= '9'))
		return false;
	for (; q < end && *q >= '0' && *q <= '9'; q++) {
		if (v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*q - '0');
	}
	if (v > (uint64_t)INT64_MAX)
		return false;
	*out = is_neg ? -(int64_t)v : (int64_t)v;
	*p = q;
	return true;
}

/*
 * A non-empty JSON string or null at *p, decoded into f->buf; *out is its
 * offset there, or -1 for null. Only the short escapes are decoded.
 */
static bool
fast_str(struct fast *f, const char **p, const char *end, bool is_nullable,
         long *out)
{
	const char *q = *p, *start;
	size_t at = f->used;

	if (is_nullable && fast_lit(&q, end, "null")) {
		*out = -1;
		*p = q;
		return true;
	}
	if (q >= end || *q != '"')
		return false;
	start = ++q;
	while (q < end && *q != '"') {
		unsigned char c = (unsigned char)*q;

		if (f->used + 2 > f->alloc) {
			f->alloc = f->alloc ? 2 * f->alloc : 4096;
			f->buf = xrealloc(f->buf, f->alloc);
		}
		if (c < 0x20)
			return false;
		if (c != '\\') {
			f->buf[f->used++] = (char)c;
			q++;
			continue;
		}
		if (++q >= end)
			return false;
		switch (*q) {
		case '"':
		case '\\':
		case '/':
			c = (unsigned char)*q;
			break;
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		default:
			return false; /* \u and the rest: jansson's */
		}
		f->buf[f->used++] = (char)c;
		q++;
	}
	if (q >= end || q == start || !utf8_valid(f->buf + at, f->used - at))
		return false;
	if (f->used + 1 > f->alloc) {
		f->alloc = 2 * f->alloc;
		f->buf = xrealloc(f->buf, f->alloc);
	}
	f->buf[f->used++] = '\0';
	*out = (long)at;
	*p = q + 1;
	return true;
}

static bool
fast_hash(const char **p, const char *end, char *out)
{
	const char *q = *p;

	if (end - q < SHA256_HEX_LEN + 2 || *q != '"' ||
	    q[SHA256_HEX_LEN + 1] != '"')
		return false;
	memcpy(out, q + 1, SHA256_HEX_LEN);
	out[SHA256_HEX_LEN] = '\0';
	if (!is_hex_hash(out))
		return false;
	*p = q + SHA256_HEX_LEN + 2;
	return true;
}

/*
 * Whether line[0..n) is an entry in the exporter's form that hashes right
 * and follows prev as entry expect_id; its hash into prev when it does.
 */
static bool
fast_entry(struct fast *f, const char *line, size_t n, int64_t expect_id,
           char *prev)
{
	static const char *const keys[] = {
	    ",\"actor\":", ",\"action\":", ",\"entity\":", ",\"entity_ref\":",
	    ",\"detail\":"};
	const char *p = line, *end = line + n;
	char prev_hash[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
	char computed[SHA256_HEX_LEN + 1], idbuf[24], atbuf[24];
	long off[5];
	int64_t id, at;

	f->used = 0;
	if (!fast_lit(&p, end, "{\"id\":") || !fast_int(&p, end, &id) ||
	    id != expect_id || !fast_lit(&p, end, ",\"at\":") ||
	    !fast_int(&p, end, &at))
		return false;
	for (size_t i = 0; i < 5; i++)
		if (!fast_lit(&p, end, keys[i]) ||
		    !fast_str(f, &p, end, i >= 2, &off[i]))
			return false;
	if (!fast_lit(&p, end, ",\"prev_hash\":") ||
	    !fast_hash(&p, end, prev_hash) ||
	    !fast_lit(&p, end, ",\"hash\":") || !fast_hash(&p, end, hash) ||
	    !fast_lit(&p, end, "}") || p != end || strcmp(prev_hash, prev) != 0)
		return false;
	snprintf(idbuf, sizeof(idbuf), "%" PRId64, id);
	snprintf(atbuf, sizeof(atbuf), "%" PRId64, at);
	audit_fields_hash_with(
	    f->h,
	    &(struct audit_fields){
	        .prev_hash = prev_hash,
	        .id = idbuf,
	        .at = atbuf,
	        .actor = f->buf + off[0],
	        .action = f->buf + off[1],
	        .entity = off[2] < 0 ? NULL : f->buf + off[2],
	        .entity_ref = off[3] < 0 ? NULL : f->buf + off[3],
	        .detail = off[4] < 0 ? NULL : f->buf + off[4],
	    },
	    computed);
	if (strcmp(computed, hash) != 0)
		return false;
	memcpy(prev, hash, sizeof(hash));
	return true;
}

int
audit_jsonl_verify(const char *data, size_t len, struct audit_jsonl_verify *r,
                   struct err *e)
{
	char prev[SHA256_HEX_LEN + 1] = AUDIT_ZERO_HASH;
	struct audit_entry a;
	bool has_head = false;
	size_t line = 0, pos = 0;
	json_t *o = NULL;
	int rc = 0;

	struct fast f = {.h = sha256_new()};

	memset(r, 0, sizeof(*r));
	audit_entry_init(&a);
	/* A byte-order mark (an export saved by a Windows editor) is skipped. */
	pos = utf8_bom_len(data, len);
	while (pos < len) {
		const char *start = data + pos, *nl;
		size_t n;
		json_error_t jerr;

		nl = memchr(start, '\n', len - pos);
		n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		if (has_head) {
			rc =
			    err_set(e, ERR_CORRUPT,
			            "line %zu: text after the head line", line);
			goto out;
		}
		if (n > LINE_MAX_BYTES) {
			rc = err_set(e, ERR_CORRUPT,
			             "line %zu: longer than %d bytes", line,
			             LINE_MAX_BYTES);
			goto out;
		}
		if (n <= LINE_MAX_BYTES &&
		    fast_entry(&f, start, n, r->entries + 1, prev)) {
			r->entries++;
			continue;
		}
		o = json_loadb(start, n, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(o)) {
			rc = err_set(e, ERR_CORRUPT,
			             "line %zu: not a JSON object (%s)", line,
			             o ? "another JSON value" : jerr.text);
			goto out;
		}
		if (json_object_get(o, "head_id")) {
			if ((rc = check_head(o, line, r->entries, prev, e)))
				goto out;
			has_head = true;
		} else {
			rc = check_entry(o, line, r->entries + 1, prev, &a, e);
			if (rc)
				goto out;
			snprintf(prev, sizeof(prev), "%s", a.hash);
			r->entries++;
			audit_entry_release(&a);
		}
		json_decref(o);
		o = NULL;
	}
	if (!has_head) {
		line++;
		rc = err_set(e, ERR_CORRUPT,
		             "line %zu: the head line is missing (the file is "
		             "truncated)",
		             line);
		goto out;
	}
	snprintf(r->head_hash, sizeof(r->head_hash), "%s", prev);
out:
	if (rc)
		r->first_bad_line = line;
	json_decref(o);
	audit_entry_release(&a);
	sha256_free(f.h);
	free(f.buf);
	return rc;
}
