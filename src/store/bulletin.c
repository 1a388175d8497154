/*
 * Bulletins (advisories) keyed by reference, with the CVEs they cover,
 * the sectors and organizations they target and their CSAF parts. See
 * include/centinela/store/bulletin.h.
 *
 * Two writers: store_bulletin_upsert takes a server's record (the row and
 * its CVE and sector lists; its lists replace the stored ones only when
 * the sets differ, so an identical upsert writes nothing; dirty and
 * conflicting rows are never overwritten), and store_bulletin_write an
 * analyst's edit, which rewrites the whole bulletin, parts included, and
 * marks it dirty.
 */
#include "centinela/store/bulletin.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/version.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/exposure_vex.h"
#include "internal.h"
#include "rows.h"

/*
 * ?1 source, ?2 remote_id, ?3 version, ?4 local_state, ?5 reference,
 * ?6 title, ?7 summary, ?8 body, ?9 tlp, ?10 severity, ?11 status,
 * ?12 published_at, ?13 now.
 */
static const char sql_upsert[] =
    "INSERT INTO bulletin(source, remote_id, version, local_state, "
    "reference, title, summary, body, tlp, severity, status, "
    "published_at, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, "
    "?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13) "
    "ON CONFLICT(reference) DO UPDATE SET "
    "remote_id = coalesce(excluded.remote_id, remote_id), version = "
    "excluded.version, title = excluded.title, summary = "
    "excluded.summary, body = excluded.body, tlp = excluded.tlp, "
    "severity = excluded.severity, status = excluded.status, "
    "published_at = excluded.published_at, updated_at = "
    "excluded.updated_at "
    "WHERE bulletin.local_state = 'synced' AND ("
    "coalesce(excluded.remote_id, remote_id) IS NOT remote_id OR "
    "version IS NOT excluded.version OR title IS NOT excluded.title OR "
    "summary IS NOT excluded.summary OR body IS NOT excluded.body OR "
    "tlp IS NOT excluded.tlp OR severity IS NOT excluded.severity OR "
    "status IS NOT excluded.status OR published_at IS NOT "
    "excluded.published_at) "
    "RETURNING id";

static const char sql_find[] =
    "SELECT id, local_state FROM bulletin WHERE reference = ?1";
static const char sql_touch[] =
    "UPDATE bulletin SET updated_at = ?2 WHERE id = ?1";
static const char sql_sector_known[] = "SELECT 1 FROM sector WHERE code = ?1";

/* The two lists, as one table of constant statements each. */
struct list_sql {
	const char *read;   /* values of ?1, sorted */
	const char *clear;  /* delete all of ?1 */
	const char *insert; /* add (?1, ?2) */
};

static const struct list_sql cve_sql = {
    "SELECT cve_id FROM bulletin_cve WHERE bulletin_id = ?1 ORDER BY "
    "cve_id",
    "DELETE FROM bulletin_cve WHERE bulletin_id = ?1",
    "INSERT OR IGNORE INTO bulletin_cve(bulletin_id, cve_id) VALUES (?1, "
    "?2)",
};

static const struct list_sql sector_sql = {
    "SELECT sector FROM bulletin_sector WHERE bulletin_id = ?1 ORDER BY "
    "sector",
    "DELETE FROM bulletin_sector WHERE bulletin_id = ?1",
    "INSERT OR IGNORE INTO bulletin_sector(bulletin_id, sector) VALUES "
    "(?1, ?2)",
};

/* Organizations go by name; the insert resolves it. */
static const struct list_sql org_sql = {
    "SELECT organization.name FROM bulletin_organization JOIN "
    "organization ON organization.id = "
    "bulletin_organization.organization_id WHERE "
    "bulletin_organization.bulletin_id = ?1 ORDER BY organization.name",
    "DELETE FROM bulletin_organization WHERE bulletin_id = ?1",
    "INSERT OR IGNORE INTO bulletin_organization(bulletin_id, "
    "organization_id) SELECT ?1, id FROM organization WHERE name = ?2 "
    "COLLATE NOCASE ORDER BY id LIMIT 1",
};

static const char sql_get_ref[] =
    "SELECT " STORE_ROW_BULLETIN_COLS " FROM bulletin WHERE reference = ?1";
static const char sql_get_id[] =
    "SELECT " STORE_ROW_BULLETIN_COLS " FROM bulletin WHERE id = ?1";

int
store_row_read_bulletin(sqlite3_stmt *st, int first_col, struct bulletin *out)
{
	int col = store_row_read_meta(st, first_col, &out->meta);
	char *status, *category, *cves;

	out->reference = store_col_text(st, col++);
	out->title = store_col_text(st, col++);
	out->summary = store_col_text(st, col++);
	out->body = store_col_text(st, col++);
	out->tlp = (enum tlp)sqlite3_column_int(st, col++);
	out->severity = (enum severity)sqlite3_column_int(st, col++);
	status = store_col_text(st, col++);
	category = store_col_text(st, col++);
	bulletin_status_parse(status, &out->status);
	bulletin_category_parse(category, &out->category);
	free(status);
	free(category);
	out->author = store_col_text(st, col++);
	out->reviewer = store_col_text(st, col++);
	out->reviewed_at = sqlite3_column_int64(st, col++);
	out->published_at = sqlite3_column_int64(st, col++);
	cves = store_col_text(st, col++);
	for (char *p = cves, *sp; p && *p; p = sp ? sp + 1 : p + strlen(p)) {
		if ((sp = strchr(p, ' ')))
			*sp = '\0';
		strvec_push(&out->cve_ids, p);
	}
	free(cves);
	return col;
}

