/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_RENAMES_H
#define CLONETRACE_TRACER_RENAMES_H

/*
 * Task names from the kernel's process-events connector (cn_proc): one
 * message per prctl(PR_SET_NAME) and per write to /proc/TID/comm, from any
 * task, with the time it happened, and nothing for the tasks that don't
 * rename themselves.  This is how a rename is seen without a ptrace stop
 * per task (PTRACE_O_TRACEEXIT): it needs CAP_NET_ADMIN in the initial
 * user and PID namespaces, and Linux 6.6's per-listener event filter.
 */

#include <stdbool.h>
#include <stdint.h>

struct renames;
struct tracer;

/*
 * A connector socket told of the events in mask events (PROC_EVENT_*), its
 * queue queue_bytes long; -1 on failure.  A kernel that won't serve it
 * says nothing: renames_open() tests its own.
 */
int renames_listen(uint32_t events, int queue_bytes);

/* Listens for renames: the state of tr->renames; NULL (nothing open) when the kernel won't tell. */
struct renames *renames_open(void);
/* Stops handled between two renames_drain(). */
#define RENAMES_EVERY_STOPS 64

/* Applies every rename the kernel has sent so far; never blocks. */
void renames_drain(struct tracer *tr);
/*
 * At the end, after the last renames_drain(): a task is born with the name
 * its creator had then, which a rename read late may have changed.  And
 * meta.notes says so if the connector dropped some.
 */
void renames_settle(struct tracer *tr);
/* Closes and frees tr->renames, which is NULL then. */
void renames_close(struct tracer *tr);

#endif
