/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_LAUNCH_H
#define CLONETRACE_TRACER_LAUNCH_H

/* Starting the command (launch.c). */

#include <sys/types.h>

struct tracer;

/*
 * Returns the child's pid, seized and running, with the filter's state in
 * *seccomp_err: 0 installed, -1 not asked for, else the errno it failed
 * with (the child then runs under syscall stops).  -1 with errno set if
 * the command can't be started.
 */
pid_t launch(struct tracer *tr, char **argv, int *seccomp_err);

#endif
