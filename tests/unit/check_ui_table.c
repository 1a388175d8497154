/* The table widget over a fake source of 10,000 rows: no terminal. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/xalloc.h"
#include "centinela/ui/draw.h"
#include "centinela/base/err.h"
#include "centinela/ui/table.h"

/* The fake list: ids in order[0..n), fetched by keyset on the position. */
struct fake {
	int64_t order[10100]; /* row ids in list order */
	int n;                /* rows */
	int fetches;          /* calls made */
	int max_limit;        /* largest limit asked for */
	bool is_failing;      /* fetch fails */
};

static const struct ui_table_column columns[] = {
    {"ID", 6, 0},
    {"TEXT", 0, 0},
};

static int
position_of(const struct store_key *k)
{
	/* the key holds the position in num, the id in id */
	return (int)k->num;
}

static void
fill(struct ui_table_row *r, const struct fake *f, int pos)
{
	char buf[64];

	ui_table_row_init(r, 2);
	r->id = f->order[pos];
	r->key.is_set = true;
	r->key.num = pos;
	r->key.id = r->id;
	snprintf(buf, sizeof(buf), "%lld", (long long)r->id);
	r->cells[0] = xstrdup(buf);
	snprintf(buf, sizeof(buf), "row %lld", (long long)r->id);
	r->cells[1] = xstrdup(buf);
}

static int
fake_fetch(void *ctx, const struct store_key *after, bool is_reverse, int limit,
           struct ui_table_row **rows, size_t *n, struct err *e)
{
	struct fake *f = ctx;
	int pos;

	f->fetches++;
	if (f->is_failing)
		return err_set(e, ERR_DB, "disk on fire");
	if (limit > f->max_limit)
		f->max_limit = limit;
	*rows = xcalloc((size_t)limit, sizeof(**rows));
	*n = 0;
	if (!is_reverse) {
		pos = after ? position_of(after) + 1 : 0;
		for (; pos < f->n && (int)*n < limit; pos++)
			fill(&(*rows)[(*n)++], f, pos);
	} else {
		pos = after ? position_of(after) - 1 : f->n - 1;
		for (; pos >= 0 && (int)*n < limit; pos--)
			fill(&(*rows)[(*n)++], f, pos);
	}
	return 0;
}

static struct fake *
fake_new(int n)
{
	struct fake *f = xcalloc(1, sizeof(*f));

	f->n = n;
	for (int i = 0; i < n; i++)
		f->order[i] = i + 1;
	return f;
}

static void
setup(struct ui_table *t, struct fake *f, int height)
{
	struct ui_table_source src = {f, fake_fetch};

	ui_table_init(t, columns, 2, &src);
	ui_table_set_height(t, height);
	ck_assert_int_eq(ui_table_reset(t, NULL), 0);
}

static int64_t
sel_id(const struct ui_table *t)
{
	return ui_table_selected(t)->id;
}

