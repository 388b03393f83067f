/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_LINKS_H
#define CLONETRACE_FORMAT_LINKS_H

/* Inside the trace reader: from ids to indices, thread groups, cycles. */

#include "format/typed.h"

/*
 * Resolves every task and call id, groups the tasks into thread groups,
 * refuses cycles of parents and of creators, and orders the tasks so that
 * each comes after the task it is drawn under.  0, or -1 with *e filled.
 */
int links_resolve(struct trace *t, struct trace_error *e);

#endif
