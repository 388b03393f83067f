/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_FORMAT_RECORD_H
#define CLONETRACE_FORMAT_RECORD_H

/*
 * The trace's records as C structs (docs/trace-format.md): a call, a task
 * with its execs, the meta, a resource.  The tracer fills them; the
 * *_json_new() functions here are the only writers of their JSON.
 */

#include <stdbool.h>
#include <stdint.h>
#include <time.h>
#include <jansson.h>

#include "decode/decode.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

/* How a task ended, as "exit" says: an exit code, a signal, or another thread's execve. */
enum exit_kind { EXIT_NONE, EXIT_CODE, EXIT_SIGNAL, EXIT_EXEC };

enum call_result { CALL_RESULT_NONE, CALL_RESULT_VALUE, CALL_RESULT_ERRNO };

/* Bits of call_record.read: what the kernel wrote and was read back after success. */
enum { READ_PIDFD = 1 << 0, READ_PARENT_TID = 1 << 1, READ_CHILD_TID = 1 << 2 };

/* Where the call was decoded from. */
enum decoded_from { FROM_STOP, FROM_REGISTERS, FROM_REGISTERS_PROC };

/* call_record.ns_type: what setns's fd refers to; >= 0 is an enum ns_kind. */
enum { NS_TYPE_PIDFD = -2, NS_TYPE_UNKNOWN = -1 };

/* A call inlined at a frame's pc: one of its "inlined" (innermost first). */
struct inlined_record {
	char *function;			/* tracee bytes, owned; NULL: null */
	char *file;			/* owned; NULL: "file" and "line" absent */
	int line;
};

/*
 * One frame of a creation stack, an entry of a call's "stack"
 * (docs/trace-format.md, "Stack frames").  Counted: the stacks of one
 * process share a frame (the tracer makes it once per pc), each holding a
 * reference; frame_record_new() makes one with a reference its caller
 * owns, frame_record_unref() drops one and frees the frame with the last.
 */
struct frame_record {
	unsigned refs;
	uint64_t pc;
	char *function;			/* tracee bytes, owned; NULL: null */
	uint64_t offset;		/* the pc's offset from the function's start, with has_offset */
	char *module;			/* as /proc/PID/maps names it, owned; NULL: null */
	char *build_id;			/* with in_module: hex, owned; NULL: null */
	uint64_t module_offset;		/* with in_module: the pc less the module's load bias */
	char *file;			/* the pc's source file, owned; NULL: "file" and "line" absent */
	int line;
	struct inlined_record *inlined;	/* [n_inlined], owned; "inlined" only when n_inlined > 0 */
	int n_inlined;
	bool has_offset;		/* false: "offset" is null */
	bool in_module;			/* the pc lies in an ELF file read: "build_id", "module_offset" */
	bool jit;			/* anonymous executable memory: "jit": true; absent otherwise */
};

/* A call's creation stack: "stack" and "stack_error". */
struct stack_record {
	struct frame_record **frames;	/* [n_frames], innermost first, each a reference owned */
	int n_frames;
	bool walked;			/* false: "stack" is null */
	char *error;			/* why it is null or ends early, owned; NULL: "stack_error" absent */
};

/* A frame with one reference, the caller's, and nothing else known. */
struct frame_record *frame_record_new(uint64_t pc);
/* Another reference to f; f itself. */
struct frame_record *frame_record_ref(struct frame_record *f);
/* Drops a reference to f (may be NULL); the last frees it. */
void frame_record_unref(struct frame_record *f);
/* Appends a call inlined at f's pc (copies of function and file). */
void frame_record_add_inlined(struct frame_record *f, const char *function, const char *file, int line);
/* The frame as a "stack[]" entry, tracee bytes through json_bytes_new(); the caller owns it. */
json_t *frame_record_json_new(const struct frame_record *f);
/* Appends f to s->frames, taking the reference. */
void stack_record_add(struct stack_record *s, struct frame_record *f);
/* Frees what s holds (frames, error) and leaves it empty: "stack": null. */
void stack_record_release(struct stack_record *s);
/* s as "stack": its frames, or null if it was not walked; the caller owns it. */
json_t *stack_record_json_new(const struct stack_record *s);

struct call_record {
	int id;
	int task;			/* id of the caller */
	int child;			/* id of the created task; 0: null */
	int ns_type;			/* setns: NS_TYPE_PIDFD, NS_TYPE_UNKNOWN (null) or an enum ns_kind */
	uint64_t time_ns;
	struct ct_call dc;		/* the decoded call, owned (call_release()) */

