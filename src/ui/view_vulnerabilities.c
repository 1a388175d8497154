/*
 * The vulnerabilities view: the CVEs of the cache (the CISA KEV catalog
 * that `import kev` brings, scores and EPSS where a source gave them), and
 * a vulnerability's detail with its required action and CPE criteria.
 */
#include "centinela/app/columns.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/vulnerability.h"
#include "internal.h"

VIEW_LIST_ROWS(vulnerability, STORE_VULNERABILITIES)

/* The page is the catalog's layout (app/columns.c), CPEs included. */
static int
detail(struct store *s, const struct app *app, int64_t id, int64_t now,
       struct detail *d, struct err *e)
{
	struct vulnerability v;
	int rc;

	(void)app;
	rc = store_vulnerability_get_by_id(s, id, &v, e);
	if (rc)
		return rc;
	rc = view_layout_detail(
	    s, d, columns_catalog_of(STORE_VULNERABILITIES)->detail, &v, now,
	    e);
	vulnerability_release(&v);
	return rc;
}

const struct view_ops view_vulnerabilities_ops = {
    .name = "vulnerabilities",
    VIEW_LIST_OPS(vulnerability, STORE_VULNERABILITIES),
    .detail = detail,
    .is_on_demand = true,
    .is_shown_with_rows = true,
};
