#!/usr/bin/env python3
"""The `csaf` source end to end: contrib/central-sim serves a tree as a
CSAF 2.0 provider (--csaf DIR at /.well-known/csaf/) and the real
centinela binary's `sync` of a `csaf` source walks it.

- round trip: what one cache's `bulletin publish --dir` wrote is imported
  back by a fresh cache unchanged: each published document equals the
  second cache's `bulletin export --format csaf` of it but for
  /document/tracking/generator/date (the time of the export), and
  `show --format json` of both sides agree on every field but the row's
  own (id, source, remote_id, version, local_state, created_at,
  updated_at) and the analysts' (author, reviewer, reviewed_at,
  recipients);
- a second sync with nothing changed asks the metadata and the feeds only;
- a revised bulletin, published again, is fetched again and replaces the
  older revision;
- a document whose bytes do not match its hash is refused with its URL
  and the others are stored; one two feeds list is fetched once;
- the source's token goes to the origin of its url= only;
- the CSAF examples of $CENTINELA_FIXTURES/csaf/examples/csaf (and
  csaf_vex) served as a directory provider (changes.csv, hash files
  computed here) all import.

Run by tests/integration/run.sh (make integration-test) with $CENTINELA set
to the binary.
"""
import hashlib
import json
import os
import shutil
import sys
import time
import unittest
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
from synclib import Client, SimCase, fixtures, run_main  # noqa: E402

WELL_KNOWN = "/.well-known/csaf"
PUBLISHER = ['set bulletin.publisher "CSIRT Nacional"',
             "set bulletin.namespace https://csirt.example.mx",
             "set bulletin.review optional"]
# What `show --format json` holds of the row itself or of this cache's
# analysts (the author: the document names its publisher), not of the
# document.
ROW_FIELDS = ("id", "source", "remote_id", "version", "local_state",
              "created_at", "updated_at", "reviewer", "reviewed_at",
              "recipients", "author")


