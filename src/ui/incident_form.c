/*
 * The console's forms (ui/form.h does the editing) and the form that
 * creates an incident: title, category (RSIT), severity, TLP, PAP,
 * organization and description, checked with the model's parsers as the
 * analyst leaves each field, created with edit_incident_create (one
 * transaction with its audit entry, queued for the native source when one
 * is declared), then opened in its detail.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/app.h"
#include "centinela/app/edit.h"
#include "centinela/app/source.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/record.h"
#include "centinela/model/enums.h"
#include "centinela/model/transition.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/sync/source.h"
#include "centinela/ui/form.h"
#include "internal.h"

/* Organizations the form offers at most. */
#define FORM_ORGANIZATIONS_MAX 50

void
ui_console_form_open(struct ui *ui, struct ui_form *form,
                     int (*submit)(struct ui *ui, struct err *e))
{
	ui_console_form_close(ui);
	ui->form = form;
	ui->form_submit = submit;
	curs_set(1);
	ui->dirty = UI_DIRTY_ALL;
}

void
ui_console_form_close(struct ui *ui)
{
	struct tab *tab = ui_tab(ui);

	if (!ui->form)
		return;
	ui_form_free(ui->form);
	ui->form = NULL;
	ui->form_submit = NULL;
	free(ui->form_arg);
	ui->form_arg = NULL;
	if (ui->w_main)
		leaveok(ui->w_main, TRUE);
	curs_set(0);
	/* the list under the form is drawn again from scratch */
	if (tab && tab->is_loaded)
		ui_table_invalidate(&tab->table);
	ui->dirty = UI_DIRTY_ALL;
}

void
ui_console_form_key(struct ui *ui, int key)
{
	struct err e;

	ui->dirty |= UI_DIRTY_MAIN;
	switch (ui_form_key(ui->form, key)) {
	case UI_FORM_EDITING:
		return;
	case UI_FORM_CANCEL:
		ui_console_form_close(ui);
		ui_message(ui, false, "form cancelled: nothing created");
		return;
	case UI_FORM_SUBMIT:
		break;
	}
	err_clear(&e);
	if (ui->form_submit(ui, &e)) {
		/* kept open with everything typed, the reason under it */
		ui_form_set_message(ui->form, e.msg);
		if (e.code == ERR_CORRUPT)
			ui_audit_check(ui); /* the status bar says why */
	}
}

enum incident_form_field {
	IF_TITLE,
	IF_CATEGORY,
	IF_SEVERITY,
	IF_TLP,
	IF_PAP,
	IF_ORGANIZATION,
	IF_DESCRIPTION,
	IF_COUNT
};

static const char *const incident_form_labels[IF_COUNT] = {
    [IF_TITLE] = "Title",
    [IF_CATEGORY] = "Category (RSIT)",
    [IF_SEVERITY] = "Severity",
    [IF_TLP] = "TLP",
    [IF_PAP] = "PAP",
    [IF_ORGANIZATION] = "Organization",
    [IF_DESCRIPTION] = "Description",
};

static char *
message(const char *text)
{
	return xstrdup(text);
}

static char *
check_field(void *ctx, size_t i, const char *value)
{
	struct ui *ui = ctx;
	struct err e;
	char *cls = NULL, *type = NULL;
	int64_t id = 0;
	enum severity sev;
	enum tlp tlp;
	enum pap pap;
	int rc;

	err_clear(&e);
	switch ((enum incident_form_field)i) {
	case IF_TITLE:
		if (!value[strspn(value, " ")])
			return message("a title is needed");
		return NULL;
	case IF_CATEGORY:
		if (!*value)
			return message("a category is needed (Up/Down: the "
			               "RSIT classes)");
		rc = rsit_category_parse(value, &cls, &type, &e);
		free(cls);
		free(type);
		return rc ? message(e.msg) : NULL;
	case IF_SEVERITY:
		if (severity_parse(value, &sev))
			return message("expected info, low, medium, high or "
			               "critical");
		return NULL;
	case IF_TLP:
		if (*value && tlp_parse(value, &tlp))
			return message("expected clear, green, amber, "
			               "amber+strict or red");
		return NULL;
	case IF_PAP:
		if (*value && pap_parse(value, &pap))
			return message("expected clear, green, amber or red");
		return NULL;
	case IF_ORGANIZATION:
		if (!*value || strcmp(value, "-") == 0)
			return NULL;
		rc = store_organization_find(
		    ui->app->store, RECORD_SOURCE_LOCAL, value, &id, &e);
		if (rc == ERR_NOTFOUND) {
			struct strbuf sb;

			strbuf_init(&sb);
			strbuf_addf(&sb,
			            "unknown organization '%s' (Up/Down: the "
			            "known ones)",
			            value);
			return strbuf_detach(&sb, NULL);
		}
		return rc ? message(e.msg) : NULL;
	case IF_DESCRIPTION:
	case IF_COUNT:
		break;
	}
	return NULL;
}

