/*
 * The compilation of filters (model/filter.h) to SQL conditions and bound
 * parameters, by the field tables of list_entities.c: fields and their
 * values, negations, orders and lists, bare words as FTS5 MATCH (or LIKE)
 * with the plan a page should use for them, all joined in balanced trees
 * that keep any filter within SQLite's limits. See list_internal.h.
 */
#include "centinela/store/list.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/sla.h"
#include "internal.h"
#include "list_internal.h"
#include "rows.h"

#define WHERE_OR_PLAN_MAX 100 /* conditions whose ORs may use indexes */

void
list_compiled_init(struct compiled *c)
{
	memset(c, 0, sizeof(*c));
	strvec_init(&c->conds);
	strvec_init(&c->points);
}

void
list_compiled_release(struct compiled *c)
{
	for (size_t i = 0; i < c->n_binds; i++)
		free(c->binds[i].text);
	free(c->binds);
	strvec_release(&c->conds);
	strvec_release(&c->points);
	list_compiled_init(c);
}

static struct bind *
push_bind(struct compiled *c)
{
	struct bind *b;

	if (c->n_binds == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 16;
		c->binds = xreallocarray(c->binds, c->alloc, sizeof(*c->binds));
	}
	b = &c->binds[c->n_binds++];
	memset(b, 0, sizeof(*b));
	return b;
}

void
list_bind_num(struct compiled *c, int64_t v)
{
	push_bind(c)->num = v;
}

void
list_bind_real(struct compiled *c, double v)
{
	struct bind *b = push_bind(c);

	b->is_real = true;
	b->real = v;
}

void
list_bind_text_take(struct compiled *c, char *v)
{
	struct bind *b = push_bind(c);

	b->is_text = true;
	b->text = v;
}

void
list_add_condition(struct compiled *c, const char *cond)
{
	strvec_push(&c->conds, cond);
}

/*
 * Append v[0..n) joined by op (" AND ", " OR ") as a balanced tree of
 * parenthesized halves, "(a AND b) AND (c AND d)", in their order (the
 * order of their parameters). SQLite refuses an expression tree deeper
 * than 1000 and a plain chain is as deep as it is long: halves keep a
 * filter of any size at a depth of log2(n).
 */
static void
join_balanced(struct strbuf *out, char *const *v, size_t n, const char *op)
{
	size_t half = n / 2;

	if (n == 1) {
		strbuf_adds(out, v[0]);
		return;
	}
	if (n == 0)
		return;
	strbuf_addch(out, '(');
	join_balanced(out, v, half, op);
	strbuf_addch(out, ')');
	strbuf_adds(out, op);
	strbuf_addch(out, '(');
	join_balanced(out, v + half, n - half, op);
	strbuf_addch(out, ')');
}

/*
 * " WHERE " and the conditions of c, when it has any.
 *
 * A large filter keeps its ORs from SQLite's multi-index OR plan: that
 * plan evaluates each branch ANDed with every other simple term of the
 * WHERE clause, chained one after the other, so one OR among a thousand
 * terms is again a tree a thousand deep. A unary '+' makes the OR one
 * opaque term; a filter that large is scanned anyway.
 */
void
list_add_where(struct strbuf *sql, const struct compiled *c)
{
	struct strvec conds;

	if (!c->conds.n)
		return;
	strbuf_adds(sql, " WHERE ");
	if (c->conds.n <= WHERE_OR_PLAN_MAX) {
		join_balanced(sql, c->conds.v, c->conds.n, " AND ");
		return;
	}
	strvec_init(&conds);
	for (size_t i = 0; i < c->conds.n; i++) {
		struct strbuf cond;

		strbuf_init(&cond);
		if (strstr(c->conds.v[i], " OR "))
			strbuf_addf(&cond, "+(%s)", c->conds.v[i]);
		else
			strbuf_adds(&cond, c->conds.v[i]);
		strvec_push_take(&conds, strbuf_detach(&cond, NULL));
	}
	join_balanced(sql, conds.v, conds.n, " AND ");
	strvec_release(&conds);
}

/* The alternatives of one term, "(a OR b OR ...)" balanced, into cond. */
static void
add_alternatives(struct strbuf *cond, const struct strvec *alts)
{
	if (alts->n > 1)
		strbuf_addch(cond, '(');
	join_balanced(cond, alts->v, alts->n, " OR ");
	if (alts->n > 1)
		strbuf_addch(cond, ')');
}

static char *
fold(const char *v, int (*conv)(int))
{
	char *r = xstrdup(v);

	for (char *p = r; *p; p++)
		*p = (char)conv((unsigned char)*p);
	return r;
}

/* "a, b, c" of the names f(i) for i in [from, to). */
static void
name_list(struct strbuf *out, const char *(*f)(int), int from, int to)
{
	for (int i = from; i < to; i++) {
		if (i > from)
			strbuf_adds(out, ", ");
		strbuf_adds(out, f(i));
	}
}

