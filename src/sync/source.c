/* struct sync_source: plain data, copied into the engine. */
#include "centinela/sync/source.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/xalloc.h"

void
sync_source_init(struct sync_source *src)
{
	memset(src, 0, sizeof(*src));
	strvec_init(&src->resources);
}

void
sync_source_release(struct sync_source *src)
{
	free(src->name);
	free(src->driver);
	free(src->url);
	free(src->token_file);
	free(src->token_env);
	free(src->ca_file);
	strvec_release(&src->resources);
	sync_source_init(src);
}

static char *
dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

void
sync_source_copy(struct sync_source *to, const struct sync_source *from)
{
	*to = *from;
	to->name = dup_or_null(from->name);
	to->driver = dup_or_null(from->driver);
	to->url = dup_or_null(from->url);
	to->token_file = dup_or_null(from->token_file);
	to->token_env = dup_or_null(from->token_env);
	to->ca_file = dup_or_null(from->ca_file);
	strvec_init(&to->resources);
	for (size_t i = 0; i < from->resources.n; i++)
		strvec_push(&to->resources, from->resources.v[i]);
}
