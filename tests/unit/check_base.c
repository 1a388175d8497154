/* Base containers and parsers: strbuf, err, CSV, time, IP, hashing, PRNG. */
#include <ctype.h>
#include <check.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/base/csv.h"
#include "centinela/base/err.h"
#include "centinela/base/fsutil.h"
#include "centinela/base/hash.h"
#include "centinela/base/inet.h"
#include "centinela/base/rng.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/base/utf8.h"
#include "testutil.h"

START_TEST(test_base_strbuf_grows_and_detaches)
{
	struct strbuf sb;
	char *s;
	size_t len;

	strbuf_init(&sb);
	ck_assert_str_eq(sb.buf, "");
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "%d,", i);
	ck_assert_uint_eq(sb.len, strlen(sb.buf));
	strbuf_setlen(&sb, 4);
	ck_assert_str_eq(sb.buf, "0,1,");
	s = strbuf_detach(&sb, &len);
	ck_assert_uint_eq(len, 4);
	ck_assert_str_eq(sb.buf, "");
	free(s);
	strbuf_release(&sb);
}
END_TEST

/* strbuf_addi prints what "%lld" does, at both ends of the range too. */
START_TEST(test_base_strbuf_addi_as_printf)
{
	static const int64_t v[] = {0,   7,          -7,        10,
	                            -10, 1234567890, INT64_MAX, INT64_MIN};
	struct strbuf got, want;

	strbuf_init(&got);
	strbuf_init(&want);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		strbuf_addi(&got, v[i]);
		strbuf_addch(&got, ',');
		strbuf_addf(&want, "%lld,", (long long)v[i]);
	}
	ck_assert_str_eq(got.buf, want.buf);
	ck_assert_str_eq(got.buf, "0,7,-7,10,-10,1234567890,"
	                          "9223372036854775807,-9223372036854775808,");
	strbuf_release(&got);
	strbuf_release(&want);
}
END_TEST

/* xasprintf: a string of its own length, however long. */
START_TEST(test_base_xasprintf_any_length)
{
	char *s = xasprintf("%s-%d-%.3s", "abc", 42, "xyzw");
	char big[5000];

	ck_assert_str_eq(s, "abc-42-xyz");
	free(s);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = xasprintf("<%s>", big);
	ck_assert_uint_eq(strlen(s), sizeof(big) + 1);
	ck_assert_int_eq(s[0], '<');
	ck_assert_int_eq(s[sizeof(big)], '>');
	free(s);
	s = xasprintf("%s", "");
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_base_err_prefix_and_truncation)
{
	struct err e;
	char big[2000];

	err_clear(&e);
	ck_assert_int_eq(
	    err_set(&e, ERR_NOTFOUND, "unknown organization '%s'", "CFE"),
	    ERR_NOTFOUND);
	err_prefix(&e, "%s:%d", "orgs.csv", 7);
	ck_assert_str_eq(e.msg, "orgs.csv:7: unknown organization 'CFE'");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err_set(&e, ERR_INVALID, "%s", big);
	err_prefix(&e, "file");
	ck_assert_uint_eq(strlen(e.msg), ERR_MSG_MAX - 1);
	ck_assert_int_eq(strncmp(e.msg, "file: xxx", 9), 0);
	ck_assert_int_eq(err_set(NULL, ERR_IO, "ignored"), ERR_IO);
}
END_TEST

/* Read all records of a CSV text into one "a|b;c|d;" string. */
static char *
csv_flat(const char *text, int *errors)
{
	struct csv_reader r;
	struct strvec f;
	struct strbuf out;
	struct err e;
	int rc;

	strvec_init(&f);
	strbuf_init(&out);
	*errors = 0;
	csv_reader_init(&r, text, strlen(text));
	while ((rc = csv_next(&r, &f, &e)) != 0) {
		if (rc < 0) {
			(*errors)++;
			strbuf_addf(&out, "E%d;", r.rec_line);
			continue;
		}
		strbuf_addf(&out, "%d:", r.rec_line);
		for (size_t i = 0; i < f.n; i++)
			strbuf_addf(&out, "%s%s", i ? "|" : "", f.v[i]);
		strbuf_addch(&out, ';');
	}
	strvec_release(&f);
	return strbuf_detach(&out, NULL);
}

