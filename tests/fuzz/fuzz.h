/*
 * What the libFuzzer targets of tests/fuzz/ share: the input as the
 * parsers get it in the program, in a heap block of exactly its size, so
 * that AddressSanitizer catches a read one byte past it.
 */
#ifndef CENTINELA_TESTS_FUZZ_H
#define CENTINELA_TESTS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* data[0..size) as a string: a copy with one NUL after it (owned). */
static inline char *
fuzz_string(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* data[0..size) as bytes: a copy of exactly size bytes (owned). */
static inline char *
fuzz_bytes(const uint8_t *data, size_t size)
{
	char *s = malloc(size ? size : 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	return s;
}

#endif
