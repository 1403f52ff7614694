/* mq_console.h — private to server/: the staff console (/console/) and the
 * public side that goes with it (issue 6): forms and cookies, sessions and
 * CSRF, scoping by role, the console's page frame, the five-step workflow,
 * and one handler per route+method (h_console_*.c, h_open311_*.c, ...). */
#ifndef MQ_CONSOLE_H
#define MQ_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_buf.h"
#include "mq_html.h"
#include "mq_db.h"
#include "mq_form.h"
#include "mq_handlers.h"
#include "mq_http.h"
#include "mq_metrics.h"

#define MQ_CONSOLE_COOKIE "mq_session"
#define MQ_CONSOLE_LOGIN_COOKIE "mq_login"          /* the login form's CSRF secret */
#define MQ_CONSOLE_SESSION_S (12 * 3600)
#define MQ_CONSOLE_LOGIN_WINDOW_S (15 * 60)
#define MQ_CONSOLE_LOGIN_MAX_FAILURES 5               /* per user name and window */
#define MQ_CONSOLE_LOGIN_MAX_FAILURES_PER_ADDRESS 30  /* per client address and window */
#define MQ_CONSOLE_STALE_S (30 * 60)                  /* a kiosk unheard of this long is stale */

/* ---- sessions, CSRF, scope (console_auth.c) ----------------------------- */

/** Hash @p password for storage (argon2id, libsodium's interactive limits). */
bool mq_console_password_hash(const char *password, char out[MQ_DB_PWHASH_MAX]) MQ_MUST_CHECK;

/** True if @p username has the form 1..MQ_DB_USER_MAX of [a-z0-9_.-]. */
bool mq_console_username_ok(const char *username);

#define MQ_CONSOLE_PASSWORD_MIN 8     /* bytes; as staff-add has always asked */
#define MQ_CONSOLE_PASSWORD_MAX 200   /* bytes */

/** True if @p password may be a console password: valid UTF-8 of
 *  MQ_CONSOLE_PASSWORD_MIN..MQ_CONSOLE_PASSWORD_MAX bytes. The one rule of
 *  staff-add and of the console's account forms. */
bool mq_console_password_ok(const char *password);

/**
 * The new password of a console form, typed twice (fields `password` and
 * `password2` of @p form), checked by mq_console_password_ok and hashed
 * into @p hash. False with a Chinese explanation for the form in @p msg
 * when it is missing, the two differ, it breaks the rule or hashing fails.
 */
bool mq_console_new_password(const struct mq_form *form, char hash[MQ_DB_PWHASH_MAX],
			     char *msg, size_t size) MQ_MUST_CHECK;

/**
 * The session of this request. On success fills @p s and returns true.
 * Otherwise answers: a redirect to the login page for GET/HEAD, 403 for
 * other methods, 503 when storage fails; and returns false.
 */
bool mq_console_session(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			struct mq_db_session *s);

/**
 * For every console POST: the session (as mq_console_session), the body
 * decoded into @p form and its `csrf` field checked against the session's.
 * Answers 403 (or the redirect, 400 for an undecodable body) and returns
 * false when any of it fails; the caller then only finishes @p form.
 */
bool mq_console_post(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		     struct mq_db_session *s, struct mq_form *form);

/** mq_console_post with form values of up to @p field_max bytes (mq_form_parse_max). */
bool mq_console_post_max(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			 struct mq_db_session *s, struct mq_form *form, size_t field_max);

/**
 * For the pages only street groups and admins see: the session (as
 * mq_console_session), then 403 "无权查看" naming @p what ("统计", ...) for
 * members. Returns true when the page may be shown.
 */
bool mq_console_session_staff(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      struct mq_db_session *s, const char *what);

/**
 * Answer what saving a console form (mq_console_triage, _topic_update) gave:
 * MQ_OK redirects to @p where; MQ_ERR_INVALID 422 with @p msg; MQ_ERR_NOT_FOUND
 * 404 with @p not_found; MQ_ERR_AUTH 403 with @p denied; anything else 503.
 */
void mq_console_save_reply(struct mq_http_response *resp, const struct mq_db_session *s,
			   enum mq_err err, const char *where, const char *msg,
			   const char *not_found, const char *denied);

/** Restrict @p f to what the account of @p s may see (street: its studio;
 *  member: what is addressed or assigned to it). */
void mq_console_scope_opinions(const struct mq_db_session *s, struct mq_db_opinion_filter *f);

/** Restrict @p f to the topics the account of @p s may see. */
void mq_console_scope_topics(const struct mq_db_session *s, struct mq_db_topic_filter *f);

/** The studio the account is limited to, or NULL (admin, member). */
const char *mq_console_studio(const struct mq_db_session *s);

/** True if the account may change things (admin, street); members only read. */
bool mq_console_can_edit(const struct mq_db_session *s);

