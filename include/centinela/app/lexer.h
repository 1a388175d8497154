/*
 * The lexer of the command language: the same rules for the config file,
 * the ':' prompt, key bindings and -c on the command line.
 *
 * A line splits into words on blanks (space, tab, and a stray CR or LF).
 * Inside "...", a backslash escapes \\ \" \n and \t; any other escape is an
 * error. Inside '...' every byte is literal. Outside quotes a backslash is
 * an ordinary byte. A word may mix quoted and unquoted parts: a"b c"d is the
 * one word "ab cd", and "" is an empty word. A '#' that starts a word
 * (outside quotes) starts a comment to the end of the line, as in sh, so
 * that url=https://x/#frag stays one word; a colour #RRGGBB (six hex digits
 * ending the word) is a word, not a comment. Control bytes other than tab are
 * refused everywhere.
 *
 * Several commands may share a string, separated by newlines or by a ';'
 * outside quotes and comments (a lone ';' word, as in tmux, is not needed).
 */
#ifndef CENTINELA_APP_LEXER_H
#define CENTINELA_APP_LEXER_H

#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"

struct err;

/*
 * Split one command line into words, appended to *words (owned by the
 * caller's vector). Returns 0, or ERR_PARSE with a message that starts with
 * the 1-based byte column: "column 12: unterminated double quote". On error
 * the words pushed so far stay in *words.
 */
int lexer_split_words(const char *line, struct strvec *words, struct err *e);

/*
 * Split s into commands on newlines and on ';' outside quotes and comments,
 * appending each command's text (without the separator) to *commands.
 * Pieces that hold only blanks are dropped. Never fails: quoting errors are
 * left for lexer_split_words to report on the piece that holds them. A
 * newline always ends a command, even inside quotes.
 */
void lexer_split_commands(const char *s, struct strvec *commands);

/*
 * Append word to out in a form lexer_split_words reads back as exactly that
 * one word: bare when it needs no quoting, else in double quotes with
 * \\ \" \n \t escaped. Words holding other control bytes cannot be written
 * back and are appended with those bytes dropped.
 */
void lexer_quote(const char *word, struct strbuf *out);

#endif
