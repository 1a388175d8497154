/*
 * Reading a document as it arrives: see feed_stream_open() in
 * include/centinela/feed/feed.h.
 *
 * A document is a bare array of items, or an object (a page) whose member
 * "data" (or the reader's list) is that array (or one item) beside a few
 * other members. The
 * scanner below finds where each item starts and ends without building
 * it: strings (with their escapes) and the nesting of [] and {} are all it
 * follows. Each item's bytes then go to jansson and the item to the
 * adapter's reader, so memory holds one item at a time however long the
 * document is. The page's other members are parsed the same way, each
 * whole, and those the adapter names are kept for its envelope check at
 * the end.
 *
 * The syntax inside an item or member is jansson's to judge; the scanner
 * judges the frame (the brackets, commas and colons between items and
 * members) and counts lines and columns as jansson does (a column is a
 * character, a UTF-8 sequence counting once), so that an error anywhere
 * names its place in the document. Nesting is capped at FEED_MAX_DEPTH
 * while scanning, before anything deep is buffered.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "internal.h"

/* Members of a page, "data" included, before the document is refused. */
#define PAGE_MEMBERS_MAX 256

/* Where the scanner is in the frame of the document. */
enum where {
	W_START,     /* before the document: blanks, then '[' or '{' */
	W_ARR_FIRST, /* after '[': ']' or an item */
	W_ARR_NEXT,  /* after ',' in the array: an item */
	W_ARR_AFTER, /* after an item: ',' or ']' */
	W_OBJ_FIRST, /* after the page's '{': '}' or a member name */
	W_OBJ_NEXT,  /* after ',' in the page: a member name */
	W_OBJ_COLON, /* after a member name: ':' */
	W_OBJ_VALUE, /* after ':': the member's value */
	W_OBJ_AFTER, /* after a member's value: ',' or '}' */
	W_VALUE,     /* inside a value being read (see enum value_kind) */
	W_END,       /* after the document: blanks only */
};

/* What the value being read is. */
enum value_kind {
	V_ITEM,   /* an item, for the reader */
	V_NAME,   /* a member name of the page */
	V_MEMBER, /* a member value of the page other than the data array */
};

struct feed_stream {
	const struct feed_stream_reader *rd; /* the adapter's reader */
	struct feed_batch *batch;            /* objects go here (borrowed) */
	size_t max_bytes;                    /* document cap */
	size_t total;                        /* bytes pushed so far */
	int rc;                              /* first failure, sticky */

	unsigned char bom[3]; /* leading bytes held while they may be a BOM */
	size_t n_bom;         /* bytes in bom */
	bool is_bom_done;     /* the BOM question is settled */

	enum where where;  /* place in the frame */
	bool is_in_data;   /* the array being read is the page's "data" */
	bool is_page;      /* the document is an object */
	int data_type;     /* json_type of "data", -1 while not seen */
	long line, column; /* of the last byte read (column 0: none yet) */
	size_t index;      /* index of the next item */

	/* The value being read. */
	enum value_kind kind;       /* what it is */
	int base;                   /* nesting around it */
	int depth;                  /* open brackets inside it */
	bool is_string, is_escaped; /* inside a string; after a backslash */
	bool is_scalar;             /* a number, true, false or null */
	long vline, vcolumn;        /* where it starts */
	struct strbuf value;        /* its bytes */

	char *name;          /* member whose value is next (owned) */
	struct strvec names; /* members seen, for duplicates */
	json_t *members;     /* members kept for the envelope (owned) */
};

int
feed_stream_open(const struct feed_ops *ops, const char *resource,
                 struct feed_batch *batch, struct feed_stream **out,
                 struct err *e)
{
	const struct feed_stream_reader *rd;
	struct feed_stream *fs;
	int rc;

	*out = NULL;
	if ((rc = feed_check_resource(ops, resource, e)))
		return rc;
	rd = ops->stream_reader ? ops->stream_reader(resource) : NULL;
	if (!rd)
		return err_set(e, ERR_INVALID,
		               "adapter '%s' reads '%s' only as a whole "
		               "document",
		               ops->name, resource);
	fs = xcalloc(1, sizeof(*fs));
	fs->rd = rd;
	fs->batch = batch;
	fs->max_bytes = batch->max_bytes;
	fs->where = W_START;
	fs->data_type = -1;
	fs->line = 1;
	strbuf_init(&fs->value);
	strvec_init(&fs->names);
	fs->members = json_object();
	if (!fs->members)
		die("out of memory");
	*out = fs;
	return 0;
}

void
feed_stream_free(struct feed_stream *fs)
{
	if (!fs)
		return;
	strbuf_release(&fs->value);
	strvec_release(&fs->names);
	free(fs->name);
	json_decref(fs->members);
	free(fs);
}