/** True if the account of @p s is a district admin. Otherwise answers 403
 *  "无权操作" (account management is for admins only) and returns false. */
bool mq_console_admin_only(const struct mq_db_session *s, struct mq_http_response *resp);

/* ---- the console's pages (console_page.c) ------------------------------- */

/** Opens a table's scroll box: focusable, so keyboards can scroll it too. */
#define MQ_CONSOLE_WRAP \
	"<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格（可左右滚动）\">"

/** The console's sections, for the navigation bar, in its order. Member
 *  accounts see the inbox, topics, roster and attendance (their own part
 *  of each) and 修改密码; members, kiosks, statistics and audit are for
 *  street groups and admins; accounts (账号) for admins only. */
enum mq_console_nav {
	MQ_NAV_NONE, MQ_NAV_INBOX, MQ_NAV_TOPICS, MQ_NAV_ROSTER, MQ_NAV_ATTENDANCE,
	MQ_NAV_MEMBERS, MQ_NAV_KIOSKS, MQ_NAV_STATS, MQ_NAV_AUDIT, MQ_NAV_STAFF,
	MQ_NAV_PASSWORD,
};

/** Open a console page titled @p title (escaped): head, style, the header with
 *  the navigation (@p nav current) and the account of @p s (NULL: logged out),
 *  with a logout form carrying the CSRF token. */
void mq_console_begin(struct mq_html *b, const char *title, enum mq_console_nav nav,
		      const struct mq_db_session *s);

/** Close the page and answer @p status with it. */
void mq_console_end(struct mq_html *b, struct mq_http_response *resp, unsigned int status);

/** Finish the page in @p b: answer it with 200 when @p err is MQ_OK, else
 *  drop it and answer 503 "暂时无法显示". @p b is consumed either way. */
void mq_console_finish(struct mq_html *b, struct mq_http_response *resp,
		       const struct mq_db_session *s, enum mq_err err);

/** Append the "已保存" notice when the query string @p query (may be NULL)
 *  has `ok`: the redirect after a save. */
void mq_console_saved_notice(struct mq_html *b, const char *query);

/** Append the public and internal notes of stage event @p e (escaped), each
 *  on its own line when present. */
void mq_console_event_notes(struct mq_html *b, const struct mq_db_stage_event *e);

/** A filter <select> @p name labelled @p label of the @p n fixed
 *  {value, text} pairs @p opts (trusted), @p selected (may be NULL) chosen. */
void mq_console_select_fixed(struct mq_html *b, const char *name, const char *label,
			     const char *const (*opts)[2], size_t n, const char *selected);

/** Answer a whole console page with a heading and a message (both escaped). */
void mq_console_message(struct mq_http_response *resp, unsigned int status,
			const struct mq_db_session *s, const char *heading, const char *text);

/** The Chinese name of a stage event's actor role ("kiosk" → 自助终端). */
const char *mq_console_actor_name(const char *role);

/** Append the hidden CSRF field of @p s. */
void mq_console_csrf_field(struct mq_html *b, const struct mq_db_session *s);

/** A list of (key, name) pairs read from storage, for <select> options. */
struct mq_console_list {
	struct mq_db_named *items;
	size_t n;
	bool failed;
};

/** mq_db_named_cb that appends to a struct mq_console_list. */
bool mq_console_list_add(void *cls, const struct mq_db_named *row);

/** Free what @p l holds. */
void mq_console_list_finish(struct mq_console_list *l);

/** The name of @p key in @p l, or NULL. */
const char *mq_console_list_name(const struct mq_console_list *l, const char *key);

/** Append a labelled <select name=@p name> of @p l with a first option
 *  @p all (value "") unless NULL, @p selected preselected. */
void mq_console_select(struct mq_html *b, const char *name, const char *label,
		       const struct mq_console_list *l, const char *all, const char *selected);

/** Copy at most @p max characters of @p s (UTF-8) into @p out, with "…" when cut. */
void mq_console_excerpt(const char *s, int max, char *out, size_t size);

/* ---- the five steps (console_flow.c) ------------------------------------ */

/** A consultation form: key and name (例会式 ...). */
struct mq_consult_form {
	const char *key;
	const char *name;
};

/** The five forms of consultation (seed: 五类协商法), NULL-terminated. */
extern const struct mq_consult_form mq_consult_forms[];

/** The name of consultation form @p key, or NULL when it is not one. */
const char *mq_consult_form_name(const char *key);

/** Chinese name of topic stage @p key ("research" → 调研走访, "closed" → 已办结). */
const char *mq_topic_stage_name(const char *key);

/** Chinese name of triage disposition @p key (topic → 形成议题 ...), "" if unknown. */
const char *mq_disposition_name(const char *key);

