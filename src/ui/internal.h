/*
 * The console's private state, shared by the files of src/ui/ (and only
 * them: this header includes curses).
 */
#ifndef CENTINELA_UI_INTERNAL_H
#define CENTINELA_UI_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "centinela/app/action.h"
#include "centinela/app/columns.h"
#include "centinela/app/notify.h"
#include "centinela/base/strvec.h"
#include "centinela/model/outbox_edit.h"
#include "centinela/store/list.h"
#include "centinela/sync/engine.h"
#include "centinela/ui/draw.h"
#include "centinela/ui/status.h"
#include "centinela/ui/table.h"

struct app;
struct app_view;
struct cmd_ctx;
struct strbuf;
struct err;
struct handover_last;
struct filter;
struct store;
struct ui;
struct ui_styles;

/* Glyphs: Unicode in a UTF-8 locale, ASCII otherwise. */
struct ui_glyphs {
	const char *ellipsis; /* cut text */
	const char *vline;    /* separator between status fields and panes */
	const char *arrow;    /* link marker */
	const char *bullet;   /* list item */
	const char *mark;     /* a marked row */
};

/* One line of a detail page; link_entity < 0 when it links nowhere. */
struct detail_line {
	char *text;          /* sanitized (owned) */
	const char *element; /* theme element (static) */
	int link_entity;     /* enum store_entity it opens, or -1 */
	int64_t link_id;     /* the row it opens */
	int hang;            /* cells its wrapped rows after the first are
	                        indented by (the value of a field, ...) */
};

/* A screen row of a detail page: a piece of a line wrapped to the width. */
struct detail_row {
	size_t line; /* index in lines */
	size_t off;  /* bytes of its text before the piece */
	size_t len;  /* bytes of the piece */
	int indent;  /* cells before it (the line's hang after its first) */
};

/*
 * A detail page (or the help overlay): lines, wrapped at blanks to the
 * width it is drawn at (detail_layout), with a cursor on the rows, so
 * that a long description reads whole and j/k, PgDn/PgUp, g/G scroll it.
 */
struct detail {
	char *title;               /* heading (owned, sanitized) */
	struct detail_line *lines; /* (owned) */
	size_t n;                  /* lines used */
	size_t alloc;              /* lines allocated */
	size_t top;                /* first visible row (line: not laid out) */
	size_t sel;                /* row with the cursor (idem) */
	struct detail_row *rows;   /* the lines wrapped (owned) */
	size_t n_rows;             /* rows used */
	size_t rows_alloc;         /* rows allocated */
	int laid_width;            /* the width rows were made for, 0: none */
	size_t laid_lines;         /* lines there were then */
	/* side by side: rows [row_split_at, row_split_right) are the left
	 * column's, [row_split_right, n_rows) the right one's */
	size_t row_split_at;
	size_t row_split_right;
	bool is_help;              /* the help overlay, not a record */
	bool is_handover; /* the last handover: BACK records it dismissed */
	const char *keymap_view; /* keymap view name, NULL: "detail" */
	int64_t id;              /* the record shown (0: none) */
	int entity;              /* its enum store_entity, -1: none */
	/*
	 * Two columns (a conflict: yours, the server's): lines [0, split_at)
	 * head the page, [split_at, split_right) are the left column and
	 * [split_right, n) the right one. Side by side when is_split is set
	 * (wide terminals), else one above the other. split_at 0: no columns.
	 */
	size_t split_at;    /* first line of the left column */
	size_t split_right; /* first line of the right column */
	bool is_split;      /* drawn side by side now */
};

/*
 * What a view is. A store list (entity >= 0) needs no file of its own:
 * view.c makes its view from the list's column catalog (app/columns.h):
 * its name, its cells (view_catalog_cells), its detail page (the
 * catalog's layout, the row read by store_row_get) and when its tab shows
 * (the catalog's tab). Its rows are the store's model structs
 * (store_row_size, store_row_release, view_row_id). A list whose detail
 * page is its own (links, timelines) has a view file declaring name,
 * entity and detail, registered in view.c as its entity's view.
 */
