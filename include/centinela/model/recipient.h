/*
 * Who should receive a bulletin: the organizations it is addressed to
 * (named, or in an addressed sector) and those whose assets are exposed
 * to its CVEs, each with its contacts and why it is on the list, kept or
 * withheld by the bulletin's TLP (2.0):
 *
 *   CLEAR, GREEN   every candidate: the information may go to the whole
 *                  community, so addressing a sector reaches all of it.
 *   AMBER,         only the organizations concerned: those whose assets
 *   AMBER+STRICT   are exposed to its CVEs and those the author named one
 *                  by one (TLP 2.0: the source decides who has a need to
 *                  know; naming an organization is that decision, a whole
 *                  sector is not). AMBER+STRICT differs only in what the
 *                  recipients may do with it, not in who they are.
 *   RED            nobody automatically: RED goes to people the author
 *                  picks by hand, never to a list.
 *
 * Pure: the store finds the candidates, this decides and words them.
 */
#ifndef CENTINELA_MODEL_RECIPIENT_H
#define CENTINELA_MODEL_RECIPIENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/model/enums.h"

/* Why an organization is a candidate (a mask of these). */
enum recipient_why {
	RECIPIENT_NAMED = 1 << 0,   /* the bulletin names it */
	RECIPIENT_SECTOR = 1 << 1,  /* it is in an addressed sector */
	RECIPIENT_EXPOSED = 1 << 2, /* its assets are exposed to a CVE */
};

struct recipient {
	int64_t organization_id; /* local id */
	char *organization;      /* its name (owned) */
	char *sector;            /* its sector code (owned) */
	char *region;            /* (owned, may be NULL) */
	char *contact;           /* the free-text contact (owned, NULL) */
	char *contact_name;      /* the person, from contact (owned, NULL) */
	char *email; /* contact's address, else the abuse one (owned, NULL) */
	char *phone; /* from contact (owned, NULL) */
	char *abuse_contact;    /* (owned, NULL) */
	unsigned why;           /* mask of enum recipient_why */
	struct strvec reasons;  /* "named", "sector", "exposed" */
	int64_t exposed_assets; /* its assets exposed to the CVEs */
	struct strvec cves;     /* the CVEs they are exposed to */
	char *reason; /* "named; sector energy; 2 assets exposed to CVE-..."
	                 (owned, set by recipient_finish) */
};

/* The recipients of one bulletin, after the TLP rule. */
struct recipient_list {
	struct recipient *v; /* kept, ordered by sector and name */
	size_t n;            /* entries in v */
	size_t n_withheld;   /* candidates the TLP kept out */
	enum tlp tlp;        /* the bulletin's TLP */
};

void recipient_list_init(struct recipient_list *l);
void recipient_list_release(struct recipient_list *l);
/* Append a zeroed recipient (its vectors initialised) and return it. */
struct recipient *recipient_list_add(struct recipient_list *l);

/* Whether an organization a candidate for why may receive a bulletin of
 * TLP tlp (the rule above). */
bool recipient_allowed(enum tlp tlp, unsigned why);

/*
 * Fill r's contact_name, email and phone from r->contact ("Ana López, Jefa
 * de TI, +52 55 5550 1234, ana@cfe.mx", "Ana <ana@cfe.mx>"), the email
 * from r->abuse_contact when contact has none, and its reasons and reason
 * text from why, exposed_assets and cves.
 */
void recipient_finish(struct recipient *r);

/*
 * Keep in l only the recipients that recipient_allowed lets through for
 * l->tlp, counting the others in n_withheld.
 */
void recipient_list_filter(struct recipient_list *l);

/* The rule of tlp in a sentence, for the page ("only the ..."). */
const char *recipient_rule(enum tlp tlp);

/* "TLP:CLEAR", "TLP:AMBER+STRICT", ... as TLP 2.0 writes the labels. */
const char *recipient_tlp_label(enum tlp tlp);

#endif
