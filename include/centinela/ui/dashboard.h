/*
 * The dashboard's picture, drawn through draw_ops so that tests draw it
 * into a grid without a terminal: the totals, open incidents by status and
 * severity, the alerts of the last 24 hours as a sparkline, incidents per
 * sector as bars and the most affected organizations.
 *
 * Every figure is written as digits next to its bar or glyph, so that no
 * meaning rests on colour (the mono theme) or on the block glyphs (ASCII
 * mode draws the sparkline with ".:-=+*#@" and bars with '#').
 */
#ifndef CENTINELA_UI_DASHBOARD_H
#define CENTINELA_UI_DASHBOARD_H

#include <stdbool.h>

struct draw_ops;
struct store_dashboard;

/*
 * Organizations the console asks the store for: as many as a tall
 * terminal shows.
 */
#define UI_DASHBOARD_TOP_ORGS 20

/*
 * Draw d over the whole of ops (its size chooses the layout; 80x21 and
 * up), with Unicode glyphs when is_utf8, else ASCII. Texts from the cache
 * (sector and organization names) are sanitized here. Borrows d.
 */
void ui_dashboard_draw(const struct store_dashboard *d, bool is_utf8,
                       const struct draw_ops *ops);

#endif
