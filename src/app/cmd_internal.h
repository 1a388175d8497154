/*
 * What the files of command handlers share (src/app/cmd_*.c and
 * command.c): the rows each file defines, and the helpers every handler
 * uses. Not a public header: only the command table's files include it.
 */
#ifndef CENTINELA_APP_CMD_INTERNAL_H
#define CENTINELA_APP_CMD_INTERNAL_H

#include "centinela/app/cmd_ctx.h"
#include "centinela/app/command.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"

struct err;

/* What to use in scripts instead of a console command, for its refusal. */
#define CMD_HINT_ALERT    "use 'centinela alert ...'"
#define CMD_HINT_INCIDENT "use 'centinela incident' in scripts"

/*
 * ERR_PERM "'NAME' works only in the console", with " (HINT)" when hint
 * is not NULL: what to use in scripts instead.
 */
int cmd_console_only(const char *name, const char *hint, struct err *e);

/* ERR_USAGE "usage: NAME USAGE" from the row of the command name. */
int cmd_usage_error(const char *name, struct err *e);

/* Column where `set` and `help` start their description comments. */
#define CMD_DESC_COLUMN 32

/* Append spaces to out until the line started at line_start is col
 * bytes wide (at least one). */
void cmd_pad_to(struct strbuf *out, size_t line_start, size_t col);

/* argv[from..argc) joined by one blank (owned), NULL when there is none. */
char *cmd_join(int argc, char **argv, int from);

/* For a completer: push the words (NULL-terminated) onto out when the
 * word completed is argument number argn (argc == argn: the first is 1). */
void cmd_complete_words(int argc, int argn, const char *const *words,
                        struct strvec *out);

/* Ask the console to run again (argv[0..argc), copied) with the answer to
 * question (copied) as one more word; see struct cmd_reply.ask. */
void cmd_reply_ask(struct cmd_reply *reply, const char *question, int argc,
                   const char *const *argv, bool is_confirm);

/*
 * `link ITEM...` and, on an incident, `unlink ITEM...`: the alerts and
 * assets the arguments name (ctx->records) linked to or unlinked from
 * every incident of the target (cmd_incident.c).
 */
int cmd_incident_link(struct cmd_ctx *ctx, bool is_unlink, struct strbuf *out,
                      struct err *e);

/* The rows, one per command, defined in the file of their subject. */
/* cmd_alert.c */
extern const struct command cmd_entry_ack;
extern const struct command cmd_entry_dismiss;
extern const struct command cmd_entry_merge;
extern const struct command cmd_entry_promote;
extern const struct command cmd_entry_unlink;
/* cmd_audit.c */
extern const struct command cmd_entry_audit;
extern const struct command cmd_entry_audit_incident;
extern const struct command cmd_entry_audit_seal;
extern const struct command cmd_entry_audit_verify;
extern const struct command cmd_entry_handover;
/* cmd_bulletin.c */
extern const struct command cmd_entry_bulletin_edit;
extern const struct command cmd_entry_bulletin_new;
extern const struct command cmd_entry_bulletin_review;
extern const struct command cmd_entry_bulletin_status;
/* cmd_config.c */
extern const struct command cmd_entry_bind;
extern const struct command cmd_entry_color;
extern const struct command cmd_entry_mono;
extern const struct command cmd_entry_sector;
extern const struct command cmd_entry_set;
extern const struct command cmd_entry_source;
extern const struct command cmd_entry_theme;
extern const struct command cmd_entry_unbind;
/* cmd_incident.c */
extern const struct command cmd_entry_assign;
extern const struct command cmd_entry_close;
extern const struct command cmd_entry_link;
extern const struct command cmd_entry_new;
extern const struct command cmd_entry_note;
extern const struct command cmd_entry_pap;
extern const struct command cmd_entry_severity;
extern const struct command cmd_entry_status;
extern const struct command cmd_entry_take;
extern const struct command cmd_entry_tlp;
/* cmd_outbox.c */
extern const struct command cmd_entry_conflict_keep_mine;
extern const struct command cmd_entry_conflict_take_server;
extern const struct command cmd_entry_outbox_drop;
extern const struct command cmd_entry_outbox_retry;
/* cmd_view.c */
extern const struct command cmd_entry_back;
extern const struct command cmd_entry_bottom;
extern const struct command cmd_entry_down;
extern const struct command cmd_entry_filter;
extern const struct command cmd_entry_half_down;
extern const struct command cmd_entry_half_up;
extern const struct command cmd_entry_help;
extern const struct command cmd_entry_mark;
extern const struct command cmd_entry_next_view;
extern const struct command cmd_entry_open;
extern const struct command cmd_entry_page_down;
extern const struct command cmd_entry_page_up;
extern const struct command cmd_entry_prev_view;
extern const struct command cmd_entry_prompt;
extern const struct command cmd_entry_quit;
extern const struct command cmd_entry_redraw;
extern const struct command cmd_entry_refresh;
extern const struct command cmd_entry_sort;
extern const struct command cmd_entry_sort_next;
extern const struct command cmd_entry_sort_reverse;
extern const struct command cmd_entry_top;
extern const struct command cmd_entry_unmark;
extern const struct command cmd_entry_up;
extern const struct command cmd_entry_view;

#endif