class CsafCase(SimCase):
    SYNC_TIMEOUT = 60

    @classmethod
    def sim_args(cls):
        cls.pub = os.path.join(cls.tmp, "pub")
        os.makedirs(cls.pub)
        return ["--csaf", cls.pub]

    def setUp(self):
        super().setUp()
        # each test serves a tree of its own in the one folder
        for name in os.listdir(self.pub):
            p = os.path.join(self.pub, name)
            if os.path.isdir(p):
                shutil.rmtree(p)
            else:
                os.remove(p)

    def base_url(self):
        return self.sim.url + WELL_KNOWN

    def publisher(self):
        """The CSIRT's own cache, publishing at the simulator."""
        c = Client(self.tmp, "pub-" + uuid.uuid4().hex[:8])
        c.config(*PUBLISHER,
                 "set bulletin.base-url " + self.base_url())
        return c

    def reader(self, url=None):
        """A fresh cache with a csaf source on the simulator (the same
        publisher settings, so that its exports name the same one)."""
        c = Client(self.tmp, "rd-" + uuid.uuid4().hex[:8])
        c.config(*PUBLISHER, "source prov csaf url=" +
                 (url or self.base_url()))
        return c

    def new(self, c, title, tlp, status, *cves):
        """A bulletin with its summary, description, a note, a reference
        and, for each CVE, a product affected, one fixed and a fix."""
        ref = c.run("bulletin", "create", "--title", title, "--tlp", tlp,
                    check=True)[1].strip()
        c.run("bulletin", "set", ref, "summary=Patch " + title,
              "description=What *" + title + "* is", "severity=high",
              check=True)
        c.run("bulletin", "note", ref, "Seen in the wild", check=True)
        c.run("bulletin", "add-reference", ref,
              "https://vendor.example/" + ref, "--summary", "vendor",
              check=True)
        for cve in cves:
            c.run("bulletin", "add-cve", ref, cve, check=True)
            c.run("bulletin", "add-product", ref, "--cpe",
                  "cpe:2.3:a:apache:log4j:2.14.1:*:*:*:*:*:*:*", "--cve",
                  cve, check=True)
            c.run("bulletin", "add-product", ref, "--cpe",
                  "cpe:2.3:a:apache:log4j:2.17.1:*:*:*:*:*:*:*", "--cve",
                  cve, "--status", "fixed", check=True)
            c.run("bulletin", "add-remediation", ref, "--cve", cve,
                  "--category", "vendor_fix", "--details", "Update to 2.17.1",
                  "--url", "https://vendor.example/fix", check=True)
        c.run("bulletin", "status", ref, status, check=True)
        return ref

    def publish(self, c):
        return c.run("bulletin", "publish", "--dir", self.pub,
                     "--include-amber", check=True)[1]

    def requests(self):
        return dict(self.sim.stats()["requests"])

    def new_requests(self, before):
        after = self.requests()
        return sorted(k for k in after
                      for _ in range(after[k] - before.get(k, 0)))

    def published(self):
        """{tracking id: (path, document)} of the tree."""
        out = {}
        for top, _, files in os.walk(self.pub):
            for f in files:
                if f.endswith(".json") and top != self.pub and \
                        not f.startswith("csaf-feed-"):
                    p = os.path.join(top, f)
                    with open(p) as fh:
                        d = json.load(fh)
                    out[d["document"]["tracking"]["id"]] = (p, d)
        return out

    def export(self, c, ref):
        d = json.loads(c.run("bulletin", "export", ref, "--format", "csaf",
                             check=True)[1])
        del d["document"]["tracking"]["generator"]["date"]
        return d

    def show(self, c, ref):
        d = json.loads(c.run("show", ref, "--format", "json",
                             check=True)[1])
        for k in ROW_FIELDS:
            d.pop(k, None)
        return d

    def assert_same(self, a, b, refs):
        for ref in refs:
            _, doc = self.published()[ref]
            del doc["document"]["tracking"]["generator"]["date"]
            self.assertEqual(self.export(b, ref), doc, ref)
            self.assertEqual(self.export(a, ref), doc, ref)
            mine, theirs = self.show(a, ref), self.show(b, ref)
            if mine["status"] == "interim":
                # not published here; its document has to have an
                # initial_release_date, which the reader keeps
                self.assertIsNone(mine.pop("published_at"))
                self.assertEqual(theirs.pop("published_at"),
                                 doc["document"]["tracking"][
                                     "initial_release_date"])
            self.assertEqual(theirs, mine, ref)


