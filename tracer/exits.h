/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EXITS_H
#define CLONETRACE_TRACER_EXITS_H

/*
 * Deaths told by the kernel's process-events connector, so that each is
 * reaped by its tid.  waitpid(-1) walks the tracees newest first until it
 * finds one with news: with thousands alive and the oldest dying first
 * (threads let go together), each death cost a walk of thousands.  The
 * connector names the task that died; waitpid(tid, WNOHANG) takes it at
 * once.  A death the connector did not tell (its queue overflowed, or no
 * connector: not root) is still found by waitpid(-1), as before.
 */

#include <sys/types.h>

struct exits;
struct task;
struct tracer;

/*
 * Listens for deaths, when renames_open() found the connector working
 * (tr->renames): the state of tr->exits, or NULL.
 */
struct exits *exits_open(const struct tracer *tr);
/*
 * A task of tr's that died and is now reaped: its tid, its wait status in
 * *status; 0 when the connector has told of none more.  Never blocks.
 */
pid_t exits_reap(struct tracer *tr, int *status);
/*
 * t died before its creator's clone event (a creator killed in its clone
 * never reports it): when the connector tells of its death, which may
 * come after it was reaped, t learns its thread group from it.
 */
void exits_unlinked(struct tracer *tr, struct task *t);
/* At the end: the deaths still to be told are read. */
void exits_settle(struct tracer *tr);
/* Closes and frees tr->exits, which is NULL then. */
void exits_close(struct tracer *tr);

#endif
