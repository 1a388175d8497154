/*
 * CPE 2.3 names: the formatted string binding (NISTIR 7695 section 6.2)
 * and name matching (NISTIR 7696).
 *
 * A formatted string is "cpe:2.3:" and the 11 attributes of a well-formed
 * name (WFN), colon-separated:
 *
 *   cpe:2.3:part:vendor:product:version:update:edition:language:
 *           sw_edition:target_sw:target_hw:other
 *
 * Each attribute is one of:
 *   - ANY, written "*" as the whole value (any value, also none);
 *   - NA, written "-" as the whole value (not applicable: no value);
 *   - a string: letters, digits, '_', '-' and '.' as they are, any other
 *     printable ASCII character quoted with a backslash ("c\+\+", "\:",
 *     "\\"); an unquoted character other than those is taken as if quoted,
 *     as the unbinding procedure of NISTIR 7695 6.2.3 does, except ':'
 *     (which ends the attribute), '*' and '?'. An unquoted '*' (any run of
 *     characters) or run of '?' may start and/or end the string and
 *     nowhere else: "1.2*", "*log4j", "??5" are patterns, "1.*.3" is
 *     malformed.
 * The part is 'a' (application), 'o' (operating system), 'h' (hardware) or
 * ANY. Nothing outside printable ASCII is accepted, an attribute is never
 * empty, and all 11 are present.
 *
 * In memory a name keeps each attribute's literal characters unquoted, with
 * its leading and trailing wildcards apart; comparisons are case-blind, as
 * NISTIR 7696 lower-cases both sides.
 */
#ifndef CENTINELA_MODEL_CPE_H
#define CENTINELA_MODEL_CPE_H

#include <stdbool.h>
#include <stddef.h>

#include "centinela/base/err.h"

/* The attributes of a WFN, in the order of the formatted string. */
enum cpe_attr {
	CPE_PART,
	CPE_VENDOR,
	CPE_PRODUCT,
	CPE_VERSION,
	CPE_UPDATE,
	CPE_EDITION,
	CPE_LANGUAGE,
	CPE_SW_EDITION,
	CPE_TARGET_SW,
	CPE_TARGET_HW,
	CPE_OTHER,
	CPE_N_ATTRS
};

/* The attribute's name as NISTIR 7695 spells it ("sw_edition"). */
const char *cpe_attr_name(enum cpe_attr a);

enum cpe_value_kind {
	CPE_ANY,    /* "*": any value */
	CPE_NA,     /* "-": not applicable */
	CPE_STRING, /* a literal, maybe with wildcards at its ends */
};

/* A lead or trail of CPE_WILD_STAR is one unquoted '*'. */
#define CPE_WILD_STAR (-1)

struct cpe_value {
	enum cpe_value_kind kind; /* ANY, NA or a string */
	const char *lit; /* the literal characters, unquoted and NUL-terminated
	                    (borrowed from the name; "" for ANY and NA) */
	size_t len;      /* strlen(lit) */
	int lead;  /* wildcards before lit: 0, CPE_WILD_STAR, or n for n '?' */
	int trail; /* wildcards after lit, the same way */
};

/* True when v is a string with a wildcard at either end. */
bool cpe_value_has_wildcards(const struct cpe_value *v);

/*
 * A parsed name. Its values borrow from buf: a struct cpe_name may be moved
 * (memcpy, realloc) but not copied; release frees buf.
 */
struct cpe_name {
	struct cpe_value attr[CPE_N_ATTRS]; /* indexed by enum cpe_attr */
	char *buf;                          /* the literals (owned) */
};

/* Every attribute ANY (the name "cpe:2.3:*:*:*:*:*:*:*:*:*:*:*"). */
void cpe_name_init(struct cpe_name *n);
void cpe_name_release(struct cpe_name *n);

/*
 * Parse the formatted string s (borrowed) into n (initialized; what it held
 * is released). On a malformed name returns ERR_PARSE with a message naming
 * the attribute and what is wrong with it (not the name itself: the caller
 * quotes that), and leaves n as cpe_name_init() does.
 */
int cpe_name_parse(struct cpe_name *n, const char *s, struct err *e);

/*
 * Check s as cpe_name_parse() does, without keeping (or allocating) the
 * name: 0, or ERR_PARSE with the same message.
 */
int cpe_name_check(const char *s, struct err *e);

/* True when s is a well-formed formatted string (no allocation). */
bool cpe_name_valid(const char *s);

/*
 * The formatted string of n (owned): the canonical binding, so that parsing
 * it again gives the same name and the same text. Letters keep their case
 * (the part's are lower-cased); punctuation other than '-', '.' and '_' is
 * quoted, whether or not the string parsed quoted it.
 */
char *cpe_name_format(const struct cpe_name *n);

/*
 * The formatted string of a name of part ('a', 'o', 'h'; 0: ANY) whose
 * vendor, product, version, ... are values[0..n) (literal text; NULL or
 * empty: ANY; the attributes past n ANY), owned. Each value is bound as
 * NISTIR 7695 binds a literal: lower-cased, white space and bytes outside
 * ASCII as '_' (CPE names have no spaces: "Example Company" is
 * "example_company"), punctuation other than '-', '.', '_' quoted with a
 * backslash, control characters dropped.
 */
