/* Helpers shared by the unit tests. */
#ifndef CENTINELA_TESTS_TESTUTIL_H
#define CENTINELA_TESTS_TESTUTIL_H

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
/* Integer result of a one-value query on the store's connection. */
long long test_store_int(struct store *s, const char *sql);
/* The fixtures folder ($CENTINELA_FIXTURES), or NULL when absent. */
const char *test_fixtures(void);

#endif
