/*
 * The neutral outbox edit: see include/centinela/model/outbox_edit.h.
 * json_t stays in this file: fields leave it as text.
 */
#include "centinela/model/outbox_edit.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/log.h"
#include "centinela/base/timeutil.h"

static const char *const state_names[] = {"pending", "failed", "conflict",
                                          "done", "dropped"};
static const char *const entity_names[] = {"incident",     "alert", "asset",
                                           "organization", "note",  "bulletin"};
static const char *const op_names[] = {"create",  "update", "add_note",
                                       "link",    "unlink", "acknowledge",
                                       "dismiss", "promote"};

_Static_assert(ARRAY_SIZE(state_names) == OUTBOX_STATE_N, "a name per state");
_Static_assert(ARRAY_SIZE(entity_names) == OUTBOX_ENTITY_N,
               "a name per entity");
_Static_assert(ARRAY_SIZE(op_names) == OUTBOX_OP_N, "a name per operation");

static const char *
name_at(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : "?";
}

static int
lookup(const char *const *names, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

const char *
outbox_state_name(enum outbox_state s)
{
	return name_at(state_names, ARRAY_SIZE(state_names), (int)s);
}

const char *
outbox_entity_name(enum outbox_entity en)
{
	return name_at(entity_names, ARRAY_SIZE(entity_names), (int)en);
}

const char *
outbox_op_name(enum outbox_op op)
{
	return name_at(op_names, ARRAY_SIZE(op_names), (int)op);
}

int
outbox_state_parse(const char *name)
{
	return lookup(state_names, ARRAY_SIZE(state_names), name);
}

int
outbox_entity_parse(const char *name)
{
	return lookup(entity_names, ARRAY_SIZE(entity_names), name);
}

int
outbox_op_parse(const char *name)
{
	return lookup(op_names, ARRAY_SIZE(op_names), name);
}

bool
outbox_entity_is_row(enum outbox_entity en)
{
	return en == OUTBOX_INCIDENT || en == OUTBOX_ALERT ||
	       en == OUTBOX_ASSET || en == OUTBOX_ORGANIZATION;
}

bool
outbox_edit_makes_incident(enum outbox_entity en, enum outbox_op op,
                           const char *fields)
{
	json_t *root;
	bool is_new;

	if (en == OUTBOX_INCIDENT)
		return op == OUTBOX_CREATE;
	if (en != OUTBOX_ALERT || op != OUTBOX_PROMOTE || !fields)
		return false;
	root = json_loads(fields, JSON_REJECT_DUPLICATES, NULL);
	is_new = json_is_object(json_object_get(root, "incident"));
	json_decref(root);
	return is_new;
}

struct outbox_fields {
	json_t *obj; /* the members */
};

/* json_t constructors die on allocation failure, like the x-allocators. */
static json_t *
checked(json_t *j)
{
	if (!j)
		die("cannot encode an edit as JSON (out of memory, or text "
		    "that is not UTF-8)");
	return j;
}

static void
set(struct outbox_fields *f, const char *name, json_t *v)
{
	if (json_object_set_new(f->obj, name, checked(v)))
		die("out of memory");
}

struct outbox_fields *
outbox_fields_new(void)
{
	struct outbox_fields *f = malloc(sizeof(*f));

	if (!f)
		die("out of memory");
	f->obj = checked(json_object());
	return f;
}

void
outbox_fields_free(struct outbox_fields *f)
{
	if (!f)
		return;
	json_decref(f->obj);
	free(f);
}

void
outbox_fields_text(struct outbox_fields *f, const char *name, const char *v)
{
	set(f, name, v ? json_string(v) : json_null());
}

void
outbox_fields_int(struct outbox_fields *f, const char *name, int64_t v)
{
	set(f, name, json_integer((json_int_t)v));
}

void
outbox_fields_time(struct outbox_fields *f, const char *name, int64_t t)
{
	char buf[TIME_ISO_MAX];

	if (!t) {
		set(f, name, json_null());
		return;
	}
	time_format_iso8601(t, buf);
	set(f, name, json_string(buf));
}

void
outbox_fields_list(struct outbox_fields *f, const char *name)
{
	if (!json_is_array(json_object_get(f->obj, name)))
		set(f, name, json_array());
}

void
outbox_fields_list_add(struct outbox_fields *f, const char *name, const char *v)
{
	outbox_fields_list(f, name);
	if (json_array_append_new(json_object_get(f->obj, name),
	                          checked(json_string(v))))
		die("out of memory");
}

size_t
outbox_fields_list_len(const struct outbox_fields *f, const char *name)
{
	return json_array_size(json_object_get(f->obj, name));
}

void
outbox_fields_object(struct outbox_fields *f, const char *name,
                     struct outbox_fields *sub)
{
	set(f, name, json_incref(sub->obj));
	outbox_fields_free(sub);
}

size_t
outbox_fields_count(const struct outbox_fields *f)
{
	return json_object_size(f->obj);
}

char *
outbox_fields_json(const struct outbox_fields *f)
{
	char *s = json_dumps(f->obj, JSON_COMPACT);

	if (!s)
		die("out of memory");
	return s;
}