char *cpe_name_build(char part, const char *const *values, size_t n);

/*
 * The formatted string of a CPE 2.2 URI ("cpe:/a:vendor:product:1.0",
 * percent-encoding decoded), owned, or NULL when uri is not one.
 */
char *cpe_uri_to_name(const char *uri);

/*
 * Relations of NISTIR 7696 between a source (the pattern, e.g. an NVD
 * criterion) and a target (e.g. an asset's name).
 */
enum cpe_relation {
	CPE_REL_EQUAL,     /* the same set of values */
	CPE_REL_SUPERSET,  /* source covers target */
	CPE_REL_SUBSET,    /* target covers source */
	CPE_REL_DISJOINT,  /* nothing in common */
	CPE_REL_UNDEFINED, /* the target has wildcards (attributes); none of
	                      the four above (names) */
};

/* "equal", "superset", "subset", "disjoint" or "undefined". */
const char *cpe_relation_name(enum cpe_relation r);

/*
 * The attribute comparison of NISTIR 7696 section 6.1.2 (table 6-2):
 *
 *   source       target        relation
 *   ANY          ANY           EQUAL
 *   ANY          NA            SUPERSET
 *   ANY          i             SUPERSET
 *   ANY          m + wild      UNDEFINED
 *   NA           ANY           SUBSET
 *   NA           NA            EQUAL
 *   NA           i             DISJOINT
 *   NA           m + wild      UNDEFINED
 *   i            i             EQUAL
 *   i            k             DISJOINT
 *   i            m + wild      UNDEFINED
 *   i            NA            DISJOINT
 *   i            ANY           SUBSET
 *   m1 + wild    m2            SUPERSET when m2 fits the pattern, else
 *                              DISJOINT
 *   m1 + wild    ANY           SUBSET
 *   m1 + wild    NA            DISJOINT
 *   m1 + wild    m2 + wild     UNDEFINED
 *
 * Strings compare case-blind. A pattern's '*' stands for any run of
 * characters, and a run of n '?' at an end for at most n characters (so
 * the compare_strings procedure of 7696 counts them).
 */
enum cpe_relation cpe_value_compare(const struct cpe_value *source,
                                    const struct cpe_value *target);

/*
 * The name comparison of NISTIR 7696 section 6.2: DISJOINT when any
 * attribute is DISJOINT; else EQUAL when all are EQUAL; else SUBSET when
 * all are SUBSET or EQUAL; else SUPERSET when all are SUPERSET or EQUAL;
 * else UNDEFINED (mixed or undefined attributes).
 */
enum cpe_relation cpe_name_compare(const struct cpe_name *source,
                                   const struct cpe_name *target);

/*
 * True when source matches target: every attribute comparison is SUPERSET
 * or EQUAL (the test NVD applies between a cpeMatch criterion and a name,
 * before the version bounds; see cpe_config.h).
 */
bool cpe_name_matches(const struct cpe_name *source,
                      const struct cpe_name *target);

/*
 * The index key of a name, for the store: how narrowly the names a source
 * may match can be looked up. Vendor and product are keyed when they are a
 * literal without wildcards (lower-cased) or NA ("-"):
 *
 *   CPE_SCAN_PRODUCT  vendor and product keyed: only targets with that
 *                     vendor and product can match;
 *   CPE_SCAN_VENDOR   vendor keyed, product ANY or a pattern: look up the
 *                     vendor, then test each candidate;
 *   CPE_SCAN_PART     vendor ANY or a pattern, part known: every target of
 *                     that part;
 *   CPE_SCAN_ALL      vendor and part ANY: every target.
 *
 * Keying targets (asset names) the same way is sound: by table 6-2 a target
 * whose vendor or product is ANY or a pattern never matches a source that
 * keys it (i vs ANY is SUBSET, anything vs m + wild is UNDEFINED), so it
 * only turns up in CPE_SCAN_PART and CPE_SCAN_ALL scans. The key narrows
 * the candidates; each must still be tested with cpe_match_satisfied().
 */
enum cpe_scan {
	CPE_SCAN_PRODUCT,
	CPE_SCAN_VENDOR,
	CPE_SCAN_PART,
	CPE_SCAN_ALL,
};

struct cpe_key {
	enum cpe_scan scan; /* how far the key narrows */
	char part;          /* 'a', 'o' or 'h'; 0 when ANY */
	char *vendor;       /* lower-case key, NULL unless PRODUCT or VENDOR
	                       (owned) */
	char *product;      /* lower-case key, NULL unless PRODUCT (owned) */
};

void cpe_key_init(struct cpe_key *k);
void cpe_key_release(struct cpe_key *k);

/* Fill k (initialized; what it held is released) with the key of n. */
void cpe_name_key(const struct cpe_name *n, struct cpe_key *k);

#endif
