/*
 * The event loop: one waitpid(__WALL) at a time, every stop handled and the
 * task resumed.  Tasks run under PTRACE_CONT; only a call whose result
 * can't come from its clone event (failure, CLONE_UNTRACED, unshare, setns,
 * a caller in another PID namespace) is resumed with PTRACE_SYSCALL, for
 * one syscall-exit stop.  In syscall mode (no seccomp) every resume is
 * PTRACE_SYSCALL.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <elf.h>
#include <err.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/xattr.h>

#include "decode/flags.h"
#include "decode/regs.h"
#include "tracer/compat.h"
#include "tracer/tracer.h"
#include "tracer/model.h"
#include "tracer/stack.h"
#include "tracer/wait.h"

/* How long a held task waits for its creator's event with no stop at all meanwhile. */
#define HELD_IDLE_MS 20
#include "tracer/watch.h"

static void resume(struct tracer *tr, struct task *t, int how, int sig)
{
	/* syscall mode, attached with --no-seccomp, or a task with a filter of its own */
	if ((!tr->seccomp && !tr->attach && !tr->light) || tr->attach_syscall || t->follow_via)
		how = PTRACE_SYSCALL;
	if (ptrace(how, t->tid, 0L, (long)sig) < 0 && errno != ESRCH)
		debug(tr->opt, "resume %d: %s", (int)t->tid, strerror(errno));
}

/*
 * In-flight creating calls: entered, neither their clone event nor their
 * exit stop seen yet.  A new task's first stop that comes before its
 * creator's event is held until the event; while no creating call is in
 * flight, no event can be coming for it.
 */
static void inflight_begin(struct tracer *tr, struct call *c)
{
	if (!c->inflight && call_creates_task_sysc(c->sysc)) {
		c->inflight = true;
		tr->n_inflight++;
	}
}

static void inflight_end(struct tracer *tr, struct call *c)
{
	if (c && c->inflight) {
		c->inflight = false;
		tr->n_inflight--;
	}
}

static void hold(struct tracer *tr, struct task *t)
{
	struct task **v;

	if (t->held)
		return;
	if (tr->n_held == tr->cap_held) {
		size_t cap = tr->cap_held ? tr->cap_held * 2 : 16;

		v = realloc(tr->held, cap * sizeof(*v));
		if (!v) {
			/* can't remember it: let it run rather than hold it forever */
			resume(tr, t, PTRACE_CONT, 0);
			return;
		}
		tr->held = v;
		tr->cap_held = cap;
	}
	t->held = true;
	tr->held[tr->n_held++] = t;
}

static void unhold(struct tracer *tr, struct task *t)
{
	if (!t->held)
		return;
	t->held = false;
	for (size_t i = 0; i < tr->n_held; i++)
		if (tr->held[i] == t) {
			tr->held[i] = tr->held[--tr->n_held];
			break;
		}
}

static int get_info(pid_t tid, struct ct_syscall_info *info)
{
	memset(info, 0, sizeof(*info));
	return ptrace(PTRACE_GET_SYSCALL_INFO, tid, (void *)sizeof(*info), info) < 0 ? -1 : 0;
}

static void verbose_result(struct tracer *tr, struct call *c)
{
	const struct call_record *r = &c->rec;
	const char *name = errno_name(r->err);
	char line[4096], global[64] = "";

	if (!tr->live->f || !r->decoded)
		return;
	call_format(&r->dc, line, sizeof(line));
	/* a pid in the caller's PID namespace: the global one too (strace --decode-pids=pidns) */
	if (r->result == CALL_RESULT_VALUE && c->child && c->child->tid != (pid_t)r->value)
		snprintf(global, sizeof(global), " /* %d in clonetrace's PID namespace */",
			 (int)c->child->tid);
	if (r->result == CALL_RESULT_VALUE)
		live_line(tr->live, c->task->tid, "%s = %lld%s", line, r->value, global);
	else if (r->result == CALL_RESULT_ERRNO && name)
		live_line(tr->live, c->task->tid, "%s = -1 %s", line, name);
	else if (r->result == CALL_RESULT_ERRNO)
		live_line(tr->live, c->task->tid, "%s = -1 %d", line, r->err);
	else
		live_line(tr->live, c->task->tid, "%s = ?", line);
}

