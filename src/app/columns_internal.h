/*
 * What the column catalogs of the lists share (src/app/columns.c): cell
 * texts, theme elements, the export fields of struct record_meta, and the
 * related lists the pages of other lists show. Not a public header:
 * the rest of the program calls include/centinela/app/columns.h.
 */
#ifndef CENTINELA_APP_COLUMNS_INTERNAL_H
#define CENTINELA_APP_COLUMNS_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "centinela/app/columns.h"

/* Cells (owned, not yet sanitized). */
char *text_cell(const char *s);            /* a copy of s, "" for NULL */
char *num_cell(int64_t n);                 /* a whole number */
char *age_cell(int64_t now, int64_t t);    /* "12m", "3d"; "" for 0 */
char *date_cell(int64_t t);                /* "2026-03-14"; "" for 0 */
char *short_time_cell(int64_t t);          /* "11-29 03:00"; "" for 0 */
char *score_cell(double v, int digits);    /* "" when negative */
char *flag_text(bool is_on, const char *on, const char *off);

/* "local id X (version 3, synced)": where a record comes from. */
char *source_text(const void *row, int64_t now);

/* The theme element of a severity or TLP cell (app/theme.h). */
const char *severity_element(int severity);
const char *tlp_element(int tlp);

/*
 * CELL(incident, title, text_cell(r->title)) defines incident_title(),
 * the cell of a struct incident *r at now; ELEMENT the same for a theme
 * element; VALUE(incident, sector, text_cell(r->sector)) a detail field's
 * value incident_sector_value().
 */
#define CELL(type, name, expr)                                                 \
	static char *type##_##name(const void *row, int64_t now)               \
	{                                                                      \
		const struct type *r = row;                                    \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}
#define ELEMENT(type, name, expr)                                              \
	static const char *type##_##name##_element(const void *row,            \
	                                           int64_t now)                \
	{                                                                      \
		const struct type *r = row;                                    \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}
#define VALUE(type, name, expr)                                                \
	static char *type##_##name##_value(const void *row, int64_t now)       \
	{                                                                      \
		const struct type *r = row;                                    \
                                                                               \
		(void)now;                                                     \
		return expr;                                                   \
	}

/* The export fields of struct record_meta, before and after a record's. */
#define EXPORT_META_HEAD(st)                                                   \
	EXPORT_F(st, "source", TEXT, meta.source),                             \
	    EXPORT_F(st, "remote_id", TEXT, meta.remote_id),                   \
	    EXPORT_F(st, "version", INT64, meta.version),                      \
	    EXPORT_FE(st, "local_state", meta.local_state, local_state_name)
#define EXPORT_META_TAIL(st)                                                   \
	EXPORT_F(st, "created_at", TIME, meta.created_at),                     \
	    EXPORT_F(st, "updated_at", TIME, meta.updated_at)

/*
 * The rows of a list linked to a record of another, for that record's
 * page: defined in the file of the rows' list (its columns, its store).
 */
extern const struct detail_related columns_alerts_of_incident;
extern const struct detail_related columns_alerts_of_asset;
extern const struct detail_related columns_assets_of_incident;
extern const struct detail_related columns_assets_of_organization;
extern const struct detail_related columns_incidents_of_asset;
extern const struct detail_related columns_incidents_of_organization;
extern const struct detail_related columns_exposures_of_vulnerability;
extern const struct detail_related columns_exposures_of_asset;

#endif
