/*
 * Allocation that cannot fail: on exhaustion these call die(), which restores
 * the terminal (through the fatal hook) and exits. Returned memory is owned by
 * the caller and released with free().
 */
#ifndef CENTINELA_BASE_XALLOC_H
#define CENTINELA_BASE_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
/* realloc for nmemb * size with an overflow check. */
void *xreallocarray(void *p, size_t nmemb, size_t size);
char *xstrdup(const char *s);
/* Copy at most n bytes of s and NUL-terminate. */
char *xstrndup(const char *s, size_t n);
/* xstrdup that maps NULL to NULL. */
char *xstrdup_or_null(const char *s);

#endif
