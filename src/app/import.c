/*
 * Import of a file into the store: see include/centinela/app/import.h.
 *
 * The steps, inside one immediate transaction: read the file a page at a
 * time (the JSON of alerts and incidents through feed_stream, so that
 * memory does not grow with the file, parsed by a thread of its own,
 * import_ahead.c, while this one writes; the rows of a CSV file, whose
 * bytes are held whole; the KEV catalog as one page, as its count must
 * match its entries; an NVD answer or feed file streamed as alerts are),
 * and for each page resolve each object's references, flag duplicates
 * within the file (against every key of the file so far, kept in the
 * store's key set rather than in memory), and upsert the good objects
 * while no row is bad. At the end either roll back (bad rows,
 * all-or-nothing) or append one audit entry and commit. Inserted rows are told
 * from updated ones by the table's row count before and after, which is
 * exact because the transaction holds the write lock.
 */
#include "centinela/app/import.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/feed/inventory_csv.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/audit.h"
#include "centinela/store/epss.h"
#include "centinela/store/incident.h"
#include "centinela/store/keyset.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "centinela/store/vulnerability.h"
#include "centinela/sync/apply.h"
#include "import_internal.h"

/* The kinds; the last names the kind, not the driver (feed_nvd_ops). */
static const char *const kind_names[] = {
    "organizations", "assets", "alerts", "incidents",
    "kev",           "epss",   "nvd", /* not a driver */
    "csaf",
};

/* Singular nouns, for "duplicate asset 'x'". */
static const char *const kind_nouns[] = {
    "organization",  "asset", "alert",         "incident",
    "vulnerability", "score", "vulnerability", "bulletin",
};

/* The listable table of a kind; KEV rows are counted by the store. */
static const enum store_entity kind_entities[] = {
    STORE_ORGANIZATIONS, STORE_ASSETS,       STORE_ALERTS,
    STORE_INCIDENTS,     STORE_ENTITY_COUNT, STORE_ENTITY_COUNT,
    STORE_ENTITY_COUNT,  STORE_BULLETINS,
};

/* The adapter and resource of the JSON kinds. */
const struct import_json import_json[] = {
    {NULL, NULL},
    {NULL, NULL},
    {&feed_centinela_ops, "alerts"},
    {&feed_centinela_ops, "incidents"},
    {&feed_kev_ops, "kev"},
    {&feed_epss_ops, "epss"},
    {&feed_nvd_ops, "cves"},
    {&feed_csaf_ops, "csaf"},
};
_Static_assert(sizeof(import_json) / sizeof(import_json[0]) ==
                   IMPORT_KIND_COUNT,
               "one JSON adapter entry per import kind");

bool
import_is_streamed(enum import_kind kind)
{
	return kind == IMPORT_ALERTS || kind == IMPORT_INCIDENTS ||
	       kind == IMPORT_NVD;
}

const char *
import_kind_name(enum import_kind kind)
{
	return (unsigned)kind < IMPORT_KIND_COUNT ? kind_names[kind] : "?";
}

int
import_kind_parse(const char *s, enum import_kind *out, struct err *e)
{
	struct strbuf known;
	int rc;

	for (int k = 0; s && k < IMPORT_KIND_COUNT; k++) {
		if (strcasecmp(s, kind_names[k]) == 0) {
			*out = (enum import_kind)k;
			return 0;
		}
	}
	strbuf_init(&known);
	for (int k = 0; k < IMPORT_KIND_COUNT; k++)
		strbuf_addf(&known, "%s%s", k ? ", " : "", kind_names[k]);
	rc = err_set(e, ERR_USAGE, "unknown import kind '%s' (known: %s)",
	             s ? s : "", known.buf);
	strbuf_release(&known);
	return rc;
}

