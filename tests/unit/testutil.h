/* Helpers shared by the unit tests. */
#ifndef CENTINELA_TESTS_TESTUTIL_H
#define CENTINELA_TESTS_TESTUTIL_H

#include <stdbool.h>

#include "store/exposure_internal.h" /* EXPOSURE_PRIORITY_OF */

struct feed_batch;
struct store;

/* A fresh private temporary folder (owned path; remove with test_rmtree). */
char *test_tmpdir(void);
/* Remove a folder made by test_tmpdir and free its path. */
void test_rmtree(char *dir);
/* "dir/name", owned. */
char *test_path(const char *dir, const char *name);
/* Write len bytes of data to dir/name; returns the owned path. */
char *test_write_file(const char *dir, const char *name, const char *data);
/* Run SQL on a database file through a separate connection; 0 on success. */
int test_sql(const char *path, const char *sql);
/* Value of PRAGMA name on the store's own connection (static buffer). */
const char *test_store_pragma(struct store *s, const char *name);
/*
 * Run SQL on the store's own connection, in a transaction of the store's
 * (store_begin/commit) unless one is open; 0 on success.
 */
int test_store_sql(struct store *s, const char *sql);
/* A store on :memory: holding organization 1 "CFE" (sector energy). */
struct store *test_store_with_org(void);
/* Integer result of a one-value query on the store's connection. */
long long test_store_int(struct store *s, const char *sql);
/*
 * SQL giving the exposure rows a test wrote by hand (priority 0) their
 * priority and kev_at, as the store's matching writes them (schema v8).
 */
#define TEST_SQL_EXPOSURE_TERMS_PRIORITY                                         \
	"(SELECT " EXPOSURE_PRIORITY_OF(                                         \
	    "v",                                                                 \
	    "a") " FROM vulnerability AS v, "                                    \
	         "asset AS a WHERE v.id = exposure.vulnerability_id AND a.id = " \
	         "exposure.asset_id)"
#define TEST_SQL_EXPOSURE_TERMS                                                \
	"UPDATE exposure SET priority = " TEST_SQL_EXPOSURE_TERMS_PRIORITY     \
	", kev_at = coalesce(kev_at, (SELECT exposure.matched_at FROM "        \
	"vulnerability WHERE id = exposure.vulnerability_id AND is_kev)) "     \
	"WHERE priority = 0;" TEST_SQL_EXPOSURE_RECOUNT
/*
 * The store counts the exposures it inserts into exposure_tally (schema
 * v9); a test that inserts them by hand counts them again.
 */
#define TEST_SQL_EXPOSURE_RECOUNT                                              \
	"DELETE FROM exposure_tally; INSERT INTO exposure_tally(sector, n, "   \
	"n_kev) SELECT a.sector, count(*), count(x.kev_at) FROM exposure AS "  \
	"x JOIN asset AS a ON a.id = x.asset_id GROUP BY 1;"
/*
 * For a test that inserts exposures by hand one by one: a temporary
 * trigger that counts each into exposure_tally as the store does.
 */
#define TEST_SQL_EXPOSURE_TALLY_TRIGGER                                        \
	"CREATE TEMP TRIGGER test_exposure_tally_ai AFTER INSERT ON "          \
	"main.exposure BEGIN INSERT INTO exposure_tally(sector, n, n_kev) "    \
	"SELECT sector, 1, new.kev_at IS NOT NULL FROM asset WHERE id = "      \
	"new.asset_id ON CONFLICT DO UPDATE SET n = n + 1, n_kev = n_kev + "   \
	"excluded.n_kev; END;"
/* The trigger schema v6 made and v12 dropped, as v6 wrote it. */
#define TEST_SQL_VULNERABILITY_EPSS_TRIGGER                                    \
	"CREATE TRIGGER vulnerability_epss AFTER INSERT ON vulnerability "     \
	"WHEN EXISTS (SELECT 1 FROM epss WHERE epss.cve_id = NEW.cve_id) "     \
	"BEGIN UPDATE vulnerability SET (epss, epss_percentile, epss_prev, "   \
	"epss_at) = (SELECT score, percentile, prev_score, scored_at FROM "    \
	"epss WHERE epss.cve_id = NEW.cve_id) WHERE id = NEW.id; END;"
