#!/usr/bin/env python3
"""Write native-format alert pages for the import benchmark.

gen_alerts.py OUTDIR FILES PER_FILE writes OUTDIR/alerts-NN.json, each a
collection page {"data": [...]} of PER_FILE alerts in the native format of
centinela-api(7). Deterministic: the same arguments give the same bytes.
"""
import json
import random
import sys

TAXONOMY = [
    ("information-gathering", "scanner"),
    ("malicious-code", "infected-system"),
    ("malicious-code", "c2-server"),
    ("intrusion-attempts", "brute-force"),
    ("intrusion-attempts", "exploit"),
    ("fraud", "phishing"),
    ("vulnerable", "vulnerable-system"),
    ("availability", "ddos"),
]
FEEDS = [("shadowserver-scan", "Shadowserver"), ("misp-circl", "CIRCL"),
         ("intelmq-spamhaus", "Spamhaus"), ("ids-sensor-03", "CSIRT")]
SEVERITIES = ["info", "low", "low", "medium", "medium", "medium", "high",
              "critical"]
TLPS = ["clear", "green", "amber", "amber", "red"]
SECTORS = ["energy", "water", "finance", "telecom", "transport", "health",
           "government"]


def alert(rng, n):
    cls, typ = rng.choice(TAXONOMY)
    feed, provider = rng.choice(FEEDS)
    t = 1790000000 + n * 2 + rng.randrange(0, 2)
    ip = "198.51.%d.%d" % (rng.randrange(0, 256), rng.randrange(1, 255))
    iso = lambda s: "%04d-%02d-%02dT%02d:%02d:%02dZ" % __import__(
        "time").gmtime(s)[:6]
    return {
        "id": "bench-%07d" % n,
        "version": 1,
        "title": "%s %s from %s" % (cls, typ, ip),
        "description": "Synthetic alert %d for the import benchmark." % n,
        "severity": rng.choice(SEVERITIES),
        "tlp": rng.choice(TLPS),
        "taxonomy": {"class": cls, "type": typ},
        "observables": [{"type": "ip", "value": ip},
                        {"type": "asn", "value": "AS%d" % rng.randrange(64496, 64511)}],
        "feed": {"name": feed, "provider": provider},
        "observed_at": iso(t),
        "received_at": iso(t + 60),
        "status": "new",
        "sector": rng.choice(SECTORS),
    }


def main():
    outdir, files, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(20261129)
    n = 0
    for f in range(files):
        items = []
        for _ in range(per):
            items.append(alert(rng, n))
            n += 1
        with open("%s/alerts-%02d.json" % (outdir, f), "w") as fp:
            json.dump({"data": items, "next_cursor": None, "has_more": False},
                      fp, separators=(",", ":"), ensure_ascii=False)


if __name__ == "__main__":
    main()
