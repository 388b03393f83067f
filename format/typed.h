/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_TYPED_H
#define CLONETRACE_FORMAT_TYPED_H

/*
 * A clonetrace trace (docs/trace-format.md, version 2 or 1) read and checked into
 * typed records.  Strings are the trace's own, kept apart from the document,
 * which is gone once read; task, call and group references are indices into
 * the arrays here, -1 for none.
 */

#include <stdbool.h>
#include <stddef.h>
#include <jansson.h>

#include "format/record.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

/* An array of strings (argv, flag names, rules broken, notes); v NULL: null or absent. */
struct tr_strings {
	const char *const *v;
	int n;
};

/* One of a call's "args", in the trace's order. */
struct tr_arg {
	const char *name;
	const char *text;		/* a string as it is, any other value as compact JSON */
	bool string;			/* the value is a string */
};

/*
 * A frame of a call's stack: the writer's record (format/record.h), its
 * strings the trace's (never freed through it), its pc parsed from "pc"
 * where that is hex; and "pc" as the trace spells it, for showing.
 */
struct tr_frame {
	struct frame_record rec;
	const char *pc;			/* NULL: null or absent */
};

struct tr_exit {
	enum exit_kind kind;
	long long code;
	const char *signal;
	bool core;
};

struct tr_exec {
	long long time_ns;
	const char *path;
	struct tr_strings argv;
	long long old_tid;		/* 0: not given */
	const char *err;		/* exec_failures: the errno's name, else NULL */
	bool at;			/* an execveat: dirfd given */
	long long dirfd;
	const char *fd_path;		/* what dirfd named; NULL: absent */
	/*
	 * What ran, never NULL or empty (read.c): path, or for
	 * execveat(fd, "", AT_EMPTY_PATH) what the fd named (a memfd as
	 * "memfd:NAME"), else the exe the last exec produced, else argv[0],
	 * else "?"; a relative path after its dirfd's directory.
	 */
	const char *program;
};

/* The container a task is in ("container"); id NULL: none named. */
struct tr_container {
	const char *runtime, *id;
	const char *pod;		/* NULL: absent */
	const char *via;		/* "cgroup" or "command" */
	long long runtime_task;		/* with "command": the runtime's task id; 0: absent */
	int named_by;			/* runtime_task's index; -1: none */
};

/* One of the names a task had ("names"): the name, when, and what gave it. */
struct tr_name {
	const char *comm;		/* "?": null, never read */
	long long time_ns;		/* -1: not given */
	const char *via;		/* "start", "attach", "execve", "prctl", "comm"; NULL: absent */
};

struct tr_task {
	long long id, tid, tgid;
	bool thread;			/* kind "thread" */
	bool escaped, pre_existing;
	long long parent_id, creator_id, call_id;	/* as in the trace; 0: null */
	int parent, creator, call;	/* indices; -1: null */
	int up;				/* the task drawn above this one: creator, else parent */
	const char *comm, *exe;		/* exe may be NULL; comm null (never read): "?" */
	struct tr_strings argv;
	long long start_ns, end_ns;	/* end_ns -1: alive at the end */
	struct tr_exit exit;
	/*
	 * Each kind's namespace instance: 1 + its index in trace.nss, equal
	 * for two tasks exactly when they were in the same namespace; 0:
	 * absent.  Its inode is trace_ns()'s.  (A version 1 trace has one
	 * instance per kind and inode.)
	 */
	long long ns[NS_COUNT];
	long long ns_inode[NS_COUNT];	/* "ns" as the trace says: inodes; 0: absent */
	const char *ns_inst[NS_COUNT];	/* "ns_inst": "pid:3"; NULL: absent (version 1) */
	long long *nspid;
	int n_nspid;
	bool nspid_unknown;		/* "nspid": null: never read */
	/*
	 * "cgroup" as pairs, controllers and path: "" and the v2 path first
	 * where there is one, then each v1 hierarchy's ("memory", "/x");
	 * v NULL: null (never read) or absent
	 */
	struct tr_strings cgroup;
	bool cgroup_unknown;		/* "cgroup": null: never read */
	struct tr_container container;
	const char *shares[R_COUNT];	/* "vm:3"; NULL: absent */
	struct tr_exec *execs;
	int n_execs;
	struct tr_exec *exec_failures;	/* execve calls that failed */
	int n_exec_failures;
	struct tr_name *names;		/* every name it had, when it changed; else none */
	int n_names;
	int group;			/* index in trace.groups */
	int *calls;			/* calls this task made, in order */
	int n_calls;
};

