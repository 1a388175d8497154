/*
 * The unit-test runner: every suite found in tests/unit/check_*.c (the
 * Makefile generates suites.h from them), run in one SRunner so `make check`
 * ends with Check's one summary line.
 */
#include <check.h>
#include <stdlib.h>

#include "suites.h"

int
main(void)
{
	Suite *(*const makers[])(void) = {SUITE_LIST};
	SRunner *sr = srunner_create(NULL);
	int failed;

	for (size_t i = 0; i < sizeof(makers) / sizeof(makers[0]); i++)
		srunner_add_suite(sr, makers[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
