/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_CONTAINERS_H
#define CLONETRACE_TRACER_CONTAINERS_H

/*
 * The container each task is in, named when the trace is written
 * (containers.c): by its cgroup path (names/container.h), else by the
 * command line of a runtime task it descends from (runc run ID), when it
 * is in cgroups other than that task's: runc's default cgroupfs path
 * ("/ID") names nothing by itself.
 */

#include <stdbool.h>

struct container_record;
struct containers;
struct task;
struct tracer;

/* What the tasks of tr are in, new; containers_free() lets it go. */
struct containers *containers_new(const struct tracer *tr);
/* t's container into *out (its strings c's): true, or false when none is named. */
bool containers_of(struct containers *c, const struct task *t, struct container_record *out);
void containers_free(struct containers *c);

#endif
