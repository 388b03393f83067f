/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_LOOP_H
#define CLONETRACE_TRACER_LOOP_H

/* The event loop (loop.c): one handler per kind of stop. */

#include <stdbool.h>

struct tracer;

/*
 * Returns 0 when every tracee is gone, 1 when a signal came (tr->sig->last),
 * 2 when the command's own process has ended, -1 on error.  After 1 or 2
 * it can be called again to go on.  2 comes once for each *root_end_told
 * (false at first), which it sets.
 */
int loop_run(struct tracer *tr, bool *root_end_told);
/*
 * After 2: follows what the command left running for up to ms
 * milliseconds.  0 when nothing is left (or every tracee is gone), 1 when
 * a signal came, 2 when tasks still run at its end, -1 on error.
 */
int loop_grace(struct tracer *tr, int ms);

#endif