/* -v: the execve seen at tid's stop, with its result (err 0: it worked). */
static void verbose_exec(struct tracer *tr, const struct task *t, pid_t tid, int err)
{
	char line[4096];
	const char *name = errno_name(err);

	if (!tr->live->f)
		return;
	if (!t->pending_exec) {
		/* attached: the execve was not seen entering; what /proc says it ran */
		char *argv = t->argv ? json_dumps(t->argv, JSON_COMPACT) : NULL;

		if (!err)
			live_line(tr->live, tid, "execve(\"%s\", %s) = 0", t->exe ? t->exe : "?",
				  argv ? argv : "?");
		free(argv);
		return;
	}
	call_format(t->pending_exec, line, sizeof(line));
	if (!err)
		live_line(tr->live, tid, "%s = 0", line);
	else if (name)
		live_line(tr->live, tid, "%s = -1 %s", line, name);
	else
		live_line(tr->live, tid, "%s = -1 (errno %d)", line, err);
}

/* -v: how a task ended, as strace says it. */
static void verbose_death(struct tracer *tr, const struct task *t, int status)
{
	const char *sig;

	if (!tr->live->f)
		return;
	if (WIFEXITED(status)) {
		live_line(tr->live, t->tid, "+++ exited with %d +++", WEXITSTATUS(status));
		return;
	}
	sig = signal_name(tr->host, WTERMSIG(status));
	if (sig)
		live_line(tr->live, t->tid, "+++ killed by %s%s +++", sig,
			  WCOREDUMP(status) ? " (core dumped)" : "");
	else
		live_line(tr->live, t->tid, "+++ killed by signal %d%s +++", WTERMSIG(status),
			  WCOREDUMP(status) ? " (core dumped)" : "");
}

static void call_result(struct tracer *tr, struct call *c, long long value, int err)
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
	verbose_result(tr, c);
}

static void record_stack(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_arch *a)
{
	char why[STACK_WHY_MAX] = "";
	json_t *st = NULL;

	/* libunwind unwinds one architecture: the one it was built for */
	if (a != tr->host)
		snprintf(why, sizeof(why), "%s", "the unwinder handles only the host architecture's tasks");
	else
		st = stack_capture_new(tr->stacks, t->tid, t->tgid, tr->opt->stack_depth, why, sizeof(why));
	if (!st && !why[0])
		snprintf(why, sizeof(why), "%s", "libunwind failed");
	c->rec.has_stack = true;
	c->rec.stack = st;
	/* with a stack: why it ends early */
	c->rec.stack_error = why[0] ? strdup(why) : NULL;
}

/*
 * A call was entered (seccomp stop or syscall-entry stop): decode it and
 * start its record.  Returns the call, or NULL when nothing is recorded (not
 * decodable, or an execve, kept until its exec event).  The record's JSON
 * is built by entry_finish(), which may run after the task was resumed.
 */
static struct call *entry_start(struct tracer *tr, struct task *t, const struct ct_arch *a,
				uint64_t nr, const uint64_t *args, struct ct_call *dc)
{
	struct ct_mem mem;
	pid_t tid = t->tid;
	struct call *c;

	if (!a || decode_call(a, (long)nr, args, (mem = mem_for(&tid), &mem), dc) < 0)
		return NULL;
	if (dc->sysc == CT_SYS_EXECVE || dc->sysc == CT_SYS_EXECVEAT) {
		pending_exec_drop(t);
		t->pending_exec = malloc(sizeof(*dc));
		if (t->pending_exec) {
			*t->pending_exec = *dc;
			model_exec_seen(t);
		}
		else
			call_release(dc);
		return NULL;
	}
	c = t->restart;
	t->restart = NULL;
	if (c && c->sysc == dc->sysc) {
		/* the same call again, after a signal interrupted it: one record */
		call_record_reset(&c->rec);
		c->parent_tid_addr = c->pidfd_addr = c->child_tid_addr = 0;
	} else {
		c = call_new(tr, t);
	}
	if (!c) {
		call_release(dc);
		return NULL;
	}
	c->sysc = dc->sysc;
	c->flags = dc->flags;
	if (dc->has & CT_HAS_CHILD_TID)
		c->child_tid_addr = dc->child_tid;
	t->pending = c;
	inflight_begin(tr, c);
	return c;
}

/*
 * What only a stopped caller can give: its stack, its fds as /proc shows
 * them (clone3's cgroup fd, setns's fd), CLONE_UNTRACED cleared before the
 * kernel acts.  Without these, entry_finish() can wait until the caller runs.
 */
