/*
 * Keyset-paged lists and counts: the page and count queries of an entity
 * (list_entities.c) under a compiled filter (list_filter.c), the index a
 * page walks, and the rows and keys read back (list_key.c). See
 * include/centinela/store/list.h.
 *
 * Page queries name their index with INDEXED BY. A keyset page must be
 * read in index order so that it costs the rows it returns (plus the
 * non-matching rows skipped on the way) and nothing proportional to all
 * matches. Left alone, SQLite often prefers the index of a filter column
 * (alert_status for "status:new" sorted by received time) and then sorts
 * every match in a temp B-tree on every page, which for a live alert queue
 * of 10^5 rows is a full sort per keystroke. So a page uses the sort's own
 * index, or a composite index (filter column, sort columns, id) when the
 * filter pins that column to one value (incident_status for "status:new"
 * sorted by opened time), which serves both. The price is paid by sparse
 * filters (a rare IP, a rare word), which may walk much of the sort index
 * to fill a page; counts let the planner choose freely.
 */
#include "centinela/store/list.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
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

#define LIST_LIMIT_MAX     10000
#define LIST_LIMIT_DEFAULT 100
#define TEXT_SORT_MAX      300    /* see store_list_opts.text_sort_max */
#define TEXT_IN_MAX        100000 /* see store_list_opts.text_in_max */
#define PROBE_WALK_MS      10     /* a walk testing rows, before it builds */
#define SET_SORT_MAX       20000  /* matches a page may sort (set_key) */

/* How read_page reads a page. */
enum plan {
	PLAN_TIMED, /* as compiled; a walk testing rows within PROBE_WALK_MS */
	PLAN_SETS,  /* from the match sets built (is_sets of prepare_query) */
	PLAN_WALK,  /* as compiled, untimed */
};

void
store_list_opts_init(struct store_list_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->limit = LIST_LIMIT_DEFAULT;
}

/* ---- queries ---- */

/* A page or count query, its SQL and parameters. */
struct query {
	struct compiled c;            /* filter conditions and parameters */
	const struct entity_def *ent; /* entity listed */
	const struct sort_def *sort;  /* sort used (page queries) */
	struct strbuf sql;            /* the statement */
};

/* Index of the sort called name (empty: the default), n_sorts if none. */
static size_t
find_sort(const struct entity_def *ent, const char *name)
{
	if (!name || !*name)
		return 0;
	for (size_t i = 0; i < ent->n_sorts; i++)
		if (strcasecmp(ent->sorts[i].name, name) == 0)
			return i;
	return ent->n_sorts;
}

/* The index a page query uses: a composite the filter pins, or the sort's. */
static const char *
choose_index(const struct sort_def *sd, const struct compiled *c)
{
	for (const struct composite *cp = sd->composites; cp->field; cp++)
		for (size_t i = 0; i < c->points.n; i++)
			if (strcmp(c->points.v[i], cp->field) == 0)
				return cp->index;
	return sd->index;
}

/*
 * A query needs no more parameters than SQLite takes (the filter's limits
 * keep it so; a SQLite built with a lower limit is told here, not by a
 * failed prepare). spare: parameters the caller adds after this.
 */
static int
check_binds(struct store *s, const struct compiled *c, size_t spare,
            struct err *e)
{
	int max = sqlite3_limit(s->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);

	if (c->n_binds + spare <= (size_t)max)
		return 0;
	return err_set(e, ERR_LIMIT,
	               "the filter is too large: its query needs %zu values, "
	               "more than the %d one query can take; use fewer terms",
	               c->n_binds + spare, max);
}

