/*
 * The demo-data generator's incidents, alerts and links (phases 3 to 5 of
 * demo.c): incidents planned in memory and written in order of opening,
 * the alerts each was promoted from, then the stream of alerts, then every
 * incident again with its alert ids. SLA deadlines are the model's
 * defaults (sla_targets_default), as the cache's triggers compute them.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/record.h"
#include "centinela/model/sla.h"
#include "centinela/store/alert.h"
#include "centinela/store/incident.h"
#include "centinela/store/store.h"
#include "demo_internal.h"

/* Weights of an incident's TLP (clear..red) and PAP (clear..red). */
static const int incident_tlp_w[] = {5, 30, 45, 12, 8};
static const int incident_pap_w[] = {5, 35, 50, 10};
/*
 * Weights of an alert's TLP, and of its status (new, acknowledged,
 * dismissed) when under a day old and when older.
 */
static const int alert_tlp_w[] = {15, 45, 32, 6, 2};
static const int fresh_status_w[] = {85, 10, 5};
static const int old_status_w[] = {35, 40, 25};

struct fill {
	const char *org;     /* %O */
	const char *abuse;   /* %A */
	const char *asset;   /* %H */
	const char *malware; /* %M */
	const char *vip;     /* %I */
	const char *xip;     /* %X */
	const char *domain;  /* %D */
	const char *url;     /* %U */
	const char *sector;  /* %S */
	const char *analyst; /* %N */
	int port;            /* %P */
	int number;          /* %G, %K */
};

/* Expand a template with the placeholders above into out (appending). */
static void
expand(struct strbuf *out, const char *tpl, const struct fill *f)
{
	for (const char *p = tpl; *p; p++) {
		const char *v = NULL;

		if (*p != '%' || !p[1]) {
			strbuf_addch(out, *p);
			continue;
		}
		switch (*++p) {
		case 'O':
			v = f->org;
			break;
		case 'A':
			v = f->abuse;
			break;
		case 'H':
			v = f->asset;
			break;
		case 'M':
			v = f->malware;
			break;
		case 'I':
			v = f->vip;
			break;
		case 'X':
			v = f->xip;
			break;
		case 'D':
			v = f->domain;
			break;
		case 'U':
			v = f->url;
			break;
		case 'S':
			v = f->sector;
			break;
		case 'N':
			v = f->analyst;
			break;
		case 'P':
			strbuf_addf(out, "%d", f->port);
			continue;
		case 'G':
		case 'K':
			strbuf_addf(out, "%d", f->number);
			continue;
		default:
			strbuf_addch(out, '%');
			strbuf_addch(out, *p);
			continue;
		}
		strbuf_adds(out, v ? v : "?");
	}
}

/* ------------------------------------------------------------------ */
/* Incidents.                                                          */

static void
fill_for(struct gen *g, struct rng *r, size_t oi, size_t asset, struct fill *f,
         char *vip, char *xip, size_t ipsz)
{
	static const int ports[] = {22, 23, 445, 1433, 3389, 5900, 8080, 502};
	const struct gen_org *go = &g->orgs[oi];

	memset(f, 0, sizeof(*f));
	f->org = go->name;
	f->abuse = go->abuse;
	f->sector = demo_sectors[go->sector].code;
	f->domain = go->domain;
	f->asset = asset != SIZE_MAX ? g->assets[asset].name : go->domain;
	f->malware = demo_pick(r, demo_malware, demo_n_malware);
	if (asset != SIZE_MAX && g->assets[asset].is_public)
		snprintf(vip, ipsz, "%s", g->assets[asset].ip);
	else
		demo_doc_ip(r, vip, ipsz);
	demo_doc_ip(r, xip, ipsz);
	f->vip = vip;
	f->xip = xip;
	f->analyst = demo_pick(r, demo_analysts, demo_n_analysts);
	f->port = ports[rng_below(r, ARRAY_SIZE(ports))];
	f->number = (int)rng_range(r, 2, 40);
}

