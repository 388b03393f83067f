/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_H
#define CLONETRACE_TRACER_STACK_H

/*
 * Creation stacks: the caller's user-space stack at a clone-family call,
 * unwound remotely with libunwind-ptrace (tracer/stack/: unwind.c the
 * libunwind glue, capture.c the per-process caches and the walk, arch/ one
 * file per host architecture, elf.c the ELF reader).  What can be cached is cached per
 * process: libunwind's register-state cache, symbol names by pc, and the
 * parsed /proc/PID/maps, re-read when a pc falls outside every known
 * mapping (clonetrace doesn't see mmap) and dropped at exec and death.
 */

#include <stddef.h>
#include <sys/types.h>

struct stack_record;
struct stacks;

struct stacks *stacks_new(size_t pid_max);
void stacks_free(struct stacks *s);
/* Room for a stack_error message, a path included. */
#define STACK_WHY_MAX 4400
/*
 * The stack of tid (stopped) in process tgid, innermost first, into st
 * (empty; format/record.h): 0 with its frames and st->walked set, and why
 * filled in when the unwind stopped early for a known reason (left alone
 * otherwise); -1 with why (why_len bytes) filled in when there is none.
 */
int stack_capture(struct stacks *s, pid_t tid, pid_t tgid, int depth, struct stack_record *st,
		  char *why, size_t why_len);
/*
 * Complete the stacks captured: a frame gets its source line and inlined
 * calls once its module's DWARF is loaded, which a thread does while the
 * tracer goes on.  Before the stacks are read.
 */
void stacks_settle(struct stacks *s);
/* Forget what is cached for a process (exec, death). */
void stacks_forget(struct stacks *s, pid_t tgid);

#endif
