/* SPDX-License-Identifier: MIT */
/*
 * The numbers of `clonetrace stats`, computed as JSON: calls by syscall and
 * flag set with their failures, failures by errno and by clone(2) rule,
 * tasks per process, lifetimes, the creation rate, the deepest process tree,
 * execs and namespaces.  Only what the filter keeps is counted.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "answers/stats.h"

/* Creation-rate windows, the longest first: the first no longer than a tenth of the run. */
static const long long rate_windows_ns[] = { 1000000000LL, 100000000LL, 10000000LL, 1000000LL };

/* The trace's strings as a JSON array. */
static json_t *strings_json(struct tr_strings s)
{
	json_t *arr = json_array();

	for (int i = 0; i < s.n; i++)
		json_array_append_new(arr, json_string(s.v[i]));
	return arr;
}

/* obj[key] += by, creating it at 0. */
static void bump(json_t *obj, const char *key, long long by)
{
	json_t *v = json_object_get(obj, key);

	if (v)
		json_integer_set(v, json_integer_value(v) + by);
	else
		json_object_set_new(obj, key, json_integer(by));
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p percent of the values at or below it. */
static long long percentile(const long long *sorted, int n, int p)
{
	int rank = (int)(((long long)p * n + 99) / 100);

	return sorted[rank > 0 ? rank - 1 : 0];
}

/* {"count", "min", "median", "p99", "max"} of v[0..n) (sorted here); nulls when n is 0. */
static json_t *spread(long long *v, int n, bool p99)
{
	json_t *o = json_object();

	qsort(v, n, sizeof(*v), cmp_ll);
	json_object_set_new(o, "count", json_integer(n));
	json_object_set_new(o, "min", n ? json_integer(v[0]) : json_null());
	json_object_set_new(o, "median", n ? json_integer(percentile(v, n, 50)) : json_null());
	if (p99)
		json_object_set_new(o, "p99", n ? json_integer(percentile(v, n, 99)) : json_null());
	json_object_set_new(o, "max", n ? json_integer(v[n - 1]) : json_null());
	return o;
}

/* {"name": count} as [{"<key>": name, "calls": count}], most first, then by name. */
static int by_count(const void *a, const void *b)
{
	json_t *x = *(json_t *const *)a, *y = *(json_t *const *)b;
	long long cx = json_integer_value(json_object_get(x, "calls"));
	long long cy = json_integer_value(json_object_get(y, "calls"));

	if (cx != cy)
		return cx > cy ? -1 : 1;
	return strcmp(json_string_value(json_object_get(x, "_key")),
		      json_string_value(json_object_get(y, "_key")));
}

/* The objects of a name -> object map as an array sorted by_count; "_key" dropped. */
static json_t *sorted_rows(json_t *map)
{
	size_t n = json_object_size(map), i = 0;
	json_t **rows = xcalloc(n + 1, sizeof(*rows)), *arr = json_array(), *v;
	const char *key;

	json_object_foreach(map, key, v) {
		json_object_set_new(v, "_key", json_string(key));
		rows[i++] = v;
	}
	qsort(rows, n, sizeof(*rows), by_count);
	for (i = 0; i < n; i++) {
		json_object_del(rows[i], "_key");
		json_array_append(arr, rows[i]);
	}
	free(rows);
	json_decref(map);
	return arr;
}

/* {"EINVAL": 2} as [{"errno": "EINVAL", "calls": 2}], most first. */
static json_t *count_rows(json_t *counts, const char *name)
{
	json_t *map = json_object(), *v;
	const char *key;

	json_object_foreach(counts, key, v) {
		json_t *row = json_object();

		json_object_set_new(row, name, json_string(key));
		json_object_set(row, "calls", v);
		json_object_set_new(map, key, row);
	}
	json_decref(counts);
	return sorted_rows(map);
}

/* Counts one call (or exec) in its row of kinds, in errnos and in rules. */
static void count_call(json_t *kinds, json_t *errnos, json_t *rules, const char *syscall,
		       const char *flags, const char *err, struct tr_strings violates)
{
	json_t *row;
	struct sbuf key;

	sb_init(&key);
	sb_printf(&key, "%s %s", syscall, flags);
	row = json_object_get(kinds, sb_str(&key));
	if (!row) {
		row = json_pack("{sssssisiso}", "syscall", syscall, "flags", flags, "calls", 0,
				"failed", 0, "errors", json_object());
		json_object_set_new(kinds, sb_str(&key), row);
	}
	sb_free(&key);
	bump(row, "calls", 1);
	bump(row, "failed", err != NULL);
	if (err) {
		bump(json_object_get(row, "errors"), err, 1);
		bump(errnos, err, 1);
	}
	for (int j = 0; j < violates.n; j++) {
		json_t *r = json_object_get(rules, violates.v[j]);

		if (!r) {
			r = json_pack("{sssisi}", "rule", violates.v[j], "calls", 0, "failed", 0);
			json_object_set_new(rules, violates.v[j], r);
		}
		bump(r, "calls", 1);
		bump(r, "failed", err != NULL);
	}
}

/* Every kept call, and every kept execve (a task's execs stand for them). */
static json_t *calls_part(const struct trace *t, const struct filter *f,
			  const struct filter_match *m)
{
	json_t *kinds = json_object(), *errnos = json_object(), *rules = json_object();
	json_t *o = json_object();
	long long total = 0, failed = 0;
	struct sbuf flags;

	sb_init(&flags);
	for (int i = 0; i < t->n_calls; i++) {
		const struct tr_call *c = &t->calls[i];
		bool bad = c->result == RESULT_ERRNO;

		if (!m->call[i])
			continue;
		total++;
		failed += bad;
		sb_reset(&flags);
		describe_flags(&flags, c, ESC_TEXT);
		/* fork(2) and vfork(2) name their own flag set */
		if (strcmp(sb_str(&flags), c->syscall) == 0)
			sb_reset(&flags);
		count_call(kinds, errnos, rules, c->syscall, sb_str(&flags), bad ? c->err : NULL,
			   c->violates);
	}
	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		for (int j = 0; j < x->n_execs + x->n_exec_failures; j++) {
			bool bad = j >= x->n_execs;
			int n = bad ? j - x->n_execs : j;

			if (!filter_exec(f, t, m, k, n, bad))
				continue;
			total++;
			failed += bad;
			count_call(kinds, errnos, rules, "execve", "",
				   bad ? x->exec_failures[n].err : NULL, (struct tr_strings){ 0 });
		}
	}
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "failed", json_integer(failed));
	json_object_set_new(o, "by_kind", sorted_rows(kinds));
	json_object_set_new(o, "by_errno", count_rows(errnos, "errno"));
	json_object_set_new(o, "by_rule", sorted_rows(rules));
	sb_free(&flags);
	return o;
}

