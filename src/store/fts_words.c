/*
 * The fts_words() SQL function: whether the texts of one row hold the
 * words of a MATCH query as the lists write them (list_filter.c
 * add_fts_phrase), tested on the row itself with the tokenizer of the
 * FTS5 indexes (unicode61, diacritics removed). A list walking its sort
 * index tests each row this way in microseconds, where a MATCH probe of
 * the index by rowid costs a hundred or more (FTS5 sets the query up and
 * seeks every segment for each row).
 *
 * fts_words(QUERY, TEXT...): QUERY is phrases in double quotes ('""'
 * inside one), each optionally followed by '*' (its last token a prefix),
 * all of them to match (separated by blanks) or any (separated by OR);
 * a phrase matches when its tokens follow one another in one TEXT. As in
 * FTS5, a phrase without tokens is left out, and a query left with none
 * matches nothing.
 */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "internal.h"

/* The tokenizer of the connection (the function's user data). */
struct words_tok {
	fts5_tokenizer api;
	Fts5Tokenizer *tok;
};

/* Tokens, folded, each a run of text in one buffer. */
struct tokens {
	char *text;    /* the tokens one after another */
	size_t len;    /* bytes used */
	size_t alloc;  /* bytes allocated */
	size_t *start; /* token i: text + start[i], start[i + 1] - start[i] */
	size_t n;      /* tokens */
	size_t n_alloc;
};

static void
tokens_reset(struct tokens *t)
{
	t->len = 0;
	t->n = 0;
}

static void
tokens_release(struct tokens *t)
{
	free(t->text);
	free(t->start);
	memset(t, 0, sizeof(*t));
}

static int
push_token(void *ctx, int tflags, const char *tok, int n, int start, int end)
{
	struct tokens *t = ctx;

	(void)start;
	(void)end;
	if (tflags & FTS5_TOKEN_COLOCATED) /* synonyms: unicode61 makes none */
		return SQLITE_OK;
	if (t->n + 2 > t->n_alloc) {
		t->n_alloc = t->n_alloc ? 2 * t->n_alloc : 64;
		t->start =
		    xreallocarray(t->start, t->n_alloc, sizeof(*t->start));
	}
	if (t->len + (size_t)n > t->alloc) {
		while (t->len + (size_t)n > t->alloc)
			t->alloc = t->alloc ? 2 * t->alloc : 256;
		t->text = xrealloc(t->text, t->alloc);
	}
	t->start[t->n++] = t->len;
	memcpy(t->text + t->len, tok, (size_t)n);
	t->len += (size_t)n;
	t->start[t->n] = t->len;
	return SQLITE_OK;
}

static const char *
token_at(const struct tokens *t, size_t i, size_t *len)
{
	*len = t->start[i + 1] - t->start[i];
	return t->text + t->start[i];
}

/* One phrase of the query: tokens [first, first + n) of its tokens. */
struct phrase {
	size_t first, n;
	bool is_prefix;
};

/* The query, parsed and tokenized once per statement (auxdata). */
struct query {
	struct tokens tokens;
	struct phrase *phrases;
	size_t n;
	bool is_any; /* OR: any phrase; else all */
};

static void
query_free(void *p)
{
	struct query *q = p;

	tokens_release(&q->tokens);
	free(q->phrases);
	free(q);
}

static struct query *
query_parse(struct words_tok *wt, const char *src)
{
	struct query *q = xcalloc(1, sizeof(*q));
	size_t alloc = 0;
	const char *p = src;
	char *buf = xmalloc(strlen(src) + 1);

	for (;;) {
		size_t len = 0, first;

		while (*p == ' ')
			p++;
		if (strncmp(p, "OR ", 3) == 0) {
			q->is_any = true;
			p += 3;
			continue;
		}
		if (*p != '"')
			break;
		for (p++; *p; p++) {
			if (*p == '"' && p[1] != '"')
				break;
			if (*p == '"')
				p++;
			buf[len++] = *p;
		}
		if (*p == '"')
			p++;
		first = q->tokens.n;
		wt->api.xTokenize(wt->tok, &q->tokens, FTS5_TOKENIZE_QUERY, buf,
		                  (int)len, push_token);
		while (*p == ' ')
			p++;
		if (q->n == alloc) {
			alloc = alloc ? 2 * alloc : 4;
			q->phrases = xreallocarray(q->phrases, alloc,
			                           sizeof(*q->phrases));
		}
		q->phrases[q->n].first = first;
		q->phrases[q->n].n = q->tokens.n - first;
		q->phrases[q->n].is_prefix = *p == '*';
		if (*p == '*')
			p++;
		/* FTS5 leaves a phrase without tokens out */
		if (q->phrases[q->n].n)
			q->n++;
	}
	free(buf);
	return q;
}

