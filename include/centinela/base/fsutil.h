/*
 * Files and folders: XDG paths, private directories and files, and reading a
 * whole file with a size cap.
 */
#ifndef CENTINELA_BASE_FSUTIL_H
#define CENTINELA_BASE_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct err;

/*
 * "$ENV/leaf" when the environment variable env holds an absolute path,
 * else "$HOME/fallback/leaf". Returns the path owned, or NULL (with *e set)
 * when neither is usable.
 */
char *fs_xdg_path(const char *env, const char *fallback, const char *leaf,
                  struct err *e);

/*
 * Create dir and its missing parents with mode (0700 for ours). Existing
 * directories are left as they are. Returns 0 or ERR_IO.
 */
int fs_mkdir_p(const char *dir, mode_t mode, struct err *e);

/* fs_mkdir_p(0700) on the folder that holds path. */
int fs_ensure_parent(const char *path, struct err *e);

/*
 * Make sure path exists as a regular file: create it 0600 when missing.
 * An existing file keeps its mode unless is_ours, when a mode looser than
 * 0600 is tightened: pass is_ours only once the file is known to be the
 * program's own (a cache whose header was checked, a history file), never
 * for a path someone merely named. Returns 0, ERR_IO or ERR_PERM.
 */
int fs_ensure_private_file(const char *path, bool is_ours, struct err *e);

#define FS_CHUNK ((size_t)1 << 20) /* bytes fs_read_chunks reads at once */

/*
 * Read path ("-" for standard input) in pieces of at most FS_CHUNK bytes,
 * handing each to chunk(ctx, buf, len, e) as it is read (buf is reused);
 * a non-zero return of chunk stops the reading and is returned. Fails
 * with ERR_IO ("cannot open 'x': ...", "cannot read 'x': ...") or
 * ERR_LIMIT beyond cap bytes ("'x' is larger than the N-byte limit"),
 * before the piece that crosses it is handed on.
 */
int fs_read_chunks(const char *path, size_t cap,
                   int (*chunk)(void *ctx, const char *buf, size_t len,
                                struct err *e),
                   void *ctx, struct err *e);

/*
 * Read all of path ("-" for standard input) into a malloc'd buffer with a
 * NUL after the last byte. Fails with ERR_LIMIT beyond cap bytes. *out is
 * owned by the caller.
 */
int fs_read_file(const char *path, size_t cap, char **out, size_t *len,
                 struct err *e);

#endif
