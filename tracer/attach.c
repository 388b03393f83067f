/* SPDX-License-Identifier: MIT */
/*
 * clonetrace record -p: attaching to running processes and detaching from
 * them.  No seccomp filter can be added to a running process, so calls are
 * decoded from the registers at their clone events (loop.c) and failed
 * calls are not seen.
 */
#include <dirent.h>
#include <stdbool.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/kcmp.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "names/compat.h"
#include "names/res.h"
#include "tracer/attach.h"
#include "tracer/options.h"
#include "tracer/procfs.h"
#include "tracer/task.h"
#include "tracer/tracer.h"

#define ATTACH_OPTIONS (PTRACE_O_TRACESYSGOOD | PTRACE_O_TRACECLONE | \
	PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEEXIT)

static void fail(struct tracer *tr, pid_t pid, const char *why)
{
	snprintf(tr->err, sizeof(tr->err), "-p %d: %s", (int)pid, why);
}

/* Why PTRACE_SEIZE said EPERM, in words a user can act on. */
static const char *eperm_reason(pid_t pid)
{
	long tracer = procfs_status_field(pid, "TracerPid");
	FILE *f;
	int scope = 0;

	if (tracer > 0)
		return "already traced by another process";
	f = fopen("/proc/sys/kernel/yama/ptrace_scope", "re");
	if (f) {
		if (fscanf(f, "%d", &scope) != 1)
			scope = 0;
		fclose(f);
	}
	if (scope > 0)
		return "permission denied (see /proc/sys/kernel/yama/ptrace_scope)";
	return "permission denied";
}

/*
 * PTRACE_SEIZE, the ptrace modes' way to take a thread: ESRCH, the thread
 * just exited; EPERM while its process is traced by us already: it is exiting.
 */
static int seize(struct tracer *tr, pid_t pid, pid_t tid, int total, void *ctx)
{
	if (ptrace(PTRACE_SEIZE, tid, 0L, (long)ATTACH_OPTIONS) == 0)
		return 0;
	if (errno == ESRCH || (errno == EPERM && total > 0 &&
	    procfs_status_field(pid, "TracerPid") == getpid()))
		return 1;
	return -1;
}

/* Takes every thread of pid, re-reading /proc/PID/task until no new one appears. */
static int take_threads(struct tracer *tr, pid_t pid, attach_take_fn take, void *ctx)
{
	char path[64];
	int added, total = 0;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	do {
		DIR *d = opendir(path);
		struct dirent *e;

		if (!d) {
			if (total == 0)
				fail(tr, pid, errno == ENOENT ? "no such process" : strerror(errno));
			return total ? 0 : -1;
		}
		added = 0;
		while ((e = readdir(d))) {
			pid_t tid = (pid_t)atoi(e->d_name);
			struct task *t;

			int rc;

			if (tid <= 0 || task_by_tid(tr, tid))
				continue;
			if ((rc = take(tr, pid, tid, total, ctx)) != 0) {
				if (rc > 0)
					continue;
				closedir(d);
				fail(tr, pid, errno == EPERM ? eperm_reason(pid) : strerror(errno));
				return -1;
			}
			t = task_new(tr, tid);
			t->tgid = pid;
			t->thread = tid != pid;
			t->pre_existing = true;
			t->linked = true;
			t->seen_stop = true;
			added++;
			total++;
		}
		closedir(d);
	} while (added);
	if (total == 0) {
		fail(tr, pid, "process exited during attach");
		return -1;
	}
	return 0;
}

/* qsort_r order of two tasks by kernel object, from kcmp(2): 0 equal, 1 less, 2 greater. */
static int kcmp_order(const void *a, const void *b, void *arg)
{
	const struct task *x = *(struct task *const *)a, *y = *(struct task *const *)b;
	long r = syscall(SYS_kcmp, x->tid, y->tid, *(int *)arg, 0, 0);

	if (r == 1)
		return -1;
	if (r == 2)
		return 1;
	if (r == 0)
		return 0;
	return x->id - y->id;
}

