/*
 * The `source` command: parse and keep the definitions of the sources the
 * sync engine pulls. Nothing here touches the network or reads a token:
 * the engine does both when it runs, so a token file fixed while the
 * console is open is picked up on the next pull.
 */
#include "centinela/app/source.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/feed/feed.h"
#include "centinela/model/exposure_alert.h"
#include "centinela/net/http.h"

#define MAX_SIZE_DEFAULT ((int64_t)64 << 20)

static bool
name_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > SOURCE_NAME_MAX || !islower((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) &&
		    !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return false;
	return true;
}

static bool
env_name_valid(const char *s)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

/* A duration option: seconds in [lo, hi]. */
static int
duration_opt(const char *key, const char *v, int64_t lo, int64_t hi,
             int64_t *out, struct err *e)
{
	int64_t secs;

	if (time_parse_duration(v, &secs) < 0 || secs < lo || secs > hi)
		return err_set(
		    e, ERR_INVALID,
		    "invalid %s '%s' (expected a duration from %llds "
		    "to %llds, e.g. 30s, 5m, 1h)",
		    key, v, (long long)lo, (long long)hi);
	*out = secs;
	return 0;
}

static int
count_opt(const char *key, const char *v, int64_t lo, int64_t hi, int64_t *out,
          struct err *e)
{
	char *end;
	long long n;

	n = strtoll(v, &end, 10);
	if (end == v || *end || n < lo || n > hi)
		return err_set(
		    e, ERR_INVALID,
		    "invalid %s '%s' (expected a number from %lld to "
		    "%lld)",
		    key, v, (long long)lo, (long long)hi);
	*out = n;
	return 0;
}

/* resources=a,b: each served by the driver, no repeats. */
static int
resources_opt(const struct feed_ops *ops, const char *v, struct strvec *out,
              struct err *e)
{
	char *copy = xstrdup(v), *p = copy;
	int rc = 0;

	strvec_release(out);
	strvec_init(out);
	while (p) {
		char *comma = strchr(p, ',');

		if (comma)
			*comma = '\0';
		rc = feed_check_resource(ops, p, e);
		if (rc)
			break;
		for (size_t i = 0; i < out->n; i++)
			if (strcmp(out->v[i], p) == 0) {
				rc =
				    err_set(e, ERR_INVALID,
				            "resource '%s' is listed twice", p);
				goto out;
			}
		strvec_push(out, p);
		p = comma ? comma + 1 : NULL;
	}
out:
	free(copy);
	return rc;
}

/* A path as given, with a leading "~/" meaning $HOME (owned). */
static char *
home_path(const char *v)
{
	const char *home = getenv("HOME");
	struct strbuf sb;

	if (strncmp(v, "~/", 2) != 0 || !home || !*home)
		return xstrdup(v);
	strbuf_init(&sb);
	strbuf_addf(&sb, "%s/%s", home, v + 2);
	return strbuf_detach(&sb, NULL);
}

/* rate=N/DURATION: at most N requests in any DURATION (1 to 10000 in 1s
 * to 1d). */
static int
rate_opt(const char *v, struct sync_source *src, struct err *e)
{
	const char *slash = strchr(v, '/');
	char num[16];
	int64_t n = 0, secs = 0;
	char *end = NULL;

	if (slash && (size_t)(slash - v) < sizeof(num) && slash > v) {
		memcpy(num, v, (size_t)(slash - v));
		num[slash - v] = '\0';
		n = strtoll(num, &end, 10);
	}
	if (!slash || !end || *end || n < 1 || n > 10000 ||
	    time_parse_duration(slash + 1, &secs) || secs < 1 || secs > 86400)
		return err_set(e, ERR_INVALID,
		               "invalid rate '%s' (expected REQUESTS/DURATION, "
		               "1 to 10000 requests in 1s to 1d, e.g. 5/30s)",
		               v);
	src->rate_limit = n;
	src->rate_window = secs;
	return 0;
}

