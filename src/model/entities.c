/*
 * Lifecycles of the model structs: init zeroes and sets defaults, release
 * frees every owned field. See the headers in include/centinela/model/.
 */
#include "centinela/model/record.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/epss.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"

void
record_meta_init(struct record_meta *m)
{
	memset(m, 0, sizeof(*m));
	m->local_state = LOCAL_SYNCED;
}

void
record_meta_release(struct record_meta *m)
{
	free(m->source);
	free(m->remote_id);
	record_meta_init(m);
}

void
organization_init(struct organization *o)
{
	memset(o, 0, sizeof(*o));
	record_meta_init(&o->meta);
}

void
organization_release(struct organization *o)
{
	record_meta_release(&o->meta);
	free(o->name);
	free(o->sector);
	free(o->region);
	free(o->contact);
	free(o->abuse_contact);
	organization_init(o);
}

void
asset_init(struct asset *a)
{
	memset(a, 0, sizeof(*a));
	record_meta_init(&a->meta);
	a->kind = ASSET_OTHER;
	a->criticality = 3;
	strvec_init(&a->cpes);
}

void
asset_release(struct asset *a)
{
	record_meta_release(&a->meta);
	free(a->name);
	free(a->organization);
	free(a->sector);
	free(a->hostname);
	free(a->ip);
	free(a->location);
	free(a->vendor);
	free(a->product);
	free(a->product_version);
	strvec_release(&a->cpes);
	asset_init(a);
}

void
alert_init(struct alert *a)
{
	memset(a, 0, sizeof(*a));
	record_meta_init(&a->meta);
	a->severity = SEVERITY_MEDIUM;
	a->tlp = TLP_AMBER;
	a->status = ALERT_NEW;
}

void
alert_release(struct alert *a)
{
	record_meta_release(&a->meta);
	free(a->title);
	free(a->description);
	free(a->taxonomy_class);
	free(a->taxonomy_type);
	for (size_t i = 0; i < a->n_observables; i++)
		free(a->observables[i].value);
	free(a->observables);
	free(a->feed_name);
	free(a->feed_provider);
	free(a->organization);
	free(a->sector);
	free(a->asset);
	free(a->incident_ref);
	free(a->event_hash);
	free(a->raw_json);
	alert_init(a);
}

void
alert_add_observable(struct alert *a, enum observable_type t, const char *value)
{
	a->observables = xreallocarray(a->observables, a->n_observables + 1,
	                               sizeof(*a->observables));
	a->observables[a->n_observables].type = t;
	a->observables[a->n_observables].value = xstrdup(value);
	a->n_observables++;
}

static int
cmp_observable(const void *x, const void *y)
{
	const struct observable *a = x, *b = y;

	if (a->type != b->type)
		return (int)a->type - (int)b->type;
	return strcmp(a->value, b->value);
}

void
alert_event_hash(const struct alert *a, char *out)
{
	struct observable *sorted = NULL;
	struct sha256 *h = sha256_new();
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s\n%s\n%lld\n",
	            a->taxonomy_class ? a->taxonomy_class : "",
	            a->taxonomy_type ? a->taxonomy_type : "",
	            (long long)a->observed_at);
	if (a->n_observables) {
		sorted = xreallocarray(NULL, a->n_observables, sizeof(*sorted));
		memcpy(sorted, a->observables,
		       a->n_observables * sizeof(*sorted));
		qsort(sorted, a->n_observables, sizeof(*sorted),
		      cmp_observable);
	}
	for (size_t i = 0; i < a->n_observables; i++)
		strbuf_addf(&sb, "%s=%s\n",
		            observable_type_name(sorted[i].type),
		            sorted[i].value);
	if (!a->n_observables) /* nothing observable: the title tells events apart */
		strbuf_addf(&sb, "title=%s\n", a->title ? a->title : "");
	sha256_update(h, sb.buf, sb.len);
	sha256_final_hex(h, out);
	free(sorted);
	strbuf_release(&sb);
}

void
incident_init(struct incident *inc)
{
	memset(inc, 0, sizeof(*inc));
	record_meta_init(&inc->meta);
	inc->severity = SEVERITY_MEDIUM;
	inc->priority = 3;
	inc->status = INCIDENT_NEW;
	inc->tlp = TLP_AMBER;
	inc->pap = PAP_AMBER;
	strvec_init(&inc->alert_ids);
	strvec_init(&inc->asset_ids);
}

void
incident_release(struct incident *inc)
{
	record_meta_release(&inc->meta);
	free(inc->reference);
	free(inc->title);
	free(inc->description);
	free(inc->category);
	free(inc->category_type);
	free(inc->assignee);
	free(inc->organization);
	free(inc->sector);
	strvec_release(&inc->alert_ids);
	strvec_release(&inc->asset_ids);
	for (size_t i = 0; i < inc->n_notes; i++) {
		free(inc->notes[i].remote_id);
		free(inc->notes[i].author);
		free(inc->notes[i].body);
	}
	free(inc->notes);
	incident_init(inc);
}

