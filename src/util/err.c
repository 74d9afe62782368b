/*
 * err.c — thread-local last error message and the code → exit status map.
 */
#include "util/err.h"

#include <stdio.h>

static _Thread_local char last[1024];

int err_setv(int code, const char *fmt, va_list ap)
{
	vsnprintf(last, sizeof last, fmt, ap);
	return code;
}

int err_set(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	err_setv(code, fmt, ap);
	va_end(ap);
	return code;
}

const char *err_last(void)
{
	return last;
}

void err_clear(void)
{
	last[0] = '\0';
}

static const struct {
	int code;
	int exit_status;
	const char *name;
} table[] = {
	{PEJL_OK, 0, "ok"},
	{PEJL_EINPUT, 1, "bad_input"},
	{PEJL_EUSAGE, 2, "usage"},
	{PEJL_ENOTFOUND, 3, "not_found"},
	{PEJL_EPERM, 4, "permission"},
	{PEJL_EIO, 5, "storage"},
	{PEJL_ECONFLICT, 1, "conflict"},
};

int err_exit_code(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return table[i].exit_status;
	return 5;
}

const char *err_name(int code)
{
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (table[i].code == code)
			return table[i].name;
	return "internal";
}
