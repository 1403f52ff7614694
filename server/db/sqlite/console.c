/* console.c — the SQLite implementation of the console block of struct
 * mq_db (mq_db.h, rows in mq_db_console.h): staff, sessions, the audit log,
 * triage and topics, members' records, kiosk health, ratings, statistics,
 * Open311 keys; on the connection and lock of conn.c (mq_sqlite.h). Every
 * statement is named in the table below with its caller, prepared on first
 * use and kept for the connection's life. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_log.h"
#include "mq_sqlite.h"

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
static const struct mq_sqlite_stmt_def cstmt_sql[C_COUNT] = {
	/* caller: db_staff_put */
	[C_STAFF_PUT] = { "staff_put",
		"INSERT INTO staff (username, role, studio, member, pw_hash, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (username) DO UPDATE SET"
		" role = excluded.role, studio = excluded.studio, member = excluded.member,"
		" pw_hash = excluded.pw_hash" },
	/* caller: db_staff_put, db_staff_password_set, db_staff_disabled_set (a new
	 * password or disabling ends the sessions, all but ?2 unless NULL) */
	[C_STAFF_SESSIONS_DROP] = { "staff_sessions_drop",
		"DELETE FROM sessions WHERE username = ?1 AND (?2 IS NULL OR id <> ?2)" },
	/* caller: db_staff_get */
	[C_STAFF_GET] = { "staff_get",
		"SELECT username, role, coalesce(studio, ''), coalesce(member, ''), pw_hash,"
		" created_at, disabled FROM staff WHERE username = ?1" },
	/* caller: db_session_insert */
	[C_SESSION_INSERT] = { "session_insert",
		"INSERT INTO sessions (id, username, csrf, created_at, expires_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)" },
	/* caller: db_session_get */
	[C_SESSION_GET] = { "session_get",
		"SELECT s.id, s.csrf, s.created_at, s.expires_at, t.username, t.role,"
		" coalesce(t.studio, ''), coalesce(t.member, ''), t.created_at"
		" FROM sessions s JOIN staff t ON t.username = s.username"
		" WHERE s.id = ?1 AND s.expires_at > ?2 AND t.disabled = 0" },
	/* caller: db_session_delete */
	[C_SESSION_DELETE] = { "session_delete",
		"DELETE FROM sessions WHERE id = ?1 OR expires_at <= ?2" },
	/* caller: db_audit_insert */
	[C_AUDIT_INSERT] = { "audit_insert",
		"INSERT INTO audit_log (at, actor, studio, action, subject, before, after)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)" },
	/* caller: db_audit_iterate */
	[C_AUDIT_LIST] = { "audit_list",
		"SELECT id, at, actor, studio, action, subject, before, after FROM audit_log"
		" WHERE (?1 IS NULL OR studio = ?1) ORDER BY id DESC LIMIT ?2" },
	/* caller: db_opinions_iterate */
	[C_OPINIONS_LIST] = { "opinions_list",
		OPINION_SELECT MQ_SQLITE_OPINION_WHERE
		" ORDER BY o.created_at DESC, o.id LIMIT ?10 OFFSET ?11" },
	/* caller: db_opinion_get */
	[C_OPINION_GET] = { "opinion_get", OPINION_SELECT " WHERE o.id = ?1" },
	/* caller: db_opinion_get_tracked */
	[C_OPINION_GET_BY_TOKEN] = { "opinion_get_tracked", OPINION_SELECT " WHERE o.token = ?1" },
	/* caller: db_opinion_triage */
	[C_OPINION_TRIAGE] = { "opinion_triage",
		"UPDATE opinions SET disposition = ?2, topic = ?3, department = ?4,"
		" duplicate_of = ?5, assigned_member = ?6, closed_at = nullif(?7, 0)"
		" WHERE id = ?1" },
	/* caller: db_topic_insert */
	[C_TOPIC_INSERT] = { "topic_insert",
		"INSERT INTO topics (id, no, studio, title, stage, created_at, created_by)"
		" VALUES (?1, (SELECT coalesce(max(no), 0) + 1 FROM topics), ?2, ?3, 'research',"
		" ?4, ?5) RETURNING no" },
	/* caller: db_topic_update */
	[C_TOPIC_UPDATE] = { "topic_update",
		"UPDATE topics SET title = ?2, stage = ?3, visits_planned = ?4, visits_done = ?5,"
		" research_note = ?6, consult_form = ?7, consult_date = ?8, participants = ?9,"
		" outcome = ?10, result = ?11, published_at = nullif(?12, 0), followup_due = ?13,"
		" supervision = ?14, closed_at = nullif(?15, 0) WHERE id = ?1" },
	/* caller: db_topic_get */
	[C_TOPIC_GET] = { "topic_get", TOPIC_SELECT " WHERE t.id = ?1" },
	/* caller: db_topics_iterate */
	[C_TOPICS_LIST] = { "topics_list",
		TOPIC_SELECT
		" WHERE (?1 IS NULL OR t.studio = ?1)"
		" AND (?2 IS NULL OR t.id IN (SELECT topic FROM topic_members WHERE member = ?2))"
		" AND (?3 IS NULL OR t.stage = ?3) AND (?4 = 0 OR t.published_at IS NOT NULL)"
		" AND (?6 IS NULL OR t.id = ?6)"
		" ORDER BY CASE WHEN ?4 THEN t.published_at ELSE t.created_at END DESC, t.no DESC"
		" LIMIT ?5" },
	/* caller: db_topic_members_set */
	[C_TOPIC_MEMBERS_CLEAR] = { "topic_members_clear",
		"DELETE FROM topic_members WHERE topic = ?1" },
	/* caller: db_topic_members_set */
	[C_TOPIC_MEMBER_ADD] = { "topic_member_add",
		"INSERT OR IGNORE INTO topic_members (topic, member) VALUES (?1, ?2)" },
	/* caller: db_topic_members_iterate */
	[C_TOPIC_MEMBERS_OF] = { "topic_members_of",
		"SELECT m.key, m.name, m.sector, m.expertise, m.studio FROM topic_members tm"
		" JOIN members m ON m.key = tm.member WHERE tm.topic = ?1 ORDER BY m.sort, m.key" },
	/* caller: db_members_admin_iterate */
	[C_MEMBERS_ADMIN] = { "members_admin",
		"SELECT m.key, m.name, m.sector, m.expertise, m.studio, s.name, m.badge_code,"
		" m.pin_hash IS NOT NULL, coalesce((SELECT group_concat(mc.community, ',')"
		"   FROM member_communities mc WHERE mc.member = m.key), '')"
		" FROM members m JOIN studios s ON s.id = m.studio JOIN streets st ON st.key = s.street"
		" WHERE (?1 IS NULL OR m.studio = ?1) AND (?2 IS NULL OR m.key = ?2)"
		" ORDER BY st.sort, m.sort, m.key" },
	/* caller: db_member_update */
	[C_MEMBER_UPDATE] = { "member_update",
		"UPDATE members SET sector = ?2, expertise = ?3, badge_code = ?4 WHERE key = ?1" },
	/* caller: db_member_communities_set */
	[C_MEMBER_COMMUNITIES_CLEAR] = { "member_communities_clear",
		"DELETE FROM member_communities WHERE member = ?1" },
	/* caller: db_member_communities_set */
	[C_MEMBER_COMMUNITY_ADD] = { "member_community_add",
		"INSERT OR IGNORE INTO member_communities (member, studio, community)"
		" VALUES (?1, ?2, ?3)" },
	/* caller: db_member_pin_set */
	[C_MEMBER_PIN_SET] = { "member_pin_set",
		"UPDATE members SET pin_hash = ?2 WHERE key = ?1" },
	/* caller: db_heartbeat_put */
	[C_HEARTBEAT_PUT] = { "heartbeat_put",
		"INSERT INTO kiosk_health (device, at, version, uptime_s, queue_depth,"
		" oldest_queued_age_s, disk_free_bytes, last_error)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (device) DO UPDATE SET"
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
		" AND (?1 IS NULL OR d.studio = ?1) ORDER BY d.studio, d.id" },
	/* caller: db_rating_insert */
	[C_RATING_INSERT] = { "rating_insert",
		"INSERT INTO ratings (opinion, stars, comment, at, channel)"
		" VALUES (?1, ?2, ?3, ?4, ?5)" },
	/* caller: db_stats_iterate (MQ_STAT_BY_STREET) */
	[C_STATS_BY_STREET] = { "stats_by_street",
		"SELECT st.key, st.name,"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id),"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id AND EXISTS"
		"   (SELECT 1 FROM stage_events e WHERE " MQ_SQLITE_EVENT_OF_OPINION
		"    AND e.stage = 'feedback'"
		"    AND e.at - o.created_at <= 2592000)),"
		" (SELECT count(*) FROM opinions o WHERE o.studio = s.id AND (o.created_at <= ?2 - 2592000"
		"   OR EXISTS (SELECT 1 FROM stage_events e WHERE " MQ_SQLITE_EVENT_OF_OPINION
		"    AND e.stage = 'feedback' AND e.at - o.created_at <= 2592000))),"
		" (SELECT count(*) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		"   WHERE o.studio = s.id),"
		" (SELECT coalesce(avg(r.stars), 0) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		"   WHERE o.studio = s.id)"
		" FROM streets st JOIN studios s ON s.street = st.key"
		" WHERE (?1 IS NULL OR s.id = ?1) ORDER BY st.sort, st.key" },
	/* caller: db_stats_iterate (MQ_STAT_BY_CATEGORY) */
	[C_STATS_BY_CATEGORY] = { "stats_by_category",
		"SELECT c.key, c.name, count(o.id) FROM categories c"
		" LEFT JOIN opinions o ON o.category = c.key AND (?1 IS NULL OR o.studio = ?1)"
		" GROUP BY c.key ORDER BY c.sort, c.key" },
	/* caller: db_stats_iterate (MQ_STAT_BY_MONTH); months in Asia/Shanghai */
	[C_STATS_BY_MONTH] = { "stats_by_month",
		"SELECT strftime('%Y-%m', o.created_at + 28800, 'unixepoch'), NULL, count(*)"
		" FROM opinions o WHERE (?1 IS NULL OR o.studio = ?1) GROUP BY 1 ORDER BY 1" },
	/* caller: db_stats_iterate (MQ_STAT_STAGE_SPANS): from first reaching a
	 * stage to first reaching the next one, per opinion */
	[C_STATS_STAGE_SPANS] = { "stats_stage_spans",
		"WITH firsts AS (SELECT e.subject, e.stage, min(e.at) AS at,"
		"   CASE e.stage WHEN 'collected' THEN 0 WHEN 'triaged' THEN 1"
		"   WHEN 'research' THEN 2 WHEN 'consult' THEN 3 ELSE 4 END AS ord"
		"   FROM stage_events e JOIN opinions o ON o.id = e.subject"
		"   WHERE e.subject_kind = 'opinion' AND (?1 IS NULL OR o.studio = ?1)"
		"   GROUP BY e.subject, e.stage),"
		" spans AS (SELECT stage, lead(at) OVER (PARTITION BY subject ORDER BY ord) - at AS d"
		"   FROM firsts)"
		" SELECT stage, NULL, d FROM spans WHERE d IS NOT NULL" },
	/* caller: db_stats_iterate (MQ_STAT_STARS) */
	[C_STATS_STARS] = { "stats_stars",
		"SELECT r.stars, NULL, count(*) FROM ratings r JOIN opinions o ON o.id = r.opinion"
		" WHERE (?1 IS NULL OR o.studio = ?1) GROUP BY r.stars ORDER BY r.stars" },
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
		" WHERE (?1 IS NULL OR m.studio = ?1) ORDER BY st.sort, m.sort, m.key" },
	/* caller: db_counts_get */
	[C_COUNTS] = { "counts",
		"SELECT (SELECT count(*) FROM records), (SELECT count(*) FROM opinions),"
		" (SELECT count(*) FROM topics), (SELECT count(*) FROM ratings),"
		" (SELECT count(*) FROM devices WHERE id NOT IN (SELECT device FROM open311_keys)"
		" AND id NOT LIKE 'phone-%')" },
	/* caller: db_open311_key_insert */
	[C_OPEN311_KEY_INSERT] = { "open311_key_insert",
		"INSERT INTO open311_keys (key_hash, studio, device, label, created_at)"
		" VALUES (?1, ?2, ?3, ?4, ?5)" },
	/* caller: db_open311_key_get */
	[C_OPEN311_KEY_GET] = { "open311_key_get",
		"SELECT key_hash, studio, device, label, created_at, coalesce(revoked_at, 0)"
		" FROM open311_keys WHERE key_hash = ?1" },
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
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6)" },
	/* caller: db_staff_password_set */
	[C_STAFF_PASSWORD_SET] = { "staff_password_set",
		"UPDATE staff SET pw_hash = ?2 WHERE username = ?1" },
	/* caller: db_staff_disabled_set */
	[C_STAFF_DISABLED_SET] = { "staff_disabled_set",
		"UPDATE staff SET disabled = ?2 WHERE username = ?1" },
	/* caller: db_service_pin_set */
	[C_SERVICE_PIN_SET] = { "service_pin_set",
		"INSERT INTO service_pins (scope, pin_hash, set_at, set_by) VALUES (?1, ?2, ?3, ?4)"
		" ON CONFLICT (scope) DO UPDATE SET pin_hash = excluded.pin_hash,"
		" set_at = excluded.set_at, set_by = excluded.set_by" },
	/* caller: db_service_pin_clear */
	[C_SERVICE_PIN_CLEAR] = { "service_pin_clear",
		"DELETE FROM service_pins WHERE scope = ?1" },
	/* caller: db_service_pin_get (the studio's own wins over '*') */
	[C_SERVICE_PIN_GET] = { "service_pin_get",
		"SELECT pin_hash FROM service_pins WHERE scope IN (?1, '*')"
		" ORDER BY scope = '*' LIMIT 1" },
	/* caller: db_service_pins_iterate */
	[C_SERVICE_PINS_LIST] = { "service_pins_list",
		"SELECT p.scope, coalesce(s.name, ''), p.set_at, p.set_by FROM service_pins p"
		" LEFT JOIN studios s ON s.id = p.scope ORDER BY p.scope <> '*', p.scope" },
};

