/* SPDX-License-Identifier: MIT */
/*
 * What a task changes about itself that the trace must follow: its name
 * (prctl(PR_SET_NAME), a write to /proc/self/task/TID/comm, execve) and
 * its own seccomp filter (seccomp(2), prctl(PR_SET_SECCOMP)).
 *
 * A filter of the program's own that returns SECCOMP_RET_ERRNO, KILL or
 * TRAP for a call takes precedence over clonetrace's RET_TRACE: no seccomp
 * stop happens, so the refused call would be missing.  The syscall-entry
 * stop comes before any filter runs (since Linux 4.8), so such a task and
 * every task it creates afterwards (they inherit the filter) are resumed
 * with PTRACE_SYSCALL: they stop at every syscall, and the traced calls
 * are decoded at their entry stops as in syscall mode.
 */
#include <err.h>
#include <errno.h>
#include <sys/xattr.h>
#include <sys/stat.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/prctl.h>
#include <linux/seccomp.h>
#include <sys/ptrace.h>

#include "base/alloc.h"
#include "decode/arch.h"
#include "decode/decode.h"
#include "format/json.h"
#include "format/record.h"
#include "tracer/mem.h"
#include "tracer/procfs.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/watch.h"

/*
 * Puts a name in t's history at its time, unless the name before it there
 * is the same (a prctl seen at its seccomp stop, then reported by the proc
 * connector).
 */
static void name_add(struct task *t, const char *comm, uint64_t time_ns, const char *via)
{
	struct name_record *v;
	int at = t->n_names;

	/* a rename from the proc connector may be read after a later exec's */
	while (at > 0 && t->names[at - 1].time_ns > time_ns)
		at--;
	if (at > 0 && !strncmp(t->names[at - 1].comm, comm, sizeof(v->comm) - 1))
		return;
	v = xreallocarray(t->names, (size_t)t->n_names + 1, sizeof(*v));
	t->names = v;
	memmove(v + at + 1, v + at, (t->n_names - at) * sizeof(*v));
	v[at] = (struct name_record){ .time_ns = time_ns, .via = via };
	snprintf(v[at].comm, sizeof(v->comm), "%s", comm);
	t->n_names++;
}

void watch_rename_at(struct tracer *tr, struct task *t, const char *name, const char *via,
		    uint64_t time_ns)
{
	char comm[16];

	/* the kernel keeps 15 bytes (TASK_COMM_LEN) */
	snprintf(comm, sizeof(comm), "%s", name);
	if (!t->n_names && !t->comm_unread && !strcmp(comm, t->comm))
		return;
	if (!t->n_names) {
		name_add(t, t->comm, t->start_ns, t->pre_existing ? "attach" : "start");
		/*
		 * the name it started with was never read: null, not "";
		 * or not known yet (renamed, or gone, before its creator's
		 * event): sharing_link() gives it its creator's then
		 */
		t->names[0].unread = t->comm_unread || !t->linked;
	}
	name_add(t, comm, time_ns, via);
	memcpy(t->comm, t->names[t->n_names - 1].comm, sizeof(t->comm));
	t->comm_unread = false;
}

void watch_rename(struct tracer *tr, struct task *t, const char *name, const char *via)
{
	watch_rename_at(tr, t, name, via, now_ns(tr));
}

/* What the notes on it said once, and whether set-user-ID programs run unprivileged. */
struct watch {
	bool no_new_privs;		/* the filter needed it: set-user-ID programs run unprivileged */
	bool noted_setuid;		/* ... and a note said so */
	bool noted_follow;		/* the note on tasks followed with syscall stops is in meta.notes */
	bool noted_ptrace;		/* ... and the one on a ptrace(2) that failed under clonetrace */
};

struct watch *watch_new(void)
{
	return xcalloc(1, sizeof(struct watch));
}

void watch_free(struct watch *w)
{
	free(w);
}

void watch_no_new_privs(struct tracer *tr)
{
	tr->watch->no_new_privs = true;
}

static void follow(struct tracer *tr, struct task *t, const char *via)
{
	if (t->follow_via)
		return;
	t->follow_via = via;
	t->follow_since_ns = now_ns(tr);
	t->follow_filter = t->id;
	if (!tr->watch->noted_follow) {
		tr->watch->noted_follow = true;
		json_array_append_new(tr->notes, json_string(
			"tasks that installed a seccomp filter of their own, and their descendants, "
			"were followed with syscall stops (tasks[].syscall_stops): a filter's "
			"SECCOMP_RET_ERRNO, KILL or TRAP takes precedence over clonetrace's RET_TRACE"));
	}
}

/*
 * SECCOMP_FILTER_FLAG_TSYNC gives every thread of the process the filter
 * (Chromium's sandbox does so): follow them too, stopping each so that it
 * is resumed under syscall stops (loop.c resume()).
 */
static void follow_thread_group(struct tracer *tr, struct task *t)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *x = tr->records.tasks[i];

		if (x == t || x->ended || x->tgid != t->tgid || x->follow_via ||
		    task_by_tid(tr, x->tid) != x)
			continue;
		x->follow_via = t->follow_via;
		x->follow_filter = t->id;
		x->follow_since_ns = t->follow_since_ns;
		ptrace(PTRACE_INTERRUPT, x->tid, 0L, 0L);
	}
}

