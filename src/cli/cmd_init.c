/*
 * cmd_init.c — `pejl init`: create a database, load a strategy, optionally
 * the demo data.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "io/demo.h"
#include "io/strategy_file.h"
#include "util/diag.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int cmd_init(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"strategy", required_argument, NULL, 's'}, {"demo", no_argument, NULL, 'd'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("init", NULL);
	const char *which = "kk-2014", *name, *data;
	const struct cli_builtin *bi;
	struct strategy_import_result res;
	struct store *s = NULL;
	struct diag d;
	char shown[512];
	bool demo = false;
	struct buf demo_doc = BUF_INIT;
	char *buf;
	size_t len;
	int ch, rc;

	diag_init(&d);
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 's')
			which = optarg;
		else if (ch == 'd')
			demo = true;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((bi = cli_builtin_find(which))) {
		name = bi->name;
		data = bi->data;
		len = bi->len;
	} else if (strchr(which, '/') || strchr(which, '.')) {
		if ((rc = cli_read_file(&buf, &len, c, which, STRATEGY_FILE_MAX + 1)) < 0)
			return rc;
		name = which;
		data = buf;
	} else {
		return err_set(PEJL_ENOTFOUND, "no built-in strategy \"%s\" (built in: %s); give a file path instead",
			       which, cli_builtin_names);
	}
	if (demo && bi && strcmp(bi->name, "kk-2014") == 0) { /* with the demo's computed goals */
		if ((rc = demo_strategy(&demo_doc, c->a, name, data, len, &d)) < 0) {
			diag_print(&d, stderr);
			goto out;
		}
		data = buf_cstr(&demo_doc);
		len = demo_doc.len;
	}
	if ((rc = cli_open(&s, c, STORE_CREATE)) < 0)
		goto out;
	rc = strategy_file_import(&res, s, c->a, name, data, len, c->actor, false, &d);
	if (rc == PEJL_EINPUT) {
		diag_print(&d, stderr);
		goto out;
	}
	if (rc < 0)
		goto out;
	store_url_redact(shown, sizeof shown, c->db);
	if (res.created)
		printf("Loaded strategy %s into %s: %zu goals, %zu units, %zu target groups.\n", res.code, shown,
		       res.ngoals, res.units_added, res.groups_added);
	else
		printf("%s already holds strategy %s; %zu new goal versions added.\n", shown, res.code,
		       res.versions_added);
	if (demo) {
		struct demo_result dr;

		if ((rc = demo_load(&dr, s, c->actor)) < 0)
			goto out;
		printf("Demo data (synthetic): %zu units, %zu measurements, %zu feedback episodes (%zu forms) and "
		       "%zu plans added.\n",
		       dr.units_added, dr.observations_added, dr.episodes_added, dr.forms_added, dr.plans_added);
	}
	rc = 0;
out:
	buf_free(&demo_doc);
	store_close(s);
	diag_free(&d);
	return rc;
}
