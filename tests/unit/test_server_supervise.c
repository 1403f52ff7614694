/* test_server_supervise.c — notifications that reach people, through the
 * supervise pass with a fake webhook in-process: the bodies for 企业微信,
 * 钉钉, plain JSON and the SMS gateway; residents' quiet hours; SMS only to
 * residents who consented, once at the first answer and once at the
 * result, each with its tracking link; digests on working days from 08:30;
 * escalation; failed requests retried, nothing lost, nothing sent twice;
 * messages with nowhere to go wait for a webhook. */
#define _GNU_SOURCE   /* asprintf */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_notice.h"
#include "mq_supervise.h"
#include "mq_supervision.h"
#include "mq_workflow.h"
#include "mq_workday.h"
#include "test_deadline_util.h"
#include "test_server_helpers.h"

#define OP1 "e1111111-1111-4111-8111-111111111111"
#define OP2 "e2222222-2222-4222-8222-222222222222"
#define OP3 "e3333333-3333-4333-8333-333333333333"
#define TOK1 "Sv1_aaaaaaaaaaaaaaaaaa"
#define TOK2 "Sv2_bbbbbbbbbbbbbbbbbb"
#define TOK3 "Sv3_cccccccccccccccccc"
#define PHONE1 "13900001111"
#define PHONE3 "13900003333"
#define PUBLIC "https://minqing.example.cn"

struct fixture {
	struct tsrv t;
	struct dl_hook hook;
	struct mq_supervise_config cfg;
};

static void hook(struct fixture *f, const char *scope, enum mq_db_hook_format format)
{
	char url[128], msg[128];
	struct mq_webhook_in in = { scope, url, format };

	snprintf(url, sizeof url, "http://127.0.0.1:9/%s", strcmp(scope, "*") ? scope : "district");
	assert_int_equal(mq_notice_webhook_save(f->t.db, &dl_admin, &in, f->t.now, msg, sizeof msg),
			 MQ_OK);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);

	tsrv_setup(&f->t);
	f->cfg = (struct mq_supervise_config){ .public_url = PUBLIC, .send = dl_send,
					       .send_cls = &f->hook };
	hook(f, "*", MQ_HOOK_JSON);
	hook(f, "hubin", MQ_HOOK_WECOM);
	hook(f, "xiaoying", MQ_HOOK_DINGTALK);
	hook(f, "sms", MQ_HOOK_WECOM);   /* the gateway is plain JSON whatever is asked */
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	dl_hook_clear(&f->hook);
	tsrv_teardown(&f->t);
	free(f);
	return 0;
}

static struct mq_supervise_result run(struct fixture *f, int64_t now)
{
	struct mq_supervise_result r;

	assert_int_equal(mq_supervise_run(f->t.db, &f->cfg, now, &r), MQ_OK);
	return r;
}

static void triage(struct fixture *f, const char *id, const char *action, const char *pub,
		   int64_t at, char topic[MQ_UUID_LEN + 1])
{
	struct mq_triage_in in = { .action = action, .public_note = pub, .title = "路口信号灯",
				   .topic = topic };
	char msg[256], made[MQ_UUID_LEN + 1];

	assert_int_equal(mq_workflow_triage(f->t.db, &dl_hubin, id, &in, at, msg, sizeof msg, made),
			 MQ_OK);
	if (strcmp(action, "topic_new") == 0)
		snprintf(topic, MQ_UUID_LEN + 1, "%s", made);
}

static void test_quiet_hours(void **state)
{
	(void)state;
	assert_false(mq_notice_is_quiet(dl_local("2026-11-20", 8, 0)));
	assert_false(mq_notice_is_quiet(dl_local("2026-11-20", 21, 59)));
	assert_true(mq_notice_is_quiet(dl_local("2026-11-20", 22, 0)));
	assert_true(mq_notice_is_quiet(dl_local("2026-11-21", 7, 59)));
	assert_true(mq_notice_quiet_until(dl_local("2026-11-20", 22, 30)) ==
		    dl_local("2026-11-21", 8, 0));
	assert_true(mq_notice_quiet_until(dl_local("2026-11-21", 3, 0)) ==
		    dl_local("2026-11-21", 8, 0));
	assert_true(mq_notice_quiet_until(dl_local("2026-11-21", 12, 0)) ==
		    dl_local("2026-11-21", 12, 0));
}

