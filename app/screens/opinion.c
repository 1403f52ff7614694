/* opinion.c — filing an opinion (反映民意), one decision per page so nobody
 * has to take in a crowded form:
 *   1 category (grid with icons and words) → 2 the words (keyboard with
 *   pinyin, or the handwriting pad) → 3 community (optional) → 4 address a
 *   member, 委员信箱 (optional, when the studio has members) → 5 anonymous
 *   (the default) or name + phone with an explicit consent → 6 review → 提交.
 * The record goes to the local store (one transaction with its outbox
 * entry); sync is kicked; the confirmation screen shows the receipt. */
#include <stdio.h>
#include <string.h>

#include "button.h"
#include "icon.h"
#include "keyboard.h"
#include "label.h"
#include "member_card.h"
#include "mq_log.h"
#include "mq_time.h"
#include "screens.h"
#include "textinput.h"

#define MAX_ITEMS 48

/* Longest opinion, in characters (DESIGN §5: text 1..2000). */
#define OPINION_MAX_CHARS 2000

/* Bytes of a category, community or member key kept in the session. */
#define KEY_SIZE 64

/* The steps of filing an opinion, in order. */
enum step {
	MQ_OP_CATEGORY = 1,        /* the category grid */
	MQ_OP_TEXT,                /* the words, by pinyin or handwriting */
	MQ_OP_COMMUNITY,           /* which community (optional) */
	MQ_OP_MEMBER,              /* address a member, 委员信箱 (optional) */
	MQ_OP_CONTACT,             /* anonymous (default) or leave name and phone */
	MQ_OP_NAME,                /* ... the name */
	MQ_OP_PHONE,               /* ... the phone number and the consent */
	MQ_OP_REVIEW,              /* everything once more, then 提交 */
};

/* What one resident is filing; wiped (overwritten) when they finish or walk away. */
struct opinion {
	int step;                                   /* enum step */
	char category[KEY_SIZE];                    /* key */
	char community[KEY_SIZE];                   /* key or "" */
	char member[KEY_SIZE];                      /* key or "" */
	bool contact;                               /* chose to leave name and phone */
	bool consent;                               /* ticked the consent line */
	char name[MQ_SCREEN_NAME_MAX_CHARS * 4 + 1];
	char phone[MQ_UI_PHONE_MAX + 1];
	char text[OPINION_MAX_CHARS * 4 + 1];
	struct mq_screen_message message;
};

static struct opinion *op(const struct mq_app *app)
{
	return mq_app_data(app, &mq_screen_opinion);
}

/* A choice on a page: a key, what the button says and, for a member, the member. */
struct item {
	const char *key, *name;
	const struct mq_state_member *member;
};

/* A key the session and a widget id can hold: not empty, not too long. */
static bool usable_key(const char *key)
{
	return key && *key && strlen(key) < KEY_SIZE && strlen(key) <= MQ_UI_ID_MAX - 24;
}

/* The entries of @p list (@p n of them) with a usable key. */
static size_t items(const struct mq_state_named *list, size_t n, struct item *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n && k < max; i++)
		if (usable_key(list[i].key))
			out[k++] = (struct item){ list[i].key,
						  list[i].name && *list[i].name ? list[i].name
										: list[i].key,
						  NULL };
	return k;
}

/* The categories; 其他 alone when the state has none. */
static size_t categories(const struct mq_app *app, struct item *out, size_t max)
{
	size_t n = items(app->state->categories, app->state->n_categories, out, max);

	if (n == 0)
		out[n++] = (struct item){ "other", "其他", NULL };
	return n;
}

/* The members one can address, as items. */
static size_t members(const struct mq_app *app, struct item *out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < app->state->n_members && k < max; i++) {
		const struct mq_state_member *m = &app->state->members[i];

		if (usable_key(m->key))
			out[k++] = (struct item){ m->key, m->name && *m->name ? m->name : m->key, m };
	}
	return k;
}

static bool has_members(const struct mq_app *app)
{
	struct item it[1];

	return members(app, it, 1) > 0;
}

/* The step count is fixed (6) so every resident, and every script, meets
 * the same pages; without members the 委员信箱 page offers only "不指定". */
#define TOTAL_STEPS 6

