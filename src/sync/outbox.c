/* Retrying and dropping outbox entries (see sync/outbox.h). */
#include "centinela/sync/outbox.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/incident.h"
#include "centinela/model/record.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"

char *
sync_outbox_entry_ref(struct store *s, const struct outbox_entry *o)
{
	char buf[64];

	if (o->entity == OUTBOX_INCIDENT) {
		struct incident inc;
		char *ref = NULL;

		incident_init(&inc);
		if (!store_incident_get(s, o->entity_id, &inc, NULL) &&
		    inc.reference)
			ref = xstrdup(inc.reference);
		incident_release(&inc);
		if (ref)
			return ref;
	}
	snprintf(buf, sizeof(buf), "%s:%lld", outbox_entity_name(o->entity),
	         (long long)o->entity_id);
	return xstrdup(buf);
}

/* Begin, read entry id and its row's name; the caller ends the work. */
static int
open_entry(struct store *s, int64_t id, struct outbox_entry *o, char **ref,
           struct err *e)
{
	int rc = store_begin(s, e);

	*ref = NULL;
	if (rc)
		return rc;
	rc = store_outbox_get(s, id, o, NULL, e);
	if (!rc)
		*ref = sync_outbox_entry_ref(s, o);
	return rc;
}

/* Append the audit entry and commit, or roll back when rc is an error. */
static int
close_entry(struct store *s, int rc, const char *actor, const char *action,
            const struct outbox_entry *o, const char *ref, const char *detail,
            struct err *e)
{
	if (!rc)
		rc = store_audit_append(s, actor && *actor ? actor : "unknown",
		                        action, outbox_entity_name(o->entity),
		                        ref, detail, e);
	if (!rc)
		rc = store_commit(s, e);
	if (rc && store_in_transaction(s))
		store_rollback(s);
	return rc;
}

int
sync_outbox_retry(struct store *s, int64_t id, const char *actor, struct err *e)
{
	struct outbox_entry o;
	char key[UUID_STR_LEN + 1], detail[400];
	char *ref = NULL;
	int rc;

	outbox_entry_init(&o);
	detail[0] = '\0';
	rc = open_entry(s, id, &o, &ref, e);
	if (!rc)
		rc = store_outbox_retry(s, id, key, e);
	if (!rc)
		snprintf(detail, sizeof(detail),
		         "outbox %lld %s: sent again with key %s (it failed: "
		         "%.200s)",
		         (long long)id, outbox_op_name(o.operation), key,
		         o.last_error ? o.last_error : "?");
	rc = close_entry(s, rc, actor, "outbox.retry", &o, ref, detail, e);
	free(ref);
	outbox_entry_release(&o);
	return rc;
}

/*
 * Dropping the entry that creates incident o->incident_id at the server:
 * refused while other open entries need it; else the incident is local.
 */
static int
drop_creation(struct store *s, const struct outbox_entry *o, const char *ref,
              bool *is_local, struct err *e)
{
	char *source = NULL, *remote = NULL;
	int64_t version = 0, others = 0;
	int rc;

	*is_local = false;
	if (!o->incident_id ||
	    !outbox_edit_makes_incident(o->entity, o->operation, o->fields))
		return 0;
	rc = store_record_remote(s, OUTBOX_INCIDENT, o->incident_id, &source,
	                         &remote, &version, e);
	if (rc == ERR_NOTFOUND)
		return 0;
	if (!rc && !remote)
		rc = store_outbox_dependents(s, o->incident_id, o->id, &others,
		                             e);
	if (!rc && !remote && others)
		rc = err_set(e, ERR_INVALID,
		             "outbox entry %lld creates incident:%lld at '%s' "
		             "(from %s), and %lld other entr%s need%s it; drop "
		             "those first (see 'centinela outbox')",
		             (long long)o->id, (long long)o->incident_id,
		             o->source, ref, (long long)others,
		             others == 1 ? "y" : "ies", others == 1 ? "s" : "");
	if (!rc && !remote) {
		rc = store_record_set_remote(s, OUTBOX_INCIDENT, o->incident_id,
		                             RECORD_SOURCE_LOCAL, NULL, e);
		*is_local = rc == 0;
	}
	free(source);
	free(remote);
	return rc;
}

int
sync_outbox_drop(struct store *s, int64_t id, const char *actor, struct err *e)
{
	struct outbox_entry o;
	char detail[400];
	char *ref = NULL;
	bool is_local = false;
	int rc;

	outbox_entry_init(&o);
	detail[0] = '\0';
	rc = open_entry(s, id, &o, &ref, e);
	if (!rc && o.state == OUTBOX_CONFLICT)
		rc = err_set(e, ERR_INVALID,
		             "outbox entry %lld is in conflict: settle it with "
		             "'conflict take-server %lld' (drops yours) or "
		             "'conflict keep-mine %lld'",
		             (long long)id, (long long)id, (long long)id);
	else if (!rc && o.state != OUTBOX_PENDING && o.state != OUTBOX_FAILED)
		rc =
		    err_set(e, ERR_INVALID,
		            "outbox entry %lld is %s: there is nothing to drop",
		            (long long)id, outbox_state_name(o.state));
	if (!rc)
		rc = drop_creation(s, &o, ref, &is_local, e);
	if (!rc)
		rc = store_outbox_drop(s, id, e);
	if (!rc)
		snprintf(
		    detail, sizeof(detail),
		    "outbox %lld %s: dropped, never to be sent (it was %s%s"
		    "%.200s)%s",
		    (long long)id, outbox_op_name(o.operation),
		    outbox_state_name(o.state), o.last_error ? ": " : "",
		    o.last_error ? o.last_error : "",
		    is_local ? "; the incident stays in this cache only" : "");
	rc = close_entry(s, rc, actor, "outbox.drop", &o, ref, detail, e);
	free(ref);
	outbox_entry_release(&o);
	return rc;
}
