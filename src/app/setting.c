/*
 * Settings: see include/centinela/app/setting.h.
 *
 * Each row points at its field of struct app by offset; the code below
 * reads and writes a field through the row's type, and nowhere else knows
 * which settings exist. To add one: a field in struct app (with its default
 * in app_init), one row here, and a line in the man page. The LIST.columns
 * settings are not listed here: each column catalog (app/columns.h) makes
 * one (column_row).
 */
#include "centinela/app/setting.h"

#include <errno.h>
#include <stdio.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/columns.h"
#include "centinela/app/lexer.h"
#include "centinela/app/suggest.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/model/sla.h"
#include "centinela/net/http.h"

static int check_printable(const struct setting *s, const char *value,
                           struct err *e);
static int check_upper_letters(const struct setting *s, const char *value,
                               struct err *e);
static int check_columns(const struct setting *s, const char *value,
                         struct err *e);
static int check_severity(const struct setting *s, const char *value,
                          struct err *e);
static int check_tlp(const struct setting *s, const char *value, struct err *e);
static int check_command(const struct setting *s, const char *value,
                         struct err *e);
static int check_epss(const struct setting *s, const char *value,
                      struct err *e);
static int check_review(const struct setting *s, const char *value,
                        struct err *e);
static int check_namespace(const struct setting *s, const char *value,
                           struct err *e);
static int check_base_url(const struct setting *s, const char *value,
                          struct err *e);
static void format_duration(int64_t secs, struct strbuf *out);