class RoundTripTest(CsafCase):
    def test_csaf_round_trip_imports_what_publish_wrote_unchanged(self):
        a = self.publisher()
        clear = self.new(a, "Log4Shell", "clear", "final", "CVE-2021-44228")
        green = self.new(a, "Green advice", "green", "interim",
                         "CVE-2021-45046")
        amber = self.new(a, "Amber advice", "amber", "final")
        self.publish(a)
        self.assertEqual(sorted(self.published()),
                         sorted([clear, green, amber]))
        b = self.reader()
        before = self.requests()
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 3 pages, 3 new, 0 updated, 0 skipped\n")
        self.assert_same(a, b, [clear, green, amber])
        src = json.loads(b.run("show", clear, "--format", "json",
                               check=True)[1])["source"]
        self.assertEqual(src, "csaf:https://csirt.example.mx")
        # every document, its .sha256 and its .sha512 asked once
        reqs = self.new_requests(before)
        for path, _ in self.published().values():
            rel = WELL_KNOWN + path[len(self.pub):]
            for suffix in ("", ".sha256", ".sha512"):
                self.assertEqual(reqs.count("GET " + rel + suffix), 1,
                                 rel + suffix)

        # nothing changed: the metadata and the three feeds only
        before = self.requests()
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 0 pages, 0 new, 0 updated, 0 skipped\n")
        self.assertEqual(self.new_requests(before), sorted(
            "GET %s/%s" % (WELL_KNOWN, p) for p in (
                "provider-metadata.json",
                "white/csaf-feed-tlp-white.json",
                "green/csaf-feed-tlp-green.json",
                "amber/csaf-feed-tlp-amber.json")))

        # a revision published again is fetched again and replaces it
        # (its listed "updated", current_release_date, is to the second)
        time.sleep(1.1)
        a.run("bulletin", "revise", clear, "--summary", "Fixed versions",
              check=True)
        a.run("bulletin", "status", clear, "final", check=True)
        self.publish(a)
        before = self.requests()
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 1 page, 0 new, 1 updated, 0 skipped\n")
        doc_reqs = [r for r in self.new_requests(before)
                    if "feed" not in r and "metadata" not in r]
        path = self.published()[clear][0]
        rel = "GET " + WELL_KNOWN + path[len(self.pub):]
        self.assertEqual(doc_reqs, [rel, rel + ".sha256", rel + ".sha512"])
        rev = self.export(b, clear)["document"]["tracking"]
        self.assertEqual(rev["version"], "2")
        self.assertEqual([r["number"] for r in rev["revision_history"]],
                         ["1", "2"])
        self.assert_same(a, b, [clear, green, amber])
        self.assertEqual(b.count("bulletins"), 3)

    def test_csaf_tampered_document_is_refused_with_its_url(self):
        a = self.publisher()
        good = self.new(a, "Good one", "clear", "final", "CVE-2021-44228")
        bad = self.new(a, "Tampered one", "clear", "final")
        self.publish(a)
        path = self.published()[bad][0]
        with open(path) as fh:
            text = fh.read()
        with open(path, "w") as fh:
            fh.write(text.replace("Tampered one", "Tampered two"))
        b = self.reader()
        rc, out, err = self.sync(b, ok=False)
        self.assertEqual(rc, 0, err)
        url = self.base_url() + path[len(self.pub):]
        self.assertIn("prov: skipped '%s': its SHA-256 does not match "
                      "its .sha256 file: not stored" % url, err)
        self.assertEqual(out, "prov: 1 page, 1 new, 0 updated, 1 skipped\n")
        self.assertNotEqual(b.run("show", bad)[0], 0)
        self.assertEqual(self.show(b, good), self.show(a, good))
        # refused documents are asked again; once mended, stored
        with open(path, "w") as fh:
            fh.write(text)
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 1 page, 1 new, 0 updated, 0 skipped\n")
        self.assert_same(a, b, [good, bad])

    def test_csaf_document_two_feeds_list_is_fetched_once(self):
        a = self.publisher()
        ref = self.new(a, "Twice", "clear", "final")
        self.publish(a)
        white = os.path.join(self.pub, "white")
        shutil.copy(os.path.join(white, "csaf-feed-tlp-white.json"),
                    os.path.join(white, "csaf-feed-copy.json"))
        meta = os.path.join(self.pub, "provider-metadata.json")
        with open(meta) as fh:
            m = json.load(fh)
        m["distributions"].append({"rolie": {"feeds": [{
            "summary": "the same", "tlp_label": "WHITE",
            "url": self.base_url() + "/white/csaf-feed-copy.json"}]}})
        with open(meta, "w") as fh:
            json.dump(m, fh)
        b = self.reader()
        before = self.requests()
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 1 page, 1 new, 0 updated, 0 skipped\n")
        path = self.published()[ref][0]
        rel = "GET " + WELL_KNOWN + path[len(self.pub):]
        reqs = self.new_requests(before)
        self.assertEqual(reqs.count(rel), 1, reqs)
        self.assertIn("GET %s/white/csaf-feed-copy.json" % WELL_KNOWN, reqs)

    def test_csaf_token_goes_to_the_origin_of_the_source_only(self):
        # the documents are published at localhost, the source is at
        # 127.0.0.1: the same server, another origin
        a = Client(self.tmp, "pub-" + uuid.uuid4().hex[:8])
        a.config(*PUBLISHER, "set bulletin.base-url http://localhost:%d%s"
                 % (self.sim.port, WELL_KNOWN))
        ref = self.new(a, "Elsewhere", "clear", "final")
        self.publish(a)
        b = Client(self.tmp, "rd-" + uuid.uuid4().hex[:8])
        b.config(*PUBLISHER, "source prov csaf url=%s token-file=%s" % (
            self.base_url(), self.sim.token_file))
        before = dict(self.sim.stats()["csaf_bearer"])
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 1 page, 1 new, 0 updated, 0 skipped\n")
        self.assertEqual(self.show(b, ref), self.show(a, ref))
        after = self.sim.stats()["csaf_bearer"]
        sent = sorted(k for k in after
                      if after[k] != before.get(k, 0))
        self.assertEqual(sent, [WELL_KNOWN + "/provider-metadata.json"])


