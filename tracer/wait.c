/* SPDX-License-Identifier: MIT */
/*
 * Waiting for the next thing to do (see wait.h).  Signals are only ever
 * taken here, between two stops, never in the middle of handling one.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdbool.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "tracer/wait.h"

/* Stops returned in a row before the queue is looked at anyway. */
#define STOPS_BETWEEN_SIGNAL_CHECKS 64
/* An idle wait without the reader thread (sigtimedwait), as long as the watchdog's. */
#define IDLE_MS (WATCH_TICK_MS * (WATCH_TICKS - 1))

/*
 * SIGURG's handler: being called is its work, a wait ends with EINTR.  It
 * is unblocked only for that wait: no other syscall of clonetrace's (a
 * write to a pipe) can be cut short by it.
 */
static void on_kick(int sig)
{
	(void)sig;
}

int wait_sig_take(struct sigstate *s)
{
	struct sigaction ign, kick;
	sigset_t set;

	memset(s, 0, sizeof(*s));
	s->fd = -1;
	pthread_mutex_init(&s->lock, NULL);
	sigemptyset(&s->taken);
	sigaddset(&s->taken, SIGINT);
	sigaddset(&s->taken, SIGTERM);
	sigaddset(&s->taken, SIGHUP);
	sigaddset(&s->taken, SIGQUIT);
	set = s->taken;
	/* blocked, so that it is pending for sigtimedwait() (idle waits) */
	sigaddset(&set, SIGCHLD);
	/* the watchdog's: blocked except in the waits it looks after */
	sigaddset(&set, SIGURG);
	if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) < 0)
		return -1;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &s->old_pipe);
	/* no SA_RESTART: the watchdog's kick ends the main thread's waitpid */
	memset(&kick, 0, sizeof(kick));
	kick.sa_handler = on_kick;
	sigemptyset(&kick.sa_mask);
	sigaction(SIGURG, &kick, &s->old_urg);
	s->main_tid = gettid();
	s->fd = signalfd(-1, &s->taken, SFD_NONBLOCK | SFD_CLOEXEC);
	return s->fd < 0 ? -1 : 0;
}

void wait_sig_restore_for_exec(const struct sigstate *s)
{
	sigaction(SIGPIPE, &s->old_pipe, NULL);
	sigaction(SIGURG, &s->old_urg, NULL);
	sigprocmask(SIG_SETMASK, &s->old_mask, NULL);
}

static void take(struct sigstate *s, const struct sig_read *r)
{
	s->last = r->signo;
	s->last_code = r->code;
	s->last_pid = r->pid;
}

/* One signal from the fd into *r; false if none is there. */
static bool read_fd(int fd, struct sig_read *r)
{
	struct signalfd_siginfo si;

	if (read(fd, &si, sizeof(si)) != sizeof(si))
		return false;
	*r = (struct sig_read){ (int)si.ssi_signo, si.ssi_code, (pid_t)si.ssi_pid };
	return true;
}

/* The oldest signal the reader queued, into s->last; false if none. */
static bool dequeue(struct sigstate *s)
{
	bool got = false;

	pthread_mutex_lock(&s->lock);
	if (s->n_queued) {
		take(s, &s->queue[0]);
		memmove(s->queue, s->queue + 1, --s->n_queued * sizeof(s->queue[0]));
		got = true;
	}
	pthread_mutex_unlock(&s->lock);
	return got;
}

/*
 * One signal is taken per call, so a second ^C is seen as a second signal.
 */
int wait_sig_pending(struct sigstate *s)
{
	struct sig_read r;

	if (s->threaded)
		return dequeue(s) ? s->last : 0;
	if (s->fd < 0 || !read_fd(s->fd, &r))
		return 0;
	take(s, &r);
	return s->last;
}

static char doorbell_stack[16384] __attribute__((aligned(16)));

static int doorbell_child(void *arg)
{
	(void)arg;
	_exit(0);
}

/*
 * Once a tick: a wait of the main thread's that the watchdog looks after,
 * the same one for WATCH_TICKS ticks in a row, is interrupted.
 */