static int
cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Read the sorted values of a list of bulletin id into sv. */
static int
list_read(struct store *s, const struct list_sql *q, int64_t id,
          struct strvec *sv, struct err *e)
{
	return store_read_strings(s, q->read, id, sv,
	                          "cannot read bulletin lists", e);
}

/* Insert every value of want (sorted, without repeats) into list q. */
static int
list_insert(struct store *s, const struct list_sql *q, int64_t id,
            const char *const *v, size_t n, struct err *e)
{
	sqlite3_stmt *st;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (!(st = store_stmt(s, q->insert, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		store_bind_text(st, 2, v[i]);
		if ((rc = store_step_done(s, st, "cannot store bulletin list",
		                          e)))
			return rc;
	}
	return 0;
}

/* Delete every value of list q of bulletin id. */
static int
list_clear(struct store *s, const struct list_sql *q, int64_t id, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, q->clear, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	return store_step_done(s, st, "cannot replace bulletin list", e);
}

/* Replace the list when the stored set differs from want; *wrote says. */
static int
list_sync(struct store *s, const struct list_sql *q, int64_t id,
          const struct strvec *want, bool *wrote, struct err *e)
{
	const char **sorted = NULL;
	struct strvec have;
	size_t n = 0;
	int rc;

	strvec_init(&have);
	if ((rc = list_read(s, q, id, &have, e)))
		goto out;
	if (want->n) {
		sorted = xreallocarray(NULL, want->n, sizeof(*sorted));
		memcpy(sorted, want->v, want->n * sizeof(*sorted));
		qsort(sorted, want->n, sizeof(*sorted), cmp_str);
		for (size_t i = 0; i < want->n; i++)
			if (!n || strcmp(sorted[n - 1], sorted[i]) != 0)
				sorted[n++] = sorted[i];
	}
	if (n == have.n) {
		size_t i = 0;

		while (i < n && strcmp(sorted[i], have.v[i]) == 0)
			i++;
		if (i == n)
			goto out;
	}
	if ((rc = list_clear(s, q, id, e)) ||
	    (rc = list_insert(s, q, id, sorted, n, e)))
		goto out;
	*wrote = true;
out:
	free(sorted);
	strvec_release(&have);
	return rc;
}

static int
check_sectors(struct store *s, const struct bulletin *b, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	for (size_t i = 0; i < b->sectors.n; i++) {
		if (!(st = store_stmt(s, sql_sector_known, e)))
			return ERR_DB;
		store_bind_text(st, 1, b->sectors.v[i]);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step == SQLITE_DONE)
			return err_set(e, ERR_INVALID,
			               "bulletin '%s' targets unknown sector "
			               "'%s' (see `sector list`)",
			               b->reference, b->sectors.v[i]);
		if (step != SQLITE_ROW)
			return store_db_err(s, e, "cannot check sector");
	}
	return 0;
}

static int
validate(struct store *s, const struct bulletin *b, struct err *e)
{
	if (!b->reference)
		return err_set(e, ERR_INVALID, "bulletin has no reference");
	if (!b->title)
		return err_set(e, ERR_INVALID, "bulletin '%s' has no title",
		               b->reference);
	if ((unsigned)b->status >= BULLETIN_STATUS_COUNT)
		return err_set(e, ERR_INVALID,
		               "bulletin '%s' has status %d (known: draft, "
		               "interim, final)",
		               b->reference, (int)b->status);
	if (b->severity < SEVERITY_INFO || b->severity > SEVERITY_CRITICAL ||
	    (int)b->tlp < TLP_CLEAR || b->tlp > TLP_RED)
		return err_set(e, ERR_INVALID,
		               "bulletin '%s' has severity %d or tlp %d out of "
		               "range",
		               b->reference, (int)b->severity, (int)b->tlp);
	for (size_t i = 0; i < b->cve_ids.n; i++)
		if (!cve_id_valid(b->cve_ids.v[i]))
			return err_set(e, ERR_INVALID,
			               "bulletin '%s' lists '%s', not a CVE id "
			               "(CVE-YYYY-NNNN)",
			               b->reference, b->cve_ids.v[i]);
	return check_sectors(s, b, e);
}

int
store_bulletin_upsert(struct store *s, struct bulletin *b, bool *changed,
                      struct err *e)
{
	int64_t id = 0, now = time_now();
	bool is_synced = true, is_changed = false, wrote = false;
	sqlite3_stmt *st;
	int rc;

	if (changed)
		*changed = false;
	if ((rc = validate(s, b, e)))
		return rc;
	if (!(st = store_stmt(s, sql_upsert, e)))
		return ERR_DB;
	store_bind_text(st, 1,
	                b->meta.source ? b->meta.source : RECORD_SOURCE_LOCAL);
	store_bind_text(st, 2, b->meta.remote_id);
	store_bind_int(st, 3, b->meta.version, false);
	store_bind_text(st, 4, local_state_name(b->meta.local_state));
	store_bind_text(st, 5, b->reference);
	store_bind_text(st, 6, b->title);
	store_bind_text(st, 7, b->summary);
	store_bind_text(st, 8, b->body);
	store_bind_int(st, 9, b->tlp, false);
	store_bind_int(st, 10, b->severity, false);
	store_bind_text(st, 11, bulletin_status_name(b->status));
	store_bind_int(st, 12, b->published_at, true);
	store_bind_int(st, 13, now, false);
	if ((rc = store_upsert_returning(
	         s, st, sql_find, b->reference, &id, &is_changed, &is_synced,
	         "cannot store bulletin", "cannot look up bulletin", e)))
		return rc;
	if (is_synced &&
	    ((rc = list_sync(s, &cve_sql, id, &b->cve_ids, &wrote, e)) ||
	     (rc = list_sync(s, &sector_sql, id, &b->sectors, &wrote, e))))
		return rc;
	if (wrote && !is_changed) {
		is_changed = true;
		if ((rc = store_touch(s, sql_touch, id, now,
		                      "cannot update bulletin", e)))
			return rc;
	}
	b->meta.id = id;
	if (changed)
		*changed = is_changed;
	return 0;
}

/* ---- reading the parts ---- */

/* The parts' queries, each bound to ?1 the bulletin id, in their order. */
static const char sql_revisions[] =
    "SELECT number, date, summary FROM bulletin_revision WHERE "
    "bulletin_id = ?1 ORDER BY number";
static const char sql_products[] =
    "SELECT product_id, vendor, product, version_range, cpe, purl FROM "
    "bulletin_product WHERE bulletin_id = ?1 ORDER BY ord";
static const char sql_statuses[] =
    "SELECT cve_id, product_id, state, justification FROM "
    "bulletin_product_status WHERE bulletin_id = ?1 ORDER BY cve_id, "
    "product_id";
static const char sql_remediations[] =
    "SELECT cve_id, category, details, url FROM bulletin_remediation "
    "WHERE bulletin_id = ?1 ORDER BY ord";
static const char sql_links[] =
    "SELECT url, summary FROM bulletin_link WHERE bulletin_id = ?1 ORDER "
    "BY ord";
static const char sql_notes[] =
    "SELECT category, text FROM bulletin_note WHERE bulletin_id = ?1 "
    "ORDER BY ord";
static const char sql_acks[] =
    "SELECT name, organization, summary FROM bulletin_ack WHERE "
    "bulletin_id = ?1 ORDER BY ord";
/* What the cache knows of a CVE: ?1 the CVE id. */
static const char sql_cve_info[] =
    "SELECT vulnerability.id, vulnerability.title, vulnerability.cvss_score, "
    "vulnerability.cvss_vector, (SELECT (m.value ->> 'ver') || char(9) || "
    "(m.value ->> 'vec') || char(9) || (m.value ->> 'score') FROM "
    "vuln_detail AS d, json_each(d.metrics) AS m WHERE d.id = "
    "vulnerability.id AND m.value ->> 'ver' LIKE '3._' ORDER BY "
    "m.value ->> 'pri' DESC, m.value ->> 'ver' DESC, m.key LIMIT 1) FROM "
    "vulnerability WHERE cve_id = ?1";
static const char sql_cve_cwes[] =
    "SELECT cwe_id FROM vuln_weakness WHERE vulnerability_id = ?1 AND "
    "cwe_id LIKE 'CWE-%' ORDER BY ord";

typedef void (*row_fn)(sqlite3_stmt *st, struct bulletin *b);

static int
each_row(struct store *s, const char *sql, int64_t id, row_fn fn,
         struct bulletin *b, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);
	int step;

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		fn(st, b);
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot read bulletin parts");
}

