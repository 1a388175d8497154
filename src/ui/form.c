/*
 * Forms: see include/centinela/ui/form.h.
 *
 * Each field is a strbuf with a byte cursor on a character boundary. The
 * form is drawn as a title, then two lines per field (label and value;
 * under it the reason it is refused, or, for the field being edited, the
 * values it offers), then the keys and the form's message.
 */
#include "centinela/ui/form.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "centinela/app/keymap.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "centinela/base/wrap.h"
#include "centinela/base/xalloc.h"
#include "centinela/ui/draw.h"

/* Cells the labels take, and the most the value box takes. */
#define FORM_LABEL_WIDTH 18
#define FORM_VALUE_WIDTH 60

struct form_field {
	const char *label;   /* shown before the value (static) */
	struct strbuf value; /* as typed */
	size_t cursor;       /* byte offset in value, on a boundary */
	char *error;         /* why value is refused (owned), NULL: fine */
	char *typed;         /* what was typed before Up/Down stepped (owned) */
	long choice; /* the value stepped to among typed's matches, -1 */
};

struct ui_form {
	char *title;               /* heading (owned) */
	struct form_field *fields; /* (owned) */
	size_t n;                  /* entries in fields */
	size_t cur;                /* the field with the cursor */
	char *message;             /* under the fields (owned), or NULL */
	struct ui_form_ops ops;    /* the owner's checks and choices */
};

struct ui_form *
ui_form_new(const char *title, const char *const *labels, size_t n,
            const struct ui_form_ops *ops)
{
	struct ui_form *f = xcalloc(1, sizeof(*f));

	f->title = xstrdup(title);
	f->fields = xcalloc(n ? n : 1, sizeof(*f->fields));
	f->n = n;
	for (size_t i = 0; i < n; i++) {
		f->fields[i].label = labels[i];
		strbuf_init(&f->fields[i].value);
		f->fields[i].choice = -1;
	}
	if (ops)
		f->ops = *ops;
	return f;
}

void
ui_form_free(struct ui_form *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->n; i++) {
		strbuf_release(&f->fields[i].value);
		free(f->fields[i].error);
		free(f->fields[i].typed);
	}
	free(f->fields);
	free(f->title);
	free(f->message);
	free(f);
}

const char *
ui_form_value(const struct ui_form *f, size_t i)
{
	return i < f->n ? f->fields[i].value.buf : "";
}

size_t
ui_form_current(const struct ui_form *f)
{
	return f->cur;
}

const char *
ui_form_error(const struct ui_form *f, size_t i)
{
	return i < f->n ? f->fields[i].error : NULL;
}

void
ui_form_set_message(struct ui_form *f, const char *msg)
{
	free(f->message);
	f->message = msg ? xstrdup(msg) : NULL;
}

/* Typing ends a walk through the choices. */
static void
end_choice(struct form_field *fd)
{
	free(fd->typed);
	fd->typed = NULL;
	fd->choice = -1;
}

/* The text changed: the reason it was refused is checked again when the
 * field is left, and meanwhile the field offers its values. */
static void
edited(struct form_field *fd)
{
	free(fd->error);
	fd->error = NULL;
}

void
ui_form_set_value(struct ui_form *f, size_t i, const char *value)
{
	struct form_field *fd;

	if (i >= f->n)
		return;
	fd = &f->fields[i];
	strbuf_reset(&fd->value);
	strbuf_adds(&fd->value, value);
	fd->cursor = fd->value.len;
}

/* Check field i with the owner; true when it is fine. */
static bool
check_field(struct ui_form *f, size_t i)
{
	struct form_field *fd = &f->fields[i];

	free(fd->error);
	fd->error =
	    f->ops.check ? f->ops.check(f->ops.ctx, i, fd->value.buf) : NULL;
	return !fd->error;
}

static void
insert(struct form_field *fd, int cp)
{
	char bytes[4];
	size_t n = utf8_encode((uint32_t)cp, bytes);
	struct strbuf tail;

	if (!n)
		return;
	strbuf_init(&tail);
	strbuf_adds(&tail, fd->value.buf + fd->cursor);
	strbuf_setlen(&fd->value, fd->cursor);
	strbuf_add(&fd->value, bytes, n);
	strbuf_add(&fd->value, tail.buf, tail.len);
	strbuf_release(&tail);
	fd->cursor += n;
	end_choice(fd);
	edited(fd);
}

