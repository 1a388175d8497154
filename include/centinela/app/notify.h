/*
 * Notifications of new alerts (`set notify.*`, centinelarc(5)).
 *
 * "New" means inserted into the cache by the sync thread while the console
 * runs: the alerts already cached at start are not new, and nothing is told
 * twice across restarts. The sync thread's messages carry the highest
 * alert rowid it inserted (struct sync_msg.last_alert_id); rowids grow, so
 * the alerts of a source other than local with a rowid above the last one
 * looked at are exactly the new ones. Two marks move independently:
 *
 * - the message mark: each notify_tick reports how many new alerts are at
 *   or above notify.severity (any TLP: the message stays on the analyst's
 *   screen) and the most severe one, for one line, a bell and a flash;
 * - the program mark: when notify.program is set and no run of it is
 *   going, the new alerts at or above notify.severity and at or below
 *   notify.max-tlp, at most NOTIFY_RUN_MAX of them (most severe first) and
 *   NOTIFY_BYTES_MAX bytes, go to one run of the program as JSON lines
 *   (export/notify.h) on its standard input. Alerts that arrive while it
 *   runs wait for the next run, which starts NOTIFY_GAP_MS after the
 *   last one at the earliest; those over the caps are counted in a
 *   message and not given. So a first sync of 20,000 alerts, page after
 *   page for a minute, is a few messages a second on one line and a run
 *   every few seconds, never one per alert.
 *
 * The program's command line is split into words by the command language's
 * lexer and run without a shell (posix_spawnp: PATH is searched), in its
 * own process group, with the alerts in an in-memory file as standard
 * input, standard output on /dev/null and standard error kept (its first
 * line explains a failure), no other descriptor, default signal handling,
 * and the environment without the variables sources read tokens from.
 * Nothing about an alert is ever put in its arguments or environment. The
 * console never waits for it: notify_tick reaps it when it has ended, and
 * kills its process group once it has run NOTIFY_TIMEOUT_MS. A program
 * still running when the console quits is left to finish.
 */
#ifndef CENTINELA_APP_NOTIFY_H
#define CENTINELA_APP_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "centinela/base/strbuf.h"

struct app;
struct err;
struct store;
struct strvec;

#define NOTIFY_RUN_MAX    100        /* alerts given to one program run */
#define NOTIFY_BYTES_MAX  (1L << 20) /* bytes of JSON given to one run */
#define NOTIFY_TIMEOUT_MS 10000      /* a run is killed after this long */
#define NOTIFY_GAP_MS     5000       /* least time between two run starts */
#define NOTIFY_POLL_MS    100        /* how often a running one is checked */
#define NOTIFY_STDERR_MAX 240        /* bytes of its standard error kept */

struct notify {
	bool is_started;     /* the marks were read from the cache */
	int64_t upto_id;     /* highest alert rowid the sync thread inserted */
	int64_t seen_id;     /* highest alert rowid the message looked at */
	int64_t given_id;    /* highest alert rowid a program run looked at */
	pid_t pid;           /* the running program, 0: none */
	int64_t started_ms;  /* when it started (caller's clock) */
	int64_t check_ms;    /* when to look at it again */
	int64_t next_run_ms; /* no run starts before (caller's clock) */
	bool is_killed;      /* killed for running too long */
	int err_fd;          /* read end of its standard error, -1: none */
	struct strbuf stderr_text; /* the first bytes it wrote there */
	char *name;                /* its first word, for messages (owned) */
	int64_t n_given;           /* alerts given to it */
};

/* What a tick has to tell the analyst. */
struct notify_report {
	int64_t n_new;         /* new alerts at or above notify.severity */
	int top_severity;      /* enum severity of the most severe, 0: none */
	char *top_title;       /* its title, sanitized for one line (owned) */
	bool is_bell;          /* n_new and notify.bell */
	bool is_flash;         /* n_new and notify.flash */
	char *program_msg;     /* about the program (owned), NULL: nothing */
	bool is_program_error; /* program_msg is a failure */
};

void notify_init(struct notify *n);
/* Close what n holds; a running program is left to finish. */
void notify_release(struct notify *n);

void notify_report_init(struct notify_report *r);
void notify_report_release(struct notify_report *r);

/*
 * Start counting from now: every alert in the cache (s, borrowed) is old.
 * Call before the sync thread starts. Returns 0 or the store's ERR_*.
 */
int notify_start(struct notify *n, struct store *s, struct err *e);

/* The sync thread inserted alerts up to rowid last_alert_id. */
void notify_arrived(struct notify *n, int64_t last_alert_id);

/*
 * Whether notify_tick has work: alerts arrived that were not looked at, or
 * a program runs.
 */
bool notify_is_pending(const struct notify *n);

/*
 * Do what is due at now_ms (a monotonic clock in ms): reap or kill the
 * running program, report the new alerts, start a run for them. *r
 * (initialised by the caller) receives what to tell. Returns 0, or the
 * store's ERR_* (the marks still move: nothing is told twice).
 */
int notify_tick(struct notify *n, const struct app *app, struct store *s,
                int64_t now_ms, struct notify_report *r, struct err *e);

/*
 * Ms from now_ms until notify_tick has timed work (a running program to
 * look at, or a run waiting for NOTIFY_GAP_MS); 0: now; -1: none.
 */
int notify_timeout_ms(const struct notify *n, int64_t now_ms);

/*
 * Split a notify.program value into its words (appended to *argv, owned
 * by the caller). Returns 0; ERR_PARSE for a quoting error; ERR_INVALID
 * when it holds no word.
 */
int notify_split_program(const char *cmdline, struct strvec *argv,
                         struct err *e);

#endif
