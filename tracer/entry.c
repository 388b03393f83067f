/* SPDX-License-Identifier: MIT */
/*
 * A call seen entering (its seccomp or syscall-entry stop), or attached
 * and in light mode, read from the registers at its clone event: decoded
 * (decode/), and its record started with what only a stopped caller can
 * give (stack, fds, CLONE_UNTRACED cleared).
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/uio.h>
#include <elf.h>
#include "base/alloc.h"
#include "decode/arch.h"
#include "decode/decode.h"
#include "decode/regs.h"
#include "format/record.h"
#include "tracer/entry.h"
#include "tracer/execs.h"
#include "tracer/mem.h"
#include "tracer/options.h"
#include "tracer/orphans.h"
#include "tracer/regcall.h"
#include "tracer/sharing.h"
#include "tracer/stack.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"

static void record_stack(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_arch *a)
{
	char why[STACK_WHY_MAX] = "";
	struct stack_record *st = &c->rec.stack;

	/* libunwind unwinds one architecture: the one it was built for */
	if (a != tr->host)
		snprintf(why, sizeof(why), "%s", "the unwinder handles only the host architecture's tasks");
	else
		stack_capture(tr->stacks, t->tid, t->tgid, tr->opt->stack_depth, st, why, sizeof(why));
	if (!st->walked && !why[0])
		snprintf(why, sizeof(why), "%s", "libunwind failed");
	c->rec.has_stack = true;
	/* with a stack: why it ends early */
	st->error = why[0] ? xstrdup(why) : NULL;
}

/*
 * A call was entered (seccomp stop or syscall-entry stop): decode it and
 * start its record.  Returns the call, or NULL when nothing is recorded (not
 * decodable, or an execve, kept until its exec event).  The record's JSON
 * is built by entry_finish(), which may run after the task was resumed.
 */
struct call *entry_start(struct tracer *tr, struct task *t, const struct ct_arch *a,
				uint64_t nr, const uint64_t *args, struct ct_call *dc)
{
	struct mem_pages pages;
	struct ct_mem mem = mem_paged(&pages, t->tid);
	struct call *c;

	if (!a || decode_call(a, (long)nr, args, &mem, dc) < 0)
		return NULL;
	if (dc->sysc == CT_SYS_EXECVE || dc->sysc == CT_SYS_EXECVEAT) {
		task_pending_exec_drop(t);
		t->pending_exec = xmalloc(sizeof(*dc));
		*t->pending_exec = *dc;
		execs_entry(t);
		return NULL;
	}
	c = t->restart;
	t->restart = NULL;
	if (c && c->sysc == dc->sysc) {
		/* the same call again, after a signal interrupted it: one record */
		call_record_reset(&c->rec);
		c->parent_tid_addr = c->pidfd_addr = c->child_tid_addr = 0;
	} else {
		c = task_call_new(tr, t);
	}
	c->sysc = dc->sysc;
	c->flags = dc->flags;
	if (dc->has & CT_HAS_CHILD_TID)
		c->child_tid_addr = dc->child_tid;
	t->pending = c;
	orphans_inflight_begin(tr, c);
	return c;
}

/*
 * What only a stopped caller can give: its stack, its fds as /proc shows
 * them (clone3's cgroup fd, setns's fd), CLONE_UNTRACED cleared before the
 * kernel acts.  Without these, entry_finish() can wait until the caller runs.
 */
bool entry_needs_stop(const struct tracer *tr, const struct ct_call *dc)
{
	return (tr->stacks && call_creates_task(dc)) ||
	       (tr->mode == MODE_SECCOMP && dc->flags & CLONE_UNTRACED) ||
	       (dc->sysc == CT_SYS_CLONE3 && dc->has & CT_HAS_CGROUP) ||
	       dc->sysc == CT_SYS_SETNS;
}

void entry_finish(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_arch *a, struct ct_call *dc)
{
	/* the record owns the decoded call from here on */
	c->rec.dc = *dc;
	c->rec.decoded = true;
	sharing_call_extras(tr, t, c, dc);
	if (tr->stacks && call_creates_task(dc))
		record_stack(tr, t, c, a);
	untraced_override(tr, t, c, dc);
}

/* A call was entered and the caller stays stopped until it is recorded. */
void entry_record(struct tracer *tr, struct task *t, const struct ct_arch *a,
		     uint64_t nr, const uint64_t *args)
{
	struct ct_call dc;
	struct call *c = entry_start(tr, t, a, nr, args, &dc);

	if (c)
		entry_finish(tr, t, c, a, &dc);
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
struct call *entry_from_regs(struct tracer *tr, struct task *t)
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
	missing = regcall_complete(a, t->tid, from_regs, &nr, args);
	if (missing != from_regs)
		debug(tr->opt, "%d: syscall %ld, from /proc/%d/syscall:%s%s", (int)t->tid, nr,
		      (int)t->tid, from_regs & REGS_NO_NR ? " number" : "",
		      from_regs & 0x3f ? " arguments" : "");
	if (missing & REGS_NO_NR)
		return NULL;
	entry_record(tr, t, a, (uint64_t)nr, args);
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
