/* console.h — private to server/console/: what the console's handlers
 * share: sessions, logins and CSRF (session.c), the page frame, lists and
 * form pieces (page.c), the statistics as tables and CSV (stats.c), the
 * roster's import form (roster.c), and the pages answered after a POST. */
#ifndef MQ_CONSOLE_PRIVATE_H
#define MQ_CONSOLE_PRIVATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mq_account.h"
#include "mq_buf.h"
#include "mq_console.h"
#include "mq_db.h"
#include "mq_deadline.h"
#include "mq_form.h"
#include "mq_html.h"
#include "mq_http.h"
#include "mq_stage.h"
#include "mq_stats.h"
#include "mq_workflow.h"

#define MQ_CONSOLE_COOKIE "mq_session"
#define MQ_CONSOLE_LOGIN_COOKIE "mq_login"          /* the login form's CSRF secret */
#define MQ_CONSOLE_STALE_S (30 * 60)                /* a kiosk unheard of this long is stale */

/* ---- sessions, logins, CSRF (session.c) ---------------------------------- */

/**
 * The session of this request. On success fills @p s and returns true.
 * Otherwise answers: a redirect to the login page for GET/HEAD, 403 for
 * other methods, 503 when storage fails; and returns false.
 */
bool mq_console_session(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			struct mq_db_session *s);

/**
 * For the console's pages that take a query: the session (as
 * mq_console_session) and the query decoded into @p query. Answers 400 with
 * @p heading and @p text when the query cannot be decoded. False when it
 * answered; @p query is then empty (finishing it is harmless).
 */
bool mq_console_get(struct mq_handler_ctx *hc, struct mq_http_response *resp,
		    struct mq_db_session *s, struct mq_form *query, const char *heading,
		    const char *text);

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

/** True if the account of @p s is a district admin. Otherwise answers 403
 *  "无权操作" (account management is for admins only) and returns false. */
bool mq_console_admin_only(const struct mq_db_session *s, struct mq_http_response *resp);

/** Set the login form's cookie holding @p secret, the random value its
 *  hidden csrf field also holds (double submit: there is no session yet). */
void mq_console_login_cookie(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const char *secret);

/** True if the login form @p form echoes the secret of its cookie. */
bool mq_console_login_secret_ok(struct mq_handler_ctx *hc, const struct mq_form *form);

/** Open a session for account @p staff (checked already): store it
 *  (mq_account_login), answer the redirect to the inbox and set the session
 *  cookie. False, having answered nothing, when storage fails. */
bool mq_console_session_open(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const struct mq_db_staff *staff);

/** End session @p s: answer the redirect to the login page and clear the
 *  cookie. False, having answered nothing, when storage fails. */
bool mq_console_session_close(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      const struct mq_db_session *s);

/**
 * Answer what saving a console form gave: MQ_OK redirects to @p where;
 * MQ_ERR_INVALID 422 with @p msg; MQ_ERR_NOT_FOUND 404 with @p not_found;
 * MQ_ERR_AUTH 403 with @p denied; anything else 503.
 */
void mq_console_save_reply(struct mq_http_response *resp, const struct mq_db_session *s,
			   enum mq_err err, const char *where, const char *msg,
			   const char *not_found, const char *denied);

/**
 * The new password of a console form, typed twice (fields `password` and
 * `password2` of @p form), checked by mq_account_password_ok and hashed
 * into @p hash. False with a Chinese explanation for the form in @p msg
 * when it is missing, the two differ, it breaks the rule or hashing fails.
 */
bool mq_console_new_password(const struct mq_form *form, char hash[MQ_DB_PWHASH_MAX],
			     char *msg, size_t size) MQ_MUST_CHECK;

/* ---- the console's pages (page.c) ---------------------------------------- */

/** Opens a table's scroll box: focusable, so keyboards can scroll it too. */
#define MQ_CONSOLE_WRAP \
	"<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格（可左右滚动）\">"

/** The console's sections, for the navigation bar, in its order. Member
 *  accounts see the inbox, topics, roster and attendance (their own part
 *  of each) and 修改密码; candidate topics (候选议题), supervision (督办),
 *  members, kiosks, statistics, time limits and calendar, and audit are for
 *  street groups and admins; notification settings and accounts (账号) for
 *  admins only. Liaison officers (民情联络员) see only 走访登记, 我的登记
 *  and 修改密码. */
