/*
 * What the JSON and CSV exporters share: the kinds of rows they write and,
 * per kind, one table of fields (name, type, where the value lives in the
 * model struct). Both writers walk the same table, so a field has the same
 * name, order and null rules in JSON and in CSV; the table is documented for
 * users in the man page (from notes/export-fields.md).
 */
#ifndef CENTINELA_EXPORT_EXPORT_H
#define CENTINELA_EXPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct err;

/* What a list exports; mirrors the store's entities without including it. */
enum export_kind {
	EXPORT_INCIDENTS,
	EXPORT_ALERTS,
	EXPORT_ASSETS,
	EXPORT_ORGANIZATIONS,
	EXPORT_VULNERABILITIES,
	EXPORT_KIND_COUNT
};

/*
 * "incidents", "alerts", "assets", "organizations", "vulnerabilities" ("?"
 * when out of range).
 */
const char *export_kind_name(enum export_kind kind);
/* The reverse (case-insensitive); 0 or ERR_INVALID naming the known kinds. */
int export_kind_parse(const char *s, enum export_kind *out, struct err *e);

enum export_field_type {
	EXPORT_FIELD_ID,     /* int64_t row id; 0 is written as null */
	EXPORT_FIELD_INT,    /* int */
	EXPORT_FIELD_INT64,  /* int64_t, always written */
	EXPORT_FIELD_TEXT,   /* char *; NULL is written as null */
	EXPORT_FIELD_TIME,   /* int64_t Unix seconds; ISO 8601 UTC, 0: null */
	EXPORT_FIELD_ENUM,   /* an enum written by name through enum_name */
	EXPORT_FIELD_STRVEC, /* struct strvec of strings */
	EXPORT_FIELD_OBSERVABLES, /* an alert's observables array */
	EXPORT_FIELD_NOTES,       /* an incident's notes array */
	EXPORT_FIELD_BOOL,        /* bool; true or false */
	EXPORT_FIELD_SCORE,       /* double; negative is written as null */
};

struct export_field {
	const char *name;            /* field name in JSON and CSV header */
	enum export_field_type type; /* how the value is stored and written */
	size_t offset; /* offset of the value in the model struct */
	const char *(*enum_name)(int value); /* EXPORT_FIELD_ENUM only */
	bool is_detail; /* JSON with_detail only, never in CSV */
};

/*
 * The fields of kind, in output order: *n receives their number. The table
 * is static. Fields whose struct offset is given are read from the struct
 * of the kind (struct incident, alert, asset, organization,
 * vulnerability).
 */
const struct export_field *export_fields(enum export_kind kind, size_t *n);

/*
 * 0 when f has no write error, else ERR_IO with "cannot write FORMAT
 * output: reason" (format: "json", "csv"; borrowed).
 */
int export_check_stream(FILE *f, const char *format, struct err *e);

#endif
