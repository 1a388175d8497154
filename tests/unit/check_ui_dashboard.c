/* The dashboard's picture drawn into a grid: no terminal, no store. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "centinela/base/xalloc.h"
#include "centinela/store/dashboard.h"
#include "centinela/ui/dashboard.h"
#include "centinela/ui/draw.h"

/* Figures like the store test's crafted cache, with hostile names. */
static void
figures(struct store_dashboard *d, size_t n_sectors)
{
	static const char *const codes[] = {"water",   "energy",  "finance",
	                                    "health",  "space",   "food",
	                                    "telecom", "chemical"};

	store_dashboard_init(d);
	d->now = 1800000000;
	d->open[INCIDENT_NEW][5] = 1;
	d->open[INCIDENT_NEW][4] = 1;
	d->open[INCIDENT_NEW][3] = 1;
	d->open[INCIDENT_TRIAGE][4] = 1;
	d->open[INCIDENT_IN_PROGRESS][3] = 1;
	d->open[INCIDENT_WAITING][2] = 1;
	d->open[INCIDENT_CONTAINED][5] = 1;
	d->open_total = 7;
	d->breaches = 3;
	d->hours[0] = 1;
	d->hours[22] = 1;
	d->hours[23] = 8;
	d->alerts_24h = 10;
	d->no_sector_open = 1;
	d->sectors = xcalloc(n_sectors, sizeof(*d->sectors));
	for (size_t i = 0; i < n_sectors; i++) {
		d->sectors[i].code = xstrdup(codes[i % 8]);
		d->sectors[i].name =
		    xstrdup(i == 0 ? "Wa\x1b[31mter" : codes[i % 8]);
		d->sectors[i].open = i < 3 ? 3 - (int64_t)i : 0;
		d->sectors[i].total = 4 - (int64_t)(i % 4);
	}
	d->n_sectors = n_sectors;
	d->orgs = xcalloc(2, sizeof(*d->orgs));
	d->orgs[0].id = 1;
	d->orgs[0].name = xstrdup("Acme\x1b[2J Power");
	d->orgs[0].sector = xstrdup("energy");
	d->orgs[0].open = 3;
	d->orgs[0].total = 4;
	d->orgs[1].id = 2;
	d->orgs[1].name = xstrdup("Agua SA");
	d->orgs[1].sector = xstrdup("water");
	d->orgs[1].open = 2;
	d->orgs[1].total = 2;
	d->n_orgs = 2;
}

/* Draw d at h x w; the grid is the caller's to release. */
static void
draw(struct draw_grid *g, const struct store_dashboard *d, int h, int w,
     bool is_utf8)
{
	struct draw_ops ops;

	draw_grid_init(g, h, w);
	draw_grid_ops(g, &ops);
	ui_dashboard_draw(d, is_utf8, &ops);
}

/* The first line containing needle, or -1. */
static int
find_line(struct draw_grid *g, const char *needle)
{
	for (int y = 0; y < g->height; y++)
		if (strstr(draw_grid_line(g, y), needle))
			return y;
	return -1;
}

static void
assert_no_controls(struct draw_grid *g)
{
	for (int y = 0; y < g->height; y++)
		for (const char *p = draw_grid_line(g, y); *p; p++)
			ck_assert_msg((unsigned char)*p >= 0x20 && *p != 0x7f,
			              "control byte on line %d", y);
}

START_TEST(test_ui_dashboard_ascii_80x21)
{
	struct store_dashboard d;
	struct draw_grid g;
	int y;

	figures(&d, 8);
	draw(&g, &d, 21, 80, false);
	ck_assert(strstr(draw_grid_line(&g, 0), "2027-01-15T08:00:00Z"));
	ck_assert(strstr(draw_grid_line(&g, 1),
	                 "Open incidents 7  |  SLA breaches 3  |  Alerts, "
	                 "last 24 h 10"));
	y = find_line(&g, "OPEN BY STATUS");
	ck_assert_int_eq(y, 3);
	ck_assert(strstr(draw_grid_line(&g, 3), "INFO"));
	ck_assert(strstr(draw_grid_line(&g, 3), "CRITICAL"));
	ck_assert_str_eq(draw_grid_line(&g, 4),
	                 " new                  0        0        1        1  "
	                 "      1        3");
	ck_assert_str_eq(draw_grid_line(&g, 9),
	                 " total                0        1        2        2  "
	                 "      2        7");
	/* the peak hour is '@', the smallest non-zero '.', none blank */
	y = find_line(&g, "Alerts received per hour");
	ck_assert_int_eq(y, 11);
	ck_assert(strstr(draw_grid_line(&g, y), "peak 8/h, last hour 8"));
	ck_assert_str_eq(draw_grid_line(&g, y + 1),
	                 " ...                                              "
	                 "                 ...@@@");
	ck_assert(strstr(draw_grid_line(&g, y + 2), "-24h"));
	ck_assert(strstr(draw_grid_line(&g, y + 2), "now"));
	/* bars of '#', figures as digits; the rows that do not fit said */
	y = find_line(&g, "Incidents per sector");
	ck_assert_int_eq(y, 15);
	ck_assert(strstr(draw_grid_line(&g, y), "Most affected organizations"));
	ck_assert(strstr(draw_grid_line(&g, 16), "###"));
	ck_assert(strstr(draw_grid_line(&g, 16), "3/4"));
	ck_assert(strstr(draw_grid_line(&g, 16), " Wa"));
	ck_assert(strstr(draw_grid_line(&g, 20), "... 5 more"));
	ck_assert(strstr(draw_grid_line(&g, 16), " 1. Acme"));
	ck_assert(strstr(draw_grid_line(&g, 16), "3/4"));
	ck_assert(strstr(draw_grid_line(&g, 17), " 2. Agua SA"));
	assert_no_controls(&g);
	/* meaning never in colour alone: elements name what they style */
	ck_assert_str_eq(draw_grid_element(&g, 1, 1), "default");
	ck_assert_str_eq(draw_grid_element(&g, 0, 1), "dashboard.heading");
	draw_grid_release(&g);
	store_dashboard_release(&d);
}
END_TEST