/* The body notice @p n gets for @p format, parsed. */
static json_t *render(const struct mq_db_notice *n, enum mq_db_hook_format format)
{
	char *s = mq_notice_render(n, format);
	json_t *j;

	assert_non_null(s);
	j = json_loads(s, 0, NULL);
	assert_non_null(j);
	free(s);
	return j;
}

static void test_formats(void **state)
{
	json_t *msg = mq_notice_message("【民情·每日督查】湖滨街道", "超期1项。", PUBLIC "/console/inbox");
	struct mq_db_notice n = { .key = "digest:hubin:2026-11-20", .kind = "digest", .target = "hubin" };
	json_t *j;
	const char *md;
	char *text;

	(void)state;
	assert_true(mq_notice_item(msg, "超期2个工作日", true, "意见“<font>[x](y)*”", PUBLIC "/a"));
	assert_true(mq_notice_item(msg, "剩余1个工作日", false, "议题#3", NULL));
	text = json_dumps(msg, 0);
	n.body = text;
	/* 企业微信: markdown content, the warning coloured, residents' words defused */
	j = render(&n, MQ_HOOK_WECOM);
	assert_string_equal(json_string_value(json_object_get(j, "msgtype")), "markdown");
	md = json_string_value(json_object_get(json_object_get(j, "markdown"), "content"));
	assert_non_null(strstr(md, "**【民情·每日督查】湖滨街道**"));
	assert_non_null(strstr(md, "<font color=\"warning\">超期2个工作日</font>"));
	assert_non_null(strstr(md, "<font color=\"comment\">剩余1个工作日</font>"));
	assert_non_null(strstr(md, "＜font＞［x］(y)＊"));
	assert_non_null(strstr(md, "[查看](" PUBLIC "/a)"));
	assert_non_null(strstr(md, "[打开控制台](" PUBLIC "/console/inbox)"));
	json_decref(j);
	/* 钉钉: title and markdown text */
	j = render(&n, MQ_HOOK_DINGTALK);
	assert_string_equal(json_string_value(json_object_get(j, "msgtype")), "markdown");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "markdown"), "title")),
			    "【民情·每日督查】湖滨街道");
	md = json_string_value(json_object_get(json_object_get(j, "markdown"), "text"));
	assert_non_null(strstr(md, "- **超期2个工作日** "));
	json_decref(j);
	/* plain JSON keeps the structure */
	j = render(&n, MQ_HOOK_JSON);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "digest");
	assert_string_equal(json_string_value(json_object_get(j, "key")), n.key);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	json_decref(j);
	/* the SMS gateway: phone, text, link */
	n.target = "sms";
	n.kind = "sms_result";
	n.phone = PHONE1;
	j = render(&n, MQ_HOOK_WECOM);
	assert_string_equal(json_string_value(json_object_get(j, "type")), "opinion_result");
	assert_string_equal(json_string_value(json_object_get(j, "phone")), PHONE1);
	json_decref(j);
	n.body = "not json";
	assert_null(mq_notice_render(&n, MQ_HOOK_JSON));
	free(text);
	json_decref(msg);
}

/* A digest too long for a 企业微信 message is cut, the rest counted. */
static void test_long_digest(void **state)
{
	json_t *msg = mq_notice_message("t", "x", NULL);
	struct mq_db_notice n = { .key = "k", .kind = "digest", .target = "hubin" };
	json_t *j;
	char *text;
	const char *md;

	(void)state;
	for (int i = 0; i < 200; i++)
		assert_true(mq_notice_item(msg, "超期9个工作日", true,
					   "意见“东坡路口红绿灯太短，老人过马路来不及”", PUBLIC "/c"));
	text = json_dumps(msg, 0);
	n.body = text;
	j = render(&n, MQ_HOOK_WECOM);
	md = json_string_value(json_object_get(json_object_get(j, "markdown"), "content"));
	assert_true(strlen(md) <= MQ_NOTIFY_MARKDOWN_MAX);
	assert_non_null(strstr(md, "……另有"));
	json_decref(j);
	free(text);
	json_decref(msg);
}

