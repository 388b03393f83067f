/* SPDX-License-Identifier: MIT */
/* clonetrace record: the front end of the tracer. */
#include <err.h>
#include <malloc.h>
#include <sys/mman.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/alloc.h"
#include "tracer/attach.h"
#include "tracer/ebpf.h"
#include "tracer/exits.h"
#include "tracer/launch.h"
#include "tracer/live.h"
#include "tracer/loop.h"
#include "tracer/next.h"
#include "tracer/options.h"
#include "tracer/orphans.h"
#include "tracer/output.h"
#include "tracer/procfs.h"
#include "tracer/recorder.h"
#include "tracer/renames.h"
#include "tracer/sharing.h"
#include "tracer/sink.h"
#include "tracer/stack.h"
#include "tracer/state.h"
#include "tracer/task.h"
#include "tracer/tracer.h"
#include "tracer/wait.h"
#include "tracer/waiter.h"
#include "tracer/watch.h"

/* End the traced program: it must not outlive an interrupted trace. */

/* The calling thread's CPU time (for -d's account of writing the trace). */
static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
static void kill_tracees(struct tracer *tr)
{
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		if (!t->ended && !t->escaped && t->tid > 0 && task_by_tid(tr, t->tid) == t)
			kill(t->tid, SIGKILL);
	}
}

