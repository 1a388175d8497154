/*
 * Row readers: see rows.h. Each reads its columns in the order of its
 * column list; the enum columns hold canonical names or integers that the
 * schema's CHECK constraints keep in range.
 */
#include "rows.h"

#include "internal.h"

int
store_row_read_meta(sqlite3_stmt *st, int first_col, struct record_meta *m)
{
	int col = first_col;
	enum local_state ls = LOCAL_SYNCED;

	m->id = sqlite3_column_int64(st, col++);
	m->source = store_col_text(st, col++);
	m->remote_id = store_col_text(st, col++);
	m->version = sqlite3_column_int64(st, col++);
	(void)local_state_parse((const char *)sqlite3_column_text(st, col++),
	                        &ls);
	m->local_state = ls;
	m->created_at = sqlite3_column_int64(st, col++);
	m->updated_at = sqlite3_column_int64(st, col++);
	return col;
}

/* Reads the columns of a struct record_meta: 7 columns from *col. */
static void
read_meta(sqlite3_stmt *st, int *col, struct record_meta *m)
{
	*col = store_row_read_meta(st, *col, m);
}

static int64_t
col_int(sqlite3_stmt *st, int *col)
{
	return sqlite3_column_int64(st, (*col)++);
}

static char *
col_text(sqlite3_stmt *st, int *col)
{
	return store_col_text(st, (*col)++);
}

static const char *
col_peek(sqlite3_stmt *st, int *col)
{
	return (const char *)sqlite3_column_text(st, (*col)++);
}

int
store_row_read_incident(sqlite3_stmt *st, int first_col, struct incident *out)
{
	int col = first_col;
	enum incident_status status = INCIDENT_NEW;

	read_meta(st, &col, &out->meta);
	out->reference = col_text(st, &col);
	out->title = col_text(st, &col);
	out->description = col_text(st, &col);
	out->category = col_text(st, &col);
	out->category_type = col_text(st, &col);
	out->severity = (enum severity)col_int(st, &col);
	out->priority = (int)col_int(st, &col);
	(void)incident_status_parse(col_peek(st, &col), &status);
	out->status = status;
	out->tlp = (enum tlp)col_int(st, &col);
	out->pap = (enum pap)col_int(st, &col);
	out->assignee = col_text(st, &col);
	out->organization_id = col_int(st, &col);
	out->organization = col_text(st, &col);
	out->sector = col_text(st, &col);
	out->opened_at = col_int(st, &col);
	out->first_response_at = col_int(st, &col);
	out->due_at = col_int(st, &col);
	out->closed_at = col_int(st, &col);
	out->sla_paused_s = col_int(st, &col);
	out->waiting_since = col_int(st, &col);
	return col;
}

int
store_row_read_alert(sqlite3_stmt *st, int first_col, struct alert *out)
{
	int col = first_col;
	enum alert_status status = ALERT_NEW;

	read_meta(st, &col, &out->meta);
	out->title = col_text(st, &col);
	out->description = col_text(st, &col);
	out->severity = (enum severity)col_int(st, &col);
	out->tlp = (enum tlp)col_int(st, &col);
	out->taxonomy_class = col_text(st, &col);
	out->taxonomy_type = col_text(st, &col);
	out->feed_name = col_text(st, &col);
	out->feed_provider = col_text(st, &col);
	out->observed_at = col_int(st, &col);
	out->received_at = col_int(st, &col);
	(void)alert_status_parse(col_peek(st, &col), &status);
	out->status = status;
	out->organization_id = col_int(st, &col);
	out->organization = col_text(st, &col);
	out->sector = col_text(st, &col);
	out->asset_id = col_int(st, &col);
	out->asset = col_text(st, &col);
	out->incident_id = col_int(st, &col);
	out->incident_ref = col_text(st, &col);
	out->event_hash = col_text(st, &col);
	return col;
}

int
store_row_read_asset(sqlite3_stmt *st, int first_col, struct asset *out)
{
	int col = first_col;
	enum asset_kind kind = ASSET_OTHER;

	read_meta(st, &col, &out->meta);
	out->name = col_text(st, &col);
	out->organization_id = col_int(st, &col);
	out->organization = col_text(st, &col);
	out->sector = col_text(st, &col);
	(void)asset_kind_parse(col_peek(st, &col), &kind);
	out->kind = kind;
	out->criticality = (int)col_int(st, &col);
	out->hostname = col_text(st, &col);
	out->ip = col_text(st, &col);
	out->location = col_text(st, &col);
	out->vendor = col_text(st, &col);
	out->product = col_text(st, &col);
	out->product_version = col_text(st, &col);
	return col;
}

int
store_row_read_organization(sqlite3_stmt *st, int first_col,
                            struct organization *out)
{
	int col = first_col;

	read_meta(st, &col, &out->meta);
	out->name = col_text(st, &col);
	out->sector = col_text(st, &col);
	out->region = col_text(st, &col);
	out->contact = col_text(st, &col);
	out->abuse_contact = col_text(st, &col);
	out->open_incidents = col_int(st, &col);
	return col;
}

/* A REAL column; NULL (unknown) reads as -1. */
static double
col_real(sqlite3_stmt *st, int *col)
{
	int c = (*col)++;

	return sqlite3_column_type(st, c) == SQLITE_NULL
	           ? -1
	           : sqlite3_column_double(st, c);
}

int
store_row_read_vulnerability(sqlite3_stmt *st, int first_col,
                             struct vulnerability *out)
{
	int col = first_col;

	read_meta(st, &col, &out->meta);
	out->cve_id = col_text(st, &col);
	out->vendor = col_text(st, &col);
	out->product = col_text(st, &col);
	out->title = col_text(st, &col);
	out->description = col_text(st, &col);
	out->cvss_score = col_real(st, &col);
	out->cvss_vector = col_text(st, &col);
	out->is_kev = col_int(st, &col) != 0;
	out->kev_added_at = col_int(st, &col);
	out->kev_due_at = col_int(st, &col);
	out->kev_action = col_text(st, &col);
	out->is_ransomware = col_int(st, &col) != 0;
	out->epss = col_real(st, &col);
	out->epss_percentile = col_real(st, &col);
	out->published_at = col_int(st, &col);
	out->epss_prev = col_real(st, &col);
	out->epss_at = col_int(st, &col);
	out->kev_removed_at = col_int(st, &col);
	out->description_es = col_text(st, &col);
	out->vuln_status = col_text(st, &col);
	out->source_identifier = col_text(st, &col);
	out->last_modified_at = col_int(st, &col);
	return col;
}

int
store_row_read_exposure(sqlite3_stmt *st, int first_col, struct exposure *out)
{
	int col = first_col;

	read_meta(st, &col, &out->meta);
	out->asset_id = col_int(st, &col);
	out->asset = col_text(st, &col);
	out->organization_id = col_int(st, &col);
	out->organization = col_text(st, &col);
	out->sector = col_text(st, &col);
	out->criticality = (int)col_int(st, &col);
	out->sector_weight = (int)col_int(st, &col);
	out->vulnerability_id = col_int(st, &col);
	out->cve_id = col_text(st, &col);
	out->title = col_text(st, &col);
	out->cpe = col_text(st, &col);
	out->is_kev = col_int(st, &col) != 0;
	out->is_ransomware = col_int(st, &col) != 0;
	out->kev_due_at = col_int(st, &col);
	out->epss = col_real(st, &col);
	out->cvss = col_real(st, &col);
	out->priority = (int)col_int(st, &col);
	out->matched_at = col_int(st, &col);
	return col;
}