static int
apply_option(struct sync_source *src, const struct feed_ops *ops,
             const char *arg, struct err *e)
{
	const char *eq = strchr(arg, '=');
	char key[32];
	const char *v;
	size_t klen;

	if (!eq || eq == arg)
		return err_set(
		    e, ERR_USAGE,
		    "invalid source option '%s' (expected KEY=VALUE, "
		    "e.g. url=https://api.example/)",
		    arg);
	klen = (size_t)(eq - arg);
	if (klen >= sizeof(key))
		klen = sizeof(key) - 1;
	memcpy(key, arg, klen);
	key[klen] = '\0';
	v = eq + 1;
	if (strcmp(key, "token") == 0)
		return err_set(
		    e, ERR_INVALID,
		    "a token is never given in a command: put it in a "
		    "file only you can read (token-file=PATH, chmod "
		    "600) or in an environment variable "
		    "(token-env=NAME)");
	if (!*v)
		return err_set(e, ERR_INVALID, "source option '%s' is empty",
		               key);
	if (strcmp(key, "url") == 0) {
		int rc = net_url_check(v, e);

		if (rc)
			return rc;
		free(src->url);
		src->url = xstrdup(v);
		return 0;
	}
	if (strcmp(key, "token-file") == 0) {
		free(src->token_file);
		src->token_file = home_path(v);
		return 0;
	}
	if (strcmp(key, "token-env") == 0) {
		if (!env_name_valid(v))
			return err_set(e, ERR_INVALID,
			               "invalid token-env '%s' (expected an "
			               "environment variable name)",
			               v);
		free(src->token_env);
		src->token_env = xstrdup(v);
		return 0;
	}
	if (strcmp(key, "ca-file") == 0) {
		free(src->ca_file);
		src->ca_file = home_path(v);
		return 0;
	}
	if (strcmp(key, "resources") == 0)
		return resources_opt(ops, v, &src->resources, e);
	if (strcmp(key, "interval") == 0)
		return duration_opt(key, v, 5, 7 * 86400, &src->interval, e);
	if (strcmp(key, "wait") == 0)
		return duration_opt(key, v, 0, 60, &src->wait, e);
	if (strcmp(key, "connect-timeout") == 0)
		return duration_opt(key, v, 1, 300, &src->connect_timeout, e);
	if (strcmp(key, "low-speed-time") == 0)
		return duration_opt(key, v, 1, 600, &src->low_speed_time, e);
	if (strcmp(key, "timeout") == 0)
		return duration_opt(key, v, 1, 3600, &src->timeout, e);
	if (strcmp(key, "page-size") == 0)
		return count_opt(key, v, 1,
		                 ops->max_page_size > 0 ? ops->max_page_size
		                                        : 1000,
		                 &src->page_size, e);
	if (strcmp(key, "rate") == 0)
		return rate_opt(v, src, e);
	if (strcmp(key, "max-size") == 0)
		return count_opt(key, v, 1024, (int64_t)1 << 30, &src->max_size,
		                 e);
	return err_set(e, ERR_INVALID,
	               "unknown source option '%s' (known: url, token-file, "
	               "token-env, interval, resources, wait, page-size, "
	               "rate, connect-timeout, low-speed-time, timeout, "
	               "max-size, ca-file)",
	               key);
}

static void
set_defaults(struct sync_source *src, const struct feed_ops *ops)
{
	/* the driver's own: the native API is polled often, KEV twice a
	 * day */
	src->interval = ops->interval > 0 ? ops->interval : 300;
	src->wait = ops->wait > 0 ? ops->wait : 0;
	src->page_size = ops->page_size > 0 ? ops->page_size : 500;
	src->connect_timeout = 10;
	src->low_speed_time = 30;
	src->timeout = 300;
	src->max_size = MAX_SIZE_DEFAULT;
	for (size_t i = 0; ops->resources[i]; i++)
		strvec_push(&src->resources, ops->resources[i]);
}