static void watch(struct sigstate *s, unsigned *seen, int *ticks)
{
	int kind = __atomic_load_n(&s->wait_kind, __ATOMIC_ACQUIRE);
	unsigned gen = __atomic_load_n(&s->wait_gen, __ATOMIC_ACQUIRE);

	if (kind == WATCH_NONE || kind == WATCH_ANY || gen != *seen) {
		*seen = gen;
		*ticks = 0;
		return;
	}
	if (++*ticks < WATCH_TICKS)
		return;
	*ticks = 0;
	__atomic_store_n(&s->kicked_gen, gen, __ATOMIC_RELEASE);
	tgkill(getpid(), s->main_tid, SIGURG);
}

/*
 * The reader: every signal goes to the queue, and a doorbell child makes
 * the main thread's waitpid return.  Its pid is in s->doorbell (written by
 * the kernel, CLONE_PARENT_SETTID) before it can exit; CLONE_VFORK holds
 * the reader until it has, so one stack serves every doorbell.  A second
 * doorbell waits until the main thread has reaped the first (and set
 * s->doorbell back to 0): two unreaped ones could not both be told from
 * tracees, and a signal queued meanwhile is seen at the next wait.
 */
static void *reader(void *arg)
{
	struct sigstate *s = arg;
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	struct sig_read r;
	unsigned seen = 0;
	int ticks = 0;

	for (;;) {
		int n = poll(&p, 1, WATCH_TICK_MS);

		if (n == 0)
			watch(s, &seen, &ticks);
		if (n <= 0 || !read_fd(s->fd, &r))
			continue;
		pthread_mutex_lock(&s->lock);
		if (s->n_queued < SIG_QUEUE)
			s->queue[s->n_queued++] = r;
		pthread_mutex_unlock(&s->lock);
		/* a wait for one tid alone would not see the doorbell */
		if (__atomic_load_n(&s->wait_kind, __ATOMIC_ACQUIRE) == WATCH_EXPECT) {
			__atomic_store_n(&s->kicked_gen, __atomic_load_n(&s->wait_gen, __ATOMIC_ACQUIRE),
					 __ATOMIC_RELEASE);
			tgkill(getpid(), s->main_tid, SIGURG);
		}
		if (__atomic_load_n(&s->doorbell, __ATOMIC_ACQUIRE))
			continue;
		clone(doorbell_child, doorbell_stack + sizeof(doorbell_stack),
		      CLONE_VM | CLONE_VFORK | CLONE_PARENT_SETTID | SIGCHLD, NULL, &s->doorbell);
	}
	return NULL;
}

static void start_reader(struct sigstate *s)
{
	if (s->fd < 0 || s->threaded)
		return;
	/* it inherits the mask: every signal above stays blocked in both threads */
	s->threaded = pthread_create(&s->thread, NULL, reader, s) == 0;
}

void wait_sig_release(struct sigstate *s)
{
	if (s->threaded) {
		pthread_cancel(s->thread);
		pthread_join(s->thread, NULL);
		s->threaded = false;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
	sigaction(SIGURG, &s->old_urg, NULL);
}

/* Was t (reaped) the doorbell?  Then its pid is free again, and may be a tracee's. */
static bool is_doorbell(struct sigstate *s, pid_t t)
{
	if (t != __atomic_load_n(&s->doorbell, __ATOMIC_ACQUIRE))
		return false;
	__atomic_store_n(&s->doorbell, 0, __ATOMIC_RELEASE);
	return true;
}

/*
 * With idle_ms: waitpid(WNOHANG) until it finds nothing, then sleep in
 * sigtimedwait() for SIGCHLD (blocked: every stop and death leaves it
 * pending, so one that came after the waitpid ends the sleep at once).
 */
enum wait_result wait_timed(struct sigstate *s, int idle_ms, pid_t *tid, int *status)
{
	struct timespec tick = { idle_ms / 1000, (long)(idle_ms % 1000) * 1000000 };
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		pid_t t = waitpid(-1, status, __WALL | WNOHANG);

		/* the doorbell: its signal may have been taken already (wait_next()) */
		if (t > 0 && is_doorbell(s, t)) {
			if (wait_sig_pending(s))
				return WAIT_SIGNAL;
			continue;
		}
		if (t > 0) {
			*tid = t;
			return WAIT_STOP;
		}
		if (t < 0 && errno == ECHILD)
			return WAIT_NONE;
		if (t < 0 && errno != EINTR)
			return WAIT_ERROR;
		if (sigtimedwait(&chld, NULL, &tick) < 0 && errno == EAGAIN)
			return WAIT_IDLE;
	}
}