static void
read_revision(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_revision *r = bulletin_add_revision(b);

	r->number = sqlite3_column_int64(st, 0);
	r->date = sqlite3_column_int64(st, 1);
	r->summary = store_col_text(st, 2);
}

static void
read_product(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_product *p = bulletin_add_product(b);

	p->product_id = store_col_text(st, 0);
	p->vendor = store_col_text(st, 1);
	p->product = store_col_text(st, 2);
	p->version_range = store_col_text(st, 3);
	p->cpe = store_col_text(st, 4);
	p->purl = store_col_text(st, 5);
}

static void
read_status(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_status_entry *x = bulletin_add_status(b);
	char *state = store_col_text(st, 2);

	x->cve_id = store_col_text(st, 0);
	x->product_id = store_col_text(st, 1);
	bulletin_product_state_parse(state, &x->state);
	free(state);
	x->justification = store_col_text(st, 3);
}

static void
read_remediation(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_remediation *r = bulletin_add_remediation(b);
	char *kind = store_col_text(st, 1);

	r->cve_id = store_col_text(st, 0);
	bulletin_remediation_parse(kind, &r->kind);
	free(kind);
	r->details = store_col_text(st, 2);
	r->url = store_col_text(st, 3);
}

static void
read_link(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_link *l = bulletin_add_link(b);

	l->url = store_col_text(st, 0);
	l->summary = store_col_text(st, 1);
}

