/* The CISA KEV adapter (feed/feed_kev.c) on any bytes. */
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
	b.source = "kev";
	(void)feed_kev_ops.parse(bytes, size, "kev", &b, &e);
	feed_batch_release(&b);
	free(bytes);
	return 0;
}
