/*
 * The columns the console's lists can show, by view, and the
 * `set VIEW.columns NAME...` settings that choose them.
 *
 * The catalog is the contract between the setting (checked here, in the
 * app layer) and the views (src/ui/view_*.c), which fill a cell for every
 * column of their catalog by index. The first entries up to n_default are
 * the default columns, in order. Every list of the store (enum
 * store_entity) has one, and its `set LIST.columns` setting comes from it
 * (app/setting.h): a new list adds its catalog here and nothing to
 * struct app or the settings. A catalog with cell formatters (vulnerabilities)
 * is also the CLI's table: its default columns, as the console shows them.
 */
#ifndef CENTINELA_APP_COLUMNS_H
#define CENTINELA_APP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;

#define COLUMNS_MAX 16 /* most columns a view offers or shows */

struct column_def {
	const char *name;  /* as in `set incidents.columns`, e.g. "assignee" */
	const char *title; /* header text, e.g. "ASSIGNEE" */
	int width;     /* preferred width; 0: the column that takes the rest */
	int min_width; /* narrowest it may shrink to; 0: never shrinks (for
	                  the width-0 column: the least room it takes) */
	/*
	 * The cell of a row (the list's model struct, e.g. struct
	 * vulnerability) at time now: owned, not yet sanitized, never NULL.
	 * A catalog whose columns all have one is read alike by the console
	 * (view_catalog_cells) and `centinela list`; NULL: the view's
	 * cells() fills it.
	 */
	char *(*cell)(const void *row, int64_t now);
};

struct column_catalog {
	int entity;                    /* enum store_entity */
	const char *view;              /* "incidents", "alerts", ... */
	const char *singular;          /* "incident", "alert", ... */
	const struct column_def *cols; /* every column the view can show */
	size_t n_cols;                 /* entries in cols */
	size_t n_default;              /* the first n_default are shown */
};

/* The catalog of a list view, or NULL for a view without columns. */
const struct column_catalog *columns_catalog(const char *view);
/* The catalog of entity (enum store_entity), or NULL out of range. */
const struct column_catalog *columns_catalog_of(int entity);
/* Whether every column of cat has a cell formatter. */
bool columns_have_cells(const struct column_catalog *cat);

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
