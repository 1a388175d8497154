/*
 * A Markdown writer for reports (the shift handover), over a FILE* it is
 * handed. It reads no store: the caller gathers the rows and hands them in
 * plain structs.
 *
 * Every string that came from outside (titles, names, errors, the note) is
 * first run through the terminal sanitizer (base/sanitize.h), so the report
 * carries no terminal escapes, then escaped for Markdown so that none of it
 * is markup: the characters \ ` * _ [ ] < > | # ~ are backslash-escaped
 * (no HTML, no image or link, no emphasis or code), so is the ':' of
 * "://" (no bare URL made a link), and a leading '-', '+', '=', '!' or a
 * digit run followed by '.' or ')' (a list, a heading) after any blanks.
 * In a table cell or an inline value CR and LF become blanks; the note
 * keeps its lines, as a block quote ("> " each, hard line breaks between
 * them), each line escaped the same way: it is text, not Markdown.
 *
 * Every function returns 0, or ERR_IO when the stream reports an error.
 */
#ifndef CENTINELA_EXPORT_MARKDOWN_H
#define CENTINELA_EXPORT_MARKDOWN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct alert;
struct err;
struct incident;
struct strbuf;

/* Append s (NULL: nothing) sanitized and escaped as one cell to out. */
void markdown_cell(struct strbuf *out, const char *s);

/* A section of incidents: the rows shown and how many matched. */
struct markdown_incidents {
	const struct incident *rows; /* shown rows (borrowed) */
	size_t n;                    /* entries in rows */
	int64_t total;               /* rows that matched, >= n */
	const char *filter; /* `centinela list incidents` filter for all */
};

/* A section of alerts, as markdown_incidents. */
struct markdown_alerts {
	const struct alert *rows; /* shown rows (borrowed) */
	size_t n;                 /* entries in rows */
	int64_t total;            /* rows that matched, >= n */
	const char *filter;       /* `centinela list alerts` filter for all */
};

/* An exposure to a KEV-listed CVE, as the report lists it. */
struct markdown_exposure {
	const char *cve_id;       /* (borrowed) */
	const char *asset;        /* the asset's name (borrowed) */
	const char *organization; /* (borrowed, may be NULL) */
	const char *sector;       /* sector code (borrowed, may be NULL) */
	int criticality;          /* the asset's, 1 to 5 */
	int64_t kev_at;           /* when it became a KEV exposure */
	int64_t due_at;           /* KEV's required action due, 0: none */
	int is_ransomware;        /* known ransomware campaign use */
};

/* A section of exposures: the rows shown and how many matched. */
struct markdown_exposures {
	const struct markdown_exposure *rows; /* shown rows (borrowed) */
	size_t n;                             /* entries in rows */
	int64_t total;                        /* rows that matched, >= n */
};

/* An outbox entry in conflict, as the report lists it. */
struct markdown_conflict {
	int64_t id;            /* outbox entry id */
	const char *entity;    /* "incident", "alert", ... (borrowed) */
	int64_t entity_id;     /* local rowid */
	const char *operation; /* e.g. "update" (borrowed) */
	int64_t created_at;    /* Unix seconds */
	const char
	    *last_error; /* the server's answer (borrowed, may be NULL) */
};

/* Everything the handover report shows (all borrowed). */
struct markdown_handover {
	int64_t from;        /* start of the shift window, Unix seconds */
	int64_t to;          /* its end (and the clock of the SLA texts) */
	const char *analyst; /* who hands over, may be NULL */
	const char *cache;   /* the cache file, may be NULL */
	struct markdown_incidents opened;  /* opened in the window */
	struct markdown_incidents closed;  /* resolved or closed in it */
	struct markdown_incidents changed; /* updated in it */
	struct markdown_incidents sla; /* due<2h: breached or due within 2h */
	struct markdown_alerts alerts; /* new, high or critical, in it */
	/* exposures that became ones of KEV-listed CVEs in it */
	struct markdown_exposures kev_exposures;
	int64_t outbox_pending;                    /* outbox entries pending */
	int64_t outbox_failed;                     /* failed */
	int64_t outbox_conflict;                   /* in conflict */
	const struct markdown_conflict *conflicts; /* conflicts listed */
	size_t n_conflicts;                        /* entries in conflicts */
	const char *note; /* the analyst's note, NULL or "": "(no note)" */
};

/*
 * Write the handover report h to fp: a header (window, analyst, cache),
 * then one section each for incidents opened, closed and changed, SLAs
 * breached or due within 2 hours, unacknowledged alerts, new KEV exposures,
 * the outbox and the note. A section without rows says "(none)"; one with more matches than
 * rows ends with "and N more" and the filter that lists them all.
 */
int markdown_handover(FILE *fp, const struct markdown_handover *h,
                      struct err *e);

#endif
