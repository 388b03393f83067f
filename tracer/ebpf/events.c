/* SPDX-License-Identifier: MIT */
/*
 * The probes' events (wire.h) made records.  A creating call is decoded
 * once, here, by decode/ from what the probe copied in the creator's call:
 * its user registers as at syscall entry, laid out as the register set
 * ptrace reads (NT_PRSTATUS), and clone3's struct clone_args and set_tid
 * array, served to the decoder as the only readable memory.  Its child
 * gets the kernel's own namespaces, pids and name; what it shares follows
 * the decoded flags (model/), as in the ptrace modes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "decode/arch.h"
#include "decode/decode.h"
#include "decode/regs.h"
#include "format/json.h"
#include "format/record.h"
#include "model/model.h"
#include "model/nsinst.h"
#include "names/compat.h"
#include "names/ns.h"
#include "names/res.h"
#include "tracer/ebpf/events.h"
#include "tracer/ebpf/wire.h"
#include "tracer/procfs.h"
#include "tracer/sharing.h"
#include "tracer/syscall.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/watch.h"

/* A rename held back until the task's next event: an execve's own comes just before it. */
struct held_name {
	pid_t tid;
	char comm[16];
	const char *via;
	uint64_t time_ns;
};

struct events {
	struct tracer *tr;
	struct held_name *held;
	size_t n_held;
	unsigned unknown_creators;
};

struct events *events_new(struct tracer *tr)
{
	struct events *ev = xcalloc(1, sizeof(*ev));

	ev->tr = tr;
	return ev;
}

void events_free(struct events *ev)
{
	if (!ev)
		return;
	free(ev->held);
	free(ev);
}

unsigned events_unknown_creators(const struct events *ev)
{
	return ev->unknown_creators;
}

static uint64_t since_t0(const struct tracer *tr, uint64_t ns)
{
	return ns > tr->t0 ? ns - tr->t0 : 0;
}

/* The only memory the decoder may read: what the probe copied, where it was. */
struct snapshot {
	struct {
		uint64_t addr;
		const uint8_t *bytes;
		size_t len;
	} part[2];
};

static int snapshot_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	const struct snapshot *s = ctx;

	for (int i = 0; i < 2; i++)
		if (s->part[i].len && addr >= s->part[i].addr &&
		    addr - s->part[i].addr <= s->part[i].len &&
		    len <= s->part[i].len - (addr - s->part[i].addr)) {
			memcpy(buf, s->part[i].bytes + (addr - s->part[i].addr), len);
			return 0;
		}
	return -1;
}

static uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void store32(uint8_t *p, uint64_t v)
{
	uint32_t w = (uint32_t)v;

	memcpy(p, &w, sizeof(w));
}

/*
 * The kernel's struct pt_regs (as the probe copied it) as the register set
 * a ptrace tracer reads of that task: x86_64's user_regs_struct begins with
 * pt_regs' 21 registers; a 32-bit task's (x86 TS_COMPAT) is i386's
 * user_regs_struct, its registers the low halves of pt_regs'; arm64's
 * user_pt_regs is pt_regs' beginning.  Its size in *size, NULL if unknown.
 */
static const struct ct_arch *regset_of(const struct tracer *tr, const uint8_t *regs, bool compat,
				       uint8_t set[EBPF_REGS_BYTES], size_t *size)
{
	/* i386's user_regs_struct, slot by slot, from x86_64 pt_regs slots */
	static const int i386_from[17] = { 5, 11, 12, 13, 14, 4, 10, -1, -1, -1, -1, 15, 16, 17,
					   18, 19, 20 };

	memset(set, 0, EBPF_REGS_BYTES);
	if (!strcmp(tr->host->name, "x86_64") && !compat) {
		memcpy(set, regs, 21 * 8);
		*size = 27 * 8;
	} else if (!strcmp(tr->host->name, "x86_64")) {
		for (int i = 0; i < 17; i++)
			store32(set + 4 * i, i386_from[i] < 0 ? 0 : load64(regs + 8 * i386_from[i]));
		*size = 17 * 4;
	} else if (!strcmp(tr->host->name, "aarch64") && !compat) {
		memcpy(set, regs, 34 * 8);
		*size = 34 * 8;
	} else {
		return NULL;
	}
	return regs_arch_by_size(tr->host, *size);
}

