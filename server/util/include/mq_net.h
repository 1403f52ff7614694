/* mq_net.h — client addresses as text: numeric IPv4 and IPv6 addresses,
 * lists of addresses and CIDR ranges (the [server] trusted_proxy key), the
 * client behind trusted reverse proxies (X-Forwarded-For), and the group an
 * address is counted in when throttling (an IPv6 client usually holds a
 * whole /64). Pure functions: no sockets, no name lookups. */
#ifndef MQ_NET_H
#define MQ_NET_H

#include <stdbool.h>
#include <stddef.h>

#define MQ_NET_ADDR_MAX 46     /* INET6_ADDRSTRLEN: an address as text, with its NUL */
#define MQ_NET_GROUP_MAX 64    /* a group key as text ("2001:db8:1:2::/64"), with its NUL */
#define MQ_NET_LIST_MAX 32     /* ranges in one list */

/** One address or CIDR range, in network byte order (IPv4 as 4 bytes). */
struct mq_net_range {
	unsigned char addr[16];
	int family;                /* 4 or 6 */
	unsigned int bits;         /* prefix length: 0..32 or 0..128 */
};

/** A list of ranges; zeroed memory is the empty list. */
struct mq_net_list {
	struct mq_net_range r[MQ_NET_LIST_MAX];
	size_t n;
};

/**
 * Parse @p text, comma-separated addresses and CIDR ranges ("10.0.0.1,
 * 192.168.0.0/16, ::1, fd00::/8"; blanks ignored; "" is the empty list)
 * into @p out. False, with what is wrong in @p why (@p size bytes), for an
 * entry that is no numeric address or range, or more than MQ_NET_LIST_MAX.
 */
bool mq_net_list_parse(const char *text, struct mq_net_list *out, char *why, size_t size);

/** True when @p addr (numeric; an IPv4-mapped IPv6 address counts as IPv4)
 *  lies in a range of @p list. False for NULL or a malformed address. */
bool mq_net_list_contains(const struct mq_net_list *list, const char *addr);

/** True when @p addr is a loopback address: 127.0.0.0/8 or ::1. */
bool mq_net_is_loopback(const char *addr);

/**
 * The client of a request from @p peer (the socket's address) that carried
 * the X-Forwarded-For header @p xff (may be NULL): @p peer itself unless it
 * is in @p trusted; otherwise the right-most address of @p xff that is not
 * itself in @p trusted (the left-most when all are), written into @p out.
 * A malformed entry met before that address makes the answer @p peer: what
 * a trusted proxy passes on may not be understood, but it is never believed
 * blindly. Returns @p out, or NULL when @p peer is NULL.
 */
const char *mq_net_client(const char *peer, const char *xff, const struct mq_net_list *trusted,
			  char out[MQ_NET_ADDR_MAX]);

/**
 * The group @p addr is throttled as, into @p out: an IPv4 address itself
 * (also when IPv4-mapped), an IPv6 address's /64 ("2001:db8:1:2::/64").
 * False (and @p out "") for a malformed address.
 */
bool mq_net_group(const char *addr, char out[MQ_NET_GROUP_MAX]);

#endif
