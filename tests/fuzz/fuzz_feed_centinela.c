/*
 * The native adapter (feed/feed_centinela.c) on any bytes, as each
 * resource it serves, and its error bodies (feed_api_error).
 */
#include "centinela/base/err.h"
#include "centinela/feed/feed.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const resources[] = {"organizations", "assets",
	                                        "alerts", "incidents"};
	char *bytes = fuzz_bytes(data, size);
	struct feed_api_error ae;
	struct feed_batch b;
	struct err e;

	for (size_t i = 0; i < sizeof(resources) / sizeof(resources[0]); i++) {
		feed_batch_init(&b);
		b.source = "central";
		(void)feed_centinela_ops.parse(bytes, size, resources[i], &b,
		                               &e);
		feed_batch_release(&b);
	}
	(void)feed_api_error(bytes, size, &ae);
	feed_api_error_release(&ae);
	free(bytes);
	return 0;
}
