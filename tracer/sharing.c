/* SPDX-License-Identifier: MIT */
/*
 * What the tasks share, fed to the pure model (model/) from the ptrace
 * events, and its answers applied to the tasks.  A child joins its
 * creator's instance of each resource whose CLONE_* flag says share and
 * gets a new one otherwise; unshare(2) leaves what it names (execve's part
 * is execs.c's).  Namespaces are the creator's unless the call made new
 * ones (the creator's own are re-read after its unshare/setns), so /proc is
 * read only for CLONE_NEW* calls and for a caller in a nested PID namespace.
 */
#include <sys/syscall.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "decode/arch.h"
#include "decode/decode.h"
#include "format/record.h"
#include "model/model.h"
#include "model/nsinst.h"
#include "names/compat.h"
#include "names/ns.h"
#include "names/res.h"
#include "tracer/mem.h"
#include "tracer/procfs.h"
#include "tracer/sharing.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/untraced.h"
#include "tracer/watch.h"

/* What /proc says of a live task: namespaces (-1 if unreadable), pids, name, program. */
static int read_live(struct tracer *tr, struct task *t)
{
	int rc = task_read_ns(tr, t, NULL);

	task_read_nspid(t);
	/* gone already, or not yet readable: unread (null), tried again at its next stop */
	task_read_comm(tr, t);
	t->exe = task_exe_from_proc(t->tid);
	task_read_cgroup(tr, t);
	return rc;
}

void sharing_root(struct tracer *tr, struct task *t)
{
	model_hold_new(&tr->model, t->id, t->res);
	read_live(tr, t);
}

