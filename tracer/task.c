/* SPDX-License-Identifier: MIT */
/* The tracer's records: tasks by stable id and by live tid, calls, instances. */
#include <errno.h>
#include <sys/ptrace.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/alloc.h"
#include "base/strmap.h"
#include "decode/decode.h"
#include "format/record.h"
#include "model/model.h"
#include "model/nsinst.h"
#include "names/ns.h"
#include "names/res.h"
#include "tracer/procfs.h"
#include "tracer/stack.h"
#include "tracer/task.h"
#include "tracer/tracer.h"

/* Upper bound of pid_max on 64-bit kernels (PID_MAX_LIMIT). */
#define PID_MAX_LIMIT (4u * 1024 * 1024)

static size_t read_pid_max(void)
{
	FILE *f = fopen("/proc/sys/kernel/pid_max", "re");
	unsigned long v = 0;

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = 0;
		fclose(f);
	}
	if (v == 0 || v > PID_MAX_LIMIT)
		v = PID_MAX_LIMIT;
	return v + 1;
}

void task_init(struct tracer *tr)
{
	struct records *r = &tr->records;

	r->pid_max = read_pid_max();
	/* calloc'd pages stay untouched until a tid lands there. */
	r->by_tid = xcalloc(r->pid_max, sizeof(*r->by_tid));
	strmap_init(&r->cgroups);
	nsinst_init(&r->nsinst);
}

void task_set_nspid(struct task *t, const int *v, int n)
{
	int *p = n > 1 ? xcalloc((size_t)n, sizeof(*p)) : &t->nspid_one;

	if (t->nspid != &t->nspid_one)
		free(t->nspid);
	memcpy(p, v, n * sizeof(*p));
	t->nspid = p;
	t->n_nspid = n;
}

/*
 * A value that wasn't read is never guessed: unread, nspid is empty (null
 * in the trace) and read again at the task's next stop (task_retry()).
 */
void task_read_nspid(struct task *t)
{
	int v[MAX_NSPID], n = procfs_read_nspid(t->tid, v, MAX_NSPID);

	t->nspid_unread = n <= 0;
	task_set_nspid(t, v, n > 0 ? n : 0);
}

void task_read_comm(struct tracer *tr, struct task *t)
{
	char comm[16];

	if (procfs_read_comm(t->tid, comm) < 0) {
		debug(tr->opt, "%d: no /proc/%d/comm", (int)t->tid, (int)t->tid);
		memset(t->comm, 0, sizeof(t->comm));
		t->comm_unread = true;
		return;
	}
	memcpy(t->comm, comm, sizeof(t->comm));
	t->comm_unread = false;
}

/* Room for /proc/TID/cgroup: a line per hierarchy (a dozen), each path up to a few hundred bytes. */
#define CGROUP_TEXT_MAX 16384

void task_read_cgroup(struct tracer *tr, struct task *t)
{
	char buf[CGROUP_TEXT_MAX];

	if (procfs_read_cgroup(t->tid, buf, sizeof(buf)) < 0) {
		debug(tr->opt, "%d: no /proc/%d/cgroup", (int)t->tid, (int)t->tid);
		t->cgroup_unread = !t->cgroup;
		return;
	}
	t->cgroup = strmap_intern(&tr->records.cgroups, buf);
	t->cgroup_unread = false;
}

void task_retry(struct tracer *tr, struct task *t)
{
	if (t->nspid_unread)
		task_read_nspid(t);
	if (t->comm_unread)
		task_read_comm(tr, t);
	if (t->cgroup_unread)
		task_read_cgroup(tr, t);
}

/* Namespace instances as tasks share them (task_set_ns()). */
struct ns_set {
	struct ns_set *next;
	uint64_t ns[NS_COUNT];
};

/* A new task's, until it has its own: none known. */
static const uint64_t ns_none[NS_COUNT];

/* A live task's references to its namespace instances: the lifetime rule's (model/nsinst.h). */
static void ns_move(struct tracer *tr, const uint64_t *from, const uint64_t *to)
{
	for (int k = 0; k < NS_COUNT; k++) {
		if (from[k] == to[k])
			continue;
		nsinst_leave(&tr->records.nsinst, (int)from[k]);
		nsinst_enter(&tr->records.nsinst, (int)to[k]);
	}
}