/* The call in regs decoded (memory from snap, or none); -1 if it is none clonetrace decodes. */
static int decode_regs(const struct tracer *tr, const uint8_t *regs, bool compat,
		       const struct ct_mem *mem, struct ct_call *dc)
{
	uint8_t set[EBPF_REGS_BYTES];
	const struct ct_arch *a;
	uint64_t args[6];
	size_t size;
	long nr;

	a = regset_of(tr, regs, compat, set, &size);
	if (!a || regs_syscall(a, set, size, &nr, args) != 0)
		return -1;
	return decode_call(a, nr, args, mem, dc);
}

static void held_apply(struct events *ev, size_t i)
{
	struct task *t = task_by_tid(ev->tr, ev->held[i].tid);

	if (t)
		watch_rename_at(ev->tr, t, ev->held[i].comm, ev->held[i].via, ev->held[i].time_ns);
}

/* tid's held renames, recorded (keep: one that an execve made, dropped instead). */
static void held_flush(struct events *ev, pid_t tid, const char *exec_comm)
{
	size_t j = 0;

	for (size_t i = 0; i < ev->n_held; i++) {
		if (ev->held[i].tid != tid) {
			ev->held[j++] = ev->held[i];
			continue;
		}
		/* the execve's own rename is the last one before it, to its name */
		if (!exec_comm || i + 1 < ev->n_held || strcmp(ev->held[i].comm, exec_comm))
			held_apply(ev, i);
	}
	ev->n_held = j;
}

void events_settle(struct events *ev)
{
	for (size_t i = 0; i < ev->n_held; i++)
		held_apply(ev, i);
	ev->n_held = 0;
}

/*
 * --system: a task that was there before the trace began, described as
 * attach mode describes one (attach.c): what /proc says of it now, its
 * parent if that is known, and what a thread shares with its process's
 * leader from kcmp(2).
 */
static struct task *pre_existing(struct events *ev, pid_t tid, pid_t tgid);

/* A task that came with no creation event: lost, or (--system) there before the trace. */
static struct task *unknown_task(struct events *ev, pid_t tid, pid_t tgid)
{
	struct task *t;

	if (ev->tr->mode == MODE_SYSTEM)
		return pre_existing(ev, tid, tgid);
	t = task_new(ev->tr, tid);
	t->tgid = tgid;
	t->thread = tgid != tid;
	t->linked = t->seen_stop = true;
	t->start_ns = 0;
	sharing_root(ev->tr, t);
	ev->unknown_creators++;
	return t;
}

static struct task *pre_existing(struct events *ev, pid_t tid, pid_t tgid)
{
	struct tracer *tr = ev->tr;
	struct task *leader = tgid != tid ? task_by_tid(tr, tgid) : NULL, *t;
	struct task *parent;

	if (tgid != tid && !leader)
		leader = pre_existing(ev, tgid, tgid);
	t = task_new(tr, tid);
	t->tgid = tgid;
	t->thread = tgid != tid;
	t->linked = t->seen_stop = true;
	t->pre_existing = true;
	t->start_ns = 0;
	task_read_comm(tr, t);
	t->exe = task_exe_from_proc(tid);
	t->argv = procfs_read_cmdline(tgid);
	if (task_read_ns(tr, t, NULL) < 0)
		debug(tr->opt, "%d: no /proc/%d/ns", (int)tid, (int)tid);
	task_read_nspid(t);
	task_read_cgroup(tr, t);
	if (leader) {
		struct kinship k = { .same_tgid = true };

		for (int r = 0; r < R_COUNT; r++)
			k.same[r] = ct_res[r].kcmp < 0 ? -1 :
				    syscall(SYS_kcmp, leader->tid, tid, ct_res[r].kcmp, 0, 0) == 0;
		model_clone(&tr->model, t->id, t->res, leader->res, model_flags_of(&k));
		t->parent = leader->parent;
	} else {
		model_hold_new(&tr->model, t->id, t->res);
		parent = task_by_tid(tr, (pid_t)procfs_status_field(tgid, "PPid"));
		t->parent = parent && !parent->thread ? parent : NULL;
	}
	return t;
}

