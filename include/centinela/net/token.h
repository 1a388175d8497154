/*
 * Bearer tokens from a private file or an environment variable, never from
 * argv. The token is returned in a strbuf the caller wipes and releases
 * (net_token_wipe); it is never put in a message.
 */
#ifndef CENTINELA_NET_TOKEN_H
#define CENTINELA_NET_TOKEN_H

#include <stddef.h>

struct err;
struct strbuf;

/* Largest token accepted, in bytes. */
#define NET_TOKEN_MAX 4096

/*
 * Read the token in path into out (appended to an initialised strbuf).
 * Refused, like OpenSSH does for keys: a file readable or writable by group
 * or others (mode & 077; the message says to chmod 600), one owned by
 * another user (root-owned files are accepted), anything but a regular
 * file, an empty file, one over NET_TOKEN_MAX bytes. One trailing newline
 * (LF or CRLF) is stripped; a token with control characters, spaces or
 * non-ASCII bytes is refused. Returns 0, ERR_IO, ERR_PERM, ERR_INVALID or
 * ERR_LIMIT.
 */
int net_token_read(const char *path, struct strbuf *out, struct err *e);

/*
 * The token in the environment variable name, checked as above (no
 * newline stripping). ERR_NOTFOUND when unset or empty.
 */
int net_token_from_env(const char *name, struct strbuf *out, struct err *e);

/* Overwrite the contents of a token buffer and release it. */
void net_token_wipe(struct strbuf *sb);

#endif
