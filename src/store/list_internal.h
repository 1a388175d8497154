/*
 * What the files of the list module share (store-internal): the entity
 * tables (list_entities.c), the key codec (list_key.c), the compiler of
 * filters to SQL conditions and parameters (list_filter.c), and the page
 * and count queries that use them (list.c). See
 * include/centinela/store/list.h.
 */
#ifndef CENTINELA_STORE_LIST_INTERNAL_H
#define CENTINELA_STORE_LIST_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/store/list.h"

struct err;
struct filter;
struct store;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* How a typed value becomes a bound parameter. */
enum value_kind {
	VK_TEXT,            /* text as typed */
	VK_LOWER,           /* text folded to lower case */
	VK_UPPER,           /* text folded to upper case (references) */
	VK_INT,             /* whole number in [min, max] */
	VK_SEVERITY,        /* severity name, stored as its integer */
	VK_TLP,             /* TLP name, stored as its integer */
	VK_PAP,             /* PAP name, stored as its integer */
	VK_INCIDENT_STATUS, /* incident status name; ordered by workflow */
	VK_ALERT_STATUS,    /* alert status name */
	VK_ASSET_KIND,      /* asset kind name */
	VK_LOCAL_STATE,     /* synced, dirty, conflict */
	VK_SECTOR,          /* sector code, checked against the sector table */
	VK_TAXONOMY,        /* RSIT "class" or "class/type" (lhs and lhs2) */
	VK_AGE,             /* a time column compared as an age: age<2h */
	VK_TIME,     /* an age (updated<1h) or a date (updated>=2026-01-31) */
	VK_DEADLINE, /* a time from now (due<30m) or a date */
	VK_ASSIGNEE, /* analyst name, "me" or "none" */
	VK_SLA,  /* SLA state: running, near, paused, breached, met, missed */
	VK_BOOL, /* yes or no, stored as 1 or 0 */
	VK_REAL, /* decimal number in [min, max] (scores: epss>=0.5) */
	VK_CPE,  /* CPE names, whole or a pattern with '*' (cpe:2.3:a:x:*) */
	VK_FLAG, /* yes or no: lhs holds, or not; its name alone is name:yes */
};

struct field_def {
	const char *name;     /* as written in filters */
	enum value_kind kind; /* how values are read */
	const char *lhs;      /* SQL before the comparison: a column, or a
				 subquery's opening up to its compared column */
	const char *close;    /* SQL after the comparison ("" or ")") */
	const char *lhs2;     /* VK_TAXONOMY: the type column; VK_DEADLINE:
				 a condition '<' and '<=' also accept
				 (OR), for rows overdue otherwise; VK_CPE:
				 the table whose cpe column holds names */
	int64_t min;          /* VK_INT, VK_REAL: smallest value; VK_CPE:
				 1 when lhs2 names a table with the key
				 columns part, vendor, product (model/cpe.h)
				 and an index lhs2_product on (vendor,
				 product), lhs opening a subquery on it up
				 to its WHERE; 0: lhs2 names the table of
				 the row, whose cpe column is compared */
	int64_t max;          /* VK_INT, VK_REAL: largest value */
	const char *set_lhs;  /* lhs as a set (a subquery's opening up to its
				 compared column, closed by ")" after
				 close), for a page reading the sets of its
				 terms (compile_ctx.is_set_plan); NULL: lhs */
};

/* An index that serves a sort when a filter pins its first column. */
struct composite {
	const char *field; /* filter field pinned by "field:value" */
	const char *index; /* index (that column, sort columns, id) */
};

struct sort_def {
	const char *name;               /* as offered by store_sort_fields */
	const char *k1;                 /* first sort column */
	const char *k2;                 /* second sort column, or NULL */
	bool is_text;                   /* k1 is text */
	bool is_real;                   /* k1 is a REAL (a score) */
	const char *index;              /* index on (k1[, k2], id) */
	const char *extra;              /* condition its partial index needs */
	struct composite composites[8]; /* NULL-terminated */
	bool is_reversed; /* natural direction: descending for a text sort,
	                     ascending for a number */
};

