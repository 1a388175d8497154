/*
 * `centinela sync [SOURCE...]`, `centinela outbox` and `centinela sources`:
 * the sync engine seen from a script. `sync` runs one blocking pass of the
 * engine (sync/engine.h) over the sources the config declares, then tells
 * on standard error every outbox entry that needs the analyst (failed, and
 * what waits behind it) and every source the server asked to wait; `outbox`
 * lists the local edits waiting for a server (`outbox retry|drop ID` runs
 * the command of the same name, app/command.c); `sources` shows each
 * declared source with what sync_state remembers of it.
 *
 * A source's url may carry user:password@; it is never printed (nor is a
 * token, which the app never holds).
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/source.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/format.h"
#include "centinela/cli/table.h"
#include "centinela/export/json.h"
#include "centinela/feed/feed.h"
#include "centinela/model/incident.h"
#include "centinela/store/incident.h"
#include "centinela/store/outbox.h"
#include "centinela/store/sync_state.h"
#include "centinela/sync/engine.h"
#include "centinela/sync/outbox.h"
#include "sync_internal.h"
/* ---- the shared pieces (sync_internal.h) ---- */

/* The url without user:password@ (owned). */
char *
cli_url_shown(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *host, *end, *at = NULL;
	struct strbuf sb;

	if (!scheme)
		return xstrdup(url);
	host = scheme + 3;
	end = host + strcspn(host, "/?#");
	for (const char *p = host; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return xstrdup(url);
	strbuf_init(&sb);
	strbuf_add(&sb, url, (size_t)(host - url));
	strbuf_adds(&sb, at + 1);
	return strbuf_detach(&sb, NULL);
}

int
cli_sync_format(int argc, char **argv, const char *cmd, enum out_format *fmt,
                bool *is_all)
{
	for (int i = 1; i < argc; i++) {
		const char *v;
		int got;

		if (is_all && strcmp(argv[i], "--all") == 0) {
			*is_all = true;
			continue;
		}
		if ((got = cli_opt_value(argc, argv, &i, "--format", &v))) {
			if (got < 0)
				return -1;
			if (strcmp(v, "table") == 0)
				*fmt = OUT_TABLE;
			else if (strcmp(v, "json") == 0)
				*fmt = OUT_JSON;
			else {
				cli_error("unknown format '%s' (known: table, "
				          "json)",
				          v);
				return -1;
			}
			continue;
		}
		cli_error("unexpected '%s'; run 'centinela %s --help'", argv[i],
		          cmd);
		return -1;
	}
	return 0;
}

int
cli_json_str_member(FILE *f, const char *name, const char *v, bool is_first,
                    struct err *e)
{
	fprintf(f, "%s\"%s\": ", is_first ? "" : ", ", name);
	if (!v) {
		fputs("null", f);
		return 0;
	}
	return export_json_string(f, v, strlen(v), e);
}

void
cli_json_time_member(FILE *f, const char *name, int64_t t)
{
	char iso[TIME_ISO_MAX];

	if (!t) {
		fprintf(f, ", \"%s\": null", name);
		return;
	}
	time_format_iso8601(t, iso);
	fprintf(f, ", \"%s\": \"%s\"", name, iso);
}

/* ---- sync ---------------------------------------------------------- */

/* The progress line on a terminal. */
struct progress {
	bool is_tty;   /* stderr is a terminal */
	bool is_shown; /* a line is on screen */
};

static void
progress_clear(struct progress *p)
{
	if (p->is_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->is_shown = false;
	}
}

static void
on_progress(void *ctx, const char *source, const char *what)
{
	struct progress *p = ctx;
	struct strbuf raw, line;

	if (!p->is_tty)
		return;
	strbuf_init(&raw);
	strbuf_init(&line);
	strbuf_addf(&raw, "%s: %s...", source, what ? what : "");
	sanitize_append(&line, raw.buf, raw.len, 0);
	/* Keep it on one line of an 80-column terminal (cut between
	 * characters, not inside one). */
	if (line.len > 78) {
		size_t n = 78;

		while (n > 0 && ((unsigned char)line.buf[n] & 0xC0) == 0x80)
			n--;
		strbuf_setlen(&line, n);
	}
	fprintf(stderr, "\r\033[K%s", line.buf);
	fflush(stderr);
	p->is_shown = true;
	strbuf_release(&raw);
	strbuf_release(&line);
}

/* What to tell the analyst about a failed source's reason. */
static const char *
reason_hint(const char *reason)
{
	static const struct {
		const char *prefix; /* start of the engine's reason */
		const char *hint;   /* what to check */
	} hints[] = {
	    {"refused (", "is the server up?"},
	    {"dns", "check the host name in the source's url"},
	    {"tls", "check the server's certificate and ca-file="},
	};

	for (size_t i = 0; i < ARRAY_SIZE(hints); i++)
		if (strncmp(reason, hints[i].prefix, strlen(hints[i].prefix)) ==
		    0)
			return hints[i].hint;
	return NULL;
}

/* "15:04:05 (in 59m)" for a local time t after now, into buf. */
static const char *
when_text(int64_t t, int64_t now, char *buf, size_t size)
{
	time_format_when(t, now, buf, size);
	return buf;
}

static void
print_report(const struct app *app, const struct sync_report *r, int64_t held)
{
	const struct sync_source *src = app_source_find(app, r->status.source);
	bool has_outbox = (src && feed_takes_writes(feed_find(src->driver))) ||
	                  r->pushed || r->conflicts || r->failed;
	bool is_unchanged = r->pages == 0 && r->not_modified > 0;
	bool has_pushed = r->pushed || r->conflicts || r->failed;
	bool is_nothing = r->is_failed && r->pages == 0 && !r->pushed &&
	                  !r->conflicts && !r->failed;
	struct strbuf sb;
	char *clean;

	strbuf_init(&sb);
	strbuf_addf(&sb, "%s: ", r->status.source);
	if (r->is_held)
		strbuf_adds(&sb, "not asked (the server asked to wait)");
	else if (is_nothing)
		strbuf_adds(&sb, "failed, nothing changed");
	else if (is_unchanged)
		strbuf_addf(&sb, "unchanged (%s)",
		            r->not_modified == 1 ? "304" : "all 304");
	else {
		strbuf_addf(&sb,
		            "%lld page%s, %lld new, %lld updated, %lld "
		            "skipped",
		            (long long)r->pages, r->pages == 1 ? "" : "s",
		            (long long)r->inserted, (long long)r->updated,
		            (long long)r->skipped);
		if (r->retired)
			strbuf_addf(&sb, ", %lld no longer in KEV",
			            (long long)r->retired);
		if (r->not_modified)
			strbuf_addf(&sb, ", %lld unchanged (304)",
			            (long long)r->not_modified);
	}
	if (has_outbox && !is_nothing && (!is_unchanged || has_pushed))
		strbuf_addf(&sb,
		            "; outbox: %lld sent, %lld conflict%s, %lld "
		            "failed",
		            (long long)r->pushed, (long long)r->conflicts,
		            r->conflicts == 1 ? "" : "s", (long long)r->failed);
	if (held && !r->is_held)
		strbuf_addf(&sb,
		            "%s%lld held behind a failed or conflicting "
		            "entry",
		            has_outbox && !is_nothing &&
		                    (!is_unchanged || has_pushed)
		                ? ", "
		                : "; outbox: ",
		            (long long)held);
	clean = sanitize_dup(sb.buf, 0);
	printf("%s\n", clean);
	free(clean);
	strbuf_release(&sb);
	/* The malformed items, named as the source names them (CVE ids). */
	for (size_t i = 0; i < r->n_skips; i++)
		cli_error("%s: skipped %s", r->status.source, r->skips[i]);
	if (r->n_skips && (int64_t)r->n_skips < r->skipped)
		cli_error("%s: %lld more skipped", r->status.source,
		          (long long)(r->skipped - (int64_t)r->n_skips));
	if (r->is_held) {
		char when[TIME_WHEN_MAX];

		cli_error("%s: not asked: the server asked to wait until %s "
		          "(%s); 'centinela sync --force' asks it anyway",
		          r->status.source,
		          when_text(r->status.held_until, time_now(), when,
		                    sizeof(when)),
		          r->status.reason[0] ? r->status.reason
		                              : "Retry-After");
	} else if (r->is_failed) {
		const char *hint = reason_hint(r->status.reason);
		char when[TIME_WHEN_MAX];

		if (r->status.held_until > time_now())
			cli_error("%s: offline: %s; the server asked to wait "
			          "until %s: the next sync will not ask it "
			          "before then ('centinela sync --force' "
			          "will)",
			          r->status.source, r->status.reason,
			          when_text(r->status.held_until, time_now(),
			                    when, sizeof(when)));
		else
			cli_error("%s: offline: %s%s%s (will retry on the "
			          "next sync)",
			          r->status.source,
			          r->status.reason[0] ? r->status.reason
			                              : "failed",
			          hint ? " — " : "", hint ? hint : "");
	}
}

/* Most failed entries told one by one after a sync. */
#define FAILED_TOLD_MAX 5

/*
 * Tell every failed entry of source (what it is, what the server said,
 * what waits behind it, what to do) on standard error; *n receives how
 * many there are. A failure to read the outbox is told and counted as 1.
 */
static void
tell_failed(struct store *s, const char *source, int64_t *n)
{
	struct outbox_entry *rows = NULL;
	struct outbox_counts c;
	size_t n_rows = 0, told = 0;
	struct err e;

	*n = 0;
	err_clear(&e);
	if (store_outbox_counts(s, source, &c, &e) ||
	    (c.failed &&
	     store_outbox_list(s, OUTBOX_FAILED, 0, &rows, &n_rows, &e))) {
		cli_error("%s: cannot read the outbox: %s", source, e.msg);
		*n = 1;
		return;
	}
	for (size_t i = 0; i < n_rows; i++) {
		const struct outbox_entry *o = &rows[i];
		char *ref;

		if (strcmp(o->source, source) != 0)
			continue;
		++*n;
		if (told++ >= FAILED_TOLD_MAX)
			continue;
		ref = sync_outbox_entry_ref(s, o);
		cli_error("%s: outbox entry %lld (%s of %s) failed: %s; "
		          "'centinela outbox retry %lld' sends it again, "
		          "'centinela outbox drop %lld' drops it",
		          source, (long long)o->id,
		          outbox_op_name(o->operation), ref,
		          o->last_error ? o->last_error : "refused",
		          (long long)o->id, (long long)o->id);
		free(ref);
	}
	if (told > FAILED_TOLD_MAX)
		cli_error("%s: and %zu more failed entries; see 'centinela "
		          "outbox'",
		          source, told - FAILED_TOLD_MAX);
	if (*n && c.held)
		cli_error("%s: %lld later edit%s wait%s behind %s failed or "
		          "conflicting entr%s (the same row or incident), "
		          "unsent; see 'centinela outbox'",
		          source, (long long)c.held, c.held == 1 ? "" : "s",
		          c.held == 1 ? "s" : "", *n == 1 ? "a" : "the",
		          *n == 1 ? "y" : "ies");
	for (size_t i = 0; i < n_rows; i++)
		outbox_entry_release(&rows[i]);
	free(rows);
}

/* Unknown names among only[]: a message listing the known ones. */
static int
check_names(const struct app *app, char *const *only, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf known;

		if (app_source_find(app, only[i]))
			continue;
		strbuf_init(&known);
		for (size_t j = 0; j < app->n_sources; j++)
			strbuf_addf(&known, "%s%s", j ? ", " : "",
			            app->sources[j].name);
		cli_error("unknown source '%s' (known: %s)", only[i],
		          known.buf);
		strbuf_release(&known);
		return -1;
	}
	return 0;
}

