/* SPDX-License-Identifier: MIT */
/*
 * vfork: vfork+execve and vfork+_exit.
 *
 * Usage: vfork [TRUTH]   (truth convention: samples/sample.h)
 *
 * The first child execs /bin/true; the second creates its I/O context and
 * SysV undo list (as the parent did before, see make_io_and_semundo()), takes
 * kcmp(self, parent) of each type while it still borrows the parent's
 * memory (the parent is
 * suspended, so the child writes the results into the shared memory the
 * parent reads after vfork returns) and then _exit(9)s.
 *
 * Truth: "exec_child" {"pid", "exit", "exec"}, "exit_child" {"pid", "exit",
 * "pid_seen" (getpid in the child), "kcmp_parent" {"vm": r, ...} (0 = same
 * object as the parent's)}.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <sys/ipc.h>
#include <sys/sem.h>

#include "samples/sample.h"

static volatile long kcmp_res[CT_NKCMP];
static volatile pid_t pid_seen;

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("vfork");
	int st1, st2;
	pid_t parent = getpid();
	int semid = semget(IPC_PRIVATE, 1, 0600);
	if (make_io_and_semundo(semid) < 0)
		truth_skip(t, "io", "ioprio_set/semop: %s", strerror(errno));

	pid_t c1 = vfork();
	if (c1 == 0) {
		execl("/bin/true", "true", (char *)NULL);
		_exit(127);
	}
	if (c1 < 0)
		return 2;
	waitpid(c1, &st1, 0);

	pid_t c2 = vfork();
	if (c2 == 0) {
		pid_seen = (pid_t)syscall(SYS_getpid);
		make_io_and_semundo(semid);
		for (size_t k = 0; k < CT_NKCMP; k++) {
			long r = syscall(SYS_kcmp, pid_seen, parent, ct_kcmp_types[k].type, 0, 0);
			kcmp_res[k] = r;
		}
		_exit(9);
	}
	if (c2 < 0)
		return 2;
	waitpid(c2, &st2, 0);

	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	json_object_set_new(t, "exec_child", json_pack("{s:i,s:o,s:s}", "pid", c1,
			    "exit", status_json_new(st1), "exec", "/bin/true"));
	json_t *k = json_object();
	for (size_t i = 0; i < CT_NKCMP; i++)
		json_object_set_new(k, ct_kcmp_types[i].name, json_integer(kcmp_res[i]));
	json_object_set_new(t, "exit_child", json_pack("{s:i,s:o,s:i,s:o}", "pid", c2,
			    "exit", status_json_new(st2), "pid_seen", pid_seen, "kcmp_parent", k));
	return truth_save(t, truth_path) ? 1 : 0;
}
