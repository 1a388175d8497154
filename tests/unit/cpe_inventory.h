/*
 * A hand-written inventory for the NVD fixture nvdlib_search_full_page.json:
 * CPE names inside, on and outside the bounds of its CVEs, and running-on
 * pairs with the right and the wrong platform. check_cpe.c evaluates it
 * against the configurations in the model, check_exposure_store.c matches
 * it in the store; both expect the same 27 exposures.
 */
#ifndef CENTINELA_TESTS_CPE_INVENTORY_H
#define CENTINELA_TESTS_CPE_INVENTORY_H

static const struct {
	const char *asset;
	const char *names[2]; /* one or two names; NULL after the last */
} cpe_inventory[] = {
    /* PAN-OS 9.0.15: on CVE-2022-0011's versionEndIncluding */
    {"fw-hq", {"cpe:2.3:o:paloaltonetworks:pan-os:9.0.15:*:*:*:*:*:*:*"}},
    {"fw-branch", {"cpe:2.3:o:paloaltonetworks:pan-os:9.0.16:*:*:*:*:*:*:*"}},
    {"fw-unknown", {"cpe:2.3:o:paloaltonetworks:pan-os:*:*:*:*:*:*:*:*"}},
    /* GlobalProtect 5.2.7 on Windows: 0016, 0018, 0021 (not 0017:
       < 5.2.5; not 0019: on Linux) */
    {"vpn-win",
     {"cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*",
      "cpe:2.3:o:microsoft:windows:-:*:*:*:*:*:*:*"}},
    /* ... on Linux: 0019 only (versionEndIncluding 5.2.7) */
    {"vpn-linux",
     {"cpe:2.3:a:paloaltonetworks:globalprotect:5.2.7:*:*:*:*:*:*:*",
      "cpe:2.3:o:linux:linux_kernel:-:*:*:*:*:*:*:*"}},
    /* RV340 at 1.0.03.24: the 15 CVEs of its firmware on it */
    {"router-1",
     {"cpe:2.3:o:cisco:rv340_firmware:1.0.03.24:*:*:*:*:*:*:*",
      "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"}},
    {"router-2",
     {"cpe:2.3:o:cisco:rv340_firmware:1.0.03.25:*:*:*:*:*:*:*",
      "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"}},
    /* firmware without its hardware */
    {"router-3",
     {"cpe:2.3:o:cisco:rv345_firmware:1.0.03.20:*:*:*:*:*:*:*",
      "cpe:2.3:h:cisco:rv340:-:*:*:*:*:*:*:*"}},
    {"dlink", {"cpe:2.3:o:dlink:dir-x1860_firmware:1.03:*:*:*:*:*:*:*"}},
    /* Stormshield 3.8.0: excluded start of 2021-37613, included
       start of 2021-3398; 2.9.0: on two end bounds */
    {"sns-1",
     {"cpe:2.3:a:stormshield:stormshield_network_security:3.8.0:*:*:*:"
      "*:*:*:*"}},
    {"sns-2",
     {"cpe:2.3:a:stormshield:stormshield_network_security:2.9.0:*:*:*:"
      "*:*:*:*"}},
    {"itsm", {"cpe:2.3:a:servicenow:servicenow:jakarta:p3a:*:*:*:*:*:*"}},
    {"itsm-2", {"cpe:2.3:a:servicenow:servicenow:jakarta:p6:*:*:*:*:*:*"}},
    {"geth", {"cpe:2.3:a:optimism:eth-optimism\\/l2geth:0.5.10:*:*:*:*:*:*:*"}},
    {"swg",
     {"cpe:2.3:a:cisco:umbrella_secure_web_gateway:-:*:*:*:*:*:*:"
      "*"}},
    /* vim below 8.2.4327 on Debian 10: two configurations, one CVE */
    {"editor",
     {"cpe:2.3:a:vim:vim:8.2.4326:*:*:*:*:*:*:*",
      "cpe:2.3:o:debian:debian_linux:10.0:*:*:*:*:*:*:*"}},
};

/* Its 27 exposures, by asset (in inventory order) then CVE id. */
static const char cpe_inventory_exposures[] = "fw-hq CVE-2022-0011\n"
                                              "vpn-win CVE-2022-0016\n"
                                              "vpn-win CVE-2022-0018\n"
                                              "vpn-win CVE-2022-0021\n"
                                              "vpn-linux CVE-2022-0019\n"
                                              "router-1 CVE-2022-20699\n"
                                              "router-1 CVE-2022-20700\n"
                                              "router-1 CVE-2022-20701\n"
                                              "router-1 CVE-2022-20702\n"
                                              "router-1 CVE-2022-20703\n"
                                              "router-1 CVE-2022-20704\n"
                                              "router-1 CVE-2022-20705\n"
                                              "router-1 CVE-2022-20706\n"
                                              "router-1 CVE-2022-20707\n"
                                              "router-1 CVE-2022-20708\n"
                                              "router-1 CVE-2022-20709\n"
                                              "router-1 CVE-2022-20710\n"
                                              "router-1 CVE-2022-20711\n"
                                              "router-1 CVE-2022-20712\n"
                                              "router-1 CVE-2022-20749\n"
                                              "sns-1 CVE-2021-3398\n"
                                              "sns-2 CVE-2021-31814\n"
                                              "sns-2 CVE-2021-37613\n"
                                              "itsm CVE-2021-45901\n"
                                              "geth CVE-2022-24916\n"
                                              "swg CVE-2022-20738\n"
                                              "editor CVE-2022-0554\n";

#endif
