/* SPDX-License-Identifier: MIT */
/*
 * untraced: CLONE_UNTRACED.  A tracer cannot follow such a child (the
 * kernel does not apply PTRACE_O_TRACECLONE/FORK to it): the child and
 * everything it creates escape.  A plain fork afterwards is traced again.
 *
 * Usage: untraced [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root ─clone(CLONE_UNTRACED|SIGCHLD)→ "escaped" ─fork→ "grandchild" _exit(6)
 *                                         execve("/bin/sh", ["sh", "-c", "exit 4"])
 *        ─fork→ "after" _exit(3)
 *
 * The escaped child must behave as it would untraced: its fork and execve
 * work (a seccomp filter inherited from the tracer that says
 * SECCOMP_RET_TRACE makes them fail with ENOSYS when no tracer is attached).
 *
 * Truth: "escaped" {"pid", "exit" (4 when its execve worked; 5 if not),
 * "exec_errno" (of the failed execve, if it failed), "flags",
 * "flags_value"}, "grandchild" {"pid" (-1 if fork failed), "fork_errno",
 * "exit" (as "escaped" saw it)}, "after" {"pid", "exit"}.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <signal.h>

#include "samples/sample.h"

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("untraced");
	int p[2], st;
	struct { int pid, status, fork_errno, exec_errno; } gc = { 0, 0, 0, 0 };
	int q[2];

	if (pipe2(p, O_CLOEXEC) < 0 || pipe2(q, O_CLOEXEC) < 0)
		return 2;
	fflush(stdout);
	/* fork-like raw clone: the child returns here on a copy of our stack */
	long esc = ct_raw_clone(CLONE_UNTRACED | SIGCHLD, 0, NULL, NULL, 0);
	if (esc == 0) {
		pid_t g = fork();
		if (g == 0)
			_exit(6);
		gc.pid = g;
		gc.fork_errno = g < 0 ? errno : 0;
		if (g > 0)
			waitpid(g, &gc.status, 0);
		if (write(p[1], &gc, sizeof gc) != sizeof gc)
			_exit(1);
		execl("/bin/sh", "sh", "-c", "exit 4", (char *)NULL);
		/* close-on-exec q: a byte there means the execve failed */
		int e = errno;
		if (write(q[1], &e, sizeof e) != sizeof e)
			_exit(1);
		_exit(5);
	}
	if (esc < 0) {
		fprintf(stderr, "clone(CLONE_UNTRACED): %s\n", strerror(errno));
		return 2;
	}
	close(p[1]);
	close(q[1]);
	if (read(p[0], &gc, sizeof gc) != sizeof gc)
		return 3;
	if (read(q[0], &gc.exec_errno, sizeof gc.exec_errno) != sizeof gc.exec_errno)
		gc.exec_errno = 0;
	waitpid((pid_t)esc, &st, 0);
	json_object_set_new(t, "escaped", json_pack("{s:i,s:o,s:o,s:o,s:s?}", "pid", (int)esc,
			    "exit", status_json_new(st), "flags", flags_names_new(CLONE_UNTRACED),
			    "flags_value", hex_new(CLONE_UNTRACED),
			    "exec_errno", gc.exec_errno ? strerrorname_np(gc.exec_errno) : NULL));
	json_object_set_new(t, "grandchild", json_pack("{s:i,s:o,s:s?}", "pid", gc.pid,
			    "exit", gc.pid > 0 ? status_json_new(gc.status) : json_null(),
			    "fork_errno", gc.fork_errno ? strerrorname_np(gc.fork_errno) : NULL));

	pid_t a = fork();
	if (a == 0)
		_exit(3);
	waitpid(a, &st, 0);
	json_object_set_new(t, "after", json_pack("{s:i,s:o}", "pid", a, "exit", status_json_new(st)));
	return truth_save(t, truth_path) ? 1 : 0;
}
