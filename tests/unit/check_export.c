/* Tests for the JSON and CSV exporters (src/export). */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/columns.h"
#include "centinela/base/array.h"
#include "centinela/base/csv.h"
#include "centinela/base/err.h"
#include "centinela/base/strvec.h"
#include "centinela/base/utf8.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/csv.h"
#include "centinela/export/export.h"
#include "centinela/export/json.h"
#include "centinela/model/alert.h"
#include "centinela/model/asset.h"
#include "centinela/model/incident.h"
#include "centinela/model/organization.h"
#include "centinela/model/vulnerability.h"
#include "centinela/store/list.h"

#include "suites.h"
#include "testutil.h"

/* The JSON and CSV fields of a list (its descriptor's). */
static const struct export_table *
table(enum store_entity ent)
{
	return &columns_catalog_of(ent)->fields;
}

/* Text nobody should be able to smuggle through an export. */
static const char nasty[] = "a\"b\\c\x01\x1b[31mred\x1b]0;title\x07\x7f"
                            "\xff\xc3(\xe2\x80\xae"
                            "rtl\xe2\x80\xa8\xc2\x9b"
                            "end\tq\r\n";
/* The same after the JSON round trip: invalid bytes became U+FFFD. */
static const char nasty_decoded[] = "a\"b\\c\x01\x1b[31mred\x1b]0;title\x07\x7f"
                                    "\xef\xbf\xbd\xef\xbf\xbd(\xe2\x80\xae"
                                    "rtl\xe2\x80\xa8\xc2\x9b"
                                    "end\tq\r\n";

struct capture {
	char *buf;  /* memstream buffer */
	size_t len; /* its length */
	FILE *f;    /* the stream */
};

static void
capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	ck_assert_ptr_nonnull(c->f);
}

/* Close the stream; c->buf holds the output (free it). */
static void
capture_close(struct capture *c)
{
	ck_assert_int_eq(fclose(c->f), 0);
	c->f = NULL;
}

static void
fill_incident(struct incident *inc)
{
	incident_init(inc);
	inc->meta.id = 42;
	inc->meta.source = xstrdup("central");
	inc->meta.remote_id = xstrdup("inc-9");
	inc->meta.version = 7;
	inc->meta.created_at = 1767225600; /* 2026-01-01T00:00:00Z */
	inc->meta.updated_at = 1767229200;
	inc->reference = xstrdup("MX-2026-00042");
	inc->title = xstrdup("Ransomware en subestación");
	inc->category = xstrdup("malicious-code");
	inc->category_type = xstrdup("infected-system");
	inc->severity = SEVERITY_HIGH;
	inc->priority = 2;
	inc->status = INCIDENT_IN_PROGRESS;
	inc->tlp = TLP_AMBER_STRICT;
	inc->pap = PAP_GREEN;
	inc->assignee = xstrdup("ana.lopez");
	inc->sector = xstrdup("energy");
	inc->opened_at = 1767225600;
	inc->due_at = 1767240000;
	strvec_push(&inc->alert_ids, "al-1");
	strvec_push(&inc->asset_ids, "plc-01");
	incident_add_note(inc, "ana.lopez", 1767226000, "Contacto con el CERT");
	incident_add_note(inc, "bob", 1767227000, nasty);
}

static void
fill_alert(struct alert *a, int i)
{
	char buf[64];

	alert_init(a);
	a->meta.id = 100 + i;
	a->meta.source = xstrdup("central");
	snprintf(buf, sizeof(buf), "al-%d", i);
	a->meta.remote_id = xstrdup(buf);
	a->title = xstrdup("Open RDP on 198.51.100.7");
	a->severity = SEVERITY_MEDIUM;
	a->tlp = TLP_GREEN;
	a->taxonomy_class = xstrdup("vulnerable");
	a->taxonomy_type = xstrdup("vulnerable-system");
	a->feed_name = xstrdup("shadowserver-scan");
	a->observed_at = 1767225600 + i;
	a->received_at = 1767225660 + i;
	a->status = ALERT_ACKNOWLEDGED;
	a->organization_id = 3;
	a->organization = xstrdup("CFE");
	a->event_hash = xstrdup("ab12");
	a->raw_json = xstrdup("{\"x\":1}");
	alert_add_observable(a, OBSERVABLE_IP, "198.51.100.7");
	alert_add_observable(a, OBSERVABLE_FQDN, "rdp.example.mx");
}

