/* SPDX-License-Identifier: MIT */
/*
 * The trace's vocabulary as tables (format/vocab.h): flags, namespace kinds,
 * resource kinds.  Values come from the kernel's uapi headers, through
 * decode/compat.h for those newer than the build host's.
 */
#include <string.h>
#include <linux/kcmp.h>

#include "decode/compat.h"
#include "format/vocab.h"

#define C FLAGS_CLONE
#define U FLAGS_UNSHARE
#define S FLAGS_SETNS
#define F(v, sets) { (uint64_t)(v), #v, (sets) }

/* include/uapi/linux/sched.h and fcntl.h, in bit order. */
const struct ct_flag ct_flags[] = {
	/* 0x80 is in the exit-signal byte of clone(); unshare and clone3 mean CLONE_NEWTIME */
	F(CLONE_NEWTIME, C | U | S),
	F(CLONE_VM, C | U),
	{ CT_AT_SYMLINK_NOFOLLOW, "AT_SYMLINK_NOFOLLOW", FLAGS_EXECVEAT },
	F(CLONE_FS, C | U),
	F(CLONE_FILES, C | U),
	F(CLONE_SIGHAND, C | U),
	F(CLONE_PIDFD, C | U),
	{ CT_AT_EMPTY_PATH, "AT_EMPTY_PATH", FLAGS_EXECVEAT },
	F(CLONE_PTRACE, C | U),
	F(CLONE_VFORK, C | U),
	F(CLONE_PARENT, C | U),
	F(CLONE_THREAD, C | U),
	F(CLONE_NEWNS, C | U | S),
	F(CLONE_SYSVSEM, C | U),
	F(CLONE_SETTLS, C | U),
	F(CLONE_PARENT_SETTID, C),
	/* unshare(2), Linux 7.1: the bit clone() uses for CLONE_PARENT_SETTID */
	F(UNSHARE_EMPTY_MNTNS, U),
	F(CLONE_CHILD_CLEARTID, C | U),
	F(CLONE_DETACHED, C | U),
	F(CLONE_UNTRACED, C | U),
	F(CLONE_CHILD_SETTID, C | U),
	F(CLONE_NEWCGROUP, C | U | S),
	F(CLONE_NEWUTS, C | U | S),
	F(CLONE_NEWIPC, C | U | S),
	F(CLONE_NEWUSER, C | U | S),
	F(CLONE_NEWPID, C | U | S),
	F(CLONE_NEWNET, C | U | S),
	F(CLONE_IO, C | U),
	/* 64-bit: clone3 only, clone() passes an unsigned long cut to 32 bits */
	F(CLONE_CLEAR_SIGHAND, C),
	F(CLONE_INTO_CGROUP, C),
	F(CLONE_AUTOREAP, C),
	F(CLONE_NNP, C),
	F(CLONE_PIDFD_AUTOKILL, C),
	F(CLONE_EMPTY_MNTNS, C),
	{ 0, NULL, 0 }
};

uint64_t flags_walk(unsigned set, uint64_t v, void (*f)(void *ctx, const char *name), void *ctx)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && (v & x->val) == x->val) {
			f(ctx, x->name);
			v &= ~x->val;
		}
	return v;
}

const char *flag_name(unsigned set, uint64_t v)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && x->val == v)
			return x->name;
	return NULL;
}

uint64_t flag_value(unsigned set, const char *name)
{
	for (const struct ct_flag *x = ct_flags; x->name; x++)
		if (x->sets & set && strcmp(x->name, name) == 0)
			return x->val;
	return 0;
}

const struct ct_ns_kind ct_ns[NS_COUNT] = {
	[NS_CGROUP] = { "cgroup", CLONE_NEWCGROUP, NS_CGROUP },
	[NS_IPC] = { "ipc", CLONE_NEWIPC, NS_IPC },
	[NS_MNT] = { "mnt", CLONE_NEWNS, NS_MNT },
	[NS_NET] = { "net", CLONE_NEWNET, NS_NET },
	/* a task's PID and time namespaces are fixed at birth: the creator's *_for_children */
	[NS_PID] = { "pid", CLONE_NEWPID, NS_PID_FOR_CHILDREN },
	[NS_PID_FOR_CHILDREN] = { "pid_for_children", CLONE_NEWPID, NS_PID_FOR_CHILDREN },
	[NS_TIME] = { "time", CLONE_NEWTIME, NS_TIME_FOR_CHILDREN },
	[NS_TIME_FOR_CHILDREN] = { "time_for_children", CLONE_NEWTIME, NS_TIME_FOR_CHILDREN },
	[NS_USER] = { "user", CLONE_NEWUSER, NS_USER },
	[NS_UTS] = { "uts", CLONE_NEWUTS, NS_UTS },
};

int ns_by_name(const char *name)
{
	for (int k = 0; k < NS_COUNT; k++)
		if (strcmp(name, ct_ns[k].name) == 0)
			return k;
	return -1;
}

uint64_t ns_flags_all(void)
{
	uint64_t f = 0;

	for (int k = 0; k < NS_COUNT; k++)
		f |= ct_ns[k].flag;
	return f;
}

const struct ct_res_kind ct_res[R_COUNT] = {
	[R_VM] = { "vm", CLONE_VM, KCMP_VM },
	[R_FILES] = { "files", CLONE_FILES, KCMP_FILES },
	[R_FS] = { "fs", CLONE_FS, KCMP_FS },
	[R_SIGHAND] = { "sighand", CLONE_SIGHAND, KCMP_SIGHAND },
	[R_SYSVSEM] = { "sysvsem", CLONE_SYSVSEM, KCMP_SYSVSEM },
	[R_IO] = { "io", CLONE_IO, KCMP_IO },
	/* kcmp(2) has no type for the thread group: /proc's Tgid tells */
	[R_TGROUP] = { "thread_group", CLONE_THREAD, -1 },
};

int res_by_name(const char *name)
{
	for (int k = 0; k < R_COUNT; k++)
		if (strcmp(name, ct_res[k].name) == 0)
			return k;
	return -1;
}
