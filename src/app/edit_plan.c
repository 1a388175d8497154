/*
 * Promote planning (app/edit.h): what a new incident made of some alerts
 * would be (title, severity, category, organization, assets), shown before
 * it is made and used to make it.
 */
#include "centinela/app/edit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/outbox_edit.h"
#include "centinela/model/transition.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/audit.h"
#include "centinela/store/edit.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "edit_internal.h"

void
edit_promote_plan_init(struct edit_promote_plan *p)
{
	memset(p, 0, sizeof(*p));
}

void
edit_promote_plan_release(struct edit_promote_plan *p)
{
	free(p->title);
	free(p->description);
	free(p->category);
	free(p->category_type);
	free(p->organization);
	free(p->sector);
	free(p->source);
	edit_promote_plan_init(p);
}

#define PLAN_LIST_MAX 50 /* alerts listed in a new incident's description */

/* The assets a's link and its IP and FQDN observables name. */
static int
plan_assets(struct app *app, const struct alert *a, struct edit_promote_plan *p,
            struct err *e)
{
	int rc = 0;

	if (a->asset_id && p->n_assets < EDIT_PROMOTE_ASSETS_MAX) {
		bool is_known = false;

		for (size_t i = 0; i < p->n_assets && !is_known; i++)
			is_known = p->asset_ids[i] == a->asset_id;
		if (!is_known)
			p->asset_ids[p->n_assets++] = a->asset_id;
	}
	for (size_t i = 0; i < a->n_observables && !rc; i++) {
		const struct observable *o = &a->observables[i];

		if (o->type == OBSERVABLE_IP || o->type == OBSERVABLE_FQDN)
			rc = store_asset_match(
			    app->store, o->value, o->type == OBSERVABLE_IP,
			    p->asset_ids, EDIT_PROMOTE_ASSETS_MAX, &p->n_assets,
			    e);
	}
	return rc;
}

/* The plan's title: the common title or the first, and the others. */
static void
plan_title(struct edit_promote_plan *p, const char *first, bool is_common)
{
	struct strbuf sb;
	char *base;

	if (p->n_alerts < 2) {
		p->title = xstrdup(first);
		return;
	}
	base = edit_excerpt(first, 200);
	strbuf_init(&sb);
	if (is_common)
		strbuf_addf(&sb, "%s (%zu alerts)", base, p->n_alerts);
	else
		strbuf_addf(&sb, "%s (+%zu alert%s)", base, p->n_alerts - 1,
		            p->n_alerts == 2 ? "" : "s");
	free(base);
	p->title = strbuf_detach(&sb, NULL);
}

int
edit_promote_plan(struct app *app, const int64_t *ids, size_t n,
                  struct edit_promote_plan *p, struct err *e)
{
	struct alert a, first;
	struct strbuf list;
	bool same_title = true, same_type = true, same_org = true;
	bool same_sector = true;
	enum severity cat_sev = 0;
	int rc = 0;

	edit_promote_plan_release(p);
	if (!n)
		return err_set(e, ERR_USAGE, "which alerts? give their ids");
	if (!app->store)
		return err_set(e, ERR_INVALID, "no cache is open");
	alert_init(&first);
	strbuf_init(&list);
	strbuf_addf(&list, "Promoted from %zu alerts:\n", n);
	for (size_t i = 0; i < n; i++) {
		const char *target;

		alert_init(&a);
		if ((rc = edit_load_alert(app, ids[i], &a, e)) ||
		    (rc = plan_assets(app, &a, p, e)))
			goto next;
		target = store_outbox_target(a.meta.source);
		if (target && p->source && strcmp(p->source, target) &&
		    store_outbox_target(p->source)) {
			rc = err_set(e, ERR_INVALID,
			             "alerts of sources '%s' and '%s' cannot "
			             "share a new incident; promote them "
			             "separately",
			             p->source, target);
			goto next;
		}
		/* the incident of local and exposure alerts is local */
		if (!p->source || (target && !store_outbox_target(p->source)))
			edit_set_str(&p->source,
			             target ? target : RECORD_SOURCE_LOCAL);
		if (i < PLAN_LIST_MAX)
			strbuf_addf(&list, "- alert:%lld %s (%s)\n",
			            (long long)a.meta.id, a.title,
			            severity_name(a.severity));
		else if (i == PLAN_LIST_MAX)
			strbuf_addf(&list, "- and %zu more\n", n - i);
		if (!i) {
			p->severity = a.severity;
			p->tlp = a.tlp;
			p->organization_id = a.organization_id;
			edit_set_str(&p->sector, a.sector);
		} else {
			same_title =
			    same_title && edit_str_eq(a.title, first.title);
			same_type =
			    same_type &&
			    edit_str_eq(a.taxonomy_class,
			                first.taxonomy_class) &&
			    edit_str_eq(a.taxonomy_type, first.taxonomy_type);
			same_org = same_org &&
			           a.organization_id == first.organization_id;
			same_sector =
			    same_sector && edit_str_eq(a.sector, first.sector);
			if (a.tlp > p->tlp)
				p->tlp = a.tlp;
			if (a.severity > p->severity)
				p->severity = a.severity;
		}
		if (!i || a.severity > cat_sev) {
			cat_sev = a.severity;
			edit_set_str(&p->category, a.taxonomy_class);
			edit_set_str(&p->category_type, a.taxonomy_type);
		}
		p->n_alerts++;
		if (!i) {
			alert_release(&first);
			first = a;
			alert_init(&a);
		}
	next:
		alert_release(&a);
		if (rc)
			goto out;
	}
	plan_title(p, first.title, same_title);
	if (n == 1)
		edit_set_str(&p->description, first.description);
	else
		edit_set_str(&p->description, list.buf);
	if (!same_type)
		edit_set_str(&p->category_type, NULL);
	if (!p->category || !rsit_class_valid(p->category)) {
		edit_set_str(&p->category, "other");
		edit_set_str(&p->category_type, NULL);
	} else if (p->category_type &&
	           !rsit_type_valid(p->category, p->category_type)) {
		edit_set_str(&p->category_type, NULL);
	}
	if (!same_org)
		p->organization_id = 0;
	if (!same_sector)
		edit_set_str(&p->sector, NULL);
	if (p->organization_id) {
		struct organization org;

		organization_init(&org);
		if (store_organization_get(app->store, p->organization_id, &org,
		                           NULL) == 0)
			edit_set_str(&p->organization, org.name);
		organization_release(&org);
	}
out:
	strbuf_release(&list);
	alert_release(&first);
	if (rc)
		edit_promote_plan_release(p);
	return rc;
}

char *
edit_promote_plan_describe(const struct edit_promote_plan *p)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "new incident '%s': %s, %s%s%s, tlp %s",
	            p->title ? p->title : "-", severity_name(p->severity),
	            p->category ? p->category : "-",
	            p->category_type ? "/" : "",
	            p->category_type ? p->category_type : "", tlp_name(p->tlp));
	if (p->organization)
		strbuf_addf(&sb, ", %s", p->organization);
	strbuf_addf(&sb, "; %zu alert%s, %zu asset%s", p->n_alerts,
	            p->n_alerts == 1 ? "" : "s", p->n_assets,
	            p->n_assets == 1 ? "" : "s");
	return strbuf_detach(&sb, NULL);
}
