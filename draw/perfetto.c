/* SPDX-License-Identifier: MIT */
/*
 * The Perfetto timeline (Chrome JSON Trace Event Format, "traceEvents"):
 *   M process_name / thread_name     a track group per process, a track per task
 *   X cat "task"   name comm         the task's lifetime; args: everything known of it
 *   X cat "exec"   name "execve P"   from each execve to the next or to the end
 *   X cat "call"   name "clone3 thread"  the creating call, until its child started
 *   s/f cat "create"                 a flow arrow from the call to the child's lifetime
 *   i cat "failed"                   a failed call (errno, broken rules) or execve
 *   i cat "namespace"                a successful unshare or setns
 * Times are microseconds (ts, dur) as the format wants.  A tid or pid that
 * the trace shows reused gets 4194304 (2^22, above any Linux pid) added per
 * reuse, so that each task keeps its own track; args.tid has the real one.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "answers/describe.h"
#include "base/strmap.h"
#include "draw/perfetto.h"

#define REUSE_STEP (1LL << 22)

struct timeline {
	const struct units *m;
	const struct trace *t;
	FILE *out;		/* the document, an event a line */
	int error;		/* errno of the first write that failed; 0: none */
	int n_events;
	json_t *ev;		/* the event being made, written when the next one starts */
	long long *tid, *pid;	/* track ids of each task and thread group */
	long long end;		/* when the trace ended */
};

/* The text of a describe_*() call, as a new JSON string. */
static json_t *words(struct sbuf *b)
{
	json_t *s = json_string(sb_str(b));

	sb_reset(b);
	return s ? s : json_string("?");
}

static json_t *us(long long ns)
{
	return json_real((double)ns / 1000.0);
}

/* Ids that stay unique when the trace reuses one: the n-th reuse adds n * 2^22. */
static void unique_ids(long long *out, const long long *real, int n)
{
	struct strmap seen;
	char key[24];

	strmap_init(&seen);
	for (int i = 0; i < n; i++) {
		long long *reuses;

		snprintf(key, sizeof(key), "%lld", real[i]);
		reuses = strmap_add(&seen, key, NULL);
		out[i] = real[i] + *reuses * REUSE_STEP;
		++*reuses;
	}
	strmap_free(&seen);
}

static void make_ids(struct timeline *tl)
{
	const struct trace *t = tl->t;
	long long *real = xcalloc(t->n_tasks + t->n_groups + 1, sizeof(long long));

	tl->tid = xcalloc(t->n_tasks + 1, sizeof(long long));
	tl->pid = xcalloc(t->n_groups + 1, sizeof(long long));
	for (int i = 0; i < t->n_tasks; i++)
		real[i] = t->tasks[i].tid;
	unique_ids(tl->tid, real, t->n_tasks);
	for (int g = 0; g < t->n_groups; g++)
		real[g] = t->tasks[t->groups[g].leader].tgid;
	unique_ids(tl->pid, real, t->n_groups);
	free(real);
}

static long long end_of(const struct timeline *tl, int task)
{
	const struct tr_task *k = &tl->t->tasks[task];

	return k->end_ns >= 0 ? k->end_ns : tl->end > k->start_ns ? tl->end : k->start_ns;
}

/* 15 digits keep nanoseconds (µs with 3 decimals) of runs up to 11 days */
#define DUMP_FLAGS (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* Text to the output; after a failed write, nothing more. */
static void put(struct timeline *tl, const char *s)
{
	if (!tl->error && fputs(s, tl->out) == EOF)
		tl->error = errno ? errno : EIO;
}

/*
 * Events are written out one by one as they are made, neither kept as one
 * JSON document (a 100,000-task trace makes millions of them, which jansson
 * would hold in gigabytes) nor as text (175 MB for that trace).
 */
static void flush(struct timeline *tl)
{
	char *s;

	if (!tl->ev)
		return;
	s = json_dumps(tl->ev, DUMP_FLAGS);
	put(tl, tl->n_events++ ? ",\n" : "");
	put(tl, s ? s : "{}");
	free(s);
	json_decref(tl->ev);
	tl->ev = NULL;
}

static json_t *begin(struct timeline *tl)
{
	flush(tl);
	tl->ev = json_object();
	return tl->ev;
}

