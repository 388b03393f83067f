/* SPDX-License-Identifier: MIT */
/*
 * The sharing and namespace model.  A child joins its creator's instance of
 * each resource whose CLONE_* flag says share and gets a new one otherwise;
 * execve gives a new vm and its own files and sighand; unshare(2) leaves
 * what it names.  Namespaces are the creator's unless the call made new
 * ones (the creator's own are re-read after its unshare/setns), so /proc is
 * read only for CLONE_NEW* calls and for a caller in a nested PID namespace.
 */
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/arch.h"
#include "decode/decode.h"
#include "format/json.h"
#include "format/record.h"
#include "model/model.h"
#include "names/compat.h"
#include "names/ns.h"
#include "names/res.h"
#include "tracer/mem.h"
#include "tracer/model.h"
#include "tracer/procfs.h"
#include "tracer/stack.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"
#include "tracer/watch.h"

bool call_creates_task_sysc(int sysc)
{
	return sysc == CT_SYS_CLONE || sysc == CT_SYS_CLONE3 ||
	       sysc == CT_SYS_FORK || sysc == CT_SYS_VFORK;
}

/* What /proc says of a live task: namespaces (-1 if unreadable), pids, name, program. */
static int read_live(struct tracer *tr, struct task *t)
{
	int rc = task_read_ns(tr, t);

	task_read_nspid(t);
	proc_read_comm(t->tid, t->comm);
	t->exe = exe_from_proc(t->tid);
	return rc;
}

void model_root(struct tracer *tr, struct task *t)
{
	model_hold_new(&tr->model, t->id, t->res);
	read_live(tr, t);
}

/* What the decoder can't know: names behind fds, and where to read back. */
void model_call_extras(struct tracer *tr, struct task *t, struct call *c, const struct ct_call *dc)
{
	if (dc->has & CT_HAS_PARENT_TID && dc->flags & CLONE_PARENT_SETTID)
		c->parent_tid_addr = dc->parent_tid;
	if (dc->flags & CLONE_PIDFD && dc->sysc != CT_SYS_UNSHARE && dc->sysc != CT_SYS_SETNS)
		c->pidfd_addr = dc->sysc == CT_SYS_CLONE3 ? dc->pidfd : dc->parent_tid;
	if (!(dc->flags & CLONE_CHILD_SETTID))
		c->child_tid_addr = 0;
	if (dc->sysc == CT_SYS_CLONE3 && dc->has & CT_HAS_CGROUP) {
		c->rec.has_cgroup_path = true;
		c->rec.cgroup_path = proc_fd_path(t->tid, (int)dc->cgroup);
	}
	if (dc->sysc == CT_SYS_SETNS) {
		uint64_t ino;
		int k = ns_kind_of_fd(t->tid, dc->fd, &ino);

		c->rec.has_ns_type = true;
		c->rec.ns_type = k;
		if (k >= 0)
			c->rec.ns_inode = ino;
	}
}

/* What the kernel wrote at addr of tid, into *val; bit says it is there. */
static void readback(struct call *c, uint64_t addr, pid_t tid, unsigned bit, int32_t *val)
{
	uint32_t v;

	if (addr && mem_read_u32(tid, addr, &v) == 0) {
		c->rec.read |= bit;
		*val = (int32_t)v;
	}
}

/* At the clone event: the kernel has written the pidfd and parent_tid by now. */
void model_readback(struct tracer *tr, struct task *t, struct call *c)
{
	readback(c, c->pidfd_addr, t->tid, READ_PIDFD, &c->rec.pidfd_value);
	readback(c, c->parent_tid_addr, t->tid, READ_PARENT_TID, &c->rec.parent_tid_value);
}

static void derive_ns(struct tracer *tr, struct task *child, const struct task *t)
{
	uint64_t ns[NS_COUNT];

	model_ns_inherit(ns, t->ns);
	task_set_ns(tr, child, ns, t->ns);
}

/*
 * Attach mode, when the flags were not in the registers any more: what the
 * child shares with its creator, asked of the kernel with kcmp(2) and /proc.
 */
static uint64_t flags_from_kernel(const struct task *t, const struct task *child)
{
	struct kinship k = { .same_tgid = proc_status_field(child->tid, "Tgid") == t->tgid };
	long ppid = proc_status_field(child->tid, "PPid");

	k.other_parent = ppid > 0 && ppid != t->tgid;
	for (int r = 0; r < R_COUNT; r++)
		k.same[r] = ct_res[r].kcmp < 0 ? -1 :
			    syscall(SYS_kcmp, t->tid, child->tid, ct_res[r].kcmp, 0, 0) == 0;
	return model_flags_of(&k);
}

