/* The EPSS adapter (feed/feed_epss.c: CSV, gzip, API JSON) on any bytes. */
#include "centinela/base/err.h"
#include "centinela/feed/feed.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bytes = fuzz_bytes(data, size);
	struct feed_batch b;
	struct err e;

	feed_batch_init(&b);
	b.source = "epss";
	(void)feed_epss_ops.parse(bytes, size, "epss", &b, &e);
	feed_batch_release(&b);
	free(bytes);
	return 0;
}
