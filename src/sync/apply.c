/* Writing a parsed page into the store for a source (see apply.h). */
#include "centinela/sync/apply.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/feed/feed.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/outbox.h"
#include "centinela/store/sector.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/catalog.h"
#include "centinela/store/epss.h"
#include "centinela/store/exposure_alert.h"
#include "centinela/store/vulnerability.h"

/* How a reference is looked up at a source. */
typedef int (*find_fn)(struct store *, const char *, const char *, int64_t *,
                       struct err *);

/* One batch being applied. */
struct run {
	struct store *s;
	const char *source;
	const struct sync_apply_policy *p;
	struct sync_apply_result *res; /* NULL: nothing counted */
	size_t *refused; /* objects refused so far (the caller's counter) */
};

static bool
is_reject(const struct run *r)
{
	return r->p->mode == SYNC_APPLY_REJECT;
}

/* Refuse object i with a reason (printf format); 1, "not stored". */
static int __attribute__((format(printf, 3, 4)))
refuse(const struct run *r, size_t i, const char *fmt, ...)
{
	va_list ap;
	char *reason;

	(*r->refused)++;
	if (!r->p->reject)
		return 1;
	va_start(ap, fmt);
	reason = xvasprintf(fmt, ap);
	va_end(ap);
	r->p->reject(r->p->ctx, i, reason);
	free(reason);
	return 1;
}

/* s quoted for a message (cut as feed_quote cuts), into scratch. */
static const char *
quoted(struct strbuf *scratch, const char *s)
{
	strbuf_reset(scratch);
	feed_quote(scratch, s ? s : "");
	return scratch->buf;
}

/* Tally one upsert: was_there says whether the row existed before. */
static void
count(const struct run *r, bool was_there, bool changed)
{
	if (!r->res)
		return;
	if (!was_there)
		r->res->inserted++;
	else if (changed)
		r->res->updated++;
	else
		r->res->unchanged++;
}

static void
count_skipped(const struct run *r)
{
	if (r->res)
		r->res->skipped++;
}

/*
 * Resolve ref, a WHAT, with find at the source into *id. One the cache
 * does not know is dropped (*id 0; SKIP) or refuses object i (REJECT).
 * 0 when resolved, absent or dropped, 1 when refused, < 0 when the store
 * failed.
 */
static int
resolve(const struct run *r, size_t i, const char *what, const char *ref,
        find_fn find, int64_t *id, struct err *e)
{
	struct strbuf sc;
	struct err fe;
	int rc;

	*id = 0;
	if (!ref)
		return 0;
	err_clear(&fe);
	rc = find(r->s, r->source, ref, id, &fe);
	if (rc == 0)
		return 0;
	*id = 0;
	if (rc != ERR_NOTFOUND) {
		*e = fe;
		return rc;
	}
	if (!is_reject(r))
		return 0;
	strbuf_init(&sc);
	refuse(r, i, "unknown %s %s", what, quoted(&sc, ref));
	strbuf_release(&sc);
	return 1;
}

/*
 * Whether (source, remote_id) is already a row, by find; looked up only
 * when the run counts.
 */
static int
exists(const struct run *r, const char *remote_id, find_fn find, bool *out,
       struct err *e)
{
	int64_t id;
	int rc;

