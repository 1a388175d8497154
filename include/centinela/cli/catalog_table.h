/*
 * CLI tables of a list's rows by its catalog (app/columns.h): the columns a
 * catalog declares for the CLI (`centinela list`, the related lists of
 * `centinela show`), each cell from the catalog column it names.
 */
#ifndef CENTINELA_CLI_CATALOG_TABLE_H
#define CENTINELA_CLI_CATALOG_TABLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct cli_column;

/*
 * Print n rows (an array of the model structs of entity, enum
 * store_entity) at time now as a table of cols to fp, fitted to fp's
 * width. Returns 0 or ERR_IO on a write error.
 */
int catalog_table_print(int entity, const struct cli_column *cols,
                        size_t n_cols, const void *rows, size_t n, int64_t now,
                        FILE *fp);

#endif
