/*
 * What the JSON adapters of src/feed/ share and nothing else sees: loading
 * a document under the size and depth caps, and the "sticky" item reader.
 *
 * An item is read field by field; the first problem found is recorded on
 * the item (feed_item_fail) and every later reader does nothing, so an
 * adapter reads all fields unconditionally and checks feed_item_is_bad()
 * once at the end. json_t stays inside src/feed: this header is not under
 * include/ on purpose.
 */
#ifndef CENTINELA_FEED_INTERNAL_H
#define CENTINELA_FEED_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strbuf.h"

struct err;

enum feed_field_flags {
	FEED_OPTIONAL = 0,      /* absent or null: no value, no problem */
	FEED_REQUIRED = 1 << 0, /* absent, null or empty: the item is bad */
};

/* The item being read: where it is, and the first problem found in it. */
struct feed_item {
	json_t *obj;          /* the item (borrowed from the document) */
	size_t index;         /* its position in the document, from 0 */
	bool is_line;         /* index is a line (a CSV document's record)
	                         rather than an item of JSON: messages say
	                         "line N" */
	const char *source;   /* source name for the objects (borrowed) */
	struct strbuf why;    /* first problem, empty while there is none */
	struct strbuf quoted; /* scratch for feed_item_quote() */
};

/* Set up it for obj (borrowed) at index, objects named source. */
void feed_item_init(struct feed_item *it, json_t *obj, size_t index,
                    const char *source);
void feed_item_release(struct feed_item *it);
bool feed_item_is_bad(const struct feed_item *it);
/* Record the first problem of the item; always returns false. */
bool feed_item_fail(struct feed_item *it, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s quoted and cut for a message; valid until the next call on it. */
const char *feed_item_quote(struct feed_item *it, const char *s);

/* "an object", "a string", ... for messages (static). */
const char *feed_json_type_kind(json_type t);
const char *feed_json_kind(const json_t *v);
/* The member key of obj (borrowed), or NULL when absent or null. */
json_t *feed_json_member(json_t *obj, const char *key);

/*
 * The member key of obj (label: its name in messages), borrowed, or NULL
 * when the item is already bad or the member is absent or null (a failure
 * "missing field 'label'" when FEED_REQUIRED).
 */
json_t *feed_item_present(struct feed_item *it, json_t *obj, const char *key,
                          const char *label, unsigned flags);
/*
 * v as a copy (owned) when it is a string of valid UTF-8 without NUL of
 * at most max bytes; NULL after feed_item_fail() otherwise.
 */
char *feed_item_string_value(struct feed_item *it, json_t *v, const char *label,
                             size_t max);
/*
 * The string member key of obj, owned, or NULL when absent, null or empty
 * (a failure when FEED_REQUIRED).
 */
char *feed_item_get_string(struct feed_item *it, json_t *obj, const char *key,
                           const char *label, unsigned flags, size_t max);
/*
 * "item 17 (\"key\": \"value\"): " + the item's problem, owned. The value
 * is that of member key when a string or integer, else of fallback_key
 * (may be NULL); without either the label is "item 17".
 */
char *feed_item_message(const struct feed_item *it, const char *key,
                        const char *fallback_key);

/*
 * Parse bytes[0..len) as one JSON document into *root (owned; json_decref
 * it), rejecting duplicate members. Returns 0; ERR_LIMIT over max_bytes or
 * nesting deeper than FEED_MAX_DEPTH; ERR_PARSE for broken JSON ("invalid
 * JSON at line L, column C: ..."). A "\u0000" inside a string is let
 * through so that it is reported on its item.
 */
int feed_json_load(const char *bytes, size_t len, size_t max_bytes,
                   json_t **root, struct err *e);

/*
 * Read v, item index of a document, with read when it is an object (else
 * it is a bad item), recording its error labelled by key (then label_key)
 * as feed_item_message does. Does not count it in batch->n_items.
 */
void feed_read_item(json_t *v, size_t index, struct feed_batch *batch,
                    void (*read)(struct feed_item *it, struct feed_batch *b),
                    const char *key, const char *label_key);

/*
 * An adapter's way of reading a resource item by item (feed_stream_open):
 * the item reader and its labels as for feed_read_items, and for a page
 * (a document that is an object) the members kept for envelope.
 */
struct feed_stream_reader {
	void (*read)(struct feed_item *it, struct feed_batch *b); /* an item */
	const char *key;              /* item label, as feed_read_items */
	const char *label_key;        /* ... when it has no key (or NULL) */
	const char *what;             /* the resource, in messages */
	const char *const *members;   /* page members kept, NULL-terminated */
	/*
	 * Check the page: members holds the members named above that it
	 * has (borrowed); is_one when its "data" was one object rather than
	 * an array. Takes what the batch keeps (the cursor). 0 or ERR_PARSE;
	 * may be NULL.
	 */
	int (*envelope)(json_t *members, bool is_one, struct feed_batch *b,
	                struct err *e);
	const char *list; /* the page member holding the items (NULL:
	                     "data") */
	bool needs_page;  /* a bare array of items is refused */
};

/*
 * Read every element of array with read (an object each; anything else is
 * a bad item), recording each bad item's error labelled by key (then
 * label_key, may be NULL) as feed_item_message does, and count the items.
 */
void feed_read_items(json_t *array, struct feed_batch *batch,
                     void (*read)(struct feed_item *it, struct feed_batch *b),
                     const char *key, const char *label_key);

#endif
