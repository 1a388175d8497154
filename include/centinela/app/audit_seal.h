/*
 * Sealing a break of the audit chain (store/audit.h), for `centinela audit
 * seal --reason TEXT` and the console's `audit seal REASON...`: a change
 * the analyst makes, so refused read-only and recorded under the
 * analyst's name.
 */
#ifndef CENTINELA_APP_AUDIT_SEAL_H
#define CENTINELA_APP_AUDIT_SEAL_H

struct app;
struct audit_verify;
struct err;
struct strbuf;

/*
 * Seal the first break of the chain in app's cache (opened when it is not)
 * with reason (borrowed). *r as store_audit_seal fills it. Returns 0,
 * ERR_PERM read-only, ERR_INVALID (an intact chain, a bad reason), or
 * ERR_DB.
 */
int app_audit_seal(struct app *app, const char *reason, struct audit_verify *r,
                   struct err *e);

/*
 * What a seal did, one line (no newline) appended to out: "sealed the
 * break at entry 5 (entry 5: ...) with entry 12; changes are recorded
 * again". Sanitized for a terminal.
 */
void app_audit_seal_said(const struct audit_verify *r, struct strbuf *out);

#endif