/* The N of "第N步，共M步": the contact sub-pages count as one step. */
static int step_number(const struct mq_app *app)
{
	struct opinion *o = op(app);

	switch (o->step) {
	case MQ_OP_CATEGORY: return 1;
	case MQ_OP_TEXT: return 2;
	case MQ_OP_COMMUNITY: return 3;
	case MQ_OP_MEMBER: return 4;
	case MQ_OP_CONTACT:
	case MQ_OP_NAME:
	case MQ_OP_PHONE: return TOTAL_STEPS - 1;
	default: return TOTAL_STEPS;
	}
}

static void go_step(struct mq_app *app, int step)
{
	struct opinion *o = op(app);

	o->step = step;
	o->message.text[0] = '\0';
	mq_app_relayout(app);
}

static void tap_back(struct mq_ui_widget *w, void *cls);
static void tap_next(struct mq_ui_widget *w, void *cls);
static void tap_edit(struct mq_ui_widget *w, void *cls);
static void tap_submit(struct mq_ui_widget *w, void *cls);

static struct mq_screen_message *message(struct mq_app *app)
{
	return &op(app)->message;
}

static const struct mq_screen_form form = { "opinion", message, tap_back, tap_next, tap_edit,
					    tap_submit, false };

static void show_message(struct mq_app *app, const char *zh, bool error)
{
	mq_screen_show_message(app, &form, zh, error);
}

static void tap_back(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	switch (o->step) {
	case MQ_OP_CATEGORY:
		mq_app_go_home(app);
		return;
	case MQ_OP_NAME:
		go_step(app, MQ_OP_CONTACT);
		return;
	case MQ_OP_REVIEW:
		go_step(app, o->contact ? MQ_OP_PHONE : MQ_OP_CONTACT);
		return;
	default:
		go_step(app, o->step - 1);
		return;
	}
}

static void tap_category(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	snprintf(o->category, sizeof(o->category), "%s",
		 mq_ui_widget_id(w) + strlen("opinion.category."));
	go_step(app, MQ_OP_TEXT);
}

static void tap_community(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);
	const char *key = mq_ui_widget_id(w) + strlen("opinion.community.");

	snprintf(o->community, sizeof(o->community), "%s",
		 strcmp(key, "none") == 0 ? "" : key);
	go_step(app, MQ_OP_MEMBER);
}

static void tap_member(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);
	const char *key = mq_ui_widget_id(w) + strlen("opinion.member.");

	snprintf(o->member, sizeof(o->member), "%s", strcmp(key, "none") == 0 ? "" : key);
	go_step(app, MQ_OP_CONTACT);
}

static void tap_anonymous(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	o->contact = false;
	o->consent = false;
	memset(o->name, 0, sizeof(o->name));
	memset(o->phone, 0, sizeof(o->phone));
	go_step(app, MQ_OP_REVIEW);
}

static void tap_leave(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	o->contact = true;
	go_step(app, MQ_OP_NAME);
}

static void tap_consent(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	o->consent = !o->consent;
	o->message.text[0] = '\0';
	mq_app_relayout(app);
}

static void tap_next(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	switch (o->step) {
	case MQ_OP_TEXT:
		if (mq_screen_is_blank(o->text)) {
			show_message(app, "请先写下您的意见，再点“下一步”", true);
			return;
		}
		go_step(app, MQ_OP_COMMUNITY);
		return;
	case MQ_OP_COMMUNITY:
		go_step(app, MQ_OP_MEMBER);
		return;
	case MQ_OP_MEMBER:
		go_step(app, MQ_OP_CONTACT);
		return;
	case MQ_OP_NAME:
		go_step(app, MQ_OP_PHONE);
		return;
	case MQ_OP_PHONE:
		if (mq_ui_phone_check(o->phone) != MQ_UI_PHONE_OK) {
			show_message(app, "电话号码还不完整：手机号码以1开头，共11位；座机请先输入区号", true);
			return;
		}
		if (!o->consent) {
			show_message(app, "请点上面的同意，或返回选择“匿名提交”", true);
			return;
		}
		go_step(app, MQ_OP_REVIEW);
		return;
	default:
		return;
	}
}

