/* A constituent organization of the CSIRT. */
#ifndef CENTINELA_MODEL_ORGANIZATION_H
#define CENTINELA_MODEL_ORGANIZATION_H

#include "centinela/model/record.h"

struct organization {
	struct record_meta meta; /* identity and sync state */
	char *name;              /* display name, unique per source (owned) */
	char *sector;            /* sector code, e.g. "energy" (owned) */
	char *region; /* state or region, e.g. "Jalisco" (owned, may be NULL) */
	char *contact;       /* main contact, free text (owned, may be NULL) */
	char *abuse_contact; /* abuse address (owned, may be NULL) */
	int64_t
	    open_incidents; /* derived on read: incidents not resolved/closed */
};

void organization_init(struct organization *o);
void organization_release(struct organization *o);

#endif