void task_set_ns(struct tracer *tr, struct task *t, const uint64_t ns[NS_COUNT],
		 const uint64_t *share)
{
	const uint64_t *old = t->ns;
	struct ns_set *s;

	if (share && memcmp(share, ns, sizeof(s->ns)) == 0) {
		t->ns = share;
	} else if (memcmp(t->ns, ns, sizeof(s->ns)) != 0) {
		s = xmalloc(sizeof(*s));
		memcpy(s->ns, ns, sizeof(s->ns));
		s->next = tr->records.ns_sets;
		tr->records.ns_sets = s;
		t->ns = s->ns;
	}
	/* an ended task holds no namespace alive */
	if (t->ended)
		return;
	ns_move(tr, t->ns_held ? old : ns_none, t->ns);
	t->ns_held = true;
}

void task_ns_end(struct tracer *tr, struct task *t)
{
	if (t->ns_held)
		ns_move(tr, t->ns, ns_none);
	t->ns_held = false;
}

/* What /proc says of t's namespaces, as instances; the read's result (0, or -1). */
static int read_ns(struct tracer *tr, struct task *t, const struct ns_origin *o,
		   uint64_t ns[NS_COUNT])
{
	uint64_t ino[NS_COUNT], kid[NS_COUNT];
	int rc = procfs_read_ns(t->tid, ino, kid);

	for (int k = 0; k < NS_COUNT; k++) {
		int same = -1;

		/* pid and pid_for_children name one namespace until an unshare parts them */
		for (int j = 0; j < k && same < 0; j++)
			if (ct_ns[j].own == ct_ns[k].own && ino[j] == ino[k] && kid[j] == kid[k])
				same = j;
		ns[k] = same >= 0 ? ns[same] :
			(uint64_t)nsinst_resolve(&tr->records.nsinst, k, ino[k], kid[k], o, t->id,
						 now_ns(tr));
	}
	return rc;
}

int task_read_ns(struct tracer *tr, struct task *t, const struct ns_origin *o)
{
	uint64_t ns[NS_COUNT];
	int rc = read_ns(tr, t, o, ns);

	task_set_ns(tr, t, ns, NULL);
	return rc;
}

void task_reread_ns(struct tracer *tr, struct task *t)
{
	uint64_t ns[NS_COUNT];

	if (read_ns(tr, t, NULL, ns) < 0)
		return;
	/* light and attached, unshare and setns are not seen: a change shows here */
	for (int k = 0; k < NS_COUNT; k++)
		if (ns[k] && ns[k] != t->ns[k] && (tr->mode == MODE_LIGHT || tracer_attached(tr)))
			nsinst_unseen(&tr->records.nsinst, (int)ns[k], t->id, t->id);
	task_set_ns(tr, t, ns, NULL);
}

/* A count of references before the path: tasks share their creator's exe until they exec. */
struct exe {
	size_t refs;
	char path[];
};

char *task_exe_new(const char *path)
{
	size_t n = path ? strlen(path) + 1 : 0;
	struct exe *e;

	if (!path)
		return NULL;
	e = xmalloc(sizeof(*e) + n);
	e->refs = 1;
	memcpy(e->path, path, n);
	return e->path;
}

char *task_exe_from_proc(pid_t tid)
{
	char *p = procfs_read_exe(tid), *exe = task_exe_new(p);

	free(p);
	return exe;
}

char *task_exe_ref(char *exe)
{
	if (exe)
		((struct exe *)(exe - offsetof(struct exe, path)))->refs++;
	return exe;
}

void task_exe_unref(char *exe)
{
	struct exe *e = exe ? (struct exe *)(exe - offsetof(struct exe, path)) : NULL;

	if (e && --e->refs == 0)
		free(e);
}

void task_free_all(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		task_exe_unref(t->exe);
		if (t->nspid != &t->nspid_one)
			free(t->nspid);
		json_decref(t->argv);
		exec_records_free(t->execs, t->n_execs);
		exec_records_free(t->exec_failures, t->n_exec_failures);
		free(t->names);
		task_pending_exec_drop(t);
		free(t);
	}
	for (size_t i = 0; i < tr->records.n_calls; i++) {
		call_record_release(&tr->records.calls[i]->rec);
		free(tr->records.calls[i]);
	}
	while (tr->records.ns_sets) {
		struct ns_set *s = tr->records.ns_sets;

		tr->records.ns_sets = s->next;
		free(s);
	}
	strmap_free(&tr->records.cgroups);
	nsinst_free(&tr->records.nsinst);
	free(tr->records.tasks);
	free(tr->records.calls);
	free(tr->records.by_tid);
}

