/* String and pointer vectors: see include/centinela/base/strvec.h. */
#include "centinela/base/strvec.h"

#include <stdlib.h>
#include <string.h>

#include "centinela/base/xalloc.h"

void
strvec_init(struct strvec *sv)
{
	sv->v = NULL;
	sv->n = 0;
	sv->alloc = 0;
}

void
strvec_release(struct strvec *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	strvec_init(sv);
}

void
strvec_push_take(struct strvec *sv, char *s)
{
	if (sv->n + 2 > sv->alloc) {
		sv->alloc = sv->alloc ? sv->alloc * 2 : 8;
		sv->v = xreallocarray(sv->v, sv->alloc, sizeof(*sv->v));
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

void
strvec_push(struct strvec *sv, const char *s)
{
	strvec_push_take(sv, xstrdup(s));
}

long
strvec_find(const struct strvec *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return (long)i;
	return -1;
}

void
ptrvec_init(struct ptrvec *pv)
{
	pv->v = NULL;
	pv->n = 0;
	pv->alloc = 0;
}

void
ptrvec_release(struct ptrvec *pv)
{
	free(pv->v);
	ptrvec_init(pv);
}

void
ptrvec_push(struct ptrvec *pv, void *p)
{
	if (pv->n + 1 > pv->alloc) {
		pv->alloc = pv->alloc ? pv->alloc * 2 : 8;
		pv->v = xreallocarray(pv->v, pv->alloc, sizeof(*pv->v));
	}
	pv->v[pv->n++] = p;
}
