/*
 * cmd_units.c — `pejl units list|add|close`.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "core/orgtree.h"
#include "io/csvw.h"
#include "io/jsonw.h"
#include "io/table.h"
#include "util/date.h"
#include "util/err.h"

#include <stdio.h>
#include <string.h>

int cmd_units_list(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
						  {"at", required_argument, NULL, 'a'},
						  {"all", no_argument, NULL, 'A'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("units", "list");
	enum cli_format fmt = FORMAT_TEXT;
	struct store *s = NULL;
	struct buf b = BUF_INIT;
	struct unit *units;
	size_t n, count, *order;
	int *depth, ch, rc;
	bool all = false;
	char today[11];
	const char *at;
	struct date dt;

	date_format(today, date_today());
	at = today;
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'A')
			all = true;
		else if (ch == 'a') {
			if (!date_parse(&dt, optarg))
				return cli_usage(cmd, "--at %s is not a date YYYY-MM-DD", optarg);
			at = optarg;
		} else if (cli_format_parse(&fmt, optarg, 7) < 0)
			return cli_usage(cmd, "unknown format \"%s\"", optarg);
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_unit_list(&units, &n, s, c->a)) < 0)
		goto out;
	order = arena_calloc(c->a, n, sizeof *order);
	depth = arena_calloc(c->a, n, sizeof *depth);
	if (all) {
		for (size_t i = 0; i < n; i++)
			order[i] = i;
		count = n;
	} else {
		count = orgtree_order(units, n, at, order, depth);
	}
	if (fmt == FORMAT_JSON) {
		struct jsonw w;

		jsonw_init(&w, &b, true);
		jsonw_arr_begin(&w);
		for (size_t k = 0; k < count; k++) {
			const struct unit *u = &units[order[k]];

			jsonw_obj_begin(&w);
			jsonw_kstr(&w, "code", u->code);
			jsonw_kstr(&w, "name", u->name);
			jsonw_kstr(&w, "kind", unit_kind_name(u->kind));
			jsonw_kstr(&w, "parent", u->parent);
			jsonw_kstr(&w, "valid_from", u->valid_from);
			jsonw_kstr(&w, "valid_to", u->valid_to);
			if (!all)
				jsonw_kint(&w, "depth", depth[k]);
			jsonw_obj_end(&w);
		}
		jsonw_arr_end(&w);
	} else if (fmt == FORMAT_CSV) {
		struct csvw w;
		static const char *const head[] = {"code", "name", "kind", "parent", "valid_from", "valid_to", NULL};

		csvw_init(&w, &b);
		for (size_t k = 0; head[k]; k++)
			csvw_text(&w, head[k]);
		csvw_end_row(&w);
		for (size_t k = 0; k < count; k++) {
			const struct unit *u = &units[order[k]];

			csvw_text(&w, u->code);
			csvw_text(&w, u->name);
			csvw_text(&w, unit_kind_name(u->kind));
			csvw_text(&w, u->parent);
			csvw_text(&w, u->valid_from);
			csvw_text(&w, u->valid_to);
			csvw_end_row(&w);
		}
	} else {
		static const char *const head[] = {"code", "name", "kind", "parent", "valid", NULL};
		struct table t;

		table_init(&t, head);
		for (size_t k = 0; k < count; k++) {
			const struct unit *u = &units[order[k]];
			char name[600], valid[40];
			const char *row[5] = {u->code, name, unit_kind_label_da(u->kind), u->parent, valid};

			snprintf(name, sizeof name, "%*s%s", 2 * depth[k], "", u->name);
			snprintf(valid, sizeof valid, "%s – %s", u->valid_from, u->valid_to ? u->valid_to : "");
			table_row(&t, row);
		}
		table_render(&t, &b);
		table_free(&t);
	}
	rc = cli_emit(&b, NULL);
out:
	buf_free(&b);
	store_close(s);
	return rc;
}

int cmd_units_add(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"name", required_argument, NULL, 'n'}, {"kind", required_argument, NULL, 'k'},
		{"parent", required_argument, NULL, 'p'}, {"from", required_argument, NULL, 'f'},
		{"to", required_argument, NULL, 't'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("units", "add");
	struct unit u = {0};
	struct store *s = NULL;
	struct date dt;
	char today[11];
	const char *kind = NULL;
	int ch, rc;

	date_format(today, date_today());
	u.valid_from = today;
	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		switch (ch) {
		case 'n': u.name = optarg; break;
		case 'k': kind = optarg; break;
		case 'p': u.parent = optarg; break;
		case 'f': u.valid_from = optarg; break;
		case 't': u.valid_to = optarg; break;
		}
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, optind == argc ? "which unit code?" : "one unit at a time");
	u.code = argv[optind];
	if (!unit_code_valid(u.code))
		return err_set(PEJL_EINPUT, "unit code \"%s\": use 1 to 32 of A-Z a-z 0-9 _ . -", u.code);
	if (!u.name || !*u.name)
		return cli_usage(cmd, "--name is required");
	if (!kind)
		return cli_usage(cmd, "--kind is required");
	if (!unit_kind_parse(&u.kind, kind))
		return err_set(PEJL_EINPUT,
			       "--kind \"%s\" is not one of administration, citizen_centre, centre_community, centre, "
			       "service",
			       kind);
	if (!date_parse(&dt, u.valid_from))
		return err_set(PEJL_EINPUT, "--from \"%s\" is not a real date YYYY-MM-DD", u.valid_from);
	if (u.valid_to && !date_parse(&dt, u.valid_to))
		return err_set(PEJL_EINPUT, "--to \"%s\" is not a real date YYYY-MM-DD", u.valid_to);
	if (u.valid_to && strcmp(u.valid_to, u.valid_from) < 0)
		return err_set(PEJL_EINPUT, "--to %s is before --from %s", u.valid_to, u.valid_from);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_begin(s)) < 0)
		goto out;
	rc = store_unit_put(s, &u);
	if (rc == 1)
		rc = err_set(PEJL_ECONFLICT, "unit %s from %s exists already", u.code, u.valid_from);
	if (rc < 0 || (rc = store_audit(s, c->actor, "unit.add", u.code, u.name)) < 0 || (rc = store_commit(s)) < 0)
		goto out;
	printf("Added unit %s (%s) from %s.\n", u.code, u.name, u.valid_from);
out:
	store_close(s);
	return rc;
}

int cmd_units_close(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"on", required_argument, NULL, 'o'}, {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("units", "close");
	const char *on = NULL;
	struct store *s = NULL;
	struct date dt;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		on = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cmd, "which unit code?");
	if (!on)
		return cli_usage(cmd, "--on DATE is required");
	if (!date_parse(&dt, on))
		return err_set(PEJL_EINPUT, "--on \"%s\" is not a real date YYYY-MM-DD", on);
	if ((rc = cli_open(&s, c, 0)) < 0 || (rc = store_begin(s)) < 0)
		goto out;
	if ((rc = store_unit_close(s, argv[optind], on)) < 0 ||
	    (rc = store_audit(s, c->actor, "unit.close", argv[optind], on)) < 0 || (rc = store_commit(s)) < 0)
		goto out;
	printf("Closed unit %s; its last day is %s.\n", argv[optind], on);
out:
	store_close(s);
	return rc;
}
