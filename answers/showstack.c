/* SPDX-License-Identifier: MIT */
/*
 * `show --stack`: under a unit's line, the stack its creating call was made
 * from, and its threads' (alike stacks once, with a count).
 */
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "answers/showstack.h"
#include "base/alloc.h"

/* The frames of a call's stack, or why there are none; nothing for a call without either. */
static void call_stack(struct sbuf *b, const struct tr_call *c, const char *indent)
{
	if (c->n_stack > 0) {
		describe_stack(b, c, ESC_TEXT, indent);
		/* beside a stack: why it ends early */
		if (c->stack_error) {
			sb_printf(b, "\n%s(stack ends: ", indent);
			esc_add(b, c->stack_error, ESC_TEXT);
			sb_add(b, ")");
		}
	} else if (c->stack_error) {
		sb_printf(b, "%sno stack: ", indent);
		esc_add(b, c->stack_error, ESC_TEXT);
	}
}

void showline_stacks(struct sbuf *b, const struct units *m, int unit)
{
	const struct trace *t = m->t;
	const int *tasks;
	int n = units_tasks(m, unit, &tasks), lead = m->u[unit].task;
	bool *done = xcalloc(n, sizeof(bool));
	struct sbuf one, other, head;

	sb_init(&one);
	sb_init(&other);
	sb_init(&head);
	if (t->tasks[lead].call >= 0)
		call_stack(b, &t->calls[t->tasks[lead].call], "");
	/* The other tasks of a process (its threads): alike stacks once, with a count. */
	for (int i = 0; i < n; i++) {
		const struct tr_task *k = &t->tasks[tasks[i]];
		int alike = 0;

		if (done[i] || tasks[i] == lead || k->call < 0)
			continue;
		sb_reset(&one);
		describe_call_short(&one, &t->calls[k->call], ESC_TEXT);
		sb_add(&one, "\n");
		call_stack(&one, &t->calls[k->call], "  ");
		for (int j = i + 1; j < n; j++) {
			const struct tr_task *x = &t->tasks[tasks[j]];

			if (done[j] || tasks[j] == lead || x->call < 0)
				continue;
			sb_reset(&other);
			describe_call_short(&other, &t->calls[x->call], ESC_TEXT);
			sb_add(&other, "\n");
			call_stack(&other, &t->calls[x->call], "  ");
			if (strcmp(sb_str(&one), sb_str(&other)) == 0) {
				done[j] = true;
				alike++;
			}
		}
		if (b->len)
			sb_add(b, "\n");
		sb_reset(&head);
		sb_add(&head, "{");
		esc_add(&head, k->comm, ESC_TEXT);
		sb_printf(&head, "}(%lld)", k->tid);
		if (alike)
			sb_printf(&head, " and %d more thread%s", alike, alike == 1 ? "" : "s");
		sb_add(&head, " [");
		sb_add(b, sb_str(&head));
		/* the call's words and its frames, as compared */
		sb_addn(b, one.s, strchr(one.s, '\n') - one.s);
		sb_add(b, "]");
		if (strchr(one.s, '\n')[1])
			sb_add(b, strchr(one.s, '\n'));
	}
	free(done);
	sb_free(&one);
	sb_free(&other);
	sb_free(&head);
}
