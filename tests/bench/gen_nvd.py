#!/usr/bin/env python3
"""Write a synthetic NVD catalog and an asset inventory for the benchmark.

gen_nvd.py OUTDIR [CVES [ASSETS]] writes, for CVES records (default
250000) and ASSETS assets (default 50000):

  OUTDIR/nvd/cves-NNNNNN.json  NVD CVE API 2.0 responses of 2000 records
                               each (NNNNNN the page's startIndex), with
                               resultsPerPage, startIndex, totalResults,
                               format, version and timestamp, as the API
                               answers /rest/json/cves/2.0?startIndex=N;
  OUTDIR/organizations.csv     the organizations of the inventory;
  OUTDIR/assets.csv            the assets, two CPE names each on average
                               (the `cpe` column, names joined by ';'),
                               as `centinela import assets` reads them;
  OUTDIR/new-cve.json          one more record (not in the catalog), a
                               response of one, for the one-CVE figures;
  OUTDIR/summary.txt           counts: records, cpeMatch rows, names.

The catalog's shape follows NVD's: vendors and products drawn from a few
thousand with a skewed (Zipf) distribution, so that a few products carry
thousands of CVEs and most a handful; each configuration a node of the
vulnerable product's version ranges (start and end bounds, including and
excluding, or an exact version), some with several products, some an AND
of the application and the platforms it runs on (running-on matches,
not vulnerable), a few with a negated node; CVSS v3.1 and v4.0 metrics
(v2 on the older ones), CWEs, references, English and some Spanish
descriptions, a few KEV listings, and records awaiting analysis (no
configurations). The inventory's names are drawn from the catalog's
products (uniformly, with versions inside and outside the bounds) for
some and from products the catalog does not know for most.

Deterministic: the same arguments give the same bytes.
"""
import json
import os
import random
import sys

PAGE = 2000
SEED = 20261207
VENDORS = 3000
SECTORS = ["energy", "water", "finance", "telecom", "transport", "health",
           "government", "digital-infrastructure"]
KINDS = ["ics", "server", "network", "application", "cloud", "workstation"]
SYL = ["al", "be", "co", "da", "en", "fo", "ga", "hi", "io", "ja", "ka",
       "lu", "mo", "ne", "or", "pa", "qu", "ri", "so", "te", "ux", "vi",
       "wa", "xe", "ya", "zo", "tron", "soft", "net", "sys", "tek", "lab"]
CWES = ["CWE-79", "CWE-787", "CWE-89", "CWE-20", "CWE-125", "CWE-78",
        "CWE-416", "CWE-22", "CWE-352", "CWE-434", "CWE-476", "CWE-190",
        "CWE-287", "CWE-798", "CWE-862", "CWE-400", "NVD-CWE-Other",
        "NVD-CWE-noinfo"]
TAGS = ["Patch", "Vendor Advisory", "Third Party Advisory", "Exploit",
        "Issue Tracking", "Mailing List", "VDB Entry"]
PLATFORMS = [
    "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:apple:macos:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:google:android:-:*:*:*:*:*:*:*",
    "cpe:2.3:h:siemens:simatic_s7-1500:-:*:*:*:*:*:*:*",
    "cpe:2.3:o:cisco:ios:-:*:*:*:*:*:*:*",
]


def word(rng, n):
    return "".join(rng.choice(SYL) for _ in range(n))


def universe(rng):
    """Vendors (name, Zipf weight, [(part, product)])."""
    seen = set()
    vendors = []
    for rank in range(1, VENDORS + 1):
        while True:
            name = word(rng, rng.choice((2, 2, 3)))
            if name not in seen:
                seen.add(name)
                break
        part = rng.choice("aaaaaaoh")
        products = []
        for k in range(rng.choice((1, 1, 2, 2, 3, 4, 6))):
            products.append((part if k == 0 else rng.choice("aaao"),
                             "%s_%s" % (word(rng, 2), word(rng, 1))))
        vendors.append((name, 1.0 / rank ** 1.05, products))
    return vendors


def version(rng):
    n = rng.choice((2, 3, 3, 3, 4))
    parts = [str(rng.randrange(0, 12 if i == 0 else 30)) for i in range(n)]
    return ".".join(parts)


def vkey(v):
    return [int(x) for x in v.split(".")]


def cpe(part, vendor, product, ver="*", update="*"):
    return "cpe:2.3:%s:%s:%s:%s:%s:*:*:*:*:*:*" % (part, vendor, product,
                                                   ver, update)


def match_id(rng):
    h = "%032X" % rng.getrandbits(128)
    return "%s-%s-%s-%s-%s" % (h[:8], h[8:12], h[12:16], h[16:20], h[20:])