	/* what the tracer adds */
	enum call_result result;
	int err;			/* CALL_RESULT_ERRNO */
	long long value;		/* CALL_RESULT_VALUE */
	unsigned read;			/* READ_* */
	int32_t pidfd_value, parent_tid_value, child_tid_value;
	uint64_t ns_inode;		/* setns with a namespace fd: its inode; 0: absent */
	char *cgroup_path;		/* what the fd named; NULL: unreadable (null) */
	uint64_t *joined;		/* [NS_COUNT] with has_joined, owned: the namespaces it moved to; 0: absent */
	int *made;			/* [NS_COUNT] by namespace kind (never *_for_children), owned:
					   the namespaces it made, "made": -1 none, 0 one never
					   read (null), else its number ("mnt:2"); NULL: absent */
	struct stack_record stack;	/* with has_stack: the frames and stack_error, owned */
	enum decoded_from decoded_from;
	unsigned args_lost;		/* argument positions lost at the event stop */
	bool decoded;			/* false: nothing decodable, "syscall": "unknown" */
	bool has_cgroup_path;		/* clone3 with a cgroup fd */
	bool has_ns_type;		/* setns */
	bool has_joined;		/* setns that worked */
	bool has_stack;			/* --stack on a creating call */
	bool untraced_overridden;
	bool flags_lost;
};

/* A call record with only id, time and task: the rest forgotten (a restarted call). */
void call_record_reset(struct call_record *r);
void call_record_release(struct call_record *r);
/* The call as its "calls[]" entry; the caller owns the result. */
json_t *call_record_json_new(const struct call_record *r);
/*
 * The decoder's part alone: "syscall", "arch", "nr", "flags", "flags_value",
 * "exit_signal", "args", "violates" (execve's too, which the trace keeps in
 * tasks[].execs instead).  NULL if c is not a decoded call.
 */
json_t *call_json_new(const struct ct_call *c);

/* A successful execve (execs[]) or a failed one (exec_failures[]). */
struct exec_record {
	uint64_t time_ns;
	char *path;			/* as the program passed it, owned; NULL: null */
	json_t *argv;			/* array of strings, a reference owned; NULL: null */
	int old_tid;			/* execs[]: the tid before the exec */
	int err;			/* exec_failures[]: the errno; 0 in execs[] */
	bool at;			/* execveat: dirfd and flags follow */
	int dirfd;
	uint32_t at_flags;
	char *fd_path;			/* what dirfd named, owned; NULL: absent */
	bool argv_truncated;
};

/* Appends a copy of x (taking its path and argv) to *v of *n. */
void exec_record_add(struct exec_record **v, int *n, struct exec_record x);
void exec_records_free(struct exec_record *v, int n);

struct exit_record {
	enum exit_kind kind;
	int val;			/* the code, or the signal number */
	bool core;
};

/* A name a task had, from when, and what gave it ("start", "prctl", "execve", ...). */
struct name_record {
	char comm[16];
	uint64_t time_ns;
	const char *via;		/* static text */
	bool unread;			/* "comm": null: the name was never read */
};

/*
 * The container a task is in: its cgroup path names it, or a runtime's
 * command line does (the task is in a cgroup of its own, not that
 * runtime task's).  docs/trace-format.md, "container".
 */
struct container_record {
	const char *runtime, *id;	/* tracee bytes */
	const char *pod;		/* a Kubernetes pod's UID; NULL: absent */
	int runtime_task;		/* id of the runtime's task that named it; 0: the cgroup path did */
};

