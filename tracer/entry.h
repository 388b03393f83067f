/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_ENTRY_H
#define CLONETRACE_TRACER_ENTRY_H

#include <stdbool.h>
#include <stdint.h>

struct call;
struct ct_arch;
struct ct_call;
struct task;
struct tracer;

/*
 * Decodes the call t entered and starts its record (the call in flight);
 * NULL when nothing is recorded (not decodable, or an execve, kept in
 * t->pending_exec until its exec event).  dc is filled for entry_finish().
 */
struct call *entry_start(struct tracer *tr, struct task *t, const struct ct_arch *a,
			 uint64_t nr, const uint64_t *args, struct ct_call *dc);
/* Does building the record need the caller still stopped? */
bool entry_needs_stop(const struct tracer *tr, const struct ct_call *dc);
/* Builds the rest of c's record from dc (released). */
void entry_finish(struct tracer *tr, struct task *t, struct call *c, const struct ct_arch *a,
		  struct ct_call *dc);
/* entry_start() and entry_finish() in one, the caller stopped throughout. */
void entry_record(struct tracer *tr, struct task *t, const struct ct_arch *a, uint64_t nr,
	      const uint64_t *args);
/* Attached or light: the call t made, decoded from its registers at the clone event. */
struct call *entry_from_regs(struct tracer *tr, struct task *t);

#endif
