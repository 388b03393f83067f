/* The trace as one JSON document (tracer/sink.c decides where it goes). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "decode/flags.h"
#include "tracer/tracer.h"
#include "tracer/watch.h"

/*
 * The document is streamed: each task and call is built, written and freed
 * in turn, one per line, so that writing a long trace needs neither a
 * second copy of it in memory nor pages the tracer never touched.  jansson
 * encodes every value; only the fixed frame between them is written here.
 */
struct out {
	int fd;
	char buf[1 << 16];
	size_t len;
	int err;			/* first errno, 0 while all is well */
};

static void out_flush(struct out *o)
{
	size_t off = 0;

	while (!o->err && off < o->len) {
		ssize_t n = write(o->fd, o->buf + off, o->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			o->err = errno;
		else
			off += (size_t)n;
	}
	o->len = 0;
}

static int out_bytes(const char *s, size_t n, void *data)
{
	struct out *o = data;

	while (n > 0 && !o->err) {
		size_t k = sizeof(o->buf) - o->len < n ? sizeof(o->buf) - o->len : n;

		memcpy(o->buf + o->len, s, k);
		o->len += k;
		s += k;
		n -= k;
		if (o->len == sizeof(o->buf))
			out_flush(o);
	}
	return o->err ? -1 : 0;
}

static void out_str(struct out *o, const char *s)
{
	out_bytes(s, strlen(s), o);
}

/* Writes v and drops the reference to it; NULL means it could not be built. */
static void out_json(struct out *o, json_t *v)
{
	if (!v) {
		if (!o->err)
			o->err = ENOMEM;
		return;
	}
	if (json_dump_callback(v, out_bytes, o, JSON_ENCODE_ANY) < 0 && !o->err)
		o->err = EIO;
	json_decref(v);
}

static void out_member(struct out *o, const char *key, json_t *v, const char *end)
{
	out_str(o, " \"");
	out_str(o, key);
	out_str(o, "\": ");
	out_json(o, v);
	out_str(o, end);
}

static void out_array_item(struct out *o, size_t i, json_t *v)
{
	out_str(o, i ? ",\n  " : "\n  ");
	out_json(o, v);
}

static json_t *id_or_null(const struct task *t)
{
	return t ? json_integer(t->id) : json_null();
}

static json_t *exit_json(const struct tracer *tr, const struct task *t)
{
	const char *sig;

	switch (t->exit_kind) {
	case EXIT_CODE:
		return json_pack("{s:i}", "code", t->exit_val);
	case EXIT_SIGNAL:
		sig = signal_name(tr->host, t->exit_val);
		return json_pack("{s:o,s:b}", "signal",
				 sig ? json_string(sig) : json_integer(t->exit_val), "core", t->core);
	case EXIT_EXEC:
		return json_pack("{s:b}", "exec", 1);
	case EXIT_NONE:
		break;
	}
	return json_null();
}

static json_t *task_json(const struct tracer *tr, const struct task *t)
{
	json_t *o = json_object(), *ns = json_object(), *nspid = json_array();
	json_t *shares = json_object();
	char inst[32];

	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "tid", json_integer(t->tid));
	json_object_set_new(o, "tgid", json_integer(t->tgid));
	json_object_set_new(o, "kind", json_string(t->thread ? "thread" : "process"));
	json_object_set_new(o, "parent", id_or_null(t->parent));
	json_object_set_new(o, "creator", id_or_null(t->creator));
	json_object_set_new(o, "call", t->call ? json_integer(t->call->id) : json_null());
	json_object_set_new(o, "comm", json_bytes_new(t->comm));
	if (t->names)
		json_object_set_new(o, "names", json_incref(t->names));
	json_object_set_new(o, "exe", t->exe ? json_bytes_new(t->exe) : json_null());
	json_object_set_new(o, "argv", t->argv ? json_incref(t->argv) : json_null());
	json_object_set_new(o, "start_ns", json_integer((json_int_t)t->start_ns));
	json_object_set_new(o, "end_ns", t->ended ? json_integer((json_int_t)t->end_ns) : json_null());
	json_object_set_new(o, "exit", exit_json(tr, t));
	for (int k = 0; k < NS_COUNT; k++)
		if (t->ns[k])
			json_object_set_new(ns, ct_ns[k].name, json_integer((json_int_t)t->ns[k]));
	json_object_set_new(o, "ns", ns);
	for (int i = 0; i < t->n_nspid; i++)
		json_array_append_new(nspid, json_integer(t->nspid[i]));
	json_object_set_new(o, "nspid", nspid);
	for (int k = 0; k < R_COUNT; k++) {
		snprintf(inst, sizeof(inst), "%s:%d", ct_res[k].name, t->res[k]);
		json_object_set_new(shares, ct_res[k].name, json_string(inst));
	}
	json_object_set_new(o, "shares", shares);
	json_object_set_new(o, "execs", t->execs ? json_incref(t->execs) : json_array());
	if (t->exec_failures)
		json_object_set_new(o, "exec_failures", json_incref(t->exec_failures));
	json_object_set_new(o, "escaped", json_boolean(t->escaped));
	if (t->pre_existing)
		json_object_set_new(o, "pre_existing", json_true());
	if (t->follow_via)
		json_object_set_new(o, "syscall_stops", watch_follow_json(t));
	return o;
}