static int
prepare_query(struct store *s, enum store_entity ent,
              const struct store_list_opts *o, bool is_count, bool is_sets,
              struct query *q, struct err *e)
{
	struct compile_ctx x;
	const struct sort_def *sd;
	struct strbuf order;
	const char *dir, *cmp, *joins;
	size_t k;
	int rc;

	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "unknown list %d", (int)ent);
	q->ent = &list_entities[ent];
	x.s = s;
	x.ent = q->ent;
	x.me = o->me;
	x.now = o->now ? o->now : time_now();
	x.is_page = !is_count;
	x.sort_max = o->text_sort_max        ? o->text_sort_max
	             : q->ent->text_sort_max ? q->ent->text_sort_max
	                                     : TEXT_SORT_MAX;
	x.in_max = o->text_in_max > 0        ? o->text_in_max
	           : q->ent->text_in_max > 0 ? q->ent->text_in_max
	                                     : TEXT_IN_MAX;
	x.no_probes = is_sets;
	x.is_set_plan = is_sets && q->ent->set_key;
	x.e = e;
	rc = list_compile_filter(&x, o->filter, &q->c);
	if (rc)
		return rc;
	q->c.is_filtered = q->c.conds.n > 0;
	if (is_count) {
		strbuf_addf(&q->sql, "SELECT count(*) FROM %s", q->ent->table);
		list_add_where(&q->sql, &q->c);
		return check_binds(s, &q->c, 1, e); /* +1: count_rows' cap */
	}

	k = find_sort(q->ent, o->sort);
	if (k >= q->ent->n_sorts) {
		struct strbuf known;

		strbuf_init(&known);
		for (size_t i = 0; i < q->ent->n_sorts; i++)
			strbuf_addf(&known, "%s%s", i ? ", " : "",
			            q->ent->sorts[i].name);
		rc = err_set(e, ERR_INVALID,
		             "cannot sort %s by '%s' (known: %s)", q->ent->name,
		             o->sort, known.buf);
		strbuf_release(&known);
		return rc;
	}
	sd = &q->ent->sorts[k];
	q->sort = sd;
	if (o->limit < 1 || o->limit > LIST_LIMIT_MAX)
		return err_set(e, ERR_INVALID,
		               "page size %d out of range (1 to %d)", o->limit,
		               LIST_LIMIT_MAX);
	if (o->after && o->after->is_set &&
	    (o->after->is_text != sd->is_text ||
	     o->after->is_real != sd->is_real ||
	     o->after->has_num2 != (sd->k2 != NULL) ||
	     (sd->is_text && !o->after->text)))
		return err_set(e, ERR_INVALID,
		               "page key does not fit the sort by '%s'",
		               sd->name);

	dir = o->is_ascending ? " ASC" : " DESC";
	cmp = o->is_ascending ? " > " : " < ";
	joins = q->ent->joins ? q->ent->joins : "";
	strbuf_addf(&q->sql, "SELECT %s, %s", q->ent->cols, sd->k1);
	if (sd->k2)
		strbuf_addf(&q->sql, ", %s", sd->k2);
	/*
	 * A small match set is sorted by its keys alone, then the page's rows
	 * are read by rowid: sorting whole rows would compute every column
	 * of every match.
	 */
	if (q->c.is_sorted_set && q->ent->set_key)
		strbuf_addf(&q->sql,
		            " FROM %s%s WHERE %s IN (SELECT %s FROM %s",
		            q->ent->table, joins, q->ent->set_key,
		            q->ent->set_cols, q->ent->table);
	else if (q->c.is_sorted_set)
		strbuf_addf(
		    &q->sql,
		    " FROM %s%s WHERE %s IN (SELECT %s FROM %s NOT INDEXED",
		    q->ent->table, joins, q->ent->id, q->ent->id,
		    q->ent->table);
	else
		strbuf_addf(&q->sql, " FROM %s INDEXED BY %s%s", q->ent->table,
		            choose_index(sd, &q->c), joins);
	if (sd->extra)
		list_add_condition(&q->c, sd->extra);
	if (o->after && o->after->is_set) {
		struct strbuf key;

		strbuf_init(&key);
		strbuf_addf(&key, "(%s, ", sd->k1);
		if (sd->k2)
			strbuf_addf(&key, "%s, ", sd->k2);
		strbuf_addf(&key, "%s)%s(?, %s?)", q->ent->id, cmp,
		            sd->k2 ? "?, " : "");
		list_add_condition(&q->c, key.buf);
		strbuf_release(&key);
		if (sd->is_text)
			list_bind_text_take(&q->c, xstrdup(o->after->text));
		else if (sd->is_real)
			list_bind_real(&q->c, o->after->real);
		else
			list_bind_num(&q->c, o->after->num);
		if (sd->k2)
			list_bind_num(&q->c, o->after->num2);
		list_bind_num(&q->c, o->after->id);
	}
	list_add_where(&q->sql, &q->c);
	strbuf_init(&order);
	strbuf_addf(&order, " ORDER BY %s%s, ", sd->k1, dir);
	if (sd->k2)
		strbuf_addf(&order, "%s%s, ", sd->k2, dir);
	strbuf_addf(&order, "%s%s", q->ent->id, dir);
	if (q->c.is_sorted_set && q->ent->set_key) {
		/*
		 * '+': the set is sorted, never read in the order of the
		 * sort's index, a walk that a LIMIT may tempt the planner
		 * into.
		 */
		strbuf_addf(&q->sql, " ORDER BY +%s%s, ", sd->k1, dir);
		if (sd->k2)
			strbuf_addf(&q->sql, "+%s%s, ", sd->k2, dir);
		strbuf_addf(&q->sql, "+%s%s LIMIT ?", q->ent->id, dir);
	} else {
		strbuf_addf(&q->sql, "%s LIMIT ?", order.buf);
	}
	if (q->c.is_sorted_set)
		strbuf_addf(&q->sql, ")%s", order.buf);
	strbuf_release(&order);
	/* One row more than asked tells whether another page follows. */
	list_bind_num(&q->c, (int64_t)o->limit + 1);
	return check_binds(s, &q->c, 0, e);
}

