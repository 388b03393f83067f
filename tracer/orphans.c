/* SPDX-License-Identifier: MIT */
/*
 * New tasks held in their first stop until their creator's event, and let
 * go when none can come (see orphans.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>

#include "base/alloc.h"
#include "tracer/orphans.h"
#include "tracer/procfs.h"
#include "tracer/sharing.h"
#include "tracer/task.h"
#include "tracer/tracer.h"

/* The creating calls in flight, and the tasks held for their creator's event. */
struct orphans {
	size_t n_inflight;		/* calls with inflight set */
	struct task **held;		/* tasks with held set */
	size_t n_held, cap_held;
};

struct orphans *orphans_new(void)
{
	return xcalloc(1, sizeof(struct orphans));
}

void orphans_free(struct orphans *o)
{
	if (o)
		free(o->held);
	free(o);
}

size_t orphans_held(const struct tracer *tr)
{
	return tr->orphans->n_held;
}

/*
 * In-flight creating calls: entered, neither their clone event nor their
 * exit stop seen yet.  A new task's first stop that comes before its
 * creator's event is held until the event; while no creating call is in
 * flight, no event can be coming for it.
 */
void orphans_inflight_begin(struct tracer *tr, struct call *c)
{
	if (!c->inflight && call_creates_task_sysc(c->sysc)) {
		c->inflight = true;
		tr->orphans->n_inflight++;
	}
}

void orphans_inflight_end(struct tracer *tr, struct call *c)
{
	if (c && c->inflight) {
		c->inflight = false;
		tr->orphans->n_inflight--;
	}
}

void orphans_hold(struct tracer *tr, struct task *t)
{
	struct orphans *o = tr->orphans;

	if (t->held)
		return;
	if (o->n_held == o->cap_held) {
		o->cap_held = o->cap_held ? o->cap_held * 2 : 16;
		o->held = xreallocarray(o->held, o->cap_held, sizeof(*o->held));
	}
	t->held = true;
	o->held[o->n_held++] = t;
}

void orphans_unhold(struct tracer *tr, struct task *t)
{
	struct orphans *o = tr->orphans;

	if (!t->held)
		return;
	t->held = false;
	for (size_t i = 0; i < o->n_held; i++)
		if (o->held[i] == t) {
			o->held[i] = o->held[--o->n_held];
			break;
		}
}

/* A task with a live thread in process tgid. */
static bool process_alive(const struct tracer *tr, pid_t tgid)
{
	for (size_t i = tr->records.n_tasks; i-- > 0; )
		if (tr->records.tasks[i]->tgid == tgid && !tr->records.tasks[i]->ended)
			return true;
	return false;
}

/*
 * Can the creator's event still come for held task t?  Its creator may
 * have died between making it and reporting the event (another thread's
 * execve kills every other thread of the process, and a thread with a
 * fatal signal pending reports no ptrace event).  With the filter (or
 * syscall stops) every creating call is seen entering, so an event can
 * come only while one is in flight.  Attached or in light mode, calls are
 * not seen entering: the event can't come once the parent process exec'd
 * (exec_tgid) or has no thread left, which only an exec or a death can
 * change.
 */
static bool event_may_come(const struct tracer *tr, struct task *t, pid_t exec_tgid)
{
	if (!tracer_attached(tr) && tr->mode != MODE_LIGHT)
		return tr->orphans->n_inflight > 0;
	if (!t->held_parent)
		t->held_parent = (pid_t)procfs_status_field(t->tid, "PPid");
	if (t->held_parent <= 0)
		return false;
	return t->held_parent != exec_tgid && process_alive(tr, t->held_parent);
}

/* A held task is let go without its creator's event: creator unknown. */
static void let_go_orphan(struct tracer *tr, struct task *t, const char *why)
{
	orphans_unhold(tr, t);
	debug(tr->opt, "%d: %s: let go", (int)t->tid, why);
	sharing_orphan(tr, t);
	t->linked = true;
	t->orphan = true;
	task_resume(tr, t, PTRACE_CONT, 0);
}

/* Lets go of the held tasks whose creator's event can't come any more. */
void orphans_check(struct tracer *tr, pid_t exec_tgid)
{
	for (size_t i = 0; i < tr->orphans->n_held; ) {
		struct task *t = tr->orphans->held[i];

		if (event_may_come(tr, t, exec_tgid)) {
			i++;
			continue;
		}
		let_go_orphan(tr, t, "no creator's event can come");
	}
}

/*
 * Attached or in light mode no call is seen entering, so nothing says
 * whether a held task's creator is still to report.  But a creator reports
 * its event a few instructions after making the child: when no stop at all
 * came for HELD_IDLE_MS, let go of what is held.  Should the event come
 * after all, the task is adopted then (on_clone_event).
 */
void orphans_release(struct tracer *tr)
{
	while (tr->orphans->n_held) {
		struct task *t = tr->orphans->held[0];

		let_go_orphan(tr, t, "no stop for a while, so no creator's event");
	}
}

void orphans_note(struct tracer *tr)
{
	size_t n = 0;
	char note[400];

	for (size_t i = 0; i < tr->records.n_tasks; i++)
		n += tr->records.tasks[i]->orphan && !tr->records.tasks[i]->creator;
	if (!n)
		return;
	snprintf(note, sizeof(note), "%zu task%s started without a creator's clone event (its "
		 "creator died first, as another thread's execve kills the threads of its "
		 "process): creator and call unknown, parent from /proc, sharing from kcmp(2)",
		 n, n == 1 ? "" : "s");
	json_array_append_new(tr->notes, json_string(note));	/* ours: a count */
}