START_TEST(test_base_csv_quoting_and_lines)
{
	int errors;
	char *s;

	s = csv_flat("\xef\xbb\xbf"
	             "a,b\r\n\"x, y\",\"say \"\"hi\"\"\"\r\n"
	             "\"multi\nline\",z\n\n,\n",
	             &errors);
	ck_assert_str_eq(s, "1:a|b;2:x, y|say \"hi\";3:multi\nline|z;6:|;");
	ck_assert_int_eq(errors, 0);
	free(s);
	s = csv_flat("a,\"open\nb,c\n", &errors);
	ck_assert_int_eq(errors, 1);
	free(s);
	s = csv_flat("\"a\"x,b\nc,d\n", &errors);
	ck_assert_str_eq(s, "E1;2:c|d;");
	free(s);
}
END_TEST

/* issue 11: a lone CR ends a line, as LF and CRLF do. */
START_TEST(test_base_csv_cr_only_line_ends)
{
	int errors;
	char *s;

	s = csv_flat("\xef\xbb\xbf"
	             "a,b\r\"x\ry\",z\r\r\"q\"\r,\rlast",
	             &errors);
	ck_assert_str_eq(s, "1:a|b;2:x\ry|z;5:q;6:|;7:last;");
	ck_assert_int_eq(errors, 0);
	free(s);
	/* Mixed: CRLF, LF and CR each count one line. */
	s = csv_flat("a\r\nb\nc\rd", &errors);
	ck_assert_str_eq(s, "1:a;2:b;3:c;4:d;");
	free(s);
	s = csv_flat("\"a\"x\rc,d\r", &errors);
	ck_assert_str_eq(s, "E1;2:c|d;");
	free(s);
	ck_assert_uint_eq(utf8_bom_len("\xef\xbb\xbf"
	                               "{}",
	                               5),
	                  3);
	ck_assert_uint_eq(utf8_bom_len("\xef\xbb", 2), 0);
	ck_assert_uint_eq(utf8_bom_len("{}", 2), 0);
}
END_TEST

START_TEST(test_base_time_iso8601)
{
	int64_t t;
	char buf[TIME_ISO_MAX];

	ck_assert_int_eq(time_parse_iso8601("2026-11-28T10:00:00Z", &t), 0);
	ck_assert_int_eq(t, 1795860000);
	time_format_iso8601(t, buf);
	ck_assert_str_eq(buf, "2026-11-28T10:00:00Z");
	ck_assert_int_eq(time_parse_iso8601("2026-11-28T04:00:00-06:00", &t),
	                 0);
	ck_assert_int_eq(t, 1795860000);
	ck_assert_int_eq(time_parse_iso8601("2026-11-28T10:00:00.123Z", &t), 0);
	ck_assert_int_eq(time_parse_iso8601("2026-11-28", &t), 0);
	ck_assert_int_eq(t, 1795824000);
	ck_assert_int_eq(time_parse_iso8601("2025-02-29", &t), ERR_PARSE);
	ck_assert_int_eq(time_parse_iso8601("2026-13-01", &t), ERR_PARSE);
	ck_assert_int_eq(time_parse_iso8601("2026-11-28T25:00Z", &t),
	                 ERR_PARSE);
	ck_assert_int_eq(time_parse_iso8601("yesterday", &t), ERR_PARSE);
	ck_assert_int_eq(time_parse_iso8601("2026-11-28Tx", &t), ERR_PARSE);
}
END_TEST

