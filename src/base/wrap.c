/* Word wrapping: see include/centinela/base/wrap.h. */
#include "centinela/base/wrap.h"

#include <stdint.h>

#include "centinela/base/utf8.h"

/* s[0..end) without the blanks it ends with. */
static size_t
trim_end(const char *s, size_t end)
{
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

/* From i, past the blanks. */
static size_t
skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

size_t
wrap_line(const char *s, size_t len, size_t width, size_t *next)
{
	size_t fit = utf8_fit(s, len, width, NULL), brk = 0, lead;

	if (fit == len) {
		*next = len;
		return trim_end(s, len);
	}
	if (s[fit] == ' ') { /* the line ends at a word's end */
		*next = skip_blanks(s, len, fit);
		return trim_end(s, fit);
	}
	/* the last blank in what fits, after the indentation */
	lead = skip_blanks(s, fit, 0);
	for (size_t i = fit; i > lead; i--)
		if (s[i - 1] == ' ') {
			brk = i - 1;
			break;
		}
	if (brk) {
		*next = skip_blanks(s, len, brk);
		return trim_end(s, brk);
	}
	if (!fit) { /* not even one code point fits: take one anyway */
		uint32_t cp;

		fit = utf8_decode(s, len, &cp);
		if (!fit)
			fit = 1;
	}
	*next = fit;
	return fit;
}