/* A task as its "tasks[]" entry; ids are 0 for null. */
struct task_record {
	int id, tid, tgid;
	bool thread;
	int parent, creator, call;
	const char *comm;		/* NULL: null (not read) */
	const struct name_record *names;	/* "names" only when n_names > 0 */
	int n_names;
	const char *exe;		/* NULL: null */
	json_t *argv;			/* array of strings; NULL: null */
	uint64_t start_ns, end_ns;
	bool ended;			/* end_ns is null otherwise */
	struct exit_record exit;
	const struct ct_arch *arch;	/* whose signal names "exit" uses */
	const uint64_t *ns;		/* [NS_COUNT] inodes; 0: absent */
	const int *ns_num;		/* [NS_COUNT] each one's instance, its number among
					   its kind's ("ns_inst": "pid:3"); 0: absent */
	const int *nspid;
	int n_nspid;
	const char *cgroup;		/* /proc/TID/cgroup as read; NULL: null (never read) */
	const struct container_record *container;	/* NULL: absent */
	const int *res;			/* [R_COUNT] instance numbers */
	unsigned shares_unknown;	/* bit k: "shares_unknown" lists kind k */
	const struct exec_record *execs, *exec_failures;
	int n_execs, n_exec_failures;	/* "exec_failures" only when n_exec_failures > 0 */
	bool escaped, pre_existing;
	const char *follow_via;		/* followed with syscall stops: why; NULL: absent */
	uint64_t follow_since_ns;
	int follow_filter;		/* id of the task whose filter it has */
};

json_t *task_record_json_new(const struct task_record *t);
json_t *exit_json_new(const struct exit_record *x, const struct ct_arch *a);

enum trace_mode { MODE_SECCOMP, MODE_SYSCALL, MODE_ATTACH, MODE_ATTACH_SYSCALL, MODE_LIGHT, MODE_EBPF, MODE_SYSTEM };

struct meta_record {
	const char *host_arch, *kernel;	/* uname(2) */
	const struct ct_arch *tracer_arch;
	char *const *argv;		/* the command as given */
	int argc;
	json_t *argv_more;		/* appended to argv (attach: the root's); may be NULL */
	enum trace_mode mode;
	const pid_t *attached;		/* MODE_ATTACH*: the pids given */
	int n_attached;
	struct timespec start;		/* CLOCK_REALTIME */
	uint64_t duration_ns;
	bool complete;
	bool has_exit;			/* exit is null otherwise */
	struct exit_record exit;
	json_t *notes;			/* array of strings */
	/* clonetrace's own work until the trace is written: CPU of all its threads, and ptrace stops */
	bool has_cost;
	uint64_t cpu_user_ns, cpu_sys_ns;
	unsigned long stops;
	uint64_t lost_events;		/* MODE_EBPF, MODE_SYSTEM: "lost_events", the probes' events the ring buffer dropped */
};

json_t *meta_record_json_new(const struct meta_record *m);
/* "files:1", the instance as "shares" and "resources" name it. */
void resource_id(char *buf, size_t n, enum res_kind k, int inst);

/* A namespace instance, a "namespaces[]" record (docs/trace-format.md). */
struct ns_record {
	enum ns_kind kind;		/* never a *_for_children one */
	int num;			/* among its kind's: "id" "mnt:2" */
	uint64_t inode;
	uint64_t kid;			/* the kernel's namespace id, "ns_id"; 0: null */
	uint64_t time_ns;		/* first seen */
	int call;			/* the call that made it; 0: null */
	int task;			/* the task first seen in it, or the one an unseen call moved */
	bool unseen;			/* "unseen": true */
};

/* "pid:3", a namespace instance as "ns_inst", "made" and "namespaces" name it (k: its own kind). */
void ns_instance_id(char *buf, size_t n, enum ns_kind k, int num);
json_t *ns_record_json_new(const struct ns_record *r);

/*
 * The document, one record a line: doc_begin() writes the header and meta
 * and opens "tasks"; doc_item() each record; doc_next() closes an array and
 * opens the next ("calls", then "resources"); doc_end() closes it all.
 * Each takes the reference to v.  emit() returns 0, or -1 to fail the rest.
 */
struct doc_out {
	int (*emit)(const char *buf, size_t n, void *ctx);
	void *ctx;
	int err;			/* the first errno; 0 while all is well */
	size_t n_items;			/* in the array open now */
	size_t n_tasks;			/* in the resource open now */
};
void doc_begin(struct doc_out *o, json_t *meta);
void doc_item(struct doc_out *o, json_t *v);
/*
 * A resources[] record, {"id": "files:1", "kind": "files", "tasks": [...]},
 * as an item: doc_resource_begin(), doc_resource_task() for each task id,
 * doc_resource_end().  The ids are written as they come: a resource that
 * 100,000 threads share needs no array of them in memory.
 */
void doc_resource_begin(struct doc_out *o, enum res_kind k, int inst);
void doc_resource_task(struct doc_out *o, int task);
void doc_resource_end(struct doc_out *o);
void doc_next(struct doc_out *o, const char *array);
void doc_end(struct doc_out *o);

#endif
