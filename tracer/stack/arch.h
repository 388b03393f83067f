/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_ARCH_H
#define CLONETRACE_TRACER_STACK_ARCH_H

/*
 * What differs by host architecture in unwinding a stopped task: one file
 * per architecture, tracer/stack/arch/<arch>.c, each defining all of these
 * (arch.c picks the host's).  The generic code has no #ifdef on the
 * architecture.
 */

#include <stdbool.h>
#include <stdint.h>
#include <libunwind-ptrace.h>

#include "tracer/stack/unwind.h"

/*
 * glibc's clone and clone3 end their unwind info just before the syscall
 * instruction ("in the child the unwind info will be wrong"), vfork pops
 * its return address into a register before it, and libunwind-ptrace reads
 * no unwind info from the [vdso], which is no file: at a creating call's
 * stop the innermost frame often has none.  The leaf walker finds its
 * caller where the architecture's call left it (pc and sp of frame 0
 * given), and sets the caller's pc and sp (UNW_REG_IP, UNW_REG_SP) and the
 * registers the leaf restores with uarg_override; it accepts a caller only
 * in executable memory.  0, or -1 where it can't.
 */
int arch_caller_of_leaf(struct uarg *u, unw_word_t pc, unw_word_t sp);

/* The byte offset of libunwind's register reg in NT_PRSTATUS, or -1 (read it through _UPT). */
int arch_prstatus_offset(unw_regnum_t reg);

/* Whether libunwind's proc info marks code without unwind info in the architecture's own way. */
bool arch_cant_unwind(struct uarg *u, const unw_proc_info_t *pi);

/* Whether a program header of type t holds unwind tables libunwind-ptrace looks up. */
bool arch_unwind_phdr(uint32_t t);
/* Their names, for stack_error. */
extern const char arch_unwind_tables[];

#endif
