/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_LAUNCH_H
#define CLONETRACE_TRACER_LAUNCH_H

/* Starting the command (launch.c). */

#include <stddef.h>
#include <sys/types.h>

struct tracer;

/*
 * Returns the child's pid, seized and running, with the filter's state in
 * *seccomp_err: 0 installed, -1 not asked for, else the errno it failed
 * with (the child then runs under syscall stops).  -1 with errno set if
 * the command can't be started.
 */
pid_t launch(struct tracer *tr, char **argv, int *seccomp_err);
/*
 * execvp's search for name, done before the fork so that a typo gives one
 * clear line: its path into out (n bytes); 0, or -1 with errno set.
 */
int launch_find_program(const char *name, char *out, size_t n);

#endif
