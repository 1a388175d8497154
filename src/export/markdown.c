/*
 * The Markdown handover report: see include/centinela/export/markdown.h.
 *
 * The report is built in a strbuf and written with one fwrite, so a write
 * error is seen once, at the end.
 */
#include "centinela/export/markdown.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/sanitize.h"
#include "centinela/base/strbuf.h"
#include "centinela/base/timeutil.h"
#include "centinela/model/alert.h"
#include "centinela/model/enums.h"
#include "centinela/model/incident.h"

/* Characters escaped wherever they appear in a cell. */
static const char md_special[] = "\\`*_[]<>|#~";

/* Characters escaped when they start a cell (list, heading, image...). */
static const char md_leading[] = "-+=!";

/*
 * Append the line s[0..len) (sanitized, no line break) escaped so that
 * nothing in it is markup: see markdown.h.
 */
static void
escape_line(struct strbuf *out, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		strbuf_addch(out, s[i++]);
	if (i < len && strchr(md_leading, s[i])) {
		strbuf_addch(out, '\\');
	} else if (i < len && isdigit((unsigned char)s[i])) {
		/* "1." or "1)" would start an ordered list. */
		size_t d = i;

		while (d < len && isdigit((unsigned char)s[d]))
			d++;
		if (d < len && (s[d] == '.' || s[d] == ')')) {
			strbuf_add(out, s + i, d - i);
			strbuf_addch(out, '\\');
			i = d;
		}
	}
	for (; i < len; i++) {
		/* "://" would make a bare URL a link (GFM autolinks). */
		if (strchr(md_special, s[i]) ||
		    (s[i] == ':' && len - i > 2 && s[i + 1] == '/' &&
		     s[i + 2] == '/'))
			strbuf_addch(out, '\\');
		strbuf_addch(out, s[i]);
	}
}

void
markdown_cell(struct strbuf *out, const char *s)
{
	struct strbuf flat, clean;

	if (!s)
		return;
	strbuf_init(&flat);
	strbuf_init(&clean);
	for (const char *p = s; *p; p++)
		strbuf_addch(&flat, *p == '\n' || *p == '\r' ? ' ' : *p);
	sanitize_append(&clean, flat.buf, flat.len, 0);
	escape_line(out, clean.buf, clean.len);
	strbuf_release(&flat);
	strbuf_release(&clean);
}

static void
add_time(struct strbuf *out, int64_t t)
{
	char iso[TIME_ISO_MAX];

	if (!t)
		return;
	time_format_iso8601(t, iso);
	strbuf_adds(out, iso);
}

/* "and N more" with the command that lists them all; nothing if none. */
static void
add_more(struct strbuf *out, const char *entity, int64_t total, size_t n,
         const char *filter)
{
	if (total <= (int64_t)n)
		return;
	strbuf_addf(out, "\nand %lld more: `centinela list %s '%s'`\n",
	            (long long)(total - (int64_t)n), entity, filter);
}

static void
add_incidents(struct strbuf *out, const char *title,
              const struct markdown_incidents *s, bool has_sla, int64_t now)
{
	strbuf_addf(out, "\n## %s (%lld)\n\n", title, (long long)s->total);
	if (s->n == 0) {
		strbuf_adds(out, s->total ? "(not listed)\n" : "(none)\n");
		add_more(out, "incidents", s->total, 0, s->filter);
		return;
	}
	strbuf_adds(out,
	            "| Reference | Severity | Status | Title | Organization "
	            "| Assignee |");
	if (has_sla)
		strbuf_adds(out, " Due | SLA |");
	strbuf_adds(out, "\n|---|---|---|---|---|---|");
	if (has_sla)
		strbuf_adds(out, "---|---|");
	strbuf_addch(out, '\n');
	for (size_t i = 0; i < s->n; i++) {
		const struct incident *inc = &s->rows[i];

		strbuf_adds(out, "| ");
		markdown_cell(out, inc->reference);
		strbuf_addf(out, " | %s | %s | ", severity_name(inc->severity),
		            incident_status_name(inc->status));
		markdown_cell(out, inc->title);
		strbuf_adds(out, " | ");
		markdown_cell(out, inc->organization);
		strbuf_adds(out, " | ");
		markdown_cell(out, inc->assignee);
		strbuf_adds(out, " |");
		if (has_sla) {
			char sla[32];

			incident_sla_text(inc, now, sla, sizeof(sla));
			strbuf_adds(out, " ");
			add_time(out, inc->due_at);
			strbuf_adds(out, " | ");
			markdown_cell(out, sla);
			strbuf_adds(out, " |");
		}
		strbuf_addch(out, '\n');
	}
	add_more(out, "incidents", s->total, s->n, s->filter);
}

static void
add_alerts(struct strbuf *out, const struct markdown_alerts *s)
{
	strbuf_addf(out,
	            "\n## Unacknowledged alerts, high or critical (%lld)\n\n",
	            (long long)s->total);
	if (s->n == 0) {
		strbuf_adds(out, s->total ? "(not listed)\n" : "(none)\n");
		add_more(out, "alerts", s->total, 0, s->filter);
		return;
	}
	strbuf_adds(out, "| Id | Observed | Severity | Title | Feed "
	                 "| Organization |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct alert *a = &s->rows[i];

		strbuf_addf(out, "| %lld | ", (long long)a->meta.id);
		add_time(out, a->observed_at);
		strbuf_addf(out, " | %s | ", severity_name(a->severity));
		markdown_cell(out, a->title);
		strbuf_adds(out, " | ");
		markdown_cell(out, a->feed_name);
		strbuf_adds(out, " | ");
		markdown_cell(out, a->organization);
		strbuf_adds(out, " |\n");
	}
	add_more(out, "alerts", s->total, s->n, s->filter);
}

