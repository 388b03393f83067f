/* SPDX-License-Identifier: MIT */
/*
 * clone_flags: clone(2) with each sharing flag alone and combined, plus
 * CLONE_PARENT and CLONE_THREAD made from a grandchild so the real parent
 * differs from the caller.
 *
 * Usage: clone_flags [TRUTH]   (truth convention: samples/sample.h)
 *
 *   root ─clone(SIGCHLD)──────────────────────────→ "none"
 *        ─clone(CLONE_VM)─────────────────────────→ "vm"
 *        ─clone(CLONE_FS)─────────────────────────→ "fs"
 *        ─clone(CLONE_FILES)──────────────────────→ "files"
 *        ─clone(CLONE_SIGHAND|CLONE_VM)───────────→ "sighand_vm"
 *        ─clone(CLONE_SYSVSEM)────────────────────→ "sysvsem"
 *        ─clone(CLONE_IO)─────────────────────────→ "io"
 *        ─clone(VM|FS|FILES|SIGHAND|SYSVSEM|IO)───→ "all"
 *        ─fork──→ "mid" ─clone(CLONE_PARENT)──────→ "parent"  (real parent: root)
 *                       ─clone(VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|
 *                              PARENT_SETTID|CHILD_CLEARTID)─→ "thread"
 *                                                  (thread of mid; real parent: root)
 *
 * All but "mid" use glibc's clone() wrapper (the raw clone syscall with the
 * flags unchanged) with their own stack.  Every task creates its I/O
 * context and SysV undo list first (make_io_and_semundo()), says so on a
 * pipe, and waits until the root has taken kcmp of every pair for every
 * type.  Children that share the root's memory run on the root's TLS: they
 * use raw syscalls only.
 *
 * Truth: "tasks" [{"name", "tid" (returned to the creator), "tid_seen"
 * (gettid in the task), "ppid_seen", "creator", "parent" (names; "root"'s
 * are null), "kind", "flags" (names), "flags_value" (without the exit
 * signal byte), "exit_signal", "exit"}], "kcmp" over all tasks (root
 * included; see sample.h).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <linux/futex.h>
#include <sched.h>
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/sem.h>

#include "samples/sample.h"

#define STACK_SIZE (256 * 1024)

enum { C_NONE, C_VM, C_FS, C_FILES, C_SIGHAND, C_SYSVSEM, C_IO, C_ALL, N_DIRECT,
       C_MID = N_DIRECT, C_PARENT, C_THREAD, N_TASKS };

static const struct {
	const char *name;
	long flags;		/* without the exit signal */
} cases[N_TASKS] = {
	[C_NONE] = { "none", 0 },
	[C_VM] = { "vm", CLONE_VM },
	[C_FS] = { "fs", CLONE_FS },
	[C_FILES] = { "files", CLONE_FILES },
	[C_SIGHAND] = { "sighand_vm", CLONE_SIGHAND | CLONE_VM },
	[C_SYSVSEM] = { "sysvsem", CLONE_SYSVSEM },
	[C_IO] = { "io", CLONE_IO },
	[C_ALL] = { "all", CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_SYSVSEM | CLONE_IO },
	[C_MID] = { "mid", -1 },	/* fork(): glibc decides the flags */
	[C_PARENT] = { "parent", CLONE_PARENT },
	[C_THREAD] = { "thread", CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
				 CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID },
};

/* One record per task on the info pipe (fixed size: one atomic write). */
struct info {
	int idx, tid, ppid, err;
	int ret[2];		/* mid: what clone returned for "parent" and "thread" */
};

static int semid = -1;
static int info_w, ready_w, go_r;
static volatile pid_t thread_ctid;	/* mid: CLONE_CHILD_CLEARTID word of "thread" */

/* Runs in every task: raw syscalls only (see the top comment). */
static void checkin(int idx, const int ret[2])
{
	struct info in = { idx, (int)syscall(SYS_gettid), (int)syscall(SYS_getppid), 0, { 0, 0 } };
	char c = 1;
	in.err = make_io_and_semundo(semid);
	if (ret)
		in.ret[0] = ret[0], in.ret[1] = ret[1];
	if (syscall(SYS_write, info_w, &in, sizeof in) < 0 ||
	    syscall(SYS_write, ready_w, &c, 1) < 0)
		return;
	/* blocks until the root has taken kcmp */
	syscall(SYS_read, go_r, &c, 1);
}

static int child_fn(void *arg)
{
	int idx = (int)(intptr_t)arg;
	checkin(idx, NULL);
	return 10 + idx;
}

static void *new_stack(void)
{
	char *s = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	return s == MAP_FAILED ? NULL : s + STACK_SIZE;
}

