/* A critical-infrastructure asset of a constituent, with its CPE names. */
#ifndef CENTINELA_MODEL_ASSET_H
#define CENTINELA_MODEL_ASSET_H

#include <stdbool.h>

#include "centinela/base/strvec.h"
#include "centinela/model/record.h"

struct asset {
	struct record_meta meta; /* identity and sync state */
	char *name;              /* unique within its organization (owned) */
	int64_t
	    organization_id;   /* owner organization rowid, 0 when unresolved */
	char *organization;    /* owner organization's name (owned) */
	char *sector;          /* sector code (owned) */
	enum asset_kind kind;  /* ICS, server, ... */
	int criticality;       /* 1 (low) to 5 (vital) */
	char *hostname;        /* FQDN (owned, may be NULL) */
	char *ip;              /* IP address or CIDR (owned, may be NULL) */
	char *location;        /* site, free text (owned, may be NULL) */
	char *vendor;          /* (owned, may be NULL) */
	char *product;         /* (owned, may be NULL) */
	char *product_version; /* (owned, may be NULL) */
	struct strvec cpes;    /* CPE 2.3 formatted strings */
};

void asset_init(struct asset *a);
void asset_release(struct asset *a);

/*
 * True when s is a well-formed CPE 2.3 formatted string (cpe_name_valid()
 * of cpe.h: "cpe:2.3:" and 11 non-empty attributes, part a, o, h or any,
 * backslash quoting, wildcards only at the ends of a value).
 */
bool cpe23_valid(const char *s);

#endif
