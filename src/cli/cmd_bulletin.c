/*
 * `centinela bulletin create|set|note|add-cve|add-product|add-remediation|
 * add-reference|add-ack|review|status|revise`: writing bulletins
 * (app/bulletin_edit.h), each one transaction with its outbox and audit
 * entries. create prints the new reference alone; the others print what
 * changed, one line, or "REF: nothing to change". `bulletin publish`
 * writes the CSAF provider directory (app/publish.h) and prints what it
 * did, a line per TLP folder.
 */
#include "centinela/cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/bulletin_edit.h"
#include "centinela/app/publish.h"
#include "centinela/base/array.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/bulletin_doc.h"
#include "centinela/export/csaf.h"
#include "centinela/store/bulletin.h"
#include "centinela/base/timeutil.h"

#define USAGE                                                                  \
	"usage: centinela bulletin create (--title T [--cve ID]... | --from "  \
	"CVE-ID) [--tlp L] [--severity S] [--category C] | set REF "           \
	"FIELD=VALUE... | note REF [--kind summary|description|general] "      \
	"TEXT|- | add-cve REF CVE... | add-product REF (--cpe NAME | --purl "  \
	"PURL | --vendor V --product P) [--range R] [--cve ID] [--status S] "  \
	"[--justification J] | add-remediation REF --cve ID --category C "     \
	"--details TEXT [--url URL] | add-reference REF URL --summary TEXT | " \
	"add-ack REF [--name N] [--organization O] [--summary S] | review "    \
	"REF | status REF draft|interim|final | revise REF --summary TEXT | "  \
	"export REF [--format csaf|markdown|text] [--output FILE] | "          \
	"recipients REF [--format table|csv|json] | publish --dir DIR "        \
	"[--base-url URL] [--include-amber]"

/* An option a verb takes, and where its value goes. */
struct opt {
	const char *name;   /* "--title" */
	const char **value; /* its value (the last one given) */
	struct strvec *all; /* or every value, for a repeated option */
};

/*
 * Read argv[2..] into the options opts[0..n) and at most max_args
 * positional words (args). Prints and returns CLI_EXIT_USAGE on a
 * stray word or a missing value; 0 otherwise.
 */
