/* console.c — the PostgreSQL implementation of the console block of struct
 * mq_db (mq_db.h, rows in mq_db_console.h), as server/db/sqlite/console.c:
 * staff and sessions (shared by every server instance), the audit log,
 * triage and topics, members' records, kiosk health, ratings, statistics,
 * Open311 keys, technician PINs. Every statement is named in the table
 * below with its caller. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "mq_pg.h"

enum cstmt_id {
	C_STAFF_PUT,
	C_STAFF_SESSIONS_DROP,
	C_STAFF_GET,
	C_SESSION_INSERT,
	C_SESSION_GET,
	C_SESSION_DELETE,
	C_AUDIT_INSERT,
	C_AUDIT_LIST,
	C_OPINIONS_LIST,
	C_OPINION_GET,
	C_OPINION_GET_BY_TOKEN,
	C_OPINION_TRIAGE,
	C_TOPIC_INSERT,
	C_TOPIC_UPDATE,
	C_TOPIC_GET,
	C_TOPICS_LIST,
	C_TOPIC_MEMBERS_CLEAR,
	C_TOPIC_MEMBER_ADD,
	C_TOPIC_MEMBERS_OF,
	C_MEMBERS_ADMIN,
	C_MEMBER_UPDATE,
	C_MEMBER_COMMUNITIES_CLEAR,
	C_MEMBER_COMMUNITY_ADD,
	C_MEMBER_PIN_SET,
	C_HEARTBEAT_PUT,
	C_KIOSKS_LIST,
	C_RATING_INSERT,
	C_STATS_BY_STREET,
	C_STATS_BY_CATEGORY,
	C_STATS_BY_MONTH,
	C_STATS_STAGE_SPANS,
	C_STATS_STARS,
	C_STATS_MEMBERS,
	C_COUNTS,
	C_OPEN311_KEY_INSERT,
	C_OPEN311_KEY_GET,
	C_STUDIOS_ALL,
	C_STAFF_LIST,
	C_STAFF_INSERT,
	C_STAFF_PASSWORD_SET,
	C_STAFF_DISABLED_SET,
	C_SERVICE_PIN_SET,
	C_SERVICE_PIN_CLEAR,
	C_SERVICE_PIN_GET,
	C_SERVICE_PINS_LIST,
	C_COUNT
};

/* The console's view of an opinion: columns 0..31, read by opinion_row(). */
#define OPINION_SELECT \
	"SELECT o.id, o.token, o.short_code, o.studio, o.community, o.category, o.text," \
	" o.member, o.contact_name, o.contact_phone, o.channel, o.stage, o.created_at," \
	" s.name, c.name, m.name, o.disposition, o.topic, coalesce(t.no, 0), t.title, t.stage," \
	" coalesce(t.result, ''), coalesce(t.published_at, 0), o.department, o.duplicate_of," \
	" o.assigned_member, mm.name, am.name, coalesce(o.closed_at, 0)," \
	" coalesce(r.stars, 0), r.comment, coalesce(t.closed_at, 0)" \
	" FROM opinions o JOIN studios s ON s.id = o.studio" \
	" JOIN categories c ON c.key = o.category" \
	" LEFT JOIN communities m ON m.studio = o.studio AND m.key = o.community" \
	" LEFT JOIN topics t ON t.id = o.topic" \
	" LEFT JOIN members mm ON mm.key = o.member" \
	" LEFT JOIN members am ON am.key = o.assigned_member" \
	" LEFT JOIN ratings r ON r.opinion = o.id"

/* A topic with its counts: columns 0..22, read by topic_row(). */
#define TOPIC_SELECT \
	"SELECT t.id, t.no, t.studio, s.name, t.title, t.stage, t.created_at, t.created_by," \
	" t.visits_planned, t.visits_done, t.research_note, t.consult_form, t.consult_date," \
	" t.participants, t.outcome, t.result, coalesce(t.published_at, 0), t.followup_due," \
	" t.supervision, coalesce(t.closed_at, 0)," \
	" (SELECT count(*) FROM opinions o WHERE o.topic = t.id)," \
	" (SELECT count(*) FROM ratings r JOIN opinions o ON o.id = r.opinion" \
	"   WHERE o.topic = t.id)," \
	" (SELECT coalesce(avg(r.stars), 0) FROM ratings r JOIN opinions o ON o.id = r.opinion" \
	"   WHERE o.topic = t.id)" \
	" FROM topics t JOIN studios s ON s.id = t.studio"

