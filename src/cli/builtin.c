/*
 * builtin.c — the strategy files of data/ compiled into the binary by
 * builtin_data.S, found by name.
 */
#include "cli/cli.h"

#include <string.h>

extern const char pejl_builtin_kk_2014[];
extern const char pejl_builtin_kk_2014_end[];

const char *const cli_builtin_names = "kk-2014";

const struct cli_builtin *cli_builtin_find(const char *name)
{
	static struct cli_builtin table[1];

	table[0].name = "kk-2014";
	table[0].data = pejl_builtin_kk_2014;
	table[0].len = (size_t)(pejl_builtin_kk_2014_end - pejl_builtin_kk_2014);
	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}