static const char *
rsit_class_name_at(int i)
{
	return rsit_class_at((size_t)i);
}

static int
bad_value(struct compile_ctx *x, const char *what, const char *v,
          const char *(*f)(int), int from, int to)
{
	struct strbuf known;
	int rc;

	strbuf_init(&known);
	name_list(&known, f, from, to);
	rc = err_set(x->e, ERR_INVALID, "unknown %s '%s' (known: %s)", what, v,
	             known.buf);
	strbuf_release(&known);
	return rc;
}

static int
check_sector(struct compile_ctx *x, const char *code)
{
	sqlite3_stmt *st;
	struct strbuf known;
	int rc, step = SQLITE_DONE;

	st = store_stmt(x->s, "SELECT 1 FROM sector WHERE code = ?", x->e);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, code);
	step = sqlite3_step(st);
	sqlite3_reset(st);
	if (step == SQLITE_ROW)
		return 0;
	if (step != SQLITE_DONE)
		return store_db_err(x->s, x->e, "looking up a sector");
	st = store_stmt(x->s, "SELECT code FROM sector ORDER BY code", x->e);
	if (!st)
		return ERR_DB;
	strbuf_init(&known);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (known.len)
			strbuf_adds(&known, ", ");
		strbuf_adds(&known, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	rc = err_set(x->e, ERR_INVALID, "unknown sector '%s' (known: %s)", code,
	             known.buf);
	strbuf_release(&known);
	return rc;
}

/* Parse one value of an enum-like or integer kind into *num. */
static int
read_number(struct compile_ctx *x, const struct field_def *fd, const char *v,
            int64_t *num)
{
	int rc = 0;

	switch (fd->kind) {
	case VK_SEVERITY: {
		enum severity sv;

		rc = severity_parse(v, &sv);
		*num = sv;
		if (rc)
			return bad_value(x, "severity", v, severity_name, 1, 6);
		return 0;
	}
	case VK_TLP: {
		enum tlp t;

		rc = tlp_parse(v, &t);
		*num = t;
		if (rc)
			return bad_value(x, "tlp", v, tlp_name, 0, 5);
		return 0;
	}
	case VK_PAP: {
		enum pap p;

		rc = pap_parse(v, &p);
		*num = p;
		if (rc)
			return bad_value(x, "pap", v, pap_name, 0, 4);
		return 0;
	}
	case VK_BOOL:
		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0) {
			*num = 1;
			return 0;
		}
		if (strcasecmp(v, "no") == 0 || strcasecmp(v, "false") == 0) {
			*num = 0;
			return 0;
		}
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes yes or no, not '%s'", fd->name, v);
	case VK_INT: {
		const char *p = v;

		if (!list_read_int(&p, 0, num) || *num < fd->min ||
		    *num > fd->max) {
			if (fd->max == INT64_MAX)
				return err_set(x->e, ERR_INVALID,
				               "'%s' takes a whole number "
				               "from %" PRId64 ", not '%s'",
				               fd->name, fd->min, v);
			return err_set(x->e, ERR_INVALID,
			               "'%s' takes a whole number from "
			               "%" PRId64 " to %" PRId64 ", not '%s'",
			               fd->name, fd->min, fd->max, v);
		}
		return 0;
	}
	default:
		BUG("read_number on a text kind");
	}
	return rc;
}

/* Parse one value of a text kind into an owned bind value. */
static int
read_text(struct compile_ctx *x, const struct field_def *fd, const char *v,
          char **out)
{
	int rc;

	*out = NULL;
	switch (fd->kind) {
	case VK_TEXT:
		*out = xstrdup(v);
		return 0;
	case VK_LOWER:
		*out = fold(v, tolower);
		return 0;
	case VK_UPPER:
		*out = fold(v, toupper);
		return 0;
	case VK_INCIDENT_STATUS: {
		enum incident_status st;

		if (incident_status_parse(v, &st))
			return bad_value(x, "status", v, incident_status_name,
			                 0, INCIDENT_STATUS_COUNT);
		*out = xstrdup(incident_status_name(st));
		return 0;
	}
	case VK_ALERT_STATUS: {
		enum alert_status st;

		if (alert_status_parse(v, &st))
			return bad_value(x, "status", v, alert_status_name, 0,
			                 ALERT_STATUS_COUNT);
		*out = xstrdup(alert_status_name(st));
		return 0;
	}
	case VK_ASSET_KIND: {
		enum asset_kind k;

		if (asset_kind_parse(v, &k))
			return bad_value(x, "kind", v, asset_kind_name, 0,
			                 ASSET_KIND_COUNT);
		*out = xstrdup(asset_kind_name(k));
		return 0;
	}
	case VK_LOCAL_STATE: {
		enum local_state ls;

		if (local_state_parse(v, &ls))
			return bad_value(x, "state", v, local_state_name, 0, 3);
		*out = xstrdup(local_state_name(ls));
		return 0;
	}
	case VK_SECTOR:
		*out = fold(v, tolower);
		rc = check_sector(x, *out);
		if (rc) {
			free(*out);
			*out = NULL;
		}
		return rc;
	default:
		BUG("read_text on a non-text kind");
	}
	return 0;
}

