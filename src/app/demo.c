/*
 * The demo-data generator: see include/centinela/app/demo.h.
 *
 * Data model of the generation, in the order rows are written:
 *   1. organizations: the first 12 cover every sector, the first 32 every
 *      state; the rest are drawn by weight. Names come from per-sector
 *      templates filled with real state and city names, kept unique.
 *   2. assets, contiguous per organization (so an organization's assets are
 *      a range), with kind, product and CPE names drawn from tables.
 *   3. incidents, planned in memory first (status, times, organization,
 *      assets, notes), sorted by opening time so that references count up
 *      with time, then written (references come from the store).
 *   4. alerts: first the ones each incident was promoted from (same
 *      organization, asset and taxonomy, observed shortly before the
 *      incident opened, incident_id set), then the stream of the 30 days.
 *   5. links: every incident is written again with its alert ids, which
 *      the store adds to the link table.
 * Each phase draws from its own PRNG stream derived from the seed, so the
 * organizations of seed S do not change when the alert count does.
 *
 * This file holds the driver, the helpers and phases 1 and 2; phases 3 to
 * 5 are in demo_events.c, the tables in demo_data.c (demo_internal.h).
 */
#include "centinela/app/demo.h"

#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/record.h"
#include "centinela/store/alert.h"
#include "centinela/store/asset.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/organization.h"
#include "centinela/store/store.h"
#include "demo_internal.h"

/* ------------------------------------------------------------------ */
/* Helpers.                                                            */

size_t
demo_pick_weighted(struct rng *r, const int *w, size_t n)
{
	int64_t total = 0, x;

	for (size_t i = 0; i < n; i++)
		total += w[i];
	x = (int64_t)rng_below(r, (uint64_t)total);
	for (size_t i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

const char *
demo_pick(struct rng *r, const char *const *v, size_t n)
{
	return v[rng_below(r, n)];
}

static size_t
city_count(const struct state_info *st)
{
	size_t n = 0;

	while (n < ARRAY_SIZE(st->cities) && st->cities[n])
		n++;
	return n;
}

/* Lower-case ASCII slug of s: accents dropped, other runs become '-'. */
static void
slug_append(struct strbuf *out, const char *s)
{
	static const char from[] = "áéíóúüñÁÉÍÓÚÑ";
	static const char to[] = "aeiouunAEIOUN";
	bool is_dash = true;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		int c = *p;

		if (c == 0xc3 && p[1]) {
			for (size_t i = 0; from[i]; i += 2) {
				if ((unsigned char)from[i + 1] == p[1]) {
					c = (unsigned char)to[i / 2];
					break;
				}
			}
			p++;
		}
		if (c >= 'A' && c <= 'Z')
			c = c - 'A' + 'a';
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			strbuf_addch(out, (char)c);
			is_dash = false;
		} else if (!is_dash) {
			strbuf_addch(out, '-');
			is_dash = true;
		}
	}
	if (out->len && out->buf[out->len - 1] == '-')
		strbuf_setlen(out, out->len - 1);
}

/* Initials of the significant words of a name, lower-case ASCII. */
static void
acronym_append(struct strbuf *out, const char *name)
{
	static const char *const skip[] = {"de",  "del",  "la",   "las",
	                                   "los", "y",    "el",   "para",
	                                   "No.", "S.A.", "C.V.", "—"};
	const char *p = name;

	while (*p) {
		size_t n = strcspn(p, " ");
		bool is_skipped = false;

		for (size_t i = 0; i < ARRAY_SIZE(skip); i++)
			if (strlen(skip[i]) == n && strncmp(p, skip[i], n) == 0)
				is_skipped = true;
		if (n && !is_skipped) {
			struct strbuf w;

			strbuf_init(&w);
			strbuf_add(&w, p, n);
			{
				struct strbuf sl;

				strbuf_init(&sl);
				slug_append(&sl, w.buf);
				if (sl.len && sl.buf[0] >= 'a' &&
				    sl.buf[0] <= 'z')
					strbuf_addch(out, sl.buf[0]);
				strbuf_release(&sl);
			}
			strbuf_release(&w);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
}

static uint64_t
fnv1a(const char *s)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= UINT64_C(0x100000001b3);
	}
	return h ? h : 1;
}