/* Append notes of one stage, at times spread over [from, to]. */
static void
add_notes(struct gen_incident *gi, struct rng *r, const char *const *pool,
          size_t npool, int count, int64_t from, int64_t to,
          const struct fill *f, struct strbuf *sb, int64_t *notes)
{
	for (int i = 0; i < count; i++) {
		int64_t t = from + (to > from ? rng_range(r, 0, to - from) : 0);
		const char *author =
		    gi->inc.assignee && rng_chance(r, 75)
		        ? gi->inc.assignee
		        : demo_analysts[rng_below(r, demo_n_analysts)];
		char rid[48];

		strbuf_reset(sb);
		expand(sb, pool[rng_below(r, npool)], f);
		incident_add_note(&gi->inc, author, t, sb->buf);
		snprintf(rid, sizeof(rid), "n%zu", gi->inc.n_notes);
		gi->inc.notes[gi->inc.n_notes - 1].remote_id = xstrdup(rid);
		(*notes)++;
	}
}

static int
cmp_note_time(const void *a, const void *b)
{
	const struct note *x = a, *y = b;

	return (x->created_at > y->created_at) -
	       (x->created_at < y->created_at);
}

static void
plan_incident(struct gen *g, struct rng *r, size_t i, struct gen_incident *gi,
              const int *ev_w, struct strbuf *sb)
{
	const struct event_kind *ev;
	struct incident *inc = &gi->inc;
	enum incident_status st;
	struct fill f;
	char vip[20], xip[20];
	int sev;
	int64_t end;
	const struct gen_org *go;
	struct sla_targets targets;
	struct sla_clock clock;

	gi->event = (int)demo_pick_weighted(r, ev_w, demo_n_events);
	ev = &demo_events[gi->event];
	gi->org = (size_t)rng_below(r, g->n_orgs);
	go = &g->orgs[gi->org];
	gi->asset = go->n_assets ? go->first_asset + rng_below(r, go->n_assets)
	                         : SIZE_MAX;
	st = i < INCIDENT_STATUS_COUNT
	         ? (enum incident_status)i
	         : (enum incident_status)demo_pick_weighted(
	               r, demo_status_weights, INCIDENT_STATUS_COUNT);

	incident_init(inc);
	inc->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	inc->status = st;
	sev =
	    (int)demo_pick_weighted(r, ev->severity, ARRAY_SIZE(ev->severity)) +
	    1;
	if (gi->asset != SIZE_MAX && g->assets[gi->asset].criticality >= 5 &&
	    sev < SEVERITY_CRITICAL && rng_chance(r, 40))
		sev++;
	inc->severity = (enum severity)sev;
	inc->priority = sev >= SEVERITY_CRITICAL ? 1
	                : sev == SEVERITY_HIGH   ? 2
	                : sev == SEVERITY_MEDIUM ? 3
	                                         : 4;
	if (inc->priority > 1 && rng_chance(r, 10))
		inc->priority--;
	inc->tlp = (enum tlp)demo_pick_weighted(r, incident_tlp_w,
	                                        ARRAY_SIZE(incident_tlp_w));
	inc->pap = (enum pap)demo_pick_weighted(r, incident_pap_w,
	                                        ARRAY_SIZE(incident_pap_w));
	inc->category = xstrdup(ev->cls);
	inc->category_type = xstrdup(ev->type);
	inc->organization_id = go->id;
	inc->organization = xstrdup(go->name);
	inc->sector = xstrdup(demo_sectors[go->sector].code);
	if (st != INCIDENT_NEW || rng_chance(r, 20))
		inc->assignee =
		    xstrdup(demo_analysts[rng_below(r, demo_n_analysts)]);

	/* Times: new ones are recent, closed ones may be older. */
	switch (st) {
	case INCIDENT_NEW:
		inc->opened_at = g->now - rng_range(r, 5 * MINUTE, 2 * DAY);
		break;
	case INCIDENT_TRIAGE:
		inc->opened_at = g->now - rng_range(r, 30 * MINUTE, 5 * DAY);
		break;
	case INCIDENT_RESOLVED:
	case INCIDENT_CLOSED:
		inc->opened_at = g->now - rng_range(r, 2 * DAY, 60 * DAY);
		break;
	default:
		inc->opened_at = g->now - rng_range(r, 2 * HOUR, 30 * DAY);
		break;
	}
	if (st != INCIDENT_NEW)
		inc->first_response_at = demo_clamp_past(
		    g, inc->opened_at + rng_range(r, 5 * MINUTE, 8 * HOUR));
	/* the model's deadline, as the cache's triggers compute it */
	sla_targets_default(&targets);
	memset(&clock, 0, sizeof(clock));
	clock.severity = inc->severity;
	clock.status = st;
	clock.opened_at = inc->opened_at;
	clock.first_response_at = inc->first_response_at;
	inc->due_at = sla_due(&clock, &targets);
	end = g->now;
	if (incident_status_is_final(st)) {
		inc->closed_at = demo_clamp_past(
		    g, inc->opened_at + rng_range(r, 2 * HOUR, 12 * DAY));
		end = inc->closed_at;
	}
	inc->meta.created_at = inc->opened_at;

	fill_for(g, r, gi->org, gi->asset, &f, vip, xip, sizeof(vip));
	gi->n_alerts = (int)rng_range(r, 1, 5);
	f.number = gi->n_alerts;
	strbuf_reset(sb);
	expand(sb, ev->incident_title, &f);
	inc->title = xstrdup(sb->buf);
	strbuf_reset(sb);
	strbuf_addf(sb,
	            "Incidente registrado a partir de %d alerta(s) de %s "
	            "(%s/%s). Organización afectada: %s (%s, %s).",
	            gi->n_alerts, ev->feed, ev->cls, ev->type, go->name,
	            demo_sectors[go->sector].code, demo_states[go->state].name);
	if (gi->asset != SIZE_MAX)
		strbuf_addf(sb, " Activo principal: %s (criticidad %d).",
		            g->assets[gi->asset].name,
		            g->assets[gi->asset].criticality);
	inc->description = xstrdup(sb->buf);

	/* Linked assets: the main one and maybe neighbours. */
	if (gi->asset != SIZE_MAX) {
		int extra = (int)rng_range(r, 0, 2);
		char rid[32];

		snprintf(rid, sizeof(rid), "demo-asset-%06zu", gi->asset + 1);
		strvec_push(&inc->asset_ids, rid);
		for (int k = 0; k < extra && go->n_assets > 1; k++) {
			size_t other =
			    go->first_asset + rng_below(r, go->n_assets);

			if (other == gi->asset)
				continue;
			snprintf(rid, sizeof(rid), "demo-asset-%06zu",
			         other + 1);
			bool is_dup = false;
			for (size_t q = 0; q < inc->asset_ids.n; q++)
				if (strcmp(inc->asset_ids.v[q], rid) == 0)
					is_dup = true;
			if (!is_dup)
				strvec_push(&inc->asset_ids, rid);
		}
	}

	/* Notes: each stage the incident went through leaves some. */
	{
		int64_t t0 = inc->first_response_at ? inc->first_response_at
		                                    : inc->opened_at;
		int64_t span = end > t0 ? end - t0 : 0;
		int64_t *nn = &g->counts.notes;

		if (st == INCIDENT_NEW) {
			if (rng_chance(r, 40))
				add_notes(gi, r, demo_notes_open,
				          demo_n_notes_open, 1, inc->opened_at,
				          end, &f, sb, nn);
		} else {
			add_notes(gi, r, demo_notes_open, demo_n_notes_open, 1,
			          t0, t0 + span / 5, &f, sb, nn);
		}
		if (st >= INCIDENT_IN_PROGRESS)
			add_notes(gi, r, demo_notes_work, demo_n_notes_work,
			          (int)rng_range(r, 1, 3), t0 + span / 5,
			          t0 + span / 2, &f, sb, nn);
		if (st == INCIDENT_WAITING ||
		    (st > INCIDENT_WAITING && rng_chance(r, 30)))
			add_notes(gi, r, demo_notes_wait, demo_n_notes_wait, 1,
			          t0 + span / 2, t0 + 3 * span / 5, &f, sb, nn);
		if (st >= INCIDENT_CONTAINED)
			add_notes(gi, r, demo_notes_contain,
			          demo_n_notes_contain, (int)rng_range(r, 1, 2),
			          t0 + 3 * span / 5, t0 + 4 * span / 5, &f, sb,
			          nn);
		if (st >= INCIDENT_RESOLVED)
			add_notes(gi, r, demo_notes_resolve,
			          demo_n_notes_resolve, 1, t0 + 4 * span / 5,
			          end, &f, sb, nn);
		if (st == INCIDENT_CLOSED)
			add_notes(gi, r, demo_notes_close, demo_n_notes_close,
			          1, end, end, &f, sb, nn);
		if (inc->n_notes > 1)
			qsort(inc->notes, inc->n_notes, sizeof(*inc->notes),
			      cmp_note_time);
		for (size_t k = 0; k < inc->n_notes; k++) {
			char rid[32];

			free(inc->notes[k].remote_id);
			snprintf(rid, sizeof(rid), "n%zu", k + 1);
			inc->notes[k].remote_id = xstrdup(rid);
		}
	}
	inc->meta.updated_at =
	    inc->n_notes ? inc->notes[inc->n_notes - 1].created_at
	                 : (inc->first_response_at ? inc->first_response_at
	                                           : inc->opened_at);
	if (inc->closed_at > inc->meta.updated_at)
		inc->meta.updated_at = inc->closed_at;
}

