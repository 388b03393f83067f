/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_TASK_H
#define CLONETRACE_TRACER_TASK_H

/*
 * The tracer's records (task.c): the struct tracer's life, tasks by
 * stable id and by live tid, calls, resource instances.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/check.h"
#include "names/flags.h"
#include "names/ns.h"
#include "names/res.h"

struct call;
struct ns_origin;
struct options;
struct task;
struct tracer;

/* The records of tr, empty; task_free_all() releases them. */
void task_init(struct tracer *tr);
/* Every task and call, and the tables. */
void task_free_all(struct tracer *tr);

/* A new task, known by tid if tid > 0. */
struct task *task_new(struct tracer *tr, pid_t tid);
/* The live task with tid, or NULL. */
struct task *task_by_tid(const struct tracer *tr, pid_t tid);
/* t is now known by tid (an execve by a thread gives the leader's). */
void task_set_tid(struct tracer *tr, struct task *t, pid_t tid);
/* t's tid no longer names it (it ended, or escaped). */
void task_forget(struct tracer *tr, struct task *t);
/* Tasks still followed (alive, traced), and how many of them are processes. */
size_t task_count_live(const struct tracer *tr, size_t *processes);
/* Forgets the execve t was seen entering. */
void task_pending_exec_drop(struct task *t);
/* Resumes t as its mode wants (PTRACE_SYSCALL where syscall stops are needed). */
void task_resume(struct tracer *tr, struct task *t, int how, int sig);

/*
 * t's namespace instances (model/nsinst.h) are a set shared by reference:
 * a new one is made only when ns differs from share's (its creator's, or
 * NULL) and from t's own, so that 100,000 threads keep one.  A set never
 * changes once made and lives until task_free_all().  A task not ended
 * holds its instances alive (the lifetime rule) until task_ns_end().
 */
void task_set_ns(struct tracer *tr, struct task *t, const uint64_t ns[NS_COUNT],
		 const uint64_t *share);
/* t ended: it holds its namespaces no longer. */
void task_ns_end(struct tracer *tr, struct task *t);
/*
 * ... as /proc says (0 for a kind it lacks), made by o's call where o says
 * (NULL: none); -1 if none could be read.
 */
int task_read_ns(struct tracer *tr, struct task *t, const struct ns_origin *o) CT_MUST_CHECK;
/*
 * ... the same, no call making them, but t's are kept if none could be
 * read; light and attached, an instance t is the first seen in is one an
 * unshare or setns not seen moved it to.
 */
void task_reread_ns(struct tracer *tr, struct task *t);

/* t's pids, outermost namespace first (n of them). */
void task_set_nspid(struct task *t, const int *v, int n);
/* ... as /proc says; unreadable: none, t->nspid_unread (null in the trace). */
void task_read_nspid(struct task *t);
/* /proc/TID/comm into t->comm; unreadable: empty, t->comm_unread (null in the trace). */
void task_read_comm(struct tracer *tr, struct task *t);
/*
 * /proc/TID/cgroup into t->cgroup, its text shared by all tasks alike.
 * Unreadable: kept if t had one, else null in the trace (t->cgroup_unread,
 * read again at its next stop).
 */
void task_read_cgroup(struct tracer *tr, struct task *t);
/* At a stop of a live task: what could not be read before (nspid, comm, cgroup), read again. */
void task_retry(struct tracer *tr, struct task *t);
/*
 * An exe path shared by reference (a child has its creator's until it
 * execs): a new one (or NULL), /proc/TID/exe's, another reference, let go.
 */
char *task_exe_new(const char *path);
char *task_exe_from_proc(pid_t tid);
char *task_exe_ref(char *exe);
void task_exe_unref(char *exe);

/* A new call made by t, timed now. */
struct call *task_call_new(struct tracer *tr, struct task *t);

/* A new instance of a resource kind, and t's holding of its res[k]. */
int task_res_new(struct tracer *tr, enum res_kind k);
void task_member_add(struct tracer *tr, struct task *t, enum res_kind k);

#endif
