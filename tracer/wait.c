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

int sig_take(struct sigstate *s)
{
	struct sigaction ign;
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
	if (sigprocmask(SIG_BLOCK, &set, &s->old_mask) < 0)
		return -1;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &s->old_pipe);
	s->fd = signalfd(-1, &s->taken, SFD_NONBLOCK | SFD_CLOEXEC);
	return s->fd < 0 ? -1 : 0;
}

void sig_restore_for_exec(const struct sigstate *s)
{
	sigaction(SIGPIPE, &s->old_pipe, NULL);
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
int sig_pending(struct sigstate *s)
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

	for (;;) {
		if (poll(&p, 1, -1) < 0 || !read_fd(s->fd, &r))
			continue;
		pthread_mutex_lock(&s->lock);
		if (s->n_queued < SIG_QUEUE)
			s->queue[s->n_queued++] = r;
		pthread_mutex_unlock(&s->lock);
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

void sig_release(struct sigstate *s)
{
	if (s->threaded) {
		pthread_cancel(s->thread);
		pthread_join(s->thread, NULL);
		s->threaded = false;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
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

		if (t > 0 && is_doorbell(s, t))
			return WAIT_SIGNAL;
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

enum wait_result tracer_wait(struct sigstate *s, int idle_ms, pid_t *tid, int *status)
{
	start_reader(s);
	/* queued: a word in memory, no syscall; the signalfd now and then */
	if (s->threaded ? __atomic_load_n(&s->n_queued, __ATOMIC_ACQUIRE) > 0 :
	    ++s->streak % STOPS_BETWEEN_SIGNAL_CHECKS == 0)
		if (sig_pending(s))
			return WAIT_SIGNAL;
	for (;;) {
		enum wait_result w;
		pid_t t;

		if (idle_ms > 0 || !s->threaded) {
			w = wait_timed(s, idle_ms > 0 ? idle_ms : 100, tid, status);
			if (w == WAIT_IDLE && idle_ms <= 0) {
				if (sig_pending(s))
					return WAIT_SIGNAL;
				continue;
			}
		} else {
			t = waitpid(-1, status, __WALL);
			if (t < 0)
				w = errno == ECHILD ? WAIT_NONE : errno == EINTR ? WAIT_IDLE : WAIT_ERROR;
			else if (is_doorbell(s, t))
				w = WAIT_SIGNAL;
			else
				w = WAIT_STOP, *tid = t;
			if (w == WAIT_IDLE)
				continue;
		}
		if (w != WAIT_SIGNAL)
			return w;
		/* the doorbell: its signal may have been taken already */
		if (sig_pending(s))
			return WAIT_SIGNAL;
	}
}
