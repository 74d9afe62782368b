/*
 * http.c — request lookups, response helpers, the error → status map and
 * the form parsers (urlencoded and multipart), which work on the buffered,
 * size-limited body.
 */
#include "web/http.h"

#include "io/htmlw.h"
#include "io/jsonw.h"
#include "util/err.h"
#include "web/pages.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *lookup(const struct kv *v, size_t n, const char *key)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return v[i].value;
	return NULL;
}

const char *req_query(const struct http_req *r, const char *key)
{
	return lookup(r->query, r->nquery, key);
}

const char *req_form(const struct http_req *r, const char *key)
{
	return lookup(r->form, r->nform, key);
}

const struct upload *req_file(const struct http_req *r, const char *field)
{
	for (size_t i = 0; i < r->nfiles; i++)
		if (strcmp(r->files[i].field, field) == 0)
			return &r->files[i];
	return NULL;
}

const char *req_cookie(const struct http_req *r, struct arena *a, const char *name)
{
	size_t nl = strlen(name);
	const char *p = r->cookie;

	while (p && *p) {
		const char *end;

		while (*p == ' ' || *p == ';')
			p++;
		end = strchr(p, ';');
		if (!end)
			end = p + strlen(p);
		if ((size_t)(end - p) > nl && strncmp(p, name, nl) == 0 && p[nl] == '=')
			return arena_strndup(a, p + nl + 1, (size_t)(end - p - (ptrdiff_t)nl - 1));
		p = end;
	}
	return NULL;
}

void res_header(struct http_res *res, const char *key, const char *value)
{
	if (res->nheaders < HTTP_MAX_HEADERS) {
		res->headers[res->nheaders].key = key;
		res->headers[res->nheaders].value = value;
		res->nheaders++;
	}
}

int res_redirect(struct http_res *res, const char *location)
{
	res->status = 303;
	res_header(res, "Location", location);
	res->content_type = "text/plain; charset=utf-8";
	buf_reset(&res->body);
	return 0;
}

int http_status_for(int err)
{
	switch (err) {
	case PEJL_OK: return 200;
	case PEJL_EINPUT: return 422;
	case PEJL_EUSAGE: return 400;
	case PEJL_ENOTFOUND: return 404;
	case PEJL_EPERM: return 403;
	case PEJL_ECONFLICT: return 409;
	default: return 500;
	}
}

int res_error(struct http_req *r, struct http_res *res, int status, const char *code, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	res->status = status;
	buf_reset(&res->body);
	if (r->api) {
		struct jsonw w;

		res->content_type = "application/json";
		jsonw_init(&w, &res->body, false);
		jsonw_obj_begin(&w);
		jsonw_key(&w, "error");
		jsonw_obj_begin(&w);
		jsonw_kstr(&w, "code", code);
		jsonw_kstr(&w, "message", msg);
		jsonw_obj_end(&w);
		jsonw_obj_end(&w);
		buf_putc(&res->body, '\n');
	} else {
		res->content_type = "text/html; charset=utf-8";
		page_error(r, res, status, msg);
	}
	return 0;
}

/* --- urlencoded ------------------------------------------------------------------- */

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Decodes %XX and '+' in s[0..n) into an arena string; NULL when a %
 * escape is malformed or decodes to a NUL. */
static char *decode(struct arena *a, const char *s, size_t n)
{
	char *out = arena_alloc(a, n + 1), *o = out;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			*o++ = ' ';
		} else if (s[i] == '%') {
			int h, l;

			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 || (l = hexval(s[i + 2])) < 0 || (h == 0 && l == 0))
				return NULL;
			*o++ = (char)(h * 16 + l);
			i += 2;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

int form_parse_urlencoded(struct kv **out, size_t *n, struct arena *a, const char *s, size_t len)
{
	size_t count = 1, k = 0;
	const char *p = s, *end = s + len;
	struct kv *v;

	for (size_t i = 0; i < len; i++)
		count += s[i] == '&';
	v = arena_calloc(a, count, sizeof *v);
	while (p < end) {
		const char *amp = memchr(p, '&', (size_t)(end - p)), *eq;

		if (!amp)
			amp = end;
		eq = memchr(p, '=', (size_t)(amp - p));
		if (amp > p) {
			const char *kend = eq ? eq : amp;

			v[k].key = decode(a, p, (size_t)(kend - p));
			v[k].value = eq ? decode(a, eq + 1, (size_t)(amp - eq - 1)) : "";
			if (!v[k].key || !v[k].value)
				return err_set(PEJL_EINPUT, "malformed %%-escape in the form data");
			k++;
		}
		p = amp + 1;
	}
	*out = v;
	*n = k;
	return 0;
}

