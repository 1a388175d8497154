/*
 * The command table and the commands that live in the app layer: see
 * include/centinela/app/command.h.
 *
 * command_run_argv does every check that is the same for all commands
 * (known name, allowed here, argument count, read-only mode) so that a
 * handler only does its own work. Handlers are static and reached only
 * through the table.
 */
#include "centinela/app/command.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/audit_seal.h"
#include "centinela/app/handover.h"
#include "centinela/app/incident_cmd.h"
#include "centinela/app/keymap.h"
#include "centinela/app/lexer.h"
#include "centinela/app/setting.h"
#include "centinela/app/source.h"
#include "centinela/app/suggest.h"
#include "centinela/app/theme.h"
#include "centinela/app/triage.h"
#include "centinela/base/err.h"
#include "centinela/base/log.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strvec.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/xalloc.h"
#include "centinela/store/audit.h"
#include "centinela/store/incident.h"
#include "centinela/store/list.h"
#include "centinela/store/sector.h"
#include "centinela/store/store.h"
#include "centinela/sync/conflict.h"
#include "centinela/sync/outbox.h"

/* Column where `set` and `help` start their description comments. */
#define COMMAND_DESC_COLUMN 32
/* Most characters in a sector's display name. */
#define SECTOR_NAME_MAX 80

