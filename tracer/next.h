/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_NEXT_H
#define CLONETRACE_TRACER_NEXT_H

/*
 * The event loop's next stop (next.c): with many tasks, by tid where the
 * loop knows (tr->expect) or guesses (tr->hint) which comes next, before
 * waitpid(-1) walks them all; with few, the waiting thread at real-time
 * priority where permitted.
 */

#include <sys/types.h>

#include "tracer/wait.h"

struct tracer;

/* The next stop (tid, status), or why there is none: as tracer_wait(). */
enum wait_result next_stop(struct tracer *tr, pid_t *tid, int *status);
/* The loop back at normal priority, for good (it may run at real-time priority while following). */
void loop_priority_normal(struct tracer *tr);

#endif