static void
fill_asset(struct asset *a)
{
	asset_init(a);
	a->meta.id = 5;
	a->meta.source = xstrdup("local");
	a->name = xstrdup("PLC subestación 4");
	a->organization_id = 3;
	a->organization = xstrdup("CFE, Zona Bajío");
	a->sector = xstrdup("energy");
	a->kind = ASSET_ICS;
	a->criticality = 5;
	a->ip = xstrdup("10.20.30.40");
	a->vendor = xstrdup("Siemens");
	a->product = xstrdup("SIMATIC S7-1500");
	strvec_push(&a->cpes,
	            "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*");
	strvec_push(&a->cpes, "cpe:2.3:o:siemens:simatic_s7-1500_firmware:2."
	                      "9:*:*:*:*:*:*:*");
}

static void
fill_org(struct organization *o, const char *name)
{
	organization_init(o);
	o->meta.id = 3;
	o->meta.source = xstrdup("local");
	o->name = xstrdup(name);
	o->sector = xstrdup("water");
	o->region = xstrdup("Jalisco");
	o->abuse_contact = xstrdup("abuse@siapa.example.mx");
	o->open_incidents = 4;
}

static json_t *
parse_json(const char *buf)
{
	json_error_t jerr;
	json_t *j = json_loads(buf, JSON_REJECT_DUPLICATES, &jerr);

	ck_assert_msg(j != NULL, "invalid json (%s at %d): %s", jerr.text,
	              jerr.position, buf);
	return j;
}

static const char *
jstr(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	ck_assert_msg(v != NULL, "missing field '%s'", key);
	return json_string_value(v);
}

/* Every non-detail field of ent (and the detail ones if asked) is there. */
static void
assert_fields(json_t *obj, enum store_entity ent, int with_detail)
{
	size_t n = table(ent)->n_fields, expect = 0;
	const struct export_field *f = table(ent)->fields;

	for (size_t i = 0; i < n; i++) {
		if (f[i].is_detail && !with_detail) {
			ck_assert_ptr_null(json_object_get(obj, f[i].name));
			continue;
		}
		ck_assert_msg(json_object_get(obj, f[i].name) != NULL,
		              "missing field '%s'", f[i].name);
		expect++;
	}
	ck_assert_uint_eq(json_object_size(obj), expect);
}

START_TEST(test_export_json_incident_round_trip)
{
	struct incident inc;
	struct capture c;
	struct export_json w;
	json_t *j, *notes;

	fill_incident(&inc);
	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_INCIDENTS), &inc, true, NULL), 0);
	capture_close(&c);
	ck_assert_int_eq(c.buf[c.len - 1], '\n');
	j = parse_json(c.buf);
	ck_assert(json_is_object(j));
	assert_fields(j, STORE_INCIDENTS, 1);
	ck_assert_int_eq(json_integer_value(json_object_get(j, "id")), 42);
	ck_assert_str_eq(jstr(j, "remote_id"), "inc-9");
	ck_assert_str_eq(jstr(j, "reference"), "MX-2026-00042");
	ck_assert_str_eq(jstr(j, "title"), "Ransomware en subestación");
	ck_assert_str_eq(jstr(j, "severity"), "high");
	ck_assert_str_eq(jstr(j, "status"), "in_progress");
	ck_assert_str_eq(jstr(j, "tlp"), "amber+strict");
	ck_assert_str_eq(jstr(j, "pap"), "green");
	ck_assert_str_eq(jstr(j, "local_state"), "synced");
	ck_assert_int_eq(json_integer_value(json_object_get(j, "priority")), 2);
	ck_assert_str_eq(jstr(j, "opened_at"), "2026-01-01T00:00:00Z");
	ck_assert_str_eq(jstr(j, "updated_at"), "2026-01-01T01:00:00Z");
	ck_assert(json_is_null(json_object_get(j, "closed_at")));
	ck_assert(json_is_null(json_object_get(j, "first_response_at")));
	ck_assert(json_is_null(json_object_get(j, "description")));
	ck_assert(json_is_null(json_object_get(j, "organization_id")));
	ck_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(j, "alerts"), 0)),
	    "al-1");
	ck_assert_str_eq(
	    json_string_value(json_array_get(json_object_get(j, "assets"), 0)),
	    "plc-01");
	notes = json_object_get(j, "notes");
	ck_assert_uint_eq(json_array_size(notes), 2);
	ck_assert_str_eq(jstr(json_array_get(notes, 0), "author"), "ana.lopez");
	ck_assert_str_eq(jstr(json_array_get(notes, 0), "created_at"),
	                 "2026-01-01T00:06:40Z");
	ck_assert_str_eq(jstr(json_array_get(notes, 1), "body"), nasty_decoded);
	json_decref(j);
	free(c.buf);

	/* Without detail: no notes or links. */
	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_INCIDENTS), &inc, false, NULL), 0);
	capture_close(&c);
	j = parse_json(c.buf);
	assert_fields(j, STORE_INCIDENTS, 0);
	json_decref(j);
	free(c.buf);
	incident_release(&inc);
}
END_TEST

