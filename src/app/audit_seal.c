/*
 * Sealing a break of the audit chain: see include/centinela/app/audit_seal.h.
 */
#include "centinela/app/audit_seal.h"

#include <inttypes.h>
#include <stdlib.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/store/audit.h"

int
app_audit_seal(struct app *app, const char *reason, struct audit_verify *r,
               struct err *e)
{
	int rc;

	if ((rc = app_check_writable(app, "audit seal", e)))
		return rc;
	if (!app->store && (rc = app_open_store(app, e)))
		return rc;
	return store_audit_seal(app->store,
	                        app->analyst && *app->analyst ? app->analyst
	                                                      : "unknown",
	                        reason, r, e);
}

void
app_audit_seal_said(const struct audit_verify *r, struct strbuf *out)
{
	char *detail = sanitize_dup(r->last_seal.detail, 0);

	strbuf_addf(out,
	            "sealed the break at entry %" PRId64 " with entry %" PRId64
	            " (%s); changes are recorded again",
	            r->last_seal.sealed_id, r->last_seal.id, detail);
	free(detail);
}
