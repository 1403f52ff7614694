/* mq_state.c — the server's kiosk state parsed into structs (mq_state.h):
 * one walk over the document when a new state arrives, so the screens,
 * which rebuild often, never look into JSON. */
#include "mq_state.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mq_store.h"
#include "mq_time.h"

/* The state and the document its strings point into. */
struct state_doc {
	struct mq_state st;          /* first: mq_state_destroy casts back */
	json_t *doc;
};

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* A positive number of working days from @p obj's @p key, else @p dflt. */
static int limit(const json_t *obj, const char *key, int dflt)
{
	json_int_t v = json_integer_value(json_object_get(obj, key));

	return v > 0 && v <= MQ_WORKDAY_LIMIT_MAX ? (int)v : dflt;
}

/* The limits and the calendar (see mq_state.h); false when out of memory. */
static bool parse_deadlines(const json_t *doc, struct mq_state *st)
{
	const json_t *d = json_object_get(doc, "deadlines"), *c = json_object_get(doc, "calendar");
	struct mq_workday_limits dflt = MQ_WORKDAY_LIMITS_DEFAULT;
	const char *const lists[2] = { "holidays", "workdays" };
	json_t *e;
	size_t i;

	st->limits.triage = limit(d, "triage", dflt.triage);
	st->limits.answer = limit(d, "answer", dflt.answer);
	st->limits.close = limit(d, "close", dflt.close);
	if (!(st->calendar = mq_calendar_create()))
		return false;
	json_array_foreach(json_object_get(c, "years"), i, e) {
		json_int_t y = json_integer_value(e);

		if (y >= MQ_WORKDAY_YEAR_MIN && y <= MQ_WORKDAY_YEAR_MAX &&
		    !mq_calendar_add_year(st->calendar, (int)y))
			return false;
	}
	for (int k = 0; k < 2; k++) {
		json_array_foreach(json_object_get(c, lists[k]), i, e) {
			int64_t day;

			if (mq_workday_parse(json_string_value(e), &day) &&
			    !mq_calendar_add_day(st->calendar, day, k == 1))
				return false;
		}
	}
	return true;
}

/* calloc for @p n elements of @p size; a valid pointer even for 0. */
static void *array_of(size_t n, size_t size)
{
	return calloc(n ? n : 1, size);
}

static struct mq_state_span span(const json_t *obj)
{
	struct mq_state_span s = { 0 };

	s.has_start = mq_time_parse_rfc3339(str(obj, "start"), &s.start);
	s.has_end = mq_time_parse_rfc3339(str(obj, "end"), &s.end);
	return s;
}

static bool parse_named(const json_t *arr, struct mq_state_named **out, size_t *n)
{
	json_t *e;
	size_t i;

	*n = json_array_size(arr);
	*out = array_of(*n, sizeof(**out));
	if (!*out)
		return false;
	json_array_foreach(arr, i, e)
		(*out)[i] = (struct mq_state_named){ str(e, "key"), str(e, "name") };
	return true;
}

static bool parse_members(const json_t *arr, struct mq_state *st)
{
	json_t *e;
	size_t i;

	st->n_members = json_array_size(arr);
	st->members = array_of(st->n_members, sizeof(*st->members));
	if (!st->members)
		return false;
	json_array_foreach(arr, i, e)
		st->members[i] = (struct mq_state_member){ str(e, "key"), str(e, "name"),
							   str(e, "sector"), str(e, "expertise"),
							   str(e, "badge_hash"), str(e, "pin_hash") };
	return true;
}

