/*
 * cmd_serve.c — `pejl serve`: the web application and the JSON API.
 */
#include "cli/cli.h"
#include "cli/opts.h"

#include "util/err.h"
#include "web/web.h"

#include <stdio.h>
#include <stdlib.h>

static void ready(const struct web_config *cfg)
{
	char shown[512];

	store_url_redact(shown, sizeof shown, cfg->db);
	printf("pejl: serving %s on %s://%s:%d/ (%d threads); stop with Ctrl-C or SIGTERM\n", shown,
	       cfg->tls_cert ? "https" : "http", cfg->host, cfg->port, cfg->threads);
	fflush(stdout);
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	static const struct option longopts[] = {{"listen", required_argument, NULL, 'l'},
						  {"config", required_argument, NULL, 'c'},
						  {"threads", required_argument, NULL, 't'},
						  {NULL, 0, NULL, 0}};
	const struct cli_command *cmd = cli_find("serve", NULL);
	const char *listen = NULL, *config = NULL, *threads = NULL;
	struct web_config cfg;
	int ch, rc;

	while ((ch = cli_getopt(cmd, argc, argv, "", longopts)) != -1) {
		if (ch < 0)
			return ch;
		if (ch == 'l')
			listen = optarg;
		else if (ch == 'c')
			config = optarg;
		else
			threads = optarg;
	}
	if (optind != argc)
		return cli_usage(cmd, "unexpected argument \"%s\"", argv[optind]);
	if ((rc = web_config_load(&cfg, c->a, config)) < 0)
		return rc;
	if (c->db_explicit || !config)
		cfg.db = c->db;
	if (threads) {
		int n = atoi(threads);

		if (n < 1 || n > 64)
			return cli_usage(cmd, "--threads is a number from 1 to 64");
		cfg.threads = n;
	}
	if (listen) {
		cfg.listen = listen;
		if ((rc = web_config_load_listen(&cfg)) < 0)
			return rc;
	}
	return web_serve(&cfg, ready);
}
