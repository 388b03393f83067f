/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_WATCH_H
#define CLONETRACE_TRACER_WATCH_H

/*
 * What a task changes about itself: its name (the history in
 * task.names) and a seccomp filter of its own (the task is then followed
 * with syscall stops, as are the tasks it creates); its ptrace(2) calls,
 * which fail under clonetrace.
 */

#include <stdbool.h>
#include <stdint.h>

struct ct_arch;
struct task;
struct tracer;
struct watch;

/* The state of tr->watch: nothing noted. */
struct watch *watch_new(void);
void watch_free(struct watch *w);

/* prctl or seccomp entered by t: handled (true) or not one of them. */
bool watch_entry(struct tracer *tr, struct task *t, const struct ct_arch *a, uint64_t nr,
		 const uint64_t *args);
/* A new task created by creator inherits its filter, so its syscall stops. */
void watch_inherit(struct tracer *tr, struct task *child, const struct task *creator);
/* The syscall-exit stop of a ptrace(2) call watch_entry() saw: a failure noted once. */
void watch_exit_stop(struct tracer *tr, struct task *t, long long rval);
/* At t's exit stop (PTRACE_EVENT_EXIT): the name /proc shows then. */
void watch_exit(struct tracer *tr, struct task *t);
/* t's name is now name, set by via ("prctl", "execve", "comm"). */
void watch_rename(struct tracer *tr, struct task *t, const char *name, const char *via);
/* The same, at a time already past (names kept in time order). */
void watch_rename_at(struct tracer *tr, struct task *t, const char *name, const char *via,
		    uint64_t time_ns);

/* The filter needed no_new_privs: set-user-ID programs run without their privileges. */
void watch_no_new_privs(struct tracer *tr);
/* Says once when a set-user-ID program ran without its privileges (no_new_privs). */
void watch_setuid(struct tracer *tr, const struct task *t);

#endif
