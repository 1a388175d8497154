# SPDX-License-Identifier: GPL-3.0-or-later
"""Synthetic constituency: organizations, assets, alerts and incidents in
the native JSON format of centinela-api(7), deterministic from a seed."""
import datetime as dt
import hashlib
import random

# The sectors the client's store seeds (src/store/schema_v1.sql.inc); only
# these, so that every object imports into a fresh cache.
SECTORS = ["energy", "water", "finance", "telecom", "transport", "health",
           "government"]

# RSIT classes and types, as in src/model/enums.c.
RSIT = {
    "abusive-content": ["spam", "harmful-speech", "violence"],
    "malicious-code": ["infected-system", "c2-server", "malware-distribution",
                       "malware-configuration"],
    "information-gathering": ["scanner", "sniffing", "social-engineering"],
    "intrusion-attempts": ["ids-alert", "brute-force", "exploit"],
    "intrusions": ["privileged-account-compromise",
                   "unprivileged-account-compromise",
                   "application-compromise", "system-compromise", "burglary"],
    "availability": ["dos", "ddos", "misconfiguration", "sabotage", "outage"],
    "information-content-security": ["unauthorised-information-access",
                                     "unauthorised-information-modification",
                                     "data-loss", "data-leak"],
    "fraud": ["unauthorised-use-of-resources", "copyright", "masquerade",
              "phishing"],
    "vulnerable": ["weak-crypto", "ddos-amplifier",
                   "potentially-unwanted-accessible",
                   "information-disclosure", "vulnerable-system"],
    "other": ["other", "undetermined"],
}
SEVERITIES = ["info", "low", "medium", "high", "critical"]
TLPS = ["clear", "green", "amber", "amber+strict", "red"]
PAPS = ["clear", "green", "amber", "red"]
ALERT_STATUSES = ["new", "acknowledged", "dismissed", "promoted"]
INCIDENT_STATUSES = ["new", "triage", "in_progress", "waiting", "contained",
                     "resolved", "closed"]
ASSET_KINDS = ["ics", "server", "network", "application", "cloud",
               "workstation", "other"]
OBSERVABLE_TYPES = ["ip", "fqdn", "url", "asn", "hash", "email"]

SIZES = {
    "small": {"organizations": 40, "assets": 300, "alerts": 1500,
              "incidents": 60},
    "demo": {"organizations": 200, "assets": 3000, "alerts": 20000,
             "incidents": 600},
}

_SECTOR_WORDS = {
    "energy": ["Eléctrica", "Energía", "Generadora", "Petroquímica",
               "Gas Natural"],
    "water": ["Agua Potable", "Saneamiento", "Hidráulica", "Acueducto"],
    "finance": ["Banco", "Financiera", "Casa de Bolsa", "Aseguradora"],
    "telecom": ["Telecomunicaciones", "Redes", "Fibra", "Satelital"],
    "transport": ["Aeropuerto", "Ferrocarril", "Puerto", "Autotransporte"],
    "health": ["Hospital", "Instituto de Salud", "Clínica", "Laboratorio"],
    "government": ["Secretaría", "Ayuntamiento", "Instituto Electoral",
                   "Tribunal"],
}
_PLACES = ["del Norte", "del Sur", "del Golfo", "del Pacífico", "Central",
           "del Bajío", "Peninsular", "de Occidente", "del Noreste",
           "Metropolitana", "Fronteriza", "del Sureste"]
_REGIONS = ["Ciudad de México", "Nuevo León", "Jalisco", "Veracruz",
            "Yucatán", "Baja California", "Sonora", "Puebla", "Chiapas",
            "Guanajuato", "Tamaulipas", "Oaxaca"]
