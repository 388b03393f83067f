/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_STACK_FRAME_H
#define CLONETRACE_TRACER_STACK_FRAME_H

/*
 * One frame of a creation stack as the trace gives it (frame.c): pc,
 * module, build-id and module address, the function (libdwfl's name, else
 * a Go program's pclntab's, else libunwind's, else the JIT map's), its
 * source line and inlined calls; and why a walk that stopped there ended
 * early.
 */

#include <stdbool.h>
#include <stddef.h>
#include <libunwind.h>

#include "format/record.h"

#include "tracer/stack/proc.h"
#include "tracer/stack/unwind.h"

/* libunwind's view of pc in the frame at c: its name, and whether it found unwind info. */
struct sym *frame_sym(struct sproc *p, unw_cursor_t *c, uint64_t pc, struct uarg *u);
/*
 * The frame at ip (a return address when caller is set), a new reference
 * (format/record.h); shared by the process's stacks (never change it).
 */
struct frame_record *frame_new(struct sproc *p, unw_cursor_t *c, unw_word_t ip, bool caller, struct uarg *u);
/*
 * The walk ended at ip (frame: what frame_new made of it, or NULL; sym:
 * frame_sym's): if that is not where a stack really ends, say why in why.
 */
void frame_why_end(struct sproc *p, unw_word_t ip, const struct frame_record *frame, const struct sym *sym,
		   char *why, size_t why_len);

#endif