/* Add name's hash to the set; false when it was there already. */
static bool
name_set_add(struct gen *g, const char *name)
{
	uint64_t h = fnv1a(name);
	size_t mask = g->name_set_size - 1;

	for (size_t i = h & mask;; i = (i + 1) & mask) {
		if (g->name_set[i] == h)
			return false;
		if (g->name_set[i] == 0) {
			g->name_set[i] = h;
			return true;
		}
	}
}

/* An address in the documentation ranges (RFC 5737). */
void
demo_doc_ip(struct rng *r, char *out, size_t outsz)
{
	static const char *const nets[] = {"192.0.2", "198.51.100",
	                                   "203.0.113"};

	snprintf(out, outsz, "%s.%d", demo_pick(r, nets, ARRAY_SIZE(nets)),
	         (int)rng_range(r, 1, 254));
}

static int
progress(struct gen *g, const char *phase, int64_t done, int64_t total)
{
	if (g->o->progress)
		g->o->progress(g->o->progress_ctx, phase, done, total);
	return 0;
}

/* Commit every batch rows (and begin the next); flush at the end. */
int
demo_batch_step(struct gen *g, int64_t done, int64_t total, const char *phase,
                struct err *e)
{
	int rc;

	if (done % g->batch != 0 && done != total)
		return 0;
	rc = store_commit(g->s, e);
	if (rc)
		return rc;
	progress(g, phase, done, total);
	if (done == total)
		return 0;
	return store_begin(g->s, e);
}

int64_t
demo_clamp_past(const struct gen *g, int64_t t)
{
	return t > g->now ? g->now : t;
}

/* ------------------------------------------------------------------ */
/* Organizations.                                                      */

static void
org_name(struct gen *g, struct rng *r, struct gen_org *go, struct strbuf *out)
{
	const struct sector_info *sec = &demo_sectors[go->sector];
	const struct state_info *st = &demo_states[go->state];
	size_t nt = 0;

	while (nt < ARRAY_SIZE(sec->templates) && sec->templates[nt])
		nt++;
	for (int attempt = 0;; attempt++) {
		const char *tpl = sec->templates[rng_below(r, nt)];

		strbuf_reset(out);
		for (const char *p = tpl; *p; p++) {
			if (*p != '%' || !p[1]) {
				strbuf_addch(out, *p);
				continue;
			}
			switch (*++p) {
			case 'C':
				strbuf_adds(out, st->cities[go->city]);
				break;
			case 'S':
				strbuf_adds(out, st->name);
				break;
			case 'Z':
				strbuf_adds(out, demo_pick(r, demo_zones,
				                           demo_n_zones));
				break;
			case 'N':
				strbuf_addf(out, "%d",
				            (int)rng_range(r, 1, 99));
				break;
			case 'F':
				strbuf_adds(out,
				            demo_pick(r, demo_family_names,
				                      demo_n_family_names));
				break;
			default:
				strbuf_addch(out, *p);
				break;
			}
		}
		if (attempt >= 6) {
			/* Crowded: number the sites of the same name. */
			size_t base = out->len;

			for (int n = 2;; n++) {
				strbuf_setlen(out, base);
				strbuf_addf(out, " — Sede %d", n);
				if (name_set_add(g, out->buf))
					return;
			}
		}
		if (name_set_add(g, out->buf))
			return;
		/* Another city of the same state may free the name. */
		go->city = (int)rng_below(r, city_count(st));
	}
}

