/*
 * The native adapter's write side (centinela-api(7), "Writes"): one
 * neutral outbox edit into the request that makes it, the answer's
 * version and id, and the server object a conflict keeps.
 */
#include "centinela/feed/feed.h"
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/inet.h"
#include "centinela/base/log.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "internal.h"
#include "centinela.h"

/* ---- the write side (centinela-api(7), "Writes") ---- */

/* Most bytes of a server object kept with a conflict (the API caps bodies
 * at 1 MiB for writes; answers are larger only with huge timelines). */
#define CONFLICT_OBJECT_MAX ((size_t)16 << 20)

/* A string member of obj, or NULL. */
static const char *
string_member(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

int
feed_api_error(const char *bytes, size_t len, struct feed_api_error *out)
{
	json_t *root = NULL, *err, *cur;
	struct err e;
	const char *code, *message;

	memset(out, 0, sizeof(*out));
	err_clear(&e);
	if (!bytes || !len || len > FEED_API_ERROR_MAX ||
	    feed_json_load(bytes, len, len, &root, &e) < 0)
		return ERR_PARSE;
	err = json_object_get(root, "error");
	code = json_is_object(err) ? string_member(err, "code") : NULL;
	message = json_is_object(err) ? string_member(err, "message") : NULL;
	if (code && utf8_valid(code, strlen(code)))
		out->code = xstrndup(code, 64);
	if (message && utf8_valid(message, strlen(message)))
		out->message = xstrndup(message, 300);
	cur = json_object_get(root, "current");
	if (json_is_object(cur)) {
		json_t *doc = json_pack("{sO}", "data", cur);

		if (doc) {
			out->current =
			    json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS);
			json_decref(doc);
		}
	}
	json_decref(root);
	return out->code || out->message || out->current ? 0 : ERR_PARSE;
}

/* The resource of the rows of an outbox entity, or NULL. */
static const char *
resource_of(enum outbox_entity entity)
{
	switch (entity) {
	case OUTBOX_INCIDENT:
		return "incidents";
	case OUTBOX_ALERT:
		return "alerts";
	case OUTBOX_ASSET:
		return "assets";
	case OUTBOX_ORGANIZATION:
		return "organizations";
	case OUTBOX_NOTE:
	case OUTBOX_BULLETIN:
		break;
	}
	return NULL;
}

/* The last path segment of an operation on an existing row ("": none). */
static const char *
op_segment(enum outbox_entity entity, enum outbox_op op)
{
	if (entity == OUTBOX_INCIDENT) {
		switch (op) {
		case OUTBOX_UPDATE:
			return "";
		case OUTBOX_ADD_NOTE:
			return "/notes";
		case OUTBOX_LINK:
			return "/link";
		case OUTBOX_UNLINK:
			return "/unlink";
		default:
			return NULL;
		}
	}
	if (entity == OUTBOX_ALERT) {
		switch (op) {
		case OUTBOX_ACKNOWLEDGE:
			return "/acknowledge";
		case OUTBOX_DISMISS:
			return "/dismiss";
		case OUTBOX_PROMOTE:
			return "/promote";
		default:
			return NULL;
		}
	}
	return NULL;
}

/*
 * The native API names an organization by one string, its id when it has
 * one, else its name (centinela-api(7)): the neutral edit's
 * "organization_id", when there, replaces "organization" in obj.
 */
static void
native_org(json_t *obj)
{
	json_t *id = json_object_get(obj, "organization_id");

	if (!json_is_object(obj) || !id)
		return;
	if (json_is_string(id))
		json_object_set(obj, "organization", id);
	json_object_del(obj, "organization_id");
}

/* The fields of ed as the API takes them: with native_org applied. */
static int
fields_body(const char *fields, char **body, struct err *e)
{
	json_t *obj;

	*body = NULL;
	if (!strstr(fields, "\"organization_id\"")) {
		/* nothing to name otherwise: the fields as they are */
		*body = xstrdup(fields);
		return 0;
	}
	obj = json_loads(fields, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return err_set(e, ERR_INVALID,
		               "the edit's fields are not an object");
	}
	native_org(obj);
	*body = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	return *body ? 0 : err_set(e, ERR_NOMEM, "cannot encode the edit");
}

/*
 * The body of a promote: {"new_incident": OBJECT} for the promote that
 * makes its incident (fields.incident), else {"incident": REMOTE-ID}.
 */
