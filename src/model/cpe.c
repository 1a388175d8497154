/*
 * CPE 2.3 formatted strings and NISTIR 7696 name matching; the rules are
 * in cpe.h.
 *
 * The parser works in one pass over each attribute: it reads characters as
 * (byte, quoted) pairs, takes an unquoted '*' or run of '?' off each end as
 * the lead and trail wildcards, refuses any other unquoted wildcard, and
 * writes the literal characters (unquoted) into the name's one buffer.
 */
#include "centinela/model/cpe.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/asset.h"

#define PREFIX     "cpe:2.3:"
#define PREFIX_LEN (sizeof(PREFIX) - 1)

static const char *const attr_names[CPE_N_ATTRS] = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other",
};

const char *
cpe_attr_name(enum cpe_attr a)
{
	return (unsigned)a < CPE_N_ATTRS ? attr_names[a] : "?";
}

bool
cpe_value_has_wildcards(const struct cpe_value *v)
{
	return v->kind == CPE_STRING && (v->lead || v->trail);
}

void
cpe_name_init(struct cpe_name *n)
{
	memset(n, 0, sizeof(*n));
	for (int i = 0; i < CPE_N_ATTRS; i++) {
		n->attr[i].kind = CPE_ANY;
		n->attr[i].lit = "";
	}
}

void
cpe_name_release(struct cpe_name *n)
{
	free(n->buf);
	cpe_name_init(n);
}

static bool
is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	       (c >= 'A' && c <= 'Z');
}