static int exit_status(int status)
{
	if (status < 0)
		return 1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/*
 * Light mode sees a rename (prctl PR_SET_NAME, a write to /proc/TID/comm)
 * only from the proc connector (renames.h).  Without it each task stops at
 * its exit, where its name is read: the one name nothing can recover is
 * one given and replaced between two stops.  Said in meta.notes and, at
 * the end, in one line on stderr.
 */
#define LIGHT_NO_CONNECTOR \
	"light mode without the kernel's process-events connector (it needs Linux 6.6, " \
	"CAP_NET_ADMIN and the initial user and PID namespaces, not a container's): a task's " \
	"renames (prctl PR_SET_NAME, /proc/TID/comm) are read at its exit or the end of the " \
	"trace, so a name it had only in between is not seen"

static int start_command(struct tracer *tr, const struct options *opt)
{
	struct task *root;
	int serr = 0;
	pid_t pid;

	tr->renames = renames_open();
	tr->exits = exits_open(tr);
	pid = launch(tr, opt->argv, &serr);
	if (pid < 0) {
		if (pid == -1)
			warn("%s", opt->argv[0]);
		return -1;
	}
	tr->mode = opt->light ? MODE_LIGHT : serr == 0 ? MODE_SECCOMP : MODE_SYSCALL;
	if (tr->mode == MODE_LIGHT)
		json_array_append_new(tr->notes, json_string("light mode: calls are decoded from "
			"registers at their clone events; failed calls, unshare, setns, failed execve "
			"calls and CLONE_UNTRACED children are not seen, and namespaces follow the "
			"clone flags"));
	if (tr->mode == MODE_LIGHT && !tr->renames)
		json_array_append_new(tr->notes, json_string(LIGHT_NO_CONNECTOR));	/* ours: a literal */
	/* set by the child only where the filter needed it (no CAP_SYS_ADMIN) */
	if (procfs_status_field(pid, "NoNewPrivs") == 1)
		watch_no_new_privs(tr);
	if (serr > 0) {
		char note[256];

		snprintf(note, sizeof(note),
			 "the kernel refused the seccomp filter (%s): stopping on every syscall",
			 strerror(serr));
		warnx("%s", note);
		json_array_append_new(tr->notes, json_string(note));	/* ours: strerror's (C locale) */
	}
	tr->root_pid = pid;
	root = task_new(tr, pid);
	root->linked = true;
	root->seen_stop = true;
	tr->root = root;
	sharing_root(tr, root);
	return 0;
}

/*
 * The records grow the heap by a few KB per call, and the first touch of
 * each page is a fault that a stopped tracee may be waiting behind (costly
 * in a VM).  Reserve 64 MB of heap at once and ask for transparent huge
 * pages on it (THP in "madvise" mode only backs regions that ask): on the
 * clone benchmark the tracer's page faults go from 5,100 to 400.  The
 * reservation is address space; memory comes as it is used.
 */
static void heap_prepare(void)
{
	char *lo, *hi;
	void *p;

	mallopt(M_TOP_PAD, 64 << 20);
	p = malloc(1);
	if (!p)
		return;
	hi = sbrk(0);
	lo = (char *)(((uintptr_t)p + 4095) & ~(uintptr_t)4095);
	if (hi != (char *)-1 && hi > lo)
		madvise(lo, (size_t)(hi - lo), MADV_HUGEPAGE);
	free(p);
}

/*
 * Out of memory (base/alloc.h): every tracee is let go before clonetrace
 * exits, so that the program runs on (PTRACE_O_EXITKILL would kill it).
 * Only the tracing thread can detach: run out in another one (the signal
 * reader, the DWARF loader) and the tracees end with clonetrace.  Under the
 * seccomp filter a task let go can't clone any more (ENOSYS); it runs on.
 */
struct oom_hook {
	struct tracer *tr;
	pid_t tid;		/* the tracing thread */
};

static void let_go_at_oom(void *ctx)
{
	struct oom_hook *h = ctx;

	if (gettid() == h->tid)
		attach_detach_all(h->tr);
}

/* How following the program ended. */
enum end { END_DONE, END_FORCED, END_DETACHED, END_LET_GO, END_BABYSIT, END_ERROR };

/*
 * Should a signal clonetrace received go on to the program?  Not when the
 * program has it already: a terminal's ^C reaches its whole foreground
 * process group, the program's included unless it left clonetrace's group;
 * nor when the program sent it (kill 0 from a traced task).  A kill(2) from
 * anywhere else was meant for what clonetrace runs (sudo's rule).
 */
static bool should_relay(const struct tracer *tr, const struct sigstate *s)
{
	if (!tr->root || tr->root_ended)
		return true;
	if (s->last_code == SI_KERNEL)
		return getpgid(tr->root_pid) != getpgrp();
	if (s->last_code == SI_USER || s->last_code == SI_QUEUE || s->last_code == SI_TKILL)
		return !task_by_tid(tr, s->last_pid);
	return false;
}

/* To the command's process, or once it is gone, to every process still followed. */
static void relay(struct tracer *tr, int sig)
{
	if (tr->root && !tr->root_ended) {
		kill(tr->root_pid, sig);
		return;
	}
	for (size_t i = 0; i < tr->records.n_tasks; i++) {
		struct task *t = tr->records.tasks[i];

		if (!t->ended && !t->escaped && !t->thread && task_by_tid(tr, t->tid) == t)
			kill(t->tid, sig);
	}
}

/*
 * How long what the command left running is followed before clonetrace says
 * so: bwrap's, Chromium's and Python multiprocessing's leftovers end within
 * milliseconds of the command; a daemon is still there half a second on.
 */
#define LEFT_RUNNING_GRACE_MS 500

static void left_running(struct tracer *tr, const struct options *opt)
{
	size_t procs, n = task_count_live(tr, &procs);
	char note[200];

	if (!n)
		return;
	if (opt->detach_on_exit) {
		snprintf(note, sizeof(note), "--detach-on-exit: let go of %zu task%s of %zu process%s "
			 "still running when the command exited", n, n == 1 ? "" : "s", procs,
			 procs == 1 ? "" : "es");
		json_array_append_new(tr->notes, json_string(note));	/* ours: counts */
		/* under the filter the tracer stays (waiter.h): not a hidden surprise */
		if (tr->mode == MODE_SECCOMP && !opt->quiet)
			warnx("--detach-on-exit: clonetrace (pid %d) stays attached to the %zu task%s "
			      "left running, to keep %s filtered calls working (strace -p and gdb -p "
			      "on %s fail with EPERM); --no-seccomp really detaches", (int)getpid(), n,
			      n == 1 ? "" : "s", n == 1 ? "its" : "their", n == 1 ? "it" : "them");
		return;
	}
	if (!opt->quiet)
		warnx("%s exited; still following the %zu task%s of %zu process%s it left running "
		      "(%s; --detach-on-exit lets them run on)", opt->argv[0], n, n == 1 ? "" : "s",
		      procs, procs == 1 ? "" : "es", tr->mode == MODE_SECCOMP ? "^C passes on to them, a second "
		      "^C ends them" : "^C lets them go, unharmed");
}

/*
 * Follows the program to its end, and decides what signals do.  Attached,
 * a signal lets go of the program.  Running a command, the first signal is
 * the program's to act on (relayed if it didn't get it) and clonetrace goes
 * on recording its teardown; a second one ends it.  Once the command's own
 * process has exited, a signal lets go of what it left running.
 */
static enum end follow(struct tracer *tr, const struct options *opt)
{
	int signals = 0;
	bool root_end_told = false;

	for (;;) {
		switch (loop_run(tr, &root_end_told)) {
		case 0:
			return END_DONE;
		case 2:
			/* what bwrap, a sandbox or a pool leaves ends a few ms later: not worth a line */
			if (!opt->detach_on_exit && task_count_live(tr, NULL)) {
				int g = loop_grace(tr, LEFT_RUNNING_GRACE_MS);

				if (g == 0)
					continue;
				if (g == 1)
					break;
				if (g < 0) {
					warn("waitpid");
					return END_ERROR;
				}
			}
			left_running(tr, opt);
			if (!opt->detach_on_exit || !task_count_live(tr, NULL))
				continue;
			/* under the filter, a task let go can't fork: stay, silently */
			if (tr->mode == MODE_SECCOMP)
				return END_BABYSIT;
			attach_detach_all(tr);
			return END_LET_GO;
		case 1:
			break;
		default:
			warn("waitpid");
			if (tracer_attached(tr))
				attach_detach_all(tr);
			return END_ERROR;
		}
		if (tracer_attached(tr) || (tr->root_ended && tr->mode != MODE_SECCOMP)) {
			size_t procs, n = task_count_live(tr, &procs);

			attach_detach_all(tr);
			if (!opt->quiet)
				warnx("detached from %zu task%s of %zu process%s, which go on", n,
				      n == 1 ? "" : "s", procs, procs == 1 ? "" : "es");
			return END_DETACHED;
		}
		if (signals++)
			return END_FORCED;
		if (should_relay(tr, tr->sig)) {
			debug(opt, "%s: relayed to the program", strsignal(tr->sig->last));
			relay(tr, tr->sig->last);
		}
	}
}

/*
 * --detach-on-exit under the filter, once the trace is written and the
 * waiter has exited: follow what is left, silently, until it ends (a task
 * without its tracer could not fork).  Nothing more is written anywhere.
 */
static void babysit(struct tracer *tr)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	bool root_end_told = true;

	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		close(fd);
	}
	while (loop_run(tr, &root_end_told) > 0)
		;
}

