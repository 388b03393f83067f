/* SPDX-License-Identifier: MIT */
/*
 * stopcost - what one ptrace stop costs on this kernel, with a tracer that
 * does nothing but resume (bench/README.md, "per-stop breakdown").
 *
 *   stopcost [-n CALLS] [-c CPU]
 *
 * Forks a child that makes CALLS raw getppid(2) calls (default 200000),
 * timed three ways: untraced; traced with PTRACE_SYSCALL (two stops per
 * call: entry and exit, each resumed at once); and traced with PTRACE_CONT
 * (attached, no stops).  Prints the wall time of each and the cost per stop:
 * (syscall-stopped - attached) / (2 * CALLS).  With -c CPU the tracer and
 * the child are both pinned to CPU (no cross-CPU wakeups); without it the
 * scheduler places them.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum how { UNTRACED, ATTACHED, STOPPED };

/* One run: wall time, and CPU time of the tracer and of the child (seconds). */
struct cost {
	double wall, tracer, child;
};

static double tv(struct timeval t)
{
	return t.tv_sec + t.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void child(long n)
{
	raise(SIGSTOP);
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	_exit(0);
}

static struct cost run(enum how how, long n)
{
	int st;
	pid_t c = fork();
	double t0;
	struct rusage self0, self1, ch;
	struct cost k;

	if (c < 0)
		err(1, "fork");
	if (c == 0)
		child(n);
	if (waitpid(c, &st, WSTOPPED) < 0)
		err(1, "waitpid");
	if (how != UNTRACED &&
	    ptrace(PTRACE_SEIZE, c, 0, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL) < 0)
		err(1, "PTRACE_SEIZE");
	getrusage(RUSAGE_SELF, &self0);
	t0 = now();
	kill(c, SIGCONT);
	for (;;) {
		pid_t t = wait4(c, &st, __WALL, &ch);

		if (t < 0)
			err(1, "waitpid");
		if (WIFEXITED(st) || WIFSIGNALED(st))
			break;
		/* group stop / SIGCONT delivery / syscall stops: resume */
		int sig = WSTOPSIG(st);
		int inj = (st >> 16) || sig == (SIGTRAP | 0x80) || sig == SIGCONT ? 0 : sig;
		if (ptrace(how == STOPPED ? PTRACE_SYSCALL : PTRACE_CONT, t, 0, inj) < 0)
			err(1, "ptrace resume");
	}
	k.wall = now() - t0;
	getrusage(RUSAGE_SELF, &self1);
	k.tracer = tv(self1.ru_utime) + tv(self1.ru_stime) - tv(self0.ru_utime) - tv(self0.ru_stime);
	k.child = tv(ch.ru_utime) + tv(ch.ru_stime);
	return k;
}

int main(int argc, char **argv)
{
	long n = 200000;
	int opt, cpu = -1;

	while ((opt = getopt(argc, argv, "n:c:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtol(optarg, NULL, 10);
			break;
		case 'c':
			cpu = (int)strtol(optarg, NULL, 10);
			break;
		default:
			fprintf(stderr, "usage: stopcost [-n CALLS] [-c CPU]\n");
			return 2;
		}
	}
	if (n <= 0)
		errx(2, "-n needs a positive count");
	if (cpu >= 0) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		if (sched_setaffinity(0, sizeof set, &set) < 0)
			err(1, "sched_setaffinity");
	}
	struct cost u = run(UNTRACED, n), a = run(ATTACHED, n), s = run(STOPPED, n);
	double per = 1e6 / (2.0 * n);

	printf("%ld getppid%s: wall untraced %.3f s, attached %.3f s, syscall-stopped %.3f s\n",
	       n, cpu >= 0 ? " (one CPU)" : "", u.wall, a.wall, s.wall);
	printf("per stop: wall %.2f us; CPU %.2f us in the tracer + %.2f us in the stopped task\n",
	       (s.wall - a.wall) * per, s.tracer * per, (s.child - a.child) * per);
	return 0;
}
