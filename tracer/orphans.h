/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_ORPHANS_H
#define CLONETRACE_TRACER_ORPHANS_H

/*
 * A new task's first stop can come before its creator's clone event (or
 * the event never comes: the creator died first, as another thread's
 * execve kills the threads of its process).  Such a task is held in its
 * stop until the event, or let go when it is clear none can come: with the
 * filter, when no creating call is in flight; attached or in light mode,
 * when its parent process exec'd or is gone, or no stop came for
 * HELD_IDLE_MS.  A task let go that way has no creator ("orphan"); a late
 * event still adopts it.
 */

#include <stddef.h>
#include <sys/types.h>

struct call;
struct orphans;
struct task;
struct tracer;

/*
 * How long a held task waits for its creator's event with no stop at all
 * meanwhile: on a loaded machine a creator can wait that long for a CPU
 * between making the child and reporting its event (20 ms was seen to be
 * too short while tests ran in parallel).
 */
#define HELD_IDLE_MS 100

/* The state of tr->orphans: nothing in flight, nothing held. */
struct orphans *orphans_new(void);
void orphans_free(struct orphans *o);
/* How many tasks are held. */
size_t orphans_held(const struct tracer *tr);
/* A creating call was entered (counted in flight) / its event, exit or the caller's death came. */
void orphans_inflight_begin(struct tracer *tr, struct call *c);
void orphans_inflight_end(struct tracer *tr, struct call *c);
/* t stays in its first stop until its creator's event (link) or orphans_*(). */
void orphans_hold(struct tracer *tr, struct task *t);
void orphans_unhold(struct tracer *tr, struct task *t);
/* Lets go of the held tasks no event can come for; exec_tgid: a process that just exec'd. */
void orphans_check(struct tracer *tr, pid_t exec_tgid);
/* Attached or light, after HELD_IDLE_MS without a stop: lets go of every held task. */
void orphans_release(struct tracer *tr);
/* The tasks let go without their creator's event, said once in meta.notes. */
void orphans_note(struct tracer *tr);

#endif
