/* SPDX-License-Identifier: MIT */
/*
 * The event loop: one waitpid(__WALL) at a time, every stop handled and the
 * task resumed.  Tasks run under PTRACE_CONT; only a call whose result
 * can't come from its clone event (failure, CLONE_UNTRACED, unshare, setns,
 * a caller in another PID namespace) is resumed with PTRACE_SYSCALL, for
 * one syscall-exit stop.  In syscall mode (no seccomp) every resume is
 * PTRACE_SYSCALL.  The task events (clone, first stop, exec, death) are
 * handled here; a call's own stops (seccomp, syscall entry and exit) by
 * syscall.c.
 */
#include <signal.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "decode/decode.h"
#include "format/record.h"
#include "tracer/entry.h"
#include "tracer/execs.h"
#include "tracer/exits.h"
#include "tracer/live.h"
#include "tracer/loop.h"
#include "tracer/next.h"
#include "tracer/orphans.h"
#include "tracer/procfs.h"
#include "tracer/renames.h"
#include "tracer/sharing.h"
#include "tracer/stack.h"
#include "tracer/syscall.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"
#include "tracer/wait.h"
#include "tracer/watch.h"

/* Both halves of a birth are in: the creator's event and the child's first stop. */
static void link_child(struct tracer *tr, struct task *child)
{
	bool dead = child->ended;

	orphans_unhold(tr, child);
	sharing_link(tr, child);
	child->linked = true;
	if (dead)
		return;
	task_resume(tr, child, PTRACE_CONT, 0);
	/* light: a vfork child execs next, and its exec event reads /proc while it waits */
	if (tr->mode == MODE_LIGHT && !child->thread && child->call && child->call->flags & CLONE_VFORK)
		procfs_warm_exec(child->tid, true);
}

static void on_clone_event(struct tracer *tr, struct task *t)
{
	unsigned long msg = 0;
	struct call *c = t->pending;
	struct task *child;
	bool need_exit, adopted;
	/* the child is born by now: once resumed, its creator may rename it */
	uint64_t born = now_ns(tr);

	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg) < 0 || msg == 0) {
		/*
		 * Killed at its event (another thread's execve, SIGKILL): it
		 * left the stop, so the child's tid can't be read.  The child
		 * comes as one whose creator's event never came; the creator's
		 * death is the next thing waited for.  (Resumed all the same,
		 * should it still be stopped: never left holding a task.)
		 */
		debug(tr->opt, "%d: clone event with no child's tid", (int)t->tid);
		task_resume(tr, t, PTRACE_CONT, 0);
		return;
	}
	if (!c)
		c = entry_from_regs(tr, t);
	if (!c) {
		/* nothing decodable: record what the event tells */
		c = task_call_new(tr, t);
		c->sysc = CT_SYS_CLONE;
		c->flags_lost = true;
		c->rec.flags_lost = true;	/* and not decoded: "syscall": "unknown" */
		t->pending = c;
	}
	c->got_event = true;
	orphans_inflight_end(tr, c);
	/* the kernel has copied struct clone_args by now */
	untraced_restore(tr, c, t->tid);
	sharing_readback(tr, t, c);
	/*
	 * The caller's clone returns the child's pid in the caller's PID
	 * namespace; it is the global tid only when the caller lives in the
	 * initial one, else the exit stop tells.  Nothing below needs the
	 * caller stopped.
	 */
	need_exit = t->n_nspid > 1;
	/*
	 * A process made: its creator's cgroups read again, which are its
	 * child's (sharing_link()).  A runtime moves its own child into the
	 * container's cgroups (runc's bootstrap "runc init") by writing its
	 * pid to cgroup.procs, which no stop shows; the processes that child
	 * goes on to make show it here.  Read while it is stopped: a task that
	 * has exited reads wrong (cgroup v1's memory hierarchy reads "/").
	 */
	if (!(c->flags & CLONE_THREAD) || c->flags_lost)
		task_read_cgroup(tr, t);
	task_resume(tr, t, need_exit ? PTRACE_SYSCALL : PTRACE_CONT, 0);

	child = task_by_tid(tr, (pid_t)msg);
	/* let go as an orphan, its creator's event came after all: the same task */
	adopted = child && child->orphan && !child->creator;
	if (child && child->linked && !adopted) {
		/* a stale record: the tid was reused */
		task_forget(tr, child);
		child = NULL;
	}
	if (!child)
		child = task_new(tr, (pid_t)msg);
	if (born < child->start_ns)
		child->start_ns = born;
	c->child = child;
	child->creator = t;
	child->call = c;
	if (!need_exit) {
		t->pending = NULL;
		syscall_result(tr, c, (long long)msg, 0);
	}
	/* the child's first stop may have come before this event */
	if (adopted && child->ended)
		task_forget(tr, child);
	if (child->seen_stop && !adopted)
		link_child(tr, child);
	/*
	 * Not waited for by tid: the child may wait for a CPU while its
	 * creator, on the program's path, stops again.  Looked for first.
	 */
	next_after_clone(tr, child->seen_stop ? 0 : child->tid, t->tid);
}

