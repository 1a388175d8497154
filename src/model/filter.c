/*
 * The filter language: a hand-written scanner over the source string that
 * appends one struct filter_term per term to a growable array. See
 * include/centinela/model/filter.h for the grammar. Errors report the
 * column (1-based, in UTF-8 characters) where the parser stood, so that the
 * prompt can put the cursor there.
 */
#include "centinela/model/filter.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

struct filter {
	struct filter_term *terms; /* terms in source order (owned) */
	size_t n;                  /* terms used */
	size_t alloc;              /* terms allocated */
};

/* Canonical operator texts, indexed by enum filter_op. */
static const char *const op_names[] = {":", "!=", "<", "<=", ">", ">="};

const char *
filter_op_name(enum filter_op op)
{
	return (size_t)op < ARRAY_SIZE(op_names) ? op_names[op] : "?";
}

/* Parser state: the source and the position in it. */
struct parser {
	const char *s;   /* the whole source */
	size_t pos;      /* byte offset of the next unread byte */
	size_t n_values; /* values read so far, text terms included */
	struct err *e;   /* where errors go (may be NULL) */
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

static bool
at_end_or_blank(const struct parser *p)
{
	return p->s[p->pos] == '\0' || is_blank(p->s[p->pos]);
}

/* 1-based column of byte offset off, counting UTF-8 lead bytes. */
static size_t
column_of(const char *s, size_t off)
{
	size_t col = 1;

	for (size_t i = 0; i < off && s[i]; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

static int
parse_error(struct parser *p, size_t off, const char *what)
{
	return err_set(p->e, ERR_PARSE, "column %zu: %s", column_of(p->s, off),
	               what);
}

static bool
is_field_start(char c)
{
	return isalpha((unsigned char)c);
}

static bool
is_field_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/*
 * Match an operator at s; on success store it and its length. '=' is a
 * synonym of ':'.
 */
static bool
match_op(const char *s, enum filter_op *op, size_t *len)
{
	switch (s[0]) {
	case ':':
	case '=':
		*op = FILTER_OP_EQ;
		*len = 1;
		return true;
	case '!':
		if (s[1] != '=')
			return false;
		*op = FILTER_OP_NE;
		*len = 2;
		return true;
	case '<':
	case '>':
		*op = s[0] == '<' ? (s[1] == '=' ? FILTER_OP_LE : FILTER_OP_LT)
		                  : (s[1] == '=' ? FILTER_OP_GE : FILTER_OP_GT);
		*len = s[1] == '=' ? 2 : 1;
		return true;
	default:
		return false;
	}
}

/*
 * Read a "quoted" string starting at p->pos (on the quote) into out; on
 * success p->pos is just past the closing quote.
 */
static int
read_quoted(struct parser *p, struct strbuf *out)
{
	size_t open = p->pos++;

	for (;;) {
		char c = p->s[p->pos];

		if (c == '\0')
			return parse_error(p, open,
			                   "unterminated quote (expected a "
			                   "closing '\"')");
		p->pos++;
		if (c == '"')
			return 0;
		if (c == '\\' && (p->s[p->pos] == '"' || p->s[p->pos] == '\\'))
			c = p->s[p->pos++];
		strbuf_addch(out, c);
	}
}

/* Read a bare value or word up to a blank (and a comma when is_value). */
static int
read_bare(struct parser *p, bool is_value, struct strbuf *out)
{
	for (;;) {
		char c = p->s[p->pos];

		if (c == '\0' || is_blank(c) || (is_value && c == ','))
			return 0;
		if (c == '"')
			return parse_error(p, p->pos,
			                   "unexpected '\"' inside a word "
			                   "(quote the whole value)");
		strbuf_addch(out, c);
		p->pos++;
	}
}

static struct filter_term *
new_term(struct filter *f)
{
	struct filter_term *t;

	if (f->n == f->alloc) {
		f->alloc = f->alloc ? 2 * f->alloc : 8;
		f->terms = xreallocarray(f->terms, f->alloc, sizeof(*f->terms));
	}
	t = &f->terms[f->n++];
	memset(t, 0, sizeof(*t));
	strvec_init(&t->values);
	return t;
}

static void
term_release(struct filter_term *t)
{
	free(t->field);
	free(t->text);
	strvec_release(&t->values);
}

/* The values after "field op": one, or a comma-separated list. */
static int
parse_values(struct parser *p, struct filter_term *t, const char *lead)
{
	struct strbuf v;
	struct strbuf after;
	int rc = 0;

	strbuf_init(&v);
	strbuf_init(&after);
	strbuf_adds(&after, lead);
	for (;;) {
		char c = p->s[p->pos];

		if (c == '\0' || is_blank(c) || c == ',') {
			strbuf_reset(&v);
			strbuf_addf(&v, "expected a value after '%s'",
			            after.buf);
			rc = parse_error(p, p->pos, v.buf);
			goto out;
		}
		strbuf_reset(&v);
		if (c == '"') {
			rc = read_quoted(p, &v);
			if (rc)
				goto out;
			c = p->s[p->pos];
			if (c != '\0' && !is_blank(c) && c != ',') {
				rc = parse_error(p, p->pos,
				                 "expected a blank or ',' "
				                 "after the closing quote");
				goto out;
			}
		} else {
			rc = read_bare(p, true, &v);
			if (rc)
				goto out;
		}
		strvec_push(&t->values, v.buf);
		p->n_values++;
		if (p->s[p->pos] != ',')
			break;
		if (t->op != FILTER_OP_EQ && t->op != FILTER_OP_NE) {
			strbuf_reset(&v);
			strbuf_addf(&v,
			            "a list of values needs ':' or '!=', "
			            "not '%s'",
			            filter_op_name(t->op));
			rc = parse_error(p, p->pos, v.buf);
			goto out;
		}
		p->pos++;
		strbuf_reset(&after);
		strbuf_adds(&after, ",");
	}
out:
	strbuf_release(&v);
	strbuf_release(&after);
	return rc;
}

/* One term starting at p->pos (not blank, not end). */
static int
parse_term(struct parser *p, struct filter *f)
{
	struct strbuf buf;
	struct filter_term *t = NULL;
	size_t start = p->pos, name_end;
	enum filter_op op = FILTER_OP_EQ;
	size_t op_len = 0;
	bool is_negated = false, is_field = false;
	int rc = 0;

	strbuf_init(&buf);
	if (p->s[p->pos] == '!') {
		is_negated = true;
		p->pos++;
		if (at_end_or_blank(p)) {
			rc = parse_error(
			    p, p->pos, "expected a field or a word after '!'");
			goto out;
		}
	}
	name_end = p->pos;
	if (is_field_start(p->s[name_end])) {
		while (is_field_char(p->s[name_end]))
			name_end++;
		is_field = match_op(p->s + name_end, &op, &op_len);
	}

	if (is_field) {
		t = new_term(f);
		t->kind = FILTER_TERM_FIELD;
		t->is_negated = is_negated;
		t->op = op;
		t->field = xstrndup(p->s + p->pos, name_end - p->pos);
		for (char *c = t->field; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		strbuf_add(&buf, p->s + p->pos, name_end + op_len - p->pos);
		p->pos = name_end + op_len;
		rc = parse_values(p, t, buf.buf);
	} else if (p->s[p->pos] == '"') {
		rc = read_quoted(p, &buf);
		if (rc)
			goto out;
		if (!at_end_or_blank(p)) {
			rc = parse_error(p, p->pos,
			                 "expected a blank after the closing "
			                 "quote");
			goto out;
		}
		t = new_term(f);
		t->kind = FILTER_TERM_TEXT;
		t->is_negated = is_negated;
		t->text = strbuf_detach(&buf, NULL);
		p->n_values++;
	} else {
		size_t word = p->pos;

		rc = read_bare(p, false, &buf);
		if (rc)
			goto out;
		if (strcmp(buf.buf, "OR") == 0) {
			rc = parse_error(p, word,
			                 "'OR' is not supported: terms are "
			                 "always ANDed (write \"OR\" to search "
			                 "for the word)");
			goto out;
		}
		t = new_term(f);
		t->kind = FILTER_TERM_TEXT;
		t->is_negated = is_negated;
		if (buf.len > 1 && buf.buf[buf.len - 1] == '*') {
			t->is_prefix = true;
			strbuf_setlen(&buf, buf.len - 1);
		}
		t->text = strbuf_detach(&buf, NULL);
		p->n_values++;
	}
	if (rc)
		goto out;
	t->start = start;
	t->end = p->pos;
out:
	strbuf_release(&buf);
	return rc;
}

int
filter_parse(const char *s, struct filter **out, struct err *e)
{
	struct parser p = {.s = s ? s : "", .pos = 0, .n_values = 0, .e = e};
	struct filter *f = xcalloc(1, sizeof(*f));
	size_t start;
	int rc = 0;

	*out = NULL;
	for (;;) {
		while (is_blank(p.s[p.pos]))
			p.pos++;
		if (p.s[p.pos] == '\0')
			break;
		start = p.pos;
		rc = parse_term(&p, f);
		if (rc)
			goto out;
		if (f->n > FILTER_TERMS_MAX || p.n_values > FILTER_VALUES_MAX) {
			rc =
			    err_set(e, ERR_LIMIT,
			            "column %zu: a filter holds at most %d "
			            "terms and %d values in all (field:a,b,... "
			            "counts each value); this one has more",
			            column_of(p.s, start), FILTER_TERMS_MAX,
			            FILTER_VALUES_MAX);
			goto out;
		}
	}
	*out = f;
	f = NULL;
out:
	filter_free(f);
	return rc;
}

void
filter_free(struct filter *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++)
		term_release(&f->terms[i]);
	free(f->terms);
	free(f);
}

size_t
filter_term_count(const struct filter *f)
{
	return f ? f->n : 0;
}

const struct filter_term *
filter_term_at(const struct filter *f, size_t i)
{
	return f && i < f->n ? &f->terms[i] : NULL;
}

static void
add_quoted(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addch(out, '\\');
		strbuf_addch(out, *s);
	}
	strbuf_addch(out, '"');
}

static bool
has_blank(const char *s)
{
	for (; *s; s++)
		if (is_blank(*s))
			return true;
	return false;
}

/* A value that would not read back the same when written bare. */
static bool
value_needs_quotes(const char *v)
{
	return !*v || has_blank(v) || strpbrk(v, ",\"");
}

/* A text term that would not read back as the same word when bare. */
static bool
text_needs_quotes(const char *t)
{
	size_t n = strlen(t), i = 0;
	enum filter_op op;
	size_t op_len;

	if (!n || has_blank(t) || strchr(t, '"') || t[0] == '!' ||
	    t[n - 1] == '*' || strcmp(t, "OR") == 0)
		return true;
	if (!is_field_start(t[0]))
		return false;
	while (is_field_char(t[i]))
		i++;
	return match_op(t + i, &op, &op_len);
}

void
filter_format(const struct filter *f, struct strbuf *out)
{
	for (size_t i = 0; i < filter_term_count(f); i++) {
		const struct filter_term *t = &f->terms[i];

		if (i)
			strbuf_addch(out, ' ');
		if (t->is_negated)
			strbuf_addch(out, '!');
		if (t->kind == FILTER_TERM_TEXT) {
			if (t->is_prefix) {
				strbuf_adds(out, t->text);
				strbuf_addch(out, '*');
			} else if (text_needs_quotes(t->text)) {
				add_quoted(out, t->text);
			} else {
				strbuf_adds(out, t->text);
			}
			continue;
		}
		strbuf_adds(out, t->field);
		strbuf_adds(out, filter_op_name(t->op));
		for (size_t j = 0; j < t->values.n; j++) {
			if (j)
				strbuf_addch(out, ',');
			if (value_needs_quotes(t->values.v[j]))
				add_quoted(out, t->values.v[j]);
			else
				strbuf_adds(out, t->values.v[j]);
		}
	}
}