struct view_ops {
	const char *name; /* tab name, e.g. "incidents" */
	int entity;       /* enum store_entity, -1: no store list */
	/*
	 * Build the detail page of row id (app: the sources, for a driver);
	 * NULL for a store list whose page is its catalog's (view_detail).
	 */
	int (*detail)(struct store *s, const struct app *app, int64_t id,
	              int64_t now, struct detail *d, struct err *e);
	/*
	 * Lists that are no store entity (entity -1, help excepted): rows
	 * as ui_table_source.fetch gives them, their count, and their fixed
	 * columns. NULL for the store lists and help.
	 */
	int (*fetch)(struct store *s, const struct store_key *after,
	             bool is_reverse, int limit, struct ui_table_row **rows,
	             size_t *n, struct err *e);
	int (*count)(struct store *s, int64_t *n, struct err *e);
	const struct ui_table_column *columns; /* (static) */
	size_t n_columns;                      /* entries in columns */
	/*
	 * Views that are no store list: a tab only once it has rows (the
	 * conflicts), or once asked for (the dashboard), not at start. A
	 * store list's comes from its catalog (view_tab).
	 */
	bool is_on_demand;
	/*
	 * Views that draw themselves (the dashboard; NULL for the lists):
	 * read what they show into *state (NULL the first time, kept in the
	 * tab after; *is_changed tells whether the picture would change),
	 * draw it over the whole of ops, and free it.
	 */
	int (*load)(struct ui *ui, void **state, bool *is_changed,
	            struct err *e);
	void (*draw)(const struct ui *ui, const void *state,
	             const struct draw_ops *ops);
	void (*state_free)(void *state);
};

/* The store lists with a detail page of their own (view.c registers
 * them), and the console's other views. */
extern const struct view_ops view_incidents_ops;
extern const struct view_ops view_alerts_ops;
extern const struct view_ops view_help_ops;
extern const struct view_ops view_conflicts_ops;
extern const struct view_ops view_outbox_ops;
extern const struct view_ops view_dashboard_ops;
extern const struct view_ops view_audit_ops;

/* Whether a tab's view is a list (a store entity or its own fetch). */
bool ui_view_is_list(const struct view_ops *ops);

/*
 * The table of views, in tab order (view.c): the store lists shown
 * always, the console's own views, then the other store lists. Every
 * store list has one (view_for_entity).
 */
size_t view_count(void);
const struct view_ops *view_at(size_t i);
const struct view_ops *view_for_entity(int entity);
/* When the tab of ops shows: a store list's catalog says; other views
 * are shown always, or on demand (is_on_demand). */
enum column_tab view_tab(const struct view_ops *ops);
/*
 * The detail page of row id of ops into d: its own detail, else its
 * catalog's layout. ERR_NOTFOUND "nothing to open" for a view without
 * one (help), else 0 or the store's error.
 */
int view_detail(const struct view_ops *ops, struct store *s,
                const struct app *app, int64_t id, int64_t now,
                struct detail *d, struct err *e);
/* Whether view_detail has a page for ops. */
bool view_has_detail(const struct view_ops *ops);
/*
 * The cells of a row of a store list into out->cells[0..n): the columns
 * idx[0..n) of the catalog of entity (app/columns.h), sanitized, with
 * their theme elements. Only the columns shown are formatted: a list's
 * catalog offers more than it shows, and every row paged in pays for them.
 */
void view_catalog_cells(int entity, const int *idx, size_t n, const void *row,
                        int64_t now, struct ui_table_row *out);
/* The id of a row of a store list: every model struct starts with its
 * struct record_meta. */
int64_t view_row_id(const void *row);
/*
 * The page of row by its list's layout (app/columns.h) into d at time now:
 * fields (a link where the field names a record), blocks, and the rows
 * linked to it (at most VIEW_RELATED_MAX a block) as link lines.
 * view_layout_record reads row id of entity first (ERR_NOTFOUND).
 */
#define VIEW_RELATED_MAX 200
int view_layout_detail(struct store *s, struct detail *d,
                       const struct detail_layout *dl, const void *row,
                       int64_t now, struct err *e);
int view_layout_record(struct store *s, int entity, int64_t id, int64_t now,
                       struct detail *d, struct err *e);
/* Whether the store list of ops holds any row (false for other views). */
bool view_has_rows(struct store *s, const struct view_ops *ops);

