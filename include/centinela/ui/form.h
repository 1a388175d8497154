/*
 * A form: labelled one-line fields edited in place, for creating records
 * (the new-incident form). It knows nothing of curses: keys come in as
 * keymap keys (app/keymap.h: code points and KEYMAP_KEY_*), drawing goes
 * through struct draw_ops, so it is tested without a terminal.
 *
 * Keys: printable characters insert at the cursor; Left, Right, Home, End,
 * C-a, C-e move it; Backspace and Delete remove a character, C-u the
 * field's text; Up and Down (C-p, C-n) step through the values the field
 * offers that start with what was typed; Tab and Enter go to the next
 * field, Shift-Tab to the previous one; Enter on the last field submits;
 * Esc cancels. Leaving a field checks it: a refused value stays as typed,
 * with the reason next to it until its text is edited, and a submit with
 * any refused field goes to the first such field instead.
 */
#ifndef CENTINELA_UI_FORM_H
#define CENTINELA_UI_FORM_H

#include <stddef.h>

#include "centinela/base/strvec.h"

struct draw_ops;
struct ui_form;

/* What the owner of a form says about its fields (all may be NULL). */
struct ui_form_ops {
	void *ctx; /* passed back */
	/* Why value (borrowed) is refused for field i: a message (owned),
	 * or NULL when it is fine. */
	char *(*check)(void *ctx, size_t i, const char *value);
	/* Append the values field i offers that start with prefix
	 * (case-insensitive) to out, in the order Down steps through. */
	void (*choices)(void *ctx, size_t i, const char *prefix,
	                struct strvec *out);
};

enum ui_form_event {
	UI_FORM_EDITING, /* the key was taken (or ignored): go on */
	UI_FORM_SUBMIT,  /* Enter on the last field, every field checked */
	UI_FORM_CANCEL,  /* Esc */
};

/*
 * A form titled title (copied) with n fields labelled labels[i] (borrowed:
 * static strings) and empty values; ops copied. Free with ui_form_free.
 */
struct ui_form *ui_form_new(const char *title, const char *const *labels,
                            size_t n, const struct ui_form_ops *ops);
void ui_form_free(struct ui_form *f);

/* Handle one key (a keymap key). */
enum ui_form_event ui_form_key(struct ui_form *f, int key);

/* The value of field i as typed (borrowed until the next key). */
const char *ui_form_value(const struct ui_form *f, size_t i);
/* Set field i's value (copied), the cursor at its end. */
void ui_form_set_value(struct ui_form *f, size_t i, const char *value);
/* The field with the cursor. */
size_t ui_form_current(const struct ui_form *f);
/* The reason field i is refused (borrowed), NULL when none. */
const char *ui_form_error(const struct ui_form *f, size_t i);
/* A message under the fields (copied; NULL clears), e.g. why a submit
 * failed; kept until the next key. */
void ui_form_set_message(struct ui_form *f, const char *msg);

/*
 * Draw the form on ops (cleared first) and return where the cursor goes
 * in *cy, *cx.
 */
void ui_form_draw(const struct ui_form *f, const struct draw_ops *ops, int *cy,
                  int *cx);

#endif