static int
parse(int argc, char **argv, const struct opt *opts, size_t n,
      const char **args, size_t max_args, size_t *n_args)
{
	*n_args = 0;
	for (int i = 2; i < argc; i++) {
		int got = 0;

		for (size_t k = 0; !got && k < n; k++) {
			const char *v;

			got = cli_opt_value(argc, argv, &i, opts[k].name, &v);
			if (got < 0)
				return CLI_EXIT_USAGE;
			if (got && opts[k].all)
				strvec_push(opts[k].all, v);
			else if (got)
				*opts[k].value = v;
		}
		if (got)
			continue;
		if (*n_args < max_args && (strncmp(argv[i], "--", 2) != 0 ||
		                           strcmp(argv[i], "-") == 0)) {
			args[(*n_args)++] = argv[i];
			continue;
		}
		cli_error("unexpected '%s' after 'bulletin %s'; %s", argv[i],
		          argv[1], USAGE);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* Open the cache, run the edit, print its result. */
#define RUN_EDIT(app, ref, call)                                               \
	do {                                                                   \
		struct edit_result res;                                        \
		struct err e;                                                  \
		int rc_, status_;                                              \
                                                                               \
		err_clear(&e);                                                 \
		if ((status_ = cli_open_store(app)))                           \
			return status_;                                        \
		edit_result_init(&res);                                        \
		rc_ = (call);                                                  \
		if (!rc_)                                                      \
			cli_print_edit_result(&res, ref);                      \
		edit_result_release(&res);                                     \
		return cli_report(rc_, &e);                                    \
	} while (0)

static int
cmd_create(struct app *app, int argc, char **argv)
{
	struct bulletin_new nb;
	struct edit_result res;
	struct strvec cves;
	const char *args[1];
	size_t n_args;
	struct err e;
	int rc, status;

	memset(&nb, 0, sizeof(nb));
	strvec_init(&cves);
	{
		const struct opt opts[] = {
		    {"--title", &nb.title, NULL},
		    {"--cve", NULL, &cves},
		    {"--from", &nb.from_cve, NULL},
		    {"--tlp", &nb.tlp, NULL},
		    {"--severity", &nb.severity, NULL},
		    {"--category", &nb.category, NULL},
		};

		if ((status = parse(argc, argv, opts, ARRAY_SIZE(opts), args, 0,
		                    &n_args))) {
			strvec_release(&cves);
			return status;
		}
	}
	if (!nb.title && !nb.from_cve) {
		strvec_release(&cves);
		cli_error("a new bulletin needs --title T (with --cve ID...) "
		          "or --from CVE-ID");
		return CLI_EXIT_USAGE;
	}
	nb.cves = (const char *const *)cves.v;
	nb.n_cves = cves.n;
	if ((status = cli_open_store(app))) {
		strvec_release(&cves);
		return status;
	}
	err_clear(&e);
	edit_result_init(&res);
	rc = edit_bulletin_create(app, &nb, &res, &e);
	if (!rc && res.refs.n)
		printf("%s\n", res.refs.v[0]);
	edit_result_release(&res);
	strvec_release(&cves);
	return cli_report(rc, &e);
}

static int
cmd_set(struct app *app, int argc, char **argv)
{
	struct strvec names;
	const char **values;
	const char *ref = argc > 2 ? argv[2] : NULL;
	size_t n = 0;
	int rc;

	if (!ref || argc < 4) {
		cli_error("set what? usage: centinela bulletin set REF "
		          "FIELD=VALUE... (fields: title, tlp, severity, "
		          "category, summary, description, sectors, "
		          "organizations)");
		return CLI_EXIT_USAGE;
	}
	strvec_init(&names);
	values = xreallocarray(NULL, (size_t)argc, sizeof(*values));
	for (int i = 3; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');

		if (!eq || eq == argv[i]) {
			cli_error("expected FIELD=VALUE, not '%s'; %s", argv[i],
			          USAGE);
			strvec_release(&names);
			free(values);
			return CLI_EXIT_USAGE;
		}
		strvec_push_take(&names,
		                 xstrndup(argv[i], (size_t)(eq - argv[i])));
		values[n++] = eq + 1;
	}
	{
		struct edit_result res;
		struct err e;
		int status;

		err_clear(&e);
		if ((status = cli_open_store(app))) {
			strvec_release(&names);
			free(values);
			return status;
		}
		edit_result_init(&res);
		rc = edit_bulletin_set(app, ref, (const char *const *)names.v,
		                       values, n, &res, &e);
		if (!rc)
			cli_print_edit_result(&res, ref);
		edit_result_release(&res);
		rc = cli_report(rc, &e);
	}
	strvec_release(&names);
	free(values);
	return rc;
}

/* Read a text argument: "-" reads standard input (its last newline
 * dropped) into *buf. */
static int
text_arg(const char *arg, char **buf, const char **text)
{
	size_t len = 0;
	struct err e;
	int rc;

	*text = arg;
	if (strcmp(arg, "-") != 0)
		return 0;
	if ((rc = fs_read_file("-", EDIT_NOTE_MAX, buf, &len, &e))) {
		cli_error("cannot read the note from standard input: %s",
		          e.msg);
		return rc == ERR_LIMIT ? CLI_EXIT_FAIL : cli_exit_for(rc);
	}
	if (strlen(*buf) != len) {
		cli_error("the note on standard input contains a NUL byte");
		return CLI_EXIT_FAIL;
	}
	if (len && (*buf)[len - 1] == '\n')
		(*buf)[--len] = '\0';
	*text = *buf;
	return 0;
}

static int
cmd_note(struct app *app, int argc, char **argv)
{
	const char *kind = "general", *args[2], *text;
	const struct opt opts[] = {{"--kind", &kind, NULL}};
	char *buf = NULL;
	size_t n;
	int status;

	if ((status = parse(argc, argv, opts, 1, args, 2, &n)))
		return status;
	if (n != 2) {
		cli_error("usage: centinela bulletin note REF [--kind "
		          "summary|description|general] TEXT (TEXT '-' reads "
		          "standard input)");
		return CLI_EXIT_USAGE;
	}
	if ((status = text_arg(args[1], &buf, &text))) {
		free(buf);
		return status;
	}
	{
		struct edit_result res;
		struct err e;
		int rc;

		err_clear(&e);
		if ((status = cli_open_store(app))) {
			free(buf);
			return status;
		}
		edit_result_init(&res);
		rc = edit_bulletin_note(app, args[0], kind, text, &res, &e);
		if (!rc)
			cli_print_edit_result(&res, args[0]);
		edit_result_release(&res);
		free(buf);
		return cli_report(rc, &e);
	}
}

static int
cmd_add_cve(struct app *app, int argc, char **argv)
{
	if (argc < 4) {
		cli_error("usage: centinela bulletin add-cve REF CVE-ID...");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, argv[2],
	         edit_bulletin_add_cve(app, argv[2],
	                               (const char *const *)argv + 3,
	                               (size_t)(argc - 3), &res, &e));
}

static int
cmd_add_product(struct app *app, int argc, char **argv)
{
	struct bulletin_product_spec p;
	const char *args[1];
	size_t n;
	int status;

	memset(&p, 0, sizeof(p));
	{
		const struct opt opts[] = {
		    {"--cpe", &p.cpe, NULL},
		    {"--purl", &p.purl, NULL},
		    {"--vendor", &p.vendor, NULL},
		    {"--product", &p.product, NULL},
		    {"--range", &p.version_range, NULL},
		    {"--cve", &p.cve, NULL},
		    {"--status", &p.status, NULL},
		    {"--justification", &p.justification, NULL},
		};

		if ((status = parse(argc, argv, opts, ARRAY_SIZE(opts), args, 1,
		                    &n)))
			return status;
	}
	if (n != 1) {
		cli_error("add a product to which bulletin? %s", USAGE);
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, args[0],
	         edit_bulletin_add_product(app, args[0], &p, &res, &e));
}

static int
cmd_add_remediation(struct app *app, int argc, char **argv)
{
	const char *cve = NULL, *kind = NULL, *details = NULL, *url = NULL;
	const char *args[1];
	const struct opt opts[] = {
	    {"--cve", &cve, NULL},
	    {"--category", &kind, NULL},
	    {"--details", &details, NULL},
	    {"--url", &url, NULL},
	};
	size_t n;
	int status;

	if ((status = parse(argc, argv, opts, ARRAY_SIZE(opts), args, 1, &n)))
		return status;
	if (n != 1 || !cve || !kind || !details) {
		cli_error("usage: centinela bulletin add-remediation REF --cve "
		          "ID --category vendor_fix|workaround|mitigation "
		          "--details TEXT [--url URL]");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, args[0],
	         edit_bulletin_add_remediation(app, args[0], cve, kind, details,
	                                       url, &res, &e));
}

static int
cmd_add_reference(struct app *app, int argc, char **argv)
{
	const char *summary = NULL, *args[2];
	const struct opt opts[] = {{"--summary", &summary, NULL}};
	size_t n;
	int status;

	if ((status = parse(argc, argv, opts, 1, args, 2, &n)))
		return status;
	if (n != 2 || !summary) {
		cli_error("usage: centinela bulletin add-reference REF URL "
		          "--summary TEXT");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, args[0],
	         edit_bulletin_add_reference(app, args[0], args[1], summary,
	                                     &res, &e));
}

static int
cmd_add_ack(struct app *app, int argc, char **argv)
{
	const char *name = NULL, *org = NULL, *summary = NULL, *args[1];
	const struct opt opts[] = {
	    {"--name", &name, NULL},
	    {"--organization", &org, NULL},
	    {"--summary", &summary, NULL},
	};
	size_t n;
	int status;

	if ((status = parse(argc, argv, opts, ARRAY_SIZE(opts), args, 1, &n)))
		return status;
	if (n != 1 || (!name && !org)) {
		cli_error("usage: centinela bulletin add-ack REF [--name N] "
		          "[--organization O] [--summary S]");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(
	    app, args[0],
	    edit_bulletin_add_ack(app, args[0], name, org, summary, &res, &e));
}

static int
cmd_review(struct app *app, int argc, char **argv)
{
	if (argc != 3) {
		cli_error("usage: centinela bulletin review REF (the analyst "
		          "reviewing: -c 'set analyst NAME')");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, argv[2], edit_bulletin_review(app, argv[2], &res, &e));
}

static int
cmd_status(struct app *app, int argc, char **argv)
{
	if (argc != 4) {
		cli_error("usage: centinela bulletin status REF "
		          "draft|interim|final");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, argv[2],
	         edit_bulletin_status(app, argv[2], argv[3], &res, &e));
}

static int
cmd_revise(struct app *app, int argc, char **argv)
{
	const char *summary = NULL, *args[1];
	const struct opt opts[] = {{"--summary", &summary, NULL}};
	size_t n;
	int status;

	if ((status = parse(argc, argv, opts, 1, args, 1, &n)))
		return status;
	if (n != 1 || !summary) {
		cli_error(
		    "usage: centinela bulletin revise REF --summary TEXT");
		return CLI_EXIT_USAGE;
	}
	RUN_EDIT(app, args[0],
	         edit_bulletin_revise(app, args[0], summary, &res, &e));
}

/* Write bulletin b as format ("csaf", "markdown", "text") to f. */
static int
export_to(struct app *app, FILE *f, const struct bulletin *b,
          const char *format, struct err *e)
{
	struct csaf_publisher pub = {app->bulletin_publisher,
	                             app->bulletin_namespace};

	if (strcmp(format, "markdown") == 0)
		return export_bulletin_doc(f, b, BULLETIN_DOC_MARKDOWN, e);
	if (strcmp(format, "text") == 0)
		return export_bulletin_doc(f, b, BULLETIN_DOC_TEXT, e);
	return export_csaf(f, b, &pub, time_now(), e);
}

static int
cmd_export(struct app *app, int argc, char **argv)
{
	const char *format = "csaf", *output = NULL, *args[1];
	const struct opt opts[] = {
	    {"--format", &format, NULL},
	    {"--output", &output, NULL},
	};
	struct bulletin b;
	struct err e;
	size_t n;
	int rc, status;

	if ((status = parse(argc, argv, opts, ARRAY_SIZE(opts), args, 1, &n)))
		return status;
	if (n != 1) {
		cli_error("usage: centinela bulletin export REF [--format "
		          "csaf|markdown|text] "
		          "[--output FILE]");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(format, "csaf") != 0 && strcmp(format, "markdown") != 0 &&
	    strcmp(format, "text") != 0) {
		cli_error("unknown export format '%s' (known: csaf, markdown, "
		          "text)",
		          format);
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	if ((rc = store_bulletin_get(app->store, args[0], &b, &e)))
		return cli_report(rc, &e);
	if (output) {
		FILE *f = fopen(output, "w");

		if (!f) {
			bulletin_release(&b);
			cli_error("cannot write '%s': %s", output,
			          strerror(errno));
			return CLI_EXIT_FAIL;
		}
		rc = export_to(app, f, &b, format, &e);
		if (fclose(f) && !rc)
			rc = err_set(&e, ERR_IO, "cannot write '%s': %s",
			             output, strerror(errno));
	} else {
		struct cli_out out;

		cli_out_open(&out);
		rc = export_to(app, out.fp, &b, format, &e);
		cli_out_close(&out);
	}
	bulletin_release(&b);
	return cli_report(rc, &e);
}

static int
cmd_publish(struct app *app, int argc, char **argv)
{
	struct publish_opts o = {NULL, NULL, false};
	struct publish_result r;
	struct err e;
	int rc, status;

	for (int i = 2; i < argc; i++) {
		int got;

		if (strcmp(argv[i], "--include-amber") == 0) {
			o.is_amber = true;
			continue;
		}
		if ((got = cli_opt_value(argc, argv, &i, "--dir", &o.dir)) ||
		    (got = cli_opt_value(argc, argv, &i, "--base-url",
		                         &o.base_url))) {
			if (got < 0)
				return CLI_EXIT_USAGE;
			continue;
		}
		cli_error("unexpected '%s' after 'bulletin publish'; usage: "
		          "centinela bulletin publish --dir DIR [--base-url "
		          "URL] [--include-amber]",
		          argv[i]);
		return CLI_EXIT_USAGE;
	}
	if (!o.dir || !*o.dir) {
		cli_error("publish where? usage: centinela bulletin publish "
		          "--dir DIR [--base-url URL] [--include-amber]");
		return CLI_EXIT_USAGE;
	}
	if ((status = cli_open_store(app)))
		return status;
	err_clear(&e);
	rc = publish_dir(app, &o, &r, &e);
	if (!rc) {
		for (int i = 0; i < PUBLISH_FOLDERS; i++) {
			const struct publish_folder *f = &r.folders[i];

			if (f->is_published)
				printf("%s: %zu document%s, %zu written, %zu "
				       "removed\n",
				       f->name, f->documents,
				       f->documents == 1 ? "" : "s", f->written,
				       f->removed);
			else
				printf("%s: not published (--include-amber), "
				       "%zu removed\n",
				       f->name, f->removed);
		}
		printf("provider-metadata.json: %s; %zu file%s written in "
		       "all\n",
		       r.is_metadata_written ? "written" : "unchanged",
		       r.files_written, r.files_written == 1 ? "" : "s");
		if (r.drafts || r.red || r.amber)
			printf("left out: %zu draft, %zu TLP:RED or "
			       "AMBER+STRICT, %zu TLP:AMBER\n",
			       r.drafts, r.red, r.amber);
	}
	return cli_report(rc, &e);
}

int
cli_cmd_bulletin(struct app *app, int argc, char **argv)
{
	static const struct {
		const char *verb;
		int (*run)(struct app *app, int argc, char **argv);
	} verbs[] = {
	    {"create", cmd_create},
	    {"set", cmd_set},
	    {"note", cmd_note},
	    {"add-cve", cmd_add_cve},
	    {"add-product", cmd_add_product},
	    {"add-remediation", cmd_add_remediation},
	    {"add-reference", cmd_add_reference},
	    {"add-ack", cmd_add_ack},
	    {"review", cmd_review},
	    {"status", cmd_status},
	    {"revise", cmd_revise},
	    {"export", cmd_export},
	    {"recipients", cli_bulletin_recipients},
	    {"publish", cmd_publish},
	};
	const char *verb = argc > 1 ? argv[1] : NULL;

	if (!verb) {
		cli_error("bulletin what? %s", USAGE);
		return CLI_EXIT_USAGE;
	}
	for (size_t i = 0; i < ARRAY_SIZE(verbs); i++)
		if (strcmp(verb, verbs[i].verb) == 0)
			return verbs[i].run(app, argc, argv);
	cli_error("unknown bulletin action '%s' (known: create, set, note, "
	          "add-cve, add-product, add-remediation, add-reference, "
	          "add-ack, review, status, revise, export, recipients, "
	          "publish)",
	          verb);
	return CLI_EXIT_USAGE;
}
