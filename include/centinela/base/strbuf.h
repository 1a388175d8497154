/*
 * Growable NUL-terminated byte strings (after git's strbuf).
 *
 * Lifecycle: strbuf_init sets up an empty buffer (no allocation),
 * strbuf_release frees the contents, strbuf_reset empties it keeping memory,
 * strbuf_detach hands the string to the caller. buf is always NUL-terminated
 * and never NULL after init; len excludes the NUL. Binary-safe.
 */
#ifndef CENTINELA_BASE_STRBUF_H
#define CENTINELA_BASE_STRBUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

struct strbuf {
	char *
	    buf; /* contents, NUL-terminated; points at a static "" until grown */
	size_t len;   /* bytes used, excluding the NUL */
	size_t alloc; /* bytes allocated, 0 while buf is the static "" */
};

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
/* Make room for at least extra more bytes plus the NUL. */
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_adds(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
/*
 * Append v in decimal (a '-' first when negative): what "%lld" prints,
 * without printf, for the loops that write numbers by the thousand.
 */
void strbuf_addi(struct strbuf *sb, int64_t v);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
/* Shorten to len bytes (len <= sb->len). */
void strbuf_setlen(struct strbuf *sb, size_t len);
/* Return the malloc'd string (owned by the caller) and re-init sb. */
char *strbuf_detach(struct strbuf *sb, size_t *len);

/*
 * The printf of fmt and its arguments as a new string (owned by the
 * caller); out of memory exits, as the x-allocators do. The one place a
 * va_list becomes a string of its own length.
 */
char *xvasprintf(const char *fmt, va_list ap)
    __attribute__((format(printf, 1, 0)));
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
