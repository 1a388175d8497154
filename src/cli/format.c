/* Short text forms for the CLI: see include/centinela/cli/format.h. */
#include "centinela/cli/format.h"

#include <langinfo.h>
#include <string.h>

#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"

char *
format_id(int64_t n)
{
	struct strbuf sb;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%lld", (long long)n);
	return strbuf_detach(&sb, NULL);
}

char *
format_age(int64_t now, int64_t t)
{
	char buf[16] = "";

	if (t)
		time_format_age(now - t, buf, sizeof(buf));
	return xstrdup(buf);
}

bool
format_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