/** One triage decision as the console form states it. */
struct mq_triage_in {
	const char *action;         /* topic_new, topic_link, answer, refer, duplicate, reject */
	const char *title;          /* topic_new */
	const char *topic;          /* topic_link: topic id */
	const char *department;     /* refer */
	const char *duplicate_of;   /* duplicate: opinion id */
	const char *assigned;       /* optional member key */
	const char *public_note;    /* shown to the resident */
	const char *internal_note;  /* staff only */
	const char *const *also;    /* further opinion ids joining the same topic */
	size_t n_also;
};

/**
 * Apply triage @p in to opinion @p id (and @p in->also) for the account of
 * @p s at @p now, in one transaction: triage columns, stage events with the
 * notes, a new topic when asked, and the audit log. On MQ_ERR_INVALID an
 * explanation (Chinese, for the form) is in @p msg. *@p topic_out receives
 * the topic id when one was made or joined (else ""). Opinions out of the
 * account's scope are MQ_ERR_NOT_FOUND.
 */
enum mq_err mq_console_triage(struct mq_db *db, const struct mq_db_session *s, const char *id,
			      const struct mq_triage_in *in, int64_t now, char *msg, size_t size,
			      char topic_out[MQ_UUID_LEN + 1]) MQ_MUST_CHECK;

/**
 * Apply the topic form @p form (action research | consult | feedback | close,
 * with that step's fields) to topic @p id for @p s at @p now, in one
 * transaction; the new stage and its public note go to every linked
 * opinion's history, so their tracking pages follow. Same errors as
 * mq_console_triage.
 */
enum mq_err mq_console_topic_update(struct mq_db *db, const struct mq_db_session *s,
				    const char *id, struct mq_form *form, int64_t now, char *msg,
				    size_t size) MQ_MUST_CHECK;

/** Topic @p t as a JSON object (every field, NULL strings left out): a copy
 *  that outlives the storage callback. NULL when out of memory. */
json_t *mq_console_topic_json(const struct mq_db_topic *t);

/** Append an audit entry for @p s: @p before / @p after are JSON (may be NULL,
 *  stolen). Runs inside the caller's transaction. */
enum mq_err mq_console_audit(struct mq_db *db, const struct mq_db_session *s, int64_t now,
			     const char *studio, const char *action, const char *subject,
			     json_t *before, json_t *after) MQ_MUST_CHECK;

/**
 * Whether opinion @p opinion (record id; of @p studio unless NULL) may be
 * rated with @p stars and @p comment (NULL: none): 1..5, at most 200
 * characters, feedback published, not rated yet. MQ_ERR_INVALID with an
 * English reason in @p msg otherwise. Shared by kind_rating.c and the
 * tracking page's form.
 */
enum mq_err mq_rating_check(struct mq_db *db, const char *opinion, const char *studio,
			    int stars, const char *comment, char *msg, size_t size) MQ_MUST_CHECK;

/* ---- statistics (console_stats.c) -------------------------------------- */

/** One statistics table: its URL id, title, columns, and which column (or
 *  -1) the bar chart shows. */
struct mq_stat_table {
	const char *id;
	const char *title;
	int ncols;
	const char *cols[6];
	int chart_col;
};

/** Every statistics table; the last entry has id NULL. */
extern const struct mq_stat_table mq_stat_tables[];

/** Read the rows of @p t (for @p studio unless NULL) as a JSON array of
 *  arrays of strings into *@p out (caller decrefs). */
enum mq_err mq_stat_table_rows(struct mq_db *db, const struct mq_stat_table *t,
			       const char *studio, int64_t now, json_t **out) MQ_MUST_CHECK;

/** Append @p rows of @p t as an HTML table. */
void mq_stat_table_html(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows);

/** Append @p rows of @p t as an inline SVG bar chart (nothing without a chart column). */
void mq_stat_table_svg(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows);

/** Append @p rows of @p t as CSV: UTF-8 with BOM, CRLF, every cell quoted. */
void mq_stat_table_csv(struct mq_buf *b, const struct mq_stat_table *t, const json_t *rows);

/**
 * The public board of resolved issues of @p studio (h_board_get.c): at most
 * @p limit topics with a published result, newest first, as a JSON array of
 * {"no","title","result","published_at","opinions","closed","satisfaction"}
 * into *@p out (caller decrefs). Staff-written text only.
 */
enum mq_err mq_board_json(struct mq_db *db, const char *studio, unsigned int limit,
			  json_t **out) MQ_MUST_CHECK;

/* ---- Open311 GeoReport v2 (open311.c) ----------------------------------- */

/** True if @p s (a path or segment) ends in ".xml"; *@p stem gets the length
 *  without its ".json" or ".xml". */
bool mq_open311_format(const char *s, size_t *stem);

/** Answer @p status with @p list (a JSON array of flat objects, stolen) as
 *  JSON, or as XML <@p root><@p item>...</@p item></@p root>. */
