/* display.h — where frames go: an SDL window, or (headless) an SDL_Surface
 * with no video driver at all. The screen is drawn upright (logical
 * coordinates) and turned onto the output (rotation 0/90/180/270
 * clockwise). In software (headless, or a window without an accelerated
 * renderer) the CPU draws into one surface in memory and a frame copies only
 * the areas it redrew to the output; on a GPU the screen is a target texture
 * copied whole each frame. */
#ifndef MQ_UI_DISPLAY_H
#define MQ_UI_DISPLAY_H

#include <stdbool.h>
#include <stddef.h>

#include <SDL.h>

struct mq_ui_display;

/**
 * Open the output for a logical screen of @p w x @p h rotated by
 * @p rotation degrees. Headless needs only SDL's events subsystem; a window
 * needs video (fullscreen when SDL runs on KMS/DRM or MQ_FULLSCREEN=1).
 * Returns NULL and writes the reason into @p err.
 */
struct mq_ui_display *mq_ui_display_create(bool headless, int w, int h, int rotation,
					   char *err, size_t err_size);

/** Close the window/surface and renderer. NULL is a no-op. */
void mq_ui_display_destroy(struct mq_ui_display *d);

/** The renderer that draws the logical screen. */
SDL_Renderer *mq_ui_display_renderer(struct mq_ui_display *d);

/** True when the CPU draws the frames into memory (headless, or no accelerated renderer). */
bool mq_ui_display_software(const struct mq_ui_display *d);

/** Start a frame: draw into the logical screen. */
void mq_ui_display_begin(struct mq_ui_display *d);

/** End a frame that drew the whole screen: all of it goes to the output. */
void mq_ui_display_present(struct mq_ui_display *d);

/**
 * End a frame that redrew only the @p n areas @p r (logical px, at most
 * MQ_UI_DAMAGE_MAX): in software only they are turned onto the output; a
 * GPU takes the whole screen.
 */
void mq_ui_display_present_areas(struct mq_ui_display *d, const SDL_Rect *r, size_t n);

/**
 * Map window coordinates (mouse events) to logical screen coordinates.
 * Returns false when the point is outside the screen.
 */
bool mq_ui_display_to_logical(struct mq_ui_display *d, int wx, int wy, int *lx, int *ly);

/** Map normalised touch coordinates (0..1 over the panel) to logical ones. */
bool mq_ui_display_touch_to_logical(struct mq_ui_display *d, float fx, float fy, int *lx,
				    int *ly);

/** Map a logical point to window coordinates (what a finger there would report). */
void mq_ui_display_to_window(struct mq_ui_display *d, int lx, int ly, int *wx, int *wy);

/** The SDL window id (0 headless), for synthesised events. */
Uint32 mq_ui_display_window_id(struct mq_ui_display *d);

/** Save the logical screen (upright) as a PNG. Returns false (logged) on failure. */
bool mq_ui_display_screenshot(struct mq_ui_display *d, const char *path);

/** Recreate the logical texture after the renderer lost its targets. */
bool mq_ui_display_reset(struct mq_ui_display *d);

struct mq_ui_display_copy;

/**
 * A copy of what is shown now: the logical screen and, headless and
 * rotated, the panel it was turned onto. NULL (logged) on failure. For the
 * test that a partially redrawn frame equals a full redraw.
 */
struct mq_ui_display_copy *mq_ui_display_copy(struct mq_ui_display *d);

/** Free a copy. NULL is a no-op. */
void mq_ui_display_copy_free(struct mq_ui_display_copy *c);

/**
 * How many pixels differ between what is shown now and copy @p c (0: none;
 * -1: cannot tell); writes where into @p where.
 */
long mq_ui_display_compare(struct mq_ui_display *d, const struct mq_ui_display_copy *c,
			   char *where, size_t size);

#endif