static void
add_kev_exposures(struct strbuf *out, const struct markdown_exposures *s)
{
	strbuf_addf(out, "\n## New KEV exposures (%lld)\n\n",
	            (long long)s->total);
	if (s->n == 0) {
		strbuf_adds(out, s->total ? "(not listed)\n" : "(none)\n");
		return;
	}
	strbuf_adds(out, "| Since | CVE | Asset | Criticality | Organization "
	                 "| Sector | KEV due |\n|---|---|---|---|---|---|---|"
	                 "\n");
	for (size_t i = 0; i < s->n; i++) {
		const struct markdown_exposure *x = &s->rows[i];

		strbuf_adds(out, "| ");
		add_time(out, x->kev_at);
		strbuf_adds(out, " | ");
		markdown_cell(out, x->cve_id);
		if (x->is_ransomware)
			strbuf_adds(out, " (ransomware)");
		strbuf_adds(out, " | ");
		markdown_cell(out, x->asset);
		strbuf_addf(out, " | %d | ", x->criticality);
		markdown_cell(out, x->organization);
		strbuf_adds(out, " | ");
		markdown_cell(out, x->sector);
		strbuf_adds(out, " | ");
		if (x->due_at) {
			char iso[TIME_ISO_MAX];

			time_format_iso8601(x->due_at, iso);
			strbuf_add(out, iso, 10); /* the day */
		}
		strbuf_adds(out, " |\n");
	}
	/* the rest among the KEV exposures, the highest priority first */
	add_more(out, "exposures", s->total, s->n, "kev:yes");
}

static void
add_outbox(struct strbuf *out, const struct markdown_handover *h)
{
	strbuf_addf(out,
	            "\n## Outbox\n\n- pending: %lld\n- failed: %lld\n"
	            "- conflicts: %lld\n",
	            (long long)h->outbox_pending, (long long)h->outbox_failed,
	            (long long)h->outbox_conflict);
	if (h->n_conflicts == 0)
		return;
	strbuf_adds(out, "\n| Entry | Entity | Row | Operation | Created "
	                 "| Error |\n|---|---|---|---|---|---|\n");
	for (size_t i = 0; i < h->n_conflicts; i++) {
		const struct markdown_conflict *o = &h->conflicts[i];

		strbuf_addf(out, "| %lld | ", (long long)o->id);
		markdown_cell(out, o->entity);
		strbuf_addf(out, " | %lld | ", (long long)o->entity_id);
		markdown_cell(out, o->operation);
		strbuf_adds(out, " | ");
		add_time(out, o->created_at);
		strbuf_adds(out, " | ");
		markdown_cell(out, o->last_error);
		strbuf_adds(out, " |\n");
	}
	if (h->outbox_conflict > (int64_t)h->n_conflicts)
		strbuf_addf(
		    out, "\nand %lld more: `centinela outbox`\n",
		    (long long)(h->outbox_conflict - (int64_t)h->n_conflicts));
}

/*
 * The note as a block quote of text: sanitized and escaped line by line,
 * so it carries no HTML, image, link or other markup (a report is read in
 * renderers that fetch images); its lines are kept, as hard breaks.
 */
static void
add_note(struct strbuf *out, const char *note)
{
	struct strbuf clean;
	const char *p, *end;

	strbuf_adds(out, "\n## Handover note\n\n");
	if (!note || !*note) {
		strbuf_adds(out, "(no note)\n");
		return;
	}
	strbuf_init(&clean);
	sanitize_append(&clean, note, strlen(note),
	                SANITIZE_KEEP_NEWLINE | SANITIZE_KEEP_TAB);
	p = clean.buf;
	end = clean.buf + clean.len;
	while (end > p && end[-1] == '\n')
		end--;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool is_empty = nl == p;

		strbuf_adds(out, is_empty ? ">" : "> "); /* empty line: ">" */
		escape_line(out, p, len);
		/* Two blanks end a line that another line follows. */
		if (!is_empty && nl && nl + 1 < end && nl[1] != '\n')
			strbuf_adds(out, "  ");
		strbuf_addch(out, '\n');
		p += len + (nl ? 1 : 0);
	}
	strbuf_release(&clean);
}

int
markdown_handover(FILE *fp, const struct markdown_handover *h, struct err *e)
{
	struct strbuf out;
	int rc = 0;

	strbuf_init(&out);
	strbuf_adds(&out, "# Shift handover\n\n- Window: ");
	add_time(&out, h->from);
	strbuf_adds(&out, " to ");
	add_time(&out, h->to);
	strbuf_adds(&out, " (UTC)\n- Analyst: ");
	if (h->analyst && *h->analyst)
		markdown_cell(&out, h->analyst);
	else
		strbuf_adds(&out, "(unknown)");
	strbuf_adds(&out, "\n- Cache: ");
	markdown_cell(&out, h->cache);
	strbuf_addch(&out, '\n');
	add_incidents(&out, "Incidents opened", &h->opened, false, h->to);
	add_incidents(&out, "Incidents resolved or closed", &h->closed, false,
	              h->to);
	add_incidents(&out, "Incidents changed", &h->changed, false, h->to);
	add_incidents(&out, "SLAs breached or due within 2h", &h->sla, true,
	              h->to);
	add_alerts(&out, &h->alerts);
	add_kev_exposures(&out, &h->kev_exposures);
	add_outbox(&out, h);
	add_note(&out, h->note);
	if (fwrite(out.buf, 1, out.len, fp) != out.len || fflush(fp))
		rc = err_set(e, ERR_IO, "cannot write the report");
	strbuf_release(&out);
	return rc;
}
