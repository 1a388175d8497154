/*
 * Themes: how each element of the console is drawn, in colour and in
 * monochrome, without knowing anything of curses.
 *
 * A theme maps dotted element names ("list.selected", "severity.high") to a
 * colour style (foreground, background, attributes) and, separately, to a
 * monochrome style (attributes only), used with NO_COLOR or on a terminal
 * without colour. A theme file holds lines
 *
 *     color ELEMENT FG BG [ATTR...]
 *     mono ELEMENT [ATTR...]
 *
 * with '#' comments and blank lines, split by the command-language lexer.
 * The same two lines are commands of the language (`color`, `mono`); those
 * are kept as the user's overrides, which win over the loaded theme and
 * survive `theme NAME` switching the theme underneath them.
 *
 * Lookup inherits: "incidents.list.selected" falls back to "list.selected",
 * then "selected", then "default", then a built-in neutral style, so the
 * console stays usable with no theme file at all. The ui maps a resolved
 * style to a curses pair with theme_color_for.
 */
#ifndef CENTINELA_APP_THEME_H
#define CENTINELA_APP_THEME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct err;
struct strbuf;
struct strvec;

/* What a struct theme_color holds. */
enum theme_color_kind {
	THEME_COLOR_DEFAULT, /* the terminal's own foreground or background */
	THEME_COLOR_NAMED,   /* black..white (0-7) or bright<name> (8-15) */
	THEME_COLOR_INDEX,   /* colorN, a palette index 0-255 */
	THEME_COLOR_RGB,     /* #RRGGBB, down-converted for the terminal */
};

/* A colour as written in a theme. */
struct theme_color {
	enum theme_color_kind kind; /* which of the fields below is used */
	int index;                  /* NAMED and INDEX: palette index 0-255 */
	uint32_t rgb;               /* RGB: 0xRRGGBB */
};

/* Attributes, a bitmask; THEME_ATTR_NORMAL is the empty set. */
enum theme_attr {
	THEME_ATTR_NORMAL = 0,
	THEME_ATTR_BOLD = 1 << 0,
	THEME_ATTR_DIM = 1 << 1,
	THEME_ATTR_UNDERLINE = 1 << 2,
	THEME_ATTR_REVERSE = 1 << 3,
	THEME_ATTR_BLINK = 1 << 4,
	THEME_ATTR_ITALIC = 1 << 5,
	THEME_ATTR_STANDOUT = 1 << 6,
};

/* A resolved style. In monochrome, fg and bg are both THEME_COLOR_DEFAULT. */
struct theme_style {
	struct theme_color fg; /* foreground */
	struct theme_color bg; /* background */
	unsigned attrs;        /* mask of enum theme_attr */
};

/* A documented element of the console (see theme_element_at). */
struct theme_element {
	const char *name;        /* dotted name, e.g. "list.selected" */
	const char *description; /* one line for the man page and completion */
	unsigned builtin_attrs;  /* the neutral style when no theme sets it */
};

/* An opaque theme: the loaded file's entries plus the user's overrides. */
struct theme;

/*
 * Parse a colour: "default", black red green yellow blue magenta cyan white,
 * bright<name>, colorN (0-255) or #RRGGBB (case-insensitive hex). Returns 0
 * or ERR_INVALID with a message listing the accepted forms.
 */
int theme_color_parse(const char *s, struct theme_color *out, struct err *e);

/* Append c as theme_color_parse reads it back ("brightred", "#ff8700"). */
void theme_color_format(const struct theme_color *c, struct strbuf *out);

/*
 * The palette index to draw c with on a terminal of n_colors colours (256,
 * 88, 16, 8), or -1 for the terminal's default colour (also for every
 * colour when n_colors < 8). An index the terminal has is used as is;
 * bright0-7 (8-15) on 8 colours become their base colour (see
 * theme_color_needs_bold); any other index, and #RRGGBB, go to the nearest
 * colour by RGB distance in the xterm palette: the 6x6x6 cube and grey ramp
 * on 256 (or 88) colours, the 16 (or 8) basic colours otherwise.
 */