static bool entry_needs_stop(const struct tracer *tr, const struct ct_call *dc)
{
	return (tr->stacks && call_creates_task(dc)) ||
	       (tr->seccomp && dc->flags & CLONE_UNTRACED) ||
	       (dc->sysc == CT_SYS_CLONE3 && dc->has & CT_HAS_CGROUP) ||
	       dc->sysc == CT_SYS_SETNS;
}

static void entry_finish(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_arch *a, struct ct_call *dc)
{
	/* the record owns the decoded call from here on */
	c->rec.dc = *dc;
	c->rec.decoded = true;
	model_call_extras(tr, t, c, dc);
	if (tr->stacks && call_creates_task(dc))
		record_stack(tr, t, c, a);
	untraced_override(tr, t, c, dc);
}

/* A call was entered and the caller stays stopped until it is recorded. */
static void on_entry(struct tracer *tr, struct task *t, const struct ct_arch *a,
		     uint64_t nr, const uint64_t *args)
{
	struct ct_call dc;
	struct call *c = entry_start(tr, t, a, nr, args, &dc);

	if (c)
		entry_finish(tr, t, c, a, &dc);
}

/*
 * What the register set lacks at the event stop (missing, as regs_syscall()
 * gives it) from /proc/TID/syscall: the kernel's syscall_get_nr() and
 * syscall_get_arguments() read pt_regs fields no register set holds
 * (riscv64's orig_a0, s390x's int_code).  Taken only if it agrees with the
 * registers on everything they do have.  Returns what is still missing.
 */
static int complete_from_proc(const struct ct_arch *a, pid_t tid, int missing,
			      long *nr, uint64_t args[6])
{
	const struct ct_regs_layout *l = regs_layout(a);
	uint64_t pargs[6], mask;
	long pnr;

	if (!missing || !l || proc_read_syscall(tid, &pnr, pargs) < 0)
		return missing;
	mask = l->width < 8 ? ((uint64_t)1 << (8 * l->width)) - 1 : ~(uint64_t)0;
	if (!(missing & REGS_NO_NR) && pnr != *nr)
		return missing;
	for (int i = 0; i < 6; i++)
		if (!(missing & (1 << i)) && (pargs[i] & mask) != (args[i] & mask))
			return missing;
	if (missing & REGS_NO_NR)
		*nr = pnr;
	for (int i = 0; i < 6; i++)
		if (missing & (1 << i))
			args[i] = pargs[i] & mask;
	return 0;
}

/* The flags are unknown: nothing derived from them (the exit signal is their low byte). */
static void mark_flags_lost(struct call *c)
{
	c->flags_lost = true;
	c->flags = 0;
	c->parent_tid_addr = c->pidfd_addr = c->child_tid_addr = 0;
	c->rec.flags_lost = true;
}

/*
 * Attach mode: no seccomp stop came before this clone event, so decode the
 * call from the registers, where the architecture leaves them intact, and
 * what they lack from /proc/TID/syscall.
 */
static struct call *call_from_regs(struct tracer *tr, struct task *t)
{
	unsigned char regs[512];
	struct iovec iov = { regs, sizeof(regs) };
	const struct ct_arch *a;
	uint64_t args[6];
	int missing, from_regs;
	long nr;

	if (ptrace(PTRACE_GETREGSET, t->tid, (void *)NT_PRSTATUS, &iov) < 0)
		return NULL;
	a = regs_arch_by_size(tr->host, iov.iov_len);
	if (!a || (from_regs = regs_syscall(a, regs, iov.iov_len, &nr, args)) < 0)
		return NULL;
	missing = complete_from_proc(a, t->tid, from_regs, &nr, args);
	if (missing != from_regs)
		debug(tr->opt, "%d: syscall %ld, from /proc/%d/syscall:%s%s", (int)t->tid, nr,
		      (int)t->tid, from_regs & REGS_NO_NR ? " number" : "",
		      from_regs & 0x3f ? " arguments" : "");
	if (missing & REGS_NO_NR)
		return NULL;
	on_entry(tr, t, a, (uint64_t)nr, args);
	if (!t->pending)
		return NULL;
	t->pending->rec.decoded_from = missing == from_regs ? FROM_REGISTERS : FROM_REGISTERS_PROC;
	if (missing) {
		t->pending->rec.args_lost = missing & 0x3f;
		/* clone's flags were in a lost register: the kernel will tell what is shared */
		if (t->pending->sysc == CT_SYS_CLONE &&
		    missing & (1 << clone_order_idx(a->clone_order)->flags))
			mark_flags_lost(t->pending);
	}
	return t->pending;
}

