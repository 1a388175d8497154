/*
 * Who should receive a bulletin: see include/centinela/store/recipient.h.
 *
 * One statement gathers the candidates: each source (named, sector,
 * exposed) yields organization ids with its bit, summed per organization
 * (the bits are distinct, so the sum of the distinct ones is their OR);
 * the exposed assets and their CVEs are counted per organization only for
 * those with the exposed bit. The TLP rule is the model's.
 */
#include "centinela/store/recipient.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/recipient.h"
#include "internal.h"

/* ?1 the bulletin's id. The bits are enum recipient_why's. */
static const char sql_candidates[] =
    "WITH cve(vid) AS (SELECT vulnerability.id FROM bulletin_cve JOIN "
    "vulnerability ON vulnerability.cve_id = bulletin_cve.cve_id WHERE "
    "bulletin_cve.bulletin_id = ?1), "
    "cand(org, why) AS ("
    "SELECT organization_id, 1 FROM bulletin_organization WHERE "
    "bulletin_id = ?1 "
    "UNION SELECT organization.id, 2 FROM bulletin_sector JOIN "
    "organization ON organization.sector = bulletin_sector.sector WHERE "
    "bulletin_sector.bulletin_id = ?1 "
    "UNION SELECT asset.organization_id, 4 FROM exposure JOIN asset ON "
    "asset.id = exposure.asset_id WHERE exposure.vulnerability_id IN "
    "(SELECT vid FROM cve)), "
    "who(org, why) AS (SELECT org, sum(DISTINCT why) FROM cand GROUP BY "
    "org) "
    "SELECT o.id, o.name, o.sector, o.region, o.contact, o.abuse_contact, "
    "who.why, "
    "CASE WHEN who.why & 4 THEN (SELECT count(DISTINCT exposure.asset_id) "
    "FROM exposure JOIN asset ON asset.id = exposure.asset_id WHERE "
    "asset.organization_id = o.id AND exposure.vulnerability_id IN "
    "(SELECT vid FROM cve)) ELSE 0 END, "
    "CASE WHEN who.why & 4 THEN (SELECT group_concat(cve_id, ' ') FROM "
    "(SELECT DISTINCT vulnerability.cve_id AS cve_id FROM exposure JOIN "
    "asset ON asset.id = exposure.asset_id JOIN vulnerability ON "
    "vulnerability.id = exposure.vulnerability_id WHERE "
    "asset.organization_id = o.id AND exposure.vulnerability_id IN "
    "(SELECT vid FROM cve) ORDER BY 1)) END "
    "FROM who JOIN organization o ON o.id = who.org "
    "ORDER BY o.sector, o.name, o.id";

static void
read_candidate(sqlite3_stmt *st, struct recipient_list *l)
{
	struct recipient *r = recipient_list_add(l);
	char *cves;

	r->organization_id = sqlite3_column_int64(st, 0);
	r->organization = store_col_text(st, 1);
	r->sector = store_col_text(st, 2);
	r->region = store_col_text(st, 3);
	r->contact = store_col_text(st, 4);
	r->abuse_contact = store_col_text(st, 5);
	r->why = (unsigned)sqlite3_column_int(st, 6);
	r->exposed_assets = sqlite3_column_int64(st, 7);
	cves = store_col_text(st, 8);
	for (char *p = cves, *sp; p && *p; p = sp ? sp + 1 : p + strlen(p)) {
		if ((sp = strchr(p, ' ')))
			*sp = '\0';
		strvec_push(&r->cves, p);
	}
	free(cves);
	recipient_finish(r);
}

int
store_bulletin_recipients(struct store *s, int64_t bulletin_id, enum tlp tlp,
                          struct recipient_list *out, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	recipient_list_init(out);
	out->tlp = tlp;
	if (!(st = store_stmt(s, sql_candidates, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, bulletin_id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		read_candidate(st, out);
	sqlite3_reset(st);
	if (step != SQLITE_DONE) {
		recipient_list_release(out);
		return store_db_err(s, e,
		                    "cannot read a bulletin's recipients");
	}
	recipient_list_filter(out);
	return 0;
}

int
store_bulletin_recipients_load(struct store *s, struct bulletin *b,
                               struct err *e)
{
	struct recipient_list *l = xcalloc(1, sizeof(*l));
	int rc = store_bulletin_recipients(s, b->meta.id, b->tlp, l, e);

	if (rc) {
		free(l);
		return rc;
	}
	if (b->recipients)
		recipient_list_release(b->recipients);
	free(b->recipients);
	b->recipients = l;
	return 0;
}
