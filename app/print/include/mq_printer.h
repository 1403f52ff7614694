/* mq_printer.h — where receipts go (config `printer`): a printer's
 * character device (/dev/usb/lp0: the kernel's usblp driver), a file (labs
 * and tests), or a CUPS queue (cups:QUEUE) through `lp -d QUEUE -o raw`.
 * Sending blocks on the device, so the kiosk sends on a thread of its own
 * (mq_printer_send_async) and hears back through an SDL event. */
#ifndef MQ_PRINTER_H
#define MQ_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <SDL.h>

/** How a print job ended. */
enum mq_print_result {
	MQ_PRINT_OK,               /* the printer (or the file, or lp) took every byte */
	MQ_PRINT_PAPER,            /* out of paper, or the cover open */
	MQ_PRINT_GONE,             /* no such printer: unplugged, switched off, no queue */
	MQ_PRINT_BUSY,             /* it took nothing for too long: jammed, offline */
	MQ_PRINT_FAILED,           /* anything else (logged) */
};

/** Seconds a printer may stop taking bytes before the job is given up (MQ_PRINT_BUSY). */
#define MQ_PRINTER_STALL_S 15

/**
 * Send @p len bytes of @p data to @p target (as the config writes it) now,
 * blocking. Logs what went wrong for the technician.
 */
enum mq_print_result mq_printer_send(const char *target, const uint8_t *data, size_t len);

/** A print job on its own thread. */
struct mq_print_job;

/**
 * Start sending @p data (taken over: freed by the job) to @p target on a
 * thread; @p done is pushed (SDL_PushEvent) when it has ended. NULL (and
 * @p data freed) when no thread could start.
 */
struct mq_print_job *mq_printer_send_async(const char *target, uint8_t *data, size_t len,
					   const SDL_Event *done);

/** True once @p job has ended. */
bool mq_print_job_done(struct mq_print_job *job);

/** Wait for @p job to end, free it and return how it ended. NULL: MQ_PRINT_FAILED. */
enum mq_print_result mq_print_job_finish(struct mq_print_job *job);

#endif
