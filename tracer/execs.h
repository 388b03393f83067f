/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EXECS_H
#define CLONETRACE_TRACER_EXECS_H

/*
 * A task's execve calls (execs.c): tasks[].execs for each that worked, at
 * its exec event, and tasks[].exec_failures for each that failed, at its
 * exit stop; the call itself is t->pending_exec, decoded at its entry.
 */

#include <sys/types.h>

struct task;
struct tracer;

/* At the execveat's entry, while its fds are still open: what its dirfd names. */
void execs_entry(struct task *t);
/* The execve seen at t's seccomp or entry stop failed with err. */
void execs_failed(struct tracer *tr, struct task *t, int err);
/* t's exec event (its tid before: old_tid): its new program, name, argv and memory. */
void execs_event(struct tracer *tr, struct task *t, pid_t old_tid);

#endif
