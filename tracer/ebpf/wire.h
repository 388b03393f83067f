/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EBPF_WIRE_H
#define CLONETRACE_TRACER_EBPF_WIRE_H

/*
 * What probe.bpf.c sends through its ring buffer, and the user side reads
 * (events.c): raw facts only, the kernel's numbers and bytes as they are.
 * Compiled by both sides (clang -target bpf, and cc), so fixed-width
 * types only and no pointers.
 */

#include <linux/types.h>

enum ebpf_event_kind {
	EBPF_EV_NEW = 1,	/* a task was made (sched_process_fork): its creator's call */
	EBPF_EV_EXEC,		/* an execve worked (sched_process_exec) */
	EBPF_EV_EXIT,		/* a task exited (sched_process_exit) */
	EBPF_EV_RENAME,		/* a task's comm changed (task_rename) */
	EBPF_EV_WROTE,		/* the creator's call wrote its values back (sched_wakeup_new) */
};

/* The kernel's struct pt_regs copied from its start: x86_64's 21 registers, arm64's 34 */
#define EBPF_REGS_BYTES (34 * 8)
/* clone3's struct clone_args copied up to this size (the kernel knows 88 bytes) */
#define EBPF_CARGS_BYTES 512
#define EBPF_SET_TID_BYTES (32 * 4)
#define EBPF_NS_KINDS 10	/* names/ns.h's enum ns_kind, in its order */
#define EBPF_MAX_LEVELS 33	/* MAX_PID_NS_LEVEL + 1 */
#define EBPF_PATH_BYTES 4096
#define EBPF_ARGV_BYTES 16384

struct ebpf_head {
	__u32 kind;
	__u32 tid;		/* the task the event is about (the child's for EBPF_EV_NEW) */
	__u64 time_ns;		/* CLOCK_MONOTONIC */
};

struct ebpf_new {
	struct ebpf_head h;
	__u32 creator, creator_tgid;	/* current, in its call */
	__u32 tgid, parent;		/* the child's process and parent (real_parent) */
	__u32 compat;			/* a 32-bit call (x86: TS_COMPAT) */
	__u32 levels;			/* nspid[] holds levels (pid->level + 1) */
	__s32 nspid[EBPF_MAX_LEVELS];	/* the child's tid in each PID namespace, outermost first */
	__u32 ns[EBPF_NS_KINDS];	/* the child's namespace inodes, 0 unread */
	char comm[16];			/* the child's, at creation */
	__u64 cargs_addr, set_tid_addr;	/* what cargs and set_tid hold, 0 none */
	__u32 cargs_len, set_tid_len;	/* bytes read there; 0 unreadable */
	__u8 regs[EBPF_REGS_BYTES];	/* the creator's user registers at syscall entry */
	__u8 cargs[EBPF_CARGS_BYTES];
	__u8 set_tid[EBPF_SET_TID_BYTES];
};

/*
 * Sent at its own length: the strings packed in data[], argv's first (as
 * many bytes as the kernel copied, up to EBPF_ARGV_BYTES - 1), so that an
 * ordinary execve takes a few hundred bytes of the ring, not 24 KiB.
 */
struct ebpf_exec {
	struct ebpf_head h;
	__u32 old_tid;			/* the thread that called execve, before it took the leader's tid */
	__u32 compat;
	__u32 argv_cut;			/* the strings went on past what data[] keeps */
	__u32 argv_len;			/* data[0..]: the new program's argument strings, each with its NUL */
	__u32 filename_len;		/* then bprm->filename, NUL included: the path as given
					   (execveat with an fd: /dev/fd/N...) */
	__u32 interp_len;		/* then bprm->interp: the program run, a script's interpreter */
	__u64 exe_ino;			/* the program's inode and device */
	__u32 exe_dev;
	__u32 pad;
	char comm[16];			/* the name execve gave */
	__u8 regs[EBPF_REGS_BYTES];	/* the syscall's registers (the number: execve or execveat) */
	char data[EBPF_ARGV_BYTES + 2 * EBPF_PATH_BYTES];
};

struct ebpf_exit {
	struct ebpf_head h;
	__s32 code;			/* task->exit_code: a wait status */
	__u32 by_exec;			/* a leader replaced by its thread that called execve */
};

/*
 * What the creating call wrote to its caller's memory (CLONE_PIDFD's fd,
 * CLONE_PARENT_SETTID's tid) is there by the time the child is first
 * woken: the 4 bytes behind each argument register (probe.bpf.c's
 * arg_slots) and each 8-byte word
 * of clone3's struct clone_args, whichever the decoded call names.
 */
#define EBPF_ARG_REGS 9		/* the struct pt_regs slots that may hold an argument */
#define EBPF_WORDS (EBPF_ARG_REGS + 11)
struct ebpf_wrote {
	struct ebpf_head h;		/* the child's tid */
	__u64 addr[EBPF_WORDS];		/* the argument registers, then the struct's words */
	__s32 value[EBPF_WORDS];
	__u32 read;			/* bit i: value[i] was read at addr[i] */
	__u32 pad;
};

struct ebpf_rename {
	struct ebpf_head h;
	__u32 by;			/* the task that renamed it */
	__u32 pad;
	char comm[16];
};

#endif