/* Residents: one SMS at the first answer and one at the result, only with
 * consent, never at night, never twice; failures retried. */
static void test_residents(void **state)
{
	struct fixture *f = *state;
	char topic[MQ_UUID_LEN + 1] = "";
	struct mq_topic_update_in fb = { .action = "feedback", .result = "已延长绿灯时间" };
	struct mq_supervise_result r;
	char msg[256];
	const char *body;

	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-16T02:00:00Z", PHONE1);
	dl_post_opinion(&f->t, OP2, TOK2, "2026-11-16T02:00:00Z", NULL);
	/* answered (a topic with a note for the residents) late in the evening */
	triage(f, OP1, "topic_new", "已立项，委员将实地查看。", dl_local("2026-11-18", 21, 50), topic);
	triage(f, OP2, "topic_link", "已立项。", dl_local("2026-11-18", 21, 50), topic);
	f->hook.fail_first = 1;
	r = run(f, dl_local("2026-11-18", 22, 10));
	assert_int_equal(r.sms_queued, 1);                 /* OP2 left no phone */
	assert_int_equal(dl_requests(&f->hook, "sms-*"), 0);   /* quiet hours: nothing tried */
	r = run(f, dl_local("2026-11-19", 7, 59));
	assert_int_equal(dl_requests(&f->hook, "sms-*"), 0);
	assert_int_equal(r.sent.held, 0);   /* held by not_before: not even due */
	/* 08:00: the first try fails (500), the retry a minute on succeeds */
	r = run(f, dl_local("2026-11-19", 8, 0));
	assert_int_equal(r.sent.n.retry, 1);
	assert_int_equal(dl_accepted(&f->hook, "sms-answer:" OP1), 0);
	r = run(f, dl_local("2026-11-19", 8, 2));
	assert_int_equal(dl_accepted(&f->hook, "sms-answer:" OP1), 1);
	body = dl_body(&f->hook, "sms-answer:" OP1);
	assert_non_null(strstr(body, "\"phone\":\"" PHONE1 "\""));
	assert_non_null(strstr(body, PUBLIC "/t/" TOK1));
	assert_non_null(strstr(body, "有了答复"));
	assert_non_null(strstr(body, "\"type\":\"opinion_answer\""));
	/* the phone is forgotten once the message is done */
	assert_int_equal(tsrv_count(&f->t, "SELECT count(*) FROM notices WHERE phone IS NOT NULL"), 0);
	/* again: nothing */
	r = run(f, dl_local("2026-11-19", 9, 0));
	assert_int_equal(dl_accepted(&f->hook, "sms-*"), 1);
	assert_int_equal(r.sms_queued, 0);
	/* the result is published: one more, and only one */
	f->hook.fail_first = 0;
	assert_int_equal(mq_workflow_topic_update(f->t.db, &dl_hubin, topic, &fb,
						  dl_local("2026-11-19", 10, 0), msg, sizeof msg),
			 MQ_OK);
	run(f, dl_local("2026-11-19", 10, 5));
	run(f, dl_local("2026-11-19", 10, 20));
	assert_int_equal(dl_accepted(&f->hook, "sms-result:" OP1), 1);
	assert_non_null(strstr(dl_body(&f->hook, "sms-result:" OP1), "办理结果已公布"));
	assert_int_equal(dl_accepted(&f->hook, "sms-*"), 2);
	/* and every SMS went to the gateway's URL */
	for (size_t i = 0; i < f->hook.n; i++)
		if (strncmp(f->hook.req[i].key, "sms-", 4) == 0)
			assert_string_equal(f->hook.req[i].url, "http://127.0.0.1:9/sms");
}

/* A direct answer is the result: one SMS, not two. An answer older than
 * the horizon when first seen gets none. */