START_TEST(test_export_json_array_streams_rows)
{
	struct alert a[3];
	struct capture c;
	struct export_json w;
	json_t *j, *obs;

	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(export_json_begin_array(&w, NULL), 0);
	for (int i = 0; i < 3; i++) {
		fill_alert(&a[i], i);
		ck_assert_int_eq(export_json_row(&w, table(STORE_ALERTS), &a[i],
		                                 false, NULL),
		                 0);
	}
	ck_assert_int_eq(export_json_end_array(&w, NULL), 0);
	capture_close(&c);
	/* One object per line. */
	ck_assert_ptr_nonnull(strstr(c.buf, "[\n{\"id\":100,"));
	ck_assert_ptr_nonnull(strstr(c.buf, "},\n{\"id\":101,"));
	ck_assert_str_eq(c.buf + c.len - 4, "}\n]\n");
	j = parse_json(c.buf);
	ck_assert_uint_eq(json_array_size(j), 3);
	for (size_t i = 0; i < 3; i++)
		assert_fields(json_array_get(j, i), STORE_ALERTS, 0);
	ck_assert_str_eq(jstr(json_array_get(j, 2), "remote_id"), "al-2");
	ck_assert_str_eq(jstr(json_array_get(j, 0), "status"), "acknowledged");
	ck_assert_str_eq(jstr(json_array_get(j, 0), "feed_name"),
	                 "shadowserver-scan");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_array_get(j, 0), "organization_id")),
	                 3);
	ck_assert(
	    json_is_null(json_object_get(json_array_get(j, 0), "incident_id")));
	obs = json_object_get(json_array_get(j, 1), "observables");
	ck_assert_uint_eq(json_array_size(obs), 2);
	ck_assert_str_eq(jstr(json_array_get(obs, 0), "type"), "ip");
	ck_assert_str_eq(jstr(json_array_get(obs, 1), "value"),
	                 "rdp.example.mx");
	json_decref(j);
	free(c.buf);
	for (int i = 0; i < 3; i++)
		alert_release(&a[i]);
}
END_TEST

START_TEST(test_export_json_empty_array)
{
	struct capture c;
	struct export_json w;

	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(export_json_begin_array(&w, NULL), 0);
	ck_assert_int_eq(export_json_end_array(&w, NULL), 0);
	capture_close(&c);
	ck_assert_str_eq(c.buf, "[]\n");
	free(c.buf);
}
END_TEST