static int
gen_organizations(struct gen *g, struct err *e)
{
	struct rng r;
	int *sector_w = xcalloc(demo_n_sectors, sizeof(*sector_w));
	int *state_w = xcalloc(demo_n_states, sizeof(*state_w));
	struct strbuf name, dom;
	int rc = 0;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x6f726761));
	for (size_t i = 0; i < demo_n_sectors; i++)
		sector_w[i] = demo_sectors[i].weight;
	for (size_t i = 0; i < demo_n_states; i++)
		state_w[i] = demo_states[i].weight;
	strbuf_init(&name);
	strbuf_init(&dom);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t i = 0; i < g->n_orgs; i++) {
		struct gen_org *go = &g->orgs[i];
		struct organization o;
		const char *first =
		    demo_pick(&r, demo_first_names, demo_n_first_names);
		const char *family =
		    demo_pick(&r, demo_family_names, demo_n_family_names);
		char rid[32];

		/* The first ones cover every sector and every state. */
		go->sector =
		    i < demo_n_sectors
		        ? (int)i
		        : (int)demo_pick_weighted(&r, sector_w, demo_n_sectors);
		go->state =
		    i < demo_n_states
		        ? (int)i
		        : (int)demo_pick_weighted(&r, state_w, demo_n_states);
		go->city =
		    (int)rng_below(&r, city_count(&demo_states[go->state]));
		org_name(g, &r, go, &name);
		go->name = xstrdup(name.buf);

		strbuf_reset(&dom);
		acronym_append(&dom, go->name);
		strbuf_addch(&dom, '-');
		slug_append(&dom, demo_states[go->state].cities[go->city]);
		strbuf_adds(&dom, ".example.mx");
		go->domain = xstrdup(dom.buf);
		strbuf_reset(&dom);
		strbuf_addf(&dom, "%s@%s",
		            demo_pick(&r, demo_abuse_users, demo_n_abuse_users),
		            go->domain);
		go->abuse = xstrdup(dom.buf);

		organization_init(&o);
		snprintf(rid, sizeof(rid), "demo-org-%06zu", i + 1);
		o.meta.source = xstrdup(RECORD_SOURCE_LOCAL);
		o.meta.remote_id = xstrdup(rid);
		o.meta.created_at =
		    g->now - rng_range(&r, 90 * DAY, 3 * 365 * DAY);
		o.meta.updated_at = demo_clamp_past(
		    g, o.meta.created_at + rng_range(&r, 0, 365 * DAY));
		o.name = xstrdup(go->name);
		o.sector = xstrdup(demo_sectors[go->sector].code);
		o.region = xstrdup(demo_states[go->state].name);
		strbuf_reset(&dom);
		slug_append(&dom, first);
		strbuf_addch(&dom, '.');
		slug_append(&dom, family);
		strbuf_reset(&name);
		strbuf_addf(
		    &name, "%s %s, %s, +52 %d 5550 %04d, %s@%s", first, family,
		    demo_pick(&r, demo_contact_roles, demo_n_contact_roles),
		    (int)rng_range(&r, 22, 999), (int)rng_below(&r, 10000),
		    dom.buf, go->domain);
		o.contact = xstrdup(name.buf);
		o.abuse_contact = xstrdup(go->abuse);
		rc = store_organization_upsert(g->s, &o, NULL, e);
		go->id = o.meta.id;
		organization_release(&o);
		if (rc)
			goto out;
		g->counts.organizations++;
		rc = demo_batch_step(g, (int64_t)i + 1, (int64_t)g->n_orgs,
		                     "organizations", e);
		if (rc)
			goto out;
	}
out:
	strbuf_release(&name);
	strbuf_release(&dom);
	free(sector_w);
	free(state_w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Assets.                                                             */

/* Split g->n_assets over the organizations by sector weight. */
static void
plan_asset_counts(struct gen *g, struct rng *r)
{
	int64_t *w;
	int64_t total = 0;
	size_t assigned = 0, pos = 0;

	if (g->n_orgs == 0)
		return;
	w = xcalloc(g->n_orgs, sizeof(*w));
	for (size_t i = 0; i < g->n_orgs; i++) {
		w[i] = demo_sectors[g->orgs[i].sector].assets_weight *
		       rng_range(r, 50, 150);
		total += w[i];
	}
	for (size_t i = 0; i < g->n_orgs; i++) {
		g->orgs[i].n_assets = (size_t)((double)g->n_assets *
		                               (double)w[i] / (double)total);
		if (g->orgs[i].n_assets == 0)
			g->orgs[i].n_assets = 1;
		assigned += g->orgs[i].n_assets;
	}
	/* Rounding: hand out or take back the difference round-robin. */
	for (size_t i = 0; assigned < g->n_assets; i = (i + 1) % g->n_orgs) {
		g->orgs[i].n_assets++;
		assigned++;
	}
	for (size_t i = 0; assigned > g->n_assets; i = (i + 1) % g->n_orgs) {
		if (g->orgs[i].n_assets > 1) {
			g->orgs[i].n_assets--;
			assigned--;
		}
	}
	for (size_t i = 0; i < g->n_orgs; i++) {
		g->orgs[i].first_asset = pos;
		pos += g->orgs[i].n_assets;
	}
	free(w);
}

static const struct product *
pick_product(struct rng *r, enum asset_kind kind)
{
	size_t n = 0, k;

	for (size_t i = 0; i < demo_n_products; i++)
		if (demo_products[i].kind == kind)
			n++;
	k = rng_below(r, n);
	for (size_t i = 0; i < demo_n_products; i++)
		if (demo_products[i].kind == kind && k-- == 0)
			return &demo_products[i];
	return &demo_products[0];
}

static void
add_cpe(struct asset *a, const char *base, const char *ver)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "cpe:2.3:%s:%s:*:*:*:*:*:*", base, ver);
	strvec_push_take(&a->cpes, strbuf_detach(&sb, NULL));
}