static int cmd_action(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_audit(struct app *app, int argc, char **argv, struct strbuf *out,
                     struct err *e);
static int cmd_bind(struct app *app, int argc, char **argv, struct strbuf *out,
                    struct err *e);
static int cmd_color(struct app *app, int argc, char **argv, struct strbuf *out,
                     struct err *e);
static int cmd_conflict(struct app *app, int argc, char **argv,
                        struct strbuf *out, struct err *e);
static int cmd_handover(struct app *app, int argc, char **argv,
                        struct strbuf *out, struct err *e);
static int cmd_help(struct app *app, int argc, char **argv, struct strbuf *out,
                    struct err *e);
static int cmd_mono(struct app *app, int argc, char **argv, struct strbuf *out,
                    struct err *e);
static int cmd_sector(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_outbox(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_prompt(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_set(struct app *app, int argc, char **argv, struct strbuf *out,
                   struct err *e);
static int cmd_sort(struct app *app, int argc, char **argv, struct strbuf *out,
                    struct err *e);
static int cmd_theme(struct app *app, int argc, char **argv, struct strbuf *out,
                     struct err *e);
static int cmd_unbind(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_source(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);
static int cmd_view(struct app *app, int argc, char **argv, struct strbuf *out,
                    struct err *e);
static int cmd_unlink(struct app *app, int argc, char **argv,
                      struct strbuf *out, struct err *e);

/* Sorted by name, so that `help` lists them in order. */
static const struct command command_table[] = {
    {
        .name = "ack",
        .usage = "[COMMENT...]",
        .summary = "acknowledge the selected or marked alerts",
        .help =
            "Acknowledge the alert open or selected, or every marked alert, with\n"
            "one shared optional COMMENT (the words after ack). Queued for\n"
            "the alert's source and audited; the marks are dropped.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = triage_command,
    },
    {
        .name = "assign",
        .usage = "me|NAME|-",
        .summary = "assign the incident to an analyst",
        .help =
            "Assign the incident open in the detail, or the one selected (or the\n"
            "marked ones) in an incident list, to NAME, to yourself (me: the\n"
            "analyst setting), or to nobody (-). Tab completes the analysts\n"
            "the cache knows: assignees and authors of timeline notes.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 1,
        .run = incident_cmd_run,
    },
    {
        .name = "audit",
        .usage = "[verify | seal REASON... | incident [REF]]",
        .summary = "show the audit trail, verify it, seal a break, or an "
                   "incident's",
        .help = "Without arguments, show the whole audit trail as the "
                "audit tab, newest\nfirst (time, actor, action, entity, "
                "reference, detail); its heading\nsays whether the hash "
                "chain was verified or where it is broken.\nverify: walk "
                "the chain now, as 'centinela audit verify' does, and\n"
                "show the verdict. seal: record the first break of a "
                "broken chain in\nthe trail, with REASON, as 'centinela "
                "audit seal' does, so that\nchanges are recorded again. "
                "incident: the entries of incident REF\n(the incident "
                "open or selected when REF is left out) and of the\n"
                "alerts linked to it, newest first.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_audit,
    },
    {
        .name = "back",
        .usage = "",
        .summary = "close the detail or overlay; quit from a list",
        .help = "Close the open detail, overlay or prompt; from a list "
                "with nothing\nopen, leave the console.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "bind",
        .usage = "[VIEW KEY COMMAND...]",
        .summary = "bind a key to a command, or list the bindings",
        .help = "Bind KEY in VIEW to the command line made of the words "
                "after KEY;\nthat command runs when the key is pressed in "
                "that view. VIEW is global,\nincidents, alerts, assets, "
                "organizations, help, detail or the name of a\nsaved "
                "view; a view's bindings override the global ones. KEY "
                "is a\ncharacter (j, G, ?), C-a to C-z, or a name: Enter, "
                "Esc, Tab, BTab,\nSpace, Up, Down, Left, Right, Home, "
                "End, PgUp, PgDn, IC, DC, BSpace, F1\nto F12. Without "
                "arguments, list every binding as a bind command.\n",
        .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_CLI,
        .is_mutating = false,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_bind,
    },
    {
        .name = "bottom",
        .usage = "",
        .summary = "select the last row",
        .help = "Move the selection to the last row of the list.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "close",
        .usage = "[RESOLUTION...]",
        .summary = "close the incident, with a resolution summary",
        .help =
            "Close the incident with RESOLUTION (the words after close) as its\n"
            "resolution summary, a timeline note. Without it, a prompt asks for\n"
            "the summary; an empty answer cancels. Only new, triage and resolved\n"
            "incidents may be closed, and closed is final.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = incident_cmd_run,
    },
    {
        .name = "color",
        .usage = "ELEMENT FG BG [ATTR...]",
        .summary = "set the colours and attributes of a screen element",
        .help = "Draw ELEMENT (a theme element such as list.selected or "
                "severity.high,\noptionally prefixed with a view: "
                "incidents.list.selected) in FG on BG\nwith the "
                "attributes ATTR. Colours: default, black, red, green, "
                "yellow,\nblue, magenta, cyan, white, bright<name>, "
                "colorN (0-255) or #RRGGBB.\nAttributes: bold, dim, "
                "underline, reverse, blink, italic, standout,\nnormal. "
                "The setting overrides the theme and survives 'theme "
                "NAME'.\n",
        .where = CMD_IN_ANY,
        .is_mutating = false,
        .min_args = 3,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_color,
    },
    {
        .name = "conflict",
        .usage = "keep-mine|take-server [ID]",
        .summary = "settle a conflict: keep your change or take the server's",
        .help = "Settle the outbox entry ID (the conflict selected in the "
                "conflicts view\nwhen ID is left out), which the server "
                "refused because the record\nchanged there. keep-mine sends "
                "your change again on top of the\nserver's version (with a "
                "new idempotency key); take-server drops your\nchange and "
                "stores the server's record. Written to the audit trail.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 2,
        .run = cmd_conflict,
    },
    {
        .name = "dismiss",
        .usage = "[REASON...]",
        .summary = "dismiss the selected or marked alerts with a reason",
        .help =
            "Dismiss the alert open or selected, or every marked alert, giving\n"
            "one REASON (the words after dismiss). Without one, the\n"
            "message line asks for it; an empty answer cancels.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = triage_command,
    },
    {
        .name = "down",
        .usage = "",
        .summary = "move the selection one row down",
        .help = "Move the selection one row down, scrolling when it "
                "leaves the screen.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "filter",
        .usage = "",
        .summary = "open the '/' filter prompt",
        .help = "Open the filter prompt: the list narrows as you type a "
                "filter\n(field:value, field>=value, !field:value, bare "
                "words); Esc clears it.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "half-down",
        .usage = "",
        .summary = "move the selection half a screen down",
        .help = "Move the selection half a screen down.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "half-up",
        .usage = "",
        .summary = "move the selection half a screen up",
        .help = "Move the selection half a screen up.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "handover",
        .usage = "[--since DURATION] [NOTE...]",
        .summary = "write the shift handover report",
        .help = "Write the Markdown report of the shift (the last "
                "DURATION, 8h by\ndefault: incidents opened, closed and "
                "changed, SLAs at risk,\nunacknowledged alerts, the "
                "outbox, and NOTE, the words after the\noptions) to a "
                "new private file in $XDG_DATA_HOME/centinela/handover,\n"
                "as 'centinela handover' does, and record it as the last "
                "handover:\nthe console shows it at its next start until "
                "it is dismissed.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_handover,
    },
    {
        .name = "help",
        .usage = "[COMMAND]",
        .summary = "list the commands and keys, or explain one",
        .help = "Without an argument, list every command with a one-line "
                "summary;\nin the console, toggle the overlay of keys and "
                "commands instead.\nWith COMMAND, show its usage, where it "
                "may be used and what it does.\n",
        .where = CMD_IN_ANY,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 1,
        .run = cmd_help,
    },
    {
        .name = "link",
        .usage = "alert:ID|asset:ID...",
        .summary = "link alerts or assets to the incident",
        .help =
            "Link the alerts and assets named by their local ids (alert:12\n"
            "asset:7) to the incident; what is linked already is skipped.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = incident_cmd_run,
    },
    {
        .name = "mark",
        .usage = "[FILTER...]",
        .summary = "mark the selected row, or every row matching FILTER",
        .help =
            "Without FILTER, toggle the mark of the selected row and move down\n"
            "(Space). With FILTER (the filter language), mark every row of\n"
            "the list that matches both its own filter and FILTER, at most\n"
            "1000. Actions (ack, dismiss, promote, merge, unlink and\n"
            "others' incident actions) then apply to the marked rows.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = triage_command,
    },
    {
        .name = "merge",
        .usage = "[REF]",
        .summary = "merge the selected or marked alerts into an incident",
        .help =
            "Promote the alert open or selected, or every marked alert, into\n"
            "the existing incident REF. Without REF, pick it from the open\n"
            "incidents: type to narrow, Enter picks, Esc cancels.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = 1,
        .run = triage_command,
    },
    {
        .name = "mono",
        .usage = "ELEMENT [ATTR...]",
        .summary = "set the attributes of a screen element without colour",
        .help = "Draw ELEMENT with the attributes ATTR (bold, dim, "
                "underline, reverse,\nblink, italic, standout, normal) "
                "when there is no colour: NO_COLOR\nis set or the "
                "terminal has none. The setting overrides the theme\nand "
                "survives 'theme NAME'.\n",
        .where = CMD_IN_ANY,
        .is_mutating = false,
        .min_args = 1,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_mono,
    },
    {
        .name = "new",
        .usage = "",
        .summary = "create an incident in a form",
        .help =
            "Open the form of a new incident: title, category (RSIT class or\n"
            "class/type), severity, TLP, PAP, organization, description. Tab and\n"
            "Shift-Tab move between fields, Up and Down offer the known values\n"
            "of a field, Enter on the last field creates it, Esc drops the form.\n"
            "A wrong value is shown next to its field and nothing typed is lost.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = 0,
        .run = incident_cmd_run,
    },
    {
        .name = "next-view",
        .usage = "",
        .summary = "switch to the next view tab",
        .help = "Switch to the next tab, wrapping from the last to the "
                "first.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "note",
        .usage = "[TEXT...]",
        .summary = "add a note to the incident's timeline",
        .help =
            "Add TEXT (the words after note) to the incident's timeline. Without\n"
            "TEXT, open $VISUAL (else $EDITOR, else vi) on a private temporary\n"
            "file and add what it holds when the editor exits; an empty file\n"
            "adds nothing. When the editor fails or is killed, its text is\n"
            "still added and the file is kept; the message says where.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = incident_cmd_run,
    },
    {
        .name = "open",
        .usage = "",
        .summary = "open the selected row, or follow a link",
        .help = "Open the detail of the selected row; in a detail, "
                "follow the selected\nlink.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "outbox",
        .usage = "retry|drop [ID]",
        .summary = "send a failed outbox entry again, or drop an entry",
        .help = "Act on the outbox entry ID (the one selected in the "
                "outbox or conflicts\nview when ID is left out). retry "
                "sends an entry the server refused\n(failed) again, with "
                "a new idempotency key. drop withdraws a failed or\n"
                "pending entry for good: it is never sent, and its row "
                "keeps your change,\nmarked dirty, until the server sends "
                "the row again. An entry in conflict\nis settled with "
                "'conflict' instead. Written to the audit trail. The\n"
                "entries behind a failed one (later edits of its row or "
                "incident) wait\nuntil it is retried and sent, or "
                "dropped.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING | CMD_IN_CLI,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 2,
        .run = cmd_outbox,
    },
    {
        .name = "page-down",
        .usage = "",
        .summary = "move the selection one screen down",
        .help = "Move the selection one screen down.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "page-up",
        .usage = "",
        .summary = "move the selection one screen up",
        .help = "Move the selection one screen up.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "pap",
        .usage = "clear|green|amber|red",
        .summary = "set the incident's PAP",
        .help = "Set the Permissible Actions Protocol level of the incident.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 1,
        .run = incident_cmd_run,
    },
    {
        .name = "prev-view",
        .usage = "",
        .summary = "switch to the previous view tab",
        .help = "Switch to the previous tab, wrapping from the first to "
                "the last.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "promote",
        .usage = "[--yes]",
        .summary = "promote the selected or marked alerts to one new incident",
        .help =
            "Make ONE new incident of the alert open or selected, or of every\n"
            "marked alert: title, highest severity and TLP, category,\n"
            "common organization and the assets matched by the alerts'\n"
            "IPs and hostnames. Shows what it will create and asks to\n"
            "confirm (--yes skips the question), then opens it.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = 1,
        .run = triage_command,
    },
    {
        .name = "prompt",
        .usage = "[TEXT]",
        .summary = "open the ':' command prompt",
        .help = "Open the command prompt, where any command of the "
                "language may be\ntyped, with history and Tab completion; "
                "with TEXT, the prompt starts\nwith it typed: bind "
                "incidents a prompt \"assign \".\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 1,
        .run = cmd_prompt,
    },
    {
        .name = "quit",
        .usage = "",
        .summary = "leave the console",
        .help = "Leave the console, from any view.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "redraw",
        .usage = "",
        .summary = "repaint the whole screen",
        .help = "Clear and repaint the whole screen, after another "
                "program wrote on it.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "refresh",
        .usage = "",
        .summary = "re-read the visible rows from the cache",
        .help = "Query the cache again for what is on the screen.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "sector",
        .usage = "CODE NAME",
        .summary = "add a critical-infrastructure sector, or rename one",
        .help = "Add the sector CODE (lower-case letters, digits and "
                "'-', starting with a\nletter) with the display NAME, or "
                "give an existing sector a new NAME.\nQuote a NAME that "
                "holds blanks: sector ics \"Industrial control\".\nThe "
                "change is written to the audit trail; nothing is "
                "written when\nthe sector already has that NAME.\n",
        .where = CMD_IN_PROMPT | CMD_IN_CLI,
        .is_mutating = true,
        .min_args = 2,
        .max_args = 2,
        .run = cmd_sector,
    },
    {
        .name = "set",
        .usage = "[NAME VALUE]",
        .summary = "show the settings, or change one",
        .help = "Without arguments, list every setting with its value, "
                "written as a\ncommand the config file accepts. With NAME "
                "VALUE, change a setting;\nquote a VALUE that holds "
                "blanks: set analyst \"ana.lopez\".\n",
        .where = CMD_IN_ANY,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 2,
        .run = cmd_set,
    },
    {
        .name = "severity",
        .usage = "info|low|medium|high|critical",
        .summary = "set the incident's severity",
        .help = "Set the severity of the incident.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 1,
        .run = incident_cmd_run,
    },
    {
        .name = "sort",
        .usage = "FIELD [desc|asc]",
        .summary = "sort the list by a field",
        .help = "Sort the current list by FIELD, ascending, or "
                "descending with desc.\nOnly the fields an index serves "
                "are offered.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 1,
        .max_args = 2,
        .run = cmd_sort,
    },
    {
        .name = "sort-next",
        .usage = "",
        .summary = "sort the list by the next column",
        .help = "Sort the list by the next column that can be sorted, in "
                "turn.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "sort-reverse",
        .usage = "",
        .summary = "reverse the sort order",
        .help = "Reverse the order of the current sort.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "source",
        .usage = "NAME DRIVER url=URL [OPTION=VALUE...]",
        .summary = "declare a source the sync engine pulls",
        .help =
            "Declare (or redefine) source NAME read by DRIVER (centinela: "
            "the native\ncentral API; kev: the CISA KEV catalog) at URL. "
            "Options: token-file=PATH\n(a file only you can read) or "
            "token-env=VAR, interval=DURATION,\nresources=a,b, wait=DURATION "
            "(long-poll for alerts), page-size=N,\nconnect-timeout=, "
            "low-speed-time=, timeout= (durations), max-size=BYTES,\n"
            "ca-file=PATH. A token is never given on the command line.\n"
            "HTTPS only, except to loopback addresses.\n",
        .where = CMD_IN_CONFIG | CMD_IN_CLI,
        .is_mutating = false,
        .min_args = 3,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_source,
    },
    {
        .name = "status",
        .usage = "STATUS",
        .summary = "move the incident along its workflow",
        .help =
            "Move the incident to STATUS: new, triage, in_progress, waiting,\n"
            "contained, resolved or closed, along the allowed moves; a refused\n"
            "move names the allowed ones. status closed asks for the\n"
            "resolution summary, as close does.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 1,
        .run = incident_cmd_run,
    },
    {
        .name = "take",
        .usage = "",
        .summary = "assign the incident to yourself",
        .help =
            "Assign the incident to yourself (the analyst setting); a new incident\n"
            "moves on to triage in the same change, since taking it is its\n"
            "first response.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = 0,
        .run = incident_cmd_run,
    },
    {
        .name = "theme",
        .usage = "[NAME]",
        .summary = "switch the colour theme, or list the themes",
        .help = "Without an argument, list the themes found, the current "
                "one marked\nwith '*'. With NAME, load the theme NAME "
                "from\n$XDG_CONFIG_HOME/centinela/themes or the installed "
                "themes and switch\nto it; 'color' and 'mono' settings "
                "stay on top of it.\n",
        .where = CMD_IN_ANY,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 1,
        .run = cmd_theme,
    },
    {
        .name = "tlp",
        .usage = "clear|green|amber|amber+strict|red",
        .summary = "set the incident's TLP",
        .help = "Set the Traffic Light Protocol 2.0 label of the incident.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 1,
        .max_args = 1,
        .run = incident_cmd_run,
    },
    {
        .name = "top",
        .usage = "",
        .summary = "select the first row",
        .help = "Move the selection to the first row of the list.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "unbind",
        .usage = "VIEW KEY",
        .summary = "remove a key binding",
        .help = "Remove the binding of KEY in VIEW. Unbinding a key in a "
                "view\nuncovers its global binding, if any.\n",
        .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_CLI,
        .is_mutating = false,
        .min_args = 2,
        .max_args = 2,
        .run = cmd_unbind,
    },
    {
        .name = "unlink",
        .usage = "[alert:ID|asset:ID...]",
        .summary = "unlink alerts or assets from an incident",
        .help =
            "On an incident: remove the links of the alerts and assets named\n"
            "(alert:12 asset:7) from it. On alerts, without arguments: take\n"
            "the alert open or selected, or every marked alert, out of the\n"
            "incident it is linked to (one transaction for all).\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = true,
        .min_args = 0,
        .max_args = COMMAND_ARGS_UNLIMITED,
        .run = cmd_unlink,
    },
    {
        .name = "unmark",
        .usage = "",
        .summary = "drop the marks of the current list",
        .help = "Drop every mark of the current list.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = triage_command,
    },
    {
        .name = "up",
        .usage = "",
        .summary = "move the selection one row up",
        .help = "Move the selection one row up, scrolling when it leaves "
                "the screen.\n",
        .where = CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 0,
        .max_args = 0,
        .run = cmd_action,
    },
    {
        .name = "view",
        .usage = "N | NAME | [LIST:]NAME FILTER",
        .summary = "switch to tab N or NAME, or save a view as a tab",
        .help = "With a number, switch to that tab (1 is the first; "
                "console only).\nWith a NAME, switch to the tab of that "
                "name (a list, help, a saved\nview) or open the "
                "dashboard (view dashboard) or the audit trail (view\n"
                "audit, as 'audit' does; console only).\nWith NAME and "
                "FILTER, save a named view "
                "that shows the rows FILTER\nselects, as a tab; quote the "
                "filter: view mine \"assignee:me status:new\".\nThe view "
                "lists what LIST: names (incidents, alerts, assets,\n"
                "organizations), else the list the console is on, else "
                "(in the config\nfile) alerts.\n",
        .where = CMD_IN_CONFIG | CMD_IN_PROMPT | CMD_IN_BINDING,
        .is_mutating = false,
        .min_args = 1,
        .max_args = 2,
        .run = cmd_view,
    },
};

#define COMMAND_COUNT (sizeof(command_table) / sizeof(command_table[0]))

/* Where-flags in the order help names them. */
static const struct {
	unsigned flag;    /* one CMD_IN_* */
	const char *name; /* how messages call it */
} where_names[] = {
    {CMD_IN_CONFIG, "the config file"},
    {CMD_IN_PROMPT, "the prompt"},
    {CMD_IN_BINDING, "key bindings"},
    {CMD_IN_CLI, "-c"},
};

#define WHERE_COUNT (sizeof(where_names) / sizeof(where_names[0]))

const struct command *
command_find(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(command_table[i].name, name) == 0)
			return &command_table[i];
	return NULL;
}

size_t
command_count(void)
{
	return COMMAND_COUNT;
}

const struct command *
command_at(size_t i)
{
	return i < COMMAND_COUNT ? &command_table[i] : NULL;
}

static int
unknown_command(const char *name, struct err *e)
{
	struct suggest sg;
	const char *best;

	suggest_init(&sg, name);
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		suggest_consider(&sg, command_table[i].name);
	best = suggest_result(&sg);
	if (best)
		return err_set(e, ERR_NOTFOUND,
		               "unknown command '%s' (did you mean '%s'?)",
		               name, best);
	return err_set(e, ERR_NOTFOUND,
	               "unknown command '%s' (type 'help' for the list)", name);
}

static int
usage_error(const struct command *cmd, struct err *e)
{
	if (cmd->usage[0] == '\0')
		return err_set(e, ERR_USAGE, "usage: %s", cmd->name);
	return err_set(e, ERR_USAGE, "usage: %s %s", cmd->name, cmd->usage);
}

static const char *
where_name(unsigned flag)
{
	for (size_t i = 0; i < WHERE_COUNT; i++)
		if (where_names[i].flag == flag)
			return where_names[i].name;
	return "here";
}

/* Append "the prompt, key bindings and -c" for the flags in mask. */
static void
add_where_list(unsigned mask, struct strbuf *out)
{
	size_t total = 0, done = 0;

	for (size_t i = 0; i < WHERE_COUNT; i++)
		total += (mask & where_names[i].flag) != 0;
	if (total == 0) {
		strbuf_adds(out, "nowhere");
		return;
	}
	for (size_t i = 0; i < WHERE_COUNT; i++) {
		if (!(mask & where_names[i].flag))
			continue;
		if (done)
			strbuf_adds(out, done + 1 == total ? " and " : ", ");
		strbuf_adds(out, where_names[i].name);
		done++;
	}
}

int
command_run_argv(struct app *app, int argc, char **argv, unsigned where,
                 struct strbuf *out, struct err *e)
{
	const struct command *cmd;
	struct strbuf discard;
	int nargs = argc - 1;
	int rc;

	if (argc < 1)
		return err_set(e, ERR_USAGE, "no command given");
	cmd = command_find(argv[0]);
	if (!cmd)
		return unknown_command(argv[0], e);
	if (!(cmd->where & where)) {
		struct strbuf allowed;

		strbuf_init(&allowed);
		add_where_list(cmd->where, &allowed);
		rc = err_set(e, ERR_PERM,
		             "'%s' cannot be used in %s (allowed in %s)",
		             cmd->name, where_name(where), allowed.buf);
		strbuf_release(&allowed);
		return rc;
	}
	if (nargs < cmd->min_args ||
	    (cmd->max_args != COMMAND_ARGS_UNLIMITED && nargs > cmd->max_args))
		return usage_error(cmd, e);
	if (cmd->is_mutating &&
	    (rc = app_check_writable(app, cmd->name, e)) < 0)
		return rc;
	if (out)
		return cmd->run(app, argc, argv, out, e);
	strbuf_init(&discard);
	rc = cmd->run(app, argc, argv, &discard, e);
	strbuf_release(&discard);
	return rc;
}

int
command_run_line(struct app *app, const char *line, unsigned where,
                 struct strbuf *out, struct err *e)
{
	struct strvec words;
	int rc;

	strvec_init(&words);
	rc = lexer_split_words(line, &words, e);
	if (rc < 0 || words.n == 0)
		goto out;
	rc = command_run_argv(app, (int)words.n, words.v, where, out, e);
out:
	strvec_release(&words);
	return rc;
}

int
command_run_string(struct app *app, const char *s, unsigned where,
                   struct strbuf *out, struct err *e)
{
	struct strvec commands;
	int rc = 0;

	strvec_init(&commands);
	lexer_split_commands(s, &commands);
	for (size_t i = 0; i < commands.n && rc == 0; i++)
		rc = command_run_line(app, commands.v[i], where, out, e);
	strvec_release(&commands);
	return rc;
}

/* Append spaces to out until the current line is col bytes wide. */
static void
pad_to(struct strbuf *out, size_t line_start, size_t col)
{
	size_t width = out->len - line_start;

	do
		strbuf_addch(out, ' ');
	while (++width < col);
}

int
command_help(const char *name, struct strbuf *out, struct err *e)
{
	const struct command *cmd;

	if (!name) {
		for (size_t i = 0; i < COMMAND_COUNT; i++) {
			size_t start = out->len;

			cmd = &command_table[i];
			strbuf_adds(out, cmd->name);
			if (cmd->usage[0]) {
				strbuf_addch(out, ' ');
				strbuf_adds(out, cmd->usage);
			}
			pad_to(out, start, COMMAND_DESC_COLUMN);
			strbuf_addf(out, "%s\n", cmd->summary);
		}
		return 0;
	}
	cmd = command_find(name);
	if (!cmd)
		return unknown_command(name, e);
	strbuf_addf(out, "usage: %s%s%s\n\n%s\n\n", cmd->name,
	            cmd->usage[0] ? " " : "", cmd->usage, cmd->summary);
	strbuf_adds(out, cmd->help);
	strbuf_adds(out, "\nAllowed in ");
	add_where_list(cmd->where, out);
	strbuf_adds(out, cmd->is_mutating ? "; changes data, so refused in "
	                                    "read-only mode.\n"
	                                  : ".\n");
	return 0;
}

static int
cmd_help(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	/* In the console the list is the overlay, which also shows keys. */
	if (argc == 1 && app->ui && app->ui->act)
		return app->ui->act(app->ui->ctx, UI_ACTION_HELP, 0, e);
	return command_help(argc > 1 ? argv[1] : NULL, out, e);
}

static void
list_settings(const struct app *app, struct strbuf *out)
{
	for (size_t i = 0; i < setting_count(); i++) {
		const struct setting *s = setting_at(i);
		size_t start = out->len;

		strbuf_addf(out, "set %s ", s->name);
		setting_format(app, s, out);
		pad_to(out, start, COMMAND_DESC_COLUMN);
		strbuf_addf(out, "# %s\n", s->description);
	}
}

static int
cmd_set(struct app *app, int argc, char **argv, struct strbuf *out,
        struct err *e)
{
	if (argc == 1) {
		list_settings(app, out);
		return 0;
	}
	if (argc != 3)
		return usage_error(command_find("set"), e);
	return setting_set(app, argv[1], argv[2], e);
}

static int
cmd_sector(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	const char *code = argv[1], *name = argv[2];
	bool is_known, has_changed = false;
	int rc;

	(void)argc;
	/* From -c, the cache is not open yet: the subcommand opens it later. */
	if (!app->store && (rc = app_open_store(app, e)))
		return rc;
	if (name[0] == '\0' || strlen(name) > SECTOR_NAME_MAX ||
	    !sanitize_is_clean(name, strlen(name), 0))
		return err_set(e, ERR_INVALID,
		               "invalid sector name for '%s' (expected 1 to %d "
		               "bytes of printable text)",
		               code, SECTOR_NAME_MAX);
	rc = store_begin(app->store, e);
	if (rc < 0)
		return rc;
	is_known = store_sector_exists(app->store, code);
	rc = store_sector_add(app->store, code, name, &has_changed, e);
	if (rc < 0 || !has_changed)
		goto out;
	rc = store_audit_append(app->store, app->analyst, "sector", "sector",
	                        code, name, e);
	if (rc < 0)
		goto out;
	rc = store_commit(app->store, e);
out:
	if (store_in_transaction(app->store))
		store_rollback(app->store);
	if (rc < 0)
		return rc;
	if (!has_changed)
		strbuf_addf(out, "sector '%s' is already named '%s'\n", code,
		            name);
	else if (is_known)
		strbuf_addf(out, "renamed sector '%s' to '%s'\n", code, name);
	else
		strbuf_addf(out, "added sector '%s' (%s)\n", code, name);
	return 0;
}

/*
 * Console actions and key bindings. The actions only reach the console
 * through app->ui; outside it (the config file, -c) they fail.
 */

/* Most tabs `view N` can select. */
#define VIEW_TAB_MAX 99
/* Most bytes in a sort field name. */
#define SORT_FIELD_MAX 64

static int
console_only(const char *name, struct err *e)
{
	return err_set(e, ERR_PERM, "'%s' works only in the console", name);
}

/*
 * The outbox entry a command acts on: argv[2] when given, else the one
 * selected in the console (where names the list that shows the numbers);
 * opens the store.
 */
static int
outbox_entry_arg(struct app *app, int argc, char **argv, const char *where,
                 int64_t *id, struct err *e)
{
	char *end = NULL;

	*id = 0;
	if (argc > 2) {
		long long v = strtoll(argv[2], &end, 10);

		if (!*argv[2] || *end || v <= 0)
			return err_set(
			    e, ERR_USAGE,
			    "invalid outbox entry '%s' (expected the "
			    "number %s shows)",
			    argv[2], where);
		*id = v;
	} else if (app->ui && app->ui->selected_conflict) {
		*id = app->ui->selected_conflict(app->ui->ctx);
	}
	if (*id <= 0)
		return err_set(e, ERR_USAGE,
		               "no %s selected (give its ID, as %s shows it)",
		               strcmp(argv[0], "conflict") == 0
		                   ? "conflict"
		                   : "outbox entry",
		               where);
	return app->store ? 0 : app_open_store(app, e);
}

static int
cmd_conflict(struct app *app, int argc, char **argv, struct strbuf *out,
             struct err *e)
{
	enum sync_conflict_choice choice;
	int64_t id = 0;
	int rc;

	if ((rc = sync_conflict_choice_parse(argv[1], &choice, e)) ||
	    (rc = outbox_entry_arg(app, argc, argv, "the conflicts view", &id,
	                           e)))
		return rc;
	rc = sync_conflict_resolve(app->store, id, choice, app->analyst, e);
	if (rc)
		return rc;
	strbuf_addf(out, "conflict %lld settled: %s\n", (long long)id,
	            choice == SYNC_CONFLICT_KEEP_MINE
	                ? "your change will be sent again"
	                : "the server's record taken");
	if (app->ui && app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
	return 0;
}

static int
cmd_outbox(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	bool is_drop = strcmp(argv[1], "drop") == 0;
	int64_t id = 0;
	int rc;

	if (!is_drop && strcmp(argv[1], "retry") != 0)
		return err_set(
		    e, ERR_USAGE,
		    "unknown outbox action '%s' (known: retry, drop)", argv[1]);
	if ((rc = outbox_entry_arg(app, argc, argv,
	                           "the outbox view or 'centinela outbox'", &id,
	                           e)))
		return rc;
	rc = is_drop ? sync_outbox_drop(app->store, id, app->analyst, e)
	             : sync_outbox_retry(app->store, id, app->analyst, e);
	if (rc)
		return rc;
	if (is_drop)
		strbuf_addf(out,
		            "outbox entry %lld dropped: it will not be sent; "
		            "its row keeps your change until the server sends "
		            "it again\n",
		            (long long)id);
	else
		strbuf_addf(out,
		            "outbox entry %lld will be sent again by the next "
		            "sync\n",
		            (long long)id);
	if (app->ui && app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
	return 0;
}

/* The incident `audit incident` means: REF, else the one open or selected. */
static int
audit_incident_id(struct app *app, const char *ref, int64_t *id, struct err *e)
{
	int64_t *ids = NULL;
	int entity = -1, rc;
	size_t n;

	*id = 0;
	if (ref) {
		rc = store_incident_find_ref(app->store, ref, id, e);
		if (rc == ERR_NOTFOUND)
			return err_set(e, ERR_NOTFOUND, "no incident '%s'",
			               ref);
		return rc;
	}
	n = app->ui->targets ? app->ui->targets(app->ui->ctx, &entity, &ids)
	                     : 0;
	if (n && entity == STORE_INCIDENTS)
		*id = ids[0];
	free(ids);
	if (!*id)
		return err_set(e, ERR_USAGE,
		               "no incident open or selected (give its "
		               "reference: audit incident MX-2026-00042)");
	return 0;
}

/* `audit seal REASON...`: the words of the reason joined by blanks. */
static int
audit_seal(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	struct audit_verify r;
	struct strbuf reason;
	int rc;

	strbuf_init(&reason);
	for (int i = 0; i < argc; i++)
		strbuf_addf(&reason, "%s%s", i ? " " : "", argv[i]);
	rc = app_audit_seal(app, reason.buf, &r, e);
	strbuf_release(&reason);
	if (rc)
		return rc;
	app_audit_seal_said(&r, out);
	strbuf_addch(out, '\n');
	/* the status bar and the audit tab say it at once */
	app->ui->audit(app->ui->ctx, APP_UI_AUDIT_CHECK, 0, NULL);
	if (app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
	return 0;
}

static int
cmd_audit(struct app *app, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	int64_t id = 0;
	int rc;

	if (!app->ui || !app->ui->audit)
		return console_only(argv[0], e);
	if (argc == 1)
		return app->ui->audit(app->ui->ctx, APP_UI_AUDIT_TRAIL, 0, e);
	if (strcmp(argv[1], "verify") == 0 && argc == 2)
		return app->ui->audit(app->ui->ctx, APP_UI_AUDIT_VERIFY, 0, e);
	if (strcmp(argv[1], "seal") == 0 && argc > 2)
		return audit_seal(app, argc - 2, argv + 2, out, e);
	if (strcmp(argv[1], "incident") != 0 || argc > 3)
		return usage_error(command_find("audit"), e);
	if (!app->store && (rc = app_open_store(app, e)))
		return rc;
	if ((rc = audit_incident_id(app, argc > 2 ? argv[2] : NULL, &id, e)))
		return rc;
	return app->ui->audit(app->ui->ctx, APP_UI_AUDIT_INCIDENT, id, e);
}

/* `handover [--since D] [NOTE...]`: the report to a new file, recorded. */
static int
cmd_handover(struct app *app, int argc, char **argv, struct strbuf *out,
             struct err *e)
{
	struct handover_opts o = {.since = "8h", .now = time_now()};
	char *text = NULL, *path = NULL;
	struct err re;
	struct strbuf note;
	size_t len;
	int i = 1, rc;

	strbuf_init(&note);
	if (i < argc && strcmp(argv[i], "--since") == 0) {
		if (i + 1 >= argc) {
			rc = usage_error(command_find("handover"), e);
			goto out;
		}
		o.since = argv[i + 1];
		i += 2;
	}
	for (; i < argc; i++) {
		if (note.len)
			strbuf_addch(&note, ' ');
		strbuf_adds(&note, argv[i]);
	}
	o.note = note.len ? note.buf : NULL;
	if (!app->store && (rc = app_open_store(app, e)))
		goto out;
	if ((rc = handover_render(app, &o, &text, &len, e)) ||
	    (rc = handover_save(NULL, text, len, &path, e)))
		goto out;
	/* the report exists: a failure to record it is told, not fatal */
	err_clear(&re);
	if (handover_record(app, path, &o, &re)) {
		strbuf_addf(out, "handover written to %s (not recorded: %s)\n",
		            path, re.msg);
	} else {
		strbuf_addf(out, "handover written to %s%s\n", path,
		            app->is_readonly ? " (read-only: not recorded)"
		                             : "");
	}
	if (app->ui && app->ui->data_changed)
		app->ui->data_changed(app->ui->ctx);
out:
	free(text);
	free(path);
	strbuf_release(&note);
	return rc;
}

static int
cmd_action(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	enum ui_action action;

	(void)argc;
	(void)out;
	if (ui_action_parse(argv[0], &action) < 0)
		BUG("action command without an action");
	if (!app->ui || !app->ui->act)
		return console_only(argv[0], e);
	return app->ui->act(app->ui->ctx, action, 0, e);
}

/* `prompt TEXT`: the ':' prompt with TEXT typed already. */
static int
cmd_prompt(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	if (argc == 1)
		return cmd_action(app, argc, argv, out, e);
	if (!app->ui || !app->ui->prompt)
		return console_only(argv[0], e);
	return app->ui->prompt(app->ui->ctx, argv[1], e);
}

/* Parse a tab number 1..VIEW_TAB_MAX, or -1. */
static long
parse_tab(const char *s)
{
	long n = 0;

	if (!*s || strlen(s) > 2)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n >= 1 && n <= VIEW_TAB_MAX ? n : -1;
}

/*
 * `view NAME FILTER`: NAME may start with a list, "alerts:fresh". Without
 * one, the view lists what the analyst is on in the console, and alerts
 * elsewhere (the config file).
 */
static int
save_view(struct app *app, const char *spec, const char *filter, struct err *e)
{
	const char *colon = strchr(spec, ':');
	const char *name = colon ? colon + 1 : spec;
	enum store_entity ent = STORE_ALERTS;
	int rc;

	if (colon) {
		char *prefix = xstrndup(spec, (size_t)(colon - spec));

		rc = store_entity_parse(prefix, &ent);
		if (rc < 0)
			err_set(e, ERR_INVALID,
			        "unknown list '%s' in view '%s' (known: "
			        "incidents, alerts, assets, organizations)",
			        prefix, spec);
		free(prefix);
		if (rc < 0)
			return ERR_INVALID;
	} else if (app->ui && app->ui->current_entity) {
		int cur = app->ui->current_entity(app->ui->ctx);

		if (cur < 0)
			return err_set(e, ERR_INVALID,
			               "a saved view needs a list: go to one "
			               "first, or name it, as in 'alerts:%s'",
			               name);
		ent = (enum store_entity)cur;
	}
	rc = app_view_save(app, name, (int)ent, filter, e);
	if (rc < 0 || !app->ui || !app->ui->view)
		return rc;
	return app->ui->view(app->ui->ctx, name, filter, e);
}

/*
 * unlink ITEM... takes alerts and assets off an incident (incident_cmd);
 * a bare unlink takes alerts out of their incidents (triage), and on an
 * incident asks for the items.
 */
static int
cmd_unlink(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	int entity = -1;
	int64_t *ids = NULL;

	if (argc > 1)
		return incident_cmd_run(app, argc, argv, out, e);
	if (app->ui && app->ui->targets) {
		app->ui->targets(app->ui->ctx, &entity, &ids);
		free(ids);
	}
	if (entity == STORE_INCIDENTS)
		return err_set(e, ERR_USAGE,
		               "usage: unlink alert:ID|asset:ID... (what to "
		               "take off the incident)");
	return triage_command(app, argc, argv, out, e);
}

static int
cmd_view(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	long tab;

	(void)out;
	if (argc == 3)
		return save_view(app, argv[1], argv[2], e);
	if (strcmp(argv[1], "audit") == 0)
		return cmd_audit(app, 1, argv + 1, out, e);
	tab = parse_tab(argv[1]);
	if (tab < 0 && keymap_view_is_valid(argv[1]) &&
	    !(argv[1][0] >= '0' && argv[1][0] <= '9')) {
		/* a tab by name: the dashboard, a list, a saved view */
		if (!app->ui || !app->ui->view)
			return console_only("view NAME", e);
		return app->ui->view(app->ui->ctx, argv[1], "", e);
	}
	if (tab < 0)
		return err_set(e, ERR_USAGE,
		               "invalid tab number '%s' (expected 1 to %d, or "
		               "NAME FILTER to save a view)",
		               argv[1], VIEW_TAB_MAX);
	if (!app->ui || !app->ui->act)
		return console_only("view N", e);
	return app->ui->act(app->ui->ctx, UI_ACTION_SELECT_VIEW, tab, e);
}

static int
cmd_source(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	(void)out;
	return app_source_define(app, argc, argv, e);
}

static bool
is_field_name(const char *s)
{
	size_t len = strlen(s);

	if (len == 0 || len > SORT_FIELD_MAX)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-' || *s == '.'))
			return false;
	return true;
}

static int
cmd_sort(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	int is_desc = 0;

	(void)out;
	if (!app->ui || !app->ui->sort)
		return console_only(argv[0], e);
	if (!is_field_name(argv[1]))
		return err_set(e, ERR_INVALID,
		               "invalid sort field '%s' (expected a column "
		               "name such as severity or age)",
		               argv[1]);
	if (argc == 3) {
		if (strcmp(argv[2], "desc") == 0)
			is_desc = 1;
		else if (strcmp(argv[2], "asc") != 0)
			return err_set(e, ERR_USAGE,
			               "invalid sort order '%s' (expected desc "
			               "or asc)",
			               argv[2]);
	}
	return app->ui->sort(app->ui->ctx, argv[1], is_desc, e);
}

static int
cmd_bind(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	struct strbuf line;
	int key = 0, rc;

	if (argc == 1) {
		keymap_format(app->keymap, out);
		return 0;
	}
	if (argc < 4)
		return usage_error(command_find("bind"), e);
	rc = keymap_key_parse(argv[2], &key, e);
	if (rc < 0)
		return rc;
	/* Quote again the words the lexer took apart, so that the line
	 * lexes back into exactly those words when the key is pressed. */
	strbuf_init(&line);
	for (int i = 3; i < argc; i++) {
		if (i > 3)
			strbuf_addch(&line, ' ');
		lexer_quote(argv[i], &line);
	}
	rc = keymap_bind(app->keymap, argv[1], key, line.buf, e);
	strbuf_release(&line);
	return rc;
}

static int
cmd_unbind(struct app *app, int argc, char **argv, struct strbuf *out,
           struct err *e)
{
	int key = 0, rc;

	(void)argc;
	(void)out;
	rc = keymap_key_parse(argv[2], &key, e);
	if (rc < 0)
		return rc;
	return keymap_unbind(app->keymap, argv[1], key, e);
}

/* The app's theme, created when a caller built struct app by hand. */
static struct theme *
app_theme(struct app *app)
{
	if (!app->theme)
		app->theme = theme_new();
	return app->theme;
}

static void
notify_theme_changed(const struct app *app)
{
	if (app->ui && app->ui->theme_changed)
		app->ui->theme_changed(app->ui->ctx);
}

static int
cmd_color(struct app *app, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	int rc;

	(void)out;
	rc = theme_set_color(app_theme(app), argv[1], argv[2], argv[3],
	                     argv + 4, (size_t)(argc - 4), e);
	if (rc == 0)
		notify_theme_changed(app);
	return rc;
}

static int
cmd_mono(struct app *app, int argc, char **argv, struct strbuf *out,
         struct err *e)
{
	int rc;

	(void)out;
	rc = theme_set_mono(app_theme(app), argv[1], argv + 2,
	                    (size_t)(argc - 2), e);
	if (rc == 0)
		notify_theme_changed(app);
	return rc;
}

static int
cmd_theme(struct app *app, int argc, char **argv, struct strbuf *out,
          struct err *e)
{
	struct theme *t = app_theme(app);
	const char *current = theme_name(t);
	struct strvec names;
	int rc;

	if (argc > 1) {
		rc = theme_load_named(t, argv[1], e);
		if (rc == 0)
			notify_theme_changed(app);
		return rc;
	}
	strvec_init(&names);
	theme_list_names(&names);
	for (size_t i = 0; i < names.n; i++)
		strbuf_addf(out, "%c %s\n",
		            current && strcmp(current, names.v[i]) == 0 ? '*'
		                                                        : ' ',
		            names.v[i]);
	strvec_release(&names);
	return 0;
}
