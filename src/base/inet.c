/* IP validation: see include/centinela/base/inet.h. */
#include "centinela/base/inet.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

bool
inet_valid_addr(const char *s)
{
	unsigned char buf[16];
	char host[64];
	const char *slash = strchr(s, '/');
	size_t hlen = slash ? (size_t)(slash - s) : strlen(s);
	int af, max;

	if (hlen == 0 || hlen >= sizeof(host))
		return false;
	memcpy(host, s, hlen);
	host[hlen] = '\0';
	af = strchr(host, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(af, host, buf) != 1)
		return false;
	if (!slash)
		return true;
	max = af == AF_INET6 ? 128 : 32;
	const char *p = slash + 1;
	int n = 0;

	if (!*p || strlen(p) > 3)
		return false;
	for (; *p; p++) {
		if (!isdigit((unsigned char)*p))
			return false;
		n = n * 10 + (*p - '0');
	}
	return n <= max;
}
