/*
 * The fields of a bulletin's recipient (model/recipient.h) in JSON and
 * CSV: `centinela bulletin recipients REF --format csv|json` and the
 * "recipients" member of `show REF --format json`. The CSV columns are
 * what a mail tool needs; the JSON adds the reasons as words and the
 * exposed assets and CVEs.
 */
#include <stddef.h>

#include "centinela/base/array.h"
#include "centinela/export/export.h"
#include "centinela/model/recipient.h"

static const struct export_field recipient_fields[] = {
    EXPORT_F(recipient, "organization", TEXT, organization),
    EXPORT_F(recipient, "sector", TEXT, sector),
    EXPORT_F(recipient, "contact_name", TEXT, contact_name),
    EXPORT_F(recipient, "email", TEXT, email),
    EXPORT_F(recipient, "phone", TEXT, phone),
    EXPORT_F(recipient, "abuse_contact", TEXT, abuse_contact),
    EXPORT_F(recipient, "reason", TEXT, reason),
    EXPORT_FD(recipient, "region", TEXT, region),
    EXPORT_FD(recipient, "contact", TEXT, contact),
    EXPORT_FD(recipient, "reasons", STRVEC, reasons),
    EXPORT_FD(recipient, "exposed_assets", INT64, exposed_assets),
    EXPORT_FD(recipient, "cves", STRVEC, cves),
};

const struct export_table export_recipient_table = {
    recipient_fields,
    ARRAY_SIZE(recipient_fields),
};
