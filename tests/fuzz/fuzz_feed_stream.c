/*
 * A document read in pieces (feed_stream_*) reads as it does whole: the
 * same code, message, items and item errors, whatever the pieces. The
 * first byte of the input picks the resource and the piece size; the rest
 * is the document.
 */
#include <stdio.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/feed/feed.h"
#include "fuzz.h"

/* Read doc[0..len) in pieces of piece bytes (0: whole); a summary. */
static void
read_pieces(const char *doc, size_t len, const char *resource, size_t piece,
            struct strbuf *out)
{
	struct feed_stream *fs = NULL;
	struct feed_batch b;
	struct err e;
	int rc;

	feed_batch_init(&b);
	err_clear(&e);
	rc = feed_stream_open(&feed_centinela_ops, resource, &b, &fs, &e);
	for (size_t at = 0; rc == 0 && at < len;) {
		size_t n = piece && piece < len - at ? piece : len - at;
		char *copy = fuzz_bytes((const uint8_t *)doc + at, n);

		rc = feed_stream_push(fs, copy, n, &e);
		free(copy);
		at += n;
	}
	if (rc == 0)
		rc = feed_stream_finish(fs, &e);
	strbuf_addf(out, "rc=%d %s items=%zu o=%zu s=%zu a=%zu i=%zu c=%s m=%d",
	            rc, rc ? e.msg : "", b.n_items, b.n_organizations,
	            b.n_assets, b.n_alerts, b.n_incidents,
	            b.next_cursor ? b.next_cursor : "-", b.has_more);
	for (size_t i = 0; i < b.n_errors; i++)
		strbuf_addf(out, " E%zu=%s", b.errors[i].index,
		            b.errors[i].message);
	feed_stream_free(fs);
	feed_batch_release(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const resources[] = {"organizations", "assets",
	                                        "alerts", "incidents"};
	struct strbuf whole, parts;
	const char *doc = (const char *)data + 1;
	size_t len = size ? size - 1 : 0;

	if (!size)
		return 0;
	strbuf_init(&whole);
	strbuf_init(&parts);
	read_pieces(doc, len, resources[data[0] & 3], 0, &whole);
	read_pieces(doc, len, resources[data[0] & 3], 1 + (data[0] >> 2),
	            &parts);
	if (strcmp(whole.buf, parts.buf) != 0) {
		fprintf(stderr, "whole: %s\npieces of %d: %s\n", whole.buf,
		        1 + (data[0] >> 2), parts.buf);
		abort();
	}
	strbuf_release(&whole);
	strbuf_release(&parts);
	return 0;
}
