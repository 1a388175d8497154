/*
 * Recipients of a bulletin: see include/centinela/model/recipient.h.
 *
 * An organization's contact is free text (the inventory's `contact`
 * column); the parts between commas are read as an address (a word with
 * an '@', bare or in <...>), a telephone number (a '+' or a digit first,
 * only digits, blanks and "+-()./" after, seven digits at least) or, the
 * first other part, the person's name. The role and anything else stay in
 * contact.
 */
#include "centinela/model/recipient.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"

#define PHONE_DIGITS_MIN 7

void
recipient_list_init(struct recipient_list *l)
{
	memset(l, 0, sizeof(*l));
}

static void
recipient_release(struct recipient *r)
{
	free(r->organization);
	free(r->sector);
	free(r->region);
	free(r->contact);
	free(r->contact_name);
	free(r->email);
	free(r->phone);
	free(r->abuse_contact);
	strvec_release(&r->reasons);
	strvec_release(&r->cves);
	free(r->reason);
}

void
recipient_list_release(struct recipient_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		recipient_release(&l->v[i]);
	free(l->v);
	recipient_list_init(l);
}

struct recipient *
recipient_list_add(struct recipient_list *l)
{
	struct recipient *r;

	l->v = xreallocarray(l->v, l->n + 1, sizeof(*l->v));
	r = &l->v[l->n++];
	memset(r, 0, sizeof(*r));
	strvec_init(&r->reasons);
	strvec_init(&r->cves);
	return r;
}

bool
recipient_allowed(enum tlp tlp, unsigned why)
{
	switch (tlp) {
	case TLP_CLEAR:
	case TLP_GREEN:
		return why != 0;
	case TLP_AMBER:
	case TLP_AMBER_STRICT:
		return (why & (RECIPIENT_NAMED | RECIPIENT_EXPOSED)) != 0;
	case TLP_RED:
		break;
	}
	return false;
}

const char *
recipient_rule(enum tlp tlp)
{
	switch (tlp) {
	case TLP_CLEAR:
	case TLP_GREEN:
		return "every organization addressed (named or in an "
		       "addressed sector) or whose assets are exposed";
	case TLP_AMBER:
	case TLP_AMBER_STRICT:
		return "only the organizations concerned: named one by one "
		       "or with assets exposed (not whole sectors)";
	case TLP_RED:
		break;
	}
	return "nobody automatically: the author hands it to named people";
}

const char *
recipient_tlp_label(enum tlp tlp)
{
	switch (tlp) {
	case TLP_CLEAR:
		return "TLP:CLEAR";
	case TLP_GREEN:
		return "TLP:GREEN";
	case TLP_AMBER:
		return "TLP:AMBER";
	case TLP_AMBER_STRICT:
		return "TLP:AMBER+STRICT";
	case TLP_RED:
		break;
	}
	return "TLP:RED";
}

/* s[0..len) without blanks at either end, as a new string. */
static char *
trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

static bool
is_phone(const char *s)
{
	size_t digits = 0;

	if (*s != '+' && !isdigit((unsigned char)*s))
		return false;
	for (const char *p = s; *p; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (!strchr(" +-()./", *p))
			return false;
	}
	return digits >= PHONE_DIGITS_MIN;
}

/* The address in part ("a@b.mx", "Ana <a@b.mx>"), owned, or NULL; the
 * name before a "<" into *name when there is one. */
static char *
address_of(const char *part, char **name)
{
	const char *lt = strchr(part, '<'), *gt;

	if (lt && (gt = strchr(lt, '>')) &&
	    memchr(lt, '@', (size_t)(gt - lt))) {
		if (lt > part && !*name) {
			char *n = trimmed(part, (size_t)(lt - part));

			if (*n)
				*name = n;
			else
				free(n);
		}
		return trimmed(lt + 1, (size_t)(gt - lt - 1));
	}
	if (strchr(part, '@') && !strpbrk(part, " \t"))
		return xstrdup(part);
	return NULL;
}

static void
parse_contact(struct recipient *r)
{
	const char *p = r->contact;

	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *part = trimmed(p, len), *addr;

		if (*part && (addr = address_of(part, &r->contact_name))) {
			if (!r->email)
				r->email = addr;
			else
				free(addr);
		} else if (*part && is_phone(part)) {
			if (!r->phone)
				r->phone = xstrdup(part);
		} else if (*part && !r->contact_name) {
			r->contact_name = xstrdup(part);
		}
		free(part);
		p = end ? end + 1 : NULL;
	}
	if (!r->email && r->abuse_contact && *r->abuse_contact) {
		char *ignored = NULL;

		r->email = address_of(r->abuse_contact, &ignored);
		free(ignored);
	}
}

void
recipient_finish(struct recipient *r)
{
	struct strbuf sb;

	parse_contact(r);
	strvec_release(&r->reasons);
	strbuf_init(&sb);
	if (r->why & RECIPIENT_NAMED) {
		strvec_push(&r->reasons, "named");
		strbuf_adds(&sb, "named");
	}
	if (r->why & RECIPIENT_SECTOR) {
		strvec_push(&r->reasons, "sector");
		strbuf_addf(&sb, "%ssector %s", sb.len ? "; " : "",
		            r->sector ? r->sector : "-");
	}
	if (r->why & RECIPIENT_EXPOSED) {
		strvec_push(&r->reasons, "exposed");
		strbuf_addf(&sb, "%s%lld asset%s exposed to ",
		            sb.len ? "; " : "", (long long)r->exposed_assets,
		            r->exposed_assets == 1 ? "" : "s");
		for (size_t i = 0; i < r->cves.n; i++)
			strbuf_addf(&sb, "%s%s", i ? ", " : "", r->cves.v[i]);
	}
	free(r->reason);
	r->reason = strbuf_detach(&sb, NULL);
}

void
recipient_list_filter(struct recipient_list *l)
{
	size_t kept = 0;

	for (size_t i = 0; i < l->n; i++) {
		if (recipient_allowed(l->tlp, l->v[i].why)) {
			if (kept != i)
				l->v[kept] = l->v[i];
			kept++;
		} else {
			recipient_release(&l->v[i]);
			l->n_withheld++;
		}
	}
	l->n = kept;
}
