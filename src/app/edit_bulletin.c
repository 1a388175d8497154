/*
 * Writing bulletins: see include/centinela/app/bulletin_edit.h.
 *
 * Every edit but create runs through one function (run): begin the
 * transaction, read the whole bulletin, refuse one in conflict (and one
 * that is final, but for revise), let the verb change it in memory while
 * it notes what changed (the audit detail and the outbox fields), then
 * check the result with the model, write it, queue, audit and commit.
 */
#include "centinela/app/bulletin_edit.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/outbox_edit.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/audit.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/edit.h"
#include "centinela/store/store.h"
#include "edit_internal.h"

#define TITLE_MAX 500  /* bytes of a title */
#define FIELD_MAX 2000 /* bytes of a URL, name or short text */

/* What one edit changed: the audit detail and the neutral fields. */
struct change {
	struct strbuf audit;          /* "tlp: amber -> green; ..." */
	struct outbox_fields *fields; /* the changed members */
	size_t n;                     /* changes noted */
	int64_t now;                  /* the edit's time */
};

/* Note a change: "what" in the audit detail. */
static void
noted(struct change *c, const char *what)
{
	strbuf_addf(&c->audit, "%s%s", c->n++ ? "; " : "", what);
}

static void
noted_text(struct change *c, const char *field, const char *v)
{
	struct strbuf sb;
	char *ex = v ? edit_excerpt(v, 60) : xstrdup("-");

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: %s", field, ex);
	noted(c, sb.buf);
	outbox_fields_text(c->fields, field, v);
	strbuf_release(&sb);
	free(ex);
}

/* Refuse a bulletin in conflict with its source. */
static int
check_loaded(const struct bulletin *b, struct err *e)
{
	if (b->meta.local_state == LOCAL_CONFLICT)
		return err_set(e, ERR_CONFLICT,
		               "bulletin %s is in conflict with source '%s'; "
		               "keep yours or take the server's first",
		               b->reference, b->meta.source);
	return 0;
}

typedef int (*edit_fn)(struct app *app, struct bulletin *b, struct change *c,
                       const void *arg, struct err *e);

/*
 * The edit verb ("set", ...) of ref by fn with arg; is_final_ok: fn may
 * change a final bulletin (revise).
 */
static int
run(struct app *app, const char *ref, const char *verb, edit_fn fn,
    const void *arg, bool is_final_ok, struct edit_result *res, struct err *e)
{
	struct bulletin b;
	struct change c;
	const char *target;
	char *action = xasprintf("bulletin.%s", verb);
	char *what = xasprintf("bulletin %s", verb);
	int rc;

	bulletin_init(&b);
	strbuf_init(&c.audit);
	c.fields = outbox_fields_new();
	c.n = 0;
	c.now = time_now();
	if ((rc = edit_begin(app, what, e)))
		goto out;
	if ((rc = store_bulletin_get(app->store, ref, &b, e)) ||
	    (rc = check_loaded(&b, e)) ||
	    (!is_final_ok && (rc = bulletin_check_editable(&b, e))) ||
	    (rc = fn(app, &b, &c, arg, e)))
		goto out;
	if (!c.n)
		goto out;
	target = store_outbox_target(b.meta.source);
	if ((rc = store_bulletin_write(app->store, &b, c.now, e)) ||
	    (rc =
	         edit_queue(app, target, OUTBOX_BULLETIN, b.meta.id,
	                    OUTBOX_UPDATE, c.fields, b.meta.version, res, e)) ||
	    (rc = store_audit_append(app->store, edit_actor(app), action,
	                             "bulletin", b.reference, c.audit.buf, e)))
		goto out;
	edit_result_line(res, b.reference, c.audit.buf);
out:
	rc = edit_finish(app, rc, e);
	bulletin_release(&b);
	strbuf_release(&c.audit);
	outbox_fields_free(c.fields);
	free(action);
	free(what);
	return rc;
}

/* ---- create ---- */