/* Process generations from the top of the tree, for every thread group. */
static int *group_depths(const struct trace *t)
{
	int *depth = xcalloc(t->n_groups + 1, sizeof(int)), *path = xcalloc(t->n_groups + 1,
									      sizeof(int));

	for (int g = 0; g < t->n_groups; g++)
		depth[g] = -1;
	/* Walk up to a known depth, then fill in the path on the way back: no recursion. */
	for (int g = 0; g < t->n_groups; g++) {
		int n = 0, at = g, d;

		while (at >= 0 && depth[at] < 0 && n <= t->n_groups) {
			path[n++] = at;
			at = t->groups[at].up;
		}
		d = at >= 0 && depth[at] >= 0 ? depth[at] : -1;
		while (n > 0)
			depth[path[--n]] = ++d;
	}
	free(path);
	return depth;
}

/* The most creations in any window of w ns, and where the first such window starts. */
static long long peak(const long long *starts, int n, long long w, long long *at)
{
	long long best = 0;

	*at = -1;
	for (int i = 0, j = 0; i < n; i++) {
		while (starts[i] - starts[j] >= w)
			j++;
		if (i - j + 1 > best) {
			best = i - j + 1;
			*at = starts[j];
		}
	}
	return best;
}

static json_t *creations(const struct trace *t, const struct filter_match *m)
{
	long long *starts = xcalloc(t->n_tasks + 1, sizeof(long long)), run = 0, w, at, n_peak;
	json_t *o = json_object();
	int n = 0;
	size_t i;

	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		if (x->end_ns > run)
			run = x->end_ns;
		if (x->start_ns > run)
			run = x->start_ns;
		if (m->task[k] && x->call >= 0)
			starts[n++] = x->start_ns;
	}
	if (t->meta.duration_ns > 0)
		run = t->meta.duration_ns;
	qsort(starts, n, sizeof(*starts), cmp_ll);
	for (i = 0; i + 1 < sizeof(rate_windows_ns) / sizeof(rate_windows_ns[0]); i++)
		if (rate_windows_ns[i] * 10 <= run)
			break;
	w = rate_windows_ns[i];
	n_peak = peak(starts, n, w, &at);
	json_object_set_new(o, "total", json_integer(n));
	json_object_set_new(o, "run_ns", json_integer(run));
	json_object_set_new(o, "per_second", run > 0 ? json_real((double)n * 1e9 / (double)run) :
			    json_null());
	json_object_set_new(o, "peak_window_ns", json_integer(w));
	json_object_set_new(o, "peak_in_window", json_integer(n_peak));
	json_object_set_new(o, "peak_per_second", json_real((double)n_peak * 1e9 / (double)w));
	json_object_set_new(o, "peak_at_ns", at >= 0 ? json_integer(at) : json_null());
	free(starts);
	return o;
}

