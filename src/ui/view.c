/*
 * The table of views, in tab order: adding a view is one line here. The
 * conflicts come last and only once there are some (the outbox once an
 * entry failed), the dashboard and the
 * audit trail only once asked for (is_on_demand: a tab added after the
 * others), so that the numbers of the other tabs never move.
 */
#include "internal.h"

static const struct view_ops *const views[] = {
    &view_incidents_ops,     &view_alerts_ops,    &view_assets_ops,
    &view_organizations_ops, &view_help_ops,      &view_vulnerabilities_ops,
    &view_conflicts_ops,     &view_dashboard_ops, &view_audit_ops,
    &view_outbox_ops,
};

bool
ui_view_is_list(const struct view_ops *ops)
{
	return ops->entity >= 0 || ops->fetch;
}

size_t
view_count(void)
{
	return sizeof(views) / sizeof(views[0]);
}

const struct view_ops *
view_at(size_t i)
{
	return i < view_count() ? views[i] : NULL;
}

const struct view_ops *
view_for_entity(int entity)
{
	for (size_t i = 0; i < view_count(); i++)
		if (views[i]->entity == entity)
			return views[i];
	return NULL;
}