static int
parse_tlp(const char *v, enum tlp *out, struct err *e)
{
	if (tlp_parse(v, out))
		return err_set(e, ERR_USAGE,
		               "unknown TLP '%s' (known: clear, green, amber, "
		               "amber+strict, red)",
		               v);
	return 0;
}

static int
parse_severity(const char *v, enum severity *out, struct err *e)
{
	if (severity_parse(v, out))
		return err_set(e, ERR_USAGE,
		               "unknown severity '%s' (known: info, low, "
		               "medium, high, critical)",
		               v);
	return 0;
}

static int
parse_category(const char *v, enum bulletin_category *out, struct err *e)
{
	if (bulletin_category_parse(v, out))
		return err_set(e, ERR_USAGE,
		               "unknown category '%s' (known: "
		               "csaf_security_advisory, "
		               "csaf_informational_advisory, csaf_vex)",
		               v);
	return 0;
}

static int
check_cve(const char *v, struct err *e)
{
	if (!cve_id_valid(v))
		return err_set(e, ERR_USAGE,
		               "'%s' is not a CVE id (CVE-YYYY-NNNN)", v);
	return 0;
}

static void split_list(const char *v, struct strvec *sv);

/* The fields of a new bulletin, for its create. */
static struct outbox_fields *
create_fields(const struct bulletin *b)
{
	struct outbox_fields *f = outbox_fields_new();

	outbox_fields_text(f, "reference", b->reference);
	outbox_fields_text(f, "title", b->title);
	outbox_fields_text(f, "status", bulletin_status_name(b->status));
	outbox_fields_text(f, "category", bulletin_category_name(b->category));
	outbox_fields_text(f, "tlp", tlp_name(b->tlp));
	outbox_fields_text(f, "severity", severity_name(b->severity));
	outbox_fields_text(f, "author", b->author);
	outbox_fields_list(f, "cves");
	for (size_t i = 0; i < b->cve_ids.n; i++)
		outbox_fields_list_add(f, "cves", b->cve_ids.v[i]);
	if (b->sectors.n) {
		outbox_fields_list(f, "sectors");
		for (size_t i = 0; i < b->sectors.n; i++)
			outbox_fields_list_add(f, "sectors", b->sectors.v[i]);
	}
	if (b->organizations.n) {
		outbox_fields_list(f, "organizations");
		for (size_t i = 0; i < b->organizations.n; i++)
			outbox_fields_list_add(f, "organizations",
			                       b->organizations.v[i]);
	}
	return f;
}

int
edit_bulletin_create(struct app *app, const struct bulletin_new *nb,
                     struct edit_result *res, struct err *e)
{
	const char *prefix = app->reference_prefix && *app->reference_prefix
	                         ? app->reference_prefix
	                         : "MX";
	struct outbox_fields *fields = NULL;
	struct bulletin_revision *r;
	struct bulletin b;
	int64_t now = time_now();
	char *detail = NULL;
	int rc;