/*
 * One blocking waitpid(pid) that the watchdog looks after (kind).  Its
 * result; with EINTR, *kicked tells whether the watchdog ended it (or it
 * was another signal's handler, or a kick meant for an earlier wait).
 */
static pid_t watched_wait(struct sigstate *s, pid_t pid, int kind, int *status, bool *kicked)
{
	unsigned gen = s->wait_gen + 1;
	bool watched = kind == WATCH_EXPECT || kind == WATCH_IDLE;
	sigset_t urg;
	pid_t t;
	int e;

	sigemptyset(&urg);
	sigaddset(&urg, SIGURG);
	__atomic_store_n(&s->wait_gen, gen, __ATOMIC_RELEASE);
	__atomic_store_n(&s->wait_kind, kind, __ATOMIC_RELEASE);
	if (watched)
		pthread_sigmask(SIG_UNBLOCK, &urg, NULL);
	t = waitpid(pid, status, __WALL);
	e = errno;
	if (watched)
		pthread_sigmask(SIG_BLOCK, &urg, NULL);
	__atomic_store_n(&s->wait_kind, WATCH_NONE, __ATOMIC_RELEASE);
	*kicked = t < 0 && e == EINTR && __atomic_load_n(&s->kicked_gen, __ATOMIC_ACQUIRE) == gen;
	errno = e;
	return t;
}

pid_t wait_probe(const struct sigstate *s, pid_t tid, int *status)
{
	pid_t t;

	/* the doorbell is wait_next()'s alone to reap (its pid may be a dead task's) */
	if (tid == __atomic_load_n(&s->doorbell, __ATOMIC_ACQUIRE))
		return 0;
	t = waitpid(tid, status, __WALL | WNOHANG);
	return t > 0 ? t : 0;
}

/* Without the reader thread: polls, and sleeps in sigtimedwait(). */
static enum wait_result wait_unthreaded(struct sigstate *s, bool idle, pid_t *tid, int *status)
{
	for (;;) {
		enum wait_result w = wait_timed(s, IDLE_MS, tid, status);

		if (w != WAIT_IDLE || idle)
			return w;
		if (wait_sig_pending(s))
			return WAIT_SIGNAL;
	}
}

enum wait_result wait_next(struct sigstate *s, bool idle, pid_t expect, pid_t *tid, int *status)
{
	bool kicked;
	pid_t t;

	start_reader(s);
	/* queued: a word in memory, no syscall; the signalfd now and then */
	if (s->threaded ? __atomic_load_n(&s->n_queued, __ATOMIC_ACQUIRE) > 0 :
	    ++s->streak % STOPS_BETWEEN_SIGNAL_CHECKS == 0)
		if (wait_sig_pending(s))
			return WAIT_SIGNAL;
	if (!s->threaded)
		return wait_unthreaded(s, idle, tid, status);
	/* it is not the doorbell: that one is never a tracee's tid */
	if (expect > 0 && (t = watched_wait(s, expect, WATCH_EXPECT, status, &kicked)) > 0) {
		*tid = t;
		return WAIT_STOP;
	}
	for (;;) {
		t = watched_wait(s, -1, idle ? WATCH_IDLE : WATCH_ANY, status, &kicked);
		if (t > 0 && !is_doorbell(s, t)) {
			*tid = t;
			return WAIT_STOP;
		}
		if (t < 0 && errno == ECHILD)
			return WAIT_NONE;
		if (t < 0 && errno != EINTR)
			return WAIT_ERROR;
		if (t < 0 && kicked && idle)
			return WAIT_IDLE;
		/* the doorbell: its signal may have been taken already */
		if (t > 0 && wait_sig_pending(s))
			return WAIT_SIGNAL;
	}
}
