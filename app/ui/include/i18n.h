/* i18n.h — the kiosk's UI strings: written in Chinese in the code, looked up
 * in the English catalogue (assets/po/en.po, compiled to en.mo and embedded)
 * when the resident switches language. zh-CN is the default. */
#ifndef MQ_I18N_H
#define MQ_I18N_H

#include <stdbool.h>
#include <stddef.h>

/** The languages the kiosk speaks. */
enum mq_lang {
	MQ_LANG_ZH = 0,   /* zh_CN, the default */
	MQ_LANG_EN = 1,   /* en */
};

/**
 * Map a config value ("zh_CN", "zh", "en", "en_US", ...) to a language.
 * Anything not English, including NULL and "", is Chinese.
 */
enum mq_lang mq_i18n_parse(const char *lang);

/** Set the language used by mq_tr(). Not thread-safe: call it from the UI thread. */
void mq_i18n_set_lang(enum mq_lang lang);

/** The language mq_tr() currently translates to. */
enum mq_lang mq_i18n_lang(void);

/**
 * Translate @p zh (the Chinese source string) into the current language.
 * Returns @p zh itself in Chinese, or when the English table lacks it, so the
 * screen always shows something. Never NULL for a non-NULL argument; the
 * result has static storage (or is @p zh).
 */
const char *mq_tr(const char *zh);

/** True if the English catalogue has an entry for @p zh (for tests and checks). */
bool mq_i18n_has(const char *zh);

#endif