static void on_seccomp(struct tracer *tr, struct task *t)
{
	struct ct_syscall_info info;
	const struct ct_arch *a;
	struct ct_call dc;
	struct call *c;

	/* followed with syscall stops: its entry stop came first and told all */
	if (t->follow_via || get_info(t->tid, &info) < 0 || info.op != CT_SYSCALL_INFO_SECCOMP) {
		resume(tr, t, t->follow_via ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		return;
	}
	a = arch_by_audit(info.arch);
	if (watch_entry(tr, t, a, info.seccomp.nr, info.seccomp.args)) {
		resume(tr, t, t->watch_ptrace || t->watch_filter ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		return;
	}
	c = entry_start(tr, t, a, info.seccomp.nr, info.seccomp.args, &dc);
	if (!c) {
		/*
		 * An execve that works reports its exec event, and the resume
		 * from there drops the exit stop; one that fails stops at its
		 * exit, and says why.
		 */
		resume(tr, t, t->pending_exec ? PTRACE_SYSCALL : PTRACE_CONT, 0);
		return;
	}
	/*
	 * A recorded call needs its exit stop unless its clone event tells
	 * all.  The caller waits for nothing it doesn't need: building the
	 * record can come after the resume.
	 */
	if (entry_needs_stop(tr, &dc)) {
		entry_finish(tr, t, c, a, &dc);
		resume(tr, t, PTRACE_SYSCALL, 0);
	} else {
		resume(tr, t, PTRACE_SYSCALL, 0);
		entry_finish(tr, t, c, a, &dc);
	}
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
		verbose_exec(tr, t, t->tid, (int)-rval);
		model_exec_failed(tr, t, (int)-rval);
	}
	t->pending = NULL;
	inflight_end(tr, c);
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
		call_result(tr, c, -1, (int)-rval);
		return;
	}
	call_result(tr, c, rval, 0);
	if (c->sysc == CT_SYS_UNSHARE || c->sysc == CT_SYS_SETNS)
		model_unshare_setns(tr, t, c);
	else if (!c->got_event && call_creates_task_sysc(c->sysc))
		model_escaped(tr, t, c, (pid_t)rval);
}

static void on_syscall_stop(struct tracer *tr, struct task *t)
{
	struct ct_syscall_info info;

	if (get_info(t->tid, &info) < 0) {
		resume(tr, t, PTRACE_CONT, 0);
		return;
	}
	if (info.op == CT_SYSCALL_INFO_ENTRY) {
		const struct ct_arch *a = arch_by_audit(info.arch);

		t->in_syscall = true;
		if (!watch_entry(tr, t, a, info.entry.nr, info.entry.args))
			on_entry(tr, t, a, info.entry.nr, info.entry.args);
	} else if (info.op == CT_SYSCALL_INFO_EXIT) {
		t->in_syscall = false;
		if (t->watch_ptrace || t->watch_filter)
			watch_exit_stop(tr, t, info.exit.rval);
		on_exit_stop(tr, t, &info);
	}
	resume(tr, t, PTRACE_CONT, 0);
}

/* Both halves of a birth are in: the creator's event and the child's first stop. */
static void link_child(struct tracer *tr, struct task *child)
{
	bool dead = child->ended;

	unhold(tr, child);
	model_link(tr, child);
	child->linked = true;
	if (!dead)
		resume(tr, child, PTRACE_CONT, 0);
}

