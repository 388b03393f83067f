/* SPDX-License-Identifier: MIT */
/* Filters: parsing the small syntax of filter.h, and what a filter keeps of a trace. */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "answers/filter.h"

static const struct {
	const char *name;
	enum filter_key key;
} keys[] = {
	{ .name = "syscall", .key = FK_SYSCALL }, { .name = "trace", .key = FK_SYSCALL },
	{ .name = "status", .key = FK_STATUS }, { .name = "ns", .key = FK_NS },
	{ .name = "comm", .key = FK_COMM }, { .name = "exe", .key = FK_EXE },
	{ .name = "pid", .key = FK_PID }, { .name = "tree", .key = FK_TREE },
	{ .name = "time", .key = FK_TIME }, { .name = "container", .key = FK_CONTAINER },
	{ .name = "in", .key = FK_IN },
};

/* Canonical names, for filter_describe(). */
static const char *const key_names[] = {
	[FK_SYSCALL] = "syscall", [FK_STATUS] = "status", [FK_NS] = "ns", [FK_COMM] = "comm",
	[FK_EXE] = "exe", [FK_PID] = "pid", [FK_TREE] = "tree", [FK_TIME] = "time",
	[FK_CONTAINER] = "container",
	[FK_IN] = "in",
};

/* execve and execveat are not calls in a trace: a task's execs stand for them. */
static const char *const syscalls[] = {
	"clone", "clone3", "fork", "vfork", "unshare", "setns", "execve",
};

enum status { ST_FAILED, ST_SUCCESSFUL, ST_UNFINISHED };
static const char *const statuses[] = {
	[ST_FAILED] = "failed", [ST_SUCCESSFUL] = "successful", [ST_UNFINISHED] = "unfinished",
};

static const struct {
	const char *unit;
	double ns;
} units[] = {
	{ .unit = "ns", .ns = 1 }, { .unit = "us", .ns = 1e3 }, { .unit = "ms", .ns = 1e6 },
	{ .unit = "s", .ns = 1e9 }, { .unit = "min", .ns = 60e9 },
};

static int fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void filter_init(struct filter *f)
{
	memset(f, 0, sizeof(*f));
}

bool filter_empty(const struct filter *f)
{
	return f->n_terms == 0;
}

static void term_free(struct filter_term *x)
{
	for (int i = 0; i < x->n_values; i++)
		free(x->values[i]);
	free(x->values);
	free(x->nums);
}

void filter_free(struct filter *f)
{
	for (int i = 0; i < f->n_terms; i++)
		term_free(&f->terms[i]);
	free(f->terms);
	memset(f, 0, sizeof(*f));
}

/* "1.5s" -> 1500000000; 0 needs no unit. */
static int parse_time(const char *s, long long *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || errno || !(v >= 0 && v < 1e300))
		return -1;
	if (*end == '\0')
		return v == 0 ? (*out = 0, 0) : -1;
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(end, units[i].unit) != 0)
			continue;
		v *= units[i].ns;
		if (v > (double)LLONG_MAX / 2)
			return -1;
		*out = (long long)(v + 0.5);
		return 0;
	}
	return -1;
}

static int parse_window(struct filter_term *x, const char *v, char *err, size_t errlen)
{
	const char *dots = strstr(v, "..");
	char *from;
	int rc = 0;

	if (!dots)
		return fail(err, errlen, "time=%s: expected a window A..B (1s..2.5s, ..500ms, 2s..)",
			    v);
	from = xstrndup(v, (size_t)(dots - v));
	x->from_ns = 0;
	x->to_ns = -1;
	if ((*from && parse_time(from, &x->from_ns) < 0) ||
	    (dots[2] && parse_time(dots + 2, &x->to_ns) < 0))
		rc = fail(err, errlen, "time=%s: expected durations with a unit (ns, us, ms, s, "
			  "min)", v);
	else if (x->to_ns >= 0 && x->to_ns < x->from_ns)
		rc = fail(err, errlen, "time=%s: the window ends before it starts", v);
	free(from);
	return rc;
}

static bool in_list(const char *v, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v, list[i]) == 0)
			return true;
	return false;
}

