/*
 * The help view and the '?' overlay: generated from the app's keymap
 * (keymap_describe) and the command table, so they cannot drift from what
 * the keys and commands do.
 */
#include <stdio.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/app/command.h"
#include "centinela/app/keymap.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/utf8.h"
#include "internal.h"

/* Cells before the last column of a binding line (the text after its last
 * gap of two blanks), where a long description goes on when wrapped. */
static int
last_column(const char *line, size_t len)
{
	size_t at = 0;

	for (size_t i = 2; i < len; i++)
		if (line[i - 2] == ' ' && line[i - 1] == ' ' && line[i] != ' ')
			at = i;
	return (int)utf8_width(line, at);
}

void
ui_help_fill(const struct ui *ui, const char *view, struct detail *d)
{
	struct strbuf sb;
	const char *p, *list;

	strbuf_init(&sb);
	keymap_describe(ui->app->keymap, view, &sb);
	list = ui_list_view_name(ui);
	if (list) {
		/* the list's own section: the keys that also work here */
		struct strbuf more;
		size_t end;

		strbuf_init(&more);
		keymap_describe(ui->app->keymap, list, &more);
		if (strncmp(more.buf, list, strlen(list)) == 0 &&
		    more.buf[strlen(list)] == '\n') {
			for (end = strlen(list) + 1;
			     end < more.len && more.buf[end] == ' ';)
				end += strcspn(more.buf + end, "\n") + 1;
			strbuf_add(&sb, more.buf, end);
		}
		strbuf_release(&more);
	}
	detail_add(d, "detail.section", -1, 0, "Keys (bind VIEW KEY COMMAND)");
	/* a section line names a view; the others are indented bindings */
	for (p = sb.buf; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (*p == ' ') {
			detail_add(d, "help.text", -1, 0, "%.*s", (int)len, p);
			detail_hang(d, last_column(p, len));
		} else
			detail_add(d, "help.key", -1, 0, "%.*s", (int)len, p);
		p += len + (nl ? 1 : 0);
	}
	strbuf_release(&sb);
	detail_add(d, "detail.section", -1, 0, "Commands (type : first)");
	for (size_t i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);
		/* a subcommand ("outbox retry") keeps the columns: its first
		 * word as the name, the second leading its usage */
		const char *sp = strchr(c->name, ' ');
		char usage[64];

		if (!(c->where & CMD_IN_PROMPT))
			continue;
		snprintf(usage, sizeof(usage), "%s%s%s", sp ? sp + 1 : "",
		         sp && c->usage && *c->usage ? " " : "",
		         c->usage ? c->usage : "");
		detail_add(d, "help.text", -1, 0, "  %-10.*s %-24s %s",
		           sp ? (int)(sp - c->name) : (int)strlen(c->name),
		           c->name, usage, c->summary ? c->summary : "");
		/* a long summary goes on under itself */
		detail_hang(d, 2 + 10 + 1 + 24 + 1);
	}
}

const struct view_ops view_help_ops = {
    .name = "help",
    .entity = -1,
};
