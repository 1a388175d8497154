/*
 * `bulletin publish --dir DIR`: the cache's bulletins as a CSAF 2.0
 * provider directory (export/csaf_dir.h has the layout), written and kept
 * up to date incrementally.
 *
 * What goes in: the bulletins of the CSIRT (not those read from other
 * providers, whose source is "csaf:<publisher>") whose status is interim
 * or final (a draft is internal, CSAF 3.2.1.12.6), of TLP:CLEAR (folder
 * white) and TLP:GREEN (green), and TLP:AMBER (amber) when asked.
 * TLP:AMBER+STRICT and TLP:RED never go in.
 *
 * Incremental: every file is rendered in memory and compared with the
 * one on disk; only a difference writes it (a temporary file in the same
 * folder, then rename), so that an unchanged file keeps its bytes and its
 * time. The time a file states (a document's generator date, a feed's
 * updated, the metadata's last_updated) is the one it already had unless
 * its content changed. Documents in the TLP folders that no bulletin
 * publishes any more (gone RED, removed, out of the selection), and
 * their hash files, are deleted; nothing else in DIR is touched. Every
 * path is DIR, a fixed folder name, a four-digit year and a file name
 * of [+-a-z0-9_.]: nothing a bulletin holds can lead out of DIR.
 */
#ifndef CENTINELA_APP_PUBLISH_H
#define CENTINELA_APP_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct err;

struct publish_opts {
	const char *dir;      /* the provider directory (borrowed) */
	const char *base_url; /* where it is served, NULL: the setting
	                         bulletin.base-url (borrowed) */
	bool is_amber;        /* --include-amber */
};

/* What happened in one TLP folder. */
struct publish_folder {
	const char *name;  /* "white", "green", "amber" (static) */
	bool is_published; /* false: amber without is_amber */
	size_t documents;  /* documents it holds now */
	size_t written;    /* documents written (new or changed) */
	size_t removed;    /* documents deleted */
};

#define PUBLISH_FOLDERS 3

struct publish_result {
	struct publish_folder
	    folders[PUBLISH_FOLDERS]; /* white, green, amber */
	size_t files_written; /* every file written, hash and index files too */
	bool is_metadata_written; /* provider-metadata.json changed */
	size_t drafts;            /* bulletins left out: draft */
	size_t red;               /* TLP:RED or TLP:AMBER+STRICT */
	size_t amber;             /* TLP:AMBER without is_amber */
};

/*
 * Write or bring up to date the provider directory o->dir (made, with
 * its parents, when missing) from app's cache, the publisher from the
 * settings bulletin.publisher and bulletin.namespace. *r says what was
 * done. Every document is rendered before anything is written: a
 * bulletin that cannot make a valid document (ERR_INVALID naming it),
 * two bulletins with one file name (ERR_CONFLICT) or a missing setting
 * (ERR_INVALID) leave DIR as it was. ERR_IO names the path that could
 * not be made, read or written.
 */
int publish_dir(struct app *app, const struct publish_opts *o,
                struct publish_result *r, struct err *e);

#endif
