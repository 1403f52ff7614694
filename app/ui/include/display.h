/* display.h — where frames go: an SDL window, or (headless) an SDL_Surface
 * through the software renderer, with no video driver at all. Either way
 * the screen is drawn upright into a logical target texture and rotated
 * onto the output (rotation 0/90/180/270 clockwise). */
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

/** Start a frame: target the logical texture. */
void mq_ui_display_begin(struct mq_ui_display *d);

/** End a frame: rotate the logical texture onto the output and present it. */
void mq_ui_display_present(struct mq_ui_display *d);

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

#endif
