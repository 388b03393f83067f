/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_MODEL_H
#define CLONETRACE_TRACER_MODEL_H

/*
 * The sharing and namespace model: what a task holds, derived from the
 * calls' flags, with /proc read only where flags can't tell.
 */

#include <stdbool.h>
#include <sys/types.h>

struct call;
struct ct_call;
struct task;
struct tracer;

void model_root(struct tracer *tr, struct task *t);
void model_call_extras(struct tracer *tr, struct task *t, struct call *c, const struct ct_call *dc);
void model_readback(struct tracer *tr, struct task *t, struct call *c);
void model_link(struct tracer *tr, struct task *child);
void model_exec(struct tracer *tr, struct task *t, pid_t old_tid);
void model_exec_failed(struct tracer *tr, struct task *t, int err);
void model_exec_seen(struct task *t);
void model_unshare_setns(struct tracer *tr, struct task *t, struct call *c);
void model_escaped(struct tracer *tr, struct task *t, struct call *c, pid_t value);
bool call_creates_task_sysc(int sysc);
void model_orphan(struct tracer *tr, struct task *t);
void model_finish(struct tracer *tr);

#endif