START_TEST(test_base_time_durations_and_ages)
{
	int64_t d;
	char buf[16];

	ck_assert_int_eq(time_parse_duration("2h", &d), 0);
	ck_assert_int_eq(d, 7200);
	ck_assert_int_eq(time_parse_duration("1h30m", &d), 0);
	ck_assert_int_eq(d, 5400);
	ck_assert_int_eq(time_parse_duration("7d", &d), 0);
	ck_assert_int_eq(d, 604800);
	ck_assert_int_eq(time_parse_duration("90", &d), 0);
	ck_assert_int_eq(d, 90);
	ck_assert_int_eq(time_parse_duration("1h30", &d), ERR_PARSE);
	ck_assert_int_eq(time_parse_duration("h", &d), ERR_PARSE);
	ck_assert_int_eq(time_parse_duration("2y", &d), ERR_PARSE);
	ck_assert_int_eq(time_parse_duration("", &d), ERR_PARSE);
	time_format_age(45, buf, sizeof(buf));
	ck_assert_str_eq(buf, "45s");
	time_format_age(7300, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2h");
	time_format_age(3 * 86400 + 5, buf, sizeof(buf));
	ck_assert_str_eq(buf, "3d");
}
END_TEST

/*
 * A duration past 100 years is refused as too long, not wrapped or
 * overflowed (99999999999d used to give a window starting in the year
 * -273788674; a long run of units overflowed int64_t).
 */
START_TEST(test_base_time_duration_bound)
{
	int64_t d = 42;

	ck_assert_int_eq(time_parse_duration("36500d", &d), 0);
	ck_assert_int_eq(d, TIME_DURATION_MAX);
	ck_assert_int_eq(time_parse_duration("5214w2d", &d), 0);
	ck_assert_int_eq(d, TIME_DURATION_MAX);
	d = 42;
	ck_assert_int_eq(time_parse_duration("36500d1s", &d), ERR_LIMIT);
	ck_assert_int_eq(time_parse_duration("36501d", &d), ERR_LIMIT);
	ck_assert_int_eq(time_parse_duration("99999999999d", &d), ERR_LIMIT);
	ck_assert_int_eq(
	    time_parse_duration("99999999999999999999999999999s", &d),
	    ERR_LIMIT);
	ck_assert_int_eq(time_parse_duration("1099511627776w1099511627776w"
	                                     "1099511627776w1099511627776w",
	                                     &d),
	                 ERR_LIMIT);
	ck_assert_int_eq(time_parse_duration("30000d30000d", &d), ERR_LIMIT);
	ck_assert_int_eq(d, 42);
	/* the syntax is still checked past the bound */
	ck_assert_int_eq(time_parse_duration("99999999999dx", &d), ERR_PARSE);
	ck_assert_int_eq(time_parse_duration("99999999999d5", &d), ERR_PARSE);
}
END_TEST

START_TEST(test_base_inet_validation)
{
	ck_assert(inet_valid_addr("192.0.2.10"));
	ck_assert(inet_valid_addr("10.0.0.0/8"));
	ck_assert(inet_valid_addr("2001:db8::1"));
	ck_assert(inet_valid_addr("2001:db8::/32"));
	ck_assert(!inet_valid_addr("300.1.1.1"));
	ck_assert(!inet_valid_addr("10.0.0.0/33"));
	ck_assert(!inet_valid_addr("10.0.0.1/"));
	ck_assert(!inet_valid_addr("host.example"));
	ck_assert(!inet_valid_addr(""));
	ck_assert(!inet_valid_addr("1.2.3"));
}
END_TEST

START_TEST(test_base_sha256_and_uuid)
{
	char hex[SHA256_HEX_LEN + 1], id[UUID_STR_LEN + 1],
	    id2[UUID_STR_LEN + 1];

	sha256_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223"
	                      "b00361a396177a9cb410ff61f20015ad");
	ck_assert_int_eq(uuid_v4(id), 0);
	ck_assert_int_eq(uuid_v4(id2), 0);
	ck_assert_uint_eq(strlen(id), UUID_STR_LEN);
	ck_assert_int_eq(id[14], '4');
	ck_assert(strchr("89ab", id[19]));
	ck_assert_str_ne(id, id2);
}
END_TEST

START_TEST(test_base_sha256_reused_context)
{
	struct sha256 *h = sha256_new();
	char a[SHA256_HEX_LEN + 1], b[SHA256_HEX_LEN + 1];

	sha256_update(h, "a", 1);
	sha256_update(h, "bc", 2);
	sha256_digest_hex(h, a);
	sha256_update(h, "abc", 3);
	sha256_digest_hex(h, b);
	sha256_free(h);
	ck_assert_str_eq(a, "ba7816bf8f01cfea414140de5dae2223"
	                    "b00361a396177a9cb410ff61f20015ad");
	ck_assert_str_eq(a, b);
	sha256_free(NULL);
}
END_TEST

/* FIPS 180-4's examples (NIST CSRC, SHA512.pdf): one block, two blocks,
 * and the empty message. */
