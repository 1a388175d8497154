/*
 * Arguments to local ids: see include/centinela/app/target.h. Every id a
 * command is given is read here, once, so that a handler only acts.
 */
#include "centinela/app/target.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/record.h"
#include "centinela/store/outbox.h"

/* Where the numbers of outbox entries are shown, for the messages. */
#define OUTBOX_NUMBERS "the outbox or conflicts view, or 'centinela outbox',"

static int
open_store(struct app *app, struct err *e)
{
	return app->store ? 0 : app_open_store(app, e);
}

/* A positive decimal number, all of text. */
static bool
parse_id(const char *text, int64_t *id)
{
	char *end = NULL;
	long long v;

	if (!*text || *text < '0' || *text > '9')
		return false;
	v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return false;
	*id = v;
	return true;
}

int
target_outbox_entry(struct app *app, const char *text, int64_t *id,
                    struct err *e)
{
	struct outbox_entry o;
	int rc;

	if (text && !parse_id(text, id))
		return err_set(e, ERR_USAGE,
		               "invalid outbox entry '%s' (expected the number "
		               "%s shows)",
		               text, OUTBOX_NUMBERS);
	if (*id <= 0)
		return err_set(e, ERR_USAGE,
		               "no outbox entry selected (give its ID, as "
		               "%s shows it)",
		               OUTBOX_NUMBERS);
	if ((rc = open_store(app, e)))
		return rc;
	outbox_entry_init(&o);
	rc = store_outbox_get(app->store, *id, &o, NULL, e);
	outbox_entry_release(&o);
	return rc;
}

/*
 * Read the row of ent that ref (with *id from store_ref_parse: 0 for an
 * own name) names, to know it exists and its id.
 */
static int
read_row(struct app *app, enum store_entity ent, const char *ref, int64_t *id,
         struct err *e)
{
	void *row = xcalloc(1, store_row_size(ent));
	int rc;

	store_row_init(ent, row);
	rc = store_ref_get(app->store, ent, ref, *id, row, e);
	if (rc == ERR_NOTFOUND && ent == STORE_INCIDENTS)
		rc = err_set(e, ERR_NOTFOUND,
		             "no incident '%s' in the cache (see 'centinela "
		             "list incidents')",
		             ref);
	else if (rc == ERR_NOTFOUND)
		rc = err_set(e, ERR_NOTFOUND,
		             "no %s in the cache (see 'centinela list %s')",
		             ref, store_entity_name(ent));
	else if (!rc)
		/* every row struct starts with its struct record_meta */
		*id = ((const struct record_meta *)row)->id;
	store_row_release(ent, row);
	free(row);
	return rc;
}

int
target_incident(struct app *app, const char *ref, int64_t *id, struct err *e)
{
	enum store_entity ent = STORE_INCIDENTS;
	int rc;

	*id = 0;
	if (store_ref_parse(ref, &ent, id, NULL) || ent != STORE_INCIDENTS)
		return err_set(e, ERR_USAGE,
		               "'%s' is not an incident reference (such as "
		               "MX-2026-00042) or incident:ID",
		               ref);
	if ((rc = open_store(app, e)))
		return rc;
	return read_row(app, ent, ref, id, e);
}

int
target_rows(struct app *app, const char *const *words, size_t n,
            struct store_row_ref **out, struct err *e)
{
	struct store_row_ref *refs;
	int rc = 0;

	*out = NULL;
	if (!n)
		return 0;
	if ((rc = open_store(app, e)))
		return rc;
	refs = xcalloc(n, sizeof(*refs));
	for (size_t i = 0; i < n && !rc; i++) {
		refs[i].id = 0;
		if (!(rc = store_ref_parse(words[i], &refs[i].entity,
		                           &refs[i].id, e)))
			rc = read_row(app, refs[i].entity, words[i],
			              &refs[i].id, e);
	}
	if (rc) {
		free(refs);
		return rc;
	}
	*out = refs;
	return 0;
}
