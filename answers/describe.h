/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_ANSWERS_DESCRIBE_H
#define CLONETRACE_ANSWERS_DESCRIBE_H

/* Words for tasks and calls, shared by the pictures and `clonetrace show`. */

#include "answers/esc.h"
#include "format/trace.h"

/* Longest comm, exe and argument kept in a label, and any value kept in a tooltip. */
#define LABEL_MAX 64
#define TOOLTIP_MAX 1024

/* The call's flags in short form: "thread", "fork|NEWPID", "VM|FILES"; "" without flags. */
void describe_flags(struct sbuf *b, const struct tr_call *c, enum esc how);
/* The syscall and its short flags: "clone3 thread", "vfork", "unshare NEWNS". */
void describe_call_short(struct sbuf *b, const struct tr_call *c, enum esc how);
/* strace-like: clone3(flags=CLONE_VM|..., exit_signal=SIGCHLD, stack=0x...) = 1236 */
void describe_call_line(struct sbuf *b, const struct tr_call *c, enum esc how);
/* A failed call: "clone3 thread = -1 EINVAL; breaks: ..." (lines in a label). */
void describe_failed(struct sbuf *b, const struct tr_call *c, enum esc how);
/* "exit 0", "killed by SIGKILL (core dumped)", "alive at the end" ... */
void describe_exit(struct sbuf *b, const struct tr_task *k, enum esc how);
/* The exit deserves attention: a signal, or a non-zero code. */
bool describe_exit_bad(const struct tr_task *k);
/* argv with arguments quoted where a shell would need it. */
void describe_argv(struct sbuf *b, struct tr_strings argv, enum esc how, size_t max);
/* One line per frame, each after indent: "#0 0x401136 spawn_one+0x1a (/path/a.out)". */
void describe_stack(struct sbuf *b, const struct tr_call *c, enum esc how, const char *indent);
/* Everything known of a call, for a tooltip: the line, time, task, rules broken, stack. */
void describe_call(struct sbuf *b, const struct trace *t, int call, enum esc how);
/* Everything known of a task, for a tooltip. */
void describe_task(struct sbuf *b, const struct trace *t, int task, enum esc how);
/* "task 3 (tid 1236)" */
void describe_task_ref(struct sbuf *b, const struct trace *t, int task);
/*
 * A namespace instance (tr_task.ns, tr_call.made) as its inode, "#2" after
 * it for the second namespace of the trace the kernel gave that inode; "?"
 * for none.
 */
void describe_namespace(struct sbuf *b, const struct trace *t, long long v);

#endif