static int
criticality_for(struct rng *r, enum asset_kind kind)
{
	static const int w[ASSET_KIND_COUNT][5] = {
	    [ASSET_ICS] = {0, 2, 15, 40, 43},
	    [ASSET_SERVER] = {5, 20, 35, 30, 10},
	    [ASSET_NETWORK] = {2, 13, 35, 35, 15},
	    [ASSET_APPLICATION] = {5, 25, 40, 25, 5},
	    [ASSET_CLOUD] = {5, 25, 40, 25, 5},
	    [ASSET_WORKSTATION] = {50, 35, 13, 2, 0},
	    [ASSET_OTHER] = {30, 40, 25, 5, 0},
	};

	return (int)demo_pick_weighted(r, w[kind], ARRAY_SIZE(w[kind])) + 1;
}

static void
build_asset(struct gen *g, struct rng *r, size_t oi, size_t k, struct asset *a,
            struct gen_asset *ga, struct strbuf *sb)
{
	const struct gen_org *go = &g->orgs[oi];
	const struct sector_info *sec = &demo_sectors[go->sector];
	const struct state_info *st = &demo_states[go->state];
	enum asset_kind kind = (enum asset_kind)demo_pick_weighted(
	    r, sec->kind_weights, ASSET_KIND_COUNT);
	const struct product *p = pick_product(r, kind);
	size_t nv = 0;
	const struct product_version *v;
	const char *city = st->cities[rng_below(r, city_count(st))];
	size_t nsites = 0;
	char rid[32];

	while (nv < ARRAY_SIZE(p->versions) && p->versions[nv].display)
		nv++;
	v = &p->versions[rng_below(r, nv)];
	while (nsites < ARRAY_SIZE(sec->sites) && sec->sites[nsites])
		nsites++;

	asset_init(a);
	snprintf(rid, sizeof(rid), "demo-asset-%06zu", go->first_asset + k + 1);
	a->meta.source = xstrdup(RECORD_SOURCE_LOCAL);
	a->meta.remote_id = xstrdup(rid);
	a->meta.created_at = g->now - rng_range(r, 30 * DAY, 2 * 365 * DAY);
	a->meta.updated_at =
	    demo_clamp_past(g, a->meta.created_at + rng_range(r, 0, 200 * DAY));
	a->organization_id = go->id;
	a->organization = xstrdup(go->name);
	a->sector = xstrdup(sec->code);
	a->kind = kind;
	a->criticality = criticality_for(r, kind);

	/* Names: "PLC Subestación Tlaquepaque 03", "mail02" (+ org suffix). */
	strbuf_reset(sb);
	if (kind == ASSET_ICS && nsites) {
		strbuf_addf(sb, "%s %s %s %02zu", p->stem,
		            sec->sites[rng_below(r, nsites)], city, k + 1);
	} else {
		strbuf_addf(sb, "%s%02zu-", p->stem, k + 1);
		slug_append(sb, st->abbr);
	}
	a->name = xstrdup(sb->buf);
	ga->name = xstrdup(sb->buf);

