/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_H
#define CLONETRACE_ANSWERS_DIFF_H

/*
 * `clonetrace diff`: two runs compared by structure, never by pid, time or
 * inode.  Tasks match by their role (what ran, its argv, the creating call,
 * their place among their siblings) in a tree of processes (a thread under
 * its process, whichever thread made it); alike siblings (a pool of threads
 * or workers) are one group, whose count is compared only when asked; names
 * a program makes up on every run (mkstemp's, memfd's, /proc/PID) are
 * written alike; namespaces compare by where they came from.
 */

#include <stdbool.h>
#include <stdio.h>

#include "answers/filter.h"
#include "format/trace.h"

/* Lines only one side has (the calls a task made). */
struct diff_lines {
	char **v;
	int n;
};

/* One difference (docs/stats.md): what it is, where, and the two sides. */
struct diff_item {
	const char *what;	/* "only_in_a", "only_in_b", "count", or a field's kind:
				   "task", "call", "exec", "namespaces", "sharing" */
	char *path;		/* the labels down to it: A's, where A has it */
	char *b_path;		/* B's, where both have it and it is not A's; else NULL */
	bool has_a, has_b;	/* a task of that side stands for it */
	long long a_id, a_tid, b_id, b_tid;
	long long count, tasks;	/* only_in_*: alike subtrees, and the tasks in them */
	bool passed_over;	/* only_in_*: the task and its threads only, what it made
				   matched on below */
	long long a_count, b_count;	/* "count" */
	char *field;		/* a field's kind: the field ("ns mnt,net": kinds alike) */
	char *a, *b;		/* its values; NULL for the calls, whose lines are: */
	struct diff_lines a_only, b_only;
};

/* The differences, in the order they were found. */
struct diffs {
	struct diff_item *v;
	int n, cap;
};

struct diff_opts {
	const struct filter *filter;	/* compare only what it keeps of each trace */
	bool counts;			/* compare the counts of alike siblings too */
	bool json;			/* the differences as JSON, else text */
	const char *name_a, *name_b;	/* the traces' names, for the text */
};

/*
 * A comparison a trace at a time, so that two large traces need not be in
 * memory together: diff_add() keeps what comparing needs of a trace (A
 * first, then B), which may go after it, and returns how many of its tasks
 * the filter kept; diff_end() gives the differences (free them with
 * diff_free(); NULL when fewer than two traces were added: given up) and
 * frees d.  Only what f (kept by reference until then) keeps of each trace
 * is compared; counts: the counts of alike siblings too.
 */
struct differ *diff_begin(const struct filter *f, bool counts);
int diff_add(struct differ *d, const struct trace *t);
struct diffs *diff_end(struct differ *d);
void diff_free(struct diffs *ds);

/* The differences of b from a, as o says (its filter and counts); free them with diff_free(). */
struct diffs *diff_new(const struct trace *a, const struct trace *b, const struct diff_opts *o);

#endif
