/* UTF-8 helpers: see include/centinela/base/utf8.h. */
#include "centinela/base/utf8.h"

#include <string.h>
#include <wchar.h>

#include "centinela/base/strbuf.h"

size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c, min;
	size_t n;

	*cp = s[0];
	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
		min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

size_t
utf8_encode(uint32_t cp, char out[4])
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

size_t
utf8_bom_len(const char *s, size_t len)
{
	return len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

bool
utf8_valid(const char *s, size_t len)
{
	size_t i = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (!n || cp == 0)
			return false;
		i += n;
	}
	return true;
}

static size_t
cp_width(uint32_t cp)
{
	int w = wcwidth((wchar_t)cp);

	return w < 0 ? 1 : (size_t)w;
}

size_t
utf8_fit(const char *s, size_t len, size_t maxw, size_t *width)
{
	size_t i = 0, w = 0;
	uint32_t cp;

	while (i < len) {
		size_t n = utf8_decode(s + i, len - i, &cp);
		size_t cw;

		if (!n)
			n = 1;
		cw = n == 1 && cp >= 0x80 ? 1 : cp_width(cp);
		if (w + cw > maxw)
			break;
		w += cw;
		i += n;
	}
	if (width)
		*width = w;
	return i;
}

size_t
utf8_width(const char *s, size_t len)
{
	size_t w;

	utf8_fit(s, len, (size_t)-1, &w);
	return w;
}

char *
utf8_repair(const char *s)
{
	struct strbuf sb;
	size_t len, i = 0;

	if (!s)
		return NULL;
	len = strlen(s);
	strbuf_init(&sb);
	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(s + i, len - i, &cp);

		if (n) {
			strbuf_add(&sb, s + i, n);
			i += n;
		} else {
			strbuf_adds(&sb, "\xEF\xBF\xBD"); /* U+FFFD */
			i++;
		}
	}
	return strbuf_detach(&sb, NULL);
}
