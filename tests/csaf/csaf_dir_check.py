#!/usr/bin/env python3
"""Check a CSAF 2.0 provider directory as `centinela bulletin publish`
writes it (CSAF 2.0 section 7.1).

usage: csaf_dir_check.py DIR

- provider-metadata.json against the official provider schema
  ($CENTINELA_FIXTURES/csaf/json_schema/provider_json_schema.json, its
  reference to the CSAF schema resolved offline);
- every document with csaf_validate.py (schema and mandatory tests), its
  file name (5.1), its year folder (requirement 11) and its TLP folder;
- index.txt (12) and changes.csv (13, newest first) against the files;
- each ROLIE feed the metadata lists (15): the members and values the
  CSAF ROLIE feed schema requires (it is not among the fixtures, so they
  are checked here), one entry per document with its dates, its self
  link and content src to it, and hash links to its .sha256 and .sha512.

Prints "DIR: ok (N documents)" or one line per problem; exits 0, 1 on a
problem, 3 when it cannot check (python3-jsonschema or schemas missing).
"""
import csv
import json
import os
import re
import sys
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csaf_validate  # noqa: E402

CSAF_ID = "https://docs.oasis-open.org/csaf/csaf/v2.0/csaf_json_schema.json"
ROLIE_SCHEME = "urn:ietf:params:rolie:category:information-type"
FOLDERS = {"white": "WHITE", "green": "GREEN", "amber": "AMBER"}


def provider_validator():
    import jsonschema
    base = os.path.join(csaf_validate.fixtures(), "csaf", "json_schema")
    try:
        with open(os.path.join(base, "provider_json_schema.json"),
                  encoding="utf-8") as f:
            schema = json.load(f)
        with open(os.path.join(base, "csaf_json_schema.json"),
                  encoding="utf-8") as f:
            csaf = json.load(f)
    except OSError as exc:
        print("csaf_dir_check: cannot read the schemas under %s: %s"
              % (base, exc), file=sys.stderr)
        sys.exit(csaf_validate.CANNOT)
    cls = jsonschema.Draft202012Validator
    try:
        from referencing import Registry, Resource
        registry = Registry().with_resources(
            [(CSAF_ID, Resource.from_contents(csaf))])
        return cls(schema, registry=registry)
    except ImportError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            resolver = jsonschema.RefResolver.from_schema(
                schema, store={CSAF_ID: csaf})
            return cls(schema, resolver=resolver)


def filename(tracking_id):
    return re.sub(r"[^+\-a-z0-9]+", "_", tracking_id.lower()) + ".json"