/* The sync itself, over the sources named in only (none: all). */
static int
sync_run(struct app *app, const struct strvec *only, bool is_forced)
{
	struct sync_engine *eng = NULL;
	struct sync_report *reports = NULL;
	size_t n_reports = 0;
	struct progress prog = {false, false};
	int64_t failed_total = 0;
	struct err e;
	int rc, status;

	err_clear(&e);
	if (app_check_writable(app, "sync", &e)) {
		cli_error("%s", e.msg);
		return cli_exit_for(e.code);
	}
	if (app->n_sources == 0) {
		cli_error("no source to sync: " SOURCE_HINT);
		return CLI_EXIT_USAGE;
	}
	if (check_names(app, only->v, only->n))
		return CLI_EXIT_USAGE;
	/* Creates and migrates the cache, and resolves its default path. */
	if ((status = cli_open_store(app)))
		return status;
	/* A cache that cannot be written opens read-only: say why now. */
	if (app->unwritable && app_check_writable(app, "sync", &e)) {
		cli_error("%s", e.msg);
		return cli_exit_for(e.code);
	}
	rc = sync_engine_new(app->db_path, app->sources, app->n_sources, &eng,
	                     &e);
	if (rc) {
		cli_error("cannot start the sync: %s", e.msg);
		return cli_exit_for(rc);
	}
	sync_engine_force(eng, is_forced);
	prog.is_tty = isatty(STDERR_FILENO);
	rc = sync_engine_pass(eng, (const char *const *)only->v, only->n,
	                      on_progress, &prog, &reports, &n_reports, &e);
	progress_clear(&prog);
	for (size_t i = 0; i < n_reports; i++) {
		struct outbox_counts c;
		int64_t failed = 0;

		memset(&c, 0, sizeof(c));
		store_outbox_counts(app->store, reports[i].status.source, &c,
		                    NULL);
		print_report(app, &reports[i], c.held);
		tell_failed(app->store, reports[i].status.source, &failed);
		failed_total += failed;
	}
	if (rc == ERR_NET)
		status = CLI_EXIT_FAIL;
	else if (rc) {
		cli_error("sync: %s", e.msg);
		status = rc == ERR_NOTFOUND ? CLI_EXIT_USAGE : cli_exit_for(rc);
	} else
		status = CLI_EXIT_OK;
	/* A failed entry waits for the analyst: not done, say so. */
	if (status == CLI_EXIT_OK && failed_total)
		status = CLI_EXIT_FAIL;
	free(reports);
	sync_engine_free(eng);
	return status;
}

