/*
 * Page keys in their printable form: see store_key_format in
 * include/centinela/store/list.h.
 */
#include "centinela/store/list.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/base/err.h"
#include "centinela/base/hash.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/filter.h"
#include "centinela/model/sla.h"
#include "internal.h"
#include "list_internal.h"
#include "rows.h"

void
store_key_init(struct store_key *k)
{
	memset(k, 0, sizeof(*k));
}

void
store_key_release(struct store_key *k)
{
	free(k->text);
	store_key_init(k);
}

char *
store_key_format(const struct store_key *k)
{
	static const char hex[] = "0123456789abcdef";
	struct strbuf sb;

	strbuf_init(&sb);
	if (!k || !k->is_set) {
		strbuf_adds(&sb, "-");
	} else if (k->is_text) {
		strbuf_adds(&sb, "t:");
		for (const char *p = k->text ? k->text : ""; *p; p++) {
			strbuf_addch(&sb, hex[(unsigned char)*p >> 4]);
			strbuf_addch(&sb, hex[(unsigned char)*p & 15]);
		}
		strbuf_addf(&sb, ":%" PRId64, k->id);
	} else if (k->is_real) {
		strbuf_addf(&sb, "r:%.17g:%" PRId64, k->real, k->id);
	} else if (k->has_num2) {
		strbuf_addf(&sb, "n2:%" PRId64 ":%" PRId64 ":%" PRId64, k->num,
		            k->num2, k->id);
	} else {
		strbuf_addf(&sb, "n:%" PRId64 ":%" PRId64, k->num, k->id);
	}
	return strbuf_detach(&sb, NULL);
}

/* A signed decimal from *p up to stop (':' or NUL); advances *p. */
bool
list_read_int(const char **p, char stop, int64_t *out)
{
	char *end;
	long long v;

	if (!isdigit((unsigned char)**p) && **p != '-')
		return false;
	errno = 0;
	v = strtoll(*p, &end, 10);
	if (errno || end == *p || *end != stop)
		return false;
	*out = v;
	*p = end + (stop ? 1 : 0);
	return true;
}

int
store_key_parse(const char *s, struct store_key *out, struct err *e)
{
	const char *p = s ? s : "";
	struct strbuf text;
	int rc = 0;

	strbuf_init(&text);
	store_key_init(out);
	if (strcmp(p, "-") == 0)
		goto out;
	out->is_set = true;
	if (strncmp(p, "n:", 2) == 0) {
		p += 2;
		if (!list_read_int(&p, ':', &out->num) ||
		    !list_read_int(&p, 0, &out->id))
			goto bad;
	} else if (strncmp(p, "n2:", 3) == 0) {
		p += 3;
		out->has_num2 = true;
		if (!list_read_int(&p, ':', &out->num) ||
		    !list_read_int(&p, ':', &out->num2) ||
		    !list_read_int(&p, 0, &out->id))
			goto bad;
	} else if (strncmp(p, "r:", 2) == 0) {
		char *end;

		p += 2;
		out->is_real = true;
		errno = 0;
		out->real = strtod(p, &end);
		if (errno || end == p || *end != ':')
			goto bad;
		p = end + 1;
		if (!list_read_int(&p, 0, &out->id))
			goto bad;
	} else if (strncmp(p, "t:", 2) == 0) {
		p += 2;
		out->is_text = true;
		while (*p && *p != ':') {
			int hi = hex_digit_value(p[0]),
			    lo = hi < 0 ? -1 : hex_digit_value(p[1]);

			if (lo < 0 || (hi == 0 && lo == 0))
				goto bad;
			strbuf_addch(&text, hi << 4 | lo);
			p += 2;
		}
		if (*p++ != ':' || !list_read_int(&p, 0, &out->id))
			goto bad;
		out->text = strbuf_detach(&text, NULL);
	} else {
		goto bad;
	}
	goto out;
bad:
	store_key_release(out);
	rc = err_set(e, ERR_PARSE, "malformed page key '%s'", s ? s : "");
out:
	strbuf_release(&text);
	return rc;
}
