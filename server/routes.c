/* routes.c — THE route table of the district server (mq_server.h), grouped
 * by who calls: the kiosks' protocol, the residents' pages, the staff
 * console, Open311, operations. It is the one place that knows every
 * handler, and it answers the dispatcher's errors on page routes with
 * pages, so that the HTTP layer below never calls up into them.
 *
 * Where several routes share a path, their order is the order of the Allow
 * header of a 405. */
#include "mq_server.h"

#include <string.h>

#include "mq_api.h"
#include "mq_console.h"
#include "mq_open311.h"
#include "mq_page.h"
#include "mq_public.h"

enum {
	JSON = MQ_ROUTE_JSON,
	SIGNED = MQ_ROUTE_SIGNED,
	HTML = MQ_ROUTE_HTML,
	UPLOAD = MQ_ROUTE_UPLOAD,
};

static const struct mq_http_route routes[] = {
	/* the kiosks' sync protocol (DESIGN.md §5) */
	{ "POST", "/api/v1/enroll", mq_api_enroll_post, JSON },
	{ "POST", "/api/v1/records", mq_api_records_post, JSON | SIGNED },
	{ "GET", "/api/v1/kiosk/state", mq_api_kiosk_state_get, SIGNED },
	{ "POST", "/api/v1/heartbeat", mq_api_heartbeat_post, JSON | SIGNED },
	{ "GET", "/api/v1/kiosk/bundle/{token}", mq_api_bundle_get, SIGNED },
	{ "GET", "/api/v1/track/{token}", mq_api_track_get, 0 },

	/* the residents' pages: tracking, rating, booking, the board */
	{ "GET", "/t/{token}", mq_public_track_get, HTML },
	{ "POST", "/t/{token}/rating", mq_public_track_rating_post, HTML },
	{ "GET", "/b/{token}", mq_public_booking_get, HTML },
	{ "POST", "/b/{token}/cancel", mq_public_booking_cancel_post, HTML },
	{ "GET", "/b/{token}/calendar.ics", mq_public_booking_ics_get, HTML },
	{ "GET", "/board/{token}", mq_public_board_get, HTML },
	/* the phone side (民情E点通): filing and booking without an app */
	{ "GET", "/f/{token}", mq_public_phone_get, HTML },
	{ "POST", "/f/{token}", mq_public_phone_post, HTML },
	{ "GET", "/f/{token}/book", mq_public_phone_book_get, HTML },
	{ "POST", "/f/{token}/book", mq_public_phone_book_post, HTML },
	{ "GET", "/f/{token}/topics", mq_public_phone_topics_get, HTML },
	{ "POST", "/f/{token}/topics", mq_public_phone_topics_post, HTML },
	{ "GET", "/f/{token}/survey/{n}", mq_public_phone_survey_get, HTML },
	{ "POST", "/f/{token}/survey/{n}", mq_public_phone_survey_post, HTML },

	/* the staff console: signing in and out */
	{ "GET", "/console", mq_console_root_get, HTML },
	{ "GET", "/console/", mq_console_root_get, HTML },
	{ "GET", "/console/login", mq_console_login_get, HTML },
	{ "POST", "/console/login", mq_console_login_post, HTML },
	{ "POST", "/console/logout", mq_console_logout_post, HTML },
	{ "GET", "/console/password", mq_console_password_get, HTML },
	{ "POST", "/console/password", mq_console_password_post, HTML },
	/* the five steps: opinions, triage, topics */
	{ "GET", "/console/inbox", mq_console_inbox_get, HTML },
	{ "GET", "/console/opinions/{token}", mq_console_opinion_get, HTML },
	{ "POST", "/console/opinions/{token}/triage", mq_console_triage_post, HTML },
	{ "GET", "/console/topics", mq_console_topics_get, HTML },
	{ "GET", "/console/topics/{token}", mq_console_topic_get, HTML },
	{ "POST", "/console/topics/{token}", mq_console_topic_post, HTML },
	/* participation: candidate topics, 征集, liaison officers' filings */
	{ "GET", "/console/candidates", mq_console_candidates_get, HTML },
	{ "POST", "/console/candidates", mq_console_candidates_post, HTML },
	{ "POST", "/console/topics/{token}/recruit", mq_console_recruit_post, HTML },
	{ "GET", "/console/file", mq_console_file_get, HTML },
	{ "POST", "/console/file", mq_console_file_post, HTML },
	{ "GET", "/console/filings", mq_console_filings_get, HTML },
	/* 督查: supervision orders, time limits and calendar, notifications */
	{ "GET", "/console/supervision", mq_console_supervision_get, HTML },
	{ "POST", "/console/supervision", mq_console_supervision_post, HTML },
	{ "GET", "/console/supervision/{token}", mq_console_order_get, HTML },
	{ "POST", "/console/supervision/{token}", mq_console_order_post, HTML },
	{ "GET", "/console/calendar", mq_console_calendar_get, HTML },
	{ "POST", "/console/calendar", mq_console_calendar_post, HTML },
	{ "GET", "/console/webhooks", mq_console_webhooks_get, HTML },
	{ "POST", "/console/webhooks", mq_console_webhooks_post, HTML },
	/* duty rosters and attendance */
	{ "GET", "/console/roster", mq_console_roster_get, HTML },
	{ "POST", "/console/roster/import", mq_console_roster_import_post, HTML },
	{ "POST", "/console/roster/shift", mq_console_roster_shift_post, HTML },
	{ "GET", "/console/attendance", mq_console_attendance_get, HTML },
	/* members, kiosks, statistics, audit, accounts */
	{ "GET", "/console/members", mq_console_members_get, HTML },
	{ "GET", "/console/members/{token}", mq_console_member_get, HTML },
	{ "POST", "/console/members/{token}", mq_console_member_post, HTML },
	{ "GET", "/console/kiosks", mq_console_kiosks_get, HTML },
	{ "POST", "/console/kiosks", mq_console_kiosks_post, HTML },
	{ "GET", "/console/poster/{token}", mq_console_poster_get, HTML },
	{ "GET", "/console/kiosks/updates", mq_console_updates_get, HTML },
	{ "POST", "/console/kiosks/updates", mq_console_updates_post, HTML },
	{ "POST", "/console/kiosks/updates/bundle", mq_console_updates_bundle_post, HTML | UPLOAD },
	{ "GET", "/console/stats", mq_console_stats_get, HTML },
	{ "GET", "/console/stats/{token}", mq_console_stats_csv_get, HTML },
	{ "GET", "/console/audit", mq_console_audit_get, HTML },
	/* questionnaires (问卷调查): define, list, results, hide a text answer */
	{ "GET", "/console/surveys", mq_console_surveys_get, HTML },
	{ "POST", "/console/surveys", mq_console_surveys_post, HTML },
	{ "GET", "/console/surveys/{token}", mq_console_survey_get, HTML },
	{ "POST", "/console/surveys/{token}", mq_console_survey_post, HTML },
	{ "GET", "/console/staff", mq_console_staff_get, HTML },
	{ "POST", "/console/staff", mq_console_staff_post, HTML },

	/* Open311 GeoReport v2 */
	{ "GET", "/open311/v2/services.json", mq_open311_services_get, 0 },
	{ "GET", "/open311/v2/services.xml", mq_open311_services_get, 0 },
	{ "GET", "/open311/v2/services/{code}", mq_open311_service_get, 0 },
	{ "GET", "/open311/v2/requests.json", mq_open311_requests_get, 0 },
	{ "GET", "/open311/v2/requests.xml", mq_open311_requests_get, 0 },
	{ "POST", "/open311/v2/requests.json", mq_open311_requests_post, 0 },
	{ "POST", "/open311/v2/requests.xml", mq_open311_requests_post, 0 },
	{ "GET", "/open311/v2/requests/{token}", mq_open311_request_get, 0 },
	{ "GET", "/open311/v2/tokens/{token}", mq_open311_token_get, 0 },

	/* operations */
	{ "GET", "/healthz", mq_api_healthz_get, 0 },
	{ "GET", "/metrics", mq_api_metrics_get, 0 },
};

