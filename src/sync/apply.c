/* Writing a parsed page into the store for a source (see apply.h). */
#include "centinela/sync/apply.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/feed/feed.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/outbox.h"
#include "centinela/store/sector.h"
#include "centinela/store/vulnerability.h"

/* Tally one upsert: *was_there says whether the row existed before. */
static void
count(struct sync_apply_result *res, bool was_there, bool changed)
{
	if (!was_there)
		res->inserted++;
	else if (changed)
		res->updated++;
	else
		res->unchanged++;
}

/* Resolve ref with find at source; 0 when absent or unknown. */
static int
resolve(struct store *s, const char *source, const char *ref,
        int (*find)(struct store *, const char *, const char *, int64_t *,
                    struct err *),
        int64_t *id, struct err *e)
{
	int rc;

	*id = 0;
	if (!ref)
		return 0;
	rc = find(s, source, ref, id, e);
	if (rc == ERR_NOTFOUND) {
		*id = 0;
		return 0;
	}
	return rc;
}

/* Whether (source, remote_id) is already a row, by find. */
static int
exists(struct store *s, const char *source, const char *remote_id,
       int (*find)(struct store *, const char *, const char *, int64_t *,
                   struct err *),
       bool *out, struct err *e)
{
	int64_t id;
	int rc;

	*out = false;
	if (!remote_id)
		return 0;
	rc = find(s, source, remote_id, &id, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	*out = rc == 0;
	return rc;
}

/* A sector the cache does not know is dropped (optional) or fatal. */
static bool
sector_ok(struct store *s, char **sector, bool is_required)
{
	if (!*sector)
		return !is_required;
	if (store_sector_exists(s, *sector))
		return true;
	if (is_required)
		return false;
	free(*sector);
	*sector = NULL;
	return true;
}

static int
apply_organizations(struct store *s, const char *source, struct feed_batch *b,
                    struct sync_apply_result *res, struct err *e)
{
	for (size_t i = 0; i < b->n_organizations; i++) {
		struct organization *o = &b->organizations[i];
		bool was, changed = false;
		int rc;

		if (!sector_ok(s, &o->sector, true)) {
			res->skipped++;
			continue;
		}
		rc = exists(s, source, o->meta.remote_id,
		            store_organization_find, &was, e);
		if (!rc)
			rc = store_organization_upsert(s, o, &changed, e);
		if (rc)
			return rc;
		count(res, was, changed);
	}
	return 0;
}

static int
apply_assets(struct store *s, const char *source, struct feed_batch *b,
             struct sync_apply_result *res, struct err *e)
{
	for (size_t i = 0; i < b->n_assets; i++) {
		struct asset *a = &b->assets[i];
		bool was, changed = false;
		int rc;

		rc = resolve(s, source, a->organization,
		             store_organization_find, &a->organization_id, e);
		if (rc)
			return rc;
		if (!a->organization_id || !sector_ok(s, &a->sector, false)) {
			res->skipped++; /* an asset needs its owner */
			continue;
		}
		rc = exists(s, source, a->meta.remote_id, store_asset_find,
		            &was, e);
		if (!rc)
			rc = store_asset_upsert(s, a, &changed, e);
		if (rc)
			return rc;
		count(res, was, changed);
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
apply_alerts(struct store *s, const char *source, struct feed_batch *b,
             struct sync_apply_result *res, struct err *e)
{
	for (size_t i = 0; i < b->n_alerts; i++) {
		struct alert *a = &b->alerts[i];
		bool was, changed = false;
		int rc;

		sector_ok(s, &a->sector, false);
		rc = resolve(s, source, a->organization,
		             store_organization_find, &a->organization_id, e);
		if (!rc)
			rc = resolve(s, source, a->asset, store_asset_find,
			             &a->asset_id, e);
		if (!rc)
			rc = resolve(s, source, a->incident_ref, find_incident,
			             &a->incident_id, e);
		if (!rc)
			rc = exists(s, source, a->meta.remote_id,
			            store_alert_find, &was, e);
		if (!rc)
			rc = store_alert_upsert(s, a, &changed, e);
		if (rc)
			return rc;
		count(res, was, changed);
		if (!was) {
			res->new_alerts++;
			if (a->meta.id > res->last_alert_id)
				res->last_alert_id = a->meta.id;
		}
	}
	return 0;
}

/* Keep the links of v that the cache knows at source; drop the others. */
static int
keep_known(struct store *s, const char *source, struct strvec *v,
           int (*find)(struct store *, const char *, const char *, int64_t *,
                       struct err *),
           struct err *e)
{
	size_t kept = 0;

	for (size_t i = 0; i < v->n; i++) {
		int64_t id;
		int rc = resolve(s, source, v->v[i], find, &id, e);

		if (rc)
			return rc;
		if (id)
			v->v[kept++] = v->v[i];
		else
			free(v->v[i]);
	}
	v->n = kept;
	if (v->v)
		v->v[kept] = NULL;
	return 0;
}

int
sync_apply_take_reference(struct store *s, int64_t id, const char *reference,
                          struct err *e)
{
	struct incident cur;
	char prefix[16], *next = NULL;
	int year = 0, rc;

	incident_init(&cur);
	rc = store_incident_get_by_ref(s, reference, &cur, e);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	/*
	 * Held by an incident made here that the server does not know yet:
	 * its reference was only ours to propose (the server keeps it when
	 * free, else gives another), so it takes the next one of its prefix
	 * and year, and the server's incident takes this one.
	 */
	if (!rc && cur.meta.id && cur.meta.id != id && !cur.meta.remote_id &&
	    sscanf(cur.reference, "%15[A-Z]-%4d-", prefix, &year) == 2) {
		rc = store_incident_next_reference(s, prefix, year, &next, e);
		if (!rc)
			rc = store_incident_adopt_reference(s, cur.meta.id,
			                                    next, e);
	}
	if (!rc)
		rc = store_incident_adopt_reference(s, id, reference, e);
	free(next);
	incident_release(&cur);
	return rc;
}

/*
 * inc, already in the cache under its id at the server, comes with a
 * reference an incident made here holds (the server gave that one
 * another): renumber ours, so that the server's can be written.
 */
static int
free_reference(struct store *s, const char *source, const struct incident *inc,
               struct err *e)
{
	int64_t id = 0;
	int rc;

	if (!inc->meta.remote_id || !inc->reference)
		return 0;
	rc = store_record_find_remote(s, "incident", source,
	                              inc->meta.remote_id, &id, e);
	if (rc || !id)
		return rc;
	return sync_apply_take_reference(s, id, inc->reference, e);
}

static int
apply_incidents(struct store *s, const char *source, struct feed_batch *b,
                struct sync_apply_result *res, struct err *e)
{
	for (size_t i = 0; i < b->n_incidents; i++) {
		struct incident *inc = &b->incidents[i];
		struct incident cur;
		bool was = false, changed = false;
		int rc;

		sector_ok(s, &inc->sector, false);
		rc = resolve(s, source, inc->organization,
		             store_organization_find, &inc->organization_id, e);
		if (!rc)
			rc = keep_known(s, source, &inc->alert_ids,
			                store_alert_find, e);
		if (!rc)
			rc = keep_known(s, source, &inc->asset_ids,
			                store_asset_find, e);
		if (rc)
			return rc;
		/* Made here, but the server gave it to another: see below. */
		rc = free_reference(s, source, inc, e);
		if (rc)
			return rc;
		/* A reference held by another source's incident: skip. */
		incident_init(&cur);
		rc = store_incident_get_by_ref(s, inc->reference, &cur, e);
		if (rc == 0) {
			was = true;
			if (!cur.meta.source ||
			    strcmp(cur.meta.source, source) ||
			    (cur.meta.remote_id && inc->meta.remote_id &&
			     strcmp(cur.meta.remote_id, inc->meta.remote_id)))
				rc = 1;
		} else if (rc == ERR_NOTFOUND) {
			rc = 0;
		}
		incident_release(&cur);
		if (rc == 1) {
			res->skipped++;
			continue;
		}
		if (!rc)
			rc = store_incident_upsert(s, inc, &changed, e);
		if (rc)
			return rc;
		count(res, was, changed);
	}
	return 0;
}

static int
apply_vulnerabilities(struct store *s, struct feed_batch *b,
                      struct sync_apply_result *res, struct err *e)
{
	for (size_t i = 0; i < b->n_vulnerabilities; i++) {
		struct vulnerability *v = &b->vulnerabilities[i];
		struct vulnerability cur;
		bool was, changed = false;
		int rc;

		vulnerability_init(&cur);
		rc = store_vulnerability_get(s, v->cve_id, &cur, e);
		vulnerability_release(&cur);
		if (rc && rc != ERR_NOTFOUND)
			return rc;
		was = rc == 0;
		rc = store_vulnerability_upsert(s, v, &changed, e);
		if (rc)
			return rc;
		count(res, was, changed);
	}
	return 0;
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
			rc = store_record_release(
			    s, "alert", source, b->alerts[i].meta.remote_id, e);
	for (size_t i = 0; !rc && has && i < b->n_incidents; i++)
		if (b->incidents[i].meta.remote_id)
			rc = store_record_release(
			    s, "incident", source,
			    b->incidents[i].meta.remote_id, e);
	return rc;
}

int
sync_apply_batch(struct store *s, const char *source, struct feed_batch *b,
                 struct sync_apply_result *res, struct err *e)
{
	int rc;

	b->source = source;
	rc = release_dropped(s, source, b, e);
	if (!rc)
		rc = apply_organizations(s, source, b, res, e);
	if (!rc)
		rc = apply_assets(s, source, b, res, e);
	if (!rc)
		rc = apply_alerts(s, source, b, res, e);
	if (!rc)
		rc = apply_incidents(s, source, b, res, e);
	if (!rc)
		rc = apply_vulnerabilities(s, b, res, e);
	return rc;
}
