/*
 * Settling conflicts (see conflict.h). The server's object is read here
 * with jansson (it never leaves this file) only to find its version and to
 * unwrap it; writing it to the cache goes through the native adapter and
 * sync_apply_batch, exactly as a pulled page would.
 */
#include "centinela/sync/conflict.h"

#include <jansson.h>
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

/* Most bytes of a server object we accept (the API caps bodies at 1 MiB
 * for writes; answers are larger only with huge timelines). */
#define CONFLICT_OBJECT_MAX ((size_t)16 << 20)

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

/* The object inside root (borrowed from it), or NULL. */
static json_t *
unwrap(json_t *root)
{
	json_t *inner;

	if (!json_is_object(root))
		return NULL;
	inner = json_object_get(root, "current");
	if (json_is_object(inner))
		return inner;
	inner = json_object_get(root, "data");
	if (json_is_object(inner))
		return inner;
	if (json_is_array(inner) && json_array_size(inner) == 1 &&
	    json_is_object(json_array_get(inner, 0)))
		return json_array_get(inner, 0);
	return root;
}

int
sync_conflict_server_object(const char *server_payload, char **object,
                            int64_t *version, struct err *e)
{
	json_error_t je;
	json_t *root, *obj, *v;
	int rc = 0;

	if (object)
		*object = NULL;
	if (version)
		*version = 0;
	if (!server_payload || !*server_payload)
		return err_set(e, ERR_PARSE,
		               "the conflict holds no server "
		               "object");
	if (strlen(server_payload) > CONFLICT_OBJECT_MAX)
		return err_set(e, ERR_LIMIT, "the server object is too large");
	root = json_loads(server_payload, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return err_set(e, ERR_PARSE,
		               "the server object is not JSON: %s (line %d)",
		               je.text, je.line);
	obj = unwrap(root);
	if (!obj) {
		rc = err_set(e, ERR_PARSE, "the server answer holds no object");
		goto out;
	}
	v = json_object_get(obj, "version");
	if (version && json_is_integer(v))
		*version = json_integer_value(v);
	if (object) {
		char *text =
		    json_dumps(obj, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		if (!text) {
			rc = err_set(e, ERR_NOMEM, "cannot format the object");
			goto out;
		}
		*object = xstrdup(text);
		free(text);
	}
out:
	json_decref(root);
	return rc;
}

/* The feed resource of an outbox entity, or NULL. */
static const char *
resource_of(const char *entity)
{
	static const struct {
		const char *entity;   /* outbox entity */
		const char *resource; /* native resource */
	} map[] = {
	    {"incident", "incidents"},
	    {"alert", "alerts"},
	    {"asset", "assets"},
	    {"organization", "organizations"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i].entity, entity) == 0)
			return map[i].resource;
	return NULL;
}

/* Write the server's object over the row, as a pull would. */
static int
take_server(struct store *s, const struct outbox_entry *o, const char *object,
            struct err *e)
{
	const char *resource = resource_of(o->entity);
	struct sync_apply_result res = {0};
	struct feed_batch batch;
	struct strbuf doc;
	int64_t open = 0;
	int rc;

	if ((rc = store_outbox_set_state(s, o->id, "done", NULL, 0, e)))
		return rc;
	if (!resource)
		return 0; /* a note or bulletin: nothing to overwrite */
	if ((rc = store_outbox_open_for(s, o->entity, o->entity_id, &open, e)))
		return rc;
	/* Later edits of the row still wait: it stays theirs (dirty). */
	if (open)
		return 0;
	if ((rc = store_record_set_state(s, o->entity, o->entity_id, "synced",
	                                 e)))
		return rc;
	strbuf_init(&doc);
	strbuf_adds(&doc, "{\"data\": ");
	strbuf_adds(&doc, object);
	strbuf_adds(&doc, "}");
	feed_batch_init(&batch);
	batch.source = o->source;
	rc = feed_centinela_ops.parse(doc.buf, doc.len, resource, &batch, e);
	if (!rc && batch.n_errors)
		rc =
		    err_set(e, ERR_INVALID, "the server object was refused: %s",
		            batch.errors[0].message);
	if (!rc)
		rc = sync_apply_batch(s, o->source, &batch, &res, e);
	feed_batch_release(&batch);
	strbuf_release(&doc);
	return rc;
}

int
sync_conflict_resolve(struct store *s, int64_t id,
                      enum sync_conflict_choice choice, const char *actor,
                      struct err *e)
{
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
	if (!o.state || strcmp(o.state, "conflict") != 0) {
		rc = err_set(e, ERR_INVALID,
		             "outbox entry %lld is %s, not in conflict",
		             (long long)id, o.state ? o.state : "?");
		goto out;
	}
	if ((rc = sync_conflict_server_object(server, &object, &version, e)))
		goto out;
	ref = sync_outbox_entry_ref(s, &o);
	if (choice == SYNC_CONFLICT_KEEP_MINE) {
		rc = store_outbox_requeue(s, id, version, key, e);
		if (!rc && resource_of(o.entity))
			rc = store_record_set_state(s, o.entity, o.entity_id,
			                            "dirty", e);
		snprintf(detail, sizeof(detail),
		         "outbox %lld %s: mine kept over server version %lld, "
		         "key %s",
		         (long long)id, o.operation, (long long)version, key);
	} else if (choice == SYNC_CONFLICT_TAKE_SERVER) {
		rc = take_server(s, &o, object, e);
		snprintf(detail, sizeof(detail),
		         "outbox %lld %s: server version %lld taken, mine "
		         "dropped",
		         (long long)id, o.operation, (long long)version);
	} else {
		rc = err_set(e, ERR_INVALID, "unknown conflict choice");
	}
	if (rc)
		goto out;
	rc = store_audit_append(s, actor && *actor ? actor : "unknown",
	                        choice == SYNC_CONFLICT_KEEP_MINE
	                            ? "conflict.keep_mine"
	                            : "conflict.take_server",
	                        o.entity, ref, detail, e);
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
