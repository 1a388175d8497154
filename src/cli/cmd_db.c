/*
 * `centinela db check` and `centinela audit verify`: the two checks of the
 * cache a responder runs after a crash, a copy or a suspicion; `centinela
 * audit export` and `audit verify --file`: the chain taken elsewhere and
 * checked there without a cache; `centinela audit seal`: a break recorded
 * in the trail, after it was investigated, so that work goes on.
 *
 * A chain whose breaks are all sealed verifies (exit 0): the first line
 * says from which seal on it is intact, the next ones the sealed breaks.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/audit_seal.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/export/audit.h"
#include "centinela/feed/audit_jsonl.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"

int
cli_cmd_db(struct app *app, int argc, char **argv)
{
	struct store_check c;
	struct err e;
	int status;

	if (argc != 2 || strcmp(argv[1], "check") != 0) {
		cli_error("usage: centinela db check");
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	if (store_check_run(app->store, &c, &e)) {
		cli_error("cannot check '%s': %s", app->db_path, e.msg);
		return CLI_EXIT_FAIL;
	}
	{
		char *path = sanitize_dup(app->db_path, 0);
		char *integrity =
		    sanitize_dup(c.integrity, SANITIZE_KEEP_NEWLINE);

		printf("cache           %s\n", path);
		printf("schema version  %d\n", c.schema_version);
		printf("integrity       %s\n", integrity);
		free(path);
		free(integrity);
	}
	printf("rows\n");
	for (size_t i = 0; i < c.n_counts; i++)
		printf("  %-18s %lld\n", c.counts[i].table,
		       (long long)c.counts[i].rows);
	status = c.is_ok ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	if (!c.is_ok)
		cli_error(
		    "the cache '%s' is damaged; keep a copy, then rebuild "
		    "it (move it away and sync or import again)",
		    app->db_path);
	store_check_release(&c);
	return status;
}

/*
 * The first line of an intact verdict: "audit chain intact: 6 entries,
 * head H", or with seals "... intact since the seal at entry 12: ...",
 * then one line on the last sealed break (and a count of the others).
 */
static void
print_intact(const char *what, int64_t entries, const char *head, int64_t seals,
             const struct audit_seal_info *seal)
{
	char when[TIME_ISO_MAX];
	char *actor, *detail;

	if (!seals) {
		printf("%s intact: %lld entries, head %s\n", what,
		       (long long)entries, head);
		return;
	}
	printf("%s intact since the seal at entry %lld: %lld entries, head "
	       "%s\n",
	       what, (long long)seal->id, (long long)entries, head);
	time_format_iso8601(seal->at, when);
	actor = sanitize_dup(seal->actor, 0);
	detail = sanitize_dup(seal->detail, 0);
	printf("sealed break: entry %lld, sealed by entry %lld (%s, %s): %s\n",
	       (long long)seal->sealed_id, (long long)seal->id, actor, when,
	       detail);
	if (seals > 1)
		printf("sealed breaks before it: %lld (action %s in the "
		       "trail)\n",
		       (long long)seals - 1, AUDIT_SEAL_ACTION);
	free(actor);
	free(detail);
}

/* What to do about a broken chain, after the verdict. */
static void
say_what_to_do(void)
{
	cli_error("no change is recorded until the break is dealt with: "
	          "investigate it, then run 'centinela audit seal --reason "
	          "TEXT' to record it in the trail and go on, or restore the "
	          "cache from a backup");
}

/* Print the verdict on the cache's own chain. */
static int
audit_verify_cache(struct app *app)
{
	struct audit_verify r;
	struct err e;
	int rc, status;

	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	memset(&r, 0, sizeof(r));
	rc = store_audit_verify(app->store, &r, &e);
	if (rc == ERR_CORRUPT) {
		cli_error("audit chain broken: %s", e.msg);
		say_what_to_do();
		return CLI_EXIT_FAIL;
	}
	if (rc) {
		cli_error("cannot verify the audit chain: %s", e.msg);
		return cli_exit_for(rc);
	}
	print_intact("audit chain", r.entries,
	             r.head_hash[0] ? r.head_hash : "-", r.seals, &r.last_seal);
	return CLI_EXIT_OK;
}

/* Seal the first break of the cache's chain. */
static int
audit_seal(struct app *app, const char *reason)
{
	struct audit_verify r;
	struct strbuf said;
	struct err e;
	int rc, status;

	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	rc = app_audit_seal(app, reason, &r, &e);
	if (rc) {
		cli_error("cannot seal the audit chain: %s", e.msg);
		return cli_exit_for(rc);
	}
	strbuf_init(&said);
	app_audit_seal_said(&r, &said);
	printf("%s\n", said.buf);
	strbuf_release(&said);
	return CLI_EXIT_OK;
}