/*
 * What the pre-existing tasks share can't come from flags: sort them by
 * each kernel object with kcmp(2) and give equal neighbours one instance.
 * (KCMP_IO and KCMP_SYSVSEM call two tasks without an io context or undo
 * list equal: both are NULL.)
 */
static void share_by_kcmp(struct tracer *tr, struct task **v, size_t n)
{
	for (int k = 0; k < R_COUNT; k++) {
		int type = ct_res[k].kcmp;

		if (type < 0)
			continue;
		qsort_r(v, n, sizeof(*v), kcmp_order, &type);
		for (size_t i = 0; i < n; i++) {
			bool same = i > 0 && syscall(SYS_kcmp, v[i - 1]->tid, v[i]->tid, type, 0, 0) == 0;

			v[i]->res[k] = same ? v[i - 1]->res[k] : task_res_new(tr, k);
			task_member_add(tr, v[i], k);
		}
	}
}

static struct task *leader_of(struct tracer *tr, pid_t tgid)
{
	struct task *t = task_by_tid(tr, tgid);

	return t && !t->thread ? t : NULL;
}

/* Why a process can't be attached to before trying, or NULL. */
static const char *unattachable(pid_t pid)
{
	char state[64] = "";
	long tgid;

	if (kill(pid, 0) < 0 && errno == ESRCH)
		return "no such process";
	tgid = procfs_status_field(pid, "Tgid");
	if (tgid > 0 && tgid != pid)
		return "not a process id (a thread's id?)";
	if (procfs_status_string(pid, "State", state, sizeof(state)) == 0 && state[0] == 'Z')
		return "a zombie: it has exited, and only its parent's wait remains";
	if (pid == getpid())
		return "that is clonetrace itself";
	return NULL;
}

/*
 * --tree: the processes descended from pids[] now, each once, parents
 * before children; a new array of *n.
 */
static pid_t *with_descendants(const pid_t *pids, int *n)
{
	size_t m = 0, cap = (size_t)*n + 64;
	pid_t *v = xreallocarray(NULL, cap, sizeof(*v));
	struct proc_ppid *all;
	size_t n_all;

	for (int i = 0; i < *n; i++)
		v[m++] = pids[i];
	if (procfs_read_ppids(&all, &n_all) < 0)
		return v;
	/* breadth first: each round adds the children of what is in v */
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n_all; j++) {
			bool seen = false;

			if (all[j].ppid != v[i])
				continue;
			for (size_t k = 0; k < m && !seen; k++)
				seen = v[k] == all[j].pid;
			if (seen)
				continue;
			if (m == cap) {
				cap *= 2;
				v = xreallocarray(v, cap, sizeof(*v));
			}
			v[m++] = all[j].pid;
		}
	free(all);
	*n = (int)m;
	return v;
}

