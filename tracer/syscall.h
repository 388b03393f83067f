/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_SYSCALL_H
#define CLONETRACE_TRACER_SYSCALL_H

/*
 * A call's own stops (syscall.c), as the loop hands them over: the
 * seccomp stop of a call the filter stops, and the syscall-entry and
 * syscall-exit stops (PTRACE_SYSCALL); and a call's result, which its
 * exit stop or its clone event tells.
 */

struct call;
struct task;
struct tracer;

/* t stopped at PTRACE_EVENT_SECCOMP: the call is decoded and its record started. */
void syscall_seccomp_stop(struct tracer *tr, struct task *t);
/* t stopped at a syscall-entry or syscall-exit stop (SIGTRAP | 0x80). */
void syscall_stop(struct tracer *tr, struct task *t);
/* c returned value, or failed with err (not 0); the -v stream says so. */
void syscall_result(struct tracer *tr, struct call *c, long long value, int err);

#endif