/*
 * SQL taking a cache of the current schema back to version 13: vuln_match
 * without the column plain the v14 migration (src/store/schema_v14.sql.inc)
 * adds. TEST_SQL_BACK_TO_V12 begins with it.
 */
#define TEST_SQL_BACK_TO_V13                                                   \
	"ALTER TABLE vuln_match DROP COLUMN plain; PRAGMA user_version = 13;"
/*
 * SQL taking a cache of the current schema back to version 12: back to
 * 13 (TEST_SQL_BACK_TO_V13), then the
 * exposure table keyed and numbered by asset first again, as v7 to v12
 * had it, the v13 migration's work (src/store/schema_v13.sql.inc) undone
 * the way it does it. The SQL taking a cache further back
 * (TEST_SQL_BACK_TO_V9, ...) runs after this one.
 */
#define TEST_SQL_BACK_TO_V12                                                    \
	TEST_SQL_BACK_TO_V13                                                    \
	"CREATE TABLE exposure_v12 (asset_id INTEGER NOT NULL REFERENCES "      \
	"asset(id) ON DELETE CASCADE, vulnerability_id INTEGER NOT NULL "       \
	"REFERENCES vulnerability(id) ON DELETE CASCADE, cpe TEXT NOT NULL, "   \
	"matched_at INTEGER NOT NULL, confirmed_at INTEGER NOT NULL DEFAULT "   \
	"0, kev_at INTEGER, id INTEGER GENERATED ALWAYS AS (asset_id * "        \
	"4294967296 + vulnerability_id) VIRTUAL, priority INTEGER NOT NULL "    \
	"DEFAULT 0, PRIMARY KEY (asset_id, vulnerability_id)) WITHOUT ROWID;"   \
	"INSERT INTO exposure_v12(asset_id, vulnerability_id, cpe, "            \
	"matched_at, confirmed_at, kev_at, priority) SELECT asset_id, "         \
	"vulnerability_id, cpe, matched_at, confirmed_at, kev_at, priority "    \
	"FROM exposure; DROP TABLE exposure;"                                   \
	"PRAGMA legacy_alter_table = ON;"                                       \
	"ALTER TABLE exposure_v12 RENAME TO exposure;"                          \
	"PRAGMA legacy_alter_table = OFF;"                                      \
	"CREATE INDEX exposure_kev ON exposure(kev_at) WHERE kev_at IS NOT "    \
	"NULL; CREATE INDEX exposure_priority ON exposure(priority, id);"       \
	"CREATE INDEX exposure_matched ON exposure(matched_at, id);"            \
	"CREATE INDEX exposure_vuln_priority ON exposure(vulnerability_id, "    \
	"priority, id); CREATE INDEX exposure_asset_priority ON "               \
	"exposure(asset_id, priority, id);"                                     \
	"CREATE TRIGGER exposure_tally_ad AFTER DELETE ON exposure BEGIN "      \
	"UPDATE exposure_tally SET n = n - 1, n_kev = n_kev - (old.kev_at IS "  \
	"NOT NULL) WHERE sector = (SELECT sector FROM asset WHERE id = "        \
	"old.asset_id); END;"                                                   \
	"CREATE TRIGGER exposure_tally_au AFTER UPDATE OF asset_id, kev_at ON " \
	"exposure BEGIN SELECT 1; END; PRAGMA user_version = 12;"
/*
 * SQL taking a cache of the current schema back to version 9: the trigger
 * the v12 migration (src/store/schema_v12.sql.inc) dropped, made again
 * (version 11 differs from 10 only by its checks' form); the tables of a
 * CVE's details the v10 migration (src/store/schema_v10.sql.inc) folded
 * into vuln_detail and vuln_match, made again empty (with their v9
 * columns and indexes), those two dropped, and the index it drops made
 * again. The SQL taking a cache further back runs after this one (a
 * string literal of both would pass the length C17 compilers must take).
 */