	if (kind != ASSET_ICS || rng_chance(r, 40)) {
		strbuf_reset(sb);
		slug_append(sb, p->stem);
		strbuf_addf(sb, "%02zu.%s", k + 1, go->domain);
		a->hostname = xstrdup(sb->buf);
	}

	ga->ip[0] = '\0';
	ga->is_public = false;
	if (kind == ASSET_ICS || kind == ASSET_WORKSTATION ||
	    kind == ASSET_OTHER || rng_chance(r, 35)) {
		snprintf(ga->ip, sizeof(ga->ip), "10.%d.%d.%d",
		         (int)(oi % 250) + 1, (int)rng_range(r, 0, 255),
		         (int)rng_range(r, 1, 254));
	} else if (kind != ASSET_CLOUD || rng_chance(r, 60)) {
		demo_doc_ip(r, ga->ip, sizeof(ga->ip));
		ga->is_public = true;
	}
	if (ga->ip[0]) {
		if (kind == ASSET_NETWORK && !ga->is_public &&
		    rng_chance(r, 20)) {
			strbuf_reset(sb);
			strbuf_addf(sb, "10.%d.%d.0/24", (int)(oi % 250) + 1,
			            (int)rng_range(r, 0, 255));
			a->ip = xstrdup(sb->buf);
		} else {
			a->ip = xstrdup(ga->ip);
		}
	}

	strbuf_reset(sb);
	if (kind == ASSET_ICS && nsites)
		strbuf_addf(sb, "%s, %s, %s", sec->sites[rng_below(r, nsites)],
		            city, st->name);
	else if (kind == ASSET_CLOUD)
		strbuf_addf(sb, "Nube pública (%s)", p->vendor);
	else
		strbuf_addf(sb, "%s, %s", city, st->name);
	a->location = xstrdup(sb->buf);

	a->vendor = xstrdup(p->vendor);
	a->product = xstrdup(p->name);
	if (strcmp(v->display, "-") != 0)
		a->product_version = xstrdup(v->display);
	if (p->hw_cpe)
		add_cpe(a, p->hw_cpe, "-:*");
	if (p->sw_cpe && v->cpe)
		add_cpe(a, p->sw_cpe, v->cpe);

	ga->criticality = a->criticality;
	ga->kind = kind;
}

static int
gen_assets(struct gen *g, struct err *e)
{
	struct rng r;
	struct strbuf sb;
	int64_t done = 0;
	int rc;

	rng_seed(&r, g->o->seed ^ UINT64_C(0x6173736574));
	plan_asset_counts(g, &r);
	strbuf_init(&sb);
	rc = store_begin(g->s, e);
	if (rc)
		goto out;
	for (size_t oi = 0; oi < g->n_orgs; oi++) {
		for (size_t k = 0; k < g->orgs[oi].n_assets; k++) {
			struct gen_asset *ga =
			    &g->assets[g->orgs[oi].first_asset + k];
			struct asset a;

			build_asset(g, &r, oi, k, &a, ga, &sb);
			rc = store_asset_upsert(g->s, &a, NULL, e);
			ga->id = a.meta.id;
			g->counts.cpes += (int64_t)a.cpes.n;
			asset_release(&a);
			if (rc) {
				store_rollback(g->s);
				goto out;
			}
			g->counts.assets++;
			rc = demo_batch_step(g, ++done, (int64_t)g->n_assets,
			                     "assets", e);
			if (rc)
				goto out;
		}
	}
out:
	strbuf_release(&sb);
	return rc;
}

/* ------------------------------------------------------------------ */

void
demo_opts_init(struct demo_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->scale = 1.0;
	o->seed = 1;
	o->prefix = "MX";
	o->batch = 10000;
}

static size_t
scaled(double scale, int base, size_t min)
{
	double v = floor((double)base * scale + 0.5);
	size_t n = v < 1 ? 1 : (size_t)v;

	return n < min ? min : n;
}

int
demo_generate(struct store *s, const struct demo_opts *o,
              struct demo_counts *out, struct err *e)
{
	struct audit_verify chain;
	struct gen g;
	struct strbuf detail;
	int rc;