/* Whether the phrase's tokens follow one another in doc. */
static bool
phrase_in(const struct query *q, const struct phrase *ph,
          const struct tokens *doc)
{
	for (size_t i = 0; i + ph->n <= doc->n; i++) {
		size_t k = 0;

		for (; k < ph->n; k++) {
			size_t dl, ql;
			const char *d = token_at(doc, i + k, &dl);
			const char *w =
			    token_at(&q->tokens, ph->first + k, &ql);
			bool is_last = k + 1 == ph->n;

			if (is_last && ph->is_prefix ? dl < ql : dl != ql)
				break;
			if (memcmp(d, w, ql) != 0)
				break;
		}
		if (k == ph->n)
			return true;
	}
	return false;
}

static void
sql_fts_words(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct words_tok *wt = sqlite3_user_data(cx);
	struct query *q = sqlite3_get_auxdata(cx, 0);
	bool *is_met, result;
	struct tokens doc;
	size_t n_met = 0;

	if (!q) {
		const unsigned char *src = sqlite3_value_text(argv[0]);

		q = query_parse(wt, src ? (const char *)src : "");
		sqlite3_set_auxdata(cx, 0, q, query_free);
		/* SQLite may have freed it already (out of memory) */
		q = sqlite3_get_auxdata(cx, 0);
		if (!q) {
			sqlite3_result_error_nomem(cx);
			return;
		}
	}
	if (!q->n) {
		sqlite3_result_int(cx, 0);
		return;
	}
	is_met = xcalloc(q->n, sizeof(*is_met));
	memset(&doc, 0, sizeof(doc));
	for (int i = 1; i < argc && n_met < q->n; i++) {
		const char *text = (const char *)sqlite3_value_text(argv[i]);

		if (!text)
			continue;
		tokens_reset(&doc);
		wt->api.xTokenize(wt->tok, &doc, FTS5_TOKENIZE_DOCUMENT, text,
		                  sqlite3_value_bytes(argv[i]), push_token);
		for (size_t k = 0; k < q->n; k++)
			if (!is_met[k] && phrase_in(q, &q->phrases[k], &doc)) {
				is_met[k] = true;
				n_met++;
			}
		if (q->is_any && n_met)
			break;
	}
	result = q->is_any ? n_met > 0 : n_met == q->n;
	tokens_release(&doc);
	free(is_met);
	sqlite3_result_int(cx, result);
}

static void
words_tok_free(void *p)
{
	struct words_tok *wt = p;

	if (wt->tok)
		wt->api.xDelete(wt->tok);
	free(wt);
}

/* The connection's FTS5 API, through SELECT fts5(?1). */
static fts5_api *
fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int
store_fts_functions(struct store *s, struct err *e)
{
	static const char *const args[] = {"remove_diacritics", "2"};
	fts5_api *api = fts5_api_of(s->db);
	struct words_tok *wt;
	void *ud = NULL;

	if (!api || api->iVersion < 2)
		return err_set(e, ERR_DB,
		               "SQLite has no FTS5: cannot search words");
	wt = xcalloc(1, sizeof(*wt));
	if (api->xFindTokenizer(api, "unicode61", &ud, &wt->api) != SQLITE_OK ||
	    wt->api.xCreate(ud, (const char **)args, 2, &wt->tok) !=
	        SQLITE_OK) {
		free(wt);
		return err_set(e, ERR_DB,
		               "cannot make the unicode61 tokenizer of FTS5");
	}
	if (sqlite3_create_function_v2(
	        s->db, "fts_words", -1,
	        SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, wt,
	        sql_fts_words, NULL, NULL, words_tok_free) != SQLITE_OK)
		return store_db_err(s, e, "cannot register fts_words");
	return 0;
}
