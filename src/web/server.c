/*
 * server.c — libmicrohttpd in thread-pool mode (the only file that includes
 * microhttpd.h). It turns MHD callbacks into a struct http_req, buffers the
 * body up to the route's limit (413 beyond it), parses forms, lets the
 * router answer, adds the security headers and sends the response.
 *
 * Every worker thread opens its own store on first use; the stores are
 * closed after the daemon has stopped. SIGTERM/SIGINT are waited for with
 * sigwait in the main thread (blocked in all others).
 */
#include "web/web.h"

#include "io/pseudonym.h"
#include "io/secret.h"
#include "util/err.h"
#include "util/log.h"
#include "util/xmalloc.h"
#include "web/router.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_STORES 256

static int hexdig(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static const struct web_config *config;
static pthread_mutex_t stores_lock = PTHREAD_MUTEX_INITIALIZER;
static struct store *stores[MAX_STORES];
static size_t nstores;
static _Thread_local struct store *thread_store;

static struct store *worker_store(void)
{
	if (!thread_store) {
		if (store_open(&thread_store, config->db, 0) < 0) {
			log_error("cannot open the database: %s", err_last());
			thread_store = NULL;
			return NULL;
		}
		pthread_mutex_lock(&stores_lock);
		if (nstores < MAX_STORES)
			stores[nstores++] = thread_store;
		pthread_mutex_unlock(&stores_lock);
	}
	return thread_store;
}

struct conn {
	struct arena *a;
	struct buf body;
	const struct route *route;
	int early_status; /* 404/405 found before the body, or 413 */
	size_t limit;
	bool too_large;
};

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	struct conn *cn = *con_cls;

	(void)cls;
	(void)c;
	(void)toe;
	if (!cn)
		return;
	buf_free(&cn->body);
	arena_free(cn->a);
	free(cn);
	*con_cls = NULL;
}

/* Adds up the query's size, to refuse an oversized one with 414. */
static enum MHD_Result measure_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	size_t *total = cls;

	(void)kind;
	*total += strlen(key) + (value ? strlen(value) : 0) + 2;
	return MHD_YES;
}

#define MAX_QUERY (16 * 1024)

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct http_req *r = cls;

	(void)kind;
	if (r->nquery < 64) {
		r->query[r->nquery].key = arena_strdup(r->a, key);
		r->query[r->nquery].value = arena_strdup(r->a, value ? value : "");
		r->nquery++;
	}
	return MHD_YES;
}

static void security_headers(struct MHD_Response *resp, const struct http_req *r, const struct http_res *res)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
				"frame-ancestors 'none'; base-uri 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
	MHD_add_response_header(resp, "Permissions-Policy", "camera=(), microphone=(), geolocation=()");
	MHD_add_response_header(resp, "Cross-Origin-Opener-Policy", "same-origin");
	if (r->tls)
		MHD_add_response_header(resp, "Strict-Transport-Security", "max-age=31536000");
	MHD_add_response_header(resp, "Cache-Control", res->cacheable ? "public, max-age=3600" : "no-store");
}