static void
read_note(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_note *n = bulletin_add_note(b);
	char *kind = store_col_text(st, 0);

	bulletin_note_parse(kind, &n->kind);
	free(kind);
	n->text = store_col_text(st, 1);
}

static void
read_ack(sqlite3_stmt *st, struct bulletin *b)
{
	struct bulletin_ack *a = bulletin_add_ack(b);

	a->name = store_col_text(st, 0);
	a->organization = store_col_text(st, 1);
	a->summary = store_col_text(st, 2);
}

static void
read_cwe(sqlite3_stmt *st, struct bulletin *b)
{
	strvec_push(&b->cves[b->n_cves - 1].cwes,
	            (const char *)sqlite3_column_text(st, 0));
}

/* "3.1\tCVSS:3.1/AV:N/...\t9.8" from a stored metric into c. */
static void
read_metric(const char *m, struct bulletin_cve *c)
{
	const char *t1 = strchr(m, '\t'),
	           *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

	if (!t2)
		return;
	c->cvss_version = xstrndup(m, (size_t)(t1 - m));
	c->cvss_vector = xstrndup(t1 + 1, (size_t)(t2 - t1 - 1));
	c->cvss_score = strtod(t2 + 1, NULL);
}

/* Add what the cache knows of cve_id to b->cves. */
static int
read_cve(struct store *s, struct bulletin *b, const char *cve_id, struct err *e)
{
	struct bulletin_cve *c = bulletin_add_cve(b);
	sqlite3_stmt *st = store_stmt(s, sql_cve_info, e);
	int64_t vid = 0;
	int step;

	c->cve_id = xstrdup(cve_id);
	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, cve_id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *metric = (const char *)sqlite3_column_text(st, 4);
		const char *vector = (const char *)sqlite3_column_text(st, 3);

		vid = sqlite3_column_int64(st, 0);
		c->title = store_col_text(st, 1);
		if (metric) {
			read_metric(metric, c);
		} else if (vector && strncmp(vector, "CVSS:3.", 7) == 0 &&
		           sqlite3_column_type(st, 2) != SQLITE_NULL) {
			c->cvss_vector = xstrdup(vector);
			c->cvss_version = xstrndup(vector + 5, 3);
			c->cvss_score = sqlite3_column_double(st, 2);
		}
	}
	sqlite3_reset(st);
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		return store_db_err(s, e, "cannot read a bulletin's CVE");
	return vid ? each_row(s, sql_cve_cwes, vid, read_cwe, b, e) : 0;
}

static int
load_parts(struct store *s, struct bulletin *b, struct err *e)
{
	int64_t id = b->meta.id;
	int rc;

	if ((rc = list_read(s, &sector_sql, id, &b->sectors, e)) ||
	    (rc = list_read(s, &org_sql, id, &b->organizations, e)) ||
	    (rc = each_row(s, sql_revisions, id, read_revision, b, e)) ||
	    (rc = each_row(s, sql_products, id, read_product, b, e)) ||
	    (rc = each_row(s, sql_statuses, id, read_status, b, e)) ||
	    (rc = each_row(s, sql_remediations, id, read_remediation, b, e)) ||
	    (rc = each_row(s, sql_links, id, read_link, b, e)) ||
	    (rc = each_row(s, sql_notes, id, read_note, b, e)) ||
	    (rc = each_row(s, sql_acks, id, read_ack, b, e)))
		return rc;
	for (size_t i = 0; i < b->cve_ids.n; i++)
		if ((rc = read_cve(s, b, b->cve_ids.v[i], e)))
			return rc;
	return 0;
}

static int
get_by(struct store *s, const char *sql, const char *ref, int64_t id,
       struct bulletin *out, struct err *e)
{
	sqlite3_stmt *st;
	int rc, step;

	bulletin_init(out);
	if (!(st = store_stmt(s, sql, e)))
		return ERR_DB;
	if (ref)
		store_bind_text(st, 1, ref);
	else
		sqlite3_bind_int64(st, 1, id);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW)
		store_row_read_bulletin(st, 0, out);
	sqlite3_reset(st);
	if (step == SQLITE_DONE) {
		if (ref)
			return err_set(e, ERR_NOTFOUND,
			               "unknown bulletin '%s' (see 'centinela "
			               "list bulletins')",
			               ref);
		return err_set(e, ERR_NOTFOUND, "no bulletin:%lld",
		               (long long)id);
	}
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read bulletin");
	if ((rc = load_parts(s, out, e)))
		bulletin_release(out);
	return rc;
}

