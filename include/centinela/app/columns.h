/*
 * The columns the console's lists can show, by view, and the
 * `set VIEW.columns NAME...` settings that choose them.
 *
 * The catalog is the contract between the setting (checked here, in the
 * app layer) and the console's views (src/ui/view.c makes a list's view
 * from its catalog: name, cells, detail page, tab), which fill a cell for
 * every column of their catalog by index. The first entries up to n_default are
 * the default columns, in order. Every list of the store (enum
 * store_entity) has one, and its `set LIST.columns` setting comes from it
 * (app/setting.h): a new list adds its catalog here and nothing to
 * struct app or the settings. Its cell formatters fill the console's lists
 * (ui view_catalog_cells) and, for a list without a table of its own in
 * `centinela list` (vulnerabilities), the CLI's table: its default
 * columns, as the console shows them.
 */
#ifndef CENTINELA_APP_COLUMNS_H
#define CENTINELA_APP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/export/export.h"

struct err;
struct sla_result;

#define COLUMNS_MAX 16 /* most columns a view offers or shows */

struct column_def {
	const char *name;  /* as in `set incidents.columns`, e.g. "assignee" */
	const char *title; /* header text, e.g. "ASSIGNEE" */
	int width;     /* preferred width; 0: the column that takes the rest */
	int min_width; /* narrowest it may shrink to; 0: never shrinks (for
	                  the width-0 column: the least room it takes) */
	/*
	 * The cell of a row (the list's model struct, e.g. struct incident)
	 * at time now: owned, not yet sanitized, never NULL.
	 */
	char *(*cell)(const void *row, int64_t now);
	/* The theme element of that cell (app/theme.h), NULL: the row's. */
	const char *(*element)(const void *row, int64_t now);
};

/* A line of a record's page: "label  value". */
struct detail_field {
	const char *label; /* e.g. "Vendor", "CVSS" (the CLI: lower case) */
	/* The value (owned, not yet sanitized; "" shows as "-"). */
	char *(*value)(const void *row);
};

/* A block of text under a title on a record's page. */
struct detail_block {
	const char *title; /* e.g. "Description" */
	/* The text (owned, not yet sanitized, lines split at "\n"; "" for
	 * none); count: its number of items for "Title (n)", or NULL. */
	char *(*text)(const void *row);
	size_t (*count)(const void *row);
};

/*
 * How one record of a list reads on its own page, for `centinela show`
 * and the console's detail alike (NULL in a catalog: each prints its own,
 * with links and timelines). The heading is the first line, e.g.
 * "CVE-2021-44228  Apache Log4j2 Remote Code Execution Vulnerability".
 */
struct detail_layout {
	char *(*heading)(const void *row); /* owned, not yet sanitized */
	const struct detail_field *fields; /* in order */
	size_t n_fields;                   /* entries in fields */
	const struct detail_block *blocks; /* after the fields */
	size_t n_blocks;                   /* entries in blocks */
};

/*
 * When the console shows a list's tab. The lists shown always come first,
 * in enum store_entity order, then the console's own views (help, ...),
 * then the others, so that the number of no tab moves when one of those
 * appears.
 */
enum column_tab {
	COLUMN_TAB_ALWAYS,    /* from the start */
	COLUMN_TAB_WITH_ROWS, /* at the start when the cache holds rows of
	                         it, else once asked for (`:view NAME`) */
	COLUMN_TAB_ON_DEMAND, /* once asked for */
};

struct column_catalog {
	int entity;                         /* enum store_entity */
	const char *view;                   /* "incidents", "alerts", ... */
	const char *singular;               /* "incident", "alert", ... */
	const struct column_def *cols;      /* every column the view can show */
	size_t n_cols;                      /* entries in cols */
	size_t n_default;                   /* the first n_default are shown */
	const struct detail_layout *detail; /* its page, or NULL */
	struct export_table fields; /* its JSON and CSV fields (export.h) */
	enum column_tab tab;        /* when the console shows its tab */
};

/* The catalog of a list view, or NULL for a view without columns. */
const struct column_catalog *columns_catalog(const char *view);
/* The theme element of an SLA state (model/sla.h), NULL without one. */
const char *columns_sla_element(const struct sla_result *r);

/* The catalog of entity (enum store_entity), or NULL out of range. */
const struct column_catalog *columns_catalog_of(int entity);

/* Index of the column name in cat, or -1. */
int columns_index(const struct column_catalog *cat, const char *name);

/*
 * Parse a column list ("reference severity title", commas allowed as
 * separators) for view into indices of its catalog (at most COLUMNS_MAX,
 * no repeats, at least one). NULL or "" gives the defaults. Returns 0, or
 * ERR_INVALID naming the unknown column and listing the known ones.
 */
int columns_parse(const char *view, const char *value, int *idx, size_t *n,
                  struct err *e);

#endif
