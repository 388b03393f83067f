/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_EBPF_PROBES_H
#define CLONETRACE_TRACER_EBPF_PROBES_H

/* The probes loaded and attached with libbpf (probes.c), and their ring buffer. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "base/check.h"

struct probes;

/*
 * Loads and attaches probe.bpf.c (follow_all: every user task on the host
 * but those of process self; debug: libbpf's own messages on stderr).
 * Events go to handle(ctx, data, size).  NULL with one line about what is
 * missing in err (n bytes) when the kernel or clonetrace's privileges
 * can't run them.
 */
struct probes *probes_open(bool follow_all, pid_t self, bool debug, int (*handle)(void *ctx, void *data, size_t size),
			   void *ctx, char *err, size_t n);
/* tid is followed from now on (the command's process, before it runs). */
int probes_follow(struct probes *p, pid_t tid) CT_MUST_CHECK;
/* An fd that poll(2) finds readable when events wait. */
int probes_fd(const struct probes *p);
/* Hands every event waiting to handle(); -1 (errno) on an error. */
int probes_consume(struct probes *p) CT_MUST_CHECK;
/* Events the ring buffer had no room for, so far. */
uint64_t probes_lost(const struct probes *p);
void probes_close(struct probes *p);

#endif
