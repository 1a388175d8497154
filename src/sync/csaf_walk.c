/*
 * The pass of a `csaf` source (a driver whose ops->is_provider): a walk of
 * a CSAF 2.0 provider, one request at a time, each under the source's
 * rate limit, caps and certificates as a page of another source is:
 *
 *   provider-metadata.json -> each ROLIE feed it names (or, without any,
 *   each directory's changes.csv) -> each document listed whose "updated"
 *   differs from the one recorded when it was stored (store csaf_seen) ->
 *   its .sha256 (and .sha512 when the feed links one) -> checked, parsed
 *   by feed_csaf_ops and applied as `import csaf` applies it.
 *
 * An unchanged provider thus costs the metadata and listing requests. A
 * document that cannot be had (HTTP error, over the cap), whose hash does
 * not match, or that is not CSAF 2.0 is skipped with its URL in the
 * pass's report and is not recorded, so the next pass asks it again; the
 * other documents go on. A failure of the metadata or a listing fails the
 * pass, as a failed page does. The source's token, if any, goes only to
 * URLs of the origin of its url=.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/csaf_provider.h"
#include "centinela/feed/feed.h"
#include "centinela/net/http.h"
#include "centinela/store/store.h"
#include "centinela/store/sync_state.h"
#include "centinela/sync/apply.h"
#include "engine_internal.h"

enum walk_step {
	WALK_METADATA, /* provider-metadata.json */
	WALK_LISTING,  /* a ROLIE feed or a changes.csv */
	WALK_DOCUMENT, /* a document */
	WALK_SHA256,   /* its .sha256 */
	WALK_SHA512,   /* its .sha512 */
};

struct csaf_walk {
	enum walk_step step;
	struct strbuf metadata_url;
	struct strvec listings;   /* feed or changes.csv URLs */
	bool is_rolie;            /* listings are ROLIE feeds */
	size_t li;                /* listing asked */
	struct csaf_listing todo; /* documents to fetch */
	size_t room;              /* entries todo.v has room for */
	size_t di;                /* document asked */
	struct strbuf doc;        /* its bytes */
};

void
engine_csaf_free(struct src_run *sr)
{
	struct csaf_walk *w = sr->walk;

	if (!w)
		return;
	strbuf_release(&w->metadata_url);
	strvec_release(&w->listings);
	csaf_listing_release(&w->todo);
	strbuf_release(&w->doc);
	free(w);
	sr->walk = NULL;
}

/* Length of the "scheme://host[:port]" of url (0: none). */
static size_t
origin_len(const char *url)
{
	const char *p = strstr(url, "://");

	if (!p)
		return 0;
	p += 3;
	return (size_t)(p - url) + strcspn(p, "/?#");
}

static bool
is_same_origin(const char *a, const char *b)
{
	size_t n = origin_len(a);

	return n && n == origin_len(b) && strncmp(a, b, n) == 0;
}

/* One document is skipped for reason (its URL first). */
static void skip_document(struct src_run *sr, const char *url, const char *fmt,
                          ...) __attribute__((format(printf, 3, 4)));

static void
skip_document(struct src_run *sr, const char *url, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	strbuf_init(&sb);
	strbuf_addf(&sb, "'%s': ", url);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	sr->rep.skipped++;
	if (sr->rep.n_skips < SYNC_SKIPS_MAX)
		engine_copy_reason(sr->rep.skips[sr->rep.n_skips++], sb.buf);
	strbuf_release(&sb);
	sr->walk->di++;
	sr->walk->step = WALK_DOCUMENT;
	strbuf_reset(&sr->walk->doc);
}

/* The walk is over: the resource's state says so, the pass ends. */
static void
finish(struct sync_engine *eng, struct src_run *sr)
{
	engine_csaf_free(sr);
	engine_record_failure(eng, sr, sr->def.resources.v[0], NULL);
	sr->res_i = sr->def.resources.n;
	if (sr->push_error[0])
		engine_fail_pass(eng, sr, sr->push_error, 0);
	else
		engine_end_pass(eng, sr, false, 0);
}