static void
query_init(struct query *q)
{
	memset(q, 0, sizeof(*q));
	list_compiled_init(&q->c);
	strbuf_init(&q->sql);
}

static void
query_release(struct query *q)
{
	list_compiled_release(&q->c);
	strbuf_release(&q->sql);
}

static int
bind_all(struct store *s, sqlite3_stmt *st, const struct compiled *c,
         struct err *e)
{
	for (size_t i = 0; i < c->n_binds; i++) {
		int rc =
		    c->binds[i].is_text
		        ? store_bind_text(st, (int)i + 1, c->binds[i].text)
		    : c->binds[i].is_real
		        ? sqlite3_bind_double(st, (int)i + 1, c->binds[i].real)
		        : store_bind_int(st, (int)i + 1, c->binds[i].num,
		                         false);

		if (rc != SQLITE_OK)
			return store_db_err(s, e, "binding a list query");
	}
	return 0;
}

/* The key of the current row: sort columns after the row's, then its id. */
static void
read_key(const struct query *q, sqlite3_stmt *st, struct store_key *k)
{
	int col = q->ent->ncols;

	store_key_release(k);
	k->is_set = true;
	k->is_text = q->sort->is_text;
	k->is_real = q->sort->is_real;
	if (k->is_text)
		k->text = store_col_text(st, col++);
	else if (k->is_real)
		k->real = sqlite3_column_double(st, col++);
	else
		k->num = sqlite3_column_int64(st, col++);
	if (q->sort->k2) {
		k->has_num2 = true;
		k->num2 = sqlite3_column_int64(st, col);
	}
	k->id = sqlite3_column_int64(st, 0);
}

/* SQLite progress handler of a page that probes: past its deadline. */
static int
probe_progress(void *ctx)
{
	int64_t *deadline = ctx;

	if (time_mono_ms() <= *deadline)
		return 0;
	*deadline = -1; /* the walk, not an error, stopped the statement */
	return 1;
}

/*
 * One page, as list_page says. A walk of the sort index that probes each
 * row for words (has_probes), or on a list whose sets of matches can be
 * read by key (set_key: the exposures, whose filters test their CVE and
 * asset) one that tests a filter, has PROBE_WALK_MS: a rare match, or
 * matches far along the sort, make it long. Past them it stops with no
 * rows and *is_over set, to be read again (list_page) from the match sets
 * built: the words' sets walked, or the exposures' sets of CVEs, assets
 * and words read through their indexes and sorted.
 */