static void grow(void *arrp, size_t *cap, size_t n, size_t elem)
{
	void **arr = arrp;

	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 256;
	*arr = xreallocarray(*arr, *cap, elem);
}

struct task *task_by_tid(const struct tracer *tr, pid_t tid)
{
	if (tid <= 0 || (size_t)tid >= tr->records.pid_max)
		return NULL;
	return tr->records.by_tid[tid];
}

void task_set_tid(struct tracer *tr, struct task *t, pid_t tid)
{
	if (t->tid > 0 && (size_t)t->tid < tr->records.pid_max && tr->records.by_tid[t->tid] == t) {
		tr->records.by_tid[t->tid] = NULL;
		tr->records.n_by_tid--;
	}
	t->tid = tid;
	if (tid > 0 && (size_t)tid < tr->records.pid_max) {
		tr->records.n_by_tid += !tr->records.by_tid[tid];
		tr->records.by_tid[tid] = t;
	}
}

void task_forget(struct tracer *tr, struct task *t)
{
	if (t->tid > 0 && (size_t)t->tid < tr->records.pid_max && tr->records.by_tid[t->tid] == t) {
		tr->records.by_tid[t->tid] = NULL;
		tr->records.n_by_tid--;
		tr->records.gone[tr->records.n_gone++ % GONE_KEPT] = t;
	}
}

size_t task_count_live(const struct tracer *tr, size_t *processes)
{
	size_t n = 0, p = 0;

	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		const struct task *t = tr->records.tasks[i];

		if (t->ended || t->escaped || t->tid <= 0 || task_by_tid(tr, t->tid) != t)
			continue;
		n++;
		p += !t->thread;
	}
	if (processes)
		*processes = p;
	return n;
}

struct task *task_new(struct tracer *tr, pid_t tid)
{
	struct records *r = &tr->records;
	struct task *t;

	grow(&r->tasks, &r->cap_tasks, r->n_tasks, sizeof(*r->tasks));
	t = xcalloc(1, sizeof(*t));
	t->id = (int)r->n_tasks + 1;
	t->tgid = tid;
	t->ns = ns_none;
	t->start_ns = now_ns(tr);
	r->tasks[r->n_tasks++] = t;
	if (tid > 0)
		task_set_tid(tr, t, tid);
	return t;
}

int task_res_new(struct tracer *tr, enum res_kind k)
{
	return model_instance_new(&tr->model, k);
}

struct call *task_call_new(struct tracer *tr, struct task *t)
{
	struct records *r = &tr->records;
	struct call *c;

	grow(&r->calls, &r->cap_calls, r->n_calls, sizeof(*r->calls));
	c = xcalloc(1, sizeof(*c));
	c->task = t;
	c->rec.id = (int)r->n_calls + 1;
	c->rec.time_ns = now_ns(tr);
	c->rec.task = t->id;
	r->calls[r->n_calls++] = c;
	return c;
}

void task_member_add(struct tracer *tr, struct task *t, enum res_kind k)
{
	model_hold(&tr->model, t->id, t->res, k, t->res[k]);
}

/* Forgets the execve t was seen entering. */
void task_pending_exec_drop(struct task *t)
{
	if (t->pending_exec) {
		call_release(t->pending_exec);
		free(t->pending_exec);
		t->pending_exec = NULL;
	}
	free(t->pending_exec_fd);
	t->pending_exec_fd = NULL;
}

void task_resume(struct tracer *tr, struct task *t, int how, int sig)
{
	/* syscall mode, attached with --no-seccomp, or a task with a filter of its own */
	if (tr->mode == MODE_SYSCALL || tr->mode == MODE_ATTACH_SYSCALL || t->follow_via)
		how = PTRACE_SYSCALL;
	if (ptrace(how, t->tid, 0L, (long)sig) < 0 && errno != ESRCH)
		debug(tr->opt, "resume %d: %s", (int)t->tid, strerror(errno));
}