/* What the decoder can't know: names behind fds, and where to read back. */
void sharing_call_extras(struct tracer *tr, struct task *t, struct call *c,
			 const struct ct_call *dc)
{
	if (dc->has & CT_HAS_PARENT_TID && dc->flags & CLONE_PARENT_SETTID)
		c->parent_tid_addr = dc->parent_tid;
	if (dc->flags & CLONE_PIDFD && dc->sysc != CT_SYS_UNSHARE && dc->sysc != CT_SYS_SETNS)
		c->pidfd_addr = dc->sysc == CT_SYS_CLONE3 ? dc->pidfd : dc->parent_tid;
	if (!(dc->flags & CLONE_CHILD_SETTID))
		c->child_tid_addr = 0;
	if (dc->sysc == CT_SYS_CLONE3 && dc->has & CT_HAS_CGROUP) {
		c->rec.has_cgroup_path = true;
		c->rec.cgroup_path = procfs_fd_path(t->tid, (int)dc->cgroup);
	}
	if (dc->sysc == CT_SYS_SETNS) {
		uint64_t ino;
		int k = procfs_ns_kind_of_fd(t->tid, dc->fd, &ino);

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
void sharing_readback(struct tracer *tr, struct task *t, struct call *c)
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

/* ... but a kind its call made new, never read, is unknown (0), not the creator's. */
static void derive_ns_unread(struct tracer *tr, struct task *child, const struct task *t,
			     uint64_t f)
{
	uint64_t ns[NS_COUNT];

	model_ns_inherit(ns, t->ns);
	for (int k = 0; k < NS_COUNT; k++)
		if (f & ct_ns[k].flag)
			ns[k] = 0;
	task_set_ns(tr, child, ns, NULL);
}

/* The kinds (own kinds, enum ns_kind) of namespace flags f makes. */
static unsigned made_kinds(uint64_t f)
{
	unsigned m = 0;

	for (int k = 0; k < NS_COUNT; k++)
		if (f & ct_ns[k].flag)
			m |= 1u << ct_ns[k].own;
	return m;
}

/* The namespaces call c (with flags f, which made some) made: their calls[].made, unread so far. */
static void made_start(struct call *c, uint64_t f)
{
	unsigned kinds = made_kinds(f);

	if (!kinds || c->rec.made)
		return;
	c->rec.made = xcalloc(NS_COUNT, sizeof(*c->rec.made));
	for (int k = 0; k < NS_COUNT; k++)
		c->rec.made[k] = kinds & (1u << k) ? 0 : -1;
}

/* ... each one read: the instance of t's key (a kind) the call made. */
static void made_read(struct tracer *tr, struct call *c, const struct task *t, int key)
{
	const struct ns_instance *x = nsinst_get(&tr->records.nsinst, (int)t->ns[key]);
	int k = ct_ns[key].own;

	if (c->rec.made && c->rec.made[k] == 0 && x && x->call == c->rec.id)
		c->rec.made[k] = x->num;
}

/*
 * Attach mode, when the flags were not in the registers any more: what the
 * child shares with its creator, asked of the kernel with kcmp(2) and /proc.
 */
static uint64_t flags_from_kernel(const struct task *t, const struct task *child)
{
	struct kinship k = { .same_tgid = procfs_status_field(child->tid, "Tgid") == t->tgid };
	long ppid = procfs_status_field(child->tid, "PPid");

	k.other_parent = ppid > 0 && ppid != t->tgid;
	for (int r = 0; r < R_COUNT; r++)
		k.same[r] = ct_res[r].kcmp < 0 ? -1 :
			    syscall(SYS_kcmp, t->tid, child->tid, ct_res[r].kcmp, 0, 0) == 0;
	return model_flags_of(&k);
}

/*
 * A child starts with its creator's name.  Renamed (or seen at its exit)
 * before this link, it has its names already: the first, "start", is its
 * creator's, and its comm stays the last one it had.
 */
static void start_name(struct task *child, const struct task *t)
{
	struct name_record *n = child->names;

	if (!child->n_names) {
		memcpy(child->comm, t->comm, sizeof(child->comm));
		child->comm_unread = t->comm_unread;
		return;
	}
	if (strcmp(n[0].via, "start") != 0)
		return;
	memcpy(n[0].comm, t->comm, sizeof(n[0].comm));
	n[0].unread = t->comm_unread;
	/* the one name it had all along: no history */
	if (child->n_names == 2 && !n[0].unread && !n[1].unread && !strcmp(n[0].comm, n[1].comm)) {
		free(child->names);
		child->names = NULL;
		child->n_names = 0;
	}
}

void sharing_link(struct tracer *tr, struct task *child)
{
	struct task *t = child->creator;
	struct call *c = child->call;
	uint64_t f = c->flags_lost && !child->ended ? flags_from_kernel(t, child) : c->flags;
	/* unshare and setns unseen (attached, light): the creator's namespaces may be stale */
	bool unseen = tracer_attached(tr) || tr->mode == MODE_LIGHT;

	child->thread = f & CLONE_THREAD;
	child->tgid = child->thread ? t->tgid : child->tid;
	child->parent = f & (CLONE_PARENT | CLONE_THREAD) ? t->parent : t;
	start_name(child, t);
	watch_inherit(tr, child, t);
	child->exe = task_exe_ref(t->exe);
	child->argv = json_incref(t->argv);
	model_clone(&tr->model, child->id, child->res, t->res, f);
	/* not an escaped child's (CLONE_UNTRACED, syscall mode): nothing of it was read */
	if (!child->escaped)
		made_start(c, f & ns_flags_all());

	if (child->ended) {
		/* died before its first stop: nothing left to read, and nothing guessed */
		derive_ns_unread(tr, child, t, f);
		/* born in its creator's cgroups, unless the call named others */
		child->cgroup = f & CLONE_INTO_CGROUP ? NULL : t->cgroup;
		if (!model_nspid_unknown(f, unseen, t->ns, t->n_nspid))
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
	if (model_ns_unknown(f, unseen, t->ns)) {
		uint64_t ns[NS_COUNT];
		struct ns_origin o = { 0 };
		bool read;

		for (int k = 0; k < NS_COUNT; k++)
			if (f & ct_ns[k].flag)
				o.call[ct_ns[k].own] = c->rec.id;
		/* the namespace an unshare(CLONE_NEWPID/NEWTIME) made has its first task */
		for (int k = 0; k < 2 && t->unshared; k++) {
			int own = k ? NS_TIME : NS_PID;

			if (!t->ns[ct_ns[own].inherit] && !o.call[own])
				o.call[own] = t->unshared->rec.id;
		}
		read = task_read_ns(tr, child, &o) == 0;
		if (!read)
			derive_ns_unread(tr, child, t, f);
		memcpy(ns, t->ns, sizeof(ns));
		/* light: an unshare unseen shows as a child's namespace its flags did not make */
		for (int k = 0; read && tr->mode == MODE_LIGHT && k < NS_COUNT; k++)
			if (!(f & ct_ns[k].flag) && child->ns[k] && child->ns[k] != ns[ct_ns[k].inherit]) {
				ns[ct_ns[k].inherit] = child->ns[k];
				nsinst_unseen(&tr->records.nsinst, (int)child->ns[k], child->id, t->id);
			}
		if (!(f & CLONE_NEWPID) && !ns[NS_PID_FOR_CHILDREN])
			ns[NS_PID_FOR_CHILDREN] = child->ns[NS_PID];
		if (!(f & CLONE_NEWTIME) && !ns[NS_TIME_FOR_CHILDREN])
			ns[NS_TIME_FOR_CHILDREN] = child->ns[NS_TIME];
		if (t->unshared) {
			made_read(tr, t->unshared, child, NS_PID);
			made_read(tr, t->unshared, child, NS_TIME);
			t->unshared = NULL;
		}
		task_set_ns(tr, t, ns, NULL);
	} else {
		derive_ns(tr, child, t);
	}
	for (int k = 0; k < NS_COUNT; k++)
		if (f & ct_ns[k].flag)
			made_read(tr, c, child, k);
	/* a child in its creator's PID namespace, one level deep, has its tid there alone */
	if (!model_nspid_unknown(f, unseen, t->ns, t->n_nspid) ||
	    (unseen && !(f & CLONE_NEWPID) && t->n_nspid == 1 && child->ns[NS_PID] &&
	     child->ns[NS_PID] == t->ns[NS_PID]))
		task_set_nspid(child, &child->tid, 1);
	else
		task_read_nspid(child);
	/*
	 * A new task is born in its creator's cgroups (the calling thread's:
	 * read again at the clone event of a process), or in the one
	 * CLONE_INTO_CGROUP named.  Reading each new task instead would cost
	 * a thread-heavy program some 8 us a thread.
	 */
	if (f & CLONE_INTO_CGROUP)
		task_read_cgroup(tr, child);
	else
		child->cgroup = t->cgroup;
	/* a child with its own copy of memory has the changed clone_args too */
	if (!(f & CLONE_VM))
		untraced_restore(tr, c, child->tid);
	/* CLONE_CHILD_SETTID is written by the child before its first stop */
	readback(c, c->child_tid_addr, child->tid, READ_CHILD_TID, &c->rec.child_tid_value);
}

/*
 * After a setns that worked: the caller's namespaces again, and on the
 * call the namespaces it moved to: the one the fd's own kind moves (a
 * namespace fd), and every kind that changed (a pidfd names several).  A
 * pid or time namespace fd moves pid_for_children or time_for_children
 * (the kind's `inherit`), never the caller's own pid or time namespace.
 */
static void setns_joined(struct tracer *tr, struct task *t, struct call *c)
{
	int fd_kind = c->rec.has_ns_type && c->rec.ns_type >= 0 && c->rec.ns_type < NS_COUNT ?
		      (int)ct_ns[c->rec.ns_type].inherit : NS_TYPE_UNKNOWN;
	const uint64_t *before = t->ns;		/* a set is never changed: a new one replaces it */

	/* gone already: every kind reads 0, and none is said to be joined */
	if (task_read_ns(tr, t, NULL) < 0)
		debug(tr->opt, "%d: no /proc/%d/ns after setns", (int)t->tid, (int)t->tid);
	c->rec.joined = xcalloc(NS_COUNT, sizeof(*c->rec.joined));
	c->rec.has_joined = true;
	for (int k = 0; k < NS_COUNT; k++)
		if (t->ns[k] && (t->ns[k] != before[k] || fd_kind == k))
			c->rec.joined[k] = nsinst_get(&tr->records.nsinst, (int)t->ns[k])->inode;
}

/*
 * After an unshare that worked: the caller's namespaces again, those of
 * the kinds it made made by it.  Its pid_for_children and
 * time_for_children can't be read until the new namespace has a process:
 * the caller's next child tells (sharing_link()).
 */
static void unshared(struct tracer *tr, struct task *t, struct call *c)
{
	uint64_t f = unshare_implied_flags(c->flags) & ns_flags_all();
	struct ns_origin o = { 0 };

	/*
	 * Not the caller's own pid and time namespaces: unshare(CLONE_NEWPID)
	 * makes only its children's, known at its first child.  Taken as made,
	 * the caller's unchanged pid namespace became a new instance (where no
	 * kernel id tells them apart), and a later setns of the caller's
	 * "joined" it.
	 */
	for (int k = 0; k < NS_COUNT; k++)
		if ((f & ct_ns[k].flag) && ct_ns[k].own != NS_PID && ct_ns[k].own != NS_TIME)
			o.call[ct_ns[k].own] = c->rec.id;
	made_start(c, f);
	if (task_read_ns(tr, t, &o) < 0)
		debug(tr->opt, "%d: no /proc/%d/ns after unshare", (int)t->tid, (int)t->tid);
	for (int k = 0; k < NS_COUNT; k++)
		if (f & ct_ns[k].flag)
			made_read(tr, c, t, ct_ns[k].inherit);
	if (f & (CLONE_NEWPID | CLONE_NEWTIME))
		t->unshared = c;
}

void sharing_unshare_setns(struct tracer *tr, struct task *t, struct call *c)
{
	if (c->sysc == CT_SYS_UNSHARE) {
		if (model_unshare(&tr->model, t->id, t->res, c->flags))
			unshared(tr, t, c);
		return;
	}
	setns_joined(tr, t, c);
}

/* CLONE_UNTRACED: the child runs untraced; record what the caller saw. */
void sharing_escaped(struct tracer *tr, struct task *t, struct call *c, pid_t value)
{
	struct task *child = task_new(tr, 0);

	/* the returned pid is global only if the caller is in the initial PID namespace */
	child->tid = value;
	child->escaped = true;
	child->linked = true;
	child->creator = t;
	child->call = c;
	c->child = child;
	child->ended = true;
	sharing_link(tr, child);
	child->ended = false;
}

/*
 * A task whose creator's clone event never came (its creator died between
 * making it and reporting it): its process and parent from /proc, what it
 * shares with its parent process (or its thread group) from kcmp(2), the
 * rest from /proc while it is still stopped.
 */
void sharing_orphan(struct tracer *tr, struct task *t)
{
	long ppid = procfs_status_field(t->tid, "PPid");
	long tgid = procfs_status_field(t->tid, "Tgid");
	struct task *p = ppid > 0 ? task_by_tid(tr, (pid_t)ppid) : NULL, *ref;

	t->tgid = tgid > 0 ? (pid_t)tgid : t->tid;
	t->thread = t->tgid != t->tid;
	ref = t->thread ? task_by_tid(tr, t->tgid) : p;
	t->parent = t->thread ? (ref ? ref->parent : NULL) : (p && !p->thread ? p : NULL);
	for (int k = 0; k < R_COUNT; k++) {
		bool same = ref && !ref->ended && (k == R_TGROUP ? t->thread :
			ct_res[k].kcmp >= 0 && syscall(SYS_kcmp, ref->tid, t->tid, ct_res[k].kcmp, 0, 0) == 0);

		model_hold(&tr->model, t->id, t->res, k, same ? ref->res[k] : task_res_new(tr, k));
	}
	if (read_live(tr, t) < 0 && ref)
		derive_ns(tr, t, ref);
	t->argv = procfs_read_cmdline(t->tgid);
}

/*
 * At the end of the trace: a task that died before its first stop and
 * before its creator's event, which never came (the creator was killed in
 * its clone).  The kernel told only its process (exits.c).  A thread
 * shares what CLONE_THREAD implies (CLONE_SIGHAND, CLONE_VM) with its
 * process, and has its program, argv and namespaces; what else it shared
 * is not known: an instance of its own, listed in shares_unknown.
 */
static void creatorless(struct tracer *tr, struct task *t)
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
	if (!leader) {
		/* nothing of it was read: its name is unknown, not "" */
		t->comm_unread = !t->n_names;
		return;
	}
	t->parent = leader->parent;
	start_name(t, leader);
	if (!t->exe)
		t->exe = task_exe_ref(leader->exe);
	if (!t->argv)
		t->argv = json_incref(leader->argv);
	task_set_ns(tr, t, leader->ns, leader->ns);
	if (leader->n_nspid == 1)
		task_set_nspid(t, &t->tid, 1);
}

/*
 * A task let go (detached, or the trace interrupted) runs on: one that
 * exited meanwhile reads wrong (cgroup v1's memory hierarchy reads "/"),
 * so what it read is kept only if it is alive after the read.
 */
static void finish_cgroup(struct tracer *tr, struct task *t)
{
	const char *before = t->cgroup;
	bool unread = t->cgroup_unread;
	char state[8];

	task_read_cgroup(tr, t);
	if (procfs_status_string(t->tid, "State", state, sizeof(state)) < 0 ||
	    state[0] == 'Z' || state[0] == 'X') {
		t->cgroup = before;
		t->cgroup_unread = unread;
	}
}

/*
 * At the end of the trace: a child whose creator's event came but whose
 * first stop never did (the trace ended first) gets what the flags say.
 */
void sharing_finish(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];
		bool ended = t->ended;

		if (!t->linked && !t->creator && t->ended && t != tr->root) {
			creatorless(tr, t);
			t->linked = true;
			continue;
		}
		if (t->linked || !t->creator)
			continue;
		t->ended = true;	/* read nothing from /proc: it may be gone */
		sharing_link(tr, t);
		t->ended = ended;
		t->linked = true;
	}
	/*
	 * Tasks still alive (an interrupted trace, a detach) get the name they
	 * have now: threads often name themselves (PR_SET_NAME) after they
	 * start, which no stop shows.
	 */
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		if (t->ended)
			continue;
		watch_exit(tr, t);
		/* and the cgroups they are in now: a runtime may have moved them */
		if (!t->escaped)
			finish_cgroup(tr, t);
	}
}
