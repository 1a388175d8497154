/*
 * "Did you mean": pick the candidate closest to a mistyped word by edit
 * distance (Levenshtein, on bytes), for unknown commands and settings.
 *
 *	struct suggest sg;
 *	suggest_init(&sg, typed);
 *	for (each name) suggest_consider(&sg, name);
 *	best = suggest_result(&sg);  // NULL when nothing is close enough
 */
#ifndef CENTINELA_APP_SUGGEST_H
#define CENTINELA_APP_SUGGEST_H

#include <stddef.h>

struct suggest {
	const char *word;     /* what was typed (borrowed) */
	const char *best;     /* closest candidate so far (borrowed), or NULL */
	size_t best_distance; /* its edit distance from word */
};

void suggest_init(struct suggest *sg, const char *word);

/* Consider candidate (borrowed for as long as sg is used). */
void suggest_consider(struct suggest *sg, const char *candidate);

/*
 * The closest candidate when it is within 2 edits and fewer edits than the
 * typed word has bytes (so "x" does not suggest "set"), else NULL. The first
 * of equally close candidates wins.
 */
const char *suggest_result(const struct suggest *sg);

/* Edit distance between a and b; words longer than 64 bytes count as far. */
size_t suggest_distance(const char *a, const char *b);

#endif
