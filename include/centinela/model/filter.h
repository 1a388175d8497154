/*
 * The filter language of the list views, parsed to an AST.
 *
 * A filter is a sequence of terms separated by blanks, all of which must
 * hold (AND):
 *
 *   field:value          equals (case-insensitive for enum names)
 *   field:a,b,c          equals any of the values
 *   field!=value         differs (also with a list: none of the values)
 *   field<v  field<=v  field>v  field>=v
 *                        ordered comparison (severity>=high, age<2h,
 *                        due<30m, criticality>=4)
 *   !field:value         negation of any field term
 *   word  "a phrase"     full-text search terms; !word excludes
 *   word*                prefix search (a bare word ending in '*')
 *
 * Values are bare (up to a blank or a comma) or "quoted" with backslash
 * escapes for \" and \\; a quoted value may hold blanks and commas; a bare
 * one may not hold '"'. Field
 * names are letters, digits, '_' and '-', starting with a letter, and are
 * folded to lower case. `OR` is reserved (terms are always ANDed).
 *
 * The parser knows no entity: which fields exist, what their values mean
 * and which operators they accept is decided when store/ compiles the AST
 * to SQL. The AST is a list so that it can grow (OR groups) later.
 */
#ifndef CENTINELA_MODEL_FILTER_H
#define CENTINELA_MODEL_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strvec.h"

struct err;
struct filter;
struct strbuf;

enum filter_op {
	FILTER_OP_EQ, /* ':' (also '='): equals, or any of a list */
	FILTER_OP_NE, /* '!=': differs from every value */
	FILTER_OP_LT, /* '<' */
	FILTER_OP_LE, /* '<=' */
	FILTER_OP_GT, /* '>' */
	FILTER_OP_GE, /* '>=' */
};

/* The operator's text as written canonically: ":", "!=", "<", ... */
const char *filter_op_name(enum filter_op op);

enum filter_term_kind {
	FILTER_TERM_FIELD, /* field op values */
	FILTER_TERM_TEXT,  /* a bare word or quoted phrase: full-text search */
};

struct filter_term {
	enum filter_term_kind kind; /* field comparison or text search */
	bool is_negated;            /* written with a leading '!' */
	char *field;          /* lower-case field name (owned), NULL for text */
	enum filter_op op;    /* operator of a field term */
	struct strvec values; /* field values, >= 1; only EQ/NE take > 1 */
	char *text;     /* word or phrase of a text term (owned), else NULL */
	bool is_prefix; /* text term written as a bare word* */
	size_t start;   /* byte offset of the term in the source */
	size_t end;     /* byte offset just past the term */
};

/*
 * The size of a filter: at most FILTER_TERMS_MAX terms and
 * FILTER_VALUES_MAX values in all (each value of a list counts; a text
 * term is one). Its query then stays well within SQLite's limits (bound
 * parameters, statement size) and plans in about a second at worst.
 */
#define FILTER_TERMS_MAX  2000
#define FILTER_VALUES_MAX 10000

/*
 * Parse s into a filter. On success *out is owned by the caller
 * (filter_free); an empty or blank s gives a filter with no terms. On a
 * syntax error returns ERR_PARSE with a message giving the 1-based column
 * (in characters) where something else was expected:
 *   column 11: expected a value after 'severity>='
 * and leaves *out NULL; on a filter larger than FILTER_TERMS_MAX or
 * FILTER_VALUES_MAX, ERR_LIMIT with the column of the term past it.
 */
int filter_parse(const char *s, struct filter **out, struct err *e);

/* Free f and its terms; NULL is fine. */
void filter_free(struct filter *f);

size_t filter_term_count(const struct filter *f);

/* Term i (< filter_term_count), borrowed for the life of f. */
const struct filter_term *filter_term_at(const struct filter *f, size_t i);

/*
 * Append the canonical text of f to out: terms separated by one blank,
 * field names lower-case, ':' for equality, values quoted only when they
 * must be. Parsing the result gives an equal AST (apart from offsets).
 */
void filter_format(const struct filter *f, struct strbuf *out);

#endif