def ranges(rng, part, vendor, product, n, vulnerable=True):
    """n cpeMatch entries of one product: version ranges or versions."""
    out = []
    for _ in range(n):
        m = {"vulnerable": vulnerable}
        kind = rng.random()
        if kind < 0.25:  # one exact version
            m["criteria"] = cpe(part, vendor, product, version(rng))
        else:
            m["criteria"] = cpe(part, vendor, product)
            a, b = sorted((version(rng), version(rng)), key=vkey)
            if kind < 0.55:
                m["versionStartIncluding"] = a
                m["versionEndExcluding"] = b
            elif kind < 0.75:
                m["versionEndExcluding"] = b
            elif kind < 0.9:
                m["versionEndIncluding"] = b
            else:
                m["versionStartExcluding"] = a
                m["versionEndIncluding"] = b
        m["matchCriteriaId"] = match_id(rng)
        out.append(m)
    return out


def n_matches(rng):
    r = rng.random()
    if r < 0.55:
        return rng.randint(1, 4)
    if r < 0.9:
        return rng.randint(5, 11)
    return rng.randint(11, 40)


def configurations(rng, pick):
    total = n_matches(rng)
    shape = rng.random()
    if shape < 0.72:  # OR of one or more products' ranges
        nodes = []
        left = total
        while left > 0:
            part, vendor, product = pick()
            k = left if rng.random() < 0.7 else rng.randint(1, left)
            nodes.append({"operator": "OR", "negate": False,
                          "cpeMatch": ranges(rng, part, vendor, product, k)})
            left -= k
        if len(nodes) == 1:
            return [{"nodes": nodes}]
        return [{"nodes": [n]} for n in nodes]
    part, vendor, product = pick()
    app = {"operator": "OR", "negate": False,
           "cpeMatch": ranges(rng, part, vendor, product,
                              max(1, total - 2))}
    if shape < 0.95:  # running on one or two platforms
        plats = rng.sample(PLATFORMS, rng.choice((1, 2)))
        on = {"operator": "OR", "negate": False,
              "cpeMatch": [{"vulnerable": False, "criteria": p,
                            "matchCriteriaId": match_id(rng)}
                           for p in plats]}
        return [{"operator": "AND", "nodes": [app, on]}]
    # vulnerable except on one version (a negated node)
    neg = {"operator": "OR", "negate": True,
           "cpeMatch": [{"vulnerable": False,
                         "criteria": cpe(part, vendor, product,
                                         version(rng)),
                         "matchCriteriaId": match_id(rng)}]}
    return [{"operator": "AND", "nodes": [app, neg]}]


def iso(rng, year):
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03d" % (
        year, rng.randint(1, 12), rng.randint(1, 28), rng.randrange(24),
        rng.randrange(60), rng.randrange(60), rng.randrange(1000))


def metrics(rng, year):
    m = {}
    if year >= 2016 or rng.random() < 0.3:
        score = round(rng.uniform(2.0, 10.0), 1)
        sev = ("LOW" if score < 4 else "MEDIUM" if score < 7 else
               "HIGH" if score < 9 else "CRITICAL")
        m["cvssMetricV31"] = [{
            "source": "nvd@nist.gov", "type": "Primary",
            "cvssData": {
                "version": "3.1",
                "vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/"
                                "I:H/A:%s" % rng.choice("NLH"),
                "baseScore": score, "baseSeverity": sev},
            "exploitabilityScore": 3.9, "impactScore": 5.9}]
    if year >= 2023 and rng.random() < 0.5:
        score = round(rng.uniform(1.0, 10.0), 1)
        m["cvssMetricV40"] = [{
            "source": "cna@example.org", "type": "Secondary",
            "cvssData": {
                "version": "4.0",
                "vectorString": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/"
                                "VI:H/VA:H/SC:N/SI:N/SA:N",
                "baseScore": score,
                "baseSeverity": "HIGH" if score >= 7 else "MEDIUM"}}]
    if year < 2016:
        m["cvssMetricV2"] = [{
            "source": "nvd@nist.gov", "type": "Primary",
            "cvssData": {"version": "2.0",
                         "vectorString": "AV:N/AC:L/Au:N/C:P/I:P/A:P",
                         "baseScore": 7.5},
            "baseSeverity": "HIGH", "exploitabilityScore": 10.0,
            "impactScore": 6.4}]
    return m


