/*
 * The dashboard view: a tab that draws itself from the figures of
 * store/dashboard.h (read in one transaction, kept in the tab's state).
 *
 * Layout, top to bottom: a heading with the time of the figures; the
 * totals (open incidents, SLA breaches, alerts in the last 24 hours); open
 * incidents by status and severity; alerts per hour as a sparkline with an
 * axis; then two columns, incidents per sector as bars and the most
 * affected organizations, as many rows as the terminal has; below them,
 * when the terminal has the rows, the exposures per sector as bars and
 * the KEV due dates of the next days with the assets exposed. The sparkline
 * cells and bars grow with the width. Every figure is also written in
 * digits, so that mono and ASCII lose nothing.
 *
 * The figures are read ahead once, on an idle turn after the console
 * starts, so that opening the dashboard draws without reading (and reads
 * again on the next idle turn). Once opened it is read again, on screen or
 * not, when the data changed
 * (no more than every REREAD_MIN_MS, since a read scans indexes of the
 * whole cache) and every REREAD_EVERY_MS, as the last 24 hours move on.
 * Those reads stop when a key comes (and are tried again later), so they
 * never hold up typing; a read that finds the same figures draws nothing,
 * and showing the tab again draws what was read without reading.
 */
#include "centinela/ui/dashboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/app.h"
#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/model/enums.h"
#include "centinela/store/dashboard.h"
#include "internal.h"

#define REREAD_MIN_MS   3000
#define REREAD_EVERY_MS 60000

/* Glyphs of the picture: Unicode, or ASCII. */
struct dash_glyphs {
	const char *const *spark; /* 8 levels, lowest first */
	const char *bar;          /* one cell of a bar */
	const char *vline;        /* between the totals */
	const char *ellipsis;     /* "more rows" */
};

static const char *const spark_utf8[8] = {"▁", "▂", "▃", "▄",
                                          "▅", "▆", "▇", "█"};
static const char *const spark_ascii[8] = {".", ":", "-", "=",
                                           "+", "*", "#", "@"};

/* The tab's state. */
struct dash_state {
	struct store_dashboard d; /* the figures drawn */
	int64_t read_ms;          /* when they were read (monotonic) */
};

/* Write s at (y, x); returns its width in cells. */
static int
put(const struct draw_ops *ops, int y, int x, const char *s, const char *el)
{
	size_t len = strlen(s);

	ops->put(ops->ctx, y, x, s, len, el);
	return (int)utf8_width(s, len);
}

/* Write s cut to at most width cells (sanitized first); returns cells. */
static int
put_fit(const struct draw_ops *ops, int y, int x, const char *s, int width,
        const char *el)
{
	char *clean = ui_clean(s);
	size_t cells = 0, len;

	if (width <= 0) {
		free(clean);
		return 0;
	}
	len = utf8_fit(clean, strlen(clean), (size_t)width, &cells);
	ops->put(ops->ctx, y, x, clean, len, el);
	free(clean);
	return (int)cells;
}

static int
put_num(const struct draw_ops *ops, int y, int x, int width, long long n,
        const char *el)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%*lld", width, n);
	return put(ops, y, x, buf, el);
}

/* Line 0 and 1: heading and totals. */
static void
draw_totals(const struct store_dashboard *d, const struct dash_glyphs *g,
            const struct draw_ops *ops)
{
	char when[TIME_ISO_MAX], num[32];
	int x;

	time_format_iso8601(d->now, when);
	x = put(ops, 0, 1, "Dashboard", "dashboard.heading");
	put(ops, 0, x + 3, "as of ", "list.dim");
	put(ops, 0, x + 9, when, "list.dim");
	x = put(ops, 1, 1, "Open incidents ", "default") + 1;
	snprintf(num, sizeof(num), "%lld", (long long)d->open_total);
	x += put(ops, 1, x, num, "dashboard.figure");
	x += put(ops, 1, x, "  ", "default");
	x += put(ops, 1, x, g->vline, "border");
	x += put(ops, 1, x, "  SLA breaches ", "default");
	snprintf(num, sizeof(num), "%lld", (long long)d->breaches);
	x += put(ops, 1, x, num,
	         d->breaches ? "dashboard.breach" : "dashboard.figure");
	x += put(ops, 1, x, "  ", "default");
	x += put(ops, 1, x, g->vline, "border");
	x += put(ops, 1, x, "  Alerts, last 24 h ", "default");
	snprintf(num, sizeof(num), "%lld", (long long)d->alerts_24h);
	put(ops, 1, x, num, "dashboard.figure");
}

