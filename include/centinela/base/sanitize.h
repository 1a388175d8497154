/*
 * The terminal-text sanitizer: the only way outside text reaches a screen
 * or a CLI table.
 *
 * Every byte sequence that could act on a terminal becomes visible, inert
 * text:
 *   - C0 controls and DEL in caret notation: ESC is "^[", BEL "^G", DEL "^?"
 *     (so an ESC/CSI/OSC sequence loses its introducer and prints as text);
 *   - C1 controls U+0080-U+009F, bidi controls (U+202A-U+202E,
 *     U+2066-U+2069, U+200E, U+200F, U+061C) and U+2028/U+2029 as "<U+XXXX>";
 *   - bytes that are not valid UTF-8 as "\xNN".
 * Everything else passes unchanged.
 */
#ifndef CENTINELA_BASE_SANITIZE_H
#define CENTINELA_BASE_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/strbuf.h"

enum sanitize_flags {
	SANITIZE_KEEP_NEWLINE = 1
	                        << 0, /* pass "\n" through (multi-line views) */
	SANITIZE_KEEP_TAB = 1 << 1,   /* pass "\t" through */
};

/* Append the sanitized form of s[0..len) to out. */
void sanitize_append(struct strbuf *out, const char *s, size_t len,
                     unsigned flags);

/* Sanitize a NUL-terminated string (NULL gives ""); returns it owned. */
char *sanitize_dup(const char *s, unsigned flags);

/* True when s[0..len) would pass through the sanitizer unchanged. */
bool sanitize_is_clean(const char *s, size_t len, unsigned flags);

#endif
