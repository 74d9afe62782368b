/*
 * pages_public.c — /offentlig: the published editions (pejl publish --out
 * DIR) served read-only, without a login, from the configured directory
 * ([server] public_dir or PEJL_PUBLIC_DIR).
 *
 *   /offentlig, /offentlig/   303 to the latest edition's Danish front page
 *                             (/offentlig/2017/da/index.html)
 *   /offentlig/PATH           the file DIR/PATH; a PATH ending in / is its
 *                             index.html, a last segment without a dot is
 *                             taken as a directory (303 to PATH/)
 *
 * The latest edition is the greatest directory name under DIR that holds
 * an edition.json (editions are named by period, so "2017" > "2016"),
 * found on each request, so a new publish is served at once.
 *
 * Safety: PATH is split at '/', and every segment must be 1–64 characters
 * of [A-Za-z0-9_.-], not start with '.', so "..", "%2e%2e" (decoded before
 * routing), a "%00" (kept as the three characters), hidden temporary
 * directories and anything odd are 404. The file is opened segment by
 * segment with openat(O_NOFOLLOW), so no symbolic link is followed, in or
 * out of DIR, and it must be a regular file of at most 64 MiB. The content
 * type comes from the extension; unknown extensions are not served.
 */
#include "web/pages.h"

#include "util/err.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE (64u << 20)

static const struct {
	const char *ext, *type;
} types[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".csv", "text/csv; charset=utf-8"},
	{".json", "application/json"},
	{".jsonld", "application/ld+json"},
	{".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{".svg", "image/svg+xml"},
};

static const char *content_type(const char *name)
{
	const char *dot = strrchr(name, '.');

	for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
		if (strcmp(dot, types[i].ext) == 0)
			return types[i].type;
	return NULL;
}

static bool segment_ok(const char *s, size_t n)
{
	if (n == 0 || n > 64 || s[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
		      c == '.'))
			return false;
	}
	return true;
}

static int not_found(struct http_req *r, struct http_res *res)
{
	return res_error(r, res, 404, "not_found", "%s", tr(r, "Siden findes ikke i den offentlige udgave.",
							      "The page is not in the public edition."));
}

/* Is every segment of rel (split at '/', the last may be empty) safe? */
static bool path_ok(const char *rel)
{
	for (const char *p = rel;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);

		if (!slash)
			return len == 0 || segment_ok(p, len);
		if (!segment_ok(p, len))
			return false;
		p = slash + 1;
	}
}

/* The latest edition's directory name into out; false when there is none. */
static bool latest(char *out, size_t n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	bool found = false;

	if (!d)
		return false;
	while ((de = readdir(d))) {
		char path[4096];
		struct stat sb;

		if (!segment_ok(de->d_name, strlen(de->d_name)))
			continue;
		snprintf(path, sizeof path, "%s/%s/edition.json", dir, de->d_name);
		if (lstat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
			continue;
		if (!found || strcmp(de->d_name, out) > 0) {
			snprintf(out, n, "%s", de->d_name);
			found = true;
		}
	}
	closedir(d);
	return found;
}

/* Opens DIR/rel without following any symbolic link; -1 if it cannot. */
static int open_beneath(const char *dir, const char *rel)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	const char *p = rel;

	while (fd >= 0) {
		const char *slash = strchr(p, '/');
		char seg[65];
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		int next;

		if (!segment_ok(p, len)) {
			close(fd);
			return -1;
		}
		memcpy(seg, p, len);
		seg[len] = '\0';
		next = openat(fd, seg, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (slash ? O_DIRECTORY : 0));
		close(fd);
		fd = next;
		if (!slash)
			break;
		p = slash + 1;
	}
	return fd;
}

int page_public(struct http_req *r, struct http_res *res)
{
	const char *rest = r->nparams ? r->params[0] : NULL, *type, *name;
	char rel[1100], ed[128];
	struct stat sb;
	int fd;

	if (!r->cfg->public_dir)
		return res_error(r, res, 404, "not_found", "%s",
				 tr(r, "Der er ingen offentlig udgave her.", "There is no public edition here."));
	if (!rest || !*rest) {
		if (!latest(ed, sizeof ed, r->cfg->public_dir))
			return res_error(r, res, 404, "not_found", "%s",
					 tr(r, "Der er ikke udgivet nogen udgave endnu.", "No edition has been published yet."));
		return res_redirect(res, arena_printf(r->a, "/offentlig/%s/da/index.html", ed));
	}
	if (!path_ok(rest))
		return not_found(r, res);
	snprintf(rel, sizeof rel, "%s%s", rest, rest[strlen(rest) - 1] == '/' ? "index.html" : "");
	name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel;
	if (!strchr(name, '.') && segment_ok(name, strlen(name)))
		return res_redirect(res, arena_printf(r->a, "%s/", r->path)); /* a directory: its index */
	if (!(type = content_type(name)) || (fd = open_beneath(r->cfg->public_dir, rel)) < 0)
		return not_found(r, res);
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (size_t)sb.st_size > MAX_FILE) {
		close(fd);
		return not_found(r, res);
	}
	for (;;) {
		char chunk[65536];
		ssize_t n = read(fd, chunk, sizeof chunk);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			close(fd);
			return err_set(PEJL_EIO, "cannot read %s", rel);
		}
		if (n == 0)
			break;
		buf_append(&res->body, chunk, (size_t)n);
	}
	close(fd);
	res->content_type = type;
	res->cacheable = true;
	return 0;
}