/* This block's statement @p id (mq_sqlite_stmt). */
static sqlite3_stmt *cstmt(void *cls, enum cstmt_id id)
{
	return mq_sqlite_stmt(cls, MQ_SQLITE_CONSOLE, id);
}

/* ---- staff, sessions, login failures, audit ------------------------------ */

/* Ends the sessions of @p username but @p keep (NULL: all). With the lock held. */
/* Reads the role of column @p col; false (logged) for a key the schema's
 * CHECK should have refused. */
static bool col_role(sqlite3_stmt *s, int col, enum mq_role *out)
{
	if (mq_role_parse(mq_sqlite_col_text(s, col), out))
		return true;
	mq_log_error("db", "staff row with an unknown role");
	return false;
}

static enum mq_err drop_sessions(void *cls, const char *username, const char *keep)
{
	sqlite3_stmt *s = cstmt(cls, C_STAFF_SESSIONS_DROP);

	if (!s)
		return MQ_ERR_DB;
	mq_sqlite_bind_text(s, 1, username);
	mq_sqlite_bind_opt(s, 2, keep);   /* always bound: bindings outlive a reset */
	return mq_sqlite_exec(cls, s);
}

static enum mq_err db_staff_put(void *cls, const struct mq_db_staff *st)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_STAFF_PUT))) {
		mq_sqlite_bind_text(s, 1, st->username);
		mq_sqlite_bind_text(s, 2, mq_role_key(st->role));
		mq_sqlite_bind_opt(s, 3, st->studio);
		mq_sqlite_bind_opt(s, 4, st->member);
		mq_sqlite_bind_text(s, 5, st->pw_hash);
		sqlite3_bind_int64(s, 6, st->created_at);
		err = mq_sqlite_exec(cls, s);
	}
	if (err == MQ_OK)
		err = drop_sessions(cls, st->username, NULL);
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_staff_get(void *cls, const char *username, struct mq_db_staff *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_STAFF_GET))) {
		mq_sqlite_bind_text(s, 1, username);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			mq_sqlite_col_copy(s, 0, out->username, sizeof out->username);
			if (!col_role(s, 1, &out->role))
				err = MQ_ERR_DB;
			mq_sqlite_col_copy(s, 2, out->studio, sizeof out->studio);
			mq_sqlite_col_copy(s, 3, out->member, sizeof out->member);
			mq_sqlite_col_copy(s, 4, out->pw_hash, sizeof out->pw_hash);
			out->created_at = sqlite3_column_int64(s, 5);
			out->disabled = sqlite3_column_int(s, 6) != 0;
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_session_insert(void *cls, const struct mq_db_session *se)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_SESSION_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(se->id), MQ_TEXT(se->staff.username),
					    MQ_TEXT(se->csrf), MQ_INT(se->created_at),
					    MQ_INT(se->expires_at)));
}

