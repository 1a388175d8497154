/*
 * The verifier of exported audit trails (feed/audit_jsonl.c: its fast
 * path and its jansson path) on any bytes.
 */
#include "centinela/base/err.h"
#include "centinela/feed/audit_jsonl.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *bytes = fuzz_bytes(data, size);
	struct audit_jsonl_verify r;
	struct err e;

	(void)audit_jsonl_verify(bytes, size, &r, &e);
	free(bytes);
	return 0;
}