/* A new event of phase ph on the task's track. */
static json_t *event(struct timeline *tl, const char *ph, int task, long long ns)
{
	json_t *e = begin(tl);

	json_object_set_new(e, "ph", json_string(ph));
	json_object_set_new(e, "pid", json_integer(tl->pid[tl->t->tasks[task].group]));
	json_object_set_new(e, "tid", json_integer(tl->tid[task]));
	json_object_set_new(e, "ts", us(ns));
	return e;
}

static json_t *meta(struct timeline *tl, const char *what, int task, const char *key, json_t *v)
{
	json_t *e = begin(tl), *args = json_object();

	json_object_set_new(e, "ph", json_string("M"));
	json_object_set_new(e, "name", json_string(what));
	json_object_set_new(e, "pid", json_integer(tl->pid[tl->t->tasks[task].group]));
	json_object_set_new(e, "tid", json_integer(tl->tid[task]));
	json_object_set_new(args, key, v);
	json_object_set_new(e, "args", args);
	return e;
}

static json_t *slice(struct timeline *tl, int task, const char *cat, json_t *name, long long from,
		     long long to)
{
	json_t *e = event(tl, "X", task, from);

	json_object_set_new(e, "cat", json_string(cat));
	json_object_set_new(e, "name", name);
	json_object_set_new(e, "dur", us(to > from ? to - from : 0));
	return e;
}

static json_t *instant(struct timeline *tl, int task, const char *cat, json_t *name, long long ns)
{
	json_t *e = event(tl, "i", task, ns);

	json_object_set_new(e, "cat", json_string(cat));
	json_object_set_new(e, "name", name);
	json_object_set_new(e, "s", json_string("t"));
	return e;
}

static void set_str(json_t *o, const char *key, const char *s)
{
	if (s)
		json_object_set_new(o, key, json_string(s));
}

/* An array of strings of the trace, as it has it (absent: nothing). */
static void set_strings(json_t *o, const char *key, struct tr_strings s)
{
	json_t *arr;

	if (!s.v)
		return;
	arr = json_array();
	for (int i = 0; i < s.n; i++)
		json_array_append_new(arr, json_string(s.v[i]));
	json_object_set_new(o, key, arr);
}

/* A call's exit signal, as the trace has it. */
static void set_exit_signal(json_t *o, const struct tr_call *c)
{
	if (c->has_exit_signal)
		json_object_set_new(o, "exit_signal", c->exit_signal ? json_string(c->exit_signal) :
				    json_integer(c->exit_signal_nr));
}

/* A call's arguments, as the trace has them: strings, and the rest from their JSON text. */
static void set_args(json_t *o, const struct tr_call *c)
{
	json_t *args;

	if (!c->args)
		return;
	args = json_object();
	for (int i = 0; i < c->n_args; i++) {
		const struct tr_arg *x = &c->args[i];
		json_t *v = x->string ? json_string(x->text) :
			    json_loads(x->text, JSON_DECODE_ANY, NULL);

		json_object_set_new(args, x->name, v ? v : json_null());
	}
	json_object_set_new(o, "args", args);
}

/* Everything the trace says of a call, for a slice's or an instant's args. */
static json_t *call_args(const struct trace *t, int call)
{
	const struct tr_call *c = &t->calls[call];
	json_t *a = json_object(), *stack;
	struct sbuf b;

	sb_init(&b);
	describe_call_line(&b, c, ESC_TEXT);
	json_object_set_new(a, "call", words(&b));
	set_str(a, "syscall", c->syscall);
	set_strings(a, "flags", c->flags);
	set_exit_signal(a, c);
	set_str(a, "errno", c->result == RESULT_ERRNO ? c->err : NULL);
	set_strings(a, "violates", c->violates);
	set_args(a, c);
	if (c->n_stack > 0) {
		describe_stack(&b, c, ESC_TEXT, "");
		stack = json_array();
		for (char *at, *line = strtok_r(b.s, "\n", &at); line; line = strtok_r(NULL, "\n", &at))
			json_array_append_new(stack, json_string(line));
		json_object_set_new(a, "stack", stack);
		sb_reset(&b);
	}
	set_str(a, "stack_error", c->stack_error);
	sb_free(&b);
	return a;
}

