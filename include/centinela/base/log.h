/*
 * The log sink and fatal exits.
 *
 * The sink is one of the two kinds of global the project allows: a FILE*
 * (none by default: lower layers never print) and a fatal hook that the UI
 * sets to restore the terminal before die() exits.
 */
#ifndef CENTINELA_BASE_LOG_H
#define CENTINELA_BASE_LOG_H

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Send log lines at level >= min to fp (borrowed; NULL disables logging). */
void log_open(void *fp, enum log_level min);

/* Append one timestamped line to the sink, if any. Never logs secrets. */
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Called by die() before exiting, e.g. to end curses. NULL clears it. */
void log_set_fatal_hook(void (*hook)(void));

/* Print "centinela: fatal: MESSAGE" to stderr, run the hook, exit(70). */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A programmer error: like die() with the source position. */
#define BUG(msg) die("BUG at %s:%d: %s", __FILE__, __LINE__, (msg))

#endif
