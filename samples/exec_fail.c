/* SPDX-License-Identifier: MIT */
/*
 * exec_fail: execve calls that fail, then one that works.
 *
 * Usage: exec_fail [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root ─fork→ child  execve("/nonexistent-clonetrace/nosuch")  ENOENT
 *                      execve("/")                              EACCES
 *                      execve(SELF, [SELF, "", "--exit"])       exits 0
 *
 * The child reports each failed call's errno, as it saw it, on a pipe
 * before its last execve.
 *
 * Truth: "child" (pid), "failures" [{"path", "errno" (name)}] in order,
 * "self" (the path of the execve that works), "exit" ({"code": N}).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <limits.h>

#include "samples/sample.h"

extern char **environ;

static void try_exec(int fd, const char *path)
{
	char *const argv[] = { (char *)"nosuch", NULL };

	execve(path, argv, environ);
	report(fd, "{\"path\":\"%s\",\"errno\":\"%s\"}", path, strerrorname_np(errno));
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : "";
	char self[PATH_MAX];

	if (argc > 2 && !strcmp(argv[2], "--exit"))
		return 0;
	if (self_exe(self, sizeof self) < 0)
		return 2;

	json_t *t = truth_new("exec_fail");
	int rp[2];
	if (report_pipe(rp) < 0)
		return 2;
	fflush(stdout);

	pid_t c = fork();
	if (c < 0)
		return 2;
	if (c == 0) {
		close(rp[0]);
		try_exec(rp[1], "/nonexistent-clonetrace/nosuch");
		try_exec(rp[1], "/");
		close(rp[1]);
		execl(self, self, "", "--exit", (char *)NULL);
		_exit(127);
	}
	close(rp[1]);
	json_t *failures = reports_collect(rp[0]);
	int st;
	waitpid(c, &st, 0);
	json_object_set_new(t, "child", json_integer(c));
	json_object_set_new(t, "failures", failures);
	json_object_set_new(t, "self", json_string(self));
	json_object_set_new(t, "exit", status_json_new(st));
	return truth_save(t, truth_path) < 0 ? 1 : 0;
}
