/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_UNITS_H
#define CLONETRACE_ANSWERS_UNITS_H

/*
 * What a picture or `show` draws: units (a task each, or a thread group each
 * with its threads folded in) in a tree, cut by --focus and --depth, with
 * identical sibling subtrees folded into one by --collapse.
 */

#include <stdbool.h>
#include <stddef.h>

#include "answers/esc.h"
#include "format/trace.h"

enum unit_mode {
	UNIT_TASKS,		/* a unit per task */
	UNIT_GROUPS,		/* a unit per thread group: a process with its threads */
};

struct unit {
	int task;		/* the task drawn: the unit's own, or the group's leader */
	int group;		/* thread group of that task */
	int parent;		/* unit above, -1: a root */
	int kid, sib;		/* first child and next sibling, in order of id; -1: none */
	int threads;		/* UNIT_GROUPS: tasks of the group besides the leader */
	int count;		/* identical subtrees this unit stands for; 0: folded away */
	int folded;		/* next unit folded into this one's representative; -1: none */
	int hidden;		/* tasks below, cut off by --depth */
	/*
	 * A long chain folded (select.fold_chains): gap units of the chain
	 * above this one are not shown; gap_top is the last shown unit above
	 * them.  0: none.
	 */
	int gap, gap_top;
	bool shown;
};

struct select {
	long long focus;	/* tid of the task on top; 0: the whole trace */
	int depth;		/* process generations below the top; -1: no limit */
	bool collapse;		/* fold identical sibling subtrees */
	/*
	 * > 0: a chain (each unit the only shown child of the one above) longer
	 * than 2 * fold_chains + 1 units keeps fold_chains units at each end;
	 * the ones between are folded into the gap of the first unit after them.
	 */
	int fold_chains;
	/*
	 * A filter's verdict (filter.h, struct filter_match), NULL: all kept.  A
	 * unit is shown when a task of it or below it is kept; a failed call
	 * when it is kept.  filter is its text, for titles.
	 */
	const bool *keep_task, *keep_call;
	const char *filter;
};

struct units {
	const struct trace *t;
	enum unit_mode mode;
	struct unit *u;
	int n;
	int *of_task;		/* unit of each task */
	int *order;		/* every unit after its parent */
	int n_shown;
	int depth_shown;	/* longest chain of shown units, in edges */
	int focus_matches;	/* tasks that had the --focus tid */
	const bool *keep_call;	/* select.keep_call */
};

/*
 * Writes what makes two units alike for --collapse (their subtrees are
 * compared by the model); ctx is the view's.
 */
typedef void (*units_key_fn)(struct sbuf *key, const struct units *m, int unit, const void *ctx);

/* 0, or -1 with a message in err (--focus names no task). */
int units_build(struct units *m, const struct trace *t, enum unit_mode mode,
		const struct select *s, units_key_fn key, const void *ctx,
		char *err, size_t errlen);
void units_free(struct units *m);

/* Tasks a unit shows: the task itself, or every task of its group. */
int units_tasks(const struct units *m, int unit, const int **tasks);

/*
 * The failed calls of a unit's tasks, equal ones (by describe_failed) once:
 * (*calls)[i] is the first of (*counts)[i].  Returns how many; free both.
 */
int units_failed(const struct units *m, int unit, int **calls, int **counts);

/* The unit's tasks' successful unshare and setns calls, in order; returns how many; free *calls. */
int units_ns_calls(const struct units *m, int unit, int **calls);

#endif
