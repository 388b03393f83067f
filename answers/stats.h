/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_STATS_H
#define CLONETRACE_ANSWERS_STATS_H

/*
 * `clonetrace stats`: the numbers of a trace, strace -c style.  stats_new()
 * computes them; stats_json_new() gives them as the JSON object `--json`
 * prints (docs/stats.md lists every field), stats_text_write() as tables.
 * Names in them (syscalls, errnos, rules, comm) are the trace's: valid while
 * it lives.
 */

#include <stdbool.h>
#include <stdio.h>
#include <jansson.h>

#include "answers/filter.h"
#include "format/trace.h"

/* A count by a name: calls that failed with an errno. */
struct stats_count {
	const char *name;
	long long calls;
};

/* Calls of one syscall and flag set ("by_kind"). */
struct stats_kind {
	const char *syscall;
	char *flags;			/* describe_flags()'s, owned; "" for none */
	long long calls, failed;
	struct stats_count *errors;	/* in order of first failure */
	int n_errors, cap_errors;
};

/* Calls that broke a clone(2) rule ("by_rule"). */
struct stats_rule {
	const char *rule;
	long long calls, failed;
};

/* "count", "min", "median", "p99", "max" of some values. */
struct stats_spread {
	long long count;		/* 0: the rest are null */
	long long min, median, p99, max;
	bool has_p99;
};

/* One namespace kind's row. */
struct stats_ns {
	const char *kind;
	long long created, failed, joined, seen;
};

/* One container's row ("containers"): what its tasks did. */
struct stats_ctr {
	const char *runtime, *id, *pod, *via;	/* the trace's; pod NULL: none */
	const char *cgroup;		/* its first task's cgroup path; NULL: none */
	long long tasks, processes, threads, execs, calls, ns_calls;
};

struct stats {
	/* "trace" and "filter" */
	struct tr_strings argv;
	const char *mode;		/* NULL: null */
	long long duration_ns;		/* -1: null */
	bool complete;
	char *filter;			/* owned; NULL: null */
	/* "calls": the rows most calls first, then by name */
	long long calls, calls_failed;
	struct stats_kind *kinds;
	int n_kinds;
	struct stats_count *errnos;
	int n_errnos;
	struct stats_rule *rules;
	int n_rules;
	/* "tasks" */
	long long tasks, processes, threads, alive, escaped;
	struct stats_spread per_process, lifetime;
	/* "tasks.creations" */
	long long created, run_ns, peak_window_ns, peak_in_window;
	long long peak_at_ns;		/* -1: null */
	double per_second;		/* with run_ns > 0, else null */
	double peak_per_second;
	/* "tasks.deepest_tree" */
	long long levels;
	int deepest;			/* the task at its top, -1: null */
	long long deepest_id, deepest_tid;
	const char *deepest_comm;
	/* "execs" */
	long long execs, execs_failed;
	struct stats_count *exec_errnos;
	int n_exec_errnos;
	/* "namespaces" */
	struct stats_ns ns[NS_COUNT];
	int n_ns;
	/* "containers": in order of their first task in the tree */
	struct stats_ctr *ctrs;
	int n_ctrs;
};

/* The statistics of what m keeps of t (f is only described); free them with stats_free(). */
struct stats *stats_new(const struct trace *t, const struct filter *f,
			const struct filter_match *m);
void stats_free(struct stats *s);
/* As the object `--json` prints; a new reference. */
json_t *stats_json_new(const struct stats *s);
/* As that object, indented, on out.  0, or -1 when writing failed. */
int stats_json_write(FILE *out, const struct stats *s);
/* As tables, times human-readable.  0, or -1 when writing failed. */
int stats_text_write(FILE *out, const struct stats *s);

#endif