struct entity_def {
	const char *name;  /* "incidents" */
	const char *table; /* "incident" */
	const char *id;    /* "incident.id" */
	const char *cols;  /* row reader column list */
	int ncols;         /* columns in cols */
	/*
	 * Conditions for bare words. Counts use the IN forms, whose match
	 * set SQLite builds once; pages choose by the size of the match set
	 * (compile_filter): the IN form for a set it sorts or one of middle
	 * size, the EXISTS forms, which probe the FTS index per row walked,
	 * for a large set and for negated words.
	 */
	const char *text_in;            /* positive words, match set */
	const char *text_not_in;        /* a negated word, match set */
	const char *text_exists;        /* positive words, probe per row */
	const char *text_not_exists;    /* a negated word, probe per row */
	const char *text_probe;         /* matches, up to ?2 (NULL: no FTS) */
	bool is_like_text;              /* text terms are LIKE ? patterns */
	const struct field_def *fields; /* filter fields */
	size_t n_fields;                /* entries in fields */
	const struct sort_def *sorts;   /* sorts, the default first */
	size_t n_sorts;                 /* entries in sorts */
	const char *const *sort_names;  /* the same names, NULL-terminated */
	size_t row_size;                /* sizeof the model struct */
	void (*row_init)(void *row);    /* its init */
	void (*row_release)(void *row); /* its release */
	void (*row_read)(sqlite3_stmt *st, void *row); /* rows.h reader */
	/*
	 * How `show` names one row (store_ref_parse, store_ref_get): KIND:ID
	 * prefixes ("alert:"; the first is the one help names) read by
	 * get_by_id, and a pattern of the row's own name (an incident
	 * reference, a CVE id) read by get_by_ref. No two entities may
	 * recognise the same text (tested). Every entity has a get_by_id:
	 * store_row_get (the console's detail pages) reads by it.
	 */
	const char *ref_prefixes[3]; /* NULL-terminated; none: {NULL} */
	bool (*ref_matches)(const char *ref); /* the pattern, or NULL */
	const char *ref_what;    /* "an incident reference" (pattern) */
	const char *ref_example; /* "MX-2026-00042" (pattern) */
	int (*get_by_id)(struct store *s, int64_t id, void *row, struct err *e);
	int (*get_by_ref)(struct store *s, const char *ref, void *row,
	                  struct err *e);
	/*
	 * Words matched each on its own (text forms of one word, each '?'
	 * of a form taking it), not all in one MATCH: an exposure's words
	 * may match its CVE or its asset.
	 */
	bool is_word_each;
	/*
	 * A sorted match set (is_sorted_set) looks its page's rows up by
	 * set_key IN (SELECT set_cols ...), the planner choosing how to find
	 * the set; NULL: by id, the set read NOT INDEXED (the FTS rowids).
	 */
	const char *set_key;
	const char *set_cols;
	int64_t text_sort_max; /* the sorted set's default bound, 0: the
	                          list's (store_list_opts.text_sort_max) */
	int64_t text_in_max;   /* the built set's, 0: the list's
	                          (store_list_opts.text_in_max) */
	/*
	 * The tables the row columns (cols) read, joined after the table's
	 * name in a page's query (rows.h STORE_ROW_EXPOSURE_JOINS); NULL:
	 * none. Conditions and counts never need them.
	 */
	const char *joins;
};

/* The entity tables, by enum store_entity (list_entities.c). */
extern const struct entity_def list_entities[STORE_ENTITY_COUNT];

/* The values of sla: (list_entities.c). */
struct list_sla_value {
	const char *name; /* as written after sla: */
	const char *sql;  /* condition, ? for now */
	int n_now;        /* ? in sql */
};
#define LIST_SLA_COUNT 6
extern const struct list_sla_value list_sla_values[LIST_SLA_COUNT];

/*
 * A signed decimal from *p up to stop (':' or NUL); advances *p past stop
 * (list_key.c).
 */
bool list_read_int(const char **p, char stop, int64_t *out);

/* A bound parameter. */
struct bind {
	bool is_text; /* text or num */
	bool is_real; /* real, not num (when not is_text) */
	int64_t num;  /* integer value */
	double real;  /* real value */
	char *text;   /* text value (owned) */
};

/* The WHERE conditions of a filter and their parameters, in order. */
struct compiled {
	struct strvec conds;  /* conditions, all to hold (add_where) */
	struct bind *binds;   /* parameters in placeholder order (owned) */
	size_t n_binds;       /* entries used */
	size_t alloc;         /* entries allocated */
	struct strvec points; /* fields pinned to one value ("status:new") */
	bool is_sorted_set;   /* a page over a small match set: sort it */
	bool has_probes;      /* a page probing each row walked for words */
	bool is_filtered;     /* a page testing a filter on each row walked */
};

/* What the compiler needs besides the filter. */
struct compile_ctx {
	struct store *s;              /* for the sector table */
	const struct entity_def *ent; /* entity being listed */
	const char *me;               /* analyst for assignee:me */
	int64_t now;                  /* clock for ages and deadlines */
	bool is_page;                 /* a page query, not a count */
	int64_t sort_max;             /* see store_list_opts.text_sort_max */
	int64_t in_max;               /* see store_list_opts.text_in_max */
	bool no_probes;               /* build match sets, never probe */
	bool is_set_plan;             /* a page's matches from the sets of its
	                                 terms, sorted (entities with set_key):
	                                 set_lhs forms, no probes */
	struct err *e;                /* where errors go */
};

void list_compiled_init(struct compiled *c);
void list_compiled_release(struct compiled *c);
void list_bind_num(struct compiled *c, int64_t v);
void list_bind_real(struct compiled *c, double v);
/* Bind v, which c now owns. */
void list_bind_text_take(struct compiled *c, char *v);
void list_add_condition(struct compiled *c, const char *cond);
/* " WHERE " and the conditions of c, when it has any. */
void list_add_where(struct strbuf *sql, const struct compiled *c);
/* The conditions and parameters of filter f (NULL: none) into c. */
int list_compile_filter(struct compile_ctx *x, const struct filter *f,
                        struct compiled *c);

#endif