static void tap_edit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	const char *what = mq_ui_widget_id(w) + strlen("opinion.edit.");

	if (strcmp(what, "category") == 0)
		go_step(app, MQ_OP_CATEGORY);
	else if (strcmp(what, "text") == 0)
		go_step(app, MQ_OP_TEXT);
	else if (strcmp(what, "community") == 0)
		go_step(app, MQ_OP_COMMUNITY);
	else if (strcmp(what, "member") == 0)
		go_step(app, MQ_OP_MEMBER);
	else
		go_step(app, MQ_OP_CONTACT);
}

static void tap_submit(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);
	struct mq_opinion_draft draft = { 0 };
	struct mq_receipt receipt;
	enum mq_err err;

	if (mq_screen_is_blank(o->text)) {
		show_message(app, "请先写下您的意见，再点“提交”", true);
		return;
	}
	draft.category = o->category[0] ? o->category : "other";
	draft.text = o->text;
	draft.community = o->community;
	draft.member = o->member;
	if (o->contact && o->consent) {
		draft.contact_name = o->name;
		draft.contact_phone = o->phone;
	}
	if (!app->store) {
		err = MQ_ERR_DB;
		mq_log_error("ui", "no store: cannot save the opinion");
	} else {
		err = mq_store_add_opinion(app->store, &draft, mq_time_now(), &receipt);
	}
	if (err != MQ_OK) {
		mq_log_error("ui", "cannot save opinion (%s)%s", mq_strerror(err),
			     err == MQ_ERR_DISK_FULL ? ": the disk is full" : "");
		show_message(app, "暂时无法保存，请联系工作人员", true);
		return;
	}
	mq_log_info("ui", "opinion %s queued (category %s)", receipt.id, draft.category);
	if (app->sync)
		mq_sync_kick(app->sync);
	mq_screen_confirm_opinion(app, &receipt);
	/* The words and the contact are in the store now; the screen forgets them. */
	memset(o->text, 0, sizeof(o->text));
	memset(o->name, 0, sizeof(o->name));
	memset(o->phone, 0, sizeof(o->phone));
	o->message.text[0] = '\0';
	mq_app_go(app, &mq_screen_confirm);
}

/* Title, step counter and a hint line; returns the y under them. */
static int header(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, const char *title,
		  const char *hint)
{
	return mq_screen_build_header(app, tree, c, &form, step_number(app), TOTAL_STEPS, title,
				      hint) + app->theme.gap;
}

/* The message box (hidden until needed) in @p r. */
static void message_box(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect r)
{
	struct opinion *o = op(app);

	mq_screen_build_message(app, tree, &form, r, o->message.error);
}

/* 上一步 (返回 on the first page) on the left and (when @p next) 下一步 on the
 * right of the bottom row. */
static void nav(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, bool next,
		bool next_dimmed)
{
	struct opinion *o = op(app);

	mq_screen_build_nav(app, tree, c, &form, o->step == MQ_OP_CATEGORY ? "返回" : "上一步",
			    next, next_dimmed);
}

static void build_categories(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	struct item it[MAX_ITEMS];
	size_t n = categories(app, it, MAX_ITEMS);
	int cols = 3, rows, bw, bh, y, grid_w, avail, icon_h;
	char id[MQ_UI_ID_MAX];

	y = header(app, tree, c, mq_tr("请选择您要反映的问题类别"), mq_tr("点一下类别，就进入下一步"));
	if ((int)n < cols)
		cols = (int)n;
	rows = ((int)n + cols - 1) / cols;
	avail = c.y + c.h - t->button_h - t->gap - y;
	bh = (avail - (rows - 1) * t->gap) / rows;
	if (bh > t->big_button_h)
		bh = t->big_button_h;
	if (bh < t->touch_min)
		bh = t->touch_min;
	/* Never wider than a third of the screen: one lone category must
	 * still look like a button, not a banner. */
	bw = (c.w - 2 * t->gap) / 3;
	grid_w = cols * bw + (cols - 1) * t->gap;
	icon_h = bh >= t->font_title * 3 ? t->font_title * 3 / 2 : 0;
	for (size_t i = 0; i < n; i++) {
		int col = (int)i % cols, row = (int)i / cols;
		SDL_Rect r = { c.x + (c.w - grid_w) / 2 + col * (bw + t->gap),
			       y + row * (bh + t->gap), bw, bh };
		struct mq_ui_widget *b;
		bool chosen = strcmp(o->category, it[i].key) == 0;
		char label[160];

		if (snprintf(id, sizeof(id), "opinion.category.%s", it[i].key) >= (int)sizeof(id))
			continue;
		snprintf(label, sizeof(label), "%s%s", mq_tr(it[i].name), chosen ? " ✓" : "");
		b = mq_ui_button_create(tree, t, id, label, r,
					chosen ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
					t->font_title, tap_category, app);
		if (b && icon_h) {
			int lh = mq_ui_theme_line_h(t, t->font_title);

			mq_ui_widget_set_text_offset(b, icon_h / 2);
			snprintf(id, sizeof(id), "opinion.category.%s.icon", it[i].key);
			(void)mq_ui_icon_create(tree, id, mq_ui_icon_for_category(it[i].key),
						(SDL_Rect){ r.x, r.y + r.h / 2 + icon_h / 2 - lh / 2 - icon_h,
							    r.w, icon_h },
						t->font_title, chosen ? t->on_primary : t->primary,
						chosen ? t->primary : t->secondary_bg);
		}
	}
	nav(app, tree, c, false, false);
}

