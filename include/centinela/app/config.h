/*
 * The config file: commands of the command language, one per line, run at
 * startup as if typed (with where = CMD_IN_CONFIG).
 *
 * Default path: $XDG_CONFIG_HOME/centinela/config (else
 * ~/.config/centinela/config). Like OpenSSH, a config file that is writable
 * by group or others, or owned by someone other than the user (or root), is
 * refused: it could make the console act in the analyst's name.
 */
#ifndef CENTINELA_APP_CONFIG_H
#define CENTINELA_APP_CONFIG_H

#include <stdbool.h>

#include "centinela/base/strbuf.h"

struct app;
struct err;

#define CONFIG_LINE_MAX 4096          /* longest line, in bytes */
#define CONFIG_FILE_MAX (1024 * 1024) /* largest file, in bytes */

/*
 * The default config path, owned by the caller, or NULL with *e set when
 * neither $XDG_CONFIG_HOME nor $HOME is usable.
 */
char *config_default_path(struct err *e);

/*
 * Load the config file at path (NULL: the default path) into app, running
 * each line with command_run_string(CMD_IN_CONFIG); what commands print is
 * appended to out. The path loaded is recorded in app->config_path.
 *
 * A missing default file is created 0600 (its folder 0700) holding only a
 * commented example, and nothing is loaded. A missing explicit file
 * (is_explicit, as with -f) fails with ERR_NOTFOUND. Loading stops at the
 * first error, which is returned with the message prefixed "FILE:LINE: ";
 * settings made by earlier lines stay made.
 */
int config_load(struct app *app, const char *path, bool is_explicit,
                struct strbuf *out, struct err *e);

#endif
