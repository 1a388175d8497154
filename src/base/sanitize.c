/*
 * The terminal-text sanitizer: see include/centinela/base/sanitize.h.
 *
 * One pass, code point by code point. The output is always valid UTF-8 with
 * no control characters besides those the flags keep, so it can be measured
 * with utf8_width() and drawn without surprises.
 */
#include "centinela/base/sanitize.h"

#include <stdint.h>
#include <string.h>

#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

static bool
is_format_control(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f ||
	       cp == 0x061c || cp == 0x2028 || cp == 0x2029;
}

/* Bytes of s[0..len) that need no rewriting, from the start. */
static size_t
clean_prefix(const char *s, size_t len, unsigned flags)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp;
		size_t n;

		if (c >= 0x20 && c < 0x7f) {
			i++;
			continue;
		}
		if ((c == '\n' && (flags & SANITIZE_KEEP_NEWLINE)) ||
		    (c == '\t' && (flags & SANITIZE_KEEP_TAB))) {
			i++;
			continue;
		}
		if (c < 0x80)
			break;
		n = utf8_decode(s + i, len - i, &cp);
		if (!n || is_format_control(cp))
			break;
		i += n;
	}
	return i;
}

void
sanitize_append(struct strbuf *out, const char *s, size_t len, unsigned flags)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t i = 0;

	while (i < len) {
		size_t run = clean_prefix(s + i, len - i, flags);
		unsigned char c;
		uint32_t cp;
		size_t n;

		strbuf_add(out, s + i, run);
		i += run;
		if (i >= len)
			break;
		c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7f) {
			strbuf_addch(out, '^');
			strbuf_addch(out, c == 0x7f ? '?' : c + '@');
			i++;
			continue;
		}
		n = utf8_decode(s + i, len - i, &cp);
		if (!n) {
			strbuf_adds(out, "\\x");
			strbuf_addch(out, hex[c >> 4]);
			strbuf_addch(out, hex[c & 15]);
			i++;
			continue;
		}
		strbuf_addf(out, "<U+%04X>", (unsigned)cp);
		i += n;
	}
}

char *
sanitize_dup(const char *s, unsigned flags)
{
	struct strbuf sb;

	strbuf_init(&sb);
	if (s)
		sanitize_append(&sb, s, strlen(s), flags);
	return strbuf_detach(&sb, NULL);
}

bool
sanitize_is_clean(const char *s, size_t len, unsigned flags)
{
	return clean_prefix(s, len, flags) == len;
}