static const struct setting setting_table[] = {
    {"analyst", SETTING_STRING,
     "who acts: the actor of audit entries and the 'me' of assignee:me",
     offsetof(struct app, analyst), 1, 64, check_printable},
    {"reference-prefix", SETTING_STRING,
     "prefix of new incident references, e.g. MX in MX-2026-00042",
     offsetof(struct app, reference_prefix), 2, 8, check_upper_letters},
    {"default-limit", SETTING_INT,
     "rows a CLI list prints when --limit is not given",
     offsetof(struct app, default_limit), 1, 10000, NULL},
    /* here: the LIST.columns rows (column_rows) */
    {"sla.critical.response", SETTING_DURATION,
     "SLA target: first response to critical incidents",
     offsetof(struct app, sla.response[SEVERITY_CRITICAL]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.critical.resolution", SETTING_DURATION,
     "SLA target: resolution of critical incidents (waits excluded)",
     offsetof(struct app, sla.resolution[SEVERITY_CRITICAL]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.high.response", SETTING_DURATION,
     "SLA target: first response to high incidents",
     offsetof(struct app, sla.response[SEVERITY_HIGH]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.high.resolution", SETTING_DURATION,
     "SLA target: resolution of high incidents (waits excluded)",
     offsetof(struct app, sla.resolution[SEVERITY_HIGH]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.medium.response", SETTING_DURATION,
     "SLA target: first response to medium incidents",
     offsetof(struct app, sla.response[SEVERITY_MEDIUM]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.medium.resolution", SETTING_DURATION,
     "SLA target: resolution of medium incidents (waits excluded)",
     offsetof(struct app, sla.resolution[SEVERITY_MEDIUM]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.low.response", SETTING_DURATION,
     "SLA target: first response to low incidents",
     offsetof(struct app, sla.response[SEVERITY_LOW]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.low.resolution", SETTING_DURATION,
     "SLA target: resolution of low incidents (waits excluded)",
     offsetof(struct app, sla.resolution[SEVERITY_LOW]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.info.response", SETTING_DURATION,
     "SLA target: first response to info incidents",
     offsetof(struct app, sla.response[SEVERITY_INFO]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"sla.info.resolution", SETTING_DURATION,
     "SLA target: resolution of info incidents (waits excluded)",
     offsetof(struct app, sla.resolution[SEVERITY_INFO]), SLA_TARGET_MIN,
     SLA_TARGET_MAX, NULL},
    {"notify.severity", SETTING_STRING,
     "least severity of a new alert that notifies (info to critical)",
     offsetof(struct app, notify_severity), 1, 16, check_severity},
    {"notify.bell", SETTING_BOOL, "ring the terminal bell for new alerts",
     offsetof(struct app, is_notify_bell), 0, 0, NULL},
    {"notify.flash", SETTING_BOOL, "flash the screen for new alerts",
     offsetof(struct app, is_notify_flash), 0, 0, NULL},
    {"notify.program", SETTING_STRING,
     "command that reads new alerts as JSON lines on its standard input",
     offsetof(struct app, notify_program), 0, 1000, check_command},
    {"notify.max-tlp", SETTING_STRING,
     "highest TLP of an alert given to notify.program",
     offsetof(struct app, notify_max_tlp), 1, 16, check_tlp},
    {"exposure.criticality", SETTING_INT,
     "least criticality of an asset whose KEV or EPSS exposures become "
     "alerts",
     offsetof(struct app, exposure_criticality), 1, 5, NULL},
    {"exposure.epss", SETTING_STRING,
     "least EPSS score (0 to 1) that makes an exposure an alert",
     offsetof(struct app, exposure_epss), 1, 16, check_epss},
    {"bulletin.review", SETTING_STRING,
     "whether a bulletin needs a second analyst's review to go final "
     "(required or optional)",
     offsetof(struct app, bulletin_review), 1, 16, check_review},
    {"bulletin.publisher", SETTING_STRING,
     "the publisher's name in exported CSAF documents",
     offsetof(struct app, bulletin_publisher), 0, 200, check_printable},
    {"bulletin.namespace", SETTING_STRING,
     "the publisher's namespace (an https URL) in exported CSAF documents",
     offsetof(struct app, bulletin_namespace), 0, 500, check_namespace},
    {"bulletin.base-url", SETTING_STRING,
     "the URL `bulletin publish` says its provider directory is served at",
     offsetof(struct app, bulletin_base_url), 0, 500, check_base_url},
};

/* Other names a setting answers to: the spelling, for one. */
static const struct {
	const char *alias; /* accepted name */
	const char *name;  /* the setting's name */
} setting_aliases[] = {
    {"notify-program", "notify.program"},
};

#define TABLE_COUNT   ARRAY_SIZE(setting_table)
#define COLUMNS_AFTER 3 /* table rows before the LIST.columns rows */
#define SETTING_COUNT (TABLE_COUNT + STORE_ENTITY_COUNT)

/*
 * One `set LIST.columns` row per column catalog (app/columns.h), pointing
 * at app->columns[entity]. Built on first use, before the console or any
 * thread runs (app_init sets the analyst through here).
 */
static struct setting column_rows[STORE_ENTITY_COUNT];
static char column_names[STORE_ENTITY_COUNT][48];
static char column_texts[STORE_ENTITY_COUNT][80];

static const struct setting *
column_row(int ent)
{
	struct setting *s = &column_rows[ent];

	if (!s->name) {
		const struct column_catalog *cat = columns_catalog_of(ent);

		snprintf(column_names[ent], sizeof(column_names[ent]),
		         "%s.columns", cat->view);
		snprintf(column_texts[ent], sizeof(column_texts[ent]),
		         "columns of the console's %s list, in order",
		         cat->singular);
		s->type = SETTING_STRING;
		s->description = column_texts[ent];
		s->offset =
		    offsetof(struct app, columns) +
		    (size_t)ent * sizeof(((struct app *)NULL)->columns[0]);
		s->min = 1;
		s->max = 400;
		s->check = check_columns;
		s->name = column_names[ent];
	}
	return s;
}

const struct setting *
setting_at(size_t i)
{
	if (i < COLUMNS_AFTER)
		return &setting_table[i];
	if (i < COLUMNS_AFTER + STORE_ENTITY_COUNT)
		return column_row((int)(i - COLUMNS_AFTER));
	return i < SETTING_COUNT ? &setting_table[i - STORE_ENTITY_COUNT]
	                         : NULL;
}

const struct setting *
setting_find(const char *name)
{
	for (size_t i = 0; i < SETTING_COUNT; i++)
		if (strcmp(setting_at(i)->name, name) == 0)
			return setting_at(i);
	for (size_t i = 0; i < ARRAY_SIZE(setting_aliases); i++)
		if (strcmp(setting_aliases[i].alias, name) == 0)
			return setting_find(setting_aliases[i].name);
	return NULL;
}

size_t
setting_count(void)
{
	return SETTING_COUNT;
}

void
setting_list_names(struct strbuf *out)
{
	bool has_sla = false;

	for (size_t i = 0; i < SETTING_COUNT; i++) {
		const char *name = setting_at(i)->name;

		/* Ten SLA targets read better as their pattern. */
		if (strncmp(name, "sla.", 4) == 0) {
			if (has_sla)
				continue;
			has_sla = true;
			name = "sla.SEVERITY.response, sla.SEVERITY.resolution";
		}
		if (i)
			strbuf_adds(out, ", ");
		strbuf_adds(out, name);
	}
}

static int
check_printable(const struct setting *s, const char *value, struct err *e)
{
	if (!sanitize_is_clean(value, strlen(value), 0))
		return err_set(e, ERR_INVALID,
		               "invalid value for '%s': it holds control, "
		               "bidirectional or invalid UTF-8 characters",
		               s->name);
	return 0;
}

static int
check_upper_letters(const struct setting *s, const char *value, struct err *e)
{
	for (const char *p = value; *p; p++)
		if (*p < 'A' || *p > 'Z')
			return err_set(e, ERR_INVALID,
			               "invalid value for '%s': '%s' (expected "
			               "%" PRId64 " to %" PRId64
			               " upper-case letters A-Z)",
			               s->name, value, s->min, s->max);
	return 0;
}

/* "incidents.columns": the view is the name up to the dot. */
static int
check_columns(const struct setting *s, const char *value, struct err *e)
{
	char view[48];
	int idx[COLUMNS_MAX];
	size_t n, len = strcspn(s->name, ".");

	snprintf(view, sizeof(view), "%.*s", (int)len, s->name);
	return columns_parse(view, value, idx, &n, e);
}

static int
check_severity(const struct setting *s, const char *value, struct err *e)
{
	enum severity sev;

	if (severity_parse(value, &sev) < 0)
		return err_set(e, ERR_INVALID,
		               "invalid value for '%s': '%s' (expected info, "
		               "low, medium, high or critical)",
		               s->name, value);
	return 0;
}

static int
check_tlp(const struct setting *s, const char *value, struct err *e)
{
	enum tlp t;

	if (tlp_parse(value, &t) < 0)
		return err_set(e, ERR_INVALID,
		               "invalid value for '%s': '%s' (expected clear, "
		               "green, amber, amber+strict or red)",
		               s->name, value);
	return 0;
}

static int
check_epss(const struct setting *s, const char *value, struct err *e)
{
	double v;

	if (exposure_rule_parse_epss(value, &v) < 0)
		return err_set(e, ERR_INVALID,
		               "invalid value for '%s': '%s' (expected a "
		               "number from 0 to 1, such as 0.1)",
		               s->name, value);
	return 0;
}

static int
check_review(const struct setting *s, const char *value, struct err *e)
{
	if (strcmp(value, "required") == 0 || strcmp(value, "optional") == 0)
		return 0;
	return err_set(e, ERR_INVALID,
	               "invalid value for '%s': '%s' (expected required or "
	               "optional)",
	               s->name, value);
}

static int
check_namespace(const struct setting *s, const char *value, struct err *e)
{
	if (!*value || (strncmp(value, "https://", 8) == 0 && value[8] &&
	                !strpbrk(value, " \t\r\n\"<>")))
		return 0;
	return err_set(e, ERR_INVALID,
	               "invalid value for '%s': '%s' (expected an https URL, "
	               "such as https://csirt.example.mx)",
	               s->name, value);
}

/* An https URL, or http on a loopback host (a test server), as the
 * network layer would fetch it. */
static int
check_base_url(const struct setting *s, const char *value, struct err *e)
{
	if (!*value || (net_url_check(value, NULL) == 0 &&
	                !strpbrk(value, "?# \t\r\n\"<>")))
		return 0;
	return err_set(e, ERR_INVALID,
	               "invalid value for '%s': '%s' (expected the https URL "
	               "of the folder, such as "
	               "https://csirt.example.mx/.well-known/csaf)",
	               s->name, value);
}

/* The cache applies the exposure alert rule: it learns the new one. */
static bool
is_exposure_setting(const struct setting *s)
{
	return strncmp(s->name, "exposure.", 9) == 0;
}

/* A command line: words the lexer splits (empty: none). */
static int
check_command(const struct setting *s, const char *value, struct err *e)
{
	struct strvec words;
	struct err le;
	int rc;

	if ((rc = check_printable(s, value, e)) < 0)
		return rc;
	strvec_init(&words);
	err_clear(&le);
	rc = lexer_split_words(value, &words, &le);
	if (rc < 0)
		rc = err_set(e, ERR_INVALID, "invalid value for '%s': %s",
		             s->name, le.msg);
	else if (value[0] && !words.n)
		rc = err_set(e, ERR_INVALID,
		             "invalid value for '%s': no command in '%s' "
		             "(set it to \"\" for none)",
		             s->name, value);
	strvec_release(&words);
	return rc;
}

/* Characters (code points) in s, counting an invalid byte as one. */
static int64_t
count_chars(const char *s)
{
	size_t len = strlen(s);
	int64_t n = 0;

	for (size_t i = 0; i < len; n++) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp);

		i += k ? k : 1;
	}
	return n;
}

static int
parse_int(const char *value, int64_t *out)
{
	char *end;
	long long v;

	if (value[0] == '\0' ||
	    (value[0] != '-' && (value[0] < '0' || value[0] > '9')))
		return ERR_PARSE;
	errno = 0;
	v = strtoll(value, &end, 10);
	if (errno || *end != '\0')
		return ERR_PARSE;
	*out = v;
	return 0;
}

static int
parse_bool(const char *value, bool *out)
{
	static const char *const yes[] = {"on", "yes", "true", "1"};
	static const char *const no[] = {"off", "no", "false", "0"};

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcmp(value, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcmp(value, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return ERR_PARSE;
}

static int
apply_string(struct app *app, const struct setting *s, const char *value,
             struct err *e)
{
	int64_t n = count_chars(value);
	char **field = (char **)((char *)app + s->offset);
	int rc;

	if (n < s->min || n > s->max)
		return err_set(e, ERR_INVALID,
		               "invalid value for '%s': %" PRId64
		               " characters (expected %" PRId64 " to %" PRId64
		               ")",
		               s->name, n, s->min, s->max);
	if (s->check && (rc = s->check(s, value, e)) < 0)
		return rc;
	free(*field);
	*field = xstrdup(value);
	return 0;
}

int
setting_apply(struct app *app, const struct setting *s, const char *value,
              struct err *e)
{
	void *field = (char *)app + s->offset;
	enum severity sev;
	bool is_resolution;
	int64_t v;
	bool b;
	int rc;

	switch (s->type) {
	case SETTING_STRING:
		if ((rc = apply_string(app, s, value, e)) < 0)
			return rc;
		return is_exposure_setting(s) ? app_exposure_rule_apply(app, e)
		                              : 0;
	case SETTING_INT:
		if (parse_int(value, &v) < 0 || v < s->min || v > s->max)
			return err_set(e, ERR_INVALID,
			               "invalid value for '%s': '%s' (expected "
			               "a number from %" PRId64 " to %" PRId64
			               ")",
			               s->name, value, s->min, s->max);
		*(int64_t *)field = v;
		return is_exposure_setting(s) ? app_exposure_rule_apply(app, e)
		                              : 0;
	case SETTING_BOOL:
		if (parse_bool(value, &b) < 0)
			return err_set(e, ERR_INVALID,
			               "invalid value for '%s': '%s' (expected "
			               "on or off)",
			               s->name, value);
		*(bool *)field = b;
		return 0;
	case SETTING_DURATION:
		if (time_parse_duration(value, &v) < 0 || v < s->min ||
		    v > s->max) {
			struct strbuf lo, hi;

			strbuf_init(&lo);
			strbuf_init(&hi);
			format_duration(s->min, &lo);
			format_duration(s->max, &hi);
			rc = err_set(e, ERR_INVALID,
			             "invalid value for '%s': '%s' (expected a "
			             "duration such as 90s, 30m, 1h30m or 7d, "
			             "from %s to %s)",
			             s->name, value, lo.buf, hi.buf);
			strbuf_release(&lo);
			strbuf_release(&hi);
			return rc;
		}
		*(int64_t *)field = v;
		/* The cache computes deadlines: it learns the new target. */
		if (sla_setting_parse(s->name, &sev, &is_resolution) == 0)
			return app_sla_apply(app, e);
		return 0;
	}
	return err_set(e, ERR_INVALID, "setting '%s' has an unknown type",
	               s->name);
}

int
setting_set(struct app *app, const char *name, const char *value, struct err *e)
{
	const struct setting *s = setting_find(name);
	struct suggest sg;
	struct strbuf known;
	const char *best;
	int rc;

	if (s)
		return setting_apply(app, s, value, e);
	suggest_init(&sg, name);
	for (size_t i = 0; i < SETTING_COUNT; i++)
		suggest_consider(&sg, setting_at(i)->name);
	best = suggest_result(&sg);
	strbuf_init(&known);
	setting_list_names(&known);
	if (best)
		rc = err_set(e, ERR_NOTFOUND,
		             "unknown setting '%s' (did you mean '%s'? known: "
		             "%s)",
		             name, best, known.buf);
	else
		rc =
		    err_set(e, ERR_NOTFOUND, "unknown setting '%s' (known: %s)",
		            name, known.buf);
	strbuf_release(&known);
	return rc;
}

static void
format_duration(int64_t secs, struct strbuf *out)
{
	static const struct {
		char unit;    /* suffix */
		int64_t secs; /* seconds per unit */
	} units[] = {{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}};

	if (secs == 0) {
		strbuf_adds(out, "0s");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (secs >= units[i].secs) {
			strbuf_addf(out, "%" PRId64 "%c", secs / units[i].secs,
			            units[i].unit);
			secs %= units[i].secs;
		}
	}
}

void
setting_format(const struct app *app, const struct setting *s,
               struct strbuf *out)
{
	const void *field = (const char *)app + s->offset;

	switch (s->type) {
	case SETTING_STRING: {
		const char *v = *(char *const *)field;

		lexer_quote(v ? v : "", out);
		break;
	}
	case SETTING_INT:
		strbuf_addf(out, "%" PRId64, *(const int64_t *)field);
		break;
	case SETTING_BOOL:
		strbuf_adds(out, *(const bool *)field ? "on" : "off");
		break;
	case SETTING_DURATION:
		format_duration(*(const int64_t *)field, out);
		break;
	}
}
