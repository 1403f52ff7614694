/* test_ui_png.c — the screenshot's PNG encoder (app/ui/png_write.c): the
 * file decodes (zlib's inflate, which checks the stream and its Adler-32;
 * every chunk's CRC checked here) to the very pixels given, RGBA or BGRA,
 * whatever the pitch, for images whose strips are empty (one row), short,
 * or rows wider than deflate's 32 KB window (a strip primed from part of a
 * row); the same pixels give the same bytes every time (the strips are
 * deflated on two threads); and priming a strip with the rows above it
 * keeps the file as small as one stream would make it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zlib.h>

#include "png_write.h"

/* An image of flat bands, gradients and noise, as a screen of text is. */
static uint8_t *make_image(int w, int h, int pitch, unsigned seed)
{
	uint8_t *p = calloc((size_t)pitch * (size_t)h, 1);

	assert_non_null(p);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint8_t *q = p + (size_t)y * (size_t)pitch + 4 * (size_t)x;

			seed = seed * 1103515245u + 12345u;
			if ((y / 16) % 3 == 0) {
				q[0] = 0xf4, q[1] = 0xf2, q[2] = 0xee, q[3] = 0xff;
			} else if ((y / 16) % 3 == 1) {
				q[0] = (uint8_t)x, q[1] = (uint8_t)y, q[2] = (uint8_t)(x + y), q[3] = 0xff;
			} else {
				q[0] = (uint8_t)(seed >> 24), q[1] = (uint8_t)(seed >> 16);
				q[2] = (uint8_t)(seed >> 8), q[3] = (uint8_t)(253 + (seed >> 30) % 3);
			}
		}
	return p;
}

/* The file mq_ui_png_write makes of the image, in memory. */
static char *encode(const uint8_t *pixels, int w, int h, int pitch, bool bgra, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_true(mq_ui_png_write(f, pixels, w, h, pitch, bgra));
	assert_int_equal(fclose(f), 0);
	return buf;
}

static uint32_t be32(const uint8_t *b)
{
	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

/* Decode @p png (8-bit RGBA, unfiltered rows: what the encoder writes) and
 * check each pixel against @p pixels. */
static void check_decodes_to(const uint8_t *png, size_t len, const uint8_t *pixels, int w, int h,
			     int pitch, bool bgra)
{
	static const uint8_t sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
	size_t row_len = 1 + 4 * (size_t)w, raw_len = row_len * (size_t)h, pos = 8;
	uint8_t *idat = malloc(len), *raw = malloc(raw_len + 1);
	size_t idat_len = 0;
	uLongf got = (uLongf)raw_len + 1;
	bool ihdr = false, iend = false;

	assert_non_null(idat);
	assert_non_null(raw);
	assert_true(len > 8 && memcmp(png, sig, 8) == 0);
	while (pos + 12 <= len && !iend) {
		uint32_t n = be32(png + pos);
		const uint8_t *type = png + pos + 4, *body = png + pos + 8;

		assert_true(pos + 12 + n <= len);
		assert_int_equal(be32(body + n), crc32(crc32(0, NULL, 0), type, 4 + n));
		if (memcmp(type, "IHDR", 4) == 0) {
			assert_int_equal(n, 13);
			assert_int_equal(be32(body), w);
			assert_int_equal(be32(body + 4), h);
			assert_memory_equal(body + 8, "\x08\x06\x00\x00\x00", 5);
			ihdr = true;
		} else if (memcmp(type, "IDAT", 4) == 0) {
			assert_true(ihdr);
			memcpy(idat + idat_len, body, n);
			idat_len += n;
		} else {
			assert_memory_equal(type, "IEND", 4);
			iend = true;
		}
		pos += 12 + n;
	}
	assert_true(iend);
	assert_int_equal(pos, len);
	/* inflate checks the zlib stream and its Adler-32 */
	assert_int_equal(uncompress(raw, &got, idat, (uLong)idat_len), Z_OK);
	assert_int_equal(got, raw_len);
	for (int y = 0; y < h; y++) {
		const uint8_t *r = raw + (size_t)y * row_len;

		assert_int_equal(r[0], 0);
		for (int x = 0; x < w; x++) {
			const uint8_t *q = pixels + (size_t)y * (size_t)pitch + 4 * (size_t)x;
			uint8_t want[4] = { bgra ? q[2] : q[0], q[1], bgra ? q[0] : q[2], q[3] };

			if (memcmp(r + 1 + 4 * x, want, 4) != 0)
				fail_msg("pixel %d,%d of %dx%d differs", x, y, w, h);
		}
	}
	free(idat);
	free(raw);
}

static void round_trip(int w, int h, int pitch, bool bgra)
{
	uint8_t *pixels = make_image(w, h, pitch, (unsigned)(w * 31 + h));
	size_t len, len2;
	char *png = encode(pixels, w, h, pitch, bgra, &len);
	char *again = encode(pixels, w, h, pitch, bgra, &len2);

	check_decodes_to((const uint8_t *)png, len, pixels, w, h, pitch, bgra);
	assert_int_equal(len, len2);
	assert_memory_equal(png, again, len);
	free(again);
	free(png);
	free(pixels);
}

static void test_round_trip(void **state)
{
	(void)state;
	round_trip(320, 203, 320 * 4, false);
	round_trip(320, 203, 320 * 4, true);
	round_trip(77, 50, 77 * 4 + 12, true);          /* rows padded */
	round_trip(1280, 800, 1280 * 4, true);          /* a whole screen */
	round_trip(9000, 7, 9000 * 4, false);           /* a row wider than the window */
	round_trip(5, 1, 20, false);                    /* one row: the first strip empty */
	round_trip(3, 2, 12, true);
}

/* Every row the same noise: each row is a match for the one above, and
 * so, if it was primed with the rows above it, is the second strip's first
 * row. The file is then as small as one zlib stream of all the rows at
 * the same level makes it, give or take the seam (a block header and a
 * flush: ~100 bytes); unprimed, that row costs its 2,560 bytes of noise
 * again. */
static void test_strips_primed(void **state)
{
	int w = 640, h = 400, pitch = w * 4;
	size_t row_len = 1 + 4 * (size_t)w, len;
	uint8_t *pixels = make_image(w, h, pitch, 7), *raw = calloc(row_len, (size_t)h);
	uLongf one_len = compressBound((uLong)(row_len * (size_t)h));
	uint8_t *one = malloc(one_len);
	char *png;

	(void)state;
	assert_non_null(raw);
	assert_non_null(one);
	for (int y = 0; y < h; y++) {
		memcpy(pixels + (size_t)pitch * (size_t)y, pixels + 32 * (size_t)pitch, (size_t)pitch);
		memcpy(raw + row_len * (size_t)y + 1, pixels, (size_t)pitch);
	}
	png = encode(pixels, w, h, pitch, false, &len);
	check_decodes_to((const uint8_t *)png, len, pixels, w, h, pitch, false);
	assert_int_equal(compress2(one, &one_len, raw, (uLong)(row_len * (size_t)h), 1), Z_OK);
	/* signature, IHDR, IDAT's and IEND's 12 bytes around the stream */
	print_message("%zu bytes in the file, one stream %lu\n", len, (unsigned long)one_len);
	assert_true(len - 57 < one_len + 256);
	free(one);
	free(raw);
	free(png);
	free(pixels);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_strips_primed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