static bool
is_number_kind(enum value_kind k)
{
	return k == VK_SEVERITY || k == VK_TLP || k == VK_PAP || k == VK_INT ||
	       k == VK_BOOL;
}

/* A decimal in [fd->min, fd->max] (a score: epss>=0.5, cvss>=9). */
static int
read_real(struct compile_ctx *x, const struct field_def *fd, const char *v,
          double *out)
{
	char *end;

	errno = 0;
	*out = strtod(v, &end);
	if (errno || end == v || *end || !(*out >= (double)fd->min) ||
	    !(*out <= (double)fd->max))
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes a number from %" PRId64
		               " to %" PRId64 ", not '%s'",
		               fd->name, fd->min, fd->max, v);
	return 0;
}

/*
 * The key of a CPE pattern's part, vendor or product (field 2, 3 or 4
 * after "cpe:2.3:"): when that field is whole (a ':' follows it) and
 * plain (letters, digits, '_', '-', '.'), lower-cased as model/cpe.h
 * keys names; else NULL, and the pattern is tested on every name.
 */
static char *
cpe_pattern_key(const char *pattern, int field)
{
	const char *p = pattern;
	char *key;
	size_t len;

	if (strncasecmp(p, "cpe:2.3:", 8) != 0)
		return NULL;
	p += 8;
	for (int i = 0; i < field; i++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	len = strcspn(p, ":");
	if (!len || p[len] != ':' || (len == 1 && (*p == '*' || *p == '-')))
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr("_-.", p[i]))
			return NULL;
	key = xstrndup(p, len);
	for (char *q = key; *q; q++)
		*q = (char)tolower((unsigned char)*q);
	return key;
}

/*
 * cpe:NAME,...: a name without '*' equals a CPE name as it is stored; one
 * with '*' is also a pattern, matching the names its '*' (any run of
 * characters) allows, case aside: cpe:2.3:a:fortinet:* every name of the
 * vendor fortinet, and a name with ANY fields those with any value there. A
 * table with key columns (fd->min) narrows a pattern by the literal part,
 * vendor and product through its (vendor, product) index.
 */
static int
compile_cpe(const struct field_def *fd, const struct strvec *values,
            struct strbuf *cond, struct compiled *c)
{
	struct strvec alts;

	strvec_init(&alts);
	for (size_t i = 0; i < values->n; i++) {
		const char *v = values->v[i];
		struct strbuf alt, like;
		char *vendor;

		/* the name itself, which a name with ANY fields is */
		strbuf_init(&alt);
		strbuf_addf(&alt, "%s%s%s.cpe = ?%s", fd->lhs,
		            fd->min ? " WHERE " : "", fd->lhs2, fd->close);
		list_bind_text_take(c, xstrdup(v));
		if (!strchr(v, '*')) {
			strvec_push_take(&alts, strbuf_detach(&alt, NULL));
			continue;
		}
		/*
		 * Each its own subquery, so that each has its index: a
		 * literal vendor is looked up in (vendor, product), which
		 * the planner, counting few names, might not choose itself.
		 */
		strbuf_addf(&alt, " OR %s", fd->lhs);
		vendor = fd->min ? cpe_pattern_key(v, 1) : NULL;
		if (vendor)
			strbuf_addf(&alt, " INDEXED BY %s_product", fd->lhs2);
		strbuf_adds(&alt, fd->min ? " WHERE (" : "(");
		for (int k = 0; fd->min && k < 3; k++) {
			static const char *const cols[] = {"part", "vendor",
			                                   "product"};
			char *key = k == 1 ? vendor : cpe_pattern_key(v, k);

			if (!key)
				continue;
			strbuf_addf(&alt, "%s.%s = ? AND ", fd->lhs2, cols[k]);
			list_bind_text_take(c, key);
		}
		strbuf_init(&like);
		for (const char *p = v; *p; p++) {
			if (*p == '*') {
				strbuf_addch(&like, '%');
				continue;
			}
			if (*p == '%' || *p == '_' || *p == '\\')
				strbuf_addch(&like, '\\');
			strbuf_addch(&like, *p);
		}
		strbuf_addf(&alt, "%s.cpe LIKE ? ESCAPE '\\')%s", fd->lhs2,
		            fd->close);
		list_bind_text_take(c, strbuf_detach(&like, NULL));
		strvec_push_take(&alts, strbuf_detach(&alt, NULL));
	}
	strbuf_addch(cond, '(');
	join_balanced(cond, alts.v, alts.n, " OR ");
	strbuf_addch(cond, ')');
	strvec_release(&alts);
	return 0;
}

