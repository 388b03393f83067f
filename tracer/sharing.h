/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_SHARING_H
#define CLONETRACE_TRACER_SHARING_H

/*
 * What the tasks share, and their namespaces (sharing.c): the pure model
 * (model/) fed from the ptrace events, with /proc and kcmp read only where
 * the flags can't tell, and its answers applied to the tasks.
 */

#include <sys/types.h>

struct call;
struct ct_call;
struct task;
struct tracer;

/* The command's process, or the first attached: instances of its own, what /proc says of it. */
void sharing_root(struct tracer *tr, struct task *t);
/* At the call's entry, what the decoder can't know: names behind fds, where to read back. */
void sharing_call_extras(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_call *dc);
/* At the clone event: the pidfd and parent tid the kernel wrote by now. */
void sharing_readback(struct tracer *tr, struct task *t, struct call *c);
/* Both halves of a birth are in: the child's process, parent, instances and namespaces. */
void sharing_link(struct tracer *tr, struct task *child);
/* An unshare or setns that worked: what t holds now, and setns's "joined". */
void sharing_unshare_setns(struct tracer *tr, struct task *t, struct call *c);
/* A creating call that worked with no clone event: its child (pid value) escaped the tracer. */
void sharing_escaped(struct tracer *tr, struct task *t, struct call *c, pid_t value);
/* A held task let go without its creator's event: what kcmp and /proc say it shares. */
void sharing_orphan(struct tracer *tr, struct task *t);
/*
 * At the end: a child whose first stop never came gets what the flags say,
 * a task dead before its creator's event what its process tells.
 */
void sharing_finish(struct tracer *tr);

#endif
