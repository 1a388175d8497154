/*
 * UTF-8 decoding, validation and display width.
 *
 * The decoder is strict: overlong forms, surrogates, code points above
 * U+10FFFF and truncated sequences are invalid.
 */
#ifndef CENTINELA_BASE_UTF8_H
#define CENTINELA_BASE_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Decode one code point from s[0..len). Returns the number of bytes it
 * takes (1-4) and stores it in *cp, or returns 0 when the bytes at s do not
 * start a valid sequence (then *cp is the first byte). len must be > 0.
 */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encode cp (<= U+10FFFF, not a surrogate) into out; returns 1-4 bytes. */
size_t utf8_encode(uint32_t cp, char out[4]);

/* True when s[0..len) is entirely valid UTF-8 with no NUL byte. */
bool utf8_valid(const char *s, size_t len);

/*
 * 3 when s[0..len) starts with the UTF-8 byte-order mark (EF BB BF), which
 * Windows editors put at the start of text files, else 0: the bytes a
 * reader of a text file skips before its content.
 */
size_t utf8_bom_len(const char *s, size_t len);

/*
 * A copy of the NUL-terminated s (owned) in which every byte that does not
 * start a valid sequence is U+FFFD; NULL for NULL.
 */
char *utf8_repair(const char *s);

/*
 * Columns s[0..len) takes on a terminal, for text that went through the
 * sanitizer. Code points wcwidth() rejects count as one column.
 */
size_t utf8_width(const char *s, size_t len);

/*
 * Number of bytes of s[0..len) that fit in maxw columns without splitting a
 * code point; *width (optional) receives their width.
 */
size_t utf8_fit(const char *s, size_t len, size_t maxw, size_t *width);

#endif
