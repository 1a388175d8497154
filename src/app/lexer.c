/*
 * The command-language lexer: see include/centinela/app/lexer.h.
 *
 * One pass over the bytes with a small state (outside, in double quotes, in
 * single quotes). The current word is built in a strbuf; has_word records
 * that a word started, so that "" yields an empty word.
 */
#include "centinela/app/lexer.h"

#include <stdbool.h>
#include <string.h>

#include "centinela/base/err.h"

enum lexer_state {
	LEXER_OUTSIDE, /* between or inside unquoted parts of words */
	LEXER_DOUBLE,  /* inside "..." */
	LEXER_SINGLE,  /* inside '...' */
};

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/*
 * True when s (at a '#' that starts a word) is a colour #RRGGBB: six hex
 * digits, then the end of the word. Such a word is not a comment, so that
 * `color list.row #ff8700 default` needs no quotes.
 */
static bool
is_rgb_word(const char *s)
{
	for (int i = 1; i <= 6; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		      (c >= 'A' && c <= 'F')))
			return false;
	}
	return s[7] == '\0' || s[7] == ';' || is_blank(s[7]);
}

int
lexer_split_words(const char *line, struct strvec *words, struct err *e)
{
	enum lexer_state state = LEXER_OUTSIDE;
	struct strbuf word;
	bool has_word = false;
	size_t open_col = 0;
	int rc = 0;
	size_t i;

	strbuf_init(&word);
	for (i = 0; line[i] != '\0'; i++) {
		unsigned char c = (unsigned char)line[i];

		if (state == LEXER_OUTSIDE) {
			if (is_blank((char)c)) {
				if (has_word)
					strvec_push_take(
					    words, strbuf_detach(&word, NULL));
				has_word = false;
				continue;
			}
			if (c == '#' && !has_word && !is_rgb_word(line + i))
				break;
			if (is_control(c)) {
				rc = err_set(e, ERR_PARSE,
				             "column %zu: control character "
				             "0x%02x is not allowed",
				             i + 1, c);
				goto out;
			}
			has_word = true;
			if (c == '"' || c == '\'') {
				state = c == '"' ? LEXER_DOUBLE : LEXER_SINGLE;
				open_col = i + 1;
				continue;
			}
			strbuf_addch(&word, c);
			continue;
		}
		if (is_control(c)) {
			rc = err_set(e, ERR_PARSE,
			             "column %zu: control character 0x%02x is "
			             "not allowed (inside quotes write \\n or "
			             "\\t)",
			             i + 1, c);
			goto out;
		}
		if (state == LEXER_SINGLE) {
			if (c == '\'')
				state = LEXER_OUTSIDE;
			else
				strbuf_addch(&word, c);
			continue;
		}
		/* LEXER_DOUBLE */
		if (c == '"') {
			state = LEXER_OUTSIDE;
			continue;
		}
		if (c != '\\') {
			strbuf_addch(&word, c);
			continue;
		}
		switch (line[i + 1]) {
		case '\\':
		case '"':
			strbuf_addch(&word, line[i + 1]);
			break;
		case 'n':
			strbuf_addch(&word, '\n');
			break;
		case 't':
			strbuf_addch(&word, '\t');
			break;
		case '\0':
			rc = err_set(e, ERR_PARSE,
			             "column %zu: unterminated double quote",
			             open_col);
			goto out;
		default:
			if (is_control((unsigned char)line[i + 1]))
				rc =
				    err_set(e, ERR_PARSE,
				            "column %zu: bad escape: backslash "
				            "before a control character "
				            "(allowed: \\\\ \\\" \\n \\t)",
				            i + 1);
			else
				rc = err_set(e, ERR_PARSE,
				             "column %zu: bad escape '\\%c' "
				             "(allowed: \\\\ \\\" \\n \\t)",
				             i + 1, line[i + 1]);
			goto out;
		}
		i++;
	}
	if (state != LEXER_OUTSIDE) {
		rc = err_set(e, ERR_PARSE, "column %zu: unterminated %s quote",
		             open_col,
		             state == LEXER_DOUBLE ? "double" : "single");
		goto out;
	}
	if (has_word)
		strvec_push_take(words, strbuf_detach(&word, NULL));
out:
	strbuf_release(&word);
	return rc;
}

static void
push_command(struct strvec *commands, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (!is_blank(s[i])) {
			struct strbuf sb;

			strbuf_init(&sb);
			strbuf_add(&sb, s, len);
			strvec_push_take(commands, strbuf_detach(&sb, NULL));
			return;
		}
	}
}

void
lexer_split_commands(const char *s, struct strvec *commands)
{
	enum lexer_state state = LEXER_OUTSIDE;
	bool in_comment = false;
	bool has_word = false;
	size_t start = 0;
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		if (c == '\n') {
			push_command(commands, s + start, i - start);
			start = i + 1;
			state = LEXER_OUTSIDE;
			in_comment = false;
			has_word = false;
			continue;
		}
		if (in_comment)
			continue;
		switch (state) {
		case LEXER_OUTSIDE:
			if (c == ';') {
				push_command(commands, s + start, i - start);
				start = i + 1;
				has_word = false;
			} else if (is_blank(c)) {
				has_word = false;
			} else if (c == '#' && !has_word &&
			           !is_rgb_word(s + i)) {
				in_comment = true;
			} else {
				has_word = true;
				if (c == '"')
					state = LEXER_DOUBLE;
				else if (c == '\'')
					state = LEXER_SINGLE;
			}
			break;
		case LEXER_DOUBLE:
			if (c == '"')
				state = LEXER_OUTSIDE;
			else if (c == '\\' && s[i + 1] != '\0' &&
			         s[i + 1] != '\n')
				i++;
			break;
		case LEXER_SINGLE:
			if (c == '\'')
				state = LEXER_OUTSIDE;
			break;
		}
	}
	push_command(commands, s + start, i - start);
}

static bool
needs_quotes(const char *word)
{
	if (word[0] == '\0' || word[0] == '#')
		return true;
	for (const char *p = word; *p; p++) {
		if (is_blank(*p) || *p == '"' || *p == '\'' || *p == ';' ||
		    is_control((unsigned char)*p))
			return true;
	}
	return false;
}

void
lexer_quote(const char *word, struct strbuf *out)
{
	if (!needs_quotes(word)) {
		strbuf_adds(out, word);
		return;
	}
	strbuf_addch(out, '"');
	for (const char *p = word; *p; p++) {
		switch (*p) {
		case '\\':
			strbuf_adds(out, "\\\\");
			break;
		case '"':
			strbuf_adds(out, "\\\"");
			break;
		case '\n':
			strbuf_adds(out, "\\n");
			break;
		case '\t':
			strbuf_adds(out, "\\t");
			break;
		default:
			if (!is_control((unsigned char)*p))
				strbuf_addch(out, *p);
			break;
		}
	}
	strbuf_addch(out, '"');
}
