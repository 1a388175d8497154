/*
 * The audit export: a chain exported to memory verifies with nothing but
 * the text, and each tampering of the text (an edited field, a deleted
 * line, two lines swapped, the last lines dropped) is caught at its line.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/audit.h"
#include "centinela/feed/audit_jsonl.h"
#include "centinela/model/audit.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"
#include "testutil.h"

static int
put_entry(const struct audit_entry *a, void *ctx)
{
	return export_audit_entry(ctx, a, NULL);
}

/* The export of store s (closed after), as text (owned). */
static char *
export_of(struct store *s)
{
	char hash[SHA256_HEX_LEN + 1], *buf = NULL;
	size_t len = 0;
	int64_t head_id;
	FILE *f = open_memstream(&buf, &len);
	struct err e;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(store_audit_each(s, put_entry, f, &head_id, hash, &e),
	                 0);
	ck_assert_int_eq(export_audit_head(f, head_id, hash, &e), 0);
	ck_assert_int_eq(fclose(f), 0);
	store_close(s);
	return buf;
}

/*
 * Export a chain of n entries (with a tab and a quote in detail, and from
 * entry 3 on bytes that are not UTF-8, as a file name or an argument may
 * bring: the chain keeps them repaired, so the export verifies).
 */
static char *
exported(int n, size_t *len)
{
	struct store *s = NULL;
	char ref[32], *text;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	for (int i = 1; i <= n; i++) {
		snprintf(ref, sizeof(ref), "MX-2026-%05d%s", i,
		         i == 5 ? "\xfe" : "");
		ck_assert_msg(store_audit_append(s, "ana", "incident.update",
		                                 "incident", ref,
		                                 i == 3  ? "bad \xff byte"
		                                 : i % 2 ? "say \"hi\"\tnow"
		                                         : NULL,
		                                 &e) == 0,
		              "%s", e.msg);
	}
	text = export_of(s);
	*len = strlen(text);
	return text;
}

/* Lines of text, each with its newline. */
static void
split(const char *text, struct strbuf *lines, int *n)
{
	const char *p = text;

	*n = 0;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t k = nl ? (size_t)(nl - p) + 1 : strlen(p);

		strbuf_init(&lines[*n]);
		strbuf_add(&lines[*n], p, k);
		(*n)++;
		p += k;
	}
}

/* Join lines in the order given by idx (n of them). */
static char *
join(struct strbuf *lines, const int *idx, int n)
{
	struct strbuf out;

	strbuf_init(&out);
	for (int i = 0; i < n; i++)
		strbuf_add(&out, lines[idx[i]].buf, lines[idx[i]].len);
	return strbuf_detach(&out, NULL);
}

static void
expect_bad(const char *text, size_t bad_line, const char *msg)
{
	struct audit_jsonl_verify r;
	struct err e;

	err_clear(&e);
	ck_assert_int_eq(audit_jsonl_verify(text, strlen(text), &r, &e),
	                 ERR_CORRUPT);
	ck_assert_msg(r.first_bad_line == bad_line, "line %zu, want %zu: %s",
	              r.first_bad_line, bad_line, e.msg);
	ck_assert_msg(strstr(e.msg, msg) != NULL, "'%s' lacks '%s'", e.msg,
	              msg);
}