/* Every statement of this file; the comment names its caller. */
static const struct mq_pg_stmt_def cstmt_sql[C_COUNT] = {
	/* caller: db_staff_put */
	[C_STAFF_PUT] = { "staff_put",
		"INSERT INTO staff (username, role, studio, member, pw_hash, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (username) DO UPDATE SET"
		" role = excluded.role, studio = excluded.studio, member = excluded.member,"
		" pw_hash = excluded.pw_hash" },
	/* caller: db_staff_put, db_staff_password_set, db_staff_disabled_set (a new
	 * password or disabling ends the sessions, all but $2 unless NULL) */
	[C_STAFF_SESSIONS_DROP] = { "staff_sessions_drop",
		"DELETE FROM sessions WHERE username = $1 AND ($2::text IS NULL OR id <> $2)" },
	/* caller: db_staff_get */
	[C_STAFF_GET] = { "staff_get",
		"SELECT username, role, coalesce(studio, ''), coalesce(member, ''), pw_hash,"
		" created_at, disabled FROM staff WHERE username = $1" },
	/* caller: db_session_insert */
	[C_SESSION_INSERT] = { "session_insert",
		"INSERT INTO sessions (id, username, csrf, created_at, expires_at)"
		" VALUES ($1, $2, $3, $4, $5)" },
	/* caller: db_session_get */
	[C_SESSION_GET] = { "session_get",
		"SELECT s.id, s.csrf, s.created_at, s.expires_at, t.username, t.role,"
		" coalesce(t.studio, ''), coalesce(t.member, ''), t.created_at"
		" FROM sessions s JOIN staff t ON t.username = s.username"
		" WHERE s.id = $1 AND s.expires_at > $2 AND t.disabled = 0" },
	/* caller: db_session_delete */
	[C_SESSION_DELETE] = { "session_delete",
		"DELETE FROM sessions WHERE id = $1 OR expires_at <= $2" },
	/* caller: db_audit_insert */
	[C_AUDIT_INSERT] = { "audit_insert",
		"INSERT INTO audit_log (at, actor, studio, action, subject, before, after)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7)" },
	/* caller: db_audit_iterate */
	[C_AUDIT_LIST] = { "audit_list",
		"SELECT id, at, actor, studio, action, subject, before, after FROM audit_log"
		" WHERE ($1::text IS NULL OR studio = $1) ORDER BY id DESC LIMIT $2" },
	/* caller: db_opinions_iterate */
	[C_OPINIONS_LIST] = { "opinions_list",
		OPINION_SELECT MQ_PG_OPINION_WHERE
		" ORDER BY o.created_at DESC, o.id LIMIT $10 OFFSET $11" },
	/* caller: db_opinion_get */
	[C_OPINION_GET] = { "opinion_get", OPINION_SELECT " WHERE o.id = $1" },
	/* caller: db_opinion_get_tracked */
	[C_OPINION_GET_BY_TOKEN] = { "opinion_get_tracked", OPINION_SELECT " WHERE o.token = $1" },
	/* caller: db_opinion_triage */
	[C_OPINION_TRIAGE] = { "opinion_triage",
		"UPDATE opinions SET disposition = $2, topic = $3, department = $4,"
		" duplicate_of = $5, assigned_member = $6, closed_at = nullif($7::bigint, 0)"
		" WHERE id = $1" },
	/* caller: db_topic_insert (inside the serializable "topic" or "triage"
	 * transaction, so two instances cannot take the same number) */
	[C_TOPIC_INSERT] = { "topic_insert",
		"INSERT INTO topics (id, no, studio, title, stage, created_at, created_by)"
		" VALUES ($1, (SELECT coalesce(max(no), 0) + 1 FROM topics), $2, $3, 'research',"
		" $4, $5) RETURNING no" },
	/* caller: db_topic_update */
	[C_TOPIC_UPDATE] = { "topic_update",
		"UPDATE topics SET title = $2, stage = $3, visits_planned = $4, visits_done = $5,"
		" research_note = $6, consult_form = $7, consult_date = $8, participants = $9,"
		" outcome = $10, result = $11, published_at = nullif($12::bigint, 0),"
		" followup_due = $13, supervision = $14, closed_at = nullif($15::bigint, 0)"
		" WHERE id = $1" },
	/* caller: db_topic_get */
	[C_TOPIC_GET] = { "topic_get", TOPIC_SELECT " WHERE t.id = $1" },
	/* caller: db_topics_iterate */
	[C_TOPICS_LIST] = { "topics_list",
		TOPIC_SELECT
		" WHERE ($1::text IS NULL OR t.studio = $1)"
		" AND ($2::text IS NULL OR t.id IN (SELECT topic FROM topic_members WHERE member = $2))"
		" AND ($3::text IS NULL OR t.stage = $3)"
		" AND ($4::bigint = 0 OR t.published_at IS NOT NULL)"
		" AND ($6::text IS NULL OR t.id = $6)"
		" ORDER BY CASE WHEN $4::bigint <> 0 THEN t.published_at ELSE t.created_at END DESC,"
		" t.no DESC LIMIT $5" },
	/* caller: db_topic_members_set */
	[C_TOPIC_MEMBERS_CLEAR] = { "topic_members_clear",
		"DELETE FROM topic_members WHERE topic = $1" },
	/* caller: db_topic_members_set */
	[C_TOPIC_MEMBER_ADD] = { "topic_member_add",
		"INSERT INTO topic_members (topic, member) VALUES ($1, $2) ON CONFLICT DO NOTHING" },
	/* caller: db_topic_members_iterate */
	[C_TOPIC_MEMBERS_OF] = { "topic_members_of",
		"SELECT m.key, m.name, m.sector, m.expertise, m.studio FROM topic_members tm"
		" JOIN members m ON m.key = tm.member WHERE tm.topic = $1 ORDER BY m.sort, m.key" },
	/* caller: db_members_admin_iterate */
	[C_MEMBERS_ADMIN] = { "members_admin",
		"SELECT m.key, m.name, m.sector, m.expertise, m.studio, s.name, m.badge_code,"
		" m.pin_hash IS NOT NULL, coalesce((SELECT string_agg(mc.community, ','"
		"   ORDER BY mc.community) FROM member_communities mc WHERE mc.member = m.key), '')"
		" FROM members m JOIN studios s ON s.id = m.studio JOIN streets st ON st.key = s.street"
		" WHERE ($1::text IS NULL OR m.studio = $1) AND ($2::text IS NULL OR m.key = $2)"
		" ORDER BY st.sort, m.sort, m.key" },
	/* caller: db_member_update */
	[C_MEMBER_UPDATE] = { "member_update",
		"UPDATE members SET sector = $2, expertise = $3, badge_code = $4 WHERE key = $1" },
	/* caller: db_member_communities_set */
	[C_MEMBER_COMMUNITIES_CLEAR] = { "member_communities_clear",
		"DELETE FROM member_communities WHERE member = $1" },
	/* caller: db_member_communities_set */
	[C_MEMBER_COMMUNITY_ADD] = { "member_community_add",
		"INSERT INTO member_communities (member, studio, community)"
		" VALUES ($1, $2, $3) ON CONFLICT DO NOTHING" },
	/* caller: db_member_pin_set */
	[C_MEMBER_PIN_SET] = { "member_pin_set",
		"UPDATE members SET pin_hash = $2 WHERE key = $1" },
	/* caller: db_heartbeat_put */
	[C_HEARTBEAT_PUT] = { "heartbeat_put",
		"INSERT INTO kiosk_health (device, at, version, uptime_s, queue_depth,"
		" oldest_queued_age_s, disk_free_bytes, last_error)"
		" VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (device) DO UPDATE SET"
		" at = excluded.at, version = excluded.version, uptime_s = excluded.uptime_s,"
		" queue_depth = excluded.queue_depth,"
		" oldest_queued_age_s = excluded.oldest_queued_age_s,"
		" disk_free_bytes = excluded.disk_free_bytes, last_error = excluded.last_error" },
	/* caller: db_kiosks_iterate */
	[C_KIOSKS_LIST] = { "kiosks_list",
		"SELECT d.id, d.studio, s.name, d.created_at, coalesce(d.last_seen, 0),"
		" h.device IS NOT NULL, coalesce(h.at, 0), coalesce(h.version, ''),"
		" coalesce(h.uptime_s, 0), coalesce(h.queue_depth, 0),"
		" coalesce(h.oldest_queued_age_s, 0), coalesce(h.disk_free_bytes, 0), h.last_error,"
		" coalesce(d.revoked_at, 0)"
		" FROM devices d JOIN studios s ON s.id = d.studio"
		" LEFT JOIN kiosk_health h ON h.device = d.id"
		" WHERE d.id NOT IN (SELECT device FROM open311_keys) AND d.id NOT LIKE 'phone-%'"
		" AND ($1::text IS NULL OR d.studio = $1) ORDER BY d.studio, d.id" },
	/* caller: db_rating_insert */
	[C_RATING_INSERT] = { "rating_insert",
		"INSERT INTO ratings (opinion, stars, comment, at, channel)"
		" VALUES ($1, $2, $3, $4, $5)" },
	/* caller: db_stats_iterate (MQ_STAT_BY_STREET) */
	[C_STATS_BY_STREET] = { "stats_by_street",
		"SELECT st.key, st.name,"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id),"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id AND EXISTS"
		"   (SELECT 1 FROM stage_events e WHERE e.subject = o.id AND e.stage = 'feedback'"
		"    AND e.at - o.created_at <= 2592000)),"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id"
		"   AND (o.created_at <= $2::bigint - 2592000"
		"   OR EXISTS (SELECT 1 FROM stage_events e WHERE e.subject = o.id"
		"    AND e.stage = 'feedback' AND e.at - o.created_at <= 2592000))),"
		" (SELECT count(*) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		"   WHERE o.studio = s.id),"
		" (SELECT coalesce(avg(r.stars), 0) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		"   WHERE o.studio = s.id)"
		" FROM streets st JOIN studios s ON s.street = st.key"
		" WHERE ($1::text IS NULL OR s.id = $1) ORDER BY st.sort, st.key" },
	/* caller: db_stats_iterate (MQ_STAT_BY_CATEGORY) */
	[C_STATS_BY_CATEGORY] = { "stats_by_category",
		"SELECT c.key, c.name, count(o.id) FROM categories c"
		" LEFT JOIN opinions o ON o.category = c.key AND ($1::text IS NULL OR o.studio = $1)"
		" GROUP BY c.key ORDER BY c.sort, c.key" },
	/* caller: db_stats_iterate (MQ_STAT_BY_MONTH); months in Asia/Shanghai */
	[C_STATS_BY_MONTH] = { "stats_by_month",
		"SELECT to_char(to_timestamp(o.created_at + 28800) AT TIME ZONE 'UTC', 'YYYY-MM'),"
		" NULL::text, count(*)"
		" FROM opinions o WHERE ($1::text IS NULL OR o.studio = $1) GROUP BY 1 ORDER BY 1" },
	/* caller: db_stats_iterate (MQ_STAT_STAGE_SPANS): from first reaching a
	 * stage to first reaching the next one, per opinion */
	[C_STATS_STAGE_SPANS] = { "stats_stage_spans",
		"WITH firsts AS (SELECT e.subject, e.stage, min(e.at) AS at,"
		"   CASE e.stage WHEN 'collected' THEN 0 WHEN 'triaged' THEN 1"
		"   WHEN 'research' THEN 2 WHEN 'consult' THEN 3 ELSE 4 END AS ord"
		"   FROM stage_events e JOIN opinions o ON o.id = e.subject"
		"   WHERE e.subject_kind = 'opinion' AND ($1::text IS NULL OR o.studio = $1)"
		"   GROUP BY e.subject, e.stage),"
		" spans AS (SELECT subject, ord, stage,"
		"   lead(at) OVER (PARTITION BY subject ORDER BY ord) - at AS d FROM firsts)"
		" SELECT stage, NULL::text, d FROM spans WHERE d IS NOT NULL ORDER BY subject, ord" },
	/* caller: db_stats_iterate (MQ_STAT_STARS) */
	[C_STATS_STARS] = { "stats_stars",
		"SELECT r.stars, NULL::text, count(*) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		" WHERE ($1::text IS NULL OR o.studio = $1) GROUP BY r.stars ORDER BY r.stars" },
	/* caller: db_stats_iterate (MQ_STAT_MEMBERS) */
	[C_STATS_MEMBERS] = { "stats_members",
		"SELECT m.key, m.name,"
		" (SELECT count(*) FROM opinions o WHERE o.member = m.key),"
		" (SELECT count(*) FROM opinions o WHERE o.assigned_member = m.key),"
		" (SELECT count(*) FROM topic_members tm WHERE tm.member = m.key),"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.member = m.key),"
		" (SELECT count(*) FROM topic_volunteers v WHERE v.member = m.key"
		"  AND v.chosen_at IS NOT NULL)"
		" FROM members m JOIN studios s ON s.id = m.studio JOIN streets st ON st.key = s.street"
		" WHERE ($1::text IS NULL OR m.studio = $1) ORDER BY st.sort, m.sort, m.key" },
	/* caller: db_counts_get */
	[C_COUNTS] = { "counts",
		"SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM opinions),"
		" (SELECT count(*) FROM topics), (SELECT count(*) FROM ratings),"
		" (SELECT count(*) FROM devices WHERE id NOT IN (SELECT device FROM open311_keys)"
		" AND id NOT LIKE 'phone-%')" },
	/* caller: db_open311_key_insert */
	[C_OPEN311_KEY_INSERT] = { "open311_key_insert",
		"INSERT INTO open311_keys (key_hash, studio, device, label, created_at)"
		" VALUES ($1, $2, $3, $4, $5)" },
	/* caller: db_open311_key_get */
	[C_OPEN311_KEY_GET] = { "open311_key_get",
		"SELECT key_hash, studio, device, label, created_at, coalesce(revoked_at, 0)"
		" FROM open311_keys WHERE key_hash = $1" },
	/* caller: db_studios_iterate */
	[C_STUDIOS_ALL] = { "studios_all",
		"SELECT s.id, s.name FROM studios s JOIN streets st ON st.key = s.street"
		" ORDER BY st.sort, s.id" },
	/* caller: db_staff_iterate */
	[C_STAFF_LIST] = { "staff_list",
		"SELECT t.username, t.role, coalesce(t.studio, ''), coalesce(t.member, ''),"
		" t.created_at, t.disabled,"
		" (SELECT coalesce(max(a.at), 0) FROM audit_log a"
		"   WHERE a.action = 'login' AND a.actor = t.username)"
		" FROM staff t ORDER BY t.username" },
	/* caller: db_staff_insert */
	[C_STAFF_INSERT] = { "staff_insert",
		"INSERT INTO staff (username, role, studio, member, pw_hash, created_at)"
		" VALUES ($1, $2, $3, $4, $5, $6)" },
	/* caller: db_staff_password_set */
	[C_STAFF_PASSWORD_SET] = { "staff_password_set",
		"UPDATE staff SET pw_hash = $2 WHERE username = $1" },
	/* caller: db_staff_disabled_set */
	[C_STAFF_DISABLED_SET] = { "staff_disabled_set",
		"UPDATE staff SET disabled = $2 WHERE username = $1" },
	/* caller: db_service_pin_set */
	[C_SERVICE_PIN_SET] = { "service_pin_set",
		"INSERT INTO service_pins (scope, pin_hash, set_at, set_by) VALUES ($1, $2, $3, $4)"
		" ON CONFLICT (scope) DO UPDATE SET pin_hash = excluded.pin_hash,"
		" set_at = excluded.set_at, set_by = excluded.set_by" },
	/* caller: db_service_pin_clear */
	[C_SERVICE_PIN_CLEAR] = { "service_pin_clear",
		"DELETE FROM service_pins WHERE scope = $1" },
	/* caller: db_service_pin_get (the studio's own wins over '*') */
	[C_SERVICE_PIN_GET] = { "service_pin_get",
		"SELECT pin_hash FROM service_pins WHERE scope IN ($1, '*')"
		" ORDER BY scope = '*' LIMIT 1" },
	/* caller: db_service_pins_iterate */
	[C_SERVICE_PINS_LIST] = { "service_pins_list",
		"SELECT p.scope, coalesce(s.name, ''), p.set_at, p.set_by FROM service_pins p"
		" LEFT JOIN studios s ON s.id = p.scope ORDER BY p.scope <> '*', p.scope" },
};