#define TEST_SQL_BACK_TO_V9                                                    \
	TEST_SQL_VULNERABILITY_EPSS_TRIGGER                                    \
	"CREATE TABLE vuln_cpe (id INTEGER PRIMARY KEY, vulnerability_id "     \
	"INTEGER NOT NULL REFERENCES vulnerability(id) ON DELETE CASCADE, "    \
	"criteria TEXT NOT NULL, version_start_incl TEXT, version_start_excl " \
	"TEXT, version_end_incl TEXT, version_end_excl TEXT, is_vulnerable "   \
	"INTEGER NOT NULL DEFAULT 1, node_id INTEGER, match_criteria_id "      \
	"TEXT, part TEXT, vendor TEXT, product TEXT);"                         \
	"CREATE INDEX vuln_cpe_vuln ON vuln_cpe(vulnerability_id);"            \
	"CREATE INDEX vuln_cpe_product ON vuln_cpe(vendor, product);"          \
	"CREATE TABLE vuln_config (id INTEGER PRIMARY KEY, vulnerability_id "  \
	"INTEGER NOT NULL REFERENCES vulnerability(id) ON DELETE CASCADE, "    \
	"ord INTEGER NOT NULL, operator TEXT NOT NULL CHECK (operator IN "     \
	"('OR','AND')), negate INTEGER NOT NULL DEFAULT 0, UNIQUE "            \
	"(vulnerability_id, ord));"                                            \
	"CREATE TABLE vuln_node (id INTEGER PRIMARY KEY, config_id INTEGER "   \
	"NOT NULL REFERENCES vuln_config(id) ON DELETE CASCADE, ord INTEGER "  \
	"NOT NULL, operator TEXT NOT NULL CHECK (operator IN ('OR','AND')), "  \
	"negate INTEGER NOT NULL DEFAULT 0, UNIQUE (config_id, ord));"         \
	"CREATE TABLE vuln_metric (vulnerability_id INTEGER NOT NULL "         \
	"REFERENCES vulnerability(id) ON DELETE CASCADE, ord INTEGER NOT "     \
	"NULL, version TEXT NOT NULL, vector TEXT NOT NULL, base_score REAL "  \
	"NOT NULL CHECK (base_score BETWEEN 0 AND 10), severity TEXT, source " \
	"TEXT, is_primary INTEGER NOT NULL, PRIMARY KEY (vulnerability_id, "   \
	"ord)) WITHOUT ROWID;"                                                 \
	"CREATE TABLE vuln_reference (vulnerability_id INTEGER NOT NULL "      \
	"REFERENCES vulnerability(id) ON DELETE CASCADE, ord INTEGER NOT "     \
	"NULL, url TEXT NOT NULL, source TEXT, tags TEXT, PRIMARY KEY "        \
	"(vulnerability_id, ord)) WITHOUT ROWID;"                              \
	"DROP TABLE vuln_detail; DROP TABLE vuln_match;"                       \
	"CREATE UNIQUE INDEX vulnerability_remote ON vulnerability(source, "   \
	"remote_id) WHERE remote_id IS NOT NULL;"                              \
	"PRAGMA user_version = 9;"
/*
 * SQL taking a cache of the current schema back to version 8: what the v9
 * migration (src/store/schema_v9.sql.inc) adds, dropped (its widened
 * bulletin_remediation and bulletin_note stay: their checks only widened),
 * and the exposure insert trigger it dropped, made again (shortened: it
 * is there to be dropped). Further back only its table goes: v8 drops or
 * rebuilds the tables the rest is in, and adds the trigger.
 */
#define TEST_SQL_BACK_TO_V8                                                    \
	"DROP TABLE csaf_seen;"                                                \
	"DROP TABLE exposure_vex; DROP INDEX bulletin_product_cpe;"            \
	"ALTER TABLE bulletin_product DROP COLUMN cpe_vendor;"                 \
	"ALTER TABLE bulletin_product DROP COLUMN cpe_product;"                \
	"ALTER TABLE bulletin DROP COLUMN tracking_version;"                   \
	"ALTER TABLE bulletin DROP COLUMN tracking_date;"                      \
	"CREATE TRIGGER exposure_tally_ai AFTER INSERT ON exposure BEGIN "     \
	"SELECT 1; END; PRAGMA user_version = 8;"