_VENDORS = {
    "ics": [("Siemens", "SIMATIC S7-1500", "siemens", "simatic_s7-1500", "h"),
            ("Schneider Electric", "Modicon M580", "schneider-electric",
             "modicon_m580", "h"),
            ("Rockwell Automation", "ControlLogix 5580", "rockwellautomation",
             "controllogix_5580", "h")],
    "server": [("Microsoft", "Exchange Server", "microsoft", "exchange_server",
                "a"),
               ("Apache", "HTTP Server", "apache", "http_server", "a"),
               ("VMware", "vCenter Server", "vmware", "vcenter_server", "a")],
    "network": [("Fortinet", "FortiOS", "fortinet", "fortios", "o"),
                ("Cisco", "IOS XE", "cisco", "ios_xe", "o"),
                ("Palo Alto Networks", "PAN-OS", "paloaltonetworks", "pan-os",
                 "o")],
    "application": [("Atlassian", "Confluence Server", "atlassian",
                     "confluence_server", "a"),
                    ("Citrix", "NetScaler ADC", "citrix", "netscaler_adc",
                     "a")],
    "cloud": [("Microsoft", "Azure AD", "microsoft", "azure_ad", "a")],
    "workstation": [("Microsoft", "Windows 10", "microsoft", "windows_10",
                     "o")],
    "other": [("Ivanti", "Connect Secure", "ivanti", "connect_secure", "a")],
}
_FEEDS = [("sensor-net", "CSIRT"), ("shadowserver", "Shadowserver"),
          ("ids-central", "CSIRT"), ("honeypot", "CSIRT"),
          ("abuse-reports", "Abuse.ch")]
_ANALYSTS = ["ana.lopez", "carlos.ruiz", "maria.hernandez", "jorge.diaz",
             "lucia.torres"]
_TITLES = {
    "information-gathering": "Scanning of {o} from {ip}",
    "intrusion-attempts": "Exploitation attempt against {o}",
    "intrusions": "Possible compromise of a host at {o}",
    "malicious-code": "Infected system reported at {o}",
    "availability": "Availability event affecting {o}",
    "vulnerable": "Vulnerable service exposed by {o}",
    "fraud": "Phishing campaign impersonating {o}",
    "abusive-content": "Spam sent from {o} address space",
    "information-content-security": "Possible data leak at {o}",
    "other": "Unclassified event reported for {o}",
}