/* The dispatcher's errors as pages: a tracking link the server does not
 * know yet gets the friendly "not synced" page (DESIGN.md §6), and a page
 * route refuses a method or a body with a page, not JSON. */
static bool error_page(enum mq_http_page page, const struct mq_http_request *req,
		       struct mq_http_response *resp)
{
	switch (page) {
	case MQ_HTTP_PAGE_NOT_FOUND:
		if (strncmp(req->path, "/t/", 3) != 0)
			return false;
		mq_public_not_synced(resp);
		return true;
	case MQ_HTTP_PAGE_NOT_ALLOWED:
		mq_page_message(resp, 405, "无法打开", "此页面不支持这种访问方式。",
				"请直接在浏览器中打开链接。");
		return true;
	case MQ_HTTP_PAGE_TOO_LARGE:
		mq_page_message(resp, 413, "无法打开", "请求内容过大。", "请直接在浏览器中打开链接。");
		return true;
	}
	return false;
}

static const struct mq_http_router router = {
	.routes = routes,
	.n = sizeof routes / sizeof routes[0],
	.page = error_page,
};

const struct mq_http_router *mq_server_router(void)
{
	return &router;
}

void mq_server_dispatch(const struct mq_server *srv, const struct mq_http_request *req,
			struct mq_http_response *resp)
{
	mq_http_dispatch(&router, srv, req, resp);
}
