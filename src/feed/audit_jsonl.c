/*
 * Verifying an exported audit trail: see include/centinela/feed/audit_jsonl.h
 * and export/audit.h for the format.
 */
#include "centinela/feed/audit_jsonl.h"

#include <inttypes.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
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
 * Text field key of o into *out (borrowed from o; NULL for null or
 * absent). *is_malformed when it is required and absent, or empty, which
 * the store never writes. False when it is of another type.
 */
static bool
get_text(json_t *o, const char *key, bool is_required, const char **out,
         bool *is_malformed)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!v || json_is_null(v)) {
		if (is_required)
			*is_malformed = true;
		return true;
	}
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	if (json_string_length(v) == 0)
		*is_malformed = true;
	return true;
}

/* A hash field: as it is, malformed unless 64 lower-case hex digits. */
static bool
get_hash(json_t *o, const char *key, const char **out, bool *is_malformed)
{
	json_t *v = json_object_get(o, key);

	*out = NULL;
	if (!json_is_string(v) || !is_hex_hash(json_string_value(v)))
		*is_malformed = true;
	if (json_is_string(v))
		*out = json_string_value(v);
	return true;
}

/*
 * Read an entry object into l (borrowing o's strings). False when it cannot
 * be walked at all (an id or a time that is not an integer, a text field of
 * another type); l->is_malformed when a field is missing or empty.
 */
static bool
read_link(json_t *o, struct audit_link *l)
{
	json_t *id = json_object_get(o, "id"), *at = json_object_get(o, "at");

	memset(l, 0, sizeof(*l));
	if (!json_is_integer(id) || !json_is_integer(at))
		return false;
	l->id = json_integer_value(id);
	l->at = json_integer_value(at);
	return get_text(o, "actor", true, &l->actor, &l->is_malformed) &&
	       get_text(o, "action", true, &l->action, &l->is_malformed) &&
	       get_text(o, "entity", false, &l->entity, &l->is_malformed) &&
	       get_text(o, "entity_ref", false, &l->entity_ref,
	                &l->is_malformed) &&
	       get_text(o, "detail", false, &l->detail, &l->is_malformed) &&
	       get_hash(o, "prev_hash", &l->prev_hash, &l->is_malformed) &&
	       get_hash(o, "hash", &l->hash, &l->is_malformed);
}

/* Say what is wrong with entry l on line, which broke its segment. */
static void
say_bad(struct strbuf *msg, size_t line, const struct audit_link *l,
        const struct audit_step *st)
{
	char when[TIME_ISO_MAX];

	strbuf_reset(msg);
	if (l->is_malformed) {
		strbuf_addf(msg,
		            "line %zu: not an audit entry (a field is "
		            "missing, empty or of the wrong type)",
		            line);
	} else if (st->bad & AUDIT_BAD_HASH) {
		time_format_iso8601(l->at, when);
		strbuf_addf(msg,
		            "line %zu: hash does not match its fields (entry "
		            "%" PRId64 ", %s, %s by %s)",
		            line, l->id, when, l->action, l->actor);
	} else if (st->bad & (AUDIT_BAD_GAP | AUDIT_BAD_ORDER)) {
		strbuf_addf(msg,
		            "line %zu holds entry %" PRId64
		            " where entry %" PRId64 " belongs (a line was "
		            "deleted or moved)",
		            line, l->id, st->expect_id);
	} else {
		strbuf_addf(msg,
		            "line %zu: entry %" PRId64 " does not follow "
		            "the line before (reordered, or a line was "
		            "replaced)",
		            line, l->id);
	}
}

/* The walk of a file, with what is wrong with its current segment. */
struct file_walk {
	struct audit_walk w; /* the walk */
	struct strbuf msg;   /* what is wrong with w.bad_id */
	size_t bad_line;     /* the line it is on */
};

/*
 * A break the walk cannot see (an unreadable line, the head): at line,
 * described by fmt, unless the segment is broken already.
 */