/* One value of a term: checked, and turned into a number or namespace bit where it is one. */
static int parse_value(struct filter_term *x, const char *key, const char *v, char *err,
		       size_t errlen)
{
	char *end;
	long long n;
	int k;

	if (!*v)
		return fail(err, errlen, "%s=: an empty value", key);
	switch (x->key) {
	case FK_SYSCALL:
		if (!in_list(v, syscalls, sizeof(syscalls) / sizeof(syscalls[0])))
			return fail(err, errlen, "%s=%s: not a call clonetrace records (clone, "
				    "clone3, fork, vfork, unshare, setns, execve)", key, v);
		break;
	case FK_STATUS:
		if (strcmp(v, "ok") == 0)
			v = "successful";
		if (!in_list(v, statuses, sizeof(statuses) / sizeof(statuses[0])))
			return fail(err, errlen, "%s=%s: expected failed, successful (ok) or "
				    "unfinished", key, v);
		break;
	case FK_NS:
		k = ns_by_name(v);
		if (strcmp(v, "any") == 0) {
			x->ns_kinds = ~0u;
		} else if (k < 0 || k == NS_PID_FOR_CHILDREN || k == NS_TIME_FOR_CHILDREN) {
			return fail(err, errlen, "%s=%s: expected cgroup, ipc, mnt, net, pid, time, "
				    "user, uts or any", key, v);
		} else {
			x->ns_kinds |= 1u << k;
		}
		break;
	case FK_PID:
	case FK_TREE:
		errno = 0;
		n = strtoll(v, &end, 10);
		if (errno || *end || n < 1 || n > INT_MAX)
			return fail(err, errlen, "%s=%s: expected a pid", key, v);
		x->nums = xreallocarray(x->nums, x->n_values + 1, sizeof(*x->nums));
		x->nums[x->n_values] = n;
		break;
	case FK_TIME:
		if (x->n_values > 0)
			return fail(err, errlen, "%s=: one window per term", key);
		if (parse_window(x, v, err, errlen) < 0)
			return -1;
		break;
	case FK_IN:
		end = strchr(v, ':');
		k = end ? ns_by_name_n(v, (size_t)(end - v)) : -1;
		if (k < 0 || (int)ct_ns[k].own != k || !end[1])
			return fail(err, errlen, "%s=%s: expected a namespace as show names it, "
				    "KIND:INODE (mnt:4026532174, mnt:4026532174#2) or KIND:N "
				    "(mnt:2, its id in the trace)", key, v);
		break;
	case FK_COMM:
	case FK_EXE:
	case FK_CONTAINER:
		break;
	}
	x->values = xreallocarray(x->values, x->n_values + 1, sizeof(*x->values));
	x->values[x->n_values++] = xstrdup(v);
	return 0;
}

static int parse_term(struct filter_term *x, const char *s, char *err, size_t errlen)
{
	const char *eq, *v;
	char *key, *vals;
	size_t i, klen;
	int rc = 0;

	memset(x, 0, sizeof(*x));
	if (strcmp(s, "failed") == 0)
		s = "status=failed";
	else if (strcmp(s, "newns") == 0)
		s = "ns=any";
	eq = strchr(s, '=');
	if (!eq)
		return fail(err, errlen, "%s: expected KEY=VALUE, KEY!=VALUE, failed or newns", s);
	klen = (size_t)(eq - s);
	x->negate = klen > 0 && s[klen - 1] == '!';
	key = xstrndup(s, klen - x->negate);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i].name) == 0)
			break;
	if (i == sizeof(keys) / sizeof(keys[0])) {
		rc = fail(err, errlen, "%s: unknown filter key '%s' (syscall, status, ns, comm, exe, "
			  "pid, tree, time, container, in)", s, key);
		goto out;
	}
	x->key = keys[i].key;
	if (x->key == FK_TIME && x->negate) {
		rc = fail(err, errlen, "%s: a time window cannot be negated", s);
		goto out;
	}
	vals = xstrdup(eq + 1);
	/* strsep, not strtok: "a,,b" has an empty value, which is refused */
	for (char *rest = vals; rest && *vals && rc == 0; ) {
		v = strsep(&rest, ",");
		rc = parse_value(x, key, v, err, errlen);
	}
	if (rc == 0 && x->n_values == 0)
		rc = fail(err, errlen, "%s: no value", s);
	free(vals);
out:
	free(key);
	if (rc < 0)
		term_free(x);
	return rc;
}

int filter_parse(struct filter *f, const char *expr, char *err, size_t errlen)
{
	char *copy = xstrdup(expr), *save = NULL;
	int rc = 0, added = 0;

	for (char *s = strtok_r(copy, " \t\n;", &save); s && rc == 0;
	     s = strtok_r(NULL, " \t\n;", &save)) {
		struct filter_term x;

		rc = parse_term(&x, s, err, errlen);
		if (rc < 0)
			break;
		f->terms = xreallocarray(f->terms, f->n_terms + 1, sizeof(*f->terms));
		f->terms[f->n_terms++] = x;
		added++;
	}
	if (rc == 0 && added == 0)
		rc = fail(err, errlen, "an empty filter");
	free(copy);
	return rc;
}

