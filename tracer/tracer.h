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

#include "base/strmap.h"
#include "format/record.h"
#include "model/model.h"
#include "model/nsinst.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

struct ct_arch;
struct ct_call;
struct exits;
struct live;
struct renames;
struct next_state;
struct options;
struct orphans;
struct sigstate;
struct stacks;
struct untraced;
struct watch;

#define MAX_NSPID 33
/* Tasks whose tid was let go of lately, kept findable (a ring): renames.c's late renames. */
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
	const uint64_t *ns;		/* [NS_COUNT] namespace instances (task_set_ns(),
					   model/nsinst.h); 0: unknown or absent */
	int *nspid;			/* [n_nspid]: nspid_one, or allocated when nested */
	const char *cgroup;		/* /proc/TID/cgroup's text, shared (task_read_cgroup()); NULL: unread */
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
	bool nspid_unread;		/* /proc/TID/status could not be read: nspid null, retried */
	bool comm_unread;		/* /proc/TID/comm could not be read: comm null, retried */
	bool cgroup_unread;		/* /proc/TID/cgroup could not be read: cgroup null, retried */
	bool ns_held;			/* it holds its namespace instances alive (task_set_ns()) */
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
	struct call *unshared;		/* its unshare(CLONE_NEWPID/NEWTIME) whose namespace has
					   no process yet: made for its next child */
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

/*
 * The tracer's records (task.c's): every task and call, in order of ids,
 * and the live tasks by tid.
 */
struct records {
	struct task **tasks;		/* every task, in order of ids */
	size_t n_tasks, cap_tasks;
	struct call **calls;
	size_t n_calls, cap_calls;
	struct task **by_tid;		/* live tasks by tid */
	size_t pid_max;
	size_t n_by_tid;		/* tasks findable by tid: about the tracees waitpid walks */
	struct ns_set *ns_sets;		/* the tasks' namespace sets (task_set_ns()) */
	struct strmap cgroups;		/* the texts of /proc/TID/cgroup read, once each */
	struct nsinst_state nsinst;	/* the namespace instances they name (model/nsinst.h) */
	struct task *gone[GONE_KEPT];	/* the tasks task_forget() let go of last */
	size_t n_gone;
};

/*
 * What several modules share.  A module's own state is its own, in a
 * struct of its .c file (the loop's guesses: next.c; held tasks: orphans.c;
 * the connector's deaths and renames: exits.c, renames.c; the notes said
 * once: watch.c, untraced.c), made and let go of by state.c.
 */
struct tracer {
	const struct options *opt;
	const struct ct_arch *host;
	enum trace_mode mode;		/* how the tasks are followed (format/record.h) */
	struct records records;		/* tasks and calls (task.c) */
	struct model_state model;	/* instances and who held them (model/model.h) */
	json_t *notes;			/* meta.notes */
	bool complete;			/* meta.complete */
	uint64_t t0;			/* CLOCK_MONOTONIC at start */
	struct timespec wall0;
	pid_t root_pid;			/* the command's, or the first -p's */
	struct task *root;
	int root_status;		/* wait status of the root, -1 until it ends */
	bool root_ended;
	unsigned long stops;		/* counted for -d */
	uint64_t lost_events;		/* --ebpf: events the probes' ring buffer dropped */
	char err[256];			/* why attach_all() failed */
	struct stacks *stacks;		/* --stack */
	struct sigstate *sig;		/* signals, read with the stops (wait.h) */
	struct live *live;		/* the -v stream (live.h) */
	struct next_state *next;	/* which stop comes next (next.h) */
	struct orphans *orphans;	/* tasks held for their creator's event (orphans.h) */
	struct renames *renames;	/* renames from the proc connector (renames.h); NULL: none */
	struct exits *exits;		/* deaths from it (exits.h); NULL: none */
	struct watch *watch;		/* tasks with filters of their own, ptrace, set-user-ID (watch.h) */
	struct untraced *untraced;	/* CLONE_UNTRACED cleared (untraced.h) */
};

/* Nanoseconds since the trace began (CLOCK_MONOTONIC). */
uint64_t now_ns(const struct tracer *tr);
/* Attached to running processes (-p), with or without syscall stops. */
bool tracer_attached(const struct tracer *tr);
/* One line on stderr under -d, the only debugging output. */
void debug(const struct options *opt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