START_TEST(test_export_json_every_kind_has_its_fields)
{
	struct alert al;
	struct asset as;
	struct organization org;
	struct capture c;
	struct export_json w;
	json_t *j;

	fill_alert(&al, 0);
	fill_asset(&as);
	fill_org(&org, "SIAPA");
	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(export_json_begin_array(&w, NULL), 0);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_ALERTS), &al, true, NULL), 0);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_ASSETS), &as, true, NULL), 0);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_ORGANIZATIONS), &org, false, NULL),
	    0);
	ck_assert_int_eq(export_json_end_array(&w, NULL), 0);
	capture_close(&c);
	j = parse_json(c.buf);
	assert_fields(json_array_get(j, 0), STORE_ALERTS, 1);
	assert_fields(json_array_get(j, 1), STORE_ASSETS, 1);
	assert_fields(json_array_get(j, 2), STORE_ORGANIZATIONS, 0);
	ck_assert_str_eq(jstr(json_array_get(j, 0), "raw_json"), "{\"x\":1}");
	ck_assert_str_eq(jstr(json_array_get(j, 1), "kind"), "ics");
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_array_get(j, 1), "criticality")),
	                 5);
	ck_assert_uint_eq(
	    json_array_size(json_object_get(json_array_get(j, 1), "cpes")), 2);
	ck_assert_int_eq(json_integer_value(json_object_get(
	                     json_array_get(j, 2), "open_incidents")),
	                 4);
	ck_assert_str_eq(jstr(json_array_get(j, 2), "region"), "Jalisco");
	json_decref(j);
	free(c.buf);
	alert_release(&al);
	asset_release(&as);
	organization_release(&org);
}
END_TEST

/* Flags as booleans, unknown scores as null (JSON) or empty (CSV). */
START_TEST(test_export_vulnerability_flags_and_scores)
{
	struct vulnerability v;
	struct capture c;
	struct export_json w;
	json_t *j;

	vulnerability_init(&v);
	v.meta.id = 7;
	v.cve_id = xstrdup("CVE-2021-44228");
	v.vendor = xstrdup("Apache");
	v.is_kev = true;
	v.kev_added_at = 1639094400;
	v.cvss_score = 10.0;
	v.epss = -1;
	v.epss_percentile = -1;
	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_VULNERABILITIES), &v, true, NULL),
	    0);
	capture_close(&c);
	j = parse_json(c.buf);
	assert_fields(j, STORE_VULNERABILITIES, 1);
	ck_assert_str_eq(jstr(j, "cve_id"), "CVE-2021-44228");
	ck_assert(json_is_true(json_object_get(j, "kev")));
	ck_assert(json_is_false(json_object_get(j, "ransomware")));
	ck_assert(json_real_value(json_object_get(j, "cvss_score")) == 10.0 ||
	          json_integer_value(json_object_get(j, "cvss_score")) == 10);
	ck_assert(json_is_null(json_object_get(j, "epss")));
	ck_assert_str_eq(jstr(j, "kev_added_at"), "2021-12-10T00:00:00Z");
	ck_assert(json_is_null(json_object_get(j, "published_at")));
	json_decref(j);
	free(c.buf);
	capture_open(&c);
	ck_assert_int_eq(
	    export_csv_row(c.f, table(STORE_VULNERABILITIES), &v, NULL), 0);
	capture_close(&c);
	ck_assert_str_eq(c.buf,
	                 "7,CVE-2021-44228,,,0,synced,Apache,,,,10,,true,"
	                 "2021-12-10T00:00:00Z,,,false,,,,,,,,\n");
	free(c.buf);
	vulnerability_release(&v);
}
END_TEST

START_TEST(test_export_json_escapes_nasty_strings)
{
	struct organization o;
	struct capture c;
	struct export_json w;
	json_t *j;

	fill_org(&o, nasty);
	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_ORGANIZATIONS), &o, false, NULL),
	    0);
	capture_close(&c);
	/* Pure printable ASCII: no control byte, no raw bidi, no bad byte. */
	for (size_t i = 0; i < c.len - 1; i++)
		ck_assert_msg((unsigned char)c.buf[i] >= 0x20 &&
		                  (unsigned char)c.buf[i] < 0x7f,
		              "raw byte 0x%02x at %zu in %s",
		              (unsigned char)c.buf[i], i, c.buf);
	ck_assert(utf8_valid(c.buf, c.len));
	ck_assert_ptr_nonnull(strstr(
	    c.buf, "\"a\\\"b\\\\c\\u0001\\u001b[31mred\\u001b]0;title"
	           "\\u0007\\u007f\\ufffd\\ufffd(\\u202ertl\\u2028\\u009b"
	           "end\\tq\\r\\n\""));
	j = parse_json(c.buf);
	ck_assert_str_eq(jstr(j, "name"), nasty_decoded);
	json_decref(j);
	free(c.buf);
	organization_release(&o);

	/* A string with an embedded NUL, through the public string writer. */
	capture_open(&c);
	ck_assert_int_eq(export_json_string(c.f, "a\0b", 3, NULL), 0);
	capture_close(&c);
	ck_assert_str_eq(c.buf, "\"a\\u0000b\"");
	free(c.buf);

	/* Valid multi-byte text passes unchanged. */
	capture_open(&c);
	ck_assert_int_eq(export_json_string(c.f, "Nuevo León ✓ 𝄞",
	                                    strlen("Nuevo León ✓ 𝄞"), NULL),
	                 0);
	capture_close(&c);
	ck_assert_str_eq(c.buf, "\"Nuevo León ✓ 𝄞\"");
	free(c.buf);
}
END_TEST