START_TEST(test_ui_table_first_page)
{
	struct fake *f = fake_new(10000);
	struct ui_table t;

	setup(&t, f, 20);
	ck_assert_int_eq(sel_id(&t), 1);
	ck_assert(t.n_rows <= 20 + 2 * (size_t)t.margin);
	ck_assert(t.is_at_start);
	ck_assert(!t.is_at_end);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_move_and_page)
{
	struct fake *f = fake_new(10000);
	struct ui_table t;

	setup(&t, f, 20);
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 51);
	ck_assert_int_eq(t.rows[t.top].id, 32);
	ck_assert_int_eq(ui_table_page(&t, 1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 71);
	ck_assert_int_eq(t.rows[t.top].id, 52);
	for (int i = 0; i < 400; i++)
		ck_assert_int_eq(ui_table_page(&t, 1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 8071);
	/* the window stays bounded however far we scroll */
	ck_assert(t.n_rows <= 20 + 2 * (size_t)t.margin + 1);
	ck_assert_int_eq(ui_table_page(&t, -1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 8051);
	ck_assert_int_eq(ui_table_half(&t, -1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 8041);
	ck_assert_int_eq(ui_table_move(&t, -8040, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 1);
	ck_assert_int_eq(t.rows[t.top].id, 1);
	ck_assert_int_eq(ui_table_move(&t, -5, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 1);
	ui_table_release(&t);
	free(f);
}
END_TEST

/*
 * Idle turns fetch what the next page keys need, so the keys only draw;
 * what is kept stays bounded, and a failing source stops the prefetching
 * instead of spinning.
 */
START_TEST(test_ui_table_prefetch_serves_page_keys)
{
	struct fake *f = fake_new(10000);
	struct ui_table t;
	struct err e;
	int idle;

	setup(&t, f, 20);
	for (int round = 0; round < 50; round++) {
		for (idle = 0; ui_table_wants_prefetch(&t); idle++) {
			ck_assert_int_eq(ui_table_prefetch(&t, NULL), 1);
			ck_assert_int_lt(idle, 5);
		}
		ck_assert_int_eq(ui_table_prefetch(&t, NULL), 0);
		f->fetches = 0;
		ck_assert_int_eq(ui_table_page(&t, round < 40 ? 1 : -1, NULL),
		                 0);
		ck_assert_msg(f->fetches == 0, "page %d fetched", round);
		/* at most a screen each way beyond the visible rows */
		ck_assert_uint_le(t.n_rows, 20 + 2 * 20);
	}
	ck_assert_int_eq(sel_id(&t), 1 + 30 * 20);
	/* the end of the list: nothing more to fetch ahead */
	ck_assert_int_eq(ui_table_bottom(&t, NULL), 0);
	while (ui_table_wants_prefetch(&t))
		ck_assert_int_eq(ui_table_prefetch(&t, NULL), 1);
	ck_assert(t.is_at_end);
	/* a failing source: one error, then no more attempts */
	ck_assert_int_eq(ui_table_top(&t, NULL), 0);
	f->is_failing = true;
	err_clear(&e);
	ck_assert(ui_table_wants_prefetch(&t));
	ck_assert_int_eq(ui_table_prefetch(&t, &e), ERR_DB);
	ck_assert(!ui_table_wants_prefetch(&t));
	f->is_failing = false;
	ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	ck_assert(ui_table_wants_prefetch(&t));
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_bottom_aligned)
{
	struct fake *f = fake_new(10000);
	struct ui_table t;

	setup(&t, f, 20);
	f->fetches = 0;
	ck_assert_int_eq(ui_table_bottom(&t, NULL), 0);
	ck_assert_int_eq(f->fetches, 1);
	ck_assert_int_eq(sel_id(&t), 10000);
	ck_assert_int_eq(t.rows[t.top].id, 9981);
	ck_assert(t.is_at_end);
	ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 10000);
	ck_assert_int_eq(ui_table_page(&t, 1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 10000);
	ck_assert_int_eq(ui_table_page(&t, -1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 9980);
	for (int i = 0; i < 600; i++)
		ck_assert_int_eq(ui_table_page(&t, -1, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 1);
	ck_assert_int_eq(ui_table_top(&t, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 1);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_reload_keeps_selection)
{
	struct fake *f = fake_new(10000);
	struct ui_table t;

	setup(&t, f, 20);
	ck_assert_int_eq(ui_table_move(&t, 5, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 6);
	/* three new rows arrive at the head of the list */
	memmove(f->order + 3, f->order, sizeof(f->order[0]) * 10000);
	f->order[0] = 10001;
	f->order[1] = 10002;
	f->order[2] = 10003;
	f->n = 10003;
	/* the keys of the rows we hold are positions: shift them as the
	 * store's keys would stay valid */
	for (size_t i = 0; i < t.n_rows; i++)
		t.rows[i].key.num += 3;
	ck_assert_int_eq(ui_table_reload(&t, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 6);
	ck_assert_int_eq(t.sel - t.top, 5);
	/* the selected row goes away: the next one takes its place */
	memmove(f->order + 8, f->order + 9, sizeof(f->order[0]) * 9994);
	f->n--;
	ck_assert_int_eq(ui_table_reload(&t, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 7);
	ui_table_release(&t);
	free(f);
}
END_TEST

/*
 * n rows arrive at the head of the fake list (new ids from *next up, the
 * newest first; *next moves past them) and the table re-reads its window.
 * The keys of the rows the table holds are positions, shifted as the
 * store's keys would stay valid.
 */
static void
arrive(struct fake *f, struct ui_table *t, int n, int64_t *next)
{
	memmove(f->order + n, f->order, sizeof(f->order[0]) * (size_t)f->n);
	for (int i = 0; i < n; i++)
		f->order[i] = *next + n - 1 - i;
	f->n += n;
	*next += n;
	for (size_t i = 0; i < t->n_rows; i++)
		t->rows[i].key.num += n;
	ck_assert_int_eq(ui_table_reload(t, NULL), 0);
}

/* The id on visible line i. */
static int64_t
line_row(const struct ui_table *t, size_t i)
{
	return t->rows[t->top + i].id;
}

START_TEST(test_ui_table_reload_follows_head_batches)
{
	struct fake *f = fake_new(1000);
	struct ui_table t;
	int64_t next = 5001;
	int batches[] = {3, 1, 2, 2};
	size_t arrived = 0;

	setup(&t, f, 10);
	ck_assert_int_eq(sel_id(&t), 1);
	/* batch after batch, the newest row is on the first line and the
	 * selection stays on its row, pushed down the screen */
	for (size_t b = 0; b < sizeof(batches) / sizeof(*batches); b++) {
		arrive(f, &t, batches[b], &next);
		arrived += (size_t)batches[b];
		ck_assert_int_eq(line_row(&t, 0), next - 1);
		ck_assert_int_eq(sel_id(&t), 1);
		ck_assert_uint_eq(t.sel - t.top, arrived);
	}
	/* more than the screen holds: the selected row stays on screen, on
	 * its last line, and still selected */
	arrive(f, &t, 5, &next);
	ck_assert_int_eq(sel_id(&t), 1);
	ck_assert_uint_eq(t.sel - t.top, 9);
	/* back up to the first row: following the head again */
	ck_assert_int_eq(ui_table_top(&t, NULL), 0);
	ck_assert_int_eq(sel_id(&t), next - 1);
	arrive(f, &t, 2, &next);
	ck_assert_int_eq(line_row(&t, 0), next - 1);
	ck_assert_int_eq(sel_id(&t), next - 3);
	arrive(f, &t, 2, &next);
	ck_assert_int_eq(line_row(&t, 0), next - 1);
	ck_assert_int_eq(sel_id(&t), next - 5);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_reload_elsewhere_keeps_line)
{
	struct fake *f = fake_new(1000);
	struct ui_table t;
	int64_t next = 5001;

	setup(&t, f, 10);
	/* the analyst moved off the head: arrivals never move the selection
	 * nor the selected row's line */
	ck_assert_int_eq(ui_table_move(&t, 3, NULL), 0);
	for (int b = 0; b < 3; b++) {
		arrive(f, &t, 2, &next);
		ck_assert_int_eq(sel_id(&t), 4);
		ck_assert_uint_eq(t.sel - t.top, 3);
		ck_assert_int_eq(line_row(&t, 0), 1);
	}
	/* down and up again to the first line shown: not the list's first
	 * row, so nothing follows */
	ck_assert_int_eq(ui_table_move(&t, -3, NULL), 0);
	ck_assert_int_eq(sel_id(&t), 1);
	arrive(f, &t, 2, &next);
	ck_assert_int_eq(sel_id(&t), 1);
	ck_assert_uint_eq(t.sel - t.top, 0);
	/* up to the newest row: it follows from there */
	ck_assert_int_eq(ui_table_move(&t, -100, NULL), 0);
	ck_assert_int_eq(sel_id(&t), next - 1);
	arrive(f, &t, 1, &next);
	ck_assert_int_eq(line_row(&t, 0), next - 1);
	ck_assert_int_eq(sel_id(&t), next - 2);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_draw_grid)
{
	struct fake *f = fake_new(10000);
	struct draw_grid g;
	struct draw_ops ops;
	struct ui_table t;

	setup(&t, f, 5);
	ck_assert_int_eq(ui_table_move(&t, 2, NULL), 0);
	draw_grid_init(&g, 6, 20);
	draw_grid_ops(&g, &ops);
	ui_table_draw(&t, &ops, 0, 20, true);
	ck_assert_str_eq(draw_grid_line(&g, 0), "ID     TEXT");
	ck_assert_str_eq(draw_grid_line(&g, 1), "1      row 1");
	ck_assert_str_eq(draw_grid_line(&g, 3), "3      row 3");
	ck_assert_str_eq(draw_grid_element(&g, 3, 0), "list.selected");
	ck_assert_str_eq(draw_grid_element(&g, 2, 0), "list.row");
	ui_table_release(&t);
	/* a cell too long for its column is cut with the ellipsis */
	setup(&t, f, 5);
	draw_grid_release(&g);
	draw_grid_init(&g, 6, 11);
	draw_grid_ops(&g, &ops);
	ui_table_draw(&t, &ops, 0, 11, true);
	ck_assert_str_eq(draw_grid_line(&g, 1), "1      row~");
	draw_grid_release(&g);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_layout_shrinks_flexible_first)
{
	/* the incidents view's columns */
	static const struct ui_table_column cols[] = {
	    {"REFERENCE", 14, 0}, {"SEVERITY", 8, 0},      {"STATUS", 11, 0},
	    {"TITLE", 0, 30},     {"ORGANIZATION", 14, 6}, {"ASSIGNEE", 9, 6},
	    {"AGE", 4, 0},        {"SLA", 5, 0},
	};
	int w[8];

	/* wide: the title takes the rest, the others keep their width */
	ui_table_layout(cols, 8, 200, w);
	ck_assert_int_eq(w[3], 200 - 65 - 7);
	ck_assert_int_eq(w[4], 14);
	/* 100: the organization gives up cells so the title keeps 30 */
	ui_table_layout(cols, 8, 100, w);
	ck_assert_int_eq(w[3], 30);
	ck_assert_int_eq(w[4], 12);
	ck_assert_int_eq(w[5], 9);
	/* 80: both flexible columns at their minimum before the title
	 * shrinks; fixed ones untouched */
	ui_table_layout(cols, 8, 80, w);
	ck_assert_int_eq(w[4], 6);
	ck_assert_int_eq(w[5], 6);
	ck_assert_int_eq(w[3], 80 - 42 - 12 - 7);
	ck_assert_int_eq(w[0], 14);
	ck_assert_int_eq(w[7], 5);
	/* far too narrow: the title keeps one cell */
	ui_table_layout(cols, 8, 40, w);
	ck_assert_int_eq(w[3], 1);
}
END_TEST

/* The grid after an incremental draw equals a full draw of the same state. */
static void
assert_same_as_full(struct ui_table *t, struct draw_grid *g, int h, int w)
{
	struct draw_grid full;
	struct draw_ops ops;

	draw_grid_init(&full, h, w);
	draw_grid_ops(&full, &ops);
	ui_table_draw(t, &ops, 0, w, true);
	for (int y = 0; y < h; y++) {
		char *a = strdup(draw_grid_line(g, y));

		ck_assert_str_eq(a, draw_grid_line(&full, y));
		ck_assert_str_eq(draw_grid_element(g, y, 0),
		                 draw_grid_element(&full, y, 0));
		free(a);
	}
	draw_grid_release(&full);
}

START_TEST(test_ui_table_draw_changes_minimal)
{
	struct fake *f = fake_new(10000);
	struct draw_grid g;
	struct draw_ops ops;
	struct ui_table t;

	setup(&t, f, 5);
	draw_grid_init(&g, 6, 20);
	draw_grid_ops(&g, &ops);
	/* the first draw is full: header and five lines */
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 6);
	/* nothing changed: nothing drawn */
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 0);
	/* the selection moves inside the window: its two lines */
	ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	g.n_cleared = 0;
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 2);
	ck_assert_int_eq(g.n_cleared, 2);
	ck_assert_int_eq(g.n_scrolled, 0);
	assert_same_as_full(&t, &g, 6, 20);
	/* to the last visible line, then one more: the list scrolls by one,
	 * the new bottom line and the old selection are drawn */
	ck_assert_int_eq(ui_table_move(&t, 3, NULL), 0);
	ui_table_draw_changes(&t, &ops, 0, 20, true);
	ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 2);
	ck_assert_int_eq(g.n_scrolled, 1);
	assert_same_as_full(&t, &g, 6, 20);
	/* up past the top: scrolls the other way; the old selection went
	 * off the bottom, so only the new top line is drawn */
	ck_assert_int_eq(ui_table_move(&t, -5, NULL), 0);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 1);
	ck_assert_int_eq(g.n_scrolled, 0);
	assert_same_as_full(&t, &g, 6, 20);
	/* many keys crossing the window's refetch: still right */
	for (int i = 0; i < 60; i++) {
		ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
		ck_assert_int_le(ui_table_draw_changes(&t, &ops, 0, 20, true),
		                 2);
	}
	assert_same_as_full(&t, &g, 6, 20);
	/* a page: no line in common, all five redrawn, no header */
	ck_assert_int_eq(ui_table_page(&t, 1, NULL), 0);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 5);
	assert_same_as_full(&t, &g, 6, 20);
	/* a reload re-reads the rows: everything */
	ck_assert_int_eq(ui_table_reload(&t, NULL), 0);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 6);
	/* invalidated (the screen was lost), or another width: everything */
	ui_table_invalidate(&t);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 20, true), 6);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 19, true), 6);
	/* without a scroll in the backend, the lines that differ */
	ops.scroll = NULL;
	ck_assert_int_eq(ui_table_move(&t, 5, NULL), 0);
	ck_assert_int_eq(ui_table_draw_changes(&t, &ops, 0, 19, true), 5);
	draw_grid_release(&g);
	ui_table_release(&t);
	free(f);
}
END_TEST