/* ---- staff, sessions, audit ---------------------------------------------- */

/* Reads the role of column @p col; false (logged) for a key the schema's
 * CHECK should have refused. */
static bool col_role(const struct mq_pg_row *r, int col, enum mq_role *out)
{
	if (mq_role_parse(mq_pg_text(r, col), out))
		return true;
	mq_log_error("db", "staff row with an unknown role");
	return false;
}

/* Runs write @p id with @p args, then ends the sessions of @p username but
 * @p keep (NULL: all) when @p drop, on one connection. @p none as mq_pg_run. */
static enum mq_err write_then_drop(void *cls, enum cstmt_id id, enum mq_err none,
				   const struct mq_pg_arg *args, size_t n, bool drop,
				   const char *username, const char *keep)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_CONSOLE, id, none, args, n, NULL);
	if (err == MQ_OK && drop)
		err = mq_pg_run_on(c, MQ_PG_CONSOLE, C_STAFF_SESSIONS_DROP, MQ_OK,
				   MQ_PG_ARGS(MQ_PG_TEXT(username), MQ_PG_OPT(keep)), NULL);
	mq_pg_release(cls, c);
	return err;
}

static enum mq_err db_staff_put(void *cls, const struct mq_db_staff *st)
{
	return write_then_drop(cls, C_STAFF_PUT, MQ_OK,
			       MQ_PG_ARGS(MQ_PG_TEXT(st->username),
					  MQ_PG_TEXT(mq_role_key(st->role)), MQ_PG_OPT(st->studio),
					  MQ_PG_OPT(st->member), MQ_PG_TEXT(st->pw_hash),
					  MQ_PG_INT(st->created_at)),
			       true, st->username, NULL);
}

