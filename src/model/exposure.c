/* Exposures: see include/centinela/model/exposure.h. */
#include "centinela/model/exposure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void
exposure_init(struct exposure *x)
{
	memset(x, 0, sizeof(*x));
	record_meta_init(&x->meta);
	x->epss = -1;
	x->cvss = -1;
}

void
exposure_release(struct exposure *x)
{
	record_meta_release(&x->meta);
	free(x->asset);
	free(x->organization);
	free(x->sector);
	free(x->cve_id);
	free(x->title);
	free(x->cpe);
	exposure_init(x);
}

int
exposure_priority_score(bool is_kev, bool is_ransomware, double epss,
                        double cvss, int criticality, int sector_weight)
{
	/* In the order, and with the doubles, of the store's SQL (v7). */
	double p = 25 * (is_kev ? 1 : 0) + 10 * (is_ransomware ? 1 : 0);

	p += 20 * (epss >= 0 ? epss : 0);
	p += 2 * (cvss >= 0 ? cvss : 0);
	p += 4 * (criticality - 1);
	p += sector_weight;
	p = round(p);
	return p < 0 ? 0 : p > 100 ? 100 : (int)p;
}
