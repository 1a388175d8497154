/* The NVD CVE API 2.0 adapter (feed/feed_nvd.c) on any bytes. */
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
	b.source = "nvd";
	(void)feed_nvd_ops.parse(bytes, size, "cves", &b, &e);
	feed_batch_release(&b);
	free(bytes);
	return 0;
}
