/*
 * The filter language (model/filter.h) on any string: it parses or fails
 * with a message, and what parses formats to a text that parses again to
 * the same canonical text.
 */
#include <stdio.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/model/filter.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_string(data, size);
	struct filter *f = NULL, *g = NULL;
	struct strbuf once, twice;
	struct err e;

	strbuf_init(&once);
	strbuf_init(&twice);
	if (filter_parse(s, &f, &e) == 0) {
		filter_format(f, &once);
		if (filter_parse(once.buf, &g, &e) != 0) {
			fprintf(stderr,
			        "canonical text does not parse: %s: %s\n",
			        once.buf, e.msg);
			abort();
		}
		filter_format(g, &twice);
		if (strcmp(once.buf, twice.buf) != 0) {
			fprintf(stderr, "not canonical: '%s' then '%s'\n",
			        once.buf, twice.buf);
			abort();
		}
	}
	filter_free(f);
	filter_free(g);
	strbuf_release(&once);
	strbuf_release(&twice);
	free(s);
	return 0;
}
