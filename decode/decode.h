/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_DECODE_H
#define CLONETRACE_DECODE_DECODE_H

/*
 * The decoder is pure: an architecture, a syscall number, six argument
 * registers and a way to read tracee memory in; a decoded call out.
 * No ptrace, no /proc, no I/O.
 */

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include "arch.h"
#include "base/check.h"

/* Reads len bytes at addr of the tracee into buf; 0 on success, -1 if unreadable. */
struct ct_mem {
	int (*read)(void *ctx, uint64_t addr, void *buf, size_t len);
	void *ctx;
};

/* How the clone3 struct clone_args could be read. */
enum ct_cargs {
	CT_CARGS_OK,
	CT_CARGS_UNREADABLE,	/* pointer could not be read */
	CT_CARGS_TOO_SMALL,	/* size < CLONE_ARGS_SIZE_VER0: kernel says EINVAL */
	CT_CARGS_TOO_BIG,	/* size > PAGE_SIZE: kernel says E2BIG */
	CT_CARGS_NONZERO_TAIL,	/* bytes past what we know are not zero: kernel says E2BIG */
};

#define CT_MAX_SET_TID 32	/* MAX_PID_NS_LEVEL */
/*
 * execve's argv is kept up to CT_ARGV_BYTES bytes of strings (each counted
 * with its NUL): the kernel's limit for one string (MAX_ARG_STRLEN).  What
 * goes past is cut, mid-string if need be, and sets argv_truncated.
 */
#define CT_ARGV_BYTES (128 * 1024)
#define CT_MAX_STR 4096		/* bytes kept of a path */

/*
 * Bits of ct_call.has: which fields the call carries, and for clone and
 * clone3 only those its flags give a meaning (clone_args_meaning()).
 */
enum {
	CT_HAS_FLAGS = 1u << 0,
	CT_HAS_STACK = 1u << 1,
	CT_HAS_STACK_SIZE = 1u << 2,
	CT_HAS_PARENT_TID = 1u << 3,
	CT_HAS_CHILD_TID = 1u << 4,
	CT_HAS_TLS = 1u << 5,
	CT_HAS_PIDFD = 1u << 6,
	CT_HAS_SET_TID = 1u << 7,
	CT_HAS_CGROUP = 1u << 8,
	CT_HAS_EXIT_SIGNAL = 1u << 9,
};

struct ct_call {
	const struct ct_arch *arch;
	long nr;
	uint64_t raw[6];		/* argument registers as given */
	int sysc;			/* enum ct_sysc */
	unsigned has;			/* CT_HAS_* */

	/* clone, clone3, fork, vfork; unshare flags; setns nstype */
	uint64_t flags;			/* clone: without the exit-signal byte */
	uint64_t stack, stack_size, parent_tid, child_tid, tls, pidfd, cgroup;
	int exit_signal;		/* clone/clone3 exit signal number */

	/* clone3 */
	enum ct_cargs cargs;
	uint64_t cargs_addr, cargs_size;
	uint64_t tail_offset;		/* first non-zero byte past the known struct */
	uint64_t set_tid_addr, set_tid_size;
	uint64_t exit_signal_raw;	/* clone3: cl_args.exit_signal, all 64 bits as given */
	int32_t *set_tid;		/* [n_set_tid], owned; NULL when none was read */
	int n_set_tid;
	int set_tid_unreadable;

	/* setns */
	int fd;

	/* execve, execveat */
	int dirfd;			/* AT_FDCWD for execve */
	int at_flags;			/* execveat flags (not in flags: AT_EMPTY_PATH == CLONE_PIDFD) */
	int argc;
	char *path;			/* NULL if unreadable */
	char **argv;			/* NULL-terminated; NULL if unreadable */
	bool argv_truncated;
};

/*
 * Decodes syscall nr of arch a with arguments args into *out.  mem may be
 * NULL (nothing is read from the tracee then).  Returns 0, or -1 when nr is
 * not a call clonetrace decodes on a.  Release with call_release().
 */
int decode_call(const struct ct_arch *a, long nr, const uint64_t args[6],
		const struct ct_mem *mem, struct ct_call *out) CT_MUST_CHECK;
void call_release(struct ct_call *c);

/* True for clone, clone3, fork and vfork. */
bool call_creates_task(const struct ct_call *c);
/* The same, of an enum ct_sysc. */
bool call_creates_task_sysc(int sysc);

/*
 * One strace-like line, without the result:
 * clone3({flags=CLONE_VM|CLONE_FS|..., exit_signal=0, stack=0x7f.., ...}, 88)
 * Writes at most n bytes including the NUL; returns the length it wanted.
 */
int call_format(const struct ct_call *c, char *buf, size_t n);

/*
 * Reading tracee memory in the tracee's layout (decode/mem.c), for the
 * decoders and for callers that want the same view.
 */
/* Converts width (1, 2, 4 or 8) bytes at p in a's byte order. */
uint64_t mem_load_uint(const struct ct_arch *a, const void *p, unsigned width);
/* Reads an unsigned integer of width bytes at addr; 0, or -1 if unreadable (or m is NULL). */
int mem_read_uint(const struct ct_mem *m, const struct ct_arch *a, uint64_t addr,
		  unsigned width, uint64_t *out) CT_MUST_CHECK;
/* A new copy of the NUL-terminated string at addr, at most max bytes kept; NULL if unreadable. */
char *mem_read_str(const struct ct_mem *m, uint64_t addr, size_t max) CT_MUST_CHECK;
/* The same; *cut (if cut is not NULL) says whether the string went on past max bytes. */
char *mem_read_str_cut(const struct ct_mem *m, uint64_t addr, size_t max, bool *cut) CT_MUST_CHECK;

/* The decoders behind decode_call(); out already has arch, sysc, nr and raw[]. */
void decode_clone3(const struct ct_mem *mem, struct ct_call *out);
void decode_exec(const struct ct_mem *mem, struct ct_call *out);
/* Drops from out->has the clone arguments out->flags give no meaning. */
/* rules.c: drops the arguments its flags give no meaning to. */
void clone_args_meaning(struct ct_call *out);

#endif