static bool parse_shift(const json_t *obj, struct mq_state_shift *sh)
{
	const json_t *slots = json_object_get(obj, "slots");
	const json_t *bookings = json_object_get(obj, "bookings");
	json_t *e;
	size_t i;

	sh->id = str(obj, "id");
	sh->member = str(obj, "member");
	sh->at = span(obj);
	sh->n_slots = json_array_size(slots);
	sh->slots = array_of(sh->n_slots, sizeof(*sh->slots));
	sh->lists_bookings = json_is_array(bookings);
	sh->n_bookings = json_array_size(bookings);
	sh->bookings = array_of(sh->n_bookings, sizeof(*sh->bookings));
	if (!sh->slots || !sh->bookings)
		return false;
	json_array_foreach(slots, i, e)
		sh->slots[i] = (struct mq_state_slot){ str(e, "id"), span(e),
						       (int)json_integer_value(json_object_get(e, "free")) };
	json_array_foreach(bookings, i, e)
		sh->bookings[i] = (struct mq_state_booking){ str(e, "id"), str(e, "slot"),
							     str(e, "name"), str(e, "topic"),
							     str(e, "status") };
	return true;
}

static bool parse_shifts(const json_t *arr, struct mq_state *st)
{
	json_t *e;
	size_t i;

	st->n_shifts = json_array_size(arr);
	st->shifts = array_of(st->n_shifts, sizeof(*st->shifts));
	if (!st->shifts)
		return false;
	json_array_foreach(arr, i, e)
		if (!parse_shift(e, &st->shifts[i]))
			return false;
	return true;
}

static bool parse_board(const json_t *doc, struct mq_state *st)
{
	const json_t *resolved = json_object_get(doc, "resolved");
	const json_t *stages = json_object_get(doc, "stages");
	json_t *e;
	size_t i;

	st->n_resolved = json_array_size(resolved);
	st->resolved = array_of(st->n_resolved, sizeof(*st->resolved));
	st->n_stages = json_array_size(stages);
	st->stages = array_of(st->n_stages, sizeof(*st->stages));
	if (!st->resolved || !st->stages)
		return false;
	json_array_foreach(resolved, i, e)
		st->resolved[i] = (struct mq_state_resolved){ str(e, "category"), str(e, "title"),
							      str(e, "outcome") };
	json_array_foreach(stages, i, e)
		st->stages[i] = (struct mq_state_stage){ str(e, "token"), str(e, "stage"),
							 str(e, "at") };
	return true;
}

/* Candidate topics and questionnaires (DESIGN §9); false when out of memory. */
static bool parse_participation(const json_t *doc, struct mq_state *st)
{
	const json_t *cands = json_object_get(doc, "candidates");
	const json_t *surveys = json_object_get(doc, "surveys");
	json_t *e, *q, *o;
	size_t i, k, m;

	st->n_candidates = json_array_size(cands);
	st->candidates = array_of(st->n_candidates, sizeof(*st->candidates));
	st->n_surveys = json_array_size(surveys);
	st->surveys = array_of(st->n_surveys, sizeof(*st->surveys));
	if (!st->candidates || !st->surveys)
		return false;
	json_array_foreach(cands, i, e) {
		json_int_t id = json_integer_value(json_object_get(e, "id"));
		st->candidates[i] = (struct mq_state_candidate){
			id > 0 ? id : 0, str(e, "title"), str(e, "description"), str(e, "closes"),
			json_integer_value(json_object_get(e, "supports")) };
	}
	json_array_foreach(surveys, i, e) {
		struct mq_state_survey *s = &st->surveys[i];
		json_int_t id = json_integer_value(json_object_get(e, "id"));

		s->id = id > 0 ? id : 0;
		s->title = str(e, "title");
		json_array_foreach(json_object_get(e, "questions"), k, q) {
			struct mq_state_question *x;
			if (k >= MQ_STATE_SURVEY_QUESTIONS)
				break;
			x = &s->questions[s->n_questions++];
			x->text = str(q, "text");
			x->kind = str(q, "kind");
			json_array_foreach(json_object_get(q, "options"), m, o)
				if (m < MQ_STATE_SURVEY_OPTIONS)
					x->options[x->n_options++] = json_string_value(o);
		}
	}
	return true;
}

/* The offered update, or none when any part of it is malformed. */
static void parse_update(const json_t *u, struct mq_state *st)
{
	const json_t *size = json_object_get(u, "size");
	const char *version = str(u, "version"), *sha = str(u, "sha256"), *url = str(u, "url");
	bool ok = version && *version && strlen(version) < 64 && json_is_integer(size) &&
		  json_integer_value(size) > 0 && sha && strlen(sha) == 64 &&
		  strspn(sha, "0123456789abcdef") == 64 && url && strncmp(url, "/api/v1/", 8) == 0 &&
		  strlen(url) < 128 && !strpbrk(url, "?#\"");

	if (!ok)
		return;
	st->update.version = version;
	st->update.size = (int64_t)json_integer_value(size);
	st->update.sha256 = sha;
	st->update.url = url;
}

