/* SPDX-License-Identifier: MIT */
#ifndef CLONETRACE_TRACER_WAITER_H
#define CLONETRACE_TRACER_WAITER_H

/*
 * --detach-on-exit under the seccomp filter.  A task let go by its tracer
 * keeps the filter, and SECCOMP_RET_TRACE with no tracer fails its clone,
 * fork and execve with ENOSYS: a daemon let go would break at its next
 * fork.  So the process the shell waits for is not the tracer: it waits for
 * the tracer (its child) to send the command's exit status once the trace
 * is written, and exits with it; the tracer stays behind, silent, letting
 * the daemons' calls through until they end.
 */

struct sigstate;

/*
 * Splits clonetrace in two.  Returns 0 in the tracer (*status_fd is where
 * it sends the status), 1 in the waiter once the status came (*exit_status),
 * -1 if it could not split (errno).
 */
int waiter_split(struct sigstate *s, int *status_fd, int *exit_status);
/* The tracer's side: the waiter exits with status; closes fd. */
void waiter_release(int fd, int status);

#endif