static enum mq_err db_session_get(void *cls, const char *id, int64_t now,
				  struct mq_db_session *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_SESSION_GET))) {
		mq_sqlite_bind_text(s, 1, id);
		sqlite3_bind_int64(s, 2, now);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			memset(out, 0, sizeof *out);
			mq_sqlite_col_copy(s, 0, out->id, sizeof out->id);
			mq_sqlite_col_copy(s, 1, out->csrf, sizeof out->csrf);
			out->created_at = sqlite3_column_int64(s, 2);
			out->expires_at = sqlite3_column_int64(s, 3);
			mq_sqlite_col_copy(s, 4, out->staff.username, sizeof out->staff.username);
			if (!col_role(s, 5, &out->staff.role))
				err = MQ_ERR_DB;
			mq_sqlite_col_copy(s, 6, out->staff.studio, sizeof out->staff.studio);
			mq_sqlite_col_copy(s, 7, out->staff.member, sizeof out->staff.member);
			out->staff.created_at = sqlite3_column_int64(s, 8);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_session_delete(void *cls, const char *id, int64_t now)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_SESSION_DELETE, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(id), MQ_INT(now)));
}

static enum mq_err db_audit_insert(void *cls, const struct mq_db_audit *a)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_AUDIT_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_INT(a->at), MQ_TEXT(a->actor),
					    MQ_OPT(a->studio), MQ_TEXT(a->action),
					    MQ_TEXT(a->subject), MQ_TEXT(a->before),
					    MQ_TEXT(a->after)));
}

