/*
 * `centinela db check` and `centinela audit verify`: the two checks of the
 * cache a responder runs after a crash, a copy or a suspicion; `centinela
 * audit export` and `audit verify --file`: the chain taken elsewhere and
 * checked there without a cache.
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
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
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
		return CLI_EXIT_FAIL;
	}
	if (rc) {
		cli_error("cannot verify the audit chain: %s", e.msg);
		return cli_exit_for(rc);
	}
	printf("audit chain intact: %lld entries, head %s\n",
	       (long long)r.entries, r.head_hash[0] ? r.head_hash : "-");
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
	printf("audit export intact: %lld entries, head %s\n",
	       (long long)r.entries, r.head_hash);
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
	const char *file = NULL;
	bool is_export = argc >= 2 && strcmp(argv[1], "export") == 0;
	int i, got;

	if (argc < 2 || (!is_export && strcmp(argv[1], "verify") != 0))
		goto usage;
	for (i = 2; i < argc; i++) {
		got = cli_opt_value(argc, argv, &i,
		                    is_export ? "--output" : "--file", &file);
		if (got < 0)
			return CLI_EXIT_USAGE;
		if (got == 0)
			goto usage;
	}
	if (is_export)
		return audit_export(app, file);
	return file ? audit_verify_file(file) : audit_verify_cache(app);
usage:
	cli_error("usage: centinela audit verify [--file FILE] | "
	          "export [--output FILE]");
	return CLI_EXIT_USAGE;
}
