/*
 * What the JSON and CSV exporters share: a table of fields (name, type,
 * where the value lives in the model struct) that says how one kind of row
 * is written. Both writers walk the table they are handed, so a field has
 * the same name, order and null rules in JSON and in CSV. The tables are
 * part of each list's descriptor (app/columns.h, built with the EXPORT_F
 * macros below), so the exporters know no list and no store; they are
 * documented for users in the man page (from notes/export-fields.md).
 */
#ifndef CENTINELA_EXPORT_EXPORT_H
#define CENTINELA_EXPORT_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct err;

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
	EXPORT_FIELD_RECIPIENTS,  /* struct recipient_list *: an array of
	                             export_recipient_table objects (null:
	                             not read); detail only */
};

struct export_field {
	const char *name;            /* field name in JSON and CSV header */
	enum export_field_type type; /* how the value is stored and written */
	size_t offset; /* offset of the value in the model struct */
	const char *(*enum_name)(int value); /* EXPORT_FIELD_ENUM only */
	bool is_detail; /* JSON with_detail only, never in CSV */
};

/* The fields of one kind of row, in output order. */
struct export_table {
	const struct export_field *fields; /* static */
	size_t n_fields;                   /* entries in fields */
};

/* A row of a table of struct st: a field, an enum field, a detail field. */
#define EXPORT_F(st, nm, ty, member)                                           \
	{                                                                      \
		nm, EXPORT_FIELD_##ty, offsetof(struct st, member), NULL,      \
		    false                                                      \
	}
#define EXPORT_FE(st, nm, member, fn)                                          \
	{                                                                      \
		nm, EXPORT_FIELD_ENUM, offsetof(struct st, member), fn, false  \
	}
#define EXPORT_FD(st, nm, ty, member)                                          \
	{                                                                      \
		nm, EXPORT_FIELD_##ty, offsetof(struct st, member), NULL, true \
	}

/*
 * The fields of a bulletin's recipient (struct recipient, model/
 * recipient.h): organization, sector, contact_name, email, phone,
 * abuse_contact, reason; in JSON also reasons, exposed_assets, cves.
 */
extern const struct export_table export_recipient_table;

/*
 * 0 when f has no write error, else ERR_IO with "cannot write FORMAT
 * output: reason" (format: "json", "csv"; borrowed).
 */
int export_check_stream(FILE *f, const char *format, struct err *e);

#endif
