/*
 * Themes: see include/centinela/app/theme.h.
 *
 * A theme is two small arrays of entries, one per element name: the layer
 * loaded from a theme file (replaced whole by each load) and the user's
 * overrides from `color` and `mono` (kept across loads). An entry may set a
 * colour style, a monochrome style, or both; lookup walks the inheritance
 * chain of the name and takes the first entry that sets the style asked
 * for. A few dozen entries and short chains make linear search the right
 * tool; the ui resolves styles once per theme change, not per cell.
 */
#include "centinela/app/theme.h"

#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "centinela/base/array.h"
#include "centinela/app/lexer.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/strvec.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"

#ifndef CENTINELA_DATADIR
#define CENTINELA_DATADIR "/usr/local/share/centinela"
#endif

/* Largest theme file read, and longest line, element and theme name. */
#define THEME_FILE_MAX    (256 * 1024)
#define THEME_LINE_MAX    1024
#define THEME_ELEMENT_MAX 64
#define THEME_NAME_MAX    64

/* The accepted colour forms, for error messages. */
#define THEME_COLOR_FORMS                                                      \
	"default, black, red, green, yellow, blue, magenta, cyan, white, "     \
	"bright<name>, color0 to color255 or #RRGGBB"

/* One element's settings in one layer. */
struct theme_entry {
	char *name;               /* element name (owned) */
	bool has_color;           /* color is set */
	struct theme_style color; /* the colour style */
	bool has_mono;            /* mono_attrs is set */
	unsigned mono_attrs;      /* the monochrome attributes */
};

/* One layer: the loaded file's entries, or the overrides. */
struct theme_layer {
	struct theme_entry *v; /* entries, in order of first setting */
	size_t n;              /* entries used */
	size_t alloc;          /* entries allocated */
};

struct theme {
	char *name;                   /* loaded theme's name (owned), or NULL */
	struct theme_layer loaded;    /* from the theme file */
	struct theme_layer overrides; /* from `color` and `mono` commands */
};