	bulletin_init(&b);
	b.tlp = TLP_AMBER;
	if (!nb->from_cve && (!nb->title || !*nb->title))
		return err_set(e, ERR_USAGE,
		               "a new bulletin needs --title or --from CVE-ID");
	if ((nb->title && (rc = edit_check_text("the title", nb->title,
	                                        TITLE_MAX, true, e))) ||
	    (nb->from_cve && (rc = check_cve(nb->from_cve, e))) ||
	    (nb->tlp && (rc = parse_tlp(nb->tlp, &b.tlp, e))) ||
	    (nb->category &&
	     (rc = parse_category(nb->category, &b.category, e))))
		return rc;
	for (size_t i = 0; i < nb->n_cves; i++)
		if ((rc = check_cve(nb->cves[i], e)))
			return rc;
	if ((rc = edit_begin(app, "bulletin create", e)))
		goto out;
	if (nb->from_cve &&
	    (rc = store_bulletin_prefill(app->store, nb->from_cve, &b, e)))
		goto out;
	if (nb->severity && (rc = parse_severity(nb->severity, &b.severity, e)))
		goto out;
	if (nb->title)
		edit_set_str(&b.title, nb->title);
	for (size_t i = 0; i < nb->n_cves; i++)
		if (strvec_find(&b.cve_ids, nb->cves[i]) < 0)
			strvec_push(&b.cve_ids, nb->cves[i]);
	if (nb->sectors) {
		strvec_release(&b.sectors);
		strvec_init(&b.sectors);
		split_list(nb->sectors, &b.sectors);
	}
	if (nb->organizations)
		split_list(nb->organizations, &b.organizations);
	b.author = xstrdup(edit_actor(app));
	b.status = BULLETIN_DRAFT;
	r = bulletin_add_revision(&b);
	r->number = 1;
	r->date = now;
	r->summary = xstrdup("Initial version");
	if ((rc = store_bulletin_next_reference(
	         app->store, prefix, time_year_utc(now), &b.reference, e)) ||
	    (rc = store_bulletin_write(app->store, &b, now, e)))
		goto out;
	fields = create_fields(&b);
	detail =
	    xasprintf("created: %s%s%s", b.title, nb->from_cve ? "; from " : "",
	              nb->from_cve ? nb->from_cve : "");
	if ((rc = edit_queue(app, store_outbox_target(b.meta.source),
	                     OUTBOX_BULLETIN, b.meta.id, OUTBOX_CREATE, fields,
	                     0, res, e)) ||
	    (rc = store_audit_append(app->store, edit_actor(app),
	                             "bulletin.create", "bulletin", b.reference,
	                             detail, e)))
		goto out;
	edit_result_line(res, b.reference, detail);
	strvec_push(&res->refs, b.reference);
out:
	rc = edit_finish(app, rc, e);
	outbox_fields_free(fields);
	free(detail);
	bulletin_release(&b);
	return rc;
}

/* ---- set ---- */

struct set_arg {
	const char *const *names;
	const char *const *values;
	size_t n;
};

/* Split "a, b,c" into sv (blanks around items dropped; "-" or "": none). */
static void
split_list(const char *v, struct strvec *sv)
{
	const char *p = v;

	if (edit_is_clear(v))
		return;
	while (*p) {
		const char *end = strchr(p, ','), *q;

		if (!end)
			end = p + strlen(p);
		while (p < end && *p == ' ')
			p++;
		q = end;
		while (q > p && q[-1] == ' ')
			q--;
		if (q > p)
			strvec_push_take(sv, xstrndup(p, (size_t)(q - p)));
		p = *end ? end + 1 : end;
	}
}

static bool
strvec_same(const struct strvec *a, const struct strvec *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (strvec_find(b, a->v[i]) < 0)
			return false;
	return true;
}

/* Set the list field name of b to v; notes the change. */
static void
set_list(struct change *c, const char *name, struct strvec *field,
         const char *v)
{
	struct strvec want;
	struct strbuf sb;

	strvec_init(&want);
	split_list(v, &want);
	if (strvec_same(&want, field)) {
		strvec_release(&want);
		return;
	}
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: ", name);
	outbox_fields_list(c->fields, name);
	for (size_t i = 0; i < want.n; i++) {
		strbuf_addf(&sb, "%s%s", i ? ", " : "", want.v[i]);
		outbox_fields_list_add(c->fields, name, want.v[i]);
	}
	if (!want.n)
		strbuf_adds(&sb, "-");
	noted(c, sb.buf);
	strbuf_release(&sb);
	strvec_release(field);
	*field = want;
}

/* Set the text field name to v ("" or "-" clear it unless is_required). */
static int
set_text(struct change *c, const char *name, char **field, const char *v,
         size_t max, bool is_one_line, bool is_required, struct err *e)
{
	int rc;

	if (edit_is_clear(v)) {
		if (is_required)
			return err_set(e, ERR_USAGE, "the %s cannot be empty",
			               name);
		v = "";
	} else if ((rc = edit_check_text(name, v, max, is_one_line, e))) {
		return rc;
	}
	if (edit_str_eq(*field, v))
		return 0;
	edit_set_str(field, v);
	noted_text(c, name, *field);
	return 0;
}