static bool staff_out(const struct mq_pg_row *r, void *o, void *ok)
{
	struct mq_db_staff *out = o;

	mq_pg_copy(r, 0, out->username, sizeof out->username);
	*(bool *)ok = col_role(r, 1, &out->role);
	mq_pg_copy(r, 2, out->studio, sizeof out->studio);
	mq_pg_copy(r, 3, out->member, sizeof out->member);
	mq_pg_copy(r, 4, out->pw_hash, sizeof out->pw_hash);
	out->created_at = mq_pg_int(r, 5);
	out->disabled = mq_pg_bool(r, 6);
	return false;
}

static enum mq_err db_staff_get(void *cls, const char *username, struct mq_db_staff *out)
{
	bool ok = true;
	enum mq_err err = mq_pg_query_one(cls, MQ_PG_CONSOLE, C_STAFF_GET,
					  MQ_PG_ARGS(MQ_PG_TEXT(username)), staff_out, out, &ok);

	return err == MQ_OK && !ok ? MQ_ERR_DB : err;
}

static enum mq_err db_session_insert(void *cls, const struct mq_db_session *se)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_SESSION_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(se->id), MQ_PG_TEXT(se->staff.username),
				    MQ_PG_TEXT(se->csrf), MQ_PG_INT(se->created_at),
				    MQ_PG_INT(se->expires_at)));
}

static bool session_out(const struct mq_pg_row *r, void *o, void *ok)
{
	struct mq_db_session *out = o;

	memset(out, 0, sizeof *out);
	mq_pg_copy(r, 0, out->id, sizeof out->id);
	mq_pg_copy(r, 1, out->csrf, sizeof out->csrf);
	out->created_at = mq_pg_int(r, 2);
	out->expires_at = mq_pg_int(r, 3);
	mq_pg_copy(r, 4, out->staff.username, sizeof out->staff.username);
	*(bool *)ok = col_role(r, 5, &out->staff.role);
	mq_pg_copy(r, 6, out->staff.studio, sizeof out->staff.studio);
	mq_pg_copy(r, 7, out->staff.member, sizeof out->staff.member);
	out->staff.created_at = mq_pg_int(r, 8);
	return false;
}

