/*
 * What a command acts on, and what it asks its caller to do afterwards.
 *
 * As tmux's cmd_find_state, the caller resolves the target before
 * dispatch and hands it to the handler in one struct cmd_ctx: where the
 * command comes from (the config file, -c, the ':' prompt, a key binding),
 * whether the console runs it, the list on screen, and the rows it acts
 * on: the record open in the top detail, else the marked rows of the list,
 * else its selected row. Handlers read this and never call the console.
 *
 * What a handler needs the console to do (move the selection, switch
 * tabs, open a record, ask a question) it writes into ctx->reply; the
 * console performs the reply once the command has returned, so that a key
 * goes ui -> command -> store and back to ui once. Outside the console
 * (config file, -c, the CLI) is_console is false, the target is empty and
 * the commands that need the console refuse.
 *
 * What the arguments name (an outbox entry, an incident reference, the
 * records to link) is resolved by the dispatcher too, from the target the
 * command's row declares (enum cmd_target, app/command.h), into
 * outbox_id, incident_id and records; a handler never parses an id.
 */
#ifndef CENTINELA_APP_CMD_CTX_H
#define CENTINELA_APP_CMD_CTX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "centinela/base/strvec.h"
#include "centinela/store/list.h"

struct app;

/* What `audit` asks the console to show (struct cmd_reply.audit). */
enum cmd_audit_show {
	CMD_AUDIT_NONE = -1,
	CMD_AUDIT_TRAIL,    /* the whole trail, as a tab */
	CMD_AUDIT_VERIFY,   /* verify the chain now and say how it is */
	CMD_AUDIT_INCIDENT, /* one incident's entries, as a page */
	CMD_AUDIT_CHECK,    /* check the chain (the cheap check every change
	                       makes) and show its state */
};

/*
 * What the command asks the console to do once it has returned 0 (every
 * field is "nothing" after cmd_ctx_init). The console does them in the
 * order of the fields. Strings and vectors are owned by the reply.
 */
struct cmd_reply {
	bool is_mark;           /* mark: toggle the selected row's mark, or
	                      with mark_filter mark the rows it selects */
	char *mark_filter;      /* filter-language text, or NULL */
	bool is_unmark;         /* drop the marks of the list on screen */
	int audit;              /* enum cmd_audit_show */
	int64_t audit_incident; /* the incident of CMD_AUDIT_INCIDENT */
	int action;             /* enum ui_action to perform, -1: none */
	long action_arg;        /* its argument: the tab (1-based) of view N */
	char *prompt_text;      /* UI_ACTION_PROMPT: the text typed already */
	char *sort_field;       /* sort the list by this field, NULL: no */
	bool is_sort_desc;      /* descending */
	char *view;             /* show the tab of this name (saved view, list,
	                      dashboard, help), NULL: no */
	char *form;             /* open the form that creates one ("incident",
	                          "bulletin") */
	char *form_arg;         /* what it starts from (a CVE id for
	                          "bulletin"), or NULL */
	int open_entity;        /* enum store_entity of the record to open */
	int64_t open_id;        /* open it in a detail; 0: nothing to open */
	bool is_theme_changed;  /* the theme changed: repaint every cell */
	/*
	 * A question on the message line: the answer runs again (the command
	 * and its words) with the answer as one more word, as from the
	 * prompt; with is_ask_confirm only "y" or "yes" runs it, as it is.
	 */
	char *ask;
	bool is_ask_confirm;
	/* A searchable picker titled pick_title over pick_labels (shown) and
	 * pick_values (as many); Enter runs again plus the value picked. */
	char *pick_title;
	struct strvec pick_labels;
	struct strvec pick_values;
	struct strvec again; /* the command the answer or pick completes */
};

struct cmd_ctx {
	struct app *app; /* settings, store; borrowed */
	unsigned origin; /* one CMD_IN_* (app/command.h): where it came from */
	bool is_console; /* the console runs it and performs the reply */
	int list;        /* enum store_entity of the list on screen, -1 when
	                     the tab shows no list (help, dashboard) */
	int entity;      /* enum store_entity of ids, -1 when none */
	int64_t *ids;    /* the rows acted on (owned), NULL when none */
	size_t n_ids;    /* entries in ids */
	bool is_marked;  /* ids are the marks of the list */
	size_t n_marks;  /* marks of the list on screen (also under a
	                     detail, for unmark) */
	int64_t outbox_id;   /* the outbox entry selected in the conflicts or
	                      outbox view or open in its detail, 0: none;
	                      CMD_TARGET_OUTBOX_ENTRY: the one acted on */
	int64_t incident_id; /* CMD_TARGET_INCIDENT_REF: the incident its
	                      argument names, else the target's, 0: none */
	struct store_row_ref *records; /* CMD_TARGET_RECORD_REF: the records
	                                  its arguments name (owned) */
	size_t n_records;              /* entries in records */
	struct strvec views;    /* the console's tab names, for completion */
	struct cmd_reply reply; /* filled by the handler */
};

/*
 * Set up ctx for a command from origin (one CMD_IN_*), outside the
 * console: no list, no target. The console then fills in what it shows.
 */
void cmd_ctx_init(struct cmd_ctx *ctx, struct app *app, unsigned origin);

/* Set the target: n ids (copied) of entity; marked when they are marks. */
void cmd_ctx_set_target(struct cmd_ctx *ctx, int entity, const int64_t *ids,
                        size_t n, bool is_marked);

/* Free what ctx and its reply own; cmd_ctx_init again to reuse. */
void cmd_ctx_release(struct cmd_ctx *ctx);

/* Empty the reply (after the console performed it). */
void cmd_reply_clear(struct cmd_reply *reply);

#endif