/* Note an enum field's move "name: from -> to". */
static void
noted_move(struct change *c, const char *name, const char *from, const char *to)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: %s -> %s", name, from, to);
	noted(c, sb.buf);
	outbox_fields_text(c->fields, name, to);
	strbuf_release(&sb);
}

static int
set_one(struct bulletin *b, struct change *c, const char *name, const char *v,
        struct err *e)
{
	int rc;

	if (strcmp(name, "title") == 0)
		return set_text(c, "title", &b->title, v, TITLE_MAX, true, true,
		                e);
	if (strcmp(name, "summary") == 0)
		return set_text(c, "summary", &b->summary, v, EDIT_NOTE_MAX,
		                false, false, e);
	if (strcmp(name, "description") == 0)
		return set_text(c, "description", &b->body, v, EDIT_NOTE_MAX,
		                false, false, e);
	if (strcmp(name, "tlp") == 0) {
		enum tlp t;

		if ((rc = parse_tlp(v, &t, e)))
			return rc;
		if (t != b->tlp)
			noted_move(c, "tlp", tlp_name(b->tlp), tlp_name(t));
		b->tlp = t;
		return 0;
	}
	if (strcmp(name, "severity") == 0) {
		enum severity s;

		if ((rc = parse_severity(v, &s, e)))
			return rc;
		if (s != b->severity)
			noted_move(c, "severity", severity_name(b->severity),
			           severity_name(s));
		b->severity = s;
		return 0;
	}
	if (strcmp(name, "category") == 0) {
		enum bulletin_category k;

		if ((rc = parse_category(v, &k, e)))
			return rc;
		if (k != b->category)
			noted_move(c, "category",
			           bulletin_category_name(b->category),
			           bulletin_category_name(k));
		b->category = k;
		return 0;
	}
	if (strcmp(name, "sectors") == 0) {
		set_list(c, "sectors", &b->sectors, v);
		return 0;
	}
	if (strcmp(name, "organizations") == 0) {
		set_list(c, "organizations", &b->organizations, v);
		return 0;
	}
	return err_set(e, ERR_USAGE,
	               "unknown bulletin field '%s' (known: title, tlp, "
	               "severity, category, summary, description, sectors, "
	               "organizations)",
	               name);
}

static int
do_set(struct app *app, struct bulletin *b, struct change *c, const void *arg,
       struct err *e)
{
	const struct set_arg *a = arg;
	int rc;

	(void)app;
	for (size_t i = 0; i < a->n; i++)
		if ((rc = set_one(b, c, a->names[i], a->values[i], e)))
			return rc;
	return 0;
}

int
edit_bulletin_set(struct app *app, const char *ref, const char *const *names,
                  const char *const *values, size_t n, struct edit_result *res,
                  struct err *e)
{
	struct set_arg a = {names, values, n};

	return run(app, ref, "set", do_set, &a, false, res, e);
}

/* ---- note ---- */

struct note_arg {
	const char *kind;
	const char *text;
};

static int
do_note(struct app *app, struct bulletin *b, struct change *c, const void *arg,
        struct err *e)
{
	const struct note_arg *a = arg;
	enum bulletin_note_kind kind;
	int rc;

	(void)app;
	if (bulletin_note_parse(a->kind, &kind) ||
	    kind >= BULLETIN_NOTE_WRITTEN)
		return err_set(e, ERR_USAGE,
		               "unknown note kind '%s' (known: summary, "
		               "description, general)",
		               a->kind);
	if (!a->text || !*a->text)
		return err_set(e, ERR_USAGE, "the note is empty");
	if ((rc =
	         edit_check_text("the note", a->text, EDIT_NOTE_MAX, false, e)))
		return rc;
	if (kind == BULLETIN_NOTE_SUMMARY)
		return set_text(c, "summary", &b->summary, a->text,
		                EDIT_NOTE_MAX, false, false, e);
	if (kind == BULLETIN_NOTE_DESCRIPTION)
		return set_text(c, "description", &b->body, a->text,
		                EDIT_NOTE_MAX, false, false, e);
	bulletin_add_note(b)->text = xstrdup(a->text);
	b->notes[b->n_notes - 1].kind = BULLETIN_NOTE_GENERAL;
	outbox_fields_list_add(c->fields, "notes", a->text);
	{
		char *ex = edit_excerpt(a->text, 60);
		char *line = xasprintf("note: %s", ex);

		noted(c, line);
		free(line);
		free(ex);
	}
	return 0;
}