static bool
is_printable(unsigned char c)
{
	return c > ' ' && c < 0x7f;
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/*
 * The end of the attribute starting at p: the first unquoted ':' or the
 * NUL. A '\' before the NUL stops there (the attribute parser reports it).
 */
static const char *
attr_end(const char *p)
{
	while (*p && *p != ':') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return p;
}

/* True when *p, inside [p, end), is the wildcard c ('*' or '?'). */
static bool
is_wild(const char *p, const char *end, char c)
{
	return p < end && *p == c;
}

/*
 * Parse the attribute [p, end) into *v; literals go to *out (advanced past
 * the literal's NUL) unless out is NULL.
 */
static int
parse_attr(enum cpe_attr a, const char *p, const char *end, struct cpe_value *v,
           char **out, struct err *e)
{
	const char *name = attr_names[a], *body, *tail, *q;
	char *lit = out ? *out : NULL;
	size_t len = 0;

	v->kind = CPE_STRING;
	v->lead = v->trail = 0;
	v->lit = "";
	v->len = 0;
	if (end - p == 1 && (*p == '*' || *p == '-')) {
		v->kind = *p == '*' ? CPE_ANY : CPE_NA;
		return 0;
	}
	/* The lead: one '*' or a run of '?' (a '\' quotes what follows). */
	body = p;
	if (is_wild(body, end, '*')) {
		v->lead = CPE_WILD_STAR;
		body++;
	} else {
		while (is_wild(body, end, '?')) {
			v->lead++;
			body++;
		}
	}
	/*
	 * The trail, found from the end: an unquoted wildcard is one not
	 * preceded by an odd run of '\'.
	 */
	for (q = end; q > body && (q[-1] == '*' || q[-1] == '?');) {
		size_t slashes = 0;

		for (const char *s = q - 1; s > p && s[-1] == '\\'; s--)
			slashes++;
		if (slashes % 2)
			break;
		if (q[-1] == '*') {
			if (v->trail || q != end)
				break;
			v->trail = CPE_WILD_STAR;
			q--;
			break;
		}
		v->trail++;
		q--;
	}
	tail = q;
	for (q = body; q < tail; q++) {
		unsigned char c = (unsigned char)*q;

		if (c == '\\') {
			unsigned char d = (unsigned char)q[1];

			if (q + 1 >= end)
				return err_set(
				    e, ERR_PARSE,
				    "attribute '%s' ends with a lone "
				    "'\\' (quote a backslash as '\\\\')",
				    name);
			if (!is_printable(d))
				return err_set(
				    e, ERR_PARSE,
				    "attribute '%s': '\\' before character "
				    "0x%02x (only printable ASCII is allowed)",
				    name, d);
			if (is_alnum(d))
				return err_set(
				    e, ERR_PARSE,
				    "attribute '%s': '\\%c' quotes a letter or "
				    "digit (only punctuation is quoted)",
				    name, d);
			c = d;
			q++;
		} else if (!is_printable(c)) {
			return err_set(
			    e, ERR_PARSE,
			    "attribute '%s': character 0x%02x is not "
			    "allowed (only printable ASCII)",
			    name, c);
		} else if (c == '*' || c == '?') {
			return err_set(
			    e, ERR_PARSE,
			    "attribute '%s': unquoted '%c' inside the "
			    "value (a wildcard may only start or end "
			    "it; quote a literal one as '\\%c')",
			    name, c, c);
		}
		if (lit)
			lit[len] = (char)c;
		len++;
	}
	if (lit) {
		lit[len] = '\0';
		v->lit = lit;
		*out = lit + len + 1;
	}
	v->len = len;
	return 0;
}

/*
 * The part is one letter or ANY; its value points at static text, so that
 * a check without a buffer reads it the same way.
 */
static int
parse_part(const char *p, const char *end, struct cpe_value *v, struct err *e)
{
	static const char letters[] = "aoh", parts[] = "a\0o\0h";
	const char *l;

	v->kind = CPE_ANY;
	v->lit = "";
	v->len = 0;
	v->lead = v->trail = 0;
	if (end - p == 1 && *p == '*')
		return 0;
	l = end - p == 1 ? strchr(letters, lower(*p)) : NULL;
	if (l && *l) {
		v->kind = CPE_STRING;
		v->lit = parts + (l - letters) * 2;
		v->len = 1;
		return 0;
	}
	return err_set(e, ERR_PARSE,
	               "attribute 'part' must be 'a' (application), 'o' "
	               "(operating system), 'h' (hardware) or '*'");
}

/* The parser: into v[] with literals in buf, or only a check (buf NULL). */
static int
parse(const char *s, struct cpe_value *v, char *buf, struct err *e)
{
	const char *p = s + PREFIX_LEN, *end;
	char *out = buf;
	int rc;

	if (strncmp(s, PREFIX, PREFIX_LEN) != 0)
		return err_set(e, ERR_PARSE,
		               "not a CPE 2.3 formatted string (it must start "
		               "with 'cpe:2.3:')");
	for (int a = 0; a < CPE_N_ATTRS; a++) {
		end = attr_end(p);
		if (p == end)
			return err_set(e, ERR_PARSE,
			               "attribute '%s' is empty (write '*' for "
			               "any value or '-' for not applicable)",
			               attr_names[a]);
		if (a == CPE_PART)
			rc = parse_part(p, end, &v[a], e);
		else
			rc = parse_attr((enum cpe_attr)a, p, end, &v[a],
			                buf ? &out : NULL, e);
		if (rc)
			return rc;
		if (a < CPE_N_ATTRS - 1 && *end != ':')
			return err_set(
			    e, ERR_PARSE,
			    "only %d of the 11 attributes "
			    "(part:vendor:product:version:update:edition:"
			    "language:sw_edition:target_sw:target_hw:other); "
			    "'%s' is missing",
			    a + 1, attr_names[a + 1]);
		p = end + 1;
	}
	if (*end)
		return err_set(e, ERR_PARSE,
		               "more than the 11 attributes (a ':' inside a "
		               "value is quoted as '\\:')");
	return 0;
}

int
cpe_name_parse(struct cpe_name *n, const char *s, struct err *e)
{
	/* Literals are never longer than the text; one NUL per attribute. */
	char *buf = xmalloc(strlen(s) + CPE_N_ATTRS + 1);
	int rc;

	cpe_name_release(n);
	rc = parse(s, n->attr, buf, e);
	if (rc) {
		free(buf);
		cpe_name_init(n);
		return rc;
	}
	n->buf = buf;
	return 0;
}

int
cpe_name_check(const char *s, struct err *e)
{
	struct cpe_value v[CPE_N_ATTRS];

	return parse(s, v, NULL, e);
}

bool
cpe_name_valid(const char *s)
{
	return cpe_name_check(s, NULL) == 0;
}

/* The form kept for compatibility: the callers of asset.h use it. */
bool
cpe23_valid(const char *s)
{
	return cpe_name_valid(s);
}

static void
add_wild(struct strbuf *sb, int n)
{
	if (n == CPE_WILD_STAR)
		strbuf_addch(sb, '*');
	for (int i = 0; i < n; i++)
		strbuf_addch(sb, '?');
}

char *
cpe_name_format(const struct cpe_name *n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, PREFIX);
	for (int a = 0; a < CPE_N_ATTRS; a++) {
		const struct cpe_value *v = &n->attr[a];

		if (a)
			strbuf_addch(&sb, ':');
		if (v->kind != CPE_STRING) {
			strbuf_addch(&sb, v->kind == CPE_ANY ? '*' : '-');
			continue;
		}
		add_wild(&sb, v->lead);
		/* A lone literal '-' is quoted, or it would read as NA. */
		if (v->len == 1 && v->lit[0] == '-' && !v->lead && !v->trail) {
			strbuf_adds(&sb, "\\-");
		} else {
			for (size_t i = 0; i < v->len; i++) {
				unsigned char c = (unsigned char)v->lit[i];

				if (!is_alnum(c) && c != '_' && c != '-' &&
				    c != '.')
					strbuf_addch(&sb, '\\');
				strbuf_addch(&sb, c);
			}
		}
		add_wild(&sb, v->trail);
	}
	return strbuf_detach(&sb, NULL);
}

