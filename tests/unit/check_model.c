/* Model helpers: incident SLA text, references, CPE and CVE syntax. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/model/vulnerability.h"

START_TEST(test_model_sla_text)
{
	struct incident inc;
	char buf[24];

	incident_init(&inc);
	incident_sla_text(&inc, 1000, buf, sizeof(buf));
	ck_assert_str_eq(buf, ""); /* no deadline */
	inc.due_at = 1000 + 4 * 3600;
	incident_sla_text(&inc, 1000, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4h");
	incident_sla_text(&inc, 1000 + 6 * 3600, buf, sizeof(buf));
	ck_assert_str_eq(buf, "-2h");
	inc.status = INCIDENT_CLOSED;
	inc.closed_at = 1000 + 3600;
	incident_sla_text(&inc, 1000 + 9 * 3600, buf, sizeof(buf));
	ck_assert_str_eq(buf, "met");
	inc.closed_at = 1000 + 5 * 3600;
	incident_sla_text(&inc, 1000 + 9 * 3600, buf, sizeof(buf));
	ck_assert_str_eq(buf, "missed");
	incident_release(&inc);
}
END_TEST

START_TEST(test_model_syntax_checks)
{
	ck_assert(incident_reference_valid("MX-2026-00042"));
	ck_assert(!incident_reference_valid("MX-2026-42"));
	ck_assert(!incident_reference_valid("mx-2026-00042"));
	ck_assert(cve_id_valid("CVE-2024-12345"));
	ck_assert(!cve_id_valid("CVE-24-1"));
	ck_assert(
	    cpe23_valid("cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*"));
	ck_assert(!cpe23_valid("cpe:2.3:x:broken"));
	ck_assert(!cpe23_valid("cpe:2.3:a:v:p::*:*:*:*:*:*:*"));
}
END_TEST

/*
 * cpe23_valid on a heap copy of exactly strlen(s) + 1 bytes, so that a
 * read past its NUL is caught by the asan build.
 */
static bool
cpe_on_heap(const char *s)
{
	size_t n = strlen(s) + 1;
	char *copy = malloc(n);
	bool ok;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, s, n);
	ok = cpe23_valid(copy);
	free(copy);
	return ok;
}

/* Nothing (or too little) after "cpe:2.3:": refused, nothing read past. */
START_TEST(test_model_cpe23_truncated_prefix)
{
	static const char *const bad[] = {
	    "cpe:2.3:",  "cpe:2.3:a",  "cpe:2.3:a:",   "cpe:2.3:*",
	    "cpe:2.3::", "cpe:2.3:\\", "cpe:2.3:a:\\", "cpe:2.3",
	    "cpe:",      "",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!cpe_on_heap(bad[i]), "accepted '%s'", bad[i]);
	ck_assert(cpe_on_heap("cpe:2.3:a:v:p:1:*:*:*:*:*:*:*"));
}
END_TEST

Suite *
model_suite(void)
{
	Suite *s = suite_create("model");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_model_sla_text);
	tcase_add_test(tc, test_model_syntax_checks);
	tcase_add_test(tc, test_model_cpe23_truncated_prefix);
	suite_add_tcase(s, tc);
	return s;
}
