/*
 * The SLA targets in force: see include/centinela/store/sla.h. The
 * arithmetic itself lives twice, in model/sla.c and in the triggers of
 * schema_v2.sql.inc; the recomputation below is the triggers' formula.
 */
#include "centinela/store/sla.h"

#include "centinela/base/err.h"
#include "centinela/model/enums.h"
#include "internal.h"

static const char sql_get[] =
    "SELECT severity, response_s, resolution_s FROM sla_target";

static const char sql_put[] =
    "INSERT INTO sla_target(severity, response_s, resolution_s) VALUES "
    "(?1, ?2, ?3) ON CONFLICT(severity) DO UPDATE SET response_s = "
    "excluded.response_s, resolution_s = excluded.resolution_s";

/* The triggers' formula, for the open incidents (index incident_status). */
static const char sql_recompute[] =
    "UPDATE incident SET due_at = opened_at + sla_paused_s + ("
    "SELECT CASE WHEN incident.first_response_at IS NULL THEN "
    "sla_target.response_s ELSE sla_target.resolution_s END FROM "
    "sla_target WHERE sla_target.severity = incident.severity) "
    "WHERE status IN ('new', 'triage', 'in_progress', 'waiting', "
    "'contained')";

int
store_sla_targets(struct store *s, struct sla_targets *out, struct err *e)
{
	sqlite3_stmt *st = store_stmt(s, sql_get, e);
	int step;

	if (!st)
		return ERR_DB;
	*out = (struct sla_targets){{0}, {0}};
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t sev = sqlite3_column_int64(st, 0);

		if (sev < SEVERITY_INFO || sev > SEVERITY_CRITICAL)
			continue;
		out->response[sev] = sqlite3_column_int64(st, 1);
		out->resolution[sev] = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return step == SQLITE_DONE
	           ? 0
	           : store_db_err(s, e, "cannot read SLA targets");
}

static int
check_targets(const struct sla_targets *t, struct err *e)
{
	for (int sev = SEVERITY_INFO; sev <= SEVERITY_CRITICAL; sev++) {
		const int64_t v[2] = {t->response[sev], t->resolution[sev]};

		for (int i = 0; i < 2; i++)
			if (v[i] < SLA_TARGET_MIN || v[i] > SLA_TARGET_MAX)
				return err_set(
				    e, ERR_INVALID,
				    "invalid SLA %s target for severity '%s': "
				    "%lld seconds (expected %d to %d)",
				    i ? "resolution" : "response",
				    severity_name(sev), (long long)v[i],
				    SLA_TARGET_MIN, SLA_TARGET_MAX);
	}
	return 0;
}

int
store_sla_set_targets(struct store *s, const struct sla_targets *t,
                      bool *has_changed, struct err *e)
{
	struct sla_targets cur;
	sqlite3_stmt *st;
	bool is_own = false;
	int rc;

	if (has_changed)
		*has_changed = false;
	if ((rc = check_targets(t, e)))
		return rc;
	if ((rc = store_sla_targets(s, &cur, e)))
		return rc;
	if (sla_targets_equal(&cur, t))
		return 0;
	if ((rc = store_tx_enter(s, &is_own, e)))
		return rc;
	for (int sev = SEVERITY_INFO; !rc && sev <= SEVERITY_CRITICAL; sev++) {
		if (!(st = store_stmt(s, sql_put, e))) {
			rc = ERR_DB;
			break;
		}
		sqlite3_bind_int(st, 1, sev);
		sqlite3_bind_int64(st, 2, t->response[sev]);
		sqlite3_bind_int64(st, 3, t->resolution[sev]);
		rc = store_step_done(s, st, "cannot store SLA targets", e);
	}
	if (!rc && !(st = store_stmt(s, sql_recompute, e)))
		rc = ERR_DB;
	if (!rc)
		rc =
		    store_step_done(s, st, "cannot recompute SLA deadlines", e);
	rc = store_tx_leave(s, is_own, rc, e);
	if (!rc && has_changed)
		*has_changed = true;
	return rc;
}
