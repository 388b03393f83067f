/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_FILTER_H
#define CLONETRACE_ANSWERS_FILTER_H

/*
 * Filters shared by every view of a trace (stats, diff, show, render, the
 * exporters): one small syntax, docs/stats.md "Filters".
 *
 *   FILTER := TERM [SEP TERM]...      SEP: blanks or ';'.  Every term must hold.
 *   TERM   := KEY=VALUE[,VALUE...]    one of the values matches
 *           | KEY!=VALUE[,VALUE...]   none of the values matches
 *           | failed | newns          status=failed, ns=any
 *   KEY    := syscall (or trace)  clone clone3 fork vfork unshare setns execve
 *           | status              failed successful (ok) unfinished
 *           | ns                  cgroup ipc mnt net pid time user uts any: calls
 *                                 that ask for a new namespace of that kind
 *                                 (clone, clone3, unshare; worked or not)
 *           | comm | exe          globs (fnmatch(3); '*' crosses '/')
 *           | pid                 N: the tasks of process (thread group) N
 *           | tree                N: the task(s) with tid N and all below them
 *           | time                A..B, either end optional: 1.5s, 200ms, 10us, 7ns
 *           | container           ID: the tasks in the container whose id is ID or
 *                                 begins with it (docker's short ids)
 *           | in                  KIND:INODE[#N] as show names a namespace, or
 *                                 KIND:N, its id in the trace (mnt:2): the tasks
 *                                 that ended in that namespace
 *
 * syscall, status, ns and time are call terms; comm, exe, pid, tree, time,
 * container and in task terms.  A call passes when the call terms hold for it and the task
 * terms for its caller (time: the call's entry).  A task passes when the task
 * terms hold (time: its lifetime overlaps the window) and, if there are call
 * terms besides time, they all hold for one of its events: its creating call,
 * a call it made, or an execve of it (worked, or failed: exec_failures).
 */

#include <stdbool.h>
#include <stddef.h>

#include "answers/esc.h"
#include "format/trace.h"

enum filter_key {
	FK_SYSCALL, FK_STATUS, FK_NS, FK_COMM, FK_EXE, FK_PID, FK_TREE, FK_TIME, FK_CONTAINER, FK_IN,
};

struct filter_term {
	enum filter_key key;
	bool negate;			/* != */
	char **values;			/* as written (syscall, comm, exe, status, container) */
	long long *nums;		/* pid, tree */
	int n_values;
	unsigned ns_kinds;		/* ns: 1 << enum ns_kind; all bits for "any" */
	long long from_ns, to_ns;	/* time: [from, to]; to -1: open */
};

struct filter {
	struct filter_term *terms;
	int n_terms;
};

/* What a filter keeps of one trace: task[i], call[j]. */
struct filter_match {
	bool *task, *call;
	int n_tasks, n_calls;		/* how many are kept */
	bool *who;			/* tasks the task terms alone keep: whose events may pass */
};

void filter_init(struct filter *f);
/* Adds the terms of expr (every -e adds to the filter).  0, or -1 with err filled. */
int filter_parse(struct filter *f, const char *expr, char *err, size_t errlen);
bool filter_empty(const struct filter *f);
/* The filter as one canonical line: "syscall=clone3 status=failed"; "" when empty. */
void filter_describe(struct sbuf *b, const struct filter *f);
void filter_free(struct filter *f);

/* Marks what f keeps of t (everything, for an empty filter).  Free with filter_match_free. */
void filter_apply(const struct filter *f, const struct trace *t, struct filter_match *m);
void filter_match_free(struct filter_match *m);

/* An exec of task: its n-th worked exec, or (failed) its n-th failed one. */
bool filter_exec(const struct filter *f, const struct trace *t, const struct filter_match *m,
		 int task, int n, bool failed);

/* Namespace kinds (1 << enum ns_kind) a clone, clone3 or unshare asks to create; 0 for setns. */
unsigned filter_ns_kinds(const struct tr_call *c);

#endif
