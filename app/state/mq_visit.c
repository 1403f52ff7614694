/* mq_visit.c — booking and check-in rules (mq_visit.h). */
#include "mq_visit.h"

#include <stdio.h>
#include <string.h>

int mq_visit_slot_free(int state_free, int pending)
{
	int n = state_free - (pending > 0 ? pending : 0);

	return n > 0 ? n : 0;
}

bool mq_visit_slot_offered(int64_t start, int64_t now)
{
	return start > now;
}

void mq_visit_member_number(const char *key, char *out, size_t size)
{
	const char *dash = key ? strrchr(key, '-') : NULL;
	const char *d = dash ? dash + 1 : "";

	if (!*d || strspn(d, "0123456789") != strlen(d))
		d = "";
	snprintf(out, size, "%s", d);
}

/* Digits without leading zeros ("007" → "7", "0" → "0"). */
static const char *strip_zeros(const char *s)
{
	while (s[0] == '0' && s[1])
		s++;
	return s;
}

bool mq_visit_member_number_matches(const char *key, const char *typed)
{
	char num[32];

	mq_visit_member_number(key, num, sizeof(num));
	if (!num[0] || !typed || !*typed || strspn(typed, "0123456789") != strlen(typed))
		return false;
	return strcmp(strip_zeros(num), strip_zeros(typed)) == 0;
}

static int find(const struct mq_visit_pin_guard *g, const char *member)
{
	for (int i = 0; i < MQ_VISIT_PIN_GUARD_MAX; i++)
		if (g->e[i].member[0] && strcmp(g->e[i].member, member) == 0)
			return i;
	return -1;
}

int64_t mq_visit_pin_guard_wait(const struct mq_visit_pin_guard *g, const char *member, int64_t now)
{
	int64_t until = g->pad_locked_until;
	int i = member && *member ? find(g, member) : -1;

	if (i >= 0 && g->e[i].locked_until > until)
		until = g->e[i].locked_until;
	return until > now ? until - now : 0;
}

int mq_visit_pin_guard_fail(struct mq_visit_pin_guard *g, const char *member, int64_t now)
{
	int i = find(g, member ? member : "");

	if (i < 0) {
		/* a free entry, else one whose lock is over, else the first */
		for (i = 0; i < MQ_VISIT_PIN_GUARD_MAX && g->e[i].member[0]; i++)
			;
		if (i == MQ_VISIT_PIN_GUARD_MAX)
			for (i = 0; i < MQ_VISIT_PIN_GUARD_MAX - 1 && g->e[i].locked_until > now; i++)
				;
		memset(&g->e[i], 0, sizeof(g->e[i]));
		snprintf(g->e[i].member, sizeof(g->e[i].member), "%s", member ? member : "");
	}
	if (g->e[i].locked_until && g->e[i].locked_until <= now) {
		g->e[i].locked_until = 0;       /* the lock is over: a fresh count */
		g->e[i].fails = 0;
	}
	if (++g->e[i].fails < MQ_VISIT_PIN_TRIES)
		return MQ_VISIT_PIN_TRIES - g->e[i].fails;
	g->e[i].fails = 0;
	g->e[i].locked_until = now + MQ_VISIT_PIN_LOCK_MS;
	g->pad_locked_until = now + MQ_VISIT_PIN_LOCK_MS;
	return 0;
}

void mq_visit_pin_guard_ok(struct mq_visit_pin_guard *g, const char *member)
{
	int i = find(g, member ? member : "");

	if (i >= 0)
		memset(&g->e[i], 0, sizeof(g->e[i]));
}

int64_t mq_visit_code_guard_wait(const struct mq_visit_code_guard *g, int64_t now)
{
	return g->locked_until > now ? g->locked_until - now : 0;
}

int mq_visit_code_guard_miss(struct mq_visit_code_guard *g, int64_t now)
{
	int64_t lock = MQ_VISIT_CODE_LOCK_MS;

	if (g->last_miss && now - g->last_miss > MQ_VISIT_CODE_FORGET_MS)
		memset(g, 0, sizeof(*g));       /* quiet for long: a fresh start */
	g->last_miss = now;
	if (++g->misses < MQ_VISIT_CODE_TRIES)
		return MQ_VISIT_CODE_TRIES - g->misses;
	for (int i = 0; i < g->locks && lock < MQ_VISIT_CODE_LOCK_MAX_MS; i++)
		lock *= 2;
	if (lock > MQ_VISIT_CODE_LOCK_MAX_MS)
		lock = MQ_VISIT_CODE_LOCK_MAX_MS;
	g->misses = 0;
	g->locks++;
	g->locked_until = now + lock;
	return 0;
}

void mq_visit_code_guard_found(struct mq_visit_code_guard *g)
{
	g->misses = 0;
}
