/*
 * Bulletins: see include/centinela/model/bulletin.h. Names, the status
 * rules of CSAF and the checks of a whole bulletin, with no I/O.
 */
#include "centinela/model/bulletin.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/recipient.h"
#include "centinela/model/vulnerability.h"

static const char *const status_names[] = {"draft", "interim", "final"};
static const char *const category_names[] = {
    "csaf_security_advisory", "csaf_informational_advisory", "csaf_vex"};
static const char *const state_names[] = {
    "known_affected", "fixed", "known_not_affected", "under_investigation"};
static const char *const remediation_names[] = {"vendor_fix", "workaround",
                                                "mitigation", "none_available",
                                                "no_fix_planned"};
static const char *const note_names[] = {
    "summary", "description",      "general", "details",
    "faq",     "legal_disclaimer", "other"};
/* CSAF 2.0, 3.2.3.5 flags[].label */
static const char *const justifications[] = {
    "component_not_present",
    "vulnerable_code_not_present",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path",
    "inline_mitigations_already_exist",
};

_Static_assert(ARRAY_SIZE(status_names) == BULLETIN_STATUS_COUNT, "names");
_Static_assert(ARRAY_SIZE(category_names) == BULLETIN_CATEGORY_COUNT, "names");
_Static_assert(ARRAY_SIZE(state_names) == BULLETIN_PRODUCT_STATE_COUNT,
               "names");
_Static_assert(ARRAY_SIZE(remediation_names) == BULLETIN_REMEDIATION_COUNT,
               "names");
_Static_assert(ARRAY_SIZE(note_names) == BULLETIN_NOTE_COUNT, "names");

static const char *
name_of(const char *const *names, size_t n, int i)
{
	return i >= 0 && (size_t)i < n ? names[i] : "?";
}

static int
parse_of(const char *const *names, size_t n, const char *s, int *out)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	return ERR_INVALID;
}

#define NAMES(fn, type, table)                                                 \
	const char *fn##_name(int v)                                           \
	{                                                                      \
		return name_of(table, ARRAY_SIZE(table), v);                   \
	}                                                                      \
	int fn##_parse(const char *s, type *out)                               \
	{                                                                      \
		int v = 0;                                                     \
		int rc = parse_of(table, ARRAY_SIZE(table), s, &v);            \
                                                                               \
		if (!rc)                                                       \
			*out = (type)v;                                        \
		return rc;                                                     \
	}
NAMES(bulletin_status, enum bulletin_status, status_names)
NAMES(bulletin_category, enum bulletin_category, category_names)
NAMES(bulletin_product_state, enum bulletin_product_state, state_names)
NAMES(bulletin_remediation, enum bulletin_remediation_kind, remediation_names)
NAMES(bulletin_note, enum bulletin_note_kind, note_names)

const char *
bulletin_severity_text(enum severity sev)
{
	static const char *const texts[] = {"None", "Low", "Medium", "High",
	                                    "Critical"};

	return sev >= SEVERITY_INFO && sev <= SEVERITY_CRITICAL
	           ? texts[sev - SEVERITY_INFO]
	           : "?";
}

bool
bulletin_justification_valid(const char *justification)
{
	int v;

	return justification &&
	       parse_of(justifications, ARRAY_SIZE(justifications),
	                justification, &v) == 0;
}

void
bulletin_init(struct bulletin *b)
{
	memset(b, 0, sizeof(*b));
	record_meta_init(&b->meta);
	b->tlp = TLP_CLEAR;
	b->severity = SEVERITY_MEDIUM;
	strvec_init(&b->cve_ids);
	strvec_init(&b->sectors);
	strvec_init(&b->organizations);
}

void
bulletin_release(struct bulletin *b)
{
	record_meta_release(&b->meta);
	free(b->reference);
	free(b->title);
	free(b->summary);
	free(b->body);
	free(b->author);
	free(b->reviewer);
	strvec_release(&b->cve_ids);
	strvec_release(&b->sectors);
	strvec_release(&b->organizations);
	for (size_t i = 0; i < b->n_cves; i++) {
		free(b->cves[i].cve_id);
		free(b->cves[i].title);
		free(b->cves[i].cvss_vector);
		free(b->cves[i].cvss_version);
		strvec_release(&b->cves[i].cwes);
	}
	free(b->cves);
	for (size_t i = 0; i < b->n_revisions; i++)
		free(b->revisions[i].summary);
	free(b->revisions);
	for (size_t i = 0; i < b->n_products; i++) {
		free(b->products[i].product_id);
		free(b->products[i].vendor);
		free(b->products[i].product);
		free(b->products[i].version_range);
		free(b->products[i].cpe);
		free(b->products[i].purl);
	}
	free(b->products);
	for (size_t i = 0; i < b->n_statuses; i++) {
		free(b->statuses[i].cve_id);
		free(b->statuses[i].product_id);
		free(b->statuses[i].justification);
	}
	free(b->statuses);
	for (size_t i = 0; i < b->n_remediations; i++) {
		free(b->remediations[i].cve_id);
		free(b->remediations[i].details);
		free(b->remediations[i].url);
	}
	free(b->remediations);
	for (size_t i = 0; i < b->n_links; i++) {
		free(b->links[i].url);
		free(b->links[i].summary);
	}
	free(b->links);
	for (size_t i = 0; i < b->n_notes; i++)
		free(b->notes[i].text);
	free(b->notes);
	for (size_t i = 0; i < b->n_acks; i++) {
		free(b->acks[i].name);
		free(b->acks[i].organization);
		free(b->acks[i].summary);
	}
	free(b->acks);
	if (b->recipients)
		recipient_list_release(b->recipients);
	free(b->recipients);
	free(b->tracking_version);
	bulletin_init(b);
}