/* The boundary before or after the cursor's character. */
static size_t
char_before(const struct form_field *fd, size_t at)
{
	if (!at)
		return 0;
	at--;
	while (at && (fd->value.buf[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t
char_after(const struct form_field *fd, size_t at)
{
	if (at >= fd->value.len)
		return fd->value.len;
	at++;
	while (at < fd->value.len && (fd->value.buf[at] & 0xc0) == 0x80)
		at++;
	return at;
}

/* Remove value[from, to). */
static void
cut(struct form_field *fd, size_t from, size_t to)
{
	if (from >= to)
		return;
	memmove(fd->value.buf + from, fd->value.buf + to,
	        fd->value.len - to + 1);
	fd->value.len -= to - from;
	fd->cursor = from;
	end_choice(fd);
	edited(fd);
}

/* Up/Down: the next or previous value offered for what was typed. */
static void
step_choice(struct ui_form *f, int delta)
{
	struct form_field *fd = &f->fields[f->cur];
	struct strvec m;
	long n;

	if (!f->ops.choices)
		return;
	if (!fd->typed)
		fd->typed = xstrdup(fd->value.buf);
	strvec_init(&m);
	f->ops.choices(f->ops.ctx, f->cur, fd->typed, &m);
	n = (long)m.n;
	if (n) {
		fd->choice = fd->choice < 0
		                 ? (delta > 0 ? 0 : n - 1)
		                 : ((fd->choice + delta) % n + n) % n;
		ui_form_set_value(f, f->cur, m.v[fd->choice]);
		edited(fd);
	}
	strvec_release(&m);
}

/* Leave the current field for field to, checking it on the way. */
static void
move_to(struct ui_form *f, size_t to)
{
	check_field(f, f->cur);
	end_choice(&f->fields[f->cur]);
	f->cur = to;
	f->fields[to].cursor = f->fields[to].value.len;
}

static enum ui_form_event
submit(struct ui_form *f)
{
	size_t first_bad = f->n;

	end_choice(&f->fields[f->cur]);
	for (size_t i = 0; i < f->n; i++)
		if (!check_field(f, i) && first_bad == f->n)
			first_bad = i;
	if (first_bad == f->n)
		return UI_FORM_SUBMIT;
	f->cur = first_bad;
	f->fields[first_bad].cursor = f->fields[first_bad].value.len;
	ui_form_set_message(f, "fix the fields marked '!' first");
	return UI_FORM_EDITING;
}

enum ui_form_event
ui_form_key(struct ui_form *f, int key)
{
	struct form_field *fd;

	if (!f->n)
		return key == KEYMAP_KEY_ESC ? UI_FORM_CANCEL : UI_FORM_EDITING;
	fd = &f->fields[f->cur];
	ui_form_set_message(f, NULL);
	switch (key) {
	case KEYMAP_KEY_ESC:
		return UI_FORM_CANCEL;
	case KEYMAP_KEY_ENTER:
		if (f->cur + 1 == f->n)
			return submit(f);
		move_to(f, f->cur + 1);
		break;
	case KEYMAP_KEY_TAB:
		move_to(f, (f->cur + 1) % f->n);
		break;
	case KEYMAP_KEY_BTAB:
		move_to(f, (f->cur + f->n - 1) % f->n);
		break;
	case KEYMAP_KEY_LEFT:
		fd->cursor = char_before(fd, fd->cursor);
		break;
	case KEYMAP_KEY_RIGHT:
		fd->cursor = char_after(fd, fd->cursor);
		break;
	case KEYMAP_KEY_HOME:
	case KEYMAP_CTRL_A:
		fd->cursor = 0;
		break;
	case KEYMAP_KEY_END:
	case KEYMAP_CTRL_E:
		fd->cursor = fd->value.len;
		break;
	case KEYMAP_KEY_BACKSPACE:
	case KEYMAP_CTRL_H:
		cut(fd, char_before(fd, fd->cursor), fd->cursor);
		break;
	case KEYMAP_KEY_DELETE:
	case KEYMAP_CTRL_D:
		cut(fd, fd->cursor, char_after(fd, fd->cursor));
		break;
	case KEYMAP_CTRL_U:
		cut(fd, 0, fd->value.len);
		break;
	case KEYMAP_KEY_UP:
	case KEYMAP_CTRL_P:
		step_choice(f, -1);
		break;
	case KEYMAP_KEY_DOWN:
	case KEYMAP_CTRL_N:
		step_choice(f, 1);
		break;
	default:
		if (key >= 0x20 && key != KEYMAP_CTRL_DELETE &&
		    (key < 0x80 || key > 0x9f) && key < 0x110000)
			insert(fd, key);
		break;
	}
	return UI_FORM_EDITING;
}

/*
 * The byte where the shown part of fd's value starts so that the cursor
 * stays within width cells.
 */
static size_t
scroll_start(const struct form_field *fd, size_t width)
{
	size_t start = 0;

	while (start < fd->cursor &&
	       utf8_width(fd->value.buf + start, fd->cursor - start) + 1 >
	           width)
		start = char_after(fd, start);
	return start;
}

/* Put s (sanitized here) at y, x; its width in cells. */
static int
put_clean(const struct draw_ops *ops, int y, int x, const char *s,
          const char *element)
{
	char *clean = sanitize_dup(s, 0);
	int w = (int)utf8_width(clean, strlen(clean));

	ops->put(ops->ctx, y, x, clean, strlen(clean), element);
	free(clean);
	return w;
}

/*
 * Put s (sanitized here) at y, x, wrapped at blanks to what is left of
 * the width w (one cell spare); returns the lines it took.
 */
static int
put_wrapped(const struct draw_ops *ops, int y, int x, int w, const char *s,
            const char *element)
{
	char *clean = sanitize_dup(s, 0);
	size_t len = strlen(clean), at = 0;
	int lines = 0;

	do {
		size_t next,
		    n = wrap_line(clean + at, len - at,
		                  w > x + 1 ? (size_t)(w - x - 1) : 1, &next);

		ops->put(ops->ctx, y + lines++, x, clean + at, n, element);
		at += next;
	} while (at < len);
	free(clean);
	return lines;
}

/* The values field i offers for what it holds, joined, for the hint. */
static char *
choices_hint(const struct ui_form *f, size_t i)
{
	const struct form_field *fd = &f->fields[i];
	struct strvec m;
	struct strbuf sb;

	if (!f->ops.choices)
		return NULL;
	strvec_init(&m);
	f->ops.choices(f->ops.ctx, i, fd->typed ? fd->typed : fd->value.buf,
	               &m);
	strbuf_init(&sb);
	for (size_t k = 0; k < m.n && k < 40; k++)
		strbuf_addf(&sb, "%s%s", k ? " " : "Up/Down: ", m.v[k]);
	strvec_release(&m);
	return strbuf_detach(&sb, NULL);
}

void
ui_form_draw(const struct ui_form *f, const struct draw_ops *ops, int *cy,
             int *cx)
{
	static const char keys[] =
	    "Tab/S-Tab: next/previous field   Up/Down: known values   "
	    "Enter on the last field: create   Esc: cancel";
	int h, w, y = 0;
	size_t box;

	ops->size(ops->ctx, &h, &w);
	for (int i = 0; i < h; i++)
		ops->clear_line(ops->ctx, i, "detail.value");
	box = w > FORM_LABEL_WIDTH + 4 ? (size_t)(w - FORM_LABEL_WIDTH - 2) : 1;
	if (box > FORM_VALUE_WIDTH)
		box = FORM_VALUE_WIDTH;
	*cy = 0;
	*cx = 0;
	put_clean(ops, y, 1, f->title, "detail.title");
	y += 2;
	for (size_t i = 0; i < f->n; i++, y += 2) {
		const struct form_field *fd = &f->fields[i];
		bool is_cur = i == f->cur;
		size_t start = is_cur ? scroll_start(fd, box) : 0;
		char *shown, *hint = NULL;
		size_t fit;

		ops->put(ops->ctx, y, 0, fd->error ? "!" : " ", 1,
		         "message.error");
		put_clean(ops, y, 1, fd->label, "detail.label");
		/* the box: the value, padded so that its extent shows */
		shown = sanitize_dup(fd->value.buf + start, 0);
		fit = utf8_fit(shown, strlen(shown), box, NULL);
		{
			struct strbuf sb;
			size_t used = utf8_width(shown, fit);

			strbuf_init(&sb);
			strbuf_add(&sb, shown, fit);
			while (used++ < box)
				strbuf_addch(&sb, is_cur ? ' ' : '.');
			ops->put(ops->ctx, y, FORM_LABEL_WIDTH, sb.buf, sb.len,
			         is_cur ? "list.selected" : "detail.value");
			strbuf_release(&sb);
		}
		if (is_cur) {
			char *raw =
			    xstrndup(fd->value.buf + start, fd->cursor - start);
			char *before = sanitize_dup(raw, 0);

			/* the cursor's cell: the width of what is before it */
			free(raw);
			*cy = y;
			*cx = FORM_LABEL_WIDTH +
			      (int)utf8_width(before, strlen(before));
			free(before);
		}
		free(shown);
		if (fd->error)
			put_clean(ops, y + 1, FORM_LABEL_WIDTH, fd->error,
			          "message.error");
		else if (is_cur && (hint = choices_hint(f, i)) && *hint)
			put_clean(ops, y + 1, FORM_LABEL_WIDTH, hint,
			          "list.dim");
		free(hint);
	}
	y++;
	/* the message and the keys in full, whatever the width */
	if (f->message)
		y += put_wrapped(ops, y, 1, w, f->message, "message.error");
	put_wrapped(ops, y, 1, w, keys, "list.dim");
}