/*
 * The creator's namespaces as its child shows them: an unshare or setns is
 * not seen, so a kind the call did not make new that differs in the child
 * is what the creator (its `inherit` kind) has now, an instance it moved
 * to unseen.
 */
static void creator_ns_from_child(struct tracer *tr, struct task *t, const struct task *child,
				  uint64_t f)
{
	uint64_t ns[NS_COUNT];
	bool changed = false;

	if (!t->ns)
		return;
	memcpy(ns, t->ns, sizeof(ns));
	for (int k = 0; k < NS_COUNT; k++)
		if (!(f & ct_ns[k].flag) && child->ns[k] && child->ns[k] != ns[ct_ns[k].inherit]) {
			ns[ct_ns[k].inherit] = child->ns[k];
			nsinst_unseen(&tr->records.nsinst, (int)child->ns[k], child->id, t->id);
			changed = true;
		}
	if (changed)
		task_set_ns(tr, t, ns, NULL);
}

/*
 * The child's namespace inodes (the kernel's, at its creation) as
 * instances (model/nsinst.h), those of the kinds its flags made new made
 * by its call c: calls[].made.
 */
static void child_ns(struct tracer *tr, struct task *child, const struct task *t,
		     struct call *c, const struct ebpf_new *e, uint64_t f, uint64_t when)
{
	struct ns_origin o = { 0 };
	uint64_t ns[NS_COUNT];

	for (int k = 0; k < NS_COUNT; k++)
		if (f & ct_ns[k].flag)
			o.call[ct_ns[k].own] = c->rec.id;
	for (int k = 0; k < NS_COUNT; k++) {
		int same = -1;

		/* pid and pid_for_children name one namespace until an unshare parts them */
		for (int j = 0; j < k && same < 0; j++)
			if (ct_ns[j].own == ct_ns[k].own && e->ns[j] == e->ns[k])
				same = j;
		ns[k] = same >= 0 ? ns[same] :
			(uint64_t)nsinst_resolve(&tr->records.nsinst, k, e->ns[k], 0, &o, child->id, when);
	}
	task_set_ns(tr, child, ns, t->ns);
	for (int k = 0; k < NS_COUNT; k++) {
		const struct ns_instance *x;
		int own = ct_ns[k].own;

		if (!(f & ct_ns[k].flag))
			continue;
		if (!c->rec.made) {
			c->rec.made = xcalloc(NS_COUNT, sizeof(*c->rec.made));
			for (int j = 0; j < NS_COUNT; j++)
				c->rec.made[j] = -1;
		}
		x = nsinst_get(&tr->records.nsinst, (int)child->ns[k]);
		if (c->rec.made[own] <= 0)
			c->rec.made[own] = x && x->call == c->rec.id ? x->num : 0;
	}
}