/* Open incidents by status and severity from line y; returns lines. */
static int
draw_table(const struct store_dashboard *d, int y, const struct draw_ops *ops)
{
	static const int label_w = 13, col_w = 9;
	long long col_total[STORE_DASHBOARD_SEVERITY] = {0};
	char head[16];
	int x = 1, n = 1;

	ops->clear_line(ops->ctx, y, "list.header");
	put(ops, y, x, "OPEN BY STATUS", "list.header");
	for (int sev = 1; sev < STORE_DASHBOARD_SEVERITY; sev++) {
		size_t k = 0;

		/* upper-case names: the heading tells the columns apart */
		for (const char *p = severity_name(sev); *p && k < 15; p++)
			head[k++] =
			    (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A'
			                                  : *p);
		head[k] = '\0';
		put(ops, y, x + label_w + (sev - 1) * col_w + col_w - (int)k,
		    head, "list.header");
	}
	put(ops, y, x + label_w + 5 * col_w + col_w - 5, "TOTAL",
	    "list.header");
	for (int st = 0; st < INCIDENT_STATUS_COUNT; st++) {
		long long row = 0;
		int yy = y + n;

		if (incident_status_is_final((enum incident_status)st))
			continue;
		put(ops, yy, x, incident_status_name(st), "default");
		for (int sev = 1; sev < STORE_DASHBOARD_SEVERITY; sev++) {
			long long v = d->open[st][sev];

			put_num(ops, yy, x + label_w + (sev - 1) * col_w, col_w,
			        v, v ? "default" : "list.dim");
			row += v;
			col_total[sev] += v;
		}
		put_num(ops, yy, x + label_w + 5 * col_w, col_w, row,
		        "dashboard.figure");
		n++;
	}
	put(ops, y + n, x, "total", "dashboard.figure");
	for (int sev = 1; sev < STORE_DASHBOARD_SEVERITY; sev++)
		put_num(ops, y + n, x + label_w + (sev - 1) * col_w, col_w,
		        col_total[sev], "dashboard.figure");
	put_num(ops, y + n, x + label_w + 5 * col_w, col_w,
	        (long long)d->open_total, "dashboard.figure");
	return n + 1;
}

/* The alert sparkline from line y (heading, glyphs, axis). */
static void
draw_spark(const struct store_dashboard *d, int y, int w,
           const struct dash_glyphs *g, const struct draw_ops *ops)
{
	int64_t peak = 0;
	char buf[64];
	int x0 = 1, cw, x;

	for (int i = 0; i < STORE_DASHBOARD_HOURS; i++)
		if (d->hours[i] > peak)
			peak = d->hours[i];
	x = put(ops, y, x0, "Alerts received per hour, last 24 h",
	        "dashboard.heading");
	snprintf(buf, sizeof(buf), "  peak %lld/h, last hour %lld",
	         (long long)peak,
	         (long long)d->hours[STORE_DASHBOARD_HOURS - 1]);
	put(ops, y, x0 + x, buf, "list.dim");
	/* up to 3 cells per hour, keeping 2 for the margins */
	cw = (w - 2) / STORE_DASHBOARD_HOURS;
	cw = cw < 1 ? 1 : cw > 3 ? 3 : cw;
	for (int i = 0; i < STORE_DASHBOARD_HOURS; i++) {
		int64_t v = d->hours[i];
		const char *glyph = " ";

		/* any alert shows: the lowest level is for 1..peak/8 */
		if (v > 0)
			glyph = g->spark[(v * 8 + peak - 1) / peak - 1];
		for (int k = 0; k < cw; k++)
			put(ops, y + 1, x0 + i * cw + k, glyph,
			    "dashboard.spark");
	}
	put(ops, y + 2, x0, "-24h", "list.dim");
	put(ops, y + 2, x0 + 12 * cw - 2, "-12h", "list.dim");
	put(ops, y + 2, x0 + 24 * cw - 3, "now", "list.dim");
}

/* Width of "open/all" for the largest figures. */
static int
pair_width(long long open, long long total)
{
	char buf[48];

	return snprintf(buf, sizeof(buf), "%lld/%lld", open, total);
}

static void
put_pair(const struct draw_ops *ops, int y, int x, int width, long long open,
         long long total)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%lld/%lld", open, total);
	put(ops, y, x + width - (int)strlen(buf), buf, "dashboard.figure");
}

/* A bar of v against peak, at most bar_w cells from (y, x); any v shows. */
static void
put_bar(const struct draw_ops *ops, int y, int x, int bar_w, long long v,
        long long peak, const struct dash_glyphs *g)
{
	int len = peak && bar_w > 0 ? (int)(v * bar_w / peak) : 0;

	if (v && !len && bar_w > 0)
		len = 1;
	for (int c = 0; c < len; c++)
		put(ops, y, x + c, g->bar, "dashboard.bar");
}