struct mq_state *mq_state_from_json(struct json_t *doc)
{
	struct state_doc *sd = calloc(1, sizeof(*sd));
	struct mq_state *st;
	const json_t *studio = json_object_get(doc, "studio");

	if (!sd)
		return NULL;
	st = &sd->st;
	sd->doc = json_incref(doc);
	st->studio.id = str(studio, "id");
	st->studio.name = str(studio, "name");
	st->studio.street = str(studio, "street");
	st->studio.street_name = str(studio, "street_name");
	st->cursor = str(doc, "cursor");
	st->service_pin_hash = str(doc, "service_pin_hash");
	parse_update(json_object_get(doc, "update"), st);
	if (!parse_named(json_object_get(doc, "categories"), &st->categories, &st->n_categories) ||
	    !parse_named(json_object_get(doc, "communities"), &st->communities,
			 &st->n_communities) ||
	    !parse_members(json_object_get(doc, "members"), st) ||
	    !parse_shifts(json_object_get(doc, "shifts"), st) || !parse_board(doc, st) ||
	    !parse_deadlines(doc, st) || !parse_participation(doc, st)) {
		mq_state_destroy(st);
		return NULL;
	}
	return st;
}

struct mq_state *mq_state_load(struct mq_store *store)
{
	json_t *doc = mq_store_state(store);
	struct mq_state *st;

	if (!doc)
		return NULL;
	st = mq_state_from_json(doc);
	json_decref(doc);
	return st;
}

void mq_state_destroy(struct mq_state *st)
{
	struct state_doc *sd = (struct state_doc *)st;

	if (!st)
		return;
	for (size_t i = 0; st->shifts && i < st->n_shifts; i++) {
		free(st->shifts[i].slots);
		free(st->shifts[i].bookings);
	}
	free(st->categories);
	free(st->communities);
	free(st->members);
	free(st->shifts);
	free(st->resolved);
	free(st->stages);
	free(st->candidates);
	free(st->surveys);
	mq_calendar_destroy(st->calendar);
	json_decref(sd->doc);
	free(sd);
}

const struct mq_state_member *mq_state_member(const struct mq_state *st, const char *key)
{
	for (size_t i = 0; i < st->n_members; i++) {
		const char *k = st->members[i].key;

		if (k && key && strcmp(k, key) == 0)
			return &st->members[i];
	}
	return NULL;
}

const char *mq_state_named_find(const struct mq_state_named *list, size_t n, const char *key)
{
	if (!key || !*key)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		const char *k = list[i].key, *name = list[i].name;

		if (k && name && *name && strcmp(k, key) == 0)
			return name;
	}
	return NULL;
}

const char *mq_state_member_name(const struct mq_state *st, const char *key)
{
	if (!key || !*key)
		return NULL;
	for (size_t i = 0; i < st->n_members; i++) {
		const char *k = st->members[i].key, *name = st->members[i].name;

		if (k && name && *name && strcmp(k, key) == 0)
			return name;
	}
	return NULL;
}

int64_t mq_state_triage_due_day(const struct mq_state *st, int64_t filed)
{
	return mq_workday_due_day(st->calendar, filed, st->limits.triage);
}

const struct mq_state_slot *mq_state_slot_find(const struct mq_state *st, const char *id,
					       const struct mq_state_shift **shift)
{
	for (size_t i = 0; i < st->n_shifts; i++)
		for (size_t j = 0; j < st->shifts[i].n_slots; j++) {
			const char *sid = st->shifts[i].slots[j].id;

			if (sid && id && strcmp(sid, id) == 0) {
				if (shift)
					*shift = &st->shifts[i];
				return &st->shifts[i].slots[j];
			}
		}
	return NULL;
}