/*
 * The write-ahead log an import lets grow before a commit waits for its
 * checkpoint (store_checkpoint_behind): 256 MiB of pages. A group of ten
 * NVD files commits 14,000 to 33,000 pages, and the checkpoint a commit
 * waits for copies and syncs its group's pages, most of a second: under
 * this limit the writer waits after every second or third group, and the
 * checkpoints of the others run beside the import (an NVD catalog of
 * 250,000 CVEs: 4 waits, 3 s, where 64 MiB made 12, 8 to 9 s).
 */
#define IMPORT_WAL_FRAMES 65536

/* One bad row: where it is (for ordering) and the full message. */
struct problem {
	size_t pos;    /* line (CSV) or item index (JSON) */
	size_t seq;    /* order of discovery, to keep sorting stable */
	char *message; /* "FILE:LINE: reason" (owned) */
};

/* Objects applied at once (a page) of a CSV file. */
#define IMPORT_PAGE 1000

struct job {
	struct store *s;          /* the store written to (borrowed) */
	enum import_kind kind;    /* what is imported */
	const char *path;         /* file as given, for messages */
	bool is_csv;              /* CSV (lines) or JSON (items) */
	bool is_lines;            /* a document of lines (EPSS's CSV): item
	                             i is line i + 1 */
	bool skip_invalid;        /* write the good rows of a bad file */
	struct feed_batch batch;  /* parsed objects of the page */
	size_t n;                 /* objects of the kind in batch */
	const size_t *items;      /* their positions in the file */
	bool *is_bad;             /* per object: rejected (owned array) */
	struct problem *problems; /* bad rows of the file (owned array) */
	size_t n_problems;        /* entries in problems */
	struct strvec sectors;    /* known sector codes */
	size_t rows;              /* rows or items read, good and bad */
	size_t good;              /* good objects written */
	size_t changed;           /* of them, those that changed a row */
	size_t retired;           /* CVEs that left the KEV catalog */
	struct sha256 *sha;       /* digest of the file's bytes so far, of
	                             a file read whole (NULL: streamed) */
	char digest[SHA256_HEX_LEN + 1]; /* that digest, once read */
};

/* What the file is made of: rows (of a CSV) or items (of JSON). */
static const char *
unit_noun(const struct job *j, bool is_plural)
{
	if (j->is_csv || j->is_lines)
		return is_plural ? "rows" : "row";
	return is_plural ? "items" : "item";
}

/* The "FILE:LINE" or "FILE: item N (\"id\": \"x\")" of object i. */
static void
object_label(const struct job *j, size_t i, struct strbuf *out)
{
	const struct feed_batch *b = &j->batch;
	const char *key = "id", *value = NULL;
	const char *name_key = NULL, *name = NULL;

	if (j->is_csv) {
		strbuf_addf(out, "%s:%zu", j->path, j->items[i]);
		return;
	}
	if (j->is_lines) {
		strbuf_addf(out, "%s:%zu", j->path, j->items[i] + 1);
		return;
	}
	/* Without a remote id, an object is named by its name, title or ref. */
	switch (j->kind) {
	case IMPORT_ORGANIZATIONS:
		value = b->organizations[i].meta.remote_id;
		name_key = "name";
		name = b->organizations[i].name;
		break;
	case IMPORT_ASSETS:
		value = b->assets[i].meta.remote_id;
		name_key = "name";
		name = b->assets[i].name;
		break;
	case IMPORT_ALERTS:
		value = b->alerts[i].meta.remote_id;
		name_key = "title";
		name = b->alerts[i].title;
		break;
	case IMPORT_INCIDENTS:
		value = b->incidents[i].meta.remote_id;
		name_key = "reference";
		name = b->incidents[i].reference;
		break;
	case IMPORT_KEV:
		/* Named as the adapter names its items. */
		key = "cveID";
		value = b->vulnerabilities[i].cve_id;
		break;
	case IMPORT_EPSS:
		key = "cve";
		value = b->epss[i].cve_id;
		break;
	case IMPORT_NVD:
		key = "id";
		value = b->vulnerabilities[i].cve_id;
		break;
	case IMPORT_CSAF:
		key = "id";
		value = b->bulletins[i].reference;
		break;
	case IMPORT_KIND_COUNT:
		break;
	}
	if (!value && name_key) {
		key = name_key;
		value = name;
	}
	strbuf_addf(out, "%s: ", j->path);
	feed_item_label(out, j->items[i], key, value);
}

