/* IP addresses: validation of IPv4/IPv6 addresses and CIDR blocks. */
#ifndef CENTINELA_BASE_INET_H
#define CENTINELA_BASE_INET_H

#include <stdbool.h>

/* True for a dotted IPv4 or an IPv6 address, with an optional "/prefix". */
bool inet_valid_addr(const char *s);

#endif
