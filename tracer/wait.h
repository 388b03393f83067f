#ifndef CLONETRACE_TRACER_WAIT_H
#define CLONETRACE_TRACER_WAIT_H

/*
 * The event loop's two sources: tracee stops and terminating signals.
 * The signals are blocked from the first instruction of `record` on and
 * read from a signalfd, never by a handler in the middle of the tracer's
 * work.  While following, the loop sleeps in one blocking waitpid(__WALL)
 * per stop, as the cheapest tracer does; a thread of clonetrace's reads
 * the signalfd meanwhile, queues what it read and rings a doorbell that
 * waitpid reports like a stop: a child of its own that exits at once.  So
 * neither a stop nor a signal is ever dropped or held up.
 */

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* A signal read from the signalfd, as the loop needs it. */
struct sig_read {
	int signo;
	int code;	/* si_code: SI_USER (kill(2)), SI_KERNEL (a terminal) */
	pid_t pid;	/* its sender, with SI_USER or SI_QUEUE */
};

#define SIG_QUEUE 16

struct sigstate {
	int fd;				/* signalfd of the signals below, -1 if none */
	sigset_t taken;			/* the signals clonetrace takes from fd */
	sigset_t old_mask;		/* the mask clonetrace was started with */
	struct sigaction old_pipe;	/* SIGPIPE's disposition at start */
	int last;			/* the last signal that ended a wait, 0 none */
	int last_code;			/* its si_code */
	pid_t last_pid;			/* its sender */
	unsigned long streak;		/* stops returned since the signalfd was read (no reader) */

	/* the reader thread (wait.c), once started */
	bool threaded;
	pthread_t thread;
	pthread_mutex_t lock;		/* guards queue and n_queued */
	struct sig_read queue[SIG_QUEUE];
	int n_queued;
	pid_t doorbell;			/* the doorbell child's pid, written before it runs */
};

/*
 * Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGCHLD and opens a signalfd of
 * the first four, and ignores SIGPIPE (a closed reader of the trace is an
 * error to report, not a death).  Call it first.  0, or -1 (errno).
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
 * comes first; WAIT_NONE when no tracee is left.  A stop collected is
 * always returned.  With idle_ms > 0, WAIT_IDLE when nothing came for
 * that long.
 */
enum wait_result tracer_wait(struct sigstate *s, int idle_ms, pid_t *tid, int *status);
/*
 * The next stop only, WAIT_IDLE after idle_ms without one; WAIT_SIGNAL
 * when another signal rang (left queued for tracer_wait()).
 */
enum wait_result wait_timed(struct sigstate *s, int idle_ms, pid_t *tid, int *status);

#endif