int
store_bulletin_get(struct store *s, const char *reference, struct bulletin *out,
                   struct err *e)
{
	if (!reference) {
		bulletin_init(out);
		return err_set(e, ERR_INVALID, "no bulletin reference given");
	}
	return get_by(s, sql_get_ref, reference, 0, out, e);
}

int
store_bulletin_get_by_id(struct store *s, int64_t id, struct bulletin *out,
                         struct err *e)
{
	return get_by(s, sql_get_id, NULL, id, out, e);
}

/* ---- numbering ---- */

/* ?1 low bound "P-SA-YYYY-", ?2 high bound "P-SA-YYYY.", ?3 its length. */
static const char sql_last_number[] =
    "SELECT coalesce(max(CAST(substr(reference, ?3 + 1) AS INTEGER)), 0) "
    "FROM bulletin WHERE reference > ?1 AND reference < ?2";

int
store_bulletin_next_reference(struct store *s, const char *prefix, int year,
                              char **out, struct err *e)
{
	struct strbuf lo, hi;
	int64_t last = 0;
	sqlite3_stmt *st;
	int rc;

	*out = NULL;
	if ((rc = store_reference_check(prefix, year, e)))
		return rc;
	if (!(st = store_stmt(s, sql_last_number, e)))
		return ERR_DB;
	strbuf_init(&lo);
	strbuf_init(&hi);
	/* every "P-SA-YYYY-..." sorts between "P-SA-YYYY-" and "P-SA-YYYY." */
	strbuf_addf(&lo, "%s-SA-%04d-", prefix, year);
	strbuf_addf(&hi, "%s-SA-%04d.", prefix, year);
	store_bind_text(st, 1, lo.buf);
	store_bind_text(st, 2, hi.buf);
	sqlite3_bind_int64(st, 3, (int64_t)lo.len);
	if (!(rc =
	          store_step_int64(s, st, &last, "cannot number bulletins", e)))
		*out = bulletin_reference_format(prefix, year, last + 1);
	strbuf_release(&lo);
	strbuf_release(&hi);
	return rc;
}

/* ---- writing an edit ---- */

/* ?1 id, ?2 title, ... ?16 now: the row of an edit. */
static const char sql_insert[] =
    "INSERT INTO bulletin(source, remote_id, version, local_state, "
    "reference, title, summary, body, tlp, severity, status, category, "
    "author, reviewer, reviewed_at, published_at, created_at, updated_at) "
    "VALUES (?17, NULL, 0, 'dirty', ?18, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?13)";
static const char sql_update[] =
    "UPDATE bulletin SET title = ?2, summary = ?3, body = ?4, tlp = ?5, "
    "severity = ?6, status = ?7, category = ?8, author = ?9, reviewer = "
    "?10, reviewed_at = ?11, published_at = ?12, updated_at = ?13, "
    "local_state = CASE local_state WHEN 'conflict' THEN 'conflict' ELSE "
    "'dirty' END WHERE id = ?1";

/* The parts' tables, cleared before they are written again. */
static const char *const sql_clear_parts[] = {
    "DELETE FROM bulletin_revision WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_product WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_product_status WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_remediation WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_link WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_note WHERE bulletin_id = ?1",
    "DELETE FROM bulletin_ack WHERE bulletin_id = ?1",
};
static const char sql_put_revision[] =
    "INSERT INTO bulletin_revision(bulletin_id, number, date, summary) "
    "VALUES (?1, ?2, ?3, ?4)";
static const char sql_put_product[] =
    "INSERT INTO bulletin_product(bulletin_id, ord, product_id, vendor, "
    "product, version_range, cpe, purl, cpe_vendor, cpe_product) VALUES "
    "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, cpe_key(?7, 1), cpe_key(?7, 2))";
static const char sql_put_status[] =
    "INSERT INTO bulletin_product_status(bulletin_id, cve_id, product_id, "
    "state, justification) VALUES (?1, ?3, ?4, ?5, ?6)";
static const char sql_put_remediation[] =
    "INSERT INTO bulletin_remediation(bulletin_id, ord, cve_id, category, "
    "details, url) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
static const char sql_put_link[] =
    "INSERT INTO bulletin_link(bulletin_id, ord, url, summary) VALUES "
    "(?1, ?2, ?3, ?4)";
static const char sql_put_note[] =
    "INSERT INTO bulletin_note(bulletin_id, ord, category, text) VALUES "
    "(?1, ?2, ?3, ?4)";
static const char sql_put_ack[] =
    "INSERT INTO bulletin_ack(bulletin_id, ord, name, organization, "
    "summary) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_org_known[] =
    "SELECT 1 FROM organization WHERE name = ?1 COLLATE NOCASE";

