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
audit_fields_hash_with(struct sha256 *h, const struct audit_fields *f,
                       char *out)
{
	const char *parts[] = {f->prev_hash,  f->id,     f->at,
	                       f->actor,      f->action, f->entity,
	                       f->entity_ref, f->detail};
	/* one update: the fields joined by "\n" (short: on the stack) */
	char buf[1024];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		size_t len = parts[i] ? strlen(parts[i]) : 0;

		if (n + len + 1 > sizeof(buf)) {
			sha256_update(h, buf, n);
			n = 0;
		}
		if (len > sizeof(buf) - 1) {
			sha256_update(h, parts[i], len);
		} else if (len) {
			memcpy(buf + n, parts[i], len);
			n += len;
		}
		if (i + 1 < sizeof(parts) / sizeof(parts[0]))
			buf[n++] = '\n';
	}
	sha256_update(h, buf, n);
	sha256_digest_hex(h, out);
}

void
audit_fields_hash(const struct audit_fields *f, char *out)
{
	struct sha256 *h = sha256_new();

	audit_fields_hash_with(h, f, out);
	sha256_free(h);
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