static void test_direct_answer(void **state)
{
	struct fixture *f = *state;
	char topic[MQ_UUID_LEN + 1] = "";

	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-16T02:00:00Z", PHONE1);
	dl_post_opinion(&f->t, OP3, TOK3, "2026-10-16T02:00:00Z", PHONE3);
	triage(f, OP1, "answer", "已联系交警延长绿灯。", dl_local("2026-11-18", 10, 0), topic);
	triage(f, OP3, "answer", "已处理。", dl_local("2026-10-20", 10, 0), topic);
	run(f, dl_local("2026-11-18", 10, 30));
	assert_int_equal(dl_accepted(&f->hook, "sms-result:" OP1), 1);
	assert_int_equal(dl_accepted(&f->hook, "sms-answer:" OP1), 0);
	assert_int_equal(dl_accepted(&f->hook, "sms-*" ), 1);   /* none for OP3 */
}

/* Street groups' digests: working days from 08:30, once a day, overdue
 * items labelled 超期; the district's lists the overdue ones. */
static void test_digests(void **state)
{
	struct fixture *f = *state;
	const char *body;

	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-02T02:00:00Z", NULL);   /* due Nov 9: overdue */
	struct mq_order_in order = { .opinion = OP1, .note = "请加快。", .due_day = "2026-11-20" };
	char id[MQ_UUID_LEN + 1], msg[128];
	int64_t no;

	dl_post_opinion(&f->t, OP2, TOK2, "2026-11-19T02:00:00Z", NULL);   /* new since yesterday */
	assert_int_equal(mq_order_issue(f->t.db, &dl_admin, &order, PUBLIC, dl_local("2026-11-19", 9, 0),
					id, &no, msg, sizeof msg), MQ_OK);
	run(f, dl_local("2026-11-20", 8, 29));
	assert_int_equal(dl_accepted(&f->hook, "digest:*"), 0);
	run(f, dl_local("2026-11-20", 8, 31));
	assert_int_equal(dl_accepted(&f->hook, "digest:hubin:2026-11-20"), 1);
	assert_int_equal(dl_accepted(&f->hook, "digest:xiaoying:2026-11-20"), 1);
	assert_int_equal(dl_accepted(&f->hook, "digest:*:2026-11-20"), 1);
	body = dl_body(&f->hook, "digest:hubin:2026-11-20");
	assert_non_null(strstr(body, "\"msgtype\":\"markdown\""));
	assert_non_null(strstr(body, "超期9个工作日"));      /* Nov 10..20 */
	assert_non_null(strstr(body, "（新收到）"));
	/* and the order it has yet to answer */
	assert_non_null(strstr(body, "督办待答复（11月20日前）</font> 督办#1"));
	assert_non_null(strstr(body, "督办待答复1项"));
	assert_non_null(strstr(body, "超期1项"));
	body = dl_body(&f->hook, "digest:xiaoying:2026-11-20");
	assert_non_null(strstr(body, "今日无待办事项"));
	body = dl_body(&f->hook, "digest:*:2026-11-20");
	assert_non_null(strstr(body, "\"type\":\"digest\""));
	assert_non_null(strstr(body, "湖滨街道委员工作室"));
	/* not twice the same day; none on a Saturday */
	run(f, dl_local("2026-11-20", 15, 0));
	run(f, dl_local("2026-11-21", 9, 0));
	assert_int_equal(dl_accepted(&f->hook, "digest:hubin:*"), 1);
	run(f, dl_local("2026-11-23", 9, 0));
	assert_int_equal(dl_accepted(&f->hook, "digest:hubin:*"), 2);
}

/* Overdue beyond the threshold: escalated once, the district told in one
 * message for all that a pass escalates. */
static void test_escalation(void **state)
{
	struct fixture *f = *state;
	struct mq_supervise_result r;

	dl_post_opinion(&f->t, OP2, TOK2, "2026-11-02T03:00:00Z", NULL);
	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-02T02:00:00Z", NULL);   /* triage due Nov 9 */
	r = run(f, dl_local("2026-11-16", 7, 0));                          /* 5 days over */
	assert_int_equal(r.escalated, 0);
	r = run(f, dl_local("2026-11-17", 7, 0));                          /* 6 */
	assert_int_equal(r.escalated, 2);
	assert_int_equal(r.overdue, 2);
	r = run(f, dl_local("2026-11-18", 7, 0));
	assert_int_equal(r.escalated, 0);
	assert_int_equal(dl_accepted(&f->hook, "escalation:*"), 1);
	assert_non_null(strstr(dl_body(&f->hook, "escalation:*"), "/console/opinions/" OP1));
	assert_non_null(strstr(dl_body(&f->hook, "escalation:*"), "2项超期5个工作日以上"));
	assert_non_null(strstr(dl_body(&f->hook, "escalation:*"), "/console/opinions/" OP2));
	assert_int_equal(tsrv_count(&f->t, "SELECT count(*) FROM escalations WHERE subject = '" OP1
					   "' AND deadline = 'triage' AND studio = 'hubin'"), 1);
}

