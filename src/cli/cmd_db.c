/*
 * `centinela db check` and `centinela audit verify`: the two checks of the
 * cache a responder runs after a crash, a copy or a suspicion.
 */
#include "centinela/cli/cli.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
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

int
cli_cmd_audit(struct app *app, int argc, char **argv)
{
	struct audit_verify r;
	struct err e;
	int rc, status;

	if (argc != 2 || strcmp(argv[1], "verify") != 0) {
		cli_error("usage: centinela audit verify");
		return CLI_EXIT_USAGE;
	}
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