enum mq_console_nav {
	MQ_NAV_NONE, MQ_NAV_INBOX, MQ_NAV_TOPICS, MQ_NAV_CANDIDATES, MQ_NAV_FILE, MQ_NAV_FILINGS,
	MQ_NAV_SUPERVISION, MQ_NAV_ROSTER,
	MQ_NAV_ATTENDANCE, MQ_NAV_MEMBERS, MQ_NAV_KIOSKS, MQ_NAV_STATS, MQ_NAV_CALENDAR,
	MQ_NAV_WEBHOOKS, MQ_NAV_AUDIT, MQ_NAV_STAFF, MQ_NAV_PASSWORD, MQ_NAV_SURVEYS,
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

/** The Chinese name of role @p role (区管理员, 街道委员小组, 委员, 民情联络员). */
const char *mq_console_role_name(enum mq_role role);

/** The Chinese name of a stage event's actor (a role's key, "kiosk" →
 *  自助终端, "open311"); the key itself when it is none of them. */
const char *mq_console_actor_name(const char *actor);

/** An importer's error callback (roster, calendar): appends "第 N 行：" and
 *  @p msg (escaped) as a list item to the struct mq_html @p cls. */
void mq_console_import_error(void *cls, unsigned int line, const char *msg);

/** Append how opinion @p o stands as a tag (待研判; its disposition and
 *  step; or its topic's number and step): the inbox's 状态 (inbox_get.c). */
void mq_console_opinion_status(struct mq_html *b, const struct mq_db_console_opinion *o);

/** What the liaison officers' form (/console/file) holds: as typed, to
 *  show it again. */
struct mq_console_filing {
	const char *form;           /* its form token, NULL for a fresh one */
	const char *category, *community, *text;
	bool consent;
	const char *name, *phone;
};

/** Answer the filing form (file_get.c) for liaison officer @p s with
 *  @p status, the error @p error (NULL: none) above it, filled from @p in. */
void mq_console_file_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			  const struct mq_db_session *s, unsigned int status, const char *error,
			  const struct mq_console_filing *in);

/** True if @p s is a liaison officer's (with a studio); otherwise answers
 *  403 "走访登记仅供民情联络员使用" and returns false. */
bool mq_console_liaison_only(const struct mq_db_session *s, struct mq_http_response *resp);

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

/* ---- statistics (stats.c) ------------------------------------------------ */

/** Append @p rows of @p t as an HTML table. */
void mq_console_stats_table(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows);

/** Append @p rows of @p t as an inline SVG bar chart (nothing without a chart column). */
void mq_console_stats_chart(struct mq_html *b, const struct mq_stat_table *t, const json_t *rows);

/** Append @p rows of @p t as CSV: UTF-8 with BOM, CRLF, every cell quoted. */
void mq_console_stats_csv(struct mq_buf *b, const struct mq_stat_table *t, const json_t *rows);

/* ---- deadlines in the console (deadline.c) ------------------------------- */

/** How the opinions in a list stand: the rules and the items, loaded once. */
struct mq_console_deadlines {
	struct mq_deadline_rules rules;
	struct mq_deadline_items items;
};

/** Load the rules and the opinions of @p f (limit and offset ignored) as
 *  they stand at @p now into @p d (free with mq_console_deadlines_finish). */
enum mq_err mq_console_deadlines_load(struct mq_db *db, const struct mq_db_opinion_filter *f,
				      int64_t now, struct mq_console_deadlines *d) MQ_MUST_CHECK;

/** Free what @p d holds. */
void mq_console_deadlines_finish(struct mq_console_deadlines *d);

/** The item of opinion @p id in @p d, or NULL. */
const struct mq_deadline_item *mq_console_deadline_of(const struct mq_console_deadlines *d,
						      const char *id);

/** Append how @p st stands as a tag: "超期N个工作日" (warn), "剩余N个工作日"
 *  (soon when at most @p soon working days), "今日到期", and before it the
 *  deadline's name when @p named; "—" when nothing is open. */
void mq_console_due_tag(struct mq_html *b, const struct mq_deadline_state *st, int soon,
			bool named);

/** Append the warning that the official calendar lacks this year's (or,
 *  in December, next year's) notice, when it does, with a link to import
 *  it for admins. */
void mq_console_calendar_warning(struct mq_html *b, const struct mq_db_session *s,
				 const struct mq_deadline_rules *r, int64_t now);

/** Append the three deadlines of @p x (分析研判, 首次答复, 办结): each one's
 *  due day and whether it was met, as a card's definition list. */
void mq_console_deadline_list(struct mq_html *b, const struct mq_deadline_item *x);