static bool audit_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_audit a = {
		.id = sqlite3_column_int64(s, 0),
		.at = sqlite3_column_int64(s, 1),
		.actor = mq_sqlite_col_str(s, 2),
		.studio = mq_sqlite_col_text(s, 3),
		.action = mq_sqlite_col_str(s, 4),
		.subject = mq_sqlite_col_str(s, 5),
		.before = mq_sqlite_col_text(s, 6),
		.after = mq_sqlite_col_text(s, 7),
	};

	return ((mq_db_audit_cb)cb)(cb_cls, &a);
}

static enum mq_err db_audit_iterate(void *cls, const char *studio, unsigned int limit,
				    mq_db_audit_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_CONSOLE, C_AUDIT_LIST,
			       MQ_SQLITE_ARGS(MQ_OPT(studio), MQ_INT(limit)),
			       audit_row, (void *)cb, cb_cls);
}

/* ---- opinions and triage ------------------------------------------------- */

static bool opinion_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_console_opinion o = {
		.op = {
			.id = mq_sqlite_col_str(s, 0),
			.token = mq_sqlite_col_str(s, 1),
			.short_code = mq_sqlite_col_str(s, 2),
			.studio = mq_sqlite_col_str(s, 3),
			.community = mq_sqlite_col_text(s, 4),
			.category = mq_sqlite_col_str(s, 5),
			.text = mq_sqlite_col_str(s, 6),
			.member = mq_sqlite_col_text(s, 7),
			.contact_name = mq_sqlite_col_text(s, 8),
			.contact_phone = mq_sqlite_col_text(s, 9),
			.channel = mq_sqlite_col_str(s, 10),
			.stage = mq_sqlite_col_stage(s, 11),
			.created_at = sqlite3_column_int64(s, 12),
			.studio_name = mq_sqlite_col_str(s, 13),
			.category_name = mq_sqlite_col_str(s, 14),
			.community_name = mq_sqlite_col_text(s, 15),
		},
		.disposition = mq_sqlite_col_text(s, 16),
		.topic = mq_sqlite_col_text(s, 17),
		.topic_no = sqlite3_column_int64(s, 18),
		.topic_title = mq_sqlite_col_text(s, 19),
		/* a topic's stage, when the opinion is in one */
		.topic_stage = mq_sqlite_col_text(s, 17) ? mq_sqlite_col_stage(s, 20)
							  : MQ_STAGE_COLLECTED,
		.topic_result = mq_sqlite_col_str(s, 21),
		.topic_published_at = sqlite3_column_int64(s, 22),
		.department = mq_sqlite_col_text(s, 23),
		.duplicate_of = mq_sqlite_col_text(s, 24),
		.assigned_member = mq_sqlite_col_text(s, 25),
		.member_name = mq_sqlite_col_text(s, 26),
		.assigned_name = mq_sqlite_col_text(s, 27),
		.closed_at = sqlite3_column_int64(s, 28),
		.stars = sqlite3_column_int(s, 29),
		.rating_comment = mq_sqlite_col_text(s, 30),
		.topic_closed_at = sqlite3_column_int64(s, 31),
	};

	return ((mq_db_console_opinion_cb)cb)(cb_cls, &o);
}