START_TEST(test_export_json_reports_full_stream)
{
	FILE *f = fopen("/dev/full", "w");
	struct export_json w;
	struct alert a;
	struct err e;
	int rc = 0;

	if (!f) {
		test_skip("no /dev/full");
		return;
	}
	fill_alert(&a, 1);
	export_json_init(&w, f);
	err_clear(&e);
	export_json_begin_array(&w, NULL);
	for (int i = 0; i < 1000 && rc == 0; i++)
		rc = export_json_row(&w, table(STORE_ALERTS), &a, false, &e);
	if (rc == 0)
		rc = export_json_end_array(&w, &e);
	ck_assert_int_eq(rc, ERR_IO);
	ck_assert_int_eq(e.code, ERR_IO);
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot write json output"));
	fclose(f);

	/* A single small object fails at its flush. */
	f = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(f);
	export_json_init(&w, f);
	ck_assert_int_eq(
	    export_json_row(&w, table(STORE_ALERTS), &a, false, NULL), ERR_IO);
	fclose(f);
	alert_release(&a);
}
END_TEST

/* Read the CSV in buf back with the base reader: records into recs. */
static size_t
read_csv(const char *buf, struct strvec *recs, size_t max)
{
	struct csv_reader r;
	size_t n = 0;

	csv_reader_init(&r, buf, strlen(buf));
	while (n < max) {
		strvec_init(&recs[n]);
		int rc = csv_next(&r, &recs[n], NULL);

		ck_assert_int_ge(rc, 0);
		if (rc == 0)
			break;
		n++;
	}
	return n;
}

static ssize_t
column(enum store_entity ent, const char *name)
{
	size_t n = table(ent)->n_fields;
	const struct export_field *f = table(ent)->fields;
	ssize_t col = 0;

	for (size_t i = 0; i < n; i++) {
		if (f[i].is_detail)
			continue;
		if (strcmp(f[i].name, name) == 0)
			return col;
		col++;
	}
	ck_abort_msg("no column '%s'", name);
	return -1;
}

