/* net.c — addresses, ranges, X-Forwarded-For and throttling groups (mq_net.h). */
#include "mq_net.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Parses a numeric address of at most @p n bytes at @p s into @p r (bits: full
 * length); an IPv4-mapped IPv6 address becomes IPv4. */
static bool parse_addr(const char *s, size_t n, struct mq_net_range *r)
{
	char text[MQ_NET_ADDR_MAX];

	if (n == 0 || n >= sizeof text)
		return false;
	memcpy(text, s, n);
	text[n] = '\0';
	memset(r, 0, sizeof *r);
	if (inet_pton(AF_INET, text, r->addr) == 1) {
		r->family = 4;
		r->bits = 32;
		return true;
	}
	if (inet_pton(AF_INET6, text, r->addr) != 1)
		return false;
	if (memcmp(r->addr, v4_mapped, sizeof v4_mapped) == 0) {
		memmove(r->addr, r->addr + 12, 4);
		memset(r->addr + 4, 0, 12);
		r->family = 4;
		r->bits = 32;
		return true;
	}
	r->family = 6;
	r->bits = 128;
	return true;
}

/* True when @p a lies in range @p r. */
static bool in_range(const struct mq_net_range *r, const struct mq_net_range *a)
{
	unsigned int full = r->bits / 8, rest = r->bits % 8;

	if (r->family != a->family)
		return false;
	if (memcmp(r->addr, a->addr, full) != 0)
		return false;
	if (rest == 0)
		return true;
	return ((r->addr[full] ^ a->addr[full]) & (unsigned char)(0xff << (8 - rest))) == 0;
}

/* Parses one entry "ADDR" or "ADDR/BITS" of @p n bytes into @p r. */
static bool parse_range(const char *s, size_t n, struct mq_net_range *r)
{
	const char *slash = memchr(s, '/', n);
	char *end;
	long bits;

	if (!parse_addr(s, slash ? (size_t)(slash - s) : n, r))
		return false;
	if (!slash)
		return true;
	if (slash + 1 == s + n || slash[1] < '0' || slash[1] > '9')
		return false;
	bits = strtol(slash + 1, &end, 10);
	if (end != s + n || bits < 0 || bits > (r->family == 4 ? 32 : 128))
		return false;
	r->bits = (unsigned int)bits;
	return true;
}

bool mq_net_list_parse(const char *text, struct mq_net_list *out, char *why, size_t size)
{
	const char *p = text ? text : "";

	memset(out, 0, sizeof *out);
	while (*p) {
		size_t n;
		const char *e;

		p += strspn(p, " \t,");
		n = strcspn(p, ",");
		e = p + n;
		while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (e == p) {
			p += n;
			continue;
		}
		if (out->n == MQ_NET_LIST_MAX) {
			snprintf(why, size, "more than %d addresses or ranges", MQ_NET_LIST_MAX);
			return false;
		}
		if (!parse_range(p, (size_t)(e - p), &out->r[out->n])) {
			snprintf(why, size, "'%.*s' is no numeric address or CIDR range",
				 (int)(e - p > 60 ? 60 : e - p), p);
			return false;
		}
		out->n++;
		p += n;
	}
	return true;
}

/* True when the parsed address @p a lies in a range of @p list. */
static bool contains(const struct mq_net_list *list, const struct mq_net_range *a)
{
	for (size_t i = 0; list && i < list->n; i++)
		if (in_range(&list->r[i], a))
			return true;
	return false;
}

bool mq_net_list_contains(const struct mq_net_list *list, const char *addr)
{
	struct mq_net_range a;

	return addr && parse_addr(addr, strlen(addr), &a) && contains(list, &a);
}

bool mq_net_is_loopback(const char *addr)
{
	static const struct mq_net_list loopback = {
		.r = { { .addr = { 127 }, .family = 4, .bits = 8 },
		       { .addr = { [15] = 1 }, .family = 6, .bits = 128 } },
		.n = 2,
	};

	return mq_net_list_contains(&loopback, addr);
}

/* Parses one X-Forwarded-For entry (blanks around it; "[v6]:port" and
 * "v4:port" as some proxies write them) into @p a, its text into @p out. */
static bool xff_entry(const char *s, size_t n, struct mq_net_range *a, char out[MQ_NET_ADDR_MAX])
{
	const char *colon;

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (n && s[0] == '[') {
		const char *close = memchr(s, ']', n);
		if (!close)
			return false;
		s++;
		n = (size_t)(close - s);
	} else if ((colon = memchr(s, ':', n)) && !memchr(colon + 1, ':', n - (size_t)(colon - s) - 1) &&
		   memchr(s, '.', (size_t)(colon - s))) {
		n = (size_t)(colon - s);   /* "1.2.3.4:5678" */
	}
	if (!parse_addr(s, n, a))
		return false;
	return inet_ntop(a->family == 4 ? AF_INET : AF_INET6, a->addr, out, MQ_NET_ADDR_MAX) != NULL;
}

const char *mq_net_client(const char *peer, const char *xff, const struct mq_net_list *trusted,
			  char out[MQ_NET_ADDR_MAX])
{
	const char *end;
	struct mq_net_range a;
	char entry[MQ_NET_ADDR_MAX];
	bool any = false;

	if (!peer)
		return NULL;
	snprintf(out, MQ_NET_ADDR_MAX, "%s", peer);
	if (!xff || !trusted || !mq_net_list_contains(trusted, peer))
		return out;
	/* right to left: each hop appended the address it received from */
	end = xff + strlen(xff);
	while (end > xff) {
		const char *start = end;

		while (start > xff && start[-1] != ',')
			start--;
		if (!xff_entry(start, (size_t)(end - start), &a, entry)) {
			snprintf(out, MQ_NET_ADDR_MAX, "%s", peer);
			return out;
		}
		snprintf(out, MQ_NET_ADDR_MAX, "%s", entry);
		any = true;
		if (!contains(trusted, &a))
			return out;
		end = start > xff ? start - 1 : xff;
	}
	if (!any)
		snprintf(out, MQ_NET_ADDR_MAX, "%s", peer);
	return out;
}

bool mq_net_group(const char *addr, char out[MQ_NET_GROUP_MAX])
{
	struct mq_net_range a;
	char text[MQ_NET_ADDR_MAX];

	out[0] = '\0';
	if (!addr || !parse_addr(addr, strlen(addr), &a))
		return false;
	if (a.family == 6)
		memset(a.addr + 8, 0, 8);
	if (!inet_ntop(a.family == 4 ? AF_INET : AF_INET6, a.addr, text, sizeof text))
		return false;
	snprintf(out, MQ_NET_GROUP_MAX, "%s%s", text, a.family == 6 ? "/64" : "");
	return true;
}