const char *
cpe_relation_name(enum cpe_relation r)
{
	switch (r) {
	case CPE_REL_EQUAL:
		return "equal";
	case CPE_REL_SUPERSET:
		return "superset";
	case CPE_REL_SUBSET:
		return "subset";
	case CPE_REL_DISJOINT:
		return "disjoint";
	case CPE_REL_UNDEFINED:
		break;
	}
	return "undefined";
}

static bool
lit_equal(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	return true;
}

/*
 * The pattern source against the literal target: is there a place idx for
 * source's literal in target such that what comes before it is allowed by
 * the lead (nothing, at most n characters, or anything) and what comes
 * after by the trail? NISTIR 7696's compare_strings, on unquoted text.
 */
static bool
pattern_fits(const struct cpe_value *src, const struct cpe_value *tgt)
{
	size_t last;

	if (src->len > tgt->len)
		return false;
	last = tgt->len - src->len;
	for (size_t idx = 0; idx <= last; idx++) {
		size_t before = idx, after = last - idx;

		if (before && src->lead != CPE_WILD_STAR &&
		    before > (size_t)src->lead)
			break; /* further places only have more before */
		if (after && src->trail != CPE_WILD_STAR &&
		    after > (size_t)src->trail)
			continue;
		if (lit_equal(tgt->lit + idx, src->lit, src->len))
			return true;
	}
	return false;
}

enum cpe_relation
cpe_value_compare(const struct cpe_value *source,
                  const struct cpe_value *target)
{
	if (cpe_value_has_wildcards(target))
		return CPE_REL_UNDEFINED;
	if (source->kind != CPE_STRING || target->kind != CPE_STRING) {
		if (source->kind == target->kind)
			return CPE_REL_EQUAL;
		if (source->kind == CPE_ANY)
			return CPE_REL_SUPERSET;
		if (target->kind == CPE_ANY)
			return CPE_REL_SUBSET;
		return CPE_REL_DISJOINT; /* NA against a string, either way */
	}
	if (!cpe_value_has_wildcards(source))
		return source->len == target->len &&
		               lit_equal(source->lit, target->lit, source->len)
		           ? CPE_REL_EQUAL
		           : CPE_REL_DISJOINT;
	return pattern_fits(source, target) ? CPE_REL_SUPERSET
	                                    : CPE_REL_DISJOINT;
}

enum cpe_relation
cpe_name_compare(const struct cpe_name *source, const struct cpe_name *target)
{
	bool all_equal = true, sub = true, super = true;

	for (int a = 0; a < CPE_N_ATTRS; a++) {
		enum cpe_relation r =
		    cpe_value_compare(&source->attr[a], &target->attr[a]);

		if (r == CPE_REL_DISJOINT)
			return CPE_REL_DISJOINT;
		if (r != CPE_REL_EQUAL)
			all_equal = false;
		if (r != CPE_REL_EQUAL && r != CPE_REL_SUBSET)
			sub = false;
		if (r != CPE_REL_EQUAL && r != CPE_REL_SUPERSET)
			super = false;
	}
	if (all_equal)
		return CPE_REL_EQUAL;
	if (sub)
		return CPE_REL_SUBSET;
	if (super)
		return CPE_REL_SUPERSET;
	return CPE_REL_UNDEFINED;
}

bool
cpe_name_matches(const struct cpe_name *source, const struct cpe_name *target)
{
	for (int a = 0; a < CPE_N_ATTRS; a++) {
		enum cpe_relation r =
		    cpe_value_compare(&source->attr[a], &target->attr[a]);

		if (r != CPE_REL_EQUAL && r != CPE_REL_SUPERSET)
			return false;
	}
	return true;
}

