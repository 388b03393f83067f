/* SPDX-License-Identifier: MIT */
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
 *
 * waitpid(-1) walks the tracer's list of tracees until it finds one with
 * news, newest first: with thousands alive, a stop of an old task (the
 * creator of them all) costs a walk of thousands.  So when the loop knows
 * which task stops next (a creator resumed into its clone, a new task not
 * yet seen), it waits for that tid alone, which the kernel finds at once.
 * The reader thread is also the watchdog of such waits: one that lasts
 * WATCH_TICKS ticks is interrupted (SIGURG to the main thread, whose
 * handler does nothing), and so is an idle wait (held tasks, below).
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

	/* the watchdog (wait.c): the main thread's current wait, seen by the reader */
	struct sigaction old_urg;	/* SIGURG's disposition at start */
	pid_t main_tid;
	unsigned wait_gen;		/* counts the main thread's blocking waits */
	int wait_kind;			/* WATCH_* of the one under way, WATCH_NONE if none */
	unsigned kicked_gen;		/* the last wait the watchdog interrupted */
};

/* Kinds of blocking wait the watchdog interrupts after WATCH_TICKS ticks of WATCH_TICK_MS. */
enum { WATCH_NONE, WATCH_ANY, WATCH_EXPECT, WATCH_IDLE };
#define WATCH_TICK_MS 50
#define WATCH_TICKS 3

/*
 * Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGCHLD and SIGURG and opens a signalfd of
 * the first four, ignores SIGPIPE (a closed reader of the trace is an
 * error to report, not a death) and catches SIGURG (the watchdog's).
 * Call it first.  0, or -1 (errno).
 */
int wait_sig_take(struct sigstate *s);
/* In a child before execve: the mask and SIGPIPE and SIGURG dispositions clonetrace was started with. */
void wait_sig_restore_for_exec(const struct sigstate *s);
/* A terminating signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT) already received, else 0; never blocks. */
int wait_sig_pending(struct sigstate *s);
void wait_sig_release(struct sigstate *s);

/* What wait_next() found. */
enum wait_result { WAIT_STOP, WAIT_SIGNAL, WAIT_NONE, WAIT_ERROR, WAIT_IDLE };

/*
 * The next stop (tid, status) or a terminating signal (s->last), whichever
 * comes first; WAIT_NONE when no tracee is left.  A stop collected is
 * always returned.  With idle, WAIT_IDLE when nothing came for
 * WATCH_TICKS ticks (HELD_IDLE_MS or more).  With expect > 0, the task
 * expected to stop next: its stop is waited for first.
 */
enum wait_result wait_next(struct sigstate *s, bool idle, pid_t expect, pid_t *tid, int *status);
/*
 * tid's stop or death if it is there already (tid, status), else 0; never
 * blocks.  Never the doorbell's, which a dead task's tid may have become.
 */
pid_t wait_probe(const struct sigstate *s, pid_t tid, int *status);
/*
 * The next stop only, WAIT_IDLE after idle_ms without one; WAIT_SIGNAL
 * when another signal rang (left queued for wait_next()).
 */
enum wait_result wait_timed(struct sigstate *s, int idle_ms, pid_t *tid, int *status);

#endif
