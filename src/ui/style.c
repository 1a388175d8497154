/*
 * The built-in colour scheme: theme element to curses attributes. Element
 * names are dotted and inherit by dropping the last part
 * (severity.high -> severity -> default). The app-layer theme replaces
 * this table; ui_style() is the one place that asks.
 */
#include <string.h>

#include "internal.h"

struct style_def {
	const char *element; /* dotted name */
	short fg;            /* curses colour, -1: terminal default */
	short bg;            /* curses colour, -1: terminal default */
	attr_t attr;         /* with colours */
	attr_t mono;         /* without */
};

static const struct style_def styles[] = {
    {"default", -1, -1, A_NORMAL, A_NORMAL},
    {"tabs", COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    {"tabs.current", COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD},
    {"status", COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
    {"status.readonly", COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
    {"message", -1, -1, A_NORMAL, A_NORMAL},
    {"message.error", COLOR_RED, -1, A_BOLD, A_BOLD},
    {"prompt", -1, -1, A_NORMAL, A_NORMAL},
    {"list", -1, -1, A_NORMAL, A_NORMAL},
    {"list.header", -1, -1, A_BOLD | A_UNDERLINE, A_BOLD | A_UNDERLINE},
    {"list.selected", COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    {"list.empty", -1, -1, A_DIM, A_DIM},
    {"severity.critical", COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
    {"severity.high", COLOR_RED, -1, A_BOLD, A_BOLD},
    {"severity.medium", COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
    {"severity.low", COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    {"severity.info", -1, -1, A_DIM, A_DIM},
    {"tlp.red", COLOR_RED, -1, A_BOLD, A_BOLD},
    {"tlp.amber", COLOR_YELLOW, -1, A_NORMAL, A_NORMAL},
    {"tlp.amber+strict", COLOR_YELLOW, -1, A_BOLD, A_BOLD},
    {"tlp.green", COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
    {"tlp.clear", -1, -1, A_NORMAL, A_NORMAL},
    {"detail.title", -1, -1, A_BOLD, A_BOLD},
    {"detail.heading", COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
    {"detail.label", COLOR_CYAN, -1, A_NORMAL, A_BOLD},
    {"detail.link", COLOR_BLUE, -1, A_UNDERLINE, A_UNDERLINE},
    {"detail.selected", COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    {"notice", COLOR_YELLOW, -1, A_BOLD, A_BOLD},
};

#define N_STYLES (sizeof(styles) / sizeof(*styles))

void
ui_style_init(struct ui *ui)
{
	if (ui->is_mono)
		return;
	for (size_t i = 1; i < N_STYLES; i++) {
		short fg = styles[i].fg, bg = styles[i].bg;

		if (COLORS < 8) {
			fg = -1;
			bg = -1;
		}
		init_pair((short)i, fg, bg);
	}
}

attr_t
ui_style(const struct ui *ui, const char *element)
{
	char name[64];
	size_t len;

	if (!element)
		element = "default";
	len = strlen(element);
	if (len >= sizeof(name))
		len = sizeof(name) - 1;
	memcpy(name, element, len);
	name[len] = '\0';
	for (;;) {
		for (size_t i = 0; i < N_STYLES; i++) {
			if (strcmp(styles[i].element, name) != 0)
				continue;
			if (ui->is_mono)
				return styles[i].mono;
			return styles[i].attr |
			       (i ? COLOR_PAIR((int)i) : A_NORMAL);
		}
		char *dot = strrchr(name, '.');

		if (!dot)
			return A_NORMAL;
		*dot = '\0';
	}
}

const char *
ui_severity_element(int severity)
{
	static const char *const names[] = {
	    "severity",        "severity.info", "severity.low",
	    "severity.medium", "severity.high", "severity.critical"};

	return severity >= 1 && severity <= 5 ? names[severity] : names[0];
}

const char *
ui_tlp_element(int tlp)
{
	static const char *const names[] = {"tlp.clear", "tlp.green",
	                                    "tlp.amber", "tlp.amber+strict",
	                                    "tlp.red"};

	return tlp >= 0 && tlp <= 4 ? names[tlp] : "tlp";
}
