/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_NEXT_H
#define CLONETRACE_TRACER_NEXT_H

/*
 * The event loop's next stop (next.c): with many tasks, by tid where the
 * loop knows (next_expect()) or guesses (next_after_clone()) which comes
 * next, before waitpid(-1) walks them all; with few, the waiting thread at
 * real-time priority where permitted.
 */

#include <sys/types.h>

#include "tracer/wait.h"

struct next_state;
struct tracer;

/* The state of tr->next: nothing expected, normal priority. */
struct next_state *next_new(void);
void next_free(struct next_state *n);
/* tid will stop next: a creator resumed from its clone's seccomp stop. */
void next_expect(struct tracer *tr, pid_t tid);
/*
 * A clone event of creator's: its child (0 if it stopped already) and the
 * creator itself may stop before long.
 */
void next_after_clone(struct tracer *tr, pid_t child, pid_t creator);
/* A child stopped before its creator's event: the last creator is likely at it. */
void next_after_early_child(struct tracer *tr);
/* The next stop (tid, status), or why there is none: as wait_next(). */
enum wait_result next_stop(struct tracer *tr, pid_t *tid, int *status);
/* The loop back at normal priority, for good (it may run at real-time priority while following). */
void next_priority_normal(struct tracer *tr);

#endif
