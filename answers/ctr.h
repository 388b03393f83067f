/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_CTR_H
#define CLONETRACE_ANSWERS_CTR_H

/*
 * The containers of a trace (tasks[].container), for show, its audit and
 * stats (ctr.c): the tasks of each.
 */

#include <stdbool.h>

#include "base/sbuf.h"
#include "format/trace.h"

/* One container: the tasks whose container is it. */
struct ctr {
	const char *runtime, *id, *pod;	/* the trace's; pod NULL: none */
	const char *via;		/* "cgroup" or "command" */
	int *tasks;			/* task indices, in t->order */
	int n_tasks, processes, threads;
	const char *cgroup;		/* its first task's cgroup path (v2, else the first v1 not "/"); NULL: none */
};

/*
 * The containers of t, in order of their first task in t->order, counting
 * only the tasks keep marks (all, if keep is NULL): a new array of *n.
 */
struct ctr *ctr_list(const struct trace *t, const bool *keep, int *n);
void ctr_list_free(struct ctr *v, int n);
/* An id as docker shows it: 64 hex digits as their first 12, any other id whole (escaped). */
void ctr_short_id(struct sbuf *b, const char *id);
/* The path to show of a task's cgroups: v2's, else the first v1 one that is not "/"; NULL: none. */
const char *ctr_cgroup_path(const struct tr_task *k);
/* A call that asks for a new namespace (clone, clone3, unshare with CLONE_NEW*), or a setns. */
bool ctr_ns_call(const struct tr_call *c);
/* ... made by a task in[] marks, or making one: a call made for the container in[] holds. */
bool ctr_ns_call_for(const struct tr_call *c, const bool *in);

#endif
