/*
 * Verifying an exported audit trail from its text (feed/audit_jsonl.h):
 * what an export goes through on the way, such as an editor that saves it
 * with a byte-order mark.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/strbuf.h"
#include "centinela/export/audit.h"
#include "centinela/feed/audit_jsonl.h"
#include "centinela/store/audit.h"
#include "centinela/store/store.h"

static int
put_entry(const struct audit_entry *a, void *ctx)
{
	return export_audit_entry(ctx, a, NULL);
}

/* The export of a chain of n entries, owned, after prefix. */
static char *
export_chain(int n, const char *prefix, size_t *len)
{
	struct store *s = NULL;
	char hash[SHA256_HEX_LEN + 1];
	int64_t head_id;
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	struct err e;

	ck_assert_ptr_nonnull(f);
	fputs(prefix, f);
	ck_assert_msg(store_open(":memory:", 0, &s, &e) == 0, "%s", e.msg);
	for (int i = 0; i < n; i++)
		ck_assert_msg(store_audit_append(s, "ana", "incident.note",
		                                 "incident", "MX-2026-00001",
		                                 "called the SOC", &e) == 0,
		              "%s", e.msg);
	ck_assert_int_eq(store_audit_each(s, put_entry, f, &head_id, hash, &e),
	                 0);
	ck_assert_int_eq(export_audit_head(f, head_id, hash, &e), 0);
	ck_assert_int_eq(fclose(f), 0);
	store_close(s);
	return buf;
}

/* issue 11: a byte-order mark before the first line is skipped. */
START_TEST(test_audit_jsonl_bom_skipped)
{
	struct audit_jsonl_verify r;
	struct err e;
	size_t len;
	char *text = export_chain(3, "\xef\xbb\xbf", &len);

	ck_assert_msg(audit_jsonl_verify(text, len, &r, &e) == 0, "%s", e.msg);
	ck_assert_int_eq(r.entries, 3);
	free(text);
	/* A mark anywhere else is still not an entry. */
	text = export_chain(1, "", &len);
	{
		struct strbuf sb;
		char *nl = strchr(text, '\n');

		strbuf_init(&sb);
		strbuf_add(&sb, text, (size_t)(nl + 1 - text));
		strbuf_adds(&sb, "\xef\xbb\xbf");
		strbuf_adds(&sb, nl + 1);
		ck_assert_int_eq(audit_jsonl_verify(sb.buf, sb.len, &r, &e),
		                 ERR_CORRUPT);
		ck_assert_uint_eq(r.first_bad_line, 2);
		strbuf_release(&sb);
	}
	free(text);
}
END_TEST

Suite *
audit_jsonl_suite(void)
{
	Suite *s = suite_create("audit_jsonl");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_audit_jsonl_bom_skipped);
	suite_add_tcase(s, tc);
	return s;
}