class ExamplesTest(CsafCase):
    def test_csaf_examples_served_as_a_directory_all_import(self):
        src = os.path.join(fixtures(), "csaf", "examples", "csaf")
        if not os.path.isdir(src):
            self.skipTest("no fixture at " + src)
        white = os.path.join(self.pub, "white")
        ids, lines = set(), []
        for top, _, files in os.walk(src):
            for f in sorted(files):
                if not f.endswith(".json"):
                    continue
                with open(os.path.join(top, f), "rb") as fh:
                    raw = fh.read()
                doc = json.loads(raw)
                sub = os.path.relpath(top, src)
                rel = f if sub == "." else sub + "/" + f
                os.makedirs(os.path.join(white, os.path.dirname(rel)),
                            exist_ok=True)
                with open(os.path.join(white, rel), "wb") as fh:
                    fh.write(raw)
                with open(os.path.join(white, rel + ".sha256"), "w") as fh:
                    fh.write("%s  %s\n" % (hashlib.sha256(raw).hexdigest(),
                                           f))
                ids.add(doc["document"]["tracking"]["id"])
                lines.append('"%s","%s"\n' % (
                    rel, doc["document"]["tracking"]["current_release_date"]))
        self.assertGreater(len(lines), 10)
        with open(os.path.join(white, "changes.csv"), "w") as fh:
            fh.write("".join(lines))
        with open(os.path.join(self.pub, "provider-metadata.json"),
                  "w") as fh:
            json.dump({"canonical_url": self.base_url() +
                       "/provider-metadata.json",
                       "distributions": [{"directory_url":
                                          self.base_url() + "/white/"}],
                       "last_updated": "2024-01-01T00:00:00Z",
                       "list_on_CSAF_aggregators": False,
                       "metadata_version": "2.0",
                       "mirror_on_CSAF_aggregators": False,
                       "publisher": {"category": "vendor", "name": "X",
                                     "namespace": "https://x.example"},
                       "role": "csaf_provider"}, fh)
        b = self.reader(self.base_url() + "/provider-metadata.json")
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: %d pages, %d new, 0 updated, "
                         "0 skipped\n" % (len(lines), len(ids)))
        listed = json.loads(b.run("list", "bulletins", "--format", "json",
                                  check=True)[1])
        self.assertEqual(sorted(x["reference"] for x in listed), sorted(ids))
        before = self.requests()
        rc, out, _ = self.sync(b)
        self.assertEqual(out, "prov: 0 pages, 0 new, 0 updated, 0 skipped\n")
        self.assertEqual(self.new_requests(before), [
            "GET %s/provider-metadata.json" % WELL_KNOWN,
            "GET %s/white/changes.csv" % WELL_KNOWN])


if __name__ == "__main__":
    sys.exit(run_main(sys.modules[__name__], "csaf"))
