/*
 * The full-screen console: the ui layer's entry point.
 */
#ifndef CENTINELA_UI_UI_H
#define CENTINELA_UI_UI_H

struct app;
struct err;

struct ui_options {
	const char *trace_frames; /* append per-key timings here, or NULL */
};

/*
 * Run the console on app (its store open) until the analyst quits, on the
 * controlling terminal (standard input and output). Registers its hooks in
 * app->ui while it runs. Returns 0, or an ERR_* code with *e set when the
 * terminal cannot be used; the terminal is restored in every case.
 */
int ui_run(struct app *app, const struct ui_options *opts, struct err *e);

#endif