/*
 * flag:yes is its condition as written, so that the planner may use an
 * index on it (new: a range of matched_at); flag:no its negation;
 * flag:yes,no everything.
 */
static int
compile_flag(struct compile_ctx *x, const struct field_def *fd,
             const struct strvec *values, struct strbuf *cond)
{
	bool has[2] = {false, false};

	for (size_t i = 0; i < values->n; i++) {
		const char *v = values->v[i];

		if (strcasecmp(v, "yes") == 0 || strcasecmp(v, "true") == 0)
			has[1] = true;
		else if (strcasecmp(v, "no") == 0 ||
		         strcasecmp(v, "false") == 0)
			has[0] = true;
		else
			return err_set(x->e, ERR_INVALID,
			               "'%s' takes yes or no, not '%s'",
			               fd->name, v);
	}
	if (has[0] && has[1])
		strbuf_adds(cond, "1");
	else
		strbuf_addf(cond, "%s%s", has[1] ? "" : "NOT ", fd->lhs);
	return 0;
}

static bool
is_time_kind(enum value_kind k)
{
	return k == VK_AGE || k == VK_TIME || k == VK_DEADLINE;
}

static const char *const sql_ops[] = {" = ?",  " != ?", " < ?",
                                      " <= ?", " > ?",  " >= ?"};

/* "lhs = ?" or "lhs IN (?, ?, ...)" for n values, then close. */
static void
add_membership(struct strbuf *cond, const struct field_def *fd, size_t n)
{
	strbuf_adds(cond, fd->lhs);
	if (n == 1) {
		strbuf_adds(cond, " = ?");
	} else {
		strbuf_adds(cond, " IN (");
		for (size_t i = 0; i < n; i++)
			strbuf_adds(cond, i ? ", ?" : "?");
		strbuf_adds(cond, ")");
	}
	strbuf_adds(cond, fd->close);
}

/*
 * taxonomy:CLASS[/TYPE],...: the classes as one membership, the class/type
 * pairs as one row-value membership, so that a long list is one or two
 * terms for the planner rather than a chain of ORs.
 */
static int
compile_taxonomy(struct compile_ctx *x, const struct field_def *fd,
                 const struct strvec *values, struct strbuf *cond,
                 struct compiled *c)
{
	struct strvec classes, pairs; /* pairs: class, type, class, ... */
	int rc = 0;

	strvec_init(&classes);
	strvec_init(&pairs);
	for (size_t i = 0; i < values->n && !rc; i++) {
		char *cls = fold(values->v[i], tolower);
		char *type = strchr(cls, '/');

		if (type)
			*type++ = '\0';
		if (!rsit_class_valid(cls)) {
			rc = bad_value(x, "taxonomy class", cls,
			               rsit_class_name_at, 0,
			               (int)rsit_class_count());
		} else if (type && !rsit_type_valid(cls, type)) {
			struct strbuf known;

			strbuf_init(&known);
			for (const char *const *t = rsit_types(cls); *t; t++)
				strbuf_addf(&known, "%s%s",
				            known.len ? ", " : "", *t);
			rc = err_set(x->e, ERR_INVALID,
			             "unknown type '%s' of taxonomy class '%s' "
			             "(known: %s)",
			             type, cls, known.buf);
			strbuf_release(&known);
		} else if (type) {
			strvec_push(&pairs, cls);
			strvec_push(&pairs, type);
		} else {
			strvec_push(&classes, cls);
		}
		free(cls);
	}
	if (rc)
		goto out;
	if (classes.n && pairs.n)
		strbuf_addch(cond, '(');
	if (classes.n)
		add_membership(cond, fd, classes.n);
	for (size_t i = 0; i < classes.n; i++)
		list_bind_text_take(c, xstrdup(classes.v[i]));
	if (classes.n && pairs.n)
		strbuf_adds(cond, " OR ");
	if (pairs.n == 2) {
		strbuf_addf(cond, "(%s = ? AND %s = ?)", fd->lhs, fd->lhs2);
	} else if (pairs.n) {
		strbuf_addf(cond, "(%s, %s) IN (VALUES ", fd->lhs, fd->lhs2);
		for (size_t i = 0; i < pairs.n; i += 2)
			strbuf_adds(cond, i ? ", (?, ?)" : "(?, ?)");
		strbuf_addch(cond, ')');
	}
	for (size_t i = 0; i < pairs.n; i++)
		list_bind_text_take(c, xstrdup(pairs.v[i]));
	if (classes.n && pairs.n)
		strbuf_addch(cond, ')');
out:
	strvec_release(&classes);
	strvec_release(&pairs);
	return rc;
}

static int
compile_assignee(struct compile_ctx *x, const struct field_def *fd,
                 const struct strvec *values, struct strbuf *cond,
                 struct compiled *c)
{
	size_t n = 0;
	bool has_none = false;