int
edit_bulletin_note(struct app *app, const char *ref, const char *kind,
                   const char *text, struct edit_result *res, struct err *e)
{
	struct note_arg a = {kind, text};

	return run(app, ref, "note", do_note, &a, false, res, e);
}

/* ---- add-cve ---- */

struct cves_arg {
	const char *const *cves;
	size_t n;
};

static int
do_add_cve(struct app *app, struct bulletin *b, struct change *c,
           const void *arg, struct err *e)
{
	const struct cves_arg *a = arg;
	int rc;

	(void)app;
	for (size_t i = 0; i < a->n; i++) {
		char *line;

		if ((rc = check_cve(a->cves[i], e)))
			return rc;
		if (strvec_find(&b->cve_ids, a->cves[i]) >= 0)
			continue;
		strvec_push(&b->cve_ids, a->cves[i]);
		outbox_fields_list_add(c->fields, "cves", a->cves[i]);
		line = xasprintf("cve: +%s", a->cves[i]);
		noted(c, line);
		free(line);
	}
	return 0;
}

int
edit_bulletin_add_cve(struct app *app, const char *ref, const char *const *cves,
                      size_t n, struct edit_result *res, struct err *e)
{
	struct cves_arg a = {cves, n};

	if (!n)
		return err_set(e, ERR_USAGE, "add which CVE?");
	return run(app, ref, "add-cve", do_add_cve, &a, false, res, e);
}

/* ---- add-product ---- */

/* Set the status of product pid for cve to st (replacing one there). */
static void
put_status(struct bulletin *b, const char *cve, const char *pid,
           enum bulletin_product_state st, const char *justification)
{
	struct bulletin_status_entry *x = NULL;

	for (size_t i = 0; i < b->n_statuses && !x; i++)
		if (strcmp(b->statuses[i].cve_id, cve) == 0 &&
		    strcmp(b->statuses[i].product_id, pid) == 0)
			x = &b->statuses[i];
	if (!x) {
		x = bulletin_add_status(b);
		x->cve_id = xstrdup(cve);
		x->product_id = xstrdup(pid);
	}
	x->state = st;
	free(x->justification);
	x->justification = xstrdup_or_null(justification);
}

