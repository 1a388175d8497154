/* "Did you mean": see include/centinela/app/suggest.h. */
#include "centinela/app/suggest.h"

#include <string.h>

#define SUGGEST_MAX_LEN   64
#define SUGGEST_MAX_EDITS 2

size_t
suggest_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[SUGGEST_MAX_LEN + 1];

	if (la > SUGGEST_MAX_LEN || lb > SUGGEST_MAX_LEN)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

void
suggest_init(struct suggest *sg, const char *word)
{
	sg->word = word;
	sg->best = NULL;
	sg->best_distance = (size_t)-1;
}

void
suggest_consider(struct suggest *sg, const char *candidate)
{
	size_t d = suggest_distance(sg->word, candidate);

	if (d < sg->best_distance) {
		sg->best = candidate;
		sg->best_distance = d;
	}
}

const char *
suggest_result(const struct suggest *sg)
{
	if (!sg->best || sg->best_distance > SUGGEST_MAX_EDITS ||
	    sg->best_distance >= strlen(sg->word))
		return NULL;
	return sg->best;
}