static enum mq_err db_opinions_iterate(void *cls, const struct mq_db_opinion_filter *f,
				       mq_db_console_opinion_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_CONSOLE, C_OPINIONS_LIST,
			       MQ_SQLITE_OPINION_FILTER_ARGS(f, MQ_INT(f->limit ? f->limit : 100),
							     MQ_INT(f->offset)),
			       opinion_row, (void *)cb, cb_cls);
}

/* Remembers that a row came (for the _get operations). */
struct got_one {
	void *cb;
	void *cb_cls;
	bool got;
};

static bool opinion_once(void *cls, const struct mq_db_console_opinion *row)
{
	struct got_one *g = cls;

	g->got = true;
	((mq_db_console_opinion_cb)g->cb)(g->cb_cls, row);
	return false;
}

/* The one opinion statement @p id finds by @p key, to @p cb. */
static enum mq_err opinion_one(void *cls, enum cstmt_id id, const char *key,
			       mq_db_console_opinion_cb cb, void *cb_cls)
{
	struct got_one g = { (void *)cb, cb_cls, false };
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_read_lock(cls);
	if ((s = cstmt(cls, id))) {
		mq_sqlite_bind_text(s, 1, key);
		err = mq_sqlite_iterate(cls, s, opinion_row, (void *)opinion_once, &g);
	}
	mq_sqlite_read_unlock(cls);
	return err == MQ_OK && !g.got ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_opinion_get(void *cls, const char *id, mq_db_console_opinion_cb cb,
				  void *cb_cls)
{
	return opinion_one(cls, C_OPINION_GET, id, cb, cb_cls);
}

static enum mq_err db_opinion_get_tracked(void *cls, const char *token,
					  mq_db_console_opinion_cb cb, void *cb_cls)
{
	return opinion_one(cls, C_OPINION_GET_BY_TOKEN, token, cb, cb_cls);
}

static enum mq_err db_opinion_triage(void *cls, const struct mq_db_triage *t)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_OPINION_TRIAGE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(t->id), MQ_OPT(t->disposition),
					    MQ_OPT(t->topic), MQ_OPT(t->department),
					    MQ_OPT(t->duplicate_of),
					    MQ_OPT(t->assigned_member), MQ_INT(t->closed_at)));
}

/* ---- topics -------------------------------------------------------------- */

static bool topic_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_topic t = {
		.id = mq_sqlite_col_str(s, 0),
		.no = sqlite3_column_int64(s, 1),
		.studio = mq_sqlite_col_str(s, 2),
		.studio_name = mq_sqlite_col_str(s, 3),
		.title = mq_sqlite_col_str(s, 4),
		.stage = mq_sqlite_col_stage(s, 5),
		.created_at = sqlite3_column_int64(s, 6),
		.created_by = mq_sqlite_col_str(s, 7),
		.visits_planned = sqlite3_column_int64(s, 8),
		.visits_done = sqlite3_column_int64(s, 9),
		.research_note = mq_sqlite_col_str(s, 10),
		.consult_form = mq_sqlite_col_text(s, 11),
		.consult_date = mq_sqlite_col_text(s, 12),
		.participants = mq_sqlite_col_str(s, 13),
		.outcome = mq_sqlite_col_str(s, 14),
		.result = mq_sqlite_col_str(s, 15),
		.published_at = sqlite3_column_int64(s, 16),
		.followup_due = mq_sqlite_col_text(s, 17),
		.supervision = mq_sqlite_col_str(s, 18),
		.closed_at = sqlite3_column_int64(s, 19),
		.n_opinions = sqlite3_column_int64(s, 20),
		.n_ratings = sqlite3_column_int64(s, 21),
		.avg_stars = sqlite3_column_double(s, 22),
	};

	return ((mq_db_topic_cb)cb)(cb_cls, &t);
}