/* A tab: a view with its own filter, sort and table. */
struct tab {
	struct ui *ui;                /* back pointer for the fetch callback */
	const struct view_ops *ops;   /* what it shows */
	char *name;                   /* tab label (owned) */
	char *filter_text;            /* current filter, "" for none (owned) */
	struct filter *filter;        /* parsed filter_text, NULL: none */
	const char *sort;             /* sort field (static), NULL: default */
	bool is_ascending;            /* sort direction */
	struct ui_table table;        /* the rows */
	struct ui_table_column *cols; /* columns shown (owned), NULL: help */
	int *col_idx;                 /* their indices in the view's catalog */
	size_t n_cols;                /* entries in cols and col_idx */
	char *columns_spec;   /* the VIEW.columns value they came from */
	bool is_loaded;       /* table filled once */
	int64_t count;        /* rows matching, -1: unknown */
	bool is_count_capped; /* count is a lower bound: "N+" */
	int count_due;        /* enum ui_count_due: what is left to count */
	bool is_stale;        /* rows changed since loaded: reload on show */
	void *state;          /* what a view that draws itself read (owned) */
};

/*
 * Counts are taken on idle loop turns, after the rows are drawn: first a
 * capped one (cheap: at most UI_COUNT_CAP + 1 rows read), then, when the
 * cap was hit, the exact one, which a key stops (and a later idle turn
 * starts again).
 */
enum ui_count_due {
	UI_COUNT_NONE = 0,   /* count known, or nothing to count */
	UI_COUNT_CAPPED = 1, /* nothing known yet */
	UI_COUNT_EXACT = 2,  /* known to be more than UI_COUNT_CAP */
};

#define UI_COUNT_CAP 10000

enum ui_dirty {
	UI_DIRTY_TABS = 1 << 0,
	UI_DIRTY_MAIN = 1 << 1,
	UI_DIRTY_STATUS = 1 << 2,
	UI_DIRTY_MSG = 1 << 3,
	UI_DIRTY_ALL = 0xf,
};

enum ui_prompt_kind {
	UI_PROMPT_NONE = 0,
	UI_PROMPT_COMMAND = ':',
	UI_PROMPT_FILTER = '/',
	UI_PROMPT_ASK = '?', /* a question (ui_prompt_ask) */
};

struct ui_picker;

