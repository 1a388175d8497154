/*
 * SHA-256 and SHA-512 (through libcrypto) and random identifiers.
 */
#ifndef CENTINELA_BASE_HASH_H
#define CENTINELA_BASE_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64  /* hex digits, without the NUL */
#define SHA512_HEX_LEN 128 /* hex digits, without the NUL */
#define UUID_STR_LEN   36  /* "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx" */

/* Incremental SHA-256; ctx is opaque. */
struct sha256;
struct sha256 *sha256_new(void);
void sha256_update(struct sha256 *h, const void *data, size_t len);
/* Finish into out[SHA256_HEX_LEN + 1] as lower-case hex and free h. */
void sha256_final_hex(struct sha256 *h, char *out);
/*
 * Finish into out[SHA256_HEX_LEN + 1] as sha256_final_hex does, then start
 * a new digest in h, which stays the caller's: many short digests in a row
 * (the audit chain) cost no allocation each. Free h with sha256_free.
 */
void sha256_digest_hex(struct sha256 *h, char *out);
/* Free h without finishing it (NULL: nothing). */
void sha256_free(struct sha256 *h);
/* One-shot: hex digest of data[0..len) into out[SHA256_HEX_LEN + 1]. */
void sha256_hex(const void *data, size_t len, char *out);

/* One-shot: SHA-512 hex digest of data[0..len) into
 * out[SHA512_HEX_LEN + 1]. */
void sha512_hex(const void *data, size_t len, char *out);

/* The value of hex digit c (0-9, a-f, A-F), or -1. */
int hex_digit_value(int c);

/*
 * A random (version 4) UUID into out[UUID_STR_LEN + 1], from the kernel's
 * CSPRNG. Returns 0, or ERR_IO when no randomness could be had.
 */
int uuid_v4(char *out);

#endif