/* The eight basic colour names, index 0-7. */
static const char *const color_names[8] = {
    "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* The element table: what the console draws, for docs and completion. */
static const struct theme_element element_table[] = {
    {"default", "text no other element styles", THEME_ATTR_NORMAL},
    {"border", "lines between panes and around overlays", THEME_ATTR_NORMAL},
    {"tabs", "the tab bar", THEME_ATTR_REVERSE},
    {"tabs.active", "the current tab", THEME_ATTR_BOLD},
    {"tabs.count", "the row count in a tab's label", THEME_ATTR_REVERSE},
    {"status", "the status bar", THEME_ATTR_REVERSE},
    {"status.ok", "a source that synced fine", THEME_ATTR_REVERSE},
    {"status.warn", "a stale or retrying source, a growing outbox",
     THEME_ATTR_REVERSE | THEME_ATTR_BOLD},
    {"status.error", "a failing source, conflicts waiting",
     THEME_ATTR_REVERSE | THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"message", "the message line", THEME_ATTR_NORMAL},
    {"message.error", "an error on the message line", THEME_ATTR_BOLD},
    {"prompt", "the ':' and '/' prompts", THEME_ATTR_NORMAL},
    {"list.header", "column headings of a list",
     THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"list.row", "a row of a list", THEME_ATTR_NORMAL},
    {"list.selected", "the selected row", THEME_ATTR_REVERSE},
    {"list.marked", "a marked row (Space, :mark): actions apply to these",
     THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"list.dim", "secondary text: closed, resolved or muted rows",
     THEME_ATTR_DIM},
    {"severity.info", "severity info", THEME_ATTR_DIM},
    {"severity.low", "severity low", THEME_ATTR_NORMAL},
    {"severity.medium", "severity medium", THEME_ATTR_NORMAL},
    {"severity.high", "severity high", THEME_ATTR_BOLD},
    {"severity.critical", "severity critical",
     THEME_ATTR_BOLD | THEME_ATTR_REVERSE},
    {"tlp.clear", "TLP:CLEAR", THEME_ATTR_NORMAL},
    {"tlp.green", "TLP:GREEN", THEME_ATTR_NORMAL},
    {"tlp.amber", "TLP:AMBER", THEME_ATTR_BOLD},
    {"tlp.amber+strict", "TLP:AMBER+STRICT",
     THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"tlp.red", "TLP:RED", THEME_ATTR_BOLD | THEME_ATTR_REVERSE},
    {"sla.ok", "an SLA with time to spare, or met", THEME_ATTR_NORMAL},
    {"sla.near", "an SLA with a quarter of its target or less left",
     THEME_ATTR_BOLD},
    {"sla.breached", "an SLA past its target, or missed",
     THEME_ATTR_BOLD | THEME_ATTR_REVERSE},
    {"sla.paused", "an SLA whose clock stands still (waiting)", THEME_ATTR_DIM},
    {"detail.title", "the title of a detail pane", THEME_ATTR_BOLD},
    {"detail.label", "field names in a detail", THEME_ATTR_BOLD},
    {"detail.value", "field values in a detail", THEME_ATTR_NORMAL},
    {"detail.link", "a link to another record", THEME_ATTR_UNDERLINE},
    {"detail.link.selected", "the link Enter follows",
     THEME_ATTR_REVERSE | THEME_ATTR_UNDERLINE},
    {"detail.section", "section headings in a detail (timeline, ...)",
     THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"help.key", "key names in the help overlay", THEME_ATTR_BOLD},
    {"help.text", "descriptions in the help overlay", THEME_ATTR_NORMAL},
    {"notice", "the \"terminal too small\" notice", THEME_ATTR_BOLD},
    {"dashboard.heading", "section headings of the dashboard",
     THEME_ATTR_BOLD | THEME_ATTR_UNDERLINE},
    {"dashboard.figure", "totals on the dashboard", THEME_ATTR_BOLD},
    {"dashboard.breach", "the SLA breaches total when not zero",
     THEME_ATTR_BOLD | THEME_ATTR_REVERSE},
    {"dashboard.bar", "the sector bars of the dashboard", THEME_ATTR_NORMAL},
    {"dashboard.spark", "the alert sparkline of the dashboard",
     THEME_ATTR_NORMAL},
};

#define ELEMENT_COUNT ARRAY_SIZE(element_table)

/* Attribute names, in the order messages and formatting use. */
static const struct {
	const char *name; /* as written */
	unsigned bit;     /* its THEME_ATTR_* */
} attr_names[] = {
    {"bold", THEME_ATTR_BOLD},           {"dim", THEME_ATTR_DIM},
    {"underline", THEME_ATTR_UNDERLINE}, {"reverse", THEME_ATTR_REVERSE},
    {"blink", THEME_ATTR_BLINK},         {"italic", THEME_ATTR_ITALIC},
    {"standout", THEME_ATTR_STANDOUT},   {"normal", THEME_ATTR_NORMAL},
};

#define ATTR_COUNT ARRAY_SIZE(attr_names)

/* The standard xterm values of colours 0-15. */
static const uint32_t basic_rgb[16] = {
    0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd,
    0x00cdcd, 0xe5e5e5, 0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00,
    0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

/* Levels of the 6x6x6 cube of xterm-256color and the 4x4x4 of 88color. */
static const uint8_t cube256[6] = {0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff};
static const uint8_t cube88[4] = {0x00, 0x8b, 0xcd, 0xff};
static const uint8_t grey88[8] = {0x2e, 0x5c, 0x74, 0x8b,
                                  0xa2, 0xb9, 0xd0, 0xe7};

/* ---- colours ---- */

static const char *
color_name(int i)
{
	return color_names[i & 7];
}

int
theme_color_parse(const char *s, struct theme_color *out, struct err *e)
{
	struct theme_color c = {THEME_COLOR_DEFAULT, -1, 0};
	const char *base = s;
	bool is_bright = false;

	if (strcmp(s, "default") == 0)
		goto ok;
	if (s[0] == '#') {
		uint32_t v = 0;
		size_t i;

		for (i = 1; i <= 6 && s[i]; i++) {
			char ch = s[i];
			int d;

			if (ch >= '0' && ch <= '9')
				d = ch - '0';
			else if (ch >= 'a' && ch <= 'f')
				d = ch - 'a' + 10;
			else if (ch >= 'A' && ch <= 'F')
				d = ch - 'A' + 10;
			else
				break;
			v = v << 4 | (uint32_t)d;
		}
		if (i != 7 || s[i] != '\0')
			goto bad;
		c.kind = THEME_COLOR_RGB;
		c.rgb = v;
		goto ok;
	}
	if (strncmp(s, "color", 5) == 0 && s[5] >= '0' && s[5] <= '9') {
		int v = 0;
		size_t i;

		for (i = 5; s[i] >= '0' && s[i] <= '9' && i < 8; i++)
			v = v * 10 + (s[i] - '0');
		if (s[i] != '\0' || v > 255 || (s[5] == '0' && s[6] != '\0'))
			goto bad;
		c.kind = THEME_COLOR_INDEX;
		c.index = v;
		goto ok;
	}
	if (strncmp(s, "bright", 6) == 0) {
		base = s + 6;
		is_bright = true;
	}
	for (int i = 0; i < 8; i++) {
		if (strcmp(base, color_name(i)) == 0) {
			c.kind = THEME_COLOR_NAMED;
			c.index = i + (is_bright ? 8 : 0);
			goto ok;
		}
	}
bad:
	return err_set(e, ERR_INVALID,
	               "unknown colour '%s' (expected " THEME_COLOR_FORMS ")",
	               s);
ok:
	*out = c;
	return 0;
}

void
theme_color_format(const struct theme_color *c, struct strbuf *out)
{
	switch (c->kind) {
	case THEME_COLOR_DEFAULT:
		strbuf_adds(out, "default");
		break;
	case THEME_COLOR_NAMED:
		strbuf_addf(out, "%s%s", c->index >= 8 ? "bright" : "",
		            color_name(c->index));
		break;
	case THEME_COLOR_INDEX:
		strbuf_addf(out, "color%d", c->index);
		break;
	case THEME_COLOR_RGB:
		strbuf_addf(out, "#%06x", (unsigned)(c->rgb & 0xffffff));
		break;
	}
}

/* RGB of palette index i (0-255) in the 256-colour xterm palette. */
static uint32_t
palette256_rgb(int i)
{
	if (i < 16)
		return basic_rgb[i];
	if (i < 232) {
		int n = i - 16;

		return (uint32_t)cube256[n / 36] << 16 |
		       (uint32_t)cube256[n / 6 % 6] << 8 | cube256[n % 6];
	}
	uint32_t g = (uint32_t)(8 + 10 * (i - 232));
	return g << 16 | g << 8 | g;
}

/* RGB of index i (16-87) in the 88-colour xterm palette. */
static uint32_t
palette88_rgb(int i)
{
	if (i < 80) {
		int n = i - 16;

		return (uint32_t)cube88[n / 16] << 16 |
		       (uint32_t)cube88[n / 4 % 4] << 8 | cube88[n % 4];
	}
	uint32_t g = grey88[i - 80];
	return g << 16 | g << 8 | g;
}

static long
rgb_distance(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);

	return dr * dr + dg * dg + db * db;
}

/* True when rgb is a grey or nearly: its channels within 32 of each other. */
static bool
is_greyish(uint32_t rgb)
{
	int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff);
	int b = (int)(rgb & 0xff);
	int hi = r > g ? (r > b ? r : b) : (g > b ? g : b);
	int lo = r < g ? (r < b ? r : b) : (g < b ? g : b);

	return hi - lo < 32;
}

