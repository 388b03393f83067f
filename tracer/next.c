/* SPDX-License-Identifier: MIT */
/*
 * Which stop the loop takes next, and how it waits for it: by tid where it
 * knows or guesses the task, and at what priority (see next.h).
 */
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "base/alloc.h"
#include "tracer/exits.h"
#include "tracer/next.h"
#include "tracer/options.h"
#include "tracer/orphans.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

/* What the loop knows or guesses of its next stop, and the priority it waits at. */
struct next_state {
	pid_t expect;			/* the tid known to stop next, 0 if none */
	pid_t hint[2];			/* tids that may have stopped already (a new task, its creator) */
	pid_t last_creator;		/* the task whose clone event came last */
	int rt;				/* the loop at real-time priority: 1, 0 not, -1 not permitted */
	uint64_t rate_since;		/* the stop rate's window: its start (now_ns), */
	unsigned long rate_stops;	/* ... tr->stops then, */
	bool stops_often;		/* ... and the last window's verdict */
};

struct next_state *next_new(void)
{
	return xcalloc(1, sizeof(struct next_state));
}

void next_free(struct next_state *n)
{
	free(n);
}

void next_expect(struct tracer *tr, pid_t tid)
{
	tr->next->expect = tid;
}

void next_after_clone(struct tracer *tr, pid_t child, pid_t creator)
{
	tr->next->hint[0] = child;
	tr->next->hint[1] = creator;
	tr->next->last_creator = creator;
}

void next_after_early_child(struct tracer *tr)
{
	tr->next->hint[0] = tr->next->last_creator;
}

/*
 * Tracees from which waiting by tid pays: a walk of waitpid(-1) costs
 * some WALK_NS a tracee, a wait by tid two sigprocmask calls more, a death
 * by tid a recv more.
 */
#define WALK_COSTLY 32
#define WALK_NS 50

/*
 * The stop of a task the loop guesses comes next (a new task, a creator
 * making tasks in a loop), or a death the connector told, else 0.  A
 * waitpid(-1) that finds nothing sleeps and walks every tracee again when
 * woken: for as long as those two walks would take, the guesses are
 * probed again and again instead.  A creator in a loop is at its next
 * clone event within microseconds, and is found with no walk and no
 * wakeup; a wrong guess costs what the walk would have.
 */
static pid_t probe_guesses(struct tracer *tr, int *status)
{
	struct next_state *n = tr->next;
	pid_t guess[2] = { n->hint[0], n->hint[1] }, tid;
	uint64_t until = 0;

	n->hint[0] = n->hint[1] = 0;
	for (;;) {
		for (int i = 0; i < 2; i++) {
			if (!guess[i] || (tid = wait_probe(tr->sig, guess[i], status)) <= 0)
				continue;
			/* the creator may stop next again: looked for at the next wait */
			if (i == 0)
				n->hint[1] = guess[1];
			return tid;
		}
		/* a death the connector told is reaped by its tid, not looked for */
		if ((tid = exits_reap(tr, status)) > 0) {
			n->hint[0] = guess[0];
			n->hint[1] = guess[1];
			return tid;
		}
		if (!guess[0] && !guess[1])
			return 0;
		/* a signal is wait_next()'s to take */
		if (__atomic_load_n(&tr->sig->n_queued, __ATOMIC_ACQUIRE) > 0)
			return 0;
		if (!until)
			until = now_ns(tr) + 2 * WALK_NS * (uint64_t)tr->records.n_by_tid;
		else if (now_ns(tr) >= until)
			return 0;
		sched_yield();
	}
}

/*
 * Where permitted (root, CAP_SYS_NICE), the loop runs at the lowest
 * real-time priority, SCHED_FIFO 1, while few tasks are followed and they
 * stop often: a task that stops wakes clonetrace at once instead of
 * waiting for a program thread's time slice to end, and clonetrace stays
 * where it runs.  Each stop is handled in microseconds, and it sleeps in
 * waitpid between them.  Not with many tasks, where it probes for stops
 * again and again (probe_guesses()): a creator on its CPU would wait for
 * it.  Nor when stops are rare (a build: compilers on every CPU): a woken
 * real-time thread takes the CPU it last ran on, a compiler's, while the
 * CPU of the task that stopped goes idle; at normal priority the
 * scheduler wakes it there.  The program keeps its own scheduling
 * (launched before; SCHED_RESET_ON_FORK for every thread and child of
 * clonetrace's).  One started niced, or with a policy of its own, is left
 * as it is.
 */
static void loop_priority(struct tracer *tr, bool rt)
{
	struct sched_param p = { .sched_priority = rt ? 1 : 0 };
	struct next_state *n = tr->next;

	if (n->rt < 0 || n->rt == rt)
		return;
	/* started with a scheduling of the user's choosing (nice, chrt): kept */
	errno = 0;
	if (!n->rt && ((sched_getscheduler(0) & ~SCHED_RESET_ON_FORK) != SCHED_OTHER ||
			getpriority(PRIO_PROCESS, 0) > 0 || errno)) {
		n->rt = -1;
		return;
	}
	if (sched_setscheduler(0, (rt ? SCHED_FIFO : SCHED_OTHER) | SCHED_RESET_ON_FORK, &p) < 0) {
		debug(tr->opt, "real-time priority: %s", strerror(errno));
		n->rt = -1;
		return;
	}
	n->rt = rt;
	debug(tr->opt, "loop priority: %s after %lu stops (%zu by tid)", rt ? "real-time" : "normal",
	      tr->stops, tr->records.n_by_tid);
}

void next_priority_normal(struct tracer *tr)
{
	loop_priority(tr, false);
	/* for good: what may follow (babysit(), after the trace) is no program's path */
	tr->next->rt = -1;
}

/* Stop rate: a window's length, and the stops in it that make it often (1,000 a second). */
#define RATE_WINDOW_NS 20000000ull
#define RATE_OFTEN 20

/* Did the tasks stop often in the last window?  Often until one has passed. */
static bool stops_often(struct tracer *tr)
{
	struct next_state *n = tr->next;
	uint64_t now = now_ns(tr);

	if (!n->rate_since) {
		n->rate_since = now;
		n->rate_stops = tr->stops;
		n->stops_often = true;
	}
	if (now - n->rate_since < RATE_WINDOW_NS)
		return n->stops_often;
	n->stops_often = (tr->stops - n->rate_stops) * RATE_WINDOW_NS >=
			 RATE_OFTEN * (now - n->rate_since);
	n->rate_since = now;
	n->rate_stops = tr->stops;
	return n->stops_often;
}

/*
 * The next stop: with many tasks, by tid where the loop knows or guesses
 * which comes next, and before waitpid(-1) walks them all.
 */
enum wait_result next_stop(struct tracer *tr, pid_t *tid, int *status)
{
	/* events only: a held task whose creator's event is this late gets no event */
	bool idle = orphans_held(tr) && (tracer_attached(tr) || tr->mode == MODE_LIGHT);
	/* by tid only where waitpid(-1)'s walk would cost more than its syscalls */
	bool many = tr->records.n_by_tid >= WALK_COSTLY;
	pid_t expect = many ? tr->next->expect : 0;

	loop_priority(tr, !many && tr->next->rt >= 0 && stops_often(tr));
	tr->next->expect = 0;
	if (many && !expect && (*tid = probe_guesses(tr, status)) > 0)
		return WAIT_STOP;
	return wait_next(tr->sig, idle, expect, tid, status);
}

