/*
 * Longer texts written in the analyst's editor: $VISUAL, else $EDITOR,
 * else vi, run through /bin/sh (so that "emacs -nw" works) on a private
 * temporary file ($TMPDIR or /tmp, mode 0600) with the console's terminal
 * handed over meanwhile (app->ui->terminal).
 *
 * The text is never lost: the file stays where it is until the caller has
 * stored what it holds (editor_draft_discard). When the editor exits
 * non-zero or dies by a signal the draft is still read and returned (it
 * may hold what was saved before the crash), and the caller keeps the file
 * and tells the analyst where it is.
 */
#ifndef CENTINELA_APP_EDITOR_H
#define CENTINELA_APP_EDITOR_H

#include <stdbool.h>
#include <stddef.h>

struct app;
struct err;

/* What one editing session left. */
struct editor_draft {
	char *path;     /* the temporary file (owned), NULL after discard */
	char *text;     /* its text, trailing blanks trimmed (owned, "") */
	bool is_failed; /* the editor exited non-zero or died by a signal */
	char *why;      /* "exited with status 3", "killed by signal 9" */
};

void editor_draft_init(struct editor_draft *d);
/* Free the contents; the file stays on disk (see discard). */
void editor_draft_release(struct editor_draft *d);
/* Remove the file (its text is stored elsewhere now). */
void editor_draft_discard(struct editor_draft *d);

/* The editor command line: $VISUAL, else $EDITOR, else "vi" (static or
 * the environment's; borrowed). */
const char *editor_command(void);

/*
 * Create the draft file, run the editor on it and read it back into *d
 * (initialised by the caller). Fails (ERR_IO, ERR_LIMIT past max bytes,
 * ERR_INVALID for a NUL byte) only when the file cannot be made or read;
 * d->path names it whenever it exists, so the caller can point to it. An
 * editor that cannot be started counts as failed (status 127).
 */
int editor_run(struct app *app, size_t max, struct editor_draft *d,
               struct err *e);

/*
 * editor_run on a draft that holds text first (a text being changed; NULL
 * or "": empty), followed by a newline.
 */
int editor_run_text(struct app *app, size_t max, const char *text,
                    struct editor_draft *d, struct err *e);

#endif