/*
 * Nearest palette index to rgb on a terminal of n colours (>= 8). The
 * 256- and 88-colour palettes search only their cube and greys: colours
 * 0-15 are often redefined by terminal colour schemes, the cube is not.
 * With 16 or 8 colours a grey is matched only to the basic greys (black,
 * white and their bright forms): by plain distance, mid-grey is nearer
 * xterm's yellow than its white.
 */
static int
nearest(uint32_t rgb, int n)
{
	bool is_grey = n < 88 && is_greyish(rgb);
	int lo, hi, best = 0;
	long best_d = -1;

	if (n >= 256) {
		lo = 16;
		hi = 255;
	} else if (n >= 88) {
		lo = 16;
		hi = 87;
	} else {
		lo = 0;
		hi = n >= 16 ? 15 : 7;
	}
	for (int i = lo; i <= hi; i++) {
		uint32_t p = i < 16     ? basic_rgb[i]
		             : n >= 256 ? palette256_rgb(i)
		                        : palette88_rgb(i);
		long d = rgb_distance(rgb, p);

		if (is_grey && i != 0 && i != 7 && i != 8 && i != 15)
			continue;
		if (best_d < 0 || d < best_d) {
			best_d = d;
			best = i;
		}
	}
	return best;
}

int
theme_color_for(const struct theme_color *c, int n_colors)
{
	if (c->kind == THEME_COLOR_DEFAULT || n_colors < 8)
		return -1;
	if (c->kind == THEME_COLOR_RGB)
		return nearest(c->rgb, n_colors);
	if (c->index < n_colors)
		return c->index;
	if (c->index < 16)
		return c->index - 8;
	return nearest(palette256_rgb(c->index), n_colors);
}

