/*
 * Bulletins: the model's rules (CSAF statuses, references, revision
 * history, product statuses) and the store's edits (numbering, the whole
 * bulletin written and read back, prefilling from a CVE of the cache).
 */
#include <check.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "centinela/app/action.h"
#include "centinela/app/app.h"
#include "centinela/app/bulletin_edit.h"
#include "centinela/app/command.h"
#include "centinela/base/err.h"
#include "centinela/base/xalloc.h"
#include "centinela/export/csaf.h"
#include "centinela/model/bulletin.h"
#include "centinela/model/recipient.h"
#include "centinela/store/bulletin.h"
#include "centinela/store/recipient.h"
#include "centinela/store/list.h"
#include "centinela/store/store.h"
#include "testutil.h"

/* A valid draft with one CVE, one product and one revision. */
static void
fill(struct bulletin *b)
{
	struct bulletin_revision *r;
	struct bulletin_product *p;
	struct bulletin_status_entry *x;

	bulletin_init(b);
	b->reference = xstrdup("MX-SA-2026-0001");
	b->title = xstrdup("Log4Shell in SCADA historians");
	b->author = xstrdup("ana");
	strvec_push(&b->cve_ids, "CVE-2021-44228");
	r = bulletin_add_revision(b);
	r->number = 1;
	r->date = 1764000000;
	r->summary = xstrdup("Initial version");
	p = bulletin_add_product(b);
	p->product_id = xstrdup("CSAFPID-0001");
	p->vendor = xstrdup("apache");
	p->product = xstrdup("log4j");
	p->version_range = xstrdup("<2.17.1");
	x = bulletin_add_status(b);
	x->cve_id = xstrdup("CVE-2021-44228");
	x->product_id = xstrdup("CSAFPID-0001");
	x->state = BULLETIN_KNOWN_AFFECTED;
}

START_TEST(test_bulletin_status_rules)
{
	struct err e;

	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_DRAFT, BULLETIN_INTERIM, &e),
	    0);
	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_DRAFT, BULLETIN_FINAL, &e), 0);
	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_INTERIM, BULLETIN_FINAL, &e),
	    0);
	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_INTERIM, BULLETIN_DRAFT, &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "back to draft"));
	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_FINAL, BULLETIN_INTERIM, &e),
	    ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "revise X"));
	ck_assert_int_eq(
	    bulletin_status_check("X", BULLETIN_FINAL, BULLETIN_DRAFT, &e),
	    ERR_INVALID);
}
END_TEST

START_TEST(test_bulletin_final_not_editable)
{
	struct bulletin b;
	struct err e;

	fill(&b);
	ck_assert_int_eq(bulletin_check_editable(&b, &e), 0);
	b.status = BULLETIN_INTERIM;
	ck_assert_int_eq(bulletin_check_editable(&b, &e), 0);
	b.status = BULLETIN_FINAL;
	ck_assert_int_eq(bulletin_check_editable(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "new revision"));
	bulletin_release(&b);
}
END_TEST

START_TEST(test_bulletin_reference_shape)
{
	char *r = bulletin_reference_format("MX", 2026, 7);

	ck_assert_str_eq(r, "MX-SA-2026-0007");
	ck_assert(bulletin_reference_valid(r));
	free(r);
	r = bulletin_reference_format("CERTMX", 2026, 12345);
	ck_assert_str_eq(r, "CERTMX-SA-2026-12345");
	ck_assert(bulletin_reference_valid(r));
	free(r);
	ck_assert(!bulletin_reference_valid("MX-2026-00042"));
	ck_assert(!bulletin_reference_valid("mx-SA-2026-0001"));
	ck_assert(!bulletin_reference_valid("MX-SA-26-0001"));
	ck_assert(!bulletin_reference_valid("MX-SA-2026-001"));
	ck_assert(!bulletin_reference_valid("MX-SA-2026-0001x"));
	ck_assert(!bulletin_reference_valid(NULL));
}
END_TEST

