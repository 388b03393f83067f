/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EBPF_EVENTS_H
#define CLONETRACE_TRACER_EBPF_EVENTS_H

/*
 * The probes' events made records (events.c): each creating call decoded
 * with decode/ from the creator's registers and the clone_args bytes the
 * probe copied, its child with the kernel's own namespaces and pids, each
 * execve, rename and exit, into the tracer's records (task.c, model/) as
 * the ptrace modes fill them.
 */

#include <stddef.h>
#include <stdint.h>

struct events;
struct tracer;

struct events *events_new(struct tracer *tr);
/* The ring buffer's callback: one event (ctx is the struct events). */
int events_handle(void *ctx, void *data, size_t size);
/* At the end: renames still held back (an execve's own might follow) are recorded. */
void events_settle(struct events *ev);
/* Tasks that came with no event of their creation (lost, or made before they were followed). */
unsigned events_unknown_creators(const struct events *ev);
void events_free(struct events *ev);

#endif