def load(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as exc:
        problems.append("%s: not JSON: %s" % (path, exc))
        return None


def check_feed(feed_doc, url, label, docs, base, problems):
    """docs: {relative url path: document} of the feed's folder."""
    where = url
    feed = feed_doc.get("feed") if isinstance(feed_doc, dict) else None
    if not isinstance(feed, dict):
        problems.append("%s: no feed object" % where)
        return
    for key in ("id", "title", "link", "category", "updated", "entry"):
        if key not in feed:
            problems.append("%s: feed without %s" % (where, key))
            return
    if not re.fullmatch(r"[a-zA-Z0-9+\-_.]+", feed["id"]):
        problems.append("%s: feed id %r" % (where, feed["id"]))
    if feed["link"][:1] != [{"rel": "self", "href": url}]:
        problems.append("%s: first link is not self to the feed: %r"
                        % (where, feed["link"][:1]))
    if feed["category"][:1] != [{"scheme": ROLIE_SCHEME, "term": "csaf"}]:
        problems.append("%s: category %r" % (where, feed["category"]))
    if "TLP:" + label not in feed["title"]:
        problems.append("%s: title %r without TLP:%s"
                        % (where, feed["title"], label))
    seen = set()
    for i, e in enumerate(feed["entry"]):
        w = "%s: entry %d" % (where, i)
        missing = [k for k in ("id", "title", "link", "published",
                               "updated", "content", "format")
                   if k not in e]
        if missing:
            problems.append("%s: without %s" % (w, ", ".join(missing)))
            continue
        links = e["link"]
        self_href = links[0].get("href", "") if links else ""
        if not links or links[0].get("rel") != "self" or \
                not re.fullmatch(r"https://.+\.json", self_href):
            problems.append("%s: first link is not self: %r" % (w, links))
            continue
        if e["content"] != {"type": "application/json", "src": self_href}:
            problems.append("%s: content %r" % (w, e["content"]))
        if e["format"] != {"schema": CSAF_ID, "version": "2.0"}:
            problems.append("%s: format %r" % (w, e["format"]))
        hashes = sorted(l.get("href") for l in links if l.get("rel") == "hash")
        if hashes != [self_href + ".sha256", self_href + ".sha512"]:
            problems.append("%s: hash links %r" % (w, hashes))
        if not self_href.startswith(base + "/"):
            problems.append("%s: %s is outside %s" % (w, self_href, base))
            continue
        rel = self_href[len(base) + 1:]
        doc = docs.get(rel)
        if doc is None:
            problems.append("%s: %s is no document of its folder" % (w, rel))
            continue
        seen.add(rel)
        tracking = doc["document"]["tracking"]
        if e["id"] != tracking["id"] or e["title"] != doc["document"]["title"]:
            problems.append("%s: id or title differ from %s" % (w, rel))
        if e["published"] != tracking["initial_release_date"] or \
                e["updated"] != tracking["current_release_date"]:
            problems.append("%s: dates differ from %s" % (w, rel))
    if seen != set(docs):
        problems.append("%s: entries %s, documents %s"
                        % (where, sorted(seen), sorted(docs)))


def check_folder(top, folder, validator_csaf, problems):
    """The documents of one TLP folder: {path from DIR: document}."""
    docs = {}
    here = os.path.join(top, folder)
    files = []
    for year in sorted(os.listdir(here)):
        if not os.path.isdir(os.path.join(here, year)):
            continue
        if not re.fullmatch(r"[0-9]{4}", year):
            problems.append("%s/%s: not a year folder" % (folder, year))
            continue
        for name in sorted(os.listdir(os.path.join(here, year))):
            if name.endswith(".json"):
                files.append(year + "/" + name)
            elif not (name.endswith(".json.sha256") or
                      name.endswith(".json.sha512")):
                problems.append("%s/%s/%s: unexpected" % (folder, year, name))
    for rel in files:
        path = os.path.join(here, rel)
        problems.extend(csaf_validate.check(validator_csaf, path))
        doc = load(path, problems)
        if doc is None:
            continue
        tracking = doc["document"]["tracking"]
        if rel.split("/")[1] != filename(tracking["id"]):
            problems.append("%s/%s: not the name of %s"
                            % (folder, rel, tracking["id"]))
        if rel[:4] != tracking["initial_release_date"][:4]:
            problems.append("%s/%s: not in the year of %s"
                            % (folder, rel, tracking["initial_release_date"]))
        label = doc["document"]["distribution"]["tlp"]["label"]
        if label != FOLDERS[folder]:
            problems.append("%s/%s: TLP %s" % (folder, rel, label))
        for ext in ("sha256", "sha512"):
            if not os.path.exists(path + "." + ext):
                problems.append("%s/%s.%s: missing" % (folder, rel, ext))
        docs[rel] = doc
    try:
        with open(os.path.join(here, "index.txt"), encoding="utf-8") as f:
            index = f.read().splitlines()
        with open(os.path.join(here, "changes.csv"), encoding="utf-8",
                  newline="") as f:
            text = f.read()
    except OSError as exc:
        problems.append("%s: %s" % (folder, exc))
        return docs
    if sorted(index) != sorted(files):
        problems.append("%s/index.txt: %r, files %r" % (folder, index, files))
    if text and not all(line.startswith('"') for line in text.splitlines()):
        problems.append("%s/changes.csv: not quoted: %r" % (folder, text))
    rows = list(csv.reader(text.splitlines()))
    if sorted(r[0] for r in rows) != sorted(files):
        problems.append("%s/changes.csv: paths %r, files %r"
                        % (folder, [r[0] for r in rows], files))
    stamps = [r[1] for r in rows]
    if stamps != sorted(stamps, reverse=True):
        problems.append("%s/changes.csv: not newest first: %r"
                        % (folder, stamps))
    for path, stamp in rows:
        doc = docs.get(path)
        if doc and doc["document"]["tracking"]["current_release_date"] != \
                stamp:
            problems.append("%s/changes.csv: %s at %s" % (folder, path, stamp))
    return docs


def main(argv):
    if len(argv) != 2:
        print("usage: csaf_dir_check.py DIR", file=sys.stderr)
        return 2
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        print("csaf_dir_check: python3-jsonschema is missing (make deps)",
              file=sys.stderr)
        return csaf_validate.CANNOT
    top = argv[1]
    problems = []
    meta = load(os.path.join(top, "provider-metadata.json"), problems)
    if meta is None:
        print("\n".join(problems))
        return 1
    pv = provider_validator()
    problems.extend("provider-metadata.json: schema: %s: %s"
                    % (csaf_validate.path_of(e.absolute_path), e.message)
                    for e in pv.iter_errors(meta))
    canonical = meta.get("canonical_url", "")
    base = canonical.rsplit("/", 1)[0]
    cv = csaf_validate.load_validator()
    n = 0
    feeds = [f for d in meta.get("distributions", [])
             for f in d.get("rolie", {}).get("feeds", [])]
    listed = set()
    for fd in feeds:
        url = fd["url"]
        rel = url[len(base) + 1:] if url.startswith(base + "/") else None
        folder = rel.split("/")[0] if rel else None
        if folder not in FOLDERS or FOLDERS[folder] != fd["tlp_label"]:
            problems.append("feed %s: not in the folder of TLP %s"
                            % (url, fd["tlp_label"]))
            continue
        listed.add(folder)
        docs = check_folder(top, folder, cv, problems)
        n += len(docs)
        feed = load(os.path.join(top, rel), problems)
        if feed is not None:
            check_feed(feed, url, fd["tlp_label"],
                       {folder + "/" + k: v for k, v in docs.items()},
                       base, problems)
    for folder in FOLDERS:
        if folder not in listed and os.path.exists(os.path.join(top, folder)):
            problems.append("%s: a folder no feed lists" % folder)
    for p in problems:
        print(p)
    if problems:
        return 1
    print("%s: ok (%d documents)" % (top, n))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
