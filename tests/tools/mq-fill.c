/* mq-fill.c — a test-only resident at high speed: files N opinions into a
 * kiosk's store through the same function the touchscreen uses
 * (mq_store_add_opinion), printing each record id once it is committed.
 *
 *   mq-fill DATA_DIR COUNT [TAG [KIND]]
 *
 * COUNT 0 only makes the store, as the kiosk's first start does.
 * Every third opinion carries a name and phone (with consent), so the tests
 * can check that personal data is wiped once acknowledged. KIND checkin or
 * checkout files that many check-ins or check-outs of the demo district's
 * member hubin-01 by PIN instead (mq_store_add_attendance), for the tests of
 * the order records travel in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mq_id.h"
#include "mq_store.h"
#include "mq_store_visit.h"
#include "mq_time.h"

int main(int argc, char **argv)
{
	static const char *const categories[] = { "other", "traffic", "environment", "elderly" };
	char path[4096], text[256], phone[32];
	struct mq_store *store;
	const char *kind = argc > 4 ? argv[4] : NULL;
	long count;

	if (argc < 3 || (count = strtol(argv[2], NULL, 10)) < 0) {
		fprintf(stderr, "usage: mq-fill DATA_DIR COUNT [TAG [KIND]]\n");
		return 2;
	}
	if (!mq_id_init())
		return 1;
	snprintf(path, sizeof path, "%s/kiosk.db", argv[1]);
	if (mq_store_open(path, &store) != MQ_OK)
		return 1;
	setvbuf(stdout, NULL, _IOLBF, 0);   /* one id a line, as soon as it is safe */
	for (long i = 0; i < count; i++) {
		struct mq_opinion_draft d = { .category = categories[i % 4], .text = text };
		struct mq_receipt r;
		enum mq_err err;

		snprintf(text, sizeof text, "测试意见 %s #%ld：小区门口的路灯不亮了", argc > 3 ? argv[3] : "", i);
		if (i % 3 == 0) {
			snprintf(phone, sizeof phone, "1380000%04ld", i % 10000);
			d.contact_name = "测试居民";
			d.contact_phone = phone;
		}
		if (kind && strcmp(kind, "opinion") != 0) {
			struct mq_attendance_draft a = { .checkout = strcmp(kind, "checkout") == 0,
							  .member = "hubin-01" };
			err = mq_store_add_attendance(store, &a, mq_time_now(), r.id);
		} else {
			err = mq_store_add_opinion(store, &d, mq_time_now(), &r);
		}
		if (err != MQ_OK) {
			fprintf(stderr, "mq-fill: %s\n", mq_strerror(err));
			mq_store_close(store);
			return err == MQ_ERR_DISK_FULL ? 3 : 1;
		}
		printf("%s\n", r.id);
	}
	mq_store_close(store);
	return 0;
}
