/*
 * web.h — `pejl serve`: the web application and the JSON API.
 *
 * web_config_load reads the INI file (if any) and environment overrides;
 * web_serve runs libmicrohttpd in thread-pool mode until SIGTERM or SIGINT
 * and then shuts down gracefully (stops accepting, lets running requests
 * finish for up to 10 s). Each worker thread has its own database
 * connection; sessions live in the database, so several processes can
 * serve one database.
 */
#ifndef PEJL_WEB_H
#define PEJL_WEB_H

#include "web/http.h"

/* Defaults, then the INI file `path` (may be NULL), then the environment
 * (PEJL_LISTEN, PEJL_DB, PEJL_THREADS, PEJL_TLS_CERT, PEJL_TLS_KEY, PEJL_KEY,
 * PEJL_PUBLIC_DIR). */
int web_config_load(struct web_config *cfg, struct arena *a, const char *path);

/* Re-reads cfg->listen ("HOST:PORT") into host and port. */
int web_config_load_listen(struct web_config *cfg);

/* Serves until a termination signal. Returns 0 or an error (port in use,
 * bad TLS files, database). ready, when not NULL, is called once the
 * server listens. */
int web_serve(const struct web_config *cfg, void (*ready)(const struct web_config *cfg));

#endif