	if (!(o->scale > 0) || o->scale > 10000)
		return err_set(e, ERR_INVALID,
		               "scale %g out of range (use a number above 0, "
		               "at most 10000)",
		               o->scale);
	if (o->n_alerts < 0 || o->n_alerts > DEMO_COUNT_MAX ||
	    o->n_incidents < 0 || o->n_incidents > DEMO_COUNT_MAX ||
	    o->n_assets < 0 || o->n_assets > DEMO_COUNT_MAX)
		return err_set(e, ERR_INVALID, "counts out of range (0 to %d)",
		               DEMO_COUNT_MAX);
	if (!o->prefix || !*o->prefix)
		return err_set(e, ERR_INVALID,
		               "empty incident reference prefix (set "
		               "reference-prefix, e.g. MX)");
	memset(&g, 0, sizeof(g));
	g.s = s;
	g.o = o;
	g.now = o->now ? o->now : DEMO_EPOCH;
	g.batch = o->batch > 0 ? o->batch : 10000;
	/* Every sector and state, every status: minimum sizes. */
	g.n_orgs = scaled(o->scale, DEMO_BASE_ORGANIZATIONS, demo_n_states);
	g.n_assets = scaled(o->scale, DEMO_BASE_ASSETS, g.n_orgs);
	g.n_incs =
	    scaled(o->scale, DEMO_BASE_INCIDENTS, 2 * INCIDENT_STATUS_COUNT);
	g.n_alerts = (int64_t)scaled(o->scale, DEMO_BASE_ALERTS, 1);
	/* Explicit counts, for a benchmark's shape (1M alerts, 100k
	 * incidents, 50k assets), keep the minimums above. */
	if (o->n_assets > 0)
		g.n_assets = (size_t)o->n_assets > g.n_orgs
		                 ? (size_t)o->n_assets
		                 : g.n_orgs;
	if (o->n_incidents > 0)
		g.n_incs = (size_t)o->n_incidents > 2 * INCIDENT_STATUS_COUNT
		               ? (size_t)o->n_incidents
		               : 2 * INCIDENT_STATUS_COUNT;
	if (o->n_alerts > 0)
		g.n_alerts = o->n_alerts;
	g.orgs = xcalloc(g.n_orgs, sizeof(*g.orgs));
	g.assets = xcalloc(g.n_assets, sizeof(*g.assets));
	g.incs = xcalloc(g.n_incs, sizeof(*g.incs));
	g.name_set_size = 64;
	while (g.name_set_size < 2 * g.n_orgs)
		g.name_set_size *= 2;
	g.name_set = xcalloc(g.name_set_size, sizeof(*g.name_set));
	strbuf_init(&g.tmp);
	strbuf_init(&detail);

	/* the batches commit before the one audit entry at the end: a broken
	 * audit chain, which would refuse that entry, refuses them first */
	rc = store_audit_check(s, &chain, e);
	if (rc == 0)
		rc = gen_organizations(&g, e);
	if (rc == 0)
		rc = gen_assets(&g, e);
	if (rc == 0)
		rc = demo_gen_incidents(&g, e);
	if (rc == 0)
		rc = demo_gen_alerts(&g, e);
	if (rc == 0)
		rc = demo_gen_links(&g, e);
	if (rc == 0) {
		strbuf_addf(&detail, "scale %g seed %" PRIu64, o->scale,
		            o->seed);
		rc = store_begin(s, e);
		if (rc == 0)
			rc = store_audit_append(
			    s, o->actor ? o->actor : "demo-data", "demo-data",
			    NULL, NULL, detail.buf, e);
		if (rc == 0)
			rc = store_commit(s, e);
	}
	if (rc && store_in_transaction(s))
		store_rollback(
		    s); /* the batch that failed; earlier ones stay */
	if (out)
		*out = g.counts;

	for (size_t i = 0; i < g.n_orgs; i++) {
		free(g.orgs[i].name);
		free(g.orgs[i].domain);
		free(g.orgs[i].abuse);
	}
	for (size_t i = 0; i < g.n_assets; i++)
		free(g.assets[i].name);
	for (size_t i = 0; i < g.n_incs; i++)
		incident_release(&g.incs[i].inc);
	free(g.orgs);
	free(g.assets);
	free(g.incs);
	free(g.name_set);
	strbuf_release(&g.tmp);
	strbuf_release(&detail);
	return rc;
}
