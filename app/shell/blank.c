/* blank.c — the panel off outside opening hours. When the studio is closed
 * (the config's opening_hours, Asia/Shanghai), the kiosk is enrolled and
 * nobody has touched the screen for idle_seconds, the shell draws one black
 * frame, draws nothing more, and powers the backlight down (every
 * <backlight>/<device>/bl_power gets 4, FB_BLANK_POWERDOWN). A touch lights
 * it again (and presses nothing), as does opening time; a scan lights it
 * and still counts. Before enrollment, and during opening hours, the panel
 * stays on: a technician must see the enrollment screen, residents the home
 * screen. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "mq_log.h"
#include "shell.h"

/* Write @p value into every bl_power under the config's backlight folder. */
static void backlight(const struct mq_shell *sh, const char *value)
{
	const char *dir = sh->app.cfg->backlight;
	struct dirent *e;
	DIR *d;

	if (!dir[0] || !(d = opendir(dir)))
		return;                 /* no backlight control: the black frame is all */
	while ((e = readdir(d))) {
		char path[PATH_MAX + 300];
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/bl_power", dir, e->d_name);
		f = fopen(path, "w");
		if (!f) {
			if (errno != ENOENT)
				mq_log_warn("ui", "cannot switch the backlight %s: %s", path,
					    strerror(errno));
			continue;
		}
		if (fputs(value, f) < 0 || fclose(f) != 0)
			mq_log_warn("ui", "cannot switch the backlight %s", path);
	}
	closedir(d);
}

static void blank(struct mq_shell *sh)
{
	sh->blanked = true;
	sh->black_shown = false;
	sh->dirty = true;
	sh->pressed = NULL;
	backlight(sh, "4\n");
	mq_log_info("ui", "outside opening hours and nobody here: panel off");
}

void mq_shell_unblank(struct mq_shell *sh, const char *why)
{
	if (!sh->blanked)
		return;
	sh->blanked = false;
	sh->black_shown = false;
	sh->dirty = true;
	backlight(sh, "0\n");
	mq_log_info("ui", "panel on: %s", why);
}

/* UI-clock ms at which the opening hours change after now. */
static int64_t next_change_ms(const struct mq_shell *sh, int64_t now)
{
	int64_t wall = mq_app_wall(&sh->app);
	int64_t change = mq_hours_next_change(&sh->app.cfg->hours, wall);

	if (change == INT64_MAX || change - wall > 7 * 86400)
		return now + 3600 * 1000;
	return now + (change - wall) * 1000;
}

int64_t mq_shell_blank_run(struct mq_shell *sh, int64_t now)
{
	const struct mq_app *app = &sh->app;
	const struct mq_hours *hours = &app->cfg->hours;
	int64_t idle_ms = (int64_t)(app->cfg->idle_seconds > 0 ? app->cfg->idle_seconds : 90) * 1000;
	bool open = mq_hours_open_at(hours, mq_app_wall(app));

	if (hours->always || !sh->enrolled) {
		mq_shell_unblank(sh, "no opening hours to keep");
		return now + 3600 * 1000;
	}
	if (sh->blanked) {
		if (open)
			mq_shell_unblank(sh, "opening time");
		return next_change_ms(sh, now);
	}
	if (open)
		return next_change_ms(sh, now);
	/* closed: dark once nobody touched it for idle_seconds, back home with no session */
	if (now - sh->last_input_ms >= idle_ms && !sh->idle_warning && mq_app_at_home(app)) {
		blank(sh);
		return next_change_ms(sh, now);
	}
	return sh->last_input_ms + idle_ms > now ? sh->last_input_ms + idle_ms : now + 1000;
}