static void on_new(struct events *ev, const struct ebpf_new *e)
{
	struct tracer *tr = ev->tr;
	struct snapshot snap = { .part = {
		{ e->cargs_addr, e->cargs, e->cargs_len },
		{ e->set_tid_addr, e->set_tid, e->set_tid_len },
	} };
	struct ct_mem mem = { snapshot_read, &snap };
	struct task *t = task_by_tid(tr, (pid_t)e->creator), *child;
	uint64_t when = since_t0(tr, e->h.time_ns), f;
	int nspid[EBPF_MAX_LEVELS], levels = e->levels < EBPF_MAX_LEVELS ? (int)e->levels : 0;
	struct ct_call dc;
	struct call *c;
	int rc;

	held_flush(ev, (pid_t)e->creator, NULL);
	if (!t)
		t = unknown_task(ev, (pid_t)e->creator, (pid_t)e->creator_tgid);
	c = task_call_new(tr, t);
	c->rec.time_ns = when;
	c->rec.decoded_from = FROM_REGISTERS;
	rc = decode_regs(tr, e->regs, e->compat, &mem, &dc);
	if (rc == 0 && call_creates_task(&dc)) {
		c->sysc = dc.sysc;
		c->flags = dc.flags;
		c->rec.dc = dc;
		c->rec.decoded = true;
	} else {
		if (rc == 0)
			call_release(&dc);
		c->sysc = CT_SYS_CLONE;
		c->flags_lost = true;
		c->rec.flags_lost = true;	/* and not decoded: "syscall": "unknown" */
	}
	f = c->flags;

	child = task_by_tid(tr, (pid_t)e->h.tid);
	/* -p: made while its process was being taken, so taken (from /proc) already */
	if (child && child->pre_existing && !child->creator && !child->ended && child != t) {
		child->creator = t;
		child->call = c;
		c->child = child;
		syscall_result(tr, c, (long long)e->h.tid, 0);
		return;
	}
	/* a stale record of the same tid (its exit lost): forgotten */
	if (child)
		task_forget(tr, child);
	child = task_new(tr, (pid_t)e->h.tid);
	child->start_ns = when;
	child->creator = t;
	child->call = c;
	c->child = child;
	child->tgid = (pid_t)e->tgid;
	child->thread = child->tgid != child->tid;
	if (c->flags_lost) {
		struct task *p = task_by_tid(tr, (pid_t)e->parent);

		child->parent = p;
	} else {
		child->parent = f & (CLONE_PARENT | CLONE_THREAD) ? t->parent : t;
	}
	child->linked = child->seen_stop = true;
	memcpy(child->comm, e->comm, sizeof(child->comm));
	child->comm[sizeof(child->comm) - 1] = 0;
	/* born in its creator's cgroups, or the one CLONE_INTO_CGROUP named (read now, if still there) */
	if (f & CLONE_INTO_CGROUP)
		task_read_cgroup(tr, child);
	else
		child->cgroup = t->cgroup;
	child->exe = task_exe_ref(t->exe);
	child->argv = json_incref(t->argv);
	model_clone(&tr->model, child->id, child->res, t->res, f);
	child_ns(tr, child, t, c, e, f, when);
	creator_ns_from_child(tr, t, child, f);
	for (int i = 0; i < levels; i++)
		nspid[i] = e->nspid[i];
	task_set_nspid(child, nspid, levels);
	/* clone returns the child's pid in the caller's PID namespace */
	syscall_result(tr, c, t->n_nspid > 0 && t->n_nspid <= levels ?
		       (long long)nspid[t->n_nspid - 1] : (long long)e->h.tid, 0);
	c->done = true;
}

/* The 4 bytes the call wrote at addr, as the probe read them back; -1 if it did not. */
static int wrote_at(const struct ebpf_wrote *e, uint64_t addr, int32_t *v)
{
	for (int i = 0; addr && i < EBPF_WORDS; i++)
		if (e->read & 1u << i && e->addr[i] == addr) {
			*v = e->value[i];
			return 0;
		}
	return -1;
}

/* What the child's creating call wrote back: CLONE_PIDFD's fd, CLONE_PARENT_SETTID's tid. */
static void on_wrote(struct events *ev, const struct ebpf_wrote *e)
{
	struct task *child = task_by_tid(ev->tr, (pid_t)e->h.tid);
	const struct ct_call *dc;
	struct call *c;

	if (!child || !(c = child->call) || !c->rec.decoded)
		return;
	dc = &c->rec.dc;
	if (dc->flags & CLONE_PIDFD &&
	    wrote_at(e, dc->sysc == CT_SYS_CLONE3 ? dc->pidfd : dc->parent_tid, &c->rec.pidfd_value) == 0)
		c->rec.read |= READ_PIDFD;
	if (dc->has & CT_HAS_PARENT_TID && dc->flags & CLONE_PARENT_SETTID &&
	    wrote_at(e, dc->parent_tid, &c->rec.parent_tid_value) == 0)
		c->rec.read |= READ_PARENT_TID;
}