/* "mid": makes "parent" (CLONE_PARENT) and "thread" (CLONE_THREAD). */
static int mid_main(void)
{
	int ret[2];
	ret[0] = clone(child_fn, new_stack(), (int)cases[C_PARENT].flags | SIGCHLD,
		       (void *)(intptr_t)C_PARENT);
	ret[1] = clone(child_fn, new_stack(), (int)cases[C_THREAD].flags,
		       (void *)(intptr_t)C_THREAD, &thread_ctid, NULL, &thread_ctid);
	checkin(C_MID, ret);
	/* exit_group would kill "thread": wait until the kernel clears its tid */
	while (ret[1] > 0 && thread_ctid)
		syscall(SYS_futex, &thread_ctid, FUTEX_WAIT, thread_ctid, NULL, NULL, 0);
	/*
	 * ... and until it is reaped (by the kernel, or by a tracer): wait(2)
	 * reports a thread's exit as the group's exit code once the group is
	 * exiting, and the truth says "thread" exited with its own code.
	 */
	char task[64];
	snprintf(task, sizeof task, "/proc/self/task/%d", ret[1]);
	for (int i = 0; ret[1] > 0 && i < 5000 && access(task, F_OK) == 0; i++)
		usleep(1000);
	return 10 + C_MID;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("clone_flags");
	int info[2], ready[2], go[2];
	pid_t ret[N_TASKS];

	semid = io_and_semundo_new(t);
	if (pipe2(info, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		return 2;
	info_w = info[1], ready_w = ready[1], go_r = go[0];
	fflush(stdout);

	for (int i = 0; i < N_DIRECT; i++) {
		ret[i] = clone(child_fn, new_stack(), (int)cases[i].flags | SIGCHLD, (void *)(intptr_t)i);
		if (ret[i] < 0) {
			fprintf(stderr, "clone %s: %s\n", cases[i].name, strerror(errno));
			return 2;
		}
	}
	ret[C_MID] = fork();
	if (ret[C_MID] == 0)
		_exit(mid_main());

	/* Each task checks in once: then all of them exist and wait. */
	struct info got[N_TASKS];
	memset(got, 0, sizeof got);
	for (int n = 0; n < N_TASKS; n++) {
		struct info in;
		char c;
		if (read(info[0], &in, sizeof in) != sizeof in || in.idx < 0 || in.idx >= N_TASKS)
			return 3;
		got[in.idx] = in;
		if (read(ready[0], &c, 1) != 1)
			return 3;
	}
	ret[C_PARENT] = got[C_MID].ret[0];
	ret[C_THREAD] = got[C_MID].ret[1];

	pid_t tids[N_TASKS + 1];
	tids[0] = ct_gettid();
	for (int i = 0; i < N_TASKS; i++)
		tids[i + 1] = got[i].tid;
	if (kcmp_available())
		json_object_set_new(t, "kcmp", kcmp_pairs_new(tids, N_TASKS + 1));
	else
		truth_skip(t, "kcmp", "kcmp(2) unavailable: %s", strerror(errno));

	char gobuf[N_TASKS];
	memset(gobuf, 1, sizeof gobuf);
	if (write(go[1], gobuf, sizeof gobuf) != sizeof gobuf)
		return 3;

	/* Reap: the direct children, mid, and "parent" (its real parent is us). */
	int status[N_TASKS];
	for (int i = 0; i < N_TASKS; i++) {
		status[i] = -1;
		if (i != C_THREAD && waitpid(ret[i], &status[i], __WALL) < 0)
			status[i] = -1;
	}

	json_t *tasks = json_array();
	for (int i = 0; i < N_TASKS; i++) {
		int is_mid_child = i == C_PARENT || i == C_THREAD;
		json_t *o = json_pack("{s:s,s:i,s:i,s:i,s:s,s:s,s:s,s:i}",
				      "name", cases[i].name, "tid", ret[i], "tid_seen", got[i].tid,
				      "ppid_seen", got[i].ppid,
				      "creator", is_mid_child ? "mid" : "root",
				      "parent", "root",
				      "kind", i == C_THREAD ? "thread" : "process",
				      "io_semundo_error", got[i].err);
		if (cases[i].flags >= 0) {
			json_object_set_new(o, "flags", flags_names_new((uint64_t)cases[i].flags));
			json_object_set_new(o, "flags_value", hex_new((uint64_t)cases[i].flags));
			if (i == C_THREAD)
				json_object_set_new(o, "exit_signal", json_null());
			else
				json_object_set_new(o, "exit_signal", json_string("SIGCHLD"));
		}
		if (i == C_THREAD)
			json_object_set_new(o, "exit", json_pack("{s:i}", "code", 10 + C_THREAD));
		else
			json_object_set_new(o, "exit", status_json_new(status[i]));
		json_array_append_new(tasks, o);
	}
	json_object_set_new(t, "tasks", tasks);
	if (semid >= 0)
		semctl(semid, 0, IPC_RMID);
	return truth_save(t, truth_path) ? 1 : 0;
}
