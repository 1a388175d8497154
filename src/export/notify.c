/*
 * The notify program's input (export/notify.h): a sanitized copy of the
 * alert, written by the JSON exporter. The copy is shallow; the text
 * fields the export table names (and the observables' values) are
 * replaced by sanitized duplicates, freed after the write, so a field
 * added to the table is sanitized without a change here.
 */
#include "centinela/export/notify.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/export.h"
#include "centinela/export/json.h"
#include "centinela/model/alert.h"
#include "centinela/model/enums.h"

int
export_notify_alert(FILE *f, const struct export_table *t,
                    const struct alert *a, int max_tlp, struct err *e)
{
	struct alert copy = *a;
	struct export_json w;
	const struct export_field *fields = t->fields;
	char *owned[64];
	size_t n_owned = 0;
	int rc;

	if ((int)a->tlp > max_tlp)
		return err_set(e, ERR_PERM,
		               "alert %lld is TLP:%s, above notify.max-tlp "
		               "'%s': not given to the notify program",
		               (long long)a->meta.id, tlp_name(a->tlp),
		               tlp_name(max_tlp));
	for (size_t i = 0; i < t->n_fields; i++) {
		unsigned flags = 0;
		char **slot;

		if (fields[i].type != EXPORT_FIELD_TEXT || fields[i].is_detail)
			continue;
		slot = (char **)((char *)&copy + fields[i].offset);
		if (!*slot)
			continue;
		if (strcmp(fields[i].name, "description") == 0)
			flags = SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB;
		if (n_owned == ARRAY_SIZE(owned))
			BUG("export_notify_alert: too many text fields");
		*slot = owned[n_owned++] = sanitize_dup(*slot, flags);
	}
	copy.raw_json = NULL;
	copy.observables = NULL;
	if (a->n_observables) {
		copy.observables =
		    xcalloc(a->n_observables, sizeof(*copy.observables));
		for (size_t i = 0; i < a->n_observables; i++) {
			copy.observables[i].type = a->observables[i].type;
			copy.observables[i].value =
			    sanitize_dup(a->observables[i].value, 0);
		}
	}
	export_json_init(&w, f);
	rc = export_json_row(&w, t, &copy, false, e);
	for (size_t i = 0; i < a->n_observables; i++)
		free(copy.observables[i].value);
	free(copy.observables);
	for (size_t i = 0; i < n_owned; i++)
		free(owned[i]);
	return rc;
}
