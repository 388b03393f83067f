/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_DECODE_REGS_H
#define CLONETRACE_DECODE_REGS_H

/*
 * Where a syscall's number and arguments sit in the general registers a
 * tracer reads at a PTRACE_EVENT_CLONE/FORK/VFORK stop (attach mode, where
 * no seccomp stop came first).  PTRACE_GET_SYSCALL_INFO reports nothing at
 * event stops, so the registers are all there is.
 */

#include <stdint.h>
#include <stddef.h>

#include "base/check.h"
#include "decode/arch.h"

/* Bits of regs_syscall()'s result: what could not be recovered. */
enum {
	REGS_NO_NR = 1u << 6,		/* the number is not in this register set */
	/* bit i (0..5): argument i was already overwritten at the event stop */
};

struct ct_regs_layout {
	const char *arch;		/* ct_arch name */
	const char *regset;		/* how to read it: "NT_PRSTATUS", "PTRACE_GETREGS" */
	size_t size;			/* bytes of the register set */
	unsigned width;			/* bytes per register */
	int nr;				/* byte offset of the syscall number, -1 none */
	int arg[6];			/* byte offsets of the arguments */
	int arg0_live;			/* where the syscall itself takes argument 0 when it
					   differs from arg[0] (an orig_ copy is read); -1 same,
					   -2 not in the set: it can't be changed */
	unsigned clobbered;		/* bit i: argument i holds something else by the event stop */
	const char *note;		/* why, in one line */
};

const struct ct_regs_layout *regs_layout(const struct ct_arch *a);
/* The arch whose NT_PRSTATUS set has this size among host's arches (x86_64/i386, aarch64/arm), or NULL. */
const struct ct_arch *regs_arch_by_size(const struct ct_arch *host, size_t size);
/*
 * Reads the syscall number and arguments from a register set of arch a in
 * the tracee's byte order.  Returns a mask of what is missing (REGS_NO_NR,
 * bit i for argument i), or -1 if the set is too short.
 */
int regs_syscall(const struct ct_arch *a, const void *regs, size_t len, long *nr,
		 uint64_t args[6]) CT_MUST_CHECK;

/* Stores v as argument i into a register set of arch a; 0, or -1 if it can't. */
int regs_set_arg(const struct ct_arch *a, void *regs, size_t len, int i, uint64_t v) CT_MUST_CHECK;

#endif
