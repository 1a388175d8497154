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
 * (ui view_catalog_cells) and the CLI's table of `centinela list` (its
 * cli columns: catalog columns under the CLI's headers); its detail layout
 * prints `centinela show` and the console's page of a record; its export
 * fields the JSON and CSV. One file a list: src/app/columns_LIST.c.
 */
#ifndef CENTINELA_APP_COLUMNS_H
#define CENTINELA_APP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/export/export.h"

struct err;
struct sla_result;
struct store;

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

/*
 * A column of a CLI table (`centinela list`, a related list under `centinela
 * show`): a column of the catalog, whose cell formatter fills it, under the
 * CLI's own header.
 */
struct cli_column {
	const char
	    *column; /* name of a column of the catalog, e.g. "severity" */
	const char *header; /* e.g. "SEV" */
	int min_width;      /* never narrower than this */
	bool is_flexible;   /* may shrink (down to min_width) to fit */
	bool is_right;      /* right-aligned (numbers) */
};

/* A line of a record's page: "label  value". */
struct detail_field {
	const char *label; /* e.g. "Vendor", "CVSS" (the CLI: lower case) */
	/* The value at time now (owned, not yet sanitized; "" shows as "-",
	 * NULL: no line for this row). */
	char *(*value)(const void *row, int64_t now);
	/* The record the value names, for a link on the console's page: its
	 * local id (0: none) in link_entity (enum store_entity); or NULL. */
	int64_t (*link_id)(const void *row);
	int link_entity;
};

/*
 * The rows of another list linked to a record (an incident's alerts, an
 * asset's incidents): `show` tabulates them with cols, the console lists
 * them as links.
 */
struct detail_related {
	int entity; /* enum store_entity of the rows */
	/*
	 * Read at most limit rows linked to record id into *rows, an array of
	 * *n structs of entity (owned: store_row_release each, then free).
	 */
	int (*fetch)(struct store *s, int64_t id, int limit, void **rows,
	             size_t *n, struct err *e);
	const struct cli_column *cols; /* columns of entity's catalog */
	size_t n_cols;                 /* entries in cols */
	/*
	 * The group of a row (owned, not yet sanitized), for rows fetched
	 * group after group (a CVE's exposures by sector and organization):
	 * a heading comes before each group; NULL: no groups.
	 */
	char *(*group)(const void *row);
	/* Its key in `show --format json` (an array of its rows' JSON
	 * fields), NULL: not in the JSON. */
	const char *json_name;
};

/*
 * A block under a title on a record's page: text (text set, count NULL:
 * "Title" and the text's lines, nothing when it is ""), items ("Title (n)"
 * and one item a line; count and text set), or related rows ("Title (n)"
 * and the rows; related set).
 */
struct detail_block {
	const char *title; /* e.g. "Description" */
	/* The text (owned, not yet sanitized, lines split at "\n"; "" for
	 * none); count: its number of items for "Title (n)", or NULL. An item
	 * text whose values could hold a newline sanitizes them itself. */
	char *(*text)(const void *row);
	size_t (*count)(const void *row);
	const struct detail_related *related; /* or NULL */
};

/*
 * How one record of a list reads on its own page, for `centinela show`
 * and the console's detail alike (the console's incidents and alerts keep
 * pages of their own, with keys and timelines). The heading is the first
 * line, e.g.
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
	const struct detail_layout *detail; /* its page */
	struct export_table fields;   /* its JSON and CSV fields (export.h) */
	enum column_tab tab;          /* when the console shows its tab */
	const struct cli_column *cli; /* the table of `centinela list` */
	size_t n_cli;                 /* entries in cli */
	/* Listed rows lack some of its fields (observables, CPEs): `list
	 * --format json|csv` reads each row whole. */
	bool is_list_partial;
};

/* The catalog of a list view, or NULL for a view without columns. */
const struct column_catalog *columns_catalog(const char *view);
/* The theme element of an SLA state (model/sla.h), NULL without one. */
const char *columns_sla_element(const struct sla_result *r);

/* The catalog of entity (enum store_entity), or NULL out of range. */
const struct column_catalog *columns_catalog_of(int entity);

/* Index of the column name in cat, or -1. */
int columns_index(const struct column_catalog *cat, const char *name);

/* The local id of a row of any list (its struct record_meta comes first). */
int64_t columns_row_id(const void *row);

/* "2026-03-14T09:30:00Z (3d ago)" / "(in 2h)", "-" for 0: owned. */
char *columns_when(int64_t now, int64_t t);
/* "2026-03-14 09:30" (UTC), "" for 0: owned. */
char *columns_minute(int64_t t);

/*
 * Parse a column list ("reference severity title", commas allowed as
 * separators) for view into indices of its catalog (at most COLUMNS_MAX,
 * no repeats, at least one). NULL or "" gives the defaults. Returns 0, or
 * ERR_INVALID naming the unknown column and listing the known ones.
 */
int columns_parse(const char *view, const char *value, int *idx, size_t *n,
                  struct err *e);

#endif
