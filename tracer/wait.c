/*
 * Waiting for the next thing to do.  A ptrace stop and a tracee's death
 * both send the tracer SIGCHLD; with SIGCHLD blocked and read from a
 * signalfd, "no stop ready" (waitpid WNOHANG) followed by ppoll on the
 * signalfd can't miss one: a stop after the waitpid leaves SIGCHLD pending
 * and ppoll returns at once.  Signals are only ever read here, between two
 * stops, never in the middle of handling one.
 */
#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracer/wait.h"

/* Stops handled in a row before the signalfd is looked at anyway. */
#define STOPS_BETWEEN_SIGNAL_CHECKS 256

int sig_take(struct sigstate *s)
{
	struct sigaction ign;
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	sigemptyset(&s->taken);
	sigaddset(&s->taken, SIGINT);
	sigaddset(&s->taken, SIGTERM);
	sigaddset(&s->taken, SIGHUP);
	sigaddset(&s->taken, SIGQUIT);
	set = s->taken;
	sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) < 0)
		return -1;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &s->old_pipe);
	s->fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return s->fd < 0 ? -1 : 0;
}

void sig_restore_for_exec(const struct sigstate *s)
{
	sigaction(SIGPIPE, &s->old_pipe, NULL);
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
}

/*
 * Reads what the signalfd holds, SIGCHLD aside; the first terminating
 * signal in it (with its sender) goes to s->last, and 0 if none.  One signal
 * is taken per call, so a second ^C is seen as a second signal.
 */
int sig_pending(struct sigstate *s)
{
	struct signalfd_siginfo si;

	if (s->fd < 0)
		return 0;
	while (read(s->fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGCHLD)
			continue;
		s->last = (int)si.ssi_signo;
		s->last_code = si.ssi_code;
		s->last_pid = (pid_t)si.ssi_pid;
		return s->last;
	}
	return 0;
}

void sig_release(struct sigstate *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

enum wait_result tracer_wait(struct sigstate *s, int idle_ms, pid_t *tid, int *status)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	/* without idle_ms, a safety net only: every stop and death sends SIGCHLD */
	struct timespec tick = { 1, 0 };
	int r;

	if (idle_ms > 0)
		tick = (struct timespec){ idle_ms / 1000, (long)(idle_ms % 1000) * 1000000 };

	for (bool drained = false;;) {
		pid_t t;

		if (++s->streak % STOPS_BETWEEN_SIGNAL_CHECKS == 0 && sig_pending(s))
			return WAIT_SIGNAL;
		t = waitpid(-1, status, __WALL | WNOHANG);
		if (t > 0) {
			*tid = t;
			return WAIT_STOP;
		}
		if (t < 0 && errno == ECHILD)
			return WAIT_NONE;
		if (t < 0 && errno != EINTR)
			return WAIT_ERROR;
		s->streak = 0;
		if (!drained) {
			/*
			 * Nothing ready.  Reading the signalfd consumes the SIGCHLD
			 * of a stop that came since that waitpid: look once more
			 * before sleeping, so that only a stop after this read can
			 * be pending, and its SIGCHLD wakes ppoll.
			 */
			if (sig_pending(s))
				return WAIT_SIGNAL;
			drained = true;
			continue;
		}
		drained = false;
		r = ppoll(&p, 1, &tick, NULL);
		if (r < 0 && errno != EINTR)
			return WAIT_ERROR;
		if (r == 0 && idle_ms > 0)
			return WAIT_IDLE;
	}
}
