/*
 * cmd_keygen.c — `pejl keygen [--out FILE]`: makes the installation key
 * from which every citizen pseudonym is computed (io/pseudonym.h).
 *
 * The file is --out, else $PEJL_KEY, else ./pejl.key. An existing file is
 * never overwritten (exit 1): replacing the key would cut every citizen off
 * from their history. The command warns when the key would sit in the
 * directory of an existing (or explicitly named) SQLite database, because
 * a copy of that directory would then carry both the data and the key.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/pseudonym.h"
#include "util/err.h"

#include <limits.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* True when the files a and b (which need not exist) are in the same
 * directory. */
static bool same_directory(struct cli *c, const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];
	const char *da = dirname(arena_strdup(c->a, a)), *db = dirname(arena_strdup(c->a, b));

	return realpath(da, ra) && realpath(db, rb) && strcmp(ra, rb) == 0;
}

int cmd_keygen(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"out", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("keygen", NULL);
	const char *path = getenv("PEJL_KEY");
	char abs[PATH_MAX];
	int ch, rc;

	if (!path || !*path)
		path = "pejl.key";
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		path = optarg;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\" (the file is given with --out)", argv[optind]);
	if (!*path)
		return cli_usage(cmd, "--out needs a file name");
	if ((rc = pseudonym_keygen(path)) < 0)
		return rc;
	printf("Wrote a new pseudonym key to %s (mode 0600).\n"
	       "Every citizen pseudonym is computed from this key: if it is lost or replaced, no citizen\n"
	       "can be matched to their earlier episodes again. Back it up now, somewhere safe and apart\n"
	       "from the database backups, and keep it out of the database directory. Set PEJL_KEY to\n"
	       "its path for the commands that need it.\n",
	       realpath(path, abs) ? abs : path);
	if (!strstr(c->db, "://") && (c->db_explicit || access(c->db, F_OK) == 0) && same_directory(c, path, c->db))
		fprintf(stderr,
		        "pejl: warning: the key is in the same directory as the database %s; move it elsewhere\n"
		        "(and set PEJL_KEY), so that a copy of the database never carries the key with it\n",
		        c->db);
	return 0;
}