bool
theme_color_needs_bold(const struct theme_color *c, int n_colors)
{
	return (c->kind == THEME_COLOR_NAMED || c->kind == THEME_COLOR_INDEX) &&
	       n_colors >= 8 && n_colors < 16 && c->index >= 8 && c->index < 16;
}

/* ---- attributes and elements ---- */

int
theme_attr_parse(const char *s, unsigned *mask, struct err *e)
{
	for (size_t i = 0; i < ATTR_COUNT; i++) {
		if (strcmp(s, attr_names[i].name) == 0) {
			*mask |= attr_names[i].bit;
			return 0;
		}
	}
	return err_set(e, ERR_INVALID,
	               "unknown attribute '%s' (known: bold, dim, underline, "
	               "reverse, blink, italic, standout, normal)",
	               s);
}

void
theme_attr_format(unsigned mask, struct strbuf *out)
{
	bool is_first = true;

	for (size_t i = 0; i < ATTR_COUNT; i++) {
		if (!(mask & attr_names[i].bit))
			continue;
		if (!is_first)
			strbuf_addch(out, ' ');
		strbuf_adds(out, attr_names[i].name);
		is_first = false;
	}
	if (is_first)
		strbuf_adds(out, "normal");
}

bool
theme_element_is_valid(const char *s)
{
	size_t seg = 0, len = 0;

	for (; s[len]; len++) {
		char ch = s[len];

		if (ch == '.') {
			if (seg == 0)
				return false;
			seg = 0;
		} else if ((ch >= 'a' && ch <= 'z') ||
		           (ch >= '0' && ch <= '9') || ch == '+' || ch == '-') {
			seg++;
		} else {
			return false;
		}
	}
	return seg > 0 && len <= THEME_ELEMENT_MAX;
}

size_t
theme_element_count(void)
{
	return ELEMENT_COUNT;
}

const struct theme_element *
theme_element_at(size_t i)
{
	return i < ELEMENT_COUNT ? &element_table[i] : NULL;
}