def iso(t):
    """Unix seconds to ISO 8601 UTC (seconds)."""
    return dt.datetime.fromtimestamp(int(t), dt.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def slug(text):
    out = []
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")[:40] or "org"


def _ip(rng):
    net = rng.choice(["198.51.100", "203.0.113", "192.0.2"])
    return "%s.%d" % (net, rng.randint(1, 254))


def observable(rng, kind=None):
    kind = kind or rng.choice(OBSERVABLE_TYPES)
    if kind == "ip":
        return {"type": "ip", "value": _ip(rng)}
    if kind == "fqdn":
        return {"type": "fqdn",
                "value": "h%d.bad-%d.example" % (rng.randint(1, 999),
                                                 rng.randint(1, 99))}
    if kind == "url":
        return {"type": "url",
                "value": "http://mal-%d.example/p/%d" % (rng.randint(1, 99),
                                                         rng.randint(1, 9999))}
    if kind == "asn":
        return {"type": "asn", "value": "AS%d" % rng.randint(64496, 64511)}
    if kind == "hash":
        return {"type": "hash",
                "value": hashlib.sha256(str(rng.random()).encode())
                .hexdigest()}
    return {"type": "email",
            "value": "phish%d@mail-%d.example" % (rng.randint(1, 999),
                                                  rng.randint(1, 99))}


class Generator:
    """Makes objects; ids are handed out by the caller (the state)."""

    def __init__(self, seed, prefix="MX"):
        self.rng = random.Random(seed)
        self.prefix = prefix
        self._index = {}  # id(list) -> (len, groups, list kept alive)

    def _by_org(self, pairs):
        """(id, obj) pairs grouped by the objects' organization; cached
        per list (the lists only grow while a generator uses them)."""
        key = id(pairs)
        hit = self._index.get(key)
        if hit is None or hit[0] != len(pairs):
            groups = {}
            for x in pairs:
                groups.setdefault(x[1].get("organization"), []).append(x)
            hit = (len(pairs), groups, pairs)
            if len(self._index) >= 8:
                self._index.clear()
            self._index[key] = hit
        return hit[1]

    def organization(self, n):
        rng = self.rng
        sector = SECTORS[n % len(SECTORS)]
        name = "%s %s %d" % (rng.choice(_SECTOR_WORDS[sector]),
                             rng.choice(_PLACES), n + 1)
        s = slug(name)
        return {"name": name, "sector": sector,
                "region": rng.choice(_REGIONS),
                "contact": "soc@%s.example" % s,
                "abuse_contact": "abuse@%s.example" % s}

    def asset(self, n, org_id, org):
        rng = self.rng
        kind = rng.choice(ASSET_KINDS if org["sector"] != "energy"
                          else ["ics", "ics", "server", "network"])
        vendor, product, cv, cp, part = rng.choice(_VENDORS[kind])
        ver = "%d.%d" % (rng.randint(1, 12), rng.randint(0, 9))
        name = "%s-%d" % (kind, n + 1)
        a = {"name": name, "organization": org_id, "sector": org["sector"],
             "kind": kind, "criticality": rng.randint(1, 5),
             "hostname": "%s.%s.example" % (name, slug(org["name"])),
             "ip": "10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255),
                                    rng.randint(1, 254)),
             "location": rng.choice(_REGIONS),
             "vendor": vendor, "product": product, "product_version": ver,
             "cpes": ["cpe:2.3:%s:%s:%s:%s:*:*:*:*:*:*:*" % (part, cv, cp,
                                                             ver)]}
        return a

    def alert(self, now, orgs, assets, age_max=0):
        """orgs: list of (id, obj); assets: list of (id, obj)."""
        rng = self.rng
        cls = rng.choice(list(RSIT))
        typ = rng.choice(RSIT[cls])
        observed = now - (rng.randint(0, age_max) if age_max else 0)
        feed, provider = rng.choice(_FEEDS)
        obs = [observable(rng, "ip")]
        for _ in range(rng.randint(0, 2)):
            obs.append(observable(rng))
        a = {"title": "", "severity": rng.choices(
                SEVERITIES, weights=[10, 25, 35, 20, 10])[0],
             "tlp": rng.choice(["green", "amber", "amber", "clear", "red"]),
             "taxonomy": {"class": cls, "type": typ},
             "observables": obs,
             "feed": {"name": feed, "provider": provider},
             "observed_at": iso(observed),
             "received_at": iso(observed + rng.randint(5, 300)),
             "status": "new"}
        oname = "the constituency"
        if orgs:
            oid, org = rng.choice(orgs)
            a["organization"] = oid
            a["sector"] = org["sector"]
            oname = org["name"]
            mine = self._by_org(assets).get(oid, [])
            if mine and rng.random() < 0.6:
                a["asset"] = rng.choice(mine)[0]
        a["title"] = _TITLES.get(cls, "Event at {o}").format(
            o=oname, ip=obs[0]["value"])
        a["description"] = "%s/%s reported by %s (%s)." % (cls, typ, feed,
                                                           provider)
        return a

    def incident(self, now, age, orgs, alerts, assets):
        """alerts: list of (id, obj) candidates; returns (incident,
        linked alert ids)."""
        rng = self.rng
        opened = now - age
        cls = rng.choice(list(RSIT))
        status = rng.choice(INCIDENT_STATUSES)
        oid, org = rng.choice(orgs)
        inc = {"title": "", "category": cls,
               "category_type": rng.choice(RSIT[cls]),
               "severity": rng.choice(SEVERITIES[1:]),
               "priority": rng.randint(1, 4), "status": status,
               "tlp": rng.choice(["green", "amber", "red"]),
               "pap": rng.choice(PAPS), "organization": oid,
               "sector": org["sector"], "opened_at": iso(opened),
               "due_at": iso(opened + rng.choice([4, 24, 72]) * 3600)}
        inc["title"] = "%s at %s" % (cls.replace("-", " ").capitalize(),
                                     org["name"])
        inc["description"] = "Opened by the duty analyst for %s." % org["name"]
        if status != "new":
            inc["assignee"] = rng.choice(_ANALYSTS)
            inc["first_response_at"] = iso(opened + rng.randint(300, 7200))
        if status == "closed":
            inc["closed_at"] = iso(opened + rng.randint(7200, 86400 * 5))
        mine = [x for x in self._by_org(alerts).get(oid, [])
                if x[1].get("status") != "promoted"]
        linked = [x[0] for x in rng.sample(mine, min(len(mine),
                                                     rng.randint(0, 3)))]
        massets = [x[0] for x in self._by_org(assets).get(oid, [])]
        inc["alerts"] = linked
        inc["assets"] = rng.sample(massets, min(len(massets),
                                                rng.randint(0, 2)))
        notes = []
        for k in range(rng.randint(0, 3)):
            notes.append({"author": rng.choice(_ANALYSTS),
                          "created_at": iso(opened + 600 * (k + 1)),
                          "body": rng.choice([
                              "Contacted the organization's SOC by phone.",
                              "Requested firewall logs for the window.",
                              "Indicators shared with the sector ISAC.",
                              "Waiting for the constituent's answer."])})
        inc["notes"] = notes
        return inc, linked