static enum MHD_Result respond(struct MHD_Connection *c, struct http_req *r, struct http_res *res)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	bool head = strcmp(r->method, "HEAD") == 0;

	if (buf_error(&res->body)) {
		buf_reset(&res->body);
		res->status = 500;
		res->content_type = "text/plain; charset=utf-8";
		buf_puts(&res->body, "response too large\n");
	}
	resp = MHD_create_response_from_buffer(head ? 0 : res->body.len, head ? (void *)"" : res->body.data,
					       MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, "Content-Type", res->content_type ? res->content_type : "text/plain");
	security_headers(resp, r, res);
	for (size_t i = 0; i < res->nheaders; i++)
		MHD_add_response_header(resp, res->headers[i].key, res->headers[i].value);
	ret = MHD_queue_response(c, (unsigned)res->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Percent-decoding of the URL and arguments, like libmicrohttpd's own,
 * except that %00 stays as the three characters "%00": a NUL must never cut
 * a path or value short (the route then simply does not match). */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *in = s, *out = s;

	(void)cls;
	(void)c;
	while (*in) {
		int h, l;

		if (in[0] == '%' && in[1] && in[2] && (h = hexdig(in[1])) >= 0 && (l = hexdig(in[2])) >= 0 &&
		    (h | l) != 0) {
			*out++ = (char)(h * 16 + l);
			in += 3;
		} else {
			*out++ = *in++;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static const char *header(struct MHD_Connection *c, const char *name)
{
	return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url, const char *method,
			      const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct conn *cn = *con_cls;
	struct http_req r = {0};
	struct http_res res = {0};
	char ipbuf[64] = "";
	const union MHD_ConnectionInfo *ci;
	enum MHD_Result ret;
	int status = 0;

	(void)cls;
	(void)version;
	if (!cn) {
		struct http_req probe = {0};
		const char *cl = header(c, "Content-Length");

		cn = xcalloc(1, sizeof *cn);
		cn->a = arena_new();
		probe.a = cn->a;
		size_t qsize = strlen(url);

		MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, measure_query, &qsize);
		cn->route = qsize > MAX_QUERY ? NULL : router_match(&probe, method, url, &cn->early_status);
		if (qsize > MAX_QUERY)
			cn->early_status = 414;
		cn->limit = cn->route ? cn->route->body_limit : 0;
		buf_init(&cn->body, cn->limit + 1);
		if (cl && cn->route && strtoull(cl, NULL, 10) > cn->limit)
			cn->too_large = true;
		*con_cls = cn;
		return MHD_YES;
	}
	if (*upload_size) {
		if (!cn->too_large) {
			if (cn->body.len + *upload_size > cn->limit)
				cn->too_large = true;
			else
				buf_append(&cn->body, upload, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}

	r.a = cn->a;
	r.cfg = config;
	r.method = method;
	r.path = arena_strdup(cn->a, url);
	r.lang = LANG_DA;
	r.query = arena_calloc(cn->a, 64, sizeof *r.query);
	MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, &r);
	r.content_type = header(c, "Content-Type");
	r.cookie = header(c, "Cookie");
	r.authorization = header(c, "Authorization");
	r.csrf_header = header(c, "X-CSRF-Token");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr && ci->client_addr->sa_family == AF_INET) {
		const unsigned char *ip = (const unsigned char *)&((const struct sockaddr_in *)ci->client_addr)->sin_addr;

		snprintf(ipbuf, sizeof ipbuf, "%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
	}
	r.remote_ip = arena_strdup(cn->a, ipbuf[0] ? ipbuf : "unknown");
	r.tls = config->tls_cert != NULL;
	{
		const char *lang = req_query(&r, "lang");
		const char *cookie_lang = req_cookie(&r, r.a, "pejl_lang");

		if ((lang && strcmp(lang, "en") == 0) || (!lang && cookie_lang && strcmp(cookie_lang, "en") == 0))
			r.lang = LANG_EN;
	}
	buf_init(&res.body, 64u << 20);
	res.status = 200;
	res.content_type = "text/html; charset=utf-8";

	if (!(r.store = worker_store())) {
		r.api = strncmp(url, "/api/", 5) == 0;
		res_error(&r, &res, 503, "unavailable", "the database is not available");
		goto out;
	}
	if (!cn->route) {
		r.api = strncmp(url, "/api/", 5) == 0;
		status = cn->early_status;
		if (status == 414)
			res_error(&r, &res, 414, "uri_too_long", "the address is longer than %d bytes", MAX_QUERY);
		else
			res_error(&r, &res, status, status == 405 ? "method_not_allowed" : "not_found",
				  status == 405 ? "%s is not allowed here" : "no page %s", status == 405 ? method : url);
		if (status == 405)
			res_header(&res, "Allow", router_allowed(&r, url));
		goto out;
	}
	/* router_match again to fill r.params in this request's struct */
	router_match(&r, method, url, &status);
	r.api = cn->route->flags & ROUTE_API;
	if (cn->too_large) {
		res_error(&r, &res, 413, "too_large", "the request body is larger than %zu bytes", cn->limit);
		goto out;
	}
	r.body = cn->body.data ? cn->body.data : "";
	r.body_len = cn->body.len;
	if (r.content_type && strncmp(r.content_type, "application/x-www-form-urlencoded", 33) == 0) {
		if (form_parse_urlencoded(&r.form, &r.nform, r.a, r.body, r.body_len) < 0) {
			res_error(&r, &res, 400, "bad_form", "%s", err_last());
			goto out;
		}
	} else if (r.content_type && strncmp(r.content_type, "multipart/form-data", 19) == 0) {
		if (form_parse_multipart(&r.form, &r.nform, &r.files, &r.nfiles, r.a, r.content_type, r.body,
					 r.body_len) < 0) {
			res_error(&r, &res, 400, "bad_form", "%s", err_last());
			goto out;
		}
	}
	if (router_authenticate(&r, &res) < 0)
		goto out;
	router_dispatch(cn->route, &r, &res);
out:
	if (r.store) {
		store_rollback(r.store); /* a handler that failed mid-write */
		store_release(r.store);
	}
	ret = respond(c, &r, &res);
	if (res.status >= 500)
		log_warn("%s %s -> %d", method, url, res.status);
	buf_free(&res.body);
	return ret;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_append(&b, chunk, n);
	fclose(f);
	return buf_detach(&b, NULL);
}

int web_serve(const struct web_config *cfg, void (*ready)(const struct web_config *cfg))
{
	struct MHD_Daemon *d;
	struct sockaddr_in addr;
	sigset_t set;
	char *cert = NULL, *key = NULL;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
	int sig, rc = 0;

	config = cfg;
	if ((rc = secret_init()) < 0)
		return rc;
	{
		/* fail early and clearly when the database is not there */
		struct store *probe;

		if ((rc = store_open(&probe, cfg->db, 0)) < 0)
			return rc;
		store_close(probe);
	}
	if (cfg->key_file) {
		/* the pseudonym key: refused when others can read it */
		static struct pseudonym_key pkey;

		if ((rc = pseudonym_key_load(&pkey, cfg->key_file)) < 0)
			return rc;
		((struct web_config *)(uintptr_t)cfg)->key = &pkey;
	}
	memset(&addr, 0, sizeof addr);
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)cfg->port);
	if (inet_pton(AF_INET, strcmp(cfg->host, "localhost") == 0 ? "127.0.0.1" : cfg->host, &addr.sin_addr) != 1)
		return err_set(PEJL_EUSAGE, "listen host \"%s\" is not an IPv4 address", cfg->host);
	if (cfg->tls_cert) {
		struct stat sb;

		if (!(cert = read_all(cfg->tls_cert)) || !(key = read_all(cfg->tls_key))) {
			free(cert);
			return err_set(PEJL_EIO, "cannot read the TLS certificate or key");
		}
		if (stat(cfg->tls_key, &sb) == 0 && (sb.st_mode & 077))
			log_warn("%s can be read by others; make it mode 0600", cfg->tls_key);
		flags |= MHD_USE_TLS;
	}
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = MHD_start_daemon(flags, (uint16_t)cfg->port, NULL, NULL, handle, NULL, MHD_OPTION_SOCK_ADDR, &addr,
			     MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads, MHD_OPTION_CONNECTION_TIMEOUT,
			     (unsigned)30, MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)0, MHD_OPTION_NOTIFY_COMPLETED,
			     completed, NULL, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(256 * 1024),
			     MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
			     cert ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cert, MHD_OPTION_HTTPS_MEM_KEY, key,
			     MHD_OPTION_END);
	if (!d) {
		free(cert);
		free(key);
		return err_set(PEJL_EIO, "cannot listen on %s:%d (in use, or not allowed)", cfg->host, cfg->port);
	}
	if (ready)
		ready(cfg);
	sigwait(&set, &sig);
	log_info("signal %d: stopping", sig);
	/* Stop accepting, let running requests finish (up to 10 s). */
	MHD_quiesce_daemon(d);
	for (int i = 0; i < 100; i++) {
		const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_CURRENT_CONNECTIONS);

		if (!di || di->num_connections == 0)
			break;
		usleep(100 * 1000);
	}
	MHD_stop_daemon(d);
	for (size_t i = 0; i < nstores; i++)
		store_close(stores[i]);
	nstores = 0;
	free(cert);
	free(key);
	return rc;
}