static void text_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);
	struct mq_ui_widget *count = mq_ui_tree_find(app->tree, "opinion.count");
	struct mq_ui_widget *next = mq_ui_tree_find(app->tree, "opinion.next");
	char buf[64];

	snprintf(o->text, sizeof(o->text), "%s", mq_ui_widget_text(w));
	if (count) {
		snprintf(buf, sizeof(buf), "%zu / %d", mq_ui_input_count(w), OPINION_MAX_CHARS);
		(void)mq_ui_widget_set_text(count, buf);
	}
	if (next)
		mq_ui_button_set_style(next, &app->theme,
				       mq_screen_is_blank(o->text) ? MQ_UI_BUTTON_DIMMED : MQ_UI_BUTTON_PRIMARY);
	if (o->message.text[0])
		show_message(app, NULL, false);
	mq_app_invalidate(app);
}

static void name_changed(struct mq_ui_widget *w, void *cls)
{
	struct mq_app *app = cls;
	struct opinion *o = op(app);

	snprintf(o->name, sizeof(o->name), "%s", mq_ui_widget_text(w));
	mq_app_invalidate(app);
}

/* A text field over the keyboard with a side column (category/back/next). */
static void build_text(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	int kb_h = mq_ui_keyboard_height(app->kb, t);
	int side_w = mq_ui_theme_px(t, 200);
	int line_h = mq_ui_theme_line_h(t, t->font_body);
	int y, input_h, input_w, side_x, next_h, back_h, cat_h, count_w, msg_h;
	char cat[160], count[64];
	bool text_step = o->step == MQ_OP_TEXT;
	struct mq_ui_widget *w, *input;

	if (text_step) {
		snprintf(cat, sizeof(cat), "%s%s", mq_tr("类别："),
			 mq_screen_category_name(app, o->category));
		y = header(app, tree, c, mq_tr("请写下您的意见"), NULL);
	} else {
		snprintf(cat, sizeof(cat), "%s", mq_tr("可以只写姓，如“王阿姨”"));
		y = header(app, tree, c, mq_tr("请问怎么称呼您？"), NULL);
	}
	input_h = c.y + c.h - kb_h - t->gap - y;
	input_w = c.w - side_w - t->gap;
	side_x = c.x + input_w + t->gap;

	if (text_step)
		input = mq_ui_input_create(tree, t, "opinion.text",
					   (SDL_Rect){ c.x, y, input_w, input_h },
					   OPINION_MAX_CHARS, o->text,
					   mq_tr("请在这里写下您遇到的问题和建议。可以用拼音，也可以点“手写”用手指写字"));
	else
		input = mq_ui_input_create(tree, t, "opinion.name",
					   (SDL_Rect){ c.x, y, input_w, input_h },
					   MQ_SCREEN_NAME_MAX_CHARS, o->name, mq_tr("您的称呼（可不填）"));

	count_w = mq_ui_text_width(app->text, t->font_small, false, "0000 / 0000", 11) + t->gap;
	if (text_step) {
		snprintf(count, sizeof(count), "%zu / %d",
			 input ? mq_ui_input_count(input) : (size_t)0, OPINION_MAX_CHARS);
		w = mq_ui_label_create(tree, t, "opinion.count", count,
				       (SDL_Rect){ c.x + input_w - count_w - t->gap_small,
						   y + input_h - line_h - t->gap_small, count_w, line_h },
				       t->font_small, false, t->text_muted, t->surface);
		if (w)
			mq_ui_widget_set_align(w, MQ_UI_ALIGN_RIGHT, false);
	}
	msg_h = line_h * 2 + t->gap;
	message_box(app, tree, (SDL_Rect){ c.x + t->gap_small, y + input_h - msg_h - t->gap_small,
					   input_w - count_w - 3 * t->gap_small, msg_h });

	/* The category (or the name's hint) above the two buttons, when the
	 * column holds all three: elder mode's shorter field does not, and the
	 * label would lie under the buttons (the review step shows it anyway). */
	cat_h = mq_ui_label_measure(app->text, t, cat, t->font_body, true, side_w) + t->gap;
	if (input_h - cat_h - t->gap >= t->touch_min + t->button_h)
		(void)mq_ui_label_create(tree, t, "opinion.category", cat,
					 (SDL_Rect){ side_x, y, side_w, cat_h - t->gap }, t->font_body,
					 true, t->text, t->bg);
	else
		cat_h = 0;
	back_h = t->button_h;
	next_h = input_h - cat_h - back_h - t->gap;
	if (next_h > t->button_h * 2)
		next_h = t->button_h * 2;
	if (next_h < t->button_h) {
		back_h -= t->button_h - next_h;
		if (back_h < t->touch_min)
			back_h = t->touch_min;
		next_h = t->button_h;
	}
	mq_screen_build_back(app, tree, &form, "上一步",
			     (SDL_Rect){ side_x, y + input_h - next_h - t->gap - back_h, side_w,
					 back_h });
	mq_screen_build_next(app, tree, &form, (SDL_Rect){ side_x, y + input_h - next_h, side_w, next_h },
			     text_step && mq_screen_is_blank(o->text));
	mq_screen_build_keyboard(app, tree, c, input, text_step ? text_changed : name_changed);
}