static int
do_add_product(struct app *app, struct bulletin *b, struct change *c,
               const void *arg, struct err *e)
{
	const struct bulletin_product_spec *p = arg;
	struct bulletin_product want;
	enum bulletin_product_state st = BULLETIN_KNOWN_AFFECTED;
	const char *pid;
	struct strbuf sb;
	long at;
	int rc = 0;

	(void)app;
	if (p->status && bulletin_product_state_parse(p->status, &st))
		return err_set(e, ERR_USAGE,
		               "unknown product status '%s' (known: "
		               "known_affected, fixed, known_not_affected, "
		               "under_investigation)",
		               p->status);
	if (p->cve && strvec_find(&b->cve_ids, p->cve) < 0)
		return err_set(e, ERR_USAGE,
		               "bulletin %s does not cover %s; add it first "
		               "with 'centinela bulletin add-cve %s %s'",
		               b->reference, p->cve, b->reference, p->cve);
	if (!b->cve_ids.n)
		return err_set(e, ERR_USAGE,
		               "bulletin %s covers no CVE yet; add one first "
		               "with 'centinela bulletin add-cve'",
		               b->reference);
	memset(&want, 0, sizeof(want));
	want.cpe = p->cpe ? xstrdup(p->cpe) : NULL;
	want.purl = p->purl ? xstrdup(p->purl) : NULL;
	want.vendor = p->vendor ? xstrdup(p->vendor)
	              : p->cpe  ? bulletin_cpe_part(p->cpe, 3)
	                        : NULL;
	want.product = p->product ? xstrdup(p->product)
	               : p->cpe   ? bulletin_cpe_part(p->cpe, 4)
	                          : NULL;
	/* a CPE's version is the product's, as a vendor's document's is */
	want.version_range = p->version_range ? xstrdup(p->version_range)
	                     : p->cpe         ? bulletin_cpe_part(p->cpe, 5)
	                                      : NULL;
	{
		const char *v[] = {want.cpe, want.purl, want.vendor,
		                   want.product, want.version_range};

		for (size_t i = 0; !rc && i < sizeof(v) / sizeof(*v); i++)
			if (v[i])
				rc = edit_check_text("the product", v[i],
				                     FIELD_MAX, true, e);
	}
	strbuf_init(&sb);
	if (!rc && (at = bulletin_product_match(b, &want)) >= 0) {
		pid = b->products[at].product_id;
		free(want.cpe);
		free(want.purl);
		free(want.vendor);
		free(want.product);
		free(want.version_range);
	} else if (!rc) {
		struct bulletin_product *np = bulletin_add_product(b);

		*np = want;
		np->product_id = xasprintf("CSAFPID-%04zu", b->n_products);
		while (bulletin_product_find(b, np->product_id) !=
		       (long)b->n_products - 1) {
			free(np->product_id);
			np->product_id =
			    xasprintf("CSAFPID-%04zu-%lld", b->n_products,
			              (long long)c->now);
		}
		pid = np->product_id;
		strbuf_addf(&sb, "product: +%s", pid);
		noted(c, sb.buf);
		strbuf_reset(&sb);
	} else {
		free(want.cpe);
		free(want.purl);
		free(want.vendor);
		free(want.product);
		free(want.version_range);
		strbuf_release(&sb);
		return rc;
	}
	for (size_t i = 0; i < b->cve_ids.n; i++) {
		const char *cve = b->cve_ids.v[i];

		if (p->cve && strcmp(p->cve, cve) != 0)
			continue;
		put_status(b, cve, pid, st, p->justification);
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s %s: %s", pid, cve,
		            bulletin_product_state_name(st));
		noted(c, sb.buf);
		outbox_fields_list_add(c->fields, "product_status", sb.buf);
	}
	strbuf_release(&sb);
	/* the model checks CPE and PURL shapes and the justification */
	return bulletin_validate(b, e);
}

int
edit_bulletin_add_product(struct app *app, const char *ref,
                          const struct bulletin_product_spec *p,
                          struct edit_result *res, struct err *e)
{
	if (!p->cpe && !p->purl && !(p->vendor && p->product))
		return err_set(e, ERR_USAGE,
		               "name the product by --cpe, --purl, or --vendor "
		               "and --product");
	return run(app, ref, "add-product", do_add_product, p, false, res, e);
}

/* ---- remediations, references, acknowledgments ---- */

struct part_arg {
	const char *a, *b, *c, *d; /* as each verb says */
};

static int
check_url(const char *url, struct err *e)
{
	if (url && strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0)
		return err_set(e, ERR_USAGE, "'%s' is not a URL (https://...)",
		               url);
	return url ? edit_check_text("the URL", url, FIELD_MAX, true, e) : 0;
}

/* a: cve, b: kind, c: details, d: url */
static int
do_add_remediation(struct app *app, struct bulletin *b, struct change *c,
                   const void *arg, struct err *e)
{
	const struct part_arg *a = arg;
	struct bulletin_remediation *r;
	enum bulletin_remediation_kind kind;
	char *line;
	int rc;

	(void)app;
	if (bulletin_remediation_parse(a->b, &kind) ||
	    kind >= BULLETIN_REMEDIATION_WRITTEN)
		return err_set(e, ERR_USAGE,
		               "unknown remediation '%s' (known: vendor_fix, "
		               "workaround, mitigation)",
		               a->b ? a->b : "");
	if (!a->c || !*a->c)
		return err_set(e, ERR_USAGE, "a remediation needs --details");
	if ((rc = edit_check_text("the details", a->c, EDIT_NOTE_MAX, false,
	                          e)) ||
	    (rc = check_url(a->d, e)))
		return rc;
	if (!a->a || strvec_find(&b->cve_ids, a->a) < 0)
		return err_set(e, ERR_USAGE,
		               "bulletin %s does not cover '%s' (its CVEs: "
		               "centinela show %s)",
		               b->reference, a->a ? a->a : "", b->reference);
	r = bulletin_add_remediation(b);
	r->cve_id = xstrdup(a->a);
	r->kind = kind;
	r->details = xstrdup(a->c);
	r->url = xstrdup_or_null(a->d);
	line = xasprintf("remediation: %s %s", a->a, a->b);
	noted(c, line);
	outbox_fields_list_add(c->fields, "remediations", line + 13);
	free(line);
	return 0;
}

