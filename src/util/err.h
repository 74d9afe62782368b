/*
 * err.h — the one way to fail.
 *
 * Every fallible function returns 0 (PEJL_OK) or a negative code from enum
 * pejl_err, and puts a one-line human message into a thread-local slot with
 * err_set(). The mapping from codes to process exit status lives here
 * (err_exit_code); the mapping to HTTP status lives in src/web.
 * Programmer errors are assert()ed; user input, I/O and database state never.
 */
#ifndef PEJL_ERR_H
#define PEJL_ERR_H

#include <stdarg.h>

enum pejl_err {
	PEJL_OK = 0,
	PEJL_EINPUT = -1,    /* bad input: file, field, value (exit 1) */
	PEJL_EUSAGE = -2,    /* wrong command line (exit 2) */
	PEJL_ENOTFOUND = -3, /* a named thing does not exist (exit 3) */
	PEJL_EPERM = -4,     /* not allowed (exit 4) */
	PEJL_EIO = -5,       /* storage or I/O failed (exit 5) */
	PEJL_ECONFLICT = -6, /* exists already / changed underneath (exit 1) */
};

/* Sets the thread's last error message (printf-style) and returns code, so
 * callers can write `return err_set(PEJL_EINPUT, "...")`. */
int err_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int err_setv(int code, const char *fmt, va_list ap);

/* The thread's last message ("" if none). Valid until the next err_set. */
const char *err_last(void);

/* Clears the last message. */
void err_clear(void);

/* Process exit status for a code: 0 ok, 1 input/conflict, 2 usage, 3 not
 * found, 4 permission, 5 storage/IO. */
int err_exit_code(int code);

/* Short stable name of a code ("input", "not_found", ...), for JSON errors. */
const char *err_name(int code);

#endif