int
app_source_define(struct app *app, int argc, char **argv, struct err *e)
{
	struct sync_source src;
	const struct feed_ops *ops;
	int rc = 0;

	sync_source_init(&src);
	if (argc < 4)
		return err_set(
		    e, ERR_USAGE,
		    "usage: source NAME DRIVER url=URL [OPTION=VALUE...]");
	if (!name_valid(argv[1]) || strcmp(argv[1], "local") == 0 ||
	    strcmp(argv[1], EXPOSURE_SOURCE) == 0)
		return err_set(
		    e, ERR_INVALID,
		    "invalid source name '%s' (expected a lower-case "
		    "letter, then letters, digits, '-' or '_', at "
		    "most %d bytes; 'local' and '" EXPOSURE_SOURCE
		    "' are reserved)",
		    argv[1], SOURCE_NAME_MAX);
	ops = feed_find(argv[2]);
	if (!ops) {
		struct strbuf known;

		strbuf_init(&known);
		for (size_t i = 0; feed_at(i); i++)
			strbuf_addf(&known, "%s%s", known.len ? ", " : "",
			            feed_at(i)->name);
		rc = err_set(e, ERR_INVALID,
		             "unknown source driver '%s' (known: %s)", argv[2],
		             known.buf);
		strbuf_release(&known);
		return rc;
	}
	src.name = xstrdup(argv[1]);
	src.driver = xstrdup(ops->name);
	set_defaults(&src, ops);
	for (int i = 3; i < argc && !rc; i++)
		rc = apply_option(&src, ops, argv[i], e);
	if (!rc && !src.url)
		rc = err_set(
		    e, ERR_USAGE,
		    "source '%s' has no url= (e.g. url=https://api.example)",
		    src.name);
	if (!rc && src.token_file && src.token_env)
		rc = err_set(e, ERR_INVALID,
		             "source '%s': give token-file= or token-env=, not "
		             "both",
		             src.name);
	if (rc) {
		sync_source_release(&src);
		return rc;
	}
	for (size_t i = 0; i < app->n_sources; i++)
		if (strcmp(app->sources[i].name, src.name) == 0) {
			sync_source_release(&app->sources[i]);
			app->sources[i] = src;
			return 0;
		}
	app->sources = xreallocarray(app->sources, app->n_sources + 1,
	                             sizeof(*app->sources));
	app->sources[app->n_sources++] = src;
	return 0;
}

const struct sync_source *
app_source_find(const struct app *app, const char *name)
{
	for (size_t i = 0; i < app->n_sources; i++)
		if (strcmp(app->sources[i].name, name) == 0)
			return &app->sources[i];
	return NULL;
}

const struct feed_ops *
app_source_ops(const struct app *app, const char *name)
{
	const struct sync_source *src =
	    name ? app_source_find(app, name) : NULL;

	return src ? feed_find(src->driver) : NULL;
}

const struct sync_source *
app_source_push_default(const struct app *app)
{
	for (size_t i = 0; i < app->n_sources; i++)
		if (feed_takes_writes(feed_find(app->sources[i].driver)))
			return &app->sources[i];
	return NULL;
}

void
app_source_format(const struct sync_source *src, struct strbuf *out)
{
	strbuf_addf(out, "source %s %s url=%s", src->name, src->driver,
	            src->url);
	if (src->token_file)
		strbuf_addf(out, " token-file=%s", src->token_file);
	if (src->token_env)
		strbuf_addf(out, " token-env=%s", src->token_env);
	strbuf_addf(out, " interval=%llds", (long long)src->interval);
	strbuf_adds(out, " resources=");
	for (size_t i = 0; i < src->resources.n; i++)
		strbuf_addf(out, "%s%s", i ? "," : "", src->resources.v[i]);
	if (src->wait)
		strbuf_addf(out, " wait=%llds", (long long)src->wait);
	if (src->rate_limit)
		strbuf_addf(out, " rate=%lld/%llds", (long long)src->rate_limit,
		            (long long)src->rate_window);
}
