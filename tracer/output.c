/* SPDX-License-Identifier: MIT */
/* The trace as one JSON document (tracer/sink.c decides where it goes). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "base/alloc.h"
#include "format/record.h"
#include "model/model.h"
#include "model/nsinst.h"
#include "tracer/containers.h"
#include "tracer/options.h"
#include "tracer/output.h"
#include "tracer/tracer.h"

/*
 * The document is streamed: each task and call is built, written and freed
 * in turn (format/write_doc.c lays them out, one per line), so that writing a long
 * trace needs neither a second copy of it in memory nor pages the tracer
 * never touched.
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

/* The records as format/ writes them, from the tracer's state. */
static json_t *task_json(const struct tracer *tr, const struct task *t, struct containers *cs)
{
	struct container_record ctr;
	uint64_t inode[NS_COUNT];
	int num[NS_COUNT];

	for (int k = 0; k < NS_COUNT; k++) {
		const struct ns_instance *x = nsinst_get(&tr->records.nsinst, (int)t->ns[k]);

		inode[k] = x ? x->inode : 0;
		num[k] = x ? x->num : 0;
	}

	struct task_record r = {
		.id = t->id, .tid = t->tid, .tgid = t->tgid, .thread = t->thread,
		.parent = t->parent ? t->parent->id : 0,
		.creator = t->creator ? t->creator->id : 0,
		.call = t->call ? t->call->rec.id : 0,
		.comm = t->comm_unread ? NULL : t->comm, .names = t->names, .n_names = t->n_names,
		.exe = t->exe, .argv = t->argv,
		.start_ns = t->start_ns, .end_ns = t->end_ns, .ended = t->ended,
		.exit = { t->exit_kind, t->exit_val, t->core }, .arch = tr->host,
		.ns = inode, .ns_num = num, .nspid = t->nspid, .n_nspid = t->n_nspid, .res = t->res,
		.cgroup = t->cgroup, .container = containers_of(cs, t, &ctr) ? &ctr : NULL,
		.shares_unknown = t->shares_unknown,
		.execs = t->execs, .n_execs = t->n_execs,
		.exec_failures = t->exec_failures, .n_exec_failures = t->n_exec_failures,
		.escaped = t->escaped, .pre_existing = t->pre_existing,
		.follow_via = t->follow_via, .follow_since_ns = t->follow_since_ns,
		.follow_filter = t->follow_filter,
	};

	return task_record_json_new(&r);
}

static json_t *call_json(const struct call *c)
{
	struct call_record r = c->rec;

	r.task = c->task->id;
	r.child = c->child ? c->child->id : 0;
	return call_record_json_new(&r);
}

/*
 * resources[]: each instance held by two or more tasks, its members sorted by
 * instance and task (a task that held it twice is listed once).
 */
static void resources_write(struct tracer *tr, struct doc_out *d)
{
	struct model_state *md = &tr->model;

	model_members_sort(md);
	for (int k = 0; k < R_COUNT; k++) {
		const struct member *v = md->members[k];
		size_t n = md->n_members[k], end;

		for (size_t i = 0; i < n; i = end) {
			size_t tasks = 1;

			for (end = i + 1; end < n && v[end].inst == v[i].inst; end++)
				tasks += v[end].task != v[end - 1].task;
			if (tasks < 2)
				continue;
			doc_resource_begin(d, k, v[i].inst);
			for (size_t j = i; j < end; j++)
				if (j == i || v[j].task != v[j - 1].task)
					doc_resource_task(d, v[j].task);
			doc_resource_end(d);
		}
	}
}

/* namespaces[]: every namespace instance a task was seen in, in order of first sight. */
static void namespaces_write(struct tracer *tr, struct doc_out *d)
{
	const struct nsinst_state *m = &tr->records.nsinst;

	for (size_t i = 1; i <= m->n; i++) {
		const struct ns_instance *x = nsinst_get(m, (int)i);
		struct ns_record r = {
			.kind = x->kind, .num = x->num, .inode = x->inode, .kid = x->kid,
			.time_ns = x->time_ns, .call = x->call, .task = x->task, .unseen = x->unseen,
		};

		doc_item(d, ns_record_json_new(&r));
	}
}

static json_t *meta_json(struct tracer *tr)
{
	struct task *root = tr->root;
	struct utsname u;
	struct meta_record m = {
		.tracer_arch = tr->host, .argv = tr->opt->argv, .argc = tr->opt->argc,
		.argv_more = (tracer_attached(tr) || tr->opt->n_pids) && root ? root->argv : NULL,
		.mode = tr->mode,
		.attached = tr->opt->pids, .n_attached = tr->opt->n_pids,
		.start = tr->wall0, .duration_ns = now_ns(tr), .complete = tr->complete,
		.has_exit = root && root->ended, .notes = tr->notes,
		.lost_events = tr->lost_events,
	};

	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) == 0) {
		m.has_cost = true;
		m.cpu_user_ns = (uint64_t)ru.ru_utime.tv_sec * 1000000000u + (uint64_t)ru.ru_utime.tv_usec * 1000u;
		m.cpu_sys_ns = (uint64_t)ru.ru_stime.tv_sec * 1000000000u + (uint64_t)ru.ru_stime.tv_usec * 1000u;
		m.stops = tr->stops;
	}
	uname(&u);
	m.host_arch = u.machine;
	m.kernel = u.release;
	if (m.has_exit)
		m.exit = (struct exit_record){ root->exit_kind, root->exit_val, root->core };
	return meta_record_json_new(&m);
}

static int trace_stream(struct tracer *tr, struct out *o)
{
	struct doc_out d = { .emit = out_bytes, .ctx = o };
	struct containers *cs = containers_new(tr);

	doc_begin(&d, meta_json(tr));
	for (size_t i = 0; i < tr->records.n_tasks; i++)
		doc_item(&d, task_json(tr, tr->records.tasks[i], cs));
	containers_free(cs);
	doc_next(&d, "calls");
	for (size_t i = 0; i < tr->records.n_calls; i++)
		doc_item(&d, call_json(tr->records.calls[i]));
	doc_next(&d, "namespaces");
	namespaces_write(tr, &d);
	doc_next(&d, "resources");
	resources_write(tr, &d);
	doc_end(&d);
	out_flush(o);
	errno = o->err ? o->err : d.err;
	return errno ? -1 : 0;
}

/* Writes the whole trace to fd; 0, or -1 with errno set. */
int output_write(struct tracer *tr, int fd)
{
	struct out *o = xcalloc(1, sizeof(*o));
	int rc, e;

	o->fd = fd;
	rc = trace_stream(tr, o);
	e = errno;
	free(o);
	errno = e;
	return rc;
}
