/*
 * http.h — the request and response every handler sees (src/web only).
 *
 * server.c fills a struct http_req from libmicrohttpd (which no other file
 * includes), router.c authenticates it and checks the route's roles and
 * CSRF token, and a handler fills the struct http_res. Everything a request
 * allocates comes from req->a, freed when the response has been sent.
 */
#ifndef PEJL_HTTP_H
#define PEJL_HTTP_H

#include "core/numfmt.h"
#include "io/pseudonym.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct kv {
	const char *key;
	const char *value;
};

struct upload {
	const char *field;
	const char *filename;
	const char *data;
	size_t len;
};

struct web_config {
	const char *listen; /* "127.0.0.1:8080" */
	char host[64];
	int port;
	int threads;
	const char *db;
	const char *tls_cert; /* file paths; both or neither */
	const char *tls_key;
	long session_idle;     /* seconds */
	long session_absolute; /* seconds */
	long login_failures;   /* allowed failures per window */
	long login_window;     /* seconds */
	size_t max_upload;     /* bytes */
	const char *public_dir; /* the published edition served at /offentlig, or NULL */
	const char *key_file;   /* the pseudonym key (PEJL_KEY, [feedback] key), or NULL */
	const struct pseudonym_key *key; /* loaded by web_serve; NULL: no recording */
};

#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_HEADERS 12

struct http_req {
	struct arena *a;
	struct store *store;
	const struct web_config *cfg;
	const char *method;
	const char *path;
	const char *params[HTTP_MAX_PARAMS]; /* route captures, in order */
	size_t nparams;
	struct kv *query;
	size_t nquery;
	struct kv *form;
	size_t nform;
	struct upload *files;
	size_t nfiles;
	const char *body;
	size_t body_len;
	const char *content_type;
	const char *cookie;
	const char *authorization;
	const char *csrf_header;
	const char *remote_ip;
	bool tls;
	/* set by the router */
	struct user *user; /* NULL: anonymous */
	const char *session_hash;
	const char *csrf; /* the session's CSRF token */
	bool via_token;   /* authenticated by an API token */
	enum lang lang;
	bool api; /* the route answers JSON */
};

struct http_res {
	int status;
	const char *content_type;
	struct buf body;
	struct kv headers[HTTP_MAX_HEADERS];
	size_t nheaders;
	bool cacheable; /* may be cached by the browser (static files) */
};

/* Query, form and cookie lookups (NULL when absent). */
const char *req_query(const struct http_req *r, const char *key);
const char *req_form(const struct http_req *r, const char *key);
const char *req_cookie(const struct http_req *r, struct arena *a, const char *name);
const struct upload *req_file(const struct http_req *r, const char *field);

/* Adds a response header (copied into the request arena by the caller). */
void res_header(struct http_res *res, const char *key, const char *value);
/* A 303 redirect to location. */
int res_redirect(struct http_res *res, const char *location);
/* An error answer: JSON {"error":{"code","message"}} for API routes, an
 * HTML page otherwise. Returns 0 (the response is complete). */
int res_error(struct http_req *r, struct http_res *res, int status, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* The HTTP status for an enum pejl_err (the one mapping, DESIGN §7). */
int http_status_for(int err);

/* Parses application/x-www-form-urlencoded text into pairs (decoded). */
int form_parse_urlencoded(struct kv **out, size_t *n, struct arena *a, const char *s, size_t len);
/* Parses multipart/form-data (boundary from the content type) into fields
 * and files. PEJL_EINPUT with a message when malformed. */
int form_parse_multipart(struct kv **fields, size_t *nfields, struct upload **files, size_t *nfiles,
			 struct arena *a, const char *content_type, const char *body, size_t len);

#endif