static void on_clone_event(struct tracer *tr, struct task *t)
{
	unsigned long msg = 0;
	struct call *c = t->pending;
	struct task *child;
	bool need_exit, adopted;

	ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &msg);
	if (!c)
		c = call_from_regs(tr, t);
	if (!c) {
		/* nothing decodable: record what the event tells */
		c = call_new(tr, t);
		if (!c) {
			resume(tr, t, PTRACE_CONT, 0);
			return;
		}
		c->sysc = CT_SYS_CLONE;
		c->flags_lost = true;
		c->rec.flags_lost = true;	/* and not decoded: "syscall": "unknown" */
		t->pending = c;
	}
	c->got_event = true;
	inflight_end(tr, c);
	/* the kernel has copied struct clone_args by now */
	untraced_restore(tr, c, t->tid);
	model_readback(tr, t, c);
	/*
	 * The caller's clone returns the child's pid in the caller's PID
	 * namespace; it is the global tid only when the caller lives in the
	 * initial one, else the exit stop tells.  Nothing below needs the
	 * caller stopped.
	 */
	need_exit = t->n_nspid > 1;
	resume(tr, t, need_exit ? PTRACE_SYSCALL : PTRACE_CONT, 0);

	child = task_by_tid(tr, (pid_t)msg);
	/* let go as an orphan, its creator's event came after all: the same task */
	adopted = child && child->orphan && !child->creator;
	if (child && child->linked && !adopted) {
		/* a stale record: the tid was reused */
		task_forget(tr, child);
		child = NULL;
	}
	if (!child) {
		child = task_new(tr, (pid_t)msg);
		if (!child)
			return;
	}
	c->child = child;
	child->creator = t;
	child->call = c;
	if (!need_exit) {
		t->pending = NULL;
		call_result(tr, c, (long long)msg, 0);
	}
	/* the child's first stop may have come before this event */
	if (adopted && child->ended)
		task_forget(tr, child);
	if (child->seen_stop && !adopted)
		link_child(tr, child);
}

static void on_first_stop(struct tracer *tr, pid_t tid, struct task *t)
{
	if (!t) {
		/*
		 * Before the creator's event: keep it stopped until then, or
		 * until it is clear that no event is coming (orphans_check()).
		 */
		t = task_new(tr, tid);
		if (!t) {
			ptrace(PTRACE_CONT, tid, 0L, 0L);
			return;
		}
		t->seen_stop = true;
		hold(tr, t);
		return;
	}
	t->seen_stop = true;
	if (t->creator && !t->linked)
		link_child(tr, t);
	else
		resume(tr, t, PTRACE_CONT, 0);
}

/* A task with a live thread in process tgid. */
static bool process_alive(const struct tracer *tr, pid_t tgid)
{
	for (size_t i = tr->n_tasks; i-- > 0; )
		if (tr->tasks[i]->tgid == tgid && !tr->tasks[i]->ended)
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
	if (!tr->attach && !tr->light)
		return tr->n_inflight > 0;
	if (!t->held_parent)
		t->held_parent = (pid_t)proc_status_field(t->tid, "PPid");
	if (t->held_parent <= 0)
		return false;
	return t->held_parent != exec_tgid && process_alive(tr, t->held_parent);
}

/* A held task is let go without its creator's event: creator unknown. */
static void let_go_orphan(struct tracer *tr, struct task *t, const char *why)
{
	unhold(tr, t);
	debug(tr->opt, "%d: %s: let go", (int)t->tid, why);
	model_orphan(tr, t);
	t->linked = true;
	t->orphan = true;
	resume(tr, t, PTRACE_CONT, 0);
}

