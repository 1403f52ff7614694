/* liaison.c — 民情联络员 (mq_liaison.h): an officer's filing, through the
 * phone side's filing (filing.h) with channel `liaison` and a hook that
 * records who filed it and audits it in the same transaction. */
#include "mq_liaison.h"
#include "filing.h"

#include <stdio.h>
#include <string.h>

#include "mq_audit.h"

/* The hook's data: the officer. */
struct filed_by {
	const struct mq_db_staff *who;
	int64_t now;
};

static enum mq_err record_filer(struct mq_db *db, const char *id, void *cls)
{
	struct filed_by *f = cls;
	enum mq_err err = db->liaison_filing_insert(db->cls, id, f->who->username, f->now);

	if (err != MQ_OK)
		return err;
	return mq_audit(db, f->who, f->now, f->who->studio, "opinion.file", id, NULL,
			json_pack("{s:s, s:s}", "channel", "liaison", "studio", f->who->studio));
}

static bool given(const char *s)
{
	return s && s[0];
}

/* The form's own rules, before the opinion kind's: false with @p msg. */
static bool form_ok(const struct mq_liaison_in *in, char mobile[MQ_PHONE_MOBILE_LEN + 1],
		    char *msg, size_t size)
{
	bool contact = given(in->name) || given(in->phone);

	mobile[0] = '\0';
	if (!given(in->community))
		return snprintf(msg, size, "请选择走访的社区。"), false;
	if (!given(in->text))
		return snprintf(msg, size, "请填写居民反映的意见。"), false;
	if (contact && !in->consent)
		return snprintf(msg, size, "居民没有同意留下联系方式，请不要填写姓名和电话。"), false;
	if (in->consent && !contact)
		return snprintf(msg, size, "居民同意留下联系方式时，请填写姓名或电话。"), false;
	if (given(in->phone) && !mq_phone_is_mobile(in->phone, mobile))
		return snprintf(msg, size, "电话请填写11位手机号码。"), false;
	return true;
}

enum mq_err mq_liaison_file(struct mq_db *db, const struct mq_db_staff *who,
			    const struct mq_liaison_in *in, struct mq_phone_filed *out,
			    char *msg, size_t size)
{
	char mobile[MQ_PHONE_MOBILE_LEN + 1], why[160];
	struct filed_by by = { .who = who, .now = in->now };
	struct mq_filing_hook hook = { record_filer, &by };
	struct mq_phone_opinion_in op;
	enum mq_err err;

	memset(out, 0, sizeof *out);
	msg[0] = '\0';
	if (who->role != MQ_ROLE_LIAISON || !who->studio[0])
		return MQ_ERR_AUTH;
	if (!form_ok(in, mobile, msg, size))
		return MQ_ERR_INVALID;
	op = (struct mq_phone_opinion_in){ .studio = who->studio, .form = in->form,
					   .category = in->category, .community = in->community,
					   .text = in->text, .name = in->consent ? in->name : NULL,
					   .phone = mobile[0] ? mobile : NULL, .now = in->now };
	err = mq_filing_opinion(db, &op, "liaison", &hook, out, why, sizeof why);
	if (err == MQ_ERR_INVALID)
		snprintf(msg, size, "未能登记：%s", why);
	return err;
}