/* One line on stderr: what was recorded and where it went. */
static void summary(const struct tracer *tr, const struct options *opt, bool lost)
{
	size_t procs = 0, failed = 0;

	for (size_t i = 0; i < tr->records.n_tasks; i++)
		procs += !tr->records.tasks[i]->thread;
	for (size_t i = 0; i < tr->records.n_calls; i++)
		failed += tr->records.calls[i]->failed;
	fprintf(stderr, "clonetrace: %zu task%s (%zu process%s, %zu thread%s), %zu call%s (%zu failed)",
		tr->records.n_tasks, tr->records.n_tasks == 1 ? "" : "s", procs, procs == 1 ? "" : "es",
		tr->records.n_tasks - procs, tr->records.n_tasks - procs == 1 ? "" : "s",
		tr->records.n_calls, tr->records.n_calls == 1 ? "" : "s", failed);
	if (tr->mode == MODE_EBPF || tr->mode == MODE_SYSTEM)
		fprintf(stderr, ", %llu event%s lost", (unsigned long long)tr->lost_events,
			tr->lost_events == 1 ? "" : "s");
	if (lost)
		fprintf(stderr, "; the trace was lost\n");
	else if (strcmp(opt->output, "-") == 0)
		fprintf(stderr, "; trace written to standard output%s\n", tr->complete ? "" : " (incomplete)");
	else
		fprintf(stderr, "; trace written to %s%s\n", opt->output, tr->complete ? "" : " (incomplete)");
}