/* The largest export `audit verify --file` reads. */
#define AUDIT_FILE_CAP ((size_t)1 << 30)

/*
 * A regular file mapped read-only (no copy of a large export); *map is
 * NULL when it is not one (standard input, a pipe, an empty file), and
 * the caller reads it instead.
 */
static void
map_file(const char *path, void **map, size_t *len)
{
	struct stat st;
	int fd;

	*map = NULL;
	*len = 0;
	if (strcmp(path, "-") == 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (uint64_t)st.st_size <= AUDIT_FILE_CAP) {
		*map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE,
		            fd, 0);
		if (*map == MAP_FAILED)
			*map = NULL;
		else
			*len = (size_t)st.st_size;
	}
	close(fd);
	if (*map)
		madvise(*map, *len, MADV_SEQUENTIAL);
}

/* Verify an exported file, without the cache. */
static int
audit_verify_file(const char *path)
{
	struct audit_jsonl_verify r;
	struct err e;
	char *data = NULL;
	void *map;
	size_t len = 0;
	int rc;

	err_clear(&e);
	map_file(path, &map, &len);
	if (!map && fs_read_file(path, AUDIT_FILE_CAP, &data, &len, &e)) {
		cli_error("cannot read '%s': %s", path, e.msg);
		return CLI_EXIT_FAIL;
	}
	rc = audit_jsonl_verify(map ? map : data, len, &r, &e);
	if (map)
		munmap(map, len);
	free(data);
	if (rc) {
		cli_error("audit export '%s' broken: %s", path, e.msg);
		return CLI_EXIT_FAIL;
	}
	print_intact("audit export", r.entries, r.head_hash, r.seals,
	             &r.last_seal);
	return CLI_EXIT_OK;
}

/* Where `audit export` writes, and its errors. */
struct audit_export_ctx {
	FILE *f;      /* the output (borrowed) */
	struct err e; /* the first error */
};

static int
export_entry(const struct audit_entry *a, void *ctx)
{
	struct audit_export_ctx *c = ctx;

	return export_audit_entry(c->f, a, &c->e);
}

/*
 * Write the chain to path (created 0600, never overwritten) or standard
 * output when path is NULL.
 */
static int
audit_export(struct app *app, const char *path)
{
	struct audit_export_ctx c = {.f = stdout};
	char head_hash[SHA256_HEX_LEN + 1];
	int64_t head_id = 0;
	int fd, rc, status;

	if ((status = cli_open_store(app)))
		return status;
	err_clear(&c.e);
	if (path) {
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			cli_error(
			    "cannot create '%s': %s%s", path, strerror(errno),
			    errno == EEXIST ? " (choose a new file; "
			                      "an export never overwrites)"
			                    : "");
			return errno == EEXIST ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		}
		if (!(c.f = fdopen(fd, "w"))) {
			cli_error("cannot write '%s': %s", path,
			          strerror(errno));
			close(fd);
			unlink(path);
			return CLI_EXIT_FAIL;
		}
	}
	if (!(rc = store_audit_each(app->store, export_entry, &c, &head_id,
	                            head_hash, &c.e)))
		rc = export_audit_head(c.f, head_id, head_hash, &c.e);
	/* A failed write is the story, whatever the writer made of it. */
	status =
	    path ? cli_output_close(c.f, path) : cli_output_check(c.f, NULL);
	if (!status && rc) {
		cli_error("cannot export the audit trail: %s", c.e.msg);
		status = cli_exit_for(rc);
	}
	if (status && path)
		unlink(path);
	return status;
}

int
cli_cmd_audit(struct app *app, int argc, char **argv)
{
	static const char *const options[] = {"--file", "--output", "--reason"};
	static const char *const verbs[] = {"verify", "export", "seal"};
	const char *value = NULL;
	size_t verb = 0;
	int i, got;

	if (argc < 2)
		goto usage;
	while (verb < 3 && strcmp(argv[1], verbs[verb]) != 0)
		verb++;
	if (verb == 3)
		goto usage;
	for (i = 2; i < argc; i++) {
		got = cli_opt_value(argc, argv, &i, options[verb], &value);
		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got == 0)
			goto usage;
	}
	if (verb == 1)
		return audit_export(app, value);
	if (verb == 2 && !value) {
		cli_error("audit seal needs --reason TEXT: what was found, "
		          "and what was done about it");
		return CLI_EXIT_USAGE;
	}
	if (verb == 2)
		return audit_seal(app, value);
	return value ? audit_verify_file(value) : audit_verify_cache(app);
usage:
	cli_error("usage: centinela audit verify [--file FILE] | "
	          "export [--output FILE] | seal --reason TEXT");
	return CLI_EXIT_USAGE;
}