static int
read_page(struct store *s, enum store_entity ent,
          const struct store_list_opts *o, enum plan plan, void **rows_out,
          struct store_key **keys_out, size_t *n_out, struct store_key *next,
          bool *is_over, struct err *e)
{
	struct store_key *keys = NULL;
	struct query q;
	struct store_key last;
	sqlite3_stmt *st;
	size_t size, n = 0, alloc = 0;
	char *rows = NULL;
	int64_t deadline = 0;
	bool is_timed;
	int rc, step = SQLITE_DONE;

	*rows_out = NULL;
	if (keys_out)
		*keys_out = NULL;
	*n_out = 0;
	if (next)
		store_key_release(next);
	store_key_init(&last);
	query_init(&q);
	*is_over = false;
	rc = prepare_query(s, ent, o, false, plan == PLAN_SETS, &q, e);
	if (rc)
		goto out;
	size = q.ent->row_size;
	st = store_stmt(s, q.sql.buf, e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	is_timed = plan == PLAN_TIMED &&
	           (q.c.has_probes ||
	            (q.ent->set_key && q.c.is_filtered && !q.c.is_sorted_set));
	if (is_timed) {
		deadline = time_mono_ms() +
		           (o->walk_ms > 0 ? o->walk_ms : PROBE_WALK_MS);
		if (o->walk_ms < 0)
			deadline = 0; /* past: over at the first call */
		sqlite3_progress_handler(s->db, o->walk_ms < 0 ? 1 : 1000,
		                         probe_progress, &deadline);
	}
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == (size_t)o->limit) {
			/* the extra row: there is a next page */
			if (next) {
				*next = last;
				store_key_init(&last);
			}
			break;
		}
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 32;
			rows = xreallocarray(rows, alloc, size);
			if (keys_out)
				keys =
				    xreallocarray(keys, alloc, sizeof(*keys));
		}
		q.ent->row_init(rows + n * size);
		q.ent->row_read(st, rows + n * size);
		n++;
		read_key(&q, st, &last);
		if (keys_out) {
			store_key_init(&keys[n - 1]);
			read_key(&q, st, &keys[n - 1]);
		}
	}
	if (is_timed)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	if (!rc && step == SQLITE_INTERRUPT && deadline < 0)
		*is_over = true;
	else if (!rc && step != SQLITE_ROW && step != SQLITE_DONE)
		rc = store_db_err(s, e, "listing");
	sqlite3_reset(st);
	if (rc || *is_over) {
		for (size_t i = 0; i < n; i++)
			q.ent->row_release(rows + i * size);
		free(rows);
		if (keys_out) {
			for (size_t i = 0; i < n; i++)
				store_key_release(&keys[i]);
			free(keys);
		}
		goto out;
	}
	*rows_out = rows;
	if (keys_out)
		*keys_out = keys;
	*n_out = n;
out:
	store_key_release(&last);
	query_release(&q);
	return rc;
}

static int count_rows(struct store *s, enum store_entity ent,
                      const struct store_list_opts *o, bool is_sets,
                      int64_t cap, int64_t *count, struct err *e);

/*
 * A page, walked first (read_page); a walk over its time is read again
 * from the match sets, unless (a list with set_key) they hold more than
 * SET_SORT_MAX matches, too many to sort for a page: the walk, slow from
 * a loaded machine rather than rare matches, is then finished untimed.
 */
static int
list_page(struct store *s, enum store_entity ent,
          const struct store_list_opts *o, void **rows_out,
          struct store_key **keys_out, size_t *n_out, struct store_key *next,
          struct err *e)
{
	bool is_over = false, is_sets = true;
	int64_t n = 0;
	int rc = read_page(s, ent, o, PLAN_TIMED, rows_out, keys_out, n_out,
	                   next, &is_over, e);

	if (rc || !is_over)
		return rc;
	if (list_entities[ent].set_key) {
		rc = count_rows(s, ent, o, true, SET_SORT_MAX, &n, e);
		if (rc)
			return rc;
		is_sets = n <= SET_SORT_MAX;
	}
	return read_page(s, ent, o, is_sets ? PLAN_SETS : PLAN_WALK, rows_out,
	                 keys_out, n_out, next, &is_over, e);
}