struct ui {
	struct app *app;            /* borrowed */
	SCREEN *screen;             /* the curses screen */
	FILE *out;                  /* the stream curses writes to */
	FILE *trace;                /* --trace-frames, or NULL */
	int sig_pipe[2];            /* self-pipe the signal handler writes */
	WINDOW *w_tabs;             /* tab bar */
	WINDOW *w_main;             /* list (and full-screen detail) */
	WINDOW *w_side;             /* right-hand detail at >= 160 columns */
	WINDOW *w_status;           /* status bar */
	WINDOW *w_msg;              /* message / prompt line */
	WINDOW *w_ask; /* an ask's long question above w_msg (prompt.c) */
	WINDOW *w_input;            /* 1x1, never drawn: keys are read here */
	int rows;                   /* terminal height */
	int cols;                   /* terminal width */
	bool is_too_small;          /* below 80x24 */
	bool is_mono;               /* NO_COLOR or no colours */
	bool is_utf8;               /* UTF-8 locale */
	struct ui_glyphs glyphs;    /* box/arrow/ellipsis */
	struct tab *tabs;           /* (owned) */
	size_t n_tabs;              /* entries in tabs */
	size_t cur;                 /* current tab */
	struct detail *details[16]; /* open details, innermost last (owned) */
	size_t n_details;           /* entries in details */
	unsigned dirty;             /* enum ui_dirty mask */
	char *msg;                  /* message line text (owned) or NULL */
	bool is_msg_error;          /* msg is an error */
	int prompt;                 /* enum ui_prompt_kind */
	char *prompt_hint;          /* matches Tab listed (owned) or NULL */
	char *history_msg;    /* why the prompt history failed (owned), to
	                         say when the prompt closes, or NULL */
	bool is_history_told; /* said once: not again this session */
	char *ask_question;         /* the ask prompt's question (owned) */
	struct strvec ask_argv;     /* command its answer runs (owned) */
	bool is_ask_confirm;        /* the answer is y/yes, not an argument */
	struct ui_picker *picker;   /* the open picker (picker.c), or NULL */
	struct ui_form *form;       /* the open form (ui/form.h), or NULL */
	/* what Enter on the form's last field does: 0 closes the form */
	int (*form_submit)(struct ui *ui, struct err *e);
	char *form_arg; /* what the open form started from (a bulletin's
	                   CVE), owned, or NULL */
	int form_cy;               /* where the form's cursor was drawn */
	int form_cx;               /* (its column) */
	int64_t filter_due_ms;     /* debounced filter deadline, 0: none */
	bool is_quit;              /* leave the loop */
	struct ui_styles *styles;  /* resolved theme elements (style.c) */
	unsigned char key_utf8[4]; /* bytes of a character being read */
	size_t n_key_utf8;         /* entries in key_utf8 */
	struct app_ui hooks;       /* registered in app->ui: the terminal */
	/* the sync thread (sync.c) */
	struct sync_engine *engine; /* NULL: not syncing */
	int sync_pipe[2];           /* its messages, -1: none */
	unsigned char sync_buf[sizeof(struct sync_msg)]; /* a partial one */
	size_t n_sync_buf;                               /* bytes in sync_buf */
	struct sync_status *sync; /* per source, as last told (owned) */
	size_t n_sync;            /* entries in sync */
	int64_t outbox;           /* entries pending or failed */
	int64_t failed;           /* of those, failed: the analyst acts */
	int64_t conflicts;        /* entries in conflict */
	unsigned sync_changed;    /* enum sync_changed not yet re-queried */
	int64_t sync_due_ms;      /* when they are, 0: nothing waits */
	int64_t sync_applied_ms;  /* when rows were last re-queried */
	int64_t status_check_ms;  /* next look at the ages, 0: never */
	char *status_drawn;       /* sync text last drawn (owned) */
	struct notify notify;     /* new alerts told (sync.c) */
	/* the dashboard's figures read ahead on an idle turn, for its first
	 * opening (view_dashboard.c; owned), NULL: none */
	void *dash_ahead;
	bool is_dash_ahead_done; /* read ahead (or failed): not again */
	/* the audit chain, as the audit tab's heading tells it */
	int audit_state;       /* enum ui_audit_state */
	int64_t audit_entries; /* entries the last walk checked */
	int64_t audit_bad_id;  /* first broken entry, 0: none */
	int64_t audit_seals;   /* breaks sealed, as the last walk found */
	char *audit_msg;       /* what is wrong with it (owned) or NULL */
	bool is_audit_checked; /* the cheap check ran since the start */
	struct handover_last *handover; /* shown at start (owned) or NULL */
};

/* What is known of the audit chain (the audit tab's heading). */
enum ui_audit_state {
	UI_AUDIT_UNKNOWN = 0, /* not walked yet: on the next idle turn */
	UI_AUDIT_INTACT,      /* verified */
	UI_AUDIT_BROKEN,      /* broken at audit_bad_id */
	UI_AUDIT_FAILED,      /* the walk failed (audit_msg) */
};

/* term.c */
int ui_term_open(struct ui *ui, struct err *e);
void ui_term_close(struct ui *ui);
void ui_term_suspend(struct ui *ui);
void ui_term_resize(struct ui *ui);
int64_t ui_now_us(void);
/* Bytes passed to write(2) and write calls so far (ui_io_written). */
struct ui_io {
	uint64_t bytes;
	uint64_t writes;
};
struct ui_io ui_io_written(void);

/*
 * style.c: the curses attributes of a theme element (a name in the theme's
 * element table, static). ui_style_init (again after a theme change) drops
 * what was resolved and the colour pairs; ui_style_release frees it.
 */
void ui_style_init(struct ui *ui);
void ui_style_release(struct ui *ui);
attr_t ui_style(const struct ui *ui, const char *element);
/* severity.high, tlp.red, ... (static), NULL when out of range */

/*
 * keys.c: a key read from curses (wgetch: a KEY_* code or a byte of UTF-8)
 * runs the command line the app's keymap binds to it in the current view.
 */
void ui_key(struct ui *ui, int key);
/* The keymap view name of what is on screen: "help", "detail", or the
 * current tab's name (static or the tab's; borrowed). */
const char *ui_view_name(const struct ui *ui);
/*
 * The list whose bindings apply under the view's own (static): in a
 * record's detail or a saved view, the list of its entity ("incidents");
 * NULL when that is the view itself or there is none.
 */
const char *ui_list_view_name(const struct ui *ui);

/*
 * dispatch.c: run a command line from where (CMD_IN_*) with what it acts
 * on resolved from the screen, perform what its reply asks, and show its
 * first line of output or its error on the message line.
 */