/* A grid of choices from state list @p list plus a "none" choice first. */
static void build_choices(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c,
			  const struct mq_state_named *list, size_t list_n, const char *prefix,
			  const char *chosen, const char *none_label, mq_ui_tap_cb cb, int y)
{
	const struct mq_ui_theme *t = &app->theme;
	struct item it[MAX_ITEMS];
	size_t n = items(list, list_n, it, MAX_ITEMS);
	int cols = 3, rows, bw = (c.w - 2 * t->gap) / 3, bh, avail;
	char id[MQ_UI_ID_MAX], label[200];

	rows = ((int)n + 1 + cols - 1) / cols;
	avail = c.y + c.h - t->button_h - t->gap - y;
	bh = (avail - (rows - 1) * t->gap) / (rows > 0 ? rows : 1);
	if (bh > t->button_h * 2)
		bh = t->button_h * 2;
	if (bh < t->touch_min) {
		bh = t->touch_min;
		rows = (avail + t->gap) / (bh + t->gap);
		if ((size_t)(rows * cols) < n + 1)
			n = (size_t)(rows * cols) - 1;   /* what fits; the rest is "not sure" */
	}
	for (size_t i = 0; i <= n; i++) {
		bool none = i == 0;
		const char *key = none ? "none" : it[i - 1].key;
		bool sel = none ? !chosen[0] : strcmp(chosen, key) == 0;
		int col = (int)i % cols, row = (int)i / cols;

		snprintf(id, sizeof(id), "%s.%s", prefix, key);
		snprintf(label, sizeof(label), "%s%s", none ? none_label : mq_tr(it[i - 1].name),
			 sel ? " ✓" : "");
		(void)mq_ui_button_create(tree, t, id, label,
					  (SDL_Rect){ c.x + col * (bw + t->gap), y + row * (bh + t->gap),
						      bw, bh },
					  sel ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
					  t->font_title, cb, app);
	}
	nav(app, tree, c, true, false);
}

