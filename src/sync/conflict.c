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

static const char *const choice_names[] = {"keep-mine", "take-server"};

const char *
sync_conflict_choice_name(enum sync_conflict_choice c)
{
	return (unsigned)c < 2 ? choice_names[c] : "?";
}

int
sync_conflict_choice_parse(const char *s, enum sync_conflict_choice *out,
                           struct err *e)
{
	for (unsigned i = 0; i < 2; i++) {
		if (s && strcmp(s, choice_names[i]) == 0) {
			*out = (enum sync_conflict_choice)i;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID,
	               "unknown choice '%s' (known: keep-mine, take-server)",
	               s ? s : "");
}

/*
 * The driver that kept server_payload and reads its object: the first
 * driver taking writes whose conflict_object accepts it (the outbox
 * records the source of an entry, not its driver, which the config
 * names), with the object and version; NULL with its error otherwise.
 */
static const struct feed_ops *
conflict_ops(const char *server_payload, char **object, int64_t *version,
             struct err *e)
{
	const struct feed_ops *ops;
	struct err first;

	err_clear(&first);
	for (size_t i = 0; (ops = feed_at(i)); i++) {
		struct err le;

		if (!feed_takes_writes(ops) || !ops->conflict_object ||
		    !ops->conflict_parse)
			continue;
		err_clear(&le);
		if (ops->conflict_object(server_payload, object, version,
		                         &le) == 0)
			return ops;
		if (!first.code)
			first = le;
	}
	if (!first.code)
		err_set(&first, ERR_PARSE,
		        "no driver that takes writes is registered");
	err_set(e, first.code, "%s", first.msg);
	return NULL;
}

int
sync_conflict_server_object(const char *server_payload, char **object,
                            int64_t *version, struct err *e)
{
	if (object)
		*object = NULL;
	if (version)
		*version = 0;
	struct err le;

	err_clear(&le);
	if (conflict_ops(server_payload, object, version, &le))
		return 0;
	return err_set(e, le.code, "%s", le.msg);
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
	if ((rc = store_record_set_state(s, outbox_entity_name(o->entity),
	                                 o->entity_id, "synced", e)))
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
sync_conflict_resolve(struct store *s, int64_t id,
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
	if (!(ops = conflict_ops(server, &object, &version, e))) {
		rc = e && e->code ? e->code : ERR_PARSE;
		goto out;
	}
	ref = sync_outbox_entry_ref(s, &o);
	if (choice == SYNC_CONFLICT_KEEP_MINE) {
		rc = store_outbox_requeue(s, id, version, key, e);
		if (!rc && outbox_entity_is_row(o.entity))
			rc = store_record_set_state(
			    s, outbox_entity_name(o.entity), o.entity_id,
			    "dirty", e);
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