int
store_incident_page(struct store *s, const struct store_list_opts *o,
                    struct incident **rows, size_t *n, struct store_key *next,
                    struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_INCIDENTS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_alert_page(struct store *s, const struct store_list_opts *o,
                 struct alert **rows, size_t *n, struct store_key *next,
                 struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ALERTS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_asset_page(struct store *s, const struct store_list_opts *o,
                 struct asset **rows, size_t *n, struct store_key *next,
                 struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ASSETS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_organization_page(struct store *s, const struct store_list_opts *o,
                        struct organization **rows, size_t *n,
                        struct store_key *next, struct err *e)
{
	void *r;
	int rc = list_page(s, STORE_ORGANIZATIONS, o, &r, NULL, n, next, e);

	*rows = r;
	return rc;
}

int
store_page_keyed(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, void **rows,
                 struct store_key **keys, size_t *n, struct store_key *next,
                 struct err *e)
{
	return list_page(s, ent, o, rows, keys, n, next, e);
}

/* SQLite progress handler: a non-zero return interrupts the statement. */
static int
count_progress(void *ctx)
{
	const struct store_list_opts *o = ctx;

	return o->is_cancelled(o->cancel_ctx) ? 1 : 0;
}

/*
 * Run a count query: cap < 0 counts every match, else at most cap + 1
 * (the filtered rows read in a LIMITed subquery).
 */
static int
count_rows(struct store *s, enum store_entity ent,
           const struct store_list_opts *o, bool is_sets, int64_t cap,
           int64_t *count, struct err *e)
{
	struct query q;
	sqlite3_stmt *st;
	int rc, step;

	*count = 0;
	query_init(&q);
	rc = prepare_query(s, ent, o, true, is_sets, &q, e);
	if (rc)
		goto out;
	if (cap >= 0) {
		/* SELECT count(*) FROM t WHERE c -> a LIMITed subquery */
		strbuf_reset(&q.sql);
		strbuf_addf(&q.sql, "SELECT count(*) FROM (SELECT 1 FROM %s",
		            q.ent->table);
		list_add_where(&q.sql, &q.c);
		strbuf_adds(&q.sql, " LIMIT ?)");
		list_bind_num(&q.c, cap + 1);
	}
	st = store_stmt(s, q.sql.buf, e);
	if (!st) {
		rc = ERR_DB;
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	if (rc)
		goto out;
	if (o->is_cancelled)
		sqlite3_progress_handler(s->db, 4096, count_progress,
		                         (void *)o);
	step = sqlite3_step(st);
	if (o->is_cancelled)
		sqlite3_progress_handler(s->db, 0, NULL, NULL);
	if (step == SQLITE_ROW)
		*count = sqlite3_column_int64(st, 0);
	else if (step == SQLITE_INTERRUPT)
		rc = err_set(e, ERR_LIMIT, "counting %s stopped", q.ent->name);
	else
		rc = store_db_err(s, e, "counting");
	sqlite3_reset(st);
out:
	query_release(&q);
	return rc;
}

int
store_count(struct store *s, enum store_entity ent,
            const struct store_list_opts *o, int64_t *count, struct err *e)
{
	return count_rows(s, ent, o, false, -1, count, e);
}

int
store_count_upto(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, int64_t cap, int64_t *count,
                 struct err *e)
{
	if (cap < 0)
		return err_set(e, ERR_INVALID, "count cap %lld out of range",
		               (long long)cap);
	return count_rows(s, ent, o, false, cap, count, e);
}

int
store_list_check(struct store *s, enum store_entity ent,
                 const struct store_list_opts *o, struct err *e)
{
	struct query q;
	int rc;

	query_init(&q);
	rc = prepare_query(s, ent, o, true, false, &q, e);
	query_release(&q);
	return rc;
}

int
store_list_explain(struct store *s, enum store_entity ent,
                   const struct store_list_opts *o, char **plan, struct err *e)
{
	struct query q;
	struct strbuf sql, out;
	sqlite3_stmt *st = NULL;
	int rc, step = SQLITE_DONE;

	*plan = NULL;
	query_init(&q);
	strbuf_init(&sql);
	strbuf_init(&out);
	rc = prepare_query(s, ent, o, false, false, &q, e);
	if (rc)
		goto out;
	/* Not cached: plans are for tests and --explain. */
	strbuf_addf(&sql, "EXPLAIN QUERY PLAN %s", q.sql.buf);
	if (sqlite3_prepare_v2(s->db, sql.buf, -1, &st, NULL) != SQLITE_OK) {
		rc = store_db_err(s, e, "explaining a list query");
		goto out;
	}
	rc = bind_all(s, st, &q.c, e);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (out.len)
			strbuf_addch(&out, '\n');
		strbuf_adds(&out, (const char *)sqlite3_column_text(st, 3));
	}
	if (!rc && step != SQLITE_DONE)
		rc = store_db_err(s, e, "explaining a list query");
	if (!rc)
		*plan = strbuf_detach(&out, NULL);
out:
	sqlite3_finalize(st);
	strbuf_release(&sql);
	strbuf_release(&out);
	query_release(&q);
	return rc;
}

int
store_list_look(struct store *s, enum store_entity ent, int64_t now,
                struct err *e)
{
	static const char sql[] =
	    "INSERT INTO list_look(list, looked_at) VALUES (?1, ?2) "
	    "ON CONFLICT (list) DO UPDATE SET looked_at = excluded.looked_at";
	sqlite3_stmt *st;

	if ((size_t)ent >= STORE_ENTITY_COUNT)
		return err_set(e, ERR_INVALID, "unknown list %d", (int)ent);
	if (!(st = store_stmt(s, sql, e)))
		return ERR_DB;
	store_bind_text(st, 1, list_entities[ent].name);
	sqlite3_bind_int64(st, 2, now);
	return store_step_done(s, st, "cannot record a look at a list", e);
}