/* "... N more" at (y, x): the rows that did not fit. */
static void
put_more(const struct draw_ops *ops, int y, int x, const struct dash_glyphs *g,
         long long n)
{
	char more[48];

	snprintf(more, sizeof(more), "%s %lld more", g->ellipsis, n);
	put(ops, y, x, more, "list.dim");
}

/* Sectors with incidents as bars, from line y in [x, x + w), h lines. */
static void
draw_sectors(const struct store_dashboard *d, int y, int x, int w, int h,
             const struct dash_glyphs *g, const struct draw_ops *ops)
{
	static const int name_w = 14;
	size_t n = 0, shown;
	long long peak = 0, top = 0;
	int num_w = 0, bar_w;

	put(ops, y, x, "Incidents per sector", "dashboard.heading");
	put(ops, y, x + 21, "open/all", "list.dim");
	for (size_t i = 0; i < d->n_sectors; i++) {
		if (!d->sectors[i].total)
			continue;
		n++;
		if (d->sectors[i].open > peak)
			peak = d->sectors[i].open;
		if (d->sectors[i].total > top)
			top = d->sectors[i].total;
	}
	if (d->no_sector_open)
		n++;
	num_w = pair_width(peak > d->no_sector_open ? peak : d->no_sector_open,
	                   top > d->no_sector_open ? top : d->no_sector_open);
	bar_w = w - name_w - num_w - 2;
	if (!n) {
		put(ops, y + 1, x, "no incidents", "list.dim");
		return;
	}
	/* the last line says what did not fit */
	shown = n <= (size_t)(h - 1) ? n : (size_t)(h - 2);
	for (size_t i = 0, k = 0; k < shown && i <= d->n_sectors; i++) {
		const char *name;
		long long open, total;
		int yy = y + 1 + (int)k;

		if (i == d->n_sectors) {
			if (!d->no_sector_open)
				break;
			name = "no sector";
			open = total = d->no_sector_open;
		} else {
			if (!d->sectors[i].total)
				continue;
			name = d->sectors[i].name ? d->sectors[i].name
			                          : d->sectors[i].code;
			open = d->sectors[i].open;
			total = d->sectors[i].total;
		}
		put_fit(ops, yy, x, name, name_w - 1, "default");
		put_bar(ops, yy, x + name_w, bar_w, open, peak, g);
		put_pair(ops, yy, x + w - num_w, num_w, open, total);
		k++;
	}
	if (shown < n)
		put_more(ops, y + 1 + (int)shown, x, g, (long long)(n - shown));
}

/* The most affected organizations, from line y in [x, x + w), h lines. */
static void
draw_orgs(const struct store_dashboard *d, int y, int x, int w, int h,
          const struct draw_ops *ops)
{
	size_t shown =
	    d->n_orgs < (size_t)(h - 1) ? d->n_orgs : (size_t)(h - 1);
	int num_w = 0, sec_w = w >= 56 ? 12 : 0;

	put(ops, y, x, "Most affected organizations", "dashboard.heading");
	put(ops, y, x + 28, "open/all", "list.dim");
	if (!d->n_orgs) {
		put(ops, y + 1, x, "no open incidents", "list.dim");
		return;
	}
	for (size_t i = 0; i < shown; i++) {
		int nw = pair_width(d->orgs[i].open, d->orgs[i].total);

		if (nw > num_w)
			num_w = nw;
	}
	for (size_t i = 0; i < shown; i++) {
		const struct store_dashboard_org *o = &d->orgs[i];
		int yy = y + 1 + (int)i, name_w;
		char rank[32];

		snprintf(rank, sizeof(rank), "%2zu.", i + 1);
		put(ops, yy, x, rank, "list.dim");
		name_w = w - 4 - num_w - 1 - sec_w;
		put_fit(ops, yy, x + 4, o->name ? o->name : "?", name_w - 1,
		        "default");
		if (sec_w)
			put_fit(ops, yy, x + 4 + name_w, o->sector, sec_w - 1,
			        "list.dim");
		put_pair(ops, yy, x + w - num_w, num_w, o->open, o->total);
	}
}

/* Lines the sectors' and organizations' columns take when all fit. */
static int
columns_lines(const struct store_dashboard *d)
{
	int sectors = d->no_sector_open ? 1 : 0;

	for (size_t i = 0; i < d->n_sectors; i++)
		sectors += d->sectors[i].total != 0;
	sectors = 1 + (sectors ? sectors : 1);
	return sectors > 1 + (int)d->n_orgs + !d->n_orgs
	           ? sectors
	           : 1 + (int)d->n_orgs + !d->n_orgs;
}