static enum mq_err db_session_get(void *cls, const char *id, int64_t now,
				  struct mq_db_session *out)
{
	bool ok = true;
	enum mq_err err = mq_pg_query_one(cls, MQ_PG_CONSOLE, C_SESSION_GET,
					  MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_INT(now)), session_out,
					  out, &ok);

	return err == MQ_OK && !ok ? MQ_ERR_DB : err;
}

static enum mq_err db_session_delete(void *cls, const char *id, int64_t now)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_SESSION_DELETE, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(id), MQ_PG_INT(now)));
}

static enum mq_err db_audit_insert(void *cls, const struct mq_db_audit *a)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_AUDIT_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_INT(a->at), MQ_PG_TEXT(a->actor), MQ_PG_OPT(a->studio),
				    MQ_PG_TEXT(a->action), MQ_PG_TEXT(a->subject),
				    MQ_PG_TEXT(a->before), MQ_PG_TEXT(a->after)));
}

static bool audit_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_audit a = {
		.id = mq_pg_int(r, 0),
		.at = mq_pg_int(r, 1),
		.actor = mq_pg_str(r, 2),
		.studio = mq_pg_text(r, 3),
		.action = mq_pg_str(r, 4),
		.subject = mq_pg_str(r, 5),
		.before = mq_pg_text(r, 6),
		.after = mq_pg_text(r, 7),
	};

	return ((mq_db_audit_cb)cb)(cb_cls, &a);
}

static enum mq_err db_audit_iterate(void *cls, const char *studio, unsigned int limit,
				    mq_db_audit_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_AUDIT_LIST,
			   MQ_PG_ARGS(MQ_PG_OPT(studio), MQ_PG_INT(limit)), audit_row, (void *)cb,
			   cb_cls);
}

/* ---- opinions and triage ------------------------------------------------- */

static bool opinion_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_console_opinion o = {
		.op = {
			.id = mq_pg_str(r, 0),
			.token = mq_pg_str(r, 1),
			.short_code = mq_pg_str(r, 2),
			.studio = mq_pg_str(r, 3),
			.community = mq_pg_text(r, 4),
			.category = mq_pg_str(r, 5),
			.text = mq_pg_str(r, 6),
			.member = mq_pg_text(r, 7),
			.contact_name = mq_pg_text(r, 8),
			.contact_phone = mq_pg_text(r, 9),
			.channel = mq_pg_str(r, 10),
			.stage = mq_pg_stage(r, 11),
			.created_at = mq_pg_int(r, 12),
			.studio_name = mq_pg_str(r, 13),
			.category_name = mq_pg_str(r, 14),
			.community_name = mq_pg_text(r, 15),
		},
		.disposition = mq_pg_text(r, 16),
		.topic = mq_pg_text(r, 17),
		.topic_no = mq_pg_int(r, 18),
		.topic_title = mq_pg_text(r, 19),
		/* a topic's stage, when the opinion is in one */
		.topic_stage = mq_pg_text(r, 17) ? mq_pg_stage(r, 20) : MQ_STAGE_COLLECTED,
		.topic_result = mq_pg_str(r, 21),
		.topic_published_at = mq_pg_int(r, 22),
		.department = mq_pg_text(r, 23),
		.duplicate_of = mq_pg_text(r, 24),
		.assigned_member = mq_pg_text(r, 25),
		.member_name = mq_pg_text(r, 26),
		.assigned_name = mq_pg_text(r, 27),
		.closed_at = mq_pg_int(r, 28),
		.stars = (int)mq_pg_int(r, 29),
		.rating_comment = mq_pg_text(r, 30),
		.topic_closed_at = mq_pg_int(r, 31),
	};

	return ((mq_db_console_opinion_cb)cb)(cb_cls, &o);
}

static enum mq_err db_opinions_iterate(void *cls, const struct mq_db_opinion_filter *f,
				       mq_db_console_opinion_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_OPINIONS_LIST,
			   MQ_PG_OPINION_FILTER_ARGS(f, MQ_PG_INT(f->limit ? f->limit : 100),
						     MQ_PG_INT(f->offset)),
			   opinion_row, (void *)cb, cb_cls);
}

static enum mq_err db_opinion_get(void *cls, const char *id, mq_db_console_opinion_cb cb,
				  void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_OPINION_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)),
			       opinion_row, (void *)cb, cb_cls);
}

static enum mq_err db_opinion_get_tracked(void *cls, const char *token,
					  mq_db_console_opinion_cb cb, void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_OPINION_GET_BY_TOKEN,
			       MQ_PG_ARGS(MQ_PG_TEXT(token)), opinion_row, (void *)cb, cb_cls);
}

static enum mq_err db_opinion_triage(void *cls, const struct mq_db_triage *t)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_OPINION_TRIAGE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(t->id), MQ_PG_OPT(t->disposition),
				    MQ_PG_OPT(t->topic), MQ_PG_OPT(t->department),
				    MQ_PG_OPT(t->duplicate_of), MQ_PG_OPT(t->assigned_member),
				    MQ_PG_INT(t->closed_at)));
}

/* ---- topics -------------------------------------------------------------- */

static bool topic_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_topic t = {
		.id = mq_pg_str(r, 0),
		.no = mq_pg_int(r, 1),
		.studio = mq_pg_str(r, 2),
		.studio_name = mq_pg_str(r, 3),
		.title = mq_pg_str(r, 4),
		.stage = mq_pg_stage(r, 5),
		.created_at = mq_pg_int(r, 6),
		.created_by = mq_pg_str(r, 7),
		.visits_planned = mq_pg_int(r, 8),
		.visits_done = mq_pg_int(r, 9),
		.research_note = mq_pg_str(r, 10),
		.consult_form = mq_pg_text(r, 11),
		.consult_date = mq_pg_text(r, 12),
		.participants = mq_pg_str(r, 13),
		.outcome = mq_pg_str(r, 14),
		.result = mq_pg_str(r, 15),
		.published_at = mq_pg_int(r, 16),
		.followup_due = mq_pg_text(r, 17),
		.supervision = mq_pg_str(r, 18),
		.closed_at = mq_pg_int(r, 19),
		.n_opinions = mq_pg_int(r, 20),
		.n_ratings = mq_pg_int(r, 21),
		.avg_stars = mq_pg_double(r, 22),
	};

	return ((mq_db_topic_cb)cb)(cb_cls, &t);
}