static int
cmp_opened(const void *a, const void *b)
{
	const struct gen_incident *x = a, *y = b;

	if (x->inc.opened_at != y->inc.opened_at)
		return (x->inc.opened_at > y->inc.opened_at) -
		       (x->inc.opened_at < y->inc.opened_at);
	/* Ties: order by what was planned, qsort is not stable. */
	if (x->event != y->event)
		return (x->event > y->event) - (x->event < y->event);
	return (x->org > y->org) - (x->org < y->org);
}

int
demo_gen_incidents(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int *ev_w = xcalloc(demo_n_events, sizeof(*ev_w));
	int rc;

	for (size_t k = 0; k < demo_n_events; k++)
		ev_w[k] = demo_events[k].incident_weight;
	rng_seed(&r, g->o->seed ^ UINT64_C(0x696e6369));
	strbuf_init(&sb);
	for (size_t i = 0; i < g->n_incs; i++)
		plan_incident(g, &r, i, &g->incs[i], ev_w, &sb);
	free(ev_w);
	qsort(g->incs, g->n_incs, sizeof(*g->incs), cmp_opened);

	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < g->n_incs; i++) {
		struct incident *inc = &g->incs[i].inc;
		char rid[32];

		snprintf(rid, sizeof(rid), "demo-inc-%06zu", i + 1);
		inc->meta.remote_id = xstrdup(rid);
		rc = store_incident_next_reference(
		    g->s, g->o->prefix, time_year_utc(inc->opened_at),
		    &inc->reference, e);
		if (rc == 0)
			rc = store_incident_upsert(g->s, inc, NULL, e);
		if (rc)
			goto out;
		g->counts.incidents++;
		rc = demo_batch_step(g, (int64_t)i + 1, (int64_t)g->n_incs,
		                     "incidents", e);
		if (rc)
			goto out;
	}
