/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_UNTRACED_H
#define CLONETRACE_TRACER_UNTRACED_H

/*
 * CLONE_UNTRACED under the seccomp filter (untraced.c): cleared at the
 * call's seccomp stop so that no child escapes with the filter, and the
 * program's clone_args put back once the kernel has read them.
 */

#include <sys/types.h>

struct call;
struct ct_call;
struct tracer;
struct task;
struct untraced;

/* The state of tr->untraced: nothing noted. */
struct untraced *untraced_new(void);
void untraced_free(struct untraced *u);

/* Clears CLONE_UNTRACED in the call c that t, stopped at its entry, makes (decoded: dc). */
void untraced_override(struct tracer *tr, struct task *t, struct call *c, const struct ct_call *dc);
/* Puts the program's clone_args flags back, in the caller's or a child's memory. */
void untraced_restore(struct tracer *tr, struct call *c, pid_t tid);

#endif