static enum mq_err db_topic_insert(void *cls, const struct mq_db_topic *t, int64_t *no)
{
	return mq_pg_write_one(cls, MQ_PG_CONSOLE, C_TOPIC_INSERT,
			       MQ_PG_ARGS(MQ_PG_TEXT(t->id), MQ_PG_TEXT(t->studio),
					  MQ_PG_TEXT(t->title), MQ_PG_INT(t->created_at),
					  MQ_PG_TEXT(t->created_by)),
			       mq_pg_int_out, no, NULL);
}

static enum mq_err db_topic_update(void *cls, const struct mq_db_topic *t)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_TOPIC_UPDATE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(t->id), MQ_PG_TEXT(t->title),
				    MQ_PG_TEXT(mq_stage_key(t->stage)),
				    MQ_PG_INT(t->visits_planned), MQ_PG_INT(t->visits_done),
				    MQ_PG_TEXT(t->research_note ? t->research_note : ""),
				    MQ_PG_OPT(t->consult_form), MQ_PG_OPT(t->consult_date),
				    MQ_PG_TEXT(t->participants ? t->participants : ""),
				    MQ_PG_TEXT(t->outcome ? t->outcome : ""),
				    MQ_PG_TEXT(t->result ? t->result : ""),
				    MQ_PG_INT(t->published_at), MQ_PG_OPT(t->followup_due),
				    MQ_PG_TEXT(t->supervision ? t->supervision : ""),
				    MQ_PG_INT(t->closed_at)));
}

static enum mq_err db_topic_get(void *cls, const char *id, mq_db_topic_cb cb, void *cb_cls)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_TOPIC_GET, MQ_PG_ARGS(MQ_PG_TEXT(id)),
			       topic_row, (void *)cb, cb_cls);
}

static enum mq_err db_topics_iterate(void *cls, const struct mq_db_topic_filter *f,
				     mq_db_topic_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_TOPICS_LIST,
			   MQ_PG_ARGS(MQ_PG_OPT(f->studio), MQ_PG_OPT(f->member),
				      MQ_PG_OPT(f->by_stage ? mq_stage_key(f->stage) : NULL),
				      MQ_PG_INT(f->published_only),
				      MQ_PG_INT(f->limit ? f->limit : 100), MQ_PG_OPT(f->id)),
			   topic_row, (void *)cb, cb_cls);
}

/* Replaces the (owner, key) rows on one connection: clear with @p clear,
 * then add each key with @p add bound as (owner, [extra,] key). */
static enum mq_err set_keys(void *cls, enum cstmt_id clear, enum cstmt_id add,
			    const char *owner, const char *extra, const char *const *keys,
			    size_t n)
{
	struct mq_pg_conn *c = mq_pg_acquire(cls);
	enum mq_err err;

	if (!c)
		return MQ_ERR_DB;
	err = mq_pg_run_on(c, MQ_PG_CONSOLE, clear, MQ_OK, MQ_PG_ARGS(MQ_PG_TEXT(owner)), NULL);
	for (size_t i = 0; err == MQ_OK && i < n; i++) {
		if (extra)
			err = mq_pg_run_on(c, MQ_PG_CONSOLE, add, MQ_OK,
					   MQ_PG_ARGS(MQ_PG_TEXT(owner), MQ_PG_TEXT(extra),
						      MQ_PG_TEXT(keys[i])), NULL);
		else
			err = mq_pg_run_on(c, MQ_PG_CONSOLE, add, MQ_OK,
					   MQ_PG_ARGS(MQ_PG_TEXT(owner), MQ_PG_TEXT(keys[i])),
					   NULL);
	}
	mq_pg_release(cls, c);
	return err;
}

static enum mq_err db_topic_members_set(void *cls, const char *topic, const char *const *keys,
					size_t n)
{
	return set_keys(cls, C_TOPIC_MEMBERS_CLEAR, C_TOPIC_MEMBER_ADD, topic, NULL, keys, n);
}

static enum mq_err db_topic_members_iterate(void *cls, const char *topic, mq_db_member_cb cb,
					    void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_TOPIC_MEMBERS_OF, MQ_PG_ARGS(MQ_PG_TEXT(topic)),
			   mq_pg_member_row, (void *)cb, cb_cls);
}

/* ---- members ------------------------------------------------------------- */

static bool member_admin_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_member_admin m;

	mq_pg_read_member(r, &m.m);
	m.studio_name = mq_pg_str(r, 5);
	m.badge_code = mq_pg_text(r, 6);
	m.has_pin = mq_pg_bool(r, 7);
	m.communities = mq_pg_str(r, 8);
	return ((mq_db_member_admin_cb)cb)(cb_cls, &m);
}

static enum mq_err db_members_admin_iterate(void *cls, const char *studio, const char *key,
					    mq_db_member_admin_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_MEMBERS_ADMIN,
			   MQ_PG_ARGS(MQ_PG_OPT(studio), MQ_PG_OPT(key)), member_admin_row,
			   (void *)cb, cb_cls);
}

static enum mq_err db_member_update(void *cls, const struct mq_db_member *m,
				    const char *badge_code)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_MEMBER_UPDATE, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(m->key), MQ_PG_TEXT(m->sector),
				    MQ_PG_TEXT(m->expertise), MQ_PG_OPT(badge_code)));
}

static enum mq_err db_member_communities_set(void *cls, const char *key, const char *studio,
					     const char *const *keys, size_t n)
{
	return set_keys(cls, C_MEMBER_COMMUNITIES_CLEAR, C_MEMBER_COMMUNITY_ADD, key, studio,
			keys, n);
}