void filter_describe(struct sbuf *b, const struct filter *f)
{
	for (int i = 0; i < f->n_terms; i++) {
		const struct filter_term *x = &f->terms[i];

		sb_printf(b, "%s%s%s=", i ? " " : "", key_names[x->key], x->negate ? "!" : "");
		for (int j = 0; j < x->n_values; j++) {
			sb_add(b, j ? "," : "");
			esc_add(b, x->values[j], ESC_TEXT);
		}
	}
}

static bool is_call_key(enum filter_key k)
{
	return k == FK_SYSCALL || k == FK_STATUS || k == FK_NS || k == FK_TIME;
}

/* An event a call term looks at: a call, or an exec (worked or failed). */
struct event {
	const char *syscall;
	enum status status;
	unsigned ns;		/* kinds created */
	long long time_ns;
};

static bool any_value(const struct filter_term *x, const char *s, int flags)
{
	for (int j = 0; j < x->n_values; j++)
		if (s && fnmatch(x->values[j], s, flags) == 0)
			return true;
	return false;
}

static bool call_term(const struct filter_term *x, const struct event *e)
{
	bool hit = false;

	switch (x->key) {
	case FK_SYSCALL:
		for (int j = 0; j < x->n_values && !hit; j++)
			hit = strcmp(x->values[j], e->syscall) == 0;
		break;
	case FK_STATUS:
		for (int j = 0; j < x->n_values && !hit; j++)
			hit = strcmp(x->values[j], statuses[e->status]) == 0;
		break;
	case FK_NS:
		hit = (e->ns & x->ns_kinds) != 0;
		break;
	case FK_TIME:
		return e->time_ns >= x->from_ns && (x->to_ns < 0 || e->time_ns <= x->to_ns);
	default:
		return true;
	}
	return hit != x->negate;
}

/*
 * in=: task k ended in a namespace x names: "mnt:2" (its id) or, as show
 * names it, "mnt:4026532174" (the first with that inode), "mnt:4026532174#2".
 */
static bool in_namespace(const struct filter_term *x, const struct trace *t, const struct tr_task *k)
{
	char label[64];

	for (int kind = 0; kind < NS_COUNT; kind++) {
		const struct tr_ns *n = trace_ns(t, k->ns[kind]);

		if (!n)
			continue;
		if (n->nth > 1)
			snprintf(label, sizeof(label), "%s:%lld#%d", ct_ns[n->kind].name, n->inode, n->nth);
		else
			snprintf(label, sizeof(label), "%s:%lld", ct_ns[n->kind].name, n->inode);
		for (int j = 0; j < x->n_values; j++)
			if (strcmp(x->values[j], n->id) == 0 || strcmp(x->values[j], label) == 0)
				return true;
	}
	return false;
}

/* The task terms of f on task k; tree[] marks the tasks below a tree= term's tasks. */
static bool task_terms(const struct filter *f, const struct trace *t, int task,
		       bool *const *trees)
{
	const struct tr_task *k = &t->tasks[task];

	for (int i = 0; i < f->n_terms; i++) {
		const struct filter_term *x = &f->terms[i];
		bool hit = false;

		switch (x->key) {
		case FK_COMM:
			hit = any_value(x, k->comm, 0);
			break;
		case FK_EXE:
			hit = any_value(x, k->exe, 0);
			break;
		case FK_PID:
			for (int j = 0; j < x->n_values && !hit; j++)
				hit = k->tgid == x->nums[j];
			break;
		case FK_TREE:
			hit = trees[i][task];
			break;
		case FK_CONTAINER:
			/* its id, or the beginning of it, as docker takes a short id */
			for (int j = 0; j < x->n_values && !hit; j++)
				hit = k->container.id && strncmp(k->container.id, x->values[j],
								 strlen(x->values[j])) == 0;
			break;
		case FK_IN:
			hit = in_namespace(x, t, k);
			break;
		case FK_TIME:
			/* The lifetime [start, end] overlaps the window. */
			if ((x->to_ns >= 0 && k->start_ns > x->to_ns) ||
			    (k->end_ns >= 0 && k->end_ns < x->from_ns))
				return false;
			continue;
		default:
			continue;
		}
		if (hit == x->negate)
			return false;
	}
	return true;
}