static void build_community(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	int y = header(app, tree, c, mq_tr("这件事发生在哪个社区？"),
		       mq_tr("不确定也没关系，点“不确定”就行"));

	build_choices(app, tree, c, app->state->communities, app->state->n_communities,
		      "opinion.community", o->community,
		      mq_tr("不确定"), tap_community, y);
}

static void build_member(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	struct item it[MAX_ITEMS];
	size_t n = members(app, it, MAX_ITEMS);
	int y = header(app, tree, c, mq_tr("想把意见写给哪位委员？（委员信箱）"),
		       mq_tr("可以不选，街道委员小组会安排合适的委员"));
	int cols = 2, cw = (c.w - t->gap) / cols, x, h = 0, row_y = y, bottom;
	char id[MQ_UI_ID_MAX];

	bottom = c.y + c.h - t->button_h - t->gap;
	(void)mq_ui_button_create(tree, t, "opinion.member.none",
				  !o->member[0] ? mq_tr("不指定，交给委员小组 ✓")
						    : mq_tr("不指定，交给委员小组"),
				  (SDL_Rect){ c.x, y, c.w, t->button_h },
				  !o->member[0] ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  t->font_title, tap_member, app);
	row_y = y + t->button_h + t->gap;
	for (size_t i = 0; i < n; i++) {
		struct mq_ui_member_info m = { 0 };
		int col = (int)i % cols;

		m.name = it[i].name;
		m.sector = it[i].member->sector;
		m.expertise = it[i].member->expertise;
		m.selected = strcmp(o->member, it[i].key) == 0;
		if (col == 0 && i > 0)
			row_y += h + t->gap;
		if (col == 0) {
			/* a row is as tall as its taller card */
			h = mq_ui_member_card_height(app->text, t, &m, cw);
			if (i + 1 < n) {
				struct mq_ui_member_info m2 = { it[i + 1].name,
					it[i + 1].member->sector, it[i + 1].member->expertise,
					MQ_UI_PRESENCE_NONE, NULL, false };
				int h2 = mq_ui_member_card_height(app->text, t, &m2, cw);

				if (h2 > h)
					h = h2;
			}
		}
		if (row_y + h > bottom)
			break;                  /* what fits; the group can still forward it */
		x = c.x + col * (cw + t->gap);
		snprintf(id, sizeof(id), "opinion.member.%s", it[i].key);
		(void)mq_ui_member_card_create(tree, app->text, t, id, &m,
					       (SDL_Rect){ x, row_y, cw, h }, tap_member, app);
	}
	nav(app, tree, c, true, false);
}

static void build_contact(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = header(app, tree, c, mq_tr("是否留下联系方式？"),
		       mq_tr("默认匿名提交，不留姓名电话。留下电话，委员可以回访您，告诉您办理情况。"));
	int bw = (c.w - t->gap) / 2, bh = t->big_button_h;

	(void)mq_ui_button_create(tree, t, "opinion.contact.anonymous",
				  mq_tr(o->contact ? "匿名提交（推荐）" : "匿名提交（推荐） ✓"),
				  (SDL_Rect){ c.x, y, bw, bh },
				  o->contact ? MQ_UI_BUTTON_SECONDARY : MQ_UI_BUTTON_PRIMARY,
				  t->font_title, tap_anonymous, app);
	(void)mq_ui_button_create(tree, t, "opinion.contact.leave", mq_tr("留下姓名和电话"),
				  (SDL_Rect){ c.x + bw + t->gap, y, bw, bh },
				  o->contact ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  t->font_title, tap_leave, app);
	nav(app, tree, c, false, false);
}

/* The phone pad types into the session's phone number, refusing what a
 * phone number cannot be and saying why. */
static void phone_key(struct mq_ui_digitpad *pad, char key)
{
	struct mq_app *app = pad->cls;
	struct opinion *o = op(app);

	(void)mq_screen_type_phone(app, &form, o->phone, sizeof(o->phone), key);
}

