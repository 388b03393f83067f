/* SPDX-License-Identifier: MIT */
/* Creation stacks in a clonetrace built without libunwind (STACK=0): there are none. */
#include <stdio.h>

#include "tracer/stack.h"

struct stacks *stacks_new(size_t pid_max)
{
	return NULL;
}

void stacks_free(struct stacks *s)
{
}

void stacks_settle(struct stacks *s)
{
}

void stacks_forget(struct stacks *s, pid_t tgid)
{
}

int stack_capture(struct stacks *s, pid_t tid, pid_t tgid, int depth, struct stack_record *st,
		  char *why, size_t why_len)
{
	snprintf(why, why_len, "%s", "clonetrace was built without libunwind (STACK=0)");
	return -1;
}
