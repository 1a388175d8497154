/*
 * The audit entry's hash: see include/centinela/model/audit.h.
 */
#include "centinela/model/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(AUDIT_ZERO_HASH) == SHA256_HEX_LEN + 1,
               "zero hash length");

void
audit_fields_hash(const struct audit_fields *f, char *out)
{
	const char *parts[] = {f->prev_hash,  f->id,     f->at,
	                       f->actor,      f->action, f->entity,
	                       f->entity_ref, f->detail};
	struct sha256 *h = sha256_new();

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		if (i)
			sha256_update(h, "\n", 1);
		if (parts[i])
			sha256_update(h, parts[i], strlen(parts[i]));
	}
	sha256_final_hex(h, out);
}

void
audit_entry_hash(const struct audit_entry *a, char *out)
{
	char idbuf[24], atbuf[24];

	snprintf(idbuf, sizeof(idbuf), "%" PRId64, a->id);
	snprintf(atbuf, sizeof(atbuf), "%" PRId64, a->at);
	audit_fields_hash(
	    &(struct audit_fields){
	        .prev_hash = a->prev_hash,
	        .id = idbuf,
	        .at = atbuf,
	        .actor = a->actor,
	        .action = a->action,
	        .entity = a->entity,
	        .entity_ref = a->entity_ref,
	        .detail = a->detail,
	    },
	    out);
}

void
audit_entry_init(struct audit_entry *a)
{
	memset(a, 0, sizeof(*a));
}

void
audit_entry_release(struct audit_entry *a)
{
	free(a->actor);
	free(a->action);
	free(a->entity);
	free(a->entity_ref);
	free(a->detail);
	audit_entry_init(a);
}
