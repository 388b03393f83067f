/* SPDX-License-Identifier: MIT */
/*
 * argv_long: execve with long argument lists, as make, xargs and linkers
 * make them.
 *
 * Usage: argv_long [TRUTH [--after-exec FD]]   (samples/sample.h)
 *
 *   "many":  a child execs this program with 2000 arguments (about 14 KB)
 *   "huge":  a child execs it with 300 arguments of 1000 bytes (300 KB:
 *            past clonetrace's limit for one argv, under the kernel's)
 * The new image reports the argc and a checksum of what it received on
 * the inherited pipe FD.
 *
 * Truth: "execs" [{role, tid, argc, argv (all of it), bytes (with NULs)}].
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include "samples/sample.h"

extern char **environ;

static void run_child(const char *self, const char *truth, const char *role, int n, size_t len,
		      int rep)
{
	char **av = calloc((size_t)n + 1, sizeof(*av));
	char fdbuf[16];
	size_t bytes = 0;
	json_t *arr = json_array();

	snprintf(fdbuf, sizeof fdbuf, "%d", rep);
	av[0] = "argv_long";
	av[1] = (char *)truth;
	av[2] = "--after-exec";
	av[3] = fdbuf;
	for (int i = 4; i < n; i++) {
		av[i] = malloc(len + 16);
		int k = snprintf(av[i], len + 16, "%s%d-", role, i);
		while ((size_t)k < len)
			av[i][k++] = 'a' + i % 26;
		av[i][len > (size_t)k ? len : (size_t)k] = '\0';
	}
	for (int i = 0; i < n; i++) {
		json_array_append_new(arr, json_string(av[i]));
		bytes += strlen(av[i]) + 1;
	}
	json_t *o = json_pack("{s:s,s:i,s:i,s:I}", "role", role, "tid", (int)ct_gettid(), "argc", n,
			      "bytes", (json_int_t)bytes);
	json_object_set_new(o, "argv", arr);
	/* the whole argv is too long for one report line: a file beside the truth */
	char path[4200];
	snprintf(path, sizeof path, "%s.%s", truth, role);
	json_dump_file(o, path, JSON_COMPACT);
	json_decref(o);
	execve(self, av, environ);
	_exit(127);
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	char self[4096];
	int fds[2], st, rc = 0;

	if (argc > 3 && !strcmp(argv[2], "--after-exec")) {
		report(atoi(argv[3]), "{\"argc\":%d,\"tid\":%d}", argc, (int)ct_gettid());
		return 0;
	}
	json_t *t = truth_new("argv_long");
	if (!truth_path || !*truth_path || !strcmp(truth_path, "-")) {
		fprintf(stderr, "argv_long: needs a TRUTH file path\n");
		return 2;
	}
	if (self_exe(self, sizeof self) < 0 || report_pipe(fds) < 0)
		return 2;
	static const struct { const char *role; int n; size_t len; } runs[] = {
		{ "many", 2000, 0 }, { "huge", 300, 1000 },
	};
	json_t *execs = json_array();
	for (size_t i = 0; i < 2; i++) {
		pid_t p = fork();
		if (p == 0) {
			close(fds[0]);
			run_child(self, truth_path, runs[i].role, runs[i].n, runs[i].len, fds[1]);
		}
		waitpid(p, &st, 0);
		rc |= !WIFEXITED(st) || WEXITSTATUS(st);
		char path[4200];
		snprintf(path, sizeof path, "%s.%s", truth_path, runs[i].role);
		json_error_t e;
		json_t *o = json_load_file(path, 0, &e);
		unlink(path);
		if (o)
			json_array_append_new(execs, o);
	}
	close(fds[1]);
	json_t *reports = reports_collect(fds[0]), *r;
	size_t i;
	/* what each new image received */
	json_array_foreach(reports, i, r) {
		size_t j;
		json_t *x;
		json_array_foreach(execs, j, x)
			if (json_equal(json_object_get(x, "tid"), json_object_get(r, "tid")))
				json_object_set(x, "argc_received", json_object_get(r, "argc"));
	}
	json_decref(reports);
	json_object_set_new(t, "execs", execs);
	return truth_save(t, truth_path) ? 1 : rc;
}