/* Grow *arr of *n elements of size by one zeroed element; return it. */
static void *
grow(void *arr, size_t *n, size_t size, void **out)
{
	char *p = xreallocarray(arr, *n + 1, size);

	memset(p + *n * size, 0, size);
	*out = p + *n * size;
	(*n)++;
	return p;
}

#define ADDER(fn, type, field, count)                                          \
	type *fn(struct bulletin *b)                                           \
	{                                                                      \
		void *el;                                                      \
                                                                               \
		b->field = grow(b->field, &b->count, sizeof(type), &el);       \
		return el;                                                     \
	}
ADDER(bulletin_add_revision, struct bulletin_revision, revisions, n_revisions)
ADDER(bulletin_add_product, struct bulletin_product, products, n_products)
ADDER(bulletin_add_status, struct bulletin_status_entry, statuses, n_statuses)
ADDER(bulletin_add_remediation, struct bulletin_remediation, remediations,
      n_remediations)
ADDER(bulletin_add_link, struct bulletin_link, links, n_links)
ADDER(bulletin_add_note, struct bulletin_note, notes, n_notes)
ADDER(bulletin_add_ack, struct bulletin_ack, acks, n_acks)

struct bulletin_cve *
bulletin_add_cve(struct bulletin *b)
{
	void *el;

	b->cves = grow(b->cves, &b->n_cves, sizeof(*b->cves), &el);
	((struct bulletin_cve *)el)->cvss_score = -1;
	strvec_init(&((struct bulletin_cve *)el)->cwes);
	return el;
}

int
bulletin_status_check(const char *ref, enum bulletin_status from,
                      enum bulletin_status to, struct err *e)
{
	if ((unsigned)to >= BULLETIN_STATUS_COUNT)
		return err_set(e, ERR_INVALID, "bulletin status %d unknown",
		               (int)to);
	/* a status to itself, or forward: draft -> interim -> final */
	if (from == to || from == BULLETIN_DRAFT ||
	    (from == BULLETIN_INTERIM && to == BULLETIN_FINAL))
		return 0;
	if (from == BULLETIN_FINAL)
		return err_set(
		    e, ERR_INVALID,
		    "bulletin %s is final: it changes only through a "
		    "new revision ('centinela bulletin revise %s "
		    "--summary TEXT')",
		    ref, ref);
	return err_set(e, ERR_INVALID,
	               "bulletin %s cannot go from %s back to %s (draft -> "
	               "interim -> final)",
	               ref, bulletin_status_name(from),
	               bulletin_status_name(to));
}

int
bulletin_check_editable(const struct bulletin *b, struct err *e)
{
	if (b->status != BULLETIN_FINAL)
		return 0;
	return err_set(e, ERR_INVALID,
	               "bulletin %s is final: it changes only through a new "
	               "revision ('centinela bulletin revise %s --summary "
	               "TEXT')",
	               b->reference, b->reference);
}

char *
bulletin_reference_format(const char *prefix, int year, int64_t n)
{
	return xasprintf("%s-SA-%04d-%04lld", prefix, year, (long long)n);
}

bool
bulletin_reference_valid(const char *ref)
{
	size_t n = 0, d = 0;

	if (!ref)
		return false;
	while (ref[n] >= 'A' && ref[n] <= 'Z')
		n++;
	if (n < 2 || n > 8 || strncmp(ref + n, "-SA-", 4) != 0)
		return false;
	ref += n + 4;
	for (n = 0; n < 4; n++)
		if (ref[n] < '0' || ref[n] > '9')
			return false;
	if (ref[4] != '-')
		return false;
	ref += 5;
	while (ref[d] >= '0' && ref[d] <= '9')
		d++;
	return d >= 4 && d <= 9 && !ref[d];
}

