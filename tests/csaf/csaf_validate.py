#!/usr/bin/env python3
"""Check CSAF 2.0 documents: the official JSON schema, offline, and the
mandatory tests of CSAF 2.0 section 6.1 that apply to what Centinela
writes (6.1.1, 6.1.2, 6.1.3, 6.1.6, 6.1.14, 6.1.16, 6.1.21).

usage: csaf_validate.py FILE...

The schema is read from $CENTINELA_FIXTURES/csaf/json_schema/
csaf_json_schema.json, and the FIRST CVSS schemas it refers to from
$CENTINELA_FIXTURES/csaf/referenced_schema/first/ (never from the network).
Prints "FILE: ok" or one line per problem, "FILE: 6.1.6 ...: PATH: what",
and exits 0 when every file passes, 1 when one fails, 3 when it cannot
check (python3-jsonschema or the schemas missing: `make deps`).
"""
import json
import os
import sys
import warnings

CANNOT = 3


def fixtures():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.environ.get("CENTINELA_FIXTURES") or os.path.join(
        here, "..", "..", "..", "shared", "fixtures", "real")


def load_validator():
    try:
        import jsonschema
    except ImportError:
        print("csaf_validate: python3-jsonschema is missing (make deps)",
              file=sys.stderr)
        sys.exit(CANNOT)
    base = os.path.join(fixtures(), "csaf")
    try:
        with open(os.path.join(base, "json_schema", "csaf_json_schema.json"),
                  encoding="utf-8") as f:
            schema = json.load(f)
        store = {}
        first = os.path.join(base, "referenced_schema", "first")
        for name in sorted(os.listdir(first)):
            with open(os.path.join(first, name), encoding="utf-8") as f:
                s = json.load(f)
            store["https://www.first.org/cvss/" + name] = s
            # draft-04 names itself by "id", later drafts by "$id"
            for key in ("$id", "id"):
                if isinstance(s.get(key), str):
                    store[s[key]] = s
    except OSError as exc:
        print("csaf_validate: cannot read the CSAF schemas under %s: %s"
              % (base, exc), file=sys.stderr)
        sys.exit(CANNOT)
    cls = jsonschema.Draft202012Validator
    try:
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT7
        registry = Registry().with_resources(
            (uri, Resource.from_contents(s, default_specification=DRAFT7))
            for uri, s in store.items())
        return cls(schema, registry=registry)
    except ImportError:
        def offline(uri):
            raise ValueError("csaf_validate: %s is not among the stored "
                             "schemas (offline)" % uri)

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            resolver = jsonschema.RefResolver.from_schema(
                schema, store=store,
                handlers={"http": offline, "https": offline})
            return cls(schema, resolver=resolver)


def path_of(parts):
    return "/" + "/".join(str(p) for p in parts)


# ---- the mandatory tests ----

def product_definitions(doc):
    """(product_id, path) of every product defined in the product tree."""
    out = []
    tree = doc.get("product_tree", {})

    def walk(branches, path):
        for i, b in enumerate(branches):
            p = path + ["branches", i]
            if "product" in b:
                out.append((b["product"].get("product_id"),
                            p + ["product", "product_id"]))
            walk(b.get("branches", []), p)

    walk(tree.get("branches", []), ["product_tree"])
    for i, fp in enumerate(tree.get("full_product_names", [])):
        out.append((fp.get("product_id"),
                    ["product_tree", "full_product_names", i, "product_id"]))
    for i, r in enumerate(tree.get("relationships", [])):
        fp = r.get("full_product_name", {})
        out.append((fp.get("product_id"), ["product_tree", "relationships",
                                           i, "full_product_name",
                                           "product_id"]))
    return out


def product_references(doc):
    """(product_id, path) of every reference to a product id."""
    out = []
    tree = doc.get("product_tree", {})
    for i, g in enumerate(tree.get("product_groups", [])):
        for j, pid in enumerate(g.get("product_ids", [])):
            out.append((pid, ["product_tree", "product_groups", i,
                              "product_ids", j]))
    for i, r in enumerate(tree.get("relationships", [])):
        for key in ("product_reference", "relates_to_product_reference"):
            if key in r:
                out.append((r[key], ["product_tree", "relationships", i,
                                     key]))
    for i, v in enumerate(doc.get("vulnerabilities", [])):
        base = ["vulnerabilities", i]
        for key, ids in v.get("product_status", {}).items():
            for j, pid in enumerate(ids):
                out.append((pid, base + ["product_status", key, j]))
        for part, key in (("remediations", "product_ids"),
                          ("threats", "product_ids"),
                          ("flags", "product_ids"),
                          ("scores", "products")):
            for k, item in enumerate(v.get(part, [])):
                for j, pid in enumerate(item.get(key, [])):
                    out.append((pid, base + [part, k, key, j]))
    return out


def test_6_1_1(doc):
    defined = {pid for pid, _ in product_definitions(doc)}
    return ["%s: product id '%s' is not defined in the product tree"
            % (path_of(p), pid)
            for pid, p in product_references(doc) if pid not in defined]