static json_t *task_ref(const struct trace *t, int task)
{
	return json_pack("{sIsIss}", "id", (json_int_t)t->tasks[task].id, "tid",
			 (json_int_t)t->tasks[task].tid, "comm", t->tasks[task].comm);
}

static json_t *tasks_part(const struct trace *t, const struct filter_match *m)
{
	long long *life = xcalloc(t->n_tasks + 1, sizeof(long long));
	long long *per = xcalloc(t->n_groups + 1, sizeof(long long));
	int n_life = 0, n_groups = 0, threads = 0, alive = 0, escaped = 0, deepest = -1;
	int *depth = group_depths(t);
	json_t *o = json_object(), *deep = json_object();

	for (int g = 0; g < t->n_groups; g++) {
		long long kept = 0;

		for (int j = 0; j < t->groups[g].n_tasks; j++)
			kept += m->task[t->groups[g].tasks[j]];
		if (kept)
			per[n_groups++] = kept;
		if (kept && (deepest < 0 || depth[g] > depth[deepest]))
			deepest = g;
	}
	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		if (!m->task[k])
			continue;
		threads += x->thread;
		escaped += x->escaped;
		if (x->end_ns >= 0 && !x->escaped)
			life[n_life++] = x->end_ns - x->start_ns;
		else if (!x->escaped)
			alive++;
	}
	json_object_set_new(o, "total", json_integer(m->n_tasks));
	json_object_set_new(o, "processes", json_integer(n_groups));
	json_object_set_new(o, "threads", json_integer(threads));
	json_object_set_new(o, "alive_at_end", json_integer(alive));
	json_object_set_new(o, "escaped", json_integer(escaped));
	json_object_set_new(o, "per_process", spread(per, n_groups, false));
	json_object_set_new(o, "lifetime_ns", spread(life, n_life, true));
	json_object_set_new(o, "creations", creations(t, m));
	json_object_set_new(deep, "levels", json_integer(deepest >= 0 ? depth[deepest] + 1 : 0));
	json_object_set_new(deep, "task", deepest >= 0 ?
			    task_ref(t, t->groups[deepest].leader) : json_null());
	json_object_set_new(o, "deepest_tree", deep);
	free(depth);
	free(per);
	free(life);
	return o;
}

