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
/* Lets go of every tracee, each signal it had still to be delivered. */
void attach_detach_all(struct tracer *tr);

#endif
