/* registry.c — the kiosk's screens in the order the shell gets them (home
 * first). A new screen is one more line here. */
#include "mq_screens.h"
#include "screens.h"

static const struct mq_screen_impl *const screens[] = {
	&mq_screen_home, &mq_screen_opinion, &mq_screen_confirm, &mq_screen_track,
	&mq_screen_service, &mq_screen_book, &mq_screen_checkin, &mq_screen_enroll,
	&mq_screen_cancel, &mq_screen_topics, &mq_screen_survey,
};

const struct mq_screen_impl *const *mq_screens_list(size_t *n)
{
	*n = sizeof(screens) / sizeof(screens[0]);
	return screens;
}

const struct mq_screen_impl *mq_screens_unenrolled_home(void)
{
	return &mq_screen_enroll;
}