/* The URL the walk asks next, NULL when it is over. */
static const char *
next_url(struct csaf_walk *w)
{
	for (;;) {
		struct csaf_listed *d =
		    w->di < w->todo.n ? &w->todo.v[w->di] : NULL;

		switch (w->step) {
		case WALK_METADATA:
			return w->metadata_url.buf;
		case WALK_LISTING:
			if (w->li < w->listings.n)
				return w->listings.v[w->li];
			w->step = WALK_DOCUMENT;
			continue;
		case WALK_DOCUMENT:
			return d ? d->url : NULL;
		case WALK_SHA256:
			if (!d || d->sha256_url)
				return d ? d->sha256_url : NULL;
			w->step = WALK_SHA512;
			continue;
		case WALK_SHA512:
			return d ? d->sha512_url : NULL;
		}
	}
}

/* Whether d is stored as listed (0: no, 1: yes, < 0: ERR_DB). */
static int
is_stored(struct sync_engine *eng, struct src_run *sr,
          const struct csaf_listed *d, struct err *e)
{
	char *seen = NULL;
	int rc =
	    store_csaf_seen_get(eng->store, sr->def.name, d->url, &seen, e);

	if (!rc)
		rc = seen && strcmp(seen, d->updated) == 0;
	free(seen);
	return rc;
}

static void store_document(struct sync_engine *eng, struct src_run *sr);

void
engine_csaf_next(struct sync_engine *eng, struct src_run *sr)
{
	struct csaf_walk *w = sr->walk;
	struct net_request req;
	struct job *job;
	const char *url;
	bool is_allowed = true;
	struct err e;
	int rc = 0;

	if (!w) {
		w = sr->walk = xcalloc(1, sizeof(*w));
		strbuf_init(&w->metadata_url);
		strbuf_init(&w->doc);
		strvec_init(&w->listings);
		csaf_listing_init(&w->todo);
		csaf_provider_metadata_url(sr->def.url, &w->metadata_url);
	}
	/*
	 * The next request; on the way, a document whose hashes are all
	 * checked is stored, and one listed twice and stored by its first
	 * listing is passed.
	 */
	err_clear(&e);
	for (;;) {
		url = next_url(w);
		if (!url && (w->step < WALK_SHA256 || w->di >= w->todo.n)) {
			finish(eng, sr);
			return;
		}
		if (!url) {
			store_document(eng, sr);
			continue;
		}
		if (w->step != WALK_DOCUMENT)
			break;
		rc = is_stored(eng, sr, &w->todo.v[w->di], &e);
		if (rc <= 0)
			break;
		w->di++;
	}
	if (rc < 0) {
		char reason[SYNC_REASON_MAX];

		engine_copy_reason(reason, e.msg);
		engine_fail_pass(eng, sr, reason, 0);
		return;
	}
	rc = engine_rate_allows(eng, sr, &is_allowed, &e);
	if (!rc && !is_allowed)
		return; /* engine_pull_due comes back here */
	if (!rc) {
		if (w->step == WALK_DOCUMENT)
			engine_progress(eng, sr, "document %zu of %zu",
			                w->di + 1, w->todo.n);
		engine_request_for(sr, &req, url);
		if (!is_same_origin(url, sr->def.url))
			req.token = NULL;
		job = xcalloc(1, sizeof(*job));
		job->eng = eng;
		job->src = (size_t)(sr - eng->src);
		job->kind = JOB_CSAF;
		outbox_entry_init(&job->entry);
		rc = net_submit(
		    eng->net, &req,
		    (struct net_callback){.done = engine_on_done, .ctx = job},
		    &e);
		if (rc) {
			outbox_entry_release(&job->entry);
			free(job);
		}
	}
	if (rc) {
		char reason[SYNC_REASON_MAX];

		if (w->step >= WALK_DOCUMENT && rc == ERR_INVALID) {
			/* a URL the policy refuses: that document only */
			skip_document(sr, url, "%s", e.msg);
			engine_csaf_next(eng, sr);
			return;
		}
		engine_copy_reason(reason, e.msg);
		engine_csaf_free(sr);
		engine_fail_pass(eng, sr, reason, 0);
	}
}

/*
 * The documents of a listing not stored as listed now go on todo. A
 * document two listings name is asked once: the second is stored as
 * listed by the time its turn comes (engine_csaf_next looks again).
 */