	for (size_t i = 0; i < values->n; i++) {
		if (strcasecmp(values->v[i], "none") == 0) {
			has_none = true;
		} else if (strcasecmp(values->v[i], "me") == 0) {
			if (!x->me || !*x->me)
				return err_set(x->e, ERR_INVALID,
				               "'assignee:me' needs the "
				               "analyst's name (set analyst "
				               "NAME)");
			list_bind_text_take(c, xstrdup(x->me));
			n++;
		} else {
			list_bind_text_take(c, xstrdup(values->v[i]));
			n++;
		}
	}
	if (n && has_none)
		strbuf_adds(cond, "(");
	if (n)
		add_membership(cond, fd, n);
	if (n && has_none)
		strbuf_adds(cond, " OR ");
	if (has_none)
		strbuf_addf(cond, "%s IS NULL", fd->lhs);
	if (n && has_none)
		strbuf_adds(cond, ")");
	return 0;
}

/*
 * A time comparison. Durations count back from now for ages (age<2h: newer
 * than two hours, so the column is greater) and forward for deadlines
 * (due<30m: due within half an hour, or overdue); dates compare as written.
 */
static int
compile_time(struct compile_ctx *x, const struct field_def *fd,
             enum filter_op op, const char *v, struct strbuf *cond,
             struct compiled *c)
{
	static const enum filter_op mirror[] = {[FILTER_OP_LT] = FILTER_OP_GT,
	                                        [FILTER_OP_LE] = FILTER_OP_GE,
	                                        [FILTER_OP_GT] = FILTER_OP_LT,
	                                        [FILTER_OP_GE] = FILTER_OP_LE};
	int64_t d, t;
	int parsed = time_parse_duration(v, &d);

	if (parsed == ERR_LIMIT)
		return err_set(
		    x->e, ERR_INVALID,
		    "'%s' takes a duration up to " TIME_DURATION_MAX_TEXT
		    ", not '%s'",
		    fd->name, v);
	if (parsed == 0) {
		if (fd->kind == VK_DEADLINE) {
			t = x->now + d;
		} else {
			t = x->now - d;
			op = mirror[op];
		}
	} else if (fd->kind != VK_AGE && time_parse_iso8601(v, &t) == 0) {
		/* compared as written */
	} else if (fd->kind == VK_AGE) {
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes a duration (30m, 2h, 7d), not '%s'",
		               fd->name, v);
	} else {
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes a duration (30m, 2h, 7d) or a date "
		               "(2026-01-31), not '%s'",
		               fd->name, v);
	}
	if (fd->lhs2 && (op == FILTER_OP_LT || op == FILTER_OP_LE))
		strbuf_adds(cond, "(");
	strbuf_adds(cond, fd->lhs);
	strbuf_adds(cond, sql_ops[op]);
	strbuf_adds(cond, fd->close);
	if (fd->lhs2 && (op == FILTER_OP_LT || op == FILTER_OP_LE))
		strbuf_addf(cond, " OR %s)", fd->lhs2);
	list_bind_num(c, t);
	return 0;
}

/* sla:VALUE,...: the values' conditions joined by OR. */
static int
compile_sla(struct compile_ctx *x, const struct strvec *values,
            struct strbuf *cond, struct compiled *c)
{
	bool is_seen[LIST_SLA_COUNT] = {false};
	struct strvec alts;

	strvec_init(&alts);
	for (size_t i = 0; i < values->n; i++) {
		size_t j = 0;

		while (j < LIST_SLA_COUNT &&
		       strcasecmp(values->v[i], list_sla_values[j].name) != 0)
			j++;
		if (j == LIST_SLA_COUNT) {
			struct strbuf known;
			int rc;

			strbuf_init(&known);
			for (j = 0; j < LIST_SLA_COUNT; j++)
				strbuf_addf(&known, "%s%s", j ? ", " : "",
				            list_sla_values[j].name);
			rc = err_set(x->e, ERR_INVALID,
			             "unknown SLA state '%s' (known: %s)",
			             values->v[i], known.buf);
			strbuf_release(&known);
			strvec_release(&alts);
			return rc;
		}
		if (is_seen[j])
			continue; /* sla:near,near is sla:near */
		is_seen[j] = true;
		strvec_push(&alts, list_sla_values[j].sql);
		for (int k = 0; k < list_sla_values[j].n_now; k++)
			list_bind_num(c, x->now);
	}
	add_alternatives(cond, &alts);
	strvec_release(&alts);
	return 0;
}

static const struct field_def *
find_field(const struct entity_def *ent, const char *name)
{
	for (size_t i = 0; i < ent->n_fields; i++)
		if (strcmp(ent->fields[i].name, name) == 0)
			return &ent->fields[i];
	return NULL;
}