void
incident_add_note(struct incident *inc, const char *author, int64_t created_at,
                  const char *body)
{
	struct note *n;

	inc->notes =
	    xreallocarray(inc->notes, inc->n_notes + 1, sizeof(*inc->notes));
	n = &inc->notes[inc->n_notes++];
	memset(n, 0, sizeof(*n));
	n->author = xstrdup(author);
	n->created_at = created_at;
	n->body = xstrdup(body);
}

void
incident_sla(const struct incident *inc, int64_t now, struct sla_result *out)
{
	sla_evaluate(
	    inc->due_at, inc->status, inc->waiting_since,
	    inc->closed_at ? inc->closed_at : inc->meta.updated_at,
	    inc->due_at ? inc->due_at - inc->opened_at - inc->sla_paused_s : 0,
	    now, out);
}

void
incident_sla_text(const struct incident *inc, int64_t now, char *out,
                  size_t outsz)
{
	struct sla_result r;

	incident_sla(inc, now, &r);
	sla_format(&r, out, outsz);
}

bool
incident_reference_valid(const char *ref)
{
	const char *p = ref;
	size_t n = 0;

	while (*p >= 'A' && *p <= 'Z') {
		p++;
		n++;
	}
	if (n < 2 || n > 8 || *p++ != '-')
		return false;
	for (n = 0; n < 4; n++, p++)
		if (!isdigit((unsigned char)*p))
			return false;
	if (*p++ != '-')
		return false;
	for (n = 0; isdigit((unsigned char)*p); p++)
		n++;
	return n >= 5 && !*p;
}

void
vulnerability_init(struct vulnerability *v)
{
	memset(v, 0, sizeof(*v));
	record_meta_init(&v->meta);
	v->cvss_score = -1;
	v->epss = -1;
	v->epss_percentile = -1;
	v->epss_prev = -1;
}

void
vulnerability_release(struct vulnerability *v)
{
	record_meta_release(&v->meta);
	free(v->cve_id);
	free(v->vendor);
	free(v->product);
	free(v->title);
	free(v->description);
	free(v->cvss_vector);
	free(v->kev_action);
	for (size_t i = 0; i < v->n_cpes; i++) {
		free(v->cpes[i].criteria);
		free(v->cpes[i].version_start_incl);
		free(v->cpes[i].version_start_excl);
		free(v->cpes[i].version_end_incl);
		free(v->cpes[i].version_end_excl);
	}
	free(v->cpes);
	free(v->description_es);
	free(v->vuln_status);
	free(v->source_identifier);
	for (size_t i = 0; i < v->n_metrics; i++) {
		free(v->metrics[i].version);
		free(v->metrics[i].vector);
		free(v->metrics[i].severity);
		free(v->metrics[i].source);
	}
	free(v->metrics);
	for (size_t i = 0; i < v->n_cwes; i++)
		free(v->cwes[i]);
	free(v->cwes);
	for (size_t i = 0; i < v->n_refs; i++) {
		free(v->refs[i].url);
		free(v->refs[i].source);
		free(v->refs[i].tags);
	}
	free(v->refs);
	for (size_t i = 0; i < v->n_configs; i++)
		cpe_config_release(&v->configs[i]);
	free(v->configs);
	if (v->prepared)
		v->prepared_free(v->prepared);
	vulnerability_init(v);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
vulnerability_flatten_configs(struct vulnerability *v)
{
	for (size_t c = 0; c < v->n_configs; c++) {
		const struct cpe_config *cfg = &v->configs[c];

		for (size_t n = 0; n < cfg->n_nodes; n++) {
			const struct cpe_node *node = &cfg->nodes[n];

			for (size_t m = 0; m < node->n_matches; m++) {
				const struct cpe_match *cm = &node->matches[m];
				struct vuln_cpe *out;

				v->cpes = xreallocarray(v->cpes, v->n_cpes + 1,
				                        sizeof(*v->cpes));
				out = &v->cpes[v->n_cpes++];
				out->criteria = xstrdup(cm->criteria);
				out->version_start_incl =
				    dup_or_null(cm->bounds.start_including);
				out->version_start_excl =
				    dup_or_null(cm->bounds.start_excluding);
				out->version_end_incl =
				    dup_or_null(cm->bounds.end_including);
				out->version_end_excl =
				    dup_or_null(cm->bounds.end_excluding);
				out->is_vulnerable = cm->is_vulnerable;
			}
		}
	}
}

bool
cve_id_valid(const char *s)
{
	size_t n = 0;

	if (strncmp(s, "CVE-", 4) != 0)
		return false;
	s += 4;
	for (int i = 0; i < 4; i++, s++)
		if (!isdigit((unsigned char)*s))
			return false;
	if (*s++ != '-')
		return false;
	for (; isdigit((unsigned char)*s); s++)
		n++;
	return n >= 4 && !*s;
}

void
epss_score_init(struct epss_score *s)
{
	memset(s, 0, sizeof(*s));
}

void
epss_score_release(struct epss_score *s)
{
	free(s->cve_id);
	free(s->model_version);
	epss_score_init(s);
}
