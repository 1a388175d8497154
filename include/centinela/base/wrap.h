/*
 * Word wrapping of terminal text: sanitized UTF-8 measured in cells as
 * utf8_width() measures it (a wide character takes two), broken at blanks,
 * a word longer than the line broken where the line ends. One paragraph at
 * a time: the caller splits at newlines.
 */
#ifndef CENTINELA_BASE_WRAP_H
#define CENTINELA_BASE_WRAP_H

#include <stddef.h>

/*
 * The first line of s[0..len) in at most width cells: returns its length
 * in bytes, the blanks it ends with left out, and sets *next to where the
 * next line starts (after the blanks of the break; len when nothing is
 * left). The line ends at the last blank that lets it fit; when none does
 * (a word longer than width, or only the blanks that indent it), the word
 * is broken at the last code point that fits, never inside one. At least
 * one code point is taken (even at width 0, or one wider than width), so
 * that a caller looping until *next == len always ends.
 */
size_t wrap_line(const char *s, size_t len, size_t width, size_t *next);

#endif