/* Replace the first from in text (owned) by to; returns the new text. */
static char *
replace(char *text, const char *from, const char *to)
{
	char *p = strstr(text, from);
	struct strbuf sb;

	ck_assert_ptr_nonnull(p);
	strbuf_init(&sb);
	strbuf_add(&sb, text, (size_t)(p - text));
	strbuf_adds(&sb, to);
	strbuf_adds(&sb, p + strlen(from));
	free(text);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_audit_export_other_layout_verifies)
{
	size_t len;
	char *text = exported(6, &len);
	struct audit_jsonl_verify r;
	struct err e;

	/* What the fast reader leaves to jansson: blanks, other key order,
	 * \u escapes. The verdict is the same. */
	text = replace(text, "{\"id\":2,", "{ \"id\" : 2 ,");
	text = replace(text, "MX-2026-00004", "\\u004dX-2026-00004");
	text = replace(text, "\"actor\":\"ana\",\"action\"", "\"action\"");
	text =
	    replace(text, "\"prev_hash\"", "\"actor\":\"ana\",\"prev_hash\"");
	ck_assert_msg(audit_jsonl_verify(text, strlen(text), &r, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(r.entries, 6);
	/* and a change in a line of the other layout is still caught */
	text = replace(text, "\\u004dX-2026-00004", "\\u004dX-2026-00009");
	expect_bad(text, 4, "line 4: hash does not match its fields");
	free(text);
}
END_TEST

START_TEST(test_audit_export_round_trip_verifies)
{
	size_t len;
	char *text = exported(6, &len);
	struct audit_jsonl_verify r;
	struct err e;

	ck_assert_msg(audit_jsonl_verify(text, len, &r, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(r.entries, 6);
	ck_assert_int_eq(r.first_bad_line, 0);
	ck_assert_ptr_nonnull(strstr(text, "\"head_id\":6,"));
	ck_assert_ptr_nonnull(strstr(text, "say \\\"hi\\\"\\tnow"));
	ck_assert_ptr_nonnull(strstr(text, r.head_hash));
	free(text);
}
END_TEST

START_TEST(test_audit_export_empty_chain_verifies)
{
	size_t len;
	char *text = exported(0, &len);
	struct audit_jsonl_verify r;
	struct err e;

	ck_assert_msg(audit_jsonl_verify(text, len, &r, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(r.entries, 0);
	free(text);
}
END_TEST

START_TEST(test_audit_export_detects_edit)
{
	size_t len;
	char *text = exported(6, &len), *p = strstr(text, "MX-2026-00004");

	ck_assert_ptr_nonnull(p);
	p[12] = '9';
	expect_bad(text, 4,
	           "line 4: hash does not match its fields (entry 4, ");
	expect_bad(text, 4, "Z, incident.update by ana)");
	free(text);
}
END_TEST

START_TEST(test_audit_export_detects_deleted_line)
{
	size_t len;
	char *text = exported(6, &len), *out;
	struct strbuf lines[8];
	int n, idx[] = {0, 1, 3, 4, 5, 6};

	split(text, lines, &n);
	ck_assert_int_eq(n, 7);
	out = join(lines, idx, 6);
	expect_bad(out, 3, "line 3 holds entry 4 where entry 3 belongs");
	for (int i = 0; i < n; i++)
		strbuf_release(&lines[i]);
	free(out);
	free(text);
}
END_TEST

START_TEST(test_audit_export_detects_swapped_lines)
{
	size_t len;
	char *text = exported(6, &len), *out;
	struct strbuf lines[8];
	int n, idx[] = {0, 1, 3, 2, 4, 5, 6};

	split(text, lines, &n);
	out = join(lines, idx, 7);
	expect_bad(out, 3, "line 3 holds entry 4 where entry 3 belongs");
	for (int i = 0; i < n; i++)
		strbuf_release(&lines[i]);
	free(out);
	free(text);
}
END_TEST

START_TEST(test_audit_export_detects_truncation)
{
	size_t len;
	char *text = exported(6, &len), *out;
	struct strbuf lines[8];
	int n, idx[] = {0, 1, 2, 3, 4, 5, 6};

	split(text, lines, &n);
	/* The last two entries and the head dropped. */
	out = join(lines, idx, 4);
	expect_bad(out, 5, "line 5: the head line is missing");
	free(out);
	/* The last two entries dropped, the head kept. */
	idx[4] = 6;
	out = join(lines, idx, 5);
	expect_bad(out, 5,
	           "the head records entry 6 but the chain ends "
	           "at entry 4");
	free(out);
	/* Cut in the middle of a line. */
	text[len - 10] = '\0';
	expect_bad(text, 7, "line 7: not a JSON object");
	for (int i = 0; i < n; i++)
		strbuf_release(&lines[i]);
	free(text);
}
END_TEST

START_TEST(test_audit_export_detects_replaced_link)
{
	/* A line rehashed after an edit breaks the link of the next one. */
	size_t len;
	char *text = exported(3, &len), *out;
	struct strbuf lines[5];
	struct audit_entry a;
	char actor[] = "mallory", action[] = "incident.update";
	char *p;
	int n;

	split(text, lines, &n);
	audit_entry_init(&a);
	a.id = 2;
	a.at = 0;
	a.actor = actor;
	a.action = action;
	p = strstr(lines[1].buf, "\"prev_hash\":\"") + 13;
	memcpy(a.prev_hash, p, SHA256_HEX_LEN);
	audit_entry_hash(&a, a.hash);
	strbuf_reset(&lines[1]);
	strbuf_addf(&lines[1],
	            "{\"id\":2,\"at\":0,\"actor\":\"mallory\",\"action\":"
	            "\"incident.update\",\"entity\":null,\"entity_ref\":null,"
	            "\"detail\":null,\"prev_hash\":\"%s\",\"hash\":\"%s\"}\n",
	            a.prev_hash, a.hash);
	out = join(lines, (int[]){0, 1, 2, 3}, 4);
	expect_bad(out, 3, "line 3: entry 3 does not follow the line before");
	for (int i = 0; i < n; i++)
		strbuf_release(&lines[i]);
	free(out);
	free(text);
}
END_TEST

/*
 * A store of n entries whose entry bad was changed by sql and then sealed,
 * with two entries after the seal.
 */
static struct store *
sealed_store(int n, const char *sql)
{
	struct store *s = NULL;
	struct audit_verify r;
	struct err e;

	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	for (int i = 1; i <= n; i++)
		ck_assert_int_eq(store_audit_append(s, "ana", "incident.note",
		                                    "incident", "MX-2026-00001",
		                                    "a note", &e),
		                 0);
	ck_assert_int_eq(test_store_sql(s, sql), 0);
	ck_assert_msg(store_audit_seal(s, "luis", "looked into", &r, &e) == 0,
	              "%s", e.msg);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(store_audit_append(s, "ana", "incident.note",
		                                    "incident", "MX-2026-00001",
		                                    "after", &e),
		                 0);
	return s;
}

START_TEST(test_audit_export_sealed_chain_verifies)
{
	/* each kind of damage the store can hold, sealed: the file's walk
	 * re-chains the sealed segment as the store did */
	static const char *const damage[] = {
	    "UPDATE audit SET actor = 'mallory' WHERE id = 3",
	    "DELETE FROM audit WHERE id = 3",
	    "UPDATE audit SET detail = '' WHERE id = 3",
	    "UPDATE audit SET detail = CAST(x'41ff42' AS TEXT) WHERE id = 3",
	    "UPDATE audit SET hash = printf('%064d', 3) WHERE id = 3",
	    "DELETE FROM audit WHERE id > 3",
	};
	struct audit_jsonl_verify r;
	struct err e;

	for (size_t i = 0; i < sizeof(damage) / sizeof(damage[0]); i++) {
		char *text = export_of(sealed_store(5, damage[i]));

		err_clear(&e);
		ck_assert_msg(audit_jsonl_verify(text, strlen(text), &r, &e) ==
		                  0,
		              "%s: %s", damage[i], e.msg);
		ck_assert_int_eq(r.seals, 1);
		ck_assert_int_eq(r.last_seal.id, 6);
		ck_assert_int_eq(r.last_seal.sealed_id, i == 5 ? 4 : 3);
		ck_assert_str_eq(r.last_seal.actor, "luis");
		ck_assert_ptr_nonnull(
		    strstr(r.last_seal.detail, "reason: looked into"));
		free(text);
	}
}
END_TEST

START_TEST(test_audit_export_sealed_entry_changed_fails)
{
	char *text = export_of(
	    sealed_store(5, "UPDATE audit SET actor = 'mallory' WHERE id = 3"));

	/* the sealed entry put back as it was: the seal no longer holds */
	text = replace(text, "\"actor\":\"mallory\"", "\"actor\":\"ana\"");
	expect_bad(text, 6, "the seal at entry 6 does not hold");
	free(text);
	/* an entry after the seal edited: a break of the new segment */
	text = export_of(
	    sealed_store(5, "UPDATE audit SET actor = 'mallory' WHERE id = 3"));
	text = replace(text, "\"detail\":\"after\"", "\"detail\":\"later\"");
	expect_bad(text, 7, "line 7: hash does not match its fields");
	free(text);
}
END_TEST

Suite *
audit_export_suite(void)
{
	Suite *s = suite_create("audit_export");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_audit_export_round_trip_verifies);
	tcase_add_test(tc, test_audit_export_other_layout_verifies);
	tcase_add_test(tc, test_audit_export_empty_chain_verifies);
	tcase_add_test(tc, test_audit_export_detects_edit);
	tcase_add_test(tc, test_audit_export_detects_deleted_line);
	tcase_add_test(tc, test_audit_export_detects_swapped_lines);
	tcase_add_test(tc, test_audit_export_detects_truncation);
	tcase_add_test(tc, test_audit_export_detects_replaced_link);
	tcase_add_test(tc, test_audit_export_sealed_chain_verifies);
	tcase_add_test(tc, test_audit_export_sealed_entry_changed_fails);
	suite_add_tcase(s, tc);
	return s;
}
