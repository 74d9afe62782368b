/*
 * log.c — see log.h. Each message is formatted into one buffer and written
 * with a single fputs so lines from several threads do not interleave.
 */
#include "util/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static enum log_level current = LOG_WARN;
static const char *const names[] = {"error", "warn", "info", "debug"};

void log_set_level(enum log_level level)
{
	current = level;
}

void log_init_from_env(void)
{
	const char *v = getenv("PEJL_LOG");

	if (!v)
		return;
	for (int i = 0; i <= LOG_DEBUG; i++)
		if (strcmp(v, names[i]) == 0)
			current = (enum log_level)i;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	char line[2048], ts[32];
	struct tm tm;
	time_t now;
	va_list ap;
	int n;

	if (level > current)
		return;
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = snprintf(line, sizeof line, "%s pejl %s: ", ts, names[level]);
	va_start(ap, fmt);
	if (n > 0 && (size_t)n < sizeof line)
		vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	strncat(line, "\n", sizeof line - strlen(line) - 1);
	fputs(line, stderr);
}