static int
unknown_field(struct compile_ctx *x, const char *name)
{
	struct strbuf known;
	int rc;

	strbuf_init(&known);
	for (size_t i = 0; i < x->ent->n_fields; i++)
		strbuf_addf(&known, "%s%s", i ? ", " : "",
		            x->ent->fields[i].name);
	rc = err_set(x->e, ERR_INVALID, "unknown field '%s' for %s (known: %s)",
	             name, x->ent->name, known.buf);
	strbuf_release(&known);
	return rc;
}

static int
compile_field(struct compile_ctx *x, const struct filter_term *t,
              struct compiled *c)
{
	const struct field_def *fd = find_field(x->ent, t->field);
	struct field_def set_fd;
	enum value_kind k;
	enum filter_op op = t->op;
	bool is_negated = t->is_negated;
	bool is_ordered;
	struct strbuf cond;
	int rc = 0;

	if (!fd)
		return unknown_field(x, t->field);
	if (x->is_set_plan && fd->set_lhs && !is_negated && !*fd->close) {
		/* the set of CVEs or assets: set_lhs ... ")" */
		set_fd = *fd;
		set_fd.lhs = fd->set_lhs;
		set_fd.close = ")";
		fd = &set_fd;
	}
	k = fd->kind;
	/* "a!=b" is "!a:b"; negations then also keep rows where a is NULL. */
	if (op == FILTER_OP_NE) {
		op = FILTER_OP_EQ;
		is_negated = !is_negated;
	}
	is_ordered = op != FILTER_OP_EQ;
	if (is_time_kind(k) && !is_ordered)
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes '<', '<=', '>' or '>=', not '%s'",
		               fd->name, filter_op_name(t->op));
	if (is_ordered && ((!is_time_kind(k) && !is_number_kind(k) &&
	                    k != VK_INCIDENT_STATUS && k != VK_REAL) ||
	                   k == VK_BOOL || k == VK_FLAG))
		return err_set(x->e, ERR_INVALID,
		               "'%s' takes ':' or '!=', not '%s'", fd->name,
		               filter_op_name(t->op));

	strbuf_init(&cond);
	if (k == VK_TAXONOMY) {
		rc = compile_taxonomy(x, fd, &t->values, &cond, c);
	} else if (k == VK_ASSIGNEE) {
		rc = compile_assignee(x, fd, &t->values, &cond, c);
	} else if (k == VK_SLA) {
		rc = compile_sla(x, &t->values, &cond, c);
	} else if (is_time_kind(k)) {
		rc = compile_time(x, fd, op, t->values.v[0], &cond, c);
	} else if (k == VK_CPE) {
		rc = compile_cpe(fd, &t->values, &cond, c);
	} else if (k == VK_FLAG) {
		rc = compile_flag(x, fd, &t->values, &cond);
	} else if (is_number_kind(k) || k == VK_REAL) {
		for (size_t i = 0; i < t->values.n && !rc; i++) {
			int64_t v = 0;
			double r = 0;

			if (k == VK_REAL) {
				rc = read_real(x, fd, t->values.v[i], &r);
				list_bind_real(c, r);
			} else {
				rc = read_number(x, fd, t->values.v[i], &v);
				list_bind_num(c, v);
			}
		}
		if (!rc && is_ordered) {
			strbuf_adds(&cond, fd->lhs);
			strbuf_adds(&cond, sql_ops[op]);
			strbuf_adds(&cond, fd->close);
		} else if (!rc) {
			add_membership(&cond, fd, t->values.n);
		}
	} else if (k == VK_INCIDENT_STATUS && is_ordered) {
		/* Workflow order: status<resolved is every earlier status. */
		enum incident_status ref;

		if (incident_status_parse(t->values.v[0], &ref)) {
			rc = bad_value(x, "status", t->values.v[0],
			               incident_status_name, 0,
			               INCIDENT_STATUS_COUNT);
		} else {
			size_t n = 0;

			for (int i = 0; i < INCIDENT_STATUS_COUNT; i++) {
				bool is_in =
				    op == FILTER_OP_LT   ? i < (int)ref
				    : op == FILTER_OP_LE ? i <= (int)ref
				    : op == FILTER_OP_GT ? i > (int)ref
				                         : i >= (int)ref;

				if (!is_in)
					continue;
				list_bind_text_take(
				    c, xstrdup(incident_status_name(i)));
				n++;
			}
			strbuf_adds(&cond, fd->lhs);
			strbuf_adds(&cond, " IN (");
			for (size_t i = 0; i < n; i++)
				strbuf_adds(&cond, i ? ", ?" : "?");
			strbuf_adds(&cond, ")");
		}
	} else {
		for (size_t i = 0; i < t->values.n && !rc; i++) {
			char *v = NULL;

			rc = read_text(x, fd, t->values.v[i], &v);
			if (!rc)
				list_bind_text_take(c, v);
		}
		if (!rc)
			add_membership(&cond, fd, t->values.n);
	}
	if (rc)
		goto out;
	if (is_negated) {
		/* IS NOT 1: true for false and for NULL (no value at all). */
		struct strbuf neg;

		strbuf_init(&neg);
		strbuf_addf(&neg, "(%s) IS NOT 1", cond.buf);
		list_add_condition(c, neg.buf);
		strbuf_release(&neg);
	} else {
		list_add_condition(c, cond.buf);
		/* a subquery field pins its column when a composite says
		   so (cve:CVE-ID, the exposures of one CVE) */
		if (!is_ordered && t->values.n == 1 && k != VK_ASSIGNEE &&
		    k != VK_SLA && k != VK_CPE)
			strvec_push(&c->points, fd->name);
		else if (!is_ordered && t->values.n == 1 && k == VK_ASSIGNEE &&
		         strcasecmp(t->values.v[0], "none") != 0)
			strvec_push(&c->points, fd->name);
	}