enum result_kind { RESULT_NONE, RESULT_VALUE, RESULT_ERRNO };

struct tr_call {
	long long id, time_ns;
	long long task_id, child_id;	/* as in the trace; child_id 0: null */
	int task, child;		/* indices; child -1: none */
	const char *syscall, *arch, *flags_value;
	long long nr;			/* -1: not given */
	struct tr_strings flags;	/* the flag names as the trace lists them, to show */
	unsigned long long mask;	/* flags_value's bits (CLONE_*); 0: null */
	bool has_exit_signal;		/* "exit_signal" is a name or a number, not null */
	const char *exit_signal;	/* its name; NULL: a number (exit_signal_nr) */
	long long exit_signal_nr;
	const struct tr_arg *args;	/* [n_args]; NULL: "args" absent */
	int n_args;
	int ns_type;			/* setns: args.ns_type as an enum ns_kind; -1: none known */
	bool has_ns_inode;		/* setns: args.ns_inode, the inode its fd named */
	long long ns_inode;
	enum result_kind result;
	long long value;
	const char *err;		/* "EINVAL" */
	struct tr_strings violates;
	const struct tr_frame *stack;	/* [n_stack], innermost first */
	int n_stack;
	const char *stack_error;	/* why there is no stack, or NULL */
	const char *decoded_from;	/* "registers" (attach mode), or NULL */
	/*
	 * The namespaces it made, by kind (never *_for_children): as
	 * tr_task.ns (1 + an index in trace.nss), 0 where it made none or the
	 * one it made was never read.  A version 1 trace: the child's (the
	 * unsharing caller's) of the kinds its flags make, unless a later call
	 * of that task changed it.
	 */
	long long made[NS_COUNT];
	const char *made_id[NS_COUNT];	/* "made" as the trace says; NULL: absent or null */
};

/* A namespace instance: one namespace over its life (namespaces[]). */
struct tr_ns {
	const char *id;			/* "mnt:2" */
	int kind;			/* enum ns_kind, never *_for_children */
	long long inode;
	long long ns_id;		/* the kernel's namespace id; 0: null or not given */
	long long time_ns;		/* first seen; -1: not given */
	long long call_id, task_id;	/* as in the trace; 0: null */
	int call, task;			/* indices; -1: null */
	bool unseen;			/* task's own became it by a call the trace did not see */
	int nth;			/* 1: the trace's first of its kind with its inode; 2, ...: later ones */
};

struct tr_resource {
	const char *id, *kind;
	long long *task_ids;
	int *tasks;
	int n_tasks;
};

/* A thread group: the tasks sharing one thread_group instance (or tgid). */
struct tr_group {
	int leader;			/* the first "process" task, else the first task */
	int last;			/* the last "process" task: not the leader after a
					   non-leader thread's execve took the group over */
	int *tasks;			/* in order of id */
	int n_tasks;
	int up;				/* group of the leader's "up" task; -1 for a root */
};

struct tr_meta {
	const char *tool, *host_arch, *kernel, *mode, *start_time;
	struct tr_strings argv, notes;
	long long duration_ns;		/* -1: not given */
	bool complete;
};

struct trace {
	json_t *root;
	struct tr_meta meta;
	struct tr_task *tasks;
	int n_tasks;
	struct tr_call *calls;
	int n_calls;
	struct tr_resource *res;
	int n_res;
	struct tr_ns *nss;		/* every namespace instance */
	int n_nss;
	int version;			/* the trace's format version */
	struct tr_group *groups;
	int n_groups;
	int *order;			/* task indices, every task after its "up" task */
	bool has_stacks;		/* some call carries a stack */
	/* What the strings and arrays above live in (keep.c): not the document */
	struct tr_arena *arena;
	json_t *alike;			/* flag sets and rules kept once: index into sets */
	struct tr_strings *sets;
	int n_sets, cap_sets;
};

/* Where and why a trace was refused. */
struct trace_error {
	int line, column;		/* of a JSON syntax error; 0 otherwise */
	char text[320];
	/* trace_load_fields(): told of every field the reader looks for */
	void (*field)(const char *at, const char *name, void *arg);
	void *field_arg;
};

#endif
