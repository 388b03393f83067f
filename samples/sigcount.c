/* SPDX-License-Identifier: MIT */
/*
 * sigcount: counts the SIGRTMIN it is sent.  Real-time signals queue, so
 * every one sent must arrive: a tracer that attaches and detaches meanwhile
 * must not swallow one (detaching from a signal-delivery stop with no
 * signal discards it).
 *
 * Usage: sigcount [TRUTH]   (truth convention: samples/sample.h)
 * Prints "ready PID" when its handler is in place, then waits; on SIGUSR1
 * it takes what is still pending, writes the truth and exits 0.  Run bare
 * (no TRUTH), nobody will send it anything: it sends itself three SIGRTMIN
 * and the SIGUSR1, so that it does its work once and ends.
 *
 * Truth: "received" (SIGRTMIN handled), "exit" ({"code": 0}).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* also given by the Makefile */
#endif
#include <signal.h>

#include "samples/sample.h"

static volatile sig_atomic_t received, done;

static void on_rt(int sig)
{
	received++;
}

static void on_usr1(int sig)
{
	done = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t pending;
	json_t *truth;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_rt;
	sigaction(SIGRTMIN, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	truth = truth_new("sigcount");
	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	/* both blocked between the test of "done" and the wait, so none slips by */
	sigset_t both, none;
	sigemptyset(&both);
	sigaddset(&both, SIGRTMIN);
	sigaddset(&both, SIGUSR1);
	sigprocmask(SIG_BLOCK, &both, &none);
	if (argc < 2) {
		for (int i = 0; i < 3; i++)
			kill(getpid(), SIGRTMIN);
		kill(getpid(), SIGUSR1);
	}
	for (;;) {
		sigpending(&pending);
		if (done && !sigismember(&pending, SIGRTMIN))
			break;
		sigsuspend(&none);
	}
	json_object_set_new(truth, "received", json_integer(received));
	json_object_set_new(truth, "exit", json_pack("{s:i}", "code", 0));
	return truth_save(truth, argc > 1 ? argv[1] : "") ? 1 : 0;
}
