/*
 * config.c — the server's INI configuration (inih) with environment
 * overrides. Sections and keys:
 *   [server]   listen = 127.0.0.1:8080   threads = 4
 *              public_dir = DIR  (pejl publish --out DIR, served at /offentlig;
 *                                 PEJL_PUBLIC_DIR overrides)
 *   [database] url = pejl.db
 *   [tls]      cert = FILE   key = FILE
 *   [feedback] key = FILE   (the pseudonym key; PEJL_KEY overrides)
 *   [security] session_idle_minutes = 30   session_absolute_hours = 12
 *              login_failures = 5   login_window_minutes = 15
 *              max_upload_mib = 32
 */
#include "web/web.h"

#include "util/err.h"

#include <ini.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ctx {
	struct web_config *cfg;
	struct arena *a;
	char error[256];
};

static bool number(const char *v, long min, long max, long *out)
{
	char *end;
	long n = strtol(v, &end, 10);

	if (*v == '\0' || *end || n < min || n > max)
		return false;
	*out = n;
	return true;
}

static int on_key(void *user, const char *section, const char *name, const char *value)
{
	struct ctx *c = user;
	struct web_config *cfg = c->cfg;
	long n;

#define IS(s, k) (strcmp(section, s) == 0 && strcmp(name, k) == 0)
#define BAD(what) (snprintf(c->error, sizeof c->error, "[%s] %s = %s: %s", section, name, value, what), 0)
	if (IS("server", "listen"))
		cfg->listen = arena_strdup(c->a, value);
	else if (IS("server", "threads")) {
		if (!number(value, 1, 64, &n))
			return BAD("a number from 1 to 64");
		cfg->threads = (int)n;
	} else if (IS("server", "public_dir"))
		cfg->public_dir = arena_strdup(c->a, value);
	else if (IS("feedback", "key"))
		cfg->key_file = arena_strdup(c->a, value);
	else if (IS("database", "url"))
		cfg->db = arena_strdup(c->a, value);
	else if (IS("tls", "cert"))
		cfg->tls_cert = arena_strdup(c->a, value);
	else if (IS("tls", "key"))
		cfg->tls_key = arena_strdup(c->a, value);
	else if (IS("security", "session_idle_minutes")) {
		if (!number(value, 1, 24 * 60, &n))
			return BAD("minutes from 1 to 1440");
		cfg->session_idle = n * 60;
	} else if (IS("security", "session_absolute_hours")) {
		if (!number(value, 1, 24 * 7, &n))
			return BAD("hours from 1 to 168");
		cfg->session_absolute = n * 3600;
	} else if (IS("security", "login_failures")) {
		if (!number(value, 1, 100, &n))
			return BAD("a number from 1 to 100");
		cfg->login_failures = n;
	} else if (IS("security", "login_window_minutes")) {
		if (!number(value, 1, 24 * 60, &n))
			return BAD("minutes from 1 to 1440");
		cfg->login_window = n * 60;
	} else if (IS("security", "max_upload_mib")) {
		if (!number(value, 1, 512, &n))
			return BAD("MiB from 1 to 512");
		cfg->max_upload = (size_t)n << 20;
	} else
		return BAD("unknown setting");
	return 1;
#undef IS
#undef BAD
}

int web_config_load_listen(struct web_config *cfg)
{
	const char *colon = strrchr(cfg->listen, ':');
	long port;

	if (!colon || (size_t)(colon - cfg->listen) >= sizeof cfg->host || !number(colon + 1, 1, 65535, &port))
		return err_set(PEJL_EUSAGE, "listen address \"%s\": give HOST:PORT, e.g. 127.0.0.1:8080", cfg->listen);
	snprintf(cfg->host, sizeof cfg->host, "%.*s", (int)(colon - cfg->listen), cfg->listen);
	cfg->port = (int)port;
	return 0;
}

int web_config_load(struct web_config *cfg, struct arena *a, const char *path)
{
	struct ctx c = {cfg, a, ""};
	const char *v;
	long n;

	memset(cfg, 0, sizeof *cfg);
	cfg->listen = "127.0.0.1:8080";
	cfg->threads = 4;
	cfg->db = "pejl.db";
	cfg->session_idle = 30 * 60;
	cfg->session_absolute = 12 * 3600;
	cfg->login_failures = 5;
	cfg->login_window = 15 * 60;
	cfg->max_upload = 32u << 20;
	if (path) {
		int line = ini_parse(path, on_key, &c);

		if (line < 0)
			return err_set(PEJL_ENOTFOUND, "%s: cannot read the configuration file", path);
		if (line > 0)
			return err_set(PEJL_EINPUT, "%s:%d: %s", path, line, c.error[0] ? c.error : "not INI syntax");
	}
	if ((v = getenv("PEJL_LISTEN")) && *v)
		cfg->listen = v;
	if ((v = getenv("PEJL_DB")) && *v)
		cfg->db = v;
	if ((v = getenv("PEJL_THREADS")) && *v) {
		if (!number(v, 1, 64, &n))
			return err_set(PEJL_EINPUT, "PEJL_THREADS=%s: a number from 1 to 64", v);
		cfg->threads = (int)n;
	}
	if ((v = getenv("PEJL_KEY")) && *v)
		cfg->key_file = v;
	if ((v = getenv("PEJL_PUBLIC_DIR")) && *v)
		cfg->public_dir = v;
	if ((v = getenv("PEJL_TLS_CERT")) && *v)
		cfg->tls_cert = v;
	if ((v = getenv("PEJL_TLS_KEY")) && *v)
		cfg->tls_key = v;
	if (!cfg->tls_cert != !cfg->tls_key)
		return err_set(PEJL_EINPUT, "TLS needs both a certificate and a key");
	return web_config_load_listen(cfg);
}
