/* mq_console.h — the staff console under /console/ (plain HTML forms,
 * sessions with CSRF tokens, every change audited): one handler per route
 * and method, for the route table. */
#ifndef MQ_CONSOLE_H
#define MQ_CONSOLE_H

#include "mq_http.h"

/** GET /console and /console/ — to the inbox or the login page */
void mq_console_root_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/login */
void mq_console_login_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/login */
void mq_console_login_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/logout */
void mq_console_logout_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/inbox — collected opinions with filters */
void mq_console_inbox_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/opinions/{id} — one opinion with its history and the triage forms */
void mq_console_opinion_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/opinions/{id}/triage */
void mq_console_triage_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/topics */
void mq_console_topics_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/topics/{id} */
void mq_console_topic_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/topics/{id} */
void mq_console_topic_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/candidates — 候选议题: publish, counts, the ranking after closing */
void mq_console_candidates_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/candidates — publish a candidate (create) or promote one (promote) */
void mq_console_candidates_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/topics/{id}/recruit — 征集: open or close the call, choose a
 *  volunteer (staff), volunteer (报名参与, members) */
void mq_console_recruit_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/file — 走访登记: a liaison officer's phone-sized filing form */
void mq_console_file_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/file — file an opinion for a resident visited */
void mq_console_file_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/filings — 我的登记: a liaison officer's own filings and their progress */
void mq_console_filings_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);
/** GET /console/surveys — 问卷调查: the list and the form of a new one */
void mq_console_surveys_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/surveys — define a questionnaire */
void mq_console_surveys_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/surveys/{id} — its results: counts, bars, free text */
void mq_console_survey_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/surveys/{id} — hide or show a free-text answer */
void mq_console_survey_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/supervision — 督办: supervision orders and the escalated items */
void mq_console_supervision_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/supervision — an admin issues a supervision order */
void mq_console_supervision_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/supervision/{id} — one supervision order */
void mq_console_order_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/supervision/{id} — the street group signs for or answers it */
void mq_console_order_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/calendar — the time limits and the official calendar */
void mq_console_calendar_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/calendar — new limits, or a year's holidays imported (admins) */
void mq_console_calendar_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/webhooks — where notifications go, and the newest ones (admins) */
void mq_console_webhooks_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/webhooks — one receiver's webhook (admins) */
void mq_console_webhooks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/members */
void mq_console_members_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/members/{key} */
void mq_console_member_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/members/{key} */
void mq_console_member_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/kiosks — fleet health, enrollment codes */
void mq_console_kiosks_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/kiosks — a new enrollment code or Open311 key */
void mq_console_kiosks_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/poster/{studio}: the studio's A4 door poster, print-ready
 *  HTML with a large QR code of its phone side /f/{studio}. */
void mq_console_poster_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/kiosks/updates: 系统更新 (admins): bundles, rollouts, each
 *  kiosk's update state. */
void mq_console_updates_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/kiosks/updates: start, pause, resume or withdraw a rollout. */
void mq_console_updates_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/kiosks/updates/bundle: a bundle upload (multipart, streamed
 *  to disk), kept when RAUC verifies it against the district's keyring. */
void mq_console_updates_bundle_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/stats */
void mq_console_stats_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/stats/{table} — one statistics table as CSV */
void mq_console_stats_csv_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/audit */
void mq_console_audit_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/roster — a studio's duty shifts for a week */
void mq_console_roster_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/roster/import — a roster CSV pasted into the console */
void mq_console_roster_import_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/roster/shift — cancel one coming shift and its bookings */
void mq_console_roster_shift_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/staff — the console accounts (admins only) */
void mq_console_staff_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/staff — create an account, reset its password, disable or enable it */
void mq_console_staff_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/password — change one's own password */
void mq_console_password_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** POST /console/password */
void mq_console_password_post(struct mq_handler_ctx *hc, struct mq_http_response *resp);

/** GET /console/attendance?month=YYYY-MM[&format=csv] — the monthly attendance report */
void mq_console_attendance_get(struct mq_handler_ctx *hc, struct mq_http_response *resp);

#endif
