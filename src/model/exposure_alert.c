/*
 * The exposure alert rule and the alert it makes. See
 * include/centinela/model/exposure_alert.h.
 */
#include "centinela/model/exposure_alert.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/alert.h"

void
exposure_rule_default(struct exposure_rule *r)
{
	r->criticality = EXPOSURE_RULE_CRITICALITY;
	r->epss = EXPOSURE_RULE_EPSS;
}

int
exposure_rule_parse_epss(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s || (*s != '.' && (*s < '0' || *s > '9')))
		return ERR_INVALID;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || v < 0 || v > 1)
		return ERR_INVALID;
	*out = v;
	return 0;
}

static bool
epss_qualifies(const struct exposure_rule *r, const struct exposure_facts *f)
{
	return f->epss >= 0 && f->epss >= r->epss;
}

bool
exposure_qualifies(const struct exposure_rule *r,
                   const struct exposure_facts *f)
{
	return f->criticality >= r->criticality &&
	       (f->is_kev || epss_qualifies(r, f));
}

enum severity
exposure_alert_severity(const struct exposure_facts *f)
{
	int by_asset = f->criticality < SEVERITY_INFO       ? SEVERITY_INFO
	               : f->criticality > SEVERITY_CRITICAL ? SEVERITY_CRITICAL
	                                                    : f->criticality;
	int by_cvss = f->cvss >= 9.0   ? SEVERITY_CRITICAL
	              : f->cvss >= 7.0 ? SEVERITY_HIGH
	              : f->cvss >= 4.0 ? SEVERITY_MEDIUM
	              : f->cvss > 0    ? SEVERITY_LOW
	                               : SEVERITY_INFO;

	return (enum severity)(by_asset > by_cvss ? by_asset : by_cvss);
}

/* "YYYY-MM-DD" of t into out[11]. */
static void
format_day(int64_t t, char *out)
{
	char iso[32];

	time_format_iso8601(t, iso);
	snprintf(out, 11, "%.10s", iso);
}

void
exposure_alert_build(const struct exposure_rule *r,
                     const struct exposure_facts *f, int64_t now,
                     struct alert *out)
{
	bool by_epss = epss_qualifies(r, f);
	struct strbuf sb;
	char day[11];

	strbuf_init(&sb);
	out->meta.source = xstrdup(EXPOSURE_SOURCE);
	out->meta.remote_id =
	    xasprintf("asset:%lld:%s", (long long)f->asset_id, f->cve_id);
	out->feed_name = xstrdup(EXPOSURE_SOURCE);
	out->feed_provider = xstrdup("centinela matching");
	out->taxonomy_class = xstrdup("vulnerable");
	out->taxonomy_type = xstrdup("vulnerable-system");
	out->tlp = TLP_AMBER;
	out->severity = exposure_alert_severity(f);
	out->status = ALERT_NEW;
	out->observed_at = out->received_at = now;
	out->asset_id = f->asset_id;
	out->sector = xstrdup_or_null(f->sector);

	strbuf_addf(&sb, "%s exposes %s (", f->cve_id, f->asset);
	if (f->is_kev)
		strbuf_adds(&sb, f->is_ransomware ? "KEV, ransomware" : "KEV");
	if (by_epss)
		strbuf_addf(&sb, "%sEPSS %.2f", f->is_kev ? ", " : "", f->epss);
	strbuf_addch(&sb, ')');
	out->title = strbuf_detach(&sb, NULL);

	strbuf_addf(&sb, "Asset %s (criticality %d", f->asset, f->criticality);
	if (f->organization)
		strbuf_addf(&sb, ", %s", f->organization);
	if (f->sector)
		strbuf_addf(&sb, ", sector %s", f->sector);
	strbuf_addf(&sb, ") is exposed to %s", f->cve_id);
	if (f->cpe)
		strbuf_addf(&sb, " through %s", f->cpe);
	strbuf_adds(&sb, ".\n");
	if (f->is_kev) {
		strbuf_adds(&sb, "Listed in CISA's Known Exploited "
		                 "Vulnerabilities catalog");
		if (f->kev_due_at) {
			format_day(f->kev_due_at, day);
			strbuf_addf(&sb, ", action due %s", day);
		}
		if (f->is_ransomware)
			strbuf_adds(&sb, ", known ransomware campaign use");
		strbuf_adds(&sb, ".\n");
	}
	if (f->epss >= 0) {
		strbuf_addf(&sb, "EPSS %.4f", f->epss);
		if (f->epss_percentile >= 0)
			strbuf_addf(&sb, " (percentile %.4f)",
			            f->epss_percentile);
		strbuf_addf(&sb, "%s the threshold %g.\n",
		            by_epss ? ", at or above" : ", below", r->epss);
	}
	if (f->cvss >= 0)
		strbuf_addf(&sb, "CVSS %.1f.\n", f->cvss);
	if (f->vuln_title)
		strbuf_addf(&sb, "%s\n", f->vuln_title);
	out->description = strbuf_detach(&sb, NULL);
}