static bool call_terms(const struct filter *f, const struct event *e)
{
	for (int i = 0; i < f->n_terms; i++)
		if (is_call_key(f->terms[i].key) && !call_term(&f->terms[i], e))
			return false;
	return true;
}

unsigned filter_ns_kinds(const struct tr_call *c)
{
	unsigned kinds = 0;

	if (strcmp(c->syscall, "setns") == 0)
		return 0;
	/* pid_for_children and time_for_children share pid's and time's flags */
	for (int k = 0; k < NS_COUNT; k++)
		if ((c->mask & ct_ns[k].flag) && k != NS_PID_FOR_CHILDREN &&
		    k != NS_TIME_FOR_CHILDREN)
			kinds |= 1u << k;
	return kinds;
}

static void call_event(const struct tr_call *c, struct event *e)
{
	e->syscall = c->syscall;
	e->status = c->result == RESULT_ERRNO ? ST_FAILED :
		    c->result == RESULT_NONE ? ST_UNFINISHED : ST_SUCCESSFUL;
	e->ns = filter_ns_kinds(c);
	e->time_ns = c->time_ns;
}

static void exec_event(const struct tr_exec *x, bool failed, struct event *e)
{
	e->syscall = "execve";
	e->status = failed ? ST_FAILED : ST_SUCCESSFUL;
	e->ns = 0;
	e->time_ns = x->time_ns;
}

/* Some event of the task (creating call, own calls, execs) passes the call terms. */
static bool task_events(const struct filter *f, const struct trace *t, int task)
{
	const struct tr_task *k = &t->tasks[task];
	struct event e;

	if (k->call >= 0) {
		call_event(&t->calls[k->call], &e);
		if (call_terms(f, &e))
			return true;
	}
	for (int j = 0; j < k->n_calls; j++) {
		call_event(&t->calls[k->calls[j]], &e);
		if (call_terms(f, &e))
			return true;
	}
	for (int j = 0; j < k->n_execs + k->n_exec_failures; j++) {
		bool failed = j >= k->n_execs;

		exec_event(failed ? &k->exec_failures[j - k->n_execs] : &k->execs[j], failed, &e);
		if (call_terms(f, &e))
			return true;
	}
	return false;
}

/* tree=N: the tasks with one of the tids and every task below them (t->order: tops first). */
static bool *tree_marks(const struct filter_term *x, const struct trace *t)
{
	bool *in = xcalloc(t->n_tasks, sizeof(bool));

	for (int i = 0; i < t->n_tasks; i++) {
		int task = t->order[i], up = t->tasks[task].up;

		for (int j = 0; j < x->n_values && !in[task]; j++)
			in[task] = t->tasks[task].tid == x->nums[j];
		if (up >= 0 && in[up])
			in[task] = true;
	}
	return in;
}

void filter_apply(const struct filter *f, const struct trace *t, struct filter_match *m)
{
	bool **trees = xcalloc(f->n_terms + 1, sizeof(*trees));
	bool event_terms = false;

	memset(m, 0, sizeof(*m));
	m->task = xcalloc(t->n_tasks + 1, sizeof(bool));
	m->who = xcalloc(t->n_tasks + 1, sizeof(bool));
	m->call = xcalloc(t->n_calls + 1, sizeof(bool));
	for (int i = 0; i < f->n_terms; i++) {
		if (f->terms[i].key == FK_TREE)
			trees[i] = tree_marks(&f->terms[i], t);
		event_terms |= is_call_key(f->terms[i].key) && f->terms[i].key != FK_TIME;
	}
	for (int i = 0; i < t->n_tasks; i++) {
		m->who[i] = task_terms(f, t, i, trees);
		m->task[i] = m->who[i] && (!event_terms || task_events(f, t, i));
		m->n_tasks += m->task[i];
	}
	for (int i = 0; i < t->n_calls; i++) {
		struct event e;

		call_event(&t->calls[i], &e);
		m->call[i] = m->who[t->calls[i].task] && call_terms(f, &e);
		m->n_calls += m->call[i];
	}
	for (int i = 0; i < f->n_terms; i++)
		free(trees[i]);
	free(trees);
}

bool filter_exec(const struct filter *f, const struct trace *t, const struct filter_match *m,
		 int task, int n, bool failed)
{
	const struct tr_task *k = &t->tasks[task];
	struct event e;

	if (!m->who[task])
		return false;
	exec_event(failed ? &k->exec_failures[n] : &k->execs[n], failed, &e);
	return call_terms(f, &e);
}

void filter_match_free(struct filter_match *m)
{
	free(m->task);
	free(m->who);
	free(m->call);
	memset(m, 0, sizeof(*m));
}
