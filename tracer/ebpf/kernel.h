/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EBPF_KERNEL_H
#define CLONETRACE_TRACER_EBPF_KERNEL_H

/*
 * The kernel's structures as probe.bpf.c reads them: only the fields it
 * reads, each marked preserve_access_index so that clang records a CO-RE
 * relocation and libbpf fixes every offset against the running kernel's
 * BTF (/sys/kernel/btf/vmlinux) at load time.  So nothing here needs to
 * match any kernel's layout, and the build needs no BTF: a field that
 * moved is found where it is, one that is gone fails the load (or is
 * asked about with bpf_core_field_exists()).
 */

#include <linux/types.h>
#include <linux/bpf.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 pid_t;
typedef _Bool bool;
#define true 1
#define false 0

#define CORE __attribute__((preserve_access_index))

struct ns_common {
	unsigned int inum;
} CORE;

struct uts_namespace { struct ns_common ns; } CORE;
struct ipc_namespace { struct ns_common ns; } CORE;
struct mnt_namespace { struct ns_common ns; } CORE;
struct pid_namespace { struct ns_common ns; } CORE;
struct net { struct ns_common ns; } CORE;
struct time_namespace { struct ns_common ns; } CORE;
struct cgroup_namespace { struct ns_common ns; } CORE;
struct user_namespace { struct ns_common ns; } CORE;

struct nsproxy {
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct pid_namespace *pid_ns_for_children;
	struct net *net_ns;
	struct time_namespace *time_ns;
	struct time_namespace *time_ns_for_children;
	struct cgroup_namespace *cgroup_ns;
} CORE;

struct upid {
	int nr;
	struct pid_namespace *ns;
} CORE;

struct pid {
	unsigned int level;
	struct upid numbers[1];
} CORE;

struct cred {
	struct user_namespace *user_ns;
} CORE;

struct signal_struct {
	struct task_struct *group_exec_task;
} CORE;

struct mm_struct {
	unsigned long arg_start, arg_end;
} CORE;

struct super_block {
	__u32 s_dev;
} CORE;

struct inode {
	unsigned long i_ino;
	struct super_block *i_sb;
} CORE;

struct file {
	struct inode *f_inode;
} CORE;

struct linux_binprm {
	struct file *file;
	const char *filename;
	const char *interp;
} CORE;

/* x86: TS_COMPAT in status marks a 32-bit (int 0x80, ia32) syscall */
struct thread_info {
	__u32 status;
} CORE;

#define PF_KTHREAD 0x00200000	/* a kernel thread */

struct task_struct {
	struct thread_info thread_info;
	unsigned int flags;
	int pid, tgid;
	char comm[16];
	int exit_code;
	struct task_struct *real_parent;
	struct pid *thread_pid;
	const struct cred *cred;
	struct nsproxy *nsproxy;
	struct signal_struct *signal;
	struct mm_struct *mm;
} CORE;

/* The kernel's struct pt_regs as it begins: what probe.bpf.c copies whole. */
struct pt_regs;

#endif