/*
 * SQL taking a cache of the current schema back to version 7: the indexes
 * and triggers the v8 migration (src/store/schema_v8.sql.inc) dropped,
 * made again (the triggers shortened: they are there to be dropped
 * further back; a test of a v7 cache that inserts exposures runs
 * TEST_SQL_EXPOSURE_TERMS), and the tables and triggers it adds, dropped
 * (the bulletin table it rebuilds keeps its columns, which the migration
 * copies again).
 */
#define TEST_SQL_BACK_TO_V7                                                     \
	"DROP TABLE exposure_vex; DROP TABLE csaf_seen;"                        \
	"CREATE INDEX vuln_cpe_criteria ON vuln_cpe(criteria);"                 \
	"CREATE INDEX vuln_cpe_node ON vuln_cpe(node_id) WHERE node_id IS NOT " \
	"NULL; CREATE INDEX exposure_vuln ON exposure(vulnerability_id);"       \
	"CREATE TRIGGER exposure_kev_ai AFTER INSERT ON exposure BEGIN "        \
	"SELECT 1; END; CREATE TRIGGER exposure_priority_new AFTER INSERT ON "  \
	"exposure BEGIN SELECT 1; END;"                                         \
	"DROP TRIGGER exposure_tally_ad; DROP TRIGGER exposure_tally_au;"       \
	"DROP TRIGGER exposure_tally_asset_bd;"                                 \
	"DROP TRIGGER exposure_tally_asset_au; DROP TABLE exposure_tally;"      \
	"DROP INDEX vulnerability_kev_due;"                                     \
	"DROP TABLE bulletin_revision; DROP TABLE bulletin_product;"            \
	"DROP TABLE bulletin_product_status; DROP TABLE bulletin_remediation;"  \
	"DROP TABLE bulletin_link; DROP TABLE bulletin_note;"                   \
	"DROP TABLE bulletin_ack; DROP TABLE bulletin_organization;"            \
	"DROP TRIGGER vulnerability_fts_ai; DROP TRIGGER vulnerability_fts_ad;" \
	"DROP TRIGGER vulnerability_fts_au; DROP TABLE vulnerability_fts;"      \
	"DELETE FROM fts_pending WHERE tbl = 4;"                                \
	"PRAGMA user_version = 7;"
/*
 * SQL taking a cache of the current schema back to version 6: what the v7
 * migration (src/store/schema_v7.sql.inc) and later ones add, dropped.
 */
#define TEST_SQL_BACK_TO_V6                                                    \
	TEST_SQL_BACK_TO_V7                                                    \
	"DROP TRIGGER exposure_priority_new;"                                  \
	"DROP TRIGGER exposure_kev_ai; DROP TRIGGER vulnerability_kev_au;"     \
	"DROP INDEX exposure_kev; ALTER TABLE exposure DROP COLUMN kev_at;"    \
	"DROP TABLE exposure_alert; DROP TABLE exposure_rule;"                 \
	"DROP TABLE list_look; DROP TABLE source_request;"                     \
	"DROP INDEX exposure_priority; DROP INDEX exposure_matched;"           \
	"DROP INDEX exposure_vuln_priority;"                                   \
	"DROP INDEX exposure_asset_priority;"                                  \
	"DROP TRIGGER exposure_priority_vuln;"                                 \
	"DROP TRIGGER exposure_priority_asset;"                                \
	"DROP TRIGGER exposure_priority_sector;"                               \
	"ALTER TABLE exposure DROP COLUMN priority;"                           \
	"ALTER TABLE exposure DROP COLUMN id;"                                 \
	"ALTER TABLE sector DROP COLUMN priority_weight;"                      \
	"PRAGMA user_version = 6;"