out:
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Alerts.                                                             */

static void
random_label(struct rng *r, struct strbuf *sb, size_t n)
{
	static const char alpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	for (size_t i = 0; i < n; i++)
		strbuf_addch(sb, alpha[rng_below(r, sizeof(alpha) - 1)]);
}

/*
 * Fill a (initialised) for event ev at org oi / asset ai (SIZE_MAX: none;
 * oi SIZE_MAX: no organization), observed at t.
 */
static void
build_alert(struct gen *g, struct rng *r, const struct event_kind *ev,
            size_t oi, size_t ai, int64_t t, struct alert *a, struct strbuf *sb)
{
	static const char *const tlds[] = {"example.com", "example.net",
	                                   "example.org", "test"};
	static const char *const paths[] = {
	    "login",           "wp-admin/update.php", "banca/acceso",
	    "sat/factura.zip", "invoice.exe",         "cfdi/descarga"};
	char vip[20], xip[20], rid[40];
	char hash[SHA256_HEX_LEN + 1];
	struct strbuf dom, url;
	struct fill f;
	int sev;

	strbuf_init(&dom);
	strbuf_init(&url);
	if (oi != SIZE_MAX) {
		fill_for(g, r, oi, ai, &f, vip, xip, sizeof(vip));
	} else {
		memset(&f, 0, sizeof(f));
		demo_doc_ip(r, vip, sizeof(vip));
		demo_doc_ip(r, xip, sizeof(xip));
		f.vip = vip;
		f.xip = xip;
		f.malware = demo_pick(r, demo_malware, demo_n_malware);
		f.org = "Banco Mercantil";
		f.port = 22;
	}
	/* Malicious domains are random; leaks and phishing name the org. */
	if (ev->obs & (OBS_FQDN | OBS_URL)) {
		if (strcmp(ev->cls, "information-content-security") == 0 &&
		    oi != SIZE_MAX) {
			strbuf_adds(&dom, g->orgs[oi].domain);
		} else {
			random_label(r, &dom, (size_t)rng_range(r, 6, 12));
			strbuf_addch(&dom, '.');
			strbuf_adds(&dom, demo_pick(r, tlds, ARRAY_SIZE(tlds)));
		}
		strbuf_addf(&url, "https://%s/%s", dom.buf,
		            demo_pick(r, paths, ARRAY_SIZE(paths)));
		if (strcmp(ev->cls, "information-content-security") != 0)
			f.domain = dom.buf;
		f.url = url.buf;
	}
	f.number = (int)rng_range(r, 1, 80);

	snprintf(rid, sizeof(rid), "demo-alert-%07" PRId64, ++g->alert_seq);
	a->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	a->meta.remote_id = xstrdup(rid);
	strbuf_reset(sb);
	expand(sb, ev->alert_title, &f);
	a->title = xstrdup(sb->buf);
	if (rng_chance(r, 40)) {
		strbuf_reset(sb);
		strbuf_addf(sb,
		            "Reported by %s (%s). Taxonomy %s/%s. "
		            "Please verify and remediate.",
		            ev->feed, ev->provider, ev->cls, ev->type);
		a->description = xstrdup(sb->buf);
	}
	sev =
	    (int)demo_pick_weighted(r, ev->severity, ARRAY_SIZE(ev->severity)) +
	    1;
	a->severity = (enum severity)sev;
	a->tlp = (enum tlp)demo_pick_weighted(r, alert_tlp_w,
	                                      ARRAY_SIZE(alert_tlp_w));
	a->taxonomy_class = xstrdup(ev->cls);
	a->taxonomy_type = xstrdup(ev->type);
	a->feed_name = xstrdup(ev->feed);
	a->feed_provider = xstrdup(ev->provider);
	a->observed_at = t;
	a->received_at = demo_clamp_past(
	    g, t + rng_range(r, 30, t + 2 * HOUR < g->now ? 2 * HOUR : 60));
	a->meta.created_at = a->received_at;
	a->meta.updated_at = a->received_at;
	if (oi != SIZE_MAX) {
		a->organization_id = g->orgs[oi].id;
		a->organization = xstrdup(g->orgs[oi].name);
		a->sector = xstrdup(demo_sectors[g->orgs[oi].sector].code);
	}
	if (ai != SIZE_MAX) {
		snprintf(rid, sizeof(rid), "demo-asset-%06zu", ai + 1);
		a->asset_id = g->assets[ai].id;
		a->asset = xstrdup(rid);
	}
	if (ev->obs & OBS_VICTIM_IP)
		alert_add_observable(a, OBSERVABLE_IP, vip);
	if (ev->obs & OBS_SOURCE_IP)
		alert_add_observable(a, OBSERVABLE_IP, xip);
	if ((ev->obs & OBS_FQDN) && dom.len)
		alert_add_observable(a, OBSERVABLE_FQDN, dom.buf);
	if ((ev->obs & OBS_URL) && url.len)
		alert_add_observable(a, OBSERVABLE_URL, url.buf);
	if (ev->obs & OBS_ASN) {
		strbuf_reset(sb);
		strbuf_addf(sb, "AS%d", (int)rng_range(r, 64496, 64511));
		alert_add_observable(a, OBSERVABLE_ASN, sb->buf);
	}
	if (ev->obs & OBS_HASH) {
		uint64_t words[4];

		for (int k = 0; k < 4; k++)
			words[k] = rng_next(r);
		sha256_hex(words, sizeof(words), hash);
		alert_add_observable(a, OBSERVABLE_HASH, hash);
	}
	alert_event_hash(a, hash);
	a->event_hash = xstrdup(hash);
	strbuf_release(&dom);
	strbuf_release(&url);
}

