/*
 * The audit trail as JSON lines: see include/centinela/export/audit.h.
 */
#include "centinela/export/audit.h"

#include <inttypes.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/export/json.h"
#include "centinela/model/audit.h"

static int
put_str(FILE *f, const char *key, const char *v, struct err *e)
{
	fprintf(f, ",\"%s\":", key);
	if (!v) {
		fputs("null", f);
		return ferror(f) ? err_set(e, ERR_IO, "cannot write the export")
		                 : 0;
	}
	return export_json_string(f, v, strlen(v), e);
}

int
export_audit_entry(FILE *f, const struct audit_entry *a, struct err *e)
{
	int rc;

	fprintf(f, "{\"id\":%" PRId64 ",\"at\":%" PRId64, a->id, a->at);
	if ((rc = put_str(f, "actor", a->actor, e)) ||
	    (rc = put_str(f, "action", a->action, e)) ||
	    (rc = put_str(f, "entity", a->entity, e)) ||
	    (rc = put_str(f, "entity_ref", a->entity_ref, e)) ||
	    (rc = put_str(f, "detail", a->detail, e)) ||
	    (rc = put_str(f, "prev_hash", a->prev_hash, e)) ||
	    (rc = put_str(f, "hash", a->hash, e)))
		return rc;
	fputs("}\n", f);
	if (ferror(f))
		return err_set(e, ERR_IO, "cannot write the export");
	return 0;
}

int
export_audit_head(FILE *f, int64_t last_id, const char *last_hash,
                  struct err *e)
{
	fprintf(f, "{\"head_id\":%" PRId64 ",\"head_hash\":", last_id);
	if (export_json_string(f, last_hash, strlen(last_hash), e))
		return ERR_IO;
	fputs("}\n", f);
	if (fflush(f) || ferror(f))
		return err_set(e, ERR_IO, "cannot write the export");
	return 0;
}
