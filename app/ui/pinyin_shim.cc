// pinyin_shim.cc — the thin C++ shim over libgooglepinyin (pinyin.h).
// Its header declares the API inside a C++ namespace with reference
// parameters, so C cannot include it; everything else stays C.
#include "pinyin.h"

#include <pinyinime.h>
#include <string.h>

using namespace ime_pinyin;

namespace {

bool opened = false;

// UTF-16 (BMP; the dictionary has no surrogates) to UTF-8, bounded.
bool to_utf8(const char16 *in, char *out, size_t size)
{
	size_t o = 0;

	if (size == 0)
		return false;
	for (; *in; in++) {
		unsigned c = *in;
		size_t need = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;

		if (o + need >= size)
			break;
		if (need == 1) {
			out[o++] = (char)c;
		} else if (need == 2) {
			out[o++] = (char)(0xC0 | (c >> 6));
			out[o++] = (char)(0x80 | (c & 0x3F));
		} else {
			out[o++] = (char)(0xE0 | (c >> 12));
			out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
			out[o++] = (char)(0x80 | (c & 0x3F));
		}
	}
	out[o] = '\0';
	return true;
}

} // namespace

extern "C" bool mq_pinyin_open(const char *dict_path)
{
	if (opened)
		return true;
	// A path under a directory that does not exist: the decoder cannot
	// create a user dictionary and runs without one (nothing is learned).
	opened = im_open_decoder(dict_path, "/nonexistent/minqing/no-user-dictionary");
	if (opened)
		im_set_max_lens(MQ_PINYIN_MAX_LETTERS, MQ_PINYIN_MAX_LETTERS / 2);
	return opened;
}

extern "C" void mq_pinyin_close(void)
{
	if (!opened)
		return;
	im_close_decoder();
	opened = false;
}

extern "C" bool mq_pinyin_is_open(void)
{
	return opened;
}

extern "C" size_t mq_pinyin_search(const char *letters)
{
	size_t len = strlen(letters);

	if (!opened)
		return 0;
	if (len == 0) {
		im_reset_search();
		return 0;
	}
	if (len > MQ_PINYIN_MAX_LETTERS)
		len = MQ_PINYIN_MAX_LETTERS;
	return im_search(letters, len);
}

extern "C" bool mq_pinyin_candidate(size_t i, char *out, size_t size)
{
	char16 buf[MQ_PINYIN_MAX_LETTERS + 8];

	if (!opened || !im_get_candidate(i, buf, sizeof(buf) / sizeof(buf[0]) - 1))
		return false;
	return to_utf8(buf, out, size);
}

extern "C" size_t mq_pinyin_choose(size_t i, bool *done)
{
	const uint16 *starts = NULL;
	size_t n, spl;

	*done = false;
	if (!opened)
		return 0;
	n = im_choose(i);
	spl = im_get_spl_start_pos(starts);
	*done = im_get_fixed_len() >= spl;
	return n;
}

extern "C" size_t mq_pinyin_fixed_chars(void)
{
	return opened ? im_get_fixed_len() : 0;
}

extern "C" size_t mq_pinyin_fixed_letters(void)
{
	const uint16 *starts = NULL;
	size_t spl, fixed;

	if (!opened)
		return 0;
	spl = im_get_spl_start_pos(starts);
	fixed = im_get_fixed_len();
	if (!starts || fixed == 0)
		return 0;
	if (fixed > spl)
		fixed = spl;
	// starts[k] is where syllable k begins; starts[spl] is the end.
	return starts[fixed];
}

extern "C" void mq_pinyin_reset(void)
{
	if (opened)
		im_reset_search();
}

// Leaks of system libraries, once per process, that are not ours to fix;
// LeakSanitizer is told about those libraries only, so sanitizer builds
// still catch ours. Unused without ASan. (This object is always linked into
// the kiosk, which is why the list lives here.)
// - libgooglepinyin 0.1.2 loses its dictionary trie in im_close_decoder.
// - libdbus keeps a connection SDL opens in window mode (screensaver inhibit).
extern "C" const char *__lsan_default_suppressions(void);
extern "C" const char *__lsan_default_suppressions(void)
{
	return "leak:libgooglepinyin.so\n"
	       "leak:libdbus-1.so\n";
}