int attach_take(struct tracer *tr, const pid_t *given, int n, attach_take_fn take, void *ctx)
{
	struct task **v;
	size_t first = tr->records.n_tasks, m;
	pid_t *pids = tr->opt->tree ? with_descendants(given, &n) : NULL;
	const char *why;

	if (!pids)
		pids = (pid_t *)given;
	for (int i = 0; i < n; i++) {
		if ((why = unattachable(pids[i]))) {
			/* a descendant that went away meanwhile is no error */
			if (pids != given && i >= tr->opt->n_pids)
				continue;
			fail(tr, pids[i], why);
			goto fail;
		}
		if (take_threads(tr, pids[i], take, ctx) < 0) {
			if (pids != given && i >= tr->opt->n_pids)
				continue;
			goto fail;
		}
	}
	if (pids != given)
		free(pids);
	m = tr->records.n_tasks - first;
	v = xreallocarray(NULL, m ? m : 1, sizeof(*v));
	for (size_t i = 0; i < m; i++) {
		struct task *t = tr->records.tasks[first + i];
		struct task *tg = leader_of(tr, t->tgid);

		v[i] = t;
		/* a task gone since it was seized keeps no name and no namespaces (0) */
		task_read_comm(tr, t);
		t->exe = task_exe_from_proc(t->tid);
		t->argv = procfs_read_cmdline(t->tgid);
		if (task_read_ns(tr, t, NULL) < 0)
			debug(tr->opt, "%d: no /proc/%d/ns", (int)t->tid, (int)t->tid);
		task_read_nspid(t);
		task_read_cgroup(tr, t);
		/* a thread's real parent is its process's; a process's if it is attached too */
		t->parent = leader_of(tr, (pid_t)procfs_status_field(t->tgid, "PPid"));
		t->res[R_TGROUP] = tg && tg != t ? tg->res[R_TGROUP] : task_res_new(tr, R_TGROUP);
		task_member_add(tr, t, R_TGROUP);
	}
	share_by_kcmp(tr, v, m);
	/*
	 * A thread that exited meanwhile can't be compared; CLONE_THREAD
	 * implies CLONE_VM and CLONE_SIGHAND, so it held its leader's.
	 */
	for (size_t i = 0; i < m; i++) {
		struct task *t = v[i], *tg = leader_of(tr, t->tgid);

		if (!tg || tg == t || syscall(SYS_kcmp, t->tid, tg->tid, KCMP_VM, 0, 0) == 0)
			continue;
		if (kill(t->tid, 0) == 0)
			continue;
		t->res[R_VM] = tg->res[R_VM];
		t->res[R_SIGHAND] = tg->res[R_SIGHAND];
		task_member_add(tr, t, R_VM);
		task_member_add(tr, t, R_SIGHAND);
	}
	free(v);
	if (!tr->root)
		tr->root = leader_of(tr, given[0]);
	tr->root_pid = given[0];
	return 0;

fail:
	if (pids != given)
		free(pids);
	return -1;
}

int attach_all(struct tracer *tr, const pid_t *given, int n)
{
	size_t first = tr->records.n_tasks;

	tr->mode = tr->opt->no_seccomp ? MODE_ATTACH_SYSCALL : MODE_ATTACH;
	if (attach_take(tr, given, n, seize, NULL) < 0)
		return -1;
	/* --no-seccomp: stop each, to resume it under syscall stops (loop.c resume()) */
	for (size_t i = first; tr->mode == MODE_ATTACH_SYSCALL && i < tr->records.n_tasks; i++)
		ptrace(PTRACE_INTERRUPT, tr->records.tasks[i]->tid, 0L, 0L);
	return 0;
}

static bool is_stop_signal(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/*
 * Detaches every tracee so the program goes on unharmed.  A tracee can
 * only be let go in a ptrace-stop, and the stop it is let go from decides
 * what happens to a signal: PTRACE_DETACH from a signal-delivery stop with
 * 0 discards that signal.  So nothing is detached blindly: each running
 * task is interrupted, and at whatever stop it reports next (a
 * signal-delivery stop that was already pending among them) it is let go
 * with the signal that stop was delivering.  Only the tasks held in a stop
 * that was collected already (a new task waiting for its creator's event)
 * are let go at once; their stop has no signal.  Children born meanwhile
 * are auto-attached and let go at their first stop.  Ends when waitpid
 * has no tracee left.
 */
void attach_detach_all(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		if (t->ended || t->escaped || task_by_tid(tr, t->tid) != t)
			continue;
		if (t->held)
			ptrace(PTRACE_DETACH, t->tid, 0L, 0L);
		else
			ptrace(PTRACE_INTERRUPT, t->tid, 0L, 0L);
	}
	for (;;) {
		int status, sig = 0, event;
		pid_t tid = waitpid(-1, &status, __WALL);

		if (tid < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (!WIFSTOPPED(status))
			continue;
		event = (unsigned)status >> 16;
		if (event == 0 && WSTOPSIG(status) != (SIGTRAP | 0x80))
			sig = WSTOPSIG(status);	/* signal-delivery stop: deliver it */
		else if (event == PTRACE_EVENT_STOP && is_stop_signal(WSTOPSIG(status)))
			sig = 0;		/* group-stop: it stays stopped, as untraced */
		ptrace(PTRACE_DETACH, tid, 0L, (long)sig);
	}
}