START_TEST(test_bulletin_revision_rules)
{
	struct bulletin b;
	struct bulletin_revision *r;
	struct err e;

	fill(&b);
	ck_assert_int_eq(bulletin_validate(&b, &e), 0);
	ck_assert_int_eq(bulletin_version(&b), 1);
	r = bulletin_add_revision(&b);
	r->number = 3; /* a gap: CSAF 6.1.21 */
	r->date = 1764000100;
	r->summary = xstrdup("fixed");
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "revision 3 where 2"));
	r->number = 2;
	ck_assert_int_eq(bulletin_validate(&b, &e), 0);
	ck_assert_int_eq(bulletin_version(&b), 2);
	r->date = 1763999999; /* before revision 1: CSAF 6.1.14 */
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "dated before"));
	bulletin_release(&b);
	bulletin_init(&b);
	b.reference = xstrdup("MX-SA-2026-0001");
	b.title = xstrdup("t");
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "no revision history"));
	bulletin_release(&b);
}
END_TEST

START_TEST(test_bulletin_product_status_rules)
{
	struct bulletin b;
	struct bulletin_status_entry *x;
	struct err e;

	fill(&b);
	x = bulletin_add_status(&b);
	x->cve_id = xstrdup("CVE-2021-44228");
	x->product_id = xstrdup("CSAFPID-0001");
	x->state = BULLETIN_FIXED;
	/* contradicting statuses: CSAF 6.1.6 */
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "two statuses"));
	free(x->product_id);
	x->product_id = xstrdup("CSAFPID-0009");
	/* an undefined product: CSAF 6.1.1 */
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "not defined"));
	free(x->product_id);
	x->product_id = xstrdup("CSAFPID-0001");
	free(x->cve_id);
	x->cve_id = xstrdup("CVE-2024-3400");
	x->state = BULLETIN_KNOWN_NOT_AFFECTED;
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "does not cover"));
	strvec_push(&b.cve_ids, "CVE-2024-3400");
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "needs a justification"));
	x->justification = xstrdup("not_a_flag");
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "unknown justification"));
	free(x->justification);
	x->justification = xstrdup("component_not_present");
	ck_assert_int_eq(bulletin_validate(&b, &e), 0);
	/* two products of one id: CSAF 6.1.2 */
	bulletin_add_product(&b)->product_id = xstrdup("CSAFPID-0001");
	b.products[1].purl = xstrdup("pkg:maven/org.apache/log4j@2.0");
	ck_assert_int_eq(bulletin_validate(&b, &e), ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "defined twice"));
	bulletin_release(&b);
}
END_TEST