START_TEST(test_ui_dashboard_utf8_wide)
{
	struct store_dashboard d;
	struct draw_grid g;
	int y;

	figures(&d, 8);
	draw(&g, &d, 37, 160, true);
	ck_assert(strstr(draw_grid_line(&g, 1), "SLA breaches 3  │  Alerts"));
	y = find_line(&g, "Alerts received per hour");
	/* three cells per hour on a wide screen */
	ck_assert(strstr(draw_grid_line(&g, y + 1), "███"));
	ck_assert(strstr(draw_grid_line(&g, y + 1), "▁▁▁"));
	ck_assert(strstr(draw_grid_line(&g, 16), "█"));
	/* tall enough: every sector with incidents and the no-sector row */
	ck_assert_int_eq(find_line(&g, "more"), -1);
	ck_assert_int_ge(find_line(&g, "no sector"), 16);
	/* wide: the organization's sector is shown */
	ck_assert(strstr(draw_grid_line(&g, 16), "energy"));
	assert_no_controls(&g);
	draw_grid_release(&g);
	store_dashboard_release(&d);
}
END_TEST

START_TEST(test_ui_dashboard_empty)
{
	struct store_dashboard d;
	struct draw_grid g;

	store_dashboard_init(&d);
	draw(&g, &d, 21, 80, true);
	ck_assert(strstr(draw_grid_line(&g, 1), "Open incidents 0"));
	ck_assert_int_ge(find_line(&g, "no incidents"), 16);
	ck_assert_int_ge(find_line(&g, "no open incidents"), 16);
	/* breaches 0 are no alarm */
	ck_assert_int_eq(find_line(&g, "SLA breaches 0"), 1);
	draw_grid_release(&g);
	store_dashboard_release(&d);
}
END_TEST

/* With the rows: exposures per sector and the KEV due dates below. */
START_TEST(test_ui_dashboard_exposures_and_kev_due)
{
	struct store_dashboard d;
	struct draw_grid g;
	int y;

	figures(&d, 3);
	d.sectors[1].exposures = 4;
	d.sectors[1].exposures_kev = 1;
	d.exposures = 4;
	d.exposures_kev = 1;
	d.kev_due = xcalloc(1, sizeof(*d.kev_due));
	d.kev_due[0].cve_id = xstrdup("CVE-2024-3400\x1b[2J");
	d.kev_due[0].due_at = 1800000000 + 2 * 86400;
	d.kev_due[0].assets = 3;
	d.n_kev_due = 1;
	d.kev_due_total = 4;
	/* 80x21 has no room: the columns keep the screen */
	draw(&g, &d, 21, 80, false);
	ck_assert_int_eq(find_line(&g, "Exposures per sector"), -1);
	draw_grid_release(&g);
	draw(&g, &d, 30, 80, false);
	y = find_line(&g, "Exposures per sector");
	ck_assert_int_gt(y, find_line(&g, "no sector"));
	ck_assert(strstr(draw_grid_line(&g, y), "KEV due, next 7 days"));
	ck_assert(strstr(draw_grid_line(&g, y + 1), "energy"));
	ck_assert(strstr(draw_grid_line(&g, y + 1), "4/1"));
	ck_assert(
	    strstr(draw_grid_line(&g, y + 1), "2027-01-17 CVE-2024-3400^["));
	ck_assert(strstr(draw_grid_line(&g, y + 1), "     3"));
	ck_assert(strstr(draw_grid_line(&g, y + 2), "... 3 more"));
	assert_no_controls(&g);
	draw_grid_release(&g);
	store_dashboard_release(&d);
}
END_TEST

Suite *
ui_dashboard_suite(void)
{
	Suite *s = suite_create("ui_dashboard");
	TCase *tc = tcase_create("draw");

	tcase_add_test(tc, test_ui_dashboard_ascii_80x21);
	tcase_add_test(tc, test_ui_dashboard_utf8_wide);
	tcase_add_test(tc, test_ui_dashboard_empty);
	tcase_add_test(tc, test_ui_dashboard_exposures_and_kev_due);
	suite_add_tcase(s, tc);
	return s;
}