static int
put_alert(struct gen *g, struct alert *a, int64_t *done, struct err *e)
{
	int rc = store_alert_upsert(g->s, a, NULL, e);

	alert_release(a);
	if (rc)
		return rc;
	g->counts.alerts++;
	return demo_batch_step(g, ++*done, g->n_alerts, "alerts", e);
}

int
demo_gen_alerts(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int *ev_w = xcalloc(demo_n_events, sizeof(*ev_w));
	int64_t done = 0, linked = 0, n_random;
	int rc;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x616c657274));
	for (size_t k = 0; k < demo_n_events; k++)
		ev_w[k] = demo_events[k].alert_weight;
	for (size_t i = 0; i < g->n_incs; i++)
		linked += g->incs[i].n_alerts;
	if (g->n_alerts < linked)
		g->n_alerts = linked;
	n_random = g->n_alerts - linked;
	strbuf_init(&sb);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;

	/* The alerts each incident was promoted from. */
	for (size_t i = 0; i < g->n_incs && rc == 0; i++) {
		struct gen_incident *gi = &g->incs[i];

		for (int k = 0; k < gi->n_alerts && rc == 0; k++) {
			struct alert a;
			int64_t t = gi->inc.opened_at -
			            rng_range(&r, 5 * MINUTE, 6 * HOUR);

			alert_init(&a);
			build_alert(g, &r, &demo_events[gi->event], gi->org,
			            gi->asset, t, &a, &sb);
			a.status = ALERT_PROMOTED;
			a.incident_id = gi->inc.meta.id;
			a.incident_ref = xstrdup(gi->inc.reference);
			a.meta.updated_at = gi->inc.opened_at;
			strvec_push(&gi->inc.alert_ids, a.meta.remote_id);
			rc = put_alert(g, &a, &done, e);
		}
	}

	/* The stream of the last 30 days. */
	for (int64_t i = 0; i < n_random && rc == 0; i++) {
		const struct event_kind *ev =
		    &demo_events[demo_pick_weighted(&r, ev_w, demo_n_events)];
		size_t oi = rng_chance(&r, 88)
		                ? (size_t)rng_below(&r, g->n_orgs)
		                : SIZE_MAX;
		size_t ai = SIZE_MAX;
		int64_t age = rng_range(&r, 2 * MINUTE, 30 * DAY);
		struct alert a;

		if (oi != SIZE_MAX && g->orgs[oi].n_assets &&
		    rng_chance(&r, 60))
			ai = g->orgs[oi].first_asset +
			     rng_below(&r, g->orgs[oi].n_assets);
		alert_init(&a);
		build_alert(g, &r, ev, oi, ai, g->now - age, &a, &sb);
		/* Fresh alerts are mostly untouched, old ones handled. */
		if (age < DAY)
			a.status = (enum alert_status)demo_pick_weighted(
			    &r, fresh_status_w, ARRAY_SIZE(fresh_status_w));
		else
			a.status = (enum alert_status)demo_pick_weighted(
			    &r, old_status_w, ARRAY_SIZE(old_status_w));
		if (a.status != ALERT_NEW)
			a.meta.updated_at = demo_clamp_past(
			    g, a.received_at +
			           rng_range(&r, 10 * MINUTE, 2 * DAY));
		rc = put_alert(g, &a, &done, e);
	}
out:
	strbuf_release(&sb);
	free(ev_w);
	return rc;
}

/* Write every incident again with its alert ids: the store links them. */
int
demo_gen_links(struct gen *g, struct err *e)
{
	int rc = store_begin(g->s, e);

	for (size_t i = 0; i < g->n_incs && rc == 0; i++) {
		rc = store_incident_upsert(g->s, &g->incs[i].inc, NULL, e);
		if (rc)
			return rc;
		rc = demo_batch_step(g, (int64_t)i + 1, (int64_t)g->n_incs,
		                     "links", e);
	}
	return rc;
}