static int
take_listing(struct sync_engine *eng, struct src_run *sr,
             struct csaf_listing *l, struct err *e)
{
	struct csaf_walk *w = sr->walk;

	for (size_t i = 0; i < l->n; i++) {
		int rc = is_stored(eng, sr, &l->v[i], e);

		if (rc < 0)
			return rc;
		if (rc)
			continue;
		if (w->todo.n == w->room) {
			w->room = w->room ? 2 * w->room : 16;
			w->todo.v = xreallocarray(w->todo.v, w->room,
			                          sizeof(*w->todo.v));
		}
		w->todo.v[w->todo.n++] = l->v[i];
		memset(&l->v[i], 0, sizeof(l->v[i]));
	}
	return 0;
}

/* The metadata or a listing arrived: what to ask next. */
static int
read_index(struct sync_engine *eng, struct src_run *sr, struct net_response *r,
           struct err *e)
{
	struct csaf_walk *w = sr->walk;
	const char *body = r->body.buf ? r->body.buf : "";
	int rc;

	if (w->step == WALK_METADATA) {
		struct strvec dirs;

		strvec_init(&dirs);
		rc = csaf_provider_parse(body, r->body.len, w->metadata_url.buf,
		                         (size_t)sr->def.max_size, &w->listings,
		                         &dirs, e);
		w->is_rolie = w->listings.n > 0;
		for (size_t i = 0; !rc && !w->is_rolie && i < dirs.n; i++)
			strvec_push_take(&w->listings,
			                 xasprintf("%schanges.csv", dirs.v[i]));
		strvec_release(&dirs);
		if (!rc && !w->listings.n)
			rc = err_set(e, ERR_PARSE,
			             "lists no ROLIE feed and no directory");
		if (rc)
			err_prefix(e, "'%s'", w->metadata_url.buf);
		w->step = WALK_LISTING;
		return rc;
	}
	{
		struct csaf_listing l;
		const char *url = w->listings.v[w->li];

		csaf_listing_init(&l);
		if (w->is_rolie)
			rc = csaf_rolie_parse(body, r->body.len, url,
			                      (size_t)sr->def.max_size, &l, e);
		else
			rc = csaf_changes_parse(
			    body, r->body.len,
			    w->listings.v[w->li], /* ends in changes.csv */
			    &l, e);
		if (rc)
			err_prefix(e, "'%s'", url);
		else
			rc = take_listing(eng, sr, &l, e);
		csaf_listing_release(&l);
		w->li++;
		return rc;
	}
}

/* A hash file arrived: whether the document's bytes match it. */
static bool
hash_matches(struct src_run *sr, struct net_response *r)
{
	struct csaf_walk *w = sr->walk;
	bool is_256 = w->step == WALK_SHA256;
	size_t len = is_256 ? SHA256_HEX_LEN : SHA512_HEX_LEN;
	char want[SHA512_HEX_LEN + 1], got[SHA512_HEX_LEN + 1];
	const char *url =
	    is_256 ? w->todo.v[w->di].sha256_url : w->todo.v[w->di].sha512_url;
	struct err e;

	err_clear(&e);
	if (csaf_hash_parse(r->body.buf ? r->body.buf : "", r->body.len, len,
	                    want, &e)) {
		skip_document(sr, w->todo.v[w->di].url, "'%s': %s", url, e.msg);
		return false;
	}
	if (is_256)
		sha256_hex(w->doc.buf ? w->doc.buf : "", w->doc.len, got);
	else
		sha512_hex(w->doc.buf ? w->doc.buf : "", w->doc.len, got);
	if (strcmp(want, got) != 0) {
		skip_document(sr, w->todo.v[w->di].url,
		              "its %s does not match its .%s file: not stored",
		              is_256 ? "SHA-256" : "SHA-512",
		              is_256 ? "sha256" : "sha512");
		return false;
	}
	return true;
}