void watch_inherit(struct tracer *tr, struct task *child, const struct task *creator)
{
	if (!creator->follow_via || child->follow_via)
		return;
	child->follow_via = creator->follow_via;
	child->follow_filter = creator->follow_filter;
	child->follow_since_ns = child->start_ns;
}

bool watch_entry(struct tracer *tr, struct task *t, const struct ct_arch *a, uint64_t nr,
		 const uint64_t *args)
{
	uint64_t mask = a && a->wordsize == 4 ? 0xffffffffu : ~(uint64_t)0;

	if (!a || (long)nr < 0)
		return false;
	if ((long)nr == a->nr_seccomp) {
		/* a filter only; SECCOMP_SET_MODE_STRICT allows no clone at all */
		/* followed once it worked: libseccomp probes with calls that fail */
		if ((uint32_t)args[0] == SECCOMP_SET_MODE_FILTER && tr->mode == MODE_SECCOMP && !t->follow_via)
			t->watch_filter = args[1] & SECCOMP_FILTER_FLAG_TSYNC ? "seccomp+tsync" : "seccomp";
		return true;
	}
	if ((long)nr == a->nr_ptrace) {
		/* the filter stops only TRACEME, ATTACH and SEIZE; syscall mode stops all */
		if ((uint32_t)args[0] == PTRACE_TRACEME || (uint32_t)args[0] == PTRACE_ATTACH ||
		    (uint32_t)args[0] == PTRACE_SEIZE) {
			t->watch_ptrace = (int)(uint32_t)args[0] + 1;
			t->watch_ptrace_pid = (pid_t)args[1];
		}
		return true;
	}
	if ((long)nr != a->nr_prctl)
		return false;
	if ((uint32_t)args[0] == PR_SET_SECCOMP) {
		if ((uint32_t)args[1] == SECCOMP_MODE_FILTER && tr->mode == MODE_SECCOMP && !t->follow_via)
			t->watch_filter = "prctl";
	} else if ((uint32_t)args[0] == PR_SET_NAME) {
		pid_t tid = t->tid;
		struct ct_mem mem = mem_for(&tid);
		char *name = mem_read_str(&mem, args[1] & mask, 15);

		if (name)
			watch_rename(tr, t, name, "prctl");
		free(name);
	}
	return true;
}

/*
 * The exit of a ptrace(2) call seen by watch_entry(): a task can have one
 * tracer, so a debugger or strace run under clonetrace fails with EPERM.
 * Say so once, on stderr and in meta.notes: the program's own error
 * message may not name the cause.
 */
void watch_exit_stop(struct tracer *tr, struct task *t, long long rval)
{
	static const char *const req[] = {
		[PTRACE_TRACEME] = "PTRACE_TRACEME", [PTRACE_ATTACH] = "PTRACE_ATTACH",
	};
	char note[300], of[32] = "";
	int r = t->watch_ptrace - 1;
	const char *via = t->watch_filter;

	t->watch_filter = NULL;
	if (via && rval == 0) {
		follow(tr, t, strncmp(via, "seccomp", 7) ? via : "seccomp");
		if (!strcmp(via, "seccomp+tsync"))
			follow_thread_group(tr, t);
	}

	t->watch_ptrace = 0;
	if (r < 0 || rval != -EPERM || tr->watch->noted_ptrace)
		return;
	tr->watch->noted_ptrace = true;
	if (r != PTRACE_TRACEME)
		snprintf(of, sizeof(of), " of %d", (int)t->watch_ptrace_pid);
	snprintf(note, sizeof(note), "%s (pid %d) can't use ptrace under clonetrace: %s%s failed "
		 "with EPERM (clonetrace traces %s already)", t->comm, (int)t->tgid,
		 r == PTRACE_SEIZE ? "PTRACE_SEIZE" : req[r], of,
		 r == PTRACE_TRACEME ? "it" : "that task");
	json_array_append_new(tr->notes, json_bytes_new(note));
	warnx("%s", note);
}

/*
 * At the task's exit stop: a name written to /proc/TID/comm shows only
 * there.  Attached without syscall stops, unshare and setns are not seen:
 * the namespaces the task ends in are read here too.
 */
void watch_exit(struct tracer *tr, struct task *t)
{
	char comm[16];

	if (procfs_read_comm(t->tid, comm) == 0)
		watch_rename(tr, t, comm, "comm");
	if (tr->mode == MODE_ATTACH)
		task_reread_ns(tr, t);
}

/*
 * Under no_new_privs (the filter's price without CAP_SYS_ADMIN) execve
 * grants no set-user-ID, set-group-ID or file capabilities: say so once,
 * when such a program is run (strace --seccomp-bpf behaves the same).
 */
void watch_setuid(struct tracer *tr, const struct task *t)
{
	struct stat st;
	char note[PATH_MAX + 300];

	if (!tr->watch->no_new_privs || tr->watch->noted_setuid || !t->exe || stat(t->exe, &st) < 0)
		return;
	if (!(st.st_mode & (S_ISUID | S_ISGID)) &&
	    getxattr(t->exe, "security.capability", NULL, 0) <= 0)
		return;
	tr->watch->noted_setuid = true;
	snprintf(note, sizeof(note), "%s is set-user-ID, set-group-ID or has file capabilities, but "
		 "ran without them: the seccomp filter of a clonetrace without CAP_SYS_ADMIN needs "
		 "no_new_privs (--no-seccomp avoids it)", t->exe);
	json_array_append_new(tr->notes, json_bytes_new(note));
	warnx("%s", note);
}