def record(rng, n, pick):
    year = 2002 + n * 23 // 250000 if n < 250000 else 2026
    cve_id = "CVE-%d-%d" % (year, 10000 + n)
    analysed = rng.random() < 0.9
    cve = {
        "id": cve_id,
        "sourceIdentifier": rng.choice(("nvd@nist.gov", "cve@mitre.org",
                                        "psirt@example.com")),
        "published": iso(rng, year),
        "lastModified": iso(rng, max(year, 2024)),
        "vulnStatus": "Analyzed" if analysed else "Awaiting Analysis",
        "descriptions": [{"lang": "en", "value":
                          "A %s flaw in a component allows a remote "
                          "attacker to %s (synthetic record %d)." % (
                              rng.choice(("buffer overflow", "injection",
                                          "use-after-free",
                                          "path traversal")),
                              rng.choice(("execute code",
                                          "read files",
                                          "cause a denial of service")),
                              n)}],
    }
    if rng.random() < 0.3:
        cve["descriptions"].append({"lang": "es", "value":
                                    "Un fallo sintético (registro %d)." % n})
    if rng.random() < 0.01:
        cve["cisaExploitAdd"] = "%04d-%02d-10" % (max(year, 2021),
                                                  rng.randint(1, 12))
        cve["cisaActionDue"] = "%04d-%02d-28" % (max(year, 2021),
                                                 rng.randint(1, 12))
        cve["cisaRequiredAction"] = "Apply updates per vendor instructions."
        cve["cisaVulnerabilityName"] = "Synthetic Vulnerability %d" % n
    if analysed:
        cve["metrics"] = metrics(rng, year)
        cve["weaknesses"] = [{
            "source": "nvd@nist.gov", "type": "Primary",
            "description": [{"lang": "en", "value": c} for c in
                            rng.sample(CWES, rng.choice((1, 1, 2)))]}]
        cve["configurations"] = configurations(rng, pick)
    cve["references"] = [
        {"url": "https://advisories.example.org/%s/%d" % (cve_id, k),
         "source": cve["sourceIdentifier"],
         "tags": rng.sample(TAGS, rng.randint(0, 2))}
        for k in range(rng.randint(1, 5))]
    return {"cve": cve}


def page(start, total, items):
    return {"resultsPerPage": len(items), "startIndex": start,
            "totalResults": total, "format": "NVD_CVE", "version": "2.0",
            "timestamp": "2026-12-07T00:00:00.000", "vulnerabilities": items}


def count_matches(item):
    return sum(len(node["cpeMatch"])
               for c in item["cve"].get("configurations", ())
               for node in c["nodes"])


def main():
    outdir = sys.argv[1]
    n_cves = int(sys.argv[2]) if len(sys.argv) > 2 else 250000
    n_assets = int(sys.argv[3]) if len(sys.argv) > 3 else 50000
    rng = random.Random(SEED)
    vendors = universe(rng)
    weights = []
    acc = 0.0
    for _, w, _ in vendors:
        acc += w
        weights.append(acc)
    products = [(p, v, prod) for v, _, ps in vendors for p, prod in ps]

    def pick():
        v, _, ps = rng.choices(vendors, cum_weights=weights)[0]
        part, prod = rng.choice(ps)
        return part, v, prod

    os.makedirs(os.path.join(outdir, "nvd"), exist_ok=True)
    n_matches_total = 0
    for start in range(0, n_cves, PAGE):
        items = [record(rng, n, pick)
                 for n in range(start, min(start + PAGE, n_cves))]
        n_matches_total += sum(count_matches(i) for i in items)
        path = os.path.join(outdir, "nvd", "cves-%06d.json" % start)
        with open(path, "w") as fp:
            json.dump(page(start, n_cves, items), fp, separators=(",", ":"),
                      ensure_ascii=False)
    with open(os.path.join(outdir, "new-cve.json"), "w") as fp:
        json.dump(page(0, 1, [record(rng, n_cves, pick)]), fp,
                  separators=(",", ":"))

    n_orgs = max(1, n_assets // 50)
    with open(os.path.join(outdir, "organizations.csv"), "w") as fp:
        fp.write("name,sector,region,contact,abuse_contact\n")
        for o in range(n_orgs):
            fp.write("Org %05d,%s,Region %d,soc@org%05d.example,"
                     "abuse@org%05d.example\n" % (
                         o, SECTORS[o % len(SECTORS)], o % 17, o, o))
    n_names = 0
    with open(os.path.join(outdir, "assets.csv"), "w") as fp:
        fp.write("name,organization,sector,kind,criticality,hostname,ip,"
                 "location,vendor,product,version,cpe\n")
        for a in range(n_assets):
            names = []
            for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3))):
                if rng.random() < 0.3:  # a product the catalog knows
                    part, v, prod = rng.choice(products)
                else:  # one it does not
                    part = rng.choice("aoh")
                    v = "local%s" % word(rng, 2)
                    prod = "%s_%d" % (word(rng, 2), rng.randrange(100))
                names.append(cpe(part, v, prod, version(rng)))
            n_names += len(names)
            o = a % n_orgs
            fp.write("asset-%06d,Org %05d,%s,%s,%d,host%06d.example,"
                     "10.%d.%d.%d,Site %d,,,,%s\n" % (
                         a, o, SECTORS[o % len(SECTORS)],
                         rng.choice(KINDS), rng.randint(1, 5), a,
                         a >> 16, (a >> 8) & 255, a & 255, o % 40,
                         ";".join(names)))
    with open(os.path.join(outdir, "summary.txt"), "w") as fp:
        fp.write("cves %d\ncpematch %d\norganizations %d\nassets %d\n"
                 "names %d\n" % (n_cves, n_matches_total, n_orgs, n_assets,
                                 n_names))


if __name__ == "__main__":
    main()
