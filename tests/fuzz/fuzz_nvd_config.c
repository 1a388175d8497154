/*
 * The NVD configurations reader (feed/nvd_config.h) on any text: it reads
 * or fails with a message, and what it reads evaluates against a few
 * names with every hit pointing at a vulnerable match the name satisfies,
 * inside a configuration that holds.
 */
#include <stdio.h>

#include "centinela/base/err.h"
#include "centinela/feed/nvd_config.h"
#include "centinela/model/cpe.h"
#include "centinela/model/cpe_config.h"
#include "fuzz.h"

static const char *const names_text[] = {
    "cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*",
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:cisco:rv340_firmware:1.0.03.24:*:*:*:*:*:*:*",
    "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*",
    "cpe:2.3:a:v:p:1.0:*:*:*:*:*:*:*",
};
#define N_NAMES (sizeof(names_text) / sizeof(names_text[0]))

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_bytes(data, size);
	struct cpe_name names[N_NAMES];
	struct nvd_configs c;
	struct cpe_hits hits;
	struct err e;

	nvd_configs_init(&c);
	cpe_hits_init(&hits);
	for (size_t i = 0; i < N_NAMES; i++) {
		cpe_name_init(&names[i]);
		if (cpe_name_parse(&names[i], names_text[i], &e) != 0)
			abort();
	}
	if (nvd_configs_parse(&c, s, size, &e) == 0 &&
	    cpe_configs_expose(c.v, c.n, names, N_NAMES, &hits)) {
		for (size_t i = 0; i < hits.n; i++) {
			const struct cpe_hit *h = &hits.v[i];
			const struct cpe_config *cf = &c.v[h->config];
			const struct cpe_match *m =
			    &cf->nodes[h->node].matches[h->match];

			if (!m->is_vulnerable ||
			    !cpe_match_satisfied(m, &names[h->name]) ||
			    !cpe_config_holds(cf, names, N_NAMES)) {
				fprintf(stderr, "hit %zu is not evidence\n", i);
				abort();
			}
		}
	}
	cpe_hits_release(&hits);
	nvd_configs_release(&c);
	for (size_t i = 0; i < N_NAMES; i++)
		cpe_name_release(&names[i]);
	free(s);
	return 0;
}
