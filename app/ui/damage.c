/* damage.c — the areas a frame redraws (damage.h). */
#include "damage.h"

#include <string.h>

static long area(SDL_Rect r)
{
	return r.w > 0 && r.h > 0 ? (long)r.w * r.h : 0;
}

SDL_Rect mq_ui_rect_union(SDL_Rect a, SDL_Rect b)
{
	SDL_Rect u;

	if (area(a) == 0)
		return b;
	if (area(b) == 0)
		return a;
	SDL_UnionRect(&a, &b, &u);
	return u;
}

void mq_ui_damage_init(struct mq_ui_damage *d, SDL_Rect bounds)
{
	memset(d, 0, sizeof(*d));
	d->bounds = bounds;
}

void mq_ui_damage_reset(struct mq_ui_damage *d)
{
	d->n = 0;
	d->full = false;
}

void mq_ui_damage_add_all(struct mq_ui_damage *d)
{
	d->full = true;
	d->n = 0;
}

bool mq_ui_damage_empty(const struct mq_ui_damage *d)
{
	return !d->full && d->n == 0;
}

long mq_ui_damage_area(const struct mq_ui_damage *d)
{
	long sum = 0;

	if (d->full)
		return area(d->bounds);
	for (size_t i = 0; i < d->n; i++)
		sum += area(d->r[i]);
	return sum;
}

/* Joins area @p i with every other whose bounding box with it is no bigger
 * than the two apart, until none is left: a join can reach a third area. */
static void join_from(struct mq_ui_damage *d, size_t i)
{
	bool joined = true;

	while (joined) {
		joined = false;
		for (size_t j = 0; j < d->n; j++) {
			SDL_Rect u;

			if (j == i)
				continue;
			u = mq_ui_rect_union(d->r[i], d->r[j]);
			if (area(u) > area(d->r[i]) + area(d->r[j]))
				continue;
			d->r[i] = u;
			d->r[j] = d->r[--d->n];
			if (i == d->n)
				i = j;
			joined = true;
			break;
		}
	}
}

/* The list is full: join the pair whose join adds the fewest pixels. */
static void join_cheapest(struct mq_ui_damage *d)
{
	size_t bi = 0, bj = 1;
	long best = -1;

	for (size_t i = 0; i < d->n; i++)
		for (size_t j = i + 1; j < d->n; j++) {
			long cost = area(mq_ui_rect_union(d->r[i], d->r[j])) - area(d->r[i]) -
				    area(d->r[j]);

			if (best < 0 || cost < best) {
				best = cost;
				bi = i;
				bj = j;
			}
		}
	d->r[bi] = mq_ui_rect_union(d->r[bi], d->r[bj]);
	d->r[bj] = d->r[--d->n];
	join_from(d, bi < d->n ? bi : d->n - 1);
}

void mq_ui_damage_add(struct mq_ui_damage *d, SDL_Rect r)
{
	SDL_Rect c;

	if (d->full || !SDL_IntersectRect(&r, &d->bounds, &c))
		return;
	for (size_t i = 0; i < d->n; i++) {
		SDL_Rect in;

		/* already inside an area: nothing new */
		if (SDL_IntersectRect(&c, &d->r[i], &in) && SDL_RectEquals(&in, &c))
			return;
	}
	if (d->n == MQ_UI_DAMAGE_MAX)
		join_cheapest(d);
	d->r[d->n++] = c;
	join_from(d, d->n - 1);
}
