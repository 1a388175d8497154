/*
 * What the files of the outbox (outbox.c, outbox_read.c,
 * outbox_record.c) share. Not a public header.
 */
#ifndef CENTINELA_STORE_OUTBOX_INTERNAL_H
#define CENTINELA_STORE_OUTBOX_INTERNAL_H

#include "centinela/model/outbox_edit.h"

struct err;

/* 0 for a state of enum outbox_state; else ERR_INVALID naming them. */
int store_outbox_state_check(enum outbox_state state, struct err *e);

/* SQL: an outbox row that makes an incident at the server when applied. */
#define OUTBOX_CREATES_INCIDENT                                                \
	"((entity = 'incident' AND operation = 'create') OR (entity = "        \
	"'alert' AND operation = 'promote' AND json_valid(payload) AND "       \
	"json_type(payload, '$.incident') = 'object'))"

#endif
