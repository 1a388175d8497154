/*
 * The audit entry's hash, and the walk over a chain across its seals: see
 * include/centinela/model/audit.h.
 */
#include "centinela/model/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/utf8.h"

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

	for (size_t i = 0; i < ARRAY_SIZE(parts); i++) {
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
		if (i + 1 < ARRAY_SIZE(parts))
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

/* w at the head of a chain, keeping its hashing context h. */
static void
walk_reset(struct audit_walk *w, struct sha256 *h)
{
	memset(w, 0, sizeof(*w));
	w->h = h;
	w->next_id = 1;
	w->seg_first = 1;
	memcpy(w->prev, AUDIT_ZERO_HASH, sizeof(w->prev));
	memcpy(w->rechain, AUDIT_ZERO_HASH, sizeof(w->rechain));
}

void
audit_walk_init(struct audit_walk *w)
{
	walk_reset(w, sha256_new());
}

void
audit_walk_resume(struct audit_walk *w, int64_t id, const char *hash)
{
	walk_reset(w, w->h);
	w->next_id = id + 1;
	w->last_id = id;
	snprintf(w->prev, sizeof(w->prev), "%s", hash);
	memcpy(w->rechain, w->prev, sizeof(w->rechain));
}

void
audit_walk_release(struct audit_walk *w)
{
	sha256_free(w->h);
	w->h = NULL;
}

/*
 * The text of field v as an export carries it: v itself, or its repair
 * (owned in *tmp) when it is not UTF-8, which no append writes
 * (*is_bad).
 */
static const char *
as_exported(const char *v, char **tmp, bool *is_bad)
{
	const char *p = v;

	*tmp = NULL;
	if (!v)
		return v;
	/* mostly ASCII: the decoder only from the first byte past it */
	while (*p && !((unsigned char)*p & 0x80))
		p++;
	if (!*p || utf8_valid(p, strlen(p)))
		return v;
	*is_bad = true;
	*tmp = utf8_repair(v);
	return *tmp;
}

/* v in decimal into buf[24] (as "%" PRId64 writes it): its start. */
static const char *
decimal(int64_t v, char *buf)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *p = buf + 23;

	*p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

/* Whether l is a seal; the entry it names into *named. */
static bool
is_seal(const struct audit_link *l, int64_t *named)
{
	char *end;
	long long v;

	if (!l->action || strcmp(l->action, AUDIT_SEAL_ACTION) != 0 ||
	    !l->entity || strcmp(l->entity, AUDIT_SEAL_ENTITY) != 0 ||
	    !l->entity_ref || l->entity_ref[0] < '1' || l->entity_ref[0] > '9')
		return false;
	v = strtoll(l->entity_ref, &end, 10);
	if (*end)
		return false;
	*named = v;
	return true;
}

/* Copy text into out[size], cut at a character boundary. */
static void
copy_cut(char *out, size_t size, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n >= size) {
		n = size - 1;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(out, text, n);
	out[n] = '\0';
}

/* A new segment begins at the seal l, which held. */
static void
take_seal(struct audit_walk *w, const struct audit_link *l, int64_t named)
{
	w->seals++;
	w->last_seal.id = l->id;
	w->last_seal.at = l->at;
	w->last_seal.sealed_id = named;
	copy_cut(w->last_seal.actor, sizeof(w->last_seal.actor), l->actor);
	copy_cut(w->last_seal.detail, sizeof(w->last_seal.detail), l->detail);
	w->seg_first = l->id;
	w->bad_id = 0;
	w->bad_seal_id = 0;
	w->is_rechain_lost = false;
}

void
audit_walk_step(struct audit_walk *w, const struct audit_link *l,
                struct audit_step *out)
{
	char idbuf[24], atbuf[24], before[SHA256_HEX_LEN + 1];
	char hash[SHA256_HEX_LEN + 1], stored[SHA256_HEX_LEN + 1];
	char *tmp[5];
	bool is_bad_text =
	    l->is_malformed || !l->actor || !*l->actor || !l->action ||
	    !*l->action || (l->entity && !*l->entity) ||
	    (l->entity_ref && !*l->entity_ref) || (l->detail && !*l->detail);
	bool is_sound = w->bad_id == 0, is_hash_ok = false, is_linked;
	struct audit_fields f;
	int64_t named = 0, first = w->bad_id;
	unsigned bad = 0;

	memset(out, 0, sizeof(*out));
	out->expect_id = w->next_id;
	memcpy(before, w->rechain, sizeof(before));
	f = (struct audit_fields){
	    .prev_hash = before,
	    .id = decimal(l->id, idbuf),
	    .at = decimal(l->at, atbuf),
	    .actor = as_exported(l->actor, &tmp[0], &is_bad_text),
	    .action = as_exported(l->action, &tmp[1], &is_bad_text),
	    .entity = as_exported(l->entity, &tmp[2], &is_bad_text),
	    .entity_ref = as_exported(l->entity_ref, &tmp[3], &is_bad_text),
	    .detail = as_exported(l->detail, &tmp[4], &is_bad_text),
	};
	/* the entry re-chained: its hash when it follows the one before */
	audit_fields_hash_with(w->h, &f, hash);
	is_linked = l->prev_hash && strcmp(l->prev_hash, w->prev) == 0;
	if (!is_bad_text && l->hash && l->prev_hash) {
		if (strcmp(l->prev_hash, before) == 0) {
			is_hash_ok = strcmp(l->hash, hash) == 0;
		} else if (is_sound) {
			/* an edited entry or a broken link: tell which */
			f.prev_hash = l->prev_hash;
			audit_fields_hash_with(w->h, &f, stored);
			is_hash_ok = strcmp(l->hash, stored) == 0;
		}
	}
	for (size_t i = 0; i < 5; i++)
		free(tmp[i]);
	if (is_sound) {
		if (l->id > w->next_id)
			bad |= AUDIT_BAD_GAP;
		else if (l->id < w->next_id)
			bad |= AUDIT_BAD_ORDER;
		if (!is_hash_ok)
			bad |= AUDIT_BAD_HASH;
		if (!is_linked)
			bad |= AUDIT_BAD_LINK;
		if (bad)
			first = (bad & AUDIT_BAD_GAP) ? w->next_id : l->id;
	}
	if (is_seal(l, &named)) {
		bool is_held = !w->is_rechain_lost && !is_bad_text &&
		               l->id > w->last_id && l->prev_hash &&
		               strcmp(l->prev_hash, before) == 0 && l->hash &&
		               strcmp(l->hash, hash) == 0 &&
		               named >= w->seg_first && named < l->id &&
		               (!first || named <= first);

		if (is_held) {
			take_seal(w, l, named);
			out->is_sealed = true;
			bad = 0;
		} else if ((!is_sound || bad) && !w->bad_seal_id) {
			w->bad_seal_id = l->id;
		}
	}
	if (bad) {
		w->bad_id = first;
		out->bad = bad;
		out->bad_id = first;
	}
	w->next_id = l->id + 1;
	w->last_id = l->id;
	w->entries++;
	memcpy(w->rechain, hash, sizeof(hash));
	if (l->hash && strlen(l->hash) == SHA256_HEX_LEN)
		memcpy(w->prev, l->hash, sizeof(w->prev));
	else
		w->prev[0] = '\0';
}

bool
audit_walk_break(struct audit_walk *w, int64_t bad_id, bool is_rechain_lost)
{
	if (is_rechain_lost)
		w->is_rechain_lost = true;
	if (w->bad_id)
		return false;
	w->bad_id = bad_id;
	return true;
}

int64_t
audit_walk_seal_at(const struct audit_walk *w, int64_t *sealed_id, char *prev)
{
	*sealed_id = w->bad_id;
	memcpy(prev, w->rechain, SHA256_HEX_LEN + 1);
	return w->last_id + 1;
}
