/*
 * SLA arithmetic: see include/centinela/model/sla.h. The targets are
 * seconds per severity; a deadline is one sum, and the state is read off
 * the deadline, the status and the pause bookkeeping.
 */
#include "centinela/model/sla.h"

#include <stdio.h>
#include <string.h>

#include "centinela/base/err.h"
#include "centinela/base/timeutil.h"

#define MINUTE 60
#define HOUR   3600
#define DAY    86400

void
sla_targets_default(struct sla_targets *t)
{
	memset(t, 0, sizeof(*t));
	t->response[SEVERITY_CRITICAL] = 30 * MINUTE;
	t->resolution[SEVERITY_CRITICAL] = 4 * HOUR;
	t->response[SEVERITY_HIGH] = 1 * HOUR;
	t->resolution[SEVERITY_HIGH] = 24 * HOUR;
	t->response[SEVERITY_MEDIUM] = 4 * HOUR;
	t->resolution[SEVERITY_MEDIUM] = 3 * DAY;
	t->response[SEVERITY_LOW] = 1 * DAY;
	t->resolution[SEVERITY_LOW] = 7 * DAY;
	t->response[SEVERITY_INFO] = 3 * DAY;
	t->resolution[SEVERITY_INFO] = 30 * DAY;
}

bool
sla_targets_equal(const struct sla_targets *a, const struct sla_targets *b)
{
	for (int i = SEVERITY_INFO; i <= SEVERITY_CRITICAL; i++)
		if (a->response[i] != b->response[i] ||
		    a->resolution[i] != b->resolution[i])
			return false;
	return true;
}

int
sla_setting_parse(const char *name, enum severity *severity,
                  bool *is_resolution)
{
	char sev[16];
	const char *dot;
	size_t len;

	if (!name || strncmp(name, "sla.", 4) != 0)
		return ERR_PARSE;
	name += 4;
	dot = strchr(name, '.');
	if (!dot || (len = (size_t)(dot - name)) == 0 || len >= sizeof(sev))
		return ERR_PARSE;
	memcpy(sev, name, len);
	sev[len] = '\0';
	if (severity_parse(sev, severity) < 0)
		return ERR_PARSE;
	if (strcmp(dot + 1, "response") == 0)
		*is_resolution = false;
	else if (strcmp(dot + 1, "resolution") == 0)
		*is_resolution = true;
	else
		return ERR_PARSE;
	return 0;
}

enum sla_phase
sla_phase_of(const struct sla_clock *c)
{
	return c->first_response_at ? SLA_PHASE_RESOLUTION : SLA_PHASE_RESPONSE;
}

/* The active target of c, 0 when the severity is out of range. */
static int64_t
active_target(const struct sla_clock *c, const struct sla_targets *t)
{
	if (c->severity < SEVERITY_INFO || c->severity > SEVERITY_CRITICAL)
		return 0;
	return sla_phase_of(c) == SLA_PHASE_RESPONSE
	           ? t->response[c->severity]
	           : t->resolution[c->severity];
}

int64_t
sla_due(const struct sla_clock *c, const struct sla_targets *t)
{
	int64_t target = active_target(c, t);

	return target > 0 ? c->opened_at + c->paused_s + target : 0;
}

void
sla_clock_set_status(struct sla_clock *c, enum incident_status to, int64_t now)
{
	bool was_waiting = c->status == INCIDENT_WAITING;
	bool is_waiting = to == INCIDENT_WAITING;

	if (was_waiting && !is_waiting) {
		if (c->waiting_since && now > c->waiting_since)
			c->paused_s += now - c->waiting_since;
		c->waiting_since = 0;
	} else if (!was_waiting && is_waiting) {
		c->waiting_since = now;
	}
	c->status = to;
}

void
sla_evaluate(int64_t due_at, enum incident_status status, int64_t waiting_since,
             int64_t closed_at, int64_t target, int64_t now,
             struct sla_result *out)
{
	int64_t at = now;

	memset(out, 0, sizeof(*out));
	out->due_at = due_at;
	out->target = target;
	if (!due_at)
		return;
	if (incident_status_is_final(status)) {
		at = closed_at ? closed_at : now;
		out->left = due_at - at;
		out->state = out->left >= 0 ? SLA_MET : SLA_MISSED;
		return;
	}
	if (status == INCIDENT_WAITING) {
		out->is_paused = true;
		if (waiting_since)
			at = waiting_since;
	}
	out->left = due_at - at;
	if (out->left < 0)
		out->state = SLA_BREACHED;
	else
		out->state = out->is_paused ? SLA_PAUSED : SLA_RUNNING;
}

void
sla_compute(const struct sla_clock *c, const struct sla_targets *t, int64_t now,
            struct sla_result *out)
{
	sla_evaluate(sla_due(c, t), c->status, c->waiting_since, c->closed_at,
	             active_target(c, t), now, out);
}

bool
sla_is_near(const struct sla_result *r)
{
	if (r->state != SLA_RUNNING && r->state != SLA_PAUSED)
		return false;
	return r->target > 0 && r->left * 100 <= r->target * SLA_NEAR_PERCENT;
}

void
sla_format(const struct sla_result *r, char *out, size_t outsz)
{
	char age[16];
	int64_t left = r->left;

	if (!outsz)
		return;
	out[0] = '\0';
	switch (r->state) {
	case SLA_NONE:
		return;
	case SLA_MET:
		snprintf(out, outsz, "met");
		return;
	case SLA_MISSED:
		snprintf(out, outsz, "missed");
		return;
	case SLA_RUNNING:
	case SLA_PAUSED:
	case SLA_BREACHED:
		break;
	}
	time_format_age(left >= 0 ? left : -left, age, sizeof(age));
	snprintf(out, outsz, "%s%s%s", left >= 0 ? "" : "-", age,
	         r->is_paused ? " paused" : "");
}
