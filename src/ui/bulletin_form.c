/*
 * The form that writes a new bulletin: title, TLP, severity, category,
 * CVEs, sectors and organizations, checked with the model's parsers and
 * the cache as the analyst leaves each field, and created with
 * edit_bulletin_create (one transaction with its outbox and audit
 * entries), then opened in its detail. From a CVE (`b` on a CVE or an
 * exposure) the fields start as store_bulletin_prefill fills them, and
 * the create is the prefilled one (`centinela bulletin create --from`),
 * so that the description and the affected products come along.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/app.h"
#include "centinela/app/bulletin_edit.h"
#include "centinela/app/edit.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/enums.h"
#include "centinela/model/record.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/list.h"
#include "centinela/store/organization.h"
#include "centinela/store/sector.h"
#include "centinela/ui/form.h"
#include "internal.h"

/* Organizations the form offers at most. */
#define FORM_ORGANIZATIONS_MAX 50

enum bulletin_form_field {
	BF_TITLE,
	BF_TLP,
	BF_SEVERITY,
	BF_CATEGORY,
	BF_CVES,
	BF_SECTORS,
	BF_ORGANIZATIONS,
	BF_COUNT
};

static const char *const bulletin_form_labels[BF_COUNT] = {
    [BF_TITLE] = "Title",
    [BF_TLP] = "TLP",
    [BF_SEVERITY] = "Severity",
    [BF_CATEGORY] = "Category",
    [BF_CVES] = "CVEs",
    [BF_SECTORS] = "Sectors",
    [BF_ORGANIZATIONS] = "Organizations",
};

/* The items of a list field ("a, b c": commas or blanks between). */
static void
items(const char *value, struct strvec *out)
{
	const char *p = value;

	while (*p) {
		size_t n;

		p += strspn(p, ", ");
		n = strcspn(p, ",");
		while (n && p[n - 1] == ' ')
			n--;
		if (n)
			strvec_push_take(out, xstrndup(p, n));
		p += n;
		p += strcspn(p, ",");
	}
}

/* CVE ids go by blanks too: split the items again at blanks. */
static void
cve_items(const char *value, struct strvec *out)
{
	struct strvec raw;

	strvec_init(&raw);
	items(value, &raw);
	for (size_t i = 0; i < raw.n; i++) {
		const char *p = raw.v[i];

		while (*p) {
			size_t n = strcspn(p, " ");

			if (n)
				strvec_push_take(out, xstrndup(p, n));
			p += n;
			p += strspn(p, " ");
		}
	}
	strvec_release(&raw);
}

/* The first item of v that check refuses, as "what 'item' ...", or NULL. */
static char *
check_items(struct ui *ui, size_t i, const char *value)
{
	struct strvec v;
	char *msg = NULL;

	strvec_init(&v);
	if (i == BF_CVES)
		cve_items(value, &v);
	else
		items(value, &v);
	for (size_t k = 0; k < v.n && !msg; k++) {
		int64_t id;
		struct err e;

		err_clear(&e);
		if (i == BF_CVES && !cve_id_valid(v.v[k]))
			msg = xasprintf("'%s' is not a CVE id (CVE-YYYY-NNNN)",
			                v.v[k]);
		else if (i == BF_SECTORS &&
		         !store_sector_exists(ui->app->store, v.v[k]))
			msg = xasprintf("unknown sector '%s' (Up/Down: the "
			                "known ones)",
			                v.v[k]);
		else if (i == BF_ORGANIZATIONS &&
		         store_organization_find(ui->app->store,
		                                 RECORD_SOURCE_LOCAL, v.v[k],
		                                 &id, &e) == ERR_NOTFOUND)
			msg = xasprintf("unknown organization '%s' (Up/Down: "
			                "the known ones)",
			                v.v[k]);
	}
	strvec_release(&v);
	return msg;
}

static char *
check_field(void *ctx, size_t i, const char *value)
{
	struct ui *ui = ctx;
	enum severity sev;
	enum tlp tlp;
	enum bulletin_category cat;

	switch ((enum bulletin_form_field)i) {
	case BF_TITLE:
		if (!value[strspn(value, " ")])
			return xstrdup("a title is needed");
		return NULL;
	case BF_TLP:
		if (tlp_parse(value, &tlp))
			return xstrdup("expected clear, green, amber, "
			               "amber+strict or red");
		return NULL;
	case BF_SEVERITY:
		if (severity_parse(value, &sev))
			return xstrdup("expected info, low, medium, high or "
			               "critical");
		return NULL;
	case BF_CATEGORY:
		if (bulletin_category_parse(value, &cat))
			return xstrdup(
			    "expected csaf_security_advisory, "
			    "csaf_informational_advisory or csaf_vex");
		return NULL;
	case BF_CVES:
	case BF_SECTORS:
	case BF_ORGANIZATIONS:
		return check_items(ui, i, value);
	case BF_COUNT:
		break;
	}
	return NULL;
}

static void
push_prefixed(struct strvec *out, const char *head, const char *prefix,
              const char *name)
{
	if (strncasecmp(name, prefix, strlen(prefix)) == 0)
		strvec_push_take(out, xasprintf("%s%s", head, name));
}

