/* mq_error.h — the one error enum both programs use (numbers are fixed). */
#ifndef MQ_ERROR_H
#define MQ_ERROR_H

/** Mark a function whose result the caller must look at. */
#define MQ_MUST_CHECK __attribute__((warn_unused_result))

enum mq_err {
	MQ_OK = 0,
	MQ_ERR_NOMEM = 1,      /* out of memory */
	MQ_ERR_IO = 2,         /* file or socket I/O failed */
	MQ_ERR_DB = 3,         /* database failed (not a constraint) */
	MQ_ERR_INVALID = 4,    /* input failed validation */
	MQ_ERR_NOT_FOUND = 5,  /* no such thing */
	MQ_ERR_NETWORK = 6,    /* transport failed: retry later */
	MQ_ERR_AUTH = 7,       /* rejected credentials: stop, needs a technician */
	MQ_ERR_CONFLICT = 8,   /* same id, different content */
	MQ_ERR_DISK_FULL = 9,  /* no space left to store a record */
	MQ_ERR_SERVER = 10,    /* server answered 5xx/429 or nonsense: retry later */
	MQ_ERR_CONFIG = 11,    /* configuration missing or wrong */
	MQ_ERR_INSECURE = 12,  /* plain http:// to an address that is not loopback, refused */
	MQ_ERR_TLS = 13,       /* the server's certificate (or pinned key) does not match */
	MQ_ERR_OFFLINE = 14,   /* this machine has no network: no route, no interface up */
	MQ_ERR_EXPIRED = 15,   /* a one-time code has expired */
	MQ_ERR_LIMITED = 16,   /* too many attempts (HTTP 429): wait before trying again */
};

/** A short English description of @p err; never NULL, static storage. */
const char *mq_strerror(enum mq_err err);

#endif
