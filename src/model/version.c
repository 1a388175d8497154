/*
 * Version comparison for NVD version bounds: a version is a sequence of
 * number and word tokens; the rules are in version.h.
 */
#include "centinela/model/version.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/xalloc.h"

enum tok_type {
	TOK_END,  /* no token left */
	TOK_NUM,  /* a run of digits */
	TOK_WORD, /* a run of ASCII letters */
};

struct tok {
	enum tok_type type; /* what the token is */
	const char *p;      /* its first character (borrowed) */
	size_t len;         /* its length */
};

/* The locale-free classes: versions are ASCII, bytes above are separators. */
static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool
is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Read the token at *s into *t and move *s past it. */
static void
next_token(const char **s, struct tok *t)
{
	const char *p = *s;

	while (*p && !is_digit(*p) && !is_letter(*p))
		p++;
	t->p = p;
	if (!*p) {
		t->type = TOK_END;
		t->len = 0;
	} else if (is_digit(*p)) {
		t->type = TOK_NUM;
		while (is_digit(*p))
			p++;
	} else {
		t->type = TOK_WORD;
		while (is_letter(*p))
			p++;
	}
	t->len = (size_t)(p - t->p);
	*s = p;
}

/* The rank of a pre-release word, or -1 for any other word. */
static int
pre_rank(const struct tok *t)
{
	static const struct {
		const char *word;
		int rank;
	} pre[] = {
	    {"dev", 0}, {"snapshot", 0}, {"alpha", 1}, {"beta", 2},
	    {"pre", 3}, {"preview", 3},  {"rc", 4},    {"cr", 4},
	};

	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		size_t n = strlen(pre[i].word);

		if (n == t->len && strncasecmp(t->p, pre[i].word, n) == 0)
			return pre[i].rank;
	}
	return -1;
}

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Two digit runs, numerically, whatever their length. */
static int
num_compare(const struct tok *a, const struct tok *b)
{
	const char *pa = a->p, *pb = b->p;
	size_t la = a->len, lb = b->len;

	while (la > 1 && *pa == '0')
		pa++, la--;
	while (lb > 1 && *pb == '0')
		pb++, lb--;
	if (la != lb)
		return la < lb ? -1 : 1;
	return sign(memcmp(pa, pb, la));
}

static bool
num_is_zero(const struct tok *t)
{
	for (size_t i = 0; i < t->len; i++)
		if (t->p[i] != '0')
			return false;
	return true;
}

/* Two words: pre-release ones by rank and below the others, which go by
 * their letters in lower case. */
static int
word_compare(const struct tok *a, const struct tok *b)
{
	int ra = pre_rank(a), rb = pre_rank(b);

	if (ra >= 0 || rb >= 0) {
		if (ra < 0)
			return 1;
		if (rb < 0)
			return -1;
		return sign(ra - rb);
	}
	for (size_t i = 0; i < a->len && i < b->len; i++) {
		char ca = lower(a->p[i]), cb = lower(b->p[i]);

		if (ca != cb)
			return ca < cb ? -1 : 1;
	}
	return a->len == b->len ? 0 : a->len < b->len ? -1 : 1;
}

/* A version that has ended, against the other's token t. */
static int
end_compare(const struct tok *t)
{
	if (t->type == TOK_NUM)
		return num_is_zero(t) ? 0 : -1;
	return pre_rank(t) >= 0 ? 1 : -1;
}

static const char *
skip_v(const char *s)
{
	if ((s[0] == 'v' || s[0] == 'V') && is_digit(s[1]))
		return s + 1;
	return s;
}

int
version_compare(const char *a, const char *b)
{
	struct tok ta, tb;
	int c;

	a = skip_v(a);
	b = skip_v(b);
	for (;;) {
		next_token(&a, &ta);
		next_token(&b, &tb);
		if (ta.type == TOK_END && tb.type == TOK_END)
			return 0;
		if (ta.type == TOK_END)
			c = end_compare(&tb);
		else if (tb.type == TOK_END)
			c = -end_compare(&ta);
		else if (ta.type == TOK_NUM && tb.type == TOK_NUM)
			c = num_compare(&ta, &tb);
		else if (ta.type == TOK_WORD && tb.type == TOK_WORD)
			c = word_compare(&ta, &tb);
		else /* a number ranks above any word at its place */
			c = ta.type == TOK_NUM ? 1 : -1;
		if (c)
			return c;
	}
}

void
version_bounds_init(struct version_bounds *b)
{
	memset(b, 0, sizeof(*b));
}

void
version_bounds_release(struct version_bounds *b)
{
	free(b->start_including);
	free(b->start_excluding);
	free(b->end_including);
	free(b->end_excluding);
	version_bounds_init(b);
}

void
version_bounds_copy(struct version_bounds *dst,
                    const struct version_bounds *src)
{
	version_bounds_release(dst);
	dst->start_including = xstrdup_or_null(src->start_including);
	dst->start_excluding = xstrdup_or_null(src->start_excluding);
	dst->end_including = xstrdup_or_null(src->end_including);
	dst->end_excluding = xstrdup_or_null(src->end_excluding);
}

bool
version_bounds_empty(const struct version_bounds *b)
{
	return !b->start_including && !b->start_excluding &&
	       !b->end_including && !b->end_excluding;
}

bool
version_within(const char *version, const struct version_bounds *b)
{
	if (b->start_including &&
	    version_compare(version, b->start_including) < 0)
		return false;
	if (b->start_excluding &&
	    version_compare(version, b->start_excluding) <= 0)
		return false;
	if (b->end_including && version_compare(version, b->end_including) > 0)
		return false;
	if (b->end_excluding && version_compare(version, b->end_excluding) >= 0)
		return false;
	return true;
}
