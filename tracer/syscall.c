/* SPDX-License-Identifier: MIT */
/*
 * A call's own stops (see syscall.h): its seccomp stop, where the filter
 * stops a call clonetrace follows; in syscall mode, or for a task with a
 * filter of its own, its syscall-entry stop; and the syscall-exit stop a
 * call needs when its clone event can't tell its result.
 */
#include <string.h>
#include <sys/ptrace.h>

#include "decode/arch.h"
#include "decode/decode.h"
#include "format/record.h"
#include "names/compat.h"
#include "tracer/entry.h"
#include "tracer/execs.h"
#include "tracer/live.h"
#include "tracer/next.h"
#include "tracer/orphans.h"
#include "tracer/procfs.h"
#include "tracer/sharing.h"
#include "tracer/syscall.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"
#include "tracer/watch.h"

static int get_info(pid_t tid, struct ct_syscall_info *info)
{
	memset(info, 0, sizeof(*info));
	return ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(*info), info) < 0 ? -1 : 0;
}

void syscall_result(struct tracer *tr, struct call *c, long long value, int err)
{
	if (err) {
		c->rec.result = CALL_RESULT_ERRNO;
		c->rec.err = err;
	} else {
		c->rec.result = CALL_RESULT_VALUE;
		c->rec.value = value;
	}
	c->done = true;
	c->failed = err != 0;
	live_result(tr, c);
}

/*
 * A creator resumed into its call stops next at its clone event, or at the
 * syscall-exit stop when the call failed: either comes at once, so the
 * loop waits for that tid alone (wait.h).  Not when the event could wait
 * for another task (CLONE_UNTRACED: an untraced child's vfork).
 */
static void expect_creator(struct tracer *tr, const struct task *t, const struct ct_call *dc)
{
	if (call_creates_task(dc) && !(dc->flags & CLONE_UNTRACED))
		next_expect(tr, t->tid);
}

void syscall_seccomp_stop(struct tracer *tr, struct task *t)
{
	struct ct_syscall_info info;
	const struct ct_arch *a;
	struct ct_call dc;
	struct call *c;

	/* followed with syscall stops: its entry stop came first and told all */
	if (t->follow_via || get_info(t->tid, &info) < 0 || info.op != CT_SYSCALL_INFO_SECCOMP) {
		task_resume(tr, t, t->follow_via ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		return;
	}
	a = arch_by_audit(info.arch);
	if (watch_entry(tr, t, a, info.seccomp.nr, info.seccomp.args)) {
		task_resume(tr, t, t->watch_ptrace || t->watch_filter ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		return;
	}
	c = entry_start(tr, t, a, info.seccomp.nr, info.seccomp.args, &dc);
	if (!c) {
		/*
		 * An execve that works reports its exec event, and the resume
		 * from there drops the exit stop; one that fails stops at its
		 * exit, and says why.
		 */
		task_resume(tr, t, t->pending_exec ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		/* its exec event reads /proc/TID/exe while it waits */
		if (t->pending_exec)
			procfs_warm_exec(t->tid, false);
		return;
	}
	/*
	 * A recorded call needs its exit stop unless its clone event tells
	 * all.  The caller waits for nothing it doesn't need: building the
	 * record can come after the resume.
	 */
	if (entry_needs_stop(tr, &dc)) {
		entry_finish(tr, t, c, a, &dc);
		task_resume(tr, t, PTRACE_SYSCALL, 0);
	} else {
		task_resume(tr, t, PTRACE_SYSCALL, 0);
		entry_finish(tr, t, c, a, &dc);
	}
	expect_creator(tr, t, &c->rec.dc);
}

static bool is_error(const struct ct_syscall_info *info)
{
	return info->exit.is_error || (info->exit.rval < 0 && info->exit.rval >= -4095);
}

static void on_exit_stop(struct tracer *tr, struct task *t, const struct ct_syscall_info *info)
{
	struct call *c = t->pending;
	long long rval = info->exit.rval;

	/* an execve that worked was taken at its exec event: this one failed */
	if (t->pending_exec && is_error(info)) {
		live_exec(tr, t, t->tid, (int)-rval);
		execs_failed(tr, t, (int)-rval);
	}
	t->pending = NULL;
	orphans_inflight_end(tr, c);
	if (!c || c->done)
		return;
	if (!c->got_event)
		untraced_restore(tr, c, t->tid);
	if (rval == -CT_ERESTARTNOINTR) {
		/*
		 * fork/clone interrupted by a signal: the kernel always restarts
		 * it after the handler, and the program never sees this errno.
		 */
		t->restart = c;
		return;
	}
	if (is_error(info)) {
		syscall_result(tr, c, -1, (int)-rval);
		return;
	}
	syscall_result(tr, c, rval, 0);
	if (c->sysc == CT_SYS_UNSHARE || c->sysc == CT_SYS_SETNS)
		sharing_unshare_setns(tr, t, c);
	else if (!c->got_event && call_creates_task_sysc(c->sysc))
		sharing_escaped(tr, t, c, (pid_t)rval);
}

void syscall_stop(struct tracer *tr, struct task *t)
{
	struct ct_syscall_info info;

	if (get_info(t->tid, &info) < 0) {
		task_resume(tr, t, PTRACE_CONT, 0);
		return;
	}
	if (info.op == CT_SYSCALL_INFO_ENTRY) {
		const struct ct_arch *a = arch_by_audit(info.arch);

		t->in_syscall = true;
		if (!watch_entry(tr, t, a, info.entry.nr, info.entry.args)) {
			entry_record(tr, t, a, info.entry.nr, info.entry.args);
			if (t->pending && t->pending->rec.decoded)
				expect_creator(tr, t, &t->pending->rec.dc);
		}
	} else if (info.op == CT_SYSCALL_INFO_EXIT) {
		t->in_syscall = false;
		if (t->watch_ptrace || t->watch_filter)
			watch_exit_stop(tr, t, info.exit.rval);
		on_exit_stop(tr, t, &info);
	}
	task_resume(tr, t, PTRACE_CONT, 0);
}
