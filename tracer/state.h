/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STATE_H
#define CLONETRACE_TRACER_STATE_H

/*
 * The tracer's state, made and let go of (state.c): struct tracer, its
 * records (task.c) and each module's own state (next.c, orphans.c,
 * watch.c, untraced.c; the connector's renames.c and exits.c are opened
 * when a command is launched).
 */

struct options;
struct tracer;

/* Everything tr holds, new; state_free() releases it. */
void state_init(struct tracer *tr, const struct options *opt);
/* Everything tr holds, the stacks and the connector's sockets too. */
void state_free(struct tracer *tr);

#endif
