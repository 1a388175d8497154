/*
 * centinela: argv, then the CLI (a subcommand) or, without one, the
 * console. Builds the one struct app and passes it down.
 *
 * Order: global options, the config file, -c commands, the subcommand; so a
 * -c command overrides the config, and both apply to the subcommand.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/config.h"
#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/xalloc.h"
#include "centinela/cli/cli.h"
#include "centinela/ui/ui.h"

#ifndef CENTINELA_VERSION
#define CENTINELA_VERSION "0.1.0"
#endif

/* Print what commands said, sanitized, on stdout. */
static void
flush_output(struct strbuf *out)
{
	if (out->len) {
		char *clean = sanitize_dup(out->buf, SANITIZE_KEEP_NEWLINE |
		                                         SANITIZE_KEEP_TAB);

		fputs(clean, stdout);
		free(clean);
	}
	strbuf_reset(out);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"config", required_argument, NULL, 'f'},
	    {"command", required_argument, NULL, 'c'},
	    {"readonly", no_argument, NULL, 'r'},
	    {"create", no_argument, NULL, 'n'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {"trace-frames", required_argument, NULL, 't'},
	    {NULL, 0, NULL, 0},
	};
	const char *config = NULL;
	struct ui_options ui_opts = {NULL};
	struct strvec commands;
	struct strbuf out;
	struct app app;
	struct err e;
	int opt, status = CLI_EXIT_OK;

	setlocale(LC_ALL, "");
	app_init(&app);
	strvec_init(&commands);
	strbuf_init(&out);
	err_clear(&e);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+f:c:hV", longopts, NULL)) !=
	       -1) {
		switch (opt) {
		case 'd':
			free(app.db_path);
			app.db_path = xstrdup(optarg);
			break;
		case 'f':
			config = optarg;
			break;
		case 'c':
			strvec_push(&commands, optarg);
			break;
		case 't':
			ui_opts.trace_frames = optarg;
			break;
		case 'r':
			app.is_readonly = true;
			break;
		case 'n':
			app.is_create = true;
			break;
		case 'h':
			cli_usage(stdout);
			goto out;
		case 'V':
			printf("centinela %s\n"
			       "This product uses data from the NVD API but is "
			       "not endorsed or certified by the NVD.\n"
			       "EPSS scores are FIRST's "
			       "(https://www.first.org/epss).\n",
			       CENTINELA_VERSION);
			goto out;
		default:
			if (optopt)
				cli_error("option '-%c' %s", optopt,
				          strchr("fc", optopt) ? "needs a value"
				                               : "is unknown");
			else
				cli_error("option '%s' is unknown or needs a "
				          "value",
				          argv[optind - 1]);
			fputs("run 'centinela --help' for the options\n",
			      stderr);
			status = CLI_EXIT_USAGE;
			goto out;
		}
	}
	if (config_load(&app, config, config != NULL, &out, &e)) {
		flush_output(&out);
		cli_error("%s", e.msg);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	for (size_t i = 0; i < commands.n; i++) {
		if (command_run_string(&app, commands.v[i], CMD_IN_CLI, &out,
		                       &e)) {
			flush_output(&out);
			cli_error("-c '%s': %s", commands.v[i], e.msg);
			status = cli_exit_for_args(e.code);
			goto out;
		}
	}
	flush_output(&out);
	if (optind >= argc) {
		/* No subcommand: the console, after the -c commands (which
		 * set it up, as the config file does). */
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			cli_error(
			    "the console needs a terminal; use a "
			    "subcommand, e.g. 'centinela list incidents'");
			cli_usage(stderr);
			status = CLI_EXIT_USAGE;
			goto out;
		}
		if ((status = cli_open_store(&app)))
			goto out;
		if (ui_run(&app, &ui_opts, &e)) {
			cli_error("%s", e.msg);
			status = cli_exit_for(e.code);
		}
		goto out;
	}
	status = cli_run(&app, argc - optind, argv + optind);
out:
	strbuf_release(&out);
	strvec_release(&commands);
	app_release(&app);
	if (cli_output_check(stdout, NULL) && status == CLI_EXIT_OK)
		status = CLI_EXIT_FAIL;
	return status;
}