void model_link(struct tracer *tr, struct task *child)
{
	struct task *t = child->creator;
	struct call *c = child->call;
	uint64_t f = c->flags_lost && !child->ended ? flags_from_kernel(t, child) : c->flags;

	child->thread = f & CLONE_THREAD;
	child->tgid = child->thread ? t->tgid : child->tid;
	child->parent = f & (CLONE_PARENT | CLONE_THREAD) ? t->parent : t;
	memcpy(child->comm, t->comm, sizeof(child->comm));
	watch_inherit(tr, child, t);
	child->exe = exe_ref(t->exe);
	child->argv = json_incref(t->argv);
	model_clone(&tr->model, child->id, child->res, t->res, f);

	if (child->ended) {
		/* died before its first stop: nothing left to read */
		derive_ns(tr, child, t);
		task_set_nspid(child, &child->tid, 1);
		task_forget(tr, child);
		return;
	}
	/*
	 * attached: unshare and setns were not seen, so nothing can be derived.
	 * After unshare(CLONE_NEWPID) (or CLONE_NEWTIME) the creator's
	 * *_for_children could not be read until the namespace had a process:
	 * this child, stopped at its first stop, is that process.
	 */
	/* attached without syscall stops: the creator may have unshared unseen */
	if (tr->mode == MODE_ATTACH)
		task_reread_ns(tr, t);
	if (model_ns_unknown(f, tracer_attached(tr), t->ns)) {
		uint64_t ns[NS_COUNT];

		if (task_read_ns(tr, child) < 0)
			derive_ns(tr, child, t);
		memcpy(ns, t->ns, sizeof(ns));
		if (!(f & CLONE_NEWPID) && !ns[NS_PID_FOR_CHILDREN])
			ns[NS_PID_FOR_CHILDREN] = child->ns[NS_PID];
		if (!(f & CLONE_NEWTIME) && !ns[NS_TIME_FOR_CHILDREN])
			ns[NS_TIME_FOR_CHILDREN] = child->ns[NS_TIME];
		task_set_ns(tr, t, ns, NULL);
	} else {
		derive_ns(tr, child, t);
	}
	if (!model_nspid_unknown(f, tracer_attached(tr), t->ns, t->n_nspid))
		task_set_nspid(child, &child->tid, 1);
	else
		task_read_nspid(child);
	/* a child with its own copy of memory has the changed clone_args too */
	if (!(f & CLONE_VM))
		untraced_restore(tr, c, child->tid);
	/* CLONE_CHILD_SETTID is written by the child before its first stop */
	readback(c, c->child_tid_addr, child->tid, READ_CHILD_TID, &c->rec.child_tid_value);
}

static json_t *exec_argv_new(const struct ct_call *x)
{
	json_t *argv = json_array();

	for (int i = 0; i < x->argc && x->argv[i]; i++)
		json_array_append_new(argv, json_bytes_new(x->argv[i]));
	return argv;
}

/*
 * At the execveat's entry, while its fds are still there (a close-on-exec
 * one is gone after it): what its dirfd names (fexecve's program, or the
 * directory a relative path starts from).
 */
void model_exec_seen(struct task *t)
{
	const struct ct_call *x = t->pending_exec;

	if (x && x->sysc == CT_SYS_EXECVEAT && x->dirfd != CT_AT_FDCWD)
		t->pending_exec_fd = proc_fd_path(t->tid, x->dirfd);
}

/*
 * An exec record of now: path copied, argv a new reference (or NULL), and
 * execveat's dirfd, flags and what the fd named.
 */
static struct exec_record exec_entry(struct tracer *tr, const struct task *t,
				     const struct ct_call *x, const char *path, json_t *argv)
{
	struct exec_record e = { .time_ns = now_ns(tr), .path = path ? strdup(path) : NULL,
				 .argv = argv, .argv_truncated = x && x->argv_truncated };

	if (x && x->sysc == CT_SYS_EXECVEAT) {
		e.at = true;
		e.dirfd = x->dirfd;
		e.at_flags = (uint32_t)x->at_flags;
		e.fd_path = t->pending_exec_fd ? strdup(t->pending_exec_fd) : NULL;
	}
	return e;
}