START_TEST(test_export_csv_header_and_rows)
{
	struct asset as;
	struct alert al;
	struct incident inc;
	struct capture c;
	struct strvec recs[4];
	size_t n;

	fill_asset(&as);
	capture_open(&c);
	ck_assert_int_eq(export_csv_header(c.f, table(STORE_ASSETS), NULL), 0);
	ck_assert_int_eq(export_csv_row(c.f, table(STORE_ASSETS), &as, NULL),
	                 0);
	ck_assert_int_eq(export_csv_finish(c.f, NULL), 0);
	capture_close(&c);
	{
		static const char header[] =
		    "id,source,remote_id,version,local_state,name,"
		    "organization_id,organization,sector,kind,"
		    "criticality,hostname,ip,location,vendor,"
		    "product,product_version,cpes,created_at,"
		    "updated_at\n";

		ck_assert_msg(strncmp(c.buf, header, strlen(header)) == 0, "%s",
		              c.buf);
	}
	ck_assert_ptr_null(strchr(c.buf, '\r')); /* LF line ends */
	n = read_csv(c.buf, recs, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(recs[0].n, recs[1].n);
	ck_assert_str_eq(recs[1].v[column(STORE_ASSETS, "organization")],
	                 "CFE, Zona Bajío");
	ck_assert_str_eq(recs[1].v[column(STORE_ASSETS, "kind")], "ics");
	ck_assert_str_eq(recs[1].v[column(STORE_ASSETS, "criticality")], "5");
	ck_assert_str_eq(recs[1].v[column(STORE_ASSETS, "remote_id")], "");
	ck_assert_str_eq(recs[1].v[column(STORE_ASSETS, "created_at")], "");
	ck_assert_str_eq(
	    recs[1].v[column(STORE_ASSETS, "cpes")],
	    "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:* "
	    "cpe:2.3:o:siemens:simatic_s7-1500_firmware:2.9:*:*:*:*:*:*:*");
	for (size_t i = 0; i < n; i++)
		strvec_release(&recs[i]);
	free(c.buf);

	fill_alert(&al, 1);
	fill_incident(&inc);
	capture_open(&c);
	ck_assert_int_eq(export_csv_header(c.f, table(STORE_ALERTS), NULL), 0);
	ck_assert_int_eq(export_csv_row(c.f, table(STORE_ALERTS), &al, NULL),
	                 0);
	capture_close(&c);
	n = read_csv(c.buf, recs, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(recs[1].v[column(STORE_ALERTS, "observables")],
	                 "ip:198.51.100.7 fqdn:rdp.example.mx");
	ck_assert_str_eq(recs[1].v[column(STORE_ALERTS, "observed_at")],
	                 "2026-01-01T00:00:01Z");
	ck_assert_str_eq(recs[1].v[column(STORE_ALERTS, "incident_id")], "");
	for (size_t i = 0; i < n; i++)
		strvec_release(&recs[i]);
	free(c.buf);

	capture_open(&c);
	ck_assert_int_eq(export_csv_header(c.f, table(STORE_INCIDENTS), NULL),
	                 0);
	ck_assert_int_eq(
	    export_csv_row(c.f, table(STORE_INCIDENTS), &inc, NULL), 0);
	capture_close(&c);
	ck_assert_ptr_null(strstr(c.buf, "notes")); /* detail: JSON only */
	n = read_csv(c.buf, recs, 4);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(recs[0].n, recs[1].n);
	ck_assert_str_eq(recs[1].v[column(STORE_INCIDENTS, "status")],
	                 "in_progress");
	ck_assert_str_eq(recs[1].v[column(STORE_INCIDENTS, "due_at")],
	                 "2026-01-01T04:00:00Z");
	for (size_t i = 0; i < n; i++)
		strvec_release(&recs[i]);
	free(c.buf);
	alert_release(&al);
	incident_release(&inc);
	asset_release(&as);
}
END_TEST

START_TEST(test_export_csv_quotes_when_needed)
{
	static const struct {
		const char *in;  /* organization name */
		const char *out; /* its cell as written */
	} cases[] = {
	    {"plain", "plain"},
	    {"a,b", "\"a,b\""},
	    {"say \"hi\"", "\"say \"\"hi\"\"\""},
	    {"two\nlines", "\"two\nlines\""},
	    {"cr\rhere", "\"cr\rhere\""},
	    {" lead", "\" lead\""},
	    {"trail ", "\"trail \""},
	    {"mid space", "mid space"},
	    {"Querétaro", "Querétaro"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct organization o;
		struct capture c;
		struct strvec recs[2];
		size_t n;
		const char *cell;

		fill_org(&o, cases[i].in);
		capture_open(&c);
		ck_assert_int_eq(
		    export_csv_row(c.f, table(STORE_ORGANIZATIONS), &o, NULL),
		    0);
		capture_close(&c);
		/* id,source,remote_id,version,local_state,name */
		cell = strstr(c.buf, "synced,");
		ck_assert_ptr_nonnull(cell);
		cell += strlen("synced,");
		ck_assert_msg(
		    strncmp(cell, cases[i].out, strlen(cases[i].out)) == 0 &&
		        cell[strlen(cases[i].out)] == ',',
		    "case %zu: got %s", i, c.buf);
		n = read_csv(c.buf, recs, 2);
		ck_assert_uint_eq(n, 1);
		ck_assert_str_eq(recs[0].v[column(STORE_ORGANIZATIONS, "name")],
		                 cases[i].in);
		strvec_release(&recs[0]);
		free(c.buf);
		organization_release(&o);
	}
}
END_TEST

START_TEST(test_export_csv_guards_formulas)
{
	static const struct {
		const char *in;  /* organization name */
		const char *out; /* the name cell read back */
	} cases[] = {
	    {"=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
	    {"+52 33 1234", "'+52 33 1234"},
	    {"-2+3", "'-2+3"},
	    {"@SUM(A1:A9)", "'@SUM(A1:A9)"},
	    {"\t=1", "'\t=1"},
	    {"\r=1", "'\r=1"},
	    {"a=1", "a=1"},
	    {"'quoted", "'quoted"},
	    /* blanks before the sign (they used to pass) */
	    {" =1+1", "' =1+1"},
	    {"   @SUM(A1)", "'   @SUM(A1)"},
	    {"\n=1", "'\n=1"},
	    {"\v\f-1", "'\xef\xbf\xbd\xef\xbf\xbd-1"}, /* cleaned */
	    {"\xc2\xa0=1", "'\xc2\xa0=1"},             /* NBSP */
	    {"\xe3\x80\x80+1", "'\xe3\x80\x80+1"},     /* U+3000 */
	    {"\xe2\x80\x8b=1", "'\xe2\x80\x8b=1"},     /* U+200B */
	    {"\xef\xbb\xbf=1", "'\xef\xbb\xbf=1"},     /* BOM */
	    /* fullwidth, small and minus-sign forms */
	    {"\xef\xbc\x9d"
	     "1+1",
	     "'\xef\xbc\x9d"
	     "1+1"}, /* U+FF1D */
	    {"\xef\xbc\x8b"
	     "1",
	     "'\xef\xbc\x8b"
	     "1"}, /* U+FF0B */
	    {"\xef\xbc\x8d"
	     "1",
	     "'\xef\xbc\x8d"
	     "1"},                                           /* U+FF0D */
	    {"\xef\xbc\xa0SUM(A1)", "'\xef\xbc\xa0SUM(A1)"}, /* U+FF20 */
	    {"\xef\xb9\xa6"
	     "1",
	     "'\xef\xb9\xa6"
	     "1"}, /* U+FE66 */
	    {"\xef\xb9\xa2"
	     "1",
	     "'\xef\xb9\xa2"
	     "1"}, /* U+FE62 */
	    {"\xef\xb9\xa3"
	     "1",
	     "'\xef\xb9\xa3"
	     "1"}, /* U+FE63 */
	    {"\xef\xb9\xab"
	     "x",
	     "'\xef\xb9\xab"
	     "x"}, /* U+FE6B */
	    {"\xe2\x88\x92"
	     "1",
	     "'\xe2\x88\x92"
	     "1"}, /* U+2212 */
	    {" \xef\xbc\x9d"
	     "1",
	     "' \xef\xbc\x9d"
	     "1"},
	    /* text that only has a sign later is text */
	    {" a=1", " a=1"},
	    {"\xc2\xa0x", "\xc2\xa0x"},
	    {"   ", "   "},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct organization o;
		struct capture c;
		struct strvec recs[2];

		fill_org(&o, cases[i].in);
		capture_open(&c);
		ck_assert_int_eq(
		    export_csv_row(c.f, table(STORE_ORGANIZATIONS), &o, NULL),
		    0);
		capture_close(&c);
		ck_assert_uint_eq(read_csv(c.buf, recs, 2), 1);
		ck_assert_str_eq(recs[0].v[column(STORE_ORGANIZATIONS, "name")],
		                 cases[i].out);
		strvec_release(&recs[0]);
		free(c.buf);
		organization_release(&o);
	}
}
END_TEST

START_TEST(test_export_csv_cleans_bytes)
{
	struct organization o;
	struct capture c;
	struct strvec recs[2];

	fill_org(&o, "bad\xff\x1b[2Jx\x7f\xc2\x9b\xe2\x80\xae"
	             "ok");
	capture_open(&c);
	ck_assert_int_eq(
	    export_csv_row(c.f, table(STORE_ORGANIZATIONS), &o, NULL), 0);
	capture_close(&c);
	ck_assert(utf8_valid(c.buf, c.len));
	ck_assert_ptr_null(strchr(c.buf, '\x1b'));
	ck_assert_uint_eq(read_csv(c.buf, recs, 2), 1);
	ck_assert_str_eq(recs[0].v[column(STORE_ORGANIZATIONS, "name")],
	                 "bad\xef\xbf\xbd\xef\xbf\xbd[2Jx\xef\xbf\xbd"
	                 "\xef\xbf\xbd\xe2\x80\xae"
	                 "ok");
	strvec_release(&recs[0]);
	free(c.buf);
	organization_release(&o);
}
END_TEST

START_TEST(test_export_csv_reports_full_stream)
{
	FILE *f = fopen("/dev/full", "w");
	struct asset a;
	struct err e;
	int rc = 0;

	if (!f) {
		test_skip("no /dev/full");
		return;
	}
	fill_asset(&a);
	err_clear(&e);
	rc = export_csv_header(f, table(STORE_ASSETS), &e);
	for (int i = 0; i < 1000 && rc == 0; i++)
		rc = export_csv_row(f, table(STORE_ASSETS), &a, &e);
	if (rc == 0)
		rc = export_csv_finish(f, &e);
	ck_assert_int_eq(rc, ERR_IO);
	ck_assert_ptr_nonnull(strstr(e.msg, "cannot write csv output"));
	fclose(f);

	f = fopen("/dev/full", "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(export_csv_row(f, table(STORE_ASSETS), &a, NULL),
	                 0); /* buffered */
	ck_assert_int_eq(export_csv_finish(f, NULL), ERR_IO);
	fclose(f);
	asset_release(&a);
}
END_TEST

/* A row of no list's: the writers know only the table they are handed. */
struct probe {
	int64_t id;
	char *name;
	bool is_on;
	double score;
};

static const struct export_field probe_fields[] = {
    EXPORT_F(probe, "id", ID, id),
    EXPORT_F(probe, "name", TEXT, name),
    EXPORT_F(probe, "on", BOOL, is_on),
    EXPORT_FD(probe, "score", SCORE, score),
};

START_TEST(test_export_any_table)
{
	const struct export_table t = {probe_fields, ARRAY_SIZE(probe_fields)};
	char name[] = "=x, y";
	struct probe p = {7, name, true, 0.5};
	struct export_json w;
	struct capture c;

	capture_open(&c);
	export_json_init(&w, c.f);
	ck_assert_int_eq(export_json_row(&w, &t, &p, true, NULL), 0);
	ck_assert_int_eq(export_json_row(&w, &t, &p, false, NULL), 0);
	ck_assert_int_eq(export_csv_header(c.f, &t, NULL), 0);
	ck_assert_int_eq(export_csv_row(c.f, &t, &p, NULL), 0);
	capture_close(&c);
	ck_assert_str_eq(c.buf, "{\"id\":7,\"name\":\"=x, y\",\"on\":true,"
	                        "\"score\":0.5}\n"
	                        "{\"id\":7,\"name\":\"=x, y\",\"on\":true}\n"
	                        "id,name,on\n"
	                        "7,\"'=x, y\",true\n");
	free(c.buf);
}
END_TEST

Suite *
export_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_export_json_incident_round_trip);
	tcase_add_test(tc, test_export_json_array_streams_rows);
	tcase_add_test(tc, test_export_vulnerability_flags_and_scores);
	tcase_add_test(tc, test_export_json_empty_array);
	tcase_add_test(tc, test_export_json_every_kind_has_its_fields);
	tcase_add_test(tc, test_export_json_escapes_nasty_strings);
	tcase_add_test(tc, test_export_json_reports_full_stream);
	tcase_add_test(tc, test_export_csv_header_and_rows);
	tcase_add_test(tc, test_export_csv_quotes_when_needed);
	tcase_add_test(tc, test_export_csv_guards_formulas);
	tcase_add_test(tc, test_export_csv_cleans_bytes);
	tcase_add_test(tc, test_export_csv_reports_full_stream);
	tcase_add_test(tc, test_export_any_table);
	suite_add_tcase(s, tc);
	return s;
}
