/* SPDX-License-Identifier: MIT */
/*
 * record --ebpf: the probes loaded first, then the command started, so
 * that nothing it does is missed: a child forked with every signal
 * blocked waits on a pipe until the probes follow its pid, then takes
 * clonetrace's signal mask back and execs.  Nothing is ever stopped:
 * clonetrace reads the ring buffer while the program runs, and ends when
 * the command and every task it left have ended.  Signals are as in the
 * ptrace modes: the first goes to the program (unless it has it from the
 * terminal already), a second ends it and the trace is incomplete; after
 * the command's end, one lets go of what it left running.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tracer/attach.h"
#include "tracer/ebpf.h"
#include "tracer/ebpf/events.h"
#include "tracer/ebpf/probes.h"
#include "tracer/launch.h"
#include "tracer/options.h"
#include "tracer/procfs.h"
#include "tracer/sharing.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"

#define EBPF_NOTE \
	"ebpf mode: BPF probes on the kernel's task events (sched_process_fork, " \
	"sched_wakeup_new, sched_process_exec, sched_process_exit, task_rename), nothing stopped: a creating " \
	"call is decoded from its caller's registers as the child is made, so failed calls, " \
	"unshare, setns and failed execve calls are not seen (nor a call the program's own " \
	"seccomp filter refuses); the child tid the kernel writes (CLONE_CHILD_SETTID) and " \
	"what clone3's cgroup fd names are not read; an execve's path is the kernel's (bprm->filename: execveat with a " \
	"directory fd shows /dev/fd/N/...) and its argv is kept up to 16 KiB"

#define SYSTEM_NOTE \
	"system mode: every user task of the host but clonetrace's own; a task that was there " \
	"before the trace began is pre_existing, described as /proc shows it when it first " \
	"creates, execs or is renamed, its sharing with its process from kcmp(2)"

/* Forks the command's process, blocked on a pipe until *go is written. */
static pid_t fork_waiting(struct tracer *tr, const char *path, int *go)
{
	sigset_t all, mask;
	int p[2];
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0)
		return -1;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &mask);
	pid = fork();
	if (pid != 0)
		sigprocmask(SIG_SETMASK, &mask, NULL);
	if (pid == 0) {
		ssize_t r;
		char c;

		close(p[1]);
		while ((r = read(p[0], &c, 1)) < 0 && errno == EINTR)
			;
		/* clonetrace gave up: the program never runs */
		if (r != 1)
			_exit(127);
		/* the program gets the signal mask and dispositions clonetrace was started with */
		wait_sig_restore_for_exec(tr->sig);
		execv(path, tr->opt->argv);
		dprintf(2, "clonetrace: cannot execute '%s': %s\n", path, strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[0]);
	if (pid < 0) {
		close(p[1]);
		return -1;
	}
	*go = p[1];
	return pid;
}

/* The probes see the initial PID namespace's tids, which are clonetrace's only there. */
static int check_pid_namespace(void)
{
	int v[MAX_NSPID], n = procfs_read_nspid(getpid(), v, MAX_NSPID);

	if (n > 1) {
		warnx("--ebpf, --system: clonetrace runs in a PID namespace of its own (a container's), "
		      "where the probes' tids are not its own; run it in the host's, or record with ptrace");
		return -1;
	}
	return 0;
}

/*
 * After a lost event: tasks whose exit may be the one lost, gone from
 * /proc, end (their exit null), so that the wait for them ends.
 */
static void forget_vanished(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		if (t->ended || task_by_tid(tr, t->tid) != t || kill(t->tid, 0) == 0 || errno != ESRCH)
			continue;
		t->ended = true;
		t->end_ns = now_ns(tr);
		task_ns_end(tr, t);
		task_forget(tr, t);
	}
}

static void reap_root(struct tracer *tr, struct pollfd *pfd)
{
	int status;

	if (waitpid(tr->root_pid, &status, WNOHANG) != tr->root_pid)
		return;
	tr->root_status = status;
	tr->root_ended = true;
	pfd->fd = -1;
}

