/*
 * A vector of owned strings (NULL-terminated, like argv) and a vector of
 * borrowed or owned pointers.
 */
#ifndef CENTINELA_BASE_STRVEC_H
#define CENTINELA_BASE_STRVEC_H

#include <stddef.h>

struct strvec {
	char **v;     /* items, v[n] == NULL once anything was pushed */
	size_t n;     /* number of items */
	size_t alloc; /* slots allocated */
};

void strvec_init(struct strvec *sv);
/* Free every string and the array, then re-init. */
void strvec_release(struct strvec *sv);
/* Push a copy of s. */
void strvec_push(struct strvec *sv, const char *s);
/* Push s, taking ownership of it (a malloc'd string). */
void strvec_push_take(struct strvec *sv, char *s);
/* Index of the first item equal to s, or -1. */
long strvec_find(const struct strvec *sv, const char *s);

struct ptrvec {
	void **v;     /* items */
	size_t n;     /* number of items */
	size_t alloc; /* slots allocated */
};

void ptrvec_init(struct ptrvec *pv);
/* Free the array only; the items belong to whoever pushed them. */
void ptrvec_release(struct ptrvec *pv);
void ptrvec_push(struct ptrvec *pv, void *p);

#endif
