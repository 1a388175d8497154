/*
 * What `sync`, `outbox` (cmd_sync.c) and `sources` (cmd_sources.c) share
 * and nothing else sees: the --format option, the hint for a config
 * without sources, URLs shown without their credentials, and JSON members.
 */
#ifndef CENTINELA_CLI_SYNC_INTERNAL_H
#define CENTINELA_CLI_SYNC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct err;

enum out_format { OUT_TABLE, OUT_JSON };

/* The `source` line to show when none is declared. */
#define SOURCE_HINT                                                            \
	"declare one in the config file ($XDG_CONFIG_HOME/centinela/config), " \
	"e.g. 'source central centinela url=https://central.example "          \
	"token-file=~/.config/centinela/token', or with -c; see "              \
	"centinelarc(5)"

/* The url without user:password@ (owned). */
char *cli_url_shown(const char *url);

/*
 * The options of cmd: --format table|json into *fmt, and --all into
 * *is_all when it is not NULL. 0, or -1 after saying what is wrong.
 */
int cli_sync_format(int argc, char **argv, const char *cmd,
                    enum out_format *fmt, bool *is_all);

/* ", \"name\": value" (without the comma when is_first); NULL: null. */
int cli_json_str_member(FILE *f, const char *name, const char *v,
                        bool is_first, struct err *e);
/* ", \"name\": \"ISO time\"", or null when t is 0. */
void cli_json_time_member(FILE *f, const char *name, int64_t t);

#endif