/* Fail the stream with ERR_PARSE: what went wrong at line, column. */
static int
fail_at(struct feed_stream *fs, struct err *e, long line, long column,
        const char *what)
{
	fs->rc = ERR_PARSE;
	return err_set(e, ERR_PARSE, "invalid JSON at line %ld, column %ld: %s",
	               line, column, what);
}

/* The page member holding the items. */
static const char *
list_name(const struct feed_stream *fs)
{
	return fs->rd->list ? fs->rd->list : "data";
}

/* A byte that is not where the frame allows it. */
static int
unexpected(struct feed_stream *fs, struct err *e, unsigned char c,
           const char *expected)
{
	struct strbuf sb;
	int rc;

	strbuf_init(&sb);
	if (c >= 0x20 && c < 0x7f && c != '\'')
		strbuf_addf(&sb, "%s expected near '%c'", expected, c);
	else
		strbuf_addf(&sb, "%s expected near byte 0x%02x", expected, c);
	rc = fail_at(fs, e, fs->line, fs->column, sb.buf);
	strbuf_release(&sb);
	return rc;
}

/* Parse the value read (any JSON value); NULL after failing the stream. */
static json_t *
load_value(struct feed_stream *fs, struct err *e)
{
	json_error_t jerr;
	json_t *v;
	long line, column;

	v = json_loadb(
	    fs->value.buf, fs->value.len,
	    JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
	if (v)
		return v;
	/* jansson counts from the value's start; the document from its own. */
	line = fs->vline + (jerr.line > 0 ? jerr.line - 1 : 0);
	column = jerr.line <= 1
	             ? fs->vcolumn - 1 + (jerr.column > 0 ? jerr.column : 1)
	             : jerr.column;
	fail_at(fs, e, line, column, jerr.text);
	return NULL;
}

/* The value read is complete: hand it on. */
static int
value_done(struct feed_stream *fs, struct err *e)
{
	json_t *v = load_value(fs, e);
	const char *name;

	if (!v)
		return ERR_PARSE;
	switch (fs->kind) {
	case V_ITEM:
		feed_read_item(v, fs->index++, fs->batch, fs->rd->read,
		               fs->rd->key, fs->rd->label_key);
		fs->batch->n_items++;
		fs->where = fs->is_in_data && fs->data_type == JSON_OBJECT
		                ? W_OBJ_AFTER
		                : W_ARR_AFTER;
		break;
	case V_NAME:
		name = json_string_value(v);
		if (!name || strlen(name) != json_string_length(v)) {
			json_decref(v);
			return fail_at(fs, e, fs->line, fs->column,
			               "member name with a NUL character");
		}
		if (strvec_find(&fs->names, name) >= 0) {
			struct strbuf sb;

			strbuf_init(&sb);
			strbuf_adds(&sb, "duplicate object key near ");
			feed_quote(&sb, name);
			fail_at(fs, e, fs->line, fs->column, sb.buf);
			strbuf_release(&sb);
			json_decref(v);
			return ERR_PARSE;
		}
		if (fs->names.n >= PAGE_MEMBERS_MAX) {
			json_decref(v);
			fs->rc = ERR_LIMIT;
			return err_set(e, ERR_LIMIT,
			               "a page of more than %d members",
			               PAGE_MEMBERS_MAX);
		}
		strvec_push(&fs->names, name);
		free(fs->name);
		fs->name = xstrdup(name);
		fs->where = W_OBJ_COLON;
		break;
	case V_MEMBER:
		if (strcmp(fs->name, list_name(fs)) == 0)
			fs->data_type = json_typeof(v);
		for (const char *const *m = fs->rd->members; m && *m; m++)
			if (strcmp(*m, fs->name) == 0 &&
			    json_object_set(fs->members, fs->name, v))
				die("out of memory");
		fs->where = W_OBJ_AFTER;
		break;
	}
	json_decref(v);
	strbuf_reset(&fs->value);
	return 0;
}

/* Open a bracket in the value; ERR_LIMIT past FEED_MAX_DEPTH. */
static int
open_bracket(struct feed_stream *fs, struct err *e)
{
	if (fs->base + ++fs->depth > FEED_MAX_DEPTH) {
		fs->rc = ERR_LIMIT;
		return err_set(e, ERR_LIMIT,
		               "document nests deeper than %d levels",
		               FEED_MAX_DEPTH);
	}
	return 0;
}

/* Start reading a value of kind at c (its first byte), nested in base. */
static int
value_start(struct feed_stream *fs, enum value_kind kind, int base,
            unsigned char c, struct err *e)
{
	fs->kind = kind;
	fs->base = base;
	fs->depth = 0;
	fs->is_string = c == '"';
	fs->is_escaped = false;
	fs->is_scalar = !strchr("\"[{", c);
	fs->vline = fs->line;
	fs->vcolumn = fs->column;
	fs->where = W_VALUE;
	strbuf_reset(&fs->value);
	strbuf_addch(&fs->value, c);
	if (c == '[' || c == '{')
		return open_bracket(fs, e);
	return 0;
}

/* Largest value kept whole: an item, or a member of the page. */
static size_t
value_max(const struct feed_stream *fs)
{
	return fs->max_bytes < FEED_ITEM_MAX ? fs->max_bytes : FEED_ITEM_MAX;
}

/*
 * One byte c inside the value. Returns 0 to go on, 1 when the value ended
 * with c, 2 when it ended before c (a number or a literal ends at the
 * byte after it), or a negative code.
 */
static int
value_byte(struct feed_stream *fs, unsigned char c, struct err *e)
{
	if (fs->is_scalar && fs->depth == 0 &&
	    (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' ||
	     c == ']' || c == '}' || c == ':'))
		return 2;
	if (fs->value.len >= value_max(fs)) {
		fs->rc = ERR_LIMIT;
		return err_set(e, ERR_LIMIT,
		               "%s starting at line %ld is over the limit of "
		               "%zu bytes",
		               fs->kind == V_ITEM ? "an item" : "a member",
		               fs->vline, value_max(fs));
	}
	strbuf_addch(&fs->value, c);
	if (fs->is_string) {
		if (fs->is_escaped)
			fs->is_escaped = false;
		else if (c == '\\')
			fs->is_escaped = true;
		else if (c == '"') {
			fs->is_string = false;
			if (fs->depth == 0)
				return 1;
		}
		return 0;
	}
	if (fs->is_scalar)
		return 0;
	switch (c) {
	case '"':
		fs->is_string = true;
		break;
	case '[':
	case '{':
		return open_bracket(fs, e);
	case ']':
	case '}':
		if (--fs->depth == 0)
			return 1;
		break;
	default:
		break;
	}
	return 0;
}

/* The array being read ended. */
static void
array_end(struct feed_stream *fs)
{
	if (fs->is_in_data) {
		fs->data_type = JSON_ARRAY;
		fs->where = W_OBJ_AFTER;
	} else {
		fs->where = W_END;
	}
}

/* One byte c of the frame (outside values). */
static int
frame_byte(struct feed_stream *fs, unsigned char c, struct err *e)
{
	if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
		return 0;
	switch (fs->where) {
	case W_START:
		if (c == '[' && fs->rd->needs_page)
			return unexpected(fs, e, c, "'{'");
		if (c == '[') {
			fs->where = W_ARR_FIRST;
			return 0;
		}
		if (c == '{') {
			fs->is_page = true;
			fs->where = W_OBJ_FIRST;
			return 0;
		}
		return unexpected(fs, e, c, "'[' or '{'");
	case W_ARR_FIRST:
		if (c == ']') {
			array_end(fs);
			return 0;
		}
		/* fall through */
	case W_ARR_NEXT:
		if (c == ']' || c == ',' || c == '}' || c == ':')
			return unexpected(fs, e, c, "an item");
		return value_start(fs, V_ITEM, fs->is_in_data ? 2 : 1, c, e);
	case W_ARR_AFTER:
		if (c == ',') {
			fs->where = W_ARR_NEXT;
			return 0;
		}
		if (c == ']') {
			array_end(fs);
			return 0;
		}
		return unexpected(fs, e, c, "',' or ']'");
	case W_OBJ_FIRST:
		if (c == '}') {
			fs->where = W_END;
			return 0;
		}
		/* fall through */
	case W_OBJ_NEXT:
		if (c != '"')
			return unexpected(fs, e, c, "a member name");
		return value_start(fs, V_NAME, 1, c, e);
	case W_OBJ_COLON:
		if (c != ':')
			return unexpected(fs, e, c, "':'");
		fs->where = W_OBJ_VALUE;
		return 0;
	case W_OBJ_VALUE:
		if (c == ']' || c == ',' || c == '}' || c == ':')
			return unexpected(fs, e, c, "a value");
		if (strcmp(fs->name, list_name(fs)) == 0 && c == '[') {
			fs->is_in_data = true;
			fs->where = W_ARR_FIRST;
			return 0; /* depth 2 of FEED_MAX_DEPTH */
		}
		if (strcmp(fs->name, list_name(fs)) == 0 && c == '{') {
			/* {"data": OBJECT}: a page of one item. */
			fs->is_in_data = true;
			fs->data_type = JSON_OBJECT;
			return value_start(fs, V_ITEM, 1, c, e);
		}
		return value_start(fs, V_MEMBER, 1, c, e);
	case W_OBJ_AFTER:
		if (c == ',') {
			fs->where = W_OBJ_NEXT;
			return 0;
		}
		if (c == '}') {
			fs->where = W_END;
			return 0;
		}
		return unexpected(fs, e, c, "',' or '}'");
	case W_END:
		return unexpected(fs, e, c, "end of file");
	case W_VALUE:
		break;
	}
	return 0;
}

/* Scan p[0..n): the document's bytes after a byte-order mark. */
static int
scan(struct feed_stream *fs, const char *p, size_t n, struct err *e)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		unsigned char c = (unsigned char)p[i];

		/*
		 * Inside a string of a value, the bytes up to a quote, a
		 * backslash or a newline go in whole (as value_byte would
		 * add them one at a time, within the value's limit).
		 */
		if (fs->where == W_VALUE && fs->is_string && !fs->is_escaped) {
			size_t max = value_max(fs), j = i;
			size_t room =
			    fs->value.len < max ? max - fs->value.len : 0;

			while (j < n && j - i < room && p[j] != '"' &&
			       p[j] != '\\' && p[j] != '\n') {
				if (((unsigned char)p[j] & 0xC0) != 0x80)
					fs->column++;
				j++;
			}
			if (j > i) {
				strbuf_add(&fs->value, p + i, j - i);
				i = j - 1;
				continue;
			}
		}
		if (c == '\n') {
			fs->line++;
			fs->column = 0;
		} else if ((c & 0xC0) != 0x80) {
			fs->column++;
		}
		if (fs->where != W_VALUE) {
			rc = frame_byte(fs, c, e);
			continue;
		}
		rc = value_byte(fs, c, e);
		if (rc == 1) {
			rc = value_done(fs, e);
		} else if (rc == 2) {
			/* c follows the value: it is the frame's. */
			rc = value_done(fs, e);
			if (!rc)
				rc = frame_byte(fs, c, e);
		}
	}
	return rc;
}