/* What the program left running when it exited, said once. */
static void left_running(struct tracer *tr)
{
	size_t procs, n = task_count_live(tr, &procs);

	if (n && !tr->opt->quiet)
		warnx("%s exited; still following the %zu task%s of %zu process%s it left running "
		      "(^C lets them go, unharmed)", tr->opt->argv[0], n, n == 1 ? "" : "s", procs,
		      procs == 1 ? "" : "es");
}

/*
 * Follows the command (pidfd its process's) or, attached (-p, pidfd -1),
 * the processes taken, until every task followed has ended.
 */
static int follow(struct tracer *tr, struct probes *p, int pidfd)
{
	bool attached = tr->opt->n_pids > 0;
	struct pollfd fds[3] = {
		{ .fd = probes_fd(p), .events = POLLIN },
		{ .fd = tr->sig->fd, .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};
	bool told = false;
	int signals = 0, sig, n;

	for (;;) {
		if (probes_consume(p) < 0) {
			warn("--ebpf: reading the probes' ring buffer");
			return EBPF_FORCED;
		}
		if ((attached || tr->root_ended) && !task_count_live(tr, NULL))
			return EBPF_DONE;
		if (tr->root_ended && !told) {
			left_running(tr);
			told = true;
		}
		n = poll(fds, 3, 1000);
		if (n < 0 && errno != EINTR) {
			warn("--ebpf: poll");
			return EBPF_FORCED;
		}
		if (fds[2].fd >= 0 && fds[2].revents)
			reap_root(tr, &fds[2]);
		if (n == 0 && (attached || tr->root_ended) && probes_lost(p))
			forget_vanished(tr);
		if (!(fds[1].revents & POLLIN) || !(sig = wait_sig_pending(tr->sig)))
			continue;
		if (attached || tr->root_ended)
			return EBPF_LET_GO;
		if (signals++)
			return EBPF_FORCED;
		/* a terminal's signal reached the program's process group already */
		if (tr->sig->last_code != SI_KERNEL || getpgid(tr->root_pid) != getpgrp())
			kill(tr->root_pid, sig);
	}
}

/*
 * --system: every task the host creates, until a signal or the end of
 * --duration.  Either ends the trace as it should end: complete.
 */
static int follow_system(struct tracer *tr, struct probes *p)
{
	struct pollfd fds[2] = {
		{ .fd = probes_fd(p), .events = POLLIN },
		{ .fd = tr->sig->fd, .events = POLLIN },
	};
	uint64_t end = tr->opt->duration_s ? now_ns(tr) + tr->opt->duration_s * 1000000000ull : 0;

	for (;;) {
		uint64_t now;
		int wait_ms = 1000;

		if (probes_consume(p) < 0) {
			warn("--system: reading the probes' ring buffer");
			return EBPF_FORCED;
		}
		now = now_ns(tr);
		if (end && now >= end)
			return EBPF_DONE;
		if (end && end - now < 1000000000ull)
			wait_ms = (int)((end - now) / 1000000) + 1;
		if (poll(fds, 2, wait_ms) < 0 && errno != EINTR) {
			warn("--system: poll");
			return EBPF_FORCED;
		}
		if (fds[1].revents & POLLIN && wait_sig_pending(tr->sig))
			return EBPF_DONE;
	}
}

static void notes(struct tracer *tr, uint64_t lost, unsigned unknown)
{
	char note[200];

	json_array_append_new(tr->notes, json_string(EBPF_NOTE));	/* ours: a literal */
	if (tr->mode == MODE_SYSTEM)
		json_array_append_new(tr->notes, json_string(SYSTEM_NOTE));	/* ours: a literal */
	if (lost) {
		snprintf(note, sizeof(note), "%llu events lost: the probes' ring buffer was full, "
			 "so tasks, execs, renames or exits are missing", (unsigned long long)lost);
		json_array_append_new(tr->notes, json_string(note));	/* ours: a count */
	}
	if (unknown) {
		snprintf(note, sizeof(note), "%u task%s came with no event of %s creation (lost): "
			 "%s creator is null", unknown, unknown == 1 ? "" : "s",
			 unknown == 1 ? "its" : "their", unknown == 1 ? "its" : "their");
		json_array_append_new(tr->notes, json_string(note));	/* ours: a count */
	}
}

/* The command started once the probes follow its process, and followed to its end. */
static int run_command(struct tracer *tr, struct probes *p, const char *path)
{
	struct task *root;
	int go = -1, pidfd, rc;
	pid_t pid;

	pid = fork_waiting(tr, path, &go);
	if (pid < 0) {
		warn("fork");
		return -2;
	}
	tr->root_pid = pid;
	root = task_new(tr, pid);
	root->linked = root->seen_stop = true;
	tr->root = root;
	sharing_root(tr, root);
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (probes_follow(p, pid) < 0 || pidfd < 0 || write(go, "g", 1) != 1) {
		warn("--ebpf: starting %s", tr->opt->argv[0]);
		close(go);
		waitpid(pid, NULL, 0);
		return -2;
	}
	close(go);
	debug(tr->opt, "--ebpf: probes live, %s started as %d", path, (int)pid);
	rc = follow(tr, p, pidfd);
	close(pidfd);
	return rc;
}

/* -p: a thread of an attached process, followed by the probes from now on. */
static int follow_thread(struct tracer *tr, pid_t pid, pid_t tid, int total, void *ctx)
{
	return probes_follow(ctx, tid) < 0 ? -1 : 0;
}

/*
 * record --ebpf -p PID [--tree]: every thread of the processes (and with
 * --tree their descendants) followed, recorded as attach mode records them
 * (attach.c), and followed until each has ended or a signal lets them go.
 */
static int run_attached(struct tracer *tr, struct probes *p)
{
	size_t procs, n;

	if (attach_take(tr, tr->opt->pids, tr->opt->n_pids, follow_thread, p) < 0) {
		warnx("--ebpf %s", tr->err[0] ? tr->err : "-p: attach failed");
		return -2;
	}
	n = task_count_live(tr, &procs);
	if (!tr->opt->quiet)
		warnx("following %zu task%s of %zu process%s with the probes, none stopped", n,
		      n == 1 ? "" : "s", procs, procs == 1 ? "" : "es");
	return follow(tr, p, -1);
}

int ebpf_follow(struct tracer *tr)
{
	const struct options *opt = tr->opt;
	char path[PATH_MAX], err[512];
	struct events *ev;
	struct probes *p;
	int rc;

	if (!opt->system && !opt->n_pids && launch_find_program(opt->argv[0], path, sizeof(path)) < 0) {
		warn("%s", opt->argv[0]);
		return -1;
	}
	if (check_pid_namespace() < 0)
		return -2;
	tr->mode = opt->system ? MODE_SYSTEM : MODE_EBPF;
	ev = events_new(tr);
	p = probes_open(opt->system, getpid(), opt->debug, events_handle, ev, err, sizeof(err));
	if (!p) {
		warnx("%s: %s", opt->system ? "--system" : "--ebpf", err);
		events_free(ev);
		return -2;
	}
	if (opt->system) {
		if (!opt->quiet)
			warnx("recording every task the host creates; %s", opt->duration_s ?
			      "it ends after --duration, or at ^C" : "^C ends it");
		rc = follow_system(tr, p);
	} else if (opt->n_pids) {
		rc = run_attached(tr, p);
	} else {
		rc = run_command(tr, p, path);
	}
	if (rc >= 0 && probes_consume(p) < 0)
		rc = EBPF_FORCED;
	events_settle(ev);
	tr->lost_events = probes_lost(p);
	if (rc >= 0)
		notes(tr, tr->lost_events, events_unknown_creators(ev));
	probes_close(p);
	events_free(ev);
	return rc;
}
