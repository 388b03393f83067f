/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_TRACE_H
#define CLONETRACE_FORMAT_TRACE_H

/*
 * A clonetrace trace (docs/trace-format.md, version 1) read and checked.
 * Strings and JSON values are the trace's own (the document is gone once
 * read); task, call and group references are indices into the arrays here,
 * -1 for none.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <jansson.h>

#include "format/record.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"


struct tr_exit {
	enum exit_kind kind;
	long long code;
	const char *signal;
	bool core;
};

struct tr_exec {
	long long time_ns;
	const char *path;
	json_t *argv;			/* array of strings, or NULL */
	long long old_tid;		/* 0: not given */
	const char *err;		/* exec_failures: the errno's name, else NULL */
};

struct tr_task {
	long long id, tid, tgid;
	bool thread;			/* kind "thread" */
	bool escaped, pre_existing;
	long long parent_id, creator_id, call_id;	/* as in the trace; 0: null */
	int parent, creator, call;	/* indices; -1: null */
	int up;				/* the task drawn above this one: creator, else parent */
	const char *comm, *exe;		/* exe may be NULL */
	json_t *argv;			/* array of strings, or NULL */
	long long start_ns, end_ns;	/* end_ns -1: alive at the end */
	struct tr_exit exit;
	long long ns[NS_COUNT];		/* inode; 0: absent */
	long long *nspid;
	int n_nspid;
	const char *shares[R_COUNT];	/* "vm:3"; NULL: absent */
	struct tr_exec *execs;
	int n_execs;
	struct tr_exec *exec_failures;	/* execve calls that failed */
	int n_exec_failures;
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
	json_t *flags;			/* array of strings */
	unsigned long long mask;	/* the named flags as CLONE_* bits */
	json_t *exit_signal;		/* string, integer or NULL */
	json_t *args;			/* object or NULL */
	enum result_kind result;
	long long value;
	const char *err;		/* "EINVAL" */
	json_t *violates;		/* array of strings, or NULL */
	json_t *stack;			/* array of frames, or NULL */
	const char *stack_error;	/* why there is no stack, or NULL */
	const char *decoded_from;	/* "registers" (attach mode), or NULL */
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
	json_t *argv, *notes;
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
	struct tr_group *groups;
	int n_groups;
	int *order;			/* task indices, every task after its "up" task */
	bool has_stacks;		/* some call carries a stack */
	/* What the strings and JSON values above live in (keep.c): not the document */
	struct tr_arena *arena;
	json_t *kept, *alike;
};

/* Where and why a trace was refused. */
struct trace_error {
	int line, column;		/* of a JSON syntax error; 0 otherwise */
	char text[320];
	/* trace_load_fields(): told of every field the reader looks for */
	void (*field)(const char *at, const char *name, void *arg);
	void *field_arg;
};

/* Reads path ("-": standard input).  0, or -1 with *e filled. */
int trace_load(struct trace *t, const char *path, struct trace_error *e);
/* The same from a buffer. */
int trace_load_buffer(struct trace *t, const char *buf, size_t len, struct trace_error *e);
/*
 * trace_load_buffer() that calls field(at, name, arg) for every field the
 * reader looks for, present or not ("tasks[3].exit", "code"): the fields it
 * accepts, for tests/unit/t-format-doc.c.
 */
int trace_load_fields(struct trace *t, const char *buf, size_t len, struct trace_error *e,
		      void (*field)(const char *at, const char *name, void *arg), void *arg);
/*
 * Reads a regular file laid out as clonetrace writes it, a record at a
 * time.  0; or -1 for anything else, valid or not, with t freed: trace_load()
 * then reads the whole document, which says what is wrong exactly.
 */
int trace_load_stream(struct trace *t, FILE *f);
void trace_free(struct trace *t);

/* Index of the first task with this tid, or -1; *count receives how many have it. */
int trace_find_tid(const struct trace *t, long long tid, int *count);

#endif
