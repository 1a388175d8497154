/*
 * The json_t side of feed/nvd_config.h, for the adapters of src/feed/ that
 * hold a CVE record already parsed. Not under include/: json_t stays in
 * src/feed.
 */
#ifndef CENTINELA_FEED_NVD_CONFIG_JSON_H
#define CENTINELA_FEED_NVD_CONFIG_JSON_H

#include <jansson.h>

#include "centinela/feed/nvd_config.h"

/*
 * Read the "configurations" array (borrowed) into *out, as
 * nvd_configs_parse() does with its text.
 */
int nvd_configs_read(struct nvd_configs *out, json_t *configurations,
                     struct err *e);

#endif
