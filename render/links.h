/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_RENDER_LINKS_H
#define CLONETRACE_RENDER_LINKS_H

/* Inside the trace reader: from ids to indices, thread groups, cycles. */

#include "render/trace.h"

/* Fills e->text; returns -1. */
int trace_error_set(struct trace_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Resolves every task and call id, groups the tasks into thread groups,
 * refuses cycles of parents and of creators, and orders the tasks so that
 * each comes after the task it is drawn under.  0, or -1 with *e filled.
 */
int links_resolve(struct trace *t, struct trace_error *e);

#endif