static json_t *task_args(const struct timeline *tl, int task)
{
	const struct tr_task *k = &tl->t->tasks[task];
	json_t *a = json_object(), *ns = json_object(), *sh = json_object(), *nspid = json_array();
	struct sbuf b;

	sb_init(&b);
	json_object_set_new(a, "tid", json_integer(k->tid));
	json_object_set_new(a, "tgid", json_integer(k->tgid));
	json_object_set_new(a, "kind", json_string(k->thread ? "thread" : "process"));
	set_str(a, "exe", k->exe);
	set_strings(a, "argv", k->argv);
	describe_exit(&b, k, ESC_TEXT);
	json_object_set_new(a, "exit", words(&b));
	for (int i = 0; i < NS_COUNT; i++)
		if (k->ns_inode[i])
			json_object_set_new(ns, ct_ns[i].name, json_integer(k->ns_inode[i]));
	json_object_set_new(a, "namespaces", ns);
	for (int i = 0; i < k->n_nspid; i++)
		json_array_append_new(nspid, json_integer(k->nspid[i]));
	json_object_set_new(a, "nspid", nspid);
	for (int i = 0; i < R_COUNT; i++)
		set_str(sh, ct_res[i].name, k->shares[i]);
	json_object_set_new(a, "shares", sh);
	if (k->creator >= 0) {
		describe_task_ref(&b, tl->t, k->creator);
		json_object_set_new(a, "creator", words(&b));
	}
	if (k->call >= 0)
		json_object_set_new(a, "created_with", call_args(tl->t, k->call));
	sb_free(&b);
	return a;
}

/* Each execve, from its time to the next one or the end, nested in the lifetime. */
static void execs(struct timeline *tl, int task, struct sbuf *b)
{
	const struct tr_task *k = &tl->t->tasks[task];
	long long end = end_of(tl, task);

	for (int i = 0; i < k->n_execs; i++) {
		const struct tr_exec *x = &k->execs[i];
		long long from = x->time_ns < k->start_ns ? k->start_ns : x->time_ns > end ? end :
				 x->time_ns;
		long long to = i + 1 < k->n_execs && k->execs[i + 1].time_ns < end ?
			       k->execs[i + 1].time_ns : end;
		json_t *e, *a = json_object();

		sb_add(b, "execve ");
		esc_add(b, x->program, ESC_TEXT);
		e = slice(tl, task, "exec", words(b), from, to < from ? from : to);
		set_str(a, "path", x->path);
		set_str(a, "fd_path", x->fd_path);
		set_strings(a, "argv", x->argv);
		if (x->old_tid)
			json_object_set_new(a, "old_tid", json_integer(x->old_tid));
		json_object_set_new(e, "args", a);
	}
	for (int i = 0; i < k->n_exec_failures; i++) {
		const struct tr_exec *x = &k->exec_failures[i];
		json_t *e, *a = json_object();

		sb_add(b, "execve ");
		esc_add(b, x->program, ESC_TEXT);
		sb_add(b, " = -1 ");
		esc_add(b, x->err, ESC_TEXT);
		e = instant(tl, task, "failed", words(b), x->time_ns < 0 ? k->start_ns : x->time_ns);
		set_str(a, "path", x->path);
		set_str(a, "fd_path", x->fd_path);
		set_strings(a, "argv", x->argv);
		set_str(a, "errno", x->err);
		json_object_set_new(e, "args", a);
	}
}

/* Where a call's slice must end so that it nests: the caller's next exec, call, or end. */
static long long call_end(const struct timeline *tl, int task, int j, long long want)
{
	const struct tr_task *k = &tl->t->tasks[task];
	long long at = tl->t->calls[k->calls[j]].time_ns, end = end_of(tl, task);

	if (j + 1 < k->n_calls && tl->t->calls[k->calls[j + 1]].time_ns < end)
		end = tl->t->calls[k->calls[j + 1]].time_ns;
	for (int i = 0; i < k->n_execs; i++)
		if (k->execs[i].time_ns > at && k->execs[i].time_ns < end)
			end = k->execs[i].time_ns;
	return want < end ? want : end;
}

static void flow(struct timeline *tl, const char *ph, int task, long long ns, long long id)
{
	json_t *e = event(tl, ph, task, ns);

	json_object_set_new(e, "cat", json_string("create"));
	json_object_set_new(e, "name", json_string("create"));
	json_object_set_new(e, "id", json_integer(id));
	/* the arrow ends on the slice around ts, the child's lifetime, not the next one */
	if (ph[0] == 'f')
		json_object_set_new(e, "bp", json_string("e"));
}