START_TEST(test_ui_table_empty)
{
	struct fake *f = fake_new(0);
	struct ui_table t;

	setup(&t, f, 5);
	ck_assert_ptr_null(ui_table_selected(&t));
	ck_assert_int_eq(ui_table_move(&t, 1, NULL), 0);
	ck_assert_int_eq(ui_table_bottom(&t, NULL), 0);
	ck_assert_int_eq(ui_table_page(&t, 1, NULL), 0);
	ck_assert_int_eq(ui_table_reload(&t, NULL), 0);
	ck_assert_ptr_null(ui_table_selected(&t));
	ui_table_release(&t);
	free(f);
}
END_TEST

Suite *
ui_table_suite(void)
{
	Suite *s = suite_create("ui_table");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_ui_table_first_page);
	tcase_add_test(tc, test_ui_table_move_and_page);
	tcase_add_test(tc, test_ui_table_bottom_aligned);
	tcase_add_test(tc, test_ui_table_prefetch_serves_page_keys);
	tcase_add_test(tc, test_ui_table_reload_keeps_selection);
	tcase_add_test(tc, test_ui_table_reload_follows_head_batches);
	tcase_add_test(tc, test_ui_table_reload_elsewhere_keeps_line);
	tcase_add_test(tc, test_ui_table_draw_grid);
	tcase_add_test(tc, test_ui_table_layout_shrinks_flexible_first);
	tcase_add_test(tc, test_ui_table_draw_changes_minimal);
	tcase_add_test(tc, test_ui_table_empty);
	suite_add_tcase(s, tc);
	return s;
}