int
edit_bulletin_add_remediation(struct app *app, const char *ref, const char *cve,
                              const char *kind, const char *details,
                              const char *url, struct edit_result *res,
                              struct err *e)
{
	struct part_arg a = {cve, kind, details, url};

	return run(app, ref, "add-remediation", do_add_remediation, &a, false,
	           res, e);
}

/* a: url, b: summary */
static int
do_add_reference(struct app *app, struct bulletin *b, struct change *c,
                 const void *arg, struct err *e)
{
	const struct part_arg *a = arg;
	struct bulletin_link *l;
	char *line;
	int rc;

	(void)app;
	if (!a->a || !a->b || !*a->b)
		return err_set(e, ERR_USAGE,
		               "a reference needs a URL and a "
		               "--summary");
	if ((rc = check_url(a->a, e)) ||
	    (rc = edit_check_text("the summary", a->b, FIELD_MAX, true, e)))
		return rc;
	for (size_t i = 0; i < b->n_links; i++)
		if (strcmp(b->links[i].url, a->a) == 0)
			return 0;
	l = bulletin_add_link(b);
	l->url = xstrdup(a->a);
	l->summary = xstrdup(a->b);
	line = xasprintf("reference: %s", a->a);
	noted(c, line);
	outbox_fields_list_add(c->fields, "references", a->a);
	free(line);
	return 0;
}

int
edit_bulletin_add_reference(struct app *app, const char *ref, const char *url,
                            const char *summary, struct edit_result *res,
                            struct err *e)
{
	struct part_arg a = {url, summary, NULL, NULL};

	return run(app, ref, "add-reference", do_add_reference, &a, false, res,
	           e);
}

/* a: name, b: organization, c: summary */
static int
do_add_ack(struct app *app, struct bulletin *b, struct change *c,
           const void *arg, struct err *e)
{
	const struct part_arg *a = arg;
	struct bulletin_ack *k;
	char *line;
	int rc = 0;

	(void)app;
	if (!a->a && !a->b)
		return err_set(e, ERR_USAGE,
		               "an acknowledgment needs --name "
		               "or --organization");
	{
		const char *v[] = {a->a, a->b, a->c};

		for (size_t i = 0; !rc && i < sizeof(v) / sizeof(*v); i++)
			if (v[i])
				rc = edit_check_text("the acknowledgment", v[i],
				                     FIELD_MAX, true, e);
	}
	if (rc)
		return rc;
	k = bulletin_add_ack(b);
	k->name = xstrdup_or_null(a->a);
	k->organization = xstrdup_or_null(a->b);
	k->summary = xstrdup_or_null(a->c);
	line = xasprintf("acknowledgment: %s", a->a ? a->a : a->b);
	noted(c, line);
	outbox_fields_list_add(c->fields, "acknowledgments", line + 16);
	free(line);
	return 0;
}

int
edit_bulletin_add_ack(struct app *app, const char *ref, const char *name,
                      const char *organization, const char *summary,
                      struct edit_result *res, struct err *e)
{
	struct part_arg a = {name, organization, summary, NULL};

	return run(app, ref, "add-ack", do_add_ack, &a, false, res, e);
}

/* ---- review, status, revise ---- */