static int
promote_body(const struct outbox_edit *ed, char **body, struct err *e)
{
	json_t *fields = json_loads(ed->fields, JSON_REJECT_DUPLICATES, NULL);
	json_t *inc = json_object_get(fields, "incident"), *out;
	int rc = 0;

	if (!json_is_object(fields)) {
		rc = err_set(e, ERR_INVALID,
		             "the promote's fields are not an "
		             "object");
		goto out;
	}
	if (json_is_object(inc)) {
		native_org(inc);
		out = json_pack("{sO}", "new_incident", inc);
	} else if (ed->target_remote_id)
		out = json_pack("{ss}", "incident", ed->target_remote_id);
	else {
		rc = err_set(e, ERR_INVALID,
		             "the incident of the promote has no id at the "
		             "server yet");
		goto out;
	}
	*body = out ? json_dumps(out, JSON_COMPACT) : NULL;
	json_decref(out);
	if (!*body)
		rc = err_set(e, ERR_NOMEM, "cannot encode the promote");
out:
	json_decref(fields);
	return rc;
}

int
centinela_edit_request(const struct outbox_edit *ed, struct feed_request *req,
                       struct err *e)
{
	const char *segment = op_segment(ed->entity, ed->op);
	struct strbuf path, im;
	int rc;

	req->method = FEED_POST;
	if (ed->entity == OUTBOX_INCIDENT && ed->op == OUTBOX_CREATE) {
		/* the fields are the incident object the API takes */
		req->path = xstrdup("/api/v1/incidents");
		return fields_body(ed->fields, &req->body, e);
	}
	if (!segment)
		return err_set(e, ERR_INVALID, "unknown operation '%s' on %s",
		               outbox_op_name(ed->op),
		               outbox_entity_name(ed->entity));
	if (!ed->remote_id)
		return err_set(e, ERR_INVALID,
		               "the %s has no id at the server yet",
		               outbox_entity_name(ed->entity));
	if (ed->op == OUTBOX_PROMOTE) {
		if ((rc = promote_body(ed, &req->body, e)))
			return rc;
	} else {
		/* update, add_note, link, unlink, acknowledge, dismiss: the
		 * fields are the body, named as the API names them */
		if ((rc = fields_body(ed->fields, &req->body, e)))
			return rc;
	}
	if (ed->op == OUTBOX_UPDATE)
		req->method = FEED_PATCH;
	strbuf_init(&path);
	strbuf_addf(&path, "/api/v1/%s/", resource_of(ed->entity));
	feed_url_escape(&path, ed->remote_id);
	strbuf_adds(&path, segment);
	req->path = strbuf_detach(&path, NULL);
	strbuf_init(&im);
	strbuf_addf(&im, "\"%lld\"", (long long)ed->base_version);
	req->if_match = strbuf_detach(&im, NULL);
	return 0;
}

/* The answer is the object changed ({"data": OBJECT}); a promote's also
 * holds the incident. */
int
centinela_edit_answer(const struct outbox_edit *ed, const char *bytes,
                      size_t len, struct feed_batch *batch, struct err *e)
{
	const char *resource = resource_of(ed->entity);

	if (!resource)
		return err_set(e, ERR_INVALID, "no answer is read for a %s",
		               outbox_entity_name(ed->entity));
	return centinela_parse(bytes ? bytes : "", len, resource, batch, e);
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
centinela_conflict_object(const char *stored, char **object, int64_t *version,
                          struct err *e)
{
	json_error_t je;
	json_t *root, *obj, *v;
	int rc = 0;

	if (object)
		*object = NULL;
	if (version)
		*version = 0;
	if (!stored || !*stored)
		return err_set(e, ERR_PARSE,
		               "the conflict holds no server "
		               "object");
	if (strlen(stored) > CONFLICT_OBJECT_MAX)
		return err_set(e, ERR_LIMIT, "the server object is too large");
	root = json_loads(stored, JSON_REJECT_DUPLICATES, &je);
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

int
centinela_conflict_parse(const char *object, enum outbox_entity entity,
                         struct feed_batch *batch, struct err *e)
{
	const char *resource = resource_of(entity);
	struct strbuf doc;
	int rc;

	if (!resource)
		return err_set(e, ERR_INVALID, "a %s has no server object",
		               outbox_entity_name(entity));
	strbuf_init(&doc);
	strbuf_adds(&doc, "{\"data\": ");
	strbuf_adds(&doc, object);
	strbuf_adds(&doc, "}");
	rc = centinela_parse(doc.buf, doc.len, resource, batch, e);
	strbuf_release(&doc);
	return rc;
}