/* Down, then up: nothing lost; with no webhook, messages wait for one. */
static void test_nothing_lost(void **state)
{
	struct fixture *f = *state;
	struct mq_order_in in = { .opinion = OP1, .note = "请加快办理。", .due_day = "2026-11-27" };
	struct mq_supervise_result r;
	char id[MQ_UUID_LEN + 1], msg[128], key[64];
	struct mq_webhook_in none = { "hubin", "", MQ_HOOK_WECOM };
	int64_t no, t = dl_local("2026-11-19", 6, 0);   /* before the digests are due */

	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-16T02:00:00Z", NULL);
	assert_int_equal(mq_notice_webhook_save(f->t.db, &dl_admin, &none, t, msg, sizeof msg), MQ_OK);
	assert_int_equal(mq_order_issue(f->t.db, &dl_admin, &in, PUBLIC, t, id, &no, msg, sizeof msg),
			 MQ_OK);
	snprintf(key, sizeof key, "order:%s", id);
	r = run(f, t + 60);
	assert_int_equal(r.sent.unrouted, 1);
	assert_int_equal(dl_accepted(&f->hook, key), 0);
	hook(f, "hubin", MQ_HOOK_WECOM);
	f->hook.down = true;
	for (int i = 0; i < 3; i++) {
		r = run(f, t + 600 * (i + 1));
		assert_int_equal(r.sent.n.retry, 1);
	}
	f->hook.down = false;
	r = run(f, t + 3600);
	assert_int_equal(r.sent.n.sent, 1);
	assert_int_equal(dl_accepted(&f->hook, key), 1);
	assert_non_null(strstr(dl_body(&f->hook, key), "请加快办理。"));
	assert_non_null(strstr(dl_body(&f->hook, key), PUBLIC "/console/supervision/"));
	assert_int_equal(tsrv_count(&f->t, "SELECT count(*) FROM notices WHERE state <> 'sent'"), 0);
	/* a message whose run crashed after claiming it is never sent again by itself */
	assert_int_equal(f->t.db->notice_claim(f->t.db->cls, key, t), MQ_ERR_CONFLICT);
}

/* A message that keeps failing gives up after MQ_NOTIFY_ATTEMPTS requests. */
static void test_gives_up(void **state)
{
	struct fixture *f = *state;
	int64_t t = dl_local("2026-11-20", 9, 0);

	f->hook.down = true;
	dl_post_opinion(&f->t, OP1, TOK1, "2026-11-18T02:00:00Z", NULL);
	for (int i = 0; i < MQ_NOTIFY_ATTEMPTS + 2; i++)
		run(f, t + 3600 * i);
	assert_int_equal(tsrv_count(&f->t, "SELECT count(*) FROM notices WHERE state = 'failed'"
					   " AND attempts = 8 AND last_error LIKE 'Couldn%'"), 3);
}

/* --webhook: everything to one URL, as plain JSON. */
static void test_one_url(void **state)
{
	struct fixture *f = *state;

	f->cfg.webhook = "http://127.0.0.1:9/all";
	run(f, dl_local("2026-11-20", 9, 0));
	assert_int_equal(dl_accepted(&f->hook, "digest:*"), 7);   /* six streets and the district */
	for (size_t i = 0; i < f->hook.n; i++) {
		assert_string_equal(f->hook.req[i].url, "http://127.0.0.1:9/all");
		assert_non_null(strstr(f->hook.req[i].body, "\"type\":\"digest\""));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quiet_hours),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_long_digest),
		cmocka_unit_test_setup_teardown(test_residents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_direct_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_digests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escalation, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gives_up, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_url, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
