/* mq_screen.h — what a screen is to the shell: a table of operations (like
 * wlroots' *_impl structs or an LVGL class with its event callback). The
 * loop builds, routes scanner text to and wipes a screen through its table
 * alone, so it knows no screen by name: a new screen is a new table in the
 * list handed to mq_app_create, and no loop code changes. */
#ifndef MQ_SCREEN_H
#define MQ_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct mq_app;
struct mq_ui_tree;

/**
 * One screen's operations. Screens keep a static const instance; the shell
 * only reads it. Only name and build are required.
 */
struct mq_screen_impl {
	/** The screen's name in a dump and for expect-screen ("home", "opinion", ...). */
	const char *name;

	/**
	 * Bytes of the screen's own data (its session and whatever else it
	 * keeps), allocated zeroed by mq_app_create and found with
	 * mq_app_data(). 0: none.
	 */
	size_t data_size;

	/**
	 * Add the screen's widgets to @p tree inside @p content (the area under
	 * the top bar), from the theme, the state and the screen's data. Called
	 * whenever the layout may have changed; must be cheap and repeatable.
	 */
	void (*build)(struct mq_app *app, struct mq_ui_tree *tree, SDL_Rect content);

	/**
	 * Wipe what a resident left in @p data (overwrite, not just forget) and
	 * set the screen's first step. Called for every screen on each
	 * mq_app_clear_session: 首页, 完成, the idle timeout, a new resident.
	 * Data that must outlive a resident (a PIN lock) is left alone.
	 */
	void (*clear)(struct mq_app *app, void *data);

	/**
	 * Text from the USB scanner (a keyboard) while this screen is up, in
	 * pieces, "\n" for Return. NULL: typed text goes to the focused field.
	 */
	void (*scan)(struct mq_app *app, const char *text);

	/** With scan: the scanner gets the text even while a field has the focus. */
	bool scan_over_focus;

	/** The screen shows the time: rebuild it when the wall-clock minute changes. */
	bool shows_clock;

	/** A wake-up the screen asked for from another thread (mq_app_wake_event). */
	void (*wake)(struct mq_app *app);

	/** The UI is closing: stop what the screen runs (threads), free what it holds. */
	void (*finish)(struct mq_app *app);
};

#endif
