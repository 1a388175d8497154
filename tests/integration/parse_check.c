/*
 * parse_check RESOURCE FILE...: parse each FILE (a page the simulator
 * served) with the client's native adapter, as the sync engine would, and
 * fail when a document or any item is rejected. Used by test_sim.py to
 * prove that every object central-sim serves passes
 * src/feed/feed_centinela.c.
 */
#include <stdio.h>
#include <stdlib.h>

#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/feed/feed.h"

int
main(int argc, char **argv)
{
	int status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: parse_check RESOURCE FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		struct feed_batch b;
		struct err e;
		char *buf = NULL;
		size_t len = 0;

		err_clear(&e);
		if (fs_read_file(argv[i], (size_t)1 << 28, &buf, &len, &e)) {
			fprintf(stderr, "%s: %s\n", argv[i], e.msg);
			return 1;
		}
		feed_batch_init(&b);
		b.source = "central";
		if (feed_centinela_ops.parse(buf, len, argv[1], &b, &e)) {
			fprintf(stderr, "%s: %s\n", argv[i], e.msg);
			status = 1;
		}
		for (size_t k = 0; k < b.n_errors; k++) {
			fprintf(stderr, "%s: %s\n", argv[i],
			        b.errors[k].message);
			status = 1;
		}
		printf("%s %s %zu items %zu errors cursor %s more %d\n",
		       argv[1], argv[i], b.n_items, b.n_errors,
		       b.next_cursor ? b.next_cursor : "-", (int)b.has_more);
		feed_batch_release(&b);
		free(buf);
	}
	return status;
}