static enum mq_err db_topic_insert(void *cls, const struct mq_db_topic *t, int64_t *no)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_TOPIC_INSERT))) {
		mq_sqlite_bind_text(s, 1, t->id);
		mq_sqlite_bind_text(s, 2, t->studio);
		mq_sqlite_bind_text(s, 3, t->title);
		sqlite3_bind_int64(s, 4, t->created_at);
		mq_sqlite_bind_text(s, 5, t->created_by);
		err = mq_sqlite_insert_returning(cls, s, no);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_topic_update(void *cls, const struct mq_db_topic *t)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_TOPIC_UPDATE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(t->id), MQ_TEXT(t->title),
					    MQ_TEXT(mq_stage_key(t->stage)), MQ_INT(t->visits_planned),
					    MQ_INT(t->visits_done),
					    MQ_TEXT(t->research_note ? t->research_note : ""),
					    MQ_OPT(t->consult_form), MQ_OPT(t->consult_date),
					    MQ_TEXT(t->participants ? t->participants : ""),
					    MQ_TEXT(t->outcome ? t->outcome : ""),
					    MQ_TEXT(t->result ? t->result : ""),
					    MQ_INT(t->published_at), MQ_OPT(t->followup_due),
					    MQ_TEXT(t->supervision ? t->supervision : ""),
					    MQ_INT(t->closed_at)));
}

static bool topic_once(void *cls, const struct mq_db_topic *row)
{
	struct got_one *g = cls;

	g->got = true;
	((mq_db_topic_cb)g->cb)(g->cb_cls, row);
	return false;
}

static enum mq_err db_topic_get(void *cls, const char *id, mq_db_topic_cb cb, void *cb_cls)
{
	struct got_one g = { (void *)cb, cb_cls, false };
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_TOPIC_GET))) {
		mq_sqlite_bind_text(s, 1, id);
		err = mq_sqlite_iterate(cls, s, topic_row, (void *)topic_once, &g);
	}
	mq_sqlite_unlock(cls);
	return err == MQ_OK && !g.got ? MQ_ERR_NOT_FOUND : err;
}

static enum mq_err db_topics_iterate(void *cls, const struct mq_db_topic_filter *f,
				     mq_db_topic_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_CONSOLE, C_TOPICS_LIST,
			       MQ_SQLITE_ARGS(MQ_OPT(f->studio), MQ_OPT(f->member),
					      MQ_OPT(f->by_stage ? mq_stage_key(f->stage) : NULL),
					      MQ_INT(f->published_only),
					      MQ_INT(f->limit ? f->limit : 100), MQ_OPT(f->id)),
			       topic_row, (void *)cb, cb_cls);
}

/* Replaces the (owner, key) rows: clear with @p clear, then add each key with
 * @p add bound as (owner, [extra,] key). */
static enum mq_err set_keys(void *cls, enum cstmt_id clear, enum cstmt_id add,
			    const char *owner, const char *extra, const char *const *keys,
			    size_t n)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, clear))) {
		mq_sqlite_bind_text(s, 1, owner);
		err = mq_sqlite_exec(cls, s);
	}
	for (size_t i = 0; err == MQ_OK && i < n; i++) {
		if (!(s = cstmt(cls, add))) {
			err = MQ_ERR_DB;
			break;
		}
		mq_sqlite_bind_text(s, 1, owner);
		if (extra) {
			mq_sqlite_bind_text(s, 2, extra);
			mq_sqlite_bind_text(s, 3, keys[i]);
		} else {
			mq_sqlite_bind_text(s, 2, keys[i]);
		}
		err = mq_sqlite_exec(cls, s);
	}
	mq_sqlite_unlock(cls);
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
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CONSOLE, C_TOPIC_MEMBERS_OF, topic, mq_sqlite_member_row,
				     (void *)cb, cb_cls);
}

/* ---- members ------------------------------------------------------------- */

static bool member_admin_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_member_admin m;

	mq_sqlite_read_member(s, &m.m);
	m.studio_name = mq_sqlite_col_str(s, 5);
	m.badge_code = mq_sqlite_col_text(s, 6);
	m.has_pin = sqlite3_column_int(s, 7) != 0;
	m.communities = mq_sqlite_col_str(s, 8);
	return ((mq_db_member_admin_cb)cb)(cb_cls, &m);
}

static enum mq_err db_members_admin_iterate(void *cls, const char *studio, const char *key,
					    mq_db_member_admin_cb cb, void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_CONSOLE, C_MEMBERS_ADMIN,
			       MQ_SQLITE_ARGS(MQ_OPT(studio), MQ_OPT(key)),
			       member_admin_row, (void *)cb, cb_cls);
}

static enum mq_err db_member_update(void *cls, const struct mq_db_member *m,
				    const char *badge_code)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_MEMBER_UPDATE, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(m->key), MQ_TEXT(m->sector),
					    MQ_TEXT(m->expertise), MQ_OPT(badge_code)));
}