static void
field_choices(void *ctx, size_t i, const char *prefix, struct strvec *out)
{
	struct ui *ui = ctx;
	/* a list field completes its last item, after the others */
	const char *last = strrchr(prefix, ',');
	const char *item = last ? last + 1 + strspn(last + 1, " ") : prefix;
	char *head = xstrndup(prefix, (size_t)(item - prefix));
	struct strvec v;
	struct err e;

	strvec_init(&v);
	err_clear(&e);
	switch ((enum bulletin_form_field)i) {
	case BF_TLP:
		for (int k = TLP_CLEAR; k <= TLP_RED; k++)
			push_prefixed(out, "", prefix, tlp_name(k));
		break;
	case BF_SEVERITY:
		for (int k = SEVERITY_INFO; k <= SEVERITY_CRITICAL; k++)
			push_prefixed(out, "", prefix, severity_name(k));
		break;
	case BF_CATEGORY:
		for (int k = 0; k < BULLETIN_CATEGORY_COUNT; k++)
			push_prefixed(out, "", prefix,
			              bulletin_category_name(k));
		break;
	case BF_SECTORS:
		store_sector_list(ui->app->store, &v, NULL, &e);
		for (size_t k = 0; k < v.n; k++)
			push_prefixed(out, head, item, v.v[k]);
		break;
	case BF_ORGANIZATIONS:
		store_organization_names(ui->app->store, item,
		                         FORM_ORGANIZATIONS_MAX, &v, &e);
		for (size_t k = 0; k < v.n; k++)
			push_prefixed(out, head, item, v.v[k]);
		break;
	case BF_TITLE:
	case BF_CVES:
	case BF_COUNT:
		break;
	}
	strvec_release(&v);
	free(head);
}

static int
submit_bulletin(struct ui *ui, struct err *e)
{
	const struct ui_form *f = ui->form;
	struct bulletin_new nb;
	struct edit_result res;
	struct strvec cves;
	struct bulletin b;
	char *ref = NULL;
	int rc;

	memset(&nb, 0, sizeof(nb));
	strvec_init(&cves);
	cve_items(ui_form_value(f, BF_CVES), &cves);
	nb.title = ui_form_value(f, BF_TITLE);
	nb.tlp = ui_form_value(f, BF_TLP);
	nb.severity = ui_form_value(f, BF_SEVERITY);
	nb.category = ui_form_value(f, BF_CATEGORY);
	nb.sectors = ui_form_value(f, BF_SECTORS);
	nb.organizations = ui_form_value(f, BF_ORGANIZATIONS);
	nb.cves = (const char *const *)cves.v;
	nb.n_cves = cves.n;
	/* the prefilled create, unless its CVE was taken out of the form */
	if (ui->form_arg && strvec_find(&cves, ui->form_arg) >= 0)
		nb.from_cve = ui->form_arg;
	edit_result_init(&res);
	rc = edit_bulletin_create(ui->app, &nb, &res, e);
	if (!rc && res.refs.n)
		ref = xstrdup(res.refs.v[0]);
	edit_result_release(&res);
	strvec_release(&cves);
	if (rc)
		return rc;
	ui_console_form_close(ui);
	ui_data_changed(ui);
	ui_tabs_with_rows(ui); /* the first bulletin brings its tab */
	bulletin_init(&b);
	if (ref && !(rc = store_bulletin_get(ui->app->store, ref, &b, e)))
		rc = ui_detail_open(ui, STORE_BULLETINS, b.meta.id, e);
	bulletin_release(&b);
	if (rc)
		ui_message(ui, true, "%s", e->msg);
	else
		ui_message(ui, false,
		           "created %s; E: its summary in $EDITOR, R: review "
		           "(a second analyst)",
		           ref ? ref : "bulletin");
	free(ref);
	return 0;
}

int
ui_bulletin_form_open(struct ui *ui, const char *cve, struct err *e)
{
	struct ui_form_ops ops = {ui, check_field, field_choices};
	struct bulletin b;
	struct ui_form *f;
	int rc;

	if (ui->is_too_small)
		return err_set(e, ERR_USAGE,
		               "the terminal is too small for the form");
	bulletin_init(&b);
	b.tlp = TLP_AMBER; /* edit_bulletin_create's default */
	if (cve && (rc = store_bulletin_prefill(ui->app->store, cve, &b, e))) {
		bulletin_release(&b);
		return rc;
	}
	f = ui_form_new(cve ? "New bulletin from a CVE" : "New bulletin",
	                bulletin_form_labels, BF_COUNT, &ops);
	ui_form_set_value(f, BF_TITLE, b.title ? b.title : "");
	ui_form_set_value(f, BF_TLP, tlp_name(b.tlp));
	ui_form_set_value(f, BF_SEVERITY, severity_name(b.severity));
	ui_form_set_value(f, BF_CATEGORY, bulletin_category_name(b.category));
	{
		struct strbuf sb;

		strbuf_init(&sb);
		for (size_t i = 0; i < b.cve_ids.n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", b.cve_ids.v[i]);
		ui_form_set_value(f, BF_CVES, sb.buf);
		strbuf_reset(&sb);
		for (size_t i = 0; i < b.sectors.n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", b.sectors.v[i]);
		ui_form_set_value(f, BF_SECTORS, sb.buf);
		strbuf_release(&sb);
	}
	bulletin_release(&b);
	ui_console_form_open(ui, f, submit_bulletin);
	ui->form_arg = cve ? xstrdup(cve) : NULL;
	return 0;
}
