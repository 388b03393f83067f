/* SPDX-License-Identifier: MIT */
/*
 * clone_errors: each argument combination clone(2) ERRORS documents as
 * invalid, made with the raw clone and clone3 syscalls.
 *
 * Usage: clone_errors [TRUTH]   (truth convention: samples/sample.h)
 *
 * Kernels change: some combinations the page lists are accepted by newer
 * kernels (CLONE_PIDFD with CLONE_THREAD since Linux 6.9; CLONE_NEWUSER or
 * CLONE_NEWPID with CLONE_PARENT since 3.x).  The sample records what each
 * call really returned.  A call that succeeds makes a child that calls
 * exit(0) at once, before touching memory (ct_raw_child_exits()), so even
 * CLONE_VM without a stack is harmless.
 *
 * Truth: "calls" [{"name", "syscall" ("clone"/"clone3"), "flags" (names,
 * clone: without the exit-signal byte), "flags_value", "exit_signal",
 * "size" (clone3), "documented" (the errno clone(2) documents), "rule"
 * (true when a flags rule is broken; false for clone3 size errors),
 * "args_status" (clone3 size cases: what the trace should say; "too_small":
 * the struct is never read, so its flags are unknown there), "result"
 * ({"errno": "EINVAL"} or {"value": N} as it happened)}], "order"
 * (the calls in the order made: the trace's calls are in the same order).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <signal.h>

#include "samples/sample.h"

enum kind { K_CLONE, K_CLONE3 };

static const struct ecase {
	const char *name;
	enum kind kind;
	uint64_t flags;		/* without the exit signal */
	int exit_signal;
	size_t size;		/* clone3: 0 means CLONE_ARGS_SIZE_VER2 */
	int tail;		/* clone3: a non-zero byte past the known struct */
	const char *documented;
	const char *args_status;	/* clone3 size cases */
} cases[] = {
	{ "sighand_without_vm", K_CLONE, CLONE_SIGHAND, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "thread_without_sighand", K_CLONE, CLONE_VM | CLONE_THREAD, 0, 0, 0, "EINVAL", NULL },
	{ "fs_with_newns", K_CLONE, CLONE_FS | CLONE_NEWNS, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "fs_with_newuser", K_CLONE, CLONE_FS | CLONE_NEWUSER, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "newipc_with_sysvsem", K_CLONE, CLONE_NEWIPC | CLONE_SYSVSEM, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "newpid_with_thread", K_CLONE, CLONE_NEWPID | CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, 0, 0, 0, "EINVAL", NULL },
	{ "newuser_with_thread", K_CLONE, CLONE_NEWUSER | CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, 0, 0, 0, "EINVAL", NULL },
	{ "newuser_with_parent", K_CLONE, CLONE_NEWUSER | CLONE_PARENT, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "newpid_with_parent", K_CLONE, CLONE_NEWPID | CLONE_PARENT, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "pidfd_with_thread", K_CLONE, CLONE_PIDFD | CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, 0, 0, 0, "EINVAL", NULL },
	{ "pidfd_with_parent_settid", K_CLONE, CLONE_PIDFD | CLONE_PARENT_SETTID, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "pidfd_with_detached", K_CLONE, CLONE_PIDFD | CLONE_DETACHED, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_detached", K_CLONE3, CLONE_DETACHED, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_sighand_with_clear_sighand", K_CLONE3, CLONE_VM | CLONE_SIGHAND | CLONE_CLEAR_SIGHAND, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_sighand_without_vm", K_CLONE3, CLONE_SIGHAND, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_thread_with_exit_signal", K_CLONE3, CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_parent_with_exit_signal", K_CLONE3, CLONE_PARENT, SIGCHLD, 0, 0, "EINVAL", NULL },
	{ "clone3_pidfd_with_thread", K_CLONE3, CLONE_PIDFD | CLONE_THREAD | CLONE_VM | CLONE_SIGHAND, 0, 0, 0, "EINVAL", NULL },
	{ "clone3_size_63", K_CLONE3, 0, SIGCHLD, 63, 0, "EINVAL", "too_small" },
	{ "clone3_size_63_newpid", K_CLONE3, CLONE_NEWPID, SIGCHLD, 63, 0, "EINVAL", "too_small" },
	{ "clone3_size_4097", K_CLONE3, 0, SIGCHLD, 4097, 0, "E2BIG", "too_big" },
	{ "clone3_size_4104_newpid", K_CLONE3, CLONE_NEWPID, SIGCHLD, 4104, 0, "E2BIG", "too_big" },
	{ "clone3_size_96_nonzero_tail", K_CLONE3, 0, SIGCHLD, 96, 1, "E2BIG", "nonzero_tail" },
};
#define NCASES (sizeof cases / sizeof cases[0])

static int do_call(const struct ecase *c, long *ret)
{
	int pidfd = -1;
	static union {
		struct ct_clone_args a;
		unsigned char bytes[8192];
	} buf;
	memset(&buf, 0, sizeof buf);

	if (!CT_HAVE_SAFE_RAW && (c->flags & CLONE_VM))
		return -1;	/* a success would run the child on our stack */
	if (c->kind == K_CLONE) {
		long flags = (long)(c->flags | (uint64_t)c->exit_signal);
		/* clone: CLONE_PIDFD and CLONE_PARENT_SETTID both write to parent_tid */
		long ptid = (long)(uintptr_t)&pidfd;
#if CT_HAVE_SAFE_RAW
		*ret = ct_raw_child_exits(SYS_clone, CT_RAW_CLONE_ARGS(flags, 0, ptid, 0, 0));
#else
		*ret = syscall(SYS_clone, CT_RAW_CLONE_ARGS(flags, 0, ptid, 0, 0));
		if (*ret == 0)
			_exit(0);
		if (*ret < 0)
			*ret = -errno;
#endif
	} else {
		size_t size = c->size ? c->size : CLONE_ARGS_SIZE_VER2;
		buf.a.flags = c->flags;
		buf.a.exit_signal = (uint64_t)c->exit_signal;
		if (c->flags & CLONE_PIDFD)
			buf.a.pidfd = (uint64_t)(uintptr_t)&pidfd;
		if (c->tail)
			buf.bytes[size - 2] = 1;
#if CT_HAVE_SAFE_RAW
		*ret = ct_raw_child_exits(__NR_clone3, (long)(uintptr_t)&buf, (long)size, 0, 0, 0);
#else
		*ret = syscall(__NR_clone3, &buf, size);
		if (*ret == 0)
			_exit(0);
		if (*ret < 0)
			*ret = -errno;
#endif
	}
	if (*ret > 0 && pidfd >= 0)
		close(pidfd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *truth_path = argc > 1 ? argv[1] : NULL;
	json_t *t = truth_new("clone_errors");
	json_t *calls = json_array();
	int children = 0;

	for (size_t i = 0; i < NCASES; i++) {
		const struct ecase *c = &cases[i];
		long r = 0;
		if (do_call(c, &r) < 0) {
			truth_skip(t, c->name, "no exit-at-once raw clone on this architecture");
			continue;
		}
		json_t *o = json_pack("{s:s,s:s,s:s,s:b}", "name", c->name,
				      "syscall", c->kind == K_CLONE ? "clone" : "clone3",
				      "documented", c->documented, "rule", c->args_status == NULL);
		json_object_set_new(o, "flags", flags_names_new(c->flags));
		json_object_set_new(o, "flags_value", hex_new(c->flags));
		if (c->exit_signal)
			json_object_set_new(o, "exit_signal", json_string("SIGCHLD"));
		else
			json_object_set_new(o, "exit_signal", json_null());
		if (c->kind == K_CLONE3)
			json_object_set_new(o, "size", json_integer(c->size ? (json_int_t)c->size
								    : CLONE_ARGS_SIZE_VER2));
		if (c->args_status)
			json_object_set_new(o, "args_status", json_string(c->args_status));
		if (r < 0) {
			const char *n = strerrorname_np((int)-r);
			json_object_set_new(o, "result", json_pack("{s:s}", "errno", n ? n : "?"));
		} else {
			json_object_set_new(o, "result", json_pack("{s:i}", "value", (int)r));
			children++;
		}
		json_array_append_new(calls, o);
	}

	/*
	 * Reap what unexpectedly came to life (threads reap themselves; a
	 * CLONE_PARENT child belongs to our parent).
	 */
	for (int tries = 0; children && tries < 100; tries++) {
		int st;
		pid_t p = waitpid(-1, &st, __WALL | WNOHANG);
		if (p < 0)
			break;
		if (p == 0)
			usleep(10000);
	}
	json_object_set_new(t, "calls", calls);
	return truth_save(t, truth_path) ? 1 : 0;
}