/* Run sql bound to ?1 id, ?2 ord and the n texts from ?3 on (NULL: NULL). */
static int
put(struct store *s, const char *sql, int64_t id, int64_t ord,
    const char *const *texts, size_t n, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql, e);

	if (!st)
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, ord);
	for (size_t i = 0; i < n; i++)
		store_bind_text(st, (int)i + 3, texts[i]);
	return store_step_done(s, st, "cannot store bulletin part", e);
}

static int
put_parts(struct store *s, const struct bulletin *b, int64_t id, struct err *e)
{
	sqlite3_stmt *st;
	int rc = 0;

	for (size_t i = 0;
	     i < sizeof(sql_clear_parts) / sizeof(*sql_clear_parts); i++) {
		if (!(st = store_stmt(s, sql_clear_parts[i], e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		if ((rc = store_step_done(s, st,
		                          "cannot replace bulletin "
		                          "parts",
		                          e)))
			return rc;
	}
	for (size_t i = 0; !rc && i < b->n_revisions; i++) {
		const struct bulletin_revision *r = &b->revisions[i];

		if (!(st = store_stmt(s, sql_put_revision, e)))
			return ERR_DB;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, r->number);
		sqlite3_bind_int64(st, 3, r->date);
		store_bind_text(st, 4, r->summary);
		rc = store_step_done(s, st, "cannot store revision", e);
	}
	for (size_t i = 0; !rc && i < b->n_products; i++) {
		const struct bulletin_product *p = &b->products[i];
		const char *v[] = {p->product_id,    p->vendor, p->product,
		                   p->version_range, p->cpe,    p->purl};

		rc = put(s, sql_put_product, id, (int64_t)i, v, 6, e);
	}
	for (size_t i = 0; !rc && i < b->n_statuses; i++) {
		const struct bulletin_status_entry *x = &b->statuses[i];
		const char *v[] = {x->cve_id, x->product_id,
		                   bulletin_product_state_name(x->state),
		                   x->justification};

		rc = put(s, sql_put_status, id, 0, v, 4, e);
	}
	for (size_t i = 0; !rc && i < b->n_remediations; i++) {
		const struct bulletin_remediation *r = &b->remediations[i];
		const char *v[] = {r->cve_id,
		                   bulletin_remediation_name(r->kind),
		                   r->details, r->url};

		rc = put(s, sql_put_remediation, id, (int64_t)i, v, 4, e);
	}
	for (size_t i = 0; !rc && i < b->n_links; i++) {
		const char *v[] = {b->links[i].url, b->links[i].summary};

		rc = put(s, sql_put_link, id, (int64_t)i, v, 2, e);
	}
	for (size_t i = 0; !rc && i < b->n_notes; i++) {
		const char *v[] = {bulletin_note_name(b->notes[i].kind),
		                   b->notes[i].text};

		rc = put(s, sql_put_note, id, (int64_t)i, v, 2, e);
	}
	for (size_t i = 0; !rc && i < b->n_acks; i++) {
		const char *v[] = {b->acks[i].name, b->acks[i].organization,
		                   b->acks[i].summary};

		rc = put(s, sql_put_ack, id, (int64_t)i, v, 3, e);
	}
	return rc;
}

static int
check_orgs(struct store *s, const struct bulletin *b, struct err *e)
{
	sqlite3_stmt *st;
	int step;

	for (size_t i = 0; i < b->organizations.n; i++) {
		if (!(st = store_stmt(s, sql_org_known, e)))
			return ERR_DB;
		store_bind_text(st, 1, b->organizations.v[i]);
		step = sqlite3_step(st);
		sqlite3_reset(st);
		if (step == SQLITE_DONE)
			return err_set(e, ERR_NOTFOUND,
			               "unknown organization '%s' (see "
			               "'centinela list organizations')",
			               b->organizations.v[i]);
		if (step != SQLITE_ROW)
			return store_db_err(s, e, "cannot check organization");
	}
	return 0;
}

/* Replace list q of id with the values of sv. */
static int
list_put(struct store *s, const struct list_sql *q, int64_t id,
         const struct strvec *sv, struct err *e)
{
	bool wrote = false;

	return list_sync(s, q, id, sv, &wrote, e);
}

/* Bind ?2 title ... ?13 now of the statements that write a row of b. */
static void
bind_row(sqlite3_stmt *st, const struct bulletin *b, int64_t now)
{
	store_bind_text(st, 2, b->title);
	store_bind_text(st, 3, b->summary);
	store_bind_text(st, 4, b->body);
	sqlite3_bind_int(st, 5, (int)b->tlp);
	sqlite3_bind_int(st, 6, (int)b->severity);
	store_bind_text(st, 7, bulletin_status_name(b->status));
	store_bind_text(st, 8, bulletin_category_name(b->category));
	store_bind_text(st, 9, b->author);
	store_bind_text(st, 10, b->reviewer);
	store_bind_int(st, 11, b->reviewed_at, true);
	store_bind_int(st, 12, b->published_at, true);
	sqlite3_bind_int64(st, 13, now);
}

int
store_bulletin_write(struct store *s, struct bulletin *b, int64_t now,
                     struct err *e)
{
	bool is_new = b->meta.id == 0;
	sqlite3_stmt *st;
	int64_t id;
	int rc;

	if ((rc = bulletin_validate(b, e)) || (rc = check_sectors(s, b, e)) ||
	    (rc = check_orgs(s, b, e)))
		return rc;
	if (is_new) {
		struct bulletin old;

		rc = store_bulletin_get(s, b->reference, &old, NULL);
		bulletin_release(&old);
		if (rc == 0)
			return err_set(
			    e, ERR_CONFLICT,
			    "bulletin reference '%s' is already taken",
			    b->reference);
	}
	if (!(st = store_stmt(s, is_new ? sql_insert : sql_update, e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, b->meta.id);
	bind_row(st, b, now);
	if (is_new) {
		store_bind_text(st, 17,
		                b->meta.source ? b->meta.source
		                               : RECORD_SOURCE_LOCAL);
		store_bind_text(st, 18, b->reference);
	}
	if ((rc = store_step_done(s, st, "cannot write bulletin", e)))
		return rc;
	if (!is_new && store_changes(s) < 1)
		return err_set(e, ERR_NOTFOUND, "bulletin %s is gone",
		               b->reference);
	id = is_new ? store_last_id(s) : b->meta.id;
	if ((rc = list_put(s, &cve_sql, id, &b->cve_ids, e)) ||
	    (rc = list_put(s, &sector_sql, id, &b->sectors, e)) ||
	    (rc = list_put(s, &org_sql, id, &b->organizations, e)) ||
	    (rc = put_parts(s, b, id, e)))
		return rc;
	b->meta.id = id;
	return 0;
}

/* ---- prefilling from a CVE ---- */

static const char sql_prefill_cve[] =
    "SELECT id, title, description, cvss_score, vendor, product FROM "
    "vulnerability WHERE cve_id = ?1";
/* The CPE names the exposed assets match, and their sectors. */
static const char sql_prefill_cpes[] =
    "SELECT DISTINCT cpe FROM exposure WHERE vulnerability_id = ?1 ORDER "
    "BY cpe LIMIT 100";
static const char sql_prefill_sectors[] =
    "SELECT DISTINCT asset.sector FROM exposure JOIN asset ON asset.id = "
    "exposure.asset_id WHERE exposure.vulnerability_id = ?1 AND "
    "asset.sector IS NOT NULL ORDER BY 1";

static void
prefill_product(sqlite3_stmt *st, struct bulletin *b)
{
	const char *cpe = (const char *)sqlite3_column_text(st, 0);
	struct bulletin_product *p;
	struct bulletin_status_entry *x;

	if (!cpe)
		return;
	p = bulletin_add_product(b);
	p->product_id = xasprintf("CSAFPID-%04zu", b->n_products);
	p->cpe = xstrdup(cpe);
	p->vendor = bulletin_cpe_part(cpe, 3);
	p->product = bulletin_cpe_part(cpe, 4);
	p->version_range = bulletin_cpe_part(cpe, 5);
	x = bulletin_add_status(b);
	x->cve_id = xstrdup(b->cve_ids.v[0]);
	x->product_id = xstrdup(p->product_id);
	x->state = BULLETIN_KNOWN_AFFECTED;
}

static void
prefill_sector(sqlite3_stmt *st, struct bulletin *b)
{
	strvec_push(&b->sectors, (const char *)sqlite3_column_text(st, 0));
}

int
store_bulletin_prefill(struct store *s, const char *cve_id, struct bulletin *b,
                       struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_prefill_cve, e);
	int64_t vid = 0;
	int rc = 0, step;

	if (!st)
		return ERR_DB;
	store_bind_text(st, 1, cve_id);
	if ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *title = (const char *)sqlite3_column_text(st, 1);
		const char *vendor = (const char *)sqlite3_column_text(st, 4);
		const char *product = (const char *)sqlite3_column_text(st, 5);
		double score = sqlite3_column_type(st, 3) == SQLITE_NULL
		                   ? -1
		                   : sqlite3_column_double(st, 3);

		vid = sqlite3_column_int64(st, 0);
		free(b->title);
		if (title && *title)
			b->title = xasprintf("%s: %s", cve_id, title);
		else if (vendor && product)
			b->title =
			    xasprintf("%s: %s %s", cve_id, vendor, product);
		else
			b->title = xasprintf("%s", cve_id);
		free(b->body);
		b->body = store_col_text(st, 2);
		if (score >= 0)
			b->severity = score >= 9   ? SEVERITY_CRITICAL
			              : score >= 7 ? SEVERITY_HIGH
			              : score >= 4 ? SEVERITY_MEDIUM
			              : score > 0  ? SEVERITY_LOW
			                           : SEVERITY_INFO;
	}
	sqlite3_reset(st);
	if (step == SQLITE_DONE)
		return err_set(e, ERR_NOTFOUND,
		               "no %s in the cache (see 'centinela list "
		               "vulnerabilities')",
		               cve_id);
	if (step != SQLITE_ROW)
		return store_db_err(s, e, "cannot read vulnerability");
	{
		/* the CVE first: the products' statuses name cve_ids.v[0] */
		struct strvec v;

		strvec_init(&v);
		strvec_push(&v, cve_id);
		for (size_t i = 0; i < b->cve_ids.n; i++)
			if (strcmp(b->cve_ids.v[i], cve_id) != 0)
				strvec_push(&v, b->cve_ids.v[i]);
		strvec_release(&b->cve_ids);
		b->cve_ids = v;
	}
	if ((rc = each_row(s, sql_prefill_cpes, vid, prefill_product, b, e)) ||
	    (rc = each_row(s, sql_prefill_sectors, vid, prefill_sector, b, e)))
		return rc;
	return 0;
}

/* ---- a vendor's CSAF document ---- */

static const char sql_import_find[] =
    "SELECT id, source, local_state, tracking_version, tracking_date FROM "
    "bulletin WHERE reference = ?1";
/* ?1 id, ?2 title ... ?13 now as sql_insert; ?14 version, ?15 tracking
 * version, ?16 tracking date, ?17 source, ?18 reference, ?19 remote id */
static const char sql_import_insert[] =
    "INSERT INTO bulletin(source, remote_id, version, local_state, "
    "reference, title, summary, body, tlp, severity, status, category, "
    "author, reviewer, reviewed_at, published_at, created_at, updated_at, "
    "tracking_version, tracking_date) VALUES (?17, ?19, ?14, 'synced', "
    "?18, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13, ?15, "
    "?16)";
static const char sql_import_update[] =
    "UPDATE bulletin SET remote_id = ?19, version = ?14, title = ?2, "
    "summary = ?3, body = ?4, tlp = ?5, severity = ?6, status = ?7, "
    "category = ?8, author = ?9, reviewer = ?10, reviewed_at = ?11, "
    "published_at = ?12, updated_at = ?13, tracking_version = ?15, "
    "tracking_date = ?16 WHERE id = ?1";

/*
 * Whether the document of b is newer than the stored revision (version,
 * then date): tracking.version compared as versions (integer or semantic),
 * current_release_date when they are the same.
 */
static bool
is_newer(const struct bulletin *b, const char *version, int64_t date)
{
	int c;

	if (!version)
		return true;
	c = version_compare(b->tracking_version ? b->tracking_version : "",
	                    version);
	return c > 0 || (c == 0 && b->tracking_date > date);
}

int
store_bulletin_import(struct store *s, struct bulletin *b, bool *existed,
                      bool *changed, struct err *e)
{
	const char *source = b->meta.source;
	sqlite3_stmt *st;
	int64_t id = 0, now = time_now();
	int step, rc;
	bool is_new;

	*changed = false;
	*existed = false;
	if (!b->reference || !b->title || !source)
		return err_set(e, ERR_INVALID,
		               "bulletin has no reference, title or source");
	if (!(st = store_stmt(s, sql_import_find, e)))
		return ERR_DB;
	store_bind_text(st, 1, b->reference);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *had_source =
		    (const char *)sqlite3_column_text(st, 1);
		const char *state = (const char *)sqlite3_column_text(st, 2);
		const char *version = (const char *)sqlite3_column_text(st, 3);
		int64_t date = sqlite3_column_int64(st, 4);

		id = sqlite3_column_int64(st, 0);
		*existed = true;
		if (!had_source || strcmp(had_source, source) != 0)
			rc =
			    err_set(e, ERR_CONFLICT,
			            "bulletin reference '%s' is already "
			            "used by a bulletin of source '%s'",
			            b->reference, had_source ? had_source : "");
		else if (!state || strcmp(state, "synced") != 0 ||
		         !is_newer(b, version, date))
			rc = 1; /* kept: the analyst's, or as new already */
		else
			rc = 0;
		sqlite3_reset(st);
		if (rc)
			return rc < 0 ? rc : 0;
	} else {
		sqlite3_reset(st);
		if (step != SQLITE_DONE)
			return store_db_err(s, e, "cannot look up bulletin");
	}
	is_new = id == 0;
	if (!(st = store_stmt(s, is_new ? sql_import_insert : sql_import_update,
	                      e)))
		return ERR_DB;
	sqlite3_bind_int64(st, 1, id);
	bind_row(st, b, now);
	sqlite3_bind_int64(st, 14, b->meta.version);
	store_bind_text(st, 15, b->tracking_version);
	store_bind_int(st, 16, b->tracking_date, true);
	store_bind_text(st, 17, source);
	store_bind_text(st, 18, b->reference);
	store_bind_text(st, 19, b->meta.remote_id);
	if ((rc = store_step_done(s, st, "cannot store bulletin", e)))
		return rc;
	b->meta.id = is_new ? store_last_id(s) : id;
	if ((rc = list_put(s, &cve_sql, b->meta.id, &b->cve_ids, e)) ||
	    (rc = put_parts(s, b, b->meta.id, e)) ||
	    (rc = store_exposure_vex_update(s, b, e)))
		return rc;
	*changed = true;
	return 0;
}
