/*
 * The syntax checks of src/model (and the base ones they build on) on any
 * string: CPE 2.3 names, incident references, CVE ids, RSIT categories,
 * enumerations, SLA setting names, ISO 8601 times and durations, IP
 * addresses, host names. None may read past the string's NUL.
 */
#include <stdbool.h>

#include "centinela/base/err.h"
#include "centinela/base/inet.h"
#include "centinela/base/timeutil.h"
#include "centinela/feed/feed.h"
#include "centinela/model/asset.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"
#include "centinela/model/sla.h"
#include "centinela/model/transition.h"
#include "centinela/model/vulnerability.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	char *cls = NULL, *type = NULL;
	enum severity sev;
	enum tlp tlp;
	enum pap pap;
	enum incident_status is;
	enum alert_status as;
	enum asset_kind ak;
	enum local_state ls;
	enum observable_type ot;
	bool is_resolution;
	int64_t t;
	struct err e;

	(void)cpe23_valid(s);
	(void)incident_reference_valid(s);
	(void)cve_id_valid(s);
	(void)rsit_class_valid(s);
	(void)rsit_type_valid("malicious-code", s);
	(void)severity_parse(s, &sev);
	(void)tlp_parse(s, &tlp);
	(void)pap_parse(s, &pap);
	(void)incident_status_parse(s, &is);
	(void)alert_status_parse(s, &as);
	(void)asset_kind_parse(s, &ak);
	(void)local_state_parse(s, &ls);
	(void)observable_type_parse(s, &ot);
	(void)sla_setting_parse(s, &sev, &is_resolution);
	if (rsit_category_parse(s, &cls, &type, &e) == 0) {
		free(cls);
		free(type);
	}
	(void)time_parse_iso8601(s, &t);
	(void)time_parse_duration(s, &t);
	(void)inet_valid_addr(s);
	(void)feed_hostname_valid(s);
	free(s);
	return 0;
}