static void build_phone(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = header(app, tree, c, mq_tr("请输入您的电话号码"), mq_ui_phone_rule());
	SDL_Rect left = mq_screen_build_phone_field(app, tree, c, y, &form, o->phone);
	int consent_h = t->button_h * 2;

	(void)mq_ui_button_create(tree, t, "opinion.consent",
				  o->consent ? mq_tr("✓ 已同意：委员和工作人员可以用这个电话联系我，只用于办理这件意见")
						 : mq_tr("点这里表示同意：委员和工作人员可以用这个电话联系我，只用于办理这件意见"),
				  (SDL_Rect){ left.x, left.y, left.w, consent_h },
				  o->consent ? MQ_UI_BUTTON_PRIMARY : MQ_UI_BUTTON_SECONDARY,
				  t->font_body, tap_consent, app);
	left.y += consent_h + t->gap;
	left.h -= consent_h + t->gap;
	message_box(app, tree, left);
	mq_screen_build_phone_pad(app, tree, c, y, phone_key);
	nav(app, tree, c, true, mq_ui_phone_check(o->phone) != MQ_UI_PHONE_OK || !o->consent);
}

/* One review row: what, the value (at most @p max_lines), and 修改. Returns its height. */
static int review_row(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c, int y,
		      const char *key, const char *what, const char *value, int max_lines)
{
	const struct mq_ui_theme *t = &app->theme;

	return mq_screen_build_review_row(app, tree, c, y, &form, key, what, value,
					  mq_ui_theme_px(t, 150), t->font_body, max_lines);
}

static void build_review(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);
	const struct mq_ui_theme *t = &app->theme;
	int y = header(app, tree, c, mq_tr("请核对，没问题就点“提交”"), NULL);
	int submit_h = t->big_button_h * 2 / 3, bottom = c.y + c.h - submit_h - t->gap, lines;
	const char *v;
	char contact[200];

	y += review_row(app, tree, c, y, "category", mq_tr("类别"),
			mq_screen_category_name(app, o->category), 1);
	v = mq_state_named_find(app->state->communities, app->state->n_communities,
				o->community);
	y += review_row(app, tree, c, y, "community", mq_tr("社区"), v ? mq_tr(v) : mq_tr("不确定"), 1);
	v = has_members(app) ? mq_state_member_name(app->state, o->member) : NULL;
	y += review_row(app, tree, c, y, "member", mq_tr("写给委员"),
			v ? v : mq_tr("不指定，交给委员小组"), 1);
	if (o->contact && o->consent) {
		size_t n = strlen(o->phone);

		/* the full number is on the phone page; here it is masked for onlookers */
		snprintf(contact, sizeof(contact), "%s  %.3s****%s", o->name[0] ? o->name : "",
			 o->phone, n > 4 ? o->phone + n - 4 : "");
	} else {
		snprintf(contact, sizeof(contact), "%s", mq_tr("匿名（不留姓名和电话）"));
	}
	y += review_row(app, tree, c, y, "contact", mq_tr("联系方式"), contact, 1);
	lines = (bottom - y - t->gap) / mq_ui_theme_line_h(t, t->font_body);
	if (lines < 1)
		lines = 1;
	y += review_row(app, tree, c, y, "text", mq_tr("意见内容"), o->text, lines);
	mq_screen_build_submit(app, tree, c, &form, "提交", t->touch_min * 4,
			       o->message.error);
}

static void build(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect c)
{
	struct opinion *o = op(app);

	switch (o->step) {
	case MQ_OP_TEXT:
	case MQ_OP_NAME:
		build_text(app, tree, c);
		break;
	case MQ_OP_COMMUNITY:
		build_community(app, tree, c);
		break;
	case MQ_OP_MEMBER:
		build_member(app, tree, c);
		break;
	case MQ_OP_CONTACT:
		build_contact(app, tree, c);
		break;
	case MQ_OP_PHONE:
		build_phone(app, tree, c);
		break;
	case MQ_OP_REVIEW:
		build_review(app, tree, c);
		break;
	default:
		o->step = MQ_OP_CATEGORY;
		build_categories(app, tree, c);
		break;
	}
}

static void clear(struct mq_app *app, void *data)
{
	struct opinion *o = data;

	memset(o, 0, sizeof(*o));
	o->step = MQ_OP_CATEGORY;
}

const struct mq_screen_impl mq_screen_opinion = {
	.name = "opinion",
	.data_size = sizeof(struct opinion),
	.build = build,
	.clear = clear,
};
