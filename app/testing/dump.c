/* dump.c — the widget tree as JSON (DESIGN §4, the `dump` script command):
 * {"screen","size":[W,H],"dpi","elder_mode","widgets":[{"id","role","text",
 * "rect":[x,y,w,h],"font_px","fg":"#rrggbb","bg":"#rrggbb","visible"}]}.
 * Decorations (role decor) are not part of the contract and are left out. */
#include <jansson.h>
#include <stdio.h>

#include "i18n.h"
#include "mq_log.h"
#include "testing.h"

static json_t *hex(mq_ui_rgb c)
{
	char buf[8];

	snprintf(buf, sizeof(buf), "#%02x%02x%02x", (unsigned)((c >> 16) & 0xFF),
		 (unsigned)((c >> 8) & 0xFF), (unsigned)(c & 0xFF));
	return json_string(buf);
}

/* What read-aloud said last, oldest first. */
static json_t *spoken_json(struct mq_app *app)
{
	const char *said[16];
	size_t n = mq_app_spoken(app, said, sizeof(said) / sizeof(said[0]));
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(said[i]));
	return a;
}

/* The dump of the current tree (caller json_decref's); NULL when out of memory. */
static json_t *dump_json(struct mq_app *app)
{
	json_t *widgets = json_array();
	json_t *root;

	if (!widgets)
		return NULL;
	for (size_t i = 0; i < mq_ui_tree_count(app->tree); i++) {
		struct mq_ui_widget *w = mq_ui_tree_at(app->tree, i);
		SDL_Rect r = mq_ui_widget_rect(w);
		json_t *o;

		if (mq_ui_widget_role(w) == MQ_UI_ROLE_DECOR)
			continue;
		o = json_pack("{s:s, s:s, s:s, s:[i,i,i,i], s:i, s:o, s:o, s:b}",
			      "id", mq_ui_widget_id(w),
			      "role", mq_ui_role_name(mq_ui_widget_role(w)),
			      "text", mq_ui_widget_text(w),
			      "rect", r.x, r.y, r.w, r.h,
			      "font_px", mq_ui_widget_font_px(w),
			      "fg", hex(mq_ui_widget_fg(w)),
			      "bg", hex(mq_ui_widget_bg(w)),
			      "visible", mq_ui_widget_visible(w));
		if (!o || json_array_append_new(widgets, o) != 0) {
			json_decref(widgets);
			return NULL;
		}
	}
	/* line_spacing (line height / font size, from the one theme) is beyond
	 * DESIGN §4's fields: the accessibility check reads it. */
	/* so is blanked: the panel is dark outside opening hours (the widgets
	 * are still those of the screen behind it) */
	/* spoken: the last utterances of read-aloud (DESIGN §9), oldest first */
	root = json_pack("{s:s, s:[i,i], s:i, s:b, s:f, s:s, s:b, s:o, s:o}",
			 "screen", mq_app_screen_name(app),
			 "size", app->w, app->h,
			 "dpi", app->theme.dpi,
			 "elder_mode", app->elder,
			 "line_spacing", app->theme.line_spacing,
			 "lang", mq_i18n_lang() == MQ_LANG_EN ? "en" : "zh_CN",
			 "blanked", mq_app_blanked(app),
			 "widgets", widgets,
			 "spoken", spoken_json(app));
	return root;
}

char *mq_dump_line(struct mq_app *app)
{
	json_t *root = dump_json(app);
	char *text = root ? json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

	json_decref(root);
	if (!text)
		mq_log_error("ui", "dump: out of memory");
	return text;
}

bool mq_dump_write(struct mq_app *app, const char *path)
{
	json_t *root = dump_json(app);
	int rc;

	if (!root) {
		mq_log_error("ui", "dump: out of memory");
		return false;
	}
	rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (rc != 0) {
		mq_log_error("ui", "dump: cannot write %s", path);
		return false;
	}
	return true;
}