int
cli_cmd_sync(struct app *app, int argc, char **argv)
{
	struct strvec only;
	bool is_forced = false;
	int status;

	strvec_init(&only);
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--force") == 0) {
			is_forced = true;
			continue;
		}
		if (argv[i][0] == '-') {
			cli_error("unexpected '%s'; usage: centinela sync "
			          "[--force] [SOURCE...]",
			          argv[i]);
			strvec_release(&only);
			return CLI_EXIT_USAGE;
		}
		strvec_push(&only, argv[i]);
	}
	status = sync_run(app, &only, is_forced);
	strvec_release(&only);
	return status;
}

/* ---- outbox -------------------------------------------------------- */

static int
by_id(const void *a, const void *b)
{
	const struct outbox_entry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/*
 * Every entry to show, FIFO: open ones, plus with --all the done and
 * dropped ones.
 */
static int
outbox_rows(struct store *s, bool is_all, struct outbox_entry **rows, size_t *n,
            struct err *e)
{
	static const enum outbox_state closed[] = {OUTBOX_DONE, OUTBOX_DROPPED};
	int rc;

	rc = store_outbox_list(s, OUTBOX_OPEN, 0, rows, n, e);
	for (size_t k = 0; !rc && is_all && k < 2; k++) {
		struct outbox_entry *more = NULL;
		size_t n_more = 0;

		rc = store_outbox_list(s, closed[k], 0, &more, &n_more, e);
		if (rc)
			break;
		*rows = xreallocarray(*rows, *n + n_more + 1, sizeof(**rows));
		if (n_more)
			memcpy(*rows + *n, more, n_more * sizeof(*more));
		*n += n_more;
		free(more);
	}
	if (!rc && *n)
		qsort(*rows, *n, sizeof(**rows), by_id);
	return rc;
}

static const struct table_col outbox_cols[] = {
    {"ID", 2, false, true},          {"STATE", 5, false, false},
    {"AGE", 3, false, true},         {"SOURCE", 6, true, false},
    {"ENTITY", 8, true, false},      {"OPERATION", 6, false, false},
    {"TRIES", 5, false, true},       {"NEXT", 4, false, true},
    {"LAST ERROR", 10, true, false},
};

/* The failed or conflicting entry a pending one waits behind, or 0. */
static int64_t
held_by(struct store *s, const struct outbox_entry *o)
{
	int64_t id = 0;

	if (o->state != OUTBOX_PENDING ||
	    store_outbox_blocker(s, o->id, &id, NULL))
		return 0;
	return id;
}

/*
 * Whether a pending entry is held: behind a failed or conflicting entry,
 * or waiting for an incident's server id.
 */
static bool
is_held(struct store *s, const struct outbox_entry *o)
{
	bool held = false;

	return o->state == OUTBOX_PENDING &&
	       (held_by(s, o) ||
	        (store_outbox_is_held(s, o->id, &held, NULL) == 0 && held));
}

static char *
next_text(struct store *s, int64_t now, const struct outbox_entry *o)
{
	char age[16];
	struct strbuf sb;
	int64_t by;

	if (o->state != OUTBOX_PENDING)
		return xstrdup("");
	if ((by = held_by(s, o))) {
		strbuf_init(&sb);
		strbuf_addf(&sb, "after %lld", (long long)by);
		return strbuf_detach(&sb, NULL);
	}
	if (is_held(s, o))
		return xstrdup("held");
	if (o->next_attempt_at <= now)
		return xstrdup("now");
	time_format_age(o->next_attempt_at - now, age, sizeof(age));
	strbuf_init(&sb);
	strbuf_addf(&sb, "in %s", age);
	return strbuf_detach(&sb, NULL);
}

static int
outbox_print_json(struct store *s, const struct outbox_entry *rows, size_t n,
                  struct err *e)
{
	int rc = 0;

	fputs("[", stdout);
	for (size_t i = 0; i < n && !rc; i++) {
		const struct outbox_entry *o = &rows[i];
		char *ref = sync_outbox_entry_ref(s, o);

		fprintf(stdout, "%s\n{\"id\": %lld", i ? "," : "",
		        (long long)o->id);
		rc = cli_json_str_member(stdout, "idempotency_key", o->key,
		                         false, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "state",
			                         outbox_state_name(o->state),
			                         false, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "source", o->source,
			                         false, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "entity",
			                         outbox_entity_name(o->entity),
			                         false, e);
		fprintf(stdout, ", \"entity_id\": %lld",
		        (long long)o->entity_id);
		if (!rc)
			rc = cli_json_str_member(stdout, "ref", ref, false, e);
		if (!rc)
			rc = cli_json_str_member(stdout, "operation",
			                         outbox_op_name(o->operation),
			                         false, e);
		fprintf(stdout, ", \"base_version\": %lld, \"attempts\": %d",
		        (long long)o->base_version, o->attempts);
		cli_json_time_member(stdout, "created_at", o->created_at);
		cli_json_time_member(
		    stdout, "next_attempt_at",
		    o->state == OUTBOX_PENDING ? o->next_attempt_at : 0);
		if (!rc)
			rc = cli_json_str_member(stdout, "last_error",
			                         o->last_error, false, e);
		fprintf(stdout, ", \"is_held\": %s",
		        is_held(s, o) ? "true" : "false");
		if (held_by(s, o))
			fprintf(stdout, ", \"held_by\": %lld",
			        (long long)held_by(s, o));
		else
			fputs(", \"held_by\": null", stdout);
		fputs("}", stdout);
		free(ref);
	}
	fputs(n ? "\n]\n" : "]\n", stdout);
	if (!rc && (fflush(stdout) || ferror(stdout)))
		rc = err_set(e, ERR_IO, "cannot write the output");
	return rc;
}

static int
outbox_print_table(struct store *s, const struct outbox_entry *rows, size_t n)
{
	int64_t now = time_now();
	struct table t;
	int rc;

	table_init(&t, outbox_cols, ARRAY_SIZE(outbox_cols));
	for (size_t i = 0; i < n; i++) {
		const struct outbox_entry *o = &rows[i];
		struct strvec cells;

		strvec_init(&cells);
		strvec_push_take(&cells, format_id(o->id));
		strvec_push(&cells, outbox_state_name(o->state));
		strvec_push_take(&cells, format_age(now, o->created_at));
		strvec_push(&cells, o->source);
		strvec_push_take(&cells, sync_outbox_entry_ref(s, o));
		strvec_push(&cells, outbox_op_name(o->operation));
		strvec_push_take(&cells, format_id(o->attempts));
		strvec_push_take(&cells, next_text(s, now, o));
		strvec_push(&cells, o->last_error ? o->last_error : "");
		table_add_row(&t, (const char *const *)cells.v);
		strvec_release(&cells);
	}
	rc = table_print(&t, stdout, table_output_width(stdout),
	                 !format_is_utf8());
	table_release(&t);
	return rc;
}

/* `outbox retry|drop ID`: the command of the command language. */
static int
outbox_act(struct app *app, int argc, char **argv)
{
	struct strbuf out;
	struct err e;
	int rc, status;

	if (argc != 3) {
		cli_error("usage: centinela outbox %s ID (the number "
		          "'centinela outbox' shows)",
		          argv[1]);
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	strbuf_init(&out);
	rc = command_run_argv(app, argc, argv, CMD_IN_CLI, &out, &e);
	if (rc) {
		cli_error("%s", e.msg);
		status = cli_exit_for(rc);
	} else {
		char *shown;

		while (out.len && out.buf[out.len - 1] == '\n')
			strbuf_setlen(&out, out.len - 1);
		shown = sanitize_dup(out.len ? out.buf : "", 0);
		printf("%s\n", shown);
		free(shown);
		status = CLI_EXIT_OK;
	}
	strbuf_release(&out);
	return status;
}

/* Under the table: what needs the analyst, and what to do. */
static int
outbox_footer(struct store *s, struct err *e)
{
	struct outbox_counts c;
	int rc = store_outbox_counts(s, NULL, &c, e);

	if (rc)
		return rc;
	if (c.failed)
		printf("%lld failed entr%s need%s you: 'centinela outbox retry "
		       "ID' sends one again, 'centinela outbox drop ID' drops "
		       "it\n",
		       (long long)c.failed, c.failed == 1 ? "y" : "ies",
		       c.failed == 1 ? "s" : "");
	if (c.conflicts)
		printf("%lld conflict%s: 'centinela -c \"conflict keep-mine|"
		       "take-server ID\"' settles one\n",
		       (long long)c.conflicts, c.conflicts == 1 ? "" : "s");
	if (c.held)
		printf(
		    "%lld entr%s wait%s behind them (NEXT says after which)\n",
		    (long long)c.held, c.held == 1 ? "y" : "ies",
		    c.held == 1 ? "s" : "");
	return 0;
}

int
cli_cmd_outbox(struct app *app, int argc, char **argv)
{
	enum out_format fmt = OUT_TABLE;
	struct outbox_entry *rows = NULL;
	bool is_all = false;
	size_t n = 0;
	struct err e;
	int rc, status;

	if (argc > 1 &&
	    (strcmp(argv[1], "retry") == 0 || strcmp(argv[1], "drop") == 0))
		return outbox_act(app, argc, argv);
	if (cli_sync_format(argc, argv, "outbox", &fmt, &is_all))
		return CLI_EXIT_USAGE;
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	rc = outbox_rows(app->store, is_all, &rows, &n, &e);
	if (rc) {
		cli_error("cannot read the outbox: %s", e.msg);
		return cli_exit_for(rc);
	}
	if (fmt == OUT_JSON)
		rc = outbox_print_json(app->store, rows, n, &e);
	else if (n == 0)
		printf("outbox is empty: nothing waits for the server\n");
	else
		rc = outbox_print_table(app->store, rows, n);
	if (!rc && fmt == OUT_TABLE && n)
		rc = outbox_footer(app->store, &e);
	for (size_t i = 0; i < n; i++)
		outbox_entry_release(&rows[i]);
	free(rows);
	if ((status = cli_output_check(stdout, NULL)))
		return status;
	if (rc) {
		cli_error("cannot write the outbox list: %s",
		          e.msg[0] ? e.msg : "output error");
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}