/*
 * /proc/TID/exe of a program on a bind mount since detached (runc 1.1's
 * and crun's copy of themselves) reads "/": name it by the candidate that
 * is the same file (device and inode): what the fd named, or the exe the
 * task had before.  NULL when none is.
 */
static char *exe_by_inode(pid_t tid, const char *const *cand, int n)
{
	char path[64];
	struct stat st, c;

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	for (int i = 0; i < n; i++)
		if (cand[i] && cand[i][0] == '/' && cand[i][1] && stat(cand[i], &c) == 0 &&
		    c.st_dev == st.st_dev && c.st_ino == st.st_ino)
			return strdup(cand[i]);
	return NULL;
}

/* The execve seen at t's seccomp or entry stop failed with err. */
void model_exec_failed(struct tracer *tr, struct task *t, int err)
{
	struct ct_call *x = t->pending_exec;
	struct exec_record e;

	if (!x)
		return;
	e = exec_entry(tr, t, x, x->path, x->argv ? exec_argv_new(x) : NULL);
	e.err = err;
	exec_record_add(&t->exec_failures, &t->n_exec_failures, e);
	pending_exec_drop(t);
}

/*
 * The name execve gives: the last part of the path it was called with
 * (the kernel's kbasename(bprm->filename)), 15 bytes of it.  execveat
 * names otherwise when given an fd alone: /proc tells then.
 */
static int exec_comm(const struct ct_call *x, char comm[16])
{
	const char *base;

	if (!x || x->sysc != CT_SYS_EXECVE || !x->path || !x->path[0])
		return -1;
	base = strrchr(x->path, '/');
	snprintf(comm, 16, "%s", base ? base + 1 : x->path);
	return comm[0] ? 0 : -1;
}

void model_exec(struct tracer *tr, struct task *t, pid_t old_tid)
{
	struct ct_call *x = t->pending_exec;
	struct exec_record e;
	json_t *argv = NULL;
	char comm[16];

	char *old_exe = t->exe, *exe = proc_read_exe(t->tid);

	if (exe && !strcmp(exe, "/")) {
		const char *cand[] = { t->pending_exec_fd, old_exe };

		free(exe);
		exe = exe_by_inode(t->tid, cand, 2);
	}
	t->exe = exe_new(exe);
	free(exe);
	exe_unref(old_exe);
	if (exec_comm(x, comm) == 0 || proc_read_comm(t->tid, comm) == 0)
		task_rename(tr, t, comm, "execve");
	if (x && x->argv) {
		argv = exec_argv_new(x);
	} else if (!x) {
		/* attached: the execve was not seen, but its result is in /proc */
		argv = proc_read_cmdline(t->tid);
	}
	e = exec_entry(tr, t, x, x && x->path ? x->path : t->exe, json_incref(argv));
	e.old_tid = old_tid;
	exec_record_add(&t->execs, &t->n_execs, e);
	json_decref(t->argv);
	t->argv = argv;
	pending_exec_drop(t);
	stacks_forget(tr->stacks, t->tgid);
	/* execve: a new mm; files and signal handlers no longer shared */
	model_execve(&tr->model, t->id, t->res);
	t->thread = false;
}

/*
 * After a setns that worked: the caller's namespaces again, and on the
 * call the namespaces it moved to: the fd's own kind (a namespace fd), and
 * every kind that changed (a pidfd names several).
 */
static void setns_joined(struct tracer *tr, struct task *t, struct call *c)
{
	int fd_kind = c->rec.has_ns_type ? c->rec.ns_type : NS_TYPE_UNKNOWN;
	const uint64_t *before = t->ns;		/* a set is never changed: a new one replaces it */

	task_read_ns(tr, t);
	c->rec.joined = calloc(NS_COUNT, sizeof(*c->rec.joined));
	if (!c->rec.joined)
		return;
	c->rec.has_joined = true;
	for (int k = 0; k < NS_COUNT; k++)
		if (t->ns[k] && (t->ns[k] != before[k] || fd_kind == k))
			c->rec.joined[k] = t->ns[k];
}

void model_unshare_setns(struct tracer *tr, struct task *t, struct call *c)
{
	if (c->sysc == CT_SYS_UNSHARE) {
		if (model_unshare(&tr->model, t->id, t->res, c->flags))
			task_read_ns(tr, t);
		return;
	}
	setns_joined(tr, t, c);
}