static void
add_problem_take(struct job *j, size_t pos, char *message)
{
	j->problems =
	    xreallocarray(j->problems, j->n_problems + 1, sizeof(*j->problems));
	j->problems[j->n_problems].pos = pos;
	j->problems[j->n_problems].seq = j->n_problems;
	j->problems[j->n_problems].message = message;
	j->n_problems++;
}

/* Reject object i with a reason (printf format). */
static void __attribute__((format(printf, 3, 4)))
reject(struct job *j, size_t i, const char *fmt, ...)
{
	struct strbuf sb;
	va_list ap;

	if (j->is_bad[i])
		return;
	j->is_bad[i] = true;
	strbuf_init(&sb);
	object_label(j, i, &sb);
	strbuf_adds(&sb, ": ");
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	add_problem_take(j, j->items[i], strbuf_detach(&sb, NULL));
}

static int
cmp_problem(const void *x, const void *y)
{
	const struct problem *a = x, *b = y;

	if (a->pos != b->pos)
		return a->pos < b->pos ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* s quoted for a message, into scratch. */
static const char *
q(struct strbuf *scratch, const char *s)
{
	strbuf_reset(scratch);
	feed_quote(scratch, s);
	return scratch->buf;
}

/*
 * Note key (tag, a, b) of object i, rejecting i when an earlier object of
 * the file has it; < 0 only for a store failure.
 */
static int
check_key(struct job *j, size_t i, const char *tag, const char *a,
          const char *b, const char *shown, struct err *e)
{
	struct strbuf key, sc;
	int64_t first = 0;
	int rc;

	strbuf_init(&key);
	/* Unit separators keep "a/b" + "c" apart from "a" + "b/c". */
	strbuf_addf(&key, "%s\x1f%s\x1f%s", tag, a, b ? b : "");
	rc = store_keyset_add(j->s, key.buf, (int64_t)j->items[i], &first, e);
	strbuf_release(&key);
	if (rc <= 0)
		return rc;
	strbuf_init(&sc);
	if (j->is_csv || j->is_lines)
		reject(j, i, "duplicate %s %s (first on line %lld)",
		       kind_nouns[j->kind], q(&sc, shown),
		       (long long)first + j->is_lines);
	else
		reject(j, i, "duplicate %s %s (first as item %lld)",
		       kind_nouns[j->kind], q(&sc, shown),
		       (long long)first + 1);
	strbuf_release(&sc);
	return 0;
}

/*
 * Reject every object that has the same identity as an earlier object of
 * the file (of this page or of an earlier one): the second would silently
 * overwrite the first. < 0 only for a store failure.
 */
static int
check_duplicates(struct job *j, size_t i, struct err *e)
{
	struct feed_batch *b = &j->batch;
	const char *rid = NULL;
	struct strbuf num;
	int rc = 0;

	if (j->is_bad[i])
		return 0;
	switch (j->kind) {
	case IMPORT_ORGANIZATIONS:
		rid = b->organizations[i].meta.remote_id;
		if (!rid)
			rc = check_key(j, i, "name", b->organizations[i].name,
			               NULL, b->organizations[i].name, e);
		break;
	case IMPORT_ASSETS:
		rid = b->assets[i].meta.remote_id;
		if (!rid) {
			strbuf_init(&num);
			strbuf_addf(&num, "%lld",
			            (long long)b->assets[i].organization_id);
			rc = check_key(j, i, "name", num.buf, b->assets[i].name,
			               b->assets[i].name, e);
			strbuf_release(&num);
		}
		break;
	case IMPORT_ALERTS:
		rid = b->alerts[i].meta.remote_id;
		break;
	case IMPORT_INCIDENTS:
		rid = b->incidents[i].meta.remote_id;
		break;
	case IMPORT_KEV:
	case IMPORT_NVD:
		rid = b->vulnerabilities[i].cve_id;
		break;
	case IMPORT_EPSS:
		rid = b->epss[i].cve_id;
		break;
	case IMPORT_CSAF:
		rid = b->bulletins[i].reference;
		break;
	case IMPORT_KIND_COUNT:
		break;
	}
	/*
	 * Every key is noted, as the second may be another object's first;
	 * the id first, whose message wins when both are taken.
	 */
	if (!rc && rid)
		rc = check_key(j, i, "id", rid, NULL, rid, e);
	if (!rc && j->kind == IMPORT_INCIDENTS)
		rc = check_key(j, i, "reference", b->incidents[i].reference,
		               NULL, b->incidents[i].reference, e);
	return rc;
}

static int
count_rows(struct job *j, int64_t *n, struct err *e)
{
	struct store_list_opts o;

	if ((unsigned)j->kind >= IMPORT_KIND_COUNT)
		return err_set(e, ERR_INVALID, "unknown import kind");
	if (j->kind == IMPORT_KEV || j->kind == IMPORT_NVD)
		return store_vulnerability_count(j->s, n, e);
	if (j->kind == IMPORT_EPSS)
		return store_epss_count(j->s, n, e);
	store_list_opts_init(&o);
	return store_count(j->s, kind_entities[j->kind], &o, n, e);
}

/* The applier's hooks (sync_apply_policy) for a job. */

static void
hook_reject(void *ctx, size_t i, const char *reason)
{
	reject(ctx, i, "%s", reason);
}

/* A reference an earlier incident of the file holds: a duplicate. */
static int
hook_holds_reference(void *ctx, const char *reference, struct err *e)
{
	struct job *j = ctx;
	struct strbuf key;
	int rc;

	strbuf_init(&key);
	strbuf_addf(&key, "reference\x1f%s\x1f", reference);
	rc = store_keyset_find(j->s, key.buf, NULL, e);
	strbuf_release(&key);
	return rc;
}

/*
 * After the references of object i resolved: an asset given no sector is
 * in its owner's; then the duplicates within the file.
 */
static int
hook_check(void *ctx, size_t i, struct err *e)
{
	struct job *j = ctx;
	int rc;

	if (j->kind == IMPORT_ASSETS && !j->batch.assets[i].sector) {
		struct asset *a = &j->batch.assets[i];
		struct organization org;

		organization_init(&org);
		rc = store_organization_get(j->s, a->organization_id, &org, e);
		if (rc == 0)
			a->sector = xstrdup(org.sector);
		organization_release(&org);
		if (rc < 0)
			return rc;
	}
	rc = check_duplicates(j, i, e);
	if (rc < 0)
		return rc;
	return j->is_bad[i];
}

static void
hook_retired(void *ctx, int64_t n)
{
	struct job *j = ctx;

	j->retired += (size_t)n;
}

/* The file's good objects are written while no row of it is bad. */
static bool
hook_may_write(void *ctx)
{
	const struct job *j = ctx;

	return !j->n_problems || j->skip_invalid;
}

static void
hook_written(void *ctx, size_t i, bool changed, int rc, struct err *e)
{
	struct job *j = ctx;
	struct strbuf label;

	j->good++;
	j->changed += changed;
	if (rc < 0) {
		strbuf_init(&label);
		object_label(j, i, &label);
		err_prefix(e, "%s", label.buf);
		strbuf_release(&label);
	}
}

/*
 * Take the objects of the kind parsed into j->batch as the page: the
 * items it could not read become problems.
 */
static void
take_page(struct job *j)
{
	struct feed_batch *b = &j->batch;

	j->rows += b->n_items;
	j->is_lines = b->is_lines;
	for (size_t k = 0; k < b->n_errors; k++) {
		struct strbuf sb;

		strbuf_init(&sb);
		/* a CSAF document is the file: named as the file is */
		if (j->kind == IMPORT_CSAF)
			strbuf_addf(&sb, "'%s': ", j->path);
		else if (!j->is_csv)
			strbuf_addf(&sb, "%s: ", j->path);
		strbuf_adds(&sb, b->errors[k].message);
		add_problem_take(j, b->errors[k].index,
		                 strbuf_detach(&sb, NULL));
	}
	j->n = 0;
	j->items = NULL;
	switch (j->kind) {
	case IMPORT_ORGANIZATIONS:
		j->n = b->n_organizations;
		j->items = b->organization_items;
		break;
	case IMPORT_ASSETS:
		j->n = b->n_assets;
		j->items = b->asset_items;
		break;
	case IMPORT_ALERTS:
		j->n = b->n_alerts;
		j->items = b->alert_items;
		break;
	case IMPORT_INCIDENTS:
		j->n = b->n_incidents;
		j->items = b->incident_items;
		break;
	case IMPORT_KEV:
	case IMPORT_NVD:
		j->n = b->n_vulnerabilities;
		j->items = b->vulnerability_items;
		break;
	case IMPORT_EPSS:
		j->n = b->n_epss;
		j->items = b->epss_items;
		break;
	case IMPORT_CSAF:
		j->n = b->n_bulletins;
		j->items = b->bulletin_items;
		break;
	case IMPORT_KIND_COUNT:
		break;
	}
	free(j->is_bad);
	j->is_bad = xcalloc(j->n ? j->n : 1, sizeof(*j->is_bad));
}

/*
 * Apply the page in j->batch with sync's applier under the reject policy:
 * resolve, check for duplicates, and write the good objects unless a row
 * of the file is bad (then the import will be rolled back, and only the
 * checks go on, to report every bad row). The page's objects stay in
 * j->batch for the caller to free (page_free). < 0 only when the store
 * fails.
 */
static int
apply_page_kept(struct job *j, struct err *e)
{
	const struct sync_apply_policy policy = {
	    .mode = SYNC_APPLY_REJECT,
	    .ctx = j,
	    .sectors = &j->sectors,
	    .reject = hook_reject,
	    .holds_reference = hook_holds_reference,
	    .check = hook_check,
	    .may_write = hook_may_write,
	    .written = hook_written,
	    .retired = hook_retired,
	};
	int rc;

	take_page(j);
	rc = sync_apply_batch_policy(j->s, RECORD_SOURCE_LOCAL, &j->batch,
	                             &policy, NULL, e);
	j->n = 0;
	j->items = NULL;
	return rc;
}

/* apply_page_kept, and the page's objects freed. */
static int
apply_page(struct job *j, struct err *e)
{
	int rc = apply_page_kept(j, e);

	feed_batch_release(&j->batch);
	return rc;
}

size_t
import_page_objects(const struct feed_batch *b)
{
	return b->n_organizations + b->n_assets + b->n_alerts + b->n_incidents +
	       b->n_vulnerabilities + b->n_epss + b->n_bulletins + b->n_errors;
}

/*
 * The JSON of alerts, incidents or NVD records, a page at a time: from
 * ahead when it reads j->path next, else from a reader of its own.
 */
static int
import_stream(struct job *j, struct import_ahead *ahead, struct err *e)
{
	struct import_ahead *own = NULL, *r = ahead;
	int rc = 0;

	if (!import_ahead_serves(ahead, j->kind, j->path)) {
		if ((rc = import_ahead_start(j->kind, &j->path, 1, &own, e)))
			return rc;
		if (!own)
			BUG("import_stream of a kind read whole");
		r = own;
	}
	while (import_ahead_next(r, &j->batch, j->digest, &rc, e)) {
		rc = apply_page_kept(j, e);
		import_ahead_give_back(r, &j->batch);
		if (rc != 0) {
			import_ahead_stop(r);
			break;
		}
	}
	import_ahead_file_done(r);
	import_ahead_free(own);
	return rc;
}

/*
 * A CSV file, held whole (at most IMPORT_CSV_MAX) but parsed and applied
 * a page of rows at a time; or the KEV catalog, one document whose count
 * must match its entries, parsed and applied whole.
 */
static int
import_whole(struct job *j, struct err *e)
{
	struct inventory_csv *csv = NULL;
	char *data = NULL;
	size_t len = 0;
	bool has_more = true;
	int rc;

	rc = fs_read_file(j->path, j->is_csv ? IMPORT_CSV_MAX : IMPORT_JSON_MAX,
	                  &data, &len, e);
	if (rc < 0)
		return rc;
	sha256_update(j->sha, data, len);
	if (!j->is_csv) {
		rc = import_json[j->kind].ops->parse(
		    data, len, import_json[j->kind].resource, &j->batch, e);
		if (rc < 0)
			err_prefix(e, "%s", j->path);
		else
			rc = apply_page(j, e);
		free(data);
		return rc;
	}
	rc = inventory_csv_open(j->kind == IMPORT_ASSETS
	                            ? INVENTORY_ASSETS
	                            : INVENTORY_ORGANIZATIONS,
	                        data, len, j->path, &j->sectors, &csv, e);
	while (rc == 0 && has_more) {
		has_more = inventory_csv_read(csv, &j->batch, IMPORT_PAGE);
		rc = apply_page(j, e);
	}
	inventory_csv_free(csv);
	free(data);
	return rc;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (strcmp(path, "-") == 0)
		return "stdin";
	return slash ? slash + 1 : path;
}

/* The counts and the audit entry, once every page is written. */
static int
finish_import(struct job *j, const char *actor, int64_t before,
              struct import_result *res, struct err *e)
{
	int64_t after = 0;
	struct strbuf detail;
	int rc;

	if ((rc = count_rows(j, &after, e)))
		return rc;
	res->inserted = after > before ? (size_t)(after - before) : 0;
	res->updated =
	    j->changed > res->inserted ? j->changed - res->inserted : 0;
	res->unchanged = j->good - res->inserted - res->updated;
	res->retired = j->retired;
	if (!res->inserted && !res->updated && !res->retired)
		return 0; /* nothing an analyst could see changed: no audit */
	strbuf_init(&detail);
	strbuf_addf(
	    &detail,
	    "%zu %s: %zu new, %zu updated, %zu unchanged, %zu skipped, sha256 %s",
	    res->rows, unit_noun(j, true), res->inserted, res->updated,
	    res->unchanged, res->invalid, res->sha256);
	if (res->retired)
		strbuf_addf(&detail, ", %zu no longer in KEV", res->retired);
	rc = store_audit_append(j->s, actor, "import", kind_names[j->kind],
	                        base_name(j->path), detail.buf, e);
	strbuf_release(&detail);
	return rc;
}

int
import_group_begin(struct app *app, struct err *e)
{
	int rc = app_check_writable(app, "import", e);

	if (rc == 0)
		rc = app_open_store(app, e);
	if (rc == 0)
		rc = store_checkpoint_behind(app->store, IMPORT_WAL_FRAMES, e);
	if (rc == 0)
		rc = store_begin(app->store, e);
	return rc;
}

int
import_group_commit(struct app *app, struct err *e)
{
	return store_commit(app->store, e);
}

void
import_group_rollback(struct app *app)
{
	if (app->store)
		store_rollback(app->store);
}

int
import_run(struct app *app, enum import_kind kind, const char *path,
           bool skip_invalid, struct import_result *res,
           struct strvec *row_errors, struct err *e)
{
	return import_run_ahead(app, NULL, kind, path, skip_invalid, res,
	                        row_errors, e);
}

int
import_run_ahead(struct app *app, struct import_ahead *ahead,
                 enum import_kind kind, const char *path, bool skip_invalid,
                 struct import_result *res, struct strvec *row_errors,
                 struct err *e)
{
	struct job j;
	struct strvec sector_names;
	bool in_tx = false, in_group;
	int64_t before = 0;
	int rc;

	memset(res, 0, sizeof(*res));
	memset(&j, 0, sizeof(j));
	feed_batch_init(&j.batch);
	strvec_init(&j.sectors);
	strvec_init(&sector_names);
	j.kind = kind;
	j.path = path;
	j.skip_invalid = skip_invalid;
	j.is_csv = kind == IMPORT_ORGANIZATIONS || kind == IMPORT_ASSETS;
	if (!import_is_streamed(kind))
		j.sha = sha256_new();
	if ((unsigned)kind >= IMPORT_KIND_COUNT) {
		rc = err_set(e, ERR_USAGE, "unknown import kind");
		goto out;
	}
	j.batch.source = RECORD_SOURCE_LOCAL;
	if (!j.is_csv)
		j.batch.max_bytes = IMPORT_JSON_MAX;
	rc = app_check_writable(app, "import", e);
	if (rc == 0)
		rc = app_open_store(app, e);
	if (rc < 0)
		goto out;
	j.s = app->store;
	/* in a group's transaction (import_group_begin): written into it */
	in_group = store_in_transaction(j.s);
	rc = in_group ? 0 : store_checkpoint_behind(j.s, IMPORT_WAL_FRAMES, e);
	if (rc == 0)
		rc = store_sector_list(j.s, &j.sectors, &sector_names, e);
	if (rc < 0)
		goto out;

	/*
	 * Resolve inside the write transaction, so that what was checked is
	 * what gets written.
	 */
	rc = in_group ? 0 : store_begin(j.s, e);
	if (rc < 0)
		goto out;
	in_tx = true;
	rc = store_keyset_reset(j.s, e);
	if (rc == 0)
		rc = count_rows(&j, &before, e);
	if (rc == 0)
		rc = import_is_streamed(kind) ? import_stream(&j, ahead, e)
		                              : import_whole(&j, e);
	if (rc < 0) {
		/* A file that cannot be read is one error, not its rows'. */
		for (size_t k = 0; k < j.n_problems; k++)
			free(j.problems[k].message);
		j.n_problems = 0;
		goto out;
	}
	if (j.sha)
		sha256_final_hex(j.sha, j.digest);
	j.sha = NULL;
	memcpy(res->sha256, j.digest, sizeof(res->sha256));
	res->rows = j.rows;
	res->invalid = j.n_problems;
	if (j.n_problems && !skip_invalid) {
		size_t good = res->rows - res->invalid;

		if (good)
			rc = err_set(
			    e, ERR_INVALID,
			    "%zu of %zu %s %s invalid; nothing was imported (use --skip-invalid to import the %zu good %s)",
			    res->invalid, res->rows, unit_noun(&j, true),
			    res->invalid == 1 ? "is" : "are", good,
			    unit_noun(&j, good != 1));
		else
			rc = err_set(
			    e, ERR_INVALID,
			    "%zu of %zu %s %s invalid; nothing was imported",
			    res->invalid, res->rows, unit_noun(&j, true),
			    res->invalid == 1 ? "is" : "are");
		goto out;
	}
	rc = finish_import(&j, app->analyst ? app->analyst : "unknown", before,
	                   res, e);
	if (rc == 0 && !in_group)
		rc = store_commit(j.s, e);
	if (rc == 0)
		in_tx = false;
out:
	/* a group's too: the caller imports its files before this again */
	if (in_tx)
		store_rollback(j.s);
	if (j.s)
		store_keyset_release(j.s);
	if (j.n_problems) {
		qsort(j.problems, j.n_problems, sizeof(*j.problems),
		      cmp_problem);
		for (size_t k = 0; k < j.n_problems; k++) {
			if (row_errors)
				strvec_push(row_errors, j.problems[k].message);
			free(j.problems[k].message);
		}
	}
	free(j.problems);
	free(j.is_bad);
	feed_batch_release(&j.batch);
	sha256_free(j.sha);
	strvec_release(&j.sectors);
	strvec_release(&sector_names);
	return rc;
}