/* The document's hashes matched: parse and store it, as import does. */
static void
store_document(struct sync_engine *eng, struct src_run *sr)
{
	struct csaf_walk *w = sr->walk;
	struct csaf_listed *d = &w->todo.v[w->di];
	struct sync_apply_result res;
	struct feed_batch b;
	struct err e;
	int rc;

	memset(&res, 0, sizeof(res));
	err_clear(&e);
	feed_batch_init(&b);
	b.source = sr->def.name;
	b.max_bytes = (size_t)sr->def.max_size;
	rc = sr->ops->parse(w->doc.buf ? w->doc.buf : "", w->doc.len,
	                    sr->def.resources.v[0], &b, &e);
	if (!rc && b.n_errors) {
		skip_document(sr, d->url, "%s", b.errors[0].message);
		goto out;
	}
	if (rc) {
		skip_document(sr, d->url, "%s", e.msg);
		goto out;
	}
	rc = store_begin(eng->store, &e);
	if (!rc)
		rc = sync_apply_batch(eng->store, sr->def.name, &b, &res, &e);
	if (!rc && res.skipped == 0)
		rc = store_csaf_seen_put(eng->store, sr->def.name, d->url,
		                         d->updated, &e);
	if (rc)
		store_rollback(eng->store);
	else
		rc = store_commit(eng->store, &e);
	if (rc) {
		skip_document(sr, d->url, "%s", e.msg);
		goto out;
	}
	if (res.skipped)
		skip_document(sr, d->url,
		              "its tracking id is another source's bulletin");
	sr->rep.pages++;
	sr->rep.inserted += res.inserted;
	sr->rep.updated += res.updated;
	engine_set_online(eng, sr, res.lists, 0);
	if (!res.skipped) {
		w->di++;
		w->step = WALK_DOCUMENT;
		strbuf_reset(&w->doc);
	}
out:
	feed_batch_release(&b);
}

void
engine_on_csaf(struct sync_engine *eng, struct src_run *sr, struct job *job,
               struct net_response *r)
{
	struct csaf_walk *w = sr->walk;
	bool is_ok =
	    r->failure == NET_OK && r->status >= 200 && r->status <= 299;
	char reason[SYNC_REASON_MAX];
	struct err e;

	(void)job;
	if (!sr->in_pass || !w)
		return;
	if (!is_ok && w->step >= WALK_DOCUMENT &&
	    (r->failure == NET_OK || r->failure == NET_TOO_LARGE)) {
		const char *url = next_url(w);
		const struct csaf_listed *d = &w->todo.v[w->di];

		if (r->failure == NET_OK)
			engine_http_reason(sr, r, reason, sizeof(reason));
		else
			engine_transfer_reason(r, reason, sizeof(reason));
		if (w->step == WALK_DOCUMENT)
			skip_document(sr, d->url, "%s", reason);
		else
			skip_document(sr, d->url, "'%s': %s", url, reason);
		engine_csaf_next(eng, sr);
		return;
	}
	if (!is_ok) {
		char why[SYNC_REASON_MAX];
		struct strbuf sb;

		if (r->failure != NET_OK)
			engine_transfer_reason(r, why, sizeof(why));
		else
			engine_http_reason(sr, r, why, sizeof(why));
		strbuf_init(&sb);
		strbuf_addf(&sb, "'%s': %s", next_url(w), why);
		engine_copy_reason(reason, sb.buf);
		strbuf_release(&sb);
		engine_csaf_free(sr);
		engine_fail_pass(eng, sr, reason, engine_retry_after(r));
		return;
	}
	err_clear(&e);
	switch (w->step) {
	case WALK_METADATA:
	case WALK_LISTING:
		if (read_index(eng, sr, r, &e)) {
			engine_copy_reason(reason, e.msg);
			engine_csaf_free(sr);
			engine_fail_pass(eng, sr, reason, 0);
			return;
		}
		break;
	case WALK_DOCUMENT:
		strbuf_release(&w->doc);
		w->doc = r->body;
		strbuf_init(&r->body);
		w->step = WALK_SHA256;
		break;
	case WALK_SHA256:
		if (hash_matches(sr, r))
			w->step = WALK_SHA512;
		break;
	case WALK_SHA512:
		if (hash_matches(sr, r))
			store_document(eng, sr);
		break;
	}
	engine_csaf_next(eng, sr);
}