static json_t *call_json(const struct call *c)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "time_ns", json_integer((json_int_t)c->time_ns));
	json_object_set_new(o, "task", json_integer(c->task->id));
	json_object_update(o, c->json);
	json_object_del(o, "_line");
	if (!json_object_get(o, "result"))
		json_object_set_new(o, "result", json_null());
	json_object_set_new(o, "child", id_or_null(c->child));
	return o;
}

static int member_cmp(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind - y->kind;
	if (x->inst != y->inst)
		return x->inst - y->inst;
	return x->task - y->task;
}

/* Writes the next resource shared by two or more tasks; false at the end. */
static bool resources_next(struct tracer *tr, size_t *i, size_t *n, struct out *o)
{
	char id[32];

	if (*i == 0)
		qsort(tr->members, tr->n_members, sizeof(*tr->members), member_cmp);
	while (*i < tr->n_members) {
		size_t j = *i;
		json_t *tasks = json_array();
		const struct member *m = &tr->members[*i];

		while (j < tr->n_members && tr->members[j].kind == m->kind &&
		       tr->members[j].inst == m->inst) {
			if (j == *i || tr->members[j].task != tr->members[j - 1].task)
				json_array_append_new(tasks, json_integer(tr->members[j].task));
			j++;
		}
		*i = j;
		if (json_array_size(tasks) >= 2) {
			snprintf(id, sizeof(id), "%s:%d", ct_res[m->kind].name, m->inst);
			out_array_item(o, (*n)++, json_pack("{s:s,s:s,s:o}", "id", id,
				"kind", ct_res[m->kind].name, "tasks", tasks));
			return true;
		}
		json_decref(tasks);
	}
	return false;
}

static json_t *meta_json(struct tracer *tr)
{
	json_t *m = json_object(), *argv = json_array();
	struct utsname u;
	char start[64];
	struct tm tm;
	struct task *root = tr->root;

	uname(&u);
	gmtime_r(&tr->wall0.tv_sec, &tm);
	strftime(start, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(start + strlen(start), 32, ".%09ldZ", tr->wall0.tv_nsec);
	for (int i = 0; i < tr->opt->argc; i++)
		json_array_append_new(argv, json_bytes_new(tr->opt->argv[i]));
	if (tr->attach && root && root->argv)
		json_array_extend(argv, root->argv);
	json_object_set_new(m, "tool", json_string("clonetrace " CT_VERSION));
	json_object_set_new(m, "host_arch", json_string(u.machine));
	json_object_set_new(m, "tracer_arch", json_string(tr->host->name));
	json_object_set_new(m, "kernel", json_string(u.release));
	json_object_set_new(m, "argv", argv);
	json_object_set_new(m, "mode", json_string(tr->attach_syscall ? "attach-syscall" :
						    tr->attach ? "attach" : tr->light ? "light" :
						    tr->seccomp ? "seccomp" : "syscall"));
	if (tr->attach) {
		json_t *pids = json_array();

		for (int i = 0; i < tr->opt->n_pids; i++)
			json_array_append_new(pids, json_integer(tr->opt->pids[i]));
		json_object_set_new(m, "attached", pids);
	}
	json_object_set_new(m, "start_time", json_string(start));
	json_object_set_new(m, "duration_ns", json_integer((json_int_t)now_ns(tr)));
	json_object_set_new(m, "complete", json_boolean(tr->complete));
	json_object_set_new(m, "exit", root && root->ended ? exit_json(tr, root) : json_null());
	json_object_set_new(m, "notes", json_incref(tr->notes));
	return m;
}

static int trace_stream(struct tracer *tr, struct out *o)
{
	out_str(o, "{\n");
	out_member(o, "format", json_string("clonetrace"), ",\n");
	out_member(o, "version", json_integer(1), ",\n");
	out_member(o, "meta", meta_json(tr), ",\n");
	out_str(o, " \"tasks\": [");
	for (size_t i = 0; i < tr->n_tasks; i++)
		out_array_item(o, i, task_json(tr, tr->tasks[i]));
	out_str(o, "\n ],\n \"calls\": [");
	for (size_t i = 0; i < tr->n_calls; i++)
		out_array_item(o, i, call_json(tr->calls[i]));
	out_str(o, "\n ],\n \"resources\": [");
	for (size_t i = 0, n = 0; resources_next(tr, &i, &n, o); )
		;
	out_str(o, "\n ]\n}\n");
	out_flush(o);
	errno = o->err;
	return o->err ? -1 : 0;
}

/* Writes the whole trace to fd; 0, or -1 with errno set. */
int trace_write(struct tracer *tr, int fd)
{
	struct out *o = calloc(1, sizeof(*o));
	int rc, e;

	if (!o)
		return -1;
	o->fd = fd;
	rc = trace_stream(tr, o);
	e = errno;
	free(o);
	errno = e;
	return rc;
}