	*out = false;
	if (!remote_id || !r->res)
		return 0;
	rc = find(r->s, r->source, remote_id, &id, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	*out = rc == 0;
	return rc;
}

static bool
sector_known(const struct run *r, const char *sector)
{
	if (!r->p->sectors)
		return store_sector_exists(r->s, sector);
	for (size_t k = 0; k < r->p->sectors->n; k++)
		if (strcmp(r->p->sectors->v[k], sector) == 0)
			return true;
	return false;
}

/* "unknown sector 'x' (known: a, b, ...)" for object i; 1. */
static int
refuse_sector(const struct run *r, size_t i, const char *sector)
{
	struct strvec codes;
	struct strbuf list, sc;
	struct err e;

	strvec_init(&codes);
	strbuf_init(&list);
	strbuf_init(&sc);
	if (r->p->sectors) {
		for (size_t k = 0; k < r->p->sectors->n; k++)
			strvec_push(&codes, r->p->sectors->v[k]);
	} else {
		err_clear(&e);
		(void)store_sector_list(r->s, &codes, NULL, &e);
	}
	for (size_t k = 0; k < codes.n; k++)
		strbuf_addf(&list, "%s%s", k ? ", " : "", codes.v[k]);
	refuse(r, i, "unknown sector %s (known: %s)", quoted(&sc, sector),
	       list.buf);
	strbuf_release(&list);
	strbuf_release(&sc);
	strvec_release(&codes);
	return 1;
}

/*
 * The sector of object i. SKIP: one the cache does not know is dropped
 * (optional) or skips the object (required), as does none when required.
 * REJECT: an unknown one refuses the object. 0 when fine, 1 when the
 * object is not stored.
 */
static int
sector_ok(const struct run *r, size_t i, char **sector, bool is_required)
{
	if (!*sector)
		return is_required && !is_reject(r);
	if (sector_known(r, *sector))
		return 0;
	if (is_reject(r))
		return refuse_sector(r, i, *sector);
	if (is_required)
		return 1;
	free(*sector);
	*sector = NULL;
	return 0;
}

/* The caller's own checks of object i, its references resolved. */
static int
check(const struct run *r, size_t i, struct err *e)
{
	int rc = r->p->check ? r->p->check(r->p->ctx, i, e) : 0;

	if (rc > 0)
		(*r->refused)++;
	return rc;
}

/* Whether good objects are written now. */
static bool
may_write(const struct run *r)
{
	return !r->p->may_write || r->p->may_write(r->p->ctx);
}

/*
 * After the upsert of object i (rc): the caller told, the row counted
 * (was: it existed before). rc.
 */
static int
written(const struct run *r, size_t i, bool was, bool changed, int rc,
        struct err *e)
{
	if (r->p->written)
		r->p->written(r->p->ctx, i, changed, rc, e);
	if (!rc)
		count(r, was, changed);
	return rc;
}

static int
apply_organizations(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_organizations; i++) {
		struct organization *o = &b->organizations[i];
		bool was, changed = false;
		int rc;

		if (sector_ok(r, i, &o->sector, true)) {
			count_skipped(r);
			continue;
		}
		rc = check(r, i, e);
		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		rc = exists(r, o->meta.remote_id, store_organization_find, &was,
		            e);
		if (rc)
			return rc;
		rc = store_organization_upsert(r->s, o, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

static int
apply_assets(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_assets; i++) {
		struct asset *a = &b->assets[i];
		bool was, changed = false;
		int rc;

		rc = resolve(r, i, "organization", a->organization,
		             store_organization_find, &a->organization_id, e);
		if (rc < 0)
			return rc;
		/* an asset needs its owner */
		if (!rc && !a->organization_id)
			rc = is_reject(r) ? refuse(r, i, "no organization") : 1;
		if (!rc)
			rc = sector_ok(r, i, &a->sector, false);
		if (rc) {
			count_skipped(r);
			continue;
		}
		rc = check(r, i, e);
		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		rc = exists(r, a->meta.remote_id, store_asset_find, &was, e);
		if (rc)
			return rc;
		rc = store_asset_upsert(r->s, a, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

/* An incident reference resolves through the incident itself. */
static int
find_incident(struct store *s, const char *source, const char *ref, int64_t *id,
              struct err *e)
{
	(void)source;
	return store_incident_find_ref(s, ref, id, e);
}

static int
apply_alerts(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_alerts; i++) {
		struct alert *a = &b->alerts[i];
		bool was, changed = false;
		int rc;

		rc = sector_ok(r, i, &a->sector, false);
		if (!rc)
			rc = resolve(r, i, "organization", a->organization,
			             store_organization_find,
			             &a->organization_id, e);
		if (!rc)
			rc = resolve(r, i, "asset", a->asset, store_asset_find,
			             &a->asset_id, e);
		if (!rc)
			rc = resolve(r, i, "incident", a->incident_ref,
			             find_incident, &a->incident_id, e);
		if (!rc)
			rc = check(r, i, e);
		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		rc = exists(r, a->meta.remote_id, store_alert_find, &was, e);
		if (rc)
			return rc;
		rc = store_alert_upsert(r->s, a, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
		if (!was && r->res) {
			r->res->new_alerts++;
			if (a->meta.id > r->res->last_alert_id)
				r->res->last_alert_id = a->meta.id;
		}
	}
	return 0;
}

/*
 * The links of v (WHATs) to rows the cache knows at the source: SKIP
 * keeps those and drops the others; REJECT refuses object i for the
 * first unknown one (1).
 */
static int
links(const struct run *r, size_t i, const char *what, struct strvec *v,
      find_fn find, struct err *e)
{
	size_t kept = 0;

	for (size_t k = 0; k < v->n; k++) {
		int64_t id;
		int rc = resolve(r, i, what, v->v[k], find, &id, e);

		if (rc) {
			/* the rest kept as they are, the vector whole */
			while (k < v->n)
				v->v[kept++] = v->v[k++];
			v->n = kept;
			return rc;
		}
		if (id)
			v->v[kept++] = v->v[k];
		else
			free(v->v[k]);
	}
	v->n = kept;
	if (v->v)
		v->v[kept] = NULL;
	return 0;
}

/*
 * cur, an incident made here that the server does not know as its own
 * yet, gives up its reference (only ours to propose: the server keeps it
 * when free, else gives another) for the next one of its prefix and year.
 * Its notes, links and outbox entries name it by its id and stay with it;
 * its create keeps proposing the reference it was made with. A reference
 * of another form is left alone (0).
 */
static int
renumber(struct store *s, const struct incident *cur, struct err *e)
{
	char prefix[16], *next = NULL;
	int year = 0, rc;

	if (sscanf(cur->reference, "%15[A-Z]-%4d-", prefix, &year) != 2)
		return 0;
	rc = store_incident_next_reference(s, prefix, year, &next, e);
	if (!rc)
		rc = store_incident_adopt_reference(s, cur->meta.id, next, e);
	free(next);
	return rc;
}

int
sync_apply_take_reference(struct store *s, int64_t id, const char *reference,
                          struct err *e)
{
	struct incident cur;
	int rc;

	incident_init(&cur);
	rc = store_incident_get_by_ref(s, reference, &cur, e);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	/*
	 * Held by an incident made here that the server does not know yet:
	 * it takes the next reference, and the server's incident this one.
	 */
	if (!rc && cur.meta.id && cur.meta.id != id && !cur.meta.remote_id)
		rc = renumber(s, &cur, e);
	if (!rc)
		rc = store_incident_adopt_reference(s, id, reference, e);
	incident_release(&cur);
	return rc;
}

/* free_reference: inc waits for the next pull (sync_apply_result.held). */
#define HELD 2

/*
 * inc, an incident of the server, comes with a reference an incident
 * made here holds, one the server does not know as its own (no id there
 * yet): a proposal, which the server kept for another incident. When inc
 * is already in the cache under its id at the server, ours is renumbered
 * (sync_apply_take_reference). When it is not, inc is either another
 * analyst's incident or ours, made by a create whose answer was lost:
 * only the answer to that create, sent again under its idempotency key,
 * can tell (the server keeps no key or client with an incident). So ours
 * is renumbered, and inc stored as new, only while no create of ours is
 * out without an answer (never sent, or refused: nothing applied);
 * otherwise inc waits (HELD): the pull keeps its cursor before the page,
 * and the next pass replays that create first, which either names inc
 * (ours: found by its id then) or another incident. 0 when inc may go on,
 * HELD, or < 0 when the store failed.
 */
static int
free_reference(const struct run *r, const struct incident *inc, struct err *e)
{
	struct incident cur;
	bool is_unsettled = false;
	int64_t id = 0;
	int rc;

	if (!inc->meta.remote_id || !inc->reference)
		return 0;
	rc = store_record_find_remote(r->s, OUTBOX_INCIDENT, r->source,
	                              inc->meta.remote_id, &id, e);
	if (rc || id)
		return rc ? rc
		          : sync_apply_take_reference(r->s, id, inc->reference,
		                                      e);
	incident_init(&cur);
	rc = store_incident_get_by_ref(r->s, inc->reference, &cur, e);
	if (rc) {
		incident_release(&cur);
		return rc == ERR_NOTFOUND ? 0 : rc;
	}
	/*
	 * Made here for this source, not at the server yet: a row without
	 * an id there, dirty (a synced one is adopted: store/incident.c).
	 */
	if (!cur.meta.remote_id && cur.meta.source &&
	    strcmp(cur.meta.source, r->source) == 0 &&
	    cur.meta.local_state != LOCAL_SYNCED) {
		rc = store_outbox_incident_unsettled(r->s, cur.meta.id,
		                                     &is_unsettled, e);
		if (!rc && is_unsettled)
			rc = HELD;
		else if (!rc)
			rc = renumber(r->s, &cur, e);
	}
	incident_release(&cur);
	return rc;
}

/*
 * Whether incident i may take its reference. SKIP: one held by another
 * source's incident (or another of this source's) skips it. REJECT: one
 * held by a row the upsert would not update refuses it, unless an earlier
 * object of the caller's run holds it (its duplicate check says so).
 * 0 when it may (*was: the reference is a row already), 1 when not, < 0
 * when the store failed.
 */
static int
reference_free(const struct run *r, size_t i, const struct incident *inc,
               bool *was, struct err *e)
{
	struct incident cur;
	struct strbuf sc;
	bool is_other;
	int rc;

	*was = false;
	if (is_reject(r) && r->p->holds_reference) {
		rc = r->p->holds_reference(r->p->ctx, inc->reference, e);
		if (rc)
			return rc < 0 ? rc : 0;
	}
	incident_init(&cur);
	rc = store_incident_get_by_ref(r->s, inc->reference, &cur, e);
	if (rc) {
		incident_release(&cur);
		return rc == ERR_NOTFOUND ? 0 : rc;
	}
	*was = true;
	if (!is_reject(r))
		is_other =
		    !cur.meta.source ||
		    strcmp(cur.meta.source, r->source) != 0 ||
		    (cur.meta.remote_id && inc->meta.remote_id &&
		     strcmp(cur.meta.remote_id, inc->meta.remote_id) != 0);
	else
		is_other =
		    !cur.meta.source ||
		    strcmp(cur.meta.source, r->source) != 0 ||
		    (inc->meta.remote_id &&
		     (!cur.meta.remote_id ||
		      strcmp(cur.meta.remote_id, inc->meta.remote_id) != 0));
	rc = 0;
	if (is_other && !is_reject(r)) {
		rc = 1;
	} else if (is_other) {
		strbuf_init(&sc);
		rc = refuse(
		    r, i,
		    "reference %s is already used by another incident (source '%s', id '%s')",
		    quoted(&sc, inc->reference),
		    cur.meta.source ? cur.meta.source : "?",
		    cur.meta.remote_id ? cur.meta.remote_id : "");
		strbuf_release(&sc);
	}
	incident_release(&cur);
	return rc;
}

static int
apply_incidents(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_incidents; i++) {
		struct incident *inc = &b->incidents[i];
		bool was = false, changed = false;
		int rc;

		rc = sector_ok(r, i, &inc->sector, false);
		/* Made here, but the server gave it to another: see above. */
		if (!rc && !is_reject(r))
			rc = free_reference(r, inc, e);
		if (rc == HELD) {
			if (r->res)
				r->res->held++;
			continue;
		}
		if (!rc)
			rc = reference_free(r, i, inc, &was, e);
		if (!rc)
			rc = resolve(r, i, "organization", inc->organization,
			             store_organization_find,
			             &inc->organization_id, e);
		if (!rc)
			rc = links(r, i, "alert", &inc->alert_ids,
			           store_alert_find, e);
		if (!rc)
			rc = links(r, i, "asset", &inc->asset_ids,
			           store_asset_find, e);
		if (rc > 0 && !is_reject(r))
			count_skipped(r);
		if (!rc)
			rc = check(r, i, e);
		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		rc = store_incident_upsert(r->s, inc, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

static int
apply_vulnerabilities(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_vulnerabilities; i++) {
		struct vulnerability *v = &b->vulnerabilities[i];
		struct vulnerability cur;
		bool was = false, changed = false;
		int rc = check(r, i, e);

		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		if (r->res) {
			vulnerability_init(&cur);
			rc = store_vulnerability_get(r->s, v->cve_id, &cur, e);
			vulnerability_release(&cur);
			if (rc && rc != ERR_NOTFOUND)
				return rc;
			was = rc == 0;
		}
		rc = store_vulnerability_upsert(r->s, v, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

/*
 * EPSS scores: no references to resolve; a score of an earlier day than
 * the stored one changes nothing (store/epss.h).
 */
static int
apply_epss(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_epss; i++) {
		struct epss_score *sc = &b->epss[i], cur;
		bool was = false, changed = false;
		int rc = check(r, i, e);

		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		if (r->res) {
			rc = store_epss_get(r->s, sc->cve_id, &cur, NULL, e);
			epss_score_release(&cur);
			if (rc && rc != ERR_NOTFOUND)
				return rc;
			was = rc == 0;
		}
		rc = store_epss_upsert(r->s, r->source, sc, &changed, e);
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

/*
 * Bulletins read from CSAF documents: each keeps the source its document
 * names ("csaf:PUBLISHER"); a reference another source's bulletin holds
 * refuses it (REJECT) or skips it (SKIP).
 */
static int
apply_bulletins(const struct run *r, struct feed_batch *b, struct err *e)
{
	for (size_t i = 0; i < b->n_bulletins; i++) {
		bool was = false, changed = false;
		struct err why;
		int rc = check(r, i, e);

		if (rc < 0)
			return rc;
		if (rc || !may_write(r))
			continue;
		err_clear(&why);
		rc = store_bulletin_import(r->s, &b->bulletins[i], &was,
		                           &changed, &why);
		if (rc == ERR_CONFLICT) {
			if (!is_reject(r))
				count_skipped(r);
			refuse(r, i, "%s", why.msg);
			continue;
		}
		if (rc && e)
			*e = why;
		if (written(r, i, was, changed, rc, e))
			return rc;
	}
	return 0;
}

/*
 * A whole catalog: the KEV CVEs it lacks have left it, when the batch is
 * the whole KEV catalog and every entry of it was stored (a bad or
 * refused entry would otherwise look gone); then its version is recorded.
 */
static int
apply_catalog(const struct run *r, struct feed_batch *b, struct err *e)
{
	struct store_catalog c = {
	    .name = (char *)b->catalog,
	    .source = (char *)r->source,
	    .version = b->document_version,
	    .released_at = b->document_released,
	    .entries = (int64_t)(b->n_vulnerabilities + b->n_epss),
	};
	int rc = 0;

	if (!b->catalog || !may_write(r))
		return 0;
	if (b->lists_all_kev && !b->n_errors && !*r->refused) {
		const char **ids =
		    xcalloc(b->n_vulnerabilities + 1, sizeof(*ids));
		int64_t retired = 0;

		for (size_t i = 0; i < b->n_vulnerabilities; i++)
			ids[i] = b->vulnerabilities[i].cve_id;
		rc = store_vulnerability_kev_retire(
		    r->s, ids, b->n_vulnerabilities, &retired, e);
		free(ids);
		if (!rc && r->res && retired) {
			r->res->retired += retired;
			r->res->lists |=
			    1u << STORE_VULNERABILITIES | 1u << STORE_EXPOSURES;
		}
		if (!rc && r->p->retired)
			r->p->retired(r->p->ctx, retired);
	}
	if (!rc)
		rc = store_catalog_set(r->s, &c, e);
	return rc;
}

/*
 * A row whose last edit the analyst dropped (`outbox drop`) keeps that
 * edit, marked dirty, until the server sends its copy again: there is no
 * older copy of it here to go back to, and the server, which refused the
 * edit, has the truth. That copy replaces it now, as for any synced row.
 * Looked for only while the source has such a row, so that a pull pays
 * nothing for it otherwise.
 */
static int
release_dropped(struct store *s, const char *source, struct feed_batch *b,
                struct err *e)
{
	bool has = false;
	int rc = store_outbox_has_released(s, source, &has, e);

	for (size_t i = 0; !rc && has && i < b->n_alerts; i++)
		if (b->alerts[i].meta.remote_id)
			rc = store_record_release(s, OUTBOX_ALERT, source,
			                          b->alerts[i].meta.remote_id,
			                          e);
	for (size_t i = 0; !rc && has && i < b->n_incidents; i++)
		if (b->incidents[i].meta.remote_id)
			rc = store_record_release(
			    s, OUTBOX_INCIDENT, source,
			    b->incidents[i].meta.remote_id, e);
	return rc;
}

int
sync_apply_batch_policy(struct store *s, const char *source,
                        struct feed_batch *b,
                        const struct sync_apply_policy *policy,
                        struct sync_apply_result *res, struct err *e)
{
	/* in this order: a row's references are stored before it */
	static const struct {
		int (*apply)(const struct run *r, struct feed_batch *b,
		             struct err *e);
		enum store_entity list;
	} steps[] = {
	    {apply_organizations, STORE_ORGANIZATIONS},
	    {apply_assets, STORE_ASSETS},
	    {apply_alerts, STORE_ALERTS},
	    {apply_incidents, STORE_INCIDENTS},
	    {apply_vulnerabilities, STORE_VULNERABILITIES},
	    /* a score changes its CVE's row (schema v6's triggers) */
	    {apply_epss, STORE_VULNERABILITIES},
	    {apply_bulletins, STORE_BULLETINS},
	};
	size_t refused = 0;
	struct run r = {s, source, policy, res, &refused};
	struct store_exposure_tally was, now;
	int rc = 0;

	b->source = source;
	store_exposure_alerts_tally(s, &was);
	if (!is_reject(&r))
		rc = release_dropped(s, source, b, e);
	for (size_t i = 0; !rc && i < ARRAY_SIZE(steps); i++) {
		int64_t before = res ? res->inserted + res->updated : 0;

		rc = steps[i].apply(&r, b, e);
		if (res && res->inserted + res->updated > before)
			res->lists |= 1u << steps[i].list;
		/* the store matches CVEs and assets: exposures change too */
		if (res && res->inserted + res->updated > before &&
		    (steps[i].list == STORE_ASSETS ||
		     steps[i].list == STORE_VULNERABILITIES ||
		     steps[i].list == STORE_BULLETINS))
			res->lists |= 1u << STORE_EXPOSURES;
	}
	if (!rc)
		rc = apply_catalog(&r, b, e);
	/* what the batch made qualify became alerts (store/exposure_alert.h) */
	store_exposure_alerts_tally(s, &now);
	if (!rc && res && now.raised > was.raised) {
		res->new_alerts += now.raised - was.raised;
		if (now.last_alert_id > res->last_alert_id)
			res->last_alert_id = now.last_alert_id;
		res->lists |= 1u << STORE_ALERTS;
	}
	return rc;
}

int
sync_apply_batch(struct store *s, const char *source, struct feed_batch *b,
                 struct sync_apply_result *res, struct err *e)
{
	static const struct sync_apply_policy skip = {.mode = SYNC_APPLY_SKIP};

	return sync_apply_batch_policy(s, source, b, &skip, res, e);
}
