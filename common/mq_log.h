/* mq_log.h — one-line log records on stderr: time, level, module, message. */
#ifndef MQ_LOG_H
#define MQ_LOG_H

enum mq_log_level { MQ_LOG_DEBUG, MQ_LOG_INFO, MQ_LOG_WARN, MQ_LOG_ERROR };

/** Only records at or above @p level are written (default INFO; env MQ_LOG=debug). */
void mq_log_set_level(enum mq_log_level level);

/** Write one log line. @p module is a short tag such as "sync" or "http". Thread-safe. */
void mq_log(enum mq_log_level level, const char *module, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define mq_log_debug(mod, ...) mq_log(MQ_LOG_DEBUG, mod, __VA_ARGS__)
#define mq_log_info(mod, ...)  mq_log(MQ_LOG_INFO, mod, __VA_ARGS__)
#define mq_log_warn(mod, ...)  mq_log(MQ_LOG_WARN, mod, __VA_ARGS__)
#define mq_log_error(mod, ...) mq_log(MQ_LOG_ERROR, mod, __VA_ARGS__)

#endif
