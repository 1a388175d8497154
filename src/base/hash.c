/* SHA-256, SHA-512 and UUIDs: see include/centinela/base/hash.h. */
#include "centinela/base/hash.h"

#include <errno.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/random.h>

#include "centinela/base/err.h"
#include "centinela/base/log.h"

struct sha256 {
	EVP_MD_CTX *ctx; /* libcrypto digest context */
};

struct sha256 *
sha256_new(void)
{
	struct sha256 *h;

	h = malloc(sizeof(*h));
	if (!h || !(h->ctx = EVP_MD_CTX_new()) ||
	    EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1)
		die("cannot initialise SHA-256 (libcrypto)");
	return h;
}

void
sha256_update(struct sha256 *h, const void *data, size_t len)
{
	if (len && EVP_DigestUpdate(h->ctx, data, len) != 1)
		die("SHA-256 update failed (libcrypto)");
}

/* The n bytes of md into out[2 * n + 1] as lower-case hex. */
static void
to_hex(const unsigned char *md, unsigned int n, char *out)
{
	static const char hex[] = "0123456789abcdef";

	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Finish the digest of h into out as hex. */
static void
finish_hex(struct sha256 *h, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_DigestFinal_ex(h->ctx, md, &n) != 1 || n != 32)
		die("SHA-256 final failed (libcrypto)");
	to_hex(md, n, out);
}

void
sha256_final_hex(struct sha256 *h, char *out)
{
	finish_hex(h, out);
	sha256_free(h);
}

void
sha256_digest_hex(struct sha256 *h, char *out)
{
	finish_hex(h, out);
	/* the context keeps its digest: no fetch of SHA-256 again */
	if (EVP_DigestInit_ex(h->ctx, NULL, NULL) != 1)
		die("cannot initialise SHA-256 (libcrypto)");
}

void
sha256_free(struct sha256 *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->ctx);
	free(h);
}

void
sha256_hex(const void *data, size_t len, char *out)
{
	struct sha256 *h = sha256_new();

	sha256_update(h, data, len);
	sha256_final_hex(h, out);
}

void
sha512_hex(const void *data, size_t len, char *out)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	/* EVP_Digest reads no byte of data when len is 0 */
	if (EVP_Digest(len ? data : "", len, md, &n, EVP_sha512(), NULL) != 1 ||
	    n != 64)
		die("SHA-512 failed (libcrypto)");
	to_hex(md, n, out);
}

int
uuid_v4(char *out)
{
	unsigned char b[16];
	size_t got = 0;

	while (got < sizeof(b)) {
		ssize_t n = getrandom(b + got, sizeof(b) - got, 0);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return ERR_IO;
		}
		got += (size_t)n;
	}
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, UUID_STR_LEN + 1,
	         "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	         "%02x%02x%02x%02x%02x%02x",
	         b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
	         b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

int
hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
