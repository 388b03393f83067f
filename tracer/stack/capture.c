/* SPDX-License-Identifier: MIT */
/*
 * Creation stacks: the walk (see tracer/stack.h).  libunwind's accessors
 * are in unwind.c, a process's caches in proc.c, the files it runs in
 * module.c, a frame's names in frame.c, what differs by architecture in
 * arch/.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/alloc.h"
#include "format/record.h"
#include "tracer/stack.h"
#include "tracer/stack/arch.h"
#include "tracer/stack/frame.h"
#include "tracer/stack/module.h"
#include "tracer/stack/proc.h"
#include "tracer/stack/unwind.h"

struct stacks {
	struct sproc **by_tgid;
	size_t pid_max;
	struct modules *mods;
};

struct stacks *stacks_new(size_t pid_max)
{
	struct stacks *s = xcalloc(1, sizeof(*s));

	s->by_tgid = xcalloc(pid_max, sizeof(*s->by_tgid));
	s->mods = modules_new();
	s->pid_max = pid_max;
	return s;
}

void stacks_forget(struct stacks *s, pid_t tgid)
{
	if (!s || tgid <= 0 || (size_t)tgid >= s->pid_max)
		return;
	sproc_free(s->by_tgid[tgid]);
	s->by_tgid[tgid] = NULL;
}

void stacks_settle(struct stacks *s)
{
	if (s)
		modules_settle(s->mods);
}

void stacks_free(struct stacks *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->by_tgid && i < s->pid_max; i++)
		sproc_free(s->by_tgid[i]);
	free(s->by_tgid);
	modules_free(s->mods);
	free(s);
}

/*
 * The innermost frame has no unwind info: find its caller where the call
 * left it (arch_caller_of_leaf), from the registers of frame 0 in c, read
 * before any unw_step.  0 and u's overlay set, or -1 and none.
 */
static int caller_of_leaf(unw_cursor_t *c, struct uarg *u)
{
	unw_word_t pc = 0, sp = 0;

	if (unw_get_reg(c, UNW_REG_IP, &pc) < 0 || unw_get_reg(c, UNW_REG_SP, &sp) < 0)
		return -1;
	u->n_over = 0;
	if (arch_caller_of_leaf(u, pc, sp) == 0)
		return 0;
	u->n_over = 0;
	return -1;
}

int stack_capture(struct stacks *s, pid_t tid, pid_t tgid, int depth, struct stack_record *st,
		  char *why, size_t why_len)
{
	struct uarg u;
	struct sproc *p;
	unw_cursor_t c;

	if (tgid <= 0 || (size_t)tgid >= s->pid_max) {
		snprintf(why, why_len, "%s", "no process");
		return -1;
	}
	p = s->by_tgid[tgid];
	if (!p && !(p = s->by_tgid[tgid] = sproc_new(tgid, s->mods, &uarg_accessors))) {
		snprintf(why, why_len, "%s", "libunwind could not create an address space");
		return -1;
	}
	if (uarg_init(&u, p->as, p, tid, tgid) < 0) {
		snprintf(why, why_len, "%s", "libunwind could not attach");
		return -1;
	}
	if (unw_init_remote(&c, p->as, &u) < 0) {
		uarg_release(&u);
		snprintf(why, why_len, "%s", "libunwind could not read the registers");
		return -1;
	}
	st->walked = true;
	for (int i = 0; i < depth; i++) {
		unw_word_t ip = 0;
		struct sym *sym;
		struct frame_record *f;
		int r;

		if (unw_get_reg(&c, UNW_REG_IP, &ip) < 0 || ip == 0)
			break;
		f = frame_new(p, &c, ip, i > 0, &u);
		stack_record_add(st, f);
		sym = frame_sym(p, &c, ip, &u);
		if (i == 0 && sym->noinfo && caller_of_leaf(&c, &u) == 0)
			r = unw_init_remote(&c, p->as, &u) < 0 ? -1 : 1;
		else
			r = unw_step(&c);
		if (r <= 0) {
			if (i + 1 < depth)
				frame_why_end(p, ip, f, sym, why, why_len);
			break;
		}
	}
	uarg_release(&u);
	return 0;
}