static void on_first_stop(struct tracer *tr, pid_t tid, struct task *t)
{
	if (!t) {
		/*
		 * Before the creator's event: keep it stopped until then, or
		 * until it is clear that no event is coming (orphans_check()).
		 */
		t = task_new(tr, tid);
		t->seen_stop = true;
		orphans_hold(tr, t);
		/* a creator making tasks in a loop is likely at its event already */
		next_after_early_child(tr);
		return;
	}
	t->seen_stop = true;
	if (t->creator && !t->linked)
		link_child(tr, t);
	else
		task_resume(tr, t, PTRACE_CONT, 0);
}

static void on_exec_event(struct tracer *tr, struct task *t)
{
	unsigned long old = 0;
	struct task *x;

	/* killed at its event: it exec'd under its own tid as far as is known */
	if (ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &old) < 0 || old == 0)
		old = (unsigned long)t->tid;
	if ((pid_t)old != t->tid && (x = task_by_tid(tr, (pid_t)old))) {
		/*
		 * A non-leader thread called execve: it takes over the leader's
		 * tid, and the leader is gone without reporting its death.
		 */
		pid_t tid = t->tid;

		t->ended = true;
		t->end_ns = now_ns(tr);
		t->exit_kind = EXIT_EXEC;
		task_ns_end(tr, t);
		task_forget(tr, t);
		task_forget(tr, x);
		x->parent = t->parent;
		task_set_tid(tr, x, tid);
		if (tr->root == t)
			tr->root = x;
	} else {
		x = t;
	}
	if (x->pending_exec) {
		live_exec(tr, x, (pid_t)old, 0);
		execs_event(tr, x, (pid_t)old);
	} else {
		execs_event(tr, x, (pid_t)old);
		live_exec(tr, x, x->tid, 0);
	}
	watch_setuid(tr, x);
	/*
	 * moved since it was read, as a runtime's child is before it runs the
	 * container's program; read while stopped (on_clone_event() says why)
	 */
	task_read_cgroup(tr, x);
	task_resume(tr, x, PTRACE_CONT, 0);
	orphans_check(tr, x->tgid);
}