void mq_open311_reply(struct mq_http_response *resp, unsigned int status, bool xml,
		      const char *root, const char *item, json_t *list);

/** Answer the spec's error list [{"code","description"}] with @p status. */
void mq_open311_error(struct mq_http_response *resp, bool xml, unsigned int status,
		      const char *description);

/** Opinion @p o as a GeoReport service request (public fields only); NULL on OOM. */
json_t *mq_open311_request(const struct mq_db_console_opinion *o);

/* ---- accounts from the command line (console_staff.c) ------------------ */

/**
 * `staff-add`: create or update console account @p user with @p role; a
 * street account needs @p street (a studio id), a member account @p member
 * (a member key); the other is NULL. Reads the password from stdin (no
 * echo on a terminal). Tells the user on stderr; returns the exit status:
 * 0 done, 1 failed, 2 usage error.
 */
int mq_console_staff_add(struct mq_db *db, const char *user, const char *role,
			 const char *street, const char *member);

/* ---- duty rosters in the console (console_roster.c; issue 4) ------------ */

/** "/console/roster?studio=@p studio&week=YYYY-MM-DD" (the local date of
 *  @p t) into @p out; without studio when @p studio is NULL or "". */
void mq_console_roster_url(char *out, size_t size, const char *studio, int64_t t);

/** Append the roster import form (a CSV textarea, the format explained)
 *  for @p s, the textarea holding @p csv (escaped; NULL: empty). */
void mq_console_roster_import_form(struct mq_html *b, const struct mq_db_session *s,
				   const char *csv);

/* ---- handlers ----------------------------------------------------------- */

/** Answer the login page (h_console_login_get.c) with @p status and, unless
 *  NULL, the message @p error; sets a fresh form secret cookie. */
void mq_console_login_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			   unsigned int status, const char *error);

/** Answer the fleet page (h_console_kiosks_get.c) for @p s, showing a new
 *  enrollment @p code or Open311 @p key once when not NULL. */
void mq_console_kiosks_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s, const char *code, const char *key);
/** Answer a member's page (h_console_member_get.c) for @p s, showing a new
 *  check-in @p pin once when not NULL. */
void mq_console_member_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s, const char *key, const char *pin);
/** Answer the own-password page (h_console_password_get.c) for @p s with
 *  @p status and, unless NULL, the error @p error or the notice @p notice. */
void mq_console_password_page(struct mq_http_response *resp, const struct mq_db_session *s,
			      unsigned int status, const char *error, const char *notice);
/** GET /console and /console/ — to the inbox or the login page */
void mq_h_console_root_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/login */
void mq_h_console_login_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/login */
void mq_h_console_login_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/logout */
void mq_h_console_logout_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/inbox — collected opinions with filters */
void mq_h_console_inbox_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/opinions/{id} — one opinion with its history and the triage forms */
void mq_h_console_opinion_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/opinions/{id}/triage */
void mq_h_console_triage_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/topics */
void mq_h_console_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/topics/{id} */
void mq_h_console_topic_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/topics/{id} */
void mq_h_console_topic_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/members */
void mq_h_console_members_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/members/{key} */
void mq_h_console_member_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/members/{key} */
void mq_h_console_member_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/kiosks — fleet health, enrollment codes */
void mq_h_console_kiosks_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/kiosks — a new enrollment code or Open311 key */
void mq_h_console_kiosks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/stats */
void mq_h_console_stats_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/stats/{table} — one statistics table as CSV */
void mq_h_console_stats_csv_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/audit */
void mq_h_console_audit_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/roster — a studio's duty shifts for a week */
void mq_h_console_roster_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/roster/import — a roster CSV pasted into the console */
void mq_h_console_roster_import_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/roster/shift — cancel one coming shift and its bookings */
void mq_h_console_roster_shift_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/staff — the console accounts (admins only) */
void mq_h_console_staff_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/staff — create an account, reset its password, disable or enable it */
void mq_h_console_staff_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/password — change one's own password */
void mq_h_console_password_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /console/password */
void mq_h_console_password_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /t/{token}/rating — the resident's satisfaction */
void mq_h_track_rating_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /board/{studio} — the public board of resolved issues (办理公示) */
void mq_h_board_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /api/v1/heartbeat (signed) */
void mq_h_heartbeat_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /metrics */
void mq_h_metrics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /open311/v2/services.{json,xml} */
void mq_h_open311_services_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /open311/v2/requests.{json,xml} */
void mq_h_open311_requests_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** POST /open311/v2/requests.{json,xml} */
void mq_h_open311_requests_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /open311/v2/requests/{id}.{json,xml} */
void mq_h_open311_request_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /open311/v2/tokens/{token}.{json,xml} */
void mq_h_open311_token_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

#endif
