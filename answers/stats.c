/* SPDX-License-Identifier: MIT */
/*
 * The numbers of `clonetrace stats`: calls by syscall and flag set with their
 * failures, failures by errno and by clone(2) rule, tasks per process,
 * lifetimes, the creation rate, the deepest process tree, execs and
 * namespaces.  Only what the filter keeps is counted.
 */
#include <stdlib.h>
#include <string.h>

#include "answers/ctr.h"
#include "answers/describe.h"
#include "answers/stats.h"
#include "base/strmap.h"

/* Creation-rate windows, the longest first: the first no longer than a tenth of the run. */
static const long long rate_windows_ns[] = { 1000000000LL, 100000000LL, 10000000LL, 1000000LL };

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

/* The spread of v[0..n) (sorted here). */
static struct stats_spread spread(long long *v, int n, bool p99)
{
	struct stats_spread s = { .count = n, .has_p99 = p99 };

	qsort(v, n, sizeof(*v), cmp_ll);
	if (n > 0) {
		s.min = v[0];
		s.median = percentile(v, n, 50);
		s.p99 = percentile(v, n, 99);
		s.max = v[n - 1];
	}
	return s;
}

/* Counts by name, as they are found: an index, and the rows. */
struct counts {
	struct strmap index;
	struct stats_count *v;
	int n, cap;
};

static void count_add(struct counts *c, const char *name)
{
	bool added;
	long long *at = strmap_add(&c->index, name, &added);

	if (added) {
		c->v = xgrow(c->v, &c->cap, c->n + 1, sizeof(*c->v));
		c->v[c->n] = (struct stats_count){ .name = name };
		*at = c->n++;
	}
	c->v[*at].calls++;
}