static void
push_prefixed(struct strvec *out, const char *prefix, const char *name)
{
	if (strncasecmp(name, prefix, strlen(prefix)) == 0)
		strvec_push(out, name);
}

static void
field_choices(void *ctx, size_t i, const char *prefix, struct strvec *out)
{
	struct ui *ui = ctx;
	struct err e;

	err_clear(&e);
	switch ((enum incident_form_field)i) {
	case IF_CATEGORY: {
		const char *slash = strchr(prefix, '/');

		if (!slash) {
			for (size_t k = 0; k < rsit_class_count(); k++)
				push_prefixed(out, prefix, rsit_class_at(k));
		} else {
			char *cls = xstrndup(prefix, (size_t)(slash - prefix));
			const char *const *types = rsit_types(cls);
			struct strbuf sb;

			strbuf_init(&sb);
			for (size_t k = 0; types && types[k]; k++) {
				strbuf_reset(&sb);
				strbuf_addf(&sb, "%s/%s", cls, types[k]);
				push_prefixed(out, prefix, sb.buf);
			}
			strbuf_release(&sb);
			free(cls);
		}
		break;
	}
	case IF_SEVERITY:
		for (int k = SEVERITY_INFO; k <= SEVERITY_CRITICAL; k++)
			push_prefixed(out, prefix, severity_name(k));
		break;
	case IF_TLP:
		for (int k = TLP_CLEAR; k <= TLP_RED; k++)
			push_prefixed(out, prefix, tlp_name(k));
		break;
	case IF_PAP:
		for (int k = PAP_CLEAR; k <= PAP_RED; k++)
			push_prefixed(out, prefix, pap_name(k));
		break;
	case IF_ORGANIZATION:
		store_organization_names(ui->app->store, prefix,
		                         FORM_ORGANIZATIONS_MAX, out, &e);
		break;
	case IF_TITLE:
	case IF_DESCRIPTION:
	case IF_COUNT:
		break;
	}
}

/* A value, or NULL for an empty optional field. */
static const char *
optional(const struct ui_form *f, size_t i)
{
	const char *v = ui_form_value(f, i);

	return *v ? v : NULL;
}

static int
submit_incident(struct ui *ui, struct err *e)
{
	const struct ui_form *f = ui->form;
	const struct sync_source *push = app_source_push_default(ui->app);
	struct edit_fields fields;
	struct edit_result res;
	int64_t id = 0;
	char *ref = NULL;
	int rc;

	memset(&fields, 0, sizeof(fields));
	fields.title = ui_form_value(f, IF_TITLE);
	fields.category = ui_form_value(f, IF_CATEGORY);
	fields.severity = ui_form_value(f, IF_SEVERITY);
	fields.tlp = optional(f, IF_TLP);
	fields.pap = optional(f, IF_PAP);
	fields.organization = optional(f, IF_ORGANIZATION);
	fields.description = optional(f, IF_DESCRIPTION);
	edit_result_init(&res);
	rc = edit_incident_create(ui->app, &fields, push ? push->name : NULL,
	                          &res, e);
	if (!rc && res.refs.n)
		ref = xstrdup(res.refs.v[0]);
	edit_result_release(&res);
	if (rc)
		return rc;
	ui_console_form_close(ui);
	ui_data_changed(ui);
	if (ref && !store_incident_find_ref(ui->app->store, ref, &id, e))
		rc = ui_detail_open(ui, STORE_INCIDENTS, id, e);
	if (rc)
		ui_message(ui, true, "%s", e->msg);
	else
		ui_message(ui, false, "created %s%s", ref ? ref : "incident",
		           push ? "; queued for the server" : "");
	free(ref);
	return 0;
}

int
ui_incident_form_open(struct ui *ui, struct err *e)
{
	struct ui_form_ops ops = {ui, check_field, field_choices};
	struct ui_form *f;

	if (ui->is_too_small)
		return err_set(e, ERR_USAGE,
		               "the terminal is too small for "
		               "the form");
	f = ui_form_new("New incident", incident_form_labels, IF_COUNT, &ops);
	/* the defaults of the data model, visible so that they are chosen */
	ui_form_set_value(f, IF_TLP, "amber");
	ui_form_set_value(f, IF_PAP, "amber");
	ui_console_form_open(ui, f, submit_incident);
	return 0;
}