static void calls(struct timeline *tl, int task, struct sbuf *b)
{
	const struct tr_task *k = &tl->t->tasks[task];

	for (int j = 0; j < k->n_calls; j++) {
		const struct tr_call *c = &tl->t->calls[k->calls[j]];
		bool child = c->child >= 0 && tl->m->u[tl->m->of_task[c->child]].shown;
		long long at = c->time_ns < k->start_ns ? k->start_ns : c->time_ns;
		json_t *e;

		if (c->result == RESULT_ERRNO) {
			describe_failed(b, c, ESC_TEXT);
			e = instant(tl, task, "failed", words(b), at);
		} else if (c->child < 0) {
			describe_call_short(b, c, ESC_TEXT);
			e = instant(tl, task, "namespace", words(b), at);
		} else {
			long long to = call_end(tl, task, j, child ? tl->t->tasks[c->child].start_ns :
						at);

			describe_call_short(b, c, ESC_TEXT);
			e = slice(tl, task, "call", words(b), at, to < at ? at : to);
		}
		/* before the flow's events: starting the next event writes e and lets it go */
		json_object_set_new(e, "args", call_args(tl->t, k->calls[j]));
		if (c->result != RESULT_ERRNO && child) {
			flow(tl, "s", task, at, c->id);
			flow(tl, "f", c->child, tl->t->tasks[c->child].start_ns, c->id);
		}
	}
}

static void task_events(struct timeline *tl, int task, int rank)
{
	const struct tr_task *k = &tl->t->tasks[task];
	struct sbuf b;
	json_t *e;

	sb_init(&b);
	esc_add(&b, k->comm, ESC_TEXT);
	meta(tl, "thread_name", task, "name", json_string(sb_str(&b)));
	meta(tl, "thread_sort_index", task, "sort_index", json_integer(rank));
	e = slice(tl, task, "task", words(&b), k->start_ns, end_of(tl, task));
	json_object_set_new(e, "args", task_args(tl, task));
	execs(tl, task, &b);
	calls(tl, task, &b);
	sb_free(&b);
}

int perfetto_write(FILE *out, const struct units *m)
{
	struct timeline tl = { .m = m, .t = m->t, .out = out };
	const struct trace *t = m->t;
	bool *named = xcalloc(t->n_groups + 1, sizeof(bool));
	json_t *other = json_object();
	struct sbuf b;
	char *s;

	sb_init(&b);
	put(&tl, "{\"traceEvents\":[\n");
	make_ids(&tl);
	tl.end = t->meta.duration_ns > 0 ? t->meta.duration_ns : 0;
	for (int i = 0; i < t->n_tasks; i++)
		if (t->tasks[i].end_ns > tl.end)
			tl.end = t->tasks[i].end_ns;
	for (int i = 0; i < m->n && !tl.error; i++) {
		int u = m->order[i], task = m->u[u].task, g = m->u[u].group;

		if (!m->u[u].shown)
			continue;
		if (!named[g]) {
			const struct tr_task *x = &t->tasks[t->groups[g].last];

			named[g] = true;
			esc_add(&b, x->comm, ESC_TEXT);
			meta(&tl, "process_name", t->groups[g].leader, "name", words(&b));
			meta(&tl, "process_sort_index", t->groups[g].leader, "sort_index",
			     json_integer(i));
		}
		task_events(&tl, task, i);
	}
	flush(&tl);
	set_str(other, "tool", t->meta.tool);
	set_strings(other, "argv", t->meta.argv);
	set_str(other, "start_time", t->meta.start_time);
	json_object_set_new(other, "complete", json_boolean(t->meta.complete));
	s = json_dumps(other, DUMP_FLAGS);
	put(&tl, "\n],\n\"displayTimeUnit\":\"ms\",\n\"otherData\":");
	put(&tl, s ? s : "{}");
	put(&tl, "}\n");
	free(s);
	json_decref(other);
	sb_free(&b);
	free(named);
	free(tl.tid);
	free(tl.pid);
	errno = tl.error;
	return tl.error ? -1 : 0;
}
