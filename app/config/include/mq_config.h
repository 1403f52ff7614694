/* mq_config.h — the kiosk's INI configuration ([kiosk] section, DESIGN.md §4). */
#ifndef MQ_CONFIG_H
#define MQ_CONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "mq_error.h"
#include "mq_hours.h"

#define MQ_CONFIG_DEFAULT_PATH "/etc/minqing/kiosk.ini"

/** Kiosk settings. Every field has a default (see mq_config_defaults). */
struct mq_config {
	char data_dir[PATH_MAX];   /* DEFAULT /var/lib/minqing-kiosk; holds kiosk.db, device.json */
	char server_url[512];      /* DEFAULT empty: the address enrolled with (device.json);
				    * set, it wins over that one (labs, proxies, a moved server) */
	char enroll_url[512];      /* DEFAULT server_url: the address the enrollment screen offers */
	char public_url[512];      /* DEFAULT server_url: base of the tracking URL in the QR */
	int width, height;         /* size=WxH, DEFAULT 1280x800 */
	int dpi;                   /* DEFAULT 150 (a 10.1" 1280x800 panel) */
	int rotation;              /* 0, 90, 180, 270; DEFAULT 0 */
	int idle_seconds;          /* DEFAULT 90 */
	char font[256];            /* fontconfig pattern, DEFAULT "Noto Sans CJK SC" */
	bool elder_mode;           /* DEFAULT false */
	char lang[16];             /* zh_CN or en, DEFAULT zh_CN */
	bool service_pin_ignored;  /* an old kiosk.ini set service_pin: the technician PIN
				    * comes from the district now, so it is only warned about */
	char ca_file[PATH_MAX];    /* PEM CA bundle for https, DEFAULT empty: the system's */
	int sync_batch;            /* records per upload request, 1..100, DEFAULT 100 */
	int stall_seconds;         /* give up on a transfer making no progress for this long, DEFAULT 30 */
	char pinned_pubkey[256];   /* curl SPKI pin "sha256//B64[;sha256//B64]", DEFAULT none */
	bool allow_insecure_http;  /* plain http:// to a server that is not this machine: lab
				    * only, warned about on the service screen; DEFAULT false */
	char opening_hours[256];   /* as written, DEFAULT empty: always open (mq_hours.h) */
	struct mq_hours hours;     /* opening_hours parsed; always open when it is malformed */
	char hours_error[512];     /* why opening_hours was not understood, or empty */
	char backlight[PATH_MAX];  /* DEFAULT /sys/class/backlight: the folder whose devices'
				    * bl_power turns the panel off outside opening hours */
	char debug_port[PATH_MAX]; /* DEFAULT empty (off): a character device or FIFO that
				    * answers `dump` and `screen` (labs and image tests only) */
	int speech;                /* read-aloud: 1 on, 0 off, DEFAULT -1: on in elder mode */
	int speech_volume;         /* 0..100, DEFAULT 80 */
	char printer[PATH_MAX];    /* receipts: /dev/usb/lp0, a file, or cups:QUEUE;
				    * DEFAULT empty: no printer, no 打印回执 button */
	int printer_paper;         /* the paper's width in mm: 58 or 80, DEFAULT 58 (a 58 mm
				    * slip also prints on an 80 mm printer) */
	/* System updates (app/update): when a downloaded update may be
	 * installed, as opening_hours is written (mq_hours.h); DEFAULT empty:
	 * outside opening_hours, or 02:00-05:00 daily when the studio is
	 * always open. EXAMPLE update_window = daily 12:00-13:00 */
	char update_window[256];
	struct mq_hours update_hours;  /* update_window parsed (valid when update_window set) */
	int update_rate_kib;       /* download limit, KiB/s, DEFAULT 512 (0: none), so that
				    * the records' sync keeps the line */
	char update_reboot[PATH_MAX]; /* run after an install to boot the new slot, DEFAULT
				    * empty (none); the image sets `systemctl reboot` */
	char boot_id_file[PATH_MAX]; /* DEFAULT /proc/sys/kernel/random/boot_id: tells a
				    * reboot since the install (tests point it at a file) */
};

/** True when a downloaded system update may be installed at unix time @p t
 *  (update_window; see struct mq_config). */
bool mq_config_update_window_open(const struct mq_config *cfg, int64_t t);

/** Fill @p cfg with the defaults. */
void mq_config_defaults(struct mq_config *cfg);

/**
 * Load @p path over the defaults. A missing file is fine only when
 * @p must_exist is false. On error, writes a line a technician can act on
 * (file, line, key) into @p err and returns MQ_ERR_CONFIG. Malformed
 * opening_hours is no such error: the screen must come up whatever the site
 * file says, so it logs why, keeps it in hours_error and stays always open.
 */
enum mq_err mq_config_load(struct mq_config *cfg, const char *path, bool must_exist,
			   char *err, size_t err_size) MQ_MUST_CHECK;

/** Parse "WxH" into @p w, @p h (each 64..8192). Returns false if malformed. */
bool mq_config_parse_size(const char *s, int *w, int *h);

#endif