static enum mq_err db_member_communities_set(void *cls, const char *key, const char *studio,
					     const char *const *keys, size_t n)
{
	return set_keys(cls, C_MEMBER_COMMUNITIES_CLEAR, C_MEMBER_COMMUNITY_ADD, key, studio,
			keys, n);
}

static enum mq_err db_member_pin_set(void *cls, const char *key, const char *pin_hash)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_MEMBER_PIN_SET, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(key), MQ_TEXT(pin_hash)));
}

/* ---- kiosks, ratings ----------------------------------------------------- */

static enum mq_err db_heartbeat_put(void *cls, const struct mq_db_heartbeat *hb)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_HEARTBEAT_PUT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(hb->device), MQ_INT(hb->at),
					    MQ_TEXT(hb->version), MQ_INT(hb->uptime_s),
					    MQ_INT(hb->queue_depth),
					    MQ_INT(hb->oldest_queued_age_s),
					    MQ_INT(hb->disk_free_bytes),
					    MQ_OPT(hb->last_error)));
}

static bool kiosk_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_kiosk k = {
		.id = mq_sqlite_col_str(s, 0),
		.studio = mq_sqlite_col_str(s, 1),
		.studio_name = mq_sqlite_col_str(s, 2),
		.created_at = sqlite3_column_int64(s, 3),
		.last_seen = sqlite3_column_int64(s, 4),
		.has_heartbeat = sqlite3_column_int(s, 5) != 0,
		.hb = {
			.device = mq_sqlite_col_str(s, 0),
			.at = sqlite3_column_int64(s, 6),
			.version = mq_sqlite_col_str(s, 7),
			.uptime_s = sqlite3_column_int64(s, 8),
			.queue_depth = sqlite3_column_int64(s, 9),
			.oldest_queued_age_s = sqlite3_column_int64(s, 10),
			.disk_free_bytes = sqlite3_column_int64(s, 11),
			.last_error = mq_sqlite_col_text(s, 12),
		},
		.revoked_at = sqlite3_column_int64(s, 13),
	};

	return ((mq_db_kiosk_cb)cb)(cb_cls, &k);
}

static enum mq_err db_kiosks_iterate(void *cls, const char *studio, mq_db_kiosk_cb cb,
				     void *cb_cls)
{
	return mq_sqlite_query(cls, MQ_SQLITE_CONSOLE, C_KIOSKS_LIST,
			       MQ_SQLITE_ARGS(MQ_OPT(studio)),
			       kiosk_row, (void *)cb, cb_cls);
}

static enum mq_err db_rating_insert(void *cls, const char *opinion, int stars,
				    const char *comment, int64_t at, const char *channel)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_RATING_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(opinion), MQ_INT(stars),
					    MQ_TEXT(comment ? comment : ""), MQ_INT(at),
					    MQ_TEXT(channel)));
}

/* ---- statistics, counts -------------------------------------------------- */

static bool stat_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_stat_row r = {
		.key = mq_sqlite_col_str(s, 0),
		.label = mq_sqlite_col_text(s, 1),
	};
	int n = sqlite3_column_count(s);

	/* counts from column 2 on; column 6 is also x, a street's average */
	for (int i = 0; i < 5 && 2 + i < n; i++)
		r.n[i] = sqlite3_column_int64(s, 2 + i);
	if (n > 6)
		r.x = sqlite3_column_double(s, 6);
	if (!r.label)
		r.label = r.key;
	return ((mq_db_stat_cb)cb)(cb_cls, &r);
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
	sqlite3_stmt *s;
	enum cstmt_id id;
	enum mq_err err = MQ_ERR_DB;

	if ((size_t)which >= sizeof ids / sizeof ids[0])
		return MQ_ERR_INVALID;
	id = ids[which];
	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, id))) {
		mq_sqlite_bind_opt(s, 1, studio);
		if (which == MQ_STAT_BY_STREET)
			sqlite3_bind_int64(s, 2, now);
		err = mq_sqlite_iterate(cls, s, stat_row, (void *)cb, cb_cls);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_counts_get(void *cls, struct mq_db_counts *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_COUNTS))) {
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			out->records = sqlite3_column_int64(s, 0);
			out->opinions = sqlite3_column_int64(s, 1);
			out->topics = sqlite3_column_int64(s, 2);
			out->ratings = sqlite3_column_int64(s, 3);
			out->devices = sqlite3_column_int64(s, 4);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

/* ---- Open311 keys -------------------------------------------------------- */

static enum mq_err db_open311_key_insert(void *cls, const struct mq_db_open311_key *k)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_OPEN311_KEY_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(k->key_hash), MQ_TEXT(k->studio),
					    MQ_TEXT(k->device), MQ_TEXT(k->label),
					    MQ_INT(k->created_at)));
}

static enum mq_err db_open311_key_get(void *cls, const char *key_hash,
				      struct mq_db_open311_key *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_OPEN311_KEY_GET))) {
		mq_sqlite_bind_text(s, 1, key_hash);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK) {
			mq_sqlite_col_copy(s, 0, out->key_hash, sizeof out->key_hash);
			mq_sqlite_col_copy(s, 1, out->studio, sizeof out->studio);
			mq_sqlite_col_copy(s, 2, out->device, sizeof out->device);
			mq_sqlite_col_copy(s, 3, out->label, sizeof out->label);
			out->created_at = sqlite3_column_int64(s, 4);
			out->revoked_at = sqlite3_column_int64(s, 5);
		}
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_studios_iterate(void *cls, mq_db_named_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CONSOLE, C_STUDIOS_ALL, NULL, mq_sqlite_named_row,
				     (void *)cb, cb_cls);
}