static const struct theme_element *
element_find(const char *name)
{
	for (size_t i = 0; i < ELEMENT_COUNT; i++)
		if (strcmp(element_table[i].name, name) == 0)
			return &element_table[i];
	return NULL;
}

static int
element_check(const char *element, struct err *e)
{
	if (theme_element_is_valid(element))
		return 0;
	return err_set(e, ERR_INVALID,
	               "invalid element name '%s' (expected dotted lower-case "
	               "names of letters, digits, '+' and '-', at most %d "
	               "bytes, such as list.selected)",
	               element, THEME_ELEMENT_MAX);
}

/* ---- layers ---- */

static void
layer_release(struct theme_layer *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static const struct theme_entry *
layer_find(const struct theme_layer *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0)
			return &l->v[i];
	return NULL;
}

/* The entry for name in l, added empty when missing. */
static struct theme_entry *
layer_get(struct theme_layer *l, const char *name)
{
	struct theme_entry *en = (struct theme_entry *)layer_find(l, name);

	if (en)
		return en;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xreallocarray(l->v, l->alloc, sizeof(*l->v));
	}
	en = &l->v[l->n++];
	memset(en, 0, sizeof(*en));
	en->name = xstrdup(name);
	return en;
}

/* Parse the attribute words into *mask (0 when there are none). */
static int
parse_attrs(char *const *words, size_t n, unsigned *mask, struct err *e)
{
	*mask = 0;
	for (size_t i = 0; i < n; i++) {
		int rc = theme_attr_parse(words[i], mask, e);

		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
set_color(struct theme_layer *l, const char *element, const char *fg,
          const char *bg, char *const *attrs, size_t n_attrs, struct err *e)
{
	struct theme_style st;
	struct theme_entry *en;
	int rc;

	if ((rc = element_check(element, e)) < 0 ||
	    (rc = theme_color_parse(fg, &st.fg, e)) < 0 ||
	    (rc = theme_color_parse(bg, &st.bg, e)) < 0 ||
	    (rc = parse_attrs(attrs, n_attrs, &st.attrs, e)) < 0)
		return rc;
	en = layer_get(l, element);
	en->has_color = true;
	en->color = st;
	return 0;
}

static int
set_mono(struct theme_layer *l, const char *element, char *const *attrs,
         size_t n_attrs, struct err *e)
{
	struct theme_entry *en;
	unsigned mask;
	int rc;

	if ((rc = element_check(element, e)) < 0 ||
	    (rc = parse_attrs(attrs, n_attrs, &mask, e)) < 0)
		return rc;
	en = layer_get(l, element);
	en->has_mono = true;
	en->mono_attrs = mask;
	return 0;
}

/* One line's words (a `color` or `mono` line) applied to l. */
static int
apply_words(struct theme_layer *l, char **w, size_t n, struct err *e)
{
	if (strcmp(w[0], "color") == 0) {
		if (n < 4)
			return err_set(e, ERR_PARSE,
			               "usage: color ELEMENT FG BG [ATTR...]");
		return set_color(l, w[1], w[2], w[3], w + 4, n - 4, e);
	}
	if (strcmp(w[0], "mono") == 0) {
		if (n < 2)
			return err_set(e, ERR_PARSE,
			               "usage: mono ELEMENT [ATTR...]");
		return set_mono(l, w[1], w + 2, n - 2, e);
	}
	return err_set(e, ERR_PARSE,
	               "unknown theme line '%s' (expected color or mono)",
	               w[0]);
}

/* ---- themes ---- */

struct theme *
theme_new(void)
{
	return xcalloc(1, sizeof(struct theme));
}

void
theme_free(struct theme *t)
{
	if (!t)
		return;
	free(t->name);
	layer_release(&t->loaded);
	layer_release(&t->overrides);
	free(t);
}

const char *
theme_name(const struct theme *t)
{
	return t->name;
}

/* The entry that sets the style asked for at name, overrides first. */
static const struct theme_entry *
find_set(const struct theme *t, const char *name, bool is_mono)
{
	const struct theme_layer *layers[2] = {&t->overrides, &t->loaded};

	for (size_t i = 0; i < 2; i++) {
		const struct theme_entry *en = layer_find(layers[i], name);

		if (en && (is_mono ? en->has_mono : en->has_color))
			return en;
	}
	return NULL;
}

bool
theme_defines(const struct theme *t, const char *element, bool is_mono)
{
	return find_set(t, element, is_mono) != NULL;
}

void
theme_style(const struct theme *t, const char *element, bool is_mono,
            struct theme_style *out)
{
	const struct theme_element *doc = NULL;
	const struct theme_entry *en = NULL;
	const char *name = element;

	memset(out, 0, sizeof(*out));
	out->fg.kind = out->bg.kind = THEME_COLOR_DEFAULT;
	out->fg.index = out->bg.index = -1;
	for (;;) {
		if (!doc)
			doc = element_find(name);
		if ((en = find_set(t, name, is_mono)))
			break;
		const char *dot = strchr(name, '.');
		if (!dot)
			break;
		name = dot + 1;
	}
	if (!en && (en = find_set(t, "default", is_mono)) == NULL) {
		out->attrs = doc ? doc->builtin_attrs : THEME_ATTR_NORMAL;
		return;
	}
	if (is_mono)
		out->attrs = en->mono_attrs;
	else
		*out = en->color;
}

/* The last part of path. */
static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

int
theme_load_string(struct theme *t, const char *text, const char *source,
                  const char *name, struct err *e)
{
	struct theme_layer layer = {NULL, 0, 0};
	struct strvec words;
	const char *line = text;
	int lineno = 0;
	int rc = 0;

	strvec_init(&words);
	while (*line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char *copy;

		lineno++;
		if (len > THEME_LINE_MAX) {
			rc = err_set(e, ERR_LIMIT,
			             "%s:%d: line is longer than %d bytes",
			             source, lineno, THEME_LINE_MAX);
			goto out;
		}
		copy = xstrndup(line, len);
		strvec_release(&words);
		rc = lexer_split_words(copy, &words, e);
		free(copy);
		if (rc == 0 && words.n > 0)
			rc = apply_words(&layer, words.v, words.n, e);
		if (rc < 0) {
			err_prefix(e, "%s:%d", source, lineno);
			goto out;
		}
		line += len + (nl != NULL);
	}
	layer_release(&t->loaded);
	t->loaded = layer;
	memset(&layer, 0, sizeof(layer));
	free(t->name);
	t->name = xstrdup(name);
out:
	layer_release(&layer);
	strvec_release(&words);
	return rc;
}

int
theme_load_file(struct theme *t, const char *path, struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	int rc;

	rc = fs_read_file(path, THEME_FILE_MAX, &buf, &len, e);
	if (rc < 0)
		goto out;
	if (strlen(buf) != len) {
		rc = err_set(e, ERR_PARSE, "%s: NUL byte in theme file", path);
		goto out;
	}
	/* A byte-order mark (Windows editors write one) is not a command. */
	rc = theme_load_string(t, buf + utf8_bom_len(buf, len), path,
	                       base_name(path), e);
out:
	free(buf);
	return rc;
}

/* The folder holding the running binary, owned, or NULL. */
static char *
exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/* Append the theme folders, in search order, to dirs. */
static void
search_dirs(struct strvec *dirs)
{
	char *xdg =
	    fs_xdg_path("XDG_CONFIG_HOME", ".config", "centinela/themes", NULL);
	char *dir = exe_dir();

	if (xdg)
		strvec_push_take(dirs, xdg);
	strvec_push(dirs, CENTINELA_DATADIR "/themes");
	if (dir) {
		struct strbuf sb;
		char *real;

		/* build/FLAVOUR/centinela: the source tree is two up. */
		strbuf_init(&sb);
		strbuf_addf(&sb, "%s/../../themes", dir);
		real = realpath(sb.buf, NULL);
		if (real) {
			strvec_push(dirs, real);
			free(real);
		}
		strbuf_release(&sb);
		free(dir);
	}
}

static bool
name_is_valid(const char *name)
{
	size_t len = strlen(name);

	if (len == 0 || len > THEME_NAME_MAX)
		return false;
	return strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

static bool
is_regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static int
compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
theme_list_names(struct strvec *names)
{
	struct strvec dirs, found;

	strvec_init(&dirs);
	strvec_init(&found);
	search_dirs(&dirs);
	for (size_t i = 0; i < dirs.n; i++) {
		DIR *d = opendir(dirs.v[i]);
		const struct dirent *de;

		if (!d)
			continue;
		while ((de = readdir(d))) {
			struct strbuf path;

			if (!name_is_valid(de->d_name))
				continue;
			strbuf_init(&path);
			strbuf_addf(&path, "%s/%s", dirs.v[i], de->d_name);
			if (is_regular_file(path.buf))
				strvec_push(&found, de->d_name);
			strbuf_release(&path);
		}
		closedir(d);
	}
	if (found.n > 1)
		qsort(found.v, found.n, sizeof(*found.v), compare_strings);
	for (size_t i = 0; i < found.n; i++)
		if (i == 0 || strcmp(found.v[i], found.v[i - 1]) != 0)
			strvec_push(names, found.v[i]);
	strvec_release(&found);
	strvec_release(&dirs);
}

/* ERR_NOTFOUND for name, listing the themes there are. */
static int
unknown_theme(const char *name, const struct strvec *dirs, struct err *e)
{
	struct strvec names;
	struct strbuf list;
	int rc;

	strvec_init(&names);
	strbuf_init(&list);
	theme_list_names(&names);
	for (size_t i = 0; i < names.n; i++)
		strbuf_addf(&list, "%s%s", i ? ", " : "", names.v[i]);
	if (names.n > 0) {
		rc = err_set(e, ERR_NOTFOUND, "unknown theme '%s' (known: %s)",
		             name, list.buf);
	} else {
		for (size_t i = 0; i < dirs->n; i++)
			strbuf_addf(&list, "%s%s", i ? ", " : "", dirs->v[i]);
		rc = err_set(e, ERR_NOTFOUND,
		             "unknown theme '%s' (no themes found in %s)", name,
		             list.buf);
	}
	strbuf_release(&list);
	strvec_release(&names);
	return rc;
}

int
theme_load_named(struct theme *t, const char *name, struct err *e)
{
	struct strvec dirs;
	struct strbuf path;
	int rc;

	if (!name_is_valid(name))
		return err_set(e, ERR_INVALID,
		               "invalid theme name '%s' (expected 1 to %d "
		               "lower-case letters, digits and '-')",
		               name, THEME_NAME_MAX);
	strvec_init(&dirs);
	strbuf_init(&path);
	search_dirs(&dirs);
	for (size_t i = 0; i < dirs.n; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dirs.v[i], name);
		if (!is_regular_file(path.buf))
			continue;
		rc = theme_load_file(t, path.buf, e);
		goto out;
	}
	rc = unknown_theme(name, &dirs, e);
out:
	strbuf_release(&path);
	strvec_release(&dirs);
	return rc;
}

int
theme_ensure_loaded(struct theme *t, struct err *e)
{
	if (t->name)
		return 0;
	return theme_load_named(t, "default", e);
}

int
theme_set_color(struct theme *t, const char *element, const char *fg,
                const char *bg, char *const *attrs, size_t n_attrs,
                struct err *e)
{
	return set_color(&t->overrides, element, fg, bg, attrs, n_attrs, e);
}

int
theme_set_mono(struct theme *t, const char *element, char *const *attrs,
               size_t n_attrs, struct err *e)
{
	return set_mono(&t->overrides, element, attrs, n_attrs, e);
}
