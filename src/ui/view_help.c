/*
 * The help view and the '?' overlay: generated from the key table and the
 * command table, so it cannot drift from the code.
 */
#include "centinela/app/command.h"
#include "internal.h"

static int
detail(struct store *s, int64_t id, int64_t now, struct detail *d,
       struct err *e)
{
	const char *key, *action;

	(void)s;
	(void)id;
	(void)now;
	(void)e;
	detail_add(d, "detail.heading", -1, 0, "Keys");
	for (size_t i = 0; ui_key_at(i, &key, &action); i++)
		detail_add(d, "detail", -1, 0, "  %-8s %s", key, action);
	detail_add(d, "detail.heading", -1, 0, "Commands (type : first)");
	for (size_t i = 0; i < command_count(); i++) {
		const struct command *c = command_at(i);

		if (!(c->where & CMD_IN_PROMPT))
			continue;
		detail_add(d, "detail", -1, 0, "  %-10s %-24s %s", c->name,
		           c->usage ? c->usage : "",
		           c->summary ? c->summary : "");
	}
	return 0;
}

const struct view_ops view_help_ops = {
    .name = "help",
    .entity = -1,
    .detail = detail,
};