/* Lets go of the held tasks whose creator's event can't come any more. */
static void orphans_check(struct tracer *tr, pid_t exec_tgid)
{
	for (size_t i = 0; i < tr->n_held; ) {
		struct task *t = tr->held[i];

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
static void orphans_release(struct tracer *tr)
{
	while (tr->n_held) {
		struct task *t = tr->held[0];

		let_go_orphan(tr, t, "no stop for a while, so no creator's event");
	}
}

void orphans_note(struct tracer *tr)
{
	size_t n = 0;
	char note[400];

	for (size_t i = 0; i < tr->n_tasks; i++)
		n += tr->tasks[i]->orphan && !tr->tasks[i]->creator;
	if (!n)
		return;
	snprintf(note, sizeof(note), "%zu task%s started without a creator's clone event (its "
		 "creator died first, as another thread's execve kills the threads of its "
		 "process): creator and call unknown, parent from /proc, sharing from kcmp(2)",
		 n, n == 1 ? "" : "s");
	json_array_append_new(tr->notes, json_string(note));
}

/*
 * Under no_new_privs (the filter's price without CAP_SYS_ADMIN) execve
 * grants no set-user-ID, set-group-ID or file capabilities: say so once,
 * when such a program is run (strace --seccomp-bpf behaves the same).
 */
static void note_setuid(struct tracer *tr, const struct task *t)
{
	struct stat st;
	char note[PATH_MAX + 300];

	if (!tr->no_new_privs || tr->noted_setuid || !t->exe || stat(t->exe, &st) < 0)
		return;
	if (!(st.st_mode & (S_ISUID | S_ISGID)) &&
	    getxattr(t->exe, "security.capability", NULL, 0) <= 0)
		return;
	tr->noted_setuid = true;
	snprintf(note, sizeof(note), "%s is set-user-ID, set-group-ID or has file capabilities, but "
		 "ran without them: the seccomp filter of a clonetrace without CAP_SYS_ADMIN needs "
		 "no_new_privs (--no-seccomp avoids it)", t->exe);
	json_array_append_new(tr->notes, json_string(note));
	warnx("%s", note);
}

static void on_exec_event(struct tracer *tr, struct task *t)
{
	unsigned long old = 0;
	struct task *x;

	ptrace(PTRACE_GETEVENTMSG, t->tid, 0L, &old);
	if ((pid_t)old != t->tid && (x = task_by_tid(tr, (pid_t)old))) {
		/*
		 * A non-leader thread called execve: it takes over the leader's
		 * tid, and the leader is gone without reporting its death.
		 */
		pid_t tid = t->tid;

		t->ended = true;
		t->end_ns = now_ns(tr);
		t->exit_kind = EXIT_EXEC;
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
		verbose_exec(tr, x, (pid_t)old, 0);
		model_exec(tr, x, (pid_t)old);
	} else {
		model_exec(tr, x, (pid_t)old);
		verbose_exec(tr, x, x->tid, 0);
	}
	note_setuid(tr, x);
	resume(tr, x, PTRACE_CONT, 0);
	orphans_check(tr, x->tgid);
}

static void on_death(struct tracer *tr, pid_t tid, struct task *t, int status)
{
	if (!t) {
		/* died before its creator's clone event arrived */
		t = task_new(tr, tid);
		if (!t)
			return;
	}
	t->ended = true;
	t->end_ns = now_ns(tr);
	verbose_death(tr, t, status);
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
	inflight_end(tr, t->pending);
	t->pending = NULL;
	unhold(tr, t);
	if (t->linked && !(t->orphan && !t->creator)) {
		task_forget(tr, t);
	} else if (t->linked) {
		/* let go as an orphan: findable by tid still, for a late creator's event */
	} else if (t->creator) {
		model_link(tr, t);
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
	if (tr->n_held && ((!tr->attach && !tr->light) || WIFEXITED(status) || WIFSIGNALED(status)))
		orphans_check(tr, 0);
}

static void handle_stop(struct tracer *tr, pid_t tid, int status)
{
	struct task *t = task_by_tid(tr, tid);
	int sig, event;

	tr->stops++;
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
	sig = WSTOPSIG(status);
	event = (unsigned)status >> 16;
	switch (event) {
	case PTRACE_EVENT_SECCOMP:
		if (t)
			on_seccomp(tr, t);
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
			resume(tr, t, PTRACE_CONT, 0);
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
		resume(tr, t, PTRACE_CONT, 0);
		return;
	case 0:
		break;
	default:
		if (t)
			resume(tr, t, PTRACE_CONT, 0);
		return;
	}
	if (!t) {
		ptrace(PTRACE_CONT, tid, 0L, 0L);
		return;
	}
	if (sig == (SIGTRAP | 0x80)) {
		on_syscall_stop(tr, t);
		return;
	}
	/* signal-delivery stop: deliver it, the program must behave as untraced */
	resume(tr, t, PTRACE_CONT, sig);
}

/*
 * Returns 0 when every tracee is gone, 1 when a signal came (tr->sig->last),
 * 2 once when the command's own process has ended, -1 on error.  After 1 or
 * 2 it can be called again to go on.
 */
int tracer_loop(struct tracer *tr)
{
	for (;;) {
		int status;
		pid_t tid;

		/* events only: a held task whose creator's event is this late gets no event */
		int idle = tr->n_held && (tr->attach || tr->light) ? HELD_IDLE_MS : 0;

		switch (tracer_wait(tr->sig, idle, &tid, &status)) {
		case WAIT_IDLE:
			orphans_release(tr);
			break;
		case WAIT_STOP:
			handle(tr, tid, status);
			if (tr->root_ended && !tr->root_end_seen) {
				tr->root_end_seen = true;
				return 2;
			}
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
