/* Allocation that cannot fail: see include/centinela/base/xalloc.h. */
#include "centinela/base/xalloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/log.h"

static void *
checked(void *p, size_t n)
{
	if (!p && n)
		die("out of memory allocating %zu bytes", n);
	return p;
}

void *
xmalloc(size_t n)
{
	return checked(malloc(n ? n : 1), n ? n : 1);
}

void *
xcalloc(size_t nmemb, size_t size)
{
	if (!nmemb || !size)
		nmemb = size = 1;
	return checked(calloc(nmemb, size), nmemb * size);
}

void *
xrealloc(void *p, size_t n)
{
	return checked(realloc(p, n ? n : 1), n ? n : 1);
}

void *
xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		die("allocation overflow (%zu x %zu bytes)", nmemb, size);
	return xrealloc(p, nmemb * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	size_t len = strnlen(s, n);
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
xstrdup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}