int
bulletin_revisions_check(const struct bulletin *b, struct err *e)
{
	const char *ref = b->reference ? b->reference : "";

	if (!b->n_revisions)
		return err_set(e, ERR_INVALID,
		               "bulletin %s has no revision history", ref);
	for (size_t i = 0; i < b->n_revisions; i++) {
		const struct bulletin_revision *r = &b->revisions[i];

		if (r->number != (int64_t)i + 1)
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: revision %lld where %zu was "
			    "expected (numbers 1, 2, ... without a "
			    "gap)",
			    ref, (long long)r->number, i + 1);
		if (i && r->date < b->revisions[i - 1].date)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: revision %lld is dated "
			               "before revision %zu",
			               ref, (long long)r->number, i);
		if (!r->summary || !*r->summary)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: revision %lld has no "
			               "summary",
			               ref, (long long)r->number);
	}
	return 0;
}

int64_t
bulletin_version(const struct bulletin *b)
{
	return b->n_revisions ? b->revisions[b->n_revisions - 1].number : 0;
}

long
bulletin_product_find(const struct bulletin *b, const char *product_id)
{
	for (size_t i = 0; product_id && i < b->n_products; i++)
		if (strcmp(b->products[i].product_id, product_id) == 0)
			return (long)i;
	return -1;
}

static bool
same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

long
bulletin_product_match(const struct bulletin *b,
                       const struct bulletin_product *p)
{
	for (size_t i = 0; i < b->n_products; i++) {
		const struct bulletin_product *q = &b->products[i];

		if (same(q->cpe, p->cpe) && same(q->purl, p->purl) &&
		    same(q->vendor, p->vendor) &&
		    same(q->product, p->product) &&
		    same(q->version_range, p->version_range))
			return (long)i;
	}
	return -1;
}

static int
check_products(const struct bulletin *b, const char *ref, struct err *e)
{
	for (size_t i = 0; i < b->n_products; i++) {
		const struct bulletin_product *p = &b->products[i];

		if (!p->product_id || !*p->product_id)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: product %zu has no id",
			               ref, i + 1);
		if (bulletin_product_find(b, p->product_id) != (long)i)
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: product id '%s' is defined "
			    "twice",
			    ref, p->product_id);
		if (!p->cpe && !p->purl && !(p->vendor && p->product))
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: product '%s' needs a CPE "
			    "name, a PURL, or a vendor and a product",
			    ref, p->product_id);
		if (p->cpe && strncmp(p->cpe, "cpe:2.3:", 8) != 0 &&
		    strncmp(p->cpe, "cpe:/", 5) != 0)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: '%s' is not a CPE name "
			               "(cpe:2.3:...)",
			               ref, p->cpe);
		if (p->purl && strncmp(p->purl, "pkg:", 4) != 0)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: '%s' is not a package URL "
			               "(pkg:TYPE/NAME@VERSION)",
			               ref, p->purl);
	}
	return 0;
}

static int
check_statuses(const struct bulletin *b, const char *ref, struct err *e)
{
	for (size_t i = 0; i < b->n_statuses; i++) {
		const struct bulletin_status_entry *s = &b->statuses[i];

		if (strvec_find(&b->cve_ids, s->cve_id) < 0)
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: a product status names %s, "
			    "which the bulletin does not cover",
			    ref, s->cve_id ? s->cve_id : "no CVE");
		if (bulletin_product_find(b, s->product_id) < 0)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: a status of %s names "
			               "product '%s', which is not defined",
			               ref, s->cve_id,
			               s->product_id ? s->product_id : "");
		if ((unsigned)s->state >= BULLETIN_PRODUCT_STATE_COUNT)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: product status %d unknown",
			               ref, (int)s->state);
		if ((s->state == BULLETIN_KNOWN_NOT_AFFECTED) !=
		    (s->justification != NULL))
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: product '%s' for %s: %s", ref,
			    s->product_id, s->cve_id,
			    s->justification
			        ? "only known_not_affected takes a "
			          "justification"
			        : "known_not_affected needs a justification "
			          "(component_not_present, ...)");
		if (s->justification &&
		    !bulletin_justification_valid(s->justification))
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: unknown justification '%s' (known: "
			    "component_not_present, vulnerable_code_not_present, "
			    "vulnerable_code_cannot_be_controlled_by_adversary, "
			    "vulnerable_code_not_in_execute_path, "
			    "inline_mitigations_already_exist)",
			    ref, s->justification);
		/* one status per CVE and product: CSAF 6.1.6 */
		for (size_t j = 0; j < i; j++)
			if (strcmp(b->statuses[j].cve_id, s->cve_id) == 0 &&
			    strcmp(b->statuses[j].product_id, s->product_id) ==
			        0)
				return err_set(e, ERR_INVALID,
				               "bulletin %s: product '%s' has "
				               "two statuses for %s",
				               ref, s->product_id, s->cve_id);
	}
	return 0;
}