static enum mq_err db_member_pin_set(void *cls, const char *key, const char *pin_hash)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_MEMBER_PIN_SET, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(key), MQ_PG_TEXT(pin_hash)));
}

/* ---- kiosks, ratings ----------------------------------------------------- */

static enum mq_err db_heartbeat_put(void *cls, const struct mq_db_heartbeat *hb)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_HEARTBEAT_PUT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(hb->device), MQ_PG_INT(hb->at),
				    MQ_PG_TEXT(hb->version), MQ_PG_INT(hb->uptime_s),
				    MQ_PG_INT(hb->queue_depth), MQ_PG_INT(hb->oldest_queued_age_s),
				    MQ_PG_INT(hb->disk_free_bytes), MQ_PG_OPT(hb->last_error)));
}

static bool kiosk_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_kiosk k = {
		.id = mq_pg_str(r, 0),
		.studio = mq_pg_str(r, 1),
		.studio_name = mq_pg_str(r, 2),
		.created_at = mq_pg_int(r, 3),
		.last_seen = mq_pg_int(r, 4),
		.has_heartbeat = mq_pg_bool(r, 5),
		.hb = {
			.device = mq_pg_str(r, 0),
			.at = mq_pg_int(r, 6),
			.version = mq_pg_str(r, 7),
			.uptime_s = mq_pg_int(r, 8),
			.queue_depth = mq_pg_int(r, 9),
			.oldest_queued_age_s = mq_pg_int(r, 10),
			.disk_free_bytes = mq_pg_int(r, 11),
			.last_error = mq_pg_text(r, 12),
		},
		.revoked_at = mq_pg_int(r, 13),
	};

	return ((mq_db_kiosk_cb)cb)(cb_cls, &k);
}

static enum mq_err db_kiosks_iterate(void *cls, const char *studio, mq_db_kiosk_cb cb,
				     void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_KIOSKS_LIST, MQ_PG_ARGS(MQ_PG_OPT(studio)),
			   kiosk_row, (void *)cb, cb_cls);
}

static enum mq_err db_rating_insert(void *cls, const char *opinion, int stars,
				    const char *comment, int64_t at, const char *channel)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_RATING_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(opinion), MQ_PG_INT(stars),
				    MQ_PG_TEXT(comment ? comment : ""), MQ_PG_INT(at),
				    MQ_PG_TEXT(channel)));
}

/* ---- statistics, counts -------------------------------------------------- */

static bool stat_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_stat_row row = {
		.key = mq_pg_str(r, 0),
		.label = mq_pg_text(r, 1),
	};
	int n = mq_pg_columns(r);

	/* counts from column 2 on; column 6 is also x, a street's average */
	for (int i = 0; i < 5 && 2 + i < n; i++)
		row.n[i] = mq_pg_int(r, 2 + i);
	if (n > 6)
		row.x = mq_pg_double(r, 6);
	if (!row.label)
		row.label = row.key;
	return ((mq_db_stat_cb)cb)(cb_cls, &row);
}

static enum mq_err db_stats_iterate(void *cls, enum mq_db_stat which, const char *studio,
				    int64_t now, mq_db_stat_cb cb, void *cb_cls)
{
	static const enum cstmt_id ids[] = {
		[MQ_STAT_BY_STREET] = C_STATS_BY_STREET,
		[MQ_STAT_BY_CATEGORY] = C_STATS_BY_CATEGORY,
		[MQ_STAT_BY_MONTH] = C_STATS_BY_MONTH,
		[MQ_STAT_STAGE_SPANS] = C_STATS_STAGE_SPANS,
		[MQ_STAT_STARS] = C_STATS_STARS,
		[MQ_STAT_MEMBERS] = C_STATS_MEMBERS,
	};

	if ((size_t)which >= sizeof ids / sizeof ids[0])
		return MQ_ERR_INVALID;
	if (which == MQ_STAT_BY_STREET)
		return mq_pg_query(cls, MQ_PG_CONSOLE, ids[which],
				   MQ_PG_ARGS(MQ_PG_OPT(studio), MQ_PG_INT(now)), stat_row,
				   (void *)cb, cb_cls);
	return mq_pg_query(cls, MQ_PG_CONSOLE, ids[which], MQ_PG_ARGS(MQ_PG_OPT(studio)),
			   stat_row, (void *)cb, cb_cls);
}

static bool counts_out(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_counts *out = o;

	out->records = mq_pg_int(r, 0);
	out->opinions = mq_pg_int(r, 1);
	out->topics = mq_pg_int(r, 2);
	out->ratings = mq_pg_int(r, 3);
	out->devices = mq_pg_int(r, 4);
	return false;
}

static enum mq_err db_counts_get(void *cls, struct mq_db_counts *out)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_COUNTS, MQ_PG_NO_ARGS, counts_out, out, NULL);
}

/* ---- Open311 keys, studios ----------------------------------------------- */

static enum mq_err db_open311_key_insert(void *cls, const struct mq_db_open311_key *k)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_OPEN311_KEY_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(k->key_hash), MQ_PG_TEXT(k->studio),
				    MQ_PG_TEXT(k->device), MQ_PG_TEXT(k->label),
				    MQ_PG_INT(k->created_at)));
}

static bool open311_key_out(const struct mq_pg_row *r, void *o, void *unused)
{
	struct mq_db_open311_key *out = o;

	mq_pg_copy(r, 0, out->key_hash, sizeof out->key_hash);
	mq_pg_copy(r, 1, out->studio, sizeof out->studio);
	mq_pg_copy(r, 2, out->device, sizeof out->device);
	mq_pg_copy(r, 3, out->label, sizeof out->label);
	out->created_at = mq_pg_int(r, 4);
	out->revoked_at = mq_pg_int(r, 5);
	return false;
}

static enum mq_err db_open311_key_get(void *cls, const char *key_hash,
				      struct mq_db_open311_key *out)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_OPEN311_KEY_GET,
			       MQ_PG_ARGS(MQ_PG_TEXT(key_hash)), open311_key_out, out, NULL);
}

static enum mq_err db_studios_iterate(void *cls, mq_db_named_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_STUDIOS_ALL, MQ_PG_NO_ARGS, mq_pg_named_row,
			   (void *)cb, cb_cls);
}

