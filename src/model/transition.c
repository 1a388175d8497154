/*
 * The incident workflow table and the RSIT category parser: see
 * include/centinela/model/transition.h for the table in full.
 */
#include "centinela/model/transition.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"

#define BIT(st) (1u << (st))

/* allowed[from]: the set of statuses from may move to. */
static const unsigned allowed[INCIDENT_STATUS_COUNT] = {
    [INCIDENT_NEW] =
        BIT(INCIDENT_TRIAGE) | BIT(INCIDENT_IN_PROGRESS) | BIT(INCIDENT_CLOSED),
    [INCIDENT_TRIAGE] = BIT(INCIDENT_IN_PROGRESS) | BIT(INCIDENT_WAITING) |
                        BIT(INCIDENT_CLOSED),
    [INCIDENT_IN_PROGRESS] = BIT(INCIDENT_WAITING) | BIT(INCIDENT_CONTAINED) |
                             BIT(INCIDENT_RESOLVED),
    [INCIDENT_WAITING] = BIT(INCIDENT_IN_PROGRESS) | BIT(INCIDENT_CONTAINED) |
                         BIT(INCIDENT_RESOLVED),
    [INCIDENT_CONTAINED] = BIT(INCIDENT_IN_PROGRESS) | BIT(INCIDENT_RESOLVED),
    [INCIDENT_RESOLVED] = BIT(INCIDENT_CLOSED) | BIT(INCIDENT_IN_PROGRESS),
    [INCIDENT_CLOSED] = 0,
};

static bool
is_status(int st)
{
	return st >= 0 && st < INCIDENT_STATUS_COUNT;
}

bool
incident_status_can_move(enum incident_status from, enum incident_status to)
{
	if (!is_status((int)from) || !is_status((int)to))
		return false;
	return (allowed[from] & BIT(to)) != 0;
}

void
incident_status_targets(enum incident_status from, char *out, size_t outsz)
{
	size_t len = 0;

	if (!outsz)
		return;
	out[0] = '\0';
	for (int to = 0; to < INCIDENT_STATUS_COUNT; to++) {
		int n;

		if (!incident_status_can_move(from, (enum incident_status)to))
			continue;
		n = snprintf(out + len, outsz - len, "%s%s", len ? ", " : "",
		             incident_status_name(to));
		if (n < 0 || (size_t)n >= outsz - len)
			return;
		len += (size_t)n;
	}
	if (!len)
		snprintf(out, outsz, "none");
}

void
incident_status_refusal(enum incident_status from, enum incident_status to,
                        char *out, size_t outsz)
{
	char targets[160];

	if (from == to)
		snprintf(out, outsz, "already '%s'", incident_status_name(to));
	else if (from == INCIDENT_CLOSED)
		snprintf(out, outsz, "closed is final");
	else {
		incident_status_targets(from, targets, sizeof(targets));
		snprintf(out, outsz, "allowed: %s", targets);
	}
}

static char *
lower_dup(const char *s, size_t n)
{
	char *r = xmalloc(n + 1);

	for (size_t i = 0; i < n; i++)
		r[i] = (char)tolower((unsigned char)s[i]);
	r[n] = '\0';
	return r;
}

/* "a, b, c" of a NULL-terminated list, for messages. */
static void
join_list(const char *const *names, char *out, size_t outsz)
{
	size_t n = 0;

	while (names[n])
		n++;
	enum_list(names, n, out, outsz);
}

int
rsit_category_parse(const char *text, char **cls, char **type, struct err *e)
{
	const char *slash = text ? strchr(text, '/') : NULL;
	char known[600];
	char *c = NULL, *t = NULL;

	*cls = NULL;
	*type = NULL;
	if (!text || !*text || text == slash)
		return err_set(e, ERR_INVALID,
		               "empty category (expected an RSIT class such "
		               "as 'intrusions' or 'class/type')");
	c = lower_dup(text, slash ? (size_t)(slash - text) : strlen(text));
	if (slash && slash[1])
		t = lower_dup(slash + 1, strlen(slash + 1));
	if (!rsit_class_valid(c)) {
		const char *names[16];
		size_t n = rsit_class_count();

		for (size_t i = 0; i < n && i < 16; i++)
			names[i] = rsit_class_at(i);
		enum_list(names, n < 16 ? n : 16, known, sizeof(known));
		err_set(e, ERR_INVALID, "unknown RSIT class '%s' (known: %s)",
		        c, known);
		goto fail;
	}
	if (t && !rsit_type_valid(c, t)) {
		join_list(rsit_types(c), known, sizeof(known));
		err_set(e, ERR_INVALID,
		        "unknown RSIT type '%s' of class '%s' (known: %s)", t,
		        c, known);
		goto fail;
	}
	*cls = c;
	*type = t;
	return 0;
fail:
	free(c);
	free(t);
	return ERR_INVALID;
}