/* --- multipart -------------------------------------------------------------------- */

static const char *memfind(const char *h, size_t hn, const char *needle, size_t nn)
{
	if (nn == 0 || hn < nn)
		return NULL;
	for (size_t i = 0; i + nn <= hn; i++)
		if (h[i] == needle[0] && memcmp(h + i, needle, nn) == 0)
			return h + i;
	return NULL;
}

/* The value of `name="…"` in a header line (no escapes inside). */
static char *header_param(struct arena *a, const char *line, size_t len, const char *name)
{
	char pat[32];
	const char *p, *q;
	size_t pl = (size_t)snprintf(pat, sizeof pat, "%s=\"", name);

	for (p = line; (p = memfind(p, len - (size_t)(p - line), pat, pl));) {
		if (p == line || p[-1] == ' ' || p[-1] == ';') {
			p += pl;
			q = memchr(p, '"', len - (size_t)(p - line));
			if (!q)
				return NULL;
			return arena_strndup(a, p, (size_t)(q - p));
		}
		p += pl;
	}
	return NULL;
}

int form_parse_multipart(struct kv **fields, size_t *nfields, struct upload **files, size_t *nfiles,
			 struct arena *a, const char *content_type, const char *body, size_t len)
{
	const char *b = content_type ? strstr(content_type, "boundary=") : NULL;
	char delim[90];
	size_t dl, nf = 0, nu = 0, capf = 16, capu = 4;
	const char *p, *end = body + len;
	struct kv *fv;
	struct upload *uv;

	if (!b)
		return err_set(PEJL_EINPUT, "multipart form without a boundary");
	b += 9;
	if (*b == '"')
		b++;
	dl = strcspn(b, "\";");
	if (dl == 0 || dl > 70)
		return err_set(PEJL_EINPUT, "multipart boundary of bad length");
	snprintf(delim, sizeof delim, "--%.*s", (int)dl, b);
	dl += 2;
	fv = arena_calloc(a, capf, sizeof *fv);
	uv = arena_calloc(a, capu, sizeof *uv);
	p = memfind(body, len, delim, dl);
	if (!p)
		return err_set(PEJL_EINPUT, "multipart body without its boundary");
	for (;;) {
		const char *hdr, *hend, *data, *next;
		char *name = NULL, *filename = NULL;

		p += dl;
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			break; /* closing delimiter */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return err_set(PEJL_EINPUT, "malformed multipart delimiter line");
		hdr = p + 2;
		hend = memfind(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
		if (!hend)
			return err_set(PEJL_EINPUT, "multipart part without the end of its headers");
		for (const char *line = hdr; line < hend;) {
			const char *le = memfind(line, (size_t)(hend - line) + 2, "\r\n", 2);
			size_t ll;

			if (!le)
				le = hend;
			ll = (size_t)(le - line);
			if (ll > 20 && strncasecmp(line, "Content-Disposition:", 20) == 0) {
				name = header_param(a, line, ll, "name");
				filename = header_param(a, line, ll, "filename");
			}
			line = le + 2;
		}
		data = hend + 4;
		next = memfind(data, (size_t)(end - data), delim, dl);
		if (!next || next - data < 2 || next[-2] != '\r' || next[-1] != '\n')
			return err_set(PEJL_EINPUT, "multipart part without a closing boundary");
		if (!name)
			return err_set(PEJL_EINPUT, "multipart part without a field name");
		if (filename) {
			if (nu == capu) {
				struct upload *n2 = arena_calloc(a, capu * 2, sizeof *n2);

				memcpy(n2, uv, nu * sizeof *uv);
				uv = n2;
				capu *= 2;
			}
			uv[nu].field = name;
			uv[nu].filename = filename;
			uv[nu].data = data;
			uv[nu].len = (size_t)(next - 2 - data);
			nu++;
		} else {
			if (nf == capf) {
				struct kv *n2 = arena_calloc(a, capf * 2, sizeof *n2);

				memcpy(n2, fv, nf * sizeof *fv);
				fv = n2;
				capf *= 2;
			}
			fv[nf].key = name;
			fv[nf].value = arena_strndup(a, data, (size_t)(next - 2 - data));
			if (strlen(fv[nf].value) != (size_t)(next - 2 - data))
				return err_set(PEJL_EINPUT, "form field %s contains a NUL character", name);
			nf++;
		}
		p = next;
	}
	*fields = fv;
	*nfields = nf;
	*files = uv;
	*nfiles = nu;
	return 0;
}
