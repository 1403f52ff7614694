/* a11y.c — what read-aloud says for a widget (widget.h): a spoken text in
 * place of the drawn one (a code said digit by digit, a PIN key said not at
 * all) and the mark on a page's title and instruction, which the shell
 * says when the page appears. The toolkit only keeps these; the shell
 * speaks. */
#include <stdio.h>
#include <string.h>

#include "i18n.h"
#include "widget_private.h"

void mq_ui_widget_set_spoken(struct mq_ui_widget *w, const char *spoken)
{
	size_t n;

	if (!w)
		return;
	n = strlen(spoken ? spoken : "");
	if (n >= sizeof(w->spoken)) {
		n = sizeof(w->spoken) - 1;
		while (n > 0 && ((unsigned char)spoken[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(w->spoken, spoken ? spoken : "", n);
	w->spoken[n] = '\0';
	w->has_spoken = true;
}

const char *mq_ui_widget_spoken(const struct mq_ui_widget *w)
{
	return w->has_spoken ? w->spoken : mq_ui_widget_text(w);
}

void mq_ui_widget_set_announce(struct mq_ui_widget *w, bool announce)
{
	if (w)
		w->announce = announce;
}

bool mq_ui_widget_announce(const struct mq_ui_widget *w)
{
	return w->announce;
}

void mq_ui_spoken_digits(const char *digits, char *out, size_t size)
{
	static const char *const zh[10] = { "零", "一", "二", "三", "四",
					    "五", "六", "七", "八", "九" };
	bool en = mq_i18n_lang() == MQ_LANG_EN;
	size_t used = 0;

	if (size == 0)
		return;
	out[0] = '\0';
	for (const char *p = digits; *p; p++) {
		char one[16];
		int n;

		if (*p < '0' || *p > '9')
			continue;
		n = snprintf(one, sizeof(one), "%s%s", used ? (en ? ", " : "、") : "",
			     en ? (char[]){ *p, '\0' } : zh[*p - '0']);
		if (n < 0 || used + (size_t)n >= size)
			break;
		memcpy(out + used, one, (size_t)n + 1);
		used += (size_t)n;
	}
}