/* Hex digits of either case, and nothing else (%XX escapes, keys). */
START_TEST(test_base_hex_digit_value)
{
	static const char digits[] = "0123456789abcdef";

	for (int i = 0; i < 16; i++) {
		ck_assert_int_eq(hex_digit_value(digits[i]), i);
		ck_assert_int_eq(
		    hex_digit_value(toupper((unsigned char)digits[i])), i);
	}
	for (int c = 0; c < 256; c++)
		if (!isxdigit(c))
			ck_assert_int_eq(hex_digit_value(c), -1);
}
END_TEST

START_TEST(test_base_sha512_fips_vectors)
{
	static const char two_blocks[] =
	    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
	    "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	char hex[SHA512_HEX_LEN + 1];

	sha512_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "ddaf35a193617abacc417349ae204131"
	                      "12e6fa4e89a97ea20a9eeee64b55d39a"
	                      "2192992a274fc1a836ba3c23a3feebbd"
	                      "454d4423643ce80e2a9ac94fa54ca49f");
	sha512_hex(two_blocks, strlen(two_blocks), hex);
	ck_assert_str_eq(hex, "8e959b75dae313da8cf4f72814fc143f"
	                      "8f7779c6eb9f7fa17299aeadb6889018"
	                      "501d289e4900f7e4331b99dec4b5433a"
	                      "c7d329eeb6dd26545e96e55b874be909");
	sha512_hex(NULL, 0, hex);
	ck_assert_str_eq(hex, "cf83e1357eefb8bdf1542850d66d8007"
	                      "d620e4050b5715dc83f4a921d36ce9ce"
	                      "47d0d13c5d85f2b0ff8318d2877eec2f"
	                      "63b931bd47417a81a538327af927da3e");
}
END_TEST

START_TEST(test_base_rng_is_deterministic)
{
	struct rng a, b;

	rng_seed(&a, 42);
	rng_seed(&b, 42);
	for (int i = 0; i < 100; i++)
		ck_assert_uint_eq(rng_next(&a), rng_next(&b));
	for (int i = 0; i < 1000; i++) {
		int64_t v = rng_range(&a, -3, 3);

		ck_assert(v >= -3 && v <= 3);
	}
}
END_TEST

START_TEST(test_base_private_file_modes)
{
	char *dir = test_tmpdir();
	char *path = test_write_file(dir, "theirs", "data");
	struct strbuf fresh;
	struct stat st;

	strbuf_init(&fresh);
	ck_assert_int_eq(chmod(path, 0644), 0);
	ck_assert_int_eq(fs_ensure_private_file(path, false, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644); /* not ours: untouched */
	ck_assert_int_eq(fs_ensure_private_file(path, true, NULL), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	strbuf_addf(&fresh, "%s/new", dir);
	ck_assert_int_eq(fs_ensure_private_file(fresh.buf, false, NULL), 0);
	ck_assert_int_eq(stat(fresh.buf, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0600);
	ck_assert_int_ne(fs_ensure_private_file(dir, false, NULL), 0);
	strbuf_release(&fresh);
	free(path);
	test_rmtree(dir);
}
END_TEST

Suite *
base_suite(void)
{
	Suite *s = suite_create("base");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_base_strbuf_grows_and_detaches);
	tcase_add_test(tc, test_base_strbuf_addi_as_printf);
	tcase_add_test(tc, test_base_xasprintf_any_length);
	tcase_add_test(tc, test_base_err_prefix_and_truncation);
	tcase_add_test(tc, test_base_csv_quoting_and_lines);
	tcase_add_test(tc, test_base_csv_cr_only_line_ends);
	tcase_add_test(tc, test_base_time_iso8601);
	tcase_add_test(tc, test_base_time_durations_and_ages);
	tcase_add_test(tc, test_base_time_duration_bound);
	tcase_add_test(tc, test_base_inet_validation);
	tcase_add_test(tc, test_base_sha256_and_uuid);
	tcase_add_test(tc, test_base_sha256_reused_context);
	tcase_add_test(tc, test_base_sha512_fips_vectors);
	tcase_add_test(tc, test_base_hex_digit_value);
	tcase_add_test(tc, test_base_rng_is_deterministic);
	tcase_add_test(tc, test_base_private_file_modes);
	suite_add_tcase(s, tc);
	return s;
}
