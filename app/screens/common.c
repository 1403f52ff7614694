/* common.c — what several screens need: names from the server state, the
 * five stages, the tracking URL. */
#include <stdio.h>
#include <string.h>

#include "screens.h"

const char *const mq_screen_stages[5][2] = {
	{ "collected", "收集采集" }, { "triaged", "分析研判" }, { "research", "调研走访" },
	{ "consult", "协商办理" },   { "feedback", "督查反馈" },
};

const char *mq_screen_state_name(const struct mq_ui_app *app, const char *list, const char *key)
{
	json_t *arr = app->state ? json_object_get(app->state, list) : NULL, *it;
	size_t i;

	if (!key || !*key)
		return NULL;
	json_array_foreach(arr, i, it) {
		const char *k = json_string_value(json_object_get(it, "key"));
		const char *n = json_string_value(json_object_get(it, "name"));

		if (k && n && *n && strcmp(k, key) == 0)
			return n;
	}
	return NULL;
}

const char *mq_screen_category_name(const struct mq_ui_app *app, const char *key)
{
	const char *n = mq_screen_state_name(app, "categories", key);

	if (!n && key && strcmp(key, "other") == 0)
		n = "其他";
	return n ? mq_tr(n) : key;
}

void mq_screen_tracking_url(const struct mq_ui_app *app, const char *token, char *out,
			    size_t size)
{
	const char *base = app->cfg->public_url[0] ? app->cfg->public_url : app->cfg->server_url;
	size_t len = strlen(base);

	while (len > 0 && base[len - 1] == '/')
		len--;
	if (len == 0 || !token || !*token) {
		if (size)
			out[0] = '\0';
		return;
	}
	snprintf(out, size, "%.*s/t/%s", (int)len, base, token);
}
