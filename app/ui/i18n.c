/* i18n.c — UI strings. The code writes every string in Chinese (the
 * residents' language and the default); assets/po/en.po gives the English a
 * visitor sees after tapping "English". msgfmt compiles it to en.mo at build
 * time and the build embeds that file in the binary (a board has no source
 * tree and no /usr/share/locale of ours).
 *
 * Why we read the .mo ourselves instead of dgettext(): the language changes
 * per resident at runtime, and glibc's gettext picks the catalogue from the
 * process locale and $LANGUAGE, which a kiosk image without generated
 * locales (and a "C" locale, where LANGUAGE is ignored) cannot switch. The
 * .mo format is a fixed, documented layout: two sorted tables of
 * (length, offset) pairs; a binary search over them is all gettext does too.
 * A string missing from the catalogue shows in Chinese rather than not at all. */
#include "i18n.h"

#include <stdint.h>
#include <string.h>

#include "mq_embed.h"

extern const struct mq_embedded mq_ui_catalogs[];

/* One loaded .mo: views into the embedded bytes, validated once. */
struct catalog {
	bool loaded, ok;
	const unsigned char *data;
	size_t size;
	uint32_t n, orig, trans;
	bool swap;
};

static enum mq_lang current = MQ_LANG_ZH;
static struct catalog english;

static uint32_t u32(const struct catalog *c, size_t off)
{
	uint32_t v;

	memcpy(&v, c->data + off, 4);
	return c->swap ? __builtin_bswap32(v) : v;
}

/* Entry @p i of the table at @p table: a string inside the file, or NULL. */
static const char *entry(const struct catalog *c, uint32_t table, uint32_t i)
{
	uint32_t len = u32(c, table + 8 * (size_t)i), off = u32(c, table + 8 * (size_t)i + 4);

	if ((size_t)off + len >= c->size || c->data[off + len] != '\0')
		return NULL;
	return (const char *)c->data + off;
}

static bool load(struct catalog *c, const char *name)
{
	const uint32_t magic = 0x950412de;

	c->loaded = true;
	for (const struct mq_embedded *m = mq_ui_catalogs; m->name; m++) {
		if (strcmp(m->name, name) != 0)
			continue;
		c->data = (const unsigned char *)m->data;
		c->size = m->len;
	}
	if (!c->data || c->size < 28)
		return false;
	c->swap = u32(c, 0) != magic;
	if (c->swap && u32(c, 0) != magic)
		return false;
	c->n = u32(c, 8);
	c->orig = u32(c, 12);
	c->trans = u32(c, 16);
	if (c->n > c->size / 16 || (size_t)c->orig + 8 * (size_t)c->n > c->size ||
	    (size_t)c->trans + 8 * (size_t)c->n > c->size)
		return false;
	for (uint32_t i = 0; i < c->n; i++)
		if (!entry(c, c->orig, i) || !entry(c, c->trans, i))
			return false;
	c->ok = true;
	return true;
}

/* The translation of @p msgid, or NULL. msgfmt sorts the originals by strcmp. */
static const char *lookup(struct catalog *c, const char *msgid)
{
	uint32_t lo = 0, hi;

	if (!c->loaded)
		(void)load(c, "en.mo");
	if (!c->ok || !*msgid)
		return NULL;
	hi = c->n;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = strcmp(msgid, entry(c, c->orig, mid));

		if (cmp == 0) {
			const char *t = entry(c, c->trans, mid);

			return t && *t ? t : NULL;
		}
		if (cmp < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

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

const char *mq_tr(const char *zh)
{
	const char *en;

	if (!zh || current == MQ_LANG_ZH)
		return zh;
	en = lookup(&english, zh);
	return en ? en : zh;
}

bool mq_i18n_has(const char *zh)
{
	return zh && lookup(&english, zh) != NULL;
}