/* ---- accounts managed in the console (0004_staff.sql) -------------------- */

static bool staff_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_staff st = {
		.created_at = sqlite3_column_int64(s, 4),
		.disabled = sqlite3_column_int(s, 5) != 0,
		.last_login = sqlite3_column_int64(s, 6),
	};

	if (!col_role(s, 1, &st.role))
		return true;   /* not listed */
	mq_sqlite_col_copy(s, 0, st.username, sizeof st.username);
	mq_sqlite_col_copy(s, 2, st.studio, sizeof st.studio);
	mq_sqlite_col_copy(s, 3, st.member, sizeof st.member);
	return ((mq_db_staff_cb)cb)(cb_cls, &st);
}

static enum mq_err db_staff_iterate(void *cls, mq_db_staff_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CONSOLE, C_STAFF_LIST, NULL, staff_row,
				     (void *)cb, cb_cls);
}

static enum mq_err db_staff_insert(void *cls, const struct mq_db_staff *st)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_STAFF_INSERT, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(st->username), MQ_TEXT(mq_role_key(st->role)),
					    MQ_OPT(st->studio), MQ_OPT(st->member),
					    MQ_TEXT(st->pw_hash), MQ_INT(st->created_at)));
}

static enum mq_err db_staff_password_set(void *cls, const char *username, const char *pw_hash,
					 const char *keep)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_STAFF_PASSWORD_SET))) {
		mq_sqlite_bind_text(s, 1, username);
		mq_sqlite_bind_text(s, 2, pw_hash);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_NOT_FOUND);
	}
	if (err == MQ_OK)
		err = drop_sessions(cls, username, keep);
	mq_sqlite_unlock(cls);
	return err;
}

static enum mq_err db_staff_disabled_set(void *cls, const char *username, bool disabled)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_STAFF_DISABLED_SET))) {
		mq_sqlite_bind_text(s, 1, username);
		sqlite3_bind_int(s, 2, disabled);
		err = mq_sqlite_exec_one(cls, s, MQ_ERR_NOT_FOUND);
	}
	if (err == MQ_OK && disabled)
		err = drop_sessions(cls, username, NULL);
	mq_sqlite_unlock(cls);
	return err;
}

/* ---- technician PINs (0007_service_pin.sql) ------------------------------ */

static enum mq_err db_service_pin_set(void *cls, const char *scope, const char *pin_hash,
				      int64_t at, const char *by)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_SERVICE_PIN_SET, MQ_OK,
			     MQ_SQLITE_ARGS(MQ_TEXT(scope), MQ_TEXT(pin_hash), MQ_INT(at),
					    MQ_TEXT(by)));
}

static enum mq_err db_service_pin_clear(void *cls, const char *scope)
{
	return mq_sqlite_run(cls, MQ_SQLITE_CONSOLE, C_SERVICE_PIN_CLEAR, MQ_ERR_NOT_FOUND,
			     MQ_SQLITE_ARGS(MQ_TEXT(scope)));
}

static enum mq_err db_service_pin_get(void *cls, const char *studio, char *out)
{
	sqlite3_stmt *s;
	enum mq_err err = MQ_ERR_DB;

	mq_sqlite_lock(cls);
	if ((s = cstmt(cls, C_SERVICE_PIN_GET))) {
		mq_sqlite_bind_text(s, 1, studio);
		err = mq_sqlite_step_row(cls, s);
		if (err == MQ_OK)
			mq_sqlite_col_copy(s, 0, out, MQ_DB_PWHASH_MAX);
		sqlite3_reset(s);
	}
	mq_sqlite_unlock(cls);
	return err;
}

static bool service_pin_row(sqlite3_stmt *s, void *cb, void *cb_cls)
{
	struct mq_db_service_pin p = {
		.scope = mq_sqlite_col_str(s, 0),
		.studio_name = mq_sqlite_col_str(s, 1),
		.set_at = sqlite3_column_int64(s, 2),
		.set_by = mq_sqlite_col_str(s, 3),
	};

	return ((mq_db_service_pin_cb)cb)(cb_cls, &p);
}

static enum mq_err db_service_pins_iterate(void *cls, mq_db_service_pin_cb cb, void *cb_cls)
{
	return mq_sqlite_iterate_key(cls, MQ_SQLITE_CONSOLE, C_SERVICE_PINS_LIST, NULL,
				     service_pin_row, (void *)cb, cb_cls);
}

/* ---- lifecycle ----------------------------------------------------------- */

enum mq_err mq_sqlite_console_init(struct mq_db *iface)
{
	enum mq_err err = mq_sqlite_stmts_init(iface->cls, MQ_SQLITE_CONSOLE, cstmt_sql, C_COUNT);

	if (err != MQ_OK)
		return err;
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
	return MQ_OK;
}
