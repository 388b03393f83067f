/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_TRACER_H
#define CLONETRACE_TRACER_TRACER_H

/*
 * What every tracer file shares: a task, a call and the tracer that holds
 * them (their records are task.c's), the tracer's clock and its debug
 * output (tracer.c).  Each file's functions are in its own header.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>
#include <sys/types.h>
#include <jansson.h>

#include "format/record.h"
#include "format/vocab.h"
#include "model/model.h"

struct ct_arch;
struct ct_call;
struct live;
struct options;
struct sigstate;
struct stacks;

#define MAX_NSPID 33
/* Tasks whose tid was let go of lately, kept findable (a ring): names.c's late renames. */
#define GONE_KEPT 256

struct call;

struct task {
	int id;
	pid_t tid, tgid;
	enum exit_kind exit_kind;
	int exit_val;
	int n_nspid;
	struct task *parent, *creator;
	struct call *call;		/* the call that created it */
	char comm[16];
	char *exe;
	json_t *argv;			/* shared reference, may be NULL */
	uint64_t start_ns, end_ns;
	const uint64_t *ns;		/* [NS_COUNT] (task_set_ns()); 0: unknown or absent */
	int *nspid;			/* [n_nspid]: nspid_one, or allocated when nested */
	int nspid_one;
	int res[R_COUNT];		/* instance numbers */
	int n_execs, n_exec_failures, n_names;
	int follow_filter;		/* id of the task whose filter it has */
	struct exec_record *execs;	/* each execve that worked (n_execs) */
	struct exec_record *exec_failures;	/* each one that failed */
	struct name_record *names;	/* once the name changed: each one it had */
	const char *follow_via;		/* followed with syscall stops: "seccomp"/"prctl", or NULL */
	uint64_t follow_since_ns;
	const char *watch_filter;	/* seccomp filter being installed, awaiting its exit stop */
	int watch_ptrace;		/* ptrace request + 1 awaiting its exit stop, 0: none */
	pid_t watch_ptrace_pid;
	bool thread, ended, escaped, pre_existing, core;
	unsigned shares_unknown;	/* bit k: what res[k] was shared with is not known */

	/* tracer state */
	bool seen_stop;			/* its first stop arrived */
	bool linked;			/* creator's event processed */
	bool in_syscall;		/* syscall mode: between entry and exit */
	bool held;			/* kept in its first stop until its creator's event */
	bool orphan;			/* let go without its creator's event: creator unknown */
	pid_t held_parent;		/* attach mode: its process's parent, read when held */
	struct call *pending;		/* call entered, result not yet known */
	struct call *restart;		/* call that returned ERESTART*: entered again next */
	struct ct_call *pending_exec;	/* decoded execve awaiting PTRACE_EVENT_EXEC */
	char *pending_exec_fd;		/* what execveat's dirfd named at the call, or NULL */
};

struct call {
	struct call_record rec;		/* what the trace says of it (format/record.h), id and time too */
	struct task *task;
	struct task *child;
	uint64_t flags;
	uint64_t parent_tid_addr;	/* read back after success: CLONE_PARENT_SETTID */
	uint64_t pidfd_addr;		/* CLONE_PIDFD */
	uint64_t child_tid_addr;	/* CLONE_CHILD_SETTID, at the child's first stop */
	uint64_t restore_addr;		/* clone3 flags changed in tracee memory: put back */
	unsigned char restore[8];	/* the program's bytes there */
	int sysc;			/* enum ct_sysc */
	bool got_event;			/* PTRACE_EVENT_{CLONE,FORK,VFORK} seen */
	bool flags_lost;		/* attach mode: the flags could not be read */
	bool done;			/* result recorded */
	bool failed;			/* ... and it was an error */
	bool inflight;			/* a creating call entered, its event or exit not yet seen */
};

struct tracer {
	const struct options *opt;
	const struct ct_arch *host;
	struct stacks *stacks;		/* --stack */
	struct task **tasks;		/* every task, in order of ids */
	size_t n_tasks, cap_tasks;
	struct call **calls;
	size_t n_calls, cap_calls;
	struct task **by_tid;		/* live tasks by tid */
	size_t pid_max;
	uint64_t t0;			/* CLOCK_MONOTONIC at start */
	struct timespec wall0;
	pid_t root_pid;
	struct task *root;
	int root_status;		/* wait status of the root, -1 until it ends */
	bool root_ended, root_end_seen;	/* ... and tracer_loop() said so */
	bool seccomp;			/* filter installed */
	bool attach;			/* -p: attached to running processes */
	bool light;			/* --light: task events only, no filter, no syscall stops */
	bool attach_syscall;		/* -p --no-seccomp: attached tasks under syscall stops */
	bool noted_untraced;		/* the CLONE_UNTRACED note is in meta.notes */
	bool noted_untraced_kept;	/* ... and the one saying it could not be cleared */
	bool no_new_privs;		/* the filter needed it: set-user-ID programs run unprivileged */
	bool noted_setuid;		/* ... and a note said so */
	bool noted_follow;		/* ... and the one on tasks followed with syscall stops */
	bool noted_ptrace;		/* ... and the one on a ptrace(2) that failed under clonetrace */
	bool complete;
	json_t *notes;
	char err[256];			/* why attach_all() failed */
	struct model_state model;		/* instances and who held them (model/model.h) */
	struct ns_set *ns_sets;		/* the tasks' namespace sets (task.c) */
	unsigned long stops;		/* counted for -d */
	pid_t expect;			/* the tid known to stop next, 0 if none (wait.h) */
	pid_t hint[2];			/* tids that may have stopped already (a new task, its creator) */
	pid_t last_creator;		/* the task whose clone event came last */
	size_t n_by_tid;		/* tasks findable by tid: about the tracees waitpid walks */
	int rt;				/* the loop at real-time priority: 1, 0 not, -1 not permitted (next.c) */
	uint64_t rate_since;		/* the stop rate's window: its start (now_ns), */
	unsigned long rate_stops;	/* ... tr->stops then, */
	bool stops_often;		/* ... and the last window's verdict (next.c) */
	struct sigstate *sig;		/* signals, read with the stops (wait.h) */
	struct live *live;		/* the -v stream (live.h) */
	size_t n_inflight;		/* calls with inflight set */
	struct task **held;		/* tasks with held set */
	size_t n_held, cap_held;
	int names_fd;			/* renames from the proc connector (names.h), -1 none */
	int exits_fd;			/* deaths from it (exits.h), -1 none */
	struct task **unlinked;		/* dead before their creator's event (exits.h) */
	size_t n_unlinked, cap_unlinked;
	struct task *gone[GONE_KEPT];	/* the tasks task_forget() let go of last */
	size_t n_gone;
	bool names_lost;		/* ... and some overflowed its queue */
};

/* Nanoseconds since the trace began (CLOCK_MONOTONIC). */
uint64_t now_ns(const struct tracer *tr);
/* One line on stderr under -d, the only debugging output. */
void debug(const struct options *opt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
