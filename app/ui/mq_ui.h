/* mq_ui.h — the kiosk's touchscreen UI: its one entry point. */
#ifndef MQ_UI_H
#define MQ_UI_H

#include <stdbool.h>

struct mq_config;
struct mq_store;
struct mq_sync;

/** How to run the UI. Everything it points to is borrowed for the run. */
struct mq_ui_options {
	const struct mq_config *cfg;
	struct mq_store *store;      /* the kiosk store, owned by the caller */
	struct mq_sync *sync;        /* background sync, may be NULL (not enrolled) */
	bool headless;               /* render offscreen, no display */
	int width, height;           /* --size overrides cfg when > 0 */
	const char *script_path;     /* --script FILE, or NULL */
};

/**
 * Run the kiosk UI until quit or the script ends; returns the process exit
 * code (0 ok, 1 a script step failed, 2 cannot start). Starts @p opt->sync's
 * background thread (when not NULL) so the UI hears about each round; the
 * caller destroys the sync client after this returns.
 */
int mq_ui_run(const struct mq_ui_options *opt);

#endif
