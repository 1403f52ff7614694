/* mq_error.c — descriptions of enum mq_err. */
#include "mq_error.h"

const char *mq_strerror(enum mq_err err)
{
	switch (err) {
	case MQ_OK: return "ok";
	case MQ_ERR_NOMEM: return "out of memory";
	case MQ_ERR_IO: return "input/output error";
	case MQ_ERR_DB: return "database error";
	case MQ_ERR_INVALID: return "invalid input";
	case MQ_ERR_NOT_FOUND: return "not found";
	case MQ_ERR_NETWORK: return "network unreachable";
	case MQ_ERR_AUTH: return "credentials rejected";
	case MQ_ERR_CONFLICT: return "conflicting record";
	case MQ_ERR_DISK_FULL: return "disk full";
	case MQ_ERR_SERVER: return "server error";
	case MQ_ERR_CONFIG: return "configuration error";
	case MQ_ERR_INSECURE: return "plain http:// refused";
	case MQ_ERR_TLS: return "certificate mismatch";
	case MQ_ERR_OFFLINE: return "no network";
	case MQ_ERR_EXPIRED: return "expired";
	case MQ_ERR_LIMITED: return "too many attempts";
	}
	return "unknown error";
}
