/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_ARCH_H
#define CLONETRACE_DECODE_ARCH_H

#include <stdint.h>
#include <stddef.h>

#include "names/signals.h"

/* The syscalls clonetrace stops on, the same names on every architecture. */
enum ct_sysc {
	CT_SYS_CLONE,
	CT_SYS_CLONE3,
	CT_SYS_FORK,
	CT_SYS_VFORK,
	CT_SYS_UNSHARE,
	CT_SYS_SETNS,
	CT_SYS_EXECVE,
	CT_SYS_EXECVEAT,
	CT_SYS_COUNT
};

/*
 * Argument order of the raw clone syscall (clone(2), "C library/kernel
 * differences"; kernel CONFIG_CLONE_BACKWARDS{,2,3}).
 */
enum ct_clone_order {
	CT_CLONE_PLAIN,		/* flags, stack, parent_tid, child_tid, tls (x86-64) */
	CT_CLONE_BACKWARDS,	/* flags, stack, parent_tid, tls, child_tid */
	CT_CLONE_BACKWARDS2,	/* stack, flags, parent_tid, child_tid, tls (s390) */
	CT_CLONE_BACKWARDS3,	/* flags, stack, stack_size, parent_tid, child_tid, tls */
	CT_CLONE_ORDER_COUNT
};

/* Index of each clone argument in the six syscall argument registers; -1: absent. */
struct ct_clone_args_idx {
	int flags, stack, stack_size, parent_tid, child_tid, tls;
};

struct ct_arch {
	const char *name;		/* "x86_64", "i386", "aarch64", ... */
	uint32_t audit_arch;		/* AUDIT_ARCH_*, as in seccomp_data.arch */
	unsigned wordsize;		/* 4 or 8: width of a pointer in the tracee */
	int big_endian;
	enum ct_clone_order clone_order;
	int sig_mips;			/* signal numbers follow MIPS, not the generic table */
	long nr[CT_SYS_COUNT];		/* syscall number, -1 when the arch lacks it */
	/*
	 * Calls stopped on but not recorded as calls: prctl (PR_SET_NAME,
	 * PR_SET_SECCOMP) and seccomp, where a task names itself or installs
	 * a filter of its own; ptrace (PTRACE_TRACEME, ATTACH, SEIZE), which
	 * fails under clonetrace.
	 */
	long nr_prctl, nr_seccomp, nr_ptrace;
};

const struct ct_arch *arch_by_audit(uint32_t audit_arch);
const struct ct_arch *arch_by_name(const char *name);
/* All known architectures; *n receives the count. */
const struct ct_arch *arch_all(size_t *n);
/* enum ct_sysc of syscall number nr on a, or -1. */
int arch_sysc(const struct ct_arch *a, long nr);
const char *sysc_name(int sysc);
const struct ct_clone_args_idx *clone_order_idx(enum ct_clone_order o);
/* How a numbers its signals (names/signals.h); a may be NULL: the generic numbering. */
enum sig_numbering arch_signals(const struct ct_arch *a);

#endif