static void on_death(struct tracer *tr, pid_t tid, struct task *t, int status)
{
	/* died before its creator's clone event arrived */
	if (!t)
		t = task_new(tr, tid);
	if (!t->creator && !t->linked)
		exits_unlinked(tr, t);
	t->ended = true;
	t->end_ns = now_ns(tr);
	live_death(tr, t, status);
	task_ns_end(tr, t);
	if (WIFEXITED(status)) {
		t->exit_kind = EXIT_CODE;
		t->exit_val = WEXITSTATUS(status);
	} else {
		t->exit_kind = EXIT_SIGNAL;
		t->exit_val = WTERMSIG(status);
		t->core = WCOREDUMP(status);
	}
	if (t == tr->root) {
		tr->root_status = status;
		tr->root_ended = true;
	}
	if (!t->thread)
		stacks_forget(tr->stacks, t->tgid);
	orphans_inflight_end(tr, t->pending);
	t->pending = NULL;
	orphans_unhold(tr, t);
	if (t->linked && !(t->orphan && !t->creator)) {
		task_forget(tr, t);
	} else if (t->linked) {
		/* let go as an orphan: findable by tid still, for a late creator's event */
	} else if (t->creator) {
		sharing_link(tr, t);
		t->linked = true;
	} else {
		/* keep the record findable by tid until the creator's event */
		t->seen_stop = true;
	}
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

static void handle_stop(struct tracer *tr, pid_t tid, int status);

static void handle(struct tracer *tr, pid_t tid, int status)
{
	handle_stop(tr, tid, status);
	/* events only (attached, light): held tasks are looked at after deaths and execs */
	if (orphans_held(tr) && ((!tracer_attached(tr) && tr->mode != MODE_LIGHT) || WIFEXITED(status) ||
				 WIFSIGNALED(status)))
		orphans_check(tr, 0);
}

static void handle_stop(struct tracer *tr, pid_t tid, int status)
{
	struct task *t = task_by_tid(tr, tid);
	int sig, event;

	/* renames wait in the kernel's queue: read them now and then, and at the end */
	if (++tr->stops % RENAMES_EVERY_STOPS == 0)
		renames_drain(tr);
	if (WIFEXITED(status) || WIFSIGNALED(status)) {
		on_death(tr, tid, t, status);
		return;
	}
	if (t && t->ended) {
		/* a record kept after its task died: the tid now belongs to a new task */
		task_forget(tr, t);
		t = NULL;
	}
	if (!WIFSTOPPED(status))
		return;
	/* what a race kept from being read (its status, its name) is read now, never guessed */
	if (t && t->linked && (t->nspid_unread || t->comm_unread || t->cgroup_unread))
		task_retry(tr, t);
	sig = WSTOPSIG(status);
	event = (unsigned)status >> 16;
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		if (t)
			syscall_seccomp_stop(tr, t);
		return;
	case PTRACE_EVENT_CLONE:
	case PTRACE_EVENT_FORK:
	case PTRACE_EVENT_VFORK:
		if (t)
			on_clone_event(tr, t);
		return;
	case PTRACE_EVENT_EXEC:
		if (t)
			on_exec_event(tr, t);
		return;
	case PTRACE_EVENT_EXIT:
		/* the last moment its name can be read: /proc/TID/comm writes show only here */
		if (t) {
			watch_exit(tr, t);
			/* a process's last cgroups, before the kernel takes it out of them */
			if (!t->thread)
				task_read_cgroup(tr, t);
			task_resume(tr, t, PTRACE_CONT, 0);
		} else {
			ptrace(PTRACE_CONT, tid, 0L, 0L);
		}
		return;
	case PTRACE_EVENT_STOP:
		if (is_stop_signal(sig)) {
			/* group-stop: stay stopped as untraced, but keep reporting */
			ptrace(PTRACE_LISTEN, tid, 0L, 0L);
			return;
		}
		if (!t || !t->seen_stop) {
			on_first_stop(tr, tid, t);
			return;
		}
		task_resume(tr, t, PTRACE_CONT, 0);
		return;
	case 0:
		break;
	default:
		if (t)
			task_resume(tr, t, PTRACE_CONT, 0);
		return;
	}
	if (!t) {
		ptrace(PTRACE_CONT, tid, 0L, 0L);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		syscall_stop(tr, t);
		return;
	}
	/* signal-delivery stop: deliver it, the program must behave as untraced */
	task_resume(tr, t, PTRACE_CONT, sig);
}

_Static_assert(WATCH_TICK_MS * (WATCH_TICKS - 1) >= HELD_IDLE_MS,
	       "the watchdog ends an idle wait only after HELD_IDLE_MS");

/*
 * A signal is taken between two stops, which may be between a new task's
 * first stop and its creator's event: before acting on it (a detach would
 * leave such a task without its creator), the stops that settle the held
 * tasks are handled, until none is held or none came for HELD_IDLE_MS.
 */
static void settle_held(struct tracer *tr)
{
	int status;
	pid_t tid;

	while (orphans_held(tr) && wait_timed(tr->sig, HELD_IDLE_MS, &tid, &status) == WAIT_STOP)
		handle(tr, tid, status);
}

int loop_grace(struct tracer *tr, int ms)
{
	uint64_t end = now_ns(tr) + (uint64_t)ms * 1000000u;
	unsigned long stops = 0;

	for (;;) {
		uint64_t now = now_ns(tr);
		int status;
		pid_t tid;

		/* counted now and then: a walk of every task, while stops may come fast */
		if ((stops++ % 64 == 0 || now >= end) && !task_count_live(tr, NULL))
			return 0;
		if (now >= end)
			return 2;
		switch (wait_timed(tr->sig, (int)((end - now + 999999) / 1000000), &tid, &status)) {
		case WAIT_STOP:
			handle(tr, tid, status);
			break;
		case WAIT_IDLE:
			stops = 0;
			break;
		case WAIT_SIGNAL:
			return 1;
		case WAIT_NONE:
			return 0;
		case WAIT_ERROR:
			return -1;
		}
	}
}

/*
 * Returns 0 when every tracee is gone, 1 when a signal came (tr->sig->last),
 * 2 once when the command's own process has ended, -1 on error.  After 1 or
 * 2 it can be called again to go on.
 */
int loop_run(struct tracer *tr, bool *root_end_told)
{
	for (;;) {
		int status;
		pid_t tid;

		switch (next_stop(tr, &tid, &status)) {
		case WAIT_IDLE:
			orphans_release(tr);
			break;
		case WAIT_STOP:
			handle(tr, tid, status);
			if (tr->root_ended && !*root_end_told) {
				*root_end_told = true;
				return 2;
			}
			break;
		case WAIT_SIGNAL:
			settle_held(tr);
			return 1;
		case WAIT_NONE:
			return 0;
		case WAIT_ERROR:
			return -1;
		}
	}
}
