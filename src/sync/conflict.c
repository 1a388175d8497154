/*
 * Settling conflicts (see conflict.h). The server's object is read by the
 * driver of the entry's source (feed_ops: conflict_object finds its
 * version, conflict_parse reads it as a row); writing it to the cache goes
 * through sync_apply_batch, exactly as a pulled page would.
 */
#include "centinela/sync/conflict.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/incident.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/outbox.h"
#include "centinela/store/store.h"
#include "centinela/sync/apply.h"
#include "centinela/sync/outbox.h"
#include "centinela/sync/source.h"

static const char *const choice_names[] = {"keep-mine", "take-server"};

const char *
sync_conflict_choice_name(enum sync_conflict_choice c)
{
	return (unsigned)c < 2 ? choice_names[c] : "?";
}

const struct feed_ops *
sync_conflict_driver(const struct outbox_entry *o,
                     const struct sync_source *sources, size_t n_sources,
                     struct err *e)
{
	const struct feed_ops *ops;
	const char *name = o->source ? o->source : "";

	for (size_t i = 0; i < n_sources; i++) {
		if (strcmp(sources[i].name, name) != 0)
			continue;
		ops = feed_find(sources[i].driver);
		if (!feed_takes_writes(ops) || !ops->conflict_object ||
		    !ops->conflict_parse) {
			err_set(e, ERR_INVALID,
			        "driver '%s' of source '%s' (outbox entry "
			        "%lld) does not take writes",
			        sources[i].driver, name, (long long)o->id);
			return NULL;
		}
		return ops;
	}
	err_set(e, ERR_NOTFOUND,
	        "source '%s' of outbox entry %lld is no longer configured; "
	        "add it back with `source %s DRIVER url=...` or drop the "
	        "entry with `outbox drop %lld`",
	        name, (long long)o->id, name, (long long)o->id);
	return NULL;
}

int
sync_conflict_server_object(const struct feed_ops *ops,
                            const char *server_payload, char **object,
                            int64_t *version, struct err *e)
{
	char *obj = NULL;
	int64_t v = 0;
	int rc;

	if (object)
		*object = NULL;
	if (version)
		*version = 0;
	if (!ops || !ops->conflict_object)
		return err_set(e, ERR_INVALID,
		               "no driver to read the server's object");
	rc = ops->conflict_object(server_payload, &obj, &v, e);
	if (rc) {
		free(obj);
		return rc;
	}
	if (object)
		*object = obj;
	else
		free(obj);
	if (version)
		*version = v;
	return 0;
}

/* Write the server's object over the row, as a pull would. */
static int
take_server(struct store *s, const struct feed_ops *ops,
            const struct outbox_entry *o, const char *object, struct err *e)
{
	struct sync_apply_result res = {0};
	struct feed_batch batch;
	int64_t open = 0;
	int rc;

	if ((rc = store_outbox_set_state(s, o->id, OUTBOX_DONE, NULL, 0, e)))
		return rc;
	if (!outbox_entity_is_row(o->entity))
		return 0; /* a note or bulletin: nothing to overwrite */
	if ((rc = store_outbox_open_for(s, o->entity, o->entity_id, &open, e)))
		return rc;
	/* Later edits of the row still wait: it stays theirs (dirty). */
	if (open)
		return 0;
	if ((rc = store_record_set_state(s, o->entity, o->entity_id,
	                                 LOCAL_SYNCED, e)))
		return rc;
	feed_batch_init(&batch);
	batch.source = o->source;
	rc = ops->conflict_parse(object, o->entity, &batch, e);
	if (!rc && batch.n_errors)
		rc =
		    err_set(e, ERR_INVALID, "the server object was refused: %s",
		            batch.errors[0].message);
	if (!rc)
		rc = sync_apply_batch(s, o->source, &batch, &res, e);
	feed_batch_release(&batch);
	return rc;
}

int
sync_conflict_resolve(struct store *s, const struct sync_source *sources,
                      size_t n_sources, int64_t id,
                      enum sync_conflict_choice choice, const char *actor,
                      struct err *e)
{
	const struct feed_ops *ops;
	struct outbox_entry o;
	char *server = NULL, *object = NULL, *ref = NULL;
	char key[UUID_STR_LEN + 1], detail[160];
	int64_t version = 0;
	bool is_open = false;
	int rc;

	outbox_entry_init(&o);
	rc = store_begin(s, e);
	if (rc)
		return rc;
	is_open = true;
	if ((rc = store_outbox_get(s, id, &o, &server, e)))
		goto out;
	if (o.state != OUTBOX_CONFLICT) {
		rc = err_set(e, ERR_INVALID,
		             "outbox entry %lld is %s, not in conflict",
		             (long long)id, outbox_state_name(o.state));
		goto out;
	}
	if (!(ops = sync_conflict_driver(&o, sources, n_sources, e))) {
		rc = e && e->code ? e->code : ERR_NOTFOUND;
		goto out;
	}
	if ((rc = sync_conflict_server_object(ops, server, &object, &version,
	                                      e)))
		goto out;
	ref = sync_outbox_entry_ref(s, &o);
	if (choice == SYNC_CONFLICT_KEEP_MINE) {
		rc = store_outbox_requeue(s, id, version, key, e);
		if (!rc && outbox_entity_is_row(o.entity))
			rc = store_record_set_state(s, o.entity, o.entity_id,
			                            LOCAL_DIRTY, e);
		snprintf(detail, sizeof(detail),
		         "outbox %lld %s: mine kept over server version %lld, "
		         "key %s",
		         (long long)id, outbox_op_name(o.operation),
		         (long long)version, key);
	} else if (choice == SYNC_CONFLICT_TAKE_SERVER) {
		rc = take_server(s, ops, &o, object, e);
		snprintf(detail, sizeof(detail),
		         "outbox %lld %s: server version %lld taken, mine "
		         "dropped",
		         (long long)id, outbox_op_name(o.operation),
		         (long long)version);
	} else {
		rc = err_set(e, ERR_INVALID, "unknown conflict choice");
	}
	if (rc)
		goto out;
	rc = store_audit_append(s, actor && *actor ? actor : "unknown",
	                        choice == SYNC_CONFLICT_KEEP_MINE
	                            ? "conflict.keep_mine"
	                            : "conflict.take_server",
	                        outbox_entity_name(o.entity), ref, detail, e);
	if (rc)
		goto out;
	rc = store_commit(s, e);
	is_open = rc != 0;
out:
	if (is_open)
		store_rollback(s);
	free(server);
	free(object);
	free(ref);
	outbox_entry_release(&o);
	return rc;
}
