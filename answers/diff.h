/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DIFF_H
#define CLONETRACE_ANSWERS_DIFF_H

/*
 * `clonetrace diff`: two traces compared by structure.  Tasks match by their
 * place in the tree (kind, comm, exe, argv and creating call), never by pid or
 * time; identical sibling subtrees (a pool of workers) compare by count; new
 * namespaces compare by the call that created them, never by inode.
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
	char *path;		/* the labels down to it */
	bool has_a, has_b;	/* a task of that side stands for it */
	long long a_id, a_tid, b_id, b_tid;
	long long count, tasks;	/* only_in_*: alike subtrees, and the tasks in them */
	long long a_count, b_count;	/* "count" */
	char *field;		/* a field's kind: the field */
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
	bool json;			/* the differences as JSON, else text */
	const char *name_a, *name_b;	/* the traces' names, for the text */
};

/*
 * A comparison a trace at a time, so that two large traces need not be in
 * memory together: diff_add() keeps what comparing needs of a trace (A
 * first, then B), which may go after it; diff_end() gives the differences
 * (free them with diff_free(); NULL when fewer than two traces were added:
 * given up) and frees d.  Only what f (kept by reference until then) keeps
 * of each trace is compared.
 */
struct differ *diff_begin(const struct filter *f);
void diff_add(struct differ *d, const struct trace *t);
struct diffs *diff_end(struct differ *d);
void diff_free(struct diffs *ds);

/* diff_end()'s differences on out, as o says.  1 the same, 0 different, -1 writing failed. */
int diff_print(FILE *out, const struct diffs *ds, const struct diff_opts *o);

/* All of it for two traces in memory: the differences of b from a on out, as diff_print(). */
int diff_write(FILE *out, const struct trace *a, const struct trace *b, const struct diff_opts *o);

/* The differences of b from a; free them with diff_free(). */
struct diffs *diff_new(const struct trace *a, const struct trace *b, const struct filter *f);

#endif
