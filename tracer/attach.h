/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_ATTACH_H
#define CLONETRACE_TRACER_ATTACH_H

/* record -p (attach.c): attaching to running processes and letting them go. */

#include <sys/types.h>

struct tracer;

/*
 * Seizes every thread of the n processes (with --tree, of their
 * descendants too) and records them as pre-existing tasks.  0, or -1 with
 * tr->err saying why; attach_detach_all() lets go of what was seized either way.
 */
int attach_all(struct tracer *tr, const pid_t *pids, int n);
/*
 * How a thread of an attached process is taken: ptrace-seized (attach_all),
 * or followed by the BPF probes (record --ebpf -p).  0 taken, 1 gone
 * meanwhile, -1 failed (errno); total counts the process's threads taken.
 */
typedef int (*attach_take_fn)(struct tracer *tr, pid_t pid, pid_t tid, int total, void *ctx);
/*
 * attach_all()'s work with another way of taking each thread: every thread
 * of the n processes (with --tree, of their descendants too), taken and
 * recorded as pre-existing tasks, what they share from kcmp(2).  0, or -1
 * with tr->err saying why.
 */
int attach_take(struct tracer *tr, const pid_t *pids, int n, attach_take_fn take, void *ctx);
/* Lets go of every tracee, each signal it had still to be delivered. */
void attach_detach_all(struct tracer *tr);

#endif
