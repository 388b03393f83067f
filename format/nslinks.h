/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_NSLINKS_H
#define CLONETRACE_FORMAT_NSLINKS_H

/* Inside the trace reader: the namespace instances of tasks and calls. */

#include "format/typed.h"

/*
 * Each task's namespaces and each call's "made" as instances of
 * trace.nss: by the ids of a version 2 trace (its "ns" inodes checked
 * against them), or for a version 1 trace one instance per kind and inode,
 * a call's made ones those of the task it left in them.  Needs the tasks'
 * calls (tr_task.calls).  0, or -1 with *e filled.
 */
int nslinks_resolve(struct trace *t, struct trace_error *e);

#endif