START_TEST(test_bulletin_reference_numbering)
{
	struct store *s = NULL;
	struct bulletin b;
	struct err e;
	char *ref = NULL;

	ck_assert_int_eq(store_open(":memory:", 0, &s, &e), 0);
	ck_assert_int_eq(store_bulletin_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-SA-2026-0001");
	free(ref);
	fill(&b);
	free(b.reference);
	b.reference = xstrdup("MX-SA-2026-0041");
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_msg(store_bulletin_write(s, &b, 1764000000, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(store_bulletin_next_reference(s, "MX", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-SA-2026-0042");
	free(ref);
	/* other years and prefixes count apart */
	ck_assert_int_eq(store_bulletin_next_reference(s, "MX", 2027, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "MX-SA-2027-0001");
	free(ref);
	ck_assert_int_eq(store_bulletin_next_reference(s, "CO", 2026, &ref, &e),
	                 0);
	ck_assert_str_eq(ref, "CO-SA-2026-0001");
	free(ref);
	ck_assert_int_eq(store_bulletin_next_reference(s, "mx", 2026, &ref, &e),
	                 ERR_INVALID);
	/* a taken reference is refused */
	b.meta.id = 0;
	ck_assert_int_eq(store_bulletin_write(s, &b, 1764000000, &e),
	                 ERR_CONFLICT);
	bulletin_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_bulletin_write_roundtrip)
{
	struct store *s = test_store_with_org();
	struct bulletin b, g;
	struct bulletin_remediation *rem;
	struct bulletin_note *n;
	struct bulletin_link *l;
	struct bulletin_ack *a;
	struct err e;

	fill(&b);
	b.tlp = TLP_AMBER_STRICT;
	b.severity = SEVERITY_CRITICAL;
	b.category = BULLETIN_VEX;
	b.summary = xstrdup("patch now");
	strvec_push(&b.sectors, "energy");
	strvec_push(&b.organizations, "cfe");
	rem = bulletin_add_remediation(&b);
	rem->cve_id = xstrdup("CVE-2021-44228");
	rem->kind = BULLETIN_VENDOR_FIX;
	rem->details = xstrdup("upgrade to 2.17.1");
	rem->url = xstrdup("https://logging.apache.org/security.html");
	n = bulletin_add_note(&b);
	n->kind = BULLETIN_NOTE_GENERAL;
	n->text = xstrdup("ask your vendor");
	l = bulletin_add_link(&b);
	l->url = xstrdup("https://nvd.nist.gov/vuln/detail/CVE-2021-44228");
	l->summary = xstrdup("NVD");
	a = bulletin_add_ack(&b);
	a->organization = xstrdup("CERT-X");
	ck_assert_int_eq(
	    test_store_sql(
	        s, "INSERT INTO vulnerability(cve_id, title, cvss_score, "
	           "cvss_vector, created_at, updated_at) VALUES "
	           "('CVE-2021-44228', 'Log4Shell', 10.0, "
	           "'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 1, 1);"
	           "INSERT INTO vuln_weakness VALUES (1, 0, 'CWE-502'), "
	           "(1, 1, 'NVD-CWE-noinfo'), (1, 2, 'CWE-20');"),
	    0);
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_msg(store_bulletin_write(s, &b, 1764000000, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(store_bulletin_get(s, "MX-SA-2026-0001", &g, &e), 0);
	ck_assert_str_eq(g.meta.source, "local");
	ck_assert_int_eq(g.meta.local_state, LOCAL_DIRTY);
	ck_assert_int_eq(g.tlp, TLP_AMBER_STRICT);
	ck_assert_int_eq(g.category, BULLETIN_VEX);
	ck_assert_int_eq(g.status, BULLETIN_DRAFT);
	ck_assert_str_eq(g.author, "ana");
	ck_assert_uint_eq(g.organizations.n, 1);
	ck_assert_str_eq(g.organizations.v[0], "CFE");
	ck_assert_uint_eq(g.n_revisions, 1);
	ck_assert_uint_eq(g.n_products, 1);
	ck_assert_str_eq(g.products[0].version_range, "<2.17.1");
	ck_assert_uint_eq(g.n_statuses, 1);
	ck_assert_uint_eq(g.n_remediations, 1);
	ck_assert_str_eq(g.remediations[0].url,
	                 "https://logging.apache.org/security.html");
	ck_assert_uint_eq(g.n_notes, 1);
	ck_assert_uint_eq(g.n_links, 1);
	ck_assert_uint_eq(g.n_acks, 1);
	ck_assert_ptr_null(g.acks[0].name);
	/* what the cache knows of the CVE */
	ck_assert_uint_eq(g.n_cves, 1);
	ck_assert_str_eq(g.cves[0].title, "Log4Shell");
	ck_assert(g.cves[0].cvss_score == 10.0);
	ck_assert_str_eq(g.cves[0].cvss_version, "3.1");
	ck_assert_uint_eq(g.cves[0].cwes.n, 2);
	ck_assert_str_eq(g.cves[0].cwes.v[0], "CWE-502");
	/* an edit replaces the parts */
	g.n_notes = 0;
	free(g.notes[0].text);
	strvec_release(&g.organizations);
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_int_eq(store_bulletin_write(s, &g, 1764000100, &e), 0);
	ck_assert_int_eq(store_commit(s, &e), 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin_note"), 0);
	ck_assert_int_eq(
	    test_store_int(s, "SELECT count(*) FROM bulletin_organization"), 0);
	ck_assert_int_eq(test_store_int(s, "SELECT count(*) FROM "
	                                   "bulletin_product_status"),
	                 1);
	/* an unknown organization is refused */
	strvec_push(&g.organizations, "nobody");
	ck_assert_int_eq(store_bulletin_write(s, &g, 1764000100, &e),
	                 ERR_NOTFOUND);
	bulletin_release(&g);
	bulletin_release(&b);
	store_close(s);
}
END_TEST

START_TEST(test_bulletin_prefill_from_cve)
{
	struct store *s = test_store_with_org();
	struct bulletin b;
	struct err e;

	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO vulnerability(cve_id, title, description, "
	        "cvss_score, created_at, updated_at) VALUES ('CVE-2024-3400', "
	        "'PAN-OS GlobalProtect', 'command injection', 10.0, 1, 1);"
	        "INSERT INTO asset(name, sector, kind, criticality, "
	        "organization_id, created_at, updated_at) VALUES ('fw1', "
	        "'energy', 'network', 5, 1, 1, 1), ('fw2', 'water', "
	        "'network', 5, 1, 1, 1);"
	        "INSERT INTO exposure(asset_id, vulnerability_id, cpe, "
	        "matched_at) VALUES (1, 1, "
	        "'cpe:2.3:o:paloaltonetworks:pan-os:10.2.9:*:*:*:*:*:*:*', 1), "
	        "(2, 1, 'cpe:2.3:o:paloaltonetworks:pan-os:11.1.0:*:*:*:*:*:*:*',"
	        " 1);"),
	    0);
	bulletin_init(&b);
	ck_assert_msg(store_bulletin_prefill(s, "CVE-2024-3400", &b, &e) == 0,
	              "%s", e.msg);
	ck_assert_str_eq(b.title, "CVE-2024-3400: PAN-OS GlobalProtect");
	ck_assert_str_eq(b.body, "command injection");
	ck_assert_int_eq(b.severity, SEVERITY_CRITICAL);
	ck_assert_uint_eq(b.cve_ids.n, 1);
	ck_assert_uint_eq(b.n_products, 2);
	ck_assert_str_eq(b.products[0].vendor, "paloaltonetworks");
	ck_assert_str_eq(b.products[0].product, "pan-os");
	ck_assert_str_eq(b.products[0].version_range, "10.2.9");
	ck_assert_uint_eq(b.n_statuses, 2);
	ck_assert_int_eq(b.statuses[1].state, BULLETIN_KNOWN_AFFECTED);
	ck_assert_uint_eq(b.sectors.n, 2);
	ck_assert_str_eq(b.sectors.v[0], "energy");
	bulletin_release(&b);
	bulletin_init(&b);
	ck_assert_int_eq(store_bulletin_prefill(s, "CVE-2000-0001", &b, &e),
	                 ERR_NOTFOUND);
	bulletin_release(&b);
	store_close(s);
}
END_TEST

/* The document of b as export_csaf writes it (owned), or NULL. */
static char *
csaf_text(const struct bulletin *b, const struct csaf_publisher *pub, int *rc,
          struct err *e)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	*rc = export_csaf(f, b, pub, 1764000000, e);
	fclose(f);
	return buf;
}

START_TEST(test_bulletin_csaf_document)
{
	struct csaf_publisher pub = {"CSIRT MX", "https://csirt.example.mx"};
	struct csaf_publisher none = {"CSIRT MX", NULL};
	struct bulletin b;
	struct err e;
	char *doc;
	int rc;

	fill(&b);
	b.tlp = TLP_CLEAR;
	doc = csaf_text(&b, &pub, &rc, &e);
	ck_assert_msg(rc == 0, "%s", e.msg);
	ck_assert_ptr_nonnull(strstr(doc, "\"label\": \"WHITE\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"text\": \"TLP:CLEAR\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"csaf_version\": \"2.0\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"id\": \"MX-SA-2026-0001\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"version\": \"1\""));
	ck_assert_ptr_nonnull(
	    strstr(doc, "\"category\": \"product_version_range\""));
	ck_assert_ptr_nonnull(strstr(doc, "\"known_affected\":"));
	free(doc);
	b.tlp = TLP_AMBER_STRICT;
	b.category = BULLETIN_INFORMATIONAL;
	doc = csaf_text(&b, &pub, &rc, &e);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(strstr(doc, "\"label\": \"AMBER\""));
	ck_assert_ptr_nonnull(strstr(doc, "TLP:AMBER+STRICT"));
	ck_assert_ptr_null(strstr(doc, "vulnerabilities"));
	free(doc);
	free(csaf_text(&b, &none, &rc, &e));
	ck_assert_int_eq(rc, ERR_INVALID);
	ck_assert_ptr_nonnull(strstr(e.msg, "bulletin.namespace"));
	/* an invalid bulletin makes no document */
	b.revisions[0].number = 2;
	free(csaf_text(&b, &pub, &rc, &e));
	ck_assert_int_eq(rc, ERR_INVALID);
	bulletin_release(&b);
}
END_TEST

/* Each TLP against each reason: who may receive what. */
START_TEST(test_bulletin_recipient_tlp_rules)
{
	const unsigned named = RECIPIENT_NAMED, sector = RECIPIENT_SECTOR,
	               exposed = RECIPIENT_EXPOSED;

	for (int t = TLP_CLEAR; t <= TLP_GREEN; t++) {
		ck_assert(recipient_allowed(t, named));
		ck_assert(recipient_allowed(t, sector));
		ck_assert(recipient_allowed(t, exposed));
		ck_assert(!recipient_allowed(t, 0));
	}
	for (int t = TLP_AMBER; t <= TLP_AMBER_STRICT; t++) {
		ck_assert(recipient_allowed(t, named));
		ck_assert(!recipient_allowed(t, sector));
		ck_assert(recipient_allowed(t, exposed));
		ck_assert(recipient_allowed(t, sector | exposed));
		ck_assert(recipient_allowed(t, sector | named));
	}
	ck_assert(!recipient_allowed(TLP_RED, named | sector | exposed));
	ck_assert_ptr_nonnull(strstr(recipient_rule(TLP_RED), "nobody"));
}
END_TEST

/* The person, address and number out of the free-text contact. */
START_TEST(test_bulletin_recipient_contact)
{
	struct recipient_list l;
	struct recipient *r;

	recipient_list_init(&l);
	r = recipient_list_add(&l);
	r->contact = xstrdup("Ana López, Jefa de TI, +52 55 5550 1234, "
	                     "ana@cfe.mx");
	r->abuse_contact = xstrdup("csirt@cfe.mx");
	r->sector = xstrdup("energy");
	r->why = RECIPIENT_SECTOR | RECIPIENT_EXPOSED;
	r->exposed_assets = 2;
	strvec_push(&r->cves, "CVE-2021-44228");
	recipient_finish(r);
	ck_assert_str_eq(r->contact_name, "Ana López");
	ck_assert_str_eq(r->email, "ana@cfe.mx");
	ck_assert_str_eq(r->phone, "+52 55 5550 1234");
	ck_assert_str_eq(r->reason,
	                 "sector energy; 2 assets exposed to CVE-2021-44228");
	ck_assert_uint_eq(r->reasons.n, 2);
	r = recipient_list_add(&l);
	r->contact = xstrdup("Luis Pérez <luis@agua.mx>");
	r->why = RECIPIENT_NAMED;
	recipient_finish(r);
	ck_assert_str_eq(r->contact_name, "Luis Pérez");
	ck_assert_str_eq(r->email, "luis@agua.mx");
	ck_assert_ptr_null(r->phone);
	ck_assert_str_eq(r->reason, "named");
	r = recipient_list_add(&l);
	r->abuse_contact = xstrdup("abuse@pemex.mx");
	r->why = RECIPIENT_SECTOR;
	recipient_finish(r);
	ck_assert_ptr_null(r->contact_name);
	ck_assert_str_eq(r->email, "abuse@pemex.mx");
	/* AMBER keeps the named one and the exposed one */
	l.tlp = TLP_AMBER;
	recipient_list_filter(&l);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.n_withheld, 1);
	ck_assert_str_eq(l.v[1].email, "luis@agua.mx");
	recipient_list_release(&l);
}
END_TEST

/*
 * The store's candidates: named (CFE), in an addressed sector (Pemex,
 * energy), exposed (Agua, water, asset fw2), each with its reasons; and
 * what each TLP keeps of them.
 */
START_TEST(test_bulletin_recipients_by_reason)
{
	struct store *s = test_store_with_org();
	struct recipient_list l;
	struct bulletin b;
	struct err e;
	int64_t id;

	ck_assert_int_eq(
	    test_store_sql(
	        s,
	        "INSERT INTO organization(name, sector, contact, created_at, "
	        "updated_at) VALUES ('Pemex', 'energy', 'abuse@pemex.mx', 1, "
	        "1), ('Agua', 'water', 'Luis <luis@agua.mx>', 1, 1), "
	        "('Banco', 'finance', NULL, 1, 1);"
	        "INSERT INTO vulnerability(cve_id, title, created_at, "
	        "updated_at) VALUES ('CVE-2024-3400', 'PAN-OS', 1, 1), "
	        "('CVE-2024-0001', 'other', 1, 1);"
	        "INSERT INTO asset(name, sector, kind, criticality, "
	        "organization_id, created_at, updated_at) VALUES ('fw1', "
	        "'water', 'network', 5, 3, 1, 1), ('fw2', 'water', 'network', "
	        "5, 3, 1, 1), ('fw3', 'finance', 'network', 5, 4, 1, 1);"
	        "INSERT INTO exposure(asset_id, vulnerability_id, cpe, "
	        "matched_at) VALUES (1, 1, 'cpe:2.3:o:p:pan-os:1:*:*:*:*:*:*:*', "
	        "1), (2, 1, 'cpe:2.3:o:p:pan-os:1:*:*:*:*:*:*:*', 1), (3, 2, "
	        "'cpe:2.3:o:p:x:1:*:*:*:*:*:*:*', 1);"),
	    0);
	fill(&b);
	strvec_release(&b.cve_ids);
	strvec_init(&b.cve_ids);
	strvec_push(&b.cve_ids, "CVE-2024-3400");
	free(b.statuses[0].cve_id);
	b.statuses[0].cve_id = xstrdup("CVE-2024-3400");
	strvec_push(&b.sectors, "energy");
	strvec_push(&b.organizations, "CFE");
	ck_assert_int_eq(store_begin(s, &e), 0);
	ck_assert_msg(store_bulletin_write(s, &b, 1764000000, &e) == 0, "%s",
	              e.msg);
	ck_assert_int_eq(store_commit(s, &e), 0);
	id = b.meta.id;
	bulletin_release(&b);

	ck_assert_msg(store_bulletin_recipients(s, id, TLP_GREEN, &l, &e) == 0,
	              "%s", e.msg);
	ck_assert_uint_eq(l.n, 3); /* Banco's CVE is not the bulletin's */
	ck_assert_uint_eq(l.n_withheld, 0);
	ck_assert_str_eq(l.v[0].organization, "CFE"); /* energy, by name */
	ck_assert_str_eq(l.v[0].reason, "named; sector energy");
	ck_assert_str_eq(l.v[1].organization, "Pemex");
	ck_assert_str_eq(l.v[1].reason, "sector energy");
	ck_assert_str_eq(l.v[1].email, "abuse@pemex.mx");
	ck_assert_str_eq(l.v[2].organization, "Agua");
	ck_assert_int_eq(l.v[2].exposed_assets, 2);
	ck_assert_str_eq(l.v[2].reason, "2 assets exposed to CVE-2024-3400");
	recipient_list_release(&l);

	ck_assert_int_eq(store_bulletin_recipients(s, id, TLP_AMBER, &l, &e),
	                 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_uint_eq(l.n_withheld, 1);
	ck_assert_str_eq(l.v[0].organization, "CFE");
	ck_assert_str_eq(l.v[1].organization, "Agua");
	recipient_list_release(&l);

	ck_assert_int_eq(
	    store_bulletin_recipients(s, id, TLP_AMBER_STRICT, &l, &e), 0);
	ck_assert_uint_eq(l.n, 2);
	recipient_list_release(&l);

	ck_assert_int_eq(store_bulletin_recipients(s, id, TLP_RED, &l, &e), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_uint_eq(l.n_withheld, 3);
	recipient_list_release(&l);
	store_close(s);
}
END_TEST

/* The console's one hook; app.ui NULL stands for "not in the console". */
static const struct app_ui console_ui = {NULL, NULL};

/* Run line as the console does on the target (entity, id); the form the
 * reply asks for and its CVE into form (NULL: none). */
static int
console_run(struct app *app, const char *line, int entity, int64_t id,
            char *form, size_t n, struct strbuf *out, struct err *e)
{
	struct cmd_ctx ctx;
	int rc;

	strbuf_reset(out);
	err_clear(e);
	cmd_ctx_init(&ctx, app, CMD_IN_BINDING);
	ctx.is_console = app->ui != NULL;
	if (id)
		cmd_ctx_set_target(&ctx, entity, &id, 1, false);
	rc = command_run_ctx_line(&ctx, line, out, e);
	if (form)
		snprintf(form, n, "%s %s",
		         ctx.reply.form ? ctx.reply.form : "-",
		         ctx.reply.form_arg ? ctx.reply.form_arg : "-");
	cmd_ctx_release(&ctx);
	return rc;
}

/*
 * `bulletin new` on a CVE and on an exposure asks for the form from that
 * CVE; review, status and edit (in an editor that appends a line, so the
 * second edit shows that the draft starts from the summary) go through
 * the edits, with their rules.
 */
START_TEST(test_bulletin_console_commands)
{
	struct app app;
	struct strbuf out;
	struct bulletin b;
	struct err e;
	char form[64], *dir = test_tmpdir(), *ed;
	int64_t bid;

	app_init(&app);
	free(app.analyst);
	app.analyst = xstrdup("ana");
	ck_assert_int_eq(store_open(":memory:", 0, &app.store, &e), 0);
	ck_assert_int_eq(
	    test_store_sql(
	        app.store,
	        "INSERT INTO organization(id, name, sector, created_at, "
	        "updated_at) VALUES (1, 'CFE', 'energy', 1, 1);"
	        "INSERT INTO vulnerability(id, cve_id, title, created_at, "
	        "updated_at) VALUES (5, 'CVE-2024-3400', 'PAN-OS', 1, 1);"
	        "INSERT INTO asset(id, name, sector, kind, criticality, "
	        "organization_id, created_at, updated_at) VALUES (3, 'fw1', "
	        "'energy', 'network', 5, 1, 1, 1);"
	        "INSERT INTO exposure(asset_id, vulnerability_id, cpe, "
	        "matched_at) VALUES (3, 5, 'cpe:2.3:o:p:pan-os:1:*:*:*:*:*:*:*', "
	        "1);"),
	    0);
	strbuf_init(&out);
	/* outside the console: refused, with what to use instead */
	ck_assert_int_eq(
	    console_run(&app, "bulletin new", -1, 0, NULL, 0, &out, &e),
	    ERR_PERM);
	ck_assert_ptr_nonnull(strstr(e.msg, "centinela bulletin"));
	app.ui = &console_ui;
	ck_assert_int_eq(console_run(&app, "bulletin new",
	                             STORE_VULNERABILITIES, 5, form,
	                             sizeof(form), &out, &e),
	                 0);
	ck_assert_str_eq(form, "bulletin CVE-2024-3400");
	ck_assert_int_eq(console_run(&app, "bulletin new", STORE_EXPOSURES,
	                             (5LL << 32) | 3, form, sizeof(form), &out,
	                             &e),
	                 0);
	ck_assert_str_eq(form, "bulletin CVE-2024-3400");
	ck_assert_int_eq(console_run(&app, "bulletin new", -1, 0, form,
	                             sizeof(form), &out, &e),
	                 0);
	ck_assert_str_eq(form, "bulletin -");
	ck_assert_int_eq(console_run(&app, "bulletin new CVE-1", -1, 0, form,
	                             sizeof(form), &out, &e),
	                 ERR_USAGE);

	/* a draft by ana; review and status act on bulletins only */
	{
		const char *cves[] = {"CVE-2024-3400"};
		struct bulletin_new nb = {
		    .title = "PAN-OS", .cves = cves, .n_cves = 1};
		struct edit_result res;

		edit_result_init(&res);
		ck_assert_int_eq(edit_bulletin_create(&app, &nb, &res, &e), 0);
		edit_result_release(&res);
	}
	bid = test_store_int(app.store, "SELECT id FROM bulletin");
	ck_assert_int_eq(console_run(&app, "bulletin review", STORE_EXPOSURES,
	                             (5LL << 32) | 3, NULL, 0, &out, &e),
	                 ERR_USAGE);
	ck_assert_int_eq(console_run(&app, "bulletin review", STORE_BULLETINS,
	                             bid, NULL, 0, &out, &e),
	                 ERR_INVALID); /* ana wrote it */
	free(app.analyst);
	app.analyst = xstrdup("luis");
	ck_assert_int_eq(console_run(&app, "bulletin review", STORE_BULLETINS,
	                             bid, NULL, 0, &out, &e),
	                 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "reviewer: luis"));

	/* the summary in the editor, twice */
	ed = test_write_file(dir, "ed.sh",
	                     "#!/bin/sh\nprintf 'Patch now.\\n' >>\"$1\"\n");
	ck_assert_int_eq(chmod(ed, 0700), 0);
	setenv("VISUAL", ed, 1);
	setenv("TMPDIR", dir, 1);
	ck_assert_msg(console_run(&app, "bulletin edit", STORE_BULLETINS, bid,
	                          NULL, 0, &out, &e) == 0,
	              "%s", e.msg);
	ck_assert_int_eq(console_run(&app, "bulletin edit summary",
	                             STORE_BULLETINS, bid, NULL, 0, &out, &e),
	                 0);
	ck_assert_int_eq(store_bulletin_get_by_id(app.store, bid, &b, &e), 0);
	ck_assert_str_eq(b.summary, "Patch now.\nPatch now.");
	bulletin_release(&b);
	ck_assert_int_eq(console_run(&app, "bulletin edit notes",
	                             STORE_BULLETINS, bid, NULL, 0, &out, &e),
	                 ERR_USAGE);
	unsetenv("VISUAL");
	unsetenv("TMPDIR");

	{
		/* Tab after ':bulletin status ' offers the statuses */
		char *words[] = {(char *)"bulletin", (char *)"status"};
		struct strvec comp;
		struct cmd_ctx ctx;

		strvec_init(&comp);
		cmd_ctx_init(&ctx, &app, CMD_IN_PROMPT);
		command_complete(&ctx, 2, words, &comp);
		ck_assert_int_ge(strvec_find(&comp, "final"), 0);
		ck_assert_uint_eq(comp.n, 3);
		cmd_ctx_release(&ctx);
		strvec_release(&comp);
	}
	ck_assert_int_eq(console_run(&app, "bulletin status final",
	                             STORE_BULLETINS, bid, NULL, 0, &out, &e),
	                 0);
	ck_assert_int_eq(
	    test_store_int(app.store,
	                   "SELECT count(*) FROM audit WHERE action IN "
	                   "('bulletin.review', 'bulletin.note', "
	                   "'bulletin.status')"),
	    4);
	/* final: the editor is not even opened */
	ck_assert_int_eq(console_run(&app, "bulletin edit", STORE_BULLETINS,
	                             bid, NULL, 0, &out, &e),
	                 ERR_INVALID);
	strbuf_release(&out);
	free(ed);
	test_rmtree(dir);
	app_release(&app);
}
END_TEST

Suite *
bulletin_suite(void)
{
	Suite *su = suite_create("bulletin");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_bulletin_status_rules);
	tcase_add_test(tc, test_bulletin_final_not_editable);
	tcase_add_test(tc, test_bulletin_reference_shape);
	tcase_add_test(tc, test_bulletin_revision_rules);
	tcase_add_test(tc, test_bulletin_product_status_rules);
	tcase_add_test(tc, test_bulletin_reference_numbering);
	tcase_add_test(tc, test_bulletin_write_roundtrip);
	tcase_add_test(tc, test_bulletin_prefill_from_cve);
	tcase_add_test(tc, test_bulletin_csaf_document);
	tcase_add_test(tc, test_bulletin_recipient_tlp_rules);
	tcase_add_test(tc, test_bulletin_recipient_contact);
	tcase_add_test(tc, test_bulletin_recipients_by_reason);
	tcase_add_test(tc, test_bulletin_console_commands);
	suite_add_tcase(su, tc);
	return su;
}
