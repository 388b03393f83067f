#ifndef CLONETRACE_TRACER_WAIT_H
#define CLONETRACE_TRACER_WAIT_H

/*
 * The event loop's two sources, read in one place: tracee stops (waitpid
 * with WNOHANG, drained until none is left) and signals (blocked from the
 * first instruction of `record` on and read from a signalfd), so that
 * neither a stop nor a signal is ever dropped and no handler runs in the
 * middle of the tracer's work.
 */

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

struct sigstate {
	int fd;				/* signalfd of the signals below, -1 if none */
	sigset_t taken;			/* the signals clonetrace takes from fd */
	sigset_t old_mask;		/* the mask clonetrace was started with */
	struct sigaction old_pipe;	/* SIGPIPE's disposition at start */
	int last;			/* the last signal that ended a wait, 0 none */
	int last_code;			/* its si_code: SI_USER (kill(2)), SI_KERNEL (a terminal) */
	pid_t last_pid;			/* its sender, with SI_USER or SI_QUEUE */
	unsigned long streak;		/* stops returned since the signalfd was read */
};

/*
 * Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD and opens their signalfd, and
 * ignores SIGPIPE (a closed reader of the trace is an error to report, not
 * a death).  Call it first.  0, or -1 (errno).
 */
int sig_take(struct sigstate *s);
/* In a child before execve: the mask and SIGPIPE disposition clonetrace was started with. */
void sig_restore_for_exec(const struct sigstate *s);
/* A terminating signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) already received, else 0; never blocks. */
int sig_pending(struct sigstate *s);
void sig_release(struct sigstate *s);

/* What tracer_wait() found. */
enum wait_result { WAIT_STOP, WAIT_SIGNAL, WAIT_NONE, WAIT_ERROR, WAIT_IDLE };

/*
 * The next stop (tid, status) or a terminating signal (s->last), whichever
 * comes first; WAIT_NONE when no tracee is left.  Stops already reported
 * come before signals, so a stop collected is always handled.  With
 * idle_ms > 0, WAIT_IDLE when nothing came for that long.
 */
enum wait_result tracer_wait(struct sigstate *s, int idle_ms, pid_t *tid, int *status);

#endif
