/* testing.h — the test tools behind the script driver (private to
 * app/testing): the widget tree as dump JSON and the monkey test. */
#ifndef MQ_TESTING_H
#define MQ_TESTING_H

#include <stdbool.h>
#include <stddef.h>

#include "mq_app.h"

/**
 * Write the current widget tree as DESIGN §4 dump JSON to @p path. Returns
 * false (logged) when out of memory or the file cannot be written.
 */
bool mq_dump_write(struct mq_app *app, const char *path);

/**
 * The same dump as one line of compact JSON (malloc'd, the caller frees),
 * or NULL when out of memory (logged).
 */
char *mq_dump_line(struct mq_app *app);

/**
 * Stop the UI loop for @p seconds: no events, no frames, no watchdog pings.
 * It is the fault a watchdog exists for, made on purpose (logged).
 */
void mq_testing_freeze(struct mq_app *app, int seconds);

/**
 * Inject @p events random touches, drags, scanner bursts and clock jumps
 * (seeded with @p seed) through the app's event path, drawing only every so
 * often. Returns false, saying why in @p err, if the UI ended up stuck (no
 * way home).
 */
bool mq_monkey_run(struct mq_app *app, long events, unsigned long seed, char *err,
		   size_t err_size);

#endif