/* Exposures per sector as bars, from line y in [x, x + w), h lines. */
static void
draw_exposures(const struct store_dashboard *d, int y, int x, int w, int h,
               const struct dash_glyphs *g, const struct draw_ops *ops)
{
	static const int name_w = 14;
	size_t n = 0, shown;
	long long peak = 0;
	int num_w, bar_w;

	put(ops, y, x, "Exposures per sector", "dashboard.heading");
	put(ops, y, x + 21, "all/KEV", "list.dim");
	for (size_t i = 0; i < d->n_sectors; i++)
		if (d->sectors[i].exposures) {
			n++;
			if (d->sectors[i].exposures > peak)
				peak = d->sectors[i].exposures;
		}
	if (!n) {
		put(ops, y + 1, x, "no exposures", "list.dim");
		return;
	}
	num_w = pair_width(peak, peak);
	bar_w = w - name_w - num_w - 2;
	shown = n <= (size_t)(h - 1) ? n : (size_t)(h - 2);
	for (size_t i = 0, k = 0; k < shown && i < d->n_sectors; i++) {
		const struct store_dashboard_sector *sec = &d->sectors[i];
		int yy = y + 1 + (int)k;

		if (!sec->exposures)
			continue;
		put_fit(ops, yy, x, sec->name ? sec->name : sec->code,
		        name_w - 1, "default");
		put_bar(ops, yy, x + name_w, bar_w, sec->exposures, peak, g);
		put_pair(ops, yy, x + w - num_w, num_w, sec->exposures,
		         sec->exposures_kev);
		k++;
	}
	if (shown < n)
		put_more(ops, y + 1 + (int)shown, x, g, (long long)(n - shown));
}

/* The KEV due dates of the next days, from line y in [x, x + w). */
static void
draw_kev_due(const struct store_dashboard *d, int y, int x, int w, int h,
             const struct dash_glyphs *g, const struct draw_ops *ops)
{
	char head[64], when[TIME_ISO_MAX], line[96];
	size_t shown = d->n_kev_due;

	snprintf(head, sizeof(head), "KEV due, next %d days",
	         STORE_DASHBOARD_KEV_DAYS);
	put(ops, y, x, head, "dashboard.heading");
	put(ops, y, x + (int)strlen(head) + 1, "assets", "list.dim");
	if (!d->kev_due_total) {
		put(ops, y + 1, x, "none due", "list.dim");
		return;
	}
	if (d->kev_due_total > (int64_t)shown || shown > (size_t)(h - 1))
		shown = shown < (size_t)(h - 2) ? shown : (size_t)(h - 2);
	for (size_t i = 0; i < shown; i++) {
		const struct store_dashboard_kev_due *k = &d->kev_due[i];

		time_format_iso8601(k->due_at, when);
		snprintf(line, sizeof(line), "%.10s ", when);
		put(ops, y + 1 + (int)i, x, line, "list.dim");
		put_fit(ops, y + 1 + (int)i, x + 11,
		        k->cve_id ? k->cve_id : "?", w - 11 - 8, "default");
		put_num(ops, y + 1 + (int)i, x + w - 6, 6, (long long)k->assets,
		        k->assets ? "dashboard.breach" : "dashboard.figure");
	}
	if (d->kev_due_total > (int64_t)shown)
		put_more(ops, y + 1 + (int)shown, x, g,
		         (long long)(d->kev_due_total - (int64_t)shown));
}

void
ui_dashboard_draw(const struct store_dashboard *d, bool is_utf8,
                  const struct draw_ops *ops)
{
	struct dash_glyphs g = {
	    is_utf8 ? spark_utf8 : spark_ascii,
	    is_utf8 ? "█" : "#",
	    is_utf8 ? "│" : "|",
	    is_utf8 ? "…" : "...",
	};
	int h, w, y, left_w, band;

	ops->size(ops->ctx, &h, &w);
	draw_totals(d, &g, ops);
	y = 3 + draw_table(d, 3, ops) + 1;
	draw_spark(d, y, w, &g, ops);
	y += 4;
	if (y + 2 > h)
		return;
	left_w = (w - 3) / 2;
	band = h - y;
	/* exposures and KEV due dates below, where the screen has room */
	if ((d->exposures || d->kev_due_total) &&
	    columns_lines(d) + 1 + 3 <= band) {
		band = columns_lines(d);
		draw_exposures(d, y + band + 1, 1, left_w, h - y - band - 1, &g,
		               ops);
		draw_kev_due(d, y + band + 1, left_w + 3, w - left_w - 4,
		             h - y - band - 1, &g, ops);
	}
	draw_sectors(d, y, 1, left_w, band, &g, ops);
	draw_orgs(d, y, left_w + 3, w - left_w - 4, band, ops);
}