/*
 * The parts of an execve's data[] (wire.h) that the event's size holds:
 * argv's bytes, then the filename and interp strings.  0, or -1 if the
 * lengths say more than came.
 */
struct exec_parts {
	const char *argv, *filename, *interp;
	size_t argv_len;
};

static int exec_parts(const struct ebpf_exec *e, size_t size, struct exec_parts *x)
{
	size_t have = size - offsetof(struct ebpf_exec, data);
	size_t want = (size_t)e->argv_len + e->filename_len + e->interp_len;

	if (size < offsetof(struct ebpf_exec, data) || want > have || want > sizeof(e->data))
		return -1;
	x->argv = e->data;
	x->argv_len = e->argv_len;
	x->filename = e->filename_len ? e->data + e->argv_len : "";
	x->interp = e->interp_len ? e->data + e->argv_len + e->filename_len : "";
	/* each string ends with its NUL where the probe read one */
	if ((e->filename_len && x->filename[e->filename_len - 1]) ||
	    (e->interp_len && x->interp[e->interp_len - 1]))
		return -1;
	return 0;
}

/* The argument strings the kernel copied to the new program's stack. */
static json_t *argv_of(const struct exec_parts *x)
{
	json_t *argv = json_array();
	size_t i = 0;

	while (i < x->argv_len) {
		size_t n = strnlen(x->argv + i, x->argv_len - i);
		char *s = xstrndup(x->argv + i, n);

		json_array_append_new(argv, json_bytes_new(s));
		free(s);
		i += n + 1;
	}
	return argv;
}

/* Does path name the file the probe saw exec'd (its device and inode)? */
static bool same_file(const char *path, const struct ebpf_exec *e)
{
	struct stat st;

	return stat(path, &st) == 0 && st.st_ino == e->exe_ino &&
	       st.st_dev == makedev(e->exe_dev >> 20, e->exe_dev & 0xfffff);
}

/*
 * The program exec'd, as /proc/TID/exe names it while the task lives; else
 * (gone already) the path the kernel ran, bprm->interp (a script's
 * interpreter), made absolute.  Only a path that is that very file (device
 * and inode): NULL if none is.
 */
static char *exe_of(pid_t tid, const struct ebpf_exec *e, const char *interp)
{
	char path[64], *exe = procfs_read_exe(tid);

	snprintf(path, sizeof(path), "/proc/%d/exe", (int)tid);
	if (exe && same_file(path, e))
		return exe;
	free(exe);
	exe = realpath(interp, NULL);
	if (exe && same_file(exe, e))
		return exe;
	free(exe);
	return NULL;
}