int recorder_main(int argc, char **argv)
{
	struct sigstate sig;
	struct live live = { 0 };
	struct oom_hook oom;
	struct options opt;
	struct tracer tr;
	struct sink out;
	const char *what;
	int rc, ended_by = END_DONE, status_fd = -1, waiter_rc;
	bool lost = false, light_unnamed;
	uint64_t t_loop, cpu_write;

	/*
	 * Signals first: one that comes while clonetrace starts waits in the
	 * signalfd instead of killing clonetrace half-way.
	 */
	if (wait_sig_take(&sig) < 0) {
		warn("signalfd");
		return 1;
	}
	heap_prepare();
	rc = options_parse(argc, argv, &opt);
	if (rc) {
		rc = rc > 0 ? 0 : 2;
		goto out_sig;
	}
	if (opt.detach_on_exit && !opt.no_seccomp) {
		rc = waiter_split(&sig, &status_fd, &waiter_rc);
		if (rc != 0) {
			if (rc < 0)
				warn("fork");
			rc = rc < 0 ? 1 : waiter_rc;
			goto out_opt;
		}
	}
	if (sink_open(&out, opt.output, &what) < 0) {
		warn("%s", what);
		rc = 1;
		goto out_opt;
	}
	state_init(&tr, &opt);
	oom.tr = &tr;
	oom.tid = gettid();
	alloc_set_fatal_hook(let_go_at_oom, &oom);
	tr.sig = &sig;
	tr.live = &live;
	if (live_open(&live, &opt) < 0) {
		warn("%s", opt.log);
		rc = 1;
		goto out_tracer;
	}
	if (opt.stack_depth && !(tr.stacks = stacks_new(tr.records.pid_max))) {
		warnx("--stack: %s", "this clonetrace was built without libunwind");
		rc = 2;
		goto out_tracer;
	}
	/* a signal before anything was started: nothing to trace, nothing written */
	if (wait_sig_pending(&sig)) {
		rc = 128 + sig.last;
		goto out_tracer;
	}
	if (opt.n_pids && !opt.ebpf) {
		if (attach_all(&tr, opt.pids, opt.n_pids) < 0) {
			warnx("%s", tr.err[0] ? tr.err : "attach failed");
			attach_detach_all(&tr);
			rc = 1;
			goto out_tracer;
		}
		json_array_append_new(tr.notes, json_string("attached to running processes: "
			"calls are decoded from registers at their clone events, failed calls "
			"and unshare/setns are not seen"));
		if (!opt.quiet) {
			size_t procs, n = task_count_live(&tr, &procs);

			warnx("attached to %zu task%s of %zu process%s", n, n == 1 ? "" : "s",
			      procs, procs == 1 ? "" : "es");
		}
	} else if (opt.ebpf || opt.system) {
		int r = ebpf_follow(&tr);

		if (r < 0) {
			rc = r == -2 ? 1 : errno == ENOENT ? 127 : 126;
			goto out_tracer;
		}
		ended_by = r == EBPF_FORCED ? END_FORCED : r == EBPF_LET_GO ? END_DETACHED : END_DONE;
	} else if (start_command(&tr, &opt) < 0) {
		rc = errno == ENOENT ? 127 : errno == ECHILD ? exit_status(tr.root_status) : 126;
		goto out_tracer;
	}
	light_unnamed = tr.mode == MODE_LIGHT && !tr.renames;

	if (!opt.ebpf && !opt.system)
		ended_by = follow(&tr, &opt);
	next_priority_normal(&tr);
	if (ended_by == END_FORCED || ended_by == END_DETACHED || ended_by == END_ERROR)
		tr.complete = false;
	renames_drain(&tr);
	renames_settle(&tr);
	renames_close(&tr);
	exits_settle(&tr);
	exits_close(&tr);
	sharing_finish(&tr);
	orphans_note(&tr);
	stacks_settle(tr.stacks);
	t_loop = now_ns(&tr);
	cpu_write = thread_cpu_ns();
	if (output_write(&tr, out.fd) < 0 || sink_commit(&out) < 0) {
		warn("the trace was lost: writing %s",
		     strcmp(opt.output, "-") == 0 ? "to standard output" : opt.output);
		sink_abort(&out);
		lost = true;
	}
	if (ended_by == END_FORCED)
		kill_tracees(&tr);
	if (tracer_attached(&tr))
		rc = ended_by == END_ERROR;
	else if (opt.system || (opt.ebpf && opt.n_pids))
		rc = ended_by == END_FORCED;
	else if (ended_by == END_FORCED)
		rc = 128 + sig.last;
	else if (ended_by == END_ERROR && !tr.root_ended)
		rc = 1;
	else
		rc = exit_status(tr.root_status);
	/* a lost trace is never silent: the program's failure, or ours */
	if (lost && rc == 0)
		rc = 1;
	if (!opt.quiet && light_unnamed)
		warnx("%s", LIGHT_NO_CONNECTOR);
	if (!opt.quiet)
		summary(&tr, &opt, lost);
	if (status_fd >= 0) {
		waiter_release(status_fd, rc);
		status_fd = -1;
		if (ended_by == END_BABYSIT)
			babysit(&tr);
	}
	debug(&opt, "%lu stops, %zu tasks, %zu calls; traced for %.3f s, trace written in %.3f s "
	      "(CPU %.3f s)", tr.stops, tr.records.n_tasks, tr.records.n_calls, t_loop / 1e9,
	      (now_ns(&tr) - t_loop) / 1e9, (thread_cpu_ns() - cpu_write) / 1e9);
	live_close(&live);
	alloc_set_fatal_hook(NULL, NULL);
	state_free(&tr);
	goto out_opt;

out_tracer:
	live_close(&live);
	alloc_set_fatal_hook(NULL, NULL);
	state_free(&tr);
	sink_abort(&out);
out_opt:
	if (status_fd >= 0)
		waiter_release(status_fd, rc);
	options_free(&opt);
out_sig:
	wait_sig_release(&sig);
	return rc;
}