void
cpe_key_init(struct cpe_key *k)
{
	memset(k, 0, sizeof(*k));
	k->scan = CPE_SCAN_ALL;
}

void
cpe_key_release(struct cpe_key *k)
{
	free(k->vendor);
	free(k->product);
	cpe_key_init(k);
}

/* The key of one value (owned), or NULL when it is ANY or a pattern. */
static char *
value_key(const struct cpe_value *v)
{
	char *s;

	if (v->kind == CPE_NA)
		return xstrdup("-");
	if (v->kind != CPE_STRING || cpe_value_has_wildcards(v))
		return NULL;
	s = xstrndup(v->lit, v->len);
	for (char *p = s; *p; p++)
		*p = lower(*p);
	return s;
}

void
cpe_name_key(const struct cpe_name *n, struct cpe_key *k)
{
	const struct cpe_value *part = &n->attr[CPE_PART];

	cpe_key_release(k);
	if (part->kind == CPE_STRING && part->len == 1)
		k->part = lower(part->lit[0]);
	k->vendor = value_key(&n->attr[CPE_VENDOR]);
	if (!k->vendor) {
		k->scan = k->part ? CPE_SCAN_PART : CPE_SCAN_ALL;
		return;
	}
	k->product = value_key(&n->attr[CPE_PRODUCT]);
	k->scan = k->product ? CPE_SCAN_PRODUCT : CPE_SCAN_VENDOR;
}

/* Append literal s as a bound attribute value: see cpe_name_build. */
static void
add_literal(struct strbuf *sb, const char *s)
{
	size_t start = sb->len;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c >= 0x80)
			c = '_';
		else if (!is_printable(c))
			continue;
		else if (!is_alnum(c) && c != '_' && c != '-' && c != '.')
			strbuf_addch(sb, '\\');
		strbuf_addch(sb, (int)lower((char)c));
	}
	if (sb->len == start)
		strbuf_addch(sb, '*');
	else if (sb->len == start + 1 && sb->buf[start] == '-') {
		/* a lone literal '-' is quoted, or it would read as NA */
		strbuf_setlen(sb, start);
		strbuf_adds(sb, "\\-");
	}
}

char *
cpe_name_build(char part, const char *const *values, size_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_adds(&sb, PREFIX);
	strbuf_addch(&sb, part ? part : '*');
	for (size_t a = CPE_VENDOR; a < CPE_N_ATTRS; a++) {
		const char *v =
		    a - CPE_VENDOR < n ? values[a - CPE_VENDOR] : NULL;

		strbuf_addch(&sb, ':');
		if (!v || !*v)
			strbuf_addch(&sb, '*');
		else
			add_literal(&sb, v);
	}
	return strbuf_detach(&sb, NULL);
}

char *
cpe_uri_to_name(const char *uri)
{
	struct strbuf sb;
	char part;
	const char *p;
	char *out;

	if (strncasecmp(uri, "cpe:/", 5) != 0)
		return NULL;
	p = uri + 5;
	part = (char)lower(*p);
	if (part != 'a' && part != 'o' && part != 'h')
		return NULL;
	p++;
	strbuf_init(&sb);
	strbuf_adds(&sb, PREFIX);
	strbuf_addch(&sb, part);
	/* vendor, product, version, update, edition, language */
	for (int a = CPE_VENDOR; a < CPE_N_ATTRS; a++) {
		strbuf_addch(&sb, ':');
		if (a > CPE_LANGUAGE || *p != ':') {
			strbuf_addch(&sb, '*');
			continue;
		}
		p++;
		if (*p == ':' || !*p) {
			strbuf_addch(&sb, '*');
			continue;
		}
		if (*p == '-' && (p[1] == ':' || !p[1])) {
			strbuf_addch(&sb, '-');
			p++;
			continue;
		}
		for (; *p && *p != ':'; p++) {
			int c = (unsigned char)*p;

			if (c == '%' && hex_digit_value(p[1]) >= 0 &&
			    hex_digit_value(p[2]) >= 0) {
				c = hex_digit_value(p[1]) * 16 +
				    hex_digit_value(p[2]);
				p += 2;
			}
			if (!is_printable((unsigned char)c))
				break;
			if (!is_alnum((unsigned char)c) && c != '_' &&
			    c != '-' && c != '.')
				strbuf_addch(&sb, '\\');
			strbuf_addch(&sb, c);
		}
		if (*p && *p != ':')
			break;
	}
	out = strbuf_detach(&sb, NULL);
	if (*p || !cpe_name_valid(out)) {
		free(out);
		return NULL;
	}
	return out;
}
