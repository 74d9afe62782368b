/*
 * log.h — leveled logging to stderr, one line per message with a UTC
 * timestamp. The level comes from PEJL_LOG (error, warn, info, debug;
 * default warn) and can be set with log_set_level.
 */
#ifndef PEJL_LOG_H
#define PEJL_LOG_H

enum log_level { LOG_ERROR, LOG_WARN, LOG_INFO, LOG_DEBUG };

void log_set_level(enum log_level level);
/* Reads PEJL_LOG; unknown values leave the level unchanged. */
void log_init_from_env(void);
void log_msg(enum log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