/* CLONE_UNTRACED: the child runs untraced; record what the caller saw. */
void model_escaped(struct tracer *tr, struct task *t, struct call *c, pid_t value)
{
	struct task *child = task_new(tr, 0);

	if (!child)
		return;
	/* the returned pid is global only if the caller is in the initial PID namespace */
	child->tid = value;
	child->escaped = true;
	child->linked = true;
	child->creator = t;
	child->call = c;
	c->child = child;
	child->ended = true;
	model_link(tr, child);
	child->ended = false;
}

/*
 * A task whose creator's clone event never came (its creator died between
 * making it and reporting it): its process and parent from /proc, what it
 * shares with its parent process (or its thread group) from kcmp(2), the
 * rest from /proc while it is still stopped.
 */
void model_orphan(struct tracer *tr, struct task *t)
{
	long ppid = proc_status_field(t->tid, "PPid");
	long tgid = proc_status_field(t->tid, "Tgid");
	struct task *p = ppid > 0 ? task_by_tid(tr, (pid_t)ppid) : NULL, *ref;

	t->tgid = tgid > 0 ? (pid_t)tgid : t->tid;
	t->thread = t->tgid != t->tid;
	ref = t->thread ? task_by_tid(tr, t->tgid) : p;
	t->parent = t->thread ? (ref ? ref->parent : NULL) : (p && !p->thread ? p : NULL);
	for (int k = 0; k < R_COUNT; k++) {
		bool same = ref && !ref->ended && (k == R_TGROUP ? t->thread :
			ct_res[k].kcmp >= 0 && syscall(SYS_kcmp, ref->tid, t->tid, ct_res[k].kcmp, 0, 0) == 0);

		model_hold(&tr->model, t->id, t->res, k, same ? ref->res[k] : res_new(tr, k));
	}
	if (read_live(tr, t) < 0 && ref)
		derive_ns(tr, t, ref);
	t->argv = proc_read_cmdline(t->tgid);
}

/*
 * At the end of the trace: a task that died before its first stop and
 * before its creator's event, which never came (the creator was killed in
 * its clone).  The kernel told only its process (exits.c).  A thread
 * shares what CLONE_THREAD implies (CLONE_SIGHAND, CLONE_VM) with its
 * process, and has its program, argv and namespaces; what else it shared
 * is not known: an instance of its own, listed in shares_unknown.
 */
static void model_creatorless(struct tracer *tr, struct task *t)
{
	struct task *leader = NULL;
	uint64_t f;

	for (size_t i = 0; t->thread && i < tr->records.n_tasks; i++) {
		struct task *l = tr->records.tasks[i];

		/* the last process with that tid started before it (tids are reused) */
		if (l != t && l->tid == t->tgid && !l->thread && l->linked && l->start_ns <= t->start_ns)
			leader = l;
	}
	f = leader ? CLONE_THREAD | CLONE_SIGHAND | CLONE_VM : 0;
	model_clone(&tr->model, t->id, t->res, leader ? leader->res : t->res, f);
	for (int k = 0; k < R_COUNT; k++)
		if (!(f & ct_res[k].share_flag))
			t->shares_unknown |= 1u << k;
	if (!leader)
		return;
	t->parent = leader->parent;
	memcpy(t->comm, leader->comm, sizeof(t->comm));
	if (!t->exe)
		t->exe = exe_ref(leader->exe);
	if (!t->argv)
		t->argv = json_incref(leader->argv);
	task_set_ns(tr, t, leader->ns, leader->ns);
	if (leader->n_nspid == 1)
		task_set_nspid(t, &t->tid, 1);
}

/*
 * At the end of the trace: a child whose creator's event came but whose
 * first stop never did (the trace ended first) gets what the flags say.
 */
void model_finish(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];
		bool ended = t->ended;

		if (!t->linked && !t->creator && t->ended && t != tr->root) {
			model_creatorless(tr, t);
			t->linked = true;
			continue;
		}
		if (t->linked || !t->creator)
			continue;
		t->ended = true;	/* read nothing from /proc: it may be gone */
		model_link(tr, t);
		t->ended = ended;
		t->linked = true;
	}
	/*
	 * Tasks still alive (an interrupted trace, a detach) get the name they
	 * have now: threads often name themselves (PR_SET_NAME) after they
	 * start, which no stop shows.
	 */
	for (size_t i = 0; i < tr->records.n_tasks; i++)
		if (!tr->records.tasks[i]->ended)
			watch_exit(tr, tr->records.tasks[i]);
}