void ui_command(struct ui *ui, const char *line, unsigned where);
/* The same for a command already split into words (borrowed). */
void ui_command_argv(struct ui *ui, int argc, char **argv, unsigned where);
/* A command context from where (CMD_IN_*) with the console's target, list,
 * marks, outbox entry and tab names (cmd_ctx_release frees it). */
void ui_cmd_ctx_init(struct ui *ui, struct cmd_ctx *ctx, unsigned where);
/* The cache changed: re-read what is shown, let the sync engine replay. */
void ui_data_changed(struct ui *ui);

/* screen.c */
void ui_screen_layout(struct ui *ui);
void ui_screen_draw(struct ui *ui);
void ui_message(struct ui *ui, bool is_error, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A curses window as a draw backend. */
void ui_draw_ops(struct ui *ui, WINDOW *w, struct draw_ops *ops);
/*
 * Write s[0..len) (sanitized UTF-8, already cut to fit) at y, x of w in
 * the window's current attributes: the one way text reaches curses, as
 * ASCII of the same width when the locale is not UTF-8 (draw_ascii).
 */
void ui_waddtext(const struct ui *ui, WINDOW *w, int y, int x, const char *s,
                 size_t len);

/* act.c: an action on the top detail, else on the current tab */
int ui_act(struct ui *ui, enum ui_action action, long arg, struct err *e);
/* Sort the current list by field (one an index serves), or ERR_INVALID. */
int ui_sort_by(struct ui *ui, const char *field, bool is_desc, struct err *e);

/* marks.c: toggle the selected row's mark (filter NULL) or mark the rows
 * filter selects in the list; says "N marked" on out. ERR_INVALID off a
 * list, ERR_LIMIT past UI_TABLE_MARKS_MAX. */
int ui_mark(struct ui *ui, const char *filter, struct strbuf *out,
            struct err *e);
/* Drop the marks of the list on screen; how many there were. */
size_t ui_unmark(struct ui *ui);

/* audit.c: show what `audit` asked (enum cmd_audit_show). */
int ui_audit_show(struct ui *ui, int what, int64_t incident_id,
                  struct err *e);

/* handover.c: the last handover over the lists at the start; dismissing
 * it records that the analyst read it. */
void ui_handover_show(struct ui *ui);
void ui_handover_dismiss(struct ui *ui);

/* detail_stack.c */
void ui_detail_push(struct ui *ui, struct detail *d);
void ui_detail_pop(struct ui *ui);
/* Read the records open in details again, after an edit. */
void ui_details_reload(struct ui *ui);

/* tab.c: the tabs */
struct tab *ui_tab(struct ui *ui);
/* Add a tab showing ops, called name; the tabs array may move. */
struct tab *ui_tab_add(struct ui *ui, const struct view_ops *ops,
                       const char *name);
/* The tab called name, or NULL. */
struct tab *ui_tab_find(struct ui *ui, const char *name);
void ui_tab_release(struct tab *tab);
/* Forget the count (taken again on an idle turn), or recount keeping it
 * shown meanwhile. */
void ui_tab_count_later(struct tab *tab);
void ui_tab_recount(struct tab *tab);
/* Switch to tab i (closing the details), loading it when needed. */
int ui_tab_select(struct ui *ui, size_t i, struct err *e);
/*
 * The analyst leaves tab (another tab, or the console): a look at the
 * exposures when it showed them (store_list_look; their `new` counts from
 * it), said in the message line when it cannot be recorded.
 */
void ui_tab_leave(struct ui *ui, struct tab *tab);
/* A tab for the saved view v (or the one it has, refiltered) in *out. */
int ui_tab_show_saved(struct ui *ui, const struct app_view *v,
                      struct tab **out, struct err *e);
/* Show the tab name: a saved view, else as ui_show_view. */
int ui_view_show(struct ui *ui, const char *name, struct err *e);
/*
 * The tab's count for display into buf: "1234", "10000+", or "" while it
 * is not known (never a guess). Returns buf.
 */
const char *ui_tab_count_text(const struct tab *tab, char *buf, size_t size);
/* Whether a count waits for an idle turn. */
bool ui_counts_pending(const struct ui *ui);
/*
 * Work for idle turns: first the rows the next page key of the list on
 * screen needs (so the key only draws), then the counts.
 */
bool ui_idle_pending(struct ui *ui);
void ui_idle_work(struct ui *ui);
/* Whether a key (or a signal) is waiting: stops counts and reads
 * (ctx: the struct ui). */
bool ui_input_waiting(void *ctx);
/*
 * Take one pending count (the current tab's first), stopped early when
 * input arrives; marks the tab bar and status dirty when it finished.
 */
void ui_count_idle(struct ui *ui);
/* Apply changed `set VIEW.columns` settings to the tabs; true if any. */
bool ui_sync_columns(struct ui *ui);

int ui_tab_load(struct ui *ui, struct tab *tab, bool is_reload, struct err *e);
int ui_tab_set_filter(struct ui *ui, struct tab *tab, const char *text,
                      struct err *e);

/*
 * view_audit.c: fill d with the audit of incident incident_id (its entries
 * and its alerts', newest first). Returns 0 or the store's error.
 */
int ui_audit_incident_fill(struct store *s, int64_t incident_id,
                           struct detail *d, struct err *e);
/*
 * ui.c: walk the audit chain now and keep the verdict for the audit
 * tab's heading (ui->audit_*); the message line says it when is_told.
 */
void ui_audit_verify(struct ui *ui, bool is_told);

/*
 * ui.c: the cheap check of the audit chain (the one every change makes),
 * so that the status bar shows a broken chain in every view; run on an
 * idle turn after the start and after a change refused or a seal.
 */
void ui_audit_check(struct ui *ui);

/* view_help.c: fill d with the keys of view and the commands. */
void ui_help_fill(const struct ui *ui, const char *view, struct detail *d);

/* detail.c */
/* s (NULL: "") sanitized for one line, owned. */
char *ui_clean(const char *s);
struct detail *detail_new(const char *title);
void detail_free(struct detail *d);
void detail_add(struct detail *d, const char *element, int link_entity,
                int64_t link_id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* "Label: value" with value sanitized (NULL or "" shows "-"). */
void detail_field(struct detail *d, const char *label, const char *value);
/* Add text sanitized, one line per "\n". */
void detail_text(struct detail *d, const char *element, const char *text);
/* Add JSON text re-indented (two spaces per level). */
void detail_json(struct detail *d, const char *json);
/* Set how far the last line's wrapped rows are indented (cells). */
void detail_hang(struct detail *d, int cells);
/*
 * Wrap the lines to a page width cells wide (side by side when it has two
 * columns and the width allows), the cursor and the first row shown kept
 * on the text they were on. Cheap when nothing changed.
 */
void detail_layout(struct detail *d, int width);
/* Rows the page takes (side by side: the longer column counts). */
size_t detail_rows(const struct detail *d);
/* The line under the cursor (borrowed), NULL when the page is empty. */
const struct detail_line *detail_sel_line(const struct detail *d);
/* A new page of the record old showed: laid out as old was, the cursor
 * and the first row shown on the same lines. */
void detail_keep_place(struct detail *d, const struct detail *old);
/* Draw d over ops (laid out to its width first). */
void detail_draw(struct detail *d, const struct draw_ops *ops,
                 const struct ui_glyphs *g);
/* Move the cursor by delta rows, height rows shown. */
void detail_move(struct detail *d, long delta, int height);
int ui_detail_open(struct ui *ui, int entity, int64_t id, struct err *e);
/* Open the detail of row id of the view ops. */
int ui_detail_open_ops(struct ui *ui, const struct view_ops *ops, int64_t id,
                       struct err *e);

/* prompt.c: the readline prompts */
void ui_prompt_open(struct ui *ui, int kind);
/* Open the ':' prompt with initial typed (may be NULL; copied). */
void ui_prompt_open_text(struct ui *ui, const char *initial);
void ui_prompt_key(struct ui *ui, int key);
void ui_prompt_cancel(struct ui *ui);
void ui_prompt_draw(struct ui *ui);
/*
 * Ask question on the message line (the hook app_ui.ask): the answer runs
 * argv[0..argc) plus the answer (is_confirm: as is, on y or yes only).
 */
void ui_prompt_ask(struct ui *ui, const char *question, int argc,
                   const char *const *argv, bool is_confirm);

/*
 * picker.c: a searchable list over the main window (the hook
 * app_ui.pick). While it is open it takes the keys; Enter runs argv plus
 * the value picked, Esc closes it.
 */
void ui_picker_open(struct ui *ui, const char *title,
                    const struct strvec *labels, const struct strvec *values,
                    int argc, const char *const *argv);
void ui_picker_key(struct ui *ui, int key);
void ui_picker_draw(struct ui *ui, const struct draw_ops *ops);
void ui_picker_close(struct ui *ui);

/*
 * incident_form.c: the console's forms. ui_console_form_open shows form
 * (taken) over the main area, submit (see struct ui) creating the record;
 * keys go to it until it closes (ui_console_form_key takes keymap keys);
 * ui_console_form_close drops it (nothing kept).
 */
void ui_console_form_open(struct ui *ui, struct ui_form *form,
                          int (*submit)(struct ui *ui, struct err *e));
void ui_console_form_key(struct ui *ui, int key);
void ui_console_form_close(struct ui *ui);
/* The new-incident form. */
int ui_incident_form_open(struct ui *ui, struct err *e);
/* bulletin_form.c: the new-bulletin form, prefilled from cve (NULL: a
 * blank one). */
int ui_bulletin_form_open(struct ui *ui, const char *cve, struct err *e);

/* loop.c */
int ui_loop(struct ui *ui, struct err *e);

/*
 * sync.c: the sync thread's messages. ui_sync_start creates and starts the
 * engine when sources are defined and the console may write (failures are
 * shown, not fatal); ui_sync_stop stops and frees it. ui_sync_read takes
 * what the pipe holds; ui_sync_tick re-queries what changed (at most four
 * times a second) and redraws the status bar when its text would change;
 * ui_sync_timeout is the ms until the next tick is due (-1: none).
 */
void ui_sync_start(struct ui *ui);
void ui_sync_stop(struct ui *ui);
void ui_sync_read(struct ui *ui);
void ui_sync_tick(struct ui *ui);
int ui_sync_timeout(const struct ui *ui);
/* The cache changed here (mask of enum sync_changed): re-query, kick. */
void ui_sync_local_change(struct ui *ui, unsigned changed);
/* The sync part of the status bar into l (remembered as drawn). */
void ui_sync_status(struct ui *ui, struct ui_status_line *l);
/*
 * view_conflicts.c: a page of the outbox entries in state (OUTBOX_OPEN:
 * every open one), oldest first, after *after (is_reverse: newest first, before
 * it), at most limit, each row made by fill. The outbox views read the
 * whole (short) list and cut it by id, which is also the key.
 */
struct outbox_entry;
typedef void (*ui_outbox_fill_fn)(struct store *s, const struct outbox_entry *o,
                                  struct ui_table_row *r);
int ui_outbox_fetch(struct store *s, enum outbox_state state,
                    ui_outbox_fill_fn fill,
                    const struct store_key *after, bool is_reverse, int limit,
                    struct ui_table_row **rows, size_t *n, struct err *e);

/* tab.c: the conflicts tab, added the first time there are conflicts. */
void ui_conflicts_tab_ensure(struct ui *ui);
/* tab.c: the outbox tab, added the first time an entry failed. */
void ui_outbox_tab_ensure(struct ui *ui);
/* tab.c: at start, the tabs of the lists shown once they have rows
 * (COLUMN_TAB_WITH_ROWS: the vulnerabilities) when they have some. */
void ui_tabs_with_rows(struct ui *ui);
/*
 * view_dashboard.c: once opened, the dashboard is read again when the
 * data changed (at most every few seconds) and every minute (the last 24
 * hours move on), on screen or not, by a read a key stops;
 * ui_dashboard_timeout is the ms until that is due (-1: never),
 * ui_dashboard_tick does it when due and redraws when a figure changed.
 */
int ui_dashboard_timeout(const struct ui *ui);
void ui_dashboard_tick(struct ui *ui);
/* Free what was read ahead. */
void ui_dashboard_release(struct ui *ui);
/* ui.c: show the tab of the view or saved view called name, adding it
 * when it is one shown on demand (the dashboard). */
int ui_show_view(struct ui *ui, const char *name, struct err *e);
/* ui.c: re-query the rows of entity (enum store_entity, or -1 with ops)
 * in every tab showing them: now on screen, later elsewhere. */
void ui_tabs_changed(struct ui *ui, const struct view_ops *ops, int entity);

#endif
