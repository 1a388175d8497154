/* Short text forms for the CLI: see include/centinela/cli/format.h. */
#include "centinela/cli/format.h"

#include <langinfo.h>
#include <string.h>
#include <time.h>

#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/incident.h"

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

char *
format_minute(int64_t t)
{
	char buf[TIME_ISO_MAX] = "";

	if (t) {
		time_format_iso8601(t, buf);
		buf[10] = ' ';
		buf[16] = '\0'; /* drop ":SSZ" */
	}
	return xstrdup(buf);
}

char *
format_short_time(int64_t t)
{
	char *s = format_minute(t);

	if (*s)
		memmove(s, s + 5, strlen(s + 5) + 1); /* drop "YYYY-" */
	return s;
}

char *
format_when(int64_t now, int64_t t)
{
	char iso[TIME_ISO_MAX], age[16];
	struct strbuf sb;

	if (!t)
		return xstrdup("-");
	strbuf_init(&sb);
	time_format_iso8601(t, iso);
	time_format_age(t > now ? t - now : now - t, age, sizeof(age));
	strbuf_addf(&sb, t > now ? "%s (in %s)" : "%s (%s ago)", iso, age);
	return strbuf_detach(&sb, NULL);
}

char *
format_sla(int64_t now, const struct incident *inc)
{
	char buf[24];

	incident_sla_text(inc, now, buf, sizeof(buf));
	return xstrdup(buf);
}

bool
format_is_utf8(void)
{
	const char *cs = nl_langinfo(CODESET);

	return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}
