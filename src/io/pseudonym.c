/*
 * pseudonym.c — see pseudonym.h.
 *
 * The key file is created with O_CREAT|O_EXCL (which also refuses a
 * symlink, dangling or not) and then fchmod'ed to 0600, so the umask cannot
 * loosen or tighten it. It is checked through the open descriptor (fstat),
 * so what is checked is what is read.
 */
#include "io/pseudonym.h"

#include "core/cpr.h"
#include "io/secret.h"
#include "util/err.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEX_LEN (2 * PSEUDONYM_KEY_BYTES)

static int write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int pseudonym_keygen(const char *path)
{
	unsigned char raw[PSEUDONYM_KEY_BYTES];
	char hex[KEY_HEX_LEN + 2]; /* hex, newline, NUL */
	int fd = -1, rc;

	if ((rc = secret_init()) < 0)
		return rc;
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return err_set(PEJL_ECONFLICT,
			               "%s exists already; a key is never overwritten, because every pseudonym "
			               "depends on it",
			               path);
		return err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
	}
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	hex[KEY_HEX_LEN] = '\n';
	hex[KEY_HEX_LEN + 1] = '\0';
	if (fchmod(fd, 0600) != 0 || write_all(fd, hex, KEY_HEX_LEN + 1) != 0 || fsync(fd) != 0) {
		rc = err_set(PEJL_EIO, "%s: %s; the unfinished key file was removed", path, strerror(errno));
		close(fd);
		fd = -1;
		unlink(path);
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		rc = err_set(PEJL_EIO, "%s: %s; the unfinished key file was removed", path, strerror(errno));
		unlink(path);
		goto out;
	}
	fd = -1;
out:
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(hex, sizeof hex);
	return rc;
}

int pseudonym_key_load(struct pseudonym_key *key, const char *path)
{
	unsigned char raw[PSEUDONYM_KEY_BYTES];
	char buf[KEY_HEX_LEN + 4];
	size_t n = 0, binlen = 0;
	const char *end = NULL;
	struct stat st;
	int fd = -1, rc;

	if ((rc = secret_init()) < 0)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0) {
		if (errno == ENOENT)
			return err_set(PEJL_ENOTFOUND, "%s: no such key file (pejl keygen makes one)", path);
		return err_set(errno == EACCES ? PEJL_EPERM : PEJL_EIO, "%s: %s", path, strerror(errno));
	}
	if (fstat(fd, &st) != 0) {
		rc = err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = err_set(PEJL_EINPUT, "%s is not a regular file, so it is not a pejl key", path);
		goto out;
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		rc = err_set(PEJL_EPERM,
		             "the key file %s has mode %04o: group or others have access to it; it must be "
		             "readable by its owner only (chmod 600 %s)",
		             path, (unsigned)(st.st_mode & 07777), path);
		goto out;
	}
	while (n < sizeof buf) {
		ssize_t r = read(fd, buf + n, sizeof buf - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			rc = err_set(PEJL_EIO, "%s: %s", path, strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (!(n == KEY_HEX_LEN || (n == KEY_HEX_LEN + 1 && buf[KEY_HEX_LEN] == '\n')) ||
	    sodium_hex2bin(raw, sizeof raw, buf, KEY_HEX_LEN, NULL, &binlen, &end) != 0 || binlen != sizeof raw ||
	    end != buf + KEY_HEX_LEN) {
		rc = err_set(PEJL_EINPUT, "%s is not a pejl key: 64 hexadecimal characters and a newline expected",
		             path);
		goto out;
	}
	memcpy(key->bytes, raw, sizeof raw);
out:
	if (fd >= 0)
		close(fd);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(buf, sizeof buf);
	return rc;
}

void pseudonym_key_wipe(struct pseudonym_key *key)
{
	if (key)
		sodium_memzero(key->bytes, sizeof key->bytes);
}

int pseudonym_of(char out[PSEUDONYM_HEX], const struct pseudonym_key *key, const char *cpr)
{
	unsigned char mac[crypto_auth_hmacsha256_BYTES];
	char norm[CPR_DIGITS + 1];
	int rc;

	_Static_assert(PSEUDONYM_KEY_BYTES == crypto_auth_hmacsha256_KEYBYTES, "the key is an HMAC-SHA-256 key");
	_Static_assert(PSEUDONYM_HEX == 2 * crypto_auth_hmacsha256_BYTES + 1, "the pseudonym is a hex digest");
	out[0] = '\0';
	if ((rc = cpr_parse(norm, NULL, NULL, cpr)) < 0)
		return rc;
	crypto_auth_hmacsha256(mac, (const unsigned char *)norm, CPR_DIGITS, key->bytes);
	sodium_memzero(norm, sizeof norm);
	sodium_bin2hex(out, PSEUDONYM_HEX, mac, sizeof mac);
	sodium_memzero(mac, sizeof mac);
	return 0;
}