static json_t *execs_part(const struct trace *t, const struct filter *f,
			  const struct filter_match *m)
{
	json_t *o = json_object(), *errnos = json_object();
	long long worked = 0, failed = 0;

	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		for (int j = 0; j < x->n_execs; j++)
			worked += filter_exec(f, t, m, k, j, false);
		for (int j = 0; j < x->n_exec_failures; j++) {
			if (!filter_exec(f, t, m, k, j, true))
				continue;
			failed++;
			bump(errnos, x->exec_failures[j].err, 1);
		}
	}
	json_object_set_new(o, "total", json_integer(worked + failed));
	json_object_set_new(o, "failed", json_integer(failed));
	json_object_set_new(o, "failed_by_errno", count_rows(errnos, "errno"));
	return o;
}

/* The kinds a setns asks for: its nstype flags, else (0: any) the kind of its fd. */
static unsigned joined_kinds(const struct tr_call *c)
{
	int k = c->ns_type;
	struct tr_call as_unshare = *c;
	unsigned kinds;

	as_unshare.syscall = "unshare";
	kinds = filter_ns_kinds(&as_unshare);
	return kinds ? kinds : k >= 0 ? 1u << k : 0;
}

static json_t *namespaces_part(const struct trace *t, const struct filter_match *m)
{
	json_t *arr = json_array(), *seen[NS_COUNT];
	long long made[NS_COUNT] = { 0 }, refused[NS_COUNT] = { 0 }, joined[NS_COUNT] = { 0 };

	for (int i = 0; i < t->n_calls; i++) {
		const struct tr_call *c = &t->calls[i];
		bool is_setns = strcmp(c->syscall, "setns") == 0;
		unsigned kinds = is_setns ? joined_kinds(c) : filter_ns_kinds(c);

		if (!m->call[i])
			continue;
		for (int k = 0; k < NS_COUNT; k++) {
			if (!(kinds & (1u << k)))
				continue;
			if (c->result == RESULT_ERRNO)
				refused[k]++;
			else if (is_setns)
				joined[k]++;
			else
				made[k]++;
		}
	}
	for (int k = 0; k < NS_COUNT; k++)
		seen[k] = json_object();
	for (int i = 0; i < t->n_tasks; i++) {
		char inode[32];

		if (!m->task[i])
			continue;
		for (int k = 0; k < NS_COUNT; k++) {
			if (!t->tasks[i].ns[k])
				continue;
			snprintf(inode, sizeof(inode), "%lld", t->tasks[i].ns[k]);
			json_object_set_new(seen[k], inode, json_true());
		}
	}
	for (int k = 0; k < NS_COUNT; k++) {
		/* pid_for_children and time_for_children are where the new ones show first. */
		if (k != NS_PID_FOR_CHILDREN && k != NS_TIME_FOR_CHILDREN)
			json_array_append_new(arr, json_pack("{sssIsIsIsI}", "kind",
				ct_ns[k].name, "created", (json_int_t)made[k],
				"failed", (json_int_t)refused[k], "joined", (json_int_t)joined[k],
				"seen", (json_int_t)json_object_size(seen[k])));
		json_decref(seen[k]);
	}
	return arr;
}

json_t *stats_new(const struct trace *t, const struct filter *f, const struct filter_match *m)
{
	json_t *o = json_object(), *tr = json_object();
	struct sbuf d;

	sb_init(&d);
	filter_describe(&d, f);
	json_object_set_new(tr, "argv", t->meta.argv.v ? strings_json(t->meta.argv) : json_null());
	json_object_set_new(tr, "mode", t->meta.mode ? json_string(t->meta.mode) : json_null());
	json_object_set_new(tr, "duration_ns", t->meta.duration_ns >= 0 ?
			    json_integer(t->meta.duration_ns) : json_null());
	json_object_set_new(tr, "complete", json_boolean(t->meta.complete));
	json_object_set_new(o, "trace", tr);
	json_object_set_new(o, "filter", d.len ? json_string(sb_str(&d)) : json_null());
	json_object_set_new(o, "calls", calls_part(t, f, m));
	json_object_set_new(o, "tasks", tasks_part(t, m));
	json_object_set_new(o, "execs", execs_part(t, f, m));
	json_object_set_new(o, "namespaces", namespaces_part(t, m));
	sb_free(&d);
	return o;
}
