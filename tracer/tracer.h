#ifndef CLONETRACE_TRACER_TRACER_H
#define CLONETRACE_TRACER_TRACER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <jansson.h>

#include "decode/decode.h"
#include "format/record.h"
#include "format/vocab.h"
#include "model/model.h"
#include "tracer/options.h"
#include "tracer/live.h"
#include "tracer/wait.h"

#define MAX_NSPID 33

struct call;

struct task {
	int id;
	pid_t tid, tgid;
	bool thread;
	struct task *parent, *creator;
	struct call *call;		/* the call that created it */
	char comm[16];
	char *exe;
	json_t *argv;			/* shared reference, may be NULL */
	uint64_t start_ns, end_ns;
	bool ended, escaped, pre_existing;
	enum exit_kind exit_kind;
	int exit_val;
	bool core;
	uint64_t ns[NS_COUNT];		/* 0: unknown or absent */
	int *nspid;			/* [n_nspid]: nspid_one, or allocated when nested */
	int nspid_one;
	int n_nspid;
	int res[R_COUNT];		/* instance numbers */
	struct exec_record *execs;	/* each execve that worked */
	int n_execs;
	struct exec_record *exec_failures;	/* each one that failed */
	int n_exec_failures;
	struct name_record *names;	/* once the name changed: each one it had */
	int n_names;
	const char *follow_via;		/* followed with syscall stops: "seccomp"/"prctl", or NULL */
	uint64_t follow_since_ns;
	int follow_filter;		/* id of the task whose filter it has */
	int watch_ptrace;		/* ptrace request + 1 awaiting its exit stop, 0: none */
	const char *watch_filter;	/* seccomp filter being installed, awaiting its exit stop */
	pid_t watch_ptrace_pid;

	/* tracer state */
	bool seen_stop;			/* its first stop arrived */
	bool linked;			/* creator's event processed */
	bool in_syscall;		/* syscall mode: between entry and exit */
	struct call *pending;		/* call entered, result not yet known */
	struct call *restart;		/* call that returned ERESTART*: entered again next */
	struct ct_call *pending_exec;	/* decoded execve awaiting PTRACE_EVENT_EXEC */
	char *pending_exec_fd;		/* what execveat's dirfd named at the call, or NULL */
	bool held;			/* kept in its first stop until its creator's event */
	bool orphan;			/* let go without its creator's event: creator unknown */
	pid_t held_parent;		/* attach mode: its process's parent, read when held */
};

struct call {
	int id;
	uint64_t time_ns;
	struct task *task;
	int sysc;			/* enum ct_sysc */
	uint64_t flags;
	uint64_t parent_tid_addr;	/* read back after success: CLONE_PARENT_SETTID */
	uint64_t pidfd_addr;		/* CLONE_PIDFD */
	uint64_t child_tid_addr;	/* CLONE_CHILD_SETTID, at the child's first stop */
	struct call_record rec;		/* what the trace says of it (format/record.h) */
	bool got_event;			/* PTRACE_EVENT_{CLONE,FORK,VFORK} seen */
	bool flags_lost;		/* attach mode: the flags could not be read */
	uint64_t restore_addr;		/* clone3 flags changed in tracee memory: put back */
	unsigned char restore[8];	/* the program's bytes there */
	bool done;			/* result recorded */
	bool failed;			/* ... and it was an error */
	bool inflight;			/* a creating call entered, its event or exit not yet seen */
	struct task *child;
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
	unsigned long stops;		/* counted for -d */
	struct sigstate *sig;		/* signals, read with the stops (wait.h) */
	struct live *live;		/* the -v stream (live.h) */
	size_t n_inflight;		/* calls with inflight set */
	struct task **held;		/* tasks with held set */
	size_t n_held, cap_held;
	int names_fd;			/* renames from the proc connector (names.h), -1 none */
	bool names_lost;		/* ... and some overflowed its queue */
};

uint64_t now_ns(const struct tracer *tr);
void debug(const struct options *opt, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* task.c */
int tracer_init(struct tracer *tr, const struct options *opt);
void tracer_free(struct tracer *tr);
struct task *task_new(struct tracer *tr, pid_t tid);
struct task *task_by_tid(const struct tracer *tr, pid_t tid);
void task_set_tid(struct tracer *tr, struct task *t, pid_t tid);
void task_forget(struct tracer *tr, struct task *t);
/* Tasks still followed (alive, traced), and how many of them are processes. */
size_t tasks_live(const struct tracer *tr, size_t *processes);
int res_new(struct tracer *tr, enum res_kind k);
/* Forgets the execve t was seen entering. */
void pending_exec_drop(struct task *t);
struct call *call_new(struct tracer *tr, struct task *t);
/* t's pids, outermost namespace first (n of them). */
void task_set_nspid(struct task *t, const int *v, int n);
/* ... as /proc says, or its tid alone. */
void task_read_nspid(struct task *t);
/* An exe path shared by reference (a child has its creator's): new, another reference, let go. */
char *exe_new(const char *path);
char *exe_from_proc(pid_t tid);
char *exe_ref(char *exe);
void exe_unref(char *exe);

/* procfs.c: everything clonetrace reads from /proc */
int proc_read_ns(pid_t tid, uint64_t ns[NS_COUNT]);
int proc_reread_ns(pid_t tid, uint64_t ns[NS_COUNT]);
int proc_read_nspid(pid_t tid, int *nspid, int max);
int proc_read_comm(pid_t tid, char comm[16]);
char *proc_read_exe(pid_t tid);
char *proc_fd_path(pid_t tid, int fd);
int ns_kind_of_fd(pid_t tid, int fd, uint64_t *inode);
json_t *proc_read_cmdline(pid_t pid);
long proc_status_field(pid_t tid, const char *name);
int proc_read_syscall(pid_t tid, long *nr, uint64_t args[6]);

/* mem.c */
struct ct_mem mem_for(pid_t *tid);
/* Blocks of one stopped task's memory, read once each while it stays stopped. */
#define MEM_BLOCK 4096
#define MEM_BLOCKS 4
struct mem_pages {
	pid_t tid;
	int n, next;
	uint64_t base[MEM_BLOCKS];
	unsigned char block[MEM_BLOCKS][MEM_BLOCK];
};
/* A reader of tid's memory through p (valid until tid runs again). */
struct ct_mem mem_paged(struct mem_pages *p, pid_t tid);
int mem_read_u32(pid_t tid, uint64_t addr, uint32_t *v);
int mem_write(pid_t tid, uint64_t addr, const void *buf, size_t len);

/* seccomp.c */
int seccomp_install(void);
uint32_t host_audit_arch(void);

/* launch.c */
pid_t launch(struct tracer *tr, char **argv, int *seccomp_ok);


int tracer_loop(struct tracer *tr);

int member_add(struct tracer *tr, struct task *t, enum res_kind k);

/* untraced.c */
void untraced_override(struct tracer *tr, struct task *t, struct call *c, const struct ct_call *dc);
void untraced_restore(struct tracer *tr, struct call *c, pid_t tid);

/* attach.c */
int attach_all(struct tracer *tr, const pid_t *pids, int n);
void detach_all(struct tracer *tr);

/* task.c: resumes t as its mode wants (PTRACE_SYSCALL where syscall stops are needed). */
void task_resume(struct tracer *tr, struct task *t, int how, int sig);

/* loop.c */
/* tasks let go without their creator's event, said once in meta.notes */
void orphans_note(struct tracer *tr);

/* output.c */
int trace_write(struct tracer *tr, int fd);

#endif
