/*
 * The CSV inventory reader (feed/inventory_csv.h, on base/csv.c) on any
 * bytes, as organizations and as assets. The bytes have no NUL after
 * them, as a file read into memory need not.
 */
#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/feed/inventory_csv.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bytes = fuzz_bytes(data, size);
	struct strvec known;
	struct feed_batch b;
	struct err e;

	strvec_init(&known);
	strvec_push(&known, "energy");
	strvec_push(&known, "water");
	for (int k = 0; k < 2; k++) {
		feed_batch_init(&b);
		(void)inventory_csv_parse(
		    k ? INVENTORY_ASSETS : INVENTORY_ORGANIZATIONS, bytes, size,
		    "f.csv", k ? &known : NULL, &b, &e);
		feed_batch_release(&b);
	}
	strvec_release(&known);
	free(bytes);
	return 0;
}
