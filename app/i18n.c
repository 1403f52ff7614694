/* i18n.c — UI strings. The code writes every string in Chinese (the
 * residents' language and the default); this table gives the English a
 * visitor or foreign resident sees after tapping "English". A string
 * missing here shows in Chinese rather than not at all. */
#include "i18n.h"

#include <string.h>

struct entry {
	const char *zh, *en;
};

static const struct entry table[] = {
	/* chrome */
	{ "首页", "Home" },
	{ "长辈模式", "Large text" },
	{ "标准字号", "Standard text" },
	{ "委员工作室", "Members' Studio" },
	/* home */
	{ "反映民意", "Share your opinion" },
	{ "说说您身边的难点、热点问题，街道委员小组会分析研判、协商办理",
	  "Tell us about problems around you; the street members' group will study them and seek solutions" },
	{ "倾听民声 · 了解民情 · 集中民智 · 助解民忧",
	  "We listen, we learn, we pool ideas, we help" },
	{ "您的意见将经过以下五个步骤", "Your opinion goes through five steps" },
	{ "收集采集", "Collected" },
	{ "分析研判", "Assessed" },
	{ "调研走访", "Investigated" },
	{ "协商办理", "Consulted" },
	{ "督查反馈", "Followed up" },
	{ "已同步", "Synced" },
	{ "您提交的内容已安全保存在本机", "What you submit is kept safely on this kiosk" },
	{ "离线，记录已安全保存，联网后自动上传",
	  "Offline: records are kept safely and sent when the network is back" },
	/* opinion */
	{ "请选择您要反映的问题类别", "What is your opinion about?" },
	{ "第1步，共2步", "Step 1 of 2" },
	{ "点一下类别，就进入下一步", "Tap a category to go on" },
	{ "第2步，共2步", "Step 2 of 2" },
	{ "请写下您的意见", "Write your opinion" },
	{ "请在这里写下您遇到的问题和建议", "Write the problem you met and your suggestion here" },
	{ "类别：", "Category: " },
	{ "提交", "Submit" },
	{ "返回", "Back" },
	{ "上一步", "Back" },
	{ "请先写下您的意见，再点“提交”", "Please write your opinion first, then tap Submit" },
	{ "暂时无法保存，请联系工作人员", "Cannot save right now. Please ask the staff for help" },
	/* categories (names come from the server; common ones translated) */
	{ "其他", "Other" },
	{ "环境卫生", "Environment and sanitation" },
	{ "交通出行", "Traffic and transport" },
	{ "社区治理", "Community affairs" },
	{ "养老服务", "Elderly care" },
	{ "住房物业", "Housing and property" },
	{ "公共安全", "Public safety" },
	{ "教育医疗", "Education and health" },
	{ "市容市貌", "Streetscape" },
	/* confirm */
	{ "您的意见已收到，谢谢！", "Thank you, we have your opinion!" },
	{ "查询码", "Tracking code" },
	{ "用手机扫一扫，查看办理进度", "Scan with your phone to follow it" },
	{ "街道委员小组将在5个工作日内分析研判，扫码可随时查看进度。",
	  "The street members' group will assess it within 5 working days. Scan the code to follow its progress at any time." },
	{ "向工作人员咨询时，请报上查询码。", "Tell the staff this code when you ask about it." },
	{ "完成，返回首页", "Done" },
	/* keyboard */
	{ "删除", "Delete" },
	{ "换行", "Enter" },
	{ "大写", "Shift" },
	{ "空格", "Space" },
};

static enum mq_lang current = MQ_LANG_ZH;

enum mq_lang mq_i18n_parse(const char *lang)
{
	if (lang && (strncmp(lang, "en", 2) == 0 || strncmp(lang, "EN", 2) == 0))
		return MQ_LANG_EN;
	return MQ_LANG_ZH;
}

void mq_i18n_set_lang(enum mq_lang lang)
{
	current = lang == MQ_LANG_EN ? MQ_LANG_EN : MQ_LANG_ZH;
}

enum mq_lang mq_i18n_lang(void)
{
	return current;
}

static const struct entry *find(const char *zh)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(table[i].zh, zh) == 0)
			return &table[i];
	return NULL;
}

const char *mq_tr(const char *zh)
{
	const struct entry *e;

	if (!zh || current == MQ_LANG_ZH)
		return zh;
	e = find(zh);
	return e ? e->en : zh;
}

bool mq_i18n_has(const char *zh)
{
	return zh && find(zh) != NULL;
}
