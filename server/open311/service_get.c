/* service_get.c — GET /open311/v2/services/{code}.{json,xml}: a category's
 * service definition, the attributes a request of it takes besides the
 * spec's own fields. What the kiosk asks for a category, as far as it may
 * travel through Open311: the community (社区, optional; a choice among
 * the district's communities, each named with its street, and checked
 * against the api_key's studio when a request is posted), and a note that
 * is not a field at all (variable: false) saying that names and phones are
 * not taken, as at the kiosk without consent. 404 for an unknown code. */
#include <stdio.h>
#include <string.h>

#include "open311.h"

struct values {
	struct mq_db *db;
	json_t *list;
	const char *street;        /* the studio whose communities are listed */
	enum mq_err err;
};

static bool community(void *cls, const struct mq_db_named *c)
{
	struct values *v = cls;
	char name[2 * MQ_DB_NAME_MAX + 8];

	snprintf(name, sizeof name, "%s · %s", v->street, c->name);
	return json_array_append_new(v->list, json_pack("{s:s, s:s}", "key", c->key, "name",
							 name)) == 0;
}

static bool studio(void *cls, const struct mq_db_named *s)
{
	struct values *v = cls;

	v->street = s->name;
	v->err = v->db->communities_iterate(v->db->cls, s->key, community, v);
	return v->err == MQ_OK;
}

/* The attributes of every category: the community to choose, the privacy note. */
static json_t *attributes(struct mq_db *db, enum mq_err *err)
{
	struct values v = { db, json_array(), NULL, MQ_OK };
	json_t *a;

	if (!v.list)
		return NULL;
	*err = db->studios_iterate(db->cls, studio, &v);
	if (*err == MQ_OK)
		*err = v.err;
	a = json_pack("[{s:b, s:s, s:s, s:b, s:s, s:i, s:s}, {s:b, s:s, s:s, s:b, s:s, s:i, s:s, s:o}]",
		      "variable", 0, "code", "privacy", "datatype", "string", "required", 0,
		      "datatype_description", "", "order", 1,
		      "description", "不收集姓名、电话等个人信息；请不要写在描述里。提交后可凭查询码或跟踪链接查看办理进度。",
		      "variable", 1, "code", "community", "datatype", "singlevaluelist", "required", 0,
		      "datatype_description", "社区的编码（key），可不填；须是提交用的 api_key 所属街道的社区",
		      "order", 2, "description", "问题所在的社区", "values", v.list);
	return a;
}

void mq_open311_service_get(struct mq_handler_ctx *hc, struct mq_http_response *resp)
{
	struct mq_db *db = hc->srv->db;
	size_t stem;
	bool xml = mq_open311_format(hc->param, &stem);
	char code[MQ_KEY_MAX + 1];
	struct mq_db_named cat;
	enum mq_err err = MQ_ERR_NOT_FOUND;
	json_t *attrs;

	if (stem > 0 && stem <= MQ_KEY_MAX) {
		memcpy(code, hc->param, stem);
		code[stem] = '\0';
		if (mq_wire_is_key(code))
			err = db->category_get(db->cls, code, &cat);
	}
	if (err == MQ_ERR_NOT_FOUND) {
		mq_open311_error(resp, xml, 404, "no service with this service_code; see GET services");
		return;
	}
	attrs = err == MQ_OK ? attributes(db, &err) : NULL;
	if (err != MQ_OK || !attrs) {
		json_decref(attrs);
		mq_open311_error(resp, xml, 503, "the database did not answer; try again later");
		return;
	}
	mq_open311_reply(resp, 200, xml, "service_definition", NULL,
			 json_pack("{s:s, s:o}", "service_code", cat.key, "attributes", attrs));
}