static int
do_review(struct app *app, struct bulletin *b, struct change *c,
          const void *arg, struct err *e)
{
	const char *me = edit_actor(app);

	(void)arg;
	if (b->author && strcmp(b->author, me) == 0)
		return err_set(e, ERR_INVALID,
		               "bulletin %s was written by %s, who cannot "
		               "review it; a second analyst must (-c 'set "
		               "analyst NAME')",
		               b->reference, me);
	if (b->reviewer && strcmp(b->reviewer, me) == 0)
		return 0;
	edit_set_str(&b->reviewer, me);
	b->reviewed_at = c->now;
	noted_text(c, "reviewer", me);
	return 0;
}

int
edit_bulletin_review(struct app *app, const char *ref, struct edit_result *res,
                     struct err *e)
{
	return run(app, ref, "review", do_review, NULL, false, res, e);
}

static int
do_status(struct app *app, struct bulletin *b, struct change *c,
          const void *arg, struct err *e)
{
	enum bulletin_status to;
	int rc;

	if (bulletin_status_parse(arg, &to))
		return err_set(e, ERR_USAGE,
		               "unknown bulletin status '%s' (known: draft, "
		               "interim, final)",
		               (const char *)arg);
	if ((rc = bulletin_status_check(b->reference, b->status, to, e)))
		return rc;
	if (to == b->status)
		return 0;
	if (to == BULLETIN_FINAL && !b->reviewer &&
	    (!app->bulletin_review ||
	     strcmp(app->bulletin_review, "optional") != 0))
		return err_set(e, ERR_INVALID,
		               "bulletin %s has not been reviewed: a second "
		               "analyst runs 'centinela bulletin review %s' "
		               "first (or 'set bulletin.review optional')",
		               b->reference, b->reference);
	if (to == BULLETIN_FINAL) {
		if (!b->published_at)
			b->published_at = c->now;
		/* the release of the latest revision */
		if (b->n_revisions &&
		    b->revisions[b->n_revisions - 1].date < c->now)
			b->revisions[b->n_revisions - 1].date = c->now;
	}
	noted_move(c, "status", bulletin_status_name(b->status),
	           bulletin_status_name(to));
	b->status = to;
	return 0;
}

int
edit_bulletin_status(struct app *app, const char *ref, const char *status,
                     struct edit_result *res, struct err *e)
{
	if (!status)
		return err_set(e, ERR_USAGE,
		               "which status? draft, interim or "
		               "final");
	/* a final bulletin's own status: bulletin_status_check says why not */
	return run(app, ref, "status", do_status, status, true, res, e);
}

static int
do_revise(struct app *app, struct bulletin *b, struct change *c,
          const void *arg, struct err *e)
{
	struct bulletin_revision *r;
	char *line;
	int rc;

	(void)app;
	if (b->status != BULLETIN_FINAL)
		return err_set(e, ERR_INVALID,
		               "bulletin %s is %s: it changes as it is; only a "
		               "final bulletin takes a new revision",
		               b->reference, bulletin_status_name(b->status));
	if ((rc = edit_check_text("the summary", arg, FIELD_MAX, true, e)))
		return rc;
	r = bulletin_add_revision(b);
	r->number = (int64_t)b->n_revisions;
	r->date = c->now;
	r->summary = xstrdup(arg);
	b->status = BULLETIN_INTERIM;
	edit_set_str(&b->reviewer, NULL);
	b->reviewed_at = 0;
	line = xasprintf("revision %lld: %s; status: final -> interim",
	                 (long long)r->number, r->summary);
	noted(c, line);
	outbox_fields_int(c->fields, "revision", r->number);
	outbox_fields_text(c->fields, "revision_summary", r->summary);
	outbox_fields_text(c->fields, "status", "interim");
	free(line);
	return 0;
}

int
edit_bulletin_revise(struct app *app, const char *ref, const char *summary,
                     struct edit_result *res, struct err *e)
{
	if (!summary || !*summary)
		return err_set(e, ERR_USAGE,
		               "a new revision needs --summary TEXT (what "
		               "changes)");
	return run(app, ref, "revise", do_revise, summary, true, res, e);
}