/* ---- accounts managed in the console (0004_staff.sql) -------------------- */

static bool staff_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_staff st = {
		.created_at = mq_pg_int(r, 4),
		.disabled = mq_pg_bool(r, 5),
		.last_login = mq_pg_int(r, 6),
	};

	if (!col_role(r, 1, &st.role))
		return true;   /* not listed */
	mq_pg_copy(r, 0, st.username, sizeof st.username);
	mq_pg_copy(r, 2, st.studio, sizeof st.studio);
	mq_pg_copy(r, 3, st.member, sizeof st.member);
	return ((mq_db_staff_cb)cb)(cb_cls, &st);
}

static enum mq_err db_staff_iterate(void *cls, mq_db_staff_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_STAFF_LIST, MQ_PG_NO_ARGS, staff_row, (void *)cb,
			   cb_cls);
}

static enum mq_err db_staff_insert(void *cls, const struct mq_db_staff *st)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_STAFF_INSERT, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(st->username), MQ_PG_TEXT(mq_role_key(st->role)),
				    MQ_PG_OPT(st->studio), MQ_PG_OPT(st->member),
				    MQ_PG_TEXT(st->pw_hash), MQ_PG_INT(st->created_at)));
}

static enum mq_err db_staff_password_set(void *cls, const char *username, const char *pw_hash,
					 const char *keep)
{
	return write_then_drop(cls, C_STAFF_PASSWORD_SET, MQ_ERR_NOT_FOUND,
			       MQ_PG_ARGS(MQ_PG_TEXT(username), MQ_PG_TEXT(pw_hash)), true,
			       username, keep);
}

static enum mq_err db_staff_disabled_set(void *cls, const char *username, bool disabled)
{
	return write_then_drop(cls, C_STAFF_DISABLED_SET, MQ_ERR_NOT_FOUND,
			       MQ_PG_ARGS(MQ_PG_TEXT(username), MQ_PG_INT(disabled)), disabled,
			       username, NULL);
}

/* ---- technician PINs (0007_service_pin.sql) ------------------------------ */

static enum mq_err db_service_pin_set(void *cls, const char *scope, const char *pin_hash,
				      int64_t at, const char *by)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_SERVICE_PIN_SET, MQ_OK,
			 MQ_PG_ARGS(MQ_PG_TEXT(scope), MQ_PG_TEXT(pin_hash), MQ_PG_INT(at),
				    MQ_PG_TEXT(by)));
}

static enum mq_err db_service_pin_clear(void *cls, const char *scope)
{
	return mq_pg_run(cls, MQ_PG_CONSOLE, C_SERVICE_PIN_CLEAR, MQ_ERR_NOT_FOUND,
			 MQ_PG_ARGS(MQ_PG_TEXT(scope)));
}

static bool pin_hash_out(const struct mq_pg_row *r, void *o, void *unused)
{
	mq_pg_copy(r, 0, o, MQ_DB_PWHASH_MAX);
	return false;
}

static enum mq_err db_service_pin_get(void *cls, const char *studio, char *out)
{
	return mq_pg_query_one(cls, MQ_PG_CONSOLE, C_SERVICE_PIN_GET,
			       MQ_PG_ARGS(MQ_PG_TEXT(studio)), pin_hash_out, out, NULL);
}

static bool service_pin_row(const struct mq_pg_row *r, void *cb, void *cb_cls)
{
	struct mq_db_service_pin p = {
		.scope = mq_pg_str(r, 0),
		.studio_name = mq_pg_str(r, 1),
		.set_at = mq_pg_int(r, 2),
		.set_by = mq_pg_str(r, 3),
	};

	return ((mq_db_service_pin_cb)cb)(cb_cls, &p);
}

static enum mq_err db_service_pins_iterate(void *cls, mq_db_service_pin_cb cb, void *cb_cls)
{
	return mq_pg_query(cls, MQ_PG_CONSOLE, C_SERVICE_PINS_LIST, MQ_PG_NO_ARGS,
			   service_pin_row, (void *)cb, cb_cls);
}

/* ---- the block ----------------------------------------------------------- */

void mq_pg_console_init(struct mq_db *iface)
{
	mq_pg_stmts_init(iface->cls, MQ_PG_CONSOLE, cstmt_sql, C_COUNT);
	iface->staff_put = db_staff_put;
	iface->staff_get = db_staff_get;
	iface->session_insert = db_session_insert;
	iface->session_get = db_session_get;
	iface->session_delete = db_session_delete;
	iface->audit_insert = db_audit_insert;
	iface->audit_iterate = db_audit_iterate;
	iface->opinions_iterate = db_opinions_iterate;
	iface->opinion_get = db_opinion_get;
	iface->opinion_get_tracked = db_opinion_get_tracked;
	iface->opinion_triage = db_opinion_triage;
	iface->topic_insert = db_topic_insert;
	iface->topic_update = db_topic_update;
	iface->topic_get = db_topic_get;
	iface->topics_iterate = db_topics_iterate;
	iface->topic_members_set = db_topic_members_set;
	iface->topic_members_iterate = db_topic_members_iterate;
	iface->members_admin_iterate = db_members_admin_iterate;
	iface->member_update = db_member_update;
	iface->member_communities_set = db_member_communities_set;
	iface->member_pin_set = db_member_pin_set;
	iface->heartbeat_put = db_heartbeat_put;
	iface->kiosks_iterate = db_kiosks_iterate;
	iface->rating_insert = db_rating_insert;
	iface->stats_iterate = db_stats_iterate;
	iface->counts_get = db_counts_get;
	iface->open311_key_insert = db_open311_key_insert;
	iface->open311_key_get = db_open311_key_get;
	iface->studios_iterate = db_studios_iterate;
	iface->staff_iterate = db_staff_iterate;
	iface->staff_insert = db_staff_insert;
	iface->staff_password_set = db_staff_password_set;
	iface->staff_disabled_set = db_staff_disabled_set;
	iface->service_pin_set = db_service_pin_set;
	iface->service_pin_clear = db_service_pin_clear;
	iface->service_pin_get = db_service_pin_get;
	iface->service_pins_iterate = db_service_pins_iterate;
}