static void say_break(struct file_walk *fw, size_t line, bool is_unreadable,
                      const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
say_break(struct file_walk *fw, size_t line, bool is_unreadable,
          const char *fmt, ...)
{
	va_list ap;

	if (!audit_walk_break(&fw->w, fw->w.next_id, is_unreadable))
		return;
	fw->bad_line = line;
	strbuf_reset(&fw->msg);
	va_start(ap, fmt);
	strbuf_vaddf(&fw->msg, fmt, ap);
	va_end(ap);
}

/* Take the entry l on line. */
static void
take(struct file_walk *fw, size_t line, const struct audit_link *l)
{
	struct audit_step st;

	audit_walk_step(&fw->w, l, &st);
	if (st.bad) {
		fw->bad_line = line;
		say_bad(&fw->msg, line, l, &st);
	}
}

/* Check the head line o on line against the end of the walk. */
static void
check_head(struct file_walk *fw, json_t *o, size_t line)
{
	json_t *id = json_object_get(o, "head_id"),
	       *hash = json_object_get(o, "head_hash");
	int64_t last_id = fw->w.last_id;

	if (!json_is_integer(id) || !json_is_string(hash) ||
	    !is_hex_hash(json_string_value(hash)))
		say_break(fw, line, false,
		          "line %zu: not a head line (head_id and "
		          "head_hash expected)",
		          line);
	else if (json_integer_value(id) != last_id)
		say_break(fw, line, false,
		          "line %zu: the head records entry %" PRId64
		          " but the chain ends at entry %" PRId64
		          " (lines were deleted)",
		          line, (int64_t)json_integer_value(id), last_id);
	else if (strcmp(json_string_value(hash), fw->w.prev) != 0)
		say_break(fw, line, false,
		          "line %zu: the head records another hash for "
		          "entry %" PRId64 " (head forged)",
		          line, last_id);
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
	char *buf;    /* decoded strings, NUL-separated (owned) */
	size_t alloc; /* bytes in buf */
	size_t used;  /* bytes of buf in use */
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
 * Whether line[0..n) is an entry in the exporter's form; then its fields
 * into l, borrowing f->buf and prev_hash, hash[SHA256_HEX_LEN + 1].
 */
static bool
fast_parse(struct fast *f, const char *line, size_t n, struct audit_link *l,
           char *prev_hash, char *hash)
{
	static const char *const keys[] = {
	    ",\"actor\":", ",\"action\":", ",\"entity\":", ",\"entity_ref\":",
	    ",\"detail\":"};
	const char *p = line, *end = line + n;
	long off[5];

	f->used = 0;
	memset(l, 0, sizeof(*l));
	if (!fast_lit(&p, end, "{\"id\":") || !fast_int(&p, end, &l->id) ||
	    !fast_lit(&p, end, ",\"at\":") || !fast_int(&p, end, &l->at))
		return false;
	for (size_t i = 0; i < 5; i++)
		if (!fast_lit(&p, end, keys[i]) ||
		    !fast_str(f, &p, end, i >= 2, &off[i]))
			return false;
	if (!fast_lit(&p, end, ",\"prev_hash\":") ||
	    !fast_hash(&p, end, prev_hash) ||
	    !fast_lit(&p, end, ",\"hash\":") || !fast_hash(&p, end, hash) ||
	    !fast_lit(&p, end, "}") || p != end)
		return false;
	/* f->buf is final now: point into it */
	l->actor = f->buf + off[0];
	l->action = f->buf + off[1];
	l->entity = off[2] < 0 ? NULL : f->buf + off[2];
	l->entity_ref = off[3] < 0 ? NULL : f->buf + off[3];
	l->detail = off[4] < 0 ? NULL : f->buf + off[4];
	l->prev_hash = prev_hash;
	l->hash = hash;
	return true;
}

int
audit_jsonl_verify(const char *data, size_t len, struct audit_jsonl_verify *r,
                   struct err *e)
{
	char prev_hash[SHA256_HEX_LEN + 1], hash[SHA256_HEX_LEN + 1];
	struct file_walk fw = {.bad_line = 0};
	struct fast f = {.buf = NULL};
	struct audit_link l;
	bool has_head = false;
	size_t line = 0, pos = 0;
	int rc = 0;

	memset(r, 0, sizeof(*r));
	audit_walk_init(&fw.w);
	strbuf_init(&fw.msg);
	/* A byte-order mark (an export saved by a Windows editor) is skipped. */
	pos = utf8_bom_len(data, len);
	while (pos < len) {
		const char *start = data + pos, *nl;
		json_error_t jerr;
		json_t *o;
		size_t n;

		nl = memchr(start, '\n', len - pos);
		n = nl ? (size_t)(nl - start) : len - pos;
		pos += n + (nl ? 1 : 0);
		line++;
		if (has_head) {
			say_break(&fw, line, false,
			          "line %zu: text after the head line", line);
			break;
		}
		if (n > LINE_MAX_BYTES) {
			say_break(&fw, line, true,
			          "line %zu: longer than %d bytes", line,
			          LINE_MAX_BYTES);
			continue;
		}
		if (fast_parse(&f, start, n, &l, prev_hash, hash)) {
			take(&fw, line, &l);
			continue;
		}
		o = json_loadb(start, n, JSON_REJECT_DUPLICATES, &jerr);
		if (!json_is_object(o))
			say_break(&fw, line, true,
			          "line %zu: not a JSON object (%s)", line,
			          o ? "another JSON value" : jerr.text);
		else if (json_object_get(o, "head_id"))
			check_head(&fw, o, line);
		else if (!read_link(o, &l))
			say_break(&fw, line, true,
			          "line %zu: not an audit entry (a field is "
			          "missing, empty or of the wrong type)",
			          line);
		else
			take(&fw, line, &l);
		has_head = o && json_object_get(o, "head_id");
		json_decref(o);
	}
	if (!has_head && fw.w.bad_id == 0)
		say_break(&fw, line + 1, false,
		          "line %zu: the head line is missing (the file is "
		          "truncated)",
		          line + 1);
	r->entries = fw.w.entries;
	r->seals = fw.w.seals;
	r->last_seal = fw.w.last_seal;
	if (fw.w.bad_id) {
		if (fw.w.bad_seal_id)
			strbuf_addf(&fw.msg,
			            "; the seal at entry %" PRId64 " does not "
			            "hold (it, or an entry it sealed, was "
			            "changed after sealing)",
			            fw.w.bad_seal_id);
		r->first_bad_line = fw.bad_line;
		rc = err_set(e, ERR_CORRUPT, "%s", fw.msg.buf);
	} else {
		memcpy(r->head_hash, fw.w.prev, sizeof(r->head_hash));
	}
	audit_walk_release(&fw.w);
	strbuf_release(&fw.msg);
	free(f.buf);
	return rc;
}