int theme_color_for(const struct theme_color *c, int n_colors);

/*
 * True when theme_color_for(c, n_colors) lost a bright colour's brightness
 * (an index 8-15 on an 8-colour terminal): the ui may add bold to keep it
 * apart from the base colour.
 */
bool theme_color_needs_bold(const struct theme_color *c, int n_colors);

/*
 * Parse one attribute name (bold dim underline reverse blink italic
 * standout normal) and OR it into *mask. Returns 0 or ERR_INVALID listing
 * the known names.
 */
int theme_attr_parse(const char *s, unsigned *mask, struct err *e);

/* Append the attributes of mask as space-separated names, "normal" for 0. */
void theme_attr_format(unsigned mask, struct strbuf *out);

/* True when s is a valid element name: dotted [a-z0-9+-]+ segments. */
bool theme_element_is_valid(const char *s);

/* The documented elements, in table order; _at returns NULL past the end.
 * The table is static. Other valid names are accepted too. */
size_t theme_element_count(void);
const struct theme_element *theme_element_at(size_t i);

/* A new empty theme (owned; theme_free). Lookups give built-in styles. */
struct theme *theme_new(void);

/* Free t and everything it holds; NULL is fine. */
void theme_free(struct theme *t);

/*
 * The name of the loaded theme ("default", or the file name for
 * theme_load_file), borrowed until the next load; NULL while none is.
 */
const char *theme_name(const struct theme *t);

/*
 * Resolve element (a valid name) in colour or, when is_mono, monochrome,
 * into *out: the first of element, element without its first segment, ...,
 * "default" that the overrides or the loaded theme set (at each name an
 * override wins), else the built-in style of the nearest documented name.
 * Never fails.
 */
void theme_style(const struct theme *t, const char *element, bool is_mono,
                 struct theme_style *out);

/*
 * True when the overrides or the loaded theme set element's colour (or,
 * when is_mono, monochrome) style under exactly that name, not inherited.
 */
bool theme_defines(const struct theme *t, const char *element, bool is_mono);

/*
 * Parse text (a theme file's contents, NUL-terminated) and, only when all
 * of it is valid, make it t's loaded theme under name (copied), keeping the
 * overrides. Errors are ERR_PARSE or ERR_INVALID "SOURCE:LINE: message".
 */
int theme_load_string(struct theme *t, const char *text, const char *source,
                      const char *name, struct err *e);

/* theme_load_string on the contents of path, named after its last part. */
int theme_load_file(struct theme *t, const char *path, struct err *e);

/*
 * Load the theme called name ([a-z0-9-]+, no paths) from the first folder
 * holding it: $XDG_CONFIG_HOME/centinela/themes, CENTINELA_DATADIR/themes,
 * then the source tree's themes/ next to the running binary
 * (build/FLAVOUR/centinela). ERR_NOTFOUND lists the themes found. On error t
 * is unchanged.
 */
int theme_load_named(struct theme *t, const char *name, struct err *e);

/*
 * Load "default" unless a theme was loaded already; the console calls it at
 * start, after the config file. On failure t keeps the built-in styles.
 */
int theme_ensure_loaded(struct theme *t, struct err *e);

/* Append the names of the themes in the search folders, sorted, unique. */
void theme_list_names(struct strvec *names);

/*
 * The user's overrides, as the `color` and `mono` commands give them: fg,
 * bg and the n_attrs words of attrs are parsed as above. Returns 0, or
 * ERR_INVALID naming the bad element, colour or attribute; on error t is
 * unchanged.
 */
int theme_set_color(struct theme *t, const char *element, const char *fg,
                    const char *bg, char *const *attrs, size_t n_attrs,
                    struct err *e);
int theme_set_mono(struct theme *t, const char *element, char *const *attrs,
                   size_t n_attrs, struct err *e);

#endif