static void
state_free(void *state)
{
	struct dash_state *st = state;

	if (!st)
		return;
	store_dashboard_release(&st->d);
	free(st);
}

/*
 * Read the figures into *state (made on the first read); is_changed tells
 * whether they differ from the ones drawn. A key stops a read when
 * is_cancellable (ERR_LIMIT).
 */
static int
read_figures(struct ui *ui, void **state, bool is_cancellable, bool *is_changed,
             struct err *e)
{
	struct dash_state *st = *state;
	struct store_dashboard fresh;
	int rc;

	*is_changed = false;
	/* a failed read is not tried again before the next one is due */
	if (st)
		st->read_ms = ui_now_us() / 1000;
	if (!ui->app->store)
		return err_set(e, ERR_INVALID, "no cache is open");
	store_dashboard_init(&fresh);
	rc = store_dashboard_read(
	    ui->app->store, time_now(), UI_DASHBOARD_TOP_ORGS,
	    is_cancellable ? ui_input_waiting : NULL, ui, &fresh, e);
	if (rc)
		return rc;
	if (!st) {
		st = xcalloc(1, sizeof(*st));
		store_dashboard_init(&st->d);
		st->read_ms = ui_now_us() / 1000;
		*state = st;
		*is_changed = true;
	}
	/* the same figures a minute later draw nothing (the heading's
	 * time says when they were drawn) */
	if (!store_dashboard_equal(&st->d, &fresh))
		*is_changed = true;
	if (*is_changed) {
		store_dashboard_release(&st->d);
		st->d = fresh;
	} else {
		store_dashboard_release(&fresh);
	}
	return 0;
}

static int
load(struct ui *ui, void **state, bool *is_changed, struct err *e)
{
	struct dash_state *st;

	if (!*state && ui->dash_ahead) {
		/* drawn at once; read again on the next idle turn */
		st = *state = ui->dash_ahead;
		ui->dash_ahead = NULL;
		st->read_ms = 0;
		*is_changed = true;
		return 0;
	}
	return read_figures(ui, state, false, is_changed, e);
}

static void
draw(const struct ui *ui, const void *state, const struct draw_ops *ops)
{
	const struct dash_state *st = state;

	ui_dashboard_draw(&st->d, ui->is_utf8, ops);
}

/* The dashboard tab once read, else NULL. */
static struct tab *
dashboard_tab(const struct ui *ui)
{
	for (size_t i = 0; i < ui->n_tabs; i++)
		if (ui->tabs[i].ops == &view_dashboard_ops && ui->tabs[i].state)
			return &ui->tabs[i];
	return NULL;
}

int
ui_dashboard_timeout(const struct ui *ui)
{
	const struct tab *tab = dashboard_tab(ui);
	const struct dash_state *st;
	int64_t due;

	if (!tab)
		return ui->is_dash_ahead_done || !ui->app->store ? -1 : 0;
	st = tab->state;
	due = st->read_ms + (tab->is_stale ? REREAD_MIN_MS : REREAD_EVERY_MS);
	due -= ui_now_us() / 1000;
	return due > 0 ? (int)due : 0;
}

void
ui_dashboard_tick(struct ui *ui)
{
	struct tab *tab = dashboard_tab(ui);
	bool is_changed = false;
	struct err e;
	int rc;

	if (ui_dashboard_timeout(ui) != 0)
		return;
	err_clear(&e);
	if (!tab) {
		/* read ahead once, so that the first opening only draws */
		rc = read_figures(ui, &ui->dash_ahead, true, &is_changed, &e);
		ui->is_dash_ahead_done = rc != ERR_LIMIT;
		return;
	}
	rc = read_figures(ui, &tab->state, true, &is_changed, &e);
	/* stopped by a key: again in a few seconds */
	tab->is_stale = rc == ERR_LIMIT;
	if (rc && rc != ERR_LIMIT)
		ui_message(ui, true, "%s", e.msg);
	if (is_changed && tab == ui_tab(ui) && !ui->n_details)
		ui->dirty |= UI_DIRTY_MAIN;
}

void
ui_dashboard_release(struct ui *ui)
{
	state_free(ui->dash_ahead);
	ui->dash_ahead = NULL;
}

const struct view_ops view_dashboard_ops = {
    .name = "dashboard",
    .entity = -1,
    .is_on_demand = true,
    .load = load,
    .draw = draw,
    .state_free = state_free,
};
