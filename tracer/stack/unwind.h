/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_UNWIND_H
#define CLONETRACE_TRACER_STACK_UNWIND_H

/*
 * The libunwind-ptrace glue (unwind.c): the accessors libunwind reads a
 * stopped task through, with its registers and stack pages cached for one
 * capture, and the registers of the innermost frame a leaf walker (arch.h)
 * may replace.  Writes are refused: unwinding must never change the tracee.
 */

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <libunwind-ptrace.h>

#include "tracer/mem.h"

struct sproc;

#define UARG_OVER 16		/* registers a leaf walker may replace */

/*
 * libunwind's arg for every accessor during one capture: the _UPT handle,
 * the task, and an optional replacement of the innermost frame's registers.
 */
struct uarg {
	int magic;
	void *upt;
	unw_addr_space_t as;
	struct sproc *p;	/* the process's cached state (capture.c) */
	pid_t tid, tgid;
	int n_over;
	struct {
		unw_regnum_t reg;
		unw_word_t v;
	} over[UARG_OVER];
	/*
	 * _UPT reads one register or one word per ptrace call; an unwind
	 * reads dozens.  The registers come with one PTRACE_GETREGSET and the
	 * memory a 4 KiB block at a time with process_vm_readv instead
	 * (tracer/mem.h's reader, kept for the capture).
	 */
	int have_regs;
	unsigned char regs[512];
	size_t regs_len;
	struct mem_pages pages;
	struct ct_mem mem;
};

extern unw_accessors_t uarg_accessors;

/* Set u up for tid of tgid (as, p: its process's); 0, or -1 if libunwind can't attach. */
int uarg_init(struct uarg *u, unw_addr_space_t as, struct sproc *p, pid_t tid, pid_t tgid);
void uarg_release(struct uarg *u);
/* A word of the task's memory, a register of its innermost frame: 0, or < 0. */
int uarg_mem(struct uarg *u, unw_word_t addr, unw_word_t *v);
int uarg_reg(struct uarg *u, unw_regnum_t reg, unw_word_t *v);
/* Replace a register of the innermost frame for the next unw_init_remote: 0, or -1 (full). */
int uarg_override(struct uarg *u, unw_regnum_t reg, unw_word_t v);
/* Whether addr lies in executable memory of the task (capture.c, from /proc/PID/maps). */
bool uarg_executable(struct uarg *u, unw_word_t addr);

#endif