/* Most calls first, then by name. */
static int by_count(const void *a, const void *b)
{
	const struct stats_count *x = a, *y = b;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* The rows of c, sorted by_count, into *v and *n; c is freed. */
static void count_rows(struct counts *c, struct stats_count **v, int *n)
{
	if (c->n > 0)
		qsort(c->v, c->n, sizeof(*c->v), by_count);
	*v = c->v;
	*n = c->n;
	strmap_free(&c->index);
}

/* A kind's row key: "syscall flags". */
static void kind_key(struct sbuf *b, const struct stats_kind *k)
{
	sb_reset(b);
	sb_printf(b, "%s %s", k->syscall, k->flags);
}

static int kinds_by_count(const void *a, const void *b)
{
	const struct stats_kind *x = a, *y = b;
	struct sbuf kx, ky;
	int rc;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	sb_init(&kx);
	sb_init(&ky);
	kind_key(&kx, x);
	kind_key(&ky, y);
	rc = strcmp(sb_str(&kx), sb_str(&ky));
	sb_free(&kx);
	sb_free(&ky);
	return rc;
}

static int rules_by_count(const void *a, const void *b)
{
	const struct stats_rule *x = a, *y = b;

	if (x->calls != y->calls)
		return x->calls > y->calls ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

/* What calls_part() counts into. */
struct calls_count {
	struct stats *s;
	struct strmap kind_index, rule_index;
	struct counts errnos;
	int cap_kinds, cap_rules;
};

/* Counts one call (or exec) in its row of kinds, in errnos and in rules. */
static void count_call(struct calls_count *cc, const char *syscall, const char *flags,
		       const char *err, struct tr_strings violates)
{
	struct stats *s = cc->s;
	struct stats_kind *row;
	struct sbuf key;
	long long *at;
	bool added;

	sb_init(&key);
	sb_printf(&key, "%s %s", syscall, flags);
	at = strmap_add(&cc->kind_index, sb_str(&key), &added);
	sb_free(&key);
	if (added) {
		s->kinds = xgrow(s->kinds, &cc->cap_kinds, s->n_kinds + 1, sizeof(*s->kinds));
		s->kinds[s->n_kinds] = (struct stats_kind){ .syscall = syscall,
							    .flags = xstrdup(flags) };
		*at = s->n_kinds++;
	}
	row = &s->kinds[*at];
	row->calls++;
	row->failed += err != NULL;
	if (err) {
		int e = 0;

		while (e < row->n_errors && strcmp(row->errors[e].name, err) != 0)
			e++;
		if (e == row->n_errors) {
			row->errors = xgrow(row->errors, &row->cap_errors, e + 1,
					    sizeof(*row->errors));
			row->errors[row->n_errors++] = (struct stats_count){ .name = err };
		}
		row->errors[e].calls++;
		count_add(&cc->errnos, err);
	}
	for (int j = 0; j < violates.n; j++) {
		at = strmap_add(&cc->rule_index, violates.v[j], &added);
		if (added) {
			s->rules = xgrow(s->rules, &cc->cap_rules, s->n_rules + 1,
					 sizeof(*s->rules));
			s->rules[s->n_rules] = (struct stats_rule){ .rule = violates.v[j] };
			*at = s->n_rules++;
		}
		s->rules[*at].calls++;
		s->rules[*at].failed += err != NULL;
	}
}

/* Every kept call, and every kept execve (a task's execs stand for them). */
static void calls_part(struct stats *s, const struct trace *t, const struct filter *f,
		       const struct filter_match *m)
{
	struct calls_count cc = { .s = s };
	struct sbuf flags;

	strmap_init(&cc.kind_index);
	strmap_init(&cc.rule_index);
	strmap_init(&cc.errnos.index);
	sb_init(&flags);
	for (int i = 0; i < t->n_calls; i++) {
		const struct tr_call *c = &t->calls[i];
		bool bad = c->result == RESULT_ERRNO;

		if (!m->call[i])
			continue;
		s->calls++;
		s->calls_failed += bad;
		sb_reset(&flags);
		describe_flags(&flags, c, ESC_TEXT);
		/* fork(2) and vfork(2) name their own flag set */
		if (strcmp(sb_str(&flags), c->syscall) == 0)
			sb_reset(&flags);
		count_call(&cc, c->syscall, sb_str(&flags), bad ? c->err : NULL, c->violates);
	}
	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		for (int j = 0; j < x->n_execs + x->n_exec_failures; j++) {
			bool bad = j >= x->n_execs;
			int n = bad ? j - x->n_execs : j;

			if (!filter_exec(f, t, m, k, n, bad))
				continue;
			s->calls++;
			s->calls_failed += bad;
			count_call(&cc, "execve", "", bad ? x->exec_failures[n].err : NULL,
				   (struct tr_strings){ 0 });
		}
	}
	if (s->n_kinds > 0)
		qsort(s->kinds, s->n_kinds, sizeof(*s->kinds), kinds_by_count);
	count_rows(&cc.errnos, &s->errnos, &s->n_errnos);
	if (s->n_rules > 0)
		qsort(s->rules, s->n_rules, sizeof(*s->rules), rules_by_count);
	strmap_free(&cc.kind_index);
	strmap_free(&cc.rule_index);
	sb_free(&flags);
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

static void creations(struct stats *s, const struct trace *t, const struct filter_match *m)
{
	long long *starts = xcalloc(t->n_tasks + 1, sizeof(long long)), run = 0, w, at, n_peak;
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
	s->created = n;
	s->run_ns = run;
	s->per_second = run > 0 ? (double)n * 1e9 / (double)run : 0;
	s->peak_window_ns = w;
	s->peak_in_window = n_peak;
	s->peak_per_second = (double)n_peak * 1e9 / (double)w;
	s->peak_at_ns = at;
	free(starts);
}

static void tasks_part(struct stats *s, const struct trace *t, const struct filter_match *m)
{
	long long *life = xcalloc(t->n_tasks + 1, sizeof(long long));
	long long *per = xcalloc(t->n_groups + 1, sizeof(long long));
	int n_life = 0, n_groups = 0, deepest = -1;
	int *depth = group_depths(t);

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
		s->threads += x->thread;
		s->escaped += x->escaped;
		if (x->end_ns >= 0 && !x->escaped)
			life[n_life++] = x->end_ns - x->start_ns;
		else if (!x->escaped)
			s->alive++;
	}
	s->tasks = m->n_tasks;
	s->processes = n_groups;
	s->per_process = spread(per, n_groups, false);
	s->lifetime = spread(life, n_life, true);
	creations(s, t, m);
	s->levels = deepest >= 0 ? depth[deepest] + 1 : 0;
	s->deepest = deepest >= 0 ? t->groups[deepest].leader : -1;
	if (s->deepest >= 0) {
		s->deepest_id = t->tasks[s->deepest].id;
		s->deepest_tid = t->tasks[s->deepest].tid;
		s->deepest_comm = t->tasks[s->deepest].comm;
	}
	free(depth);
	free(per);
	free(life);
}

static void execs_part(struct stats *s, const struct trace *t, const struct filter *f,
		       const struct filter_match *m)
{
	struct counts errnos = { 0 };

	strmap_init(&errnos.index);
	for (int k = 0; k < t->n_tasks; k++) {
		const struct tr_task *x = &t->tasks[k];

		for (int j = 0; j < x->n_execs; j++)
			s->execs += filter_exec(f, t, m, k, j, false);
		for (int j = 0; j < x->n_exec_failures; j++) {
			if (!filter_exec(f, t, m, k, j, true))
				continue;
			s->execs++;
			s->execs_failed++;
			count_add(&errnos, x->exec_failures[j].err);
		}
	}
	count_rows(&errnos, &s->exec_errnos, &s->n_exec_errnos);
}

/* Each container: its tasks, their execs and calls, the namespace calls made for it. */
static void containers_part(struct stats *s, const struct trace *t, const struct filter *f,
			    const struct filter_match *m)
{
	int n;
	struct ctr *v = ctr_list(t, m->task, &n);
	bool *in = xcalloc((size_t)t->n_tasks + 1, sizeof(bool));

	s->ctrs = xcalloc((size_t)n + 1, sizeof(*s->ctrs));
	for (int i = 0; i < n; i++) {
		struct stats_ctr *r = &s->ctrs[s->n_ctrs++];

		*r = (struct stats_ctr){ .runtime = v[i].runtime, .id = v[i].id, .pod = v[i].pod,
					 .via = v[i].via, .cgroup = v[i].cgroup,
					 .tasks = v[i].n_tasks, .processes = v[i].processes,
					 .threads = v[i].threads };
		memset(in, 0, (size_t)t->n_tasks);
		for (int j = 0; j < v[i].n_tasks; j++) {
			int k = v[i].tasks[j];

			in[k] = true;
			for (int x = 0; x < t->tasks[k].n_execs; x++)
				r->execs += filter_exec(f, t, m, k, x, false);
		}
		for (int c = 0; c < t->n_calls; c++) {
			r->calls += m->call[c] && in[t->calls[c].task];
			r->ns_calls += m->call[c] && ctr_ns_call_for(&t->calls[c], in);
		}
	}
	free(in);
	ctr_list_free(v, n);
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

/* Namespace instance v counted as seen, under its kind. */
static void seen_add(struct strmap seen[NS_COUNT], const struct trace *t, long long v)
{
	const struct tr_ns *x = trace_ns(t, v);
	char key[32];

	if (!x)
		return;
	snprintf(key, sizeof(key), "%lld", v);
	strmap_add(&seen[x->kind], key, NULL);
}

static void namespaces_part(struct stats *s, const struct trace *t, const struct filter_match *m)
{
	long long made[NS_COUNT] = { 0 }, refused[NS_COUNT] = { 0 }, joined[NS_COUNT] = { 0 };
	struct strmap seen[NS_COUNT];

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
		strmap_init(&seen[k]);
	/*
	 * Instances, not inodes: the kernel gives a freed namespace's inode to
	 * the next.  Every one the kept tasks were in, and every one a kept
	 * call made, though no task ended in it.
	 */
	for (int i = 0; i < t->n_tasks; i++) {
		if (!m->task[i])
			continue;
		for (int k = 0; k < NS_COUNT; k++)
			seen_add(seen, t, t->tasks[i].ns[k]);
	}
	for (int i = 0; i < t->n_calls; i++)
		for (int k = 0; m->call[i] && k < NS_COUNT; k++)
			seen_add(seen, t, t->calls[i].made[k]);
	for (int k = 0; k < NS_COUNT; k++) {
		/* pid_for_children and time_for_children are where the new ones show first. */
		if (k != NS_PID_FOR_CHILDREN && k != NS_TIME_FOR_CHILDREN)
			s->ns[s->n_ns++] = (struct stats_ns){ .kind = ct_ns[k].name,
				.created = made[k], .failed = refused[k], .joined = joined[k],
				.seen = (long long)seen[k].n };
		strmap_free(&seen[k]);
	}
}

struct stats *stats_new(const struct trace *t, const struct filter *f,
			const struct filter_match *m)
{
	struct stats *s = xcalloc(1, sizeof(*s));
	struct sbuf d;

	sb_init(&d);
	filter_describe(&d, f);
	s->argv = t->meta.argv;
	s->mode = t->meta.mode;
	s->duration_ns = t->meta.duration_ns >= 0 ? t->meta.duration_ns : -1;
	s->complete = t->meta.complete;
	s->filter = d.len ? sb_steal(&d) : NULL;
	calls_part(s, t, f, m);
	tasks_part(s, t, m);
	execs_part(s, t, f, m);
	namespaces_part(s, t, m);
	containers_part(s, t, f, m);
	sb_free(&d);
	return s;
}

void stats_free(struct stats *s)
{
	if (!s)
		return;
	for (int i = 0; i < s->n_kinds; i++) {
		free(s->kinds[i].flags);
		free(s->kinds[i].errors);
	}
	free(s->kinds);
	free(s->errnos);
	free(s->rules);
	free(s->exec_errnos);
	free(s->ctrs);
	free(s->filter);
	free(s);
}