/** Append the deadlines and the supervision orders of topic @p topic or
 *  opinion @p opinion (one of them NULL) side by side: the three deadlines
 *  (a topic's as its most urgent opinion's), the orders with the form to
 *  issue one for admins (an opinion in a topic has its orders on the
 *  topic), and the calendar warning above them when it applies. */
enum mq_err mq_console_deadline_cards(struct mq_db *db, struct mq_html *b,
				      const struct mq_db_session *s, const char *topic,
				      const char *opinion, int64_t now) MQ_MUST_CHECK;

/* ---- duty rosters in the console (roster.c) ------------------------------ */

/** "/console/roster?studio=@p studio&week=YYYY-MM-DD" (the local date of
 *  @p t) into @p out; without studio when @p studio is NULL or "". */
void mq_console_roster_url(char *out, size_t size, const char *studio, int64_t t);

/** Append the roster import form (a CSV textarea, the format explained)
 *  for @p s, the textarea holding @p csv (escaped; NULL: empty). */
void mq_console_roster_import_form(struct mq_html *b, const struct mq_db_session *s,
				   const char *csv);

/* ---- 征集 in the console (recruit.c) --------------------------------------- */

/** Append the 征集 card of topic @p topic for @p s: the call, its volunteers,
 *  and when @p edit the forms to open or close it and choose participants. */
enum mq_err mq_console_recruit_card(struct mq_db *db, struct mq_html *b,
				    const struct mq_db_session *s, const char *topic,
				    bool edit) MQ_MUST_CHECK;

/** Append the open calls in @p s's scope (every one for members), with the
 *  报名参与 button for a member account. */
enum mq_err mq_console_calls_card(struct mq_db *db, struct mq_html *b,
				  const struct mq_db_session *s) MQ_MUST_CHECK;

/* ---- pages more than one handler answers with ---------------------------- */

/** "@p what，请N秒后再试。" (or N分钟 when a minute or more) into @p out:
 *  the answer to a throttled password try that must wait @p wait_s. */
void mq_console_wait_text(int64_t wait_s, const char *what, char *out, size_t size);

/** Answer the login page (login_get.c) with @p status and, unless
 *  NULL, the message @p error; sets a fresh form secret cookie. */
void mq_console_login_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			   unsigned int status, const char *error);

/** What a POST to /console/kiosks made, shown once on top of the fleet page
 *  (each NULL when not made). */
struct mq_console_kiosks_made {
	const char *code;            /* an enrollment code, shown with its QR */
	const char *key;             /* an Open311 API key */
	const char *pin;             /* a technician PIN ... */
	const char *pin_scope;       /* ... for this scope (MQ_DB_SERVICE_PIN_ALL or a studio) */
	const char *notice;          /* a sentence to show (Chinese) */
};

/** Answer the fleet page (kiosks_get.c) for @p s, showing what @p made
 *  holds once (may be NULL). */
/** The address residents and kiosks reach this server at, as staff reach
 *  it: --public-url, else the Host this page was asked for (http or https
 *  as serve speaks it), into @p out; "" when neither is usable. */
void mq_console_server_address(struct mq_handler_ctx *hc, char *out, size_t size);

void mq_console_kiosks_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s,
			    const struct mq_console_kiosks_made *made);

/** Answer a member's page (member_get.c) for @p s, showing a new
 *  check-in @p pin once when not NULL. */
void mq_console_member_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			    const struct mq_db_session *s, const char *key, const char *pin);

/** Answer the time limits and calendar page (calendar_get.c) for @p s with
 *  @p status, @p notice (a built fragment, may be NULL) above it and, for
 *  admins, the import form holding @p csv (NULL: empty). */
void mq_console_calendar_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			      const struct mq_db_session *s, unsigned int status,
			      const struct mq_html *notice, const char *csv);

/** Answer the questionnaires' page (surveys_get.c) for @p s with @p status;
 *  unless NULL, @p error above the new-survey form filled with the refused
 *  one's fields @p kept. */
void mq_console_surveys_page(struct mq_handler_ctx *hc, struct mq_http_response *resp,
			     const struct mq_db_session *s, unsigned int status, const char *error,
			     const struct mq_form *kept);

/** Answer the own-password page (password_get.c) for @p s with
 *  @p status and, unless NULL, the error @p error or the notice @p notice. */
void mq_console_password_page(struct mq_http_response *resp, const struct mq_db_session *s,
			      unsigned int status, const char *error, const char *notice);

#endif