/*
 * SQL taking a cache of the current schema back to version 5: what the v6
 * migration (src/store/schema_v6.sql.inc) and later ones add, dropped.
 */
#define TEST_SQL_BACK_TO_V5                                                     \
	TEST_SQL_BACK_TO_V6                                                     \
	"ALTER TABLE exposure DROP COLUMN confirmed_at;"                        \
	"DROP INDEX asset_cpe_product; ALTER TABLE asset_cpe DROP COLUMN part;" \
	"ALTER TABLE asset_cpe DROP COLUMN vendor;"                             \
	"ALTER TABLE asset_cpe DROP COLUMN product;"                            \
	"DROP TRIGGER epss_scored; DROP TRIGGER epss_rescored;"                 \
	"DROP TRIGGER vulnerability_epss; DROP INDEX vulnerability_epss;"       \
	"ALTER TABLE vulnerability DROP COLUMN epss_prev;"                      \
	"ALTER TABLE vulnerability DROP COLUMN epss_at; DROP TABLE epss;"       \
	"DROP TABLE catalog;"                                                   \
	"ALTER TABLE vulnerability DROP COLUMN kev_removed_at;"                 \
	"DROP INDEX vuln_cpe_node; DROP INDEX vuln_cpe_product;"                \
	"ALTER TABLE vuln_cpe DROP COLUMN node_id;"                             \
	"ALTER TABLE vuln_cpe DROP COLUMN match_criteria_id;"                   \
	"ALTER TABLE vuln_cpe DROP COLUMN part;"                                \
	"ALTER TABLE vuln_cpe DROP COLUMN vendor;"                              \
	"ALTER TABLE vuln_cpe DROP COLUMN product;"                             \
	"DROP TABLE vuln_node; DROP TABLE vuln_config;"                         \
	"DROP TABLE vuln_reference; DROP INDEX vuln_weakness_cwe;"              \
	"DROP TABLE vuln_weakness; DROP TABLE vuln_metric;"                     \
	"ALTER TABLE vulnerability DROP COLUMN description_es;"                 \
	"ALTER TABLE vulnerability DROP COLUMN vuln_status;"                    \
	"ALTER TABLE vulnerability DROP COLUMN source_identifier;"              \
	"ALTER TABLE vulnerability DROP COLUMN last_modified_at;"               \
	"PRAGMA user_version = 5;"
/*
 * SQL taking a cache of the current schema back to version 3: what the v4
 * migration (src/store/schema_v4.sql.inc) and later ones add, dropped (v5
 * adds no table or index).
 */
#define TEST_SQL_BACK_TO_V3                                                    \
	TEST_SQL_BACK_TO_V5 "DROP INDEX note_content; PRAGMA user_version = 3;"
/*
 * SQL taking a cache of the current schema back to version 2: what the v3
 * migration (src/store/schema_v3.sql.inc) and later ones add, dropped.
 */
#define TEST_SQL_BACK_TO_V2                                                    \
	TEST_SQL_BACK_TO_V3                                                    \
	"DROP TRIGGER incident_tally_ai; DROP TRIGGER incident_tally_ad;"      \
	"DROP TRIGGER incident_tally_au; DROP TABLE incident_tally;"           \
	"DROP TABLE incident_grid; DROP INDEX incident_open_due;"              \
	"DROP TRIGGER incident_reference_ai;"                                  \
	"DROP TRIGGER incident_reference_au; PRAGMA user_version = 2;"

/* The fixtures folder ($CENTINELA_FIXTURES), or NULL when absent. */
const char *test_fixtures(void);
/*
 * The running test cannot run here (a missing fixture, tool or device), for
 * the reason FMT says. Under CI (the CI environment variable non-empty) the
 * test fails with that reason, since a skipped test proves nothing; elsewhere
 * "SKIP test: reason" goes to standard error and the caller returns.
 */
void test_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The records of the NVD fixture nvd/api2_responses/NAME parsed into *b
 * (initialised here; source "nvd"), every one accepted; false, the test
 * skipped, when the fixtures are absent.
 */
bool test_nvd_records(const char *name, struct feed_batch *b);

#endif