int
feed_stream_push(struct feed_stream *fs, const char *bytes, size_t len,
                 struct err *e)
{
	static const unsigned char bom[3] = {0xef, 0xbb, 0xbf};
	size_t i = 0;
	int rc;

	if (fs->rc)
		return err_set(e, fs->rc, "the document was already refused");
	if (len > fs->max_bytes - fs->total) {
		fs->rc = ERR_LIMIT;
		return err_set(e, ERR_LIMIT,
		               "document is over the limit of %zu bytes",
		               fs->max_bytes);
	}
	fs->total += len;
	/* A byte-order mark is not JSON, but Windows editors write one. */
	while (!fs->is_bom_done && i < len) {
		fs->bom[fs->n_bom] = (unsigned char)bytes[i++];
		if (fs->bom[fs->n_bom] != bom[fs->n_bom]) {
			fs->is_bom_done = true;
			if ((rc = scan(fs, (const char *)fs->bom, fs->n_bom + 1,
			               e)))
				return rc;
		} else if (++fs->n_bom == sizeof(bom)) {
			fs->is_bom_done = true;
		}
	}
	return scan(fs, bytes + i, len - i, e);
}

int
feed_stream_finish(struct feed_stream *fs, struct err *e)
{
	int rc;

	if (fs->rc)
		return err_set(e, fs->rc, "the document was already refused");
	if (!fs->is_bom_done) {
		fs->is_bom_done = true;
		if ((rc = scan(fs, (const char *)fs->bom, fs->n_bom, e)))
			return rc;
	}
	/* A number or literal at the very end ends there. */
	if (fs->where == W_VALUE && fs->is_scalar && (rc = value_done(fs, e)))
		return rc;
	if (fs->where == W_START)
		return fail_at(fs, e, fs->line, fs->column,
		               "'[' or '{' expected near end of file");
	if (fs->where != W_END)
		return fail_at(fs, e, fs->line, fs->column,
		               "premature end of input");
	if (!fs->is_page)
		return 0;
	if (fs->data_type != JSON_ARRAY && fs->data_type != JSON_OBJECT) {
		fs->rc = ERR_PARSE;
		return err_set(
		    e, ERR_PARSE,
		    "expected a page {\"%s\": [...]}%s%s, not an object %s '%s'%s",
		    list_name(fs), fs->rd->needs_page ? "" : " or an array of ",
		    fs->rd->needs_page ? "" : fs->rd->what,
		    fs->data_type < 0 ? "without" : "whose", list_name(fs),
		    fs->data_type < 0 ? "" : " is not an array");
	}
	if (fs->rd->envelope &&
	    (rc = fs->rd->envelope(fs->members, fs->data_type == JSON_OBJECT,
	                           fs->batch, e)))
		fs->rc = rc;
	return fs->rc;
}
