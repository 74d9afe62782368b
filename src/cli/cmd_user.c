/*
 * cmd_user.c — `pejl user add|list|password`.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/secret.h"
#include "util/err.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* The password from PEJL_PASSWORD, or asked for twice on the terminal. */
static int read_password(char *out, size_t size)
{
	const char *env = getenv("PEJL_PASSWORD");
	char again[256];
	struct termios old, quiet;
	bool tty = isatty(0);

	if (env) {
		snprintf(out, size, "%s", env);
		return 0;
	}
	if (!tty)
		return err_set(PEJL_EUSAGE, "no password: set PEJL_PASSWORD or run on a terminal");
	tcgetattr(0, &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(0, TCSANOW, &quiet);
	fputs("Password: ", stderr);
	if (!fgets(out, (int)size, stdin))
		out[0] = '\0';
	fputs("\nAgain: ", stderr);
	if (!fgets(again, sizeof again, stdin))
		again[0] = '\0';
	fputs("\n", stderr);
	tcsetattr(0, TCSANOW, &old);
	out[strcspn(out, "\n")] = '\0';
	again[strcspn(again, "\n")] = '\0';
	if (strcmp(out, again) != 0)
		return err_set(PEJL_EINPUT, "the two passwords differ");
	return 0;
}

static int check_password(const char *pw)
{
	if (strlen(pw) < 10)
		return err_set(PEJL_EINPUT, "the password must have at least 10 characters");
	if (strlen(pw) > 200)
		return err_set(PEJL_EINPUT, "the password is longer than 200 characters");
	return 0;
}

static bool valid_name(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      strchr("._-@", *s)))
			return false;
	return true;
}

int cmd_user_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"role", required_argument, NULL, 'r'}, {"unit", required_argument, NULL, 'u'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("user", "add");
	const char *rolename = NULL, *unit = NULL, *name;
	char pw[256], hash[SECRET_HASH_MAX];
	struct store *s = NULL;
	struct unit *units;
	size_t n;
	enum role role;
	bool found = false;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'r')
			rolename = optarg;
		else
			unit = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "which user name?");
	name = argv[optind];
	if (!valid_name(name))
		return err_set(PEJL_EINPUT, "user name \"%s\": use 1 to 64 of letters, digits and . _ - @", name);
	if (!rolename)
		return cli_usage(cmd, "--role is required");
	if (!role_parse(&role, rolename))
		return err_set(PEJL_EINPUT, "--role \"%s\" is not one of viewer, analyst, leader, practitioner, admin",
			       rolename);
	if (role_needs_unit(role) && !unit)
		return err_set(PEJL_EINPUT, "a %s needs --unit: the unit whose subtree they work in", rolename);
	if (!role_needs_unit(role) && unit)
		return err_set(PEJL_EINPUT, "a %s sees the whole organisation; --unit is only for leaders and "
					    "practitioners",
			       rolename);
	if ((rc = secret_init()) < 0 || (rc = read_password(pw, sizeof pw)) < 0 || (rc = check_password(pw)) < 0)
		return rc;
	if ((rc = secret_hash_password(hash, pw)) < 0)
		return rc;
	if ((rc = cli_open(&s, c, 0)) < 0)
		goto out;
	if (unit) {
		if ((rc = store_unit_list(&units, &n, s, c->a)) < 0)
			goto out;
		for (size_t i = 0; i < n; i++)
			found |= strcmp(units[i].code, unit) == 0;
		if (!found) {
			rc = err_set(PEJL_ENOTFOUND, "no unit %s", unit);
			goto out;
		}
	}
	if ((rc = store_begin(s)) < 0 || (rc = store_user_add(s, name, role, unit, hash)) < 0 ||
	    (rc = store_audit(s, c->actor, "user.add", name, role_name(role))) < 0 || (rc = store_commit(s)) < 0)
		goto out;
	printf("Added user %s (%s%s%s).\n", name, role_name(role), unit ? ", unit " : "", unit ? unit : "");
out:
	store_close(s);
	return rc;
}

int cmd_user_list(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_find("user", "list");
	struct store *s = NULL;
	struct user *v;
	size_t n;
	int rc;

	(void)argv;
	if (argc != 1)
		return cli_usage(cmd, "no arguments");
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_user_list(&v, &n, s, c->a)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++)
		printf("%-24s %-13s %s%s\n", v[i].name, role_name(v[i].role), v[i].unit ? v[i].unit : "",
		       v[i].disabled ? " (disabled)" : "");
out:
	store_close(s);
	return rc;
}
