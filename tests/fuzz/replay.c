/*
 * replay.c — runs a fuzz target over corpus files without libFuzzer, so
 * `make check` replays every corpus under the sanitizers. Arguments are
 * files or directories; prints one TAP line per input (a crash stops the
 * run, which tests/run counts as a failure).
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int n;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f) {
		printf("not ok %d - %s: cannot open\n", ++n, path);
		return 1;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(size > 0 ? (size_t)size : 1);
	if (size > 0 && fread(data, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(data);
		printf("not ok %d - %s: read error\n", ++n, path);
		return 1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)(size > 0 ? size : 0));
	free(data);
	printf("ok %d - %s\n", ++n, path);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	int failed = 0;

	for (int i = 1; i < argc; i++) {
		struct stat sb;
		DIR *dir;
		struct dirent *e;
		char **names = NULL;
		size_t k = 0;

		if (stat(argv[i], &sb) != 0) {
			printf("not ok %d - %s: missing\n", ++n, argv[i]);
			failed++;
			continue;
		}
		if (!S_ISDIR(sb.st_mode)) {
			failed += run_file(argv[i]);
			continue;
		}
		if (!(dir = opendir(argv[i])))
			continue;
		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			names = realloc(names, (k + 1) * sizeof *names);
			names[k] = malloc(strlen(argv[i]) + strlen(e->d_name) + 2);
			sprintf(names[k], "%s/%s", argv[i], e->d_name);
			k++;
		}
		closedir(dir);
		if (k > 1)
			qsort(names, k, sizeof *names, cmp);
		for (size_t j = 0; j < k; j++) {
			failed += run_file(names[j]);
			free(names[j]);
		}
		free(names);
	}
	printf("1..%d\n", n);
	return failed ? 1 : 0;
}