out:
	strbuf_release(&cond);
	return rc;
}

/* An FTS5 string: the text as one quoted phrase, so its syntax is inert. */
static void
add_fts_phrase(struct strbuf *q, const struct filter_term *t)
{
	if (q->len)
		strbuf_addch(q, ' ');
	strbuf_addch(q, '"');
	for (const char *p = t->text; *p; p++) {
		if (*p == '"')
			strbuf_addch(q, '"');
		strbuf_addch(q, *p);
	}
	strbuf_addch(q, '"');
	if (t->is_prefix)
		strbuf_adds(q, " *");
}

/* A LIKE pattern matching the text anywhere, with % _ \ escaped. */
static char *
like_pattern(const char *text)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addch(&sb, '%');
	for (const char *p = text; *p; p++) {
		if (*p == '%' || *p == '_' || *p == '\\')
			strbuf_addch(&sb, '\\');
		strbuf_addch(&sb, *p);
	}
	strbuf_addch(&sb, '%');
	return strbuf_detach(&sb, NULL);
}

/* Matches of an FTS query, counted up to max + 1 at most. */
static int
count_matches(struct compile_ctx *x, const char *match, int64_t max, int64_t *n)
{
	sqlite3_stmt *st = store_stmt(x->s, x->ent->text_probe, x->e);
	int step;

	if (!st)
		return ERR_DB;
	if (store_bind_text(st, 1, match) != SQLITE_OK ||
	    store_bind_int(st, 2, max + 1, false) != SQLITE_OK)
		return store_db_err(x->s, x->e, "binding a word search");
	step = sqlite3_step(st);
	if (step != SQLITE_ROW) {
		sqlite3_reset(st);
		return store_db_err(x->s, x->e, "counting a word search");
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/*
 * How a page finds the rows of its positive words. Walking the sort's
 * index and testing each row is fast when matches are common, and walks
 * the whole index when they are rare (or absent: a word half typed). So
 * the match set is counted first, which FTS5 does quickly when it stops at
 * a bound: a small set (up to sort_max rows) is looked up by rowid and
 * sorted, a bounded cost whatever the order of the rows; a middle one is
 * built once and tested per row walked; a large one, which would cost more
 * to build than the short walk it serves, is probed per row in the FTS
 * index. A probe costs some 50 us: a large set whose rows lie far along
 * the sort (a year's CVEs at the end of the CVE sort) makes that walk
 * long, so list_page gives it a budget and, past it, reads the page again
 * with the set built (no_probes).
 */
static int
choose_text_plan(struct compile_ctx *x, const char *match, const char **cond,
                 struct compiled *c)
{
	int64_t n = 0;
	int rc;

	if (x->sort_max > 0) {
		rc = count_matches(x, match, x->sort_max, &n);
		if (rc)
			return rc;
		if (n <= x->sort_max) {
			c->is_sorted_set = true;
			*cond = x->ent->text_in;
			return 0;
		}
		if (x->no_probes) {
			*cond = x->ent->text_in;
			return 0;
		}
		if (x->in_max <= x->sort_max) {
			*cond = x->ent->text_exists;
			c->has_probes = true;
			return 0;
		}
	}
	if (x->no_probes) {
		*cond = x->ent->text_in;
		return 0;
	}
	rc = count_matches(x, match, x->in_max, &n);
	if (rc)
		return rc;
	*cond = n <= x->in_max ? x->ent->text_in : x->ent->text_exists;
	c->has_probes = n > x->in_max;
	return 0;
}

/* cond, and text bound to each of its '?' (c owns text). */
static void
add_text_condition(struct compiled *c, const char *cond, char *text)
{
	size_t n = 0;

	for (const char *p = cond; *p; p++)
		n += *p == '?';
	list_add_condition(c, cond);
	for (size_t i = 1; i < n; i++)
		list_bind_text_take(c, xstrdup(text));
	list_bind_text_take(c, text);
}

/*
 * One positive word of a list whose words match each on its own
 * (is_word_each): its condition, with the plan of choose_text_plan, each
 * word by its own set (several words: the rarest drives a sorted set,
 * the others are probed on its rows).
 */
static int
add_word_each(struct compile_ctx *x, char *match, struct compiled *c)
{
	const char *cond = x->ent->text_in;
	int rc = 0;

	if (x->is_page)
		rc = choose_text_plan(x, match, &cond, c);
	if (rc) {
		free(match);
		return rc;
	}
	add_text_condition(c, cond, match);
	return 0;
}

static bool
is_same_term(const struct filter_term *a, const struct filter_term *b)
{
	if (a->kind != b->kind || a->is_negated != b->is_negated)
		return false;
	if (a->kind == FILTER_TERM_TEXT)
		return a->is_prefix == b->is_prefix &&
		       strcmp(a->text, b->text) == 0;
	if (a->op != b->op || a->values.n != b->values.n ||
	    strcmp(a->field, b->field) != 0)
		return false;
	for (size_t i = 0; i < a->values.n; i++)
		if (strcmp(a->values.v[i], b->values.v[i]) != 0)
			return false;
	return true;
}

/*
 * Whether term i repeats an earlier one: it adds nothing, and costs the
 * planner a term (a generated filter may repeat a term thousands of times).
 */
static bool
is_repeated_term(const struct filter *f, size_t i)
{
	const struct filter_term *t = filter_term_at(f, i);

	for (size_t j = 0; j < i; j++)
		if (is_same_term(filter_term_at(f, j), t))
			return true;
	return false;
}

/* A bare word that names a flag field (`new`), not a word to search. */
static bool
is_flag_word(const struct entity_def *ent, const struct filter_term *t)
{
	const struct field_def *fd;

	if (t->is_prefix)
		return false;
	fd = find_field(ent, t->text);
	return fd && fd->kind == VK_FLAG;
}

/* The flag word as the term FIELD:yes (!FIELD: FIELD:no's rows too). */
static int
compile_flag_word(struct compile_ctx *x, const struct filter_term *t,
                  struct compiled *c)
{
	struct filter_term ft = *t;
	int rc;

	ft.kind = FILTER_TERM_FIELD;
	ft.field = t->text;
	ft.op = FILTER_OP_EQ;
	strvec_init(&ft.values);
	strvec_push(&ft.values, "yes");
	rc = compile_field(x, &ft, c);
	strvec_release(&ft.values);
	return rc;
}

int
list_compile_filter(struct compile_ctx *x, const struct filter *f,
                    struct compiled *c)
{
	struct strbuf match, excluded;
	size_t n_excluded = 0;
	int rc = 0;

	strbuf_init(&match);
	strbuf_init(&excluded);
	for (size_t i = 0; i < filter_term_count(f); i++) {
		const struct filter_term *t = filter_term_at(f, i);

		if (is_repeated_term(f, i))
			continue;
		if (t->kind == FILTER_TERM_FIELD) {
			rc = compile_field(x, t, c);
			if (rc)
				goto out;
		} else if (is_flag_word(x->ent, t)) {
			rc = compile_flag_word(x, t, c);
			if (rc)
				goto out;
		} else if (x->ent->is_like_text) {
			add_text_condition(c,
			                   t->is_negated ? x->ent->text_not_in
			                                 : x->ent->text_in,
			                   like_pattern(t->text));
		} else if (x->ent->is_word_each && !t->is_negated) {
			struct strbuf one;

			strbuf_init(&one);
			add_fts_phrase(&one, t);
			rc = add_word_each(x, strbuf_detach(&one, NULL), c);
			if (rc)
				goto out;
		} else if (t->is_negated) {
			if (excluded.len)
				strbuf_adds(&excluded, " OR");
			add_fts_phrase(&excluded, t);
			n_excluded++;
		} else {
			add_fts_phrase(&match, t);
		}
	}
	/*
	 * All negated words in one MATCH too: no row may match any of them.
	 * A page probes one word per row walked; several words cost a
	 * lookup of each per row, so their match set is built once instead
	 * when it is not too large.
	 */
	if (excluded.len) {
		const char *cond =
		    x->is_page ? x->ent->text_not_exists : x->ent->text_not_in;
		int64_t n = 0;

		if (x->is_page && n_excluded > 1) {
			rc = count_matches(x, excluded.buf, x->in_max, &n);
			if (rc)
				goto out;
			if (n <= x->in_max)
				cond = x->ent->text_not_in;
		}
		add_text_condition(c, cond, strbuf_detach(&excluded, NULL));
	}
	/* All positive words in one MATCH: FTS5 ANDs its phrases. */
	if (match.len) {
		const char *cond = x->ent->text_in;

		if (x->is_page) {
			rc = choose_text_plan(x, match.buf, &cond, c);
			if (rc)
				goto out;
		}
		add_text_condition(c, cond, strbuf_detach(&match, NULL));
	}
	if (x->is_set_plan && x->ent->set_key)
		c->is_sorted_set = true;
out:
	strbuf_release(&match);
	strbuf_release(&excluded);
	return rc;
}