int
bulletin_validate(const struct bulletin *b, struct err *e)
{
	const char *ref = b->reference;
	int rc;

	if (!ref || !bulletin_reference_valid(ref))
		return err_set(e, ERR_INVALID,
		               "bulletin reference '%s' is not PREFIX-SA-YYYY-"
		               "NNNN",
		               ref ? ref : "");
	if (!b->title || !*b->title)
		return err_set(e, ERR_INVALID, "bulletin %s has no title", ref);
	if ((unsigned)b->status >= BULLETIN_STATUS_COUNT ||
	    (unsigned)b->category >= BULLETIN_CATEGORY_COUNT ||
	    b->severity < SEVERITY_INFO || b->severity > SEVERITY_CRITICAL ||
	    (int)b->tlp < TLP_CLEAR || b->tlp > TLP_RED)
		return err_set(e, ERR_INVALID,
		               "bulletin %s has a status, category, severity "
		               "or TLP out of range",
		               ref);
	for (size_t i = 0; i < b->cve_ids.n; i++)
		if (!cve_id_valid(b->cve_ids.v[i]))
			return err_set(e, ERR_INVALID,
			               "bulletin %s lists '%s', not a CVE id "
			               "(CVE-YYYY-NNNN)",
			               ref, b->cve_ids.v[i]);
	if ((rc = check_products(b, ref, e)) ||
	    (rc = check_statuses(b, ref, e)))
		return rc;
	for (size_t i = 0; i < b->n_remediations; i++) {
		const struct bulletin_remediation *r = &b->remediations[i];

		if (strvec_find(&b->cve_ids, r->cve_id) < 0)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: a remediation names %s, "
			               "which the bulletin does not cover",
			               ref, r->cve_id ? r->cve_id : "no CVE");
		if (!r->details || !*r->details)
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: a remediation of %s has no "
			    "details",
			    ref, r->cve_id);
	}
	for (size_t i = 0; i < b->n_links; i++)
		if (!b->links[i].url || !b->links[i].summary)
			return err_set(
			    e, ERR_INVALID,
			    "bulletin %s: a reference needs a URL and "
			    "a summary",
			    ref);
	for (size_t i = 0; i < b->n_acks; i++)
		if (!b->acks[i].name && !b->acks[i].organization)
			return err_set(e, ERR_INVALID,
			               "bulletin %s: an acknowledgment needs a "
			               "name or an organization",
			               ref);
	return bulletin_revisions_check(b, e);
}

char *
bulletin_cpe_part(const char *cpe, int k)
{
	const char *p = cpe, *start;
	struct strbuf sb;

	for (int i = 0; i < k && *p; p++)
		if (*p == '\\' && p[1])
			p++;
		else if (*p == ':')
			i++;
	start = p;
	strbuf_init(&sb);
	for (; *p && *p != ':'; p++) {
		if (*p == '\\' && p[1])
			p++;
		strbuf_addch(&sb, *p);
	}
	if (p == start || strcmp(sb.buf, "*") == 0 ||
	    strcmp(sb.buf, "-") == 0) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb, NULL);
}

/* Set *slot to the n bytes at s (owned), unless already set: false then. */
static bool
set_bound(char **slot, const char *s, size_t n)
{
	if (*slot || !n)
		return false;
	*slot = xstrndup(s, n);
	return true;
}

int
bulletin_range_bounds(const char *range, struct version_bounds *out)
{
	const char *p = range, *slash;

	version_bounds_init(out);
	if (!range || !*range)
		return ERR_INVALID;
	/* "vers:SCHEME/CONSTRAINTS", or the constraints alone */
	if (strncmp(p, "vers:", 5) == 0) {
		if (!(slash = strchr(p, '/')))
			return ERR_INVALID;
		p = slash + 1;
	}
	if (strcmp(p, "*") == 0)
		return 0;
	while (*p) {
		const char *end = strchr(p, '|');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		bool is_ok;

		while (n && *p == ' ') {
			p++;
			n--;
		}
		if (n >= 2 && strncmp(p, ">=", 2) == 0)
			is_ok = set_bound(&out->start_including, p + 2, n - 2);
		else if (n >= 2 && strncmp(p, "<=", 2) == 0)
			is_ok = set_bound(&out->end_including, p + 2, n - 2);
		else if (n >= 1 && *p == '>')
			is_ok = set_bound(&out->start_excluding, p + 1, n - 1);
		else if (n >= 1 && *p == '<')
			is_ok = set_bound(&out->end_excluding, p + 1, n - 1);
		else
			is_ok = false; /* "=v", "!=v": not an interval */
		if (!is_ok) {
			version_bounds_release(out);
			version_bounds_init(out);
			return ERR_INVALID;
		}
		p += n;
		if (*p == '|')
			p++;
	}
	return 0;
}