static void on_exec(struct events *ev, const struct ebpf_exec *e, size_t size)
{
	struct tracer *tr = ev->tr;
	pid_t tid = (pid_t)e->h.tid, old = (pid_t)e->old_tid;
	struct task *t = task_by_tid(tr, old), *leader;
	struct exec_record x = { .time_ns = since_t0(tr, e->h.time_ns), .old_tid = old };
	struct exec_parts parts;
	char comm[16], *exe;
	struct ct_call dc;

	if (exec_parts(e, size, &parts) < 0)
		return;
	snprintf(comm, sizeof(comm), "%s", e->comm);
	held_flush(ev, tid, comm);
	if (old != tid)
		held_flush(ev, old, NULL);
	if (!t)
		t = unknown_task(ev, old, tid);
	if (old != tid) {
		/* a thread's execve: it takes its leader's tid, the leader is gone */
		if ((leader = task_by_tid(tr, tid))) {
			leader->ended = true;
			leader->end_ns = x.time_ns;
			leader->exit_kind = EXIT_EXEC;
			task_ns_end(tr, leader);
			task_forget(tr, leader);
			if (tr->root == leader)
				tr->root = t;
		}
		task_forget(tr, t);
		task_set_tid(tr, t, tid);
	}
	/* the call's numbers (execve or execveat, dirfd, flags); its memory is gone */
	if (decode_regs(tr, e->regs, e->compat, NULL, &dc) == 0) {
		if (dc.sysc == CT_SYS_EXECVEAT) {
			x.at = true;
			x.dirfd = dc.dirfd;
			x.at_flags = (uint32_t)dc.at_flags;
		}
		call_release(&dc);
	}
	x.path = xstrdup(parts.filename);
	x.argv = argv_of(&parts);
	x.argv_truncated = e->argv_cut;
	exe = exe_of(tid, e, parts.interp);
	task_exe_unref(t->exe);
	t->exe = task_exe_new(exe);
	free(exe);
	watch_rename_at(tr, t, comm, "execve", x.time_ns);
	json_decref(t->argv);
	t->argv = json_incref(x.argv);
	exec_record_add(&t->execs, &t->n_execs, x);
	/* execve: a new mm; files and signal handlers no longer shared */
	model_execve(&tr->model, t->id, t->res);
	t->thread = false;
	t->tgid = tid;
}

static void on_end(struct events *ev, const struct ebpf_exit *e)
{
	struct tracer *tr = ev->tr;
	struct task *t = task_by_tid(tr, (pid_t)e->h.tid);
	int st = e->code;

	held_flush(ev, (pid_t)e->h.tid, NULL);
	if (!t)
		return;
	t->ended = true;
	t->end_ns = since_t0(tr, e->h.time_ns);
	if (e->by_exec) {
		t->exit_kind = EXIT_EXEC;
	} else if (WIFSIGNALED(st)) {
		t->exit_kind = EXIT_SIGNAL;
		t->exit_val = WTERMSIG(st);
		t->core = WCOREDUMP(st);
	} else {
		t->exit_kind = EXIT_CODE;
		t->exit_val = WEXITSTATUS(st);
	}
	task_ns_end(tr, t);
	task_forget(tr, t);
}

static void on_rename(struct events *ev, const struct ebpf_rename *e)
{
	struct held_name *h;

	held_flush(ev, (pid_t)e->h.tid, NULL);
	ev->held = xreallocarray(ev->held, ev->n_held + 1, sizeof(*ev->held));
	h = &ev->held[ev->n_held++];
	h->tid = (pid_t)e->h.tid;
	snprintf(h->comm, sizeof(h->comm), "%s", e->comm);
	/* the task itself (prctl PR_SET_NAME, or its own /proc/self/comm), or another */
	h->via = e->by == e->h.tid ? "prctl" : "comm";
	h->time_ns = since_t0(ev->tr, e->h.time_ns);
}

int events_handle(void *ctx, void *data, size_t size)
{
	struct events *ev = ctx;
	const struct ebpf_head *h = data;

	if (size < sizeof(*h))
		return 0;
	switch (h->kind) {
	case EBPF_EV_NEW:
		if (size >= sizeof(struct ebpf_new))
			on_new(ev, data);
		break;
	case EBPF_EV_EXEC:
		if (size >= offsetof(struct ebpf_exec, data))
			on_exec(ev, data, size);
		break;
	case EBPF_EV_EXIT:
		if (size >= sizeof(struct ebpf_exit))
			on_end(ev, data);
		break;
	case EBPF_EV_WROTE:
		if (size >= sizeof(struct ebpf_wrote))
			on_wrote(ev, data);
		break;
	case EBPF_EV_RENAME:
		if (size >= sizeof(struct ebpf_rename))
			on_rename(ev, data);
		break;
	}
	return 0;
}
