/*
 * The vulnerabilities view: the CVEs of the cache (the CISA KEV catalog
 * that `import kev` brings, scores and EPSS where a source gave them), and
 * a vulnerability's detail with its required action and CPE criteria.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/timeutil.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/vulnerability.h"
#include "internal.h"

static void
release(void *row)
{
	vulnerability_release(row);
}

static int64_t
row_id(const void *row)
{
	return ((const struct vulnerability *)row)->meta.id;
}

/* "2026-03-14" into out[TIME_ISO_MAX], "" for 0. */
static void
date_text(int64_t t, char *out)
{
	out[0] = '\0';
	if (t) {
		time_format_iso8601(t, out);
		out[10] = '\0';
	}
}

/* The columns' cells are the catalog's (app/columns.c). */
static void
cells(const void *row, int64_t now, struct ui_table_row *out)
{
	view_catalog_cells(STORE_VULNERABILITIES, row, now, out);
}

static void
date_field(struct detail *d, const char *label, int64_t t)
{
	char buf[TIME_ISO_MAX];

	date_text(t, buf);
	detail_field(d, label, t ? buf : NULL);
}

static int
detail(struct store *s, int64_t id, int64_t now, struct detail *d,
       struct err *e)
{
	struct vulnerability v;
	char buf[64];
	int rc;

	(void)now;
	rc = store_vulnerability_get_by_id(s, id, &v, e);
	if (rc)
		return rc;
	free(d->title);
	d->title = ui_clean(v.cve_id);
	detail_field(d, "Title", v.title);
	detail_field(d, "Vendor", v.vendor);
	detail_field(d, "Product", v.product);
	detail_field(d, "KEV", v.is_kev ? "listed" : "no");
	date_field(d, "Added", v.kev_added_at);
	date_field(d, "Due", v.kev_due_at);
	detail_field(d, "Ransomware",
	             v.is_ransomware ? "known use" : "none known");
	buf[0] = '\0';
	if (v.cvss_score >= 0)
		snprintf(buf, sizeof(buf), "%.1f", v.cvss_score);
	detail_field(d, "CVSS", buf[0] ? buf : NULL);
	detail_field(d, "Vector", v.cvss_vector);
	buf[0] = '\0';
	if (v.epss >= 0)
		snprintf(buf, sizeof(buf), "%.5f (percentile %.5f)", v.epss,
		         v.epss_percentile < 0 ? 0 : v.epss_percentile);
	detail_field(d, "EPSS", buf[0] ? buf : NULL);
	date_field(d, "Published", v.published_at);
	detail_field(d, "Source", v.meta.source);
	detail_add(d, "detail.section", -1, 0, "Description");
	detail_text(d, "detail.value", v.description ? v.description : "-");
	detail_add(d, "detail.section", -1, 0, "Required action");
	detail_text(d, "detail.value", v.kev_action ? v.kev_action : "-");
	detail_add(d, "detail.section", -1, 0, "CPE criteria (%zu)", v.n_cpes);
	for (size_t i = 0; i < v.n_cpes; i++)
		detail_add(d, "detail.value", -1, 0, "  %s%s",
		           v.cpes[i].criteria,
		           v.cpes[i].is_vulnerable ? "" : " (not vulnerable)");
	if (!v.n_cpes)
		detail_add(d, "detail.value", -1, 0, "  none");
	vulnerability_release(&v);
	return 0;
}

const struct view_ops view_vulnerabilities_ops = {
    .name = "vulnerabilities",
    .entity = STORE_VULNERABILITIES,
    .row_size = sizeof(struct vulnerability),
    .row_release = release,
    .row_id = row_id,
    .cells = cells,
    .detail = detail,
    .is_on_demand = true,
    .is_shown_with_rows = true,
};