def test_6_1_2(doc):
    seen, out = {}, []
    for pid, p in product_definitions(doc):
        if pid in seen:
            out.append("%s: product id '%s' is defined again (first at %s)"
                       % (path_of(p), pid, path_of(seen[pid])))
        else:
            seen[pid] = p
    return out


def test_6_1_3(doc):
    rels = doc.get("product_tree", {}).get("relationships", [])
    edges = {}
    for r in rels:
        own = r.get("full_product_name", {}).get("product_id")
        edges.setdefault(own, set()).update(
            {r.get("product_reference"), r.get("relates_to_product_reference")})
    out = []
    for i, r in enumerate(rels):
        own = r.get("full_product_name", {}).get("product_id")
        todo, seen = list(edges.get(own, ())), set()
        while todo:
            pid = todo.pop()
            if pid == own:
                out.append("%s: product id '%s' is defined through itself"
                           % (path_of(["product_tree", "relationships", i]),
                              own))
                break
            if pid in seen:
                continue
            seen.add(pid)
            todo.extend(edges.get(pid, ()))
    return out


GROUPS = {
    "first_affected": "affected", "known_affected": "affected",
    "last_affected": "affected", "known_not_affected": "not affected",
    "first_fixed": "fixed", "fixed": "fixed",
    "recommended": None, "under_investigation": "under investigation",
}


def test_6_1_6(doc):
    out = []
    for i, v in enumerate(doc.get("vulnerabilities", [])):
        group = {}
        for key, ids in v.get("product_status", {}).items():
            g = GROUPS.get(key)
            if not g:
                continue
            for j, pid in enumerate(ids):
                if pid in group and group[pid] != g:
                    out.append("%s: product id '%s' is both %s and %s"
                               % (path_of(["vulnerabilities", i,
                                           "product_status", key, j]),
                                  pid, group[pid], g))
                group.setdefault(pid, g)
    return out


def version_key(v):
    """The integer or the (major, minor, patch) of a version string."""
    core = v.split("+")[0].split("-")[0]
    if "." in core:
        return tuple(int(x) for x in core.split("."))
    return (int(core),)


def history(doc):
    return doc.get("document", {}).get("tracking", {}).get(
        "revision_history", [])


def by_date(items):
    # stable: equal dates keep their order in the document
    return sorted(items, key=lambda r: r.get("date", ""))


def test_6_1_14(doc):
    items = history(doc)
    numbers = [version_key(r["number"]) for r in by_date(items)]
    if numbers != sorted(numbers):
        return ["%s: sorted by date, the revision numbers are %s, not "
                "ascending" % (path_of(["document", "tracking",
                                        "revision_history"]),
                               ", ".join(r["number"]
                                         for r in by_date(items)))]
    return []


def test_6_1_16(doc):
    tracking = doc.get("document", {}).get("tracking", {})
    items = by_date(history(doc))
    if not items:
        return []
    last = items[-1]["number"]
    version = tracking.get("version", "")
    if tracking.get("status") == "draft":
        same = version_key(version) == version_key(last)
    else:
        same = version.split("+")[0] == last.split("+")[0]
    if not same:
        return ["%s: version '%s' is not the latest revision's number '%s'"
                % (path_of(["document", "tracking", "version"]), version,
                   last)]
    return []


def test_6_1_21(doc):
    items = by_date(history(doc))
    majors = [version_key(r["number"])[0] for r in items]
    out = []
    path = path_of(["document", "tracking", "revision_history"])
    if majors and majors[0] not in (0, 1):
        out.append("%s: the first revision is %d, not 0 or 1"
                   % (path, majors[0]))
    for a, b in zip(majors, majors[1:]):
        if b > a + 1:
            out.append("%s: revision %d is missing (between %d and %d)"
                       % (path, a + 1, a, b))
    return out


TESTS = [("6.1.1", "missing definition of product id", test_6_1_1),
         ("6.1.2", "multiple definition of product id", test_6_1_2),
         ("6.1.3", "circular definition of product id", test_6_1_3),
         ("6.1.6", "contradicting product status", test_6_1_6),
         ("6.1.14", "sorted revision history", test_6_1_14),
         ("6.1.16", "latest document version", test_6_1_16),
         ("6.1.21", "missing item in revision history", test_6_1_21)]


def check(validator, name):
    try:
        with open(name, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as exc:
        return ["%s: not JSON: %s" % (name, exc)]
    problems = ["%s: schema: %s: %s" % (name, path_of(err.absolute_path),
                                        err.message)
                for err in sorted(validator.iter_errors(doc),
                                  key=lambda e: list(e.absolute_path))]
    if problems:
        return problems
    for number, title, test in TESTS:
        for p in test(doc):
            problems.append("%s: %s %s: %s" % (name, number, title, p))
    return problems


def main(argv):
    if len(argv) < 2:
        print("usage: csaf_validate.py FILE...", file=sys.stderr)
        return 2
    validator = load_validator()
    status = 0
    for name in argv[1:]:
        problems = check(validator, name)
        for p in problems:
            print(p)
        if problems:
            status = 1
        else:
            print("%s: ok" % name)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
